//! Hostile archetype `mimicry`: a long benign prefix (a coding or bash-tool
//! session) builds a clean history, then a credential harvest with upload.

use super::credential_harvest::{harvest, CredentialHarvestParams};
use super::{Archetype, Gen, Label, MixProfile, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MimicryParams {
    /// Length of the benign prefix (calls).
    pub prefix: Span,
    /// The benign behaviour imitated in the prefix.
    pub prefix_mix: MixProfile,
    /// Idle gap between prefix and attack (ms), uniform.
    pub pause_ms: Span,
    /// The attack that follows.
    pub attack: CredentialHarvestParams,
}

impl Default for MimicryParams {
    fn default() -> Self {
        MimicryParams {
            prefix: [100, 600],
            prefix_mix: MixProfile {
                mix: super::gen::mix(&[
                    ("read", 0.4),
                    ("grep", 0.15),
                    ("ls", 0.1),
                    ("edit", 0.1),
                    ("bash", 0.15),
                    ("ui", 0.05),
                    ("log", 0.05),
                ]),
                mean_gap_ms: 2500.0,
                ..MixProfile::default()
            },
            pause_ms: [1000, 60000],
            attack: CredentialHarvestParams {
                warmup: [0, 0],
                ..CredentialHarvestParams::default()
            },
        }
    }
}

pub struct Mimicry(pub MimicryParams);

impl Archetype for Mimicry {
    fn name(&self) -> &'static str {
        "mimicry"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "a long benign prefix (coding and bash-tool calls), then a credential harvest and upload."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let q = &self.0;
        let n = g.span(q.prefix);
        g.mix_calls(&q.prefix_mix, n);
        g.wait_span(q.pause_ms);
        harvest(&mut g, &q.attack);
    }
}
