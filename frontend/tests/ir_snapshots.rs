//! IR snapshots: each small program of `tests/ir/` is translated by the
//! whole frontend, and the typed core IR of its own items is compared with
//! `snapshots/ir/NAME.snap`: the declarations (classes, globals, JIT
//! drivers) and every function whose name does not start with
//! `kiln_prelude.`, in program order. For the tiniest program (`hello`) the
//! whole program text is snapshotted, prelude start-up included. Read a
//! changed snapshot before accepting it (`cargo insta review`, or
//! `INSTA_UPDATE=always` and `git diff`).

mod pipeline_support;

use pipeline_support::{main_file, programs_in, translate};
use std::path::PathBuf;

/// Programs whose whole IR text is snapshotted.
const WHOLE_PROGRAM: &[&str] = &["hello"];

const PRELUDE: &str = "kiln_prelude.";

fn ir_dir() -> PathBuf {
    pipeline_support::crate_dir().join("tests/ir")
}

/// The declarations of `text` (the printer's canonical program text) that
/// belong to the program, not to the prelude: `class` blocks, `global` and
/// `jitdriver` lines.
fn own_declarations(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let belongs = |name: &str| !name.starts_with(PRELUDE) && !name.starts_with('$');
        if let Some(rest) = line.strip_prefix("class ") {
            let mut block = vec![line.to_string()];
            for l in lines.by_ref() {
                block.push(l.to_string());
                if l == "}" {
                    break;
                }
            }
            if belongs(rest) {
                items.push(block.join("\n"));
            }
        } else if let Some(rest) = line.strip_prefix("global $") {
            if !rest.starts_with(PRELUDE) {
                items.push(line.to_string());
            }
        } else if line.starts_with("jitdriver ") {
            items.push(line.to_string());
        }
    }
    items
}

/// The snapshot text of program `name`.
fn ir_text(name: &str) -> String {
    let main = main_file(&ir_dir(), name);
    let compiled = translate(&main).unwrap_or_else(|f| {
        panic!(
            "{name}: translation failed:\n{}",
            pipeline_support::rendered(&f)
        )
    });
    let program = &compiled.program;
    let whole = core_ir::text::print(program);
    if WHOLE_PROGRAM.contains(&name) {
        return whole;
    }
    let mut items = own_declarations(&whole);
    for (_, f) in program.funcs.iter() {
        if !f.flags.builtin && !f.name.starts_with(PRELUDE) {
            items.push(
                core_ir::text::print_function(program, f)
                    .trim_end()
                    .to_string(),
            );
        }
    }
    let mut text = items.join("\n\n");
    text.push('\n');
    text
}

macro_rules! ir_tests {
    ($($name:ident),* $(,)?) => {
        /// Every program of `tests/ir/` has a test.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                let text = ir_text(stringify!($name));
                let mut settings = insta::Settings::clone_current();
                settings.set_snapshot_path(pipeline_support::snapshot_dir("ir"));
                settings.set_prepend_module_to_snapshot(false);
                settings.set_input_file(main_file(&ir_dir(), stringify!($name)));
                settings.set_omit_expression(true);
                settings.bind(|| insta::assert_snapshot!(stringify!($name), text));
            }
        )*
    };
}

ir_tests!(
    arith,
    classes,
    containers,
    exceptions,
    func_values,
    hello,
    jit_driver,
    loops,
    narrowing,
    strings,
);

#[test]
fn every_program_has_a_snapshot_test() {
    let missing: Vec<String> = programs_in(&ir_dir())
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !PROGRAMS.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "programs without a snapshot test: {missing:?}"
    );
}
