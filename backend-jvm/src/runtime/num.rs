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

pub(super) const TWO63: f64 = 9_223_372_036_854_775_808.0;
pub(super) const HASH_MOD: i64 = (1 << 61) - 1;

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
    method(&mut cw, ps, "truediv", "(JJ)D", |c| {
        super::float_ops::truediv_body(c, l)
    })?;
    method(
        &mut cw,
        ps,
        "condHolds",
        "(II)Z",
        super::float_ops::cond_holds_body,
    )?;
    method(
        &mut cw,
        ps,
        "intFloatCmp",
        "(JDI)Z",
        super::float_ops::int_float_cmp_body,
    )?;
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
    method(&mut cw, ps, "fmod", "(DD)D", |c| {
        super::float_ops::fdivmod_body(c, l, false)
    })?;
    method(&mut cw, ps, "ffloordiv", "(DD)D", |c| {
        super::float_ops::fdivmod_body(c, l, true)
    })?;
    method(&mut cw, ps, "fpow", "(DD)D", |c| {
        super::pow::float_pow_body(c, l)
    })?;
    method(&mut cw, ps, "mathPow", "(DD)D", |c| {
        super::pow::math_pow_body(c, l)
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
    method(
        &mut cw,
        ps,
        "hashFloat",
        "(D)J",
        super::float_hash::hash_float_body,
    )?;
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
pub(super) fn fzero_check(c: &mut Code, l: &Layout, b: &Local, msg: &str) {
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
