//! The shared conformance suite (`../shared/conformance`): every program is
//! translated by the frontend, built as an assembly, checked with
//! `peverify`, and run under Mono; stdout must equal the `.out` file, and
//! the exit status and last stderr line what the `.meta` file says.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
}

struct Meta {
    args: Vec<String>,
    exit: i32,
    stderr: Option<String>,
}

fn meta(py: &Path, scratch: &Path) -> Meta {
    let mut m = Meta {
        args: vec![],
        exit: 0,
        stderr: None,
    };
    let Ok(text) = std::fs::read_to_string(py.with_extension("meta")) else {
        return m;
    };
    for line in text.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(x) = line.strip_prefix("args:") {
            let x = x.split('#').next().unwrap_or("");
            m.args = x
                .split_whitespace()
                .map(|a| a.replace("{out}", &scratch.to_string_lossy()))
                .collect();
        } else if let Some(x) = line.strip_prefix("exit:") {
            m.exit = x
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .parse()
                .expect("exit status");
        } else if let Some(x) = line.strip_prefix("stderr:") {
            m.stderr = Some(x.trim().to_string());
        }
    }
    m
}

fn check(py: &Path) -> Result<(), String> {
    let name = py.file_stem().unwrap().to_string_lossy().to_string();
    let dir = common::scratch(&format!("conformance_{name}"));
    let compiled = frontend::compile::compile(py, &frontend::compile::Options::default())
        .map_err(|f| format!("frontend: {} diagnostics", f.diagnostics.len()))?;
    let exe = common::build(&compiled.program, &dir, "p")?;
    let m = meta(py, &dir);
    let want = std::fs::read_to_string(py.with_extension("out")).map_err(|e| e.to_string())?;
    let out = common::run(&exe, &dir, &m.args, "");
    if out.stdout != want {
        return Err(format!(
            "stdout {}",
            common::first_difference(&want, &out.stdout)
        ));
    }
    if out.status != m.exit {
        return Err(format!(
            "exit status {} (expected {}); stderr: {}",
            out.status, m.exit, out.stderr
        ));
    }
    if let Some(last) = m.stderr {
        let got = out.stderr.lines().last().unwrap_or("");
        if got != last {
            return Err(format!("last stderr line {got:?}, expected {last:?}"));
        }
    }
    Ok(())
}

#[test]
fn conformance_suite_under_mono() {
    let dir = suite_dir();
    if !dir.is_dir() {
        eprintln!("no conformance suite at {}: skipped", dir.display());
        return;
    }
    common::require_mono();
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    programs.sort();
    let queue = Mutex::new(programs.clone());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some(p) = queue.lock().unwrap().pop() else {
                    break;
                };
                if let Err(e) = check(&p) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{}: {e}", p.file_name().unwrap().to_string_lossy()));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} conformance programs failed:\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}
