//! `try`/`except`/`else`/`finally`, `raise`, `with open(...) as f`, and the
//! clean-up code that runs when `return`, `break` or `continue` leave a
//! `finally` or `with` body.
//!
//! Inside a `try` body every op that may raise ends its block with a catch
//! link to the handler dispatch, which tests the `except` clauses in order
//! with `ExcMatch` and re-raises when none matches. `except C as e` binds
//! `e = Narrow(exc, C)` and unbinds `e` when the handler ends (as Python
//! does). A `finally` body is duplicated on each way out: normal
//! completion, exception (then re-raise), and each `return`, `break` and
//! `continue` that crosses it, innermost first.

use super::super::graph::{BlockId, OpKind, Var};
use super::function::{Cleanup, FnBuilder, Frame, NameRef};
use super::unsupported::Construct;
use crate::diagnostic::ErrorKind;
use crate::source::Span;
use ruff_python_ast::{ExceptHandler, Expr, Stmt, StmtRaise, StmtTry, StmtWith, WithItem};
use ruff_text_size::{Ranged, TextRange, TextSize};

/// The range of a statement's leading keyword of `len` bytes.
fn keyword(range: TextRange, len: u32) -> TextRange {
    let end = (range.start() + TextSize::from(len)).min(range.end());
    TextRange::new(range.start(), end)
}

impl<'a> FnBuilder<'a> {
    /// `try: ... except ...: ... else: ... finally: ...`.
    pub(super) fn try_stmt(&mut self, t: &'a StmtTry) {
        let try_span = self.span(keyword(t.range, 3));
        if t.is_star {
            self.unsupported(Construct::ExceptStar, keyword(t.range, 3));
        }
        let after = self.new_block();
        let finally = if t.finalbody.is_empty() {
            None
        } else {
            let block = self.new_block();
            let exc = self.ssa.add_param(block, None, try_span);
            self.frames.push(Frame::Finally {
                exc_block: block,
                cleanup: Cleanup::Statements(&t.finalbody),
            });
            Some((block, exc))
        };
        if t.handlers.is_empty() {
            self.stmts(&t.body);
            self.stmts(&t.orelse);
            self.jump(after);
        } else {
            let dispatch = self.new_block();
            let exc = self.ssa.add_param(dispatch, None, try_span);
            self.frames.push(Frame::Except { dispatch });
            self.stmts(&t.body);
            self.frames.pop();
            self.stmts(&t.orelse);
            self.jump(after);
            self.seal(dispatch);
            self.switch_to(dispatch);
            self.dispatch(&t.handlers, exc, after, try_span);
        }
        if let Some((block, exc)) = finally {
            self.frames.pop();
            self.seal(block);
            self.switch_to(block);
            self.stmts(&t.finalbody);
            if self.is_live() {
                self.raise(exc, try_span);
            }
        }
        self.seal(after);
        self.switch_to(after);
        if finally.is_some() {
            self.stmts(&t.finalbody);
        }
    }

    /// Tests the handlers in order against `exc`; a handler that completes
    /// goes to `after`; no match re-raises.
    fn dispatch(&mut self, handlers: &'a [ExceptHandler], exc: Var, after: BlockId, span: Span) {
        for handler in handlers {
            let ExceptHandler::ExceptHandler(h) = handler;
            // A bare `except:` runs where the dispatch is.
            let test = match &h.type_ {
                None => None,
                Some(ty) => {
                    let ty_span = self.span(ty.range());
                    let class = self.expr(ty);
                    let matched = self.emit(OpKind::ExcMatch, vec![exc, class], ty_span);
                    let (body, next) = (self.new_block(), self.new_block());
                    self.branch(matched, body, next);
                    self.seal(body);
                    self.switch_to(body);
                    Some((class, next))
                }
            };
            if let Some(name) = &h.name {
                let name_span = self.span(name.range);
                let value = match test {
                    Some((class, _)) => self.emit(OpKind::Narrow, vec![exc, class], name_span),
                    None => exc,
                };
                self.store_name(name.id.as_str(), value, name_span);
            }
            self.frames.push(Frame::Handler { exc });
            self.stmts(&h.body);
            self.frames.pop();
            if let Some(name) = &h.name {
                if let NameRef::Local(local) = self.resolve_name(name.id.as_str()) {
                    self.write_undefined(local);
                }
            }
            self.jump(after);
            if let Some((_, next)) = test {
                self.seal(next);
                self.switch_to(next);
            }
        }
        if self.is_live() {
            self.raise(exc, span);
        }
    }

    /// `raise`, `raise E`, `raise E(...)`.
    pub(super) fn raise_stmt(&mut self, r: &'a StmtRaise) {
        let span = self.span(r.range);
        if let Some(cause) = &r.cause {
            self.unsupported(Construct::RaiseFrom, cause.range());
        }
        match &r.exc {
            Some(e) => {
                let v = self.expr(e);
                self.raise(v, span);
            }
            None => {
                let caught = self.frames.iter().rev().find_map(|f| match f {
                    Frame::Handler { exc } => Some(*exc),
                    _ => None,
                });
                match caught {
                    Some(exc) => self.raise(exc, span),
                    None => self.error(
                        ErrorKind::Unsupported,
                        r.range,
                        "a bare `raise` outside an `except` handler is not in Kiln Python: there is no exception to re-raise",
                    ),
                }
            }
        }
    }

    /// `with open(...) as f, ...: body`.
    pub(super) fn with_stmt(&mut self, w: &'a StmtWith) {
        if w.is_async {
            self.unsupported(Construct::Async, keyword(w.range, 5));
        }
        self.with_items(&w.items, &w.body);
    }

    fn with_items(&mut self, items: &'a [WithItem], body: &'a [Stmt]) {
        let Some((item, rest)) = items.split_first() else {
            self.stmts(body);
            return;
        };
        let is_open = matches!(&item.context_expr, Expr::Call(c)
            if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "open"))
            && self.is_builtin("open");
        if !is_open {
            self.unsupported(Construct::WithNotOpen, item.context_expr.range());
            self.with_items(rest, body);
            return;
        }
        let span = self.span(item.range);
        let file = self.expr(&item.context_expr);
        if let Some(target) = &item.optional_vars {
            self.assign_target(target, file);
        }
        let block = self.new_block();
        let exc = self.ssa.add_param(block, None, span);
        self.frames.push(Frame::Finally {
            exc_block: block,
            cleanup: Cleanup::CloseFile { file, span },
        });
        self.with_items(rest, body);
        self.frames.pop();
        self.close_file(file, span);
        let after = self.position();
        self.seal(block);
        self.switch_to(block);
        self.close_file(file, span);
        self.raise(exc, span);
        self.resume(after);
    }

    fn close_file(&mut self, file: Var, span: Span) {
        if !self.is_live() {
            return;
        }
        self.emit(
            OpKind::CallMethod {
                name: "close".into(),
                kwnames: Vec::new(),
            },
            vec![file],
            span,
        );
    }

    /// Runs the clean-up code of the frames from `lo` up, innermost first,
    /// each in the context of the frames outside it (for `return` from 0,
    /// for `break`/`continue` from just inside the loop).
    pub(super) fn run_cleanups(&mut self, lo: usize) {
        let saved = self.frames.clone();
        for k in (lo..saved.len()).rev() {
            if !self.is_live() {
                break;
            }
            if let Frame::Finally { cleanup, .. } = saved[k] {
                self.frames.truncate(k);
                match cleanup {
                    Cleanup::Statements(stmts) => self.stmts(stmts),
                    Cleanup::CloseFile { file, span } => self.close_file(file, span),
                }
            }
        }
        self.frames = saved;
    }
}
