//! Opening files for `kiln.rt.IO`: CPython's mode validation, reading a
//! whole file with universal newlines, writers, and OSError messages in
//! CPython's `[Errno N] text: 'path'` form.

use super::io::{string, S, W};
use super::{call, new_sb, raise_top, sb_append, sb_string, vcall, IO, STR};
use crate::classfile::code::{Code, If, Op};
use crate::classfile::frames::VType;
use crate::layout::{Layout, FILE};
use core_ir::BuiltinClass as B;

pub(super) fn open_body(c: &mut Code, l: &Layout) {
    let (path, mode) = (c.param(0), c.param(1));
    super::none_check(
        c,
        l,
        &path,
        B::TypeError,
        "expected str, bytes or os.PathLike object, not NoneType",
    );
    super::none_check(
        c,
        l,
        &mode,
        B::TypeError,
        "open() argument 'mode' must be str, not None",
    );
    let f = c.local(VType::obj(FILE));
    let reading = c.local(VType::Int);
    let text = c.local(string());
    c.construct(FILE, "()V", |_| {});
    c.store(&f);
    let is_read = c.label();
    let is_write = c.label();
    c.load(&mode);
    call(c, IO, "checkMode", &format!("({S})I"));
    c.branch(If::Ne, is_write);
    c.goto(is_read);
    let handler = c.label();
    let opened = c.label();
    c.bind(is_read);
    c.iconst(1);
    c.store(&reading);
    let t = c.start_try();
    c.construct("java/lang/String", "([BLjava/nio/charset/Charset;)V", |c| {
        c.load(&path);
        c.iconst(0);
        c.anewarray("java/lang/String");
        call(
            c,
            "java/nio/file/Paths",
            "get",
            &format!("({S}[Ljava/lang/String;)Ljava/nio/file/Path;"),
        );
        call(
            c,
            "java/nio/file/Files",
            "readAllBytes",
            "(Ljava/nio/file/Path;)[B",
        );
        c.getstatic(
            "java/nio/charset/StandardCharsets",
            "UTF_8",
            "Ljava/nio/charset/Charset;",
        );
    });
    c.end_try(t, handler, Some("java/io/IOException"));
    // universal newlines
    c.sconst("\r\n");
    c.sconst("\n");
    let rd = format!("(Ljava/lang/CharSequence;Ljava/lang/CharSequence;){S}");
    vcall(c, "java/lang/String", "replace", &rd);
    c.sconst("\r");
    c.sconst("\n");
    vcall(c, "java/lang/String", "replace", &rd);
    c.store(&text);
    c.load(&f);
    c.load(&text);
    c.putfield(FILE, "text", S);
    c.goto(opened);
    c.bind(is_write);
    c.iconst(0);
    c.store(&reading);
    let t = c.start_try();
    c.load(&f);
    c.new_obj("java/io/BufferedWriter");
    c.dup();
    c.new_obj("java/io/OutputStreamWriter");
    c.dup();
    c.construct("java/io/FileOutputStream", &format!("({S})V"), |c| {
        c.load(&path)
    });
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
    c.invoke(
        crate::classfile::code::Invoke::Special,
        "java/io/BufferedWriter",
        "<init>",
        "(Ljava/io/Writer;)V",
    );
    c.putfield(FILE, "w", W);
    c.end_try(t, handler, Some("java/io/IOException"));
    c.getstatic(IO, "files", "Ljava/util/ArrayList;");
    c.load(&f);
    vcall(c, "java/util/ArrayList", "add", "(Ljava/lang/Object;)Z");
    c.pop1();
    c.bind(opened);
    c.load(&f);
    c.ret(Some(&VType::obj(FILE)));
    c.bind(handler);
    c.load(&path);
    call(
        c,
        IO,
        "osError",
        &format!("(Ljava/io/IOException;{S})Ljava/lang/RuntimeException;"),
    );
    c.op(Op::Athrow);
    let _ = reading;
}

/// OSError "[Errno N] strerror: 'path'" for a Java I/O failure.
pub(super) fn os_error_body(c: &mut Code, l: &Layout) {
    let (e, path) = (c.param(0), c.param(1));
    let m = c.local(string());
    let errno = c.local(VType::Int);
    let text = c.local(string());
    c.load(&e);
    vcall(c, "java/lang/Throwable", "getMessage", &format!("(){S}"));
    c.store(&m);
    let have = c.label();
    c.load(&m);
    c.branch(If::NonNull, have);
    c.sconst("");
    c.store(&m);
    c.bind(have);
    c.iconst(5);
    c.store(&errno);
    c.sconst("Input/output error");
    c.store(&text);
    let decided = c.label();
    // Is a directory (checked first: reading a directory fails oddly).
    let not_dir = c.label();
    c.load(&path);
    c.iconst(0);
    c.anewarray("java/lang/String");
    call(
        c,
        "java/nio/file/Paths",
        "get",
        &format!("({S}[Ljava/lang/String;)Ljava/nio/file/Path;"),
    );
    c.iconst(0);
    c.anewarray("java/nio/file/LinkOption");
    call(
        c,
        "java/nio/file/Files",
        "isDirectory",
        "(Ljava/nio/file/Path;[Ljava/nio/file/LinkOption;)Z",
    );
    c.branch(If::Eq, not_dir);
    c.iconst(21);
    c.store(&errno);
    c.sconst("Is a directory");
    c.store(&text);
    c.goto(decided);
    c.bind(not_dir);
    let cases: [(Option<&str>, &str, i32, &str); 4] = [
        (
            Some("java/nio/file/NoSuchFileException"),
            "",
            2,
            "No such file or directory",
        ),
        (
            Some("java/nio/file/AccessDeniedException"),
            "",
            13,
            "Permission denied",
        ),
        (
            None,
            "No such file or directory",
            2,
            "No such file or directory",
        ),
        (None, "Permission denied", 13, "Permission denied"),
    ];
    for (class, needle, n, t) in cases {
        let next = c.label();
        match class {
            Some(cl) => {
                c.load(&e);
                c.instance_of(cl);
                c.branch(If::Eq, next);
            }
            None => {
                c.load(&m);
                c.sconst(needle);
                vcall(
                    c,
                    "java/lang/String",
                    "contains",
                    "(Ljava/lang/CharSequence;)Z",
                );
                c.branch(If::Eq, next);
            }
        }
        c.iconst(n);
        c.store(&errno);
        c.sconst(t);
        c.store(&text);
        c.goto(decided);
        c.bind(next);
    }
    c.bind(decided);
    new_sb(c);
    c.sconst("[Errno ");
    sb_append(c);
    c.load(&errno);
    vcall(
        c,
        "java/lang/StringBuilder",
        "append",
        "(I)Ljava/lang/StringBuilder;",
    );
    c.sconst("] ");
    sb_append(c);
    c.load(&text);
    sb_append(c);
    c.sconst(": ");
    sb_append(c);
    c.load(&path);
    call(c, STR, "repr", &format!("({S}){S}"));
    sb_append(c);
    sb_string(c);
    raise_top(c, l, B::OSError);
}
