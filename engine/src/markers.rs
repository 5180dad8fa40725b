//! Marker lists: whether any of a list of byte strings occurs in a short text
//! (a path, lower-cased). The risk features ask this three times per fs or
//! tool call (sensitive, credential and persistence markers), just after the
//! previous call's I/O has pushed the engine out of the CPU caches. An
//! automaton walks one table row per byte, rows spread over tens of KB; here
//! each position reads two 256-entry bit tables (first and second byte of
//! every marker, 64 markers per pair of tables), and only where both bytes
//! fit is a marker compared. Before those tables, a 512-bit set of hashed
//! byte pairs (one cache line, inside the filter) rules out almost every
//! position of an ordinary path: the two 2 KB tables were read at up to one
//! line per distinct byte of the text, cold after the connector's I/O, for
//! each of the three lists. The answer is exactly `markers.iter().any(|m|
//! text.contains(m))`.

/// Bits of the hashed byte-pair set.
const PAIR_BITS: usize = 512;

/// The bit of the byte pair `(a, b)` in the pair set.
#[inline]
fn pair_bit(a: u8, b: u8) -> usize {
    let h = u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b).wrapping_mul(0x85EB_CA77);
    (h >> 23) as usize % PAIR_BITS
}

/// A marker list compiled for [`MarkerFilter::found_in`].
#[derive(Debug, Clone)]
pub struct MarkerFilter {
    /// Bit [`pair_bit`] of the first two bytes of every marker: a marker can
    /// start only where a pair of the text has its bit set. Unused (all set)
    /// when a marker is one byte long.
    pairs: [u64; PAIR_BITS / 64],
    markers: Vec<Box<[u8]>>,
    /// One per 64 markers, in order.
    groups: Vec<Group>,
    /// An empty marker occurs in every text.
    has_empty: bool,
}

#[derive(Debug, Clone)]
struct Group {
    /// Bit `k`: marker `k` of the group starts with this byte.
    first: Box<[u64; 256]>,
    /// Bit `k`: marker `k` has this second byte (markers of two bytes or more).
    second: Box<[u64; 256]>,
    /// Bit `k`: marker `k` is one byte long.
    single: u64,
}

impl MarkerFilter {
    pub fn new<S: AsRef<[u8]>>(markers: &[S]) -> MarkerFilter {
        let markers: Vec<Box<[u8]>> = markers.iter().map(|m| Box::from(m.as_ref())).collect();
        let has_empty = markers.iter().any(|m| m.is_empty());
        let groups = markers
            .chunks(64)
            .map(|chunk| {
                let mut g = Group {
                    first: Box::new([0; 256]),
                    second: Box::new([0; 256]),
                    single: 0,
                };
                for (k, m) in chunk.iter().enumerate() {
                    let bit = 1u64 << k;
                    match **m {
                        [] => {}
                        [a] => {
                            g.first[usize::from(a)] |= bit;
                            g.single |= bit;
                        }
                        [a, b, ..] => {
                            g.first[usize::from(a)] |= bit;
                            g.second[usize::from(b)] |= bit;
                        }
                    }
                }
                g
            })
            .collect();
        let mut pairs = [0u64; PAIR_BITS / 64];
        for m in &markers {
            match **m {
                [a, b, ..] => {
                    let bit = pair_bit(a, b);
                    pairs[bit / 64] |= 1 << (bit % 64);
                }
                // A one-byte marker can match at any byte: no position is ruled out.
                [_] => pairs = [u64::MAX; PAIR_BITS / 64],
                [] => {}
            }
        }
        MarkerFilter {
            pairs,
            markers,
            groups,
            has_empty,
        }
    }

    /// Whether some marker could start at `i` (its first two bytes' pair bit is
    /// set; the last byte can only start a one-byte marker).
    #[inline]
    fn may_start_at(&self, t: &[u8], i: usize) -> bool {
        match t.get(i + 1) {
            Some(&b) => {
                let bit = pair_bit(t[i], b);
                self.pairs[bit / 64] & (1 << (bit % 64)) != 0
            }
            None => self.pairs == [u64::MAX; PAIR_BITS / 64],
        }
    }

    /// Whether any marker occurs in `text`.
    pub fn found_in(&self, text: &str) -> bool {
        if self.has_empty {
            return true;
        }
        let t = text.as_bytes();
        // Each position is ruled out once, whatever the number of groups.
        for (i, &c) in t.iter().enumerate() {
            if !self.may_start_at(t, i) {
                continue;
            }
            for (gi, g) in self.groups.iter().enumerate() {
                let mut set = g.first[usize::from(c)];
                if set == 0 {
                    continue;
                }
                set &= t.get(i + 1).map_or(g.single, |&n| g.second[usize::from(n)] | g.single);
                while set != 0 {
                    let k = set.trailing_zeros() as usize;
                    set &= set - 1;
                    if self.markers.get(gi * 64 + k).is_some_and(|m| t[i..].starts_with(m)) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// INV-010 (replay re-decides from the same features): the filter answers
    /// exactly as a substring search over the list, for lists of one- and
    /// two-byte markers, an empty marker, duplicates, non-ASCII bytes and more
    /// than 64 markers (several table pairs), on every text over a small
    /// alphabet up to four bytes and on longer mixed texts.
    #[test]
    fn inv_010_marker_filter_answers_as_substring_search() {
        let alphabet = ["a", "b", "/", ".", "é"];
        let mut texts: Vec<String> = vec![String::new()];
        let mut frontier = texts.clone();
        for _ in 0..4 {
            frontier = frontier
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(frontier.iter().cloned());
        }
        texts.extend(
            [
                "~/.ssh/id_rsa",
                "src/.env",
                "x/y/z/.git/hooks/pre-commit",
                "/etc/shadow",
                "m77/",
                "am149/b",
                "m6",
            ]
            .map(String::from),
        );
        let many: Vec<String> = (0..150).map(|i| format!("m{i}/")).chain(["b/a".into()]).collect();
        let lists: Vec<Vec<String>> = vec![
            vec![],
            vec!["a".into()],
            vec!["/".into(), "ab".into()],
            vec!["".into(), "zz".into()],
            vec!["ab".into(), "ab".into(), "ba".into(), "a/b".into()],
            vec!["é".into(), ".é/".into(), "\u{e9}a".into()],
            vec![
                ".ssh/".into(),
                "id_rsa".into(),
                "/.env".into(),
                ".git/hooks/".into(),
                "shadow".into(),
            ],
            many,
        ];
        for list in &lists {
            let f = MarkerFilter::new(list);
            for t in &texts {
                let expect = list.iter().any(|m| t.contains(m.as_str()));
                assert_eq!(f.found_in(t), expect, "list {list:?}, text {t:?}");
            }
        }
    }
}
