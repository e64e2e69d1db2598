//! Allocation removal of short lists: the hot loop of
//! `jit_programs/virtual_lists.py` makes lists with `[a, b]`, `[v] * n`,
//! appends past a list's first capacity and a list of new objects; in the
//! loop's optimized trace none of them is allocated or made by a call.
//! Its guards fail with the lists virtual (the runtime makes them, and the
//! objects they hold, on the way out), under a collector that moves
//! objects at every allocation and under mark-sweep; a bridge from such a
//! guard makes the lists itself, from the guard's exit values, so that the
//! guard goes on into the bridge's code without the runtime; the program
//! prints what CPython prints.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;

#[test]
fn short_lists_that_never_escape_are_not_allocated() {
    require_cc();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit_programs/virtual_lists.py");
    let want = std::fs::read_to_string(src.with_extension("out")).expect("expected output");
    let prog = compile_py(&src).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-virtual-lists");
    for (gc, stress) in [("copying", true), ("marksweep", false)] {
        let exe = dir.join(format!("vl-{gc}"));
        build_native(&prog, &exe, gc, stress, true).expect("build");
        let log = dir.join(format!("log-{gc}"));
        let (out, text) = run_jit_logged(&exe, &[], "threshold=20", &log);
        assert_eq!(out, want, "{gc}: stdout differs");
        // The first loop's optimized trace: from its `## after
        // optimization` to the next `# loop`.
        let loop0 = text
            .split("# loop 1 ")
            .next()
            .and_then(|l| l.split("## after optimization").nth(1))
            .expect("loop 0 in the log");
        for bad in ["= new[", "list_of", "list_new_filled", "list_append"] {
            let ops: Vec<&str> = loop0
                .lines()
                .filter(|l| !l.trim_start().starts_with("guard") && l.contains(bad))
                .collect();
            assert!(ops.is_empty(), "{gc}: `{bad}` left in the loop: {ops:?}");
        }
        let before = text
            .split("## after optimization")
            .next()
            .expect("loop 0 before optimization");
        assert!(before.contains("= new[1,24]"), "{gc}: no list recorded");
        // A bridge from a guard whose snapshot holds virtual lists makes
        // them itself from the guard's exit values (so the guard can go on
        // into the bridge's code directly), and keeps them virtual.
        let bridges: Vec<&str> = text
            .split("# loop ")
            .filter(|l| l.contains("at bridge from guard"))
            .collect();
        assert!(!bridges.is_empty(), "{gc}: no bridge");
        let remade = bridges.iter().filter(|b| {
            let mut parts = b.split("## after optimization");
            let raw = parts.next().unwrap_or("");
            let opt = parts.next().unwrap_or("");
            raw.contains("= new[1,24]") && !opt.contains("= new[")
        });
        assert!(
            remade.count() > 0,
            "{gc}: no bridge made the guard's lists itself and kept them virtual"
        );
        let linked = jit_summary_field(&text, "linked").unwrap_or(0.0);
        assert!(
            linked >= bridges.len() as f64,
            "{gc}: {linked} guards linked for {} bridges",
            bridges.len()
        );
        let failures = jit_summary_field(&text, "guard_failures").unwrap_or(0.0);
        assert!(failures >= 100.0, "{gc}: only {failures} guard failures");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
