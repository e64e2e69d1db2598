//! Execution of one instruction: the exhaustive match over [`Opcode`].
//! Scalar arithmetic, constants, globals, calls and hints are done here;
//! strings, containers, objects and I/O are delegated to their modules.

use super::decode::{DFunc, DImm, DInst, NONE};
use super::errors::{confused, no_attribute, type_error, Flow, R};
use super::machine::{Interp, Step};
use super::strings::PyStr;
use super::value::{FuncVal, Val};
use crate::entities::FuncId;
use crate::opcode::Opcode;
use cranelift_entity::EntityRef;
use std::rc::Rc;

fn bad_imm(op: Opcode) -> Flow {
    Flow::Fatal(format!("`{}` has a wrong immediate", op.name()))
}

impl DImm {
    /// The function immediate.
    pub fn func(&self, op: Opcode) -> R<FuncId> {
        match self {
            DImm::Func(f) => Ok(*f),
            _ => Err(bad_imm(op)),
        }
    }
}

/// The target of a call and where its arguments come from.
struct Callee {
    /// The function to run.
    func: FuncId,
    /// A bound first argument.
    bound: Option<Val>,
    /// How many leading operands are not arguments (the callee of `call_indirect`).
    skip: usize,
}

impl Interp<'_, '_> {
    /// The value in register `slot` of the frame at `base`.
    #[inline]
    pub fn reg(&self, base: usize, slot: u32) -> &Val {
        &self.stack[base + slot as usize]
    }

    /// An int operand.
    #[inline]
    pub fn int(&self, base: usize, slot: u32) -> R<i64> {
        match self.reg(base, slot) {
            Val::Int(n) => Ok(*n),
            v => Err(confused("int", v)),
        }
    }

    /// A uint operand.
    #[inline]
    pub fn uint(&self, base: usize, slot: u32) -> R<u64> {
        match self.reg(base, slot) {
            Val::UInt(n) => Ok(*n),
            v => Err(confused("uint", v)),
        }
    }

    /// A float operand.
    #[inline]
    pub fn float(&self, base: usize, slot: u32) -> R<f64> {
        match self.reg(base, slot) {
            Val::Float(x) => Ok(*x),
            v => Err(confused("float", v)),
        }
    }

    /// A bool operand.
    #[inline]
    pub fn boolean(&self, base: usize, slot: u32) -> R<bool> {
        match self.reg(base, slot) {
            Val::Bool(b) => Ok(*b),
            v => Err(confused("bool", v)),
        }
    }

    /// The operand registers of `inst` from the `skip`-th on.
    pub fn operands<'f>(f: &'f DFunc, inst: &DInst, skip: usize) -> &'f [u32] {
        let start = inst.args as usize;
        f.pool
            .get(start + skip..start + inst.nargs as usize)
            .unwrap_or(&[])
    }

    /// Calls `callee.func` with the operands of `inst` from the `callee.skip`-th
    /// on, preceded by `callee.bound` if given: pushes its frame.
    fn push_call(
        &mut self,
        f: &DFunc,
        base: usize,
        inst: &DInst,
        pc: usize,
        callee: Callee,
    ) -> R<Step> {
        if let Some(top) = self.frames.last_mut() {
            top.pc = pc as u32;
        }
        let (d, nbase) = self.enter(callee.func)?;
        let mut params = d.params.iter();
        if let Some(b) = callee.bound {
            if let Some(&p) = params.next() {
                self.stack[nbase + p as usize] = b;
            }
        }
        for (&p, &a) in params.zip(Self::operands(f, inst, callee.skip)) {
            let v = self.stack[base + a as usize].clone();
            self.stack[nbase + p as usize] = v;
        }
        Ok(Step::Entered)
    }

    /// Executes one instruction of `f` (frame at `base`, at code index `pc`).
    pub fn exec(&mut self, f: &DFunc, base: usize, inst: &DInst, pc: usize) -> R<Step> {
        use Opcode::*;
        let [a0, a1, _, _] = inst.a;
        let op = inst.op;
        let v = match op {
            Iconst => match inst.imm {
                DImm::Int(n) => Val::Int(n),
                _ => return Err(bad_imm(op)),
            },
            Uconst => match inst.imm {
                DImm::UInt(n) => Val::UInt(n),
                _ => return Err(bad_imm(op)),
            },
            Fconst => match inst.imm {
                DImm::Float(x) => Val::Float(x),
                _ => return Err(bad_imm(op)),
            },
            Bconst => match inst.imm {
                DImm::Bool(b) => Val::Bool(b),
                _ => return Err(bad_imm(op)),
            },
            Sconst | FuncRef => match &inst.imm {
                DImm::Const(v) => v.clone(),
                _ => return Err(bad_imm(op)),
            },
            NoneConst => Val::None,
            FuncBind => {
                let func = inst.imm.func(op)?;
                Val::Func(Rc::new(FuncVal::Bound(func, self.reg(base, a0).clone())))
            }
            MethodBind => self.method_bind(inst, base)?,

            IntAdd | IntSub | IntMul | IntFloorDiv | IntMod | IntPow | IntLshift | IntRshift
            | IntAnd | IntOr | IntXor | IntNeg | IntInvert | IntAbs | IntCmp | IntAddOvf
            | IntSubOvf | IntMulOvf | IntToFloat | IntTrueDiv | IntToStr | IntFloatCmp
            | BoolToInt | IntToUint | UintToInt | UintAdd | UintSub | UintMul | UintFloorDiv
            | UintMod | UintLshift | UintRshift | UintAnd | UintOr | UintXor | UintInvert
            | UintCmp | UintToFloat | UintToStr | FloatAdd | FloatSub | FloatMul | FloatTrueDiv
            | FloatFloorDiv | FloatMod | FloatPow | FloatNeg | FloatAbs | FloatCmp | FloatToInt
            | FloatRepr | FloatFmtFixed | FloatFmtExp | FloatFmtGeneral | FloatFromStr
            | FloatSqrt | FloatExp | FloatLog | FloatSin | FloatCos | FloatTan | FloatAtan2
            | FloatFloor | FloatCeil | FloatMathPow | BoolNot | Select | CharClass => {
                self.exec_scalar(base, inst)?
            }
            StrLen | StrGetItem | StrCodeAt | StrSlice | StrConcat | StrRepeat | StrCmp
            | StrFind | StrRfind | StrStartswith | StrEndswith | StrChr | StrJoin | StrLower
            | StrUpper | StrRepr => self.exec_str(base, inst)?,

            ListNew | ListOf | ListNewFilled | ListLen | ListGetItem | ListSetItem | ListAppend
            | ListPop | ListInsert | ListDelItem | ListGetSlice | ListSetSlice | ListDelSlice
            | ListExtend => self.exec_list(f, base, inst)?,
            DictNew | DictLen | DictGetItem | DictSetItem | DictDelItem | DictContains
            | DictGet | DictPop | DictKeys | DictValues | DictItems | DictClear => {
                self.exec_dict(base, inst)?
            }

            TupleNew => {
                let items = Self::operands(f, inst, 0)
                    .iter()
                    .map(|&a| self.reg(base, a).clone())
                    .collect();
                Val::Tuple(Rc::new(items))
            }
            TupleGet => {
                let DImm::Index(i) = inst.imm else {
                    return Err(bad_imm(op));
                };
                match self.reg(base, a0) {
                    Val::Tuple(t) => t
                        .get(i as usize)
                        .cloned()
                        .ok_or_else(|| Flow::Fatal("tuple index out of range".into()))?,
                    Val::None => {
                        return Err(type_error("'NoneType' object is not subscriptable").into())
                    }
                    v => return Err(confused("tuple", v)),
                }
            }

            Hash => {
                let v = self.reg(base, a0).clone();
                Val::Int(self.hash_val(&v)?)
            }
            RefIs => Val::Bool(self.reg(base, a0).same_ref(self.reg(base, a1))),
            IsNone => Val::Bool(self.reg(base, a0).is_none()),

            New | InstanceOf | Downcast | ClassAttrGet => self.exec_object(base, inst)?,
            GetField => {
                let DImm::Field(field, slot) = inst.imm else {
                    return Err(bad_imm(op));
                };
                match self.reg(base, a0) {
                    Val::Obj(o) => o
                        .fields
                        .borrow()
                        .get(slot as usize)
                        .cloned()
                        .unwrap_or_default(),
                    Val::None => {
                        return Err(no_attribute("NoneType", &self.prog.fields[field].name).into())
                    }
                    v => return Err(confused("instance", v)),
                }
            }
            SetField => {
                let DImm::Field(field, slot) = inst.imm else {
                    return Err(bad_imm(op));
                };
                let v = self.reg(base, a1).clone();
                match self.reg(base, a0) {
                    Val::Obj(o) => {
                        if let Some(x) = o.fields.borrow_mut().get_mut(slot as usize) {
                            *x = v;
                        }
                    }
                    Val::None => {
                        return Err(no_attribute("NoneType", &self.prog.fields[field].name).into())
                    }
                    v => return Err(confused("instance", v)),
                }
                Val::None
            }

            GlobalGet => {
                let DImm::Global(g) = inst.imm else {
                    return Err(bad_imm(op));
                };
                self.globals.get(g as usize).cloned().unwrap_or_default()
            }
            GlobalSet => {
                let DImm::Global(g) = inst.imm else {
                    return Err(bad_imm(op));
                };
                let v = self.reg(base, a0).clone();
                if let Some(x) = self.globals.get_mut(g as usize) {
                    *x = v;
                }
                Val::None
            }

            Call => {
                return self.push_call(
                    f,
                    base,
                    inst,
                    pc,
                    Callee {
                        func: inst.imm.func(op)?,
                        bound: None,
                        skip: 0,
                    },
                )
            }
            CallMethod => {
                let DImm::Method(m) = inst.imm else {
                    return Err(bad_imm(op));
                };
                let recv = self.reg(base, a0).clone();
                let callee = self.resolve_method(&recv, m)?;
                return self.push_call(
                    f,
                    base,
                    inst,
                    pc,
                    Callee {
                        func: callee,
                        bound: None,
                        skip: 0,
                    },
                );
            }
            CallIndirect => {
                let (callee, bound) = match self.reg(base, a0) {
                    Val::Func(fv) => match &**fv {
                        FuncVal::Plain(g) => (*g, None),
                        FuncVal::Bound(g, x) => (*g, Some(x.clone())),
                    },
                    Val::None => return Err(type_error("'NoneType' object is not callable").into()),
                    v => return Err(confused("function", v)),
                };
                return self.push_call(
                    f,
                    base,
                    inst,
                    pc,
                    Callee {
                        func: callee,
                        bound,
                        skip: 1,
                    },
                );
            }

            StdoutWrite | StdoutFlush | StderrWrite | StdinReadline | StdinRead | FileOpen
            | FileRead | FileReadline | FileWrite | FileClose | TimeTime | TimePerfCounter => {
                self.exec_io(base, inst)?
            }

            JitMergePoint | CanEnterJit => Val::None,
            Promote => self.reg(base, a0).clone(),
            WeAreJitted => Val::Bool(false),
        };
        if inst.result != NONE {
            self.stack[base + inst.result as usize] = v;
        }
        Ok(Step::Next)
    }

    /// The implementation of method slot `m` for receiver `recv`.
    pub fn resolve_method(&mut self, recv: &Val, m: crate::entities::MethodId) -> R<FuncId> {
        let name = &self.prog.methods[m].name;
        match recv {
            Val::Obj(o) => {
                let class = o.class;
                match self
                    .class_info(class)
                    .vtable
                    .get(m.index())
                    .copied()
                    .flatten()
                {
                    Some(f) => Ok(f),
                    None => Err(no_attribute(&self.prog.classes[class].name, name).into()),
                }
            }
            Val::None => Err(no_attribute("NoneType", name).into()),
            v => Err(confused("instance", v)),
        }
    }

    /// `method_bind C.m x`.
    fn method_bind(&mut self, inst: &DInst, base: usize) -> R<Val> {
        let DImm::Method(m) = inst.imm else {
            return Err(bad_imm(inst.op));
        };
        let recv = self.reg(base, inst.a[0]).clone();
        let f = self.resolve_method(&recv, m)?;
        Ok(Val::Func(Rc::new(FuncVal::Bound(f, recv))))
    }

    /// A str operand, or the error `none` when it is None.
    pub fn str_operand(
        &self,
        base: usize,
        slot: u32,
        none: impl FnOnce() -> super::errors::PyErr,
    ) -> R<Rc<PyStr>> {
        match self.reg(base, slot) {
            Val::Str(s) => Ok(s.clone()),
            Val::None => Err(none().into()),
            v => Err(confused("str", v)),
        }
    }
}
