//! Float powers for `kiln.rt.Num`: CPython's `float_pow` (`a ** b`) and
//! `math_pow` (`math.pow`), with their special cases and errors.
use super::{call, raise};
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

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
