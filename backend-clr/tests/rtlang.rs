//! A program written directly in the runtime language (externs, classes,
//! loops, casts, `try`/`catch`, static data) compiled to an assembly and
//! run under Mono.

mod common;

use backend_clr::il::IlBuilder;
use backend_clr::meta::model::*;

#[test]
fn runtime_language_program_runs_under_mono() {
    let mut asm = Assembly::new("rt");
    let mut world = backend_clr::rtlang::World::new(&mut asm);
    world.add_blob(
        &mut asm,
        "nums",
        Ty::I4,
        4,
        &[1, 0, 0, 0, 2, 0, 0, 0, 40, 0, 0, 0],
    );
    let src = r#"
extern class Console = System.Console { static void WriteLine(string); static void WriteLine(long); static void WriteLine(double); }
extern class StringBuilder = System.Text.StringBuilder { new(); StringBuilder Append(string); StringBuilder Append(char); string ToString(); }
extern class SysException = System.Exception { new(string); string get_Message(); }
class Box { long v; static Box Make(long v) { Box b = new Box(); b.v = v; return b; } }
class Main {
    static long Fib(long n) { if (n < 2) return n; return Fib(n - 1) + Fib(n - 2); }
    static void Run() {
        Console.WriteLine(Fib(20));
        int[] a = blob("nums");
        long s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i]; }
        Console.WriteLine(s);
        var sb = new StringBuilder();
        string t = "héllo";
        int k = t.Length - 1;
        while (k >= 0) { sb.Append(t[k]); k--; }
        Console.WriteLine(sb.ToString());
        double d = 1.5 * 2 + (double)Box.Make(3L).v;
        Console.WriteLine(d);
        bool ok = d > 5.0 && !(d != d) || false;
        if (ok) Console.WriteLine("ok"); else Console.WriteLine("no");
        try { throw new SysException("boom"); } catch (SysException e) { Console.WriteLine(e.get_Message()); }
        ulong u = (ulong)(-1L);
        Console.WriteLine((long)(u >> 60));
        Console.WriteLine(cond(s > 40, 1L, 2L));
    }
}
"#;
    backend_clr::rtlang::compile_sources(&mut asm, &mut world, &[("test", src.to_string())])
        .unwrap();
    let run = world.method("Main", "Run").unwrap().clone();
    let objt = asm.ext_type("System", "Object");
    let prog = asm.add_type("Kiln", "Program", type_flags::PUBLIC, Some(objt));
    let m = asm.add_method(
        prog,
        "Main",
        method_flags::PUBLIC | method_flags::STATIC,
        MethodSig::stat(vec![Ty::Array(Box::new(Ty::String))], Ty::Void),
    );
    let mut b = IlBuilder::new();
    b.call(run.mref, &run.sig);
    b.ret(false);
    asm.set_body(m, b.finish().unwrap());
    asm.entry = Some(m);
    let bytes = backend_clr::meta::writer::write(&asm).unwrap();
    let dir = common::scratch("rtlang");
    let exe = dir.join("rt.exe");
    std::fs::write(&exe, bytes).unwrap();
    common::require_mono();
    common::verify(&exe).unwrap();
    let out = common::run(&exe, &dir, &[], "");
    assert_eq!(out.stdout, "6765\n43\nolléh\n6\nok\nboom\n15\n1\n");
    assert_eq!(out.status, 0);
}
