//! Trampolines: the code pointer of every function object. A function value
//! is called as `code(func_object, args...)`; the trampoline forwards to the
//! function (adding the bound value, or dispatching a bound method through
//! the receiver's vtable). Exceptions pass through untouched.

use crate::module_cx::{function_signature, ModCx, Tramp};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::Module;
use runtime_shims::layout::{self as rt, TypeDesc};
use std::mem::{offset_of, size_of};

/// Defines every queued trampoline (including ones queued meanwhile).
pub fn define_all(
    m: &mut ModCx<'_>,
    isa_ctx: &mut cranelift_codegen::Context,
) -> Result<(), String> {
    while let Some(t) = m.tramp_queue.pop() {
        let id = m.tramps[&t];
        define(m, t, id, isa_ctx)?;
    }
    Ok(())
}

fn define(
    m: &mut ModCx<'_>,
    t: Tramp,
    id: cranelift_module::FuncId,
    cctx: &mut cranelift_codegen::Context,
) -> Result<(), String> {
    let prog = m.prog;
    cctx.clear();
    cctx.func.signature = m
        .module
        .declarations()
        .get_function_decl(id)
        .signature
        .clone();
    let mut fbc = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut cctx.func, &mut fbc);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let fobj = params[0];
    let rest = &params[1..];
    let flags = MemFlagsData::trusted();
    let results = match t {
        Tramp::Plain(f) => {
            let r = m.func_ref(m.func_ids[f], b.func);
            let call = b.ins().call(r, rest);
            b.inst_results(call).to_vec()
        }
        Tramp::Bound(f) => {
            let pt = prog.funcs[f].params[0];
            let ct = crate::layouts::clif_type(prog, pt).unwrap_or(types::I64);
            let bound = b.ins().load(ct, flags, fobj, rt::FUNC_BOUND);
            let mut args = vec![bound];
            args.extend_from_slice(rest);
            let r = m.func_ref(m.func_ids[f], b.func);
            let call = b.ins().call(r, &args);
            b.inst_results(call).to_vec()
        }
        Tramp::Method(meth) => {
            let recv = b.ins().load(types::I64, flags, fobj, rt::FUNC_BOUND);
            let tid = b.ins().uload32(flags, recv, 0);
            let gv = m.data_gv(m.types_data, b.func);
            let base = b.ins().symbol_value(types::I64, gv);
            let idx = b.ins().iadd_imm_s(tid, -(rt::FIRST_PROGRAM_TID as i64));
            let off = b.ins().imul_imm_s(idx, size_of::<TypeDesc>() as i64);
            let desc = b.ins().iadd(base, off);
            let vt = b
                .ins()
                .load(types::I64, flags, desc, offset_of!(TypeDesc, vtable) as i32);
            let slot = m.lay.method_slot[meth];
            let code = b.ins().load(types::I64, flags, vt, 8 * slot as i32);
            let md = &prog.methods[meth];
            let mut ps = vec![core_ir::Type::STR];
            ps.extend_from_slice(&md.params);
            let sig = function_signature(prog, &ps, md.ret, false);
            let s = b.import_signature(sig);
            let mut args = vec![recv];
            args.extend_from_slice(rest);
            let call = b.ins().call_indirect(s, code, &args);
            b.inst_results(call).to_vec()
        }
    };
    b.ins().return_(&results);
    b.seal_all_blocks();
    b.finalize(m.module.isa().frontend_config());
    m.module
        .define_function(id, cctx)
        .map_err(|e| format!("trampoline: {e:?}"))
}
