//! Every `; test run` filetest of core-ir (`core-ir/filetests/{run,interp}`)
//! built into a jar and run with `java -Xverify:all`: stdout, exit status
//! and stderr must be what the file expects (the reference interpreter's
//! behaviour, checked against python3).

mod common;

use std::path::{Path, PathBuf};

struct Expect {
    args: Vec<String>,
    stdin: String,
    exit: i32,
    stdout: String,
    stderr: Option<String>,
}

fn expectations(src: &str) -> Option<Expect> {
    let first = src.lines().next()?;
    if first.trim() != "; test run" {
        return None;
    }
    let mut e = Expect {
        args: vec![],
        stdin: String::new(),
        exit: 0,
        stdout: String::new(),
        stderr: None,
    };
    for l in src.lines().skip(1) {
        let Some(c) = l.trim_start().strip_prefix(';') else {
            continue;
        };
        let c = c.strip_prefix(' ').unwrap_or(c);
        if let Some(x) = c.strip_prefix("args:") {
            e.args = x.split_whitespace().map(String::from).collect();
        } else if let Some(x) = c.strip_prefix("stdin: ") {
            e.stdin.push_str(x);
            e.stdin.push('\n');
        } else if let Some(x) = c.strip_prefix("exit: ") {
            e.exit = x.trim().parse().expect("exit status");
        } else if let Some(x) = c.strip_prefix("stdout-noeol: ") {
            e.stdout.push_str(x);
        } else if c == "stdout:" {
            e.stdout.push('\n');
        } else if let Some(x) = c.strip_prefix("stdout: ") {
            e.stdout.push_str(x);
            e.stdout.push('\n');
        } else if c == "stderr:" {
            e.stderr.get_or_insert_with(String::new).push('\n');
        } else if let Some(x) = c.strip_prefix("stderr: ") {
            let s = e.stderr.get_or_insert_with(String::new);
            s.push_str(x);
            s.push('\n');
        }
    }
    Some(e)
}

fn first_difference(want: &str, got: &str) -> String {
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
    "texts differ only in trailing newlines".into()
}

fn check(path: &Path) -> Result<(), String> {
    let src = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let Some(e) = expectations(&src) else {
        return Ok(());
    };
    let prog = core_ir::parse(&src).map_err(|e| format!("parse: {e:?}"))?;
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let dir = common::scratch(&format!("kir-{name}"));
    let jar = common::build(&prog, &dir)?;
    let args: Vec<String> = e
        .args
        .iter()
        .map(|a| a.replace("{tmp}", &dir.to_string_lossy()))
        .collect();
    let out = common::run_jar(&jar, &args, &e.stdin, &dir);
    if out.stdout != e.stdout {
        return Err(format!(
            "stdout {}\n--- stderr:\n{}",
            first_difference(&e.stdout, &out.stdout),
            out.stderr
        ));
    }
    if out.status != e.exit {
        return Err(format!(
            "exit status {}, expected {}; stderr:\n{}",
            out.status, e.exit, out.stderr
        ));
    }
    if let Some(want) = &e.stderr {
        if &out.stderr != want {
            return Err(format!("stderr {:?}, expected {:?}", out.stderr, want));
        }
    }
    Ok(())
}

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core-ir/filetests");
    let mut out = Vec::new();
    for sub in ["run", "interp"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root.join(sub))
            .expect("filetests dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "kir"))
            .collect();
        v.sort();
        out.extend(v);
    }
    out
}

#[test]
fn every_run_filetest_behaves_the_same_as_a_jar() {
    common::require_java();
    let mut failures = Vec::new();
    let files = files();
    assert!(!files.is_empty());
    for f in &files {
        if let Err(m) = check(f) {
            failures.push(format!("{}: {m}", f.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
