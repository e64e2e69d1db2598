//! Built-in functions and the methods of built-in types (str, list, dict,
//! file, sys streams, JIT drivers).

use super::calls::{KwArg, PosArg};
use super::hints::driver_names_problem;
use super::lattice::{Ann, Builtin, MathFn, Stream};
use super::{Annotator, Clash, DriverInfo, FKey};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{BlockId, Constant, FuncId, FuncKind, OpKind};
use crate::source::Span;

/// The methods each built-in type has in Kiln Python.
pub fn builtin_methods(recv: &Ann) -> &'static [&'static str] {
    match recv {
        Ann::Str { .. } => &[
            "split",
            "splitlines",
            "strip",
            "lstrip",
            "rstrip",
            "startswith",
            "endswith",
            "find",
            "rfind",
            "index",
            "rindex",
            "count",
            "replace",
            "join",
            "isdigit",
            "isalpha",
            "isspace",
            "isalnum",
            "isupper",
            "islower",
            "isdecimal",
            "isnumeric",
            "lower",
            "upper",
            "ljust",
            "rjust",
            "center",
            "zfill",
        ],
        Ann::List { .. } => &[
            "append", "pop", "insert", "extend", "reverse", "index", "remove", "count", "sort",
            "copy", "clear",
        ],
        Ann::Dict { .. } => &[
            "get",
            "pop",
            "keys",
            "values",
            "items",
            "setdefault",
            "clear",
            "copy",
            "update",
        ],
        Ann::File { .. } => &["read", "readline", "write", "close"],
        Ann::Stream(Stream::Stdin) => &["readline", "read"],
        Ann::Stream(_) => &["write", "flush"],
        Ann::Driver(_) => &["jit_merge_point", "can_enter_jit"],
        _ => &[],
    }
}

/// Whether `recv` has a built-in method `name`.
pub fn has_builtin_method(recv: &Ann, name: &str) -> bool {
    builtin_methods(recv).contains(&name)
}

fn s() -> Ann {
    Ann::Str { nullable: false }
}

impl Annotator<'_> {
    fn expect_args(
        &mut self,
        what: &str,
        pos: &[PosArg],
        kw: &[KwArg],
        min: usize,
        max: usize,
        span: Span,
    ) -> bool {
        if !kw.is_empty() {
            self.error(
                ErrorKind::Type,
                span,
                format!("`{what}` takes no keyword arguments"),
            );
            return false;
        }
        if pos.len() < min || pos.len() > max {
            let want = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            self.error(
                ErrorKind::Type,
                span,
                format!(
                    "`{what}` takes {want} argument{} ({} given)",
                    if max == 1 { "" } else { "s" },
                    pos.len()
                ),
            );
            return false;
        }
        true
    }

    fn want(&mut self, what: &str, a: &Ann, ok: bool, expected: &str, span: Span) -> bool {
        if !ok {
            let msg = format!("`{what}` needs {expected}, got `{}`", self.ann_name(a));
            self.error(ErrorKind::Type, span, msg);
        }
        ok
    }

    /// Calls a built-in function.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_builtin(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        bi: Builtin,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        use Builtin as B;
        let a = |k: usize| pos.get(k).map(|p| p.0.clone()).unwrap_or(Ann::Bottom);
        match bi {
            B::Print => {
                for (name, v, _) in kw {
                    match name.as_str() {
                        "sep" | "end" => {
                            self.want(
                                "print",
                                v,
                                matches!(v, Ann::Str { .. }),
                                "a str for sep/end",
                                span,
                            );
                        }
                        "flush" => {}
                        other => {
                            self.error(
                                ErrorKind::Type,
                                span,
                                format!("`print` got an unexpected keyword argument `{other}`"),
                            );
                        }
                    }
                }
                for (v, _) in pos {
                    self.text_str(v, span);
                }
                Ann::NoneOnly
            }
            B::Len => {
                if !self.expect_args("len", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                match a(0) {
                    Ann::Str { .. }
                    | Ann::List { .. }
                    | Ann::Dict { .. }
                    | Ann::Tuple(_)
                    | Ann::Range => Ann::Int,
                    other => {
                        let msg =
                            format!("object of type `{}` has no len()", self.ann_name(&other));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Abs => {
                if !self.expect_args("abs", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                match a(0) {
                    Ann::Int | Ann::Bool => Ann::Int,
                    Ann::Float => Ann::Float,
                    Ann::UInt => Ann::UInt,
                    other => {
                        let msg =
                            format!("bad operand type for abs(): `{}`", self.ann_name(&other));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Min | B::Max => {
                let what = if bi == B::Min { "min" } else { "max" };
                if !kw.is_empty() {
                    return self.error(ErrorKind::Unsupported, span, format!("`{what}` with keyword arguments (key=, default=) is not in Kiln Python"));
                }
                match pos.len() {
                    0 => self.error(
                        ErrorKind::Type,
                        span,
                        format!("`{what}` expected at least 1 argument, got 0"),
                    ),
                    1 => match a(0) {
                        l @ Ann::List { .. } => {
                            let l = l.non_null();
                            let Ann::List { def, .. } = l else {
                                unreachable!()
                            };
                            let item = self.list_item(def);
                            if item == Ann::Bottom {
                                return Ann::Bottom;
                            }
                            self.call_prelude(
                                if bi == B::Min { "list_min" } else { "list_max" },
                                &[l],
                                span,
                            )
                        }
                        other => {
                            let msg = format!(
                                "`{what}` of one argument needs a list, got `{}`",
                                self.ann_name(&other)
                            );
                            self.error(ErrorKind::Type, span, msg)
                        }
                    },
                    _ => {
                        let mut out = Ann::Bottom;
                        for (v, _) in pos {
                            match self.union(&out, v) {
                                Ok(u) => out = u,
                                Err(Clash) => {
                                    let msg = format!(
                                        "`{what}()` of {} and {}: its result's type would depend on the values (CPython returns either argument as it is); convert one of them",
                                        self.a_ann(&out),
                                        self.a_ann(v)
                                    );
                                    return self.error(ErrorKind::Type, span, msg);
                                }
                            }
                        }
                        if !(out.is_numeric()
                            || matches!(out, Ann::Str { nullable: false } | Ann::Tuple(_)))
                        {
                            let msg =
                                format!("`{what}` cannot compare `{}` values", self.ann_name(&out));
                            return self.error(ErrorKind::Type, span, msg);
                        }
                        if out == Ann::Bool {
                            Ann::Bool
                        } else {
                            out
                        }
                    }
                }
            }
            B::Sum => {
                if !self.expect_args("sum", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                match a(0) {
                    l @ Ann::List { .. } => {
                        let l = l.non_null();
                        let Ann::List { def, .. } = l else {
                            unreachable!()
                        };
                        match self.list_item(def) {
                            Ann::Int | Ann::Bool => self.call_prelude("list_sum_int", &[l], span),
                            Ann::Float => self.call_prelude("list_sum_float", &[l], span),
                            Ann::Bottom => Ann::Int, // sum([]) is 0
                            other => {
                                let msg = format!("`sum` of a list of `{}`", self.ann_name(&other));
                                self.error(ErrorKind::Type, span, msg)
                            }
                        }
                    }
                    other => {
                        let msg = format!("`sum` needs a list, got `{}`", self.ann_name(&other));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Range => {
                if !self.expect_args("range", pos, kw, 1, 3, span) {
                    return Ann::Bottom;
                }
                for (v, _) in pos {
                    if !v.is_intlike() {
                        let msg =
                            format!("`range` needs int arguments, got `{}`", self.ann_name(v));
                        return self.error(ErrorKind::Type, span, msg);
                    }
                }
                Ann::Range
            }
            B::Enumerate | B::Zip => {
                let what = if bi == B::Enumerate {
                    "enumerate"
                } else {
                    "zip"
                };
                self.error(
                    ErrorKind::Unsupported,
                    span,
                    format!("`{what}()` is supported only as the iterable of a `for` loop"),
                )
            }
            B::Reversed => {
                if !self.expect_args("reversed", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                match a(0) {
                    l @ Ann::List { .. } => {
                        let l = l.non_null();
                        self.call_prelude("list_copy", std::slice::from_ref(&l), span);
                        self.call_prelude("list_reverse", std::slice::from_ref(&l), span);
                        l
                    }
                    other => {
                        let msg = format!("`reversed()` of `{}` is supported only as the iterable of a `for` loop", self.ann_name(&other));
                        self.error(ErrorKind::Unsupported, span, msg)
                    }
                }
            }
            B::IsInstance => {
                if !self.expect_args("isinstance", pos, kw, 2, 2, span) {
                    return Ann::Bottom;
                }
                let c = a(1);
                self.class_list(&c, span);
                Ann::Bool
            }
            B::Int => {
                if !kw.is_empty() {
                    return self.error(ErrorKind::Type, span, "`int` takes no keyword arguments");
                }
                match (pos.len(), a(0), a(1)) {
                    (0, _, _) => Ann::Int,
                    (1, Ann::Str { .. }, _) => self.call_prelude("int_from_str", &[s()], span),
                    (2, Ann::Str { .. }, b2) if b2.is_intlike() => {
                        self.call_prelude("int_from_str_base", &[s(), Ann::Int], span)
                    }
                    (1, x, _) if x.is_numeric() => Ann::Int,
                    (_, x, _) => {
                        let msg = format!("`int()` of `{}`", self.ann_name(&x));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Float => {
                if !self.expect_args("float", pos, kw, 0, 1, span) {
                    return Ann::Bottom;
                }
                match a(0) {
                    Ann::Bottom if pos.is_empty() => Ann::Float,
                    Ann::Str { .. } => Ann::Float,
                    x if x.is_numeric() => Ann::Float,
                    x => {
                        let msg = format!("`float()` of `{}`", self.ann_name(&x));
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Str | B::Repr => {
                let what = if bi == B::Str { "str" } else { "repr" };
                if !self.expect_args(what, pos, kw, usize::from(bi == B::Repr), 1, span) {
                    return Ann::Bottom;
                }
                if let Some((v, _)) = pos.first() {
                    if bi == B::Str {
                        self.text_str(v, span);
                    } else {
                        self.text_repr(v, span);
                    }
                }
                s()
            }
            B::Bool => {
                if !self.expect_args("bool", pos, kw, 0, 1, span) {
                    return Ann::Bottom;
                }
                Ann::Bool
            }
            B::Ord => {
                if !self.expect_args("ord", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                if self.want("ord", &x, matches!(x, Ann::Str { .. }), "a str", span) {
                    self.call_prelude("str_ord", &[s()], span);
                }
                Ann::Int
            }
            B::Chr => {
                if !self.expect_args("chr", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                self.want("chr", &x, x.is_intlike(), "an int", span);
                s()
            }
            B::Hex => {
                if !self.expect_args("hex", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                if self.want("hex", &x, x.is_intlike(), "an int", span) {
                    self.call_prelude("int_to_hex", &[Ann::Int], span);
                }
                s()
            }
            B::Hash => {
                if !self.expect_args("hash", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                if let Ann::Instance { class, .. } = &x {
                    if self.classes.has_method_in_family(*class, "__hash__") {
                        let c = *class;
                        self.call_method_on_instance(c, "__hash__", &[], &[], span);
                    }
                } else if !self.hashable(&x) {
                    let msg = format!("unhashable type: `{}`", self.ann_name(&x));
                    return self.error(ErrorKind::Type, span, msg);
                }
                Ann::Int
            }
            B::Sorted | B::List => {
                let what = if bi == B::Sorted { "sorted" } else { "list" };
                let mut reverse = false;
                for (n, v, _) in kw {
                    if bi == B::Sorted && n == "reverse" {
                        reverse = true;
                        self.want("sorted", v, v.is_intlike(), "a bool for reverse=", span);
                    } else {
                        return self.error(
                            ErrorKind::Unsupported,
                            span,
                            format!("`{what}` with keyword argument `{n}` is not in Kiln Python"),
                        );
                    }
                }
                let _ = reverse;
                if pos.is_empty() && bi == B::List {
                    let def = self.site_list(fk, b, i, 0, span);
                    return Ann::List {
                        def,
                        nullable: false,
                    };
                }
                if pos.len() != 1 {
                    return self.error(
                        ErrorKind::Type,
                        span,
                        format!("`{what}` takes 1 positional argument ({} given)", pos.len()),
                    );
                }
                let l = match a(0) {
                    l @ Ann::List { .. } => {
                        let l = l.non_null();
                        self.call_prelude("list_copy", std::slice::from_ref(&l), span);
                        l
                    }
                    Ann::Str { .. } => {
                        let def = self.site_list(fk, b, i, 0, span);
                        self.list_add_item(def, &s(), span);
                        self.call_prelude("str_chars", &[s()], span);
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    Ann::Range => {
                        let def = self.site_list(fk, b, i, 0, span);
                        self.list_add_item(def, &Ann::Int, span);
                        self.call_prelude("range_list", &[Ann::Int, Ann::Int, Ann::Int], span);
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    Ann::Dict { def: d, .. } => {
                        let (k, _) = self.dict_kv(d);
                        let def = self.site_list(fk, b, i, 0, span);
                        if k != Ann::Bottom {
                            self.list_add_item(def, &k, span);
                        }
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    Ann::Tuple(items) => {
                        let def = self.site_list(fk, b, i, 0, span);
                        for it in items {
                            self.list_add_item(def, &it, span);
                        }
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    other => {
                        let msg =
                            format!("`{what}()` of `{}` is not supported", self.ann_name(&other));
                        return self.error(ErrorKind::Type, span, msg);
                    }
                };
                if bi == B::Sorted && self.check_sortable(&l, span) {
                    self.call_prelude("list_sort", &[l.clone(), Ann::Bool], span);
                }
                l
            }
            B::Divmod => {
                if !self.expect_args("divmod", pos, kw, 2, 2, span) {
                    return Ann::Bottom;
                }
                match (a(0), a(1)) {
                    (x, y) if x.is_intlike() && y.is_intlike() => {
                        Ann::Tuple(vec![Ann::Int, Ann::Int])
                    }
                    (x, y) if x.is_numeric() && y.is_numeric() => {
                        Ann::Tuple(vec![Ann::Float, Ann::Float])
                    }
                    (x, y) => {
                        let msg = format!(
                            "`divmod` of `{}` and `{}`",
                            self.ann_name(&x),
                            self.ann_name(&y)
                        );
                        self.error(ErrorKind::Type, span, msg)
                    }
                }
            }
            B::Open => {
                if !self.expect_args("open", pos, kw, 1, 2, span) {
                    return Ann::Bottom;
                }
                for (v, _) in pos {
                    self.want(
                        "open",
                        v,
                        matches!(v, Ann::Str { nullable: false }),
                        "str arguments",
                        span,
                    );
                }
                if let Some((_, Some(v))) = pos.get(1) {
                    match self.const_of(fk, *v) {
                        Some(Constant::Str(m)) if m == "r" || m == "w" => {}
                        _ => {
                            self.error(ErrorKind::Unsupported, span, "`open` supports the modes \"r\" and \"w\" only, given as a literal");
                        }
                    }
                }
                Ann::File { nullable: false }
            }
            B::Super => {
                if !pos.is_empty() || !kw.is_empty() {
                    return self.error(
                        ErrorKind::Unsupported,
                        span,
                        "`super()` takes no arguments in Kiln Python",
                    );
                }
                match self.method_class(fk) {
                    Some(c) => Ann::Super(c),
                    None => self.error(
                        ErrorKind::Type,
                        span,
                        "`super()` is only allowed in a method",
                    ),
                }
            }
            B::Math(m) => {
                let (min, max) = match m {
                    MathFn::Atan2 | MathFn::Pow => (2, 2),
                    MathFn::Log => (1, 2),
                    _ => (1, 1),
                };
                if !self.expect_args(&super::describe::builtin_name(bi), pos, kw, min, max, span) {
                    return Ann::Bottom;
                }
                for (v, _) in pos {
                    if !v.is_numeric() {
                        let msg = format!(
                            "`{}` needs a number, got `{}`",
                            super::describe::builtin_name(bi),
                            self.ann_name(v)
                        );
                        return self.error(ErrorKind::Type, span, msg);
                    }
                }
                match m {
                    MathFn::Floor | MathFn::Ceil => Ann::Int,
                    _ => Ann::Float,
                }
            }
            B::TimeTime | B::TimePerfCounter => {
                self.expect_args(&super::describe::builtin_name(bi), pos, kw, 0, 0, span);
                Ann::Float
            }
            B::JitDriver => self.make_driver(fk, b, i, kw, span),
            B::Promote => {
                if !self.expect_args("promote", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                a(0)
            }
            B::Hint => {
                if pos.len() != 1 {
                    return self.error(
                        ErrorKind::Type,
                        span,
                        "`hint` takes one positional argument",
                    );
                }
                // Other keywords are accepted and ignored (SUBSET.md); the
                // one Kiln implements is decided at translation time.
                for (n, _, var) in kw {
                    if n != "promote" {
                        continue;
                    }
                    let is_const = var
                        .is_some_and(|v| matches!(self.const_of(fk, v), Some(Constant::Bool(_))));
                    if !is_const {
                        return self.error(
                            ErrorKind::Hint,
                            span,
                            "`hint(x, promote=...)` needs the literal `True` or `False`",
                        );
                    }
                }
                a(0)
            }
            B::WeAreJitted => {
                self.expect_args("we_are_jitted", pos, kw, 0, 0, span);
                Ann::Bool
            }
            B::Ovfcheck => {
                if !self.expect_args("ovfcheck", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                self.want("ovfcheck", &x, x.is_intlike(), "an int", span);
                Ann::Int
            }
            B::Intmask => {
                if !self.expect_args("intmask", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                self.want("intmask", &x, x.is_intlike(), "an int", span);
                Ann::Int
            }
            B::RUint => {
                if !self.expect_args("r_uint", pos, kw, 1, 1, span) {
                    return Ann::Bottom;
                }
                let x = a(0);
                self.want("r_uint", &x, x.is_intlike(), "an int", span);
                Ann::UInt
            }
            B::CharClass => {
                self.expect_args("char_class", pos, kw, 1, 1, span);
                Ann::Int
            }
            B::CodeAt => {
                self.expect_args("code_at", pos, kw, 2, 2, span);
                Ann::Int
            }
            B::FmtFixed | B::FmtExp | B::FmtGeneral => {
                self.expect_args("fmt", pos, kw, 2, 2, span);
                s()
            }
            B::DecoratorElidable
            | B::DecoratorDontLookInside
            | B::DecoratorUnrollSafe
            | B::StaticMethod => {
                let msg = format!(
                    "`{}` can only be used as a decorator",
                    super::describe::builtin_name(bi)
                );
                self.error(ErrorKind::Hint, span, msg)
            }
        }
    }

    /// Whether values of `a` may be hashed or used as dict keys.
    pub(crate) fn hashable(&self, a: &Ann) -> bool {
        match a {
            Ann::Bool
            | Ann::Int
            | Ann::UInt
            | Ann::Float
            | Ann::Str { .. }
            | Ann::Instance { .. } => true,
            Ann::Tuple(items) => items.iter().all(|i| self.hashable(i)),
            _ => false,
        }
    }

    /// Whether the items of list `l` can be ordered with `<` (reports if not).
    fn check_sortable(&mut self, l: &Ann, span: Span) -> bool {
        if let Ann::List { def, .. } = l {
            let item = self.list_item(*def);
            let ok = match &item {
                Ann::Bool | Ann::Int | Ann::UInt | Ann::Float | Ann::Str { .. } | Ann::Bottom => {
                    true
                }
                // A None item makes CPython raise TypeError at run time; so does Kiln.
                Ann::Tuple(items) => items
                    .iter()
                    .all(|i| i.is_numeric() || matches!(i, Ann::Str { .. })),
                _ => false,
            };
            if !ok {
                let msg = format!(
                    "cannot sort a list of `{}` (sort() supports int, float, str and tuple items)",
                    self.ann_name(&item)
                );
                self.error(ErrorKind::Type, span, msg);
                return false;
            }
        }
        true
    }

    fn make_driver(&mut self, fk: FKey, b: BlockId, i: usize, kw: &[KwArg], span: Span) -> Ann {
        if let Some(d) = self.site_driver(fk, b, i) {
            return Ann::Driver(super::lattice::DriverKey(d));
        }
        let mut greens = Vec::new();
        let mut reds = Vec::new();
        let mut printable: Option<FuncId> = None;
        for (n, v, var) in kw {
            match n.as_str() {
                "greens" | "reds" => {
                    let names = var.and_then(|var| self.const_str_list(fk, var));
                    match names {
                        Some(list) => {
                            if n == "greens" {
                                greens = list
                            } else {
                                reds = list
                            }
                        }
                        None => {
                            self.error(
                                ErrorKind::Hint,
                                span,
                                format!("`{n}=` must be a list of string literals"),
                            );
                        }
                    }
                }
                "get_printable_location" => {
                    match v {
                        Ann::Funcs(fs) if fs.len() == 1 => printable = fs.iter().next().copied(),
                        other => {
                            let msg = format!("`get_printable_location=` must be a module-level function, got `{}`", self.ann_name(other));
                            self.error(ErrorKind::Hint, span, msg);
                        }
                    }
                }
                _ => {} // other JitDriver options are accepted and ignored
            }
        }
        let given = |n: &str| kw.iter().any(|(k, _, _)| k == n);
        let mut broken = !given("greens") || !given("reds");
        if broken {
            self.error(
                ErrorKind::Hint,
                span,
                "a JitDriver needs `greens=[...]` (the variables that give the position in the interpreted program) and `reds=[...]` (the others)",
            );
        }
        let func = self.funcs[fk].key.func;
        if !matches!(self.flow.funcs[func].kind, FuncKind::ModuleStartup(_)) {
            let msg = format!(
                "`JitDriver(...)` must be created at module level, not inside `{}`",
                self.flow.funcs[func].name
            );
            self.report(
                Diagnostic::new(ErrorKind::Hint, span, msg)
                    .with_note("a JitDriver is a single static description of one interpreter loop: assign it to a module-level variable"),
            );
        }
        if let Some(msg) = driver_names_problem(&greens, &reds) {
            broken = true;
            self.error(ErrorKind::Hint, span, msg);
        }
        if let Some(p) = printable {
            let fd = &self.flow.funcs[p];
            let takes = fd.params.len();
            if !matches!(fd.kind, FuncKind::Function) || takes != greens.len() {
                let msg = format!(
                    "`get_printable_location` must be a module-level function taking one parameter per green ({} green{}: {}); `{}` takes {takes}",
                    greens.len(),
                    if greens.len() == 1 { "" } else { "s" },
                    greens.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", "),
                    fd.name,
                );
                self.report(
                    Diagnostic::new(ErrorKind::Hint, span, msg)
                        .with_secondary(fd.span, format!("`{}` defined here", fd.name)),
                );
                printable = None;
            } else if fd
                .decorators
                .iter()
                .any(|d| d.path.len() >= 2 && d.path[d.path.len() - 2] == "specialize")
            {
                let msg = format!(
                    "`get_printable_location` function `{}` must not be `@specialize`d: the JIT calls a single copy of it",
                    fd.name
                );
                self.report(
                    Diagnostic::new(ErrorKind::Hint, span, msg)
                        .with_secondary(fd.span, format!("`{}` defined here", fd.name)),
                );
                printable = None;
            }
        }
        let n = greens.len() + reds.len();
        let d = self.drivers.len() as u32;
        self.drivers.push(DriverInfo {
            greens,
            reds,
            printable,
            span,
            var_anns: vec![Ann::Bottom; n],
            broken,
        });
        self.set_site_driver(fk, b, i, d);
        Ann::Driver(super::lattice::DriverKey(d))
    }

    /// The strings of a `["a", "b"]` list display.
    fn const_str_list(&self, fk: FKey, v: crate::flow::Var) -> Option<Vec<String>> {
        let op = self.defining_op(fk, v)?;
        if op.kind != OpKind::BuildList {
            return None;
        }
        op.args
            .iter()
            .map(|&a| match self.const_of(fk, a) {
                Some(Constant::Str(s)) => Some(s),
                _ => None,
            })
            .collect()
    }

    /// Calls a method of a built-in type.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_builtin_method(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        recv: &Ann,
        name: &str,
        pos: &[PosArg],
        kw: &[KwArg],
        span: Span,
    ) -> Ann {
        if !has_builtin_method(recv, name) {
            let msg = format!(
                "`{}` has no method `{name}` in Kiln Python",
                self.ann_name(recv)
            );
            return self.error(ErrorKind::Name, span, msg);
        }
        let a = |k: usize| pos.get(k).map(|p| p.0.clone()).unwrap_or(Ann::Bottom);
        let what = format!("{}.{name}", self.ann_name(recv));
        let int = Ann::Int;
        match recv {
            Ann::Str { .. } => {
                // A None argument raises TypeError at run time, as in CPython.
                let is_str = |x: &Ann| matches!(x, Ann::Str { .. });
                match name {
                    "split" => {
                        let mut sep = pos.first().cloned();
                        let mut maxsplit = pos.get(1).cloned();
                        for (n, v, var) in kw {
                            match n.as_str() {
                                "sep" => sep = Some((v.clone(), *var)),
                                "maxsplit" => maxsplit = Some((v.clone(), *var)),
                                other => {
                                    return self.error(
                                        ErrorKind::Type,
                                        span,
                                        format!(
                                            "`split` got an unexpected keyword argument `{other}`"
                                        ),
                                    );
                                }
                            }
                        }
                        if pos.len() > 2 {
                            return self.error(
                                ErrorKind::Type,
                                span,
                                "`split` takes at most 2 arguments",
                            );
                        }
                        if let Some((m, _)) = &maxsplit {
                            if !m.is_intlike() {
                                return self.error(
                                    ErrorKind::Type,
                                    span,
                                    "`split` maxsplit must be an int",
                                );
                            }
                        }
                        let def = self.site_list(fk, b, i, 0, span);
                        self.list_add_item(def, &s(), span);
                        match sep {
                            None | Some((Ann::NoneOnly, _)) => {
                                self.call_prelude("str_split_ws", &[s(), int], span);
                            }
                            Some((x, _)) if is_str(&x) => {
                                self.call_prelude("str_split", &[s(), s(), int], span);
                            }
                            Some((x, _)) => {
                                let msg = format!(
                                    "`split` separator must be a str, got `{}`",
                                    self.ann_name(&x)
                                );
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    "splitlines" => {
                        if !self.expect_args(&what, pos, kw, 0, 0, span) {
                            return Ann::Bottom;
                        }
                        let def = self.site_list(fk, b, i, 0, span);
                        self.list_add_item(def, &s(), span);
                        self.call_prelude("str_splitlines", &[s()], span);
                        Ann::List {
                            def,
                            nullable: false,
                        }
                    }
                    "strip" | "lstrip" | "rstrip" => {
                        if !self.expect_args(&what, pos, kw, 0, 1, span) {
                            return Ann::Bottom;
                        }
                        match pos.first() {
                            None | Some((Ann::NoneOnly, _)) => {
                                self.call_prelude(&format!("str_{name}_ws"), &[s()], span);
                            }
                            Some((x, _)) if is_str(x) => {
                                self.call_prelude(&format!("str_{name}"), &[s(), s()], span);
                            }
                            Some((x, _)) => {
                                let msg = format!(
                                    "`{name}` argument must be a str, got `{}`",
                                    self.ann_name(x)
                                );
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        s()
                    }
                    "startswith" | "endswith" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        match a(0) {
                            x if is_str(&x) => {}
                            Ann::Tuple(items) if items.iter().all(is_str) => {}
                            x => {
                                let msg = format!(
                                    "`{name}` needs a str or a tuple of str, got `{}`",
                                    self.ann_name(&x)
                                );
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        Ann::Bool
                    }
                    "find" | "rfind" | "index" | "rindex" | "count" => {
                        if !self.expect_args(&what, pos, kw, 1, 3, span) {
                            return Ann::Bottom;
                        }
                        let x = a(0);
                        if !is_str(&x) {
                            let msg = format!("`{name}` needs a str, got `{}`", self.ann_name(&x));
                            return self.error(ErrorKind::Type, span, msg);
                        }
                        for (v, _) in &pos[1..] {
                            if !v.is_intlike() {
                                let msg = format!(
                                    "`{name}` start/end must be ints, got `{}`",
                                    self.ann_name(v)
                                );
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        if matches!(name, "index" | "rindex" | "count") {
                            self.call_prelude(
                                &format!("str_{name}"),
                                &[s(), s(), Ann::Int, Ann::Int],
                                span,
                            );
                        }
                        Ann::Int
                    }
                    "replace" => {
                        if !self.expect_args(&what, pos, kw, 2, 3, span) {
                            return Ann::Bottom;
                        }
                        if !is_str(&a(0))
                            || !is_str(&a(1))
                            || (pos.len() == 3 && !a(2).is_intlike())
                        {
                            return self.error(
                                ErrorKind::Type,
                                span,
                                "`replace` takes (str, str[, int])",
                            );
                        }
                        self.call_prelude("str_replace", &[s(), s(), s(), Ann::Int], span);
                        s()
                    }
                    "join" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        match a(0) {
                            Ann::List { def, .. } => {
                                let item = self.list_item(def);
                                if item == Ann::Bottom {
                                    // Only strs can be joined: an empty list is a list of str.
                                    self.list_add_item(def, &s(), span);
                                } else if !is_str(&item) {
                                    let msg = format!(
                                        "`join` needs a list of str, got a list of `{}`",
                                        self.ann_name(&item)
                                    );
                                    return self.error(ErrorKind::Type, span, msg);
                                }
                            }
                            x => {
                                let msg = format!(
                                    "`join` needs a list of str, got `{}`",
                                    self.ann_name(&x)
                                );
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        s()
                    }
                    "isdigit" | "isalpha" | "isspace" | "isalnum" | "isupper" | "islower"
                    | "isdecimal" | "isnumeric" => {
                        if !self.expect_args(&what, pos, kw, 0, 0, span) {
                            return Ann::Bottom;
                        }
                        self.call_prelude(&format!("str_{name}"), &[s()], span);
                        Ann::Bool
                    }
                    "lower" | "upper" => {
                        self.expect_args(&what, pos, kw, 0, 0, span);
                        s()
                    }
                    "ljust" | "rjust" | "center" => {
                        if !self.expect_args(&what, pos, kw, 1, 2, span) {
                            return Ann::Bottom;
                        }
                        if !a(0).is_intlike() || (pos.len() == 2 && !is_str(&a(1))) {
                            return self.error(
                                ErrorKind::Type,
                                span,
                                format!("`{name}` takes (int[, str])"),
                            );
                        }
                        self.call_prelude(&format!("str_{name}"), &[s(), Ann::Int, s()], span);
                        s()
                    }
                    "zfill" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        self.call_prelude("str_zfill", &[s(), Ann::Int], span);
                        s()
                    }
                    _ => unreachable!("listed in builtin_methods"),
                }
            }
            Ann::List { def, .. } => {
                let def = *def;
                let l = Ann::List {
                    def,
                    nullable: false,
                };
                match name {
                    "append" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        self.list_add_item(def, &a(0), span);
                        Ann::NoneOnly
                    }
                    "pop" => {
                        if !self.expect_args(&what, pos, kw, 0, 1, span) {
                            return Ann::Bottom;
                        }
                        if pos.len() == 1 && !a(0).is_intlike() {
                            return self.error(ErrorKind::Type, span, "`pop` index must be an int");
                        }
                        self.list_item(def)
                    }
                    "insert" => {
                        if !self.expect_args(&what, pos, kw, 2, 2, span) {
                            return Ann::Bottom;
                        }
                        if !a(0).is_intlike() {
                            return self.error(
                                ErrorKind::Type,
                                span,
                                "`insert` index must be an int",
                            );
                        }
                        self.list_add_item(def, &a(1), span);
                        Ann::NoneOnly
                    }
                    "extend" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        match a(0) {
                            o @ Ann::List { .. } => {
                                if self.union(&l, &o.non_null()).is_err() {
                                    let msg = format!(
                                        "cannot extend `{}` with `{}`",
                                        self.ann_name(&l),
                                        self.ann_name(&o)
                                    );
                                    return self.error(ErrorKind::Type, span, msg);
                                }
                            }
                            o => {
                                let msg =
                                    format!("`extend` needs a list, got `{}`", self.ann_name(&o));
                                return self.error(ErrorKind::Type, span, msg);
                            }
                        }
                        Ann::NoneOnly
                    }
                    "reverse" | "copy" | "clear" => {
                        if !self.expect_args(&what, pos, kw, 0, 0, span) {
                            return Ann::Bottom;
                        }
                        match name {
                            "reverse" => {
                                self.call_prelude("list_reverse", &[l], span);
                                Ann::NoneOnly
                            }
                            "copy" => {
                                self.call_prelude("list_copy", std::slice::from_ref(&l), span);
                                l
                            }
                            _ => Ann::NoneOnly,
                        }
                    }
                    "index" | "remove" | "count" => {
                        if !self.expect_args(
                            &what,
                            pos,
                            kw,
                            1,
                            if name == "index" { 2 } else { 1 },
                            span,
                        ) {
                            return Ann::Bottom;
                        }
                        let item = self.list_item(def);
                        let x = a(0);
                        if item != Ann::Bottom && self.union(&item, &x).is_err() {
                            let msg = format!(
                                "`{name}` of a `{}` in a list of `{}`",
                                self.ann_name(&x),
                                self.ann_name(&item)
                            );
                            return self.error(ErrorKind::Type, span, msg);
                        }
                        if item == Ann::Bottom {
                            return if name == "remove" {
                                Ann::NoneOnly
                            } else {
                                Ann::Int
                            };
                        }
                        match (name, pos.len()) {
                            ("index", 2) => {
                                self.call_prelude("list_index_from", &[l, item, Ann::Int], span);
                            }
                            _ => {
                                self.call_prelude(&format!("list_{name}"), &[l, item], span);
                            }
                        }
                        if name == "remove" {
                            Ann::NoneOnly
                        } else {
                            Ann::Int
                        }
                    }
                    "sort" => {
                        if !pos.is_empty() {
                            return self.error(
                                ErrorKind::Type,
                                span,
                                "`sort` takes no positional arguments",
                            );
                        }
                        for (n, _, _) in kw {
                            if n != "reverse" {
                                return self.error(
                                    ErrorKind::Unsupported,
                                    span,
                                    format!("`sort` with `{n}=` is not in Kiln Python"),
                                );
                            }
                        }
                        if self.check_sortable(&l, span) {
                            self.call_prelude("list_sort", &[l, Ann::Bool], span);
                        }
                        Ann::NoneOnly
                    }
                    _ => unreachable!("listed in builtin_methods"),
                }
            }
            Ann::Dict { def, .. } => {
                let def = *def;
                let d = Ann::Dict {
                    def,
                    nullable: false,
                };
                match name {
                    "get" => {
                        if !self.expect_args(&what, pos, kw, 1, 2, span) {
                            return Ann::Bottom;
                        }
                        self.check_key_of(def, &a(0), span);
                        let (_, v) = self.dict_kv(def);
                        if pos.len() == 2 {
                            let dflt = a(1);
                            match self.union(&v, &dflt) {
                                Ok(u) => u,
                                Err(Clash) => {
                                    let msg = format!(
                                        "`get` default is `{}` but the dict's values are `{}`",
                                        self.ann_name(&dflt),
                                        self.ann_name(&v)
                                    );
                                    self.error(ErrorKind::Type, span, msg)
                                }
                            }
                        } else {
                            match v.with_null() {
                                Some(n) => n,
                                None if v == Ann::Bottom => Ann::Bottom,
                                None => {
                                    let msg = format!("`get` without a default may return None, which cannot be mixed with `{}`: pass a default", self.ann_name(&v));
                                    self.error(ErrorKind::Type, span, msg)
                                }
                            }
                        }
                    }
                    "pop" => {
                        if !self.expect_args(&what, pos, kw, 1, 2, span) {
                            return Ann::Bottom;
                        }
                        self.check_key_of(def, &a(0), span);
                        let (k, v) = self.dict_kv(def);
                        if pos.len() == 2 {
                            let dflt = a(1);
                            let u = match self.union(&v, &dflt) {
                                Ok(u) => u,
                                Err(Clash) => {
                                    let msg = format!(
                                        "`pop` default is `{}` but the dict's values are `{}`",
                                        self.ann_name(&dflt),
                                        self.ann_name(&v)
                                    );
                                    return self.error(ErrorKind::Type, span, msg);
                                }
                            };
                            if k != Ann::Bottom && u != Ann::Bottom {
                                self.dict_add(def, &Ann::Bottom, &u, span);
                                self.call_prelude("dict_pop_default", &[d, k, u.clone()], span);
                            }
                            u
                        } else {
                            v
                        }
                    }
                    "keys" | "values" | "items" => {
                        if !self.expect_args(&what, pos, kw, 0, 0, span) {
                            return Ann::Bottom;
                        }
                        let (k, v) = self.dict_kv(def);
                        let l = self.site_list(fk, b, i, 0, span);
                        let item = match name {
                            "keys" => k,
                            "values" => v,
                            // Even for unknown keys or values the items are
                            // pairs (so the list's type matches the dict's).
                            _ => Ann::Tuple(vec![k, v]),
                        };
                        if item != Ann::Bottom {
                            self.list_add_item(l, &item, span);
                        }
                        Ann::List {
                            def: l,
                            nullable: false,
                        }
                    }
                    "setdefault" => {
                        if !self.expect_args(&what, pos, kw, 2, 2, span) {
                            return Ann::Bottom;
                        }
                        self.dict_add(def, &a(0), &a(1), span);
                        let (k, v) = self.dict_kv(def);
                        self.call_prelude("dict_setdefault", &[d, k, v.clone()], span);
                        v
                    }
                    "clear" => {
                        self.expect_args(&what, pos, kw, 0, 0, span);
                        Ann::NoneOnly
                    }
                    "copy" => {
                        self.expect_args(&what, pos, kw, 0, 0, span);
                        self.call_prelude("dict_copy", std::slice::from_ref(&d), span);
                        d
                    }
                    "update" => {
                        if !self.expect_args(&what, pos, kw, 1, 1, span) {
                            return Ann::Bottom;
                        }
                        let o = a(0);
                        if !matches!(o, Ann::Dict { .. }) || self.union(&d, &o.non_null()).is_err()
                        {
                            let msg = format!(
                                "cannot update `{}` with `{}`",
                                self.ann_name(&d),
                                self.ann_name(&o)
                            );
                            return self.error(ErrorKind::Type, span, msg);
                        }
                        self.call_prelude("dict_update", &[d.clone(), d], span);
                        Ann::NoneOnly
                    }
                    _ => unreachable!("listed in builtin_methods"),
                }
            }
            Ann::File { .. } => match name {
                "read" | "readline" => {
                    self.expect_args(&what, pos, kw, 0, 0, span);
                    s()
                }
                "write" => {
                    if self.expect_args(&what, pos, kw, 1, 1, span) {
                        let x = a(0);
                        self.want("write", &x, matches!(x, Ann::Str { .. }), "a str", span);
                    }
                    Ann::Int
                }
                _ => {
                    self.expect_args(&what, pos, kw, 0, 0, span);
                    Ann::NoneOnly
                }
            },
            Ann::Stream(st) => match name {
                "write" => {
                    if self.expect_args(&what, pos, kw, 1, 1, span) {
                        let x = a(0);
                        self.want("write", &x, matches!(x, Ann::Str { .. }), "a str", span);
                    }
                    let _ = st;
                    Ann::Int
                }
                "flush" => {
                    self.expect_args(&what, pos, kw, 0, 0, span);
                    Ann::NoneOnly
                }
                _ => {
                    self.expect_args(&what, pos, kw, 0, 0, span);
                    s()
                }
            },
            Ann::Driver(d) => {
                let d = d.0 as usize;
                if !pos.is_empty() {
                    return self.error(ErrorKind::Hint, span, format!("`{name}` takes keyword arguments only (one per green and red variable)"));
                }
                let info = self.drivers[d].clone();
                let all: Vec<String> = info
                    .greens
                    .iter()
                    .chain(info.reds.iter())
                    .cloned()
                    .collect();
                let mut anns = vec![Ann::Bottom; all.len()];
                for (n, v, _) in kw {
                    match all.iter().position(|x| x == n) {
                        Some(k) => anns[k] = v.clone(),
                        None => {
                            return self.error(
                                ErrorKind::Hint,
                                span,
                                format!("`{n}` is neither a green nor a red variable of this JitDriver (greens {:?}, reds {:?})", info.greens, info.reds),
                            );
                        }
                    }
                }
                for (k, n) in all.iter().enumerate() {
                    if !kw.iter().any(|(x, _, _)| x == n) {
                        return self.error(
                            ErrorKind::Hint,
                            span,
                            format!(
                                "`{name}` must pass every green and red variable: `{n}` is missing"
                            ),
                        );
                    }
                    let old = self.drivers[d].var_anns[k].clone();
                    match self.union(&old, &anns[k]) {
                        Ok(u) => self.drivers[d].var_anns[k] = u,
                        Err(Clash) => {
                            let msg = format!(
                                "JitDriver variable `{n}` is `{}` here but `{}` elsewhere",
                                self.ann_name(&anns[k]),
                                self.ann_name(&old)
                            );
                            return self.error(ErrorKind::Hint, span, msg);
                        }
                    }
                }
                if let Some(p) = info.printable {
                    let greens: Vec<PosArg> = anns[..info.greens.len()]
                        .iter()
                        .map(|x| (x.clone(), None))
                        .collect();
                    let before = self.errors.len();
                    let r = self.call_function(p, None, &greens, &[], span);
                    let fd = &self.flow.funcs[p];
                    let (pname, pspan) = (fd.name.clone(), fd.span);
                    for d in &mut self.errors[before..] {
                        d.notes.push(format!(
                            "`{name}` calls the driver's `get_printable_location` function `{pname}` with the greens {:?}: its parameters must take them in this order",
                            info.greens
                        ));
                    }
                    if !matches!(r, Ann::Str { .. } | Ann::Bottom) {
                        let msg = format!(
                            "`get_printable_location` must return a str, `{pname}` returns `{}`",
                            self.ann_name(&r)
                        );
                        self.report(
                            Diagnostic::new(ErrorKind::Hint, span, msg)
                                .with_secondary(pspan, format!("`{pname}` defined here")),
                        );
                    }
                }
                Ann::NoneOnly
            }
            _ => unreachable!("has_builtin_method is false for other receivers"),
        }
    }

    fn check_key_of(&mut self, def: super::lattice::DictDef, k: &Ann, span: Span) {
        if *k == Ann::NoneOnly || *k == Ann::Bottom {
            return;
        }
        let (key, _) = self.dict_kv(def);
        let k = if key.is_nullable() {
            k.clone()
        } else {
            k.non_null()
        };
        if matches!((&key, &k), (Ann::Int, Ann::Bool)) {
            return;
        }
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
