//! Inlining of small direct callees.
//!
//! Functions are visited callees first (a postorder of the direct-call
//! graph), so a callee is inlined with its own small callees already inside
//! it. A `call @g(args)` without a catch edge whose callee is small is
//! replaced by a copy of `g`'s blocks: the block holding the call is split
//! after it, the copy's entry receives the arguments, every `return v`
//! becomes a jump to the rest of the split block (whose parameter is the
//! call's result), and `raise` keeps propagating to the caller's caller,
//! exactly as the call did. Recursive calls (a function calling itself) and
//! functions with JIT hints are never inlined.

use super::has_jit_ops;
use core_ir::{
    Block, BlockArg, BlockCall, BlockData, FuncId, Function, Imm, Inst, InstData, Opcode, Program,
    Terminator, Type, Value, ValueData, ValueDef,
};
use std::collections::{HashMap, HashSet, VecDeque};

/// Largest callee (instructions plus blocks) copied into its callers.
const MAX_CALLEE: usize = 60;
/// How much a caller may grow (instructions plus blocks): this much, or
/// half its own size if that is more.
const MIN_BUDGET: usize = 120;

/// Size of a function: instructions plus blocks, not counting the
/// instructions of blocks that end by raising (cold error paths).
fn size(f: &Function) -> usize {
    f.layout
        .iter()
        .map(|&b| match f.blocks[b].term {
            Some(Terminator::Raise(_)) => 1,
            _ => f.blocks[b].insts.len() + 1,
        })
        .sum()
}

/// The functions in postorder of the direct-call graph (callees first).
fn postorder(p: &Program) -> Vec<FuncId> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for root in p.funcs.keys() {
        if !seen.insert(root) {
            continue;
        }
        let mut stack = vec![(root, callees(&p.funcs[root]), 0usize)];
        while let Some((f, cs, k)) = stack.last_mut() {
            if *k < cs.len() {
                let g = cs[*k];
                *k += 1;
                if seen.insert(g) {
                    let gc = callees(&p.funcs[g]);
                    stack.push((g, gc, 0));
                }
            } else {
                out.push(*f);
                stack.pop();
            }
        }
    }
    out
}

fn callees(f: &Function) -> Vec<FuncId> {
    let mut out = Vec::new();
    for &b in &f.layout {
        for &i in &f.blocks[b].insts {
            if let (Opcode::Call, Imm::Func(g)) = (f.insts[i].op, &f.insts[i].imm) {
                out.push(*g);
            }
        }
    }
    out
}

/// Inlines small direct calls in every function of `p`.
pub fn inline_small_calls(p: &mut Program) {
    let jit: HashSet<FuncId> = p
        .funcs
        .iter()
        .filter(|(_, f)| has_jit_ops(f))
        .map(|(id, _)| id)
        .collect();
    for fid in postorder(p) {
        if !p.funcs[fid].has_body() || jit.contains(&fid) {
            continue;
        }
        // Taken out while it changes: a call to itself then sees no body.
        let mut f = std::mem::replace(
            &mut p.funcs[fid],
            Function::new(String::new(), Vec::new(), Type::VOID),
        );
        inline_into(p, &jit, &mut f);
        p.funcs[fid] = f;
    }
}

/// The callee of `i` if it is a call worth inlining.
fn candidate(p: &Program, jit: &HashSet<FuncId>, f: &Function, i: Inst) -> Option<FuncId> {
    let d = &f.insts[i];
    let (Opcode::Call, Imm::Func(g), None) = (d.op, &d.imm, &d.catch) else {
        return None;
    };
    let gf = &p.funcs[*g];
    // Start-up functions stay called directly (readonly globals are
    // written only by the start-up function and what it calls).
    if !gf.has_body()
        || jit.contains(g)
        || size(gf) > MAX_CALLEE
        || gf.name.ends_with("__startup__")
    {
        return None;
    }
    if gf.params.len() != d.args.len() || (gf.ret != Type::VOID) != d.result.is_some() {
        return None;
    }
    Some(*g)
}

fn inline_into(p: &Program, jit: &HashSet<FuncId>, f: &mut Function) {
    let mut budget = MIN_BUDGET.max(size(f) / 2);
    // Blocks to scan for calls, each from an instruction index on.
    let mut queue: VecDeque<(Block, usize)> = f.layout.iter().map(|&b| (b, 0)).collect();
    while let Some((b, start)) = queue.pop_front() {
        let found = f.blocks[b].insts[start.min(f.blocks[b].insts.len())..]
            .iter()
            .enumerate()
            .find_map(|(k, &i)| candidate(p, jit, f, i).map(|g| (start + k, i, g)));
        let Some((k, call, g)) = found else { continue };
        let cost = size(&p.funcs[g]);
        if cost > budget {
            // Later calls of this block may still fit.
            queue.push_front((b, k + 1));
            continue;
        }
        budget -= cost;
        let cont = split(f, b, k + 1);
        // `b` now ends with the call: drop it, its result is `cont`'s parameter.
        f.blocks[b].insts.pop();
        if let Some(r) = f.insts[call].result {
            f.blocks[cont].params.push(r);
            f.values[r].def = ValueDef::Param(cont, 0);
        }
        let args = f.insts[call].args.clone();
        let (entry, blocks) = copy_body(&p.funcs[g], f, &args, cont);
        f.blocks[b].term = Some(Terminator::Jump(entry));
        let pos = f
            .layout
            .iter()
            .position(|&x| x == cont)
            .expect("cont in layout");
        f.layout.splice(pos..pos, blocks);
        queue.push_front((cont, 0));
    }
}

/// Moves the instructions of `b` from index `at` on, and its terminator,
/// into a new block placed after `b`; `b` is left without a terminator.
fn split(f: &mut Function, b: Block, at: usize) -> Block {
    let rest = f.blocks[b].insts.split_off(at);
    let term = f.blocks[b].term.take();
    let cont = f.blocks.push(BlockData {
        params: Vec::new(),
        insts: rest,
        term,
    });
    f.blocks[b].term = Some(Terminator::Jump(BlockCall::new(cont, &[])));
    let pos = f
        .layout
        .iter()
        .position(|&x| x == b)
        .expect("block in layout");
    f.layout.insert(pos + 1, cont);
    cont
}

/// Copies the body of `g` into `f`: its entry gets `args`, its returns jump
/// to `cont`. Returns the edge into the copy and the copied blocks in order.
fn copy_body(
    g: &Function,
    f: &mut Function,
    args: &[Value],
    cont: Block,
) -> (BlockCall, Vec<Block>) {
    let gentry = g.layout[0];
    let entry_has_preds = g
        .layout
        .iter()
        .any(|&b| g.block_successors(b).iter().any(|c| c.block == gentry));
    let mut bmap: HashMap<Block, Block> = HashMap::new();
    let mut vmap: HashMap<Value, Value> = HashMap::new();
    let mut blocks = Vec::new();
    for &gb in &g.layout {
        let nb = f.blocks.push(BlockData::default());
        bmap.insert(gb, nb);
        blocks.push(nb);
        if gb == gentry && !entry_has_preds {
            for (k, &pv) in g.blocks[gb].params.iter().enumerate() {
                vmap.insert(pv, args[k]);
            }
            continue;
        }
        for (k, &pv) in g.blocks[gb].params.iter().enumerate() {
            let nv = f.values.push(ValueData {
                ty: g.values[pv].ty,
                def: ValueDef::Param(nb, k as u32),
            });
            f.blocks[nb].params.push(nv);
            vmap.insert(pv, nv);
        }
    }
    for &gb in &g.layout {
        for &i in &g.blocks[gb].insts {
            if let Some(r) = g.insts[i].result {
                let nv = f.values.push(ValueData {
                    ty: g.values[r].ty,
                    def: ValueDef::Unused,
                });
                vmap.insert(r, nv);
            }
        }
    }
    let mv = |v: &Value| vmap[v];
    let mcall = |c: &BlockCall| BlockCall {
        block: bmap[&c.block],
        args: c
            .args
            .iter()
            .map(|a| match a {
                BlockArg::Value(v) => BlockArg::Value(vmap[v]),
                BlockArg::Exc => BlockArg::Exc,
            })
            .collect(),
    };
    let returns_value = !f.blocks[cont].params.is_empty();
    for &gb in &g.layout {
        let nb = bmap[&gb];
        for &i in &g.blocks[gb].insts {
            let d = &g.insts[i];
            let nd = InstData {
                op: d.op,
                imm: d.imm.clone(),
                args: d.args.iter().map(mv).collect(),
                result: d.result.as_ref().map(mv),
                catch: d.catch.as_ref().map(mcall),
            };
            let r = nd.result;
            let ni = f.insts.push(nd);
            if let Some(r) = r {
                f.values[r].def = ValueDef::Result(ni);
            }
            f.locs[ni] = g.locs[i];
            f.blocks[nb].insts.push(ni);
        }
        let term = g.blocks[gb].term.as_ref().map(|t| match t {
            Terminator::Jump(c) => Terminator::Jump(mcall(c)),
            Terminator::Branch(v, a, b) => Terminator::Branch(mv(v), mcall(a), mcall(b)),
            Terminator::Switch {
                value,
                cases,
                default,
            } => Terminator::Switch {
                value: mv(value),
                cases: cases.iter().map(|(k, c)| (*k, mcall(c))).collect(),
                default: mcall(default),
            },
            Terminator::Return(v) => {
                let args: Vec<Value> = match v {
                    Some(v) if returns_value => vec![mv(v)],
                    _ => Vec::new(),
                };
                Terminator::Jump(BlockCall::new(cont, &args))
            }
            Terminator::Raise(v) => Terminator::Raise(mv(v)),
            Terminator::Unreachable => Terminator::Unreachable,
        });
        f.blocks[nb].term = term;
    }
    let entry_args: Vec<Value> = if entry_has_preds {
        args.to_vec()
    } else {
        Vec::new()
    };
    (BlockCall::new(bmap[&gentry], &entry_args), blocks)
}
