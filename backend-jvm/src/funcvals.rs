//! Classes of function values.
//!
//! Each IR function type gets an abstract class `M/$fn/F<n>` with one
//! abstract method `call`. Each function used with `func_ref` gets a
//! subclass `Ref<id>` with a singleton `INSTANCE`; each used with
//! `func_bind`, a subclass `Bind<id>` holding the bound first argument;
//! each method slot used with `method_bind`, a subclass `Meth<id>` holding
//! the receiver and calling the slot virtually.

use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, OBJECT};
use crate::runtime::{finish, ERR};
use core_ir::{FuncId, Imm, MethodId, Opcode, Type};
use cranelift_entity::EntityRef;
use std::collections::BTreeSet;

/// The `Ref` class of function `f`.
pub fn ref_class(l: &Layout, f: FuncId) -> String {
    format!("{}/$fn/Ref{}", l.module, f.index())
}

/// The `Bind` class of function `f`.
pub fn bind_class(l: &Layout, f: FuncId) -> String {
    format!("{}/$fn/Bind{}", l.module, f.index())
}

/// The `Meth` class of method slot `m`.
pub fn meth_class(l: &Layout, m: MethodId) -> String {
    format!("{}/$fn/Meth{}", l.module, m.index())
}

/// Every class of function values the program needs: `(name, bytes)`.
pub fn classes(l: &Layout) -> Result<Vec<(String, Vec<u8>)>, String> {
    let prog = l.prog;
    let (mut refs, mut binds, mut meths) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (_, f) in prog.funcs.iter() {
        for (_, inst) in f.insts.iter() {
            match (inst.op, &inst.imm) {
                (Opcode::FuncRef, Imm::Func(g)) => {
                    refs.insert(*g);
                }
                (Opcode::FuncBind, Imm::Func(g)) => {
                    binds.insert(*g);
                }
                (Opcode::MethodBind, Imm::Method(m)) => {
                    meths.insert(*m);
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (t, name) in l.fn_types() {
        out.push((name.to_string(), abstract_class(l, t, name)?));
    }
    for f in refs {
        let fd = &prog.funcs[f];
        let t = prog.types.iter().find(
            |(_, d)| matches!(d, core_ir::TypeData::Func(p, r) if *p == fd.params && *r == fd.ret),
        );
        let Some((t, _)) = t else {
            return Err(format!("no function type for `{}`", fd.name));
        };
        out.push((ref_class(l, f), forwarding_class(l, t, Target::Ref(f))?));
    }
    for f in binds {
        let fd = &prog.funcs[f];
        let t = prog.types.iter().find(|(_, d)| {
            matches!(d, core_ir::TypeData::Func(p, r) if p[..] == fd.params[1..] && *r == fd.ret)
        });
        let Some((t, _)) = t else {
            return Err(format!("no function type for bound `{}`", fd.name));
        };
        out.push((bind_class(l, f), forwarding_class(l, t, Target::Bind(f))?));
    }
    for m in meths {
        let md = &prog.methods[m];
        let t = prog.types.iter().find(
            |(_, d)| matches!(d, core_ir::TypeData::Func(p, r) if *p == md.params && *r == md.ret),
        );
        let Some((t, _)) = t else {
            return Err(format!("no function type for method `{}`", md.name));
        };
        out.push((meth_class(l, m), forwarding_class(l, t, Target::Meth(m))?));
    }
    Ok(out)
}

fn call_desc(l: &Layout, t: Type) -> (Vec<Type>, Type, String) {
    let (p, r) = l
        .prog
        .types
        .func_sig(t)
        .map(|(p, r)| (p.to_vec(), r))
        .unwrap_or((vec![], Type::VOID));
    let d = l.sig_desc(&p, r);
    (p, r, d)
}

fn empty_constructor(cw: &mut ClassWriter, sup: &str) -> Result<(), String> {
    let this = cw.name().to_string();
    let mut code = Code::new(&mut cw.pool, &[VType::UninitThis], false);
    let me = code.param(0);
    code.load(&me);
    code.invoke(Invoke::Special, sup, "<init>", "()V");
    code.this_initialized(&this);
    code.ret(None);
    let done = finish(code, "<init>")?;
    cw.add_method(PUBLIC, "<init>", "()V", Some(done));
    Ok(())
}

fn abstract_class(l: &Layout, t: Type, name: &str) -> Result<Vec<u8>, String> {
    let mut cw = ClassWriter::new(PUBLIC | SUPER | ABSTRACT, name, OBJECT);
    empty_constructor(&mut cw, OBJECT)?;
    let (_, _, d) = call_desc(l, t);
    cw.add_method(PUBLIC | ABSTRACT, "call", &d, None);
    cw.finish()
}

enum Target {
    Ref(FuncId),
    Bind(FuncId),
    Meth(MethodId),
}

fn forwarding_class(l: &Layout, t: Type, target: Target) -> Result<Vec<u8>, String> {
    let sup = l.fn_class(t).to_string();
    let name = match target {
        Target::Ref(f) => ref_class(l, f),
        Target::Bind(f) => bind_class(l, f),
        Target::Meth(m) => meth_class(l, m),
    };
    let mut cw = ClassWriter::new(PUBLIC | SUPER | FINAL, &name, &sup);
    let (params, ret, d) = call_desc(l, t);
    // The bound value, if any: (field descriptor, type).
    let bound = match target {
        Target::Ref(_) => None,
        Target::Bind(f) => Some(l.desc(l.prog.funcs[f].params[0])),
        Target::Meth(m) => Some(format!("L{};", l.class(l.prog.methods[m].class))),
    };
    match &bound {
        None => {
            empty_constructor(&mut cw, &sup)?;
            cw.add_field(PUBLIC | STATIC | FINAL, "INSTANCE", &format!("L{sup};"));
            let mut code = Code::new(&mut cw.pool, &[], false);
            code.construct(&name, "()V", |_| {});
            code.putstatic(&name, "INSTANCE", &format!("L{sup};"));
            code.ret(None);
            let done = finish(code, "<clinit>")?;
            cw.add_method(STATIC, "<clinit>", "()V", Some(done));
        }
        Some(bd) => {
            cw.add_field(PUBLIC | FINAL, "b", bd);
            let bt = VType::from_descriptor(bd);
            let mut code = Code::new(&mut cw.pool, &[VType::UninitThis, bt], false);
            let (me, b) = (code.param(0), code.param(1));
            if let Target::Meth(m) = target {
                // Binding a method of None is an AttributeError.
                let ok = code.label();
                code.load(&b);
                code.branch(If::NonNull, ok);
                code.null();
                code.sconst(&l.prog.methods[m].name);
                code.invoke(
                    Invoke::Static,
                    ERR,
                    "noAttribute",
                    "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/RuntimeException;",
                );
                code.op(Op::Athrow);
                code.bind(ok);
            }
            code.load(&me);
            code.invoke(Invoke::Special, &sup, "<init>", "()V");
            code.this_initialized(&name);
            code.load(&me);
            code.load(&b);
            code.putfield(&name, "b", bd);
            code.ret(None);
            let done = finish(code, "<init>")?;
            cw.add_method(PUBLIC, "<init>", &format!("({bd})V"), Some(done));
        }
    }
    let mut ps = vec![VType::obj(&name)];
    ps.extend(params.iter().map(|&p| l.vtype(p)));
    let mut code = Code::new(&mut cw.pool, &ps, false);
    let me = code.param(0);
    if let Some(bd) = &bound {
        code.load(&me);
        code.getfield(&name, "b", bd);
    }
    for k in 1..ps.len() {
        let p = code.param(k);
        code.load(&p);
    }
    match target {
        Target::Ref(f) | Target::Bind(f) => {
            code.invoke(
                Invoke::Static,
                &l.func_class(f),
                l.func_name(f),
                &l.func_desc(f),
            );
        }
        Target::Meth(m) => {
            let owner = l.class(l.prog.methods[m].class).to_string();
            code.invoke(
                Invoke::Virtual,
                &owner,
                &l.method_name(m),
                &l.method_desc(m),
            );
        }
    }
    code.ret(l.ret_vtype(ret).as_ref());
    let done = finish(code, "call")?;
    cw.add_method(PUBLIC, "call", &d, Some(done));
    cw.finish()
}
