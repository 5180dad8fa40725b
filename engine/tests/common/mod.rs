//! What the engine's shell-route tests share: the shipped default config with
//! the policy opened (exec allowed, so only the risk controller and the
//! engine's parsers decide), a route of ordinary work followed by the bash
//! lines under test, and a run of it through the real Dispatcher.

#![allow(dead_code)]

use seclab_engine::config::{parse_engine_config, ConfigFormat};
use seclab_engine::{DispatchOutcome, Dispatcher, EngineConfig, MockConnector, RiskAction, TraceRecord};
use serde_json::{json, Value};

pub fn cfg() -> EngineConfig {
    let mut c = EngineConfig::default();
    c.policy.profile = Some("permissive".into());
    c.policy.allow_dangerous = true;
    c
}

/// The config the real sessions are replayed under (their agents' tools registered).
pub fn real_sessions_cfg() -> EngineConfig {
    parse_engine_config(
        seclab_engine::config::REAL_SESSIONS_CONFIG,
        ConfigFormat::Toml,
        std::path::Path::new("real-sessions.toml"),
    )
    .unwrap()
}

pub fn bash(cmd: &str) -> (&'static str, Value) {
    ("tool", json!({"name": "bash", "input": {"command": cmd}}))
}

pub fn read(path: &str) -> (&'static str, Value) {
    ("tool", json!({"name": "read", "input": {"path": path}}))
}

/// Ordinary work, the secret read (`.env`) when asked, then the lines of `tail`.
pub fn route(secret_read: bool, tail: &[&str]) -> Vec<TraceRecord> {
    let mut calls = vec![
        read("README.md"),
        bash("ls -la src | sed -n '1,50p'"),
        bash("git status --short"),
        bash("rg -n 'fn main' src"),
        bash("cargo test -q 2>&1 | tail -5"),
        read("src/lib.rs"),
    ];
    if secret_read {
        calls.push(read(".env"));
    }
    calls.extend(tail.iter().map(|l| bash(l)));
    calls
        .into_iter()
        .enumerate()
        .map(|(i, (m, p))| TraceRecord::new(1_000 + i as u64 * 2_500, "ext", m, p))
        .collect()
}

pub fn run(trace: &[TraceRecord]) -> (Vec<DispatchOutcome>, MockConnector) {
    let mut d = Dispatcher::for_trace(&cfg());
    let mut m = MockConnector::recording();
    let outs = trace
        .iter()
        .enumerate()
        .map(|(i, r)| d.dispatch_host_call_shared(&r.to_request(i), r.ts_ms, &mut m))
        .collect();
    (outs, m)
}

/// Whether the route's last call is stopped: denied (or worse) at or before it
/// and never handed to the connector.
pub fn stopped(secret_read: bool, tail: &[&str]) -> bool {
    let t = route(secret_read, tail);
    let last = t.len() - 1;
    let (outs, m) = run(&t);
    let first = outs.iter().position(|o| o.action >= RiskAction::Deny);
    let id = format!("call-{last}");
    first.is_some_and(|i| i <= last) && m.calls.iter().all(|c| c.call_id != id)
}

/// Whether every call of the route is allowed by the controller (no Harden, Deny
/// or Terminate).
pub fn allowed(secret_read: bool, tail: &[&str]) -> bool {
    let (outs, _) = run(&route(secret_read, tail));
    outs.iter().all(|o| o.action == RiskAction::Allow)
}
