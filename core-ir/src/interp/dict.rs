//! An insertion-ordered hash table in the style of CPython's compact dict:
//! entries in insertion order, and an open-addressing index table over them.
//!
//! The table knows nothing of key equality: lookups hand the candidate
//! entries (those on the probe path with an equal hash) to the caller, who
//! may need to run user code (`__eq__`) to compare. Every structural change
//! bumps [`Dict::version`], so a caller that ran user code can tell whether
//! its candidate indices are still valid.

use super::value::Val;

const EMPTY: u32 = u32::MAX;
const DELETED: u32 = u32::MAX - 1;

/// One key/value pair with the key's hash.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key's hash.
    pub hash: u64,
    /// The key.
    pub key: Val,
    /// The value.
    pub value: Val,
}

/// An insertion-ordered dict.
#[derive(Debug, Default)]
pub struct Dict {
    entries: Vec<Option<Entry>>,
    index: Vec<u32>,
    len: usize,
    version: u64,
}

/// The slots of the probe sequence of `hash` in a table of `mask + 1` slots (CPython's).
struct Probe {
    i: usize,
    perturb: u64,
    mask: usize,
    first: bool,
}

impl Iterator for Probe {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.first {
            self.first = false;
        } else {
            self.perturb >>= 5;
            self.i = (self
                .i
                .wrapping_mul(5)
                .wrapping_add(self.perturb as usize)
                .wrapping_add(1))
                & self.mask;
        }
        Some(self.i)
    }
}

fn probe(hash: u64, size: usize) -> Probe {
    let mask = size - 1;
    Probe {
        i: hash as usize & mask,
        perturb: hash,
        mask,
        first: true,
    }
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Changes whenever entries are added, removed or moved.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The entry at index `i`, if it is live.
    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).and_then(Option::as_ref)
    }

    /// The value of the live entry at index `i`, for writing.
    pub fn value_mut(&mut self, i: usize) -> Option<&mut Val> {
        self.entries
            .get_mut(i)
            .and_then(Option::as_mut)
            .map(|e| &mut e.value)
    }

    /// Indices of the live entries whose hash is `hash`, in probe order.
    pub fn candidates(&self, hash: u64) -> Vec<usize> {
        let mut out = Vec::new();
        self.find(hash, |i| {
            out.push(i);
            false
        });
        out
    }

    /// The first entry on `hash`'s probe path with that hash for which `eq` holds.
    pub fn find(&self, hash: u64, mut eq: impl FnMut(usize) -> bool) -> Option<usize> {
        if self.index.is_empty() {
            return None;
        }
        for slot in probe(hash, self.index.len()) {
            match self.index[slot] {
                EMPTY => return None,
                DELETED => {}
                i => {
                    let i = i as usize;
                    if self.entries[i].as_ref().is_some_and(|e| e.hash == hash) && eq(i) {
                        return Some(i);
                    }
                }
            }
        }
        None
    }

    /// Adds a key known to be absent, at the end of the order.
    pub fn insert_new(&mut self, hash: u64, key: Val, value: Val) {
        if (self.entries.len() + 1) * 3 >= self.index.len() * 2 {
            self.rebuild();
        }
        let i = self.entries.len() as u32;
        self.entries.push(Some(Entry { hash, key, value }));
        self.place(hash, i);
        self.len += 1;
        self.version += 1;
    }

    fn place(&mut self, hash: u64, i: u32) {
        for slot in probe(hash, self.index.len()) {
            if self.index[slot] == EMPTY || self.index[slot] == DELETED {
                self.index[slot] = i;
                return;
            }
        }
    }

    /// Compacts the entries and sizes the index for the live ones.
    fn rebuild(&mut self) {
        self.entries.retain(Option::is_some);
        let mut size = 8;
        while size * 2 <= (self.entries.len() + 1) * 3 {
            size *= 2;
        }
        self.index = vec![EMPTY; size];
        for i in 0..self.entries.len() {
            if let Some(e) = &self.entries[i] {
                let h = e.hash;
                self.place(h, i as u32);
            }
        }
        self.version += 1;
    }

    /// Removes the live entry at index `i` and returns it.
    pub fn remove_at(&mut self, i: usize) -> Option<Entry> {
        let e = self.entries.get_mut(i)?.take()?;
        for slot in probe(e.hash, self.index.len()) {
            if self.index[slot] == i as u32 {
                self.index[slot] = DELETED;
                break;
            }
        }
        self.len -= 1;
        self.version += 1;
        Some(e)
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.len = 0;
        self.version += 1;
    }

    /// The live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(d: &Dict, k: i64) -> Option<usize> {
        d.find(
            k as u64 % 7,
            |i| matches!(d.entry(i).map(|e| &e.key), Some(Val::Int(x)) if *x == k),
        )
    }

    #[test]
    fn keeps_insertion_order_through_deletes_and_growth() {
        let mut d = Dict::new();
        for k in 0..100i64 {
            d.insert_new(k as u64 % 7, Val::Int(k), Val::Int(k * 10));
        }
        assert_eq!(d.len(), 100);
        for k in (0..100).step_by(3) {
            let i = key(&d, k).unwrap();
            d.remove_at(i);
        }
        d.insert_new(0, Val::Int(0), Val::Int(-1));
        let keys: Vec<i64> = d
            .iter()
            .map(|e| match e.key {
                Val::Int(k) => k,
                _ => unreachable!(),
            })
            .collect();
        let mut want: Vec<i64> = (0..100).filter(|k| k % 3 != 0).collect();
        want.push(0);
        assert_eq!(keys, want);
        for k in 0..100 {
            assert_eq!(key(&d, k).is_some(), k % 3 != 0 || k == 0, "{k}");
        }
        d.clear();
        assert!(d.len() == 0 && key(&d, 1).is_none());
    }
}
