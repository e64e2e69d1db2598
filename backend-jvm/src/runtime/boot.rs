//! `kiln.rt.Boot`: `main` runs the program on a thread with a large stack
//! (deep recursion then ends in `RecursionError`, not a crash), waits for
//! it, and exits with its status after flushing output.

use super::{call, method, vcall, ERR, IO};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Invoke, Local, Op};
use crate::classfile::frames::VType;
use crate::classfile::ClassWriter;
use crate::layout::{Layout, OBJ_LIST};

/// Stack size of the program's thread: deep enough for recursion tens of
/// thousands of calls deep, small enough that running into its end (a
/// `RecursionError`) takes a fraction of a second.
const STACK_BYTES: i64 = 1 << 25;

/// HotSpot never JIT-compiles a method with more bytecode than this unless
/// run with `-XX:-DontCompileHugeMethods`.
pub const HUGE_METHOD_LIMIT: usize = 8000;

/// The class `kiln/rt/Boot`. With `relaunch` (the program has a method
/// over [`HUGE_METHOD_LIMIT`]), `main` runs the jar again in a child JVM
/// that compiles huge methods, passing the arguments and standard streams
/// through, and exits with its status.
pub fn class(l: &Layout, relaunch: bool) -> Result<Vec<u8>, String> {
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
            if relaunch {
                relaunch_code(c, &a, &l.module);
            }
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

/// Runs the program in a child JVM with `-XX:-DontCompileHugeMethods`
/// unless this JVM is that child (property `kiln.huge`), with this JVM's own
/// options; falls through when the child cannot be started.
fn relaunch_code(c: &mut Code, args: &Local, main: &str) {
    let s = "Ljava/lang/String;";
    let cmd = c.local(VType::obj("java/util/ArrayList"));
    let i = c.local(VType::Int);
    let status = c.local(VType::Int);
    let here = c.label();
    c.sconst("kiln.huge");
    call(c, "java/lang/System", "getProperty", &format!("({s}){s}"));
    c.branch(If::NonNull, here);
    c.construct("java/util/ArrayList", "()V", |_| {});
    c.store(&cmd);
    let add = |c: &mut Code| {
        vcall(c, "java/util/ArrayList", "add", "(Ljava/lang/Object;)Z");
        c.pop1();
    };
    c.load(&cmd);
    c.sconst("java.home");
    call(c, "java/lang/System", "getProperty", &format!("({s}){s}"));
    c.getstatic("java/io/File", "separator", s);
    vcall(c, "java/lang/String", "concat", &format!("({s}){s}"));
    c.sconst("bin");
    vcall(c, "java/lang/String", "concat", &format!("({s}){s}"));
    c.getstatic("java/io/File", "separator", s);
    vcall(c, "java/lang/String", "concat", &format!("({s}){s}"));
    c.sconst("java");
    vcall(c, "java/lang/String", "concat", &format!("({s}){s}"));
    add(c);
    let failed = c.label();
    let t = c.start_try();
    // The parent's own JVM options (heap size...) come first.
    c.load(&cmd);
    call(
        c,
        "java/lang/management/ManagementFactory",
        "getRuntimeMXBean",
        "()Ljava/lang/management/RuntimeMXBean;",
    );
    c.invoke(
        Invoke::Interface,
        "java/lang/management/RuntimeMXBean",
        "getInputArguments",
        "()Ljava/util/List;",
    );
    vcall(
        c,
        "java/util/ArrayList",
        "addAll",
        "(Ljava/util/Collection;)Z",
    );
    c.pop1();
    for fixed in ["-XX:-DontCompileHugeMethods", "-Dkiln.huge=1", "-cp"] {
        c.load(&cmd);
        c.sconst(fixed);
        add(c);
    }
    c.load(&cmd);
    c.sconst("java.class.path");
    call(c, "java/lang/System", "getProperty", &format!("({s}){s}"));
    add(c);
    c.load(&cmd);
    c.sconst(&main.replace('/', "."));
    add(c);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(args);
    c.op(Op::Arraylength);
    c.branch(If::IcmpGe, done);
    c.load(&cmd);
    c.load(args);
    c.load(&i);
    c.aaload();
    add(c);
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.construct("java/lang/ProcessBuilder", "(Ljava/util/List;)V", |c| {
        c.load(&cmd)
    });
    vcall(
        c,
        "java/lang/ProcessBuilder",
        "inheritIO",
        "()Ljava/lang/ProcessBuilder;",
    );
    vcall(
        c,
        "java/lang/ProcessBuilder",
        "start",
        "()Ljava/lang/Process;",
    );
    vcall(c, "java/lang/Process", "waitFor", "()I");
    c.store(&status);
    c.end_try(t, failed, None);
    c.load(&status);
    call(c, "java/lang/System", "exit", "(I)V");
    c.ret(None);
    c.bind(failed);
    c.pop1();
    c.bind(here);
}
