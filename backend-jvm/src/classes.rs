//! One JVM class per IR class: fields, a no-argument constructor, virtual
//! methods that forward to the static implementation of each slot,
//! class-attribute accessors, and what dicts, `hash` and error messages
//! need (`hash$`, `repr$`, `equals`/`hashCode` for classes with `__eq__`
//! and `__hash__`, the static `cast$` used by `downcast`, and the
//! `name$` constant holding the Python class name).

use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, OBJECT};
use crate::names::mangle;
use crate::runtime::{finish, ERR, PYOBJ};
use core_ir::{BuiltinClass, ClassId, MethodId, TypeData};

const S: &str = "Ljava/lang/String;";

/// The classfile of IR class `c`.
pub fn class_file(l: &Layout, c: ClassId) -> Result<Vec<u8>, String> {
    let prog = l.prog;
    let data = &prog.classes[c];
    let name = l.class(c).to_string();
    let is_exc_root = c == BuiltinClass::Exception.id();
    let sup = match data.base {
        Some(b) => l.class(b).to_string(),
        None if is_exc_root => "java/lang/RuntimeException".to_string(),
        None => OBJECT.to_string(),
    };
    let mut cw = ClassWriter::new(PUBLIC | SUPER, &name, &sup);
    if let Some(f) = prog.files.first() {
        cw.set_source_file(f.rsplit('/').next().unwrap_or(f));
    }
    if data.base.is_none() {
        cw.add_interface(PYOBJ);
    }
    cw.add_string_constant(PUBLIC | STATIC | FINAL, "name$", &data.name);
    for &f in &data.fields {
        let fd = &prog.fields[f];
        cw.add_field(PUBLIC, &mangle(&fd.name), &l.desc(fd.ty));
    }
    constructor(&mut cw, &sup, is_exc_root)?;
    cast_method(&mut cw, &name)?;
    for &(m, f) in &data.methods {
        slot_method(l, &mut cw, c, m, f)?;
    }
    class_attr_methods(l, &mut cw, c)?;
    identity_methods(l, &mut cw, c)?;
    cw.finish()
}

fn constructor(cw: &mut ClassWriter, sup: &str, exc_root: bool) -> Result<(), String> {
    let this = cw.name().to_string();
    let mut code = Code::new(&mut cw.pool, &[VType::UninitThis], false);
    let me = code.param(0);
    code.load(&me);
    if exc_root {
        code.null();
        code.null();
        code.iconst(0);
        code.iconst(0);
        code.invoke(
            Invoke::Special,
            sup,
            "<init>",
            "(Ljava/lang/String;Ljava/lang/Throwable;ZZ)V",
        );
    } else {
        code.invoke(Invoke::Special, sup, "<init>", "()V");
    }
    code.this_initialized(&this);
    code.ret(None);
    let done = finish(code, "<init>")?;
    cw.add_method(PUBLIC, "<init>", "()V", Some(done));
    Ok(())
}

/// `static C cast$(Object x)`: `x` as a `C`, None kept, TypeError otherwise.
fn cast_method(cw: &mut ClassWriter, name: &str) -> Result<(), String> {
    let mut code = Code::new(&mut cw.pool, &[VType::obj(OBJECT)], false);
    let x = code.param(0);
    let fail = code.label();
    let ok = code.label();
    code.load(&x);
    code.branch(If::Null, ok);
    code.load(&x);
    code.instance_of(name);
    code.branch(If::Eq, fail);
    code.bind(ok);
    code.load(&x);
    code.checkcast(name);
    code.ret(Some(&VType::obj(name)));
    code.bind(fail);
    code.load(&x);
    code.getstatic(name, "name$", S);
    code.invoke(
        Invoke::Static,
        ERR,
        "notInstance",
        "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/RuntimeException;",
    );
    code.op(Op::Athrow);
    let done = finish(code, "cast$")?;
    cw.add_method(
        PUBLIC | STATIC,
        "cast$",
        &format!("(Ljava/lang/Object;)L{name};"),
        Some(done),
    );
    Ok(())
}

/// The virtual method of slot `m` in class `c`: forwards to `f`, or raises
/// AttributeError when the slot has no implementation here.
fn slot_method(
    l: &Layout,
    cw: &mut ClassWriter,
    c: ClassId,
    m: MethodId,
    f: Option<core_ir::FuncId>,
) -> Result<(), String> {
    let md = &l.prog.methods[m];
    let name = l.method_name(m);
    let desc = l.method_desc(m);
    let this = VType::obj(l.class(c));
    let mut params = vec![this];
    params.extend(md.params.iter().map(|&t| l.vtype(t)));
    let mut code = Code::new(&mut cw.pool, &params, false);
    match f {
        Some(f) => {
            for k in 0..params.len() {
                let p = code.param(k);
                code.load(&p);
            }
            let fd = &l.prog.funcs[f];
            if let Some(&recv) = fd.params.first() {
                if let Some(rc) = l.prog.types.instance_class(recv) {
                    if !l.prog.is_subclass(c, rc) {
                        return Err(format!(
                            "class `{}` binds method `{}` to `{}`, whose receiver is not a `{}`",
                            l.prog.classes[c].name, md.name, fd.name, l.prog.classes[c].name
                        ));
                    }
                }
            }
            code.invoke(
                Invoke::Static,
                &l.func_class(f),
                l.func_name(f),
                &l.func_desc(f),
            );
            code.ret(l.ret_vtype(md.ret).as_ref());
        }
        None => {
            let me = code.param(0);
            code.load(&me);
            code.sconst(&md.name);
            code.invoke(
                Invoke::Static,
                ERR,
                "noAttribute",
                "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/RuntimeException;",
            );
            code.op(Op::Athrow);
        }
    }
    let done = finish(code, &name)?;
    cw.add_method(PUBLIC, &name, &desc, Some(done));
    Ok(())
}

/// Accessors of the class attributes that `c` introduces or binds.
fn class_attr_methods(l: &Layout, cw: &mut ClassWriter, c: ClassId) -> Result<(), String> {
    let prog = l.prog;
    let mut slots: Vec<core_ir::ClassAttrId> = prog
        .class_attrs
        .iter()
        .filter(|(_, d)| d.class == c)
        .map(|(a, _)| a)
        .collect();
    for &(a, _) in &prog.classes[c].attrs {
        if !slots.contains(&a) {
            slots.push(a);
        }
    }
    for a in slots {
        let ad = &prog.class_attrs[a];
        let name = l.class_attr_name(a);
        let desc = format!("(){}", l.desc(ad.ty));
        let mut code = Code::new(&mut cw.pool, &[VType::obj(l.class(c))], false);
        match prog.classes[c].attrs.iter().find(|(x, _)| *x == a) {
            Some(&(_, g)) => {
                let gd = l.desc(prog.globals[g].ty);
                code.getstatic(&l.module, l.global_name(g), &gd);
                code.ret(l.ret_vtype(ad.ty).as_ref());
            }
            None => {
                let me = code.param(0);
                code.load(&me);
                code.sconst(&ad.name);
                code.invoke(
                    Invoke::Static,
                    ERR,
                    "noAttribute",
                    "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/RuntimeException;",
                );
                code.op(Op::Athrow);
            }
        }
        let done = finish(code, &name)?;
        cw.add_method(PUBLIC, &name, &desc, Some(done));
    }
    Ok(())
}

/// `hash$`, `repr$`, and `equals`/`hashCode` when `__eq__` and `__hash__`
/// are both implemented.
fn identity_methods(l: &Layout, cw: &mut ClassWriter, c: ClassId) -> Result<(), String> {
    let prog = l.prog;
    let this = VType::obj(l.class(c));
    let slot = |name: &str| prog.find_method(c, name);
    let declares = |m: MethodId| {
        prog.classes[c]
            .methods
            .iter()
            .any(|(x, f)| *x == m && f.is_some())
    };
    let hash = slot("__hash__").filter(|&m| {
        prog.methods[m].params.is_empty() && prog.methods[m].ret == core_ir::Type::INT
    });
    let repr = slot("__repr__").filter(|&m| {
        prog.methods[m].params.is_empty() && prog.methods[m].ret == core_ir::Type::STR
    });
    let eq = slot("__eq__").filter(|&m| {
        prog.methods[m].params.len() == 1
            && prog.methods[m].ret == core_ir::Type::BOOL
            && prog
                .types
                .instance_class(prog.methods[m].params[0])
                .is_some()
    });
    if prog.classes[c].base.is_none() || hash.is_some_and(declares) {
        let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&this), false);
        let me = code.param(0);
        code.load(&me);
        match hash.filter(|&m| prog.resolve_method(c, m).is_some()) {
            Some(m) => {
                let owner = l.class(prog.methods[m].class).to_string();
                code.invoke(Invoke::Virtual, &owner, &l.method_name(m), "()J");
                code.invoke(Invoke::Static, crate::runtime::NUM, "fixHash", "(J)J");
            }
            None => {
                code.invoke(
                    Invoke::Static,
                    "java/lang/System",
                    "identityHashCode",
                    "(Ljava/lang/Object;)I",
                );
                code.op(Op::I2l);
            }
        }
        code.ret(Some(&VType::Long));
        let done = finish(code, "hash$")?;
        cw.add_method(PUBLIC, "hash$", "()J", Some(done));
    }
    if prog.classes[c].base.is_none() || repr.is_some_and(declares) {
        let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&this), false);
        let me = code.param(0);
        match repr.filter(|&m| prog.resolve_method(c, m).is_some()) {
            Some(m) => {
                code.load(&me);
                let owner = l.class(prog.methods[m].class).to_string();
                code.invoke(
                    Invoke::Virtual,
                    &owner,
                    &l.method_name(m),
                    &format!("(){S}"),
                );
            }
            None => {
                code.sconst(&format!("<{} object>", prog.classes[c].name));
            }
        }
        code.ret(Some(&VType::obj("java/lang/String")));
        let done = finish(code, "repr$")?;
        cw.add_method(PUBLIC, "repr$", &format!("(){S}"), Some(done));
    }
    let both = match (eq, hash) {
        (Some(e), Some(h)) => {
            prog.resolve_method(c, e).is_some() && prog.resolve_method(c, h).is_some()
        }
        _ => false,
    };
    if let (true, Some(e)) = (both, eq) {
        let p = prog.methods[e].params[0];
        let pclass = l.ref_class(p);
        let owner = l.class(prog.methods[e].class).to_string();
        let mut code = Code::new(&mut cw.pool, &[this.clone(), VType::obj(OBJECT)], false);
        let (me, other) = (code.param(0), code.param(1));
        let same = code.label();
        let no = code.label();
        code.load(&me);
        code.load(&other);
        code.branch(If::AcmpEq, same);
        code.load(&other);
        code.instance_of(&pclass);
        code.branch(If::Eq, no);
        code.load(&me);
        code.load(&other);
        code.checkcast(&pclass);
        code.invoke(
            Invoke::Virtual,
            &owner,
            &l.method_name(e),
            &format!("(L{pclass};)Z"),
        );
        code.ret(Some(&VType::Int));
        code.bind(same);
        code.iconst(1);
        code.ret(Some(&VType::Int));
        code.bind(no);
        code.iconst(0);
        code.ret(Some(&VType::Int));
        let done = finish(code, "equals")?;
        cw.add_method(PUBLIC, "equals", "(Ljava/lang/Object;)Z", Some(done));

        let mut code = Code::new(&mut cw.pool, &[this], false);
        let me = code.param(0);
        code.load(&me);
        code.invoke(Invoke::Virtual, l.class(c), "hash$", "()J");
        code.invoke(Invoke::Static, "java/lang/Long", "hashCode", "(J)I");
        code.ret(Some(&VType::Int));
        let done = finish(code, "hashCode")?;
        cw.add_method(PUBLIC, "hashCode", "()I", Some(done));
    }
    let _ = TypeData::Void;
    Ok(())
}
