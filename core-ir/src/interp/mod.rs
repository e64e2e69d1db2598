//! The reference interpreter: runs a whole program with exactly Python's
//! observable behaviour. It is the oracle every backend is compared with.
//!
//! A run executes the start-up function (if any), then the entry point with
//! `argv` (a `list<str>` whose first item is the program name). The entry
//! point's result is the exit status. An exception that escapes either
//! function prints `ExcName: message` (or just `ExcName` when `str(e)` is
//! empty) on stderr, after flushing stdout, and gives exit status 1; `str(e)`
//! is computed by calling the `__str__` method virtually.

mod decode;
mod dict;
mod dispatch;
mod errors;
mod float_format;
mod io;
mod keys;
mod liveness;
mod machine;
mod numbers;
mod ops_containers;
mod ops_io;
mod ops_objects;
mod ops_text;
mod strings;
mod unicode;
mod unicode_table;
mod value;

use crate::program::Program;
use machine::Interp;
use std::fmt;
use std::io::{BufRead, Write};
use value::Val;

/// Default limit on the depth of nested calls before `RecursionError`.
pub const DEFAULT_MAX_DEPTH: usize = 10_000;

/// What a run needs from its environment.
pub struct RunConfig<'a> {
    /// `argv`; the first item is the program name.
    pub argv: Vec<String>,
    /// Standard input.
    pub stdin: &'a mut dyn BufRead,
    /// Standard output (the interpreter buffers and flushes it).
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
    /// Call depth at which `RecursionError` is raised.
    pub max_depth: usize,
}

/// A failure of the interpreter itself (not a Python exception): the program
/// did something the IR leaves undefined, such as reaching `unreachable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterpError {
    /// Function where it happened.
    pub func: String,
    /// What happened.
    pub message: String,
}

impl fmt::Display for InterpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in @{}: {}", self.func, self.message)
    }
}

impl std::error::Error for InterpError {}

/// Runs `prog` (which must have passed the verifier) and returns its exit status.
pub fn run(prog: &Program, cfg: RunConfig<'_>) -> Result<i32, InterpError> {
    let RunConfig {
        argv,
        stdin,
        stdout,
        stderr,
        max_depth,
    } = cfg;
    let mut it = Interp::new(prog, io::Io::new(stdin, stdout, stderr), max_depth);
    let status = run_phases(&mut it, argv);
    it.io.close_all();
    it.io.flush_stdout();
    status
}

/// Start-up, then the entry point; an escaping exception is reported.
fn run_phases(it: &mut Interp<'_, '_>, argv: Vec<String>) -> Result<i32, InterpError> {
    let prog = it.prog;
    if let Some(f) = prog.startup {
        if let Err(exc) = it.run_top(f, vec![])? {
            it.report_uncaught(&exc)?;
            return Ok(1);
        }
    }
    let Some(entry) = prog.entry else {
        return Err(InterpError {
            func: String::new(),
            message: "the program has no entry point".into(),
        });
    };
    let args = Val::list(argv.iter().map(|a| Val::text(a)).collect());
    match it.run_top(entry, vec![args])? {
        Ok(Val::Int(n)) => Ok(n as i32),
        Ok(Val::Bool(b)) => Ok(b as i32),
        Ok(_) => Ok(0),
        Err(exc) => {
            it.report_uncaught(&exc)?;
            Ok(1)
        }
    }
}
