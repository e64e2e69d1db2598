//! CPython's validation of an `open()` mode for `kiln.rt.IO`.

use super::io::{string, S};
use super::{call, raise, raise_top, vcall, STR};
use crate::classfile::code::{Code, If, Local, Op};
use crate::classfile::frames::VType;
use crate::layout::Layout;
use core_ir::BuiltinClass as B;

/// CPython's validation of an `open()` mode: 0 for reading, 1 for writing,
/// ValueError with CPython's message otherwise.
pub(super) fn check_mode_body(c: &mut Code, l: &Layout) {
    let mode = c.param(0);
    let seen = c.local(string());
    let i = c.local(VType::Int);
    let ch = c.local(VType::Int);
    let kinds = c.local(VType::Int);
    let invalid = c.label();
    let has = |c: &mut Code, s: &Local, ch: char| {
        c.load(s);
        c.iconst(ch as i32);
        vcall(c, "java/lang/String", "indexOf", "(I)I");
    };
    c.sconst("");
    c.store(&seen);
    c.iconst(0);
    c.store(&i);
    c.iconst(0);
    c.store(&kinds);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&i);
    c.load(&mode);
    vcall(c, "java/lang/String", "length", "()I");
    c.branch(If::IcmpGe, done);
    c.load(&mode);
    c.load(&i);
    vcall(c, "java/lang/String", "charAt", "(I)C");
    c.store(&ch);
    c.sconst("rwxabt+");
    c.load(&ch);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Lt, invalid);
    c.load(&seen);
    c.load(&ch);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Ge, invalid);
    let not_kind = c.label();
    c.sconst("rwxa");
    c.load(&ch);
    vcall(c, "java/lang/String", "indexOf", "(I)I");
    c.branch(If::Lt, not_kind);
    c.iinc(&kinds, 1);
    c.bind(not_kind);
    c.load(&seen);
    c.load(&ch);
    c.op(Op::I2c);
    call(c, "java/lang/String", "valueOf", &format!("(C){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    c.store(&seen);
    c.iinc(&i, 1);
    c.goto(head);
    c.bind(done);
    let not_tb = c.label();
    has(c, &seen, 't');
    c.branch(If::Lt, not_tb);
    has(c, &seen, 'b');
    c.branch(If::Lt, not_tb);
    raise(
        c,
        l,
        B::ValueError,
        "can't have text and binary mode at once",
    );
    c.bind(not_tb);
    let one = c.label();
    let some = c.label();
    c.load(&kinds);
    c.iconst(1);
    c.branch(If::IcmpEq, one);
    c.load(&kinds);
    c.branch(If::Ne, some);
    raise(
        c,
        l,
        B::ValueError,
        "Must have exactly one of create/read/write/append mode and at most one plus",
    );
    c.bind(some);
    raise(
        c,
        l,
        B::ValueError,
        "must have exactly one of create/read/write/append mode",
    );
    c.bind(one);
    for (m, r) in [
        ("r", 0),
        ("rt", 0),
        ("tr", 0),
        ("w", 1),
        ("wt", 1),
        ("tw", 1),
    ] {
        let next = c.label();
        c.load(&seen);
        c.sconst(m);
        vcall(c, "java/lang/String", "equals", "(Ljava/lang/Object;)Z");
        c.branch(If::Eq, next);
        c.iconst(r);
        c.ret(Some(&VType::Int));
        c.bind(next);
    }
    c.bind(invalid);
    c.sconst("invalid mode: ");
    c.load(&mode);
    call(c, STR, "repr", &format!("({S}){S}"));
    vcall(c, "java/lang/String", "concat", &format!("({S}){S}"));
    raise_top(c, l, B::ValueError);
}
