//! Control-flow facts the lowering uses to emit less code:
//! - dominators, so that a value found not None (by an access that would
//!   have raised) needs no check in the blocks it dominates;
//! - `if x == K1 ... elif x == K2 ...` chains, emitted as one IL `switch`.

use core_ir::{Block, BlockCall, Function, Imm, Opcode, Terminator, Value, ValueDef};
use std::collections::{HashMap, HashSet};

/// Immediate dominators of the reachable blocks (the entry maps to itself).
pub fn dominators(f: &Function) -> HashMap<Block, Block> {
    let Some(entry) = f.entry() else {
        return HashMap::new();
    };
    // Reverse post-order.
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![(entry, 0usize)];
    seen.insert(entry);
    while let Some((b, i)) = stack.pop() {
        let succs: Vec<Block> = f.block_successors(b).iter().map(|c| c.block).collect();
        if i < succs.len() {
            stack.push((b, i + 1));
            if seen.insert(succs[i]) {
                stack.push((succs[i], 0));
            }
        } else {
            order.push(b);
        }
    }
    order.reverse();
    let index: HashMap<Block, usize> = order.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    let mut preds: HashMap<Block, Vec<Block>> = HashMap::new();
    for &b in &order {
        for c in f.block_successors(b) {
            preds.entry(c.block).or_default().push(b);
        }
    }
    let mut idom: HashMap<Block, Block> = HashMap::new();
    idom.insert(entry, entry);
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().skip(1) {
            let mut new: Option<Block> = None;
            for &p in preds.get(&b).map(Vec::as_slice).unwrap_or(&[]) {
                if !idom.contains_key(&p) {
                    continue;
                }
                new = Some(match new {
                    None => p,
                    Some(n) => intersect(&idom, &index, p, n),
                });
            }
            if let Some(n) = new {
                if idom.get(&b) != Some(&n) {
                    idom.insert(b, n);
                    changed = true;
                }
            }
        }
    }
    idom
}

fn intersect(
    idom: &HashMap<Block, Block>,
    index: &HashMap<Block, usize>,
    mut a: Block,
    mut b: Block,
) -> Block {
    while a != b {
        while index[&a] > index[&b] {
            a = idom[&a];
        }
        while index[&b] > index[&a] {
            b = idom[&b];
        }
    }
    a
}

/// Whether `a` dominates `b`.
pub fn dominates(idom: &HashMap<Block, Block>, a: Block, mut b: Block) -> bool {
    loop {
        if a == b {
            return true;
        }
        match idom.get(&b) {
            Some(&p) if p != b => b = p,
            _ => return false,
        }
    }
}

/// Adds the block parameters that receive a value of `nonnull` on every
/// incoming edge (a pessimistic fixpoint, so loops only add what holds).
pub fn propagate_nonnull(f: &Function, nonnull: &mut HashSet<Value>) {
    let mut incoming: HashMap<Block, Vec<&BlockCall>> = HashMap::new();
    for &b in &f.layout {
        for c in f.block_successors(b) {
            incoming.entry(c.block).or_default().push(c);
        }
    }
    loop {
        let mut changed = false;
        for &b in &f.layout {
            let Some(edges) = incoming.get(&b) else {
                continue;
            };
            for (k, &p) in f.blocks[b].params.iter().enumerate() {
                if nonnull.contains(&p) {
                    continue;
                }
                let all = edges.iter().all(|c| matches!(c.args.get(k), Some(core_ir::BlockArg::Value(v)) if nonnull.contains(v)));
                if all {
                    nonnull.insert(p);
                    changed = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}

/// A chain of equality tests of one int value against constants.
#[derive(Debug, Clone)]
pub struct SwitchChain {
    /// The value tested.
    pub value: Value,
    /// `(constant, edge taken when equal)` in test order.
    pub cases: Vec<(i64, BlockCall)>,
    /// The edge taken when no test matched.
    pub default: BlockCall,
}

/// `Some((x, K))` when `v` is `int_cmp eq x, K` with a constant K.
fn eq_test(
    f: &Function,
    v: Value,
    consts: &dyn Fn(&Function, Value) -> Option<i64>,
) -> Option<(Value, i64)> {
    let ValueDef::Result(i) = f.values[v].def else {
        return None;
    };
    let d = &f.insts[i];
    if d.op != Opcode::IntCmp || d.imm != Imm::Cond(core_ir::Cond::Eq) {
        return None;
    }
    let (a, b) = (d.args[0], d.args[1]);
    if let Some(k) = consts(f, b) {
        return Some((a, k));
    }
    consts(f, a).map(|k| (b, k))
}

/// Finds the switch chains of `f`: heads (the block whose branch starts the
/// chain) and the interior blocks that the chain makes dead.
pub fn switch_chains(
    f: &Function,
    consts: &dyn Fn(&Function, Value) -> Option<i64>,
) -> (HashMap<Block, SwitchChain>, HashSet<Block>) {
    let mut preds: HashMap<Block, usize> = HashMap::new();
    for &b in &f.layout {
        for c in f.block_successors(b) {
            *preds.entry(c.block).or_default() += 1;
        }
    }
    // Values used outside the block defining them.
    let mut used_in: HashMap<Value, HashSet<Block>> = HashMap::new();
    for &b in &f.layout {
        let data = &f.blocks[b];
        for &i in &data.insts {
            for &a in &f.insts[i].args {
                used_in.entry(a).or_default().insert(b);
            }
        }
        if let Some(t) = &data.term {
            for v in t.operands() {
                used_in.entry(v).or_default().insert(b);
            }
        }
        for c in f.block_successors(b) {
            for a in &c.args {
                if let core_ir::BlockArg::Value(v) = a {
                    used_in.entry(*v).or_default().insert(b);
                }
            }
        }
    }
    let test_of = |b: Block| -> Option<(Value, i64, BlockCall, BlockCall)> {
        let data = &f.blocks[b];
        let Some(Terminator::Branch(c, yes, no)) = &data.term else {
            return None;
        };
        let (x, k) = eq_test(f, *c, consts)?;
        Some((x, k, yes.clone(), no.clone()))
    };
    // An interior block: no parameters, single predecessor, only constant
    // loads and its test, defining nothing used elsewhere.
    let interior = |b: Block, x: Value| -> bool {
        let data = &f.blocks[b];
        if !data.params.is_empty() || preds.get(&b) != Some(&1) {
            return false;
        }
        let pure = data.insts.iter().all(|&i| {
            let d = &f.insts[i];
            let kind_ok = matches!(d.op, Opcode::Iconst | Opcode::GlobalGet | Opcode::IntCmp);
            let local = d
                .result
                .is_none_or(|r| used_in.get(&r).is_none_or(|s| s.iter().all(|&u| u == b)));
            kind_ok && d.catch.is_none() && local
        });
        pure && test_of(b).is_some_and(|t| t.0 == x)
    };
    // Blocks that continue a chain started by their predecessor.
    let mut continues = HashSet::new();
    for &b in &f.layout {
        if let Some((x, _, _, no)) = test_of(b) {
            if no.args.is_empty() && no.block != b && interior(no.block, x) {
                continues.insert(no.block);
            }
        }
    }
    let mut chains = HashMap::new();
    let mut dead = HashSet::new();
    for &head in &f.layout {
        if continues.contains(&head) {
            continue;
        }
        let Some((x, k, yes, mut no)) = test_of(head) else {
            continue;
        };
        let mut cases = vec![(k, yes)];
        let mut inner = Vec::new();
        while no.args.is_empty()
            && interior(no.block, x)
            && !inner.contains(&no.block)
            && no.block != head
        {
            let (_, k2, yes2, no2) = test_of(no.block).expect("interior block has a test");
            inner.push(no.block);
            cases.push((k2, yes2));
            no = no2;
        }
        if cases.len() < 3 {
            continue;
        }
        // The first test of a key wins, as in the chain.
        let mut seen = HashSet::new();
        cases.retain(|(k, _)| seen.insert(*k));
        dead.extend(inner);
        chains.insert(
            head,
            SwitchChain {
                value: x,
                cases,
                default: no,
            },
        );
    }
    (chains, dead)
}
