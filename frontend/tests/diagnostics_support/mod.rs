//! The checks of the diagnostics tests (`diagnostics.rs`,
//! `diagnostics_isolated.rs`): the directives a test program states, the
//! form every rejection must have, and the snapshot of the rendered text.
//! See `diagnostics.rs` for the directives.
use crate::pipeline_support::{main_file, relative_paths, rendered, snapshot_dir, translate};
use frontend::compile::Failure;
use frontend::Span;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// A location named by a directive.
#[derive(Debug)]
struct Loc {
    /// A file of the program other than the main one (relative to the main
    /// file's directory).
    file: Option<String>,
    line: u32,
    col: Option<u32>,
}

impl Loc {
    fn parse(text: &str) -> Result<Loc, String> {
        let parts: Vec<&str> = text.trim().split(':').collect();
        let num = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("bad location {text:?}"))
        };
        match parts.as_slice() {
            [l] => Ok(Loc {
                file: None,
                line: num(l)?,
                col: None,
            }),
            [l, c] if l.trim().parse::<u32>().is_ok() => Ok(Loc {
                file: None,
                line: num(l)?,
                col: Some(num(c)?),
            }),
            [f, l] => Ok(Loc {
                file: Some(f.trim().to_string()),
                line: num(l)?,
                col: None,
            }),
            [f, l, c] => Ok(Loc {
                file: Some(f.trim().to_string()),
                line: num(l)?,
                col: Some(num(c)?),
            }),
            _ => Err(format!("bad location {text:?}")),
        }
    }

    /// Whether `span` starts here.
    fn matches(&self, main: &Path, failure: &Failure, span: Span) -> bool {
        let Some(file) = failure.sources.files.get(span.file) else {
            return false;
        };
        let wanted = match &self.file {
            Some(f) => main.parent().unwrap_or(Path::new("")).join(f),
            None => main.to_path_buf(),
        };
        if file.path != wanted {
            return false;
        }
        let (line, col) = file.line_col(span.start);
        line == self.line && self.col.is_none_or(|c| c == col)
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        write!(f, "{}", self.line)?;
        if let Some(c) = self.col {
            write!(f, ":{c}")?;
        }
        Ok(())
    }
}

/// What a program's directives require of its diagnostics.
#[derive(Debug, Default)]
struct Expectation {
    error: Option<Loc>,
    kind: Option<String>,
    messages: Vec<String>,
    origins: Vec<Loc>,
    errors: Option<usize>,
}

impl Expectation {
    /// Reads the directives of `source`.
    fn parse(source: &str) -> Result<Expectation, String> {
        let mut exp = Expectation::default();
        for line in source.lines() {
            let Some(rest) = line.strip_prefix("# ") else {
                continue;
            };
            let Some((key, value)) = rest.split_once(": ") else {
                continue;
            };
            match key {
                "error" => exp.error = Some(Loc::parse(value)?),
                "kind" => exp.kind = Some(value.trim().to_string()),
                "message" => exp.messages.push(value.trim().to_string()),
                "origin" => {
                    for loc in value.split(',') {
                        exp.origins.push(Loc::parse(loc)?);
                    }
                }
                "errors" => {
                    exp.errors = Some(
                        value
                            .trim()
                            .parse()
                            .map_err(|_| format!("bad count {value:?}"))?,
                    )
                }
                _ => {}
            }
        }
        if exp.error.is_none() && exp.messages.is_empty() && exp.origins.is_empty() {
            return Err("no `# error:`, `# message:` or `# origin:` directive".into());
        }
        Ok(exp)
    }

    /// Every way `failure`'s first diagnostic falls short.
    fn check(&self, main: &Path, failure: &Failure) -> Vec<String> {
        let mut problems = Vec::new();
        let Some(first) = failure.diagnostics.first() else {
            return vec!["no diagnostic".into()];
        };
        if let Some(loc) = &self.error {
            if !loc.matches(main, failure, first.span) {
                problems.push(format!(
                    "the first error is at {}, expected at {loc}",
                    relative_paths(&failure.sources.describe(first.span))
                ));
            }
        }
        if let Some(kind) = &self.kind {
            let found = format!("{:?}", first.kind);
            if &found != kind {
                problems.push(format!(
                    "the first error is of kind {found}, expected {kind}"
                ));
            }
        }
        for m in &self.messages {
            if !first.message.contains(m.as_str()) {
                problems.push(format!("the first error's message does not mention {m:?}"));
            }
        }
        for origin in &self.origins {
            let spans = std::iter::once(first.span).chain(first.secondary.iter().map(|(s, _)| *s));
            if !spans.into_iter().any(|s| origin.matches(main, failure, s)) {
                problems.push(format!("the first error does not point at {origin}"));
            }
        }
        if let Some(n) = self.errors {
            if failure.diagnostics.len() != n {
                problems.push(format!(
                    "{} errors reported, expected {n}",
                    failure.diagnostics.len()
                ));
            }
        }
        problems
    }
}

/// Checks the form of every diagnostic of `failure` and of the rendered
/// text; returns the problems.
fn check_form(failure: &Failure, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for d in &failure.diagnostics {
        let Some(file) = failure.sources.files.get(d.span.file) else {
            problems.push(format!("{:?} points at an unknown file", d.message));
            continue;
        };
        let (start, end) = (d.span.start as usize, d.span.end as usize);
        if start > end
            || end > file.text.len()
            || !file.text.is_char_boundary(start)
            || !file.text.is_char_boundary(end)
        {
            problems.push(format!("{:?} has a bad span {:?}", d.message, d.span));
        }
        if file.path.starts_with("<kiln>") {
            problems.push(format!(
                "{:?} points into the prelude ({})",
                d.message,
                failure.sources.describe(d.span)
            ));
        }
        if d.message.contains("internal error") {
            problems.push(format!("an internal error: {:?}", d.message));
        }
    }
    if let Some(first) = failure.diagnostics.first() {
        let head = relative_paths(&first.one_line(&failure.sources));
        if !text.starts_with(&format!("{head}\n")) {
            problems.push(format!("the text does not start with {head:?}"));
        }
    }
    if !text.contains('^') {
        problems.push("the text draws no caret".into());
    }
    problems
}

/// Translates program `name` of `dir`, checks its diagnostics and
/// snapshots them in `snapshots/diagnostics/NAME.snap`.
pub fn check(dir: &Path, name: &str) {
    let main = main_file(dir, name);
    let source = std::fs::read_to_string(&main).expect("readable test program");
    let exp = Expectation::parse(&source).unwrap_or_else(|e| panic!("{name}: bad directives: {e}"));
    let failure = match catch_unwind(AssertUnwindSafe(|| translate(&main))) {
        Err(_) => panic!("{name}: the frontend panicked"),
        Ok(Ok(_)) => panic!("{name}: the program was accepted but must be rejected"),
        Ok(Err(f)) => f,
    };
    let text = rendered(&failure);
    let mut problems = check_form(&failure, &text);
    problems.extend(exp.check(&main, &failure));
    assert!(
        problems.is_empty(),
        "{name}:\n  {}\nthe diagnostics:\n{text}",
        problems.join("\n  ")
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir("diagnostics"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(&main);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}
