//! Developer tool: translate a Kiln Python program and run it with the
//! reference interpreter, without building the backends.
//! `cargo run -p kiln-frontend --release --example kilnrun -- PROG.py [ARGS...]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: kilnrun PROG.py [ARGS...]");
        return ExitCode::from(2);
    };
    let compiled = match frontend::compile::compile(
        std::path::Path::new(path),
        &frontend::compile::Options::default(),
    ) {
        Ok(c) => c,
        Err(f) => {
            eprint!(
                "{}",
                frontend::render::render_diagnostics(&f.sources, &f.diagnostics)
            );
            return ExitCode::from(1);
        }
    };
    let prog = compiled.program;
    let argv: Vec<String> = args.clone();
    let code = std::thread::Builder::new()
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
        .expect("thread")
        .join();
    match code {
        Ok(Ok(c)) => ExitCode::from((c & 0xff) as u8),
        Ok(Err(e)) => {
            eprintln!("internal error: {e}");
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(101),
    }
}
