//! Robustness of the whole frontend: `compile` never panics, never hangs
//! and never fails without saying where.
//!
//! Every conformance program (`../shared/conformance`) and every feature
//! program (`tests/programs/`) is mutated deterministically (a fixed-seed
//! generator; lines deleted, duplicated, swapped or re-indented;
//! identifiers, operators and literals replaced by others), and each mutant
//! is translated in a child process (this test binary, running only
//! `translate_in_child`) under `catch_unwind` with a time limit, so that
//! even a stack overflow, which aborts a process, is caught and reported.
//! A mutant may be accepted or rejected; a rejection must carry at least one
//! diagnostic, every diagnostic must have a span inside its file and none
//! may be an internal error, and rendering them must not panic.
//!
//! A mutant that breaks one of these rules is reduced (lines deleted while
//! the same failure remains, within a time budget) and, unless a corpus file
//! already fails the same way, saved in `tests/fuzz_corpus/` as
//! `<program>-<hash>.py` with the failure in a comment on its first line;
//! `corpus_never_fails` replays every file there on each run. Helper
//! modules that the mutated programs import are copied beside each mutant,
//! so corpus files that import them still resolve.

mod pipeline_support;

use frontend::compile::{compile, Options};
use pipeline_support::{conformance_dir, crate_dir, programs_in, scratch_dir};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// Mutants per program (about two thousand in all).
const MUTANTS_PER_PROGRAM: usize = 20;
/// No mutant is started after this time (a debug build on a busy machine
/// may not get through all of them; the order covers every program evenly).
const TIME_BUDGET: Duration = Duration::from_secs(40);
/// The generator's seed.
const SEED: u64 = 0x6b69_6c6e_6675_7a7a;
/// The longest one translation may take (debug build) before it counts as
/// a hang.
const COMPILE_LIMIT: Duration = Duration::from_secs(20);
/// Reductions of failing mutants stop this long after the start, so that
/// the test ends within a minute even when it finds failures.
const REDUCE_DEADLINE: Duration = Duration::from_secs(55);

fn corpus_dir() -> PathBuf {
    crate_dir().join("tests/fuzz_corpus")
}

/// Knuth's MMIX linear congruential generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A token of a line that a mutation may replace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Identifier,
    Operator,
    Literal,
}

/// The identifiers, operators and literals of `line`, as byte ranges (a
/// rough scanner: enough to find replaceable pieces, not a tokenizer).
fn tokens(line: &str) -> Vec<(TokenKind, usize, usize)> {
    const OPERATORS: &[&str] = &[
        "**=", "//=", ">>=", "<<=", "==", "!=", "<=", ">=", "//", "**", "<<", ">>", "+=", "-=",
        "*=", "/=", "%=", "&=", "|=", "^=", "->", "+", "-", "*", "/", "%", "<", ">", "=", "&", "|",
        "^", "~", ".", ",", ":", "(", ")", "[", "]", "{", "}",
    ];
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            break;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            found.push((TokenKind::Identifier, start, i));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
            {
                i += 1;
            }
            found.push((TokenKind::Literal, start, i));
        } else if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(bytes.len());
            found.push((TokenKind::Literal, start, i));
        } else if let Some(op) = OPERATORS.iter().find(|op| line[i..].starts_with(**op)) {
            found.push((TokenKind::Operator, i, i + op.len()));
            i += op.len();
        } else {
            i += line[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// One mutation of `lines`, chosen by `rng`.
fn mutate_once(lines: &mut Vec<String>, rng: &mut Lcg) {
    if lines.is_empty() {
        lines.push("pass".into());
        return;
    }
    let i = rng.below(lines.len());
    match rng.below(8) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        2 => {
            let j = if rng.below(2) == 0 {
                (i + 1).min(lines.len() - 1)
            } else {
                rng.below(lines.len())
            };
            lines.swap(i, j);
        }
        3 => {
            let line = &lines[i];
            let indent = line.len() - line.trim_start().len();
            let new_indent = match rng.below(4) {
                0 => indent + 4,
                1 => indent.saturating_sub(4),
                2 => indent + 1,
                _ => 0,
            };
            lines[i] = format!("{}{}", " ".repeat(new_indent), line.trim_start());
        }
        _ => {
            // Replace a token of line i by a token of the same kind found
            // anywhere in the program (operators: also from a fixed list).
            let toks = tokens(&lines[i]);
            if toks.is_empty() {
                lines.remove(i);
                return;
            }
            let (kind, start, end) = toks[rng.below(toks.len())];
            let replacement = if kind == TokenKind::Operator && rng.below(2) == 0 {
                const OPS: &[&str] = &[
                    "+", "-", "*", "/", "//", "%", "**", "<", ">", "==", "!=", "<=", "and", "or",
                    "not", "in", "is", ".", ",", ":", "(", ")", "[", "]", "=", "+=",
                ];
                OPS[rng.below(OPS.len())].to_string()
            } else {
                let j = rng.below(lines.len());
                let others: Vec<(TokenKind, usize, usize)> = tokens(&lines[j])
                    .into_iter()
                    .filter(|t| t.0 == kind)
                    .collect();
                if others.is_empty() {
                    return;
                }
                let (_, s, e) = others[rng.below(others.len())];
                lines[j][s..e].to_string()
            };
            lines[i].replace_range(start..end, &replacement);
        }
    }
}

/// A mutant of `text`: one to three mutations.
fn mutant(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for _ in 0..1 + rng.below(3) {
        mutate_once(&mut lines, rng);
    }
    lines.join("\n") + "\n"
}

thread_local! {
    /// Where the last panic on this thread happened, with its message.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The name of the threads that translate mutants.
const WORKER: &str = "kiln-fuzz-worker";

/// Makes panics on translation threads quiet: they are recorded on their
/// thread (the test reports them) instead of printed; panics elsewhere
/// (the test's own assertions) are printed as usual.
fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(WORKER) {
                let text = format!("{info}");
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
            } else {
                default(info);
            }
        }));
    });
}

/// The environment variable that makes this test binary a translating
/// child process (see [`failure_of`]): the path of the file to translate.
const CHILD_PATH: &str = "KILN_FUZZ_TRANSLATE";
/// The line with which a child reports its verdict on stdout.
const VERDICT: &str = "kiln-fuzz-verdict: ";

/// Translates `path` in a child process (this test binary, running only
/// [`translate_in_child`]), so that a stack overflow, which aborts a
/// process and cannot be caught, is reported like a panic instead of
/// ending the test; returns the rule broken, or None when all is well.
fn failure_of(path: &Path) -> Option<String> {
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "translate_in_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_PATH, path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a translating child process");
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < COMPILE_LIMIT => {
                std::thread::sleep(Duration::from_millis(2))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(format!(
                    "hang: no result within {} s",
                    COMPILE_LIMIT.as_secs()
                ));
            }
        }
    };
    let output = child.wait_with_output().expect("the child's output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let verdict = stdout
        .find(VERDICT)
        .map(|i| stdout[i + VERDICT.len()..].lines().next().unwrap_or(""));
    match verdict {
        Some("ok") => None,
        Some(verdict) => Some(verdict.replace("\\n", "\n")),
        None => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let why = if stderr.contains("overflowed its stack") {
                "stack overflow".to_string()
            } else {
                stderr.lines().last().unwrap_or("").to_string()
            };
            Some(format!("crash: {why} ({status})"))
        }
    }
}

/// Not a test of its own: the body of the child process of
/// [`failure_of`], which translates one file and prints its verdict.
#[test]
fn translate_in_child() {
    let Some(path) = std::env::var_os(CHILD_PATH) else {
        return;
    };
    quiet_panics();
    let path = PathBuf::from(path);
    let worker = std::thread::Builder::new()
        .name(WORKER.into())
        .stack_size(64 << 20)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                match compile(&path, &Options::default()) {
                    Ok(_) => None,
                    Err(failure) => {
                        let text = frontend::render::render_diagnostics(
                            &failure.sources,
                            &failure.diagnostics,
                        );
                        check_diagnostics(&failure, &text)
                    }
                }
            }));
            match outcome {
                Ok(v) => v,
                Err(_) => Some(format!(
                    "panic: {}",
                    LAST_PANIC
                        .with(|p| p.borrow_mut().take())
                        .unwrap_or_else(|| "(no message)".into())
                )),
            }
        })
        .expect("spawn a translation thread");
    let verdict = worker
        .join()
        .unwrap_or_else(|_| Some("panic: (thread lost)".into()));
    let text = verdict.unwrap_or_else(|| "ok".into()).replace('\n', "\\n");
    println!("\n{VERDICT}{text}");
}

/// The rule a rejection's diagnostics break, if any.
fn check_diagnostics(failure: &frontend::compile::Failure, text: &str) -> Option<String> {
    if failure.diagnostics.is_empty() {
        return Some("rejected without a diagnostic".into());
    }
    for d in &failure.diagnostics {
        let Some(file) = failure.sources.files.get(d.span.file) else {
            return Some(format!("diagnostic in an unknown file: {}", d.message));
        };
        let (start, end) = (d.span.start as usize, d.span.end as usize);
        if start > end
            || end > file.text.len()
            || !file.text.is_char_boundary(start)
            || !file.text.is_char_boundary(end)
        {
            return Some(format!("diagnostic with a bad span: {}", d.message));
        }
        if d.message.contains("internal error") {
            return Some(d.message.clone());
        }
    }
    if text.is_empty() {
        return Some("diagnostics rendered as nothing".into());
    }
    None
}

/// The kind of failure, to compare failures while reducing and to keep one
/// corpus file per kind: the location of a panic (without the thread
/// name), the complaint of an internal error (without value and block
/// numbers), or the first words of another failure.
fn signature(failure: &str) -> String {
    let first = failure.lines().next().unwrap_or("");
    let kind = match (first.find(" panicked at "), first.rfind("`: ")) {
        (Some(i), _) => &first[i..],
        (None, Some(i)) if first.starts_with("internal error") => &first[i + 3..],
        _ => first,
    };
    kind.chars()
        .take(100)
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Helper modules the programs import: copied beside every mutant.
fn helper_modules() -> Vec<PathBuf> {
    let mut helpers = Vec::new();
    if let Some(conf) = conformance_dir() {
        helpers.push(conf.join("conf_helper_util.py"));
    }
    let modules = crate_dir().join("tests/programs/modules");
    for name in ["geometry.py", "mathutil.py"] {
        helpers.push(modules.join(name));
    }
    helpers.retain(|p| p.is_file());
    helpers
}

/// A scratch directory holding copies of the helper modules.
fn workspace(tag: &str) -> PathBuf {
    let dir = scratch_dir(tag);
    for helper in helper_modules() {
        if let Some(name) = helper.file_name() {
            std::fs::copy(&helper, dir.join(name)).expect("copy a helper module");
        }
    }
    dir
}

/// Deletes lines of `text` while `path` (rewritten each time) still fails
/// the same way; stops when `deadline` passes.
fn reduce(text: &str, path: &Path, failure: &str, deadline: Instant) -> String {
    let wanted = signature(failure);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut chunk = (lines.len() / 2).max(1);
    while chunk >= 1 && Instant::now() < deadline {
        let mut i = 0;
        while i < lines.len() && Instant::now() < deadline {
            let mut candidate = lines.clone();
            candidate.drain(i..(i + chunk).min(candidate.len()));
            std::fs::write(path, candidate.join("\n") + "\n").expect("write a candidate");
            if failure_of(path).is_some_and(|f| signature(&f) == wanted) {
                lines = candidate;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 {
            break;
        }
        chunk /= 2;
    }
    lines.join("\n") + "\n"
}

/// Saves a failing mutant in the corpus unless a file there already fails
/// the same way; returns the file that holds this kind of failure.
fn save_in_corpus(program: &str, text: &str, failure: &str) -> PathBuf {
    let _ = std::fs::create_dir_all(corpus_dir());
    let wanted = signature(failure);
    let known = std::fs::read_dir(corpus_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| {
                t.lines()
                    .next()
                    .and_then(|l| l.strip_prefix("# fuzz: "))
                    .is_some_and(|f| signature(f) == wanted)
            })
        });
    if let Some(path) = known {
        return path;
    }
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    let path = corpus_dir().join(format!("{program}-{:016x}.py", hasher.finish()));
    let first = failure.lines().next().unwrap_or("");
    std::fs::write(&path, format!("# fuzz: {first}\n{text}")).expect("write a corpus file");
    path
}

/// The programs to mutate: (name, text).
fn seed_programs() -> Vec<(String, String)> {
    let mut programs = Vec::new();
    if let Some(conf) = conformance_dir() {
        for (name, path) in programs_in(&conf) {
            if name != "conf_helper_util" {
                programs.push((name, path));
            }
        }
    } else {
        println!("note: ../shared/conformance is absent; only feature programs are mutated");
    }
    programs.extend(programs_in(&crate_dir().join("tests/programs")));
    programs
        .into_iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path).expect("readable program");
            (name, text)
        })
        .collect()
}

#[test]
fn mutated_programs_never_break_the_frontend() {
    quiet_panics();
    let programs = seed_programs();
    assert!(programs.len() >= 40, "expected the programs to mutate");
    // Variant-major order, so that a run cut short by the time budget
    // still covers every program.
    let mut rng = Lcg(SEED);
    let mut mutants = Vec::new();
    for variant in 0..MUTANTS_PER_PROGRAM {
        for (name, text) in &programs {
            mutants.push((name.as_str(), variant, mutant(text, &mut rng)));
        }
    }
    let started = Instant::now();
    let reduce_deadline = started + REDUCE_DEADLINE;
    let next = AtomicUsize::new(0);
    let checked = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for w in 0..workers {
            let (mutants, next, checked, failures) = (&mutants, &next, &checked, &failures);
            scope.spawn(move || {
                let dir = workspace(&format!("fuzz-{w}"));
                let path = dir.join("mutant_main.py");
                while started.elapsed() < TIME_BUDGET {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((name, variant, text)) = mutants.get(i) else {
                        break;
                    };
                    std::fs::write(&path, text).expect("write a mutant");
                    if let Some(failure) = failure_of(&path) {
                        let reduced = reduce(text, &path, &failure, reduce_deadline);
                        let saved = save_in_corpus(name, &reduced, &failure);
                        failures.lock().expect("failure list").push((
                            signature(&failure),
                            format!(
                                "{name} variant {variant}: {}\n  in the corpus as {}",
                                failure.lines().next().unwrap_or(""),
                                saved.display()
                            ),
                        ));
                    }
                    checked.fetch_add(1, Ordering::SeqCst);
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let failures = failures.into_inner().expect("failure list");
    let checked = checked.into_inner();
    println!(
        "{checked} of {} mutants of {} programs checked in {:.1} s on {workers} threads, {} failures",
        mutants.len(),
        programs.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    if checked < mutants.len() {
        println!("note: the time budget ran out before every mutant was checked");
    }
    // One line per kind of failure, with how many mutants had it.
    let mut kinds: Vec<(String, String, usize)> = Vec::new();
    for (sig, text) in failures {
        match kinds.iter_mut().find(|k| k.0 == sig) {
            Some(k) => k.2 += 1,
            None => kinds.push((sig, text, 1)),
        }
    }
    let report: Vec<String> = kinds
        .iter()
        .map(|(_, text, n)| format!("{n} mutant(s), first: {text}"))
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn corpus_never_fails() {
    quiet_panics();
    let dir = workspace("fuzz-corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "py"));
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let path = dir.join("mutant_main.py");
        std::fs::copy(file, &path).expect("copy a corpus file");
        if let Some(failure) = failure_of(&path) {
            failures.push(format!(
                "{}: {}",
                file.file_name().unwrap_or_default().to_string_lossy(),
                failure.lines().next().unwrap_or("")
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{} corpus files replayed", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
