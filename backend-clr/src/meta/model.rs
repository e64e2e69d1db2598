//! The in-memory model of an assembly: type, field and method definitions,
//! references to `mscorlib`, and method bodies, all named by symbolic ids.
//!
//! Nothing here is numbered the way the file numbers it: the writer orders
//! the types, assigns metadata rows and tokens, and resolves every
//! [`TypeRef`], [`FieldRef`] and [`MethodRef`] (also those recorded inside IL
//! bodies as [`Token`] fixups) when it lays out the file.

/// A type definition of the assembly (index into [`Assembly::types`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// A type of `mscorlib` (index into [`Assembly::ext_types`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct ExtTypeId(pub u32);

/// A field definition (index into [`Assembly::fields`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FieldId(pub u32);

/// A method definition (index into [`Assembly::methods`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct MethodId(pub u32);

/// A member of an `mscorlib` type (index into [`Assembly::member_refs`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct MemberRefId(pub u32);

/// A class or value type: defined here or in `mscorlib`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeRef {
    /// Defined in this assembly.
    Def(TypeId),
    /// Defined in `mscorlib`.
    Ext(ExtTypeId),
}

/// A field, defined here or in `mscorlib`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum FieldRef {
    /// Defined in this assembly.
    Def(FieldId),
    /// A member reference.
    Ext(MemberRefId),
}

/// A method, defined here or in `mscorlib`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum MethodRef {
    /// Defined in this assembly.
    Def(MethodId),
    /// A member reference.
    Ext(MemberRefId),
}

/// A type as it appears in signatures.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Ty {
    /// `void` (results only).
    Void,
    /// `bool`
    Bool,
    /// `char` (a UTF-16 unit)
    Char,
    /// `uint8`
    U1,
    /// `uint16`
    U2,
    /// `int32`
    I4,
    /// `int64`
    I8,
    /// `uint64`
    U8,
    /// `float64`
    R8,
    /// `native int`
    IntPtr,
    /// `string`
    String,
    /// `object`
    Object,
    /// A reference type.
    Class(TypeRef),
    /// A value type.
    ValueType(TypeRef),
    /// A single-dimensional, zero-based array.
    Array(Box<Ty>),
}

impl Ty {
    /// Whether values of this type are object references.
    pub fn is_ref(&self) -> bool {
        matches!(self, Ty::String | Ty::Object | Ty::Class(_) | Ty::Array(_))
    }
}

/// A method signature.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct MethodSig {
    /// An instance method (`this` is passed first, not listed in `params`).
    pub has_this: bool,
    /// Parameter types.
    pub params: Vec<Ty>,
    /// Result type.
    pub ret: Ty,
}

impl MethodSig {
    /// A static method signature.
    pub fn stat(params: Vec<Ty>, ret: Ty) -> Self {
        MethodSig {
            has_this: false,
            params,
            ret,
        }
    }

    /// An instance method signature.
    pub fn inst(params: Vec<Ty>, ret: Ty) -> Self {
        MethodSig {
            has_this: true,
            params,
            ret,
        }
    }
}

/// What a member reference names.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum MemberSig {
    /// A field of this type.
    Field(Ty),
    /// A method with this signature.
    Method(MethodSig),
}

/// A member of an external type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct MemberRefData {
    /// The declaring type.
    pub parent: TypeRef,
    /// Member name.
    pub name: String,
    /// Its signature.
    pub sig: MemberSig,
}

/// An `mscorlib` type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ExtTypeData {
    /// Namespace (`System`).
    pub namespace: String,
    /// Name (`Object`).
    pub name: String,
}

/// Type attribute flags (ECMA-335 II.23.1.15) used by the backend.
pub mod type_flags {
    /// Public visibility.
    pub const PUBLIC: u32 = 0x1;
    /// Explicit field layout.
    pub const EXPLICIT_LAYOUT: u32 = 0x10;
    /// Abstract class.
    pub const ABSTRACT: u32 = 0x80;
    /// Cannot be derived from.
    pub const SEALED: u32 = 0x100;
    /// Static initializer may run before the first static field access.
    pub const BEFORE_FIELD_INIT: u32 = 0x0010_0000;
}

/// Field attribute flags (II.23.1.5).
pub mod field_flags {
    /// Public access.
    pub const PUBLIC: u16 = 0x6;
    /// Static field.
    pub const STATIC: u16 = 0x10;
    /// Assigned only in constructors.
    pub const INIT_ONLY: u16 = 0x20;
    /// Has initial data at an RVA.
    pub const HAS_FIELD_RVA: u16 = 0x100;
}

/// Method attribute flags (II.23.1.10).
pub mod method_flags {
    /// Public access.
    pub const PUBLIC: u16 = 0x6;
    /// Static method.
    pub const STATIC: u16 = 0x10;
    /// Cannot be overridden.
    pub const FINAL: u16 = 0x20;
    /// Virtual method.
    pub const VIRTUAL: u16 = 0x40;
    /// Hides by name and signature.
    pub const HIDE_BY_SIG: u16 = 0x80;
    /// Introduces a new vtable slot.
    pub const NEW_SLOT: u16 = 0x100;
    /// Has no body here.
    pub const ABSTRACT: u16 = 0x400;
    /// Special name (constructors).
    pub const SPECIAL_NAME: u16 = 0x800;
    /// Special name known to the runtime.
    pub const RT_SPECIAL_NAME: u16 = 0x1000;
}

/// Method implementation flags (II.23.1.11).
pub mod impl_flags {
    /// CIL body.
    pub const IL: u16 = 0x0;
    /// Implemented by the runtime (delegate members).
    pub const RUNTIME: u16 = 0x3;
}

/// A type definition.
#[derive(Clone, Debug)]
pub struct TypeDefData {
    /// Namespace (may be empty).
    pub namespace: String,
    /// Name, unique within the namespace.
    pub name: String,
    /// [`type_flags`].
    pub flags: u32,
    /// Base type (`None` only for `<Module>`).
    pub extends: Option<TypeRef>,
    /// Fields in declaration order.
    pub fields: Vec<FieldId>,
    /// Methods in declaration order.
    pub methods: Vec<MethodId>,
    /// `(packing, size)` for value types with explicit layout.
    pub layout: Option<(u16, u32)>,
}

/// A field definition.
#[derive(Clone, Debug)]
pub struct FieldDefData {
    /// Declaring type.
    pub owner: TypeId,
    /// Name.
    pub name: String,
    /// [`field_flags`].
    pub flags: u16,
    /// Type.
    pub ty: Ty,
    /// Initial data (offset into [`Assembly::data`]) for RVA fields.
    pub data: Option<u32>,
}

/// A method definition.
#[derive(Clone, Debug)]
pub struct MethodDefData {
    /// Declaring type.
    pub owner: TypeId,
    /// Name.
    pub name: String,
    /// [`method_flags`].
    pub flags: u16,
    /// [`impl_flags`].
    pub impl_flags: u16,
    /// Signature.
    pub sig: MethodSig,
    /// The IL body (`None` for runtime-implemented and abstract methods).
    pub body: Option<crate::il::Body>,
}

/// A metadata token operand inside IL, resolved when the file is written.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Token {
    /// A type (`newarr`, `castclass`, `isinst`, `box`, catch clauses...).
    Type(Ty),
    /// A field.
    Field(FieldRef),
    /// A method.
    Method(MethodRef),
    /// A user string (`ldstr`).
    Str(String),
}

/// A whole assembly under construction.
#[derive(Clone, Debug, Default)]
pub struct Assembly {
    /// Assembly and module name (without extension).
    pub name: String,
    /// Type definitions; `<Module>` is added by the writer.
    pub types: Vec<TypeDefData>,
    /// Field definitions of all types.
    pub fields: Vec<FieldDefData>,
    /// Method definitions of all types.
    pub methods: Vec<MethodDefData>,
    /// `mscorlib` types referenced.
    pub ext_types: Vec<ExtTypeData>,
    /// Members of `mscorlib` types referenced.
    pub member_refs: Vec<MemberRefData>,
    /// The `Main` method.
    pub entry: Option<MethodId>,
    /// Initial data of RVA fields.
    pub data: Vec<u8>,
}

impl Assembly {
    /// An empty assembly named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Assembly {
            name: name.into(),
            ..Default::default()
        }
    }

    /// An `mscorlib` type, added once.
    pub fn ext_type(&mut self, namespace: &str, name: &str) -> TypeRef {
        let data = ExtTypeData {
            namespace: namespace.into(),
            name: name.into(),
        };
        let id = match self.ext_types.iter().position(|t| *t == data) {
            Some(i) => i,
            None => {
                self.ext_types.push(data);
                self.ext_types.len() - 1
            }
        };
        TypeRef::Ext(ExtTypeId(id as u32))
    }

    /// A member of an external type, added once.
    pub fn member_ref(&mut self, parent: TypeRef, name: &str, sig: MemberSig) -> MemberRefId {
        let data = MemberRefData {
            parent,
            name: name.into(),
            sig,
        };
        let id = match self.member_refs.iter().position(|m| *m == data) {
            Some(i) => i,
            None => {
                self.member_refs.push(data);
                self.member_refs.len() - 1
            }
        };
        MemberRefId(id as u32)
    }

    /// A method of an external type.
    pub fn ext_method(&mut self, parent: TypeRef, name: &str, sig: MethodSig) -> MethodRef {
        MethodRef::Ext(self.member_ref(parent, name, MemberSig::Method(sig)))
    }

    /// Adds a type definition.
    pub fn add_type(
        &mut self,
        namespace: &str,
        name: &str,
        flags: u32,
        extends: Option<TypeRef>,
    ) -> TypeId {
        self.types.push(TypeDefData {
            namespace: namespace.into(),
            name: name.into(),
            flags,
            extends,
            fields: vec![],
            methods: vec![],
            layout: None,
        });
        TypeId(self.types.len() as u32 - 1)
    }

    /// Adds a field to `owner`.
    pub fn add_field(&mut self, owner: TypeId, name: &str, flags: u16, ty: Ty) -> FieldId {
        let id = FieldId(self.fields.len() as u32);
        self.fields.push(FieldDefData {
            owner,
            name: name.into(),
            flags,
            ty,
            data: None,
        });
        self.types[owner.0 as usize].fields.push(id);
        id
    }

    /// Adds a method (without body) to `owner`.
    pub fn add_method(
        &mut self,
        owner: TypeId,
        name: &str,
        flags: u16,
        sig: MethodSig,
    ) -> MethodId {
        let id = MethodId(self.methods.len() as u32);
        self.methods.push(MethodDefData {
            owner,
            name: name.into(),
            flags,
            impl_flags: impl_flags::IL,
            sig,
            body: None,
        });
        self.types[owner.0 as usize].methods.push(id);
        id
    }

    /// Sets the body of method `m`.
    pub fn set_body(&mut self, m: MethodId, body: crate::il::Body) {
        self.methods[m.0 as usize].body = Some(body);
    }

    /// The definition of type `t`.
    pub fn type_def(&self, t: TypeId) -> &TypeDefData {
        &self.types[t.0 as usize]
    }

    /// The definition of method `m`.
    pub fn method_def(&self, m: MethodId) -> &MethodDefData {
        &self.methods[m.0 as usize]
    }

    /// The signature of any method.
    pub fn method_sig(&self, m: MethodRef) -> &MethodSig {
        match m {
            MethodRef::Def(id) => &self.methods[id.0 as usize].sig,
            MethodRef::Ext(id) => match &self.member_refs[id.0 as usize].sig {
                MemberSig::Method(s) => s,
                MemberSig::Field(_) => panic!("member reference {id:?} is a field"),
            },
        }
    }

    /// The type of any field.
    pub fn field_ty(&self, f: FieldRef) -> &Ty {
        match f {
            FieldRef::Def(id) => &self.fields[id.0 as usize].ty,
            FieldRef::Ext(id) => match &self.member_refs[id.0 as usize].sig {
                MemberSig::Field(t) => t,
                MemberSig::Method(_) => panic!("member reference {id:?} is a method"),
            },
        }
    }

    /// Whether field `f` is static.
    pub fn field_is_static(&self, f: FieldRef) -> bool {
        match f {
            FieldRef::Def(id) => self.fields[id.0 as usize].flags & field_flags::STATIC != 0,
            FieldRef::Ext(_) => false,
        }
    }

    /// Appends initial data for an RVA field (8-byte aligned); its offset.
    pub fn add_data(&mut self, bytes: &[u8]) -> u32 {
        while !self.data.len().is_multiple_of(8) {
            self.data.push(0);
        }
        let at = self.data.len() as u32;
        self.data.extend_from_slice(bytes);
        at
    }
}
