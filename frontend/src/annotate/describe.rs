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
                opt(
                    format!(
                        "dict[{}, {}]",
                        self.item_name(&k, depth),
                        self.item_name(&v, depth)
                    ),
                    *nullable,
                )
            }
            Ann::Tuple(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| self.ann_name_depth(i, depth + 1))
                    .collect();
                format!("tuple[{}]", parts.join(", "))
            }
            Ann::Instance { class, nullable } => {
                opt(self.classes.get(*class).name.clone(), *nullable)
            }
            Ann::Funcs(fs) => {
                let names: Vec<String> = fs
                    .iter()
                    .map(|f| self.flow.funcs[*f].name.clone())
                    .collect();
                if names.len() == 1 {
                    format!("function {}", names[0])
                } else {
                    format!("function ({})", names.join(" | "))
                }
            }
            Ann::Methods { class, names } => {
                let names: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
                format!(
                    "bound method {}.{}",
                    self.classes.get(*class).name,
                    names.join("|")
                )
            }
            Ann::Classes(cs) => {
                let names: Vec<String> = cs
                    .iter()
                    .map(|c| self.classes.get(*c).name.clone())
                    .collect();
                format!("class {}", names.join(" | "))
            }
            Ann::Module(ModRef::User(m)) => format!("module {}", self.flow.modules[*m].name),
            Ann::Module(ModRef::Known(k)) => format!("module {}", k.name()),
            Ann::Builtin(b) => format!("built-in {}", builtin_name(*b)),
            Ann::BuiltinBound(r, n) => format!(
                "built-in method {}.{}",
                self.ann_name_depth(r, depth + 1),
                n
            ),
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
        Builtin::DecoratorElidable => "elidable".into(),
        Builtin::DecoratorDontLookInside => "dont_look_inside".into(),
        Builtin::DecoratorUnrollSafe => "unroll_safe".into(),
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

impl Annotator<'_> {
    /// The flow graph of every annotated copy of functions named `name` (or
    /// of all functions when `name` is None), each variable shown with its
    /// annotation: the text behind `kiln ir --flow`.
    pub fn dump_annotated(&self, name: Option<&str>) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (fk, st) in self.funcs.iter().enumerate() {
            let fd = &self.flow.funcs[st.key.func];
            let qual = match fd.kind {
                crate::flow::FuncKind::Method(c) | crate::flow::FuncKind::StaticMethod(c) => {
                    format!("{}.{}", self.flow.classes[c].name, fd.name)
                }
                _ => format!("{}.{}", self.flow.modules[fd.module].name, fd.name),
            };
            if let Some(n) = name {
                if n != fd.name && n != qual {
                    continue;
                }
            }
            let _ = writeln!(
                out,
                "# {qual} {:?} -> {}",
                st.key.spec,
                self.ann_name(&st.ret)
            );
            let text = crate::flow::dump_graph(&fd.graph);
            for line in text.lines() {
                out.push_str(line);
                // Annotate every `vN` defined on this line.
                let mut anns = Vec::new();
                for word in line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
                    let w = word.split(':').next().unwrap_or("");
                    if let Some(n) = w.strip_prefix('v').and_then(|x| x.parse::<usize>().ok()) {
                        if n < st.vars.len()
                            && (line.trim_start().starts_with(word)
                                || line.trim_start().starts_with('b'))
                        {
                            anns.push(format!("v{n}: {}", self.ann_name(&st.vars[n])));
                        }
                    }
                }
                if !anns.is_empty() {
                    let _ = write!(out, "    ; {}", anns.join(", "));
                }
                out.push('\n');
            }
            let _ = fk;
        }
        out
    }
}
