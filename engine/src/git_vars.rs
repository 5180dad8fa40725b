//! Git's environment across the calls of one persistent shell: the facts one
//! shell line leaves about git's variables ([`GitVars`], a call feature) and
//! what an extension's session remembers of them ([`GitVarMemory`], risk
//! state).
//!
//! An agent's shell outlives a call. `GIT_PAGER='curl … | sh'` assigned as a
//! plain shell variable in one call and `export GIT_PAGER` in a later one
//! give every later `git log` there the pager, though neither line alone
//! exports a harmful value. A line's analysis ([`crate::shell::analyze`])
//! records, per variable slot, whether it leaves the variable assigned with a
//! value that would be harmful in git's environment or with a harmless one
//! (or unset), which variables it exports by name without a value of its own,
//! and whether it turns bash's allexport option (`set -a`) on or off. The
//! session keeps one bit per slot and the allexport flag: no value, no name.

use serde::{Deserialize, Serialize};

/// The git variables remembered, one slot each. The GIT_CONFIG_COUNT /
/// GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n pairs share the last slot.
const NAMES: [&str; 12] = [
    "GIT_PAGER",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_SSH_COMMAND",
    "GIT_SSH",
    "GIT_ASKPASS",
    "GIT_EXTERNAL_DIFF",
    "GIT_PROXY_COMMAND",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
];
/// The slot of the GIT_CONFIG_COUNT / KEY_n / VALUE_n pairs.
pub const PAIRS_SLOT: u8 = NAMES.len() as u8;

/// A slot's state in a line, two bits each (0: untouched), ordered: a
/// higher one wins when two lines of a call are joined.
/// Assigned a harmless value, or unset.
const CLEARED: u32 = 0b01;
/// Assigned a value harmful in git's environment.
const HARMFUL: u32 = 0b10;
/// Exported by name with no value of the line's own (before any assignment
/// of it in the line): what the shell held is exported.
const EXPORTED: u32 = 0b11;
const ALLEXPORT_SET: u32 = 1 << 28;
const ALLEXPORT_ON: u32 = 1 << 29;
/// A harmful assignment made before the line changed allexport: exported when
/// the session's allexport is on.
const HARMFUL_UNDER_SESSION: u32 = 1 << 30;

/// What one shell line leaves about git's variables in its shell, packed in
/// 32 bits (so [`crate::risk::CallFeatures`] keeps its size): two bits per
/// slot (untouched, cleared, harmful, exported by name), then the allexport
/// flags. Zero for a line that touches none (every call but a few shell
/// lines), which is what the risk controller tests first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GitVars(pub u32);

impl GitVars {
    /// The slot of a variable name, if git's environment gives it a command,
    /// configuration or a config file.
    pub fn slot(name: &str) -> Option<u8> {
        if let Some(i) = NAMES.iter().position(|n| *n == name) {
            return Some(i as u8);
        }
        let pair = name == "GIT_CONFIG_COUNT"
            || ["GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"]
                .iter()
                .any(|p| name.strip_prefix(p).is_some_and(|n| !n.is_empty()));
        pair.then_some(PAIRS_SLOT)
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    fn state(self, slot: u8) -> u32 {
        (self.0 >> (2 * u32::from(slot))) & 0b11
    }

    fn put(&mut self, slot: u8, state: u32) {
        let at = 2 * u32::from(slot);
        self.0 = (self.0 & !(0b11 << at)) | (state << at);
    }

    /// Slots in `state`, one bit each.
    fn mask(self, state: u32) -> u16 {
        (0..=PAIRS_SLOT)
            .filter(|&i| self.state(i) == state)
            .fold(0, |m, i| m | 1 << i)
    }

    /// Slots the line leaves assigned a harmful value.
    pub fn harmful(self) -> u16 {
        self.mask(HARMFUL)
    }

    /// Slots the line leaves assigned a harmless value, or unset.
    pub fn cleared(self) -> u16 {
        self.mask(CLEARED)
    }

    /// Slots the line exports by name before assigning them.
    pub fn exported(self) -> u16 {
        self.mask(EXPORTED)
    }

    /// Whether the line exported the slot by name before this point.
    pub fn is_exported(self, slot: u8) -> bool {
        self.state(slot) == EXPORTED
    }

    /// The line's latest assignment (or `unset`) of a slot; `before_set`: no
    /// `set` in the line changed allexport yet. After an export by name the
    /// slot stays exported (the value the shell held went out first).
    pub fn assign(&mut self, slot: u8, harmful: bool, before_set: bool) {
        if self.is_exported(slot) {
            return;
        }
        self.put(slot, if harmful { HARMFUL } else { CLEARED });
        if harmful && before_set {
            self.0 |= HARMFUL_UNDER_SESSION;
        }
    }

    /// An export by name, with no value of the line's own.
    pub fn export(&mut self, slot: u8) {
        self.put(slot, EXPORTED);
    }

    /// The line leaves allexport `on` (the latest `set` of it wins).
    pub fn set_allexport(&mut self, on: bool) {
        self.0 = (self.0 & !ALLEXPORT_ON) | ALLEXPORT_SET | if on { ALLEXPORT_ON } else { 0 };
    }

    /// Another line the same call runs: per slot an export by name wins,
    /// then a harmful assignment, then a cleared one; the flags add up.
    pub fn join(&mut self, other: GitVars) {
        for slot in 0..=PAIRS_SLOT {
            if other.state(slot) > self.state(slot) {
                self.put(slot, other.state(slot));
            }
        }
        self.0 |= other.0 & (HARMFUL_UNDER_SESSION | ALLEXPORT_SET | ALLEXPORT_ON);
    }
}

/// What one extension's session remembers of its shell's git variables: the
/// slots holding a harmful value not yet exported, and whether allexport is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GitVarMemory {
    harmful: u16,
    allexport: bool,
    /// What the call decided last would forget (slots it overwrote with a
    /// harmless value or unset, allexport turned off): kept apart until its
    /// outcome says it ran, since a refused call changed nothing in the shell.
    pending_clear: u16,
    pending_allexport_off: bool,
}

impl GitVarMemory {
    /// Take one call's facts in. True when the call exports a harmful value an
    /// earlier call left in the shell (`export NAME` of it), or makes a harmful
    /// assignment while an earlier call's `set -a` is on: persistence, as if
    /// the assignment and the export were one line.
    ///
    /// What the call makes harmful (or allexport turned on) is remembered at
    /// once, whatever its outcome (the cautious side); what it clears waits
    /// for [`GitVarMemory::settle`]: a refused `GIT_PAGER=cat; curl … | sh`
    /// must not wipe a harmful value an earlier call left in the shell.
    pub fn apply(&mut self, call: GitVars) -> bool {
        let exports = call.exported() & self.harmful != 0 || (self.allexport && call.0 & HARMFUL_UNDER_SESSION != 0);
        self.harmful |= call.harmful();
        self.pending_clear = call.cleared();
        self.pending_allexport_off = false;
        if call.0 & ALLEXPORT_SET != 0 {
            if call.0 & ALLEXPORT_ON != 0 {
                self.allexport = true;
            } else {
                self.pending_allexport_off = true;
            }
        }
        exports
    }

    /// The outcome of the call last applied: only a call that ran forgets.
    /// A call with no outcome fed back (the next call's [`GitVarMemory::apply`]
    /// comes first) forgets nothing either.
    pub fn settle(&mut self, ran: bool) {
        if ran {
            self.harmful &= !self.pending_clear;
            if self.pending_allexport_off {
                self.allexport = false;
            }
        }
        self.pending_clear = 0;
        self.pending_allexport_off = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_a_harmful_assignment_exported_by_a_later_call_is_remembered() {
        let pager = GitVars::slot("GIT_PAGER").unwrap();
        let mut m = GitVarMemory::default();
        let mut set = GitVars::default();
        set.assign(pager, true, true);
        assert!(!m.apply(set));
        let mut export = GitVars::default();
        export.export(pager);
        assert!(m.apply(export));
        // Overwritten with a harmless value: forgotten.
        let mut clear = GitVars::default();
        clear.assign(pager, false, true);
        assert!(!m.apply(clear));
        // A refused overwrite changed nothing in the shell.
        m.settle(false);
        assert!(m.apply(export));
        assert!(!m.apply(clear));
        m.settle(true);
        assert!(!m.apply(export));
        // Another variable's export does not count.
        assert!(!m.apply(set));
        let mut other = GitVars::default();
        other.export(GitVars::slot("GIT_EDITOR").unwrap());
        assert!(!m.apply(other));
        assert_eq!(GitVars::slot("GIT_CONFIG_KEY_3"), Some(PAIRS_SLOT));
        assert_eq!(GitVars::slot("GIT_CONFIG_KEY_"), None);
        assert_eq!(GitVars::slot("FOO"), None);
    }

    #[test]
    fn slo_11_a_session_allexport_exports_a_later_harmful_assignment() {
        let mut m = GitVarMemory::default();
        let mut on = GitVars::default();
        on.set_allexport(true);
        assert!(!m.apply(on));
        let mut set = GitVars::default();
        set.assign(0, true, true);
        assert!(m.apply(set));
        let mut off = GitVars::default();
        off.set_allexport(false);
        assert!(!m.apply(off));
        // Refused: allexport stays on.
        m.settle(false);
        assert!(m.apply(set));
        assert!(!m.apply(off));
        m.settle(true);
        assert!(!m.apply(set));
    }
}
