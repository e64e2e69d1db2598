//! Control-flow cleanup of one function: branches on a constant become
//! jumps, and a block reached by a single jump is merged into the block
//! jumping to it (its parameters become the jump's arguments). Fewer blocks
//! and block parameters let the code generator keep what it knows about a
//! value (checked not None, in range) across what were block boundaries.

use core_ir::{Block, BlockArg, Function, Imm, Opcode, Terminator, Value, ValueDef};
use std::collections::HashMap;

/// Simplifies the control flow of `f` (which has a body).
pub fn simplify(f: &mut Function) {
    fold_constant_branches(f);
    merge_jump_chains(f);
}

fn fold_constant_branches(f: &mut Function) {
    for &b in &f.layout {
        let Some(Terminator::Branch(c, yes, no)) = &f.blocks[b].term else {
            continue;
        };
        let ValueDef::Result(i) = f.values[*c].def else {
            continue;
        };
        let d = &f.insts[i];
        if let (Opcode::Bconst, Imm::Bool(k)) = (d.op, &d.imm) {
            let target = if *k { yes.clone() } else { no.clone() };
            f.blocks[b].term = Some(Terminator::Jump(target));
        }
    }
    remove_unreachable(f);
}

fn remove_unreachable(f: &mut Function) {
    let Some(entry) = f.entry() else { return };
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![entry];
    seen.insert(entry);
    while let Some(b) = stack.pop() {
        for c in f.block_successors(b) {
            if seen.insert(c.block) {
                stack.push(c.block);
            }
        }
    }
    f.layout.retain(|b| seen.contains(b));
}

fn merge_jump_chains(f: &mut Function) {
    let Some(entry) = f.entry() else { return };
    let mut preds: HashMap<Block, usize> = HashMap::new();
    preds.insert(entry, 1);
    for &b in &f.layout {
        for c in f.block_successors(b) {
            *preds.entry(c.block).or_default() += 1;
        }
    }
    let mut alias: HashMap<Value, Value> = HashMap::new();
    let mut dead = std::collections::HashSet::new();
    let layout = f.layout.clone();
    for &p in &layout {
        if dead.contains(&p) {
            continue;
        }
        while let Some(Terminator::Jump(call)) = &f.blocks[p].term {
            let t = call.block;
            if t == p || preds.get(&t).copied() != Some(1) {
                break;
            }
            if let Some(&last) = f.blocks[p].insts.last() {
                if f.insts[last].catch.is_some() {
                    break;
                }
            }
            let mut vals = Vec::new();
            for a in &call.args {
                match a {
                    BlockArg::Value(v) => vals.push(*v),
                    BlockArg::Exc => break,
                }
            }
            if vals.len() != f.blocks[t].params.len() {
                break;
            }
            let params = std::mem::take(&mut f.blocks[t].params);
            for (pv, av) in params.into_iter().zip(vals) {
                alias.insert(pv, av);
                f.values[pv].def = ValueDef::Unused;
            }
            let insts = std::mem::take(&mut f.blocks[t].insts);
            f.blocks[p].insts.extend(insts);
            f.blocks[p].term = f.blocks[t].term.take();
            dead.insert(t);
        }
    }
    if dead.is_empty() {
        return;
    }
    f.layout.retain(|b| !dead.contains(b));
    let resolve = |mut v: Value| {
        while let Some(&w) = alias.get(&v) {
            v = w;
        }
        v
    };
    let blocks = f.layout.clone();
    for b in blocks {
        for k in 0..f.blocks[b].insts.len() {
            let i = f.blocks[b].insts[k];
            let d = &mut f.insts[i];
            for a in d.args.iter_mut() {
                *a = resolve(*a);
            }
            if let Some(c) = d.catch.as_mut() {
                for a in c.args.iter_mut() {
                    if let BlockArg::Value(v) = a {
                        *v = resolve(*v);
                    }
                }
            }
        }
        if let Some(t) = f.blocks[b].term.as_mut() {
            match t {
                Terminator::Branch(v, _, _) | Terminator::Raise(v) => *v = resolve(*v),
                Terminator::Switch { value, .. } => *value = resolve(*value),
                Terminator::Return(Some(v)) => *v = resolve(*v),
                _ => {}
            }
            let calls: Vec<&mut core_ir::BlockCall> = match t {
                Terminator::Jump(c) => vec![c],
                Terminator::Branch(_, a, b) => vec![a, b],
                Terminator::Switch { cases, default, .. } => {
                    let mut v: Vec<&mut core_ir::BlockCall> =
                        cases.iter_mut().map(|(_, c)| c).collect();
                    v.push(default);
                    v
                }
                _ => Vec::new(),
            };
            for c in calls {
                for a in c.args.iter_mut() {
                    if let BlockArg::Value(v) = a {
                        *v = resolve(*v);
                    }
                }
            }
        }
    }
}
