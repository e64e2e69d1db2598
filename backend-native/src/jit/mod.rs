//! Translation-time half of the meta-tracing JIT.
//!
//! From each JIT driver's portal (the function holding its
//! `jit_merge_point`), the IR the tracer may look into is encoded as
//! *jitcodes* (`runtime_shims::jitcode` describes the format), embedded in
//! the executable as the data symbol `kiln_jit_program`; the runtime's JIT
//! (`runtime_shims::jit`) traces and blackholes them.
//!
//! Every instruction that is not control flow also gets a *thunk*: a small
//! AOT function `fn(args: *mut u64) -> u64` that performs exactly that
//! instruction with the AOT backend's semantics (it is the instruction,
//! compiled by [`crate::codegen`] as a one-instruction function, behind an
//! array-to-registers stub). The runtime calls thunks for everything it has
//! no fast path for, for residual calls, and on every error path, so the
//! JIT never re-implements an operation's error behaviour.
//!
//! Layout: [`analyze`] (portals, reachable functions, loops, effects,
//! liveness), `encode` (IR function → jitcode), `thunks` (thunk functions
//! and their names for the JIT log), `blob` (the data), `hooks` (the code the AOT portal runs at
//! `can_enter_jit` and `jit_merge_point`).

mod analyze;
mod blob;
mod encode;
pub mod hooks;
mod thunks;

use crate::module_cx::ModCx;
use core_ir::{DriverId, FuncId, Program};
use cranelift_entity::SecondaryMap;
use std::collections::HashMap;

pub use analyze::Analysis;

/// What the AOT code generator needs to know about the JIT of this build.
pub struct JitBuild {
    /// The analysis of the program.
    pub analysis: Analysis,
    /// Drivers whose merge points get hooks (the others run without the JIT).
    pub enabled: SecondaryMap<DriverId, bool>,
    /// The JIT state data symbol (`kiln_jit_state`).
    pub state: Option<cranelift_module::DataId>,
    /// The runtime entry `kiln_jit_merge_point`.
    pub entry: Option<cranelift_module::FuncId>,
    /// Notes for `--timings`-style reports (drivers left out and why).
    pub notes: Vec<String>,
}

/// Decides whether `prog` gets a JIT: it must have at least one driver
/// whose portal is well-formed. `None` when there is nothing to JIT.
pub fn prepare(prog: &Program) -> Option<JitBuild> {
    if prog.drivers.is_empty() {
        return None;
    }
    let analysis = analyze::analyze(prog);
    let mut enabled = SecondaryMap::new();
    let mut notes = Vec::new();
    let mut any = false;
    for (d, dd) in prog.drivers.iter() {
        match analysis.portal_of.get(&d) {
            Some(Ok(_)) => {
                enabled[d] = true;
                any = true;
            }
            Some(Err(why)) => notes.push(format!("driver `{}`: {why}", dd.name)),
            None => notes.push(format!("driver `{}`: no jit_merge_point", dd.name)),
        }
    }
    if !any {
        return None;
    }
    Some(JitBuild {
        analysis,
        enabled,
        state: None,
        entry: None,
        notes,
    })
}

/// Emits the jitcodes, their thunks and the blob into the module.
pub fn emit(m: &mut ModCx<'_>, cctx: &mut cranelift_codegen::Context) -> Result<(), String> {
    let Some(jb) = m.jit.take() else {
        return Ok(());
    };
    let result = (|| {
        let mut th = thunks::Thunks::default();
        let mut enc = encode::Encoder::new(m.prog, &jb.analysis);
        let order = jb.analysis.order.clone();
        let mut index: HashMap<FuncId, u32> = HashMap::new();
        for (k, &f) in order.iter().enumerate() {
            index.insert(f, k as u32);
        }
        let mut funcs = Vec::new();
        for &f in &order {
            funcs.push(enc.function(m, &mut th, f, &index)?);
        }
        let mut drivers = Vec::new();
        for (d, _) in m.prog.drivers.iter() {
            if jb.enabled[d] {
                drivers.push(enc.driver(m, &mut th, d, &index)?);
            }
        }
        let thunk_ids = th.define_all(m, cctx)?;
        let thunk_names = th.names(m.prog);
        blob::emit(m, &enc, &funcs, &drivers, &thunk_ids, &thunk_names)
    })();
    m.jit = Some(jb);
    result
}
