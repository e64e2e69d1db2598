//! The JVM's limits: every generated class (runtime support included) is
//! loaded and initialized under `-Xverify:all`; branches beyond 32 KiB use
//! wide jumps; a method over 64 KiB of code is rejected with a clear
//! message instead of producing an invalid classfile; names that are
//! illegal on the JVM are escaped.

mod common;

use backend_jvm::classfile::access::*;
use backend_jvm::classfile::code::{Code, Invoke, Op};
use backend_jvm::classfile::frames::VType;
use backend_jvm::classfile::ClassWriter;
use std::fmt::Write as _;

/// A class whose `main` loads and initializes every named class.
fn load_all_class(names: &[String]) -> Vec<u8> {
    let mut cw = ClassWriter::new(PUBLIC | SUPER, "LoadAll", "java/lang/Object");
    let mut code = Code::new(&mut cw.pool, &[VType::obj("[Ljava/lang/String;")], false);
    for n in names {
        code.sconst(&n.replace('/', "."));
        code.invoke(
            Invoke::Static,
            "java/lang/Class",
            "forName",
            "(Ljava/lang/String;)Ljava/lang/Class;",
        );
        code.pop1();
    }
    code.getstatic("java/lang/System", "out", "Ljava/io/PrintStream;");
    code.sconst("loaded");
    code.invoke(
        Invoke::Virtual,
        "java/io/PrintStream",
        "println",
        "(Ljava/lang/String;)V",
    );
    code.ret(None);
    let done = code.finish().expect("LoadAll main");
    cw.add_method(
        PUBLIC | STATIC,
        "main",
        "([Ljava/lang/String;)V",
        Some(done),
    );
    cw.finish().expect("LoadAll class")
}

#[test]
fn every_class_of_a_jar_passes_the_verifier() {
    common::require_java();
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core-ir/filetests/run/objects.kir"
    ))
    .expect("objects.kir");
    let prog = core_ir::parse(&src).expect("parses");
    let (main, mut classes) = backend_jvm::compile_classes(&prog).expect("compiles");
    let names: Vec<String> = classes.iter().map(|(n, _)| n.clone()).collect();
    assert!(names.iter().any(|n| n == "kiln/rt/Fmt"));
    classes.push(("LoadAll".into(), load_all_class(&names)));
    let dir = common::scratch("load-all");
    let jar = dir.join("all.jar");
    backend_jvm::jar::write_jar(&jar, &main, &classes).expect("jar");
    let out = std::process::Command::new("java")
        .args(["-Xverify:all", "-cp"])
        .arg(&jar)
        .arg("LoadAll")
        .output()
        .expect("java runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "verification failed:\n{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "loaded\n");
}

/// A program whose loop body is `n` int additions (about 10 bytes each).
fn long_loop(n: usize) -> String {
    let mut body = String::new();
    let mut last = "v2".to_string();
    for k in 0..n {
        let _ = writeln!(body, "    v{}: int = int_add {last}, v3", 100 + k);
        last = format!("v{}", 100 + k);
    }
    format!(
        r#"
func @entry_point(list<str>) -> int {{
block0(v0: list<str>):
    v1: int = iconst 0
    v3: int = iconst 1
    jump block1(v1, v1)

block1(v4: int, v2: int):
    v5: int = iconst 3
    v6: bool = int_cmp lt v4, v5
    branch v6, block2, block3

block2:
{body}    v7: int = int_add v4, v3
    jump block1(v7, {last})

block3:
    v8: str = int_to_str v2
    stdout_write v8
    v9: int = iconst 0
    return v9
}}

entry @entry_point
"#
    )
}

#[test]
fn branches_over_32k_use_wide_jumps() {
    common::require_java();
    let prog = core_ir::parse(&long_loop(20000)).expect("parses");
    let dir = common::scratch("wide");
    let jar = common::build(&prog, &dir).expect("builds");
    let out = common::run_jar(&jar, &[], "", &dir);
    assert_eq!(out.stdout, "60000", "stderr: {}", out.stderr);
    let (_, classes) = backend_jvm::compile_classes(&prog).expect("compiles");
    let (_, main) = classes.iter().find(|(n, _)| n == "main").expect("main");
    // goto_w (0xc8) appears: the loop's back jump is too far for goto.
    assert!(main.contains(&0xc8));
}

#[test]
fn methods_over_64k_are_rejected_with_a_clear_message() {
    let prog = core_ir::parse(&long_loop(40000)).expect("parses");
    let err = match backend_jvm::compile_classes(&prog) {
        Ok(_) => panic!("a method over 64 KiB was accepted"),
        Err(e) => e,
    };
    assert!(
        err.contains("entry_point") && err.contains("65535"),
        "message: {err}"
    );
}

#[test]
fn names_illegal_on_the_jvm_are_escaped() {
    common::require_java();
    let src = r#"
class a.b<c> {
    field x;y: int
    method do/it() -> int = @a.b<c>.do/it
}

func @a.b<c>.do/it(a.b<c>) -> int {
block0(v0: a.b<c>):
    v1: int = getfield a.b<c>.x;y v0
    return v1
}

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: a.b<c> = new a.b<c>
    v2: int = iconst 41
    setfield a.b<c>.x;y v1, v2
    v3: int = call_method a.b<c>.do/it(v1)
    v4: str = int_to_str v3
    stdout_write v4
    v5: int = iconst 0
    return v5
}

entry @entry_point
"#;
    let prog = match core_ir::parse(src) {
        Ok(p) => p,
        // The text form may not accept such names; the builder does.
        Err(_) => return,
    };
    let dir = common::scratch("names");
    let jar = common::build(&prog, &dir).expect("builds");
    let out = common::run_jar(&jar, &[], "", &dir);
    assert_eq!(out.stdout, "41", "stderr: {}", out.stderr);
}

#[test]
fn a_frame_is_recorded_at_every_branch_target() {
    let mut pool = backend_jvm::classfile::pool::ConstantPool::new();
    let mut c = Code::new(&mut pool, &[VType::Int], false);
    let p = c.param(0);
    let yes = c.label();
    c.load(&p);
    c.branch(backend_jvm::classfile::code::If::Ne, yes);
    c.iconst(0);
    c.ret(Some(&VType::Int));
    c.bind(yes);
    c.iconst(1);
    c.op(Op::Ineg);
    c.ret(Some(&VType::Int));
    let done = c.finish().expect("finishes");
    // iload_0 ifne iconst_0 ireturn iconst_1 ineg ireturn
    assert_eq!(
        done.bytecode(),
        &[0x1a, 0x9a, 0, 5, 0x03, 0xac, 0x04, 0x74, 0xac]
    );
}

#[test]
fn functions_with_too_many_parameter_slots_are_rejected() {
    let params = vec!["int"; 130].join(", ");
    let vals: Vec<String> = (0..130).map(|k| format!("v{k}: int")).collect();
    let src = format!(
        r#"
func @wide({params}) -> int {{
block0({}):
    return v0
}}

func @entry_point(list<str>) -> int {{
block0(v0: list<str>):
    v1: int = iconst 0
    return v1
}}

entry @entry_point
"#,
        vals.join(", ")
    );
    let prog = core_ir::parse(&src).expect("parses");
    let err = match backend_jvm::compile_classes(&prog) {
        Ok(_) => panic!("260 parameter slots were accepted"),
        Err(e) => e,
    };
    assert!(err.contains("parameter slots"), "message: {err}");
}

#[test]
fn programs_with_methods_hotspot_would_not_compile_run_in_a_child_jvm_that_does() {
    common::require_java();
    // About 10 KB of bytecode in one method: over HotSpot's 8000-byte limit
    // for JIT compilation, so `main` runs the jar again with
    // -XX:-DontCompileHugeMethods; output and status pass through.
    let prog = core_ir::parse(&long_loop(5000)).expect("parses");
    let (_, classes) = backend_jvm::compile_classes(&prog).expect("compiles");
    let (_, boot) = classes
        .iter()
        .find(|(n, _)| n == "kiln/rt/Boot")
        .expect("Boot");
    let needle = b"-XX:-DontCompileHugeMethods";
    assert!(boot.windows(needle.len()).any(|w| w == needle));
    let dir = common::scratch("huge");
    let jar = common::build(&prog, &dir).expect("builds");
    let out = common::run_jar(&jar, &[], "", &dir);
    assert_eq!(out.stdout, "15000", "stderr: {}", out.stderr);
    assert_eq!(out.status, 0);
    // Small programs start in one JVM.
    let small = core_ir::parse(&long_loop(10)).expect("parses");
    let (_, classes) = backend_jvm::compile_classes(&small).expect("compiles");
    let (_, boot) = classes
        .iter()
        .find(|(n, _)| n == "kiln/rt/Boot")
        .expect("Boot");
    assert!(!boot.windows(needle.len()).any(|w| w == needle));
}
