//! Shared helpers of the integration tests: building an assembly from a
//! program, checking it with `peverify`, and running it under `mono`.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run printed.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Panics with the install command when `mono` or `peverify` is missing.
pub fn require_mono() {
    for tool in ["mono", "peverify"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        assert!(
            found,
            "`{tool}` is not installed; these tests run the assemblies under Mono. \
             Install it with: apt-get install -y mono-runtime mono-utils"
        );
    }
}

/// A fresh scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("clr")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes the assembly of `prog` to `dir/name.exe` and checks it with peverify.
pub fn build(prog: &core_ir::Program, dir: &Path, name: &str) -> Result<PathBuf, String> {
    let exe = dir.join(format!("{name}.exe"));
    let opts = backend_clr::ClrOptions {
        output: exe.clone(),
    };
    backend_clr::build_assembly(prog, &opts)?;
    verify(&exe)?;
    Ok(exe)
}

/// Runs `peverify` on `exe`; its report if it rejects the file.
pub fn verify(exe: &Path) -> Result<(), String> {
    let out = Command::new("peverify")
        .arg(exe)
        .output()
        .map_err(|e| format!("peverify: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || text.contains("Error") {
        return Err(format!("peverify rejects {}:\n{text}", exe.display()));
    }
    Ok(())
}

/// Runs `mono exe args` in `dir` with `stdin`.
pub fn run(exe: &Path, dir: &Path, args: &[String], stdin: &str) -> Outcome {
    let mut child = Command::new("mono")
        .arg(exe)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mono runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).ok();
    let out = child.wait_with_output().expect("mono finishes");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The first line where two texts differ.
pub fn first_difference(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    for i in 0..w.len().max(g.len()) {
        if w.get(i) != g.get(i) {
            return format!(
                "line {}: expected {:?}, got {:?}",
                i + 1,
                w.get(i),
                g.get(i)
            );
        }
    }
    "the texts differ only in trailing newlines".into()
}
