//! The runtime language: a small statically typed, C#-like language in which
//! the run-time support of generated programs (strings with code-point
//! semantics, lists, dicts, float formatting, I/O, exceptions) is written,
//! and which this module compiles to IL in the same assembly.
//!
//! In: source text ([`syntax`] describes the grammar) and a [`World`] that
//! already knows the program's classes. Out: type, field and method
//! definitions added to the [`Assembly`], registered in the [`World`] so
//! that the IR lowering can call them.
//!
//! The language has classes with fields, static and instance methods,
//! `extern class` declarations naming `mscorlib` types and the members used,
//! locals, `if`/`while`/`for`/`try`, and C#'s operators on `int`, `long`,
//! `ulong`, `double`, `char`, `bool` and references. It has no virtual
//! methods, properties, generics or implicit string concatenation.

mod compile;
pub mod lexer;
mod statements;
pub mod syntax;
#[cfg(test)]
mod tests;

use crate::meta::model::{
    method_flags, type_flags, Assembly, FieldRef, MemberSig, MethodRef, MethodSig, Ty, TypeId,
    TypeRef,
};
use std::collections::HashMap;
use syntax::{ClassDecl, Member, TypeExpr};

/// A field known to the language.
#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// The field.
    pub fref: FieldRef,
    /// Its type.
    pub ty: Ty,
    /// Whether it is static.
    pub is_static: bool,
}

/// A method known to the language.
#[derive(Clone, Debug)]
pub struct MethodInfo {
    /// The method.
    pub mref: MethodRef,
    /// Its signature.
    pub sig: MethodSig,
}

/// A class known to the language (defined here, by the IR lowering, or in `mscorlib`).
#[derive(Clone, Debug)]
pub struct ClassInfo {
    /// The type of its instances.
    pub ty: Ty,
    /// Base class name in the language.
    pub base: Option<String>,
    /// Fields by name.
    pub fields: HashMap<String, FieldInfo>,
    /// Methods by name (overloads in declaration order).
    pub methods: HashMap<String, Vec<MethodInfo>>,
    /// Constructors.
    pub ctors: Vec<MethodInfo>,
    /// The definition, for classes of this assembly.
    pub def: Option<TypeId>,
}

impl ClassInfo {
    /// A class with no members.
    pub fn new(ty: Ty, base: Option<&str>, def: Option<TypeId>) -> Self {
        ClassInfo {
            ty,
            base: base.map(str::to_string),
            fields: HashMap::new(),
            methods: HashMap::new(),
            ctors: Vec::new(),
            def,
        }
    }
}

/// Static data that `blob("name")` turns into an array.
#[derive(Clone, Debug)]
pub struct BlobInfo {
    /// Element type.
    pub elem: Ty,
    /// Number of elements.
    pub len: usize,
    /// The RVA field holding the bytes.
    pub field: FieldRef,
}

/// Every name the language can see.
#[derive(Debug, Default)]
pub struct World {
    /// Classes by name.
    pub classes: HashMap<String, ClassInfo>,
    /// Class names by instance type.
    pub by_ty: HashMap<Ty, String>,
    /// Static data blobs by name.
    pub blobs: HashMap<String, BlobInfo>,
    /// `RuntimeHelpers.InitializeArray`.
    init_array: Option<MethodRef>,
    /// Type holding blob fields.
    data_type: Option<TypeId>,
}

/// The namespace of the classes the language defines.
pub const NAMESPACE: &str = "Kiln";

impl World {
    /// A world knowing `string` and `object`.
    pub fn new(asm: &mut Assembly) -> Self {
        let mut w = World::default();
        let obj = asm.ext_type("System", "Object");
        let mut object = ClassInfo::new(Ty::Object, None, None);
        let ctor = asm.ext_method(obj, ".ctor", MethodSig::inst(vec![], Ty::Void));
        object.ctors.push(MethodInfo {
            mref: ctor,
            sig: MethodSig::inst(vec![], Ty::Void),
        });
        w.add_class("object", object);
        let mut string = ClassInfo::new(Ty::String, Some("object"), None);
        let st = asm.ext_type("System", "String");
        for (name, params, ret) in [
            ("get_Length", vec![], Ty::I4),
            ("get_Chars", vec![Ty::I4], Ty::Char),
        ] {
            let sig = MethodSig::inst(params, ret);
            let mref = asm.ext_method(st, name, sig.clone());
            string
                .methods
                .insert(name.into(), vec![MethodInfo { mref, sig }]);
        }
        w.add_class("string", string);
        w
    }

    /// Registers a class under `name`.
    pub fn add_class(&mut self, name: &str, info: ClassInfo) {
        self.by_ty.insert(info.ty.clone(), name.to_string());
        self.classes.insert(name.to_string(), info);
    }

    /// The class `name`.
    pub fn class(&self, name: &str) -> Result<&ClassInfo, String> {
        self.classes
            .get(name)
            .ok_or_else(|| format!("unknown class `{name}`"))
    }

    /// The static (or instance) method `class.name` with `arity` parameters.
    pub fn method(&self, class: &str, name: &str) -> Result<&MethodInfo, String> {
        self.class(class)?
            .methods
            .get(name)
            .and_then(|v| v.first())
            .ok_or_else(|| format!("unknown method `{class}.{name}`"))
    }

    /// The field `class.name`.
    pub fn field(&self, class: &str, name: &str) -> Result<&FieldInfo, String> {
        self.class(class)?
            .fields
            .get(name)
            .ok_or_else(|| format!("unknown field `{class}.{name}`"))
    }

    /// Resolves a written type.
    pub fn resolve(&self, t: &TypeExpr) -> Result<Ty, String> {
        Ok(match t {
            TypeExpr::Array(e) => Ty::Array(Box::new(self.resolve(e)?)),
            TypeExpr::Name(n) => match n.as_str() {
                "void" => Ty::Void,
                "bool" => Ty::Bool,
                "byte" => Ty::U1,
                "char" => Ty::Char,
                "ushort" => Ty::U2,
                "int" => Ty::I4,
                "long" => Ty::I8,
                "ulong" => Ty::U8,
                "double" => Ty::R8,
                "string" => Ty::String,
                "object" => Ty::Object,
                _ => self.class(n)?.ty.clone(),
            },
        })
    }

    /// Whether a value of type `from` may be used as a `to` without conversion.
    pub fn is_subtype(&self, from: &Ty, to: &Ty) -> bool {
        if from == to || (*to == Ty::Object && from.is_ref()) {
            return true;
        }
        if matches!(from, Ty::Array(_)) && self.by_ty.get(to).is_some_and(|n| n == "SysArray") {
            return true;
        }
        let mut cur = self.by_ty.get(from).cloned();
        let mut steps = 0;
        while let Some(name) = cur {
            let Some(c) = self.classes.get(&name) else {
                return false;
            };
            if c.ty == *to {
                return true;
            }
            steps += 1;
            if steps > 1000 {
                return false;
            }
            cur = c.base.clone();
        }
        false
    }

    /// Registers static data as `blob(name)`: an array of `elem` with the given bytes.
    pub fn add_blob(
        &mut self,
        asm: &mut Assembly,
        name: &str,
        elem: Ty,
        elem_size: usize,
        bytes: &[u8],
    ) {
        let data_type = *self.data_type.get_or_insert_with(|| {
            let obj = asm.ext_type("System", "Object");
            asm.add_type(
                NAMESPACE,
                "Data",
                type_flags::PUBLIC | type_flags::SEALED,
                Some(obj),
            )
        });
        let vt = asm.ext_type("System", "ValueType");
        let size = bytes.len().max(1) as u32;
        let holder = asm.add_type(
            NAMESPACE,
            &format!("Data{size}_{name}"),
            type_flags::SEALED | type_flags::EXPLICIT_LAYOUT,
            Some(vt),
        );
        asm.types[holder.0 as usize].layout = Some((1, size));
        use crate::meta::model::field_flags as ff;
        let f = asm.add_field(
            data_type,
            name,
            ff::PUBLIC | ff::STATIC | ff::INIT_ONLY | ff::HAS_FIELD_RVA,
            Ty::ValueType(TypeRef::Def(holder)),
        );
        let mut padded = bytes.to_vec();
        padded.resize(size as usize, 0);
        let off = asm.add_data(&padded);
        asm.fields[f.0 as usize].data = Some(off);
        self.blobs.insert(
            name.to_string(),
            BlobInfo {
                elem,
                len: bytes.len() / elem_size,
                field: FieldRef::Def(f),
            },
        );
        if self.init_array.is_none() {
            let helpers = asm.ext_type("System.Runtime.CompilerServices", "RuntimeHelpers");
            let array = asm.ext_type("System", "Array");
            let handle = asm.ext_type("System", "RuntimeFieldHandle");
            let sig = MethodSig::stat(vec![Ty::Class(array), Ty::ValueType(handle)], Ty::Void);
            self.init_array = Some(asm.ext_method(helpers, "InitializeArray", sig));
        }
    }
}

/// Parses the sources, declares their classes and members, and compiles
/// every method body into `asm`.
pub fn compile_sources(
    asm: &mut Assembly,
    world: &mut World,
    sources: &[(&str, String)],
) -> Result<(), String> {
    let unit = Unit::parse(sources)?;
    unit.declare_classes(asm, world)?;
    let bodies = unit.declare_members(asm, world)?;
    compile_bodies(asm, world, bodies)
}

/// Parsed sources, declared in steps so that other code (the IR lowering)
/// can declare its own members between the steps.
pub struct Unit {
    decls: Vec<(String, ClassDecl)>,
}

/// A method whose body is compiled by [`compile_bodies`].
pub struct PendingBody {
    file: String,
    class: String,
    method: crate::meta::model::MethodId,
    params: Vec<(String, TypeExpr)>,
    body: Vec<syntax::Stmt>,
    line: u32,
}

impl Unit {
    /// Parses `(file name, text)` sources.
    pub fn parse(sources: &[(&str, String)]) -> Result<Unit, String> {
        let mut decls: Vec<(String, ClassDecl)> = Vec::new();
        for (file, src) in sources {
            let toks = lexer::lex(src).map_err(|e| format!("{file}: {e}"))?;
            let classes = syntax::Parser::new(toks)
                .file()
                .map_err(|e| format!("{file}: {e}"))?;
            decls.extend(classes.into_iter().map(|c| (file.to_string(), c)));
        }
        Ok(Unit { decls })
    }

    /// Step 1: makes every class name known (defines the types).
    pub fn declare_classes(&self, asm: &mut Assembly, world: &mut World) -> Result<(), String> {
        let decls = &self.decls;
        // Pass 1: names of all classes.
        for (file, c) in decls {
            if let Some(existing) = world.classes.get(&c.name) {
                if c.ext.is_some() && existing.def.is_none() {
                    continue; // more members of an already known external class
                }
                return Err(format!(
                    "{file}: line {}: class `{}` defined twice",
                    c.line, c.name
                ));
            }
            let info = match &c.ext {
                Some(full) => {
                    let (ns, name) = full.rsplit_once('.').unwrap_or(("", full));
                    let t = asm.ext_type(ns, name);
                    let ty = if c.is_struct {
                        Ty::ValueType(t)
                    } else {
                        Ty::Class(t)
                    };
                    ClassInfo::new(ty, c.base.as_deref(), None)
                }
                None => {
                    let id = asm.add_type(
                        NAMESPACE,
                        &c.name,
                        type_flags::PUBLIC | type_flags::BEFORE_FIELD_INIT,
                        None,
                    );
                    ClassInfo::new(
                        Ty::Class(TypeRef::Def(id)),
                        Some(c.base.as_deref().unwrap_or("object")),
                        Some(id),
                    )
                }
            };
            world.add_class(&c.name, info);
        }
        Ok(())
    }

    /// Step 2: bases, fields, constructors and method signatures; returns
    /// the bodies to compile.
    pub fn declare_members(
        &self,
        asm: &mut Assembly,
        world: &mut World,
    ) -> Result<Vec<PendingBody>, String> {
        let decls = &self.decls;
        let mut bodies = Vec::new();
        for (file, c) in decls {
            let at = |e: String| format!("{file}: class {}: {e}", c.name);
            let info = world.class(&c.name).map_err(at)?.clone();
            let mut info = info;
            if let Some(id) = info.def {
                let base = world
                    .class(info.base.as_deref().unwrap_or("object"))
                    .map_err(at)?;
                let base_ref = match &base.ty {
                    Ty::Class(t) => *t,
                    Ty::Object => asm.ext_type("System", "Object"),
                    other => return Err(at(format!("cannot derive from {other:?}"))),
                };
                let base_ctor = base.ctors.iter().find(|m| m.sig.params.is_empty()).cloned();
                asm.types[id.0 as usize].extends = Some(base_ref);
                let sig = MethodSig::inst(vec![], Ty::Void);
                let ctor = asm.add_method(
                    id,
                    ".ctor",
                    method_flags::PUBLIC
                        | method_flags::HIDE_BY_SIG
                        | method_flags::SPECIAL_NAME
                        | method_flags::RT_SPECIAL_NAME,
                    sig.clone(),
                );
                let base_ctor = base_ctor.ok_or_else(|| {
                    at("the base class has no constructor without parameters".into())
                })?;
                let mut b = crate::il::IlBuilder::new();
                b.ldarg(0);
                b.call(base_ctor.mref, &base_ctor.sig);
                b.ret(false);
                asm.set_body(ctor, b.finish()?);
                info.ctors.push(MethodInfo {
                    mref: MethodRef::Def(ctor),
                    sig,
                });
            }
            for m in &c.members {
                match m {
                    Member::Field {
                        name,
                        ty,
                        is_static,
                    } => {
                        let ty = world.resolve(ty).map_err(at)?;
                        let fref = match info.def {
                            Some(id) => {
                                use crate::meta::model::field_flags as ff;
                                let flags = ff::PUBLIC | if *is_static { ff::STATIC } else { 0 };
                                FieldRef::Def(asm.add_field(id, name, flags, ty.clone()))
                            }
                            None => {
                                let parent = match &info.ty {
                                    Ty::Class(t) => *t,
                                    _ => return Err(at("fields of string/object".into())),
                                };
                                FieldRef::Ext(asm.member_ref(
                                    parent,
                                    name,
                                    MemberSig::Field(ty.clone()),
                                ))
                            }
                        };
                        info.fields.insert(
                            name.clone(),
                            FieldInfo {
                                fref,
                                ty,
                                is_static: *is_static,
                            },
                        );
                    }
                    Member::Method {
                        name,
                        ret,
                        params,
                        is_static,
                        body,
                        line,
                    } => {
                        let ret = world.resolve(ret).map_err(at)?;
                        let ptys = params
                            .iter()
                            .map(|(_, t)| world.resolve(t))
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(at)?;
                        let sig = MethodSig {
                            has_this: !is_static,
                            params: ptys,
                            ret,
                        };
                        let mref = match info.def {
                            Some(id) => {
                                let flags = method_flags::PUBLIC
                                    | method_flags::HIDE_BY_SIG
                                    | if *is_static { method_flags::STATIC } else { 0 };
                                let mid = asm.add_method(id, name, flags, sig.clone());
                                if let Some(body) = body {
                                    bodies.push(PendingBody {
                                        file: file.clone(),
                                        class: c.name.clone(),
                                        method: mid,
                                        params: params.clone(),
                                        body: body.clone(),
                                        line: *line,
                                    });
                                }
                                MethodRef::Def(mid)
                            }
                            None => {
                                let parent = match &info.ty {
                                    Ty::Class(t) | Ty::ValueType(t) => *t,
                                    Ty::String => asm.ext_type("System", "String"),
                                    _ => asm.ext_type("System", "Object"),
                                };
                                asm.ext_method(parent, name, sig.clone())
                            }
                        };
                        info.methods
                            .entry(name.clone())
                            .or_default()
                            .push(MethodInfo { mref, sig });
                    }
                    Member::Ctor { params } => {
                        let ptys = params
                            .iter()
                            .map(|t| world.resolve(t))
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(at)?;
                        let sig = MethodSig::inst(ptys, Ty::Void);
                        let parent = match info.ty {
                            Ty::Class(t) => t,
                            Ty::String => asm.ext_type("System", "String"),
                            _ => return Err(at("constructor of a non-class".into())),
                        };
                        let mref = asm.ext_method(parent, ".ctor", sig.clone());
                        info.ctors.push(MethodInfo { mref, sig });
                    }
                }
            }
            world.add_class(&c.name, info);
        }
        Ok(bodies)
    }
}

/// Step 3: compiles the method bodies.
pub fn compile_bodies(
    asm: &mut Assembly,
    world: &World,
    bodies: Vec<PendingBody>,
) -> Result<(), String> {
    for PendingBody {
        file,
        class,
        method: mid,
        params,
        body,
        line,
    } in bodies
    {
        let sig = asm.method_def(mid).sig.clone();
        let il = compile::compile_method(world, &class, &sig, &params, &body).map_err(|e| {
            format!(
                "{file}: {class}.{} (line {line}): {e}",
                asm.method_def(mid).name
            )
        })?;
        asm.set_body(mid, il);
    }
    Ok(())
}
