//! Builds a jar from a `.kir` file: `kir2jar IN.kir OUT.jar` (a developer tool).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: kir2jar IN.kir OUT.jar");
        std::process::exit(2);
    }
    let src = std::fs::read_to_string(&args[1]).expect("readable input");
    let prog = match core_ir::parse(&src) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}: {e:?}", args[1]);
            std::process::exit(1);
        }
    };
    let opts = backend_jvm::JvmOptions {
        output: args[2].clone().into(),
    };
    if let Err(e) = backend_jvm::build_jar(&prog, &opts) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
