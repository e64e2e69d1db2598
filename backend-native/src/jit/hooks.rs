//! What the AOT portal runs at the JIT hints when the JIT is built in.
//!
//! `can_enter_jit`: hash the non-reference greens, bump that warm-up
//! counter in `kiln_jit_state`, and when it reaches the threshold set the
//! `pending` flag. `jit_merge_point`: if `pending` is set, store the greens
//! and reds in the state's buffer and call `kiln_jit_merge_point(driver)`,
//! which may trace, run compiled loops and blackhole; it answers CONTINUE
//! (reload the greens and reds from the buffer and go on), RETURN (the
//! portal returns `buf[0]`) or RAISE (the exception is pending).

use crate::codegen::FnCx;
use core_ir::{DriverId, Imm, Inst};
use cranelift_codegen::ir::{condcodes::IntCC, types, AbiParam, InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_module::{Linkage, Module};
use runtime_shims::jitcode as jc;

fn driver_index(cx: &FnCx<'_, '_>, d: DriverId) -> Option<u32> {
    let jb = cx.m.jit.as_ref()?;
    if !jb.enabled[d] {
        return None;
    }
    let mut k = 0;
    for (e, _) in cx.m.prog.drivers.iter() {
        if e == d {
            return Some(k);
        }
        if jb.enabled[e] {
            k += 1;
        }
    }
    None
}

/// The merge point of driver `d` in the portal (not one in another function).
fn is_portal_merge_point(cx: &FnCx<'_, '_>, d: DriverId, i: Inst) -> bool {
    let Some(jb) = cx.m.jit.as_ref() else {
        return false;
    };
    match jb.analysis.portal_of.get(&d) {
        Some(Ok((pf, pi))) => *pi == i && std::ptr::eq(&cx.m.prog.funcs[*pf], cx.f),
        _ => false,
    }
}

fn state_addr(cx: &mut FnCx<'_, '_>) -> Option<cranelift_codegen::ir::Value> {
    let jb = cx.m.jit.as_mut()?;
    let id = match jb.state {
        Some(id) => id,
        None => {
            let id =
                cx.m.module
                    .declare_data(jc::JIT_STATE_SYMBOL, Linkage::Import, true, false)
                    .ok()?;
            cx.m.jit.as_mut()?.state = Some(id);
            id
        }
    };
    let gv = cx.m.data_gv(id, cx.b.func);
    Some(cx.b.ins().symbol_value(types::I64, gv))
}

/// `can_enter_jit`: the warm-up counter.
pub fn can_enter(cx: &mut FnCx<'_, '_>, i: Inst) {
    let Imm::Driver(d) = cx.f.insts[i].imm else {
        return;
    };
    let Some(k) = driver_index(cx, d) else { return };
    let ngreens = cx.m.prog.drivers[d].greens.len();
    let Some(st) = state_addr(cx) else { return };
    let mut h = cx.iconst(((k as u64 + 1).wrapping_mul(jc::HASH_MUL)) as i64);
    let mul = cx.iconst(jc::HASH_MUL as i64);
    for g in 0..ngreens {
        let v = cx.f.insts[i].args[g];
        let t = cx.f.values[v].ty;
        if cx.m.prog.types.is_ref(t) {
            continue;
        }
        let x = cx.val(v);
        let w = cx.as_word(x, t);
        let y = cx.b.ins().bxor(h, w);
        h = cx.b.ins().imul(y, mul);
    }
    let idx = cx.b.ins().ushr_imm_s(h, 52);
    let off = cx.b.ins().ishl_imm_s(idx, 2);
    let addr = cx.b.ins().iadd(st, off);
    let c =
        cx.b.ins()
            .load(types::I32, crate::codegen::mem(), addr, jc::STATE_COUNTERS);
    let c1 = cx.b.ins().iadd_imm_s(c, 1);
    cx.b.ins()
        .store(crate::codegen::mem(), c1, addr, jc::STATE_COUNTERS);
    let c64 = cx.b.ins().sextend(types::I64, c1);
    let thr = cx.load(types::I64, st, jc::STATE_THRESHOLD);
    let hot = cx.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, c64, thr);
    let set = cx.b.create_block();
    let cont = cx.b.create_block();
    cx.b.set_cold_block(set);
    cx.b.ins().brif(hot, set, &[], cont, &[]);
    cx.b.switch_to_block(set);
    let one = cx.iconst(1);
    cx.store(one, st, jc::STATE_PENDING);
    cx.b.ins().jump(cont, &[]);
    cx.b.switch_to_block(cont);
}

/// `jit_merge_point`: hand over to the JIT when a counter fired.
pub fn merge_point(cx: &mut FnCx<'_, '_>, i: Inst) {
    let Imm::Driver(d) = cx.f.insts[i].imm else {
        return;
    };
    if !is_portal_merge_point(cx, d, i) {
        return;
    }
    let Some(k) = driver_index(cx, d) else { return };
    let Some(st) = state_addr(cx) else { return };
    let entry = {
        let Some(jb) = cx.m.jit.as_ref() else { return };
        match jb.entry {
            Some(e) => e,
            None => {
                let mut sig = Signature::new(CallConv::SystemV);
                sig.params.push(AbiParam::new(types::I64));
                sig.returns.push(AbiParam::new(types::I64));
                let Ok(e) =
                    cx.m.module
                        .declare_function("kiln_jit_merge_point", Linkage::Import, &sig)
                else {
                    return;
                };
                if let Some(jb) = cx.m.jit.as_mut() {
                    jb.entry = Some(e);
                }
                e
            }
        }
    };
    let args = cx.f.insts[i].args.clone();
    let pending = cx.load(types::I64, st, jc::STATE_PENDING);
    let slow = cx.b.create_block();
    let cont = cx.b.create_block();
    cx.b.set_cold_block(slow);
    cx.b.ins().brif(pending, slow, &[], cont, &[]);
    cx.b.switch_to_block(slow);
    for (n, &v) in args.iter().enumerate() {
        let t = cx.f.values[v].ty;
        let x = cx.val(v);
        let w = cx.as_word(x, t);
        cx.store(w, st, jc::STATE_BUF + 8 * n as i32);
    }
    let fr = cx.m.func_ref(entry, cx.b.func);
    let kv = cx.iconst(k as i64);
    let call = cx.b.ins().call(fr, &[kv]);
    let status = cx.b.inst_results(call)[0];
    let reload = cx.b.create_block();
    let other = cx.b.create_block();
    let ret = cx.b.create_block();
    let raise = cx.b.create_block();
    cx.b.set_cold_block(other);
    cx.b.set_cold_block(ret);
    cx.b.set_cold_block(raise);
    cx.b.ins().brif(status, other, &[], reload, &[]);
    cx.b.switch_to_block(reload);
    for (n, &v) in args.iter().enumerate() {
        let t = cx.f.values[v].ty;
        let w = cx.load(types::I64, st, jc::STATE_BUF + 8 * n as i32);
        let x = cx.word_as(w, t);
        cx.def(v, x);
    }
    cx.b.ins().jump(cont, &[]);
    cx.b.switch_to_block(other);
    let is_ret =
        cx.b.ins()
            .icmp_imm_s(IntCC::Equal, status, jc::status::RETURN as i64);
    cx.b.ins().brif(is_ret, ret, &[], raise, &[]);
    cx.b.switch_to_block(ret);
    let rt = cx.f.ret;
    if crate::layouts::clif_type(cx.m.prog, rt).is_some() {
        let w = cx.load(types::I64, st, jc::STATE_BUF);
        let x = cx.word_as(w, rt);
        cx.ret(Some(x));
    } else {
        cx.ret(None);
    }
    cx.b.switch_to_block(raise);
    cx.goto_exc_path();
    cx.b.switch_to_block(cont);
}
