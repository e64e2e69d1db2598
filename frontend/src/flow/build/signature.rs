//! What a `def` declares besides its body: parameters with their defaults
//! and annotations, the return annotation, and the decorators (JIT hints).

use super::super::graph::{Constant, Decorator, DefaultValue, Param, TypeExpr};
use super::span_of;
use super::unsupported::{unsupported, Construct};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::FileId;
use ruff_python_ast::{Expr, Number, StmtFunctionDef, UnaryOp};
use ruff_text_size::Ranged;
use std::collections::HashSet;

/// Why an expression is not a literal constant.
#[derive(Debug, PartialEq)]
pub(super) enum NotConstant {
    /// Some other expression.
    Other,
    /// An int literal outside 64 bits.
    IntTooLarge,
    /// A complex literal.
    Complex,
}

/// The value of a literal: `None`, `True`/`False`, a number (negative
/// numbers folded), or a string (implicit concatenation joined).
pub(super) fn constant_of(e: &Expr) -> Result<Constant, NotConstant> {
    match e {
        Expr::NoneLiteral(_) => Ok(Constant::None),
        Expr::BooleanLiteral(b) => Ok(Constant::Bool(b.value)),
        Expr::StringLiteral(s) => Ok(Constant::Str(s.value.to_str().to_string())),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i
                .as_i64()
                .map(Constant::Int)
                .ok_or(NotConstant::IntTooLarge),
            Number::Float(f) => Ok(Constant::Float(*f)),
            Number::Complex { .. } => Err(NotConstant::Complex),
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => match &*u.operand {
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => match i.as_u64() {
                    Some(v) if v <= i64::MAX as u64 => Ok(Constant::Int(-(v as i64))),
                    Some(v) if v == i64::MAX as u64 + 1 => Ok(Constant::Int(i64::MIN)),
                    _ => Err(NotConstant::IntTooLarge),
                },
                Number::Float(f) => Ok(Constant::Float(-*f)),
                Number::Complex { .. } => Err(NotConstant::Complex),
            },
            _ => Err(NotConstant::Other),
        },
        _ => Err(NotConstant::Other),
    }
}

/// The parameters of `def`, with defaults and annotations. `globals` are
/// the module-level names a default may refer to.
pub(super) fn parameters(
    def: &StmtFunctionDef,
    file: FileId,
    globals: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Param> {
    let p = &def.parameters;
    if let Some(first) = p.posonlyargs.first() {
        diags.push(unsupported(
            &Construct::PositionalOnly,
            span_of(file, first.range),
        ));
    }
    if let Some(v) = &p.vararg {
        diags.push(unsupported(&Construct::VarArgs, span_of(file, v.range)));
    }
    if let Some(first) = p.kwonlyargs.first() {
        diags.push(unsupported(
            &Construct::KeywordOnly,
            span_of(file, first.range),
        ));
    }
    if let Some(k) = &p.kwarg {
        diags.push(unsupported(&Construct::KwArgs, span_of(file, k.range)));
    }
    let mut out = Vec::new();
    for param in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
        let default = param.default.as_deref().and_then(|d| {
            match constant_of(d) {
                Ok(c) => return Some(DefaultValue::Const(c)),
                Err(NotConstant::IntTooLarge) => {
                    diags.push(unsupported(
                        &Construct::IntTooLarge,
                        span_of(file, d.range()),
                    ));
                    return None;
                }
                Err(NotConstant::Complex) => {
                    diags.push(unsupported(&Construct::Complex, span_of(file, d.range())));
                    return None;
                }
                Err(NotConstant::Other) => {}
            }
            if let Expr::Name(n) = d {
                if globals.contains(n.id.as_str()) {
                    return Some(DefaultValue::Global(
                        n.id.to_string(),
                        span_of(file, n.range),
                    ));
                }
                diags.push(
                    Diagnostic::new(
                        crate::diagnostic::ErrorKind::Name,
                        span_of(file, n.range),
                        format!(
                            "default value `{}` is not a module-level name of this module",
                            n.id
                        ),
                    )
                    .with_label("not defined at module level")
                    .with_note("a default argument must be a literal or a module-level name"),
                );
                return None;
            }
            diags.push(unsupported(
                &Construct::NonConstantDefault,
                span_of(file, d.range()),
            ));
            None
        });
        out.push(Param {
            name: param.parameter.name.id.to_string(),
            span: span_of(file, param.parameter.name.range),
            default,
            annotation: param
                .parameter
                .annotation
                .as_deref()
                .map(|a| type_expr(a, file)),
        });
    }
    out
}

/// A dotted name (`a`, `a.b.c`) as its parts.
pub(super) fn dotted_path(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Name(n) => Some(vec![n.id.to_string()]),
        Expr::Attribute(a) => {
            let mut path = dotted_path(&a.value)?;
            path.push(a.attr.id.to_string());
            Some(path)
        }
        _ => None,
    }
}

/// An annotation, kept syntactically.
pub(super) fn type_expr(e: &Expr, file: FileId) -> TypeExpr {
    let span = span_of(file, e.range());
    if let Some(path) = dotted_path(e) {
        return TypeExpr::Name(path, span);
    }
    match e {
        Expr::NoneLiteral(_) => TypeExpr::Name(vec!["None".into()], span),
        Expr::StringLiteral(s) => {
            let text = s.value.to_str().trim();
            let parts: Vec<String> = text.split('.').map(str::to_string).collect();
            let is_dotted = parts.iter().all(|p| {
                let mut chars = p.chars();
                chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                    && chars.all(|c| c.is_alphanumeric() || c == '_')
            });
            if is_dotted {
                TypeExpr::Name(parts, span)
            } else {
                TypeExpr::Other(span)
            }
        }
        Expr::Subscript(s) => match dotted_path(&s.value) {
            Some(path) => {
                let args = match &*s.slice {
                    Expr::Tuple(t) => t.elts.iter().map(|a| type_expr(a, file)).collect(),
                    other => vec![type_expr(other, file)],
                };
                TypeExpr::Generic(path, args, span)
            }
            None => TypeExpr::Other(span),
        },
        Expr::BinOp(b) if b.op == ruff_python_ast::Operator::BitOr => {
            let mut members = Vec::new();
            for side in [&*b.left, &*b.right] {
                match type_expr(side, file) {
                    TypeExpr::Union(inner, _) => members.extend(inner),
                    other => members.push(other),
                }
            }
            TypeExpr::Union(members, span)
        }
        _ => TypeExpr::Other(span),
    }
}

/// Hint decorators a function may carry (the last part of the path).
const HINT_DECORATORS: &[&str] = &["elidable", "dont_look_inside", "unroll_safe"];

/// `specialize.X` decorators.
const SPECIALIZE_DECORATORS: &[&str] = &["argtype", "arg", "memo"];

/// The decorators of `def`, outermost first, and whether it is a
/// `@staticmethod`. Reports decorators outside the subset.
pub(super) fn decorators(
    def: &StmtFunctionDef,
    in_class: bool,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Decorator>, bool) {
    let mut out = Vec::new();
    let mut is_static = false;
    for d in &def.decorator_list {
        let span = span_of(file, d.range);
        let (func, call) = match &d.expression {
            Expr::Call(c) => (&*c.func, Some(c)),
            other => (other, None),
        };
        let Some(path) = dotted_path(func) else {
            let text = "<expression>".to_string();
            diags.push(unsupported(&Construct::Decorator(text), span));
            continue;
        };
        let last = path.last().map(String::as_str).unwrap_or("");
        let allowed = if path == ["staticmethod"] {
            if !in_class {
                diags.push(unsupported(&Construct::StaticMethodOutsideClass, span));
                continue;
            }
            call.is_none()
        } else if HINT_DECORATORS.contains(&last) {
            if call.is_some() {
                diags.push(Diagnostic::new(
                    ErrorKind::Hint,
                    span,
                    format!("`@{last}` takes no arguments: write `@{last}`, not `@{last}(...)`"),
                ));
                continue;
            }
            true
        } else if SPECIALIZE_DECORATORS.contains(&last) {
            path.len() >= 2 && path[path.len() - 2] == "specialize"
        } else {
            false
        };
        if !allowed {
            diags.push(unsupported(&Construct::Decorator(path.join(".")), span));
            continue;
        }
        if path == ["staticmethod"] {
            is_static = true;
        }
        let args = match call {
            None => None,
            Some(c) => {
                let mut args = Vec::new();
                for k in c.arguments.keywords.iter() {
                    diags.push(unsupported(
                        &Construct::DecoratorArgument,
                        span_of(file, k.range),
                    ));
                }
                for a in c.arguments.args.iter() {
                    match constant_of(a) {
                        Ok(v) => args.push(v),
                        Err(_) => diags.push(unsupported(
                            &Construct::DecoratorArgument,
                            span_of(file, a.range()),
                        )),
                    }
                }
                Some(args)
            }
        };
        out.push(Decorator { path, args, span });
    }
    (out, is_static)
}
