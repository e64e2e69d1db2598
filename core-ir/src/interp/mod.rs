//! The reference interpreter: runs a whole program with exactly Python's
//! observable behaviour. It is the oracle every backend is compared with.
//!
//! A run executes the start-up function (if any), then the entry point with
//! `argv` (a `list<str>` whose first item is the program name). The entry
//! point's result is the exit status. An exception that escapes either
//! function prints `ExcName: message` (or just `ExcName` when `str(e)` is
//! empty) on stderr, after flushing stdout, and gives exit status 1; `str(e)`
//! is computed by calling the `__str__` method virtually.
//!
//! Layout: `machine` holds the state and the control-flow loop (an explicit
//! frame stack: a Python call uses no Rust stack), `decode` turns each
//! function into the flat form the loop runs (with `liveness` facts),
//! `dispatch` executes one instruction and hands families of opcodes to
//! `ops_scalar`, `ops_text`, `ops_containers`, `ops_objects` and `ops_io`.
//! The Python semantics live in pure modules: `numbers`, `float_format`,
//! `strings`, `unicode` (with the generated `unicode_table`), `dict`,
//! `keys` (hashing, key equality, `repr`) and `io`.

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
mod ops_scalar;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `src` (verified) with `max_depth`; (result, stdout, stderr).
    fn run_text(src: &str, max_depth: usize) -> (Result<i32, InterpError>, String, String) {
        let prog = crate::parse(src).expect("parses");
        crate::verify(&prog).expect("verifies");
        run_prog(&prog, max_depth)
    }

    fn run_prog(prog: &Program, max_depth: usize) -> (Result<i32, InterpError>, String, String) {
        let mut stdin = std::io::Cursor::new(Vec::new());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let cfg = RunConfig {
            argv: vec!["prog".into()],
            stdin: &mut stdin,
            stdout: &mut out,
            stderr: &mut err,
            max_depth,
        };
        let r = run(prog, cfg);
        (
            r,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    const DEPTH: &str = "func @depth(int) -> int {
block0(v0: int):
    v1: int = iconst 0
    v2: bool = int_cmp eq v0, v1
    branch v2, block1, block2

block1:
    return v1

block2:
    v3: int = iconst 1
    v4: int = int_sub v0, v3
    v5: int = call @depth(v4)
    v6: int = int_add v5, v3
    return v6
}

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: int = iconst 50000
    v2: int = call @depth(v1)
    v3: str = int_to_str v2
    stdout_write v3
    v4: int = iconst 0
    return v4
}

entry @entry_point
";

    #[test]
    fn deep_recursion_needs_no_rust_stack() {
        // 50000 nested calls on a thread with a 256 KiB stack.
        let t = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| run_text(DEPTH, 100_000))
            .unwrap();
        let (r, out, _) = t.join().unwrap();
        assert_eq!(r, Ok(0));
        assert_eq!(out, "50000");
    }

    #[test]
    fn call_depth_limit_raises_recursion_error() {
        let (r, out, err) = run_text(DEPTH, 1000);
        assert_eq!(r, Ok(1));
        assert_eq!(out, "");
        assert_eq!(err, "RecursionError: maximum recursion depth exceeded\n");
    }

    #[test]
    fn unreachable_and_bodiless_calls_are_interpreter_errors() {
        let (r, _, _) = run_text(
            "func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: str = sconst \"partial output\"
    stdout_write v1
    unreachable
}

entry @entry_point
",
            DEFAULT_MAX_DEPTH,
        );
        let e = r.unwrap_err();
        assert_eq!(
            (e.func.as_str(), e.message.as_str()),
            ("entry_point", "reached `unreachable`")
        );
        // The verifier rejects this program; the interpreter still fails cleanly.
        let prog = crate::parse(
            "func @missing(int) -> int;

func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: int = iconst 1
    v2: int = call @missing(v1)
    return v2
}

entry @entry_point
",
        )
        .unwrap();
        let (r, _, _) = run_prog(&prog, DEFAULT_MAX_DEPTH);
        assert!(r.unwrap_err().message.contains("@missing"));
    }

    #[test]
    fn stdout_is_flushed_before_an_interpreter_error() {
        let (r, out, _) = run_text(
            "func @entry_point(list<str>) -> int {
block0(v0: list<str>):
    v1: str = sconst \"partial output\"
    stdout_write v1
    unreachable
}

entry @entry_point
",
            DEFAULT_MAX_DEPTH,
        );
        assert!(r.is_err());
        assert_eq!(out, "partial output");
    }

    fn filetest_sources() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("filetests");
        let mut out = Vec::new();
        for dir in ["run", "interp"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "kir") {
                    out.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        out
    }

    #[test]
    fn every_opcode_is_run_by_a_filetest() {
        let mut words = std::collections::HashSet::new();
        for src in filetest_sources() {
            for line in src.lines().filter(|l| !l.trim_start().starts_with(';')) {
                for w in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    words.insert(w.to_string());
                }
            }
        }
        let missing: Vec<&str> = crate::Opcode::ALL
            .iter()
            .map(|op| op.name())
            .filter(|name| !words.contains(*name))
            .collect();
        assert!(
            missing.is_empty(),
            "opcodes not run by any filetest: {missing:?}"
        );
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    /// A chain of `Node`s whose `__hash__` hashes the next node: each level
    /// is a call back into the program from inside the `hash` opcode.
    fn chain_program(n: i64) -> String {
        format!(
            "class Node {{
    field next: Node
    field k: int
    method __eq__(Node) -> bool = @Node.__eq__
    method __hash__() -> int = @Node.__hash__
}}

func @Node.__eq__(Node, Node) -> bool {{
block0(v0: Node, v1: Node):
    v2: bool = ref_is v0, v1
    return v2
}}

func @Node.__hash__(Node) -> int {{
block0(v0: Node):
    v1: Node = getfield Node.next v0
    v2: bool = is_none v1
    branch v2, block1, block2

block1:
    v3: int = iconst 0
    return v3

block2:
    v4: int = hash v1
    v5: int = iconst 1
    v6: int = int_add v4, v5
    return v6
}}

func @entry_point(list<str>) -> int {{
block0(v0: list<str>):
    v1: Node = none
    v2: int = iconst 0
    jump block1(v1, v2)

block1(v3: Node, v4: int):
    v5: int = iconst {n}
    v6: bool = int_cmp lt v4, v5
    branch v6, block2, block3

block2:
    v7: Node = new Node
    setfield Node.next v7, v3
    v8: int = iconst 1
    v9: int = int_add v4, v8
    jump block1(v7, v9)

block3:
    v10: int = hash v3
    v11: str = int_to_str v10
    stdout_write v11
    v12: int = iconst 0
    return v12
}}

entry @entry_point
"
        )
    }

    fn run_chain(n: i64) -> (Result<i32, InterpError>, String, String) {
        let prog = crate::parse(&chain_program(n)).expect("parses");
        crate::verify(&prog).expect("verifies");
        let mut stdin = std::io::Cursor::new(Vec::new());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let cfg = RunConfig {
            argv: vec!["prog".into()],
            stdin: &mut stdin,
            stdout: &mut out,
            stderr: &mut err,
            max_depth: DEFAULT_MAX_DEPTH,
        };
        let r = run(&prog, cfg);
        (
            r,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn nested_calls_from_operations_are_bounded() {
        // Within the nesting limit: works on a 1 MiB stack, even unoptimized.
        let t = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| run_chain(60))
            .unwrap();
        let (r, out, _) = t.join().unwrap();
        assert_eq!((r, out.as_str()), (Ok(0), "59"));
        // Beyond it: RecursionError instead of a Rust stack overflow.
        let (r, _, err) = run_chain(500);
        assert_eq!(r, Ok(1));
        assert_eq!(err, "RecursionError: maximum recursion depth exceeded\n");
    }
}
