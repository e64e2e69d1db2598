//! Input and output instructions: calls of `kiln.rt.IO` and `kiln.rt.KFile`.

use super::FnGen;
use crate::runtime::IO;
use core_ir::{Inst, Opcode};

impl FnGen<'_, '_> {
    /// Emits an I/O or clock instruction.
    pub(super) fn io(&mut self, i: Inst) -> bool {
        use Opcode::*;
        let op = self.f.insts[i].op;
        let s = "Ljava/lang/String;";
        let file = "Lkiln/rt/KFile;";
        match op {
            StdoutWrite => self.call_rt(i, IO, "stdoutWrite", &format!("({s})V")),
            StdoutFlush => self.call_rt(i, IO, "stdoutFlush", "()V"),
            StderrWrite => self.call_rt(i, IO, "stderrWrite", &format!("({s})V")),
            StdinReadline => self.call_rt(i, IO, "stdinReadline", &format!("(){s}")),
            StdinRead => self.call_rt(i, IO, "stdinRead", &format!("(){s}")),
            FileOpen => self.call_rt(i, IO, "open", &format!("({s}{s}){file}")),
            FileRead => self.call_rt(i, IO, "read", &format!("({file}){s}")),
            FileReadline => self.call_rt(i, IO, "readline", &format!("({file}){s}")),
            FileWrite => self.call_rt(i, IO, "write", &format!("({file}{s})V")),
            FileClose => self.call_rt(i, IO, "close", &format!("({file})V")),
            TimeTime => self.call_rt(i, IO, "time", "()D"),
            TimePerfCounter => self.call_rt(i, IO, "perfCounter", "()D"),
            _ => self.c.fail(format!("`{}` is not an I/O opcode", op.name())),
        }
        false
    }
}
