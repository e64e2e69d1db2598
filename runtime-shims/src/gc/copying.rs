//! The moving collector: a semispace heap with bump allocation (generated
//! code allocates inline from `Ctx::alloc_top`/`alloc_limit`), collected by
//! Cheney's breadth-first copy into to-space. Large objects stay in place
//! (marked instead of copied).
//!
//! Sizing: spaces are address space reserved from the system ([`os`]), so
//! only what is touched is resident. After a collection that left `live`
//! bytes, the program may allocate `max(min_space, live * ROOM_PERCENT /
//! 100)` more bytes before the next one; the old space is then zeroed in
//! place when it is small (up to `KEEP_SPACE`) or has its pages dropped (it
//! is kept, empty, as the next to-space). So the resident heap
//! peaks at a collection: from-space (`live + room`) plus what survives it,
//! at most `(2 + ROOM_PERCENT / 100)` times the largest live data.

use super::large::{Large, LARGE_OBJECT};
use super::os;
use super::trace::{for_each_ref, object_size};
use super::{for_each_root, Stats};
use crate::ctx::ctx;
use crate::ctx::type_desc;
use crate::layout::{FIRST_PROGRAM_TID, GC_FORWARDED, GC_IMMORTAL, GC_LARGE, GC_WORD, HEADER};
use crate::mem::{copy, rd, rd32, tid, wr, wr32};

/// Allocation allowed between collections, in percent of the live data.
const ROOM_PERCENT: usize = 75;

/// A used space up to this size is zeroed in place after a collection
/// instead of having its pages dropped.
const KEEP_SPACE: usize = 16 << 20;

/// The semispace heap.
pub struct Copying {
    /// Region of the current space (reserved from the system).
    start: usize,
    cap: usize,
    /// End of the allocation budget inside the current space.
    limit: usize,
    min_space: usize,
    stress: bool,
    large: Large,
    large_stack: Vec<usize>,
    /// The previous space (its pages dropped unless under stress), reused
    /// as the next to-space when it is big enough.
    spare: Option<(usize, usize)>,
    /// Statistics of the collections so far.
    pub stats: Stats,
}

/// Copies object `src` of `size` bytes (a multiple of 8) to `dst`; small
/// objects word by word, without a call.
#[inline(always)]
fn copy_object(src: usize, dst: usize, size: usize) {
    if size <= 64 {
        let mut k = 0;
        while k < size {
            wr(dst, k as i32, rd(src, k as i32));
            k += 8;
        }
    } else {
        copy(src, dst, size);
    }
}

impl Copying {
    /// A heap whose first space holds `min_space` bytes.
    pub fn new(min_space: usize, stress: bool) -> Copying {
        let cap = os::round(min_space);
        let start = os::reserve(cap).unwrap_or_else(|| crate::fatal::out_of_memory());
        let mut h = Copying {
            start,
            cap,
            limit: start + min_space,
            min_space,
            stress,
            large: Large::default(),
            large_stack: Vec::new(),
            spare: None,
            stats: Stats::default(),
        };
        h.publish(start);
        h
    }

    fn publish(&mut self, top: usize) {
        let c = ctx();
        c.alloc_top = top;
        c.alloc_limit = if self.stress { 0 } else { self.limit };
    }

    /// A zeroed object of `size` bytes (header not set); `None` when the
    /// system is out of memory.
    pub fn alloc(&mut self, size: usize) -> Option<usize> {
        if size >= LARGE_OBJECT {
            if self.stress || self.large.bytes > self.limit - self.start {
                self.collect(0);
            }
            return self.large.alloc(size);
        }
        let mut top = ctx().alloc_top;
        if self.stress || top + size > self.limit {
            self.collect(size);
            top = ctx().alloc_top;
        }
        if top + size > self.limit {
            return None;
        }
        self.publish(top + size);
        if self.stress {
            crate::mem::zero(top, size);
        }
        Some(top)
    }

    /// A collection making room for at least `need` more bytes.
    pub fn collect(&mut self, need: usize) {
        let used = ctx().alloc_top - self.start;
        // Room for all of from-space surviving plus the next budget.
        let want = os::round(
            used.saturating_add(need)
                .saturating_mul(2)
                .saturating_add(self.min_space),
        );
        let (to, cap) = match self.spare.take() {
            Some((p, c)) if c >= want && c <= 8 * want => (p, c),
            other => {
                if let Some((p, c)) = other {
                    os::release(p, c);
                }
                let p = os::reserve(want).unwrap_or_else(|| crate::fatal::out_of_memory());
                (p, want)
            }
        };
        let mut free = to;
        let mut large_stack = std::mem::take(&mut self.large_stack);
        let forward = |slot: usize, free: &mut usize, large_stack: &mut Vec<usize>| {
            let p = rd(slot, 0);
            if p == 0 {
                return;
            }
            let g = rd32(p, GC_WORD);
            if g & GC_IMMORTAL != 0 {
                return;
            }
            if g & GC_LARGE != 0 {
                if Large::mark(p) {
                    large_stack.push(p);
                }
                return;
            }
            if g & GC_FORWARDED != 0 {
                wr(slot, 0, rd(p, 8));
                return;
            }
            let size = object_size(p);
            copy_object(p, *free, size);
            wr32(p, GC_WORD, g | GC_FORWARDED);
            wr(p, 8, *free);
            wr(slot, 0, *free);
            *free += size;
        };
        for_each_root(|slot| forward(slot, &mut free, &mut large_stack));
        let mut scan = to;
        loop {
            if scan < free {
                let p = scan;
                let t = tid(p);
                if t >= FIRST_PROGRAM_TID {
                    // Instances and tuples, the common case: one descriptor read.
                    let d = type_desc(t);
                    scan += d.size as usize;
                    for i in 0..d.nrefs as usize {
                        // SAFETY: `refs` has `nrefs` entries.
                        let s = unsafe { *d.refs.add(i) } as usize;
                        forward(p + HEADER as usize + 8 * s, &mut free, &mut large_stack);
                    }
                } else {
                    scan += object_size(p);
                    for_each_ref(p, |slot| forward(slot, &mut free, &mut large_stack));
                }
            } else if let Some(p) = large_stack.pop() {
                for_each_ref(p, |slot| forward(slot, &mut free, &mut large_stack));
            } else {
                break;
            }
        }
        self.large_stack = large_stack;
        self.large.sweep();
        // The old space becomes the spare, zero again (allocation relies on
        // it): a small space is cleared in place, its pages kept (cheaper
        // than a page fault and the kernel's zeroing per page at every
        // reuse); a large one has its pages dropped. Under stress,
        // allocation zeroes each object, so the pages may stay as they are.
        if !self.stress {
            if used <= KEEP_SPACE {
                crate::mem::zero(self.start, used);
            } else {
                os::discard(self.start, os::round(used).min(self.cap));
            }
        }
        self.spare = Some((self.start, self.cap));
        let live = free - to;
        if live + self.large.bytes + need > super::max_heap() {
            crate::fatal::out_of_memory();
        }
        self.start = to;
        self.cap = cap;
        let room = self.min_space.max(live / 100 * ROOM_PERCENT).max(need);
        self.limit = (free + room).min(to + cap);
        self.stats.collections += 1;
        self.stats.live_after = live + self.large.bytes;
        self.publish(free);
    }

    /// Bytes of the current space's budget and of the large objects.
    pub fn heap_bytes(&self) -> usize {
        self.limit - self.start + self.large.bytes
    }
}
