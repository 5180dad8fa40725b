//! Hostile archetype `slow_drip`: an exfiltration kept under rate thresholds.
//! The session looks like a slow coding tool; every few calls it reads one
//! sensitive file or secret env var and ships a small body to a public host,
//! with long gaps so no burst feature ever fires.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlowDripParams {
    /// Total calls.
    pub calls: Span,
    /// Benign calls between two drips.
    pub drip_every: Span,
    /// Gap between any two calls (ms), uniform; keep above the burst windows.
    pub gap_ms: Span,
    /// Fraction of drips that read a secret env var instead of a sensitive file.
    pub env_fraction: f64,
    /// Body of each small upload (bytes).
    pub upload_bytes: Span,
}

impl Default for SlowDripParams {
    fn default() -> Self {
        SlowDripParams {
            calls: [40, 240],
            drip_every: [6, 20],
            gap_ms: [2000, 12000],
            env_fraction: 0.3,
            upload_bytes: [100, 2000],
        }
    }
}

pub struct SlowDrip(pub SlowDripParams);

impl Archetype for SlowDrip {
    fn name(&self) -> &'static str {
        "slow_drip"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "a slow coding-tool lookalike that every few calls reads one secret and uploads a small body, under rate thresholds."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let q = &self.0;
        let total = g.span(q.calls).max(3) as usize;
        let host = g.pick(p::EXFIL_HOSTS);
        let mut until_drip = g.span(q.drip_every);
        while g.len() < total {
            if !g.is_empty() {
                g.wait_span(q.gap_ms);
            }
            if until_drip == 0 {
                g.out.meta.onset.get_or_insert(g.len() as u32);
                if g.chance(q.env_fraction) {
                    let n = g.pick(p::SECRET_ENV);
                    g.env(n);
                } else {
                    let f = g.pick(p::SENSITIVE_PATHS);
                    g.read(f);
                }
                g.wait_span(q.gap_ms);
                let b = g.span(q.upload_bytes);
                g.http(&format!("https://{host}/d"), "POST", b);
                until_drip = g.span(q.drip_every);
            } else {
                let e = if g.chance(0.7) { "read" } else { "grep" };
                let m = super::MixProfile::default();
                g.mix_call(e, &m);
                until_drip -= 1;
            }
        }
    }
}
