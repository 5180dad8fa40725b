//! Benign archetype `long_session`: a long working session (hours) mixing reading, editing, commands, API calls and UI.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [800, 2500],
        mix: super::gen::mix(&[
            ("read", 0.35),
            ("grep", 0.12),
            ("find", 0.03),
            ("ls", 0.06),
            ("edit", 0.1),
            ("write", 0.03),
            ("bash", 0.12),
            ("http", 0.04),
            ("ui", 0.08),
            ("events", 0.04),
            ("session", 0.02),
            ("log", 0.01),
        ]),
        mean_gap_ms: 6000.0,
        ..MixProfile::default()
    }
}

pub struct LongSession(pub MixProfile);

impl Archetype for LongSession {
    fn name(&self) -> &'static str {
        "long_session"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "a long working session (hours) mixing reading, editing, commands, API calls and UI."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
