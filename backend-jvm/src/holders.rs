//! The module class (and its overflow holders): every IR function as a
//! static method, globals as static fields, `main` and `$run`.
//!
//! `main` hands over to `kiln.rt.Boot`, which runs `$run` on a thread with a
//! large stack and reports an escaping exception; `$run` builds `argv`, runs
//! the start-up function, then the entry point, and returns the exit status.

use crate::classfile::access::*;
use crate::classfile::code::{Code, Invoke, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, OBJECT, OBJ_LIST};
use crate::lower::func::lower_function;
use crate::runtime::{finish, BOOT, ERR};

/// The classfiles of all holder classes, and the size of the largest
/// function's bytecode.
pub fn classes(l: &Layout) -> Result<(Vec<crate::ClassBytes>, usize), String> {
    let mut largest = 0;
    let prog = l.prog;
    let mut writers: Vec<ClassWriter> = (0..l.holder_count())
        .map(|i| {
            let mut cw = ClassWriter::new(PUBLIC | SUPER | FINAL, &l.holder(i), OBJECT);
            if let Some(f) = prog.files.first() {
                cw.set_source_file(f.rsplit('/').next().unwrap_or(f));
            }
            cw
        })
        .collect();
    for (f, fd) in prog.funcs.iter() {
        let h = l.func_holder_index(f);
        let cw = &mut writers[h];
        let done = if fd.has_body() {
            let done = lower_function(l, f, &mut cw.pool)?;
            largest = largest.max(done.bytecode().len());
            done
        } else {
            // Declared without a body: calling it is a bug of the producer.
            let params: Vec<VType> = fd.params.iter().map(|&t| l.vtype(t)).collect();
            let mut code = Code::new(&mut cw.pool, &params, false);
            code.sconst(&format!("call of @{}, which has no body", fd.name));
            code.invoke(
                Invoke::Static,
                ERR,
                "internal",
                "(Ljava/lang/String;)Ljava/lang/RuntimeException;",
            );
            code.op(Op::Athrow);
            finish(code, &fd.name)?
        };
        cw.add_method(PUBLIC | STATIC, l.func_name(f), &l.func_desc(f), Some(done));
    }
    let module = &mut writers[0];
    for (g, gd) in prog.globals.iter() {
        module.add_field(PUBLIC | STATIC, l.global_name(g), &l.desc(gd.ty));
    }
    main_methods(l, module)?;
    let classes = writers
        .into_iter()
        .map(|cw| {
            let name = cw.name().to_string();
            cw.finish().map(|b| (name, b))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((classes, largest))
}

fn main_methods(l: &Layout, cw: &mut ClassWriter) -> Result<(), String> {
    let prog = l.prog;
    let Some(entry) = prog.entry else {
        return Err("the program has no entry point".into());
    };
    let args = VType::obj("[Ljava/lang/String;");
    // public static void main(String[] args)
    let mut code = Code::new(&mut cw.pool, std::slice::from_ref(&args), false);
    let a = code.param(0);
    code.load(&a);
    code.invoke(Invoke::Static, BOOT, "main", "([Ljava/lang/String;)V");
    code.ret(None);
    let done = finish(code, "main")?;
    cw.add_method(
        PUBLIC | STATIC,
        "main",
        "([Ljava/lang/String;)V",
        Some(done),
    );

    // public static int $run(String[] args)
    let mut code = Code::new(&mut cw.pool, &[args], false);
    let a = code.param(0);
    let argv = code.local(VType::obj(OBJ_LIST));
    let stem = prog
        .files
        .first()
        .map(|f| f.rsplit('/').next().unwrap_or(f).to_string())
        .unwrap_or_else(|| format!("{}.py", l.module));
    code.sconst(&stem);
    code.load(&a);
    code.invoke(
        Invoke::Static,
        BOOT,
        "argv",
        &format!("(Ljava/lang/String;[Ljava/lang/String;)L{OBJ_LIST};"),
    );
    code.store(&argv);
    if let Some(s) = prog.startup {
        code.invoke(
            Invoke::Static,
            &l.func_class(s),
            l.func_name(s),
            &l.func_desc(s),
        );
        if prog.funcs[s].ret != core_ir::Type::VOID {
            code.pop_value();
        }
    }
    code.load(&argv);
    code.invoke(
        Invoke::Static,
        &l.func_class(entry),
        l.func_name(entry),
        &l.func_desc(entry),
    );
    match l.ret_vtype(prog.funcs[entry].ret) {
        Some(VType::Long) => code.op(Op::L2i),
        Some(VType::Int) => {}
        Some(_) => {
            code.pop_value();
            code.iconst(0);
        }
        None => code.iconst(0),
    }
    code.ret(Some(&VType::Int));
    let done = finish(code, "$run")?;
    cw.add_method(
        PUBLIC | STATIC,
        "$run",
        "([Ljava/lang/String;)I",
        Some(done),
    );
    Ok(())
}
