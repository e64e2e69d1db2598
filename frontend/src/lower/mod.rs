//! Lowering: typed flow graphs to a core-IR [`Program`].
//!
//! In: the annotator's final state. Out: a program the verifier accepts.
//! The lowering first lays out classes (fields, virtual method slots, class
//! attributes), globals, JIT drivers and function signatures from the
//! annotations, then lowers each annotated function's flow graph op by op
//! ([`body`]), choosing the IR operation from the operands' annotations and
//! inserting conversions where a value flows into a wider slot (`bool` into
//! `int`, `int` into `float`, `None` into a nullable reference, one
//! function into a function value).

mod body;
mod builtins;
mod calls;
mod ops;
mod text;
mod types;

use crate::annotate::lattice::{Ann, ClassKey};
use crate::annotate::{Annotator, FKey, FuncKey, SpecKey};
use crate::diagnostic::Diagnostic;
use crate::flow::{FuncKind, ModuleId};
use core_ir::builder::FunctionBuilder;
use core_ir::{
    ClassAttrId, ClassId, DriverData, DriverId, FieldId, FuncId, GlobalId, Imm, MethodId, Opcode,
    Program, Type,
};
use std::collections::{BTreeSet, HashMap};

/// Shared state of a lowering.
pub struct Ctx<'a> {
    /// The annotations.
    pub ann: &'a Annotator<'a>,
    class_ids: Vec<Option<ClassId>>,
    fields: HashMap<usize, FieldId>,
    method_slots: HashMap<(String, ClassKey), MethodId>,
    attr_slots: HashMap<(String, ClassKey), ClassAttrId>,
    class_attr_globals: HashMap<(ClassKey, String), GlobalId>,
    globals: HashMap<(ModuleId, String), GlobalId>,
    funcs: Vec<Option<FuncId>>,
    factories: HashMap<(ClassKey, Option<Type>), FuncId>,
    pending_factories: Vec<(ClassKey, FuncId)>,
    drivers: Vec<DriverId>,
    errors: Vec<Diagnostic>,
}

/// Lowers an annotated program to core IR.
pub fn lower(ann: &Annotator<'_>) -> Result<Program, Vec<Diagnostic>> {
    let mut prog = Program::new();
    let mut cx = Ctx {
        ann,
        class_ids: vec![None; ann.classes.classes.len()],
        fields: HashMap::new(),
        method_slots: HashMap::new(),
        attr_slots: HashMap::new(),
        class_attr_globals: HashMap::new(),
        globals: HashMap::new(),
        funcs: vec![None; ann.funcs.len()],
        factories: HashMap::new(),
        pending_factories: Vec::new(),
        drivers: Vec::new(),
        errors: Vec::new(),
    };
    for f in &ann.flow.files_of_sources(ann.sources) {
        prog.files.push(f.clone());
    }
    cx.layout_classes(&mut prog);
    cx.layout_globals(&mut prog);
    cx.declare_functions(&mut prog);
    cx.layout_fields(&mut prog);
    cx.layout_methods(&mut prog);
    cx.layout_class_attrs(&mut prog);
    cx.layout_drivers(&mut prog);
    for fk in 0..ann.funcs.len() {
        if let Some(fid) = cx.funcs[fk] {
            body::lower_function(&mut cx, &mut prog, fk, fid);
        }
    }
    cx.finish_factories(&mut prog);
    cx.make_startup_and_entry(&mut prog);
    if cx.errors.is_empty() {
        Ok(prog)
    } else {
        Err(cx.errors)
    }
}

/// A module name usable as a prefix of IR names (IR names start with a
/// letter or `_`; a file such as `049_scheduler.py` gives `_049_scheduler`).
fn ir_module_name(m: &str) -> String {
    if m.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{m}")
    } else {
        m.to_string()
    }
}

impl crate::flow::FlowProgram {
    /// The file names of a source map, in file order.
    pub fn files_of_sources(&self, sources: &crate::source::SourceMap) -> Vec<String> {
        sources
            .files
            .values()
            .map(|f| f.path.display().to_string())
            .collect()
    }
}

impl<'a> Ctx<'a> {
    /// The IR class of a class key.
    pub fn class_id(&self, c: ClassKey) -> ClassId {
        match self.class_ids.get(c.0 as usize).copied().flatten() {
            Some(id) => id,
            None => core_ir::BuiltinClass::Exception.id(),
        }
    }

    /// The IR function of an annotated function.
    pub fn func_id(&self, fk: FKey) -> Option<FuncId> {
        self.funcs.get(fk).copied().flatten()
    }

    /// The IR function of a function key, if it was annotated.
    pub fn func_of_key(&self, key: &FuncKey) -> Option<FuncId> {
        self.ann.lookup(key).and_then(|fk| self.func_id(fk))
    }

    fn class_name(&self, c: ClassKey) -> String {
        let info = self.ann.classes.get(c);
        let clash = self
            .ann
            .classes
            .classes
            .iter()
            .enumerate()
            .any(|(i, o)| i != c.0 as usize && o.name == info.name);
        match (clash, info.module) {
            (true, Some(m)) => format!(
                "{}.{}",
                ir_module_name(&self.ann.flow.modules[m].name),
                info.name
            ),
            _ => info.name.clone(),
        }
    }

    fn layout_classes(&mut self, prog: &mut Program) {
        let n = self.ann.classes.classes.len();
        for i in 0..core_ir::BuiltinClass::ALL.len() {
            self.class_ids[i] = Some(core_ir::BuiltinClass::ALL[i].id());
        }
        // Bases before subclasses.
        let mut done = vec![false; n];
        for d in done.iter_mut().take(core_ir::BuiltinClass::ALL.len()) {
            *d = true;
        }
        let mut progress = true;
        while progress {
            progress = false;
            for i in 0..n {
                if done[i] {
                    continue;
                }
                let info = self.ann.classes.get(ClassKey(i as u32));
                let base = info.base;
                if base.is_some_and(|b| !done[b.0 as usize]) {
                    continue;
                }
                let name = self.class_name(ClassKey(i as u32));
                let id = prog.add_class(name, base.map(|b| self.class_id(b)));
                self.class_ids[i] = Some(id);
                done[i] = true;
                progress = true;
            }
        }
    }

    fn global_name(&self, m: ModuleId, name: &str) -> String {
        let module = &ir_module_name(&self.ann.flow.modules[m].name);
        if self.ann.flow.modules.keys().next() == Some(m) {
            name.to_string()
        } else {
            format!("{module}.{name}")
        }
    }

    fn layout_globals(&mut self, prog: &mut Program) {
        let mut keys: Vec<(ModuleId, String)> = self.ann.globals.keys().cloned().collect();
        keys.sort();
        for (m, name) in keys {
            let g = &self.ann.globals[&(m, name.clone())];
            if self.is_static(&g.ann) && g.ann != Ann::NoneOnly {
                continue;
            }
            let ty = self.slot_type(prog, &g.ann);
            let id = prog.add_global(self.global_name(m, &name), ty, !g.assigned_in_functions);
            self.globals.insert((m, name), id);
        }
        let mut attrs: Vec<(ClassKey, String)> = self.ann.class_attrs.keys().cloned().collect();
        attrs.sort();
        for (c, name) in attrs {
            let a = &self.ann.class_attrs[&(c, name.clone())];
            if self.is_static(a) && *a != Ann::NoneOnly {
                continue;
            }
            let ty = self.slot_type(prog, a);
            let id = prog.add_global(format!("{}.{}", self.class_name(c), name), ty, true);
            self.class_attr_globals.insert((c, name), id);
        }
    }

    fn func_name(&self, fk: FKey) -> String {
        let st = &self.ann.funcs[fk];
        let fd = &self.ann.flow.funcs[st.key.func];
        let module = &ir_module_name(&self.ann.flow.modules[fd.module].name);
        let is_main = self.ann.flow.modules.keys().next() == Some(fd.module);
        let mut name = match fd.kind {
            FuncKind::Method(c) | FuncKind::StaticMethod(c) => {
                format!(
                    "{}.{}",
                    self.class_name(self.ann.classes.by_def[&c]),
                    fd.name
                )
            }
            FuncKind::ModuleStartup(_) => format!("{module}.__startup__"),
            FuncKind::Function if is_main => fd.name.clone(),
            FuncKind::Function => format!("{module}.{}", fd.name),
        };
        if st.key.spec != SpecKey::None {
            let copies = self.ann.funcs[..fk]
                .iter()
                .filter(|s| s.key.func == st.key.func)
                .count();
            name = format!("{name}${copies}");
        }
        name
    }

    fn declare_functions(&mut self, prog: &mut Program) {
        let mut used: BTreeSet<String> = prog.funcs.values().map(|f| f.name.clone()).collect();
        for fk in 0..self.ann.funcs.len() {
            let st = &self.ann.funcs[fk];
            let fd = &self.ann.flow.funcs[st.key.func];
            if fd.graph.entry.is_none() {
                continue;
            }
            let (params, ret) = self.func_sig_of_key(prog, &st.key.clone(), 0);
            let mut name = self.func_name(fk);
            while used.contains(&name) {
                name.push('_');
            }
            used.insert(name.clone());
            let id = prog.declare_function(name, params, ret);
            for d in &fd.decorators {
                match d.path.last().map(|s| s.as_str()) {
                    Some("elidable") => prog.funcs[id].flags.elidable = true,
                    Some("dont_look_inside") => prog.funcs[id].flags.dont_look_inside = true,
                    Some("unroll_safe") => prog.funcs[id].flags.unroll_safe = true,
                    _ => {}
                }
            }
            self.funcs[fk] = Some(id);
        }
    }

    fn layout_fields(&mut self, prog: &mut Program) {
        for i in 0..self.ann.classes.classes.len() {
            let c = ClassKey(i as u32);
            for idx in self.ann.classes.fields_of(c) {
                let a = &self.ann.classes.attrs[idx];
                if !a.written {
                    continue;
                }
                let ty = self.slot_type(prog, &a.ann.clone());
                let id = prog.add_field(self.class_id(c), a.name.clone(), ty);
                self.fields.insert(idx, id);
            }
        }
    }

    /// The IR field of attribute `name` as seen from class `c`.
    pub fn field(&self, c: ClassKey, name: &str) -> Option<FieldId> {
        let idx = self.ann.classes.find_attr(c, name)?;
        self.fields.get(&idx).copied()
    }

    /// Annotation of the field `name` seen from class `c`.
    pub fn field_ann(&self, c: ClassKey, name: &str) -> Ann {
        self.ann
            .classes
            .find_attr(c, name)
            .map(|i| self.ann.classes.attrs[i].ann.clone())
            .unwrap_or(Ann::Bottom)
    }

    fn impl_func(&self, c: ClassKey, name: &str) -> Option<FuncId> {
        let (_, f) = self.ann.classes.lookup_method(self.ann.flow, c, name)?;
        self.func_of_key(&FuncKey {
            func: f,
            spec: SpecKey::None,
        })
    }

    /// Whether every class from `c` down calls the same implementation of `name`
    /// (and `c` itself has one): then a call needs no dispatch.
    pub fn monomorphic(&self, c: ClassKey, name: &str) -> Option<crate::flow::FuncId> {
        let (_, f) = self.ann.classes.lookup_method(self.ann.flow, c, name)?;
        for k in self.ann.classes.subtree(c) {
            match self.ann.classes.lookup_method(self.ann.flow, k, name) {
                Some((_, g)) if g == f => {}
                _ => return None,
            }
        }
        Some(f)
    }

    fn layout_methods(&mut self, prog: &mut Program) {
        // A program exception class with `__str__` overrides Exception.__str__
        // (used by str(e) and by the report of an uncaught exception).
        for i in core_ir::BuiltinClass::ALL.len()..self.ann.classes.classes.len() {
            let c = ClassKey(i as u32);
            if self.ann.classes.is_exception(c) && self.defines(c, "__str__") {
                if let Some(f) = self.impl_func(c, "__str__") {
                    // An implementation that never returns is declared with
                    // the slot's result type (its returns are unreachable).
                    if prog.funcs[f].ret == Type::VOID {
                        prog.funcs[f].ret = Type::STR;
                    }
                    if prog.funcs[f].ret == Type::STR && prog.funcs[f].params.len() == 1 {
                        prog.override_method(self.class_id(c), prog.str_method(), f);
                    }
                }
            }
        }
        let mut names: Vec<&String> = self.ann.method_uses.keys().collect();
        names.sort();
        for name in names {
            let uses = &self.ann.method_uses[name];
            // Dict and list operations find `__eq__`/`__hash__` (and messages
            // `__repr__`) by name in the IR class, so they always get a slot.
            let always = matches!(name.as_str(), "__eq__" | "__hash__" | "__repr__");
            let needing: Vec<ClassKey> = uses
                .iter()
                .copied()
                .filter(|&u| always || self.monomorphic(u, name).is_none())
                .collect();
            // Roots: uses needing dispatch with no other such use above them.
            let roots: Vec<ClassKey> = needing
                .iter()
                .copied()
                .filter(|&u| {
                    !needing
                        .iter()
                        .any(|&v| v != u && self.ann.classes.is_subclass(u, v))
                })
                .collect();
            for r in roots {
                if name == "__str__" && self.ann.classes.is_exception(r) {
                    // Exceptions dispatch through the built-in Exception.__str__ slot.
                    self.method_slots
                        .insert((name.clone(), r), prog.str_method());
                    continue;
                }
                // Signature from any implementation in the family.
                let mut sig: Option<(Vec<Type>, Type)> = None;
                for k in self
                    .ann
                    .classes
                    .subtree(r)
                    .into_iter()
                    .chain(self.ann.classes.ancestors(r))
                {
                    if let Some((_, f)) = self.ann.classes.lookup_method(self.ann.flow, k, name) {
                        let key = FuncKey {
                            func: f,
                            spec: SpecKey::None,
                        };
                        if self.ann.lookup(&key).is_some() {
                            sig = Some(self.func_sig_of_key(prog, &key, 1));
                            break;
                        }
                    }
                }
                let Some((params, ret)) = sig else { continue };
                let imp = self.impl_func(r, name);
                let slot = prog.add_method(self.class_id(r), name.clone(), params, ret, imp);
                if let Some(f) = imp {
                    if prog.funcs[f].ret == Type::VOID {
                        prog.funcs[f].ret = ret;
                    }
                }
                for k in self.ann.classes.subtree(r) {
                    if k != r && self.defines(k, name) {
                        if let Some(f) = self.impl_func(k, name) {
                            if prog.funcs[f].ret == Type::VOID {
                                prog.funcs[f].ret = ret;
                            }
                            prog.override_method(self.class_id(k), slot, f);
                        }
                    }
                }
                self.method_slots.insert((name.clone(), r), slot);
            }
        }
    }

    /// The virtual slot for calling `name` through class `c`, if dispatch is needed.
    pub fn method_slot(&self, c: ClassKey, name: &str) -> Option<MethodId> {
        self.ann
            .classes
            .ancestors(c)
            .into_iter()
            .find_map(|k| self.method_slots.get(&(name.to_string(), k)).copied())
    }

    fn layout_class_attrs(&mut self, prog: &mut Program) {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for (_, n) in self.ann.class_attrs.keys() {
            if !self.ann.stored_attr_names.contains(n) {
                names.insert(n.clone());
            }
        }
        for name in names {
            let definers: Vec<ClassKey> = (0..self.ann.classes.classes.len())
                .map(|i| ClassKey(i as u32))
                .filter(|&c| self.class_attr_globals.contains_key(&(c, name.clone())))
                .collect();
            let roots: Vec<ClassKey> = definers
                .iter()
                .copied()
                .filter(|&d| {
                    !definers
                        .iter()
                        .any(|&e| e != d && self.ann.classes.is_subclass(d, e))
                })
                .collect();
            for r in roots {
                let a = self.ann.class_attrs[&(r, name.clone())].clone();
                // The slot's type is the union over the family's bindings.
                let mut ann = a;
                for &d in &definers {
                    if self.ann.classes.is_subclass(d, r) {
                        let other = self.ann.class_attrs[&(d, name.clone())].clone();
                        if !self.ann.same(&ann, &other) {
                            ann = other.clone();
                        }
                    }
                }
                let ty = self.slot_type(prog, &ann);
                let slot = prog.add_class_attr(self.class_id(r), name.clone(), ty);
                for &d in &definers {
                    if self.ann.classes.is_subclass(d, r) {
                        let g = self.class_attr_globals[&(d, name.clone())];
                        if prog.globals[g].ty == ty {
                            prog.bind_class_attr(self.class_id(d), slot, g);
                        }
                    }
                }
                self.attr_slots.insert((name.clone(), r), slot);
            }
        }
    }

    /// The class attribute slot for reading `name` through class `c`.
    pub fn class_attr_slot(&self, c: ClassKey, name: &str) -> Option<ClassAttrId> {
        self.ann
            .classes
            .ancestors(c)
            .into_iter()
            .find_map(|k| self.attr_slots.get(&(name.to_string(), k)).copied())
    }

    /// The global holding class attribute `name` for exactly class `c`
    /// (the nearest binding up the chain).
    pub fn class_attr_global(&self, c: ClassKey, name: &str) -> Option<(ClassKey, GlobalId)> {
        self.ann.classes.ancestors(c).into_iter().find_map(|k| {
            self.class_attr_globals
                .get(&(k, name.to_string()))
                .map(|&g| (k, g))
        })
    }

    /// Whether every class from `c` down binds class attribute `name` to the same global.
    pub fn class_attr_static(&self, c: ClassKey, name: &str) -> Option<GlobalId> {
        let (_, g) = self.class_attr_global(c, name)?;
        for k in self.ann.classes.subtree(c) {
            if self.class_attr_global(k, name).map(|x| x.1) != Some(g) {
                return None;
            }
        }
        Some(g)
    }

    /// The global of a module-level variable.
    pub fn global(&self, m: ModuleId, name: &str) -> Option<GlobalId> {
        self.globals.get(&(m, name.to_string())).copied()
    }

    fn layout_drivers(&mut self, prog: &mut Program) {
        for d in &self.ann.drivers {
            let mut greens = Vec::new();
            let mut reds = Vec::new();
            for (k, n) in d.greens.iter().chain(d.reds.iter()).enumerate() {
                let a = d.var_anns.get(k).cloned().unwrap_or(Ann::Bottom);
                let t = self.slot_type(prog, &a);
                if k < d.greens.len() {
                    greens.push((n.clone(), t));
                } else {
                    reds.push((n.clone(), t));
                }
            }
            // A driver that no merge point uses has no green types; its
            // printable-location function is then never called.
            let used = d.var_anns.iter().any(|a| *a != Ann::Bottom);
            let printable = d.printable.filter(|_| used).and_then(|f| {
                self.func_of_key(&FuncKey {
                    func: f,
                    spec: SpecKey::None,
                })
            });
            let name = format!("driver{}", self.drivers.len());
            let id = prog.drivers.push(DriverData {
                name,
                greens,
                reds,
                printable,
            });
            self.drivers.push(id);
        }
    }

    /// The IR driver of an annotator driver key.
    pub fn driver(&self, k: crate::annotate::lattice::DriverKey) -> DriverId {
        self.drivers[k.0 as usize]
    }

    /// The factory function `C(args)` as a function value, returning `ret`
    /// (a base class of `C`, the type its function-value family needs) or `C`.
    pub fn factory(&mut self, prog: &mut Program, c: ClassKey, ret: Option<Type>) -> FuncId {
        if let Some(&f) = self.factories.get(&(c, ret)) {
            return f;
        }
        let (params, own) = self.factory_sig(prog, c);
        let mut name = format!("{}.__new__", self.class_name(c));
        while prog.func_by_name(&name).is_some() {
            name.push('_');
        }
        let f = prog.declare_function(name, params, ret.unwrap_or(own));
        self.factories.insert((c, ret), f);
        self.pending_factories.push((c, f));
        f
    }

    fn finish_factories(&mut self, prog: &mut Program) {
        while let Some((c, f)) = self.pending_factories.pop() {
            let mut b = FunctionBuilder::new(prog, f);
            let entry = b.entry_block();
            let args: Vec<core_ir::Value> = b.block_params(entry).to_vec();
            match calls::construct(self, &mut b, c, &args) {
                Some(obj) => b.ret(Some(obj)),
                // The annotator never saw this class instantiated, so this
                // factory is never called.
                None => b.unreachable(),
            }
            b.finish();
        }
    }

    fn make_startup_and_entry(&mut self, prog: &mut Program) {
        let startup = prog.declare_function("__startup__", vec![], Type::VOID);
        let mut b = FunctionBuilder::new(prog, startup);
        for &fk in &self.ann.roots {
            if Some(fk) == self.ann.entry {
                continue;
            }
            if let Some(f) = self.func_id(fk) {
                b.ins(Opcode::Call, Imm::Func(f), &[], None);
            }
        }
        b.ret(None);
        b.finish();
        prog.startup = Some(startup);
        if let Some(fk) = self.ann.entry {
            if let Some(f) = self.func_id(fk) {
                let argv_ty = prog.types.list(Type::STR);
                let main = prog.declare_function("__main__", vec![argv_ty], Type::INT);
                let ret_ann = self.ann.funcs[fk].ret.clone();
                let mut b = FunctionBuilder::new(prog, main);
                let argv = b.block_params(b.entry_block())[0];
                let takes_argv = !b.prog.funcs[f].params.is_empty();
                let args: Vec<core_ir::Value> = if takes_argv { vec![argv] } else { vec![] };
                let ret_ty = b.prog.funcs[f].ret;
                let r = b.ins(
                    Opcode::Call,
                    Imm::Func(f),
                    &args,
                    if ret_ty == Type::VOID {
                        None
                    } else {
                        Some(ret_ty)
                    },
                );
                let code = match (ret_ann, r) {
                    (Ann::Int, Some(v)) => v,
                    (Ann::Bool, Some(v)) => {
                        b.op(Opcode::BoolToInt, Imm::None, &[v]).expect("result")
                    }
                    _ => b.iconst(0),
                };
                b.ret(Some(code));
                b.finish();
                prog.entry = Some(main);
            }
        }
    }
}

impl Ctx<'_> {
    /// Whether class `c`'s own body defines method `name`.
    fn defines(&self, c: ClassKey, name: &str) -> bool {
        self.ann.classes.get(c).methods.contains_key(name)
    }
}
