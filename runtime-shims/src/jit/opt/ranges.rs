//! Integer ranges: removes the overflow checks that cannot fail.
//!
//! One sweep keeps, for each int value, a range `lo..=hi` it is known to
//! lie in. A constant is its own range; a comparison or class test is
//! `0..=1`; `x & m` (with `m` not negative) is `0..=m`; `x % m` is
//! `0..=m-1` for a positive `m` (Python's `%` takes the divisor's sign);
//! `+`, `-`, `*` and `-x` combine their operands' ranges when no bound
//! wraps. Guards narrow the ranges of the values they test:
//! `guard_true(int_lt(x, y))` makes `x` at most `hi(y) - 1` and `y` at
//! least `lo(x) + 1` from there on (likewise `le`, `gt`, `ge`, `eq` and
//! the negations under `guard_false`), `guard_true(uint_lt(x, n))` with
//! `n` not negative makes `x` lie in `0..hi(n)`, and `guard_eq(x, c)`
//! makes `x` the constant.
//!
//! An `add_ovf`, `sub_ovf` or `mul_ovf` whose operands' ranges cannot
//! overflow becomes the plain operation, without its guard (`i + 1` after
//! `i < n` is checked, a sum of two bytes). Facts hold from where they are
//! learnt to the end of the trace: values are defined once, and the loop
//! proper after a `label` is entered only through the part before it.

use super::forward::opposite;
use crate::jit::hash::Map;
use crate::jit::trace::{Arg, Op, Trace, NO_SNAP};
use crate::jitcode::kind;

/// A range `lo..=hi` of i64 values.
type Range = (i64, i64);

const FULL: Range = (i64::MIN, i64::MAX);

struct Ranges<'a> {
    t: &'a Trace,
    known: Map<u32, Range>,
}

impl Ranges<'_> {
    fn of(&self, a: Arg) -> Range {
        match a {
            Arg::C(c) => (c as i64, c as i64),
            Arg::V(v) => self.known.get(&v).copied().unwrap_or(FULL),
            Arg::R(_) | Arg::Virt(_) => FULL,
        }
    }

    /// Narrows the range of `a` to `r`.
    fn narrow(&mut self, a: Arg, r: Range) {
        if let Arg::V(v) = a {
            let (lo, hi) = self.of(a);
            self.known.insert(v, (lo.max(r.0), hi.min(r.1)));
        }
    }

    /// Learns that `x COND y` holds (conditions in the IR's order: eq ne
    /// lt le gt ge).
    fn holds(&mut self, cond: u8, x: Arg, y: Arg) {
        let (rx, ry) = (self.of(x), self.of(y));
        match cond {
            0 => {
                let both = (rx.0.max(ry.0), rx.1.min(ry.1));
                self.narrow(x, both);
                self.narrow(y, both);
            }
            2 => {
                self.narrow(x, (i64::MIN, ry.1.saturating_sub(1)));
                self.narrow(y, (rx.0.saturating_add(1), i64::MAX));
            }
            3 => {
                self.narrow(x, (i64::MIN, ry.1));
                self.narrow(y, (rx.0, i64::MAX));
            }
            4 => self.holds(2, y, x),
            5 => self.holds(3, y, x),
            _ => {}
        }
    }

    /// What a guard on `c` (true when `taken`) teaches.
    fn guarded(&mut self, c: Arg, taken: bool) {
        let Arg::V(v) = c else { return };
        let o = &self.t.ops[v as usize];
        let (x, y) = match o.args.as_slice() {
            [x, y] => (*x, *y),
            _ => return,
        };
        match o.op {
            Op::ICmp(cond) => {
                let cond = if taken { cond } else { opposite(cond) };
                self.holds(cond, x, y);
            }
            Op::UCmp(2) if taken && self.of(y).0 >= 0 => {
                let hi = self.of(y).1.saturating_sub(1);
                self.narrow(x, (0, hi));
            }
            _ => {}
        }
    }

    /// The range of the result of `op` on `args`, when it is an int
    /// operation whose result is known to lie in one.
    fn result(&self, op: Op, args: &[Arg]) -> Option<Range> {
        let r = |k: usize| args.get(k).map_or(FULL, |&a| self.of(a));
        match op {
            Op::ICmp(_) | Op::UCmp(_) | Op::FCmp(_) | Op::IsNone | Op::RefIs => Some((0, 1)),
            Op::InstanceOf(..) => Some((0, 1)),
            Op::And => {
                let (x, y) = (r(0), r(1));
                match (x.0 >= 0, y.0 >= 0) {
                    (true, true) => Some((0, x.1.min(y.1))),
                    (true, false) => Some((0, x.1)),
                    (false, true) => Some((0, y.1)),
                    (false, false) => None,
                }
            }
            Op::Mod => {
                let m = r(1);
                if m.0 > 0 {
                    Some((0, m.1 - 1))
                } else if m.1 < 0 {
                    Some((m.0 + 1, 0))
                } else {
                    None
                }
            }
            Op::Add | Op::AddOvf => combine(r(0), r(1), i64::checked_add),
            Op::Sub | Op::SubOvf => combine(r(0), r(1), i64::checked_sub),
            Op::Mul | Op::MulOvf => combine(r(0), r(1), i64::checked_mul),
            Op::Neg => {
                let x = r(0);
                (x.0 > i64::MIN).then(|| (-x.1, -x.0))
            }
            _ => None,
        }
    }
}

/// The range of `x OP y` for `x` in `a` and `y` in `b`, unless some pair
/// of bounds overflows (the extremes of `+`, `-` and `*` over two ranges
/// are among their bounds' combinations).
fn combine(a: Range, b: Range, f: fn(i64, i64) -> Option<i64>) -> Option<Range> {
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for x in [a.0, a.1] {
        for y in [b.0, b.1] {
            let v = f(x, y)?;
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    Some((lo, hi))
}

/// Replaces the overflow-checked operations that cannot overflow by the
/// plain ones (see the module documentation).
pub fn ranges(t: &Trace) -> Trace {
    if !t
        .ops
        .iter()
        .any(|o| matches!(o.op, Op::AddOvf | Op::SubOvf | Op::MulOvf))
    {
        return t.clone();
    }
    let mut out = t.clone();
    let mut r = Ranges {
        t,
        known: Map::default(),
    };
    for (n, o) in t.ops.iter().enumerate() {
        match o.op {
            Op::GuardTrue | Op::GuardFalse => {
                if let Some(&c) = o.args.first() {
                    r.guarded(c, o.op == Op::GuardTrue);
                }
                continue;
            }
            Op::GuardEq => {
                if let [x, c @ Arg::C(_)] = o.args.as_slice() {
                    r.narrow(*x, r.of(*c));
                }
                continue;
            }
            _ => {}
        }
        if o.kind != kind::INT {
            continue;
        }
        let Some(range) = r.result(o.op, &o.args) else {
            continue;
        };
        let plain = match o.op {
            Op::AddOvf => Some(Op::Add),
            Op::SubOvf => Some(Op::Sub),
            Op::MulOvf => Some(Op::Mul),
            _ => None,
        };
        if let Some(p) = plain {
            out.ops[n].op = p;
            out.ops[n].snap = NO_SNAP;
        }
        r.known.insert(n as u32, range);
    }
    out
}
