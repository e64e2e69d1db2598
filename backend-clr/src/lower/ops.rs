//! One IR instruction as IL: operands are loaded from their locals, the
//! operation is inline IL or a call into the runtime, and the result is
//! stored to its local.

use super::func::FnLower;
use super::support::key_class;
use crate::il::{Br, Op};
use crate::meta::model::{FieldRef, MethodRef, Ty};
use core_ir::{Cond, Imm, Inst, Opcode, Type, TypeData, Value};
use cranelift_entity::EntityRef;

#[derive(Copy, Clone, PartialEq)]
enum Num {
    Signed,
    Unsigned,
    Float,
}

fn cond_code(c: Cond) -> i32 {
    match c {
        Cond::Eq => 0,
        Cond::Ne => 1,
        Cond::Lt => 2,
        Cond::Le => 3,
        Cond::Gt => 4,
        Cond::Ge => 5,
    }
}

impl FnLower<'_, '_> {
    fn loads(&mut self, args: &[Value]) {
        for &a in args {
            self.load(a);
        }
    }

    fn negate(&mut self) {
        self.b.ldc_i4(0);
        self.b.op(Op::Ceq);
    }

    fn compare(&mut self, c: Cond, kind: Num) {
        let un = kind == Num::Unsigned;
        let fl = kind == Num::Float;
        match c {
            Cond::Eq => self.b.op(Op::Ceq),
            Cond::Ne => {
                self.b.op(Op::Ceq);
                self.negate();
            }
            Cond::Lt => self.b.op(if un { Op::CltUn } else { Op::Clt }),
            Cond::Gt => self.b.op(if un { Op::CgtUn } else { Op::Cgt }),
            Cond::Le => {
                self.b.op(if un || fl { Op::CgtUn } else { Op::Cgt });
                self.negate();
            }
            Cond::Ge => {
                self.b.op(if un || fl { Op::CltUn } else { Op::Clt });
                self.negate();
            }
        }
    }

    /// Calls `class.name` on the loaded operands.
    fn rt_op(&mut self, args: &[Value], class: &str, name: &str) -> Result<(), String> {
        self.loads(args);
        self.call_rt(class, name)
    }

    /// The runtime class of the container operand or result.
    fn cname(&self, t: Type) -> String {
        self.cx.name(t).to_string()
    }

    fn slot_name_check(&mut self, x: Value, name: &str) -> Result<(), String> {
        if !self.is_nonnull(x) {
            self.null_check(x, "NoneAttr", name)?;
        }
        Ok(())
    }

    /// Emits instruction `inst` (operands loaded, result stored).
    pub(super) fn op(&mut self, inst: Inst) -> Result<(), String> {
        use Opcode::*;
        let d = self.f.insts[inst].clone();
        let a = d.args.as_slice();
        let prog = self.cx.prog;
        let mut pushed = d.result.is_some();
        match d.op {
            Iconst => {
                let Imm::Int(v) = d.imm else {
                    return Err("iconst".into());
                };
                self.b.ldc_i8(v);
            }
            Uconst => {
                let Imm::UInt(v) = d.imm else {
                    return Err("uconst".into());
                };
                self.b.ldc_i8(v as i64);
            }
            Fconst => {
                let Imm::Float(v) = d.imm else {
                    return Err("fconst".into());
                };
                self.b.ldc_r8(v);
            }
            Bconst => {
                let Imm::Bool(v) = d.imm else {
                    return Err("bconst".into());
                };
                self.b.ldc_i4(v as i32);
            }
            Sconst => {
                let Imm::Str(s) = &d.imm else {
                    return Err("sconst".into());
                };
                let f = self.cx.str_const(s);
                self.b.ldsfld(f);
            }
            NoneConst => self.b.op(Op::Ldnull),
            FuncRef => {
                let Imm::Func(f) = d.imm else {
                    return Err("func_ref".into());
                };
                let t = self.vty(d.result.ok_or("func_ref result")?);
                let del = self.cx.delegates[&t].clone();
                self.b.op(Op::Ldnull);
                self.b.ldftn(MethodRef::Def(self.cx.funcs[f.index()]));
                self.b.newobj(del.ctor.mref, &del.ctor.sig);
            }
            FuncBind => {
                let Imm::Func(f) = d.imm else {
                    return Err("func_bind".into());
                };
                let t = self.vty(d.result.ok_or("func_bind result")?);
                let del = self.cx.delegates[&t].clone();
                let (ctor, field, inv) = self.cx.binders[&f].clone();
                self.b.newobj(ctor.mref, &ctor.sig);
                self.b.op(Op::Dup);
                self.load(a[0]);
                self.b.stfld(field);
                self.b.ldftn(inv.mref);
                self.b.newobj(del.ctor.mref, &del.ctor.sig);
            }
            MethodBind => {
                let Imm::Method(m) = d.imm else {
                    return Err("method_bind".into());
                };
                self.slot_name_check(a[0], &prog.methods[m].name)?;
                if let Some(check) = self.cx.impl_checks.get(&m).cloned() {
                    // AttributeError now when the object's class lacks the method.
                    let ok = self.b.label();
                    self.load(a[0]);
                    self.b.callvirt(check.mref, &check.sig);
                    self.b.br(Br::True, ok);
                    let owner = prog.methods[m].class;
                    let root = prog.ancestors(owner).last().copied().unwrap_or(owner);
                    let root_name =
                        format!("P_{}", super::support::mangle(&prog.classes[root].name));
                    let kname = self.cx.rt(&root_name, "k$name")?;
                    self.load(a[0]);
                    self.b.callvirt(kname.mref, &kname.sig);
                    self.b.ldstr(&prog.methods[m].name);
                    self.throw_rt("Err", "NoAttr")?;
                    self.b.mark(ok);
                }
                let t = self.vty(d.result.ok_or("method_bind result")?);
                let del = self.cx.delegates[&t].clone();
                let slot = self.cx.slots[m.index()].clone().ok_or("unknown slot")?;
                self.load(a[0]);
                self.b.op(Op::Dup);
                self.b.ldvirtftn(slot.mref);
                self.b.newobj(del.ctor.mref, &del.ctor.sig);
            }
            IntAdd | UintAdd | FloatAdd => {
                self.loads(a);
                self.b.op(Op::Add);
            }
            IntSub | UintSub | FloatSub => {
                self.loads(a);
                self.b.op(Op::Sub);
            }
            IntMul | UintMul | FloatMul => {
                self.loads(a);
                self.b.op(Op::Mul);
            }
            IntAnd | UintAnd => {
                self.loads(a);
                self.b.op(Op::And);
            }
            IntOr | UintOr => {
                self.loads(a);
                self.b.op(Op::Or);
            }
            IntXor | UintXor => {
                self.loads(a);
                self.b.op(Op::Xor);
            }
            IntNeg | FloatNeg => {
                self.loads(a);
                self.b.op(Op::Neg);
            }
            IntInvert | UintInvert => {
                self.loads(a);
                self.b.op(Op::Not);
            }
            IntAbs => {
                // (x ^ (x >> 63)) - (x >> 63)
                self.load(a[0]);
                self.load(a[0]);
                self.b.ldc_i4(63);
                self.b.op(Op::Shr);
                self.b.op(Op::Xor);
                self.load(a[0]);
                self.b.ldc_i4(63);
                self.b.op(Op::Shr);
                self.b.op(Op::Sub);
            }
            IntFloorDiv => self.rt_op(a, "Num", "FloorDiv")?,
            IntMod => self.rt_op(a, "Num", "Mod")?,
            IntPow => self.rt_op(a, "Num", "Pow")?,
            IntLshift => self.rt_op(a, "Num", "LShift")?,
            IntRshift => self.rt_op(a, "Num", "RShift")?,
            IntAddOvf => self.rt_op(a, "Num", "AddOvf")?,
            IntSubOvf => self.rt_op(a, "Num", "SubOvf")?,
            IntMulOvf => self.rt_op(a, "Num", "MulOvf")?,
            IntTrueDiv => self.rt_op(a, "Num", "TrueDiv")?,
            IntToStr => self.rt_op(a, "Fmt", "IntToStr")?,
            UintFloorDiv => self.rt_op(a, "Num", "UFloorDiv")?,
            UintMod => self.rt_op(a, "Num", "UMod")?,
            UintLshift => self.rt_op(a, "Num", "ULShift")?,
            UintRshift => self.rt_op(a, "Num", "URShift")?,
            UintToStr => self.rt_op(a, "Fmt", "UIntToStr")?,
            IntCmp | UintCmp | FloatCmp => {
                let Imm::Cond(c) = d.imm else {
                    return Err("cmp".into());
                };
                self.loads(a);
                let kind = match d.op {
                    IntCmp => Num::Signed,
                    UintCmp => Num::Unsigned,
                    _ => Num::Float,
                };
                self.compare(c, kind);
            }
            IntFloatCmp => {
                let Imm::Cond(c) = d.imm else {
                    return Err("int_float_cmp".into());
                };
                self.loads(a);
                self.b.ldc_i4(cond_code(c));
                self.call_rt("Num", "IntFloatCmp")?;
            }
            IntToFloat => {
                self.loads(a);
                self.b.op(Op::ConvR8);
            }
            UintToFloat => {
                self.loads(a);
                self.b.op(Op::ConvRUn);
                self.b.op(Op::ConvR8);
            }
            BoolToInt => {
                self.loads(a);
                self.b.op(Op::ConvU8);
            }
            IntToUint | UintToInt | Promote => self.loads(a),
            FloatTrueDiv => self.rt_op(a, "Num", "FloatTrueDiv")?,
            FloatFloorDiv => self.rt_op(a, "Num", "FloatFloorDiv")?,
            FloatMod => self.rt_op(a, "Num", "FloatMod")?,
            FloatPow => self.rt_op(a, "Num", "FloatPow")?,
            FloatAbs => self.rt_op(a, "Num", "FAbs")?,
            FloatToInt => self.rt_op(a, "Num", "FloatToInt")?,
            FloatRepr => self.rt_op(a, "Fmt", "Repr")?,
            FloatFmtFixed => self.rt_op(a, "Fmt", "FmtFixed")?,
            FloatFmtExp => self.rt_op(a, "Fmt", "FmtExp")?,
            FloatFmtGeneral => self.rt_op(a, "Fmt", "FmtGeneral")?,
            FloatFromStr => self.rt_op(a, "Fmt", "FromStr")?,
            FloatSqrt => self.rt_op(a, "Num", "Sqrt")?,
            FloatExp => self.rt_op(a, "Num", "Exp")?,
            FloatLog => self.rt_op(a, "Num", "Log")?,
            FloatSin => self.rt_op(a, "Num", "Sin")?,
            FloatCos => self.rt_op(a, "Num", "Cos")?,
            FloatTan => self.rt_op(a, "Num", "Tan")?,
            FloatAtan2 => self.rt_op(a, "Math", "Atan2")?,
            FloatFloor => self.rt_op(a, "Num", "Floor")?,
            FloatCeil => self.rt_op(a, "Num", "Ceil")?,
            FloatMathPow => self.rt_op(a, "Num", "MathPow")?,
            BoolNot => {
                self.loads(a);
                self.negate();
            }
            Select => {
                let (other, end) = (self.b.label(), self.b.label());
                self.load(a[0]);
                self.b.br(Br::False, other);
                self.load(a[1]);
                self.b.br(Br::Always, end);
                self.b.mark(other);
                self.load(a[2]);
                self.b.mark(end);
            }
            StrLen => self.rt_op(a, "StrOps", "Len")?,
            StrGetItem => self.rt_op(a, "StrOps", "GetItem")?,
            StrCodeAt => self.rt_op(a, "StrOps", "CodeAt")?,
            StrSlice => self.rt_op(a, "StrOps", "Slice")?,
            StrConcat => self.rt_op(a, "StrOps", "Concat")?,
            StrRepeat => self.rt_op(a, "StrOps", "Repeat")?,
            StrCmp => {
                let Imm::Cond(c) = d.imm else {
                    return Err("str_cmp".into());
                };
                self.loads(a);
                match c {
                    Cond::Eq => self.call_rt("StrOps", "Eq")?,
                    Cond::Ne => {
                        self.call_rt("StrOps", "Eq")?;
                        self.negate();
                    }
                    _ => {
                        self.b.ldc_i4(cond_code(c));
                        self.call_rt("StrOps", "Cmp")?;
                    }
                }
            }
            StrFind => self.rt_op(a, "StrOps", "Find")?,
            StrRfind => self.rt_op(a, "StrOps", "RFind")?,
            StrStartswith => self.rt_op(a, "StrOps", "StartsWith")?,
            StrEndswith => self.rt_op(a, "StrOps", "EndsWith")?,
            StrChr => self.rt_op(a, "StrOps", "Chr")?,
            StrJoin => self.rt_op(a, "StrOps", "Join")?,
            StrLower => self.rt_op(a, "StrOps", "Lower")?,
            StrUpper => self.rt_op(a, "StrOps", "Upper")?,
            StrRepr => self.rt_op(a, "StrOps", "Repr")?,
            CharClass => self.rt_op(a, "Unicode", "CharClass")?,
            ListOf if d.result.is_some_and(|r| self.fused_fill.contains_key(&r)) => {
                pushed = false; // built by the list_repeat call that uses it
            }
            ListNew | ListOf if d.result.is_some_and(|r| self.unused_lists.contains(&r)) => {
                pushed = false; // never read
            }
            ListNew | ListOf => {
                let l = self.cname(self.vty(d.result.ok_or("list result")?));
                self.b.ldc_i4(a.len().max(4) as i32);
                self.call_rt(&l, "New")?;
                for &x in a {
                    self.b.op(Op::Dup);
                    self.load(x);
                    self.call_rt(&l, "Append")?;
                }
            }
            ListNewFilled => {
                let l = self.cname(self.vty(d.result.ok_or("list result")?));
                self.list_filled(&l, a[0], a[1])?;
            }
            ListLen | ListGetItem | ListSetItem => self.list_access(d.op, a)?,
            ListAppend | ListPop | ListInsert | ListDelItem | ListGetSlice | ListSetSlice
            | ListDelSlice | ListExtend => {
                let l = self.cname(self.vty(a[0]));
                let name = match d.op {
                    ListAppend => "Append",
                    ListPop => "Pop",
                    ListInsert => "Insert",
                    ListDelItem => "DelItem",
                    ListGetSlice => "GetSlice",
                    ListSetSlice => "SetSlice",
                    ListDelSlice => "DelSlice",
                    _ => "Extend",
                };
                self.rt_op(a, &l, name)?;
            }
            DictNew => {
                let dn = self.cname(self.vty(d.result.ok_or("dict result")?));
                self.call_rt(&dn, "New")?;
            }
            DictLen | DictGetItem | DictSetItem | DictDelItem | DictContains | DictGet
            | DictPop | DictClear => {
                let dn = self.cname(self.vty(a[0]));
                let name = match d.op {
                    DictLen => "Len",
                    DictGetItem => "Get",
                    DictSetItem => "Set",
                    DictDelItem => "Del",
                    DictContains => "Contains",
                    DictGet => "GetOr",
                    DictPop => "Pop",
                    _ => "Clear",
                };
                self.rt_op(a, &dn, name)?;
            }
            DictKeys | DictValues | DictItems => {
                let dn = self.cname(self.vty(a[0]));
                let (suffix, name) = match d.op {
                    DictKeys => ("Keys", "Keys"),
                    DictValues => ("Values", "Values"),
                    _ => ("Items", "Items"),
                };
                self.rt_op(a, &format!("{dn}_{suffix}"), name)?;
            }
            TupleNew => {
                let t = self.cname(self.vty(d.result.ok_or("tuple result")?));
                let ctor = self.cx.world.class(&t)?.ctors[0].clone();
                self.b.newobj(ctor.mref, &ctor.sig);
                for (i, &x) in a.iter().enumerate() {
                    let f = self.cx.world.field(&t, &format!("f{i}"))?.fref;
                    self.b.op(Op::Dup);
                    self.load(x);
                    self.b.stfld(f);
                }
            }
            TupleGet => {
                let Imm::Index(i) = d.imm else {
                    return Err("tuple_get".into());
                };
                let t = self.cname(self.vty(a[0]));
                let f = self.cx.world.field(&t, &format!("f{i}"))?.fref;
                self.load(a[0]);
                self.b.ldfld(f);
            }
            Hash => {
                let t = self.vty(a[0]);
                self.load(a[0]);
                match prog.types.get(t) {
                    TypeData::Int => self.call_rt("Num", "HashInt")?,
                    TypeData::UInt => self.call_rt("Num", "HashUInt")?,
                    TypeData::Bool => self.b.op(Op::ConvU8),
                    TypeData::Float => self.call_rt("Num", "HashFloat")?,
                    TypeData::Str => self.call_rt("StrOps", "Hash")?,
                    _ => {
                        let kc = key_class(self.cx, t);
                        self.call_rt(&kc, "PyHash")?;
                    }
                }
            }
            RefIs => {
                self.loads(a);
                self.b.op(Op::Ceq);
            }
            IsNone => {
                self.load(a[0]);
                self.b.op(Op::Ldnull);
                self.b.op(Op::Ceq);
            }
            New => {
                let Imm::Class(c) = d.imm else {
                    return Err("new".into());
                };
                let name = self.cname(
                    prog.types
                        .iter()
                        .find(|(_, t)| **t == TypeData::Instance(c))
                        .map(|(t, _)| t)
                        .ok_or("class type")?,
                );
                let ctor = self.cx.world.class(&name)?.ctors[0].clone();
                self.b.newobj(ctor.mref, &ctor.sig);
            }
            GetField | SetField => {
                let Imm::Field(f) = d.imm else {
                    return Err("field".into());
                };
                self.slot_name_check(a[0], &prog.fields[f].name)?;
                let fref = FieldRef::Def(self.cx.field_defs[f.index()]);
                self.loads(a);
                if d.op == GetField {
                    self.b.ldfld(fref);
                } else {
                    self.b.stfld(fref);
                }
            }
            InstanceOf => {
                let Imm::Class(c) = d.imm else {
                    return Err("instance_of".into());
                };
                let ty = self.class_ty(c);
                self.load(a[0]);
                self.b.isinst(&ty);
                self.b.op(Op::Ldnull);
                self.b.op(Op::CgtUn);
            }
            Downcast => {
                let Imm::Class(c) = d.imm else {
                    return Err("downcast".into());
                };
                let from = prog.types.instance_class(self.vty(a[0]));
                if from.is_some_and(|k| prog.is_subclass(k, c)) {
                    self.load(a[0]);
                } else {
                    let ty = self.class_ty(c);
                    let (null, ok) = (self.b.label(), self.b.label());
                    self.load(a[0]);
                    self.b.br(Br::False, null);
                    self.load(a[0]);
                    self.b.isinst(&ty);
                    self.b.op(Op::Dup);
                    self.b.br(Br::True, ok);
                    self.b.op(Op::Pop);
                    let root = prog
                        .ancestors(from.unwrap_or(c))
                        .last()
                        .copied()
                        .unwrap_or(c);
                    let root_name =
                        format!("P_{}", super::support::mangle(&prog.classes[root].name));
                    let kname = self.cx.rt(&root_name, "k$name")?;
                    self.load(a[0]);
                    self.b.callvirt(kname.mref, &kname.sig);
                    self.b.ldstr(&prog.classes[c].name);
                    self.throw_rt("Err", "NotInstance")?;
                    self.b.mark(null);
                    self.b.op(Op::Ldnull);
                    self.b.mark(ok);
                }
            }
            ClassAttrGet => {
                let Imm::ClassAttr(at) = d.imm else {
                    return Err("classattr_get".into());
                };
                self.slot_name_check(a[0], &prog.class_attrs[at].name)?;
                let g = self.cx.attr_getters[at.index()]
                    .clone()
                    .ok_or("class attribute getter")?;
                self.load(a[0]);
                self.b.callvirt(g.mref, &g.sig);
            }
            GlobalGet => {
                let Imm::Global(g) = d.imm else {
                    return Err("global_get".into());
                };
                match self.cx.const_globals.get(&g).cloned() {
                    Some(Imm::Int(v)) => self.b.ldc_i8(v),
                    Some(Imm::UInt(v)) => self.b.ldc_i8(v as i64),
                    Some(Imm::Float(v)) => self.b.ldc_r8(v),
                    Some(Imm::Bool(v)) => self.b.ldc_i4(v as i32),
                    _ => self.b.ldsfld(FieldRef::Def(self.cx.globals[g.index()])),
                }
            }
            GlobalSet => {
                let Imm::Global(g) = d.imm else {
                    return Err("global_set".into());
                };
                self.load(a[0]);
                self.b.stsfld(FieldRef::Def(self.cx.globals[g.index()]));
            }
            Call if self.list_repeat_intrinsic(&d)? => {}
            Call => {
                let Imm::Func(f) = d.imm else {
                    return Err("call".into());
                };
                // A method implementation called directly (devirtualized
                // `x.m()` or a super call) assumes its receiver is not None.
                if let Some(slot) = self.cx.impl_slot_names.get(&f).cloned() {
                    if let Some(&x) = a.first() {
                        self.slot_name_check(x, &slot)?;
                    }
                }
                let m = self.cx.funcs[f.index()];
                let sig = self.cx.asm.methods[m.0 as usize].sig.clone();
                self.loads(a);
                self.b.call(MethodRef::Def(m), &sig);
                pushed = sig.ret != Ty::Void;
            }
            CallMethod => {
                let Imm::Method(m) = d.imm else {
                    return Err("call_method".into());
                };
                self.slot_name_check(a[0], &prog.methods[m].name)?;
                let slot = self.cx.slots[m.index()].clone().ok_or("unknown slot")?;
                self.loads(a);
                self.b.callvirt(slot.mref, &slot.sig);
                pushed = slot.sig.ret != Ty::Void;
            }
            CallIndirect => {
                let t = self.vty(a[0]);
                let del = self.cx.delegates[&t].clone();
                self.null_check(a[0], "Type", "'NoneType' object is not callable")?;
                self.loads(a);
                self.b.callvirt(del.invoke.mref, &del.invoke.sig);
                pushed = del.invoke.sig.ret != Ty::Void;
            }
            StdoutWrite => self.rt_op(a, "IO", "Write")?,
            StdoutFlush => self.call_rt("IO", "Flush")?,
            StderrWrite => self.rt_op(a, "IO", "ErrWrite")?,
            StdinReadline => self.call_rt("IO", "ReadLine")?,
            StdinRead => self.call_rt("IO", "ReadAll")?,
            FileOpen => self.rt_op(a, "IO", "Open")?,
            FileRead => self.rt_op(a, "IO", "Read")?,
            FileReadline => self.rt_op(a, "IO", "ReadLineOf")?,
            FileWrite => self.rt_op(a, "IO", "WriteTo")?,
            FileClose => self.rt_op(a, "IO", "Close")?,
            TimeTime => self.call_rt("IO", "Time")?,
            TimePerfCounter => self.call_rt("IO", "PerfCounter")?,
            JitMergePoint | CanEnterJit => {}
            WeAreJitted => self.b.ldc_i4(0),
        }
        match d.result {
            Some(r) if pushed => self.store(r),
            Some(r) if self.fused_fill.contains_key(&r) || self.unused_lists.contains(&r) => {}
            Some(_) => return Err(format!("`{}` produced no value", d.op.name())),
            None if pushed => self.b.op(Op::Pop),
            None => {}
        }
        Ok(())
    }
}
