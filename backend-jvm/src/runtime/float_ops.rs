//! The float side of `kiln.rt.Num`: correctly rounded int division, exact
//! int/float comparison, CPython's float `//` and `%`.

use super::num::{fzero_check, TWO63};
use super::{call, raise, NUM};
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

/// `a / b` correctly rounded: exact in doubles when both fit 53 bits,
/// otherwise through a 60-digit BigDecimal quotient.
pub(super) fn truediv_body(c: &mut Code, l: &Layout) {
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
pub(super) fn cond_holds_body(c: &mut Code) {
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
pub(super) fn int_float_cmp_body(c: &mut Code) {
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
pub(super) fn fdivmod_body(c: &mut Code, l: &Layout, floor: bool) {
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
pub(super) fn lt_zero(c: &mut Code, x: &Local) {
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
