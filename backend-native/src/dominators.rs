//! Immediate dominators of an IR function's blocks (Cooper, Harvey and
//! Kennedy's iterative algorithm over reverse postorder), counting catch
//! edges as edges.

use core_ir::{Block, Function};
use std::collections::HashMap;

/// The immediate dominator of every reachable block but the entry.
pub fn immediate_dominators(f: &Function) -> HashMap<Block, Block> {
    let Some(entry) = f.entry() else {
        return HashMap::new();
    };
    // Reverse postorder by an explicit DFS.
    let mut order = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(entry, 0usize)];
    seen.insert(entry);
    while let Some((b, k)) = stack.pop() {
        let succs: Vec<Block> = f.block_successors(b).iter().map(|c| c.block).collect();
        if k < succs.len() {
            stack.push((b, k + 1));
            let s = succs[k];
            if seen.insert(s) {
                stack.push((s, 0));
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
    let intersect = |idom: &HashMap<Block, Block>, mut a: Block, mut b: Block| {
        while a != b {
            while index[&a] > index[&b] {
                a = idom[&a];
            }
            while index[&b] > index[&a] {
                b = idom[&b];
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().skip(1) {
            let mut new: Option<Block> = None;
            for &p in preds.get(&b).map_or(&[][..], |v| v.as_slice()) {
                if !idom.contains_key(&p) {
                    continue;
                }
                new = Some(match new {
                    None => p,
                    Some(n) => intersect(&idom, p, n),
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
    idom.remove(&entry);
    idom
}
