//! Linked guards: once a guard has a bridge, or reaches the merge point of
//! another compiled loop, compiled code goes on there by a tail call
//! instead of returning to the runtime. The workload is the Brainfuck
//! interpreter of `examples/` on its loop-based Mandelbrot program, whose
//! record walks take a different path through their inner loops at nearly
//! every iteration (many bridges, each ending in a loop). With links, the
//! run prints what the interpreter prints, the log's summary counts linked
//! guards, and far fewer exits reach the runtime than there are bridges'
//! worth of failures (each bridge is traced after 200 failures of its
//! guard; without links every later pass through it is one more).

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

#[test]
fn guards_go_on_in_their_bridges_and_loops_without_the_runtime() {
    require_cc();
    let bf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/brainfuck");
    let prog = compile_py(&bf.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-links");
    for gc in ["copying", "marksweep"] {
        let exe = dir.join(format!("bf-{gc}"));
        build_native(&prog, &exe, gc, false, true).expect("build");
        let program = bf.join("programs/mandel.b");
        let want = std::fs::read_to_string(program.with_extension("out")).expect("expected output");
        let log = dir.join(format!("log-{gc}"));
        let (out, text) =
            run_jit_logged(&exe, &[program.as_os_str()], "threshold=50,share=100", &log);
        assert_eq!(out, want, "{gc}: stdout differs");
        let field = |k: &str| jit_summary_field(&text, k).unwrap_or_else(|| panic!("no `{k}`"));
        let (loops, linked, failures) = (field("loops"), field("linked"), field("guard_failures"));
        assert!(
            linked >= 10.0,
            "{gc}: only {linked} guards linked ({loops} loops)"
        );
        // Every bridge costs 200 failures before it exists; the rest of
        // the failures are guards without a bridge yet, not linked ones.
        assert!(
            failures < 200.0 * loops + 20_000.0,
            "{gc}: {failures} guard failures for {loops} loops and {linked} links"
        );
    }
}
