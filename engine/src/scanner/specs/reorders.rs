//! The orders an array's positions may be in after `reverse` and `sort`
//! (default string order), for [`super::arrays`]: `X.reverse()` /
//! `X.toReversed()` and `X.sort()` / `X.toSorted()` of an array whose
//! positions are known are that array reordered; where a named array is
//! reordered by a statement somewhere in the file (`a.reverse();`), a join
//! reads each order it may be in (written, reversed, sorted, both).

/// The strings at each position of an array (`None`: a position that does not fold).
pub(super) type Slots = Vec<Option<Vec<String>>>;

/// A reordering of an array's positions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reorder {
    /// `reverse()`, `toReversed()`.
    Reverse,
    /// `sort()`, `toSorted()` without a comparison function.
    Sort,
}

/// The reorderings an array may have had where it is read (not ordered
/// against the read).
#[derive(Clone, Copy, Default)]
pub(super) struct Reorders {
    reversed: bool,
    sorted: bool,
}

impl Reorders {
    pub(super) fn add(&mut self, r: Reorder) {
        match r {
            Reorder::Reverse => self.reversed = true,
            Reorder::Sort => self.sorted = true,
        }
    }

    /// Every order `slots` may be in: as written, then reversed, sorted and
    /// sorted then reversed when those may have happened (a sort needs
    /// every position to be one string).
    pub(super) fn orders(self, slots: Slots) -> Vec<Slots> {
        let mut all = Vec::new();
        if self.sorted {
            if let Some(s) = sorted(&slots) {
                if self.reversed {
                    all.push(reversed(s.clone()));
                }
                all.push(s);
            }
        }
        if self.reversed {
            all.push(reversed(slots.clone()));
        }
        all.insert(0, slots);
        all
    }
}

/// The positions in reverse order.
pub(super) fn reversed(mut slots: Slots) -> Slots {
    slots.reverse();
    slots
}

/// The positions in the default order of `sort()` (by UTF-16 code units;
/// each position must be one string).
pub(super) fn sorted(slots: &Slots) -> Option<Slots> {
    let mut one: Vec<&String> = Vec::with_capacity(slots.len());
    for s in slots {
        match s.as_deref() {
            Some([v]) => one.push(v),
            _ => return None,
        }
    }
    one.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    Some(one.into_iter().map(|v| Some(vec![v.clone()])).collect())
}
