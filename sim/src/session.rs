//! Streaming one simulated session through a fresh instance of the real
//! engine: a `Dispatcher` built from an `EngineConfig` whose policy grants the
//! session's extension what its calls need (so the runtime risk controller,
//! not the static policy, is what gets measured) and whose `[risk]` section is
//! the config point under test; a `MockConnector`; the ledger off unless asked.
//!
//! Also: the session's label-free outcome (first Harden, first Deny, ...),
//! and conversion of generated calls to engine requests and trace records.

use crate::archetype::{Session, SimCall};
use seclab_engine::config::{real_sessions_base, EngineConfig};
use seclab_engine::connector::MockConnector;
use seclab_engine::dispatch::lockstep::{CompiledSession, Lockstep};
use seclab_engine::dispatch::{DispatchStatus, Dispatcher};
use seclab_engine::hostcall::{HostcallRequest, RequestRules};
use seclab_engine::policy::{OverrideConfig, PolicyConfig};
use seclab_engine::risk::{RiskAction, RiskConfig};
use seclab_engine::trace::TraceRecord;
use std::collections::BTreeMap;
use std::time::Instant;

/// What one session did under one config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOutcome {
    /// Calls dispatched (until the end or the early stop).
    pub dispatched: u32,
    /// Risk decisions made, the terminations the controller's quarantine
    /// enforces included (calls dispatched until the end or the early stop).
    pub decisions: u32,
    /// 1-based index of the first call the risk controller answered with
    /// Harden or worse.
    pub first_flag: Option<u32>,
    /// 1-based index of the first Deny or Terminate from the risk controller.
    pub first_deny: Option<u32>,
    /// Whether any decision was Terminate.
    pub terminated: bool,
    /// Most severe risk action seen.
    pub max_action: RiskAction,
}

impl SessionOutcome {
    /// A session before its first call: nothing dispatched, nothing decided.
    pub const NONE: SessionOutcome = SessionOutcome {
        dispatched: 0,
        decisions: 0,
        first_flag: None,
        first_deny: None,
        terminated: false,
        max_action: RiskAction::Allow,
    };
}

/// The engine config a session runs under: the safe profile plus a
/// per-extension allow of exactly the granted capabilities (and
/// `allow_dangerous` when exec or env is granted), the given risk config,
/// and the ledger as requested. As for real sessions, the extension's own
/// tools are registered (an extension declares them when it loads) and the
/// egress policy is that of the real-session config, so the lab measures the
/// risk controller, not the `[http]` allow-list.
pub fn engine_config_for(session: &Session, risk: &RiskConfig, ledger: bool) -> EngineConfig {
    let (grants, tools) = session.grants_and_tools();
    let mut extensions = BTreeMap::new();
    extensions.insert(
        session.meta.ext.clone(),
        OverrideConfig {
            allow: grants,
            ..OverrideConfig::default()
        },
    );
    let mut cfg = EngineConfig {
        policy: PolicyConfig {
            profile: Some("safe".to_string()),
            allow_dangerous: crate::archetype::needs_dangerous(grants),
            extensions,
            ..PolicyConfig::default()
        },
        risk: risk.clone(),
        http: real_sessions_base().http.clone(),
        ..EngineConfig::default()
    };
    cfg.tools.extra = tools;
    cfg.ledger.enabled = ledger;
    cfg
}

/// The stage-1 validation rules a session's calls meet in the lab (its own
/// tools registered, the lab's egress settings); they do not depend on the
/// risk config.
pub fn request_rules_for(session: &Session) -> RequestRules {
    RequestRules::from_config(&engine_config_for(session, &RiskConfig::default(), false))
}

/// The call id of the i-th call (0-based) of a session; the same scheme as
/// trace files written by `simulate`, so a replay sees identical requests.
pub fn call_id(i: usize) -> String {
    format!("c{}", i + 1)
}

/// Engine requests for a session's calls (built once, reused for every config).
pub fn requests(session: &Session, out: &mut Vec<HostcallRequest>) {
    out.clear();
    out.extend(session.calls.iter().enumerate().map(|(i, c)| {
        HostcallRequest::new(
            call_id(i),
            session.meta.ext.clone(),
            c.method.as_str(),
            c.params.clone(),
        )
    }));
}

/// [`requests`], moving each call's params out of the session (left `null`)
/// instead of copying them: for a caller done with the params, such as the
/// sweep once it has built the session's engine config.
pub fn take_requests(session: &mut Session, out: &mut Vec<HostcallRequest>) {
    out.clear();
    let ext = &session.meta.ext;
    out.extend(session.calls.iter_mut().enumerate().map(|(i, c)| {
        HostcallRequest::new(
            call_id(i),
            ext.clone(),
            c.method.as_str(),
            std::mem::take(&mut c.params),
        )
    }));
}

/// Trace records of a session (docs/trace-format.md).
pub fn trace_records(session: &Session) -> Vec<TraceRecord> {
    session
        .calls
        .iter()
        .enumerate()
        .map(|(i, c): (usize, &SimCall)| TraceRecord {
            ts_ms: c.ts_ms,
            ext: session.meta.ext.clone(),
            method: c.method.as_str().to_string(),
            params: c.params.clone(),
            call_id: Some(call_id(i)),
        })
        .collect()
}

/// Latency samples of one run: nanoseconds of every `sample_every`-th dispatch.
pub type LatencySink<'a> = Option<&'a mut dyn FnMut(u64)>;

/// A dispatcher for lab runs: its risk controller's decision-timeout clock is
/// the trace's ([`Dispatcher::for_trace`]), so no decision depends on the
/// wall clock or the machine's load — only on the trace and its `ts_ms`.
pub fn lab_dispatcher(cfg: &EngineConfig) -> Dispatcher {
    Dispatcher::for_trace(cfg)
}

/// Dispatch a session's requests through a fresh engine built from `cfg`.
/// With `early_stop`, the session ends at its first Deny/Terminate.
pub fn run(
    cfg: &EngineConfig,
    session: &Session,
    reqs: &[HostcallRequest],
    early_stop: bool,
    sample_every: u32,
    mut latency: LatencySink<'_>,
) -> SessionOutcome {
    let mut dispatcher = lab_dispatcher(cfg);
    let mut connector = MockConnector::default();
    let mask = sample_every.max(1).next_power_of_two() - 1;
    let mut out = SessionOutcome::NONE;
    for (i, (req, call)) in reqs.iter().zip(session.calls.iter()).enumerate() {
        let timed = latency.is_some() && (i as u32) & mask == 0;
        let t0 = timed.then(Instant::now);
        let outcome = dispatcher.dispatch_host_call_shared(req, call.ts_ms, &mut connector);
        if let (Some(t0), Some(sink)) = (t0, latency.as_mut()) {
            sink(t0.elapsed().as_nanos() as u64);
        }
        out.dispatched += 1;
        // The risk controller's verdict on this call; or, for an extension the
        // controller already quarantined (its own deny-retry quarantine, or an
        // earlier Terminate), the termination the dispatcher enforces for it
        // before the controller runs again. Static-policy and validation
        // refusals are not the controller's and do not count.
        let action = match outcome.risk.as_ref() {
            Some(decision) => decision.action,
            None if outcome.status == DispatchStatus::Terminated => RiskAction::Terminate,
            None => continue,
        };
        if record_action(&mut out, i as u32 + 1, action, early_stop) {
            break;
        }
    }
    out
}

/// The `seclab replay` summary (its stable JSON contract, without
/// `ledger_verified`) of a whole session under `cfg`, computed here through the
/// same engine: effective actions per call, the most severe one, and per
/// extension the 0-based index of the first call counted as deny or terminate.
pub fn replay_summary(cfg: &EngineConfig, session: &Session) -> serde_json::Value {
    let mut reqs = Vec::new();
    requests(session, &mut reqs);
    let mut dispatcher = Dispatcher::for_trace(cfg);
    let mut connector = MockConnector::counting();
    let mut counts: BTreeMap<&'static str, u64> = RiskAction::ALL.iter().map(|a| (a.as_str(), 0)).collect();
    let mut max = RiskAction::Allow;
    let mut first_deny: Option<usize> = None;
    for (i, (req, call)) in reqs.iter().zip(&session.calls).enumerate() {
        let out = dispatcher.dispatch_host_call_shared(req, call.ts_ms, &mut connector);
        *counts.entry(out.action.as_str()).or_default() += 1;
        max = max.max(out.action);
        if out.action >= RiskAction::Deny && first_deny.is_none() {
            first_deny = Some(i);
        }
    }
    serde_json::json!({
        "calls": reqs.len(),
        "actions": counts,
        "max_action": max.as_str(),
        "per_extension": { session.meta.ext.clone(): { "max_action": max.as_str(), "first_deny_index": first_deny } },
    })
}

/// Record one risk decision (the controller's action on call `idx`, 1-based)
/// into a session outcome; true when the session stops here (`early_stop`).
fn record_action(out: &mut SessionOutcome, idx: u32, action: RiskAction, early_stop: bool) -> bool {
    out.decisions += 1;
    if action > out.max_action {
        out.max_action = action;
    }
    if action >= RiskAction::Harden && out.first_flag.is_none() {
        out.first_flag = Some(idx);
    }
    if action == RiskAction::Terminate {
        out.terminated = true;
    }
    if action >= RiskAction::Deny && out.first_deny.is_none() {
        out.first_deny = Some(idx);
        return early_stop;
    }
    false
}

/// [`run`] for every config of `lock`, over a session compiled once
/// ([`CompiledSession::compile`]), through the engine's share groups
/// ([`Lockstep::run_session`]): each config until the session's end or its
/// early stop. `outcomes[i]` is what [`run`] returns under config `i`. On
/// every `sample_every`-th call, `latency(config, ns)` gets a group's step
/// time divided by its number of configs (a group's work is shared by its
/// members).
pub fn run_lockstep(
    lock: &mut Lockstep,
    compiled: &CompiledSession,
    early_stop: bool,
    sample_every: u32,
    latency: Option<&mut dyn FnMut(usize, u64)>,
    outcomes: &mut Vec<SessionOutcome>,
) {
    outcomes.clear();
    outcomes.resize(lock.len(), SessionOutcome::NONE);
    lock.run_session(compiled, early_stop, sample_every, latency, &mut |c, i, o| {
        let out = &mut outcomes[c];
        out.dispatched += 1;
        let action = match o.risk {
            Some((action, _)) => action,
            None if o.status == DispatchStatus::Terminated => RiskAction::Terminate,
            None => return,
        };
        // The engine stops the config on the same call (`stops_early`).
        record_action(out, i as u32 + 1, action, early_stop);
    });
}
