//! Garbage collection: the heap chosen at translation time (mark-sweep or
//! copying), allocation for generated code and for the runtime, and the
//! precise roots: the shadow stack, the program's reference globals, the
//! pending exception and the runtime's permanent roots.
//!
//! Generated code allocates inline by bumping `Ctx::alloc_top` up to
//! `Ctx::alloc_limit` and calls [`kiln_alloc_slow`] when that fails; the
//! mark-sweep heap keeps the limit at 0, so every allocation takes the call.

mod copying;
mod large;
mod marksweep;
mod os;
pub mod trace;

use crate::ctx::{ctx, has_program, program};
use crate::layout::{gc_kind, GC_HASH_SHIFT, GC_WORD};
use crate::mem::{rd32, wr32};
use std::cell::UnsafeCell;

pub use copying::Copying;
pub use marksweep::MarkSweep;

/// Counters of a heap.
#[derive(Default, Clone, Copy, Debug)]
pub struct Stats {
    /// Collections so far.
    pub collections: u64,
    /// Bytes live after the last collection.
    pub live_after: usize,
}

/// The heap of a run.
pub enum Heap {
    /// `--gc=marksweep`
    MarkSweep(MarkSweep, bool),
    /// `--gc=copying`
    Copying(Copying),
}

struct HeapCell(UnsafeCell<Option<Heap>>);
// SAFETY: single-threaded runtime.
unsafe impl Sync for HeapCell {}
static HEAP: HeapCell = HeapCell(UnsafeCell::new(None));

/// Permanent roots per chunk: chunks never move, so compiled code may load
/// a permanent root from its address ([`permanent_addr`]).
const PERM_CHUNK: usize = 512;

/// The permanent roots: full chunks, the last one filling up.
struct Permanent {
    chunks: Vec<Box<[usize; PERM_CHUNK]>>,
    len: usize,
}

struct PermCell(UnsafeCell<Permanent>);
// SAFETY: single-threaded runtime.
unsafe impl Sync for PermCell {}
static PERMANENT: PermCell = PermCell(UnsafeCell::new(Permanent {
    chunks: Vec::new(),
    len: 0,
}));

/// Bytes a heap starts with (and allocates at least between collections).
pub const MIN_HEAP: usize = 4 << 20;

/// The copying heap's smallest allocation budget between collections:
/// small, so that a program with little live data reuses the same few
/// cache-warm pages (a collection costs what survives, not the space).
pub const COPYING_MIN_SPACE: usize = 1 << 20;
/// Variable-sized objects larger than this raise MemoryError instead of being tried.
pub const MAX_OBJECT: usize = 1 << 36;

struct LimitCell(UnsafeCell<usize>);
// SAFETY: single-threaded runtime.
unsafe impl Sync for LimitCell {}
static MAX_HEAP: LimitCell = LimitCell(UnsafeCell::new(usize::MAX));

/// Sets the largest heap (bytes held from the system) before `MemoryError`.
pub fn set_max_heap(bytes: usize) {
    // SAFETY: single-threaded.
    unsafe { *MAX_HEAP.0.get() = bytes.max(MIN_HEAP * 4) };
}

/// The heap limit.
pub fn max_heap() -> usize {
    // SAFETY: single-threaded.
    unsafe { *MAX_HEAP.0.get() }
}

/// The default heap limit: three quarters of the physical memory.
pub fn default_max_heap() -> usize {
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .and_then(|k| k.parse::<usize>().ok())
                })
        })
        .map_or(usize::MAX / 2, |kb| kb * 1024);
    total / 4 * 3
}

#[allow(clippy::mut_from_ref)]
fn heap() -> &'static mut Heap {
    // SAFETY: single-threaded; initialized by `init` before any allocation.
    match unsafe { &mut *HEAP.0.get() } {
        Some(h) => h,
        None => crate::fatal::die("allocation before the heap was set up"),
    }
}

/// Sets up the heap: collector `kind` ([`gc_kind`]), collecting at every
/// allocation if `stress`, and a shadow stack of `ss_words` roots.
pub fn init(kind: u32, stress: bool, ss_words: usize) {
    let ss = vec![0usize; ss_words].leak();
    let c = ctx();
    c.ss_base = ss.as_ptr() as usize;
    c.ss_top = c.ss_base;
    c.ss_limit = c.ss_base + 8 * ss_words;
    c.alloc_top = 0;
    c.alloc_limit = 0;
    let h = match kind {
        gc_kind::COPYING => Heap::Copying(Copying::new(COPYING_MIN_SPACE, stress)),
        _ => Heap::MarkSweep(MarkSweep::new(MIN_HEAP), stress),
    };
    // SAFETY: single-threaded; no other reference to the cell is live.
    unsafe { *HEAP.0.get() = Some(h) };
}

/// Whether the heap has been set up.
pub fn is_ready() -> bool {
    // SAFETY: plain read.
    unsafe { (*HEAP.0.get()).is_some() }
}

/// Calls `f` with the address of every root slot.
pub fn for_each_root(mut f: impl FnMut(usize)) {
    let c = ctx();
    let mut s = c.ss_base;
    while s < c.ss_top {
        f(s);
        s += 8;
    }
    if has_program() {
        let p = program();
        for i in 0..p.nglobal_refs as usize {
            // SAFETY: `global_refs` has `nglobal_refs` entries naming global slots.
            let g = unsafe { *p.global_refs.add(i) } as usize;
            f(p.globals as usize + 8 * g);
        }
    }
    f(&mut c.exc as *mut usize as usize);
    // SAFETY: single-threaded.
    let perm = unsafe { &mut *PERMANENT.0.get() };
    let len = perm.len;
    for (c, chunk) in perm.chunks.iter_mut().enumerate() {
        let n = len.saturating_sub(c * PERM_CHUNK).min(PERM_CHUNK);
        for r in &mut chunk[..n] {
            f(r as *mut usize as usize);
        }
    }
}

/// Keeps `p` alive (and updated) for the rest of the run; its index for [`permanent`].
pub fn add_permanent(p: usize) -> usize {
    // SAFETY: single-threaded.
    let perm = unsafe { &mut *PERMANENT.0.get() };
    let i = perm.len;
    if i % PERM_CHUNK == 0 {
        perm.chunks.push(Box::new([0; PERM_CHUNK]));
    }
    perm.chunks[i / PERM_CHUNK][i % PERM_CHUNK] = p;
    perm.len += 1;
    i
}

/// The current address of permanent root `i`.
pub fn permanent(i: usize) -> usize {
    // SAFETY: single-threaded.
    let perm = unsafe { &*PERMANENT.0.get() };
    perm.chunks[i / PERM_CHUNK][i % PERM_CHUNK]
}

/// Where permanent root `i` is kept (the word a collection updates): its
/// address never changes.
pub fn permanent_addr(i: usize) -> usize {
    // SAFETY: single-threaded.
    let perm = unsafe { &*PERMANENT.0.get() };
    &perm.chunks[i / PERM_CHUNK][i % PERM_CHUNK] as *const usize as usize
}

/// A zeroed object of `size` bytes with type id `tid`. Exits with
/// `MemoryError` when the system has no memory left.
pub fn alloc(tid: u32, size: usize) -> usize {
    let p = match heap() {
        Heap::MarkSweep(h, stress) => h.alloc(size, *stress),
        Heap::Copying(h) => h.alloc(size),
    };
    match p {
        Some(p) => {
            wr32(p, 0, tid);
            wr32(p, GC_WORD, rd32(p, GC_WORD));
            p
        }
        None => crate::fatal::out_of_memory(),
    }
}

/// Like [`alloc`] for a variable-sized object: `None` (for the caller to
/// raise MemoryError) when `size` is beyond what any heap can hold.
pub fn alloc_var(tid: u32, size: usize) -> Option<usize> {
    if size > MAX_OBJECT {
        return None;
    }
    Some(alloc(tid, size))
}

/// Allocation slow path of generated code: a zeroed object of `size` bytes
/// with type id `tid`.
#[no_mangle]
pub extern "C" fn kiln_alloc_slow(tid: u64, size: u64) -> usize {
    alloc(tid as u32, size as usize)
}

/// A full collection now.
pub fn collect() {
    match heap() {
        Heap::MarkSweep(h, _) => h.collect(),
        Heap::Copying(h) => h.collect(0),
    }
}

/// Statistics of the heap.
pub fn stats() -> Stats {
    match heap() {
        Heap::MarkSweep(h, _) => h.stats,
        Heap::Copying(h) => h.stats,
    }
}

/// Bytes the heap holds from the system.
pub fn heap_bytes() -> usize {
    match heap() {
        Heap::MarkSweep(h, _) => h.heap_bytes(),
        Heap::Copying(h) => h.heap_bytes(),
    }
}

struct Counter(UnsafeCell<u32>);
// SAFETY: single-threaded.
unsafe impl Sync for Counter {}
static NEXT_HASH: Counter = Counter(UnsafeCell::new(0));

/// The identity hash of object `p`: stable for its lifetime, even when a
/// moving collector relocates it (it lives in the GC word).
pub fn identity_hash(p: usize) -> i64 {
    let g = rd32(p, GC_WORD);
    let h = g >> GC_HASH_SHIFT;
    if h != 0 {
        return h as i64;
    }
    // SAFETY: single-threaded.
    let next = unsafe { &mut *NEXT_HASH.0.get() };
    *next = next.wrapping_add(0x9E37) & 0x00FF_FFFF;
    if *next == 0 {
        *next = 1;
    }
    wr32(
        p,
        GC_WORD,
        (g & ((1 << GC_HASH_SHIFT) - 1)) | (*next << GC_HASH_SHIFT),
    );
    *next as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::Roots;
    use crate::layout::{slot_offset, GC_IMMORTAL};
    use crate::mem::{rd, wr};
    use crate::testkit::{setup, NODE};

    fn node(value: usize, left: usize, right: usize) -> usize {
        let roots = Roots::new();
        let (l, r) = (roots.push(left), roots.push(right));
        let n = alloc(NODE, 32);
        wr(n, slot_offset(0), value);
        wr(n, slot_offset(1), roots.get(l));
        wr(n, slot_offset(2), roots.get(r));
        n
    }

    /// A complete binary tree of `depth`, values numbered in preorder.
    fn tree(depth: u32, next: &mut usize) -> usize {
        let v = *next;
        *next += 1;
        if depth == 0 {
            return node(v, 0, 0);
        }
        let roots = Roots::new();
        let l = tree(depth - 1, next);
        let rl = roots.push(l);
        let r = tree(depth - 1, next);
        node(v, roots.get(rl), r)
    }

    fn sum(t: usize) -> usize {
        let mut stack = vec![t];
        let mut s = 0;
        while let Some(n) = stack.pop() {
            if n == 0 {
                continue;
            }
            s += rd(n, slot_offset(0));
            stack.push(rd(n, slot_offset(1)));
            stack.push(rd(n, slot_offset(2)));
        }
        s
    }

    fn each_gc(f: impl Fn(u32, bool)) {
        for gc in [gc_kind::MARK_SWEEP, gc_kind::COPYING] {
            for stress in [false, true] {
                let _g = setup(gc, stress);
                f(gc, stress);
            }
        }
    }

    #[test]
    fn trees_survive_collections_and_garbage_is_freed() {
        each_gc(|gc, stress| {
            let roots = Roots::new();
            let mut next = 0;
            let depth = if stress { 8 } else { 14 };
            let t = tree(depth, &mut next);
            let rt = roots.push(t);
            let want = (0..next).sum::<usize>();
            // Garbage: many short-lived trees.
            for _ in 0..if stress { 3 } else { 200 } {
                let mut n = 0;
                tree(6, &mut n);
            }
            collect();
            assert_eq!(sum(roots.get(rt)), want, "gc {gc} stress {stress}");
            let live = stats().live_after;
            assert!(live >= 32 * next && live < 32 * next * 2, "live {live}");
        });
    }

    #[test]
    fn cycles_are_kept_while_rooted_and_collected_after() {
        each_gc(|_, _| {
            let roots = Roots::new();
            let a = node(1, 0, 0);
            let ra = roots.push(a);
            let b = node(2, roots.get(ra), 0);
            wr(roots.get(ra), slot_offset(1), b);
            wr(roots.get(ra), slot_offset(2), roots.get(ra));
            collect();
            let a = roots.get(ra);
            let b = rd(a, slot_offset(1));
            assert_eq!(rd(b, slot_offset(0)), 2);
            assert_eq!(rd(rd(b, slot_offset(1)), slot_offset(0)), 1);
            assert_eq!(rd(a, slot_offset(2)), a);
            roots.set(ra, 0);
            collect();
            assert!(stats().live_after < 64);
        });
    }

    #[test]
    fn deep_lists_do_not_overflow_the_collector() {
        each_gc(|_, stress| {
            let roots = Roots::new();
            let r = roots.push(0);
            let n = if stress { 2_000 } else { 300_000 };
            for i in 0..n {
                let x = node(i, roots.get(r), 0);
                roots.set(r, x);
            }
            collect();
            let mut len = 0;
            let mut p = roots.get(r);
            while p != 0 {
                len += 1;
                p = rd(p, slot_offset(1));
            }
            assert_eq!(len, n);
        });
    }

    #[test]
    fn identity_hash_is_stable_across_moves_and_immortals_stay() {
        each_gc(|_, _| {
            let roots = Roots::new();
            let a = node(7, 0, 0);
            let ra = roots.push(a);
            let h = identity_hash(a);
            for _ in 0..1000 {
                node(0, 0, 0);
            }
            collect();
            assert_eq!(identity_hash(roots.get(ra)), h);
            let c = crate::str_ops::char_str(65);
            assert_ne!(rd32(c, GC_WORD) & GC_IMMORTAL, 0);
            let rc = roots.push(c);
            collect();
            assert_eq!(roots.get(rc), c);
        });
    }

    #[test]
    fn large_objects_are_freed_and_the_heap_shrinks() {
        each_gc(|_, stress| {
            if stress {
                return;
            }
            for _ in 0..200 {
                crate::list::alloc(crate::layout::TID_LIST_RAW, 100_000).unwrap();
            }
            collect();
            assert!(heap_bytes() < 64 << 20, "heap {}", heap_bytes());
        });
    }
}
