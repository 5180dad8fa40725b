//! A small direct-mapped memo of a pure function's results, keyed by short
//! strings exactly as given ([`StrMemo`]): the shared mechanism of the URL
//! memo (`url_memo.rs`) and the env-name memo (`env_memo.rs`).
//!
//! A key maps to one slot (a multiplicative hash of its bytes); a hit needs
//! the slot to hold the same key, byte for byte, so it returns what the
//! function gave for that key. A key longer than the memo's bound is never
//! kept (the function runs every time), a colliding key replaces the slot,
//! and an error is never kept, so at most `slots × bound` bytes of keys are
//! held.

use crate::risk::path_memo::slot_of;

/// One remembered key (`value` is None for a free slot).
struct Slot<V> {
    key: String,
    value: Option<V>,
}

/// The results of the last keys one memo saw.
pub(crate) struct StrMemo<V> {
    slots: Box<[Slot<V>]>,
    max_key: usize,
}

impl<V: Clone> std::fmt::Debug for StrMemo<V> {
    /// How many slots hold a result (the keys and values are not shown).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrMemo")
            .field("slots", &self.slots.len())
            .field("used", &self.used())
            .finish()
    }
}

impl<V: Clone> StrMemo<V> {
    /// A memo of `n` slots (rounded up to a power of two, at least 2) for
    /// keys of at most `max_key` bytes.
    pub(crate) fn new(n: usize, max_key: usize) -> Self {
        StrMemo {
            slots: (0..n.max(2).next_power_of_two())
                .map(|_| Slot {
                    key: String::new(),
                    value: None,
                })
                .collect(),
            max_key,
        }
    }

    /// `f(key)`, from the memo when the same key was seen last in its slot.
    pub(crate) fn get_or<E>(&mut self, key: &str, f: impl FnOnce(&str) -> Result<V, E>) -> Result<V, E> {
        if key.len() > self.max_key {
            return f(key);
        }
        let slot = &mut self.slots[slot_of(key.as_bytes(), self.slots.len())];
        if let Some(v) = slot.value.as_ref().filter(|_| slot.key == key) {
            return Ok(v.clone());
        }
        let v = f(key)?;
        slot.key.clear();
        slot.key.push_str(key);
        slot.value = Some(v.clone());
        Ok(v)
    }

    /// Slots holding a result.
    pub(crate) fn used(&self) -> usize {
        self.slots.iter().filter(|s| s.value.is_some()).count()
    }

    /// Slots in the memo.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether `key` is held in its slot (a call would hit).
    #[cfg(test)]
    pub(crate) fn holds(&self, key: &str) -> bool {
        let slot = &self.slots[slot_of(key.as_bytes(), self.slots.len())];
        slot.value.is_some() && slot.key == key
    }

    /// The longest key held.
    #[cfg(test)]
    pub(crate) fn longest_key(&self) -> usize {
        self.slots.iter().map(|s| s.key.len()).max().unwrap_or(0)
    }
}
