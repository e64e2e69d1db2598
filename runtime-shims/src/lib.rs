//! # Kiln native runtime
//!
//! Linked into every native executable Kiln produces (as a static library);
//! depends on no compiler crate. What goes in: calls from generated code
//! (the `kiln_*` C-ABI functions) and the program descriptor the compiler
//! emits ([`layout::ProgramDesc`]). What comes out: Python's behaviour for
//! every operation the generated code does not inline, garbage collection,
//! I/O, and the process exit status.
//!
//! [`layout`] is the contract with generated code (the AOT backend and the
//! JIT): object layouts, type ids, descriptor and context structures.
//!
//! Layout of the crate: `ctx` (context, roots), `gc` (heaps and
//! collectors), `mem` (raw object access), `str_obj`/`str_ops` (strings),
//! `list`, `dict`, `keys` (hash, equality, repr), `numbers` and `float_text`,
//! `unicode` (with the generated `unicode_table`), `io`, `exc` (raising),
//! `entry` (start-up and exit), `fatal`.

pub mod ctx;
pub mod dict;
pub mod entry;
pub mod exc;
pub mod fatal;
pub mod float_text;
pub mod gc;
pub mod io;
pub mod jit;
pub mod jitcode;
pub mod keys;
pub mod layout;
pub mod list;
pub mod mem;
pub mod numbers;
pub mod str_obj;
pub mod str_ops;
#[cfg(test)]
mod testkit;
pub mod unicode;
mod unicode_table;
