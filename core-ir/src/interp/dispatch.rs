//! Execution of one instruction: the exhaustive match over [`Opcode`].
//! Scalar arithmetic, constants, globals, calls and hints are done here;
//! strings, containers, objects and I/O are delegated to their modules.

use super::decode::{DFunc, DImm, DInst, NONE};
use super::errors::{confused, no_attribute, type_error, Flow, R};
use super::float_format;
use super::machine::{Interp, Step};
use super::numbers as num;
use super::strings::PyStr;
use super::unicode::char_class;
use super::value::{FuncVal, Val};
use crate::entities::FuncId;
use crate::opcode::{Cond, Opcode};
use cranelift_entity::EntityRef;
use std::rc::Rc;

fn bad_imm(op: Opcode) -> Flow {
    Flow::Fatal(format!("`{}` has a wrong immediate", op.name()))
}

impl DImm {
    /// The condition immediate.
    pub fn cond(&self, op: Opcode) -> R<Cond> {
        match self {
            DImm::Cond(c) => Ok(*c),
            _ => Err(bad_imm(op)),
        }
    }

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
        let [a0, a1, a2, _] = inst.a;
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

            IntAdd => Val::Int(self.int(base, a0)?.wrapping_add(self.int(base, a1)?)),
            IntSub => Val::Int(self.int(base, a0)?.wrapping_sub(self.int(base, a1)?)),
            IntMul => Val::Int(self.int(base, a0)?.wrapping_mul(self.int(base, a1)?)),
            IntFloorDiv => Val::Int(num::int_floordiv(self.int(base, a0)?, self.int(base, a1)?)?),
            IntMod => Val::Int(num::int_mod(self.int(base, a0)?, self.int(base, a1)?)?),
            IntPow => Val::Int(num::int_pow(self.int(base, a0)?, self.int(base, a1)?)?),
            IntLshift => Val::Int(num::int_lshift(self.int(base, a0)?, self.int(base, a1)?)?),
            IntRshift => Val::Int(num::int_rshift(self.int(base, a0)?, self.int(base, a1)?)?),
            IntAnd => Val::Int(self.int(base, a0)? & self.int(base, a1)?),
            IntOr => Val::Int(self.int(base, a0)? | self.int(base, a1)?),
            IntXor => Val::Int(self.int(base, a0)? ^ self.int(base, a1)?),
            IntNeg => Val::Int(self.int(base, a0)?.wrapping_neg()),
            IntInvert => Val::Int(!self.int(base, a0)?),
            IntAbs => Val::Int(self.int(base, a0)?.wrapping_abs()),
            IntCmp => {
                let c = inst.imm.cond(op)?;
                Val::Bool(c.holds(self.int(base, a0)?.cmp(&self.int(base, a1)?)))
            }
            IntAddOvf => Val::Int(num::ovf(
                self.int(base, a0)?.checked_add(self.int(base, a1)?),
            )?),
            IntSubOvf => Val::Int(num::ovf(
                self.int(base, a0)?.checked_sub(self.int(base, a1)?),
            )?),
            IntMulOvf => Val::Int(num::ovf(
                self.int(base, a0)?.checked_mul(self.int(base, a1)?),
            )?),
            IntToFloat => Val::Float(self.int(base, a0)? as f64),
            IntTrueDiv => Val::Float(num::int_truediv(self.int(base, a0)?, self.int(base, a1)?)?),
            IntToStr => Val::text(&self.int(base, a0)?.to_string()),
            IntFloatCmp => {
                let c = inst.imm.cond(op)?;
                Val::Bool(num::int_float_cmp(
                    c,
                    self.int(base, a0)?,
                    self.float(base, a1)?,
                ))
            }
            BoolToInt => Val::Int(self.boolean(base, a0)? as i64),
            IntToUint => Val::UInt(self.int(base, a0)? as u64),
            UintToInt => Val::Int(self.uint(base, a0)? as i64),

            UintAdd => Val::UInt(self.uint(base, a0)?.wrapping_add(self.uint(base, a1)?)),
            UintSub => Val::UInt(self.uint(base, a0)?.wrapping_sub(self.uint(base, a1)?)),
            UintMul => Val::UInt(self.uint(base, a0)?.wrapping_mul(self.uint(base, a1)?)),
            UintFloorDiv => Val::UInt(num::uint_floordiv(
                self.uint(base, a0)?,
                self.uint(base, a1)?,
            )?),
            UintMod => Val::UInt(num::uint_mod(self.uint(base, a0)?, self.uint(base, a1)?)?),
            UintLshift => Val::UInt(num::uint_lshift(self.uint(base, a0)?, self.int(base, a1)?)?),
            UintRshift => Val::UInt(num::uint_rshift(self.uint(base, a0)?, self.int(base, a1)?)?),
            UintAnd => Val::UInt(self.uint(base, a0)? & self.uint(base, a1)?),
            UintOr => Val::UInt(self.uint(base, a0)? | self.uint(base, a1)?),
            UintXor => Val::UInt(self.uint(base, a0)? ^ self.uint(base, a1)?),
            UintInvert => Val::UInt(!self.uint(base, a0)?),
            UintCmp => {
                let c = inst.imm.cond(op)?;
                Val::Bool(c.holds(self.uint(base, a0)?.cmp(&self.uint(base, a1)?)))
            }
            UintToFloat => Val::Float(self.uint(base, a0)? as f64),
            UintToStr => Val::text(&self.uint(base, a0)?.to_string()),

            FloatAdd => Val::Float(self.float(base, a0)? + self.float(base, a1)?),
            FloatSub => Val::Float(self.float(base, a0)? - self.float(base, a1)?),
            FloatMul => Val::Float(self.float(base, a0)? * self.float(base, a1)?),
            FloatTrueDiv => Val::Float(num::float_truediv(
                self.float(base, a0)?,
                self.float(base, a1)?,
            )?),
            FloatFloorDiv => Val::Float(num::float_floordiv(
                self.float(base, a0)?,
                self.float(base, a1)?,
            )?),
            FloatMod => Val::Float(num::float_mod(
                self.float(base, a0)?,
                self.float(base, a1)?,
            )?),
            FloatPow => Val::Float(num::float_pow(
                self.float(base, a0)?,
                self.float(base, a1)?,
            )?),
            FloatNeg => Val::Float(-self.float(base, a0)?),
            FloatAbs => Val::Float(self.float(base, a0)?.abs()),
            FloatCmp => {
                let c = inst.imm.cond(op)?;
                Val::Bool(num::float_cmp(
                    c,
                    self.float(base, a0)?,
                    self.float(base, a1)?,
                ))
            }
            FloatToInt => Val::Int(num::float_to_int(self.float(base, a0)?)?),
            FloatRepr => Val::text(&float_format::repr(self.float(base, a0)?)),
            FloatFmtFixed => Val::text(&float_format::fmt_fixed(
                self.float(base, a0)?,
                self.int(base, a1)?,
            )),
            FloatFmtExp => Val::text(&float_format::fmt_exp(
                self.float(base, a0)?,
                self.int(base, a1)?,
            )),
            FloatFmtGeneral => Val::text(&float_format::fmt_general(
                self.float(base, a0)?,
                self.int(base, a1)?,
            )),
            FloatFromStr => self.float_from_str(base, a0)?,
            FloatSqrt => Val::Float(num::float_sqrt(self.float(base, a0)?)?),
            FloatExp => Val::Float(num::float_exp(self.float(base, a0)?)?),
            FloatLog => Val::Float(num::float_log(self.float(base, a0)?)?),
            FloatSin => Val::Float(num::float_trig(self.float(base, a0)?, f64::sin)?),
            FloatCos => Val::Float(num::float_trig(self.float(base, a0)?, f64::cos)?),
            FloatTan => Val::Float(num::float_trig(self.float(base, a0)?, f64::tan)?),
            FloatAtan2 => Val::Float(self.float(base, a0)?.atan2(self.float(base, a1)?)),
            // `float(math.floor(x))` goes through an int, so a zero result is +0.0.
            FloatFloor => Val::Float(self.float(base, a0)?.floor() + 0.0),
            FloatCeil => Val::Float(self.float(base, a0)?.ceil() + 0.0),
            FloatMathPow => Val::Float(num::float_math_pow(
                self.float(base, a0)?,
                self.float(base, a1)?,
            )?),

            BoolNot => Val::Bool(!self.boolean(base, a0)?),
            Select => {
                let pick = if self.boolean(base, a0)? { a1 } else { a2 };
                self.reg(base, pick).clone()
            }

            StrLen | StrGetItem | StrCodeAt | StrSlice | StrConcat | StrRepeat | StrCmp
            | StrFind | StrRfind | StrStartswith | StrEndswith | StrChr | StrJoin | StrLower
            | StrUpper | StrRepr => self.exec_str(base, inst)?,
            CharClass => Val::Int(char_class(self.int(base, a0)?) as i64),

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

    /// `float(s)`.
    fn float_from_str(&self, base: usize, slot: u32) -> R<Val> {
        match self.reg(base, slot) {
            Val::Str(s) => match float_format::parse_float(s.cps()) {
                Some(x) => Ok(Val::Float(x)),
                None => Err(super::errors::value_error(format!(
                    "could not convert string to float: {}",
                    super::strings::repr(s.cps())
                ))
                .into()),
            },
            Val::None => Err(type_error(
                "float() argument must be a string or a real number, not 'NoneType'",
            )
            .into()),
            v => Err(confused("str", v)),
        }
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
