//! One final class per IR tuple type: fields `f0`, `f1`, ... of the item
//! types, a constructor taking them in order, Python equality and hash
//! (`equals`/`hashCode` for dict keys, `hash$` for `hash()`, computed as
//! CPython 3.11 combines item hashes), `repr$` for `KeyError` messages, and
//! for pairs the static `items$` that builds `dict.items()`.

use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, DICT, INT_DICT, INT_LIST, OBJECT, OBJ_LIST};
use crate::runtime::{finish, PYOBJ};
use crate::values;
use core_ir::{Type, TypeData};

const S: &str = "Ljava/lang/String;";

/// The classfile of tuple type `t`.
pub fn class_file(l: &Layout, t: Type) -> Result<Vec<u8>, String> {
    let name = l.tuple_class(t).to_string();
    let items = l.prog.types.tuple_items(t).unwrap_or(&[]).to_vec();
    let mut cw = ClassWriter::new(PUBLIC | SUPER | FINAL, &name, OBJECT);
    cw.add_interface(PYOBJ);
    let descs: Vec<String> = items.iter().map(|&x| l.desc(x)).collect();
    for (k, d) in descs.iter().enumerate() {
        cw.add_field(PUBLIC | FINAL, &format!("f{k}"), d);
    }
    let this = VType::obj(&name);
    // Constructor.
    let mut ps = vec![VType::UninitThis];
    ps.extend(items.iter().map(|&x| l.vtype(x)));
    let mut code = Code::new(&mut cw.pool, &ps, false);
    let me = code.param(0);
    code.load(&me);
    code.invoke(Invoke::Special, OBJECT, "<init>", "()V");
    code.this_initialized(&name);
    for (k, d) in descs.iter().enumerate() {
        code.load(&me);
        let p = code.param(k + 1);
        code.load(&p);
        code.putfield(&name, &format!("f{k}"), d);
    }
    code.ret(None);
    let done = finish(code, "<init>")?;
    cw.add_method(
        PUBLIC,
        "<init>",
        &format!("({})V", descs.concat()),
        Some(done),
    );

    // equals
    let mut code = Code::new(&mut cw.pool, &[this.clone(), VType::obj(OBJECT)], false);
    let (me, other) = (code.param(0), code.param(1));
    let o = code.local(this.clone());
    let no = code.label();
    code.load(&other);
    code.instance_of(&name);
    code.branch(If::Eq, no);
    code.load(&other);
    code.checkcast(&name);
    code.store(&o);
    for (k, (&it, d)) in items.iter().zip(&descs).enumerate() {
        let f = format!("f{k}");
        code.load(&me);
        code.getfield(&name, &f, d);
        code.load(&o);
        code.getfield(&name, &f, d);
        match l.prog.types.get(it) {
            TypeData::Int | TypeData::UInt => {
                code.op(Op::Lcmp);
                code.branch(If::Ne, no);
            }
            TypeData::Float => {
                code.op(Op::Dcmpl);
                code.branch(If::Ne, no);
            }
            TypeData::Bool => code.branch(If::IcmpNe, no),
            _ => {
                code.invoke(
                    Invoke::Static,
                    "java/util/Objects",
                    "equals",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Z",
                );
                code.branch(If::Eq, no);
            }
        }
    }
    code.iconst(1);
    code.ret(Some(&VType::Int));
    code.bind(no);
    code.iconst(0);
    code.ret(Some(&VType::Int));
    let done = finish(code, "equals")?;
    cw.add_method(PUBLIC, "equals", "(Ljava/lang/Object;)Z", Some(done));

    // hash$: CPython 3.11's tuplehash.
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&this), false);
    let me = code.param(0);
    let acc = code.local(VType::Long);
    code.lconst(P5 as i64);
    code.store(&acc);
    for (k, (&it, d)) in items.iter().zip(&descs).enumerate() {
        code.load(&acc);
        code.load(&me);
        code.getfield(&name, &format!("f{k}"), d);
        values::hash_top(&mut code, l, it);
        code.lconst(P2 as i64);
        code.op(Op::Lmul);
        code.op(Op::Ladd);
        code.iconst(31);
        code.invoke(Invoke::Static, "java/lang/Long", "rotateLeft", "(JI)J");
        code.lconst(P1 as i64);
        code.op(Op::Lmul);
        code.store(&acc);
    }
    code.load(&acc);
    code.lconst((items.len() as u64 ^ (P5 ^ 3_527_539)) as i64);
    code.op(Op::Ladd);
    code.invoke(Invoke::Static, crate::runtime::NUM, "fixTupleHash", "(J)J");
    code.ret(Some(&VType::Long));
    let done = finish(code, "hash$")?;
    cw.add_method(PUBLIC, "hash$", "()J", Some(done));

    // hashCode
    let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&this), false);
    let me = code.param(0);
    code.load(&me);
    code.invoke(Invoke::Virtual, &name, "hash$", "()J");
    code.invoke(Invoke::Static, "java/lang/Long", "hashCode", "(J)I");
    code.ret(Some(&VType::Int));
    let done = finish(code, "hashCode")?;
    cw.add_method(PUBLIC, "hashCode", "()I", Some(done));

    // repr$
    let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&this), false);
    let me = code.param(0);
    code.construct("java/lang/StringBuilder", "()V", |_| {});
    let append = |code: &mut Code| {
        code.invoke(
            Invoke::Virtual,
            "java/lang/StringBuilder",
            "append",
            &format!("({S})Ljava/lang/StringBuilder;"),
        )
    };
    code.sconst("(");
    append(&mut code);
    for (k, (&it, d)) in items.iter().zip(&descs).enumerate() {
        if k > 0 {
            code.sconst(", ");
            append(&mut code);
        }
        code.load(&me);
        code.getfield(&name, &format!("f{k}"), d);
        values::repr_top(&mut code, l, it);
        append(&mut code);
    }
    code.sconst(if items.len() == 1 { ",)" } else { ")" });
    append(&mut code);
    code.invoke(
        Invoke::Virtual,
        "java/lang/StringBuilder",
        "toString",
        &format!("(){S}"),
    );
    code.ret(Some(&VType::obj("java/lang/String")));
    let done = finish(code, "repr$")?;
    cw.add_method(PUBLIC, "repr$", &format!("(){S}"), Some(done));

    if items.len() == 2 {
        if l.int_keyed(items[0]) {
            int_items_method(l, &mut cw, &name, &items, &descs)?;
        } else {
            items_method(l, &mut cw, &name, &items, &descs)?;
        }
    }
    cw.finish()
}

/// `static ObjList items$(LinkedHashMap d)`: the `(key, value)` pairs of `d`.
fn items_method(
    l: &Layout,
    cw: &mut ClassWriter,
    name: &str,
    items: &[Type],
    descs: &[String],
) -> Result<(), String> {
    let mut code = Code::new(&mut cw.pool, &[VType::obj(DICT)], false);
    let d = code.param(0);
    let out = code.local(VType::obj(OBJ_LIST));
    let it = code.local(VType::obj("java/util/Iterator"));
    let e = code.local(VType::obj("java/util/Map$Entry"));
    code.construct(OBJ_LIST, "()V", |_| {});
    code.store(&out);
    code.load(&d);
    code.invoke(Invoke::Virtual, DICT, "entrySet", "()Ljava/util/Set;");
    code.invoke(
        Invoke::Interface,
        "java/util/Set",
        "iterator",
        "()Ljava/util/Iterator;",
    );
    code.store(&it);
    let head = code.label();
    let done_l = code.label();
    code.bind(head);
    code.load(&it);
    code.invoke(Invoke::Interface, "java/util/Iterator", "hasNext", "()Z");
    code.branch(If::Eq, done_l);
    code.load(&it);
    code.invoke(
        Invoke::Interface,
        "java/util/Iterator",
        "next",
        "()Ljava/lang/Object;",
    );
    code.checkcast("java/util/Map$Entry");
    code.store(&e);
    code.load(&out);
    code.new_obj(name);
    code.dup();
    for (k, getter) in ["getKey", "getValue"].iter().enumerate() {
        code.load(&e);
        code.invoke(
            Invoke::Interface,
            "java/util/Map$Entry",
            getter,
            "()Ljava/lang/Object;",
        );
        values::unbox_value(&mut code, l, items[k]);
    }
    code.invoke(
        Invoke::Special,
        name,
        "<init>",
        &format!("({})V", descs.concat()),
    );
    code.invoke(Invoke::Virtual, OBJ_LIST, "append", "(Ljava/lang/Object;)V");
    code.goto(head);
    code.bind(done_l);
    code.load(&out);
    code.ret(Some(&VType::obj(OBJ_LIST)));
    let done = finish(code, "items$")?;
    cw.add_method(
        PUBLIC | STATIC,
        "items$",
        &format!("(L{DICT};)L{OBJ_LIST};"),
        Some(done),
    );
    Ok(())
}

/// `static ObjList items$(IntDict d)`: the `(key, value)` pairs of `d`.
fn int_items_method(
    l: &Layout,
    cw: &mut ClassWriter,
    name: &str,
    items: &[Type],
    descs: &[String],
) -> Result<(), String> {
    let mut code = Code::new(&mut cw.pool, &[VType::obj(INT_DICT)], false);
    let d = code.param(0);
    let out = code.local(VType::obj(OBJ_LIST));
    let ks = code.local(VType::obj(INT_LIST));
    let vs = code.local(VType::obj("[Ljava/lang/Object;"));
    let i = code.local(VType::Int);
    crate::runtime::none_check(
        &mut code,
        l,
        &d,
        core_ir::BuiltinClass::AttributeError,
        "'NoneType' object has no attribute 'items'",
    );
    code.construct(OBJ_LIST, "()V", |_| {});
    code.store(&out);
    code.load(&d);
    code.invoke(
        Invoke::Virtual,
        INT_DICT,
        "keys",
        &format!("()L{INT_LIST};"),
    );
    code.store(&ks);
    code.load(&d);
    code.invoke(
        Invoke::Virtual,
        INT_DICT,
        "valuesArray",
        "()[Ljava/lang/Object;",
    );
    code.store(&vs);
    code.iconst(0);
    code.store(&i);
    let head = code.label();
    let done = code.label();
    code.bind(head);
    code.load(&i);
    code.load(&vs);
    code.op(Op::Arraylength);
    code.branch(If::IcmpGe, done);
    code.load(&out);
    code.new_obj(name);
    code.dup();
    code.load(&ks);
    code.getfield(INT_LIST, "a", "[J");
    code.load(&i);
    code.op(Op::Laload);
    code.load(&vs);
    code.load(&i);
    code.aaload();
    values::unbox_value(&mut code, l, items[1]);
    code.invoke(
        Invoke::Special,
        name,
        "<init>",
        &format!("({})V", descs.concat()),
    );
    code.invoke(Invoke::Virtual, OBJ_LIST, "append", "(Ljava/lang/Object;)V");
    code.iinc(&i, 1);
    code.goto(head);
    code.bind(done);
    code.load(&out);
    code.ret(Some(&VType::obj(OBJ_LIST)));
    let done = finish(code, "items$")?;
    cw.add_method(
        PUBLIC | STATIC,
        "items$",
        &format!("(L{INT_DICT};)L{OBJ_LIST};"),
        Some(done),
    );
    Ok(())
}
