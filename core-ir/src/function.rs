//! Functions: blocks with parameters, instructions and terminators.
//!
//! A function owns three arenas: blocks, instructions and values. The block
//! order (`layout`) is kept apart from the blocks themselves; the first block
//! of the layout is the entry block, whose parameters are the function's
//! parameters. Control flow passes values as block arguments (no phi nodes).
//!
//! Exceptions are edges: an instruction that may raise either lets the
//! exception propagate to the caller, or names a `catch` successor. Only the
//! last instruction of a block may have one. When it raises, control goes to
//! the catch block with the exception (the `exc` argument) and any other
//! values; its own result is then undefined, so it cannot be passed.

use crate::entities::{
    Block, ClassAttrId, ClassId, DriverId, FieldId, FuncId, GlobalId, Inst, MethodId, Type, Value,
};
use crate::opcode::{Cond, Opcode};
use cranelift_entity::{PrimaryMap, SecondaryMap};

/// A function of the program.
#[derive(Clone, Debug)]
pub struct Function {
    /// Unique name (methods are named `Class.method`).
    pub name: String,
    /// Parameter types (for a method, the first is the receiver).
    pub params: Vec<Type>,
    /// Result type (`Type::VOID` for none).
    pub ret: Type,
    /// JIT markers and other properties.
    pub flags: FuncFlags,
    /// Block arena.
    pub blocks: PrimaryMap<Block, BlockData>,
    /// Instruction arena.
    pub insts: PrimaryMap<Inst, InstData>,
    /// Value arena.
    pub values: PrimaryMap<Value, ValueData>,
    /// Blocks in order; the first is the entry block. Empty for a function
    /// that is declared but has no body yet.
    pub layout: Vec<Block>,
    /// Where each instruction came from in the source, when known.
    pub locs: SecondaryMap<Inst, SourceLoc>,
}

/// Markers carried on a function.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct FuncFlags {
    /// `@elidable`: pure; calls with constant arguments may be folded by the JIT.
    pub elidable: bool,
    /// `@dont_look_inside`: the JIT calls it instead of tracing into it.
    pub dont_look_inside: bool,
    /// `@unroll_safe`: the JIT may trace through its loops.
    pub unroll_safe: bool,
    /// Part of every program (built-in exception support); not printed.
    pub builtin: bool,
}

/// A source position (1-based line and column; 0 means unknown).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct SourceLoc {
    /// Index into [`Program::files`](crate::Program::files).
    pub file: u32,
    /// 1-based line, 0 if unknown.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub struct BlockData {
    /// Parameters (values defined on entry).
    pub params: Vec<Value>,
    /// Instructions in order.
    pub insts: Vec<Inst>,
    /// The terminator; every block of a finished function has one.
    pub term: Option<Terminator>,
}

/// One instruction.
#[derive(Clone, Debug)]
pub struct InstData {
    /// The operation.
    pub op: Opcode,
    /// The immediate (of the opcode's [`ImmKind`](crate::ImmKind)).
    pub imm: Imm,
    /// Value operands.
    pub args: Vec<Value>,
    /// The result, if the operation produces one.
    pub result: Option<Value>,
    /// Exception successor, if the operation raises into this function.
    pub catch: Option<BlockCall>,
}

/// Immediate operand of an instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Imm {
    /// No immediate.
    None,
    /// Signed integer.
    Int(i64),
    /// Unsigned integer.
    UInt(u64),
    /// Float.
    Float(f64),
    /// Boolean.
    Bool(bool),
    /// String.
    Str(String),
    /// Comparison condition.
    Cond(Cond),
    /// Class.
    Class(ClassId),
    /// Field.
    Field(FieldId),
    /// Method slot.
    Method(MethodId),
    /// Class attribute slot.
    ClassAttr(ClassAttrId),
    /// Function.
    Func(FuncId),
    /// Global.
    Global(GlobalId),
    /// JIT driver.
    Driver(DriverId),
    /// Small index.
    Index(u32),
}

/// How a value is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueDef {
    /// The n-th parameter of a block.
    Param(Block, u32),
    /// The result of an instruction.
    Result(Inst),
    /// A placeholder id that names nothing (kept so that parsed value numbers
    /// are preserved).
    Unused,
}

/// A value: its type and definition.
#[derive(Clone, Copy, Debug)]
pub struct ValueData {
    /// The value's type.
    pub ty: Type,
    /// Where it is defined.
    pub def: ValueDef,
}

/// An argument passed along a control-flow edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockArg {
    /// A value.
    Value(Value),
    /// The exception being caught (only on `catch` edges).
    Exc,
}

/// A control-flow edge: a target block and the arguments for its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockCall {
    /// Target block.
    pub block: Block,
    /// One argument per parameter of the target.
    pub args: Vec<BlockArg>,
}

impl BlockCall {
    /// An edge passing plain values.
    pub fn new(block: Block, args: &[Value]) -> Self {
        BlockCall {
            block,
            args: args.iter().map(|&v| BlockArg::Value(v)).collect(),
        }
    }
}

/// How a block ends.
#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    /// Unconditional jump.
    Jump(BlockCall),
    /// `branch c, then, else`: jump on a bool.
    Branch(Value, BlockCall, BlockCall),
    /// `switch v [k: target, ...] default`: jump on an int value.
    Switch {
        /// The int being switched on.
        value: Value,
        /// Cases with distinct keys.
        cases: Vec<(i64, BlockCall)>,
        /// Target when no case matches.
        default: BlockCall,
    },
    /// Return from the function, with a value unless it returns void.
    Return(Option<Value>),
    /// Raise an exception instance (propagates to the caller).
    Raise(Value),
    /// Control never reaches here; executing it is a bug in the producer.
    Unreachable,
}

impl Terminator {
    /// The edges leaving the block.
    pub fn successors(&self) -> Vec<&BlockCall> {
        match self {
            Terminator::Jump(c) => vec![c],
            Terminator::Branch(_, a, b) => vec![a, b],
            Terminator::Switch { cases, default, .. } => {
                let mut v: Vec<&BlockCall> = cases.iter().map(|(_, c)| c).collect();
                v.push(default);
                v
            }
            Terminator::Return(_) | Terminator::Raise(_) | Terminator::Unreachable => vec![],
        }
    }

    /// The values the terminator reads (not counting edge arguments).
    pub fn operands(&self) -> Vec<Value> {
        match self {
            Terminator::Branch(v, _, _) => vec![*v],
            Terminator::Switch { value, .. } => vec![*value],
            Terminator::Return(Some(v)) | Terminator::Raise(v) => vec![*v],
            Terminator::Jump(_) | Terminator::Return(None) | Terminator::Unreachable => vec![],
        }
    }
}

impl Function {
    /// A declared function with no body.
    pub fn new(name: impl Into<String>, params: Vec<Type>, ret: Type) -> Self {
        Function {
            name: name.into(),
            params,
            ret,
            flags: FuncFlags::default(),
            blocks: PrimaryMap::new(),
            insts: PrimaryMap::new(),
            values: PrimaryMap::new(),
            layout: Vec::new(),
            locs: SecondaryMap::new(),
        }
    }

    /// The entry block, if the function has a body.
    pub fn entry(&self) -> Option<Block> {
        self.layout.first().copied()
    }

    /// Whether the function has a body.
    pub fn has_body(&self) -> bool {
        !self.layout.is_empty()
    }

    /// The type of a value.
    pub fn value_type(&self, v: Value) -> Type {
        self.values[v].ty
    }

    /// All edges leaving `block`: the terminator's and the catch edge of its last instruction.
    pub fn block_successors(&self, block: Block) -> Vec<&BlockCall> {
        let data = &self.blocks[block];
        let mut out = Vec::new();
        if let Some(&last) = data.insts.last() {
            if let Some(c) = &self.insts[last].catch {
                out.push(c);
            }
        }
        if let Some(t) = &data.term {
            out.extend(t.successors());
        }
        out
    }
}
