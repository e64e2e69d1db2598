//! The trace optimizer: passes over a loop trace, each in its module, run
//! in this order by [`optimize`]:
//!
//! 1. [`virtuals`] (allocation removal): objects allocated in the trace
//!    (instances, tuples, short lists and their item arrays) that never
//!    escape are not allocated; their fields and items become trace
//!    values, appends to such a list included, and guard snapshots that refer to them describe them
//!    ([`crate::jit::trace::Snapshot::virtuals`]) so that a failing guard
//!    makes them. An object that escapes is allocated where it escapes.
//! 2. [`forward`]: one sweep doing constant folding, common-subexpression
//!    elimination of pure operations, redundant guard removal (a guarded
//!    value is known afterwards: `guard_true(v)` makes `v` 1,
//!    `guard_eq(v, c)` makes it `c`, `guard_non_null(v)` makes `v`
//!    non-None; a `new` object is non-None), and heap caching (a field,
//!    array item or global read again without an intervening write or call
//!    that may write is the value already known; a write makes the written
//!    value known; an immutable field of a constant object is a constant,
//!    as is the class of a constant object). It also drops the guards the first pass made constant
//!    (a class test of a virtual).
//! 3. [`bounds`]: removes the index bounds guards that earlier ones imply
//!    (`base + k` proved in range for offsets `k1` and `k2` covers every
//!    offset between them).
//! 4. [`peel`]: loop peeling: a first iteration, then the loop proper
//!    without the work that gives the same result in every iteration.
//! 5. [`ranges`]: integer ranges learnt from constants, masks, `%` and
//!    guarded comparisons turn the overflow checks that cannot fail
//!    (`add_ovf` of `i + 1` after `i < n`) into plain arithmetic.
//! 6. [`failing`]: the value a guard tests is known when it fails, so its
//!    snapshot keeps that constant instead.
//! 7. [`dead`]: removes operations without effects whose results nobody
//!    (no operation, no snapshot) uses.
//!
//! All keep the trace a valid loop: substitutions made inside one
//! iteration never cross the back edge (loop inputs are never virtual),
//! except peeling's, which are proved to hold in every iteration.

mod bounds;
mod dead;
mod failing;
mod forward;
mod peel;
mod ranges;
mod virtuals;

pub use bounds::bounds;
pub use dead::dead;
pub use failing::failing;
pub use forward::forward;
pub use peel::peel;
pub use ranges::ranges;
pub use virtuals::virtuals;

use super::trace::{Arg, Op, Trace};

/// What the optimizer may ask about the running program.
pub struct Env<'a> {
    /// Whether calling thunk `t` leaves every field, list item and global
    /// unchanged.
    pub keeps_heap: &'a dyn Fn(u32) -> bool,
    /// The value of the immutable field at byte offset `off`, of kind `k`,
    /// of constant object `r` (`const_ref#r`), if known.
    pub const_field: &'a dyn Fn(u32, u32, u8) -> Option<Arg>,
    /// The type id of constant object `r`, if known.
    pub const_tid: &'a dyn Fn(u32) -> Option<u32>,
    /// Whether thunk `t` is `list.append`.
    pub appends: &'a dyn Fn(u32) -> bool,
}

/// Optimizes a loop trace.
pub fn optimize(t: &Trace, env: &Env<'_>) -> Trace {
    // (A trace without allocations has nothing for `virtuals` to do: not
    // even a copy.)
    let v;
    let t = if t.ops.iter().any(|o| matches!(o.op, Op::New(..))) {
        v = virtuals(t, env);
        &v
    } else {
        t
    };
    let t = forward(t, env);
    let t = bounds(&t);
    // Unused work is removed before peeling too: it must not make peeling
    // look worth its code.
    let t = dead(&t);
    let t = peel(&t, env);
    let t = ranges(&t);
    let t = failing(&t);
    dead(&t)
}
