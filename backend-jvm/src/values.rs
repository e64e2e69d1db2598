//! Conversions of IR values on the operand stack shared by the lowering of
//! functions and the generated support classes: boxing for dicts, casts
//! from `Object`, `hash()` and `repr()` by IR type.

use crate::classfile::code::{Code, Invoke, Op};
use crate::layout::{Layout, OBJECT};
use crate::runtime::{DICT_RT, FMT, NUM, STR};
use core_ir::{Type, TypeData};

/// A `checkcast` of an `Object` on the stack to reference type `t`.
pub fn cast_to(c: &mut Code, l: &Layout, t: Type) {
    let class = l.ref_class(t);
    if class != OBJECT {
        c.checkcast(&class);
    }
}

/// Boxes a value of IR type `t` on the stack (`key`: as a dict key, where
/// `-0.0` becomes `0.0`).
pub fn box_value(c: &mut Code, l: &Layout, t: Type, key: bool) {
    match l.prog.types.get(t) {
        TypeData::Int | TypeData::UInt => c.invoke(
            Invoke::Static,
            "java/lang/Long",
            "valueOf",
            "(J)Ljava/lang/Long;",
        ),
        TypeData::Float if key => {
            c.invoke(Invoke::Static, DICT_RT, "fkey", "(D)Ljava/lang/Double;")
        }
        TypeData::Float => c.invoke(
            Invoke::Static,
            "java/lang/Double",
            "valueOf",
            "(D)Ljava/lang/Double;",
        ),
        TypeData::Bool => c.invoke(
            Invoke::Static,
            "java/lang/Boolean",
            "valueOf",
            "(Z)Ljava/lang/Boolean;",
        ),
        _ => {}
    }
}

/// Unboxes an `Object` on the stack into IR type `t`.
pub fn unbox_value(c: &mut Code, l: &Layout, t: Type) {
    match l.prog.types.get(t) {
        TypeData::Int | TypeData::UInt => {
            c.checkcast("java/lang/Long");
            c.invoke(Invoke::Virtual, "java/lang/Long", "longValue", "()J");
        }
        TypeData::Float => {
            c.checkcast("java/lang/Double");
            c.invoke(Invoke::Virtual, "java/lang/Double", "doubleValue", "()D");
        }
        TypeData::Bool => {
            c.checkcast("java/lang/Boolean");
            c.invoke(Invoke::Virtual, "java/lang/Boolean", "booleanValue", "()Z");
        }
        _ => cast_to(c, l, t),
    }
}

/// Replaces a value of IR type `t` on the stack by its `hash()`.
pub fn hash_top(c: &mut Code, l: &Layout, t: Type) {
    match l.prog.types.get(t) {
        TypeData::Int => c.invoke(Invoke::Static, NUM, "hashInt", "(J)J"),
        TypeData::UInt => c.invoke(Invoke::Static, NUM, "hashUint", "(J)J"),
        TypeData::Bool => c.op(Op::I2l),
        TypeData::Float => c.invoke(Invoke::Static, NUM, "hashFloat", "(D)J"),
        TypeData::Str => c.invoke(Invoke::Static, STR, "hash", "(Ljava/lang/String;)J"),
        _ => c.invoke(Invoke::Static, NUM, "hashObj", "(Ljava/lang/Object;)J"),
    }
}

/// Replaces a value of IR type `t` on the stack by its `repr()`.
pub fn repr_top(c: &mut Code, l: &Layout, t: Type) {
    let s = "Ljava/lang/String;";
    match l.prog.types.get(t) {
        TypeData::Int => c.invoke(
            Invoke::Static,
            "java/lang/Long",
            "toString",
            &format!("(J){s}"),
        ),
        TypeData::UInt => c.invoke(
            Invoke::Static,
            "java/lang/Long",
            "toUnsignedString",
            &format!("(J){s}"),
        ),
        TypeData::Float => c.invoke(Invoke::Static, FMT, "repr", &format!("(D){s}")),
        TypeData::Bool => c.invoke(Invoke::Static, STR, "reprBool", &format!("(Z){s}")),
        TypeData::Str => c.invoke(Invoke::Static, STR, "repr", &format!("({s}){s}")),
        _ => c.invoke(
            Invoke::Static,
            STR,
            "reprObj",
            &format!("(Ljava/lang/Object;){s}"),
        ),
    }
}
