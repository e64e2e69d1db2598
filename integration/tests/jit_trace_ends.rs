//! Where traces end when they do not close their loop: past the trace
//! limit, a trace ends at the next merge point of the portal (aborting
//! only at twice the limit), and a trace that ends at a merge point
//! guards its greens to constants so that the exit can be linked to the
//! loop compiled there. The workload is the Smalltalk interpreter of
//! `examples/` on Richards, whose paths through the scheduler and the
//! tasks are long: with `trace_limit=100`, every trace used to be aborted
//! as too long (29 aborts, no loop); now at most one or two are, dozens of loops and
//! bridges are compiled and linked, and the output is the interpreter's
//! own without the JIT.

use kiln_integration::{
    build_native, compile_py, jit_summary_field, require_cc, run_jit_logged, scratch,
};
use std::path::PathBuf;
use std::process::Command;

#[test]
fn long_traces_end_at_a_merge_point_and_link() {
    require_cc();
    let st = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/smalltalk");
    let prog = compile_py(&st.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("jit-trace-ends");
    let exe = dir.join("st");
    build_native(&prog, &exe, "copying", false, true).expect("build");
    let program = st.join("programs/richards.st");
    let args = [program.as_os_str(), "1000".as_ref(), "1".as_ref()];
    let off = Command::new(&exe)
        .args(args)
        .env("KILN_JIT", "off")
        .output()
        .expect("run without the JIT");
    let want = String::from_utf8_lossy(&off.stdout).into_owned();
    assert!(want.contains("qpkt count"), "unexpected output: {want}");
    let log = dir.join("log");
    let (out, text) = run_jit_logged(&exe, &args, "trace_limit=100,threshold=50,share=100", &log);
    assert_eq!(out, want, "stdout differs from the run without the JIT");
    let field = |f: &str| jit_summary_field(&text, f).unwrap_or_else(|| panic!("no `{f}`"));
    // (A trace may still run to twice the limit inside one long method
    // without reaching a merge point of the portal: about one run in six
    // aborts one trace since greens are constants at passed merge points,
    // which lets the tracer inline further.)
    assert!(
        field("aborted") <= 2.0,
        "{} traces aborted",
        field("aborted")
    );
    assert!(field("loops") >= 10.0, "only {} loops", field("loops"));
    assert!(
        field("linked") >= 10.0,
        "only {} guards linked",
        field("linked")
    );
}

/// With the log on, the JIT runs the interpreter's
/// `get_printable_location` for each new loop, which allocates: under a
/// collector that runs at every allocation (`--gc-stress`) the loop's
/// green objects move meanwhile, and the loop must be keyed and rooted by
/// their new addresses (it used to keep the old ones: the next collection
/// copied garbage and the run crashed). Both the Smalltalk and the
/// Prolog interpreter, every loop traced at once.
#[test]
fn logged_loops_survive_a_collection_in_their_printable_location() {
    require_cc();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let dir = scratch("jit-log-gc-stress");
    let cases: [(&str, &[&str]); 2] = [
        ("smalltalk", &["programs/richards.st", "100", "1"]),
        ("prolog", &["programs/queens.pl"]),
    ];
    for (lang, args) in cases {
        let src = root.join(lang);
        let prog = compile_py(&src.join("main.py")).unwrap_or_else(|e| panic!("{e}"));
        let exe = dir.join(lang);
        build_native(&prog, &exe, "copying", true, true).expect("build");
        let args: Vec<std::ffi::OsString> = args.iter().map(|a| src.join(a).into()).collect();
        let args: Vec<&std::ffi::OsStr> = args
            .iter()
            .enumerate()
            .map(|(k, a)| {
                if k == 0 {
                    a.as_os_str()
                } else {
                    // Numbers, not paths.
                    std::path::Path::new(a).file_name().unwrap_or(a.as_os_str())
                }
            })
            .collect();
        let off = Command::new(&exe)
            .args(&args)
            .env("KILN_JIT", "off")
            .output()
            .expect("run without the JIT");
        let want = String::from_utf8_lossy(&off.stdout).into_owned();
        let log = dir.join(format!("log-{lang}"));
        let (out, text) = run_jit_logged(&exe, &args, "threshold=1,share=100", &log);
        assert_eq!(
            out, want,
            "{lang}: stdout differs from the run without the JIT"
        );
        assert!(
            jit_summary_field(&text, "loops").unwrap_or(0.0) >= 1.0,
            "{lang}: no loop compiled"
        );
    }
}
