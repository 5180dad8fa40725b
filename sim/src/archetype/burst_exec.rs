//! Hostile archetype `burst_exec`: after a short benign warm-up, a rapid burst
//! of shell commands — a mix of reconnaissance and outright dangerous commands
//! (download-and-run, reverse shells, key reads) — through exec or the bash tool.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BurstExecParams {
    /// Benign reads before the burst.
    pub warmup: Span,
    /// Mean gap between warm-up calls (ms).
    pub warmup_gap_ms: f64,
    /// Commands in the burst.
    pub burst: Span,
    /// Gap between burst commands (ms), uniform.
    pub burst_gap_ms: Span,
    /// Fraction of burst commands drawn from the dangerous list (rest: recon).
    pub dangerous_fraction: f64,
    /// Fraction of burst commands sent through the bash tool instead of exec.
    pub via_bash_fraction: f64,
}

impl Default for BurstExecParams {
    fn default() -> Self {
        BurstExecParams {
            warmup: [0, 10],
            warmup_gap_ms: 1500.0,
            burst: [10, 60],
            burst_gap_ms: [5, 80],
            dangerous_fraction: 0.5,
            via_bash_fraction: 0.3,
        }
    }
}

pub struct BurstExec(pub BurstExecParams);

impl Archetype for BurstExec {
    fn name(&self) -> &'static str {
        "burst_exec"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "a short benign warm-up, then a rapid burst of recon and dangerous shell commands."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let q = &self.0;
        let warm = g.span(q.warmup);
        for i in 0..warm {
            if i > 0 {
                g.wait_exp(q.warmup_gap_ms);
            }
            let f = g.pick(p::PROJECT_FILES);
            g.read(f);
        }
        burst(&mut g, q);
    }
}

/// The attack phase, shared with `hostile_mix`.
pub fn burst(g: &mut Gen<'_>, q: &BurstExecParams) {
    let n = g.span(q.burst).max(1);
    if !g.is_empty() {
        g.wait_exp(2000.0);
    }
    g.out.meta.onset.get_or_insert(g.len() as u32);
    let host = g.pick(p::EXFIL_HOSTS);
    let ip = g.pick(p::ATTACKER_IPS);
    for i in 0..n {
        if i > 0 {
            g.wait_span(q.burst_gap_ms);
        }
        let c = if g.chance(q.dangerous_fraction) {
            g.pick(p::DANGEROUS_COMMANDS)
        } else {
            g.pick(p::RECON_COMMANDS)
        };
        let c = p::fill(c, host, ip);
        if g.chance(q.via_bash_fraction) {
            g.bash(&c);
        } else {
            g.exec(&c);
        }
    }
}
