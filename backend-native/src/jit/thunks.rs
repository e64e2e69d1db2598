//! Thunks: one AOT function per distinct instruction shape the JIT may need
//! to perform (`op imm (arg types) -> result type`), compiled by the AOT
//! code generator from a one-instruction IR function, behind a stub
//! `fn(args: *mut u64) -> u64` (ints, bools as 0/1, float bits and
//! references in words; the result likewise, 0 for void). Exceptions are
//! left pending in the context, as every AOT function does.
//!
//! Each thunk also has a name for the JIT log ([`thunk_name`]): the Kiln
//! function's name for a call (`Interp.run_frame`), else the operation's
//! name with its immediate, if any, in brackets (`int_mod`,
//! `getfield[Frame.pc]`, `call_method[Node.eval]`).

use crate::layouts::clif_type;
use crate::module_cx::{function_signature, ModCx};
use core_ir::{
    BlockData, Function, Imm, InstData, Opcode, Program, Terminator, Type, ValueData, ValueDef,
};
use cranelift_codegen::ir::{types, AbiParam, InstBuilder, MemFlagsData, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::Module;
use std::collections::HashMap;

/// The shape of a thunk.
#[derive(Clone, Debug)]
pub struct ThunkSpec {
    /// The operation.
    pub op: Opcode,
    /// Its immediate.
    pub imm: Imm,
    /// Operand types.
    pub args: Vec<Type>,
    /// Result type (`void` for none).
    pub ret: Type,
}

/// The thunks requested so far.
#[derive(Default)]
pub struct Thunks {
    specs: Vec<ThunkSpec>,
    /// Flags of each thunk (`runtime_shims::jitcode::tflag`).
    pub flags: Vec<u64>,
    keys: HashMap<String, u32>,
}

impl Thunks {
    /// The index of the thunk for `spec` (requested once per shape).
    pub fn request(&mut self, spec: ThunkSpec, flags: u64) -> u32 {
        let key = format!(
            "{:?}|{:?}|{:?}|{:?}",
            spec.op, spec.imm, spec.args, spec.ret
        );
        if let Some(&i) = self.keys.get(&key) {
            return i;
        }
        let i = self.specs.len() as u32;
        self.specs.push(spec);
        self.flags.push(flags);
        self.keys.insert(key, i);
        i
    }

    /// The name of each thunk, by index ([`thunk_name`]).
    pub fn names(&self, prog: &Program) -> Vec<String> {
        self.specs.iter().map(|s| thunk_name(prog, s)).collect()
    }

    /// Defines every thunk and its stub; the stubs' ids, by thunk index.
    pub fn define_all(
        &self,
        m: &mut ModCx<'_>,
        cctx: &mut cranelift_codegen::Context,
    ) -> Result<Vec<(cranelift_module::FuncId, u64)>, String> {
        let mut out = Vec::new();
        for (k, spec) in self.specs.iter().enumerate() {
            let inner = define_thunk(m, cctx, spec)?;
            let stub = define_stub(m, cctx, spec, inner)?;
            out.push((stub, self.flags[k]));
        }
        Ok(out)
    }
}

/// The JIT log's name of a thunk: the called function's name for a call
/// (methods are named `Class.method`), else the operation's name followed
/// by its immediate in brackets when it has one that tells something
/// (`getfield[Frame.pc]`, `call_method[Node.eval]`, `str_cmp[eq]`).
pub fn thunk_name(prog: &Program, spec: &ThunkSpec) -> String {
    let class = |c: core_ir::ClassId| prog.classes[c].name.clone();
    let imm = match &spec.imm {
        Imm::Func(g) if spec.op == Opcode::Call => return prog.funcs[*g].name.clone(),
        Imm::None | Imm::Str(_) => None,
        Imm::Int(n) => Some(n.to_string()),
        Imm::UInt(n) => Some(n.to_string()),
        Imm::Float(x) => Some(x.to_string()),
        Imm::Bool(b) => Some(b.to_string()),
        Imm::Cond(c) => Some(c.name().to_string()),
        Imm::Class(c) => Some(class(*c)),
        Imm::Field(f) => {
            let fd = &prog.fields[*f];
            Some(format!("{}.{}", class(fd.class), fd.name))
        }
        Imm::Method(mm) => {
            let md = &prog.methods[*mm];
            Some(format!("{}.{}", class(md.class), md.name))
        }
        Imm::ClassAttr(a) => {
            let ad = &prog.class_attrs[*a];
            Some(format!("{}.{}", class(ad.class), ad.name))
        }
        Imm::Func(g) => Some(prog.funcs[*g].name.clone()),
        Imm::Global(g) => Some(prog.globals[*g].name.clone()),
        Imm::Driver(d) => Some(prog.drivers[*d].name.clone()),
        Imm::Index(k) => Some(k.to_string()),
    };
    match imm {
        Some(i) => format!("{}[{i}]", spec.op.name()),
        None => spec.op.name().to_string(),
    }
}

fn define_thunk(
    m: &mut ModCx<'_>,
    cctx: &mut cranelift_codegen::Context,
    spec: &ThunkSpec,
) -> Result<cranelift_module::FuncId, String> {
    let prog = m.prog;
    let mut f = Function::new(
        format!("jit_thunk_{}", spec.op.name()),
        spec.args.clone(),
        spec.ret,
    );
    let b0 = f.blocks.push(BlockData::default());
    f.layout.push(b0);
    let mut params = Vec::new();
    for (k, &t) in spec.args.iter().enumerate() {
        let v = f.values.push(ValueData {
            ty: t,
            def: ValueDef::Param(b0, k as u32),
        });
        params.push(v);
    }
    f.blocks[b0].params = params.clone();
    let i = f.insts.push(InstData {
        op: spec.op,
        imm: spec.imm.clone(),
        args: params,
        result: None,
        catch: None,
    });
    let mut result = None;
    if spec.ret != Type::VOID {
        let r = f.values.push(ValueData {
            ty: spec.ret,
            def: ValueDef::Result(i),
        });
        f.insts[i].result = Some(r);
        result = Some(r);
    }
    f.blocks[b0].insts.push(i);
    f.blocks[b0].term = Some(Terminator::Return(result));
    let sig = function_signature(prog, &spec.args, spec.ret, false);
    let id = m
        .module
        .declare_anonymous_function(&sig)
        .map_err(|e| e.to_string())?;
    cctx.clear();
    cctx.func.signature = sig;
    let mut fbc = FunctionBuilderContext::new();
    crate::codegen::translate(m, &f, &mut cctx.func, &mut fbc);
    m.module
        .define_function(id, cctx)
        .map_err(|e| format!("jit thunk `{}`: {e:?}", spec.op.name()))?;
    Ok(id)
}

fn define_stub(
    m: &mut ModCx<'_>,
    cctx: &mut cranelift_codegen::Context,
    spec: &ThunkSpec,
    inner: cranelift_module::FuncId,
) -> Result<cranelift_module::FuncId, String> {
    let prog = m.prog;
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I64));
    let id = m
        .module
        .declare_anonymous_function(&sig)
        .map_err(|e| e.to_string())?;
    cctx.clear();
    cctx.func.signature = sig;
    let mut fbc = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut cctx.func, &mut fbc);
    let blk = b.create_block();
    b.append_block_params_for_function_params(blk);
    b.switch_to_block(blk);
    let p = b.block_params(blk)[0];
    let flags = MemFlagsData::trusted();
    let mut args = Vec::new();
    for (k, &t) in spec.args.iter().enumerate() {
        let ct = clif_type(prog, t).unwrap_or(types::I64);
        args.push(b.ins().load(ct, flags, p, 8 * k as i32));
    }
    let fr = m.func_ref(inner, b.func);
    let call = b.ins().call(fr, &args);
    let res = b.inst_results(call).first().copied();
    let w = match (res, clif_type(prog, spec.ret)) {
        (Some(r), Some(types::F64)) => b.ins().bitcast(types::I64, MemFlagsData::new(), r),
        (Some(r), Some(types::I8)) => b.ins().uextend(types::I64, r),
        (Some(r), _) => r,
        (None, _) => b.ins().iconst(types::I64, 0),
    };
    b.ins().return_(&[w]);
    b.seal_all_blocks();
    b.finalize(m.module.isa().frontend_config());
    m.module
        .define_function(id, cctx)
        .map_err(|e| format!("jit stub: {e:?}"))?;
    Ok(id)
}
