//! What the engine's shell-route tests share: the shipped default config with
//! the policy opened (exec allowed, so only the risk controller and the
//! engine's parsers decide), a route of ordinary work followed by the bash
//! lines under test, and a run of it through the real Dispatcher.

#![allow(dead_code)]

use seclab_engine::config::{parse_engine_config, ConfigFormat};
use seclab_engine::{
    Connector, DispatchOutcome, Dispatcher, EngineConfig, HostcallRequest, MockConnector, RiskAction, RiskReason,
    TraceRecord,
};
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

/// Every route stopped (`stop`) or allowed throughout (not `stop`); all misses
/// are listed, each as `describe` tells it, before failing.
#[allow(dead_code)]
pub fn check_routes<'a, R: AsRef<[&'a str]>>(
    secret_read: bool,
    routes: &[R],
    stop: bool,
    describe: impl Fn(bool, &[&str]) -> String,
) {
    let misses: Vec<String> = routes
        .iter()
        .map(AsRef::as_ref)
        .filter(|r| {
            if stop {
                !stopped(secret_read, r)
            } else {
                !allowed(secret_read, r)
            }
        })
        .map(|r| describe(secret_read, r))
        .collect();
    let what = if stop { "NOT stopped" } else { "flagged" };
    assert!(misses.is_empty(), "{what}:\n{}", misses.join("\n"));
}

/// Whether every call of the route is allowed by the controller (no Harden, Deny
/// or Terminate).
pub fn allowed(secret_read: bool, tail: &[&str]) -> bool {
    let (outs, _) = run(&route(secret_read, tail));
    outs.iter().all(|o| o.action == RiskAction::Allow)
}

/// One extension (`ext.a`) calling through a Dispatcher on the trace's
/// clock, its calls 2.5 s apart.
pub struct Run {
    pub d: Dispatcher,
    /// The recording connector [`Run::call`] hands calls to.
    pub m: MockConnector,
    n: usize,
    ts: u64,
}

impl Run {
    pub fn new(cfg: &EngineConfig) -> Self {
        Run {
            d: Dispatcher::for_trace(cfg),
            m: MockConnector::recording(),
            n: 0,
            ts: 1_000,
        }
    }

    fn next(&mut self, method: &str, params: Value) -> HostcallRequest {
        self.n += 1;
        self.ts += 2_500;
        HostcallRequest::new(format!("c-{}", self.n), "ext.a", method, params)
    }

    /// The next call, handed to the run's recording mock connector.
    pub fn call(&mut self, method: &str, params: Value) -> DispatchOutcome {
        let req = self.next(method, params);
        self.d.dispatch_host_call_shared(&req, self.ts, &mut self.m)
    }

    /// The next call, handed to connector `c`.
    pub fn call_on(&mut self, c: &mut dyn Connector, method: &str, params: Value) -> DispatchOutcome {
        let req = self.next(method, params);
        self.d.dispatch_host_call_shared(&req, self.ts, c)
    }
}

/// The risk decision's reasons (none without a decision).
pub fn reasons(o: &DispatchOutcome) -> Vec<RiskReason> {
    o.risk.as_ref().map(|r| r.reasons.clone()).unwrap_or_default()
}
