//! Scalar opcodes: int, uint, float and bool arithmetic, comparisons and
//! conversions, float formatting and parsing, `select` and `char_class`.

use super::decode::{DImm, DInst};
use super::errors::{confused, type_error, value_error, Flow, R};
use super::float_format;
use super::machine::Interp;
use super::numbers as num;
use super::strings::repr;
use super::unicode::char_class;
use super::value::Val;
use crate::opcode::{Cond, Opcode};

impl DImm {
    /// The condition immediate.
    pub fn cond(&self, op: Opcode) -> R<Cond> {
        match self {
            DImm::Cond(c) => Ok(*c),
            _ => Err(Flow::Fatal(format!(
                "`{}` has a wrong immediate",
                op.name()
            ))),
        }
    }
}

impl Interp<'_, '_> {
    /// Executes a scalar opcode; its result.
    pub fn exec_scalar(&mut self, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let [a0, a1, a2, _] = inst.a;
        let op = inst.op;
        Ok(match op {
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

            CharClass => Val::Int(char_class(self.int(base, a0)?) as i64),
            _ => {
                return Err(Flow::Fatal(format!(
                    "`{}` is not a scalar opcode",
                    op.name()
                )))
            }
        })
    }

    /// `float(s)`.
    fn float_from_str(&self, base: usize, slot: u32) -> R<Val> {
        match self.reg(base, slot) {
            Val::Str(s) => match float_format::parse_float(s.cps()) {
                Some(x) => Ok(Val::Float(x)),
                None => Err(value_error(format!(
                    "could not convert string to float: {}",
                    repr(s.cps())
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
}
