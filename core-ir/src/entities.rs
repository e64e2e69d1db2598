//! Entity references: small `Copy` ids naming the entities stored in a
//! [`Program`](crate::Program)'s and a [`Function`](crate::Function)'s arenas.

use cranelift_entity::entity_impl;

/// A class (user-defined or built-in exception class) of the program.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId(u32);
entity_impl!(ClassId, "class");

/// A field declared by one class (inherited by its subclasses).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(u32);
entity_impl!(FieldId, "field");

/// A virtual method slot, declared by one class and possibly overridden below it.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MethodId(u32);
entity_impl!(MethodId, "method");

/// A class attribute slot (a constant binding per class, read virtually).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassAttrId(u32);
entity_impl!(ClassAttrId, "classattr");

/// A function: a module-level function, a method implementation, or start-up code.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(u32);
entity_impl!(FuncId, "func");

/// A module global variable.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(u32);
entity_impl!(GlobalId, "global");

/// A JIT driver declaration (`JitDriver(greens=..., reds=...)`).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DriverId(u32);
entity_impl!(DriverId, "d");

/// An interned type; see [`TypeTable`](crate::TypeTable). The scalar types
/// have fixed ids (`Type::INT`, ...), so this id type has `const` constructors.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Type(u32);

impl Type {
    /// The type with index `n` (for fixed ids).
    pub const fn from_index_const(n: u32) -> Type {
        Type(n)
    }
}

impl cranelift_entity::EntityRef for Type {
    fn new(index: usize) -> Self {
        Type(u32::try_from(index).expect("too many types"))
    }
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// A basic block of a function.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(u32);
entity_impl!(Block, "block");

/// An SSA value: a block parameter or the result of an instruction.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(u32);
entity_impl!(Value, "v");

/// An instruction (a non-terminator operation) of a function.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Inst(u32);
entity_impl!(Inst, "inst");
