//! Run-time values: one compact enum for every IR type.
//!
//! Scalars are stored inline; every reference type is an `Rc` (lists, dicts,
//! instances and files behind a `RefCell`, since they are mutable). `None` is
//! the null reference of every reference type. Reference cycles leak, which
//! is acceptable for a reference interpreter.

use super::dict::Dict;
use super::io::FileObj;
use super::strings::PyStr;
use crate::entities::{ClassId, FuncId};
use std::cell::RefCell;
use std::rc::Rc;

/// A run-time value.
#[derive(Clone, Debug, Default)]
pub enum Val {
    /// The null reference (`None`).
    #[default]
    None,
    /// A bool.
    Bool(bool),
    /// A signed 64-bit int.
    Int(i64),
    /// An unsigned 64-bit int.
    UInt(u64),
    /// A float.
    Float(f64),
    /// A str.
    Str(Rc<PyStr>),
    /// A list.
    List(Rc<RefCell<Vec<Val>>>),
    /// A dict.
    Dict(Rc<RefCell<Dict>>),
    /// A tuple.
    Tuple(Rc<Vec<Val>>),
    /// An instance of a class.
    Obj(Rc<Instance>),
    /// A function reference, possibly with a bound first argument.
    Func(Rc<FuncVal>),
    /// An open (or closed) file.
    File(Rc<RefCell<FileObj>>),
}

/// An instance of a class.
#[derive(Debug)]
pub struct Instance {
    /// Creation number: the identity used by `hash`.
    pub id: u64,
    /// The dynamic class.
    pub class: ClassId,
    /// Field values in layout order (`Program::all_fields`).
    pub fields: RefCell<Box<[Val]>>,
}

/// A callable value.
#[derive(Debug)]
pub enum FuncVal {
    /// `func_ref @f`.
    Plain(FuncId),
    /// `func_bind @f x` or a bound method: `f` with its first argument fixed.
    Bound(FuncId, Val),
}

impl Val {
    /// A new str value.
    pub fn str(s: PyStr) -> Val {
        Val::Str(Rc::new(s))
    }

    /// A new str value from Rust text.
    pub fn text(s: &str) -> Val {
        Val::Str(Rc::new(PyStr::from_str(s)))
    }

    /// A new list value.
    pub fn list(items: Vec<Val>) -> Val {
        Val::List(Rc::new(RefCell::new(items)))
    }

    /// Whether this is the null reference.
    pub fn is_none(&self) -> bool {
        matches!(self, Val::None)
    }

    /// Identity of two references (`is`); `None is None` holds.
    pub fn same_ref(&self, other: &Val) -> bool {
        match (self, other) {
            (Val::None, Val::None) => true,
            (Val::Str(a), Val::Str(b)) => Rc::ptr_eq(a, b),
            (Val::List(a), Val::List(b)) => Rc::ptr_eq(a, b),
            (Val::Dict(a), Val::Dict(b)) => Rc::ptr_eq(a, b),
            (Val::Tuple(a), Val::Tuple(b)) => Rc::ptr_eq(a, b),
            (Val::Obj(a), Val::Obj(b)) => Rc::ptr_eq(a, b),
            (Val::Func(a), Val::Func(b)) => Rc::ptr_eq(a, b),
            (Val::File(a), Val::File(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The Python type name used in error messages (`NoneType`, `str`, ...);
    /// instances report `object` here (callers use the class name).
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::None => "NoneType",
            Val::Bool(_) => "bool",
            Val::Int(_) | Val::UInt(_) => "int",
            Val::Float(_) => "float",
            Val::Str(_) => "str",
            Val::List(_) => "list",
            Val::Dict(_) => "dict",
            Val::Tuple(_) => "tuple",
            Val::Obj(_) => "object",
            Val::Func(_) => "function",
            Val::File(_) => "TextIOWrapper",
        }
    }
}
