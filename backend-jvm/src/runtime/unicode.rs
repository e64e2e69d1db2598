//! `kiln.rt.Uni`: `char_class` (the bits of `str.isdigit` ... `isnumeric`
//! for one code point) from CPython's Unicode data, stored in the class as
//! one string constant of runs decoded by the static initializer.

use super::unicode_table::ranges;
use super::{call, method, UNI};
use crate::classfile::access::*;
use crate::classfile::code::{If, Op};
use crate::classfile::frames::VType;

/// Each number of the table is stored as a char at this offset (no NUL,
/// no surrogates).
const BIAS: u32 = 0x20;

/// The table as a string: per run, the first code point in two 12-bit
/// halves, then the class bits; each biased by [`BIAS`].
fn encoded(runs: &[(u32, u8)]) -> String {
    let mut s = String::with_capacity(runs.len() * 3);
    for &(start, class) in runs {
        for v in [start >> 12, start & 0xFFF, class as u32] {
            s.push(char::from_u32(v + BIAS).unwrap_or(' '));
        }
    }
    s
}

/// The class `kiln/rt/Uni`.
pub fn class() -> Result<Vec<u8>, String> {
    let mut cw = super::utility_class(UNI);
    cw.add_field(PRIVATE | STATIC | FINAL, "STARTS", "[I");
    cw.add_field(PRIVATE | STATIC | FINAL, "VALS", "[B");
    let runs = ranges();
    let table = encoded(&runs);
    method(&mut cw, STATIC, "<clinit>", "()V", |c| {
        let s = c.local(VType::obj("java/lang/String"));
        let n = c.local(VType::Int);
        let k = c.local(VType::Int);
        c.sconst(&table);
        c.store(&s);
        c.iconst(runs.len() as i32);
        c.store(&n);
        c.load(&n);
        c.newarray('I');
        c.putstatic(UNI, "STARTS", "[I");
        c.load(&n);
        c.newarray('B');
        c.putstatic(UNI, "VALS", "[B");
        c.iconst(0);
        c.store(&k);
        let head = c.label();
        let done = c.label();
        let ch = |c: &mut crate::classfile::code::Code, off: i32| {
            c.load(&s);
            c.load(&k);
            c.iconst(3);
            c.op(Op::Imul);
            c.iconst(off);
            c.op(Op::Iadd);
            super::vcall(c, "java/lang/String", "charAt", "(I)C");
            c.iconst(BIAS as i32);
            c.op(Op::Isub);
        };
        c.bind(head);
        c.load(&k);
        c.load(&n);
        c.branch(If::IcmpGe, done);
        c.getstatic(UNI, "STARTS", "[I");
        c.load(&k);
        ch(c, 0);
        c.iconst(12);
        c.op(Op::Ishl);
        ch(c, 1);
        c.op(Op::Ior);
        c.op(Op::Iastore);
        c.getstatic(UNI, "VALS", "[B");
        c.load(&k);
        ch(c, 2);
        c.op(Op::Bastore);
        c.iinc(&k, 1);
        c.goto(head);
        c.bind(done);
        c.ret(None);
    })?;
    method(&mut cw, PUBLIC | STATIC, "charClass", "(J)J", |c| {
        let cp = c.param(0);
        let i = c.local(VType::Int);
        let out = c.label();
        c.load(&cp);
        c.lconst(0);
        c.op(Op::Lcmp);
        c.branch(If::Lt, out);
        c.load(&cp);
        c.lconst(0x10FFFF);
        c.op(Op::Lcmp);
        c.branch(If::Gt, out);
        c.getstatic(UNI, "STARTS", "[I");
        c.load(&cp);
        c.op(Op::L2i);
        call(c, "java/util/Arrays", "binarySearch", "([II)I");
        c.store(&i);
        let found = c.label();
        c.load(&i);
        c.branch(If::Ge, found);
        c.iconst(-2);
        c.load(&i);
        c.op(Op::Isub);
        c.store(&i);
        c.bind(found);
        c.getstatic(UNI, "VALS", "[B");
        c.load(&i);
        c.op(Op::Baload);
        c.iconst(0xFF);
        c.op(Op::Iand);
        c.op(Op::I2l);
        c.ret(Some(&VType::Long));
        c.bind(out);
        c.lconst(0);
        c.ret(Some(&VType::Long));
    })?;
    cw.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_fits_one_constant_and_has_no_surrogates() {
        let s = encoded(&ranges());
        assert!(crate::classfile::pool::modified_utf8_len(&s) <= 65535);
        assert!(s.chars().all(|c| !(0xD800..0xE000).contains(&(c as u32))));
    }
}
