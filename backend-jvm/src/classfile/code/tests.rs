//! Unit tests of the bytecode builder and its frames.

use super::*;

#[test]
fn descriptors_parse_into_verification_types() {
    let (p, r) = parse_method_descriptor("(J[ILjava/lang/String;D)Z");
    assert_eq!(
        p,
        vec![
            VType::Long,
            VType::obj("[I"),
            VType::obj("java/lang/String"),
            VType::Double
        ]
    );
    assert_eq!(r, Some(VType::Int));
    assert_eq!(parse_method_descriptor("()V"), (vec![], None));
}

#[test]
fn a_loop_records_one_frame_and_checks_the_back_edge() {
    let mut pool = ConstantPool::new();
    let mut c = Code::new(&mut pool, &[VType::Long], false);
    let n = c.param(0);
    let acc = c.local(VType::Long);
    c.lconst(0);
    c.store(&acc);
    let head = c.label();
    let done = c.label();
    c.bind(head);
    c.load(&n);
    c.lconst(0);
    c.op(Op::Lcmp);
    c.branch(If::Le, done);
    c.load(&acc);
    c.load(&n);
    c.op(Op::Ladd);
    c.store(&acc);
    c.load(&n);
    c.lconst(1);
    c.op(Op::Lsub);
    c.store(&n);
    c.goto(head);
    c.bind(done);
    c.load(&acc);
    c.ret(Some(&VType::Long));
    let f = c.finish().expect("finishes");
    assert_eq!(f.frame_count, 2);
    assert_eq!(f.max_locals, 4);
    assert_eq!(f.max_stack, 4);
}

#[test]
fn a_local_assigned_on_one_path_only_is_unusable_after_the_join() {
    let mut pool = ConstantPool::new();
    let mut c = Code::new(&mut pool, &[VType::Int], false);
    let p = c.param(0);
    let x = c.local(VType::Long);
    let join = c.label();
    c.load(&p);
    c.branch(If::Eq, join);
    c.lconst(7);
    c.store(&x);
    c.bind(join);
    c.load(&x);
    c.ret(Some(&VType::Long));
    match c.finish() {
        Err(CodeError::Other(m)) => assert!(m.contains("unassigned"), "{m}"),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn unreachable_code_is_dropped() {
    let mut pool = ConstantPool::new();
    let mut c = Code::new(&mut pool, &[], false);
    c.ret(None);
    c.iconst(1);
    c.pop1();
    let f = c.finish().expect("finishes");
    assert_eq!(f.bytecode(), &[0xb1]);
}

#[test]
fn far_branches_ask_for_wide_mode_and_wide_mode_works() {
    let build = |wide: bool| {
        let mut pool = ConstantPool::new();
        let mut c = Code::new(&mut pool, &[VType::Int], wide);
        let p = c.param(0);
        let end = c.label();
        c.load(&p);
        c.branch(If::Eq, end);
        for _ in 0..20000 {
            c.iconst(1);
            c.pop1();
        }
        c.bind(end);
        c.ret(None);
        c.finish().map(|f| f.frame_count)
    };
    assert_eq!(build(false), Err(CodeError::BranchTooFar));
    // The skip label and the target each get a frame.
    assert_eq!(build(true), Ok(2));
}

#[test]
fn handlers_get_the_locals_of_their_range_start() {
    let mut pool = ConstantPool::new();
    let mut c = Code::new(&mut pool, &[], false);
    let h = c.label();
    let s = c.local(VType::obj("java/lang/String"));
    c.sconst("x");
    c.store(&s);
    let t = c.start_try();
    c.load(&s);
    c.invoke(Invoke::Virtual, "java/lang/String", "length", "()I");
    c.pop1();
    c.end_try(t, h, None);
    c.ret(None);
    c.bind(h);
    c.pop1();
    c.ret(None);
    let f = c.finish().expect("finishes");
    assert_eq!(f.handlers.len(), 1);
    assert_eq!(f.frame_count, 1);
}
