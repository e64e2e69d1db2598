//! `str.find` and `str.rfind` for `kiln.rt.Str`: Python's adjustment of
//! `start`/`end`, searches on char offsets converted from code points.

use super::text::S;
use super::{call, vcall, STR};
use crate::classfile::code::{Code, If, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

/// `s.find(sub, start, end)` / `rfind` with Python's bound adjustment.
pub(super) fn find_body(c: &mut Code, l: &Layout, reverse: bool) {
    let (s, sub, start, end) = (c.param(0), c.param(1), c.param(2), c.param(3));
    let name = if reverse { "rfind" } else { "find" };
    super::none_check(
        c,
        l,
        &s,
        B::AttributeError,
        &format!("'NoneType' object has no attribute '{name}'"),
    );
    super::none_check(c, l, &sub, B::TypeError, "must be str, not NoneType");
    let n = c.local(VType::Long);
    let m = c.local(VType::Long);
    let a = c.local(VType::Long);
    let b = c.local(VType::Long);
    let ca = c.local(VType::Int);
    let cb = c.local(VType::Int);
    let r = c.local(VType::Int);
    c.load(&s);
    call(c, STR, "cplen", &format!("({S})I"));
    c.op(Op::I2l);
    c.store(&n);
    c.load(&sub);
    call(c, STR, "cplen", &format!("({S})I"));
    c.op(Op::I2l);
    c.store(&m);
    // end: > n → n; < 0 → max(end + n, 0)
    let e1 = c.label();
    let e2 = c.label();
    let e_done = c.label();
    c.load(&end);
    c.store(&b);
    c.load(&end);
    c.load(&n);
    c.op(Op::Lcmp);
    c.branch(If::Le, e1);
    c.load(&n);
    c.store(&b);
    c.goto(e_done);
    c.bind(e1);
    c.load(&end);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ge, e2);
    c.load(&end);
    c.load(&n);
    c.op(Op::Ladd);
    c.lconst(0);
    call(c, "java/lang/Math", "max", "(JJ)J");
    c.store(&b);
    c.bind(e2);
    c.bind(e_done);
    // start: < 0 → max(start + n, 0)
    let s1 = c.label();
    c.load(&start);
    c.store(&a);
    c.load(&start);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ge, s1);
    c.load(&start);
    c.load(&n);
    c.op(Op::Ladd);
    c.lconst(0);
    call(c, "java/lang/Math", "max", "(JJ)J");
    c.store(&a);
    c.bind(s1);
    let none = c.label();
    c.load(&b);
    c.load(&a);
    c.op(Op::Lsub);
    c.load(&m);
    c.op(Op::Lcmp);
    c.branch(If::Lt, none);
    let nonempty = c.label();
    c.load(&m);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ne, nonempty);
    c.load(if reverse { &b } else { &a });
    c.ret(Some(&VType::Long));
    c.bind(nonempty);
    // char offsets of a and b
    c.load(&s);
    c.load(&a);
    c.op(Op::L2i);
    call(c, STR, "off", &format!("({S}I)I"));
    c.store(&ca);
    c.load(&s);
    c.load(&b);
    c.op(Op::L2i);
    call(c, STR, "off", &format!("({S}I)I"));
    c.store(&cb);
    c.load(&s);
    c.load(&sub);
    if reverse {
        c.load(&cb);
        c.load(&sub);
        vcall(c, "java/lang/String", "length", "()I");
        c.op(Op::Isub);
        vcall(c, "java/lang/String", "lastIndexOf", &format!("({S}I)I"));
        c.store(&r);
        c.load(&r);
        c.load(&ca);
        c.branch(If::IcmpLt, none);
    } else {
        c.load(&ca);
        vcall(c, "java/lang/String", "indexOf", &format!("({S}I)I"));
        c.store(&r);
        c.load(&r);
        c.branch(If::Lt, none);
        c.load(&r);
        c.load(&sub);
        vcall(c, "java/lang/String", "length", "()I");
        c.op(Op::Iadd);
        c.load(&cb);
        c.branch(If::IcmpGt, none);
    }
    c.load(&s);
    c.iconst(0);
    c.load(&r);
    vcall(c, "java/lang/String", "codePointCount", "(II)I");
    c.op(Op::I2l);
    c.ret(Some(&VType::Long));
    c.bind(none);
    c.lconst(-1);
    c.ret(Some(&VType::Long));
}
