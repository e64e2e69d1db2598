//! Conditions in branch position (`if`, `elif`, `while`, `assert`,
//! conditional expressions, comprehension filters): `and`, `or` and `not`
//! become control flow, comparisons branch on their result directly, and
//! `isinstance(NAME, C)` on a local narrows it.
//!
//! Narrowing: when the test of a branch is `isinstance(NAME, C)` (or
//! `isinstance(NAME, (A, B))`) and `NAME` is a local or parameter, the
//! branch taken when it is true starts with `NAME = Narrow(NAME, C)`. Under
//! `not` the narrowing moves to the false branch; in `A and B` the narrowing
//! of `A` applies while `B` is evaluated and in the true branch; in `A or B`
//! the false-branch narrowing of `A` applies while `B` is evaluated and in
//! the false branch.
//!
//! `NAME is not None` narrows the same way to `NAME = NotNone(NAME)` in its
//! true branch (`NAME is None` in its false branch), so that code under the
//! test is typed without `None`.

use super::super::graph::{BlockId, OpKind, Var};
use super::expr::{cmp_op, is_plain_bool};
use super::function::{FnBuilder, NameRef};
use super::ssa::LocalId;
use crate::source::Span;
use ruff_python_ast::{self as ast, BoolOp, Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

/// A narrowing to apply at the start of a branch.
pub(super) struct Narrowing {
    local: LocalId,
    subject: Var,
    /// The class for `isinstance`; `None` for a not-`None` test.
    class: Option<Var>,
    span: Span,
}

/// What holds in each branch of a condition.
#[derive(Default)]
pub(super) struct CondOutcome {
    /// Narrowings for the branch taken when the condition is true.
    pub on_true: Vec<Narrowing>,
    /// Narrowings for the branch taken when it is false.
    pub on_false: Vec<Narrowing>,
}

/// An `isinstance(NAME, C)` call whose `NAME` is a local.
pub(super) struct IsInstanceTest<'a> {
    call: &'a ExprCall,
    local: LocalId,
    subject: TextRange,
    class: &'a Expr,
}

impl<'a> FnBuilder<'a> {
    /// Evaluates condition `e`, going to `t` when it is true and to `f`
    /// when it is false; returns the narrowings the targets should apply.
    pub(super) fn cond_jump(&mut self, e: &'a Expr, t: BlockId, f: BlockId) -> CondOutcome {
        if !self.enter_expr(e.range()) {
            let v = self.placeholder(self.span(e.range()));
            let c = self.emit(OpKind::Truth, vec![v], self.span(e.range()));
            self.branch(c, t, f);
            return CondOutcome::default();
        }
        let outcome = self.cond_jump_inner(e, t, f);
        self.leave_expr();
        outcome
    }

    fn cond_jump_inner(&mut self, e: &'a Expr, t: BlockId, f: BlockId) -> CondOutcome {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                let inner = self.cond_jump(&u.operand, f, t);
                CondOutcome {
                    on_true: inner.on_false,
                    on_false: inner.on_true,
                }
            }
            Expr::BoolOp(b) => {
                let (last, rest) = match b.values.split_last() {
                    Some(split) => split,
                    None => return CondOutcome::default(),
                };
                for v in rest {
                    let mid = self.new_block();
                    let outcome = match b.op {
                        BoolOp::And => self.cond_jump(v, mid, f),
                        BoolOp::Or => self.cond_jump(v, t, mid),
                    };
                    self.seal(mid);
                    self.switch_to(mid);
                    self.apply_narrowings(match b.op {
                        BoolOp::And => outcome.on_true,
                        BoolOp::Or => outcome.on_false,
                    });
                }
                let outcome = self.cond_jump(last, t, f);
                match b.op {
                    BoolOp::And => CondOutcome {
                        on_true: outcome.on_true,
                        on_false: Vec::new(),
                    },
                    BoolOp::Or => CondOutcome {
                        on_true: Vec::new(),
                        on_false: outcome.on_false,
                    },
                }
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let mut left = self.expr(&c.left);
                let mut left_start = c.left.range().start();
                let n = c.ops.len();
                for (i, (op, comp)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
                    let right = self.expr(comp);
                    let span = self.span(TextRange::new(left_start, comp.range().end()));
                    let cond = self.emit(OpKind::Compare(cmp_op(*op)), vec![left, right], span);
                    if i + 1 == n {
                        self.branch(cond, t, f);
                    } else {
                        let next = self.new_block();
                        self.branch(cond, next, f);
                        self.seal(next);
                        self.switch_to(next);
                    }
                    left = right;
                    left_start = comp.range().start();
                }
                CondOutcome::default()
            }
            _ => {
                if let Some((local, subject, is_none)) = self.none_test(e) {
                    let span = self.span(e.range());
                    let v = self.read(local, self.span(subject));
                    let none = self.emit(
                        OpKind::Const(super::super::graph::Constant::None),
                        vec![],
                        span,
                    );
                    let op = if is_none {
                        super::super::graph::CmpOp::Is
                    } else {
                        super::super::graph::CmpOp::IsNot
                    };
                    let cond = self.emit(OpKind::Compare(op), vec![v, none], span);
                    self.branch(cond, t, f);
                    let n = Narrowing {
                        local,
                        subject: v,
                        class: None,
                        span,
                    };
                    return if is_none {
                        CondOutcome {
                            on_true: Vec::new(),
                            on_false: vec![n],
                        }
                    } else {
                        CondOutcome {
                            on_true: vec![n],
                            on_false: Vec::new(),
                        }
                    };
                }
                if let Some(test) = self.narrowable_isinstance(e) {
                    let (cond, narrowing) = self.isinstance_test(test);
                    self.branch(cond, t, f);
                    return CondOutcome {
                        on_true: vec![narrowing],
                        on_false: Vec::new(),
                    };
                }
                let v = self.expr(e);
                let cond = if is_plain_bool(e) {
                    v
                } else {
                    self.emit(OpKind::Truth, vec![v], self.span(e.range()))
                };
                self.branch(cond, t, f);
                CondOutcome::default()
            }
        }
    }

    /// Emits the test `e` when it is `NAME is None` / `NAME is not None` on a
    /// local; returns the bool, whether it tests `is None`, and the narrowing
    /// that holds when `NAME` is not None.
    pub(super) fn none_test_value(&mut self, e: &'a Expr) -> Option<(Var, bool, Narrowing)> {
        let (local, subject, is_none) = self.none_test(e)?;
        let span = self.span(e.range());
        let v = self.read(local, self.span(subject));
        let none = self.emit(
            OpKind::Const(super::super::graph::Constant::None),
            vec![],
            span,
        );
        let op = if is_none {
            super::super::graph::CmpOp::Is
        } else {
            super::super::graph::CmpOp::IsNot
        };
        let cond = self.emit(OpKind::Compare(op), vec![v, none], span);
        Some((
            cond,
            is_none,
            Narrowing {
                local,
                subject: v,
                class: None,
                span,
            },
        ))
    }

    /// `e` as `NAME is None` (true) or `NAME is not None` (false) on a local.
    fn none_test(&mut self, e: &'a Expr) -> Option<(LocalId, TextRange, bool)> {
        let Expr::Compare(c) = e else { return None };
        if c.ops.len() != 1 || !matches!(c.comparators[0], Expr::NoneLiteral(_)) {
            return None;
        }
        let is_none = match c.ops[0] {
            ast::CmpOp::Is => true,
            ast::CmpOp::IsNot => false,
            _ => return None,
        };
        let Expr::Name(subject) = &*c.left else {
            return None;
        };
        match self.resolve_name(subject.id.as_str()) {
            NameRef::Local(local) => Some((local, subject.range, is_none)),
            NameRef::Global | NameRef::ClassAttr(_) => None,
        }
    }

    /// `e` as an `isinstance(NAME, C)` call that can narrow the local `NAME`
    /// (`isinstance` not rebound, two positional arguments).
    pub(super) fn narrowable_isinstance(&mut self, e: &'a Expr) -> Option<IsInstanceTest<'a>> {
        let Expr::Call(call) = e else { return None };
        let Expr::Name(func) = &*call.func else {
            return None;
        };
        let args = &call.arguments;
        if func.id.as_str() != "isinstance" || args.args.len() != 2 || !args.keywords.is_empty() {
            return None;
        }
        let Expr::Name(subject) = &args.args[0] else {
            return None;
        };
        if matches!(&args.args[1], Expr::Starred(_)) || !self.is_builtin("isinstance") {
            return None;
        }
        match self.resolve_name(subject.id.as_str()) {
            NameRef::Local(local) => Some(IsInstanceTest {
                call,
                local,
                subject: subject.range,
                class: &args.args[1],
            }),
            NameRef::Global | NameRef::ClassAttr(_) => None,
        }
    }

    /// Emits `IsInstance(NAME, C)` (the class evaluated once) and returns
    /// its result with the narrowing it allows.
    pub(super) fn isinstance_test(&mut self, test: IsInstanceTest<'a>) -> (Var, Narrowing) {
        let subject = self.read(test.local, self.span(test.subject));
        let class = self.expr(test.class);
        let span = self.span(test.call.range());
        let cond = self.emit(OpKind::IsInstance, vec![subject, class], span);
        (
            cond,
            Narrowing {
                local: test.local,
                subject,
                class: Some(class),
                span,
            },
        )
    }

    /// Emits `NAME = Narrow(NAME, C)` for each narrowing.
    pub(super) fn apply_narrowings(&mut self, narrowings: Vec<Narrowing>) {
        for n in narrowings {
            let v = match n.class {
                Some(class) => self.emit(OpKind::Narrow, vec![n.subject, class], n.span),
                None => self.emit(OpKind::NotNone, vec![n.subject], n.span),
            };
            self.write(n.local, v);
        }
    }

    /// Whether condition `e` can narrow in its true (`on_true`) or false
    /// branch (mirrors [`FnBuilder::cond_jump`], without emitting code).
    pub(super) fn narrows(&mut self, e: &'a Expr, on_true: bool) -> bool {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.narrows(&u.operand, !on_true),
            Expr::BoolOp(b) => match (b.op, b.values.last()) {
                (BoolOp::And, Some(last)) => on_true && self.narrows(last, true),
                (BoolOp::Or, Some(last)) => !on_true && self.narrows(last, false),
                (_, None) => false,
            },
            _ => match self.none_test(e) {
                Some((_, _, is_none)) => on_true != is_none,
                None => on_true && self.narrowable_isinstance(e).is_some(),
            },
        }
    }
}
