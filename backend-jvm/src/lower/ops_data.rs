//! List, dict and tuple instructions, and `hash`.
//!
//! Lists are the runtime's `IntList`/`FloatList`/`ObjList` (instance
//! methods); dicts are `LinkedHashMap`s whose keys and values are boxed
//! (`Long`, `Double`, `Boolean`; float keys with `-0.0` turned into `0.0`,
//! the same key in Python); tuples are generated classes with one field
//! per item.

use super::FnGen;
use crate::classfile::code::{Invoke, Op};
use crate::layout::{ListKind, DICT, INT_DICT, INT_LIST, OBJECT};
use crate::runtime::DICT_RT;
use crate::values;
use core_ir::{Imm, Inst, Opcode, Type, TypeData};

const OBJ: &str = "Ljava/lang/Object;";
const MAP: &str = "Ljava/util/LinkedHashMap;";

impl FnGen<'_, '_> {
    /// Converts a value of IR type `t` on the stack to a list item.
    pub fn to_item(&mut self, t: Type) {
        if self.l.is_bool(t) {
            self.c.op(Op::I2l);
        }
    }

    /// Converts a list item on the stack to IR type `t`.
    pub fn from_item(&mut self, kind: ListKind, t: Type) {
        match kind {
            ListKind::Int if self.l.is_bool(t) => self.c.op(Op::L2i),
            ListKind::Obj => self.cast_to(t),
            _ => {}
        }
    }

    /// A `checkcast` of an `Object` on the stack to reference type `t`.
    pub fn cast_to(&mut self, t: Type) {
        values::cast_to(&mut self.c, self.l, t);
    }

    /// Boxes a value of IR type `t` on the stack (`key`: as a dict key).
    pub fn box_value(&mut self, t: Type, key: bool) {
        values::box_value(&mut self.c, self.l, t, key);
    }

    /// Unboxes an `Object` on the stack into IR type `t`.
    pub fn unbox_value(&mut self, t: Type) {
        values::unbox_value(&mut self.c, self.l, t);
    }

    fn result_type(&self, i: Inst) -> Option<Type> {
        self.f.insts[i].result.map(|r| self.ty(r))
    }

    fn list_item_of(&self, list: core_ir::Value) -> (Type, ListKind) {
        let item = self
            .l
            .prog
            .types
            .list_item(self.ty(list))
            .unwrap_or(Type::INT);
        (item, self.l.list_kind(item))
    }

    /// Emits a list, dict, tuple or hash instruction.
    pub(super) fn data(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let op = self.f.insts[i].op;
        let args = self.args(i);
        match op {
            ListNew => {
                let item = self
                    .result_type(i)
                    .and_then(|t| self.l.prog.types.list_item(t));
                let class = self.l.list_kind(item.unwrap_or(Type::INT)).class();
                self.c.construct(class, "()V", |_| {});
            }
            ListOf => {
                let item = self
                    .result_type(i)
                    .and_then(|t| self.l.prog.types.list_item(t))
                    .unwrap_or(Type::INT);
                let kind = self.l.list_kind(item);
                let n = args.len();
                self.c.iconst(n as i32);
                let (store, arr) = match kind {
                    ListKind::Int => {
                        self.c.newarray('J');
                        (Op::Lastore, "[J")
                    }
                    ListKind::Float => {
                        self.c.newarray('D');
                        (Op::Dastore, "[D")
                    }
                    ListKind::Obj => {
                        self.c.anewarray(OBJECT);
                        (Op::Aastore, "[Ljava/lang/Object;")
                    }
                };
                for (k, &a) in args.iter().enumerate() {
                    self.c.dup();
                    self.c.iconst(k as i32);
                    self.load(a);
                    self.to_item(item);
                    self.c.op(store);
                }
                let class = kind.class();
                self.c
                    .invoke(Invoke::Static, class, "of", &format!("({arr})L{class};"));
            }
            ListNewFilled => {
                let item = self
                    .result_type(i)
                    .and_then(|t| self.l.prog.types.list_item(t))
                    .unwrap_or(Type::INT);
                let kind = self.l.list_kind(item);
                self.load(args[0]);
                self.load(args[1]);
                self.to_item(item);
                let class = kind.class();
                let desc = format!("(J{})L{class};", kind.item_desc());
                self.c.invoke(Invoke::Static, class, "filled", &desc);
            }
            ListLen => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load(args[0]);
                self.c.invoke(Invoke::Virtual, kind.class(), "len", "()J");
            }
            ListGetItem | ListPop => {
                let (item, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                let name = if op == ListGetItem { "get" } else { "pop" };
                let desc = format!("(J){}", kind.item_desc());
                self.c.invoke(Invoke::Virtual, kind.class(), name, &desc);
                self.from_item(kind, item);
            }
            ListSetItem | ListInsert => {
                let (item, kind) = self.list_item_of(args[0]);
                self.load(args[0]);
                self.load(args[1]);
                self.load(args[2]);
                self.to_item(item);
                let name = if op == ListSetItem { "set" } else { "insert" };
                let desc = format!("(J{})V", kind.item_desc());
                self.c.invoke(Invoke::Virtual, kind.class(), name, &desc);
            }
            ListAppend => {
                let (item, kind) = self.list_item_of(args[0]);
                self.load(args[0]);
                self.load(args[1]);
                self.to_item(item);
                let desc = format!("({})V", kind.item_desc());
                self.c
                    .invoke(Invoke::Virtual, kind.class(), "append", &desc);
            }
            ListDelItem => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                self.c.invoke(Invoke::Virtual, kind.class(), "del", "(J)V");
            }
            ListGetSlice => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                let class = kind.class();
                self.c
                    .invoke(Invoke::Virtual, class, "slice", &format!("(JJ)L{class};"));
            }
            ListSetSlice => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                let class = kind.class();
                let desc = format!("(JJL{class};)V");
                self.c.invoke(Invoke::Virtual, class, "setslice", &desc);
            }
            ListDelSlice => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                self.c
                    .invoke(Invoke::Virtual, kind.class(), "delslice", "(JJ)V");
            }
            ListExtend => {
                let (_, kind) = self.list_item_of(args[0]);
                self.load_args(i);
                let class = kind.class();
                self.c
                    .invoke(Invoke::Virtual, class, "extend", &format!("(L{class};)V"));
            }
            DictNew => {
                let t = self.result_type(i).unwrap_or(Type::INT);
                let class = self.l.ref_class(t);
                self.c.construct(&class, "()V", |_| {});
                let key = self.l.prog.types.dict_kv(t).map(|kv| kv.0);
                if key.is_some_and(|k| matches!(self.l.prog.types.get(k), TypeData::UInt)) {
                    // KeyError shows uint keys unsigned.
                    self.c.dup();
                    self.c.iconst(1);
                    self.c.putfield(INT_DICT, "unsigned", "Z");
                }
            }
            DictLen => {
                let class = self.l.ref_class(self.ty(args[0]));
                self.load(args[0]);
                self.c.invoke(Invoke::Virtual, &class, "size", "()I");
                self.c.op(Op::I2l);
            }
            DictGetItem | DictPop | DictDelItem | DictContains | DictGet | DictSetItem => {
                self.dict_access(i)
            }
            DictKeys | DictValues => {
                let (k, v) = self
                    .l
                    .prog
                    .types
                    .dict_kv(self.ty(args[0]))
                    .unwrap_or((Type::INT, Type::INT));
                let t = if op == DictKeys { k } else { v };
                let (suffix, list) = match self.l.prog.types.get(t) {
                    TypeData::Int | TypeData::UInt => ("Long", ListKind::Int),
                    TypeData::Bool => ("Bool", ListKind::Int),
                    TypeData::Float => ("Double", ListKind::Float),
                    _ => ("Obj", ListKind::Obj),
                };
                let base = if op == DictKeys { "keys" } else { "values" };
                let int_keyed = self.l.int_keyed(k);
                self.load(args[0]);
                if !int_keyed {
                    let desc = format!("({MAP})L{};", list.class());
                    self.c
                        .invoke(Invoke::Static, DICT_RT, &format!("{base}{suffix}"), &desc);
                } else if op == DictKeys {
                    let desc = format!("()L{INT_LIST};");
                    self.c.invoke(Invoke::Virtual, INT_DICT, "keys", &desc);
                } else {
                    self.c.invoke(
                        Invoke::Virtual,
                        INT_DICT,
                        "valuesArray",
                        "()[Ljava/lang/Object;",
                    );
                    let class = list.class();
                    let (name, desc) = match suffix {
                        "Obj" => ("of".to_string(), format!("([Ljava/lang/Object;)L{class};")),
                        s => (
                            format!("unbox{s}s"),
                            format!("([Ljava/lang/Object;)L{class};"),
                        ),
                    };
                    let owner = if suffix == "Obj" { class } else { DICT_RT };
                    self.c.invoke(Invoke::Static, owner, &name, &desc);
                }
            }
            DictItems => {
                let list = self.result_type(i);
                let tup = list.and_then(|t| self.l.prog.types.list_item(t));
                let Some(tup) = tup else {
                    self.c.fail("dict_items without a list of tuples");
                    return true;
                };
                let class = self.l.tuple_class(tup).to_string();
                let dict = self.l.ref_class(self.ty(args[0]));
                self.load(args[0]);
                let desc = format!("(L{dict};)L{};", ListKind::Obj.class());
                self.c.invoke(Invoke::Static, &class, "items$", &desc);
            }
            DictClear => {
                let class = self.l.ref_class(self.ty(args[0]));
                self.load(args[0]);
                self.c.invoke(Invoke::Virtual, &class, "clear", "()V");
            }
            TupleNew => {
                let Some(t) = self.result_type(i) else {
                    self.c.fail("tuple_new without a result");
                    return true;
                };
                let class = self.l.tuple_class(t).to_string();
                let items = self.l.prog.types.tuple_items(t).unwrap_or(&[]).to_vec();
                let desc = format!(
                    "({})V",
                    items.iter().map(|&x| self.l.desc(x)).collect::<String>()
                );
                self.c.new_obj(&class);
                self.c.dup();
                self.load_args(i);
                self.c.invoke(Invoke::Special, &class, "<init>", &desc);
            }
            TupleGet => {
                let t = self.ty(args[0]);
                let Imm::Index(k) = self.f.insts[i].imm else {
                    self.c.fail("tuple_get without an index");
                    return true;
                };
                let item = self
                    .l
                    .prog
                    .types
                    .tuple_items(t)
                    .and_then(|items| items.get(k as usize).copied())
                    .unwrap_or(Type::INT);
                let class = self.l.tuple_class(t).to_string();
                self.load(args[0]);
                let d = self.l.desc(item);
                self.c.getfield(&class, &format!("f{k}"), &d);
            }
            Hash => {
                let t = self.ty(args[0]);
                self.load(args[0]);
                self.hash_top(t);
            }
            _ => self.c.fail(format!("`{}` is not a data opcode", op.name())),
        }
        false
    }

    /// Replaces a value of IR type `t` on the stack by its `hash()`.
    pub fn hash_top(&mut self, t: Type) {
        values::hash_top(&mut self.c, self.l, t);
    }

    fn dict_access(&mut self, i: Inst) {
        use Opcode::*;
        let op = self.f.insts[i].op;
        let args = self.args(i);
        let (kt, vt) = self
            .l
            .prog
            .types
            .dict_kv(self.ty(args[0]))
            .unwrap_or((Type::INT, Type::INT));
        self.load(args[0]);
        self.load(args[1]);
        if self.l.int_keyed(kt) {
            self.int_dict_access(i, vt);
            return;
        }
        self.box_value(kt, true);
        match op {
            DictGetItem => {
                self.c.invoke(
                    Invoke::Static,
                    DICT_RT,
                    "getitem",
                    &format!("({MAP}{OBJ}){OBJ}"),
                );
                self.unbox_value(vt);
            }
            DictPop => {
                self.c.invoke(
                    Invoke::Static,
                    DICT_RT,
                    "pop",
                    &format!("({MAP}{OBJ}){OBJ}"),
                );
                self.unbox_value(vt);
            }
            DictDelItem => {
                self.c.invoke(
                    Invoke::Static,
                    DICT_RT,
                    "delitem",
                    &format!("({MAP}{OBJ})V"),
                );
            }
            DictContains => {
                self.c
                    .invoke(Invoke::Virtual, DICT, "containsKey", &format!("({OBJ})Z"));
            }
            DictGet => {
                self.load(args[2]);
                self.box_value(vt, false);
                self.c.invoke(
                    Invoke::Virtual,
                    DICT,
                    "getOrDefault",
                    &format!("({OBJ}{OBJ}){OBJ}"),
                );
                self.unbox_value(vt);
            }
            DictSetItem => {
                self.load(args[2]);
                self.box_value(vt, false);
                self.c
                    .invoke(Invoke::Virtual, DICT, "put", &format!("({OBJ}{OBJ}){OBJ}"));
                self.c.pop1();
            }
            _ => self.c.fail("not a dict access"),
        }
    }

    /// `dict_*` access on an `IntDict` (dict and key already pushed).
    fn int_dict_access(&mut self, i: Inst, vt: Type) {
        use Opcode::*;
        let op = self.f.insts[i].op;
        let args = self.args(i);
        let d = INT_DICT;
        match op {
            DictGetItem => {
                self.c
                    .invoke(Invoke::Virtual, d, "get", &format!("(J){OBJ}"));
                self.unbox_value(vt);
            }
            DictPop => {
                self.c
                    .invoke(Invoke::Virtual, d, "pop", &format!("(J){OBJ}"));
                self.unbox_value(vt);
            }
            DictDelItem => self.c.invoke(Invoke::Virtual, d, "del", "(J)V"),
            DictContains => self.c.invoke(Invoke::Virtual, d, "containsKey", "(J)Z"),
            DictGet => {
                self.load(args[2]);
                self.box_value(vt, false);
                let desc = format!("(J{OBJ}){OBJ}");
                self.c.invoke(Invoke::Virtual, d, "getOrDefault", &desc);
                self.unbox_value(vt);
            }
            DictSetItem => {
                self.load(args[2]);
                self.box_value(vt, false);
                self.c
                    .invoke(Invoke::Virtual, d, "put", &format!("(J{OBJ})V"));
            }
            _ => self.c.fail("not a dict access"),
        }
    }
}
