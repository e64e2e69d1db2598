//! Checks of the JIT hints that need the flow graph, run after inference:
//! - every local variable live across `driver.jit_merge_point(...)` is
//!   passed to it (as a green or a red), as in RPython;
//! - between `driver.can_enter_jit(...)` and the `jit_merge_point` it jumps
//!   back to, no green variable is assigned (the greens name the position
//!   in the interpreted program that the JIT counts and traces from).

use super::lattice::Ann;
use super::Annotator;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{BlockId, Exit, FlowGraph, LinkArg, OpKind, Var};
use std::collections::{HashMap, HashSet};

/// A point on a path being followed: block, op index, and the variable
/// holding each green there.
type PathState = (BlockId, usize, Vec<(String, Var)>);

/// Variables live at the start of each block (backward dataflow).
fn live_in(g: &FlowGraph) -> HashMap<BlockId, HashSet<Var>> {
    let mut live: HashMap<BlockId, HashSet<Var>> = HashMap::new();
    let order = g.reverse_postorder();
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().rev() {
            let mut set = live_out(g, b, &live);
            let block = &g.blocks[b];
            for op in block.ops.iter().rev() {
                if let Some(r) = op.result {
                    set.remove(&r);
                }
                set.extend(op.args.iter().copied());
            }
            for p in &block.params {
                set.remove(p);
            }
            if live.get(&b) != Some(&set) {
                live.insert(b, set);
                changed = true;
            }
        }
    }
    live
}

/// Variables live at the end of block `b` (uses by its exit and its successors).
fn live_out(g: &FlowGraph, b: BlockId, live: &HashMap<BlockId, HashSet<Var>>) -> HashSet<Var> {
    let block = &g.blocks[b];
    let mut set = HashSet::new();
    for l in g.successors(b) {
        if let Some(s) = live.get(&l.target) {
            set.extend(s.iter().copied());
        }
        for a in &l.args {
            if let LinkArg::Var(v) = a {
                set.insert(*v);
            }
        }
    }
    match &block.exit {
        Exit::Branch { cond, .. } => {
            set.insert(*cond);
        }
        Exit::Return(v, _) | Exit::Raise(v, _) => {
            set.insert(*v);
        }
        Exit::Jump(_) | Exit::Unreachable => {}
    }
    set
}

impl Annotator<'_> {
    /// Runs the hint checks over every annotated function that uses a driver.
    pub(super) fn check_hints(&mut self) {
        let mut seen = HashSet::new();
        for fk in 0..self.funcs.len() {
            let func = self.funcs[fk].key.func;
            if !seen.insert(func) {
                continue;
            }
            let g = &self.flow.funcs[func].graph;
            let uses_driver = g.blocks.values().flat_map(|b| b.ops.iter()).any(|op| {
                matches!(&op.kind, OpKind::CallMethod { name, .. } if (name == "jit_merge_point" || name == "can_enter_jit") && matches!(self.var(fk, op.args[0]), Ann::Driver(_)))
            });
            if uses_driver {
                self.check_merge_points(fk);
            }
        }
    }

    fn check_merge_points(&mut self, fk: usize) {
        let func = self.funcs[fk].key.func;
        let g: &FlowGraph = &self.flow.funcs[func].graph;
        let live = live_in(g);
        let mut errors = Vec::new();
        for (b, block) in g.blocks.iter() {
            for (i, op) in block.ops.iter().enumerate() {
                let OpKind::CallMethod { name, kwnames } = &op.kind else {
                    continue;
                };
                let Ann::Driver(dk) = self.var(fk, op.args[0]) else {
                    continue;
                };
                let info = &self.drivers[dk.0 as usize];
                if info.broken {
                    continue;
                }
                if name == "jit_merge_point" {
                    // Live after the op: the rest of the block and the block's exit.
                    let mut set = live_out(g, b, &live);
                    for later in block.ops[i + 1..].iter().rev() {
                        if let Some(r) = later.result {
                            set.remove(&r);
                        }
                        set.extend(later.args.iter().copied());
                    }
                    let passed: HashSet<&str> = kwnames.iter().map(|s| s.as_str()).collect();
                    let mut missing: Vec<String> = Vec::new();
                    let mut hidden = false;
                    for v in set {
                        let a = self.var(fk, v);
                        if !a.has_runtime_value() {
                            continue; // modules, functions, the driver itself
                        }
                        let declared = info
                            .greens
                            .iter()
                            .chain(info.reds.iter())
                            .any(|d| Some(d) == g.vars[v].name.as_ref());
                        match &g.vars[v].name {
                            // A declared green or red left out of the call is reported by the call itself.
                            Some(_) if declared => {}
                            Some(n) if !passed.contains(n.as_str()) && !n.starts_with('$') => {
                                missing.push(n.clone())
                            }
                            Some(_) => {}
                            None => {
                                if !self.is_passed_value(op, v) {
                                    hidden = true;
                                }
                            }
                        }
                    }
                    missing.sort();
                    missing.dedup();
                    if !missing.is_empty() {
                        errors.push(
                            Diagnostic::new(
                                ErrorKind::Hint,
                                op.span,
                                format!(
                                    "variable{} {} {} live across `jit_merge_point` but not passed to it (greens {:?}, reds {:?})",
                                    if missing.len() == 1 { "" } else { "s" },
                                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                                    if missing.len() == 1 { "is" } else { "are" },
                                    info.greens,
                                    info.reds
                                ),
                            )
                            .with_note("every variable live across the merge point must be listed as a green or a red"),
                        );
                    } else if hidden {
                        errors.push(
                            Diagnostic::new(ErrorKind::Hint, op.span, "a hidden value (such as the position of a `for` loop) is live across `jit_merge_point`")
                                .with_note("put the interpreter's dispatch loop in a `while` loop whose state is all in green and red variables"),
                        );
                    }
                } else if name == "can_enter_jit" {
                    let greens: Vec<(String, Var)> = info
                        .greens
                        .iter()
                        .filter_map(|gname| {
                            let k = kwnames.iter().position(|n| n == gname)?;
                            let npos = op.args.len() - 1 - kwnames.len();
                            Some((gname.clone(), op.args[1 + npos + k]))
                        })
                        .collect();
                    if let Some((bad, at)) = self.green_reassigned(g, fk, b, i + 1, greens) {
                        errors.push(
                            Diagnostic::new(
                                ErrorKind::Hint,
                                op.span,
                                format!("green variable `{bad}` is assigned between `can_enter_jit` and the next `jit_merge_point`"),
                            )
                            .with_secondary(at, format!("`{bad}` assigned here"))
                            .with_note("`can_enter_jit` must directly precede the jump back to the merge point, with the greens the merge point will see"),
                        );
                    }
                }
            }
        }
        for e in errors {
            self.report(e);
        }
    }

    /// Whether `v` is one of the values passed to the merge point.
    fn is_passed_value(&self, op: &crate::flow::Op, v: Var) -> bool {
        op.args.contains(&v)
    }

    /// Follows every path from position `from` of block `b` to the next
    /// merge point; returns the name of a green assigned on the way.
    fn green_reassigned(
        &self,
        g: &FlowGraph,
        fk: usize,
        b: BlockId,
        from: usize,
        greens: Vec<(String, Var)>,
    ) -> Option<(String, crate::source::Span)> {
        let mut stack: Vec<PathState> = vec![(b, from, greens)];
        let mut visited: HashSet<BlockId> = HashSet::new();
        while let Some((blk, start, mut cur)) = stack.pop() {
            let block = &g.blocks[blk];
            let mut reached_merge = false;
            for op in &block.ops[start.min(block.ops.len())..] {
                if let OpKind::CallMethod { name, .. } = &op.kind {
                    if name == "jit_merge_point"
                        && matches!(self.var(fk, op.args[0]), Ann::Driver(_))
                    {
                        reached_merge = true;
                        break;
                    }
                }
                if let Some(r) = op.result {
                    if let Some(n) = &g.vars[r].name {
                        if cur.iter().any(|(gn, _)| gn == n) {
                            return Some((n.clone(), op.span));
                        }
                    }
                }
            }
            if reached_merge {
                continue;
            }
            for l in g.successors(blk) {
                let target = &g.blocks[l.target];
                let mut next = cur.clone();
                for (k, a) in l.args.iter().enumerate() {
                    let Some(&p) = target.params.get(k) else {
                        continue;
                    };
                    if let Some(n) = &g.vars[p].name {
                        if let Some(slot) = next.iter_mut().find(|(gn, _)| gn == n) {
                            match a {
                                LinkArg::Var(v) if *v == slot.1 => slot.1 = p,
                                LinkArg::Var(v) => return Some((n.clone(), g.vars[*v].span)),
                                LinkArg::Exc => return Some((n.clone(), g.vars[p].span)),
                            }
                        }
                    }
                }
                if visited.insert(l.target) {
                    stack.push((l.target, 0, next));
                }
            }
            cur.clear();
        }
        None
    }
}
