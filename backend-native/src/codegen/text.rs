//! `str_*` operations (inline `len`, `s[i]`/`ord(s[i])` at every width,
//! and `==`/`!=` up to the first word of code points; the rest in
//! the runtime) and I/O.

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

    /// `s[i]` or `ord(s[i])`: inline for an index in range (and for `s[i]`,
    /// a Latin-1 code point: the runtime's shared one-character str), the
    /// runtime otherwise (None, a bad index, or a new str).
    fn str_index(&mut self, i: Inst, code: bool) {
        use cranelift_codegen::ir::BlockArg::Value as Arg;
        let known = self.nonnull.contains(&self.f.insts[i].args[0]);
        let s = self.arg(i, 0);
        let idx = self.arg(i, 1);
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let wide = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow);
        let res = self.b.append_block_param(join, types::I64);
        if !known {
            let chk = self.b.create_block();
            self.b.ins().brif(s, chk, &[], slow, &[]);
            self.b.switch_to_block(chk);
        }
        let w = self.b.ins().load(types::I8, super::mem(), s, rt::STR_WIDTH);
        let len = self.load(types::I64, s, rt::STR_LEN);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, idx, 0);
        let wrapped = self.b.ins().iadd(idx, len);
        let j = self.b.ins().select(neg, wrapped, idx);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, j, len);
        let inside = self.b.create_block();
        self.b.ins().brif(inb, inside, &[], slow, &[]);
        self.b.switch_to_block(inside);
        let one = self.b.ins().icmp_imm_s(IntCC::Equal, w, 1);
        self.b.ins().brif(one, fast, &[], wide, &[]);
        // One byte per code point.
        self.b.switch_to_block(fast);
        let addr = self.b.ins().iadd(s, j);
        let byte = self
            .b
            .ins()
            .uload8(types::I64, super::mem(), addr, rt::STR_DATA);
        let v = if code { byte } else { self.char_entry(byte) };
        self.b.ins().jump(join, &[Arg(v)]);
        // Two or four bytes per code point.
        self.b.switch_to_block(wide);
        let two = self.b.ins().icmp_imm_s(IntCC::Equal, w, 2);
        let (w2, w4) = (self.b.create_block(), self.b.create_block());
        let got = self.b.create_block();
        let cp = self.b.append_block_param(got, types::I64);
        self.b.ins().brif(two, w2, &[], w4, &[]);
        self.b.switch_to_block(w2);
        let off = self.b.ins().ishl_imm_u(j, 1);
        let addr = self.b.ins().iadd(s, off);
        let c = self
            .b
            .ins()
            .uload16(types::I64, super::mem(), addr, rt::STR_DATA);
        self.b.ins().jump(got, &[Arg(c)]);
        self.b.switch_to_block(w4);
        let off = self.b.ins().ishl_imm_u(j, 2);
        let addr = self.b.ins().iadd(s, off);
        let c = self.b.ins().uload32(super::mem(), addr, rt::STR_DATA);
        self.b.ins().jump(got, &[Arg(c)]);
        self.b.switch_to_block(got);
        if code {
            self.b.ins().jump(join, &[Arg(cp)]);
        } else {
            let latin1 = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, cp, 256);
            let entry = self.b.create_block();
            self.b.ins().brif(latin1, entry, &[], slow, &[]);
            self.b.switch_to_block(entry);
            let v = self.char_entry(cp);
            self.b.ins().jump(join, &[Arg(v)]);
        }
        self.b.switch_to_block(slow);
        let name = if code {
            "kiln_str_code_at"
        } else {
            "kiln_str_getitem"
        };
        let r = self.rt_checked(name, &[s, idx]).expect("result");
        self.b.ins().jump(join, &[Arg(r)]);
        self.b.switch_to_block(join);
        self.set_result(i, res);
        // From here on `s` is not None (the instruction raised otherwise).
        self.nonnull.insert(self.f.insts[i].args[0]);
    }

    /// The runtime's one-character str of Latin-1 code point `cp` (an I64).
    fn char_entry(&mut self, cp: CValue) -> CValue {
        let gv = self.m.data_gv(self.m.chars_data, self.b.func);
        let base = self.b.ins().symbol_value(types::I64, gv);
        let off = self.b.ins().imul_imm_s(cp, CHAR_STRIDE as i64);
        self.b.ins().iadd(base, off)
    }

    /// The code point of `text` if it is one Latin-1 character.
    fn latin1_char(&self, text: &str) -> Option<u32> {
        let mut cs = text.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if (c as u32) < 256 => Some(c as u32),
            _ => None,
        }
    }

    /// The text of IR value `v` if an `sconst` of this function defines it.
    fn const_text(&self, v: core_ir::Value) -> Option<&str> {
        let core_ir::ValueDef::Result(d) = self.f.values[v].def else {
            return None;
        };
        match (&self.f.insts[d].op, &self.f.insts[d].imm) {
            (Opcode::Sconst, core_ir::Imm::Str(t)) => Some(t.as_str()),
            _ => None,
        }
    }

    /// `a == b` (`a != b` if `ne`) of two strs, each possibly None. Inline:
    /// the same object (or both None) is equal; None and a str, or two
    /// lengths that differ, are not; two strs whose code points fill at
    /// most one word (8 bytes at `STR_DATA`) are compared as words. Only
    /// longer strs (or equal lengths at different widths, which the
    /// runtime never builds) call `kiln_str_eq`. A constant operand's
    /// length, width and code points are known here.
    fn str_eq(&mut self, i: Inst, ne: bool) {
        let (va, vb) = (self.f.insts[i].args[0], self.f.insts[i].args[1]);
        let (a, b) = (self.arg(i, 0), self.arg(i, 1));
        // The constant operand, if any, second.
        let (x, y, vx, vy, k) = match (self.const_text(va), self.const_text(vb)) {
            (_, Some(t)) => (a, b, va, vb, Some(t.to_string())),
            (Some(t), None) => (b, a, vb, va, Some(t.to_string())),
            (None, None) => (a, b, va, vb, None),
        };
        let join = self.b.create_block();
        let res = self.b.append_block_param(join, types::I8);
        let yes = self.b.create_block();
        let no = self.b.create_block();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let arg = cranelift_codegen::ir::BlockArg::Value;
        // Continues when `cond` holds, else goes to `other`. (`yes` and
        // `no` answer `==`; the answers are flipped for `!=`.)
        let next = |cx: &mut Self, cond: CValue, other: cranelift_codegen::ir::Block| {
            let cont = cx.b.create_block();
            cx.b.ins().brif(cond, cont, &[], other, &[]);
            cx.b.switch_to_block(cont);
        };
        // Word of the code points of `s` (non-empty, `nbytes` in 1..=8 bytes
        // of them) compared with `other`: whether all `nbytes` bytes agree.
        let word_eq = |cx: &mut Self, s: CValue, other: CValue, nbytes: CValue| -> CValue {
            let w = cx.load(types::I64, s, rt::STR_DATA);
            let d = cx.b.ins().bxor(w, other);
            // Shift out the bytes past the code points (little-endian: the
            // first byte is the low one): by 64 - 8 * nbytes.
            let bits = cx.b.ins().ishl_imm_u(nbytes, 3);
            let sixty_four = cx.iconst(64);
            let sh = cx.b.ins().isub(sixty_four, bits);
            let d = cx.b.ins().ishl(d, sh);
            cx.b.ins().icmp_imm_u(IntCC::Equal, d, 0)
        };
        match k {
            Some(text) => {
                let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
                let n = cps.len();
                let w = runtime_shims::str_obj::width_for(cps.iter().copied().max().unwrap_or(0));
                let nbytes = n * w;
                // `x` is the variable operand: None is not equal to a constant.
                if !self.nonnull.contains(&vx) {
                    next(self, x, no);
                }
                let len = self.load(types::I64, x, rt::STR_LEN);
                let same_len = self.b.ins().icmp_imm_u(IntCC::Equal, len, n as i64);
                next(self, same_len, no);
                if n == 0 {
                    self.b.ins().jump(yes, &[]);
                } else if nbytes <= 8 {
                    let wx = self.b.ins().load(types::I8, super::mem(), x, rt::STR_WIDTH);
                    let same_w = self.b.ins().icmp_imm_u(IntCC::Equal, wx, w as i64);
                    next(self, same_w, slow);
                    let mut word = [0u8; 8];
                    for (j, &c) in cps.iter().enumerate() {
                        let le = c.to_le_bytes();
                        word[j * w..(j + 1) * w].copy_from_slice(&le[..w]);
                    }
                    let kw = self.iconst(i64::from_le_bytes(word));
                    let nb = self.iconst(nbytes as i64);
                    let eq = word_eq(self, x, kw, nb);
                    self.b.ins().brif(eq, yes, &[], no, &[]);
                } else {
                    let same = self.b.ins().icmp(IntCC::Equal, x, y);
                    self.b.ins().brif(same, yes, &[], slow, &[]);
                }
            }
            None => {
                let same = self.b.ins().icmp(IntCC::Equal, x, y);
                let c1 = self.b.create_block();
                self.b.ins().brif(same, yes, &[], c1, &[]);
                self.b.switch_to_block(c1);
                // Not the same: None on either side is unequal.
                if !self.nonnull.contains(&vx) {
                    next(self, x, no);
                }
                if !self.nonnull.contains(&vy) {
                    next(self, y, no);
                }
                let lx = self.load(types::I64, x, rt::STR_LEN);
                let ly = self.load(types::I64, y, rt::STR_LEN);
                let same_len = self.b.ins().icmp(IntCC::Equal, lx, ly);
                next(self, same_len, no);
                let nonempty = self.b.ins().icmp_imm_u(IntCC::NotEqual, lx, 0);
                next(self, nonempty, yes);
                let wx = self.b.ins().load(types::I8, super::mem(), x, rt::STR_WIDTH);
                let wy = self.b.ins().load(types::I8, super::mem(), y, rt::STR_WIDTH);
                let same_w = self.b.ins().icmp(IntCC::Equal, wx, wy);
                next(self, same_w, slow);
                let w = self.b.ins().uextend(types::I64, wx);
                let nb = self.b.ins().imul(lx, w);
                let short = self
                    .b
                    .ins()
                    .icmp_imm_u(IntCC::UnsignedLessThanOrEqual, nb, 8);
                next(self, short, slow);
                let wy = self.load(types::I64, y, rt::STR_DATA);
                let eq = word_eq(self, x, wy, nb);
                self.b.ins().brif(eq, yes, &[], no, &[]);
            }
        }
        let (t, f) = if ne { (0, 1) } else { (1, 0) };
        self.b.switch_to_block(yes);
        let tv = self.b.ins().iconst(types::I8, t);
        self.b.ins().jump(join, &[arg(tv)]);
        self.b.switch_to_block(no);
        let fv = self.b.ins().iconst(types::I8, f);
        self.b.ins().jump(join, &[arg(fv)]);
        self.b.switch_to_block(slow);
        let r = self.rt("kiln_str_eq", &[x, y]).expect("result");
        let r = self.b.ins().ireduce(types::I8, r);
        let r = if ne { self.b.ins().bxor_imm_u(r, 1) } else { r };
        self.b.ins().jump(join, &[arg(r)]);
        self.b.switch_to_block(join);
        self.set_result(i, res);
    }

    /// `a < b` (or `<=`, `>`, `>=`) of two strs: inline when both are one
    /// Latin-1 character (a constant, or a str of length 1 and width 1),
    /// by the runtime otherwise (which raises TypeError for None).
    fn str_order(&mut self, i: Inst, c: core_ir::Cond) {
        use cranelift_codegen::ir::BlockArg::Value as Arg;
        let args = [self.f.insts[i].args[0], self.f.insts[i].args[1]];
        let (a, b) = (self.arg(i, 0), self.arg(i, 1));
        let consts: Vec<Option<Option<u32>>> = args
            .iter()
            .map(|&v| self.const_text(v).map(|t| self.latin1_char(t)))
            .collect();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let res = self.b.append_block_param(join, types::I8);
        // A constant of another length makes the inline test pointless.
        if !consts.iter().any(|k| matches!(k, Some(None))) {
            let mut codes = Vec::new();
            for (k, (&v, x)) in args.iter().zip([a, b]).enumerate() {
                if let Some(Some(cp)) = consts[k] {
                    codes.push(self.iconst(cp as i64));
                    continue;
                }
                if !self.nonnull.contains(&v) {
                    let cont = self.b.create_block();
                    self.b.ins().brif(x, cont, &[], slow, &[]);
                    self.b.switch_to_block(cont);
                }
                let len = self.load(types::I64, x, rt::STR_LEN);
                let w = self.b.ins().load(types::I8, super::mem(), x, rt::STR_WIDTH);
                let one = self.b.ins().icmp_imm_u(IntCC::Equal, len, 1);
                let narrow = self.b.ins().icmp_imm_u(IntCC::Equal, w, 1);
                let ok = self.b.ins().band(one, narrow);
                let cont = self.b.create_block();
                self.b.ins().brif(ok, cont, &[], slow, &[]);
                self.b.switch_to_block(cont);
                codes.push(
                    self.b
                        .ins()
                        .uload8(types::I64, super::mem(), x, rt::STR_DATA),
                );
            }
            let cc = match c {
                core_ir::Cond::Lt => IntCC::UnsignedLessThan,
                core_ir::Cond::Le => IntCC::UnsignedLessThanOrEqual,
                core_ir::Cond::Gt => IntCC::UnsignedGreaterThan,
                core_ir::Cond::Ge => IntCC::UnsignedGreaterThanOrEqual,
                core_ir::Cond::Eq => IntCC::Equal,
                core_ir::Cond::Ne => IntCC::NotEqual,
            };
            let r = self.b.ins().icmp(cc, codes[0], codes[1]);
            self.b.ins().jump(join, &[Arg(r)]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let kv = self.iconst(Self::cond_index(c));
        let r = self
            .rt_checked("kiln_str_cmp", &[kv, a, b])
            .expect("result");
        let r = self.b.ins().ireduce(types::I8, r);
        self.b.ins().jump(join, &[Arg(r)]);
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
            StrCmp if Self::cond_index(cond_of(&self.f.insts[i].imm)) <= 1 => {
                let ne = Self::cond_index(cond_of(&self.f.insts[i].imm)) == 1;
                self.str_eq(i, ne);
            }
            StrCmp => {
                let c = cond_of(&self.f.insts[i].imm);
                self.str_order(i, c);
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
