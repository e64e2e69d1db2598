//! SSA construction for one flow graph, after Braun et al., "Simple and
//! Efficient Construction of Static Single Assignment Form" (CC 2013).
//!
//! The statement builder describes the function in terms of *locals*
//! ([`LocalId`]: Python locals, comprehension variables, hidden loop
//! counters): it writes a local in a block ([`SsaBuilder::write`]) and reads
//! it ([`SsaBuilder::read`]). A read that finds no write in its block looks
//! at the predecessors; where several paths meet it creates a *phi* (which
//! becomes a block parameter). Blocks whose predecessors are not all known
//! yet (loop headers) are *unsealed*: a read there creates an incomplete phi
//! that gets its operands when the block is sealed. Phis exist only where a
//! read asks for them, so a local that is dead at a join never gets a
//! parameter there.
//!
//! Unlike the paper, the lookup is iterative (no recursion, whatever the
//! size of the function) and phi simplification happens once, in
//! [`SsaBuilder::finish`]: trivial phis (one distinct operand besides
//! themselves) and redundant strongly connected groups of phis (one value
//! from outside) are replaced by that value until nothing changes, then phis
//! nothing uses are dropped. The result is minimal and pruned.
//!
//! The builder records every write, unassignment and read of a local per
//! block; [`SsaBuilder::finish`] hands them to the unassigned-read analysis
//! ([`super::unassigned`]), which assumes that every loop runs at least
//! once. On a loop's zero-iteration path a local assigned only in the loop
//! has no value: where such a value flows on a link, it becomes an
//! [`OpKind::Unbound`] value defined in the entry block.
//!
//! Only edges from *live* blocks (the entry, or a block with a live
//! predecessor) count as predecessors: code after a `return` is still
//! translated (so its errors are reported) but never joins live code.
//! Every block gets all its incoming edges before code is added to it,
//! except loop headers, which are unsealed until their body is done.

use super::super::graph::{BlockId, Exit, FlowGraph, Link, LinkArg, Op, OpKind, Var};
use super::unassigned::{unassigned_reads, Event, LoopExits, ReadCheck, UnassignedRead};
use crate::source::Span;
use cranelift_entity::SecondaryMap;
use std::collections::{HashMap, HashSet};

/// A variable of the source function tracked by SSA construction.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct LocalId(pub(super) u32);

/// Which link of its source block an edge is.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum EdgeSlot {
    Jump,
    Then,
    Else,
    Catch,
}

/// An incoming edge of a block.
#[derive(Copy, Clone, Debug)]
struct Edge {
    from: BlockId,
    slot: EdgeSlot,
}

/// A phi: the value of `local` where the edges into `block` meet.
#[derive(Debug)]
struct Phi {
    block: BlockId,
    local: LocalId,
    var: Var,
    /// One per incoming edge of `block`, in edge order (once complete).
    operands: Vec<Var>,
    removed: bool,
}

/// A flow graph under construction with its SSA bookkeeping.
pub(super) struct SsaBuilder {
    graph: FlowGraph,
    entry: BlockId,
    undef: Var,
    local_names: Vec<Option<String>>,
    preds: SecondaryMap<BlockId, Vec<Edge>>,
    sealed: SecondaryMap<BlockId, bool>,
    defs: HashMap<(BlockId, LocalId), Var>,
    incomplete: HashMap<BlockId, Vec<usize>>,
    pending: Vec<usize>,
    phis: Vec<Phi>,
    phi_of_var: HashMap<Var, usize>,
    replaced: HashMap<Var, Var>,
    events: SecondaryMap<BlockId, Vec<Event>>,
    loops: Vec<LoopExits>,
}

impl SsaBuilder {
    /// A graph with a sealed entry block; `span` locates the function.
    pub(super) fn new(span: Span) -> SsaBuilder {
        let mut graph = FlowGraph::default();
        let entry = graph.new_block();
        graph.entry = Some(entry);
        let undef = graph.new_var(Some("<undefined>".into()), span);
        let mut sealed = SecondaryMap::new();
        sealed[entry] = true;
        SsaBuilder {
            graph,
            entry,
            undef,
            local_names: Vec::new(),
            preds: SecondaryMap::new(),
            sealed,
            defs: HashMap::new(),
            incomplete: HashMap::new(),
            pending: Vec::new(),
            phis: Vec::new(),
            phi_of_var: HashMap::new(),
            replaced: HashMap::new(),
            events: SecondaryMap::new(),
            loops: Vec::new(),
        }
    }

    /// The entry block.
    pub(super) fn entry(&self) -> BlockId {
        self.entry
    }

    /// A new local; `name` is its Python name (`None` for hidden ones).
    pub(super) fn new_local(&mut self, name: Option<String>) -> LocalId {
        self.local_names.push(name);
        LocalId(self.local_names.len() as u32 - 1)
    }

    /// The Python name of a local.
    pub(super) fn local_name(&self, local: LocalId) -> Option<&str> {
        self.local_names
            .get(local.0 as usize)
            .and_then(|n| n.as_deref())
    }

    /// A new, unsealed block.
    pub(super) fn new_block(&mut self) -> BlockId {
        self.graph.new_block()
    }

    /// A new variable.
    pub(super) fn new_var(&mut self, name: Option<String>, span: Span) -> Var {
        self.graph.new_var(name, span)
    }

    /// Gives `var` a name if it has none.
    pub(super) fn name_var(&mut self, var: Var, name: &str) {
        if var != self.undef && self.graph.vars[var].name.is_none() {
            self.graph.vars[var].name = Some(name.to_string());
        }
    }

    /// Whether code in `block` can run: it is the entry or has a live predecessor.
    pub(super) fn is_live(&self, block: BlockId) -> bool {
        block == self.entry || !self.preds[block].is_empty()
    }

    /// Adds a parameter that every incoming link passes explicitly (the
    /// exception of a handler). Call before adding edges to `block`.
    pub(super) fn add_param(&mut self, block: BlockId, name: Option<String>, span: Span) -> Var {
        let v = self.graph.new_var(name, span);
        self.graph.blocks[block].params.push(v);
        v
    }

    /// Appends an op that cannot transfer control.
    pub(super) fn push_op(&mut self, block: BlockId, op: Op) {
        self.graph.blocks[block].ops.push(op);
    }

    /// Appends an op whose exception goes to `handler` (a block whose first
    /// parameter receives the exception). The op must end the block.
    pub(super) fn push_raising_op(&mut self, block: BlockId, mut op: Op, handler: BlockId) {
        op.catch = Some(Link {
            target: handler,
            args: vec![LinkArg::Exc],
        });
        self.graph.blocks[block].ops.push(op);
        self.add_edge(block, EdgeSlot::Catch, handler);
    }

    /// Ends `from` with a jump to `to`.
    pub(super) fn jump(&mut self, from: BlockId, to: BlockId) {
        self.graph.blocks[from].exit = Exit::Jump(Link {
            target: to,
            args: Vec::new(),
        });
        self.add_edge(from, EdgeSlot::Jump, to);
    }

    /// Ends `from` with a two-way branch on `cond`.
    pub(super) fn branch(&mut self, from: BlockId, cond: Var, then: BlockId, els: BlockId) {
        self.graph.blocks[from].exit = Exit::Branch {
            cond,
            then: Link {
                target: then,
                args: Vec::new(),
            },
            els: Link {
                target: els,
                args: Vec::new(),
            },
        };
        self.add_edge(from, EdgeSlot::Then, then);
        self.add_edge(from, EdgeSlot::Else, els);
    }

    /// Ends `from` with an exit that has no successor (return, raise, unreachable).
    pub(super) fn end(&mut self, from: BlockId, exit: Exit) {
        debug_assert!(matches!(
            exit,
            Exit::Return(..) | Exit::Raise(..) | Exit::Unreachable
        ));
        self.graph.blocks[from].exit = exit;
    }

    fn add_edge(&mut self, from: BlockId, slot: EdgeSlot, to: BlockId) {
        if self.is_live(from) {
            debug_assert!(!self.sealed[to], "edge into the sealed block {to}");
            self.preds[to].push(Edge { from, slot });
        }
    }

    /// Declares that every edge into `block` is known.
    pub(super) fn seal(&mut self, block: BlockId) {
        if self.sealed[block] {
            return;
        }
        self.sealed[block] = true;
        if let Some(waiting) = self.incomplete.remove(&block) {
            self.pending.extend(waiting);
            self.fill_pending();
        }
    }

    /// Records that `local` has value `var` at the end of `block` (so far).
    pub(super) fn write(&mut self, local: LocalId, block: BlockId, var: Var) {
        self.defs.insert((block, local), var);
        self.events[block].push(Event::Write(local));
    }

    /// Marks `local` unassigned from here on in `block` (`del x`).
    pub(super) fn write_undefined(&mut self, local: LocalId, block: BlockId) {
        self.defs.insert((block, local), self.undef);
        self.events[block].push(Event::Unassign(local));
    }

    /// The value of `local` at the current end of `block`. The read is
    /// checked for paths where `local` is unassigned when `finish` runs.
    pub(super) fn read(&mut self, local: LocalId, block: BlockId, span: Span) -> Var {
        let value = self.lookup(local, block, span);
        self.fill_pending();
        self.events[block].push(Event::Read(local, span));
        value
    }

    /// How many edges enter `block` so far.
    pub(super) fn edge_count(&self, block: BlockId) -> usize {
        self.preds[block].len()
    }

    /// Records that the edges into `target` numbered `edges` leave the loop
    /// headed by `header` because its test failed. The header's first
    /// incoming edge must come from before the loop, the others from the
    /// loop's body.
    pub(super) fn loop_exits(
        &mut self,
        header: BlockId,
        target: BlockId,
        edges: std::ops::Range<usize>,
    ) {
        if !edges.is_empty() {
            self.loops.push(LoopExits {
                header,
                target,
                edges,
            });
        }
    }

    fn new_phi(&mut self, block: BlockId, local: LocalId, span: Span) -> usize {
        let name = self.local_names.get(local.0 as usize).cloned().flatten();
        let var = self.graph.new_var(name, span);
        self.phis.push(Phi {
            block,
            local,
            var,
            operands: Vec::new(),
            removed: false,
        });
        let index = self.phis.len() - 1;
        self.phi_of_var.insert(var, index);
        self.defs.insert((block, local), var);
        index
    }

    /// Finds the value of `local` at the end of `block`, creating phis
    /// (queued in `pending` for their operands) where paths meet.
    fn lookup(&mut self, local: LocalId, block: BlockId, span: Span) -> Var {
        let mut chain = Vec::new();
        let mut b = block;
        let value = loop {
            if let Some(&v) = self.defs.get(&(b, local)) {
                break v;
            }
            if !self.sealed[b] {
                let phi = self.new_phi(b, local, span);
                self.incomplete.entry(b).or_default().push(phi);
                break self.phis[phi].var;
            }
            match self.preds[b].len() {
                0 => {
                    self.defs.insert((b, local), self.undef);
                    break self.undef;
                }
                1 => {
                    chain.push(b);
                    b = self.preds[b][0].from;
                }
                _ => {
                    let phi = self.new_phi(b, local, span);
                    self.pending.push(phi);
                    break self.phis[phi].var;
                }
            }
        };
        for c in chain {
            self.defs.insert((c, local), value);
        }
        value
    }

    /// Gives every queued phi its operands (which may queue more phis).
    fn fill_pending(&mut self) {
        while let Some(phi) = self.pending.pop() {
            let (block, local) = (self.phis[phi].block, self.phis[phi].local);
            let span = self.graph.vars[self.phis[phi].var].span;
            let preds = self.preds[block].clone();
            let mut operands = Vec::with_capacity(preds.len());
            for edge in preds {
                operands.push(self.lookup(local, edge.from, span));
            }
            self.phis[phi].operands = operands;
        }
    }

    fn resolve(&self, mut v: Var) -> Var {
        let mut steps = 0;
        while let Some(&next) = self.replaced.get(&v) {
            v = next;
            steps += 1;
            if steps > self.replaced.len() {
                break;
            }
        }
        v
    }

    fn live_phi(&self, v: Var) -> Option<usize> {
        self.phi_of_var
            .get(&v)
            .copied()
            .filter(|&p| !self.phis[p].removed)
    }

    fn replace_phi(&mut self, phi: usize, value: Var) {
        self.phis[phi].removed = true;
        let var = self.phis[phi].var;
        if var != value {
            self.replaced.insert(var, value);
        }
    }

    /// The only value a phi can have, if it is trivial.
    fn trivial_value(&self, phi: usize) -> Option<Var> {
        let own = self.phis[phi].var;
        let mut same = None;
        for &op in &self.phis[phi].operands {
            let op = self.resolve(op);
            if op == own || Some(op) == same {
                continue;
            }
            if same.is_some() {
                return None;
            }
            same = Some(op);
        }
        Some(same.unwrap_or(self.undef))
    }

    /// Replaces trivial phis until none is left; true if any was.
    fn remove_trivial_phis(&mut self) -> bool {
        let mut users: HashMap<Var, Vec<usize>> = HashMap::new();
        for (i, phi) in self.phis.iter().enumerate() {
            if phi.removed {
                continue;
            }
            for &op in &phi.operands {
                users.entry(self.resolve(op)).or_default().push(i);
            }
        }
        let mut work: Vec<usize> = (0..self.phis.len())
            .filter(|&p| !self.phis[p].removed)
            .collect();
        let mut changed = false;
        while let Some(p) = work.pop() {
            if self.phis[p].removed {
                continue;
            }
            if let Some(same) = self.trivial_value(p) {
                let var = self.phis[p].var;
                self.replace_phi(p, same);
                changed = true;
                if let Some(us) = users.remove(&var) {
                    work.extend(us.iter().copied());
                    users.entry(same).or_default().extend(us);
                }
            }
        }
        changed
    }

    /// Replaces strongly connected groups of phis that only carry one value
    /// from outside the group (Braun et al., section 3.2); true if any was.
    fn remove_redundant_phi_groups(&mut self) -> bool {
        let mut changed = false;
        let all: Vec<usize> = (0..self.phis.len())
            .filter(|&p| !self.phis[p].removed)
            .collect();
        let mut sets = vec![all];
        while let Some(set) = sets.pop() {
            for scc in self.phi_sccs(&set) {
                if scc.len() == 1 {
                    if let Some(same) = self.trivial_value(scc[0]) {
                        self.replace_phi(scc[0], same);
                        changed = true;
                    }
                    continue;
                }
                let members: HashSet<Var> = scc.iter().map(|&p| self.phis[p].var).collect();
                let mut outer: HashSet<Var> = HashSet::new();
                let mut inner = Vec::new();
                for &p in &scc {
                    let mut is_inner = true;
                    for &op in &self.phis[p].operands {
                        let op = self.resolve(op);
                        if !members.contains(&op) {
                            outer.insert(op);
                            is_inner = false;
                        }
                    }
                    if is_inner {
                        inner.push(p);
                    }
                }
                if outer.len() == 1 {
                    let value = outer.into_iter().next().unwrap_or(self.undef);
                    for &p in &scc {
                        self.replace_phi(p, value);
                    }
                    changed = true;
                } else if outer.len() > 1 && !inner.is_empty() {
                    sets.push(inner);
                }
            }
        }
        changed
    }

    /// Strongly connected components of the phis in `set` (edges from a phi
    /// to the phis among its operands), operands' components first.
    fn phi_sccs(&self, set: &[usize]) -> Vec<Vec<usize>> {
        let in_set: HashSet<usize> = set.iter().copied().collect();
        let successors = |p: usize| -> Vec<usize> {
            self.phis[p]
                .operands
                .iter()
                .filter_map(|&op| self.live_phi(self.resolve(op)))
                .filter(|q| in_set.contains(q))
                .collect()
        };
        // Iterative Tarjan.
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut low: HashMap<usize, usize> = HashMap::new();
        let mut on_stack: HashSet<usize> = HashSet::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        let mut counter = 0;
        for &root in set {
            if index.contains_key(&root) {
                continue;
            }
            let mut call: Vec<(usize, Vec<usize>, usize)> = vec![(root, successors(root), 0)];
            index.insert(root, counter);
            low.insert(root, counter);
            counter += 1;
            stack.push(root);
            on_stack.insert(root);
            while let Some((node, succ, next)) = call.last_mut() {
                let node = *node;
                if *next < succ.len() {
                    let w = succ[*next];
                    *next += 1;
                    if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(w) {
                        slot.insert(counter);
                        low.insert(w, counter);
                        counter += 1;
                        stack.push(w);
                        on_stack.insert(w);
                        let ws = successors(w);
                        call.push((w, ws, 0));
                    } else if on_stack.contains(&w) {
                        let lw = index[&w].min(low[&node]);
                        low.insert(node, lw);
                    }
                } else {
                    call.pop();
                    if let Some((parent, _, _)) = call.last() {
                        let lp = low[parent].min(low[&node]);
                        low.insert(*parent, lp);
                    }
                    if low[&node] == index[&node] {
                        let mut scc = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack.remove(&w);
                            scc.push(w);
                            if w == node {
                                break;
                            }
                        }
                        out.push(scc);
                    }
                }
            }
        }
        out
    }

    /// Every variable used by the live blocks (ops, exits, explicit link arguments).
    fn used_vars(&self) -> Vec<Var> {
        let mut used = Vec::new();
        for (b, block) in self.graph.blocks.iter() {
            if !self.is_live(b) {
                continue;
            }
            for op in &block.ops {
                used.extend(op.args.iter().copied());
                if let Some(c) = &op.catch {
                    used.extend(link_vars(c));
                }
            }
            match &block.exit {
                Exit::Jump(l) => used.extend(link_vars(l)),
                Exit::Branch { cond, then, els } => {
                    used.push(*cond);
                    used.extend(link_vars(then));
                    used.extend(link_vars(els));
                }
                Exit::Return(v, _) | Exit::Raise(v, _) => used.push(*v),
                Exit::Unreachable => {}
            }
        }
        used
    }

    /// Finishes the graph: simplifies phis, turns the live ones into block
    /// parameters and link arguments, defines the placeholders that remain,
    /// and renumbers blocks and variables in reverse postorder. Returns the
    /// graph and the reads of named locals that may see no assignment.
    pub(super) fn finish(mut self) -> (FlowGraph, Vec<UnassignedRead>) {
        let unsealed: Vec<BlockId> = self
            .graph
            .blocks
            .keys()
            .filter(|&b| !self.sealed[b])
            .collect();
        for b in unsealed {
            self.seal(b);
        }
        while self.remove_trivial_phis() | self.remove_redundant_phi_groups() {}

        // Phis something uses, transitively.
        let mut needed: HashSet<usize> = HashSet::new();
        let mut work: Vec<usize> = self
            .used_vars()
            .into_iter()
            .filter_map(|v| self.live_phi(self.resolve(v)))
            .collect();
        while let Some(p) = work.pop() {
            if !needed.insert(p) {
                continue;
            }
            for &op in &self.phis[p].operands {
                if let Some(q) = self.live_phi(self.resolve(op)) {
                    work.push(q);
                }
            }
        }

        let unassigned = self.unassigned_reads();

        // Block parameters and link arguments for the needed phis.
        let mut by_block: HashMap<BlockId, Vec<usize>> = HashMap::new();
        let mut order: Vec<usize> = needed.iter().copied().collect();
        order.sort_unstable();
        for p in order {
            by_block.entry(self.phis[p].block).or_default().push(p);
        }
        let mut unbound_defs: Vec<(Var, Span)> = Vec::new();
        let mut blocks: Vec<BlockId> = by_block.keys().copied().collect();
        blocks.sort_unstable();
        for b in blocks {
            let phis = by_block[&b].clone();
            for &p in &phis {
                let var = self.phis[p].var;
                self.graph.blocks[b].params.push(var);
            }
            let preds = self.preds[b].clone();
            for (i, edge) in preds.iter().enumerate() {
                let mut args = Vec::with_capacity(phis.len());
                for &p in &phis {
                    let op = self.phis[p].operands.get(i).copied().unwrap_or(self.undef);
                    let mut v = self.resolve(op);
                    if v == self.undef {
                        let name = self.local_names[self.phis[p].local.0 as usize].clone();
                        let span = self.graph.vars[self.phis[p].var].span;
                        v = self.graph.new_var(name, span);
                        unbound_defs.push((v, span));
                    }
                    args.push(LinkArg::Var(v));
                }
                if let Some(link) = self.edge_link(*edge) {
                    link.args.extend(args);
                }
            }
        }

        // Every use refers to the final variables; what is still undefined
        // (only in programs with errors) gets a placeholder too.
        let live: Vec<BlockId> = self
            .graph
            .blocks
            .keys()
            .filter(|&b| self.is_live(b))
            .collect();
        for b in live {
            let mut block = std::mem::replace(
                &mut self.graph.blocks[b],
                super::super::graph::Block {
                    params: Vec::new(),
                    ops: Vec::new(),
                    exit: Exit::Unreachable,
                },
            );
            let mut fix = |v: &mut Var, this: &mut SsaBuilder| {
                let r = this.resolve(*v);
                *v = if r == this.undef {
                    let span = this.graph.vars[r].span;
                    let fresh = this.graph.new_var(None, span);
                    unbound_defs.push((fresh, span));
                    fresh
                } else {
                    r
                };
            };
            for op in &mut block.ops {
                for a in &mut op.args {
                    fix(a, &mut self);
                }
                if let Some(c) = &mut op.catch {
                    for a in &mut c.args {
                        if let LinkArg::Var(v) = a {
                            fix(v, &mut self);
                        }
                    }
                }
            }
            match &mut block.exit {
                Exit::Jump(l) => fix_link(l, &mut |v| fix(v, &mut self)),
                Exit::Branch { cond, then, els } => {
                    fix(cond, &mut self);
                    fix_link(then, &mut |v| fix(v, &mut self));
                    fix_link(els, &mut |v| fix(v, &mut self));
                }
                Exit::Return(v, _) | Exit::Raise(v, _) => fix(v, &mut self),
                Exit::Unreachable => {}
            }
            self.graph.blocks[b] = block;
        }
        let entry = self.entry;
        let unbound_ops: Vec<Op> = unbound_defs
            .into_iter()
            .map(|(v, span)| Op {
                kind: OpKind::Unbound,
                args: Vec::new(),
                result: Some(v),
                span,
                catch: None,
            })
            .collect();
        self.graph.blocks[entry].ops.splice(0..0, unbound_ops);
        (super::compact::compact(&self.graph), unassigned)
    }

    /// Reads of named locals that some path reaches with no assignment.
    fn unassigned_reads(&self) -> Vec<UnassignedRead> {
        let live: Vec<BlockId> = self
            .graph
            .blocks
            .keys()
            .filter(|&b| self.is_live(b))
            .collect();
        let preds: SecondaryMap<BlockId, Vec<BlockId>> = {
            let mut m = SecondaryMap::new();
            for &b in &live {
                m[b] = self.preds[b].iter().map(|e| e.from).collect();
            }
            m
        };
        unassigned_reads(&ReadCheck {
            entry: self.entry,
            live: &live,
            preds: &preds,
            local_names: &self.local_names,
            events: &self.events,
            loops: &self.loops,
        })
    }

    fn edge_link(&mut self, edge: Edge) -> Option<&mut Link> {
        let block = &mut self.graph.blocks[edge.from];
        match (edge.slot, &mut block.exit) {
            (EdgeSlot::Jump, Exit::Jump(l)) => Some(l),
            (EdgeSlot::Then, Exit::Branch { then, .. }) => Some(then),
            (EdgeSlot::Else, Exit::Branch { els, .. }) => Some(els),
            (EdgeSlot::Catch, _) => block.ops.last_mut().and_then(|op| op.catch.as_mut()),
            _ => None,
        }
    }
}

fn link_vars(l: &Link) -> impl Iterator<Item = Var> + '_ {
    l.args.iter().filter_map(|a| match a {
        LinkArg::Var(v) => Some(*v),
        LinkArg::Exc => None,
    })
}

fn fix_link(l: &mut Link, fix: &mut dyn FnMut(&mut Var)) {
    for a in &mut l.args {
        if let LinkArg::Var(v) = a {
            fix(v);
        }
    }
}
