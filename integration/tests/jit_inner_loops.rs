//! Inner loops met while tracing: when a trace comes round to the merge
//! point of an inner loop it already passed, and that loop has no compiled
//! code yet, the trace stops there (going on in that loop once it is
//! compiled) and the inner loop is traced on its own, instead of being
//! unrolled into the outer trace until the trace is too long. The
//! workload is the Brainfuck interpreter of `examples/` on its small
//! loop-based Mandelbrot program, whose record walks nest loops several
//! deep: before, 19 to 23 of its traces were aborted as too long (here,
//! with `share=100`); now none are, and it prints what the interpreter
//! prints.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

#[test]
fn traces_stop_at_inner_loops_instead_of_unrolling_them() {
    require_cc();
    let bf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/brainfuck");
    let prog = compile_py(&bf.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-inner-loops");
    let exe = dir.join("bf");
    build_native(&prog, &exe, "copying", false, true).expect("build");
    let program = bf.join("programs/mandel.b");
    let want = std::fs::read_to_string(program.with_extension("out")).expect("expected output");
    for (k, opts) in [
        "share=100",
        "threshold=50,share=100",
        "threshold=1,share=100",
    ]
    .iter()
    .enumerate()
    {
        let log = dir.join(format!("log-{k}"));
        let (out, text) = run_jit_logged(&exe, &[program.as_os_str()], opts, &log);
        assert_eq!(out, want, "{opts}: stdout differs");
        let field = |f: &str| jit_summary_field(&text, f).unwrap_or_else(|| panic!("no `{f}`"));
        assert!(
            field("loops") >= 20.0,
            "{opts}: only {} loops",
            field("loops")
        );
        assert_eq!(field("aborted"), 0.0, "{opts}: traces aborted");
        assert!(
            !text.contains("trace too long"),
            "{opts}: a trace was too long"
        );
    }
}
