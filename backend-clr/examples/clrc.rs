//! `clrc PROG.py|PROG.kir -o OUT.exe [--il]`: the CLR build alone (what
//! `kiln build --target clr` does), for benchmarks and debugging without
//! building the other backends. `--il` also prints the IL listing of the
//! program's code (read back from the written assembly, runtime left out).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let il = args.iter().any(|a| a == "--il");
    let args: Vec<String> = args.into_iter().filter(|a| a != "--il").collect();
    let (input, output) = match args.as_slice() {
        [i, flag, o] if flag == "-o" => (PathBuf::from(i), PathBuf::from(o)),
        _ => {
            eprintln!("usage: clrc PROG.py|PROG.kir -o OUT.exe [--il]");
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
    let options = backend_clr::ClrOptions {
        output: output.clone(),
    };
    match backend_clr::build_assembly(&program, &options) {
        Ok(()) if il => {
            use backend_clr::meta::{listing, reader};
            let bytes = std::fs::read(&output).expect("the assembly just written");
            match reader::read(&bytes) {
                Ok(module) => {
                    let keep = |t: &reader::TypeData| {
                        t.name.starts_with("Py.")
                            || t.name == "Kiln.Code"
                            || t.name.starts_with("Kiln.Fn_")
                    };
                    print!("{}", listing::listing(&module, &keep));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot read {} back: {e:?}", output.display());
                    ExitCode::from(1)
                }
            }
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
