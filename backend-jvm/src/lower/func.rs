//! One IR function as one static JVM method: blocks become labels in
//! reverse postorder, every IR value gets its own local, edges move their
//! arguments through the operand stack (a parallel move), and catch edges
//! become exception-table ranges around the raising instruction with a
//! small handler stub that converts the Java throwable into the program's
//! exception object (`kiln.rt.Err.wrap`) before taking the edge.

use super::FnGen;
use crate::classfile::code::{Code, CodeError, If, Invoke, Label, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use crate::runtime::ERR;
use core_ir::{
    Block, BlockArg, BlockCall, Cond, FuncId, Inst, Opcode, Terminator, Type, Value, ValueDef,
};
use cranelift_entity::SecondaryMap;

/// Blocks reachable from the entry, in reverse postorder (catch edges count).
pub fn reverse_postorder(f: &core_ir::Function) -> Vec<Block> {
    let Some(entry) = f.entry() else {
        return Vec::new();
    };
    let mut seen = SecondaryMap::<Block, bool>::new();
    let mut post = Vec::new();
    // Iterative DFS: (block, next successor index).
    let mut stack = vec![(entry, 0usize)];
    seen[entry] = true;
    while let Some(&mut (b, ref mut i)) = stack.last_mut() {
        let succs = f.block_successors(b);
        if *i < succs.len() {
            // Later successors first, so that the first (the `then` side
            // of a branch, a loop's body) comes right after its block.
            let s = succs[succs.len() - 1 - *i].block;
            *i += 1;
            if !seen[s] {
                seen[s] = true;
                stack.push((s, 0));
            }
        } else {
            post.push(b);
            stack.pop();
        }
    }
    post.reverse();
    post
}

/// Emits the body of function `fid` as a static method; the finished code.
pub fn lower_function(
    layout: &Layout,
    fid: FuncId,
    pool: &mut crate::classfile::pool::ConstantPool,
) -> Result<crate::classfile::code::Finished, String> {
    let mut wide = false;
    loop {
        let f = &layout.prog.funcs[fid];
        let params: Vec<VType> = f.params.iter().map(|&t| layout.vtype(t)).collect();
        let code = Code::new(pool, &params, wide);
        let mut g = FnGen::new(layout, f, code);
        g.body();
        match g.c.finish() {
            Ok(done) => return Ok(done),
            Err(CodeError::BranchTooFar) if !wide => wide = true,
            Err(CodeError::BranchTooFar) => {
                return Err(format!("function `{}`: branch offset overflow", f.name))
            }
            Err(CodeError::Other(m)) => return Err(format!("function `{}`: {m}", f.name)),
        }
    }
}

impl<'a, 'p> FnGen<'a, 'p> {
    fn new(l: &'a Layout<'p>, f: &'a core_ir::Function, c: Code<'a>) -> Self {
        let alias = param_aliases(f);
        let mut incoming = SecondaryMap::<Block, u32>::new();
        for &b in &f.layout {
            for cb in f.block_successors(b) {
                incoming[cb.block] += 1;
            }
        }
        let root = |v: Value| resolve(&alias, v);
        let mut uses = SecondaryMap::<Value, u32>::new();
        let count_edge = |cb: &BlockCall, uses: &mut SecondaryMap<Value, u32>| {
            for (a, &p) in cb.args.iter().zip(&f.blocks[cb.block].params) {
                if let (BlockArg::Value(v), None) = (a, alias[p]) {
                    uses[root(*v)] += 1;
                }
            }
        };
        for b in &f.layout {
            let bd = &f.blocks[*b];
            for &i in &bd.insts {
                for &a in &f.insts[i].args {
                    uses[root(a)] += 1;
                }
                if let Some(cb) = &f.insts[i].catch {
                    count_edge(cb, &mut uses);
                }
            }
            if let Some(t) = &bd.term {
                for v in t.operands() {
                    uses[root(v)] += 1;
                }
                for cb in t.successors() {
                    count_edge(cb, &mut uses);
                }
            }
        }
        FnGen {
            l,
            f,
            c,
            vals: SecondaryMap::new(),
            labels: SecondaryMap::new(),
            uses,
            alias,
            incoming,
            pending: None,
            inner_not: None,
        }
    }

    fn body(&mut self) {
        let f = self.f;
        let order = reverse_postorder(f);
        let Some(&entry) = order.first() else {
            self.c.fail("function without a body");
            return;
        };
        for (i, &p) in f.blocks[entry].params.iter().enumerate() {
            let l = self.c.param(i);
            self.vals[p] = Some(l);
        }
        for &b in &order {
            let l = self.c.label();
            self.labels[b] = Some(l);
        }
        // A jump from the prologue makes the entry block an ordinary target
        // (it may be the target of back edges).
        let entry_label = self.label(entry);
        for (k, &b) in order.iter().enumerate() {
            let lab = self.label(b);
            self.c.bind(lab);
            let _ = entry_label;
            self.block(b, order.get(k + 1).copied());
        }
    }

    /// The label of block `b`.
    pub fn label(&self, b: Block) -> Label {
        self.labels[b].expect("block has a label")
    }

    /// The local of value `v` (created on first use).
    pub fn local(&mut self, v: Value) -> crate::classfile::code::Local {
        let v = resolve(&self.alias, v);
        if let Some(l) = &self.vals[v] {
            return l.clone();
        }
        let t = self.l.vtype(self.f.value_type(v));
        let l = self.c.local(t);
        self.vals[v] = Some(l.clone());
        l
    }

    /// Pushes value `v`.
    pub fn load(&mut self, v: Value) {
        let v = resolve(&self.alias, v);
        if self.pending == Some(v) {
            // Left on the stack by the instruction just before.
            self.pending = None;
            if self.c.depth() != 1 {
                self.c
                    .fail("a value passed on the stack is not alone there");
            }
            return;
        }
        if let ValueDef::Result(i) = self.f.values[v].def {
            if let Some((op, imm)) = self.constant_of(i) {
                self.emit_constant(op, &imm);
                return;
            }
        }
        let l = self.local(v);
        self.c.load(&l);
    }

    /// Pops into value `v`.
    pub fn store(&mut self, v: Value) {
        let l = self.local(v);
        self.c.store(&l);
    }

    /// The IR type of value `v`.
    pub fn ty(&self, v: Value) -> Type {
        self.f.value_type(v)
    }

    fn block(&mut self, b: Block, next: Option<Block>) {
        let f = self.f;
        let data = &f.blocks[b];
        let n = data.insts.len();
        let mut stubs: Vec<(Label, &BlockCall)> = Vec::new();
        let chain = self.switch_chain(b);
        let fused = if chain.is_some() {
            None
        } else {
            self.fusable_branch(b)
        };
        let nfused = if chain.is_some() {
            1
        } else {
            fused.map_or(0, |f| f.1)
        };
        let body_len = n - nfused;
        self.inner_not = if nfused == 2 {
            Some(data.insts[n - 2])
        } else {
            None
        };
        for (k, &i) in data.insts.iter().enumerate() {
            if k >= body_len {
                break;
            }
            // The next instruction that emits code (constants emit none
            // where they stand; the fused compare loads its first operand
            // first).
            let next_inst = data.insts[k + 1..]
                .iter()
                .copied()
                .find(|&j| self.constant_of(j).is_none());
            let inst = &f.insts[i];
            match &inst.catch {
                Some(cb) => {
                    let t = self.c.start_try();
                    let stored = self.inst(i);
                    let stub = self.c.label();
                    self.c.end_try(t, stub, None);
                    self.finish_result(i, stored, next_inst, b);
                    stubs.push((stub, cb));
                }
                None if self.constant_of(i).is_some() => {}
                None => {
                    let stored = self.inst(i);
                    self.finish_result(i, stored, next_inst, b);
                }
            }
        }
        // Handler stubs follow the block: it must not fall through into them.
        let next = if stubs.is_empty() { next } else { None };
        match (&data.term, fused, chain) {
            (_, _, Some((x, cases, default))) => self.switch(x, &cases, &default),
            (Some(Terminator::Branch(_, a, e)), Some((cmp, _)), None) => {
                let cond = self.cond_jump(cmp);
                self.branch_edges(cond, a, e, next);
            }
            (Some(t), _, None) => self.terminator(t, next),
            (None, _, None) => self.c.fail("block without terminator"),
        }
        for (stub, cb) in stubs {
            self.c.bind(stub);
            self.c.invoke(
                Invoke::Static,
                ERR,
                "wrap",
                &format!("(Ljava/lang/Throwable;)L{};", self.l.exception()),
            );
            self.edge(cb, true);
        }
    }

    /// Stores the result an instruction left on the stack.
    fn finish_result(&mut self, i: Inst, stored: bool, next: Option<Inst>, b: Block) {
        if stored {
            return;
        }
        if let Some(r) = self.f.insts[i].result {
            if self.stays_on_stack(r, next, b) {
                self.pending = Some(r);
            } else {
                self.store(r);
            }
        }
    }

    /// Whether result `r` can stay on the operand stack for its only use:
    /// the first operand of the next instruction `next` (one whose code
    /// starts by loading it), or the operand of the block's terminator.
    fn stays_on_stack(&self, r: Value, next: Option<Inst>, b: Block) -> bool {
        if self.uses[r] != 1 || self.c.depth() != 1 {
            return false;
        }
        match next {
            Some(n) => {
                let d = &self.f.insts[n];
                d.args.first() == Some(&r) && loads_first_operand_first(d.op)
            }
            None => matches!(
                &self.f.blocks[b].term,
                Some(Terminator::Return(Some(v)) | Terminator::Branch(v, _, _) | Terminator::Raise(v))
                    if *v == r
            ),
        }
    }

    fn terminator(&mut self, t: &Terminator, next: Option<Block>) {
        match t {
            Terminator::Jump(cb) => {
                self.moves(cb, false);
                if next != Some(cb.block) {
                    let l = self.label(cb.block);
                    self.c.goto(l);
                } else {
                    // Fall through into the next block.
                }
            }
            Terminator::Branch(v, a, e) => {
                self.load(*v);
                self.branch_edges(If::Ne, a, e, next);
            }
            Terminator::Switch {
                value,
                cases,
                default,
            } => self.switch(*value, cases, default),
            Terminator::Return(v) => {
                let rt = self.l.ret_vtype(self.f.ret);
                if let Some(v) = v {
                    self.load(*v);
                }
                self.c.ret(rt.as_ref());
            }
            Terminator::Raise(v) => {
                self.load(*v);
                let exc = self.l.exception().to_string();
                self.c.invoke(
                    Invoke::Static,
                    ERR,
                    "raise",
                    &format!("(L{exc};)Ljava/lang/RuntimeException;"),
                );
                self.c.op(Op::Athrow);
            }
            Terminator::Unreachable => {
                self.c
                    .sconst(&format!("reached `unreachable` in @{}", self.f.name));
                self.c.invoke(
                    Invoke::Static,
                    ERR,
                    "internal",
                    "(Ljava/lang/String;)Ljava/lang/RuntimeException;",
                );
                self.c.op(Op::Athrow);
            }
        }
    }

    /// Jumps to `a` when `cond` holds (its operands are on the stack),
    /// else to `e`.
    pub(super) fn branch_edges(
        &mut self,
        cond: If,
        a: &BlockCall,
        e: &BlockCall,
        next: Option<Block>,
    ) {
        let a_plain = self.edge_is_plain(a);
        let e_plain = self.edge_is_plain(e);
        if a_plain && e_plain && next == Some(a.block) {
            let le = self.label(e.block);
            self.c.branch(cond.negate(), le);
        } else if a_plain {
            let la = self.label(a.block);
            self.c.branch(cond, la);
            self.edge_or_fall(e, next);
        } else if e_plain {
            let le = self.label(e.block);
            self.c.branch(cond.negate(), le);
            self.edge_or_fall(a, next);
        } else {
            let other = self.c.label();
            self.c.branch(cond.negate(), other);
            self.edge(a, false);
            self.c.bind(other);
            self.edge(e, false);
        }
    }

    /// The moves of edge `cb`, then a jump unless its target comes next.
    pub(super) fn edge_or_fall(&mut self, cb: &BlockCall, next: Option<Block>) {
        self.moves(cb, false);
        if next != Some(cb.block) {
            let l = self.label(cb.block);
            self.c.goto(l);
        }
    }

    /// Whether edge `cb` passes no values (or only each parameter itself).
    pub(super) fn edge_is_plain(&self, cb: &BlockCall) -> bool {
        let params = &self.f.blocks[cb.block].params;
        cb.args
            .iter()
            .zip(params)
            .all(|(a, p)| matches!(a, BlockArg::Value(v) if self.same(*v, *p)))
    }

    /// Whether two values live in the same local (a parameter aliased to
    /// the argument of its block's only incoming edge).
    pub(super) fn same(&self, a: Value, b: Value) -> bool {
        resolve(&self.alias, a) == resolve(&self.alias, b)
    }

    /// The moves of edge `cb`, then a jump to its target. With `exc`, the
    /// caught exception is on the stack.
    pub(super) fn edge(&mut self, cb: &BlockCall, exc: bool) {
        self.moves(cb, exc);
        let l = self.label(cb.block);
        self.c.goto(l);
    }

    /// Assigns the target's parameters from the edge's arguments (all are
    /// pushed first, so the move is parallel). With `exc`, the exception is
    /// on the stack on entry.
    pub(super) fn moves(&mut self, cb: &BlockCall, exc: bool) {
        let params = self.f.blocks[cb.block].params.clone();
        let mut exc_local = None;
        if exc {
            let t = VType::obj(self.l.exception());
            let l = self.c.local(t);
            self.c.store(&l);
            exc_local = Some(l);
        }
        let mut targets = Vec::new();
        for (a, &p) in cb.args.iter().zip(&params) {
            match a {
                BlockArg::Value(v) if self.same(*v, p) => {}
                BlockArg::Value(v) => {
                    self.load(*v);
                    targets.push(p);
                }
                BlockArg::Exc => {
                    match &exc_local {
                        Some(l) => self.c.load(l),
                        None => {
                            self.c.fail("`exc` passed on a non-catch edge");
                            continue;
                        }
                    }
                    let want = self.l.ref_class(self.ty(p));
                    if want != self.l.exception() {
                        self.c.checkcast(&want);
                    }
                    targets.push(p);
                }
            }
        }
        for &p in targets.iter().rev() {
            self.store(p);
        }
    }
}

/// Parameters of blocks with exactly one incoming edge (not the entry
/// block): each is the same value as that edge's argument, so it shares
/// the argument's local and the edge moves nothing.
fn param_aliases(f: &core_ir::Function) -> SecondaryMap<Value, Option<Value>> {
    let mut incoming = SecondaryMap::<Block, u32>::new();
    let mut only: SecondaryMap<Block, Option<BlockCall>> = SecondaryMap::new();
    for &b in &f.layout {
        for cb in f.block_successors(b) {
            incoming[cb.block] += 1;
            only[cb.block] = Some(cb.clone());
        }
    }
    let mut alias = SecondaryMap::new();
    for &b in f.layout.iter().skip(1) {
        if incoming[b] != 1 {
            continue;
        }
        let Some(cb) = &only[b] else { continue };
        for (a, &p) in cb.args.iter().zip(&f.blocks[b].params) {
            if let BlockArg::Value(v) = a {
                if *v != p {
                    alias[p] = Some(*v);
                }
            }
        }
    }
    alias
}

/// The value `v` stands for, following parameter aliases.
pub(super) fn resolve(alias: &SecondaryMap<Value, Option<Value>>, mut v: Value) -> Value {
    let mut steps = 0;
    while let Some(a) = alias[v] {
        v = a;
        steps += 1;
        if steps > 100_000 {
            break;
        }
    }
    v
}

impl FnGen<'_, '_> {
    /// The constant instruction `i` stands for, if it is one: a constant
    /// opcode, or the read of a module constant (see [`super::consts`]).
    /// Constants are emitted where they are used instead of living in locals.
    pub fn constant_of(&self, i: Inst) -> Option<(Opcode, core_ir::Imm)> {
        let inst = &self.f.insts[i];
        if is_constant(inst.op) {
            return Some((inst.op, inst.imm.clone()));
        }
        match (inst.op, &inst.imm) {
            (Opcode::GlobalGet, core_ir::Imm::Global(g)) => self.l.global_constant(*g).cloned(),
            _ => None,
        }
    }
}

/// Whether `op` makes a constant.
fn is_constant(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::Iconst
            | Opcode::Uconst
            | Opcode::Fconst
            | Opcode::Bconst
            | Opcode::Sconst
            | Opcode::NoneConst
    )
}

/// Opcodes whose code begins by loading their first operand onto an empty
/// stack, so that it may already be there.
fn loads_first_operand_first(op: Opcode) -> bool {
    use Opcode::*;
    !matches!(
        op,
        TupleNew
            | FuncBind
            | MethodBind
            | ListOf
            | Select
            | New
            | ListNew
            | DictNew
            | FuncRef
            | JitMergePoint
            | CanEnterJit
            | Iconst
            | Uconst
            | Fconst
            | Bconst
            | Sconst
            | NoneConst
            | StdoutFlush
            | StdinReadline
            | StdinRead
            | TimeTime
            | TimePerfCounter
            | WeAreJitted
            | GlobalGet
    )
}

/// The branch on an `lcmp`/`dcmp` result that holds when `c` does.
pub fn int_if(c: Cond) -> If {
    match c {
        Cond::Eq => If::Eq,
        Cond::Ne => If::Ne,
        Cond::Lt => If::Lt,
        Cond::Le => If::Le,
        Cond::Gt => If::Gt,
        Cond::Ge => If::Ge,
    }
}
