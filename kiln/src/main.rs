//! The `kiln` command: check, inspect, run and build Kiln programs.
//!
//! Subcommands:
//! - `kiln check PROG.py` — translate a Kiln Python program (type check only);
//! - `kiln ir FILE [--function NAME] [--dot]` — print a program's typed IR
//!   (or a Graphviz flow graph of one function);
//! - `kiln run FILE [-- ARGS...]` — run it with the reference interpreter.
//!
//! `FILE` is a Kiln Python program (`.py`) or a core-IR text file (`.kir`).
//! Every error is printed as `file:line:col: error: message` with the source
//! line, and the command exits with status 1.

use clap::{Args, Parser, Subcommand};
use core_ir::Program;
use frontend::render::{offset_of, render_diagnostics, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "kiln",
    version,
    about = "Kiln: translate interpreters written in Kiln Python to the JVM, the CLR and native code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by the commands that read a program.
#[derive(Args, Clone)]
struct Input {
    /// The program: a Kiln Python main file (`.py`) or a core-IR file (`.kir`).
    file: PathBuf,
    /// Name of the entry-point function of a `.py` program.
    #[arg(long, default_value = "entry_point")]
    entry: String,
    /// Print how long each phase of the translation took (on stderr).
    #[arg(long)]
    timings: bool,
    /// Print the annotated flow graphs of this function (`all` for every
    /// function) on stderr before lowering (a debugging aid).
    #[arg(long, value_name = "FUNCTION")]
    flow: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Translate a program and report every error, without running it.
    Check {
        #[command(flatten)]
        input: Input,
    },
    /// Print a program's typed IR as `.kir` text.
    Ir {
        #[command(flatten)]
        input: Input,
        /// Print only this function (its IR name, e.g. `entry_point` or `Shape.area`).
        #[arg(long)]
        function: Option<String>,
        /// Print a Graphviz `digraph` of the function's control flow instead of text.
        #[arg(long, requires = "function")]
        dot: bool,
    },
    /// Translate a program into a native executable, a `.jar` or a CLR assembly.
    Build {
        #[command(flatten)]
        input: Input,
        /// What to produce.
        #[arg(long, value_enum, default_value_t = Target::Native)]
        target: Target,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Native only: the garbage collector, `copying` (a moving
        /// semispace collector: fastest for interpreters, which allocate
        /// many short-lived objects) or `marksweep` (non-moving, smaller
        /// heap).
        #[arg(long, default_value = "copying")]
        gc: String,
        /// Native only: collect at every allocation (for testing the GC).
        #[arg(long)]
        gc_stress: bool,
        /// Native only: include the tracing JIT when the program has a JitDriver (default).
        #[arg(long, overrides_with = "no_jit")]
        jit: bool,
        /// Native only: leave the tracing JIT out.
        #[arg(long)]
        no_jit: bool,
    },
    /// Run a program with the reference interpreter.
    Run {
        #[command(flatten)]
        input: Input,
        /// Arguments passed to the program (`argv[1:]`), after `--`.
        #[arg(last = true)]
        args: Vec<String>,
    },
}

/// Output kinds of `kiln build`.
#[derive(Copy, Clone, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// A standalone executable with the tracing JIT (needs `cc` to link).
    Native,
    /// A runnable `.jar` (run with `java -jar`).
    Jvm,
    /// A CLI assembly (run with `mono` or .NET).
    Clr,
}

/// An error already rendered for the user.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { input } => cmd_check(&input),
        Command::Ir {
            input,
            function,
            dot,
        } => cmd_ir(&input, function.as_deref(), dot),
        Command::Run { input, args } => cmd_run(&input, args),
        Command::Build {
            input,
            target,
            output,
            gc,
            gc_stress,
            jit: _,
            no_jit,
        } => cmd_build(&input, target, &output, &gc, gc_stress, !no_jit),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprint!("{msg}");
            ExitCode::from(1)
        }
    }
}

fn read_source(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure(format!(
            "{}: error: cannot read file: {e}\n",
            path.display()
        ))
    })
}

fn print_timings(timings: &[(&'static str, Duration)]) {
    let total: Duration = timings.iter().map(|t| t.1).sum();
    for (phase, d) in timings {
        eprintln!("kiln: {:<12} {:>9.3} ms", phase, d.as_secs_f64() * 1000.0);
    }
    eprintln!(
        "kiln: {:<12} {:>9.3} ms",
        "total",
        total.as_secs_f64() * 1000.0
    );
}

/// Loads and verifies a program from a `.kir` or `.py` file.
fn load(input: &Input) -> Result<Program, Failure> {
    let path = &input.file;
    let shown = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("kir") => load_kir(path, &shown, input.timings),
        Some("py") => {
            if !path.is_file() {
                return Err(Failure(format!("{shown}: error: no such file\n")));
            }
            let options = frontend::compile::Options {
                entry: input.entry.clone(),
                dump_flow: input.flow.as_ref().map(|f| {
                    if f == "all" {
                        String::new()
                    } else {
                        f.clone()
                    }
                }),
            };
            match frontend::compile::compile(path, &options) {
                Ok(c) => {
                    if input.timings {
                        print_timings(&c.timings);
                    }
                    Ok(c.program)
                }
                Err(f) => {
                    if input.timings {
                        print_timings(&f.timings);
                    }
                    Err(Failure(render_diagnostics(&f.sources, &f.diagnostics)))
                }
            }
        }
        _ => Err(Failure(format!(
            "{shown}: error: expected a Kiln Python program (`.py`) or a core-IR file (`.kir`)\n"
        ))),
    }
}

fn load_kir(path: &Path, shown: &str, timings: bool) -> Result<Program, Failure> {
    let source = read_source(path)?;
    let t = Instant::now();
    let prog = core_ir::parse(&source).map_err(|e| {
        let start = offset_of(&source, e.line, e.col);
        Failure(
            Report {
                path: shown.to_string(),
                source: source.clone(),
                span: start..start,
                message: e.message.clone(),
                label: String::new(),
                secondary: vec![],
                notes: vec![],
            }
            .render(),
        )
    })?;
    let parse_time = t.elapsed();
    let t = Instant::now();
    if let Err(errs) = core_ir::verify(&prog) {
        let mut msg = String::new();
        for e in &errs {
            msg.push_str(&format!("{shown}: error: {e}\n"));
        }
        msg.push_str(&format!(
            "{shown}: {} verifier error{}\n",
            errs.len(),
            if errs.len() == 1 { "" } else { "s" }
        ));
        return Err(Failure(msg));
    }
    if timings {
        print_timings(&[("parse", parse_time), ("verify", t.elapsed())]);
    }
    Ok(prog)
}

fn cmd_check(input: &Input) -> Result<ExitCode, Failure> {
    load(input)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_ir(input: &Input, function: Option<&str>, dot: bool) -> Result<ExitCode, Failure> {
    let prog = load(input)?;
    match function {
        None => print!("{}", core_ir::print(&prog)),
        Some(name) => {
            let Some(f) = prog.func_by_name(name) else {
                let mut names: Vec<&str> = prog
                    .funcs
                    .values()
                    .filter(|f| !f.flags.builtin)
                    .map(|f| f.name.as_str())
                    .collect();
                names.sort();
                return Err(Failure(format!(
                    "{}: error: no function named `{name}`; the functions are: {}\n",
                    input.file.display(),
                    names.join(", ")
                )));
            };
            if dot {
                print!("{}", core_ir::text::print_dot(&prog, &prog.funcs[f]));
            } else {
                print!("{}", core_ir::text::print_function(&prog, &prog.funcs[f]));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_build(
    input: &Input,
    target: Target,
    output: &Path,
    gc: &str,
    gc_stress: bool,
    jit: bool,
) -> Result<ExitCode, Failure> {
    let prog = load(input)?;
    if prog.entry.is_none() {
        return Err(Failure(format!(
            "{}: error: the program has no entry point\n",
            input.file.display()
        )));
    }
    let result = match target {
        Target::Native => backend_native::build_executable(
            &prog,
            &backend_native::NativeOptions {
                output: output.to_path_buf(),
                gc: gc.to_string(),
                gc_stress,
                jit,
            },
        ),
        Target::Jvm => backend_jvm::build_jar(
            &prog,
            &backend_jvm::JvmOptions {
                output: output.to_path_buf(),
            },
        ),
        Target::Clr => backend_clr::build_assembly(
            &prog,
            &backend_clr::ClrOptions {
                output: output.to_path_buf(),
            },
        ),
    };
    result.map_err(|e| Failure(format!("{}: error: {e}\n", input.file.display())))?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_run(input: &Input, args: Vec<String>) -> Result<ExitCode, Failure> {
    let prog = load(input)?;
    if prog.entry.is_none() {
        return Err(Failure(format!(
            "{}: error: the program has no entry point\n",
            input.file.display()
        )));
    }
    let mut argv = vec![input.file.display().to_string()];
    argv.extend(args);
    // The interpreter keeps its own frame stack; a generous native stack
    // still protects deep recursion in helper code.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut stdin = stdin.lock();
            let mut stdout = std::io::stdout().lock();
            let mut stderr = std::io::stderr();
            let cfg = core_ir::interp::RunConfig {
                argv,
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
                max_depth: core_ir::interp::DEFAULT_MAX_DEPTH,
            };
            core_ir::interp::run(&prog, cfg)
        })
        .map_err(|e| Failure(format!("error: cannot start the interpreter thread: {e}\n")))?;
    match handle.join() {
        Ok(Ok(code)) => Ok(ExitCode::from((code & 0xff) as u8)),
        Ok(Err(e)) => Err(Failure(format!(
            "{}: internal error: {e}\n",
            input.file.display()
        ))),
        Err(_) => Err(Failure(format!(
            "{}: internal error: the interpreter crashed (please report this)\n",
            input.file.display()
        ))),
    }
}
