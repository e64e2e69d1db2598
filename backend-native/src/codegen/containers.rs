//! Lists (inline `len`, indexing and appending with room), dicts (the
//! runtime) and tuples (inline allocation and reads). Items travel to the
//! runtime as 8-byte words: floats as their bits, bools widened.

use super::FnCx;
use core_ir::{Inst, Opcode, Type, TypeData};
use cranelift_codegen::ir::{condcodes::IntCC, types, BlockArg, InstBuilder, Value as CValue};
use runtime_shims::layout::{self as rt, exc};

impl FnCx<'_, '_> {
    /// `x` (of IR type `t`) as a word.
    pub fn as_word(&mut self, x: CValue, t: Type) -> CValue {
        match self.prog().types.get(t) {
            TypeData::Float => {
                self.b
                    .ins()
                    .bitcast(types::I64, cranelift_codegen::ir::MemFlagsData::new(), x)
            }
            TypeData::Bool => self.b.ins().uextend(types::I64, x),
            _ => x,
        }
    }

    /// A word as a value of IR type `t`.
    pub fn word_as(&mut self, w: CValue, t: Type) -> CValue {
        match self.prog().types.get(t) {
            TypeData::Float => {
                self.b
                    .ins()
                    .bitcast(types::F64, cranelift_codegen::ir::MemFlagsData::new(), w)
            }
            TypeData::Bool => self.b.ins().ireduce(types::I8, w),
            _ => w,
        }
    }

    fn arg_type(&self, i: Inst, k: usize) -> Type {
        self.f.values[self.f.insts[i].args[k]].ty
    }

    fn result_type(&self, i: Inst) -> Type {
        self.f.insts[i]
            .result
            .map_or(Type::VOID, |v| self.f.values[v].ty)
    }

    /// Allocates an object of `size` bytes and type id `tid`: inline bump
    /// allocation for the copying collector, the runtime otherwise.
    pub fn alloc(&mut self, tid: u32, size: usize) -> CValue {
        let tidv = self.iconst(tid as i64);
        let sizev = self.iconst(size as i64);
        if self.m.alloc_via_runtime {
            return self.rt("kiln_alloc_slow", &[tidv, sizev]).expect("result");
        }
        let c = self.ctx();
        let top = self.load(types::I64, c, rt::CTX_ALLOC_TOP);
        let limit = self.load(types::I64, c, rt::CTX_ALLOC_LIMIT);
        let end = self.b.ins().iadd_imm_s(top, size as i64);
        let fits = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, end, limit);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow);
        let res = self.b.append_block_param(join, types::I64);
        self.b.ins().brif(fits, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.store(end, c, rt::CTX_ALLOC_TOP);
        let header = self.iconst(tid as i64);
        self.store(header, top, 0);
        self.b.ins().jump(join, &[BlockArg::Value(top)]);
        self.b.switch_to_block(slow);
        let p = self.rt("kiln_alloc_slow", &[tidv, sizev]).expect("result");
        self.b.ins().jump(join, &[BlockArg::Value(p)]);
        self.b.switch_to_block(join);
        res
    }

    fn list_item_type(&self, list: Type) -> Type {
        self.prog().types.list_item(list).unwrap_or(Type::INT)
    }

    /// Inline `l[i]` (or `l[i] = v` when `store` is given).
    fn list_index(&mut self, i: Inst, store: Option<CValue>) {
        let l = self.arg(i, 0);
        let idx = self.arg(i, 1);
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let chk = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow);
        let res = self.b.append_block_param(join, types::I64);
        if self.operand0_checked() {
            self.b.ins().jump(chk, &[]);
        } else {
            self.b.ins().brif(l, chk, &[], slow, &[]);
        }
        self.b.switch_to_block(chk);
        let len = self.load(types::I64, l, rt::LIST_LEN);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, idx, 0);
        let wrapped = self.b.ins().iadd(idx, len);
        let j = self.b.ins().select(neg, wrapped, idx);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        self.b.ins().brif(inb, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let items = self.load(types::I64, l, rt::LIST_ITEMS);
        let off = self.b.ins().ishl_imm_s(j, 3);
        let addr = self.b.ins().iadd(items, off);
        let v = match store {
            Some(w) => {
                self.store(w, addr, rt::ARRAY_DATA);
                self.iconst(0)
            }
            None => self.load(types::I64, addr, rt::ARRAY_DATA),
        };
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(slow);
        let r = match store {
            Some(w) => {
                self.rt_checked("kiln_list_setitem", &[l, idx, w]);
                self.iconst(0)
            }
            None => self
                .rt_checked("kiln_list_getitem", &[l, idx])
                .expect("result"),
        };
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        if store.is_none() {
            let t = self.result_type(i);
            let v = self.word_as(res, t);
            self.set_result(i, v);
        }
    }

    fn list_append(&mut self, i: Inst) {
        let l = self.arg(i, 0);
        let v = self.arg(i, 1);
        let t = self.arg_type(i, 1);
        let w = self.as_word(v, t);
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let chk = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow);
        if self.operand0_checked() {
            self.b.ins().jump(chk, &[]);
        } else {
            self.b.ins().brif(l, chk, &[], slow, &[]);
        }
        self.b.switch_to_block(chk);
        let len = self.load(types::I64, l, rt::LIST_LEN);
        let items = self.load(types::I64, l, rt::LIST_ITEMS);
        let cap = self.load(types::I64, items, rt::ARRAY_CAP);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, len, cap);
        self.b.ins().brif(room, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let off = self.b.ins().ishl_imm_s(len, 3);
        let addr = self.b.ins().iadd(items, off);
        self.store(w, addr, rt::ARRAY_DATA);
        let n1 = self.b.ins().iadd_imm_s(len, 1);
        self.store(n1, l, rt::LIST_LEN);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(slow);
        self.rt_checked("kiln_list_append", &[l, w]);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    /// Calls list/dict runtime function `name` with the operands as words.
    fn words_rt(&mut self, i: Inst, name: &str, prefix: &[CValue]) {
        let n = self.f.insts[i].args.len();
        let mut args = prefix.to_vec();
        for k in 0..n {
            let x = self.arg(i, k);
            let t = self.arg_type(i, k);
            args.push(self.as_word(x, t));
        }
        let r = self.rt_checked(name, &args);
        if let Some(r) = r {
            if self.f.insts[i].result.is_some() {
                let t = self.result_type(i);
                let v = self.word_as(r, t);
                self.set_result(i, v);
            }
        }
    }

    fn dict_list(&mut self, i: Inst, which: i64) {
        let d = self.arg(i, 0);
        let lt = self.result_type(i);
        let item = self.list_item_type(lt);
        let list_tid = self.m.lay.list_tid(self.prog(), item);
        let tuple_tid = self.m.lay.tuple_tid.get(&item).copied().unwrap_or(0);
        let w = self.iconst(which);
        let lt = self.iconst(list_tid as i64);
        let tt = self.iconst(tuple_tid as i64);
        let r = self
            .rt_checked("kiln_dict_list", &[d, w, lt, tt])
            .expect("result");
        self.set_result(i, r);
    }

    /// Translates a list, dict or tuple instruction.
    pub fn containers(&mut self, i: Inst) {
        use Opcode::*;
        let op = self.f.insts[i].op;
        match op {
            ListNew | ListOf => {
                let lt = self.result_type(i);
                let item = self.list_item_type(lt);
                let tid = self.m.lay.list_tid(self.prog(), item);
                let n = self.f.insts[i].args.len();
                let tv = self.iconst(tid as i64);
                let nv = self.iconst(n as i64);
                let l = self
                    .rt_checked("kiln_list_alloc", &[tv, nv])
                    .expect("result");
                if n > 0 {
                    let items = self.load(types::I64, l, rt::LIST_ITEMS);
                    for k in 0..n {
                        let x = self.arg(i, k);
                        let t = self.arg_type(i, k);
                        let w = self.as_word(x, t);
                        self.store(w, items, rt::ARRAY_DATA + 8 * k as i32);
                    }
                }
                self.set_result(i, l);
            }
            ListNewFilled => {
                let lt = self.result_type(i);
                let item = self.list_item_type(lt);
                let tid = self.m.lay.list_tid(self.prog(), item);
                let tv = self.iconst(tid as i64);
                self.words_rt(i, "kiln_list_new_filled", &[tv]);
            }
            ListLen | DictLen => {
                let l = self.arg(i, 0);
                self.none_check(l, exc::TYPE_ERROR, "object of type 'NoneType' has no len()");
                let off = if op == ListLen {
                    rt::LIST_LEN
                } else {
                    rt::DICT_LEN
                };
                let n = self.load(types::I64, l, off);
                self.set_result(i, n);
            }
            ListGetItem => self.list_index(i, None),
            ListSetItem => {
                let v = self.arg(i, 2);
                let t = self.arg_type(i, 2);
                let w = self.as_word(v, t);
                self.list_index(i, Some(w));
            }
            ListAppend => self.list_append(i),
            ListPop => self.words_rt(i, "kiln_list_pop", &[]),
            ListInsert => self.words_rt(i, "kiln_list_insert", &[]),
            ListDelItem => self.words_rt(i, "kiln_list_delitem", &[]),
            ListGetSlice => self.words_rt(i, "kiln_list_getslice", &[]),
            ListSetSlice => self.words_rt(i, "kiln_list_setslice", &[]),
            ListDelSlice => self.words_rt(i, "kiln_list_delslice", &[]),
            ListExtend => self.words_rt(i, "kiln_list_extend", &[]),
            DictNew => {
                let dt = self.result_type(i);
                let (k, v) = self
                    .prog()
                    .types
                    .dict_kv(dt)
                    .unwrap_or((Type::INT, Type::INT));
                let kk = crate::layouts::value_kind(self.prog(), k) as i64;
                let vr = self.prog().types.is_ref(v) as i64;
                let kinds = self.iconst(kk | (vr << 8));
                let d = self.rt("kiln_dict_new", &[kinds]).expect("result");
                self.set_result(i, d);
            }
            DictGetItem => self.words_rt(i, "kiln_dict_getitem", &[]),
            DictSetItem => self.words_rt(i, "kiln_dict_setitem", &[]),
            DictDelItem => self.words_rt(i, "kiln_dict_delitem", &[]),
            DictContains => self.words_rt(i, "kiln_dict_contains", &[]),
            DictGet => self.words_rt(i, "kiln_dict_get", &[]),
            DictPop => self.words_rt(i, "kiln_dict_pop", &[]),
            DictKeys => self.dict_list(i, 0),
            DictValues => self.dict_list(i, 1),
            DictItems => self.dict_list(i, 2),
            DictClear => self.words_rt(i, "kiln_dict_clear", &[]),
            TupleNew => {
                let t = self.result_type(i);
                let tid = self.m.lay.tuple_tid.get(&t).copied().unwrap_or(0);
                let n = self.f.insts[i].args.len();
                let p = self.alloc(tid, rt::fixed_size(n));
                for k in 0..n {
                    let x = self.arg(i, k);
                    let at = self.arg_type(i, k);
                    let w = self.as_word(x, at);
                    self.store(w, p, rt::slot_offset(k));
                }
                self.set_result(i, p);
            }
            TupleGet => {
                let t = self.arg(i, 0);
                self.none_check(t, exc::TYPE_ERROR, "'NoneType' object is not subscriptable");
                let k = match self.f.insts[i].imm {
                    core_ir::Imm::Index(k) => k as usize,
                    _ => 0,
                };
                let rt_ty = self.result_type(i);
                let cty = self.ty(rt_ty);
                let v = self.load(cty, t, rt::slot_offset(k));
                self.set_result(i, v);
            }
            _ => unreachable!("not a container opcode: {op:?}"),
        }
    }
}
