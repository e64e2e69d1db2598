//! Python's scoping rule, applied to a function body or to module-level
//! code: a name assigned anywhere in a function (assignment, augmented
//! assignment, `for` target, `with ... as`, `except ... as`, `del`) is local
//! to it unless declared `global`. Comprehension targets belong to their
//! comprehension, not to the function.

use crate::load::is_main_guard;
use ruff_python_ast::{ExceptHandler, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::TextRange;
use std::collections::HashSet;

/// The names of one function.
#[derive(Clone, Debug, Default)]
pub(super) struct FunctionScope {
    /// Parameters and assigned names not declared `global`.
    pub locals: HashSet<String>,
    /// Names declared `global`, with the first declaration.
    pub globals: Vec<(String, TextRange)>,
    /// Names declared `global` that the function assigns, with the first assignment.
    pub assigned_globals: Vec<(String, TextRange)>,
}

/// The scope of `def`.
pub(super) fn function_scope(def: &StmtFunctionDef) -> FunctionScope {
    let mut found = Bindings {
        module_level: false,
        ..Bindings::default()
    };
    found.statements(&def.body);
    let globals = found.globals;
    let global_names: HashSet<&str> = globals.iter().map(|(n, _)| n.as_str()).collect();
    let mut locals = HashSet::new();
    for p in def
        .parameters
        .posonlyargs
        .iter()
        .chain(&def.parameters.args)
        .chain(&def.parameters.kwonlyargs)
    {
        locals.insert(p.parameter.name.id.to_string());
    }
    for p in def
        .parameters
        .vararg
        .iter()
        .chain(def.parameters.kwarg.iter())
    {
        locals.insert(p.name.id.to_string());
    }
    let mut assigned_globals = Vec::new();
    for (name, range) in found.assigned {
        if global_names.contains(name.as_str()) {
            assigned_globals.push((name, range));
        } else {
            locals.insert(name);
        }
    }
    FunctionScope {
        locals,
        globals,
        assigned_globals,
    }
}

/// Names that module-level code assigns (variables), in source order with
/// their first assignment. Functions, classes, imports and the
/// `if __name__ == "__main__":` block are not included.
pub(super) fn module_variables(body: &[Stmt]) -> Vec<(String, TextRange)> {
    let mut found = Bindings {
        module_level: true,
        ..Bindings::default()
    };
    found.statements(body);
    found.assigned
}

/// What a walk over statements finds.
#[derive(Default)]
struct Bindings {
    module_level: bool,
    seen: HashSet<String>,
    assigned: Vec<(String, TextRange)>,
    globals: Vec<(String, TextRange)>,
}

impl Bindings {
    fn add(&mut self, name: &str, range: TextRange) {
        if self.seen.insert(name.to_string()) {
            self.assigned.push((name.to_string(), range));
        }
    }

    fn target(&mut self, target: &Expr) {
        let mut stack = vec![target];
        while let Some(t) = stack.pop() {
            match t {
                Expr::Name(n) => self.add(n.id.as_str(), n.range),
                Expr::Tuple(t) => stack.extend(t.elts.iter().rev()),
                Expr::List(l) => stack.extend(l.elts.iter().rev()),
                Expr::Starred(s) => stack.push(&s.value),
                _ => {}
            }
        }
    }

    fn statements(&mut self, body: &[Stmt]) {
        let mut stack: Vec<&Stmt> = body.iter().rev().collect();
        while let Some(stmt) = stack.pop() {
            let mut nested: Vec<&Stmt> = Vec::new();
            match stmt {
                Stmt::FunctionDef(f) => {
                    if !self.module_level {
                        self.add(f.name.id.as_str(), f.name.range);
                    }
                }
                Stmt::ClassDef(c) => {
                    if !self.module_level {
                        self.add(c.name.id.as_str(), c.name.range);
                    }
                }
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        self.target(t);
                    }
                }
                Stmt::AugAssign(a) => self.target(&a.target),
                Stmt::AnnAssign(a) => {
                    if a.value.is_some() || !self.module_level {
                        self.target(&a.target);
                    }
                }
                Stmt::Delete(d) => {
                    for t in &d.targets {
                        self.target(t);
                    }
                }
                Stmt::For(f) => {
                    self.target(&f.target);
                    nested.extend(f.body.iter());
                    nested.extend(f.orelse.iter());
                }
                Stmt::While(w) => {
                    nested.extend(w.body.iter());
                    nested.extend(w.orelse.iter());
                }
                Stmt::If(i) => {
                    if !(self.module_level && is_main_guard(stmt)) {
                        nested.extend(i.body.iter());
                        for clause in &i.elif_else_clauses {
                            nested.extend(clause.body.iter());
                        }
                    }
                }
                Stmt::With(w) => {
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            self.target(v);
                        }
                    }
                    nested.extend(w.body.iter());
                }
                Stmt::Try(t) => {
                    nested.extend(t.body.iter());
                    for handler in &t.handlers {
                        let ExceptHandler::ExceptHandler(h) = handler;
                        if let Some(name) = &h.name {
                            self.add(name.id.as_str(), name.range);
                        }
                        nested.extend(h.body.iter());
                    }
                    nested.extend(t.orelse.iter());
                    nested.extend(t.finalbody.iter());
                }
                Stmt::Import(i) => {
                    if !self.module_level {
                        for alias in &i.names {
                            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                            let first = bound.id.split('.').next().unwrap_or("");
                            self.add(first, bound.range);
                        }
                    }
                }
                Stmt::ImportFrom(i) => {
                    if !self.module_level {
                        for alias in &i.names {
                            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                            self.add(bound.id.as_str(), bound.range);
                        }
                    }
                }
                Stmt::Global(g) => {
                    for name in &g.names {
                        if !self.globals.iter().any(|(n, _)| n == name.id.as_str()) {
                            self.globals.push((name.id.to_string(), name.range));
                        }
                    }
                }
                Stmt::Return(_)
                | Stmt::TypeAlias(_)
                | Stmt::Match(_)
                | Stmt::Raise(_)
                | Stmt::Assert(_)
                | Stmt::Nonlocal(_)
                | Stmt::Expr(_)
                | Stmt::Pass(_)
                | Stmt::Break(_)
                | Stmt::Continue(_)
                | Stmt::IpyEscapeCommand(_) => {}
            }
            stack.extend(nested.into_iter().rev());
        }
    }
}
