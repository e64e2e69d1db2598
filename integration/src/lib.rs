//! # Kiln end-to-end tests
//!
//! Tests only (see `tests/`): they build programs with Kiln's backends,
//! run the results and compare with the expected output. This library holds
//! what the test files share: reading expectations and running a program.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a program must do when run.
#[derive(Default, Debug, Clone)]
pub struct Expect {
    /// Arguments after the program name (`{tmp}` already replaced).
    pub args: Vec<String>,
    /// Standard input.
    pub stdin: String,
    /// Exit status.
    pub exit: i32,
    /// The whole stdout.
    pub stdout: String,
    /// The whole stderr, if given.
    pub stderr: Option<String>,
}

/// The expectations in the `;` comments of a `.kir` filetest; `tmp` replaces `{tmp}`.
pub fn kir_expect(src: &str, tmp: &Path) -> Expect {
    let mut e = Expect::default();
    let mut stderr = String::new();
    let mut has_stderr = false;
    for line in src.lines() {
        let Some(c) = line.strip_prefix("; ") else {
            continue;
        };
        if let Some(x) = c.strip_prefix("args: ") {
            e.args = x
                .split_whitespace()
                .map(|a| a.replace("{tmp}", &tmp.display().to_string()))
                .collect();
        } else if let Some(x) = c.strip_prefix("stdin: ") {
            e.stdin.push_str(x);
            e.stdin.push('\n');
        } else if let Some(x) = c.strip_prefix("exit: ") {
            e.exit = x.trim().parse().unwrap_or(0);
        } else if let Some(x) = c.strip_prefix("stdout: ") {
            e.stdout.push_str(x);
            e.stdout.push('\n');
        } else if c == "stdout:" {
            e.stdout.push('\n');
        } else if let Some(x) = c.strip_prefix("stdout-noeol: ") {
            e.stdout.push_str(x);
        } else if let Some(x) = c.strip_prefix("stderr: ") {
            has_stderr = true;
            stderr.push_str(x);
            stderr.push('\n');
        }
    }
    if has_stderr {
        e.stderr = Some(stderr);
    }
    e
}

/// Output of one run.
pub struct Outcome {
    /// Exit status (-1 when killed by a signal).
    pub status: i32,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
}

/// Runs `exe` with `e`'s arguments and stdin.
pub fn run(exe: &Path, e: &Expect) -> Outcome {
    use std::io::Write;
    let mut child = Command::new(exe)
        .args(&e.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", exe.display()));
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(e.stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Panics with a clear message when the system C compiler is missing.
pub fn require_cc() {
    let ok = Command::new("cc")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "these tests link native executables with `cc`, which is missing: install gcc (Debian: `apt-get install gcc`)"
    );
}

/// A fresh scratch directory.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kiln-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Translates the Kiln Python program `main` (and the modules it imports);
/// the error names the file the frontend rejected.
pub fn compile_py(main: &Path) -> Result<core_ir::Program, String> {
    frontend::compile::compile(main, &frontend::compile::Options::default())
        .map(|c| c.program)
        .map_err(|_| format!("the frontend rejected {}", main.display()))
}

/// Builds `prog` as a native executable at `exe` with collector `gc`,
/// `--gc-stress` if `stress`, and the JIT if `jit` (and the program has a
/// driver).
pub fn build_native(
    prog: &core_ir::Program,
    exe: &Path,
    gc: &str,
    stress: bool,
    jit: bool,
) -> Result<(), String> {
    let opts = backend_native::NativeOptions {
        output: exe.to_path_buf(),
        gc: gc.to_string(),
        gc_stress: stress,
        jit,
    };
    backend_native::build_executable(prog, &opts)
}

/// Runs `exe` with `args` under `KILN_JIT=kiln_jit`, logging to `log`:
/// its standard output and the log's text.
pub fn run_jit_logged(
    exe: &Path,
    args: &[&std::ffi::OsStr],
    kiln_jit: &str,
    log: &Path,
) -> (String, String) {
    let out = Command::new(exe)
        .args(args)
        .env("KILN_JIT", kiln_jit)
        .env("KILN_JIT_LOG", log)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let text = std::fs::read_to_string(log)
        .unwrap_or_else(|e| panic!("no JIT log {}: {e}", log.display()));
    (String::from_utf8_lossy(&out.stdout).into_owned(), text)
}

/// A number after `key` in the `# summary` of a JIT log
/// (`KILN_JIT_LOG`), e.g. `loops` or `compiling_ms`.
pub fn jit_summary_field(log: &str, key: &str) -> Option<f64> {
    let after = log.split("# summary").nth(1)?;
    let mut words = after.split_whitespace();
    while let Some(w) = words.next() {
        if w == key {
            return words.next()?.parse().ok();
        }
    }
    None
}
