//! The frontend's entry point: Kiln Python source files in, a verified
//! core-IR program out, with the time each phase took.

use crate::annotate::{self, AnnotateConfig};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow;
use crate::load::{self, LoadedModule};
use crate::lower;
use crate::source::{SourceFile, SourceMap, Span};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The prelude's source: built-ins written in Kiln Python (see `prelude/`).
pub const PRELUDE_SOURCE: &str = include_str!("../prelude/kiln_prelude.py");

/// Options of a translation.
#[derive(Clone, Debug)]
pub struct Options {
    /// Name of the entry-point function.
    pub entry: String,
    /// Stop after type inference and return the annotated flow graphs of
    /// this function (or of all functions, for `Some("")`) as text.
    pub dump_flow: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            entry: "entry_point".into(),
            dump_flow: None,
        }
    }
}

/// A successful translation.
pub struct Compiled {
    /// The verified program.
    pub program: core_ir::Program,
    /// The sources (for messages).
    pub sources: SourceMap,
    /// Time spent in each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The annotated flow graphs, if [`Options::dump_flow`] asked for them.
    pub flow_dump: Option<String>,
}

/// A failed translation: the diagnostics, with the sources they point into.
pub struct Failure {
    /// The sources read (may be empty if the main file could not be read).
    pub sources: SourceMap,
    /// Every error found.
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent in the phases that ran.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Translates the program whose main file is `main`.
pub fn compile(main: &Path, options: &Options) -> Result<Compiled, Failure> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let (mut loaded, diagnostics) = load::load_program_partial(main);
    if !diagnostics.is_empty() {
        return Err(Failure {
            sources: loaded.sources,
            diagnostics,
            timings,
        });
    }
    add_prelude(&mut loaded).map_err(|d| Failure {
        sources: loaded.sources.clone(),
        diagnostics: d,
        timings: timings.clone(),
    })?;
    timings.push(("parse", t.elapsed()));

    let t = Instant::now();
    let flow = match flow::build::build(&loaded) {
        Ok(f) => f,
        Err(diagnostics) => {
            return Err(Failure {
                sources: loaded.sources,
                diagnostics,
                timings,
            })
        }
    };
    timings.push(("flow graphs", t.elapsed()));

    let t = Instant::now();
    let config = AnnotateConfig {
        entry: options.entry.clone(),
        dump: options.dump_flow.clone(),
    };
    let ann = match annotate::annotate(&flow, &loaded.sources, config) {
        Ok(a) => a,
        Err(diagnostics) => {
            return Err(Failure {
                sources: loaded.sources.clone(),
                diagnostics,
                timings,
            })
        }
    };
    timings.push(("annotate", t.elapsed()));
    let flow_dump = None;

    let t = Instant::now();
    let program = match lower::lower(&ann) {
        Ok(p) => p,
        Err(diagnostics) => {
            return Err(Failure {
                sources: loaded.sources.clone(),
                diagnostics,
                timings,
            })
        }
    };
    timings.push(("lower", t.elapsed()));

    let t = Instant::now();
    if let Err(errs) = core_ir::verify(&program) {
        let file = loaded
            .sources
            .files
            .keys()
            .next()
            .unwrap_or_else(|| crate::FileId::from_u32(0));
        let diagnostics = errs
            .iter()
            .take(20)
            .map(|e| {
                Diagnostic::new(
                    ErrorKind::Type,
                    Span::new(file, 0, 0),
                    format!("internal error: the lowered IR does not verify: {e}"),
                )
                .with_note("this is a bug in Kiln; please report it with the program")
            })
            .collect();
        return Err(Failure {
            sources: loaded.sources.clone(),
            diagnostics,
            timings,
        });
    }
    timings.push(("verify", t.elapsed()));
    Ok(Compiled {
        program,
        sources: loaded.sources,
        timings,
        flow_dump,
    })
}

/// Parses the prelude and appends it to the loaded program as module `kiln_prelude`.
fn add_prelude(loaded: &mut load::LoadedProgram) -> Result<(), Vec<Diagnostic>> {
    let path = PathBuf::from("<kiln>/kiln_prelude.py");
    let file = loaded.sources.files.push(SourceFile::new(
        path,
        "kiln_prelude".into(),
        PRELUDE_SOURCE.to_string(),
    ));
    match ruff_python_parser::parse_module(PRELUDE_SOURCE) {
        Ok(parsed) => {
            loaded.modules.push(LoadedModule {
                file,
                name: "kiln_prelude".into(),
                ast: parsed.into_syntax(),
            });
            Ok(())
        }
        Err(e) => Err(vec![Diagnostic::new(
            ErrorKind::Syntax,
            Span::new(file, e.location.start().to_u32(), e.location.end().to_u32()),
            format!("internal error: the prelude does not parse: {}", e.error),
        )]),
    }
}
