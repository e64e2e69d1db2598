//! `float(s)` of `kiln.rt.Fmt`: Python's float syntax (whitespace, sign,
//! `inf`/`nan` in any case, underscores between digits, Unicode decimal
//! digits), ValueError with the repr of the text otherwise.
use super::fmt::{string, S};
use super::{call, new_sb, raise_top, sb_append_char, sb_string, vcall, FMT, STR};
use crate::classfile::code::{Code, If, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

/// `s` with every non-ASCII decimal digit replaced by its ASCII digit.
pub(super) fn ascii_digits_body(c: &mut Code) {
    let s = c.param(0);
    let sb = c.local(VType::obj("java/lang/StringBuilder"));
    let i = c.local(VType::Int);
    let ch = c.local(VType::Int);
    new_sb(c);
    c.store(&sb);
    c.iconst(0);
    c.store(&i);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&s);
    vcall(c, "java/lang/String", "length", "()I");
    c.branch(If::IcmpGe, done);
    c.load(&s);
    c.load(&i);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.store(&ch);
    let keep = c.label();
    let appended = c.label();
    c.load(&ch);
    c.iconst(128);
    c.branch(If::IcmpLt, keep);
    c.load(&ch);
    call(c, "java/lang/Character", "isDigit", "(C)Z");
    c.branch(If::Eq, keep);
    c.load(&sb);
    c.load(&ch);
    c.iconst(10);
    call(c, "java/lang/Character", "digit", "(CI)I");
    c.iconst('0' as i32);
    c.op(Op::Iadd);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.goto(appended);
    c.bind(keep);
    c.load(&sb);
    c.load(&ch);
    c.op(Op::I2c);
    sb_append_char(c);
    c.pop1();
    c.bind(appended);
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    c.load(&sb);
    sb_string(c);
    c.ret(Some(&string()));
}

pub(super) fn parse_body(c: &mut Code, l: &Layout) {
    let s = c.param(0);
    super::none_check(
        c,
        l,
        &s,
        B::TypeError,
        "float() argument must be a string or a real number, not 'NoneType'",
    );
    let t = c.local(string());
    let body = c.local(string());
    let neg = c.local(VType::Int);
    c.load(&s);
    vcall(c, "java/lang/String", "strip", &format!("(){S}"));
    call(c, FMT, "asciiDigits", &format!("({S}){S}"));
    c.store(&t);
    c.load(&t);
    c.getstatic("java/util/Locale", "ROOT", "Ljava/util/Locale;");
    vcall(
        c,
        "java/lang/String",
        "toLowerCase",
        &format!("(Ljava/util/Locale;){S}"),
    );
    c.store(&body);
    c.iconst(0);
    c.store(&neg);
    let unsigned = c.label();
    let minus = c.label();
    let strip = c.label();
    c.load(&body);
    c.sconst("-");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Ne, minus);
    c.load(&body);
    c.sconst("+");
    vcall(c, "java/lang/String", "startsWith", &format!("({S})Z"));
    c.branch(If::Ne, strip);
    c.goto(unsigned);
    c.bind(minus);
    c.iconst(1);
    c.store(&neg);
    c.bind(strip);
    c.load(&body);
    c.iconst(1);
    vcall(c, "java/lang/String", "substring", &format!("(I){S}"));
    c.store(&body);
    c.bind(unsigned);
    for (word, value) in [
        ("inf", f64::INFINITY),
        ("infinity", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let next = c.label();
        c.load(&body);
        c.sconst(word);
        vcall(c, "java/lang/String", "equals", "(Ljava/lang/Object;)Z");
        c.branch(If::Eq, next);
        let pos = c.label();
        c.load(&neg);
        c.branch(If::Eq, pos);
        c.dconst(-value);
        c.ret(Some(&VType::Double));
        c.bind(pos);
        c.dconst(value);
        c.ret(Some(&VType::Double));
        c.bind(next);
    }
    let bad = c.label();
    c.getstatic(FMT, "FLOAT", "Ljava/util/regex/Pattern;");
    c.load(&t);
    vcall(
        c,
        "java/util/regex/Pattern",
        "matcher",
        "(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;",
    );
    vcall(c, "java/util/regex/Matcher", "matches", "()Z");
    c.branch(If::Eq, bad);
    c.load(&t);
    c.sconst("_");
    c.sconst("");
    vcall(
        c,
        "java/lang/String",
        "replace",
        &format!("(Ljava/lang/CharSequence;Ljava/lang/CharSequence;){S}"),
    );
    call(c, "java/lang/Double", "parseDouble", &format!("({S})D"));
    c.ret(Some(&VType::Double));
    c.bind(bad);
    c.sconst("could not convert string to float: ");
    c.load(&s);
    call(c, STR, "repr", &format!("({S}){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    raise_top(c, l, B::ValueError);
}
