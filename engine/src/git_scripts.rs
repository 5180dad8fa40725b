//! Script files git or ssh runs by themselves, judged by what the session
//! wrote into them (docs/risk-model.md, "persistence").
//!
//! A command git or ssh runs (`GIT_SSH_COMMAND="ssh -o ProxyCommand='sh
//! .tunnel %h %p'"`, `core.sshCommand`, `core.pager`, …) may run a script
//! file (`sh FILE`, `bash FILE`, `. FILE`, `./FILE`) an earlier call wrote.
//! Running a workspace script is ordinary (`sh ./build.sh`), and so is
//! writing one, so neither call is judged alone: the pair is. A call that
//! writes a file with text the engine reads (a shell write's text, a file
//! tool's content) that would harm when run ([`crate::shell::command_harms_when_run_later`])
//! leaves [`ScriptFacts::written`]; a call whose git or ssh command runs a
//! script file leaves [`ScriptFacts::run`]. The session keeps the written
//! ones ([`ScriptMemory`], hashes of the path, no text) and a later run of one
//! is persistence, as if both were one line.
//!
//! Paths are compared as spelled, reduced (`./.tunnel` and `$PWD/.tunnel`
//! are `.tunnel`, `a/../b` is `b`) and case-folded: a script written under
//! one spelling and run under another relative to a different directory is
//! not matched. A line that copies or moves a file (`cp .tunnel .t2`) and
//! runs the copy runs the source too ([`crate::shell`] notes both); a line
//! that only copies or moves one leaves [`ScriptFacts::copied`], and the
//! session remembers the copy of a remembered script as written too, so a
//! later call running `.t2` is judged as one running `.tunnel`.
//!
//! The agent's own shell running a remembered script in a later call
//! (`bash setup.sh`, `./setup.sh`, `. setup.sh`) leaves
//! [`ScriptFacts::run_by_own_shell`]: judged the same way, but not
//! remembered as a configured run (the run has happened).
//!
//! A line may leave both kinds (`cp a.sh b.sh && bash setup.sh`): what it
//! left in script files and what it ran are two facts, kept in two fields
//! of the call's features ([`ScriptFacts::fields`]) and taken in by the
//! session in that order ([`ScriptMemory::apply_call`]), so neither hides
//! the other.
//!
//! The order of the two calls does not matter: the session also remembers
//! the script files git or ssh commands ran or were configured to run
//! (`ProxyCommand sh .tunnel %h %p` written to `~/.ssh/config` before
//! `.tunnel` exists), and a later write (or copy) of harmful text to one
//! of them is persistence at that write, the call that makes the
//! configured command harmful.

use serde::{Deserialize, Serialize};

/// The run bit. Below it, for a run, the own bit, then the union of the
/// three bits ([`bits`]) of each script path run (a command may run
/// several).
const RUNS: u32 = 1 << 31;
/// The copy bit (the run bit clear): the low slot holds the source, the
/// high slot the destination. Without it (and without the run bit), the
/// slots hold one or two written paths, or, the low slot empty, the set of
/// the sources of several copies ([`ScriptFacts::copied_from_several`]).
const COPY: u32 = 1 << 30;
/// The own bit (the run bit set; the copy bit's place): only the line's
/// own shell runs the scripts, no git or ssh command: judged against the
/// scripts written, never remembered as a configured run.
const OWN: u32 = 1 << 30;
/// The positions of a run set's bits.
const POSITIONS: u32 = 30;
/// A path's hash is kept modulo 31³: [`bits`] reads no more of it, and it
/// fits a 15-bit slot (stored plus one, so an empty slot is zero).
const SPAN: u32 = 31 * 31 * 31;
const SLOT: u32 = 15;
const SLOT_MASK: u32 = (1 << SLOT) - 1;

/// What one call leaves about script files: zero (most calls), files it
/// wrote whose text would harm when run (the first and the last), a
/// script-named file it copied or moved from another, or the script files
/// its git or ssh commands run. 32 bits: [`crate::risk::CallFeatures`]
/// keeps two (a line's write or copy and its runs) within one cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ScriptFacts(pub u32);

impl ScriptFacts {
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The call wrote `path` with text that would harm when run.
    pub fn written(path: &str) -> ScriptFacts {
        ScriptFacts(slot(key(path)))
    }

    /// The call wrote these paths with text that would harm when run: the
    /// first and the last are kept (none: empty facts).
    pub fn written_all<'p>(paths: impl IntoIterator<Item = &'p str>) -> ScriptFacts {
        let mut paths = paths.into_iter();
        let Some(first) = paths.next() else {
            return ScriptFacts::default();
        };
        let mut f = ScriptFacts::written(first);
        if let Some(last) = paths.last().filter(|l| key(l) != key(first)) {
            f.0 |= slot(key(last)) << SLOT;
        }
        f
    }

    /// Both fields of a call that wrote these names and ran nothing
    /// ([`ScriptFacts::fields`]'s second field, free on such a call, holds
    /// written names too): the first three and the last are kept, so a
    /// file that leaves one name per way it is run (a member manifest's
    /// `:install`, workspace-member and `:run` names) keeps all of them.
    pub fn written_fields<'p>(paths: impl IntoIterator<Item = &'p str>) -> [ScriptFacts; 2] {
        let mut paths = paths.into_iter();
        let first = ScriptFacts::written_all(paths.by_ref().take(2));
        [first, ScriptFacts::written_all(paths)]
    }

    /// The call copied or moved `src` to the script-named `dst`: `dst` now
    /// holds `src`'s text.
    pub fn copied(src: &str, dst: &str) -> ScriptFacts {
        ScriptFacts(COPY | slot(key(src)) | slot(key(dst)) << SLOT)
    }

    /// The call copied several script files (`cat a b c > d`, three copies
    /// in one line; two copies and nothing else take a field each, see
    /// `shell::Walker::script_facts`) from `sources`: more pairs
    /// than the slots hold, so only a 15-position set of the sources is
    /// kept ([`bits15`]), in the high slot with the low one empty (a
    /// written call's low slot never is). None: empty facts.
    pub fn copied_from_several<'p>(sources: impl IntoIterator<Item = &'p str>) -> ScriptFacts {
        ScriptFacts(sources.into_iter().fold(0, |set, p| set | bits15(key(p))) << SLOT)
    }

    /// The call's git or ssh commands run the script files `paths` (none:
    /// empty facts).
    pub fn run<'p>(paths: impl IntoIterator<Item = &'p str>) -> ScriptFacts {
        let set = paths.into_iter().fold(0, |set, p| set | bits(key(p)));
        ScriptFacts(if set == 0 { 0 } else { RUNS | set })
    }

    /// The agent's own shell runs the script files `paths` (`bash setup.sh`,
    /// `./setup.sh`), no git or ssh command (none: empty facts).
    pub fn run_by_own_shell<'p>(paths: impl IntoIterator<Item = &'p str>) -> ScriptFacts {
        let f = ScriptFacts::run(paths);
        ScriptFacts(if f.is_empty() { 0 } else { f.0 | OWN })
    }

    pub fn runs(&self) -> bool {
        self.0 & RUNS != 0
    }

    /// Runs by the line's own shell only.
    fn runs_own_only(&self) -> bool {
        self.runs() && self.0 & OWN != 0
    }

    fn is_copy(&self) -> bool {
        !self.runs() && self.0 & COPY != 0
    }

    /// [`ScriptFacts::copied_from_several`]'s set of sources.
    fn several_copied(&self) -> Option<u32> {
        let [low, high] = self.slots();
        (self.0 & (RUNS | COPY) == 0 && low == 0 && high != 0).then_some(high)
    }

    /// The path hashes of the two slots (zero: empty).
    fn slots(&self) -> [u32; 2] {
        [self.0 & SLOT_MASK, (self.0 >> SLOT) & SLOT_MASK]
    }

    /// The two fields a call's facts are kept in ([`crate::risk::CallFeatures`]'s
    /// `scripts` and `script_runs`): what the call `left` in script files
    /// (a harmful write or a copy) and the scripts it `runs`, kept apart so
    /// neither hides the other (`cp a.sh b.sh && bash setup.sh` copies and
    /// runs). The first field holds `left`, or `runs` when the call left
    /// nothing (so a call of one kind fills the first field only, as
    /// before the second existed); the second holds `runs` next to a
    /// `left`, or more written names on a call that ran nothing
    /// ([`ScriptFacts::written_fields`]).
    pub fn fields(left: ScriptFacts, runs: ScriptFacts) -> [ScriptFacts; 2] {
        if left.is_empty() {
            [runs, ScriptFacts::default()]
        } else {
            [left, runs]
        }
    }

    /// The inverse of [`ScriptFacts::fields`]: `(left, runs)`.
    pub fn split([first, second]: [ScriptFacts; 2]) -> (ScriptFacts, ScriptFacts) {
        if first.runs() {
            (ScriptFacts::default(), first)
        } else {
            (first, second)
        }
    }

    /// Join the two fields of another line of the same call: what the
    /// lines left joins what they left, their runs join their runs
    /// ([`ScriptFacts::join`]).
    pub fn join_fields(mine: [ScriptFacts; 2], other: [ScriptFacts; 2]) -> [ScriptFacts; 2] {
        let ((mut left, mut runs), (l, r)) = (ScriptFacts::split(mine), ScriptFacts::split(other));
        left.join(l);
        runs.join(r);
        ScriptFacts::fields(left, runs)
    }

    /// Join another line's facts of the same call: runs add up and win over
    /// a write or a copy (a file written and run by one line is judged in
    /// the line); otherwise the first line's facts stay.
    pub fn join(&mut self, other: ScriptFacts) {
        if self.runs() && other.runs() {
            // Own only when both are.
            let own = self.0 & other.0 & OWN;
            self.0 = (self.0 | other.0) & !OWN | own;
        } else if self.is_empty() || other.runs() {
            *self = other;
        }
    }
}

/// A path hash in a slot: modulo [`SPAN`], plus one.
fn slot(hash: u32) -> u32 {
    hash % SPAN + 1
}

/// Up to three of the 30 bits, picked by a path's hash (its three digits
/// base 31, a digit 30 on the position of a 0): the run side's set
/// holds a written path when all its bits are in it (a false match is about
/// one in a thousand per remembered path; the cautious side). Reads the
/// hash modulo [`SPAN`] only.
fn bits(hash: u32) -> u32 {
    let bit = |digit: u32| 1 << (digit % 31 % POSITIONS);
    bit(hash) | bit(hash / 31) | bit(hash / 961)
}

/// [`bits`] over 15 positions, for the sources of several copies (a false
/// match is about one in 450 per source and remembered path).
fn bits15(hash: u32) -> u32 {
    let bit = |digit: u32| 1 << (digit % 31 % 15);
    bit(hash) | bit(hash / 31) | bit(hash / 961)
}

/// The hash of a path as spelled, reduced, without a leading `./`: 31 bits,
/// never zero.
fn key(path: &str) -> u32 {
    // `$PWD/x` (and `$(pwd)/x`, which the walker spells so) is `./x`.
    let path = path.trim();
    let path = ["$PWD/", "${PWD}/"]
        .iter()
        .find_map(|p| path.strip_prefix(p))
        .unwrap_or(path);
    let reduced = crate::shell::lexically_reduced(path);
    let mut p: &str = &reduced;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/');
    }
    let h = crate::risk::score::env_name_hash(p);
    ((h ^ (h >> 32)) as u32 & (RUNS - 1)).max(1)
}

/// Most written scripts (and most run sets) one session remembers; past
/// it, every script git or ssh runs counts as written, and every harmful
/// script written as run (the cautious side: a session cannot push an
/// early write or run out of the memory by making more).
const MAX_REMEMBERED: usize = 64;

/// What an extension's session remembers: the hashes of files it wrote
/// with text that would harm when run (modulo [`SPAN`]), and the sets of
/// script files its git or ssh commands ran or were configured to run.
#[derive(Debug, Clone, Default)]
pub struct ScriptMemory {
    written: Vec<u32>,
    full: bool,
    runs: Vec<u32>,
    runs_full: bool,
}

impl ScriptMemory {
    /// Take in both fields of one call's facts ([`ScriptFacts::fields`]),
    /// what it left before what it ran (a line that copies a remembered
    /// script and runs the copy runs it); true when either is judged
    /// harmful ([`ScriptMemory::apply`]).
    pub fn apply_call(&mut self, [first, second]: [ScriptFacts; 2]) -> bool {
        let hit = !first.is_empty() && self.apply(first);
        let then = !second.is_empty() && self.apply(second);
        hit || then
    }

    /// Take in one call's facts; true when its git or ssh command (or its
    /// own shell) runs a script the session wrote with harmful text, or
    /// when it writes (or
    /// copies) harmful text to a script an earlier call's git or ssh
    /// command runs.
    pub fn apply(&mut self, call: ScriptFacts) -> bool {
        if call.runs() {
            let set = call.0 & !(RUNS | OWN);
            let hit = self.full || self.written.iter().any(|&w| bits(w) & set == bits(w));
            // A run by the agent's own shell has happened: a later write
            // of the file is not run by it.
            if !call.runs_own_only() {
                remember(&mut self.runs, &mut self.runs_full, set);
            }
            return hit;
        }
        if let Some(sources) = call.several_copied() {
            // Copies whose names are not kept: when one may be of a
            // remembered script, every script run later counts as written
            // (the cautious side, as past the bound), and a configured run
            // may run it now.
            if self.full || self.written.iter().any(|&w| bits15(w) & sources == bits15(w)) {
                self.full = true;
                return self.runs_full || !self.runs.is_empty();
            }
            return false;
        }
        let [a, b] = call.slots();
        let written = if !call.is_copy() {
            [a, b]
        } else if a != 0 && (self.full || self.written.contains(&(a - 1))) {
            // The destination holds what the source held.
            [b, 0]
        } else {
            [0, 0]
        };
        let mut hit = false;
        for s in written.into_iter().filter(|&s| s != 0) {
            let w = s - 1;
            hit |= self.runs_full || self.runs.iter().any(|&set| bits(w) & set == bits(w));
            remember(&mut self.written, &mut self.full, w);
        }
        hit
    }
}

/// Add `v` to a bounded memory (past the bound, set `full`).
fn remember(v: &mut Vec<u32>, full: &mut bool, x: u32) {
    if !v.contains(&x) {
        if v.len() < MAX_REMEMBERED {
            v.push(x);
        } else {
            *full = true;
        }
    }
}

/// Whether a path may be a shell script a command runs by name: no
/// extension (`.tunnel`, `proxy`) or a shell's (`.sh`, `.bash`, …). A
/// cheap test on the path before a file tool's content is judged as code:
/// it runs on every file-tool write (SLO-14), so a name that ends in a
/// short extension after a name character (`data/file_3.txt`) is answered
/// from its last few bytes; other paths read the base name once, from the
/// end.
pub fn may_be_script(path: &str) -> bool {
    let b = path.as_bytes();
    let mut i = b.len();
    while i > 0 && b.len() - i < 8 {
        i -= 1;
        match b[i] {
            b'.' => {
                if i > 0 && !matches!(b[i - 1], b'/' | b'\\' | b'.') {
                    return is_shell_extension(&b[i + 1..]);
                }
                break;
            }
            b'/' | b'\\' => break,
            _ => {}
        }
    }
    may_be_script_by_base(b)
}

/// [`may_be_script`] for any path: the base name after trailing separators,
/// its leading dots, its last dot.
fn may_be_script_by_base(mut b: &[u8]) -> bool {
    while let [rest @ .., b'/' | b'\\'] = b {
        b = rest;
    }
    // The base name starts after the last separator; `dot` is its last dot.
    let (mut start, mut dot) = (0, None);
    for (i, &c) in b.iter().enumerate().rev() {
        match c {
            b'/' | b'\\' => {
                start = i + 1;
                break;
            }
            b'.' if dot.is_none() => dot = Some(i),
            _ => {}
        }
    }
    let base = &b[start..];
    // Dots that begin the name (`.tunnel`, `..x`) do not start an extension.
    let lead = base.iter().take_while(|&&c| c == b'.').count();
    match dot {
        Some(d) if d >= start + lead => is_shell_extension(&b[d + 1..]),
        _ => !base.is_empty(),
    }
}

/// A shell script's extension, in any case: `sh`, `bash`, `zsh`, `ksh`,
/// `command`.
fn is_shell_extension(ext: &[u8]) -> bool {
    match ext.len() {
        2 => ext.eq_ignore_ascii_case(b"sh"),
        3 => ext.eq_ignore_ascii_case(b"zsh") || ext.eq_ignore_ascii_case(b"ksh"),
        4 => ext.eq_ignore_ascii_case(b"bash"),
        7 => ext.eq_ignore_ascii_case(b"command"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_a_written_script_run_later_by_git_is_remembered_by_its_path() {
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::written("./.tunnel")));
        assert!(m.apply(ScriptFacts::run([".tunnel"])));
        assert!(m.apply(ScriptFacts::run(["x/../.tunnel"])));
        assert!(m.apply(ScriptFacts::run(["$PWD/.tunnel"])));
        assert!(m.apply(ScriptFacts::run(["${PWD}/./.tunnel"])));
        assert!(!m.apply(ScriptFacts::run(["$PWD/x/.tunnel"])));
        assert!(m.apply(ScriptFacts::run(["build.sh", ".tunnel"])));
        assert!(!m.apply(ScriptFacts::run(["build.sh"])));
        let mut joined = ScriptFacts::run(["build.sh"]);
        joined.join(ScriptFacts::written("other"));
        joined.join(ScriptFacts::run([".tunnel"]));
        assert!(m.apply(joined));
        // Past the bound, every run counts.
        for i in 0..MAX_REMEMBERED {
            m.apply(ScriptFacts::written(&format!("s{i}")));
        }
        assert!(m.apply(ScriptFacts::run(["build.sh"])));
    }

    #[test]
    fn slo_11_a_harmful_script_written_where_a_run_was_configured_is_judged_at_the_write() {
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::run(["build.sh", ".tunnel"])));
        assert!(!m.apply(ScriptFacts::written("other")));
        assert!(m.apply(ScriptFacts::written("./.tunnel")));
        assert!(m.apply(ScriptFacts::written_all(["other", "build.sh"])));
        // A copy of a remembered script onto a configured name.
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::run(["bin/proxy"])));
        assert!(!m.apply(ScriptFacts::written(".a")));
        assert!(!m.apply(ScriptFacts::copied("other", "bin/proxy")));
        assert!(m.apply(ScriptFacts::copied(".a", "bin/proxy")));
        // Past the bound, every harmful write counts.
        let mut m = ScriptMemory::default();
        for i in 0..=MAX_REMEMBERED {
            m.apply(ScriptFacts::run([format!("s{i}").as_str()]));
        }
        assert!(m.apply(ScriptFacts::written("any")));
    }

    #[test]
    fn slo_11_a_copy_of_a_remembered_script_is_remembered_as_written() {
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::written(".tunnel")));
        // A copy of another file, then of the remembered one, then of the copy.
        assert!(!m.apply(ScriptFacts::copied("other", ".x")));
        assert!(!m.apply(ScriptFacts::run([".x"])));
        assert!(!m.apply(ScriptFacts::copied("./.tunnel", ".t2")));
        assert!(!m.apply(ScriptFacts::copied(".t2", "bin/proxy")));
        assert!(m.apply(ScriptFacts::run([".t2"])));
        assert!(m.apply(ScriptFacts::run(["bin/proxy"])));
        // Two paths one line wrote: the first and the last.
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::written_all([".a", ".b", ".c"])));
        assert!(m.apply(ScriptFacts::run([".a"])));
        assert!(m.apply(ScriptFacts::run([".c"])));
        assert!(!m.apply(ScriptFacts::run(["build.sh"])));
        assert!(ScriptFacts::written_all([]).is_empty());
        assert_eq!(ScriptFacts::written_all([".a", "./.a"]), ScriptFacts::written(".a"));
        // A call that ran nothing keeps three names and the last in its two fields.
        for run in ["m:install", ":member", "m:run", "m:last"] {
            let mut m = ScriptMemory::default();
            let fields = ScriptFacts::written_fields(["m:install", ":member", "m:run", "m:other", "m:last"]);
            assert!(!m.apply_call(fields));
            assert!(m.apply(ScriptFacts::run([run])), "{run}");
        }
        assert_eq!(ScriptFacts::written_fields(["a", "b"])[1], ScriptFacts::default());
    }

    #[test]
    fn slo_11_a_run_by_the_own_shell_is_judged_and_not_remembered() {
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::run_by_own_shell(["./setup.sh"])));
        assert!(!m.apply(ScriptFacts::written("setup.sh")));
        assert!(m.apply(ScriptFacts::run_by_own_shell(["setup.sh"])));
        assert!(m.apply(ScriptFacts::run_by_own_shell(["build.sh", "$PWD/setup.sh"])));
        assert!(!m.apply(ScriptFacts::run_by_own_shell(["build.sh"])));
        assert!(ScriptFacts::run_by_own_shell([]).is_empty());
        // Own only while every joined run is.
        let mut f = ScriptFacts::run_by_own_shell(["a"]);
        f.join(ScriptFacts::run_by_own_shell(["b"]));
        assert!(f.runs_own_only());
        f.join(ScriptFacts::run(["c"]));
        assert!(f.runs() && !f.runs_own_only());
        // A git run is remembered as configured, an own run is not.
        let mut m = ScriptMemory::default();
        m.apply(f);
        assert!(m.apply(ScriptFacts::written("a")));
    }

    #[test]
    fn slo_11_both_kinds_of_one_call_are_judged() {
        let copy = ScriptFacts::copied("a.sh", "b.sh");
        let own = ScriptFacts::run_by_own_shell(["setup.sh"]);
        // One kind fills the first field only; both are kept apart.
        assert_eq!(
            ScriptFacts::fields(ScriptFacts::default(), own),
            [own, ScriptFacts::default()]
        );
        assert_eq!(ScriptFacts::fields(copy, own), [copy, own]);
        assert_eq!(
            ScriptFacts::split([own, ScriptFacts::default()]),
            (ScriptFacts::default(), own)
        );
        assert_eq!(ScriptFacts::split([copy, own]), (copy, own));
        // The copy's line and a run's line of one call.
        let joined = ScriptFacts::join_fields([copy, ScriptFacts::default()], [own, ScriptFacts::default()]);
        assert_eq!(joined, [copy, own]);
        let mut m = ScriptMemory::default();
        assert!(!m.apply_call([ScriptFacts::written("setup.sh"), ScriptFacts::default()]));
        assert!(m.apply_call(joined));
        // What a call left is taken in before what it ran.
        assert!(!m.apply_call([
            ScriptFacts::copied("setup.sh", ".y"),
            ScriptFacts::run_by_own_shell(["b.sh"])
        ]));
        assert!(m.apply_call([ScriptFacts::run_by_own_shell([".y"]), ScriptFacts::default()]));
        assert!(!m.apply_call([ScriptFacts::default(); 2]));
    }

    #[test]
    fn slo_11_several_copies_of_a_remembered_script_make_every_later_run_count() {
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::written(".tunnel")));
        assert!(!m.apply(ScriptFacts::copied_from_several(["a.sh", "b.sh"])));
        assert!(!m.apply(ScriptFacts::run_by_own_shell(["bin/a.sh"])));
        assert!(!m.apply(ScriptFacts::copied_from_several(["a.sh", "./.tunnel"])));
        assert!(m.apply(ScriptFacts::run_by_own_shell(["bin/.tunnel"])));
        assert!(m.apply(ScriptFacts::run_by_own_shell(["build.sh"])));
        // Several copies of a remembered script where a run is configured.
        let mut m = ScriptMemory::default();
        assert!(!m.apply(ScriptFacts::run(["bin/proxy"])));
        assert!(!m.apply(ScriptFacts::written(".a")));
        assert!(m.apply(ScriptFacts::copied_from_several([".a", "x.sh"])));
        assert!(ScriptFacts::copied_from_several([]).is_empty());
        assert!(ScriptFacts::copied_from_several(["a"]).several_copied().is_some());
        assert!(ScriptFacts::written_all(["a", "b"]).several_copied().is_none());
    }

    /// The rule [`may_be_script`] implements, spelled with string methods.
    fn may_be_script_spelled(path: &str) -> bool {
        let base = path.trim_end_matches(['/', '\\']);
        let base = &base[base.rfind(['/', '\\']).map_or(0, |i| i + 1)..];
        match base.trim_start_matches('.').rsplit_once('.') {
            None => !base.is_empty(),
            Some((_, ext)) => ["sh", "bash", "zsh", "ksh", "command"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e)),
        }
    }

    /// SLO-14 (the byte scan is the rule): every path built from the
    /// characters that matter (separators, dots, letters of the shells'
    /// extensions) up to five long, and some longer ones, gets the same
    /// answer from the scan as from the rule spelled with string methods.
    #[test]
    fn slo_14_the_script_name_scan_answers_as_the_rule() {
        let alphabet = ['/', '\\', '.', 's', 'h', 'x', 'B', 'a'];
        let mut paths = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for p in &frontier {
                for c in alphabet {
                    next.push(format!("{p}{c}"));
                }
            }
            paths.extend(next.iter().cloned());
            frontier = next;
        }
        for p in [
            "data/file_3.txt",
            "a/.b.sh",
            "x\\y.SH",
            "dir/",
            "a.b/c",
            "...",
            "run.command",
            "./.tunnel",
            "scripts/deploy.bash/",
            "é/ü.sh",
            "notes.md",
            "a/b.c/d",
            "x/.txt",
            "x/..sh",
            "x/a..sh",
            "deploy.command/",
            "very/long/directory/name/without.extension_here",
            "archive.tar.gz",
        ] {
            paths.push(p.to_string());
        }
        assert!(paths.len() > 30_000);
        for p in &paths {
            assert_eq!(may_be_script(p), may_be_script_spelled(p), "{p:?}");
        }
    }

    #[test]
    fn slo_10_only_shell_script_names_are_judged_as_scripts() {
        for p in [".tunnel", "proxy", "scripts/x.sh", "a/b.BASH", "run.command"] {
            assert!(may_be_script(p), "{p}");
        }
        for p in ["src/main.rs", "README.md", "a/b.py", "data.json", ""] {
            assert!(!may_be_script(p), "{p}");
        }
    }
}
