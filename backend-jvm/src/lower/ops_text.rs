//! `str_*` instructions and `char_class`: calls of `kiln.rt.Str` and
//! `kiln.rt.Uni`, which count in code points.

use super::ops_scalar::cond_code;
use super::FnGen;
use crate::classfile::code::Invoke;
use crate::layout::OBJ_LIST;
use crate::runtime::{STR, UNI};
use core_ir::{Imm, Inst, Opcode};

const S: &str = "Ljava/lang/String;";

impl FnGen<'_, '_> {
    /// Emits a str instruction.
    pub(super) fn text(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let op = self.f.insts[i].op;
        let d = |s: &str| s.replace('S', S);
        match op {
            StrLen => self.call_rt(i, STR, "len", &d("(S)J")),
            StrGetItem => self.call_rt(i, STR, "getitem", &d("(SJ)S")),
            StrCodeAt => self.call_rt(i, STR, "codeAt", &d("(SJ)J")),
            StrSlice => self.call_rt(i, STR, "slice", &d("(SJJ)S")),
            StrConcat => self.call_rt(i, STR, "concat", &d("(SS)S")),
            StrRepeat => self.call_rt(i, STR, "repeat", &d("(SJ)S")),
            StrCmp => {
                let c = match self.f.insts[i].imm {
                    Imm::Cond(c) => c,
                    _ => core_ir::Cond::Eq,
                };
                self.load_args(i);
                self.c.iconst(cond_code(c));
                self.c.invoke(Invoke::Static, STR, "cmp", &d("(SSI)Z"));
            }
            StrFind => self.call_rt(i, STR, "find", &d("(SSJJ)J")),
            StrRfind => self.call_rt(i, STR, "rfind", &d("(SSJJ)J")),
            StrStartswith => self.call_rt(i, STR, "startswith", &d("(SS)Z")),
            StrEndswith => self.call_rt(i, STR, "endswith", &d("(SS)Z")),
            StrChr => self.call_rt(i, STR, "chr", &d("(J)S")),
            StrJoin => self.call_rt(i, STR, "join", &format!("({S}L{OBJ_LIST};){S}")),
            StrLower => self.call_rt(i, STR, "lower", &d("(S)S")),
            StrUpper => self.call_rt(i, STR, "upper", &d("(S)S")),
            StrRepr => self.call_rt(i, STR, "repr", &d("(S)S")),
            CharClass => self.call_rt(i, UNI, "charClass", "(J)J"),
            _ => self.c.fail(format!("`{}` is not a str opcode", op.name())),
        }
        false
    }
}
