//! The JIT under a moving collector: a loop is keyed by its greens, and a
//! green that is an object moves at every collection of the copying GC.
//! The loop compiled for it must still be found when the program enters it
//! again (one loop in the JIT log's summary, not one per collection), and
//! the program must print what CPython prints (`jit_programs/*.out`).

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

fn program_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit_programs")
}

#[test]
fn a_loop_keyed_by_an_object_is_found_after_the_object_moved() {
    require_cc();
    let src = program_dir().join("moving_greens.py");
    let want = std::fs::read_to_string(src.with_extension("out")).expect("expected output");
    let prog = compile_py(&src).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-moving-gc");
    for (gc, stress) in [("copying", true), ("copying", false), ("marksweep", true)] {
        let exe = dir.join(format!("p-{gc}-{stress}"));
        build_native(&prog, &exe, gc, stress, true).expect("build");
        let log = dir.join(format!("log-{gc}-{stress}"));
        let (got, text) = run_jit_logged(&exe, &["30".as_ref()], "threshold=20", &log);
        assert_eq!(got, want, "--gc={gc} stress={stress}: stdout differs");
        assert_eq!(
            jit_summary_field(&text, "loops"),
            Some(1.0),
            "--gc={gc} stress={stress}: the loop was compiled more than once (or never):\n{}",
            text.lines()
                .filter(|l| l.starts_with("loops") || l.starts_with("# loop"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
