//! Snapshots of the classfiles of small programs, read back with `cafebabe`
//! (not `javap`, whose text changes between JDKs) and listed in a stable
//! form: members, bytecode with resolved constants, exception tables and
//! StackMapTable frames. They live in `snapshots/jvm/`; accept changes
//! with `cargo insta review` (or `INSTA_UPDATE=always`).

use cafebabe::attributes::AttributeData;
use std::fmt::Write as _;

/// A stable listing of one classfile.
fn listing(bytes: &[u8]) -> String {
    let mut opts = cafebabe::ParseOptions::default();
    opts.parse_bytecode(true);
    let class = cafebabe::parse_class_with_options(bytes, &opts).expect("a valid classfile");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "class {} extends {} (version {}.{}, flags {:?})",
        class.this_class,
        class
            .super_class
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
        class.major_version,
        class.minor_version,
        class.access_flags
    );
    for i in &class.interfaces {
        let _ = writeln!(out, "  implements {i}");
    }
    for f in &class.fields {
        let _ = writeln!(
            out,
            "  field {} {} {:?}",
            f.name, f.descriptor, f.access_flags
        );
    }
    for m in &class.methods {
        let _ = writeln!(
            out,
            "\n  method {}{} {:?}",
            m.name, m.descriptor, m.access_flags
        );
        for a in &m.attributes {
            let AttributeData::Code(code) = &a.data else {
                continue;
            };
            let _ = writeln!(
                out,
                "    max_stack {} max_locals {}",
                code.max_stack, code.max_locals
            );
            if let Some(bc) = &code.bytecode {
                for (off, op) in &bc.opcodes {
                    let _ = writeln!(out, "    {off:5}: {op:?}");
                }
            }
            for h in &code.exception_table {
                let _ = writeln!(
                    out,
                    "    handler [{}, {}) -> {} catch {:?}",
                    h.start_pc,
                    h.end_pc,
                    h.handler_pc,
                    h.catch_type.as_ref().map(|c| c.to_string())
                );
            }
            for ca in &code.attributes {
                if let AttributeData::StackMapTable(frames) = &ca.data {
                    for fr in frames {
                        let _ = writeln!(out, "    frame {fr:?}");
                    }
                }
            }
        }
    }
    out
}

fn classes_of(src: &str) -> Vec<(String, Vec<u8>)> {
    let prog = core_ir::parse(src).expect("parses");
    backend_jvm::compile_classes(&prog).expect("compiles").1
}

fn snapshot(name: &str, src: &str, wanted: &[&str]) {
    let classes = classes_of(src);
    let mut text = String::new();
    for w in wanted {
        let w = &if w.contains("$tuple/*") {
            let prefix = w.trim_end_matches('*');
            classes
                .iter()
                .map(|(n, _)| n.clone())
                .find(|n| n.starts_with(prefix))
                .unwrap_or_default()
        } else {
            w.to_string()
        };
        let (_, bytes) = classes
            .iter()
            .find(|(n, _)| n == w)
            .unwrap_or_else(|| panic!("no class {w}"));
        text.push_str(&listing(bytes));
        text.push('\n');
    }
    insta::with_settings!({
        snapshot_path => "../../snapshots/jvm",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn recursive_function_with_a_loop() {
    snapshot(
        "fib",
        r#"
func @fib(int) -> int {
block0(v0: int):
    v1: int = iconst 2
    v2: bool = int_cmp lt v0, v1
    branch v2, block1, block2

block1:
    return v0

block2:
    v3: int = iconst 1
    v4: int = int_sub v0, v3
    v5: int = call @fib(v4)
    v6: int = int_sub v4, v3
    v7: int = call @fib(v6)
    v8: int = int_add v5, v7
    return v8
}

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: int = iconst 0
    jump block1(v1, v1)

block1(v2: int, v3: int):
    v4: int = iconst 10
    v5: bool = int_cmp lt v2, v4
    branch v5, block2, block3

block2:
    v6: int = call @fib(v2)
    v7: int = int_add v3, v6
    v8: int = iconst 1
    v9: int = int_add v2, v8
    jump block1(v9, v7)

block3:
    v10: str = int_to_str v3
    stdout_write v10
    return v1
}

entry @entry_point
"#,
        &["main"],
    );
}

#[test]
fn classes_virtual_methods_and_a_catch_edge() {
    snapshot(
        "shape",
        r#"
class Shape {
    field size: float
    method area() -> float
}

class Square: Shape {
    method area = @Square.area
}

func @Square.area(Square) -> float {
block0(v0: Square):
    v1: float = getfield Shape.size v0
    v2: float = float_mul v1, v1
    return v2
}

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: Square = new Square
    v2: float = fconst 1.5
    setfield Shape.size v1, v2
    v3: float = call_method Shape.area(v1) catch block1(exc)
    jump block2

block1(v4: Exception):
    v5: int = iconst 1
    return v5

block2:
    v6: str = float_repr v3
    stdout_write v6
    v7: int = iconst 0
    return v7
}

entry @entry_point
"#,
        &["main/Shape", "main/Square", "main"],
    );
}

#[test]
fn tuples_as_dict_keys() {
    snapshot(
        "tuple",
        r#"
func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: dict<tuple<int, str>, float> = dict_new
    v2: int = iconst 1
    v3: str = sconst "a"
    v4: tuple<int, str> = tuple_new v2, v3
    v5: float = fconst 2.5
    dict_setitem v1, v4, v5
    v6: float = dict_getitem v1, v4
    v7: str = float_repr v6
    stdout_write v7
    v8: int = iconst 0
    return v8
}

entry @entry_point
"#,
        &["main/$tuple/*", "main"],
    );
}

#[test]
fn a_chain_of_equality_tests_becomes_a_switch() {
    snapshot(
        "dispatch",
        r#"
global $ADD: int readonly

func @init() {
block0:
    v0: int = iconst 7
    global_set $ADD v0
    return
}

func @step(int, int) -> int {
block0(v0: int, v1: int):
    v2: int = iconst 0
    v3: bool = int_cmp eq v0, v2
    branch v3, block1, block2

block1:
    return v1

block2:
    v4: int = global_get $ADD
    v5: bool = int_cmp eq v0, v4
    branch v5, block3, block4

block3:
    v6: int = int_add v1, v1
    return v6

block4:
    v7: int = iconst 9
    v8: bool = int_cmp eq v0, v7
    branch v8, block5, block6

block5:
    v9: int = int_neg v1
    return v9

block6:
    v10: int = iconst -1
    return v10
}

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: int = iconst 7
    v2: int = iconst 5
    v3: int = call @step(v1, v2)
    v4: str = int_to_str v3
    stdout_write v4
    return v3
}

startup @init

entry @entry_point
"#,
        &["main"],
    );
}
