//! Benign archetype `ui_events`: a UI/event-driven extension: widgets, notifications, event hooks, session reads.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [10, 200],
        mix: super::gen::mix(&[("ui", 0.45), ("events", 0.4), ("session", 0.1), ("log", 0.05)]),
        mean_gap_ms: 800.0,
        ..MixProfile::default()
    }
}

pub struct UiEvents(pub MixProfile);

impl Archetype for UiEvents {
    fn name(&self) -> &'static str {
        "ui_events"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "a UI/event-driven extension: widgets, notifications, event hooks, session reads."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
