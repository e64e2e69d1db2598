//! The metadata heaps (ECMA-335 II.24.2.2-4): `#Strings`, `#US`, `#Blob` and
//! `#GUID`, each deduplicating what is added to it.

use std::collections::HashMap;

/// Appends `v` in the compressed unsigned form of II.23.2.
pub fn compress_u32(out: &mut Vec<u8>, v: u32) {
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x4000 {
        out.extend_from_slice(&((v as u16) | 0x8000).to_be_bytes());
    } else {
        assert!(v < 0x2000_0000, "value {v} too large to compress");
        out.extend_from_slice(&(v | 0xC000_0000).to_be_bytes());
    }
}

/// `#Strings`: NUL-terminated UTF-8 identifiers.
#[derive(Debug)]
pub struct StringHeap {
    pub bytes: Vec<u8>,
    index: HashMap<String, u32>,
}

impl Default for StringHeap {
    fn default() -> Self {
        StringHeap {
            bytes: vec![0],
            index: HashMap::new(),
        }
    }
}

impl StringHeap {
    /// The offset of `s` (0 for the empty string).
    pub fn add(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&at) = self.index.get(s) {
            return at;
        }
        let at = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        self.index.insert(s.to_string(), at);
        at
    }
}

/// `#US`: user strings (`ldstr` operands) in UTF-16 with a trailing flag byte.
#[derive(Debug)]
pub struct UserStringHeap {
    pub bytes: Vec<u8>,
    index: HashMap<String, u32>,
}

impl Default for UserStringHeap {
    fn default() -> Self {
        UserStringHeap {
            bytes: vec![0],
            index: HashMap::new(),
        }
    }
}

impl UserStringHeap {
    /// The offset of `s`.
    pub fn add(&mut self, s: &str) -> u32 {
        if let Some(&at) = self.index.get(s) {
            return at;
        }
        let at = self.bytes.len() as u32;
        let units: Vec<u16> = s.encode_utf16().collect();
        compress_u32(&mut self.bytes, units.len() as u32 * 2 + 1);
        let mut special = 0u8;
        for &u in &units {
            self.bytes.extend_from_slice(&u.to_le_bytes());
            // II.24.2.4: set when any unit needs more than 8 bits or is special.
            if u > 0xFF || matches!(u, 0x01..=0x08 | 0x0E..=0x1F | 0x27 | 0x2D | 0x7F) {
                special = 1;
            }
        }
        self.bytes.push(special);
        self.index.insert(s.to_string(), at);
        at
    }

    /// Whether the heap outgrew the 24-bit offsets of `ldstr` tokens.
    pub fn overflowed(&self) -> bool {
        self.bytes.len() > 0x0100_0000
    }
}

/// `#Blob`: length-prefixed byte strings (signatures).
#[derive(Debug)]
pub struct BlobHeap {
    pub bytes: Vec<u8>,
    index: HashMap<Vec<u8>, u32>,
}

impl Default for BlobHeap {
    fn default() -> Self {
        BlobHeap {
            bytes: vec![0],
            index: HashMap::new(),
        }
    }
}

impl BlobHeap {
    /// The offset of `b` (0 for the empty blob).
    pub fn add(&mut self, b: &[u8]) -> u32 {
        if b.is_empty() {
            return 0;
        }
        if let Some(&at) = self.index.get(b) {
            return at;
        }
        let at = self.bytes.len() as u32;
        compress_u32(&mut self.bytes, b.len() as u32);
        self.bytes.extend_from_slice(b);
        self.index.insert(b.to_vec(), at);
        at
    }
}

/// `#GUID`: 16-byte entries, numbered from 1.
#[derive(Debug, Default)]
pub struct GuidHeap {
    pub bytes: Vec<u8>,
}

impl GuidHeap {
    /// Adds a GUID; its 1-based index.
    pub fn add(&mut self, g: [u8; 16]) -> u32 {
        self.bytes.extend_from_slice(&g);
        (self.bytes.len() / 16) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_integers_follow_ecma_examples() {
        // II.23.2 gives these encodings.
        let cases: [(u32, &[u8]); 6] = [
            (0x03, &[0x03]),
            (0x7F, &[0x7F]),
            (0x80, &[0x80, 0x80]),
            (0x2E57, &[0xAE, 0x57]),
            (0x3FFF, &[0xBF, 0xFF]),
            (0x4000, &[0xC0, 0x00, 0x40, 0x00]),
        ];
        for (v, want) in cases {
            let mut out = Vec::new();
            compress_u32(&mut out, v);
            assert_eq!(out, want, "{v:#x}");
        }
    }

    #[test]
    fn heaps_deduplicate_and_reserve_offset_zero() {
        let mut s = StringHeap::default();
        assert_eq!(s.add(""), 0);
        let a = s.add("Main");
        assert_eq!(s.add("Main"), a);
        assert_eq!(&s.bytes[a as usize..], b"Main\0");
        let mut us = UserStringHeap::default();
        let h = us.add("hi");
        assert_eq!(&us.bytes[h as usize..], &[5, b'h', 0, b'i', 0, 0]);
        let e = us.add("é");
        assert_eq!(&us.bytes[e as usize..], &[3, 0xE9, 0, 0]);
        let mut b = BlobHeap::default();
        assert_eq!(b.add(&[]), 0);
        let x = b.add(&[1, 2]);
        assert_eq!(b.add(&[1, 2]), x);
        let mut g = GuidHeap::default();
        assert_eq!(g.add([7; 16]), 1);
    }
}
