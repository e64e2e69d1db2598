//! # Running the example interpreters
//!
//! Tests only (see `tests/`): each example interpreter in `examples/<lang>/`
//! is translated once per target and run on its guest programs; the output
//! is compared with the program's expected output. This library holds what
//! the test files share: translating an interpreter and running it on each
//! target (the reference interpreter, a native executable with or without
//! the JIT, a `.jar`, a CLR assembly).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Where translation and execution happen.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `kiln run`: the core-IR reference interpreter.
    Interp,
    /// A native executable with the JIT.
    Native,
    /// A native executable without the JIT.
    NativeNoJit,
    /// A `.jar` run with `java -jar`.
    Jvm,
    /// A CLR assembly run with `mono`.
    Clr,
}

/// What a run printed and returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Exit status.
    pub status: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-examples-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Translates an interpreter's main file to core IR (panics with the
/// rendered diagnostics if it does not translate).
pub fn translate(main: &Path) -> core_ir::Program {
    match frontend::compile::compile(main, &frontend::compile::Options::default()) {
        Ok(c) => c.program,
        Err(f) => panic!(
            "{} does not translate:\n{}",
            main.display(),
            frontend::render::render_diagnostics(&f.sources, &f.diagnostics)
        ),
    }
}

/// Runs a program under the reference interpreter.
pub fn run_interp(prog: &core_ir::Program, argv: &[String], stdin: &str) -> Outcome {
    let prog = prog.clone();
    let argv: Vec<String> = argv.to_vec();
    let stdin = stdin.as_bytes().to_vec();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut input = std::io::Cursor::new(stdin);
            let mut out = Vec::new();
            let mut err = Vec::new();
            let cfg = core_ir::interp::RunConfig {
                argv,
                stdin: &mut input,
                stdout: &mut out,
                stderr: &mut err,
                max_depth: core_ir::interp::DEFAULT_MAX_DEPTH,
            };
            let status = match core_ir::interp::run(&prog, cfg) {
                Ok(s) => s,
                Err(e) => panic!("interpreter error: {e}"),
            };
            Outcome {
                status,
                stdout: String::from_utf8_lossy(&out).into_owned(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
            }
        })
        .expect("thread")
        .join()
        .expect("interpreter thread")
}

/// Whether a command exists on PATH.
pub fn have(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Fails the test with an install hint when a runtime is missing.
pub fn require(cmd: &str, install: &str) {
    static CHECKED: OnceLock<()> = OnceLock::new();
    let _ = &CHECKED;
    assert!(
        have(cmd),
        "`{cmd}` is needed to run this test; install it with: {install}"
    );
}

/// Builds `prog` for `target` into `dir`; returns the command line to run it.
pub fn build(prog: &core_ir::Program, target: Target, dir: &Path) -> Vec<String> {
    match target {
        Target::Interp => panic!("the interpreter target is not built"),
        Target::Native | Target::NativeNoJit => {
            require("cc", "apt-get install -y gcc");
            let out = dir.join(if target == Target::Native {
                "prog"
            } else {
                "prog-nojit"
            });
            let opts = backend_native::NativeOptions {
                output: out.clone(),
                gc: "marksweep".into(),
                gc_stress: false,
                jit: target == Target::Native,
            };
            if let Err(e) = backend_native::build_executable(prog, &opts) {
                panic!("native build failed: {e}");
            }
            vec![out.display().to_string()]
        }
        Target::Jvm => {
            let out = dir.join("prog.jar");
            if let Err(e) = backend_jvm::build_jar(
                prog,
                &backend_jvm::JvmOptions {
                    output: out.clone(),
                },
            ) {
                panic!("JVM build failed: {e}");
            }
            require("java", "apt-get install -y openjdk-17-jdk-headless");
            vec![
                "java".into(),
                "-Xss512m".into(),
                "-jar".into(),
                out.display().to_string(),
            ]
        }
        Target::Clr => {
            let out = dir.join("prog.exe");
            if let Err(e) = backend_clr::build_assembly(
                prog,
                &backend_clr::ClrOptions {
                    output: out.clone(),
                },
            ) {
                panic!("CLR build failed: {e}");
            }
            require("mono", "apt-get install -y mono-runtime");
            vec!["mono".into(), out.display().to_string()]
        }
    }
}

/// Runs a built program (`cmd` from [`build`]) with arguments and stdin.
pub fn run_built(cmd: &[String], args: &[String], stdin: &str) -> Outcome {
    let mut child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cmd[0]));
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
