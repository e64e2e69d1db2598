//! `Main`: runs the program on a thread with a large stack, reports an
//! uncaught exception as `ExcName: message` on stderr (exit status 1), and
//! flushes stdout and open files at the end.

use super::Ctx;
use crate::il::{ClauseKind, IlBuilder, Op};
use crate::meta::model::{field_flags, method_flags as mf, FieldRef, MethodRef, MethodSig, Ty};
use cranelift_entity::EntityRef;

/// Stack size of the thread running the program (bytes).
const STACK_SIZE: i32 = 256 << 20;

/// Defines `Code.Run`, `Code.InitConsts` and `Code.Main` (the entry point).
pub fn define_main(cx: &mut Ctx) -> Result<(), String> {
    let prog = cx.prog;
    let string_array = Ty::Array(Box::new(Ty::String));
    let args = cx.asm.add_field(
        cx.code,
        "args",
        field_flags::PUBLIC | field_flags::STATIC,
        string_array.clone(),
    );
    let stat = mf::PUBLIC | mf::STATIC | mf::HIDE_BY_SIG;
    let void0 = MethodSig::stat(vec![], Ty::Void);
    let init_consts = cx
        .asm
        .add_method(cx.code, "InitConsts", stat, void0.clone());
    let run = cx.asm.add_method(cx.code, "Run", stat, void0.clone());

    // Run.
    let sys_exc = cx.world.class("SysException")?.ty.clone();
    let mut b = IlBuilder::new();
    let code = b.local(Ty::I4);
    let exc = b.local(sys_exc.clone());
    let end = b.label();
    let try_start = b.offset();
    let init = cx.rt("Rt", "Init")?;
    b.call(init.mref, &init.sig);
    b.call(MethodRef::Def(init_consts), &void0);
    if let Some(s) = prog.startup {
        let m = cx.funcs[s.index()];
        let sig = cx.asm.methods[m.0 as usize].sig.clone();
        b.call(MethodRef::Def(m), &sig);
        if sig.ret != Ty::Void {
            b.op(Op::Pop);
        }
    }
    if let Some(e) = prog.entry {
        let argv = cx.rt("Rt", "Argv")?;
        let env = cx.asm.ext_type("System", "Environment");
        let cmd_sig = MethodSig::stat(vec![], string_array.clone());
        let cmd = cx
            .asm
            .ext_method(env, "GetCommandLineArgs", cmd_sig.clone());
        b.ldsfld(FieldRef::Def(args));
        b.call(cmd, &cmd_sig);
        b.ldc_i4(0);
        b.op(Op::LdelemRef);
        b.call(argv.mref, &argv.sig);
        let m = cx.funcs[e.index()];
        let sig = cx.asm.methods[m.0 as usize].sig.clone();
        b.call(MethodRef::Def(m), &sig);
        match sig.ret {
            Ty::Void => b.ldc_i4(0),
            Ty::I8 | Ty::U8 => b.op(Op::ConvI4),
            Ty::Bool | Ty::I4 => {}
            _ => {
                b.op(Op::Pop);
                b.ldc_i4(0);
            }
        }
        b.stloc(code);
    }
    b.leave(end);
    let handler = b.offset();
    b.set_depth(1);
    b.stloc(exc);
    let report = cx.rt("Rt", "Report")?;
    b.ldloc(exc);
    b.call(report.mref, &report.sig);
    b.ldc_i4(1);
    b.stloc(code);
    b.leave(end);
    let handler_end = b.offset();
    b.clause(
        ClauseKind::Catch(sys_exc),
        try_start,
        handler,
        handler,
        handler_end,
    );
    b.mark(end);
    let finish = cx.rt("Rt", "Finish")?;
    b.call(finish.mref, &finish.sig);
    b.ldloc(code);
    b.stsfld(cx.world.field("Rt", "exitCode")?.fref);
    b.ret(false);
    cx.asm.set_body(run, b.finish()?);

    // Main.
    let main = cx.asm.add_method(
        cx.code,
        "Main",
        stat,
        MethodSig::stat(vec![string_array], Ty::I4),
    );
    let thread = cx.asm.ext_type("System.Threading", "Thread");
    let start = cx.asm.ext_type("System.Threading", "ThreadStart");
    let start_ctor_sig = MethodSig::inst(vec![Ty::Object, Ty::IntPtr], Ty::Void);
    let start_ctor = cx.asm.ext_method(start, ".ctor", start_ctor_sig.clone());
    let thread_ctor_sig = MethodSig::inst(vec![Ty::Class(start), Ty::I4], Ty::Void);
    let thread_ctor = cx.asm.ext_method(thread, ".ctor", thread_ctor_sig.clone());
    let void_inst = MethodSig::inst(vec![], Ty::Void);
    let t_start = cx.asm.ext_method(thread, "Start", void_inst.clone());
    let t_join = cx.asm.ext_method(thread, "Join", void_inst.clone());
    let mut b = IlBuilder::new();
    let t = b.local(Ty::Class(thread));
    b.ldarg(0);
    b.stsfld(FieldRef::Def(args));
    b.op(Op::Ldnull);
    b.ldftn(MethodRef::Def(run));
    b.newobj(start_ctor, &start_ctor_sig);
    b.ldc_i4(STACK_SIZE);
    b.newobj(thread_ctor, &thread_ctor_sig);
    b.stloc(t);
    b.ldloc(t);
    b.callvirt(t_start, &void_inst);
    b.ldloc(t);
    b.callvirt(t_join, &void_inst);
    b.ldsfld(cx.world.field("Rt", "exitCode")?.fref);
    b.ret(true);
    cx.asm.set_body(main, b.finish()?);
    cx.asm.entry = Some(main);

    // String constants (after everything else has named them).
    let make = cx.rt("Str", "Make")?;
    let mut consts: Vec<(String, crate::meta::model::FieldId)> =
        cx.consts.iter().map(|(s, f)| (s.clone(), *f)).collect();
    consts.sort_by_key(|(_, f)| f.0);
    let mut b = IlBuilder::new();
    for (s, f) in consts {
        b.ldstr(&s);
        b.ldc_i4(s.chars().count() as i32);
        b.call(make.mref, &make.sig);
        b.stsfld(FieldRef::Def(f));
    }
    b.ret(false);
    cx.asm.set_body(init_consts, b.finish()?);
    Ok(())
}
