//! # Kiln CLR backend
//!
//! In: a verified core-IR [`Program`]. Out: a CLI assembly (`.exe`). Being
//! written; see issue 7.

pub mod il;
pub mod lower;
pub mod meta;
pub mod rtlang;
pub mod runtime;

use core_ir::Program;
use std::path::PathBuf;

/// Options of a CLR build.
#[derive(Clone, Debug)]
pub struct ClrOptions {
    /// The `.exe` to write.
    pub output: PathBuf,
}

/// Translates `prog` into an assembly.
pub fn build_assembly(prog: &Program, options: &ClrOptions) -> Result<(), String> {
    let stem = options
        .output
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("program");
    let bytes = assemble(prog, stem)?;
    std::fs::write(&options.output, bytes)
        .map_err(|e| format!("cannot write {}: {e}", options.output.display()))?;
    let config = options
        .output
        .with_file_name(format!("{stem}.runtimeconfig.json"));
    std::fs::write(&config, RUNTIME_CONFIG)
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    Ok(())
}

/// What `dotnet prog.exe` needs to pick a runtime (Mono ignores it).
pub const RUNTIME_CONFIG: &str = r#"{
  "runtimeOptions": {
    "tfm": "net6.0",
    "rollForward": "LatestMajor",
    "framework": { "name": "Microsoft.NETCore.App", "version": "6.0.0" }
  }
}
"#;

/// The bytes of the assembly for `prog`, named `name`.
pub fn assemble(prog: &Program, name: &str) -> Result<Vec<u8>, String> {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let asm = lower::translate(prog, &name)?;
    meta::writer::write(&asm)
}

#[cfg(test)]
mod hello {
    use crate::il::IlBuilder;
    use crate::meta::model::*;

    #[test]
    fn rtlang_program() {
        let mut asm = Assembly::new("rt");
        let mut world = crate::rtlang::World::new(&mut asm);
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
        crate::rtlang::compile_sources(&mut asm, &mut world, &[("test", src.to_string())]).unwrap();
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
        let bytes = crate::meta::writer::write(&asm).unwrap();
        std::fs::write("/tmp/rt.exe", bytes).unwrap();
    }
}
