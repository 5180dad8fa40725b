//! HTTP hostcalls through the whole dispatch pipeline: stage-1 validation
//! (INV-002: invalid requests never reach a connector), the `[http]` egress
//! policy, the tool registry (INV-001/INV-002, SLO-12), the egress corpus
//! trace, and the real sessions in ../shared/real-sessions measured against
//! the new rules.

use seclab_engine::config::load_engine_config;
use seclab_engine::hostcall::{validate_with, BuiltinTool, RequestRules};
use seclab_engine::net::{parse_url, IpSpelling};
use seclab_engine::policy::PromptHandler;
use seclab_engine::trace::read_trace;
use seclab_engine::{
    Capability, DispatchStatus, Dispatcher, EngineConfig, HostcallRequest, MockConnector, TraceRecord,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dispatch(d: &mut Dispatcher, m: &mut MockConnector, i: usize, ext: &str, params: Value) -> (DispatchStatus, String) {
    let req = HostcallRequest::new(format!("c{i}"), ext, "http", params);
    let o = d.dispatch_host_call_shared(&req, i as u64 * 1000, m);
    (o.status, o.reason.to_string())
}

#[test]
fn inv_002_issue_request_classes_never_reach_the_connector_under_the_default_config() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    let refused = [
        json!({"url": "file:///etc/passwd"}),
        json!({"url": "ftp://ftp.example.org/x"}),
        json!({"url": "data:text/plain,hi"}),
        json!({"url": "gopher://127.0.0.1:6379/_INFO"}),
        json!({"url": "http://example.com/"}),
        json!({"url": "http:///path"}),
        json!({"url": "not a url"}),
        json!({"url": "https://169.254.169.254/latest/meta-data/iam/security-credentials/"}),
        json!({"url": "https://localhost:2375/containers/json"}),
        json!({"url": "https://[fd00::1]/"}),
        json!({"url": "https://2130706433/"}),
        json!({"url": "https://0x7f.1/"}),
        json!({"url": "https://[::ffff:10.0.0.1]/"}),
        json!({"url": "https://x.example/", "method": "PATCH", "body_bytes": 10}),
        json!({"url": "https://x.example/", "method": "GET", "body": "payload"}),
        json!({"url": "https://x.example/", "method": "POST", "body_bytes": 0, "body": "a".repeat(300_000)}),
    ];
    for (i, p) in refused.iter().enumerate() {
        let (status, reason) = dispatch(&mut d, &mut m, i, "probe", p.clone());
        assert!(
            matches!(status, DispatchStatus::InvalidRequest | DispatchStatus::Denied),
            "{p}: {status:?} {reason}"
        );
        assert!(
            reason.starts_with("http_") || reason.starts_with("egress_"),
            "{p}: {reason}"
        );
    }
    assert_eq!(m.count, 0, "a refused http request reached the connector");
    // Ordinary HTTPS GET and POST to public hosts still pass.
    for (i, p) in [
        json!({"url": "https://api.github.com/repos/a/b", "method": "GET", "body_bytes": 0}),
        json!({"url": "https://registry.npmjs.org/left-pad"}),
        json!({"url": "https://api.example.com/v1/items", "method": "POST", "body_bytes": 120}),
    ]
    .into_iter()
    .enumerate()
    {
        let (status, reason) = dispatch(&mut d, &mut m, 100 + i, "good", p.clone());
        assert_eq!((status, reason.as_str()), (DispatchStatus::Ok, "ok"), "{p}");
    }
    assert_eq!(m.count, 3);
}

#[test]
fn inv_002_unregistered_tools_are_invalid_and_registered_ones_dispatch() {
    let mut m = MockConnector::recording();
    let mut d = Dispatcher::new(&EngineConfig::default());
    let req = HostcallRequest::new("c", "e", "tool", json!({"name": "str_replace_editor"}));
    let o = d.dispatch_host_call_shared(&req, 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::InvalidRequest, "unknown_tool"));
    let cfg: EngineConfig = toml::from_str(
        "[policy]\nprofile = \"permissive\"\n[tools]\nextra = [{ name = \"str_replace_editor\", capability = \"write\" }]\n",
    )
    .unwrap();
    let mut d = Dispatcher::new(&cfg);
    let o = d.dispatch_host_call_shared(&req, 0, &mut m);
    assert_eq!(o.status, DispatchStatus::Ok);
    assert_eq!(o.capability, Some(seclab_engine::Capability::Write));
    assert_eq!(m.count, 1);
    // An extension's own tool, registered when it loads.
    let own = HostcallRequest::new("c2", "e", "tool", json!({"name": "weather"}));
    let o = d.dispatch_host_call_shared(&own, 1, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::InvalidRequest, "unknown_tool"));
    d.register_tool("weather", seclab_engine::Capability::Tool)
        .expect("a new tool name registers");
    let o = d.dispatch_host_call_shared(&own, 2, &mut m);
    assert_eq!(
        (o.status, o.capability),
        (DispatchStatus::Ok, Some(seclab_engine::Capability::Tool))
    );
}

/// Every trace of corpus/http (`NAME.jsonl`, one expectation per line in
/// `NAME.expected.tsv`) replays to its expected status and reason through the
/// Dispatcher, under `NAME.toml` when the corpus has one (a config of its
/// own: `egress_host_lists` has `deny_hosts` / `allow_hosts` entries, private
/// destinations allowed and an `http` tool), else under the default config.
#[test]
fn inv_002_egress_corpus_trace_replays_to_its_expected_reasons() {
    let dir = root().join("corpus/http");
    let mut traces: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    traces.sort();
    assert!(traces.len() >= 2, "{traces:?}");
    for path in traces {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let trace = read_trace(std::io::BufReader::new(std::fs::File::open(&path).unwrap())).unwrap();
        let expected: Vec<(usize, String, String)> = std::fs::read_to_string(dir.join(format!("{stem}.expected.tsv")))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c[0].parse().unwrap(), c[1].to_string(), c[2].to_string())
            })
            .collect();
        assert_eq!(trace.len(), expected.len(), "{stem}: one expectation per trace line");
        let config = dir.join(format!("{stem}.toml"));
        let cfg = if config.exists() {
            load_engine_config(&config).unwrap_or_else(|e| panic!("{}: {e}", config.display()))
        } else {
            EngineConfig::default()
        };
        let mut d = Dispatcher::new(&cfg);
        let mut m = MockConnector::recording();
        for (i, rec) in trace.iter().enumerate() {
            let o = d.dispatch_host_call_shared(&rec.to_request(i), rec.ts_ms, &mut m);
            let (idx, status, reason) = &expected[i];
            assert_eq!(*idx, i, "{stem}");
            assert_eq!(
                (o.status.as_str(), o.reason),
                (status.as_str(), reason.as_str()),
                "{stem} line {}: {}",
                i + 1,
                rec.params
            );
            assert_eq!(o.reached_connector, status == "ok", "{stem} line {}", i + 1);
        }
    }
}

/// A prompt handler that says yes and counts the questions it was asked.
struct CountingYes(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl PromptHandler for CountingYes {
    fn ask(&mut self, _ext: &str, _cap: Capability) -> Option<bool> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Some(true)
    }
}

/// INV-002 with INV-008: an http call the egress policy refuses is refused
/// before any prompt is raised (nobody is asked about a destination no answer
/// could allow) and before the risk controller scores it; an allowed
/// destination under the prompting profile still prompts, and the prompt
/// cache is keyed by the parsed host.
#[test]
fn inv_002_egress_violations_are_refused_before_any_prompt_and_the_risk_controller() {
    // The prompting profile with `http` left out of its default capabilities:
    // every http call the policy sees is a Prompt.
    let cfg: EngineConfig = toml::from_str(
        "[policy]\nprofile = \"standard\"\ndefault_caps = [\"read\", \"write\", \"events\", \"session\"]\n",
    )
    .unwrap();
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut d = Dispatcher::new(&cfg);
    d.set_prompt_handler(Box::new(CountingYes(asked.clone())));
    let mut m = MockConnector::recording();
    for (i, url) in [
        "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://2852039166/latest/meta-data/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://localhost:2375/containers/json",
        "https://0x7f.1/",
        "https://[fd00::1]/",
        "https://10.0.0.8/",
        "https://attacker-host\\@api.github.com/",
    ]
    .into_iter()
    .enumerate()
    {
        let req = HostcallRequest::new(format!("c{i}"), "ext", "http", json!({"url": url}));
        let o = d.dispatch_host_call_shared(&req, i as u64 * 1000, &mut m);
        assert_eq!(o.status, DispatchStatus::Denied, "{url}");
        assert!(o.reason.starts_with("egress_"), "{url}: {}", o.reason);
        assert_eq!(
            o.policy.map(|p| p.decision),
            Some(seclab_engine::Decision::Prompt),
            "{url}: the profile prompts for http"
        );
        assert!(o.prompt.is_none(), "{url}: a prompt was resolved: {:?}", o.prompt);
        assert!(o.risk.is_none(), "{url}: the risk controller ran");
    }
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a prompt was raised"
    );
    assert_eq!(m.count, 0);
    // An allowed destination still prompts, once per parsed host (another
    // extension: eight refused http calls are a deny-retry loop for "ext").
    for (i, url) in [
        "https://API.GitHub.com./a",
        "https://api.github.com/b",
        "https://x.example/c",
    ]
    .into_iter()
    .enumerate()
    {
        let req = HostcallRequest::new(format!("ok{i}"), "good", "http", json!({"url": url}));
        let o = d.dispatch_host_call_shared(&req, 10_000 + i as u64 * 1000, &mut m);
        assert_eq!(o.status, DispatchStatus::Ok, "{url}: {}", o.reason);
        assert!(o.risk.is_some(), "{url}");
    }
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "api.github.com asked once (both spellings), x.example once"
    );
}

/// Every session file of ../shared/real-sessions, or None (with the reason printed).
fn real_sessions() -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/real-sessions");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("SKIPPED: {} is absent (a clone without ../shared)", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    Some(files)
}

/// One session file, read in place.
fn load(f: &PathBuf) -> (String, Vec<TraceRecord>) {
    let name = f.file_name().unwrap().to_string_lossy().to_string();
    let trace = read_trace(std::io::BufReader::new(std::fs::File::open(f).unwrap()))
        .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    (name, trace)
}

/// The stage-1 and egress verdict of one call under `rules`, as the dispatcher
/// computes it (validation, then the egress check of a valid http call).
fn stage_verdict(rec: &TraceRecord, i: usize, rules: &RequestRules) -> Option<&'static str> {
    match validate_with(&rec.to_request(i), rules) {
        Err(e) => Some(e.code()),
        Ok(v) => v
            .args
            .http
            .and_then(|h| rules.http.check_egress(&h.url).err().map(|d| d.code())),
    }
}

/// Stage-1 and egress refusals of every call of the sessions under `rules`:
/// (file, line) → (reason, call).
fn stage_refusals(files: &[PathBuf], rules: &RequestRules) -> BTreeMap<(String, usize), (String, TraceRecord)> {
    let mut out = BTreeMap::new();
    for f in files {
        let (name, trace) = load(f);
        for (i, rec) in trace.iter().enumerate() {
            if let Some(r) = stage_verdict(rec, i, rules) {
                out.insert((name.clone(), i + 1), (r.to_string(), rec.clone()));
            }
        }
    }
    out
}

fn what(rec: &TraceRecord) -> String {
    rec.params
        .get("url")
        .or_else(|| rec.params.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// The issue-16 class a refused call falls in, derived from the call itself (not
/// from the reason the engine gave), or None when it is in none of them:
/// a tool name the built-in registry does not know; an http call with a scheme
/// other than https, a URL that is missing, not a URL or has no host, a
/// non-public or metadata destination or an obfuscated IP spelling, a method
/// outside GET/HEAD/POST, a body on GET/HEAD, a body_bytes that disagrees with
/// the body.
fn issue_class(rec: &TraceRecord) -> Option<String> {
    match rec.method.trim().to_ascii_lowercase().as_str() {
        "tool" => {
            let name = rec.params.get("name").and_then(Value::as_str)?;
            BuiltinTool::parse(name)
                .is_none()
                .then(|| format!("unknown tool name `{name}`"))
        }
        "http" => {
            let Some(url) = rec.params.get("url").and_then(Value::as_str) else {
                return Some("no url".into());
            };
            let Ok(u) = parse_url(url) else {
                return Some("not a URL / no host".into());
            };
            let scheme = if u.scheme == "http" {
                "plain http"
            } else {
                u.scheme.as_str()
            };
            let method = rec
                .params
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_uppercase();
            let body = rec.params.get("body").is_some_and(|b| !b.is_null())
                || rec.params.get("body_bytes").and_then(Value::as_u64).unwrap_or(0) > 0;
            if u.scheme != "https" || !u.addr_class.is_public() || u.ip_spelling != IpSpelling::Canonical {
                Some(format!("{scheme} to {} ({})", u.addr_class, u.ip_spelling.as_str()))
            } else if !["GET", "HEAD", "POST"].contains(&method.as_str()) {
                Some(format!("method {method}"))
            } else if body && method != "POST" {
                Some(format!("body on {method}"))
            } else {
                // An https request to a public host with an allowed method: only a
                // body_bytes that disagrees with the body is an issue class.
                let declared = rec.params.get("body_bytes").and_then(Value::as_u64);
                let actual = rec.params.get("body").and_then(Value::as_str).map(|b| b.len() as u64);
                matches!((declared, actual), (Some(d), Some(a)) if d != a).then(|| "body_bytes mismatch".into())
            }
        }
        _ => None,
    }
}

/// The DEFAULT engine config with the policy opened only as far as the real
/// sessions need for their http calls to reach the egress policy. Stage 1
/// runs before the policy and the default `safe` profile allows `http`, but it
/// denies `exec`, and an agent's refused `bash` calls are a deny-retry loop
/// that quarantines it after 10 (`[risk.actions] deny_retry_quarantine`), so
/// its later http calls would end `terminated` before the egress check. Opened:
/// `[policy] allow_dangerous = true` and `exec` added to the safe profile's
/// `default_caps`. Everything else is `EngineConfig::default()`: `[http]`
/// (https only, no private destinations), `[tools]` (built-ins only), `[risk]`.
fn default_with_exec() -> EngineConfig {
    let cfg: EngineConfig = toml::from_str(
        "[policy]\nallow_dangerous = true\ndefault_caps = [\"read\", \"write\", \"http\", \"events\", \"session\", \"exec\"]\n",
    )
    .unwrap();
    let base = EngineConfig::default();
    assert_eq!(
        (&cfg.http, &cfg.tools, &cfg.risk, cfg.policy.profile.as_deref()),
        (&base.http, &base.tools, &base.risk, base.policy.profile.as_deref()),
        "only the policy is opened"
    );
    cfg
}

/// INV-002 / issue 16 "Done when": the real sessions under the default config
/// ([`default_with_exec`]). Every call goes through the real Dispatcher; a
/// refusal is an `invalid_request` (stage 1) or an `egress_*` denial. The
/// dispatcher does not run the egress check for a session the risk controller
/// terminated, so the same verdicts are also computed for every call with the
/// stage functions under the dispatcher's own rules: the two must agree on
/// every call the dispatcher judged, and every refusal of either must fall in
/// one of the issue's classes, judged from the call itself (not from the
/// reason given). The list is printed: file:line, class, reason, URL or tool.
#[test]
fn inv_002_real_sessions_are_refused_only_in_the_issue_classes() {
    let Some(files) = real_sessions() else { return };
    assert!(!files.is_empty());
    let cfg = default_with_exec();
    let (mut calls, mut http_calls) = (0usize, 0usize);
    let mut unjudged_http = Vec::new();
    let mut by_dispatch: BTreeMap<(String, usize), String> = BTreeMap::new();
    let mut rules = None;
    for f in &files {
        let (name, trace) = load(f);
        let mut d = Dispatcher::for_trace(&cfg);
        let mut m = MockConnector::counting();
        for (i, rec) in trace.iter().enumerate() {
            calls += 1;
            let o = d.dispatch_host_call_shared(&rec.to_request(i), rec.ts_ms, &mut m);
            let is_http = rec.method.trim().eq_ignore_ascii_case("http");
            http_calls += usize::from(is_http);
            let at = (name.clone(), i + 1);
            if o.status == DispatchStatus::InvalidRequest || o.reason.starts_with("egress_") {
                by_dispatch.insert(at, o.reason.to_string());
            } else if is_http
                && (o.status == DispatchStatus::Terminated
                    || o.policy.is_none_or(|p| p.decision == seclab_engine::Decision::Deny))
            {
                // Stopped before the egress check (terminated extension, policy deny).
                unjudged_http.push(format!("{name}:{} {}", i + 1, what(rec)));
            }
        }
        rules.get_or_insert_with(|| d.rules().clone());
    }
    let rules = rules.unwrap();
    let all = stage_refusals(&files, &rules);
    for (at, reason) in &by_dispatch {
        assert_eq!(
            all.get(at).map(|(r, _)| r),
            Some(reason),
            "{at:?}: the Dispatcher and the stage functions disagree"
        );
    }
    println!(
        "real sessions under the default config (policy: exec allowed): {} files, {calls} calls \
         ({http_calls} http, {} of them stopped before the egress check by a \
         terminated session and judged by the stage functions only); {} refused at stage 1 \
         or by the egress policy ({} of them by the Dispatcher)",
        files.len(),
        unjudged_http.len(),
        all.len(),
        by_dispatch.len()
    );
    for c in &unjudged_http {
        println!("    not reached by the egress check in the Dispatcher: {c}");
    }
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut outside = Vec::new();
    for ((file, line), (reason, rec)) in &all {
        match issue_class(rec) {
            Some(class) => {
                if reason != "unknown_tool" {
                    println!("    {file}:{line}  [{class}]  {reason}  {}", what(rec));
                }
                *per.entry((reason.clone(), class)).or_default() += 1;
            }
            None => outside.push(format!("{file}:{line} {reason} {}", what(rec))),
        }
    }
    for ((reason, class), n) in &per {
        println!("  {reason} [{class}]: {n}");
    }
    for ((file, line), (reason, rec)) in &all {
        if reason == "unknown_tool" {
            println!("    {file}:{line}  {}", what(rec));
        }
    }
    assert!(outside.is_empty(), "refusals outside the issue's classes: {outside:#?}");
    // The measurement config refuses nothing at stage 1 or egress.
    let lab = load_engine_config(&root().join("corpus/configs/real-sessions.toml")).unwrap();
    let lab_refusals = stage_refusals(&files, &RequestRules::from_config(&lab));
    assert!(lab_refusals.is_empty(), "{:?}", lab_refusals.keys().collect::<Vec<_>>());
}

#[test]
fn real_sessions_config_loads() {
    let cfg = load_engine_config(&root().join("corpus/configs/real-sessions.toml")).unwrap();
    assert!(cfg.http.allow_http && cfg.http.allow_private && cfg.policy.allow_dangerous);
    assert_eq!(RequestRules::from_config(&cfg).tools.extra_len(), 4);
}

/// The reviewer's reproduction of the `deny_hosts` bypass, through the
/// Dispatcher: `[http] allow_private = true, deny_hosts = ["10.0.0.5"]`.
/// Every spelling of 10.0.0.5 a client connects through (IPv4-mapped,
/// IPv4-compatible, NAT64, 6to4, wildcard-DNS names) is refused as
/// `egress_deny_hosts` and never reaches the connector; another address still does.
#[test]
fn inv_002_deny_hosts_ip_entry_refuses_every_spelling_through_the_dispatcher() {
    let cfg: EngineConfig = toml::from_str("[http]\nallow_private = true\ndeny_hosts = [\"10.0.0.5\"]\n").unwrap();
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    for (i, url) in [
        "https://10.0.0.5/",
        "https://[::ffff:10.0.0.5]/",
        "https://[::10.0.0.5]/",
        "https://[64:ff9b::10.0.0.5]/",
        "https://[2002:a00:5::]/",
        "https://10.0.0.5.nip.io/",
        "https://10-0-0-5.sslip.io/",
        "https://0x0a000005/",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, reason) = dispatch(&mut d, &mut m, i, &format!("probe{i}"), json!({"url": url}));
        assert_eq!(
            (status, reason.as_str()),
            (DispatchStatus::Denied, "egress_deny_hosts"),
            "{url}"
        );
    }
    assert_eq!(m.count, 0, "a denied host reached the connector");
    let (status, reason) = dispatch(&mut d, &mut m, 100, "good", json!({"url": "https://10.0.0.6/"}));
    assert_eq!((status, reason.as_str()), (DispatchStatus::Ok, "ok"));
    assert_eq!(m.count, 1);
}

/// Names a public resolver cannot answer, through the Dispatcher: under the
/// default config sslip.io's dash-spelled IPv6 loopback and names under a TLD
/// outside the public suffix list are refused as non-public; the AWS IPv6
/// metadata endpoint spelled as an sslip.io name is refused even with
/// `allow_private`, like `169-254-169-254.sslip.io`.
#[test]
fn inv_002_unlisted_tlds_and_dash_spelled_ipv6_names_never_reach_the_connector() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    for (i, (url, want)) in [
        ("https://--1.sslip.io/", "egress_loopback"),
        ("https://fd00-ec2--254.sslip.io/latest/meta-data/", "egress_metadata"),
        ("https://kubernetes.default/", "egress_local_name"),
        ("https://vault.service.consul/v1/secret", "egress_local_name"),
    ]
    .into_iter()
    .enumerate()
    {
        let (status, reason) = dispatch(&mut d, &mut m, i, &format!("probe{i}"), json!({"url": url}));
        assert_eq!((status, reason.as_str()), (DispatchStatus::Denied, want), "{url}");
    }
    let cfg: EngineConfig = toml::from_str("[http]\nallow_private = true\n").unwrap();
    let mut d = Dispatcher::new(&cfg);
    for (i, url) in [
        "https://fd00-ec2--254.sslip.io/latest/meta-data/",
        "https://169-254-169-254.sslip.io/latest/meta-data/",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, reason) = dispatch(&mut d, &mut m, i, &format!("p{i}"), json!({"url": url}));
        assert_eq!(
            (status, reason.as_str()),
            (DispatchStatus::Denied, "egress_metadata"),
            "{url}"
        );
    }
    let (status, _) = dispatch(
        &mut d,
        &mut m,
        9,
        "lab",
        json!({"url": "https://vault.service.consul/"}),
    );
    assert_eq!(status, DispatchStatus::Ok, "allow_private admits local names");
    assert_eq!(m.count, 1);
}

/// A tool whose configured capability is `http` sends an http request, so
/// its `input` is one: the reviewer's reproduction (`web_fetch` to the
/// metadata endpoint) is refused like the same `http` call, an allowed host
/// passes with its parsed request, an input without a valid URL is an invalid
/// request, and a prompt answer is keyed by the tool and the parsed host.
#[test]
fn inv_002_http_tools_go_through_the_egress_policy() {
    let tools = "[tools]\nextra = [{ name = \"web_fetch\", capability = \"http\" }]\n";
    let cfg: EngineConfig = toml::from_str(&format!("[http]\nallow_http = true\n{tools}")).unwrap();
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let call = |d: &mut Dispatcher, m: &mut MockConnector, i: u64, ext: &str, method: &str, params: Value| {
        let req = HostcallRequest::new(format!("c{i}"), ext, method, params);
        let o = d.dispatch_host_call_shared(&req, i * 1000, m);
        (o.status, o.reason.to_string(), o.reached_connector)
    };
    let url = "http://169.254.169.254/latest/meta-data/";
    let as_http = call(&mut d, &mut m, 0, "e0", "http", json!({ "url": url }));
    let as_tool = call(
        &mut d,
        &mut m,
        1,
        "e1",
        "tool",
        json!({"name": "web_fetch", "input": { "url": url }}),
    );
    assert_eq!(as_http, (DispatchStatus::Denied, "egress_metadata".to_string(), false));
    assert_eq!(as_tool, as_http, "the tool call is judged as the http call");
    for (i, input, want) in [
        (2, json!({"url": "https://[::ffff:127.0.0.1]:2375/"}), "egress_loopback"),
        (3, json!({"url": "https://kubernetes.default/"}), "egress_local_name"),
    ] {
        let got = call(
            &mut d,
            &mut m,
            i,
            &format!("e{i}"),
            "tool",
            json!({"name": "web_fetch", "input": input}),
        );
        assert_eq!((got.0, got.1.as_str()), (DispatchStatus::Denied, want), "{input}");
    }
    for (i, params, want) in [
        (4, json!({"name": "web_fetch"}), "http_missing_url"),
        (5, json!({"name": "web_fetch", "input": {"q": "x"}}), "http_missing_url"),
        (
            6,
            json!({"name": "web_fetch", "input": {"url": "gopher://x.example/"}}),
            "http_scheme_not_allowed",
        ),
        (
            7,
            json!({"name": "web_fetch", "input": {"url": "https://x.example/", "method": "PUT"}}),
            "http_method_not_allowed",
        ),
    ] {
        let got = call(&mut d, &mut m, i, &format!("e{i}"), "tool", params.clone());
        assert_eq!(
            (got.0, got.1.as_str()),
            (DispatchStatus::InvalidRequest, want),
            "{params}"
        );
    }
    assert_eq!(m.count, 0, "a refused tool call reached the connector");
    let ok = call(
        &mut d,
        &mut m,
        8,
        "good",
        "tool",
        json!({"name": "web_fetch", "input": {"url": "https://api.github.com/x"}}),
    );
    assert_eq!(ok, (DispatchStatus::Ok, "ok".to_string(), true));
    // Under a prompting profile the answer is keyed by tool and parsed host.
    let cfg: EngineConfig = toml::from_str(&format!(
        "[policy]\nprofile = \"standard\"\ndefault_caps = [\"read\"]\n{tools}"
    ))
    .unwrap();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut d = Dispatcher::new(&cfg);
    d.set_prompt_handler(Box::new(Recording(asked.clone())));
    for (i, (method, params)) in [
        (
            "tool",
            json!({"name": "web_fetch", "input": {"url": "https://api.github.com/a"}}),
        ),
        (
            "tool",
            json!({"name": "WEB_FETCH", "input": {"url": "https://API.GitHub.com./b"}}),
        ),
        ("http", json!({"url": "https://api.github.com/c"})),
        (
            "tool",
            json!({"name": "web_fetch", "input": {"url": "https://attacker-host\\@api.github.com/"}}),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let got = call(&mut d, &mut m, 20 + i as u64, "ext", method, params.clone());
        let want = if i == 3 {
            DispatchStatus::Denied
        } else {
            DispatchStatus::Ok
        };
        assert_eq!(got.0, want, "{params}: {}", got.1);
    }
    assert_eq!(
        *asked.lock().unwrap(),
        ["tool:web_fetch|host:api.github.com", "host:api.github.com"],
        "one question per tool and host; the egress refusal asks nothing"
    );
}

/// A prompt handler that says yes and records the resource of each question.
struct Recording(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl PromptHandler for Recording {
    fn ask(&mut self, _ext: &str, _cap: Capability) -> Option<bool> {
        Some(true)
    }
    fn ask_resource(&mut self, _ext: &str, _cap: Capability, resource: &str) -> Option<bool> {
        self.0.lock().unwrap().push(resource.to_string());
        Some(true)
    }
}
