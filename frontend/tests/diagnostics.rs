//! Diagnostics: one program under `tests/diagnostics/` per rule of
//! SUBSET.md's "Not in the subset" list and per kind of type clash or
//! misuse the frontend reports (a program of several modules is a
//! directory `NAME/` with `NAME/main.py`). Each must be rejected, and its
//! rendered diagnostics are snapshotted in `snapshots/diagnostics/NAME.snap`
//! (paths relative to the repository). Read a changed snapshot before
//! accepting it (`cargo insta review`, or `INSTA_UPDATE=always` and
//! `git diff`).
//!
//! Every rejection is also checked for form: each diagnostic has a span
//! inside its file and none points into the prelude or is an internal
//! error; the text starts with `path:line:col: error: message` and draws a
//! caret. Beyond that, a program states what its first diagnostic must say
//! in comment lines (filecheck-style directives, checked before the
//! snapshot, so a weak message fails even before a snapshot exists):
//!
//! * `# error: L:C` where it is (`L` alone: only the line; `file.py:L:C`: in
//!   another module of the program, relative to the main file's directory);
//! * `# kind: K` its [`frontend::ErrorKind`];
//! * `# message: text` (repeatable) text its message contains (the rule
//!   broken, the types involved);
//! * `# origin: L:C` (repeatable, or several separated by commas) a
//!   location it points at, as primary or secondary span: for a clash, both
//!   origins;
//! * `# errors: N` how many diagnostics the program gets in all (no
//!   cascade of follow-on errors).

mod pipeline_support;

use frontend::compile::Failure;
use frontend::Span;
use pipeline_support::{main_file, programs_in, relative_paths, rendered, translate};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn diagnostics_dir() -> PathBuf {
    pipeline_support::crate_dir().join("tests/diagnostics")
}

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

/// Translates program `name` of `tests/diagnostics/`, checks its
/// diagnostics and snapshots them.
fn check(name: &str) {
    let main = main_file(&diagnostics_dir(), name);
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
    settings.set_snapshot_path(pipeline_support::snapshot_dir("diagnostics"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(&main);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

macro_rules! diagnostic_tests {
    ($($name:ident),* $(,)?) => {
        /// Every program of `tests/diagnostics/` has a test.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

diagnostic_tests!(
    attribute_clash_through_base,
    attribute_never_set,
    attribute_type_change,
    builtin_wrong_type,
    bytes_literal,
    call_non_function,
    clash_across_modules,
    clash_argument_across_calls,
    clash_bound_method_and_function,
    clash_int_float_variable,
    clash_none_with_int,
    clash_parameter_annotation,
    clash_return_annotation,
    clash_return_types,
    clash_variable_int_str,
    class_attribute_clash,
    dict_get_without_default,
    dict_key_list,
    dict_mixed_keys,
    dict_mixed_values,
    dict_value_clash_store,
    entry_point_wrong_result,
    error_in_imported_module,
    index_list_with_str,
    int_literal_too_big,
    isinstance_not_a_class,
    jit_can_enter_mismatch,
    jit_driver_no_greens,
    jit_driver_no_reds,
    jit_green_reassigned,
    jit_live_variable_not_listed,
    jit_missing_green,
    jit_missing_red,
    jit_promote_misuse,
    jit_undeclared_variable,
    keyword_given_twice,
    list_item_clash_append,
    list_mixed_items,
    method_wrong_type,
    missing_entry_point,
    missing_module,
    missing_module_from_import,
    operator_instance_less_than,
    operator_list_plus_str,
    operator_str_minus_int,
    operator_str_plus_int,
    percent_format_count_mismatch,
    percent_format_non_constant,
    percent_format_type_mismatch,
    raise_non_exception,
    set_display,
    sort_instances,
    sort_with_key,
    specialize_bad_index,
    syntax_error,
    syntax_error_indent,
    syntax_error_unclosed,
    tuple_index_not_constant,
    tuple_unpack_wrong_count,
    unassigned_local,
    unexpected_keyword,
    unknown_attribute,
    unknown_function,
    unknown_method,
    unknown_module_attribute,
    unknown_name,
    unprintable_instance,
    unprintable_instance_in_fstring,
    unsupported_async,
    unsupported_classmethod,
    unsupported_closure,
    unsupported_decorator,
    unsupported_eval,
    unsupported_exec,
    unsupported_getattr_dynamic,
    unsupported_kwargs,
    unsupported_lambda,
    unsupported_match,
    unsupported_metaclass,
    unsupported_multiple_inheritance,
    unsupported_setattr_dynamic,
    unsupported_star_args,
    unsupported_yield,
    wrong_argument_count_constructor,
    wrong_argument_count_method,
    wrong_argument_count_too_few,
    wrong_argument_count_too_many,
);

#[test]
fn every_program_has_a_test() {
    let found = programs_in(&diagnostics_dir());
    let mut problems = Vec::new();
    for (name, _) in &found {
        if !PROGRAMS.contains(&name.as_str()) {
            problems.push(format!("{name}: no test in diagnostics.rs"));
        }
    }
    for name in PROGRAMS {
        if !found.iter().any(|(n, _)| n == name) {
            problems.push(format!("{name}: tested but absent"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
