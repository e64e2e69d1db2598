//! Errors of the runtime language are reported with the class, method and
//! line, never as panics; well-typed code compiles.

use super::{compile_sources, World};
use crate::meta::model::Assembly;

fn compile(src: &str) -> Result<(), String> {
    let mut asm = Assembly::new("t");
    let mut world = World::new(&mut asm);
    compile_sources(&mut asm, &mut world, &[("t.krt", src.to_string())])
}

#[test]
fn well_typed_code_compiles() {
    let src = "class A { static long f(long x, int y) { long s = 0; for (int i = 0; i < y; i++) { s += x * i; } return cond(s > 0, s, -s); } }";
    compile(src).unwrap();
}

#[test]
fn errors_name_the_place_and_the_problem() {
    let cases = [
        (
            "class A { static long f() { return y; } }",
            "unknown name `y`",
        ),
        (
            "class A { static long f() { string s = 1; return 0; } }",
            "cannot convert I4 to String",
        ),
        (
            "class A { static long f() { try { return 1; } catch (object e) { } return 0; } }",
            "return inside a try block",
        ),
        ("class A { static long f() { } }", "missing return"),
        ("class A { static void f() { B.g(); } }", "unknown"),
        (
            "class A { static void f() { break; } }",
            "break/continue outside a loop",
        ),
        ("class A { static void f( }", "expected"),
        (
            "class A { static void f() { int x = 'ab'; } }",
            "unterminated char",
        ),
    ];
    for (src, want) in cases {
        let err = compile(src).expect_err(src);
        assert!(err.contains(want), "{src}: {err}");
        assert!(err.contains("t.krt"), "{err}");
    }
}

#[test]
fn classes_cannot_be_defined_twice() {
    let err = compile("class A { } class A { }").unwrap_err();
    assert!(err.contains("defined twice"), "{err}");
}
