//! `kiln.rt.IO` and `kiln.rt.KFile`: standard streams (stdout buffered and
//! flushed at exit or by `stdout_flush`, stderr written through after
//! flushing stdout, both UTF-8), stdin lines, files opened for reading
//! (read whole, universal newlines) or writing, and the clocks.

use super::{
    call, method, new_sb, raise, raise_top, sb_append, sb_append_char, sb_string, vcall, IO, STR,
};
use crate::classfile::access::*;
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, FILE};
use core_ir::BuiltinClass as B;

pub(super) const S: &str = "Ljava/lang/String;";
pub(super) const W: &str = "Ljava/io/Writer;";
pub(super) const KF: &str = "Lkiln/rt/KFile;";

pub(super) fn string() -> VType {
    VType::obj("java/lang/String")
}

/// The class `kiln/rt/KFile`: an open file's state.
pub fn file_class() -> Result<Vec<u8>, String> {
    let mut cw =
        crate::classfile::ClassWriter::new(PUBLIC | SUPER | FINAL, FILE, "java/lang/Object");
    cw.add_field(PUBLIC, "text", S);
    cw.add_field(PUBLIC, "pos", "I");
    cw.add_field(PUBLIC, "w", W);
    cw.add_field(PUBLIC, "closed", "Z");
    method(&mut cw, PUBLIC, "<init>", "()V", |c| {
        let me = c.param(0);
        c.load(&me);
        c.invoke(
            crate::classfile::code::Invoke::Special,
            "java/lang/Object",
            "<init>",
            "()V",
        );
        c.this_initialized(FILE);
        c.ret(None);
    })?;
    cw.finish()
}

/// A UTF-8 writer on `FileDescriptor.<fd>` (on the stack).
fn fd_writer(c: &mut Code, fd: &str, buffered: bool) {
    if buffered {
        c.new_obj("java/io/BufferedWriter");
        c.dup();
    }
    c.new_obj("java/io/OutputStreamWriter");
    c.dup();
    c.construct(
        "java/io/FileOutputStream",
        "(Ljava/io/FileDescriptor;)V",
        |c| {
            c.getstatic("java/io/FileDescriptor", fd, "Ljava/io/FileDescriptor;");
        },
    );
    c.getstatic(
        "java/nio/charset/StandardCharsets",
        "UTF_8",
        "Ljava/nio/charset/Charset;",
    );
    c.invoke(
        crate::classfile::code::Invoke::Special,
        "java/io/OutputStreamWriter",
        "<init>",
        "(Ljava/io/OutputStream;Ljava/nio/charset/Charset;)V",
    );
    if buffered {
        c.iconst(1 << 16);
        c.invoke(
            crate::classfile::code::Invoke::Special,
            "java/io/BufferedWriter",
            "<init>",
            "(Ljava/io/Writer;I)V",
        );
    }
}

/// The class `kiln/rt/IO`.
pub fn io_class(l: &Layout) -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(IO);
    let ps = PUBLIC | STATIC;
    cw.add_field(PRIVATE | STATIC, "out", W);
    cw.add_field(PRIVATE | STATIC, "err", W);
    cw.add_field(PRIVATE | STATIC, "in", "Ljava/io/Reader;");
    cw.add_field(PRIVATE | STATIC, "files", "Ljava/util/ArrayList;");
    cw.add_field(PRIVATE | STATIC, "t0", "J");
    method(&mut cw, STATIC, "<clinit>", "()V", |c| {
        fd_writer(c, "out", true);
        c.putstatic(IO, "out", W);
        fd_writer(c, "err", false);
        c.putstatic(IO, "err", W);
        c.new_obj("java/io/BufferedReader");
        c.dup();
        c.new_obj("java/io/InputStreamReader");
        c.dup();
        c.construct(
            "java/io/FileInputStream",
            "(Ljava/io/FileDescriptor;)V",
            |c| {
                c.getstatic("java/io/FileDescriptor", "in", "Ljava/io/FileDescriptor;");
            },
        );
        c.getstatic(
            "java/nio/charset/StandardCharsets",
            "UTF_8",
            "Ljava/nio/charset/Charset;",
        );
        c.invoke(
            crate::classfile::code::Invoke::Special,
            "java/io/InputStreamReader",
            "<init>",
            "(Ljava/io/InputStream;Ljava/nio/charset/Charset;)V",
        );
        c.iconst(1 << 16);
        c.invoke(
            crate::classfile::code::Invoke::Special,
            "java/io/BufferedReader",
            "<init>",
            "(Ljava/io/Reader;I)V",
        );
        c.putstatic(IO, "in", "Ljava/io/Reader;");
        c.construct("java/util/ArrayList", "()V", |_| {});
        c.putstatic(IO, "files", "Ljava/util/ArrayList;");
        call(c, "java/lang/System", "nanoTime", "()J");
        c.putstatic(IO, "t0", "J");
        c.ret(None);
    })?;
    method(&mut cw, ps, "stdoutWrite", &format!("({S})V"), |c| {
        let s = c.param(0);
        none_write_check(c, l, &s);
        c.getstatic(IO, "out", W);
        c.load(&s);
        vcall(c, "java/io/Writer", "write", &format!("({S})V"));
        c.ret(None);
    })?;
    method(&mut cw, ps, "stdoutFlush", "()V", |c| {
        c.getstatic(IO, "out", W);
        vcall(c, "java/io/Writer", "flush", "()V");
        c.ret(None);
    })?;
    method(&mut cw, ps, "stderrWrite", &format!("({S})V"), |c| {
        let s = c.param(0);
        none_write_check(c, l, &s);
        call(c, IO, "stdoutFlush", "()V");
        c.getstatic(IO, "err", W);
        c.load(&s);
        vcall(c, "java/io/Writer", "write", &format!("({S})V"));
        c.getstatic(IO, "err", W);
        vcall(c, "java/io/Writer", "flush", "()V");
        c.ret(None);
    })?;
    method(&mut cw, ps, "stdinReadline", &format!("(){S}"), |c| {
        let sb = c.local(VType::obj("java/lang/StringBuilder"));
        let ch = c.local(VType::Int);
        new_sb(c);
        c.store(&sb);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.getstatic(IO, "in", "Ljava/io/Reader;");
        vcall(c, "java/io/Reader", "read", "()I");
        c.store(&ch);
        c.load(&ch);
        c.branch(If::Lt, done);
        c.load(&sb);
        c.load(&ch);
        c.op(Op::I2c);
        sb_append_char(c);
        c.pop1();
        c.load(&ch);
        c.iconst('\n' as i32);
        c.branch(If::IcmpNe, head);
        c.bind(done);
        c.load(&sb);
        sb_string(c);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "stdinRead", &format!("(){S}"), |c| {
        let sb = c.local(VType::obj("java/lang/StringBuilder"));
        let buf = c.local(VType::obj("[C"));
        let k = c.local(VType::Int);
        new_sb(c);
        c.store(&sb);
        c.iconst(8192);
        c.newarray('C');
        c.store(&buf);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.getstatic(IO, "in", "Ljava/io/Reader;");
        c.load(&buf);
        vcall(c, "java/io/Reader", "read", "([C)I");
        c.store(&k);
        c.load(&k);
        c.branch(If::Lt, done);
        c.load(&sb);
        c.load(&buf);
        c.iconst(0);
        c.load(&k);
        vcall(
            c,
            "java/lang/StringBuilder",
            "append",
            "([CII)Ljava/lang/StringBuilder;",
        );
        c.pop1();
        c.goto(head);
        c.bind(done);
        c.load(&sb);
        sb_string(c);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "open", &format!("({S}{S}){KF}"), |c| {
        super::files::open_body(c, l)
    })?;
    method(&mut cw, ps, "checkMode", &format!("({S})I"), |c| {
        super::files_mode::check_mode_body(c, l)
    })?;
    method(&mut cw, ps, "checkSurrogates", &format!("({S})V"), |c| {
        check_surrogates_body(c, l)
    })?;
    method(
        &mut cw,
        ps,
        "osError",
        &format!("(Ljava/io/IOException;{S})Ljava/lang/RuntimeException;"),
        |c| super::files::os_error_body(c, l),
    )?;
    method(&mut cw, ps, "read", &format!("({KF}){S}"), |c| {
        let f = c.param(0);
        super::none_check(
            c,
            l,
            &f,
            B::AttributeError,
            "'NoneType' object has no attribute 'read'",
        );
        readable(c, l, &f);
        let r = c.local(string());
        c.load(&f);
        c.getfield(FILE, "text", S);
        c.load(&f);
        c.getfield(FILE, "pos", "I");
        vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
        c.store(&r);
        c.load(&f);
        c.load(&f);
        c.getfield(FILE, "text", S);
        vcall(c, "java/lang/String", "length", "()I");
        c.putfield(FILE, "pos", "I");
        c.load(&r);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "readline", &format!("({KF}){S}"), |c| {
        let f = c.param(0);
        super::none_check(
            c,
            l,
            &f,
            B::AttributeError,
            "'NoneType' object has no attribute 'readline'",
        );
        readable(c, l, &f);
        let end = c.local(VType::Int);
        let r = c.local(string());
        c.load(&f);
        c.getfield(FILE, "text", S);
        c.iconst('\n' as i32);
        c.load(&f);
        c.getfield(FILE, "pos", "I");
        vcall(c, "java/lang/String", "indexOf", "(II)I");
        c.store(&end);
        let found = c.label();
        let have = c.label();
        c.load(&end);
        c.branch(If::Ge, found);
        c.load(&f);
        c.getfield(FILE, "text", S);
        vcall(c, "java/lang/String", "length", "()I");
        c.store(&end);
        c.goto(have);
        c.bind(found);
        c.iinc(&end, 1);
        c.bind(have);
        c.load(&f);
        c.getfield(FILE, "text", S);
        c.load(&f);
        c.getfield(FILE, "pos", "I");
        c.load(&end);
        vcall(c, "java/lang/String", "substring", &format!("(II){S}"));
        c.store(&r);
        c.load(&f);
        c.load(&end);
        c.putfield(FILE, "pos", "I");
        c.load(&r);
        c.ret(Some(&string()));
    })?;
    method(&mut cw, ps, "write", &format!("({KF}{S})V"), |c| {
        let (f, s) = (c.param(0), c.param(1));
        super::none_check(
            c,
            l,
            &f,
            B::AttributeError,
            "'NoneType' object has no attribute 'write'",
        );
        closed_check(c, l, &f);
        let ok = c.label();
        c.load(&f);
        c.getfield(FILE, "w", W);
        c.branch(If::NonNull, ok);
        raise(c, l, B::OSError, "not writable");
        c.bind(ok);
        none_write_check(c, l, &s);
        c.load(&f);
        c.getfield(FILE, "w", W);
        c.load(&s);
        vcall(c, "java/io/Writer", "write", &format!("({S})V"));
        c.ret(None);
    })?;
    method(&mut cw, ps, "close", &format!("({KF})V"), |c| {
        let f = c.param(0);
        super::none_check(
            c,
            l,
            &f,
            B::AttributeError,
            "'NoneType' object has no attribute 'close'",
        );
        let done = c.label();
        c.load(&f);
        c.getfield(FILE, "closed", "Z");
        c.branch(If::Ne, done);
        c.load(&f);
        c.iconst(1);
        c.putfield(FILE, "closed", "Z");
        c.load(&f);
        c.getfield(FILE, "w", W);
        c.branch(If::Null, done);
        c.load(&f);
        c.getfield(FILE, "w", W);
        vcall(c, "java/io/Writer", "close", "()V");
        c.bind(done);
        c.ret(None);
    })?;
    method(&mut cw, ps, "time", "()D", |c| {
        call(c, "java/lang/System", "currentTimeMillis", "()J");
        c.op(Op::L2d);
        c.dconst(1000.0);
        c.op(Op::Ddiv);
        c.ret(Some(&VType::Double));
    })?;
    method(&mut cw, ps, "perfCounter", "()D", |c| {
        call(c, "java/lang/System", "nanoTime", "()J");
        c.getstatic(IO, "t0", "J");
        c.op(Op::Lsub);
        c.op(Op::L2d);
        c.dconst(1e9);
        c.op(Op::Ddiv);
        c.ret(Some(&VType::Double));
    })?;
    method(&mut cw, ps, "exit", "(I)V", |c| {
        let status = c.param(0);
        let i = c.local(VType::Int);
        // Close every file (flushing writers), then flush stdout.
        c.iconst(0);
        c.store(&i);
        let head = c.label();
        let done = c.label();
        c.bind(head);
        c.load(&i);
        c.getstatic(IO, "files", "Ljava/util/ArrayList;");
        vcall(c, "java/util/ArrayList", "size", "()I");
        c.branch(If::IcmpGe, done);
        let handler = c.label();
        let next = c.label();
        let t = c.start_try();
        c.getstatic(IO, "files", "Ljava/util/ArrayList;");
        c.load(&i);
        vcall(c, "java/util/ArrayList", "get", "(I)Ljava/lang/Object;");
        c.checkcast(FILE);
        call(c, IO, "close", &format!("({KF})V"));
        c.end_try(t, handler, None);
        c.goto(next);
        c.bind(handler);
        c.pop1();
        c.bind(next);
        c.iinc(&i, 1);
        c.goto(head);
        c.bind(done);
        call(c, IO, "stdoutFlush", "()V");
        c.load(&status);
        call(c, "java/lang/System", "exit", "(I)V");
        c.ret(None);
    })?;
    cw.finish()
}

/// TypeError when str local `s` is None (writing None); ValueError when it
/// holds a lone surrogate (UTF-8 cannot encode it).
fn none_write_check(c: &mut Code, l: &Layout, s: &Local) {
    let ok = c.label();
    c.load(s);
    c.branch(If::NonNull, ok);
    raise(c, l, B::TypeError, "write() argument must be str, not None");
    c.bind(ok);
    let fine = c.label();
    c.load(s);
    call(c, STR, "bmp", &format!("({S})Z"));
    c.branch(If::Ne, fine);
    c.load(s);
    call(c, IO, "checkSurrogates", &format!("({S})V"));
    c.bind(fine);
}

/// Raises the UnicodeEncodeError-like ValueError of CPython for the first
/// lone surrogate of `s`.
fn check_surrogates_body(c: &mut Code, l: &Layout) {
    let s = c.param(0);
    let i = c.local(VType::Int);
    let k = c.local(VType::Int);
    let cp = c.local(VType::Int);
    c.iconst(0);
    c.store(&i);
    c.iconst(0);
    c.store(&k);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.branch(If::IcmpGe, done);
    c.load(&s);
    c.load(&i);
    vcall(c, "java/lang/String", "codePointAt", "(I)I");
    c.store(&cp);
    let good = c.label();
    c.load(&cp);
    c.iconst(0xF800);
    c.op(Op::Iand);
    c.iconst(0xD800);
    c.branch(If::IcmpNe, good);
    new_sb(c);
    c.sconst("'utf-8' codec can't encode character '\\u");
    sb_append(c);
    c.load(&cp);
    call(c, "java/lang/Integer", "toHexString", &format!("(I){S}"));
    sb_append(c);
    c.sconst("' in position ");
    sb_append(c);
    c.load(&k);
    vcall(
        c,
        "java/lang/StringBuilder",
        "append",
        "(I)Ljava/lang/StringBuilder;",
    );
    c.sconst(": surrogates not allowed");
    sb_append(c);
    sb_string(c);
    raise_top(c, l, B::ValueError);
    c.bind(good);
    c.load(&i);
    c.load(&cp);
    call(c, "java/lang/Character", "charCount", "(I)I");
    c.op(Op::Iadd);
    c.store(&i);
    c.iinc(&k, 1);
    c.goto(head);
    c.bind(done);
    c.ret(None);
}

fn closed_check(c: &mut Code, l: &Layout, f: &Local) {
    let ok = c.label();
    c.load(f);
    c.getfield(FILE, "closed", "Z");
    c.branch(If::Eq, ok);
    raise(c, l, B::ValueError, "I/O operation on closed file.");
    c.bind(ok);
}

fn readable(c: &mut Code, l: &Layout, f: &Local) {
    closed_check(c, l, f);
    let ok = c.label();
    c.load(f);
    c.getfield(FILE, "text", S);
    c.branch(If::NonNull, ok);
    raise(c, l, B::OSError, "not readable");
    c.bind(ok);
}
