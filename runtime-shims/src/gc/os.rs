//! Address space straight from the system (`mmap`), for the copying
//! collector's semispaces: reserving is free (pages are committed when first
//! touched, and read as zero), and released pages leave the resident set at
//! once (`madvise(MADV_DONTNEED)` / `munmap`), which the C allocator does not
//! promise.

use std::ffi::c_void;

extern "C" {
    fn mmap(addr: *mut c_void, len: usize, prot: i32, flags: i32, fd: i32, off: i64)
        -> *mut c_void;
    fn munmap(addr: *mut c_void, len: usize) -> i32;
    fn madvise(addr: *mut c_void, len: usize, advice: i32) -> i32;
}

const PROT_READ: i32 = 1;
const PROT_WRITE: i32 = 2;
const MAP_PRIVATE: i32 = 0x02;
const MAP_ANONYMOUS: i32 = 0x20;
const MAP_NORESERVE: i32 = 0x4000;
const MADV_DONTNEED: i32 = 4;
const MADV_HUGEPAGE: i32 = 14;

/// Alignment and granularity of regions: a huge page, so that the system
/// may back them with huge pages (fewer page faults).
pub const GRAIN: usize = 2 << 20;

/// `n` rounded up to a multiple of [`GRAIN`].
pub fn round(n: usize) -> usize {
    n.div_ceil(GRAIN).saturating_mul(GRAIN)
}

/// A fresh zeroed region of `len` bytes (a multiple of [`GRAIN`]), aligned
/// to [`GRAIN`]; `None` if the system refuses.
pub fn reserve(len: usize) -> Option<usize> {
    let total = len.checked_add(GRAIN)?;
    // SAFETY: an anonymous private mapping chosen by the system.
    let p = unsafe {
        mmap(
            std::ptr::null_mut(),
            total,
            PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
            -1,
            0,
        )
    } as usize;
    if p == usize::MAX || p == 0 {
        return None;
    }
    let start = (p + GRAIN - 1) & !(GRAIN - 1);
    // SAFETY: trims the parts of our own mapping outside [start, start+len).
    unsafe {
        if start > p {
            munmap(p as *mut c_void, start - p);
        }
        let end = start + len;
        if p + total > end {
            munmap(end as *mut c_void, p + total - end);
        }
        madvise(start as *mut c_void, len, MADV_HUGEPAGE);
    }
    Some(start)
}

/// Returns a region from [`reserve`] to the system.
pub fn release(start: usize, len: usize) {
    // SAFETY: the region was mapped by `reserve` with this length.
    unsafe { munmap(start as *mut c_void, len) };
}

/// Drops the pages of `[start, start+len)` (inside a region from
/// [`reserve`]): they leave the resident set and read as zero again.
pub fn discard(start: usize, len: usize) {
    if len > 0 {
        // SAFETY: a page-aligned range of our own mapping.
        unsafe { madvise(start as *mut c_void, len, MADV_DONTNEED) };
    }
}
