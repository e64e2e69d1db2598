//! # Kiln native backend
//!
//! In: a verified core-IR [`Program`] and [`NativeOptions`]. Out: a
//! standalone executable: Cranelift object code for every function, the
//! static data the runtime needs (type descriptors, globals, constant
//! strings), linked by the system `cc` with the embedded `runtime-shims`
//! static library.
//!
//! Layout of the crate: `layouts` (where everything of a program lives at
//! run time; shared with the JIT), `roots` (GC roots per function), `dominators`,
//! `module_cx` (module-wide state), `codegen` (IR function → Cranelift),
//! `tramps` (function-value trampolines), `emit_data` (descriptors and
//! `main`), `runtime_fns` (runtime signatures), `link` (`cc`).

mod codegen;
mod dominators;
mod emit_data;
pub mod jit;
pub mod layouts;
mod link;
mod module_cx;
mod opt;
mod roots;
mod runtime_fns;
mod tramps;

use core_ir::Program;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_module::Module;
use cranelift_object::{ObjectBuilder, ObjectModule};
use runtime_shims::layout::gc_kind;
use std::path::PathBuf;

/// Options of a native build.
#[derive(Clone, Debug)]
pub struct NativeOptions {
    /// The executable to write.
    pub output: PathBuf,
    /// The garbage collector (`--gc=NAME`): `marksweep` or `copying`.
    pub gc: String,
    /// Collect at every allocation (for tests).
    pub gc_stress: bool,
    /// Include the tracing JIT (when the program has a JitDriver).
    pub jit: bool,
}

/// The collectors `--gc` accepts.
pub const GC_NAMES: &[&str] = &["marksweep", "copying"];

fn gc_of(name: &str) -> Result<u32, String> {
    match name {
        "marksweep" | "mark-sweep" | "ms" | "" => Ok(gc_kind::MARK_SWEEP),
        "copying" | "semispace" | "moving" => Ok(gc_kind::COPYING),
        other => Err(format!(
            "unknown garbage collector `{other}` (choose one of: {})",
            GC_NAMES.join(", ")
        )),
    }
}

/// Compiles `prog` to an object file (bytes).
pub fn compile_object(prog: &Program, options: &NativeOptions) -> Result<Vec<u8>, String> {
    compile(prog, options).map(|(o, _)| o)
}

/// Compiles `prog` to an object file; also says whether it carries the JIT.
fn compile(prog: &Program, options: &NativeOptions) -> Result<(Vec<u8>, bool), String> {
    let gc = gc_of(&options.gc)?;
    let optimized = opt::optimize(prog, options.jit);
    let prog: &Program = &optimized;
    let mut flags = settings::builder();
    flags.set("is_pic", "true").map_err(|e| e.to_string())?;
    flags.set("opt_level", "speed").map_err(|e| e.to_string())?;
    flags
        .set("preserve_frame_pointers", "false")
        .map_err(|e| e.to_string())?;
    let isa = cranelift_native::builder()
        .map_err(|e| e.to_string())?
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())?;
    let builder = ObjectBuilder::new(
        isa,
        "kiln_program",
        cranelift_module::default_libcall_names(),
    )
    .map_err(|e| e.to_string())?;
    let module = ObjectModule::new(builder);
    let lay = layouts::Layouts::new(prog);
    let moving = gc == gc_kind::COPYING;
    let via_runtime = !moving || options.gc_stress;
    let mut m = module_cx::ModCx::new(prog, &lay, module, moving, via_runtime)?;
    if options.jit {
        m.jit = jit::prepare(prog);
    }
    let with_jit = m.jit.is_some();
    let mut cctx = m.module.make_context();
    for (id, f) in prog.funcs.iter() {
        if !f.has_body() {
            continue;
        }
        cctx.clear();
        cctx.func.signature = m
            .module
            .declarations()
            .get_function_decl(m.func_ids[id])
            .signature
            .clone();
        let mut fbc = cranelift_frontend::FunctionBuilderContext::new();
        codegen::translate(&mut m, f, &mut cctx.func, &mut fbc);
        let fid = m.func_ids[id];
        m.module
            .define_function(fid, &mut cctx)
            .map_err(|e| format!("function `{}`: {e:?}", f.name))?;
    }
    // Functions without a body (never called by a verified program) still
    // need a definition for the vtables that name them.
    for (id, f) in prog.funcs.iter() {
        if f.has_body() {
            continue;
        }
        cctx.clear();
        cctx.func.signature = m
            .module
            .declarations()
            .get_function_decl(m.func_ids[id])
            .signature
            .clone();
        let mut fbc = cranelift_frontend::FunctionBuilderContext::new();
        let mut b = cranelift_frontend::FunctionBuilder::new(&mut cctx.func, &mut fbc);
        let blk = b.create_block();
        b.append_block_params_for_function_params(blk);
        b.switch_to_block(blk);
        use cranelift_codegen::ir::InstBuilder;
        b.ins()
            .trap(cranelift_codegen::ir::TrapCode::unwrap_user(2));
        b.seal_all_blocks();
        b.finalize(m.module.isa().frontend_config());
        let fid = m.func_ids[id];
        m.module
            .define_function(fid, &mut cctx)
            .map_err(|e| format!("function `{}`: {e:?}", f.name))?;
    }
    emit_data::emit_types(&mut m)?;
    emit_data::emit_program(&mut m, gc, options.gc_stress)?;
    jit::emit(&mut m, &mut cctx)?;
    tramps::define_all(&mut m, &mut cctx)?;
    let product = m.module.finish();
    product
        .emit()
        .map(|o| (o, with_jit))
        .map_err(|e| e.to_string())
}

/// Translates `prog` into an executable.
pub fn build_executable(prog: &Program, options: &NativeOptions) -> Result<(), String> {
    let (object, with_jit) = compile(prog, options)?;
    link::link(&object, &options.output, with_jit)
}
