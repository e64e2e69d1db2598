//! Lists: a header with the length and an array of 8-byte items (raw words
//! for int/uint/float/bool items, references otherwise: the list's type id
//! says which), grown by half again when full. Generated code inlines
//! `len`, indexing and appending with room; the rest comes here.

use crate::ctx::Roots;
use crate::exc::{memory_error, raise};
use crate::gc::{self, trace::array_size};
use crate::layout::*;
use crate::mem::{copy, rd, tid, wr};
use crate::str_ops::slice_bounds;

/// Lists longer than this raise MemoryError (as the oracle).
pub const MAX_LIST_LEN: usize = 1 << 31;

fn array_tid(list_tid: u32) -> u32 {
    if list_tid == TID_LIST_REF {
        TID_ARRAY_REF
    } else {
        TID_ARRAY_RAW
    }
}

#[inline]
fn item_addr(items: usize, i: usize) -> usize {
    items + ARRAY_DATA as usize + 8 * i
}

/// Item `i` of list `l` (no checks).
#[inline]
pub fn get(l: usize, i: usize) -> usize {
    rd(item_addr(rd(l, LIST_ITEMS), i), 0)
}

/// Length of list `l`.
#[inline]
pub fn len(l: usize) -> usize {
    rd(l, LIST_LEN)
}

/// A new list of type id `tid` with `n` zero items; `None` if too long.
pub fn alloc(tid: u32, n: usize) -> Option<usize> {
    if n > MAX_LIST_LEN {
        return None;
    }
    let items = gc::alloc_var(array_tid(tid), array_size(n))?;
    wr(items, ARRAY_CAP, n);
    let roots = Roots::new();
    let r = roots.push(items);
    let l = gc::alloc(tid, LIST_SIZE);
    wr(l, LIST_ITEMS, roots.get(r));
    wr(l, LIST_LEN, n);
    Some(l)
}

/// A new list of type id `tid` with `n` zero items (the caller fills them).
#[no_mangle]
pub extern "C" fn kiln_list_alloc(tid: u32, n: u64) -> usize {
    alloc(tid, n as usize).unwrap_or_else(|| {
        memory_error();
        0
    })
}

/// `[v] * n`.
#[no_mangle]
pub extern "C" fn kiln_list_new_filled(tid: u32, n: i64, v: usize) -> usize {
    let n = n.max(0) as usize;
    let roots = Roots::new();
    let rv = roots.push(if tid == TID_LIST_REF { v } else { 0 });
    let Some(l) = alloc(tid, n) else {
        memory_error();
        return 0;
    };
    let v = if tid == TID_LIST_REF {
        roots.get(rv)
    } else {
        v
    };
    if v != 0 {
        let items = rd(l, LIST_ITEMS);
        for i in 0..n {
            wr(item_addr(items, i), 0, v);
        }
    }
    l
}

/// Makes room for `extra` more items in `l` (rooted in `roots` as `rl`);
/// false if that is more than a list may hold (MemoryError pending).
fn reserve(roots: &Roots, rl: crate::ctx::Root, extra: usize) -> bool {
    let l = roots.get(rl);
    let n = len(l);
    let items = rd(l, LIST_ITEMS);
    let cap = rd(items, ARRAY_CAP);
    if n + extra <= cap {
        return true;
    }
    let want = (n + extra).max(cap + cap / 2 + 4);
    if n + extra > MAX_LIST_LEN {
        memory_error();
        return false;
    }
    let Some(new) = gc::alloc_var(array_tid(tid(l)), array_size(want)) else {
        memory_error();
        return false;
    };
    wr(new, ARRAY_CAP, want);
    let l = roots.get(rl);
    copy(item_addr(rd(l, LIST_ITEMS), 0), item_addr(new, 0), 8 * n);
    wr(l, LIST_ITEMS, new);
    true
}

fn none_method(name: &str) {
    raise(
        exc::ATTRIBUTE_ERROR,
        &format!("'NoneType' object has no attribute '{name}'"),
    );
}

/// `l.append(v)`.
#[no_mangle]
pub extern "C" fn kiln_list_append(l: usize, v: usize) {
    if l == 0 {
        return none_method("append");
    }
    let roots = Roots::new();
    let rl = roots.push(l);
    let is_ref = tid(l) == TID_LIST_REF;
    let rv = roots.push(if is_ref { v } else { 0 });
    if !reserve(&roots, rl, 1) {
        return;
    }
    let l = roots.get(rl);
    let n = len(l);
    wr(
        item_addr(rd(l, LIST_ITEMS), n),
        0,
        if is_ref { roots.get(rv) } else { v },
    );
    wr(l, LIST_LEN, n + 1);
}

fn index(n: usize, i: i64) -> Option<usize> {
    let j = if i < 0 { i.wrapping_add(n as i64) } else { i };
    (0..n as i64).contains(&j).then_some(j as usize)
}

/// `l[i]` when the inline path did not apply (None, negative or out of range).
#[no_mangle]
pub extern "C" fn kiln_list_getitem(l: usize, i: i64) -> usize {
    if l == 0 {
        raise(exc::TYPE_ERROR, "'NoneType' object is not subscriptable");
        return 0;
    }
    match index(len(l), i) {
        Some(j) => get(l, j),
        None => {
            raise(exc::INDEX_ERROR, "list index out of range");
            0
        }
    }
}

/// `l[i] = v` when the inline path did not apply.
#[no_mangle]
pub extern "C" fn kiln_list_setitem(l: usize, i: i64, v: usize) {
    if l == 0 {
        return raise(
            exc::TYPE_ERROR,
            "'NoneType' object does not support item assignment",
        );
    }
    match index(len(l), i) {
        Some(j) => wr(item_addr(rd(l, LIST_ITEMS), j), 0, v),
        None => raise(exc::INDEX_ERROR, "list assignment index out of range"),
    }
}

/// `l.pop(i)`.
#[no_mangle]
pub extern "C" fn kiln_list_pop(l: usize, i: i64) -> usize {
    if l == 0 {
        none_method("pop");
        return 0;
    }
    let n = len(l);
    if n == 0 {
        raise(exc::INDEX_ERROR, "pop from empty list");
        return 0;
    }
    let Some(j) = index(n, i) else {
        raise(exc::INDEX_ERROR, "pop index out of range");
        return 0;
    };
    let items = rd(l, LIST_ITEMS);
    let v = rd(item_addr(items, j), 0);
    copy(
        item_addr(items, j + 1),
        item_addr(items, j),
        8 * (n - j - 1),
    );
    wr(item_addr(items, n - 1), 0, 0);
    wr(l, LIST_LEN, n - 1);
    v
}

/// `l.insert(i, v)`.
#[no_mangle]
pub extern "C" fn kiln_list_insert(l: usize, i: i64, v: usize) {
    if l == 0 {
        return none_method("insert");
    }
    let roots = Roots::new();
    let rl = roots.push(l);
    let is_ref = tid(l) == TID_LIST_REF;
    let rv = roots.push(if is_ref { v } else { 0 });
    if !reserve(&roots, rl, 1) {
        return;
    }
    let l = roots.get(rl);
    let n = len(l) as i64;
    let at = if i < 0 {
        i.saturating_add(n).max(0)
    } else {
        i.min(n)
    } as usize;
    let items = rd(l, LIST_ITEMS);
    copy(
        item_addr(items, at),
        item_addr(items, at + 1),
        8 * (n as usize - at),
    );
    wr(
        item_addr(items, at),
        0,
        if is_ref { roots.get(rv) } else { v },
    );
    wr(l, LIST_LEN, n as usize + 1);
}

/// `del l[i]`.
#[no_mangle]
pub extern "C" fn kiln_list_delitem(l: usize, i: i64) {
    if l == 0 {
        return raise(
            exc::TYPE_ERROR,
            "'NoneType' object does not support item deletion",
        );
    }
    match index(len(l), i) {
        Some(_) => {
            kiln_list_pop(l, i);
        }
        None => raise(exc::INDEX_ERROR, "list assignment index out of range"),
    }
}

/// `l[lo:hi]`.
#[no_mangle]
pub extern "C" fn kiln_list_getslice(l: usize, lo: i64, hi: i64) -> usize {
    if l == 0 {
        raise(exc::TYPE_ERROR, "'NoneType' object is not subscriptable");
        return 0;
    }
    let (a, b) = slice_bounds(len(l), lo, hi);
    let roots = Roots::new();
    let rl = roots.push(l);
    let Some(out) = alloc(tid(l), b - a) else {
        memory_error();
        return 0;
    };
    let l = roots.get(rl);
    copy(
        item_addr(rd(l, LIST_ITEMS), a),
        item_addr(rd(out, LIST_ITEMS), 0),
        8 * (b - a),
    );
    out
}

/// Replaces items `a..b` of the list rooted at `rl` by `words`, after room was made.
fn splice(l: usize, a: usize, b: usize, words: &[usize]) {
    let n = len(l);
    let m = words.len();
    let items = rd(l, LIST_ITEMS);
    copy(item_addr(items, b), item_addr(items, a + m), 8 * (n - b));
    for (k, &w) in words.iter().enumerate() {
        wr(item_addr(items, a + k), 0, w);
    }
    let new_len = n - (b - a) + m;
    for i in new_len..n {
        wr(item_addr(items, i), 0, 0);
    }
    wr(l, LIST_LEN, new_len);
}

/// Replaces items `a..b` of `l` by the `m` items of another list `src`
/// (room already made).
fn splice_from(l: usize, a: usize, b: usize, src: usize, m: usize) {
    let n = len(l);
    let items = rd(l, LIST_ITEMS);
    copy(item_addr(items, b), item_addr(items, a + m), 8 * (n - b));
    copy(
        item_addr(rd(src, LIST_ITEMS), 0),
        item_addr(items, a),
        8 * m,
    );
    let new_len = n - (b - a) + m;
    for i in new_len..n {
        wr(item_addr(items, i), 0, 0);
    }
    wr(l, LIST_LEN, new_len);
}

/// `l[lo:hi] = other` (`other` may be `l`).
#[no_mangle]
pub extern "C" fn kiln_list_setslice(l: usize, lo: i64, hi: i64, other: usize) {
    if l == 0 {
        return raise(
            exc::TYPE_ERROR,
            "'NoneType' object does not support item assignment",
        );
    }
    if other == 0 {
        return raise(exc::TYPE_ERROR, "can only assign an iterable");
    }
    let roots = Roots::new();
    let (rl, ro) = (roots.push(l), roots.push(other));
    let (a, b) = slice_bounds(len(l), lo, hi);
    let m = len(other);
    if m > b - a && !reserve(&roots, rl, m - (b - a)) {
        return;
    }
    let (l, other) = (roots.get(rl), roots.get(ro));
    if l == other {
        let words: Vec<usize> = (0..m).map(|i| get(other, i)).collect();
        splice(l, a, b, &words);
    } else {
        splice_from(l, a, b, other, m);
    }
}

/// `del l[lo:hi]`.
#[no_mangle]
pub extern "C" fn kiln_list_delslice(l: usize, lo: i64, hi: i64) {
    if l == 0 {
        return raise(
            exc::TYPE_ERROR,
            "'NoneType' object does not support item deletion",
        );
    }
    let (a, b) = slice_bounds(len(l), lo, hi);
    splice(l, a, b, &[]);
}

/// `l.extend(other)` (`other` may be `l`).
#[no_mangle]
pub extern "C" fn kiln_list_extend(l: usize, other: usize) {
    if l == 0 {
        return none_method("extend");
    }
    if other == 0 {
        return raise(exc::TYPE_ERROR, "'NoneType' object is not iterable");
    }
    let roots = Roots::new();
    let (rl, ro) = (roots.push(l), roots.push(other));
    let m = len(other);
    if !reserve(&roots, rl, m) {
        return;
    }
    let (l, other) = (roots.get(rl), roots.get(ro));
    let n = len(l);
    // Source and destination ranges never overlap, even when `other` is `l`.
    copy(
        item_addr(rd(other, LIST_ITEMS), 0),
        item_addr(rd(l, LIST_ITEMS), n),
        8 * m,
    );
    wr(l, LIST_LEN, n + m);
}

/// Makes room for one more item (the slow path of an inline append).
#[no_mangle]
pub extern "C" fn kiln_list_grow(l: usize) -> usize {
    let roots = Roots::new();
    let rl = roots.push(l);
    if !reserve(&roots, rl, 1) {
        return 0;
    }
    roots.get(rl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::gc_kind;
    use crate::testkit::setup;

    fn items(l: usize) -> Vec<usize> {
        (0..len(l)).map(|i| get(l, i)).collect()
    }

    #[test]
    fn edits_with_python_clamping_and_self_aliasing() {
        let _g = setup(gc_kind::COPYING, true);
        let roots = Roots::new();
        let r = roots.push(kiln_list_alloc(TID_LIST_RAW, 0));
        for v in 1..=5 {
            kiln_list_append(roots.get(r), v);
        }
        kiln_list_insert(roots.get(r), -100, 0);
        kiln_list_insert(roots.get(r), 100, 6);
        assert_eq!(items(roots.get(r)), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(kiln_list_pop(roots.get(r), -1), 6);
        kiln_list_delitem(roots.get(r), 0);
        let l = roots.get(r);
        kiln_list_extend(l, l);
        assert_eq!(items(roots.get(r)), vec![1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
        kiln_list_delslice(roots.get(r), 5, 100);
        let l = roots.get(r);
        kiln_list_setslice(l, 1, 3, l);
        assert_eq!(items(roots.get(r)), vec![1, 1, 2, 3, 4, 5, 4, 5]);
        let s = kiln_list_getslice(roots.get(r), -3, -1);
        assert_eq!(items(s), vec![5, 4]);
        kiln_list_pop(kiln_list_alloc(TID_LIST_RAW, 0), 0);
        assert_ne!(crate::ctx::ctx().exc, 0);
        crate::ctx::ctx().exc = 0;
        kiln_list_new_filled(TID_LIST_RAW, 1 << 40, 0);
        assert_ne!(crate::ctx::ctx().exc, 0, "huge lists raise MemoryError");
        crate::ctx::ctx().exc = 0;
    }
}
