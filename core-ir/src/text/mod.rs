//! The `.kir` text form: a printer and a parser that round-trip.
//!
//! `print(&parse(text)?) == text` holds for every canonically laid-out text
//! (the printer's layout: items separated by one blank line, blocks by one
//! blank line, four-space indentation, no comments). Comments start with `;`
//! and run to the end of the line.
//!
//! ```text
//! class Shape {
//!     field size: float
//!     method area() -> float = @Shape.area
//! }
//!
//! class Square: Shape {
//!     method area = @Square.area
//! }
//!
//! global $COUNT: int
//!
//! func @Square.area(Square) -> float {
//! block0(v0: Square):
//!     v1: float = getfield Shape.size v0
//!     v2: float = float_mul v1, v1
//!     return v2
//! }
//!
//! entry @entry_point
//! ```
//!
//! Grammar, informally:
//! - `class NAME [: BASE] { member* }` with members `field NAME: TYPE`,
//!   `method NAME(TYPES) -> TYPE [= @FUNC]` (a new slot), `method NAME = @FUNC`
//!   (an override), `classattr NAME: TYPE [= $GLOBAL]` (a new slot) and
//!   `classattr NAME = $GLOBAL` (a binding in a subclass);
//! - `global $NAME: TYPE [readonly]`;
//! - `jitdriver NAME greens(NAME: TYPE, ...) reds(NAME: TYPE, ...) [printable @FUNC]`;
//! - `func @NAME(TYPES) [-> TYPE] [elidable] [dont_look_inside] [unroll_safe] { block* }`
//!   (a function without a body is written `func @NAME(TYPES) -> TYPE;`);
//! - `entry @FUNC`, `startup @FUNC`.
//!
//! A block is `blockN(vN: TYPE, ...):` followed by instructions
//! `[vN: TYPE =] OPCODE [IMM] [OPERANDS] [catch blockN(ARGS)]` and one
//! terminator: `jump`, `branch`, `switch`, `return`, `raise`, `unreachable`.
//! Calls are written `call @f(v1, v2)`, `call_method C.m(v1, v2)`,
//! `call_indirect v1(v2)`, and hints `jit_merge_point NAME(GREENS; REDS)`.

mod dot;
mod lexer;
mod parser;
mod printer;

pub use dot::print_dot;
pub use parser::{parse, ParseError};
pub use printer::{
    float_text, print, print_function, print_inst, print_terminator, print_type, quote_str,
};
