//! Shared helpers of the whole-pipeline tests (`programs.rs`,
//! `ir_snapshots.rs`, `diagnostics.rs`, `pipeline_fuzz.rs`): where the test
//! data lives, translating a program, rendering its diagnostics with paths
//! relative to the repository, and running a translated program with the
//! core-IR reference interpreter.

#![allow(dead_code)]

use frontend::compile::{compile, Compiled, Failure, Options};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// The frontend crate's directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository (workspace) root, canonical.
pub fn repo_dir() -> PathBuf {
    let dir = crate_dir().join("..");
    dir.canonicalize().unwrap_or(dir)
}

/// `snapshots/<name>` at the top of the repository.
pub fn snapshot_dir(name: &str) -> PathBuf {
    repo_dir().join("snapshots").join(name)
}

/// The shared conformance suite (`../shared/conformance` beside the
/// repository), if present.
pub fn conformance_dir() -> Option<PathBuf> {
    ["../../shared/conformance", "../shared/conformance"]
        .iter()
        .map(|rel| crate_dir().join(rel))
        .find(|d| d.is_dir())
}

/// The programs of a test directory, sorted by name: every `NAME.py`, and
/// `NAME/main.py` for each subdirectory holding a multi-module program.
/// Returns (name, main file).
pub fn programs_in(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.is_dir() && path.join("main.py").is_file() {
            found.push((stem.to_string(), path.join("main.py")));
        } else if path.extension().is_some_and(|e| e == "py") {
            found.push((stem.to_string(), path));
        }
    }
    found.sort();
    found
}

/// The main file of program `name` of `dir` (`NAME.py` or `NAME/main.py`).
pub fn main_file(dir: &Path, name: &str) -> PathBuf {
    let single = dir.join(format!("{name}.py"));
    if single.is_file() {
        single
    } else {
        dir.join(name).join("main.py")
    }
}

/// A file beside `main` with the same stem and extension `ext`.
pub fn sibling(main: &Path, ext: &str) -> PathBuf {
    main.with_extension(ext)
}

/// `text` with the repository's absolute path removed, so that paths in it
/// read `frontend/tests/...`.
pub fn relative_paths(text: &str) -> String {
    let root = repo_dir();
    let mut prefix = root.display().to_string();
    prefix.push('/');
    text.replace(&prefix, "")
}

/// Translates `main` with the default options.
pub fn translate(main: &Path) -> Result<Compiled, Failure> {
    compile(main, &Options::default())
}

/// The rendered diagnostics of a failed translation, with paths relative
/// to the repository.
pub fn rendered(failure: &Failure) -> String {
    relative_paths(&frontend::render::render_diagnostics(
        &failure.sources,
        &failure.diagnostics,
    ))
}

/// What a run of a translated program produced.
pub struct Run {
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
    /// The exit status, or the interpreter's own failure.
    pub status: Result<i32, String>,
}

/// Runs `program` with the reference interpreter on a thread with a large
/// stack (deep Python recursion is deep Rust recursion there). A run that
/// takes longer than `limit` is reported as a failure (its thread is left
/// behind, to end with the test process).
pub fn run(program: core_ir::Program, argv: Vec<String>, stdin: Vec<u8>, limit: Duration) -> Run {
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let mut input = std::io::Cursor::new(stdin);
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let config = core_ir::interp::RunConfig {
                argv,
                stdin: &mut input,
                stdout: &mut out,
                stderr: &mut err,
                max_depth: core_ir::interp::DEFAULT_MAX_DEPTH,
            };
            let status = core_ir::interp::run(&program, config).map_err(|e| e.to_string());
            let _ = done.send(Run {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
                status,
            });
        })
        .expect("spawn the interpreter thread");
    let failed = |why: String| Run {
        stdout: String::new(),
        stderr: String::new(),
        status: Err(why),
    };
    match result.recv_timeout(limit) {
        Ok(run) => run,
        Err(RecvTimeoutError::Timeout) => failed(format!(
            "the program did not finish within {} s",
            limit.as_secs()
        )),
        Err(RecvTimeoutError::Disconnected) => failed("the interpreter panicked".into()),
    }
}

/// A fresh empty scratch directory, unique to this process and `tag`.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-tests-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}
