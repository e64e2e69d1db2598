//! The non-moving collector: segregated size classes carved from pages,
//! free lists, marking with an explicit stack, eager sweeping. Completely
//! empty pages are returned to the system, so the heap shrinks with the
//! live data.

use super::large::{Large, LARGE_OBJECT};
use super::trace::{for_each_ref, object_size};
use super::{for_each_root, Stats};
use crate::layout::{GC_IMMORTAL, GC_LARGE, GC_MARK, GC_WORD};
use crate::mem::{rd, rd32, tid, wr, wr32, zero};
use std::alloc::{alloc, dealloc, Layout};

/// Bytes per page of small objects.
const PAGE: usize = 256 * 1024;
/// Type id of a free slot.
const FREE: u32 = u32::MAX;
/// Slot sizes of the size classes.
const CLASSES: [usize; 20] = [
    16,
    24,
    32,
    40,
    48,
    64,
    80,
    96,
    128,
    160,
    192,
    256,
    384,
    512,
    768,
    1024,
    2048,
    4096,
    8192,
    LARGE_OBJECT,
];

struct SizeClass {
    size: usize,
    free: usize,
    pages: Vec<usize>,
}

/// The mark-sweep heap.
pub struct MarkSweep {
    classes: Vec<SizeClass>,
    large: Large,
    allocated: usize,
    budget: usize,
    min_budget: usize,
    stack: Vec<usize>,
    /// Pages a sweep found empty, kept for the allocations up to the next
    /// collection (at most a budget's worth) instead of being given back
    /// to the system and faulted in again.
    spare: Vec<usize>,
    /// Statistics of the collections so far.
    pub stats: Stats,
}

fn class_index(size: usize) -> usize {
    CLASSES
        .iter()
        .position(|&c| c >= size)
        .unwrap_or(CLASSES.len() - 1)
}

impl MarkSweep {
    /// An empty heap that collects after `min_budget` bytes.
    pub fn new(min_budget: usize) -> MarkSweep {
        MarkSweep {
            classes: CLASSES
                .iter()
                .map(|&size| SizeClass {
                    size,
                    free: 0,
                    pages: Vec::new(),
                })
                .collect(),
            large: Large::default(),
            allocated: 0,
            budget: min_budget,
            min_budget,
            stack: Vec::new(),
            spare: Vec::new(),
            stats: Stats::default(),
        }
    }

    /// A zeroed object of `size` bytes (header not set), or `None` when the
    /// system is out of memory. Collects first when the budget is spent or
    /// `stress` is set.
    pub fn alloc(&mut self, size: usize, stress: bool) -> Option<usize> {
        if stress || self.allocated >= self.budget {
            self.collect();
        }
        self.allocated += size;
        let ci = class_index(size);
        if size >= LARGE_OBJECT || (self.classes[ci].free == 0 && self.spare.is_empty()) {
            // The heap grows: respect the limit.
            if self.heap_bytes() + size.max(PAGE) > super::max_heap() {
                self.collect();
                if self.heap_bytes() + size.max(PAGE) > super::max_heap() {
                    crate::fatal::out_of_memory();
                }
            }
        }
        if size >= LARGE_OBJECT {
            return self.large.alloc(size);
        }
        if self.classes[ci].free == 0 {
            self.add_page(ci)?;
        }
        let sc = &mut self.classes[ci];
        let p = sc.free;
        sc.free = rd(p, 8);
        if sc.size <= 64 {
            for k in 0..sc.size / 8 {
                wr(p, 8 * k as i32, 0);
            }
        } else {
            zero(p, sc.size);
        }
        Some(p)
    }

    fn add_page(&mut self, ci: usize) -> Option<()> {
        let page = match self.spare.pop() {
            Some(p) => p,
            None => {
                let layout = Layout::from_size_align(PAGE, 16).ok()?;
                // SAFETY: non-zero size.
                let page = unsafe { alloc(layout) } as usize;
                if page == 0 {
                    return None;
                }
                page
            }
        };
        let sc = &mut self.classes[ci];
        let n = PAGE / sc.size;
        for i in (0..n).rev() {
            let p = page + i * sc.size;
            wr32(p, 0, FREE);
            wr32(p, GC_WORD, 0);
            wr(p, 8, sc.free);
            sc.free = p;
        }
        sc.pages.push(page);
        Some(())
    }

    #[inline]
    fn mark(stack: &mut Vec<usize>, p: usize) {
        if p == 0 {
            return;
        }
        let g = rd32(p, GC_WORD);
        if g & (GC_MARK | GC_IMMORTAL) != 0 {
            return;
        }
        wr32(p, GC_WORD, g | GC_MARK);
        stack.push(p);
    }

    /// A full collection.
    pub fn collect(&mut self) {
        let mut stack = std::mem::take(&mut self.stack);
        for_each_root(|slot| Self::mark(&mut stack, rd(slot, 0)));
        while let Some(p) = stack.pop() {
            for_each_ref(p, |slot| Self::mark(&mut stack, rd(slot, 0)));
        }
        self.stack = stack;
        let live = self.sweep();
        self.stats.collections += 1;
        self.stats.live_after = live;
        self.allocated = 0;
        self.budget = live.max(self.min_budget);
    }

    /// Frees unmarked objects, rebuilds the free lists and releases empty
    /// pages; the live bytes.
    fn sweep(&mut self) -> usize {
        let mut live = 0;
        let mut empty: Vec<usize> = Vec::new();
        for sc in &mut self.classes {
            let size = sc.size;
            let n = PAGE / size;
            let mut free_head = 0usize;
            let mut kept = Vec::with_capacity(sc.pages.len());
            for &page in sc.pages.iter().rev() {
                let mut page_free = 0usize;
                let mut page_head = free_head;
                for i in (0..n).rev() {
                    let p = page + i * size;
                    if tid(p) != FREE {
                        let g = rd32(p, GC_WORD);
                        if g & GC_MARK != 0 {
                            wr32(p, GC_WORD, g & !GC_MARK);
                            live += object_size(p);
                            continue;
                        }
                        wr32(p, 0, FREE);
                        wr32(p, GC_WORD, 0);
                    }
                    wr(p, 8, page_head);
                    page_head = p;
                    page_free += 1;
                }
                if page_free == n && !kept.is_empty() {
                    empty.push(page);
                } else {
                    free_head = page_head;
                    kept.push(page);
                }
            }
            kept.reverse();
            sc.pages = kept;
            sc.free = free_head;
        }
        self.large.sweep();
        // Keep empty pages for about a budget's worth of allocation (the
        // next budget is the live size); give the rest back.
        let keep = live.max(self.min_budget) / PAGE + 1;
        self.spare.append(&mut empty);
        while self.spare.len() > keep {
            if let Some(page) = self.spare.pop() {
                // SAFETY: allocated in `add_page` with this layout.
                unsafe { dealloc(page as *mut u8, Layout::from_size_align_unchecked(PAGE, 16)) };
            }
        }
        live + self.large.bytes
    }

    /// Whether `p` is a large object (for assertions in tests).
    pub fn is_large(p: usize) -> bool {
        rd32(p, GC_WORD) & GC_LARGE != 0
    }

    /// Bytes in pages and large objects.
    pub fn heap_bytes(&self) -> usize {
        self.classes
            .iter()
            .map(|c| c.pages.len() * PAGE)
            .sum::<usize>()
            + self.spare.len() * PAGE
            + self.large.bytes
    }
}
