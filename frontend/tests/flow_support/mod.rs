//! Shared helpers of the flow-graph tests: checking the invariants of a
//! built program beyond `FlowGraph::check`.

use frontend::flow::{BlockId, Exit, FlowGraph, FlowProgram, LinkArg, Var};
use frontend::source::SourceMap;
use std::collections::{HashMap, HashSet};

/// Every link entering each block, with the block it leaves.
fn incoming(g: &FlowGraph) -> HashMap<BlockId, Vec<Vec<LinkArg>>> {
    let mut map: HashMap<BlockId, Vec<Vec<LinkArg>>> = HashMap::new();
    for b in g.reverse_postorder() {
        for l in g.successors(b) {
            map.entry(l.target).or_default().push(l.args.clone());
        }
    }
    map
}

/// Checks one graph: the model's invariants, no redundant block parameter
/// (one whose arguments are all the same variable or itself), no dead block
/// parameter (nothing uses it, even through other parameters), and spans
/// inside the sources. Returns a description of the first violation.
pub fn check_graph(g: &FlowGraph, sources: &SourceMap) -> Result<(), String> {
    g.check()?;
    let entry = g.entry.ok_or("no entry block")?;
    let incoming = incoming(g);
    // Parameters passed only explicitly (function parameters, exceptions).
    let mut fixed: HashSet<Var> = g.blocks[entry].params.iter().copied().collect();
    for b in g.reverse_postorder() {
        for (i, &p) in g.blocks[b].params.iter().enumerate() {
            let args: Vec<LinkArg> = incoming
                .get(&b)
                .map(|ls| ls.iter().filter_map(|a| a.get(i).copied()).collect())
                .unwrap_or_default();
            if args.contains(&LinkArg::Exc) {
                fixed.insert(p);
                continue;
            }
            if b == entry {
                continue;
            }
            let distinct: HashSet<Var> = args
                .iter()
                .filter_map(|a| match a {
                    LinkArg::Var(v) if *v != p => Some(*v),
                    _ => None,
                })
                .collect();
            if distinct.len() <= 1 {
                return Err(format!(
                    "{b}: parameter {p} is redundant (arguments {args:?})"
                ));
            }
        }
    }
    // Liveness of parameters: used by an op or an exit (other than as a link
    // argument), or passed to a live parameter.
    let mut live: HashSet<Var> = HashSet::new();
    let mut passes: Vec<(Var, Var)> = Vec::new();
    for b in g.reverse_postorder() {
        let block = &g.blocks[b];
        for op in &block.ops {
            live.extend(op.args.iter().copied());
            if let Some(c) = &op.catch {
                for (i, a) in c.args.iter().enumerate() {
                    if let LinkArg::Var(v) = a {
                        passes.push((*v, g.blocks[c.target].params[i]));
                    }
                }
            }
        }
        let mut links = Vec::new();
        match &block.exit {
            Exit::Jump(l) => links.push(l),
            Exit::Branch { cond, then, els } => {
                live.insert(*cond);
                links.push(then);
                links.push(els);
            }
            Exit::Return(v, _) | Exit::Raise(v, _) => {
                live.insert(*v);
            }
            Exit::Unreachable => {}
        }
        for l in links {
            for (i, a) in l.args.iter().enumerate() {
                if let LinkArg::Var(v) = a {
                    passes.push((*v, g.blocks[l.target].params[i]));
                }
            }
        }
    }
    loop {
        let before = live.len();
        for (from, to) in &passes {
            if live.contains(to) {
                live.insert(*from);
            }
        }
        if live.len() == before {
            break;
        }
    }
    for b in g.reverse_postorder() {
        for &p in &g.blocks[b].params {
            if !fixed.contains(&p) && !live.contains(&p) {
                return Err(format!("{b}: parameter {p} is dead"));
            }
        }
        for op in &g.blocks[b].ops {
            let text_len = sources.files[op.span.file].text.len() as u32;
            if op.span.start > op.span.end || op.span.end > text_len {
                return Err(format!(
                    "{b}: op `{}` has span {:?} outside its file",
                    op.kind.describe(),
                    op.span
                ));
            }
        }
    }
    Ok(())
}

/// Checks every graph of a program; returns every violation, named.
pub fn check_program(p: &FlowProgram, sources: &SourceMap) -> Vec<String> {
    p.funcs
        .iter()
        .filter_map(|(id, f)| {
            check_graph(&f.graph, sources)
                .err()
                .map(|e| format!("{id} `{}`: {e}", f.name))
        })
        .collect()
}
