//! The flow-graph model: the untyped SSA form of a Kiln Python program that
//! the builder ([`crate::flow::build`]) produces, the annotator types, and the
//! lowering turns into core IR.
//!
//! A [`FlowProgram`] holds the modules, classes and functions of a program.
//! Each function (and each module's top-level code) has a [`FlowGraph`]:
//! blocks with parameters (SSA; no phi nodes), operations on [`Var`]s with
//! Python's generic meaning (`BinOp(Add)` is `a + b` for whatever `a` and `b`
//! turn out to be), and exits. An operation inside a `try` body is the last
//! of its block and names the handler block as its `catch` link, which may
//! pass the raised exception (`LinkArg::Exc`).
//!
//! Invariants (checked by [`FlowGraph::check`] in tests):
//! - every `Var` is defined exactly once: as a block parameter or an op result;
//! - every use is dominated by its definition;
//! - a link passes one argument per parameter of its target;
//! - only the last op of a block has a `catch` link.

use crate::source::{FileId, Span};
use cranelift_entity::{entity_impl, PrimaryMap};
use std::fmt::{self, Write};

/// A module (one `.py` file) of the program.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(u32);
entity_impl!(ModuleId, "module");

/// A class defined by the program.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassId(u32);
entity_impl!(ClassId, "class");

/// A function, method, or module's top-level code.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(u32);
entity_impl!(FuncId, "func");

/// A block of a flow graph.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(u32);
entity_impl!(BlockId, "b");

/// An SSA variable of a flow graph.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(u32);
entity_impl!(Var, "v");

/// The whole program as flow graphs.
#[derive(Clone, Debug, Default)]
pub struct FlowProgram {
    /// Modules; the main module first.
    pub modules: PrimaryMap<ModuleId, Module>,
    /// Every class of every module.
    pub classes: PrimaryMap<ClassId, ClassDef>,
    /// Every function, method and module top-level code.
    pub funcs: PrimaryMap<FuncId, FuncDef>,
}

/// One module.
#[derive(Clone, Debug)]
pub struct Module {
    /// Module name (`foo` for `foo.py`).
    pub name: String,
    /// Its source file.
    pub file: FileId,
    /// The module's top-level statements as a function of no parameters.
    pub startup: FuncId,
    /// What the module binds at top level, in source order.
    pub bindings: Vec<Binding>,
}

/// A name bound at a module's top level.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The name.
    pub name: String,
    /// Where it is first bound.
    pub span: Span,
    /// What it is bound to.
    pub kind: BindingKind,
}

/// What a module-level name is bound to.
#[derive(Clone, Debug, PartialEq)]
pub enum BindingKind {
    /// `def name(...)`.
    Function(FuncId),
    /// `class name(...)`.
    Class(ClassId),
    /// `import a.b as name` / `import name`: the module with this dotted path.
    Module(String),
    /// `from module import attr as name`.
    ImportFrom {
        /// Dotted module path.
        module: String,
        /// The imported attribute.
        attr: String,
    },
    /// A variable assigned by top-level code (`name = ...`) and possibly by
    /// functions that declare it `global`. `assigned_in_functions` is true
    /// when some function assigns it (so it is not a constant binding).
    Variable {
        /// Whether a function (via `global`) assigns it.
        assigned_in_functions: bool,
    },
}

/// A class definition.
#[derive(Clone, Debug)]
pub struct ClassDef {
    /// The name as written.
    pub name: String,
    /// The defining module.
    pub module: ModuleId,
    /// The class name's span.
    pub span: Span,
    /// Base class expressions: dotted names (`Base`, `mod.Base`, `Exception`, `object`).
    pub bases: Vec<(Vec<String>, Span)>,
    /// Methods in source order.
    pub methods: Vec<FuncId>,
    /// Class attributes assigned in the class body, in source order; their
    /// values are stored by `StoreClassAttr` ops in the module's start-up code.
    pub attrs: Vec<(String, Span)>,
}

/// What kind of function a [`FuncDef`] is.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FuncKind {
    /// A module-level function.
    Function,
    /// A method (first parameter is the receiver).
    Method(ClassId),
    /// A `@staticmethod` in a class.
    StaticMethod(ClassId),
    /// A module's top-level code.
    ModuleStartup(ModuleId),
}

/// A function definition with its flow graph.
#[derive(Clone, Debug)]
pub struct FuncDef {
    /// The name as written (`__init__`, `entry_point`, `<module>` for start-up code).
    pub name: String,
    /// The defining module.
    pub module: ModuleId,
    /// What kind of function it is.
    pub kind: FuncKind,
    /// Parameters in order (for a method, the receiver first).
    pub params: Vec<Param>,
    /// Return annotation, if written.
    pub returns: Option<TypeExpr>,
    /// Decorators, outermost first.
    pub decorators: Vec<Decorator>,
    /// Span of the function's name (or of the module's first line).
    pub span: Span,
    /// The body.
    pub graph: FlowGraph,
}

/// A parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its span.
    pub span: Span,
    /// Default value, if any.
    pub default: Option<DefaultValue>,
    /// Annotation, if any.
    pub annotation: Option<TypeExpr>,
}

/// A default argument value: a constant, or a module-level name.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A literal (negative numbers folded).
    Const(Constant),
    /// A module-level name of the defining module.
    Global(String, Span),
}

/// A decorator: a dotted name, optionally called with constant arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Decorator {
    /// The dotted path (`["specialize", "argtype"]`, `["elidable"]`).
    pub path: Vec<String>,
    /// Arguments if it is called (`@specialize.argtype(0)`), `None` if not called.
    pub args: Option<Vec<Constant>>,
    /// Its span.
    pub span: Span,
}

/// A type annotation, kept syntactically.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A name: `int`, `str`, `float`, `bool`, `None`, a class, possibly dotted.
    Name(Vec<String>, Span),
    /// A subscripted generic: `list[int]`, `dict[str, int]`, `tuple[int, str]`,
    /// `Optional[X]`, `List[int]` (the name as written).
    Generic(Vec<String>, Vec<TypeExpr>, Span),
    /// `A | B`.
    Union(Vec<TypeExpr>, Span),
    /// Anything else (kept so the annotator can report it).
    Other(Span),
}

impl TypeExpr {
    /// The annotation's span.
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Name(_, s)
            | TypeExpr::Generic(_, _, s)
            | TypeExpr::Union(_, s)
            | TypeExpr::Other(s) => *s,
        }
    }
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`
    None,
    /// `True`/`False`
    Bool(bool),
    /// An int literal (fits in 64 bits).
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A str literal.
    Str(String),
}

/// One function's flow graph.
#[derive(Clone, Debug, Default)]
pub struct FlowGraph {
    /// Blocks.
    pub blocks: PrimaryMap<BlockId, Block>,
    /// Variables.
    pub vars: PrimaryMap<Var, VarData>,
    /// The entry block; its parameters are the function's parameters.
    pub entry: Option<BlockId>,
}

/// A variable's origin.
#[derive(Clone, Debug)]
pub struct VarData {
    /// The Python local it is a version of, if any.
    pub name: Option<String>,
    /// Where its value comes from.
    pub span: Span,
}

/// A block.
#[derive(Clone, Debug)]
pub struct Block {
    /// Parameters.
    pub params: Vec<Var>,
    /// Operations in order.
    pub ops: Vec<Op>,
    /// How the block ends.
    pub exit: Exit,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Op {
    /// What it does.
    pub kind: OpKind,
    /// Operands.
    pub args: Vec<Var>,
    /// Result, if any.
    pub result: Option<Var>,
    /// The source construct it comes from.
    pub span: Span,
    /// Handler taken if it raises (only on the last op of a block).
    pub catch: Option<Link>,
}

/// A control-flow edge with arguments for the target's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// Target block.
    pub target: BlockId,
    /// One per target parameter.
    pub args: Vec<LinkArg>,
}

/// An argument on a link.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinkArg {
    /// A variable.
    Var(Var),
    /// The exception being raised (only on `catch` links).
    Exc,
}

/// How a block ends.
#[derive(Clone, Debug)]
pub enum Exit {
    /// Go to another block.
    Jump(Link),
    /// `if cond` (cond is the result of `Truth`, `Not`, `Compare`, `IsInstance` or `ExcMatch`).
    Branch {
        /// A bool.
        cond: Var,
        /// Taken when true.
        then: Link,
        /// Taken when false.
        els: Link,
    },
    /// Return a value (functions without `return` return a `None` constant).
    Return(Var, Span),
    /// Raise an exception instance, or a class (instantiated with no arguments).
    Raise(Var, Span),
    /// Not reachable (after a call known never to return, or a placeholder while building).
    Unreachable,
}

/// Binary operators.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
}

impl BinOp {
    /// The operator as written in Python (`+`, `//`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

/// Unary operators (`not` is [`OpKind::Not`]).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
}

/// Comparison operators.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl UnaryOp {
    /// The operator as written in Python.
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
        }
    }
}

impl CmpOp {
    /// The operator as written in Python.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// Which parts of a slice `x[lo:hi:step]` are present; the present ones are
/// the op's operands after the sequence, in this order.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct SliceShape {
    /// `lo` given.
    pub lo: bool,
    /// `hi` given.
    pub hi: bool,
    /// `step` given.
    pub step: bool,
}

/// What an operation does. Operands are listed per variant.
#[derive(Clone, Debug, PartialEq)]
pub enum OpKind {
    /// A literal. No operands.
    Const(Constant),
    /// Read a module-level name of this function's module (falling back to
    /// the built-ins). No operands.
    LoadGlobal(String),
    /// Write a module-level variable of this function's module. `[value]`.
    StoreGlobal(String),
    /// A built-in (`AssertionError`, `range`, ...) regardless of shadowing. No operands.
    LoadBuiltin(String),
    /// `obj.name`. `[obj]`.
    LoadAttr(String),
    /// `obj.name = value`. `[obj, value]`.
    StoreAttr(String),
    /// Class body assignment `name = value` of class `ClassId`. `[value]`.
    StoreClassAttr(ClassId, String),
    /// `a op b`. `[a, b]`.
    BinOp(BinOp),
    /// `a op= b` (in place for lists). `[a, b]`.
    InplaceOp(BinOp),
    /// `op a`. `[a]`.
    UnaryOp(UnaryOp),
    /// `not a` (a bool). `[a]`.
    Not,
    /// `bool(a)` for a condition. `[a]`.
    Truth,
    /// `a op b` (one link of a chain; chains are split by the builder). `[a, b]`.
    Compare(CmpOp),
    /// `obj[index]`. `[obj, index]`.
    GetItem,
    /// `obj[index] = value`. `[obj, index, value]`.
    SetItem,
    /// `del obj[index]`. `[obj, index]`.
    DelItem,
    /// `obj[lo:hi:step]`. `[obj, present parts...]`.
    GetSlice(SliceShape),
    /// `obj[lo:hi:step] = value`. `[obj, present parts..., value]`.
    SetSlice(SliceShape),
    /// `del obj[lo:hi:step]`. `[obj, present parts...]`.
    DelSlice(SliceShape),
    /// `callee(positional..., name=value...)`. `[callee, positional..., keyword values...]`.
    Call {
        /// Names of the keyword arguments, matching the last operands.
        kwnames: Vec<String>,
    },
    /// `receiver.name(positional..., kw=value...)`. `[receiver, positional..., keyword values...]`.
    CallMethod {
        /// The method name.
        name: String,
        /// Names of the keyword arguments, matching the last operands.
        kwnames: Vec<String>,
    },
    /// `[items...]`. `[items...]`.
    BuildList,
    /// `(items...)`. `[items...]`.
    BuildTuple,
    /// `{k: v, ...}`. `[k1, v1, k2, v2, ...]`.
    BuildDict,
    /// What a `for` loop indexes: a list as itself, a str as itself, a dict as
    /// a list of its keys, a tuple as a list of its items. `[iterable]`.
    IterSource,
    /// `len(x)` for loops over an `IterSource` result. `[x]`.
    Len,
    /// Check that `seq` has `n` items before unpacking it (ValueError for a
    /// list of the wrong length). `[seq]`.
    UnpackCheck(usize),
    /// Item `index` of a sequence being unpacked into `count` targets. `[seq]`.
    Unpack {
        /// Which item.
        index: usize,
        /// How many targets.
        count: usize,
    },
    /// f-string field `{x!conv:spec}` formatted to a str. `[x]`.
    FormatValue {
        /// `r`, `s` or `a` after `!`.
        conversion: Option<char>,
        /// The constant format spec after `:`.
        spec: Option<String>,
    },
    /// Concatenation of str parts (an f-string). `[parts...]`.
    BuildString,
    /// `isinstance(x, cls)` where `cls` is a class or a tuple of classes. `[x, cls]`.
    IsInstance,
    /// `x` known to be an instance of `cls` (after a true `isinstance`). `[x, cls]`.
    Narrow,
    /// `x` known not to be `None` (after a true `x is not None`). `[x]`.
    NotNone,
    /// Whether exception `exc` matches `except cls`. `[exc, cls]`.
    ExcMatch,
    /// A copy of `x`. `[x]`.
    Copy,
    /// `raise x` where a handler of the same function catches it: raises `x`
    /// (an exception instance, or a class instantiated with no arguments).
    /// Always the last op of its block, always with a `catch` link; the
    /// block's exit is `Unreachable`. A `raise` that leaves the function is
    /// [`Exit::Raise`] instead. No result. `[x]`.
    Raise,
    /// The value of a local variable on a path where it was never assigned.
    /// The builder accepts a read of a local after a loop that assigns it
    /// (a `for` target, a variable set in a `while` body) as if the loop ran
    /// at least once; on the path where it ran zero times (where Python
    /// would raise `UnboundLocalError` at the read) the local's value is
    /// `Unbound`. It is defined in the entry block and only passed on links.
    /// It carries no type of its own: it takes the type of the values it
    /// meets. No operands.
    Unbound,
}

impl OpKind {
    /// What the operation does, in Python's terms, for messages
    /// ("reading attribute `foo`", "`+`", "indexing").
    pub fn python_action(&self) -> String {
        match self {
            OpKind::LoadAttr(n) => format!("reading attribute `{n}`"),
            OpKind::StoreAttr(n) => format!("setting attribute `{n}`"),
            OpKind::CallMethod { name, .. } => format!("calling method `{name}`"),
            OpKind::GetItem => "indexing".into(),
            OpKind::SetItem => "item assignment".into(),
            OpKind::DelItem => "`del` of an item".into(),
            OpKind::GetSlice(_) => "slicing".into(),
            OpKind::SetSlice(_) => "slice assignment".into(),
            OpKind::DelSlice(_) => "`del` of a slice".into(),
            OpKind::Call { .. } => "calling it".into(),
            OpKind::IterSource => "iterating over it".into(),
            OpKind::Len => "`len()`".into(),
            OpKind::Unpack { .. } | OpKind::UnpackCheck(_) => "unpacking".into(),
            OpKind::UnaryOp(u) => format!("unary `{}`", u.symbol()),
            OpKind::BinOp(b) | OpKind::InplaceOp(b) => format!("`{}`", b.symbol()),
            OpKind::Compare(c) => format!("`{}`", c.symbol()),
            other => format!("`{}`", other.describe()),
        }
    }

    /// A short name for dumps.
    pub fn describe(&self) -> String {
        match self {
            OpKind::Const(c) => format!("const {}", const_text(c)),
            OpKind::LoadGlobal(n) => format!("load_global {n}"),
            OpKind::StoreGlobal(n) => format!("store_global {n}"),
            OpKind::LoadBuiltin(n) => format!("load_builtin {n}"),
            OpKind::LoadAttr(n) => format!("load_attr .{n}"),
            OpKind::StoreAttr(n) => format!("store_attr .{n}"),
            OpKind::StoreClassAttr(c, n) => format!("store_class_attr {c}.{n}"),
            OpKind::BinOp(b) => format!("binop {b:?}"),
            OpKind::InplaceOp(b) => format!("inplace {b:?}"),
            OpKind::UnaryOp(u) => format!("unary {u:?}"),
            OpKind::Not => "not".into(),
            OpKind::Truth => "truth".into(),
            OpKind::Compare(c) => format!("compare {c:?}"),
            OpKind::GetItem => "getitem".into(),
            OpKind::SetItem => "setitem".into(),
            OpKind::DelItem => "delitem".into(),
            OpKind::GetSlice(s) => format!("getslice{}", slice_text(s)),
            OpKind::SetSlice(s) => format!("setslice{}", slice_text(s)),
            OpKind::DelSlice(s) => format!("delslice{}", slice_text(s)),
            OpKind::Call { kwnames } if kwnames.is_empty() => "call".into(),
            OpKind::Call { kwnames } => format!("call kw={}", kwnames.join(",")),
            OpKind::CallMethod { name, kwnames } if kwnames.is_empty() => {
                format!("call_method .{name}")
            }
            OpKind::CallMethod { name, kwnames } => {
                format!("call_method .{name} kw={}", kwnames.join(","))
            }
            OpKind::BuildList => "build_list".into(),
            OpKind::BuildTuple => "build_tuple".into(),
            OpKind::BuildDict => "build_dict".into(),
            OpKind::IterSource => "iter_source".into(),
            OpKind::Len => "len".into(),
            OpKind::UnpackCheck(n) => format!("unpack_check {n}"),
            OpKind::Unpack { index, count } => format!("unpack {index}/{count}"),
            OpKind::FormatValue { conversion, spec } => {
                let mut s = "format".to_string();
                if let Some(c) = conversion {
                    let _ = write!(s, " !{c}");
                }
                if let Some(sp) = spec {
                    let _ = write!(s, " :{sp:?}");
                }
                s
            }
            OpKind::BuildString => "build_string".into(),
            OpKind::IsInstance => "isinstance".into(),
            OpKind::Narrow => "narrow".into(),
            OpKind::NotNone => "not_none".into(),
            OpKind::ExcMatch => "exc_match".into(),
            OpKind::Copy => "copy".into(),
            OpKind::Raise => "raise".into(),
            OpKind::Unbound => "unbound".into(),
        }
    }

    /// Whether the op may raise an exception. Inside a `try` body (or a
    /// `with` body) such an op ends its block and carries a `catch` link to
    /// the handler.
    pub fn may_raise(&self) -> bool {
        !matches!(
            self,
            OpKind::Const(_)
                | OpKind::Copy
                | OpKind::BuildTuple
                | OpKind::Narrow
                | OpKind::NotNone
                | OpKind::Unbound
        )
    }
}

fn slice_text(s: &SliceShape) -> String {
    format!(
        "[{}:{}{}]",
        if s.lo { "lo" } else { "" },
        if s.hi { "hi" } else { "" },
        if s.step { ":step" } else { "" }
    )
}

/// Text of a constant as Python writes it.
pub fn const_text(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(n) => n.to_string(),
        Constant::Float(x) => format!("{x:?}"),
        Constant::Str(s) => format!("{s:?}"),
    }
}

impl FlowGraph {
    /// Creates a block with no parameters and an `Unreachable` exit.
    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block {
            params: Vec::new(),
            ops: Vec::new(),
            exit: Exit::Unreachable,
        })
    }

    /// Creates a variable.
    pub fn new_var(&mut self, name: Option<String>, span: Span) -> Var {
        self.vars.push(VarData { name, span })
    }

    /// The links leaving a block (exit links, and the catch link of its last op).
    pub fn successors(&self, b: BlockId) -> Vec<&Link> {
        let block = &self.blocks[b];
        let mut out = Vec::new();
        if let Some(c) = block.ops.last().and_then(|o| o.catch.as_ref()) {
            out.push(c);
        }
        match &block.exit {
            Exit::Jump(l) => out.push(l),
            Exit::Branch { then, els, .. } => {
                out.push(then);
                out.push(els);
            }
            Exit::Return(..) | Exit::Raise(..) | Exit::Unreachable => {}
        }
        out
    }

    /// Blocks reachable from the entry, in reverse postorder.
    pub fn reverse_postorder(&self) -> Vec<BlockId> {
        let Some(entry) = self.entry else {
            return vec![];
        };
        let mut seen = vec![false; self.blocks.len()];
        let mut order = Vec::new();
        let mut stack: Vec<(BlockId, usize)> = vec![(entry, 0)];
        seen[entry.as_u32() as usize] = true;
        while let Some(&mut (b, ref mut i)) = stack.last_mut() {
            let succ: Vec<BlockId> = self.successors(b).iter().map(|l| l.target).collect();
            if *i < succ.len() {
                let n = succ[*i];
                *i += 1;
                if !seen[n.as_u32() as usize] {
                    seen[n.as_u32() as usize] = true;
                    stack.push((n, 0));
                }
            } else {
                order.push(b);
                stack.pop();
            }
        }
        order.reverse();
        order
    }

    /// Checks the invariants listed in the module documentation; returns a
    /// description of the first violation.
    pub fn check(&self) -> Result<(), String> {
        let order = self.reverse_postorder();
        let mut defined = vec![0u32; self.vars.len()];
        for &b in &order {
            let block = &self.blocks[b];
            for &p in &block.params {
                defined[p.as_u32() as usize] += 1;
            }
            for (i, op) in block.ops.iter().enumerate() {
                if let Some(r) = op.result {
                    defined[r.as_u32() as usize] += 1;
                }
                if op.catch.is_some() && i + 1 != block.ops.len() {
                    return Err(format!(
                        "{b}: an op with a catch link is not the last of its block"
                    ));
                }
            }
            for l in self.successors(b) {
                let n = self.blocks[l.target].params.len();
                if n != l.args.len() {
                    return Err(format!(
                        "{b}: link to {} passes {} args for {} params",
                        l.target,
                        l.args.len(),
                        n
                    ));
                }
            }
        }
        if let Some(v) = defined.iter().position(|&n| n > 1) {
            return Err(format!("v{v} is defined more than once"));
        }
        // Dominance: a simple dataflow of "defined on every path" sets.
        let idx = |b: BlockId| b.as_u32() as usize;
        let nb = self.blocks.len();
        let mut avail_in: Vec<Option<Vec<bool>>> = vec![None; nb];
        if let Some(e) = self.entry {
            avail_in[idx(e)] = Some(vec![false; self.vars.len()]);
        }
        let mut changed = true;
        while changed {
            changed = false;
            for &b in &order {
                let Some(inp) = avail_in[idx(b)].clone() else {
                    continue;
                };
                let block = &self.blocks[b];
                let mut cur = inp;
                for &p in &block.params {
                    cur[p.as_u32() as usize] = true;
                }
                let n = block.ops.len();
                let mut before_last = cur.clone();
                for (i, op) in block.ops.iter().enumerate() {
                    if i + 1 == n {
                        before_last = cur.clone();
                    }
                    if let Some(r) = op.result {
                        cur[r.as_u32() as usize] = true;
                    }
                }
                let catch_target = block
                    .ops
                    .last()
                    .and_then(|o| o.catch.as_ref())
                    .map(|l| l.target);
                for l in self.successors(b) {
                    let out = if Some(l.target) == catch_target
                        && std::ptr::eq(l, block.ops.last().unwrap().catch.as_ref().unwrap())
                    {
                        &before_last
                    } else {
                        &cur
                    };
                    let t = idx(l.target);
                    let merged = match &avail_in[t] {
                        None => out.clone(),
                        Some(old) => old.iter().zip(out.iter()).map(|(a, b)| *a && *b).collect(),
                    };
                    if avail_in[t].as_ref() != Some(&merged) {
                        avail_in[t] = Some(merged);
                        changed = true;
                    }
                }
            }
        }
        for &b in &order {
            let block = &self.blocks[b];
            let mut cur = avail_in[idx(b)].clone().unwrap_or_default();
            for &p in &block.params {
                cur[p.as_u32() as usize] = true;
            }
            let n = block.ops.len();
            for (i, op) in block.ops.iter().enumerate() {
                for &a in &op.args {
                    if !cur[a.as_u32() as usize] {
                        return Err(format!(
                            "{b}: {a} used by `{}` is not defined on every path",
                            op.kind.describe()
                        ));
                    }
                }
                if let Some(c) = &op.catch {
                    for a in &c.args {
                        if let LinkArg::Var(v) = a {
                            if !cur[v.as_u32() as usize] {
                                return Err(format!(
                                    "{b}: {v} passed on a catch link is not defined on every path"
                                ));
                            }
                        }
                    }
                }
                if i + 1 < n || op.catch.is_none() {
                    if let Some(r) = op.result {
                        cur[r.as_u32() as usize] = true;
                    }
                } else if let Some(r) = op.result {
                    cur[r.as_u32() as usize] = true;
                }
            }
            let mut uses: Vec<Var> = Vec::new();
            match &block.exit {
                Exit::Jump(l) => uses.extend(link_vars(l)),
                Exit::Branch { cond, then, els } => {
                    uses.push(*cond);
                    uses.extend(link_vars(then));
                    uses.extend(link_vars(els));
                }
                Exit::Return(v, _) | Exit::Raise(v, _) => uses.push(*v),
                Exit::Unreachable => {}
            }
            for v in uses {
                if !cur[v.as_u32() as usize] {
                    return Err(format!(
                        "{b}: {v} used by the exit is not defined on every path"
                    ));
                }
            }
        }
        Ok(())
    }
}

fn link_vars(l: &Link) -> impl Iterator<Item = Var> + '_ {
    l.args.iter().filter_map(|a| match a {
        LinkArg::Var(v) => Some(*v),
        LinkArg::Exc => None,
    })
}

fn link_text(l: &Link) -> String {
    if l.args.is_empty() {
        return l.target.to_string();
    }
    let args: Vec<String> = l
        .args
        .iter()
        .map(|a| match a {
            LinkArg::Var(v) => v.to_string(),
            LinkArg::Exc => "exc".into(),
        })
        .collect();
    format!("{}({})", l.target, args.join(", "))
}

/// A stable text dump of one flow graph, for snapshots and `kiln ir --flow`.
pub fn dump_graph(g: &FlowGraph) -> String {
    let mut s = String::new();
    let var = |v: Var| -> String {
        match &g.vars[v].name {
            Some(n) => format!("{v}:{n}"),
            None => v.to_string(),
        }
    };
    for b in g.reverse_postorder() {
        let block = &g.blocks[b];
        let params: Vec<String> = block.params.iter().map(|&p| var(p)).collect();
        let _ = writeln!(s, "{b}({}):", params.join(", "));
        for op in &block.ops {
            let args: Vec<String> = op.args.iter().map(|a| a.to_string()).collect();
            let lhs = op
                .result
                .map(|r| format!("{} = ", var(r)))
                .unwrap_or_default();
            let _ = write!(s, "    {lhs}{}", op.kind.describe());
            if !args.is_empty() {
                let _ = write!(s, " {}", args.join(", "));
            }
            if let Some(c) = &op.catch {
                let _ = write!(s, " catch {}", link_text(c));
            }
            s.push('\n');
        }
        let _ = match &block.exit {
            Exit::Jump(l) => writeln!(s, "    jump {}", link_text(l)),
            Exit::Branch { cond, then, els } => writeln!(
                s,
                "    branch {cond}, {}, {}",
                link_text(then),
                link_text(els)
            ),
            Exit::Return(v, _) => writeln!(s, "    return {v}"),
            Exit::Raise(v, _) => writeln!(s, "    raise {v}"),
            Exit::Unreachable => writeln!(s, "    unreachable"),
        };
    }
    s
}

impl fmt::Display for FlowGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&dump_graph(self))
    }
}
