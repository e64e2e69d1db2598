//! The JIT's time budget (`KILN_JIT=share=N`): beyond its first 30 ms of
//! tracing and compiling, the JIT may spend only N percent of the run's
//! time on them; traces it does not start then are counted as `throttled`
//! in the log's summary. A throttled run prints exactly what an unthrottled
//! one prints. The workload is the Brainfuck interpreter of `examples/` on
//! its generated Mandelbrot program with `threshold=1` (every loop traced
//! at once: many traces and bridges). Its traces are cheap (about 0.1 ms
//! each), so each time work is held back the share grows (see
//! `hot_share` in `runtime-shims/src/jit/runtime.rs`) and the held-back
//! loops are compiled later rather than never: the test checks that the
//! budget does hold the JIT back, not how many loops end up compiled.

use kiln_integration::{
    build_native, compile_py, jit_summary_field as summary_field, require_cc, run_jit_logged,
    scratch,
};
use std::path::PathBuf;

#[test]
fn the_jit_stops_tracing_when_its_share_of_the_time_is_spent() {
    require_cc();
    let bf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/brainfuck");
    let prog = compile_py(&bf.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-budget");
    let exe = dir.join("bf");
    build_native(&prog, &exe, "copying", false, true).expect("build");
    let prog = bf.join("programs/mandel.b");
    let want = std::fs::read_to_string(prog.with_extension("out")).expect("expected output");
    let mut logs = Vec::new();
    for share in [100, 1] {
        let log = dir.join(format!("log-{share}"));
        let jit = format!("threshold=1,share={share}");
        let (out, text) = run_jit_logged(&exe, &[prog.as_os_str()], &jit, &log);
        assert_eq!(out, want, "share={share}: stdout differs");
        logs.push(text);
    }
    let (free, capped) = (&logs[0], &logs[1]);
    assert_eq!(
        summary_field(free, "throttled"),
        Some(0.0),
        "share=100 never throttles"
    );
    let spent = summary_field(free, "tracing_ms").unwrap_or(0.0)
        + summary_field(free, "compiling_ms").unwrap_or(0.0);
    // When tracing and compiling everything takes longer than the free
    // 30 ms, a 1% share must hold the JIT back.
    if spent > 40.0 {
        assert!(
            summary_field(capped, "throttled").unwrap_or(0.0) > 0.0,
            "share=1 after {spent} ms of JIT work: nothing throttled"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
