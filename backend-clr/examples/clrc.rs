//! `clrc PROG.py|PROG.kir -o OUT.exe`: the CLR build alone (what
//! `kiln build --target clr` does), for benchmarks and debugging without
//! building the other backends.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [i, flag, o] if flag == "-o" => (PathBuf::from(i), PathBuf::from(o)),
        _ => {
            eprintln!("usage: clrc PROG.py|PROG.kir -o OUT.exe");
            return ExitCode::from(2);
        }
    };
    let program = if input.extension().is_some_and(|e| e == "kir") {
        let text = match std::fs::read_to_string(&input) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", input.display());
                return ExitCode::from(1);
            }
        };
        match core_ir::parse(&text) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}: {e:?}", input.display());
                return ExitCode::from(1);
            }
        }
    } else {
        match frontend::compile::compile(&input, &frontend::compile::Options::default()) {
            Ok(c) => c.program,
            Err(f) => {
                for d in &f.diagnostics {
                    eprintln!("{}: error: {}", input.display(), d.message);
                }
                return ExitCode::from(1);
            }
        }
    };
    match backend_clr::build_assembly(&program, &backend_clr::ClrOptions { output }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
