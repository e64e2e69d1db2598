//! List comprehensions, desugared: `BuildList`, then one loop per `for`
//! clause (nested in order), each iteration testing its `if` clauses and,
//! in the innermost loop, calling `append` on the list. The targets are
//! locals of the comprehension (they do not leak into the function); the
//! first iterable is evaluated outside, as in Python.

use super::super::graph::{OpKind, Var};
use super::function::FnBuilder;
use super::loops::LoopBody;
use super::ssa::LocalId;
use super::unsupported::Construct;
use ruff_python_ast::{Expr, ExprListComp};

/// Names bound by a target, in order, without repeats.
fn target_names<'e>(target: &'e Expr, out: &mut Vec<&'e str>) {
    let mut stack = vec![target];
    while let Some(t) = stack.pop() {
        match t {
            Expr::Name(n) if !out.contains(&n.id.as_str()) => out.push(n.id.as_str()),
            Expr::Tuple(t) => stack.extend(t.elts.iter().rev()),
            Expr::List(l) => stack.extend(l.elts.iter().rev()),
            Expr::Starred(s) => stack.push(&s.value),
            _ => {}
        }
    }
}

impl<'a> FnBuilder<'a> {
    /// `[elt for t1 in it1 if c1 for t2 in it2 ...]`.
    pub(super) fn list_comprehension(&mut self, lc: &'a ExprListComp) -> Var {
        let span = self.span(lc.range);
        let result = self.emit(OpKind::BuildList, Vec::new(), span);
        for g in &lc.generators {
            if g.is_async {
                self.unsupported(Construct::Async, g.range);
            }
        }
        let Some(first) = lc.generators.first() else {
            return result;
        };
        let plan = self.plan_iteration(&first.iter);
        let mut names = Vec::new();
        for g in &lc.generators {
            target_names(&g.target, &mut names);
        }
        let scope: Vec<(String, LocalId)> = names
            .into_iter()
            .map(|n| (n.to_string(), self.ssa.new_local(Some(n.to_string()))))
            .collect();
        self.comp_scopes.push(scope);
        let exit = self.new_block();
        let body = LoopBody::Comprehension {
            comp: lc,
            index: 0,
            result,
        };
        self.run_loop(plan, &first.target, &first.iter, body, &[], exit);
        self.comp_scopes.pop();
        self.seal(exit);
        self.switch_to(exit);
        result
    }
}
