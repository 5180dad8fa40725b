//! The working directory of the agent's persistent shell across calls: the
//! facts one shell line leaves about it ([`CwdFacts`], a call feature) and
//! what an extension's session remembers of it ([`CwdMemory`], risk state).
//!
//! An agent's shell outlives a call, and so does its `cd`. `cd ~` in one call
//! and `tar czf /tmp/c.tgz .` in the next archive the home directory, every
//! key and token file under it, though neither line names a credential path
//! (`tar czf /tmp/c.tgz ~` would). Within one line the shell analysis
//! ([`crate::shell::analyze`]) already joins relative operands to the
//! directory the line moved to. Across calls, a line records where it leaves
//! the shell (the home, a directory of secrets such as `~/.ssh`, or somewhere
//! else), and, for the directory it started in, whether it reads relative
//! operands that would be secret material if that directory were the home
//! (`.` read whole, `.ssh/id_rsa`), whether it reads that directory whole
//! (`.` by an archiver, `*`), and whether a program reads a relative name
//! there (`cat config`, `sed -n p config`). The session keeps one place: the
//! project (at the start, or elsewhere), below the project (`cd backend`),
//! the home (`~/.config` counts as one, and so does the project's parent:
//! `cd ..`), or a directory of secrets. Lines with no `cd` and no relative
//! operand (`ls`, `git status`) record nothing.
//!
//! Entering the home or a directory of secrets is remembered at once (a
//! refused `cd` then judges later relative reads as if it had run: the
//! cautious side); leaving for elsewhere waits for the call's outcome, since
//! a refused call moved nothing.

use serde::{Deserialize, Serialize};

/// The line leaves its shell in a home directory (`cd`, `cd ~`, `cd $HOME`, `cd /root`).
const ENTERS_HOME: u16 = 1;
/// The line leaves its shell in a directory of secrets (`cd ~/.ssh`, `cd ~/.aws`).
const ENTERS_SECRETS: u16 = 2;
/// The line leaves its shell somewhere else (the project, `/tmp`, `cd -`, `popd`).
const LEAVES: u16 = 4;
/// The line leaves its shell below where it started (`cd backend`).
const DESCENDS: u16 = 64;
/// The line leaves its shell above where it started (`cd ..`, `cd ../..`):
/// the home when it started in the project (`~/app`), or back in the
/// project when an earlier call went below it.
const ASCENDS: u16 = 128;
/// The line leaves its shell below where it started, in a directory that is
/// one of secrets if the start is the home (`cd .ssh`, `cd .aws`; from
/// `~/.config`, `cd gh`): a combination of two move bits no other move
/// makes (a line records one move, [`CwdFacts::moved_to`]), so the byte
/// keeps its size and every earlier value its meaning.
const DESCENDS_TO_SECRETS_IF_HOME: u16 = DESCENDS | ENTERS_SECRETS;
/// The line moves nowhere but gives a shell variable (or a file) the home or
/// a directory of secrets as its value (`D=~/.ssh`, `export H=$HOME`, `echo
/// ~/.ssh > /tmp/d`): a later call's `cd "$D"` (`cd $(cat /tmp/d)`) may go
/// there. A pair of move bits no move makes.
const NAMES_SECRET_DIR: u16 = LEAVES | ENTERS_HOME;
/// The line leaves its shell in a directory a variable it did not set names
/// (`cd "$D"`): where an earlier call put it, or the environment. A pair of
/// move bits no other move makes.
const ENTERS_VARIABLE_DIR: u16 = LEAVES | ENTERS_SECRETS;
/// The line leaves its shell two levels below where it started (`cd
/// backend/src`): a pair of move bits no other move makes.
const DESCENDS_TWO: u16 = DESCENDS | LEAVES;
/// Three levels or more below (`cd a/b/c`), counted as three (the fewest:
/// a later climb is judged as reaching the highest place it may).
const DESCENDS_THREE: u16 = DESCENDS | ENTERS_HOME;
/// The line leaves its shell two levels above where it started (`cd
/// ../..`): a pair of move bits no other move makes.
const ASCENDS_TWO: u16 = ASCENDS | LEAVES;
/// Three levels above (`cd ../../..`).
const ASCENDS_THREE: u16 = ASCENDS | ENTERS_HOME;
/// Four levels or more above: above any depth a session is known to have
/// gone below (the cautious side).
const ASCENDS_FOUR: u16 = ASCENDS | ENTERS_SECRETS;
const MOVES: u16 = ENTERS_HOME | ENTERS_SECRETS | LEAVES | DESCENDS | ASCENDS;
/// A program of the line reads the directory the line started in whole
/// (an archiver's or recursive reader's `.`, a `*` glob).
const READS_WHOLE: u16 = 8;
/// A relative operand read from there is secret material if that directory
/// is the home (`.` read whole, `.ssh/id_rsa`, `-r .aws`).
const READS_IF_HOME: u16 = 16;
/// A program that reads its operands (`cat`, `sed`, `tar`, `cp`, curl's
/// `@file`, …: not `ls`, `chmod`, `git`) reads a relative operand from there.
const READS_FILES: u16 = 32;
/// The line gives a shell variable a file of secrets as its value
/// (`f=.env`, `export K=~/.ssh/id_rsa`): a later call may read it through
/// the variable. (Bits above the first byte: since stop 56; a line's
/// earlier values keep their meaning.)
const NAMES_SECRET_FILE: u16 = 256;
/// A program that reads its operands reads one named by a variable the
/// line did not set (`curl -d @$f URL`, `cat "$K"`, `tar czf - $D`): what an
/// earlier call put there, or the environment.
const READS_VARIABLE: u16 = 512;

/// Where a line leaves its shell's working directory, for [`CwdFacts::moved_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A home directory or a directory above one.
    Home,
    /// A directory holding keys or tokens.
    Secrets,
    /// Anywhere else, or a place not known from the line.
    Elsewhere,
    /// Levels below where the line started (a relative `cd sub`: 1, `cd
    /// a/b`: 2); three or more are kept as three.
    Below(u8),
    /// Below where the line started, in a directory of secrets if the start
    /// is the home (`cd .ssh`).
    BelowSecretsIfHome,
    /// Levels above where the line started (`cd ..`: 1, `cd ../..`: 2);
    /// four or more are kept as "four or more".
    Parent(u8),
    /// Back where the line started (`cd sub && cd ..`): no move.
    Start,
    /// A directory a variable the line did not set names (`cd "$D"`).
    Variable,
}

/// What one shell line leaves about its shell's working directory, as bits.
/// Zero for a line with no `cd` and no relative read (and every call that is
/// not a shell line), which is what the risk controller tests first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CwdFacts(pub u16);

impl CwdFacts {
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The line's last change of directory (an earlier one is overwritten).
    pub fn moved_to(&mut self, place: Place) {
        self.0 &= !MOVES;
        self.0 |= match place {
            Place::Home => ENTERS_HOME,
            Place::Secrets => ENTERS_SECRETS,
            Place::Elsewhere => LEAVES,
            Place::Below(0) => 0,
            Place::Below(1) => DESCENDS,
            Place::Below(2) => DESCENDS_TWO,
            Place::Below(_) => DESCENDS_THREE,
            Place::BelowSecretsIfHome => DESCENDS_TO_SECRETS_IF_HOME,
            Place::Parent(0) => 0,
            Place::Parent(1) => ASCENDS,
            Place::Parent(2) => ASCENDS_TWO,
            Place::Parent(3) => ASCENDS_THREE,
            Place::Parent(_) => ASCENDS_FOUR,
            Place::Start => 0,
            Place::Variable => ENTERS_VARIABLE_DIR,
        };
    }

    /// A shell variable (or a file) given the home or a directory of secrets
    /// as its value, in a line that moves nowhere (a move of the line wins).
    pub fn names_secret_dir(&mut self) {
        if self.0 & MOVES == 0 {
            self.0 |= NAMES_SECRET_DIR;
        }
    }

    /// A shell variable given a file of secrets as its value.
    pub fn names_secret_file(&mut self) {
        self.0 |= NAMES_SECRET_FILE;
    }

    /// An operand a reading program reads is named by a variable the line
    /// did not set.
    pub fn reads_variable(&mut self) {
        self.0 |= READS_VARIABLE;
    }

    /// A relative operand read from where the line started that would be
    /// secret material if that were the home.
    pub fn reads_secret_if_home(&mut self) {
        self.0 |= READS_IF_HOME;
    }

    /// The directory the line started in read whole.
    pub fn reads_whole(&mut self) {
        self.0 |= READS_WHOLE;
    }

    /// A file's content read by a relative name from there.
    pub fn reads_files(&mut self) {
        self.0 |= READS_FILES;
    }

    /// The move `before` recorded, back after a subshell whose own `cd`
    /// ended with it; the reads it added stay.
    pub fn keep_move_of(&mut self, before: CwdFacts) {
        self.0 = (self.0 & !MOVES) | (before.0 & MOVES);
    }

    /// Two lines of one call (a tool's several commands): the later move
    /// wins, reads add up.
    pub fn join(&mut self, later: CwdFacts) {
        if later.0 & MOVES != 0 {
            self.0 &= !MOVES;
        }
        self.0 |= later.0;
    }
}

/// The session's shell directory as far as it matters: the project (or
/// elsewhere), below the project, the home, or a directory of secrets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum At {
    #[default]
    Project,
    /// Levels below the project (`cd backend/src`: 2).
    Below(u8),
    Home,
    Secrets,
}

/// What one extension's session remembers of its shell's working directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CwdMemory {
    at: At,
    /// Where the call decided last moves to, when that is a less cautious
    /// place: applied when its outcome says it ran.
    pending: Option<At>,
    /// An earlier call gave a shell variable (or a file) the home or a
    /// directory of secrets as its value (which one is not kept).
    var_dir: bool,
    /// An earlier call gave a shell variable a file of secrets as its value
    /// (which variable is not kept).
    var_file: bool,
}

impl CwdMemory {
    /// Judge one call's facts against the remembered directory, then take its
    /// move. True: the call reads secret material through that directory
    /// (relative reads that reach it from the home; in a directory of
    /// secrets, reading it whole or a file's content by a relative name).
    pub fn apply(&mut self, call: CwdFacts) -> bool {
        let reads = match self.at {
            At::Project | At::Below(_) => false,
            At::Home => call.0 & READS_IF_HOME != 0,
            At::Secrets => call.0 & (READS_WHOLE | READS_IF_HOME | READS_FILES) != 0,
        };
        // `f=.env` (or `D=~/.ssh`) in one call, `curl -d @$f URL` in a later
        // one: the variable may name the secret (the cautious side: which
        // variable is not kept). Naming one counts at once, as entering a
        // directory of secrets does.
        let reads = reads || (call.0 & READS_VARIABLE != 0 && (self.var_file || self.var_dir));
        if call.0 & NAMES_SECRET_FILE != 0 {
            self.var_file = true;
        }
        self.pending = None;
        let moves = call.0 & MOVES;
        // Levels a relative `cd` went down or up (pairs of move bits tested
        // as exact values first; one level is the plain bit below).
        let levels = match moves {
            DESCENDS_TWO => Some((2, 0)),
            DESCENDS_THREE => Some((3, 0)),
            ASCENDS_TWO => Some((0, 2)),
            ASCENDS_THREE => Some((0, 3)),
            ASCENDS_FOUR => Some((0, u8::MAX)),
            DESCENDS => Some((1, 0)),
            ASCENDS => Some((0, 1)),
            _ => None,
        };
        if let Some((down, up)) = levels {
            self.climb(down, up);
        } else if moves == NAMES_SECRET_DIR {
            self.var_dir = true;
        } else if moves == ENTERS_VARIABLE_DIR {
            // `D=~/.ssh` in one call, `cd "$D"` in a later one: the
            // variable may name that directory, so the strictest of the
            // places it may be (judged at once, as entering one is).
            if self.var_dir {
                self.at = At::Secrets;
            } else {
                self.pending = Some(At::Project);
            }
        } else if moves == DESCENDS_TO_SECRETS_IF_HOME {
            // `cd ~` in one call, `cd .ssh` in the next: entering a directory
            // of secrets counts at once, as `cd ~/.ssh` does.
            match self.at {
                At::Home | At::Secrets => self.at = At::Secrets,
                At::Project | At::Below(_) => self.climb(1, 0),
            }
        } else if call.0 & ENTERS_HOME != 0 {
            self.at = At::Home;
        } else if call.0 & ENTERS_SECRETS != 0 {
            self.at = At::Secrets;
        } else if call.0 & LEAVES != 0 {
            self.pending = Some(At::Project);
        }
        reads
    }

    /// A relative `cd` of `down` levels below where the shell was, or `up`
    /// levels above it. The parent of the project is the home (`~/app`); of
    /// a directory of secrets or of the home, the home or above it; below
    /// the project, climbing as many levels as it went down is the project
    /// again, more is above it (`cd src`, then `cd ../..`: the home).
    fn climb(&mut self, down: u8, up: u8) {
        match (self.at, up) {
            (At::Below(d), u) if u > 0 && u < d => self.pending = Some(At::Below(d - u)),
            (At::Below(d), u) if u > 0 && u == d => self.pending = Some(At::Project),
            (_, u) if u > 0 => self.at = At::Home,
            (At::Project, _) => self.pending = Some(At::Below(down)),
            (At::Below(d), _) => self.pending = Some(At::Below(d.saturating_add(down))),
            // Below the home is judged as the project.
            (At::Home, _) => self.pending = Some(At::Project),
            // Below a directory of secrets is still inside it (`~/.aws/sso`).
            (At::Secrets, _) => {}
        }
    }

    /// The outcome of the call [`CwdMemory::apply`] judged last: a move
    /// elsewhere counts only when it ran.
    pub fn settle(&mut self, ran: bool) {
        if let Some(at) = self.pending.take().filter(|_| ran) {
            self.at = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `reads`: Some(true) a read secret from the home (`.` by an archiver:
    /// also the whole directory), Some(false) a whole-directory read that is
    /// not (`cat *`).
    fn facts(place: Option<Place>, reads: Option<bool>) -> CwdFacts {
        let mut f = CwdFacts::default();
        match reads {
            Some(true) => {
                f.reads_secret_if_home();
                f.reads_whole();
            }
            Some(false) => f.reads_whole(),
            None => {}
        }
        if let Some(p) = place {
            f.moved_to(p);
        }
        f
    }

    /// SLO-11: `cd ~` in one call, `tar czf x .` in a later one reads the home;
    /// the same read from the project does not, nor after a `cd` elsewhere ran.
    #[test]
    fn slo_11_a_relative_read_after_an_earlier_cd_home_reads_the_home() {
        let archive_dot = facts(None, Some(true));
        let mut m = CwdMemory::default();
        assert!(!m.apply(archive_dot), "from the project");
        m.settle(true);
        assert!(!m.apply(facts(Some(Place::Home), None)));
        m.settle(true);
        assert!(m.apply(archive_dot), "from the home");
        m.settle(true);
        // `cat *` in the home: no dot file, no secret.
        assert!(!m.apply(facts(None, Some(false))));
        m.settle(true);
        // `cd /tmp` refused: still in the home.
        assert!(!m.apply(facts(Some(Place::Elsewhere), None)));
        m.settle(false);
        assert!(m.apply(archive_dot));
        m.settle(true);
        // `cd /tmp` ran: no longer.
        m.apply(facts(Some(Place::Elsewhere), None));
        m.settle(true);
        assert!(!m.apply(archive_dot));
    }

    /// SLO-11: `cd ..` from the project is its parent, the home (`~/app`);
    /// from below the project (`cd backend` ran) it is back in the project;
    /// a refused descent moved nothing.
    #[test]
    fn slo_11_the_parent_of_the_project_is_the_home_and_below_it_is_not() {
        let archive_dot = facts(None, Some(true));
        let mut m = CwdMemory::default();
        m.apply(facts(Some(Place::Parent(1)), None));
        m.settle(true);
        assert!(m.apply(archive_dot), "`cd ..` from the project: the home");
        m.settle(true);
        let mut m = CwdMemory::default();
        m.apply(facts(Some(Place::Below(1)), None));
        m.settle(true);
        m.apply(facts(Some(Place::Parent(1)), None));
        m.settle(true);
        assert!(!m.apply(archive_dot), "`cd backend`, `cd ..`: the project");
        m.settle(true);
        m.apply(facts(Some(Place::Below(1)), None));
        m.settle(false);
        assert!(!m.apply(facts(Some(Place::Parent(1)), None)));
        m.settle(true);
        assert!(m.apply(archive_dot), "a refused `cd backend` moved nothing");
        let mut f = facts(Some(Place::Below(1)), None);
        f.moved_to(Place::Start);
        assert!(f.is_empty(), "`cd backend && cd ..`: no move");
    }

    /// SLO-11: levels across calls: `cd src` then `cd ../..` is above the
    /// project, the home; `cd backend/src` then `cd ../..` (or `cd ..` twice)
    /// is the project again; three levels down and up is back too, four up
    /// from there is above the project.
    #[test]
    fn slo_11_levels_climbed_in_a_later_call_than_the_descent_are_counted() {
        let archive_dot = facts(None, Some(true));
        let after = |moves: &[Place]| {
            let mut m = CwdMemory::default();
            for p in moves {
                m.apply(facts(Some(*p), None));
                m.settle(true);
            }
            m.apply(archive_dot)
        };
        assert!(after(&[Place::Below(1), Place::Parent(2)]), "`cd src`, `cd ../..`");
        assert!(!after(&[Place::Below(2), Place::Parent(2)]), "`cd a/b`, `cd ../..`");
        assert!(!after(&[Place::Below(2), Place::Parent(1), Place::Parent(1)]));
        assert!(after(&[Place::Below(2), Place::Parent(1), Place::Parent(2)]));
        assert!(after(&[Place::Below(1), Place::Below(1), Place::Parent(3)]));
        assert!(
            !after(&[Place::Below(3), Place::Parent(3)]),
            "`cd a/b/c`, `cd ../../..`"
        );
        assert!(after(&[Place::Below(3), Place::Parent(4)]));
        assert!(after(&[Place::Below(9), Place::Parent(9)]), "four or more up: cautious");
        // Each level count is its own move value, and the earlier values keep theirs.
        let values: Vec<u16> = (1..=4)
            .flat_map(|n| [Place::Below(n), Place::Parent(n)])
            .map(|p| facts(Some(p), None).0)
            .collect();
        let distinct: std::collections::BTreeSet<u16> = values.iter().copied().collect();
        assert_eq!(distinct.len(), values.len() - 1, "three and four down are one value");
        assert_eq!(facts(Some(Place::Below(1)), None).0, DESCENDS);
        assert_eq!(facts(Some(Place::Parent(1)), None).0, ASCENDS);
    }

    /// SLO-11: in a directory of secrets a whole-directory read is one; the
    /// line's last move wins, and a read before the move is judged where it
    /// started.
    #[test]
    fn slo_11_a_directory_of_secrets_read_whole_is_a_secret_read() {
        let mut m = CwdMemory::default();
        m.apply(facts(Some(Place::Secrets), None));
        m.settle(true);
        assert!(m.apply(facts(None, Some(false))), "`cat *` in ~/.ssh");
        m.settle(true);
        let mut named = CwdFacts::default();
        named.reads_files();
        assert!(m.apply(named), "`base64 config` in ~/.ssh");
        m.settle(true);
        // `cat *; cd ~` : the read happens in ~/.ssh, then home.
        assert!(m.apply(facts(Some(Place::Home), Some(false))));
        m.settle(true);
        assert!(!m.apply(facts(None, Some(false))), "a plain read in the home");
        let mut f = facts(Some(Place::Secrets), None);
        f.join(facts(Some(Place::Elsewhere), None));
        assert_eq!(f, facts(Some(Place::Elsewhere), None), "the later move wins");
        assert!(CwdFacts::default().is_empty() && !f.is_empty());
    }
}
