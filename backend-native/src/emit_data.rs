//! The static data of an executable: the globals, the type descriptor table
//! (`runtime_shims::layout::TypeDesc` per program type id: sizes, reference
//! slots, names, vtables, `__eq__`/`__hash__`/`__repr__`, tuple item kinds,
//! class attribute tables), the program descriptor (`kiln_program`), and the
//! C `main` that hands it to the runtime.

use crate::layouts::{value_kind, TidOwner};
use crate::module_cx::ModCx;
use core_ir::{BuiltinClass, ClassId, FuncId, Type};
use cranelift_codegen::ir::{types, AbiParam, InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, Linkage, Module};
use runtime_shims::layout::{self as rt, ProgramDesc, TypeDesc};
use std::mem::{offset_of, size_of};

fn err(e: cranelift_module::ModuleError) -> String {
    e.to_string()
}

/// Defines anonymous read-only-ish data with `bytes`.
fn blob(m: &mut ModCx<'_>, bytes: Vec<u8>) -> Result<DataId, String> {
    let id = m.module.declare_anonymous_data(false, false).map_err(err)?;
    let mut d = DataDescription::new();
    let bytes = if bytes.is_empty() { vec![0; 8] } else { bytes };
    d.define(bytes.into_boxed_slice());
    d.set_align(8);
    m.module.define_data(id, &d).map_err(err)?;
    Ok(id)
}

/// A table of 8-byte addresses: functions, or global slots.
enum Addr {
    Null,
    Func(FuncId),
    Global(u32),
}

fn addr_table(m: &mut ModCx<'_>, items: &[Addr]) -> Result<DataId, String> {
    let id = m.module.declare_anonymous_data(false, false).map_err(err)?;
    let mut d = DataDescription::new();
    d.define(vec![0u8; 8 * items.len().max(1)].into_boxed_slice());
    d.set_align(8);
    for (k, a) in items.iter().enumerate() {
        match a {
            Addr::Null => {}
            Addr::Func(f) => {
                let fr = m.module.declare_func_in_data(m.func_ids[*f], &mut d);
                d.write_function_addr(8 * k as u32, fr);
            }
            Addr::Global(g) => {
                let gv = m.module.declare_data_in_data(m.globals_data, &mut d);
                d.write_data_addr(8 * k as u32, gv, 8 * *g as i64);
            }
        }
    }
    m.module.define_data(id, &d).map_err(err)?;
    Ok(id)
}

fn put32(buf: &mut [u8], off: usize, v: u32) {
    buf[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

fn put64(buf: &mut [u8], off: usize, v: u64) {
    buf[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

/// Pointer fields of one descriptor, written as relocations.
#[derive(Default)]
struct DescRelocs {
    data: Vec<(usize, DataId)>,
    funcs: Vec<(usize, FuncId)>,
}

fn named_method(m: &ModCx<'_>, c: ClassId, name: &str) -> Option<FuncId> {
    let prog = m.prog;
    let slot = prog.find_method(c, name)?;
    prog.resolve_method(c, slot)
}

/// Defines the globals and the type table.
pub fn emit_types(m: &mut ModCx<'_>) -> Result<(), String> {
    let prog = m.prog;
    let lay = m.lay;
    let mut g = DataDescription::new();
    g.define_zeroinit(8 * prog.globals.len().max(1));
    g.set_align(8);
    m.module.define_data(m.globals_data, &g).map_err(err)?;

    let n = lay.tids.len();
    let dsize = size_of::<TypeDesc>();
    let mut bytes = vec![0u8; dsize * n.max(1)];
    let mut relocs = DescRelocs::default();
    for (k, owner) in lay.tids.iter().enumerate() {
        let base = k * dsize;
        let (slot_types, kind): (Vec<Type>, u32) = match owner {
            TidOwner::Class(c) => (
                prog.all_fields(*c)
                    .iter()
                    .map(|&f| prog.fields[f].ty)
                    .collect(),
                rt::DESC_INSTANCE,
            ),
            TidOwner::Tuple(t) => (
                prog.types.tuple_items(*t).unwrap_or(&[]).to_vec(),
                rt::DESC_TUPLE,
            ),
        };
        let refs: Vec<u32> = slot_types
            .iter()
            .enumerate()
            .filter(|(_, &t)| prog.types.is_ref(t))
            .map(|(i, _)| i as u32)
            .collect();
        put32(&mut bytes, base + offset_of!(TypeDesc, kind), kind);
        put32(
            &mut bytes,
            base + offset_of!(TypeDesc, size),
            rt::fixed_size(slot_types.len()) as u32,
        );
        put32(
            &mut bytes,
            base + offset_of!(TypeDesc, nslots),
            slot_types.len() as u32,
        );
        put32(
            &mut bytes,
            base + offset_of!(TypeDesc, nrefs),
            refs.len() as u32,
        );
        let refs_blob = blob(m, refs.iter().flat_map(|r| r.to_le_bytes()).collect())?;
        relocs
            .data
            .push((base + offset_of!(TypeDesc, refs), refs_blob));
        match owner {
            TidOwner::Class(c) => {
                let name = prog.classes[*c].name.as_bytes().to_vec();
                put64(
                    &mut bytes,
                    base + offset_of!(TypeDesc, name_len),
                    name.len() as u64,
                );
                let nb = blob(m, name)?;
                relocs.data.push((base + offset_of!(TypeDesc, name), nb));
                let vt: Vec<Addr> = lay.vtables[*c]
                    .iter()
                    .map(|f| f.map_or(Addr::Null, Addr::Func))
                    .collect();
                let vtd = addr_table(m, &vt)?;
                relocs.data.push((base + offset_of!(TypeDesc, vtable), vtd));
                let at: Vec<Addr> = lay.attr_tables[*c]
                    .iter()
                    .map(|g| g.map_or(Addr::Null, |g| Addr::Global(g.as_u32())))
                    .collect();
                let atd = addr_table(m, &at)?;
                relocs.data.push((base + offset_of!(TypeDesc, cattrs), atd));
                let eq = named_method(m, *c, "__eq__");
                let hash = named_method(m, *c, "__hash__");
                if let (Some(e), Some(_)) = (eq, hash) {
                    relocs.funcs.push((base + offset_of!(TypeDesc, eq), e));
                }
                if let Some(h) = hash {
                    relocs.funcs.push((base + offset_of!(TypeDesc, hash), h));
                }
                if let Some(r) = named_method(m, *c, "__repr__") {
                    relocs.funcs.push((base + offset_of!(TypeDesc, repr), r));
                }
                let range = base + offset_of!(TypeDesc, class_range);
                put32(&mut bytes, range, lay.class_tid[*c]);
                put32(&mut bytes, range + 4, lay.class_last[*c]);
            }
            TidOwner::Tuple(_) => {
                let kinds: Vec<u8> = slot_types
                    .iter()
                    .map(|&t| value_kind(prog, t) as u8)
                    .collect();
                let kb = blob(m, kinds)?;
                relocs
                    .data
                    .push((base + offset_of!(TypeDesc, item_kinds), kb));
                let nb = blob(m, vec![0; 8])?;
                relocs.data.push((base + offset_of!(TypeDesc, name), nb));
            }
        }
    }
    let mut d = DataDescription::new();
    d.define(bytes.into_boxed_slice());
    d.set_align(8);
    for (off, id) in relocs.data {
        let gv = m.module.declare_data_in_data(id, &mut d);
        d.write_data_addr(off as u32, gv, 0);
    }
    for (off, f) in relocs.funcs {
        let fr = m.module.declare_func_in_data(m.func_ids[f], &mut d);
        d.write_function_addr(off as u32, fr);
    }
    m.module.define_data(m.types_data, &d).map_err(err)?;
    Ok(())
}

/// Defines `kiln_program` and `main`.
pub fn emit_program(m: &mut ModCx<'_>, gc: u32, stress: bool) -> Result<(), String> {
    let prog = m.prog;
    let mut bytes = vec![0u8; size_of::<ProgramDesc>()];
    put32(
        &mut bytes,
        offset_of!(ProgramDesc, ntypes),
        m.lay.tids.len() as u32,
    );
    put32(&mut bytes, offset_of!(ProgramDesc, gc), gc);
    put32(
        &mut bytes,
        offset_of!(ProgramDesc, gc_stress),
        stress as u32,
    );
    put32(
        &mut bytes,
        offset_of!(ProgramDesc, nglobals),
        prog.globals.len() as u32,
    );
    let grefs: Vec<u32> = prog
        .globals
        .iter()
        .filter(|(_, g)| prog.types.is_ref(g.ty))
        .map(|(id, _)| id.as_u32())
        .collect();
    put64(
        &mut bytes,
        offset_of!(ProgramDesc, nglobal_refs),
        grefs.len() as u64,
    );
    let grefs_blob = blob(m, grefs.iter().flat_map(|r| r.to_le_bytes()).collect())?;
    for (k, b) in BuiltinClass::ALL.iter().enumerate() {
        put32(
            &mut bytes,
            offset_of!(ProgramDesc, builtin_exc) + 4 * k,
            m.lay.class_tid[b.id()],
        );
    }
    put32(
        &mut bytes,
        offset_of!(ProgramDesc, str_slot),
        m.lay.method_slot[prog.str_method()],
    );
    let entry = prog.entry.ok_or("the program has no entry point")?;
    let returns_int = prog.funcs[entry].ret == Type::INT;
    put32(
        &mut bytes,
        offset_of!(ProgramDesc, entry_returns_int),
        returns_int as u32,
    );
    let pid = m
        .module
        .declare_data(rt::PROGRAM_SYMBOL, Linkage::Local, false, false)
        .map_err(err)?;
    let mut d = DataDescription::new();
    d.define(bytes.into_boxed_slice());
    d.set_align(8);
    let gv = m.module.declare_data_in_data(m.types_data, &mut d);
    d.write_data_addr(offset_of!(ProgramDesc, types) as u32, gv, 0);
    let gv = m.module.declare_data_in_data(m.globals_data, &mut d);
    d.write_data_addr(offset_of!(ProgramDesc, globals) as u32, gv, 0);
    let gv = m.module.declare_data_in_data(grefs_blob, &mut d);
    d.write_data_addr(offset_of!(ProgramDesc, global_refs) as u32, gv, 0);
    if let Some(s) = prog.startup {
        let fr = m.module.declare_func_in_data(m.func_ids[s], &mut d);
        d.write_function_addr(offset_of!(ProgramDesc, startup) as u32, fr);
    }
    let fr = m.module.declare_func_in_data(m.func_ids[entry], &mut d);
    d.write_function_addr(offset_of!(ProgramDesc, entry) as u32, fr);
    m.module.define_data(pid, &d).map_err(err)?;

    // int main(int argc, char **argv) { return kiln_main(&kiln_program); }
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(types::I32));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I32));
    let main = m
        .module
        .declare_function("main", Linkage::Export, &sig)
        .map_err(err)?;
    let mut cctx = m.module.make_context();
    cctx.func.signature = sig;
    let mut fbc = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut cctx.func, &mut fbc);
    let blk = b.create_block();
    b.append_block_params_for_function_params(blk);
    b.switch_to_block(blk);
    let gv = m.data_gv(pid, b.func);
    let p = b.ins().symbol_value(types::I64, gv);
    let km = m.runtime_fn("kiln_main");
    let fr = m.func_ref(km, b.func);
    let call = b.ins().call(fr, &[p]);
    let r = b.inst_results(call)[0];
    let r32 = b.ins().ireduce(types::I32, r);
    b.ins().return_(&[r32]);
    b.seal_all_blocks();
    b.finalize(m.module.isa().frontend_config());
    m.module.define_function(main, &mut cctx).map_err(err)?;
    Ok(())
}
