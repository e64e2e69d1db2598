//! How failures travel through the interpreter: Python exceptions (already
//! built, or still a class and message), and interpreter failures.

use super::value::Val;
use super::InterpError;
use crate::program::BuiltinClass;

/// A built-in exception not yet turned into an instance: its class and `str(e)`.
#[derive(Clone, Debug, PartialEq)]
pub struct PyErr {
    /// The built-in class.
    pub class: BuiltinClass,
    /// The message (`__message__`).
    pub msg: String,
}

impl PyErr {
    /// A built-in exception of class `class` with message `msg`.
    pub fn new(class: BuiltinClass, msg: impl Into<String>) -> PyErr {
        PyErr {
            class,
            msg: msg.into(),
        }
    }
}

/// Why an operation did not complete normally.
#[derive(Debug)]
pub enum Flow {
    /// A Python exception instance is propagating.
    Exc(Val),
    /// A built-in exception, to be instantiated where it is caught.
    Py(PyErr),
    /// The interpreter cannot go on (not a Python exception); the function
    /// where it happened is not known yet.
    Fatal(String),
    /// The interpreter cannot go on, located.
    Failed(InterpError),
}

impl From<PyErr> for Flow {
    fn from(e: PyErr) -> Flow {
        Flow::Py(e)
    }
}

/// Result of an operation that may raise.
pub type R<T> = Result<T, Flow>;

/// `ZeroDivisionError` with `msg`.
pub fn zero_div(msg: &str) -> PyErr {
    PyErr::new(BuiltinClass::ZeroDivisionError, msg)
}

/// `ValueError` with `msg`.
pub fn value_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(BuiltinClass::ValueError, msg)
}

/// `OverflowError` with `msg`.
pub fn overflow(msg: &str) -> PyErr {
    PyErr::new(BuiltinClass::OverflowError, msg)
}

/// `TypeError` with `msg`.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(BuiltinClass::TypeError, msg)
}

/// `IndexError` with `msg`.
pub fn index_error(msg: &str) -> PyErr {
    PyErr::new(BuiltinClass::IndexError, msg)
}

/// `AttributeError: 'TYPE' object has no attribute 'NAME'`.
pub fn no_attribute(type_name: &str, attr: &str) -> PyErr {
    PyErr::new(
        BuiltinClass::AttributeError,
        format!("'{type_name}' object has no attribute '{attr}'"),
    )
}

/// `MemoryError` (empty message, as CPython's).
pub fn memory_error() -> PyErr {
    PyErr::new(BuiltinClass::MemoryError, "")
}

/// An interpreter failure caused by an operand of the wrong kind (only a
/// program that bypassed the verifier can get here).
pub fn confused(what: &str, got: &Val) -> Flow {
    Flow::Fatal(format!(
        "expected a {what} operand, got {}",
        got.type_name()
    ))
}
