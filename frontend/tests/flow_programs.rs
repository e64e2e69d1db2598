//! Every conformance program (`../shared/conformance/*.py`), every test
//! program of `tests/flow/` and the frontend's prelude load and build with
//! no diagnostics, and every graph satisfies the model's invariants
//! (`FlowGraph::check`) plus minimality: no redundant and no dead block
//! parameters.

mod flow_support;

use frontend::flow::build::build;
use frontend::load::load_program;
use std::path::{Path, PathBuf};

fn py_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "py")
            && !skip.iter().any(|s| p.file_name().is_some_and(|n| n == *s))
    });
    files.sort();
    files
}

/// Loads and builds `path`; returns the problems found.
fn problems(path: &Path) -> Vec<String> {
    let loaded = match load_program(path) {
        Ok(l) => l,
        Err(diags) => {
            return diags
                .iter()
                .map(|d| format!("{}: load: {}", path.display(), d.message))
                .collect()
        }
    };
    match build(&loaded) {
        Ok(program) => flow_support::check_program(&program, &loaded.sources)
            .into_iter()
            .map(|e| format!("{}: {e}", path.display()))
            .collect(),
        Err(diags) => diags.iter().map(|d| d.one_line(&loaded.sources)).collect(),
    }
}

#[test]
fn conformance_programs_build_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    if !dir.is_dir() {
        println!(
            "note: {} is absent; conformance programs not checked",
            dir.display()
        );
        return;
    }
    let files = py_files(&dir, &["conf_helper_util.py"]);
    assert!(
        files.len() >= 40,
        "expected the conformance programs in {}",
        dir.display()
    );
    let all: Vec<String> = files.iter().flat_map(|f| problems(f)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn test_programs_build_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/flow");
    let files = py_files(&dir, &["helper_module.py"]);
    assert!(files.len() >= 20);
    let all: Vec<String> = files.iter().flat_map(|f| problems(f)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn prelude_builds_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("prelude/kiln_prelude.py");
    if !path.is_file() {
        println!("note: {} is absent; prelude not checked", path.display());
        return;
    }
    let all = problems(&path);
    assert!(all.is_empty(), "{}", all.join("\n"));
}
