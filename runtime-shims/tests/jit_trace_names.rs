//! The JIT log names the thunk of a residual call: `call thunkN:NAME(...)`
//! (the called function or the operation), or `call thunkN(...)` when the
//! thunk has no name. `trace::parse` reads both forms, and a printed trace
//! reads back to the same text.

use runtime_shims::jit::trace::{self, Op};
use std::collections::BTreeMap;

const NAMED: &str = "  r0 = input0()
  i1 = input1()
  i2 = call thunk97:int_mod(v1, 7)
  guard_no_exc() [guard #0 resume 0@3: v0 v1]
  r4 = call thunk12:Interp.run_frame(v0, v2)
  guard_no_exc() [guard #1 resume 0@5: v0 v1 v2]
  i6 = call thunk30:getfield[Frame.pc](v4)
  call thunk5(v0, const_ref#2)
  i8 = add(v6, v2)
  jump(v0, v8)
";

fn label_from(names: &BTreeMap<u32, String>) -> impl Fn(u32) -> String + '_ {
    move |t| trace::thunk_label(t, names.get(&t).map_or("", String::as_str))
}

#[test]
fn both_call_forms_parse_to_the_same_call() {
    let plain = trace::parse("i0 = input0()\ni1 = call thunk97(v0, 3)\n").expect("plain");
    let named = trace::parse("i0 = input0()\ni1 = call thunk97:int_mod(v0, 3)\n").expect("named");
    for t in [&plain, &named] {
        assert_eq!(t.ops[1].op, Op::Call(97));
        assert_eq!(t.ops[1].args.len(), 2);
    }
    let (_, names) =
        trace::parse_named("call thunk4:Node.eval(3)\ncall thunk5(1)\n").expect("parse");
    assert_eq!(names.get(&4).map(String::as_str), Some("Node.eval"));
    assert_eq!(names.get(&5), None);
}

#[test]
fn a_printed_trace_with_thunk_names_reads_back() {
    let (t, names) = trace::parse_named(NAMED).expect("parse");
    assert_eq!(names.len(), 3);
    assert_eq!(t.ops[2].op, Op::Call(97));
    assert_eq!(t.ops[4].op, Op::Call(12));
    assert_eq!(t.ops[6].op, Op::Call(30));
    assert_eq!(t.ops[7].op, Op::Call(5));
    let label = label_from(&names);
    let printed = t.render(&label);
    assert_eq!(printed, NAMED);
    assert!(printed.contains("  i2 = call thunk97:int_mod(v1, 7)\n"));
    assert!(printed.contains("  r4 = call thunk12:Interp.run_frame(v0, v2)"));
    assert!(printed.contains("  call thunk5(v0, const_ref#2)\n"));
    // Print, parse, print: the same text, names included.
    let (again, names2) = trace::parse_named(&printed).expect("parse printed");
    assert_eq!(names2, names);
    assert_eq!(again.render(&label_from(&names2)), printed);
}

#[test]
fn names_never_break_the_text_form() {
    assert_eq!(trace::thunk_label(3, ""), "thunk3");
    assert_eq!(trace::thunk_label(3, "int_mod"), "thunk3:int_mod");
    let odd = trace::thunk_label(8, "f(x, y) = z");
    assert_eq!(odd, "thunk8:f_x__y__=_z");
    let text = format!("i0 = input0()\ni1 = call {odd}(v0)\njump(v1)\n");
    let (t, names) = trace::parse_named(&text).expect("parse");
    assert_eq!(t.ops[1].op, Op::Call(8));
    assert_eq!(t.ops[1].kind, runtime_shims::jitcode::kind::INT);
    assert_eq!(t.ops[1].args.len(), 1);
    assert_eq!(names[&8], "f_x__y__=_z");
}
