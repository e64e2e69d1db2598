//! Constant folding, common-subexpression elimination of pure operations,
//! redundant guard removal and heap caching, in one forward sweep (see the
//! parent module).

use super::Env;
use crate::jit::hash::{Map, Set};
use crate::jit::trace::{Arg, Op, Trace};
use crate::jitcode::kind;

fn cmp_res(c: u8, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match c {
        0 => o == Equal,
        1 => o != Equal,
        2 => o == Less,
        3 => o != Greater,
        4 => o == Greater,
        _ => o != Less,
    }
}

/// The comparison true exactly when comparison `c` is false (codes as in
/// [`cmp_res`]: ==, !=, <, <=, >, >=).
pub(super) fn opposite(c: u8) -> u8 {
    match c {
        0 => 1,
        1 => 0,
        2 => 5,
        3 => 4,
        4 => 3,
        _ => 2,
    }
}

/// The value of a pure integer operation on constants (float operations
/// and references are left alone).
fn fold(op: Op, a: &[u64]) -> Option<u64> {
    let x = *a.first()?;
    let y = a.get(1).copied().unwrap_or(0);
    Some(match op {
        Op::Add => x.wrapping_add(y),
        Op::Sub => x.wrapping_sub(y),
        Op::Mul => x.wrapping_mul(y),
        Op::And => x & y,
        Op::Or => x | y,
        Op::Xor => x ^ y,
        Op::Neg => (x as i64).wrapping_neg() as u64,
        Op::Invert => !x,
        Op::Abs => (x as i64).wrapping_abs() as u64,
        Op::FloorDiv | Op::Mod => {
            let (x, y) = (x as i64, y as i64);
            if y == 0 || (y == -1 && x == i64::MIN) {
                return None;
            }
            let (q, r) = (x / y, x % y);
            let adjust = r != 0 && (r ^ y) < 0;
            if op == Op::Mod {
                (if adjust { r + y } else { r }) as u64
            } else {
                (if adjust { q - 1 } else { q }) as u64
            }
        }
        Op::ICmp(c) => cmp_res(c, (x as i64).cmp(&(y as i64))) as u64,
        Op::UCmp(c) => cmp_res(c, x.cmp(&y)) as u64,
        _ => return None,
    })
}

/// `a` as `base + offset` when it is a constant or an addition of one.
fn linear(out: &Trace, a: Arg) -> (Arg, i64) {
    match a {
        Arg::C(c) => (Arg::C(0), c as i64),
        Arg::V(v) => match out.ops.get(v as usize) {
            Some(o) if o.op == Op::Add => match o.args.as_slice() {
                [b, Arg::C(k)] => (*b, *k as i64),
                _ => (a, 0),
            },
            _ => (a, 0),
        },
        other => (other, 0),
    }
}

/// Whether two indices are certainly different.
fn differ(out: &Trace, i: Arg, j: Arg) -> bool {
    let (bi, ki) = linear(out, i);
    let (bj, kj) = linear(out, j);
    bi == bj && ki != kj
}

/// Heap-cache keys.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Loc {
    Field(Arg, u32),
    Item(Arg, Arg),
    Global(u32),
}

/// The forward pass (see the parent module).
pub fn forward(t: &Trace, env: &Env<'_>) -> Trace {
    let mut out = Trace::default();
    // Old value -> its value in the new trace.
    let mut subst: Vec<Option<Arg>> = vec![None; t.ops.len()];
    // New value -> the constant a guard proved it is.
    let mut known: Map<u32, Arg> = Map::default();
    let mut cse: Map<(Op, Vec<Arg>), Arg> = Map::default();
    let mut nonnull: Set<Arg> = Set::default();
    let mut heap: Map<Loc, Arg> = Map::default();
    let sub = |subst: &[Option<Arg>], known: &Map<u32, Arg>, a: Arg| match a {
        Arg::V(v) => match subst.get(v as usize).copied().flatten() {
            Some(Arg::V(x)) => known.get(&x).copied().unwrap_or(Arg::V(x)),
            Some(other) => other,
            None => Arg::C(0),
        },
        other => other,
    };
    let is_nonnull = |nonnull: &Set<Arg>, a: Arg| match a {
        Arg::R(_) | Arg::Virt(_) => true,
        Arg::C(c) => c != 0,
        Arg::V(_) => nonnull.contains(&a),
    };
    for (n, o) in t.ops.iter().enumerate() {
        let n = n as u32;
        let args: Vec<Arg> = o.args.iter().map(|&a| sub(&subst, &known, a)).collect();
        let emit = |out: &mut Trace,
                    subst: &[Option<Arg>],
                    known: &Map<u32, Arg>,
                    op: Op,
                    args: Vec<Arg>| {
            out.push_from(t, o, op, args, |a| sub(subst, known, a))
        };
        let mut result: Option<Arg> = None;
        match o.op {
            Op::Input(_) => {
                result = Some(emit(&mut out, &subst, &known, o.op, args));
            }
            op if op.is_pure() => {
                // Additions of constants are kept as `x + c` (so that array
                // indices compare and merge).
                let (op, args) = match (op, args.as_slice()) {
                    (Op::Sub, [x, Arg::C(c)]) if !x.is_const() => {
                        (Op::Add, vec![*x, Arg::C(c.wrapping_neg())])
                    }
                    (Op::Add, [Arg::C(c), x]) if !x.is_const() => (Op::Add, vec![*x, Arg::C(*c)]),
                    _ => (op, args),
                };
                let (op, args) = match (op, args.as_slice()) {
                    (Op::Add, [x @ Arg::V(_), Arg::C(c)]) => {
                        let (b, k) = linear(&out, *x);
                        if b != *x && !b.is_const() {
                            (Op::Add, vec![b, Arg::C((k as u64).wrapping_add(*c))])
                        } else {
                            (op, args)
                        }
                    }
                    _ => (op, args),
                };
                // `not` of an integer comparison: the opposite comparison.
                let (op, args) = match (op, args.as_slice()) {
                    (Op::Xor, [Arg::V(x), Arg::C(1)]) | (Op::Xor, [Arg::C(1), Arg::V(x)]) => {
                        let c = &out.ops[*x as usize];
                        match c.op {
                            Op::ICmp(cc) => (Op::ICmp(opposite(cc)), c.args.clone()),
                            Op::UCmp(cc) => (Op::UCmp(opposite(cc)), c.args.clone()),
                            _ => (op, args),
                        }
                    }
                    _ => (op, args),
                };
                let all_const = args.iter().all(|a| matches!(a, Arg::C(_)));
                let folded = if all_const {
                    let vals: Vec<u64> = args
                        .iter()
                        .map(|a| if let Arg::C(c) = a { *c } else { 0 })
                        .collect();
                    fold(op, &vals).map(Arg::C)
                } else {
                    None
                };
                let simplified = folded.or_else(|| match (op, args.as_slice()) {
                    (Op::IsNone, [x]) if is_nonnull(&nonnull, *x) => Some(Arg::C(0)),
                    // The class of an object allocated in the trace is known.
                    (Op::InstanceOf(lo, hi), [Arg::V(x)]) => match out.ops[*x as usize].op {
                        Op::New(tid, _) => Some(Arg::C((lo..=hi).contains(&tid) as u64)),
                        _ => None,
                    },
                    (Op::InstanceOf(lo, hi), [Arg::R(r)]) => {
                        (env.const_tid)(*r).map(|tid| Arg::C((lo..=hi).contains(&tid) as u64))
                    }
                    // An immutable field: the value stored in the trace, or
                    // the field of a constant object.
                    (Op::GetImm(off), [x]) => {
                        heap.get(&Loc::Field(*x, off)).copied().or_else(|| match x {
                            Arg::R(r) => (env.const_field)(*r, off, o.kind),
                            _ => None,
                        })
                    }
                    (Op::RefIs, [x, y]) if x == y => Some(Arg::C(1)),
                    (Op::ICmp(0) | Op::UCmp(0), [x, y]) if x == y => Some(Arg::C(1)),
                    (Op::Add | Op::Sub | Op::Or | Op::Xor, [x, Arg::C(0)]) => Some(*x),
                    (Op::Add | Op::Or | Op::Xor, [Arg::C(0), y]) => Some(*y),
                    (Op::Mul, [x, Arg::C(1)]) | (Op::Mul, [Arg::C(1), x]) => Some(*x),
                    _ => None,
                });
                result = Some(match simplified {
                    Some(a) => a,
                    None => {
                        let key = (op, args.clone());
                        match cse.get(&key) {
                            Some(&a) => a,
                            None => {
                                let a = emit(&mut out, &subst, &known, op, args);
                                cse.insert(key, a);
                                a
                            }
                        }
                    }
                });
            }
            Op::GuardTrue | Op::GuardFalse => {
                let want = (o.op == Op::GuardTrue) as u64;
                match args[0] {
                    Arg::C(c) if (c != 0) as u64 == want => {}
                    a => {
                        emit(&mut out, &subst, &known, o.op, args.clone());
                        if let Arg::V(v) = a {
                            known.insert(v, Arg::C(want));
                            // A failed `is_none` test: the value is not None.
                            if let Some(def) = out.ops.get(v as usize) {
                                if def.op == Op::IsNone && want == 0 {
                                    nonnull.insert(def.args[0]);
                                }
                            }
                        }
                    }
                }
            }
            Op::GuardEq => {
                let (x, y) = (args[0], args[1]);
                if x != y || !x.is_const() {
                    let same_const = matches!((x, y), (Arg::C(a), Arg::C(b)) if a == b);
                    if !same_const && x != y {
                        emit(&mut out, &subst, &known, o.op, args.clone());
                        if let (Arg::V(v), true) = (x, y.is_const()) {
                            known.insert(v, y);
                            if is_nonnull(&nonnull, y) {
                                nonnull.insert(x);
                            }
                        }
                    }
                }
            }
            Op::GuardNonNull => {
                if !is_nonnull(&nonnull, args[0]) {
                    emit(&mut out, &subst, &known, o.op, args.clone());
                    nonnull.insert(args[0]);
                }
            }
            Op::GetField(off) => {
                let loc = Loc::Field(args[0], off);
                result = Some(match heap.get(&loc) {
                    Some(&a) => a,
                    None => {
                        let a = emit(&mut out, &subst, &known, o.op, args);
                        heap.insert(loc, a);
                        a
                    }
                });
            }
            Op::SetField(off) => {
                let (obj, v) = (args[0], args[1]);
                // Another object may be the same: forget that offset. An
                // object allocated in the trace is none of the values
                // defined before its allocation (nor a constant).
                let fresh = match obj {
                    Arg::V(x) if matches!(out.ops[x as usize].op, Op::New(..)) => Some(x),
                    _ => None,
                };
                // (An `__init__` may write an immutable field twice.)
                cse.retain(|(op, _), _| *op != Op::GetImm(off));
                heap.retain(|l, _| match l {
                    Loc::Field(y, f) if *f == off => match (fresh, *y) {
                        (Some(x), Arg::V(z)) => z < x,
                        (Some(_), Arg::R(_)) => true,
                        _ => false,
                    },
                    _ => true,
                });
                emit(&mut out, &subst, &known, o.op, args);
                heap.insert(Loc::Field(obj, off), v);
            }
            Op::ArrLoad => {
                let loc = Loc::Item(args[0], args[1]);
                result = Some(match heap.get(&loc) {
                    Some(&a) => a,
                    None => {
                        let a = emit(&mut out, &subst, &known, o.op, args);
                        heap.insert(loc, a);
                        a
                    }
                });
            }
            Op::ArrStore => {
                let (arr, i, v) = (args[0], args[1], args[2]);
                // Items of the same array at other indices are unchanged.
                heap.retain(|l, _| match l {
                    Loc::Item(a2, j) => *a2 == arr && differ(&out, i, *j),
                    _ => true,
                });
                emit(&mut out, &subst, &known, o.op, args);
                heap.insert(Loc::Item(arr, i), v);
            }
            Op::GlobalGet(g) => {
                let loc = Loc::Global(g);
                result = Some(match heap.get(&loc) {
                    Some(&a) => a,
                    None => {
                        let a = emit(&mut out, &subst, &known, o.op, args);
                        heap.insert(loc, a);
                        a
                    }
                });
            }
            Op::GlobalSet(g) => {
                let v = args[0];
                emit(&mut out, &subst, &known, o.op, args);
                heap.insert(Loc::Global(g), v);
            }
            Op::Call(th) => {
                if !(env.keeps_heap)(th) {
                    heap.clear();
                } else {
                    // Globals are not part of the effect analysis.
                    heap.retain(|l, _| !matches!(l, Loc::Global(_)));
                }
                let a = emit(&mut out, &subst, &known, o.op, args);
                if o.kind != kind::VOID {
                    result = Some(a);
                }
            }
            Op::New(..) => {
                let a = emit(&mut out, &subst, &known, o.op, args);
                nonnull.insert(a);
                result = Some(a);
            }
            _ => {
                let a = emit(&mut out, &subst, &known, o.op, args);
                if o.kind != kind::VOID {
                    result = Some(a);
                }
            }
        }
        if let Some(r) = result {
            subst[n as usize] = Some(r);
        }
    }
    out
}
