//! Running one attack trace: through the real engine (a `Dispatcher` built
//! from the config under test, with the measuring connector), or with no
//! engine at all (every call reaches the lab: what the attack would do
//! unopposed, which gives its damaging call). Damage counts only calls that
//! reached the connector before the first Deny/Terminate.

use super::damage::{Damage, Goal, Tally};
use super::effects::{measure_call, EffectsConnector, LabState};
use seclab_engine::config::EngineConfig;
use seclab_engine::dispatch::Dispatcher;
use seclab_engine::hostcall::HostcallKind;
use seclab_engine::risk::RiskAction;
use seclab_engine::trace::TraceRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An attack as calls, with which calls are the attacker's own (the rest is
/// padding copied from benign sessions).
#[derive(Debug, Clone, PartialEq)]
pub struct AttackTrace {
    pub calls: Vec<TraceRecord>,
    /// Indices of the attacker's own calls.
    pub attack: BTreeSet<usize>,
}

impl AttackTrace {
    pub fn is_attack(&self, i: usize) -> bool {
        self.attack.contains(&i)
    }
    /// Index of the first attacker call.
    pub fn onset(&self) -> Option<usize> {
        self.attack.iter().next().copied()
    }
}

/// What one run of a trace did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub calls: usize,
    /// 0-based index of the first Deny/Terminate (None: never stopped).
    pub stop_index: Option<usize>,
    /// Its trace clock.
    pub stop_ts_ms: Option<u64>,
    /// First attacker call and its clock.
    pub onset_index: Option<usize>,
    pub onset_ts_ms: Option<u64>,
    /// Goals reached before the stop, with the index of the call that reached each.
    pub goals: Vec<(Goal, usize)>,
    pub damage: Damage,
    /// Attacker calls that reached the connector before the stop.
    pub attack_calls_reached: usize,
    pub attack_calls: usize,
}

impl Evaluation {
    pub fn success(&self) -> bool {
        !self.goals.is_empty()
    }
    pub fn first_goal(&self) -> Option<(Goal, usize)> {
        self.goals.iter().min_by_key(|(_, i)| *i).copied()
    }
    /// Detection delay after the onset, in calls and trace milliseconds.
    pub fn detection_delay(&self) -> Option<(usize, u64)> {
        let (s, st) = (self.stop_index?, self.stop_ts_ms?);
        let (o, ot) = (self.onset_index?, self.onset_ts_ms?);
        Some((s.saturating_sub(o), st.saturating_sub(ot)))
    }
}

/// Run `trace` through the real engine under `cfg`; stops at the first
/// Deny/Terminate (later calls cannot add damage).
pub fn evaluate(cfg: &EngineConfig, trace: &AttackTrace) -> Evaluation {
    let mut dispatcher = Dispatcher::for_trace(cfg);
    let mut conn = EffectsConnector::new();
    let mut ev = blank(trace);
    let mut tally = Tally::default();
    for (i, rec) in trace.calls.iter().enumerate() {
        let req = rec.to_request(i);
        let before = conn.effects.len();
        let out = dispatcher.dispatch_host_call_shared(&req, rec.ts_ms, &mut conn);
        if out.reached_connector && conn.effects.len() > before {
            let eff = conn.effects[before].clone();
            if trace.is_attack(i) {
                ev.attack_calls_reached += 1;
            }
            for g in tally.add(&eff, trace.is_attack(i)) {
                ev.goals.push((g, i));
            }
        }
        if out.action >= RiskAction::Deny {
            ev.stop_index = Some(i);
            ev.stop_ts_ms = Some(rec.ts_ms);
            break;
        }
    }
    ev.damage = tally.damage;
    ev
}

/// Run `trace` with no engine: every valid call reaches the lab.
pub fn unopposed(trace: &AttackTrace) -> Evaluation {
    let mut state = LabState::default();
    let mut ev = blank(trace);
    let mut tally = Tally::default();
    for (i, rec) in trace.calls.iter().enumerate() {
        let req = rec.to_request(i);
        // Unopposed: no engine rule applies (not even stage-1 validation), only
        // the call's shape: a method the runtime knows.
        let Some(kind) = HostcallKind::parse(&req.method) else {
            continue;
        };
        let (eff, _) = measure_call(&mut state, kind, &req.params);
        if trace.is_attack(i) {
            ev.attack_calls_reached += 1;
        }
        for g in tally.add(&eff, trace.is_attack(i)) {
            ev.goals.push((g, i));
        }
    }
    ev.damage = tally.damage;
    ev
}

fn blank(trace: &AttackTrace) -> Evaluation {
    let onset = trace.onset();
    Evaluation {
        calls: trace.calls.len(),
        stop_index: None,
        stop_ts_ms: None,
        onset_index: onset,
        onset_ts_ms: onset.and_then(|i| trace.calls.get(i)).map(|r| r.ts_ms),
        goals: Vec::new(),
        damage: Damage::default(),
        attack_calls_reached: 0,
        attack_calls: trace.attack.len(),
    }
}

/// The engine config attacks are measured under: `base` with the policy
/// opened (`profile = "permissive"`, `allow_dangerous = true`), so only the
/// risk controller and the engine's parsers decide (the rule of SLO-10/11).
pub fn open_policy(base: &EngineConfig) -> EngineConfig {
    let mut cfg = base.clone();
    cfg.policy.profile = Some("permissive".into());
    cfg.policy.allow_dangerous = true;
    cfg.ledger.enabled = false;
    cfg
}
