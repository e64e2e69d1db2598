//! Greens are constants wherever a trace goes: a trace that passes a merge
//! point of its driver (the interpreted program returning to its caller,
//! say) guards the greens there to their values, so that what depends only
//! on them folds from there on, as it does from the trace's start. The
//! workload is the Prolog interpreter of `examples/` on its queens
//! benchmark, whose greens (the code and pc) come from the heap at a
//! predicate's exit: no trace may keep a call of the `@elidable` readers of
//! the code at the pc (`code.op_at`, `code.int_at`, `code.targs_at`), and
//! the output is the interpreter's own without the JIT.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;
use std::process::Command;

#[test]
fn greens_are_constants_after_every_merge_point_a_trace_passes() {
    require_cc();
    let pl = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/prolog");
    let prog = compile_py(&pl.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-green-constants");
    let exe = dir.join("pl");
    build_native(&prog, &exe, "copying", false, true).expect("build");
    let program = pl.join("bench/queens.pl");
    let off = Command::new(&exe)
        .arg(&program)
        .env("KILN_JIT", "off")
        .output()
        .expect("run without the JIT");
    let want = String::from_utf8_lossy(&off.stdout).into_owned();
    assert!(!want.is_empty(), "no output without the JIT");
    let log = dir.join("log");
    let (out, text) = run_jit_logged(&exe, &[program.as_os_str()], "share=100", &log);
    assert_eq!(out, want, "stdout differs from the run without the JIT");
    let loops = jit_summary_field(&text, "loops").unwrap_or(0.0);
    assert!(loops >= 5.0, "only {loops} loops");
    let optimized: Vec<&str> = text
        .split("## after optimization")
        .skip(1)
        .map(|t| t.split("\n# ").next().unwrap_or(""))
        .collect();
    for reader in ["code.op_at", "code.int_at", "code.targs_at"] {
        let left = optimized
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| l.contains(reader))
            .count();
        assert_eq!(left, 0, "{left} calls of {reader} left in the traces");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
