//! The decision clock (SLO-06's fail-closed timeout, methodology's
//! determinism): the live engine measures the decision timeout on the machine's
//! clock and still fails closed when a decision overruns; the lab decides on
//! the trace's clock, so its decisions are the same on a slow machine as on a
//! fast one.

use seclab_engine::risk::RiskConfig;
use seclab_engine::{
    Clock, DispatchStatus, Dispatcher, EngineConfig, HostcallRequest, MockConnector, RiskAction, RiskReason, StepClock,
};
use seclab_sim::archetype::Session;
use seclab_sim::config::LabConfig;
use seclab_sim::profiles::{self, ProfileSource};
use seclab_sim::results::Shard;
use seclab_sim::rng::Split;
use seclab_sim::session::{self, engine_config_for, SessionOutcome};
use seclab_sim::sweep::Plan;
use serde_json::json;
use std::path::Path;

/// A slow machine: every clock read is 100 ms later than the one before
/// (twice the default 50 ms budget per decision).
fn slow_machine() -> Box<dyn Clock> {
    Box::new(StepClock::new(100_000_000))
}

/// A machine so fast that no time passes during a decision.
fn fast_machine() -> Box<dyn Clock> {
    Box::new(StepClock::new(0))
}

/// The risk action of every call (None where the risk stage did not run).
fn risk_actions(mut d: Dispatcher, reqs: &[HostcallRequest], session: &Session) -> Vec<Option<RiskAction>> {
    let mut m = MockConnector::default();
    reqs.iter()
        .zip(&session.calls)
        .map(|(r, c)| {
            let o = d.dispatch_host_call_shared(r, c.ts_ms, &mut m);
            // The controller's verdict, or the termination its quarantine enforces.
            match o.risk {
                Some(x) => Some(x.action),
                None if o.status == DispatchStatus::Terminated => Some(RiskAction::Terminate),
                None => None,
            }
        })
        .collect()
}

/// What `session::run` reports (without early stop) for these per-call actions.
fn summarise(actions: &[Option<RiskAction>]) -> SessionOutcome {
    let decided: Vec<(u32, RiskAction)> = actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| (i as u32 + 1, a)))
        .collect();
    let first = |min: RiskAction| decided.iter().find(|(_, a)| *a >= min).map(|(i, _)| *i);
    SessionOutcome {
        dispatched: actions.len() as u32,
        decisions: decided.len() as u32,
        first_flag: first(RiskAction::Harden),
        first_deny: first(RiskAction::Deny),
        terminated: decided.iter().any(|(_, a)| *a == RiskAction::Terminate),
        max_action: decided.iter().map(|(_, a)| *a).max().unwrap_or(RiskAction::Allow),
    }
}

#[test]
fn slo_06_fail_closed_timeout_still_applies_on_the_live_clock() {
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    cfg.policy.default_caps = Some(seclab_engine::Capability::ALL.into_iter().collect());
    let req = HostcallRequest::new("c1", "e", "fs", json!({"op": "read", "path": "a.txt"}));
    let mut m = MockConnector::recording();

    let mut slow = Dispatcher::with_clock(&cfg, slow_machine());
    let o = slow.dispatch_host_call_shared(&req, 0, &mut m);
    assert_eq!(
        (o.status, o.action, o.reason),
        (DispatchStatus::Denied, RiskAction::Deny, "decision_timeout")
    );
    assert!(o.risk.unwrap().has_reason(RiskReason::DecisionTimeout));
    assert_eq!(m.count, 0, "a timed-out decision never reaches the connector");

    let mut fast = Dispatcher::with_clock(&cfg, fast_machine());
    let o = fast.dispatch_host_call_shared(&req, 0, &mut m);
    assert_eq!((o.status, o.action), (DispatchStatus::Ok, RiskAction::Allow));

    // Fail-open configs still record the overrun.
    cfg.risk.fail_closed = false;
    let mut open = Dispatcher::with_clock(&cfg, slow_machine());
    let o = open.dispatch_host_call_shared(&req, 0, &mut m);
    assert_eq!(o.action, RiskAction::Allow);
    assert!(o.risk.unwrap().has_reason(RiskReason::DecisionTimeout));
}

#[test]
fn slo_06_lab_decisions_are_the_same_on_a_slow_and_a_fast_machine() {
    let lab = LabConfig::embedded().unwrap();
    let plan = Plan::new(
        lab,
        Path::new("embedded"),
        profiles::embedded().unwrap(),
        ProfileSource::Embedded,
        Shard::WHOLE,
    )
    .unwrap();
    // The engine default plus a spread of the sweep's config points.
    let step = (plan.risks.len() / 6).max(1);
    let risks: Vec<RiskConfig> = std::iter::once(RiskConfig::default())
        .chain(plan.risks.iter().step_by(step).cloned())
        .collect();
    let (mut sessions, mut flipped, mut flagged) = (0, 0, 0);
    let mut s = Session::default();
    let mut reqs = Vec::new();
    for slot in 0..plan.allocations.len() {
        for index in 0..2 {
            plan.generate(Split::Train, slot, index, &mut s);
            session::requests(&s, &mut reqs);
            for risk in &risks {
                let cfg = engine_config_for(&s, risk, false);
                let on_trace = risk_actions(Dispatcher::for_trace(&cfg), &reqs, &s);
                let fast = risk_actions(Dispatcher::with_clock(&cfg, fast_machine()), &reqs, &s);
                let slow = risk_actions(Dispatcher::with_clock(&cfg, slow_machine()), &reqs, &s);
                assert_eq!(on_trace, fast, "{} under {risk:?}", s.meta.ext);
                // The lab's own session runner decides exactly as the fast machine.
                let lab = session::run(&cfg, &s, &reqs, false, 1, None);
                assert_eq!(lab, summarise(&fast), "{}", s.meta.ext);
                flipped += usize::from(slow != fast);
                flagged += usize::from(lab.first_flag.is_some());
                sessions += 1;
            }
        }
    }
    assert!(sessions >= 20, "{sessions} session runs");
    // The slow machine does flip decisions on the live clock (so the comparison
    // above has teeth), and the sample has both flagged and clean sessions.
    assert!(
        flipped > 0 && flagged > 0 && flagged < sessions,
        "{flipped} {flagged} {sessions}"
    );
}
