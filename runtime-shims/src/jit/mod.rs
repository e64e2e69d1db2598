//! The run-time half of the meta-tracing JIT (built with feature `jit`,
//! linked only into executables whose program has a JIT driver).
//!
//! Generated code counts warm-up at `can_enter_jit` in [`kiln_jit_state`]
//! and calls [`kiln_jit_merge_point`] at the portal's `jit_merge_point`
//! once a counter fired. The entry point decodes the jitcode blob the
//! compiler embedded ([`program`]), and answers the portal with one of the
//! statuses of [`crate::jitcode::status`].
//!
//! Options come from `KILN_JIT` (`off`, or `threshold=N,trace_limit=N`,
//! comma-separated) and `KILN_JIT_LOG=FILE`.

pub mod opt;
pub mod trace;

#[cfg(feature = "jit")]
pub mod codegen;
#[cfg(feature = "jit")]
pub mod interp;
#[cfg(feature = "jit")]
pub mod program;
#[cfg(feature = "jit")]
mod runtime;
#[cfg(feature = "jit")]
pub use runtime::*;
