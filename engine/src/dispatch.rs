//! The hostcall dispatch pipeline: the one path every hostcall takes, in the
//! simulator, the CLI and the benches alike.
//!
//! Stages, in order (a call stops at the first that refuses it):
//! 1. validate and 2. derive the capability (INV-001, INV-002): the tool
//!    registry and, for `http`, the parsed URL, scheme, method and body rules,
//!    then the terminated check (a terminated extension never reaches a connector),
//! 3. policy: a policy deny ends the call; otherwise, for `http`, the egress
//!    policy (`[http]`: metadata always, deny/allow hosts, non-public
//!    destinations) refuses as `denied` with an `egress_*` reason *before* any
//!    prompt is raised and before the risk controller; then prompt resolution:
//!    cache, else handler, else deny (INV-008), keyed for `http` by the parsed host,
//! 4. quota,
//! 5. runtime risk, only after a policy allow, and only keeping or tightening
//!    (INV-009), on the features of the call (an `http` call's from the request
//!    parsed at stage 1); in shadow mode it scores and records but never blocks; an
//!    enforced Harden restricts the extension's next calls (`[harden]`),
//! 6. the env name filter for env calls (INV-011: the filter *and* policy),
//! 7. the connector (an error fails closed, G-4),
//! 8. ledger append and outcome feedback into the risk window. The live
//!    dispatcher ([`Dispatcher::new`]) hands entries to a background sealer
//!    thread that hashes, chains and signs them in batches; the lab and replay
//!    seal inline. Both give the same ledger (`dispatch/ledger_sink.rs`).
//!
//! The fast path is the same code: with the ledger disabled nothing is hashed or
//! cloned, and with `measure_stages` off no clock is read outside the risk timeout.

use crate::capability::Capability;
use crate::clock::TraceClock;
use crate::config::EngineConfig;
use crate::connector::Connector;
use crate::env::EnvFilter;
use crate::hostcall::{validate_with_memo, HostcallKind, HostcallRequest, RequestRules};
use crate::ledger::{Ledger, LedgerPolicy};
use crate::params::Params;
use crate::policy::{
    resolve_prompt_in, Decision, ExtensionPolicy, PolicyAuditEvent, PolicyCheck, PromptCache, PromptHandler,
    PromptResolution,
};
use crate::risk::{Clock, Outcome, PromptSource, RiskAction, RiskController, RiskDecision, RiskInput, RiskReason};
use crate::IdHash;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hint::cold_path;
use std::time::Instant;

/// How a dispatch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchStatus {
    /// The connector performed the call.
    Ok,
    /// Policy, prompt, quota, risk or the env filter refused it.
    Denied,
    /// Validation rejected it before anything ran.
    InvalidRequest,
    /// The extension is (or just got) terminated.
    Terminated,
    /// The connector failed; the call fails closed.
    ConnectorError,
}

impl DispatchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DispatchStatus::Ok => "ok",
            DispatchStatus::Denied => "denied",
            DispatchStatus::InvalidRequest => "invalid_request",
            DispatchStatus::Terminated => "terminated",
            DispatchStatus::ConnectorError => "connector_error",
        }
    }
}

/// Nanoseconds spent per stage (all zero unless `risk.measure_stages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StageTimings {
    pub validate_ns: u64,
    pub policy_ns: u64,
    pub quota_ns: u64,
    pub risk_ns: u64,
    pub env_ns: u64,
    pub connector_ns: u64,
    pub ledger_ns: u64,
    pub total_ns: u64,
}

impl StageTimings {
    /// Everything except the connector: the security overhead of the call.
    pub fn overhead_ns(&self) -> u64 {
        self.total_ns.saturating_sub(self.connector_ns)
    }
}

/// The result of one dispatch.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchOutcome {
    pub status: DispatchStatus,
    /// The derived capability (None when validation failed).
    pub capability: Option<Capability>,
    pub policy: Option<PolicyCheck>,
    /// How a Prompt decision was resolved, when there was one.
    pub prompt: Option<PromptResolution>,
    /// The risk controller's decision, when it ran.
    pub risk: Option<RiskDecision>,
    /// The effective action: Deny for any refusal, Terminate for a terminated
    /// extension, else the risk action (Allow in shadow mode).
    pub action: RiskAction,
    /// Stable reason code of the outcome.
    pub reason: &'static str,
    pub reached_connector: bool,
    /// The connector's answer on success.
    pub value: Option<Value>,
    /// The ledger index of this call's entry, when the ledger is on.
    pub ledger_index: Option<u64>,
    pub timings: StageTimings,
}

#[derive(Debug, Clone, Default)]
struct QuotaState {
    total: u64,
    minute: VecDeque<u64>,
}

struct Stopwatch {
    on: bool,
    start: Option<Instant>,
    last: Option<Instant>,
}

impl Stopwatch {
    fn new(on: bool) -> Self {
        let now = on.then(Instant::now);
        Stopwatch {
            on,
            start: now,
            last: now,
        }
    }
    fn lap(&mut self) -> u64 {
        if !self.on {
            return 0;
        }
        let now = Instant::now();
        let ns = self.last.map_or(0, |l| now.duration_since(l).as_nanos() as u64);
        self.last = Some(now);
        ns
    }
    fn total(&self) -> u64 {
        self.start.map_or(0, |s| s.elapsed().as_nanos() as u64)
    }
}

/// Everything a finished dispatch reports, before ledger and feedback.
struct Fin {
    status: DispatchStatus,
    capability: Option<Capability>,
    kind: Option<HostcallKind>,
    policy: Option<PolicyCheck>,
    prompt: Option<PromptResolution>,
    risk: Option<(RiskDecision, crate::risk::CallFeatures)>,
    action: RiskAction,
    reason: &'static str,
    outcome: Outcome,
    reached_connector: bool,
    value: Option<Value>,
}

impl Fin {
    fn refused(status: DispatchStatus, reason: &'static str, outcome: Outcome) -> Self {
        Fin {
            status,
            capability: None,
            kind: None,
            policy: None,
            prompt: None,
            risk: None,
            action: if status == DispatchStatus::Terminated {
                RiskAction::Terminate
            } else {
                RiskAction::Deny
            },
            reason,
            outcome,
            reached_connector: false,
            value: None,
        }
    }
}

/// The dispatcher: policy, prompt store, env filter, risk controller, ledger,
/// quota counters and the set of terminated extensions.
pub struct Dispatcher {
    rules: RequestRules,
    policy: ExtensionPolicy,
    audit: Vec<PolicyAuditEvent>,
    env_filter: EnvFilter,
    prompt_cache: PromptCache,
    prompt_handler: Option<Box<dyn PromptHandler + Send>>,
    risk: RiskController,
    risk_enabled: bool,
    enforce: bool,
    measure: bool,
    ledger: Option<LedgerSink>,
    quotas: HashMap<String, QuotaState, IdHash>,
    terminated: HashSet<String, IdHash>,
    state_cfg: crate::config::StateConfig,
    harden_cfg: crate::config::HardenConfig,
    /// Extensions under a Harden restriction: calls left.
    hardened: HashMap<String, u32, IdHash>,
    /// The facts of the last paths the risk features read, for `risk`'s lists
    /// (which never change: the dispatcher keeps one controller for life).
    path_memo: crate::risk::path_memo::PathMemo,
    /// The parses of the last URLs its http calls named and the built-in
    /// verdicts of the last env names (`url_memo.rs`, `env_memo.rs`).
    memos: crate::hostcall::ValidationMemos,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("risk", &self.risk)
            .field("ledger_unsealed", &self.ledger.as_ref().map(LedgerSink::unsealed))
            .field("terminated", &self.terminated.len())
            .finish_non_exhaustive()
    }
}

mod ledger_sink;
pub mod lockstep;
pub use ledger_sink::SEAL_BATCH;
use ledger_sink::{EntryText, LedgerSink, Unsealed, UnsealedRisk};

/// Reasons in the order they name a risk refusal (the first present wins).
const PRIMARY_ORDER: [RiskReason; 8] = [
    RiskReason::DecisionTimeout,
    RiskReason::InternalError,
    RiskReason::Quarantined,
    RiskReason::UnsafeStreak,
    RiskReason::DangerousCapabilityEscalation,
    RiskReason::HardenDeny,
    RiskReason::EProcessBreach,
    RiskReason::DriftDetected,
];

/// The most severe reason of a risk decision whose reasons are the set
/// `reasons`, as the dispatch reason code: the first of `PRIMARY_ORDER` it
/// holds, else its first reason in [`RiskReason::ALL`]'s order.
fn primary_reason_of(reasons: crate::risk::ReasonSet) -> &'static str {
    PRIMARY_ORDER
        .into_iter()
        .find(|r| reasons.contains(*r))
        .or_else(|| RiskReason::ALL.into_iter().find(|r| reasons.contains(*r)))
        .map_or("risk_deny", RiskReason::as_str)
}

impl Dispatcher {
    /// [`EngineConfig::validate`] first: an out-of-range numeric field is an
    /// error here instead of a wrong decision or a panic later.
    pub fn try_new(cfg: &EngineConfig) -> Result<Self, crate::config::InvalidField> {
        cfg.validate()?;
        Ok(Dispatcher::new(cfg))
    }

    /// The live engine: the decision timeout measures real time ([`crate::live_clock`])
    /// and the ledger is sealed by a background thread
    /// ([`Dispatcher::with_background_sealer`]). Builds without validation (the
    /// config is trusted: built-in or already validated by `load_engine_config`).
    pub fn new(cfg: &EngineConfig) -> Self {
        Self::with_clock(cfg, crate::clock::live_clock()).with_background_sealer()
    }

    /// Seal ledger entries on a background thread, in batches of
    /// [`SEAL_BATCH`]: the call's thread only builds the entry and keeps a
    /// reference to its params; the params' bytes and hash, the chain hash and
    /// any signed checkpoint are computed off the call's critical path. Every
    /// reader ([`Self::ledger`]) first waits for the entries in flight, so what
    /// it sees is the same ledger inline sealing gives. Without a ledger this
    /// changes nothing; when no thread can be started, sealing stays inline.
    pub fn with_background_sealer(mut self) -> Self {
        if let Some(ledger) = self.ledger.as_mut().and_then(LedgerSink::sync).map(std::mem::take) {
            self.ledger = Some(LedgerSink::background(ledger));
        }
        self
    }

    /// True when ledger entries are sealed by a background thread.
    pub fn seals_in_background(&self) -> bool {
        self.ledger.as_ref().is_some_and(LedgerSink::is_background)
    }

    /// The lab and replay: decisions follow the trace's `ts_ms` and the decision
    /// timeout measures on the trace's clock ([`TraceClock`]), so a slow machine
    /// never changes a decision.
    pub fn for_trace(cfg: &EngineConfig) -> Self {
        Self::with_clock(cfg, Box::new(TraceClock))
    }

    /// A dispatcher whose risk controller measures the decision timeout on `clock`
    /// (tests force timeouts with a [`crate::StepClock`]).
    pub fn with_clock(cfg: &EngineConfig, clock: Box<dyn Clock>) -> Self {
        let (policy, audit) = cfg.build_policy();
        Dispatcher {
            rules: RequestRules::from_config(cfg),
            policy,
            audit,
            env_filter: cfg.build_env_filter(),
            prompt_cache: PromptCache::default(),
            prompt_handler: None,
            risk: RiskController::with_clock(cfg.risk.clone(), clock),
            risk_enabled: cfg.risk.enabled,
            enforce: cfg.risk.enforce,
            measure: cfg.risk.measure_stages,
            ledger: cfg
                .ledger
                .enabled
                .then(|| LedgerSink::inline(Ledger::with_config(&cfg.ledger, cfg.digest()))),
            quotas: HashMap::default(),
            terminated: HashSet::default(),
            state_cfg: cfg.state,
            harden_cfg: cfg.harden,
            hardened: HashMap::default(),
            path_memo: crate::risk::path_memo::PathMemo::default(),
            memos: crate::hostcall::ValidationMemos::default(),
        }
        .with_state_bounds()
    }

    fn with_state_bounds(mut self) -> Self {
        self.risk.set_max_extensions(self.state_cfg.max_extensions.max(1));
        self
    }

    /// Stage 5b: an enforced Harden starts (or restarts) a restriction of the
    /// extension's next `harden.calls` calls; while it lasts, calls needing a
    /// capability in `harden.deny` are refused. Returns true to refuse.
    fn harden_restricts(&mut self, ext: &str, cap: Capability, action: RiskAction) -> bool {
        let calls = self.harden_cfg.calls;
        if calls == 0 {
            return false;
        }
        if action == RiskAction::Harden {
            if !self.hardened.contains_key(ext) && self.hardened.len() >= self.state_cfg.max_extensions.max(1) {
                // Bound: drop the restriction closest to its end.
                let oldest = self
                    .hardened
                    .iter()
                    .min_by_key(|(k, v)| (**v, (*k).clone()))
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    self.hardened.remove(&k);
                }
            }
            self.hardened.insert(ext.to_string(), calls);
        }
        let Some(left) = self.hardened.get_mut(ext) else {
            return false;
        };
        *left = left.saturating_sub(1);
        if *left == 0 {
            self.hardened.remove(ext);
        }
        self.harden_cfg.deny.contains(cap)
    }

    /// Calls of this extension still under a Harden restriction.
    pub fn harden_calls_left(&self, extension_id: &str) -> u32 {
        let ext = crate::policy::normalize_extension_id(extension_id);
        self.hardened.get(ext.as_ref()).copied().unwrap_or(0)
    }

    /// Install a prompt handler (without one, every Prompt resolves to deny).
    pub fn set_prompt_handler(&mut self, h: Box<dyn PromptHandler + Send>) {
        self.prompt_handler = Some(h);
    }

    /// Sign ledger checkpoints with `signer` (install before the first call).
    pub fn set_ledger_signer(&mut self, signer: crate::checkpoint::LedgerSigner) {
        if let Some(l) = self.ledger.as_mut().and_then(LedgerSink::sync) {
            l.set_signer(signer);
        }
    }

    /// Replace the risk controller's clock (tests and fuzzing force timeouts with it).
    pub fn set_risk_clock(&mut self, clock: Box<dyn Clock>) {
        self.risk.set_clock(clock);
    }

    /// The validation rules (tool registry, HTTP request rules and egress policy).
    pub fn rules(&self) -> &RequestRules {
        &self.rules
    }
    /// Register a tool at run time (an extension's own tools, registered when it
    /// loads, need `tool`). A name already known keeps its capability: a
    /// built-in, or a config or earlier registration with another capability,
    /// is refused ([`crate::tools::ToolRegistry::register`]).
    pub fn register_tool(
        &mut self,
        name: &str,
        capability: Capability,
    ) -> Result<(), crate::tools::ToolRegistrationError> {
        self.rules.tools.register(name, capability)
    }
    pub fn policy(&self) -> &ExtensionPolicy {
        &self.policy
    }
    pub fn audit_events(&self) -> &[PolicyAuditEvent] {
        &self.audit
    }
    pub fn risk(&self) -> &RiskController {
        &self.risk
    }
    /// The ledger with every dispatched call sealed into it (waits for the
    /// background sealer). None when the ledger is off, or lost with a sealer
    /// thread that died (every call is then refused: `ledger_unavailable`).
    pub fn ledger(&mut self) -> Option<&Ledger> {
        self.ledger.as_mut().and_then(LedgerSink::sync).map(|l| &*l)
    }
    pub fn ledger_mut(&mut self) -> Option<&mut Ledger> {
        self.ledger.as_mut().and_then(LedgerSink::sync)
    }
    pub fn prompt_cache_mut(&mut self) -> &mut PromptCache {
        &mut self.prompt_cache
    }
    pub fn is_terminated(&self, extension_id: &str) -> bool {
        self.terminated
            .contains(crate::policy::normalize_extension_id(extension_id).as_ref())
    }

    /// Run one hostcall through every stage. Nothing refused, and nothing from a
    /// terminated extension, ever reaches `connector`.
    pub fn dispatch_host_call_shared(
        &mut self,
        req: &HostcallRequest,
        now_ms: u64,
        connector: &mut dyn Connector,
    ) -> DispatchOutcome {
        let mut sw = Stopwatch::new(self.measure);
        let mut t = StageTimings::default();
        // One id per extension for policy, quota, risk, termination and the
        // ledger: trimmed and case-folded (issue 14).
        let ext = crate::policy::normalize_extension_id(&req.extension_id);
        let fin = self.run_stages(req, &ext, now_ms, connector, &mut sw, &mut t);
        self.finish(req, &ext, now_ms, fin, sw, t)
    }

    fn run_stages(
        &mut self,
        req: &HostcallRequest,
        ext: &str,
        now_ms: u64,
        connector: &mut dyn Connector,
        sw: &mut Stopwatch,
        t: &mut StageTimings,
    ) -> Fin {
        // Stages 1-2: validation and capability derivation.
        let validated = validate_with_memo(req, &self.rules, &mut self.memos);
        t.validate_ns = sw.lap();
        let mut v = match validated {
            Ok(v) => v,
            Err(e) => {
                cold_path();
                return Fin::refused(DispatchStatus::InvalidRequest, e.code(), Outcome::InvalidRequest);
            }
        };
        let call = v.call;
        // A ledger lost with its sealer thread fails closed: no call runs once it is gone.
        if self.ledger.as_ref().is_some_and(LedgerSink::is_lost) {
            cold_path();
            return Fin::refused(DispatchStatus::Denied, "ledger_unavailable", Outcome::OtherError);
        }
        if self.terminated.contains(ext) || (self.enforce && self.risk.is_quarantined(ext)) {
            cold_path();
            self.terminated.insert(ext.to_string());
            let mut f = Fin::refused(DispatchStatus::Terminated, "terminated", Outcome::Terminated);
            f.capability = Some(call.capability);
            f.kind = Some(call.kind);
            return f;
        }
        let mut fin = Fin::refused(DispatchStatus::Denied, "", Outcome::PolicyDenied);
        fin.capability = Some(call.capability);
        fin.kind = Some(call.kind);
        // Terminated ids are never evicted; past their bound, an extension the
        // dispatcher holds no state for is refused (fail closed, [state]).
        if self.terminated.len() >= self.state_cfg.max_terminated && self.risk.state(ext).is_none() {
            cold_path();
            fin.reason = "state_capacity_exhausted";
            return fin;
        }

        // Stage 3: policy, the egress policy of an http call, prompt resolution.
        let check = self.policy.evaluate(call.capability, Some(ext));
        fin.policy = Some(check);
        if check.decision == Decision::Deny {
            cold_path();
            t.policy_ns = sw.lap();
            fin.reason = check.reason.as_str();
            return fin;
        }
        // Stage 3b: the egress policy, before any prompt is raised (nobody is asked
        // about a destination no answer could allow) and before the risk controller.
        if v.args.http.is_some() || v.args.egress.is_some() {
            if let Err(denial) = self.rules.http.check_call_egress(&v.args) {
                cold_path();
                t.policy_ns = sw.lap();
                fin.reason = denial.code();
                return fin;
            }
        }
        let prompt_source = match check.decision {
            // (A policy Deny returned above.)
            Decision::Allow | Decision::Deny => PromptSource::None,
            Decision::Prompt => {
                // A prompt waits on its handler (a person, in the live engine):
                // laid out of the way of the calls the policy allows outright.
                cold_path();
                if self.prompt_cache.len() >= self.state_cfg.max_prompt_answers {
                    self.prompt_cache.clear();
                }
                let handler = self.prompt_handler.as_deref_mut().map(|h| h as &mut dyn PromptHandler);
                // Keyed by the resource class too: one "yes" covers one program, host or
                // directory (an http request's host as parsed, WHATWG).
                let resource = crate::resource::resource_class(call.kind, call.capability, &v.args);
                let res = resolve_prompt_in(ext, call.capability, &resource, &mut self.prompt_cache, handler);
                fin.prompt = Some(res);
                // The connector re-checks the policy: it runs the call on this answer only.
                v.prompt = Some(res);
                if !res.allowed() {
                    t.policy_ns = sw.lap();
                    fin.reason = res.as_str();
                    return fin;
                }
                if res == PromptResolution::PromptCacheAllow {
                    PromptSource::Cache
                } else {
                    PromptSource::User
                }
            }
        };
        t.policy_ns = sw.lap();

        // Stage 4: quota.
        if let Some(q) = self.policy.quota_for(ext) {
            if !self.take_quota(ext, q, now_ms) {
                cold_path();
                t.quota_ns = sw.lap();
                fin.reason = "quota_exceeded";
                fin.outcome = Outcome::QuotaExceeded;
                return fin;
            }
        }
        t.quota_ns = sw.lap();

        // Stage 5: runtime risk (only reached after a policy allow: INV-009).
        let mut action = RiskAction::Allow;
        if self.risk_enabled {
            let features = self
                .risk
                .extract_call_features(call.kind, call.capability, &v.args, &mut self.path_memo);
            let input = RiskInput {
                extension_id: ext,
                kind: call.kind,
                capability: call.capability,
                prompt: prompt_source,
                features: &features,
            };
            let (mut d, reasons) = self.risk.evaluate_runtime_risk_set(&input, now_ms);
            d.reasons = reasons.to_vec();
            if self.enforce {
                action = d.action;
            }
            // The reason code is looked up only for a call the action stops:
            // an allowed call never reads it.
            let stops = action == RiskAction::Terminate || action == RiskAction::Deny;
            let reason = if stops { primary_reason_of(reasons) } else { "" };
            fin.risk = Some((d, features));
            t.risk_ns = sw.lap();
            if action == RiskAction::Terminate {
                cold_path();
                self.terminated.insert(ext.to_string());
                fin.status = DispatchStatus::Terminated;
                fin.action = RiskAction::Terminate;
                fin.reason = reason;
                fin.outcome = Outcome::RiskDenied;
                return fin;
            }
            if action == RiskAction::Deny {
                cold_path();
                fin.reason = reason;
                fin.outcome = Outcome::RiskDenied;
                return fin;
            }
        }
        // Only a Harden starts a restriction, and only a running one can
        // refuse: with neither, the call skips the (out-of-line) check.
        if (action == RiskAction::Harden || !self.hardened.is_empty())
            && self.harden_restricts(ext, call.capability, action)
        {
            cold_path();
            fin.reason = "harden_restricted";
            fin.outcome = Outcome::RiskDenied;
            return fin;
        }

        // Stage 6: env name filter (policy already allowed `env`; both must agree).
        if call.kind == HostcallKind::Env {
            let verdict = self.env_filter.check_read(v.args.name, v.args.env_builtin);
            t.env_ns = sw.lap();
            if !verdict.allowed() {
                cold_path();
                fin.reason = verdict.as_str();
                fin.outcome = Outcome::EnvFiltered;
                return fin;
            }
        }

        // Stage 7: the connector. An error fails closed (G-4).
        let result = connector.call(&v, req);
        t.connector_ns = sw.lap();
        fin.reached_connector = true;
        match result {
            Ok(v) => {
                fin.status = DispatchStatus::Ok;
                fin.action = action;
                fin.reason = if action == RiskAction::Harden { "harden" } else { "ok" };
                fin.outcome = Outcome::Success;
                fin.value = Some(v);
            }
            Err(e) => {
                cold_path();
                fin.status = DispatchStatus::ConnectorError;
                fin.action = RiskAction::Deny;
                fin.reason = e.code();
                fin.outcome = Outcome::ConnectorError;
            }
        }
        fin
    }

    fn take_quota(&mut self, ext: &str, q: crate::policy::Quota, now_ms: u64) -> bool {
        if !self.quotas.contains_key(ext) {
            self.quotas.insert(ext.to_string(), QuotaState::default());
        }
        let Some(s) = self.quotas.get_mut(ext) else {
            return false;
        };
        if let Some(max) = q.max_calls {
            if s.total >= max {
                return false;
            }
        }
        if let Some(per_min) = q.max_calls_per_minute {
            while s.minute.front().is_some_and(|&t0| t0.saturating_add(60_000) <= now_ms) {
                s.minute.pop_front();
            }
            if s.minute.len() >= per_min as usize {
                return false;
            }
            s.minute.push_back(now_ms);
        }
        s.total += 1;
        true
    }

    /// Stage 8: ledger and feedback.
    fn finish(
        &mut self,
        req: &HostcallRequest,
        ext: &str,
        now_ms: u64,
        fin: Fin,
        mut sw: Stopwatch,
        mut t: StageTimings,
    ) -> DispatchOutcome {
        if fin.status != DispatchStatus::Terminated || fin.risk.is_some() {
            // A call of an already-terminated extension teaches the window nothing.
            self.risk
                .feedback(ext, fin.capability, fin.risk.is_some(), fin.outcome, now_ms);
        }
        let evicted = self.risk.take_evicted();
        let mut ledger_index = None;
        if let Some(ledger) = self.ledger.as_mut().filter(|l| !l.is_lost()) {
            // Evicted risk states first: the extension restarts from the prior.
            for id in evicted {
                cold_path();
                let entry = Unsealed::at(now_ms);
                let text = EntryText {
                    extension_id: &id,
                    call_id: &req.call_id,
                    method: crate::ledger::EVICT_METHOD,
                    reason: "state_evicted",
                    reasons: &[],
                };
                ledger.push(entry, &text, Params::new(Value::Null));
            }
            let risk = fin.risk.as_ref().map(|(d, features)| UnsealedRisk {
                kind: fin.kind.unwrap_or(HostcallKind::Log),
                features: *features,
                score: d.score,
                posterior: d.posterior,
                expected_losses: d.expected_losses,
                loss_action: d.loss_action,
                action: d.action,
                e_process: d.e_process,
                drift: d.drift,
            });
            // The strings, reasons and params hash are added by the sink (below).
            let entry = Unsealed {
                ts_ms: now_ms,
                capability: fin.capability,
                status: fin.status,
                policy: fin.policy.map(|p| LedgerPolicy {
                    decision: p.decision,
                    reason: p.reason,
                }),
                prompt: match fin.prompt {
                    Some(PromptResolution::PromptCacheAllow) => PromptSource::Cache,
                    Some(PromptResolution::PromptUserAllow) => PromptSource::User,
                    _ => PromptSource::None,
                },
                risk,
                action: fin.action,
                outcome: fin.outcome,
            };
            let text = EntryText {
                extension_id: ext,
                call_id: &req.call_id,
                method: &req.method,
                reason: fin.reason,
                reasons: fin.risk.as_ref().map_or(&[], |(d, _)| d.reasons.as_slice()),
            };
            // The request's params themselves (shared, not copied): the
            // sealer encodes and hashes them off this thread (SLO-14).
            ledger_index = Some(ledger.push(entry, &text, req.params.clone()));
            t.ledger_ns += sw.lap();
        }
        t.total_ns = sw.total();
        DispatchOutcome {
            status: fin.status,
            capability: fin.capability,
            policy: fin.policy,
            prompt: fin.prompt,
            risk: fin.risk.map(|(d, _)| d),
            action: fin.action,
            reason: fin.reason,
            reached_connector: fin.reached_connector,
            value: fin.value,
            ledger_index,
            timings: t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::MockConnector;
    use crate::hostcall::HostcallRequest;
    use serde_json::json;

    /// INV-010, failing closed: once the live dispatcher's sealer thread has
    /// died holding the ledger, the loss is noticed (at the next read, or the
    /// next hand-over after the thread ended) and no later call reaches the
    /// connector (`ledger_unavailable`).
    #[test]
    fn inv_010_a_lost_ledger_refuses_every_later_call() {
        let mut d = Dispatcher::new(&EngineConfig::default());
        assert!(d.seals_in_background());
        let mut m = MockConnector::counting();
        let req =
            |i: usize| HostcallRequest::new(format!("c-{i}"), "ext.a", "fs", json!({"op": "read", "path": "a.txt"}));
        for i in 0..3 {
            let o = d.dispatch_host_call_shared(&req(i), 10 + i as u64, &mut m);
            assert_eq!(o.status, DispatchStatus::Ok, "precondition: the call is allowed");
        }
        if let Some(sink) = d.ledger.as_mut() {
            ledger_sink::poison_for_test(sink);
        }
        assert!(d.ledger().is_none(), "the read notices the loss");
        let before = m.count;
        for i in 3..(3 + 2 * SEAL_BATCH) {
            let o = d.dispatch_host_call_shared(&req(i), 10 + i as u64, &mut m);
            assert_eq!(
                (o.status, o.reason, o.reached_connector, o.ledger_index),
                (DispatchStatus::Denied, "ledger_unavailable", false, None),
                "call {i}"
            );
        }
        assert_eq!(m.count, before, "nothing reached the connector after the loss");
    }
    /// INV-012: a call's params reach the ledger only as their hash. The
    /// params the sealer encodes hash to `ledger::params_hash` of the call, for
    /// calls that reached the connector and one refused before it, and a large
    /// params buffer is not kept by the dispatcher afterwards.
    #[test]
    fn inv_012_params_reach_the_ledger_only_as_their_hash() {
        let mut cfg = EngineConfig::default();
        cfg.policy.default_caps = Some([Capability::Read, Capability::Write].into_iter().collect());
        let mut d = Dispatcher::with_clock(&cfg, Box::new(crate::risk::MonotonicClock::default()));
        let mut m = MockConnector::counting();
        let big = "x\"y".repeat(100_000);
        let calls = [
            ("fs", json!({"op": "write", "path": "a.txt", "content": big})),
            ("exec", json!({"cmd": "ls"})),
            ("fs", json!({"op": "read", "path": "a.txt"})),
        ];
        for (i, (method, params)) in calls.iter().enumerate() {
            let req = HostcallRequest::new(format!("c-{i}"), "ext.a", *method, params.clone());
            let o = d.dispatch_host_call_shared(&req, 10 + i as u64, &mut m);
            assert_eq!(o.reached_connector, *method == "fs", "call {i}: {:?}", o.reason);
        }
        let ledger = d.ledger().expect("ledger on by default");
        let hashes: Vec<String> = ledger.entries().map(|e| e.params_hash.clone()).collect();
        let expect: Vec<String> = calls.iter().map(|(m, p)| crate::ledger::params_hash(m, p)).collect();
        assert_eq!(hashes, expect);
        let room = d.ledger.as_ref().map_or(0, LedgerSink::preimage_room);
        assert!(
            room <= ledger_sink::MAX_KEPT_PREIMAGE,
            "the sealed batches keep {room} bytes of params room"
        );
    }
}
