//! Benign archetype `build_burst`: bursty but legitimate build/test runs: runs of quick build, test and git commands separated by idle gaps.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [30, 300],
        mix: super::gen::mix(&[("exec", 0.45), ("read", 0.25), ("events", 0.2), ("ui", 0.1)]),
        commands: super::palette::BUILD_COMMANDS.iter().map(|s| s.to_string()).collect(),
        burst: true,
        burst_len: [3, 12],
        burst_gap_ms: 400.0,
        idle_gap_ms: 15000.0,
        ..MixProfile::default()
    }
}

pub struct BuildBurst(pub MixProfile);

impl Archetype for BuildBurst {
    fn name(&self) -> &'static str {
        "build_burst"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "bursty but legitimate build/test runs: runs of quick build, test and git commands separated by idle gaps."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
