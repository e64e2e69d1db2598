//! End-to-end runs of the Kiln Python programs in `tests/programs/*.py`:
//! each is translated by the frontend, built, checked with `peverify` and
//! run under Mono; stdout must equal the `.out` file beside it (what CPython
//! prints for the same program).

mod common;

use std::path::{Path, PathBuf};

fn run_program(name: &str) {
    common::require_mono();
    let py: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(format!("{name}.py"));
    let want = std::fs::read_to_string(py.with_extension("out")).expect("expected output");
    let compiled = frontend::compile::compile(&py, &frontend::compile::Options::default())
        .unwrap_or_else(|f| panic!("frontend: {:?}", f.diagnostics));
    let dir = common::scratch(&format!("py_{name}"));
    let exe = common::build(&compiled.program, &dir, name).expect("builds and verifies");
    let out = common::run(&exe, &dir, &[], "");
    assert_eq!(out.status, 0, "exit status; stderr: {}", out.stderr);
    assert!(
        out.stdout == want,
        "stdout differs from CPython's: {}",
        common::first_difference(&want, &out.stdout)
    );
}

#[test]
fn switch_chains() {
    run_program("switch_chains");
}

#[test]
fn switch_chains_values() {
    run_program("switch_chains_values");
}

#[test]
fn field_reuse() {
    run_program("field_reuse");
}
