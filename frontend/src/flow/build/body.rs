//! A function or method body: its parameters become the entry block's
//! parameters (and the first values of their locals), then the statements;
//! running off the end returns `None`.

use super::super::graph::{FlowGraph, FuncDef};
use super::declare::FuncPlan;
use super::function::{FnBuilder, ModuleInfo, NameRef, ScopeKind};
use crate::diagnostic::Diagnostic;

/// Builds the graph of `plan`, whose declaration is `def`.
pub(super) fn build_body(
    plan: &FuncPlan<'_>,
    module: &ModuleInfo,
    def: &FuncDef,
) -> (FlowGraph, Vec<Diagnostic>) {
    let scope = ScopeKind::Function {
        name: def.name.clone(),
        scope: plan.scope.clone(),
    };
    let mut fb = FnBuilder::new(module, scope, def.span);
    let entry = fb.cur;
    for p in &def.params {
        let var = fb.ssa.add_param(entry, Some(p.name.clone()), p.span);
        if let NameRef::Local(local) = fb.resolve_name(&p.name) {
            fb.write(local, var);
        }
    }
    // `*args`/`**kwargs` were reported; give their names a value so that
    // their uses do not add "may be used before it is assigned" errors.
    let star = &plan.def.parameters;
    for extra in [&star.vararg, &star.kwarg].into_iter().flatten() {
        if let NameRef::Local(local) = fb.resolve_name(extra.name.as_str()) {
            let span = fb.span(extra.range);
            let v = fb.placeholder(span);
            fb.write(local, v);
        }
    }
    fb.stmts(&plan.def.body);
    fb.finish(def.span)
}
