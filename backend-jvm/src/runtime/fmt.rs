//! `kiln.rt.Fmt`: float to text as CPython prints it, and `float(s)`.
//!
//! `repr` finds the shortest digits that read back as the value: Java's
//! `Double.toString` digits when they number at most 15 (then they are the
//! only ones that short), otherwise the exact value rounded to 15, 16 (or a
//! neighbour) and 17 significant digits with `BigDecimal`; then lays them
//! out as CPython does (`1e+16`, `1.5e-07`, `0.0001`). `%f`, `%e` and `%g`
//! round the exact binary value half-even with `BigDecimal`. The float
//! power functions (`**` and `math.pow`) live here too.

use super::{call, method, new_sb, sb_append, sb_append_char, sb_string, vcall, FMT};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;

pub(super) const S: &str = "Ljava/lang/String;";
pub(super) const BD: &str = "java/math/BigDecimal";
const MC: &str = "java/math/MathContext";
pub(super) const MAX_PRECISION: i64 = 1_000_000;
/// Python's float syntax (after stripping whitespace; not inf/nan).
const FLOAT_RE: &str =
    r"[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?";

pub(super) fn string() -> VType {
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
    method(
        &mut cw,
        ps,
        "fixed",
        &format!("(DJ){S}"),
        super::fmt_printf::fixed_body,
    )?;
    method(
        &mut cw,
        ps,
        "exp",
        &format!("(DJ){S}"),
        super::fmt_printf::exp_body,
    )?;
    method(&mut cw, ps, "general", &format!("(DJ){S}"), |c| {
        super::fmt_printf::general_body(c)
    })?;
    method(&mut cw, ps, "parseFloat", &format!("({S})D"), |c| {
        super::fmt_parse::parse_body(c, l)
    })?;
    method(
        &mut cw,
        ps,
        "asciiDigits",
        &format!("({S}){S}"),
        super::fmt_parse::ascii_digits_body,
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
pub(super) fn return_special(c: &mut Code, x: &Local) {
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
pub(super) fn sign_bit(c: &mut Code, x: &Local) {
    c.load(x);
    call(c, "java/lang/Double", "doubleToRawLongBits", "(D)J");
    c.iconst(63);
    c.op(Op::Lushr);
    c.op(Op::L2i);
}

/// Prepends "-" to the string on the stack when int local `neg` is set.
pub(super) fn prefix_minus(c: &mut Code, neg: &Local) {
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
pub(super) fn clamp_precision(c: &mut Code, p: &Local, lo: i64) -> Local {
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
