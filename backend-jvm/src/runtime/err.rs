//! `kiln.rt.Err`: makes the program's built-in exceptions (one factory per
//! class, named like it), turns any Java throwable into a program exception
//! (`wrap`: StackOverflowError is RecursionError, OutOfMemoryError is
//! MemoryError, a NullPointerException is the AttributeError or TypeError
//! Python raises for None), and reports an uncaught exception.

use super::{call, exc_desc, method, new_sb, raise_top, sb_append, sb_string, vcall, IO};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, DICT, FLOAT_LIST, INT_LIST, OBJ_LIST};
use crate::names::mangle;
use core_ir::BuiltinClass;

const S: &str = "Ljava/lang/String;";
const OBJ: &str = "Ljava/lang/Object;";
const RTE: &str = "Ljava/lang/RuntimeException;";

/// What a NullPointerException in a call of the named method means in
/// Python: `(method, class, message)`; `{}` stands for the method name.
const NONE_CALLS: &[(&str, BuiltinClass, &str)] = &[
    (
        "len",
        BuiltinClass::TypeError,
        "object of type 'NoneType' has no len()",
    ),
    (
        "size",
        BuiltinClass::TypeError,
        "object of type 'NoneType' has no len()",
    ),
    (
        "get",
        BuiltinClass::TypeError,
        "'NoneType' object is not subscriptable",
    ),
    (
        "slice",
        BuiltinClass::TypeError,
        "'NoneType' object is not subscriptable",
    ),
    (
        "set",
        BuiltinClass::TypeError,
        "'NoneType' object does not support item assignment",
    ),
    (
        "setslice",
        BuiltinClass::TypeError,
        "'NoneType' object does not support item assignment",
    ),
    (
        "put",
        BuiltinClass::TypeError,
        "'NoneType' object does not support item assignment",
    ),
    (
        "del",
        BuiltinClass::TypeError,
        "'NoneType' object does not support item deletion",
    ),
    (
        "delslice",
        BuiltinClass::TypeError,
        "'NoneType' object does not support item deletion",
    ),
    (
        "call",
        BuiltinClass::TypeError,
        "'NoneType' object is not callable",
    ),
    (
        "containsKey",
        BuiltinClass::TypeError,
        "argument of type 'NoneType' is not iterable",
    ),
    (
        "getOrDefault",
        BuiltinClass::AttributeError,
        "'NoneType' object has no attribute 'get'",
    ),
    (
        "hash$",
        BuiltinClass::TypeError,
        "unhashable type: 'NoneType'",
    ),
    (
        "keySet",
        BuiltinClass::AttributeError,
        "'NoneType' object has no attribute 'keys'",
    ),
    (
        "values",
        BuiltinClass::AttributeError,
        "'NoneType' object has no attribute 'values'",
    ),
    (
        "entrySet",
        BuiltinClass::AttributeError,
        "'NoneType' object has no attribute 'items'",
    ),
];

/// The class `kiln/rt/Err`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let name = super::ERR;
    let mut cw = super::utility_class(name);
    let exc = l.exception().to_string();
    let ed = exc_desc(l);
    let msg_field = mangle(message_field_name(l));
    for b in BuiltinClass::ALL {
        let class = l.builtin(b).to_string();
        method(
            &mut cw,
            PUBLIC | STATIC,
            b.name(),
            &format!("({S}){ed}"),
            |c| {
                let m = c.param(0);
                c.construct(&class, "()V", |_| {});
                c.dup();
                c.load(&m);
                c.putfield(&exc, &msg_field, S);
                c.ret(Some(&VType::obj(&class)));
            },
        )?;
    }
    method(
        &mut cw,
        PUBLIC | STATIC,
        "wrap",
        &format!("(Ljava/lang/Throwable;){ed}"),
        |c| wrap_body(c, l),
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "noneError",
        &format!("({S}){ed}"),
        |c| none_error_body(c, l),
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "raise",
        &format!("({ed}){RTE}"),
        |c| {
            let e = c.param(0);
            let bad = c.label();
            c.load(&e);
            c.branch(If::Null, bad);
            c.load(&e);
            c.ret(Some(&VType::obj(&exc)));
            c.bind(bad);
            c.sconst("exceptions must derive from BaseException");
            call(c, name, "TypeError", &format!("({S}){ed}"));
            c.ret(Some(&VType::obj(&exc)));
        },
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "internal",
        &format!("({S}){RTE}"),
        |c| {
            let m = c.param(0);
            c.construct("java/lang/IllegalStateException", &format!("({S})V"), |c| {
                c.load(&m)
            });
            c.ret(Some(&VType::obj("java/lang/IllegalStateException")));
        },
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "noAttribute",
        &format!("({OBJ}{S}){RTE}"),
        |c| {
            let (o, attr) = (c.param(0), c.param(1));
            new_sb(c);
            c.sconst("'");
            sb_append(c);
            c.load(&o);
            call(c, name, "typeName", &format!("({OBJ}){S}"));
            sb_append(c);
            c.sconst("' object has no attribute '");
            sb_append(c);
            c.load(&attr);
            sb_append(c);
            c.sconst("'");
            sb_append(c);
            sb_string(c);
            call(c, name, "AttributeError", &format!("({S}){ed}"));
            c.ret(Some(&VType::obj(&exc)));
        },
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "notInstance",
        &format!("({OBJ}{S}){RTE}"),
        |c| {
            let (o, cls) = (c.param(0), c.param(1));
            new_sb(c);
            c.sconst("'");
            sb_append(c);
            c.load(&o);
            call(c, name, "typeName", &format!("({OBJ}){S}"));
            sb_append(c);
            c.sconst("' object is not an instance of '");
            sb_append(c);
            c.load(&cls);
            sb_append(c);
            c.sconst("'");
            sb_append(c);
            sb_string(c);
            call(c, name, "TypeError", &format!("({S}){ed}"));
            c.ret(Some(&VType::obj(&exc)));
        },
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "typeName",
        &format!("({OBJ}){S}"),
        type_name_body,
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "report",
        "(Ljava/lang/Throwable;)I",
        |c| report_body(c, l),
    )?;
    cw.finish()
}

fn message_field_name<'p>(l: &Layout<'p>) -> &'p str {
    &l.prog.fields[l.prog.message_field()].name
}

fn wrap_body(c: &mut Code, l: &Layout) {
    let name = super::ERR;
    let exc = l.exception().to_string();
    let ed = exc_desc(l);
    let t = c.param(0);
    let checks: [(&str, BuiltinClass, Option<&str>); 4] = [
        (
            "java/lang/StackOverflowError",
            BuiltinClass::RecursionError,
            Some("maximum recursion depth exceeded"),
        ),
        (
            "java/lang/OutOfMemoryError",
            BuiltinClass::MemoryError,
            Some(""),
        ),
        (
            "java/lang/NegativeArraySizeException",
            BuiltinClass::MemoryError,
            Some(""),
        ),
        (
            "java/lang/ArithmeticException",
            BuiltinClass::ZeroDivisionError,
            None,
        ),
    ];
    let not_exc = c.label();
    c.load(&t);
    c.instance_of(&exc);
    c.branch(If::Eq, not_exc);
    c.load(&t);
    c.checkcast(&exc);
    c.ret(Some(&VType::obj(&exc)));
    c.bind(not_exc);
    for (class, b, msg) in checks {
        let next = c.label();
        c.load(&t);
        c.instance_of(class);
        c.branch(If::Eq, next);
        match msg {
            Some(m) => c.sconst(m),
            None => {
                c.load(&t);
                vcall(c, "java/lang/Throwable", "getMessage", &format!("(){S}"));
            }
        }
        call(c, name, b.name(), &format!("({S}){ed}"));
        c.ret(Some(&VType::obj(&exc)));
        c.bind(next);
    }
    let not_npe = c.label();
    c.load(&t);
    c.instance_of("java/lang/NullPointerException");
    c.branch(If::Eq, not_npe);
    c.load(&t);
    vcall(c, "java/lang/Throwable", "getMessage", &format!("(){S}"));
    call(c, name, "noneError", &format!("({S}){ed}"));
    c.ret(Some(&VType::obj(&exc)));
    c.bind(not_npe);
    c.load(&t);
    vcall(c, "java/lang/Object", "toString", &format!("(){S}"));
    call(c, name, "RuntimeError", &format!("({S}){ed}"));
    c.ret(Some(&VType::obj(&exc)));
}

/// The exception for a NullPointerException with JDK's helpful message `m`.
fn none_error_body(c: &mut Code, l: &Layout) {
    let name = super::ERR;
    let exc = l.exception().to_string();
    let ed = exc_desc(l);
    let m = c.param(0);
    let attr = c.local(VType::obj("java/lang/String"));
    let k = c.local(VType::Int);
    let generic = c.label();
    let attribute = c.label();
    c.load(&m);
    c.branch(If::Null, generic);
    // Cannot read field "x" / Cannot assign field "x"
    for prefix in ["Cannot read field \"", "Cannot assign field \""] {
        let next = c.label();
        c.load(&m);
        c.sconst(prefix);
        vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
        c.branch(If::Eq, next);
        c.load(&m);
        c.iconst(prefix.len() as i32);
        c.load(&m);
        c.iconst('"' as i32);
        c.iconst(prefix.len() as i32);
        vcall(c, "java/lang/String", "indexOf", "(II)I");
        vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
        c.store(&attr);
        c.goto(attribute);
        c.bind(next);
    }
    // Cannot invoke "Owner.method(...)"
    c.load(&m);
    c.sconst("Cannot invoke \"");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Eq, generic);
    c.load(&m);
    c.iconst('(' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.store(&k);
    c.load(&m);
    c.load(&m);
    c.iconst('.' as i32);
    c.load(&k);
    vcall(c, "java/lang/String", "lastIndexOf", "(II)I");
    c.iconst(1);
    c.op(Op::Iadd);
    c.load(&k);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.store(&attr);
    for (meth, b, msg) in NONE_CALLS {
        let next = c.label();
        c.load(&attr);
        c.sconst(meth);
        vcall(c, "java/lang/String", "equals", &format!("({OBJ})Z"));
        c.branch(If::Eq, next);
        c.sconst(msg);
        call(c, name, b.name(), &format!("({S}){ed}"));
        c.ret(Some(&VType::obj(&exc)));
        c.bind(next);
    }
    c.bind(attribute);
    // Class attributes are read through `ca$NAME` accessors.
    let not_ca = c.label();
    c.load(&attr);
    c.sconst("ca$");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Eq, not_ca);
    c.load(&attr);
    c.iconst(3);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    c.store(&attr);
    c.bind(not_ca);
    // A program name ends with `$` when renamed (see `names`).
    let plain = c.label();
    c.load(&attr);
    c.sconst("$");
    vcall(c, "java/lang/String", "endsWith", &format!("({S})Z"));
    c.branch(If::Eq, plain);
    c.load(&attr);
    c.iconst(0);
    c.load(&attr);
    vcall(c, "java/lang/String", "length", "()I");
    c.iconst(1);
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.store(&attr);
    c.bind(plain);
    new_sb(c);
    c.sconst("'NoneType' object has no attribute '");
    sb_append(c);
    c.load(&attr);
    sb_append(c);
    c.sconst("'");
    sb_append(c);
    sb_string(c);
    call(c, name, "AttributeError", &format!("({S}){ed}"));
    c.ret(Some(&VType::obj(&exc)));
    c.bind(generic);
    c.sconst("'NoneType' object is not subscriptable");
    raise_top(c, l, BuiltinClass::TypeError);
}

fn type_name_body(c: &mut Code) {
    let o = c.param(0);
    let known: [(&str, &str); 9] = [
        ("java/lang/String", "str"),
        (INT_LIST, "list"),
        (FLOAT_LIST, "list"),
        (OBJ_LIST, "list"),
        (DICT, "dict"),
        (crate::layout::INT_DICT, "dict"),
        ("java/lang/Long", "int"),
        ("java/lang/Double", "float"),
        ("java/lang/Boolean", "bool"),
    ];
    let none = c.label();
    c.load(&o);
    c.branch(If::Null, none);
    for (class, py) in known {
        let next = c.label();
        c.load(&o);
        c.instance_of(class);
        c.branch(If::Eq, next);
        c.sconst(py);
        c.ret(Some(&VType::obj("java/lang/String")));
        c.bind(next);
    }
    // The `name$` constant of a program class.
    let handler = c.label();
    let t = c.start_try();
    c.load(&o);
    vcall(c, "java/lang/Object", "getClass", "()Ljava/lang/Class;");
    c.sconst("name$");
    vcall(
        c,
        "java/lang/Class",
        "getField",
        &format!("({S})Ljava/lang/reflect/Field;"),
    );
    c.null();
    vcall(
        c,
        "java/lang/reflect/Field",
        "get",
        &format!("({OBJ}){OBJ}"),
    );
    c.checkcast("java/lang/String");
    c.end_try(t, handler, None);
    c.ret(Some(&VType::obj("java/lang/String")));
    c.bind(handler);
    c.pop1();
    c.load(&o);
    vcall(c, "java/lang/Object", "getClass", "()Ljava/lang/Class;");
    vcall(c, "java/lang/Class", "getSimpleName", &format!("(){S}"));
    c.ret(Some(&VType::obj("java/lang/String")));
    c.bind(none);
    c.sconst("NoneType");
    c.ret(Some(&VType::obj("java/lang/String")));
}

/// Prints `Name: message` (or `Name`) on stderr for an escaping throwable;
/// returns the exit status 1.
fn report_body(c: &mut Code, l: &Layout) {
    let name = super::ERR;
    let exc = l.exception().to_string();
    let ed = exc_desc(l);
    let t = c.param(0);
    let e = c.local(VType::obj(&exc));
    let cls = c.local(VType::obj("java/lang/String"));
    let msg = c.local(VType::obj("java/lang/String"));
    c.load(&t);
    call(c, name, "wrap", &format!("(Ljava/lang/Throwable;){ed}"));
    c.store(&e);
    c.load(&e);
    call(c, name, "typeName", &format!("({OBJ}){S}"));
    c.store(&cls);
    // No module prefix: the part after the last dot.
    c.load(&cls);
    c.load(&cls);
    c.iconst('.' as i32);
    vcall(c, "java/lang/String", "lastIndexOf", "(I)I");
    c.iconst(1);
    c.op(Op::Iadd);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    c.store(&cls);
    let str_slot = l.prog.str_method();
    let handler = c.label();
    let got = c.label();
    let tr = c.start_try();
    c.load(&e);
    c.invoke(
        Invoke::Virtual,
        &exc,
        &l.method_name(str_slot),
        &l.method_desc(str_slot),
    );
    c.store(&msg);
    c.end_try(tr, handler, None);
    c.goto(got);
    c.bind(handler);
    c.pop1();
    c.sconst("<exception str() failed>");
    c.store(&msg);
    c.bind(got);
    new_sb(c);
    c.load(&cls);
    sb_append(c);
    let line = c.label();
    c.load(&msg);
    c.branch(If::Null, line);
    c.load(&msg);
    vcall(c, "java/lang/String", "isEmpty", "()Z");
    c.branch(If::Ne, line);
    c.sconst(": ");
    sb_append(c);
    c.load(&msg);
    sb_append(c);
    c.bind(line);
    c.sconst("\n");
    sb_append(c);
    sb_string(c);
    call(c, IO, "stderrWrite", &format!("({S})V"));
    c.iconst(1);
    c.ret(Some(&VType::Int));
}
