//! Annotations to IR types.
//!
//! A variable whose annotation has a *static* value (a single function or
//! class, a module, a built-in, `None` alone) has no IR value at all; it is
//! materialized only when it flows into a slot that needs a value (a list of
//! functions, a nullable field, a printed `None`).

use super::Ctx;
use crate::annotate::lattice::{Ann, ClassKey};
use crate::annotate::{FuncKey, SpecKey};
use core_ir::{Program, Type};

impl Ctx<'_> {
    /// Whether an annotation has no run-time representation.
    pub fn is_static(&self, a: &Ann) -> bool {
        match a {
            Ann::Bottom
            | Ann::NoneOnly
            | Ann::Module(_)
            | Ann::Builtin(_)
            | Ann::Driver(_)
            | Ann::Stream(_)
            | Ann::Super(_) => true,
            Ann::Funcs(fs) => fs.len() == 1,
            Ann::Classes(cs) => cs.len() == 1,
            _ => false,
        }
    }

    /// The IR type of a variable with this annotation, or `None` if static.
    pub fn var_type(&self, prog: &mut Program, a: &Ann) -> Option<Type> {
        if self.is_static(a) {
            return None;
        }
        Some(self.slot_type(prog, a))
    }

    /// The IR type of a slot (field, list item, parameter...) holding values
    /// of this annotation; always a real type.
    pub fn slot_type(&self, prog: &mut Program, a: &Ann) -> Type {
        let ann = self.ann;
        match a {
            Ann::Bottom => Type::INT,
            Ann::Bool => Type::BOOL,
            Ann::Int => Type::INT,
            Ann::UInt => Type::UINT,
            Ann::Float => Type::FLOAT,
            Ann::Str { .. } | Ann::NoneOnly => Type::STR,
            Ann::List { def, .. } => {
                let item = ann.list_item_final(*def);
                let t = self.slot_type(prog, &item);
                prog.types.list(t)
            }
            Ann::Dict { def, .. } => {
                let (k, v) = ann.dict_kv_final(*def);
                let kt = self.slot_type(prog, &k);
                let vt = self.slot_type(prog, &v);
                prog.types.dict(kt, vt)
            }
            Ann::Tuple(items) => {
                let ts: Vec<Type> = items.iter().map(|i| self.slot_type(prog, i)).collect();
                prog.types.tuple(ts)
            }
            Ann::Instance { class, .. } => {
                let c = self.class_id(*class);
                prog.types.instance(c)
            }
            Ann::Funcs(fs) => {
                let f = *fs.iter().next().expect("non-empty set");
                let key = FuncKey {
                    func: f,
                    spec: SpecKey::None,
                };
                let (params, ret) = self.func_sig_of_key(prog, &key, 0);
                prog.types.func(params, ret)
            }
            Ann::Classes(cs) => {
                let c = *cs.iter().next().expect("non-empty set");
                let (params, _) = self.factory_sig(prog, c);
                let base = cs
                    .iter()
                    .skip(1)
                    .fold(c, |acc, &k| ann.classes.common_base(acc, k).unwrap_or(acc));
                let ret = {
                    let ci = self.class_id(base);
                    prog.types.instance(ci)
                };
                prog.types.func(params, ret)
            }
            Ann::Methods { class, names } => {
                let n = names.iter().next().expect("non-empty set");
                let (params, ret) = self.method_value_sig(prog, *class, n);
                prog.types.func(params, ret)
            }
            Ann::BuiltinBound(recv, _) => self.slot_type(prog, recv),
            Ann::File { .. } => Type::FILE,
            Ann::Range => prog.types.tuple(vec![Type::INT, Type::INT, Type::INT]),
            Ann::Module(_) | Ann::Builtin(_) | Ann::Driver(_) | Ann::Stream(_) | Ann::Super(_) => {
                Type::INT
            }
        }
    }

    /// IR parameter types and result type of an annotated function,
    /// dropping the first `skip` parameters and parameters with static values.
    pub fn func_sig_of_key(
        &self,
        prog: &mut Program,
        key: &FuncKey,
        skip: usize,
    ) -> (Vec<Type>, Type) {
        let Some(fk) = self.ann.lookup(key) else {
            return (vec![], Type::VOID);
        };
        let st = &self.ann.funcs[fk];
        let mut params = Vec::new();
        for p in st.params.iter().skip(skip) {
            if let Some(t) = self.var_type(prog, p) {
                params.push(t);
            }
        }
        let ret = self.var_type(prog, &st.ret).unwrap_or(Type::VOID);
        (params, ret)
    }

    /// The signature of a class's factory function (its `__init__` minus self).
    pub fn factory_sig(&self, prog: &mut Program, c: ClassKey) -> (Vec<Type>, Type) {
        let ci = self.class_id(c);
        let ret = prog.types.instance(ci);
        match self.ann.classes.lookup_method(self.ann.flow, c, "__init__") {
            Some((_, f)) => {
                let (params, _) = self.func_sig_of_key(
                    prog,
                    &FuncKey {
                        func: f,
                        spec: SpecKey::None,
                    },
                    1,
                );
                (params, ret)
            }
            None => (vec![], ret),
        }
    }

    /// The signature of a bound method value `x.name` for `x` of class `c`.
    pub fn method_value_sig(
        &self,
        prog: &mut Program,
        c: ClassKey,
        name: &str,
    ) -> (Vec<Type>, Type) {
        for k in self
            .ann
            .classes
            .subtree(c)
            .into_iter()
            .chain(self.ann.classes.ancestors(c))
        {
            if let Some((_, f)) = self.ann.classes.lookup_method(self.ann.flow, k, name) {
                return self.func_sig_of_key(
                    prog,
                    &FuncKey {
                        func: f,
                        spec: SpecKey::None,
                    },
                    1,
                );
            }
        }
        (vec![], Type::VOID)
    }
}
