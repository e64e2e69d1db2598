//! `kiln.rt.Dict`: what dicts (`java.util.LinkedHashMap`, insertion
//! ordered, keys and values boxed) need beyond the map's own methods:
//! KeyError with the key's repr, and `keys()`/`values()` as typed lists.

use super::{call, method, raise_top, vcall, DICT_RT, STR};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, DICT, FLOAT_LIST, INT_LIST, OBJ_LIST};
use core_ir::BuiltinClass as B;

const OBJ: &str = "Ljava/lang/Object;";
const MAP: &str = "Ljava/util/LinkedHashMap;";

/// The class `kiln/rt/Dict`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(DICT_RT);
    let ps = PUBLIC | STATIC;
    method(&mut cw, ps, "fkey", "(D)Ljava/lang/Double;", |c| {
        let x = c.param(0);
        let nz = c.label();
        c.load(&x);
        c.dconst(0.0);
        c.op(Op::Dcmpl);
        c.branch(If::Ne, nz);
        c.dconst(0.0);
        c.store(&x);
        c.bind(nz);
        c.load(&x);
        call(c, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;");
        c.ret(Some(&VType::obj("java/lang/Double")));
    })?;
    method(
        &mut cw,
        ps,
        "keyError",
        &format!("({OBJ})Ljava/lang/RuntimeException;"),
        |c| {
            let k = c.param(0);
            c.load(&k);
            call(c, STR, "reprObj", &format!("({OBJ})Ljava/lang/String;"));
            raise_top(c, l, B::KeyError);
        },
    )?;
    method(&mut cw, ps, "getitem", &format!("({MAP}{OBJ}){OBJ}"), |c| {
        let (m, k) = (c.param(0), c.param(1));
        super::none_check(
            c,
            l,
            &m,
            B::TypeError,
            "'NoneType' object is not subscriptable",
        );
        let v = c.local(VType::obj("java/lang/Object"));
        let found = c.label();
        c.load(&m);
        c.load(&k);
        vcall(c, DICT, "get", &format!("({OBJ}){OBJ}"));
        c.store(&v);
        c.load(&v);
        c.branch(If::NonNull, found);
        c.load(&m);
        c.load(&k);
        vcall(c, DICT, "containsKey", &format!("({OBJ})Z"));
        c.branch(If::Ne, found);
        key_error(c, &k);
        c.bind(found);
        c.load(&v);
        c.ret(Some(&VType::obj("java/lang/Object")));
    })?;
    for (name, ret) in [("pop", true), ("delitem", false)] {
        let desc = if ret {
            format!("({MAP}{OBJ}){OBJ}")
        } else {
            format!("({MAP}{OBJ})V")
        };
        method(&mut cw, ps, name, &desc, |c| {
            let (m, k) = (c.param(0), c.param(1));
            if ret {
                super::none_check(
                    c,
                    l,
                    &m,
                    B::AttributeError,
                    "'NoneType' object has no attribute 'pop'",
                );
            } else {
                super::none_check(
                    c,
                    l,
                    &m,
                    B::TypeError,
                    "'NoneType' object does not support item deletion",
                );
            }
            let found = c.label();
            c.load(&m);
            c.load(&k);
            vcall(c, DICT, "containsKey", &format!("({OBJ})Z"));
            c.branch(If::Ne, found);
            key_error(c, &k);
            c.bind(found);
            c.load(&m);
            c.load(&k);
            vcall(c, DICT, "remove", &format!("({OBJ}){OBJ}"));
            if ret {
                c.ret(Some(&VType::obj("java/lang/Object")));
            } else {
                c.pop1();
                c.ret(None);
            }
        })?;
    }
    for (base, view) in [("keys", "keySet"), ("values", "values")] {
        let coll = if view == "keySet" {
            "()Ljava/util/Set;"
        } else {
            "()Ljava/util/Collection;"
        };
        let none_msg = format!("'NoneType' object has no attribute '{base}'");
        method(
            &mut cw,
            ps,
            &format!("{base}Obj"),
            &format!("({MAP})L{OBJ_LIST};"),
            |c| {
                let m = c.param(0);
                super::none_check(c, l, &m, B::AttributeError, &none_msg);
                c.load(&m);
                vcall(c, DICT, view, coll);
                c.invoke(
                    Invoke::Interface,
                    "java/util/Collection",
                    "toArray",
                    "()[Ljava/lang/Object;",
                );
                call(
                    c,
                    OBJ_LIST,
                    "of",
                    &format!("([Ljava/lang/Object;)L{OBJ_LIST};"),
                );
                c.ret(Some(&VType::obj(OBJ_LIST)));
            },
        )?;
        for (suffix, boxed, unbox, udesc, list, arr) in [
            ("Long", "java/lang/Long", "longValue", "()J", INT_LIST, 'J'),
            (
                "Bool",
                "java/lang/Boolean",
                "booleanValue",
                "()Z",
                INT_LIST,
                'J',
            ),
            (
                "Double",
                "java/lang/Double",
                "doubleValue",
                "()D",
                FLOAT_LIST,
                'D',
            ),
        ] {
            let desc = format!("({MAP})L{list};");
            method(&mut cw, ps, &format!("{base}{suffix}"), &desc, |c| {
                let m = c.param(0);
                super::none_check(c, l, &m, B::AttributeError, &none_msg);
                typed_view(c, view, coll, boxed, unbox, udesc, list, arr)
            })?;
        }
    }
    for (suffix, boxed, unbox, udesc, list, arr) in [
        ("Longs", "java/lang/Long", "longValue", "()J", INT_LIST, 'J'),
        (
            "Bools",
            "java/lang/Boolean",
            "booleanValue",
            "()Z",
            INT_LIST,
            'J',
        ),
        (
            "Doubles",
            "java/lang/Double",
            "doubleValue",
            "()D",
            FLOAT_LIST,
            'D',
        ),
    ] {
        let desc = format!("([Ljava/lang/Object;)L{list};");
        method(&mut cw, ps, &format!("unbox{suffix}"), &desc, |c| {
            unbox_array(c, boxed, unbox, udesc, list, arr)
        })?;
    }
    cw.finish()
}

/// A typed list of the unboxed items of an `Object[]`.
fn unbox_array(c: &mut Code, boxed: &str, unbox: &str, udesc: &str, list: &str, arr: char) {
    let a = c.param(0);
    let out = c.local(VType::Object(format!("[{arr}")));
    let i = c.local(VType::Int);
    c.load(&a);
    c.op(Op::Arraylength);
    c.newarray(arr);
    c.store(&out);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&a);
    c.op(Op::Arraylength);
    c.branch(If::IcmpGe, done);
    c.load(&out);
    c.load(&i);
    c.load(&a);
    c.load(&i);
    c.aaload();
    c.checkcast(boxed);
    vcall(c, boxed, unbox, udesc);
    if udesc == "()Z" {
        c.op(Op::I2l);
    }
    c.op(if arr == 'D' { Op::Dastore } else { Op::Lastore });
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.load(&out);
    call(c, list, "of", &format!("([{arr})L{list};"));
    c.ret(Some(&VType::obj(list)));
}

fn key_error(c: &mut Code, k: &crate::classfile::code::Local) {
    c.load(k);
    call(
        c,
        DICT_RT,
        "keyError",
        &format!("({OBJ})Ljava/lang/RuntimeException;"),
    );
    c.op(Op::Athrow);
}

/// A typed list of the unboxed keys or values of a map.
#[allow(clippy::too_many_arguments)]
fn typed_view(
    c: &mut Code,
    view: &str,
    coll: &str,
    boxed: &str,
    unbox: &str,
    udesc: &str,
    list: &str,
    arr: char,
) {
    let m = c.param(0);
    let a = c.local(VType::Object(format!("[{arr}")));
    let it = c.local(VType::obj("java/util/Iterator"));
    let i = c.local(VType::Int);
    c.load(&m);
    vcall(c, DICT, "size", "()I");
    c.newarray(arr);
    c.store(&a);
    c.load(&m);
    vcall(c, DICT, view, coll);
    c.invoke(
        Invoke::Interface,
        "java/util/Collection",
        "iterator",
        "()Ljava/util/Iterator;",
    );
    c.store(&it);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&it);
    c.invoke(Invoke::Interface, "java/util/Iterator", "hasNext", "()Z");
    c.branch(If::Eq, done);
    c.load(&a);
    c.load(&i);
    c.load(&it);
    c.invoke(
        Invoke::Interface,
        "java/util/Iterator",
        "next",
        "()Ljava/lang/Object;",
    );
    c.checkcast(boxed);
    vcall(c, boxed, unbox, udesc);
    if udesc == "()Z" {
        c.op(Op::I2l);
    }
    c.op(if arr == 'D' { Op::Dastore } else { Op::Lastore });
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.load(&a);
    call(c, list, "of", &format!("([{arr})L{list};"));
    c.ret(Some(&VType::obj(list)));
}
