//! The writer's output read back by the reader: every name, signature, body
//! and clause survives, and the PE/CLI headers carry what Mono and peverify
//! need (metadata version `v4.0.30319`, IL-only flag, aligned sections).

use super::model::*;
use super::{listing, reader, writer};
use crate::il::{Br, ClauseKind, IlBuilder, Op};

fn sample() -> Assembly {
    let mut asm = Assembly::new("sample");
    let object = asm.ext_type("System", "Object");
    let exc = asm.ext_type("System", "Exception");
    let point = asm.add_type("Py", "Point", type_flags::PUBLIC, Some(object));
    asm.add_field(point, "x", field_flags::PUBLIC, Ty::I8);
    asm.add_field(
        point,
        "names",
        field_flags::PUBLIC | field_flags::STATIC,
        Ty::Array(Box::new(Ty::String)),
    );
    let sig = MethodSig::inst(vec![Ty::R8, Ty::Class(TypeRef::Def(point))], Ty::Bool);
    let m = asm.add_method(
        point,
        "Near",
        method_flags::PUBLIC | method_flags::VIRTUAL | method_flags::NEW_SLOT,
        sig,
    );
    let mut b = IlBuilder::new();
    let l = b.local(Ty::I4);
    let (end, out) = (b.label(), b.label());
    let start = b.offset();
    b.ldc_i4(1);
    b.stloc(l);
    b.leave(end);
    let handler = b.offset();
    b.set_depth(1);
    b.op(Op::Pop);
    b.ldc_i4(0);
    b.stloc(l);
    b.leave(end);
    let handler_end = b.offset();
    b.clause(
        ClauseKind::Catch(Ty::Class(exc)),
        start,
        handler,
        handler,
        handler_end,
    );
    b.mark(end);
    b.ldloc(l);
    b.br(Br::False, out);
    b.ldc_i4(1);
    b.ret(true);
    b.mark(out);
    b.ldc_i4(0);
    b.ret(true);
    asm.set_body(m, b.finish().unwrap());
    let main = asm.add_method(
        point,
        "Main",
        method_flags::PUBLIC | method_flags::STATIC,
        MethodSig::stat(vec![], Ty::Void),
    );
    let mut b = IlBuilder::new();
    b.ldc_i4(3);
    b.newarr(&Ty::Array(Box::new(Ty::I8)));
    b.op(Op::Pop);
    b.ldstr("héllo");
    b.op(Op::Pop);
    b.ret(false);
    asm.set_body(main, b.finish().unwrap());
    asm.entry = Some(main);
    asm
}

#[test]
fn names_signatures_and_bodies_survive() {
    let asm = sample();
    let bytes = writer::write(&asm).unwrap();
    let m = reader::read(&bytes).unwrap();
    assert_eq!(m.name, "sample");
    assert_eq!(m.version, "v4.0.30319");
    assert_eq!(m.token_name(m.entry), "Py.Point::Main");
    let t = m.types.iter().find(|t| t.name == "Py.Point").expect("type");
    assert_eq!(t.extends.as_deref(), Some("[mscorlib]System.Object"));
    assert_eq!(t.fields.len(), 2);
    assert_eq!(t.fields[1].ty.to_string(), "string[]");
    let near = &t.methods[0];
    assert!(near.sig.has_this);
    assert_eq!(near.sig.params[1].to_string(), "class Py.Point");
    let body = near.body.as_ref().unwrap();
    assert_eq!(
        body.code,
        asm.methods[0].body.as_ref().unwrap().code,
        "no tokens in this body"
    );
    assert_eq!(body.locals.len(), 1);
    assert_eq!(body.clauses.len(), 1);
    assert_eq!(
        m.token_name(body.clauses[0].class_token),
        "[mscorlib]System.Exception"
    );
    let text = listing::listing(&m, &|t| t.name == "Py.Point");
    assert!(text.contains("newarr int64[]"), "{text}");
    assert!(text.contains("ldstr \"héllo\""), "{text}");
    assert!(
        text.contains(".try IL_0000 to IL_0007 catch [mscorlib]System.Exception"),
        "{text}"
    );
}

#[test]
fn pe_headers_are_well_formed() {
    let bytes = writer::write(&sample()).unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
    let pe = u32_at(0x3c) as usize;
    assert_eq!(&bytes[pe..pe + 4], b"PE\0\0");
    assert_eq!(u16_at(pe + 4), 0x14c);
    let opt = pe + 24;
    assert_eq!(u16_at(opt), 0x10b, "PE32");
    assert_eq!(u32_at(opt + 32), 0x2000, "section alignment");
    assert_eq!(u32_at(opt + 36), 0x200, "file alignment");
    assert_eq!(bytes.len() % 0x200, 0);
    // CLI header: IL only, entry point is a MethodDef token.
    let cli_rva = u32_at(opt + 96 + 14 * 8);
    let cli = (cli_rva - 0x2000 + 0x200) as usize;
    assert_eq!(u32_at(cli), 72);
    assert_eq!(u32_at(cli + 16), 1);
    assert_eq!(u32_at(cli + 20) >> 24, 0x06);
}

#[test]
fn an_assembly_without_entry_point_is_an_error() {
    let mut asm = sample();
    asm.entry = None;
    assert!(writer::write(&asm).is_err());
}
