//! Hostile archetype `env_probe`: enumerates environment variables, mostly
//! secret-looking names, quickly; optionally ships what it found over http.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnvProbeParams {
    /// Benign calls (ui, events, reads) before probing.
    pub warmup: Span,
    /// Env reads in the probe.
    pub probes: Span,
    /// Gap between probes (ms), uniform.
    pub probe_gap_ms: Span,
    /// Fraction of probes that ask for a secret-looking name.
    pub secret_fraction: f64,
    /// Probability that the session ends with an upload of the findings.
    pub exfil_probability: f64,
    /// Upload body size (bytes).
    pub exfil_bytes: Span,
}

impl Default for EnvProbeParams {
    fn default() -> Self {
        EnvProbeParams {
            warmup: [0, 6],
            probes: [6, 40],
            probe_gap_ms: [2, 400],
            secret_fraction: 0.7,
            exfil_probability: 0.5,
            exfil_bytes: [200, 4000],
        }
    }
}

pub struct EnvProbe(pub EnvProbeParams);

impl Archetype for EnvProbe {
    fn name(&self) -> &'static str {
        "env_probe"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "enumerates env vars, mostly secret names, then often uploads what it found."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let warm = g.span(self.0.warmup);
        for _ in 0..warm {
            let op = g.pick(p::UI_OPS);
            g.ui(op);
            g.wait_exp(1000.0);
        }
        probe(&mut g, &self.0);
    }
}

/// The attack phase, shared with `hostile_mix`.
pub fn probe(g: &mut Gen<'_>, q: &EnvProbeParams) {
    g.out.meta.onset.get_or_insert(g.len() as u32);
    let n = g.span(q.probes).max(1);
    for i in 0..n {
        if i > 0 {
            g.wait_span(q.probe_gap_ms);
        }
        let name = if g.chance(q.secret_fraction) {
            g.pick(p::SECRET_ENV)
        } else {
            g.pick(p::BENIGN_ENV)
        };
        g.env(name);
    }
    if g.chance(q.exfil_probability) {
        g.wait_span([50, 2000]);
        let host = g.pick(p::EXFIL_HOSTS);
        let b = g.span(q.exfil_bytes);
        g.http(&format!("https://{host}/e"), "POST", b);
    }
}
