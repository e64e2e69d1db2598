//! Python strings: a sequence of code points (lone surrogates included, as in
//! CPython), indexed in O(1), with the pure operations of the `str_*` opcodes.

use super::unicode::is_printable;
use std::cell::Cell;
use std::fmt::Write as _;

/// An immutable Python string.
#[derive(Debug, Default)]
pub struct PyStr {
    cps: Vec<u32>,
    /// Cached hash; 0 means not computed yet.
    hash: Cell<u64>,
}

impl PyStr {
    /// The string of Rust text `s`.
    pub fn from_str(s: &str) -> PyStr {
        PyStr::from_cps(s.chars().map(|c| c as u32).collect())
    }

    /// The string of code points `cps` (each at most 0x10FFFF).
    pub fn from_cps(cps: Vec<u32>) -> PyStr {
        PyStr {
            cps,
            hash: Cell::new(0),
        }
    }

    /// The code points.
    pub fn cps(&self) -> &[u32] {
        &self.cps
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.cps.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.cps.is_empty()
    }

    /// Appends `more` in place (for a string nobody else holds yet).
    pub fn push(&mut self, more: &[u32]) {
        self.cps.extend_from_slice(more);
        self.hash.set(0);
    }

    /// The text as UTF-8, or the index of the first lone surrogate.
    pub fn to_utf8(&self) -> Result<String, usize> {
        let mut s = String::with_capacity(self.cps.len());
        for (i, &c) in self.cps.iter().enumerate() {
            match char::from_u32(c) {
                Some(ch) => s.push(ch),
                None => return Err(i),
            }
        }
        Ok(s)
    }

    /// The text with lone surrogates replaced by U+FFFD (for messages).
    pub fn to_lossy(&self) -> String {
        self.cps
            .iter()
            .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
            .collect()
    }

    /// A deterministic hash of the contents (FNV-1a), cached; never 0.
    pub fn hash(&self) -> u64 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &c in &self.cps {
            h = (h ^ c as u64).wrapping_mul(0x100_0000_01b3);
        }
        let h = h.max(1);
        self.hash.set(h);
        h
    }
}

/// The position of index `i` (negative counts from the end) in a sequence of `len`.
pub fn seq_index(len: usize, i: i64) -> Option<usize> {
    let n = len as i64;
    let j = if i < 0 { i + n } else { i };
    (0..n).contains(&j).then_some(j as usize)
}

/// Python's adjustment of slice bounds `[lo:hi]` (step 1) to `lo..hi` with `lo <= hi`.
pub fn slice_bounds(len: usize, lo: i64, hi: i64) -> (usize, usize) {
    let n = len as i64;
    let adjust = |x: i64| {
        if x < 0 {
            (x + n).max(0)
        } else {
            x.min(n)
        }
    };
    let (a, b) = (adjust(lo), adjust(hi));
    (a as usize, b.max(a) as usize)
}

/// CPython's `ADJUST_INDICES` for `find`/`rfind`: the range, which may be empty or inverted.
fn find_bounds(len: usize, start: i64, end: i64) -> (i64, i64) {
    let n = len as i64;
    let end = if end > n {
        n
    } else if end < 0 {
        (end + n).max(0)
    } else {
        end
    };
    let start = if start < 0 { (start + n).max(0) } else { start };
    (start, end)
}

fn position(hay: &[u32], needle: &[u32]) -> Option<usize> {
    let (first, rest) = needle.split_first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&i| hay[i] == *first && hay[i + 1..i + needle.len()] == *rest)
}

fn rposition(hay: &[u32], needle: &[u32]) -> Option<usize> {
    let last_start = hay.len().checked_sub(needle.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| hay[i..i + needle.len()] == *needle)
}

/// `s.find(sub, start, end)`.
pub fn find(s: &[u32], sub: &[u32], start: i64, end: i64) -> i64 {
    let (a, b) = find_bounds(s.len(), start, end);
    if b - a < sub.len() as i64 {
        return -1;
    }
    if sub.is_empty() {
        return a;
    }
    position(&s[a as usize..b as usize], sub).map_or(-1, |p| a + p as i64)
}

/// `s.rfind(sub, start, end)`.
pub fn rfind(s: &[u32], sub: &[u32], start: i64, end: i64) -> i64 {
    let (a, b) = find_bounds(s.len(), start, end);
    if b - a < sub.len() as i64 {
        return -1;
    }
    if sub.is_empty() {
        return b;
    }
    rposition(&s[a as usize..b as usize], sub).map_or(-1, |p| a + p as i64)
}

/// `repr(s)`: CPython's quote choice and escapes.
pub fn repr(s: &[u32]) -> String {
    let has_single = s.contains(&('\'' as u32));
    let has_double = s.contains(&('"' as u32));
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for &cp in s {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            c if c == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            c if c < 0x20 || c == 0x7F => {
                let _ = write!(out, "\\x{c:02x}");
            }
            c if c < 0x7F => out.push(char::from_u32(c).unwrap_or('?')),
            c if is_printable(c) => out.push(char::from_u32(c).unwrap_or('?')),
            c if c <= 0xFF => {
                let _ = write!(out, "\\x{c:02x}");
            }
            c if c <= 0xFFFF => {
                let _ = write!(out, "\\u{c:04x}");
            }
            c => {
                let _ = write!(out, "\\U{c:08x}");
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn find_and_rfind_edge_cases() {
        // Answers of python3 for "abc".find/rfind and friends.
        let abc = cps("abc");
        let e: Vec<u32> = vec![];
        assert_eq!(find(&abc, &e, 5, 3), -1);
        assert_eq!(find(&abc, &e, 3, 3), 3);
        assert_eq!(find(&abc, &e, 4, 3), -1);
        assert_eq!(rfind(&abc, &e, 5, 3), -1);
        assert_eq!(rfind(&abc, &e, 3, 3), 3);
        assert_eq!(rfind(&abc, &e, -1, 3), 3);
        assert_eq!(find(&abc, &e, -1, 3), 2);
        assert_eq!(find(&abc, &e, 2, 1), -1);
        assert_eq!(rfind(&e, &e, 0, 0), 0);
        assert_eq!(rfind(&abc, &e, -10, -10), 0);
        let s = cps("abcabcab");
        assert_eq!(find(&s, &cps("ab"), 0, i64::MAX), 0);
        assert_eq!(find(&s, &cps("ab"), 1, i64::MAX), 3);
        assert_eq!(find(&s, &cps("ab"), -2, i64::MAX), 6);
        assert_eq!(find(&s, &cps("ab"), 0, -3), 0);
        assert_eq!(find(&s, &cps("ca"), 0, 3), -1);
        assert_eq!(rfind(&s, &cps("ab"), 0, i64::MAX), 6);
        assert_eq!(rfind(&s, &cps("ab"), 0, 7), 3);
        assert_eq!(rfind(&s, &cps("abc"), -100, 100), 3);
        assert_eq!(find(&s, &cps("x"), 0, 100), -1);
    }

    #[test]
    fn slices_and_indices() {
        assert_eq!(slice_bounds(5, 1, 3), (1, 3));
        assert_eq!(slice_bounds(5, -2, 100), (3, 5));
        assert_eq!(slice_bounds(5, 4, 2), (4, 4));
        assert_eq!(slice_bounds(5, -100, -4), (0, 1));
        assert_eq!(slice_bounds(5, i64::MIN, i64::MAX), (0, 5));
        assert_eq!(seq_index(3, -1), Some(2));
        assert_eq!(seq_index(3, -4), None);
        assert_eq!(seq_index(3, 3), None);
        assert_eq!(seq_index(3, i64::MIN), None);
    }

    #[test]
    fn repr_matches_cpython() {
        // Expected texts are python3's repr() of the same strings.
        let table = [
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("'\"", "'\\'\"'"),
            ("\"", "'\"'"),
            ("a\\b\n\t\r", "'a\\\\b\\n\\t\\r'"),
            ("\u{0}\u{1f}\u{7f}", "'\\x00\\x1f\\x7f'"),
            (
                "é\u{200b}😀\u{80}\u{a0}\u{ad}\u{2028} ",
                "'é\\u200b😀\\x80\\xa0\\xad\\u2028 '",
            ),
            ("\u{10ffff}\u{e000}", "'\\U0010ffff\\ue000'"),
            ("", "''"),
        ];
        for (s, want) in table {
            assert_eq!(repr(&cps(s)), want, "{s:?}");
        }
        assert_eq!(repr(&[0xD800]), "'\\ud800'");
    }

    #[test]
    fn utf8_conversion_reports_surrogates() {
        assert_eq!(PyStr::from_cps(vec![0x61, 0xDC00]).to_utf8(), Err(1));
        assert_eq!(PyStr::from_str("hé").to_utf8().as_deref(), Ok("hé"));
        assert_eq!(PyStr::from_str("hé").hash(), PyStr::from_str("hé").hash());
    }
}
