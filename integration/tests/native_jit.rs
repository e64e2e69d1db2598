//! The meta-tracing JIT must never change what a program prints: every
//! program of the shared conformance suite is built with the JIT (the
//! default when it has a JIT driver) and run with `KILN_JIT=off`, with the
//! default options, with `threshold=1` (trace everything at once) and with
//! `threshold=1` and a small `trace_limit`, under both collectors; each run
//! is compared with CPython's stdout, exit status and last stderr line.

use kiln_integration::{build_native, compile_py, require_cc, scratch, Outcome};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

struct Expect {
    args: Vec<String>,
    exit: i32,
    stdout: String,
    stderr: Option<String>,
}

fn expect(py: &Path, out_dir: &Path) -> Expect {
    let mut e = Expect {
        args: Vec::new(),
        exit: 0,
        stdout: std::fs::read_to_string(py.with_extension("out")).unwrap_or_default(),
        stderr: None,
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

fn run_with(exe: &Path, e: &Expect, jit: &str) -> Outcome {
    let out = Command::new(exe)
        .args(&e.args)
        .env("KILN_JIT", jit)
        .env_remove("KILN_JIT_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", exe.display()));
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The first difference between `out` and `e`, if any.
fn compare(out: &Outcome, e: &Expect) -> Option<String> {
    if out.stdout != e.stdout {
        let k = out
            .stdout
            .lines()
            .zip(e.stdout.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(out.stdout.lines().count().min(e.stdout.lines().count()));
        return Some(format!(
            "stdout line {}: expected {:?}, got {:?} (stderr: {:?})",
            k + 1,
            e.stdout.lines().nth(k).unwrap_or("<end>"),
            out.stdout.lines().nth(k).unwrap_or("<end>"),
            out.stderr.lines().last().unwrap_or("")
        ));
    }
    if out.status != e.exit {
        return Some(format!(
            "exit {} (expected {}; stderr: {:?})",
            out.status,
            e.exit,
            out.stderr.lines().last().unwrap_or("")
        ));
    }
    if let Some(want) = &e.stderr {
        let last = out.stderr.lines().last().unwrap_or("");
        if last != want {
            return Some(format!("stderr {last:?}, expected {want:?}"));
        }
    }
    None
}

/// JIT settings every program is run with.
const SETTINGS: &[&str] = &[
    "off",
    "",
    "threshold=1",
    "threshold=1,trace_limit=40",
    "threshold=3",
];

fn check_all(gc: &str) {
    check_with(gc, false, SETTINGS);
}

fn check_with(gc: &str, stress: bool, all_settings: &[&str]) {
    require_cc();
    let progs = programs();
    assert!(!progs.is_empty(), "no conformance programs found");
    let mut failures = Vec::new();
    for py in &progs {
        let name = py.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(py).unwrap_or_default();
        if stress && !source.contains("JitDriver") {
            continue;
        }
        let dir = scratch(&format!("jit-{gc}-{stress}-{name}"));
        let prog = match compile_py(py) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let exe = dir.join("p");
        if let Err(e) = build_native(&prog, &exe, gc, stress, true) {
            failures.push(format!("{name}: build failed: {e}"));
            continue;
        }
        let e = expect(py, &dir);
        let has_driver = !prog.drivers.is_empty();
        let settings: &[&str] = if has_driver {
            all_settings
        } else {
            &["threshold=1"]
        };
        for s in settings {
            if let Some(why) = compare(&run_with(&exe, &e, s), &e) {
                failures.push(format!("{name} (KILN_JIT={s:?}): {why}"));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} failures over {} conformance programs with the JIT (--gc={gc}, stress {stress}):\n{}",
        failures.len(),
        progs.len(),
        failures.join("\n")
    );
}

#[test]
fn conformance_jit_marksweep() {
    check_all("marksweep");
}

#[test]
fn conformance_jit_copying() {
    check_all("copying");
}

#[test]
fn conformance_jit_copying_stress() {
    check_with(
        "copying",
        true,
        &["threshold=1", "threshold=2,trace_limit=60"],
    );
}

/// The example interpreters (`examples/NAME/main.py`) on their own
/// programs, with the JIT tracing everything at once, under a collector
/// that moves objects at every allocation for two of them.
#[test]
fn examples_jit_eager() {
    require_cc();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut failures = Vec::new();
    let mut runs = 0;
    for (lang, ext, gc, stress) in [
        ("python", "py", "marksweep", false),
        ("prolog", "pl", "marksweep", false),
        ("smalltalk", "st", "copying", false),
        ("brainfuck", "b", "copying", true),
        ("python", "py", "copying", true),
    ] {
        let main = root.join(lang).join("main.py");
        if !main.is_file() {
            continue;
        }
        let prog = match compile_py(&main) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{lang}: {e}"));
                continue;
            }
        };
        let dir = scratch(&format!("jit-ex-{lang}-{gc}-{stress}"));
        let exe = dir.join("p");
        if let Err(e) = build_native(&prog, &exe, gc, stress, true) {
            failures.push(format!("{lang}: build failed: {e}"));
            continue;
        }
        let mut progs: Vec<PathBuf> = std::fs::read_dir(root.join(lang).join("programs"))
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        progs.retain(|p| {
            p.extension().is_some_and(|x| x == ext) && p.with_extension("out").is_file()
        });
        progs.sort();
        if stress {
            progs.truncate(3);
        }
        for prog in &progs {
            let want = std::fs::read_to_string(prog.with_extension("out")).unwrap_or_default();
            let input = prog.with_extension("in");
            for setting in ["threshold=1", "threshold=1,trace_limit=50"] {
                let mut cmd = Command::new(&exe);
                cmd.arg(prog)
                    .env("KILN_JIT", setting)
                    .env_remove("KILN_JIT_LOG");
                cmd.stdin(match std::fs::File::open(&input) {
                    Ok(f) => Stdio::from(f),
                    Err(_) => Stdio::null(),
                });
                let out = cmd.output().expect("run example");
                runs += 1;
                let got = String::from_utf8_lossy(&out.stdout);
                if got != want {
                    failures.push(format!(
                        "{lang} {} (--gc={gc}, stress {stress}, KILN_JIT={setting}): stdout differs (exit {:?})",
                        prog.display(),
                        out.status.code()
                    ));
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

/// The JIT's own test programs (`tests/jit_programs/*.py`, expected output
/// from CPython in `.out`), under both collectors with and without
/// `--gc-stress`, with every JIT setting. `virtual_objects.py` exercises
/// allocation removal: objects of a failing guard's snapshot are made on
/// the way out of compiled code, which may collect and move the others.
#[test]
fn jit_programs_all_collectors() {
    require_cc();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit_programs");
    let mut progs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/jit_programs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py") && p.with_extension("out").is_file())
        .collect();
    progs.sort();
    assert!(!progs.is_empty(), "no JIT test programs");
    let mut failures = Vec::new();
    for py in &progs {
        let name = py.file_stem().unwrap().to_string_lossy().into_owned();
        let prog = compile_py(py).unwrap_or_else(|e| panic!("{e}"));
        for (gc, stress) in [
            ("marksweep", false),
            ("copying", false),
            ("marksweep", true),
            ("copying", true),
        ] {
            let out_dir = scratch(&format!("jit-prog-{name}-{gc}-{stress}"));
            let exe = out_dir.join("p");
            if let Err(e) = build_native(&prog, &exe, gc, stress, true) {
                failures.push(format!(
                    "{name} --gc={gc} stress {stress}: build failed: {e}"
                ));
                continue;
            }
            let e = expect(py, &out_dir);
            for s in SETTINGS {
                if let Some(why) = compare(&run_with(&exe, &e, s), &e) {
                    failures.push(format!(
                        "{name} (--gc={gc}, stress {stress}, KILN_JIT={s:?}): {why}"
                    ));
                }
            }
            let _ = std::fs::remove_dir_all(&out_dir);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
