//! The large-object space: objects too big for the regular heap, each
//! allocated on its own and never moved. Both collectors mark them with
//! `GC_MARK` and free the unmarked ones after a collection.

use crate::layout::{GC_LARGE, GC_MARK, GC_WORD};
use crate::mem::{rd32, wr32};
use std::alloc::{alloc_zeroed, dealloc, Layout};

/// Objects of at least this many bytes go to the large-object space.
pub const LARGE_OBJECT: usize = 32 * 1024;

/// The large objects of a heap.
#[derive(Default)]
pub struct Large {
    objects: Vec<(usize, usize)>,
    /// Bytes held by live (or not yet collected) large objects.
    pub bytes: usize,
}

impl Large {
    /// A zeroed object of `size` bytes with `GC_LARGE` set, or `None` if the
    /// system has no memory for it.
    pub fn alloc(&mut self, size: usize) -> Option<usize> {
        let layout = Layout::from_size_align(size, 16).ok()?;
        // SAFETY: the layout has a non-zero size.
        let p = unsafe { alloc_zeroed(layout) } as usize;
        if p == 0 {
            return None;
        }
        wr32(p, GC_WORD, GC_LARGE);
        self.objects.push((p, size));
        self.bytes += size;
        Some(p)
    }

    /// Marks `p`; true if it was not marked before.
    #[inline]
    pub fn mark(p: usize) -> bool {
        let g = rd32(p, GC_WORD);
        if g & GC_MARK != 0 {
            return false;
        }
        wr32(p, GC_WORD, g | GC_MARK);
        true
    }

    /// Frees the unmarked objects and clears the marks of the others.
    pub fn sweep(&mut self) {
        let mut bytes = 0;
        self.objects.retain(|&(p, size)| {
            let g = rd32(p, GC_WORD);
            if g & GC_MARK != 0 {
                wr32(p, GC_WORD, g & !GC_MARK);
                bytes += size;
                true
            } else {
                // SAFETY: allocated in `alloc` with this layout.
                unsafe { dealloc(p as *mut u8, Layout::from_size_align_unchecked(size, 16)) };
                false
            }
        });
        self.bytes = bytes;
    }
}
