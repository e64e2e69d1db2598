//! Core IR to an assembly: the driver of the translation.
//!
//! The order matters because every part refers to the others by name:
//! 1. `support` names a CLR type for every IR type and generates the
//!    runtime-language source of the containers the program uses;
//! 2. `classes` defines a CLR class per IR class (and a delegate per
//!    function type), then the runtime's classes are declared;
//! 3. `classes` adds fields, virtual methods and class attributes;
//! 4. the runtime's members are declared and their bodies compiled;
//! 5. `func` turns each IR function into a static method of `Kiln.Code`
//!    (instructions by `ops`), and `entry` writes `Main`.
//!
//! `fast` (inline list access, constant globals, `[x] * n`) and `flow`
//! (dominators for None checks, `if`/`elif` chains as one `switch`) make
//! the generated code smaller and faster without changing what it does.

mod classes;
mod entry;
mod fast;
mod flow;
mod func;
mod ops;
mod support;

use crate::meta::model::{
    field_flags, type_flags, Assembly, FieldId, FieldRef, MethodId, MethodRef, MethodSig, Ty,
    TypeId,
};
use crate::rtlang::{self, syntax::TypeExpr, MethodInfo, World};
use core_ir::{FuncId, Program, Type};
use std::collections::HashMap;

/// A CLR method with its signature.
#[derive(Clone, Debug)]
pub struct Callee {
    /// The method.
    pub mref: MethodRef,
    /// Its signature.
    pub sig: MethodSig,
}

impl From<&MethodInfo> for Callee {
    fn from(m: &MethodInfo) -> Self {
        Callee {
            mref: m.mref,
            sig: m.sig.clone(),
        }
    }
}

/// A delegate type standing for an IR function type.
#[derive(Clone, Debug)]
pub struct Delegate {
    /// `.ctor(object, native int)`.
    pub ctor: Callee,
    /// `Invoke(...)`.
    pub invoke: Callee,
}

/// Everything the translation of one program shares.
pub struct Ctx<'p> {
    /// The program.
    pub prog: &'p Program,
    /// The assembly being built.
    pub asm: Assembly,
    /// Names visible to the runtime language.
    pub world: World,
    /// Runtime-language name of each IR type.
    pub names: HashMap<Type, String>,
    /// CLR type of each IR type (after the classes are declared).
    pub tys: HashMap<Type, Ty>,
    /// The CLR class of each IR class.
    pub class_types: Vec<TypeId>,
    /// `Kiln.Code`: functions, globals and str constants.
    pub code: TypeId,
    /// The static method of each IR function.
    pub funcs: Vec<MethodId>,
    /// The static field of each global.
    pub globals: Vec<FieldId>,
    /// The field of each IR field.
    pub field_defs: Vec<FieldId>,
    /// Static fields holding str constants.
    pub consts: HashMap<String, FieldId>,
    /// The virtual method of each IR method slot.
    pub slots: Vec<Option<Callee>>,
    /// The virtual getter of each class attribute slot.
    pub attr_getters: Vec<Option<Callee>>,
    /// Delegate types by IR function type.
    pub delegates: HashMap<Type, Delegate>,
    /// Functions whose body is emitted directly in the virtual method of
    /// the one slot they implement (they are never called otherwise).
    pub slot_bodies: HashMap<FuncId, MethodId>,
    /// The slot name of each function that implements a method slot.
    pub impl_slot_names: HashMap<FuncId, String>,
    /// `k$impl$N` methods telling whether an object's class implements slot N.
    pub impl_checks: HashMap<core_ir::MethodId, Callee>,
    /// Globals whose reads are constants.
    pub const_globals: HashMap<core_ir::GlobalId, core_ir::Imm>,
    /// Closure classes of `func_bind`, by bound function: (constructor, field, Invoke).
    pub binders: HashMap<FuncId, (Callee, FieldRef, Callee)>,
}

impl Ctx<'_> {
    /// The CLR type of an IR type.
    pub fn ty(&self, t: Type) -> Ty {
        if t == Type::VOID {
            return Ty::Void;
        }
        self.tys
            .get(&t)
            .cloned()
            .unwrap_or_else(|| panic!("no CLR type for {}", self.prog.type_name(t)))
    }

    /// A runtime method `class.name` (the first overload).
    pub fn rt(&self, class: &str, name: &str) -> Result<Callee, String> {
        Ok(self.world.method(class, name)?.into())
    }

    /// The runtime-language name of an IR type.
    pub fn name(&self, t: Type) -> &str {
        &self.names[&t]
    }

    /// The static field holding str constant `s`.
    pub fn str_const(&mut self, s: &str) -> FieldRef {
        if let Some(&f) = self.consts.get(s) {
            return FieldRef::Def(f);
        }
        let str_ty = self.ty(Type::STR);
        let name = format!("s{}", self.consts.len());
        let f = self.asm.add_field(
            self.code,
            &name,
            field_flags::PUBLIC | field_flags::STATIC,
            str_ty,
        );
        self.consts.insert(s.to_string(), f);
        FieldRef::Def(f)
    }
}

/// Functions that are methods, with the method's name: the implementations
/// of method slots, and functions named `C.m` whose first parameter is a
/// `C` (methods the frontend calls directly). Their receiver is checked
/// for None at direct call sites, so their bodies may assume it is not.
fn method_functions(prog: &Program) -> HashMap<FuncId, String> {
    let mut out: HashMap<FuncId, String> = prog
        .classes
        .iter()
        .flat_map(|(_, c)| {
            c.methods
                .iter()
                .filter_map(|&(m, f)| Some((f?, prog.methods[m].name.clone())))
        })
        .collect();
    for (fid, f) in prog.funcs.iter() {
        let Some((class, method)) = f.name.rsplit_once('.') else {
            continue;
        };
        let receiver = f.params.first().and_then(|&t| prog.types.instance_class(t));
        if receiver.is_some_and(|c| prog.classes[c].name == class) {
            out.entry(fid).or_insert_with(|| method.to_string());
        }
    }
    out
}

/// Translates a verified program into an assembly named `name`.
pub fn translate(prog: &Program, name: &str) -> Result<Assembly, String> {
    let mut asm = Assembly::new(name);
    let world = World::new(&mut asm);
    let object = asm.ext_type("System", "Object");
    let code = asm.add_type(
        rtlang::NAMESPACE,
        "Code",
        type_flags::PUBLIC | type_flags::SEALED,
        Some(object),
    );
    let mut cx = Ctx {
        prog,
        asm,
        world,
        names: HashMap::new(),
        tys: HashMap::new(),
        class_types: Vec::new(),
        code,
        funcs: Vec::new(),
        globals: Vec::new(),
        field_defs: Vec::new(),
        consts: HashMap::new(),
        slots: Vec::new(),
        attr_getters: Vec::new(),
        delegates: HashMap::new(),
        binders: HashMap::new(),
        slot_bodies: HashMap::new(),
        impl_checks: HashMap::new(),
        impl_slot_names: method_functions(prog),
        const_globals: fast::constant_globals(prog),
    };
    support::name_types(&mut cx);
    let sources = support::sources(&cx)?;
    let refs: Vec<(&str, String)> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), s.clone()))
        .collect();
    let unit = rtlang::Unit::parse(&refs)?;
    support::add_blobs(&mut cx);
    classes::define_classes(&mut cx)?;
    unit.declare_classes(&mut cx.asm, &mut cx.world)?;
    classes::define_delegates(&mut cx)?;
    for (t, _) in prog.types.iter() {
        let n = cx.names[&t].clone();
        let ty = cx.world.resolve(&TypeExpr::Name(n))?;
        cx.tys.insert(t, ty);
    }
    classes::define_members(&mut cx)?;
    let bodies = unit.declare_members(&mut cx.asm, &mut cx.world)?;
    rtlang::compile_bodies(&mut cx.asm, &cx.world, bodies)?;
    func::declare_functions(&mut cx)?;
    classes::define_bodies(&mut cx)?;
    func::define_functions(&mut cx)?;
    entry::define_main(&mut cx)?;
    Ok(cx.asm)
}
