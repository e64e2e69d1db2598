//! The verifier: checks every invariant the backends rely on and reports
//! every failure it finds, each naming its function, block and instruction
//! (or class, global or driver).
//!
//! Rules checked:
//! - classes: the hierarchy is acyclic; field names and method and class
//!   attribute slot names are unique along each chain of bases; an
//!   implementation has the slot's signature with a receiver of the
//!   implementing class or of one of its bases; a class attribute binding names
//!   a global of the attribute's type;
//! - program: `entry` is `(list<str>) -> int`, `startup` is `() -> void`,
//!   readonly globals are written only by the start-up function and the
//!   functions it calls directly (module initializers), a JIT
//!   driver's printable-location function takes the greens and returns str;
//! - functions: every function has a body whose entry block parameters are
//!   the function's parameters; every block ends in a terminator; every
//!   instruction follows its opcode's typing rule ([`crate::typing`]); edge
//!   arguments match the target block's parameters; `catch` appears only on
//!   the last instruction of a block, only on opcodes that may raise, and
//!   passes `exc` to a parameter of type `Exception`; `return` matches the
//!   result type; `raise` raises an exception instance; `branch` tests a bool
//!   and `switch` an int with distinct cases;
//! - SSA: every use is dominated by its definition (the result of a catching
//!   instruction is not available on its catch edge).

use crate::entities::{Block, ClassId, FuncId, Inst, Type, Value};
use crate::function::{BlockArg, BlockCall, Function, Terminator, ValueDef};
use crate::opcode::Opcode;
use crate::program::{BuiltinClass, Program};
use crate::text::{print_inst, print_terminator};
use cranelift_entity::{EntityRef, SecondaryMap};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Where a verifier failure is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The program as a whole.
    Program,
    /// A class declaration.
    Class(String),
    /// A JIT driver declaration.
    Driver(String),
    /// A function (no particular block).
    Function(String),
    /// A block of a function (its parameters or terminator).
    Block(String, Block),
    /// An instruction, with its text.
    Inst(String, Block, String),
}

/// One verifier failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifierError {
    /// Where.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Program => write!(f, "{}", self.message),
            Location::Class(c) => write!(f, "in class `{}`: {}", c, self.message),
            Location::Driver(d) => write!(f, "in jitdriver `{}`: {}", d, self.message),
            Location::Function(func) => write!(f, "in @{}: {}", func, self.message),
            Location::Block(func, b) => write!(f, "in @{}, {}: {}", func, b, self.message),
            Location::Inst(func, b, text) => {
                write!(f, "in @{}, {}, `{}`: {}", func, b, text, self.message)
            }
        }
    }
}

impl std::error::Error for VerifierError {}

/// Verifies a whole program, returning every failure found.
pub fn verify(prog: &Program) -> Result<(), Vec<VerifierError>> {
    let mut v = Verifier {
        prog,
        errors: Vec::new(),
    };
    v.classes();
    v.program_items();
    for (fid, func) in prog.funcs.iter() {
        v.function(fid, func);
    }
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(v.errors)
    }
}

struct Verifier<'a> {
    prog: &'a Program,
    errors: Vec<VerifierError>,
}

impl<'a> Verifier<'a> {
    fn err(&mut self, location: Location, message: impl Into<String>) {
        self.errors.push(VerifierError {
            location,
            message: message.into(),
        });
    }

    fn tname(&self, t: Type) -> String {
        self.prog.type_name(t)
    }

    fn classes(&mut self) {
        let p = self.prog;
        let mut acyclic: HashSet<ClassId> = HashSet::new();
        for (c, cd) in p.classes.iter() {
            let loc = Location::Class(cd.name.clone());
            // Acyclic chain.
            let mut seen = vec![c];
            let mut cur = cd.base;
            let mut cyclic = false;
            while let Some(b) = cur {
                if b.index() >= p.classes.len() {
                    self.err(
                        loc.clone(),
                        format!("base class id {} does not exist", b.index()),
                    );
                    cyclic = true;
                    break;
                }
                if seen.contains(&b) {
                    self.err(loc.clone(), "the class is its own ancestor");
                    cyclic = true;
                    break;
                }
                seen.push(b);
                cur = p.classes[b].base;
            }
            if !cyclic {
                acyclic.insert(c);
            }
        }
        for (c, cd) in p.classes.iter() {
            if !acyclic.contains(&c) {
                continue;
            }
            let loc = Location::Class(cd.name.clone());
            let bases: Vec<ClassId> = p.ancestors(c).into_iter().skip(1).collect();
            // Fields.
            let mut names: HashSet<&str> = HashSet::new();
            for &f in &cd.fields {
                let fd = &p.fields[f];
                if fd.class != c {
                    self.err(
                        loc.clone(),
                        format!("lists field `{}` declared by another class", fd.name),
                    );
                }
                if fd.ty == Type::VOID {
                    self.err(loc.clone(), format!("field `{}` has type `void`", fd.name));
                }
                if !names.insert(&fd.name) {
                    self.err(
                        loc.clone(),
                        format!("field `{}` is declared twice", fd.name),
                    );
                }
                for &b in &bases {
                    if p.classes[b]
                        .fields
                        .iter()
                        .any(|&g| p.fields[g].name == fd.name)
                    {
                        self.err(
                            loc.clone(),
                            format!(
                                "field `{}` is already declared by base class `{}`",
                                fd.name, p.classes[b].name
                            ),
                        );
                    }
                }
            }
            // Methods.
            let mut listed: HashSet<crate::MethodId> = HashSet::new();
            for &(m, impl_f) in &cd.methods {
                let md = &p.methods[m];
                if !listed.insert(m) {
                    self.err(loc.clone(), format!("method `{}` is listed twice", md.name));
                }
                if md.class == c {
                    for &b in &bases {
                        if p.classes[b].methods.iter().any(|&(mm, _)| {
                            p.methods[mm].class == b && p.methods[mm].name == md.name
                        }) {
                            self.err(
                                loc.clone(),
                                format!(
                                    "method `{}` is declared as a new slot but base class `{}` already has one",
                                    md.name, p.classes[b].name
                                ),
                            );
                        }
                    }
                } else if !p.is_subclass(c, md.class) {
                    self.err(
                        loc.clone(),
                        format!(
                            "overrides method `{}` of `{}`, which is not a base class",
                            md.name, p.classes[md.class].name
                        ),
                    );
                    continue;
                }
                if let Some(f) = impl_f {
                    let fd = &p.funcs[f];
                    let self_ok = fd
                        .params
                        .first()
                        .and_then(|&t| p.types.instance_class(t))
                        .is_some_and(|k| p.is_subclass(c, k));
                    let rest_ok =
                        fd.params.len() == md.params.len() + 1 && fd.params[1..] == md.params[..];
                    if !self_ok || !rest_ok || fd.ret != md.ret {
                        let mut want = vec![cd.name.clone()];
                        want.extend(md.params.iter().map(|&t| self.tname(t)));
                        let got: Vec<String> = fd.params.iter().map(|&t| self.tname(t)).collect();
                        self.err(
                            loc.clone(),
                            format!(
                                "method `{}` implemented by `@{}` of type `({}) -> {}`, but the slot needs `({}) -> {}`",
                                md.name,
                                fd.name,
                                got.join(", "),
                                self.tname(fd.ret),
                                want.join(", "),
                                self.tname(md.ret)
                            ),
                        );
                    }
                }
            }
            // Class attributes.
            for &(a, g) in &cd.attrs {
                let ad = &p.class_attrs[a];
                if !p.is_subclass(c, ad.class) {
                    self.err(
                        loc.clone(),
                        format!(
                            "binds class attribute `{}` of unrelated class `{}`",
                            ad.name, p.classes[ad.class].name
                        ),
                    );
                }
                let gd = &p.globals[g];
                if gd.ty != ad.ty {
                    self.err(
                        loc.clone(),
                        format!(
                            "class attribute `{}` of type `{}` is bound to global `${}` of type `{}`",
                            ad.name,
                            self.tname(ad.ty),
                            gd.name,
                            self.tname(gd.ty)
                        ),
                    );
                }
            }
        }
        // Class attribute slot names unique along chains.
        for (a, ad) in p.class_attrs.iter() {
            if !acyclic.contains(&ad.class) {
                continue;
            }
            for (b, bd) in p.class_attrs.iter() {
                if a < b
                    && ad.name == bd.name
                    && (p.is_subclass(ad.class, bd.class) || p.is_subclass(bd.class, ad.class))
                {
                    self.err(
                        Location::Class(p.classes[bd.class].name.clone()),
                        format!(
                            "class attribute `{}` is declared twice along one chain of bases",
                            bd.name
                        ),
                    );
                }
            }
        }
    }

    fn program_items(&mut self) {
        let p = self.prog;
        if let Some(e) = p.entry {
            let f = &p.funcs[e];
            let ok = f.params.len() == 1
                && p.types.list_item(f.params[0]) == Some(Type::STR)
                && f.ret == Type::INT;
            if !ok {
                self.err(
                    Location::Function(f.name.clone()),
                    "the entry point must have type `(list<str>) -> int`",
                );
            }
        }
        if let Some(s) = p.startup {
            let f = &p.funcs[s];
            if !f.params.is_empty() || f.ret != Type::VOID {
                self.err(
                    Location::Function(f.name.clone()),
                    "the start-up function must have type `() -> void`",
                );
            }
        }
        for (_, g) in p.globals.iter() {
            if g.ty == Type::VOID {
                self.err(
                    Location::Program,
                    format!("global `${}` has type `void`", g.name),
                );
            }
        }
        for (_, d) in p.drivers.iter() {
            if let Some(f) = d.printable {
                let fd = &p.funcs[f];
                let greens: Vec<Type> = d.greens.iter().map(|(_, t)| *t).collect();
                if fd.params != greens || fd.ret != Type::STR {
                    self.err(
                        Location::Driver(d.name.clone()),
                        format!("printable-location function `@{}` must take the greens and return `str`", fd.name),
                    );
                }
            }
        }
    }

    fn function(&mut self, fid: FuncId, func: &Function) {
        let p = self.prog;
        let fname = func.name.clone();
        let Some(entry) = func.entry() else {
            self.err(Location::Function(fname), "the function has no body");
            return;
        };
        // Layout: blocks exist, appear once.
        let mut in_layout: HashSet<Block> = HashSet::new();
        for &b in &func.layout {
            if b.index() >= func.blocks.len() {
                self.err(
                    Location::Function(fname.clone()),
                    format!("layout names {b}, which does not exist"),
                );
                return;
            }
            if !in_layout.insert(b) {
                self.err(
                    Location::Function(fname.clone()),
                    format!("{b} appears twice in the layout"),
                );
                return;
            }
        }
        // Entry parameters.
        let eparams: Vec<Type> = func.blocks[entry]
            .params
            .iter()
            .map(|&v| func.values[v].ty)
            .collect();
        if eparams != func.params {
            let want: Vec<String> = func.params.iter().map(|&t| self.tname(t)).collect();
            let got: Vec<String> = eparams.iter().map(|&t| self.tname(t)).collect();
            self.err(
                Location::Block(fname.clone(), entry),
                format!(
                    "entry block parameters `({})` differ from the function's `({})`",
                    got.join(", "),
                    want.join(", ")
                ),
            );
        }
        // Value definitions agree with their positions.
        let mut value_ok: SecondaryMap<Value, bool> = SecondaryMap::new();
        for &b in &func.layout {
            for (k, &v) in func.blocks[b].params.iter().enumerate() {
                if v.index() < func.values.len()
                    && func.values[v].def == ValueDef::Param(b, k as u32)
                    && !value_ok[v]
                {
                    value_ok[v] = true;
                } else {
                    self.err(
                        Location::Block(fname.clone(), b),
                        format!("parameter {v} is not defined here (or defined twice)"),
                    );
                }
            }
            for &i in &func.blocks[b].insts {
                if let Some(r) = func.insts[i].result {
                    if r.index() < func.values.len()
                        && func.values[r].def == ValueDef::Result(i)
                        && !value_ok[r]
                    {
                        value_ok[r] = true;
                    } else {
                        let text = self.inst_text(func, i);
                        self.err(
                            Location::Inst(fname.clone(), b, text),
                            format!("result {r} is not defined here (or defined twice)"),
                        );
                    }
                }
            }
        }
        let is_startup =
            p.startup == Some(fid) || p.startup.is_some_and(|s| calls_directly(p, s, fid));
        let exc_root = p.types_instance_of(BuiltinClass::Exception.id());
        // Instructions and terminators.
        for &b in &func.layout {
            let bd = &func.blocks[b];
            let n = bd.insts.len();
            for (k, &i) in bd.insts.iter().enumerate() {
                let d = &func.insts[i];
                let text = self.inst_text(func, i);
                let loc = Location::Inst(fname.clone(), b, text);
                if d.args
                    .iter()
                    .any(|&a| a.index() >= func.values.len() || !value_ok[a])
                {
                    self.err(
                        loc.clone(),
                        "an operand is not a value defined in this function",
                    );
                    continue;
                }
                let tys: Vec<Type> = d.args.iter().map(|&a| func.values[a].ty).collect();
                let rty = d.result.map(|r| func.values[r].ty);
                if let Err(m) = crate::typing::check_inst(p, d.op, &d.imm, &tys, rty) {
                    self.err(loc.clone(), m);
                }
                if d.op == Opcode::GlobalSet && !is_startup {
                    if let crate::Imm::Global(g) = d.imm {
                        if g.index() < p.globals.len() && p.globals[g].readonly {
                            self.err(
                                loc.clone(),
                                format!(
                                    "readonly global `${}` may only be written by start-up code",
                                    p.globals[g].name
                                ),
                            );
                        }
                    }
                }
                if let Some(c) = &d.catch {
                    if k + 1 != n {
                        self.err(
                            loc.clone(),
                            "only the last instruction of a block may have a `catch` edge",
                        );
                    }
                    if !d.op.flags().raises {
                        self.err(
                            loc.clone(),
                            format!(
                                "`{}` cannot raise, so it cannot have a `catch` edge",
                                d.op.name()
                            ),
                        );
                    }
                    self.edge(func, &loc, c, &in_layout, &value_ok, true, exc_root);
                    if c.args
                        .iter()
                        .any(|a| matches!(a, BlockArg::Value(v) if Some(*v) == d.result))
                    {
                        self.err(loc.clone(), "the result of a catching instruction is not available on its catch edge");
                    }
                }
            }
            let loc = Location::Block(fname.clone(), b);
            let Some(term) = &bd.term else {
                self.err(loc, "the block has no terminator");
                continue;
            };
            let tloc = Location::Inst(fname.clone(), b, print_terminator(func, term));
            if term
                .operands()
                .iter()
                .any(|&a| a.index() >= func.values.len() || !value_ok[a])
            {
                self.err(
                    tloc.clone(),
                    "an operand is not a value defined in this function",
                );
                continue;
            }
            match term {
                Terminator::Jump(c) => {
                    self.edge(func, &tloc, c, &in_layout, &value_ok, false, exc_root)
                }
                Terminator::Branch(v, a, c) => {
                    if func.values[*v].ty != Type::BOOL {
                        self.err(
                            tloc.clone(),
                            format!(
                                "`branch` needs a `bool`, got `{}`",
                                self.tname(func.values[*v].ty)
                            ),
                        );
                    }
                    self.edge(func, &tloc, a, &in_layout, &value_ok, false, exc_root);
                    self.edge(func, &tloc, c, &in_layout, &value_ok, false, exc_root);
                }
                Terminator::Switch {
                    value,
                    cases,
                    default,
                } => {
                    if func.values[*value].ty != Type::INT {
                        self.err(
                            tloc.clone(),
                            format!(
                                "`switch` needs an `int`, got `{}`",
                                self.tname(func.values[*value].ty)
                            ),
                        );
                    }
                    let mut keys = HashSet::new();
                    for (key, c) in cases {
                        if !keys.insert(*key) {
                            self.err(tloc.clone(), format!("case {key} appears twice"));
                        }
                        self.edge(func, &tloc, c, &in_layout, &value_ok, false, exc_root);
                    }
                    self.edge(func, &tloc, default, &in_layout, &value_ok, false, exc_root);
                }
                Terminator::Return(v) => match (v, func.ret == Type::VOID) {
                    (None, true) => {}
                    (None, false) => self.err(
                        tloc.clone(),
                        format!("`return` needs a value of type `{}`", self.tname(func.ret)),
                    ),
                    (Some(_), true) => self.err(
                        tloc.clone(),
                        "the function returns `void`, so `return` takes no value",
                    ),
                    (Some(v), false) => {
                        let t = func.values[*v].ty;
                        if !p.is_assignable(t, func.ret) {
                            self.err(
                                tloc.clone(),
                                format!(
                                    "returns `{}` but the function returns `{}`",
                                    self.tname(t),
                                    self.tname(func.ret)
                                ),
                            );
                        }
                    }
                },
                Terminator::Raise(v) => {
                    let t = func.values[*v].ty;
                    if !p
                        .types
                        .instance_class(t)
                        .is_some_and(|c| p.is_exception_class(c))
                    {
                        self.err(
                            tloc.clone(),
                            format!(
                                "`raise` needs an exception instance, got `{}`",
                                self.tname(t)
                            ),
                        );
                    }
                }
                Terminator::Unreachable => {}
            }
        }
        if self.errors.iter().any(|e| matches!(&e.location, Location::Inst(f, _, _) | Location::Block(f, _) | Location::Function(f) if *f == fname)) {
            return; // dominance on a malformed function would only add noise
        }
        self.dominance(func, &fname);
    }

    fn inst_text(&self, func: &Function, i: Inst) -> String {
        print_inst(self.prog, func, i)
    }

    #[allow(clippy::too_many_arguments)]
    fn edge(
        &mut self,
        func: &Function,
        loc: &Location,
        c: &BlockCall,
        in_layout: &HashSet<Block>,
        value_ok: &SecondaryMap<Value, bool>,
        is_catch: bool,
        exc_root: Option<Type>,
    ) {
        if !in_layout.contains(&c.block) {
            self.err(
                loc.clone(),
                format!("{} is not a block of this function", c.block),
            );
            return;
        }
        let params = &func.blocks[c.block].params;
        if params.len() != c.args.len() {
            self.err(
                loc.clone(),
                format!(
                    "{} takes {} argument{}, {} given",
                    c.block,
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    c.args.len()
                ),
            );
            return;
        }
        for (k, (a, &pv)) in c.args.iter().zip(params.iter()).enumerate() {
            let want = func.values[pv].ty;
            match a {
                BlockArg::Exc => {
                    if !is_catch {
                        self.err(loc.clone(), "`exc` may only be passed on a `catch` edge");
                    } else if Some(want) != exc_root {
                        self.err(
                            loc.clone(),
                            format!(
                                "`exc` is passed to parameter {} of {} of type `{}`; it must be `Exception`",
                                k + 1,
                                c.block,
                                self.tname(want)
                            ),
                        );
                    }
                }
                BlockArg::Value(v) => {
                    if v.index() >= func.values.len() || !value_ok[*v] {
                        self.err(
                            loc.clone(),
                            format!(
                                "argument {} to {} is not a value defined in this function",
                                k + 1,
                                c.block
                            ),
                        );
                        continue;
                    }
                    let got = func.values[*v].ty;
                    if !self.prog.is_assignable(got, want) {
                        self.err(
                            loc.clone(),
                            format!(
                                "argument {} to {} is `{}` but the parameter is `{}`",
                                k + 1,
                                c.block,
                                self.tname(got),
                                self.tname(want)
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Checks that every use is dominated by its definition.
    fn dominance(&mut self, func: &Function, fname: &str) {
        let entry = func.layout[0];
        // Predecessors and reverse postorder.
        let succs =
            |b: Block| -> Vec<Block> { func.block_successors(b).iter().map(|c| c.block).collect() };
        let mut order: Vec<Block> = Vec::new();
        let mut visited: HashSet<Block> = HashSet::new();
        let mut stack: Vec<(Block, usize)> = vec![(entry, 0)];
        visited.insert(entry);
        while let Some(&mut (b, ref mut i)) = stack.last_mut() {
            let s = succs(b);
            if *i < s.len() {
                let n = s[*i];
                *i += 1;
                if visited.insert(n) {
                    stack.push((n, 0));
                }
            } else {
                order.push(b);
                stack.pop();
            }
        }
        order.reverse();
        let rpo: HashMap<Block, usize> = order.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let mut preds: HashMap<Block, Vec<Block>> = HashMap::new();
        for &b in &order {
            for s in succs(b) {
                preds.entry(s).or_default().push(b);
            }
        }
        // Cooper-Harvey-Kennedy iterative dominators.
        let mut idom: HashMap<Block, Block> = HashMap::new();
        idom.insert(entry, entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &b in order.iter().skip(1) {
                let mut new: Option<Block> = None;
                for &pb in preds.get(&b).map(|v| v.as_slice()).unwrap_or(&[]) {
                    if !idom.contains_key(&pb) {
                        continue;
                    }
                    new = Some(match new {
                        None => pb,
                        Some(mut x) => {
                            let mut y = pb;
                            while x != y {
                                while rpo[&x] > rpo[&y] {
                                    x = idom[&x];
                                }
                                while rpo[&y] > rpo[&x] {
                                    y = idom[&y];
                                }
                            }
                            x
                        }
                    });
                }
                if let Some(n) = new {
                    if idom.get(&b) != Some(&n) {
                        idom.insert(b, n);
                        changed = true;
                    }
                }
            }
        }
        let dominates = |a: Block, mut b: Block| -> bool {
            loop {
                if a == b {
                    return true;
                }
                let up = idom[&b];
                if up == b {
                    return false;
                }
                b = up;
            }
        };
        // Position of each instruction within its block.
        let mut pos: HashMap<Inst, (Block, usize)> = HashMap::new();
        for &b in &func.layout {
            for (k, &i) in func.blocks[b].insts.iter().enumerate() {
                pos.insert(i, (b, k));
            }
        }
        // `avail(v, b, k)`: v is available before position k of block b
        // (k == insts.len() means at the terminator / end of block).
        let avail = |v: Value, b: Block, k: usize| -> bool {
            match func.values[v].def {
                ValueDef::Param(db, _) => dominates(db, b),
                ValueDef::Result(i) => {
                    let (db, dk) = pos[&i];
                    if db == b {
                        dk < k
                    } else {
                        dominates(db, b)
                    }
                }
                ValueDef::Unused => false,
            }
        };
        for &b in &order {
            let bd = &func.blocks[b];
            for (k, &i) in bd.insts.iter().enumerate() {
                let d = &func.insts[i];
                for &a in &d.args {
                    if !avail(a, b, k) {
                        let text = self.inst_text(func, i);
                        self.err(
                            Location::Inst(fname.to_string(), b, text),
                            format!(
                                "{a} is used here but its definition does not dominate this use"
                            ),
                        );
                    }
                }
                if let Some(c) = &d.catch {
                    for a in &c.args {
                        if let BlockArg::Value(v) = a {
                            // Available before the catching instruction itself.
                            if !avail(*v, b, k) {
                                let text = self.inst_text(func, i);
                                self.err(
                                    Location::Inst(fname.to_string(), b, text),
                                    format!("{v} is passed on the catch edge but its definition does not dominate it"),
                                );
                            }
                        }
                    }
                }
            }
            if let Some(t) = &bd.term {
                let n = bd.insts.len();
                let mut uses = t.operands();
                for c in t.successors() {
                    for a in &c.args {
                        if let BlockArg::Value(v) = a {
                            uses.push(*v);
                        }
                    }
                }
                for v in uses {
                    if !avail(v, b, n) {
                        self.err(
                            Location::Inst(fname.to_string(), b, print_terminator(func, t)),
                            format!(
                                "{v} is used here but its definition does not dominate this use"
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Whether function `caller` contains a direct `call` of `callee`.
fn calls_directly(p: &Program, caller: FuncId, callee: FuncId) -> bool {
    let f = &p.funcs[caller];
    f.layout.iter().any(|&b| {
        f.blocks[b]
            .insts
            .iter()
            .any(|&i| f.insts[i].op == Opcode::Call && f.insts[i].imm == crate::Imm::Func(callee))
    })
}

impl Program {
    /// The instance type of class `c`, if it has been interned.
    pub fn types_instance_of(&self, c: ClassId) -> Option<Type> {
        self.types
            .iter()
            .find(|(_, d)| matches!(d, crate::TypeData::Instance(k) if *k == c))
            .map(|(t, _)| t)
    }
}

#[cfg(test)]
mod tests {
    //! Rules that the text parser already rejects, checked on programs made
    //! with the builder API.
    use super::*;
    use crate::builder::FunctionBuilder;

    fn messages(prog: &Program) -> Vec<String> {
        match verify(prog) {
            Ok(()) => vec![],
            Err(e) => e.iter().map(|x| x.to_string()).collect(),
        }
    }

    #[test]
    fn field_shadowing_a_base_field() {
        let mut p = Program::new();
        let a = p.add_class("A", None);
        let b = p.add_class("B", Some(a));
        p.add_field(a, "x", Type::INT);
        p.add_field(b, "x", Type::STR);
        assert_eq!(
            messages(&p),
            vec!["in class `B`: field `x` is already declared by base class `A`"]
        );
    }

    #[test]
    fn duplicate_method_slot_and_cycle() {
        let mut p = Program::new();
        let a = p.add_class("A", None);
        let b = p.add_class("B", Some(a));
        p.add_method(a, "m", vec![], Type::INT, None);
        p.add_method(b, "m", vec![], Type::INT, None);
        let msgs = messages(&p);
        assert!(
            msgs.iter().any(|m| m.contains(
                "method `m` is declared as a new slot but base class `A` already has one"
            )),
            "{msgs:?}"
        );
        let c = p.add_class("C", None);
        let d = p.add_class("D", Some(c));
        p.classes[c].base = Some(d);
        let msgs = messages(&p);
        assert!(
            msgs.iter()
                .any(|m| m == "in class `C`: the class is its own ancestor"),
            "{msgs:?}"
        );
    }

    #[test]
    fn missing_terminator_and_bad_layout() {
        let mut p = Program::new();
        let f = p.declare_function("f", vec![], Type::VOID);
        let mut b = FunctionBuilder::new(&mut p, f);
        let other = b.create_block();
        b.jump(other, &[]);
        b.finish();
        assert_eq!(
            messages(&p),
            vec!["in @f, block1: the block has no terminator"]
        );
        p.funcs[f].layout.push(other);
        assert!(messages(&p)
            .iter()
            .any(|m| m == "in @f: block1 appears twice in the layout"));
    }

    #[test]
    fn builder_programs_verify() {
        let mut p = Program::new();
        let f = p.declare_function("sum", vec![Type::INT], Type::INT);
        let mut b = FunctionBuilder::new(&mut p, f);
        let entry = b.entry_block();
        let n = b.block_params(entry)[0];
        let head = b.create_block();
        let i = b.append_block_param(head, Type::INT);
        let acc = b.append_block_param(head, Type::INT);
        let body = b.create_block();
        let exit = b.create_block();
        let zero = b.iconst(0);
        b.jump(head, &[zero, zero]);
        b.switch_to_block(head);
        let lt = b
            .op(Opcode::IntCmp, crate::Imm::Cond(crate::Cond::Lt), &[i, n])
            .unwrap();
        b.branch(lt, body, &[], exit, &[]);
        b.switch_to_block(body);
        let acc2 = b.op(Opcode::IntAdd, crate::Imm::None, &[acc, i]).unwrap();
        let one = b.iconst(1);
        let i2 = b.op(Opcode::IntAdd, crate::Imm::None, &[i, one]).unwrap();
        b.jump(head, &[i2, acc2]);
        b.switch_to_block(exit);
        b.ret(Some(acc));
        b.finish();
        assert_eq!(messages(&p), Vec::<String>::new());
        let text = crate::print(&p);
        let back = crate::parse(&text).expect("printed text parses");
        assert_eq!(crate::print(&back), text);
    }
}
