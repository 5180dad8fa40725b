//! Benign archetype `coding_reader`: a read-heavy coding tool: reads, searches, lists, occasional edits.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [20, 200],
        mix: super::gen::mix(&[
            ("read", 0.45),
            ("grep", 0.2),
            ("find", 0.05),
            ("ls", 0.1),
            ("edit", 0.12),
            ("write", 0.03),
            ("log", 0.05),
        ]),
        mean_gap_ms: 2500.0,
        ..MixProfile::default()
    }
}

pub struct CodingReader(pub MixProfile);

impl Archetype for CodingReader {
    fn name(&self) -> &'static str {
        "coding_reader"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "a read-heavy coding tool: reads, searches, lists, occasional edits."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
