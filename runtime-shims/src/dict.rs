//! Insertion-ordered dicts in the style of CPython's compact dict: entries
//! (hash, key, value) in insertion order, and an open-addressing index over
//! them with CPython's perturbed probing. Keys are hashed and compared by
//! their [`ValueKind`]; instance keys may run the program's `__eq__` and
//! `__hash__`, so everything is rooted across those calls and re-read.

use crate::ctx::{Root, Roots};
use crate::exc::{memory_error, raise};
use crate::gc::{self, trace::array_size};
use crate::layout::*;
use crate::mem::{rd, rd8, wr, wr8};
use crate::{keys, list, str_obj};

const EMPTY: usize = usize::MAX;
const DUMMY: usize = usize::MAX - 1;
/// Stored hash of a deleted entry (real hashes are never this value).
const DELETED: usize = i64::MIN as usize;

fn stored_hash(h: i64) -> usize {
    if h == i64::MIN {
        (i64::MIN + 1) as usize
    } else {
        h as usize
    }
}

fn key_kind(d: usize) -> ValueKind {
    ValueKind::from_u8(rd8(d, DICT_KEY_KIND))
}

fn entries_tid(d: usize) -> u32 {
    TID_ENTRIES + key_kind(d).is_ref() as u32 + 2 * (rd8(d, DICT_VALUE_REF) as u32)
}

#[inline]
fn entry(entries: usize, i: usize) -> usize {
    entries + ARRAY_DATA as usize + 24 * i
}

fn index_slots(d: usize) -> usize {
    let idx = rd(d, DICT_INDEX);
    if idx == 0 {
        0
    } else {
        rd(idx, ARRAY_CAP)
    }
}

fn entry_cap(d: usize) -> usize {
    let e = rd(d, DICT_ENTRIES);
    if e == 0 {
        0
    } else {
        rd(e, ARRAY_CAP) / 3
    }
}

/// `{}` with keys of kind `kinds & 0xff` and reference values if `kinds >> 8`.
#[no_mangle]
pub extern "C" fn kiln_dict_new(kinds: u64) -> usize {
    let d = gc::alloc(TID_DICT, DICT_SIZE);
    wr8(d, DICT_KEY_KIND, kinds as u8);
    wr8(d, DICT_VALUE_REF, (kinds >> 8) as u8);
    d
}

/// Where `key` is in the dict rooted at `rd_`: `Ok(Some(entry))`, `Ok(None)`
/// if absent, `Err(())` if the program's `__eq__` raised.
fn find(roots: &Roots, rd_: Root, key: usize, rk: Root, hash: i64) -> Result<Option<usize>, ()> {
    let d = roots.get(rd_);
    let slots = index_slots(d);
    if slots == 0 {
        return Ok(None);
    }
    let kind = key_kind(d);
    let want = stored_hash(hash);
    let mask = slots - 1;
    let mut i = want & mask;
    let mut perturb = want as u64;
    loop {
        let d = roots.get(rd_);
        let idx = rd(d, DICT_INDEX);
        let e = rd(idx, ARRAY_DATA + 8 * i as i32);
        if e == EMPTY {
            return Ok(None);
        }
        if e != DUMMY {
            let ent = entry(rd(d, DICT_ENTRIES), e);
            if rd(ent, 0) == want {
                let k = rd(ent, 8);
                let key_now = if kind.is_ref() { roots.get(rk) } else { key };
                let same = match kind {
                    ValueKind::Int | ValueKind::UInt | ValueKind::Bool => k == key_now,
                    ValueKind::Float => {
                        k == key_now || f64::from_bits(k as u64) == f64::from_bits(key_now as u64)
                    }
                    ValueKind::Str => str_obj::equal(k, key_now),
                    _ => match keys::equal(kind, k, key_now) {
                        Some(b) => b,
                        None => return Err(()),
                    },
                };
                if same {
                    return Ok(Some(e));
                }
            }
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
}

/// Rebuilds index and entries with room for at least one more entry.
fn grow(roots: &Roots, rd_: Root) -> bool {
    let d = roots.get(rd_);
    let n = rd(d, DICT_LEN);
    let ecap = ((n + 1) * 2).max(8);
    let mut slots = 8;
    while slots * 2 < ecap * 3 {
        slots *= 2;
    }
    let Some(entries) = gc::alloc_var(entries_tid(d), array_size(3 * ecap)) else {
        memory_error();
        return false;
    };
    wr(entries, ARRAY_CAP, 3 * ecap);
    let re = roots.push(entries);
    let Some(index) = gc::alloc_var(TID_ARRAY_RAW, array_size(slots)) else {
        memory_error();
        return false;
    };
    wr(index, ARRAY_CAP, slots);
    for s in 0..slots {
        wr(index, ARRAY_DATA + 8 * s as i32, EMPTY);
    }
    let (d, entries) = (roots.get(rd_), roots.get(re));
    let old = rd(d, DICT_ENTRIES);
    let used = rd(d, DICT_USED);
    let mut j = 0;
    for i in 0..used {
        let src = entry(old, i);
        let h = rd(src, 0);
        if h == DELETED {
            continue;
        }
        let dst = entry(entries, j);
        wr(dst, 0, h);
        wr(dst, 8, rd(src, 8));
        wr(dst, 16, rd(src, 16));
        place(index, slots, h, j);
        j += 1;
    }
    wr(d, DICT_ENTRIES, entries);
    wr(d, DICT_INDEX, index);
    wr(d, DICT_USED, j);
    true
}

fn place(index: usize, slots: usize, h: usize, e: usize) {
    let mask = slots - 1;
    let mut i = h & mask;
    let mut perturb = h as u64;
    loop {
        let at = index + ARRAY_DATA as usize + 8 * i;
        let cur = rd(at, 0);
        if cur == EMPTY || cur == DUMMY {
            wr(at, 0, e);
            return;
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
}

fn none_err(msg: &str) {
    raise(exc::TYPE_ERROR, msg);
}

fn none_method(name: &str) {
    raise(
        exc::ATTRIBUTE_ERROR,
        &format!("'NoneType' object has no attribute '{name}'"),
    );
}

fn key_error(kind: ValueKind, key: usize) {
    if let Some(text) = keys::repr(kind, key) {
        raise(exc::KEY_ERROR, &text);
    }
}

/// Looks `key` up: (roots holding dict and key, entry) or `None` with an
/// exception pending.
struct Lookup {
    roots: Roots,
    d: Root,
    k: Root,
    hash: i64,
    found: Option<usize>,
}

fn lookup(d: usize, key: usize) -> Option<Lookup> {
    let roots = Roots::new();
    let kind = key_kind(d);
    let rd_ = roots.push(d);
    let rk = roots.push(if kind.is_ref() { key } else { 0 });
    let hash = keys::hash(kind, key)?;
    let found = find(&roots, rd_, key, rk, hash).ok()?;
    Some(Lookup {
        roots,
        d: rd_,
        k: rk,
        hash,
        found,
    })
}

fn value_at(d: usize, e: usize) -> usize {
    rd(entry(rd(d, DICT_ENTRIES), e), 16)
}

/// `d[k]`.
#[no_mangle]
pub extern "C" fn kiln_dict_getitem(d: usize, key: usize) -> usize {
    if d == 0 {
        none_err("'NoneType' object is not subscriptable");
        return 0;
    }
    let Some(l) = lookup(d, key) else { return 0 };
    match l.found {
        Some(e) => value_at(l.roots.get(l.d), e),
        None => {
            let kind = key_kind(d);
            let key = if kind.is_ref() { l.roots.get(l.k) } else { key };
            key_error(kind, key);
            0
        }
    }
}

/// `d.get(k, default)`.
#[no_mangle]
pub extern "C" fn kiln_dict_get(d: usize, key: usize, default: usize) -> usize {
    if d == 0 {
        none_method("get");
        return 0;
    }
    let roots = Roots::new();
    let vref = rd8(d, DICT_VALUE_REF) != 0;
    let rdef = roots.push(if vref { default } else { 0 });
    let Some(l) = lookup(d, key) else { return 0 };
    match l.found {
        Some(e) => value_at(l.roots.get(l.d), e),
        None => {
            if vref {
                roots.get(rdef)
            } else {
                default
            }
        }
    }
}

/// `k in d`.
#[no_mangle]
pub extern "C" fn kiln_dict_contains(d: usize, key: usize) -> u64 {
    if d == 0 {
        none_err("argument of type 'NoneType' is not iterable");
        return 0;
    }
    lookup(d, key).is_some_and(|l| l.found.is_some()) as u64
}

/// `d[k] = v`.
#[no_mangle]
pub extern "C" fn kiln_dict_setitem(d: usize, key: usize, value: usize) {
    if d == 0 {
        return none_err("'NoneType' object does not support item assignment");
    }
    let roots = Roots::new();
    let vref = rd8(d, DICT_VALUE_REF) != 0;
    let rv = roots.push(if vref { value } else { 0 });
    let Some(l) = lookup(d, key) else { return };
    let value = |_: ()| if vref { roots.get(rv) } else { value };
    if let Some(e) = l.found {
        let d = l.roots.get(l.d);
        wr(entry(rd(d, DICT_ENTRIES), e), 16, value(()));
        return;
    }
    let d = l.roots.get(l.d);
    if rd(d, DICT_USED) >= entry_cap(d) && !grow(&l.roots, l.d) {
        return;
    }
    let d = l.roots.get(l.d);
    let kind = key_kind(d);
    let key = if kind.is_ref() { l.roots.get(l.k) } else { key };
    let used = rd(d, DICT_USED);
    let ent = entry(rd(d, DICT_ENTRIES), used);
    let h = stored_hash(l.hash);
    wr(ent, 0, h);
    wr(ent, 8, key);
    wr(ent, 16, value(()));
    place(rd(d, DICT_INDEX), index_slots(d), h, used);
    wr(d, DICT_USED, used + 1);
    wr(d, DICT_LEN, rd(d, DICT_LEN) + 1);
}

fn remove(d: usize, e: usize, hash: usize) {
    let idx = rd(d, DICT_INDEX);
    let slots = index_slots(d);
    let mask = slots - 1;
    let mut i = hash & mask;
    let mut perturb = hash as u64;
    loop {
        let at = idx + ARRAY_DATA as usize + 8 * i;
        if rd(at, 0) == e {
            wr(at, 0, DUMMY);
            break;
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
    let ent = entry(rd(d, DICT_ENTRIES), e);
    wr(ent, 0, DELETED);
    wr(ent, 8, 0);
    wr(ent, 16, 0);
    wr(d, DICT_LEN, rd(d, DICT_LEN) - 1);
}

fn pop_impl(d: usize, key: usize) -> Option<usize> {
    let l = lookup(d, key)?;
    match l.found {
        Some(e) => {
            let d = l.roots.get(l.d);
            let v = value_at(d, e);
            remove(d, e, stored_hash(l.hash));
            Some(v)
        }
        None => {
            let kind = key_kind(d);
            let key = if kind.is_ref() { l.roots.get(l.k) } else { key };
            key_error(kind, key);
            None
        }
    }
}

/// `del d[k]`.
#[no_mangle]
pub extern "C" fn kiln_dict_delitem(d: usize, key: usize) {
    if d == 0 {
        return none_err("'NoneType' object does not support item deletion");
    }
    pop_impl(d, key);
}

/// `d.pop(k)`.
#[no_mangle]
pub extern "C" fn kiln_dict_pop(d: usize, key: usize) -> usize {
    if d == 0 {
        none_method("pop");
        return 0;
    }
    pop_impl(d, key).unwrap_or(0)
}

/// `d.clear()`.
#[no_mangle]
pub extern "C" fn kiln_dict_clear(d: usize) {
    if d == 0 {
        return none_method("clear");
    }
    wr(d, DICT_LEN, 0);
    wr(d, DICT_USED, 0);
    wr(d, DICT_INDEX, 0);
    wr(d, DICT_ENTRIES, 0);
}

/// Indices of the live entries of `d`, in order.
fn live(d: usize) -> Vec<usize> {
    let e = rd(d, DICT_ENTRIES);
    (0..rd(d, DICT_USED))
        .filter(|&i| rd(entry(e, i), 0) != DELETED)
        .collect()
}

/// `list(d.keys())` (0), `list(d.values())` (1) or `list(d.items())` (2):
/// a list of type id `list_tid`; items are tuples of type id `tuple_tid`.
#[no_mangle]
pub extern "C" fn kiln_dict_list(d: usize, which: u64, list_tid: u32, tuple_tid: u32) -> usize {
    if d == 0 {
        none_method(["keys", "values", "items"][which.min(2) as usize]);
        return 0;
    }
    let roots = Roots::new();
    let rd_ = roots.push(d);
    let n = rd(d, DICT_LEN);
    let Some(out) = list::alloc(list_tid, n) else {
        memory_error();
        return 0;
    };
    let ro = roots.push(out);
    let idxs = live(roots.get(rd_));
    let kv = |i: usize| {
        let ent = entry(rd(roots.get(rd_), DICT_ENTRIES), idxs[i]);
        (rd(ent, 8), rd(ent, 16))
    };
    for i in 0..n {
        let (k, v) = kv(i);
        let item = match which {
            0 => k,
            1 => v,
            _ => {
                let size = crate::ctx::type_desc(tuple_tid).size as usize;
                let t = gc::alloc(tuple_tid, size);
                let (k, v) = kv(i);
                wr(t, slot_offset(0), k);
                wr(t, slot_offset(1), v);
                t
            }
        };
        let out = roots.get(ro);
        wr(rd(out, LIST_ITEMS), ARRAY_DATA + 8 * i as i32, item);
    }
    roots.get(ro)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::Roots;
    use crate::layout::gc_kind;
    use crate::testkit::{setup, PAIR};

    fn keys_of(d: usize) -> Vec<usize> {
        let l = kiln_dict_list(d, 0, TID_LIST_RAW, 0);
        (0..list::len(l)).map(|i| list::get(l, i)).collect()
    }

    #[test]
    fn int_keys_keep_order_through_resizes_and_deletes() {
        for gc in [gc_kind::MARK_SWEEP, gc_kind::COPYING] {
            let _g = setup(gc, false);
            let roots = Roots::new();
            let r = roots.push(kiln_dict_new(ValueKind::Int as u64));
            for k in 0..1000usize {
                kiln_dict_setitem(roots.get(r), k, k * 10);
            }
            for k in (0..1000usize).step_by(2) {
                kiln_dict_delitem(roots.get(r), k);
            }
            kiln_dict_setitem(roots.get(r), 0, 5);
            kiln_dict_setitem(roots.get(r), 3, 33);
            let d = roots.get(r);
            assert_eq!(rd(d, DICT_LEN), 501);
            let mut want: Vec<usize> = (1..1000).step_by(2).collect();
            want.push(0);
            assert_eq!(keys_of(d), want);
            assert_eq!(kiln_dict_getitem(d, 3), 33);
            assert_eq!(kiln_dict_contains(d, 4), 0);
            assert_eq!(kiln_dict_get(d, 4, 77), 77);
            assert_eq!(kiln_dict_pop(d, 0), 5);
            assert_eq!(ctx_exc(), 0);
            kiln_dict_getitem(d, 4);
            assert_ne!(ctx_exc(), 0);
            crate::ctx::ctx().exc = 0;
            kiln_dict_clear(d);
            assert_eq!(rd(d, DICT_LEN), 0);
            kiln_dict_setitem(d, 9, 1);
            assert_eq!(keys_of(d), vec![9]);
        }
    }

    fn ctx_exc() -> usize {
        crate::ctx::ctx().exc
    }

    #[test]
    fn str_float_and_tuple_keys() {
        let _g = setup(gc_kind::COPYING, true);
        let roots = Roots::new();
        let r = roots.push(kiln_dict_new(ValueKind::Str as u64));
        for k in 0..50 {
            let s = str_obj::from_str(&format!("key{k}"));
            kiln_dict_setitem(roots.get(r), s, k);
        }
        let probe = str_obj::from_str("key42");
        assert_eq!(kiln_dict_getitem(roots.get(r), probe), 42);
        let f = roots.push(kiln_dict_new(ValueKind::Float as u64));
        kiln_dict_setitem(roots.get(f), 0.0f64.to_bits() as usize, 1);
        assert_eq!(
            kiln_dict_getitem(roots.get(f), (-0.0f64).to_bits() as usize),
            1
        );
        let t = roots.push(kiln_dict_new(ValueKind::Tuple as u64));
        let mk = |n: usize, s: &str| {
            let roots = Roots::new();
            let rs = roots.push(str_obj::from_str(s));
            let p = crate::gc::alloc(PAIR, 24);
            wr(p, slot_offset(0), n);
            wr(p, slot_offset(1), roots.get(rs));
            p
        };
        let k1 = mk(1, "a");
        kiln_dict_setitem(roots.get(t), k1, 11);
        let k2 = mk(1, "a");
        assert_eq!(kiln_dict_getitem(roots.get(t), k2), 11);
        let k3 = mk(2, "a");
        assert_eq!(kiln_dict_contains(roots.get(t), k3), 0);
        kiln_dict_getitem(roots.get(t), k3);
        let e = crate::ctx::ctx().exc;
        assert_ne!(e, 0);
        assert_eq!(str_obj::to_lossy(rd(e, slot_offset(0))), "(2, 'a')");
        crate::ctx::ctx().exc = 0;
    }
}
