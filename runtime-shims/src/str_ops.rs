//! The `str_*` operations generated code calls, with CPython's errors for
//! None operands, and the table of the 256 one-character Latin-1 strings
//! (`kiln_chars`) that `s[i]` returns without allocating.

use crate::ctx::Roots;
use crate::exc::{memory_error, raise};
use crate::layout::*;
use crate::mem::{rd, tid};
use crate::str_obj::{self, View};
use std::cell::UnsafeCell;

/// One immortal one-character string.
#[repr(C)]
pub struct CharStr {
    header: u64,
    len: u64,
    hash: u64,
    width: u8,
    ascii: u8,
    pad: [u8; 6],
    data: [u8; 8],
}

/// Bytes between consecutive entries of `kiln_chars`.
pub const CHAR_STRIDE: usize = std::mem::size_of::<CharStr>();

/// The table of one-character strings (code points 0..256).
#[repr(transparent)]
pub struct Chars(UnsafeCell<[CharStr; 256]>);
// SAFETY: single-threaded runtime; written once by `init_chars`.
unsafe impl Sync for Chars {}

/// The one-character strings; generated code indexes it directly.
#[no_mangle]
pub static kiln_chars: Chars = Chars(UnsafeCell::new(
    [const {
        CharStr {
            header: 0,
            len: 0,
            hash: 0,
            width: 0,
            ascii: 0,
            pad: [0; 6],
            data: [0; 8],
        }
    }; 256],
));

/// Fills the one-character strings (at start-up).
pub fn init_chars() {
    // SAFETY: called once before the program runs.
    let t = unsafe { &mut *kiln_chars.0.get() };
    for (i, c) in t.iter_mut().enumerate() {
        c.header = ((GC_IMMORTAL as u64) << 32) | TID_STR as u64;
        c.len = 1;
        c.hash = 0;
        c.width = 1;
        c.ascii = (i < 0x80) as u8;
        c.data[0] = i as u8;
    }
}

/// The one-character string of Latin-1 code point `cp`.
#[inline]
pub fn char_str(cp: u32) -> usize {
    debug_assert!(cp < 256);
    kiln_chars.0.get() as usize + cp as usize * CHAR_STRIDE
}

/// A str of `cps`, or a pending MemoryError (0).
fn make(cps: &[u32]) -> usize {
    if cps.len() == 1 && cps[0] < 256 {
        return char_str(cps[0]);
    }
    str_obj::from_cps(cps).unwrap_or_else(|| {
        memory_error();
        0
    })
}

fn index(len: usize, i: i64) -> Option<usize> {
    let n = len as i64;
    let j = if i < 0 { i.wrapping_add(n) } else { i };
    (0..n).contains(&j).then_some(j as usize)
}

/// Python's clamping of slice bounds to `lo..hi` with `lo <= hi`.
pub fn slice_bounds(len: usize, lo: i64, hi: i64) -> (usize, usize) {
    let n = len as i64;
    let adj = |x: i64| {
        if x < 0 {
            x.saturating_add(n).max(0)
        } else {
            x.min(n)
        }
    };
    let (a, b) = (adj(lo), adj(hi));
    (a as usize, b.max(a) as usize)
}

const NOT_SUBSCRIPTABLE: &str = "'NoneType' object is not subscriptable";

/// `ord(s[i])`.
#[no_mangle]
pub extern "C" fn kiln_str_code_at(s: usize, i: i64) -> i64 {
    if s == 0 {
        raise(exc::TYPE_ERROR, NOT_SUBSCRIPTABLE);
        return 0;
    }
    match index(str_obj::len(s), i) {
        Some(j) => str_obj::view(s).at(j) as i64,
        None => {
            raise(exc::INDEX_ERROR, "string index out of range");
            0
        }
    }
}

/// `s[i]`.
#[no_mangle]
pub extern "C" fn kiln_str_getitem(s: usize, i: i64) -> usize {
    let cp = kiln_str_code_at(s, i);
    if crate::exc::pending() {
        return 0;
    }
    make(&[cp as u32])
}

/// `s[lo:hi]`.
#[no_mangle]
pub extern "C" fn kiln_str_slice(s: usize, lo: i64, hi: i64) -> usize {
    if s == 0 {
        raise(exc::TYPE_ERROR, NOT_SUBSCRIPTABLE);
        return 0;
    }
    let n = str_obj::len(s);
    let (a, b) = slice_bounds(n, lo, hi);
    if a == 0 && b == n {
        return s;
    }
    sub(s, a, b)
}

/// A new str of code points `a..b` of `s`.
pub fn sub(s: usize, a: usize, b: usize) -> usize {
    if b - a == 1 {
        let c = str_obj::view(s).at(a);
        if c < 256 {
            return char_str(c);
        }
    }
    let roots = Roots::new();
    let r = roots.push(s);
    let v = str_obj::view(s);
    let max = (a..b).map(|i| v.at(i)).max().unwrap_or(0);
    let w = str_obj::width_for(max);
    let Some(out) = str_obj::alloc(b - a, w, max < 0x80) else {
        memory_error();
        return 0;
    };
    let v = str_obj::view(roots.get(r));
    if let (View::W1(x), 1) = (v, w) {
        crate::mem::copy(x[a..].as_ptr() as usize, out + STR_DATA as usize, b - a);
    } else {
        for i in a..b {
            str_obj::put(out, i - a, v.at(i));
        }
    }
    out
}

/// `a + b`.
#[no_mangle]
pub extern "C" fn kiln_str_concat(a: usize, b: usize) -> usize {
    if a == 0 {
        let other = if b == 0 { "NoneType" } else { "str" };
        raise(
            exc::TYPE_ERROR,
            &format!("unsupported operand type(s) for +: 'NoneType' and '{other}'"),
        );
        return 0;
    }
    if b == 0 {
        raise(
            exc::TYPE_ERROR,
            "can only concatenate str (not \"NoneType\") to str",
        );
        return 0;
    }
    let (na, nb) = (str_obj::len(a), str_obj::len(b));
    if nb == 0 {
        return a;
    }
    if na == 0 {
        return b;
    }
    let w = (rd(a, STR_WIDTH) & 0xff).max(rd(b, STR_WIDTH) & 0xff);
    let ascii = str_obj::is_ascii(a) && str_obj::is_ascii(b);
    let roots = Roots::new();
    let (ra, rb) = (roots.push(a), roots.push(b));
    let Some(out) = str_obj::alloc(na + nb, w, ascii) else {
        memory_error();
        return 0;
    };
    copy_into(out, 0, roots.get(ra));
    copy_into(out, na, roots.get(rb));
    out
}

/// Copies all of str `src` into `out` from code point `at`.
pub fn copy_into(out: usize, at: usize, src: usize) {
    let n = str_obj::len(src);
    let (wo, ws) = (
        crate::mem::rd8(out, STR_WIDTH),
        crate::mem::rd8(src, STR_WIDTH),
    );
    if wo == ws {
        let w = wo as usize;
        crate::mem::copy(
            src + STR_DATA as usize,
            out + STR_DATA as usize + at * w,
            n * w,
        );
    } else {
        let v = str_obj::view(src);
        for i in 0..n {
            str_obj::put(out, at + i, v.at(i));
        }
    }
}

/// `s * n`.
#[no_mangle]
pub extern "C" fn kiln_str_repeat(s: usize, n: i64) -> usize {
    if s == 0 {
        raise(
            exc::TYPE_ERROR,
            "unsupported operand type(s) for *: 'NoneType' and 'int'",
        );
        return 0;
    }
    let len = str_obj::len(s);
    if n <= 0 || len == 0 {
        return make(&[]);
    }
    if n == 1 {
        return s;
    }
    let total = len as u128 * n as u128;
    if total > isize::MAX as u128 {
        raise(exc::OVERFLOW_ERROR, "repeated string is too long");
        return 0;
    }
    let roots = Roots::new();
    let r = roots.push(s);
    let Some(out) = str_obj::alloc(
        total as usize,
        rd(s, STR_WIDTH) & 0xff,
        str_obj::is_ascii(s),
    ) else {
        memory_error();
        return 0;
    };
    let s = roots.get(r);
    for k in 0..n as usize {
        copy_into(out, k * len, s);
    }
    out
}

fn cond_holds(cond: u64, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match cond {
        0 => o == Equal,
        1 => o != Equal,
        2 => o == Less,
        3 => o != Greater,
        4 => o == Greater,
        _ => o != Less,
    }
}

/// `str_cmp COND a, b` (conditions numbered eq, ne, lt, le, gt, ge).
#[no_mangle]
pub extern "C" fn kiln_str_cmp(cond: u64, a: usize, b: usize) -> u64 {
    if a == 0 || b == 0 {
        let same = a == b;
        return match cond {
            0 => same as u64,
            1 => !same as u64,
            _ => {
                let sym = ["==", "!=", "<", "<=", ">", ">="][cond.min(5) as usize];
                let name = |x: usize| if x == 0 { "NoneType" } else { "str" };
                raise(
                    exc::TYPE_ERROR,
                    &format!(
                        "'{sym}' not supported between instances of '{}' and '{}'",
                        name(a),
                        name(b)
                    ),
                );
                0
            }
        };
    }
    if cond <= 1 {
        return (str_obj::equal(a, b) == (cond == 0)) as u64;
    }
    cond_holds(cond, str_obj::compare(a, b)) as u64
}

/// `a == b` for two strs, either of which may be None (equal only to
/// None). Never raises nor allocates: the slow path of the inline
/// comparison generated code makes.
#[no_mangle]
pub extern "C" fn kiln_str_eq(a: usize, b: usize) -> u64 {
    if a == 0 || b == 0 {
        return (a == b) as u64;
    }
    str_obj::equal(a, b) as u64
}

fn find_bounds(len: usize, start: i64, end: i64) -> (i64, i64) {
    let n = len as i64;
    let end = if end > n {
        n
    } else if end < 0 {
        end.saturating_add(n).max(0)
    } else {
        end
    };
    let start = if start < 0 {
        start.saturating_add(n).max(0)
    } else {
        start
    };
    (start, end)
}

fn matches_at(h: View, n: View, at: usize) -> bool {
    (0..n.len()).all(|k| h.at(at + k) == n.at(k))
}

fn find_impl(s: usize, sub: usize, start: i64, end: i64, reverse: bool) -> i64 {
    let (h, n) = (str_obj::view(s), str_obj::view(sub));
    let (a, b) = find_bounds(h.len(), start, end);
    if b - a < n.len() as i64 {
        return -1;
    }
    if n.is_empty() {
        return if reverse { b } else { a };
    }
    let (a, last) = (a as usize, (b as usize) - n.len());
    if let (View::W1(hb), View::W1(nb), false) = (h, n, reverse) {
        let first = nb[0];
        let mut i = a;
        while i <= last {
            match hb[i..=last].iter().position(|&c| c == first) {
                Some(p) => {
                    i += p;
                    if hb[i..i + nb.len()] == *nb {
                        return i as i64;
                    }
                    i += 1;
                }
                None => return -1,
            }
        }
        return -1;
    }
    if reverse {
        (a..=last)
            .rev()
            .find(|&i| matches_at(h, n, i))
            .map_or(-1, |i| i as i64)
    } else {
        (a..=last)
            .find(|&i| matches_at(h, n, i))
            .map_or(-1, |i| i as i64)
    }
}

fn method_none(name: &str) {
    raise(
        exc::ATTRIBUTE_ERROR,
        &format!("'NoneType' object has no attribute '{name}'"),
    );
}

/// `s.find(sub, start, end)`.
#[no_mangle]
pub extern "C" fn kiln_str_find(s: usize, sub: usize, start: i64, end: i64) -> i64 {
    if s == 0 {
        method_none("find");
        return 0;
    }
    if sub == 0 {
        raise(exc::TYPE_ERROR, "must be str, not NoneType");
        return 0;
    }
    find_impl(s, sub, start, end, false)
}

/// `s.rfind(sub, start, end)`.
#[no_mangle]
pub extern "C" fn kiln_str_rfind(s: usize, sub: usize, start: i64, end: i64) -> i64 {
    if s == 0 {
        method_none("rfind");
        return 0;
    }
    if sub == 0 {
        raise(exc::TYPE_ERROR, "must be str, not NoneType");
        return 0;
    }
    find_impl(s, sub, start, end, true)
}

fn fix_check(s: usize, fix: usize, name: &str) -> bool {
    if s == 0 {
        method_none(name);
        return false;
    }
    if fix == 0 {
        raise(
            exc::TYPE_ERROR,
            &format!("{name} first arg must be str or a tuple of str, not NoneType"),
        );
        return false;
    }
    true
}

/// `s.startswith(prefix)`.
#[no_mangle]
pub extern "C" fn kiln_str_startswith(s: usize, p: usize) -> u64 {
    if !fix_check(s, p, "startswith") {
        return 0;
    }
    let (h, n) = (str_obj::view(s), str_obj::view(p));
    (n.len() <= h.len() && matches_at(h, n, 0)) as u64
}

/// `s.endswith(suffix)`.
#[no_mangle]
pub extern "C" fn kiln_str_endswith(s: usize, p: usize) -> u64 {
    if !fix_check(s, p, "endswith") {
        return 0;
    }
    let (h, n) = (str_obj::view(s), str_obj::view(p));
    (n.len() <= h.len() && matches_at(h, n, h.len() - n.len())) as u64
}

/// `chr(n)`.
#[no_mangle]
pub extern "C" fn kiln_str_chr(n: i64) -> usize {
    if !(0..=0x10FFFF).contains(&n) {
        raise(exc::VALUE_ERROR, "chr() arg not in range(0x110000)");
        return 0;
    }
    make(&[n as u32])
}

/// `sep.join(items)`.
#[no_mangle]
pub extern "C" fn kiln_str_join(sep: usize, list: usize) -> usize {
    if sep == 0 {
        method_none("join");
        return 0;
    }
    if list == 0 {
        raise(exc::TYPE_ERROR, "can only join an iterable");
        return 0;
    }
    let n = rd(list, LIST_LEN);
    let items = rd(list, LIST_ITEMS);
    let item = |i: usize| rd(items, ARRAY_DATA + 8 * i as i32);
    let mut total = str_obj::len(sep) * n.saturating_sub(1);
    let mut w = rd(sep, STR_WIDTH) & 0xff;
    let mut ascii = str_obj::is_ascii(sep);
    for i in 0..n {
        let s = item(i);
        if s == 0 {
            raise(
                exc::TYPE_ERROR,
                &format!("sequence item {i}: expected str instance, NoneType found"),
            );
            return 0;
        }
        total += str_obj::len(s);
        w = w.max(rd(s, STR_WIDTH) & 0xff);
        ascii &= str_obj::is_ascii(s);
    }
    if n == 1 {
        return item(0);
    }
    let roots = Roots::new();
    let (rs, rl) = (roots.push(sep), roots.push(list));
    let Some(out) = str_obj::alloc(total, w, ascii) else {
        memory_error();
        return 0;
    };
    let (sep, list) = (roots.get(rs), roots.get(rl));
    let items = rd(list, LIST_ITEMS);
    let seplen = str_obj::len(sep);
    let mut at = 0;
    for i in 0..n.min(rd(list, LIST_LEN)) {
        if i > 0 {
            copy_into(out, at, sep);
            at += seplen;
        }
        let s = rd(items, ARRAY_DATA + 8 * i as i32);
        copy_into(out, at, s);
        at += str_obj::len(s);
    }
    out
}

/// `s.lower()`.
#[no_mangle]
pub extern "C" fn kiln_str_lower(s: usize) -> usize {
    if s == 0 {
        method_none("lower");
        return 0;
    }
    make(&crate::unicode::lower(&str_obj::view(s).to_vec()))
}

/// `s.upper()`.
#[no_mangle]
pub extern "C" fn kiln_str_upper(s: usize) -> usize {
    if s == 0 {
        method_none("upper");
        return 0;
    }
    make(&crate::unicode::upper(&str_obj::view(s).to_vec()))
}

/// `repr(s)` (`None` for a null str).
#[no_mangle]
pub extern "C" fn kiln_str_repr(s: usize) -> usize {
    if s == 0 {
        return str_obj::from_str("None");
    }
    str_obj::from_str(&crate::keys::str_repr(&str_obj::view(s).to_vec()))
}

/// `hash(s)`.
#[no_mangle]
pub extern "C" fn kiln_hash_str(s: usize) -> i64 {
    crate::keys::hash(ValueKind::Str, s).unwrap_or(0)
}

/// Whether `p` is a str object (for assertions).
pub fn is_str(p: usize) -> bool {
    tid(p) == TID_STR
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::gc_kind;
    use crate::str_obj::{from_str, to_lossy};
    use crate::testkit::setup;

    #[test]
    fn slicing_search_and_widths() {
        // Non-moving: the test holds raw string addresses across allocations.
        let _g = setup(gc_kind::MARK_SWEEP, false);
        let s = from_str("héllo wörld");
        assert_eq!(to_lossy(kiln_str_slice(s, -5, 100)), "wörld");
        assert_eq!(to_lossy(kiln_str_slice(s, 4, 2)), "");
        assert_eq!(kiln_str_code_at(s, 1), 'é' as i64);
        let wide = from_str("a😀b");
        assert_eq!(str_obj::len(wide), 3);
        assert_eq!(kiln_str_code_at(wide, -2), 0x1F600);
        let joined = kiln_str_concat(s, wide);
        assert_eq!(to_lossy(joined), "héllo wörlda😀b");
        assert_eq!(to_lossy(kiln_str_repeat(from_str("ab"), 3)), "ababab");
        assert_eq!(to_lossy(kiln_str_repeat(from_str("ab"), -1)), "");
        let hay = from_str("abcabcab");
        let ab = from_str("ab");
        assert_eq!(kiln_str_find(hay, ab, 1, i64::MAX), 3);
        assert_eq!(kiln_str_rfind(hay, ab, 0, 7), 3);
        assert_eq!(kiln_str_find(hay, from_str(""), 9, 10), -1);
        assert_eq!(kiln_str_cmp(2, from_str("ab"), from_str("abc")), 1);
        assert_eq!(kiln_str_cmp(0, from_str("é"), from_str("é")), 1);
        assert_eq!(to_lossy(kiln_str_repr(from_str("it's\n"))), "\"it's\\n\"");
        assert_eq!(to_lossy(kiln_str_upper(from_str("straße"))), "STRASSE");
        kiln_str_getitem(s, 11);
        let e = crate::ctx::ctx().exc;
        assert_ne!(e, 0);
        crate::ctx::ctx().exc = 0;
    }

    #[test]
    fn str_equality() {
        let _g = setup(gc_kind::MARK_SWEEP, false);
        let texts = [
            "",
            "a",
            "b",
            "+",
            "ab",
            "ba",
            "abcdefg",
            "abcdefgh",
            "abcdefgx",
            "abcdefghi",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "é",
            "e",
            "\u{ff}",
            "\u{100}",
            "a😀",
            "a😁",
            "😀",
            "€",
            "€€€€",
            "€€€x",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy",
        ];
        for x in texts {
            for y in texts {
                let (a, b) = (from_str(x), from_str(y));
                let want = (x == y) as u64;
                assert_eq!(kiln_str_eq(a, b), want, "{x:?} == {y:?}");
                assert_eq!(kiln_str_cmp(0, a, b), want, "{x:?} == {y:?}");
                assert_eq!(kiln_str_cmp(1, a, b), 1 - want, "{x:?} != {y:?}");
                // Cached hashes do not change the answer.
                kiln_hash_str(a);
                assert_eq!(kiln_str_eq(a, b), want, "{x:?} == {y:?} (hashed)");
            }
        }
        // One-character strings: the shared table and fresh objects.
        let plus = from_str("+");
        assert_eq!(kiln_str_eq(char_str('+' as u32), plus), 1);
        assert_eq!(kiln_str_eq(kiln_str_getitem(from_str("a+"), 1), plus), 1);
        assert_eq!(kiln_str_eq(char_str('-' as u32), plus), 0);
        // None equals only None.
        assert_eq!(kiln_str_eq(0, 0), 1);
        assert_eq!(kiln_str_eq(0, plus), 0);
        assert_eq!(kiln_str_eq(plus, 0), 0);
        assert_eq!(kiln_str_cmp(0, 0, 0), 1);
        assert_eq!(kiln_str_cmp(1, plus, 0), 1);
        // Bytes past the end of the code points are ignored.
        for n in 1..12 {
            let text: String = "qwertyuiopas"[..n].to_string();
            let s = str_obj::alloc(n, 1, true).expect("alloc");
            let end = crate::gc::trace::str_size(n, 1);
            for k in STR_DATA as usize..end {
                crate::mem::wr8(s, k as i32, 0xa5);
            }
            for (i, c) in text.bytes().enumerate() {
                str_obj::put(s, i, c as u32);
            }
            assert_eq!(kiln_str_eq(s, from_str(&text)), 1, "{text:?}");
            assert_eq!(kiln_str_eq(from_str(&text), s), 1, "{text:?}");
            let mut other = text.clone().into_bytes();
            other[n - 1] = b'z';
            let other = String::from_utf8(other).expect("ascii");
            assert_eq!(kiln_str_eq(s, from_str(&other)), 0, "{text:?}");
        }
        // Same code points at different widths (never built by the
        // runtime) still compare by value.
        let w2 = str_obj::alloc(2, 2, true).expect("alloc");
        str_obj::put(w2, 0, 'h' as u32);
        str_obj::put(w2, 1, 'i' as u32);
        assert_eq!(kiln_str_eq(w2, from_str("hi")), 1);
        assert_eq!(kiln_str_eq(w2, from_str("ho")), 0);
    }
}
