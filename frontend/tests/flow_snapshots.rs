//! Snapshot tests of the flow-graph builder: each program under
//! `tests/flow/` (one per feature) is loaded and built, and the dump of the
//! whole program (`flow::dump::dump_program`) is compared with its snapshot
//! in `snapshots/flow/` at the top of the workspace. Review a changed
//! snapshot by reading it before accepting it (`cargo insta review`, or
//! `INSTA_UPDATE=always` and `git diff`).

use frontend::flow::build::build;
use frontend::flow::dump::dump_program;
use frontend::load::load_program;
use std::path::{Path, PathBuf};

fn flow_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/flow")
}

/// Loads, builds and dumps `tests/flow/<name>.py`; checks every graph.
fn dump(name: &str) -> String {
    let path = flow_dir().join(format!("{name}.py"));
    let loaded = load_program(&path).unwrap_or_else(|d| panic!("{name}: load errors: {d:?}"));
    let program = match build(&loaded) {
        Ok(p) => p,
        Err(diags) => {
            let lines: Vec<String> = diags.iter().map(|d| d.one_line(&loaded.sources)).collect();
            panic!("{name}: build errors:\n{}", lines.join("\n"));
        }
    };
    for (id, f) in program.funcs.iter() {
        if let Err(e) = f.graph.check() {
            panic!("{name}: {id} `{}` fails the graph check: {e}", f.name);
        }
    }
    dump_program(&program)
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        /// Every program of `tests/flow/` has a snapshot test.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                let text = dump(stringify!($name));
                let mut settings = insta::Settings::clone_current();
                settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/flow"));
                settings.set_prepend_module_to_snapshot(false);
                settings.set_input_file(flow_dir().join(concat!(stringify!($name), ".py")));
                settings.bind(|| insta::assert_snapshot!(stringify!($name), text));
            }
        )*
    };
}

snapshot_tests!(
    augassign,
    bool_ops,
    calls,
    compare_chain,
    comprehensions,
    del_stmt,
    for_iterables,
    for_range,
    fstrings,
    functions_params,
    globals_functions,
    if_elif_else,
    imports_main,
    loop_variable_after,
    module_startup,
    narrowing,
    nested_handlers,
    raise_assert,
    ssa_regions,
    subscripts,
    try_except,
    try_finally,
    unpacking,
    while_loops,
    with_open,
);

/// Modules of `tests/flow/` that are imported by a program, not programs.
const HELPER_MODULES: &[&str] = &["helper_module"];

#[test]
fn every_program_has_a_snapshot_test() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(flow_dir()).expect("tests/flow is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "py") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if !PROGRAMS.contains(&stem.as_str()) && !HELPER_MODULES.contains(&stem.as_str()) {
                missing.push(stem);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "programs without a snapshot test: {missing:?}"
    );
}
