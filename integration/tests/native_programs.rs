//! The native backend's own test programs (`native_programs/NAME.py`, the
//! expected stdout in `NAME.out`, produced by CPython): each built with
//! each collector (the copying one also under `--gc-stress`) and run; a
//! program with a `JitDriver` is also built with the JIT and run with it
//! off, eager (`threshold=1`) and at a small threshold.

use kiln_integration::{build_native, compile_py, require_cc, scratch};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn programs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/native_programs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/native_programs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v
}

/// Stdout of `exe` run with `KILN_JIT=jit`, or a description of the failure.
fn run(exe: &std::path::Path, jit: &str) -> Result<String, String> {
    let out = Command::new(exe)
        .env("KILN_JIT", jit)
        .env_remove("KILN_JIT_LOG")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "exit {:?}; stderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The first line where `got` and `want` differ.
fn first_difference(got: &str, want: &str) -> String {
    let k = got
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(got.lines().count().min(want.lines().count()));
    format!(
        "stdout line {}: expected {:?}, got {:?}",
        k + 1,
        want.lines().nth(k).unwrap_or("<end>"),
        got.lines().nth(k).unwrap_or("<end>")
    )
}

#[test]
fn native_programs_print_what_cpython_prints() {
    require_cc();
    let progs = programs();
    assert!(!progs.is_empty(), "no programs in tests/native_programs");
    let mut failures = Vec::new();
    let mut runs = 0;
    for py in &progs {
        let name = py.file_stem().unwrap().to_string_lossy().into_owned();
        let want = std::fs::read_to_string(py.with_extension("out")).expect("NAME.out");
        let prog = match compile_py(py) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let has_driver = !prog.drivers.is_empty();
        let dir = scratch(&format!("native-programs-{name}"));
        let mut builds: Vec<(&str, bool, bool, &[&str])> = vec![
            ("marksweep", false, false, &["off"]),
            ("copying", false, false, &["off"]),
            ("copying", true, false, &["off"]),
        ];
        if has_driver {
            let jit: &[&str] = &["off", "threshold=1", "threshold=3"];
            builds.push(("marksweep", false, true, jit));
            builds.push(("copying", false, true, jit));
            builds.push(("copying", true, true, &["threshold=1"]));
        }
        for (gc, stress, jit, settings) in builds {
            let exe = dir.join(format!("p-{gc}-{stress}-{jit}"));
            let what = format!("{name} (--gc={gc}, stress {stress}, jit {jit})");
            if let Err(e) = build_native(&prog, &exe, gc, stress, jit) {
                failures.push(format!("{what}: build failed: {e}"));
                continue;
            }
            for s in settings {
                runs += 1;
                match run(&exe, s) {
                    Ok(got) if got == want => {}
                    Ok(got) => failures.push(format!(
                        "{what} KILN_JIT={s}: {}",
                        first_difference(&got, &want)
                    )),
                    Err(e) => failures.push(format!("{what} KILN_JIT={s}: {e}")),
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} of {runs} runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
