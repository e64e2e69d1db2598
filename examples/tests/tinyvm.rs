//! The Tiny interpreter (`examples/tinyvm`) on its guest programs,
//! under every target: the reference interpreter, native executables with
//! and without the JIT (and with the JIT tracing everything at once, with a
//! small trace limit), a `.jar` and a CLR assembly.
//!
//! The interpreter is translated once per test run and built once per
//! target; each build then runs every program.
//!
//! - `programs/NAME.tiny` must print `NAME.out` and exit with status 0.
//! - `programs/errors/NAME.tiny` must print `NAME.out` (the output before
//!   the error), report `NAME.err` on standard error (`file:line: kind:
//!   message` and the calls that led to it, with the programs directory
//!   removed from paths) and exit with status 1.
//!
//! Expected outputs are what CPython prints running the interpreter
//! (`examples/tinyvm/expected.py` writes them). The loop-heavy benchmark
//! program is in `bench/tinyvm/`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use kiln_examples::{build, root, run_interp, scratch, Outcome, Target};

/// A run that takes longer than this is killed (and fails).
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// One guest program and what it must do.
struct Case {
    name: String,
    path: PathBuf,
    stdin: String,
    stdout: String,
    /// Expected standard error for the error programs (None: must succeed).
    stderr: Option<String>,
}

fn tiny_dir() -> PathBuf {
    root().join("examples").join("tinyvm")
}

fn programs_dir() -> PathBuf {
    tiny_dir().join("programs")
}

/// The interpreter, translated once for all tests of this run.
fn program() -> &'static core_ir::Program {
    static PROGRAM: OnceLock<core_ir::Program> = OnceLock::new();
    PROGRAM.get_or_init(|| kiln_examples::translate(&tiny_dir().join("main.py")))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The `.tiny` programs of `dir` (sorted by name) with their expectations.
fn cases_in(dir: &Path, prefix: &str, errors: bool) -> Vec<Case> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".tiny").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let input = dir.join(format!("{name}.in"));
            Case {
                path: dir.join(format!("{name}.tiny")),
                stdin: if input.exists() {
                    read(&input)
                } else {
                    String::new()
                },
                stdout: read(&dir.join(format!("{name}.out"))),
                stderr: errors.then(|| read(&dir.join(format!("{name}.err")))),
                name: format!("{prefix}{name}"),
            }
        })
        .collect()
}

/// Every program: the ordinary ones, then the error ones.
fn cases() -> Vec<Case> {
    let mut all = cases_in(&programs_dir(), "", false);
    all.extend(cases_in(&programs_dir().join("errors"), "errors/", true));
    for required in [
        "fib",
        "loops",
        "objects",
        "recursion",
        "arrays",
        "errors/syntax",
        "errors/divide",
        "errors/deep",
    ] {
        assert!(
            all.iter().any(|c| c.name == required),
            "guest program {required}.tiny missing from {}",
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

/// Runs a built interpreter on one program with its standard input and
/// extra environment variables, killing it after `TIME_LIMIT`.
fn run_limited(cmd: &[String], case: &Case, env: &[(&str, &str)]) -> Outcome {
    let mut child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg(&case.path)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cmd[0]));
    let mut stdin = child.stdin.take().expect("stdin");
    let input = case.stdin.clone();
    let in_writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            timed_out = true;
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = in_writer.join();
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
    let mut stderr =
        String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    if timed_out {
        stderr.push_str(&format!("[killed after {} s]\n", TIME_LIMIT.as_secs()));
    }
    Outcome {
        status: if timed_out {
            -1
        } else {
            status.code().unwrap_or(-1)
        },
        stdout,
        stderr,
    }
}

/// Builds the interpreter for a target once and runs every program with it.
fn run_target(target: Target, label: &str, env: &[(&str, &str)]) {
    let dir = scratch(&format!("tinyvm-{label}"));
    let cmd = build(program(), target, &dir);
    run_all(label, |case| run_limited(&cmd, case, env));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn interp() {
    run_all("interp", |case| {
        run_interp(
            program(),
            &["tinyvm".to_string(), case.path.display().to_string()],
            &case.stdin,
        )
    });
}

#[test]
fn native_jit() {
    run_target(Target::Native, "native", &[]);
}

#[test]
fn native_jit_eager() {
    run_target(
        Target::Native,
        "native-eager",
        &[("KILN_JIT", "threshold=1,trace_limit=300")],
    );
}

#[test]
fn native_nojit() {
    run_target(Target::NativeNoJit, "native-nojit", &[]);
}

#[test]
fn jvm() {
    run_target(Target::Jvm, "jvm", &[]);
}

#[test]
fn clr() {
    run_target(Target::Clr, "clr", &[]);
}
