//! A whole program: classes, fields, methods, globals, JIT drivers and functions.
//!
//! Every program starts with the built-in exception classes of Kiln Python
//! ([`BuiltinClass`]), the field `Exception.__message__` (the text `str(e)`
//! shows), and the virtual method `Exception.__str__` that returns it. User
//! exception classes derive from them; built-in operations raise instances of
//! them with CPython's messages.

use crate::entities::{
    Block, ClassAttrId, ClassId, DriverId, FieldId, FuncId, GlobalId, MethodId, Type, Value,
};
use crate::function::{
    BlockData, FuncFlags, Function, Imm, InstData, Terminator, ValueData, ValueDef,
};
use crate::opcode::Opcode;
use crate::types::{TypeData, TypeTable};
use cranelift_entity::PrimaryMap;

/// A class.
#[derive(Clone, Debug)]
pub struct ClassData {
    /// Unique name.
    pub name: String,
    /// Base class (`None` only for `Exception` and for classes deriving from `object`).
    pub base: Option<ClassId>,
    /// Fields this class declares (its base's come first in the layout).
    pub fields: Vec<FieldId>,
    /// Methods this class declares or overrides, with their implementation
    /// (`None`: declared here without an implementation).
    pub methods: Vec<(MethodId, Option<FuncId>)>,
    /// Class attributes this class binds, each to the global holding its value.
    pub attrs: Vec<(ClassAttrId, GlobalId)>,
    /// One of the built-in exception classes (not printed in the text form).
    pub builtin: bool,
}

/// A field.
#[derive(Clone, Debug)]
pub struct FieldData {
    /// Name, unique along the class's chain of bases.
    pub name: String,
    /// Declaring class.
    pub class: ClassId,
    /// Type of the field.
    pub ty: Type,
}

/// A virtual method slot.
#[derive(Clone, Debug)]
pub struct MethodData {
    /// Name.
    pub name: String,
    /// The class that introduces the slot.
    pub class: ClassId,
    /// Parameter types, not counting the receiver.
    pub params: Vec<Type>,
    /// Result type.
    pub ret: Type,
}

/// A class attribute slot.
#[derive(Clone, Debug)]
pub struct ClassAttrData {
    /// Name.
    pub name: String,
    /// The class that introduces the slot.
    pub class: ClassId,
    /// Type of every binding.
    pub ty: Type,
}

/// A module global.
#[derive(Clone, Debug)]
pub struct GlobalData {
    /// Unique name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Written only by the start-up function (a constant binding the JIT may fold).
    pub readonly: bool,
}

/// A JIT driver: the green and red variables of one interpreter loop.
#[derive(Clone, Debug)]
pub struct DriverData {
    /// Name.
    pub name: String,
    /// Green variable names and types (constant within a trace).
    pub greens: Vec<(String, Type)>,
    /// Red variable names and types.
    pub reds: Vec<(String, Type)>,
    /// `get_printable_location`, taking the greens and returning a str.
    pub printable: Option<FuncId>,
}

/// The built-in exception classes, in id order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BuiltinClass {
    /// `Exception`, the root of all exceptions.
    Exception,
    /// `ArithmeticError`
    ArithmeticError,
    /// `ZeroDivisionError`
    ZeroDivisionError,
    /// `OverflowError`
    OverflowError,
    /// `LookupError`
    LookupError,
    /// `IndexError`
    IndexError,
    /// `KeyError`
    KeyError,
    /// `ValueError`
    ValueError,
    /// `AssertionError`
    AssertionError,
    /// `AttributeError`
    AttributeError,
    /// `TypeError`
    TypeError,
    /// `RuntimeError`
    RuntimeError,
    /// `RecursionError`
    RecursionError,
    /// `NotImplementedError`
    NotImplementedError,
    /// `MemoryError`
    MemoryError,
    /// `OSError`
    OSError,
}

impl BuiltinClass {
    /// All built-in classes, in id order.
    pub const ALL: [BuiltinClass; 16] = [
        BuiltinClass::Exception,
        BuiltinClass::ArithmeticError,
        BuiltinClass::ZeroDivisionError,
        BuiltinClass::OverflowError,
        BuiltinClass::LookupError,
        BuiltinClass::IndexError,
        BuiltinClass::KeyError,
        BuiltinClass::ValueError,
        BuiltinClass::AssertionError,
        BuiltinClass::AttributeError,
        BuiltinClass::TypeError,
        BuiltinClass::RuntimeError,
        BuiltinClass::RecursionError,
        BuiltinClass::NotImplementedError,
        BuiltinClass::MemoryError,
        BuiltinClass::OSError,
    ];

    /// The class name.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinClass::Exception => "Exception",
            BuiltinClass::ArithmeticError => "ArithmeticError",
            BuiltinClass::ZeroDivisionError => "ZeroDivisionError",
            BuiltinClass::OverflowError => "OverflowError",
            BuiltinClass::LookupError => "LookupError",
            BuiltinClass::IndexError => "IndexError",
            BuiltinClass::KeyError => "KeyError",
            BuiltinClass::ValueError => "ValueError",
            BuiltinClass::AssertionError => "AssertionError",
            BuiltinClass::AttributeError => "AttributeError",
            BuiltinClass::TypeError => "TypeError",
            BuiltinClass::RuntimeError => "RuntimeError",
            BuiltinClass::RecursionError => "RecursionError",
            BuiltinClass::NotImplementedError => "NotImplementedError",
            BuiltinClass::MemoryError => "MemoryError",
            BuiltinClass::OSError => "OSError",
        }
    }

    /// The base class.
    pub fn base(self) -> Option<BuiltinClass> {
        use BuiltinClass::*;
        match self {
            Exception => None,
            ZeroDivisionError | OverflowError => Some(ArithmeticError),
            IndexError | KeyError => Some(LookupError),
            RecursionError | NotImplementedError => Some(RuntimeError),
            ArithmeticError | LookupError | ValueError | AssertionError | AttributeError
            | TypeError | RuntimeError | MemoryError | OSError => Some(Exception),
        }
    }

    /// The class's id in every program.
    pub fn id(self) -> ClassId {
        use cranelift_entity::EntityRef;
        ClassId::new(self as usize)
    }

    /// The built-in class with this id, if it is one.
    pub fn from_id(c: ClassId) -> Option<BuiltinClass> {
        use cranelift_entity::EntityRef;
        BuiltinClass::ALL.get(c.index()).copied()
    }
}

/// A whole program.
#[derive(Clone, Debug)]
pub struct Program {
    /// Interned types.
    pub types: TypeTable,
    /// Classes (built-in exception classes first).
    pub classes: PrimaryMap<ClassId, ClassData>,
    /// Fields of all classes.
    pub fields: PrimaryMap<FieldId, FieldData>,
    /// Method slots of all classes.
    pub methods: PrimaryMap<MethodId, MethodData>,
    /// Class attribute slots of all classes.
    pub class_attrs: PrimaryMap<ClassAttrId, ClassAttrData>,
    /// Functions (built-in ones first).
    pub funcs: PrimaryMap<FuncId, Function>,
    /// Module globals.
    pub globals: PrimaryMap<GlobalId, GlobalData>,
    /// JIT drivers.
    pub drivers: PrimaryMap<DriverId, DriverData>,
    /// Start-up code, run once before the entry point: `() -> void`.
    pub startup: Option<FuncId>,
    /// Entry point: `(list<str>) -> int`; its result is the exit status.
    pub entry: Option<FuncId>,
    /// Source file names that [`SourceLoc`](crate::SourceLoc)s refer to.
    pub files: Vec<String>,
}

impl Default for Program {
    fn default() -> Self {
        Self::new()
    }
}

impl Program {
    /// The field every exception has: the text `str(e)` shows.
    pub const MESSAGE_FIELD: &'static str = "__message__";
    /// The method `Exception.__str__`.
    pub const STR_METHOD: &'static str = "__str__";

    /// A program holding only the built-in classes and functions.
    pub fn new() -> Self {
        let mut p = Program {
            types: TypeTable::new(),
            classes: PrimaryMap::new(),
            fields: PrimaryMap::new(),
            methods: PrimaryMap::new(),
            class_attrs: PrimaryMap::new(),
            funcs: PrimaryMap::new(),
            globals: PrimaryMap::new(),
            drivers: PrimaryMap::new(),
            startup: None,
            entry: None,
            files: Vec::new(),
        };
        for b in BuiltinClass::ALL {
            let c = p.classes.push(ClassData {
                name: b.name().to_string(),
                base: b.base().map(|x| x.id()),
                fields: vec![],
                methods: vec![],
                attrs: vec![],
                builtin: true,
            });
            debug_assert_eq!(c, b.id());
        }
        let exc = BuiltinClass::Exception.id();
        let exc_ty = p.types.instance(exc);
        for b in BuiltinClass::ALL {
            p.types.instance(b.id());
        }
        let msg = p.fields.push(FieldData {
            name: Self::MESSAGE_FIELD.to_string(),
            class: exc,
            ty: Type::STR,
        });
        p.classes[exc].fields.push(msg);
        // Exception.__str__(self) -> str: return self.__message__
        let mut f = Function::new("Exception.__str__", vec![exc_ty], Type::STR);
        f.flags = FuncFlags {
            builtin: true,
            ..FuncFlags::default()
        };
        let b0: Block = f.blocks.push(BlockData::default());
        let v0: Value = f.values.push(ValueData {
            ty: exc_ty,
            def: ValueDef::Param(b0, 0),
        });
        let i0 = f.insts.push(InstData {
            op: Opcode::GetField,
            imm: Imm::Field(msg),
            args: vec![v0],
            result: None,
            catch: None,
        });
        let v1 = f.values.push(ValueData {
            ty: Type::STR,
            def: ValueDef::Result(i0),
        });
        f.insts[i0].result = Some(v1);
        f.blocks[b0] = BlockData {
            params: vec![v0],
            insts: vec![i0],
            term: Some(Terminator::Return(Some(v1))),
        };
        f.layout.push(b0);
        let fid = p.funcs.push(f);
        let m = p.methods.push(MethodData {
            name: Self::STR_METHOD.to_string(),
            class: exc,
            params: vec![],
            ret: Type::STR,
        });
        p.classes[exc].methods.push((m, Some(fid)));
        p
    }

    /// The `__message__` field of `Exception`.
    pub fn message_field(&self) -> FieldId {
        use cranelift_entity::EntityRef;
        FieldId::new(0)
    }

    /// The `__str__` method slot of `Exception`.
    pub fn str_method(&self) -> MethodId {
        use cranelift_entity::EntityRef;
        MethodId::new(0)
    }

    /// Adds a class with no members.
    pub fn add_class(&mut self, name: impl Into<String>, base: Option<ClassId>) -> ClassId {
        let c = self.classes.push(ClassData {
            name: name.into(),
            base,
            fields: vec![],
            methods: vec![],
            attrs: vec![],
            builtin: false,
        });
        self.types.instance(c);
        c
    }

    /// Adds a field to class `c`.
    pub fn add_field(&mut self, c: ClassId, name: impl Into<String>, ty: Type) -> FieldId {
        let f = self.fields.push(FieldData {
            name: name.into(),
            class: c,
            ty,
        });
        self.classes[c].fields.push(f);
        f
    }

    /// Introduces a method slot in class `c`, implemented by `func` (if any).
    pub fn add_method(
        &mut self,
        c: ClassId,
        name: impl Into<String>,
        params: Vec<Type>,
        ret: Type,
        func: Option<FuncId>,
    ) -> MethodId {
        let m = self.methods.push(MethodData {
            name: name.into(),
            class: c,
            params,
            ret,
        });
        self.classes[c].methods.push((m, func));
        m
    }

    /// Makes class `c` implement (override) slot `m` with `func`.
    pub fn override_method(&mut self, c: ClassId, m: MethodId, func: FuncId) {
        self.classes[c].methods.push((m, Some(func)));
    }

    /// Introduces a class attribute slot in class `c`.
    pub fn add_class_attr(&mut self, c: ClassId, name: impl Into<String>, ty: Type) -> ClassAttrId {
        self.class_attrs.push(ClassAttrData {
            name: name.into(),
            class: c,
            ty,
        })
    }

    /// Binds class attribute `a` in class `c` to global `g`.
    pub fn bind_class_attr(&mut self, c: ClassId, a: ClassAttrId, g: GlobalId) {
        self.classes[c].attrs.push((a, g));
    }

    /// Adds a global.
    pub fn add_global(&mut self, name: impl Into<String>, ty: Type, readonly: bool) -> GlobalId {
        self.globals.push(GlobalData {
            name: name.into(),
            ty,
            readonly,
        })
    }

    /// Declares a function with no body yet.
    pub fn declare_function(
        &mut self,
        name: impl Into<String>,
        params: Vec<Type>,
        ret: Type,
    ) -> FuncId {
        self.funcs.push(Function::new(name, params, ret))
    }

    /// The type of the instances of class `c`.
    pub fn instance_type(&mut self, c: ClassId) -> Type {
        self.types.instance(c)
    }

    /// The class whose instances have type `t`, if `t` is an instance type.
    pub fn class_of_type(&self, t: Type) -> Option<ClassId> {
        self.types.instance_class(t)
    }

    /// Whether class `c` is `base` or derives from it.
    pub fn is_subclass(&self, c: ClassId, base: ClassId) -> bool {
        let mut cur = Some(c);
        let mut steps = 0;
        while let Some(x) = cur {
            if x == base {
                return true;
            }
            steps += 1;
            if steps > self.classes.len() {
                return false; // a cycle; the verifier reports it
            }
            cur = self.classes[x].base;
        }
        false
    }

    /// Whether class `c` derives from `Exception`.
    pub fn is_exception_class(&self, c: ClassId) -> bool {
        self.is_subclass(c, BuiltinClass::Exception.id())
    }

    /// Whether a value of type `from` may be used where `to` is expected:
    /// equal types, or instance types where `from`'s class derives from `to`'s.
    pub fn is_assignable(&self, from: Type, to: Type) -> bool {
        if from == to {
            return true;
        }
        match (self.types.get(from), self.types.get(to)) {
            (TypeData::Instance(a), TypeData::Instance(b)) => self.is_subclass(*a, *b),
            _ => false,
        }
    }

    /// The chain from `c` up to its root: `c`, its base, ...
    pub fn ancestors(&self, c: ClassId) -> Vec<ClassId> {
        let mut out = Vec::new();
        let mut cur = Some(c);
        while let Some(x) = cur {
            if out.contains(&x) {
                break;
            }
            out.push(x);
            cur = self.classes[x].base;
        }
        out
    }

    /// All fields of an instance of `c` in layout order (root class's first).
    pub fn all_fields(&self, c: ClassId) -> Vec<FieldId> {
        let mut chain = self.ancestors(c);
        chain.reverse();
        chain
            .into_iter()
            .flat_map(|k| self.classes[k].fields.iter().copied())
            .collect()
    }

    /// The field named `name` visible in class `c` (declared by it or a base).
    pub fn find_field(&self, c: ClassId, name: &str) -> Option<FieldId> {
        self.ancestors(c).into_iter().find_map(|k| {
            self.classes[k]
                .fields
                .iter()
                .copied()
                .find(|&f| self.fields[f].name == name)
        })
    }

    /// The method slot named `name` visible in class `c`.
    pub fn find_method(&self, c: ClassId, name: &str) -> Option<MethodId> {
        self.ancestors(c).into_iter().find_map(|k| {
            self.classes[k]
                .methods
                .iter()
                .map(|&(m, _)| m)
                .find(|&m| self.methods[m].name == name)
        })
    }

    /// The class attribute slot named `name` visible in class `c`.
    pub fn find_class_attr(&self, c: ClassId, name: &str) -> Option<ClassAttrId> {
        let chain = self.ancestors(c);
        self.class_attrs
            .iter()
            .find(|(_, d)| d.name == name && chain.contains(&d.class))
            .map(|(a, _)| a)
    }

    /// The implementation of slot `m` for instances of exactly class `c`
    /// (the nearest one up the chain), if any.
    pub fn resolve_method(&self, c: ClassId, m: MethodId) -> Option<FuncId> {
        for k in self.ancestors(c) {
            for &(mm, f) in &self.classes[k].methods {
                if mm == m {
                    if let Some(f) = f {
                        return Some(f);
                    }
                }
            }
        }
        None
    }

    /// The global bound to class attribute `a` for instances of exactly class `c`.
    pub fn resolve_class_attr(&self, c: ClassId, a: ClassAttrId) -> Option<GlobalId> {
        self.ancestors(c).into_iter().find_map(|k| {
            self.classes[k]
                .attrs
                .iter()
                .find(|&&(aa, _)| aa == a)
                .map(|&(_, g)| g)
        })
    }

    /// The class with this name.
    pub fn class_by_name(&self, name: &str) -> Option<ClassId> {
        self.classes
            .iter()
            .find(|(_, c)| c.name == name)
            .map(|(id, _)| id)
    }

    /// The function with this name.
    pub fn func_by_name(&self, name: &str) -> Option<FuncId> {
        self.funcs
            .iter()
            .find(|(_, f)| f.name == name)
            .map(|(id, _)| id)
    }

    /// The global with this name.
    pub fn global_by_name(&self, name: &str) -> Option<GlobalId> {
        self.globals
            .iter()
            .find(|(_, g)| g.name == name)
            .map(|(id, _)| id)
    }

    /// The function type `func(params) -> ret` of function `f`.
    pub fn func_type(&mut self, f: FuncId) -> Type {
        let (p, r) = (self.funcs[f].params.clone(), self.funcs[f].ret);
        self.types.func(p, r)
    }
}

impl Program {
    /// The text form of type `t` (`int`, `list<str>`, `Shape`, `func(int) -> str`).
    pub fn type_name(&self, t: Type) -> String {
        match self.types.get(t) {
            TypeData::Void => "void".into(),
            TypeData::Bool => "bool".into(),
            TypeData::Int => "int".into(),
            TypeData::UInt => "uint".into(),
            TypeData::Float => "float".into(),
            TypeData::Str => "str".into(),
            TypeData::File => "file".into(),
            TypeData::List(i) => format!("list<{}>", self.type_name(*i)),
            TypeData::Dict(k, v) => format!("dict<{}, {}>", self.type_name(*k), self.type_name(*v)),
            TypeData::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(|&i| self.type_name(i)).collect();
                format!("tuple<{}>", parts.join(", "))
            }
            TypeData::Instance(c) => self.classes[*c].name.clone(),
            TypeData::Func(p, r) => self.func_type_name(p, *r),
        }
    }

    /// The text form of a function type.
    pub fn func_type_name(&self, params: &[Type], ret: Type) -> String {
        let parts: Vec<String> = params.iter().map(|&i| self.type_name(i)).collect();
        format!("func({}) -> {}", parts.join(", "), self.type_name(ret))
    }
}
