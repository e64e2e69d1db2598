//! The constant pool of one classfile: interned entries, indices, and their
//! serialized form (strings in the JVM's modified UTF-8).

use std::collections::HashMap;

/// One constant-pool entry (JVMS §4.4), referring to others by index.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Entry {
    Utf8(String),
    Integer(i32),
    Long(i64),
    /// A double, by its bits (so that entries can be hashed).
    Double(u64),
    Class(u16),
    String(u16),
    Fieldref(u16, u16),
    Methodref(u16, u16),
    InterfaceMethodref(u16, u16),
    NameAndType(u16, u16),
}

/// An interning constant pool. Every `add_*` returns the entry's index;
/// adding an entry twice returns the first index.
#[derive(Default, Debug)]
pub struct ConstantPool {
    entries: Vec<Entry>,
    index: HashMap<Entry, u16>,
    /// Next free index (entries for longs and doubles take two).
    next: u32,
    overflow: bool,
}

/// The most entries a pool may have (indices are 1..=65534).
const MAX_INDEX: u32 = 65535;

/// The longest modified-UTF-8 text one `Utf8` entry may hold.
pub const MAX_UTF8_LEN: usize = 65535;

/// The length of `s` in the JVM's modified UTF-8 (JVMS §4.4.7).
pub fn modified_utf8_len(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0 => 2,
            1..=0x7F => 1,
            0x80..=0x7FF => 2,
            0x800..=0xFFFF => 3,
            _ => 6,
        })
        .sum()
}

/// `s` in the JVM's modified UTF-8: NUL as two bytes, supplementary
/// characters as two three-byte surrogates.
pub fn modified_utf8(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u16; 2];
    for c in s.chars() {
        for &u in c.encode_utf16(&mut buf).iter() {
            let u = u as u32;
            match u {
                1..=0x7F => out.push(u as u8),
                0 | 0x80..=0x7FF => {
                    out.push(0xC0 | (u >> 6) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                }
                _ => {
                    out.push(0xE0 | (u >> 12) as u8);
                    out.push(0x80 | ((u >> 6) & 0x3F) as u8);
                    out.push(0x80 | (u & 0x3F) as u8);
                }
            }
        }
    }
    out
}

impl ConstantPool {
    /// An empty pool.
    pub fn new() -> Self {
        ConstantPool {
            entries: Vec::new(),
            index: HashMap::new(),
            next: 1,
            overflow: false,
        }
    }

    fn add(&mut self, e: Entry) -> u16 {
        if let Some(&i) = self.index.get(&e) {
            return i;
        }
        let width = if matches!(e, Entry::Long(_) | Entry::Double(_)) {
            2
        } else {
            1
        };
        if self.next + width > MAX_INDEX {
            self.overflow = true;
            return 0;
        }
        let i = self.next as u16;
        self.next += width;
        self.entries.push(e.clone());
        self.index.insert(e, i);
        i
    }

    /// Whether more entries were added than a classfile can hold.
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    /// A `CONSTANT_Utf8`. Text longer than [`MAX_UTF8_LEN`] bytes marks the
    /// pool as overflowed (callers split long strings first).
    pub fn utf8(&mut self, s: &str) -> u16 {
        if modified_utf8_len(s) > MAX_UTF8_LEN {
            self.overflow = true;
            return 0;
        }
        self.add(Entry::Utf8(s.to_string()))
    }

    /// A `CONSTANT_Class` for an internal name (or an array descriptor).
    pub fn class(&mut self, name: &str) -> u16 {
        let n = self.utf8(name);
        self.add(Entry::Class(n))
    }

    /// A `CONSTANT_String`.
    pub fn string(&mut self, s: &str) -> u16 {
        let n = self.utf8(s);
        self.add(Entry::String(n))
    }

    /// A `CONSTANT_Integer`.
    pub fn integer(&mut self, v: i32) -> u16 {
        self.add(Entry::Integer(v))
    }

    /// A `CONSTANT_Long`.
    pub fn long(&mut self, v: i64) -> u16 {
        self.add(Entry::Long(v))
    }

    /// A `CONSTANT_Double`.
    pub fn double(&mut self, v: f64) -> u16 {
        self.add(Entry::Double(v.to_bits()))
    }

    fn name_and_type(&mut self, name: &str, desc: &str) -> u16 {
        let n = self.utf8(name);
        let d = self.utf8(desc);
        self.add(Entry::NameAndType(n, d))
    }

    /// A `CONSTANT_Fieldref`.
    pub fn field(&mut self, owner: &str, name: &str, desc: &str) -> u16 {
        let c = self.class(owner);
        let nt = self.name_and_type(name, desc);
        self.add(Entry::Fieldref(c, nt))
    }

    /// A `CONSTANT_Methodref` (or `InterfaceMethodref` when `interface`).
    pub fn method(&mut self, owner: &str, name: &str, desc: &str, interface: bool) -> u16 {
        let c = self.class(owner);
        let nt = self.name_and_type(name, desc);
        if interface {
            self.add(Entry::InterfaceMethodref(c, nt))
        } else {
            self.add(Entry::Methodref(c, nt))
        }
    }

    /// The serialized pool: `constant_pool_count` then the entries.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.next as u16).to_be_bytes());
        for e in &self.entries {
            match e {
                Entry::Utf8(s) => {
                    let b = modified_utf8(s);
                    out.push(1);
                    out.extend_from_slice(&(b.len() as u16).to_be_bytes());
                    out.extend_from_slice(&b);
                }
                Entry::Integer(v) => {
                    out.push(3);
                    out.extend_from_slice(&v.to_be_bytes());
                }
                Entry::Long(v) => {
                    out.push(5);
                    out.extend_from_slice(&v.to_be_bytes());
                }
                Entry::Double(bits) => {
                    out.push(6);
                    out.extend_from_slice(&bits.to_be_bytes());
                }
                Entry::Class(n) => {
                    out.push(7);
                    out.extend_from_slice(&n.to_be_bytes());
                }
                Entry::String(n) => {
                    out.push(8);
                    out.extend_from_slice(&n.to_be_bytes());
                }
                Entry::Fieldref(c, nt) => {
                    out.push(9);
                    out.extend_from_slice(&c.to_be_bytes());
                    out.extend_from_slice(&nt.to_be_bytes());
                }
                Entry::Methodref(c, nt) => {
                    out.push(10);
                    out.extend_from_slice(&c.to_be_bytes());
                    out.extend_from_slice(&nt.to_be_bytes());
                }
                Entry::InterfaceMethodref(c, nt) => {
                    out.push(11);
                    out.extend_from_slice(&c.to_be_bytes());
                    out.extend_from_slice(&nt.to_be_bytes());
                }
                Entry::NameAndType(n, d) => {
                    out.push(12);
                    out.extend_from_slice(&n.to_be_bytes());
                    out.extend_from_slice(&d.to_be_bytes());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_interned_and_wide_ones_take_two_slots() {
        let mut p = ConstantPool::new();
        let a = p.utf8("a");
        assert_eq!(a, 1);
        assert_eq!(p.utf8("a"), 1);
        let l = p.long(5);
        assert_eq!(l, 2);
        assert_eq!(p.utf8("b"), 4);
        let c = p.class("java/lang/Object");
        assert_eq!(p.class("java/lang/Object"), c);
        let mut out = Vec::new();
        p.write(&mut out);
        // count = next index
        assert_eq!(u16::from_be_bytes([out[0], out[1]]) as u32, p.next);
    }

    #[test]
    fn modified_utf8_encodes_nul_and_supplementary_characters() {
        assert_eq!(modified_utf8("a\0"), vec![b'a', 0xC0, 0x80]);
        assert_eq!(modified_utf8("\u{e9}"), vec![0xC3, 0xA9]);
        // U+1F600 is the surrogate pair D83D DE00, three bytes each.
        assert_eq!(
            modified_utf8("\u{1F600}"),
            vec![0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]
        );
        assert_eq!(modified_utf8_len("a\0\u{1F600}"), 9);
    }

    #[test]
    fn too_long_text_overflows_instead_of_writing_a_bad_entry() {
        let mut p = ConstantPool::new();
        p.utf8(&"x".repeat(MAX_UTF8_LEN + 1));
        assert!(p.overflowed());
    }
}
