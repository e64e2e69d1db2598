//! Raising exceptions from the runtime: built-in exception instances with
//! CPython's messages are stored in `Ctx::exc`, where generated code checks
//! for them after each call that may raise.

use crate::ctx::{ctx, program, type_desc, Roots};
use crate::gc;
use crate::layout::{exc as class, slot_offset};
use crate::mem::wr;
use crate::str_obj;

/// Whether an exception is pending.
#[inline]
pub fn pending() -> bool {
    ctx().exc != 0
}

/// A new instance of built-in exception class `class` with message str `msg`.
pub fn new_builtin(class: usize, msg: usize) -> usize {
    let roots = Roots::new();
    let m = roots.push(msg);
    let tid = program().builtin_exc[class];
    let size = type_desc(tid).size as usize;
    let e = gc::alloc(tid, size);
    wr(e, slot_offset(0), roots.get(m));
    e
}

/// Raises built-in exception `class` (an index of [`crate::layout::exc`]) with `msg`.
pub fn raise(class: usize, msg: &str) {
    let s = str_obj::from_str(msg);
    raise_str(class, s);
}

/// Raises built-in exception `class` with the message str `msg`.
pub fn raise_str(class: usize, msg: usize) {
    let e = new_builtin(class, msg);
    ctx().exc = e;
}

/// Raises MemoryError (empty message).
pub fn memory_error() {
    raise(class::MEMORY_ERROR, "");
}

/// `raise` of generated code for a built-in error: class index and message str.
#[no_mangle]
pub extern "C" fn kiln_raise(class: u64, msg: usize) {
    raise_str(class as usize, msg);
}

/// RecursionError raised by the stack-depth check of generated code.
#[no_mangle]
pub extern "C" fn kiln_raise_recursion() {
    // Give the raising code some room: the check fired close to the limit.
    let c = ctx();
    let saved = c.stack_limit;
    c.stack_limit = 0;
    raise(class::RECURSION_ERROR, "maximum recursion depth exceeded");
    ctx().stack_limit = saved;
}

/// `raise None`: TypeError.
#[no_mangle]
pub extern "C" fn kiln_raise_none() {
    raise(
        class::TYPE_ERROR,
        "exceptions must derive from BaseException",
    );
}

fn class_name(x: usize) -> String {
    let d = type_desc(crate::mem::tid(x));
    // SAFETY: `name` has `name_len` bytes of UTF-8.
    let b = unsafe { std::slice::from_raw_parts(d.name, d.name_len as usize) };
    String::from_utf8_lossy(b).into_owned()
}

/// AttributeError "'C' object has no attribute 'NAME'" for instance `x`
/// (or `NoneType` when `x` is None).
#[no_mangle]
pub extern "C" fn kiln_raise_no_attr(x: usize, name: usize) {
    let cls = if x == 0 {
        "NoneType".to_string()
    } else {
        class_name(x)
    };
    let n = str_obj::to_lossy(name);
    raise(
        class::ATTRIBUTE_ERROR,
        &format!("'{cls}' object has no attribute '{n}'"),
    );
}

/// TypeError of a failed `downcast` of instance `x` to the class named `target`.
#[no_mangle]
pub extern "C" fn kiln_raise_not_instance(x: usize, target: usize) {
    let t = str_obj::to_lossy(target);
    raise(
        class::TYPE_ERROR,
        &format!("'{}' object is not an instance of '{t}'", class_name(x)),
    );
}
