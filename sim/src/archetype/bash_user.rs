//! Benign archetype `bash_user`: a tool that runs developer commands through the bash tool (cargo test, git status, ...) between reads and edits.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [15, 150],
        mix: super::gen::mix(&[
            ("read", 0.3),
            ("bash", 0.3),
            ("edit", 0.15),
            ("grep", 0.1),
            ("ls", 0.05),
            ("ui", 0.05),
            ("log", 0.05),
        ]),
        commands: super::palette::DEV_COMMANDS.iter().map(|s| s.to_string()).collect(),
        mean_gap_ms: 4000.0,
        ..MixProfile::default()
    }
}

pub struct BashUser(pub MixProfile);

impl Archetype for BashUser {
    fn name(&self) -> &'static str {
        "bash_user"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "a tool that runs developer commands through the bash tool (cargo test, git status, ...) between reads and edits."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
