//! The annotation lattice: what the annotator knows about each variable.
//!
//! ```text
//!                            (clash: reported as an error)
//!   Int ⊇ Bool      Float ⊇ Int      UInt ⊇ Int
//!   Str?  ⊇ Str, None        List?[d] ⊇ List[d], None     Dict?[d] ⊇ Dict[d], None
//!   Instance?(C) ⊇ Instance(C), Instance(D) for D a subclass of C, None
//!   Tuple(a1..an) ⊇ Tuple(b1..bn) when each ai ⊇ bi
//!   Funcs(S) ⊇ Funcs(T) when S ⊇ T       Classes(S), Methods(C, names) likewise
//!                              Bottom (no value yet)
//! ```
//!
//! Lists and dicts are mutable, so their item types are not covariant: two
//! list annotations that meet are *unified* — their [`ListDef`]s are merged
//! (union-find) and the merged item annotation is the union of both. The same
//! holds for dicts. A `?` marks a nullable reference (may be `None`).

use crate::flow::{FuncId, ModuleId};
use std::collections::BTreeSet;

/// Index of a list definition in the union-find table.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ListDef(pub u32);

/// Index of a dict definition in the union-find table.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct DictDef(pub u32);

/// A class known to the annotator: the 16 built-in exception classes first
/// (in [`core_ir::BuiltinClass`] order), then the program's classes.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ClassKey(pub u32);

/// A JIT driver created by `JitDriver(...)` at module level.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct DriverKey(pub u32);

/// A module a name can refer to.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum ModRef {
    /// A module of the program.
    User(ModuleId),
    /// A module the toolchain knows.
    Known(KnownModule),
}

/// Modules the toolchain provides.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum KnownModule {
    /// `kiln`
    Kiln,
    /// `kiln.jit`
    KilnJit,
    /// `kiln.rarith`
    KilnRarith,
    /// `kiln.specialize` (also `from kiln import specialize`)
    KilnSpecialize,
    /// `sys`
    Sys,
    /// `os`
    Os,
    /// `math`
    Math,
    /// `time`
    Time,
    /// `_kiln_intrinsics` (the prelude's primitives)
    Intrinsics,
}

impl KnownModule {
    /// The module for a dotted import path.
    pub fn from_path(path: &str) -> Option<KnownModule> {
        Some(match path {
            "kiln" => KnownModule::Kiln,
            "kiln.jit" => KnownModule::KilnJit,
            "kiln.rarith" => KnownModule::KilnRarith,
            "kiln.specialize" => KnownModule::KilnSpecialize,
            "sys" => KnownModule::Sys,
            "os" => KnownModule::Os,
            "math" => KnownModule::Math,
            "time" => KnownModule::Time,
            "_kiln_intrinsics" => KnownModule::Intrinsics,
            _ => return None,
        })
    }

    /// The dotted name.
    pub fn name(self) -> &'static str {
        match self {
            KnownModule::Kiln => "kiln",
            KnownModule::KilnJit => "kiln.jit",
            KnownModule::KilnRarith => "kiln.rarith",
            KnownModule::KilnSpecialize => "kiln.specialize",
            KnownModule::Sys => "sys",
            KnownModule::Os => "os",
            KnownModule::Math => "math",
            KnownModule::Time => "time",
            KnownModule::Intrinsics => "_kiln_intrinsics",
        }
    }
}

/// A built-in callable: a Python built-in function or a function of a known module.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Builtin {
    Print,
    Len,
    Abs,
    Min,
    Max,
    Sum,
    Range,
    Enumerate,
    Zip,
    Reversed,
    IsInstance,
    Int,
    Float,
    Str,
    Repr,
    Bool,
    Ord,
    Chr,
    Hex,
    Hash,
    Sorted,
    List,
    Divmod,
    Open,
    Super,
    /// `math.sqrt` and friends.
    Math(MathFn),
    /// `time.time`
    TimeTime,
    /// `time.perf_counter`
    TimePerfCounter,
    /// `kiln.jit.JitDriver`
    JitDriver,
    /// `kiln.jit.promote` (and `hint(x, promote=True)`)
    Promote,
    /// `kiln.jit.hint`
    Hint,
    /// `kiln.jit.we_are_jitted`
    WeAreJitted,
    /// `kiln.jit.elidable` used as a value (only as a decorator)
    DecoratorElidable,
    /// `kiln.jit.dont_look_inside`
    DecoratorDontLookInside,
    /// `kiln.jit.unroll_safe`
    DecoratorUnrollSafe,
    /// `kiln.rarith.ovfcheck`
    Ovfcheck,
    /// `kiln.rarith.intmask`
    Intmask,
    /// `kiln.rarith.r_uint`
    RUint,
    /// `_kiln_intrinsics.char_class`
    CharClass,
    /// `_kiln_intrinsics.code_at`
    CodeAt,
    /// `_kiln_intrinsics.fmt_fixed`
    FmtFixed,
    /// `_kiln_intrinsics.fmt_exp`
    FmtExp,
    /// `_kiln_intrinsics.fmt_general`
    FmtGeneral,
    /// `staticmethod` (decorator only)
    StaticMethod,
}

/// Functions of the `math` module.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum MathFn {
    Sqrt,
    Floor,
    Ceil,
    Sin,
    Cos,
    Tan,
    Atan2,
    Exp,
    Log,
    Pow,
    Fabs,
}

/// `sys.stdout`, `sys.stderr`, `sys.stdin`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Stream {
    /// `sys.stdout`
    Stdout,
    /// `sys.stderr`
    Stderr,
    /// `sys.stdin`
    Stdin,
}

/// What the annotator knows about a value.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Ann {
    /// No value (yet): unreachable, or not flowed into so far.
    Bottom,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `r_uint`
    UInt,
    /// `float`
    Float,
    /// `str` (nullable when it may be None).
    Str {
        /// May be None.
        nullable: bool,
    },
    /// Only ever `None`.
    NoneOnly,
    /// A list.
    List {
        /// Its definition (item type).
        def: ListDef,
        /// May be None.
        nullable: bool,
    },
    /// A dict.
    Dict {
        /// Its definition (key and value types).
        def: DictDef,
        /// May be None.
        nullable: bool,
    },
    /// A tuple.
    Tuple(Vec<Ann>),
    /// An instance of a class or of a subclass.
    Instance {
        /// The most precise class known.
        class: ClassKey,
        /// May be None.
        nullable: bool,
    },
    /// One of a set of module-level functions (or static methods).
    Funcs(BTreeSet<FuncId>),
    /// A method bound to an instance of `class`, one of `names`.
    Methods {
        /// Receiver class.
        class: ClassKey,
        /// Method names.
        names: BTreeSet<String>,
    },
    /// One of a set of classes (called to instantiate).
    Classes(BTreeSet<ClassKey>),
    /// A module.
    Module(ModRef),
    /// A built-in function.
    Builtin(Builtin),
    /// A built-in method bound to a value (`items.append`): receiver, method name.
    BuiltinBound(Box<Ann>, String),
    /// A JIT driver.
    Driver(DriverKey),
    /// An open file.
    File {
        /// May be None.
        nullable: bool,
    },
    /// `sys.stdout` / `sys.stderr` / `sys.stdin`.
    Stream(Stream),
    /// `range(start, stop, step)` used as a value.
    Range,
    /// `super()` inside a method of this class.
    Super(ClassKey),
}

impl Ann {
    /// Whether `None` is among the possible values.
    pub fn is_nullable(&self) -> bool {
        match self {
            Ann::NoneOnly => true,
            Ann::Str { nullable }
            | Ann::List { nullable, .. }
            | Ann::Dict { nullable, .. }
            | Ann::Instance { nullable, .. }
            | Ann::File { nullable } => *nullable,
            _ => false,
        }
    }

    /// The same annotation without `None`.
    pub fn non_null(&self) -> Ann {
        match self.clone() {
            Ann::Str { .. } => Ann::Str { nullable: false },
            Ann::List { def, .. } => Ann::List {
                def,
                nullable: false,
            },
            Ann::Dict { def, .. } => Ann::Dict {
                def,
                nullable: false,
            },
            Ann::Instance { class, .. } => Ann::Instance {
                class,
                nullable: false,
            },
            Ann::File { .. } => Ann::File { nullable: false },
            other => other,
        }
    }

    /// The same annotation, nullable.
    pub fn with_null(&self) -> Option<Ann> {
        Some(match self.clone() {
            Ann::Str { .. } => Ann::Str { nullable: true },
            Ann::List { def, .. } => Ann::List {
                def,
                nullable: true,
            },
            Ann::Dict { def, .. } => Ann::Dict {
                def,
                nullable: true,
            },
            Ann::Instance { class, .. } => Ann::Instance {
                class,
                nullable: true,
            },
            Ann::File { .. } => Ann::File { nullable: true },
            Ann::NoneOnly => Ann::NoneOnly,
            _ => return None,
        })
    }

    /// Whether values of this annotation exist at run time (modules,
    /// built-in functions, drivers and streams are resolved statically).
    pub fn has_runtime_value(&self) -> bool {
        !matches!(
            self,
            Ann::Bottom
                | Ann::Module(_)
                | Ann::Builtin(_)
                | Ann::Driver(_)
                | Ann::Stream(_)
                | Ann::Super(_)
        )
    }

    /// Numeric annotations (usable in arithmetic).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Ann::Bool | Ann::Int | Ann::UInt | Ann::Float)
    }

    /// Integer-like annotations (bool, int, uint).
    pub fn is_intlike(&self) -> bool {
        matches!(self, Ann::Bool | Ann::Int | Ann::UInt)
    }
}
