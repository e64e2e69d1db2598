//! Hashing, key equality and `repr` of values: what dicts and `KeyError`
//! messages need. Instances of a class implementing both `__eq__` and
//! `__hash__` are compared and hashed by calling them; other instances by
//! identity.

use super::dict::Dict;
use super::errors::{type_error, R};
use super::float_format;
use super::machine::Interp;
use super::numbers::{hash_float, hash_int, hash_tuple, hash_uint};
use super::strings;
use super::value::Val;
use std::cell::RefCell;
use std::rc::Rc;

/// Equality of two keys that need no user code.
pub fn pure_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::None, Val::None) => true,
        (Val::Int(x), Val::Int(y)) => x == y,
        (Val::UInt(x), Val::UInt(y)) => x == y,
        (Val::Float(x), Val::Float(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => Rc::ptr_eq(x, y) || x.cps() == y.cps(),
        (Val::Tuple(x), Val::Tuple(y)) => {
            Rc::ptr_eq(x, y)
                || (x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| pure_eq(p, q)))
        }
        _ => a.same_ref(b),
    }
}

impl Interp<'_, '_> {
    /// Whether comparing `v` as a key may run user code (`__eq__`).
    fn needs_user_eq(&mut self, v: &Val) -> bool {
        match v {
            Val::Obj(o) => self.class_info(o.class).eq_hash.is_some(),
            Val::Tuple(items) => items.iter().any(|x| self.needs_user_eq(x)),
            _ => false,
        }
    }

    /// `hash(v)`.
    pub fn hash_val(&mut self, v: &Val) -> R<i64> {
        Ok(match v {
            Val::None => 0x2d3c_5a1e,
            Val::Bool(b) => *b as i64,
            Val::Int(n) => hash_int(*n),
            Val::UInt(n) => hash_uint(*n),
            Val::Float(x) => hash_float(*x),
            Val::Str(s) => s.hash() as i64,
            Val::Tuple(items) => {
                let mut hs = Vec::with_capacity(items.len());
                for x in items.iter() {
                    hs.push(self.hash_val(x)?);
                }
                hash_tuple(&hs)
            }
            Val::Obj(o) => match self.class_info(o.class).hash {
                Some(f) => match self.call_nested(f, vec![v.clone()])? {
                    Val::Int(-1) => -2,
                    Val::Int(n) => n,
                    _ => return Err(type_error("__hash__ method should return an integer").into()),
                },
                None => hash_int(o.id as i64),
            },
            Val::List(_) | Val::Dict(_) | Val::Func(_) | Val::File(_) => {
                return Err(type_error(format!("unhashable type: '{}'", v.type_name())).into())
            }
        })
    }

    /// `a == b` for dict keys (may call `__eq__`).
    pub fn keys_equal(&mut self, a: &Val, b: &Val) -> R<bool> {
        match (a, b) {
            (Val::Obj(x), Val::Obj(_)) => {
                if a.same_ref(b) {
                    return Ok(true);
                }
                match self.class_info(x.class).eq_hash {
                    Some((eq, _)) => match self.call_nested(eq, vec![a.clone(), b.clone()])? {
                        Val::Bool(r) => Ok(r),
                        _ => Ok(false),
                    },
                    None => Ok(false),
                }
            }
            (Val::Tuple(x), Val::Tuple(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.iter().zip(y.iter()) {
                    if !(p.same_ref(q) || self.keys_equal(p, q)?) {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(pure_eq(a, b)),
        }
    }

    /// The index of `key`'s entry in `d`, if present.
    pub fn dict_find(&mut self, d: &Rc<RefCell<Dict>>, key: &Val, hash: u64) -> R<Option<usize>> {
        if !self.needs_user_eq(key) {
            let dict = d.borrow();
            return Ok(dict.find(hash, |i| {
                dict.entry(i).is_some_and(|e| pure_eq(&e.key, key))
            }));
        }
        'restart: loop {
            let (candidates, version) = {
                let dict = d.borrow();
                (dict.candidates(hash), dict.version())
            };
            for i in candidates {
                let k = match d.borrow().entry(i) {
                    Some(e) => e.key.clone(),
                    None => continue 'restart,
                };
                let eq = k.same_ref(key) || self.keys_equal(&k, key)?;
                if d.borrow().version() != version {
                    continue 'restart;
                }
                if eq {
                    return Ok(Some(i));
                }
            }
            return Ok(None);
        }
    }

    /// `repr(v)`, as CPython prints it (instances through `__repr__` when they have one).
    pub fn repr_val(&mut self, v: &Val) -> R<String> {
        Ok(match v {
            Val::None => "None".into(),
            Val::Bool(b) => if *b { "True" } else { "False" }.into(),
            Val::Int(n) => n.to_string(),
            Val::UInt(n) => n.to_string(),
            Val::Float(x) => float_format::repr(*x),
            Val::Str(s) => strings::repr(s.cps()),
            Val::Tuple(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for x in items.iter() {
                    parts.push(self.repr_val(x)?);
                }
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Val::List(l) => {
                let items: Vec<Val> = l.borrow().clone();
                let mut parts = Vec::with_capacity(items.len());
                for x in &items {
                    parts.push(self.repr_val(x)?);
                }
                format!("[{}]", parts.join(", "))
            }
            Val::Dict(d) => {
                let pairs: Vec<(Val, Val)> = d
                    .borrow()
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, x) in &pairs {
                    parts.push(format!("{}: {}", self.repr_val(k)?, self.repr_val(x)?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Val::Obj(o) => match self.class_info(o.class).repr {
                Some(f) => match self.call_nested(f, vec![v.clone()])? {
                    Val::Str(s) => s.to_lossy(),
                    _ => return Err(type_error("__repr__ returned non-string").into()),
                },
                None => format!("<{} object>", self.prog.classes[o.class].name),
            },
            Val::Func(_) => "<function>".into(),
            Val::File(_) => "<_io.TextIOWrapper>".into(),
        })
    }
}
