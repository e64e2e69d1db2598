//! Constants and int, uint, float and bool instructions.

use super::FnGen;
use crate::classfile::code::{If, Invoke, Op};
use crate::runtime::{FMT, NUM};
use core_ir::{Cond, Imm, Inst, Opcode};

/// Strings are cut into constants of at most this many characters, so that
/// each fits a constant-pool entry (65535 bytes of modified UTF-8).
const STR_CHUNK: usize = 16000;

impl FnGen<'_, '_> {
    /// Pushes the str constant `s` (long ones are concatenated from pieces).
    pub fn str_const(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= STR_CHUNK {
            self.c.sconst(s);
            return;
        }
        let mut first = true;
        for piece in chars.chunks(STR_CHUNK) {
            let p: String = piece.iter().collect();
            self.c.sconst(&p);
            if !first {
                self.c.invoke(
                    Invoke::Virtual,
                    "java/lang/String",
                    "concat",
                    "(Ljava/lang/String;)Ljava/lang/String;",
                );
            }
            first = false;
        }
    }

    /// Pushes the constant of opcode `op` with immediate `imm`.
    pub fn emit_constant(&mut self, op: Opcode, imm: &Imm) {
        match (op, imm) {
            (Opcode::Iconst, Imm::Int(n)) => self.c.lconst(*n),
            (Opcode::Uconst, Imm::UInt(n)) => self.c.lconst(*n as i64),
            (Opcode::Fconst, Imm::Float(x)) => self.c.dconst(*x),
            (Opcode::Bconst, Imm::Bool(b)) => self.c.iconst(*b as i32),
            (Opcode::Sconst, Imm::Str(s)) => self.str_const(s),
            (Opcode::NoneConst, _) => self.c.null(),
            _ => self.c.fail(format!("`{}` is not a constant", op.name())),
        }
    }

    fn cond(&self, i: Inst) -> Cond {
        match self.f.insts[i].imm {
            Imm::Cond(c) => c,
            _ => Cond::Eq,
        }
    }

    fn num(&mut self, i: Inst, name: &str, desc: &str) {
        self.call_rt(i, NUM, name, desc);
    }

    /// Emits a constant, number or bool instruction.
    pub(super) fn scalar(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let inst = &self.f.insts[i];
        let op = inst.op;
        let imm = inst.imm.clone();
        let args = inst.args.clone();
        match op {
            Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst => self.emit_constant(op, &imm),
            IntAdd | UintAdd => self.binop(i, Op::Ladd),
            IntSub | UintSub => self.binop(i, Op::Lsub),
            IntMul | UintMul => self.binop(i, Op::Lmul),
            IntAnd | UintAnd => self.binop(i, Op::Land),
            IntOr | UintOr => self.binop(i, Op::Lor),
            IntXor | UintXor => self.binop(i, Op::Lxor),
            IntFloorDiv => self.num(i, "floordiv", "(JJ)J"),
            IntMod => self.num(i, "mod", "(JJ)J"),
            IntPow => self.num(i, "pow", "(JJ)J"),
            IntLshift => self.num(i, "shl", "(JJ)J"),
            IntRshift => self.num(i, "shr", "(JJ)J"),
            IntNeg => {
                self.load(args[0]);
                self.c.op(Op::Lneg);
            }
            IntInvert | UintInvert => {
                self.load(args[0]);
                self.c.lconst(-1);
                self.c.op(Op::Lxor);
            }
            IntAbs => self.call_rt(i, "java/lang/Math", "abs", "(J)J"),
            IntCmp | UintCmp | FloatCmp => {
                let cond = self.cond_jump(i);
                self.bool_from_if(cond);
            }
            IntAddOvf => self.num(i, "addOvf", "(JJ)J"),
            IntSubOvf => self.num(i, "subOvf", "(JJ)J"),
            IntMulOvf => self.num(i, "mulOvf", "(JJ)J"),
            IntToFloat => {
                self.load(args[0]);
                self.c.op(Op::L2d);
            }
            IntTrueDiv => self.num(i, "truediv", "(JJ)D"),
            IntToStr => self.call_rt(i, "java/lang/Long", "toString", "(J)Ljava/lang/String;"),
            IntFloatCmp => {
                self.load_args(i);
                let c = self.cond(i);
                self.c.iconst(cond_code(c));
                self.c.invoke(Invoke::Static, NUM, "intFloatCmp", "(JDI)Z");
            }
            BoolToInt => {
                self.load(args[0]);
                self.c.op(Op::I2l);
            }
            IntToUint | UintToInt | Promote => self.load(args[0]),
            UintFloorDiv => self.num(i, "udiv", "(JJ)J"),
            UintMod => self.num(i, "umod", "(JJ)J"),
            UintLshift => self.num(i, "ushl", "(JJ)J"),
            UintRshift => self.num(i, "ushr", "(JJ)J"),
            UintToFloat => self.num(i, "u2d", "(J)D"),
            UintToStr => self.call_rt(
                i,
                "java/lang/Long",
                "toUnsignedString",
                "(J)Ljava/lang/String;",
            ),
            FloatAdd => self.binop(i, Op::Dadd),
            FloatSub => self.binop(i, Op::Dsub),
            FloatMul => self.binop(i, Op::Dmul),
            FloatTrueDiv => self.num(i, "fdiv", "(DD)D"),
            FloatFloorDiv => self.num(i, "ffloordiv", "(DD)D"),
            FloatMod => self.num(i, "fmod", "(DD)D"),
            FloatPow => self.num(i, "fpow", "(DD)D"),
            FloatNeg => {
                self.load(args[0]);
                self.c.op(Op::Dneg);
            }
            FloatAbs => self.call_rt(i, "java/lang/Math", "abs", "(D)D"),
            FloatToInt => self.num(i, "f2i", "(D)J"),
            FloatRepr => self.call_rt(i, FMT, "repr", "(D)Ljava/lang/String;"),
            FloatFmtFixed => self.call_rt(i, FMT, "fixed", "(DJ)Ljava/lang/String;"),
            FloatFmtExp => self.call_rt(i, FMT, "exp", "(DJ)Ljava/lang/String;"),
            FloatFmtGeneral => self.call_rt(i, FMT, "general", "(DJ)Ljava/lang/String;"),
            FloatFromStr => self.call_rt(i, FMT, "parseFloat", "(Ljava/lang/String;)D"),
            FloatSqrt => self.num(i, "sqrt", "(D)D"),
            FloatExp => self.num(i, "exp", "(D)D"),
            FloatLog => self.num(i, "log", "(D)D"),
            FloatSin => self.num(i, "sin", "(D)D"),
            FloatCos => self.num(i, "cos", "(D)D"),
            FloatTan => self.num(i, "tan", "(D)D"),
            FloatAtan2 => self.call_rt(i, "java/lang/Math", "atan2", "(DD)D"),
            FloatFloor | FloatCeil => {
                let name = if op == FloatFloor { "floor" } else { "ceil" };
                self.call_rt(i, "java/lang/Math", name, "(D)D");
                // float(math.floor(x)) goes through an int: a zero is +0.0.
                self.c.dconst(0.0);
                self.c.op(Op::Dadd);
            }
            FloatMathPow => self.num(i, "mathPow", "(DD)D"),
            BoolNot => {
                self.load(args[0]);
                self.c.iconst(1);
                self.c.op(Op::Ixor);
            }
            Select => {
                let r = self.f.insts[i].result;
                let (Some(r), [c, a, b]) = (r, args.as_slice()) else {
                    self.c.fail("select needs a result and three operands");
                    return true;
                };
                let other = self.c.label();
                let end = self.c.label();
                self.load(*c);
                self.c.branch(If::Eq, other);
                self.load(*a);
                self.store(r);
                self.c.goto(end);
                self.c.bind(other);
                self.load(*b);
                self.store(r);
                self.c.bind(end);
                return true;
            }
            WeAreJitted => self.c.iconst(0),
            _ => self
                .c
                .fail(format!("`{}` is not a scalar opcode", op.name())),
        }
        false
    }

    fn binop(&mut self, i: Inst, op: Op) {
        self.load_args(i);
        self.c.op(op);
    }
}

/// The code of a condition passed to runtime comparisons (0 eq, 1 ne, 2 lt,
/// 3 le, 4 gt, 5 ge).
pub fn cond_code(c: Cond) -> i32 {
    match c {
        Cond::Eq => 0,
        Cond::Ne => 1,
        Cond::Lt => 2,
        Cond::Le => 3,
        Cond::Gt => 4,
        Cond::Ge => 5,
    }
}
