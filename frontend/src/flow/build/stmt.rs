//! Statements: the dispatcher, and `if`/`elif`/`else`, `while`, `return`,
//! `break`, `continue`, `assert`, expression statements. Assignments,
//! `for` loops and exception handling have their own modules.

use super::super::graph::{Constant, Exit, OpKind};
use super::expr::is_always_true;
use super::function::{FnBuilder, Frame, NameRef, ScopeKind};
use super::unsupported::Construct;
use crate::diagnostic::ErrorKind;
use ruff_python_ast::{Expr, Stmt, StmtAssert, StmtIf, StmtReturn, StmtWhile};
use ruff_text_size::{TextRange, TextSize};

/// Whether `stmt` does nothing: a docstring, a bare `...`, `pass`.
pub(super) fn is_inert(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(&*e.value, Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)),
        _ => false,
    }
}

impl<'a> FnBuilder<'a> {
    /// Builds statements in order.
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn in_module_code(&self) -> bool {
        matches!(self.scope, ScopeKind::Module)
    }

    /// Builds one statement.
    pub(super) fn stmt(&mut self, s: &'a Stmt) {
        if is_inert(s) {
            return;
        }
        match s {
            Stmt::FunctionDef(f) => {
                let construct = if f.is_async {
                    Construct::Async
                } else if self.in_module_code() {
                    Construct::FunctionInBlock
                } else {
                    Construct::NestedFunction
                };
                let range = if f.is_async {
                    TextRange::new(f.range.start(), f.range.start() + TextSize::from(5))
                } else {
                    f.name.range
                };
                self.unsupported(construct, range);
                self.bind_placeholder(f.name.as_str(), f.name.range);
            }
            Stmt::ClassDef(c) => {
                let construct = if self.in_module_code() {
                    Construct::ClassInBlock
                } else {
                    Construct::NestedClass
                };
                self.unsupported(construct, c.name.range);
                self.bind_placeholder(c.name.as_str(), c.name.range);
            }
            Stmt::Return(r) => self.return_stmt(r),
            Stmt::Delete(d) => self.del_stmt(d),
            Stmt::TypeAlias(t) => self.unsupported(Construct::TypeAlias, t.range),
            Stmt::Assign(a) => self.assign_stmt(a),
            Stmt::AugAssign(a) => self.aug_assign_stmt(a),
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.expr(value);
                    self.assign_target(&a.target, v);
                }
            }
            Stmt::For(f) => self.for_stmt(f),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => self.with_stmt(w),
            Stmt::Match(m) => self.unsupported(Construct::Match, keyword_range(m.range, 5)),
            Stmt::Raise(r) => self.raise_stmt(r),
            Stmt::Try(t) => self.try_stmt(t),
            Stmt::Assert(a) => self.assert_stmt(a),
            Stmt::Import(i) => {
                let construct = if self.in_module_code() {
                    Construct::ImportInBlock
                } else {
                    Construct::ImportInFunction
                };
                self.unsupported(construct, i.range);
            }
            Stmt::ImportFrom(i) => {
                let construct = if self.in_module_code() {
                    Construct::ImportInBlock
                } else {
                    Construct::ImportInFunction
                };
                self.unsupported(construct, i.range);
            }
            Stmt::Global(_) => {}
            Stmt::Nonlocal(n) => self.unsupported(Construct::Nonlocal, n.range),
            Stmt::Expr(e) => {
                self.expr(&e.value);
            }
            Stmt::Pass(_) => {}
            Stmt::Break(b) => self.break_or_continue(true, b.range),
            Stmt::Continue(c) => self.break_or_continue(false, c.range),
            Stmt::IpyEscapeCommand(c) => self.unsupported(Construct::IpythonEscape, c.range),
        }
    }

    fn return_stmt(&mut self, r: &'a StmtReturn) {
        let span = self.span(r.range);
        if self.in_module_code() && self.class_body.is_none() {
            self.error(ErrorKind::Syntax, r.range, "`return` outside function");
            return;
        }
        let value = match &r.value {
            Some(v) => self.expr(v),
            None => self.constant(Constant::None, span),
        };
        self.run_cleanups(0);
        if self.is_live() {
            self.end_block(Exit::Return(value, span));
        }
    }

    fn break_or_continue(&mut self, is_break: bool, range: TextRange) {
        let found = self
            .frames
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, f)| match f {
                Frame::Loop {
                    break_to,
                    continue_to,
                } => Some((i, if is_break { *break_to } else { *continue_to })),
                _ => None,
            });
        let Some((index, target)) = found else {
            let word = if is_break { "break" } else { "continue" };
            self.error(ErrorKind::Syntax, range, format!("`{word}` outside loop"));
            return;
        };
        self.run_cleanups(index + 1);
        if self.is_live() {
            self.jump(target);
        }
    }

    fn if_stmt(&mut self, i: &'a StmtIf) {
        let join = self.new_block();
        let mut test = &*i.test;
        let mut body = &i.body[..];
        let mut rest = &i.elif_else_clauses[..];
        loop {
            let then_block = self.new_block();
            let needs_else = !rest.is_empty() || self.narrows(test, false);
            let else_block = if needs_else { self.new_block() } else { join };
            let outcome = self.cond_jump(test, then_block, else_block);
            self.seal(then_block);
            self.switch_to(then_block);
            self.apply_narrowings(outcome.on_true);
            self.stmts(body);
            self.jump(join);
            if !needs_else {
                break;
            }
            self.seal(else_block);
            self.switch_to(else_block);
            self.apply_narrowings(outcome.on_false);
            match rest.split_first() {
                Some((clause, more)) => match &clause.test {
                    Some(t) => {
                        test = t;
                        body = &clause.body;
                        rest = more;
                    }
                    None => {
                        self.stmts(&clause.body);
                        self.jump(join);
                        break;
                    }
                },
                None => {
                    self.jump(join);
                    break;
                }
            }
        }
        self.seal(join);
        self.switch_to(join);
    }

    fn while_stmt(&mut self, w: &'a StmtWhile) {
        let header = self.new_block();
        self.jump(header);
        self.switch_to(header);
        let exit = self.new_block();
        let exhausted = if w.orelse.is_empty() && !self.narrows(&w.test, false) {
            exit
        } else {
            self.new_block()
        };
        let on_false = if is_always_true(&w.test) {
            Vec::new()
        } else {
            let body = self.new_block();
            let before = self.ssa.edge_count(exhausted);
            let outcome = self.cond_jump(&w.test, body, exhausted);
            let after = self.ssa.edge_count(exhausted);
            self.ssa.loop_exits(header, exhausted, before..after);
            self.seal(body);
            self.switch_to(body);
            self.apply_narrowings(outcome.on_true);
            outcome.on_false
        };
        self.frames.push(Frame::Loop {
            break_to: exit,
            continue_to: header,
        });
        self.stmts(&w.body);
        self.frames.pop();
        self.jump(header);
        self.seal(header);
        if exhausted != exit {
            self.seal(exhausted);
            self.switch_to(exhausted);
            self.apply_narrowings(on_false);
            self.stmts(&w.orelse);
            self.jump(exit);
        }
        self.seal(exit);
        self.switch_to(exit);
    }

    fn assert_stmt(&mut self, a: &'a StmtAssert) {
        let ok = self.new_block();
        let fail = self.new_block();
        let outcome = self.cond_jump(&a.test, ok, fail);
        self.seal(ok);
        self.seal(fail);
        self.switch_to(fail);
        let span = self.span(a.range);
        let mut args = vec![self.emit(
            OpKind::LoadBuiltin("AssertionError".into()),
            Vec::new(),
            span,
        )];
        if let Some(msg) = &a.msg {
            args.push(self.expr(msg));
        }
        let exc = self.emit(
            OpKind::Call {
                kwnames: Vec::new(),
            },
            args,
            span,
        );
        self.raise(exc, span);
        self.switch_to(ok);
        self.apply_narrowings(outcome.on_true);
    }
}

/// The range of a statement's leading keyword (`match` is `len` bytes).
fn keyword_range(stmt: TextRange, len: u32) -> TextRange {
    let end = (stmt.start() + ruff_text_size::TextSize::from(len)).min(stmt.end());
    TextRange::new(stmt.start(), end)
}

impl<'a> FnBuilder<'a> {
    /// Gives a local a value after its definition was rejected, so that its
    /// uses do not add "may be used before it is assigned" errors.
    fn bind_placeholder(&mut self, name: &str, range: TextRange) {
        if let NameRef::Local(local) = self.resolve_name(name) {
            let span = self.span(range);
            let v = self.placeholder(span);
            self.write(local, v);
        }
    }
}
