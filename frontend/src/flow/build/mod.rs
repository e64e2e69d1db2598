//! The flow-graph builder: parsed modules ([`LoadedProgram`]) in,
//! [`FlowProgram`] out, or every error found.
//!
//! Two passes per module. `declare` records what the module declares at
//! top level: a [`FuncDef`](super::graph::FuncDef) per function and method
//! (signature, decorators), a [`ClassDef`](super::graph::ClassDef) per class,
//! and the module's [`Binding`](super::graph::Binding)s. Then every graph is
//! built: the module's start-up code (`startup`: top-level statements in
//! order, class-body assignments at the class's position) and each function
//! body (`body`).
//!
//! A graph is built by a `function::FnBuilder` walking the statements
//! (`stmt`, `assign`, `loops`, `exceptions`) and expressions
//! (`expr`, `conditions`, `comprehension`, `fstring`) and
//! describing locals to the SSA construction (`ssa`), which places block
//! parameters only where they are needed and has reads of possibly
//! unassigned locals reported (`unassigned`); `compact` renumbers the
//! result.
//! Which names are locals follows Python (`scope`); constructs outside
//! Kiln Python are reported with the rule they break (`unsupported`).

mod assign;
mod body;
mod compact;
mod comprehension;
mod conditions;
mod declare;
mod exceptions;
mod expr;
mod fstring;
mod function;
mod loops;
mod scope;
mod signature;
mod ssa;
mod startup;
mod stmt;
mod unassigned;
mod unsupported;

use super::graph::FlowProgram;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedProgram;
use crate::source::{FileId, Span};
use ruff_text_size::TextRange;

/// The span of `range` in `file`.
pub(super) fn span_of(file: FileId, range: TextRange) -> Span {
    Span::new(file, range.start().to_u32(), range.end().to_u32())
}

/// Builds the flow graphs of every module, function and method of a loaded
/// program. Returns every error found (sorted by location, without
/// duplicates) if there is any.
pub fn build(loaded: &LoadedProgram) -> Result<FlowProgram, Vec<Diagnostic>> {
    let mut program = FlowProgram::default();
    let mut diags = Vec::new();
    let plans = declare::declare_program(loaded, &mut program, &mut diags);
    for plan in &plans {
        let span = program.funcs[plan.startup].span;
        let (graph, errors) = startup::build_startup(plan, span);
        program.funcs[plan.startup].graph = graph;
        diags.extend(errors);
        for f in &plan.funcs {
            let (graph, errors) = body::build_body(f, &plan.info, &program.funcs[f.id]);
            program.funcs[f.id].graph = graph;
            diags.extend(errors);
        }
    }
    if diags.is_empty() {
        return Ok(program);
    }
    diags.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            &b.message,
        ))
    });
    diags.dedup();
    Err(diags)
}
