//! The `str_*` opcodes, with CPython's errors for None operands.

use super::decode::{DImm, DInst};
use super::errors::{
    confused, index_error, memory_error, no_attribute, overflow, type_error, value_error, Flow, R,
};
use super::machine::Interp;
use super::strings::{self, seq_index, slice_bounds, PyStr};
use super::unicode;
use super::value::Val;
use crate::opcode::Opcode;
use std::cmp::Ordering;
use std::rc::Rc;

/// Strings longer than this many code points raise MemoryError.
const MAX_STR_LEN: usize = 1 << 31;

fn not_subscriptable() -> super::errors::PyErr {
    type_error("'NoneType' object is not subscriptable")
}

impl Interp<'_, '_> {
    /// Executes a `str_*` opcode; its result (None for none).
    pub fn exec_str(&mut self, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let [a0, a1, a2, _] = inst.a;
        let op = inst.op;
        let method = |name: &'static str| move || no_attribute("NoneType", name);
        Ok(match op {
            StrLen => {
                let s = self.str_operand(base, a0, || {
                    type_error("object of type 'NoneType' has no len()")
                })?;
                Val::Int(s.len() as i64)
            }
            StrGetItem | StrCodeAt => {
                let s = self.str_operand(base, a0, not_subscriptable)?;
                let i = self.int(base, a1)?;
                let at = seq_index(s.len(), i)
                    .ok_or_else(|| index_error("string index out of range"))?;
                let cp = s.cps()[at];
                if op == StrCodeAt {
                    Val::Int(cp as i64)
                } else {
                    self.make_str(vec![cp])
                }
            }
            StrSlice => {
                let s = self.str_operand(base, a0, not_subscriptable)?;
                let (lo, hi) = slice_bounds(s.len(), self.int(base, a1)?, self.int(base, a2)?);
                if lo == 0 && hi == s.len() {
                    Val::Str(s)
                } else {
                    self.make_str(s.cps()[lo..hi].to_vec())
                }
            }
            StrConcat => {
                if inst.dies & 1 != 0 && a0 != a1 {
                    if let Some(v) = self.concat_in_place(base, a0, a1) {
                        return Ok(v);
                    }
                }
                self.concat(base, a0, a1)?
            }
            StrRepeat => {
                let s = self.str_operand(base, a0, || {
                    type_error("unsupported operand type(s) for *: 'NoneType' and 'int'")
                })?;
                let n = self.int(base, a1)?;
                if n <= 0 || s.is_empty() {
                    self.make_str(Vec::new())
                } else if n == 1 {
                    Val::Str(s)
                } else {
                    let total = (s.len() as u128) * (n as u128);
                    if total > isize::MAX as u128 {
                        return Err(overflow("repeated string is too long").into());
                    }
                    if total > MAX_STR_LEN as u128 {
                        return Err(memory_error().into());
                    }
                    let mut out = Vec::new();
                    out.try_reserve_exact(total as usize)
                        .map_err(|_| memory_error())?;
                    for _ in 0..n {
                        out.extend_from_slice(s.cps());
                    }
                    self.make_str(out)
                }
            }
            StrCmp => {
                let c = match inst.imm {
                    DImm::Cond(c) => c,
                    _ => return Err(Flow::Fatal("`str_cmp` without a condition".into())),
                };
                let (x, y) = (self.reg(base, a0), self.reg(base, a1));
                let ord = match (x, y) {
                    (Val::Str(p), Val::Str(q)) => {
                        if Rc::ptr_eq(p, q) {
                            Ordering::Equal
                        } else {
                            p.cps().cmp(q.cps())
                        }
                    }
                    _ if x.is_none() || y.is_none() => {
                        let same = x.is_none() && y.is_none();
                        return match c {
                            crate::opcode::Cond::Eq => Ok(Val::Bool(same)),
                            crate::opcode::Cond::Ne => Ok(Val::Bool(!same)),
                            _ => Err(type_error(format!(
                                "'{}' not supported between instances of '{}' and '{}'",
                                cond_symbol(c),
                                x.type_name(),
                                y.type_name()
                            ))
                            .into()),
                        };
                    }
                    _ => {
                        return Err(confused(
                            "str",
                            if matches!(x, Val::Str(_)) { y } else { x },
                        ))
                    }
                };
                Val::Bool(c.holds(ord))
            }
            StrFind | StrRfind => {
                let name = if op == StrFind { "find" } else { "rfind" };
                let s = self.str_operand(base, a0, method(name))?;
                let sub = self.str_operand(base, a1, || type_error("must be str, not NoneType"))?;
                let (start, end) = (self.int(base, a2)?, self.int(base, inst.a[3])?);
                Val::Int(if op == StrFind {
                    strings::find(s.cps(), sub.cps(), start, end)
                } else {
                    strings::rfind(s.cps(), sub.cps(), start, end)
                })
            }
            StrStartswith | StrEndswith => {
                let name = if op == StrStartswith {
                    "startswith"
                } else {
                    "endswith"
                };
                let s = self.str_operand(base, a0, method(name))?;
                let fix = self.str_operand(base, a1, || {
                    type_error(format!(
                        "{name} first arg must be str or a tuple of str, not NoneType"
                    ))
                })?;
                Val::Bool(if op == StrStartswith {
                    s.cps().starts_with(fix.cps())
                } else {
                    s.cps().ends_with(fix.cps())
                })
            }
            StrChr => {
                let n = self.int(base, a0)?;
                if !(0..=0x10FFFF).contains(&n) {
                    return Err(value_error("chr() arg not in range(0x110000)").into());
                }
                self.make_str(vec![n as u32])
            }
            StrJoin => self.join(base, a0, a1)?,
            StrLower => {
                let s = self.str_operand(base, a0, method("lower"))?;
                self.make_str(unicode::lower(s.cps()))
            }
            StrUpper => {
                let s = self.str_operand(base, a0, method("upper"))?;
                self.make_str(unicode::upper(s.cps()))
            }
            StrRepr => match self.reg(base, a0) {
                Val::Str(s) => Val::text(&strings::repr(s.cps())),
                Val::None => Val::text("None"),
                v => return Err(confused("str", v)),
            },
            _ => return Err(Flow::Fatal(format!("`{}` is not a str opcode", op.name()))),
        })
    }

    /// `a + b` when `a` dies here: appends to `a`'s buffer if nothing else
    /// holds it (CPython's in-place `s += t`). `None` to take the general path.
    fn concat_in_place(&mut self, base: usize, a0: u32, a1: u32) -> Option<Val> {
        let Val::Str(q) = self.reg(base, a1).clone() else {
            return None;
        };
        let Val::Str(p) = self.reg(base, a0) else {
            return None;
        };
        if Rc::strong_count(p) != 1 || p.is_empty() {
            return None;
        }
        let Val::Str(mut p) = std::mem::take(&mut self.stack[base + a0 as usize]) else {
            return None;
        };
        Rc::get_mut(&mut p)?.push(q.cps());
        Some(Val::Str(p))
    }

    fn concat(&self, base: usize, a0: u32, a1: u32) -> R<Val> {
        match (self.reg(base, a0), self.reg(base, a1)) {
            (Val::Str(p), Val::Str(q)) => {
                if q.is_empty() {
                    return Ok(Val::Str(p.clone()));
                }
                if p.is_empty() {
                    return Ok(Val::Str(q.clone()));
                }
                let mut out = Vec::with_capacity(p.len() + q.len());
                out.extend_from_slice(p.cps());
                out.extend_from_slice(q.cps());
                Ok(Val::str(PyStr::from_cps(out)))
            }
            (Val::None, y) => Err(type_error(format!(
                "unsupported operand type(s) for +: 'NoneType' and '{}'",
                y.type_name()
            ))
            .into()),
            (Val::Str(_), Val::None) => {
                Err(type_error("can only concatenate str (not \"NoneType\") to str").into())
            }
            (x, _) => Err(confused("str", x)),
        }
    }

    fn join(&self, base: usize, a0: u32, a1: u32) -> R<Val> {
        let sep = self.str_operand(base, a0, || no_attribute("NoneType", "join"))?;
        let list = match self.reg(base, a1) {
            Val::List(l) => l.clone(),
            Val::None => return Err(type_error("can only join an iterable").into()),
            v => return Err(confused("list", v)),
        };
        let items = list.borrow();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(sep.cps());
            }
            match item {
                Val::Str(s) => out.extend_from_slice(s.cps()),
                Val::None => {
                    return Err(type_error(format!(
                        "sequence item {i}: expected str instance, NoneType found"
                    ))
                    .into())
                }
                v => return Err(confused("str", v)),
            }
        }
        Ok(self.make_str(out))
    }
}

/// The operator text of a comparison (`<`, `>=`, ...).
fn cond_symbol(c: crate::opcode::Cond) -> &'static str {
    use crate::opcode::Cond::*;
    match c {
        Eq => "==",
        Ne => "!=",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
    }
}
