//! The parsed form of the last URLs a dispatcher's http calls named
//! ([`UrlMemo`]), so that validating a repeated URL does not parse it again.
//!
//! Validating an http call parses its URL with the WHATWG parser and derives
//! the destination's facts (canonical host, address class and spelling,
//! registrable domain from the public suffix list, label counts): about
//! 0.4 µs, the largest single piece of an http call's engine time and so of
//! the dispatch latency mix's tail (SLO-05). Agents call the same endpoints
//! again and again. The memo keeps the [`ParsedUrl`] of the last URLs seen,
//! keyed by the URL exactly as sent; a hit costs one hash, one compare and a
//! reference count.
//!
//! [`parse_url`] is a pure function of its input (the public suffix list is
//! compiled in), so a hit is what a fresh parse gives (test
//! `slo_05_url_memo_gives_the_parse_of_a_fresh_reading`); a URL that does not
//! parse is not remembered and is parsed again next time. The memo is
//! direct-mapped ([`SLOTS`] slots in the dispatcher's); a URL longer than
//! [`MAX_URL`] bytes (the long, data-carrying ones) is parsed every time; a
//! colliding URL replaces the slot. At most `SLOTS × MAX_URL` bytes of keys
//! are kept.

use crate::net::{parse_url, ParsedUrl, UrlError};
use crate::str_memo::StrMemo;
use std::sync::Arc;

/// Slots in a memo.
pub const SLOTS: usize = 32;
/// Longest URL remembered, in bytes.
pub const MAX_URL: usize = 256;

/// [`parse_url`] of `input`, read now, in the shared form validation keeps
/// (what a memo miss gives, and what validation without a memo uses).
pub fn parse_fresh(input: &str) -> Result<Arc<ParsedUrl>, UrlError> {
    parse_url(input).map(Arc::new)
}

/// The parses of the last URLs one dispatcher validated.
#[derive(Debug)]
pub struct UrlMemo {
    memo: StrMemo<Arc<ParsedUrl>>,
}

impl Default for UrlMemo {
    /// The dispatcher's memo: [`SLOTS`] slots.
    fn default() -> Self {
        UrlMemo::with_slots(SLOTS)
    }
}

impl UrlMemo {
    /// A memo of `n` slots (rounded up to a power of two, at least 2): the
    /// fuzz checks use 2, so URLs collide in nearly every input.
    pub fn with_slots(n: usize) -> Self {
        UrlMemo {
            memo: StrMemo::new(n, MAX_URL),
        }
    }

    /// [`parse_url`] of `input`, from the memo when the same URL was parsed
    /// last in its slot.
    pub fn parse(&mut self, input: &str) -> Result<Arc<ParsedUrl>, UrlError> {
        self.memo.get_or(input, parse_fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// URLs of every class the egress policy tells apart (public, private,
    /// loopback, metadata, obfuscated IPv4, IPv6, embedded addresses,
    /// dash-spelled IPv6 names, names under an unlisted TLD, userinfo,
    /// odd schemes, case and dot spellings, ones that do not parse) and
    /// lengths around [`MAX_URL`]: far more than [`SLOTS`], so slots collide.
    fn urls() -> Vec<String> {
        let hosts = [
            "api.github.com",
            "API.GitHub.com.",
            "127.0.0.1",
            "0x7f.1",
            "2130706433",
            "169.254.169.254",
            "[::1]",
            "[::ffff:10.0.0.1]",
            "10.0.0.1.nip.io",
            "--1.sslip.io",
            "fd00-ec2--254.sslip.io",
            "vault.service.consul",
            "metadata.google.internal",
            "user:pw@example.co.uk",
            "attacker\\@api.github.com",
            "xn--bcher-kva.example",
            "bücher.example",
            "localhost",
            "",
            "exa mple.com",
        ];
        let schemes = ["https://", "http://", "HTTPS://", "ftp://", "gopher://", "", "https:"];
        let tails = ["", "/", "/repos/a/b?q=1#f", "/%2e%2e/x", "/\t/tab"];
        let (hosts, tails) = (&hosts, &tails);
        let mut out: Vec<String> = schemes
            .iter()
            .flat_map(|s| {
                hosts
                    .iter()
                    .flat_map(move |h| tails.iter().map(move |t| format!("{s}{h}{t}")))
            })
            .collect();
        for n in [MAX_URL - 21, MAX_URL - 20, MAX_URL - 19, 1000] {
            out.push(format!("https://a.example/{}", "p".repeat(n)));
        }
        out
    }

    /// SLO-05 (the memo behind the http call's validation): through one memo
    /// kept across three passes, in order and reversed, every URL parses to
    /// exactly what a fresh [`parse_url`] gives, errors included; with the
    /// dispatcher's slots and with two (where nearly every URL collides).
    #[test]
    fn slo_05_url_memo_gives_the_parse_of_a_fresh_reading() {
        for slots in [SLOTS, 2] {
            url_memo_against_fresh_parses(slots);
        }
    }

    fn url_memo_against_fresh_parses(slots: usize) {
        let urls = urls();
        let mut memo = UrlMemo::with_slots(slots);
        let mut hits = 0;
        let forward: Vec<&String> = urls.iter().collect();
        let backward: Vec<&String> = urls.iter().rev().collect();
        for (pass, order) in [&forward, &backward, &forward].into_iter().enumerate() {
            for &u in order {
                let fresh = parse_url(u);
                let got = memo.parse(u);
                match (&fresh, &got) {
                    (Ok(f), Ok(g)) => assert_eq!(f, g.as_ref(), "{u:?} (pass {pass})"),
                    (Err(f), Err(g)) => assert_eq!(f, g, "{u:?} (pass {pass})"),
                    _ => panic!("{u:?} (pass {pass}): fresh {fresh:?}, memo {got:?}"),
                }
                // Repeated at once: the second read is a hit, and still the same.
                let again = memo.parse(u);
                if let (Ok(g), Ok(a)) = (&got, &again) {
                    hits += usize::from(Arc::ptr_eq(g, a) && u.len() <= MAX_URL);
                    assert_eq!(g, a, "{u:?}");
                }
            }
        }
        assert!(hits > 3 * SLOTS, "the memo was never hit ({hits}, {slots} slots)");
        assert_eq!(memo.memo.len(), slots);
        assert!(memo.memo.longest_key() <= MAX_URL);
    }
}
