//! Where everything of one program lives at run time: the type id of each
//! class (preorder, so a subtree is a range) and tuple type, the slot of
//! each field, the vtable slot of each method, the table slot of each class
//! attribute, the slot of each global, and how each IR type is represented
//! (Cranelift type, value kind). Object shapes themselves are defined by
//! `runtime_shims::layout`; this module applies them to a program, and is
//! what the tracing JIT will read too.

use core_ir::{ClassAttrId, ClassId, FieldId, FuncId, GlobalId, MethodId, Program, Type, TypeData};
use cranelift_codegen::ir::types;
use cranelift_entity::{EntityRef, SecondaryMap};
use runtime_shims::layout::{self as rt, ValueKind};
use std::collections::HashMap;

/// What a program type id stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TidOwner {
    /// Instances of a class.
    Class(ClassId),
    /// Values of a tuple type.
    Tuple(Type),
}

/// The run-time layout of a program.
pub struct Layouts {
    /// Owner of each program type id, from `FIRST_PROGRAM_TID` on.
    pub tids: Vec<TidOwner>,
    /// Type id of each class.
    pub class_tid: SecondaryMap<ClassId, u32>,
    /// Last type id of each class's subtree.
    pub class_last: SecondaryMap<ClassId, u32>,
    /// Slot of each field in its instances.
    pub field_slot: SecondaryMap<FieldId, u32>,
    /// Vtable slot of each method.
    pub method_slot: SecondaryMap<MethodId, u32>,
    /// Implementation of each vtable slot, per class.
    pub vtables: SecondaryMap<ClassId, Vec<Option<FuncId>>>,
    /// Class attribute table slot of each class attribute.
    pub attr_slot: SecondaryMap<ClassAttrId, u32>,
    /// Global bound to each class attribute slot, per class.
    pub attr_tables: SecondaryMap<ClassId, Vec<Option<GlobalId>>>,
    /// Type id of each tuple type.
    pub tuple_tid: HashMap<Type, u32>,
}

fn tid_of_index(i: usize) -> u32 {
    rt::FIRST_PROGRAM_TID + i as u32
}

impl Layouts {
    /// Computes the layout of `prog`.
    pub fn new(prog: &Program) -> Layouts {
        let mut children: SecondaryMap<ClassId, Vec<ClassId>> = SecondaryMap::new();
        let mut roots = Vec::new();
        for (c, d) in prog.classes.iter() {
            match d.base {
                Some(b) if b != c => children[b].push(c),
                _ => roots.push(c),
            }
        }
        let mut tids = Vec::new();
        let mut class_tid = SecondaryMap::new();
        let mut class_last = SecondaryMap::new();
        // Preorder numbering with an explicit stack: (class, children visited).
        for r in roots {
            let mut stack = vec![(r, false)];
            while let Some((c, done)) = stack.pop() {
                if done {
                    class_last[c] = tid_of_index(tids.len() - 1);
                    continue;
                }
                class_tid[c] = tid_of_index(tids.len());
                tids.push(TidOwner::Class(c));
                stack.push((c, true));
                for &k in children[c].iter().rev() {
                    stack.push((k, false));
                }
            }
        }
        let mut tuple_tid = HashMap::new();
        for (t, d) in prog.types.iter() {
            if matches!(d, TypeData::Tuple(_)) {
                tuple_tid.insert(t, tid_of_index(tids.len()));
                tids.push(TidOwner::Tuple(t));
            }
        }
        let mut field_slot = SecondaryMap::new();
        for (c, _) in prog.classes.iter() {
            for (i, f) in prog.all_fields(c).into_iter().enumerate() {
                field_slot[f] = i as u32;
            }
        }
        // Method and class attribute slots: numbered down each chain of bases.
        let mut method_slot = SecondaryMap::new();
        let mut attr_slot = SecondaryMap::new();
        let mut method_count: SecondaryMap<ClassId, u32> = SecondaryMap::new();
        let mut attr_count: SecondaryMap<ClassId, u32> = SecondaryMap::new();
        let order: Vec<ClassId> = tids
            .iter()
            .filter_map(|o| match o {
                TidOwner::Class(c) => Some(*c),
                TidOwner::Tuple(_) => None,
            })
            .collect();
        for &c in &order {
            let base = prog.classes[c].base.filter(|&b| b != c);
            let mut n = base.map_or(0, |b| method_count[b]);
            for (m, md) in prog.methods.iter() {
                if md.class == c {
                    method_slot[m] = n;
                    n += 1;
                }
            }
            method_count[c] = n;
            let mut a = base.map_or(0, |b| attr_count[b]);
            for (id, ad) in prog.class_attrs.iter() {
                if ad.class == c {
                    attr_slot[id] = a;
                    a += 1;
                }
            }
            attr_count[c] = a;
        }
        let mut vtables = SecondaryMap::new();
        let mut attr_tables = SecondaryMap::new();
        for &c in &order {
            let chain = prog.ancestors(c);
            let mut vt = vec![None; method_count[c] as usize];
            for (m, md) in prog.methods.iter() {
                if chain.contains(&md.class) {
                    vt[method_slot[m] as usize] = prog.resolve_method(c, m);
                }
            }
            vtables[c] = vt;
            let mut at = vec![None; attr_count[c] as usize];
            for (a, ad) in prog.class_attrs.iter() {
                if chain.contains(&ad.class) {
                    at[attr_slot[a] as usize] = prog.resolve_class_attr(c, a);
                }
            }
            attr_tables[c] = at;
        }
        Layouts {
            tids,
            class_tid,
            class_last,
            field_slot,
            method_slot,
            vtables,
            attr_slot,
            attr_tables,
            tuple_tid,
        }
    }

    /// Byte offset of field `f` in its instances.
    pub fn field_offset(&self, f: FieldId) -> i32 {
        rt::slot_offset(self.field_slot[f] as usize)
    }

    /// Size in bytes of an instance of `c`.
    pub fn instance_size(&self, prog: &Program, c: ClassId) -> usize {
        rt::fixed_size(prog.all_fields(c).len())
    }

    /// Type id of the list type whose items have type `item`.
    pub fn list_tid(&self, prog: &Program, item: Type) -> u32 {
        if prog.types.is_ref(item) {
            rt::TID_LIST_REF
        } else {
            rt::TID_LIST_RAW
        }
    }
}

/// How values of an IR type are held in generated code (`None` for void).
pub fn clif_type(prog: &Program, t: Type) -> Option<types::Type> {
    match prog.types.get(t) {
        TypeData::Void => None,
        TypeData::Bool => Some(types::I8),
        TypeData::Float => Some(types::F64),
        _ => Some(types::I64),
    }
}

/// How the runtime treats a word holding a value of type `t`.
pub fn value_kind(prog: &Program, t: Type) -> ValueKind {
    match prog.types.get(t) {
        TypeData::Int | TypeData::Void => ValueKind::Int,
        TypeData::UInt => ValueKind::UInt,
        TypeData::Bool => ValueKind::Bool,
        TypeData::Float => ValueKind::Float,
        TypeData::Str => ValueKind::Str,
        TypeData::Tuple(_) => ValueKind::Tuple,
        TypeData::Instance(_) => ValueKind::Instance,
        TypeData::File | TypeData::List(_) | TypeData::Dict(_, _) | TypeData::Func(_, _) => {
            ValueKind::OtherRef
        }
    }
}

/// Index of built-in class `c` in `ProgramDesc::builtin_exc` order.
pub fn builtin_index(c: ClassId) -> usize {
    c.index()
}
