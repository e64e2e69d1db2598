//! Where every IR entity lives on the JVM: class names, method names and
//! descriptors, and the JVM type of every IR type.
//!
//! | IR | JVM |
//! |---|---|
//! | `int`, `uint` | `long` |
//! | `float` | `double` |
//! | `bool` | `boolean` |
//! | `str` | `java.lang.String` |
//! | `file` | `kiln.rt.KFile` |
//! | `list<int/uint/bool>` | `kiln.rt.IntList` (a `long[]`) |
//! | `list<float>` | `kiln.rt.FloatList` (a `double[]`) |
//! | other lists | `kiln.rt.ObjList` (an `Object[]`) |
//! | `dict<int/uint, V>` | `kiln.rt.IntDict` (keys unboxed, values boxed) |
//! | other dicts | `java.util.LinkedHashMap` (keys and values boxed) |
//! | `tuple<...>` | one generated class per tuple type (`M/$tuple/T<n>`) |
//! | class `C` | `M/C` (`Exception` derives from `java.lang.RuntimeException`) |
//! | `func(...) -> R` | abstract class `M/$fn/F<n>` with one `call` method |
//!
//! `M` is the module name (the main source file's stem). Module-level
//! functions and method implementations are static methods of the module
//! class `M` (spread over `M$1`, `M$2`... when there are many); globals are
//! its static fields.

use crate::classfile::frames::VType;
use crate::names::{class_path, mangle, method_name, module_name};
use core_ir::{ClassId, FuncId, GlobalId, MethodId, Program, Type, TypeData};
use cranelift_entity::{EntityRef, SecondaryMap};
use std::collections::{BTreeMap, HashSet};

/// `java/lang/String`
pub const STRING: &str = "java/lang/String";
/// `java/lang/Object`
pub const OBJECT: &str = "java/lang/Object";
/// The runtime's list of ints, uints and bools.
pub const INT_LIST: &str = "kiln/rt/IntList";
/// The runtime's list of floats.
pub const FLOAT_LIST: &str = "kiln/rt/FloatList";
/// The runtime's list of references.
pub const OBJ_LIST: &str = "kiln/rt/ObjList";
/// The class of dicts (but those with int keys).
pub const DICT: &str = "java/util/LinkedHashMap";
/// The runtime's dict of int and uint keys.
pub const INT_DICT: &str = "kiln/rt/IntDict";
/// The runtime's open file.
pub const FILE: &str = "kiln/rt/KFile";

/// How many functions one holder class gets.
const FUNCS_PER_HOLDER: usize = 400;

/// How list items of an IR type are stored.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ListKind {
    /// `long` items (int, uint, bool).
    Int,
    /// `double` items.
    Float,
    /// References.
    Obj,
}

impl ListKind {
    /// The runtime class of lists of this kind.
    pub fn class(self) -> &'static str {
        match self {
            ListKind::Int => INT_LIST,
            ListKind::Float => FLOAT_LIST,
            ListKind::Obj => OBJ_LIST,
        }
    }

    /// The descriptor of one stored item.
    pub fn item_desc(self) -> &'static str {
        match self {
            ListKind::Int => "J",
            ListKind::Float => "D",
            ListKind::Obj => "Ljava/lang/Object;",
        }
    }
}

/// The JVM side of a program. See the module documentation.
pub struct Layout<'p> {
    /// The program.
    pub prog: &'p Program,
    /// The module class (also the jar's `Main-Class`).
    pub module: String,
    classes: SecondaryMap<ClassId, String>,
    func_holder: SecondaryMap<FuncId, u32>,
    func_names: SecondaryMap<FuncId, String>,
    globals: SecondaryMap<GlobalId, String>,
    tuples: BTreeMap<Type, String>,
    fns: BTreeMap<Type, String>,
    holders: usize,
    consts: SecondaryMap<GlobalId, Option<(core_ir::Opcode, core_ir::Imm)>>,
}

impl<'p> Layout<'p> {
    /// Names everything in `prog`.
    pub fn new(prog: &'p Program) -> Self {
        let module = module_name(prog.files.first().map(String::as_str));
        let mut classes = SecondaryMap::new();
        for (c, data) in prog.classes.iter() {
            classes[c] = format!("{module}/{}", class_path(&data.name));
        }
        let mut func_holder = SecondaryMap::new();
        let mut func_names = SecondaryMap::new();
        let mut used: Vec<HashSet<String>> = Vec::new();
        for (i, (f, data)) in prog.funcs.iter().enumerate() {
            let h = i / FUNCS_PER_HOLDER;
            if used.len() <= h {
                used.push(
                    ["main", "$run", "<clinit>"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                );
            }
            let base = mangle(&data.name);
            let mut name = base.clone();
            let mut k = 1;
            while !used[h].insert(name.clone()) {
                name = format!("{base}${k}");
                k += 1;
            }
            func_holder[f] = h as u32;
            func_names[f] = name;
        }
        let mut globals = SecondaryMap::new();
        let mut seen = HashSet::new();
        for (g, data) in prog.globals.iter() {
            let base = format!("g${}", mangle(&data.name));
            let mut name = base.clone();
            let mut k = 1;
            while !seen.insert(name.clone()) {
                name = format!("{base}${k}");
                k += 1;
            }
            globals[g] = name;
        }
        let mut tuples = BTreeMap::new();
        let mut fns = BTreeMap::new();
        for (t, data) in prog.types.iter() {
            match data {
                TypeData::Tuple(_) => {
                    tuples.insert(t, format!("{module}/$tuple/T{}", t.index()));
                }
                TypeData::Func(_, _) => {
                    fns.insert(t, format!("{module}/$fn/F{}", t.index()));
                }
                _ => {}
            }
        }
        Layout {
            prog,
            module,
            classes,
            func_holder,
            func_names,
            globals,
            tuples,
            fns,
            holders: used.len().max(1),
            consts: crate::lower::consts::constant_globals(prog),
        }
    }

    /// The JVM class of IR class `c`.
    pub fn class(&self, c: ClassId) -> &str {
        &self.classes[c]
    }

    /// The JVM class of the built-in `Exception`.
    pub fn exception(&self) -> &str {
        &self.classes[core_ir::BuiltinClass::Exception.id()]
    }

    /// The JVM class of a built-in exception class.
    pub fn builtin(&self, b: core_ir::BuiltinClass) -> &str {
        &self.classes[b.id()]
    }

    /// Number of function holder classes.
    pub fn holder_count(&self) -> usize {
        self.holders
    }

    /// The name of holder class `i` (0 is the module class).
    pub fn holder(&self, i: usize) -> String {
        if i == 0 {
            self.module.clone()
        } else {
            format!("{}${i}", self.module)
        }
    }

    /// The class holding function `f`'s static method.
    pub fn func_class(&self, f: FuncId) -> String {
        self.holder(self.func_holder[f] as usize)
    }

    /// Index of the holder of `f`.
    pub fn func_holder_index(&self, f: FuncId) -> usize {
        self.func_holder[f] as usize
    }

    /// The static method name of function `f`.
    pub fn func_name(&self, f: FuncId) -> &str {
        &self.func_names[f]
    }

    /// The descriptor of function `f`'s static method.
    pub fn func_desc(&self, f: FuncId) -> String {
        let d = &self.prog.funcs[f];
        self.sig_desc(&d.params, d.ret)
    }

    /// A method descriptor for parameters `params` and result `ret`.
    pub fn sig_desc(&self, params: &[Type], ret: Type) -> String {
        let mut s = String::from("(");
        for &p in params {
            s.push_str(&self.desc(p));
        }
        s.push(')');
        s.push_str(&self.desc(ret));
        s
    }

    /// The JVM name of virtual method slot `m`.
    pub fn method_name(&self, m: MethodId) -> String {
        method_name(&self.prog.methods[m].name)
    }

    /// The descriptor of virtual method slot `m` (receiver not included).
    pub fn method_desc(&self, m: MethodId) -> String {
        let d = &self.prog.methods[m];
        self.sig_desc(&d.params, d.ret)
    }

    /// The name of the virtual accessor of class attribute `a`.
    pub fn class_attr_name(&self, a: core_ir::ClassAttrId) -> String {
        format!("ca${}", mangle(&self.prog.class_attrs[a].name))
    }

    /// The static field of global `g` (in the module class).
    pub fn global_name(&self, g: GlobalId) -> &str {
        &self.globals[g]
    }

    /// The constant a module global always holds when read, if any (see
    /// [`crate::lower::consts`]): the constant's opcode and immediate.
    pub fn global_constant(&self, g: GlobalId) -> Option<&(core_ir::Opcode, core_ir::Imm)> {
        self.consts[g].as_ref()
    }

    /// The class of tuple type `t`.
    pub fn tuple_class(&self, t: Type) -> &str {
        &self.tuples[&t]
    }

    /// All tuple types with their classes.
    pub fn tuples(&self) -> impl Iterator<Item = (Type, &str)> {
        self.tuples.iter().map(|(t, n)| (*t, n.as_str()))
    }

    /// The abstract class of function type `t`.
    pub fn fn_class(&self, t: Type) -> &str {
        &self.fns[&t]
    }

    /// All function types with their classes.
    pub fn fn_types(&self) -> impl Iterator<Item = (Type, &str)> {
        self.fns.iter().map(|(t, n)| (*t, n.as_str()))
    }

    /// How a list with items of type `item` stores them.
    pub fn list_kind(&self, item: Type) -> ListKind {
        match self.prog.types.get(item) {
            TypeData::Int | TypeData::UInt | TypeData::Bool => ListKind::Int,
            TypeData::Float => ListKind::Float,
            _ => ListKind::Obj,
        }
    }

    /// The internal class name of reference type `t`.
    pub fn ref_class(&self, t: Type) -> String {
        match self.prog.types.get(t) {
            TypeData::Str => STRING.into(),
            TypeData::File => FILE.into(),
            TypeData::List(i) => self.list_kind(*i).class().into(),
            TypeData::Dict(k, _) if self.int_keyed(*k) => INT_DICT.into(),
            TypeData::Dict(_, _) => DICT.into(),
            TypeData::Tuple(_) => self.tuples[&t].clone(),
            TypeData::Instance(c) => self.classes[*c].clone(),
            TypeData::Func(_, _) => self.fns[&t].clone(),
            TypeData::Void | TypeData::Bool | TypeData::Int | TypeData::UInt | TypeData::Float => {
                OBJECT.into()
            }
        }
    }

    /// The field descriptor of type `t` (`V` for void).
    pub fn desc(&self, t: Type) -> String {
        match self.prog.types.get(t) {
            TypeData::Void => "V".into(),
            TypeData::Bool => "Z".into(),
            TypeData::Int | TypeData::UInt => "J".into(),
            TypeData::Float => "D".into(),
            _ => format!("L{};", self.ref_class(t)),
        }
    }

    /// The verification type of a value of type `t`.
    pub fn vtype(&self, t: Type) -> VType {
        match self.prog.types.get(t) {
            TypeData::Void | TypeData::Bool => VType::Int,
            TypeData::Int | TypeData::UInt => VType::Long,
            TypeData::Float => VType::Double,
            _ => VType::Object(self.ref_class(t)),
        }
    }

    /// The verification type of a method result (`None` for void).
    pub fn ret_vtype(&self, t: Type) -> Option<VType> {
        if t == Type::VOID {
            None
        } else {
            Some(self.vtype(t))
        }
    }

    /// Whether dicts with keys of type `k` are `IntDict`s (int and uint keys).
    pub fn int_keyed(&self, k: Type) -> bool {
        matches!(self.prog.types.get(k), TypeData::Int | TypeData::UInt)
    }

    /// Whether `t` is `bool`.
    pub fn is_bool(&self, t: Type) -> bool {
        matches!(self.prog.types.get(t), TypeData::Bool)
    }
}
