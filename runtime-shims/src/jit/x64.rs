//! An x86-64 instruction encoder: the few 64-bit integer instructions
//! [`super::direct`] writes bridges with. Registers are numbered as the
//! hardware numbers them (`RAX` 0 .. `R15` 15); memory operands are
//! `[base + index * scale + disp]` ([`Mem`]). Jumps to code not written
//! yet leave a 32-bit displacement to [`Asm::patch`].

/// A general-purpose register (hardware number).
pub type Reg = u8;

/// The registers by name.
pub const RAX: Reg = 0;
#[allow(missing_docs)]
pub const RCX: Reg = 1;
#[allow(missing_docs)]
pub const RDX: Reg = 2;
#[allow(missing_docs)]
pub const RSP: Reg = 4;
#[allow(missing_docs)]
pub const RSI: Reg = 6;
#[allow(missing_docs)]
pub const RDI: Reg = 7;
#[allow(missing_docs)]
pub const R8: Reg = 8;
#[allow(missing_docs)]
pub const R9: Reg = 9;
#[allow(missing_docs)]
pub const R10: Reg = 10;
#[allow(missing_docs)]
pub const R11: Reg = 11;

/// Condition codes (the low nibble of `jcc` and `setcc`).
pub mod cc {
    /// Overflow.
    pub const O: u8 = 0x0;
    /// Sign clear.
    pub const NS: u8 = 0x9;
    /// Unsigned below.
    pub const B: u8 = 0x2;
    /// Unsigned above or equal.
    pub const AE: u8 = 0x3;
    /// Equal (zero).
    pub const E: u8 = 0x4;
    /// Not equal (not zero).
    pub const NE: u8 = 0x5;
    /// Unsigned below or equal.
    pub const BE: u8 = 0x6;
    /// Unsigned above.
    pub const A: u8 = 0x7;
    /// Signed less.
    pub const L: u8 = 0xc;
    /// Signed greater or equal.
    pub const GE: u8 = 0xd;
    /// Signed less or equal.
    pub const LE: u8 = 0xe;
    /// Signed greater.
    pub const G: u8 = 0xf;

    /// The condition that holds exactly when `c` does not.
    pub fn not(c: u8) -> u8 {
        c ^ 1
    }
}

/// Two-operand integer operations (`op r/m64, r64` opcodes; the `/ext`
/// of the immediate forms is `opcode >> 3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alu {
    /// `add`.
    Add = 0x01,
    /// `or`.
    Or = 0x09,
    /// `and`.
    And = 0x21,
    /// `sub`.
    Sub = 0x29,
    /// `xor`.
    Xor = 0x31,
    /// `cmp` (flags of the subtraction only).
    Cmp = 0x39,
}

/// A memory operand `[base + index * scale + disp]`.
#[derive(Clone, Copy, Debug)]
pub struct Mem {
    /// Base register.
    pub base: Reg,
    /// Index register and scale (1, 2, 4 or 8); never `RSP`.
    pub index: Option<(Reg, u8)>,
    /// Displacement.
    pub disp: i32,
}

/// `[base + disp]`.
pub fn mem(base: Reg, disp: i32) -> Mem {
    Mem {
        base,
        index: None,
        disp,
    }
}

/// The code written so far.
#[derive(Default)]
pub struct Asm {
    /// The machine code.
    pub code: Vec<u8>,
}

impl Asm {
    fn byte(&mut self, b: u8) {
        self.code.push(b);
    }

    fn imm32(&mut self, v: i32) {
        self.code.extend_from_slice(&v.to_le_bytes());
    }

    /// A REX prefix for operand size 64 (`w`) and the high bits of the
    /// `reg`, `index` and `base` fields; written when needed or `force`d
    /// (byte registers `spl`..`dil`).
    fn rex(&mut self, w: bool, reg: u8, index: u8, base: u8, force: bool) {
        let b =
            0x40 | (w as u8) << 3 | (reg >> 3 & 1) << 2 | (index >> 3 & 1) << 1 | (base >> 3 & 1);
        if b != 0x40 || force {
            self.byte(b);
        }
    }

    /// Register-direct ModRM.
    fn modrm_rr(&mut self, reg: u8, rm: u8) {
        self.byte(0xc0 | (reg & 7) << 3 | (rm & 7));
    }

    /// ModRM (and SIB, displacement) for a memory operand. Always with an
    /// 8- or 32-bit displacement, so that `rbp`/`r13` need no special case.
    fn modrm_mem(&mut self, reg: u8, m: Mem) {
        let short = (-128..128).contains(&m.disp);
        let md = if short { 0x40 } else { 0x80 };
        match m.index {
            None if m.base & 7 == 4 => {
                self.byte(md | (reg & 7) << 3 | 4);
                self.byte(0x24);
            }
            None => self.byte(md | (reg & 7) << 3 | (m.base & 7)),
            Some((ix, scale)) => {
                let s = match scale {
                    1 => 0,
                    2 => 1,
                    4 => 2,
                    _ => 3,
                };
                self.byte(md | (reg & 7) << 3 | 4);
                self.byte(s << 6 | (ix & 7) << 3 | (m.base & 7));
            }
        }
        if short {
            self.byte(m.disp as i8 as u8);
        } else {
            self.imm32(m.disp);
        }
    }

    fn rex_mem(&mut self, w: bool, reg: u8, m: Mem) {
        let ix = m.index.map_or(0, |(r, _)| r);
        self.rex(w, reg, ix, m.base, false);
    }

    /// `mov dst, src`.
    pub fn mov_rr(&mut self, dst: Reg, src: Reg) {
        self.rex(true, src, 0, dst, false);
        self.byte(0x89);
        self.modrm_rr(src, dst);
    }

    /// `mov dst, imm` in the shortest form (none changes the flags).
    pub fn mov_ri(&mut self, dst: Reg, imm: i64) {
        if (0..=u32::MAX as i64).contains(&imm) {
            self.rex(false, 0, 0, dst, false);
            self.byte(0xb8 | (dst & 7));
            self.imm32(imm as u32 as i32);
        } else if i32::try_from(imm).is_ok() {
            self.rex(true, 0, 0, dst, false);
            self.byte(0xc7);
            self.modrm_rr(0, dst);
            self.imm32(imm as i32);
        } else {
            self.rex(true, 0, 0, dst, false);
            self.byte(0xb8 | (dst & 7));
            self.code.extend_from_slice(&imm.to_le_bytes());
        }
    }

    /// `mov dst, qword [m]`.
    pub fn load(&mut self, dst: Reg, m: Mem) {
        self.rex_mem(true, dst, m);
        self.byte(0x8b);
        self.modrm_mem(dst, m);
    }

    /// `mov dst32, dword [m]` (zero-extended).
    pub fn load32(&mut self, dst: Reg, m: Mem) {
        self.rex_mem(false, dst, m);
        self.byte(0x8b);
        self.modrm_mem(dst, m);
    }

    /// `call r`.
    pub fn call_r(&mut self, r: Reg) {
        self.rex(false, 0, 0, r, false);
        self.byte(0xff);
        self.modrm_rr(2, r);
    }

    /// `mov qword [m], src`.
    pub fn store(&mut self, m: Mem, src: Reg) {
        self.rex_mem(true, src, m);
        self.byte(0x89);
        self.modrm_mem(src, m);
    }

    /// `mov qword [m], imm` (sign-extended).
    pub fn store_imm(&mut self, m: Mem, imm: i32) {
        self.rex_mem(true, 0, m);
        self.byte(0xc7);
        self.modrm_mem(0, m);
        self.imm32(imm);
    }

    /// `lea dst, [m]`.
    pub fn lea(&mut self, dst: Reg, m: Mem) {
        self.rex_mem(true, dst, m);
        self.byte(0x8d);
        self.modrm_mem(dst, m);
    }

    /// `op dst, src`.
    pub fn alu_rr(&mut self, op: Alu, dst: Reg, src: Reg) {
        self.rex(true, src, 0, dst, false);
        self.byte(op as u8);
        self.modrm_rr(src, dst);
    }

    /// `op dst, imm` (sign-extended).
    pub fn alu_ri(&mut self, op: Alu, dst: Reg, imm: i32) {
        self.rex(true, 0, 0, dst, false);
        if (-128..128).contains(&imm) {
            self.byte(0x83);
            self.modrm_rr(op as u8 >> 3, dst);
            self.byte(imm as i8 as u8);
        } else {
            self.byte(0x81);
            self.modrm_rr(op as u8 >> 3, dst);
            self.imm32(imm);
        }
    }

    /// `sub rsp, imm` with a 32-bit immediate, whatever its value: its
    /// position, for [`Asm::patch_imm`].
    pub fn sub_rsp_patchable(&mut self) -> usize {
        self.rex(true, 0, 0, RSP, false);
        self.byte(0x81);
        self.modrm_rr(Alu::Sub as u8 >> 3, RSP);
        let at = self.code.len();
        self.imm32(0);
        at
    }

    /// Writes `v` as the 32-bit immediate at `at`.
    pub fn patch_imm(&mut self, at: usize, v: i32) {
        self.code[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    /// `cmp qword [m], imm` (sign-extended byte).
    pub fn cmp_mi8(&mut self, m: Mem, imm: i8) {
        self.rex_mem(true, 0, m);
        self.byte(0x83);
        self.modrm_mem(7, m);
        self.byte(imm as u8);
    }

    /// `cmp r, qword [m]` (flags of `r - [m]`).
    pub fn cmp_rm(&mut self, r: Reg, m: Mem) {
        self.rex_mem(true, r, m);
        self.byte(0x3b);
        self.modrm_mem(r, m);
    }

    /// `imul dst, src`.
    pub fn imul_rr(&mut self, dst: Reg, src: Reg) {
        self.rex(true, dst, 0, src, false);
        self.byte(0x0f);
        self.byte(0xaf);
        self.modrm_rr(dst, src);
    }

    /// `imul dst, src, imm`.
    pub fn imul_rri(&mut self, dst: Reg, src: Reg, imm: i32) {
        self.rex(true, dst, 0, src, false);
        self.byte(0x69);
        self.modrm_rr(dst, src);
        self.imm32(imm);
    }

    /// `cqo` (rdx:rax = rax sign-extended).
    pub fn cqo(&mut self) {
        self.byte(0x48);
        self.byte(0x99);
    }

    /// `idiv r` (rax = rdx:rax / r, rdx = the remainder, truncating).
    pub fn idiv(&mut self, r: Reg) {
        self.rex(true, 0, 0, r, false);
        self.byte(0xf7);
        self.modrm_rr(7, r);
    }

    /// `neg r`.
    pub fn neg(&mut self, r: Reg) {
        self.rex(true, 0, 0, r, false);
        self.byte(0xf7);
        self.modrm_rr(3, r);
    }

    /// `not r`.
    pub fn not(&mut self, r: Reg) {
        self.rex(true, 0, 0, r, false);
        self.byte(0xf7);
        self.modrm_rr(2, r);
    }

    /// `test a, b`.
    pub fn test_rr(&mut self, a: Reg, b: Reg) {
        self.rex(true, b, 0, a, false);
        self.byte(0x85);
        self.modrm_rr(b, a);
    }

    /// `setcc r8` then `movzx r32, r8`: `r` becomes 1 when `c` holds, else
    /// 0.
    pub fn set_bool(&mut self, c: u8, r: Reg) {
        self.rex(false, 0, 0, r, r >= 4);
        self.byte(0x0f);
        self.byte(0x90 | c);
        self.modrm_rr(0, r);
        self.rex(false, r, 0, r, r >= 4);
        self.byte(0x0f);
        self.byte(0xb6);
        self.modrm_rr(r, r);
    }

    /// `jcc rel32` to be patched: the displacement's position.
    pub fn jcc(&mut self, c: u8) -> usize {
        self.byte(0x0f);
        self.byte(0x80 | c);
        let at = self.code.len();
        self.imm32(0);
        at
    }

    /// `jmp rel32` to be patched: the displacement's position.
    pub fn jmp(&mut self) -> usize {
        self.byte(0xe9);
        let at = self.code.len();
        self.imm32(0);
        at
    }

    /// Points the jump whose displacement is at `at` to offset `target`.
    pub fn patch(&mut self, at: usize, target: usize) {
        let rel = target as i64 - (at as i64 + 4);
        self.patch_imm(at, rel as i32);
    }

    /// `jmp r`.
    pub fn jmp_r(&mut self, r: Reg) {
        self.rex(false, 0, 0, r, false);
        self.byte(0xff);
        self.modrm_rr(4, r);
    }

    /// `ret`.
    pub fn ret(&mut self) {
        self.byte(0xc3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R12: Reg = 12;
    const R13: Reg = 13;

    fn enc(f: impl FnOnce(&mut Asm)) -> Vec<u8> {
        let mut a = Asm::default();
        f(&mut a);
        a.code
    }

    /// Encodings checked against `objdump -D -b binary -mi386:x86-64`.
    #[test]
    fn encodings() {
        assert_eq!(enc(|a| a.mov_rr(RAX, R9)), [0x4c, 0x89, 0xc8]); // mov rax, r9
        assert_eq!(enc(|a| a.mov_rr(R10, RDI)), [0x49, 0x89, 0xfa]); // mov r10, rdi
        assert_eq!(enc(|a| a.mov_ri(RCX, 5)), [0xb9, 5, 0, 0, 0]); // mov ecx, 5
        assert_eq!(
            enc(|a| a.mov_ri(R11, -2)),
            [0x49, 0xc7, 0xc3, 0xfe, 0xff, 0xff, 0xff]
        ); // mov r11, -2
        assert_eq!(
            enc(|a| a.mov_ri(RAX, 0x1234_5678_9abc)),
            [0x48, 0xb8, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12, 0, 0]
        ); // movabs rax, 0x123456789abc
        assert_eq!(
            enc(|a| a.load(RDX, mem(RSP, 8))),
            [0x48, 0x8b, 0x54, 0x24, 8]
        ); // mov rdx, [rsp+8]
        assert_eq!(enc(|a| a.load(R8, mem(R13, 0))), [0x4d, 0x8b, 0x45, 0]); // mov r8, [r13+0]
        assert_eq!(
            enc(|a| a.load(
                RAX,
                Mem {
                    base: R11,
                    index: Some((R9, 8)),
                    disp: 16
                }
            )),
            [0x4b, 0x8b, 0x44, 0xcb, 16]
        ); // mov rax, [r11+r9*8+16]
        assert_eq!(
            enc(|a| a.store(mem(RSI, 0x200), R10)),
            [0x4c, 0x89, 0x96, 0, 2, 0, 0]
        ); // mov [rsi+0x200], r10
        assert_eq!(
            enc(|a| a.store_imm(mem(R12, 8), -1)),
            [0x49, 0xc7, 0x44, 0x24, 8, 0xff, 0xff, 0xff, 0xff]
        ); // mov qword [r12+8], -1
        assert_eq!(
            enc(|a| a.lea(RDI, mem(R11, 1024))),
            [0x49, 0x8d, 0xbb, 0, 4, 0, 0]
        ); // lea rdi, [r11+1024]
        assert_eq!(enc(|a| a.alu_rr(Alu::Add, RCX, R8)), [0x4c, 0x01, 0xc1]); // add rcx, r8
        assert_eq!(enc(|a| a.alu_rr(Alu::Cmp, R9, RAX)), [0x49, 0x39, 0xc1]); // cmp r9, rax
        assert_eq!(enc(|a| a.alu_ri(Alu::Sub, RSI, 3)), [0x48, 0x83, 0xee, 3]); // sub rsi, 3
        assert_eq!(
            enc(|a| a.alu_ri(Alu::And, R10, 255)),
            [0x49, 0x81, 0xe2, 0xff, 0, 0, 0]
        ); // and r10, 255
        assert_eq!(
            enc(|a| a.cmp_mi8(mem(R11, 32), 0)),
            [0x49, 0x83, 0x7b, 32, 0]
        ); // cmp qword [r11+32], 0
        assert_eq!(enc(|a| a.cmp_rm(RAX, mem(RCX, 24))), [0x48, 0x3b, 0x41, 24]); // cmp rax, [rcx+24]
        assert_eq!(enc(|a| a.imul_rr(RDX, R11)), [0x49, 0x0f, 0xaf, 0xd3]); // imul rdx, r11
        assert_eq!(
            enc(|a| a.imul_rri(R8, RAX, 10)),
            [0x4c, 0x69, 0xc0, 10, 0, 0, 0]
        ); // imul r8, rax, 10
        assert_eq!(enc(|a| a.neg(RDI)), [0x48, 0xf7, 0xdf]); // neg rdi
        assert_eq!(enc(|a| a.not(R9)), [0x49, 0xf7, 0xd1]); // not r9
        assert_eq!(enc(|a| a.test_rr(R8, R8)), [0x4d, 0x85, 0xc0]); // test r8, r8
        assert_eq!(
            enc(|a| a.set_bool(cc::L, RSI)),
            [0x40, 0x0f, 0x9c, 0xc6, 0x40, 0x0f, 0xb6, 0xf6]
        ); // setl sil; movzx esi, sil
        assert_eq!(
            enc(|a| a.set_bool(cc::E, R9)),
            [0x41, 0x0f, 0x94, 0xc1, 0x45, 0x0f, 0xb6, 0xc9]
        ); // sete r9b; movzx r9d, r9b
        assert_eq!(enc(|a| a.load32(R10, mem(RAX, 0))), [0x44, 0x8b, 0x50, 0]); // mov r10d, [rax+0]
        assert_eq!(enc(|a| a.call_r(RAX)), [0xff, 0xd0]); // call rax
        assert_eq!(enc(|a| a.cqo()), [0x48, 0x99]); // cqo
        assert_eq!(enc(|a| a.idiv(R11)), [0x49, 0xf7, 0xfb]); // idiv r11
        assert_eq!(enc(|a| a.jmp_r(RCX)), [0xff, 0xe1]); // jmp rcx
        assert_eq!(enc(|a| a.jmp_r(R11)), [0x41, 0xff, 0xe3]); // jmp r11
        let mut a = Asm::default();
        let j = a.jcc(cc::NE);
        a.ret();
        a.patch(j, 0);
        assert_eq!(a.code, [0x0f, 0x85, 0xfa, 0xff, 0xff, 0xff, 0xc3]); // jne 0
        let mut a = Asm::default();
        let s = a.sub_rsp_patchable();
        a.patch_imm(s, 24);
        assert_eq!(a.code, [0x48, 0x81, 0xec, 24, 0, 0, 0]); // sub rsp, 24
    }
}
