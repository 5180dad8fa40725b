//! Compile once, evaluate many (issue 15, item 2): the lab's path for running
//! one session under many risk configs.
//!
//! [`CompiledSession::compile`] runs, once per session, everything
//! [`Dispatcher`](super::Dispatcher) computes from a call and the
//! config-independent part of its engine config (validation and capability,
//! the http parse, the static policy, the egress policy, the env name filter,
//! and the risk features through [`RiskController::extract_call_features`]'s
//! own function, once per distinct set of risk lists). [`Lockstep`] then steps
//! one [`ConfigState`] per risk config over that stream: the stages that read
//! the risk config or per-config state (terminated set, quarantine, the risk
//! decision, the Harden restriction, the outcome feedback) run per config, in
//! the same order and with the same code as in the dispatcher.
//!
//! What the stream cannot express is refused at compile time (None): a ledger
//! (its hashing is the cost the lab would then measure), a policy Prompt (the
//! prompt cache is per-dispatcher state), a quota. Callers use the
//! dispatcher for those sessions. The differential test
//! `slo_10_lockstep_sweep_matches_dispatcher_for_every_config` (sim) holds
//! this path to the dispatcher, call by call, for every config of the default
//! sweep.

use super::{primary_reason_of, DispatchStatus};
use crate::capability::Capability;
use crate::clock::TraceClock;
use crate::config::{EngineConfig, HardenConfig, StateConfig};
use crate::hostcall::{validate_with, HostcallKind, HostcallRequest, RequestRules};
use crate::policy::Decision;
use crate::risk::score::{extract_features_with, CompiledLists};
use crate::risk::{
    CallFeatures, ExtHandle, Outcome, PromptSource, ReasonSet, RiskAction, RiskConfig, RiskController, RiskInput,
};

/// The distinct risk lists (`[risk.lists]`) of a set of risk configs: the only
/// part of a risk config that call features depend on. Configs of a sweep grid
/// usually share one set, so features are extracted once per call.
#[derive(Debug, Clone)]
pub struct ListGroups {
    lists: Vec<CompiledLists>,
    /// Per config: index into `lists`.
    of_config: Vec<usize>,
}

impl ListGroups {
    pub fn new(risks: &[RiskConfig]) -> Self {
        let mut distinct: Vec<&crate::risk::config::SignalLists> = Vec::new();
        let mut lists = Vec::new();
        let mut of_config = Vec::with_capacity(risks.len());
        for r in risks {
            let i = match distinct.iter().position(|l| **l == r.lists) {
                Some(i) => i,
                None => {
                    distinct.push(&r.lists);
                    lists.push(CompiledLists::new(r));
                    distinct.len() - 1
                }
            };
            of_config.push(i);
        }
        ListGroups { lists, of_config }
    }

    /// Distinct list sets.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The list set of config `i`.
    pub fn group_of(&self, config: usize) -> usize {
        self.of_config[config]
    }
}

/// What stages 1–3 and 6 decided for one call, independently of the risk config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pre {
    /// Validation refused it (reason code).
    Invalid(&'static str),
    /// Validated; `refusal` is the static policy's or the egress policy's
    /// refusal (reason code), if any; `env` the env filter's refusal.
    Valid {
        kind: HostcallKind,
        capability: Capability,
        refusal: Option<&'static str>,
        env: Option<&'static str>,
    },
}

/// One call of a compiled session.
#[derive(Debug, Clone, Copy)]
struct CompiledCall {
    /// Index into the session's normalised extension ids.
    ext: usize,
    ts_ms: u64,
    pre: Pre,
}

/// A session compiled once for every config of a sweep.
#[derive(Debug, Clone)]
pub struct CompiledSession {
    exts: Vec<String>,
    calls: Vec<CompiledCall>,
    /// Per list group, per call: the call's features (default where the risk
    /// stage is never reached).
    features: Vec<Vec<CallFeatures>>,
    harden: HardenConfig,
    state: StateConfig,
}

/// The part of a dispatch outcome the lab and the differential test read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepOutcome {
    pub status: DispatchStatus,
    /// The effective action (as [`super::DispatchOutcome::action`]).
    pub action: RiskAction,
    /// The risk controller's action and reasons, when it ran.
    pub risk: Option<(RiskAction, ReasonSet)>,
    /// Stable reason code (as [`super::DispatchOutcome::reason`]).
    pub reason: &'static str,
}

impl CompiledSession {
    /// Compile `reqs` (timestamps `ts_ms`) under `template`, an engine config
    /// whose every section but `[risk]` is the one each config runs with (its
    /// `[risk]` is ignored). None when the session needs what the stream cannot
    /// express (ledger, a Prompt decision, a quota): dispatch it instead.
    pub fn compile(
        template: &EngineConfig,
        groups: &ListGroups,
        reqs: &[HostcallRequest],
        ts_ms: &[u64],
    ) -> Option<CompiledSession> {
        if template.ledger.enabled || reqs.len() != ts_ms.len() {
            return None;
        }
        let rules = RequestRules::from_config(template);
        let (policy, _) = template.build_policy();
        let env_filter = template.build_env_filter();
        let mut exts: Vec<String> = Vec::new();
        let mut calls = Vec::with_capacity(reqs.len());
        let mut features = vec![Vec::with_capacity(reqs.len()); groups.len()];
        for (req, &ts) in reqs.iter().zip(ts_ms) {
            let ext_id = crate::policy::normalize_extension_id(&req.extension_id);
            let ext = match exts.iter().position(|e| *e == *ext_id) {
                Some(i) => i,
                None => {
                    exts.push(ext_id.to_string());
                    exts.len() - 1
                }
            };
            let pre = match validate_with(req, &rules) {
                Err(e) => Pre::Invalid(e.code()),
                Ok(v) => {
                    let (call, args) = (v.call, v.args);
                    if policy.quota_for(&ext_id).is_some() {
                        return None;
                    }
                    let check = policy.evaluate(call.capability, Some(ext_id.as_ref()));
                    let refusal = match check.decision {
                        Decision::Deny => Some(check.reason.as_str()),
                        Decision::Prompt => return None,
                        Decision::Allow => rules.http.check_call_egress(&args).err().map(|d| d.code()),
                    };
                    for (g, out) in features.iter_mut().enumerate() {
                        out.push(match refusal {
                            Some(_) => CallFeatures::default(),
                            None => extract_features_with(call.kind, call.capability, &args, &groups.lists[g]),
                        });
                    }
                    let env = if call.kind == HostcallKind::Env {
                        let verdict = env_filter.check_read(args.name, args.env_builtin);
                        (!verdict.allowed()).then_some(verdict.as_str())
                    } else {
                        None
                    };
                    Pre::Valid {
                        kind: call.kind,
                        capability: call.capability,
                        refusal,
                        env,
                    }
                }
            };
            if let Pre::Invalid(_) = pre {
                features.iter_mut().for_each(|out| out.push(CallFeatures::default()));
            }
            calls.push(CompiledCall { ext, ts_ms: ts, pre });
        }
        Some(CompiledSession {
            exts,
            calls,
            features,
            harden: template.harden,
            state: template.state,
        })
    }

    /// Calls in the session.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// One risk config's engine state over a session: what a fresh
/// [`super::Dispatcher::for_trace`] would hold, reset between sessions.
pub struct ConfigState {
    risk: RiskController,
    group: usize,
    enabled: bool,
    enforce: bool,
    terminated: Vec<usize>,
    /// Extensions under a Harden restriction and the calls it has left, as
    /// the dispatcher's map, in a list: it holds at most
    /// `state.max_extensions` entries (one in most sessions), so a scan is
    /// cheaper than hashing an index at every call.
    hardened: Vec<(usize, u32)>,
    /// Per extension of the session: where the controller keeps its state,
    /// once it has one (checked with [`RiskController::holds`] before use).
    handles: Vec<Option<ExtHandle>>,
}

impl ConfigState {
    fn reset(&mut self, s: &CompiledSession) {
        self.risk.reset();
        self.risk.set_max_extensions(s.state.max_extensions.max(1));
        self.terminated.clear();
        self.hardened.clear();
        self.handles.clear();
        self.handles.resize(s.exts.len(), None);
    }

    /// The handle on extension `ext`'s state, if it has one: the kept one
    /// while it holds, else looked up (after a state was dropped, or before
    /// the extension's first decision).
    #[inline(always)]
    fn handle(&mut self, s: &CompiledSession, ext: usize) -> Option<ExtHandle> {
        match self.handles.get(ext).copied().flatten() {
            Some(h) if self.risk.holds(h) => Some(h),
            _ => {
                let h = self.risk.handle(&s.exts[ext]);
                // Kept only for the session `start` sized the list for.
                if let Some(kept) = self.handles.get_mut(ext) {
                    *kept = h;
                }
                h
            }
        }
    }

    /// Dispatch stages 2–8 of call `i` of `s` under this config.
    fn step(&mut self, s: &CompiledSession, i: usize) -> StepOutcome {
        let c = s.calls[i];
        let ext = s.exts[c.ext].as_str();
        let now_ms = c.ts_ms;
        let refused = |status, reason| StepOutcome {
            status,
            action: if status == DispatchStatus::Terminated {
                RiskAction::Terminate
            } else {
                RiskAction::Deny
            },
            risk: None,
            reason,
        };
        let (kind, cap, refusal, env) = match c.pre {
            Pre::Invalid(code) => {
                self.risk.feedback(ext, None, false, Outcome::InvalidRequest, now_ms);
                self.risk.take_evicted();
                return refused(DispatchStatus::InvalidRequest, code);
            }
            Pre::Valid {
                kind,
                capability,
                refusal,
                env,
            } => (kind, capability, refusal, env),
        };
        let h = self.handle(s, c.ext);
        let quarantined = || {
            h.and_then(|h| self.risk.state_at(h))
                .is_some_and(|st| st.is_quarantined())
        };
        if self.terminated.contains(&c.ext) || (self.enforce && quarantined()) {
            if !self.terminated.contains(&c.ext) {
                self.terminated.push(c.ext);
            }
            return refused(DispatchStatus::Terminated, "terminated");
        }
        let (out, outcome) = self.run(s, i, h, kind, cap, refusal, env);
        // The decision made the state of a first call (or dropped another's).
        let h = self.handle(s, c.ext);
        self.risk
            .feedback_at(h, ext, Some(cap), out.risk.is_some(), outcome, now_ms);
        self.risk.take_evicted();
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        s: &CompiledSession,
        i: usize,
        h: Option<ExtHandle>,
        kind: HostcallKind,
        cap: Capability,
        refusal: Option<&'static str>,
        env: Option<&'static str>,
    ) -> (StepOutcome, Outcome) {
        let c = s.calls[i];
        let mut out = StepOutcome {
            status: DispatchStatus::Denied,
            action: RiskAction::Deny,
            risk: None,
            reason: "",
        };
        let ext = s.exts[c.ext].as_str();
        if self.terminated.len() >= s.state.max_terminated && h.is_none() {
            out.reason = "state_capacity_exhausted";
            return (out, Outcome::PolicyDenied);
        }
        if let Some(r) = refusal {
            out.reason = r;
            return (out, Outcome::PolicyDenied);
        }
        let mut action = RiskAction::Allow;
        if self.enabled {
            let input = RiskInput {
                extension_id: ext,
                kind,
                capability: cap,
                prompt: PromptSource::None,
                features: &s.features[self.group][i],
            };
            let (d, reasons) = self.risk.evaluate_runtime_risk_set_at(&input, c.ts_ms, h);
            if self.enforce {
                action = d.action;
            }
            out.risk = Some((d.action, reasons));
            // The reason code is looked up only for a call the action stops,
            // as in the dispatcher.
            if action == RiskAction::Terminate {
                let reason = primary_reason_of(reasons);
                if !self.terminated.contains(&c.ext) {
                    self.terminated.push(c.ext);
                }
                out.status = DispatchStatus::Terminated;
                out.action = RiskAction::Terminate;
                out.reason = reason;
                return (out, Outcome::RiskDenied);
            }
            if action == RiskAction::Deny {
                out.reason = primary_reason_of(reasons);
                return (out, Outcome::RiskDenied);
            }
        }
        if self.harden_restricts(s, c.ext, cap, action) {
            out.reason = "harden_restricted";
            return (out, Outcome::RiskDenied);
        }
        if let Some(r) = env {
            out.reason = r;
            return (out, Outcome::EnvFiltered);
        }
        // The lab's connector (a counting MockConnector) always succeeds.
        out.status = DispatchStatus::Ok;
        out.action = action;
        out.reason = if action == RiskAction::Harden { "harden" } else { "ok" };
        (out, Outcome::Success)
    }

    /// [`super::Dispatcher`]'s stage 5b, on extension indices.
    fn harden_restricts(&mut self, s: &CompiledSession, ext: usize, cap: Capability, action: RiskAction) -> bool {
        let calls = s.harden.calls;
        if calls == 0 {
            return false;
        }
        if action == RiskAction::Harden {
            let at = self.hardened.iter().position(|h| h.0 == ext);
            match at {
                Some(k) => self.hardened[k].1 = calls,
                None => {
                    if self.hardened.len() >= s.state.max_extensions.max(1) {
                        let oldest = (0..self.hardened.len()).min_by(|&a, &b| {
                            let (x, y) = (self.hardened[a], self.hardened[b]);
                            (x.1, &s.exts[x.0]).cmp(&(y.1, &s.exts[y.0]))
                        });
                        if let Some(k) = oldest {
                            self.hardened.swap_remove(k);
                        }
                    }
                    self.hardened.push((ext, calls));
                }
            }
        }
        let Some(k) = self.hardened.iter().position(|h| h.0 == ext) else {
            return false;
        };
        let left = &mut self.hardened[k].1;
        *left = left.saturating_sub(1);
        if *left == 0 {
            self.hardened.swap_remove(k);
        }
        s.harden.deny.contains(cap)
    }
}

/// One [`ConfigState`] per risk config, stepped together over compiled sessions.
pub struct Lockstep {
    configs: Vec<ConfigState>,
}

impl Lockstep {
    /// States for `risks` (in this order; `groups` built from the same slice).
    pub fn new(risks: &[RiskConfig], groups: &ListGroups) -> Self {
        let configs = risks
            .iter()
            .enumerate()
            .map(|(i, r)| ConfigState {
                risk: RiskController::with_clock(r.clone(), Box::new(TraceClock)),
                group: groups.group_of(i),
                enabled: r.enabled,
                enforce: r.enforce,
                terminated: Vec::new(),
                hardened: Vec::new(),
                handles: Vec::new(),
            })
            .collect();
        Lockstep { configs }
    }

    /// Configs.
    pub fn len(&self) -> usize {
        self.configs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.configs.is_empty()
    }

    /// Start session `s` in every config: as many fresh dispatchers.
    pub fn start(&mut self, s: &CompiledSession) {
        for c in &mut self.configs {
            c.reset(s);
        }
    }

    /// Dispatch call `i` of `s` (after [`Lockstep::start`] and calls `0..i`)
    /// under config `config`.
    pub fn step(&mut self, config: usize, s: &CompiledSession, i: usize) -> StepOutcome {
        self.configs[config].step(s, i)
    }
}
