//! Lowering calls: direct calls with argument binding and specialization,
//! virtual calls through method slots, calls of function values, object
//! construction, and calls into the prelude.

use super::body::FnLower;
use super::Ctx;
use crate::annotate::calls::ArgSource;
use crate::annotate::lattice::{Ann, ClassKey};
use crate::annotate::names::{self, NameRef};
use crate::annotate::{FuncKey, SpecKey};
use crate::flow::{BlockId, DefaultValue, FuncId, Op, Var};
use core_ir::builder::FunctionBuilder;
use core_ir::{BuiltinClass, Imm, Opcode, Program, Type, Value};

/// An argument for a call being lowered: a flow variable, or an IR value
/// with its annotation.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A flow variable.
    Var(Var),
    /// An IR value (None when static) and its annotation.
    Val(Option<Value>, Ann),
}

impl FnLower<'_, '_, '_> {
    fn arg_ann(&self, a: &Arg) -> Ann {
        match a {
            Arg::Var(v) => self.ann(*v),
            Arg::Val(_, ann) => ann.clone(),
        }
    }

    fn arg_slot(&mut self, a: &Arg, to: &Ann) -> Value {
        match a {
            Arg::Var(v) => self.slot_value(*v, to),
            Arg::Val(v, from) => self.coerce_slot(*v, &from.clone(), to),
        }
    }

    fn arg_var(&self, a: &Arg) -> Option<Var> {
        match a {
            Arg::Var(v) => Some(*v),
            Arg::Val(..) => None,
        }
    }

    /// Calls function `f` (module-level function, method or static method)
    /// with `self_arg` bound to its first parameter if given. Returns the
    /// result converted to `res`.
    pub fn call_function(
        &mut self,
        f: FuncId,
        self_arg: Option<Arg>,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        let ann = self.cx.ann;
        let skip = usize::from(self_arg.is_some());
        let kwnames: Vec<String> = kw.iter().map(|k| k.0.clone()).collect();
        let binding = ann.bind_args(f, skip, pos.len(), &kwnames).ok()?;
        let mut args: Vec<Arg> = Vec::new();
        if let Some(s) = self_arg {
            args.push(s);
        }
        for (i, src) in binding.iter().enumerate() {
            args.push(match src {
                ArgSource::Pos(k) => pos[*k].clone(),
                ArgSource::Kw(k) => kw[*k].1.clone(),
                ArgSource::Default => self.default_arg(f, skip + i),
            });
        }
        let values: Vec<(Ann, Option<Var>)> = args
            .iter()
            .map(|a| (self.arg_ann(a), self.arg_var(a)))
            .collect();
        let spec = ann
            .spec_key(Some(self.fk), f, &values)
            .unwrap_or(SpecKey::None);
        let key = FuncKey { func: f, spec };
        let fk = ann.lookup(&key)?;
        let fid = self.cx.func_id(fk)?;
        let params = ann.funcs[fk].params.clone();
        let mut ir_args = Vec::new();
        for (a, p) in args.iter().zip(params.iter()) {
            if self.cx.is_static(p) {
                continue;
            }
            ir_args.push(self.arg_slot(a, p));
        }
        let ret_ann = ann.funcs[fk].ret.clone();
        let ret_ty = self.b.prog.funcs[fid].ret;
        let r = self.emit(
            Opcode::Call,
            Imm::Func(fid),
            &ir_args,
            if ret_ty == Type::VOID {
                None
            } else {
                Some(ret_ty)
            },
        );
        self.convert_result(r, &ret_ann, res)
    }

    /// Converts a call result of annotation `from` to the variable's annotation.
    pub fn convert_result(&mut self, r: Option<Value>, from: &Ann, res: &Ann) -> Option<Value> {
        if self.cx.is_static(res) {
            return None;
        }
        Some(self.coerce_slot(r, from, res))
    }

    fn default_arg(&mut self, f: FuncId, param: usize) -> Arg {
        let fd = &self.cx.ann.flow.funcs[f];
        match fd.params[param].default.clone() {
            Some(DefaultValue::Const(c)) => {
                let ann = crate::annotate::ops::const_ann(&c);
                let v = match c {
                    crate::flow::Constant::None => None,
                    crate::flow::Constant::Bool(b) => Some(self.b.bconst(b)),
                    crate::flow::Constant::Int(n) => Some(self.b.iconst(n)),
                    crate::flow::Constant::Float(x) => Some(self.b.fconst(x)),
                    crate::flow::Constant::Str(s) => Some(self.b.sconst(&s)),
                };
                Arg::Val(v, ann)
            }
            Some(DefaultValue::Global(name, _)) => {
                let r =
                    names::resolve_global(self.cx.ann.flow, &self.cx.ann.classes, fd.module, &name);
                match r {
                    Some(NameRef::Global(m, n)) => {
                        let gann = self
                            .cx
                            .ann
                            .globals
                            .get(&(m, n.clone()))
                            .map(|g| g.ann.clone())
                            .unwrap_or(Ann::Bottom);
                        let v = self.cx.global(m, &n).map(|g| {
                            let ty = self.b.prog.globals[g].ty;
                            self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty)
                        });
                        Arg::Val(v, gann)
                    }
                    Some(NameRef::Func(func)) => {
                        Arg::Val(None, Ann::Funcs([func].into_iter().collect()))
                    }
                    Some(NameRef::Class(c)) => {
                        Arg::Val(None, Ann::Classes([c].into_iter().collect()))
                    }
                    Some(NameRef::FloatConst(x)) => Arg::Val(Some(self.b.fconst(x)), Ann::Float),
                    _ => Arg::Val(None, Ann::NoneOnly),
                }
            }
            None => Arg::Val(None, Ann::NoneOnly),
        }
    }

    /// Calls a prelude function with IR values; returns its result converted to `res`.
    pub fn call_prelude(&mut self, name: &str, args: &[(Value, Ann)], res: &Ann) -> Option<Value> {
        let f = self.cx.ann.prelude_func(name)?;
        let pos: Vec<Arg> = args
            .iter()
            .map(|(v, a)| Arg::Val(Some(*v), a.clone()))
            .collect();
        self.call_function(f, None, &pos, &[], res)
    }

    fn split_args(
        &self,
        op: &Op,
        first: usize,
        kwnames: &[String],
    ) -> (Vec<Arg>, Vec<(String, Arg)>) {
        let npos = op.args.len() - first - kwnames.len();
        let pos: Vec<Arg> = (0..npos).map(|k| Arg::Var(op.args[first + k])).collect();
        let kw: Vec<(String, Arg)> = kwnames
            .iter()
            .enumerate()
            .map(|(k, n)| (n.clone(), Arg::Var(op.args[first + npos + k])))
            .collect();
        (pos, kw)
    }

    pub(super) fn lower_call(
        &mut self,
        bl: BlockId,
        i: usize,
        op: &Op,
        kwnames: &[String],
        res: &Ann,
    ) -> Option<Value> {
        let callee = op.args[0];
        let ca = self.ann(callee);
        let (pos, kw) = self.split_args(op, 1, kwnames);
        self.call_value(bl, i, op, callee, &ca, &pos, &kw, res)
    }

    /// Calls whatever `callee` is.
    #[allow(clippy::too_many_arguments)]
    pub fn call_value(
        &mut self,
        bl: BlockId,
        i: usize,
        op: &Op,
        callee: Var,
        ca: &Ann,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        match ca {
            Ann::Funcs(fs) if fs.len() == 1 => {
                let f = *fs.iter().next().expect("one");
                self.call_function(f, None, pos, kw, res)
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one");
                let obj = self.instantiate(c, pos, kw);
                self.convert_result(
                    Some(obj),
                    &Ann::Instance {
                        class: c,
                        nullable: false,
                    },
                    res,
                )
            }
            Ann::Funcs(_) | Ann::Classes(_) | Ann::Methods { .. } => {
                let fv = self.v(callee)?;
                self.call_indirect(fv, ca, pos, kw, res)
            }
            Ann::Builtin(b) => self.lower_builtin(bl, i, op, *b, pos, kw, res),
            Ann::BuiltinBound(recv, name) => {
                let r = Arg::Val(self.v(callee), (**recv).clone());
                self.lower_builtin_method(bl, i, op, r, name, pos, kw, res)
            }
            _ => None,
        }
    }

    /// Calls a function value (a function, class or bound-method set).
    fn call_indirect(
        &mut self,
        fv: Value,
        ca: &Ann,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        let ann = self.cx.ann;
        // The family's parameter annotations come from any member.
        let (params, ret): (Vec<Ann>, Ann) = match ca {
            Ann::Funcs(fs) => {
                let f = *fs.iter().next().expect("member");
                let fk = ann.lookup(&FuncKey {
                    func: f,
                    spec: SpecKey::None,
                })?;
                (ann.funcs[fk].params.clone(), ann.funcs[fk].ret.clone())
            }
            Ann::Classes(cs) => {
                let c = *cs.iter().next().expect("member");
                let base = cs
                    .iter()
                    .fold(c, |acc, &k| ann.classes.common_base(acc, k).unwrap_or(acc));
                let ret = Ann::Instance {
                    class: base,
                    nullable: false,
                };
                match ann.classes.lookup_method(ann.flow, c, "__init__") {
                    Some((_, f)) => {
                        let fk = ann.lookup(&FuncKey {
                            func: f,
                            spec: SpecKey::None,
                        })?;
                        (ann.funcs[fk].params[1..].to_vec(), ret)
                    }
                    None => (vec![], ret),
                }
            }
            Ann::Methods { class, names } => {
                let n = names.iter().next().expect("member");
                let mut found = None;
                for k in ann
                    .classes
                    .subtree(*class)
                    .into_iter()
                    .chain(ann.classes.ancestors(*class))
                {
                    if let Some((_, f)) = ann.classes.lookup_method(ann.flow, k, n) {
                        if let Some(fk) = ann.lookup(&FuncKey {
                            func: f,
                            spec: SpecKey::None,
                        }) {
                            found = Some((
                                ann.funcs[fk].params[1..].to_vec(),
                                ann.funcs[fk].ret.clone(),
                            ));
                            break;
                        }
                    }
                }
                found?
            }
            _ => return None,
        };
        if !kw.is_empty() {
            return None;
        }
        let mut ir_args = vec![fv];
        for (a, p) in pos.iter().zip(params.iter()) {
            if self.cx.is_static(p) {
                continue;
            }
            ir_args.push(self.arg_slot(a, p));
        }
        let ft = self.b.value_type(fv);
        let ret_ty = self
            .b
            .prog
            .types
            .func_sig(ft)
            .map(|(_, r)| r)
            .unwrap_or(Type::VOID);
        let r = self.emit(
            Opcode::CallIndirect,
            Imm::None,
            &ir_args,
            if ret_ty == Type::VOID {
                None
            } else {
                Some(ret_ty)
            },
        );
        self.convert_result(r, &ret, res)
    }

    pub(super) fn lower_call_method(
        &mut self,
        bl: BlockId,
        i: usize,
        op: &Op,
        name: &str,
        kwnames: &[String],
        res: &Ann,
    ) -> Option<Value> {
        let recv = op.args[0];
        let ra = self.ann(recv);
        let (pos, kw) = self.split_args(op, 1, kwnames);
        let ann = self.cx.ann;
        match &ra {
            Ann::Instance { class, .. } => {
                let c = *class;
                if ann.stored_attr_names.contains(name)
                    && !ann.classes.has_method_in_family(c, name)
                {
                    let fann = self.cx.field_ann(c, name);
                    let field = self.cx.field(c, name)?;
                    let o = self.v(recv)?;
                    let ty = self.b.prog.fields[field].ty;
                    let fv = self.emit(Opcode::GetField, Imm::Field(field), &[o], Some(ty));
                    return self.call_dynamic(bl, i, op, fv, &fann, &pos, &kw, res);
                }
                if !ann.classes.has_method_in_family(c, name)
                    && ann.classes.has_class_attr_in_family(c, name)
                {
                    let (k, g) = self.cx.class_attr_global(c, name)?;
                    let cann = ann.class_attrs[&(k, name.to_string())].clone();
                    let ty = self.b.prog.globals[g].ty;
                    let fv = self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty);
                    return self.call_dynamic(bl, i, op, Some(fv), &cann, &pos, &kw, res);
                }
                self.call_method_on(Arg::Var(recv), c, name, &pos, &kw, res)
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one");
                match ann.classes.lookup_method(ann.flow, c, name) {
                    Some((_, f)) => self.call_function(f, None, &pos, &kw, res),
                    None if name == "__init__" && ann.classes.is_exception(c) => {
                        // Exception.__init__(self, msg...): sets the message.
                        let (first, rest) = pos.split_first()?;
                        let obj = self.arg_slot(first, &self.arg_ann(first));
                        self.set_exception_message(c, obj, rest);
                        None
                    }
                    None => None,
                }
            }
            Ann::Super(c) => {
                let c = *c;
                let base = ann.classes.get(c).base?;
                let self_var = self.g.blocks[self.g.entry?].params.first().copied()?;
                match ann.classes.lookup_method(ann.flow, base, name) {
                    Some((_, f))
                        if crate::annotate::classes::ClassTable::is_static(ann.flow, f) =>
                    {
                        self.call_function(f, None, &pos, &kw, res)
                    }
                    Some((_, f)) => self.call_function(f, Some(Arg::Var(self_var)), &pos, &kw, res),
                    None if name == "__init__" && ann.classes.is_exception(base) => {
                        let obj = self.slot_value(
                            self_var,
                            &Ann::Instance {
                                class: c,
                                nullable: false,
                            },
                        );
                        self.set_exception_message(c, obj, &pos);
                        None
                    }
                    None if name == "__str__" && ann.classes.is_exception(base) => {
                        let obj = self.slot_value(
                            self_var,
                            &Ann::Instance {
                                class: c,
                                nullable: false,
                            },
                        );
                        let f = self.b.prog.message_field();
                        Some(self.val(Opcode::GetField, Imm::Field(f), &[obj]))
                    }
                    None => None,
                }
            }
            Ann::Module(m) => {
                let r = names::resolve_module_attr(ann.flow, &ann.classes, *m, name)?;
                let callee_ann = match &r {
                    NameRef::Func(f) => Ann::Funcs([*f].into_iter().collect()),
                    NameRef::Class(c) => Ann::Classes([*c].into_iter().collect()),
                    NameRef::Builtin(b) => Ann::Builtin(*b),
                    NameRef::Global(gm, n) => ann
                        .globals
                        .get(&(*gm, n.clone()))
                        .map(|g| g.ann.clone())
                        .unwrap_or(Ann::Bottom),
                    _ => return None,
                };
                let fv = match &r {
                    NameRef::Global(gm, n) => self.cx.global(*gm, n).map(|g| {
                        let ty = self.b.prog.globals[g].ty;
                        self.b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], ty)
                    }),
                    _ => None,
                };
                self.call_dynamic(bl, i, op, fv, &callee_ann, &pos, &kw, res)
            }
            Ann::Str { .. }
            | Ann::List { .. }
            | Ann::Dict { .. }
            | Ann::File { .. }
            | Ann::Stream(_)
            | Ann::Driver(_) => {
                let r = Arg::Val(self.v(recv), ra.non_null());
                self.lower_builtin_method(bl, i, op, r, name, &pos, &kw, res)
            }
            _ => None,
        }
    }

    /// Calls a value held in an IR value (or static) with annotation `ca`.
    #[allow(clippy::too_many_arguments)]
    fn call_dynamic(
        &mut self,
        bl: BlockId,
        i: usize,
        op: &Op,
        fv: Option<Value>,
        ca: &Ann,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        match ca {
            Ann::Funcs(fs) if fs.len() == 1 => {
                let f = *fs.iter().next().expect("one");
                self.call_function(f, None, pos, kw, res)
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one");
                let obj = self.instantiate(c, pos, kw);
                self.convert_result(
                    Some(obj),
                    &Ann::Instance {
                        class: c,
                        nullable: false,
                    },
                    res,
                )
            }
            Ann::Builtin(b) => self.lower_builtin(bl, i, op, *b, pos, kw, res),
            _ => self.call_indirect(fv?, ca, pos, kw, res),
        }
    }

    /// A method call on an instance of `c`: direct when every class from
    /// `c` down shares the implementation, virtual otherwise.
    pub fn call_method_on(
        &mut self,
        recv: Arg,
        c: ClassKey,
        name: &str,
        pos: &[Arg],
        kw: &[(String, Arg)],
        res: &Ann,
    ) -> Option<Value> {
        let ann = self.cx.ann;
        if let Some(f) = self.cx.monomorphic(c, name) {
            if crate::annotate::classes::ClassTable::is_static(ann.flow, f) {
                return self.call_function(f, None, pos, kw, res);
            }
            // A direct call on a receiver that may be None fails as the
            // virtual call would: AttributeError naming the method.
            if self.arg_ann(&recv).is_nullable() {
                if let Some(r) = match &recv {
                    Arg::Var(v) => self.v(*v),
                    Arg::Val(v, _) => *v,
                } {
                    self.check_not_none(r, name);
                }
            }
            return self.call_function(f, Some(recv), pos, kw, res);
        }
        if name == "__str__"
            && ann.classes.is_exception(c)
            && ann.classes.lookup_method(ann.flow, c, name).is_none()
            && !ann.classes.has_method_in_family(c, name)
        {
            let o = self.arg_slot(
                &recv,
                &Ann::Instance {
                    class: c,
                    nullable: false,
                },
            );
            let f = self.b.prog.message_field();
            return Some(self.val(Opcode::GetField, Imm::Field(f), &[o]));
        }
        let slot = self.cx.method_slot(c, name)?;
        // Parameter annotations: from any implementation in the family.
        let mut params: Option<(Vec<Ann>, Ann)> = None;
        for k in ann
            .classes
            .subtree(c)
            .into_iter()
            .chain(ann.classes.ancestors(c))
        {
            if let Some((_, f)) = ann.classes.lookup_method(ann.flow, k, name) {
                if let Some(fk) = ann.lookup(&FuncKey {
                    func: f,
                    spec: SpecKey::None,
                }) {
                    params = Some((ann.funcs[fk].params.clone(), ann.funcs[fk].ret.clone()));
                    if let Ok(binding) = ann.bind_args(
                        f,
                        1,
                        pos.len(),
                        &kw.iter().map(|k| k.0.clone()).collect::<Vec<_>>(),
                    ) {
                        // Reorder keyword arguments into positions.
                        let mut ordered: Vec<Arg> = Vec::new();
                        for (j, src) in binding.iter().enumerate() {
                            ordered.push(match src {
                                ArgSource::Pos(x) => pos[*x].clone(),
                                ArgSource::Kw(x) => kw[*x].1.clone(),
                                ArgSource::Default => self.default_arg(f, 1 + j),
                            });
                        }
                        let (ps, ret) = params.clone().expect("set");
                        let o = self.arg_slot(
                            &recv,
                            &Ann::Instance {
                                class: c,
                                nullable: false,
                            },
                        );
                        let mut ir_args = vec![o];
                        for (a, p) in ordered.iter().zip(ps.iter().skip(1)) {
                            if self.cx.is_static(p) {
                                continue;
                            }
                            ir_args.push(self.arg_slot(a, p));
                        }
                        let ret_ty = self.b.prog.methods[slot].ret;
                        let r = self.emit(
                            Opcode::CallMethod,
                            Imm::Method(slot),
                            &ir_args,
                            if ret_ty == Type::VOID {
                                None
                            } else {
                                Some(ret_ty)
                            },
                        );
                        return self.convert_result(r, &ret, res);
                    }
                    break;
                }
            }
        }
        if slot == self.b.prog.str_method() {
            let o = self.arg_slot(
                &recv,
                &Ann::Instance {
                    class: c,
                    nullable: false,
                },
            );
            let r = self.emit(Opcode::CallMethod, Imm::Method(slot), &[o], Some(Type::STR));
            return self.convert_result(r, &Ann::Str { nullable: false }, res);
        }
        let _ = params;
        None
    }

    /// Raises AttributeError "'NoneType' object has no attribute 'NAME'" when `v` is None.
    fn check_not_none(&mut self, v: Value, name: &str) {
        let is_none = self.b.op(Opcode::IsNone, Imm::None, &[v]).expect("r");
        let bad = self.b.create_block();
        let good = self.b.create_block();
        self.b.branch(is_none, bad, &[], good, &[]);
        self.b.switch_to_block(bad);
        let m = self
            .b
            .sconst(&format!("'NoneType' object has no attribute '{name}'"));
        self.raise_builtin(BuiltinClass::AttributeError, m);
        self.b.switch_to_block(good);
    }

    /// Calls method `name` on a value of annotation `recv_ann` (used for
    /// `__eq__`, `__str__` and friends).
    pub fn call_method_value(
        &mut self,
        recv: Value,
        recv_ann: &Ann,
        name: &str,
        args: &[(Value, Ann)],
    ) -> Option<Value> {
        let Ann::Instance { class, .. } = recv_ann else {
            return None;
        };
        let pos: Vec<Arg> = args
            .iter()
            .map(|(v, a)| Arg::Val(Some(*v), a.clone()))
            .collect();
        let res = self.method_result_ann(*class, name);
        self.call_method_on(
            Arg::Val(Some(recv), recv_ann.clone()),
            *class,
            name,
            &pos,
            &[],
            &res,
        )
    }

    fn method_result_ann(&self, c: ClassKey, name: &str) -> Ann {
        let ann = self.cx.ann;
        if name == "__str__" || name == "__repr__" {
            return Ann::Str { nullable: false };
        }
        for k in ann
            .classes
            .subtree(c)
            .into_iter()
            .chain(ann.classes.ancestors(c))
        {
            if let Some((_, f)) = ann.classes.lookup_method(ann.flow, k, name) {
                if let Some(fk) = ann.lookup(&FuncKey {
                    func: f,
                    spec: SpecKey::None,
                }) {
                    return ann.funcs[fk].ret.clone();
                }
            }
        }
        Ann::Bottom
    }

    /// `C(args)`.
    pub fn instantiate(&mut self, c: ClassKey, pos: &[Arg], kw: &[(String, Arg)]) -> Value {
        let ann = self.cx.ann;
        let cid = self.cx.class_id(c);
        let ty = self.b.prog.types.instance(cid);
        let obj = self
            .emit(Opcode::New, Imm::Class(cid), &[], Some(ty))
            .expect("new");
        init_field_defaults(self.cx, &mut self.b, c, obj);
        if ann.classes.is_exception(c) {
            self.set_exception_message(c, obj, pos);
        }
        if let Some((_, f)) = ann.classes.lookup_method(ann.flow, c, "__init__") {
            let me = Arg::Val(
                Some(obj),
                Ann::Instance {
                    class: c,
                    nullable: false,
                },
            );
            self.call_function(f, Some(me), pos, kw, &Ann::NoneOnly);
        }
        obj
    }

    /// Sets `__message__` as `BaseException` does from constructor arguments:
    /// "" for none, `str(a)` for one (`repr(a)` for KeyError), the tuple's repr otherwise.
    fn set_exception_message(&mut self, c: ClassKey, obj: Value, args: &[Arg]) {
        let key_error = self.cx.ann.is_key_error(c);
        let msg = match args.len() {
            0 => self.b.sconst(""),
            1 => {
                let a = &args[0];
                let aa = self.arg_ann(a);
                let v = match a {
                    Arg::Var(x) => self.v(*x),
                    Arg::Val(v, _) => *v,
                };
                if key_error {
                    self.repr_value(v, &aa)
                } else {
                    self.str_value(v, &aa)
                }
            }
            _ => {
                let mut parts = vec![self.b.sconst("(")];
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        parts.push(self.b.sconst(", "));
                    }
                    let aa = self.arg_ann(a);
                    let v = match a {
                        Arg::Var(x) => self.v(*x),
                        Arg::Val(v, _) => *v,
                    };
                    parts.push(self.repr_value(v, &aa));
                }
                parts.push(self.b.sconst(")"));
                self.concat(&parts)
            }
        };
        let f = self.b.prog.message_field();
        self.b
            .ins(Opcode::SetField, Imm::Field(f), &[obj, msg], None);
    }
}

/// Sets the fields of a new instance of `c` that have a class-level default.
fn init_field_defaults(cx: &Ctx<'_>, b: &mut FunctionBuilder<'_>, c: ClassKey, obj: Value) {
    let ann = cx.ann;
    for k in ann.classes.ancestors(c) {
        for name in &ann.classes.get(k).class_attrs {
            if !ann.stored_attr_names.contains(name) {
                continue;
            }
            // The nearest class from `c` up that binds it wins; only set it once.
            let nearest = ann
                .classes
                .ancestors(c)
                .into_iter()
                .find(|x| ann.classes.get(*x).class_attrs.contains(name));
            if nearest != Some(k) {
                continue;
            }
            let (Some(field), Some(&g)) = (cx.field(c, name), cx.class_attr_globals_get(k, name))
            else {
                continue;
            };
            let gt = b.prog.globals[g].ty;
            let ft = b.prog.fields[field].ty;
            let v = b.op_typed(Opcode::GlobalGet, Imm::Global(g), &[], gt);
            let v = if gt == ft {
                v
            } else {
                match (b.prog.types.get(gt).clone(), b.prog.types.get(ft).clone()) {
                    (core_ir::TypeData::Int, core_ir::TypeData::Float) => {
                        b.op(Opcode::IntToFloat, Imm::None, &[v]).expect("r")
                    }
                    (core_ir::TypeData::Bool, core_ir::TypeData::Int) => {
                        b.op(Opcode::BoolToInt, Imm::None, &[v]).expect("r")
                    }
                    _ => v,
                }
            };
            b.ins(Opcode::SetField, Imm::Field(field), &[obj, v], None);
        }
    }
}

/// Builds the body of a class factory: `new C`, defaults, message, `__init__(args)`.
/// `None` if `C`'s `__init__` was never annotated for instances of `C`.
pub fn construct(
    cx: &mut Ctx<'_>,
    b: &mut FunctionBuilder<'_>,
    c: ClassKey,
    args: &[Value],
) -> Option<Value> {
    let ann = cx.ann;
    let cid = cx.class_id(c);
    let ty = b.prog.types.instance(cid);
    let obj = b.op_typed(Opcode::New, Imm::Class(cid), &[], ty);
    init_field_defaults(cx, b, c, obj);
    if ann.classes.is_exception(c) {
        let msg = if args.len() == 1 && b.value_type(args[0]) == Type::STR {
            args[0]
        } else {
            b.sconst("")
        };
        let f = b.prog.message_field();
        b.ins(Opcode::SetField, Imm::Field(f), &[obj, msg], None);
    }
    if let Some((_, f)) = ann.classes.lookup_method(ann.flow, c, "__init__") {
        let fid = cx.func_of_key(&FuncKey {
            func: f,
            spec: SpecKey::None,
        })?;
        let mut all = vec![obj];
        all.extend_from_slice(args);
        let params = b.prog.funcs[fid].params.clone();
        let fits = all.len() == params.len()
            && all
                .iter()
                .zip(params.iter())
                .all(|(&v, &t)| b.prog.is_assignable(b.value_type(v), t));
        if !fits {
            return None;
        }
        b.ins(Opcode::Call, Imm::Func(fid), &all, None);
    }
    let _ = BuiltinClass::Exception;
    Some(obj)
}

/// Needed by `types.rs` to keep the program reference type simple.
pub fn _program_marker(_: &Program) {}
