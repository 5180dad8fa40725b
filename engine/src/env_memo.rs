//! The built-in secret-rule verdicts of the last env names a dispatcher's env
//! calls named ([`EnvMemo`]), so that validating a repeated name does not
//! classify it again.
//!
//! Validating an env call classifies its name against the built-in secret
//! rules ([`classify_secret_name`]: tokens in two views, exact names,
//! prefixes, suffix pairs), about 0.5 µs with its allocations: the largest
//! piece of an env call's engine time, which made the env call the slowest
//! of the dispatch latency mix's seven (SLO-05). Extensions read the same
//! few names again and again. The memo keeps the verdict of the last names seen,
//! keyed by the name exactly as sent; a hit costs one hash and one compare.
//!
//! [`classify_secret_name`] is a pure function of the name (the rules are
//! compiled in), so a hit is what a fresh reading gives (test
//! `slo_05_env_memo_gives_the_verdict_of_a_fresh_reading`). The memo is
//! direct-mapped ([`SLOTS`] slots in the dispatcher's); a name longer than
//! [`MAX_NAME`] bytes is classified every time; a colliding name replaces the
//! slot. At most `SLOTS × MAX_NAME` bytes of keys are kept. The configured
//! allow and block lists are applied later, by the env filter, on the name
//! itself, never from the memo.

use crate::env::{classify_secret_name, EnvReason};
use crate::str_memo::StrMemo;

/// Slots in a memo.
pub const SLOTS: usize = 32;
/// Longest name remembered, in bytes.
pub const MAX_NAME: usize = 64;

/// The verdicts of the last env names one dispatcher validated.
#[derive(Debug)]
pub struct EnvMemo {
    memo: StrMemo<EnvReason>,
}

impl Default for EnvMemo {
    /// The dispatcher's memo: [`SLOTS`] slots.
    fn default() -> Self {
        EnvMemo::with_slots(SLOTS)
    }
}

impl EnvMemo {
    /// A memo of `n` slots (rounded up to a power of two, at least 2): the
    /// fuzz checks use 2, so names collide in nearly every input.
    pub fn with_slots(n: usize) -> Self {
        EnvMemo {
            memo: StrMemo::new(n, MAX_NAME),
        }
    }

    /// [`classify_secret_name`] of `name`, from the memo when the same name
    /// was classified last in its slot.
    pub fn classify(&mut self, name: &str) -> EnvReason {
        let verdict = self
            .memo
            .get_or(name, |n| Ok::<_, std::convert::Infallible>(classify_secret_name(n)));
        match verdict {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of every class the built-in rules tell apart (exact, prefix,
    /// suffix pairs, connection strings, qualifiers, camel case, lower case,
    /// padding, symbols only, empty, non-ASCII, with a NUL, `=` or control
    /// character) and lengths around
    /// [`MAX_NAME`]: far more than [`SLOTS`], so slots collide.
    fn names() -> Vec<String> {
        let stems = [
            "HOME",
            "PATH",
            "AWS_SECRET_ACCESS_KEY",
            "aws_secret_access_key",
            "awsSecretAccessKey",
            "GITHUB_TOKEN",
            "GH_TOKEN_FILE",
            "DATABASE_URL",
            "DB_CONNECTION_STRING",
            "dbConnStr",
            "OPENAI_API_KEY",
            "API_KEY_ID",
            "SECRET",
            "NPM_CONFIG_REGISTRY",
            "MY_PASSWORD_HINT",
            " HOME ",
            "___",
            "",
            "Ünïcode_TOKEN",
            "token",
            "OPENAI_API_KEY\0x",
            "HOME=1",
            "PATH\n",
        ];
        let tails = ["", "_OLD", "_1", "x", "_PATH"];
        let mut out: Vec<String> = stems
            .iter()
            .flat_map(|s| tails.iter().map(move |t| format!("{s}{t}")))
            .collect();
        for n in [MAX_NAME - 7, MAX_NAME - 6, MAX_NAME - 5, 200] {
            out.push(format!("SECRET{}", "_X".repeat(n / 2)));
            out.push(format!("{}_TOKEN", "A".repeat(n.saturating_sub(6))));
        }
        out
    }

    /// SLO-05 (the memo behind the env call's validation): through one memo
    /// kept across three passes, in order and reversed, every name gets
    /// exactly the verdict a fresh [`classify_secret_name`] gives; with the
    /// dispatcher's slots and with two (where nearly every name collides).
    #[test]
    fn slo_05_env_memo_gives_the_verdict_of_a_fresh_reading() {
        let names = names();
        let blocked = names.iter().filter(|n| !classify_secret_name(n).allowed()).count();
        assert!(
            blocked > 10 && blocked < names.len() - 10,
            "the names cover both verdicts ({blocked} of {} blocked)",
            names.len()
        );
        for slots in [SLOTS, 2] {
            let mut memo = EnvMemo::with_slots(slots);
            let mut hits = 0;
            let forward: Vec<&String> = names.iter().collect();
            let passes = [forward.clone(), forward.iter().rev().copied().collect(), forward];
            for pass in &passes {
                for &n in pass {
                    hits += usize::from(memo.memo.holds(n));
                    assert_eq!(memo.classify(n), classify_secret_name(n), "name {n:?}, {slots} slots");
                }
            }
            assert!(hits > 0, "{slots} slots: the memo was never hit");
            assert!(memo.memo.longest_key() <= MAX_NAME, "a key past MAX_NAME was kept");
        }
    }

    /// SLO-05: a name past [`MAX_NAME`] is never remembered.
    #[test]
    fn slo_05_env_memo_keeps_no_name_past_its_bound() {
        let mut memo = EnvMemo::with_slots(2);
        let long = format!("{}_TOKEN", "A".repeat(MAX_NAME));
        assert_eq!(memo.classify(&long), classify_secret_name(&long));
        assert_eq!(memo.memo.used(), 0);
        assert_eq!(memo.classify("HOME"), classify_secret_name("HOME"));
        assert_eq!(memo.memo.used(), 1);
    }
}
