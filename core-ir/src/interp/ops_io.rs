//! Input/output and clock opcodes.

use super::decode::DInst;
use super::errors::{confused, no_attribute, type_error, Flow, R};
use super::io::FileObj;
use super::machine::Interp;
use super::value::Val;
use crate::opcode::Opcode;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

impl Interp<'_, '_> {
    fn file_operand(&self, base: usize, slot: u32, method: &str) -> R<Rc<RefCell<FileObj>>> {
        match self.reg(base, slot) {
            Val::File(f) => Ok(f.clone()),
            Val::None => Err(no_attribute("NoneType", method).into()),
            v => Err(confused("file", v)),
        }
    }

    /// Executes an I/O or clock opcode; its result (None for none).
    pub fn exec_io(&mut self, base: usize, inst: &DInst) -> R<Val> {
        use Opcode::*;
        let [a0, a1, _, _] = inst.a;
        let op = inst.op;
        let write_arg = || type_error("write() argument must be str, not None");
        Ok(match op {
            StdoutWrite => {
                let s = self.str_operand(base, a0, write_arg)?;
                self.io.write_stdout(&s)?;
                Val::None
            }
            StdoutFlush => {
                self.io.flush_stdout();
                Val::None
            }
            StderrWrite => {
                let s = self.str_operand(base, a0, write_arg)?;
                self.io.write_stderr(&s)?;
                Val::None
            }
            StdinReadline => Val::str(self.io.read_stdin_line()),
            StdinRead => Val::str(self.io.read_stdin_all()),
            FileOpen => {
                let path = self.str_operand(base, a0, || {
                    type_error("expected str, bytes or os.PathLike object, not NoneType")
                })?;
                let mode = self.str_operand(base, a1, || {
                    type_error("open() argument 'mode' must be str, not None")
                })?;
                Val::File(self.io.open(&path, &mode)?)
            }
            FileRead => Val::str(self.file_operand(base, a0, "read")?.borrow_mut().read()?),
            FileReadline => Val::str(
                self.file_operand(base, a0, "readline")?
                    .borrow_mut()
                    .readline()?,
            ),
            FileWrite => {
                let f = self.file_operand(base, a0, "write")?;
                let s = self.str_operand(base, a1, write_arg)?;
                f.borrow_mut().write(&s)?;
                Val::None
            }
            FileClose => {
                self.file_operand(base, a0, "close")?.borrow_mut().close()?;
                Val::None
            }
            TimeTime => Val::Float(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0.0, |d| d.as_secs_f64()),
            ),
            TimePerfCounter => Val::Float(self.started.elapsed().as_secs_f64()),
            _ => return Err(Flow::Fatal(format!("`{}` is not an I/O opcode", op.name()))),
        })
    }
}
