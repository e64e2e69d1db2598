//! Lowering built-in functions and the methods of built-in types.

use super::body::FnLower;
use super::calls::Arg;
use crate::annotate::lattice::{Ann, Builtin, MathFn, Stream};
use crate::flow::{BinOp, BlockId, Constant, Op, OpKind};
use core_ir::{BuiltinClass, Cond, Imm, Opcode, Type, Value};

impl FnLower<'_, '_, '_> {
    fn a_ann(&self, a: &Arg) -> Ann {
        match a {
            Arg::Var(v) => self.ann(*v),
            Arg::Val(_, ann) => ann.clone(),
        }
    }

    fn a_val(&self, a: &Arg) -> Option<Value> {
        match a {
            Arg::Var(v) => self.v(*v),
            Arg::Val(v, _) => *v,
        }
    }

    fn a_slot(&mut self, a: &Arg, to: &Ann) -> Value {
        match a {
            Arg::Var(v) => self.slot_value(*v, to),
            Arg::Val(v, from) => self.coerce_slot(*v, &from.clone(), to),
        }
    }

    fn a_const(&self, a: &Arg) -> Option<Constant> {
        match a {
            Arg::Var(v) => self.cx.ann.const_of(self.fk, *v),
            Arg::Val(..) => None,
        }
    }

    fn kw<'x>(kw: &'x [(String, Arg)], name: &str) -> Option<&'x Arg> {
        kw.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    fn fresult(&mut self, v: Value, from: &Ann, res: &Ann) -> Option<Value> {
        self.convert_result(Some(v), from, res)
    }

    /// Lowers a call of a built-in function.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_builtin(
        &mut self,
        _bl: BlockId,
        _i: usize,
        _op: &Op,
        bi: Builtin,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        use Builtin as B;
        let s = Ann::Str { nullable: false };
        match bi {
            B::Print => {
                let mut parts = Vec::new();
                let sep = match Self::kw(kw, "sep") {
                    Some(a) => self.a_slot(a, &s),
                    None => self.b.sconst(" "),
                };
                let end = match Self::kw(kw, "end") {
                    Some(a) => self.a_slot(a, &s),
                    None => self.b.sconst("\n"),
                };
                for (k, a) in pos.iter().enumerate() {
                    if k > 0 {
                        parts.push(sep);
                    }
                    let (v, aa) = (self.a_val(a), self.a_ann(a));
                    parts.push(self.str_value(v, &aa));
                }
                parts.push(end);
                let text = self.concat(&parts);
                self.emit(Opcode::StdoutWrite, Imm::None, &[text], None);
                if let Some(f) = Self::kw(kw, "flush") {
                    let fa = self.a_ann(f);
                    if let Some(fv) = self.a_val(f) {
                        let t = self.truth(fv, &fa);
                        let yes = self.b.create_block();
                        let join = self.b.create_block();
                        self.b.branch(t, yes, &[], join, &[]);
                        self.b.switch_to_block(yes);
                        self.b.ins(Opcode::StdoutFlush, Imm::None, &[], None);
                        self.b.jump(join, &[]);
                        self.b.switch_to_block(join);
                    }
                }
                None
            }
            B::Len => {
                let r = match &pos[0] {
                    Arg::Var(v) => self.len_of(*v),
                    Arg::Val(..) => return None,
                };
                self.fresult(r, &Ann::Int, res)
            }
            B::Abs => {
                let a = self.a_ann(&pos[0]);
                match a {
                    Ann::Float => {
                        let v = self.a_slot(&pos[0], &Ann::Float);
                        let r = self.val(Opcode::FloatAbs, Imm::None, &[v]);
                        self.fresult(r, &Ann::Float, res)
                    }
                    Ann::UInt => self.a_val(&pos[0]),
                    _ => {
                        let v = self.a_slot(&pos[0], &Ann::Int);
                        let r = self.val(Opcode::IntAbs, Imm::None, &[v]);
                        self.fresult(r, &Ann::Int, res)
                    }
                }
            }
            B::Min | B::Max => {
                if pos.len() == 1 {
                    let la = self.a_ann(&pos[0]).non_null();
                    let l = self.a_slot(&pos[0], &la);
                    let f = if bi == B::Min { "list_min" } else { "list_max" };
                    return self.call_prelude(f, &[(l, la)], res);
                }
                let cond = if bi == B::Min { Cond::Lt } else { Cond::Gt };
                let mut best = self.a_slot(&pos[0], res);
                for a in &pos[1..] {
                    let v = self.a_slot(a, res);
                    // CPython keeps the first of equal extremes.
                    let better = self.order(cond, Some(v), res, Some(best), res);
                    let t = self.b.value_type(best);
                    best = self
                        .b
                        .op_typed(Opcode::Select, Imm::None, &[better, v, best], t);
                }
                Some(best)
            }
            B::Sum => {
                let la = self.a_ann(&pos[0]).non_null();
                let l = self.a_slot(&pos[0], &la);
                let item = self.list_item_ann(&la);
                let (f, r) = if item == Ann::Float {
                    ("list_sum_float", Ann::Float)
                } else {
                    ("list_sum_int", Ann::Int)
                };
                let v = self.call_prelude(f, &[(l, la)], &r)?;
                self.fresult(v, &r, res)
            }
            B::Range => {
                let vals: Vec<Value> = pos.iter().map(|a| self.a_slot(a, &Ann::Int)).collect();
                let (start, stop, step) = match vals.len() {
                    1 => (self.b.iconst(0), vals[0], self.b.iconst(1)),
                    2 => (vals[0], vals[1], self.b.iconst(1)),
                    _ => (vals[0], vals[1], vals[2]),
                };
                let t = self
                    .b
                    .prog
                    .types
                    .tuple(vec![Type::INT, Type::INT, Type::INT]);
                Some(
                    self.b
                        .op_typed(Opcode::TupleNew, Imm::None, &[start, stop, step], t),
                )
            }
            B::Reversed => {
                let la = self.a_ann(&pos[0]).non_null();
                let l = self.a_slot(&pos[0], &la);
                let c = self.call_prelude("list_copy", &[(l, la.clone())], &la)?;
                self.call_prelude("list_reverse", &[(c, la.clone())], &Ann::NoneOnly);
                self.fresult(c, &la, res)
            }
            B::IsInstance => match (&pos[0], &pos[1]) {
                (Arg::Var(x), Arg::Var(c)) => {
                    let (x, c) = (*x, *c);
                    Some(self.isinstance_pub(x, c))
                }
                _ => Some(self.b.bconst(false)),
            },
            B::Int => {
                if pos.is_empty() {
                    return Some(self.b.iconst(0));
                }
                let a = self.a_ann(&pos[0]);
                let r = match a {
                    Ann::Str { .. } if pos.len() == 2 => {
                        let sv = self.a_slot(&pos[0], &s);
                        let base = self.a_slot(&pos[1], &Ann::Int);
                        self.call_prelude(
                            "int_from_str_base",
                            &[(sv, s.clone()), (base, Ann::Int)],
                            &Ann::Int,
                        )?
                    }
                    Ann::Str { .. } => {
                        let sv = self.a_slot(&pos[0], &s);
                        self.call_prelude("int_from_str", &[(sv, s.clone())], &Ann::Int)?
                    }
                    Ann::Float => {
                        let f = self.a_slot(&pos[0], &Ann::Float);
                        self.val(Opcode::FloatToInt, Imm::None, &[f])
                    }
                    Ann::UInt => {
                        let u = self.a_slot(&pos[0], &Ann::UInt);
                        self.val(Opcode::UintToInt, Imm::None, &[u])
                    }
                    _ => self.a_slot(&pos[0], &Ann::Int),
                };
                self.fresult(r, &Ann::Int, res)
            }
            B::Float => {
                if pos.is_empty() {
                    return Some(self.b.fconst(0.0));
                }
                let a = self.a_ann(&pos[0]);
                let r = match a {
                    Ann::Str { .. } => {
                        let sv = self.a_slot(&pos[0], &s);
                        self.val(Opcode::FloatFromStr, Imm::None, &[sv])
                    }
                    _ => self.a_slot(&pos[0], &Ann::Float),
                };
                self.fresult(r, &Ann::Float, res)
            }
            B::Str | B::Repr => {
                let Some(a) = pos.first() else {
                    return Some(self.b.sconst(""));
                };
                let (v, aa) = (self.a_val(a), self.a_ann(a));
                Some(if bi == B::Str {
                    self.str_value(v, &aa)
                } else {
                    self.repr_value(v, &aa)
                })
            }
            B::Bool => {
                let Some(a) = pos.first() else {
                    return Some(self.b.bconst(false));
                };
                let aa = self.a_ann(a);
                match self.a_val(a) {
                    Some(v) => Some(self.truth(v, &aa)),
                    None => Some(self.b.bconst(!matches!(aa, Ann::NoneOnly | Ann::Bottom))),
                }
            }
            B::Ord => {
                let sv = self.a_slot(&pos[0], &s);
                let r = self.call_prelude("str_ord", &[(sv, s.clone())], &Ann::Int)?;
                self.fresult(r, &Ann::Int, res)
            }
            B::Chr => {
                let v = self.a_slot(&pos[0], &Ann::Int);
                Some(self.val(Opcode::StrChr, Imm::None, &[v]))
            }
            B::Hex => {
                if self.a_ann(&pos[0]) == Ann::UInt {
                    // hex() of an r_uint: its unsigned value.
                    let u = self.a_slot(&pos[0], &Ann::UInt);
                    let four = self.b.iconst(4);
                    let hi_u = self.val(Opcode::UintRshift, Imm::None, &[u, four]);
                    let hi = self.val(Opcode::UintToInt, Imm::None, &[hi_u]);
                    let fifteen = self
                        .b
                        .op_typed(Opcode::Uconst, Imm::UInt(15), &[], Type::UINT);
                    let lo_u = self.val(Opcode::UintAnd, Imm::None, &[u, fifteen]);
                    let lo = self.val(Opcode::UintToInt, Imm::None, &[lo_u]);
                    let digits = self.b.sconst("0123456789abcdef");
                    let d = self.val(Opcode::StrGetItem, Imm::None, &[digits, lo]);
                    let hs = self.call_prelude("int_to_hex", &[(hi, Ann::Int)], &s)?;
                    let zero = self.b.iconst(0);
                    let is0 = self.val(Opcode::IntCmp, Imm::Cond(Cond::Eq), &[hi, zero]);
                    let prefix = self.b.sconst("0x");
                    let head =
                        self.b
                            .op_typed(Opcode::Select, Imm::None, &[is0, prefix, hs], Type::STR);
                    return Some(self.val(Opcode::StrConcat, Imm::None, &[head, d]));
                }
                let v = self.a_slot(&pos[0], &Ann::Int);
                self.call_prelude("int_to_hex", &[(v, Ann::Int)], &s)
            }
            B::Hash => {
                let a = self.a_ann(&pos[0]);
                let r = match &a {
                    Ann::Instance { class, .. }
                        if self.cx.ann.classes.has_method_in_family(*class, "__hash__") =>
                    {
                        let v = self.a_val(&pos[0])?;
                        let inst = a.non_null();
                        let r = self.call_method_value(v, &inst, "__hash__", &[])?;
                        return self.fresult(r, &Ann::Int, res);
                    }
                    _ => {
                        let v = self.a_slot(&pos[0], &a);
                        self.val(Opcode::Hash, Imm::None, &[v])
                    }
                };
                self.fresult(r, &Ann::Int, res)
            }
            B::Sorted | B::List => {
                if pos.is_empty() {
                    let t = self.cx.slot_type(self.b.prog, res);
                    return Some(self.b.op_typed(Opcode::ListNew, Imm::None, &[], t));
                }
                let a = self.a_ann(&pos[0]);
                let rt = self.cx.slot_type(self.b.prog, res);
                let l = match &a {
                    Ann::List { .. } => {
                        let la = a.non_null();
                        let v = self.a_slot(&pos[0], &la);
                        self.call_prelude("list_copy", &[(v, la.clone())], res)?
                    }
                    Ann::Str { .. } => {
                        let v = self.a_slot(&pos[0], &s);
                        self.call_prelude("str_chars", &[(v, s.clone())], res)?
                    }
                    Ann::Range => {
                        let r = self.a_slot(&pos[0], &a);
                        let parts: Vec<Value> = (0..3)
                            .map(|k| self.val(Opcode::TupleGet, Imm::Index(k), &[r]))
                            .collect();
                        self.call_prelude(
                            "range_list",
                            &[
                                (parts[0], Ann::Int),
                                (parts[1], Ann::Int),
                                (parts[2], Ann::Int),
                            ],
                            res,
                        )?
                    }
                    Ann::Dict { .. } => {
                        let d = self.a_slot(&pos[0], &a.non_null());
                        self.emit(Opcode::DictKeys, Imm::None, &[d], Some(rt))?
                    }
                    Ann::Tuple(items) => {
                        let t = self.a_slot(&pos[0], &a);
                        let item = self.list_item_ann(res);
                        let mut vals = Vec::new();
                        for (k, ia) in items.clone().iter().enumerate() {
                            let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[t]);
                            vals.push(self.coerce_slot(Some(it), ia, &item));
                        }
                        self.b.op_typed(Opcode::ListOf, Imm::None, &vals, rt)
                    }
                    _ => return None,
                };
                if bi == B::Sorted {
                    let rev = match Self::kw(kw, "reverse") {
                        Some(r) => {
                            let ra = self.a_ann(r);
                            let rv = self.a_val(r)?;
                            self.truth(rv, &ra)
                        }
                        None => self.b.bconst(false),
                    };
                    self.call_prelude(
                        "list_sort",
                        &[(l, res.non_null()), (rev, Ann::Bool)],
                        &Ann::NoneOnly,
                    );
                }
                Some(l)
            }
            B::Divmod => {
                let (xa, ya) = (self.a_ann(&pos[0]), self.a_ann(&pos[1]));
                let float = matches!(xa, Ann::Float) || matches!(ya, Ann::Float);
                let t = if float { Ann::Float } else { Ann::Int };
                let x = self.a_slot(&pos[0], &t);
                let y = self.a_slot(&pos[1], &t);
                let (d, m) = if float {
                    (
                        self.val(Opcode::FloatFloorDiv, Imm::None, &[x, y]),
                        self.val(Opcode::FloatMod, Imm::None, &[x, y]),
                    )
                } else {
                    (
                        self.val(Opcode::IntFloorDiv, Imm::None, &[x, y]),
                        self.val(Opcode::IntMod, Imm::None, &[x, y]),
                    )
                };
                let tt = self
                    .cx
                    .slot_type(self.b.prog, &Ann::Tuple(vec![t.clone(), t.clone()]));
                let tv = self.b.op_typed(Opcode::TupleNew, Imm::None, &[d, m], tt);
                self.fresult(tv, &Ann::Tuple(vec![t.clone(), t]), res)
            }
            B::Open => {
                let p = self.a_slot(&pos[0], &s);
                let m = match pos.get(1) {
                    Some(a) => self.a_slot(a, &s),
                    None => self.b.sconst("r"),
                };
                self.emit(Opcode::FileOpen, Imm::None, &[p, m], Some(Type::FILE))
            }
            B::Math(m) => {
                let f = |fl: &mut Self, k: usize| fl.a_slot(&pos[k], &Ann::Float);
                let r = match m {
                    MathFn::Sqrt => {
                        let x = f(self, 0);
                        self.val(Opcode::FloatSqrt, Imm::None, &[x])
                    }
                    MathFn::Floor | MathFn::Ceil => {
                        let x = f(self, 0);
                        let op = if m == MathFn::Floor {
                            Opcode::FloatFloor
                        } else {
                            Opcode::FloatCeil
                        };
                        let y = self.val(op, Imm::None, &[x]);
                        let r = self.val(Opcode::FloatToInt, Imm::None, &[y]);
                        return self.fresult(r, &Ann::Int, res);
                    }
                    MathFn::Sin | MathFn::Cos | MathFn::Tan | MathFn::Exp | MathFn::Fabs => {
                        let x = f(self, 0);
                        let op = match m {
                            MathFn::Sin => Opcode::FloatSin,
                            MathFn::Cos => Opcode::FloatCos,
                            MathFn::Tan => Opcode::FloatTan,
                            MathFn::Exp => Opcode::FloatExp,
                            _ => Opcode::FloatAbs,
                        };
                        self.val(op, Imm::None, &[x])
                    }
                    MathFn::Log => {
                        let x = f(self, 0);
                        let lx = self.val(Opcode::FloatLog, Imm::None, &[x]);
                        if pos.len() == 2 {
                            let base = f(self, 1);
                            let lb = self.val(Opcode::FloatLog, Imm::None, &[base]);
                            self.val(Opcode::FloatTrueDiv, Imm::None, &[lx, lb])
                        } else {
                            lx
                        }
                    }
                    MathFn::Atan2 | MathFn::Pow => {
                        let (x, y) = (f(self, 0), f(self, 1));
                        let op = if m == MathFn::Atan2 {
                            Opcode::FloatAtan2
                        } else {
                            Opcode::FloatMathPow
                        };
                        self.val(op, Imm::None, &[x, y])
                    }
                };
                self.fresult(r, &Ann::Float, res)
            }
            B::TimeTime => Some(self.val(Opcode::TimeTime, Imm::None, &[])),
            B::TimePerfCounter => Some(self.val(Opcode::TimePerfCounter, Imm::None, &[])),
            B::Promote => {
                let a = self.a_ann(&pos[0]);
                let v = self.a_val(&pos[0])?;
                let p = self.val(Opcode::Promote, Imm::None, &[v]);
                self.fresult(p, &a, res)
            }
            B::Hint => {
                let a = self.a_ann(&pos[0]);
                let v = self.a_val(&pos[0])?;
                let promote = Self::kw(kw, "promote")
                    .map(|p| matches!(self.a_const(p), Some(Constant::Bool(true))))
                    .unwrap_or(false);
                let r = if promote {
                    self.val(Opcode::Promote, Imm::None, &[v])
                } else {
                    v
                };
                self.fresult(r, &a, res)
            }
            B::WeAreJitted => Some(self.val(Opcode::WeAreJitted, Imm::None, &[])),
            B::Ovfcheck => {
                // ovfcheck(a op b): the checked form of the arithmetic.
                if let Arg::Var(x) = &pos[0] {
                    if let Some(def) = self.cx.ann.defining_op(self.fk, *x) {
                        if let OpKind::BinOp(bop) = def.kind {
                            let ovf = match bop {
                                BinOp::Add => Some(Opcode::IntAddOvf),
                                BinOp::Sub => Some(Opcode::IntSubOvf),
                                BinOp::Mul => Some(Opcode::IntMulOvf),
                                _ => None,
                            };
                            let (l, r) = (def.args[0], def.args[1]);
                            if let Some(ovf) = ovf {
                                if self.ann(l).is_intlike()
                                    && self.ann(r).is_intlike()
                                    && self.v(l).is_some()
                                    && self.v(r).is_some()
                                {
                                    let a = self.slot_value(l, &Ann::Int);
                                    let b = self.slot_value(r, &Ann::Int);
                                    let v = self.val(ovf, Imm::None, &[a, b]);
                                    return self.fresult(v, &Ann::Int, res);
                                }
                            }
                        }
                    }
                }
                let v = self.a_slot(&pos[0], &Ann::Int);
                self.fresult(v, &Ann::Int, res)
            }
            B::Intmask => {
                let a = self.a_ann(&pos[0]);
                let v = if a == Ann::UInt {
                    let u = self.a_slot(&pos[0], &Ann::UInt);
                    self.val(Opcode::UintToInt, Imm::None, &[u])
                } else {
                    self.a_slot(&pos[0], &Ann::Int)
                };
                self.fresult(v, &Ann::Int, res)
            }
            B::RUint => {
                let v = self.a_slot(&pos[0], &Ann::UInt);
                Some(v)
            }
            B::CharClass => {
                let v = self.a_slot(&pos[0], &Ann::Int);
                Some(self.val(Opcode::CharClass, Imm::None, &[v]))
            }
            B::CodeAt => {
                let sv = self.a_slot(&pos[0], &s);
                let i = self.a_slot(&pos[1], &Ann::Int);
                Some(self.val(Opcode::StrCodeAt, Imm::None, &[sv, i]))
            }
            B::FmtFixed | B::FmtExp | B::FmtGeneral => {
                let x = self.a_slot(&pos[0], &Ann::Float);
                let p = self.a_slot(&pos[1], &Ann::Int);
                let op = match bi {
                    B::FmtFixed => Opcode::FloatFmtFixed,
                    B::FmtExp => Opcode::FloatFmtExp,
                    _ => Opcode::FloatFmtGeneral,
                };
                Some(self.val(op, Imm::None, &[x, p]))
            }
            B::Super
            | B::JitDriver
            | B::Enumerate
            | B::Zip
            | B::DecoratorElidable
            | B::DecoratorDontLookInside
            | B::DecoratorUnrollSafe
            | B::StaticMethod => None,
        }
    }

    /// `isinstance(x, cls)` for two flow variables.
    pub fn isinstance_pub(&mut self, x: crate::flow::Var, cls: crate::flow::Var) -> Value {
        let kind_op = Op {
            kind: OpKind::IsInstance,
            args: vec![x, cls],
            result: None,
            span: self.g.vars[x].span,
            catch: None,
        };
        self.lower_op(crate::flow::BlockId::from_u32(0), 0, &kind_op)
            .unwrap_or_else(|| self.b.bconst(false))
    }

    /// Lowers a call of a method of a built-in type on receiver `recv`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_builtin_method(
        &mut self,
        _bl: BlockId,
        _i: usize,
        _op: &Op,
        recv: Arg,
        name: &str,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        let s = Ann::Str { nullable: false };
        let ra = self.a_ann(&recv).non_null();
        let max = |fl: &mut Self| fl.b.iconst(i64::MAX);
        match &ra {
            Ann::Str { .. } => {
                let sv = self.a_slot(&recv, &s);
                match name {
                    "split" => {
                        let sep = pos.first().or_else(|| Self::kw(kw, "sep")).cloned();
                        let maxsplit = match pos.get(1).or_else(|| Self::kw(kw, "maxsplit")) {
                            Some(m) => self.a_slot(&m.clone(), &Ann::Int),
                            None => self.b.iconst(-1),
                        };
                        match sep {
                            Some(sp) if matches!(self.a_ann(&sp), Ann::Str { .. }) => {
                                let spv = self.a_slot(&sp, &s);
                                self.call_prelude(
                                    "str_split",
                                    &[(sv, s.clone()), (spv, s.clone()), (maxsplit, Ann::Int)],
                                    res,
                                )
                            }
                            _ => self.call_prelude(
                                "str_split_ws",
                                &[(sv, s.clone()), (maxsplit, Ann::Int)],
                                res,
                            ),
                        }
                    }
                    "splitlines" => self.call_prelude("str_splitlines", &[(sv, s.clone())], res),
                    "strip" | "lstrip" | "rstrip" => match pos.first() {
                        Some(c) if matches!(self.a_ann(c), Ann::Str { .. }) => {
                            let cv = self.a_slot(&c.clone(), &s);
                            self.call_prelude(
                                &format!("str_{name}"),
                                &[(sv, s.clone()), (cv, s.clone())],
                                res,
                            )
                        }
                        _ => self.call_prelude(&format!("str_{name}_ws"), &[(sv, s.clone())], res),
                    },
                    "startswith" | "endswith" => {
                        let op = if name == "startswith" {
                            Opcode::StrStartswith
                        } else {
                            Opcode::StrEndswith
                        };
                        let pa = self.a_ann(&pos[0]);
                        match pa {
                            Ann::Tuple(items) => {
                                let t = self.a_slot(&pos[0], &Ann::Tuple(items.clone()));
                                let mut acc = self.b.bconst(false);
                                for k in 0..items.len() {
                                    let p = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[t]);
                                    let r = self.val(op, Imm::None, &[sv, p]);
                                    let tr = self.b.bconst(true);
                                    acc = self.b.op_typed(
                                        Opcode::Select,
                                        Imm::None,
                                        &[acc, tr, r],
                                        Type::BOOL,
                                    );
                                }
                                Some(acc)
                            }
                            _ => {
                                let p = self.a_slot(&pos[0], &s);
                                Some(self.val(op, Imm::None, &[sv, p]))
                            }
                        }
                    }
                    "find" | "rfind" | "index" | "rindex" | "count" => {
                        let sub = self.a_slot(&pos[0], &s);
                        let start = match pos.get(1) {
                            Some(a) => self.a_slot(&a.clone(), &Ann::Int),
                            None => self.b.iconst(0),
                        };
                        let end = match pos.get(2) {
                            Some(a) => self.a_slot(&a.clone(), &Ann::Int),
                            None => max(self),
                        };
                        match name {
                            "find" => {
                                Some(self.val(Opcode::StrFind, Imm::None, &[sv, sub, start, end]))
                            }
                            "rfind" => {
                                Some(self.val(Opcode::StrRfind, Imm::None, &[sv, sub, start, end]))
                            }
                            _ => {
                                let end = if pos.get(2).is_none() {
                                    self.val(Opcode::StrLen, Imm::None, &[sv])
                                } else {
                                    end
                                };
                                self.call_prelude(
                                    &format!("str_{name}"),
                                    &[
                                        (sv, s.clone()),
                                        (sub, s.clone()),
                                        (start, Ann::Int),
                                        (end, Ann::Int),
                                    ],
                                    res,
                                )
                            }
                        }
                    }
                    "replace" => {
                        let old = self.a_slot(&pos[0], &s);
                        let new = self.a_slot(&pos[1], &s);
                        let count = match pos.get(2) {
                            Some(a) => self.a_slot(&a.clone(), &Ann::Int),
                            None => self.b.iconst(-1),
                        };
                        self.call_prelude(
                            "str_replace",
                            &[
                                (sv, s.clone()),
                                (old, s.clone()),
                                (new, s.clone()),
                                (count, Ann::Int),
                            ],
                            res,
                        )
                    }
                    "join" => {
                        let la = self.a_ann(&pos[0]).non_null();
                        let l = self.a_slot(&pos[0], &la);
                        Some(self.val(Opcode::StrJoin, Imm::None, &[sv, l]))
                    }
                    "lower" => Some(self.val(Opcode::StrLower, Imm::None, &[sv])),
                    "upper" => Some(self.val(Opcode::StrUpper, Imm::None, &[sv])),
                    "ljust" | "rjust" | "center" => {
                        let w = self.a_slot(&pos[0], &Ann::Int);
                        let fill = match pos.get(1) {
                            Some(a) => self.a_slot(&a.clone(), &s),
                            None => self.b.sconst(" "),
                        };
                        self.call_prelude(
                            &format!("str_{name}"),
                            &[(sv, s.clone()), (w, Ann::Int), (fill, s.clone())],
                            res,
                        )
                    }
                    "zfill" => {
                        let w = self.a_slot(&pos[0], &Ann::Int);
                        self.call_prelude("str_zfill", &[(sv, s.clone()), (w, Ann::Int)], res)
                    }
                    _ => self.call_prelude(&format!("str_{name}"), &[(sv, s.clone())], res),
                }
            }
            Ann::List { .. } => {
                let l = self.a_slot(&recv, &ra);
                let item = self.list_item_ann(&ra);
                match name {
                    "append" => {
                        let x = self.a_slot(&pos[0], &item);
                        self.emit(Opcode::ListAppend, Imm::None, &[l, x], None);
                        None
                    }
                    "pop" => {
                        let i = match pos.first() {
                            Some(a) => self.a_slot(&a.clone(), &Ann::Int),
                            None => self.b.iconst(-1),
                        };
                        let v = self.val(Opcode::ListPop, Imm::None, &[l, i]);
                        self.fresult(v, &item, res)
                    }
                    "insert" => {
                        let i = self.a_slot(&pos[0], &Ann::Int);
                        let x = self.a_slot(&pos[1], &item);
                        self.emit(Opcode::ListInsert, Imm::None, &[l, i, x], None);
                        None
                    }
                    "extend" => {
                        let o = self.a_slot(&pos[0], &ra);
                        self.emit(Opcode::ListExtend, Imm::None, &[l, o], None);
                        None
                    }
                    "reverse" => {
                        self.call_prelude("list_reverse", &[(l, ra.clone())], &Ann::NoneOnly);
                        None
                    }
                    "copy" => self.call_prelude("list_copy", &[(l, ra.clone())], res),
                    "clear" => {
                        let z = self.b.iconst(0);
                        let m = max(self);
                        self.emit(Opcode::ListDelSlice, Imm::None, &[l, z, m], None);
                        None
                    }
                    "index" | "remove" | "count" => {
                        let x = self.a_slot(&pos[0], &item);
                        if name == "index" && pos.len() == 2 {
                            let st = self.a_slot(&pos[1], &Ann::Int);
                            return self.call_prelude(
                                "list_index_from",
                                &[(l, ra.clone()), (x, item.clone()), (st, Ann::Int)],
                                res,
                            );
                        }
                        self.call_prelude(
                            &format!("list_{name}"),
                            &[(l, ra.clone()), (x, item.clone())],
                            res,
                        )
                    }
                    "sort" => {
                        let rev = match Self::kw(kw, "reverse") {
                            Some(r) => {
                                let rr = self.a_ann(r);
                                let rv = self.a_val(r)?;
                                self.truth(rv, &rr)
                            }
                            None => self.b.bconst(false),
                        };
                        self.call_prelude(
                            "list_sort",
                            &[(l, ra.clone()), (rev, Ann::Bool)],
                            &Ann::NoneOnly,
                        );
                        None
                    }
                    _ => None,
                }
            }
            Ann::Dict { def, .. } => {
                let (k, v) = self.cx.ann.dict_kv_final(*def);
                let d = self.a_slot(&recv, &ra);
                match name {
                    "get" => {
                        let key = self.a_slot(&pos[0], &k);
                        match pos.get(1) {
                            None => {
                                let vt = self.cx.slot_type(self.b.prog, &v);
                                let none = self.b.op_typed(Opcode::NoneConst, Imm::None, &[], vt);
                                let r = self.val(Opcode::DictGet, Imm::None, &[d, key, none]);
                                let from = v.with_null().unwrap_or(v.clone());
                                self.fresult(r, &from, res)
                            }
                            Some(dflt) => {
                                let da = self.a_ann(dflt);
                                if self.cx.ann.same(res, &v)
                                    || (da == Ann::NoneOnly
                                        && self.cx.slot_type(self.b.prog, res)
                                            == self.cx.slot_type(self.b.prog, &v))
                                {
                                    let dv = self.a_slot(&dflt.clone(), &v);
                                    let r = self.val(Opcode::DictGet, Imm::None, &[d, key, dv]);
                                    self.fresult(r, &v, res)
                                } else {
                                    // The result is wider than the values: branch.
                                    let has = self.val(Opcode::DictContains, Imm::None, &[d, key]);
                                    let yes = self.b.create_block();
                                    let no = self.b.create_block();
                                    let join = self.b.create_block();
                                    let rt = self.cx.slot_type(self.b.prog, res);
                                    let out = self.b.append_block_param(join, rt);
                                    self.b.branch(has, yes, &[], no, &[]);
                                    self.b.switch_to_block(yes);
                                    let got = self.val(Opcode::DictGetItem, Imm::None, &[d, key]);
                                    let gv = self.coerce_slot(Some(got), &v, res);
                                    self.b.jump(join, &[gv]);
                                    self.b.switch_to_block(no);
                                    let dv = self.a_slot(&dflt.clone(), res);
                                    self.b.jump(join, &[dv]);
                                    self.b.switch_to_block(join);
                                    Some(out)
                                }
                            }
                        }
                    }
                    "pop" => {
                        let key = self.a_slot(&pos[0], &k);
                        match pos.get(1) {
                            None => {
                                let r = self.val(Opcode::DictPop, Imm::None, &[d, key]);
                                self.fresult(r, &v, res)
                            }
                            Some(dflt) => {
                                let dv = self.a_slot(&dflt.clone(), &v);
                                self.call_prelude(
                                    "dict_pop_default",
                                    &[(d, ra.clone()), (key, k.clone()), (dv, v.clone())],
                                    res,
                                )
                            }
                        }
                    }
                    "keys" | "values" | "items" => {
                        let op = match name {
                            "keys" => Opcode::DictKeys,
                            "values" => Opcode::DictValues,
                            _ => Opcode::DictItems,
                        };
                        let rt = self.cx.slot_type(self.b.prog, res);
                        let want = match name {
                            "keys" => self.b.prog.types.list(
                                self.b
                                    .prog
                                    .types
                                    .dict_kv(self.b.value_type(d))
                                    .map(|x| x.0)
                                    .unwrap_or(Type::INT),
                            ),
                            "values" => self.b.prog.types.list(
                                self.b
                                    .prog
                                    .types
                                    .dict_kv(self.b.value_type(d))
                                    .map(|x| x.1)
                                    .unwrap_or(Type::INT),
                            ),
                            _ => {
                                let (kt, vt) = self
                                    .b
                                    .prog
                                    .types
                                    .dict_kv(self.b.value_type(d))
                                    .unwrap_or((Type::INT, Type::INT));
                                let tt = self.b.prog.types.tuple(vec![kt, vt]);
                                self.b.prog.types.list(tt)
                            }
                        };
                        if rt != want {
                            return None;
                        }
                        self.emit(op, Imm::None, &[d], Some(rt))
                    }
                    "setdefault" => {
                        let key = self.a_slot(&pos[0], &k);
                        let dv = self.a_slot(&pos[1], &v);
                        self.call_prelude(
                            "dict_setdefault",
                            &[(d, ra.clone()), (key, k.clone()), (dv, v.clone())],
                            res,
                        )
                    }
                    "clear" => {
                        self.emit(Opcode::DictClear, Imm::None, &[d], None);
                        None
                    }
                    "copy" => self.call_prelude("dict_copy", &[(d, ra.clone())], res),
                    "update" => {
                        let o = self.a_slot(&pos[0], &ra);
                        self.call_prelude(
                            "dict_update",
                            &[(d, ra.clone()), (o, ra.clone())],
                            &Ann::NoneOnly,
                        );
                        None
                    }
                    _ => None,
                }
            }
            Ann::File { .. } => {
                let f = self.a_slot(&recv, &ra);
                match name {
                    "read" => self.emit(Opcode::FileRead, Imm::None, &[f], Some(Type::STR)),
                    "readline" => self.emit(Opcode::FileReadline, Imm::None, &[f], Some(Type::STR)),
                    "write" => {
                        let t = self.a_slot(&pos[0], &s);
                        self.emit(Opcode::FileWrite, Imm::None, &[f, t], None);
                        let n = self.val(Opcode::StrLen, Imm::None, &[t]);
                        self.fresult(n, &Ann::Int, res)
                    }
                    _ => {
                        self.emit(Opcode::FileClose, Imm::None, &[f], None);
                        None
                    }
                }
            }
            Ann::Stream(st) => match (st, name) {
                (Stream::Stdin, "readline") => {
                    Some(self.val(Opcode::StdinReadline, Imm::None, &[]))
                }
                (Stream::Stdin, _) => Some(self.val(Opcode::StdinRead, Imm::None, &[])),
                (_, "flush") => {
                    if *st == Stream::Stdout {
                        self.b.ins(Opcode::StdoutFlush, Imm::None, &[], None);
                    }
                    None
                }
                (_, _) => {
                    let t = self.a_slot(&pos[0], &s);
                    let op = if *st == Stream::Stdout {
                        Opcode::StdoutWrite
                    } else {
                        Opcode::StderrWrite
                    };
                    self.emit(op, Imm::None, &[t], None);
                    let n = self.val(Opcode::StrLen, Imm::None, &[t]);
                    self.fresult(n, &Ann::Int, res)
                }
            },
            Ann::Driver(dk) => {
                let info = self.cx.ann.drivers[dk.0 as usize].clone();
                let did = self.cx.driver(*dk);
                let mut args = Vec::new();
                for (k, n) in info.greens.iter().chain(info.reds.iter()).enumerate() {
                    let a = Self::kw(kw, n)?.clone();
                    let want = info.var_anns[k].clone();
                    args.push(self.a_slot(&a, &want));
                }
                let op = if name == "jit_merge_point" {
                    Opcode::JitMergePoint
                } else {
                    Opcode::CanEnterJit
                };
                self.b.ins(op, Imm::Driver(did), &args, None);
                None
            }
            _ => {
                let _ = BuiltinClass::ValueError;
                None
            }
        }
    }
}
