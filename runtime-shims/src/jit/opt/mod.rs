//! The trace optimizer: passes over a loop trace, each in its module, run
//! in this order by [`optimize`]:
//!
//! 1. [`virtuals`] (allocation removal): objects allocated in the trace
//!    that never escape are not allocated; their fields become trace
//!    values, and guard snapshots that refer to them describe them
//!    ([`crate::jit::trace::Snapshot::virtuals`]) so that a failing guard
//!    makes them. An object that escapes is allocated where it escapes.
//! 2. [`forward`]: one sweep doing constant folding, common-subexpression
//!    elimination of pure operations, redundant guard removal (a guarded
//!    value is known afterwards: `guard_true(v)` makes `v` 1,
//!    `guard_eq(v, c)` makes it `c`, `guard_non_null(v)` makes `v`
//!    non-None; a `new` object is non-None), and heap caching (a field,
//!    array item or global read again without an intervening write or call
//!    that may write is the value already known; a write makes the written
//!    value known). It also drops the guards the first pass made constant
//!    (a class test of a virtual).
//! 3. [`bounds`]: removes the index bounds guards that earlier ones imply
//!    (`base + k` proved in range for offsets `k1` and `k2` covers every
//!    offset between them).
//! 4. [`dead`]: removes operations without effects whose results nobody
//!    (no operation, no snapshot) uses.
//!
//! All keep the trace a valid loop: substitutions made inside one
//! iteration never cross the back edge (loop inputs are never virtual).

mod bounds;
mod dead;
mod forward;
mod virtuals;

pub use bounds::bounds;
pub use dead::dead;
pub use forward::forward;
pub use virtuals::virtuals;

use super::trace::Trace;

/// Whether calls to a thunk leave the heap caches valid: set by the caller
/// from the thunk's flags.
pub type CallKeepsHeap<'a> = &'a dyn Fn(u32) -> bool;

/// Optimizes a loop trace. `keeps_heap(t)` says whether calling thunk `t`
/// leaves every field, list item and global unchanged.
pub fn optimize(t: &Trace, keeps_heap: CallKeepsHeap<'_>) -> Trace {
    let t = virtuals(t);
    let t = forward(&t, keeps_heap);
    let t = bounds(&t);
    dead(&t)
}
