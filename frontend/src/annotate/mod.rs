//! Whole-program type inference, in the style of RPython's annotator.
//!
//! Starting from every module's start-up code and from
//! `entry_point(argv: list[str])`, the annotator flows annotations
//! ([`lattice::Ann`]) through the flow graphs until nothing changes:
//! a block is (re)flowed when the annotations entering it grow; a function's
//! parameters are the union over all its call sites (one signature per
//! function, or one per specialization key with `@specialize`); lists and
//! dicts that meet are unified; attributes, globals and return values notify
//! the blocks that read them when they grow.
//!
//! The result ([`Annotator`] after [`annotate`]) maps every variable of every
//! reached function (per specialization) to its annotation, and records the
//! classes, fields, globals and JIT drivers the lowering needs.

pub mod classes;
pub mod describe;
pub mod lattice;
pub mod names;

mod annotations;
mod builtins;
pub mod calls;
pub mod hints;
pub mod ops;

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::flow::{BlockId, Exit, FlowProgram, FuncId, FuncKind, Link, LinkArg, ModuleId, Var};
use crate::source::{SourceMap, Span};
use classes::ClassTable;
use lattice::{Ann, ClassKey, DictDef, ListDef};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

pub use lattice::{Builtin, KnownModule, ModRef, Stream};

/// Two annotations that cannot be merged (the caller reports where).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clash;

/// Index of an annotated function (one per function and specialization).
pub type FKey = usize;

/// A block that depends on some shared fact: (function, block).
pub type Dep = (FKey, BlockId);

/// Which copy of a function: one per specialization key.
#[derive(Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum SpecKey {
    /// The only copy.
    None,
    /// `@specialize.argtype(...)`: the shapes of the chosen arguments.
    Shapes(Vec<String>),
    /// `@specialize.arg(...)`: the constant values of the chosen arguments.
    Consts(Vec<String>),
}

/// A function together with its specialization.
#[derive(Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FuncKey {
    /// The function.
    pub func: FuncId,
    /// Which copy.
    pub spec: SpecKey,
}

/// What is known about one annotated function.
#[derive(Clone, Debug)]
pub struct FuncState {
    /// Function and specialization.
    pub key: FuncKey,
    /// Parameter annotations (union over call sites).
    pub params: Vec<Ann>,
    /// Result annotation (union of returns; `NoneOnly` for procedures).
    pub ret: Ann,
    /// Annotation of every variable of the graph.
    pub vars: Vec<Ann>,
    /// Where each variable's first value came from (for clash messages).
    pub var_origin: Vec<Option<Span>>,
    /// Blocks reached so far.
    pub reached: Vec<bool>,
    ret_readers: BTreeSet<Dep>,
    /// Blocks that read the parameters directly (`super()` reads `self`).
    param_readers: BTreeSet<Dep>,
    /// Where each parameter's first value came from (a call site).
    pub param_origin: Vec<Option<Span>>,
    /// Where the first returned value came from.
    pub ret_origin: Option<Span>,
    /// Where `None` first entered each parameter (for messages).
    pub param_none_from: Vec<Option<Span>>,
}

/// A module-level variable.
#[derive(Clone, Debug)]
pub struct GlobalState {
    /// Union of all values stored.
    pub ann: Ann,
    /// Where its first value came from.
    pub origin: Option<Span>,
    /// Assigned by some function other than its module's start-up code.
    pub assigned_in_functions: bool,
    readers: BTreeSet<Dep>,
}

/// A `JitDriver(...)` created by start-up code.
#[derive(Clone, Debug)]
pub struct DriverInfo {
    /// Green variable names.
    pub greens: Vec<String>,
    /// Red variable names.
    pub reds: Vec<String>,
    /// `get_printable_location`.
    pub printable: Option<FuncId>,
    /// Where it is created.
    pub span: Span,
    /// Annotations of the greens then the reds, as passed at merge points.
    pub var_anns: Vec<Ann>,
    /// The declaration itself was reported as wrong: follow-on checks of
    /// its merge points are skipped (they would repeat the same mistake).
    pub broken: bool,
}

#[derive(Clone, Debug)]
struct ListData {
    parent: u32,
    item: Ann,
    origin: Option<Span>,
    readers: BTreeSet<Dep>,
}

/// A list or dict definition (its representative id), for the occurs check.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Container {
    List(u32),
    Dict(u32),
}

#[derive(Clone, Debug)]
struct DictData {
    parent: u32,
    key: Ann,
    value: Ann,
    origin: Option<Span>,
    value_origin: Option<Span>,
    readers: BTreeSet<Dep>,
}

/// Settings of a translation.
#[derive(Clone, Debug)]
pub struct AnnotateConfig {
    /// Name of the entry-point function of the main module.
    pub entry: String,
    /// Print the annotated flow graphs of this function (all for `""`) on
    /// stderr when inference ends, even if it fails (a debugging aid).
    pub dump: Option<String>,
}

impl Default for AnnotateConfig {
    fn default() -> Self {
        AnnotateConfig {
            entry: "entry_point".into(),
            dump: None,
        }
    }
}

/// The annotator's state; after [`annotate`] returns, the final annotations.
pub struct Annotator<'a> {
    /// The program.
    pub flow: &'a FlowProgram,
    /// Its sources (for messages).
    pub sources: &'a SourceMap,
    /// Classes and fields.
    pub classes: ClassTable,
    lists: Vec<ListData>,
    dicts: Vec<DictData>,
    /// Annotated functions.
    pub funcs: Vec<FuncState>,
    func_index: HashMap<FuncKey, FKey>,
    /// Module-level variables.
    pub globals: HashMap<(ModuleId, String), GlobalState>,
    /// Class-body attributes: union of the values stored per (class, name).
    pub class_attrs: HashMap<(ClassKey, String), Ann>,
    class_attr_readers: HashMap<(ClassKey, String), BTreeSet<Dep>>,
    attr_readers: HashMap<usize, BTreeSet<Dep>>,
    attr_reads: Vec<(usize, Span, ClassKey)>,
    sites: HashMap<(FKey, BlockId, usize, u8), u32>,
    /// JIT drivers.
    pub drivers: Vec<DriverInfo>,
    /// For each method name, the classes it is called or bound through.
    pub method_uses: HashMap<String, BTreeSet<ClassKey>>,
    /// Names ever stored as instance attributes (class attributes with these
    /// names are instance fields with a class-level default).
    pub stored_attr_names: HashSet<String>,
    /// The start-up functions in run order, then the entry point.
    pub roots: Vec<FKey>,
    /// The entry point.
    pub entry: Option<FKey>,
    worklist: VecDeque<Dep>,
    queued: HashSet<Dep>,
    var_users: HashMap<FuncId, Vec<Vec<BlockId>>>,
    pub(crate) none_receivers: Vec<(FKey, Var, Span, String)>,
    /// Sets of functions that met in one value: they must share a signature.
    pending_families: Vec<BTreeSet<FuncId>>,
    families_done: HashSet<BTreeSet<FuncId>>,
    /// Classes instantiated somewhere.
    pub instantiated: HashSet<ClassKey>,
    current: Option<Dep>,
    errors: Vec<Diagnostic>,
    seen_errors: HashSet<(Span, String)>,
    config: AnnotateConfig,
}

/// Runs type inference over the whole program.
pub fn annotate<'a>(
    flow: &'a FlowProgram,
    sources: &'a SourceMap,
    config: AnnotateConfig,
) -> Result<Annotator<'a>, Vec<Diagnostic>> {
    let mut a = Annotator::new(flow, sources, config);
    a.setup_classes();
    a.scan_stored_attrs();
    a.start();
    a.run();
    a.finish();
    a.check_hints();
    a.check_annotations();
    if let Some(name) = a.config.dump.clone() {
        eprint!(
            "{}",
            a.dump_annotated(if name.is_empty() {
                None
            } else {
                Some(name.as_str())
            })
        );
    }
    if a.errors.is_empty() {
        Ok(a)
    } else {
        let mut errs = a.errors;
        errs.sort_by_key(|d| (d.span.file, d.span.start));
        Err(errs)
    }
}

impl<'a> Annotator<'a> {
    fn new(flow: &'a FlowProgram, sources: &'a SourceMap, config: AnnotateConfig) -> Self {
        Annotator {
            flow,
            sources,
            classes: ClassTable::new(flow),
            lists: Vec::new(),
            dicts: Vec::new(),
            funcs: Vec::new(),
            func_index: HashMap::new(),
            globals: HashMap::new(),
            class_attrs: HashMap::new(),
            class_attr_readers: HashMap::new(),
            attr_readers: HashMap::new(),
            attr_reads: Vec::new(),
            sites: HashMap::new(),
            drivers: Vec::new(),
            method_uses: HashMap::new(),
            stored_attr_names: HashSet::new(),
            roots: Vec::new(),
            entry: None,
            worklist: VecDeque::new(),
            queued: HashSet::new(),
            var_users: HashMap::new(),
            none_receivers: Vec::new(),
            pending_families: Vec::new(),
            families_done: HashSet::new(),
            instantiated: HashSet::new(),
            current: None,
            errors: Vec::new(),
            seen_errors: HashSet::new(),
            config,
        }
    }

    // ---------------------------------------------------------------- errors

    /// Records an error (once per location and message) and returns `Bottom`.
    pub(crate) fn error(&mut self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Ann {
        self.report(Diagnostic::new(kind, span, msg));
        Ann::Bottom
    }

    pub(crate) fn report(&mut self, mut d: Diagnostic) {
        if d.kind == ErrorKind::Type && mixes_int_and_float(&d.message) {
            d.notes.push(
                "Kiln Python keeps `int` and `float` apart because CPython prints them differently \
                 (`1` versus `1.0`): write the int as a float (`0.0`, `float(n)`) where a float is meant"
                    .into(),
            );
        }
        if self.seen_errors.insert((d.span, d.message.clone())) {
            self.errors.push(d);
        }
    }

    // ---------------------------------------------------------------- setup

    fn setup_classes(&mut self) {
        let flow = self.flow;
        for (cid, cd) in flow.classes.iter() {
            let key = self.classes.by_def[&cid];
            let mut base: Option<ClassKey> = None;
            for (path, span) in &cd.bases {
                let joined = path.join(".");
                if joined == "object" {
                    continue;
                }
                let resolved = if path.len() == 1 {
                    names::resolve_global(flow, &self.classes, cd.module, &path[0])
                } else {
                    let m = names::resolve_global(flow, &self.classes, cd.module, &path[0]);
                    let mut cur = m;
                    for part in &path[1..] {
                        cur = match cur {
                            Some(names::NameRef::Module(mr)) => {
                                names::resolve_module_attr(flow, &self.classes, mr, part)
                            }
                            _ => None,
                        };
                    }
                    cur
                };
                match resolved {
                    Some(names::NameRef::Class(b)) => {
                        if base.is_some() {
                            self.error(
                                ErrorKind::Unsupported,
                                *span,
                                "multiple inheritance is not in Kiln Python",
                            );
                        }
                        base = Some(b);
                    }
                    Some(_) => {
                        self.error(
                            ErrorKind::Type,
                            *span,
                            format!("base `{joined}` of class `{}` is not a class", cd.name),
                        );
                    }
                    None => {
                        self.error(
                            ErrorKind::Name,
                            *span,
                            format!("name `{joined}` is not defined"),
                        );
                    }
                }
            }
            if let Some(b) = base {
                self.classes.set_base(key, b);
            }
        }
        // Reject cycles.
        for i in ClassTable::builtin_count()..self.classes.classes.len() {
            let k = ClassKey(i as u32);
            let mut seen = vec![k];
            let mut cur = self.classes.get(k).base;
            while let Some(b) = cur {
                if seen.contains(&b) {
                    let span = self.classes.get(k).span.expect("program class");
                    self.error(
                        ErrorKind::Type,
                        span,
                        format!("class `{}` derives from itself", self.classes.get(k).name),
                    );
                    self.classes.classes[i].base = None;
                    break;
                }
                seen.push(b);
                cur = self.classes.get(b).base;
            }
        }
        self.classes.link_subclasses();
    }

    fn scan_stored_attrs(&mut self) {
        for (_, f) in self.flow.funcs.iter() {
            for (_, b) in f.graph.blocks.iter() {
                for op in &b.ops {
                    if let crate::flow::OpKind::StoreAttr(n) = &op.kind {
                        self.stored_attr_names.insert(n.clone());
                    }
                }
            }
        }
    }

    /// Start-up functions of all modules in import order (a module's imports
    /// run before it), then the entry point.
    /// `@specialize.argtype(i)` / `@specialize.arg(i)` name existing parameters.
    fn check_decorators(&mut self) {
        for (_, f) in self.flow.funcs.iter() {
            for d in &f.decorators {
                let is_spec = d.path.len() >= 2 && d.path[d.path.len() - 2] == "specialize";
                let which = d.path.last().map(|s| s.as_str()).unwrap_or("");
                if !is_spec || !matches!(which, "argtype" | "arg") {
                    continue;
                }
                for c in d.args.iter().flatten() {
                    let bad = match c {
                        crate::flow::Constant::Int(n) => *n < 0 || *n as usize >= f.params.len(),
                        _ => true,
                    };
                    if bad {
                        let n = f.params.len();
                        self.report(Diagnostic::new(
                            ErrorKind::Hint,
                            d.span,
                            format!(
                                "`@specialize.{which}` names argument {} but `{}` has {n} parameter{}",
                                crate::flow::const_text(c),
                                f.name,
                                if n == 1 { "" } else { "s" }
                            ),
                        ));
                    }
                }
            }
        }
    }

    fn start(&mut self) {
        self.check_decorators();
        let flow = self.flow;
        let mut order: Vec<ModuleId> = Vec::new();
        // The prelude's start-up runs first: the program's may call built-ins.
        if let Some((p, _)) = flow
            .modules
            .iter()
            .find(|(_, m)| m.name == calls::PRELUDE_MODULE)
        {
            order.push(p);
        }
        if let Some((main, _)) = flow.modules.iter().next() {
            self.module_order(main, &mut order, &mut HashSet::new());
        }
        for (m, _) in flow.modules.iter() {
            if !order.contains(&m) {
                self.module_order(m, &mut order, &mut HashSet::new());
            }
        }
        for m in order {
            let f = flow.modules[m].startup;
            let fk = self.intern(FuncKey {
                func: f,
                spec: SpecKey::None,
            });
            self.enter(fk);
            self.roots.push(fk);
        }
        // `__str__` of exception classes: called when an uncaught exception is reported.
        for i in ClassTable::builtin_count()..self.classes.classes.len() {
            let c = ClassKey(i as u32);
            if self.classes.is_exception(c) {
                if let Some(&f) = self.classes.get(c).methods.get("__str__") {
                    let fk = self.intern(FuncKey {
                        func: f,
                        spec: SpecKey::None,
                    });
                    if let Some(p) = self.funcs[fk].params.first_mut() {
                        if *p == Ann::Bottom {
                            *p = Ann::Instance {
                                class: c,
                                nullable: false,
                            };
                        }
                    }
                    self.enter(fk);
                }
            }
        }
        // Entry point of the main module.
        let Some((main, mm)) = flow.modules.iter().next() else {
            return;
        };
        let entry = mm
            .bindings
            .iter()
            .find(|b| b.name == self.config.entry)
            .cloned();
        match entry.map(|b| b.kind) {
            Some(crate::flow::BindingKind::Function(f)) => {
                let item = self.new_list_def(Ann::Str { nullable: false }, None);
                let argv = Ann::List {
                    def: item,
                    nullable: false,
                };
                let fk = self.intern(FuncKey {
                    func: f,
                    spec: SpecKey::None,
                });
                let n = flow.funcs[f].params.len();
                if n != 1 {
                    let span = flow.funcs[f].span;
                    self.error(
                        ErrorKind::Type,
                        span,
                        format!(
                            "`{}` must take exactly one parameter (argv: list[str]), it takes {n}",
                            self.config.entry
                        ),
                    );
                    return;
                }
                self.funcs[fk].params[0] = argv;
                self.enter(fk);
                self.roots.push(fk);
                self.entry = Some(fk);
            }
            _ => {
                let file = flow.modules[main].file;
                let span = Span::new(file, 0, 0);
                let mut d = Diagnostic::new(
                    ErrorKind::Name,
                    span,
                    format!(
                        "the program has no entry point: define `def {}(argv: list[str]) -> int`",
                        self.config.entry
                    ),
                )
                .with_note("the entry point's result is the process exit status");
                let similar: Vec<String> = mm
                    .bindings
                    .iter()
                    .filter(|b| matches!(b.kind, crate::flow::BindingKind::Function(_)))
                    .map(|b| b.name.clone())
                    .filter(|n| {
                        matches!(n.as_str(), "main" | "entry" | "run" | "start")
                            || n.contains("entry")
                    })
                    .collect();
                if let Some(n) = similar.first() {
                    d = d.with_note(format!(
                        "`{n}` is defined: rename it `{}`, or pass `--entry {n}`",
                        self.config.entry
                    ));
                }
                self.report(d);
            }
        }
    }

    fn module_order(&self, m: ModuleId, out: &mut Vec<ModuleId>, visiting: &mut HashSet<ModuleId>) {
        if out.contains(&m) || !visiting.insert(m) {
            return;
        }
        for b in &self.flow.modules[m].bindings {
            let path = match &b.kind {
                crate::flow::BindingKind::Module(p) => p,
                crate::flow::BindingKind::ImportFrom { module, .. } => module,
                _ => continue,
            };
            if let Some(ModRef::User(dep)) = names::module_by_path(self.flow, path) {
                self.module_order(dep, out, visiting);
            }
        }
        out.push(m);
    }

    // ---------------------------------------------------------------- functions

    /// The index of an annotated function, creating its state on first use.
    pub(crate) fn intern(&mut self, key: FuncKey) -> FKey {
        if let Some(&k) = self.func_index.get(&key) {
            return k;
        }
        let f = &self.flow.funcs[key.func];
        let nv = f.graph.vars.len();
        let nb = f.graph.blocks.len();
        let k = self.funcs.len();
        self.funcs.push(FuncState {
            key: key.clone(),
            params: vec![Ann::Bottom; f.params.len()],
            ret: Ann::Bottom,
            vars: vec![Ann::Bottom; nv],
            var_origin: vec![None; nv],
            reached: vec![false; nb],
            ret_readers: BTreeSet::new(),
            param_readers: BTreeSet::new(),
            param_origin: vec![None; f.params.len()],
            param_none_from: vec![None; f.params.len()],
            ret_origin: None,
        });
        self.func_index.insert(key, k);
        k
    }

    /// The annotated function for a key, if it was annotated.
    pub fn lookup(&self, key: &FuncKey) -> Option<FKey> {
        self.func_index.get(key).copied()
    }

    pub(crate) fn enter(&mut self, fk: FKey) {
        let f = &self.flow.funcs[self.funcs[fk].key.func];
        if let Some(e) = f.graph.entry {
            self.funcs[fk].reached[e.as_u32() as usize] = true;
            self.schedule((fk, e));
        }
    }

    pub(crate) fn schedule(&mut self, d: Dep) {
        if self.queued.insert(d) {
            self.worklist.push_back(d);
        }
    }

    fn schedule_all(&mut self, deps: BTreeSet<Dep>) {
        for d in deps {
            self.schedule(d);
        }
    }

    /// The receiver annotation of the function being flowed (for `super()`),
    /// registering the block as depending on it.
    pub(crate) fn read_self_param(&mut self, fk: FKey) -> Ann {
        if let Some(d) = self.current {
            self.funcs[fk].param_readers.insert(d);
        }
        self.funcs[fk]
            .params
            .first()
            .cloned()
            .unwrap_or(Ann::Bottom)
    }

    /// Registers the block being flowed as depending on a function's result.
    pub(crate) fn read_ret(&mut self, fk: FKey) -> Ann {
        if let Some(d) = self.current {
            self.funcs[fk].ret_readers.insert(d);
        }
        self.funcs[fk].ret.clone()
    }

    /// Unions `ann` into parameter `i` of `fk`; schedules the entry if it grew.
    pub(crate) fn add_param(&mut self, fk: FKey, i: usize, ann: &Ann, span: Span) -> bool {
        let old = self.funcs[fk].params[i].clone();
        match self.union(&old, ann) {
            Ok(new) => {
                if !self.same(&new, &old) {
                    self.funcs[fk].params[i] = new;
                    if self.funcs[fk].param_origin[i].is_none() && *ann != Ann::Bottom {
                        self.funcs[fk].param_origin[i] = Some(span);
                    }
                    self.enter(fk);
                    let readers = self.funcs[fk].param_readers.clone();
                    self.schedule_all(readers);
                }
                true
            }
            Err(Clash) => {
                let f = &self.flow.funcs[self.funcs[fk].key.func];
                let pname = f.params.get(i).map(|p| p.name.clone()).unwrap_or_default();
                let pspan = f.params.get(i).map(|p| p.span).unwrap_or(f.span);
                let fname = f.name.clone();
                let first = self.funcs[fk].param_origin[i];
                let msg = format!(
                    "argument `{pname}` of `{fname}` is `{}` here but `{}` at another call{}",
                    self.ann_name(ann),
                    self.ann_name(&old),
                    first
                        .map(|s| format!(" ({})", self.sources.describe(s)))
                        .unwrap_or_default()
                );
                let mut d = Diagnostic::new(ErrorKind::Type, span, msg)
                    .with_label(format!("`{}`", self.ann_name(ann)))
                    .with_secondary(pspan, format!("`{pname}` has one type for all calls"));
                if let Some(s) = first {
                    d = d.with_secondary(s, format!("`{}` here", self.ann_name(&old)));
                }
                self.report(d.with_note(
                    "a function has one signature: the union of the types at all its call sites (use @specialize.argtype for one copy per type)",
                ));
                false
            }
        }
    }

    /// Unions `ann` into the result of `fk`; notifies readers if it grew.
    pub(crate) fn add_ret(&mut self, fk: FKey, ann: &Ann, span: Span) {
        let old = self.funcs[fk].ret.clone();
        match self.union(&old, ann) {
            Ok(new) => {
                if !self.same(&new, &old) {
                    self.funcs[fk].ret = new;
                    if self.funcs[fk].ret_origin.is_none() && *ann != Ann::Bottom {
                        self.funcs[fk].ret_origin = Some(span);
                    }
                    let readers = self.funcs[fk].ret_readers.clone();
                    self.schedule_all(readers);
                }
            }
            Err(Clash) => {
                let fname = self.flow.funcs[self.funcs[fk].key.func].name.clone();
                let first = self.funcs[fk].ret_origin;
                let mut why = String::new();
                if matches!((&old, ann), (Ann::NoneOnly, x) | (x, Ann::NoneOnly) if x.with_null().is_none())
                {
                    why = ": None mixes only with instances, str, list and dict".into();
                }
                let msg = format!(
                    "`{fname}` returns `{}` here but `{}` elsewhere{}{why}",
                    self.ann_name(ann),
                    self.ann_name(&old),
                    first
                        .map(|s| format!(" ({})", self.sources.describe(s)))
                        .unwrap_or_default()
                );
                let mut d = Diagnostic::new(ErrorKind::Type, span, msg)
                    .with_label(format!("`{}`", self.ann_name(ann)));
                if let Some(s) = first {
                    d = d.with_secondary(s, format!("`{}` here", self.ann_name(&old)));
                }
                self.report(d);
            }
        }
    }

    // ---------------------------------------------------------------- the fixpoint

    fn run(&mut self) {
        let mut steps: u64 = 0;
        loop {
            let Some(d) = self.worklist.pop_front() else {
                if self.pending_families.is_empty() {
                    break;
                }
                self.unify_pending_families();
                continue;
            };
            self.queued.remove(&d);
            self.flow_block(d);
            steps += 1;
            if steps > 5_000_000 {
                let span = Span::new(
                    self.flow
                        .modules
                        .values()
                        .next()
                        .map(|m| m.file)
                        .unwrap_or_else(|| crate::source::FileId::from_u32(0)),
                    0,
                    0,
                );
                self.error(
                    ErrorKind::Type,
                    span,
                    "type inference did not converge (a type grows without bound)",
                );
                break;
            }
        }
        self.current = None;
    }

    /// The annotation of `v` in function `fk`.
    pub fn var(&self, fk: FKey, v: Var) -> Ann {
        self.funcs[fk].vars[v.as_u32() as usize].clone()
    }

    /// Where `None` enters variable `v` of `fk`, following parameters,
    /// attributes and block arguments back (at most `depth` steps): the
    /// `None` constant, or the store or call that first brought a None-able
    /// value. `None` when it cannot be told.
    pub(crate) fn none_source(&self, fk: FKey, v: Var, depth: u32) -> Option<Span> {
        if depth == 0 {
            return None;
        }
        let graph = &self.flow.funcs[self.funcs[fk].key.func].graph;
        for (bid, block) in graph.blocks.iter() {
            if let Some(k) = block.params.iter().position(|&p| p == v) {
                if Some(bid) == graph.entry {
                    return self.funcs[fk].param_none_from.get(k).copied().flatten();
                }
                // A join: the first None-able argument of an incoming link.
                for (_, pred) in graph.blocks.iter() {
                    let mut links: Vec<&crate::flow::Link> = Vec::new();
                    match &pred.exit {
                        Exit::Jump(l) => links.push(l),
                        Exit::Branch { then, els, .. } => {
                            links.push(then);
                            links.push(els);
                        }
                        _ => {}
                    }
                    for l in links.into_iter().filter(|l| l.target == bid) {
                        if let Some(crate::flow::LinkArg::Var(a)) = l.args.get(k) {
                            if self.var(fk, *a).is_nullable() {
                                if let Some(s) = self.none_source(fk, *a, depth - 1) {
                                    return Some(s);
                                }
                            }
                        }
                    }
                }
                return None;
            }
            for op in &block.ops {
                if op.result != Some(v) {
                    continue;
                }
                return match &op.kind {
                    crate::flow::OpKind::Const(crate::flow::Constant::None) => Some(op.span),
                    crate::flow::OpKind::LoadAttr(name) => match self.var(fk, *op.args.first()?) {
                        Ann::Instance { class, .. } => self
                            .classes
                            .find_attr(class, name)
                            .and_then(|i| self.classes.attrs[i].none_from),
                        _ => None,
                    },
                    _ => None,
                };
            }
        }
        None
    }

    /// Records where `None` first entered attribute `name` of `c`'s
    /// instances (the source of `value`, a variable of `fk`, or `span`).
    pub(crate) fn note_attr_none(
        &mut self,
        fk: FKey,
        c: ClassKey,
        name: &str,
        value: Var,
        span: Span,
    ) {
        let Some(i) = self.classes.find_attr(c, name) else {
            return;
        };
        if self.classes.attrs[i].none_from.is_none() {
            let src = self.none_source(fk, value, 8).unwrap_or(span);
            self.classes.attrs[i].none_from = Some(src);
        }
    }

    fn set_var(&mut self, fk: FKey, v: Var, ann: Ann, origin: Span) -> Result<bool, Ann> {
        let idx = v.as_u32() as usize;
        let old = self.funcs[fk].vars[idx].clone();
        match self.union(&old, &ann) {
            Ok(new) => {
                let changed = !self.same(&new, &old);
                if changed {
                    if self.funcs[fk].var_origin[idx].is_none() {
                        self.funcs[fk].var_origin[idx] = Some(origin);
                    }
                    self.funcs[fk].vars[idx] = new;
                    // Blocks that use the variable (it may be used without
                    // being passed on a link) must see the new annotation.
                    let func = self.funcs[fk].key.func;
                    let users = self.users_of(func, v);
                    for b in users {
                        if self.funcs[fk].reached[b.as_u32() as usize] {
                            self.schedule((fk, b));
                        }
                    }
                }
                Ok(changed)
            }
            Err(Clash) => Err(old),
        }
    }

    /// The blocks of function `f` that use variable `v` (cached per function).
    fn users_of(&mut self, f: FuncId, v: Var) -> Vec<BlockId> {
        if !self.var_users.contains_key(&f) {
            let g = &self.flow.funcs[f].graph;
            let mut users: Vec<Vec<BlockId>> = vec![Vec::new(); g.vars.len()];
            for (b, block) in g.blocks.iter() {
                let mut add = |x: Var| {
                    let u = &mut users[x.as_u32() as usize];
                    if u.last() != Some(&b) {
                        u.push(b);
                    }
                };
                for op in &block.ops {
                    op.args.iter().for_each(|&a| add(a));
                    if let Some(c) = &op.catch {
                        c.args.iter().for_each(|a| {
                            if let LinkArg::Var(x) = a {
                                add(*x)
                            }
                        });
                    }
                }
                match &block.exit {
                    Exit::Jump(l) => l.args.iter().for_each(|a| {
                        if let LinkArg::Var(x) = a {
                            add(*x)
                        }
                    }),
                    Exit::Branch { cond, then, els } => {
                        add(*cond);
                        for l in [then, els] {
                            l.args.iter().for_each(|a| {
                                if let LinkArg::Var(x) = a {
                                    add(*x)
                                }
                            });
                        }
                    }
                    Exit::Return(x, _) | Exit::Raise(x, _) => add(*x),
                    Exit::Unreachable => {}
                }
            }
            self.var_users.insert(f, users);
        }
        self.var_users[&f]
            .get(v.as_u32() as usize)
            .cloned()
            .unwrap_or_default()
    }

    fn flow_block(&mut self, d: Dep) {
        let (fk, b) = d;
        self.current = Some(d);
        let func = self.funcs[fk].key.func;
        let fdef = &self.flow.funcs[func];
        let graph = &fdef.graph;
        let block = &graph.blocks[b];
        if graph.entry == Some(b) {
            for (i, &p) in block.params.iter().enumerate() {
                let ann = self.funcs[fk].params.get(i).cloned().unwrap_or(Ann::Bottom);
                let span = graph.vars[p].span;
                let _ = self.set_var(fk, p, ann, span);
            }
        }
        for (i, op) in block.ops.iter().enumerate() {
            let res = self.flow_op(fk, b, i, op);
            if let Some(r) = op.result {
                if let Err(old) = self.set_var(fk, r, res.clone(), op.span) {
                    let msg = format!(
                        "this is `{}` here but `{}` before",
                        self.ann_name(&res),
                        self.ann_name(&old)
                    );
                    self.error(ErrorKind::Type, op.span, msg);
                }
            }
            if let Some(c) = &op.catch {
                let exc = Ann::Instance {
                    class: ClassTable::builtin(core_ir::BuiltinClass::Exception),
                    nullable: false,
                };
                self.follow(fk, c, Some(exc));
            }
            // No value (yet): a call that never returns, or one whose result
            // is not known so far. The rest of the block waits.
            if let Some(r) = op.result {
                if self.var(fk, r) == Ann::Bottom && op.kind != crate::flow::OpKind::Unbound {
                    return;
                }
            }
        }
        match &block.exit {
            Exit::Jump(l) => self.follow(fk, l, None),
            Exit::Branch { then, els, .. } => {
                self.follow(fk, then, None);
                self.follow(fk, els, None);
            }
            Exit::Return(v, span) => {
                let ann = self.var(fk, *v);
                let def = &self.flow.funcs[self.funcs[fk].key.func];
                if def.name == "__init__"
                    && matches!(def.kind, FuncKind::Method(_))
                    && !matches!(ann, Ann::Bottom | Ann::NoneOnly)
                {
                    let msg = format!(
                        "`__init__` must return None, but it returns {} here",
                        self.a_ann(&ann)
                    );
                    self.report(
                        Diagnostic::new(ErrorKind::Type, *span, msg)
                            .with_note("CPython raises TypeError when `__init__` returns a value"),
                    );
                    return;
                }
                let none_from = if ann.is_nullable() {
                    self.none_source(fk, *v, 8)
                } else {
                    None
                };
                if ann != Ann::Bottom && self.check_return_annotation(fk, &ann, *span, none_from) {
                    self.add_ret(fk, &ann, *span);
                }
            }
            Exit::Raise(v, span) => {
                let ann = self.var(fk, *v);
                self.check_raise(fk, &ann, *span);
            }
            Exit::Unreachable => {}
        }
    }

    fn follow(&mut self, fk: FKey, link: &Link, exc: Option<Ann>) {
        let func = self.funcs[fk].key.func;
        let graph = &self.flow.funcs[func].graph;
        let target = &graph.blocks[link.target];
        let mut changed = !self.funcs[fk].reached[link.target.as_u32() as usize];
        for (arg, &param) in link.args.iter().zip(target.params.iter()) {
            let (ann, span) = match arg {
                LinkArg::Var(v) => (self.var(fk, *v), graph.vars[*v].span),
                LinkArg::Exc => (exc.clone().unwrap_or(Ann::Bottom), graph.vars[param].span),
            };
            match self.set_var(fk, param, ann.clone(), span) {
                Ok(c) => changed |= c,
                Err(old) => {
                    let name = graph.vars[param]
                        .name
                        .clone()
                        .unwrap_or_else(|| "this value".into());
                    let first = self.funcs[fk].var_origin[param.as_u32() as usize];
                    let mut d = Diagnostic::new(
                        ErrorKind::Type,
                        span,
                        format!(
                            "`{name}` is `{}` here but `{}` on another path{}",
                            self.ann_name(&ann),
                            self.ann_name(&old),
                            first.map(|s| format!(" ({})", self.sources.describe(s))).unwrap_or_default()
                        ),
                    )
                    .with_label(format!("`{}`", self.ann_name(&ann)))
                    .with_note("a variable keeps one type where its values meet (mixing incompatible types in one variable is not in Kiln Python)");
                    if let Some(s) = first {
                        d = d.with_secondary(s, format!("`{}`", self.ann_name(&old)));
                    }
                    self.report(d);
                }
            }
        }
        if changed {
            self.funcs[fk].reached[link.target.as_u32() as usize] = true;
            self.schedule((fk, link.target));
        }
    }

    pub(crate) fn check_raise(&mut self, fk: FKey, ann: &Ann, span: Span) {
        match ann {
            Ann::Bottom => {}
            Ann::Instance { class, .. } if self.classes.is_exception(*class) => {}
            Ann::Classes(cs) if cs.iter().all(|c| self.classes.is_exception(*c)) => {
                // `raise E`: instantiate with no arguments.
                let cs: Vec<ClassKey> = cs.iter().copied().collect();
                for c in cs {
                    self.instantiate(fk, c, &[], &[], span);
                }
            }
            other => {
                let msg = format!(
                    "`raise` needs an exception instance or class, got `{}`",
                    self.ann_name(other)
                );
                self.error(ErrorKind::Type, span, msg);
            }
        }
    }

    fn finish(&mut self) {
        // Operations on a value that is None on every path.
        for (fk, v, span, what) in std::mem::take(&mut self.none_receivers) {
            if self.var(fk, v) == Ann::NoneOnly {
                let g = &self.flow.funcs[self.funcs[fk].key.func].graph;
                let name = g.vars[v]
                    .name
                    .clone()
                    .map(|n| format!("`{n}`"))
                    .unwrap_or_else(|| "this value".into());
                self.report(Diagnostic::new(
                    ErrorKind::Type,
                    span,
                    format!("{what} cannot work on None: {name} is always None here"),
                ));
            }
        }
        // Lists and dicts that contain themselves after merging (the
        // direct cases are reported where the item is added).
        if self.errors.is_empty() {
            for i in 0..self.lists.len() as u32 {
                if self.lists[i as usize].parent != i {
                    continue;
                }
                let item = self.lists[i as usize].item.clone();
                if self.contains_container(&item, Container::List(i), &mut Vec::new()) {
                    if let Some(span) = self.lists[i as usize].origin {
                        self.self_containing(span, "list", None);
                        break;
                    }
                }
            }
            for i in 0..self.dicts.len() as u32 {
                if self.dicts[i as usize].parent != i {
                    continue;
                }
                let d = &self.dicts[i as usize];
                let (k, v, origin) = (d.key.clone(), d.value.clone(), d.origin);
                if self.contains_container(&k, Container::Dict(i), &mut Vec::new())
                    || self.contains_container(&v, Container::Dict(i), &mut Vec::new())
                {
                    if let Some(span) = origin {
                        self.self_containing(span, "dict", None);
                        break;
                    }
                }
            }
        }
        // Attributes read but never written.
        let reads = std::mem::take(&mut self.attr_reads);
        for (attr, span, class) in reads {
            let live = self.classes.find_attr(
                self.classes.attrs[attr].owner,
                &self.classes.attrs[attr].name,
            );
            let written = live.map(|i| self.classes.attrs[i].written).unwrap_or(false);
            let family = self.classes.subtree(class);
            let exists = family.iter().any(|c| self.instantiated.contains(c));
            if !written && exists {
                let name = self.classes.attrs[attr].name.clone();
                let cname = self.classes.get(class).name.clone();
                self.report(
                    Diagnostic::new(
                        ErrorKind::Name,
                        span,
                        format!("attribute `{name}` of `{cname}` is read here but no instance ever sets it"),
                    )
                    .with_note("set it in `__init__` (every attribute needs a value of one type)"),
                );
            }
        }
        // Functions in the main module that are never called are not annotated; fine.
        let _ = FuncKind::Function;
    }

    /// Makes the functions of each pending family share one signature.
    fn unify_pending_families(&mut self) {
        for fam in std::mem::take(&mut self.pending_families) {
            if !self.families_done.insert(fam.clone()) {
                continue;
            }
            let mut keys = Vec::new();
            for &f in &fam {
                let fk = self.intern(FuncKey {
                    func: f,
                    spec: SpecKey::None,
                });
                if let Some(e) = self.flow.funcs[f].graph.entry {
                    if !self.funcs[fk].reached[e.as_u32() as usize] {
                        self.enter(fk);
                    }
                }
                keys.push(fk);
            }
            let span = self.flow.funcs[*fam.iter().next().expect("non-empty")].span;
            self.unify_family(&keys, 0, span);
        }
    }

    /// Makes sure a function used as a value is annotated (even if it is never called).
    pub(crate) fn note_function_value(&mut self, f: FuncId) {
        let fd = &self.flow.funcs[f];
        if fd
            .decorators
            .iter()
            .any(|d| d.path.iter().any(|p| p == "specialize"))
        {
            return;
        }
        let fk = self.intern(FuncKey {
            func: f,
            spec: SpecKey::None,
        });
        if let Some(e) = fd.graph.entry {
            if !self.funcs[fk].reached[e.as_u32() as usize] {
                self.enter(fk);
            }
        }
    }

    // ---------------------------------------------------------------- lists and dicts

    pub(crate) fn new_list_def(&mut self, item: Ann, origin: Option<Span>) -> ListDef {
        let id = self.lists.len() as u32;
        self.lists.push(ListData {
            parent: id,
            item,
            origin,
            readers: BTreeSet::new(),
        });
        ListDef(id)
    }

    pub(crate) fn new_dict_def(&mut self, key: Ann, value: Ann, origin: Option<Span>) -> DictDef {
        let id = self.dicts.len() as u32;
        self.dicts.push(DictData {
            parent: id,
            key,
            value,
            origin,
            value_origin: origin,
            readers: BTreeSet::new(),
        });
        DictDef(id)
    }

    /// The representative of a list definition.
    pub fn find_list(&self, d: ListDef) -> ListDef {
        let mut i = d.0;
        while self.lists[i as usize].parent != i {
            i = self.lists[i as usize].parent;
        }
        ListDef(i)
    }

    /// The representative of a dict definition.
    pub fn find_dict(&self, d: DictDef) -> DictDef {
        let mut i = d.0;
        while self.dicts[i as usize].parent != i {
            i = self.dicts[i as usize].parent;
        }
        DictDef(i)
    }

    /// The item annotation of a list (registering the current block as a reader).
    pub(crate) fn list_item(&mut self, d: ListDef) -> Ann {
        let r = self.find_list(d);
        if let Some(dep) = self.current {
            self.lists[r.0 as usize].readers.insert(dep);
        }
        self.lists[r.0 as usize].item.clone()
    }

    /// The item annotation of a list (no dependency recorded).
    pub fn list_item_final(&self, d: ListDef) -> Ann {
        self.lists[self.find_list(d).0 as usize].item.clone()
    }

    /// Key and value annotations of a dict (registering the current block).
    pub(crate) fn dict_kv(&mut self, d: DictDef) -> (Ann, Ann) {
        let r = self.find_dict(d);
        if let Some(dep) = self.current {
            self.dicts[r.0 as usize].readers.insert(dep);
        }
        let x = &self.dicts[r.0 as usize];
        (x.key.clone(), x.value.clone())
    }

    /// Key and value annotations of a dict (no dependency recorded).
    pub fn dict_kv_final(&self, d: DictDef) -> (Ann, Ann) {
        let x = &self.dicts[self.find_dict(d).0 as usize];
        (x.key.clone(), x.value.clone())
    }

    /// Whether `a` contains (through list items, dict keys and values and
    /// tuple items) the container `target`: storing it there would make an
    /// infinite type.
    fn contains_container(&self, a: &Ann, target: Container, seen: &mut Vec<Container>) -> bool {
        let c = match a {
            Ann::List { def, .. } => Container::List(self.find_list(*def).0),
            Ann::Dict { def, .. } => Container::Dict(self.find_dict(*def).0),
            Ann::Tuple(items) => {
                return items
                    .iter()
                    .any(|x| self.contains_container(x, target, seen));
            }
            _ => return false,
        };
        if c == target {
            return true;
        }
        if seen.contains(&c) {
            return false;
        }
        seen.push(c);
        match c {
            Container::List(i) => {
                let item = self.lists[i as usize].item.clone();
                self.contains_container(&item, target, seen)
            }
            Container::Dict(i) => {
                let (k, v) = (
                    self.dicts[i as usize].key.clone(),
                    self.dicts[i as usize].value.clone(),
                );
                self.contains_container(&k, target, seen)
                    || self.contains_container(&v, target, seen)
            }
        }
    }

    /// Reports a container (`"list"` or `"dict"`) that would contain itself;
    /// `item` is the value being stored, when there is one.
    fn self_containing(&mut self, span: Span, what: &str, item: Option<&Ann>) {
        let msg = match item.filter(|i| !self.ann_name(i).contains("...")) {
            Some(item) => format!(
                "a {what} cannot contain itself: the value stored here is {}, which holds this {what}",
                self.a_ann(item)
            ),
            None => format!(
                "this {what} would contain itself: values that flow into it hold {what}s of its own type"
            ),
        };
        self.report(
            Diagnostic::new(ErrorKind::Type, span, msg).with_note(
                "a container whose items include the container itself has no finite type in Kiln Python",
            ),
        );
    }

    /// Generalizes a list's items with `ann`.
    pub(crate) fn list_add_item(&mut self, d: ListDef, ann: &Ann, span: Span) -> bool {
        let r = self.find_list(d);
        if self.contains_container(ann, Container::List(r.0), &mut Vec::new()) {
            self.self_containing(span, "list", Some(ann));
            return false;
        }
        let old = self.lists[r.0 as usize].item.clone();
        match self.union(&old, ann) {
            Ok(new) => {
                let r = self.find_list(r);
                if !self.same(&new, &self.lists[r.0 as usize].item.clone()) {
                    self.lists[r.0 as usize].item = new;
                    if self.lists[r.0 as usize].origin.is_none() {
                        self.lists[r.0 as usize].origin = Some(span);
                    }
                    let readers = self.lists[r.0 as usize].readers.clone();
                    self.schedule_all(readers);
                }
                true
            }
            Err(Clash) => {
                let origin = self.lists[r.0 as usize].origin;
                self.clash_with_origin(
                    span,
                    format!("a list of `{}` gets {} item here", self.ann_name(&old), self.a_ann(ann)),
                    origin,
                    format!("`{}` item", self.ann_name(&old)),
                    "a list holds items of one type (lists of mixed item types are not in Kiln Python)",
                );
                false
            }
        }
    }

    /// Generalizes a dict's keys and values.
    pub(crate) fn dict_add(&mut self, d: DictDef, key: &Ann, value: &Ann, span: Span) -> bool {
        self.dict_add_at(d, key, span, value, span)
    }

    /// Generalizes a dict's keys (from `key_span`) and values (from `value_span`).
    pub(crate) fn dict_add_at(
        &mut self,
        d: DictDef,
        key: &Ann,
        key_span: Span,
        value: &Ann,
        value_span: Span,
    ) -> bool {
        let r = self.find_dict(d);
        for (a, sp) in [(key, key_span), (value, value_span)] {
            if self.contains_container(a, Container::Dict(r.0), &mut Vec::new()) {
                self.self_containing(sp, "dict", Some(a));
                return false;
            }
        }
        let (ok, ov) = (
            self.dicts[r.0 as usize].key.clone(),
            self.dicts[r.0 as usize].value.clone(),
        );
        if *key != Ann::Bottom && !self.hashable(key) {
            let msg = format!(
                "a dict key must be hashable (int, str, float, bool, a tuple of those, or an instance), not `{}`",
                self.ann_name(key)
            );
            self.error(ErrorKind::Type, key_span, msg);
            return false;
        }
        let nk = match self.union(&ok, key) {
            Ok(k) => k,
            Err(Clash) => {
                let origin = self.dicts[r.0 as usize].origin;
                self.clash_with_origin(
                    key_span,
                    format!(
                        "a dict with `{}` keys gets {} key here",
                        self.ann_name(&ok),
                        self.a_ann(key)
                    ),
                    origin,
                    format!("`{}` key", self.ann_name(&ok)),
                    "a dict's keys have one type (dicts of mixed key types are not in Kiln Python)",
                );
                return false;
            }
        };
        let nv = match self.union(&ov, value) {
            Ok(v) => v,
            Err(Clash) => {
                let origin = self.dicts[r.0 as usize].value_origin;
                self.clash_with_origin(
                    value_span,
                    format!("a dict with `{}` values gets {} value here", self.ann_name(&ov), self.a_ann(value)),
                    origin,
                    format!("`{}` value", self.ann_name(&ov)),
                    "a dict's values have one type (dicts of mixed value types are not in Kiln Python)",
                );
                return false;
            }
        };
        let r = self.find_dict(r);
        let cur = &self.dicts[r.0 as usize];
        let (ck, cv) = (cur.key.clone(), cur.value.clone());
        if !self.same(&nk, &ck) || !self.same(&nv, &cv) {
            let x = &mut self.dicts[r.0 as usize];
            x.key = nk;
            x.value = nv;
            if x.origin.is_none() && *key != Ann::Bottom {
                x.origin = Some(key_span);
            }
            if x.value_origin.is_none() && *value != Ann::Bottom {
                x.value_origin = Some(value_span);
            }
            let readers = x.readers.clone();
            self.schedule_all(readers);
        }
        true
    }

    /// Reports a clash at `span`, citing where the other type came from.
    pub(crate) fn clash_with_origin(
        &mut self,
        span: Span,
        msg: String,
        origin: Option<Span>,
        origin_label: String,
        note: &str,
    ) {
        let msg = match origin {
            Some(o) if o != span => format!(
                "{msg} (the other type comes from {})",
                self.sources.describe(o)
            ),
            _ => msg,
        };
        let mut d = Diagnostic::new(ErrorKind::Type, span, msg).with_note(note);
        if let Some(o) = origin {
            if o != span {
                d = d.with_secondary(o, origin_label);
            }
        }
        self.report(d);
    }

    /// "a `str`" / "an `int`": an annotation's name with its article.
    pub(crate) fn a_ann(&self, a: &Ann) -> String {
        let n = self.ann_name(a);
        let vowel = n.starts_with(|c: char| "aeiouAEIOU".contains(c));
        format!("{} `{n}`", if vowel { "an" } else { "a" })
    }

    fn merge_lists(&mut self, a: ListDef, b: ListDef) -> Result<ListDef, Clash> {
        let (ra, rb) = (self.find_list(a), self.find_list(b));
        if ra == rb {
            return Ok(ra);
        }
        let (ia, ib) = (
            self.lists[ra.0 as usize].item.clone(),
            self.lists[rb.0 as usize].item.clone(),
        );
        // Link first so that recursive unions terminate.
        self.lists[rb.0 as usize].parent = ra.0;
        let item = match self.union(&ia, &ib) {
            Ok(x) => x,
            Err(Clash) => {
                self.lists[rb.0 as usize].parent = rb.0;
                return Err(Clash);
            }
        };
        let readers: BTreeSet<Dep> = std::mem::take(&mut self.lists[rb.0 as usize].readers);
        let ra2 = self.find_list(ra);
        let origin_b = self.lists[rb.0 as usize].origin;
        let x = &mut self.lists[ra2.0 as usize];
        x.item = item;
        if x.origin.is_none() {
            x.origin = origin_b;
        }
        x.readers.extend(readers);
        let all = x.readers.clone();
        self.schedule_all(all);
        Ok(ra2)
    }

    fn merge_dicts(&mut self, a: DictDef, b: DictDef) -> Result<DictDef, Clash> {
        let (ra, rb) = (self.find_dict(a), self.find_dict(b));
        if ra == rb {
            return Ok(ra);
        }
        let (ka, va) = (
            self.dicts[ra.0 as usize].key.clone(),
            self.dicts[ra.0 as usize].value.clone(),
        );
        let (kb, vb) = (
            self.dicts[rb.0 as usize].key.clone(),
            self.dicts[rb.0 as usize].value.clone(),
        );
        self.dicts[rb.0 as usize].parent = ra.0;
        let key = self.union(&ka, &kb);
        let value = self.union(&va, &vb);
        let (Ok(key), Ok(value)) = (key, value) else {
            self.dicts[rb.0 as usize].parent = rb.0;
            return Err(Clash);
        };
        let readers: BTreeSet<Dep> = std::mem::take(&mut self.dicts[rb.0 as usize].readers);
        let ra2 = self.find_dict(ra);
        let origin_b = self.dicts[rb.0 as usize].origin;
        let x = &mut self.dicts[ra2.0 as usize];
        x.key = key;
        x.value = value;
        if x.origin.is_none() {
            x.origin = origin_b;
        }
        x.readers.extend(readers);
        let all = x.readers.clone();
        self.schedule_all(all);
        Ok(ra2)
    }

    // ---------------------------------------------------------------- union

    /// Whether two annotations are equal once list/dict definitions are resolved.
    pub fn same(&self, a: &Ann, b: &Ann) -> bool {
        self.normalize(a) == self.normalize(b)
    }

    /// The annotation with canonical list/dict definition ids.
    pub fn normalize(&self, a: &Ann) -> Ann {
        match a {
            Ann::List { def, nullable } => Ann::List {
                def: self.find_list(*def),
                nullable: *nullable,
            },
            Ann::Dict { def, nullable } => Ann::Dict {
                def: self.find_dict(*def),
                nullable: *nullable,
            },
            Ann::Tuple(items) => Ann::Tuple(items.iter().map(|x| self.normalize(x)).collect()),
            Ann::BuiltinBound(r, n) => Ann::BuiltinBound(Box::new(self.normalize(r)), n.clone()),
            other => other.clone(),
        }
    }

    /// The union of two annotations (unifying lists and dicts), or `Err` on a clash.
    pub fn union(&mut self, a: &Ann, b: &Ann) -> Result<Ann, Clash> {
        use Ann::*;
        Ok(match (a, b) {
            (Bottom, x) | (x, Bottom) => x.clone(),
            (Bool, Bool) => Bool,
            (Int, Int) | (Bool, Int) | (Int, Bool) => Int,
            (UInt, UInt) | (UInt, Int) | (Int, UInt) | (UInt, Bool) | (Bool, UInt) => UInt,
            (Float, Float) => Float,
            (Str { nullable: x }, Str { nullable: y }) => Str { nullable: *x || *y },
            (NoneOnly, NoneOnly) => NoneOnly,
            (NoneOnly, x) | (x, NoneOnly) => x.with_null().ok_or(Clash)?,
            (
                List {
                    def: d1,
                    nullable: n1,
                },
                List {
                    def: d2,
                    nullable: n2,
                },
            ) => {
                let d = self.merge_lists(*d1, *d2)?;
                List {
                    def: d,
                    nullable: *n1 || *n2,
                }
            }
            (
                Dict {
                    def: d1,
                    nullable: n1,
                },
                Dict {
                    def: d2,
                    nullable: n2,
                },
            ) => {
                let d = self.merge_dicts(*d1, *d2)?;
                Dict {
                    def: d,
                    nullable: *n1 || *n2,
                }
            }
            (Tuple(x), Tuple(y)) if x.len() == y.len() => {
                let mut items = Vec::with_capacity(x.len());
                for (p, q) in x.iter().zip(y.iter()) {
                    items.push(self.union(p, q)?);
                }
                Tuple(items)
            }
            (
                Instance {
                    class: c1,
                    nullable: n1,
                },
                Instance {
                    class: c2,
                    nullable: n2,
                },
            ) => {
                let c = self.classes.common_base(*c1, *c2).ok_or(Clash)?;
                Instance {
                    class: c,
                    nullable: *n1 || *n2,
                }
            }
            (Funcs(x), Funcs(y)) => {
                let u: BTreeSet<FuncId> = x.union(y).copied().collect();
                if u.len() > 1 && !self.families_done.contains(&u) {
                    self.pending_families.push(u.clone());
                }
                Funcs(u)
            }
            (Classes(x), Classes(y)) => Classes(x.union(y).copied().collect()),
            (
                Methods {
                    class: c1,
                    names: n1,
                },
                Methods {
                    class: c2,
                    names: n2,
                },
            ) => {
                let c = self.classes.common_base(*c1, *c2).ok_or(Clash)?;
                Methods {
                    class: c,
                    names: n1.union(n2).cloned().collect(),
                }
            }
            (File { nullable: x }, File { nullable: y }) => File { nullable: *x || *y },
            (BuiltinBound(r1, n1), BuiltinBound(r2, n2)) if n1 == n2 => {
                let r = self.union(r1, r2)?;
                BuiltinBound(Box::new(r), n1.clone())
            }
            (x, y) if x == y => x.clone(),
            _ => return Err(Clash),
        })
    }

    // ---------------------------------------------------------------- sites

    /// A list definition allocated once per op site (stable across reflows).
    pub(crate) fn site_list(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        slot: u8,
        span: Span,
    ) -> ListDef {
        if let Some(&d) = self.sites.get(&(fk, b, i, slot)) {
            return ListDef(d);
        }
        let _ = span;
        let d = self.new_list_def(Ann::Bottom, None);
        self.sites.insert((fk, b, i, slot), d.0);
        d
    }

    /// A dict definition allocated once per op site.
    pub(crate) fn site_dict(
        &mut self,
        fk: FKey,
        b: BlockId,
        i: usize,
        slot: u8,
        span: Span,
    ) -> DictDef {
        if let Some(&d) = self.sites.get(&(fk, b, i, slot)) {
            return DictDef(d);
        }
        let _ = span;
        let d = self.new_dict_def(Ann::Bottom, Ann::Bottom, None);
        self.sites.insert((fk, b, i, slot), d.0);
        d
    }

    /// The list definition of a site, if one was allocated (for the lowering).
    pub fn site_list_final(&self, fk: FKey, b: BlockId, i: usize, slot: u8) -> Option<ListDef> {
        self.sites
            .get(&(fk, b, i, slot))
            .map(|&d| self.find_list(ListDef(d)))
    }

    /// The dict definition of a site, if one was allocated (for the lowering).
    pub fn site_dict_final(&self, fk: FKey, b: BlockId, i: usize, slot: u8) -> Option<DictDef> {
        self.sites
            .get(&(fk, b, i, slot))
            .map(|&d| self.find_dict(DictDef(d)))
    }

    /// The driver created at a site.
    pub(crate) fn site_driver(&mut self, fk: FKey, b: BlockId, i: usize) -> Option<u32> {
        self.sites.get(&(fk, b, i, 200)).copied()
    }

    pub(crate) fn set_site_driver(&mut self, fk: FKey, b: BlockId, i: usize, d: u32) {
        self.sites.insert((fk, b, i, 200), d);
    }

    // ---------------------------------------------------------------- globals

    /// Reads a module-level variable (registering a dependency).
    pub(crate) fn read_global(&mut self, m: ModuleId, name: &str) -> Ann {
        let cur = self.current;
        let g = self
            .globals
            .entry((m, name.to_string()))
            .or_insert_with(|| GlobalState {
                ann: Ann::Bottom,
                origin: None,
                assigned_in_functions: false,
                readers: BTreeSet::new(),
            });
        if let Some(d) = cur {
            g.readers.insert(d);
        }
        g.ann.clone()
    }

    /// Stores into a module-level variable.
    pub(crate) fn write_global(
        &mut self,
        m: ModuleId,
        name: &str,
        ann: &Ann,
        span: Span,
        from_startup: bool,
    ) {
        let key = (m, name.to_string());
        let old = self
            .globals
            .get(&key)
            .map(|g| g.ann.clone())
            .unwrap_or(Ann::Bottom);
        match self.union(&old, ann) {
            Ok(new) => {
                let g = self.globals.entry(key).or_insert_with(|| GlobalState {
                    ann: Ann::Bottom,
                    origin: None,
                    assigned_in_functions: false,
                    readers: BTreeSet::new(),
                });
                if !from_startup {
                    g.assigned_in_functions = true;
                }
                if g.origin.is_none() && *ann != Ann::Bottom {
                    g.origin = Some(span);
                }
                let changed = g.ann != new;
                if changed {
                    g.ann = new;
                    let readers = g.readers.clone();
                    self.schedule_all(readers);
                }
            }
            Err(Clash) => {
                let origin = self.globals.get(&key).and_then(|g| g.origin);
                let mut d = Diagnostic::new(
                    ErrorKind::Type,
                    span,
                    format!(
                        "global `{name}` is `{}` here ({}) but `{}` elsewhere{}",
                        self.ann_name(ann),
                        self.sources.describe(span),
                        self.ann_name(&old),
                        origin
                            .map(|s| format!(" ({})", self.sources.describe(s)))
                            .unwrap_or_default()
                    ),
                );
                if let Some(s) = origin {
                    d = d.with_secondary(s, format!("`{}`", self.ann_name(&old)));
                }
                self.report(d);
            }
        }
    }

    // ---------------------------------------------------------------- attributes

    /// Reads instance attribute `name` through class `c`.
    pub(crate) fn read_attr(&mut self, c: ClassKey, name: &str, span: Span) -> Ann {
        let i = self.attr_record(c, name, span);
        if let Some(d) = self.current {
            self.attr_readers.entry(i).or_default().insert(d);
        }
        self.attr_reads.push((i, span, c));
        self.classes.attrs[i].ann.clone()
    }

    /// Stores into instance attribute `name` through class `c`.
    pub(crate) fn write_attr(&mut self, c: ClassKey, name: &str, ann: &Ann, span: Span) {
        let i = self.attr_record(c, name, span);
        let old = self.classes.attrs[i].ann.clone();
        self.classes.attrs[i].written = true;
        match self.union(&old, ann) {
            Ok(new) => {
                let i = self.attr_record(c, name, span);
                if !self.same(&new, &self.classes.attrs[i].ann.clone()) {
                    self.classes.attrs[i].ann = new;
                    if self.classes.attrs[i].origin.is_none() {
                        self.classes.attrs[i].origin = Some(span);
                    }
                    let readers = self.attr_readers.get(&i).cloned().unwrap_or_default();
                    self.schedule_all(readers);
                }
            }
            Err(Clash) => {
                let owner_key = self.classes.attrs[i].owner;
                let origin = self.classes.attrs[i]
                    .origin
                    .or_else(|| self.class_body_attr_span(owner_key, name));
                let owner = self.classes.get(owner_key).name.clone();
                let mut d = Diagnostic::new(
                    ErrorKind::Type,
                    span,
                    format!(
                        "attribute `{owner}.{name}` is `{}` here but `{}` elsewhere{}",
                        self.ann_name(ann),
                        self.ann_name(&old),
                        origin.map(|s| format!(" ({})", self.sources.describe(s))).unwrap_or_default()
                    ),
                )
                .with_note("an attribute keeps one type (attribute creation that changes an attribute's type is not in Kiln Python)");
                if let Some(s) = origin {
                    d = d.with_secondary(s, format!("`{}`", self.ann_name(&old)));
                }
                self.report(d);
            }
        }
    }

    /// Where class `c` or one of its bases assigns `name` in its class body.
    fn class_body_attr_span(&self, c: ClassKey, name: &str) -> Option<Span> {
        self.classes.ancestors(c).into_iter().find_map(|k| {
            let def = self.classes.get(k).def?;
            self.flow.classes[def]
                .attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| *s)
        })
    }

    fn attr_record(&mut self, c: ClassKey, name: &str, use_span: Span) -> usize {
        let (i, merged) = self.classes.attr_for(c, name);
        if !merged.is_empty() {
            let mut ann = self.classes.attrs[i].ann.clone();
            let mut ann_origin = self.classes.attrs[i].origin;
            let mut readers = BTreeSet::new();
            for m in merged {
                let other = self.classes.attrs[m].ann.clone();
                match self.union(&ann, &other) {
                    Ok(u) => {
                        ann = u;
                        if ann_origin.is_none() {
                            ann_origin = self.classes.attrs[m].origin;
                        }
                    }
                    Err(Clash) => {
                        let span = self.classes.attrs[m].origin.or(self.classes.get(c).span);
                        if let Some(span) = span {
                            let base = self.classes.get(c).name.clone();
                            let msg = format!(
                                "attribute `{name}` is `{}` in one subclass of `{base}` and `{}` in another, and it is used through `{base}`",
                                self.ann_name(&ann),
                                self.ann_name(&other),
                            );
                            let mut d = Diagnostic::new(ErrorKind::Type, span, msg)
                                .with_label(format!("`{}` here", self.ann_name(&other)))
                                .with_note("an attribute used through a base class has one type in all its subclasses");
                            if let Some(s) = ann_origin {
                                d = d.with_secondary(s, format!("`{}` here", self.ann_name(&ann)));
                            }
                            if use_span != span {
                                d = d.with_secondary(
                                    use_span,
                                    format!("used through `{base}` here"),
                                );
                            }
                            self.report(d);
                        }
                    }
                }
                if let Some(r) = self.attr_readers.remove(&m) {
                    readers.extend(r);
                }
            }
            // A class-level default value is part of the field's type.
            self.classes.attrs[i].ann = ann;
            self.attr_readers
                .entry(i)
                .or_default()
                .extend(readers.iter().copied());
            self.schedule_all(readers);
        }
        if self.classes.attrs[i].ann == Ann::Bottom && !self.classes.attrs[i].written {
            // Seed with the class-level default, if a class body assigns one.
            let defaults: Vec<Ann> = self
                .classes
                .subtree(c)
                .into_iter()
                .chain(self.classes.ancestors(c))
                .filter_map(|k| self.class_attrs.get(&(k, name.to_string())).cloned())
                .collect();
            for d in defaults {
                if let Ok(u) = self.union(&self.classes.attrs[i].ann.clone(), &d) {
                    self.classes.attrs[i].ann = u;
                    self.classes.attrs[i].written = true;
                }
            }
        }
        i
    }

    /// Reads class attribute `name` as seen from instances of `c` (the union of
    /// the bindings in `c`'s chain and in its subclasses).
    pub(crate) fn read_class_attr(&mut self, c: ClassKey, name: &str, span: Span) -> Ann {
        let mut out = Ann::Bottom;
        let mut first: Option<(ClassKey, Ann)> = None;
        let mut ks: Vec<ClassKey> = self.classes.ancestors(c);
        ks.extend(self.classes.subtree(c));
        for k in ks {
            let key = (k, name.to_string());
            if let Some(d) = self.current {
                self.class_attr_readers
                    .entry(key.clone())
                    .or_default()
                    .insert(d);
            }
            if let Some(a) = self.class_attrs.get(&key).cloned() {
                match self.union(&out, &a) {
                    Ok(u) => {
                        out = u;
                        first.get_or_insert((k, a));
                    }
                    Err(Clash) => {
                        let (fk_, fa) = first.clone().expect("a first binding");
                        let cname = |x: ClassKey| self.classes.get(x).name.clone();
                        let def_span = |x: ClassKey| {
                            self.classes.get(x).def.and_then(|d| {
                                self.flow.classes[d]
                                    .attrs
                                    .iter()
                                    .find(|(n, _)| n == name)
                                    .map(|(_, s)| *s)
                            })
                        };
                        let msg = format!(
                            "class attribute `{name}` is `{}` in `{}` but `{}` in `{}`, and it is read here through `{}`",
                            self.ann_name(&fa),
                            cname(fk_),
                            self.ann_name(&a),
                            cname(k),
                            cname(c)
                        );
                        let mut d = Diagnostic::new(ErrorKind::Type, span, msg)
                            .with_note("a class attribute read through a base class has one type in all its subclasses");
                        if let Some(s1) = def_span(fk_) {
                            d = d.with_secondary(s1, format!("`{}` here", self.ann_name(&fa)));
                        }
                        if let Some(s2) = def_span(k) {
                            d = d.with_secondary(s2, format!("`{}` here", self.ann_name(&a)));
                        }
                        self.report(d);
                        return Ann::Bottom;
                    }
                }
            }
        }
        out
    }

    /// Stores a class-body attribute value.
    pub(crate) fn write_class_attr(&mut self, c: ClassKey, name: &str, ann: &Ann, span: Span) {
        let key = (c, name.to_string());
        let old = self.class_attrs.get(&key).cloned().unwrap_or(Ann::Bottom);
        match self.union(&old, ann) {
            Ok(new) => {
                if !self.same(&new, &old) {
                    self.class_attrs.insert(key.clone(), new);
                    let readers = self
                        .class_attr_readers
                        .get(&key)
                        .cloned()
                        .unwrap_or_default();
                    self.schedule_all(readers);
                }
            }
            Err(Clash) => {
                let msg = format!(
                    "class attribute `{name}` is `{}` here but `{}` elsewhere",
                    self.ann_name(ann),
                    self.ann_name(&old)
                );
                self.error(ErrorKind::Type, span, msg);
            }
        }
    }

    /// Records that method `name` is called or bound through class `c`.
    pub(crate) fn note_method_use(&mut self, c: ClassKey, name: &str) {
        self.method_uses
            .entry(name.to_string())
            .or_default()
            .insert(c);
    }
}

/// Whether a clash message is about an `int` (or `bool`) meeting a `float`.
fn mixes_int_and_float(msg: &str) -> bool {
    let has = |t: &str| msg.contains(&format!("`{t}`"));
    has("float") && (has("int") || has("bool"))
}

impl ClassTable {
    /// How many built-in classes come first.
    pub fn builtin_count() -> usize {
        core_ir::BuiltinClass::ALL.len()
    }
}
