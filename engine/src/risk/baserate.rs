//! Base rates per capability, estimated from benign traces instead of set by hand.
//!
//! A capability's base score is the risk its calls carry on their own. We estimate
//! it as the rate at which *benign* calls of that capability carry a harm signal
//! (a shell effect of tier 1, 2 or 4, a sensitive path, a secret env name, or data
//! sent outside the egress allow-list), shrunk toward the pooled rate:
//!
//! ```text
//! p      = (K + 0.5) / (N + 1)                 pooled over all N calls, K with a harm signal
//! base_c = (k_c + m * p) / (n_c + m)           n_c calls of capability c, k_c with a signal
//! ```
//!
//! with `m` pseudo-calls of prior weight (empirical-Bayes shrinkage: a capability
//! seen a handful of times stays near the pooled rate, one seen thousands of times
//! gets its own). The shipped `default.toml` carries the values this computes over
//! `../shared/real-sessions` (checked by tests/real_sessions_slo10.rs).

use super::config::{BaseScores, RiskConfig};
use super::score::{extract_features_with, CallFeatures, CompiledLists, EgressClass, EnvClass, ShellClass};
use crate::capability::Capability;
use crate::hostcall::{validate_with, RequestRules};
use crate::trace::TraceRecord;

/// Pseudo-calls of the shrinkage prior.
pub const PRIOR_CALLS: f64 = 20.0;

/// Whether a benign call's features carry a harm signal.
pub fn has_harm_signal(f: &CallFeatures) -> bool {
    matches!(f.shell, ShellClass::Tier1 | ShellClass::Tier2 | ShellClass::Tier4)
        || f.sensitive_path
        || f.env == EnvClass::Secret
        || (f.egress == EgressClass::Outside && f.upload)
}

/// Per-capability counts (n, k) from features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// (calls, calls with a harm signal) per capability, in `Capability::ALL` order.
    pub per_cap: Vec<(Capability, u64, u64)>,
}

impl Counts {
    pub fn add(&mut self, cap: Capability, f: &CallFeatures) {
        if self.per_cap.is_empty() {
            self.per_cap = Capability::ALL.into_iter().map(|c| (c, 0, 0)).collect();
        }
        if let Some(e) = self.per_cap.iter_mut().find(|e| e.0 == cap) {
            e.1 += 1;
            e.2 += u64::from(has_harm_signal(f));
        }
    }

    /// Count the calls of trace records, validated under `rules` (records that
    /// fail validation are skipped).
    pub fn add_records<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a TraceRecord>,
        lists: &CompiledLists,
        rules: &RequestRules,
    ) {
        for (i, r) in records.into_iter().enumerate() {
            let req = r.to_request(i);
            if let Ok(v) = validate_with(&req, rules) {
                let call = v.call;
                let f = extract_features_with(call.kind, call.capability, &v.args, lists);
                self.add(call.capability, &f);
            }
        }
    }

    /// The estimated base scores, rounded to 4 decimals (what the default file stores).
    pub fn estimate(&self) -> BaseScores {
        let (n, k) = self.per_cap.iter().fold((0u64, 0u64), |a, e| (a.0 + e.1, a.1 + e.2));
        let pooled = (k as f64 + 0.5) / (n as f64 + 1.0);
        let rate = |cap: Capability| {
            let (nc, kc) = self.per_cap.iter().find(|e| e.0 == cap).map_or((0, 0), |e| (e.1, e.2));
            let v = (kc as f64 + PRIOR_CALLS * pooled) / (nc as f64 + PRIOR_CALLS);
            (v * 10_000.0).round() / 10_000.0
        };
        BaseScores {
            exec: rate(Capability::Exec),
            env: rate(Capability::Env),
            http: rate(Capability::Http),
            write: rate(Capability::Write),
            tool: rate(Capability::Tool),
            session: rate(Capability::Session),
            events: rate(Capability::Events),
            ui: rate(Capability::Ui),
            read: rate(Capability::Read),
            other: rate(Capability::Log),
        }
    }
}

/// Estimate base scores from benign trace records with a config's lists; the
/// records are validated as real sessions are ([`crate::config::real_sessions_config`]:
/// the agents' own tools registered).
pub fn estimate<'a>(records: impl IntoIterator<Item = &'a TraceRecord>, cfg: &RiskConfig) -> (BaseScores, Counts) {
    let lists = CompiledLists::new(cfg);
    let rules = RequestRules::from_config(&crate::config::real_sessions_config(cfg));
    let mut c = Counts::default();
    c.add_records(records, &lists, &rules);
    (c.estimate(), c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_toward_the_pooled_rate() {
        let mut c = Counts::default();
        let harm = CallFeatures {
            shell: ShellClass::Tier2,
            ..Default::default()
        };
        let plain = CallFeatures::default();
        for i in 0..1000 {
            c.add(Capability::Read, &plain);
            if i < 100 {
                c.add(Capability::Exec, if i < 10 { &harm } else { &plain });
            }
        }
        let b = c.estimate();
        let pooled: f64 = (10.0 + 0.5) / 1101.0;
        assert!(
            (b.env - (pooled * 10_000.0).round() / 10_000.0).abs() < 1e-12,
            "unseen → pooled"
        );
        assert!(b.exec > b.read && b.exec < 0.1, "{b:?}");
        assert!(b.read < pooled);
    }
}
