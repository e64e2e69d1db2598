//! Snapshots (insta, under `snapshots/clr/`) of the IL listing of small
//! programs, read back from the written assembly by the crate's own
//! metadata reader: the program's classes and `Kiln.Code` (the runtime's
//! classes are left out of the listing). Each program also runs under Mono.

mod common;

use backend_clr::meta::{listing, reader};
use std::path::Path;

fn listing_of(name: &str) -> (String, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(format!("{name}.kir"));
    let src = std::fs::read_to_string(&path).unwrap();
    let prog = core_ir::parse(&src).expect("parses");
    core_ir::verify(&prog).expect("verifies");
    let bytes = backend_clr::assemble(&prog, name).expect("assembles");
    let module = reader::read(&bytes).expect("reads back");
    let keep = |t: &reader::TypeData| {
        t.name.starts_with("Py.") || t.name == "Kiln.Code" || t.name.starts_with("Kiln.Fn_")
    };
    (listing::listing(&module, &keep), bytes)
}

fn check(name: &str, want_stdout: &str) {
    let (text, _) = listing_of(name);
    insta::with_settings!({ snapshot_path => "../../snapshots/clr", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
    common::require_mono();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(format!("{name}.kir"));
    let prog = core_ir::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dir = common::scratch(&format!("snapshot_{name}"));
    let exe = common::build(&prog, &dir, name).expect("builds and verifies");
    let out = common::run(&exe, &dir, &[], "");
    assert_eq!(out.stdout, want_stdout);
}

#[test]
fn hello() {
    check("hello", "hello, world\n");
}

#[test]
fn shapes() {
    check("shapes", "4.5");
}

#[test]
fn catch_and_switch() {
    check("catch", "division failed\n");
}

#[test]
fn switch_chains() {
    let mut want = String::new();
    let mut x = 0;
    while x < 52 {
        let any = [46, 47, 48, 50].contains(&x);
        let none = ![1, 2, 3, 4].contains(&x);
        let pick = match x {
            1 => 10,
            2 => -5,
            3 => 30,
            4 => 77,
            _ => x,
        };
        want += &format!("any {}\nnone {}\npick {pick}\n", any as i32, none as i32);
        x = if x == 5 { 45 } else { x + 1 };
    }
    check("chains", &want);
}

#[test]
fn listing_is_deterministic() {
    assert_eq!(listing_of("shapes").1, listing_of("shapes").1);
}
