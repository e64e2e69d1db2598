//! Lowering of IR functions to bytecode: [`func`] walks blocks, edges and
//! terminators; the `ops_*` modules emit one instruction each, by family.

mod branches;
pub mod consts;
pub mod func;
mod ops_data;
mod ops_io;
mod ops_object;
mod ops_scalar;
mod ops_text;

use crate::classfile::code::{Code, Label, Local};
use crate::layout::Layout;
use core_ir::{Block, Inst, Opcode, Value};
use cranelift_entity::SecondaryMap;

/// The state of lowering one function.
pub struct FnGen<'a, 'p> {
    /// Names and types of the program on the JVM.
    pub l: &'a Layout<'p>,
    /// The function.
    pub f: &'a core_ir::Function,
    /// The method body being built.
    pub c: Code<'a>,
    vals: SecondaryMap<Value, Option<Local>>,
    labels: SecondaryMap<Block, Option<Label>>,
    uses: SecondaryMap<Value, u32>,
    /// Block parameters that share their only incoming argument's local.
    alias: SecondaryMap<Value, Option<Value>>,
    /// Number of edges entering each block.
    incoming: SecondaryMap<Block, u32>,
    /// A result left on the operand stack for the next instruction.
    pending: Option<Value>,
    /// The compare under a fused `bool_not` ending the current block.
    inner_not: Option<Inst>,
}

impl FnGen<'_, '_> {
    /// Emits instruction `i`. Returns true when it stored its result itself
    /// (or has none); otherwise the result is on the stack.
    fn inst(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let op = self.f.insts[i].op;
        match op {
            Iconst | Uconst | Fconst | Bconst | Sconst | NoneConst | IntAdd | IntSub | IntMul
            | IntFloorDiv | IntMod | IntPow | IntLshift | IntRshift | IntAnd | IntOr | IntXor
            | IntNeg | IntInvert | IntAbs | IntCmp | IntAddOvf | IntSubOvf | IntMulOvf
            | IntToFloat | IntTrueDiv | IntToStr | IntFloatCmp | BoolToInt | IntToUint
            | UintToInt | UintAdd | UintSub | UintMul | UintFloorDiv | UintMod | UintLshift
            | UintRshift | UintAnd | UintOr | UintXor | UintInvert | UintCmp | UintToFloat
            | UintToStr | FloatAdd | FloatSub | FloatMul | FloatTrueDiv | FloatFloorDiv
            | FloatMod | FloatPow | FloatNeg | FloatAbs | FloatCmp | FloatToInt | FloatRepr
            | FloatFmtFixed | FloatFmtExp | FloatFmtGeneral | FloatFromStr | FloatSqrt
            | FloatExp | FloatLog | FloatSin | FloatCos | FloatTan | FloatAtan2 | FloatFloor
            | FloatCeil | FloatMathPow | BoolNot | Select | Promote | WeAreJitted => self.scalar(i),
            StrLen | StrGetItem | StrCodeAt | StrSlice | StrConcat | StrRepeat | StrCmp
            | StrFind | StrRfind | StrStartswith | StrEndswith | StrChr | StrJoin | StrLower
            | StrUpper | StrRepr | CharClass => self.text(i),
            ListNew | ListOf | ListNewFilled | ListLen | ListGetItem | ListSetItem | ListAppend
            | ListPop | ListInsert | ListDelItem | ListGetSlice | ListSetSlice | ListDelSlice
            | ListExtend | DictNew | DictLen | DictGetItem | DictSetItem | DictDelItem
            | DictContains | DictGet | DictPop | DictKeys | DictValues | DictItems | DictClear
            | TupleNew | TupleGet | Hash => self.data(i),
            FuncRef | FuncBind | MethodBind | RefIs | IsNone | New | GetField | SetField
            | InstanceOf | Downcast | ClassAttrGet | GlobalGet | GlobalSet | Call | CallMethod
            | CallIndirect => self.object(i),
            StdoutWrite | StdoutFlush | StderrWrite | StdinReadline | StdinRead | FileOpen
            | FileRead | FileReadline | FileWrite | FileClose | TimeTime | TimePerfCounter => {
                self.io(i)
            }
            JitMergePoint | CanEnterJit => true,
        }
    }

    /// The operands of instruction `i`.
    fn args(&self, i: Inst) -> Vec<Value> {
        self.f.insts[i].args.clone()
    }

    /// Pushes every operand of `i`.
    fn load_args(&mut self, i: Inst) {
        for a in self.args(i) {
            self.load(a);
        }
    }

    /// Calls static runtime method `owner.name(desc)` on all operands of `i`.
    fn call_rt(&mut self, i: Inst, owner: &str, name: &str, desc: &str) {
        self.load_args(i);
        self.c
            .invoke(crate::classfile::code::Invoke::Static, owner, name, desc);
    }
}
