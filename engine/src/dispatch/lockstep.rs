//! Compile once, evaluate many (issue 15, item 2): the lab's path for running
//! one session under many risk configs.
//!
//! [`CompiledSession::compile`] runs, once per session, everything
//! [`Dispatcher`](super::Dispatcher) computes from a call and the
//! config-independent part of its engine config (validation and capability,
//! the http parse, the static policy, the egress policy, the env name filter,
//! and the risk features through [`RiskController::extract_call_features`]'s
//! own function, once per distinct set of risk lists). [`Lockstep`] then runs
//! every risk config over that stream: the stages that read the risk config
//! or per-config state (terminated set, quarantine, the risk decision, the
//! Harden restriction, the outcome feedback) run in the same order and with
//! the same code as in the dispatcher, once per share group: configs equal
//! but for their prior, loss matrix and e-process ([`Choice`]) and their
//! window size that have taken the same actions so far share one engine
//! state, each call is scored once for them, and each config chooses its
//! action from the shared score ([`RiskController::choose_at`]). Configs
//! whose choices differ part, each part with its own copy of the state; so
//! do configs whose window is full when the group's larger one is not (a
//! window holds the same calls whatever its size until it is full). Each
//! group runs through the session on its own ([`Lockstep::run_session`]).
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
use crate::risk::decide::{Choice, Kept, Shared};
use crate::risk::path_memo::PathMemo;
use crate::risk::score::{extract_features_in, CompiledLists};
use crate::risk::state::EProcessState;
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

/// What compiling sessions keeps from one session to the next: per list set,
/// a memo of the paths' facts ([`PathMemo`], as the live dispatcher keeps
/// one for its controller). The facts are a pure function of the path and
/// the lists, so a memo carried over sessions changes no feature (test
/// `slo_10_a_compile_memo_carried_over_sessions_changes_no_feature`); the
/// lab's sessions name the same files again and again.
#[derive(Debug)]
pub struct CompileMemo {
    paths: Vec<PathMemo>,
}

impl CompileMemo {
    /// An empty memo for the list sets of `groups`.
    pub fn new(groups: &ListGroups) -> Self {
        CompileMemo {
            paths: (0..groups.len()).map(|_| PathMemo::default()).collect(),
        }
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
        Self::compile_with(template, groups, reqs, ts_ms, &mut CompileMemo::new(groups))
    }

    /// [`Self::compile`], reading paths' facts through `memo` (built from
    /// `groups`), which a caller keeps from one session to the next.
    pub fn compile_with(
        template: &EngineConfig,
        groups: &ListGroups,
        reqs: &[HostcallRequest],
        ts_ms: &[u64],
        memo: &mut CompileMemo,
    ) -> Option<CompiledSession> {
        if template.ledger.enabled || reqs.len() != ts_ms.len() || memo.paths.len() != groups.len() {
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
                    for ((out, lists), paths) in features.iter_mut().zip(&groups.lists).zip(&mut memo.paths) {
                        out.push(match refusal {
                            Some(_) => CallFeatures::default(),
                            None => {
                                extract_features_in(call.kind, call.capability, &args, lists, |p| paths.facts(p, lists))
                            }
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

/// One engine state over a session: what a fresh
/// [`super::Dispatcher::for_trace`] would hold, reset between sessions. A
/// share group's configs have one between them (their risk controller runs
/// the config of the group's first member; they differ only in their
/// [`Choice`]).
struct ConfigState {
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

/// What the stages before the risk decision left for it.
#[derive(Clone, Copy)]
struct BeforeRisk {
    kind: HostcallKind,
    cap: Capability,
    env: Option<&'static str>,
}

impl ConfigState {
    fn new(r: &RiskConfig, group: usize) -> Self {
        ConfigState {
            risk: RiskController::with_clock(r.clone(), Box::new(TraceClock)),
            group,
            enabled: r.enabled,
            enforce: r.enforce,
            terminated: Vec::new(),
            hardened: Vec::new(),
            handles: Vec::new(),
        }
    }

    fn reset(&mut self, s: &CompiledSession) {
        self.risk.reset();
        self.risk.set_max_extensions(s.state.max_extensions.max(1));
        self.terminated.clear();
        self.hardened.clear();
        self.handles.clear();
        self.handles.resize(s.exts.len(), None);
    }

    /// Become a copy of `other` (built from the same config).
    fn copy_from(&mut self, other: &ConfigState) {
        self.risk.copy_states_from(&other.risk);
        self.terminated.clone_from(&other.terminated);
        self.hardened.clone_from(&other.hardened);
        self.handles.clone_from(&other.handles);
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

    /// Dispatch stages 2–4 of call `i` of `s`: Err with the outcome (fed
    /// back already) when the call stops before the risk decision.
    fn before_risk(&mut self, s: &CompiledSession, i: usize, h: Option<ExtHandle>) -> Result<BeforeRisk, StepOutcome> {
        let c = s.calls[i];
        let (kind, cap, refusal, env) = match c.pre {
            Pre::Invalid(code) => {
                self.risk
                    .feedback(&s.exts[c.ext], None, false, Outcome::InvalidRequest, c.ts_ms);
                self.risk.take_evicted();
                return Err(refused(DispatchStatus::InvalidRequest, code));
            }
            Pre::Valid {
                kind,
                capability,
                refusal,
                env,
            } => (kind, capability, refusal, env),
        };
        let quarantined = || {
            h.and_then(|h| self.risk.state_at(h))
                .is_some_and(|st| st.is_quarantined())
        };
        if self.terminated.contains(&c.ext) || (self.enforce && quarantined()) {
            if !self.terminated.contains(&c.ext) {
                self.terminated.push(c.ext);
            }
            return Err(refused(DispatchStatus::Terminated, "terminated"));
        }
        let reason = if self.terminated.len() >= s.state.max_terminated && h.is_none() {
            Some("state_capacity_exhausted")
        } else {
            refusal
        };
        if let Some(reason) = reason {
            let out = StepOutcome {
                status: DispatchStatus::Denied,
                action: RiskAction::Deny,
                risk: None,
                reason,
            };
            return Err(self.finish(s, i, cap, out, Outcome::PolicyDenied));
        }
        Ok(BeforeRisk { kind, cap, env })
    }

    /// Dispatch stages 5–8 of call `i` after the risk decision `risk` (None
    /// with the controller off): the action's effect, the Harden
    /// restriction, the env filter, the connector, the outcome feedback.
    fn after_risk(
        &mut self,
        s: &CompiledSession,
        i: usize,
        b: BeforeRisk,
        risk: Option<(RiskAction, ReasonSet)>,
    ) -> StepOutcome {
        let c = s.calls[i];
        let mut out = StepOutcome {
            status: DispatchStatus::Denied,
            action: RiskAction::Deny,
            risk,
            reason: "",
        };
        let action = match risk {
            Some((a, _)) if self.enforce => a,
            _ => RiskAction::Allow,
        };
        let outcome = if let (RiskAction::Terminate | RiskAction::Deny, Some((_, reasons))) = (action, risk) {
            // The reason code is looked up only for a call the action stops,
            // as in the dispatcher.
            out.reason = primary_reason_of(reasons);
            if action == RiskAction::Terminate {
                if !self.terminated.contains(&c.ext) {
                    self.terminated.push(c.ext);
                }
                out.status = DispatchStatus::Terminated;
                out.action = RiskAction::Terminate;
            }
            Outcome::RiskDenied
        } else if self.harden_restricts(s, c.ext, b.cap, action) {
            out.reason = "harden_restricted";
            Outcome::RiskDenied
        } else if let Some(r) = b.env {
            out.reason = r;
            Outcome::EnvFiltered
        } else {
            // The lab's connector (a counting MockConnector) always succeeds.
            out.status = DispatchStatus::Ok;
            out.action = action;
            out.reason = if action == RiskAction::Harden { "harden" } else { "ok" };
            Outcome::Success
        };
        self.finish(s, i, b.cap, out, outcome)
    }

    /// Feed the outcome of call `i` back to the controller.
    fn finish(
        &mut self,
        s: &CompiledSession,
        i: usize,
        cap: Capability,
        out: StepOutcome,
        outcome: Outcome,
    ) -> StepOutcome {
        let c = s.calls[i];
        // The decision made the state of a first call (or dropped another's).
        let h = self.handle(s, c.ext);
        self.risk
            .feedback_at(h, &s.exts[c.ext], Some(cap), out.risk.is_some(), outcome, c.ts_ms);
        self.risk.take_evicted();
        out
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

/// A refusal before the risk decision.
fn refused(status: DispatchStatus, reason: &'static str) -> StepOutcome {
    StepOutcome {
        status,
        action: if status == DispatchStatus::Terminated {
            RiskAction::Terminate
        } else {
            RiskAction::Deny
        },
        risk: None,
        reason,
    }
}

/// Whether a config whose call ended with `o` stops there under early stop:
/// the risk controller answered Deny or worse, or the engine terminated the
/// extension before the controller ran (its own quarantine, an earlier
/// Terminate).
pub fn stops_early(o: &StepOutcome) -> bool {
    match o.risk {
        Some((action, _)) => action >= RiskAction::Deny,
        None => o.status == DispatchStatus::Terminated,
    }
}

/// One config inside a share group.
#[derive(Debug)]
struct Member {
    config: usize,
    /// Its window size ([`RiskConfig::effective_window`]).
    window: usize,
    /// Its e-process per extension of the session.
    e: Vec<EProcessState>,
}

/// Configs that differ only in their [`Choice`] and have taken the same
/// actions so far in this session: every stage but the choice of action
/// gives them the same result, so they share one engine state.
struct Group {
    state: ConfigState,
    /// The share kind (configs equal but for their choice and window) it
    /// belongs to.
    kind: usize,
    members: Vec<Member>,
    /// At most the smallest window of its members below the state's own
    /// (usize::MAX when there is none): a state that holds this many calls
    /// makes the lockstep look for members to part
    /// ([`Lockstep::part_by_window`]).
    min_window: usize,
}

/// One member's decision on a call, before its class is known.
#[derive(Clone, Copy)]
struct MemberDecision {
    action: RiskAction,
    reasons: ReasonSet,
    /// The action before fail-closed overrides and what the state keeps:
    /// with `action`, what decides the member's class.
    chosen: RiskAction,
    kept: Kept,
}

impl MemberDecision {
    fn class_key(&self) -> (RiskAction, RiskAction, Kept) {
        (self.action, self.chosen, self.kept)
    }
}

/// Every config of a sweep stepped together over compiled sessions, in share
/// groups: configs equal but for their prior, loss matrix and e-process
/// ([`Choice`]) start a session in one group with one engine state. Each call
/// is scored once per group; each member then chooses its action. Members
/// whose choices differ part: each set of members with one action (and one
/// fail-closed outcome and termination count) goes on with its own copy of the
/// state, from that call on. A config's decisions are therefore those of its
/// own dispatcher, which the differential test checks.
pub struct Lockstep {
    choices: Vec<Choice>,
    /// Per config: its window size.
    windows: Vec<usize>,
    /// Per share kind: its configs (ascending) and the config its states run.
    kinds: Vec<Vec<usize>>,
    /// Per share kind: the risk config its states are built from (with the
    /// largest window of the kind's configs), and its list group.
    kind_risk: Vec<(RiskConfig, usize)>,
    /// Groups waiting to run through the session, and the call each starts at.
    runs: Vec<(Group, usize)>,
    /// States of groups gone, per kind, reused for the next ones.
    spare: Vec<Vec<ConfigState>>,
    /// Scratch: the decisions of one group's members on one call.
    decided: Vec<MemberDecision>,
    /// Scratch: groups made by a split during one call.
    born: Vec<Group>,
    /// Parts made in the last session run.
    parted: usize,
}

impl Lockstep {
    /// States for `risks` (in this order; `groups` built from the same slice).
    pub fn new(risks: &[RiskConfig], groups: &ListGroups) -> Self {
        let mut keys: Vec<RiskConfig> = Vec::new();
        let mut kinds: Vec<Vec<usize>> = Vec::new();
        let mut kind_risk: Vec<(RiskConfig, usize)> = Vec::new();
        for (i, r) in risks.iter().enumerate() {
            let key = Choice::shared_key(r);
            match keys.iter().position(|k| *k == key) {
                Some(k) => {
                    kinds[k].push(i);
                    let w: &mut usize = &mut kind_risk[k].0.window_size;
                    *w = (*w).max(r.effective_window());
                }
                None => {
                    keys.push(key);
                    kinds.push(vec![i]);
                    let mut r = r.clone();
                    r.window_size = r.effective_window();
                    kind_risk.push((r, groups.group_of(i)));
                }
            }
        }
        Lockstep {
            choices: risks.iter().map(Choice::of).collect(),
            windows: risks.iter().map(RiskConfig::effective_window).collect(),
            spare: kinds.iter().map(|_| Vec::new()).collect(),
            kinds,
            kind_risk,
            runs: Vec::new(),
            decided: Vec::new(),
            born: Vec::new(),
            parted: 0,
        }
    }

    /// Configs.
    pub fn len(&self) -> usize {
        self.choices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.choices.is_empty()
    }

    /// Share kinds: sets of configs equal but for their prior, loss matrix,
    /// e-process and window size, each of which starts a session as one
    /// group.
    pub fn kinds(&self) -> usize {
        self.kinds.len()
    }

    /// Times configs parted in the last session run (each part beyond a
    /// kind's first group is one).
    pub fn parted(&self) -> usize {
        self.parted
    }

    fn take_state(&mut self, kind: usize) -> ConfigState {
        match self.spare[kind].pop() {
            Some(st) => st,
            None => {
                let (r, group) = &self.kind_risk[kind];
                ConfigState::new(r, *group)
            }
        }
    }

    /// Run session `s` under every config, from its first call to its end
    /// (or, with `early_stop`, each config's first call that
    /// [`stops_early`]), as many fresh dispatchers would: `emit(config, call,
    /// outcome)` gets every config's outcome of every call it dispatched.
    ///
    /// Each share group runs through the session on its own (a part that
    /// leaves it at call `i` goes on from call `i + 1` right after), so one
    /// group's state, a few kilobytes, stays in the core's nearest cache
    /// while the calls are read in order. Configs share nothing but their
    /// group's state, so the order changes no outcome. When `latency` is
    /// given, every `sample_every`-th call's step of a group is timed and
    /// each member gets the time divided by the group's size.
    pub fn run_session(
        &mut self,
        s: &CompiledSession,
        early_stop: bool,
        sample_every: u32,
        mut latency: Option<&mut dyn FnMut(usize, u64)>,
        emit: &mut dyn FnMut(usize, usize, &StepOutcome),
    ) {
        self.parted = 0;
        for kind in 0..self.kinds.len() {
            let mut state = self.take_state(kind);
            state.reset(s);
            state.risk.set_window(self.kind_risk[kind].0.window_size);
            let members: Vec<Member> = self.kinds[kind]
                .iter()
                .map(|&config| Member {
                    config,
                    window: self.windows[config],
                    e: vec![EProcessState::START; s.exts.len()],
                })
                .collect();
            let min_window = smaller_window(&members, state.risk.window());
            self.runs.push((
                Group {
                    state,
                    kind,
                    members,
                    min_window,
                },
                0,
            ));
        }
        let mask = sample_every.max(1).next_power_of_two() - 1;
        while let Some((mut g, from)) = self.runs.pop() {
            for i in from..s.calls.len() {
                if g.members.is_empty() {
                    break;
                }
                if g.min_window != usize::MAX {
                    // Members whose window this call would make evict leave first.
                    let ext = s.calls[i].ext;
                    if let Some(h) = g.state.handle(s, ext) {
                        let fill = g.state.risk.window_fill(h);
                        if fill >= g.min_window {
                            self.part_by_window(&mut g, fill, i);
                        }
                    }
                }
                let timed = latency.is_some() && (i as u32) & mask == 0;
                let t0 = timed.then(std::time::Instant::now);
                let n = g.members.len() as u64;
                self.step_group(&mut g, s, i, early_stop, &mut |c, o| emit(c, i, o));
                if let (Some(t0), Some(sink)) = (t0, latency.as_mut()) {
                    let ns = t0.elapsed().as_nanos() as u64 / n.max(1);
                    for m in &g.members {
                        sink(m.config, ns);
                    }
                    for b in &self.born {
                        for m in &b.members {
                            sink(m.config, ns);
                        }
                    }
                }
                self.parted += self.born.len();
                // Parts that left run next, from the next call.
                while let Some(b) = self.born.pop() {
                    self.runs.push((b, i + 1));
                }
            }
            self.spare[g.kind].push(g.state);
        }
    }

    fn step_group(
        &mut self,
        grp: &mut Group,
        s: &CompiledSession,
        i: usize,
        early_stop: bool,
        emit: &mut dyn FnMut(usize, &StepOutcome),
    ) {
        let c = s.calls[i];
        let h = grp.state.handle(s, c.ext);
        if h.is_none() {
            // The extension has no state (a first call, or its state was
            // dropped): its e-process starts over under every config.
            for m in &mut grp.members {
                m.e[c.ext] = EProcessState::START;
            }
        }
        let b = match grp.state.before_risk(s, i, h) {
            Ok(b) => b,
            Err(o) => {
                emit_all(&mut grp.members, &o, early_stop, emit);
                return;
            }
        };
        let input = RiskInput {
            extension_id: s.exts[c.ext].as_str(),
            kind: b.kind,
            capability: b.cap,
            prompt: PromptSource::None,
            features: &s.features[grp.state.group][i],
        };
        let shared = if grp.state.enabled {
            grp.state.risk.score_at(&input, c.ts_ms, h)
        } else {
            None
        };
        let Some(sh) = shared else {
            let o = grp.state.after_risk(s, i, b, None);
            emit_all(&mut grp.members, &o, early_stop, emit);
            return;
        };
        self.decided.clear();
        let elapsed = grp.state.risk.elapsed_since(&sh);
        for m in &mut grp.members {
            let (d, reasons, chosen, kept) =
                grp.state
                    .risk
                    .choose_at(&sh, &self.choices[m.config], &mut m.e[c.ext], elapsed);
            self.decided.push(MemberDecision {
                action: d.action,
                reasons,
                chosen,
                kept,
            });
        }
        // Members whose class differs from the first member's leave, one new
        // group per class, each with a copy of the state as the score left it.
        let first = self.decided[0].class_key();
        if self.decided.iter().any(|d| d.class_key() != first) {
            let mut k = 0;
            let (mut stay, mut stay_decided) = (Vec::new(), Vec::new());
            let mut classes: Vec<(MemberDecision, Vec<Member>, Vec<MemberDecision>)> = Vec::new();
            for (m, d) in grp.members.drain(..).zip(self.decided.drain(..)) {
                if d.class_key() == first {
                    stay.push(m);
                    stay_decided.push(d);
                } else if let Some(cl) = classes.iter_mut().find(|cl| cl.0.class_key() == d.class_key()) {
                    cl.1.push(m);
                    cl.2.push(d);
                } else {
                    classes.push((d, vec![m], vec![d]));
                }
                k += 1;
            }
            debug_assert!(k > 1);
            grp.members = stay;
            self.decided = stay_decided;
            let kind = grp.kind;
            for (lead, members, decided) in classes {
                let enforce = grp.state.enforce;
                if early_stop && enforce && lead.action >= RiskAction::Deny {
                    // The whole class stops on this call: its outcome needs
                    // no state of its own.
                    for (m, d) in members.iter().zip(&decided) {
                        emit(m.config, &stopped(d));
                    }
                    continue;
                }
                let mut state = self.take_state(kind);
                state.copy_from(&grp.state);
                let mut born = Group {
                    state,
                    kind,
                    members,
                    min_window: grp.min_window,
                };
                decide_class(&mut born, &sh, s, i, b, &decided, early_stop, emit);
                self.born.push(born);
            }
        }
        decide_class(grp, &sh, s, i, b, &self.decided, early_stop, emit);
    }
}

impl Lockstep {
    /// Before call `i` pushes to a window that holds `fill` calls: the
    /// members whose window is that full leave `grp` (a window of their size
    /// would evict at this call, the group's larger one does not), one new
    /// group per window size, each with a copy of the state at its own
    /// window; they run from call `i` on. When every member leaves, the
    /// group itself goes on at the largest of their windows.
    #[cold]
    fn part_by_window(&mut self, grp: &mut Group, fill: usize, i: usize) {
        debug_assert!(grp.members.iter().all(|m| m.window >= fill));
        let window = grp.state.risk.window();
        let mut leaving: Vec<Member> = Vec::new();
        let mut k = 0;
        while k < grp.members.len() {
            if grp.members[k].window <= fill && grp.members[k].window < window {
                leaving.push(grp.members.remove(k));
            } else {
                k += 1;
            }
        }
        if grp.members.is_empty() {
            // The group goes on with the members of the largest window.
            let w = leaving.iter().map(|m| m.window).max().unwrap_or(fill);
            let (stay, go): (Vec<Member>, Vec<Member>) = leaving.into_iter().partition(|m| m.window == w);
            grp.members = stay;
            leaving = go;
            grp.state.risk.set_window(w);
        }
        while let Some(w) = leaving.first().map(|m| m.window) {
            let (members, rest): (Vec<Member>, Vec<Member>) = leaving.into_iter().partition(|m| m.window == w);
            leaving = rest;
            let mut state = self.take_state(grp.kind);
            state.copy_from(&grp.state);
            state.risk.set_window(w);
            self.parted += 1;
            self.runs.push((
                Group {
                    state,
                    kind: grp.kind,
                    members,
                    min_window: w,
                },
                i,
            ));
        }
        grp.min_window = smaller_window(&grp.members, grp.state.risk.window());
    }
}

/// The smallest window of `members` below `window`, the one their state
/// runs at (usize::MAX when there is none).
fn smaller_window(members: &[Member], window: usize) -> usize {
    members
        .iter()
        .map(|m| m.window)
        .filter(|&w| w < window)
        .min()
        .unwrap_or(usize::MAX)
}

/// The outcome of a call whose enforced risk action (Deny or Terminate)
/// stopped it.
fn stopped(d: &MemberDecision) -> StepOutcome {
    let mut o = refused(
        if d.action == RiskAction::Terminate {
            DispatchStatus::Terminated
        } else {
            DispatchStatus::Denied
        },
        primary_reason_of(d.reasons),
    );
    o.risk = Some((d.action, d.reasons));
    o
}

/// The rest of call `i` for one class of a group's members (`decided[k]` is
/// member k's decision; they share an action): store what the decision keeps,
/// run the stages after it once, and give each member its outcome.
#[allow(clippy::too_many_arguments)]
fn decide_class(
    grp: &mut Group,
    sh: &Shared,
    s: &CompiledSession,
    i: usize,
    b: BeforeRisk,
    decided: &[MemberDecision],
    early_stop: bool,
    emit: &mut dyn FnMut(usize, &StepOutcome),
) {
    let lead = decided[0];
    grp.state.risk.keep_at(sh, lead.kept, lead.chosen);
    let o = grp.state.after_risk(s, i, b, Some((lead.action, lead.reasons)));
    // Only the reasons, and a reason code drawn from them, differ by member.
    let from_reasons = grp.state.enforce && lead.action >= RiskAction::Deny;
    let mut k = 0;
    grp.members.retain(|m| {
        let d = decided[k];
        k += 1;
        let mut mine = o;
        mine.risk = Some((d.action, d.reasons));
        if from_reasons {
            mine.reason = primary_reason_of(d.reasons);
        }
        emit(m.config, &mine);
        !(early_stop && stops_early(&mine))
    });
}

/// Give every member of a group the same outcome; drop those it stops.
fn emit_all(members: &mut Vec<Member>, o: &StepOutcome, early_stop: bool, emit: &mut dyn FnMut(usize, &StepOutcome)) {
    for m in members.iter() {
        emit(m.config, o);
    }
    if early_stop && stops_early(o) {
        members.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// SLO-10 (the sweep's counts are the engine's), issue 15: paths' facts
    /// read through a memo kept from one session's compile to the next give
    /// every call the features a fresh compile gives, for sessions that
    /// name more paths than the memo holds (so it evicts), sensitive and
    /// credential paths among ordinary ones, under two list sets.
    #[test]
    fn slo_10_a_compile_memo_carried_over_sessions_changes_no_feature() {
        let mut cfg = EngineConfig::default();
        cfg.ledger.enabled = false;
        // A second list set that also calls the notes sensitive.
        let mut wide = cfg.risk.clone();
        wide.lists.sensitive_path_markers.push("notes/".into());
        let risks = [cfg.risk.clone(), wide];
        let groups = ListGroups::new(&risks);
        assert_eq!(groups.len(), 2);
        let paths = |seed: usize| -> Vec<String> {
            (0..150)
                .map(|i| match (i * 7 + seed) % 5 {
                    0 => format!("src/mod_{}.rs", (i * 13 + seed) % 90),
                    1 => format!("/home/dev/.ssh/id_{}", i % 3),
                    2 => ".env".to_string(),
                    3 => format!("docs/../.aws/credentials{}", i % 2),
                    _ => format!("notes/{}.md", i % 40),
                })
                .collect()
        };
        let mut memo = CompileMemo::new(&groups);
        let mut sensitive = [0usize; 2];
        for seed in 0..4 {
            let reqs: Vec<HostcallRequest> = paths(seed)
                .into_iter()
                .enumerate()
                .map(|(i, p)| HostcallRequest::new(format!("c{i}"), "ext.a", "fs", json!({"op": "read", "path": p})))
                .collect();
            let ts: Vec<u64> = (0..reqs.len() as u64).map(|i| i * 100).collect();
            let kept = CompiledSession::compile_with(&cfg, &groups, &reqs, &ts, &mut memo).expect("compiles");
            let fresh = CompiledSession::compile(&cfg, &groups, &reqs, &ts).expect("compiles");
            assert_eq!(kept.features, fresh.features, "session {seed}");
            for (n, features) in sensitive.iter_mut().zip(&fresh.features) {
                *n += features.iter().filter(|f| f.sensitive_path).count();
            }
        }
        assert!(sensitive[0] > 100, "the sessions read sensitive paths: {sensitive:?}");
        assert!(sensitive[1] > sensitive[0], "the list sets differ: {sensitive:?}");
    }
}
