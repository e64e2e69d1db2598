//! Calls: binding arguments to parameters, specialization keys, virtual
//! calls over a class family, instantiation, and calls into the prelude.

use super::classes::ClassTable;
use super::lattice::{Ann, Builtin, ClassKey, ModRef};
use super::names::{self, NameRef};
use super::ops::const_ann;
use super::{Annotator, Clash, FKey, FuncKey, SpecKey};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{BlockId, Constant, DefaultValue, FuncId, FuncKind, Var};
use crate::source::Span;
use core_ir::BuiltinClass;

/// A positional argument: its annotation and (when known) its variable.
pub type PosArg = (Ann, Option<Var>);
/// A keyword argument.
pub type KwArg = (String, Ann, Option<Var>);

/// Where each parameter's value comes from at a call.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// The n-th positional argument.
    Pos(usize),
    /// The n-th keyword argument.
    Kw(usize),
    /// The parameter's default value.
    Default,
}

/// Name of the prelude module (see `frontend/prelude/`).
pub const PRELUDE_MODULE: &str = "kiln_prelude";

impl Annotator<'_> {
    /// Binds call arguments to the parameters of `f` (after `skip` leading
    /// parameters already bound, e.g. `self`).
    pub fn bind_args(
        &self,
        f: FuncId,
        skip: usize,
        npos: usize,
        kwnames: &[String],
    ) -> Result<Vec<ArgSource>, String> {
        let fd = &self.flow.funcs[f];
        let params = &fd.params[skip.min(fd.params.len())..];
        if npos > params.len() {
            return Err(format!(
                "`{}` takes {} argument{} but {} were given",
                fd.name,
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                npos
            ));
        }
        let mut out: Vec<Option<ArgSource>> = (0..params.len())
            .map(|i| {
                if i < npos {
                    Some(ArgSource::Pos(i))
                } else {
                    None
                }
            })
            .collect();
        for (k, n) in kwnames.iter().enumerate() {
            match params.iter().position(|p| &p.name == n) {
                Some(i) if out[i].is_some() => {
                    return Err(format!(
                        "`{}` got multiple values for argument `{n}`",
                        fd.name
                    ))
                }
                Some(i) => out[i] = Some(ArgSource::Kw(k)),
                None => {
                    return Err(format!(
                        "`{}` got an unexpected keyword argument `{n}`",
                        fd.name
                    ))
                }
            }
        }
        let mut res = Vec::new();
        for (i, o) in out.into_iter().enumerate() {
            match o {
                Some(s) => res.push(s),
                None if params[i].default.is_some() => res.push(ArgSource::Default),
                None => {
                    return Err(format!(
                        "`{}` is missing the argument `{}`",
                        fd.name, params[i].name
                    ))
                }
            }
        }
        Ok(res)
    }

    /// The annotation of a parameter's default value.
    pub(crate) fn default_ann(&mut self, f: FuncId, param: usize) -> Ann {
        let fd = &self.flow.funcs[f];
        match fd.params[param].default.clone() {
            Some(DefaultValue::Const(c)) => const_ann(&c),
            Some(DefaultValue::Global(name, span)) => {
                match names::resolve_global(self.flow, &self.classes, fd.module, &name) {
                    Some(r) => self.name_ann(r),
                    None => self.error(
                        ErrorKind::Name,
                        span,
                        format!("name `{name}` is not defined"),
                    ),
                }
            }
            None => Ann::Bottom,
        }
    }

    /// The specialization key of a call of `f` with these parameter values.
    pub fn spec_key(
        &self,
        fk_caller: Option<FKey>,
        f: FuncId,
        values: &[(Ann, Option<Var>)],
    ) -> Result<SpecKey, String> {
        let fd = &self.flow.funcs[f];
        for d in &fd.decorators {
            let last = d.path.last().map(|s| s.as_str()).unwrap_or("");
            let is_spec = d.path.len() >= 2 && d.path[d.path.len() - 2] == "specialize";
            if !is_spec {
                continue;
            }
            let mut idxs: Vec<usize> = d
                .args
                .iter()
                .flatten()
                .filter_map(|c| match c {
                    Constant::Int(n) if *n >= 0 && (*n as usize) < fd.params.len() => {
                        Some(*n as usize)
                    }
                    _ => None,
                })
                .collect();
            // A wrong index was reported at the decorator; specializing on
            // every argument then keeps its calls from clashing as well.
            if idxs.len() != d.args.iter().flatten().count() {
                idxs = (0..fd.params.len()).collect();
            }
            match last {
                "argtype" => {
                    let mut shapes = Vec::new();
                    for &i in &idxs {
                        let a = values.get(i).map(|v| v.0.clone()).unwrap_or(Ann::Bottom);
                        shapes.push(self.shape(&a));
                    }
                    return Ok(SpecKey::Shapes(shapes));
                }
                "arg" => {
                    let mut consts = Vec::new();
                    for &i in &idxs {
                        let Some((a, v)) = values.get(i) else {
                            continue;
                        };
                        let c = match a {
                            Ann::Funcs(fs) if fs.len() == 1 => {
                                Some(format!("func:{:?}", fs.iter().next()))
                            }
                            Ann::Classes(cs) if cs.len() == 1 => {
                                Some(format!("class:{:?}", cs.iter().next()))
                            }
                            _ => match (fk_caller, v) {
                                (Some(fk), Some(v)) => {
                                    self.const_of(fk, *v).map(|c| format!("{c:?}"))
                                }
                                _ => None,
                            },
                        };
                        match c {
                            Some(c) => consts.push(c),
                            None => {
                                return Err(format!(
                                    "argument {} of `{}` must be a constant (it is @specialize.arg({}))",
                                    i, fd.name, i
                                ))
                            }
                        }
                    }
                    return Ok(SpecKey::Consts(consts));
                }
                _ => {}
            }
        }
        Ok(SpecKey::None)
    }

    /// A stable text key for an annotation's shape (its eventual IR type).
    pub fn shape(&self, a: &Ann) -> String {
        match a {
            Ann::List { def, .. } => format!("list[{}]", self.shape(&self.list_item_final(*def))),
            Ann::Dict { def, .. } => {
                let (k, v) = self.dict_kv_final(*def);
                format!("dict[{},{}]", self.shape(&k), self.shape(&v))
            }
            Ann::Tuple(items) => format!(
                "tuple[{}]",
                items
                    .iter()
                    .map(|i| self.shape(i))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Ann::Instance { class, nullable } => {
                format!("inst{}{}", class.0, if *nullable { "?" } else { "" })
            }
            Ann::Str { nullable } => {
                if *nullable {
                    "str?".into()
                } else {
                    "str".into()
                }
            }
            Ann::Bool => "bool".into(),
            Ann::Int => "int".into(),
            Ann::UInt => "uint".into(),
            Ann::Float => "float".into(),
            other => format!("{other:?}"),
        }
    }

    /// Registers the current block as a reader of the lists/dicts inside `a`
    /// (so that a specialization key recomputed later sees their growth).
    fn watch_shape(&mut self, a: &Ann) {
        match a {
            Ann::List { def, .. } => {
                let item = self.list_item(*def);
                self.watch_shape(&item);
            }
            Ann::Dict { def, .. } => {
                let (k, v) = self.dict_kv(*def);
                self.watch_shape(&k);
                self.watch_shape(&v);
            }
            Ann::Tuple(items) => {
                for i in items.clone() {
                    self.watch_shape(&i);
                }
            }
            _ => {}
        }
    }

    /// Calls function `f`, with `self_ann` bound to its first parameter if
    /// given. Returns the call's result annotation.
    pub(crate) fn call_function(
        &mut self,
        f: FuncId,
        self_ann: Option<Ann>,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        let skip = usize::from(self_ann.is_some());
        let kwnames: Vec<String> = kw.iter().map(|k| k.0.clone()).collect();
        let binding = match self.bind_args(f, skip, pos.len(), &kwnames) {
            Ok(b) => b,
            Err(m) => return self.error(ErrorKind::Type, span, m),
        };
        let mut values: Vec<(Ann, Option<Var>)> = Vec::new();
        if let Some(s) = self_ann {
            values.push((s, None));
        }
        for (i, src) in binding.iter().enumerate() {
            values.push(match src {
                ArgSource::Pos(k) => (pos[*k].0.clone(), pos[*k].1),
                ArgSource::Kw(k) => (kw[*k].1.clone(), kw[*k].2),
                ArgSource::Default => (self.default_ann(f, skip + i), None),
            });
        }
        for (a, _) in values.clone() {
            self.watch_shape(&a);
        }
        let caller = self.current.map(|d| d.0);
        let spec = match self.spec_key(caller, f, &values) {
            Ok(s) => s,
            Err(m) => return self.error(ErrorKind::Hint, span, m),
        };
        // A list or dict whose items are not known yet must not be merged
        // into a specialization chosen by item type: the copy for unknown
        // items gets a placeholder of its own instead.
        let placeholder =
            matches!(&spec, SpecKey::Shapes(sh) if sh.iter().any(|x| x.contains("Bottom")));
        let fk = self.intern(FuncKey { func: f, spec });
        if placeholder {
            for (i, v) in values.iter_mut().enumerate() {
                if self.shape(&v.0).contains("Bottom") {
                    v.0 = self.placeholder_for(fk, i, &v.0);
                }
            }
        }
        if let Some(e) = self.flow.funcs[f].graph.entry {
            if !self.funcs[fk].reached[e.as_u32() as usize] {
                self.enter(fk);
            }
        }
        for (i, (a, _)) in values.iter().enumerate() {
            self.honor_annotation(fk, i, a);
            if !self.check_param_annotation(fk, i, a, span) {
                return Ann::Bottom;
            }
        }
        for (i, (a, _)) in values.iter().enumerate() {
            if !self.add_param(fk, i, a, span) {
                return Ann::Bottom;
            }
        }
        for (i, (a, v)) in values.iter().enumerate() {
            if a.is_nullable() && self.funcs[fk].param_none_from.get(i) == Some(&None) {
                let src = match (caller, v) {
                    (Some(c), Some(v)) => self.none_source(c, *v, 8),
                    _ => None,
                };
                self.funcs[fk].param_none_from[i] = Some(src.unwrap_or(span));
            }
        }
        self.read_ret(fk)
    }

    /// A stand-in for an argument whose list/dict items are unknown
    /// (somewhere inside): the same shape, with containers of their own
    /// (stable) definitions wherever an item type is still unknown.
    fn placeholder_for(&mut self, fk: FKey, i: usize, a: &Ann) -> Ann {
        let mut next = 0;
        self.placeholder_shape(fk, i, a, &mut next)
    }

    /// [`Self::placeholder_for`] of one part of the argument; `next`
    /// numbers the containers created so their sites stay stable.
    fn placeholder_shape(&mut self, fk: FKey, i: usize, a: &Ann, next: &mut usize) -> Ann {
        if !self.shape(a).contains("Bottom") {
            return a.clone();
        }
        let span = self.flow.funcs[self.funcs[fk].key.func].span;
        let entry = self.flow.funcs[self.funcs[fk].key.func]
            .graph
            .entry
            .unwrap_or_else(|| BlockId::from_u32(0));
        let site = 1_000_000 + i * 1_000 + *next;
        match a {
            Ann::List { def, nullable } => {
                *next += 1;
                let item = self.list_item_final(*def);
                let nd = self.site_list(fk, entry, site, 7, span);
                if item != Ann::Bottom {
                    let pi = self.placeholder_shape(fk, i, &item, next);
                    self.list_add_item(nd, &pi, span);
                }
                Ann::List {
                    def: nd,
                    nullable: *nullable,
                }
            }
            Ann::Dict { def, nullable } => {
                *next += 1;
                let (k, v) = self.dict_kv_final(*def);
                let nd = self.site_dict(fk, entry, site, 7, span);
                if k != Ann::Bottom || v != Ann::Bottom {
                    let pk = self.placeholder_shape(fk, i, &k, next);
                    let pv = self.placeholder_shape(fk, i, &v, next);
                    self.dict_add(nd, &pk, &pv, span);
                }
                Ann::Dict {
                    def: nd,
                    nullable: *nullable,
                }
            }
            Ann::Tuple(items) => {
                let items = items.clone();
                Ann::Tuple(
                    items
                        .iter()
                        .map(|x| self.placeholder_shape(fk, i, x, next))
                        .collect(),
                )
            }
            other => other.clone(),
        }
    }

    /// Calls a prelude function by name.
    pub(crate) fn call_prelude(&mut self, name: &str, args: &[Ann], span: Span) -> Ann {
        match self.prelude_func(name) {
            Some(f) => {
                let pos: Vec<PosArg> = args.iter().map(|a| (a.clone(), None)).collect();
                self.call_function(f, None, &pos, &[], span)
            }
            None => self.error(
                ErrorKind::Name,
                span,
                format!("internal: the prelude has no function `{name}`"),
            ),
        }
    }

    /// The prelude function with this name.
    pub fn prelude_func(&self, name: &str) -> Option<FuncId> {
        let (m, _) = self
            .flow
            .modules
            .iter()
            .find(|(_, m)| m.name == PRELUDE_MODULE)?;
        match names::resolve_global(self.flow, &self.classes, m, name)? {
            NameRef::Func(f) => Some(f),
            _ => None,
        }
    }

    /// Makes every function of a call family share parameter and result
    /// annotations (from parameter `from` on), so one IR signature fits all.
    pub(crate) fn unify_family(&mut self, members: &[FKey], from: usize, span: Span) {
        if members.len() < 2 {
            return;
        }
        let n = members
            .iter()
            .map(|&m| self.funcs[m].params.len())
            .min()
            .unwrap_or(0);
        if members.iter().any(|&m| self.funcs[m].params.len() != n) {
            self.error(
                ErrorKind::Type,
                span,
                "the functions that may be called here take different numbers of arguments",
            );
            return;
        }
        for i in from..n {
            let mut joined = Ann::Bottom;
            for &m in members {
                let p = self.funcs[m].params[i].clone();
                match self.union(&joined, &p) {
                    Ok(u) => joined = u,
                    Err(Clash) => {
                        let msg = format!(
                            "the functions that may be called here disagree on argument {}: `{}` and `{}`",
                            i + 1,
                            self.ann_name(&joined),
                            self.ann_name(&p)
                        );
                        self.error(ErrorKind::Type, span, msg);
                        return;
                    }
                }
            }
            for &m in members {
                self.add_param(m, i, &joined, span);
            }
        }
        let mut ret = Ann::Bottom;
        for &m in members {
            let r = self.funcs[m].ret.clone();
            match self.union(&ret, &r) {
                Ok(u) => ret = u,
                Err(Clash) => {
                    let msg = format!(
                        "the functions that may be called here return `{}` and `{}`",
                        self.ann_name(&ret),
                        self.ann_name(&r)
                    );
                    self.error(ErrorKind::Type, span, msg);
                    return;
                }
            }
        }
        if ret != Ann::Bottom {
            for &m in members {
                self.add_ret(m, &ret, span);
            }
        }
    }

    fn last_called(&self, f: FuncId) -> Vec<FKey> {
        self.funcs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.key.func == f)
            .map(|(i, _)| i)
            .collect()
    }

    /// Calls whatever a value may be.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_value(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        callee: &Ann,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        match callee {
            Ann::Funcs(fs) => {
                let fs: Vec<FuncId> = fs.iter().copied().collect();
                let mut out = Ann::Bottom;
                let mut members = Vec::new();
                for &f in &fs {
                    let r = self.call_function(f, None, pos, kw, span);
                    members.extend(self.last_called(f));
                    out = self.union(&out, &r).unwrap_or(out);
                }
                if fs.len() > 1 {
                    self.unify_family(&members, 0, span);
                    out = fs.iter().fold(Ann::Bottom, |acc, &f| {
                        let keys = self.last_called(f);
                        keys.iter().fold(acc, |a2, &k| {
                            let r = self.funcs[k].ret.clone();
                            self.union_quiet(&a2, &r)
                        })
                    });
                }
                out
            }
            Ann::Classes(cs) => {
                let cs: Vec<ClassKey> = cs.iter().copied().collect();
                let mut out = Ann::Bottom;
                let mut members = Vec::new();
                for &c in &cs {
                    let r = self.instantiate(fk, c, pos, kw, span);
                    if let Some((_, f)) = self.classes.lookup_method(self.flow, c, "__init__") {
                        members.extend(self.last_called(f));
                    }
                    match self.union(&out, &r) {
                        Ok(u) => out = u,
                        Err(Clash) => {
                            return self.error(ErrorKind::Type, span, "the classes that may be instantiated here have no common base class");
                        }
                    }
                }
                if cs.len() > 1 {
                    members.sort();
                    members.dedup();
                    self.unify_family(&members, 1, span);
                }
                out
            }
            Ann::Methods { class, names } => {
                let (c, names): (ClassKey, Vec<String>) = (*class, names.iter().cloned().collect());
                let mut out = Ann::Bottom;
                let mut members = Vec::new();
                for n in &names {
                    let r = self.call_method_on_instance(c, n, pos, kw, span);
                    out = self.union_quiet(&out, &r);
                    for k in self.classes.subtree(c) {
                        if let Some((_, f)) = self.classes.lookup_method(self.flow, k, n) {
                            members.extend(self.last_called(f));
                        }
                    }
                }
                if names.len() > 1 {
                    members.sort();
                    members.dedup();
                    self.unify_family(&members, 1, span);
                }
                out
            }
            Ann::Builtin(bi) => {
                // A None argument may still become a value later in the
                // fixpoint; builtins that need a value wait for it.
                let tolerant = matches!(
                    bi,
                    Builtin::Print
                        | Builtin::Str
                        | Builtin::Repr
                        | Builtin::Bool
                        | Builtin::IsInstance
                        | Builtin::Hash
                        | Builtin::Promote
                        | Builtin::Hint
                );
                if !tolerant {
                    if let Some((_, Some(v))) = pos.iter().find(|(a, _)| *a == Ann::NoneOnly) {
                        self.none_receivers.push((
                            fk,
                            *v,
                            span,
                            format!("`{}()`", super::describe::builtin_name(*bi)),
                        ));
                        return Ann::Bottom;
                    }
                }
                self.call_builtin(fk, b, i, *bi, pos, kw, span)
            }
            Ann::BuiltinBound(recv, name) => {
                let recv = (**recv).clone();
                self.call_builtin_method(fk, b, i, &recv, name, pos, kw, span)
            }
            Ann::Bottom => Ann::Bottom,
            other => {
                let msg = format!("`{}` is not callable", self.ann_name(other));
                self.error(ErrorKind::Type, span, msg)
            }
        }
    }

    /// Union that keeps `a` when the union fails (errors are reported elsewhere).
    pub(crate) fn union_quiet(&mut self, a: &Ann, b: &Ann) -> Ann {
        self.union(a, b).unwrap_or_else(|Clash| a.clone())
    }

    /// `recv.name(...)`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_method(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        recv: &Ann,
        _recv_var: Option<Var>,
        name: &str,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        match recv {
            Ann::Instance { class, .. } => {
                let c = *class;
                if self.stored_attr_names.contains(name)
                    && !self.classes.has_method_in_family(c, name)
                {
                    // Calling a callable stored in a field.
                    let v = self.read_attr(c, name, span);
                    return self.call_value(fk, b, i, &v, pos, kw, span);
                }
                if !self.classes.has_method_in_family(c, name)
                    && self.classes.has_class_attr_in_family(c, name)
                {
                    let v = self.read_class_attr(c, name, span);
                    return self.call_value(fk, b, i, &v, pos, kw, span);
                }
                self.call_method_on_instance(c, name, pos, kw, span)
            }
            Ann::Classes(cs) if cs.len() == 1 => {
                let c = *cs.iter().next().expect("one class");
                match self.classes.lookup_method(self.flow, c, name) {
                    Some((_, f)) => self.call_function(f, None, pos, kw, span),
                    None if name == "__init__" && self.classes.is_exception(c) => {
                        for (a, _) in pos.iter().skip(1) {
                            self.exception_arg_text(a, span);
                        }
                        Ann::NoneOnly
                    }
                    None => {
                        let v = self.load_attr_of_class(c, name, span);
                        self.call_value(fk, b, i, &v, pos, kw, span)
                    }
                }
            }
            Ann::Super(c) => {
                let c = *c;
                let Some(base) = self.classes.get(c).base else {
                    if name == "__init__" {
                        return Ann::NoneOnly; // object.__init__()
                    }
                    let msg = format!(
                        "`super()` of `{}`: no base class has a method `{name}`",
                        self.classes.get(c).name
                    );
                    return self.error(ErrorKind::Name, span, msg);
                };
                let self_ann = self.read_self_param(fk);
                match self.classes.lookup_method(self.flow, base, name) {
                    Some((_, f)) if ClassTable::is_static(self.flow, f) => {
                        self.call_function(f, None, pos, kw, span)
                    }
                    Some((_, f)) => self.call_function(f, Some(self_ann), pos, kw, span),
                    None if name == "__init__" && self.classes.is_exception(base) => {
                        for (a, _) in pos {
                            self.exception_arg_text(a, span);
                        }
                        Ann::NoneOnly
                    }
                    None if name == "__init__" => Ann::NoneOnly,
                    None if name == "__str__" && self.classes.is_exception(base) => {
                        Ann::Str { nullable: false }
                    }
                    None => {
                        let msg = format!(
                            "`super()` of `{}`: no base class has a method `{name}`",
                            self.classes.get(c).name
                        );
                        self.error(ErrorKind::Name, span, msg)
                    }
                }
            }
            Ann::Module(m) => {
                match names::resolve_module_attr(self.flow, &self.classes, *m, name) {
                    Some(r) => {
                        let v = self.name_ann(r);
                        self.call_value(fk, b, i, &v, pos, kw, span)
                    }
                    None => {
                        let mname = match m {
                            ModRef::User(id) => self.flow.modules[*id].name.clone(),
                            ModRef::Known(k) => k.name().to_string(),
                        };
                        self.error(
                            ErrorKind::Name,
                            span,
                            format!("module `{mname}` has no attribute `{name}`"),
                        )
                    }
                }
            }
            Ann::Str { .. }
            | Ann::List { .. }
            | Ann::Dict { .. }
            | Ann::File { .. }
            | Ann::Stream(_)
            | Ann::Driver(_) => {
                let r = recv.non_null();
                self.call_builtin_method(fk, b, i, &r, name, pos, kw, span)
            }
            Ann::Bottom => Ann::Bottom,
            other => {
                let msg = format!("`{}` has no method `{name}`", self.ann_name(other));
                self.error(ErrorKind::Name, span, msg)
            }
        }
    }

    fn load_attr_of_class(&mut self, c: ClassKey, name: &str, span: Span) -> Ann {
        for k in self.classes.ancestors(c) {
            if self.classes.get(k).class_attrs.contains(name) {
                return self
                    .class_attrs
                    .get(&(k, name.to_string()))
                    .cloned()
                    .unwrap_or(Ann::Bottom);
            }
        }
        let msg = format!(
            "class `{}` has no attribute `{name}`",
            self.classes.get(c).name
        );
        self.error(ErrorKind::Name, span, msg)
    }

    /// A virtual call of method `name` on an instance of `c`: every
    /// implementation in `c`'s family is called, and they share a signature.
    pub(crate) fn call_method_on_instance(
        &mut self,
        c: ClassKey,
        name: &str,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        self.note_method_use(c, name);
        let mut impls: Vec<(ClassKey, FuncId)> = Vec::new();
        let mut missing = false;
        for k in self.classes.subtree(c) {
            match self.classes.lookup_method(self.flow, k, name) {
                Some(x) => {
                    if !impls.contains(&x) {
                        impls.push(x);
                    }
                }
                None => missing = true,
            }
        }
        if impls.is_empty() {
            if name == "__str__" && self.classes.is_exception(c) {
                return Ann::Str { nullable: false };
            }
            let msg = format!("`{}` has no method `{name}`", self.classes.get(c).name);
            return self.error(ErrorKind::Name, span, msg);
        }
        let _ = missing;
        if impls.len() == 1 && ClassTable::is_static(self.flow, impls[0].1) {
            return self.call_function(impls[0].1, None, pos, kw, span);
        }
        let mut out = Ann::Bottom;
        let mut members = Vec::new();
        for &(definer, f) in &impls {
            if ClassTable::is_static(self.flow, f) {
                let msg = format!(
                    "method `{name}` is static in `{}` but not in other classes of its family",
                    self.classes.get(definer).name
                );
                return self.error(ErrorKind::Type, span, msg);
            }
            let self_ann = Ann::Instance {
                class: definer,
                nullable: false,
            };
            let r = self.call_function(f, Some(self_ann), pos, kw, span);
            out = self.union_quiet(&out, &r);
            members.extend(self.last_called(f));
        }
        if name == "__str__" && self.classes.is_exception(c) {
            out = self.union_quiet(&out, &Ann::Str { nullable: false });
        }
        if members.len() > 1 {
            self.unify_family(&members, 1, span);
            out = members.iter().fold(Ann::Bottom, |acc, &m| {
                let r = self.funcs[m].ret.clone();
                self.union_quiet(&acc, &r)
            });
        }
        out
    }

    /// `C(args)`: a new instance of `c`, initialized by its `__init__`.
    pub(crate) fn instantiate(
        &mut self,
        _fk: FKey,
        c: ClassKey,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        let inst = Ann::Instance {
            class: c,
            nullable: false,
        };
        // Arguments that do not fit `__init__` are reported once; the
        // instance then does not exist (no follow-on errors about its fields).
        if let Some((_, f)) = self.classes.lookup_method(self.flow, c, "__init__") {
            let kwnames: Vec<String> = kw.iter().map(|k| k.0.clone()).collect();
            if let Err(m) = self.bind_args(f, 1, pos.len(), &kwnames) {
                return self.error(ErrorKind::Type, span, m);
            }
        }
        self.instantiated.insert(c);
        // Dict and list operations and messages call `__eq__`, `__hash__`
        // and `__repr__` of instances without a visible call site.
        for name in ["__eq__", "__hash__", "__repr__"] {
            if let Some((_, f)) = self.classes.lookup_method(self.flow, c, name) {
                if !ClassTable::is_static(self.flow, f) {
                    let args: Vec<PosArg> = if name == "__eq__" {
                        vec![(inst.clone(), None)]
                    } else {
                        vec![]
                    };
                    self.note_method_use(c, name);
                    self.call_function(f, Some(inst.clone()), &args, &[], span);
                }
            }
        }
        let init = self.classes.lookup_method(self.flow, c, "__init__");
        if self.classes.is_exception(c) {
            // BaseException.__new__ keeps the arguments: str(e) shows them.
            for (a, _) in pos {
                self.exception_arg_text(a, span);
            }
            if let Some((_, f)) = init {
                self.call_function(f, Some(inst.clone()), pos, kw, span);
            } else if !kw.is_empty() {
                self.error(
                    ErrorKind::Type,
                    span,
                    format!("`{}` takes no keyword arguments", self.classes.get(c).name),
                );
            }
            return inst;
        }
        match init {
            Some((_, f)) => {
                self.call_function(f, Some(inst.clone()), pos, kw, span);
            }
            None => {
                if !pos.is_empty() || !kw.is_empty() {
                    let msg = format!(
                        "`{}` has no `__init__`, so it takes no arguments",
                        self.classes.get(c).name
                    );
                    self.error(ErrorKind::Type, span, msg);
                }
            }
        }
        inst
    }

    /// The class a method belongs to, for `super()`.
    pub(crate) fn method_class(&self, fk: FKey) -> Option<ClassKey> {
        match self.flow.funcs[self.funcs[fk].key.func].kind {
            FuncKind::Method(c) | FuncKind::StaticMethod(c) => Some(self.classes.by_def[&c]),
            _ => None,
        }
    }

    /// Whether values of `a` have a text form (`str()` works on them).
    pub(crate) fn printable(&self, a: &Ann) -> bool {
        match a {
            Ann::Instance { class, .. } => {
                self.classes.is_exception(*class)
                    || self.classes.has_method_in_family(*class, "__str__")
                    || self.classes.has_method_in_family(*class, "__repr__")
            }
            Ann::Tuple(items) => items.iter().all(|i| self.printable(i)),
            Ann::Funcs(_)
            | Ann::Classes(_)
            | Ann::Methods { .. }
            | Ann::Module(_)
            | Ann::Builtin(_)
            | Ann::Driver(_)
            | Ann::Stream(_)
            | Ann::Super(_)
            | Ann::BuiltinBound(..)
            | Ann::Range
            | Ann::File { .. } => false,
            _ => true,
        }
    }

    /// An exception constructor argument: it becomes part of `str(e)` when
    /// it has a text form (an object without one shows as `<C object>`,
    /// since CPython's address cannot be reproduced; usually `__init__` or
    /// `__str__` replaces the text anyway).
    fn exception_arg_text(&mut self, a: &Ann, span: Span) {
        if self.printable(a) {
            self.text_str(a, span);
        }
    }

    /// `str(x)` support: annotates what converting `a` to text calls.
    pub(crate) fn text_str(&mut self, a: &Ann, span: Span) {
        self.text_of(a, span, false);
    }

    /// `repr(x)` support.
    pub(crate) fn text_repr(&mut self, a: &Ann, span: Span) {
        self.text_of(a, span, true);
    }

    fn text_of(&mut self, a: &Ann, span: Span, repr: bool) {
        match a {
            Ann::Bottom
            | Ann::Bool
            | Ann::Int
            | Ann::UInt
            | Ann::Float
            | Ann::Str { .. }
            | Ann::NoneOnly => {}
            Ann::Instance { class, .. } => {
                let c = *class;
                let first = if repr { "__repr__" } else { "__str__" };
                let second = if repr { "__str__" } else { "__repr__" };
                if self.classes.has_method_in_family(c, first) {
                    self.call_method_on_instance(c, first, &[], &[], span);
                } else if self.classes.is_exception(c) && !repr {
                    // The built-in Exception.__str__.
                } else if !repr && self.classes.has_method_in_family(c, second) {
                    self.call_method_on_instance(c, second, &[], &[], span);
                } else {
                    let cname = self.classes.get(c).name.clone();
                    self.report(
                        Diagnostic::new(
                            ErrorKind::Type,
                            span,
                            format!("instances of `{cname}` cannot be converted to text: `{cname}` defines no `{first}`"),
                        )
                        .with_note("CPython would print an address here, which no backend can reproduce"),
                    );
                }
            }
            Ann::List { .. } => {
                let l = a.non_null();
                self.call_prelude("list_repr", &[l], span);
            }
            Ann::Dict { .. } => {
                let d = a.non_null();
                self.call_prelude("dict_repr", &[d], span);
            }
            Ann::Tuple(items) => {
                for it in items.clone() {
                    self.text_repr(&it, span);
                }
            }
            other => {
                let msg = format!("`{}` cannot be converted to text", self.ann_name(other));
                self.error(ErrorKind::Type, span, msg);
            }
        }
    }

    /// Whether `c` is (or derives from) the built-in `KeyError`.
    pub fn is_key_error(&self, c: ClassKey) -> bool {
        self.classes
            .is_subclass(c, ClassTable::builtin(BuiltinClass::KeyError))
    }
}
