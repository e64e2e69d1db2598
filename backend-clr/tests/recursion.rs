//! Deep recursion: 9000 nested calls work (the program runs on a thread
//! with a large stack), runaway recursion raises RecursionError that can be
//! caught, after which calls work again, and an uncaught one is reported as
//! Python does, with exit status 1.

mod common;

use std::path::Path;

#[test]
fn runaway_recursion_raises_recursion_error() {
    common::require_mono();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/recursion.kir");
    let prog = core_ir::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    core_ir::verify(&prog).unwrap();
    let dir = common::scratch("recursion");
    let exe = common::build(&prog, &dir, "recursion").unwrap();
    let out = common::run(&exe, &dir, &[], "");
    assert_eq!(out.stdout, "9000\nmaximum recursion depth exceeded\n9000\n");
    assert_eq!(
        out.stderr,
        "RecursionError: maximum recursion depth exceeded\n"
    );
    assert_eq!(out.status, 1);
}
