//! The JIT under a moving collector: a loop is keyed by its greens, and a
//! green that is an object moves at every collection of the copying GC.
//! The loop compiled for it must still be found when the program enters it
//! again (one loop in the JIT log's summary, not one per collection), and
//! the program must print what CPython prints (`jit_programs/*.out`).

use backend_native::{build_executable, NativeOptions};
use kiln_integration::{require_cc, scratch};
use std::path::PathBuf;
use std::process::Command;

fn program_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit_programs")
}

/// The `loops N` count of a JIT log's summary.
fn loops_in_log(log: &str) -> Option<u64> {
    let line = log.lines().find(|l| l.starts_with("loops "))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_loop_keyed_by_an_object_is_found_after_the_object_moved() {
    require_cc();
    let src = program_dir().join("moving_greens.py");
    let want = std::fs::read_to_string(src.with_extension("out")).expect("expected output");
    let compiled = frontend::compile::compile(&src, &frontend::compile::Options::default())
        .unwrap_or_else(|_| panic!("the frontend rejected {}", src.display()));
    let dir = scratch("jit-moving-gc");
    for (gc, stress) in [("copying", true), ("copying", false), ("marksweep", true)] {
        let exe = dir.join(format!("p-{gc}-{stress}"));
        let opts = NativeOptions {
            output: exe.clone(),
            gc: gc.to_string(),
            gc_stress: stress,
            jit: true,
        };
        build_executable(&compiled.program, &opts).expect("build");
        let log = dir.join(format!("log-{gc}-{stress}"));
        let out = Command::new(&exe)
            .arg("30")
            .env("KILN_JIT", "threshold=20")
            .env("KILN_JIT_LOG", &log)
            .output()
            .expect("run");
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(got, want, "--gc={gc} stress={stress}: stdout differs");
        let text = std::fs::read_to_string(&log).expect("JIT log");
        assert_eq!(
            loops_in_log(&text),
            Some(1),
            "--gc={gc} stress={stress}: the loop was compiled more than once (or never):\n{}",
            text.lines()
                .filter(|l| l.starts_with("loops") || l.starts_with("# loop"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
