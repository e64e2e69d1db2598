//! The bytecode builder of one method body.
//!
//! [`Code`] appends instructions while simulating the verifier's view of
//! them: every local has one declared type, the operand stack is tracked
//! entry by entry, and each label remembers the state control flow brings
//! to it. From that the builder records a StackMapTable frame at every
//! branch target and exception handler, so frames never need to be written
//! by hand. Code emitted where control cannot reach is dropped (the
//! verifier would want frames for it).
//!
//! Mistakes of the caller (popping a long as an int, jumping backwards with
//! a local unassigned that the target expects, a label never bound...) are
//! collected as an error returned by [`Code::finish`] instead of producing an
//! invalid classfile. A conditional branch whose target is beyond ±32 KiB
//! makes `finish` return [`CodeError::BranchTooFar`]; the caller then builds
//! the method again in wide mode (`goto_w`).

use super::frames::{encode, Frame, VType};
use super::pool::ConstantPool;
use std::collections::BTreeMap;

/// A position in the code, bound once with [`Code::bind`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Label(u32);

/// A local variable slot with its declared type.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Local {
    /// First slot.
    pub slot: u16,
    /// Declared type.
    pub ty: VType,
}

/// Why a method body could not be finished.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CodeError {
    /// A 16-bit branch offset overflowed: build again with `wide = true`.
    BranchTooFar,
    /// Anything else (code too large, inconsistent use of the builder).
    Other(String),
}

/// Zero-operand instructions with a fixed effect on the stack.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[allow(missing_docs)]
pub enum Op {
    Ladd,
    Lsub,
    Lmul,
    Ldiv,
    Lrem,
    Lneg,
    Land,
    Lor,
    Lxor,
    Lshl,
    Lshr,
    Lushr,
    Lcmp,
    Iadd,
    Isub,
    Imul,
    Idiv,
    Irem,
    Ineg,
    Iand,
    Ior,
    Ixor,
    Ishl,
    Ishr,
    Iushr,
    Dadd,
    Dsub,
    Dmul,
    Ddiv,
    Drem,
    Dneg,
    Dcmpl,
    Dcmpg,
    L2i,
    L2d,
    I2l,
    I2d,
    D2l,
    D2i,
    I2c,
    Laload,
    Daload,
    Iaload,
    Baload,
    Caload,
    Lastore,
    Dastore,
    Iastore,
    Bastore,
    Castore,
    Aastore,
    Arraylength,
    Athrow,
    Monitorenter,
    Monitorexit,
}

/// Kinds of values an instruction pops.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum K {
    I,
    J,
    D,
    A,
}

impl Op {
    fn info(self) -> (u8, &'static [K], Option<VType>) {
        use Op::*;
        use K::*;
        match self {
            Ladd => (0x61, &[J, J], Some(VType::Long)),
            Lsub => (0x65, &[J, J], Some(VType::Long)),
            Lmul => (0x69, &[J, J], Some(VType::Long)),
            Ldiv => (0x6d, &[J, J], Some(VType::Long)),
            Lrem => (0x71, &[J, J], Some(VType::Long)),
            Lneg => (0x75, &[J], Some(VType::Long)),
            Land => (0x7f, &[J, J], Some(VType::Long)),
            Lor => (0x81, &[J, J], Some(VType::Long)),
            Lxor => (0x83, &[J, J], Some(VType::Long)),
            Lshl => (0x79, &[J, I], Some(VType::Long)),
            Lshr => (0x7b, &[J, I], Some(VType::Long)),
            Lushr => (0x7d, &[J, I], Some(VType::Long)),
            Lcmp => (0x94, &[J, J], Some(VType::Int)),
            Iadd => (0x60, &[I, I], Some(VType::Int)),
            Isub => (0x64, &[I, I], Some(VType::Int)),
            Imul => (0x68, &[I, I], Some(VType::Int)),
            Idiv => (0x6c, &[I, I], Some(VType::Int)),
            Irem => (0x70, &[I, I], Some(VType::Int)),
            Ineg => (0x74, &[I], Some(VType::Int)),
            Iand => (0x7e, &[I, I], Some(VType::Int)),
            Ior => (0x80, &[I, I], Some(VType::Int)),
            Ixor => (0x82, &[I, I], Some(VType::Int)),
            Ishl => (0x78, &[I, I], Some(VType::Int)),
            Ishr => (0x7a, &[I, I], Some(VType::Int)),
            Iushr => (0x7c, &[I, I], Some(VType::Int)),
            Dadd => (0x63, &[D, D], Some(VType::Double)),
            Dsub => (0x67, &[D, D], Some(VType::Double)),
            Dmul => (0x6b, &[D, D], Some(VType::Double)),
            Ddiv => (0x6f, &[D, D], Some(VType::Double)),
            Drem => (0x73, &[D, D], Some(VType::Double)),
            Dneg => (0x77, &[D], Some(VType::Double)),
            Dcmpl => (0x97, &[D, D], Some(VType::Int)),
            Dcmpg => (0x98, &[D, D], Some(VType::Int)),
            L2i => (0x88, &[J], Some(VType::Int)),
            L2d => (0x8a, &[J], Some(VType::Double)),
            I2l => (0x85, &[I], Some(VType::Long)),
            I2d => (0x87, &[I], Some(VType::Double)),
            D2l => (0x8f, &[D], Some(VType::Long)),
            D2i => (0x8e, &[D], Some(VType::Int)),
            I2c => (0x92, &[I], Some(VType::Int)),
            Laload => (0x2f, &[A, I], Some(VType::Long)),
            Daload => (0x31, &[A, I], Some(VType::Double)),
            Iaload => (0x2e, &[A, I], Some(VType::Int)),
            Baload => (0x33, &[A, I], Some(VType::Int)),
            Caload => (0x34, &[A, I], Some(VType::Int)),
            Lastore => (0x50, &[A, I, J], None),
            Dastore => (0x52, &[A, I, D], None),
            Iastore => (0x4f, &[A, I, I], None),
            Bastore => (0x54, &[A, I, I], None),
            Castore => (0x55, &[A, I, I], None),
            Aastore => (0x53, &[A, I, A], None),
            Arraylength => (0xbe, &[A], Some(VType::Int)),
            Athrow => (0xbf, &[A], None),
            Monitorenter => (0xc2, &[A], None),
            Monitorexit => (0xc3, &[A], None),
        }
    }
}

/// Conditional branches.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[allow(missing_docs)]
pub enum If {
    Eq,
    Ne,
    Lt,
    Ge,
    Gt,
    Le,
    IcmpEq,
    IcmpNe,
    IcmpLt,
    IcmpGe,
    IcmpGt,
    IcmpLe,
    AcmpEq,
    AcmpNe,
    Null,
    NonNull,
}

impl If {
    fn opcode(self) -> u8 {
        use If::*;
        match self {
            Eq => 0x99,
            Ne => 0x9a,
            Lt => 0x9b,
            Ge => 0x9c,
            Gt => 0x9d,
            Le => 0x9e,
            IcmpEq => 0x9f,
            IcmpNe => 0xa0,
            IcmpLt => 0xa1,
            IcmpGe => 0xa2,
            IcmpGt => 0xa3,
            IcmpLe => 0xa4,
            AcmpEq => 0xa5,
            AcmpNe => 0xa6,
            Null => 0xc6,
            NonNull => 0xc7,
        }
    }

    /// The branch taken exactly when this one is not.
    pub fn negate(self) -> If {
        use If::*;
        match self {
            Eq => Ne,
            Ne => Eq,
            Lt => Ge,
            Ge => Lt,
            Gt => Le,
            Le => Gt,
            IcmpEq => IcmpNe,
            IcmpNe => IcmpEq,
            IcmpLt => IcmpGe,
            IcmpGe => IcmpLt,
            IcmpGt => IcmpLe,
            IcmpLe => IcmpGt,
            AcmpEq => AcmpNe,
            AcmpNe => AcmpEq,
            Null => NonNull,
            NonNull => Null,
        }
    }

    fn pops(self) -> &'static [K] {
        use If::*;
        match self {
            Eq | Ne | Lt | Ge | Gt | Le => &[K::I],
            IcmpEq | IcmpNe | IcmpLt | IcmpGe | IcmpGt | IcmpLe => &[K::I, K::I],
            AcmpEq | AcmpNe => &[K::A, K::A],
            Null | NonNull => &[K::A],
        }
    }
}

/// Kinds of method invocation.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Invoke {
    /// `invokestatic`
    Static,
    /// `invokevirtual`
    Virtual,
    /// `invokespecial` (constructors, private and super methods)
    Special,
    /// `invokeinterface`
    Interface,
}

#[derive(Debug, Default)]
struct LabelData {
    pos: Option<u32>,
    state: Option<Frame>,
}

#[derive(Debug)]
struct Fixup {
    /// Byte index of the offset field.
    at: usize,
    /// Offset of the branch instruction.
    from: u32,
    label: Label,
    four: bool,
}

#[derive(Debug)]
struct Handler {
    start: u32,
    end: u32,
    handler: Label,
    catch_type: u16,
}

/// A method body under construction. See the module documentation.
pub struct Code<'p> {
    /// The class's constant pool.
    pub pool: &'p mut ConstantPool,
    bytes: Vec<u8>,
    cur: Option<Frame>,
    nslots: usize,
    initial: Vec<VType>,
    labels: Vec<LabelData>,
    fixups: Vec<Fixup>,
    frames: BTreeMap<u32, Frame>,
    handlers: Vec<Handler>,
    max_stack: usize,
    wide: bool,
    error: Option<String>,
    params: Vec<Local>,
}

/// A finished method body: bytecode, limits, exception table and frames.
#[derive(Debug)]
pub struct Finished {
    code: Vec<u8>,
    max_stack: u16,
    max_locals: u16,
    handlers: Vec<(u16, u16, u16, u16)>,
    frame_count: u16,
    frame_bytes: Vec<u8>,
}

impl Finished {
    /// The `Code` attribute's body (after its length field).
    pub fn write(&self, out: &mut Vec<u8>, stack_map_name: u16) {
        out.extend_from_slice(&self.max_stack.to_be_bytes());
        out.extend_from_slice(&self.max_locals.to_be_bytes());
        out.extend_from_slice(&(self.code.len() as u32).to_be_bytes());
        out.extend_from_slice(&self.code);
        out.extend_from_slice(&(self.handlers.len() as u16).to_be_bytes());
        for &(a, b, c, d) in &self.handlers {
            for v in [a, b, c, d] {
                out.extend_from_slice(&v.to_be_bytes());
            }
        }
        if self.frame_count == 0 {
            out.extend_from_slice(&0u16.to_be_bytes());
        } else {
            out.extend_from_slice(&1u16.to_be_bytes());
            out.extend_from_slice(&stack_map_name.to_be_bytes());
            out.extend_from_slice(&(self.frame_bytes.len() as u32 + 2).to_be_bytes());
            out.extend_from_slice(&self.frame_count.to_be_bytes());
            out.extend_from_slice(&self.frame_bytes);
        }
    }

    /// The bytecode.
    pub fn bytecode(&self) -> &[u8] {
        &self.code
    }
}

/// Parameter and result types of a method descriptor.
pub fn parse_method_descriptor(desc: &str) -> (Vec<VType>, Option<VType>) {
    let b = desc.as_bytes();
    let mut i = 1;
    let mut params = Vec::new();
    while i < b.len() && b[i] != b')' {
        let start = i;
        while b[i] == b'[' {
            i += 1;
        }
        if b[i] == b'L' {
            while b[i] != b';' {
                i += 1;
            }
        }
        i += 1;
        params.push(VType::from_descriptor(&desc[start..i]));
    }
    let ret = &desc[i + 1..];
    let ret = if ret == "V" {
        None
    } else {
        Some(VType::from_descriptor(ret))
    };
    (params, ret)
}

fn kind_ok(k: K, t: &VType) -> bool {
    match k {
        K::I => *t == VType::Int,
        K::J => *t == VType::Long,
        K::D => *t == VType::Double,
        K::A => t.is_ref(),
    }
}

fn kind_of(t: &VType) -> K {
    match t {
        VType::Long => K::J,
        VType::Double => K::D,
        VType::Int => K::I,
        _ => K::A,
    }
}

/// The merge of two reference types at a join (same type, or null with a type).
fn merge_ref(a: &VType, b: &VType) -> Option<VType> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (VType::Null, o @ VType::Object(_)) | (o @ VType::Object(_), VType::Null) => {
            Some(o.clone())
        }
        _ => None,
    }
}

/// Whether a value of type `from` may be where a frame says `to`.
fn assignable(from: &VType, to: &VType) -> bool {
    from == to || *to == VType::Top || (*from == VType::Null && matches!(to, VType::Object(_)))
}

impl<'p> Code<'p> {
    /// A body whose locals start with `params` (for an instance method, the
    /// receiver first). `wide` selects `goto_w` branches.
    pub fn new(pool: &'p mut ConstantPool, params: &[VType], wide: bool) -> Self {
        let mut c = Code {
            pool,
            bytes: Vec::new(),
            cur: Some(Frame::default()),
            nslots: 0,
            initial: Vec::new(),
            labels: Vec::new(),
            fixups: Vec::new(),
            frames: BTreeMap::new(),
            handlers: Vec::new(),
            max_stack: 0,
            wide,
            error: None,
            params: Vec::new(),
        };
        for p in params {
            let l = c.local(p.clone());
            if let Some(cur) = &mut c.cur {
                cur.locals[l.slot as usize] = p.clone();
            }
            c.params.push(l);
        }
        if let Some(cur) = &c.cur {
            c.initial = cur.locals.clone();
        }
        c
    }

    /// The local holding parameter `i`.
    pub fn param(&self, i: usize) -> Local {
        self.params[i].clone()
    }

    /// Whether code emitted now is reachable.
    pub fn reachable(&self) -> bool {
        self.cur.is_some()
    }

    /// The current code offset.
    pub fn offset(&self) -> u32 {
        self.bytes.len() as u32
    }

    /// Records a builder misuse (the first one is reported by `finish`).
    pub fn fail(&mut self, msg: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(msg.into());
        }
    }

    /// Declares a new local of type `ty` (unassigned until stored).
    pub fn local(&mut self, ty: VType) -> Local {
        let slot = self.nslots;
        self.nslots += ty.size();
        if let Some(cur) = &mut self.cur {
            cur.locals.resize(self.nslots, VType::Top);
        }
        Local {
            slot: slot as u16,
            ty,
        }
    }

    /// A new label.
    pub fn label(&mut self) -> Label {
        self.labels.push(LabelData::default());
        Label(self.labels.len() as u32 - 1)
    }

    fn pop(&mut self, k: K) {
        let Some(cur) = &mut self.cur else { return };
        match cur.stack.pop() {
            Some(t) if kind_ok(k, &t) => {}
            Some(t) => {
                let msg = format!("popped {t:?} where a {k:?} was expected");
                self.fail(msg);
            }
            None => self.fail(format!("popped a {k:?} from an empty stack")),
        }
    }

    fn pop_any(&mut self) -> Option<VType> {
        let cur = self.cur.as_mut()?;
        let t = cur.stack.pop();
        if t.is_none() {
            self.fail("stack underflow");
        }
        t
    }

    fn push(&mut self, t: VType) {
        let Some(cur) = &mut self.cur else { return };
        cur.stack.push(t);
        let depth: usize = cur.stack.iter().map(VType::size).sum();
        self.max_stack = self.max_stack.max(depth);
    }

    /// The type on top of the stack, if any.
    pub fn top(&self) -> Option<&VType> {
        self.cur.as_ref().and_then(|c| c.stack.last())
    }

    /// Depth of the operand stack (entries).
    pub fn depth(&self) -> usize {
        self.cur.as_ref().map_or(0, |c| c.stack.len())
    }

    fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    // ---- constants ----

    /// Pushes an int constant.
    pub fn iconst(&mut self, v: i32) {
        if !self.reachable() {
            return;
        }
        match v {
            -1..=5 => self.byte((0x03 + v) as u8),
            -128..=127 => {
                self.byte(0x10);
                self.byte(v as i8 as u8);
            }
            -32768..=32767 => {
                self.byte(0x11);
                self.u16(v as i16 as u16);
            }
            _ => {
                let i = self.pool.integer(v);
                self.ldc_index(i);
            }
        }
        self.push(VType::Int);
    }

    fn ldc_index(&mut self, i: u16) {
        if i < 256 {
            self.byte(0x12);
            self.byte(i as u8);
        } else {
            self.byte(0x13);
            self.u16(i);
        }
    }

    /// Pushes a long constant.
    pub fn lconst(&mut self, v: i64) {
        if !self.reachable() {
            return;
        }
        match v {
            0 | 1 => self.byte(0x09 + v as u8),
            _ if i32::try_from(v).is_ok() && (-32768..=32767).contains(&v) => {
                self.iconst(v as i32);
                self.op(Op::I2l);
                return;
            }
            _ => {
                let i = self.pool.long(v);
                self.byte(0x14);
                self.u16(i);
            }
        }
        self.push(VType::Long);
    }

    /// Pushes a double constant (exact bits, so `-0.0` and NaN are kept).
    pub fn dconst(&mut self, v: f64) {
        if !self.reachable() {
            return;
        }
        if v.to_bits() == 0 {
            self.byte(0x0e);
        } else if v.to_bits() == 1.0f64.to_bits() {
            self.byte(0x0f);
        } else {
            let i = self.pool.double(v);
            self.byte(0x14);
            self.u16(i);
        }
        self.push(VType::Double);
    }

    /// Pushes a string constant (its modified UTF-8 must fit 65535 bytes).
    pub fn sconst(&mut self, s: &str) {
        if !self.reachable() {
            return;
        }
        let i = self.pool.string(s);
        self.ldc_index(i);
        self.push(VType::obj("java/lang/String"));
    }

    /// Pushes a `java.lang.Class` constant.
    pub fn class_const(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        let i = self.pool.class(class);
        self.ldc_index(i);
        self.push(VType::obj("java/lang/Class"));
    }

    /// Pushes null.
    pub fn null(&mut self) {
        if !self.reachable() {
            return;
        }
        self.byte(0x01);
        self.push(VType::Null);
    }

    // ---- locals ----

    fn local_insn(&mut self, op: u8, slot: u16) {
        if slot < 256 {
            self.byte(op);
            self.byte(slot as u8);
        } else {
            self.byte(0xc4);
            self.byte(op);
            self.u16(slot);
        }
    }

    /// Pushes local `l` (which must be assigned here).
    pub fn load(&mut self, l: &Local) {
        let Some(cur) = &self.cur else { return };
        let have = cur
            .locals
            .get(l.slot as usize)
            .cloned()
            .unwrap_or(VType::Top);
        if have == VType::Top {
            self.fail(format!("load of unassigned local {}", l.slot));
        }
        let op = match kind_of(&l.ty) {
            K::I => 0x15,
            K::J => 0x16,
            K::D => 0x18,
            K::A => 0x19,
        };
        self.local_insn(op, l.slot);
        let t = if l.slot == 0 && have == VType::UninitThis {
            have
        } else {
            l.ty.clone()
        };
        self.push(t);
    }

    /// Pops into local `l`.
    pub fn store(&mut self, l: &Local) {
        if !self.reachable() {
            return;
        }
        let k = kind_of(&l.ty);
        self.pop(k);
        let op = match k {
            K::I => 0x36,
            K::J => 0x37,
            K::D => 0x39,
            K::A => 0x3a,
        };
        self.local_insn(op, l.slot);
        let n = self.nslots;
        if let Some(cur) = &mut self.cur {
            let s = l.slot as usize;
            if cur.locals.len() < n {
                cur.locals.resize(n, VType::Top);
            }
            cur.locals[s] = l.ty.clone();
            if l.ty.size() == 2 {
                cur.locals[s + 1] = VType::Top;
            }
        }
    }

    /// `iinc`: adds `delta` to int local `l`.
    pub fn iinc(&mut self, l: &Local, delta: i16) {
        if !self.reachable() {
            return;
        }
        if l.slot < 256 && (-128..=127).contains(&delta) {
            self.byte(0x84);
            self.byte(l.slot as u8);
            self.byte(delta as i8 as u8);
        } else {
            self.byte(0xc4);
            self.byte(0x84);
            self.u16(l.slot);
            self.u16(delta as u16);
        }
    }

    // ---- plain instructions ----

    /// A zero-operand instruction (see [`Op`]).
    pub fn op(&mut self, op: Op) {
        if !self.reachable() {
            return;
        }
        let (code, pops, push) = op.info();
        for &k in pops.iter().rev() {
            self.pop(k);
        }
        self.byte(code);
        if let Some(t) = push {
            self.push(t);
        }
        if op == Op::Athrow {
            self.cur = None;
        }
    }

    /// `aaload`: pushes the component type of the array below the index.
    pub fn aaload(&mut self) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let arr = self.pop_any();
        let elem = match arr {
            Some(VType::Object(d)) if d.starts_with('[') => VType::from_descriptor(&d[1..]),
            _ => VType::obj("java/lang/Object"),
        };
        self.byte(0x32);
        self.push(elem);
    }

    /// `pop` of a one-word value.
    pub fn pop1(&mut self) {
        if let Some(t) = self.pop_any() {
            if t.size() == 2 {
                self.fail("pop of a two-word value");
            }
            self.byte(0x57);
        }
    }

    /// Pops one value of any size.
    pub fn pop_value(&mut self) {
        if let Some(t) = self.pop_any() {
            self.byte(if t.size() == 2 { 0x58 } else { 0x57 });
        }
    }

    /// Duplicates the top value (of any size).
    pub fn dup(&mut self) {
        let Some(t) = self.top().cloned() else {
            if self.reachable() {
                self.fail("dup on empty stack");
            }
            return;
        };
        self.byte(if t.size() == 2 { 0x5c } else { 0x59 });
        self.push(t);
    }

    /// `dup_x1`: a one-word top copied below the one-word value under it.
    pub fn dup_x1(&mut self) {
        if !self.reachable() {
            return;
        }
        let (Some(a), Some(b)) = (self.pop_any(), self.pop_any()) else {
            return;
        };
        self.byte(0x5a);
        self.push(a.clone());
        self.push(b);
        self.push(a);
    }

    /// Swaps two one-word values.
    pub fn swap(&mut self) {
        if !self.reachable() {
            return;
        }
        let (Some(a), Some(b)) = (self.pop_any(), self.pop_any()) else {
            return;
        };
        if a.size() == 2 || b.size() == 2 {
            self.fail("swap of two-word values");
        }
        self.byte(0x5f);
        self.push(a);
        self.push(b);
    }

    // ---- fields, methods, objects ----

    fn field_insn(&mut self, op: u8, owner: &str, name: &str, desc: &str) {
        if !self.reachable() {
            return;
        }
        let t = VType::from_descriptor(desc);
        match op {
            0xb2 => {}
            0xb3 => self.pop(kind_of(&t)),
            0xb4 => self.pop(K::A),
            _ => {
                self.pop(kind_of(&t));
                self.pop(K::A);
            }
        }
        let i = self.pool.field(owner, name, desc);
        self.byte(op);
        self.u16(i);
        if op == 0xb2 || op == 0xb4 {
            self.push(t);
        }
    }

    /// `getstatic`
    pub fn getstatic(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb2, owner, name, desc);
    }

    /// `putstatic`
    pub fn putstatic(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb3, owner, name, desc);
    }

    /// `getfield`
    pub fn getfield(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb4, owner, name, desc);
    }

    /// `putfield`
    pub fn putfield(&mut self, owner: &str, name: &str, desc: &str) {
        self.field_insn(0xb5, owner, name, desc);
    }

    /// A method invocation. `invokespecial` of `<init>` initializes the
    /// object it is applied to.
    pub fn invoke(&mut self, kind: Invoke, owner: &str, name: &str, desc: &str) {
        if !self.reachable() {
            return;
        }
        let (params, ret) = parse_method_descriptor(desc);
        for p in params.iter().rev() {
            self.pop(kind_of(p));
        }
        let mut receiver = None;
        if kind != Invoke::Static {
            receiver = self.pop_any();
            if receiver.as_ref().is_some_and(|r| !r.is_ref()) {
                self.fail("invoke on a non-reference receiver");
            }
        }
        let interface = kind == Invoke::Interface;
        let i = self.pool.method(owner, name, desc, interface);
        match kind {
            Invoke::Static => self.byte(0xb8),
            Invoke::Virtual => self.byte(0xb6),
            Invoke::Special => self.byte(0xb7),
            Invoke::Interface => self.byte(0xb9),
        }
        self.u16(i);
        if interface {
            let words: usize = 1 + params.iter().map(VType::size).sum::<usize>();
            self.byte(words as u8);
            self.byte(0);
        }
        if kind == Invoke::Special && name == "<init>" {
            if let (Some(r), Some(cur)) = (receiver, &mut self.cur) {
                let init = match r {
                    VType::UninitThis => Some(VType::obj(owner)),
                    VType::Uninit(_) => Some(VType::obj(owner)),
                    _ => None,
                };
                if let Some(new) = init {
                    let this_class = if r == VType::UninitThis {
                        None
                    } else {
                        Some(new.clone())
                    };
                    for t in cur.locals.iter_mut().chain(cur.stack.iter_mut()) {
                        if *t == r {
                            *t = match (&r, &this_class) {
                                (VType::UninitThis, _) => VType::Top,
                                (_, Some(c)) => c.clone(),
                                _ => VType::Top,
                            };
                        }
                    }
                }
            }
        }
        if let Some(t) = ret {
            self.push(t);
        }
    }

    /// Marks local 0 as initialized `this` of class `class` (after the
    /// super constructor call in a constructor).
    pub fn this_initialized(&mut self, class: &str) {
        if let Some(cur) = &mut self.cur {
            cur.locals[0] = VType::obj(class);
        }
    }

    /// `new`: pushes an uninitialized instance of `class`.
    pub fn new_obj(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        let at = self.offset();
        let i = self.pool.class(class);
        self.byte(0xbb);
        self.u16(i);
        self.push(VType::Uninit(at));
    }

    /// `new class; dup; invokespecial <init>(desc)` with the constructor
    /// arguments pushed by `args` in between.
    pub fn construct(&mut self, class: &str, desc: &str, args: impl FnOnce(&mut Self)) {
        self.new_obj(class);
        self.dup();
        args(self);
        self.invoke(Invoke::Special, class, "<init>", desc);
    }

    /// `checkcast`
    pub fn checkcast(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::A);
        let i = self.pool.class(class);
        self.byte(0xc0);
        self.u16(i);
        self.push(VType::obj(class));
    }

    /// `instanceof`
    pub fn instance_of(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::A);
        let i = self.pool.class(class);
        self.byte(0xc1);
        self.u16(i);
        self.push(VType::Int);
    }

    /// `newarray` of a primitive type: `J`, `D`, `I`, `Z`, `B` or `C`.
    pub fn newarray(&mut self, elem: char) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let code = match elem {
            'Z' => 4,
            'C' => 5,
            'D' => 7,
            'B' => 8,
            'I' => 10,
            _ => 11,
        };
        self.byte(0xbc);
        self.byte(code);
        self.push(VType::Object(format!("[{elem}")));
    }

    /// `anewarray` of a reference type (internal name).
    pub fn anewarray(&mut self, class: &str) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        let i = self.pool.class(class);
        self.byte(0xbd);
        self.u16(i);
        let d = if class.starts_with('[') {
            format!("[{class}")
        } else {
            format!("[L{class};")
        };
        self.push(VType::Object(d));
    }

    // ---- control flow ----

    /// Merges the current state (after the branch popped its operands) into
    /// the state of `target`, or checks it against an already bound target.
    fn flow_to(&mut self, target: Label) {
        let Some(cur) = self.cur.clone() else { return };
        let data = &self.labels[target.0 as usize];
        if let Some(pos) = data.pos {
            let Some(frame) = self.frames.get(&pos).cloned() else {
                self.fail("backward jump to a label with no frame");
                return;
            };
            if let Err(e) = check_assignable(&cur, &frame) {
                self.fail(format!("backward jump to offset {pos}: {e}"));
            }
            return;
        }
        let merged = match &data.state {
            None => Ok(cur),
            Some(old) => merge(old, &cur),
        };
        match merged {
            Ok(m) => self.labels[target.0 as usize].state = Some(m),
            Err(e) => {
                let at = self.offset();
                self.fail(format!(
                    "inconsistent states at label {} (jump at {at}): {e}",
                    target.0
                ))
            }
        }
    }

    fn branch_placeholder(&mut self, op: u8, target: Label, four: bool) {
        let from = self.offset();
        self.byte(op);
        let at = self.bytes.len();
        if four {
            self.bytes.extend_from_slice(&[0, 0, 0, 0]);
        } else {
            self.u16(0);
        }
        self.fixups.push(Fixup {
            at,
            from,
            label: target,
            four,
        });
    }

    /// `goto target`; code after it is unreachable until a label is bound.
    pub fn goto(&mut self, target: Label) {
        if !self.reachable() {
            return;
        }
        self.flow_to(target);
        if self.wide {
            self.branch_placeholder(0xc8, target, true);
        } else {
            self.branch_placeholder(0xa7, target, false);
        }
        self.cur = None;
    }

    /// A conditional branch to `target`.
    pub fn branch(&mut self, cond: If, target: Label) {
        if !self.reachable() {
            return;
        }
        for &k in cond.pops().iter().rev() {
            self.pop(k);
        }
        self.flow_to(target);
        if self.wide {
            // if !cond skip; goto_w target; skip:
            let skip = self.label();
            let from = self.offset();
            self.byte(cond.negate().opcode());
            self.u16(8);
            let _ = from;
            self.branch_placeholder(0xc8, target, true);
            let state = self.cur.clone();
            self.labels[skip.0 as usize].state = state;
            self.cur = None;
            self.bind(skip);
        } else {
            self.branch_placeholder(cond.opcode(), target, false);
        }
    }

    /// Binds `label` here. Its state is the merge of the fall-through state
    /// and of every jump seen so far; with none, the code is unreachable.
    pub fn bind(&mut self, label: Label) {
        let pos = self.offset();
        if self.labels[label.0 as usize].pos.is_some() {
            self.fail("label bound twice");
            return;
        }
        if self.cur.is_some() {
            self.flow_to(label);
        }
        self.labels[label.0 as usize].pos = Some(pos);
        let Some(state) = self.labels[label.0 as usize].state.clone() else {
            self.cur = None;
            return;
        };
        let state = match self.frames.get(&pos) {
            Some(prev) => match merge(prev, &state) {
                Ok(m) => m,
                Err(e) => {
                    self.fail(e);
                    state
                }
            },
            None => state,
        };
        self.frames.insert(pos, state.clone());
        let mut state = state;
        state
            .locals
            .resize(state.locals.len().max(self.nslots), VType::Top);
        self.cur = Some(state);
    }

    /// `tableswitch` (when `cases` keys are dense) or `lookupswitch` on the
    /// int on top of the stack.
    pub fn switch(&mut self, cases: &[(i32, Label)], default: Label) {
        if !self.reachable() {
            return;
        }
        self.pop(K::I);
        for &(_, l) in cases {
            self.flow_to(l);
        }
        self.flow_to(default);
        let from = self.offset();
        let mut sorted: Vec<(i32, Label)> = cases.to_vec();
        sorted.sort_by_key(|c| c.0);
        let (lo, hi) = match (sorted.first(), sorted.last()) {
            (Some(a), Some(b)) => (a.0 as i64, b.0 as i64),
            _ => (0, -1),
        };
        let dense = !sorted.is_empty() && (hi - lo + 1) <= 2 * sorted.len() as i64 + 4;
        self.byte(if dense { 0xaa } else { 0xab });
        while !self.bytes.len().is_multiple_of(4) {
            self.byte(0);
        }
        let fix = |c: &mut Self, l: Label| {
            let at = c.bytes.len();
            c.bytes.extend_from_slice(&[0, 0, 0, 0]);
            c.fixups.push(Fixup {
                at,
                from,
                label: l,
                four: true,
            });
        };
        fix(self, default);
        if dense {
            self.bytes.extend_from_slice(&(lo as i32).to_be_bytes());
            self.bytes.extend_from_slice(&(hi as i32).to_be_bytes());
            let mut k = lo;
            let mut it = sorted.iter().peekable();
            while k <= hi {
                match it.peek() {
                    Some(&&(key, l)) if key as i64 == k => {
                        fix(self, l);
                        it.next();
                    }
                    _ => fix(self, default),
                }
                k += 1;
            }
        } else {
            self.bytes
                .extend_from_slice(&(sorted.len() as u32).to_be_bytes());
            for &(key, l) in &sorted {
                self.bytes.extend_from_slice(&key.to_be_bytes());
                fix(self, l);
            }
        }
        self.cur = None;
    }

    /// Returns (`ireturn`, `lreturn`, ... or `return` for `None`).
    pub fn ret(&mut self, t: Option<&VType>) {
        if !self.reachable() {
            return;
        }
        match t.map(kind_of) {
            None => self.byte(0xb1),
            Some(k) => {
                self.pop(k);
                self.byte(match k {
                    K::I => 0xac,
                    K::J => 0xad,
                    K::D => 0xaf,
                    K::A => 0xb0,
                });
            }
        }
        if self.depth() != 0 {
            // Legal for the verifier, but a sign of a builder bug.
            self.fail("return with values left on the stack");
        }
        self.cur = None;
    }

    /// Where a protected range starts: pair with [`Code::end_try`].
    pub fn start_try(&mut self) -> Option<(u32, Frame)> {
        self.cur.clone().map(|s| (self.offset(), s))
    }

    /// Ends the range opened by `start`: exceptions of class `catch` (None:
    /// any) thrown in it go to `handler`, with the locals of the range's
    /// start and the exception alone on the stack.
    pub fn end_try(&mut self, start: Option<(u32, Frame)>, handler: Label, catch: Option<&str>) {
        let Some((begin, state)) = start else { return };
        let end = self.offset();
        if end == begin {
            return;
        }
        let catch_type = match catch {
            Some(c) => self.pool.class(c),
            None => 0,
        };
        let exc = VType::obj(catch.unwrap_or("java/lang/Throwable"));
        let frame = Frame {
            locals: state.locals,
            stack: vec![exc],
        };
        let data = &self.labels[handler.0 as usize];
        if data.pos.is_some() {
            self.fail("exception handler bound before its range");
            return;
        }
        let merged = match &data.state {
            None => Ok(frame),
            Some(old) => merge(old, &frame),
        };
        match merged {
            Ok(m) => self.labels[handler.0 as usize].state = Some(m),
            Err(e) => self.fail(e),
        }
        self.handlers.push(Handler {
            start: begin,
            end,
            handler,
            catch_type,
        });
        self.max_stack = self.max_stack.max(1);
    }

    /// The finished body, or why it cannot be one.
    pub fn finish(mut self) -> Result<Finished, CodeError> {
        if let Some(e) = self.error.take() {
            return Err(CodeError::Other(e));
        }
        if self.reachable() {
            return Err(CodeError::Other(
                "control falls off the end of the method".into(),
            ));
        }
        if self.bytes.len() > 65535 {
            return Err(CodeError::Other(format!(
                "method body is {} bytes, over the JVM's limit of 65535",
                self.bytes.len()
            )));
        }
        for f in &self.fixups {
            let Some(pos) = self.labels[f.label.0 as usize].pos else {
                return Err(CodeError::Other("jump to a label never bound".into()));
            };
            let off = pos as i64 - f.from as i64;
            if f.four {
                self.bytes[f.at..f.at + 4].copy_from_slice(&(off as i32).to_be_bytes());
            } else {
                let Ok(o) = i16::try_from(off) else {
                    return Err(CodeError::BranchTooFar);
                };
                self.bytes[f.at..f.at + 2].copy_from_slice(&o.to_be_bytes());
            }
        }
        let mut handlers = Vec::new();
        for h in &self.handlers {
            let Some(pos) = self.labels[h.handler.0 as usize].pos else {
                return Err(CodeError::Other("exception handler never bound".into()));
            };
            handlers.push((h.start as u16, h.end as u16, pos as u16, h.catch_type));
        }
        if self.nslots > 65535 {
            return Err(CodeError::Other(format!(
                "method needs {} local slots, over the JVM's limit",
                self.nslots
            )));
        }
        let frames: Vec<(u32, Frame)> = self.frames.into_iter().collect();
        let (frame_count, frame_bytes) = encode(self.pool, &self.initial, &frames);
        Ok(Finished {
            code: self.bytes,
            max_stack: self.max_stack as u16,
            max_locals: self.nslots as u16,
            handlers,
            frame_count,
            frame_bytes,
        })
    }
}

/// The state at a join of `a` and `b`: locals that differ become unusable;
/// stacks must agree (up to null).
fn merge(a: &Frame, b: &Frame) -> Result<Frame, String> {
    if a.stack.len() != b.stack.len() {
        return Err(format!(
            "stack depths {} and {} meet",
            a.stack.len(),
            b.stack.len()
        ));
    }
    let n = a.locals.len().max(b.locals.len());
    let mut locals = Vec::with_capacity(n);
    for i in 0..n {
        let x = a.locals.get(i).unwrap_or(&VType::Top);
        let y = b.locals.get(i).unwrap_or(&VType::Top);
        locals.push(if x == y {
            x.clone()
        } else {
            merge_ref(x, y).unwrap_or(VType::Top)
        });
    }
    // A long's second slot must stay Top when its first is kept.
    for i in 0..n {
        if locals[i].size() == 2 && i + 1 < n {
            locals[i + 1] = VType::Top;
        }
    }
    let mut stack = Vec::with_capacity(a.stack.len());
    for (x, y) in a.stack.iter().zip(&b.stack) {
        match merge_ref(x, y) {
            Some(t) => stack.push(t),
            None => return Err(format!("stack entries {x:?} and {y:?} meet")),
        }
    }
    Ok(Frame { locals, stack })
}

fn check_assignable(cur: &Frame, frame: &Frame) -> Result<(), String> {
    if cur.stack.len() != frame.stack.len() {
        return Err("stack depth differs".into());
    }
    for (i, want) in frame.locals.iter().enumerate() {
        let have = cur.locals.get(i).unwrap_or(&VType::Top);
        if !assignable(have, want) {
            return Err(format!(
                "local {i} is {have:?}, the target expects {want:?}"
            ));
        }
    }
    for (have, want) in cur.stack.iter().zip(&frame.stack) {
        if !assignable(have, want) {
            return Err(format!("stack has {have:?}, the target expects {want:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_parse_into_verification_types() {
        let (p, r) = parse_method_descriptor("(J[ILjava/lang/String;D)Z");
        assert_eq!(
            p,
            vec![
                VType::Long,
                VType::obj("[I"),
                VType::obj("java/lang/String"),
                VType::Double
            ]
        );
        assert_eq!(r, Some(VType::Int));
        assert_eq!(parse_method_descriptor("()V"), (vec![], None));
    }

    #[test]
    fn a_loop_records_one_frame_and_checks_the_back_edge() {
        let mut pool = ConstantPool::new();
        let mut c = Code::new(&mut pool, &[VType::Long], false);
        let n = c.param(0);
        let acc = c.local(VType::Long);
        c.lconst(0);
        c.store(&acc);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.load(&n);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Le, done);
        c.load(&acc);
        c.load(&n);
        c.op(Op::Ladd);
        c.store(&acc);
        c.load(&n);
        c.lconst(1);
        c.op(Op::Lsub);
        c.store(&n);
        c.goto(head);
        c.bind(done);
        c.load(&acc);
        c.ret(Some(&VType::Long));
        let f = c.finish().expect("finishes");
        assert_eq!(f.frame_count, 2);
        assert_eq!(f.max_locals, 4);
        assert_eq!(f.max_stack, 4);
    }

    #[test]
    fn a_local_assigned_on_one_path_only_is_unusable_after_the_join() {
        let mut pool = ConstantPool::new();
        let mut c = Code::new(&mut pool, &[VType::Int], false);
        let p = c.param(0);
        let x = c.local(VType::Long);
        let join = c.label();
        c.load(&p);
        c.branch(If::Eq, join);
        c.lconst(7);
        c.store(&x);
        c.bind(join);
        c.load(&x);
        c.ret(Some(&VType::Long));
        match c.finish() {
            Err(CodeError::Other(m)) => assert!(m.contains("unassigned"), "{m}"),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn unreachable_code_is_dropped() {
        let mut pool = ConstantPool::new();
        let mut c = Code::new(&mut pool, &[], false);
        c.ret(None);
        c.iconst(1);
        c.pop1();
        let f = c.finish().expect("finishes");
        assert_eq!(f.bytecode(), &[0xb1]);
    }

    #[test]
    fn far_branches_ask_for_wide_mode_and_wide_mode_works() {
        let build = |wide: bool| {
            let mut pool = ConstantPool::new();
            let mut c = Code::new(&mut pool, &[VType::Int], wide);
            let p = c.param(0);
            let end = c.label();
            c.load(&p);
            c.branch(If::Eq, end);
            for _ in 0..20000 {
                c.iconst(1);
                c.pop1();
            }
            c.bind(end);
            c.ret(None);
            c.finish().map(|f| f.frame_count)
        };
        assert_eq!(build(false), Err(CodeError::BranchTooFar));
        // The skip label and the target each get a frame.
        assert_eq!(build(true), Ok(2));
    }

    #[test]
    fn handlers_get_the_locals_of_their_range_start() {
        let mut pool = ConstantPool::new();
        let mut c = Code::new(&mut pool, &[], false);
        let h = c.label();
        let s = c.local(VType::obj("java/lang/String"));
        c.sconst("x");
        c.store(&s);
        let t = c.start_try();
        c.load(&s);
        c.invoke(Invoke::Virtual, "java/lang/String", "length", "()I");
        c.pop1();
        c.end_try(t, h, None);
        c.ret(None);
        c.bind(h);
        c.pop1();
        c.ret(None);
        let f = c.finish().expect("finishes");
        assert_eq!(f.handlers.len(), 1);
        assert_eq!(f.frame_count, 1);
    }
}
