//! `repr()` of strings (CPython's quote choice and escapes, printable
//! characters kept) and of boxed values, for `kiln.rt.Str`.

use super::text::{ret_s, OBJ, S};
use super::{call, new_sb, sb_append, sb_append_char, sb_string, vcall, FMT, STR, UNI};
use crate::classfile::code::{Code, If, Invoke, Local, Op};
use crate::classfile::frames::VType;

pub(super) fn repr_body(c: &mut Code) {
    let s = c.param(0);
    let q = c.local(VType::Int);
    let sb = c.local(VType::obj("java/lang/StringBuilder"));
    let i = c.local(VType::Int);
    let cp = c.local(VType::Int);
    let notnull = c.label();
    c.load(&s);
    c.branch(If::NonNull, notnull);
    c.sconst("None");
    ret_s(c);
    c.bind(notnull);
    // quote: " if the text has ' and no ", else '
    let single = c.label();
    let quoted = c.label();
    c.iconst('\'' as i32);
    c.store(&q);
    c.load(&s);
    c.iconst('\'' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Lt, single);
    c.load(&s);
    c.iconst('"' as i32);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Ge, quoted);
    c.iconst('"' as i32);
    c.store(&q);
    c.goto(quoted);
    c.bind(single);
    c.bind(quoted);
    new_sb(c);
    c.store(&sb);
    c.load(&sb);
    c.load(&q);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    let next = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.branch(If::IcmpGe, done);
    c.load(&s);
    c.load(&i);
    vcall(c, "java/lang/String", "codePointAt", "(I)I");
    c.store(&cp);
    c.load(&i);
    c.load(&cp);
    call(c, "java/lang/Character", "charCount", "(I)I");
    c.op(Op::Iadd);
    c.store(&i);
    for (ch, esc) in [('\\', "\\\\"), ('\t', "\\t"), ('\n', "\\n"), ('\r', "\\r")] {
        let no = c.label();
        c.load(&cp);
        c.iconst(ch as i32);
        c.branch(If::IcmpNe, no);
        c.load(&sb);
        c.sconst(esc);
        sb_append(c);
        c.pop1();
        c.goto(next);
        c.bind(no);
    }
    let not_quote = c.label();
    c.load(&cp);
    c.load(&q);
    c.branch(If::IcmpNe, not_quote);
    c.load(&sb);
    c.iconst('\\' as i32);
    sb_append_char(c);
    c.load(&q);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.goto(next);
    c.bind(not_quote);
    let hex2 = c.label();
    let plain = c.label();
    let wide = c.label();
    c.load(&cp);
    c.iconst(0x20);
    c.branch(If::IcmpLt, hex2);
    c.load(&cp);
    c.iconst(0x7F);
    c.branch(If::IcmpEq, hex2);
    c.load(&cp);
    c.iconst(0x7F);
    c.branch(If::IcmpLt, plain);
    c.load(&cp);
    c.op(Op::I2l);
    call(c, UNI, "charClass", "(J)J");
    c.lconst(32);
    c.op(Op::Land);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Ne, plain);
    c.load(&cp);
    c.iconst(0xFF);
    c.branch(If::IcmpGt, wide);
    c.bind(hex2);
    hex(c, &sb, &cp, 2, "\\x");
    c.goto(next);
    c.bind(wide);
    let huge = c.label();
    c.load(&cp);
    c.iconst(0xFFFF);
    c.branch(If::IcmpGt, huge);
    hex(c, &sb, &cp, 4, "\\u");
    c.goto(next);
    c.bind(huge);
    hex(c, &sb, &cp, 8, "\\U");
    c.goto(next);
    c.bind(plain);
    c.load(&sb);
    c.load(&cp);
    vcall(
        c,
        "java/lang/StringBuilder",
        "appendCodePoint",
        "(I)Ljava/lang/StringBuilder;",
    );
    c.pop1();
    c.bind(next);
    c.goto(head);
    c.bind(done);
    c.load(&sb);
    c.load(&q);
    c.op(Op::I2c);
    sb_append_char(c);
    sb_string(c);
    ret_s(c);
}

fn hex(c: &mut Code, sb: &Local, cp: &Local, width: i32, prefix: &str) {
    c.load(sb);
    c.load(cp);
    c.iconst(width);
    c.sconst(prefix);
    call(
        c,
        STR,
        "hexEscape",
        &format!("(Ljava/lang/StringBuilder;II{S})V"),
    );
}

pub(super) fn reprobj_body(c: &mut Code) {
    let o = c.param(0);
    let none = c.label();
    c.load(&o);
    c.branch(If::Null, none);
    type Conv<'a> = &'a dyn Fn(&mut Code);
    let cases: [(&str, Conv); 5] = [
        ("java/lang/String", &|c: &mut Code| {
            call(c, STR, "repr", &format!("({S}){S}"));
        }),
        (super::PYOBJ, &|c: &mut Code| {
            c.invoke(Invoke::Interface, super::PYOBJ, "repr$", &format!("(){S}"));
        }),
        ("java/lang/Long", &|c: &mut Code| {
            vcall(c, "java/lang/Long", "toString", &format!("(){S}"));
        }),
        ("java/lang/Double", &|c: &mut Code| {
            vcall(c, "java/lang/Double", "doubleValue", "()D");
            call(c, FMT, "repr", &format!("(D){S}"));
        }),
        ("java/lang/Boolean", &|c: &mut Code| {
            vcall(c, "java/lang/Boolean", "booleanValue", "()Z");
            call(c, STR, "reprBool", &format!("(Z){S}"));
        }),
    ];
    for (class, conv) in cases {
        let next = c.label();
        c.load(&o);
        c.instance_of(class);
        c.branch(If::Eq, next);
        c.load(&o);
        c.checkcast(class);
        conv(c);
        ret_s(c);
        c.bind(next);
    }
    c.load(&o);
    call(c, "java/lang/String", "valueOf", &format!("({OBJ}){S}"));
    ret_s(c);
    c.bind(none);
    c.sconst("None");
    ret_s(c);
}
