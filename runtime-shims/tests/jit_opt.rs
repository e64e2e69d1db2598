//! File-driven tests of the JIT's trace optimizer: each
//! `tests/jit_opt/NAME.trace` is a trace in the text form of the JIT log;
//! the optimized trace is snapshotted in `snapshots/jit_opt/`. By
//! convention, calls of thunks numbered 100 and up leave the heap alone,
//! thunk 99 is `list.append`, and constant object `const_ref#R` has type id R and the value
//! R*1000+OFF in its immutable field at byte offset OFF.

use runtime_shims::jit::{opt, trace};
use std::path::Path;

#[test]
fn optimizer_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/jit_opt");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/jit_opt")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "trace"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no trace files");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/jit_opt"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for f in &files {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(f).expect("read trace");
            let t = trace::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let keeps = |th: u32| th >= 100;
            // A made-up heap of constant objects: `const_ref#R` has type
            // id R, and its immutable field at offset OFF holds R*1000+OFF.
            let field = |r: u32, off: u32, _k: u8| Some(trace::Arg::C((r * 1000 + off) as u64));
            let tid = |r: u32| Some(r);
            let appends = |th: u32| th == 99;
            let env = opt::Env {
                keeps_heap: &keeps,
                const_field: &field,
                const_tid: &tid,
                appends: &appends,
            };
            let o = opt::optimize(&t, &env);
            let names = |th: u32| format!("thunk{th}");
            let out = format!(
                "# {} ops -> {} ops\n{}",
                t.ops.len(),
                o.ops.len(),
                o.render(&names)
            );
            insta::assert_snapshot!(name, out);
        }
    });
}

#[test]
fn render_parse_round_trip() {
    let text = "r0 = input0()\ni1 = getfield[8](v0)\ni2 = uint_lt(3, v1) \nguard_true(v2) [guard: v0 v1]\ncall thunk7(v0, const_ref#2)\njump(v0)\n";
    let t = trace::parse(text).expect("parse");
    let names = |th: u32| format!("thunk{th}");
    let again = trace::parse(&t.render(&names)).expect("parse rendered");
    assert_eq!(t.render(&names), again.render(&names));
}

#[test]
fn virtuals_render_parse_round_trip() {
    let text = "r0 = input0()\ni1 = input1()\ni2 = int_lt(v1, 3)\nguard_true(v2) [guard #0 resume 0@2: v0 virtual#0; virtual#0 = new[7,24](8=virtual#1 16=v1); virtual#1 = new[40,16]()]\nr4 = new[40,16]()\njump(v4, v1)\n";
    let t = trace::parse(text).expect("parse");
    assert_eq!(t.snaps[0].virtuals.len(), 2);
    assert_eq!(t.snaps[0].virtuals[0].fields[0], (8, trace::Arg::Virt(1)));
    let names = |th: u32| format!("thunk{th}");
    let again = trace::parse(&t.render(&names)).expect("parse rendered");
    assert_eq!(t.render(&names), again.render(&names));
    assert_eq!(t.snaps, again.snaps);
}
