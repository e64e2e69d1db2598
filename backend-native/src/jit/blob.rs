//! The jitcode blob: every table and the code as one array of words, with
//! relocations for thunk and function addresses and constant objects.

use super::encode::{ConstVal, DriverRecord, Encoder, FuncRecord};
use crate::module_cx::ModCx;
use cranelift_module::{DataDescription, DataId, FuncId as ClifFunc, Linkage, Module};
use runtime_shims::jitcode as jc;
use std::collections::HashMap;

enum Reloc {
    Func(ClifFunc),
    Data(DataId),
}

struct Blob {
    words: Vec<u64>,
    relocs: Vec<(usize, Reloc)>,
}

impl Blob {
    fn push(&mut self, w: u64) {
        self.words.push(w);
    }
    fn reloc(&mut self, r: Reloc) {
        self.relocs.push((self.words.len(), r));
        self.words.push(0);
    }
    fn packed(&mut self, xs: &[u32]) {
        self.push(xs.len() as u64);
        for pair in xs.chunks(2) {
            let lo = pair[0] as u64;
            let hi = pair.get(1).copied().unwrap_or(0) as u64;
            self.push(lo | hi << 32);
        }
    }
}

/// Emits `kiln_jit_program`.
pub fn emit(
    m: &mut ModCx<'_>,
    enc: &Encoder<'_>,
    funcs: &[FuncRecord],
    drivers: &[DriverRecord],
    thunks: &[(ClifFunc, u64)],
    thunk_names: &[String],
) -> Result<(), String> {
    // The string table: the encoder's names, then the thunk names it does
    // not hold yet (a thunk calling a function shares the function's name).
    let mut strings: Vec<&str> = enc.strings.iter().map(String::as_str).collect();
    let mut index: HashMap<&str, u32> = HashMap::new();
    for (k, s) in strings.iter().enumerate() {
        index.entry(s).or_insert(k as u32);
    }
    let mut thunk_name = Vec::with_capacity(thunk_names.len());
    for n in thunk_names {
        let i = *index.entry(n.as_str()).or_insert_with(|| {
            strings.push(n);
            strings.len() as u32 - 1
        });
        thunk_name.push(i);
    }
    let mut b = Blob {
        words: Vec::new(),
        relocs: Vec::new(),
    };
    b.push(jc::MAGIC);
    b.push(jc::VERSION);
    b.push(enc.consts.len() as u64);
    for c in &enc.consts {
        match *c {
            ConstVal::Raw(w) => b.push(w),
            ConstVal::Data(d) => b.reloc(Reloc::Data(d)),
        }
    }
    b.push(thunks.len() as u64);
    for (k, &(f, flags)) in thunks.iter().enumerate() {
        b.reloc(Reloc::Func(f));
        let name = thunk_name.get(k).map_or(jc::NONE_IDX, |&n| n);
        b.push(flags | (name as u64) << jc::tflag::NAME_SHIFT);
    }
    b.push(strings.len() as u64);
    for s in &strings {
        let bytes = s.as_bytes();
        b.push(bytes.len() as u64);
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            b.push(u64::from_le_bytes(w));
        }
    }
    b.push(funcs.len() as u64);
    for f in funcs {
        b.push(f.name as u64);
        b.push(f.flags);
        b.push(f.nregs_i as u64);
        b.push(f.nregs_r as u64);
        b.push(f.ret_kind as u64);
        b.push(f.call_thunk as u64);
        b.push(f.code_start as u64);
        b.push(f.code_end as u64);
        b.reloc(Reloc::Func(m.func_ids[f.aot]));
        b.push(f.params.len() as u64);
        for &p in &f.params {
            b.push(p as u64);
        }
    }
    b.push(drivers.len() as u64);
    for d in drivers {
        b.push(d.name as u64);
        b.push(d.portal as u64);
        b.push(d.merge_pc as u64);
        b.push(d.printable as u64);
        b.push(d.greens.len() as u64);
        b.push(d.reds.len() as u64);
        for &k in d.greens.iter().chain(&d.reds) {
            b.push(k as u64);
        }
    }
    b.packed(&enc.lives);
    b.packed(&enc.code);

    let id = m
        .module
        .declare_data(jc::JIT_PROGRAM_SYMBOL, Linkage::Export, false, false)
        .map_err(|e| e.to_string())?;
    let mut d = DataDescription::new();
    let bytes: Vec<u8> = b.words.iter().flat_map(|w| w.to_le_bytes()).collect();
    d.define(bytes.into_boxed_slice());
    d.set_align(8);
    for (at, r) in b.relocs {
        match r {
            Reloc::Func(f) => {
                let fr = m.module.declare_func_in_data(f, &mut d);
                d.write_function_addr(8 * at as u32, fr);
            }
            Reloc::Data(di) => {
                let gv = m.module.declare_data_in_data(di, &mut d);
                d.write_data_addr(8 * at as u32, gv, 0);
            }
        }
    }
    m.module.define_data(id, &d).map_err(|e| e.to_string())?;
    Ok(())
}
