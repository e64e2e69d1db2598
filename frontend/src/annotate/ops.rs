//! The annotation rule of every flow-graph operation.

use super::classes::ClassTable;
use super::lattice::{Ann, ClassKey};
use super::names::{self, NameRef};
use super::{Annotator, Clash, FKey};
use crate::diagnostic::ErrorKind;
use crate::flow::{BinOp, BlockId, CmpOp, Constant, FuncKind, Op, OpKind, UnaryOp, Var};
use crate::percent::{directive_count, parse_percent, Piece};
use crate::source::Span;
use std::collections::BTreeSet;

/// Which operands of an op must not be `None` (the object it acts on, the
/// operands of arithmetic and ordering).
fn value_positions(k: &OpKind) -> &'static [usize] {
    match k {
        OpKind::LoadAttr(_)
        | OpKind::StoreAttr(_)
        | OpKind::CallMethod { .. }
        | OpKind::GetItem
        | OpKind::SetItem
        | OpKind::DelItem
        | OpKind::GetSlice(_)
        | OpKind::SetSlice(_)
        | OpKind::DelSlice(_)
        | OpKind::Call { .. }
        | OpKind::IterSource
        | OpKind::Len
        | OpKind::Unpack { .. }
        | OpKind::UnpackCheck(_)
        | OpKind::UnaryOp(_) => &[0],
        OpKind::BinOp(_) | OpKind::InplaceOp(_) => &[0, 1],
        OpKind::Compare(CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge) => &[0, 1],
        OpKind::Compare(CmpOp::In | CmpOp::NotIn) => &[1],
        _ => &[],
    }
}

/// The annotation of a literal.
pub fn const_ann(c: &Constant) -> Ann {
    match c {
        Constant::None => Ann::NoneOnly,
        Constant::Bool(_) => Ann::Bool,
        Constant::Int(_) => Ann::Int,
        Constant::Float(_) => Ann::Float,
        Constant::Str(_) => Ann::Str { nullable: false },
    }
}

impl Annotator<'_> {
    /// The annotation of what a resolved name refers to.
    pub(crate) fn name_ann(&mut self, r: NameRef) -> Ann {
        match r {
            NameRef::Func(f) => {
                self.note_function_value(f);
                Ann::Funcs(BTreeSet::from([f]))
            }
            NameRef::Class(c) => Ann::Classes(BTreeSet::from([c])),
            NameRef::Module(m) => Ann::Module(m),
            NameRef::Global(m, n) => self.read_global(m, &n),
            NameRef::Builtin(b) => Ann::Builtin(b),
            NameRef::FloatConst(_) => Ann::Float,
            NameRef::Stream(s) => Ann::Stream(s),
        }
    }

    /// The constant a variable holds, if it is defined by a `Const` op.
    pub fn const_of(&self, fk: FKey, v: Var) -> Option<Constant> {
        let g = &self.flow.funcs[self.funcs[fk].key.func].graph;
        for (_, b) in g.blocks.iter() {
            for op in &b.ops {
                if op.result == Some(v) {
                    return match &op.kind {
                        OpKind::Const(c) => Some(c.clone()),
                        OpKind::Copy => self.const_of(fk, op.args[0]),
                        _ => None,
                    };
                }
            }
        }
        None
    }

    /// The op defining a variable, if it is an op result.
    pub fn defining_op(&self, fk: FKey, v: Var) -> Option<&Op> {
        let g = &self.flow.funcs[self.funcs[fk].key.func].graph;
        g.blocks
            .values()
            .flat_map(|b| b.ops.iter())
            .find(|op| op.result == Some(v))
    }

    pub(super) fn flow_op(&mut self, fk: FKey, b: BlockId, i: usize, op: &Op) -> Ann {
        let args: Vec<Ann> = op.args.iter().map(|&v| self.var(fk, v)).collect();
        let func = self.funcs[fk].key.func;
        let module = self.flow.funcs[func].module;
        let span = op.span;
        let needs_all = !matches!(
            op.kind,
            OpKind::Const(_)
                | OpKind::Unbound
                | OpKind::BuildList
                | OpKind::BuildDict
                | OpKind::LoadGlobal(_)
                | OpKind::LoadBuiltin(_)
        );
        if needs_all && args.contains(&Ann::Bottom) {
            return Ann::Bottom;
        }
        // A receiver that is only ever None *so far* may still become an
        // object later in the fixpoint: wait, and check at the end.
        for &k in value_positions(&op.kind) {
            if args.get(k) == Some(&Ann::NoneOnly) {
                self.none_receivers
                    .push((fk, op.args[k], span, op.kind.python_action()));
                return Ann::Bottom;
            }
        }
        match &op.kind {
            OpKind::Const(c) => const_ann(c),
            OpKind::Copy => args[0].clone(),
            OpKind::Unbound => Ann::Bottom,
            OpKind::Raise => {
                self.check_raise(fk, &args[0], span);
                Ann::Bottom
            }
            OpKind::LoadGlobal(name) => {
                match names::resolve_global(self.flow, &self.classes, module, name) {
                    Some(r) => self.name_ann(r),
                    None => self.error(
                        ErrorKind::Name,
                        span,
                        format!("name `{name}` is not defined"),
                    ),
                }
            }
            OpKind::LoadBuiltin(name) => match names::resolve_builtin(name) {
                Some(r) => self.name_ann(r),
                None => self.error(
                    ErrorKind::Name,
                    span,
                    format!("built-in `{name}` is not defined"),
                ),
            },
            OpKind::StoreGlobal(name) => {
                match names::resolve_global(self.flow, &self.classes, module, name) {
                    Some(NameRef::Global(m, n)) => {
                        let from_startup = matches!(self.flow.funcs[func].kind, FuncKind::ModuleStartup(sm) if sm == m);
                        self.write_global(m, &n, &args[0], span, from_startup);
                    }
                    Some(_) => {
                        self.error(
                            ErrorKind::Type,
                            span,
                            format!(
                                "`{name}` names a function, class or module and cannot be assigned"
                            ),
                        );
                    }
                    None => {
                        self.error(
                            ErrorKind::Name,
                            span,
                            format!("global `{name}` is not defined at module level"),
                        );
                    }
                }
                Ann::Bottom
            }
            OpKind::LoadAttr(name) => self.load_attr(&args[0], name, span),
            OpKind::StoreAttr(name) => {
                self.store_attr(&args[0], name, &args[1], span);
                if let (Ann::Instance { class, .. }, true) = (&args[0], args[1].is_nullable()) {
                    self.note_attr_none(fk, *class, name, op.args[1], span);
                }
                Ann::Bottom
            }
            OpKind::StoreClassAttr(cid, name) => {
                let key = self.classes.by_def[cid];
                self.write_class_attr(key, name, &args[0], span);
                Ann::Bottom
            }
            OpKind::BinOp(bop) => self.binop(fk, b, i, op, *bop, &args[0], &args[1], false),
            OpKind::InplaceOp(bop) => self.binop(fk, b, i, op, *bop, &args[0], &args[1], true),
            OpKind::UnaryOp(u) => match (u, &args[0]) {
                (UnaryOp::Neg | UnaryOp::Pos, Ann::Int | Ann::Bool) => Ann::Int,
                (UnaryOp::Neg | UnaryOp::Pos, Ann::Float) => Ann::Float,
                (UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert, Ann::UInt) => Ann::UInt,
                (UnaryOp::Invert, Ann::Int | Ann::Bool) => Ann::Int,
                (u, a) => {
                    let sym = u.symbol();
                    let msg = format!("bad operand type for unary {sym}: `{}`", self.ann_name(a));
                    self.error(ErrorKind::Type, span, msg)
                }
            },
            OpKind::Not | OpKind::Truth => {
                self.check_truth(&args[0], span);
                Ann::Bool
            }
            OpKind::Compare(c) => self.compare(*c, &args[0], &args[1], span),
            OpKind::GetItem => self.getitem(fk, op, &args[0], &args[1], span),
            OpKind::SetItem => {
                match (&args[0], &args[1]) {
                    (Ann::List { def, .. }, idx) if idx.is_intlike() => {
                        let def = *def;
                        self.list_add_item(def, &args[2], span);
                    }
                    (Ann::Dict { def, .. }, _) => {
                        let def = *def;
                        self.dict_add(def, &args[1], &args[2], span);
                    }
                    (Ann::List { .. }, idx) => {
                        let msg = format!(
                            "list indices must be integers, not `{}`",
                            self.ann_name(idx)
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                    (c @ (Ann::Tuple(_) | Ann::Str { .. }), _) => {
                        let msg = format!(
                            "`{}` does not support item assignment ({} immutable)",
                            self.ann_name(c),
                            if matches!(c, Ann::Tuple(_)) {
                                "tuples are"
                            } else {
                                "strs are"
                            }
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                    (c, _) => {
                        let msg =
                            format!("`{}` does not support item assignment", self.ann_name(c));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Bottom
            }
            OpKind::DelItem => {
                match (&args[0], &args[1]) {
                    (Ann::List { .. }, idx) if idx.is_intlike() => {}
                    (Ann::Dict { def, .. }, k) => {
                        let def = *def;
                        self.check_key(def, k, span);
                    }
                    (c, _) => {
                        let msg = format!("`{}` does not support item deletion", self.ann_name(c));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Bottom
            }
            OpKind::GetSlice(shape) => {
                if self.bad_slice_bound(&args[1..], span) {
                    return Ann::Bottom;
                }
                match &args[0] {
                    Ann::Str { .. } => {
                        if shape.step {
                            let s = Ann::Str { nullable: false };
                            self.call_prelude(
                                "str_slice_step",
                                &[s, Ann::Int, Ann::Int, Ann::Int, Ann::Bool, Ann::Bool],
                                span,
                            );
                        }
                        Ann::Str { nullable: false }
                    }
                    l @ Ann::List { .. } => {
                        let l = l.non_null();
                        if shape.step {
                            self.call_prelude(
                                "list_slice_step",
                                &[
                                    l.clone(),
                                    Ann::Int,
                                    Ann::Int,
                                    Ann::Int,
                                    Ann::Bool,
                                    Ann::Bool,
                                ],
                                span,
                            );
                        }
                        l
                    }
                    other => {
                        let msg = format!("`{}` cannot be sliced", self.ann_name(other));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            OpKind::SetSlice(shape) => {
                let n = op.args.len();
                if self.bad_slice_bound(&args[1..n - 1], span) {
                    return Ann::Bottom;
                }
                match (&args[0], &args[n - 1]) {
                    (l @ Ann::List { .. }, v @ Ann::List { .. }) => {
                        let (l, v) = (l.clone(), v.clone());
                        if self.union(&l, &v).is_err() {
                            let msg = format!(
                                "cannot assign `{}` to a slice of `{}`",
                                self.ann_name(&v),
                                self.ann_name(&l)
                            );
                            self.error(ErrorKind::Type, span, msg);
                        } else if shape.step {
                            let l = l.non_null();
                            self.call_prelude(
                                "list_set_slice_step",
                                &[
                                    l.clone(),
                                    Ann::Int,
                                    Ann::Int,
                                    Ann::Int,
                                    Ann::Bool,
                                    Ann::Bool,
                                    l,
                                ],
                                span,
                            );
                        }
                    }
                    (c, v) => {
                        let msg = format!(
                            "cannot assign `{}` to a slice of `{}`",
                            self.ann_name(v),
                            self.ann_name(c)
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Bottom
            }
            OpKind::DelSlice(shape) => {
                if self.bad_slice_bound(&args[1..], span) {
                    return Ann::Bottom;
                }
                match &args[0] {
                    l @ Ann::List { .. } => {
                        if shape.step {
                            let l = l.non_null();
                            self.call_prelude(
                                "list_del_slice_step",
                                &[l, Ann::Int, Ann::Int, Ann::Int, Ann::Bool, Ann::Bool],
                                span,
                            );
                        }
                    }
                    c => {
                        let msg = format!("`{}` does not support slice deletion", self.ann_name(c));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Bottom
            }
            OpKind::Call { kwnames } => {
                let npos = op.args.len() - 1 - kwnames.len();
                let pos: Vec<(Ann, Option<Var>)> = (0..npos)
                    .map(|k| (args[1 + k].clone(), Some(op.args[1 + k])))
                    .collect();
                let kw: Vec<(String, Ann, Option<Var>)> = kwnames
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        (
                            n.clone(),
                            args[1 + npos + k].clone(),
                            Some(op.args[1 + npos + k]),
                        )
                    })
                    .collect();
                self.call_value(fk, b, i, &args[0], &pos, &kw, span)
            }
            OpKind::CallMethod { name, kwnames } => {
                let npos = op.args.len() - 1 - kwnames.len();
                let pos: Vec<(Ann, Option<Var>)> = (0..npos)
                    .map(|k| (args[1 + k].clone(), Some(op.args[1 + k])))
                    .collect();
                let kw: Vec<(String, Ann, Option<Var>)> = kwnames
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        (
                            n.clone(),
                            args[1 + npos + k].clone(),
                            Some(op.args[1 + npos + k]),
                        )
                    })
                    .collect();
                self.call_method(fk, b, i, &args[0], Some(op.args[0]), name, &pos, &kw, span)
            }
            OpKind::BuildList => {
                let def = self.site_list(fk, b, i, 0, span);
                let g = &self.flow.funcs[func].graph;
                let spans: Vec<Span> = op.args.iter().map(|&v| g.vars[v].span).collect();
                for (a, s) in args.iter().zip(spans) {
                    if *a != Ann::Bottom {
                        self.list_add_item(def, a, s);
                    }
                }
                Ann::List {
                    def,
                    nullable: false,
                }
            }
            OpKind::BuildTuple => Ann::Tuple(args),
            OpKind::BuildDict => {
                let def = self.site_dict(fk, b, i, 0, span);
                let g = &self.flow.funcs[func].graph;
                let spans: Vec<Span> = op.args.iter().map(|&v| g.vars[v].span).collect();
                for (pair, sp) in args.chunks(2).zip(spans.chunks(2)) {
                    if pair.len() == 2 && pair[0] != Ann::Bottom && pair[1] != Ann::Bottom {
                        self.dict_add_at(def, &pair[0], sp[0], &pair[1], sp[1]);
                    }
                }
                Ann::Dict {
                    def,
                    nullable: false,
                }
            }
            OpKind::IterSource => match &args[0] {
                l @ Ann::List { .. } => l.non_null(),
                Ann::Str { .. } => Ann::Str { nullable: false },
                Ann::Dict { def, .. } => {
                    let (k, _) = self.dict_kv(*def);
                    let l = self.site_list(fk, b, i, 0, span);
                    if k != Ann::Bottom {
                        self.list_add_item(l, &k, span);
                    }
                    Ann::List {
                        def: l,
                        nullable: false,
                    }
                }
                Ann::Tuple(items) => {
                    let l = self.site_list(fk, b, i, 0, span);
                    for it in items.clone() {
                        if !self.list_add_item(l, &it, span) {
                            break;
                        }
                    }
                    Ann::List {
                        def: l,
                        nullable: false,
                    }
                }
                Ann::Range => {
                    let l = self.site_list(fk, b, i, 0, span);
                    self.list_add_item(l, &Ann::Int, span);
                    self.call_prelude("range_list", &[Ann::Int, Ann::Int, Ann::Int], span);
                    Ann::List {
                        def: l,
                        nullable: false,
                    }
                }
                other => {
                    let msg = format!("`{}` is not iterable", self.ann_name(other));
                    self.error(ErrorKind::Type, span, msg)
                }
            },
            OpKind::Len => self.len_of(&args[0], span),
            OpKind::UnpackCheck(n) => {
                match &args[0] {
                    Ann::Tuple(items) if items.len() != *n => {
                        let msg = format!(
                            "cannot unpack a tuple of {} items into {} targets",
                            items.len(),
                            n
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                    Ann::Tuple(_) | Ann::List { .. } | Ann::Str { .. } => {}
                    other => {
                        let msg = format!("cannot unpack `{}`", self.ann_name(other));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Bottom
            }
            OpKind::Unpack { index, .. } => match &args[0] {
                Ann::Tuple(items) => items.get(*index).cloned().unwrap_or(Ann::Bottom),
                Ann::List { def, .. } => {
                    let def = *def;
                    self.list_item(def)
                }
                Ann::Str { .. } => Ann::Str { nullable: false },
                other => {
                    let msg = format!("cannot unpack `{}`", self.ann_name(other));
                    self.error(ErrorKind::Type, span, msg)
                }
            },
            OpKind::FormatValue { conversion, spec } => {
                self.format_value(&args[0], *conversion, spec.as_deref(), span);
                Ann::Str { nullable: false }
            }
            OpKind::BuildString => {
                for a in &args {
                    if !matches!(a, Ann::Str { .. }) {
                        let msg = format!("f-string part is `{}`, not `str`", self.ann_name(a));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Str { nullable: false }
            }
            OpKind::IsInstance | OpKind::ExcMatch => {
                self.class_list(&args[1], span);
                Ann::Bool
            }
            OpKind::Narrow => {
                let classes = self.class_list(&args[1], span);
                self.narrow(&args[0], &classes)
            }
            // None alone becomes nothing: the branch is never taken.
            OpKind::NotNone => match &args[0] {
                Ann::NoneOnly => Ann::Bottom,
                a => a.non_null(),
            },
        }
    }

    /// The classes named by an `isinstance`/`except` class operand.
    pub(crate) fn class_list(&mut self, a: &Ann, span: Span) -> Vec<ClassKey> {
        match a {
            Ann::Classes(cs) => cs.iter().copied().collect(),
            Ann::Tuple(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it {
                        Ann::Classes(cs) if cs.len() == 1 => out.extend(cs.iter().copied()),
                        other => {
                            let msg = format!("expected a class, got `{}`", self.ann_name(other));
                            self.error(ErrorKind::Type, span, msg);
                        }
                    }
                }
                out
            }
            Ann::Builtin(_) => Vec::new(), // isinstance(x, int) and friends: checked by the caller
            other => {
                let msg = format!(
                    "expected a class or a tuple of classes, got `{}`",
                    self.ann_name(other)
                );
                self.error(ErrorKind::Type, span, msg);
                Vec::new()
            }
        }
    }

    fn narrow(&self, x: &Ann, classes: &[ClassKey]) -> Ann {
        let Ann::Instance { class, .. } = x else {
            return x.clone();
        };
        let mut best: Option<ClassKey> = None;
        for &k in classes {
            let n = if self.classes.is_subclass(k, *class) {
                k
            } else if self.classes.is_subclass(*class, k) {
                *class
            } else {
                continue;
            };
            best = Some(match best {
                None => n,
                Some(b) => self.classes.common_base(b, n).unwrap_or(*class),
            });
        }
        match best {
            Some(k) => Ann::Instance {
                class: k,
                nullable: false,
            },
            None => Ann::Bottom,
        }
    }

    fn check_truth(&mut self, a: &Ann, span: Span) {
        match a {
            Ann::Bool
            | Ann::Int
            | Ann::UInt
            | Ann::Float
            | Ann::Str { .. }
            | Ann::NoneOnly
            | Ann::List { .. }
            | Ann::Dict { .. }
            | Ann::Tuple(_)
            | Ann::Instance { .. }
            | Ann::File { .. }
            | Ann::Funcs(_)
            | Ann::Classes(_)
            | Ann::Methods { .. } => {}
            other => {
                let msg = format!(
                    "`{}` has no truth value in Kiln Python",
                    self.ann_name(other)
                );
                self.error(ErrorKind::Type, span, msg);
            }
        }
    }

    fn len_of(&mut self, a: &Ann, span: Span) -> Ann {
        match a {
            Ann::Str { .. } | Ann::List { .. } | Ann::Dict { .. } | Ann::Tuple(_) | Ann::Range => {
                Ann::Int
            }
            other => {
                let msg = format!("object of type `{}` has no len()", self.ann_name(other));
                self.error(ErrorKind::Type, span, msg)
            }
        }
    }

    /// A key used to look up a dict: its type joins the dict's key type (an
    /// instance of a sibling class can be looked up; an int in a str-keyed
    /// dict cannot). A None key is simply absent.
    fn check_key(&mut self, def: super::lattice::DictDef, k: &Ann, span: Span) {
        if *k == Ann::NoneOnly || *k == Ann::Bottom {
            return;
        }
        let (key, _) = self.dict_kv(def);
        let k = if key.is_nullable() {
            k.clone()
        } else {
            k.non_null()
        };
        match (&key, &k) {
            (Ann::Int, Ann::Bool) => {}
            _ => {
                if self.union(&key, &k).is_err() {
                    let msg = format!(
                        "dict keys are `{}` but the key here is `{}`",
                        self.ann_name(&key),
                        self.ann_name(&k)
                    );
                    self.error(ErrorKind::Type, span, msg);
                } else {
                    self.dict_add(def, &k, &Ann::Bottom, span);
                }
            }
        }
    }

    fn getitem(&mut self, fk: FKey, op: &Op, c: &Ann, idx: &Ann, span: Span) -> Ann {
        match c {
            Ann::List { def, .. } if idx.is_intlike() => {
                let def = *def;
                self.list_item(def)
            }
            Ann::Str { .. } if idx.is_intlike() => Ann::Str { nullable: false },
            Ann::Dict { def, .. } => {
                let def = *def;
                self.check_key(def, idx, span);
                self.dict_kv(def).1
            }
            Ann::Tuple(items) if idx.is_intlike() => match self.const_of(fk, op.args[1]) {
                Some(Constant::Int(k)) => {
                    let n = items.len() as i64;
                    let k2 = if k < 0 { k + n } else { k };
                    if k2 < 0 || k2 >= n {
                        self.error(
                            ErrorKind::Type,
                            span,
                            format!("tuple index {k} is out of range for a tuple of {n} items"),
                        )
                    } else {
                        items[k2 as usize].clone()
                    }
                }
                _ => {
                    let mut out = Ann::Bottom;
                    for it in items.clone() {
                        match self.union(&out, &it) {
                            Ok(u) => out = u,
                            Err(Clash) => {
                                return self.error(
                                    ErrorKind::Type,
                                    span,
                                    "a tuple with items of different types can only be indexed by a constant",
                                )
                            }
                        }
                    }
                    out
                }
            },
            other => {
                let msg = format!(
                    "`{}` cannot be indexed by `{}`",
                    self.ann_name(other),
                    self.ann_name(idx)
                );
                self.error(ErrorKind::Type, span, msg)
            }
        }
    }

    /// Annotates `a op b`.
    #[allow(clippy::too_many_arguments)]
    fn binop(
        &mut self,
        fk: FKey,
        _b: BlockId,
        _i: usize,
        op: &Op,
        bop: BinOp,
        a: &Ann,
        b: &Ann,
        inplace: bool,
    ) -> Ann {
        use Ann::*;
        let span = op.span;
        let any_uint = matches!(a, UInt) || matches!(b, UInt);
        let res = match (a, b) {
            (x, y) if x.is_intlike() && y.is_intlike() => Some(match bop {
                BinOp::Div => Float,
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor if *x == Bool && *y == Bool => Bool,
                _ if any_uint => UInt,
                _ => Int,
            }),
            (x, y) if x.is_numeric() && y.is_numeric() => match bop {
                BinOp::Add
                | BinOp::Sub
                | BinOp::Mul
                | BinOp::Div
                | BinOp::FloorDiv
                | BinOp::Mod
                | BinOp::Pow => Some(Float),
                _ => None,
            },
            (Str { .. }, Str { .. }) if bop == BinOp::Add => Some(Str { nullable: false }),
            (Str { .. }, y) if bop == BinOp::Mul && y.is_intlike() => Some(Str { nullable: false }),
            (x, Str { .. }) if bop == BinOp::Mul && x.is_intlike() => Some(Str { nullable: false }),
            (Str { .. }, _) if bop == BinOp::Mod => {
                self.percent(fk, op, b, span);
                Some(Str { nullable: false })
            }
            (List { .. }, List { .. }) if bop == BinOp::Add => {
                let (x, y) = (a.non_null(), b.non_null());
                match self.union(&x, &y) {
                    Ok(u) => {
                        if !inplace {
                            self.call_prelude("list_concat", &[u.clone(), u.clone()], span);
                        }
                        Some(u.non_null())
                    }
                    Err(Clash) => None,
                }
            }
            (List { .. }, y) if bop == BinOp::Mul && y.is_intlike() => {
                let l = a.non_null();
                // `[v] * n` is one allocation (no prelude call, no unification).
                let literal = self
                    .defining_op(fk, op.args[0])
                    .is_some_and(|d| d.kind == OpKind::BuildList && d.args.len() == 1);
                if !literal || inplace {
                    self.call_prelude("list_repeat", &[l.clone(), Int], span);
                }
                Some(l)
            }
            (x, List { .. }) if bop == BinOp::Mul && x.is_intlike() => {
                let l = b.non_null();
                self.call_prelude("list_repeat", &[l.clone(), Int], span);
                Some(l)
            }
            (Tuple(x), Tuple(y)) if bop == BinOp::Add => {
                let mut items = x.clone();
                items.extend(y.iter().cloned());
                Some(Tuple(items))
            }
            _ => None,
        };
        match res {
            Some(r) => r,
            None => {
                let sym = bop.symbol();
                let msg = format!(
                    "unsupported operand types for {sym}: `{}` and `{}`",
                    self.ann_name(a),
                    self.ann_name(b)
                );
                self.error(ErrorKind::Type, span, msg)
            }
        }
    }

    /// Reports a slice bound that is not an int (None is allowed: an
    /// omitted bound); true when one was reported.
    fn bad_slice_bound(&mut self, bounds: &[Ann], span: Span) -> bool {
        for a in bounds {
            if !a.is_intlike() && *a != Ann::NoneOnly {
                let msg = format!("slice indices must be integers, got `{}`", self.ann_name(a));
                self.error(ErrorKind::Type, span, msg);
                return true;
            }
        }
        false
    }

    /// `fmt % values` with a constant format string.
    fn percent(&mut self, fk: FKey, op: &Op, values: &Ann, span: Span) {
        let fmt = match self.const_of(fk, op.args[0]) {
            Some(Constant::Str(s)) => s,
            _ => {
                self.error(
                    ErrorKind::Unsupported,
                    span,
                    "the left operand of `%` formatting must be a string literal",
                );
                return;
            }
        };
        let pieces = match parse_percent(&fmt) {
            Ok(p) => p,
            Err(m) => {
                self.error(ErrorKind::Unsupported, span, m);
                return;
            }
        };
        let n = directive_count(&pieces);
        let vals: Vec<Ann> = match values {
            Ann::Tuple(items) => items.clone(),
            other => vec![other.clone()],
        };
        if vals.len() != n {
            let msg = format!(
                "the format string has {n} directive{} but {} value{} given",
                if n == 1 { "" } else { "s" },
                vals.len(),
                if vals.len() == 1 { " is" } else { "s are" }
            );
            self.error(ErrorKind::Type, span, msg);
            return;
        }
        let s = Ann::Str { nullable: false };
        let mut k = 0;
        for p in pieces {
            let Piece::Directive(d) = p else { continue };
            let v = vals[k].clone();
            k += 1;
            match d.conv {
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    if !v.is_numeric() {
                        let msg = format!(
                            "%{} format: a number is required, not `{}`",
                            d.conv,
                            self.ann_name(&v)
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                    self.call_prelude(
                        "percent_int",
                        &[Ann::Int, s.clone(), Ann::Int, Ann::Int, s.clone()],
                        span,
                    );
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    if !v.is_numeric() {
                        let msg = format!(
                            "%{} format: a real number is required, not `{}`",
                            d.conv,
                            self.ann_name(&v)
                        );
                        self.error(ErrorKind::Type, span, msg);
                    }
                    self.call_prelude(
                        "percent_float",
                        &[Ann::Float, s.clone(), Ann::Int, Ann::Int, s.clone()],
                        span,
                    );
                }
                'r' => {
                    self.text_repr(&v, span);
                    self.call_prelude(
                        "percent_str",
                        &[s.clone(), s.clone(), Ann::Int, Ann::Int],
                        span,
                    );
                }
                _ => {
                    self.text_str(&v, span);
                    self.call_prelude(
                        "percent_str",
                        &[s.clone(), s.clone(), Ann::Int, Ann::Int],
                        span,
                    );
                }
            }
        }
    }

    fn format_value(&mut self, v: &Ann, conversion: Option<char>, spec: Option<&str>, span: Span) {
        let s = Ann::Str { nullable: false };
        let spec = spec.unwrap_or("");
        match conversion {
            Some('r') | Some('a') => {
                self.text_repr(v, span);
                if !spec.is_empty() {
                    self.call_prelude("format_str", &[s.clone(), s], span);
                }
                return;
            }
            Some(_) => {
                self.text_str(v, span);
                if !spec.is_empty() {
                    self.call_prelude("format_str", &[s.clone(), s], span);
                }
                return;
            }
            None => {}
        }
        if spec.is_empty() {
            self.text_str(v, span);
            return;
        }
        let last = spec.chars().last().unwrap_or(' ');
        match v {
            Ann::Bool if !"bcdoxXneEfFgG%".contains(last) => {
                self.call_prelude("format_str", &[s.clone(), s], span);
            }
            Ann::Int | Ann::Bool | Ann::UInt => {
                self.call_prelude("format_int", &[Ann::Int, s.clone()], span);
                if "eEfFgG%".contains(last) {
                    self.call_prelude("format_float", &[Ann::Float, s], span);
                }
            }
            Ann::Float => {
                self.call_prelude("format_float", &[Ann::Float, s], span);
            }
            Ann::Str { .. } => {
                self.call_prelude("format_str", &[s.clone(), s], span);
            }
            other => {
                let other = other.clone();
                self.text_str(&other, span);
                self.call_prelude("format_str", &[s.clone(), s], span);
            }
        }
    }

    /// Annotates a comparison.
    fn compare(&mut self, c: CmpOp, a: &Ann, b: &Ann, span: Span) -> Ann {
        use Ann::*;
        match c {
            CmpOp::Is | CmpOp::IsNot => Bool,
            CmpOp::Eq | CmpOp::Ne => {
                self.check_eq(a, b, span);
                Bool
            }
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                if !self.orderable(a, b) {
                    let msg = format!(
                        "`<` is not supported between `{}` and `{}`",
                        self.ann_name(a),
                        self.ann_name(b)
                    );
                    self.error(ErrorKind::Type, span, msg);
                }
                Bool
            }
            CmpOp::In | CmpOp::NotIn => {
                match b {
                    List { .. } => {
                        let l = b.non_null();
                        if let List { def, .. } = &l {
                            let item = self.list_item(*def);
                            if item != Bottom && self.union(&item, a).is_err() {
                                let msg = format!(
                                    "`in` tests a `{}` against a list of `{}`",
                                    self.ann_name(a),
                                    self.ann_name(&item)
                                );
                                self.error(ErrorKind::Type, span, msg);
                                return Bool;
                            }
                        }
                        let item = if let List { def, .. } = &l {
                            self.list_item(*def)
                        } else {
                            Bottom
                        };
                        if item != Bottom {
                            self.call_prelude("list_contains", &[l.clone(), item], span);
                        }
                    }
                    Str { .. } => {
                        if !matches!(a, Str { .. }) {
                            let msg = format!(
                                "`in <str>` requires a str on the left, not `{}`",
                                self.ann_name(a)
                            );
                            self.error(ErrorKind::Type, span, msg);
                        }
                    }
                    Dict { def, .. } => {
                        let def = *def;
                        self.check_key(def, a, span);
                    }
                    Tuple(items) => {
                        for it in items.clone() {
                            self.check_eq(a, &it, span);
                        }
                    }
                    other => {
                        let msg = format!("`in` is not supported on `{}`", self.ann_name(other));
                        self.error(ErrorKind::Type, span, msg);
                    }
                }
                Bool
            }
        }
    }

    /// Checks `a == b` and annotates what it calls (`__eq__`, `list_eq`).
    pub(crate) fn check_eq(&mut self, a: &Ann, b: &Ann, span: Span) {
        use Ann::*;
        match (a, b) {
            (x, y) if x.is_numeric() && y.is_numeric() => {}
            (Str { .. }, Str { .. }) | (NoneOnly, _) | (_, NoneOnly) => {}
            (Instance { class: c1, .. }, Instance { .. })
                if self.classes.has_method_in_family(*c1, "__eq__") =>
            {
                let c1 = *c1;
                self.call_method_on_instance(c1, "__eq__", &[(b.non_null(), None)], &[], span);
            }
            (List { .. }, List { .. }) => {
                let (x, y) = (a.non_null(), b.non_null());
                if self.union(&x, &y).is_ok() {
                    self.call_prelude("list_eq", &[x.clone(), x], span);
                }
            }
            (Tuple(x), Tuple(y)) if x.len() == y.len() => {
                for (p, q) in x.clone().iter().zip(y.clone().iter()) {
                    self.check_eq(p, q, span);
                }
            }
            _ => {}
        }
    }

    fn orderable(&mut self, a: &Ann, b: &Ann) -> bool {
        use Ann::*;
        match (a, b) {
            (x, y) if x.is_numeric() && y.is_numeric() => true,
            (Str { .. }, Str { .. }) => true,
            (Tuple(x), Tuple(y)) => x
                .iter()
                .zip(y.iter())
                .all(|(p, q)| self.orderable(&p.clone(), &q.clone())),
            (List { .. }, List { .. }) => false,
            _ => false,
        }
    }

    fn load_attr(&mut self, obj: &Ann, name: &str, span: Span) -> Ann {
        match obj {
            Ann::Instance { class, .. } => {
                let c = *class;
                self.instance_attr(c, name, span)
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one class");
                if let Some((_, f)) = self.classes.lookup_method(self.flow, c, name) {
                    return Ann::Funcs(BTreeSet::from([f]));
                }
                for k in self.classes.ancestors(c) {
                    if self.classes.get(k).class_attrs.contains(name) {
                        let key = (k, name.to_string());
                        if let Some(d) = self.current {
                            self.class_attr_readers
                                .entry(key.clone())
                                .or_default()
                                .insert(d);
                        }
                        return self.class_attrs.get(&key).cloned().unwrap_or(Ann::Bottom);
                    }
                }
                let msg = format!(
                    "class `{}` has no attribute `{name}`",
                    self.classes.get(c).name
                );
                self.error(ErrorKind::Name, span, msg)
            }
            Ann::Module(m) => {
                match names::resolve_module_attr(self.flow, &self.classes, *m, name) {
                    Some(r) => self.name_ann(r),
                    None => {
                        let mname = self.ann_name(obj);
                        self.error(
                            ErrorKind::Name,
                            span,
                            format!("{mname} has no attribute `{name}`"),
                        )
                    }
                }
            }
            Ann::Str { .. }
            | Ann::List { .. }
            | Ann::Dict { .. }
            | Ann::File { .. }
            | Ann::Stream(_) => {
                if super::builtins::has_builtin_method(obj, name) {
                    Ann::BuiltinBound(Box::new(obj.non_null()), name.to_string())
                } else {
                    let msg = format!("`{}` has no attribute `{name}`", self.ann_name(obj));
                    self.error(ErrorKind::Name, span, msg)
                }
            }
            other => {
                let msg = format!("`{}` has no attribute `{name}`", self.ann_name(other));
                self.error(ErrorKind::Name, span, msg)
            }
        }
    }

    /// `x.name` for an instance of `c`: a method, a field or a class attribute.
    pub(crate) fn instance_attr(&mut self, c: ClassKey, name: &str, span: Span) -> Ann {
        let is_field = self.stored_attr_names.contains(name);
        if !is_field && self.classes.has_method_in_family(c, name) {
            if let Some((_, f)) = self.classes.lookup_method(self.flow, c, name) {
                if ClassTable::is_static(self.flow, f) {
                    return Ann::Funcs(BTreeSet::from([f]));
                }
            }
            self.note_method_use(c, name);
            return Ann::Methods {
                class: c,
                names: BTreeSet::from([name.to_string()]),
            };
        }
        if !is_field && self.classes.has_class_attr_in_family(c, name) {
            return self.read_class_attr(c, name, span);
        }
        if self.classes.is_exception(c)
            && ClassTable::as_builtin(c).is_some()
            && name != "__message__"
        {
            let msg = format!(
                "`{}` has no attribute `{name}` in Kiln Python (use str(e) for the message)",
                self.classes.get(c).name
            );
            return self.error(ErrorKind::Name, span, msg);
        }
        self.read_attr(c, name, span)
    }

    fn store_attr(&mut self, obj: &Ann, name: &str, value: &Ann, span: Span) {
        match obj {
            Ann::Instance { class, .. } => {
                let c = *class;
                if self.classes.has_method_in_family(c, name) {
                    let msg = format!(
                        "`{name}` is a method of `{}` and cannot be assigned",
                        self.classes.get(c).name
                    );
                    self.error(ErrorKind::Type, span, msg);
                    return;
                }
                self.write_attr(c, name, value, span);
            }
            Ann::Module(super::lattice::ModRef::User(m)) => {
                let m = *m;
                match names::resolve_module_attr(
                    self.flow,
                    &self.classes,
                    super::lattice::ModRef::User(m),
                    name,
                ) {
                    Some(NameRef::Global(gm, n)) => self.write_global(gm, &n, value, span, false),
                    _ => {
                        let msg = format!(
                            "cannot assign `{name}` of module `{}`",
                            self.flow.modules[m].name
                        );
                        self.error(ErrorKind::Name, span, msg);
                    }
                }
            }
            other => {
                let msg = format!(
                    "cannot set attribute `{name}` on `{}`",
                    self.ann_name(other)
                );
                self.error(ErrorKind::Type, span, msg);
            }
        }
    }
}
