//! `str_*` operations (inline `len`, and `s[i]`/`ord(s[i])` for one-byte
//! strings; the rest in the runtime) and I/O.

use super::{scalar::cond_of, FnCx};
use core_ir::{Inst, Opcode};
use cranelift_codegen::ir::{condcodes::IntCC, types, InstBuilder, Value as CValue};
use runtime_shims::layout::{self as rt, exc};
use runtime_shims::str_ops::CHAR_STRIDE;

impl FnCx<'_, '_> {
    fn text_rt(&mut self, i: Inst, name: &str, checked: bool) {
        let n = self.f.insts[i].args.len();
        let args: Vec<CValue> = (0..n).map(|k| self.arg(i, k)).collect();
        let r = if checked {
            self.rt_checked(name, &args)
        } else {
            self.rt(name, &args)
        };
        if let Some(r) = r {
            let r = if self.f.insts[i]
                .result
                .is_some_and(|v| self.f.values[v].ty == core_ir::Type::BOOL)
            {
                self.b.ins().ireduce(types::I8, r)
            } else {
                r
            };
            self.set_result(i, r);
        }
    }

    /// `s[i]` or `ord(s[i])`: inline for a one-byte string and an index in
    /// range, the runtime otherwise.
    fn str_index(&mut self, i: Inst, code: bool) {
        let s = self.arg(i, 0);
        let idx = self.arg(i, 1);
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow);
        let res = self.b.append_block_param(join, types::I64);
        let notnull = self.b.ins().icmp_imm_s(IntCC::NotEqual, s, 0);
        let chk = self.b.create_block();
        self.b.ins().brif(notnull, chk, &[], slow, &[]);
        self.b.switch_to_block(chk);
        let w = self.b.ins().load(types::I8, super::mem(), s, rt::STR_WIDTH);
        let len = self.load(types::I64, s, rt::STR_LEN);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, idx, 0);
        let wrapped = self.b.ins().iadd(idx, len);
        let j = self.b.ins().select(neg, wrapped, idx);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        let one = self.b.ins().icmp_imm_s(IntCC::Equal, w, 1);
        let ok = self.b.ins().band(inb, one);
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let addr = self.b.ins().iadd(s, j);
        let byte = self
            .b
            .ins()
            .uload8(types::I64, super::mem(), addr, rt::STR_DATA);
        let v = if code {
            byte
        } else {
            let gv = self.m.data_gv(self.m.chars_data, self.b.func);
            let base = self.b.ins().symbol_value(types::I64, gv);
            let off = self.b.ins().imul_imm_s(byte, CHAR_STRIDE as i64);
            self.b.ins().iadd(base, off)
        };
        self.b
            .ins()
            .jump(join, &[cranelift_codegen::ir::BlockArg::Value(v)]);
        self.b.switch_to_block(slow);
        let name = if code {
            "kiln_str_code_at"
        } else {
            "kiln_str_getitem"
        };
        let r = self.rt_checked(name, &[s, idx]).expect("result");
        self.b
            .ins()
            .jump(join, &[cranelift_codegen::ir::BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        self.set_result(i, res);
    }

    /// Translates a str or I/O instruction.
    pub fn text(&mut self, i: Inst) {
        use Opcode::*;
        let op = self.f.insts[i].op;
        match op {
            StrLen => {
                let s = self.arg(i, 0);
                self.none_check(s, exc::TYPE_ERROR, "object of type 'NoneType' has no len()");
                let n = self.load(types::I64, s, rt::STR_LEN);
                self.set_result(i, n);
            }
            StrGetItem => self.str_index(i, false),
            StrCodeAt => self.str_index(i, true),
            StrCmp => {
                let c = cond_of(&self.f.insts[i].imm);
                let k = Self::cond_index(c);
                let (a, b) = (self.arg(i, 0), self.arg(i, 1));
                let kv = self.iconst(k);
                let checked = k >= 2;
                let r = if checked {
                    self.rt_checked("kiln_str_cmp", &[kv, a, b])
                } else {
                    self.rt("kiln_str_cmp", &[kv, a, b])
                }
                .expect("result");
                let r = self.b.ins().ireduce(types::I8, r);
                self.set_result(i, r);
            }
            StrSlice => self.text_rt(i, "kiln_str_slice", true),
            StrConcat => self.text_rt(i, "kiln_str_concat", true),
            StrRepeat => self.text_rt(i, "kiln_str_repeat", true),
            StrFind => self.text_rt(i, "kiln_str_find", true),
            StrRfind => self.text_rt(i, "kiln_str_rfind", true),
            StrStartswith => self.text_rt(i, "kiln_str_startswith", true),
            StrEndswith => self.text_rt(i, "kiln_str_endswith", true),
            StrChr => self.text_rt(i, "kiln_str_chr", true),
            StrJoin => self.text_rt(i, "kiln_str_join", true),
            StrLower => self.text_rt(i, "kiln_str_lower", true),
            StrUpper => self.text_rt(i, "kiln_str_upper", true),
            StrRepr => self.text_rt(i, "kiln_str_repr", false),
            StdoutWrite => self.text_rt(i, "kiln_stdout_write", true),
            StdoutFlush => self.text_rt(i, "kiln_stdout_flush", false),
            StderrWrite => self.text_rt(i, "kiln_stderr_write", true),
            StdinReadline => self.text_rt(i, "kiln_stdin_readline", false),
            StdinRead => self.text_rt(i, "kiln_stdin_read", false),
            FileOpen => self.text_rt(i, "kiln_file_open", true),
            FileRead => self.text_rt(i, "kiln_file_read", true),
            FileReadline => self.text_rt(i, "kiln_file_readline", true),
            FileWrite => self.text_rt(i, "kiln_file_write", true),
            FileClose => self.text_rt(i, "kiln_file_close", true),
            TimeTime => self.text_rt(i, "kiln_time_time", false),
            TimePerfCounter => self.text_rt(i, "kiln_time_perf_counter", false),
            _ => unreachable!("not a text opcode: {op:?}"),
        }
    }

    /// The runtime's number of a condition (eq, ne, lt, le, gt, ge).
    pub fn cond_index(c: core_ir::Cond) -> i64 {
        core_ir::Cond::ALL.iter().position(|&x| x == c).unwrap_or(0) as i64
    }
}
