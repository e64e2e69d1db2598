//! The first pass over each module: what it declares at top level. Every
//! `def` becomes a [`FuncDef`] (its signature, not yet its graph), every
//! `class` a [`ClassDef`] with its methods, and every name the module binds a
//! [`Binding`]: functions, classes, imports, and variables assigned by
//! module-level code or (through `global`) by functions.

use super::super::graph::{
    Binding, BindingKind, ClassDef, ClassId, FlowGraph, FlowProgram, FuncDef, FuncId, FuncKind,
    Module, ModuleId,
};
use super::function::ModuleInfo;
use super::scope::{function_scope, module_variables, FunctionScope};
use super::signature::{decorators, dotted_path, parameters, type_expr};
use super::span_of;
use super::stmt::is_inert;
use super::unsupported::{unsupported, Construct};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::load::{is_main_guard, LoadedModule, LoadedProgram};
use crate::source::{FileId, Span};
use cranelift_entity::EntityRef;
use ruff_python_ast::{Expr, ModModule, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};

/// A function or method whose graph is still to be built.
pub(super) struct FuncPlan<'a> {
    /// Its id.
    pub id: FuncId,
    /// Its definition.
    pub def: &'a StmtFunctionDef,
    /// Its names.
    pub scope: FunctionScope,
}

/// A module whose graphs are still to be built.
pub(super) struct ModulePlan<'a> {
    /// The module's id, file and names.
    pub info: ModuleInfo,
    /// Its syntax tree.
    pub ast: &'a ModModule,
    /// Its start-up function.
    pub startup: FuncId,
    /// Its classes, by the start offset of their `class` statement.
    pub classes: HashMap<u32, ClassId>,
    /// Its functions and methods.
    pub funcs: Vec<FuncPlan<'a>>,
}

/// A name bound at module level, before duplicates are resolved.
struct Entry {
    name: String,
    range: TextRange,
    kind: BindingKind,
}

/// Declares every module of `loaded` in `program`.
pub(super) fn declare_program<'a>(
    loaded: &'a LoadedProgram,
    program: &mut FlowProgram,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ModulePlan<'a>> {
    loaded
        .modules
        .iter()
        .map(|m| declare_module(m, loaded, program, diags))
        .collect()
}

/// The span of a file's first line.
fn first_line(loaded: &LoadedProgram, file: FileId) -> Span {
    let text = &loaded.sources.files[file].text;
    let end = text.find('\n').unwrap_or(text.len());
    Span::new(file, 0, end as u32)
}

fn declare_module<'a>(
    m: &'a LoadedModule,
    loaded: &LoadedProgram,
    program: &mut FlowProgram,
    diags: &mut Vec<Diagnostic>,
) -> ModulePlan<'a> {
    let file = m.file;
    let module = ModuleId::new(program.modules.len());
    let startup = program.funcs.push(FuncDef {
        name: "<module>".into(),
        module,
        kind: FuncKind::ModuleStartup(module),
        params: Vec::new(),
        returns: None,
        decorators: Vec::new(),
        span: first_line(loaded, file),
        graph: FlowGraph::default(),
    });
    let mut entries: Vec<Entry> = Vec::new();
    let mut funcs: Vec<FuncPlan<'a>> = Vec::new();
    let mut classes = HashMap::new();
    for stmt in &m.ast.body {
        if is_main_guard(stmt) {
            continue;
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                let id = declare_function(f, FuncKindOf::Function(module), file, program, diags);
                funcs.push(FuncPlan {
                    id,
                    def: f,
                    scope: FunctionScope::default(),
                });
                entries.push(Entry {
                    name: f.name.id.to_string(),
                    range: f.name.range,
                    kind: BindingKind::Function(id),
                });
            }
            Stmt::ClassDef(c) => {
                let id = declare_class(c, module, file, program, &mut funcs, diags);
                classes.insert(c.range.start().to_u32(), id);
                entries.push(Entry {
                    name: c.name.id.to_string(),
                    range: c.name.range,
                    kind: BindingKind::Class(id),
                });
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let path = alias.name.id.to_string();
                    let (name, range, target) = match &alias.asname {
                        Some(a) => (a.id.to_string(), a.range, path),
                        None => {
                            let first = path.split('.').next().unwrap_or("").to_string();
                            (first.clone(), alias.name.range, first)
                        }
                    };
                    entries.push(Entry {
                        name,
                        range,
                        kind: BindingKind::Module(target),
                    });
                }
            }
            Stmt::ImportFrom(i) => {
                // `from __future__ import annotations` changes nothing for Kiln.
                if i.level == 0
                    && i.module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__")
                {
                    continue;
                }
                if i.level > 0 {
                    diags.push(unsupported(
                        &Construct::RelativeImport,
                        span_of(file, i.range),
                    ));
                    continue;
                }
                let module_path = i
                    .module
                    .as_ref()
                    .map(|m| m.id.to_string())
                    .unwrap_or_default();
                for alias in &i.names {
                    if alias.name.id.as_str() == "*" {
                        diags.push(unsupported(
                            &Construct::ImportStar,
                            span_of(file, alias.range),
                        ));
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    entries.push(Entry {
                        name: bound.id.to_string(),
                        range: bound.range,
                        kind: BindingKind::ImportFrom {
                            module: module_path.clone(),
                            attr: alias.name.id.to_string(),
                        },
                    });
                }
            }
            _ => {}
        }
    }
    for (name, range) in module_variables(&m.ast.body) {
        entries.push(Entry {
            name,
            range,
            kind: BindingKind::Variable {
                assigned_in_functions: false,
            },
        });
    }
    for plan in &mut funcs {
        plan.scope = function_scope(plan.def);
        for (name, range) in &plan.scope.assigned_globals {
            entries.push(Entry {
                name: name.clone(),
                range: *range,
                kind: BindingKind::Variable {
                    assigned_in_functions: true,
                },
            });
        }
        check_globals_are_not_parameters(plan, file, diags);
    }
    let bindings = resolve_bindings(entries, file, diags);
    let globals: HashSet<String> = bindings.iter().map(|b| b.name.clone()).collect();
    for plan in &funcs {
        let params = parameters(plan.def, file, &globals, diags);
        let returns = plan.def.returns.as_deref().map(|r| type_expr(r, file));
        let f = &mut program.funcs[plan.id];
        f.params = params;
        f.returns = returns;
    }
    program.modules.push(Module {
        name: m.name.clone(),
        file,
        startup,
        bindings,
    });
    ModulePlan {
        info: ModuleInfo { file, globals },
        ast: &m.ast,
        startup,
        classes,
        funcs,
    }
}

/// Python's `SyntaxError: name 'x' is parameter and global`.
fn check_globals_are_not_parameters(
    plan: &FuncPlan<'_>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let p = &plan.def.parameters;
    for param in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
        let name = param.parameter.name.id.as_str();
        if let Some((_, range)) = plan.scope.globals.iter().find(|(n, _)| n == name) {
            diags.push(Diagnostic::new(
                ErrorKind::Syntax,
                span_of(file, *range),
                format!("name '{name}' is parameter and global"),
            ));
        }
    }
}

/// What kind of function a `def` declares.
enum FuncKindOf {
    Function(ModuleId),
    Method(ModuleId, ClassId),
}

/// Declares one `def` (signature without parameters, which need the
/// module's names; [`declare_module`] fills them in).
fn declare_function(
    f: &StmtFunctionDef,
    kind: FuncKindOf,
    file: FileId,
    program: &mut FlowProgram,
    diags: &mut Vec<Diagnostic>,
) -> FuncId {
    if f.is_async {
        diags.push(unsupported(
            &Construct::Async,
            span_of(
                file,
                ruff_text_size::TextRange::new(
                    f.range.start(),
                    f.range.start() + ruff_text_size::TextSize::from(5),
                ),
            ),
        ));
    }
    if let Some(tp) = &f.type_params {
        diags.push(unsupported(
            &Construct::TypeParameters,
            span_of(file, tp.range),
        ));
    }
    let in_class = matches!(kind, FuncKindOf::Method(..));
    let (decorators, is_static) = decorators(f, in_class, file, diags);
    let (module, kind) = match kind {
        FuncKindOf::Function(m) => (m, FuncKind::Function),
        FuncKindOf::Method(m, c) if is_static => (m, FuncKind::StaticMethod(c)),
        FuncKindOf::Method(m, c) => (m, FuncKind::Method(c)),
    };
    if matches!(kind, FuncKind::Method(_))
        && f.parameters.posonlyargs.is_empty()
        && f.parameters.args.is_empty()
    {
        diags.push(
            Diagnostic::new(
                ErrorKind::Unsupported,
                span_of(file, f.name.range),
                format!(
                    "method `{}` has no `self` parameter: a method's first parameter is its receiver (use `@staticmethod` for a method without one)",
                    f.name.id
                ),
            )
            .with_label("no receiver"),
        );
    }
    program.funcs.push(FuncDef {
        name: f.name.id.to_string(),
        module,
        kind,
        params: Vec::new(),
        returns: None,
        decorators,
        span: span_of(file, f.name.range),
        graph: FlowGraph::default(),
    })
}

/// Declares a class and its methods; reports what its header or body may not contain.
fn declare_class<'a>(
    c: &'a StmtClassDef,
    module: ModuleId,
    file: FileId,
    program: &mut FlowProgram,
    funcs: &mut Vec<FuncPlan<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> ClassId {
    for d in &c.decorator_list {
        diags.push(unsupported(
            &Construct::ClassDecorator,
            span_of(file, d.range),
        ));
    }
    if let Some(tp) = &c.type_params {
        diags.push(unsupported(
            &Construct::TypeParameters,
            span_of(file, tp.range),
        ));
    }
    let mut bases = Vec::new();
    if let Some(args) = &c.arguments {
        for k in args.keywords.iter() {
            diags.push(unsupported(
                &Construct::ClassKeywords,
                span_of(file, k.range),
            ));
        }
        let mut real_bases = 0;
        for base in args.args.iter() {
            let span = span_of(file, base.range());
            match dotted_path(base) {
                Some(path) => {
                    if path != ["object"] {
                        real_bases += 1;
                        if real_bases == 2 {
                            diags.push(unsupported(&Construct::MultipleInheritance, span));
                        }
                    }
                    bases.push((path, span));
                }
                None => diags.push(unsupported(&Construct::ClassBase, span)),
            }
        }
    }
    let class = program.classes.push(ClassDef {
        name: c.name.id.to_string(),
        module,
        span: span_of(file, c.name.range),
        bases,
        methods: Vec::new(),
        attrs: Vec::new(),
    });
    let mut methods = Vec::new();
    let mut method_names: HashMap<String, TextRange> = HashMap::new();
    let mut attrs: Vec<(String, Span)> = Vec::new();
    for stmt in &c.body {
        match stmt {
            Stmt::FunctionDef(f) => {
                if let Some(first) = method_names.get(f.name.id.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            ErrorKind::Name,
                            span_of(file, f.name.range),
                            format!(
                                "method `{}` is defined twice in class `{}`",
                                f.name.id, c.name.id
                            ),
                        )
                        .with_secondary(span_of(file, *first), "first defined here"),
                    );
                    continue;
                }
                method_names.insert(f.name.id.to_string(), f.name.range);
                let id =
                    declare_function(f, FuncKindOf::Method(module, class), file, program, diags);
                methods.push(id);
                funcs.push(FuncPlan {
                    id,
                    def: f,
                    scope: FunctionScope::default(),
                });
            }
            Stmt::ClassDef(inner) => {
                diags.push(unsupported(
                    &Construct::NestedClass,
                    span_of(file, inner.name.range),
                ));
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    match t {
                        Expr::Name(n) => {
                            add_attr(&mut attrs, n.id.as_str(), span_of(file, n.range))
                        }
                        other => diags.push(unsupported(
                            &Construct::ClassBodyStatement,
                            span_of(file, other.range()),
                        )),
                    }
                }
            }
            Stmt::AnnAssign(a) => match (&*a.target, &a.value) {
                (Expr::Name(n), Some(_)) => {
                    add_attr(&mut attrs, n.id.as_str(), span_of(file, n.range))
                }
                (Expr::Name(_), None) => {}
                (other, _) => diags.push(unsupported(
                    &Construct::ClassBodyStatement,
                    span_of(file, other.range()),
                )),
            },
            other if is_inert(other) => {}
            other => diags.push(unsupported(
                &Construct::ClassBodyStatement,
                span_of(file, other.range()),
            )),
        }
    }
    let def = &mut program.classes[class];
    def.methods = methods;
    def.attrs = attrs;
    class
}

fn add_attr(attrs: &mut Vec<(String, Span)>, name: &str, span: Span) {
    if !attrs.iter().any(|(n, _)| n == name) {
        attrs.push((name.to_string(), span));
    }
}

/// What a binding kind is called in messages.
fn kind_word(kind: &BindingKind) -> &'static str {
    match kind {
        BindingKind::Function(_) => "a function",
        BindingKind::Class(_) => "a class",
        BindingKind::Module(_) => "an imported module",
        BindingKind::ImportFrom { .. } => "an imported name",
        BindingKind::Variable { .. } => "a variable",
    }
}

/// One binding per name, first binding first (source order); a name bound
/// with two different meanings is an error.
fn resolve_bindings(
    mut entries: Vec<Entry>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Binding> {
    entries.sort_by_key(|e| e.range.start());
    let mut out: Vec<Binding> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in entries {
        let span = span_of(file, e.range);
        let Some(&i) = index.get(&e.name) else {
            index.insert(e.name.clone(), out.len());
            out.push(Binding {
                name: e.name,
                span,
                kind: e.kind,
            });
            continue;
        };
        let first = &mut out[i];
        match (&mut first.kind, &e.kind) {
            (
                BindingKind::Variable {
                    assigned_in_functions,
                },
                BindingKind::Variable {
                    assigned_in_functions: also,
                },
            ) => *assigned_in_functions |= *also,
            (a, b)
                if *a == *b
                    && matches!(b, BindingKind::Module(_) | BindingKind::ImportFrom { .. }) => {}
            (a, b) => {
                let message = format!(
                    "`{}` is bound twice at module level, as {} and as {}: a module-level name has one meaning in Kiln Python",
                    e.name,
                    kind_word(a),
                    kind_word(b)
                );
                diags.push(
                    Diagnostic::new(ErrorKind::Name, span, message)
                        .with_secondary(first.span, "first bound here"),
                );
            }
        }
    }
    out
}
