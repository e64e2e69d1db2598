//! Checks of the JIT hints that need the flow graph, run after inference
//! (the checks of a `JitDriver(...)` declaration itself and of the keyword
//! arguments of each call are made where inference meets them, in
//! `builtins.rs`). Together they make sure that every program the frontend
//! accepts has drivers the native backend can compile (its
//! `jit::analyze::check_portal` and `portal_of` must never fail):
//! - a driver has exactly one `jit_merge_point`, reached in one function
//!   (the portal) that `@specialize` does not copy, and inside a loop;
//! - every `can_enter_jit` of a driver is in the portal, on a path back to
//!   the merge point; a driver with `can_enter_jit` has a merge point;
//! - each keyword argument of both calls is a local variable (`pc=pc`),
//!   not an expression, and a bool/int/float variable keeps its kind at the
//!   merge point (no conversion between the value passed and the variable);
//! - every local variable live across `driver.jit_merge_point(...)` is
//!   passed to it (as a green or a red), as in RPython;
//! - between `driver.can_enter_jit(...)` and the `jit_merge_point` it jumps
//!   back to, no green variable is assigned (the greens name the position
//!   in the interpreted program that the JIT counts and traces from).

use super::lattice::Ann;
use super::Annotator;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{BlockId, Exit, FlowGraph, FuncId, LinkArg, OpKind, Var};
use crate::source::Span;
use std::collections::{HashMap, HashSet};

/// The most greens and reds a `JitDriver` may declare together. It is the
/// native JIT's limit: the runtime passes them in a buffer of
/// `runtime_shims::jitcode::BUF_WORDS` words, and the two numbers must stay
/// equal (`backend-native/src/jit/analyze.rs` checks the same bound).
pub const MAX_JIT_VARIABLES: usize = 64;

/// What is wrong with the green and red names of a `JitDriver(...)`:
/// a name that is not an identifier, a repeated name, a name both green
/// and red, or more names than [`MAX_JIT_VARIABLES`].
pub(super) fn driver_names_problem(greens: &[String], reds: &[String]) -> Option<String> {
    let is_ident = |n: &str| {
        let mut cs = n.chars();
        cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && cs.all(|c| c == '_' || c.is_alphanumeric())
    };
    for (list, what) in [(greens, "greens"), (reds, "reds")] {
        for (k, n) in list.iter().enumerate() {
            if !is_ident(n) {
                return Some(format!(
                    "`{what}=` names `{n}`, which is not a variable name: greens and reds are names of local variables of the function with the `jit_merge_point`"
                ));
            }
            if list[..k].contains(n) {
                return Some(format!("`{n}` is listed twice in `{what}=`"));
            }
        }
    }
    if let Some(n) = greens.iter().find(|n| reds.contains(n)) {
        return Some(format!(
            "`{n}` is both a green and a red variable: each variable is either green (part of the position in the interpreted program) or red"
        ));
    }
    let n = greens.len() + reds.len();
    if n > MAX_JIT_VARIABLES {
        return Some(format!(
            "a JitDriver may have at most {MAX_JIT_VARIABLES} greens and reds together, this one has {n} ({} greens, {} reds)",
            greens.len(),
            reds.len()
        ));
    }
    None
}

/// One call of `jit_merge_point` or `can_enter_jit` in an annotated function.
#[derive(Clone, Copy)]
struct Site {
    /// The driver's index.
    driver: usize,
    /// `jit_merge_point` (else `can_enter_jit`).
    merge: bool,
    func: FuncId,
    block: BlockId,
    op: usize,
    span: Span,
}

/// Whether control can go from the end of block `from` to the start of `to`.
fn block_reaches(g: &FlowGraph, from: BlockId, to: BlockId) -> bool {
    let mut seen: HashSet<BlockId> = HashSet::new();
    let mut stack: Vec<BlockId> = g.successors(from).iter().map(|l| l.target).collect();
    while let Some(b) = stack.pop() {
        if b == to {
            return true;
        }
        if seen.insert(b) {
            stack.extend(g.successors(b).iter().map(|l| l.target));
        }
    }
    false
}

/// `bool`, `int` or `float` for annotations that lower to those scalar types.
fn scalar_kind(a: &Ann) -> Option<&'static str> {
    match a {
        Ann::Bool => Some("bool"),
        Ann::Int => Some("int"),
        Ann::UInt => Some("uint"),
        Ann::Float => Some("float"),
        _ => None,
    }
}

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
        let bad_sites = self.check_driver_sites();
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
                self.check_merge_points(fk, &bad_sites);
            }
        }
    }

    /// The calls of `jit_merge_point` and `can_enter_jit` of every driver
    /// in the reached blocks of annotated functions, in source order.
    fn driver_sites(&self) -> Vec<Site> {
        let mut sites = Vec::new();
        let mut seen: HashSet<FuncId> = HashSet::new();
        for fk in 0..self.funcs.len() {
            let func = self.funcs[fk].key.func;
            if !seen.insert(func) {
                continue;
            }
            // Blocks reached in any copy of the function.
            let copies: Vec<usize> = (0..self.funcs.len())
                .filter(|&k| self.funcs[k].key.func == func)
                .collect();
            let g = &self.flow.funcs[func].graph;
            for (b, block) in g.blocks.iter() {
                let bi = b.as_u32() as usize;
                let Some(&k) = copies
                    .iter()
                    .find(|&&k| self.funcs[k].reached.get(bi) == Some(&true))
                else {
                    continue;
                };
                for (i, op) in block.ops.iter().enumerate() {
                    let OpKind::CallMethod { name, .. } = &op.kind else {
                        continue;
                    };
                    if name != "jit_merge_point" && name != "can_enter_jit" {
                        continue;
                    }
                    let Some(&recv) = op.args.first() else {
                        continue;
                    };
                    let Ann::Driver(dk) = self.var(k, recv) else {
                        continue;
                    };
                    let driver = dk.0 as usize;
                    if self.drivers[driver].broken {
                        continue;
                    }
                    sites.push(Site {
                        driver,
                        merge: name == "jit_merge_point",
                        func,
                        block: b,
                        op: i,
                        span: op.span,
                    });
                }
            }
        }
        sites.sort_by_key(|s| (s.span.file, s.span.start, s.func, s.block, s.op));
        sites
    }

    /// The whole-program rules on where a driver's calls are: one merge
    /// point per driver, in a loop of a function with one copy, and every
    /// `can_enter_jit` on a way back to it. Returns the `can_enter_jit`
    /// calls found misplaced (their greens are not checked further).
    fn check_driver_sites(&mut self) -> HashSet<(FuncId, BlockId, usize)> {
        let sites = self.driver_sites();
        let mut bad = HashSet::new();
        let mut errors = Vec::new();
        for d in 0..self.drivers.len() {
            let dspan = self.drivers[d].span;
            let merges: Vec<&Site> = sites.iter().filter(|s| s.driver == d && s.merge).collect();
            let enters = sites.iter().filter(|s| s.driver == d && !s.merge);
            if let Some(first) = merges.first() {
                for other in &merges[1..] {
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            other.span,
                            format!(
                                "this JitDriver already has a `jit_merge_point` (in `{}`): a driver has exactly one, at the top of the interpreter's dispatch loop",
                                self.flow.funcs[first.func].name
                            ),
                        )
                        .with_secondary(first.span, "the first `jit_merge_point` of the driver")
                        .with_secondary(dspan, "the driver")
                        .with_note("use one JitDriver per interpreter loop"),
                    );
                }
                let copies = self
                    .funcs
                    .iter()
                    .filter(|f| f.key.func == first.func)
                    .count();
                if copies > 1 {
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            first.span,
                            format!(
                                "`jit_merge_point` is in `{}`, which `@specialize` translates into {copies} copies: the function with a driver's merge point (its portal) must have exactly one",
                                self.flow.funcs[first.func].name
                            ),
                        )
                        .with_note("move the interpreter loop into a function without `@specialize`"),
                    );
                }
                let g = &self.flow.funcs[first.func].graph;
                if !block_reaches(g, first.block, first.block) {
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            first.span,
                            format!(
                                "`jit_merge_point` is not inside a loop of `{}`: it must start the body of the interpreter's dispatch loop",
                                self.flow.funcs[first.func].name
                            ),
                        )
                        .with_note("the JIT traces one iteration of the loop from the merge point back to it"),
                    );
                }
            }
            for s in enters {
                let key = (s.func, s.block, s.op);
                let Some(mp) = merges.first() else {
                    bad.insert(key);
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            s.span,
                            "`can_enter_jit` of a JitDriver that has no `jit_merge_point`",
                        )
                        .with_secondary(dspan, "the driver")
                        .with_note("call `jit_merge_point` at the top of the interpreter's dispatch loop, and `can_enter_jit` where the loop jumps back (a backward jump of the interpreted program)"),
                    );
                    continue;
                };
                if s.func != mp.func {
                    bad.insert(key);
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            s.span,
                            format!(
                                "`can_enter_jit` must be in the function with the driver's `jit_merge_point` (`{}`), not in `{}`",
                                self.flow.funcs[mp.func].name,
                                self.flow.funcs[s.func].name
                            ),
                        )
                        .with_secondary(mp.span, "the driver's `jit_merge_point`"),
                    );
                    continue;
                }
                let g = &self.flow.funcs[s.func].graph;
                let later_in_block = s.block == mp.block && mp.op > s.op;
                if !later_in_block && !block_reaches(g, s.block, mp.block) {
                    bad.insert(key);
                    errors.push(
                        Diagnostic::new(
                            ErrorKind::Hint,
                            s.span,
                            "`can_enter_jit` is not on a path back to the driver's `jit_merge_point`",
                        )
                        .with_secondary(mp.span, "the driver's `jit_merge_point`")
                        .with_note("call `can_enter_jit` inside the interpreter's loop, just before it jumps back"),
                    );
                }
            }
        }
        for e in errors {
            self.report(e);
        }
        bad
    }

    fn check_merge_points(&mut self, fk: usize, bad_sites: &HashSet<(FuncId, BlockId, usize)>) {
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
                if info.broken || (name != "jit_merge_point" && name != "can_enter_jit") {
                    continue;
                }
                // Keyword values: local variables, not expressions (a
                // positional argument was reported when the call was typed).
                let npos = op.args.len().saturating_sub(1 + kwnames.len());
                if npos > 0 {
                    continue;
                }
                let mut bad_kw = false;
                for (k, kn) in kwnames.iter().enumerate() {
                    let Some(&v) = op.args.get(1 + k) else {
                        continue;
                    };
                    // (A value without annotation was reported where it was made.)
                    if g.vars[v].name.is_none() && self.var(fk, v) != Ann::Bottom {
                        bad_kw = true;
                        errors.push(
                            Diagnostic::new(
                                ErrorKind::Hint,
                                op.span,
                                format!(
                                    "`{kn}=` of `{name}` must be given a local variable of `{}` (such as `{kn}={kn}`), not an expression",
                                    self.flow.funcs[func].name
                                ),
                            )
                            .with_secondary(g.vars[v].span, "this is not a local variable")
                            .with_note("greens and reds are the interpreter's local variables: assign the value to a local first"),
                        );
                    }
                }
                if bad_kw {
                    continue;
                }
                if name == "jit_merge_point" {
                    // A bool, int or float variable must have the kind
                    // that the driver's variable has at every call, or the
                    // value passed would be a conversion of the variable.
                    let all: Vec<&String> = info.greens.iter().chain(info.reds.iter()).collect();
                    for (k, kn) in kwnames.iter().enumerate() {
                        let (Some(&v), Some(slot)) =
                            (op.args.get(1 + k), all.iter().position(|d| *d == kn))
                        else {
                            continue;
                        };
                        let here = self.var(fk, v);
                        let want = info.var_anns.get(slot).cloned().unwrap_or(Ann::Bottom);
                        if let (Some(h), Some(w)) = (scalar_kind(&here), scalar_kind(&want)) {
                            if h != w {
                                let what = if slot < info.greens.len() {
                                    "green"
                                } else {
                                    "red"
                                };
                                errors.push(
                                    Diagnostic::new(
                                        ErrorKind::Hint,
                                        op.span,
                                        format!(
                                            "{what} variable `{kn}` is `{h}` at `jit_merge_point` but `{w}` at another call of the driver: it must have one type at all of them"
                                        ),
                                    )
                                    .with_note(format!("assign `{kn}` only values of type `{w}` (convert with `{w}(...)` where needed)")),
                                );
                            }
                        }
                    }
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
                    let mut not_itself: Vec<String> = Vec::new();
                    let mut hidden = false;
                    for v in set {
                        let a = self.var(fk, v);
                        if !a.has_runtime_value() {
                            continue; // modules, functions, the driver itself
                        }
                        if self.is_passed_value(op, v) {
                            continue;
                        }
                        let declared = info
                            .greens
                            .iter()
                            .chain(info.reds.iter())
                            .any(|d| Some(d) == g.vars[v].name.as_ref());
                        match &g.vars[v].name {
                            // A declared green or red left out of the call is reported by the call itself.
                            Some(n) if declared => {
                                if passed.contains(n.as_str()) {
                                    not_itself.push(n.clone())
                                }
                            }
                            Some(n) => missing.push(n.clone()),
                            None => hidden = true,
                        }
                    }
                    missing.sort();
                    missing.dedup();
                    not_itself.sort();
                    not_itself.dedup();
                    if let Some(n) = not_itself.first() {
                        errors.push(
                            Diagnostic::new(
                                ErrorKind::Hint,
                                op.span,
                                format!("`{n}` is live across `jit_merge_point` but `{n}=` passes another variable: pass the variable itself (`{n}={n}`)"),
                            )
                            .with_note("every variable live across the merge point must be passed to it under its own name"),
                        );
                        continue;
                    }
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
                } else if name == "can_enter_jit" && !bad_sites.contains(&(func, b, i)) {
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
            // Loading the driver itself cannot raise: its exception edge
            // (inside a `try`) is no path to follow.
            let driver_load_catch = block.ops.last().and_then(|op| {
                let r = op.result?;
                let c = op.catch.as_ref()?;
                matches!(self.var(fk, r), Ann::Driver(_)).then_some(c)
            });
            for l in g.successors(blk) {
                if driver_load_catch.is_some_and(|c| std::ptr::eq(c, l)) {
                    continue;
                }
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
