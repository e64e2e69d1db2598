//! Lowering of each flow-graph operation, chosen by its operands' annotations.

use super::body::FnLower;
use crate::annotate::lattice::{Ann, ClassKey};
use crate::annotate::names::{self, NameRef};
use crate::flow::{BinOp, BlockId, CmpOp, Constant, Op, OpKind, UnaryOp, Var};
use core_ir::{BuiltinClass, Cond, Imm, Opcode, Type, Value};

impl FnLower<'_, '_, '_> {
    /// The IR value of a flow variable as it is.
    pub fn v(&self, x: Var) -> Option<Value> {
        self.vals[x.as_u32() as usize]
    }

    /// Lowers one op; returns the IR value of its result (None if static).
    pub(super) fn lower_op(&mut self, bl: BlockId, i: usize, op: &Op) -> Option<Value> {
        let res_ann = op.result.map(|r| self.ann(r)).unwrap_or(Ann::Bottom);
        let a = |k: usize| op.args[k];
        match &op.kind {
            OpKind::Const(c) => match c {
                Constant::None => None,
                Constant::Bool(x) => Some(self.b.bconst(*x)),
                Constant::Int(n) => Some(self.b.iconst(*n)),
                Constant::Float(x) => Some(self.b.fconst(*x)),
                Constant::Str(s) => Some(self.b.sconst(s)),
            },
            OpKind::Copy => {
                let x = a(0);
                self.var_value(x, &res_ann)
            }
            OpKind::Unbound => None,
            OpKind::NotNone => {
                let x = a(0);
                self.var_value(x, &res_ann)
            }
            OpKind::Raise => {
                let x = a(0);
                let xa = self.ann(x);
                let exc = match xa {
                    Ann::Classes(cs) => {
                        let c = *cs.iter().next().expect("one class");
                        self.instantiate(c, &[], &[])
                    }
                    _ => self.v(x)?,
                };
                self.raise_value(exc);
                None
            }
            OpKind::LoadGlobal(name) => {
                let module = self.cx.ann.flow.funcs[self.cx.ann.funcs[self.fk].key.func].module;
                let r = names::resolve_global(self.cx.ann.flow, &self.cx.ann.classes, module, name);
                self.load_name(r, &res_ann)
            }
            OpKind::LoadBuiltin(name) => {
                let r = names::resolve_builtin(name);
                self.load_name(r, &res_ann)
            }
            OpKind::StoreGlobal(name) => {
                let module = self.cx.ann.flow.funcs[self.cx.ann.funcs[self.fk].key.func].module;
                if let Some(NameRef::Global(m, n)) =
                    names::resolve_global(self.cx.ann.flow, &self.cx.ann.classes, module, name)
                {
                    if let Some(g) = self.cx.global(m, &n) {
                        let gann = self.cx.ann.globals[&(m, n.clone())].ann.clone();
                        let v = self.slot_value(a(0), &gann);
                        self.b.ins(Opcode::GlobalSet, Imm::Global(g), &[v], None);
                    }
                }
                None
            }
            OpKind::LoadAttr(name) => self.load_attr(a(0), name, &res_ann),
            OpKind::StoreAttr(name) => {
                self.store_attr(a(0), name, a(1));
                None
            }
            OpKind::StoreClassAttr(cid, name) => {
                let c = self.cx.ann.classes.by_def[cid];
                if let Some(&g) = self.cx.class_attr_globals_get(c, name) {
                    let cann = self.cx.ann.class_attrs[&(c, name.clone())].clone();
                    let v = self.slot_value(a(0), &cann);
                    self.b.ins(Opcode::GlobalSet, Imm::Global(g), &[v], None);
                }
                None
            }
            OpKind::BinOp(bop) => self.binop(op, *bop, a(0), a(1), &res_ann, false),
            OpKind::InplaceOp(bop) => self.binop(op, *bop, a(0), a(1), &res_ann, true),
            OpKind::UnaryOp(u) => {
                let x = a(0);
                match (u, &res_ann) {
                    (UnaryOp::Pos, r) => self.var_value(x, &r.clone()),
                    (UnaryOp::Neg, Ann::Int) => {
                        let v = self.slot_value(x, &Ann::Int);
                        Some(self.val(Opcode::IntNeg, Imm::None, &[v]))
                    }
                    (UnaryOp::Neg, Ann::Float) => {
                        let v = self.slot_value(x, &Ann::Float);
                        Some(self.val(Opcode::FloatNeg, Imm::None, &[v]))
                    }
                    (UnaryOp::Neg, Ann::UInt) => {
                        let v = self.slot_value(x, &Ann::UInt);
                        let z = self
                            .b
                            .op_typed(Opcode::Uconst, Imm::UInt(0), &[], Type::UINT);
                        Some(self.val(Opcode::UintSub, Imm::None, &[z, v]))
                    }
                    (UnaryOp::Invert, Ann::UInt) => {
                        let v = self.slot_value(x, &Ann::UInt);
                        Some(self.val(Opcode::UintInvert, Imm::None, &[v]))
                    }
                    (UnaryOp::Invert, _) => {
                        let v = self.slot_value(x, &Ann::Int);
                        Some(self.val(Opcode::IntInvert, Imm::None, &[v]))
                    }
                    _ => None,
                }
            }
            OpKind::Not => {
                let t = self.truth_var(a(0));
                Some(self.val(Opcode::BoolNot, Imm::None, &[t]))
            }
            OpKind::Truth => Some(self.truth_var(a(0))),
            OpKind::Compare(c) => Some(self.compare(*c, a(0), a(1))),
            OpKind::GetItem => self.getitem(op, a(0), a(1), &res_ann),
            OpKind::SetItem => {
                let c = self.ann(a(0));
                match c {
                    Ann::List { .. } => {
                        let item = self.list_item_ann(&c);
                        let l = self.slot_value(a(0), &c.non_null());
                        let i = self.slot_value(a(1), &Ann::Int);
                        let v = self.slot_value(a(2), &item);
                        self.emit(Opcode::ListSetItem, Imm::None, &[l, i, v], None);
                    }
                    Ann::Dict { def, .. } => {
                        let (k, vv) = self.cx.ann.dict_kv_final(def);
                        let d = self.slot_value(a(0), &c.non_null());
                        let kv = self.slot_value(a(1), &k);
                        let v = self.slot_value(a(2), &vv);
                        self.emit(Opcode::DictSetItem, Imm::None, &[d, kv, v], None);
                    }
                    _ => {}
                }
                None
            }
            OpKind::DelItem => {
                let c = self.ann(a(0));
                match c {
                    Ann::List { .. } => {
                        let l = self.slot_value(a(0), &c.non_null());
                        let i = self.slot_value(a(1), &Ann::Int);
                        self.emit(Opcode::ListDelItem, Imm::None, &[l, i], None);
                    }
                    Ann::Dict { def, .. } => {
                        let (k, _) = self.cx.ann.dict_kv_final(def);
                        let d = self.slot_value(a(0), &c.non_null());
                        let kv = self.slot_value(a(1), &k);
                        self.emit(Opcode::DictDelItem, Imm::None, &[d, kv], None);
                    }
                    _ => {}
                }
                None
            }
            OpKind::GetSlice(shape) => self.slice(op, *shape, &res_ann),
            OpKind::SetSlice(shape) => {
                self.set_slice(op, *shape);
                None
            }
            OpKind::DelSlice(shape) => {
                self.del_slice(op, *shape);
                None
            }
            OpKind::Call { kwnames } => self.lower_call(bl, i, op, kwnames, &res_ann),
            OpKind::CallMethod { name, kwnames } => {
                self.lower_call_method(bl, i, op, name, kwnames, &res_ann)
            }
            OpKind::BuildList => {
                let item = self.list_item_ann(&res_ann);
                let items: Vec<Value> =
                    op.args.iter().map(|&x| self.slot_value(x, &item)).collect();
                let t = self.cx.slot_type(self.b.prog, &res_ann);
                Some(self.b.op_typed(Opcode::ListOf, Imm::None, &items, t))
            }
            OpKind::BuildTuple => {
                let Ann::Tuple(items_ann) = res_ann.clone() else {
                    return None;
                };
                let items: Vec<Value> = op
                    .args
                    .iter()
                    .zip(items_ann.iter())
                    .map(|(&x, ia)| self.slot_value(x, ia))
                    .collect();
                let t = self.cx.slot_type(self.b.prog, &res_ann);
                Some(self.b.op_typed(Opcode::TupleNew, Imm::None, &items, t))
            }
            OpKind::BuildDict => {
                let t = self.cx.slot_type(self.b.prog, &res_ann);
                let d = self.b.op_typed(Opcode::DictNew, Imm::None, &[], t);
                let Ann::Dict { def, .. } = res_ann else {
                    return Some(d);
                };
                let (k, v) = self.cx.ann.dict_kv_final(def);
                for pair in op.args.chunks(2) {
                    let kv = self.slot_value(pair[0], &k);
                    let vv = self.slot_value(pair[1], &v);
                    self.emit(Opcode::DictSetItem, Imm::None, &[d, kv, vv], None);
                }
                Some(d)
            }
            OpKind::IterSource => {
                let x = a(0);
                let xa = self.ann(x);
                match xa.clone() {
                    Ann::List { .. } | Ann::Str { .. } => self.var_value(x, &res_ann),
                    Ann::Dict { .. } => {
                        let d = self.slot_value(x, &xa.non_null());
                        let t = self.cx.slot_type(self.b.prog, &res_ann);
                        self.emit(Opcode::DictKeys, Imm::None, &[d], Some(t))
                    }
                    Ann::Tuple(items) => {
                        let item = self.list_item_ann(&res_ann);
                        let tv = self.slot_value(x, &xa);
                        let mut vals = Vec::new();
                        for (k, ia) in items.iter().enumerate() {
                            let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[tv]);
                            vals.push(self.coerce_slot(Some(it), ia, &item));
                        }
                        let t = self.cx.slot_type(self.b.prog, &res_ann);
                        Some(self.b.op_typed(Opcode::ListOf, Imm::None, &vals, t))
                    }
                    Ann::Range => {
                        let r = self.slot_value(x, &xa);
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
                            &res_ann,
                        )
                    }
                    _ => None,
                }
            }
            OpKind::Len => Some(self.len_of(a(0))),
            OpKind::UnpackCheck(n) => {
                let x = a(0);
                let xa = self.ann(x);
                let len = match xa {
                    Ann::List { .. } => {
                        let l = self.slot_value(x, &xa.non_null());
                        self.val(Opcode::ListLen, Imm::None, &[l])
                    }
                    Ann::Str { .. } => {
                        let s = self.slot_value(x, &xa.non_null());
                        self.val(Opcode::StrLen, Imm::None, &[s])
                    }
                    _ => return None,
                };
                self.check_unpack_len(len, *n);
                None
            }
            OpKind::Unpack { index, .. } => {
                let x = a(0);
                let xa = self.ann(x);
                match xa {
                    Ann::Tuple(_) => {
                        let t = self.slot_value(x, &xa);
                        let it = self.val(Opcode::TupleGet, Imm::Index(*index as u32), &[t]);
                        let Ann::Tuple(items) = &xa else {
                            unreachable!()
                        };
                        let ia = items[*index].clone();
                        if self.cx.is_static(&res_ann) {
                            None
                        } else {
                            Some(self.coerce_slot(Some(it), &ia, &res_ann))
                        }
                    }
                    Ann::List { .. } => {
                        let l = self.slot_value(x, &xa.non_null());
                        let k = self.b.iconst(*index as i64);
                        let it = self.val(Opcode::ListGetItem, Imm::None, &[l, k]);
                        let ia = self.list_item_ann(&xa);
                        Some(self.coerce_slot(Some(it), &ia, &res_ann))
                    }
                    Ann::Str { .. } => {
                        let s = self.slot_value(x, &xa.non_null());
                        let k = self.b.iconst(*index as i64);
                        Some(self.val(Opcode::StrGetItem, Imm::None, &[s, k]))
                    }
                    _ => None,
                }
            }
            OpKind::FormatValue { conversion, spec } => {
                Some(self.format_value(a(0), *conversion, spec.as_deref()))
            }
            OpKind::BuildString => {
                let parts: Vec<Value> = op
                    .args
                    .iter()
                    .map(|&x| self.slot_value(x, &Ann::Str { nullable: false }))
                    .collect();
                Some(self.concat(&parts))
            }
            OpKind::IsInstance | OpKind::ExcMatch => Some(self.isinstance(a(0), a(1))),
            OpKind::Narrow => {
                let x = a(0);
                let xa = self.ann(x);
                let val = self.v(x)?;
                match (&xa, &res_ann) {
                    (Ann::Instance { class: c1, .. }, Ann::Instance { class: c2, .. })
                        if c1 != c2 =>
                    {
                        let cid = self.cx.class_id(*c2);
                        let t = self.b.prog.types.instance(cid);
                        self.emit(Opcode::Downcast, Imm::Class(cid), &[val], Some(t))
                    }
                    _ => Some(val),
                }
            }
        }
    }

    fn load_name(&mut self, r: Option<NameRef>, res_ann: &Ann) -> Option<Value> {
        match r? {
            NameRef::Global(m, n) => {
                if self.cx.is_static(res_ann) {
                    return None;
                }
                let g = self.cx.global(m, &n)?;
                let gann = self.cx.ann.globals[&(m, n)].ann.clone();
                let ty = self.b.prog.globals[g].ty;
                let v = self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty);
                Some(self.coerce_slot(Some(v), &gann, res_ann))
            }
            NameRef::FloatConst(x) => Some(self.b.fconst(x)),
            _ => None,
        }
    }

    /// The item annotation of a list annotation.
    pub fn list_item_ann(&self, l: &Ann) -> Ann {
        match l {
            Ann::List { def, .. } => self.cx.ann.list_item_final(*def),
            _ => Ann::Bottom,
        }
    }

    fn load_attr(&mut self, obj: Var, name: &str, res_ann: &Ann) -> Option<Value> {
        let oa = self.ann(obj);
        match &oa {
            Ann::Instance { class, .. } => {
                let c = *class;
                match res_ann {
                    Ann::Methods { .. } => {
                        let o = self.v(obj)?;
                        let t = self.cx.slot_type(self.b.prog, res_ann);
                        if let Some(slot) = self.cx.method_slot(c, name) {
                            return self.emit(Opcode::MethodBind, Imm::Method(slot), &[o], Some(t));
                        }
                        if let Some(f) = self.cx.monomorphic(c, name) {
                            let fid = self.cx.func_of_key(&crate::annotate::FuncKey {
                                func: f,
                                spec: crate::annotate::SpecKey::None,
                            })?;
                            return Some(self.b.op_typed(
                                Opcode::FuncBind,
                                Imm::Func(fid),
                                &[o],
                                t,
                            ));
                        }
                        None
                    }
                    _ if self.cx.is_static(res_ann) && !matches!(res_ann, Ann::NoneOnly) => None,
                    _ => {
                        if let Some(field) = self.cx.field(c, name) {
                            let o = self.v(obj)?;
                            let fann = self.cx.field_ann(c, name);
                            let ty = self.b.prog.fields[field].ty;
                            let v =
                                self.emit(Opcode::GetField, Imm::Field(field), &[o], Some(ty))?;
                            if self.cx.is_static(res_ann) {
                                return None;
                            }
                            return Some(self.coerce_slot(Some(v), &fann, res_ann));
                        }
                        // A class attribute read through an instance.
                        if self.cx.is_static(res_ann) {
                            return None;
                        }
                        if let Some(g) = self.cx.class_attr_static(c, name) {
                            let ty = self.b.prog.globals[g].ty;
                            let v = self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty);
                            let (k, _) = self.cx.class_attr_global(c, name)?;
                            let cann = self.cx.ann.class_attrs[&(k, name.to_string())].clone();
                            return Some(self.coerce_slot(Some(v), &cann, res_ann));
                        }
                        if let Some(slot) = self.cx.class_attr_slot(c, name) {
                            let o = self.v(obj)?;
                            let ty = self.b.prog.class_attrs[slot].ty;
                            return self.emit(
                                Opcode::ClassAttrGet,
                                Imm::ClassAttr(slot),
                                &[o],
                                Some(ty),
                            );
                        }
                        None
                    }
                }
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                if self.cx.is_static(res_ann) {
                    return None;
                }
                let c = *cs.iter().next().expect("one");
                let (k, g) = self.cx.class_attr_global(c, name)?;
                let ty = self.b.prog.globals[g].ty;
                let v = self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty);
                let cann = self.cx.ann.class_attrs[&(k, name.to_string())].clone();
                Some(self.coerce_slot(Some(v), &cann, res_ann))
            }
            Ann::Module(m) => {
                let r =
                    names::resolve_module_attr(self.cx.ann.flow, &self.cx.ann.classes, *m, name);
                self.load_name(r, res_ann)
            }
            Ann::Str { .. } | Ann::List { .. } | Ann::Dict { .. } | Ann::File { .. } => self.v(obj),
            _ => None,
        }
    }

    fn store_attr(&mut self, obj: Var, name: &str, value: Var) {
        let oa = self.ann(obj);
        match &oa {
            Ann::Instance { class, .. } => {
                let c = *class;
                let Some(field) = self.cx.field(c, name) else {
                    return;
                };
                let fann = self.cx.field_ann(c, name);
                let Some(o) = self.v(obj) else { return };
                let v = self.slot_value(value, &fann);
                self.emit(Opcode::SetField, Imm::Field(field), &[o, v], None);
            }
            Ann::Module(m) => {
                if let Some(NameRef::Global(gm, n)) =
                    names::resolve_module_attr(self.cx.ann.flow, &self.cx.ann.classes, *m, name)
                {
                    if let Some(g) = self.cx.global(gm, &n) {
                        let gann = self.cx.ann.globals[&(gm, n)].ann.clone();
                        let v = self.slot_value(value, &gann);
                        self.b.ins(Opcode::GlobalSet, Imm::Global(g), &[v], None);
                    }
                }
            }
            _ => {}
        }
    }

    // ------------------------------------------------------------ truth

    /// `bool(x)` of a flow variable.
    pub fn truth_var(&mut self, x: Var) -> Value {
        let a = self.ann(x);
        match self.v(x) {
            Some(v) => self.truth(v, &a),
            None => {
                let c = !matches!(a, Ann::NoneOnly | Ann::Bottom);
                self.b.bconst(c)
            }
        }
    }

    /// `bool(v)` for a value of annotation `a`.
    pub fn truth(&mut self, v: Value, a: &Ann) -> Value {
        match a {
            Ann::Bool => v,
            Ann::Int => {
                let z = self.b.iconst(0);
                self.val(Opcode::IntCmp, Imm::Cond(Cond::Ne), &[v, z])
            }
            Ann::UInt => {
                let z = self
                    .b
                    .op_typed(Opcode::Uconst, Imm::UInt(0), &[], Type::UINT);
                self.val(Opcode::UintCmp, Imm::Cond(Cond::Ne), &[v, z])
            }
            Ann::Float => {
                let z = self.b.fconst(0.0);
                self.val(Opcode::FloatCmp, Imm::Cond(Cond::Ne), &[v, z])
            }
            Ann::Str { nullable } | Ann::List { nullable, .. } | Ann::Dict { nullable, .. } => {
                let op = match a {
                    Ann::Str { .. } => Opcode::StrLen,
                    Ann::List { .. } => Opcode::ListLen,
                    _ => Opcode::DictLen,
                };
                let nn = *nullable;
                self.guard_null(v, nn, false, |fl| {
                    let n = fl.val(op, Imm::None, &[v]);
                    let z = fl.b.iconst(0);
                    fl.val(Opcode::IntCmp, Imm::Cond(Cond::Ne), &[n, z])
                })
            }
            Ann::Tuple(items) => self.b.bconst(!items.is_empty()),
            Ann::Instance { nullable: true, .. } | Ann::File { nullable: true } => {
                let n = self.b.op(Opcode::IsNone, Imm::None, &[v]).expect("r");
                self.b.op(Opcode::BoolNot, Imm::None, &[n]).expect("r")
            }
            _ => self.b.bconst(true),
        }
    }

    /// Computes `f(v)` for a non-None `v`, or the constant `if_null` when
    /// `v` is None (only tested when `nullable`).
    pub fn guard_null(
        &mut self,
        v: Value,
        nullable: bool,
        if_null: bool,
        f: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        if !nullable {
            return f(self);
        }
        let is_none = self.b.op(Opcode::IsNone, Imm::None, &[v]).expect("r");
        let some = self.b.create_block();
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, Type::BOOL);
        let c = self.b.bconst(if_null);
        self.b.branch(is_none, join, &[c], some, &[]);
        self.b.switch_to_block(some);
        let x = f(self);
        self.b.jump(join, &[x]);
        self.b.switch_to_block(join);
        r
    }

    // ------------------------------------------------------------ arithmetic

    fn binop(
        &mut self,
        op: &Op,
        bop: BinOp,
        x: Var,
        y: Var,
        res: &Ann,
        inplace: bool,
    ) -> Option<Value> {
        let (xa, ya) = (self.ann(x), self.ann(y));
        if xa.is_numeric() && ya.is_numeric() {
            return Some(self.numeric(bop, x, y, &xa, &ya, res));
        }
        match (&xa, &ya) {
            (Ann::Str { .. }, Ann::Str { .. }) if bop == BinOp::Add => {
                let (a, b) = (
                    self.slot_value(x, &xa.non_null()),
                    self.slot_value(y, &ya.non_null()),
                );
                Some(self.val(Opcode::StrConcat, Imm::None, &[a, b]))
            }
            (Ann::Str { .. }, _) if bop == BinOp::Mul => {
                let a = self.slot_value(x, &xa.non_null());
                let n = self.slot_value(y, &Ann::Int);
                Some(self.val(Opcode::StrRepeat, Imm::None, &[a, n]))
            }
            (_, Ann::Str { .. }) if bop == BinOp::Mul => {
                let a = self.slot_value(y, &ya.non_null());
                let n = self.slot_value(x, &Ann::Int);
                Some(self.val(Opcode::StrRepeat, Imm::None, &[a, n]))
            }
            (Ann::Str { .. }, _) if bop == BinOp::Mod => Some(self.percent(op, x, y)),
            (Ann::List { .. }, Ann::List { .. }) => {
                let l = self.slot_value(x, &res.non_null());
                let r = self.slot_value(y, &res.non_null());
                if inplace {
                    self.emit(Opcode::ListExtend, Imm::None, &[l, r], None);
                    Some(l)
                } else {
                    self.call_prelude("list_concat", &[(l, res.clone()), (r, res.clone())], res)
                }
            }
            (Ann::List { .. }, _) | (_, Ann::List { .. }) => {
                let (lv, nv) = if matches!(xa, Ann::List { .. }) {
                    (x, y)
                } else {
                    (y, x)
                };
                // `[v] * n`: one allocation of n copies.
                if !inplace {
                    if let Some(def) = self.cx.ann.defining_op(self.fk, lv) {
                        if def.kind == OpKind::BuildList && def.args.len() == 1 {
                            let item = self.list_item_ann(res);
                            let v = self.slot_value(def.args[0], &item);
                            let n = self.slot_value(nv, &Ann::Int);
                            let t = self.cx.slot_type(self.b.prog, res);
                            return self.emit(Opcode::ListNewFilled, Imm::None, &[n, v], Some(t));
                        }
                    }
                }
                let l = self.slot_value(lv, &res.non_null());
                let n = self.slot_value(nv, &Ann::Int);
                let out =
                    self.call_prelude("list_repeat", &[(l, res.clone()), (n, Ann::Int)], res)?;
                if inplace && matches!(xa, Ann::List { .. }) {
                    let z = self.b.iconst(0);
                    let m = self.b.iconst(i64::MAX);
                    self.emit(Opcode::ListSetSlice, Imm::None, &[l, z, m, out], None);
                    return Some(l);
                }
                Some(out)
            }
            (Ann::Tuple(xi), Ann::Tuple(yi)) => {
                let Ann::Tuple(ri) = res.clone() else {
                    return None;
                };
                let tx = self.slot_value(x, &xa);
                let ty = self.slot_value(y, &ya);
                let mut items = Vec::new();
                for (k, ia) in xi.iter().enumerate() {
                    let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[tx]);
                    items.push(self.coerce_slot(Some(it), ia, &ri[k]));
                }
                for (k, ia) in yi.iter().enumerate() {
                    let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[ty]);
                    items.push(self.coerce_slot(Some(it), ia, &ri[xi.len() + k]));
                }
                let t = self.cx.slot_type(self.b.prog, res);
                Some(self.b.op_typed(Opcode::TupleNew, Imm::None, &items, t))
            }
            _ => None,
        }
    }

    fn numeric(&mut self, bop: BinOp, x: Var, y: Var, xa: &Ann, ya: &Ann, res: &Ann) -> Value {
        let float = matches!(xa, Ann::Float) || matches!(ya, Ann::Float);
        let uint = !float && (matches!(xa, Ann::UInt) || matches!(ya, Ann::UInt));
        if *res == Ann::Bool {
            // bool & | ^ bool
            let a = self.slot_value(x, &Ann::Int);
            let b = self.slot_value(y, &Ann::Int);
            let op = match bop {
                BinOp::BitAnd => Opcode::IntAnd,
                BinOp::BitOr => Opcode::IntOr,
                _ => Opcode::IntXor,
            };
            let r = self.val(op, Imm::None, &[a, b]);
            let z = self.b.iconst(0);
            return self.val(Opcode::IntCmp, Imm::Cond(Cond::Ne), &[r, z]);
        }
        if float {
            let a = self.slot_value(x, &Ann::Float);
            let b = self.slot_value(y, &Ann::Float);
            let op = match bop {
                BinOp::Add => Opcode::FloatAdd,
                BinOp::Sub => Opcode::FloatSub,
                BinOp::Mul => Opcode::FloatMul,
                BinOp::Div => Opcode::FloatTrueDiv,
                BinOp::FloorDiv => Opcode::FloatFloorDiv,
                BinOp::Mod => Opcode::FloatMod,
                _ => Opcode::FloatPow,
            };
            return self.val(op, Imm::None, &[a, b]);
        }
        if bop == BinOp::Div {
            if uint {
                let a = self.slot_value(x, &Ann::UInt);
                let b = self.slot_value(y, &Ann::UInt);
                let fa = self.val(Opcode::UintToFloat, Imm::None, &[a]);
                let fb = self.val(Opcode::UintToFloat, Imm::None, &[b]);
                return self.val(Opcode::FloatTrueDiv, Imm::None, &[fa, fb]);
            }
            let a = self.slot_value(x, &Ann::Int);
            let b = self.slot_value(y, &Ann::Int);
            return self.val(Opcode::IntTrueDiv, Imm::None, &[a, b]);
        }
        if uint {
            let a = self.slot_value(x, &Ann::UInt);
            let shift = matches!(bop, BinOp::LShift | BinOp::RShift);
            let b = if shift {
                self.slot_value(y, &Ann::Int)
            } else {
                self.slot_value(y, &Ann::UInt)
            };
            let op = match bop {
                BinOp::Add => Opcode::UintAdd,
                BinOp::Sub => Opcode::UintSub,
                BinOp::Mul => Opcode::UintMul,
                BinOp::FloorDiv => Opcode::UintFloorDiv,
                BinOp::Mod => Opcode::UintMod,
                BinOp::LShift => Opcode::UintLshift,
                BinOp::RShift => Opcode::UintRshift,
                BinOp::BitAnd => Opcode::UintAnd,
                BinOp::BitOr => Opcode::UintOr,
                BinOp::BitXor => Opcode::UintXor,
                BinOp::Pow => {
                    // r_uint ** n by repeated multiplication is rare; use int pow.
                    let ai = self.val(Opcode::UintToInt, Imm::None, &[a]);
                    let bi = self.val(Opcode::UintToInt, Imm::None, &[b]);
                    let r = self.val(Opcode::IntPow, Imm::None, &[ai, bi]);
                    return self.val(Opcode::IntToUint, Imm::None, &[r]);
                }
                BinOp::Div => unreachable!("handled above"),
            };
            return self.val(op, Imm::None, &[a, b]);
        }
        let a = self.slot_value(x, &Ann::Int);
        let b = self.slot_value(y, &Ann::Int);
        let op = match bop {
            BinOp::Add => Opcode::IntAdd,
            BinOp::Sub => Opcode::IntSub,
            BinOp::Mul => Opcode::IntMul,
            BinOp::FloorDiv => Opcode::IntFloorDiv,
            BinOp::Mod => Opcode::IntMod,
            BinOp::Pow => Opcode::IntPow,
            BinOp::LShift => Opcode::IntLshift,
            BinOp::RShift => Opcode::IntRshift,
            BinOp::BitAnd => Opcode::IntAnd,
            BinOp::BitOr => Opcode::IntOr,
            BinOp::BitXor => Opcode::IntXor,
            BinOp::Div => unreachable!("handled above"),
        };
        self.val(op, Imm::None, &[a, b])
    }

    // ------------------------------------------------------------ comparisons

    fn compare(&mut self, c: CmpOp, x: Var, y: Var) -> Value {
        let (xa, ya) = (self.ann(x), self.ann(y));
        match c {
            CmpOp::Is | CmpOp::IsNot => {
                let r = self.identity(x, y, &xa, &ya);
                if c == CmpOp::IsNot {
                    self.val(Opcode::BoolNot, Imm::None, &[r])
                } else {
                    r
                }
            }
            CmpOp::Eq | CmpOp::Ne => {
                let (vx, vy) = (self.v(x), self.v(y));
                let r = self.equal(vx, &xa, vy, &ya);
                if c == CmpOp::Ne {
                    self.val(Opcode::BoolNot, Imm::None, &[r])
                } else {
                    r
                }
            }
            CmpOp::In | CmpOp::NotIn => {
                let r = self.contains(y, x);
                if c == CmpOp::NotIn {
                    self.val(Opcode::BoolNot, Imm::None, &[r])
                } else {
                    r
                }
            }
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                let cond = match c {
                    CmpOp::Lt => Cond::Lt,
                    CmpOp::Le => Cond::Le,
                    CmpOp::Gt => Cond::Gt,
                    _ => Cond::Ge,
                };
                let (vx, vy) = (self.v(x), self.v(y));
                self.order(cond, vx, &xa, vy, &ya)
            }
        }
    }

    fn identity(&mut self, x: Var, y: Var, xa: &Ann, ya: &Ann) -> Value {
        match (xa, ya) {
            (Ann::NoneOnly, Ann::NoneOnly) => self.b.bconst(true),
            (Ann::NoneOnly, o) | (o, Ann::NoneOnly) => {
                let other = if *xa == Ann::NoneOnly { y } else { x };
                if !o.is_nullable() {
                    return self.b.bconst(false);
                }
                let v = self.v(other).expect("nullable value");
                self.b.op(Opcode::IsNone, Imm::None, &[v]).expect("r")
            }
            _ => {
                let (vx, vy) = (self.v(x), self.v(y));
                match (vx, vy) {
                    (Some(a), Some(b))
                        if self.b.prog.types.is_ref(self.b.value_type(a))
                            && self.b.prog.types.is_ref(self.b.value_type(b)) =>
                    {
                        self.b.op(Opcode::RefIs, Imm::None, &[a, b]).expect("r")
                    }
                    (Some(_), Some(_)) => self.equal(vx, xa, vy, ya),
                    _ => self.b.bconst(xa == ya),
                }
            }
        }
    }

    /// `x == y` for values of the given annotations.
    pub fn equal(&mut self, vx: Option<Value>, xa: &Ann, vy: Option<Value>, ya: &Ann) -> Value {
        if xa.is_numeric() && ya.is_numeric() {
            let (x, y) = (vx.expect("value"), vy.expect("value"));
            return self.num_cmp(Cond::Eq, x, xa, y, ya);
        }
        match (xa, ya) {
            (Ann::NoneOnly, Ann::NoneOnly) => self.b.bconst(true),
            (Ann::NoneOnly, o) | (o, Ann::NoneOnly) => {
                if !o.is_nullable() {
                    return self.b.bconst(false);
                }
                let v = if *xa == Ann::NoneOnly { vy } else { vx }.expect("value");
                self.b.op(Opcode::IsNone, Imm::None, &[v]).expect("r")
            }
            (Ann::Str { nullable: n1 }, Ann::Str { nullable: n2 }) => {
                let (x, y) = (vx.expect("v"), vy.expect("v"));
                self.null_aware_eq(x, *n1, y, *n2, |fl| {
                    fl.val(Opcode::StrCmp, Imm::Cond(Cond::Eq), &[x, y])
                })
            }
            (
                Ann::Instance {
                    class: c1,
                    nullable: n1,
                },
                Ann::Instance { nullable: n2, .. },
            ) => {
                let (x, y) = (vx.expect("v"), vy.expect("v"));
                let c1 = *c1;
                if self.cx.ann.classes.has_method_in_family(c1, "__eq__") {
                    let yv = y;
                    let ya2 = ya.non_null();
                    self.null_aware_eq(x, *n1, y, *n2, |fl| {
                        let xa2 = Ann::Instance {
                            class: c1,
                            nullable: false,
                        };
                        let r = fl.call_method_value(x, &xa2, "__eq__", &[(yv, ya2)]);
                        r.unwrap_or_else(|| fl.b.bconst(false))
                    })
                } else {
                    self.b.op(Opcode::RefIs, Imm::None, &[x, y]).expect("r")
                }
            }
            (Ann::List { nullable: n1, .. }, Ann::List { nullable: n2, .. }) => {
                let (x, y) = (vx.expect("v"), vy.expect("v"));
                let la = xa.non_null();
                self.null_aware_eq(x, *n1, y, *n2, |fl| {
                    let r =
                        fl.call_prelude("list_eq", &[(x, la.clone()), (y, la.clone())], &Ann::Bool);
                    r.unwrap_or_else(|| fl.b.bconst(false))
                })
            }
            (Ann::Tuple(xi), Ann::Tuple(yi)) if xi.len() == yi.len() => {
                let (x, y) = (vx.expect("v"), vy.expect("v"));
                let mut acc = self.b.bconst(true);
                for k in 0..xi.len() {
                    let a = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[x]);
                    let b = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[y]);
                    let e = self.equal(Some(a), &xi[k].clone(), Some(b), &yi[k].clone());
                    let f = self.b.bconst(false);
                    acc = self
                        .b
                        .op_typed(Opcode::Select, Imm::None, &[acc, e, f], Type::BOOL);
                }
                acc
            }
            (Ann::Dict { .. }, Ann::Dict { .. }) | (Ann::File { .. }, Ann::File { .. }) => {
                let (x, y) = (vx.expect("v"), vy.expect("v"));
                self.b.op(Opcode::RefIs, Imm::None, &[x, y]).expect("r")
            }
            _ => self.b.bconst(false),
        }
    }

    fn null_aware_eq(
        &mut self,
        x: Value,
        n1: bool,
        y: Value,
        n2: bool,
        f: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        if !n1 && !n2 {
            return f(self);
        }
        let xn = if n1 {
            self.b.op(Opcode::IsNone, Imm::None, &[x]).expect("r")
        } else {
            self.b.bconst(false)
        };
        let yn = if n2 {
            self.b.op(Opcode::IsNone, Imm::None, &[y]).expect("r")
        } else {
            self.b.bconst(false)
        };
        let t = self.b.bconst(true);
        let either = self
            .b
            .op_typed(Opcode::Select, Imm::None, &[xn, t, yn], Type::BOOL);
        let both = self
            .b
            .op_typed(Opcode::Select, Imm::None, &[xn, yn, xn], Type::BOOL);
        let some = self.b.create_block();
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, Type::BOOL);
        self.b.branch(either, join, &[both], some, &[]);
        self.b.switch_to_block(some);
        let v = f(self);
        self.b.jump(join, &[v]);
        self.b.switch_to_block(join);
        r
    }

    fn num_cmp(&mut self, c: Cond, x: Value, xa: &Ann, y: Value, ya: &Ann) -> Value {
        let xf = matches!(xa, Ann::Float);
        let yf = matches!(ya, Ann::Float);
        if xf && yf {
            return self.val(Opcode::FloatCmp, Imm::Cond(c), &[x, y]);
        }
        if xf || yf {
            // Exact int/float comparison.
            let (i, ia, f, cond) = if xf {
                (y, ya, x, c.swapped())
            } else {
                (x, xa, y, c)
            };
            let iv = self.coerce_slot(Some(i), ia, &Ann::Int);
            return self.val(Opcode::IntFloatCmp, Imm::Cond(cond), &[iv, f]);
        }
        if matches!(xa, Ann::UInt) || matches!(ya, Ann::UInt) {
            let a = self.coerce_slot(Some(x), xa, &Ann::UInt);
            let b = self.coerce_slot(Some(y), ya, &Ann::UInt);
            return self.val(Opcode::UintCmp, Imm::Cond(c), &[a, b]);
        }
        let a = self.coerce_slot(Some(x), xa, &Ann::Int);
        let b = self.coerce_slot(Some(y), ya, &Ann::Int);
        self.val(Opcode::IntCmp, Imm::Cond(c), &[a, b])
    }

    /// `x < y` (and friends) for numbers, strs and tuples.
    pub fn order(
        &mut self,
        c: Cond,
        vx: Option<Value>,
        xa: &Ann,
        vy: Option<Value>,
        ya: &Ann,
    ) -> Value {
        let (x, y) = (vx.expect("value"), vy.expect("value"));
        if xa.is_numeric() && ya.is_numeric() {
            return self.num_cmp(c, x, xa, y, ya);
        }
        match (xa, ya) {
            (Ann::Str { .. }, Ann::Str { .. }) => self.val(Opcode::StrCmp, Imm::Cond(c), &[x, y]),
            (Ann::Tuple(xi), Ann::Tuple(yi)) => {
                // Lexicographic: the first unequal pair decides; else compare lengths.
                let join = self.b.create_block();
                let r = self.b.append_block_param(join, Type::BOOL);
                let n = xi.len().min(yi.len());
                for k in 0..n {
                    let a = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[x]);
                    let b = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[y]);
                    let e = self.equal(Some(a), &xi[k].clone(), Some(b), &yi[k].clone());
                    let decide = self.b.create_block();
                    let next = self.b.create_block();
                    self.b.branch(e, next, &[], decide, &[]);
                    self.b.switch_to_block(decide);
                    let strict = match c {
                        Cond::Le => Cond::Lt,
                        Cond::Ge => Cond::Gt,
                        other => other,
                    };
                    let o = self.order(strict, Some(a), &xi[k].clone(), Some(b), &yi[k].clone());
                    self.b.jump(join, &[o]);
                    self.b.switch_to_block(next);
                }
                let lx = self.b.iconst(xi.len() as i64);
                let ly = self.b.iconst(yi.len() as i64);
                let o = self.val(Opcode::IntCmp, Imm::Cond(c), &[lx, ly]);
                self.b.jump(join, &[o]);
                self.b.switch_to_block(join);
                r
            }
            _ => self.b.bconst(false),
        }
    }

    fn contains(&mut self, container: Var, item: Var) -> Value {
        let ca = self.ann(container);
        let ia = self.ann(item);
        match &ca {
            Ann::List { .. } => {
                let l = self.slot_value(container, &ca.non_null());
                let it = self.list_item_ann(&ca);
                let x = self.slot_value(item, &it);
                self.call_prelude("list_contains", &[(l, ca.non_null()), (x, it)], &Ann::Bool)
                    .unwrap_or_else(|| self.b.bconst(false))
            }
            Ann::Str { .. } => {
                let s = self.slot_value(container, &ca.non_null());
                let sub = self.slot_value(item, &ia.non_null());
                let z = self.b.iconst(0);
                let m = self.b.iconst(i64::MAX);
                let pos = self.val(Opcode::StrFind, Imm::None, &[s, sub, z, m]);
                let zero = self.b.iconst(0);
                self.val(Opcode::IntCmp, Imm::Cond(Cond::Ge), &[pos, zero])
            }
            Ann::Dict { def, .. } => {
                let (k, _) = self.cx.ann.dict_kv_final(*def);
                if ia == Ann::NoneOnly {
                    return self.b.bconst(false);
                }
                let d = self.slot_value(container, &ca.non_null());
                let key_nullable = ia.is_nullable() && !k.is_nullable();
                let kv = self.slot_value(item, &k);
                // `None in d` is False when the keys are never None.
                self.guard_null(kv, key_nullable, false, |fl| {
                    fl.val(Opcode::DictContains, Imm::None, &[d, kv])
                })
            }
            Ann::Tuple(items) => {
                let t = self.slot_value(container, &ca);
                let xv = self.v(item);
                let mut acc = self.b.bconst(false);
                for (k, ta) in items.clone().iter().enumerate() {
                    let e = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[t]);
                    let eq = self.equal(xv, &ia, Some(e), ta);
                    let tr = self.b.bconst(true);
                    acc = self
                        .b
                        .op_typed(Opcode::Select, Imm::None, &[acc, tr, eq], Type::BOOL);
                }
                acc
            }
            _ => self.b.bconst(false),
        }
    }

    // ------------------------------------------------------------ items

    fn getitem(&mut self, op: &Op, c: Var, idx: Var, res: &Ann) -> Option<Value> {
        let ca = self.ann(c);
        match &ca {
            Ann::List { .. } => {
                let l = self.slot_value(c, &ca.non_null());
                let i = self.slot_value(idx, &Ann::Int);
                let it = self.list_item_ann(&ca);
                let v = self.val(Opcode::ListGetItem, Imm::None, &[l, i]);
                if self.cx.is_static(res) {
                    return None;
                }
                Some(self.coerce_slot(Some(v), &it, res))
            }
            Ann::Str { .. } => {
                let s = self.slot_value(c, &ca.non_null());
                let i = self.slot_value(idx, &Ann::Int);
                Some(self.val(Opcode::StrGetItem, Imm::None, &[s, i]))
            }
            Ann::Dict { def, .. } => {
                let (k, v) = self.cx.ann.dict_kv_final(*def);
                let d = self.slot_value(c, &ca.non_null());
                let kv = self.slot_value(idx, &k);
                let r = self.val(Opcode::DictGetItem, Imm::None, &[d, kv]);
                if self.cx.is_static(res) {
                    return None;
                }
                Some(self.coerce_slot(Some(r), &v, res))
            }
            Ann::Tuple(items) => {
                let t = self.slot_value(c, &ca);
                let n = items.len() as i64;
                let k = match self.cx.ann.const_of(self.fk, op.args[1]) {
                    Some(Constant::Int(k)) => Some(if k < 0 { k + n } else { k }),
                    _ => None,
                };
                match k {
                    Some(k) => {
                        let it = self.val(Opcode::TupleGet, Imm::Index(k as u32), &[t]);
                        if self.cx.is_static(res) {
                            return None;
                        }
                        Some(self.coerce_slot(Some(it), &items[k as usize].clone(), res))
                    }
                    None => {
                        let mut vals = Vec::new();
                        for (j, ia) in items.clone().iter().enumerate() {
                            let it = self.val(Opcode::TupleGet, Imm::Index(j as u32), &[t]);
                            vals.push(self.coerce_slot(Some(it), ia, res));
                        }
                        let rt = self.cx.slot_type(self.b.prog, res);
                        let lt = self.b.prog.types.list(rt);
                        let l = self.b.op_typed(Opcode::ListOf, Imm::None, &vals, lt);
                        let i = self.slot_value(idx, &Ann::Int);
                        Some(self.val(Opcode::ListGetItem, Imm::None, &[l, i]))
                    }
                }
            }
            _ => None,
        }
    }

    /// The (lo, hi, step) operands of a slice op with defaults filled in, and
    /// whether lo/hi were given.
    fn slice_bounds(
        &mut self,
        op: &Op,
        shape: crate::flow::SliceShape,
    ) -> (Value, Value, Option<Value>, bool, bool) {
        let mut k = 1;
        let mut next = |fl: &mut Self, present: bool, dflt: i64| -> (Value, bool) {
            if !present {
                return (fl.b.iconst(dflt), false);
            }
            let var = op.args[k];
            k += 1;
            if fl.ann(var) == Ann::NoneOnly {
                return (fl.b.iconst(dflt), false);
            }
            (fl.slot_value(var, &Ann::Int), true)
        };
        let (lo, has_lo) = next(self, shape.lo, 0);
        let (hi, has_hi) = next(self, shape.hi, i64::MAX);
        let step = if shape.step {
            let (s, given) = next(self, true, 1);
            if given {
                Some(s)
            } else {
                None
            }
        } else {
            None
        };
        (lo, hi, step, has_lo, has_hi)
    }

    fn slice(&mut self, op: &Op, shape: crate::flow::SliceShape, res: &Ann) -> Option<Value> {
        let c = op.args[0];
        let ca = self.ann(c);
        let (lo, hi, step, has_lo, has_hi) = self.slice_bounds(op, shape);
        let cv = self.slot_value(c, &ca.non_null());
        match (&ca, step) {
            (Ann::Str { .. }, None) => Some(self.val(Opcode::StrSlice, Imm::None, &[cv, lo, hi])),
            (Ann::List { .. }, None) => {
                Some(self.val(Opcode::ListGetSlice, Imm::None, &[cv, lo, hi]))
            }
            (Ann::Str { .. }, Some(st)) => {
                let (hl, hh) = (self.b.bconst(has_lo), self.b.bconst(has_hi));
                let s = Ann::Str { nullable: false };
                self.call_prelude(
                    "str_slice_step",
                    &[
                        (cv, s.clone()),
                        (lo, Ann::Int),
                        (hi, Ann::Int),
                        (st, Ann::Int),
                        (hl, Ann::Bool),
                        (hh, Ann::Bool),
                    ],
                    &s,
                )
            }
            (Ann::List { .. }, Some(st)) => {
                let (hl, hh) = (self.b.bconst(has_lo), self.b.bconst(has_hi));
                let l = ca.non_null();
                self.call_prelude(
                    "list_slice_step",
                    &[
                        (cv, l.clone()),
                        (lo, Ann::Int),
                        (hi, Ann::Int),
                        (st, Ann::Int),
                        (hl, Ann::Bool),
                        (hh, Ann::Bool),
                    ],
                    res,
                )
            }
            _ => None,
        }
    }

    fn set_slice(&mut self, op: &Op, shape: crate::flow::SliceShape) {
        let c = op.args[0];
        let ca = self.ann(c).non_null();
        let value = *op.args.last().expect("value");
        let (lo, hi, step, has_lo, has_hi) = self.slice_bounds(op, shape);
        let l = self.slot_value(c, &ca);
        let v = self.slot_value(value, &ca);
        match step {
            None => {
                self.emit(Opcode::ListSetSlice, Imm::None, &[l, lo, hi, v], None);
            }
            Some(st) => {
                let (hl, hh) = (self.b.bconst(has_lo), self.b.bconst(has_hi));
                self.call_prelude(
                    "list_set_slice_step",
                    &[
                        (l, ca.clone()),
                        (lo, Ann::Int),
                        (hi, Ann::Int),
                        (st, Ann::Int),
                        (hl, Ann::Bool),
                        (hh, Ann::Bool),
                        (v, ca.clone()),
                    ],
                    &Ann::NoneOnly,
                );
            }
        }
    }

    fn del_slice(&mut self, op: &Op, shape: crate::flow::SliceShape) {
        let c = op.args[0];
        let ca = self.ann(c).non_null();
        let (lo, hi, step, has_lo, has_hi) = self.slice_bounds(op, shape);
        let l = self.slot_value(c, &ca);
        match step {
            None => {
                self.emit(Opcode::ListDelSlice, Imm::None, &[l, lo, hi], None);
            }
            Some(st) => {
                let (hl, hh) = (self.b.bconst(has_lo), self.b.bconst(has_hi));
                self.call_prelude(
                    "list_del_slice_step",
                    &[
                        (l, ca.clone()),
                        (lo, Ann::Int),
                        (hi, Ann::Int),
                        (st, Ann::Int),
                        (hl, Ann::Bool),
                        (hh, Ann::Bool),
                    ],
                    &Ann::NoneOnly,
                );
            }
        }
    }

    /// `len(x)` of a flow variable.
    pub fn len_of(&mut self, x: Var) -> Value {
        let xa = self.ann(x);
        match &xa {
            Ann::Str { .. } => {
                let s = self.slot_value(x, &xa.non_null());
                self.val(Opcode::StrLen, Imm::None, &[s])
            }
            Ann::List { .. } => {
                let l = self.slot_value(x, &xa.non_null());
                self.val(Opcode::ListLen, Imm::None, &[l])
            }
            Ann::Dict { .. } => {
                let d = self.slot_value(x, &xa.non_null());
                self.val(Opcode::DictLen, Imm::None, &[d])
            }
            Ann::Tuple(items) => self.b.iconst(items.len() as i64),
            Ann::Range => {
                let r = self.slot_value(x, &xa);
                let parts: Vec<Value> = (0..3)
                    .map(|k| self.val(Opcode::TupleGet, Imm::Index(k), &[r]))
                    .collect();
                self.call_prelude(
                    "range_len",
                    &[
                        (parts[0], Ann::Int),
                        (parts[1], Ann::Int),
                        (parts[2], Ann::Int),
                    ],
                    &Ann::Int,
                )
                .unwrap_or_else(|| self.b.iconst(0))
            }
            _ => self.b.iconst(0),
        }
    }

    fn check_unpack_len(&mut self, len: Value, n: usize) {
        let want = self.b.iconst(n as i64);
        let ok = self.val(Opcode::IntCmp, Imm::Cond(Cond::Eq), &[len, want]);
        let bad = self.b.create_block();
        let good = self.b.create_block();
        self.b.branch(ok, good, &[], bad, &[]);
        self.b.switch_to_block(bad);
        // CPython: "too many values to unpack (expected N)" or
        // "not enough values to unpack (expected N, got M)".
        let more = self.val(Opcode::IntCmp, Imm::Cond(Cond::Gt), &[len, want]);
        let too_many = self.b.create_block();
        let too_few = self.b.create_block();
        self.b.branch(more, too_many, &[], too_few, &[]);
        self.b.switch_to_block(too_many);
        let m = self
            .b
            .sconst(&format!("too many values to unpack (expected {n})"));
        self.raise_builtin(BuiltinClass::ValueError, m);
        self.b.switch_to_block(too_few);
        let p1 = self
            .b
            .sconst(&format!("not enough values to unpack (expected {n}, got "));
        let got = self.val(Opcode::IntToStr, Imm::None, &[len]);
        let p2 = self.b.sconst(")");
        let m = self.concat(&[p1, got, p2]);
        self.raise_builtin(BuiltinClass::ValueError, m);
        self.b.switch_to_block(good);
    }

    /// Concatenates str values.
    pub fn concat(&mut self, parts: &[Value]) -> Value {
        match parts.len() {
            0 => self.b.sconst(""),
            1 => parts[0],
            2 => self.val(Opcode::StrConcat, Imm::None, parts),
            _ => {
                let lt = self.b.prog.types.list(Type::STR);
                let l = self.b.op_typed(Opcode::ListOf, Imm::None, parts, lt);
                let e = self.b.sconst("");
                self.val(Opcode::StrJoin, Imm::None, &[e, l])
            }
        }
    }

    fn isinstance(&mut self, x: Var, cls: Var) -> Value {
        let xa = self.ann(x);
        let ca = self.ann(cls);
        let classes: Vec<ClassKey> = match &ca {
            Ann::Classes(cs) => cs.iter().copied().collect(),
            Ann::Tuple(items) => items
                .iter()
                .filter_map(|i| match i {
                    Ann::Classes(cs) if cs.len() == 1 => cs.iter().next().copied(),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        match &xa {
            Ann::Instance { class, .. } => {
                let Some(v) = self.v(x) else {
                    return self.b.bconst(false);
                };
                let mut acc = self.b.bconst(false);
                for k in classes {
                    let r = if self.cx.ann.classes.is_subclass(*class, k) && !xa.is_nullable() {
                        self.b.bconst(true)
                    } else {
                        let cid = self.cx.class_id(k);
                        self.b
                            .op(Opcode::InstanceOf, Imm::Class(cid), &[v])
                            .expect("r")
                    };
                    let t = self.b.bconst(true);
                    acc = self
                        .b
                        .op_typed(Opcode::Select, Imm::None, &[acc, t, r], Type::BOOL);
                }
                acc
            }
            _ => {
                // isinstance(3, int) and friends: decided statically.
                let want = match &ca {
                    Ann::Builtin(b) => vec![*b],
                    Ann::Tuple(items) => items
                        .iter()
                        .filter_map(|i| match i {
                            Ann::Builtin(b) => Some(*b),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                use crate::annotate::Builtin as B;
                let r = want.iter().any(|b| {
                    matches!(
                        (b, &xa),
                        (B::Int, Ann::Int | Ann::Bool)
                            | (B::Float, Ann::Float)
                            | (B::Str, Ann::Str { .. })
                            | (B::Bool, Ann::Bool)
                            | (B::List, Ann::List { .. })
                    )
                });
                self.b.bconst(r)
            }
        }
    }
}

impl super::Ctx<'_> {
    /// The global of class attribute `name` bound by class `c` itself.
    pub fn class_attr_globals_get(&self, c: ClassKey, name: &str) -> Option<&core_ir::GlobalId> {
        self.class_attr_globals.get(&(c, name.to_string()))
    }
}
