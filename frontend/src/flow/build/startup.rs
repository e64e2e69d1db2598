//! A module's start-up code: its top-level statements in order, as a
//! function of no parameters where every name is a global. `def`, `import`
//! and `global` statements only declare (see `declare`); a `class` runs its
//! attribute assignments (`X = expr`, stored with `StoreClassAttr`) at its
//! position; the `if __name__ == "__main__":` block is skipped.

use super::super::graph::{ClassId, FlowGraph, OpKind};
use super::declare::ModulePlan;
use super::function::{ClassBody, FnBuilder, ScopeKind};
use crate::diagnostic::Diagnostic;
use crate::load::is_main_guard;
use crate::source::Span;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use std::collections::HashMap;

/// Builds the start-up graph of `plan`'s module; `span` locates it.
pub(super) fn build_startup(plan: &ModulePlan<'_>, span: Span) -> (FlowGraph, Vec<Diagnostic>) {
    let mut fb = FnBuilder::new(&plan.info, ScopeKind::Module, span);
    for stmt in &plan.ast.body {
        if is_main_guard(stmt) {
            continue;
        }
        match stmt {
            Stmt::FunctionDef(_) | Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::Global(_) => {}
            Stmt::ClassDef(c) => {
                if let Some(&class) = plan.classes.get(&c.range.start().to_u32()) {
                    fb.class_body_code(class, c);
                }
            }
            other => fb.stmt(other),
        }
    }
    fb.finish(span)
}

impl<'a> FnBuilder<'a> {
    /// Evaluates and stores a class's attribute assignments, in order.
    /// Later assignments may read the earlier ones by name, as in Python.
    fn class_body_code(&mut self, class: ClassId, c: &'a StmtClassDef) {
        self.class_body = Some(ClassBody {
            attrs: HashMap::new(),
        });
        for stmt in &c.body {
            let (targets, value): (Vec<&'a Expr>, &'a Expr) = match stmt {
                Stmt::Assign(a) => (a.targets.iter().collect(), &a.value),
                Stmt::AnnAssign(a) => match &a.value {
                    Some(v) => (vec![&*a.target], v),
                    None => continue,
                },
                _ => continue,
            };
            let v = self.expr(value);
            for t in targets {
                if let Expr::Name(n) = t {
                    let span = self.span(n.range);
                    let name = n.id.to_string();
                    self.emit_void(OpKind::StoreClassAttr(class, name.clone()), vec![v], span);
                    if let Some(body) = &mut self.class_body {
                        body.attrs.insert(name, v);
                    }
                }
            }
        }
        self.class_body = None;
    }
}
