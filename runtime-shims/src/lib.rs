//! # Kiln native runtime
//!
//! Linked into every native executable Kiln produces. Depends on no compiler
//! crate. Being written; see issue 4.
