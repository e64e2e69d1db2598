//! Raw reads and writes of object slots at byte offsets. All object access
//! in the runtime goes through these, so the unsafety is in one place.

/// Reads the word at `p + off`.
#[inline(always)]
pub fn rd(p: usize, off: i32) -> usize {
    // SAFETY: callers pass a live object and an offset inside it.
    unsafe { *((p as isize + off as isize) as *const usize) }
}

/// Writes the word at `p + off`.
#[inline(always)]
pub fn wr(p: usize, off: i32, v: usize) {
    // SAFETY: as in `rd`.
    unsafe { *((p as isize + off as isize) as *mut usize) = v }
}

/// Reads the u32 at `p + off`.
#[inline(always)]
pub fn rd32(p: usize, off: i32) -> u32 {
    // SAFETY: as in `rd`.
    unsafe { *((p as isize + off as isize) as *const u32) }
}

/// Writes the u32 at `p + off`.
#[inline(always)]
pub fn wr32(p: usize, off: i32, v: u32) {
    // SAFETY: as in `rd`.
    unsafe { *((p as isize + off as isize) as *mut u32) = v }
}

/// Reads the byte at `p + off`.
#[inline(always)]
pub fn rd8(p: usize, off: i32) -> u8 {
    // SAFETY: as in `rd`.
    unsafe { *((p as isize + off as isize) as *const u8) }
}

/// Writes the byte at `p + off`.
#[inline(always)]
pub fn wr8(p: usize, off: i32, v: u8) {
    // SAFETY: as in `rd`.
    unsafe { *((p as isize + off as isize) as *mut u8) = v }
}

/// The type id of object `p`.
#[inline(always)]
pub fn tid(p: usize) -> u32 {
    rd32(p, 0)
}

/// Copies `n` bytes from `src` to `dst` (the ranges may overlap).
#[inline]
pub fn copy(src: usize, dst: usize, n: usize) {
    // SAFETY: callers pass ranges inside live objects.
    unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, n) }
}

/// Zeroes `n` bytes at `p`.
#[inline]
pub fn zero(p: usize, n: usize) {
    // SAFETY: as in `copy`.
    unsafe { std::ptr::write_bytes(p as *mut u8, 0, n) }
}
