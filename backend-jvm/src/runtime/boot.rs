//! `kiln.rt.Boot`: `main` runs the program on a thread with a large stack
//! (deep recursion then ends in `RecursionError`, not a crash), waits for
//! it, and exits with its status after flushing output.

use super::{call, method, vcall, ERR, IO};
use crate::classfile::access::*;
use crate::classfile::code::{If, Invoke};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, OBJ_LIST};

/// Stack size of the program's thread: deep enough for recursion tens of
/// thousands of calls deep, small enough that running into its end (a
/// `RecursionError`) takes a fraction of a second.
const STACK_BYTES: i64 = 1 << 25;

/// The class `kiln/rt/Boot`.
pub fn class(l: &Layout) -> Result<Vec<u8>, String> {
    let name = super::BOOT;
    let mut cw = ClassWriter::new(PUBLIC | SUPER | FINAL, name, "java/lang/Object");
    cw.add_interface("java/lang/Runnable");
    cw.add_field(PRIVATE, "args", "[Ljava/lang/String;");
    cw.add_field(PRIVATE, "status", "I");
    method(&mut cw, PUBLIC, "<init>", "([Ljava/lang/String;)V", |c| {
        let (me, a) = (c.param(0), c.param(1));
        c.load(&me);
        c.invoke(Invoke::Special, "java/lang/Object", "<init>", "()V");
        c.this_initialized(name);
        c.load(&me);
        c.load(&a);
        c.putfield(name, "args", "[Ljava/lang/String;");
        c.ret(None);
    })?;
    method(
        &mut cw,
        PUBLIC | STATIC,
        "main",
        "([Ljava/lang/String;)V",
        |c| {
            let a = c.param(0);
            let b = c.local(VType::obj(name));
            let t = c.local(VType::obj("java/lang/Thread"));
            c.construct(name, "([Ljava/lang/String;)V", |c| c.load(&a));
            c.store(&b);
            c.construct(
                "java/lang/Thread",
                "(Ljava/lang/ThreadGroup;Ljava/lang/Runnable;Ljava/lang/String;J)V",
                |c| {
                    c.null();
                    c.load(&b);
                    c.sconst("main");
                    c.lconst(STACK_BYTES);
                },
            );
            c.store(&t);
            c.load(&t);
            vcall(c, "java/lang/Thread", "start", "()V");
            c.load(&t);
            vcall(c, "java/lang/Thread", "join", "()V");
            c.load(&b);
            c.getfield(name, "status", "I");
            call(c, IO, "exit", "(I)V");
            c.ret(None);
        },
    )?;
    method(&mut cw, PUBLIC, "run", "()V", |c| {
        let me = c.param(0);
        let handler = c.label();
        let t = c.start_try();
        c.load(&me);
        c.load(&me);
        c.getfield(name, "args", "[Ljava/lang/String;");
        call(c, &l.module, "$run", "([Ljava/lang/String;)I");
        c.putfield(name, "status", "I");
        c.end_try(t, handler, None);
        c.ret(None);
        c.bind(handler);
        let e = c.local(VType::obj("java/lang/Throwable"));
        c.store(&e);
        c.load(&me);
        c.load(&e);
        call(c, ERR, "report", "(Ljava/lang/Throwable;)I");
        c.putfield(name, "status", "I");
        c.ret(None);
    })?;
    let argv_desc = format!("(Ljava/lang/String;[Ljava/lang/String;)L{OBJ_LIST};");
    method(&mut cw, PUBLIC | STATIC, "argv", &argv_desc, |c| {
        let (prog, a) = (c.param(0), c.param(1));
        let out = c.local(VType::obj(OBJ_LIST));
        let i = c.local(VType::Int);
        c.construct(OBJ_LIST, "()V", |_| {});
        c.store(&out);
        c.load(&out);
        c.load(&prog);
        vcall(c, OBJ_LIST, "append", "(Ljava/lang/Object;)V");
        c.iconst(0);
        c.store(&i);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.load(&i);
        c.load(&a);
        c.op(crate::classfile::code::Op::Arraylength);
        c.branch(If::IcmpGe, done);
        c.load(&out);
        c.load(&a);
        c.load(&i);
        c.aaload();
        vcall(c, OBJ_LIST, "append", "(Ljava/lang/Object;)V");
        c.iinc(&i, 1);
        c.goto(head);
        c.bind(done);
        c.load(&out);
        c.ret(Some(&VType::obj(OBJ_LIST)));
    })?;
    cw.finish()
}
