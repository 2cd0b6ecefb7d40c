//! The index's key table: key -> range of its postings, open addressing laid
//! out so that a probe can ask for all of its keys' slots before reading one.

use crate::hint::prefetch;
use crate::model::Key;

/// Key -> (start, length) of its postings: open addressing with linear
/// probing, a slot of 16 bytes holding the key and its range, at most half
/// full.
///
/// Every key of a probe is looked up in each index it probes (some 64 keys
/// twice per article sentence). In a general hash map each look-up reads a
/// control byte and then the slot, two dependent loads that miss the
/// second-level cache once the table outgrows it, one key after the other.
/// Here a key's slot is known from the key alone, so all of a probe's
/// slots are asked for before the first is read ([`KeyTable::prefetch`]),
/// and the key and its range share a line. The indexes of generated
/// corpora hold 16,000–63,000 keys from 1,000 to 100,000 articles (0.5–2
/// MiB of slots). `len` is the number of keys stored, set once when the
/// table is built (a table is never changed after).
#[derive(Debug, Default)]
pub(super) struct KeyTable {
    /// (key, start, length); length 0: empty (a stored key has postings).
    pub(super) slots: Vec<(Key, u32, u32)>,
    /// Keys stored.
    pub(super) len: usize,
}

impl KeyTable {
    /// A table of the given `(key, start, length)` entries, each key once
    /// and each length at least one.
    pub(super) fn new(entries: impl ExactSizeIterator<Item = (Key, u32, u32)>) -> KeyTable {
        let len = entries.len();
        if len == 0 {
            return KeyTable::default();
        }
        let mut slots = vec![(0, 0, 0); (2 * len).next_power_of_two()];
        let mask = slots.len() - 1;
        for (key, start, n) in entries {
            debug_assert!(n > 0, "a stored key has postings");
            let mut h = Self::home(key, mask);
            while slots[h].2 != 0 {
                debug_assert!(slots[h].0 != key, "each key once");
                h = (h + 1) & mask;
            }
            slots[h] = (key, start, n);
        }
        KeyTable { slots, len }
    }

    /// The slot where a look-up of `key` starts (Fibonacci hashing: the
    /// high bits of a multiplication, as the keys' own low bits may not
    /// vary).
    fn home(key: Key, mask: usize) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    /// Asks for the line where a look-up of `key` starts.
    pub(super) fn prefetch(&self, key: Key) {
        if let Some(slot) = self.slots.get(Self::home(key, self.slots.len().wrapping_sub(1))) {
            prefetch(slot);
        }
    }

    /// The range of `key`'s postings, if it is stored.
    pub(super) fn get(&self, key: Key) -> Option<(u32, u32)> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut h = Self::home(key, mask);
        loop {
            let (k, start, n) = self.slots[h];
            if n == 0 {
                return None;
            }
            if k == key {
                return Some((start, n));
            }
            h = (h + 1) & mask;
        }
    }

    /// The stored `(key, (start, length))` entries, in no order.
    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = (Key, (u32, u32))> + '_ {
        self.slots.iter().filter(|s| s.2 != 0).map(|&(k, start, n)| (k, (start, n)))
    }
}
