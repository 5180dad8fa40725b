//! Every tunable of the runtime risk controller, in one serde struct with a
//! documented default per field (docs/risk-model.md explains each one).
//!
//! All sections use `#[serde(default, deny_unknown_fields)]`: a config file may
//! set any subset of fields, and a misspelt field is an error, never ignored.
//! The simulator sweeps these values, so nothing the model uses is a literal
//! buried in code.

use crate::capability::Capability;
pub use crate::config::InvalidField;
use crate::hostcall::HostcallKind;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::sync::OnceLock;

/// The shipped default risk config, compiled in. `cargo xtask calibrate` rewrites it
/// with [`RiskConfig::to_shipped_toml`].
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Comment header of `default.toml`, written by [`RiskConfig::to_shipped_toml`].
pub const SHIPPED_HEADER: &str = "\
# The shipped default risk config of seclab-engine (the [risk] section of an
# engine config), compiled into RiskConfig::default() by include_str!.
# Machine-written: `RiskConfig::to_shipped_toml` (used by `cargo xtask calibrate`)
# writes this header and the serialised config; edit values, not layout.
#
# base_scores: estimated from the real benign sessions in ../shared/real-sessions
# by seclab_engine::risk::baserate::estimate (tests/real_sessions_slo10.rs checks
# that these values are what it computes): for capability c with n_c calls of
# which k_c carry a harm signal (shell effect tier 1/2/4, sensitive path, secret
# env, egress outside the allow-list), base_c = (k_c + m * p) / (n_c + m), with
# p = (K + 0.5) / (N + 1) the pooled harm rate over all N calls and m = 20
# pseudo-calls (empirical-Bayes shrinkage toward the pooled rate; capabilities
# the sessions never use get p). method_bonus is 0: the base rate already
# conditions on the capability, and the method adds nothing the sessions show.
# Other values: docs/risk-model.md.
";

thread_local! {
    /// Set while the shipped file itself is parsed: missing fields then take the
    /// code-level builtins instead of recursing into the shipped default.
    static BUILTIN_DEFAULTS: Cell<bool> = const { Cell::new(false) };
}

fn use_builtin() -> bool {
    BUILTIN_DEFAULTS.with(Cell::get)
}

/// Parse a risk config with the code-level builtins for missing fields.
pub fn parse_with_builtin_defaults(text: &str) -> Result<RiskConfig, toml::de::Error> {
    BUILTIN_DEFAULTS.with(|b| b.set(true));
    let r = toml::from_str::<RiskConfig>(text);
    BUILTIN_DEFAULTS.with(|b| b.set(false));
    r
}

macro_rules! shipped_default {
    ($t:ty, $field:ident) => {
        impl Default for $t {
            /// The value of the shipped default file (`default.toml`).
            fn default() -> Self {
                if use_builtin() {
                    <$t>::builtin()
                } else {
                    RiskConfig::shipped().$field.clone()
                }
            }
        }
    };
}

/// The `[risk]` section of an engine config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    /// Run the controller at all. Default **true** (closes audit gap G-7).
    pub enabled: bool,
    /// Enforce the controller's actions. `false` is shadow mode: every decision is
    /// scored and recorded, but calls dispatch as if the action were Allow.
    pub enforce: bool,
    /// On a decision timeout or an internal error, answer Deny (true) or Allow (false).
    pub fail_closed: bool,
    /// Measure each dispatch stage's time in nanoseconds (SLO-05 breakdown). Off by
    /// default: the clock reads cost more than some stages.
    pub measure_stages: bool,
    /// Error level of the e-process: a breach is declared when e ≥ 1/alpha.
    /// Also sets the conformal quantile (1 - alpha) for residual drift.
    pub alpha: f64,
    /// Hostcalls kept in each extension's sliding window.
    pub window_size: usize,
    /// A decision slower than this is replaced by Deny (when `fail_closed`).
    pub decision_timeout_ms: u64,
    pub prior: DirichletPrior,
    pub base_scores: BaseScores,
    pub method_bonus: MethodBonus,
    pub prompt_bonus: PromptBonus,
    pub signals: SignalWeights,
    pub patterns: PatternConfig,
    pub weights: ScoreWeights,
    pub evidence: EvidenceConfig,
    pub eprocess: EProcessConfig,
    pub drift: DriftConfig,
    pub loss: LossMatrix,
    pub actions: ActionConfig,
    pub lists: SignalLists,
}

impl RiskConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        RiskConfig {
            enabled: true,
            enforce: true,
            fail_closed: true,
            measure_stages: false,
            alpha: 0.01,
            window_size: 128,
            decision_timeout_ms: 50,
            prior: DirichletPrior::builtin(),
            base_scores: BaseScores::builtin(),
            method_bonus: MethodBonus::builtin(),
            prompt_bonus: PromptBonus::builtin(),
            signals: SignalWeights::builtin(),
            patterns: PatternConfig::builtin(),
            weights: ScoreWeights::builtin(),
            evidence: EvidenceConfig::builtin(),
            eprocess: EProcessConfig::builtin(),
            drift: DriftConfig::builtin(),
            loss: LossMatrix::builtin(),
            actions: ActionConfig::builtin(),
            lists: SignalLists::builtin(),
        }
    }
}

impl Default for RiskConfig {
    /// The shipped default: `engine/src/risk/default.toml`, compiled in.
    fn default() -> Self {
        if use_builtin() {
            Self::builtin()
        } else {
            RiskConfig::shipped().clone()
        }
    }
}

impl RiskConfig {
    /// The shipped default, parsed once from the embedded `default.toml` (the
    /// builtins if it ever failed to parse; a test proves it parses).
    pub fn shipped() -> &'static RiskConfig {
        static SHIPPED: OnceLock<RiskConfig> = OnceLock::new();
        SHIPPED.get_or_init(|| parse_with_builtin_defaults(DEFAULT_TOML).unwrap_or_else(|_| RiskConfig::builtin()))
    }

    /// This config as the text of a shipped default file: [`SHIPPED_HEADER`] then
    /// the TOML serialisation. `cargo xtask calibrate` writes its chosen config
    /// with this.
    pub fn to_shipped_toml(&self) -> Result<String, toml::ser::Error> {
        Ok(format!("{SHIPPED_HEADER}\n{}", toml::to_string(self)?))
    }

    /// The same config in shadow mode (score and record, never block).
    pub fn shadow() -> Self {
        RiskConfig {
            enforce: false,
            ..RiskConfig::default()
        }
    }

    /// Window size actually used: at least 1, at most 65 536.
    pub fn effective_window(&self) -> usize {
        self.window_size.clamp(1, 65_536)
    }

    /// Alpha actually used, kept inside (1e-9, 0.5].
    pub fn effective_alpha(&self) -> f64 {
        if self.alpha.is_finite() {
            self.alpha.clamp(1e-9, 0.5)
        } else {
            0.01
        }
    }
}

/// Range checks of every numeric field, run at load (issue 14): each field is
/// finite and in its range, ordered pairs are ordered, counts that divide are at
/// least 1. The first violation names the field by its dotted path under `[risk]`.
impl RiskConfig {
    pub fn validate(&self) -> Result<(), InvalidField> {
        let mut c = Checker::default();
        c.range("alpha", self.alpha, 1e-9, 0.5);
        c.int("window_size", self.window_size as u64, 1, 65_536);
        c.int("decision_timeout_ms", self.decision_timeout_ms, 1, u64::MAX);
        let p = &self.prior;
        for (f, x) in [("safe", p.safe), ("suspicious", p.suspicious), ("unsafe", p.unsafe_)] {
            c.range(&format!("prior.{f}"), x, 1e-6, 1e6);
        }
        let b = &self.base_scores;
        for (f, x) in [
            ("exec", b.exec),
            ("env", b.env),
            ("http", b.http),
            ("write", b.write),
            ("tool", b.tool),
            ("session", b.session),
            ("events", b.events),
            ("ui", b.ui),
            ("read", b.read),
            ("other", b.other),
        ] {
            c.range(&format!("base_scores.{f}"), x, 0.0, 1.0);
        }
        let m = &self.method_bonus;
        for (f, x) in [("exec", m.exec), ("http", m.http), ("tool", m.tool)] {
            c.range(&format!("method_bonus.{f}"), x, -1.0, 1.0);
        }
        let pb = &self.prompt_bonus;
        for (f, x) in [("user", pb.user), ("cache", pb.cache)] {
            c.range(&format!("prompt_bonus.{f}"), x, -1.0, 1.0);
        }
        let w = &self.signals;
        for (f, x) in [
            ("shell_tier1", w.shell_tier1),
            ("shell_tier2", w.shell_tier2),
            ("shell_tier3", w.shell_tier3),
            ("shell_tier4", w.shell_tier4),
            ("shell_safe", w.shell_safe),
            ("sensitive_write", w.sensitive_write),
            ("sensitive_read", w.sensitive_read),
            ("traversal", w.traversal),
            ("absolute_path", w.absolute_path),
            ("public_network", w.public_network),
            ("private_network", w.private_network),
            ("known_host", w.known_host),
            ("secret_env", w.secret_env),
            ("other_env", w.other_env),
            ("bytes_out", w.bytes_out),
            ("min_total", w.min_total),
            ("max_total", w.max_total),
        ] {
            c.range(&format!("signals.{f}"), x, -1.0, 1.0);
        }
        c.ordered("signals.min_total", w.min_total, "signals.max_total", w.max_total);
        let pt = &self.patterns;
        c.int(
            "patterns.env_probe_distinct",
            u64::from(pt.env_probe_distinct),
            1,
            u64::MAX,
        );
        c.int("patterns.bulk_upload_bytes", pt.bulk_upload_bytes, 1, u64::MAX);
        c.int("patterns.bulk_window_bytes", pt.bulk_window_bytes, 1, u64::MAX);
        // One body of bulk_upload_bytes is a bulk upload; so is a window total of
        // bulk_window_bytes. A window threshold below the single-body one would
        // make the single-body threshold dead (any such body already fills the window).
        c.ordered_int(
            "patterns.bulk_upload_bytes",
            pt.bulk_upload_bytes,
            "patterns.bulk_window_bytes",
            pt.bulk_window_bytes,
            "a window total that small already makes every such body a bulk upload",
        );
        c.int("patterns.deny_retry_min", u64::from(pt.deny_retry_min), 1, u64::MAX);
        // A transition needs a history to transition from: at 0 every fresh
        // extension's first dangerous call would count as a sleeper turning active.
        c.int("patterns.transition_min_calls", pt.transition_min_calls, 1, u64::MAX);
        for (f, x) in [
            ("env_probe_weight", pt.env_probe_weight),
            ("exfiltration_weight", pt.exfiltration_weight),
            ("bulk_upload_weight", pt.bulk_upload_weight),
            ("deny_retry_weight", pt.deny_retry_weight),
            ("deny_retry_max", pt.deny_retry_max),
            ("transition_weight", pt.transition_weight),
            ("harden_follow_weight", pt.harden_follow_weight),
        ] {
            c.range(&format!("patterns.{f}"), x, 0.0, 1.0);
        }
        let sw = &self.weights;
        for (f, x) in [
            ("static_score", sw.static_score),
            ("recent_mean", sw.recent_mean),
            ("error_rate", sw.error_rate),
            ("burst_1s", sw.burst_1s),
            ("burst_10s", sw.burst_10s),
            ("dangerous_burst", sw.dangerous_burst),
            ("failure_streak", sw.failure_streak),
            ("high_error_rate", sw.high_error_rate),
        ] {
            c.range(&format!("weights.{f}"), x, 0.0, 1.0);
        }
        for (f, x) in [
            ("burst_1s_calls", sw.burst_1s_calls),
            ("burst_10s_calls", sw.burst_10s_calls),
            ("dangerous_burst_calls", sw.dangerous_burst_calls),
            ("failure_streak_report", sw.failure_streak_report),
        ] {
            c.int(&format!("weights.{f}"), u64::from(x), 1, u64::MAX);
        }
        // Ten seconds hold at least the calls of the last one: a full 10 s burst
        // of fewer calls than a full 1 s burst is incoherent.
        c.ordered_int(
            "weights.burst_1s_calls",
            u64::from(sw.burst_1s_calls),
            "weights.burst_10s_calls",
            u64::from(sw.burst_10s_calls),
            "ten seconds always hold at least the calls of the last second",
        );
        // Counts taken over the window (its `window_size` calls before this one,
        // plus this one where the count includes it) can never reach a larger
        // threshold: the signal or trigger would be dead. (burst_1s_calls is
        // bounded through burst_10s_calls.)
        let w = self.window_size as u64;
        for (f, x, most) in [
            ("weights.burst_10s_calls", u64::from(sw.burst_10s_calls), w + 1),
            (
                "weights.dangerous_burst_calls",
                u64::from(sw.dangerous_burst_calls),
                w + 1,
            ),
            ("patterns.env_probe_distinct", u64::from(pt.env_probe_distinct), w + 1),
            ("patterns.deny_retry_min", u64::from(pt.deny_retry_min), w),
            (
                "actions.deny_retry_quarantine",
                u64::from(self.actions.deny_retry_quarantine),
                w,
            ),
            ("drift.min_samples", u64::from(self.drift.min_samples), w),
        ] {
            c.within_window(f, x, most, w);
        }
        let e = &self.evidence;
        for (f, x) in [
            ("safe_floor", e.safe_floor),
            ("suspicious_gain", e.suspicious_gain),
            ("unsafe_gain_dangerous", e.unsafe_gain_dangerous),
            ("unsafe_gain_other", e.unsafe_gain_other),
            ("denied_unsafe", e.denied_unsafe),
            ("denied_suspicious", e.denied_suspicious),
            ("error_suspicious", e.error_suspicious),
            ("success_safe", e.success_safe),
        ] {
            c.range(&format!("evidence.{f}"), x, 0.0, 1e3);
        }
        let ep = &self.eprocess;
        c.range("eprocess.unsafe_score", ep.unsafe_score, 0.0, 1.0);
        c.range("eprocess.p0", ep.p0, 1e-9, 1.0 - 1e-9);
        c.range("eprocess.p1", ep.p1, 1e-9, 1.0 - 1e-9);
        c.ordered("eprocess.p0", ep.p0, "eprocess.p1", ep.p1);
        if ep.p0 == ep.p1 {
            // Equal rates make every likelihood ratio 1: the e-process never moves.
            c.fail_pair(
                "eprocess.p0",
                "eprocess.p1",
                format!(
                    "must be below eprocess.p1 ({}), found the same value: the e-process would never move",
                    ep.p1
                ),
            );
        }
        c.range("eprocess.log_min", ep.log_min, -1e4, 1e4);
        c.range("eprocess.log_max", ep.log_max, -1e4, 1e4);
        c.ordered("eprocess.log_min", ep.log_min, "eprocess.log_max", ep.log_max);
        // The breach level is log(1/alpha): a floor at or above it breaches on
        // every call, a ceiling below it never breaches.
        if self.alpha.is_finite() && self.alpha > 0.0 {
            let breach = (1.0 / self.alpha).ln();
            if ep.log_min.is_finite() && ep.log_min >= breach {
                c.fail_pair(
                    "eprocess.log_min",
                    "alpha",
                    format!(
                        "must be below ln(1/alpha) = {breach:.4} (alpha {}), found {}: every call would be a breach",
                        self.alpha, ep.log_min
                    ),
                );
            }
            if ep.log_max.is_finite() && ep.log_max < breach {
                c.fail_pair(
                    "eprocess.log_max",
                    "alpha",
                    format!(
                        "must be at least ln(1/alpha) = {breach:.4} (alpha {}), found {}: the e-process could never breach",
                        self.alpha, ep.log_max
                    ),
                );
            }
        }
        let d = &self.drift;
        c.range("drift.half_mean_delta", d.half_mean_delta, 0.0, 1e3);
        c.range("drift.residual_factor", d.residual_factor, 0.0, 1e3);
        c.range("drift.residual_min", d.residual_min, 0.0, 1e3);
        // Drift is judged once this many scores are in the window; 0 would judge
        // it on an empty window (the same as 1, so 0 is a typo, not a setting).
        c.int("drift.min_samples", u64::from(d.min_samples), 1, u64::MAX);
        let l = &self.loss;
        for (row, r) in [
            ("allow", l.allow),
            ("harden", l.harden),
            ("deny", l.deny),
            ("terminate", l.terminate),
        ] {
            for (f, x) in [("unsafe", r.unsafe_), ("suspicious", r.suspicious), ("safe", r.safe)] {
                c.range(&format!("loss.{row}.{f}"), x, 0.0, 1e9);
            }
        }
        // A coherent loss matrix: on a safe call each stronger action costs at
        // least as much as a weaker one (else the controller jumps from Allow to
        // Deny past Harden), and on an unsafe call at most as much.
        c.ordered("loss.allow.safe", l.allow.safe, "loss.harden.safe", l.harden.safe);
        c.ordered("loss.harden.safe", l.harden.safe, "loss.deny.safe", l.deny.safe);
        c.ordered("loss.deny.safe", l.deny.safe, "loss.terminate.safe", l.terminate.safe);
        c.ordered(
            "loss.harden.unsafe",
            l.harden.unsafe_,
            "loss.allow.unsafe",
            l.allow.unsafe_,
        );
        c.ordered(
            "loss.deny.unsafe",
            l.deny.unsafe_,
            "loss.harden.unsafe",
            l.harden.unsafe_,
        );
        c.ordered(
            "loss.terminate.unsafe",
            l.terminate.unsafe_,
            "loss.deny.unsafe",
            l.deny.unsafe_,
        );
        let a = &self.actions;
        c.range("actions.harden_deny_threshold", a.harden_deny_threshold, 0.0, 1.0);
        c.range("actions.strong_signal", a.strong_signal, 0.0, 1.0);
        c.range(
            "actions.unsafe_streak_min_posterior",
            a.unsafe_streak_min_posterior,
            0.0,
            1.0,
        );
        c.int(
            "actions.unsafe_streak_terminate",
            u64::from(a.unsafe_streak_terminate),
            1,
            u64::MAX,
        );
        c.int("actions.quarantine_after", u64::from(a.quarantine_after), 1, u64::MAX);
        c.int(
            "actions.deny_retry_quarantine",
            u64::from(a.deny_retry_quarantine),
            1,
            u64::MAX,
        );
        c.done()
    }
}

/// Collects the first violated range.
#[derive(Default)]
struct Checker(Option<InvalidField>);

impl Checker {
    fn fail(&mut self, field: &str, message: String) {
        self.record(field, None, message);
    }
    /// A violated pair: `field` is named, `related` locates the error when the
    /// file does not set `field`.
    fn fail_pair(&mut self, field: &str, related: &str, message: String) {
        self.record(field, Some(related), message);
    }
    fn record(&mut self, field: &str, related: Option<&str>, message: String) {
        if self.0.is_none() {
            self.0 = Some(InvalidField {
                field: field.to_string(),
                message,
                related: related.map(str::to_string),
            });
        }
    }
    fn range(&mut self, field: &str, x: f64, lo: f64, hi: f64) {
        if !x.is_finite() {
            self.fail(field, format!("must be a finite number, found {x}"));
        } else if x < lo || x > hi {
            self.fail(field, format!("must be in [{lo}, {hi}], found {x}"));
        }
    }
    fn int(&mut self, field: &str, x: u64, lo: u64, hi: u64) {
        if x < lo || x > hi {
            let hi = if hi == u64::MAX {
                "∞".to_string()
            } else {
                hi.to_string()
            };
            self.fail(field, format!("must be in [{lo}, {hi}], found {x}"));
        }
    }
    fn ordered(&mut self, lo_field: &str, lo: f64, hi_field: &str, hi: f64) {
        if lo.is_finite() && hi.is_finite() && lo > hi {
            self.fail_pair(
                lo_field,
                hi_field,
                format!("must not exceed {hi_field} ({hi}), found {lo}"),
            );
        }
    }
    fn ordered_int(&mut self, lo_field: &str, lo: u64, hi_field: &str, hi: u64, why: &str) {
        if lo > hi {
            self.fail_pair(
                lo_field,
                hi_field,
                format!("must not exceed {hi_field} ({hi}), found {lo}: {why}"),
            );
        }
    }
    /// A count over the window of `window` calls that is at most `most`.
    fn within_window(&mut self, field: &str, x: u64, most: u64, window: u64) {
        if x > most {
            let plus = if most > window { " + 1 (the call itself)" } else { "" };
            self.fail_pair(
                field,
                "window_size",
                format!(
                    "must not exceed window_size ({window}){plus}, found {x}: the window never holds that many calls"
                ),
            );
        }
    }
    fn done(self) -> Result<(), InvalidField> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Dirichlet pseudo-counts over (safe, suspicious, unsafe) before any evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DirichletPrior {
    /// Default 8.0.
    pub safe: f64,
    /// Default 1.5.
    pub suspicious: f64,
    /// Default 0.5.
    #[serde(rename = "unsafe")]
    pub unsafe_: f64,
}

impl DirichletPrior {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        DirichletPrior {
            safe: 8.0,
            suspicious: 1.5,
            unsafe_: 0.5,
        }
    }
}

/// Risk of a capability on its own, before arguments and context.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BaseScores {
    pub exec: f64,
    pub env: f64,
    pub http: f64,
    pub write: f64,
    pub tool: f64,
    pub session: f64,
    pub events: f64,
    pub ui: f64,
    pub read: f64,
    /// Capabilities not listed above (today: `log`). Default 0.12.
    pub other: f64,
}

impl BaseScores {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        // Estimated by risk::baserate over ../shared/real-sessions (see SHIPPED_HEADER).
        BaseScores {
            exec: 0.0111,
            env: 0.0075,
            http: 0.0045,
            write: 0.0093,
            tool: 0.0026,
            session: 0.0075,
            events: 0.0075,
            ui: 0.0062,
            read: 0.0056,
            other: 0.0075,
        }
    }
}

impl BaseScores {
    pub fn for_capability(&self, cap: Capability) -> f64 {
        match cap {
            Capability::Exec => self.exec,
            Capability::Env => self.env,
            Capability::Http => self.http,
            Capability::Write => self.write,
            Capability::Tool => self.tool,
            Capability::Session => self.session,
            Capability::Events => self.events,
            Capability::Ui => self.ui,
            Capability::Read => self.read,
            Capability::Log => self.other,
        }
    }
}

/// Extra risk by hostcall method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MethodBonus {
    /// Default 0.10 (also applies to the `bash` tool, which is an exec).
    pub exec: f64,
    /// Default 0.08.
    pub http: f64,
    /// Default 0.04.
    pub tool: f64,
}

impl MethodBonus {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        MethodBonus {
            exec: 0.0,
            http: 0.0,
            tool: 0.0,
        }
    }
}

impl MethodBonus {
    pub fn for_call(&self, kind: HostcallKind, cap: Capability) -> f64 {
        match kind {
            HostcallKind::Exec => self.exec,
            HostcallKind::Http => self.http,
            HostcallKind::Tool if cap == Capability::Exec => self.exec,
            HostcallKind::Tool => self.tool,
            _ => 0.0,
        }
    }
}

/// Extra risk when the policy's answer came from a prompt rather than a rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PromptBonus {
    /// A person answered just now. Default 0.15.
    pub user: f64,
    /// A remembered answer was reused. Default 0.08.
    pub cache: f64,
}

impl PromptBonus {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        PromptBonus {
            user: 0.15,
            cache: 0.08,
        }
    }
}

/// Weights of the per-call argument signals (their sum is clamped to
/// `[min_total, max_total]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignalWeights {
    /// Shell effect tier 1 (download-and-execute, destructive fs, persistence). 0.42.
    pub shell_tier1: f64,
    /// Tier 2 (network egress to a destination outside `lists.egress_allow_hosts`). 0.30.
    pub shell_tier2: f64,
    /// Tier 3 (package install). 0.05.
    pub shell_tier3: f64,
    /// Tier 4 (credential access: key files, `.env*`, env dumps, token commands). 0.20.
    pub shell_tier4: f64,
    /// Only ordinary effects (read-only, local write, build/test). -0.18.
    pub shell_safe: f64,
    /// A sensitive path (keys, credentials, /etc/shadow) as a write target. 0.30.
    pub sensitive_write: f64,
    /// A sensitive path read (or passed to a command). 0.20.
    pub sensitive_read: f64,
    /// A `..` component in a path. 0.10.
    pub traversal: f64,
    /// An absolute path. 0.04.
    pub absolute_path: f64,
    /// A public host that is not in `lists.known_hosts`. 0.14.
    pub public_network: f64,
    /// A private, loopback or link-local host. -0.06.
    pub private_network: f64,
    /// A host in `lists.known_hosts`. -0.06.
    pub known_host: f64,
    /// An env name the secret filter rules block. 0.22.
    pub secret_env: f64,
    /// Any other env name. 0.06.
    pub other_env: f64,
    /// Graded bytes-out signal: `bytes_out * min(1, body_bytes / patterns.bulk_upload_bytes)`. 0.10.
    pub bytes_out: f64,
    /// Lower clamp of the summed argument signals. -0.30.
    pub min_total: f64,
    /// Upper clamp of the summed argument signals. 0.55.
    pub max_total: f64,
}

impl SignalWeights {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        SignalWeights {
            shell_tier1: 0.42,
            shell_tier2: 0.30,
            shell_tier3: 0.05,
            shell_tier4: 0.20,
            shell_safe: -0.18,
            sensitive_write: 0.30,
            sensitive_read: 0.20,
            traversal: 0.10,
            absolute_path: 0.04,
            public_network: 0.14,
            private_network: -0.06,
            known_host: -0.06,
            secret_env: 0.22,
            other_env: 0.06,
            bytes_out: 0.10,
            min_total: -0.30,
            max_total: 0.55,
        }
    }
}

/// Sequence and volume patterns seen across the window (seclab additions to the
/// reference model; each adds its weight to the score outside the argument clamp).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PatternConfig {
    /// Distinct env names read within the window that count as probing. Default 8.
    pub env_probe_distinct: u32,
    /// Score added when env probing is seen. Default 0.25.
    pub env_probe_weight: f64,
    /// Score added to an http call to an unknown public host while the window holds
    /// a sensitive read (file or secret env): credential harvest then upload. 0.35.
    pub exfiltration_weight: f64,
    /// One request body at least this large is a bulk upload. Default 262 144 (256 KiB).
    pub bulk_upload_bytes: u64,
    /// Bytes sent to hosts outside `known_hosts` within the window that make a bulk
    /// upload. Default 1 048 576 (1 MiB).
    pub bulk_window_bytes: u64,
    /// Score added on a bulk upload. Default 0.30.
    pub bulk_upload_weight: f64,
    /// Denied calls within the window from which a deny-retry loop is declared. Default 4.
    pub deny_retry_min: u32,
    /// Score added per denied call in the window (capped at `deny_retry_max`). 0.05.
    pub deny_retry_weight: f64,
    /// Cap of the deny-retry contribution. Default 0.25.
    pub deny_retry_max: f64,
    /// Calls (lifetime) after which a first use of a dangerous capability counts as
    /// an unseen transition. Default 32.
    pub transition_min_calls: u64,
    /// Score added on an unseen dangerous transition. Default 0.08.
    pub transition_weight: f64,
    /// Added when a dangerous call with a strong argument signal follows a Harden. 0.10.
    pub harden_follow_weight: f64,
}

impl PatternConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        PatternConfig {
            env_probe_distinct: 8,
            env_probe_weight: 0.25,
            exfiltration_weight: 0.35,
            bulk_upload_bytes: 256 * 1024,
            bulk_window_bytes: 1024 * 1024,
            bulk_upload_weight: 0.30,
            deny_retry_min: 4,
            deny_retry_weight: 0.05,
            deny_retry_max: 0.25,
            transition_min_calls: 32,
            transition_weight: 0.08,
            harden_follow_weight: 0.10,
        }
    }
}

/// Weights of the score formula (see docs/risk-model.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreWeights {
    /// Weight of the call's own static score. Default 0.50.
    pub static_score: f64,
    /// Weight of the mean score of the window. Default 0.30.
    pub recent_mean: f64,
    /// Weight of the window's error rate. Default 0.12.
    pub error_rate: f64,
    /// Weight of burst density over 1 s (calls / `burst_1s_calls`). Default 0.08.
    pub burst_1s: f64,
    /// Weight of burst density over 10 s (calls / `burst_10s_calls`). Default 0.05.
    pub burst_10s: f64,
    /// Weight of dangerous-call density over 10 s (dangerous calls / `dangerous_burst_calls`). 0.20.
    pub dangerous_burst: f64,
    /// Weight of the failure streak (streak / 8). Default 0.05.
    pub failure_streak: f64,
    /// Calls in 1 s that make a full burst. Default 8.
    pub burst_1s_calls: u32,
    /// Calls in 10 s that make a full burst. Default 24.
    pub burst_10s_calls: u32,
    /// Dangerous calls in 10 s that make a full dangerous burst (and a trigger). Default 16.
    pub dangerous_burst_calls: u32,
    /// Window error rate from which `high_error_rate` is reported. Default 0.25.
    pub high_error_rate: f64,
    /// Failure streak from which `consecutive_failure_escalation` is reported. Default 3.
    pub failure_streak_report: u32,
}

impl ScoreWeights {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        ScoreWeights {
            static_score: 0.50,
            recent_mean: 0.30,
            error_rate: 0.12,
            burst_1s: 0.08,
            burst_10s: 0.05,
            dangerous_burst: 0.20,
            failure_streak: 0.05,
            burst_1s_calls: 8,
            burst_10s_calls: 24,
            dangerous_burst_calls: 16,
            high_error_rate: 0.25,
            failure_streak_report: 3,
        }
    }
}

/// How a score and an outcome turn into Dirichlet evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvidenceConfig {
    /// safe += max(1 - r, safe_floor). Default 0.05.
    pub safe_floor: f64,
    /// suspicious += max(suspicious_gain * r, 0.01). Default 0.9.
    pub suspicious_gain: f64,
    /// unsafe += max(unsafe_gain_dangerous * r, 0.01) for exec/env/http. Default 0.8.
    pub unsafe_gain_dangerous: f64,
    /// unsafe += max(unsafe_gain_other * r, 0.01) otherwise. Default 0.35.
    pub unsafe_gain_other: f64,
    /// Outcome: a denial, timeout or I/O error adds this to unsafe. Default 0.9.
    pub denied_unsafe: f64,
    /// ... and this to suspicious. Default 0.4.
    pub denied_suspicious: f64,
    /// Outcome: any other error adds this to suspicious. Default 0.35.
    pub error_suspicious: f64,
    /// Outcome: success adds this to safe. Default 0.6.
    pub success_safe: f64,
}

impl EvidenceConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        EvidenceConfig {
            safe_floor: 0.05,
            suspicious_gain: 0.9,
            unsafe_gain_dangerous: 0.8,
            unsafe_gain_other: 0.35,
            denied_unsafe: 0.9,
            denied_suspicious: 0.4,
            error_suspicious: 0.35,
            success_safe: 0.6,
        }
    }
}

/// The sequential test on "this extension's calls are unsafe".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EProcessConfig {
    /// A call with score ≥ this is an unsafe observation (x = 1). Default 0.65.
    pub unsafe_score: f64,
    /// P(x = 1) under "benign". Default 0.10.
    pub p0: f64,
    /// P(x = 1) under "hostile". Default 0.45.
    pub p1: f64,
    /// Floor of log e. Default 0.0: benign history cannot bank credit (a CUSUM-style
    /// reset; the reference clamps at -120).
    pub log_min: f64,
    /// Ceiling of log e. Default 120.
    pub log_max: f64,
}

impl EProcessConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        EProcessConfig {
            unsafe_score: 0.65,
            p0: 0.10,
            p1: 0.45,
            log_min: 0.0,
            log_max: 120.0,
        }
    }
}

/// Drift detection over the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftConfig {
    /// Mean score of the newer half minus the older half at least this → drift. 0.22.
    pub half_mean_delta: f64,
    /// A residual |r - recent mean| above this multiple of the (1 - alpha) quantile of
    /// past residuals → drift. Default 1.5.
    pub residual_factor: f64,
    /// ... and at least this large in absolute terms. Default 0.30.
    pub residual_min: f64,
    /// Scored calls in the window before drift is judged at all. Default 32.
    pub min_samples: u32,
}

impl DriftConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        DriftConfig {
            half_mean_delta: 0.22,
            residual_factor: 1.5,
            residual_min: 0.30,
            min_samples: 32,
        }
    }
}

/// Loss of an action given each state. A row given in a config file must set all
/// three values (a partial row would silently zero the others).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossRow {
    #[serde(rename = "unsafe")]
    pub unsafe_: f64,
    pub suspicious: f64,
    pub safe: f64,
}

impl LossRow {
    pub const fn new(unsafe_: f64, suspicious: f64, safe: f64) -> Self {
        LossRow {
            unsafe_,
            suspicious,
            safe,
        }
    }
}

impl Default for LossRow {
    fn default() -> Self {
        LossRow::new(0.0, 0.0, 0.0)
    }
}

/// The decision-theoretic loss matrix; the action with the least expected loss wins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LossMatrix {
    /// Default 120·u + 8·s.
    pub allow: LossRow,
    /// Default 35·u + 2·s + 15·f. (The reference's 3·f makes the prior alone pick
    /// Harden, which would flag every fresh benign extension; see docs/risk-model.md.)
    pub harden: LossRow,
    /// Default 2·u + 4·s + 30·f (reference 20·f; raised to keep a Harden band between Allow and Deny).
    pub deny: LossRow,
    /// Default 1·u + 8·s + 35·f.
    pub terminate: LossRow,
}

impl LossMatrix {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        LossMatrix {
            allow: LossRow::new(120.0, 8.0, 0.0),
            harden: LossRow::new(35.0, 2.0, 15.0),
            deny: LossRow::new(2.0, 4.0, 30.0),
            terminate: LossRow::new(1.0, 8.0, 35.0),
        }
    }
}

/// Thresholds that turn the loss-minimising action into the final one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActionConfig {
    /// Harden denies a dangerous call whose score is at least this. Default 0.82.
    pub harden_deny_threshold: f64,
    /// An argument signal at least this strong is a "strong" signal (harden-follow). 0.20.
    pub strong_signal: f64,
    /// Consecutive unsafe observations (score ≥ eprocess.unsafe_score) that terminate. 3.
    pub unsafe_streak_terminate: u32,
    /// ... provided the unsafe posterior is at least this. Default 0.45.
    pub unsafe_streak_min_posterior: f64,
    /// Terminate decisions after which the extension is quarantined for good. Default 3.
    pub quarantine_after: u32,
    /// Refused dangerous calls (exec/env/http) within the window that quarantine the
    /// extension (deny-retry loop through dangerous intent). 10.
    pub deny_retry_quarantine: u32,
}

impl ActionConfig {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        ActionConfig {
            harden_deny_threshold: 0.82,
            strong_signal: 0.20,
            unsafe_streak_terminate: 3,
            unsafe_streak_min_posterior: 0.45,
            quarantine_after: 3,
            deny_retry_quarantine: 10,
        }
    }
}

/// Vocabulary the argument signals match against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignalLists {
    /// Hosts treated as known APIs (exact match or any subdomain).
    pub known_hosts: Vec<String>,
    /// Case-insensitive substrings that mark a sensitive path.
    pub sensitive_path_markers: Vec<String>,
    /// Destinations that data may reach after the extension read secret material
    /// (exact host match, no subdomains): package registries and VCS git hosts.
    /// A git remote the session itself added is never allowed, whatever its host;
    /// API hosts that accept uploads (api.github.com, gist.github.com) are not here.
    pub egress_allow_hosts: Vec<String>,
}

impl SignalLists {
    /// The code-level builtin values (used only for fields the shipped default file leaves out).
    pub fn builtin() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        SignalLists {
            known_hosts: s(&[
                "api.github.com",
                "github.com",
                "raw.githubusercontent.com",
                "crates.io",
                "static.crates.io",
                "index.crates.io",
                "docs.rs",
                "registry.npmjs.org",
                "pypi.org",
                "files.pythonhosted.org",
                "api.anthropic.com",
                "api.openai.com",
                "gitlab.com",
            ]),
            sensitive_path_markers: s(&[
                ".ssh/",
                "id_rsa",
                "id_ed25519",
                "id_ecdsa",
                ".aws/",
                ".gnupg",
                ".netrc",
                ".npmrc",
                ".pypirc",
                ".git-credentials",
                ".docker/config.json",
                ".kube/config",
                "/etc/passwd",
                "/etc/shadow",
                "/etc/sudoers",
                "/proc/self/environ",
                ".bash_history",
                ".zsh_history",
                "credentials.json",
                ".credentials",
                ".config/gh/",
                "keychain",
                "/.env",
                ".pem",
                "private_key",
            ]),
            egress_allow_hosts: s(&[
                "registry.npmjs.org",
                "registry.yarnpkg.com",
                "pypi.org",
                "files.pythonhosted.org",
                "crates.io",
                "index.crates.io",
                "static.crates.io",
                "proxy.golang.org",
                "sum.golang.org",
                "rubygems.org",
                "repo.maven.apache.org",
                "github.com",
                "gitlab.com",
                "bitbucket.org",
                "codeload.github.com",
                "objects.githubusercontent.com",
            ]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_values() {
        let c = RiskConfig::default();
        assert!(c.enabled && c.enforce && c.fail_closed && !c.measure_stages);
        assert_eq!((c.alpha, c.window_size, c.decision_timeout_ms), (0.01, 128, 50));
        assert_eq!((c.prior.safe, c.prior.suspicious, c.prior.unsafe_), (8.0, 1.5, 0.5));
        assert_eq!(c.actions.harden_deny_threshold, 0.82);
        assert_eq!(c.method_bonus.exec, 0.0);
        assert!(c.lists.egress_allow_hosts.iter().any(|h| h == "registry.npmjs.org"));
        assert!(!c.lists.egress_allow_hosts.iter().any(|h| h == "api.github.com"));
    }

    #[test]
    fn embedded_default_file_parses_is_complete_and_is_the_default() {
        // Parsed with builtins for missing fields: equal to Default only if complete
        // (or if a missing field happens to equal its builtin).
        let strict = parse_with_builtin_defaults(DEFAULT_TOML).expect("default.toml parses");
        assert_eq!(strict, RiskConfig::default());
        assert_eq!(&strict, RiskConfig::shipped());
        // Complete: every field of the serialised config is present in the file.
        let file: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
        let full: toml::Table = toml::from_str(&toml::to_string(&RiskConfig::default()).unwrap()).unwrap();
        fn keys(t: &toml::Table, pre: &str, out: &mut Vec<String>) {
            for (k, v) in t {
                let p = format!("{pre}{k}");
                if let toml::Value::Table(sub) = v {
                    keys(sub, &format!("{p}."), out);
                } else {
                    out.push(p);
                }
            }
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        keys(&file, "", &mut a);
        keys(&full, "", &mut b);
        a.sort();
        b.sort();
        assert_eq!(a, b, "default.toml must set every field");
        // Machine-writable: the file starts with the header to_shipped_toml writes, and
        // what to_shipped_toml writes parses back to the same config.
        assert!(DEFAULT_TOML.starts_with(SHIPPED_HEADER));
        let written = RiskConfig::default().to_shipped_toml().unwrap();
        assert!(written.starts_with(SHIPPED_HEADER));
        assert_eq!(&parse_with_builtin_defaults(&written).unwrap(), RiskConfig::shipped());
    }

    /// Rewrites `default.toml` from the builtins (run with `--ignored` after changing
    /// a builtin; `cargo xtask calibrate` writes it from a chosen config instead).
    #[test]
    #[ignore]
    fn write_default_toml_from_builtins() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/risk/default.toml");
        std::fs::write(path, RiskConfig::builtin().to_shipped_toml().unwrap()).unwrap();
    }

    #[test]
    fn partial_toml_fills_defaults_and_unknown_fields_fail() {
        let c: RiskConfig = toml::from_str("enforce = false\n[prior]\nunsafe = 1.0\n").unwrap();
        assert!(!c.enforce && c.enabled);
        assert_eq!(c.prior.unsafe_, 1.0);
        assert_eq!(c.prior.safe, RiskConfig::default().prior.safe);
        assert_eq!(c.base_scores, RiskConfig::default().base_scores);
        assert!(toml::from_str::<RiskConfig>("enabeld = true\n").is_err());
        assert!(toml::from_str::<RiskConfig>("[prior]\nunsafe_ = 1.0\n").is_err());
    }

    #[test]
    fn default_config_is_valid_and_bad_values_name_the_field() {
        RiskConfig::default().validate().unwrap();
        let mut c = RiskConfig::default();
        c.signals.min_total = 0.9;
        assert_eq!(c.validate().unwrap_err().field, "signals.min_total");
        let mut c = RiskConfig::default();
        c.loss.deny.safe = f64::NAN;
        assert_eq!(c.validate().unwrap_err().field, "loss.deny.safe");
        let c = RiskConfig {
            window_size: 0,
            ..Default::default()
        };
        assert_eq!(c.validate().unwrap_err().field, "window_size");
        let c = RiskConfig {
            decision_timeout_ms: 0,
            ..Default::default()
        };
        assert_eq!(c.validate().unwrap_err().field, "decision_timeout_ms");
        let mut c = RiskConfig::default();
        c.eprocess.p1 = 1.0;
        assert_eq!(c.validate().unwrap_err().field, "eprocess.p1");
        let mut c = RiskConfig::default();
        c.loss.allow.unsafe_ = -1.0;
        assert_eq!(c.validate().unwrap_err().field, "loss.allow.unsafe");
        // An incoherent loss matrix: hardening a safe call dearer than denying it.
        let mut c = RiskConfig::default();
        c.loss.harden.safe = c.loss.deny.safe + 10.0;
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, "loss.harden.safe", "{e:?}");
    }

    #[test]
    fn default_round_trips_through_json() {
        let c = RiskConfig::default();
        let back: RiskConfig = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}

shipped_default!(DirichletPrior, prior);

shipped_default!(BaseScores, base_scores);

shipped_default!(MethodBonus, method_bonus);

shipped_default!(PromptBonus, prompt_bonus);

shipped_default!(SignalWeights, signals);

shipped_default!(PatternConfig, patterns);

shipped_default!(ScoreWeights, weights);

shipped_default!(EvidenceConfig, evidence);

shipped_default!(EProcessConfig, eprocess);

shipped_default!(DriftConfig, drift);

shipped_default!(LossMatrix, loss);

shipped_default!(ActionConfig, actions);

shipped_default!(SignalLists, lists);
