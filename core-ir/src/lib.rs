//! # Kiln core IR
//!
//! The typed, object-oriented SSA intermediate representation that every Kiln
//! backend consumes. What goes in: a [`Program`] built with the [`builder`] or
//! parsed from the `.kir` text form ([`parse`]). What comes out: a verified
//! program ([`verify`]), its canonical text ([`print`]), and its behaviour as
//! defined by the reference interpreter ([`interp`]), the oracle every backend
//! is compared with.
//!
//! This crate knows nothing of Python syntax or of any backend.
//!
//! Layout of the crate:
//! - [`entities`]: the small `Copy` ids naming everything;
//! - [`types`]: interned types;
//! - [`program`] and [`function`]: the data model;
//! - [`opcode`]: the operation table (one documented meaning per opcode);
//! - [`typing`]: the typing rule of each opcode;
//! - [`builder`]: constructing functions;
//! - [`text`]: printer and parser of the `.kir` form;
//! - [`verifier`]: the invariants, each failure naming function, block and op;
//! - [`interp`]: the reference interpreter.

pub mod builder;
pub mod entities;
pub mod function;
pub mod interp;
pub mod opcode;
pub mod program;
pub mod text;
pub mod types;
pub mod typing;
pub mod verifier;

pub use entities::{
    Block, ClassAttrId, ClassId, DriverId, FieldId, FuncId, GlobalId, Inst, MethodId, Type, Value,
};
pub use function::{
    BlockArg, BlockCall, BlockData, FuncFlags, Function, Imm, InstData, SourceLoc, Terminator,
    ValueData, ValueDef,
};
pub use opcode::{Arity, Cond, ImmKind, OpFlags, Opcode};
pub use program::{
    BuiltinClass, ClassAttrData, ClassData, DriverData, FieldData, GlobalData, MethodData, Program,
};
pub use text::{parse, print, ParseError};
pub use types::{TypeData, TypeTable};
pub use verifier::{verify, VerifierError};
