//! IR classes as CLR classes: fields, constructors, one virtual method per
//! method slot (forwarding to the static method of the implementing
//! function), virtual getters for class attributes, and the virtual
//! `k$name`/`k$hash`/`k$eq`/`k$repr` that the runtime uses for
//! exception reports and dict keys. Also the delegate type of each IR
//! function type.

use super::support::{mangle, metadata_name};
use super::{Callee, Ctx, Delegate};
use crate::il::{Br, IlBuilder, Op};
use crate::meta::model::{
    impl_flags, method_flags as mf, type_flags, FieldRef, MethodId, MethodRef, MethodSig, Ty,
    TypeRef,
};
use crate::rtlang::{ClassInfo, FieldInfo, MethodInfo};
use core_ir::{BuiltinClass, ClassId, MethodId as Slot, TypeData};
use cranelift_entity::EntityRef;

const VIRTUAL_NEW: u16 = mf::PUBLIC | mf::HIDE_BY_SIG | mf::VIRTUAL | mf::NEW_SLOT;
const VIRTUAL_OVERRIDE: u16 = mf::PUBLIC | mf::HIDE_BY_SIG | mf::VIRTUAL;
const CTOR: u16 = mf::PUBLIC | mf::HIDE_BY_SIG | mf::SPECIAL_NAME | mf::RT_SPECIAL_NAME;

fn rt_name(cx: &Ctx, c: ClassId) -> String {
    format!("P_{}", mangle(&cx.prog.classes[c].name))
}

/// Classes in an order where bases come first.
fn class_order(cx: &Ctx) -> Vec<ClassId> {
    let mut out: Vec<ClassId> = Vec::new();
    let mut done = vec![false; cx.prog.classes.len()];
    for (c, _) in cx.prog.classes.iter() {
        let mut chain = cx.prog.ancestors(c);
        chain.reverse();
        for k in chain {
            if !done[k.index()] {
                done[k.index()] = true;
                out.push(k);
            }
        }
    }
    out
}

/// Step 1: a CLR class per IR class, with its constructor.
pub fn define_classes(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    let object = cx.asm.ext_type("System", "Object");
    let sys_exc = cx.asm.ext_type("System", "Exception");
    for (c, data) in prog.classes.iter() {
        let name = mangle(&data.name);
        let id = cx.asm.add_type(
            "Py",
            &name,
            type_flags::PUBLIC | type_flags::BEFORE_FIELD_INIT,
            None,
        );
        cx.class_types.push(id);
        debug_assert_eq!(cx.class_types.len(), c.index() + 1);
    }
    for c in class_order(cx) {
        let data = &prog.classes[c];
        let id = cx.class_types[c.index()];
        let (extends, base_name, base_ctor) = match data.base {
            Some(b) => {
                let bn = rt_name(cx, b);
                let ctor = cx.world.class(&bn)?.ctors[0].clone();
                (TypeRef::Def(cx.class_types[b.index()]), bn, ctor)
            }
            None => {
                let (t, n) = if c == BuiltinClass::Exception.id() {
                    (sys_exc, "SysException")
                } else {
                    (object, "object")
                };
                let sig = MethodSig::inst(vec![], Ty::Void);
                let mref = cx.asm.ext_method(t, ".ctor", sig.clone());
                (t, n.to_string(), MethodInfo { mref, sig })
            }
        };
        cx.asm.types[id.0 as usize].extends = Some(extends);
        let sig = MethodSig::inst(vec![], Ty::Void);
        let ctor = cx.asm.add_method(id, ".ctor", CTOR, sig.clone());
        let mut b = IlBuilder::new();
        b.ldarg(0);
        b.call(base_ctor.mref, &base_ctor.sig);
        b.ret(false);
        cx.asm.set_body(ctor, b.finish()?);
        let mut info = ClassInfo::new(Ty::Class(TypeRef::Def(id)), Some(&base_name), Some(id));
        info.ctors.push(MethodInfo {
            mref: MethodRef::Def(ctor),
            sig,
        });
        cx.world.add_class(&rt_name(cx, c), info);
    }
    Ok(())
}

/// A delegate type per IR function type.
pub fn define_delegates(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    let mcd = cx.asm.ext_type("System", "MulticastDelegate");
    let mut pending = Vec::new();
    for (t, data) in prog.types.iter() {
        if let TypeData::Func(..) = data {
            let name = cx.names[&t].clone();
            let id = cx.asm.add_type(
                crate::rtlang::NAMESPACE,
                &name,
                type_flags::PUBLIC | type_flags::SEALED,
                Some(mcd),
            );
            cx.world.add_class(
                &name,
                ClassInfo::new(Ty::Class(TypeRef::Def(id)), Some("object"), Some(id)),
            );
            pending.push((t, id));
        }
    }
    for (t, id) in pending {
        let TypeData::Func(params, ret) = prog.types.get(t) else {
            continue;
        };
        let resolve = |cx: &Ctx, t| {
            cx.world
                .resolve(&crate::rtlang::syntax::TypeExpr::Name(cx.names[&t].clone()))
        };
        let ptys = params
            .iter()
            .map(|&p| resolve(cx, p))
            .collect::<Result<Vec<_>, _>>()?;
        let rty = if *ret == core_ir::Type::VOID {
            Ty::Void
        } else {
            resolve(cx, *ret)?
        };
        let ctor_sig = MethodSig::inst(vec![Ty::Object, Ty::IntPtr], Ty::Void);
        let ctor = cx.asm.add_method(id, ".ctor", CTOR, ctor_sig.clone());
        cx.asm.methods[ctor.0 as usize].impl_flags = impl_flags::RUNTIME;
        let inv_sig = MethodSig::inst(ptys, rty);
        let inv = cx
            .asm
            .add_method(id, "Invoke", VIRTUAL_NEW, inv_sig.clone());
        cx.asm.methods[inv.0 as usize].impl_flags = impl_flags::RUNTIME;
        cx.delegates.insert(
            t,
            Delegate {
                ctor: Callee {
                    mref: MethodRef::Def(ctor),
                    sig: ctor_sig,
                },
                invoke: Callee {
                    mref: MethodRef::Def(inv),
                    sig: inv_sig,
                },
            },
        );
    }
    Ok(())
}

/// Slot names: the IR name, made unique when two slots share it.
fn slot_name(cx: &Ctx, m: Slot) -> String {
    let name = &cx.prog.methods[m].name;
    let dup = cx
        .prog
        .methods
        .iter()
        .filter(|(_, d)| d.name == *name)
        .count()
        > 1;
    if dup {
        metadata_name(&format!("{name}${}", m.index()))
    } else {
        metadata_name(name)
    }
}

fn add_world_method(cx: &mut Ctx, class: &str, name: &str, mref: MethodRef, sig: MethodSig) {
    if let Some(info) = cx.world.classes.get_mut(class) {
        info.methods
            .insert(name.to_string(), vec![MethodInfo { mref, sig }]);
    }
}

/// Step 2: fields, virtual method and getter declarations, and the
/// `k$name`/`k$hash`/`k$eq`/`k$repr` methods with their bodies.
pub fn define_members(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    // Fields.
    for (f, data) in prog.fields.iter() {
        let owner = cx.class_types[data.class.index()];
        let ty = cx.ty(data.ty);
        let fid = cx.asm.add_field(
            owner,
            &metadata_name(&data.name),
            crate::meta::model::field_flags::PUBLIC,
            ty.clone(),
        );
        cx.field_defs.push(fid);
        debug_assert_eq!(cx.field_defs.len(), f.index() + 1);
        let cname = rt_name(cx, data.class);
        if let Some(info) = cx.world.classes.get_mut(&cname) {
            info.fields.insert(
                data.name.clone(),
                FieldInfo {
                    fref: FieldRef::Def(fid),
                    ty,
                    is_static: false,
                },
            );
        }
    }
    cx.slots = vec![None; prog.methods.len()];
    cx.attr_getters = vec![None; prog.class_attrs.len()];
    let order = class_order(cx);
    let string_sig = MethodSig::inst(vec![], Ty::String);
    let long_sig = MethodSig::inst(vec![], Ty::I8);
    let string = cx.asm.ext_type("System", "String");
    let concat_sig = MethodSig::stat(vec![Ty::String, Ty::String, Ty::String], Ty::String);
    let concat3 = MethodInfo {
        mref: cx.asm.ext_method(string, "Concat", concat_sig.clone()),
        sig: concat_sig,
    };
    let helpers = cx
        .asm
        .ext_type("System.Runtime.CompilerServices", "RuntimeHelpers");
    let id_sig = MethodSig::stat(vec![Ty::Object], Ty::I4);
    let bound_partial = bound_partial_slots(prog);
    let identity = MethodInfo {
        mref: cx.asm.ext_method(helpers, "GetHashCode", id_sig.clone()),
        sig: id_sig,
    };
    for &c in &order {
        let id = cx.class_types[c.index()];
        let cname = rt_name(cx, c);
        let data = &prog.classes[c];
        // Slots introduced or overridden here.
        for &(m, _) in &data.methods {
            let md = &prog.methods[m];
            let params = md.params.iter().map(|&p| cx.ty(p)).collect();
            let sig = MethodSig::inst(params, cx.ty(md.ret));
            let flags = if md.class == c {
                VIRTUAL_NEW
            } else {
                VIRTUAL_OVERRIDE
            };
            let name = slot_name(cx, m);
            let mid = cx.asm.add_method(id, &name, flags, sig.clone());
            if md.class == c {
                cx.slots[m.index()] = Some(Callee {
                    mref: MethodRef::Def(mid),
                    sig: sig.clone(),
                });
                add_world_method(cx, &cname, &md.name, MethodRef::Def(mid), sig);
            }
        }
        // Whether this class implements slots that `method_bind` uses and
        // some class lacks (so binding can raise AttributeError first).
        for &m in &bound_partial {
            let md = &prog.methods[m];
            let introduces = md.class == c;
            let lists = data.methods.iter().any(|&(mm, _)| mm == m);
            if !introduces && !lists {
                continue;
            }
            let sig = MethodSig::inst(vec![], Ty::Bool);
            let flags = if introduces {
                VIRTUAL_NEW
            } else {
                VIRTUAL_OVERRIDE
            };
            let mid = cx
                .asm
                .add_method(id, &format!("k$impl${}", m.index()), flags, sig.clone());
            let mut b = IlBuilder::new();
            b.ldc_i4(prog.resolve_method(c, m).is_some() as i32);
            b.ret(true);
            cx.asm.set_body(mid, b.finish()?);
            if introduces {
                cx.impl_checks.insert(
                    m,
                    Callee {
                        mref: MethodRef::Def(mid),
                        sig,
                    },
                );
            }
        }
        // Class attribute getters.
        for (a, ad) in prog.class_attrs.iter() {
            let binds = data.attrs.iter().any(|&(aa, _)| aa == a);
            if ad.class != c && !binds {
                continue;
            }
            let sig = MethodSig::inst(vec![], cx.ty(ad.ty));
            let flags = if ad.class == c {
                VIRTUAL_NEW
            } else {
                VIRTUAL_OVERRIDE
            };
            let mid = cx.asm.add_method(
                id,
                &format!("{}$attr{}", ad.name, a.index()),
                flags,
                sig.clone(),
            );
            if ad.class == c {
                cx.attr_getters[a.index()] = Some(Callee {
                    mref: MethodRef::Def(mid),
                    sig,
                });
            }
        }
        // k$name in every class.
        let root = data.base.is_none();
        let flags = if root { VIRTUAL_NEW } else { VIRTUAL_OVERRIDE };
        let kname = cx.asm.add_method(id, "k$name", flags, string_sig.clone());
        let mut b = IlBuilder::new();
        b.ldstr(&data.name);
        b.ret(true);
        cx.asm.set_body(kname, b.finish()?);
        if root {
            add_world_method(
                cx,
                &cname,
                "k$name",
                MethodRef::Def(kname),
                string_sig.clone(),
            );
            let kh = cx
                .asm
                .add_method(id, "k$hash", VIRTUAL_NEW, long_sig.clone());
            let mut b = IlBuilder::new();
            b.ldarg(0);
            b.call(identity.mref, &identity.sig);
            b.op(Op::ConvI8);
            b.ret(true);
            cx.asm.set_body(kh, b.finish()?);
            add_world_method(cx, &cname, "k$hash", MethodRef::Def(kh), long_sig.clone());
            let eq_sig = MethodSig::inst(vec![Ty::Class(TypeRef::Def(id))], Ty::Bool);
            let ke = cx.asm.add_method(id, "k$eq", VIRTUAL_NEW, eq_sig.clone());
            let mut b = IlBuilder::new();
            b.ldarg(0);
            b.ldarg(1);
            b.op(Op::Ceq);
            b.ret(true);
            cx.asm.set_body(ke, b.finish()?);
            add_world_method(cx, &cname, "k$eq", MethodRef::Def(ke), eq_sig);
            let kr = cx
                .asm
                .add_method(id, "k$repr", VIRTUAL_NEW, string_sig.clone());
            let mut b = IlBuilder::new();
            b.ldstr("<");
            b.ldarg(0);
            b.callvirt(MethodRef::Def(kname), &string_sig);
            b.ldstr(" object>");
            b.call(concat3.mref, &concat3.sig);
            b.ret(true);
            cx.asm.set_body(kr, b.finish()?);
            add_world_method(cx, &cname, "k$repr", MethodRef::Def(kr), string_sig.clone());
        }
    }
    Ok(())
}

/// The method `name` of class `id`: the root's own (whose body is then
/// replaced) or a new override.
fn override_or_root(
    cx: &mut Ctx,
    id: crate::meta::model::TypeId,
    root: bool,
    name: &str,
    sig: MethodSig,
) -> MethodId {
    if root {
        let own = cx.asm.types[id.0 as usize]
            .methods
            .iter()
            .copied()
            .find(|&m| cx.asm.methods[m.0 as usize].name == name);
        if let Some(m) = own {
            return m;
        }
    }
    cx.asm.add_method(id, name, VIRTUAL_OVERRIDE, sig)
}

/// Functions that implement exactly one (class, slot) pair and are never
/// called directly nor used as values: their body can be the slot's method.
fn single_slot_functions(prog: &core_ir::Program) -> std::collections::HashSet<core_ir::FuncId> {
    use std::collections::HashMap;
    let mut uses: HashMap<core_ir::FuncId, usize> = HashMap::new();
    for (_, c) in prog.classes.iter() {
        for &(_, f) in &c.methods {
            if let Some(f) = f {
                *uses.entry(f).or_default() += 1;
            }
        }
    }
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            if let core_ir::Imm::Func(g) = inst.imm {
                *uses.entry(g).or_default() += 2;
            }
        }
    }
    for g in prog.startup.iter().chain(prog.entry.iter()) {
        *uses.entry(*g).or_default() += 2;
    }
    for (_, d) in prog.drivers.iter() {
        if let Some(g) = d.printable {
            *uses.entry(g).or_default() += 2;
        }
    }
    uses.into_iter()
        .filter(|&(f, n)| n == 1 && prog.funcs[f].has_body())
        .map(|(f, _)| f)
        .collect()
}

/// Slots used by `method_bind` that some class (seeing the slot) does not
/// implement.
fn bound_partial_slots(prog: &core_ir::Program) -> Vec<Slot> {
    let mut bound: Vec<Slot> = Vec::new();
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            if let (core_ir::Opcode::MethodBind, core_ir::Imm::Method(m)) = (inst.op, &inst.imm) {
                if !bound.contains(m) {
                    bound.push(*m);
                }
            }
        }
    }
    bound.retain(|&m| {
        let owner = prog.methods[m].class;
        prog.classes
            .iter()
            .any(|(c, _)| prog.is_subclass(c, owner) && prog.resolve_method(c, m).is_none())
    });
    bound.sort();
    bound
}

/// The implementation of dunder `name` visible in class `c`, with its slot.
fn dunder(cx: &Ctx, c: ClassId, name: &str) -> Option<Slot> {
    let m = cx.prog.find_method(c, name)?;
    cx.prog.resolve_method(c, m).map(|_| m)
}

/// Step 3 (after the functions are declared): bodies of slot methods,
/// getters, and the dunder-based `k$hash`/`k$eq`/`k$repr` overrides.
pub fn define_bodies(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    let no_attr = cx.rt("Err", "NoAttr")?;
    let kname = |cx: &Ctx, c: ClassId| -> Result<Callee, String> {
        let root = prog.ancestors(c).last().copied().unwrap_or(c);
        Ok(cx.world.method(&rt_name(cx, root), "k$name")?.into())
    };
    let methods_of = |cx: &Ctx, id| cx.asm.types[id as usize].methods.clone();
    let only_slot = single_slot_functions(prog);
    for c in class_order(cx) {
        let id = cx.class_types[c.index()];
        let data = &prog.classes[c];
        let defined: Vec<MethodId> = methods_of(cx, id.0);
        let find = |cx: &Ctx, name: &str| {
            defined
                .iter()
                .copied()
                .find(|&m| cx.asm.methods[m.0 as usize].name == name)
        };
        for &(m, f) in &data.methods {
            let mid = find(cx, &slot_name(cx, m)).ok_or("slot method missing")?;
            let sig = cx.asm.methods[mid.0 as usize].sig.clone();
            let mut b = IlBuilder::new();
            match f {
                Some(f) if only_slot.contains(&f) => {
                    cx.slot_bodies.insert(f, mid);
                    continue;
                }
                Some(f) => {
                    for i in 0..=sig.params.len() {
                        b.ldarg(i as u16);
                    }
                    let target = cx.funcs[f.index()];
                    let tsig = cx.asm.methods[target.0 as usize].sig.clone();
                    b.call(MethodRef::Def(target), &tsig);
                    b.ret(sig.ret != Ty::Void);
                }
                None => {
                    let kn = kname(cx, c)?;
                    b.ldarg(0);
                    b.callvirt(kn.mref, &kn.sig);
                    b.ldstr(&prog.methods[m].name);
                    b.call(no_attr.mref, &no_attr.sig);
                    b.op(Op::Throw);
                }
            }
            cx.asm.set_body(mid, b.finish()?);
        }
        for (a, ad) in prog.class_attrs.iter() {
            let bound = prog.classes[c]
                .attrs
                .iter()
                .find(|&&(aa, _)| aa == a)
                .map(|&(_, g)| g);
            if ad.class != c && bound.is_none() {
                continue;
            }
            let mid =
                find(cx, &format!("{}$attr{}", ad.name, a.index())).ok_or("getter missing")?;
            let mut b = IlBuilder::new();
            match bound {
                Some(g) => {
                    b.ldsfld(FieldRef::Def(cx.globals[g.index()]));
                    b.ret(true);
                }
                None => {
                    let kn = kname(cx, c)?;
                    b.ldarg(0);
                    b.callvirt(kn.mref, &kn.sig);
                    b.ldstr(&ad.name);
                    b.call(no_attr.mref, &no_attr.sig);
                    b.op(Op::Throw);
                }
            }
            cx.asm.set_body(mid, b.finish()?);
        }
        // Dunder-based key operations, where they first become available.
        let base = data.base;
        let has = |cx: &Ctx, k: Option<ClassId>, n: &str| k.and_then(|k| dunder(cx, k, n));
        let root = prog.ancestors(c).last().copied().unwrap_or(c);
        let root_name = rt_name(cx, root);
        if let Some(h) = dunder(cx, c, "__hash__") {
            if has(cx, base, "__hash__").is_none() {
                let slot = cx.slots[h.index()].clone().ok_or("__hash__ slot")?;
                let sig = MethodSig::inst(vec![], Ty::I8);
                let mid = override_or_root(cx, id, base.is_none(), "k$hash", sig);
                let mut b = IlBuilder::new();
                let done = b.label();
                b.ldarg(0);
                b.callvirt(slot.mref, &slot.sig);
                b.op(Op::Dup);
                b.ldc_i8(-1);
                b.br(Br::NeUn, done);
                b.op(Op::Pop);
                b.ldc_i8(-2);
                b.mark(done);
                b.ret(true);
                cx.asm.set_body(mid, b.finish()?);
            }
        }
        let pair = |cx: &Ctx, k: Option<ClassId>| {
            k.and_then(|k| Some((dunder(cx, k, "__eq__")?, dunder(cx, k, "__hash__")?)))
        };
        if let Some((eq, _)) = pair(cx, Some(c)) {
            if pair(cx, base).is_none() {
                let slot = cx.slots[eq.index()].clone().ok_or("__eq__ slot")?;
                let root_ty = cx.world.class(&root_name)?.ty.clone();
                let sig = MethodSig::inst(vec![root_ty], Ty::Bool);
                let mid = override_or_root(cx, id, base.is_none(), "k$eq", sig);
                let mut b = IlBuilder::new();
                let no = b.label();
                let other = slot.sig.params.first().cloned().unwrap_or(Ty::Object);
                b.ldarg(1);
                b.isinst(&other);
                b.br(Br::False, no);
                b.ldarg(0);
                b.ldarg(1);
                b.castclass(&other);
                b.callvirt(slot.mref, &slot.sig);
                b.ret(true);
                b.mark(no);
                b.ldc_i4(0);
                b.ret(true);
                cx.asm.set_body(mid, b.finish()?);
            }
        }
        if let Some(r) = dunder(cx, c, "__repr__") {
            if has(cx, base, "__repr__").is_none() {
                let slot = cx.slots[r.index()].clone().ok_or("__repr__ slot")?;
                let text = cx.rt("Str", "Text")?;
                let sig = MethodSig::inst(vec![], Ty::String);
                let mid = override_or_root(cx, id, base.is_none(), "k$repr", sig);
                let mut b = IlBuilder::new();
                b.ldarg(0);
                b.callvirt(slot.mref, &slot.sig);
                b.call(text.mref, &text.sig);
                b.ret(true);
                cx.asm.set_body(mid, b.finish()?);
            }
        }
    }
    Ok(())
}
