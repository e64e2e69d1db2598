//! The `kiln` command: inspect, check, run and build Kiln programs.
//!
//! Subcommands:
//! - `kiln ir FILE` — verify a program and print its IR text;
//! - `kiln run FILE [-- ARGS...]` — run it with the reference interpreter.
//!
//! `FILE` is a `.kir` core-IR text file. Every error is printed as
//! `file:line:col: error: message` with the source line, and exits with 1.

mod diagnostic;

use clap::{Parser, Subcommand};
use core_ir::Program;
use diagnostic::{offset_of, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

#[derive(Subcommand)]
enum Command {
    /// Verify a program and print its typed IR as text.
    Ir {
        /// The program: a `.kir` IR file.
        file: PathBuf,
    },
    /// Run a program with the reference interpreter.
    Run {
        /// The program: a `.kir` IR file.
        file: PathBuf,
        /// Arguments passed to the program (`argv[1:]`), after `--`.
        #[arg(last = true)]
        args: Vec<String>,
    },
}

/// An error already rendered for the user.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ir { file } => cmd_ir(&file),
        Command::Run { file, args } => cmd_run(&file, args),
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

/// Loads and verifies a program from `path`.
fn load(path: &Path) -> Result<Program, Failure> {
    let source = read_source(path)?;
    let shown = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("kir") => {}
        _ => {
            return Err(Failure(format!(
                "{shown}: error: expected a `.kir` core-IR file (Kiln Python input comes with the frontend)\n"
            )))
        }
    }
    let prog = core_ir::parse(&source).map_err(|e| {
        let start = offset_of(&source, e.line, e.col);
        Failure(
            Diagnostic {
                path: shown.clone(),
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
    Ok(prog)
}

fn cmd_ir(path: &Path) -> Result<ExitCode, Failure> {
    let prog = load(path)?;
    print!("{}", core_ir::print(&prog));
    Ok(ExitCode::SUCCESS)
}

fn cmd_run(path: &Path, args: Vec<String>) -> Result<ExitCode, Failure> {
    let prog = load(path)?;
    if prog.entry.is_none() {
        return Err(Failure(format!(
            "{}: error: the program has no entry point (`entry @FUNC`)\n",
            path.display()
        )));
    }
    let mut argv = vec![path.display().to_string()];
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
            path.display()
        ))),
        Err(_) => Err(Failure(format!(
            "{}: internal error: the interpreter crashed (please report this)\n",
            path.display()
        ))),
    }
}
