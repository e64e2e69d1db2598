//! The list classes `kiln.rt.IntList` (`long[]`), `FloatList` (`double[]`)
//! and `ObjList` (`Object[]`), generated from one description: a growable
//! array `a` with length `n`, and Python's list operations with CPython's
//! errors (negative indexes, slice bound clamping, aliasing-safe slice
//! assignment and extend).

use super::{call, method, raise};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, ListKind};
use core_ir::BuiltinClass as B;

struct Kind {
    class: &'static str,
    /// Item descriptor.
    item: &'static str,
    /// Array descriptor.
    arr: &'static str,
    load: Op,
    store: Op,
    obj: bool,
}

fn kind(k: ListKind) -> Kind {
    match k {
        ListKind::Int => Kind {
            class: k.class(),
            item: "J",
            arr: "[J",
            load: Op::Laload,
            store: Op::Lastore,
            obj: false,
        },
        ListKind::Float => Kind {
            class: k.class(),
            item: "D",
            arr: "[D",
            load: Op::Daload,
            store: Op::Dastore,
            obj: false,
        },
        ListKind::Obj => Kind {
            class: k.class(),
            item: "Ljava/lang/Object;",
            arr: "[Ljava/lang/Object;",
            load: Op::Laload, // unused: aaload
            store: Op::Aastore,
            obj: true,
        },
    }
}

impl Kind {
    fn item_vtype(&self) -> VType {
        VType::from_descriptor(self.item)
    }

    fn new_array(&self, c: &mut Code) {
        match self.item {
            "J" => c.newarray('J'),
            "D" => c.newarray('D'),
            _ => c.anewarray("java/lang/Object"),
        }
    }

    fn aload(&self, c: &mut Code) {
        if self.obj {
            c.aaload();
        } else {
            c.op(self.load);
        }
    }

    /// `this.a`
    fn arr(&self, c: &mut Code, me: &Local) {
        c.load(me);
        c.getfield(self.class, "a", self.arr);
    }

    /// `this.n`
    fn n(&self, c: &mut Code, me: &Local) {
        c.load(me);
        c.getfield(self.class, "n", "I");
    }

    /// `System.arraycopy(src, sp, dst, dp, len)` with the five on the stack.
    fn arraycopy(&self, c: &mut Code) {
        call(
            c,
            "java/lang/System",
            "arraycopy",
            "(Ljava/lang/Object;ILjava/lang/Object;II)V",
        );
    }

    /// Clears slots `[from, to)` of an object array so they hold no garbage.
    fn clear(&self, c: &mut Code, me: &Local, from: &Local, to: &Local) {
        if !self.obj {
            return;
        }
        self.arr(c, me);
        c.load(from);
        c.load(to);
        c.null();
        call(
            c,
            "java/util/Arrays",
            "fill",
            "([Ljava/lang/Object;IILjava/lang/Object;)V",
        );
    }
}

/// The list class of kind `k`.
pub fn class(l: &Layout, k: ListKind) -> Result<Vec<u8>, String> {
    let kd = kind(k);
    let name = kd.class;
    let me_desc = format!("L{name};");
    let mut cw =
        crate::classfile::ClassWriter::new(PUBLIC | SUPER | FINAL, name, "java/lang/Object");
    cw.add_field(PUBLIC, "a", kd.arr);
    cw.add_field(PUBLIC, "n", "I");
    let iv = kd.item_vtype();
    method(&mut cw, PUBLIC, "<init>", "()V", |c| {
        let me = c.param(0);
        c.load(&me);
        c.invoke(
            crate::classfile::code::Invoke::Special,
            "java/lang/Object",
            "<init>",
            "()V",
        );
        c.this_initialized(name);
        c.load(&me);
        c.iconst(4);
        kd.new_array(c);
        c.putfield(name, "a", kd.arr);
        c.ret(None);
    })?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "of",
        &format!("({}){me_desc}", kd.arr),
        |c| {
            let arr = c.param(0);
            let out = c.local(VType::obj(name));
            c.construct(name, "()V", |_| {});
            c.store(&out);
            c.load(&out);
            c.load(&arr);
            c.putfield(name, "a", kd.arr);
            c.load(&out);
            c.load(&arr);
            c.op(Op::Arraylength);
            c.putfield(name, "n", "I");
            c.load(&out);
            c.ret(Some(&VType::obj(name)));
        },
    )?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "filled",
        &format!("(J{}){me_desc}", kd.item),
        |c| {
            let (n, v) = (c.param(0), c.param(1));
            let arr = c.local(VType::obj(kd.arr));
            let pos = c.label();
            let ok = c.label();
            c.load(&n);
            c.lconst(0);
            c.op(Op::Lcmp);
            c.branch(If::Gt, pos);
            c.lconst(0);
            c.store(&n);
            c.bind(pos);
            c.load(&n);
            c.lconst((1 << 31) - 16);
            c.op(Op::Lcmp);
            c.branch(If::Le, ok);
            raise(c, l, B::MemoryError, "");
            c.bind(ok);
            c.load(&n);
            c.op(Op::L2i);
            kd.new_array(c);
            c.store(&arr);
            c.load(&arr);
            c.load(&v);
            call(
                c,
                "java/util/Arrays",
                "fill",
                &format!("({}{})V", kd.arr, kd.item),
            );
            c.load(&arr);
            call(c, name, "of", &format!("({}){me_desc}", kd.arr));
            c.ret(Some(&VType::obj(name)));
        },
    )?;
    method(&mut cw, PUBLIC, "len", "()J", |c| {
        let me = c.param(0);
        kd.n(c, &me);
        c.op(Op::I2l);
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, PRIVATE, "index", "(JLjava/lang/String;)I", |c| {
        let (me, i, msg) = (c.param(0), c.param(1), c.param(2));
        let j = c.local(VType::Long);
        let pos = c.label();
        let bad = c.label();
        c.load(&i);
        c.store(&j);
        c.load(&i);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Ge, pos);
        c.load(&i);
        kd.n(c, &me);
        c.op(Op::I2l);
        c.op(Op::Ladd);
        c.store(&j);
        c.bind(pos);
        c.load(&j);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, bad);
        c.load(&j);
        kd.n(c, &me);
        c.op(Op::I2l);
        c.op(Op::Lcmp);
        c.branch(If::Ge, bad);
        c.load(&j);
        c.op(Op::L2i);
        c.ret(Some(&VType::Int));
        c.bind(bad);
        c.load(&msg);
        super::raise_top(c, l, B::IndexError);
    })?;
    let index = |c: &mut Code, me: &Local, i: &Local, msg: &str| {
        c.load(me);
        c.load(i);
        c.sconst(msg);
        c.invoke(
            crate::classfile::code::Invoke::Special,
            name,
            "index",
            "(JLjava/lang/String;)I",
        );
    };
    method(&mut cw, PUBLIC, "get", &format!("(J){}", kd.item), |c| {
        let (me, i) = (c.param(0), c.param(1));
        kd.arr(c, &me);
        index(c, &me, &i, "list index out of range");
        kd.aload(c);
        c.ret(Some(&iv));
    })?;
    method(&mut cw, PUBLIC, "set", &format!("(J{})V", kd.item), |c| {
        let (me, i, v) = (c.param(0), c.param(1), c.param(2));
        kd.arr(c, &me);
        index(c, &me, &i, "list assignment index out of range");
        c.load(&v);
        c.op(kd.store);
        c.ret(None);
    })?;
    method(&mut cw, PRIVATE, "ensure", "(I)V", |c| {
        // capacity for `want` items
        let (me, want) = (c.param(0), c.param(1));
        let done = c.label();
        c.load(&want);
        kd.arr(c, &me);
        c.op(Op::Arraylength);
        c.branch(If::IcmpLe, done);
        c.load(&me);
        kd.arr(c, &me);
        c.load(&want);
        kd.arr(c, &me);
        c.op(Op::Arraylength);
        c.iconst(1);
        c.op(Op::Ishl);
        call(c, "java/lang/Math", "max", "(II)I");
        c.iconst(8);
        call(c, "java/lang/Math", "max", "(II)I");
        call(
            c,
            "java/util/Arrays",
            "copyOf",
            &format!("({}I){}", kd.arr, kd.arr),
        );
        c.putfield(name, "a", kd.arr);
        c.bind(done);
        c.ret(None);
    })?;
    let ensure = |c: &mut Code, me: &Local| {
        c.invoke(
            crate::classfile::code::Invoke::Special,
            name,
            "ensure",
            "(I)V",
        );
        let _ = me;
    };
    method(&mut cw, PUBLIC, "append", &format!("({})V", kd.item), |c| {
        let (me, v) = (c.param(0), c.param(1));
        let n = c.local(VType::Int);
        kd.n(c, &me);
        c.store(&n);
        let room = c.label();
        c.load(&n);
        kd.arr(c, &me);
        c.op(Op::Arraylength);
        c.branch(If::IcmpLt, room);
        c.load(&me);
        c.load(&n);
        c.iconst(1);
        c.op(Op::Iadd);
        ensure(c, &me);
        c.bind(room);
        kd.arr(c, &me);
        c.load(&n);
        c.load(&v);
        c.op(kd.store);
        c.load(&me);
        c.load(&n);
        c.iconst(1);
        c.op(Op::Iadd);
        c.putfield(name, "n", "I");
        c.ret(None);
    })?;
    // Removes item j (an int local), shifting the tail down.
    let remove_at = |c: &mut Code, me: &Local, j: &Local| {
        let n = c.local(VType::Int);
        kd.n(c, me);
        c.iconst(1);
        c.op(Op::Isub);
        c.store(&n);
        kd.arr(c, me);
        c.load(j);
        c.iconst(1);
        c.op(Op::Iadd);
        kd.arr(c, me);
        c.load(j);
        c.load(&n);
        c.load(j);
        c.op(Op::Isub);
        kd.arraycopy(c);
        c.load(me);
        c.load(&n);
        c.putfield(name, "n", "I");
        if kd.obj {
            kd.arr(c, me);
            c.load(&n);
            c.null();
            c.op(Op::Aastore);
        }
    };
    method(&mut cw, PUBLIC, "pop", &format!("(J){}", kd.item), |c| {
        let (me, i) = (c.param(0), c.param(1));
        let j = c.local(VType::Int);
        let v = c.local(iv.clone());
        let nonempty = c.label();
        kd.n(c, &me);
        c.branch(If::Ne, nonempty);
        raise(c, l, B::IndexError, "pop from empty list");
        c.bind(nonempty);
        index(c, &me, &i, "pop index out of range");
        c.store(&j);
        kd.arr(c, &me);
        c.load(&j);
        kd.aload(c);
        c.store(&v);
        remove_at(c, &me, &j);
        c.load(&v);
        c.ret(Some(&iv));
    })?;
    method(&mut cw, PUBLIC, "del", "(J)V", |c| {
        let (me, i) = (c.param(0), c.param(1));
        let j = c.local(VType::Int);
        index(c, &me, &i, "list assignment index out of range");
        c.store(&j);
        remove_at(c, &me, &j);
        c.ret(None);
    })?;
    method(
        &mut cw,
        PUBLIC,
        "insert",
        &format!("(J{})V", kd.item),
        |c| {
            let (me, i, v) = (c.param(0), c.param(1), c.param(2));
            let j = c.local(VType::Int);
            let n = c.local(VType::Int);
            kd.n(c, &me);
            c.store(&n);
            c.load(&i);
            c.load(&n);
            call(c, super::STR, "adj", "(JI)I");
            c.store(&j);
            c.load(&me);
            c.load(&n);
            c.iconst(1);
            c.op(Op::Iadd);
            ensure(c, &me);
            kd.arr(c, &me);
            c.load(&j);
            kd.arr(c, &me);
            c.load(&j);
            c.iconst(1);
            c.op(Op::Iadd);
            c.load(&n);
            c.load(&j);
            c.op(Op::Isub);
            kd.arraycopy(c);
            kd.arr(c, &me);
            c.load(&j);
            c.load(&v);
            c.op(kd.store);
            c.load(&me);
            c.load(&n);
            c.iconst(1);
            c.op(Op::Iadd);
            c.putfield(name, "n", "I");
            c.ret(None);
        },
    )?;
    // lo/hi → int locals a, b with a <= b
    let bounds = |c: &mut Code, me: &Local, lo: &Local, hi: &Local| -> (Local, Local) {
        let a = c.local(VType::Int);
        let b = c.local(VType::Int);
        c.load(lo);
        kd.n(c, me);
        call(c, super::STR, "adj", "(JI)I");
        c.store(&a);
        c.load(hi);
        kd.n(c, me);
        call(c, super::STR, "adj", "(JI)I");
        c.load(&a);
        call(c, "java/lang/Math", "max", "(II)I");
        c.store(&b);
        (a, b)
    };
    method(&mut cw, PUBLIC, "slice", &format!("(JJ){me_desc}"), |c| {
        let (me, lo, hi) = (c.param(0), c.param(1), c.param(2));
        let (a, b) = bounds(c, &me, &lo, &hi);
        kd.arr(c, &me);
        c.load(&a);
        c.load(&b);
        call(
            c,
            "java/util/Arrays",
            "copyOfRange",
            &format!("({}II){}", kd.arr, kd.arr),
        );
        call(c, name, "of", &format!("({}){me_desc}", kd.arr));
        c.ret(Some(&VType::obj(name)));
    })?;
    method(
        &mut cw,
        PUBLIC,
        "setslice",
        &format!("(JJ{me_desc})V"),
        |c| {
            let (me, lo, hi, other) = (c.param(0), c.param(1), c.param(2), c.param(3));
            let src = c.local(VType::obj(kd.arr));
            let m = c.local(VType::Int);
            let newn = c.local(VType::Int);
            let oldn = c.local(VType::Int);
            let ok = c.label();
            c.load(&other);
            c.branch(If::NonNull, ok);
            raise(c, l, B::TypeError, "can only assign an iterable");
            c.bind(ok);
            c.load(&other);
            c.getfield(name, "a", kd.arr);
            c.load(&other);
            c.getfield(name, "n", "I");
            call(
                c,
                "java/util/Arrays",
                "copyOf",
                &format!("({}I){}", kd.arr, kd.arr),
            );
            c.store(&src);
            c.load(&src);
            c.op(Op::Arraylength);
            c.store(&m);
            let (a, b) = bounds(c, &me, &lo, &hi);
            kd.n(c, &me);
            c.store(&oldn);
            c.load(&oldn);
            c.load(&b);
            c.load(&a);
            c.op(Op::Isub);
            c.op(Op::Isub);
            c.load(&m);
            c.op(Op::Iadd);
            c.store(&newn);
            c.load(&me);
            c.load(&newn);
            ensure(c, &me);
            // tail: a[b..oldn] → a[a+m..]
            kd.arr(c, &me);
            c.load(&b);
            kd.arr(c, &me);
            c.load(&a);
            c.load(&m);
            c.op(Op::Iadd);
            c.load(&oldn);
            c.load(&b);
            c.op(Op::Isub);
            kd.arraycopy(c);
            c.load(&src);
            c.iconst(0);
            kd.arr(c, &me);
            c.load(&a);
            c.load(&m);
            kd.arraycopy(c);
            let no_clear = c.label();
            c.load(&newn);
            c.load(&oldn);
            c.branch(If::IcmpGe, no_clear);
            kd.clear(c, &me, &newn, &oldn);
            c.bind(no_clear);
            c.load(&me);
            c.load(&newn);
            c.putfield(name, "n", "I");
            c.ret(None);
        },
    )?;
    method(&mut cw, PUBLIC, "delslice", "(JJ)V", |c| {
        let (me, lo, hi) = (c.param(0), c.param(1), c.param(2));
        let oldn = c.local(VType::Int);
        let newn = c.local(VType::Int);
        let (a, b) = bounds(c, &me, &lo, &hi);
        kd.n(c, &me);
        c.store(&oldn);
        kd.arr(c, &me);
        c.load(&b);
        kd.arr(c, &me);
        c.load(&a);
        c.load(&oldn);
        c.load(&b);
        c.op(Op::Isub);
        kd.arraycopy(c);
        c.load(&oldn);
        c.load(&b);
        c.load(&a);
        c.op(Op::Isub);
        c.op(Op::Isub);
        c.store(&newn);
        kd.clear(c, &me, &newn, &oldn);
        c.load(&me);
        c.load(&newn);
        c.putfield(name, "n", "I");
        c.ret(None);
    })?;
    method(&mut cw, PUBLIC, "extend", &format!("({me_desc})V"), |c| {
        let (me, other) = (c.param(0), c.param(1));
        let m = c.local(VType::Int);
        let n = c.local(VType::Int);
        let ok = c.label();
        c.load(&other);
        c.branch(If::NonNull, ok);
        raise(c, l, B::TypeError, "'NoneType' object is not iterable");
        c.bind(ok);
        c.load(&other);
        c.getfield(name, "n", "I");
        c.store(&m);
        kd.n(c, &me);
        c.store(&n);
        c.load(&me);
        c.load(&n);
        c.load(&m);
        c.op(Op::Iadd);
        ensure(c, &me);
        c.load(&other);
        c.getfield(name, "a", kd.arr);
        c.iconst(0);
        kd.arr(c, &me);
        c.load(&n);
        c.load(&m);
        kd.arraycopy(c);
        c.load(&me);
        c.load(&n);
        c.load(&m);
        c.op(Op::Iadd);
        c.putfield(name, "n", "I");
        c.ret(None);
    })?;
    cw.finish()
}
