//! The shape of every object as the collectors see it: its size and where
//! its references are.

use crate::ctx::type_desc;
use crate::layout::*;
use crate::mem::{rd, rd8, tid};

/// Rounds `n` up to a multiple of 8.
#[inline]
pub fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// Size in bytes of a str of `len` code points of `width` bytes.
#[inline]
pub fn str_size(len: usize, width: usize) -> usize {
    align8(STR_DATA as usize + len * width).max(MIN_OBJECT)
}

/// Size in bytes of an array of `cap` words.
#[inline]
pub fn array_size(cap: usize) -> usize {
    ARRAY_DATA as usize + cap * 8
}

/// Words an array of `size` bytes holds (the inverse of [`array_size`]).
#[inline]
pub fn array_cap(size: usize) -> usize {
    size.saturating_sub(ARRAY_DATA as usize) / 8
}

/// Size in bytes of object `p`.
pub fn object_size(p: usize) -> usize {
    match tid(p) {
        TID_STR => str_size(rd(p, STR_LEN), rd8(p, STR_WIDTH) as usize),
        TID_LIST_RAW | TID_LIST_REF => LIST_SIZE,
        TID_ARRAY_RAW | TID_ARRAY_REF => array_size(rd(p, ARRAY_CAP)),
        t if (TID_ENTRIES..TID_ENTRIES + 4).contains(&t) => array_size(rd(p, ARRAY_CAP)),
        TID_FUNC_RAW | TID_FUNC_REF => FUNC_SIZE,
        TID_FILE => FILE_SIZE,
        TID_DICT => DICT_SIZE,
        t => type_desc(t).size as usize,
    }
}

/// Calls `f` with the address of every reference slot of object `p`.
#[inline]
pub fn for_each_ref(p: usize, mut f: impl FnMut(usize)) {
    let slot = |off: usize| p + off;
    match tid(p) {
        TID_STR | TID_ARRAY_RAW | TID_FUNC_RAW | TID_FILE => {}
        TID_LIST_RAW | TID_LIST_REF => f(slot(LIST_ITEMS as usize)),
        TID_ARRAY_REF => {
            let n = rd(p, ARRAY_CAP);
            for i in 0..n {
                f(slot(ARRAY_DATA as usize + 8 * i));
            }
        }
        TID_FUNC_REF => f(slot(FUNC_BOUND as usize)),
        TID_DICT => {
            f(slot(DICT_INDEX as usize));
            f(slot(DICT_ENTRIES as usize));
        }
        t if (TID_ENTRIES..TID_ENTRIES + 4).contains(&t) => {
            let flags = t - TID_ENTRIES;
            let n = rd(p, ARRAY_CAP) / 3;
            for i in 0..n {
                let e = ARRAY_DATA as usize + 24 * i;
                if flags & 1 != 0 {
                    f(slot(e + 8));
                }
                if flags & 2 != 0 {
                    f(slot(e + 16));
                }
            }
        }
        t => {
            let d = type_desc(t);
            for i in 0..d.nrefs as usize {
                // SAFETY: `refs` has `nrefs` entries.
                let s = unsafe { *d.refs.add(i) } as usize;
                f(slot(HEADER as usize + 8 * s));
            }
        }
    }
}
