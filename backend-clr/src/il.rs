//! CIL method bodies: an instruction encoder with labels, symbolic token
//! operands, evaluation-stack depth tracking (for `.maxstack`) and
//! exception-handling clauses.
//!
//! Branches always use the long (4-byte offset) forms, so an offset is known
//! to fit without a second pass. Token operands are written as zeros and
//! recorded as fixups; the writer patches them once rows are numbered.

use crate::meta::model::{FieldRef, MethodRef, MethodSig, Token, Ty};

/// A finished method body.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// The IL bytes (tokens still zero).
    pub code: Vec<u8>,
    /// `(offset, token)`: a 4-byte token to patch at `offset`.
    pub fixups: Vec<(u32, Token)>,
    /// Local variable types.
    pub locals: Vec<Ty>,
    /// Maximum evaluation stack depth.
    pub max_stack: u16,
    /// Exception-handling clauses, innermost first.
    pub clauses: Vec<Clause>,
}

/// What an exception-handling clause does.
#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    /// `catch` of exceptions of this class.
    Catch(Ty),
    /// `finally`
    Finally,
}

/// One exception-handling clause (offsets into the code).
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// Catch or finally.
    pub kind: ClauseKind,
    /// First byte of the protected block.
    pub try_start: u32,
    /// One past its last byte.
    pub try_end: u32,
    /// First byte of the handler.
    pub handler_start: u32,
    /// One past its last byte.
    pub handler_end: u32,
}

/// A branch target.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Label(u32);

/// A local variable slot.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Hash)]
pub struct Local(pub u16);

/// Instructions without an operand: `(opcode bytes, pops, pushes)`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Op {
    Nop,
    Ldnull,
    Dup,
    Pop,
    Throw,
    Rethrow,
    Add,
    Sub,
    Mul,
    Div,
    DivUn,
    Rem,
    RemUn,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    ShrUn,
    Neg,
    Not,
    Ceq,
    Cgt,
    CgtUn,
    Clt,
    CltUn,
    ConvI1,
    ConvI2,
    ConvI4,
    ConvI8,
    ConvU1,
    ConvU2,
    ConvU4,
    ConvU8,
    ConvR8,
    ConvRUn,
    ConvI,
    Ldlen,
    LdelemI1,
    LdelemU1,
    LdelemU2,
    LdelemI4,
    LdelemI8,
    LdelemR8,
    LdelemRef,
    StelemI1,
    StelemI2,
    StelemI4,
    StelemI8,
    StelemR8,
    StelemRef,
    Endfinally,
}

impl Op {
    fn encoding(self) -> (&'static [u8], i32, i32) {
        use Op::*;
        match self {
            Nop => (&[0x00], 0, 0),
            Ldnull => (&[0x14], 0, 1),
            Dup => (&[0x25], 1, 2),
            Pop => (&[0x26], 1, 0),
            Throw => (&[0x7a], 1, 0),
            Rethrow => (&[0xfe, 0x1a], 0, 0),
            Add => (&[0x58], 2, 1),
            Sub => (&[0x59], 2, 1),
            Mul => (&[0x5a], 2, 1),
            Div => (&[0x5b], 2, 1),
            DivUn => (&[0x5c], 2, 1),
            Rem => (&[0x5d], 2, 1),
            RemUn => (&[0x5e], 2, 1),
            And => (&[0x5f], 2, 1),
            Or => (&[0x60], 2, 1),
            Xor => (&[0x61], 2, 1),
            Shl => (&[0x62], 2, 1),
            Shr => (&[0x63], 2, 1),
            ShrUn => (&[0x64], 2, 1),
            Neg => (&[0x65], 1, 1),
            Not => (&[0x66], 1, 1),
            Ceq => (&[0xfe, 0x01], 2, 1),
            Cgt => (&[0xfe, 0x02], 2, 1),
            CgtUn => (&[0xfe, 0x03], 2, 1),
            Clt => (&[0xfe, 0x04], 2, 1),
            CltUn => (&[0xfe, 0x05], 2, 1),
            ConvI1 => (&[0x67], 1, 1),
            ConvI2 => (&[0x68], 1, 1),
            ConvI4 => (&[0x69], 1, 1),
            ConvI8 => (&[0x6a], 1, 1),
            ConvU1 => (&[0xd2], 1, 1),
            ConvU2 => (&[0xd1], 1, 1),
            ConvU4 => (&[0x6d], 1, 1),
            ConvU8 => (&[0x6e], 1, 1),
            ConvR8 => (&[0x6c], 1, 1),
            ConvRUn => (&[0x76], 1, 1),
            ConvI => (&[0xd3], 1, 1),
            Ldlen => (&[0x8e], 1, 1),
            LdelemI1 => (&[0x90], 2, 1),
            LdelemU1 => (&[0x91], 2, 1),
            LdelemU2 => (&[0x93], 2, 1),
            LdelemI4 => (&[0x94], 2, 1),
            LdelemI8 => (&[0x96], 2, 1),
            LdelemR8 => (&[0x99], 2, 1),
            LdelemRef => (&[0x9a], 2, 1),
            StelemI1 => (&[0x9c], 3, 0),
            StelemI2 => (&[0x9d], 3, 0),
            StelemI4 => (&[0x9e], 3, 0),
            StelemI8 => (&[0x9f], 3, 0),
            StelemR8 => (&[0xa1], 3, 0),
            StelemRef => (&[0xa2], 3, 0),
            Endfinally => (&[0xdc], 0, 0),
        }
    }

    /// Whether control never falls through to the next instruction.
    fn ends_flow(self) -> bool {
        matches!(self, Op::Throw | Op::Rethrow | Op::Endfinally)
    }
}

/// Conditional branch kinds (long forms).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Br {
    /// `br`
    Always,
    /// `brfalse`
    False,
    /// `brtrue`
    True,
    /// `beq`
    Eq,
    /// `bne.un`
    NeUn,
    /// `bge`
    Ge,
    /// `bgt`
    Gt,
    /// `ble`
    Le,
    /// `blt`
    Lt,
    /// `bge.un`
    GeUn,
    /// `bgt.un`
    GtUn,
    /// `blt.un`
    LtUn,
}

impl Br {
    fn encoding(self) -> (u8, i32) {
        match self {
            Br::Always => (0x38, 0),
            Br::False => (0x39, 1),
            Br::True => (0x3a, 1),
            Br::Eq => (0x3b, 2),
            Br::Ge => (0x3c, 2),
            Br::Gt => (0x3d, 2),
            Br::Le => (0x3e, 2),
            Br::Lt => (0x3f, 2),
            Br::NeUn => (0x40, 2),
            Br::GeUn => (0x41, 2),
            Br::GtUn => (0x42, 2),
            Br::LtUn => (0x44, 2),
        }
    }
}

/// Builds one method body.
#[derive(Debug, Default)]
pub struct IlBuilder {
    code: Vec<u8>,
    fixups: Vec<(u32, Token)>,
    locals: Vec<Ty>,
    clauses: Vec<Clause>,
    labels: Vec<Option<u32>>,
    label_depth: Vec<Option<i32>>,
    /// `(position of the 4-byte offset, label, end of the instruction)`.
    patches: Vec<(u32, Label, u32)>,
    /// Current stack depth; `None` after an unconditional transfer.
    depth: Option<i32>,
    max: i32,
}

impl IlBuilder {
    /// An empty body.
    pub fn new() -> Self {
        IlBuilder {
            depth: Some(0),
            ..Default::default()
        }
    }

    /// The current code offset.
    pub fn offset(&self) -> u32 {
        self.code.len() as u32
    }

    /// Adds a local variable.
    pub fn local(&mut self, ty: Ty) -> Local {
        self.locals.push(ty);
        Local(self.locals.len() as u16 - 1)
    }

    /// The type of a local.
    pub fn local_ty(&self, l: Local) -> &Ty {
        &self.locals[l.0 as usize]
    }

    /// A new unplaced label.
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        self.label_depth.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Places `l` at the current offset.
    pub fn mark(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.offset());
        let recorded = self.label_depth[l.0 as usize];
        if self.depth.is_none() {
            self.depth = Some(recorded.unwrap_or(0));
        }
    }

    /// Whether the current position is reachable by falling through.
    pub fn reachable(&self) -> bool {
        self.depth.is_some()
    }

    /// Sets the stack depth at the current position (handler entry).
    pub fn set_depth(&mut self, d: i32) {
        self.depth = Some(d);
        self.max = self.max.max(d);
    }

    /// The current stack depth (0 if unreachable).
    pub fn depth(&self) -> i32 {
        self.depth.unwrap_or(0)
    }

    fn adjust(&mut self, pops: i32, pushes: i32) {
        let d = self.depth.unwrap_or(0) - pops + pushes;
        debug_assert!(d >= 0, "IL stack underflow at offset {}", self.code.len());
        self.max = self.max.max(d);
        self.depth = Some(d);
    }

    /// Emits an instruction without operand.
    pub fn op(&mut self, op: Op) {
        let (bytes, pops, pushes) = op.encoding();
        self.code.extend_from_slice(bytes);
        self.adjust(pops, pushes);
        if op.ends_flow() {
            self.depth = None;
        }
    }

    /// `ret`, returning a value if `value`.
    pub fn ret(&mut self, value: bool) {
        self.code.push(0x2a);
        self.adjust(value as i32, 0);
        self.depth = None;
    }

    fn token(&mut self, t: Token) {
        let at = self.offset();
        self.fixups.push((at, t));
        self.code.extend_from_slice(&[0, 0, 0, 0]);
    }

    /// `ldarg n`
    pub fn ldarg(&mut self, n: u16) {
        match n {
            0..=3 => self.code.push(0x02 + n as u8),
            4..=255 => self.code.extend_from_slice(&[0x0e, n as u8]),
            _ => {
                self.code.extend_from_slice(&[0xfe, 0x09]);
                self.code.extend_from_slice(&n.to_le_bytes());
            }
        }
        self.adjust(0, 1);
    }

    /// `starg n`
    pub fn starg(&mut self, n: u16) {
        if n <= 255 {
            self.code.extend_from_slice(&[0x10, n as u8]);
        } else {
            self.code.extend_from_slice(&[0xfe, 0x0b]);
            self.code.extend_from_slice(&n.to_le_bytes());
        }
        self.adjust(1, 0);
    }

    /// `ldloc l`
    pub fn ldloc(&mut self, l: Local) {
        match l.0 {
            0..=3 => self.code.push(0x06 + l.0 as u8),
            4..=255 => self.code.extend_from_slice(&[0x11, l.0 as u8]),
            n => {
                self.code.extend_from_slice(&[0xfe, 0x0c]);
                self.code.extend_from_slice(&n.to_le_bytes());
            }
        }
        self.adjust(0, 1);
    }

    /// `stloc l`
    pub fn stloc(&mut self, l: Local) {
        match l.0 {
            0..=3 => self.code.push(0x0a + l.0 as u8),
            4..=255 => self.code.extend_from_slice(&[0x13, l.0 as u8]),
            n => {
                self.code.extend_from_slice(&[0xfe, 0x0e]);
                self.code.extend_from_slice(&n.to_le_bytes());
            }
        }
        self.adjust(1, 0);
    }

    /// `ldloca l`
    pub fn ldloca(&mut self, l: Local) {
        if l.0 <= 255 {
            self.code.extend_from_slice(&[0x12, l.0 as u8]);
        } else {
            self.code.extend_from_slice(&[0xfe, 0x0d]);
            self.code.extend_from_slice(&l.0.to_le_bytes());
        }
        self.adjust(0, 1);
    }

    /// `ldc.i4 v` (short forms when they fit).
    pub fn ldc_i4(&mut self, v: i32) {
        match v {
            -1..=8 => self.code.push((0x16 + v) as u8),
            -128..=127 => self.code.extend_from_slice(&[0x1f, v as i8 as u8]),
            _ => {
                self.code.push(0x20);
                self.code.extend_from_slice(&v.to_le_bytes());
            }
        }
        self.adjust(0, 1);
    }

    /// `ldc.i8 v`
    pub fn ldc_i8(&mut self, v: i64) {
        if i32::try_from(v).is_ok() {
            self.ldc_i4(v as i32);
            self.code.push(0x6a); // conv.i8
            return;
        }
        self.code.push(0x21);
        self.code.extend_from_slice(&v.to_le_bytes());
        self.adjust(0, 1);
    }

    /// `ldc.r8 v`
    pub fn ldc_r8(&mut self, v: f64) {
        self.code.push(0x23);
        self.code.extend_from_slice(&v.to_bits().to_le_bytes());
        self.adjust(0, 1);
    }

    /// `ldstr s`
    pub fn ldstr(&mut self, s: &str) {
        self.code.push(0x72);
        self.token(Token::Str(s.to_string()));
        self.adjust(0, 1);
    }

    /// `ldfld`/`stfld`/`ldsfld`/`stsfld`/`ldflda`/`ldsflda` by opcode byte.
    fn field_op(&mut self, byte: u8, f: FieldRef, pops: i32, pushes: i32) {
        self.code.push(byte);
        self.token(Token::Field(f));
        self.adjust(pops, pushes);
    }

    /// `ldfld f`
    pub fn ldfld(&mut self, f: FieldRef) {
        self.field_op(0x7b, f, 1, 1);
    }

    /// `stfld f`
    pub fn stfld(&mut self, f: FieldRef) {
        self.field_op(0x7d, f, 2, 0);
    }

    /// `ldsfld f`
    pub fn ldsfld(&mut self, f: FieldRef) {
        self.field_op(0x7e, f, 0, 1);
    }

    /// `stsfld f`
    pub fn stsfld(&mut self, f: FieldRef) {
        self.field_op(0x80, f, 1, 0);
    }

    /// `ldtoken` of a field.
    pub fn ldtoken_field(&mut self, f: FieldRef) {
        self.field_op(0xd0, f, 0, 1);
    }

    fn call_like(&mut self, bytes: &[u8], m: MethodRef, sig: &MethodSig, newobj: bool) {
        self.code.extend_from_slice(bytes);
        self.token(Token::Method(m));
        let pops = sig.params.len() as i32 + (sig.has_this && !newobj) as i32;
        let pushes = if newobj {
            1
        } else {
            (sig.ret != Ty::Void) as i32
        };
        self.adjust(pops, pushes);
    }

    /// `call m`
    pub fn call(&mut self, m: MethodRef, sig: &MethodSig) {
        self.call_like(&[0x28], m, sig, false);
    }

    /// `callvirt m`
    pub fn callvirt(&mut self, m: MethodRef, sig: &MethodSig) {
        self.call_like(&[0x6f], m, sig, false);
    }

    /// `newobj ctor`
    pub fn newobj(&mut self, m: MethodRef, sig: &MethodSig) {
        self.call_like(&[0x73], m, sig, true);
    }

    /// `ldftn m`
    pub fn ldftn(&mut self, m: MethodRef) {
        self.code.extend_from_slice(&[0xfe, 0x06]);
        self.token(Token::Method(m));
        self.adjust(0, 1);
    }

    /// `ldvirtftn m`
    pub fn ldvirtftn(&mut self, m: MethodRef) {
        self.code.extend_from_slice(&[0xfe, 0x07]);
        self.token(Token::Method(m));
        self.adjust(1, 1);
    }

    fn type_op(&mut self, bytes: &[u8], t: &Ty, pops: i32, pushes: i32) {
        self.code.extend_from_slice(bytes);
        self.token(Token::Type(t.clone()));
        self.adjust(pops, pushes);
    }

    /// `newarr t`
    pub fn newarr(&mut self, t: &Ty) {
        self.type_op(&[0x8d], t, 1, 1);
    }

    /// `ldelem t`
    pub fn ldelem(&mut self, t: &Ty) {
        self.type_op(&[0xa3], t, 2, 1);
    }

    /// `stelem t`
    pub fn stelem(&mut self, t: &Ty) {
        self.type_op(&[0xa4], t, 3, 0);
    }

    /// `castclass t`
    pub fn castclass(&mut self, t: &Ty) {
        self.type_op(&[0x74], t, 1, 1);
    }

    /// `isinst t`
    pub fn isinst(&mut self, t: &Ty) {
        self.type_op(&[0x75], t, 1, 1);
    }

    /// `box t`
    pub fn box_(&mut self, t: &Ty) {
        self.type_op(&[0x8c], t, 1, 1);
    }

    /// `initobj t` (address on the stack).
    pub fn initobj(&mut self, t: &Ty) {
        self.type_op(&[0xfe, 0x15], t, 1, 0);
    }

    /// A branch to `l`.
    pub fn br(&mut self, kind: Br, l: Label) {
        let (byte, pops) = kind.encoding();
        self.code.push(byte);
        let at = self.offset();
        self.code.extend_from_slice(&[0, 0, 0, 0]);
        self.adjust(pops, 0);
        self.patches.push((at, l, self.offset()));
        self.record_depth(l);
        if kind == Br::Always {
            self.depth = None;
        }
    }

    fn record_depth(&mut self, l: Label) {
        let d = self.depth.unwrap_or(0);
        let slot = &mut self.label_depth[l.0 as usize];
        if slot.is_none() {
            *slot = Some(d);
        }
    }

    /// `leave l` (empties the stack).
    pub fn leave(&mut self, l: Label) {
        self.code.push(0xdd);
        let at = self.offset();
        self.code.extend_from_slice(&[0, 0, 0, 0]);
        self.patches.push((at, l, self.offset()));
        self.depth = Some(0);
        self.record_depth(l);
        self.depth = None;
    }

    /// `switch` over `targets` (pops the int32 index; falls through otherwise).
    pub fn switch(&mut self, targets: &[Label]) {
        self.code.push(0x45);
        self.code
            .extend_from_slice(&(targets.len() as u32).to_le_bytes());
        let first = self.offset();
        let end = first + 4 * targets.len() as u32;
        self.code.resize(end as usize, 0);
        self.adjust(1, 0);
        for (i, &l) in targets.iter().enumerate() {
            self.patches.push((first + 4 * i as u32, l, end));
            self.record_depth(l);
        }
    }

    /// Records an exception clause.
    pub fn clause(
        &mut self,
        kind: ClauseKind,
        try_start: u32,
        try_end: u32,
        handler_start: u32,
        handler_end: u32,
    ) {
        self.clauses.push(Clause {
            kind,
            try_start,
            try_end,
            handler_start,
            handler_end,
        });
    }

    /// Resolves the branches and returns the body.
    pub fn finish(mut self) -> Result<Body, String> {
        for &(at, l, next) in &self.patches {
            let Some(target) = self.labels[l.0 as usize] else {
                return Err(format!("IL label {} was never placed", l.0));
            };
            let rel = target as i64 - next as i64;
            self.code[at as usize..at as usize + 4].copy_from_slice(&(rel as i32).to_le_bytes());
        }
        Ok(Body {
            code: self.code,
            fixups: self.fixups,
            locals: self.locals,
            max_stack: self.max.clamp(0, u16::MAX as i32) as u16,
            clauses: self.clauses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_resolve_relative_to_the_next_instruction() {
        let mut b = IlBuilder::new();
        let l = b.label();
        b.ldc_i4(1);
        b.br(Br::True, l);
        b.op(Op::Nop);
        b.mark(l);
        b.ret(false);
        let body = b.finish().unwrap();
        // ldc.i4.1; brtrue +1; nop; ret
        assert_eq!(body.code, vec![0x17, 0x3a, 1, 0, 0, 0, 0x00, 0x2a]);
        assert_eq!(body.max_stack, 1);
    }

    #[test]
    fn stack_depth_is_tracked_through_calls() {
        let mut b = IlBuilder::new();
        let sig = MethodSig::stat(vec![Ty::I8, Ty::I8], Ty::I8);
        b.ldc_i8(1);
        b.ldc_i8(1 << 40);
        b.call(MethodRef::Def(crate::meta::model::MethodId(0)), &sig);
        b.ret(true);
        let body = b.finish().unwrap();
        assert_eq!(body.max_stack, 2);
        assert_eq!(body.fixups.len(), 1);
        // ldc.i4.1 conv.i8, ldc.i8 <8 bytes>, call <tok>, ret
        assert_eq!(body.code.len(), 2 + 9 + 5 + 1);
    }

    #[test]
    fn unplaced_labels_are_an_error() {
        let mut b = IlBuilder::new();
        let l = b.label();
        b.br(Br::Always, l);
        assert!(b.finish().is_err());
    }
}
