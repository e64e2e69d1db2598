//! Every program of the shared conformance suite (`../shared/conformance`,
//! beside the workspace), translated by the frontend, built as a native
//! executable with each collector (and the copying one under
//! `--gc-stress`), run, and compared with CPython's stdout, exit status and
//! last stderr line.

use kiln_integration::{build_native, compile_py, require_cc, run, scratch, Expect};
use std::path::{Path, PathBuf};

fn suite_dir() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for cand in [
        here.join("../../shared/conformance"),
        here.join("../shared/conformance"),
    ] {
        if cand.is_dir() {
            return cand;
        }
    }
    panic!("the conformance suite was not found in ../shared/conformance beside the workspace");
}

fn programs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("conformance dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.as_bytes()[0].is_ascii_digit())
        })
        .collect();
    v.sort();
    v
}

/// Expectations from `NNN.out` and `NNN.meta`; the last stderr line in `stderr`.
fn expect(py: &Path, out_dir: &Path) -> Expect {
    let mut e = Expect {
        stdout: std::fs::read_to_string(py.with_extension("out")).unwrap_or_default(),
        ..Expect::default()
    };
    if let Ok(meta) = std::fs::read_to_string(py.with_extension("meta")) {
        for line in meta.lines().filter(|l| !l.starts_with('#')) {
            if let Some(a) = line.strip_prefix("args:") {
                e.args = a
                    .split_whitespace()
                    .map(|x| x.replace("{out}", &out_dir.display().to_string()))
                    .collect();
            } else if let Some(x) = line.strip_prefix("exit:") {
                e.exit = x.trim().parse().unwrap_or(0);
            } else if let Some(x) = line.strip_prefix("stderr:") {
                e.stderr = Some(x.trim().to_string());
            }
        }
    }
    e
}

fn check_all(gc: &str, stress: bool) {
    require_cc();
    let progs = programs();
    assert!(!progs.is_empty(), "no conformance programs found");
    let mut failures = Vec::new();
    for py in &progs {
        let name = py.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = scratch(&format!("conf-{gc}-{stress}-{name}"));
        let prog = match compile_py(py) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let exe = dir.join("p");
        if let Err(e) = build_native(&prog, &exe, gc, stress, false) {
            failures.push(format!("{name}: build failed: {e}"));
            continue;
        }
        let e = expect(py, &dir);
        let out = run(&exe, &e);
        if out.stdout != e.stdout {
            let k = out
                .stdout
                .lines()
                .zip(e.stdout.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(out.stdout.lines().count().min(e.stdout.lines().count()));
            failures.push(format!(
                "{name}: stdout line {}: expected {:?}, got {:?} (stderr: {:?})",
                k + 1,
                e.stdout.lines().nth(k).unwrap_or("<end>"),
                out.stdout.lines().nth(k).unwrap_or("<end>"),
                out.stderr.lines().last().unwrap_or("")
            ));
        } else if out.status != e.exit {
            failures.push(format!("{name}: exit {} (expected {})", out.status, e.exit));
        } else if let Some(want) = &e.stderr {
            let last = out.stderr.lines().last().unwrap_or("");
            if last != want {
                failures.push(format!("{name}: stderr {last:?}, expected {want:?}"));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} of {} conformance programs failed with --gc={gc}{}:\n{}",
        failures.len(),
        progs.len(),
        if stress { " --gc-stress" } else { "" },
        failures.join("\n")
    );
}

#[test]
fn conformance_marksweep() {
    check_all("marksweep", false);
}

#[test]
fn conformance_copying() {
    check_all("copying", false);
}

#[test]
fn conformance_copying_stress() {
    check_all("copying", true);
}
