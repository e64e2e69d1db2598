//! Loops and bridges written directly as x86-64 code (`jit/direct.rs`)
//! instead of through Cranelift: on the Brainfuck interpreter of
//! `examples/` running its small loop-based Mandelbrot program, with
//! every bridge traced early (`bridge_threshold=5`), nearly every loop and
//! bridge is written directly (the log marks them `, direct`), and the
//! program prints the same with direct code as with Cranelift's only
//! (`direct=0`), under both collectors.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

#[test]
fn directly_written_code_runs_as_cranelifts_does() {
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
            // Each `# loop` line is followed by its `# trace` line.
            let lines: Vec<&str> = text.lines().collect();
            let (mut loops, mut bridges, mut direct_loops, mut direct_bridges) = (0, 0, 0, 0);
            for w in lines.windows(2) {
                if !w[0].starts_with("# loop ") || !w[1].starts_with("# trace ") {
                    continue;
                }
                let bridge = w[0].contains("at bridge from");
                let direct = w[1].ends_with(", direct");
                if bridge {
                    bridges += 1;
                    direct_bridges += direct as usize;
                } else {
                    loops += 1;
                    direct_loops += direct as usize;
                }
            }
            let linked = jit_summary_field(&text, "linked").unwrap_or(0.0);
            counts.push((loops, bridges, direct_loops, direct_bridges, linked));
        }
        let (l0, b0, dl0, db0, _) = counts[0];
        let (l1, b1, dl1, db1, linked) = counts[1];
        assert_eq!(dl0 + db0, 0, "{gc}: direct code with direct=0");
        assert!(b0 >= 20 && b1 >= 20, "{gc}: few bridges ({b0}, {b1})");
        assert!(l0 >= 10 && l1 >= 10, "{gc}: few loops ({l0}, {l1})");
        // Nearly every trace of this interpreter is simple enough.
        assert!(
            db1 * 10 >= b1 * 9,
            "{gc}: only {db1} of {b1} bridges direct"
        );
        assert!(dl1 * 10 >= l1 * 9, "{gc}: only {dl1} of {l1} loops direct");
        assert!(linked >= 10.0, "{gc}: only {linked} guards linked");
    }
}
