//! Bridges written directly as x86-64 code (`jit/direct.rs`) instead of
//! through Cranelift: on the Brainfuck interpreter of `examples/` running
//! its small loop-based Mandelbrot program, with every bridge traced
//! early (`bridge_threshold=5`), most bridges are written directly (the
//! log marks them `, direct`), and the program prints the same with
//! direct code as with Cranelift's only (`direct=0`), under both
//! collectors.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

#[test]
fn directly_written_bridges_run_as_cranelifts_do() {
    require_cc();
    let bf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/brainfuck");
    let prog = compile_py(&bf.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-direct");
    let program = bf.join("programs/mandel.b");
    let want = std::fs::read_to_string(program.with_extension("out")).expect("expected output");
    for gc in ["copying", "marksweep"] {
        let exe = dir.join(format!("bf-{gc}"));
        build_native(&prog, &exe, gc, false, true).expect("build");
        let mut counts = Vec::new();
        for direct in [0, 1] {
            let opts = format!("threshold=50,bridge_threshold=5,share=100,direct={direct}");
            let log = dir.join(format!("log-{gc}-{direct}"));
            let (out, text) = run_jit_logged(&exe, &[program.as_os_str()], &opts, &log);
            assert_eq!(out, want, "{gc} {opts}: stdout differs");
            let bridges = text
                .lines()
                .filter(|l| l.starts_with("# loop ") && l.contains("at bridge from"))
                .count();
            let direct_code = text
                .lines()
                .filter(|l| l.starts_with("# trace ") && l.ends_with(", direct"))
                .count();
            let linked = jit_summary_field(&text, "linked").unwrap_or(0.0);
            counts.push((bridges, direct_code, linked));
        }
        let (b0, d0, _) = counts[0];
        let (b1, d1, linked) = counts[1];
        assert_eq!(d0, 0, "{gc}: direct code with direct=0");
        assert!(b0 >= 20 && b1 >= 20, "{gc}: few bridges ({b0}, {b1})");
        // Nearly every bridge of this interpreter is simple enough.
        assert!(d1 * 10 >= b1 * 9, "{gc}: only {d1} of {b1} bridges direct");
        assert!(linked >= 10.0, "{gc}: only {linked} guards linked");
    }
}
