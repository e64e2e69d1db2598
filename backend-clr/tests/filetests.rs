//! Every `; test run` file of core-ir's filetests (`filetests/run`,
//! `filetests/interp`), built as an assembly, verified with `peverify`, and
//! run under Mono: stdout, stderr and exit status must be what the file
//! expects (the reference interpreter's behaviour).

mod common;

use std::path::{Path, PathBuf};

struct Expect {
    args: Vec<String>,
    stdin: String,
    exit: i32,
    stdout: String,
    stderr: Option<String>,
}

fn expectations(src: &str) -> Expect {
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
    e
}

fn run_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core-ir/filetests");
    let mut out = Vec::new();
    for dir in ["run", "interp"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("filetests")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.extension().is_some_and(|x| x == "kir") {
                let src = std::fs::read_to_string(&p).unwrap();
                if src.starts_with("; test run") {
                    out.push(p);
                }
            }
        }
    }
    out
}

fn check(path: &Path) -> Result<(), String> {
    let src = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let e = expectations(&src);
    let prog = core_ir::parse(&src).map_err(|e| format!("parse: {e:?}"))?;
    core_ir::verify(&prog).map_err(|e| format!("verify: {e:?}"))?;
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let dir = common::scratch(&format!("filetest_{name}"));
    let exe = common::build(&prog, &dir, &name)?;
    let args: Vec<String> = e
        .args
        .iter()
        .map(|a| a.replace("{tmp}", &dir.to_string_lossy()))
        .collect();
    let out = common::run(&exe, &dir, &args, &e.stdin);
    if out.stdout != e.stdout {
        return Err(format!(
            "stdout {}\n--- stderr:\n{}",
            common::first_difference(&e.stdout, &out.stdout),
            out.stderr
        ));
    }
    if out.status != e.exit {
        return Err(format!(
            "exit status {} (expected {})\n--- stderr:\n{}",
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

#[test]
fn run_filetests_under_mono() {
    common::require_mono();
    let files = run_files();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for f in &files {
        if let Err(e) = check(f) {
            failures.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} filetests failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
