//! Verifier rules that the `.kir` parser already rejects (or cannot express
//! at all), checked on programs made with the builder API. Each test breaks
//! one rule and expects exactly that rule's message.
//!
//! Where the parser has its own rejection of the same mistake, the
//! corresponding `core-ir/filetests/parse/*.kir` file is named in the test.

use core_ir::builder::FunctionBuilder;
use core_ir::{
    BlockArg, BlockCall, BuiltinClass, ClassId, Imm, Opcode, Program, Terminator, Type, Value,
    ValueDef,
};
use cranelift_entity::EntityRef;

fn messages(prog: &Program) -> Vec<String> {
    match core_ir::verify(prog) {
        Ok(()) => vec![],
        Err(e) => e.iter().map(|x| x.to_string()).collect(),
    }
}

/// `func @f() -> int { block0: v0: int = iconst 1; return v0 }`, built.
fn tiny(p: &mut Program) -> core_ir::FuncId {
    let f = p.declare_function("f", vec![], Type::INT);
    let mut b = FunctionBuilder::new(p, f);
    let one = b.iconst(1);
    b.ret(Some(one));
    b.finish()
}

// ---- classes ----

/// Text: the base is named and must exist (parse/unknown_class.kir).
#[test]
fn base_class_that_does_not_exist() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    p.classes[a].base = Some(ClassId::new(999));
    assert_eq!(
        messages(&p),
        vec!["in class `A`: base class id 999 does not exist"]
    );
}

/// Text: the parser rejects cycles (parse/cycle.kir); here the shortest one.
#[test]
fn class_that_is_its_own_base() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    p.classes[a].base = Some(a);
    assert_eq!(
        messages(&p),
        vec!["in class `A`: the class is its own ancestor"]
    );
}

/// Text: a `field` line always declares a field of the enclosing class, so
/// no class can list another's field.
#[test]
fn class_listing_a_field_of_another_class() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    let b = p.add_class("B", None);
    let x = p.add_field(a, "x", Type::INT);
    p.classes[b].fields.push(x);
    assert_eq!(
        messages(&p),
        vec!["in class `B`: lists field `x` declared by another class"]
    );
}

/// Text: `method m = @f` resolves `m` along the class's bases only
/// (parse/override_unrelated.kir).
#[test]
fn override_of_a_method_of_an_unrelated_class() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    let b = p.add_class("B", None);
    let m = p.add_method(a, "m", vec![], Type::INT, None);
    let bt = p.instance_type(b);
    let g = p.declare_function("B.m", vec![bt], Type::INT);
    let mut fb = FunctionBuilder::new(&mut p, g);
    let one = fb.iconst(1);
    fb.ret(Some(one));
    fb.finish();
    p.override_method(b, m, g);
    assert_eq!(
        messages(&p),
        vec!["in class `B`: overrides method `m` of `A`, which is not a base class"]
    );
}

/// Text: `classattr K = $g` resolves `K` along the class's bases only
/// (parse/classattr_unrelated.kir).
#[test]
fn binding_a_class_attribute_of_an_unrelated_class() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    let b = p.add_class("B", None);
    let k = p.add_class_attr(a, "K", Type::INT);
    let g = p.add_global("K", Type::INT, true);
    p.bind_class_attr(a, k, g);
    p.bind_class_attr(b, k, g);
    assert_eq!(
        messages(&p),
        vec!["in class `B`: binds class attribute `K` of unrelated class `A`"]
    );
}

/// Text: `field x: void` is refused (parse/void_field.kir).
#[test]
fn field_of_type_void() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    p.add_field(a, "x", Type::VOID);
    assert_eq!(
        messages(&p),
        vec!["in class `A`: field `x` has type `void`"]
    );
}

/// Text: a field name appears once along a chain (parse/field_twice.kir).
#[test]
fn field_declared_twice_in_one_class() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    p.add_field(a, "x", Type::INT);
    p.add_field(a, "x", Type::STR);
    assert_eq!(
        messages(&p),
        vec!["in class `A`: field `x` is declared twice"]
    );
}

/// Text: a class overrides a slot once (parse/method_twice.kir).
#[test]
fn method_listed_twice() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    let m = p.add_method(a, "m", vec![], Type::INT, None);
    p.classes[a].methods.push((m, None));
    assert_eq!(
        messages(&p),
        vec!["in class `A`: method `m` is listed twice"]
    );
}

/// Text: a class attribute name appears once along a chain
/// (parse/classattr_twice.kir).
#[test]
fn class_attribute_declared_twice_along_a_chain() {
    let mut p = Program::new();
    let a = p.add_class("A", None);
    let b = p.add_class("B", Some(a));
    p.add_class_attr(a, "K", Type::INT);
    p.add_class_attr(b, "K", Type::INT);
    assert_eq!(
        messages(&p),
        vec!["in class `B`: class attribute `K` is declared twice along one chain of bases"]
    );
}

// ---- program items ----

/// Text: `global $g: void` is refused (parse/void_global.kir).
#[test]
fn global_of_type_void() {
    let mut p = Program::new();
    p.add_global("g", Type::VOID, false);
    assert_eq!(messages(&p), vec!["global `$g` has type `void`"]);
}

// ---- function layout ----

/// Text: the layout is the list of block labels, each defined by its label.
#[test]
fn layout_naming_a_block_that_does_not_exist() {
    let mut p = Program::new();
    let f = tiny(&mut p);
    p.funcs[f].layout.push(core_ir::Block::new(7));
    assert_eq!(
        messages(&p),
        vec!["in @f: layout names block7, which does not exist"]
    );
}

/// Text: a label may appear once (parse/block_twice.kir).
#[test]
fn layout_naming_a_block_twice() {
    let mut p = Program::new();
    let f = tiny(&mut p);
    let entry = p.funcs[f].layout[0];
    p.funcs[f].layout.push(entry);
    assert_eq!(
        messages(&p),
        vec!["in @f: block0 appears twice in the layout"]
    );
}

/// Text: every block ends in a terminator (parse/no_terminator.kir).
#[test]
fn block_without_terminator() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, f);
    b.iconst(1);
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0: the block has no terminator"]
    );
}

// ---- value definitions ----

/// Text: a value is defined once, by its position (parse/value_twice.kir).
/// Here a block parameter's recorded definition names another position.
#[test]
fn parameter_defined_elsewhere() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![Type::INT], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, f);
    let entry = b.entry_block();
    let v0 = b.block_params(entry)[0];
    b.ret(None);
    b.finish();
    p.funcs[f].values[v0].def = ValueDef::Param(entry, 5);
    assert_eq!(
        messages(&p),
        vec!["in @f, block0: parameter v0 is not defined here (or defined twice)"]
    );
}

/// The same for an instruction result whose recorded definition is lost.
#[test]
fn result_defined_elsewhere() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, f);
    let v0 = b.iconst(1);
    b.ret(None);
    b.finish();
    p.funcs[f].values[v0].def = ValueDef::Unused;
    assert_eq!(
        messages(&p),
        vec![
            "in @f, block0, `v0: int = iconst 1`: result v0 is not defined here (or defined twice)"
        ]
    );
}

// ---- operands and edges ----

/// Text: every operand names a defined value (parse/undefined_value.kir).
#[test]
fn instruction_operand_that_is_not_a_value() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::INT);
    let mut b = FunctionBuilder::new(&mut p, f);
    let r = b
        .ins(
            Opcode::IntNeg,
            Imm::None,
            &[Value::new(50)],
            Some(Type::INT),
        )
        .unwrap();
    b.ret(Some(r));
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `v0: int = int_neg v50`: an operand is not a value defined in this function"]
    );
}

/// The same rule for a terminator operand, and for a value that exists in
/// the function's arena but is defined in a block outside the layout.
#[test]
fn terminator_operand_that_is_not_a_value() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::INT);
    let mut b = FunctionBuilder::new(&mut p, f);
    b.ret(Some(Value::new(50)));
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `return v50`: an operand is not a value defined in this function"]
    );

    let g = p.declare_function("g", vec![], Type::INT);
    let mut b = FunctionBuilder::new(&mut p, g);
    let orphan = b.create_block();
    let v = b.append_block_param(orphan, Type::INT);
    b.ret(Some(v));
    b.switch_to_block(orphan);
    b.ret(Some(v));
    b.finish();
    p.funcs[g].layout.retain(|&x| x != orphan);
    assert_eq!(
        messages(&p),
        vec![
            "in @f, block0, `return v50`: an operand is not a value defined in this function",
            "in @g, block0, `return v0`: an operand is not a value defined in this function",
        ]
    );
}

/// Text: every edge argument names a defined value (parse/undefined_value.kir).
#[test]
fn edge_argument_that_is_not_a_value() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, f);
    let next = b.create_block();
    b.append_block_param(next, Type::INT);
    b.jump(next, &[Value::new(50)]);
    b.switch_to_block(next);
    b.ret(None);
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `jump block1(v50)`: argument 1 to block1 is not a value defined in this function"]
    );
}

/// Text: every edge names a block of the function (parse/undefined_block.kir).
/// Checked for a block id past the arena and for a block outside the layout.
#[test]
fn edge_to_a_block_that_is_not_in_the_function() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, f);
    b.jump(core_ir::Block::new(9), &[]);
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `jump block9`: block9 is not a block of this function"]
    );

    let g = p.declare_function("g", vec![], Type::VOID);
    let mut b = FunctionBuilder::new(&mut p, g);
    let orphan = b.create_block();
    b.jump(orphan, &[]);
    b.switch_to_block(orphan);
    b.ret(None);
    b.finish();
    p.funcs[g].layout.retain(|&x| x != orphan);
    assert_eq!(
        messages(&p)[1..],
        ["in @g, block0, `jump block1`: block1 is not a block of this function"]
    );
}

/// Text: `exc` is accepted only after `catch` (parse/exc_on_jump.kir); here
/// on a `switch` edge, which the builder takes as a `BlockCall`.
#[test]
fn exc_passed_on_a_normal_edge() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![Type::INT], Type::VOID);
    let exc = p.instance_type(BuiltinClass::Exception.id());
    let mut b = FunctionBuilder::new(&mut p, f);
    let n = b.block_params(b.entry_block())[0];
    let handler = b.create_block();
    b.append_block_param(handler, exc);
    let done = b.create_block();
    b.switch(
        n,
        vec![(
            0,
            BlockCall {
                block: handler,
                args: vec![BlockArg::Exc],
            },
        )],
        BlockCall::new(done, &[]),
    );
    b.switch_to_block(handler);
    b.ret(None);
    b.switch_to_block(done);
    b.ret(None);
    b.finish();
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `switch v0 [0: block1(exc)] default block2`: `exc` may only be passed on a `catch` edge"]
    );
}

/// The same through a `jump` whose edge is rewritten after building.
#[test]
fn exc_passed_on_a_jump() {
    let mut p = Program::new();
    let f = p.declare_function("f", vec![], Type::VOID);
    let exc = p.instance_type(BuiltinClass::Exception.id());
    let mut b = FunctionBuilder::new(&mut p, f);
    let entry = b.entry_block();
    let handler = b.create_block();
    b.append_block_param(handler, exc);
    b.ret(None);
    b.switch_to_block(handler);
    b.ret(None);
    b.finish();
    p.funcs[f].blocks[entry].term = Some(Terminator::Jump(BlockCall {
        block: handler,
        args: vec![BlockArg::Exc],
    }));
    assert_eq!(
        messages(&p),
        vec!["in @f, block0, `jump block1(exc)`: `exc` may only be passed on a `catch` edge"]
    );
}
