//! Renumbering a finished graph: only the blocks reachable from the entry,
//! numbered in reverse postorder, and only the variables they define or use,
//! numbered in order of definition. Dumps are then stable and dense, and no
//! later phase sees the unreachable code the builder translated only to
//! report its errors.

use super::super::graph::{Block, BlockId, Exit, FlowGraph, Link, LinkArg, Op, Var};
use std::collections::HashMap;

/// A copy of `graph` with its reachable blocks only, renumbered; jumps and
/// branches to blocks that only jump on go straight to the final target.
pub(super) fn compact(graph: &FlowGraph) -> FlowGraph {
    let threaded = thread_jumps(graph);
    let graph = &threaded;
    let order = graph.reverse_postorder();
    let mut out = FlowGraph::default();
    let mut block_map: HashMap<BlockId, BlockId> = HashMap::new();
    for &b in &order {
        let nb = out.new_block();
        block_map.insert(b, nb);
    }
    let mut vars = VarMap {
        map: HashMap::new(),
        graph,
    };
    for &b in &order {
        let block = &graph.blocks[b];
        for &p in &block.params {
            vars.get(p, &mut out);
        }
        for op in &block.ops {
            if let Some(r) = op.result {
                vars.get(r, &mut out);
            }
        }
    }
    for &b in &order {
        let block = &graph.blocks[b];
        let params = block
            .params
            .iter()
            .map(|&p| vars.get(p, &mut out))
            .collect();
        let ops = block
            .ops
            .iter()
            .map(|op| Op {
                kind: op.kind.clone(),
                args: op.args.iter().map(|&a| vars.get(a, &mut out)).collect(),
                result: op.result.map(|r| vars.get(r, &mut out)),
                span: op.span,
                catch: op
                    .catch
                    .as_ref()
                    .map(|l| map_link(l, &block_map, &mut vars, &mut out)),
            })
            .collect();
        let exit = match &block.exit {
            Exit::Jump(l) => Exit::Jump(map_link(l, &block_map, &mut vars, &mut out)),
            Exit::Branch { cond, then, els } => Exit::Branch {
                cond: vars.get(*cond, &mut out),
                then: map_link(then, &block_map, &mut vars, &mut out),
                els: map_link(els, &block_map, &mut vars, &mut out),
            },
            Exit::Return(v, s) => Exit::Return(vars.get(*v, &mut out), *s),
            Exit::Raise(v, s) => Exit::Raise(vars.get(*v, &mut out), *s),
            Exit::Unreachable => Exit::Unreachable,
        };
        out.blocks[block_map[&b]] = Block { params, ops, exit };
    }
    out.entry = graph.entry.and_then(|e| block_map.get(&e).copied());
    out
}

/// Old variables to new ones, created on first sight.
struct VarMap<'g> {
    map: HashMap<Var, Var>,
    graph: &'g FlowGraph,
}

impl VarMap<'_> {
    fn get(&mut self, v: Var, out: &mut FlowGraph) -> Var {
        if let Some(&n) = self.map.get(&v) {
            return n;
        }
        let data = self.graph.vars[v].clone();
        let n = out.vars.push(data);
        self.map.insert(v, n);
        n
    }
}

fn map_link(
    l: &Link,
    blocks: &HashMap<BlockId, BlockId>,
    vars: &mut VarMap<'_>,
    out: &mut FlowGraph,
) -> Link {
    Link {
        target: blocks.get(&l.target).copied().unwrap_or(l.target),
        args: l
            .args
            .iter()
            .map(|a| match a {
                LinkArg::Var(v) => LinkArg::Var(vars.get(*v, out)),
                LinkArg::Exc => LinkArg::Exc,
            })
            .collect(),
    }
}

/// The link a block that does nothing but jump (no parameters, no ops)
/// stands for.
fn forwarding_link(graph: &FlowGraph, b: BlockId) -> Option<&Link> {
    let block = &graph.blocks[b];
    match &block.exit {
        Exit::Jump(l)
            if block.params.is_empty() && block.ops.is_empty() && Some(b) != graph.entry =>
        {
            Some(l)
        }
        _ => None,
    }
}

/// Where a link to `l.target` ends up after following forwarding blocks.
fn thread(graph: &FlowGraph, l: &Link) -> Link {
    let mut link = l.clone();
    let mut steps = 0;
    while link.args.is_empty() {
        let Some(next) = forwarding_link(graph, link.target) else {
            break;
        };
        link = next.clone();
        steps += 1;
        if steps > graph.blocks.len() {
            return l.clone();
        }
    }
    link
}

/// `graph` with jump and branch links threaded through forwarding blocks
/// (catch links always target a handler, which has a parameter).
fn thread_jumps(graph: &FlowGraph) -> FlowGraph {
    let mut out = graph.clone();
    for (b, block) in graph.blocks.iter() {
        let exit = match &block.exit {
            Exit::Jump(l) => Exit::Jump(thread(graph, l)),
            Exit::Branch { cond, then, els } => Exit::Branch {
                cond: *cond,
                then: thread(graph, then),
                els: thread(graph, els),
            },
            other => other.clone(),
        };
        out.blocks[b].exit = exit;
    }
    out
}
