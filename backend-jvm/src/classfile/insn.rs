//! Instructions of the bytecode builder that take no operands from the
//! constant pool or labels ([`Op`]), conditional branches ([`If`]) and
//! kinds of invocation ([`Invoke`]), with their effect on the stack.

use super::frames::VType;

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
#[allow(missing_docs)]
pub(crate) enum K {
    I,
    J,
    D,
    A,
}

impl Op {
    pub(crate) fn info(self) -> (u8, &'static [K], Option<VType>) {
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
    pub(crate) fn opcode(self) -> u8 {
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

    pub(crate) fn pops(self) -> &'static [K] {
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

pub(crate) fn kind_ok(k: K, t: &VType) -> bool {
    match k {
        K::I => *t == VType::Int,
        K::J => *t == VType::Long,
        K::D => *t == VType::Double,
        K::A => t.is_ref(),
    }
}

pub(crate) fn kind_of(t: &VType) -> K {
    match t {
        VType::Long => K::J,
        VType::Double => K::D,
        VType::Int => K::I,
        _ => K::A,
    }
}
