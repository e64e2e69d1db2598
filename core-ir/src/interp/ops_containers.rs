//! The `list_*` and `dict_*` opcodes, with CPython's errors.

use super::decode::{DFunc, DInst};
use super::dict::Dict;
use super::errors::{
    confused, index_error, memory_error, no_attribute, type_error, Flow, PyErr, R,
};
use super::machine::Interp;
use super::strings::{seq_index, slice_bounds};
use super::value::Val;
use crate::opcode::Opcode;
use crate::program::BuiltinClass;
use std::cell::RefCell;
use std::rc::Rc;

/// Lists longer than this raise MemoryError.
const MAX_LIST_LEN: usize = 1 << 31;

type ListRef = Rc<RefCell<Vec<Val>>>;
type DictRef = Rc<RefCell<Dict>>;

fn no_len() -> PyErr {
    type_error("object of type 'NoneType' has no len()")
}

fn not_subscriptable() -> PyErr {
    type_error("'NoneType' object is not subscriptable")
}

fn no_item_assignment() -> PyErr {
    type_error("'NoneType' object does not support item assignment")
}

fn no_item_deletion() -> PyErr {
    type_error("'NoneType' object does not support item deletion")
}

impl Interp<'_, '_> {
    fn list_operand(&self, base: usize, slot: u32, none: impl FnOnce() -> PyErr) -> R<ListRef> {
        match self.reg(base, slot) {
            Val::List(l) => Ok(l.clone()),
            Val::None => Err(none().into()),
            v => Err(confused("list", v)),
        }
    }

    fn dict_operand(&self, base: usize, slot: u32, none: impl FnOnce() -> PyErr) -> R<DictRef> {
        match self.reg(base, slot) {
            Val::Dict(d) => Ok(d.clone()),
            Val::None => Err(none().into()),
            v => Err(confused("dict", v)),
        }
    }

    /// Executes a `list_*` opcode; its result (None for none).
    pub fn exec_list(&mut self, f: &DFunc, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let [a0, a1, a2, a3] = inst.a;
        let op = inst.op;
        let method = |name: &'static str| move || no_attribute("NoneType", name);
        Ok(match op {
            ListNew => Val::list(Vec::new()),
            ListOf => Val::list(
                Self::operands(f, inst, 0)
                    .iter()
                    .map(|&a| self.reg(base, a).clone())
                    .collect(),
            ),
            ListNewFilled => {
                let n = self.int(base, a0)?;
                let v = self.reg(base, a1).clone();
                let n = n.max(0) as u64;
                if n > MAX_LIST_LEN as u64 {
                    return Err(memory_error().into());
                }
                let mut items = Vec::new();
                items
                    .try_reserve_exact(n as usize)
                    .map_err(|_| memory_error())?;
                items.resize(n as usize, v);
                Val::list(items)
            }
            ListLen => Val::Int(self.list_operand(base, a0, no_len)?.borrow().len() as i64),
            ListGetItem => {
                let l = self.list_operand(base, a0, not_subscriptable)?;
                let i = self.int(base, a1)?;
                let items = l.borrow();
                let at = seq_index(items.len(), i)
                    .ok_or_else(|| index_error("list index out of range"))?;
                items[at].clone()
            }
            ListSetItem => {
                let l = self.list_operand(base, a0, no_item_assignment)?;
                let i = self.int(base, a1)?;
                let v = self.reg(base, a2).clone();
                let mut items = l.borrow_mut();
                let at = seq_index(items.len(), i)
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                items[at] = v;
                Val::None
            }
            ListAppend => {
                let l = self.list_operand(base, a0, method("append"))?;
                let v = self.reg(base, a1).clone();
                l.borrow_mut().push(v);
                Val::None
            }
            ListPop => {
                let l = self.list_operand(base, a0, method("pop"))?;
                let i = self.int(base, a1)?;
                let mut items = l.borrow_mut();
                if items.is_empty() {
                    return Err(index_error("pop from empty list").into());
                }
                let at = seq_index(items.len(), i)
                    .ok_or_else(|| index_error("pop index out of range"))?;
                items.remove(at)
            }
            ListInsert => {
                let l = self.list_operand(base, a0, method("insert"))?;
                let i = self.int(base, a1)?;
                let v = self.reg(base, a2).clone();
                let mut items = l.borrow_mut();
                let n = items.len() as i64;
                let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
                items.insert(at as usize, v);
                Val::None
            }
            ListDelItem => {
                let l = self.list_operand(base, a0, no_item_deletion)?;
                let i = self.int(base, a1)?;
                let mut items = l.borrow_mut();
                let at = seq_index(items.len(), i)
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                items.remove(at);
                Val::None
            }
            ListGetSlice => {
                let l = self.list_operand(base, a0, not_subscriptable)?;
                let items = l.borrow();
                let (lo, hi) = slice_bounds(items.len(), self.int(base, a1)?, self.int(base, a2)?);
                Val::list(items[lo..hi].to_vec())
            }
            ListSetSlice => {
                let l = self.list_operand(base, a0, no_item_assignment)?;
                let (lo, hi) = (self.int(base, a1)?, self.int(base, a2)?);
                let other =
                    self.list_operand(base, a3, || type_error("can only assign an iterable"))?;
                let new_items: Vec<Val> = other.borrow().clone();
                let mut items = l.borrow_mut();
                let (lo, hi) = slice_bounds(items.len(), lo, hi);
                items.splice(lo..hi, new_items);
                Val::None
            }
            ListDelSlice => {
                let l = self.list_operand(base, a0, no_item_deletion)?;
                let mut items = l.borrow_mut();
                let (lo, hi) = slice_bounds(items.len(), self.int(base, a1)?, self.int(base, a2)?);
                items.drain(lo..hi);
                Val::None
            }
            ListExtend => {
                let l = self.list_operand(base, a0, method("extend"))?;
                let other = self
                    .list_operand(base, a1, || type_error("'NoneType' object is not iterable"))?;
                let new_items: Vec<Val> = other.borrow().clone();
                l.borrow_mut().extend(new_items);
                Val::None
            }
            _ => return Err(Flow::Fatal(format!("`{}` is not a list opcode", op.name()))),
        })
    }

    fn key_error(&mut self, key: &Val) -> Flow {
        match self.repr_val(key) {
            Ok(text) => PyErr::new(BuiltinClass::KeyError, text).into(),
            Err(flow) => flow,
        }
    }

    /// Looks `key` up in `d`: the key's hash and its entry index if present.
    fn lookup(&mut self, d: &DictRef, key: &Val) -> R<(u64, Option<usize>)> {
        let hash = self.hash_val(key)? as u64;
        let found = self.dict_find(d, key, hash)?;
        Ok((hash, found))
    }

    /// Executes a `dict_*` opcode; its result (None for none).
    pub fn exec_dict(&mut self, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let [a0, a1, a2, _] = inst.a;
        let op = inst.op;
        let method = |name: &'static str| move || no_attribute("NoneType", name);
        Ok(match op {
            DictNew => Val::Dict(Rc::new(RefCell::new(Dict::new()))),
            DictLen => Val::Int(self.dict_operand(base, a0, no_len)?.borrow().len() as i64),
            DictGetItem | DictGet | DictContains => {
                let d = match op {
                    DictGetItem => self.dict_operand(base, a0, not_subscriptable)?,
                    DictGet => self.dict_operand(base, a0, method("get"))?,
                    _ => self.dict_operand(base, a0, || {
                        type_error("argument of type 'NoneType' is not iterable")
                    })?,
                };
                let key = self.reg(base, a1).clone();
                let (_, found) = self.lookup(&d, &key)?;
                let value = found.and_then(|i| d.borrow().entry(i).map(|e| e.value.clone()));
                match (op, value) {
                    (DictContains, v) => Val::Bool(v.is_some()),
                    (_, Some(v)) => v,
                    (DictGet, None) => self.reg(base, a2).clone(),
                    (_, None) => return Err(self.key_error(&key)),
                }
            }
            DictSetItem => {
                let d = self.dict_operand(base, a0, no_item_assignment)?;
                let key = self.reg(base, a1).clone();
                let value = self.reg(base, a2).clone();
                let (hash, found) = self.lookup(&d, &key)?;
                let mut dict = d.borrow_mut();
                match found.and_then(|i| dict.value_mut(i)) {
                    Some(slot) => *slot = value,
                    None => dict.insert_new(hash, key, value),
                }
                Val::None
            }
            DictDelItem | DictPop => {
                let d = if op == DictPop {
                    self.dict_operand(base, a0, method("pop"))?
                } else {
                    self.dict_operand(base, a0, no_item_deletion)?
                };
                let key = self.reg(base, a1).clone();
                let (_, found) = self.lookup(&d, &key)?;
                let removed = found.and_then(|i| d.borrow_mut().remove_at(i));
                match removed {
                    Some(e) if op == DictPop => e.value,
                    Some(_) => Val::None,
                    None => return Err(self.key_error(&key)),
                }
            }
            DictKeys | DictValues | DictItems => {
                let name = match op {
                    DictKeys => "keys",
                    DictValues => "values",
                    _ => "items",
                };
                let d = self.dict_operand(base, a0, method(name))?;
                let dict = d.borrow();
                let items = dict
                    .iter()
                    .map(|e| match op {
                        DictKeys => e.key.clone(),
                        DictValues => e.value.clone(),
                        _ => Val::Tuple(Rc::new(vec![e.key.clone(), e.value.clone()])),
                    })
                    .collect();
                Val::list(items)
            }
            DictClear => {
                self.dict_operand(base, a0, method("clear"))?
                    .borrow_mut()
                    .clear();
                Val::None
            }
            _ => return Err(Flow::Fatal(format!("`{}` is not a dict opcode", op.name()))),
        })
    }
}
