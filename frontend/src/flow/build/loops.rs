//! `for` loops (statements and comprehension clauses). No iterator object
//! is ever created:
//! - `range(a[, b[, c]])` (not rebound) is an int counting loop: the bounds
//!   are evaluated once; a constant step picks `<` or `>`, a run-time step
//!   is tested for zero (`ValueError`) and for its sign;
//! - `reversed(range(...))` counts down over the same values, from
//!   `a + ((b - a - sign(c)) // c) * c` (`b - c` when `c` is ±1);
//! - `enumerate(xs[, start])`, `zip(a, b, ...)`, `reversed(xs)` and any other
//!   iterable go through `IterSource` and an int index, with `Len`
//!   evaluated again on each iteration (`reversed` evaluates it once) and
//!   `GetItem` for the item.
//!
//! The loop header is a block of its own; its first incoming edge comes from
//! before the loop, and the edges that leave when the test fails are
//! recorded for the unassigned-read analysis (which assumes a loop runs at
//! least once). After the loop the target keeps its last value.

use super::super::graph::{BinOp, BlockId, CmpOp, Constant, OpKind, Var};
use super::expr::int_literal;
use super::function::{FnBuilder, Frame};
use super::ssa::LocalId;
use super::unsupported::Construct;
use crate::source::Span;
use ruff_python_ast::{Comprehension, Expr, ExprListComp, Stmt, StmtFor};
use ruff_text_size::Ranged;

/// The step of a counting loop.
#[derive(Clone, Copy)]
pub(super) enum Step {
    /// A literal step (its value and constant op).
    Const(i64, Var),
    /// A run-time step with the result of `step > 0`.
    Dynamic { step: Var, positive: Var },
}

/// How a loop gets its items; set up before the loop.
pub(super) enum IterPlan {
    /// An int counting loop; the counter starts at its first value.
    Range {
        /// First value of `range`.
        start: Var,
        /// Bound of `range`.
        stop: Var,
        step: Step,
        /// Counting down (`reversed(range(...))`).
        reversed: bool,
        counter: LocalId,
    },
    /// An index over `IterSource` sequences.
    Indexed {
        /// One sequence, or one per `zip` argument.
        seqs: Vec<Var>,
        /// `enumerate`'s start (`None`: the index itself); `Some` only for `enumerate`.
        enumerate: Option<Option<Var>>,
        /// `reversed(xs)`: counts down from `len - 1`.
        reversed: bool,
        counter: LocalId,
        one: Var,
        zero: Var,
    },
}

/// What runs in each iteration.
#[derive(Clone, Copy)]
pub(super) enum LoopBody<'a> {
    /// A `for` statement's body.
    Statements(&'a [Stmt]),
    /// Generator `index` of a list comprehension, appending to `result`.
    Comprehension {
        comp: &'a ExprListComp,
        index: usize,
        result: Var,
    },
}

impl<'a> FnBuilder<'a> {
    /// `for target in iter: body else: orelse`.
    pub(super) fn for_stmt(&mut self, f: &'a StmtFor) {
        if f.is_async {
            self.unsupported(Construct::Async, f.range);
        }
        let plan = self.plan_iteration(&f.iter);
        let exit = self.new_block();
        self.run_loop(
            plan,
            &f.target,
            &f.iter,
            LoopBody::Statements(&f.body),
            &f.orelse,
            exit,
        );
        self.seal(exit);
        self.switch_to(exit);
    }

    /// The arguments of a call to the built-in `name` (not rebound, no
    /// keywords other than `allowed_kw`, no `*`), if `e` is one.
    fn builtin_call_args(
        &mut self,
        e: &'a Expr,
        name: &str,
        allowed_kw: &[&str],
    ) -> Option<(&'a [Expr], Option<&'a Expr>)> {
        let Expr::Call(c) = e else { return None };
        let Expr::Name(f) = &*c.func else { return None };
        if f.id.as_str() != name || !self.is_builtin(name) {
            return None;
        }
        if c.arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
        {
            return None;
        }
        let mut kw_value = None;
        for k in c.arguments.keywords.iter() {
            match &k.arg {
                Some(n) if allowed_kw.contains(&n.id.as_str()) && kw_value.is_none() => {
                    kw_value = Some(&k.value)
                }
                _ => return None,
            }
        }
        Some((&c.arguments.args, kw_value))
    }

    /// Evaluates what the loop needs before it starts and sets its counter.
    pub(super) fn plan_iteration(&mut self, iter: &'a Expr) -> IterPlan {
        let span = self.span(iter.range());
        if let Some((args, None)) = self.builtin_call_args(iter, "range", &[]) {
            if (1..=3).contains(&args.len()) {
                return self.plan_range(args, false, span);
            }
        }
        if let Some(([inner], None)) = self.builtin_call_args(iter, "reversed", &[]) {
            if let Some((args, None)) = self.builtin_call_args(inner, "range", &[]) {
                if (1..=3).contains(&args.len()) {
                    return self.plan_range(args, true, span);
                }
            }
            let seq = self.expr(inner);
            return self.plan_indexed(vec![seq], None, true, span);
        }
        if let Some((args, start_kw)) = self.builtin_call_args(iter, "enumerate", &["start"]) {
            let fits = matches!((args.len(), start_kw), (1, _) | (2, None));
            if fits {
                let seq = self.expr(&args[0]);
                let start = match (args.get(1), start_kw) {
                    (Some(s), _) | (None, Some(s)) => Some(self.expr(s)),
                    (None, None) => None,
                };
                return self.plan_indexed(vec![seq], Some(start), false, span);
            }
        }
        if let Some((args, None)) = self.builtin_call_args(iter, "zip", &[]) {
            if !args.is_empty() {
                let seqs: Vec<Var> = args.iter().map(|a| self.expr(a)).collect();
                return self.plan_indexed(seqs, None, false, span);
            }
        }
        let seq = self.expr(iter);
        self.plan_indexed(vec![seq], None, false, span)
    }

    fn plan_range(&mut self, args: &'a [Expr], reversed: bool, span: Span) -> IterPlan {
        let values: Vec<Var> = args.iter().map(|a| self.expr(a)).collect();
        let (start, stop) = match values[..] {
            [stop] => (self.constant(Constant::Int(0), span), stop),
            [start, stop, ..] => (start, stop),
            [] => {
                let z = self.constant(Constant::Int(0), span);
                (z, z)
            }
        };
        let step = match (args.get(2), values.get(2)) {
            (Some(e), Some(&v)) => match int_literal(e) {
                Some(c) if c != 0 => Step::Const(c, v),
                _ => self.checked_step(v, span),
            },
            _ => Step::Const(1, self.constant(Constant::Int(1), span)),
        };
        let first = if reversed {
            self.reversed_range_start(start, stop, step, span)
        } else {
            start
        };
        let counter = self.hidden_local();
        self.write(counter, first);
        IterPlan::Range {
            start,
            stop,
            step,
            reversed,
            counter,
        }
    }

    /// Raises `ValueError` for a zero step; returns the step with its sign test.
    fn checked_step(&mut self, step: Var, span: Span) -> Step {
        let zero = self.constant(Constant::Int(0), span);
        let is_zero = self.emit(OpKind::Compare(CmpOp::Eq), vec![step, zero], span);
        let (bad, ok) = (self.new_block(), self.new_block());
        self.branch(is_zero, bad, ok);
        self.seal(bad);
        self.seal(ok);
        self.switch_to(bad);
        let class = self.emit(OpKind::LoadBuiltin("ValueError".into()), Vec::new(), span);
        let msg = self.constant(Constant::Str("range() arg 3 must not be zero".into()), span);
        let exc = self.emit(
            OpKind::Call {
                kwnames: Vec::new(),
            },
            vec![class, msg],
            span,
        );
        self.raise(exc, span);
        self.switch_to(ok);
        let positive = self.emit(OpKind::Compare(CmpOp::Gt), vec![step, zero], span);
        Step::Dynamic { step, positive }
    }

    /// The last value of `range(start, stop, step)`, where a countdown starts.
    fn reversed_range_start(&mut self, start: Var, stop: Var, step: Step, span: Span) -> Var {
        let bin = |this: &mut Self, op: BinOp, a: Var, b: Var| {
            this.emit(OpKind::BinOp(op), vec![a, b], span)
        };
        match step {
            Step::Const(c, step_var) if c == 1 || c == -1 => bin(self, BinOp::Sub, stop, step_var),
            Step::Const(c, step_var) => {
                let sign = self.constant(Constant::Int(c.signum()), span);
                let diff = bin(self, BinOp::Sub, stop, start);
                let d = bin(self, BinOp::Sub, diff, sign);
                let q = bin(self, BinOp::FloorDiv, d, step_var);
                let m = bin(self, BinOp::Mul, q, step_var);
                bin(self, BinOp::Add, start, m)
            }
            Step::Dynamic { step, positive } => {
                let sign = self.hidden_local();
                let (up, down, join) = (self.new_block(), self.new_block(), self.new_block());
                self.branch(positive, up, down);
                self.seal(up);
                self.seal(down);
                for (block, value) in [(up, 1), (down, -1)] {
                    self.switch_to(block);
                    let v = self.constant(Constant::Int(value), span);
                    self.write(sign, v);
                    self.jump(join);
                }
                self.seal(join);
                self.switch_to(join);
                let sign = self.read(sign, span);
                let diff = bin(self, BinOp::Sub, stop, start);
                let d = bin(self, BinOp::Sub, diff, sign);
                let q = bin(self, BinOp::FloorDiv, d, step);
                let m = bin(self, BinOp::Mul, q, step);
                bin(self, BinOp::Add, start, m)
            }
        }
    }

    fn plan_indexed(
        &mut self,
        values: Vec<Var>,
        enumerate: Option<Option<Var>>,
        reversed: bool,
        span: Span,
    ) -> IterPlan {
        let seqs: Vec<Var> = values
            .into_iter()
            .map(|v| self.emit(OpKind::IterSource, vec![v], span))
            .collect();
        let zero = self.constant(Constant::Int(0), span);
        let one = self.constant(Constant::Int(1), span);
        let first = if reversed {
            let n = self.emit(OpKind::Len, vec![seqs[0]], span);
            self.emit(OpKind::BinOp(BinOp::Sub), vec![n, one], span)
        } else {
            zero
        };
        let counter = self.hidden_local();
        self.write(counter, first);
        IterPlan::Indexed {
            seqs,
            enumerate,
            reversed,
            counter,
            one,
            zero,
        }
    }

    /// Emits the loop: header (tests), item and target assignment, body,
    /// back edge, and the `else` statements when the loop is exhausted.
    /// `break` goes to `exit`, which the caller seals and continues in.
    pub(super) fn run_loop(
        &mut self,
        plan: IterPlan,
        target: &'a Expr,
        iter: &'a Expr,
        body: LoopBody<'a>,
        orelse: &'a [Stmt],
        exit: BlockId,
    ) {
        let span = self.span(iter.range());
        let header = self.new_block();
        self.jump(header);
        self.switch_to(header);
        let body_block = self.new_block();
        let exhausted = if orelse.is_empty() {
            exit
        } else {
            self.new_block()
        };
        let before = self.ssa.edge_count(exhausted);
        let i = self.loop_test(&plan, body_block, exhausted, span);
        let after = self.ssa.edge_count(exhausted);
        self.ssa.loop_exits(header, exhausted, before..after);
        self.seal(body_block);
        self.switch_to(body_block);
        let items = self.loop_items(&plan, i, span);
        self.assign_items(target, items, self.span(target.range()));
        match body {
            LoopBody::Statements(stmts) => {
                self.frames.push(Frame::Loop {
                    break_to: exit,
                    continue_to: header,
                });
                self.stmts(stmts);
                self.frames.pop();
            }
            LoopBody::Comprehension {
                comp,
                index,
                result,
            } => self.comprehension_step(comp, index, result, header),
        }
        self.jump(header);
        self.seal(header);
        if exhausted != exit {
            self.seal(exhausted);
            self.switch_to(exhausted);
            self.stmts(orelse);
            self.jump(exit);
        }
    }

    /// The header's tests: continue to `body` or leave to `exhausted`.
    /// Returns the counter's value for this iteration.
    fn loop_test(&mut self, plan: &IterPlan, body: BlockId, exhausted: BlockId, span: Span) -> Var {
        match plan {
            IterPlan::Range {
                start,
                stop,
                step,
                reversed,
                counter,
            } => {
                let i = self.read(*counter, span);
                let (bound, up, down) = if *reversed {
                    (*start, CmpOp::Ge, CmpOp::Le)
                } else {
                    (*stop, CmpOp::Lt, CmpOp::Gt)
                };
                match step {
                    Step::Const(c, _) => {
                        let op = if *c > 0 { up } else { down };
                        let cond = self.emit(OpKind::Compare(op), vec![i, bound], span);
                        self.branch(cond, body, exhausted);
                    }
                    Step::Dynamic { positive, .. } => {
                        let (up_block, down_block) = (self.new_block(), self.new_block());
                        self.branch(*positive, up_block, down_block);
                        self.seal(up_block);
                        self.seal(down_block);
                        for (block, op) in [(up_block, up), (down_block, down)] {
                            self.switch_to(block);
                            let cond = self.emit(OpKind::Compare(op), vec![i, bound], span);
                            self.branch(cond, body, exhausted);
                        }
                    }
                }
                i
            }
            IterPlan::Indexed {
                seqs,
                reversed,
                counter,
                zero,
                ..
            } => {
                let i = self.read(*counter, span);
                if *reversed {
                    // CPython's reversed iterator stops at an index outside
                    // the list, which the body may have shortened.
                    let cond = self.emit(OpKind::Compare(CmpOp::Ge), vec![i, *zero], span);
                    let inside = self.new_block();
                    self.branch(cond, inside, exhausted);
                    self.seal(inside);
                    self.switch_to(inside);
                    let n = self.emit(OpKind::Len, vec![seqs[0]], span);
                    let below = self.emit(OpKind::Compare(CmpOp::Lt), vec![i, n], span);
                    self.branch(below, body, exhausted);
                    return i;
                }
                for (k, &seq) in seqs.iter().enumerate() {
                    let n = self.emit(OpKind::Len, vec![seq], span);
                    let cond = self.emit(OpKind::Compare(CmpOp::Lt), vec![i, n], span);
                    if k + 1 == seqs.len() {
                        self.branch(cond, body, exhausted);
                    } else {
                        let next = self.new_block();
                        self.branch(cond, next, exhausted);
                        self.seal(next);
                        self.switch_to(next);
                    }
                }
                i
            }
        }
    }

    /// The items of this iteration; advances the counter.
    fn loop_items(&mut self, plan: &IterPlan, i: Var, span: Span) -> Vec<Var> {
        match plan {
            IterPlan::Range {
                step,
                reversed,
                counter,
                ..
            } => {
                let step = match step {
                    Step::Const(_, v) => *v,
                    Step::Dynamic { step, .. } => *step,
                };
                let op = if *reversed { BinOp::Sub } else { BinOp::Add };
                let next = self.emit(OpKind::BinOp(op), vec![i, step], span);
                self.write(*counter, next);
                vec![i]
            }
            IterPlan::Indexed {
                seqs,
                enumerate,
                reversed,
                counter,
                one,
                ..
            } => {
                let mut items: Vec<Var> = seqs
                    .iter()
                    .map(|&seq| self.emit(OpKind::GetItem, vec![seq, i], span))
                    .collect();
                match enumerate {
                    Some(Some(start)) => {
                        let count = self.emit(OpKind::BinOp(BinOp::Add), vec![i, *start], span);
                        items.insert(0, count);
                    }
                    Some(None) => items.insert(0, i),
                    None => {}
                }
                let op = if *reversed { BinOp::Sub } else { BinOp::Add };
                let next = self.emit(OpKind::BinOp(op), vec![i, *one], span);
                self.write(*counter, next);
                items
            }
        }
    }

    /// One iteration of comprehension clause `index`: its filters, then the
    /// next clause's loop or the `append`. A failing filter continues at `header`.
    pub(super) fn comprehension_step(
        &mut self,
        comp: &'a ExprListComp,
        index: usize,
        result: Var,
        header: BlockId,
    ) {
        let Some(generator) = comp.generators.get(index) else {
            return;
        };
        self.comprehension_filters(generator, header);
        match comp.generators.get(index + 1) {
            Some(inner) => {
                let plan = self.plan_iteration(&inner.iter);
                let exit = self.new_block();
                let body = LoopBody::Comprehension {
                    comp,
                    index: index + 1,
                    result,
                };
                self.run_loop(plan, &inner.target, &inner.iter, body, &[], exit);
                self.seal(exit);
                self.switch_to(exit);
            }
            None => {
                let item = self.expr(&comp.elt);
                let span = self.span(comp.elt.range());
                self.emit(
                    OpKind::CallMethod {
                        name: "append".into(),
                        kwnames: Vec::new(),
                    },
                    vec![result, item],
                    span,
                );
            }
        }
    }

    fn comprehension_filters(&mut self, generator: &'a Comprehension, header: BlockId) {
        for cond in &generator.ifs {
            let pass = self.new_block();
            let outcome = self.cond_jump(cond, pass, header);
            self.seal(pass);
            self.switch_to(pass);
            self.apply_narrowings(outcome.on_true);
        }
    }
}
