//! Kiln Python programs of this crate's own (`tests/programs/*.py`, each
//! with the stdout CPython prints in `.out`): what the conformance suite
//! does not stress for the JVM (int-keyed dicts under many deletions,
//! non-ASCII and Java-reserved names, RecursionError caught repeatedly),
//! translated by the frontend and run with `java -Xverify:all`.

mod common;

use std::path::{Path, PathBuf};

#[test]
fn programs_print_what_cpython_prints() {
    common::require_java();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut progs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("programs dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    progs.sort();
    assert!(!progs.is_empty());
    let mut failures = Vec::new();
    for p in &progs {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let compiled = match frontend::compile::compile(p, &frontend::compile::Options::default()) {
            Ok(c) => c,
            Err(f) => {
                let first = f.diagnostics.first().map(|d| d.to_string());
                failures.push(format!("{name}: frontend: {}", first.unwrap_or_default()));
                continue;
            }
        };
        let scratch = common::scratch(&format!("prog-{name}"));
        let jar = match common::build(&compiled.program, &scratch) {
            Ok(j) => j,
            Err(e) => {
                failures.push(format!("{name}: build: {e}"));
                continue;
            }
        };
        let want = std::fs::read_to_string(p.with_extension("out")).expect("expected output");
        let out = common::run_jar(&jar, &[], "", &scratch);
        if out.stdout != want || out.status != 0 {
            failures.push(format!(
                "{name}: status {}, stdout:\n{}\nexpected:\n{want}\nstderr:\n{}",
                out.status, out.stdout, out.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
