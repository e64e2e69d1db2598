//! `kiln.rt.Fmt`: float to text as CPython prints it, and `float(s)`.
//!
//! `repr` finds the shortest digits that read back as the value: Java's
//! `Double.toString` digits when they number at most 15 (then they are the
//! only ones that short), otherwise the exact value rounded to 15, 16 (or a
//! neighbour) and 17 significant digits with `BigDecimal`; then lays them
//! out as CPython does (`1e+16`, `1.5e-07`, `0.0001`). `%f`, `%e` and `%g`
//! round the exact binary value half-even with `BigDecimal`. The float
//! power functions (`**` and `math.pow`) live here too.

use super::{
    call, method, new_sb, raise, raise_top, sb_append, sb_append_char, sb_string, vcall, FMT, STR,
};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

const S: &str = "Ljava/lang/String;";
const BD: &str = "java/math/BigDecimal";
const MC: &str = "java/math/MathContext";
const MAX_PRECISION: i64 = 1_000_000;
/// Python's float syntax (after stripping whitespace; not inf/nan).
const FLOAT_RE: &str =
    r"[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?";

fn string() -> VType {
    VType::obj("java/lang/String")
}

/// The class `kiln/rt/Fmt`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(FMT);
    let ps = PUBLIC | STATIC;
    cw.add_field(PRIVATE | STATIC, "decpt", "I");
    cw.add_field(
        PRIVATE | STATIC | FINAL,
        "FLOAT",
        "Ljava/util/regex/Pattern;",
    );
    method(&mut cw, STATIC, "<clinit>", "()V", |c| {
        c.sconst(FLOAT_RE);
        call(
            c,
            "java/util/regex/Pattern",
            "compile",
            &format!("({S})Ljava/util/regex/Pattern;"),
        );
        c.putstatic(FMT, "FLOAT", "Ljava/util/regex/Pattern;");
        c.ret(None);
    })?;
    method(&mut cw, ps, "special", &format!("(D){S}"), special_body)?;
    method(&mut cw, ps, "repr", &format!("(D){S}"), repr_body)?;
    method(&mut cw, ps, "shortest", &format!("(D){S}"), shortest_body)?;
    method(&mut cw, ps, "slow", &format!("(D){S}"), slow_body)?;
    method(&mut cw, ps, "digitsOf", &format!("(L{BD};){S}"), |c| {
        let r = c.param(0);
        let u = c.local(string());
        c.load(&r);
        vcall(c, BD, "stripTrailingZeros", &format!("()L{BD};"));
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
        c.putstatic(FMT, "decpt", "I");
        c.load(&u);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "round", &format!("(DI)L{BD};"), |c| {
        // The exact value of |x| rounded half-even to p significant digits.
        let (x, p) = (c.param(0), c.param(1));
        c.construct(BD, "(D)V", |c| c.load(&x));
        c.construct(MC, "(ILjava/math/RoundingMode;)V", |c| {
            c.load(&p);
            c.getstatic(
                "java/math/RoundingMode",
                "HALF_EVEN",
                "Ljava/math/RoundingMode;",
            );
        });
        vcall(c, BD, "round", &format!("(L{MC};)L{BD};"));
        c.ret(Some(&VType::obj(BD)));
    })?;
    method(&mut cw, ps, "expSuffix", &format!("(I){S}"), |c| {
        let e = c.param(0);
        let a = c.local(VType::Int);
        new_sb(c);
        c.iconst('e' as i32);
        sb_append_char(c);
        let neg = c.label();
        let signed = c.label();
        c.load(&e);
        c.branch(If::Lt, neg);
        c.iconst('+' as i32);
        sb_append_char(c);
        c.load(&e);
        c.store(&a);
        c.goto(signed);
        c.bind(neg);
        c.iconst('-' as i32);
        sb_append_char(c);
        c.load(&e);
        c.op(Op::Ineg);
        c.store(&a);
        c.bind(signed);
        let two = c.label();
        c.load(&a);
        c.iconst(10);
        c.branch(If::IcmpGe, two);
        c.iconst('0' as i32);
        sb_append_char(c);
        c.bind(two);
        c.load(&a);
        vcall(
            c,
            "java/lang/StringBuilder",
            "append",
            "(I)Ljava/lang/StringBuilder;",
        );
        sb_string(c);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "fixed", &format!("(DJ){S}"), fixed_body)?;
    method(&mut cw, ps, "exp", &format!("(DJ){S}"), exp_body)?;
    method(&mut cw, ps, "general", &format!("(DJ){S}"), |c| {
        general_body(c)
    })?;
    method(&mut cw, ps, "parseFloat", &format!("({S})D"), |c| {
        parse_body(c, l)
    })?;
    method(
        &mut cw,
        ps,
        "asciiDigits",
        &format!("({S}){S}"),
        ascii_digits_body,
    )?;
    cw.finish()
}

/// Returns "nan", "inf" or "-inf" for special values, else null.
fn special_body(c: &mut Code) {
    let x = c.param(0);
    let nan = c.label();
    let pinf = c.label();
    let ninf = c.label();
    c.load(&x);
    c.load(&x);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nan);
    c.load(&x);
    c.dconst(f64::INFINITY);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, pinf);
    c.load(&x);
    c.dconst(f64::NEG_INFINITY);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, ninf);
    c.null();
    c.ret(Some(&string()));
    for (lab, text) in [(nan, "nan"), (pinf, "inf"), (ninf, "-inf")] {
        c.bind(lab);
        c.sconst(text);
        c.ret(Some(&string()));
    }
}

/// Returns early with the special text of `x` if it has one.
fn return_special(c: &mut Code, x: &Local) {
    let s = c.local(string());
    let normal = c.label();
    c.load(x);
    call(c, FMT, "special", &format!("(D){S}"));
    c.store(&s);
    c.load(&s);
    c.branch(If::Null, normal);
    c.load(&s);
    c.ret(Some(&string()));
    c.bind(normal);
}

/// Pushes 1 if the sign bit of double local `x` is set.
fn sign_bit(c: &mut Code, x: &Local) {
    c.load(x);
    call(c, "java/lang/Double", "doubleToRawLongBits", "(D)J");
    c.iconst(63);
    c.op(Op::Lushr);
    c.op(Op::L2i);
}

/// Prepends "-" to the string on the stack when int local `neg` is set.
fn prefix_minus(c: &mut Code, neg: &Local) {
    let done = c.label();
    c.load(neg);
    c.branch(If::Eq, done);
    c.sconst("-");
    c.swap();
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.bind(done);
}

fn repr_body(c: &mut Code) {
    let x = c.param(0);
    let neg = c.local(VType::Int);
    let digits = c.local(string());
    let d = c.local(VType::Int);
    let n = c.local(VType::Int);
    let sb = c.local(VType::obj("java/lang/StringBuilder"));
    return_special(c, &x);
    sign_bit(c, &x);
    c.store(&neg);
    let nonzero = c.label();
    c.load(&x);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nonzero);
    c.sconst("0.0");
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
    c.bind(nonzero);
    c.load(&x);
    call(c, "java/lang/Math", "abs", "(D)D");
    call(c, FMT, "shortest", &format!("(D){S}"));
    c.store(&digits);
    c.getstatic(FMT, "decpt", "I");
    c.store(&d);
    c.load(&digits);
    vcall(c, "java/lang/String", "length", "()I");
    c.store(&n);
    new_sb(c);
    c.store(&sb);
    let sci = c.label();
    let out = c.label();
    // fixed notation when -4 < decpt <= 16
    c.load(&d);
    c.iconst(-4);
    c.branch(If::IcmpLe, sci);
    c.load(&d);
    c.iconst(16);
    c.branch(If::IcmpGt, sci);
    let positive = c.label();
    let inside = c.label();
    c.load(&d);
    c.branch(If::Gt, positive);
    // 0.000ddd
    c.load(&sb);
    c.sconst("0.");
    sb_append(c);
    c.sconst("0");
    c.load(&d);
    c.op(Op::Ineg);
    vcall(c, "java/lang/String", "repeat", &format!("(I){S}"));
    sb_append(c);
    c.load(&digits);
    sb_append(c);
    c.pop1();
    c.goto(out);
    c.bind(positive);
    c.load(&d);
    c.load(&n);
    c.branch(If::IcmpLt, inside);
    // ddd000.0
    c.load(&sb);
    c.load(&digits);
    sb_append(c);
    c.sconst("0");
    c.load(&d);
    c.load(&n);
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "repeat", &format!("(I){S}"));
    sb_append(c);
    c.sconst(".0");
    sb_append(c);
    c.pop1();
    c.goto(out);
    c.bind(inside);
    // dd.ddd
    c.load(&sb);
    c.load(&digits);
    c.iconst(0);
    c.load(&d);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    sb_append(c);
    c.iconst('.' as i32);
    sb_append_char(c);
    c.load(&digits);
    c.load(&d);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    sb_append(c);
    c.pop1();
    c.goto(out);
    c.bind(sci);
    c.load(&sb);
    c.load(&digits);
    c.iconst(0);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    sb_append_char(c);
    c.pop1();
    let one = c.label();
    c.load(&n);
    c.iconst(1);
    c.branch(If::IcmpLe, one);
    c.load(&sb);
    c.iconst('.' as i32);
    sb_append_char(c);
    c.load(&digits);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    sb_append(c);
    c.pop1();
    c.bind(one);
    c.load(&sb);
    c.load(&d);
    c.iconst(1);
    c.op(Op::Isub);
    call(c, FMT, "expSuffix", &format!("(I){S}"));
    sb_append(c);
    c.pop1();
    c.bind(out);
    c.load(&sb);
    sb_string(c);
    prefix_minus(c, &neg);
    c.ret(Some(&string()));
}

/// Shortest digits of positive finite `ax` (no leading or trailing zeros);
/// the decimal point position goes to the static `decpt`.
fn shortest_body(c: &mut Code) {
    let ax = c.param(0);
    let s = c.local(string());
    let mant = c.local(string());
    let digits = c.local(string());
    let e = c.local(VType::Int);
    let exp10 = c.local(VType::Int);
    let dot = c.local(VType::Int);
    let i = c.local(VType::Int);
    c.load(&ax);
    call(c, "java/lang/Double", "toString", &format!("(D){S}"));
    c.store(&s);
    c.load(&s);
    c.store(&mant);
    c.iconst(0);
    c.store(&exp10);
    c.load(&s);
    c.iconst('E' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.store(&e);
    let noexp = c.label();
    c.load(&e);
    c.branch(If::Lt, noexp);
    c.load(&s);
    c.load(&e);
    c.iconst(1);
    c.op(Op::Iadd);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    call(c, "java/lang/Integer", "parseInt", &format!("({S})I"));
    c.store(&exp10);
    c.load(&s);
    c.iconst(0);
    c.load(&e);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.store(&mant);
    c.bind(noexp);
    c.load(&mant);
    c.iconst('.' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.store(&dot);
    c.load(&mant);
    c.iconst(0);
    c.load(&dot);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.load(&mant);
    c.load(&dot);
    c.iconst(1);
    c.op(Op::Iadd);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.store(&digits);
    // leading zeros
    c.iconst(0);
    c.store(&i);
    let lead = c.label();
    let lead_done = c.label();
    c.bind(lead);
    c.load(&digits);
    c.load(&i);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.iconst('0' as i32);
    c.branch(If::IcmpNe, lead_done);
    c.iinc(&i, 1);
    c.goto(lead);
    c.bind(lead_done);
    c.load(&digits);
    c.load(&i);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    c.store(&digits);
    c.load(&dot);
    c.load(&exp10);
    c.op(Op::Iadd);
    c.load(&i);
    c.op(Op::Isub);
    c.store(&dot);
    // trailing zeros
    c.load(&digits);
    vcall(c, "java/lang/String", "length", "()I");
    c.store(&i);
    let trail = c.label();
    let trail_done = c.label();
    c.bind(trail);
    c.load(&digits);
    c.load(&i);
    c.iconst(1);
    c.op(Op::Isub);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.iconst('0' as i32);
    c.branch(If::IcmpNe, trail_done);
    c.iinc(&i, -1);
    c.goto(trail);
    c.bind(trail_done);
    let slow = c.label();
    c.load(&i);
    c.iconst(15);
    c.branch(If::IcmpGt, slow);
    c.load(&ax);
    c.dconst(f64::MIN_POSITIVE);
    c.op(Op::Dcmpl);
    c.branch(If::Lt, slow);
    c.load(&dot);
    c.putstatic(FMT, "decpt", "I");
    c.load(&digits);
    c.iconst(0);
    c.load(&i);
    vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
    c.ret(Some(&string()));
    c.bind(slow);
    c.load(&ax);
    call(c, FMT, "slow", &format!("(D){S}"));
    c.ret(Some(&string()));
}

/// Shortest digits by rounding the exact value to more and more
/// significant digits: from 15 for normal numbers (fewer cannot be a
/// different string then, see `shortest`), from 1 for subnormals; at 16, a
/// neighbour of the rounding may read back when the nearest does not.
fn slow_body(c: &mut Code) {
    let ax = c.param(0);
    let r = c.local(VType::obj(BD));
    let u = c.local(VType::obj(BD));
    let cand = c.local(VType::obj(BD));
    let p = c.local(VType::Int);
    let bdd = format!("(L{BD};)L{BD};");
    let normal = c.label();
    let head = c.label();
    c.iconst(15);
    c.store(&p);
    c.load(&ax);
    c.dconst(f64::MIN_POSITIVE);
    c.op(Op::Dcmpl);
    c.branch(If::Ge, normal);
    c.iconst(1);
    c.store(&p);
    c.bind(normal);
    c.goto(head);
    c.bind(head);
    c.load(&ax);
    c.load(&p);
    call(c, FMT, "round", &format!("(DI)L{BD};"));
    c.store(&r);
    let miss = c.label();
    c.load(&r);
    vcall(c, BD, "doubleValue", "()D");
    c.load(&ax);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, miss);
    c.load(&r);
    call(c, FMT, "digitsOf", &format!("(L{BD};){S}"));
    c.ret(Some(&string()));
    c.bind(miss);
    let next = c.label();
    c.load(&p);
    c.iconst(16);
    c.branch(If::IcmpNe, next);
    // Neighbours of the 16-digit rounding (the interval may be lopsided).
    c.load(&r);
    vcall(c, BD, "ulp", &format!("()L{BD};"));
    c.store(&u);
    for op in ["add", "subtract"] {
        let no = c.label();
        c.load(&r);
        c.load(&u);
        vcall(c, BD, op, &bdd);
        c.store(&cand);
        c.load(&cand);
        vcall(c, BD, "doubleValue", "()D");
        c.load(&ax);
        c.op(Op::Dcmpl);
        c.branch(If::Ne, no);
        c.load(&cand);
        call(c, FMT, "digitsOf", &format!("(L{BD};){S}"));
        c.ret(Some(&string()));
        c.bind(no);
    }
    c.bind(next);
    c.iinc(&p, 1);
    c.goto(head);
}

/// Clamps long local `p` into `[lo, MAX_PRECISION]`, as an int.
fn clamp_precision(c: &mut Code, p: &Local, lo: i64) -> Local {
    let q = c.local(VType::Int);
    c.load(p);
    c.lconst(lo);
    call(c, "java/lang/Math", "max", "(JJ)J");
    c.lconst(MAX_PRECISION);
    call(c, "java/lang/Math", "min", "(JJ)J");
    c.op(Op::L2i);
    c.store(&q);
    q
}

fn fixed_body(c: &mut Code) {
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

fn exp_body(c: &mut Code) {
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

fn general_body(c: &mut Code) {
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

/// `s` with every non-ASCII decimal digit replaced by its ASCII digit.
fn ascii_digits_body(c: &mut Code) {
    let s = c.param(0);
    let sb = c.local(VType::obj("java/lang/StringBuilder"));
    let i = c.local(VType::Int);
    let ch = c.local(VType::Int);
    new_sb(c);
    c.store(&sb);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.branch(If::IcmpGe, done);
    c.load(&s);
    c.load(&i);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.store(&ch);
    let keep = c.label();
    let appended = c.label();
    c.load(&ch);
    c.iconst(128);
    c.branch(If::IcmpLt, keep);
    c.load(&ch);
    call(c, "java/lang/Character", "isDigit", "(C)Z");
    c.branch(If::Eq, keep);
    c.load(&sb);
    c.load(&ch);
    c.iconst(10);
    call(c, "java/lang/Character", "digit", "(CI)I");
    c.iconst('0' as i32);
    c.op(Op::Iadd);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.goto(appended);
    c.bind(keep);
    c.load(&sb);
    c.load(&ch);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.bind(appended);
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.load(&sb);
    sb_string(c);
    c.ret(Some(&string()));
}

fn parse_body(c: &mut Code, l: &Layout) {
    let s = c.param(0);
    super::none_check(
        c,
        l,
        &s,
        B::TypeError,
        "float() argument must be a string or a real number, not 'NoneType'",
    );
    let t = c.local(string());
    let body = c.local(string());
    let neg = c.local(VType::Int);
    c.load(&s);
    vcall(c, "java/lang/String", "strip", &format!("(){S}"));
    call(c, FMT, "asciiDigits", &format!("({S}){S}"));
    c.store(&t);
    c.load(&t);
    c.getstatic("java/util/Locale", "ROOT", "Ljava/util/Locale;");
    vcall(
        c,
        "java/lang/String",
        "toLowerCase",
        &format!("(Ljava/util/Locale;){S}"),
    );
    c.store(&body);
    c.iconst(0);
    c.store(&neg);
    let unsigned = c.label();
    let minus = c.label();
    let strip = c.label();
    c.load(&body);
    c.sconst("-");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Ne, minus);
    c.load(&body);
    c.sconst("+");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Ne, strip);
    c.goto(unsigned);
    c.bind(minus);
    c.iconst(1);
    c.store(&neg);
    c.bind(strip);
    c.load(&body);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    c.store(&body);
    c.bind(unsigned);
    for (word, value) in [
        ("inf", f64::INFINITY),
        ("infinity", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let next = c.label();
        c.load(&body);
        c.sconst(word);
        vcall(c, "java/lang/String", "equals", "(Ljava/lang/Object;)Z");
        c.branch(If::Eq, next);
        let pos = c.label();
        c.load(&neg);
        c.branch(If::Eq, pos);
        c.dconst(-value);
        c.ret(Some(&VType::Double));
        c.bind(pos);
        c.dconst(value);
        c.ret(Some(&VType::Double));
        c.bind(next);
    }
    let bad = c.label();
    c.getstatic(FMT, "FLOAT", "Ljava/util/regex/Pattern;");
    c.load(&t);
    vcall(
        c,
        "java/util/regex/Pattern",
        "matcher",
        "(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;",
    );
    vcall(c, "java/util/regex/Matcher", "matches", "()Z");
    c.branch(If::Eq, bad);
    c.load(&t);
    c.sconst("_");
    c.sconst("");
    vcall(
        c,
        "java/lang/String",
        "replace",
        &format!("(Ljava/lang/CharSequence;Ljava/lang/CharSequence;){S}"),
    );
    call(c, "java/lang/Double", "parseDouble", &format!("({S})D"));
    c.ret(Some(&VType::Double));
    c.bind(bad);
    c.sconst("could not convert string to float: ");
    c.load(&s);
    call(c, STR, "repr", &format!("({S}){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    raise_top(c, l, B::ValueError);
}

/// Pushes 1 when double local `x` is an odd integer.
fn odd_int(c: &mut Code, x: &Local) {
    let yes = c.label();
    let end = c.label();
    c.load(x);
    call(c, "java/lang/Math", "abs", "(D)D");
    c.dconst(2.0);
    c.op(Op::Drem);
    c.dconst(1.0);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, yes);
    c.iconst(0);
    c.goto(end);
    c.bind(yes);
    c.iconst(1);
    c.bind(end);
}

/// Compares double local `x` with constant `k`, jumping to `to` when `cond`
/// holds for the `dcmpl` result (NaN counts as less).
fn dcmp_jump(c: &mut Code, x: &Local, k: f64, cond: If, to: crate::classfile::code::Label) {
    c.load(x);
    c.dconst(k);
    c.op(Op::Dcmpl);
    c.branch(cond, to);
}

fn ret_d(c: &mut Code) {
    c.ret(Some(&VType::Double));
}

/// CPython's `float_pow` for `a ** b`.
pub fn float_pow_body(c: &mut Code, l: &Layout) {
    let (iv, iw) = (c.param(0), c.param(1));
    let base = c.local(VType::Double);
    let negate = c.local(VType::Int);
    let r = c.local(VType::Double);
    // iw == 0 → 1.0
    let l1 = c.label();
    dcmp_jump(c, &iw, 0.0, If::Ne, l1);
    c.dconst(1.0);
    ret_d(c);
    c.bind(l1);
    // iv is NaN → iv
    let l2 = c.label();
    c.load(&iv);
    c.load(&iv);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, l2);
    c.load(&iv);
    ret_d(c);
    c.bind(l2);
    // iw is NaN → 1.0 if iv == 1 else iw
    let l3 = c.label();
    c.load(&iw);
    c.load(&iw);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, l3);
    let l3b = c.label();
    dcmp_jump(c, &iv, 1.0, If::Ne, l3b);
    c.dconst(1.0);
    ret_d(c);
    c.bind(l3b);
    c.load(&iw);
    ret_d(c);
    c.bind(l3);
    // iw infinite
    let l4 = c.label();
    c.load(&iw);
    call(c, "java/lang/Double", "isInfinite", "(D)Z");
    c.branch(If::Eq, l4);
    {
        let av = c.local(VType::Double);
        c.load(&iv);
        call(c, "java/lang/Math", "abs", "(D)D");
        c.store(&av);
        let n1 = c.label();
        dcmp_jump(c, &av, 1.0, If::Ne, n1);
        c.dconst(1.0);
        ret_d(c);
        c.bind(n1);
        // (iw > 0) == (av > 1) → |iw| else 0
        let a = c.local(VType::Int);
        gt_zero_flag(c, &iw, 0.0);
        c.store(&a);
        gt_zero_flag(c, &av, 1.0);
        let zero = c.label();
        c.load(&a);
        c.branch(If::IcmpNe, zero);
        c.load(&iw);
        call(c, "java/lang/Math", "abs", "(D)D");
        ret_d(c);
        c.bind(zero);
        c.dconst(0.0);
        ret_d(c);
    }
    c.bind(l4);
    // iv infinite
    let l5 = c.label();
    c.load(&iv);
    call(c, "java/lang/Double", "isInfinite", "(D)Z");
    c.branch(If::Eq, l5);
    {
        let odd = c.local(VType::Int);
        odd_int(c, &iw);
        c.store(&odd);
        let negw = c.label();
        dcmp_jump(c, &iw, 0.0, If::Le, negw);
        let even = c.label();
        c.load(&odd);
        c.branch(If::Eq, even);
        c.load(&iv);
        ret_d(c);
        c.bind(even);
        c.load(&iv);
        call(c, "java/lang/Math", "abs", "(D)D");
        ret_d(c);
        c.bind(negw);
        let even2 = c.label();
        c.load(&odd);
        c.branch(If::Eq, even2);
        c.dconst(0.0);
        c.load(&iv);
        call(c, "java/lang/Math", "copySign", "(DD)D");
        ret_d(c);
        c.bind(even2);
        c.dconst(0.0);
        ret_d(c);
    }
    c.bind(l5);
    // iv == 0
    let l6 = c.label();
    dcmp_jump(c, &iv, 0.0, If::Ne, l6);
    {
        let ok = c.label();
        dcmp_jump(c, &iw, 0.0, If::Ge, ok);
        raise(
            c,
            l,
            B::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        );
        c.bind(ok);
        let even = c.label();
        odd_int(c, &iw);
        c.branch(If::Eq, even);
        c.load(&iv);
        ret_d(c);
        c.bind(even);
        c.dconst(0.0);
        ret_d(c);
    }
    c.bind(l6);
    c.load(&iv);
    c.store(&base);
    c.iconst(0);
    c.store(&negate);
    let l7 = c.label();
    dcmp_jump(c, &iv, 0.0, If::Ge, l7);
    {
        let integral = c.label();
        c.load(&iw);
        c.load(&iw);
        call(c, "java/lang/Math", "floor", "(D)D");
        c.op(Op::Dcmpl);
        c.branch(If::Eq, integral);
        raise(c, l, B::ValueError, "math domain error");
        c.bind(integral);
        c.load(&iv);
        c.op(Op::Dneg);
        c.store(&base);
        odd_int(c, &iw);
        c.store(&negate);
    }
    c.bind(l7);
    let l8 = c.label();
    dcmp_jump(c, &base, 1.0, If::Ne, l8);
    {
        let pos = c.label();
        c.load(&negate);
        c.branch(If::Eq, pos);
        c.dconst(-1.0);
        ret_d(c);
        c.bind(pos);
        c.dconst(1.0);
        ret_d(c);
    }
    c.bind(l8);
    c.load(&base);
    c.load(&iw);
    call(c, "java/lang/Math", "pow", "(DD)D");
    c.store(&r);
    let fin = c.label();
    c.load(&r);
    call(c, "java/lang/Double", "isInfinite", "(D)Z");
    c.branch(If::Eq, fin);
    raise(
        c,
        l,
        B::OverflowError,
        "(34, 'Numerical result out of range')",
    );
    c.bind(fin);
    let pos = c.label();
    c.load(&negate);
    c.branch(If::Eq, pos);
    c.load(&r);
    c.op(Op::Dneg);
    ret_d(c);
    c.bind(pos);
    c.load(&r);
    ret_d(c);
}

/// Pushes 1 when double local `x` > `k`.
fn gt_zero_flag(c: &mut Code, x: &Local, k: f64) {
    let yes = c.label();
    let end = c.label();
    dcmp_jump(c, x, k, If::Gt, yes);
    c.iconst(0);
    c.goto(end);
    c.bind(yes);
    c.iconst(1);
    c.bind(end);
}

/// CPython's `math_pow`.
pub fn math_pow_body(c: &mut Code, l: &Layout) {
    let (x, y) = (c.param(0), c.param(1));
    let r = c.local(VType::Double);
    let finite = c.label();
    let not_finite = c.label();
    c.load(&x);
    call(c, "java/lang/Double", "isFinite", "(D)Z");
    c.branch(If::Eq, not_finite);
    c.load(&y);
    call(c, "java/lang/Double", "isFinite", "(D)Z");
    c.branch(If::Ne, finite);
    c.bind(not_finite);
    {
        // x NaN
        let a = c.label();
        c.load(&x);
        c.load(&x);
        c.op(Op::Dcmpl);
        c.branch(If::Eq, a);
        let keep = c.label();
        dcmp_jump(c, &y, 0.0, If::Ne, keep);
        c.dconst(1.0);
        ret_d(c);
        c.bind(keep);
        c.load(&x);
        ret_d(c);
        c.bind(a);
        // y NaN
        let b = c.label();
        c.load(&y);
        c.load(&y);
        c.op(Op::Dcmpl);
        c.branch(If::Eq, b);
        let keep = c.label();
        dcmp_jump(c, &x, 1.0, If::Ne, keep);
        c.dconst(1.0);
        ret_d(c);
        c.bind(keep);
        c.load(&y);
        ret_d(c);
        c.bind(b);
        // x infinite
        let xfin = c.label();
        c.load(&x);
        call(c, "java/lang/Double", "isInfinite", "(D)Z");
        c.branch(If::Eq, xfin);
        {
            let odd = c.local(VType::Int);
            let no = c.label();
            let set = c.label();
            c.load(&y);
            call(c, "java/lang/Double", "isFinite", "(D)Z");
            c.branch(If::Eq, no);
            odd_int(c, &y);
            c.goto(set);
            c.bind(no);
            c.iconst(0);
            c.bind(set);
            c.store(&odd);
            let ypos = c.label();
            let yzero = c.label();
            dcmp_jump(c, &y, 0.0, If::Gt, ypos);
            dcmp_jump(c, &y, 0.0, If::Eq, yzero);
            let even = c.label();
            c.load(&odd);
            c.branch(If::Eq, even);
            c.dconst(0.0);
            c.load(&x);
            call(c, "java/lang/Math", "copySign", "(DD)D");
            ret_d(c);
            c.bind(even);
            c.dconst(0.0);
            ret_d(c);
            c.bind(yzero);
            c.dconst(1.0);
            ret_d(c);
            c.bind(ypos);
            let even = c.label();
            c.load(&odd);
            c.branch(If::Eq, even);
            c.load(&x);
            ret_d(c);
            c.bind(even);
            c.load(&x);
            call(c, "java/lang/Math", "abs", "(D)D");
            ret_d(c);
        }
        c.bind(xfin);
        // y infinite, x finite
        let ax = c.local(VType::Double);
        c.load(&x);
        call(c, "java/lang/Math", "abs", "(D)D");
        c.store(&ax);
        let n1 = c.label();
        dcmp_jump(c, &ax, 1.0, If::Ne, n1);
        c.dconst(1.0);
        ret_d(c);
        c.bind(n1);
        let n2 = c.label();
        dcmp_jump(c, &y, 0.0, If::Le, n2);
        dcmp_jump(c, &ax, 1.0, If::Le, n2);
        c.load(&y);
        ret_d(c);
        c.bind(n2);
        let n3 = c.label();
        dcmp_jump(c, &y, 0.0, If::Ge, n3);
        dcmp_jump(c, &ax, 1.0, If::Ge, n3);
        c.load(&y);
        c.op(Op::Dneg);
        ret_d(c);
        c.bind(n3);
        c.dconst(0.0);
        ret_d(c);
    }
    c.bind(finite);
    c.load(&x);
    c.load(&y);
    call(c, "java/lang/Math", "pow", "(DD)D");
    c.store(&r);
    let notnan = c.label();
    c.load(&r);
    c.load(&r);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, notnan);
    raise(c, l, B::ValueError, "math domain error");
    c.bind(notnan);
    let fin = c.label();
    c.load(&r);
    call(c, "java/lang/Double", "isInfinite", "(D)Z");
    c.branch(If::Eq, fin);
    let range = c.label();
    dcmp_jump(c, &x, 0.0, If::Ne, range);
    raise(c, l, B::ValueError, "math domain error");
    c.bind(range);
    raise(c, l, B::OverflowError, "math range error");
    c.bind(fin);
    c.load(&r);
    ret_d(c);
}
