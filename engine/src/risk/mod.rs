//! The runtime risk controller (trust boundary B4, threat T4, INV-009, SLO-06).
//!
//! It owns the per-extension behavioural state and turns each policy-allowed
//! hostcall into an action: Allow, Harden, Deny or Terminate. The model is
//! described in docs/risk-model.md; the pieces live in:
//! - [`config`]: every tunable with its default,
//! - [`score`]: per-call features (secret-free) and argument signals,
//! - [`state`]: the sliding window, updated in O(1) per call,
//! - [`decide`]: score, posterior, e-process, drift, expected loss, action.
//!
//! This module holds the public vocabulary: actions, reasons, decisions, inputs,
//! outcomes and the injectable clock used for the fail-closed timeout.

pub mod baserate;
pub mod config;
pub mod decide;
pub mod path_memo;
pub mod score;
pub mod state;

pub use config::RiskConfig;
pub use decide::{ExtHandle, RiskController};
pub use score::{CallFeatures, EgressClass, EnvClass, NetClass, ShellClass};

use crate::capability::Capability;
use crate::hostcall::HostcallKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the controller tells dispatch to do. Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RiskAction {
    #[default]
    Allow,
    /// Dispatch with hardening, except dangerous calls with strong triggers (denied).
    Harden,
    Deny,
    /// Deny and stop the extension: none of its later calls reach a connector.
    Terminate,
}

impl RiskAction {
    pub const ALL: [RiskAction; 4] = [
        RiskAction::Allow,
        RiskAction::Harden,
        RiskAction::Deny,
        RiskAction::Terminate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskAction::Allow => "allow",
            RiskAction::Harden => "harden",
            RiskAction::Deny => "deny",
            RiskAction::Terminate => "terminate",
        }
    }

    pub fn parse(s: &str) -> Option<RiskAction> {
        RiskAction::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether the call is blocked.
    pub fn blocks(self) -> bool {
        self >= RiskAction::Deny
    }
}

impl fmt::Display for RiskAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the controller scored or acted as it did (stable reason codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskReason {
    BurstRateAnomaly,
    HighErrorRate,
    ConsecutiveFailureEscalation,
    SuspiciousExecDetail,
    SensitivePathTarget,
    PublicNetworkTarget,
    SecretEnvAccess,
    DangerousCapabilityEscalation,
    UnseenCapabilityTransition,
    EProcessBreach,
    DriftDetected,
    UnsafeStreak,
    Quarantined,
    DecisionTimeout,
    InternalError,
    EnvProbing,
    ExfiltrationSequence,
    BulkUpload,
    DenyRetryLoop,
    HardenDeny,
    HardenFollow,
    /// Data sent outside the egress allow-list after the extension read secret material.
    TaintedEgress,
    /// The shell command downloads and runs code, destroys data outside the project or persists.
    HarmfulShellEffect,
    /// The project itself is sent outside the allow-list: a package publish or a
    /// push to a git remote the session added.
    ProjectEgress,
    /// A file write whose effect is persistence (rc files, git hooks, cron, services).
    PersistenceWrite,
    /// A delete (fs or tool) of data that cannot come back: the project's git
    /// history, files outside the project, secret files.
    DestructiveDelete,
}

impl RiskReason {
    pub const ALL: [RiskReason; 26] = [
        RiskReason::BurstRateAnomaly,
        RiskReason::HighErrorRate,
        RiskReason::ConsecutiveFailureEscalation,
        RiskReason::SuspiciousExecDetail,
        RiskReason::SensitivePathTarget,
        RiskReason::PublicNetworkTarget,
        RiskReason::SecretEnvAccess,
        RiskReason::DangerousCapabilityEscalation,
        RiskReason::UnseenCapabilityTransition,
        RiskReason::EProcessBreach,
        RiskReason::DriftDetected,
        RiskReason::UnsafeStreak,
        RiskReason::Quarantined,
        RiskReason::DecisionTimeout,
        RiskReason::InternalError,
        RiskReason::EnvProbing,
        RiskReason::ExfiltrationSequence,
        RiskReason::BulkUpload,
        RiskReason::DenyRetryLoop,
        RiskReason::HardenDeny,
        RiskReason::HardenFollow,
        RiskReason::TaintedEgress,
        RiskReason::HarmfulShellEffect,
        RiskReason::ProjectEgress,
        RiskReason::PersistenceWrite,
        RiskReason::DestructiveDelete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskReason::BurstRateAnomaly => "burst_rate_anomaly",
            RiskReason::HighErrorRate => "high_error_rate",
            RiskReason::ConsecutiveFailureEscalation => "consecutive_failure_escalation",
            RiskReason::SuspiciousExecDetail => "suspicious_exec_detail",
            RiskReason::SensitivePathTarget => "sensitive_path_target",
            RiskReason::PublicNetworkTarget => "public_network_target",
            RiskReason::SecretEnvAccess => "secret_env_access",
            RiskReason::DangerousCapabilityEscalation => "dangerous_capability_escalation",
            RiskReason::UnseenCapabilityTransition => "unseen_capability_transition",
            RiskReason::EProcessBreach => "e_process_breach",
            RiskReason::DriftDetected => "drift_detected",
            RiskReason::UnsafeStreak => "unsafe_streak",
            RiskReason::Quarantined => "quarantined",
            RiskReason::DecisionTimeout => "decision_timeout",
            RiskReason::InternalError => "internal_error",
            RiskReason::EnvProbing => "env_probing",
            RiskReason::ExfiltrationSequence => "exfiltration_sequence",
            RiskReason::BulkUpload => "bulk_upload",
            RiskReason::DenyRetryLoop => "deny_retry_loop",
            RiskReason::HardenDeny => "harden_deny",
            RiskReason::HardenFollow => "harden_follow",
            RiskReason::TaintedEgress => "tainted_egress",
            RiskReason::HarmfulShellEffect => "harmful_shell_effect",
            RiskReason::ProjectEgress => "project_egress",
            RiskReason::PersistenceWrite => "persistence_write",
            RiskReason::DestructiveDelete => "destructive_delete",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for RiskReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of reasons (one bit each); turned into a sorted `Vec` for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReasonSet(u32);

impl ReasonSet {
    pub fn insert(&mut self, r: RiskReason) {
        self.0 |= r.bit();
    }
    pub fn contains(self, r: RiskReason) -> bool {
        self.0 & r.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn to_vec(self) -> Vec<RiskReason> {
        if self.0 == 0 {
            return Vec::new();
        }
        RiskReason::ALL.into_iter().filter(|r| self.contains(*r)).collect()
    }
}

/// The normalised Dirichlet posterior over the extension's current state.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Posterior {
    pub safe: f64,
    pub suspicious: f64,
    #[serde(rename = "unsafe")]
    pub unsafe_: f64,
}

/// Expected loss of each action under the posterior.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExpectedLosses {
    pub allow: f64,
    pub harden: f64,
    pub deny: f64,
    pub terminate: f64,
}

impl ExpectedLosses {
    /// The least-loss action; ties go to the less severe action.
    pub fn argmin(&self) -> RiskAction {
        let mut best = (RiskAction::Allow, self.allow);
        for (a, l) in [
            (RiskAction::Harden, self.harden),
            (RiskAction::Deny, self.deny),
            (RiskAction::Terminate, self.terminate),
        ] {
            if l < best.1 {
                best = (a, l);
            }
        }
        best.0
    }
}

/// Where a policy allow came from, when it came from a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PromptSource {
    /// Allowed by a static rule.
    #[default]
    None,
    /// Allowed by a remembered prompt answer.
    Cache,
    /// Allowed by a person just now.
    User,
}

impl PromptSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PromptSource::None => "none",
            PromptSource::Cache => "cache",
            PromptSource::User => "user",
        }
    }
}

/// One policy-allowed call, as the controller sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskInput<'a> {
    pub extension_id: &'a str,
    pub kind: HostcallKind,
    pub capability: Capability,
    pub prompt: PromptSource,
    /// Read in place: a decision copies them only when it joins them with
    /// what earlier calls left.
    pub features: &'a CallFeatures,
}

/// What happened to a call after the decision; fed back into the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    Success,
    /// Rejected by validation before anything ran.
    InvalidRequest,
    PolicyDenied,
    QuotaExceeded,
    RiskDenied,
    EnvFiltered,
    /// The extension was already terminated.
    Terminated,
    ConnectorError,
    Timeout,
    OtherError,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::InvalidRequest => "invalid_request",
            Outcome::PolicyDenied => "policy_denied",
            Outcome::QuotaExceeded => "quota_exceeded",
            Outcome::RiskDenied => "risk_denied",
            Outcome::EnvFiltered => "env_filtered",
            Outcome::Terminated => "terminated",
            Outcome::ConnectorError => "connector_error",
            Outcome::Timeout => "timeout",
            Outcome::OtherError => "other_error",
        }
    }

    /// A denial of some stage (counts toward deny-retry loops).
    pub fn is_denial(self) -> bool {
        matches!(
            self,
            Outcome::InvalidRequest
                | Outcome::PolicyDenied
                | Outcome::QuotaExceeded
                | Outcome::RiskDenied
                | Outcome::EnvFiltered
        )
    }

    /// A refusal produced by the engine itself (policy, prompt, quota, risk, env
    /// filter, an already-terminated extension). Never a failure of the extension:
    /// it adds no error, no failure streak and no unsafe evidence (no
    /// self-inflicted escalation); only a refused *dangerous* call counts, as
    /// dangerous intent, toward the deny-retry loop.
    pub fn is_engine_refusal(self) -> bool {
        matches!(
            self,
            Outcome::PolicyDenied
                | Outcome::QuotaExceeded
                | Outcome::RiskDenied
                | Outcome::EnvFiltered
                | Outcome::Terminated
        )
    }

    /// A failure of the extension's own call: invalid request, connector error,
    /// timeout or other error.
    pub fn is_extension_failure(self) -> bool {
        self != Outcome::Success && !self.is_engine_refusal()
    }

    /// Heavy negative evidence: an invalid request, a timeout or an I/O error.
    pub fn is_hard_failure(self) -> bool {
        matches!(
            self,
            Outcome::InvalidRequest | Outcome::ConnectorError | Outcome::Timeout
        )
    }
}

/// The controller's answer for one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RiskDecision {
    /// The final action (after every rule and the fail-closed overrides).
    pub action: RiskAction,
    /// The least-expected-loss action before the rules.
    pub loss_action: RiskAction,
    /// The call's risk score r in [0, 1].
    pub score: f64,
    pub posterior: Posterior,
    pub expected_losses: ExpectedLosses,
    /// log e of the e-process after this call.
    pub e_process: f64,
    pub e_breach: bool,
    pub drift: bool,
    /// Sorted, deduplicated reason codes.
    pub reasons: Vec<RiskReason>,
    /// Decision time measured by the controller's clock.
    pub elapsed_ns: u64,
}

impl RiskDecision {
    pub fn has_reason(&self, r: RiskReason) -> bool {
        self.reasons.contains(&r)
    }
}

/// A source of monotonic nanoseconds for the decision-timeout check.
/// Injected so that tests and the fuzzer can force a timeout deterministically.
pub trait Clock: Send {
    fn now_ns(&mut self) -> u64;
}

/// The real clock: nanoseconds since the controller was built.
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    start: std::time::Instant,
}

impl Default for MonotonicClock {
    fn default() -> Self {
        MonotonicClock {
            start: std::time::Instant::now(),
        }
    }
}

impl Clock for MonotonicClock {
    fn now_ns(&mut self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// A fake clock that advances by `step_ns` at every read: with a step above the
/// timeout, every decision times out; with a step of 0, none ever does.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepClock {
    pub now: u64,
    pub step_ns: u64,
}

impl StepClock {
    pub fn new(step_ns: u64) -> Self {
        StepClock { now: 0, step_ns }
    }
}

impl Clock for StepClock {
    fn now_ns(&mut self) -> u64 {
        self.now = self.now.saturating_add(self.step_ns);
        self.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_ordered_by_severity() {
        assert!(RiskAction::Allow < RiskAction::Harden);
        assert!(RiskAction::Harden < RiskAction::Deny);
        assert!(RiskAction::Deny < RiskAction::Terminate);
        for a in RiskAction::ALL {
            assert_eq!(RiskAction::parse(a.as_str()), Some(a));
        }
        assert!(!RiskAction::Harden.blocks() && RiskAction::Deny.blocks());
    }

    #[test]
    fn reason_codes_are_unique_and_match_serde() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RiskReason::ALL {
            assert!(seen.insert(r.as_str()));
            assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!(r.as_str()));
        }
        let mut s = ReasonSet::default();
        s.insert(RiskReason::HardenFollow);
        s.insert(RiskReason::BurstRateAnomaly);
        assert_eq!(s.to_vec(), vec![RiskReason::BurstRateAnomaly, RiskReason::HardenFollow]);
    }

    #[test]
    fn argmin_prefers_the_milder_action_on_ties() {
        let l = ExpectedLosses {
            allow: 1.0,
            harden: 1.0,
            deny: 2.0,
            terminate: 0.5,
        };
        assert_eq!(l.argmin(), RiskAction::Terminate);
        let t = ExpectedLosses {
            allow: 1.0,
            harden: 1.0,
            deny: 1.0,
            terminate: 1.0,
        };
        assert_eq!(t.argmin(), RiskAction::Allow);
    }
}
