//! Instances (allocation, fields, class tests, class attributes), globals,
//! function values and calls (direct, virtual through the vtable of the
//! receiver's type descriptor, and indirect through a function object).

use super::FnCx;
use crate::module_cx::{function_signature, Tramp};
use core_ir::{Imm, Inst, Opcode, Type};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value as CValue};
use runtime_shims::layout::{self as rt, exc, TypeDesc};
use std::mem::{offset_of, size_of};

impl FnCx<'_, '_> {
    /// The address of the type descriptor of object `x`.
    pub fn desc_of(&mut self, x: CValue) -> CValue {
        let tid = self.b.ins().uload32(super::mem(), x, 0);
        let gv = self.m.data_gv(self.m.types_data, self.b.func);
        let base = self.b.ins().symbol_value(types::I64, gv);
        let idx = self
            .b
            .ins()
            .iadd_imm_s(tid, -(rt::FIRST_PROGRAM_TID as i64));
        let off = self.b.ins().imul_imm_s(idx, size_of::<TypeDesc>() as i64);
        self.b.ins().iadd(base, off)
    }

    /// Raises AttributeError for missing attribute `name` of `x` (None or an
    /// instance) and takes the exception path.
    fn raise_no_attr(&mut self, x: CValue, name: &str) {
        let s = self.m.str_const(name);
        let sv = self.str_value(s);
        self.rt("kiln_raise_no_attr", &[x, sv]);
        self.goto_exc_path();
    }

    fn attr_none_check(&mut self, x: CValue, name: &str) {
        if self.operand0_checked() {
            return;
        }
        let ok = self.b.create_block();
        let bad = self.b.create_block();
        self.b.set_cold_block(bad);
        self.b.ins().brif(x, ok, &[], bad, &[]);
        self.b.switch_to_block(bad);
        let z = self.iconst(0);
        self.raise_no_attr(z, name);
        self.b.switch_to_block(ok);
    }

    /// `isinstance(x, C)` for non-None `x` with class range `lo..=hi`.
    fn in_range(&mut self, x: CValue, c: core_ir::ClassId) -> CValue {
        let lo = self.m.lay.class_tid[c] as i64;
        let hi = self.m.lay.class_last[c] as i64;
        let tid = self.b.ins().uload32(super::mem(), x, 0);
        let d = self.b.ins().iadd_imm_s(tid, -lo);
        self.b
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThanOrEqual, d, hi - lo)
    }

    /// Loads vtable slot `slot` of non-None instance `x`.
    fn vtable_slot(&mut self, x: CValue, slot: u32) -> CValue {
        let d = self.desc_of(x);
        let vt = self.load(types::I64, d, offset_of!(TypeDesc, vtable) as i32);
        self.load(types::I64, vt, 8 * slot as i32)
    }

    fn globals_addr(&mut self) -> CValue {
        let gv = self.m.data_gv(self.m.globals_data, self.b.func);
        self.b.ins().symbol_value(types::I64, gv)
    }

    fn call_result(&mut self, i: Inst, r: Option<CValue>) {
        self.check_exc();
        if let Some(r) = r {
            self.set_result(i, r);
        }
    }

    /// Allocates a function object whose bound value is operand 0.
    fn bound_obj(&mut self, i: Inst, code: cranelift_module::FuncId) -> CValue {
        let t = self.f.values[self.f.insts[i].args[0]].ty;
        let is_ref = self.prog().types.is_ref(t);
        let tid = if is_ref {
            rt::TID_FUNC_REF
        } else {
            rt::TID_FUNC_RAW
        };
        let p = self.alloc(tid, rt::FUNC_SIZE);
        let fr = self.m.func_ref(code, self.b.func);
        let addr = self.b.ins().func_addr(types::I64, fr);
        self.store(addr, p, rt::FUNC_CODE);
        let x = self.arg(i, 0);
        let w = self.as_word(x, t);
        self.store(w, p, rt::FUNC_BOUND);
        p
    }

    /// Translates an instance, global, function-value or call instruction.
    pub fn objects(&mut self, i: Inst) {
        use Opcode::*;
        let data = self.f.insts[i].clone();
        let prog = self.prog();
        match (data.op, &data.imm) {
            (FuncRef, Imm::Func(f)) => {
                let d = self.m.func_obj(*f);
                let v = self.str_value(d);
                self.set_result(i, v);
            }
            (FuncBind, Imm::Func(f)) => {
                let code = self.m.tramp(Tramp::Bound(*f));
                let p = self.bound_obj(i, code);
                self.set_result(i, p);
            }
            (MethodBind, Imm::Method(m)) => {
                let x = self.arg(i, 0);
                let name = prog.methods[*m].name.clone();
                self.attr_none_check(x, &name);
                let slot = self.m.lay.method_slot[*m];
                let f = self.vtable_slot(x, slot);
                let ok = self.b.create_block();
                let bad = self.b.create_block();
                self.b.set_cold_block(bad);
                self.b.ins().brif(f, ok, &[], bad, &[]);
                self.b.switch_to_block(bad);
                self.raise_no_attr(x, &name);
                self.b.switch_to_block(ok);
                let code = self.m.tramp(Tramp::Method(*m));
                let p = self.bound_obj(i, code);
                self.set_result(i, p);
            }
            (New, Imm::Class(c)) => {
                let tid = self.m.lay.class_tid[*c];
                let size = self.m.lay.instance_size(prog, *c);
                let p = self.alloc(tid, size);
                self.set_result(i, p);
            }
            (GetField, Imm::Field(f)) => {
                let x = self.arg(i, 0);
                self.attr_none_check(x, &prog.fields[*f].name);
                let t = self.ty(prog.fields[*f].ty);
                let off = self.m.lay.field_offset(*f);
                let v = self.load(t, x, off);
                self.set_result(i, v);
            }
            (SetField, Imm::Field(f)) => {
                let x = self.arg(i, 0);
                self.attr_none_check(x, &prog.fields[*f].name);
                let v = self.arg(i, 1);
                let off = self.m.lay.field_offset(*f);
                self.store(v, x, off);
            }
            (InstanceOf, Imm::Class(c)) => {
                let x = self.arg(i, 0);
                let is = self.b.create_block();
                let join = self.b.create_block();
                let res = self.b.append_block_param(join, types::I8);
                let no = self.b.ins().iconst(types::I8, 0);
                self.b.ins().brif(
                    x,
                    is,
                    &[],
                    join,
                    &[cranelift_codegen::ir::BlockArg::Value(no)],
                );
                self.b.switch_to_block(is);
                let r = self.in_range(x, *c);
                self.b
                    .ins()
                    .jump(join, &[cranelift_codegen::ir::BlockArg::Value(r)]);
                self.b.switch_to_block(join);
                self.set_result(i, res);
            }
            (Downcast, Imm::Class(c)) => {
                let x = self.arg(i, 0);
                let chk = self.b.create_block();
                let bad = self.b.create_block();
                let join = self.b.create_block();
                self.b.set_cold_block(bad);
                self.b.ins().brif(x, chk, &[], join, &[]);
                self.b.switch_to_block(chk);
                let ok = self.in_range(x, *c);
                self.b.ins().brif(ok, join, &[], bad, &[]);
                self.b.switch_to_block(bad);
                let s = self.m.str_const(&prog.classes[*c].name);
                let sv = self.str_value(s);
                self.rt("kiln_raise_not_instance", &[x, sv]);
                self.goto_exc_path();
                self.b.switch_to_block(join);
                self.set_result(i, x);
            }
            (ClassAttrGet, Imm::ClassAttr(a)) => {
                let x = self.arg(i, 0);
                let name = prog.class_attrs[*a].name.clone();
                self.attr_none_check(x, &name);
                let d = self.desc_of(x);
                let table = self.load(types::I64, d, offset_of!(TypeDesc, cattrs) as i32);
                let slot = self.m.lay.attr_slot[*a];
                let addr = self.load(types::I64, table, 8 * slot as i32);
                let ok = self.b.create_block();
                let bad = self.b.create_block();
                self.b.set_cold_block(bad);
                self.b.ins().brif(addr, ok, &[], bad, &[]);
                self.b.switch_to_block(bad);
                self.raise_no_attr(x, &name);
                self.b.switch_to_block(ok);
                let t = self.ty(prog.class_attrs[*a].ty);
                let v = self.load(t, addr, 0);
                self.set_result(i, v);
            }
            (GlobalGet, Imm::Global(g)) => {
                let base = self.globals_addr();
                let t = self.ty(prog.globals[*g].ty);
                let v = self.load(t, base, 8 * g.as_u32() as i32);
                self.set_result(i, v);
            }
            (GlobalSet, Imm::Global(g)) => {
                let base = self.globals_addr();
                let v = self.arg(i, 0);
                self.store(v, base, 8 * g.as_u32() as i32);
            }
            (Call, Imm::Func(f)) => {
                let args: Vec<CValue> = (0..data.args.len()).map(|k| self.arg(i, k)).collect();
                let r = self.call_func(*f, &args);
                self.call_result(i, r);
            }
            (CallMethod, Imm::Method(m)) => {
                let x = self.arg(i, 0);
                let name = prog.methods[*m].name.clone();
                self.attr_none_check(x, &name);
                let slot = self.m.lay.method_slot[*m];
                let code = self.vtable_slot(x, slot);
                let ok = self.b.create_block();
                let bad = self.b.create_block();
                self.b.set_cold_block(bad);
                self.b.ins().brif(code, ok, &[], bad, &[]);
                self.b.switch_to_block(bad);
                self.raise_no_attr(x, &name);
                self.b.switch_to_block(ok);
                let md = &prog.methods[*m];
                let recv = Type::STR; // any reference type: the receiver is a pointer
                let mut params = vec![recv];
                params.extend_from_slice(&md.params);
                let sig = function_signature(prog, &params, md.ret, false);
                let args: Vec<CValue> = (0..data.args.len()).map(|k| self.arg(i, k)).collect();
                let r = self.call_indirect(sig, code, &args);
                self.call_result(i, r);
            }
            (CallIndirect, _) => {
                let fv = self.arg(i, 0);
                self.none_check(fv, exc::TYPE_ERROR, "'NoneType' object is not callable");
                let ft = self.f.values[data.args[0]].ty;
                let (params, ret) = prog
                    .types
                    .func_sig(ft)
                    .map(|(p, r)| (p.to_vec(), r))
                    .unwrap_or((vec![], Type::VOID));
                let sig = function_signature(prog, &params, ret, true);
                let code = self.load(types::I64, fv, rt::FUNC_CODE);
                let args: Vec<CValue> = (0..data.args.len()).map(|k| self.arg(i, k)).collect();
                let r = self.call_indirect(sig, code, &args);
                self.call_result(i, r);
            }
            (op, imm) => unreachable!("bad object instruction {op:?} {imm:?}"),
        }
    }
}
