//! The type system of the IR.
//!
//! Types are interned in a [`TypeTable`] and named by [`Type`] ids, so they
//! are `Copy` and compare by id. The scalar types have fixed ids (the
//! associated constants of [`Type`]).
//!
//! | type | values |
//! |---|---|
//! | `void` | no value (function results only) |
//! | `bool` | `True`/`False` |
//! | `int` | signed 64-bit integers |
//! | `uint` | unsigned 64-bit integers (`r_uint`), wrapping |
//! | `float` | IEEE 754 doubles |
//! | `str` | immutable Unicode text, indexed by code point |
//! | `file` | an open text file |
//! | `list<T>` | resizable homogeneous list |
//! | `dict<K, V>` | insertion-ordered hash map |
//! | `tuple<A, B, ...>` | fixed-length immutable tuple |
//! | `C` (a class name) | reference to an instance of class `C` or a subclass |
//! | `func(A, B) -> R` | reference to a function (possibly with a bound first argument) |
//!
//! Every reference type (`str`, `file`, lists, dicts, tuples, instances,
//! functions) may also hold `None` (a null reference). Subtyping exists only
//! between instance types: `C` is a subtype of `B` when `C` derives from `B`.

use crate::entities::{ClassId, Type};
use cranelift_entity::PrimaryMap;
use std::collections::HashMap;

/// The structure of one type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeData {
    /// No value.
    Void,
    /// A boolean.
    Bool,
    /// A signed 64-bit integer.
    Int,
    /// An unsigned 64-bit integer (`r_uint`).
    UInt,
    /// An IEEE double.
    Float,
    /// Immutable Unicode text.
    Str,
    /// An open text file.
    File,
    /// A list with items of the given type.
    List(Type),
    /// A dict from the first to the second type.
    Dict(Type, Type),
    /// A tuple with items of the given types.
    Tuple(Vec<Type>),
    /// An instance of the class (or of a subclass).
    Instance(ClassId),
    /// A function taking the given parameters and returning the result type.
    Func(Vec<Type>, Type),
}

/// Interning table of all types used by a program.
#[derive(Clone, Debug)]
pub struct TypeTable {
    data: PrimaryMap<Type, TypeData>,
    index: HashMap<TypeData, Type>,
}

impl Type {
    /// `void`
    pub const VOID: Type = Type::from_index_const(0);
    /// `bool`
    pub const BOOL: Type = Type::from_index_const(1);
    /// `int`
    pub const INT: Type = Type::from_index_const(2);
    /// `uint`
    pub const UINT: Type = Type::from_index_const(3);
    /// `float`
    pub const FLOAT: Type = Type::from_index_const(4);
    /// `str`
    pub const STR: Type = Type::from_index_const(5);
    /// `file`
    pub const FILE: Type = Type::from_index_const(6);
}

impl Default for TypeTable {
    fn default() -> Self {
        Self::new()
    }
}

impl TypeTable {
    /// A table holding the scalar types at their fixed ids.
    pub fn new() -> Self {
        let mut t = TypeTable {
            data: PrimaryMap::new(),
            index: HashMap::new(),
        };
        for d in [
            TypeData::Void,
            TypeData::Bool,
            TypeData::Int,
            TypeData::UInt,
            TypeData::Float,
            TypeData::Str,
            TypeData::File,
        ] {
            t.intern(d);
        }
        t
    }

    /// The id of `data`, adding it to the table if new.
    pub fn intern(&mut self, data: TypeData) -> Type {
        if let Some(&t) = self.index.get(&data) {
            return t;
        }
        let t = self.data.push(data.clone());
        self.index.insert(data, t);
        t
    }

    /// The structure of `t`.
    pub fn get(&self, t: Type) -> &TypeData {
        &self.data[t]
    }

    /// Number of interned types.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Never true: the scalar types are always present.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// `list<item>`
    pub fn list(&mut self, item: Type) -> Type {
        self.intern(TypeData::List(item))
    }

    /// `dict<key, value>`
    pub fn dict(&mut self, key: Type, value: Type) -> Type {
        self.intern(TypeData::Dict(key, value))
    }

    /// `tuple<items...>`
    pub fn tuple(&mut self, items: Vec<Type>) -> Type {
        self.intern(TypeData::Tuple(items))
    }

    /// The instance type of class `c`.
    pub fn instance(&mut self, c: ClassId) -> Type {
        self.intern(TypeData::Instance(c))
    }

    /// `func(params) -> ret`
    pub fn func(&mut self, params: Vec<Type>, ret: Type) -> Type {
        self.intern(TypeData::Func(params, ret))
    }

    /// The item type if `t` is a list.
    pub fn list_item(&self, t: Type) -> Option<Type> {
        match self.get(t) {
            TypeData::List(i) => Some(*i),
            _ => None,
        }
    }

    /// Key and value types if `t` is a dict.
    pub fn dict_kv(&self, t: Type) -> Option<(Type, Type)> {
        match self.get(t) {
            TypeData::Dict(k, v) => Some((*k, *v)),
            _ => None,
        }
    }

    /// Item types if `t` is a tuple.
    pub fn tuple_items(&self, t: Type) -> Option<&[Type]> {
        match self.get(t) {
            TypeData::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The class if `t` is an instance type.
    pub fn instance_class(&self, t: Type) -> Option<ClassId> {
        match self.get(t) {
            TypeData::Instance(c) => Some(*c),
            _ => None,
        }
    }

    /// Parameters and result if `t` is a function type.
    pub fn func_sig(&self, t: Type) -> Option<(&[Type], Type)> {
        match self.get(t) {
            TypeData::Func(p, r) => Some((p, *r)),
            _ => None,
        }
    }

    /// Whether values of `t` are references (and may be `None`).
    pub fn is_ref(&self, t: Type) -> bool {
        match self.get(t) {
            TypeData::Void | TypeData::Bool | TypeData::Int | TypeData::UInt | TypeData::Float => {
                false
            }
            TypeData::Str
            | TypeData::File
            | TypeData::List(_)
            | TypeData::Dict(_, _)
            | TypeData::Tuple(_)
            | TypeData::Instance(_)
            | TypeData::Func(_, _) => true,
        }
    }

    /// Whether `t` may be a dict key or be hashed with `hash`: int, uint, bool,
    /// float, str, instances, and tuples of hashable types.
    pub fn is_hashable(&self, t: Type) -> bool {
        match self.get(t) {
            TypeData::Bool
            | TypeData::Int
            | TypeData::UInt
            | TypeData::Float
            | TypeData::Str
            | TypeData::Instance(_) => true,
            TypeData::Tuple(items) => items.iter().all(|&i| self.is_hashable(i)),
            TypeData::Void
            | TypeData::File
            | TypeData::List(_)
            | TypeData::Dict(_, _)
            | TypeData::Func(_, _) => false,
        }
    }

    /// All interned types with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (Type, &TypeData)> {
        self.data.iter()
    }
}
