//! Hostile archetype `hostile_mix`: a session that chains two to four attack
//! phases (exec burst, env probe, credential harvest, bulk upload) in random
//! order, with benign calls between them.

use super::burst_exec::{burst, BurstExecParams};
use super::credential_harvest::{harvest, CredentialHarvestParams};
use super::env_probe::{probe, EnvProbeParams};
use super::http_exfil::{exfil, HttpExfilParams};
use super::{Archetype, Gen, Label, MixProfile, Session, Span};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostileMixParams {
    /// Attack phases chained (at most 4, the number of techniques).
    pub phases: Span,
    /// Benign calls before, between and after phases.
    pub benign_between: Span,
    /// Benign behaviour used between phases.
    pub benign_mix: MixProfile,
    pub burst_exec: BurstExecParams,
    pub env_probe: EnvProbeParams,
    pub credential_harvest: CredentialHarvestParams,
    pub http_exfil: HttpExfilParams,
}

impl Default for HostileMixParams {
    fn default() -> Self {
        HostileMixParams {
            phases: [2, 4],
            benign_between: [0, 20],
            benign_mix: MixProfile::with_mix([1, 1], &[("read", 0.5), ("grep", 0.2), ("ui", 0.2), ("events", 0.1)]),
            burst_exec: BurstExecParams {
                burst: [5, 25],
                ..BurstExecParams::default()
            },
            env_probe: EnvProbeParams {
                probes: [3, 15],
                exfil_probability: 0.0,
                ..EnvProbeParams::default()
            },
            credential_harvest: CredentialHarvestParams {
                warmup: [0, 0],
                ..CredentialHarvestParams::default()
            },
            http_exfil: HttpExfilParams {
                reads: [1, 8],
                uploads: [1, 6],
                ..HttpExfilParams::default()
            },
        }
    }
}

pub struct HostileMix(pub HostileMixParams);

impl Archetype for HostileMix {
    fn name(&self) -> &'static str {
        "hostile_mix"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "two to four attack phases (exec burst, env probe, harvest, bulk upload) in random order with benign calls between."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let q = &self.0;
        let mut order = [0u8, 1, 2, 3];
        order.shuffle(g.rng);
        let phases = g.span(q.phases).clamp(1, 4) as usize;
        for &ph in &order[..phases] {
            let n = g.span(q.benign_between);
            if n > 0 {
                if !g.is_empty() {
                    g.wait_exp(q.benign_mix.mean_gap_ms);
                }
                g.mix_calls(&q.benign_mix, n);
            }
            if !g.is_empty() {
                g.wait_exp(2000.0);
            }
            match ph {
                0 => burst(&mut g, &q.burst_exec),
                1 => probe(&mut g, &q.env_probe),
                2 => harvest(&mut g, &q.credential_harvest),
                _ => exfil(&mut g, &q.http_exfil),
            }
        }
    }
}
