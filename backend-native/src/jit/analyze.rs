//! Whole-program facts the jitcodes need: each driver's portal, the
//! functions reachable from the portals (which of them the tracer may
//! inline), which functions contain loops, what each function may write
//! (so heap caches survive calls that cannot touch them), and per-instruction
//! liveness.

use core_ir::{
    BlockArg, DriverId, FieldId, FuncId, Function, Imm, Inst, MethodId, Opcode, Program, TypeData,
    Value,
};
use cranelift_entity::{EntityRef, SecondaryMap};
use std::collections::{HashMap, HashSet};

/// What a function may write, transitively.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Effects {
    /// May write a field of some object.
    pub fields: bool,
    /// May write a list's items or length.
    pub lists: bool,
}

/// The analysis of one program.
pub struct Analysis {
    /// The portal function and merge-point instruction of each driver, or
    /// why the driver cannot be JIT-compiled.
    pub portal_of: HashMap<DriverId, Result<(FuncId, Inst), String>>,
    /// Functions in the jitcode table, portals first.
    pub order: Vec<FuncId>,
    /// Functions whose jitcode has a body the tracer may inline (portals too).
    pub bodies: HashSet<FuncId>,
    /// Functions that contain a loop.
    pub has_loop: HashSet<FuncId>,
    /// Transitive effects of each function.
    pub effects: SecondaryMap<FuncId, Effects>,
    /// The functions implementing each method in some class.
    pub impls: HashMap<MethodId, Vec<FuncId>>,
    /// Fields written only while their object is being constructed: by an
    /// `__init__` on its own receiver, where every `__init__` call passes
    /// an object just allocated (or the calling `__init__`'s receiver). The
    /// tracer reads such a field of a constant object as a constant.
    pub immutable: HashSet<FieldId>,
}

/// Analyzes `prog`.
pub fn analyze(prog: &Program) -> Analysis {
    let mut impls: HashMap<MethodId, Vec<FuncId>> = HashMap::new();
    for (_, c) in prog.classes.iter() {
        for &(m, f) in &c.methods {
            if let Some(f) = f {
                let v = impls.entry(m).or_default();
                if !v.contains(&f) {
                    v.push(f);
                }
            }
        }
    }
    let mut has_loop = HashSet::new();
    for (id, f) in prog.funcs.iter() {
        if f.has_body() && function_has_loop(f) {
            has_loop.insert(id);
        }
    }
    let effects = effects(prog, &impls);
    let mut portal_of = HashMap::new();
    let mut portals = Vec::new();
    for (fid, f) in prog.funcs.iter() {
        for (i, d) in f.insts.iter() {
            if d.op != Opcode::JitMergePoint {
                continue;
            }
            let Imm::Driver(drv) = d.imm else { continue };
            // Defensive: the frontend rejects a driver with more than one
            // merge point (or one in a function `@specialize` copies), so a
            // program it accepted never takes this path.
            if let Some(e) = portal_of.get_mut(&drv) {
                *e = Err("more than one jit_merge_point".to_string());
                continue;
            }
            let r = check_portal(prog, f, i).map(|()| (fid, i));
            if r.is_ok() && !portals.contains(&fid) {
                portals.push(fid);
            }
            portal_of.insert(drv, r);
        }
    }
    // Reachable functions: bodies are explored for inlinable functions only.
    let mut order: Vec<FuncId> = portals.clone();
    let mut seen: HashSet<FuncId> = order.iter().copied().collect();
    let mut bodies: HashSet<FuncId> = HashSet::new();
    let mut work = order.clone();
    let portal_set: HashSet<FuncId> = portals.iter().copied().collect();
    let inlinable = |f: FuncId| {
        let fd = &prog.funcs[f];
        fd.has_body()
            && !fd.flags.elidable
            && !fd.flags.dont_look_inside
            && (!has_loop.contains(&f) || fd.flags.unroll_safe)
            && !portal_set.contains(&f)
    };
    while let Some(f) = work.pop() {
        if !(portal_set.contains(&f) || inlinable(f)) {
            continue;
        }
        bodies.insert(f);
        for (_, d) in prog.funcs[f].insts.iter() {
            let targets: Vec<FuncId> = match (&d.op, &d.imm) {
                (Opcode::Call, Imm::Func(g)) => vec![*g],
                (Opcode::CallMethod, Imm::Method(m)) => impls.get(m).cloned().unwrap_or_default(),
                _ => continue,
            };
            for g in targets {
                if seen.insert(g) {
                    order.push(g);
                    work.push(g);
                }
            }
        }
    }
    Analysis {
        portal_of,
        order,
        bodies,
        has_loop,
        effects,
        immutable: immutable_fields(prog, &impls),
        impls,
    }
}

/// The values of `f` that are always its first parameter (the receiver
/// of a method): it and the block parameters every edge passes it to.
fn receiver_aliases(f: &Function) -> HashSet<Value> {
    let Some(entry) = f.entry() else {
        return HashSet::new();
    };
    let Some(&recv) = f.blocks[entry].params.first() else {
        return HashSet::new();
    };
    // Largest fixed point: every block parameter starts as an alias and
    // stops being one when some edge passes it anything else.
    let mut alias: HashSet<Value> = f
        .layout
        .iter()
        .filter(|&&b| b != entry)
        .flat_map(|&b| f.blocks[b].params.iter().copied())
        .collect();
    alias.insert(recv);
    let mut edges: Vec<&core_ir::BlockCall> = Vec::new();
    for &b in &f.layout {
        let bd = &f.blocks[b];
        if let Some(t) = &bd.term {
            edges.extend(t.successors());
        }
        for &i in &bd.insts {
            edges.extend(f.insts[i].catch.iter());
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for e in &edges {
            for (k, a) in e.args.iter().enumerate() {
                let Some(&p) = f.blocks[e.block].params.get(k) else {
                    continue;
                };
                let passes_alias = matches!(a, BlockArg::Value(v) if alias.contains(v));
                if !passes_alias && alias.remove(&p) {
                    changed = true;
                }
            }
        }
    }
    alias
}

/// The fields of [`Analysis::immutable`].
fn immutable_fields(prog: &Program, impls: &HashMap<MethodId, Vec<FuncId>>) -> HashSet<FieldId> {
    // Constructors: `C.__init__` of a class C (called directly), and the
    // implementations of a method slot named `__init__`.
    let class_names: HashSet<&str> = prog.classes.iter().map(|(_, c)| c.name.as_str()).collect();
    let init_methods: HashSet<MethodId> = impls
        .keys()
        .copied()
        .filter(|&m| prog.methods[m].name == "__init__")
        .collect();
    let mut inits: HashSet<FuncId> = init_methods
        .iter()
        .flat_map(|m| impls[m].iter().copied())
        .collect();
    for (fid, f) in prog.funcs.iter() {
        if let Some(c) = f.name.strip_suffix(".__init__") {
            if class_names.contains(c) {
                inits.insert(fid);
            }
        }
    }
    let mut mutable: HashSet<FieldId> = HashSet::new();
    for (fid, f) in prog.funcs.iter() {
        let own = if inits.contains(&fid) {
            receiver_aliases(f)
        } else {
            HashSet::new()
        };
        for (_, d) in f.insts.iter() {
            let calls_init = match (&d.op, &d.imm) {
                (Opcode::Call, Imm::Func(g)) => inits.contains(g),
                (Opcode::CallMethod, Imm::Method(m)) => init_methods.contains(m),
                _ => false,
            };
            if calls_init {
                let Some(&obj) = d.args.first() else {
                    return HashSet::new();
                };
                let fresh = match f.values[obj].def {
                    core_ir::ValueDef::Result(i) => f.insts[i].op == Opcode::New,
                    _ => false,
                };
                if !fresh && !own.contains(&obj) {
                    // An `__init__` run again on a finished object: no
                    // field is known to stay unchanged.
                    return HashSet::new();
                }
            }
            if let (Opcode::SetField, Imm::Field(fl)) = (&d.op, &d.imm) {
                if !d.args.first().is_some_and(|o| own.contains(o)) {
                    mutable.insert(*fl);
                }
            }
        }
    }
    prog.fields
        .keys()
        .filter(|fl| !mutable.contains(fl))
        .collect()
}

/// A portal is usable when only its greens and reds are live across the
/// merge point (the AOT code reloads exactly those after the JIT ran).
///
/// Both failures are defensive internal checks: the frontend reports the
/// same misuse as errors (`frontend/src/annotate/hints.rs`: every variable
/// live across the merge point is passed to it as itself, and
/// `MAX_JIT_VARIABLES`, equal to `BUF_WORDS`, bounds greens plus reds), so
/// they are unreachable for programs it accepted. A program written
/// directly in core IR can still get here; the driver is then left out of
/// the JIT.
fn check_portal(prog: &Program, f: &Function, mp: Inst) -> Result<(), String> {
    // The frontend's `MAX_JIT_VARIABLES` is this buffer's size: change both.
    const _: () = assert!(runtime_shims::jitcode::BUF_WORDS == 64);
    let live = liveness(f);
    let args: HashSet<Value> = f.insts[mp].args.iter().copied().collect();
    for v in &live.before[mp] {
        if !args.contains(v) {
            return Err(format!(
                "value v{} of `{}` is live across jit_merge_point but is neither green nor red",
                v.index(),
                f.name
            ));
        }
    }
    let n = f.insts[mp].args.len();
    if n > runtime_shims::jitcode::BUF_WORDS {
        return Err(format!("too many greens and reds ({n})"));
    }
    let _ = prog;
    Ok(())
}

/// Whether the control-flow graph of `f` has a cycle.
pub fn function_has_loop(f: &Function) -> bool {
    // Iterative DFS with colors: 0 new, 1 on stack, 2 done.
    let mut color: SecondaryMap<core_ir::Block, u8> = SecondaryMap::new();
    let Some(entry) = f.entry() else { return false };
    let mut stack: Vec<(core_ir::Block, usize)> = vec![(entry, 0)];
    color[entry] = 1;
    while let Some(&mut (b, ref mut k)) = stack.last_mut() {
        let succ = f.block_successors(b);
        if *k < succ.len() {
            let s = succ[*k].block;
            *k += 1;
            match color[s] {
                0 => {
                    color[s] = 1;
                    stack.push((s, 0));
                }
                1 => return true,
                _ => {}
            }
        } else {
            color[b] = 2;
            stack.pop();
        }
    }
    false
}

/// Values live before each instruction (its operands included) and at
/// each block's terminator.
pub struct Liveness {
    /// Live before each instruction.
    pub before: SecondaryMap<Inst, Vec<Value>>,
    /// Live before each block's terminator (its operands and edge arguments included).
    pub at_term: SecondaryMap<core_ir::Block, Vec<Value>>,
}

/// Computes liveness by backward dataflow over the blocks.
pub fn liveness(f: &Function) -> Liveness {
    let nblocks = f.blocks.len();
    let mut live_in: Vec<HashSet<Value>> = vec![HashSet::new(); nblocks];
    let edge_live = |c: &core_ir::BlockCall, live_in: &Vec<HashSet<Value>>| {
        let mut s: HashSet<Value> = live_in[c.block.index()].clone();
        for p in &f.blocks[c.block].params {
            s.remove(p);
        }
        for a in &c.args {
            if let BlockArg::Value(v) = a {
                s.insert(*v);
            }
        }
        s
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &b in f.layout.iter().rev() {
            let data = &f.blocks[b];
            let mut live: HashSet<Value> = HashSet::new();
            if let Some(t) = &data.term {
                for c in t.successors() {
                    live.extend(edge_live(c, &live_in));
                }
                live.extend(t.operands());
            }
            for (k, &i) in data.insts.iter().enumerate().rev() {
                let d = &f.insts[i];
                if let Some(r) = d.result {
                    live.remove(&r);
                }
                if k + 1 == data.insts.len() {
                    if let Some(c) = &d.catch {
                        live.extend(edge_live(c, &live_in));
                    }
                }
                live.extend(d.args.iter().copied());
            }
            for p in &data.params {
                live.remove(p);
            }
            if live != live_in[b.index()] {
                live_in[b.index()] = live;
                changed = true;
            }
        }
    }
    let mut before: SecondaryMap<Inst, Vec<Value>> = SecondaryMap::new();
    let mut at_term: SecondaryMap<core_ir::Block, Vec<Value>> = SecondaryMap::new();
    for &b in &f.layout {
        let data = &f.blocks[b];
        let mut live: HashSet<Value> = HashSet::new();
        if let Some(t) = &data.term {
            for c in t.successors() {
                live.extend(edge_live(c, &live_in));
            }
            live.extend(t.operands());
        }
        let mut v: Vec<Value> = live.iter().copied().collect();
        v.sort();
        at_term[b] = v;
        for (k, &i) in data.insts.iter().enumerate().rev() {
            let d = &f.insts[i];
            if let Some(r) = d.result {
                live.remove(&r);
            }
            if k + 1 == data.insts.len() {
                if let Some(c) = &d.catch {
                    live.extend(edge_live(c, &live_in));
                }
            }
            live.extend(d.args.iter().copied());
            let mut v: Vec<Value> = live.iter().copied().collect();
            v.sort();
            before[i] = v;
        }
    }
    Liveness { before, at_term }
}

/// Whether an operation on values of this key type may run program code
/// (`__eq__`/`__hash__`/`__repr__` of instances).
fn runs_user_code(prog: &Program, t: core_ir::Type) -> bool {
    match prog.types.get(t) {
        TypeData::Instance(_) => true,
        TypeData::Tuple(items) => items.iter().any(|&i| runs_user_code(prog, i)),
        _ => false,
    }
}

/// The direct effects of one instruction of `f` (calls excluded).
pub fn inst_effects(prog: &Program, f: &Function, d: &core_ir::InstData) -> Effects {
    use Opcode::*;
    let all = Effects {
        fields: true,
        lists: true,
    };
    match d.op {
        SetField => Effects {
            fields: true,
            lists: false,
        },
        ListSetItem | ListAppend | ListPop | ListInsert | ListDelItem | ListSetSlice
        | ListDelSlice | ListExtend => Effects {
            fields: false,
            lists: true,
        },
        DictGetItem | DictSetItem | DictDelItem | DictContains | DictGet | DictPop => {
            let key = d.args.get(1).map(|&k| f.values[k].ty);
            if key.is_some_and(|k| runs_user_code(prog, k)) {
                all
            } else {
                Effects::default()
            }
        }
        Hash => {
            let t = f.values[d.args[0]].ty;
            if runs_user_code(prog, t) {
                all
            } else {
                Effects::default()
            }
        }
        CallIndirect => all,
        _ => Effects::default(),
    }
}

fn effects(
    prog: &Program,
    impls: &HashMap<MethodId, Vec<FuncId>>,
) -> SecondaryMap<FuncId, Effects> {
    let mut eff: SecondaryMap<FuncId, Effects> = SecondaryMap::new();
    let mut calls: SecondaryMap<FuncId, Vec<FuncId>> = SecondaryMap::new();
    for (id, f) in prog.funcs.iter() {
        let mut e = Effects::default();
        for (_, d) in f.insts.iter() {
            let x = inst_effects(prog, f, d);
            e.fields |= x.fields;
            e.lists |= x.lists;
            match (&d.op, &d.imm) {
                (Opcode::Call, Imm::Func(g)) => calls[id].push(*g),
                (Opcode::CallMethod, Imm::Method(m)) => {
                    calls[id].extend(impls.get(m).cloned().unwrap_or_default())
                }
                _ => {}
            }
        }
        if !f.has_body() {
            // Never called by a verified program; assume the worst.
            e = Effects {
                fields: true,
                lists: true,
            };
        }
        eff[id] = e;
    }
    let mut changed = true;
    while changed {
        changed = false;
        for (id, _) in prog.funcs.iter() {
            let mut e = eff[id];
            for &g in &calls[id] {
                e.fields |= eff[g].fields;
                e.lists |= eff[g].lists;
            }
            if e != eff[id] {
                eff[id] = e;
                changed = true;
            }
        }
    }
    eff
}
