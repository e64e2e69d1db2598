//! The str object: code points stored 1, 2 or 4 bytes each (the narrowest
//! width that fits the largest one, as CPython's PEP 393), so indexing is
//! O(1) for all text; an ASCII flag makes output and hashing fast.

use crate::gc::{self, trace::str_size};
use crate::layout::*;
use crate::mem::{rd, rd8, wr, wr8};

/// Strings longer than this many code points raise MemoryError (as the oracle).
pub const MAX_STR_LEN: usize = 1 << 31;

/// A read-only view of a str's code points. It points into the heap: do
/// not keep it across anything that allocates.
#[derive(Copy, Clone)]
pub enum View<'a> {
    /// One byte per code point (Latin-1).
    W1(&'a [u8]),
    /// Two bytes per code point.
    W2(&'a [u16]),
    /// Four bytes per code point.
    W4(&'a [u32]),
}

impl View<'_> {
    /// Number of code points.
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            View::W1(s) => s.len(),
            View::W2(s) => s.len(),
            View::W4(s) => s.len(),
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Code point `i`.
    #[inline]
    pub fn at(&self, i: usize) -> u32 {
        match self {
            View::W1(s) => s[i] as u32,
            View::W2(s) => s[i] as u32,
            View::W4(s) => s[i],
        }
    }

    /// All code points.
    pub fn to_vec(&self) -> Vec<u32> {
        (0..self.len()).map(|i| self.at(i)).collect()
    }

    /// The largest code point (0 for the empty string).
    pub fn max_cp(&self) -> u32 {
        (0..self.len()).map(|i| self.at(i)).max().unwrap_or(0)
    }
}

/// Length in code points of str `s`.
#[inline]
pub fn len(s: usize) -> usize {
    rd(s, STR_LEN)
}

/// The code points of str `s`.
#[inline]
pub fn view<'a>(s: usize) -> View<'a> {
    let n = len(s);
    let data = s + STR_DATA as usize;
    // SAFETY: a str object holds `len` code points of its width at STR_DATA.
    unsafe {
        match rd8(s, STR_WIDTH) {
            1 => View::W1(std::slice::from_raw_parts(data as *const u8, n)),
            2 => View::W2(std::slice::from_raw_parts(data as *const u16, n)),
            _ => View::W4(std::slice::from_raw_parts(data as *const u32, n)),
        }
    }
}

/// Whether str `s` is all ASCII.
#[inline]
pub fn is_ascii(s: usize) -> bool {
    rd8(s, STR_ASCII) != 0
}

/// The bytes of an ASCII or Latin-1 str.
pub fn bytes<'a>(s: usize) -> Option<&'a [u8]> {
    match view(s) {
        View::W1(b) => Some(b),
        _ => None,
    }
}

/// Width in bytes per code point needed for `max`.
#[inline]
pub fn width_for(max: u32) -> usize {
    if max < 0x100 {
        1
    } else if max < 0x10000 {
        2
    } else {
        4
    }
}

/// A new str of `n` code points of width `w` (contents zero); `None` if too long.
pub fn alloc(n: usize, w: usize, ascii: bool) -> Option<usize> {
    if n > MAX_STR_LEN {
        return None;
    }
    let s = gc::alloc_var(TID_STR, str_size(n, w))?;
    wr(s, STR_LEN, n);
    wr8(s, STR_WIDTH, w as u8);
    wr8(s, STR_ASCII, ascii as u8);
    Some(s)
}

/// Stores code point `cp` at index `i` of a str being built.
#[inline]
pub fn put(s: usize, i: usize, cp: u32) {
    let data = s + STR_DATA as usize;
    // SAFETY: `i` is below the length the str was allocated with, and `cp`
    // fits its width.
    unsafe {
        match rd8(s, STR_WIDTH) {
            1 => *(data as *mut u8).add(i) = cp as u8,
            2 => *(data as *mut u16).add(i) = cp as u16,
            _ => *(data as *mut u32).add(i) = cp,
        }
    }
}

/// A new str holding `cps`; `None` if too long.
pub fn from_cps(cps: &[u32]) -> Option<usize> {
    let max = cps.iter().copied().max().unwrap_or(0);
    let s = alloc(cps.len(), width_for(max), max < 0x80)?;
    for (i, &c) in cps.iter().enumerate() {
        put(s, i, c);
    }
    Some(s)
}

/// A new str of Rust text `t` (always fits).
pub fn from_str(t: &str) -> usize {
    if t.is_ascii() {
        let s = alloc(t.len(), 1, true).unwrap_or_else(|| crate::fatal::out_of_memory());
        crate::mem::copy(t.as_ptr() as usize, s + STR_DATA as usize, t.len());
        return s;
    }
    let cps: Vec<u32> = t.chars().map(|c| c as u32).collect();
    from_cps(&cps).unwrap_or_else(|| crate::fatal::out_of_memory())
}

/// The text of `s` as UTF-8, or the index of its first lone surrogate.
pub fn to_utf8(s: usize) -> Result<String, usize> {
    if is_ascii(s) {
        let b = bytes(s).unwrap_or(&[]);
        // SAFETY: ASCII is valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(b.to_vec()) });
    }
    let v = view(s);
    let mut out = String::with_capacity(v.len() + 8);
    for i in 0..v.len() {
        match char::from_u32(v.at(i)) {
            Some(c) => out.push(c),
            None => return Err(i),
        }
    }
    Ok(out)
}

/// The text of `s` with lone surrogates replaced (for messages).
pub fn to_lossy(s: usize) -> String {
    let v = view(s);
    (0..v.len())
        .map(|i| char::from_u32(v.at(i)).unwrap_or('\u{FFFD}'))
        .collect()
}

/// Whether the `n` bytes at `x` equal the `n` bytes at `y`, both the code
/// points of a str. Short runs are compared a word at a time: a str object
/// is a multiple of 8 bytes long and its code points start at an 8-aligned
/// offset, so the word holding the last byte is inside the object; the
/// bytes of that word past `n` are masked out.
#[inline]
fn data_equal(x: usize, y: usize, n: usize) -> bool {
    if n > 32 {
        // SAFETY: both ranges hold a str's code points.
        return unsafe {
            std::slice::from_raw_parts(x as *const u8, n)
                == std::slice::from_raw_parts(y as *const u8, n)
        };
    }
    let mut i = 0;
    while i + 8 <= n {
        if rd(x + i, 0) != rd(y + i, 0) {
            return false;
        }
        i += 8;
    }
    let rest = n - i;
    if rest == 0 {
        return true;
    }
    // The first byte in memory is the low byte of the little-endian value.
    let d = (rd(x + i, 0) ^ rd(y + i, 0)).to_le();
    d << (64 - 8 * rest) == 0
}

/// Whether two strs hold the same code points.
#[inline]
pub fn equal(a: usize, b: usize) -> bool {
    if a == b {
        return true;
    }
    let n = len(a);
    if n != len(b) {
        return false;
    }
    let w = rd8(a, STR_WIDTH);
    if w != rd8(b, STR_WIDTH) {
        // Not produced by the runtime (every str has the narrowest width
        // for its code points), but compared by value all the same.
        let (x, y) = (view(a), view(b));
        return (0..n).all(|i| x.at(i) == y.at(i));
    }
    let nbytes = n * w as usize;
    if nbytes > 16 {
        let (ha, hb) = (rd(a, STR_HASH), rd(b, STR_HASH));
        if ha != 0 && hb != 0 && ha != hb {
            return false;
        }
    }
    data_equal(a + STR_DATA as usize, b + STR_DATA as usize, nbytes)
}

/// Orders two strs by code points.
pub fn compare(a: usize, b: usize) -> std::cmp::Ordering {
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    match (view(a), view(b)) {
        (View::W1(x), View::W1(y)) => x.cmp(y),
        (x, y) => {
            let n = x.len().min(y.len());
            for i in 0..n {
                let o = x.at(i).cmp(&y.at(i));
                if o.is_ne() {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
    }
}

/// The hash of str `s` (FNV-1a over code points, cached; never 0 or -1).
pub fn hash(s: usize) -> i64 {
    let h = rd(s, STR_HASH);
    if h != 0 {
        return h as i64;
    }
    let v = view(s);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    match v {
        View::W1(b) => {
            for &c in b {
                h = (h ^ c as u64).wrapping_mul(0x100_0000_01b3);
            }
        }
        _ => {
            for i in 0..v.len() {
                h = (h ^ v.at(i) as u64).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = h as i64;
    if h == 0 || h == -1 {
        h = 2;
    }
    wr(s, STR_HASH, h as usize);
    h
}
