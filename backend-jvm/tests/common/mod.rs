//! What the integration tests share: finding `java`, building a jar from a
//! program, and running it under `-Xverify:all`.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run of a jar did.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Panics with installation advice when `java` is not on PATH.
pub fn require_java() {
    let ok = Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "these tests run the generated jars and need `java` (JDK/JRE >= 17) on PATH; \
         install it with `apt-get install -y openjdk-17-jdk-headless`"
    );
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jvm-tests");
    let dir = base.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Builds `prog` into `dir/p.jar`.
pub fn build(prog: &core_ir::Program, dir: &Path) -> Result<PathBuf, String> {
    let jar = dir.join("p.jar");
    backend_jvm::build_jar(
        prog,
        &backend_jvm::JvmOptions {
            output: jar.clone(),
        },
    )?;
    Ok(jar)
}

/// Runs `java -Xverify:all -jar jar args` in `cwd` with `stdin`.
pub fn run_jar(jar: &Path, args: &[String], stdin: &str, cwd: &Path) -> Outcome {
    let mut child = Command::new("java")
        .arg("-Xverify:all")
        .arg("-XX:+UseSerialGC")
        .arg("-XX:TieredStopAtLevel=1")
        .arg("-Xshare:auto")
        .arg("-jar")
        .arg(jar)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("java starts");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("java runs");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
