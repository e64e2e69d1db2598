//! Constants, int/uint/float/bool arithmetic, comparisons, conversions,
//! `hash`, identity tests and the JIT hints (no-ops here). Arithmetic is
//! inline; errors and the rarer operations call the runtime.

use super::FnCx;
use core_ir::{Cond, Imm, Inst, Opcode, TypeData};
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, Value as CValue,
};
use runtime_shims::layout::exc;

fn int_cc(c: Cond, signed: bool) -> IntCC {
    match (c, signed) {
        (Cond::Eq, _) => IntCC::Equal,
        (Cond::Ne, _) => IntCC::NotEqual,
        (Cond::Lt, true) => IntCC::SignedLessThan,
        (Cond::Le, true) => IntCC::SignedLessThanOrEqual,
        (Cond::Gt, true) => IntCC::SignedGreaterThan,
        (Cond::Ge, true) => IntCC::SignedGreaterThanOrEqual,
        (Cond::Lt, false) => IntCC::UnsignedLessThan,
        (Cond::Le, false) => IntCC::UnsignedLessThanOrEqual,
        (Cond::Gt, false) => IntCC::UnsignedGreaterThan,
        (Cond::Ge, false) => IntCC::UnsignedGreaterThanOrEqual,
    }
}

fn float_cc(c: Cond) -> FloatCC {
    match c {
        Cond::Eq => FloatCC::Equal,
        Cond::Ne => FloatCC::NotEqual,
        Cond::Lt => FloatCC::LessThan,
        Cond::Le => FloatCC::LessThanOrEqual,
        Cond::Gt => FloatCC::GreaterThan,
        Cond::Ge => FloatCC::GreaterThanOrEqual,
    }
}

/// The condition of an instruction.
pub fn cond_of(imm: &Imm) -> Cond {
    match imm {
        Imm::Cond(c) => *c,
        _ => Cond::Eq,
    }
}

impl FnCx<'_, '_> {
    /// Value of operand `k` of instruction `i`.
    pub fn arg(&mut self, i: Inst, k: usize) -> CValue {
        let v = self.f.insts[i].args[k];
        self.val(v)
    }

    /// Raises `class`/`msg` when `bad` (an i8 condition) holds.
    pub fn raise_if(&mut self, bad: CValue, class: usize, msg: &str) {
        let ok = self.b.create_block();
        let err = self.b.create_block();
        self.b.set_cold_block(err);
        self.b.ins().brif(bad, err, &[], ok, &[]);
        self.b.switch_to_block(err);
        self.raise_const(class, msg);
        self.b.switch_to_block(ok);
    }

    /// Calls a runtime function that may raise, then checks for an exception.
    pub fn rt_checked(&mut self, name: &str, args: &[CValue]) -> Option<CValue> {
        let r = self.rt(name, args);
        self.check_exc();
        r
    }

    fn bool_of(&mut self, c: CValue) -> CValue {
        c
    }

    /// Floor division and modulo of ints with Python's signs.
    fn int_divmod(&mut self, i: Inst, want_div: bool) {
        let a = self.arg(i, 0);
        let b = self.arg(i, 1);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let msg = if want_div {
            "integer division or modulo by zero"
        } else {
            "integer modulo by zero"
        };
        self.raise_if(zero, exc::ZERO_DIVISION_ERROR, msg);
        // b == -1: `a // -1` is `-a` (wrapping) and `a % -1` is 0; avoids the trap of MIN / -1.
        let minus1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.b.ins().iconst(types::I64, 1);
        let safe_b = self.b.ins().select(minus1, one, b);
        let q = self.b.ins().sdiv(a, safe_b);
        let r = self.b.ins().srem(a, safe_b);
        // Adjust toward negative infinity when r != 0 and sign(r) != sign(b).
        let x = self.b.ins().bxor(r, safe_b);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
        let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        let adj = self.b.ins().band(neg, nz);
        let q1 = self.b.ins().iadd_imm_s(q, -1);
        let r1 = self.b.ins().iadd(r, safe_b);
        let q2 = self.b.ins().select(adj, q1, q);
        let r2 = self.b.ins().select(adj, r1, r);
        let nega = self.b.ins().ineg(a);
        let z = self.iconst(0);
        let res = if want_div {
            self.b.ins().select(minus1, nega, q2)
        } else {
            self.b.ins().select(minus1, z, r2)
        };
        self.set_result(i, res);
    }

    fn shift(&mut self, i: Inst, op: Opcode) {
        let a = self.arg(i, 0);
        let b = self.arg(i, 1);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, b, 0);
        self.raise_if(neg, exc::VALUE_ERROR, "negative shift count");
        let big = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, b, 64);
        let (shifted, fill) = match op {
            Opcode::IntLshift | Opcode::UintLshift => (self.b.ins().ishl(a, b), self.iconst(0)),
            Opcode::IntRshift => (self.b.ins().sshr(a, b), self.b.ins().sshr_imm_s(a, 63)),
            _ => (self.b.ins().ushr(a, b), self.iconst(0)),
        };
        let r = self.b.ins().select(big, fill, shifted);
        self.set_result(i, r);
    }

    fn udivmod(&mut self, i: Inst, want_div: bool) {
        let a = self.arg(i, 0);
        let b = self.arg(i, 1);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let msg = if want_div {
            "integer division or modulo by zero"
        } else {
            "integer modulo by zero"
        };
        self.raise_if(zero, exc::ZERO_DIVISION_ERROR, msg);
        let r = if want_div {
            self.b.ins().udiv(a, b)
        } else {
            self.b.ins().urem(a, b)
        };
        self.set_result(i, r);
    }

    fn ovf(&mut self, i: Inst, op: Opcode) {
        let a = self.arg(i, 0);
        let b = self.arg(i, 1);
        let (r, of) = match op {
            Opcode::IntAddOvf => self.b.ins().sadd_overflow(a, b),
            Opcode::IntSubOvf => self.b.ins().ssub_overflow(a, b),
            _ => self.b.ins().smul_overflow(a, b),
        };
        self.raise_if(of, exc::OVERFLOW_ERROR, "integer overflow");
        self.set_result(i, r);
    }

    fn rt_result(&mut self, i: Inst, name: &str, args: &[CValue], checked: bool) {
        let r = if checked {
            self.rt_checked(name, args)
        } else {
            self.rt(name, args)
        };
        if let Some(r) = r {
            self.set_result(i, r);
        }
    }

    /// Translates a scalar instruction.
    pub fn scalar(&mut self, i: Inst) {
        let data = self.f.insts[i].clone();
        use Opcode::*;
        match data.op {
            Iconst | Uconst => {
                let n = match data.imm {
                    Imm::Int(n) => n,
                    Imm::UInt(n) => n as i64,
                    _ => 0,
                };
                let v = self.iconst(n);
                self.set_result(i, v);
            }
            Fconst => {
                let x = match data.imm {
                    Imm::Float(x) => x,
                    _ => 0.0,
                };
                let v = self.b.ins().f64const(x);
                self.set_result(i, v);
            }
            Bconst => {
                let v = self
                    .b
                    .ins()
                    .iconst(types::I8, matches!(data.imm, Imm::Bool(true)) as i64);
                self.set_result(i, v);
            }
            Sconst => {
                let text = match &data.imm {
                    Imm::Str(s) => s.clone(),
                    _ => String::new(),
                };
                let d = self.m.str_const(&text);
                let v = self.str_value(d);
                self.set_result(i, v);
            }
            NoneConst => {
                let v = self.iconst(0);
                self.set_result(i, v);
            }
            IntAdd | UintAdd => self.bin(i, |b, x, y| b.ins().iadd(x, y)),
            IntSub | UintSub => self.bin(i, |b, x, y| b.ins().isub(x, y)),
            IntMul | UintMul => self.bin(i, |b, x, y| b.ins().imul(x, y)),
            IntAnd | UintAnd => self.bin(i, |b, x, y| b.ins().band(x, y)),
            IntOr | UintOr => self.bin(i, |b, x, y| b.ins().bor(x, y)),
            IntXor | UintXor => self.bin(i, |b, x, y| b.ins().bxor(x, y)),
            IntFloorDiv => self.int_divmod(i, true),
            IntMod => self.int_divmod(i, false),
            UintFloorDiv => self.udivmod(i, true),
            UintMod => self.udivmod(i, false),
            IntPow => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                self.rt_result(i, "kiln_int_pow", &[a, b], true);
            }
            IntLshift | IntRshift | UintLshift | UintRshift => self.shift(i, data.op),
            IntNeg => self.un(i, |b, x| b.ins().ineg(x)),
            IntInvert | UintInvert => self.un(i, |b, x| b.ins().bnot(x)),
            IntAbs => self.un(i, |b, x| b.ins().iabs(x)),
            IntCmp | UintCmp => {
                let cc = int_cc(cond_of(&data.imm), data.op == IntCmp);
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let r = self.b.ins().icmp(cc, a, b);
                let r = self.bool_of(r);
                self.set_result(i, r);
            }
            IntAddOvf | IntSubOvf | IntMulOvf => self.ovf(i, data.op),
            IntToFloat => self.un(i, |b, x| b.ins().fcvt_from_sint(types::F64, x)),
            UintToFloat => self.un(i, |b, x| b.ins().fcvt_from_uint(types::F64, x)),
            IntTrueDiv => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                self.rt_result(i, "kiln_int_truediv", &[a, b], true);
            }
            IntToStr => {
                let a = self.arg(i, 0);
                self.rt_result(i, "kiln_int_to_str", &[a], false);
            }
            UintToStr => {
                let a = self.arg(i, 0);
                self.rt_result(i, "kiln_uint_to_str", &[a], false);
            }
            IntFloatCmp => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let o = self.rt("kiln_int_float_order", &[a, b]).expect("result");
                let r = match cond_of(&data.imm) {
                    Cond::Eq => self.b.ins().icmp_imm_s(IntCC::Equal, o, 0),
                    Cond::Ne => self.b.ins().icmp_imm_s(IntCC::NotEqual, o, 0),
                    Cond::Lt => self.b.ins().icmp_imm_s(IntCC::Equal, o, -1),
                    Cond::Le => {
                        let x = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, o, 0);
                        x
                    }
                    Cond::Gt => self.b.ins().icmp_imm_s(IntCC::Equal, o, 1),
                    Cond::Ge => {
                        let a = self
                            .b
                            .ins()
                            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, o, 0);
                        let b = self.b.ins().icmp_imm_s(IntCC::NotEqual, o, 2);
                        self.b.ins().band(a, b)
                    }
                };
                self.set_result(i, r);
            }
            BoolToInt => self.un(i, |b, x| b.ins().uextend(types::I64, x)),
            IntToUint | UintToInt | Promote => {
                let a = self.arg(i, 0);
                self.set_result(i, a);
            }
            FloatAdd => self.bin(i, |b, x, y| b.ins().fadd(x, y)),
            FloatSub => self.bin(i, |b, x, y| b.ins().fsub(x, y)),
            FloatMul => self.bin(i, |b, x, y| b.ins().fmul(x, y)),
            FloatTrueDiv => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let z = self.b.ins().f64const(0.0);
                let bad = self.b.ins().fcmp(FloatCC::Equal, b, z);
                self.raise_if(bad, exc::ZERO_DIVISION_ERROR, "float division by zero");
                let r = self.b.ins().fdiv(a, b);
                self.set_result(i, r);
            }
            FloatFloorDiv | FloatMod | FloatPow | FloatAtan2 | FloatMathPow => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let name = match data.op {
                    FloatFloorDiv => "kiln_float_floordiv",
                    FloatMod => "kiln_float_mod",
                    FloatPow => "kiln_float_pow",
                    FloatAtan2 => "kiln_float_atan2",
                    _ => "kiln_float_math_pow",
                };
                self.rt_result(i, name, &[a, b], data.op != FloatAtan2);
            }
            FloatNeg => self.un(i, |b, x| b.ins().fneg(x)),
            FloatAbs => self.un(i, |b, x| b.ins().fabs(x)),
            FloatCmp => {
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let r = self.b.ins().fcmp(float_cc(cond_of(&data.imm)), a, b);
                self.set_result(i, r);
            }
            FloatToInt | FloatExp | FloatLog | FloatSin | FloatCos | FloatTan | FloatFloor
            | FloatCeil | FloatRepr | FloatFromStr => {
                let a = self.arg(i, 0);
                let (name, checked) = match data.op {
                    FloatToInt => ("kiln_float_to_int", true),
                    FloatExp => ("kiln_float_exp", true),
                    FloatLog => ("kiln_float_log", true),
                    FloatSin => ("kiln_float_sin", true),
                    FloatCos => ("kiln_float_cos", true),
                    FloatTan => ("kiln_float_tan", true),
                    FloatFloor => ("kiln_float_floor", false),
                    FloatCeil => ("kiln_float_ceil", false),
                    FloatRepr => ("kiln_float_repr", false),
                    _ => ("kiln_float_from_str", true),
                };
                self.rt_result(i, name, &[a], checked);
            }
            FloatFmtFixed | FloatFmtExp | FloatFmtGeneral => {
                let (a, p) = (self.arg(i, 0), self.arg(i, 1));
                let name = match data.op {
                    FloatFmtFixed => "kiln_float_fmt_fixed",
                    FloatFmtExp => "kiln_float_fmt_exp",
                    _ => "kiln_float_fmt_general",
                };
                self.rt_result(i, name, &[a, p], false);
            }
            FloatSqrt => {
                let a = self.arg(i, 0);
                let z = self.b.ins().f64const(0.0);
                let bad = self.b.ins().fcmp(FloatCC::LessThan, a, z);
                self.raise_if(bad, exc::VALUE_ERROR, "math domain error");
                let r = self.b.ins().sqrt(a);
                self.set_result(i, r);
            }
            BoolNot => self.bool_not(i),
            Select => {
                let (c, a, b) = (self.arg(i, 0), self.arg(i, 1), self.arg(i, 2));
                let r = self.b.ins().select(c, a, b);
                self.set_result(i, r);
            }
            CharClass => {
                let a = self.arg(i, 0);
                self.rt_result(i, "kiln_char_class", &[a], false);
            }
            Hash => self.hash(i),
            RefIs => self.bin(i, |b, x, y| b.ins().icmp(IntCC::Equal, x, y)),
            IsNone => self.un(i, |b, x| b.ins().icmp_imm_s(IntCC::Equal, x, 0)),
            WeAreJitted => {
                let v = self.b.ins().iconst(types::I8, 0);
                self.set_result(i, v);
            }
            JitMergePoint => crate::jit::hooks::merge_point(self, i),
            CanEnterJit => crate::jit::hooks::can_enter(self, i),
            _ => unreachable!("not a scalar opcode: {:?}", data.op),
        }
    }

    /// `not c`: the inverse comparison when `c` comes from `is_none` or an
    /// int comparison (so the branch on it needs no extra instructions).
    fn bool_not(&mut self, i: Inst) {
        let a = self.f.insts[i].args[0];
        if let core_ir::ValueDef::Result(d) = self.f.values[a].def {
            let def = self.f.insts[d].clone();
            let inverse = |c: Cond| match c {
                Cond::Eq => Cond::Ne,
                Cond::Ne => Cond::Eq,
                Cond::Lt => Cond::Ge,
                Cond::Le => Cond::Gt,
                Cond::Gt => Cond::Le,
                Cond::Ge => Cond::Lt,
            };
            match def.op {
                Opcode::IsNone => {
                    let x = self.val(def.args[0]);
                    let r = self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0);
                    self.set_result(i, r);
                    return;
                }
                Opcode::IntCmp | Opcode::UintCmp => {
                    let cc = int_cc(inverse(cond_of(&def.imm)), def.op == Opcode::IntCmp);
                    let (x, y) = (self.val(def.args[0]), self.val(def.args[1]));
                    let r = self.b.ins().icmp(cc, x, y);
                    self.set_result(i, r);
                    return;
                }
                _ => {}
            }
        }
        self.un(i, |b, x| b.ins().bxor_imm_s(x, 1));
    }

    fn hash(&mut self, i: Inst) {
        let v = self.f.insts[i].args[0];
        let t = self.f.values[v].ty;
        let x = self.val(v);
        let prog = self.prog();
        let (name, arg, checked) = match prog.types.get(t) {
            TypeData::Bool => ("kiln_hash_int", self.b.ins().uextend(types::I64, x), false),
            TypeData::Int => ("kiln_hash_int", x, false),
            TypeData::UInt => ("kiln_hash_uint", x, false),
            TypeData::Float => ("kiln_hash_float", x, false),
            TypeData::Str => ("kiln_hash_str", x, false),
            TypeData::Tuple(_) => ("kiln_hash_tuple", x, true),
            _ => ("kiln_hash_instance", x, true),
        };
        self.rt_result(i, name, &[arg], checked);
    }

    fn bin(
        &mut self,
        i: Inst,
        f: impl FnOnce(&mut cranelift_frontend::FunctionBuilder, CValue, CValue) -> CValue,
    ) {
        let (a, b) = (self.arg(i, 0), self.arg(i, 1));
        let r = f(&mut self.b, a, b);
        self.set_result(i, r);
    }

    fn un(
        &mut self,
        i: Inst,
        f: impl FnOnce(&mut cranelift_frontend::FunctionBuilder, CValue) -> CValue,
    ) {
        let a = self.arg(i, 0);
        let r = f(&mut self.b, a);
        self.set_result(i, r);
    }
}
