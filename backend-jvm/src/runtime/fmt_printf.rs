//! `%f`, `%e` and `%g` of `kiln.rt.Fmt`: the exact binary value rounded
//! half-even with `BigDecimal`, laid out as CPython's `'%.*f' % (p, x)`...
use super::fmt::{clamp_precision, prefix_minus, return_special, sign_bit, string, BD, S};
use super::{call, new_sb, sb_append, sb_append_char, sb_string, vcall, FMT};
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;

pub(super) fn fixed_body(c: &mut Code) {
    let (x, p) = (c.param(0), c.param(1));
    return_special(c, &x);
    let q = clamp_precision(c, &p, 0);
    let neg = c.local(VType::Int);
    sign_bit(c, &x);
    c.store(&neg);
    c.construct(BD, "(D)V", |c| {
        c.load(&x);
        call(c, "java/lang/Math", "abs", "(D)D");
    });
    c.load(&q);
    c.getstatic(
        "java/math/RoundingMode",
        "HALF_EVEN",
        "Ljava/math/RoundingMode;",
    );
    vcall(
        c,
        BD,
        "setScale",
        &format!("(ILjava/math/RoundingMode;)L{BD};"),
    );
    vcall(c, BD, "toPlainString", &format!("(){S}"));
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
}

pub(super) fn exp_body(c: &mut Code) {
    let (x, p) = (c.param(0), c.param(1));
    return_special(c, &x);
    let q = clamp_precision(c, &p, 0);
    let neg = c.local(VType::Int);
    let ax = c.local(VType::Double);
    let r = c.local(VType::obj(BD));
    let u = c.local(string());
    let e10 = c.local(VType::Int);
    sign_bit(c, &x);
    c.store(&neg);
    c.load(&x);
    call(c, "java/lang/Math", "abs", "(D)D");
    c.store(&ax);
    let nonzero = c.label();
    let have = c.label();
    c.load(&ax);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nonzero);
    c.sconst("0");
    c.store(&u);
    c.iconst(0);
    c.store(&e10);
    c.goto(have);
    c.bind(nonzero);
    c.load(&ax);
    c.load(&q);
    c.iconst(1);
    c.op(Op::Iadd);
    call(c, FMT, "round", &format!("(DI)L{BD};"));
    c.store(&r);
    c.load(&r);
    vcall(c, BD, "unscaledValue", "()Ljava/math/BigInteger;");
    vcall(c, "java/math/BigInteger", "toString", &format!("(){S}"));
    c.store(&u);
    c.load(&u);
    vcall(c, "java/lang/String", "length", "()I");
    c.load(&r);
    vcall(c, BD, "scale", "()I");
    c.op(Op::Isub);
    c.iconst(1);
    c.op(Op::Isub);
    c.store(&e10);
    c.bind(have);
    // Pad the digits to q + 1.
    let padded = c.label();
    c.load(&u);
    vcall(c, "java/lang/String", "length", "()I");
    c.load(&q);
    c.iconst(1);
    c.op(Op::Iadd);
    c.branch(If::IcmpGe, padded);
    c.load(&u);
    c.sconst("0");
    c.load(&q);
    c.iconst(1);
    c.op(Op::Iadd);
    c.load(&u);
    vcall(c, "java/lang/String", "length", "()I");
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "repeat", &format!("(I){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.store(&u);
    c.bind(padded);
    new_sb(c);
    c.load(&u);
    c.iconst(0);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    sb_append_char(c);
    let nofrac = c.label();
    c.load(&q);
    c.branch(If::Eq, nofrac);
    c.iconst('.' as i32);
    sb_append_char(c);
    c.load(&u);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    sb_append(c);
    c.bind(nofrac);
    c.load(&e10);
    call(c, FMT, "expSuffix", &format!("(I){S}"));
    sb_append(c);
    sb_string(c);
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
}

/// Drops trailing zeros (and then a trailing '.') of the string in local `s`
/// if it has a '.'.
fn strip_fraction(c: &mut Code, s: &Local) {
    let i = c.local(VType::Int);
    let done = c.label();
    c.load(s);
    c.iconst('.' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Lt, done);
    c.load(s);
    vcall(c, "java/lang/String", "length", "()I");
    c.store(&i);
    let head = c.label();
    let stop = c.label();
    c.bind(head);
    c.load(s);
    c.load(&i);
    c.iconst(1);
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.iconst('0' as i32);
    c.branch(If::IcmpNe, stop);
    c.iinc(&i, -1);
    c.goto(head);
    c.bind(stop);
    let keep = c.label();
    c.load(s);
    c.load(&i);
    c.iconst(1);
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.iconst('.' as i32);
    c.branch(If::IcmpNe, keep);
    c.iinc(&i, -1);
    c.bind(keep);
    c.load(s);
    c.iconst(0);
    c.load(&i);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.store(s);
    c.bind(done);
}

pub(super) fn general_body(c: &mut Code) {
    let (x, p) = (c.param(0), c.param(1));
    return_special(c, &x);
    let q = clamp_precision(c, &p, 1);
    let neg = c.local(VType::Int);
    let ax = c.local(VType::Double);
    let r = c.local(VType::obj(BD));
    let u = c.local(string());
    let e10 = c.local(VType::Int);
    let s = c.local(string());
    sign_bit(c, &x);
    c.store(&neg);
    c.load(&x);
    call(c, "java/lang/Math", "abs", "(D)D");
    c.store(&ax);
    let nonzero = c.label();
    c.load(&ax);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nonzero);
    c.sconst("0");
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
    c.bind(nonzero);
    c.load(&ax);
    c.load(&q);
    call(c, FMT, "round", &format!("(DI)L{BD};"));
    c.store(&r);
    c.load(&r);
    vcall(c, BD, "unscaledValue", "()Ljava/math/BigInteger;");
    vcall(c, "java/math/BigInteger", "toString", &format!("(){S}"));
    c.store(&u);
    c.load(&u);
    vcall(c, "java/lang/String", "length", "()I");
    c.load(&r);
    vcall(c, BD, "scale", "()I");
    c.op(Op::Isub);
    c.iconst(1);
    c.op(Op::Isub);
    c.store(&e10);
    let sci = c.label();
    c.load(&e10);
    c.iconst(-4);
    c.branch(If::IcmpLt, sci);
    c.load(&e10);
    c.load(&q);
    c.branch(If::IcmpGe, sci);
    // fixed: exactly q significant digits, trailing zeros dropped
    c.load(&r);
    c.iconst(0);
    c.load(&q);
    c.iconst(1);
    c.op(Op::Isub);
    c.load(&e10);
    c.op(Op::Isub);
    call(c, "java/lang/Math", "max", "(II)I");
    c.getstatic(
        "java/math/RoundingMode",
        "HALF_EVEN",
        "Ljava/math/RoundingMode;",
    );
    vcall(
        c,
        BD,
        "setScale",
        &format!("(ILjava/math/RoundingMode;)L{BD};"),
    );
    vcall(c, BD, "toPlainString", &format!("(){S}"));
    c.store(&s);
    strip_fraction(c, &s);
    c.load(&s);
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
    c.bind(sci);
    // d.ddd with trailing zeros dropped, then the exponent
    c.load(&u);
    c.iconst(0);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.sconst(".");
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.load(&u);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.sconst("0");
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.store(&s);
    strip_fraction(c, &s);
    c.load(&s);
    c.load(&e10);
    call(c, FMT, "expSuffix", &format!("(I){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
}
