//! The JIT's time budget (`KILN_JIT=share=N`): beyond its first 30 ms of
//! tracing and compiling, the JIT may spend only N percent of the run's
//! time on them; traces it does not start then are counted as `throttled`
//! in the log's summary. Guard failures widen the budget by what they have
//! cost (2 us each at least). A throttled run prints exactly what an
//! unthrottled one prints. The workload is the Brainfuck interpreter of
//! `examples/` on `bench/brainfuck/mandel-unrolled.b`, whose long straight
//! loops cost far more to trace and compile than their guard failures
//! cost. Where traces are cheap, each time work is held back the share
//! grows (see `hot_share` in `runtime-shims/src/jit/runtime.rs`) and the
//! held-back loops are compiled later rather than never: the test checks
//! that the budget does hold the JIT back, not how many loops end up
//! compiled.

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
    let prog = bf.join("../../bench/brainfuck/mandel-unrolled.b");
    let off = std::process::Command::new(&exe)
        .arg(&prog)
        .env("KILN_JIT", "off")
        .output()
        .expect("run without the JIT");
    let want = String::from_utf8_lossy(&off.stdout).into_owned();
    assert!(
        want.lines().count() >= 10,
        "mandel-unrolled.b printed too little"
    );
    let mut logs = Vec::new();
    for share in [100, 1] {
        let log = dir.join(format!("log-{share}"));
        let jit = format!("share={share}");
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
    let failures = summary_field(free, "resuming_ms")
        .unwrap_or(0.0)
        .max(0.002 * summary_field(free, "guard_failures").unwrap_or(0.0));
    // Tracing and compiling everything takes far longer than the free
    // 30 ms and what the guard failures cost: a 1% share must hold the JIT
    // back.
    assert!(
        spent - failures > 60.0,
        "the workload no longer costs the JIT enough: {spent} ms, failures {failures} ms"
    );
    assert!(
        summary_field(capped, "throttled").unwrap_or(0.0) > 0.0,
        "share=1 after {spent} ms of JIT work: nothing throttled"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
