//! A stable text dump of a whole [`FlowProgram`]: modules with their
//! bindings, classes, and every function's signature and graph (see
//! [`dump_graph`]). Used by snapshot tests and for looking at what the
//! builder produced.

use super::graph::{
    const_text, dump_graph, BindingKind, DefaultValue, FlowProgram, FuncDef, FuncKind, TypeExpr,
};
use std::fmt::Write;

/// The whole program as text.
pub fn dump_program(program: &FlowProgram) -> String {
    let mut s = String::new();
    for (id, m) in program.modules.iter() {
        let _ = writeln!(s, "module {id} {} (startup {})", m.name, m.startup);
        for b in &m.bindings {
            let _ = writeln!(s, "    {} = {}", b.name, binding_text(&b.kind));
        }
    }
    for (id, c) in program.classes.iter() {
        let bases: Vec<String> = c.bases.iter().map(|(p, _)| p.join(".")).collect();
        let methods: Vec<String> = c.methods.iter().map(|f| f.to_string()).collect();
        let attrs: Vec<&str> = c.attrs.iter().map(|(n, _)| n.as_str()).collect();
        let _ = writeln!(
            s,
            "class {id} {}({}) in {}: methods [{}] attrs [{}]",
            c.name,
            bases.join(", "),
            c.module,
            methods.join(", "),
            attrs.join(", ")
        );
    }
    for (id, f) in program.funcs.iter() {
        let _ = writeln!(s, "\n{id} {}", signature_text(f));
        s.push_str(&dump_graph(&f.graph));
    }
    s
}

fn binding_text(kind: &BindingKind) -> String {
    match kind {
        BindingKind::Function(f) => format!("function {f}"),
        BindingKind::Class(c) => format!("class {c}"),
        BindingKind::Module(m) => format!("module {m}"),
        BindingKind::ImportFrom { module, attr } => format!("from {module} import {attr}"),
        BindingKind::Variable {
            assigned_in_functions,
        } => {
            if *assigned_in_functions {
                "variable (assigned in functions)".into()
            } else {
                "variable".into()
            }
        }
    }
}

/// `name(params) -> returns [kind] @decorators`.
fn signature_text(f: &FuncDef) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| {
            let mut t = p.name.clone();
            if let Some(a) = &p.annotation {
                let _ = write!(t, ": {}", type_text(a));
            }
            match &p.default {
                Some(DefaultValue::Const(c)) => {
                    let _ = write!(t, " = {}", const_text(c));
                }
                Some(DefaultValue::Global(n, _)) => {
                    let _ = write!(t, " = global {n}");
                }
                None => {}
            }
            t
        })
        .collect();
    let mut s = format!("{}({})", f.name, params.join(", "));
    if let Some(r) = &f.returns {
        let _ = write!(s, " -> {}", type_text(r));
    }
    let kind = match f.kind {
        FuncKind::Function => "function".to_string(),
        FuncKind::Method(c) => format!("method of {c}"),
        FuncKind::StaticMethod(c) => format!("staticmethod of {c}"),
        FuncKind::ModuleStartup(m) => format!("startup of {m}"),
    };
    let _ = write!(s, " [{kind}]");
    for d in &f.decorators {
        let _ = write!(s, " @{}", d.path.join("."));
        if let Some(args) = &d.args {
            let args: Vec<String> = args.iter().map(const_text).collect();
            let _ = write!(s, "({})", args.join(", "));
        }
    }
    s
}

/// An annotation as Python writes it (`Other` as `?`).
pub fn type_text(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Name(path, _) => path.join("."),
        TypeExpr::Generic(path, args, _) => {
            let args: Vec<String> = args.iter().map(type_text).collect();
            format!("{}[{}]", path.join("."), args.join(", "))
        }
        TypeExpr::Union(members, _) => {
            let members: Vec<String> = members.iter().map(type_text).collect();
            members.join(" | ")
        }
        TypeExpr::Other(_) => "?".into(),
    }
}
