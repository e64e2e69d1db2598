//! Every core-IR filetest with a `; test run` header, built as a native
//! executable with each collector (and under `--gc-stress` with both), run,
//! and compared with its expected stdout, stderr and exit status.

use kiln_integration::{build_native, kir_expect, require_cc, run, scratch};
use std::path::PathBuf;

fn filetests() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core-ir/filetests");
    let mut out = Vec::new();
    for dir in ["run", "interp"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "kir")
                && std::fs::read_to_string(&p).is_ok_and(|s| s.starts_with("; test run"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn check_all(gc: &str, stress: bool) {
    require_cc();
    let tests = filetests();
    assert!(!tests.is_empty(), "no filetests found");
    let mut failures = Vec::new();
    for path in &tests {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = scratch(&format!("{gc}-{stress}-{name}"));
        let src = std::fs::read_to_string(path).unwrap();
        let prog = core_ir::parse(&src).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        core_ir::verify(&prog).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let exe = dir.join("prog");
        if let Err(e) = build_native(&prog, &exe, gc, stress, false) {
            failures.push(format!("{name}: build failed: {e}"));
            continue;
        }
        let expect = kir_expect(&src, &dir);
        let out = run(&exe, &expect);
        if out.stdout != expect.stdout {
            let first = out
                .stdout
                .lines()
                .zip(expect.stdout.lines())
                .position(|(a, b)| a != b);
            let detail = match first {
                Some(k) => format!(
                    "line {}: expected {:?}, got {:?}",
                    k + 1,
                    expect.stdout.lines().nth(k).unwrap_or(""),
                    out.stdout.lines().nth(k).unwrap_or("")
                ),
                None => format!(
                    "expected {} lines, got {} (stderr: {})",
                    expect.stdout.lines().count(),
                    out.stdout.lines().count(),
                    out.stderr.lines().last().unwrap_or("")
                ),
            };
            failures.push(format!("{name}: stdout {detail}"));
        } else if out.status != expect.exit {
            failures.push(format!(
                "{name}: exit {} (expected {}), stderr: {}",
                out.status, expect.exit, out.stderr
            ));
        } else if let Some(err) = &expect.stderr {
            if &out.stderr != err {
                failures.push(format!("{name}: stderr {:?}, expected {err:?}", out.stderr));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} of {} filetests failed with --gc={gc}{}:\n{}",
        failures.len(),
        tests.len(),
        if stress { " --gc-stress" } else { "" },
        failures.join("\n")
    );
}

#[test]
fn kir_filetests_marksweep() {
    check_all("marksweep", false);
}

#[test]
fn kir_filetests_copying() {
    check_all("copying", false);
}

#[test]
fn kir_filetests_marksweep_stress() {
    check_all("marksweep", true);
}

#[test]
fn kir_filetests_copying_stress() {
    check_all("copying", true);
}
