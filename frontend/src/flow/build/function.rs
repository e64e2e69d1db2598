//! The state of one flow graph under construction and the primitives the
//! statement and expression builders use: blocks, ops (with catch links
//! inside `try` bodies), locals, name resolution and the stack of enclosing
//! loops, handlers and clean-ups.

use super::super::graph::{BlockId, Constant, Exit, FlowGraph, Op, OpKind, Var};
use super::scope::FunctionScope;
use super::span_of;
use super::ssa::{LocalId, SsaBuilder};
use super::unsupported::{unsupported, Construct};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::{FileId, Span};
use ruff_python_ast::Stmt;
use ruff_text_size::TextRange;
use std::collections::{HashMap, HashSet};

/// What the builder knows about the module a graph belongs to.
#[derive(Debug)]
pub(super) struct ModuleInfo {
    /// Its source file.
    pub file: FileId,
    /// Names bound at its top level.
    pub globals: HashSet<String>,
}

/// Where names of the graph's code live.
pub(super) enum ScopeKind {
    /// Module-level code: every name is a global.
    Module,
    /// A function body.
    Function {
        /// Its name (for messages).
        name: String,
        /// Its locals and `global` declarations.
        scope: FunctionScope,
    },
}

/// Code to run when control leaves a `try`/`finally` or `with` body.
#[derive(Clone, Copy)]
pub(super) enum Cleanup<'a> {
    /// The `finally` statements.
    Statements(&'a [Stmt]),
    /// `file.close()` at the end of `with open(...) as f:`.
    CloseFile {
        /// The opened file.
        file: Var,
        /// The `with` item.
        span: Span,
    },
}

/// What encloses the code being built, innermost last.
#[derive(Clone, Copy)]
pub(super) enum Frame<'a> {
    /// A loop body.
    Loop {
        /// Where `break` goes.
        break_to: BlockId,
        /// Where `continue` goes.
        continue_to: BlockId,
    },
    /// A `try` body with `except` handlers: exceptions go to `dispatch`.
    Except {
        /// The handler-dispatch block (its first parameter is the exception).
        dispatch: BlockId,
    },
    /// A body with clean-up code run on every way out; exceptions go to
    /// `exc_block`, which runs the clean-up and re-raises.
    Finally {
        /// Block taking the exception as its first parameter.
        exc_block: BlockId,
        /// What to run.
        cleanup: Cleanup<'a>,
    },
    /// An `except` handler body, where a bare `raise` re-raises `exc`.
    Handler {
        /// The caught exception.
        exc: Var,
    },
}

/// How a name is reached.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NameRef {
    /// A local of the graph.
    Local(LocalId),
    /// A module-level name (or a built-in).
    Global,
    /// A class attribute assigned earlier in the class body being evaluated.
    ClassAttr(Var),
}

/// The class body being evaluated in module start-up code.
pub(super) struct ClassBody {
    /// Its attributes assigned so far.
    pub attrs: HashMap<String, Var>,
}

/// A point where code is being added (see [`FnBuilder::position`]).
#[derive(Clone, Copy)]
pub(super) struct Position {
    block: BlockId,
    after_raising_op: bool,
}

/// Deepest expression nesting followed (the loader rejects deeper code first).
const MAX_EXPR_DEPTH: usize = 400;

/// One flow graph under construction.
pub(super) struct FnBuilder<'a> {
    pub(super) module: &'a ModuleInfo,
    pub(super) ssa: SsaBuilder,
    pub(super) cur: BlockId,
    pub(super) frames: Vec<Frame<'a>>,
    pub(super) scope: ScopeKind,
    named_locals: HashMap<String, LocalId>,
    pub(super) comp_scopes: Vec<Vec<(String, LocalId)>>,
    pub(super) class_body: Option<ClassBody>,
    pub(super) diags: Vec<Diagnostic>,
    expr_depth: usize,
    /// The current block ends with an op that has a catch link: the next
    /// op or local assignment goes into a new block (so the handler sees
    /// the locals as they were before that op).
    after_raising_op: bool,
}

impl<'a> FnBuilder<'a> {
    /// A builder for a graph of `module`; `span` locates the function.
    pub(super) fn new(module: &'a ModuleInfo, scope: ScopeKind, span: Span) -> FnBuilder<'a> {
        let ssa = SsaBuilder::new(span);
        let cur = ssa.entry();
        FnBuilder {
            module,
            ssa,
            cur,
            frames: Vec::new(),
            scope,
            named_locals: HashMap::new(),
            comp_scopes: Vec::new(),
            class_body: None,
            diags: Vec::new(),
            expr_depth: 0,
            after_raising_op: false,
        }
    }

    /// The span of a range of this module's file.
    pub(super) fn span(&self, range: TextRange) -> Span {
        span_of(self.module.file, range)
    }

    /// Reports `construct` at `range`.
    pub(super) fn unsupported(&mut self, construct: Construct, range: TextRange) {
        let d = unsupported(&construct, self.span(range));
        self.diags.push(d);
    }

    /// Reports an error of `kind`.
    pub(super) fn error(&mut self, kind: ErrorKind, range: TextRange, message: impl Into<String>) {
        let d = Diagnostic::new(kind, self.span(range), message);
        self.diags.push(d);
    }

    /// Enters one level of expression nesting; false (after reporting) when too deep.
    pub(super) fn enter_expr(&mut self, range: TextRange) -> bool {
        self.expr_depth += 1;
        if self.expr_depth > MAX_EXPR_DEPTH {
            self.expr_depth -= 1;
            self.unsupported(Construct::TooDeep, range);
            return false;
        }
        true
    }

    /// Leaves one level of expression nesting.
    pub(super) fn leave_expr(&mut self) {
        self.expr_depth = self.expr_depth.saturating_sub(1);
    }

    // ------------------------------------------------------------ blocks

    /// A new block.
    pub(super) fn new_block(&mut self) -> BlockId {
        self.ssa.new_block()
    }

    /// Where code is being added: to resume there after building elsewhere.
    pub(super) fn position(&self) -> Position {
        Position {
            block: self.cur,
            after_raising_op: self.after_raising_op,
        }
    }

    /// Continues building where [`FnBuilder::position`] was taken.
    pub(super) fn resume(&mut self, position: Position) {
        self.cur = position.block;
        self.after_raising_op = position.after_raising_op;
    }

    /// Continues building in `block`.
    pub(super) fn switch_to(&mut self, block: BlockId) {
        self.cur = block;
        self.after_raising_op = false;
    }

    /// Starts the block that follows an op with a catch link, if needed.
    fn continue_after_raising_op(&mut self) {
        if self.after_raising_op {
            let next = self.ssa.new_block();
            self.ssa.jump(self.cur, next);
            self.ssa.seal(next);
            self.switch_to(next);
        }
    }

    /// Declares every edge into `block` known.
    pub(super) fn seal(&mut self, block: BlockId) {
        self.ssa.seal(block);
    }

    /// Whether the current block can run.
    pub(super) fn is_live(&self) -> bool {
        self.ssa.is_live(self.cur)
    }

    /// Continues in a fresh block that nothing reaches (code after `return`).
    fn start_dead_block(&mut self) {
        let b = self.ssa.new_block();
        self.ssa.seal(b);
        self.switch_to(b);
    }

    /// Ends the current block with a jump to `to`.
    pub(super) fn jump(&mut self, to: BlockId) {
        self.ssa.jump(self.cur, to);
        self.start_dead_block();
    }

    /// Ends the current block with a branch on `cond`.
    pub(super) fn branch(&mut self, cond: Var, then: BlockId, els: BlockId) {
        self.ssa.branch(self.cur, cond, then, els);
        self.start_dead_block();
    }

    /// Ends the current block with `exit` (return, raise).
    pub(super) fn end_block(&mut self, exit: Exit) {
        self.ssa.end(self.cur, exit);
        self.start_dead_block();
    }

    // ------------------------------------------------------------ ops

    /// Emits an op with a result.
    pub(super) fn emit(&mut self, kind: OpKind, args: Vec<Var>, span: Span) -> Var {
        let result = self.ssa.new_var(None, span);
        self.push_op(kind, args, span, Some(result));
        result
    }

    /// Emits an op without a result.
    pub(super) fn emit_void(&mut self, kind: OpKind, args: Vec<Var>, span: Span) {
        self.push_op(kind, args, span, None);
    }

    /// A constant.
    pub(super) fn constant(&mut self, c: Constant, span: Span) -> Var {
        self.emit(OpKind::Const(c), Vec::new(), span)
    }

    /// A placeholder value where an error was reported (keeps building).
    pub(super) fn placeholder(&mut self, span: Span) -> Var {
        self.constant(Constant::None, span)
    }

    fn push_op(&mut self, kind: OpKind, args: Vec<Var>, span: Span, result: Option<Var>) {
        let may_raise = kind.may_raise();
        let op = Op {
            kind,
            args,
            result,
            span,
            catch: None,
        };
        self.continue_after_raising_op();
        match self.exc_target() {
            Some(handler) if may_raise => {
                self.ssa.push_raising_op(self.cur, op, handler);
                self.after_raising_op = true;
            }
            _ => self.ssa.push_op(self.cur, op),
        }
    }

    /// Where an exception raised here goes: the innermost handler dispatch
    /// or clean-up block, if any.
    pub(super) fn exc_target(&self) -> Option<BlockId> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Except { dispatch } => Some(*dispatch),
            Frame::Finally { exc_block, .. } => Some(*exc_block),
            Frame::Loop { .. } | Frame::Handler { .. } => None,
        })
    }

    /// Raises `exc`: into the enclosing handler, or out of the function.
    pub(super) fn raise(&mut self, exc: Var, span: Span) {
        match self.exc_target() {
            Some(handler) => {
                self.continue_after_raising_op();
                let op = Op {
                    kind: OpKind::Raise,
                    args: vec![exc],
                    result: None,
                    span,
                    catch: None,
                };
                self.ssa.push_raising_op(self.cur, op, handler);
                self.end_block(Exit::Unreachable);
            }
            None => self.end_block(Exit::Raise(exc, span)),
        }
    }

    // ------------------------------------------------------------ locals

    /// A new hidden local (loop counters, results of `and`/`or`).
    pub(super) fn hidden_local(&mut self) -> LocalId {
        self.ssa.new_local(None)
    }

    /// The local for a Python name of the function.
    fn named_local(&mut self, name: &str) -> LocalId {
        if let Some(&l) = self.named_locals.get(name) {
            return l;
        }
        let l = self.ssa.new_local(Some(name.to_string()));
        self.named_locals.insert(name.to_string(), l);
        l
    }

    /// Assigns `value` to `local` (naming the value after it if unnamed).
    pub(super) fn write(&mut self, local: LocalId, value: Var) {
        self.continue_after_raising_op();
        if let Some(name) = self.ssa.local_name(local).map(str::to_string) {
            self.ssa.name_var(value, &name);
        }
        self.ssa.write(local, self.cur, value);
    }

    /// Marks `local` unassigned from here on.
    pub(super) fn write_undefined(&mut self, local: LocalId) {
        self.continue_after_raising_op();
        self.ssa.write_undefined(local, self.cur);
    }

    /// The current value of `local`.
    pub(super) fn read(&mut self, local: LocalId, span: Span) -> Var {
        self.ssa.read(local, self.cur, span)
    }

    /// How `name` is reached from the code being built.
    pub(super) fn resolve_name(&mut self, name: &str) -> NameRef {
        for scope in self.comp_scopes.iter().rev() {
            if let Some((_, l)) = scope.iter().find(|(n, _)| n == name) {
                return NameRef::Local(*l);
            }
        }
        let is_local = match &self.scope {
            ScopeKind::Module => false,
            ScopeKind::Function { scope, .. } => scope.locals.contains(name),
        };
        if is_local {
            return NameRef::Local(self.named_local(name));
        }
        if let Some(cb) = &self.class_body {
            if let Some(&v) = cb.attrs.get(name) {
                return NameRef::ClassAttr(v);
            }
        }
        NameRef::Global
    }

    /// Whether `name` means the built-in (no module-level or local binding).
    pub(super) fn is_builtin(&mut self, name: &str) -> bool {
        !self.module.globals.contains(name) && self.resolve_name(name) == NameRef::Global
    }

    /// Reads a name.
    pub(super) fn load_name(&mut self, name: &str, span: Span) -> Var {
        match self.resolve_name(name) {
            NameRef::Local(l) => self.read(l, span),
            NameRef::ClassAttr(v) => v,
            NameRef::Global => self.emit(OpKind::LoadGlobal(name.to_string()), Vec::new(), span),
        }
    }

    /// Assigns a name.
    pub(super) fn store_name(&mut self, name: &str, value: Var, span: Span) {
        match self.resolve_name(name) {
            NameRef::Local(l) => self.write(l, value),
            NameRef::Global | NameRef::ClassAttr(_) => {
                self.emit_void(OpKind::StoreGlobal(name.to_string()), vec![value], span)
            }
        }
    }

    /// Finishes the graph: a function that runs off its end returns `None`.
    /// Reports reads of locals that may see no assignment.
    pub(super) fn finish(mut self, return_span: Span) -> (FlowGraph, Vec<Diagnostic>) {
        if self.is_live() {
            let none = self.constant(Constant::None, return_span);
            self.end_block(Exit::Return(none, return_span));
        }
        let (graph, unassigned) = self.ssa.finish();
        let fname = match &self.scope {
            ScopeKind::Module => None,
            ScopeKind::Function { name, .. } => Some(name.clone()),
        };
        for read in unassigned {
            let note = match &fname {
                Some(f) => format!(
                    "`{}` is assigned somewhere in `{f}`, so it is local to all of `{f}`; on some path to this read it has no value yet (as in RPython, this is an error even if that path never runs): assign it on every path first",
                    read.name
                ),
                None => format!(
                    "on some path to this read `{}` has no value yet: assign it on every path first",
                    read.name
                ),
            };
            self.diags.push(
                Diagnostic::new(
                    ErrorKind::Name,
                    read.span,
                    format!(
                        "local variable `{}` may be used before it is assigned",
                        read.name
                    ),
                )
                .with_label("read here")
                .with_note(note),
            );
        }
        (graph, self.diags)
    }
}
