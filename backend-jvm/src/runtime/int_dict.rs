//! `kiln.rt.IntDict`: the dict of int (and uint) keys, without boxing the
//! keys. A compact insertion-ordered table as CPython's: entries (`ks`,
//! `vs`, `dead`) in insertion order, and an open-addressing index `idx` of
//! entry numbers + 1 (0: empty slot, -1: deleted), probed linearly.
//! Deleting marks the entry dead and its slot deleted; growing first drops
//! dead entries when they are many, and rebuilds the index.
//! Values are boxed as in every dict (see [`crate::values`]).

use super::{call, method, raise_top};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Local, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, INT_DICT, INT_LIST};
use core_ir::BuiltinClass as B;

const OBJ: &str = "Ljava/lang/Object;";
const OA: &str = "[Ljava/lang/Object;";

fn get(c: &mut Code, me: &Local, field: &str, desc: &str) {
    c.load(me);
    c.getfield(INT_DICT, field, desc);
}

fn put(c: &mut Code, me: &Local, field: &str, desc: &str, value: impl FnOnce(&mut Code)) {
    c.load(me);
    value(c);
    c.putfield(INT_DICT, field, desc);
}

fn special(c: &mut Code, name: &str, desc: &str) {
    c.invoke(Invoke::Special, INT_DICT, name, desc);
}

/// The class `kiln/rt/IntDict`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = ClassWriter::new(PUBLIC | SUPER | FINAL, INT_DICT, "java/lang/Object");
    cw.add_field(PUBLIC, "unsigned", "Z");
    for (f, d) in [
        ("ks", "[J"),
        ("vs", OA),
        ("dead", "[Z"),
        ("idx", "[I"),
        ("n", "I"),
        ("size", "I"),
        ("mask", "I"),
    ] {
        cw.add_field(PRIVATE, f, d);
    }
    method(&mut cw, PUBLIC, "<init>", "()V", |c| {
        let me = c.param(0);
        c.load(&me);
        c.invoke(Invoke::Special, "java/lang/Object", "<init>", "()V");
        c.this_initialized(INT_DICT);
        c.load(&me);
        special(c, "reset", "()V");
        c.ret(None);
    })?;
    method(&mut cw, PRIVATE, "reset", "()V", |c| {
        let me = c.param(0);
        put(c, &me, "ks", "[J", |c| {
            c.iconst(8);
            c.newarray('J');
        });
        put(c, &me, "vs", OA, |c| {
            c.iconst(8);
            c.anewarray("java/lang/Object");
        });
        put(c, &me, "dead", "[Z", |c| {
            c.iconst(8);
            c.newarray('Z');
        });
        put(c, &me, "idx", "[I", |c| {
            c.iconst(16);
            c.newarray('I');
        });
        put(c, &me, "mask", "I", |c| c.iconst(15));
        put(c, &me, "n", "I", |c| c.iconst(0));
        put(c, &me, "size", "I", |c| c.iconst(0));
        c.ret(None);
    })?;
    method(&mut cw, PRIVATE | STATIC, "hash", "(J)I", |c| {
        let k = c.param(0);
        c.load(&k);
        c.lconst(0x9E37_79B9_7F4A_7C15u64 as i64);
        c.op(Op::Lmul);
        c.iconst(32);
        c.op(Op::Lushr);
        c.op(Op::L2i);
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, PRIVATE, "find", "(J)I", find_body)?;
    method(&mut cw, PRIVATE, "place", "(I)V", place_body)?;
    method(&mut cw, PRIVATE, "reindex", "(I)V", reindex_body)?;
    method(&mut cw, PRIVATE, "grow", "()V", grow_body)?;
    method(&mut cw, PUBLIC, "size", "()I", |c| {
        let me = c.param(0);
        get(c, &me, "size", "I");
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, PUBLIC, "containsKey", "(J)Z", |c| {
        let (me, k) = (c.param(0), c.param(1));
        let no = c.label();
        c.load(&me);
        c.load(&k);
        special(c, "find", "(J)I");
        c.branch(If::Lt, no);
        c.iconst(1);
        c.ret(Some(&VType::Int));
        c.bind(no);
        c.iconst(0);
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, PUBLIC, "get", &format!("(J){OBJ}"), |c| {
        let (me, k) = (c.param(0), c.param(1));
        let i = c.local(VType::Int);
        slot_or_key_error(c, l, &me, &k, &i);
        get(c, &me, "vs", OA);
        entry_of(c, &me, &i);
        c.aaload();
        c.ret(Some(&VType::obj("java/lang/Object")));
    })?;
    method(
        &mut cw,
        PUBLIC,
        "getOrDefault",
        &format!("(J{OBJ}){OBJ}"),
        |c| {
            let (me, k, d) = (c.param(0), c.param(1), c.param(2));
            let e = c.local(VType::Int);
            let absent = c.label();
            c.load(&me);
            c.load(&k);
            special(c, "find", "(J)I");
            c.store(&e);
            c.load(&e);
            c.branch(If::Lt, absent);
            get(c, &me, "vs", OA);
            entry_of(c, &me, &e);
            c.aaload();
            c.ret(Some(&VType::obj("java/lang/Object")));
            c.bind(absent);
            c.load(&d);
            c.ret(Some(&VType::obj("java/lang/Object")));
        },
    )?;
    method(&mut cw, PUBLIC, "put", &format!("(J{OBJ})V"), put_body)?;
    for (name, ret) in [("pop", true), ("del", false)] {
        let desc = if ret {
            format!("(J){OBJ}")
        } else {
            "(J)V".to_string()
        };
        method(&mut cw, PUBLIC, name, &desc, |c| {
            let (me, k) = (c.param(0), c.param(1));
            let i = c.local(VType::Int);
            let e = c.local(VType::Int);
            let v = c.local(VType::obj("java/lang/Object"));
            slot_or_key_error(c, l, &me, &k, &i);
            entry_of(c, &me, &i);
            c.store(&e);
            // the slot becomes a tombstone
            get(c, &me, "idx", "[I");
            c.load(&i);
            c.iconst(-1);
            c.op(Op::Iastore);
            get(c, &me, "vs", OA);
            c.load(&e);
            c.aaload();
            c.store(&v);
            get(c, &me, "dead", "[Z");
            c.load(&e);
            c.iconst(1);
            c.op(Op::Bastore);
            get(c, &me, "vs", OA);
            c.load(&e);
            c.null();
            c.op(Op::Aastore);
            c.load(&me);
            get(c, &me, "size", "I");
            c.iconst(1);
            c.op(Op::Isub);
            c.putfield(INT_DICT, "size", "I");
            if ret {
                c.load(&v);
                c.ret(Some(&VType::obj("java/lang/Object")));
            } else {
                c.ret(None);
            }
        })?;
    }
    method(&mut cw, PUBLIC, "clear", "()V", |c| {
        let me = c.param(0);
        c.load(&me);
        special(c, "reset", "()V");
        c.ret(None);
    })?;
    method(&mut cw, PUBLIC, "keys", &format!("()L{INT_LIST};"), |c| {
        live_entries(c, true)
    })?;
    method(&mut cw, PUBLIC, "valuesArray", &format!("(){OA}"), |c| {
        live_entries(c, false)
    })?;
    cw.finish()
}

/// Stores the index slot of key `k` in `e`, or raises KeyError.
fn slot_or_key_error(c: &mut Code, l: &Layout, me: &Local, k: &Local, e: &Local) {
    let ok = c.label();
    c.load(me);
    c.load(k);
    special(c, "find", "(J)I");
    c.store(e);
    c.load(e);
    c.branch(If::Ge, ok);
    // the key's repr: uint keys in unsigned decimal
    let signed = c.label();
    let text = c.label();
    get(c, me, "unsigned", "Z");
    c.branch(If::Eq, signed);
    c.load(k);
    call(
        c,
        "java/lang/Long",
        "toUnsignedString",
        "(J)Ljava/lang/String;",
    );
    c.goto(text);
    c.bind(signed);
    c.load(k);
    call(c, "java/lang/Long", "toString", "(J)Ljava/lang/String;");
    c.bind(text);
    raise_top(c, l, B::KeyError);
    c.bind(ok);
}

/// The index slot whose entry holds key `k`, or -1. Slots of deleted
/// entries hold -1 (keep probing); empty slots hold 0.
fn find_body(c: &mut Code) {
    let (me, k) = (c.param(0), c.param(1));
    let i = c.local(VType::Int);
    let e = c.local(VType::Int);
    c.load(&k);
    call(c, INT_DICT, "hash", "(J)I");
    get(c, &me, "mask", "I");
    c.op(Op::Iand);
    c.store(&i);
    let head = c.label();
    let next = c.label();
    let absent = c.label();
    c.bind(head);
    get(c, &me, "idx", "[I");
    c.load(&i);
    c.op(Op::Iaload);
    c.store(&e);
    c.load(&e);
    c.branch(If::Eq, absent);
    c.load(&e);
    c.branch(If::Lt, next);
    get(c, &me, "ks", "[J");
    c.load(&e);
    c.iconst(1);
    c.op(Op::Isub);
    c.op(Op::Laload);
    c.load(&k);
    c.op(Op::Lcmp);
    c.branch(If::Ne, next);
    c.load(&i);
    c.ret(Some(&VType::Int));
    c.bind(next);
    c.load(&i);
    c.iconst(1);
    c.op(Op::Iadd);
    get(c, &me, "mask", "I");
    c.op(Op::Iand);
    c.store(&i);
    c.goto(head);
    c.bind(absent);
    c.iconst(-1);
    c.ret(Some(&VType::Int));
}

/// The entry of index slot `i` (found by `find`).
fn entry_of(c: &mut Code, me: &Local, i: &Local) {
    get(c, me, "idx", "[I");
    c.load(i);
    c.op(Op::Iaload);
    c.iconst(1);
    c.op(Op::Isub);
}

/// Puts entry `e` in the first free slot of its probe sequence.
fn place_body(c: &mut Code) {
    let (me, e) = (c.param(0), c.param(1));
    let i = c.local(VType::Int);
    get(c, &me, "ks", "[J");
    c.load(&e);
    c.op(Op::Laload);
    call(c, INT_DICT, "hash", "(J)I");
    get(c, &me, "mask", "I");
    c.op(Op::Iand);
    c.store(&i);
    let head = c.label();
    let free = c.label();
    c.bind(head);
    get(c, &me, "idx", "[I");
    c.load(&i);
    c.op(Op::Iaload);
    c.branch(If::Eq, free);
    c.load(&i);
    c.iconst(1);
    c.op(Op::Iadd);
    get(c, &me, "mask", "I");
    c.op(Op::Iand);
    c.store(&i);
    c.goto(head);
    c.bind(free);
    get(c, &me, "idx", "[I");
    c.load(&i);
    c.load(&e);
    c.iconst(1);
    c.op(Op::Iadd);
    c.op(Op::Iastore);
    c.ret(None);
}

/// A new index of `len` slots (a power of two) over the live entries.
fn reindex_body(c: &mut Code) {
    let (me, len) = (c.param(0), c.param(1));
    let e = c.local(VType::Int);
    put(c, &me, "idx", "[I", |c| {
        c.load(&len);
        c.newarray('I');
    });
    put(c, &me, "mask", "I", |c| {
        c.load(&len);
        c.iconst(1);
        c.op(Op::Isub);
    });
    c.iconst(0);
    c.store(&e);
    let head = c.label();
    let done = c.label();
    let skip = c.label();
    c.bind(head);
    c.load(&e);
    get(c, &me, "n", "I");
    c.branch(If::IcmpGe, done);
    get(c, &me, "dead", "[Z");
    c.load(&e);
    c.op(Op::Baload);
    c.branch(If::Ne, skip);
    c.load(&me);
    c.load(&e);
    special(c, "place", "(I)V");
    c.bind(skip);
    c.iinc(&e, 1);
    c.goto(head);
    c.bind(done);
    c.ret(None);
}

/// Room for one more entry: drops dead entries when they are at least half,
/// else doubles the entry arrays; then rebuilds the index.
fn grow_body(c: &mut Code) {
    let me = c.param(0);
    let e = c.local(VType::Int);
    let j = c.local(VType::Int);
    let len = c.local(VType::Int);
    let double = c.label();
    let reindex = c.label();
    get(c, &me, "size", "I");
    c.iconst(2);
    c.op(Op::Imul);
    get(c, &me, "n", "I");
    c.branch(If::IcmpGt, double);
    // compact in place, keeping insertion order
    c.iconst(0);
    c.store(&j);
    c.iconst(0);
    c.store(&e);
    let head = c.label();
    let done = c.label();
    let skip = c.label();
    c.bind(head);
    c.load(&e);
    get(c, &me, "n", "I");
    c.branch(If::IcmpGe, done);
    get(c, &me, "dead", "[Z");
    c.load(&e);
    c.op(Op::Baload);
    c.branch(If::Ne, skip);
    get(c, &me, "ks", "[J");
    c.load(&j);
    get(c, &me, "ks", "[J");
    c.load(&e);
    c.op(Op::Laload);
    c.op(Op::Lastore);
    get(c, &me, "vs", OA);
    c.load(&j);
    get(c, &me, "vs", OA);
    c.load(&e);
    c.aaload();
    c.op(Op::Aastore);
    c.iinc(&j, 1);
    c.bind(skip);
    c.iinc(&e, 1);
    c.goto(head);
    c.bind(done);
    // the tail: no values kept alive, no entries dead
    get(c, &me, "vs", OA);
    c.load(&j);
    get(c, &me, "n", "I");
    c.null();
    call(
        c,
        "java/util/Arrays",
        "fill",
        "([Ljava/lang/Object;IILjava/lang/Object;)V",
    );
    get(c, &me, "dead", "[Z");
    c.iconst(0);
    get(c, &me, "n", "I");
    c.iconst(0);
    call(c, "java/util/Arrays", "fill", "([ZIIZ)V");
    put(c, &me, "n", "I", |c| c.load(&j));
    c.goto(reindex);
    c.bind(double);
    get(c, &me, "ks", "[J");
    c.op(Op::Arraylength);
    c.iconst(1);
    c.op(Op::Ishl);
    c.store(&len);
    put(c, &me, "ks", "[J", |c| {
        get(c, &me, "ks", "[J");
        c.load(&len);
        call(c, "java/util/Arrays", "copyOf", "([JI)[J");
    });
    put(c, &me, "vs", OA, |c| {
        get(c, &me, "vs", OA);
        c.load(&len);
        call(c, "java/util/Arrays", "copyOf", &format!("({OA}I){OA}"));
    });
    put(c, &me, "dead", "[Z", |c| {
        get(c, &me, "dead", "[Z");
        c.load(&len);
        call(c, "java/util/Arrays", "copyOf", "([ZI)[Z");
    });
    c.bind(reindex);
    c.load(&me);
    get(c, &me, "ks", "[J");
    c.op(Op::Arraylength);
    c.iconst(1);
    c.op(Op::Ishl);
    special(c, "reindex", "(I)V");
    c.ret(None);
}

fn put_body(c: &mut Code) {
    let (me, k, v) = (c.param(0), c.param(1), c.param(2));
    let i = c.local(VType::Int);
    let n = c.local(VType::Int);
    let absent = c.label();
    c.load(&me);
    c.load(&k);
    special(c, "find", "(J)I");
    c.store(&i);
    c.load(&i);
    c.branch(If::Lt, absent);
    get(c, &me, "vs", OA);
    entry_of(c, &me, &i);
    c.load(&v);
    c.op(Op::Aastore);
    c.ret(None);
    c.bind(absent);
    let room = c.label();
    get(c, &me, "n", "I");
    get(c, &me, "ks", "[J");
    c.op(Op::Arraylength);
    c.branch(If::IcmpLt, room);
    c.load(&me);
    special(c, "grow", "()V");
    c.bind(room);
    get(c, &me, "n", "I");
    c.store(&n);
    get(c, &me, "ks", "[J");
    c.load(&n);
    c.load(&k);
    c.op(Op::Lastore);
    get(c, &me, "vs", OA);
    c.load(&n);
    c.load(&v);
    c.op(Op::Aastore);
    get(c, &me, "dead", "[Z");
    c.load(&n);
    c.iconst(0);
    c.op(Op::Bastore);
    put(c, &me, "n", "I", |c| {
        c.load(&n);
        c.iconst(1);
        c.op(Op::Iadd);
    });
    put(c, &me, "size", "I", |c| {
        get(c, &me, "size", "I");
        c.iconst(1);
        c.op(Op::Iadd);
    });
    // index slots stay at most half full
    let placed = c.label();
    get(c, &me, "n", "I");
    c.iconst(2);
    c.op(Op::Imul);
    get(c, &me, "idx", "[I");
    c.op(Op::Arraylength);
    c.branch(If::IcmpLe, placed);
    c.load(&me);
    get(c, &me, "idx", "[I");
    c.op(Op::Arraylength);
    c.iconst(1);
    c.op(Op::Ishl);
    special(c, "reindex", "(I)V");
    c.ret(None);
    c.bind(placed);
    c.load(&me);
    c.load(&n);
    special(c, "place", "(I)V");
    c.ret(None);
}

/// The live keys (as an IntList) or values (as an `Object[]`), in order.
fn live_entries(c: &mut Code, keys: bool) {
    let me = c.param(0);
    let out = c.local(VType::obj(if keys { "[J" } else { OA }));
    let e = c.local(VType::Int);
    let j = c.local(VType::Int);
    get(c, &me, "size", "I");
    if keys {
        c.newarray('J');
    } else {
        c.anewarray("java/lang/Object");
    }
    c.store(&out);
    c.iconst(0);
    c.store(&e);
    c.iconst(0);
    c.store(&j);
    let head = c.label();
    let done = c.label();
    let skip = c.label();
    c.bind(head);
    c.load(&e);
    get(c, &me, "n", "I");
    c.branch(If::IcmpGe, done);
    get(c, &me, "dead", "[Z");
    c.load(&e);
    c.op(Op::Baload);
    c.branch(If::Ne, skip);
    c.load(&out);
    c.load(&j);
    if keys {
        get(c, &me, "ks", "[J");
        c.load(&e);
        c.op(Op::Laload);
        c.op(Op::Lastore);
    } else {
        get(c, &me, "vs", OA);
        c.load(&e);
        c.aaload();
        c.op(Op::Aastore);
    }
    c.iinc(&j, 1);
    c.bind(skip);
    c.iinc(&e, 1);
    c.goto(head);
    c.bind(done);
    c.load(&out);
    if keys {
        call(c, INT_LIST, "of", &format!("([J)L{INT_LIST};"));
        c.ret(Some(&VType::obj(INT_LIST)));
    } else {
        c.ret(Some(&VType::obj(OA)));
    }
}
