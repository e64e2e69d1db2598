//! Instances, globals, calls and function values.
//!
//! A function value is an instance of the abstract class of its function
//! type (`M/$fn/F<n>`, one method `call`): `func_ref` reads the singleton of
//! the function's `Ref` class, `func_bind` and `method_bind` allocate a
//! `Bind`/`Meth` object holding the bound first argument or receiver.

use super::FnGen;
use crate::classfile::code::{If, Invoke};
use crate::names::mangle;
use core_ir::{Imm, Inst, Opcode, Type};

impl FnGen<'_, '_> {
    /// Emits an object, global, call or function-value instruction.
    pub(super) fn object(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let inst = &self.f.insts[i];
        let op = inst.op;
        let imm = inst.imm.clone();
        let args = inst.args.clone();
        let result = inst.result;
        match (op, imm) {
            (FuncRef, Imm::Func(f)) => {
                let class = crate::funcvals::ref_class(self.l, f);
                let fty = self.l.ref_class(result.map_or(Type::VOID, |r| self.ty(r)));
                self.c.getstatic(&class, "INSTANCE", &format!("L{fty};"));
            }
            (FuncBind, Imm::Func(f)) => {
                let class = crate::funcvals::bind_class(self.l, f);
                let first = self.l.prog.funcs[f].params[0];
                let d = format!("({})V", self.l.desc(first));
                self.c.new_obj(&class);
                self.c.dup();
                self.load(args[0]);
                self.c.invoke(Invoke::Special, &class, "<init>", &d);
            }
            (MethodBind, Imm::Method(m)) => {
                let class = crate::funcvals::meth_class(self.l, m);
                let recv = self.l.class(self.l.prog.methods[m].class).to_string();
                self.c.new_obj(&class);
                self.c.dup();
                self.load(args[0]);
                self.c
                    .invoke(Invoke::Special, &class, "<init>", &format!("(L{recv};)V"));
            }
            (RefIs, _) => {
                self.load(args[0]);
                self.load(args[1]);
                self.bool_from_if(If::AcmpEq);
            }
            (IsNone, _) => {
                self.load(args[0]);
                self.bool_from_if(If::Null);
            }
            (New, Imm::Class(c)) => {
                let class = self.l.class(c).to_string();
                self.c.construct(&class, "()V", |_| {});
            }
            (GetField, Imm::Field(fid)) => {
                let fd = &self.l.prog.fields[fid];
                let owner = self.l.class(fd.class).to_string();
                let d = self.l.desc(fd.ty);
                self.load(args[0]);
                self.c.getfield(&owner, &mangle(&fd.name), &d);
            }
            (SetField, Imm::Field(fid)) => {
                let fd = &self.l.prog.fields[fid];
                let owner = self.l.class(fd.class).to_string();
                let d = self.l.desc(fd.ty);
                self.load(args[0]);
                self.load(args[1]);
                self.c.putfield(&owner, &mangle(&fd.name), &d);
            }
            (InstanceOf, Imm::Class(c)) => {
                let class = self.l.class(c).to_string();
                self.load(args[0]);
                self.c.instance_of(&class);
            }
            (Downcast, Imm::Class(c)) => {
                let class = self.l.class(c).to_string();
                self.load(args[0]);
                self.c.invoke(
                    Invoke::Static,
                    &class,
                    "cast$",
                    &format!("(Ljava/lang/Object;)L{class};"),
                );
            }
            (ClassAttrGet, Imm::ClassAttr(a)) => {
                let ad = &self.l.prog.class_attrs[a];
                let owner = self.l.class(ad.class).to_string();
                let d = format!("(){}", self.l.desc(ad.ty));
                let name = self.l.class_attr_name(a);
                self.load(args[0]);
                self.c.invoke(Invoke::Virtual, &owner, &name, &d);
            }
            (GlobalGet, Imm::Global(g)) => {
                let d = self.l.desc(self.l.prog.globals[g].ty);
                let name = self.l.global_name(g).to_string();
                let m = self.l.module.clone();
                self.c.getstatic(&m, &name, &d);
            }
            (GlobalSet, Imm::Global(g)) => {
                let d = self.l.desc(self.l.prog.globals[g].ty);
                let name = self.l.global_name(g).to_string();
                let m = self.l.module.clone();
                self.load(args[0]);
                self.c.putstatic(&m, &name, &d);
            }
            (Call, Imm::Func(f)) => {
                self.load_args(i);
                let owner = self.l.func_class(f);
                let name = self.l.func_name(f).to_string();
                let d = self.l.func_desc(f);
                self.c.invoke(Invoke::Static, &owner, &name, &d);
            }
            (CallMethod, Imm::Method(m)) => {
                self.load_args(i);
                let owner = self.l.class(self.l.prog.methods[m].class).to_string();
                let name = self.l.method_name(m);
                let d = self.l.method_desc(m);
                self.c.invoke(Invoke::Virtual, &owner, &name, &d);
            }
            (CallIndirect, _) => {
                self.load_args(i);
                let ft = self.ty(args[0]);
                let owner = self.l.fn_class(ft).to_string();
                let (params, ret) = self
                    .l
                    .prog
                    .types
                    .func_sig(ft)
                    .map(|(p, r)| (p.to_vec(), r))
                    .unwrap_or((vec![], Type::VOID));
                let d = self.l.sig_desc(&params, ret);
                self.c.invoke(Invoke::Virtual, &owner, "call", &d);
            }
            _ => self
                .c
                .fail(format!("`{}` has an unexpected immediate", op.name())),
        }
        false
    }
}
