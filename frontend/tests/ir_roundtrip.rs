//! The IR the frontend produces has a text form that reads back: for every
//! conformance program and the demo, `print(parse(print(ir))) == print(ir)`
//! and the parsed program verifies.

use std::path::Path;

fn check(path: &Path) {
    let compiled = frontend::compile::compile(path, &frontend::compile::Options::default())
        .unwrap_or_else(|f| {
            panic!(
                "{}:\n{}",
                path.display(),
                frontend::render::render_diagnostics(&f.sources, &f.diagnostics)
            )
        });
    let text = core_ir::print(&compiled.program);
    let back = core_ir::parse(&text)
        .unwrap_or_else(|e| panic!("{}: printed IR does not parse: {e}", path.display()));
    if let Err(errs) = core_ir::verify(&back) {
        panic!("{}: parsed IR does not verify: {}", path.display(), errs[0]);
    }
    assert_eq!(
        core_ir::print(&back),
        text,
        "{}: the text form does not round-trip",
        path.display()
    );
}

#[test]
fn lowered_programs_round_trip_through_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    check(&root.join("examples/demo/shapes.py"));
    let conformance = root.join("../shared/conformance");
    let Ok(entries) = std::fs::read_dir(&conformance) else {
        eprintln!(
            "note: {} is absent; only the demo was checked",
            conformance.display()
        );
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut n = 0;
    for p in files {
        let name = p.file_name().and_then(|s| s.to_str()).unwrap_or("");
        if name.ends_with(".py") && name.as_bytes()[0].is_ascii_digit() {
            check(&p);
            n += 1;
        }
    }
    assert!(n >= 40, "expected the conformance programs, found {n}");
}
