//! The shared conformance suite (`../shared/conformance`) through the JVM
//! backend: each program is translated by the frontend, built into a jar
//! and run with `java -Xverify:all`; stdout, the exit status and (where the
//! `.meta` file gives one) the last stderr line must match.

mod common;

use std::path::{Path, PathBuf};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
}

struct Meta {
    args: Vec<String>,
    exit: i32,
    stderr: Option<String>,
}

fn meta(prog: &Path, out: &Path) -> Meta {
    let mut m = Meta {
        args: vec![],
        exit: 0,
        stderr: None,
    };
    let Ok(text) = std::fs::read_to_string(prog.with_extension("meta")) else {
        return m;
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(a) = line.strip_prefix("args:") {
            m.args = a
                .split_whitespace()
                .map(|w| w.replace("{out}", &out.to_string_lossy()))
                .collect();
        } else if let Some(e) = line.strip_prefix("exit:") {
            m.exit = e.trim().parse().expect("exit status");
        } else if let Some(s) = line.strip_prefix("stderr:") {
            m.stderr = Some(s.trim().to_string());
        }
    }
    m
}

fn check(prog: &Path) -> Result<(), String> {
    let name = prog.file_stem().unwrap().to_string_lossy().to_string();
    let compiled = frontend::compile::compile(prog, &frontend::compile::Options::default())
        .map_err(|f| {
            let first = f.diagnostics.first().map(|d| d.to_string());
            format!("frontend: {}", first.unwrap_or_default())
        })?;
    let dir = common::scratch(&format!("conf-{name}"));
    let jar = common::build(&compiled.program, &dir)?;
    let m = meta(prog, &dir);
    let want = std::fs::read_to_string(prog.with_extension("out")).map_err(|e| e.to_string())?;
    let out = common::run_jar(&jar, &m.args, "", &dir);
    if out.stdout != want {
        let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), out.stdout.lines().collect());
        let i = (0..w.len().max(g.len()))
            .find(|&i| w.get(i) != g.get(i))
            .unwrap_or(0);
        return Err(format!(
            "stdout line {}: expected {:?}, got {:?}; stderr: {}",
            i + 1,
            w.get(i),
            g.get(i),
            out.stderr.lines().last().unwrap_or("")
        ));
    }
    if out.status != m.exit {
        return Err(format!(
            "exit status {}, expected {}; stderr: {}",
            out.status, m.exit, out.stderr
        ));
    }
    if let Some(want) = m.stderr {
        let last = out.stderr.lines().last().unwrap_or("");
        if last != want {
            return Err(format!("last stderr line {last:?}, expected {want:?}"));
        }
    }
    Ok(())
}

#[test]
fn conformance_programs_print_what_cpython_prints() {
    common::require_java();
    let dir = suite_dir();
    assert!(
        dir.is_dir(),
        "the conformance suite is expected at {} (shared/ beside the checkout)",
        dir.display()
    );
    let mut progs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("suite dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.with_extension("out").exists()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().as_bytes()[0].is_ascii_digit())
        })
        .collect();
    progs.sort();
    assert!(!progs.is_empty());
    let mut failures = Vec::new();
    for p in &progs {
        if let Err(m) = check(p) {
            failures.push(format!("{}: {m}", p.file_name().unwrap().to_string_lossy()));
        }
    }
    println!(
        "{} passed, {} failed",
        progs.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
