//! The run-time half of the meta-tracing JIT (built with feature `jit`,
//! linked only into executables whose program has a JIT driver; the trace
//! IR and the optimizer are always built, for their tests).
//!
//! Generated code counts warm-up at `can_enter_jit` in `kiln_jit_state`
//! (one counter per hash of the int greens) and calls
//! `kiln_jit_merge_point` at the portal's `jit_merge_point` once a counter
//! fired. The entry point decodes the jitcode blob the compiler embedded
//! (`program`), then: runs the loop compiled for the greens if there is
//! one (`codegen`), following bridges and the jumps from one loop to
//! another (in compiled code, by tail calls, once a guard is linked to its
//! bridge or to the loop it reaches); otherwise traces the portal from the
//! merge point with the meta-interpreter (`interp`), optimizes the trace
//! (`opt`: allocation removal, folding/CSE/guards/heap caching, bounds,
//! peeling, dead code) and compiles it: traces with float operations
//! through Cranelift (`codegen`); the others (integer arithmetic, field,
//! item and global accesses, calls, allocations, guards) written directly
//! as x86-64 code (`direct`, through the encoder `x64`), in a small
//! fraction of Cranelift's time.
//! A guard that fails resumes the interpreter from its snapshot and
//! blackholes to the next merge point; a guard that failed often gets a
//! bridge traced from it. Beyond its first 30 ms of tracing and
//! compiling, the JIT starts no new trace while that time exceeds its
//! share of the time since its first call (`share`, below), plus what guard
//! failures have cost so far (the interpreter resuming after them, or 2 us
//! each, whichever is more: bridges remove that overhead). While traces
//! cost less than 2 ms each on average, a loop or bridge held back before
//! gets more: each time (up to five) adds the share again times 2 ms over
//! that mean cost, less one, so hot code whose traces are cheap to make is
//! not kept waiting. A trace ends (with `finish`, its greens made
//! constants so that the exit can be linked) at a merge point with a
//! compiled loop, at one it already passed (an inner loop, then traced
//! on its own), or at the first one after the trace limit. Tracing that
//! runs past twice the limit, raises or leaves the portal is aborted and
//! its green key backed off (threshold × 2^attempts). The portal gets one of the statuses of
//! [`crate::jitcode::status`].
//!
//! ## Options
//! `KILN_JIT` is `off`, or comma-separated `threshold=N` (loop iterations
//! before tracing, default 1000), `trace_limit=N` (recorded operations
//! after which a trace ends at the next merge point, default 6000; at
//! twice as many it is aborted), `bridge_threshold=N` (failures
//! of a guard before a bridge is traced from it, at most, default 200:
//! as many as cost about what a trace has cost on average, at 2 us a
//! failure, and not fewer than a tenth of N) and
//! `share=N` (percent of the
//! run's time the JIT may spend tracing and compiling, default 5; 100: no
//! limit) and `direct=0|1` (whether traces are written directly where
//! they can be, default 1; 0: all through Cranelift).
//!
//! ## Log (`KILN_JIT_LOG=FILE`)
//! Lines starting with `#` are events, in order:
//! - `# loop N driver D at LOCATION` then `# trace A ops, optimized B ops,
//!   G guards, tracing T ms, compiling C ms, S bytes` (followed by
//!   `, direct` for code written directly, not by Cranelift), then the trace
//!   before (`## before optimization`) and after (`## after
//!   optimization`) optimization, one operation a line. LOCATION is what
//!   the driver's `get_printable_location` answers for the greens, or
//!   `bridge from guard #G of loop L`.
//! - `# abort driver D: WHY` when tracing gave up.
//! - `# summary` (at exit): `loops`, `traces`, `aborted`,
//!   `guard_failures` (exits to the runtime: a guard with its bridge or
//!   loop linked goes on in compiled code and is not counted), `throttled`
//!   (traces not started for the time share), `linked` (guards that go
//!   straight on in a bridge or in the loop of the merge point they reach); `tracing_ms`, `compiling_ms`,
//!   `resuming_ms` (the interpreter running after guard failures, from
//!   each snapshot to the next merge point), `first_loop_ms` (time from
//!   the first JIT call to the first compiled loop); then one
//!   line per loop with the failure count of each guard that failed.
//!
//! An operation line is `KN = NAME(OPERANDS)` (`K`: `i` int, `f` float,
//! `r` reference; `N` the value number) or `NAME(OPERANDS)` without a
//! result. Operands are values `vN`, int constants, or `const_ref#N`
//! (a constant object held by the JIT). Guards end with `[guard #S resume
//! F@PC > ...: VALUES]`: the interpreter frames (jitcode function and pc,
//! outermost first) the guard resumes, and the values its snapshot keeps.
//! A value `virtual#K` is an object the optimizer removed from the trace
//! (allocation removal); the snapshot then describes each such object after
//! the values, `; virtual#K = new[TID,SIZE](OFF=VALUE ...)` (type id, size
//! in bytes, its non-zero fields by byte offset, which may be other
//! virtuals), and a failing guard allocates and fills them before the
//! interpreter resumes (a bridge from that guard gets them as inputs after
//! the guard's values). `new[TID,SIZE]()` allocates a zeroed object (an
//! instance, or a tuple whose items follow as `setfield`s). `call
//! thunkN:NAME` is a residual call of thunk N, a function or operation
//! compiled ahead of time: NAME is the Kiln function's name (`mix`,
//! `Interp.run_frame` for a method, `module.func` for a function of
//! another module) or the operation's, with its immediate in brackets if
//! it has one (`int_mod`, `str_concat`, `getfield[Frame.pc]`,
//! `call_method[Node.eval]`), e.g. `i57 = call thunk97:int_mod(v47, v54)`.
//! [`trace::parse`] reads this form back (also `call thunkN`, without a
//! name, as the optimizer's file tests write it). A peeled loop (after
//! optimization) runs its first iteration, then `label(VALUES)` starts the
//! loop proper, whose values `paramN()` names and to which the final
//! `jump` goes back. `getfield_imm[OFF]` reads a field only `__init__`
//! writes; `mod` and `floor_div` are Python's `%` and `//` after the
//! guard that the divisor is neither 0 nor -1.

pub mod hash;
pub mod opt;
pub mod trace;
pub mod x64;

#[cfg(feature = "jit")]
pub mod codegen;
#[cfg(all(feature = "jit", target_arch = "x86_64"))]
pub mod direct;
#[cfg(feature = "jit")]
pub mod interp;
#[cfg(feature = "jit")]
pub mod program;
#[cfg(feature = "jit")]
mod runtime;
#[cfg(feature = "jit")]
pub use runtime::*;
