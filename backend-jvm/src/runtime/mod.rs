//! The support classes packed into every jar, written as bytecode by this
//! crate (no javac, nothing beyond the JRE): `kiln.rt.Boot` (start-up,
//! uncaught exceptions), `Err` (the program's built-in exceptions and the
//! conversion of Java throwables), `Num` (Python integer and float
//! arithmetic), `Fmt` (float repr and formatting), `Str` (str operations in
//! code points), `Uni` (Unicode character classes), the three list classes,
//! `Dict` (dict helpers), `IO` and `KFile` (files and standard streams).
//!
//! Each class is generated per program because some refer to the
//! program's own exception classes.

pub mod boot;
mod dict;
mod err;
mod files;
mod files_mode;
mod float_hash;
mod float_ops;
mod fmt;
mod fmt_parse;
mod fmt_printf;
mod int_dict;
mod io;
mod lists;
mod num;
mod pow;
mod text;
mod text_find;
mod text_repr;
mod text_search;
mod unicode;
mod unicode_table;

use crate::classfile::access::*;
use crate::classfile::code::{Code, CodeError, Finished, Invoke, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::Layout;
use core_ir::BuiltinClass;

/// `kiln/rt/Boot`
pub const BOOT: &str = "kiln/rt/Boot";
/// `kiln/rt/Err`
pub const ERR: &str = "kiln/rt/Err";
/// `kiln/rt/Num`
pub const NUM: &str = "kiln/rt/Num";
/// `kiln/rt/Fmt`
pub const FMT: &str = "kiln/rt/Fmt";
/// `kiln/rt/Str`
pub const STR: &str = "kiln/rt/Str";
/// `kiln/rt/Uni`
pub const UNI: &str = "kiln/rt/Uni";
/// `kiln/rt/Dict`
pub const DICT_RT: &str = "kiln/rt/Dict";
/// `kiln/rt/IO`
pub const IO: &str = "kiln/rt/IO";
/// `kiln/rt/PyObj`: implemented by instances and tuples (`hash$`, `repr$`).
pub const PYOBJ: &str = "kiln/rt/PyObj";

/// Finishes a runtime or glue method body (never needs wide branches:
/// these bodies are small).
pub fn finish(code: Code, what: &str) -> Result<Finished, String> {
    code.finish().map_err(|e| match e {
        CodeError::BranchTooFar => format!("`{what}`: branch too far"),
        CodeError::Other(m) => format!("`{what}`: {m}"),
    })
}

/// Adds method `name` with parameters `params` built by `body`.
pub fn method(
    cw: &mut ClassWriter,
    access: u16,
    name: &str,
    desc: &str,
    body: impl FnOnce(&mut Code),
) -> Result<(), String> {
    let (mut params, _) = crate::classfile::code::parse_method_descriptor(desc);
    if access & STATIC == 0 {
        let this = if name == "<init>" {
            VType::UninitThis
        } else {
            VType::obj(cw.name())
        };
        params.insert(0, this);
    }
    let mut code = Code::new(&mut cw.pool, &params, false);
    body(&mut code);
    let done = finish(code, name)?;
    cw.add_method(access, name, desc, Some(done));
    Ok(())
}

/// The descriptor of the program's exception root (`L.../Exception;`).
pub fn exc_desc(l: &Layout) -> String {
    format!("L{};", l.exception())
}

/// Throws built-in exception `b` with the message on top of the stack.
pub fn raise_top(c: &mut Code, l: &Layout, b: BuiltinClass) {
    c.invoke(
        Invoke::Static,
        ERR,
        b.name(),
        &format!("(Ljava/lang/String;){}", exc_desc(l)),
    );
    c.op(Op::Athrow);
}

/// Throws built-in exception `b` with message `msg`.
pub fn raise(c: &mut Code, l: &Layout, b: BuiltinClass, msg: &str) {
    c.sconst(msg);
    raise_top(c, l, b);
}

/// Shorthand for static calls.
pub fn call(c: &mut Code, owner: &str, name: &str, desc: &str) {
    c.invoke(Invoke::Static, owner, name, desc);
}

/// Shorthand for virtual calls.
pub fn vcall(c: &mut Code, owner: &str, name: &str, desc: &str) {
    c.invoke(Invoke::Virtual, owner, name, desc);
}

/// `new StringBuilder()` on the stack.
pub fn new_sb(c: &mut Code) {
    c.construct("java/lang/StringBuilder", "()V", |_| {});
}

/// `sb.append(String)` (the builder stays on the stack).
pub fn sb_append(c: &mut Code) {
    vcall(
        c,
        "java/lang/StringBuilder",
        "append",
        "(Ljava/lang/String;)Ljava/lang/StringBuilder;",
    );
}

/// `sb.append(char)` (the builder stays on the stack).
pub fn sb_append_char(c: &mut Code) {
    vcall(
        c,
        "java/lang/StringBuilder",
        "append",
        "(C)Ljava/lang/StringBuilder;",
    );
}

/// `sb.toString()`.
pub fn sb_string(c: &mut Code) {
    vcall(
        c,
        "java/lang/StringBuilder",
        "toString",
        "()Ljava/lang/String;",
    );
}

/// A public final class extending `Object` with a private constructor.
pub fn utility_class(name: &str) -> ClassWriter {
    ClassWriter::new(PUBLIC | SUPER | FINAL, name, "java/lang/Object")
}

/// Every runtime class: `(internal name, bytes)`.
/// With `relaunch`, `main` runs the program in a child JVM that compiles
/// huge methods (see [`boot::HUGE_METHOD_LIMIT`]).
pub fn classes(l: &Layout, relaunch: bool) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = vec![
        (PYOBJ.to_string(), pyobj_interface()?),
        (BOOT.to_string(), boot::class(l, relaunch)?),
        (ERR.to_string(), err::class(l)?),
        (NUM.to_string(), num::class(l)?),
        (FMT.to_string(), fmt::class(l)?),
        (STR.to_string(), text::class(l)?),
        (UNI.to_string(), unicode::class()?),
        (DICT_RT.to_string(), dict::class(l)?),
        (crate::layout::INT_DICT.to_string(), int_dict::class(l)?),
        (IO.to_string(), io::io_class(l)?),
        (crate::layout::FILE.to_string(), io::file_class()?),
    ];
    for kind in [
        crate::layout::ListKind::Int,
        crate::layout::ListKind::Float,
        crate::layout::ListKind::Obj,
    ] {
        out.push((kind.class().to_string(), lists::class(l, kind)?));
    }
    Ok(out)
}

fn pyobj_interface() -> Result<Vec<u8>, String> {
    let mut cw = ClassWriter::new(PUBLIC | INTERFACE | ABSTRACT, PYOBJ, "java/lang/Object");
    cw.add_method(PUBLIC | ABSTRACT, "hash$", "()J", None);
    cw.add_method(PUBLIC | ABSTRACT, "repr$", "()Ljava/lang/String;", None);
    cw.finish()
}

/// Raises built-in exception `b` with `msg` when reference local `x` is None.
pub fn none_check(
    c: &mut Code,
    l: &Layout,
    x: &crate::classfile::code::Local,
    b: BuiltinClass,
    msg: &str,
) {
    let ok = c.label();
    c.load(x);
    c.branch(crate::classfile::code::If::NonNull, ok);
    raise(c, l, b, msg);
    c.bind(ok);
}
