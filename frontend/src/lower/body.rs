//! Lowering one function's flow graph: blocks, variables, links, exits, and
//! the catch edges of operations inside `try` bodies.

use super::Ctx;
use crate::annotate::lattice::Ann;
use crate::annotate::FKey;
use crate::flow::{BlockId, Exit, FlowGraph, Link, LinkArg, Var};
use crate::source::Span;
use core_ir::builder::FunctionBuilder;
use core_ir::{Block, BlockArg, FuncId, Imm, Opcode, Program, SourceLoc, Type, Value};
use std::collections::HashMap;

/// The state of lowering one function.
pub struct FnLower<'c, 'a, 'p> {
    /// Shared lowering state.
    pub cx: &'c mut Ctx<'a>,
    /// The IR being built.
    pub b: FunctionBuilder<'p>,
    /// Which annotated function.
    pub fk: FKey,
    /// Its flow graph.
    pub g: &'a FlowGraph,
    /// IR value of each flow variable (None: static or not yet defined).
    pub vals: Vec<Option<Value>>,
    blocks: HashMap<BlockId, Block>,
    /// Catch edge of the op being lowered: every IR op that may raise gets it.
    catch: Option<(Block, Vec<BlockArg>)>,
    /// The current IR block has been terminated by `unreachable`.
    pub dead: bool,
    /// Variables whose defining op was cut off by an `unreachable` (an
    /// operand that can have no value, such as a parameter of a function
    /// never called). Code using them cannot run either.
    never_defined: Vec<bool>,
}

/// Lowers annotated function `fk` into the declared IR function `fid`.
pub fn lower_function(cx: &mut Ctx<'_>, prog: &mut Program, fk: FKey, fid: FuncId) {
    let func = cx.ann.funcs[fk].key.func;
    let g: &FlowGraph = &cx.ann.flow.funcs[func].graph;
    let Some(entry) = g.entry else { return };
    if std::env::var_os("KILN_DEBUG_LOWER").is_some() {
        eprintln!(
            "lowering {} {:?}",
            prog.funcs[fid].name, cx.ann.funcs[fk].key.spec
        );
    }
    let b = FunctionBuilder::new(prog, fid);
    // Extend the lifetime of the graph reference to the annotator's.
    let ann = cx.ann;
    let g: &FlowGraph = &ann.flow.funcs[func].graph;
    let mut fl = FnLower {
        cx,
        b,
        fk,
        g,
        vals: vec![None; g.vars.len()],
        blocks: HashMap::new(),
        catch: None,
        dead: false,
        never_defined: vec![false; g.vars.len()],
    };
    let order = g.reverse_postorder();
    for &bl in &order {
        if !fl.cx.ann.funcs[fk].reached[bl.as_u32() as usize] {
            continue;
        }
        let irb = fl.b.create_block();
        for &p in &g.blocks[bl].params {
            let a = fl.ann(p);
            if let Some(t) = fl.cx.var_type(fl.b.prog, &a) {
                fl.b.append_block_param(irb, t);
            }
        }
        fl.blocks.insert(bl, irb);
    }
    // The IR entry block passes the function's parameters to the flow entry block.
    let ir_entry = fl.b.entry_block();
    let params: Vec<Value> = fl.b.block_params(ir_entry).to_vec();
    match fl.blocks.get(&entry).copied() {
        Some(target) => {
            let want: Vec<Type> =
                fl.b.block_params(target)
                    .iter()
                    .map(|&v| fl.b.value_type(v))
                    .collect();
            let have: Vec<Type> = params.iter().map(|&v| fl.b.value_type(v)).collect();
            if want == have {
                fl.b.jump(target, &params);
            } else {
                fl.b.unreachable();
            }
        }
        None => fl.b.unreachable(),
    }
    for &bl in &order {
        if let Some(&irb) = fl.blocks.get(&bl) {
            fl.lower_block(bl, irb);
        }
    }
    fl.b.finish();
}

impl<'c, 'a, 'p> FnLower<'c, 'a, 'p> {
    /// The annotation of a flow variable.
    pub fn ann(&self, v: Var) -> Ann {
        self.cx.ann.var(self.fk, v)
    }

    /// The source location of a span, for IR instructions.
    fn loc(&self, span: Span) -> SourceLoc {
        let f = &self.cx.ann.sources.files[span.file];
        let (line, col) = f.line_col(span.start);
        SourceLoc {
            file: span.file.as_u32(),
            line,
            col,
        }
    }

    fn lower_block(&mut self, bl: BlockId, irb: Block) {
        self.b.switch_to_block(irb);
        self.dead = false;
        let block = &self.g.blocks[bl];
        let params: Vec<Value> = self.b.block_params(irb).to_vec();
        let mut k = 0;
        for &p in &block.params {
            let a = self.ann(p);
            if self.cx.var_type(self.b.prog, &a).is_some() {
                self.vals[p.as_u32() as usize] = params.get(k).copied();
                k += 1;
            } else {
                self.vals[p.as_u32() as usize] = None;
            }
        }
        for (i, op) in block.ops.iter().enumerate() {
            if op
                .args
                .iter()
                .any(|&a| self.ann(a) == Ann::Bottom || self.never_defined[a.as_u32() as usize])
            {
                self.cut_off(&block.ops[i..]);
                self.b.unreachable();
                return;
            }
            let loc = self.loc(op.span);
            self.b.set_loc(loc);
            self.catch = match &op.catch {
                // A handler the annotator never reached cannot be entered.
                Some(l) if self.blocks.contains_key(&l.target) => {
                    let target = self.blocks[&l.target];
                    let args = self.link_args(l);
                    Some((target, args))
                }
                _ => None,
            };
            let res = self.lower_op(bl, i, op);
            self.catch = None;
            if self.dead {
                self.cut_off(&block.ops[i..]);
                return;
            }
            if let Some(r) = op.result {
                self.vals[r.as_u32() as usize] = res;
                if self.ann(r) == Ann::Bottom && op.kind != crate::flow::OpKind::Unbound {
                    self.cut_off(&block.ops[i + 1..]);
                    self.b.unreachable();
                    return;
                }
            }
        }
        if self
            .exit_vars(&block.exit)
            .iter()
            .any(|v| self.never_defined[v.as_u32() as usize])
        {
            self.b.unreachable();
            return;
        }
        match &block.exit {
            Exit::Jump(l) => {
                let target = self.blocks[&l.target];
                let args = self.link_args(l);
                let vals = self.plain_args(args);
                self.b.jump(target, &vals);
            }
            Exit::Branch { cond, then, els } => {
                let c = self.truth_of(*cond);
                let (t, e) = (self.blocks[&then.target], self.blocks[&els.target]);
                let ta = self.link_args(then);
                let ea = self.link_args(els);
                let (ta, ea) = (self.plain_args(ta), self.plain_args(ea));
                self.b.branch(c, t, &ta, e, &ea);
            }
            Exit::Return(v, span) => {
                let loc = self.loc(*span);
                self.b.set_loc(loc);
                let ret = self.cx.ann.funcs[self.fk].ret.clone();
                if self.b.func().ret == Type::VOID {
                    self.b.ret(None);
                } else {
                    let val = self.slot_value(*v, &ret);
                    self.b.ret(Some(val));
                }
            }
            Exit::Raise(v, span) => {
                let loc = self.loc(*span);
                self.b.set_loc(loc);
                let a = self.ann(*v);
                let exc = match a {
                    Ann::Classes(cs) => {
                        let c = *cs.iter().next().expect("one class");
                        match super::calls::construct(self.cx, &mut self.b, c, &[]) {
                            Some(v) => v,
                            None => {
                                self.b.unreachable();
                                return;
                            }
                        }
                    }
                    _ => self.vals[v.as_u32() as usize].expect("exception value"),
                };
                self.b.raise(exc);
            }
            Exit::Unreachable => self.b.unreachable(),
        }
    }

    /// The bool value of a branch condition.
    /// Marks the results of `ops` (the rest of a block cut off by an
    /// `unreachable`) as never defined.
    fn cut_off(&mut self, ops: &[crate::flow::Op]) {
        for op in ops {
            if let Some(r) = op.result {
                self.never_defined[r.as_u32() as usize] = true;
            }
        }
    }

    /// The variables a block's exit reads.
    fn exit_vars(&self, exit: &Exit) -> Vec<Var> {
        let link = |l: &Link| -> Vec<Var> {
            l.args
                .iter()
                .filter_map(|a| match a {
                    crate::flow::LinkArg::Var(v) => Some(*v),
                    crate::flow::LinkArg::Exc => None,
                })
                .collect()
        };
        match exit {
            Exit::Jump(l) => link(l),
            Exit::Branch { cond, then, els } => {
                let mut v = vec![*cond];
                v.extend(link(then));
                v.extend(link(els));
                v
            }
            Exit::Return(v, _) | Exit::Raise(v, _) => vec![*v],
            Exit::Unreachable => vec![],
        }
    }

    fn truth_of(&mut self, v: Var) -> Value {
        match self.vals[v.as_u32() as usize] {
            Some(x) if self.b.value_type(x) == Type::BOOL => x,
            Some(x) => {
                let a = self.ann(v);
                self.truth(x, &a)
            }
            None => {
                let a = self.ann(v);
                let c = !matches!(a, Ann::NoneOnly | Ann::Bottom);
                self.b.bconst(c)
            }
        }
    }

    fn plain_args(&self, args: Vec<BlockArg>) -> Vec<Value> {
        args.into_iter()
            .filter_map(|a| match a {
                BlockArg::Value(v) => Some(v),
                BlockArg::Exc => None,
            })
            .collect()
    }

    /// The IR arguments of a flow link, converted to the target's parameter types.
    fn link_args(&mut self, l: &Link) -> Vec<BlockArg> {
        let target = &self.g.blocks[l.target];
        let mut out = Vec::new();
        for (arg, &p) in l.args.iter().zip(target.params.iter()) {
            let pa = self.ann(p);
            if self.cx.var_type(self.b.prog, &pa).is_none() {
                continue;
            }
            match arg {
                LinkArg::Exc => out.push(BlockArg::Exc),
                LinkArg::Var(v) => {
                    let val = self.slot_value(*v, &pa);
                    out.push(BlockArg::Value(val));
                }
            }
        }
        out
    }

    /// Appends an IR instruction; if the flow op being lowered has a catch
    /// edge and the instruction may raise, the edge is attached and a new
    /// block continues.
    pub fn emit(
        &mut self,
        op: Opcode,
        imm: Imm,
        args: &[Value],
        ty: Option<Type>,
    ) -> Option<Value> {
        let r = self.b.ins(op, imm, args, ty);
        if op.flags().raises {
            if let Some((target, cargs)) = self.catch.clone() {
                let inst = self.b.last_inst().expect("just added");
                self.b.set_catch(inst, target, cargs);
                let cont = self.b.create_block();
                self.b.jump(cont, &[]);
                self.b.switch_to_block(cont);
            }
        }
        r
    }

    /// Like [`emit`](Self::emit) with the result type inferred from the operands.
    pub fn emit_op(&mut self, op: Opcode, imm: Imm, args: &[Value]) -> Option<Value> {
        let tys: Vec<Type> = args.iter().map(|&a| self.b.value_type(a)).collect();
        let res = core_ir::typing::infer_result(self.b.prog, op, &imm, &tys);
        self.emit(op, imm, args, res)
    }

    /// `emit_op` for an op known to have a result.
    pub fn val(&mut self, op: Opcode, imm: Imm, args: &[Value]) -> Value {
        self.emit_op(op, imm, args).expect("op has a result")
    }

    /// Raises exception `e`: into the op's catch edge if it has one, else out
    /// of the function. The current block ends.
    pub fn raise_value(&mut self, e: Value) {
        match self.catch.clone() {
            Some((target, cargs)) => {
                let vals: Vec<Value> = cargs
                    .into_iter()
                    .map(|a| match a {
                        BlockArg::Value(v) => v,
                        BlockArg::Exc => e,
                    })
                    .collect();
                self.b.jump(target, &vals);
            }
            None => self.b.raise(e),
        }
        self.dead = true;
    }

    /// Raises a built-in exception with a message.
    pub fn raise_builtin(&mut self, class: core_ir::BuiltinClass, msg: Value) {
        let ty = self.b.prog.types.instance(class.id());
        let e = self
            .b
            .op_typed(Opcode::New, Imm::Class(class.id()), &[], ty);
        let f = self.b.prog.message_field();
        self.b.ins(Opcode::SetField, Imm::Field(f), &[e, msg], None);
        let dead = self.dead;
        self.raise_value(e);
        self.dead = dead;
    }

    /// The value of a flow variable converted for a slot of annotation `to`
    /// (materializing static values).
    pub fn slot_value(&mut self, v: Var, to: &Ann) -> Value {
        let from = self.ann(v);
        let val = self.vals[v.as_u32() as usize];
        self.coerce_slot(val, &from, to)
    }

    /// The value of a flow variable converted for a variable of annotation
    /// `to` (None when `to` is static).
    pub fn var_value(&mut self, v: Var, to: &Ann) -> Option<Value> {
        if self.cx.is_static(to) {
            return None;
        }
        Some(self.slot_value(v, to))
    }

    /// Converts a value of annotation `from` to a slot of annotation `to`.
    pub fn coerce_slot(&mut self, val: Option<Value>, from: &Ann, to: &Ann) -> Value {
        let tt = self.cx.slot_type(self.b.prog, to);
        let v = match (from, val) {
            (Ann::Funcs(fs), None) if fs.len() == 1 => {
                let f = *fs.iter().next().expect("one");
                let key = crate::annotate::FuncKey {
                    func: f,
                    spec: crate::annotate::SpecKey::None,
                };
                match self.cx.func_of_key(&key) {
                    Some(id) => {
                        let ft = self.b.prog.func_type(id);
                        self.b.op_typed(Opcode::FuncRef, Imm::Func(id), &[], ft)
                    }
                    None => return self.zero(tt),
                }
            }
            (Ann::Classes(cs), None) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one");
                let want_ret = self.b.prog.types.func_sig(tt).map(|(_, r)| r);
                let f = self.cx.factory(self.b.prog, c, want_ret);
                let ft = self.b.prog.func_type(f);
                self.b.op_typed(Opcode::FuncRef, Imm::Func(f), &[], ft)
            }
            (_, None) => return self.zero(tt),
            (_, Some(v)) => v,
        };
        let ft = self.b.value_type(v);
        if ft == tt || self.b.prog.is_assignable(ft, tt) {
            return v;
        }
        use core_ir::TypeData as T;
        let (fd, td) = (
            self.b.prog.types.get(ft).clone(),
            self.b.prog.types.get(tt).clone(),
        );
        match (fd, td) {
            (T::Bool, T::Int) => self.b.op(Opcode::BoolToInt, Imm::None, &[v]).expect("r"),
            (T::Bool, T::Float) => {
                let i = self.b.op(Opcode::BoolToInt, Imm::None, &[v]).expect("r");
                self.b.op(Opcode::IntToFloat, Imm::None, &[i]).expect("r")
            }
            (T::Bool, T::UInt) => {
                let i = self.b.op(Opcode::BoolToInt, Imm::None, &[v]).expect("r");
                self.b.op(Opcode::IntToUint, Imm::None, &[i]).expect("r")
            }
            (T::Int, T::Float) => self.b.op(Opcode::IntToFloat, Imm::None, &[v]).expect("r"),
            (T::Int, T::UInt) => self.b.op(Opcode::IntToUint, Imm::None, &[v]).expect("r"),
            (T::UInt, T::Int) => self.b.op(Opcode::UintToInt, Imm::None, &[v]).expect("r"),
            (T::UInt, T::Float) => self.b.op(Opcode::UintToFloat, Imm::None, &[v]).expect("r"),
            (T::Tuple(fi), T::Tuple(ti)) if fi.len() == ti.len() => {
                let (fa, ta) = match (from, to) {
                    (Ann::Tuple(x), Ann::Tuple(y)) => (x.clone(), y.clone()),
                    _ => (vec![Ann::Bottom; fi.len()], vec![Ann::Bottom; fi.len()]),
                };
                let mut items = Vec::new();
                for k in 0..fi.len() {
                    let it = self
                        .b
                        .op(Opcode::TupleGet, Imm::Index(k as u32), &[v])
                        .expect("r");
                    let fa_k = fa.get(k).cloned().unwrap_or(Ann::Bottom);
                    let ta_k = ta.get(k).cloned().unwrap_or(Ann::Bottom);
                    items.push(self.coerce_slot(Some(it), &fa_k, &ta_k));
                }
                self.b.op_typed(Opcode::TupleNew, Imm::None, &items, tt)
            }
            _ => v,
        }
    }

    /// A placeholder value of type `t` (for values that are never read).
    pub fn zero(&mut self, t: Type) -> Value {
        match self.b.prog.types.get(t).clone() {
            core_ir::TypeData::Bool => self.b.bconst(false),
            core_ir::TypeData::Int => self.b.iconst(0),
            core_ir::TypeData::UInt => self.b.op_typed(Opcode::Uconst, Imm::UInt(0), &[], t),
            core_ir::TypeData::Float => self.b.fconst(0.0),
            _ => self.b.op_typed(Opcode::NoneConst, Imm::None, &[], t),
        }
    }
}
