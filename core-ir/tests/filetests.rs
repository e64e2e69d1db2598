//! File-driven tests of the core IR, in the style of Cranelift's filetests.
//!
//! Every `*.kir` file under `core-ir/filetests/` starts with a comment line
//! naming its kind, and carries its expectations in `;` comment lines:
//!
//! | first line | what is checked |
//! |---|---|
//! | `; test print` | parses, verifies, and prints back to the same text |
//! | `; test verifier` | parses and prints back; verification fails with exactly the `; error: TEXT` lines (each a substring of one error) |
//! | `; test parse-error` | parsing fails with the `; error: LINE:COL: TEXT` line |
//! | `; test run` | parses, prints back, verifies, and runs under the reference interpreter: `; args: A B` (argv[1:], `{tmp}` is a fresh directory), `; stdin: LINE`, `; exit: N` (default 0), `; stdout: LINE` (the whole stdout, one line each; `; stdout-noeol: TEXT` for a last line without newline), `; stderr: LINE` (the whole stderr) |
//!
//! "Prints back" is the round-trip property: the printer's output equals the
//! file with its `;` comment lines removed. Run with `KILN_BLESS=1` to rewrite
//! the `stdout`/`stderr`/`exit` expectations of `test run` files from what
//! the interpreter actually does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("filetests dir")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "kir") {
            out.push(p);
        }
    }
}

struct Expect {
    kind: String,
    errors: Vec<String>,
    args: Vec<String>,
    stdin: String,
    exit: i32,
    stdout: String,
    stderr: Option<String>,
}

fn expectations(src: &str) -> Result<Expect, String> {
    let mut lines = src.lines();
    let first = lines.next().unwrap_or("");
    let kind = first
        .strip_prefix("; test ")
        .ok_or("first line must be `; test KIND`")?
        .trim()
        .to_string();
    let mut e = Expect {
        kind,
        errors: vec![],
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
        if let Some(x) = c.strip_prefix("error: ") {
            e.errors.push(x.to_string());
        } else if let Some(x) = c.strip_prefix("args:") {
            e.args = x.split_whitespace().map(String::from).collect();
        } else if let Some(x) = c.strip_prefix("stdin: ") {
            e.stdin.push_str(x);
            e.stdin.push('\n');
        } else if let Some(x) = c.strip_prefix("exit: ") {
            e.exit = x
                .trim()
                .parse()
                .map_err(|_| format!("bad exit line `{l}`"))?;
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
    Ok(e)
}

fn strip_comments(src: &str) -> String {
    let kept: Vec<&str> = src
        .lines()
        .filter(|l| !l.trim_start().starts_with(';'))
        .collect();
    let mut s = kept.join("\n").trim_matches('\n').to_string();
    s.push('\n');
    s
}

fn diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            return format!("line {}: expected {:?}, got {:?}", i + 1, a, b);
        }
    }
    "texts differ only in trailing newlines".into()
}

fn bless_run(path: &Path, src: &str, stdout: &str, stderr: &str, exit: i32) {
    let mut out = String::new();
    let mut inserted = false;
    for l in src.lines() {
        let t = l.trim_start();
        let is_expect = ["; stdout", "; stderr", "; exit:"]
            .iter()
            .any(|p| t.starts_with(p));
        if is_expect {
            if !inserted {
                inserted = true;
                if exit != 0 {
                    let _ = writeln!(out, "; exit: {exit}");
                }
                let mut rest = stdout;
                while !rest.is_empty() {
                    match rest.find('\n') {
                        Some(n) => {
                            if n == 0 {
                                out.push_str("; stdout:\n");
                            } else {
                                let _ = writeln!(out, "; stdout: {}", &rest[..n]);
                            }
                            rest = &rest[n + 1..];
                        }
                        None => {
                            let _ = writeln!(out, "; stdout-noeol: {rest}");
                            rest = "";
                        }
                    }
                }
                for line in stderr.lines() {
                    let _ = writeln!(out, "; stderr: {line}");
                }
            }
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    std::fs::write(path, out).expect("bless");
}

fn run_one(path: &Path, bless: bool) -> Result<(), String> {
    let src = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let e = expectations(&src)?;
    if e.kind == "parse-error" {
        return match core_ir::parse(&src) {
            Ok(_) => Err("parsed without error".into()),
            Err(err) => {
                let got = err.to_string();
                match e.errors.as_slice() {
                    [want] if got.contains(want.as_str()) => Ok(()),
                    [want] => Err(format!("expected error `{want}`, got `{got}`")),
                    _ => Err("a parse-error test needs exactly one `; error:` line".into()),
                }
            }
        };
    }
    let prog = core_ir::parse(&src).map_err(|err| format!("parse error: {err}"))?;
    let printed = core_ir::print(&prog);
    let canonical = strip_comments(&src);
    if printed != canonical {
        return Err(format!("round trip failed: {}", diff(&canonical, &printed)));
    }
    let verified = core_ir::verify(&prog);
    match e.kind.as_str() {
        "print" => verified.map_err(|errs| format!("verifier: {}", errs[0])),
        "verifier" => {
            let errs: Vec<String> = match verified {
                Ok(()) => vec![],
                Err(v) => v.iter().map(|x| x.to_string()).collect(),
            };
            if e.errors.is_empty() {
                return Err("a verifier test needs `; error:` lines".into());
            }
            let mut unmatched: Vec<String> = errs.clone();
            for want in &e.errors {
                match unmatched.iter().position(|g| g.contains(want.as_str())) {
                    Some(i) => {
                        unmatched.remove(i);
                    }
                    None => {
                        return Err(format!(
                            "expected an error containing `{want}`; got {errs:#?}"
                        ))
                    }
                }
            }
            if !unmatched.is_empty() {
                return Err(format!("unexpected errors: {unmatched:#?}"));
            }
            Ok(())
        }
        "run" => {
            verified.map_err(|errs| {
                format!(
                    "verifier: {}",
                    errs.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })?;
            let tmp = std::env::temp_dir().join(format!(
                "kiln-filetest-{}-{}",
                std::process::id(),
                path.file_stem().unwrap().to_string_lossy()
            ));
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir_all(&tmp).map_err(|x| x.to_string())?;
            let mut argv = vec![path.to_string_lossy().to_string()];
            argv.extend(
                e.args
                    .iter()
                    .map(|a| a.replace("{tmp}", &tmp.to_string_lossy())),
            );
            let mut stdin = std::io::Cursor::new(e.stdin.clone().into_bytes());
            let mut stdout: Vec<u8> = Vec::new();
            let mut stderr: Vec<u8> = Vec::new();
            let cfg = core_ir::interp::RunConfig {
                argv,
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
                max_depth: core_ir::interp::DEFAULT_MAX_DEPTH,
            };
            let exit = core_ir::interp::run(&prog, cfg)
                .map_err(|err| format!("interpreter error: {err}"))?;
            let _ = std::fs::remove_dir_all(&tmp);
            let out = String::from_utf8_lossy(&stdout).to_string();
            let err = String::from_utf8_lossy(&stderr).to_string();
            if bless {
                bless_run(path, &src, &out, &err, exit);
                return Ok(());
            }
            if out != e.stdout {
                return Err(format!(
                    "stdout: {}\n--- full stdout ---\n{out}",
                    diff(&e.stdout, &out)
                ));
            }
            if let Some(want) = &e.stderr {
                if &err != want {
                    return Err(format!("stderr: {}", diff(want, &err)));
                }
            }
            if exit != e.exit {
                return Err(format!(
                    "exit status {exit}, expected {} (stderr: {err})",
                    e.exit
                ));
            }
            Ok(())
        }
        other => Err(format!("unknown test kind `{other}`")),
    }
}

#[test]
fn filetests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("filetests");
    let mut files = Vec::new();
    collect(&root, &mut files);
    assert!(!files.is_empty(), "no filetests found");
    let bless = std::env::var_os("KILN_BLESS").is_some();
    let mut failures = Vec::new();
    for f in &files {
        if let Err(m) = run_one(f, bless) {
            failures.push(format!(
                "{}: {}",
                f.strip_prefix(&root).unwrap().display(),
                m
            ));
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} filetests failed:\n\n{}",
            failures.len(),
            files.len(),
            failures.join("\n\n")
        );
    }
}

/// Every opcode is executed by some `; test run` file (where its output is
/// checked), so no operation of the IR is left without a tested meaning.
#[test]
fn every_opcode_appears_in_a_run_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("filetests");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut used = std::collections::HashSet::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        if !src.starts_with("; test run") {
            continue;
        }
        let Ok(prog) = core_ir::parse(&src) else {
            continue;
        };
        for (_, func) in prog.funcs.iter() {
            for (_, inst) in func.insts.iter() {
                used.insert(inst.op);
            }
        }
    }
    let missing: Vec<&str> = core_ir::Opcode::ALL
        .iter()
        .filter(|op| !used.contains(op))
        .map(|op| op.name())
        .collect();
    assert!(
        missing.is_empty(),
        "opcodes no `; test run` file uses: {}",
        missing.join(", ")
    );
}

/// The string literals of Rust source `src` (plain `"..."` literals, with
/// the escapes the verifier's messages use decoded).
fn string_literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal such as '"' (a lifetime has no closing quote
                // nearby and is skipped harmlessly).
                let look: Vec<char> = chars.clone().take(3).collect();
                if look.get(1) == Some(&'\'') {
                    chars.next();
                    chars.next();
                } else if look.first() == Some(&'\\') && look.get(2) == Some(&'\'') {
                    chars.next();
                    chars.next();
                    chars.next();
                }
            }
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some(x) => s.push(x),
                            None => {}
                        },
                        _ => s.push(c),
                    }
                }
                out.push(s);
            }
            _ => {}
        }
    }
    out
}

/// The fixed pieces of a `format!` template (`{..}` holes removed, `{{` and
/// `}}` unescaped).
fn template_pieces(t: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                pieces.last_mut().unwrap().push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.last_mut().unwrap().push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                pieces.push(String::new());
            }
            _ => pieces.last_mut().unwrap().push(c),
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// Whether `text` contains the pieces in order.
fn matches_pieces(text: &str, pieces: &[String]) -> bool {
    let mut rest = text;
    for p in pieces {
        match rest.find(p.as_str()) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// Every message the verifier itself reports (each `self.err(..)` in
/// `src/verifier.rs` with a literal message; the per-opcode typing messages
/// of `src/typing.rs` are not counted here) is expected by some test: an
/// `; error:` line of a `; test verifier` file, or a string in a builder-API
/// test (`tests/verifier_api.rs` or the verifier's own test module) for the
/// rules the parser keeps text from reaching.
#[test]
fn every_verifier_message_is_tested() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let verifier = std::fs::read_to_string(manifest.join("src/verifier.rs")).unwrap();
    let (code, unit_tests) = verifier
        .split_once("#[cfg(test)]")
        .unwrap_or((verifier.as_str(), ""));
    // The message templates: the first string literal inside each `self.err(`
    // call, up to its closing parenthesis.
    let mut templates = Vec::new();
    for (start, _) in code.match_indices("self.err(") {
        let body = &code[start + "self.err(".len()..];
        let mut depth = 1;
        let mut in_str = false;
        let mut escaped = false;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        if let Some(t) = string_literals(&body[..end]).into_iter().next() {
            templates.push(t);
        }
    }
    assert!(
        templates.len() >= 20,
        "found only {} verifier messages; has the verifier's reporting changed?",
        templates.len()
    );
    // What the tests expect.
    let mut expected: Vec<String> = Vec::new();
    let mut files = Vec::new();
    collect(&manifest.join("filetests"), &mut files);
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        if src.starts_with("; test verifier") {
            expected.extend(expectations(&src).unwrap().errors);
        }
    }
    expected.extend(string_literals(unit_tests));
    let api = std::fs::read_to_string(manifest.join("tests/verifier_api.rs")).unwrap();
    expected.extend(string_literals(&api));
    let missing: Vec<&String> = templates
        .iter()
        .filter(|t| {
            let pieces = template_pieces(t);
            !expected.iter().any(|e| matches_pieces(e, &pieces))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "verifier messages no test expects:\n{}",
        missing
            .iter()
            .map(|m| format!("  {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
