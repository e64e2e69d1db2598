//! A fast hash for the JIT's maps, whose keys are its own small numbers
//! (trace values, slots, offsets): std's default SipHash resists keys
//! chosen by an adversary, which these are not, at several times the cost.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes each word in with a rotate, xor and multiply.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

/// An odd constant with well-spread bits (2^64 divided by the golden ratio).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

impl WordHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(MIX);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`WordHasher`].
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A hash set with [`WordHasher`].
pub type Set<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_keep_their_entries() {
        let mut m: Map<(u32, u64), u32> = Map::default();
        for k in 0..10_000u32 {
            m.insert((k, k as u64 * 3), k);
        }
        assert_eq!(m.len(), 10_000);
        assert!((0..10_000u32).all(|k| m[&(k, k as u64 * 3)] == k));
        assert!(!m.contains_key(&(1, 4)));
    }
}
