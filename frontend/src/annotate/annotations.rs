//! PEP 484 annotations on function signatures: honored and checked.
//!
//! Honored: a parameter annotated `list[int]` (or a dict type) gives the
//! list's items their type when the calls do not (`f([])`). Checked: after
//! inference, every annotated parameter and return type must agree with
//! what was inferred; a mismatch is an error at the annotation naming both
//! types. `int` is accepted where `float` is annotated (PEP 484's rule), a
//! value that may be None needs `Optional[...]` or `... | None`, and names
//! that are not types are reported.

use super::lattice::Ann;
use super::names::{self, NameRef};
use super::{Annotator, FKey};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{FuncKind, ModuleId, TypeExpr};

/// What an annotation allows.
enum Want {
    /// Any value.
    Any,
    /// `int` (bools are ints).
    Int,
    /// `float` (ints accepted).
    Float,
    /// `bool`.
    Bool,
    /// `str`.
    Str,
    /// `r_uint`.
    UInt,
    /// `None`.
    None,
    /// A list of the item type.
    List(Box<Want>),
    /// A dict.
    Dict(Box<Want>, Box<Want>),
    /// A tuple of these item types (None: any length, items of one type).
    Tuple(Vec<Want>),
    /// A homogeneous tuple of any length.
    TupleOf(Box<Want>),
    /// An instance of the class.
    Instance(super::lattice::ClassKey),
    /// A function, class or bound method.
    Callable,
    /// An open file.
    File,
    /// Either of two.
    Or(Box<Want>, Box<Want>),
}

impl Annotator<'_> {
    /// The meaning of an annotation in `module`, or a message for a name that is not a type.
    fn annotation_want(
        &self,
        te: &TypeExpr,
        module: ModuleId,
    ) -> Result<Want, (crate::source::Span, String)> {
        match te {
            TypeExpr::Name(path, span) => {
                let joined = path.join(".");
                Ok(match joined.as_str() {
                    "int" => Want::Int,
                    "float" => Want::Float,
                    "bool" => Want::Bool,
                    "str" => Want::Str,
                    "None" => Want::None,
                    "r_uint" => Want::UInt,
                    "object" | "Any" | "typing.Any" => Want::Any,
                    "list" | "List" => Want::List(Box::new(Want::Any)),
                    "dict" | "Dict" => Want::Dict(Box::new(Want::Any), Box::new(Want::Any)),
                    "tuple" | "Tuple" => Want::TupleOf(Box::new(Want::Any)),
                    "Callable" | "typing.Callable" => Want::Callable,
                    "TextIO" | "typing.TextIO" | "IO" => Want::File,
                    _ => match self.resolve_path(path, module) {
                        Some(NameRef::Class(c)) => Want::Instance(c),
                        Some(NameRef::Builtin(super::lattice::Builtin::RUint)) => Want::UInt,
                        _ => {
                            return Err((
                                *span,
                                format!(
                                    "`{joined}` in an annotation is not a type Kiln Python knows"
                                ),
                            ))
                        }
                    },
                })
            }
            TypeExpr::Generic(path, args, span) => {
                let joined = path.join(".");
                let arg = |k: usize| -> Result<Want, (crate::source::Span, String)> {
                    match args.get(k) {
                        Some(a) => self.annotation_want(a, module),
                        None => Ok(Want::Any),
                    }
                };
                Ok(match joined.as_str() {
                    "list" | "List" | "typing.List" => Want::List(Box::new(arg(0)?)),
                    "dict" | "Dict" | "typing.Dict" => {
                        Want::Dict(Box::new(arg(0)?), Box::new(arg(1)?))
                    }
                    "tuple" | "Tuple" | "typing.Tuple" => {
                        if args.len() == 2
                            && matches!(&args[1], TypeExpr::Name(p, _) if p.join(".") == "...")
                        {
                            Want::TupleOf(Box::new(arg(0)?))
                        } else {
                            Want::Tuple(
                                args.iter()
                                    .map(|a| self.annotation_want(a, module))
                                    .collect::<Result<_, _>>()?,
                            )
                        }
                    }
                    "Optional" | "typing.Optional" => {
                        Want::Or(Box::new(arg(0)?), Box::new(Want::None))
                    }
                    "Callable" | "typing.Callable" => Want::Callable,
                    _ => {
                        return Err((
                            *span,
                            format!(
                                "`{joined}[...]` in an annotation is not a type Kiln Python knows"
                            ),
                        ))
                    }
                })
            }
            TypeExpr::Union(items, _) => {
                let mut it = items.iter();
                let Some(first) = it.next() else {
                    return Ok(Want::Any);
                };
                let mut w = self.annotation_want(first, module)?;
                for x in it {
                    w = Want::Or(Box::new(w), Box::new(self.annotation_want(x, module)?));
                }
                Ok(w)
            }
            TypeExpr::Other(_) => Ok(Want::Any),
        }
    }

    fn resolve_path(&self, path: &[String], module: ModuleId) -> Option<NameRef> {
        let mut cur = names::resolve_global(self.flow, &self.classes, module, path.first()?)?;
        for part in &path[1..] {
            cur = match cur {
                NameRef::Module(m) => {
                    names::resolve_module_attr(self.flow, &self.classes, m, part)?
                }
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Whether `a` fits `w` (Bottom fits everything).
    fn fits(&self, a: &Ann, w: &Want) -> bool {
        if let Want::Or(x, y) = w {
            if let (Some(_), true) = (
                a.with_null(),
                matches!(**y, Want::None) || matches!(**x, Want::None),
            ) {
                // `X | None`: the non-None part must fit X.
                let other = if matches!(**y, Want::None) { x } else { y };
                return *a == Ann::NoneOnly || self.fits(&a.non_null(), other);
            }
            return self.fits(a, x) || self.fits(a, y);
        }
        if a.is_nullable() && !matches!(w, Want::Any | Want::None) && *a != Ann::NoneOnly {
            return false;
        }
        match (w, a) {
            (_, Ann::Bottom) | (Want::Any, _) => true,
            (Want::Int, Ann::Int | Ann::Bool) => true,
            (Want::Float, Ann::Float | Ann::Int | Ann::Bool) => true,
            (Want::Bool, Ann::Bool) => true,
            (Want::Str, Ann::Str { .. }) => true,
            (Want::UInt, Ann::UInt) => true,
            (Want::None, Ann::NoneOnly) => true,
            (Want::List(item), Ann::List { def, .. }) => {
                self.fits(&self.list_item_final(*def), item)
            }
            (Want::Dict(k, v), Ann::Dict { def, .. }) => {
                let (ka, va) = self.dict_kv_final(*def);
                self.fits(&ka, k) && self.fits(&va, v)
            }
            (Want::Tuple(ws), Ann::Tuple(items)) => {
                ws.len() == items.len() && ws.iter().zip(items).all(|(w, i)| self.fits(i, w))
            }
            (Want::TupleOf(w), Ann::Tuple(items)) => items.iter().all(|i| self.fits(i, w)),
            (Want::Instance(c), Ann::Instance { class, .. }) => {
                self.classes.is_subclass(*class, *c)
            }
            (
                Want::Callable,
                Ann::Funcs(_)
                | Ann::Classes(_)
                | Ann::Methods { .. }
                | Ann::BuiltinBound(..)
                | Ann::Builtin(_),
            ) => true,
            (Want::File, Ann::File { .. }) => true,
            _ => false,
        }
    }

    /// The annotation an unknown item takes from `w`, if it says one.
    fn ann_of_want(&mut self, w: &Want) -> Option<Ann> {
        Some(match w {
            Want::Int => Ann::Int,
            Want::Float => Ann::Float,
            Want::Bool => Ann::Bool,
            Want::Str => Ann::Str { nullable: false },
            Want::UInt => Ann::UInt,
            Want::Instance(c) => Ann::Instance {
                class: *c,
                nullable: false,
            },
            Want::List(item) => {
                let i = self.ann_of_want(item).unwrap_or(Ann::Bottom);
                Ann::List {
                    def: self.new_list_def(i, None),
                    nullable: false,
                }
            }
            Want::Dict(k, v) => {
                let ka = self.ann_of_want(k).unwrap_or(Ann::Bottom);
                let va = self.ann_of_want(v).unwrap_or(Ann::Bottom);
                Ann::Dict {
                    def: self.new_dict_def(ka, va, None),
                    nullable: false,
                }
            }
            Want::Tuple(ws) => Ann::Tuple(
                ws.iter()
                    .map(|w| self.ann_of_want(w).unwrap_or(Ann::Bottom))
                    .collect(),
            ),
            Want::Or(x, y) if matches!(**y, Want::None) => self.ann_of_want(x)?.with_null()?,
            _ => return None,
        })
    }

    /// Honors a parameter annotation: gives still-unknown list/dict items of
    /// the argument their annotated type.
    pub(crate) fn honor_annotation(&mut self, fk: FKey, param: usize, arg: &Ann) {
        let fd = &self.flow.funcs[self.funcs[fk].key.func];
        let Some(te) = fd.params.get(param).and_then(|p| p.annotation.clone()) else {
            return;
        };
        let Ok(w) = self.annotation_want(&te, fd.module) else {
            return;
        };
        let span = te.span();
        self.seed(arg, &w, span);
    }

    fn seed(&mut self, a: &Ann, w: &Want, span: crate::source::Span) {
        match (a, w) {
            (Ann::List { def, .. }, Want::List(item))
                if self.list_item_final(*def) == Ann::Bottom =>
            {
                if let Some(i) = self.ann_of_want(item) {
                    self.list_add_item(*def, &i, span);
                }
            }
            (Ann::Dict { def, .. }, Want::Dict(k, v)) => {
                let (ka, va) = self.dict_kv_final(*def);
                if ka == Ann::Bottom || va == Ann::Bottom {
                    let kn = if ka == Ann::Bottom {
                        self.ann_of_want(k).unwrap_or(Ann::Bottom)
                    } else {
                        Ann::Bottom
                    };
                    let vn = if va == Ann::Bottom {
                        self.ann_of_want(v).unwrap_or(Ann::Bottom)
                    } else {
                        Ann::Bottom
                    };
                    self.dict_add(*def, &kn, &vn, span);
                }
            }
            (a, Want::Or(x, y)) if matches!(**y, Want::None) => self.seed(&a.non_null(), x, span),
            _ => {}
        }
    }

    /// Checks an argument against its parameter's annotation at a call;
    /// false (after reporting) if it does not fit.
    pub(crate) fn check_param_annotation(
        &mut self,
        fk: FKey,
        param: usize,
        arg: &Ann,
        span: crate::source::Span,
    ) -> bool {
        let fd = &self.flow.funcs[self.funcs[fk].key.func];
        let Some(p) = fd.params.get(param) else {
            return true;
        };
        let Some(te) = p.annotation.clone() else {
            return true;
        };
        let (pname, fname, module) = (p.name.clone(), fd.name.clone(), fd.module);
        let Ok(w) = self.annotation_want(&te, module) else {
            return true;
        };
        if self.fits(arg, &w) {
            return true;
        }
        let msg = format!(
            "argument `{pname}` of `{fname}` is annotated `{}` but is `{}` here",
            self.sources.text(te.span()),
            self.ann_name(arg)
        );
        self.report(
            Diagnostic::new(ErrorKind::Type, span, msg)
                .with_label(format!("`{}`", self.ann_name(arg)))
                .with_secondary(te.span(), "the annotation"),
        );
        false
    }

    /// Checks a returned value against the function's return annotation;
    /// false (after reporting) if it does not fit.
    pub(crate) fn check_return_annotation(
        &mut self,
        fk: FKey,
        value: &Ann,
        span: crate::source::Span,
        none_from: Option<crate::source::Span>,
    ) -> bool {
        let fd = &self.flow.funcs[self.funcs[fk].key.func];
        let Some(te) = fd.returns.clone() else {
            return true;
        };
        let (fname, module) = (fd.name.clone(), fd.module);
        let Ok(w) = self.annotation_want(&te, module) else {
            return true;
        };
        if self.fits(value, &w) {
            return true;
        }
        let msg = format!(
            "`{fname}` is annotated to return `{}` but returns `{}` here",
            self.sources.text(te.span()),
            self.ann_name(value)
        );
        let mut d = Diagnostic::new(ErrorKind::Type, span, msg)
            .with_label(format!("`{}`", self.ann_name(value)))
            .with_secondary(te.span(), "the annotation");
        if let Some(src) = none_from.filter(|_| self.fits(&value.non_null(), &w)) {
            d = d.with_note(format!(
                "`None` reaches this value from {}",
                self.sources.describe(src)
            ));
        }
        self.report(d);
        false
    }

    /// After inference: annotations name known types, and the entry point's
    /// parameter (set by the toolchain, not by a call) fits its annotation.
    pub(super) fn check_annotations(&mut self) {
        let mut done = std::collections::HashSet::new();
        for fk in 0..self.funcs.len() {
            let func = self.funcs[fk].key.func;
            if !done.insert(func) {
                continue;
            }
            let fd = &self.flow.funcs[func];
            if matches!(fd.kind, FuncKind::ModuleStartup(_)) {
                continue;
            }
            let module = fd.module;
            let mut tes: Vec<TypeExpr> = fd
                .params
                .iter()
                .filter_map(|p| p.annotation.clone())
                .collect();
            tes.extend(fd.returns.clone());
            for te in tes {
                if let Err((span, msg)) = self.annotation_want(&te, module) {
                    self.report(Diagnostic::new(ErrorKind::Name, span, msg));
                }
            }
        }
        if let Some(fk) = self.entry {
            let arg = self.funcs[fk]
                .params
                .first()
                .cloned()
                .unwrap_or(Ann::Bottom);
            let span = self.flow.funcs[self.funcs[fk].key.func].span;
            self.check_param_annotation(fk, 0, &arg, span);
        }
    }
}
