//! The JIT log names what a residual call calls: a trace line reads
//! `i4 = call thunk3:mix(v2, v0)` (the Kiln function's name; a method's is
//! `Class.method`), or `call thunk5:int_mod(...)` for an operation compiled
//! ahead of time. The program's hot loop calls two `@dont_look_inside`
//! functions, which the trace must keep as residual calls.

use kiln_integration::{build_native, compile_py, require_cc, scratch};
use std::process::Command;

const PROGRAM: &str = r#"import sys

from kiln.jit import JitDriver, dont_look_inside

driver = JitDriver(greens=[], reds=["i", "n", "acc", "m"])


class Mixer:
    def __init__(self, k: int):
        self.k = k

    @dont_look_inside
    def mix(self, a: int, b: int) -> int:
        return (a * self.k + b) % 1000003


@dont_look_inside
def mix(a: int, b: int) -> int:
    return (a * 31 + b) % 1000003


def run(n: int) -> int:
    i = 0
    acc = 0
    m = Mixer(17)
    while i < n:
        driver.jit_merge_point(i=i, n=n, acc=acc, m=m)
        acc = mix(acc, i) + m.mix(i, acc) % (i + 1)
        i += 1
        driver.can_enter_jit(i=i, n=n, acc=acc, m=m)
    return acc


def entry_point(argv: list[str]) -> int:
    print(run(5000))
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
"#;

/// The name of the thunk a trace line calls (`call thunkN:NAME(`).
fn called_name(line: &str) -> Option<&str> {
    let rest = line.split("call thunk").nth(1)?;
    let (_, name) = rest.split_once(':')?;
    name.split('(').next()
}

#[test]
fn residual_calls_in_the_log_name_the_called_function() {
    require_cc();
    let dir = scratch("jit-log-names");
    let src = dir.join("main.py");
    std::fs::write(&src, PROGRAM).expect("write program");
    let prog = compile_py(&src).unwrap_or_else(|e| panic!("{e}"));
    let exe = dir.join("p");
    build_native(&prog, &exe, "marksweep", false, true).expect("build");
    let log = dir.join("log");
    let run = |jit: &str| {
        Command::new(&exe)
            .env("KILN_JIT", jit)
            .env("KILN_JIT_LOG", &log)
            .output()
            .expect("run")
    };
    let off = run("off");
    let out = run("threshold=100");
    assert!(out.status.success(), "the program failed with the JIT");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&off.stdout),
        "the JIT changed the output"
    );
    let text = std::fs::read_to_string(&log).expect("JIT log");
    let calls: Vec<&str> = text.lines().filter(|l| l.contains("call thunk")).collect();
    let names: Vec<&str> = calls.iter().filter_map(|l| called_name(l)).collect();
    for want in ["mix", "Mixer.mix"] {
        assert!(
            names.contains(&want),
            "no residual call of `{want}` in the log; its calls:\n{}\nthe log:\n{text}",
            calls.join("\n")
        );
    }
    // Every residual call is named.
    assert_eq!(
        names.len(),
        calls.len(),
        "unnamed calls:\n{}",
        calls.join("\n")
    );
    let line = calls
        .iter()
        .find(|l| called_name(l) == Some("mix"))
        .expect("the call of mix");
    assert!(
        line.trim_start().starts_with('i') && line.contains(" = call thunk"),
        "the call of `mix` has an int result: {line}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
