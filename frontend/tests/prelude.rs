//! The prelude (`frontend/prelude/kiln_prelude.py`) and the `kiln` hint package
//! (`python/kiln/`) are Python; this test runs their checks from `cargo test`.
//!
//! * every function of the frontend's contract is defined in the prelude;
//! * `frontend/prelude/test_prelude.py` passes under `python3` (required) and,
//!   when it is installed, under `pypy3`: it compares every prelude function
//!   with the CPython built-in it replaces on edge cases and a seeded random
//!   sweep, lints the prelude for the constructs it may use, and checks that
//!   its variables keep one type;
//! * `python/tests/test_kiln.py`, the unit tests of the hint package, passes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The functions the frontend calls by name (the contract with the prelude).
const CONTRACT: &[&str] = &[
    // str
    "str_split",
    "str_split_ws",
    "str_splitlines",
    "str_strip",
    "str_lstrip",
    "str_rstrip",
    "str_strip_ws",
    "str_lstrip_ws",
    "str_rstrip_ws",
    "str_replace",
    "str_count",
    "str_index",
    "str_rindex",
    "str_isdigit",
    "str_isalpha",
    "str_isspace",
    "str_isalnum",
    "str_isupper",
    "str_islower",
    "str_isdecimal",
    "str_isnumeric",
    "str_ljust",
    "str_rjust",
    "str_center",
    "str_zfill",
    "str_slice_step",
    "str_chars",
    "str_ord",
    // slices
    "slice_indices",
    "list_slice_step",
    "list_set_slice_step",
    "list_del_slice_step",
    // numbers and text
    "int_from_str",
    "int_from_str_base",
    "int_to_hex",
    "format_int",
    "format_float",
    "format_str",
    "percent_int",
    "percent_float",
    "percent_str",
    // lists and ranges
    "list_contains",
    "list_index",
    "list_index_from",
    "list_remove",
    "list_count",
    "list_reverse",
    "list_eq",
    "list_concat",
    "list_repeat",
    "list_copy",
    "list_sort",
    "list_sorted",
    "list_min",
    "list_max",
    "list_sum_int",
    "list_sum_float",
    "list_repr",
    "range_list",
    "range_len",
    // dicts
    "dict_setdefault",
    "dict_pop_default",
    "dict_copy",
    "dict_update",
    "dict_repr",
];

/// The repository root (the parent of the `frontend` crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("frontend/ has a parent directory")
        .to_path_buf()
}

/// Whether `program` can be started (`program --version` runs).
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false)
}

/// Run `interpreter script` from the repository root; panic with its output if it fails.
fn run_python(interpreter: &str, script: &str) {
    let root = repo_root();
    let out = Command::new(interpreter)
        .arg(root.join(script))
        .current_dir(&root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .unwrap_or_else(|e| panic!("could not start {interpreter}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Shown with `cargo test -- --nocapture`; part of the failure message otherwise.
    println!("{stdout}");
    assert!(
        out.status.success(),
        "`{interpreter} {script}` failed ({}):\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
        out.status
    );
}

fn require_python3() {
    assert!(
        installed("python3"),
        "python3 is not installed: the prelude and the kiln package are checked against CPython. \
         Install Python 3.11 (e.g. `apt-get install python3`) and run the tests again."
    );
}

#[test]
fn prelude_defines_every_contract_function() {
    let path = repo_root().join("frontend/prelude/kiln_prelude.py");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let missing: Vec<&str> = CONTRACT
        .iter()
        .copied()
        .filter(|name| {
            let def = format!("def {name}(");
            !source.lines().any(|line| line.starts_with(&def))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} does not define: {}",
        path.display(),
        missing.join(", ")
    );
}

#[test]
fn prelude_matches_cpython() {
    require_python3();
    run_python("python3", "frontend/prelude/test_prelude.py");
}

#[test]
fn prelude_matches_under_pypy() {
    if !installed("pypy3") {
        eprintln!("pypy3 is not installed: skipping the PyPy run of test_prelude.py");
        return;
    }
    run_python("pypy3", "frontend/prelude/test_prelude.py");
}

#[test]
fn kiln_hint_package_unit_tests() {
    require_python3();
    run_python("python3", "python/tests/test_kiln.py");
    if installed("pypy3") {
        run_python("pypy3", "python/tests/test_kiln.py");
    }
}
