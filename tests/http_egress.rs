//! HTTP hostcalls through the whole dispatch pipeline: stage-1 validation
//! (INV-002: invalid requests never reach a connector), the `[http]` egress
//! policy, the tool registry (INV-001/INV-002, SLO-12), the egress corpus
//! trace, and the real sessions in ../shared/real-sessions measured against
//! the new rules.

use seclab_engine::config::load_engine_config;
use seclab_engine::hostcall::{validate_with, RequestRules};
use seclab_engine::trace::read_trace;
use seclab_engine::{DispatchStatus, Dispatcher, EngineConfig, HostcallRequest, MockConnector};
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
    d.register_tool("weather", seclab_engine::Capability::Tool);
    let o = d.dispatch_host_call_shared(&own, 2, &mut m);
    assert_eq!(
        (o.status, o.capability),
        (DispatchStatus::Ok, Some(seclab_engine::Capability::Tool))
    );
}

#[test]
fn inv_002_egress_corpus_trace_replays_to_its_expected_reasons() {
    let dir = root().join("corpus/http");
    let trace = read_trace(std::io::BufReader::new(
        std::fs::File::open(dir.join("egress.jsonl")).unwrap(),
    ))
    .unwrap();
    let expected: Vec<(usize, String, String)> = std::fs::read_to_string(dir.join("egress.expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].parse().unwrap(), c[1].to_string(), c[2].to_string())
        })
        .collect();
    assert_eq!(trace.len(), expected.len(), "one expectation per trace line");
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    for (i, rec) in trace.iter().enumerate() {
        let o = d.dispatch_host_call_shared(&rec.to_request(i), rec.ts_ms, &mut m);
        let (idx, status, reason) = &expected[i];
        assert_eq!(*idx, i);
        assert_eq!(
            (o.status.as_str(), o.reason),
            (status.as_str(), reason.as_str()),
            "line {}: {}",
            i + 1,
            rec.params
        );
        assert_eq!(o.reached_connector, status == "ok", "line {}", i + 1);
    }
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

/// Stage-1 and egress verdicts of every call of the sessions under `rules`:
/// refusal reason → list of "file:line url-or-tool".
fn refusals(files: &[PathBuf], rules: &RequestRules) -> (usize, usize, BTreeMap<String, Vec<String>>) {
    let (mut calls, mut http) = (0, 0);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let trace = read_trace(std::io::BufReader::new(std::fs::File::open(f).unwrap()))
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (i, rec) in trace.iter().enumerate() {
            calls += 1;
            let what = rec
                .params
                .get("url")
                .or_else(|| rec.params.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let reason = match validate_with(&rec.to_request(i), rules) {
                Err(e) => Some(e.code()),
                Ok(v) => v.http.and_then(|h| {
                    http += 1;
                    rules.http.check_egress(&h.url).err().map(|d| d.code())
                }),
            };
            if let Some(r) = reason {
                out.entry(r.to_string())
                    .or_default()
                    .push(format!("{name}:{} {} {what}", i + 1, rec.ext));
            }
        }
    }
    (calls, http, out)
}

#[test]
fn inv_002_real_sessions_are_refused_only_in_the_issue_classes() {
    let Some(files) = real_sessions() else { return };
    assert!(!files.is_empty());
    let lab = load_engine_config(&root().join("corpus/configs/real-sessions.toml")).unwrap();
    // 1. The default config (built-in tools only, default [http]).
    let (calls, http, default) = refusals(&files, &RequestRules::default());
    println!(
        "real sessions: {} files, {calls} calls, {http} valid http calls",
        files.len()
    );
    for (reason, list) in &default {
        println!("default config refuses {} call(s) as {reason}:", list.len());
        for c in list.iter().take(12) {
            println!("    {c}");
        }
    }
    let unknown_tools: std::collections::BTreeSet<String> = default
        .get("unknown_tool")
        .map(|l| l.iter().map(|c| c.rsplit(' ').next().unwrap().to_string()).collect())
        .unwrap_or_default();
    println!("tool names outside the built-ins: {unknown_tools:?}");
    // 2. The default config with the agents' tools registered: only http calls in
    //    the issue's classes (plain http, non-public destinations) are refused.
    let rules = RequestRules {
        tools: RequestRules::from_config(&lab).tools,
        ..RequestRules::default()
    };
    let (_, _, with_tools) = refusals(&files, &rules);
    const ISSUE_CLASSES: [&str; 10] = [
        "http_plain_http_not_allowed",
        "http_scheme_not_allowed",
        "egress_metadata",
        "egress_loopback",
        "egress_private",
        "egress_link_local",
        "egress_unique_local",
        "egress_cgnat",
        "egress_unspecified",
        "egress_local_name",
    ];
    for (reason, list) in &with_tools {
        assert!(ISSUE_CLASSES.contains(&reason.as_str()), "{reason}: {list:?}");
        for c in list {
            assert!(!c.contains(" https://"), "an https call was refused: {c}");
        }
    }
    // 3. The measurement config refuses nothing at stage 1 or egress.
    let (_, _, lab_refusals) = refusals(&files, &RequestRules::from_config(&lab));
    assert!(lab_refusals.is_empty(), "{lab_refusals:?}");
    // Every tool the sessions use beyond the built-ins is registered there.
    for t in &unknown_tools {
        assert!(RequestRules::from_config(&lab).tools.capability(t).is_ok(), "{t}");
    }
}

#[test]
fn real_sessions_config_loads() {
    let cfg = load_engine_config(&root().join("corpus/configs/real-sessions.toml")).unwrap();
    assert!(cfg.http.allow_http && cfg.http.allow_private && cfg.policy.allow_dangerous);
    assert_eq!(RequestRules::from_config(&cfg).tools.extra_len(), 4);
}
