//! `kiln.rt.Num`: Python's integer and float arithmetic where the JVM's
//! differs (floor division and modulo, shifts by any count, overflow
//! checks, correctly rounded int division, exact int/float comparison,
//! CPython's float `//`, `%`, `**` and math-module errors) and hashing.

use super::{call, method, raise, NUM};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

const TWO63: f64 = 9_223_372_036_854_775_808.0;
const HASH_MOD: i64 = (1 << 61) - 1;

/// The class `kiln/rt/Num`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(NUM);
    let ps = PUBLIC | STATIC;
    method(&mut cw, ps, "floordiv", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        zero_check(c, l, &b, "integer division or modulo by zero");
        c.load(&a);
        c.load(&b);
        call(c, "java/lang/Math", "floorDiv", "(JJ)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "mod", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        zero_check(c, l, &b, "integer modulo by zero");
        c.load(&a);
        c.load(&b);
        call(c, "java/lang/Math", "floorMod", "(JJ)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "udiv", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        zero_check(c, l, &b, "integer division or modulo by zero");
        c.load(&a);
        c.load(&b);
        call(c, "java/lang/Long", "divideUnsigned", "(JJ)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "umod", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        zero_check(c, l, &b, "integer modulo by zero");
        c.load(&a);
        c.load(&b);
        call(c, "java/lang/Long", "remainderUnsigned", "(JJ)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "pow", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        let acc = c.local(VType::Long);
        let neg = c.label();
        c.load(&b);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, neg);
        c.lconst(1);
        c.store(&acc);
        let head = c.label();
        let done = c.label();
        let even = c.label();
        c.bind(head);
        c.load(&b);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Eq, done);
        c.load(&b);
        c.lconst(1);
        c.op(Op::Land);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Eq, even);
        c.load(&acc);
        c.load(&a);
        c.op(Op::Lmul);
        c.store(&acc);
        c.bind(even);
        c.load(&a);
        c.load(&a);
        c.op(Op::Lmul);
        c.store(&a);
        c.load(&b);
        c.iconst(1);
        c.op(Op::Lushr);
        c.store(&b);
        c.goto(head);
        c.bind(done);
        c.load(&acc);
        c.ret(Some(&VType::Long));
        c.bind(neg);
        raise(c, l, B::ValueError, "negative exponent");
    })?;
    for (name, op, big) in [
        ("shl", Op::Lshl, Big::Zero),
        ("shr", Op::Lshr, Big::Sign),
        ("ushl", Op::Lshl, Big::Zero),
        ("ushr", Op::Lushr, Big::Zero),
    ] {
        method(&mut cw, ps, name, "(JJ)J", |c| {
            let (a, b) = (c.param(0), c.param(1));
            let neg = c.label();
            let far = c.label();
            c.load(&b);
            c.lconst(0);
            c.op(Op::Lcmp);
            c.branch(If::Lt, neg);
            c.load(&b);
            c.lconst(64);
            c.op(Op::Lcmp);
            c.branch(If::Ge, far);
            c.load(&a);
            c.load(&b);
            c.op(Op::L2i);
            c.op(op);
            c.ret(Some(&VType::Long));
            c.bind(far);
            match big {
                Big::Zero => c.lconst(0),
                Big::Sign => {
                    c.load(&a);
                    c.iconst(63);
                    c.op(Op::Lshr);
                }
            }
            c.ret(Some(&VType::Long));
            c.bind(neg);
            raise(c, l, B::ValueError, "negative shift count");
        })?;
    }
    method(&mut cw, ps, "addOvf", "(JJ)J", |c| ovf_body(c, l, Op::Ladd))?;
    method(&mut cw, ps, "subOvf", "(JJ)J", |c| ovf_body(c, l, Op::Lsub))?;
    method(&mut cw, ps, "mulOvf", "(JJ)J", |c| {
        let (a, b) = (c.param(0), c.param(1));
        let r = c.local(VType::Long);
        let bad = c.label();
        c.load(&a);
        c.load(&b);
        c.op(Op::Lmul);
        c.store(&r);
        c.load(&a);
        c.load(&b);
        call(c, "java/lang/Math", "multiplyHigh", "(JJ)J");
        c.load(&r);
        c.iconst(63);
        c.op(Op::Lshr);
        c.op(Op::Lcmp);
        c.branch(If::Ne, bad);
        c.load(&r);
        c.ret(Some(&VType::Long));
        c.bind(bad);
        raise(c, l, B::OverflowError, "integer overflow");
    })?;
    method(&mut cw, ps, "truediv", "(JJ)D", |c| truediv_body(c, l))?;
    method(&mut cw, ps, "condHolds", "(II)Z", cond_holds_body)?;
    method(&mut cw, ps, "intFloatCmp", "(JDI)Z", int_float_cmp_body)?;
    method(&mut cw, ps, "u2d", "(J)D", |c| {
        let x = c.param(0);
        let neg = c.label();
        c.load(&x);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, neg);
        c.load(&x);
        c.op(Op::L2d);
        c.ret(Some(&VType::Double));
        c.bind(neg);
        c.load(&x);
        c.iconst(1);
        c.op(Op::Lushr);
        c.load(&x);
        c.lconst(1);
        c.op(Op::Land);
        c.op(Op::Lor);
        c.op(Op::L2d);
        c.dconst(2.0);
        c.op(Op::Dmul);
        c.ret(Some(&VType::Double));
    })?;
    method(&mut cw, ps, "fdiv", "(DD)D", |c| {
        let (a, b) = (c.param(0), c.param(1));
        fzero_check(c, l, &b, "float division by zero");
        c.load(&a);
        c.load(&b);
        c.op(Op::Ddiv);
        c.ret(Some(&VType::Double));
    })?;
    method(&mut cw, ps, "fmod", "(DD)D", |c| fdivmod_body(c, l, false))?;
    method(&mut cw, ps, "ffloordiv", "(DD)D", |c| {
        fdivmod_body(c, l, true)
    })?;
    method(&mut cw, ps, "fpow", "(DD)D", |c| {
        super::fmt::float_pow_body(c, l)
    })?;
    method(&mut cw, ps, "mathPow", "(DD)D", |c| {
        super::fmt::math_pow_body(c, l)
    })?;
    method(&mut cw, ps, "f2i", "(D)J", |c| {
        let a = c.param(0);
        let nan = c.label();
        let big = c.label();
        c.load(&a);
        c.load(&a);
        c.op(Op::Dcmpl);
        c.branch(If::Ne, nan);
        c.load(&a);
        c.dconst(-TWO63);
        c.op(Op::Dcmpl);
        c.branch(If::Lt, big);
        c.load(&a);
        c.dconst(TWO63);
        c.op(Op::Dcmpg);
        c.branch(If::Ge, big);
        c.load(&a);
        c.op(Op::D2l);
        c.ret(Some(&VType::Long));
        c.bind(nan);
        raise(c, l, B::ValueError, "cannot convert float NaN to integer");
        c.bind(big);
        raise(
            c,
            l,
            B::OverflowError,
            "cannot convert float infinity to integer",
        );
    })?;
    method(&mut cw, ps, "sqrt", "(D)D", |c| {
        let a = c.param(0);
        let bad = c.label();
        c.load(&a);
        c.dconst(0.0);
        c.op(Op::Dcmpg);
        c.branch(If::Lt, bad);
        c.load(&a);
        call(c, "java/lang/Math", "sqrt", "(D)D");
        c.ret(Some(&VType::Double));
        c.bind(bad);
        raise(c, l, B::ValueError, "math domain error");
    })?;
    method(&mut cw, ps, "exp", "(D)D", |c| {
        let a = c.param(0);
        let r = c.local(VType::Double);
        let ok = c.label();
        c.load(&a);
        call(c, "java/lang/Math", "exp", "(D)D");
        c.store(&r);
        c.load(&r);
        call(c, "java/lang/Double", "isInfinite", "(D)Z");
        c.branch(If::Eq, ok);
        c.load(&a);
        call(c, "java/lang/Double", "isFinite", "(D)Z");
        c.branch(If::Eq, ok);
        raise(c, l, B::OverflowError, "math range error");
        c.bind(ok);
        c.load(&r);
        c.ret(Some(&VType::Double));
    })?;
    method(&mut cw, ps, "log", "(D)D", |c| {
        let a = c.param(0);
        let same = c.label();
        let bad = c.label();
        c.load(&a);
        c.load(&a);
        c.op(Op::Dcmpl);
        c.branch(If::Ne, same);
        c.load(&a);
        c.dconst(f64::INFINITY);
        c.op(Op::Dcmpl);
        c.branch(If::Eq, same);
        c.load(&a);
        c.dconst(0.0);
        c.op(Op::Dcmpg);
        c.branch(If::Le, bad);
        c.load(&a);
        call(c, "java/lang/Math", "log", "(D)D");
        c.ret(Some(&VType::Double));
        c.bind(same);
        c.load(&a);
        c.ret(Some(&VType::Double));
        c.bind(bad);
        raise(c, l, B::ValueError, "math domain error");
    })?;
    for f in ["sin", "cos", "tan"] {
        method(&mut cw, ps, f, "(D)D", |c| {
            let a = c.param(0);
            let bad = c.label();
            c.load(&a);
            call(c, "java/lang/Double", "isInfinite", "(D)Z");
            c.branch(If::Ne, bad);
            c.load(&a);
            call(c, "java/lang/Math", f, "(D)D");
            c.ret(Some(&VType::Double));
            c.bind(bad);
            raise(c, l, B::ValueError, "math domain error");
        })?;
    }
    method(&mut cw, ps, "hashInt", "(J)J", |c| {
        let v = c.param(0);
        let m = c.local(VType::Long);
        let pos = c.label();
        let fix = c.label();
        c.load(&v);
        call(c, "java/lang/Math", "abs", "(J)J");
        c.lconst(HASH_MOD);
        call(c, "java/lang/Long", "remainderUnsigned", "(JJ)J");
        c.store(&m);
        c.load(&v);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Ge, pos);
        c.load(&m);
        c.op(Op::Lneg);
        c.store(&m);
        c.bind(pos);
        c.load(&m);
        c.goto(fix);
        c.bind(fix);
        call(c, NUM, "fixHash", "(J)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "hashUint", "(J)J", |c| {
        let v = c.param(0);
        c.load(&v);
        c.lconst(HASH_MOD);
        call(c, "java/lang/Long", "remainderUnsigned", "(JJ)J");
        c.ret(Some(&VType::Long));
    })?;
    method(&mut cw, ps, "hashFloat", "(D)J", hash_float_body)?;
    method(&mut cw, ps, "hashObj", "(Ljava/lang/Object;)J", |c| {
        let o = c.param(0);
        let none = c.label();
        let ident = c.label();
        c.load(&o);
        c.branch(If::Null, none);
        c.load(&o);
        c.instance_of(super::PYOBJ);
        c.branch(If::Eq, ident);
        c.load(&o);
        c.checkcast(super::PYOBJ);
        c.invoke(
            crate::classfile::code::Invoke::Interface,
            super::PYOBJ,
            "hash$",
            "()J",
        );
        c.ret(Some(&VType::Long));
        c.bind(ident);
        c.load(&o);
        call(
            c,
            "java/lang/System",
            "identityHashCode",
            "(Ljava/lang/Object;)I",
        );
        c.op(Op::I2l);
        c.ret(Some(&VType::Long));
        c.bind(none);
        c.lconst(0x2d3c_5a1e);
        c.ret(Some(&VType::Long));
    })?;
    for (name, bad, good) in [
        ("fixHash", -1i64, -2i64),
        ("fixTupleHash", -1, 1_546_275_796),
    ] {
        method(&mut cw, ps, name, "(J)J", |c| {
            let h = c.param(0);
            let ok = c.label();
            c.load(&h);
            c.lconst(bad);
            c.op(Op::Lcmp);
            c.branch(If::Ne, ok);
            c.lconst(good);
            c.ret(Some(&VType::Long));
            c.bind(ok);
            c.load(&h);
            c.ret(Some(&VType::Long));
        })?;
    }
    cw.finish()
}

#[derive(Copy, Clone)]
enum Big {
    Zero,
    Sign,
}

/// Raises ZeroDivisionError `msg` when long `b` is zero.
fn zero_check(c: &mut Code, l: &Layout, b: &Local, msg: &str) {
    let ok = c.label();
    c.load(b);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ne, ok);
    raise(c, l, B::ZeroDivisionError, msg);
    c.bind(ok);
}

/// Raises ZeroDivisionError `msg` when double `b` is zero.
fn fzero_check(c: &mut Code, l: &Layout, b: &Local, msg: &str) {
    let ok = c.label();
    c.load(b);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, ok);
    raise(c, l, B::ZeroDivisionError, msg);
    c.bind(ok);
}

fn ovf_body(c: &mut Code, l: &Layout, op: Op) {
    let (a, b) = (c.param(0), c.param(1));
    let r = c.local(VType::Long);
    let bad = c.label();
    c.load(&a);
    c.load(&b);
    c.op(op);
    c.store(&r);
    // add: ((a ^ r) & (b ^ r)) < 0; sub: ((a ^ b) & (a ^ r)) < 0
    if op == Op::Ladd {
        c.load(&a);
        c.load(&r);
        c.op(Op::Lxor);
        c.load(&b);
        c.load(&r);
        c.op(Op::Lxor);
    } else {
        c.load(&a);
        c.load(&b);
        c.op(Op::Lxor);
        c.load(&a);
        c.load(&r);
        c.op(Op::Lxor);
    }
    c.op(Op::Land);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Lt, bad);
    c.load(&r);
    c.ret(Some(&VType::Long));
    c.bind(bad);
    raise(c, l, B::OverflowError, "integer overflow");
}

/// `a / b` correctly rounded: exact in doubles when both fit 53 bits,
/// otherwise through a 60-digit BigDecimal quotient.
fn truediv_body(c: &mut Code, l: &Layout) {
    let (a, b) = (c.param(0), c.param(1));
    let slow = c.label();
    let ok = c.label();
    c.load(&b);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ne, ok);
    raise(c, l, B::ZeroDivisionError, "division by zero");
    c.bind(ok);
    for v in [&a, &b] {
        // |v| <= 2**53  <=>  (v + 2**53) as unsigned <= 2**54
        c.load(v);
        c.lconst(1 << 53);
        c.op(Op::Ladd);
        c.lconst(1 << 54);
        call(c, "java/lang/Long", "compareUnsigned", "(JJ)I");
        c.branch(If::Gt, slow);
    }
    c.load(&a);
    c.op(Op::L2d);
    c.load(&b);
    c.op(Op::L2d);
    c.op(Op::Ddiv);
    c.ret(Some(&VType::Double));
    c.bind(slow);
    let bd = "java/math/BigDecimal";
    c.construct(bd, "(J)V", |c| c.load(&a));
    c.construct(bd, "(J)V", |c| c.load(&b));
    c.construct("java/math/MathContext", "(I)V", |c| c.iconst(60));
    super::vcall(
        c,
        bd,
        "divide",
        "(Ljava/math/BigDecimal;Ljava/math/MathContext;)Ljava/math/BigDecimal;",
    );
    super::vcall(c, bd, "doubleValue", "()D");
    c.ret(Some(&VType::Double));
}

/// `condHolds(ord, cond)`: whether an ordering (-1, 0, 1) satisfies a
/// condition code (0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge).
fn cond_holds_body(c: &mut Code) {
    let (ord, cond) = (c.param(0), c.param(1));
    let labels: Vec<_> = (0..6).map(|_| c.label()).collect();
    let def = c.label();
    c.load(&cond);
    let cases: Vec<(i32, _)> = labels
        .iter()
        .enumerate()
        .map(|(k, &l)| (k as i32, l))
        .collect();
    c.switch(&cases, def);
    let tests = [If::Eq, If::Ne, If::Lt, If::Le, If::Gt, If::Ge];
    for (k, &lab) in labels.iter().enumerate() {
        c.bind(lab);
        let yes = c.label();
        c.load(&ord);
        c.branch(tests[k], yes);
        c.iconst(0);
        c.ret(Some(&VType::Int));
        c.bind(yes);
        c.iconst(1);
        c.ret(Some(&VType::Int));
    }
    c.bind(def);
    c.iconst(0);
    c.ret(Some(&VType::Int));
}

/// Exact comparison of int `a` with float `b` under condition `cond`.
fn int_float_cmp_body(c: &mut Code) {
    let (a, b, cond) = (c.param(0), c.param(1), c.param(2));
    let ord = c.local(VType::Int);
    let t = c.local(VType::Long);
    let nan = c.label();
    let big = c.label();
    let small = c.label();
    let decide = c.label();
    c.load(&b);
    c.load(&b);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nan);
    c.load(&b);
    c.dconst(TWO63);
    c.op(Op::Dcmpl);
    c.branch(If::Ge, big);
    c.load(&b);
    c.dconst(-TWO63);
    c.op(Op::Dcmpl);
    c.branch(If::Lt, small);
    c.load(&b);
    c.op(Op::D2l);
    c.store(&t);
    c.load(&a);
    c.load(&t);
    c.op(Op::Lcmp);
    c.store(&ord);
    c.load(&ord);
    c.branch(If::Ne, decide);
    // Equal integer parts: the fraction decides (0 compared with b - t).
    c.dconst(0.0);
    c.load(&b);
    c.load(&t);
    c.op(Op::L2d);
    c.op(Op::Dsub);
    c.op(Op::Dcmpl);
    c.store(&ord);
    c.goto(decide);
    c.bind(big);
    c.iconst(-1);
    c.store(&ord);
    c.goto(decide);
    c.bind(small);
    c.iconst(1);
    c.store(&ord);
    c.bind(decide);
    c.load(&ord);
    c.load(&cond);
    call(c, NUM, "condHolds", "(II)Z");
    c.ret(Some(&VType::Int));
    c.bind(nan);
    let ne = c.label();
    c.load(&cond);
    c.iconst(1);
    c.branch(If::IcmpEq, ne);
    c.iconst(0);
    c.ret(Some(&VType::Int));
    c.bind(ne);
    c.iconst(1);
    c.ret(Some(&VType::Int));
}

/// CPython's `float_rem` (`floor` false) or `float_floor_div` (true).
fn fdivmod_body(c: &mut Code, l: &Layout, floor: bool) {
    let (vx, wx) = (c.param(0), c.param(1));
    let m = c.local(VType::Double);
    let div = c.local(VType::Double);
    fzero_check(
        c,
        l,
        &wx,
        if floor {
            "float floor division by zero"
        } else {
            "float modulo"
        },
    );
    c.load(&vx);
    c.load(&wx);
    c.op(Op::Drem);
    c.store(&m);
    c.load(&vx);
    c.load(&m);
    c.op(Op::Dsub);
    c.load(&wx);
    c.op(Op::Ddiv);
    c.store(&div);
    let zero = c.label();
    let adjusted = c.label();
    c.load(&m);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, zero);
    // if (wx < 0) != (m < 0): m += wx; div -= 1
    let wneg = c.local(VType::Int);
    lt_zero(c, &wx);
    c.store(&wneg);
    lt_zero(c, &m);
    c.load(&wneg);
    c.branch(If::IcmpEq, adjusted);
    c.load(&m);
    c.load(&wx);
    c.op(Op::Dadd);
    c.store(&m);
    c.load(&div);
    c.dconst(1.0);
    c.op(Op::Dsub);
    c.store(&div);
    c.goto(adjusted);
    c.bind(zero);
    c.dconst(0.0);
    c.load(&wx);
    call(c, "java/lang/Math", "copySign", "(DD)D");
    c.store(&m);
    c.bind(adjusted);
    if !floor {
        c.load(&m);
        c.ret(Some(&VType::Double));
        return;
    }
    let divzero = c.label();
    let f = c.local(VType::Double);
    c.load(&div);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, divzero);
    c.load(&div);
    call(c, "java/lang/Math", "floor", "(D)D");
    c.store(&f);
    let done = c.label();
    c.load(&div);
    c.load(&f);
    c.op(Op::Dsub);
    c.dconst(0.5);
    c.op(Op::Dcmpl);
    c.branch(If::Le, done);
    c.load(&f);
    c.dconst(1.0);
    c.op(Op::Dadd);
    c.store(&f);
    c.bind(done);
    c.load(&f);
    c.ret(Some(&VType::Double));
    c.bind(divzero);
    c.dconst(0.0);
    c.load(&vx);
    c.load(&wx);
    c.op(Op::Ddiv);
    call(c, "java/lang/Math", "copySign", "(DD)D");
    c.ret(Some(&VType::Double));
}

/// Pushes 1 if double local `x` is negative (x < 0), else 0.
pub fn lt_zero(c: &mut Code, x: &Local) {
    let yes = c.label();
    let end = c.label();
    c.load(x);
    c.dconst(0.0);
    c.op(Op::Dcmpg);
    c.branch(If::Lt, yes);
    c.iconst(0);
    c.goto(end);
    c.bind(yes);
    c.iconst(1);
    c.bind(end);
}

/// CPython's hash of a float: the value modulo 2**61 - 1 (so integral
/// values hash like the int), computed from the mantissa 28 bits at a time.
fn hash_float_body(c: &mut Code) {
    let v = c.param(0);
    let m = c.local(VType::Double);
    let e = c.local(VType::Int);
    let x = c.local(VType::Long);
    let y = c.local(VType::Long);
    let neg = c.local(VType::Int);
    let special = c.label();
    let zero = c.label();
    c.load(&v);
    call(c, "java/lang/Double", "isFinite", "(D)Z");
    c.branch(If::Eq, special);
    c.load(&v);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, zero);
    // frexp: |v| = m * 2**e with m in [0.5, 1)
    let normal = c.label();
    let have_e = c.label();
    c.load(&v);
    call(c, "java/lang/Math", "abs", "(D)D");
    c.dconst(f64::MIN_POSITIVE);
    c.op(Op::Dcmpl);
    c.branch(If::Ge, normal);
    c.load(&v);
    c.dconst(18446744073709551616.0);
    c.op(Op::Dmul);
    call(c, "java/lang/Math", "getExponent", "(D)I");
    c.iconst(1 - 64);
    c.op(Op::Iadd);
    c.store(&e);
    c.goto(have_e);
    c.bind(normal);
    c.load(&v);
    call(c, "java/lang/Math", "getExponent", "(D)I");
    c.iconst(1);
    c.op(Op::Iadd);
    c.store(&e);
    c.bind(have_e);
    c.load(&v);
    call(c, "java/lang/Math", "abs", "(D)D");
    c.load(&e);
    c.op(Op::Ineg);
    call(c, "java/lang/Math", "scalb", "(DI)D");
    c.store(&m);
    super::num::lt_zero(c, &v);
    c.store(&neg);
    c.lconst(0);
    c.store(&x);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&m);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Eq, done);
    c.load(&x);
    c.iconst(28);
    c.op(Op::Lshl);
    c.lconst(HASH_MOD);
    c.op(Op::Land);
    c.load(&x);
    c.iconst(61 - 28);
    c.op(Op::Lushr);
    c.op(Op::Lor);
    c.store(&x);
    c.load(&m);
    c.dconst(268_435_456.0);
    c.op(Op::Dmul);
    c.store(&m);
    c.iinc(&e, -28);
    c.load(&m);
    c.op(Op::D2l);
    c.store(&y);
    c.load(&m);
    c.load(&y);
    c.op(Op::L2d);
    c.op(Op::Dsub);
    c.store(&m);
    c.load(&x);
    c.load(&y);
    c.op(Op::Ladd);
    c.store(&x);
    let small = c.label();
    c.load(&x);
    c.lconst(HASH_MOD);
    c.op(Op::Lcmp);
    c.branch(If::Lt, small);
    c.load(&x);
    c.lconst(HASH_MOD);
    c.op(Op::Lsub);
    c.store(&x);
    c.bind(small);
    c.goto(head);
    c.bind(done);
    // e modulo 61 (non-negative)
    let epos = c.label();
    let ehave = c.label();
    c.load(&e);
    c.branch(If::Ge, epos);
    c.iconst(60);
    c.iconst(-1);
    c.load(&e);
    c.op(Op::Isub);
    c.iconst(61);
    c.op(Op::Irem);
    c.op(Op::Isub);
    c.store(&e);
    c.goto(ehave);
    c.bind(epos);
    c.load(&e);
    c.iconst(61);
    c.op(Op::Irem);
    c.store(&e);
    c.bind(ehave);
    c.load(&x);
    c.load(&e);
    c.op(Op::Lshl);
    c.lconst(HASH_MOD);
    c.op(Op::Land);
    c.load(&x);
    c.iconst(61);
    c.load(&e);
    c.op(Op::Isub);
    c.op(Op::Lushr);
    c.op(Op::Lor);
    c.store(&x);
    let positive = c.label();
    c.load(&neg);
    c.branch(If::Eq, positive);
    c.load(&x);
    c.op(Op::Lneg);
    c.store(&x);
    c.bind(positive);
    c.load(&x);
    call(c, NUM, "fixHash", "(J)J");
    c.ret(Some(&VType::Long));
    c.bind(zero);
    c.lconst(0);
    c.ret(Some(&VType::Long));
    c.bind(special);
    let nan = c.label();
    c.load(&v);
    c.load(&v);
    c.op(Op::Dcmpl);
    c.branch(If::Ne, nan);
    let ninf = c.label();
    c.load(&v);
    c.dconst(0.0);
    c.op(Op::Dcmpl);
    c.branch(If::Lt, ninf);
    c.lconst(314_159);
    c.ret(Some(&VType::Long));
    c.bind(ninf);
    c.lconst(-314_159);
    c.ret(Some(&VType::Long));
    c.bind(nan);
    c.lconst(0);
    c.ret(Some(&VType::Long));
}
