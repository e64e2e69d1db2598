//! Module-wide state of a native build: the Cranelift object module, the
//! ids of the program's functions and of the runtime's, constant strings
//! (immortal str objects in the data section), static function objects of
//! `func_ref`, and the trampolines that give every function value one
//! calling convention (`code(func_object, args...)`).

use crate::layouts::{clif_type, Layouts};
use crate::runtime_fns::RUNTIME_FUNCS;
use core_ir::{FuncId, MethodId, Program};
use cranelift_codegen::ir::{self, types, AbiParam, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_entity::SecondaryMap;
use cranelift_module::{DataDescription, DataId, Linkage, Module};
use cranelift_object::ObjectModule;
use runtime_shims::layout as rt;
use std::collections::HashMap;

/// What a trampoline forwards to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Tramp {
    /// `func_ref @f`: calls `f` with the arguments.
    Plain(FuncId),
    /// `func_bind @f x`: calls `f` with the bound value first.
    Bound(FuncId),
    /// `method_bind C.m x`: calls method `m` of the bound receiver.
    Method(MethodId),
}

/// Module-wide state.
pub struct ModCx<'p> {
    /// The program.
    pub prog: &'p Program,
    /// Its layout.
    pub lay: &'p Layouts,
    /// The object being built.
    pub module: ObjectModule,
    /// Cranelift id of each IR function.
    pub func_ids: SecondaryMap<FuncId, cranelift_module::FuncId>,
    /// The run-time context (`kiln_ctx`).
    pub ctx_data: DataId,
    /// The one-character strings (`kiln_chars`).
    pub chars_data: DataId,
    /// The type descriptor table.
    pub types_data: DataId,
    /// The globals.
    pub globals_data: DataId,
    /// Whether the collector moves objects.
    pub moving: bool,
    /// Whether every allocation goes to the runtime (mark-sweep, stress).
    pub alloc_via_runtime: bool,
    runtime: HashMap<String, cranelift_module::FuncId>,
    strs: HashMap<String, DataId>,
    func_objs: HashMap<FuncId, DataId>,
    /// Trampolines requested so far, with their ids.
    pub tramps: HashMap<Tramp, cranelift_module::FuncId>,
    /// Trampolines still to be defined.
    pub tramp_queue: Vec<Tramp>,
    /// The JIT of this build, if any (see [`crate::jit`]).
    pub jit: Option<crate::jit::JitBuild>,
}

fn sig_of(spec: &str) -> Signature {
    let mut sig = Signature::new(CallConv::SystemV);
    let (params, rets) = spec.split_once('>').unwrap_or((spec, ""));
    let ty = |c: char| if c == 'f' { types::F64 } else { types::I64 };
    sig.params = params.chars().map(|c| AbiParam::new(ty(c))).collect();
    sig.returns = rets.chars().map(|c| AbiParam::new(ty(c))).collect();
    sig
}

impl<'p> ModCx<'p> {
    /// Declares the program's functions and data in `module`.
    pub fn new(
        prog: &'p Program,
        lay: &'p Layouts,
        mut module: ObjectModule,
        moving: bool,
        alloc_via_runtime: bool,
    ) -> Result<ModCx<'p>, String> {
        let err = |e: cranelift_module::ModuleError| e.to_string();
        let mut func_ids = SecondaryMap::with_default(cranelift_module::FuncId::from_u32(0));
        for (id, f) in prog.funcs.iter() {
            let name = format!("kiln_f{}_{}", id.as_u32(), sanitize(&f.name));
            let sig = function_signature(prog, &f.params, f.ret, false);
            func_ids[id] = module
                .declare_function(&name, Linkage::Local, &sig)
                .map_err(err)?;
        }
        let ctx_data = module
            .declare_data(rt::CTX_SYMBOL, Linkage::Import, true, false)
            .map_err(err)?;
        let chars_data = module
            .declare_data(rt::CHARS_SYMBOL, Linkage::Import, true, false)
            .map_err(err)?;
        let types_data = module
            .declare_data("kiln_types", Linkage::Local, true, false)
            .map_err(err)?;
        let globals_data = module
            .declare_data("kiln_globals", Linkage::Local, true, false)
            .map_err(err)?;
        Ok(ModCx {
            prog,
            lay,
            module,
            func_ids,
            ctx_data,
            chars_data,
            types_data,
            globals_data,
            moving,
            alloc_via_runtime,
            runtime: HashMap::new(),
            strs: HashMap::new(),
            func_objs: HashMap::new(),
            tramps: HashMap::new(),
            tramp_queue: Vec::new(),
            jit: None,
        })
    }

    /// The id of runtime function `name` (declared on first use).
    pub fn runtime_fn(&mut self, name: &str) -> cranelift_module::FuncId {
        if let Some(&id) = self.runtime.get(name) {
            return id;
        }
        let spec = RUNTIME_FUNCS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("unknown runtime function {name}"));
        let id = self
            .module
            .declare_function(name, Linkage::Import, &sig_of(spec))
            .expect("runtime function declaration");
        self.runtime.insert(name.to_string(), id);
        id
    }

    /// A direct (PC-relative) reference to function `id` from `func`.
    pub fn func_ref(&self, id: cranelift_module::FuncId, func: &mut ir::Function) -> ir::FuncRef {
        let decl = &self.module.declarations().get_function_decl(id);
        let signature = func.import_signature(decl.signature.clone());
        let name = func.declare_imported_user_function(ir::UserExternalName {
            namespace: 0,
            index: id.as_u32(),
        });
        func.import_function(ir::ExtFuncData {
            name: ir::ExternalName::user(name),
            signature,
            colocated: true,
            patchable: false,
        })
    }

    /// A PC-relative reference to data `id` from `func` (everything is
    /// linked into one executable).
    pub fn data_gv(&self, id: DataId, func: &mut ir::Function) -> ir::GlobalValue {
        let name = func.declare_imported_user_function(ir::UserExternalName {
            namespace: 1,
            index: id.as_u32(),
        });
        func.create_global_value(ir::GlobalValueData::Symbol {
            name: ir::ExternalName::user(name),
            offset: ir::immediates::Imm64::new(0),
            colocated: true,
            tls: false,
        })
    }

    /// The immortal str object holding `text`.
    pub fn str_const(&mut self, text: &str) -> DataId {
        if let Some(&d) = self.strs.get(text) {
            return d;
        }
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        let max = cps.iter().copied().max().unwrap_or(0);
        let w = runtime_shims::str_obj::width_for(max);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&rt::TID_STR.to_le_bytes());
        bytes.extend_from_slice(&rt::GC_IMMORTAL.to_le_bytes());
        bytes.extend_from_slice(&(cps.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&0u64.to_le_bytes());
        bytes.push(w as u8);
        bytes.push((max < 0x80) as u8);
        bytes.extend_from_slice(&[0; 6]);
        for &c in &cps {
            match w {
                1 => bytes.push(c as u8),
                2 => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
                _ => bytes.extend_from_slice(&c.to_le_bytes()),
            }
        }
        while bytes.len() % 8 != 0 || bytes.len() < rt::MIN_OBJECT + 16 {
            bytes.push(0);
        }
        let id = self
            .module
            .declare_anonymous_data(true, false)
            .expect("str constant");
        let mut d = DataDescription::new();
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        self.module.define_data(id, &d).expect("str constant");
        self.strs.insert(text.to_string(), id);
        id
    }

    /// The trampoline for `t` (queued for definition on first use).
    pub fn tramp(&mut self, t: Tramp) -> cranelift_module::FuncId {
        if let Some(&id) = self.tramps.get(&t) {
            return id;
        }
        let (params, ret) = match t {
            Tramp::Plain(f) => (self.prog.funcs[f].params.clone(), self.prog.funcs[f].ret),
            Tramp::Bound(f) => (
                self.prog.funcs[f].params[1..].to_vec(),
                self.prog.funcs[f].ret,
            ),
            Tramp::Method(m) => (
                self.prog.methods[m].params.clone(),
                self.prog.methods[m].ret,
            ),
        };
        let sig = function_signature(self.prog, &params, ret, true);
        let id = self
            .module
            .declare_anonymous_function(&sig)
            .expect("trampoline");
        self.tramps.insert(t, id);
        self.tramp_queue.push(t);
        id
    }

    /// The immortal function object of `func_ref @f`.
    pub fn func_obj(&mut self, f: FuncId) -> DataId {
        if let Some(&d) = self.func_objs.get(&f) {
            return d;
        }
        let code = self.tramp(Tramp::Plain(f));
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&rt::TID_FUNC_RAW.to_le_bytes());
        bytes.extend_from_slice(&rt::GC_IMMORTAL.to_le_bytes());
        bytes.extend_from_slice(&[0; 16]);
        let id = self
            .module
            .declare_anonymous_data(true, false)
            .expect("function object");
        let mut d = DataDescription::new();
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        let fr = self.module.declare_func_in_data(code, &mut d);
        d.write_function_addr(rt::FUNC_CODE as u32, fr);
        self.module.define_data(id, &d).expect("function object");
        self.func_objs.insert(f, id);
        id
    }
}

/// The Cranelift signature of a function with these IR parameter and
/// result types; `closure` adds the function object as first parameter.
pub fn function_signature(
    prog: &Program,
    params: &[core_ir::Type],
    ret: core_ir::Type,
    closure: bool,
) -> Signature {
    let mut sig = Signature::new(CallConv::SystemV);
    if closure {
        sig.params.push(AbiParam::new(types::I64));
    }
    for &p in params {
        sig.params
            .push(AbiParam::new(clif_type(prog, p).unwrap_or(types::I64)));
    }
    if let Some(t) = clif_type(prog, ret) {
        sig.returns.push(AbiParam::new(t));
    }
    sig
}

/// A symbol-friendly version of `name`.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}
