//! The class table: the built-in exception classes and the program's classes,
//! with the instance attributes ("fields") the annotator discovers.
//!
//! An attribute belongs to the most general class it is read or written
//! through: when `x.a` is used on a `Base` while `a` lives on `Sub`, the
//! attribute moves up to `Base` (merging what was known about it).

use super::lattice::{Ann, ClassKey};
use crate::flow::{ClassId, FlowProgram, FuncId, FuncKind, ModuleId};
use crate::source::Span;
use core_ir::BuiltinClass;
use std::collections::{BTreeSet, HashMap};

/// One class.
#[derive(Clone, Debug)]
pub struct ClassInfo {
    /// Name as written.
    pub name: String,
    /// Base class (None for `Exception` and for classes deriving from `object`).
    pub base: Option<ClassKey>,
    /// The program's definition (None for built-in classes).
    pub def: Option<ClassId>,
    /// Defining module (None for built-ins).
    pub module: Option<ModuleId>,
    /// Methods defined in this class body (including static methods).
    pub methods: HashMap<String, FuncId>,
    /// Class attributes assigned in this class body.
    pub class_attrs: BTreeSet<String>,
    /// Direct subclasses.
    pub subclasses: Vec<ClassKey>,
    /// Span of the class name (the file's start for built-ins).
    pub span: Option<Span>,
}

/// An instance attribute (a field) of a class family.
#[derive(Clone, Debug)]
pub struct AttrInfo {
    /// The class it lives on.
    pub owner: ClassKey,
    /// Its name.
    pub name: String,
    /// The union of everything stored into it.
    pub ann: Ann,
    /// Where the first value of each kind was stored (for messages).
    pub origin: Option<Span>,
    /// Whether anything ever stores into it.
    pub written: bool,
    /// Where `None` first entered it (for messages about None-ability).
    pub none_from: Option<Span>,
    /// Merged into another record.
    pub forward: Option<usize>,
}

/// All classes of the program.
#[derive(Clone, Debug, Default)]
pub struct ClassTable {
    /// Classes; the built-in ones first.
    pub classes: Vec<ClassInfo>,
    /// The key of each program class.
    pub by_def: HashMap<ClassId, ClassKey>,
    /// Attribute records (see [`AttrInfo::forward`]).
    pub attrs: Vec<AttrInfo>,
    /// Live attribute records by (owner, name).
    attr_index: HashMap<(ClassKey, String), usize>,
}

impl ClassTable {
    /// The table for a program: built-in classes, then the program's.
    pub fn new(flow: &FlowProgram) -> ClassTable {
        let mut t = ClassTable::default();
        for b in BuiltinClass::ALL {
            t.classes.push(ClassInfo {
                name: b.name().to_string(),
                base: b.base().map(|x| ClassKey(x as u32)),
                def: None,
                module: None,
                methods: HashMap::new(),
                class_attrs: BTreeSet::new(),
                subclasses: vec![],
                span: None,
            });
        }
        for (cid, cd) in flow.classes.iter() {
            let key = ClassKey(t.classes.len() as u32);
            t.by_def.insert(cid, key);
            let mut methods = HashMap::new();
            for &f in &cd.methods {
                methods.insert(flow.funcs[f].name.clone(), f);
            }
            t.classes.push(ClassInfo {
                name: cd.name.clone(),
                base: None,
                def: Some(cid),
                module: Some(cd.module),
                methods,
                class_attrs: cd.attrs.iter().map(|(n, _)| n.clone()).collect(),
                subclasses: vec![],
                span: Some(cd.span),
            });
        }
        t
    }

    /// Sets the base of a program class (after names are resolved).
    pub fn set_base(&mut self, c: ClassKey, base: ClassKey) {
        self.classes[c.0 as usize].base = Some(base);
    }

    /// Fills in the subclass lists (after all bases are set).
    pub fn link_subclasses(&mut self) {
        for i in 0..self.classes.len() {
            if let Some(b) = self.classes[i].base {
                self.classes[b.0 as usize]
                    .subclasses
                    .push(ClassKey(i as u32));
            }
        }
    }

    /// The class info.
    pub fn get(&self, c: ClassKey) -> &ClassInfo {
        &self.classes[c.0 as usize]
    }

    /// The key of a built-in class.
    pub fn builtin(b: BuiltinClass) -> ClassKey {
        ClassKey(b as u32)
    }

    /// The built-in class, if `c` is one.
    pub fn as_builtin(c: ClassKey) -> Option<BuiltinClass> {
        BuiltinClass::ALL.get(c.0 as usize).copied()
    }

    /// `c`, its base, its base's base...
    pub fn ancestors(&self, c: ClassKey) -> Vec<ClassKey> {
        let mut out = vec![c];
        let mut cur = self.get(c).base;
        while let Some(b) = cur {
            if out.contains(&b) {
                break;
            }
            out.push(b);
            cur = self.get(b).base;
        }
        out
    }

    /// Whether `c` is `base` or derives from it.
    pub fn is_subclass(&self, c: ClassKey, base: ClassKey) -> bool {
        self.ancestors(c).contains(&base)
    }

    /// `c` and all classes deriving from it.
    pub fn subtree(&self, c: ClassKey) -> Vec<ClassKey> {
        let mut out = vec![c];
        let mut i = 0;
        while i < out.len() {
            let k = out[i];
            for &s in &self.get(k).subclasses {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            i += 1;
        }
        out
    }

    /// The most derived class that both derive from.
    pub fn common_base(&self, a: ClassKey, b: ClassKey) -> Option<ClassKey> {
        let anc = self.ancestors(b);
        self.ancestors(a).into_iter().find(|x| anc.contains(x))
    }

    /// Whether `c` derives from `Exception`.
    pub fn is_exception(&self, c: ClassKey) -> bool {
        self.is_subclass(c, Self::builtin(BuiltinClass::Exception))
    }

    /// The method `name` as seen from class `c`: the nearest definition up the chain.
    pub fn lookup_method(
        &self,
        flow: &FlowProgram,
        c: ClassKey,
        name: &str,
    ) -> Option<(ClassKey, FuncId)> {
        for k in self.ancestors(c) {
            if let Some(&f) = self.get(k).methods.get(name) {
                let _ = flow;
                return Some((k, f));
            }
        }
        None
    }

    /// Whether `f` is a static method.
    pub fn is_static(flow: &FlowProgram, f: FuncId) -> bool {
        matches!(flow.funcs[f].kind, FuncKind::StaticMethod(_))
    }

    /// Whether a method named `name` is defined in `c`'s chain or anywhere below it.
    pub fn has_method_in_family(&self, c: ClassKey, name: &str) -> bool {
        self.ancestors(c)
            .iter()
            .chain(self.subtree(c).iter())
            .any(|&k| self.get(k).methods.contains_key(name))
    }

    /// The class (in `c`'s chain or below) whose body assigns class attribute `name`.
    pub fn has_class_attr_in_family(&self, c: ClassKey, name: &str) -> bool {
        self.ancestors(c)
            .iter()
            .chain(self.subtree(c).iter())
            .any(|&k| self.get(k).class_attrs.contains(name))
    }

    fn live(&self, mut i: usize) -> usize {
        while let Some(f) = self.attrs[i].forward {
            i = f;
        }
        i
    }

    /// The attribute record for `name` on instances of `c`, if one exists on
    /// `c`'s chain of bases.
    pub fn find_attr(&self, c: ClassKey, name: &str) -> Option<usize> {
        for k in self.ancestors(c) {
            if let Some(&i) = self.attr_index.get(&(k, name.to_string())) {
                return Some(self.live(i));
            }
        }
        None
    }

    /// The attribute record for `name` accessed through `c`, creating it on
    /// `c` (and moving records of subclasses up to it) when needed. Returns
    /// the record and the records merged into it (whose readers must be
    /// notified).
    pub fn attr_for(&mut self, c: ClassKey, name: &str) -> (usize, Vec<usize>) {
        if let Some(i) = self.find_attr(c, name) {
            return (i, vec![]);
        }
        let below: Vec<usize> = self
            .subtree(c)
            .into_iter()
            .filter_map(|k| self.attr_index.get(&(k, name.to_string())).copied())
            .collect();
        let new = self.attrs.len();
        self.attrs.push(AttrInfo {
            owner: c,
            name: name.to_string(),
            ann: Ann::Bottom,
            origin: None,
            written: false,
            none_from: None,
            forward: None,
        });
        self.attr_index.insert((c, name.to_string()), new);
        for &i in &below {
            let owner = self.attrs[i].owner;
            self.attr_index.remove(&(owner, name.to_string()));
            self.attrs[i].forward = Some(new);
            if self.attrs[i].written {
                self.attrs[new].written = true;
            }
            if self.attrs[new].origin.is_none() {
                self.attrs[new].origin = self.attrs[i].origin;
            }
        }
        (new, below)
    }

    /// The live attribute records owned by `c`, in creation order.
    pub fn fields_of(&self, c: ClassKey) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .attr_index
            .iter()
            .filter(|((k, _), _)| *k == c)
            .map(|(_, &i)| i)
            .collect();
        v.sort();
        v
    }
}
