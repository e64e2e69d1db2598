//! Names of annotations in messages, written as Python types
//! (`int`, `list[str]`, `Shape | None`, `function add`).

use super::lattice::{Ann, Builtin, ModRef};
use super::Annotator;

impl Annotator<'_> {
    /// The Python-style name of an annotation.
    pub fn ann_name(&self, a: &Ann) -> String {
        self.ann_name_depth(a, 0)
    }

    fn ann_name_depth(&self, a: &Ann, depth: u32) -> String {
        if depth > 6 {
            return "...".into();
        }
        let opt = |s: String, n: bool| if n { format!("{s} | None") } else { s };
        match a {
            Ann::Bottom => "nothing".into(),
            Ann::Bool => "bool".into(),
            Ann::Int => "int".into(),
            Ann::UInt => "r_uint".into(),
            Ann::Float => "float".into(),
            Ann::Str { nullable } => opt("str".into(), *nullable),
            Ann::NoneOnly => "None".into(),
            Ann::List { def, nullable } => {
                let item = self.list_item_final(*def);
                opt(format!("list[{}]", self.item_name(&item, depth)), *nullable)
            }
            Ann::Dict { def, nullable } => {
                let (k, v) = self.dict_kv_final(*def);
                opt(format!("dict[{}, {}]", self.item_name(&k, depth), self.item_name(&v, depth)), *nullable)
            }
            Ann::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(|i| self.ann_name_depth(i, depth + 1)).collect();
                format!("tuple[{}]", parts.join(", "))
            }
            Ann::Instance { class, nullable } => opt(self.classes.get(*class).name.clone(), *nullable),
            Ann::Funcs(fs) => {
                let names: Vec<String> = fs.iter().map(|f| self.flow.funcs[*f].name.clone()).collect();
                if names.len() == 1 {
                    format!("function {}", names[0])
                } else {
                    format!("function ({})", names.join(" | "))
                }
            }
            Ann::Methods { class, names } => {
                let names: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
                format!("bound method {}.{}", self.classes.get(*class).name, names.join("|"))
            }
            Ann::Classes(cs) => {
                let names: Vec<String> = cs.iter().map(|c| self.classes.get(*c).name.clone()).collect();
                format!("class {}", names.join(" | "))
            }
            Ann::Module(ModRef::User(m)) => format!("module {}", self.flow.modules[*m].name),
            Ann::Module(ModRef::Known(k)) => format!("module {}", k.name()),
            Ann::Builtin(b) => format!("built-in {}", builtin_name(*b)),
            Ann::BuiltinBound(r, n) => format!("built-in method {}.{}", self.ann_name_depth(r, depth + 1), n),
            Ann::Driver(_) => "JitDriver".into(),
            Ann::File { nullable } => opt("file".into(), *nullable),
            Ann::Stream(s) => format!("{s:?}").to_lowercase(),
            Ann::Range => "range".into(),
            Ann::Super(c) => format!("super() of {}", self.classes.get(*c).name),
        }
    }

    fn item_name(&self, a: &Ann, depth: u32) -> String {
        if *a == Ann::Bottom {
            "?".into()
        } else {
            self.ann_name_depth(a, depth + 1)
        }
    }
}

/// The Python name of a built-in.
pub fn builtin_name(b: Builtin) -> String {
    let s = format!("{b:?}");
    match b {
        Builtin::Math(f) => format!("math.{}", format!("{f:?}").to_lowercase()),
        Builtin::TimeTime => "time.time".into(),
        Builtin::TimePerfCounter => "time.perf_counter".into(),
        Builtin::JitDriver => "JitDriver".into(),
        Builtin::RUint => "r_uint".into(),
        _ => {
            // CamelCase to snake_case.
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                if ch.is_uppercase() && i > 0 {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        }
    }
}
