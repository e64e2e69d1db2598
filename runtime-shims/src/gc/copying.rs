//! The moving collector: a semispace heap with bump allocation (generated
//! code allocates inline from `Ctx::alloc_top`/`alloc_limit`), collected by
//! Cheney's breadth-first copy into a fresh to-space sized from the data
//! that survived. Large objects stay in place (marked instead of copied).

use super::large::{Large, LARGE_OBJECT};
use super::trace::{for_each_ref, object_size};
use super::{for_each_root, Stats};
use crate::ctx::ctx;
use crate::layout::{GC_FORWARDED, GC_IMMORTAL, GC_LARGE, GC_WORD};
use crate::mem::{copy, rd, rd32, wr, wr32};
use std::alloc::{alloc_zeroed, dealloc, Layout};

/// Spaces up to this size are kept for reuse instead of returned to the system.
const SPARE_MAX: usize = 64 << 20;

/// The semispace heap.
pub struct Copying {
    start: usize,
    cap: usize,
    limit: usize,
    min_space: usize,
    stress: bool,
    large: Large,
    large_stack: Vec<usize>,
    /// The previous space, kept for reuse by the next collection (its
    /// allocation region is zeroed then) while the heap stays small.
    spare: Option<(usize, usize)>,
    /// Statistics of the collections so far.
    pub stats: Stats,
}

fn space(cap: usize) -> Option<usize> {
    let layout = Layout::from_size_align(cap, 4096).ok()?;
    // SAFETY: non-zero size. Fresh zeroed pages come lazily from the system.
    let p = unsafe { alloc_zeroed(layout) } as usize;
    (p != 0).then_some(p)
}

impl Copying {
    /// A heap whose first space holds `min_space` bytes.
    pub fn new(min_space: usize, stress: bool) -> Copying {
        let start = space(min_space).unwrap_or_else(|| crate::fatal::out_of_memory());
        let mut h = Copying {
            start,
            cap: min_space,
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
            if self.stress || self.large.bytes > self.cap {
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
        let mut cap = used + need + self.min_space.max(used / 2);
        let spare = self.spare.take();
        let reuse = spare.filter(|&(_, c)| c >= cap && c <= 4 * cap);
        if let (Some((p, c)), None) = (spare, reuse) {
            // SAFETY: allocated by `space` with this size.
            unsafe { dealloc(p as *mut u8, Layout::from_size_align_unchecked(c, 4096)) };
        }
        let reused = reuse.is_some();
        let to = match reuse {
            Some((p, c)) => {
                cap = c;
                p
            }
            None => space(cap).unwrap_or_else(|| crate::fatal::out_of_memory()),
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
            copy(p, *free, size);
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
                scan += object_size(p);
                for_each_ref(p, |slot| forward(slot, &mut free, &mut large_stack));
            } else if let Some(p) = large_stack.pop() {
                for_each_ref(p, |slot| forward(slot, &mut free, &mut large_stack));
            } else {
                break;
            }
        }
        self.large_stack = large_stack;
        self.large.sweep();
        if self.stress || self.cap <= SPARE_MAX {
            self.spare = Some((self.start, self.cap));
        } else {
            // SAFETY: the old space was allocated by `space` with this size.
            unsafe {
                dealloc(
                    self.start as *mut u8,
                    Layout::from_size_align_unchecked(self.cap, 4096),
                )
            };
        }
        let live = free - to;
        if live + self.large.bytes + need > super::max_heap() {
            crate::fatal::out_of_memory();
        }
        self.start = to;
        self.cap = cap;
        let room = self.min_space.max(live).max(need);
        self.limit = (free + room).min(to + cap);
        if self.limit < free + need {
            self.limit = to + cap;
        }
        if reused && !self.stress {
            // Inline allocation expects zeroed memory.
            crate::mem::zero(free, self.limit - free);
        }
        self.stats.collections += 1;
        self.stats.live_after = live + self.large.bytes;
        self.publish(free);
    }

    /// Bytes reserved for the current space and the large objects.
    pub fn heap_bytes(&self) -> usize {
        self.cap + self.large.bytes
    }
}
