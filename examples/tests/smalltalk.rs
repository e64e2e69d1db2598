//! The Smalltalk interpreter (`examples/smalltalk`) on its guest programs,
//! under every target: the reference interpreter, native executables with
//! and without the JIT, a `.jar` and a CLR assembly.
//!
//! The interpreter is translated once per test run and built once per
//! target; each build then runs every program.
//!
//! - `programs/NAME.st` must print `NAME.out` and exit with status 0.
//! - `programs/errors/NAME.st` must print `NAME.out` (the output before the
//!   error), report `NAME.err` on standard error (`file:line: Class: text`
//!   and a backtrace, with the programs directory removed from paths) and
//!   exit with status 1.
//!
//! The benchmark programs (fib, sieve, richards) run here with their small
//! default sizes; `examples/smalltalk/bench/run` times them at full size.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use kiln_examples::{build, root, run_built, run_interp, scratch, Outcome, Target};

/// One guest program and what it must do.
struct Case {
    name: String,
    path: PathBuf,
    stdout: String,
    /// Expected standard error for the error programs (None: must succeed).
    stderr: Option<String>,
}

fn smalltalk_dir() -> PathBuf {
    root().join("examples").join("smalltalk")
}

fn programs_dir() -> PathBuf {
    smalltalk_dir().join("programs")
}

/// The interpreter, translated once for all tests of this run.
fn program() -> &'static core_ir::Program {
    static PROGRAM: OnceLock<core_ir::Program> = OnceLock::new();
    PROGRAM.get_or_init(|| kiln_examples::translate(&smalltalk_dir().join("main.py")))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The `.st` programs of `dir` (sorted by name) with their expectations.
fn cases_in(dir: &Path, prefix: &str, errors: bool) -> Vec<Case> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".st").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| Case {
            path: dir.join(format!("{name}.st")),
            stdout: read(&dir.join(format!("{name}.out"))),
            stderr: errors.then(|| read(&dir.join(format!("{name}.err")))),
            name: format!("{prefix}{name}"),
        })
        .collect()
}

/// Every program: the ordinary ones, then the error ones.
fn cases() -> Vec<Case> {
    let mut all = cases_in(&programs_dir(), "", false);
    all.extend(cases_in(&programs_dir().join("errors"), "errors/", true));
    for required in [
        "fib",
        "sieve",
        "richards",
        "blocks",
        "classes",
        "collections",
        "errors/dnu",
        "errors/syntax",
    ] {
        assert!(
            all.iter().any(|c| c.name == required),
            "guest program {required}.st missing from {}",
            programs_dir().display()
        );
    }
    all
}

/// What is wrong with an outcome, if anything.
fn check(case: &Case, out: &Outcome) -> Option<String> {
    let mut problems = Vec::new();
    if out.stdout != case.stdout {
        problems.push(format!(
            "stdout differs\n--- expected\n{}--- actual\n{}",
            case.stdout, out.stdout
        ));
    }
    match &case.stderr {
        None => {
            if out.status != 0 {
                problems.push(format!(
                    "exit status {} (expected 0); stderr:\n{}",
                    out.status, out.stderr
                ));
            }
        }
        Some(expected) => {
            let prefix = format!("{}/", programs_dir().display());
            let actual = out.stderr.replace(&prefix, "");
            if &actual != expected {
                problems.push(format!(
                    "stderr differs\n--- expected\n{expected}--- actual\n{actual}"
                ));
            }
            if out.status != 1 {
                problems.push(format!("exit status {} (expected 1)", out.status));
            }
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!("{}: {}", case.name, problems.join("\n")))
    }
}

/// Runs every case with `run` (as many at a time as there are cores) and
/// fails with all problems at once.
fn run_all(target: &str, run: impl Fn(&Case) -> Outcome + Sync) {
    let cases = cases();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(cases.len());
    let next = AtomicUsize::new(0);
    let mut failures: Vec<(usize, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break };
                        if let Some(problem) = check(case, &run(case)) {
                            found.push((i, problem));
                        }
                    }
                    found
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    failures.sort();
    let failures: Vec<String> = failures.into_iter().map(|(_, f)| f).collect();
    assert!(
        failures.is_empty(),
        "{target}: {} of {} programs fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Builds the interpreter for a target once and runs every program with it.
fn run_target(target: Target, label: &str) {
    let dir = scratch(&format!("smalltalk-{label}"));
    let cmd = build(program(), target, &dir);
    run_all(label, |case| {
        run_built(&cmd, &[case.path.display().to_string()], "")
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn interp() {
    run_all("interp", |case| {
        run_interp(
            program(),
            &["smalltalk".to_string(), case.path.display().to_string()],
            "",
        )
    });
}

#[test]
fn native_jit() {
    run_target(Target::Native, "native");
}

#[test]
fn native_nojit() {
    run_target(Target::NativeNoJit, "native-nojit");
}

#[test]
fn jvm() {
    run_target(Target::Jvm, "jvm");
}

#[test]
fn clr() {
    run_target(Target::Clr, "clr");
}
