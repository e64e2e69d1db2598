//! Names the IR allows but CLR metadata or the runtime language would not
//! take as they are (dots, non-ASCII letters, `$`, Python dunders that look
//! like the backend's own helpers) are mangled or kept apart, and the
//! assembly still verifies and runs; uncaught exceptions keep the IR name.

mod common;

use core_ir::builder::FunctionBuilder;
use core_ir::{Imm, Opcode, Program, Type};

#[test]
fn odd_names_are_mangled_and_reported_as_written() {
    let mut p = Program::new();
    let exc = core_ir::BuiltinClass::Exception.id();
    let odd = p.add_class("módulo.Fehler$1", Some(exc));
    let odd_ty = p.instance_type(odd);
    let base = p.add_class("k$name", None);
    let base_ty = p.instance_type(base);
    p.add_field(base, "k$hash", Type::INT);
    let list_str = p.types.list(Type::STR);
    let f = p.declare_function("entry.point é", vec![list_str], Type::INT);
    p.entry = Some(f);
    let mut b = FunctionBuilder::new(&mut p, f);
    let entry = b.entry_block();
    b.switch_to_block(entry);
    let o = b.op_typed(Opcode::New, Imm::Class(base), &[], base_ty);
    let seven = b.iconst(7);
    let field = core_ir::FieldId::from_u32(1);
    b.op(Opcode::SetField, Imm::Field(field), &[o, seven]);
    let got = b.op(Opcode::GetField, Imm::Field(field), &[o]).unwrap();
    let text = b.op(Opcode::IntToStr, Imm::None, &[got]).unwrap();
    b.op(Opcode::StdoutWrite, Imm::None, &[text]);
    let e = b.op_typed(Opcode::New, Imm::Class(odd), &[], odd_ty);
    let msg = b.sconst("ünïcode ✓");
    b.op(Opcode::SetField, Imm::Field(p_message()), &[e, msg]);
    b.raise(e);
    b.finish();
    core_ir::verify(&p).expect("verifies");
    common::require_mono();
    let dir = common::scratch("names");
    let exe = common::build(&p, &dir, "names").expect("builds and verifies");
    let out = common::run(&exe, &dir, &[], "");
    assert_eq!(out.stdout, "7");
    assert_eq!(out.stderr, "módulo.Fehler$1: ünïcode ✓\n");
    assert_eq!(out.status, 1);
}

fn p_message() -> core_ir::FieldId {
    core_ir::FieldId::from_u32(0)
}
