//! `kiln.rt.Str`: str operations with Python's code-point semantics on
//! `java.lang.String` (UTF-16). A string without surrogates is indexed
//! directly; one with them goes through code-point offsets. Whether a long
//! string has surrogates is remembered in a small identity-keyed cache, so
//! that `len(s)` and `s[i]` stay O(1) in loops over the same string.

use super::{call, method, new_sb, raise, raise_top, sb_append, sb_string, vcall, NUM, STR};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, OBJ_LIST};
use core_ir::BuiltinClass as B;

pub(super) const S: &str = "Ljava/lang/String;";
pub(super) const OBJ: &str = "Ljava/lang/Object;";
const CACHE: i32 = 512;

pub(super) fn string() -> VType {
    VType::obj("java/lang/String")
}

pub(super) fn ret_s(c: &mut Code) {
    c.ret(Some(&string()));
}

/// The class `kiln/rt/Str`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(STR);
    let ps = PUBLIC | STATIC;
    cw.add_field(PRIVATE | STATIC | FINAL, "ONE", "[Ljava/lang/String;");
    cw.add_field(PRIVATE | STATIC | FINAL, "CK", "[Ljava/lang/String;");
    cw.add_field(PRIVATE | STATIC | FINAL, "CB", "[Z");
    method(&mut cw, STATIC, "<clinit>", "()V", |c| {
        let i = c.local(VType::Int);
        c.iconst(256);
        c.anewarray("java/lang/String");
        c.putstatic(STR, "ONE", "[Ljava/lang/String;");
        c.iconst(0);
        c.store(&i);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.load(&i);
        c.iconst(256);
        c.branch(If::IcmpGe, done);
        c.getstatic(STR, "ONE", "[Ljava/lang/String;");
        c.load(&i);
        c.load(&i);
        c.op(Op::I2c);
        call(c, "java/lang/String", "valueOf", &format!("(C){S}"));
        c.op(Op::Aastore);
        c.iinc(&i, 1);
        c.goto(head);
        c.bind(done);
        c.iconst(CACHE);
        c.anewarray("java/lang/String");
        c.putstatic(STR, "CK", "[Ljava/lang/String;");
        c.iconst(CACHE);
        c.newarray('Z');
        c.putstatic(STR, "CB", "[Z");
        c.ret(None);
    })?;
    method(&mut cw, ps, "scan", &format!("({S})Z"), scan_body)?;
    method(&mut cw, ps, "bmp", &format!("({S})Z"), bmp_body)?;
    method(&mut cw, ps, "cplen", &format!("({S})I"), |c| {
        let s = c.param(0);
        let slow = c.label();
        c.load(&s);
        call(c, STR, "bmp", &format!("({S})Z"));
        c.branch(If::Eq, slow);
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        c.ret(Some(&VType::Int));
        c.bind(slow);
        c.load(&s);
        c.iconst(0);
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        vcall(c, "java/lang/String", "codePointCount", "(II)I");
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, ps, "off", &format!("({S}I)I"), |c| {
        // char offset of code point index i
        let (s, i) = (c.param(0), c.param(1));
        let slow = c.label();
        c.load(&s);
        call(c, STR, "bmp", &format!("({S})Z"));
        c.branch(If::Eq, slow);
        c.load(&i);
        c.ret(Some(&VType::Int));
        c.bind(slow);
        c.load(&s);
        c.iconst(0);
        c.load(&i);
        vcall(c, "java/lang/String", "offsetByCodePoints", "(II)I");
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, ps, "len", &format!("({S})J"), |c| {
        let s = c.param(0);
        super::none_check(
            c,
            l,
            &s,
            B::TypeError,
            "object of type 'NoneType' has no len()",
        );
        c.load(&s);
        call(c, STR, "cplen", &format!("({S})I"));
        c.op(Op::I2l);
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "codeAt", &format!("({S}J)J"), |c| {
        code_at_body(c, l)
    })?;
    method(&mut cw, ps, "getitem", &format!("({S}J){S}"), |c| {
        let (s, i) = (c.param(0), c.param(1));
        c.load(&s);
        c.load(&i);
        call(c, STR, "codeAt", &format!("({S}J)J"));
        call(c, STR, "chr", &format!("(J){S}"));
        ret_s(c);
    })?;
    method(&mut cw, ps, "adj", "(JI)I", |c| {
        // slice bound adjustment: x < 0 ? max(x + n, 0) : min(x, n)
        let (x, n) = (c.param(0), c.param(1));
        let neg = c.label();
        c.load(&x);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, neg);
        c.load(&x);
        c.load(&n);
        c.op(Op::I2l);
        call(c, "java/lang/Math", "min", "(JJ)J");
        c.op(Op::L2i);
        c.ret(Some(&VType::Int));
        c.bind(neg);
        c.load(&x);
        c.load(&n);
        c.op(Op::I2l);
        c.op(Op::Ladd);
        c.lconst(0);
        call(c, "java/lang/Math", "max", "(JJ)J");
        c.op(Op::L2i);
        c.ret(Some(&VType::Int));
    })?;
    method(&mut cw, ps, "slice", &format!("({S}JJ){S}"), |c| {
        slice_body(c, l)
    })?;
    method(&mut cw, ps, "concat", &format!("({S}{S}){S}"), |c| {
        let (a, b) = (c.param(0), c.param(1));
        let ok_a = c.label();
        let ok_b = c.label();
        c.load(&a);
        c.branch(If::NonNull, ok_a);
        raise(
            c,
            l,
            B::TypeError,
            "unsupported operand type(s) for +: 'NoneType' and 'str'",
        );
        c.bind(ok_a);
        c.load(&b);
        c.branch(If::NonNull, ok_b);
        raise(
            c,
            l,
            B::TypeError,
            "can only concatenate str (not \"NoneType\") to str",
        );
        c.bind(ok_b);
        c.load(&a);
        c.load(&b);
        vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
        ret_s(c);
    })?;
    method(&mut cw, ps, "repeat", &format!("({S}J){S}"), |c| {
        let (s, n) = (c.param(0), c.param(1));
        super::none_check(
            c,
            l,
            &s,
            B::TypeError,
            "unsupported operand type(s) for *: 'NoneType' and 'int'",
        );
        let pos = c.label();
        let fits = c.label();
        c.load(&n);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Gt, pos);
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        c.pop1();
        c.sconst("");
        ret_s(c);
        c.bind(pos);
        // len * n beyond 63 bits is CPython's OverflowError; beyond what a
        // Java string holds, MemoryError.
        let overflow = c.label();
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        c.op(Op::I2l);
        c.load(&n);
        call(c, "java/lang/Math", "multiplyHigh", "(JJ)J");
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Ne, overflow);
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        c.op(Op::I2l);
        c.load(&n);
        c.op(Op::Lmul);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, overflow);
        c.load(&s);
        vcall(c, "java/lang/String", "length", "()I");
        c.op(Op::I2l);
        c.load(&n);
        c.op(Op::Lmul);
        c.lconst((1 << 31) - 16);
        c.op(Op::Lcmp);
        c.branch(If::Le, fits);
        raise(c, l, B::MemoryError, "");
        c.bind(overflow);
        raise(c, l, B::OverflowError, "repeated string is too long");
        c.bind(fits);
        c.load(&s);
        c.load(&n);
        c.op(Op::L2i);
        vcall(c, "java/lang/String", "repeat", &format!("(I){S}"));
        ret_s(c);
    })?;
    method(
        &mut cw,
        ps,
        "compare",
        &format!("({S}{S})I"),
        super::text_search::compare_body,
    )?;
    method(&mut cw, ps, "cmp", &format!("({S}{S}I)Z"), |c| {
        let (a, b, cond) = (c.param(0), c.param(1), c.param(2));
        let order = c.label();
        c.load(&cond);
        c.iconst(1);
        c.branch(If::IcmpGt, order);
        c.load(&a);
        c.load(&b);
        call(c, "java/util/Objects", "equals", &format!("({OBJ}{OBJ})Z"));
        c.load(&cond);
        c.op(Op::Ixor);
        c.ret(Some(&VType::Int));
        c.bind(order);
        let bad = c.label();
        c.load(&a);
        c.branch(If::Null, bad);
        c.load(&b);
        c.branch(If::Null, bad);
        c.load(&a);
        c.load(&b);
        call(c, STR, "compare", &format!("({S}{S})I"));
        call(c, "java/lang/Integer", "signum", "(I)I");
        c.load(&cond);
        call(c, NUM, "condHolds", "(II)Z");
        c.ret(Some(&VType::Int));
        c.bind(bad);
        // '<' not supported between instances of 'NoneType' and 'str'
        new_sb(c);
        c.sconst("'");
        sb_append(c);
        c.sconst("==!=< <=> >=");
        c.load(&cond);
        c.iconst(2);
        c.op(Op::Imul);
        c.load(&cond);
        c.iconst(2);
        c.op(Op::Imul);
        c.iconst(2);
        c.op(Op::Iadd);
        vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
        vcall(c, "java/lang/String", "strip", &format!("(){S}"));
        sb_append(c);
        c.sconst("' not supported between instances of '");
        sb_append(c);
        c.load(&a);
        call(c, super::ERR, "typeName", &format!("({OBJ}){S}"));
        sb_append(c);
        c.sconst("' and '");
        sb_append(c);
        c.load(&b);
        call(c, super::ERR, "typeName", &format!("({OBJ}){S}"));
        sb_append(c);
        c.sconst("'");
        sb_append(c);
        sb_string(c);
        raise_top(c, l, B::TypeError);
    })?;
    method(&mut cw, ps, "find", &format!("({S}{S}JJ)J"), |c| {
        super::text_find::find_body(c, l, false)
    })?;
    method(&mut cw, ps, "rfind", &format!("({S}{S}JJ)J"), |c| {
        super::text_find::find_body(c, l, true)
    })?;
    for (name, jname) in [("startswith", "startsWith"), ("endswith", "endsWith")] {
        method(&mut cw, ps, name, &format!("({S}{S})Z"), |c| {
            let (s, x) = (c.param(0), c.param(1));
            let attr = format!("'NoneType' object has no attribute '{name}'");
            super::none_check(c, l, &s, B::AttributeError, &attr);
            let arg = format!("{name} first arg must be str or a tuple of str, not NoneType");
            super::none_check(c, l, &x, B::TypeError, &arg);
            c.load(&s);
            c.load(&x);
            vcall(c, "java/lang/String", jname, &format!("({S})Z"));
            c.ret(Some(&VType::Int));
        })?;
    }
    method(&mut cw, ps, "chr", &format!("(J){S}"), |c| {
        let n = c.param(0);
        let bad = c.label();
        let big = c.label();
        c.load(&n);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, bad);
        c.load(&n);
        c.lconst(0x10FFFF);
        c.op(Op::Lcmp);
        c.branch(If::Gt, bad);
        c.load(&n);
        c.lconst(256);
        c.op(Op::Lcmp);
        c.branch(If::Ge, big);
        c.getstatic(STR, "ONE", "[Ljava/lang/String;");
        c.load(&n);
        c.op(Op::L2i);
        c.aaload();
        ret_s(c);
        c.bind(big);
        c.load(&n);
        c.op(Op::L2i);
        call(c, "java/lang/Character", "toString", &format!("(I){S}"));
        ret_s(c);
        c.bind(bad);
        raise(c, l, B::ValueError, "chr() arg not in range(0x110000)");
    })?;
    method(&mut cw, ps, "join", &format!("({S}L{OBJ_LIST};){S}"), |c| {
        join_body(c, l)
    })?;
    for (name, jname) in [("lower", "toLowerCase"), ("upper", "toUpperCase")] {
        method(&mut cw, ps, name, &format!("({S}){S}"), |c| {
            let s = c.param(0);
            let attr = format!("'NoneType' object has no attribute '{name}'");
            super::none_check(c, l, &s, B::AttributeError, &attr);
            c.load(&s);
            c.getstatic("java/util/Locale", "ROOT", "Ljava/util/Locale;");
            vcall(
                c,
                "java/lang/String",
                jname,
                &format!("(Ljava/util/Locale;){S}"),
            );
            ret_s(c);
        })?;
    }
    method(
        &mut cw,
        ps,
        "hexEscape",
        &format!("(Ljava/lang/StringBuilder;II{S})V"),
        |c| {
            // appends prefix + cp in hex, zero-padded to width
            let (sb, cp, width, prefix) = (c.param(0), c.param(1), c.param(2), c.param(3));
            let h = c.local(string());
            c.load(&cp);
            call(c, "java/lang/Integer", "toHexString", &format!("(I){S}"));
            c.store(&h);
            c.load(&sb);
            c.load(&prefix);
            sb_append(c);
            c.sconst("0");
            c.load(&width);
            c.load(&h);
            vcall(c, "java/lang/String", "length", "()I");
            c.op(Op::Isub);
            c.iconst(0);
            call(c, "java/lang/Math", "max", "(II)I");
            vcall(c, "java/lang/String", "repeat", &format!("(I){S}"));
            sb_append(c);
            c.load(&h);
            sb_append(c);
            c.pop1();
            c.ret(None);
        },
    )?;
    method(
        &mut cw,
        ps,
        "repr",
        &format!("({S}){S}"),
        super::text_repr::repr_body,
    )?;
    method(&mut cw, ps, "hash", &format!("({S})J"), |c| {
        let s = c.param(0);
        c.load(&s);
        vcall(c, "java/lang/String", "hashCode", "()I");
        c.op(Op::I2l);
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "reprBool", &format!("(Z){S}"), |c| {
        let b = c.param(0);
        let f = c.label();
        c.load(&b);
        c.branch(If::Eq, f);
        c.sconst("True");
        ret_s(c);
        c.bind(f);
        c.sconst("False");
        ret_s(c);
    })?;
    method(
        &mut cw,
        ps,
        "reprObj",
        &format!("({OBJ}){S}"),
        super::text_repr::reprobj_body,
    )?;
    cw.finish()
}

fn scan_body(c: &mut Code) {
    let s = c.param(0);
    let i = c.local(VType::Int);
    let n = c.local(VType::Int);
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.store(&n);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let yes = c.label();
    let no = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&n);
    c.branch(If::IcmpGe, yes);
    c.load(&s);
    c.load(&i);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.iconst(0xF800);
    c.op(Op::Iand);
    c.iconst(0xD800);
    c.branch(If::IcmpEq, no);
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(yes);
    c.iconst(1);
    c.ret(Some(&VType::Int));
    c.bind(no);
    c.iconst(0);
    c.ret(Some(&VType::Int));
}

fn bmp_body(c: &mut Code) {
    let s = c.param(0);
    let h = c.local(VType::Int);
    let r = c.local(VType::Int);
    let long = c.label();
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.iconst(64);
    c.branch(If::IcmpGe, long);
    c.load(&s);
    call(c, STR, "scan", &format!("({S})Z"));
    c.ret(Some(&VType::Int));
    c.bind(long);
    c.load(&s);
    call(
        c,
        "java/lang/System",
        "identityHashCode",
        &format!("({OBJ})I"),
    );
    c.iconst(CACHE - 1);
    c.op(Op::Iand);
    c.store(&h);
    let miss = c.label();
    c.getstatic(STR, "CK", "[Ljava/lang/String;");
    c.load(&h);
    c.aaload();
    c.load(&s);
    c.branch(If::AcmpNe, miss);
    c.getstatic(STR, "CB", "[Z");
    c.load(&h);
    c.op(Op::Baload);
    c.ret(Some(&VType::Int));
    c.bind(miss);
    c.load(&s);
    call(c, STR, "scan", &format!("({S})Z"));
    c.store(&r);
    c.getstatic(STR, "CK", "[Ljava/lang/String;");
    c.load(&h);
    c.load(&s);
    c.op(Op::Aastore);
    c.getstatic(STR, "CB", "[Z");
    c.load(&h);
    c.load(&r);
    c.op(Op::Bastore);
    c.load(&r);
    c.ret(Some(&VType::Int));
}

/// Normalizes index `i` (negative from the end) against `n`, raising
/// IndexError `msg` when out of range; the index as an int local.
fn seq_index(c: &mut Code, l: &Layout, i: &Local, n: &Local, msg: &str) -> Local {
    let j = c.local(VType::Long);
    let pos = c.label();
    let bad = c.label();
    let ok = c.label();
    c.load(i);
    c.store(&j);
    c.load(i);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ge, pos);
    c.load(i);
    c.load(n);
    c.op(Op::I2l);
    c.op(Op::Ladd);
    c.store(&j);
    c.bind(pos);
    c.load(&j);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Lt, bad);
    c.load(&j);
    c.load(n);
    c.op(Op::I2l);
    c.op(Op::Lcmp);
    c.branch(If::Lt, ok);
    c.bind(bad);
    raise(c, l, B::IndexError, msg);
    c.bind(ok);
    let k = c.local(VType::Int);
    c.load(&j);
    c.op(Op::L2i);
    c.store(&k);
    k
}

fn code_at_body(c: &mut Code, l: &Layout) {
    let (s, i) = (c.param(0), c.param(1));
    super::none_check(
        c,
        l,
        &s,
        B::TypeError,
        "'NoneType' object is not subscriptable",
    );
    let n = c.local(VType::Int);
    c.load(&s);
    call(c, STR, "cplen", &format!("({S})I"));
    c.store(&n);
    let k = seq_index(c, l, &i, &n, "string index out of range");
    c.load(&s);
    c.load(&s);
    c.load(&k);
    call(c, STR, "off", &format!("({S}I)I"));
    vcall(c, "java/lang/String", "codePointAt", "(I)I");
    c.op(Op::I2l);
    c.ret(Some(&VType::Long));
}

fn slice_body(c: &mut Code, l: &Layout) {
    let (s, lo, hi) = (c.param(0), c.param(1), c.param(2));
    super::none_check(
        c,
        l,
        &s,
        B::TypeError,
        "'NoneType' object is not subscriptable",
    );
    let n = c.local(VType::Int);
    let a = c.local(VType::Int);
    let b = c.local(VType::Int);
    c.load(&s);
    call(c, STR, "cplen", &format!("({S})I"));
    c.store(&n);
    c.load(&lo);
    c.load(&n);
    call(c, STR, "adj", "(JI)I");
    c.store(&a);
    c.load(&hi);
    c.load(&n);
    call(c, STR, "adj", "(JI)I");
    c.load(&a);
    call(c, "java/lang/Math", "max", "(II)I");
    c.store(&b);
    let part = c.label();
    c.load(&a);
    c.branch(If::Ne, part);
    c.load(&b);
    c.load(&n);
    c.branch(If::IcmpNe, part);
    c.load(&s);
    ret_s(c);
    c.bind(part);
    c.load(&s);
    c.load(&s);
    c.load(&a);
    call(c, STR, "off", &format!("({S}I)I"));
    c.load(&s);
    c.load(&b);
    call(c, STR, "off", &format!("({S}I)I"));
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    ret_s(c);
}

fn join_body(c: &mut Code, l: &Layout) {
    let (sep, list) = (c.param(0), c.param(1));
    let n = c.local(VType::Int);
    let i = c.local(VType::Int);
    let item = c.local(VType::obj("java/lang/Object"));
    let sb = c.local(VType::obj("java/lang/StringBuilder"));
    let ok = c.label();
    c.load(&list);
    c.branch(If::NonNull, ok);
    raise(c, l, B::TypeError, "can only join an iterable");
    c.bind(ok);
    super::none_check(
        c,
        l,
        &sep,
        B::AttributeError,
        "'NoneType' object has no attribute 'join'",
    );
    c.load(&list);
    c.getfield(OBJ_LIST, "n", "I");
    c.store(&n);
    new_sb(c);
    c.store(&sb);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&n);
    c.branch(If::IcmpGe, done);
    c.load(&list);
    c.getfield(OBJ_LIST, "a", "[Ljava/lang/Object;");
    c.load(&i);
    c.aaload();
    c.store(&item);
    let nonnull = c.label();
    c.load(&item);
    c.branch(If::NonNull, nonnull);
    new_sb(c);
    c.sconst("sequence item ");
    sb_append(c);
    c.load(&i);
    vcall(
        c,
        "java/lang/StringBuilder",
        "append",
        "(I)Ljava/lang/StringBuilder;",
    );
    c.sconst(": expected str instance, NoneType found");
    sb_append(c);
    sb_string(c);
    raise_top(c, l, B::TypeError);
    c.bind(nonnull);
    let first = c.label();
    c.load(&i);
    c.branch(If::Eq, first);
    c.load(&sb);
    c.load(&sep);
    sb_append(c);
    c.pop1();
    c.bind(first);
    c.load(&sb);
    c.load(&item);
    c.checkcast("java/lang/String");
    sb_append(c);
    c.pop1();
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.load(&sb);
    sb_string(c);
    ret_s(c);
}
