//! Control-flow facts the lowering uses to emit less code:
//! - dominators, so that a value found not None (by an access that would
//!   have raised) needs no check in the blocks it dominates;
//! - `if x == K1 ... elif x == K2 ...` chains, emitted as one IL `switch`.

use core_ir::{
    Block, BlockArg, BlockCall, Cond, Function, Imm, Inst, Opcode, Terminator, Value, ValueDef,
};
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
                let all = edges.iter().all(
                    |c| matches!(c.args.get(k), Some(BlockArg::Value(v)) if nonnull.contains(v)),
                );
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
///
/// The chain's blocks after the head are not emitted, so nothing computed
/// in them is available: their edges may pass only constants and the
/// block's own test result, whose value each edge knows (`known`).
#[derive(Debug, Clone)]
pub struct SwitchChain {
    /// The value tested.
    pub value: Value,
    /// The cases in test order (the first test of a key wins).
    pub cases: Vec<ChainCase>,
    /// The edge taken when no test matched.
    pub default: BlockCall,
    /// The last test's result, false on the default edge.
    pub default_known: Known,
    /// The head's test instruction when nothing but the chain reads its
    /// result (it is then not emitted either).
    pub head_test: Option<Inst>,
}

/// One case of a [`SwitchChain`].
#[derive(Debug, Clone)]
pub struct ChainCase {
    /// The constant compared with.
    pub key: i64,
    /// The edge taken when the value equals `key`.
    pub edge: BlockCall,
    /// The test's result, as seen on that edge.
    pub known: Known,
}

/// A value whose content an edge knows: a test result (true on the edge
/// where `x == K` held for an `eq` test, false for a `ne` test).
pub type Known = (Value, bool);

/// One block's chain test: `branch (x == K)` or `branch (x != K)`.
struct Test {
    x: Value,
    key: i64,
    cond: Value,
    inst: Inst,
    /// Taken when `x == K`, and the test's result there.
    equal: BlockCall,
    equal_result: bool,
    /// Taken when `x != K`.
    unequal: BlockCall,
}

/// `Some((x, K, is_eq))` when `v` is `int_cmp eq|ne x, K` with a constant K.
fn eq_test(
    f: &Function,
    v: Value,
    consts: &dyn Fn(&Function, Value) -> Option<i64>,
) -> Option<(Value, i64, bool, Inst)> {
    let ValueDef::Result(i) = f.values[v].def else {
        return None;
    };
    let d = &f.insts[i];
    let is_eq = match (d.op, &d.imm) {
        (Opcode::IntCmp, Imm::Cond(Cond::Eq)) => true,
        (Opcode::IntCmp, Imm::Cond(Cond::Ne)) => false,
        _ => return None,
    };
    let (a, b) = (d.args[0], d.args[1]);
    if let Some(k) = consts(f, b) {
        return Some((a, k, is_eq, i));
    }
    consts(f, a).map(|k| (b, k, is_eq, i))
}

/// Finds the switch chains of `f`: heads (the block whose branch starts the
/// chain) and the interior blocks that the chain makes dead.
///
/// `consts` gives the value of an int constant; `rematerialized` says
/// whether a value is emitted at each use (so it needs no defining block).
pub fn switch_chains(
    f: &Function,
    consts: &dyn Fn(&Function, Value) -> Option<i64>,
    rematerialized: &dyn Fn(&Function, Value) -> bool,
) -> (HashMap<Block, SwitchChain>, HashSet<Block>) {
    let mut preds: HashMap<Block, usize> = HashMap::new();
    for &b in &f.layout {
        for c in f.block_successors(b) {
            *preds.entry(c.block).or_default() += 1;
        }
    }
    // Blocks reading each value, and whether an instruction reads it.
    let mut used_in: HashMap<Value, HashSet<Block>> = HashMap::new();
    let mut inst_operand: HashSet<Value> = HashSet::new();
    for &b in &f.layout {
        let data = &f.blocks[b];
        for &i in &data.insts {
            for &a in &f.insts[i].args {
                used_in.entry(a).or_default().insert(b);
                inst_operand.insert(a);
            }
        }
        if let Some(t) = &data.term {
            for v in t.operands() {
                used_in.entry(v).or_default().insert(b);
            }
        }
        for c in f.block_successors(b) {
            for a in &c.args {
                if let BlockArg::Value(v) = a {
                    used_in.entry(*v).or_default().insert(b);
                }
            }
        }
    }
    let test_of = |b: Block| -> Option<Test> {
        let data = &f.blocks[b];
        let Some(Terminator::Branch(c, yes, no)) = &data.term else {
            return None;
        };
        let (x, key, is_eq, inst) = eq_test(f, *c, consts)?;
        let (equal, unequal) = if is_eq { (yes, no) } else { (no, yes) };
        Some(Test {
            x,
            key,
            cond: *c,
            inst,
            equal: equal.clone(),
            equal_result: is_eq,
            unequal: unequal.clone(),
        })
    };
    let defined_in = |v: Value, b: Block| -> bool {
        matches!(f.values[v].def, ValueDef::Result(i) if f.blocks[b].insts.contains(&i))
    };
    // An interior block (never emitted): no parameters, single predecessor,
    // only pure instructions read nowhere else, and edges that pass nothing
    // computed in the block except constants and its test result.
    let interior = |b: Block, x: Value| -> bool {
        let data = &f.blocks[b];
        if !data.params.is_empty() || preds.get(&b) != Some(&1) {
            return false;
        }
        let Some(t) = test_of(b) else {
            return false;
        };
        let pure = data.insts.iter().all(|&i| {
            let d = &f.insts[i];
            let kind_ok = matches!(d.op, Opcode::Iconst | Opcode::GlobalGet | Opcode::IntCmp);
            let local = d
                .result
                .is_none_or(|r| used_in.get(&r).is_none_or(|s| s.iter().all(|&u| u == b)));
            kind_ok && d.catch.is_none() && local
        });
        let passable = f.block_successors(b).iter().all(|c| {
            c.args.iter().all(|a| match a {
                BlockArg::Value(v) => !defined_in(*v, b) || *v == t.cond || rematerialized(f, *v),
                BlockArg::Exc => false,
            })
        });
        pure && passable && t.x == x
    };
    // Blocks that continue a chain started by their predecessor.
    let mut continues = HashSet::new();
    for &b in &f.layout {
        if let Some(t) = test_of(b) {
            let next = &t.unequal;
            if next.args.is_empty() && next.block != b && interior(next.block, t.x) {
                continues.insert(next.block);
            }
        }
    }
    let mut chains = HashMap::new();
    let mut dead = HashSet::new();
    for &head in &f.layout {
        if continues.contains(&head) {
            continue;
        }
        let Some(first) = test_of(head) else {
            continue;
        };
        let x = first.x;
        // The head is emitted, but its test need not be when only the
        // branch and the head's edges read the result.
        let head_test = (!inst_operand.contains(&first.cond)
            && used_in
                .get(&first.cond)
                .is_none_or(|s| s.iter().all(|&u| u == head)))
        .then_some(first.inst);
        let mut cases = vec![ChainCase {
            key: first.key,
            edge: first.equal,
            known: (first.cond, first.equal_result),
        }];
        let mut default_known = (first.cond, !first.equal_result);
        let mut no = first.unequal;
        let mut inner = Vec::new();
        while no.args.is_empty()
            && interior(no.block, x)
            && !inner.contains(&no.block)
            && no.block != head
        {
            let t = test_of(no.block).expect("interior block has a test");
            inner.push(no.block);
            cases.push(ChainCase {
                key: t.key,
                edge: t.equal,
                known: (t.cond, t.equal_result),
            });
            default_known = (t.cond, !t.equal_result);
            no = t.unequal;
        }
        if cases.len() < 3 {
            continue;
        }
        // The first test of a key wins, as in the chain.
        let mut seen = HashSet::new();
        cases.retain(|c| seen.insert(c.key));
        dead.extend(inner);
        chains.insert(
            head,
            SwitchChain {
                value: x,
                cases,
                default: no,
                default_known,
                head_test,
            },
        );
    }
    (chains, dead)
}
