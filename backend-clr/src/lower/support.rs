//! Names of the CLR types of IR types, and the runtime-language source of
//! everything the program needs at run time: the fixed runtime
//! (`src/runtime/*.krt`) plus one list class per list type, one dict class
//! per dict type, one class per tuple type and key-operation classes for
//! the dict keys and hashed values.

use super::Ctx;
use crate::meta::model::Ty;
use crate::runtime::{self, unicode_data};
use core_ir::{Type, TypeData};

/// Makes a name usable as an identifier of the runtime language.
pub fn mangle(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("${:x}$", c as u32));
        }
    }
    out
}

/// A member name the metadata accepts: IR names are used as they are,
/// except that an empty name or a NUL character (which metadata strings
/// cannot hold) is replaced.
pub fn metadata_name(name: &str) -> String {
    if name.is_empty() {
        return "_".into();
    }
    name.replace('\0', "$0$")
}

/// The key of a type inside a composite name (`long`, `Str`, or `t12`).
fn key(cx: &Ctx, t: Type) -> String {
    match cx.prog.types.get(t) {
        TypeData::Bool => "bool".into(),
        TypeData::Int => "long".into(),
        TypeData::UInt => "ulong".into(),
        TypeData::Float => "double".into(),
        TypeData::Str => "Str".into(),
        TypeData::File => "File".into(),
        TypeData::Void => "void".into(),
        _ => format!("t{}", cranelift_entity::EntityRef::index(t)),
    }
}

/// Names every IR type of the program.
pub fn name_types(cx: &mut Ctx) {
    let prog = cx.prog;
    for (t, data) in prog.types.iter() {
        let name = match data {
            TypeData::List(i) => format!("List_{}", key(cx, *i)),
            TypeData::Dict(k, v) => format!("Dict_{}_{}", key(cx, *k), key(cx, *v)),
            TypeData::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(|&i| key(cx, i)).collect();
                format!("Tuple{}_{}", items.len(), parts.join("_"))
            }
            TypeData::Instance(c) => format!("P_{}", mangle(&prog.classes[*c].name)),
            TypeData::Func(params, ret) => {
                let parts: Vec<String> = params.iter().map(|&i| key(cx, i)).collect();
                format!("Fn_{}__{}", parts.join("_"), key(cx, *ret))
            }
            _ => key(cx, t),
        };
        cx.names.insert(t, name);
    }
}

/// The key-operation class of a hashable type (`Key_long`, `Key_t12`).
pub fn key_class(cx: &Ctx, t: Type) -> String {
    format!("Key_{}", key(cx, t))
}

fn list_source(elem: &str, name: &str) -> String {
    runtime::LIST.replace("$L", name).replace("$T", elem)
}

/// The runtime-language source files of the program: `(name, text)`.
pub fn sources(cx: &Ctx) -> Result<Vec<(String, String)>, String> {
    let prog = cx.prog;
    let mut out: Vec<(String, String)> = runtime::FIXED
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut has_str_list = false;
    for (t, data) in prog.types.iter() {
        match data {
            TypeData::List(i) => {
                has_str_list |= *i == Type::STR;
                out.push((
                    format!("{}.krt", cx.names[&t]),
                    list_source(&cx.names[i], &cx.names[&t]),
                ));
            }
            TypeData::Dict(k, v) => out.push(dict_source(cx, t, *k, *v)),
            TypeData::Tuple(items) => out.push(tuple_source(cx, t, items)),
            TypeData::Instance(_) if prog.types.is_hashable(t) => out.push(instance_keys(cx, t)),
            _ => {}
        }
    }
    if !has_str_list {
        out.push(("List_Str.krt".into(), list_source("Str", "List_Str")));
    }
    Ok(out)
}

fn dict_source(cx: &Ctx, t: Type, k: Type, v: Type) -> (String, String) {
    let prog = cx.prog;
    let d = &cx.names[&t];
    let fill = |s: &str| {
        s.replace("$D", d)
            .replace("$KO", &key_class(cx, k))
            .replace("$K", &cx.names[&k])
            .replace("$V", &cx.names[&v])
    };
    let mut text = fill(runtime::DICT);
    // Keys/values/items only when their list types exist in the program.
    let find = |data: TypeData| prog.types.iter().find(|(_, d)| **d == data).map(|(t, _)| t);
    let mut section = |marker: &str, extra: &[(&str, String)]| {
        let body = runtime::DICT_VIEWS
            .split("//#")
            .find(|s| s.starts_with(marker))
            .unwrap_or("");
        let mut s = fill(&body[marker.len()..]);
        for (from, to) in extra {
            s = s.replace(from, to);
        }
        text.push_str(&s);
    };
    if let Some(lk) = find(TypeData::List(k)) {
        section("keys", &[("$LK", cx.names[&lk].clone())]);
    }
    if let Some(lv) = find(TypeData::List(v)) {
        section("values", &[("$LV", cx.names[&lv].clone())]);
    }
    if let Some(ti) = find(TypeData::Tuple(vec![k, v])) {
        if let Some(li) = find(TypeData::List(ti)) {
            section(
                "items",
                &[
                    ("$LI", cx.names[&li].clone()),
                    ("$TI", cx.names[&ti].clone()),
                ],
            );
        }
    }
    (format!("{d}.krt"), text)
}

/// A tuple class with fields `f0..`, and its key operations when hashable.
fn tuple_source(cx: &Ctx, t: Type, items: &[Type]) -> (String, String) {
    let name = &cx.names[&t];
    let mut s = format!("class {name} {{\n");
    for (i, &it) in items.iter().enumerate() {
        s.push_str(&format!("    {} f{i};\n", cx.names[&it]));
    }
    s.push_str("}\n");
    if cx.prog.types.is_hashable(t) {
        let kc = key_class(cx, t);
        s.push_str(&format!("class {kc} {{\n"));
        // Hash
        s.push_str(&format!("    static int Hash({name} t) {{\n        if (t == null) return 0;\n        int h = 17;\n"));
        for (i, &it) in items.iter().enumerate() {
            s.push_str(&format!(
                "        h = h * 31 + {}.Hash(t.f{i});\n",
                key_class(cx, it)
            ));
        }
        s.push_str("        return h;\n    }\n");
        // Eq
        s.push_str(&format!(
            "    static bool Eq({name} a, {name} b) {{\n        if (a == b) return true;\n        if (a == null || b == null) return false;\n"
        ));
        for (i, &it) in items.iter().enumerate() {
            s.push_str(&format!(
                "        if (!{}.Eq(a.f{i}, b.f{i})) return false;\n",
                key_class(cx, it)
            ));
        }
        s.push_str("        return true;\n    }\n");
        // Repr
        s.push_str(&format!(
            "    static string Repr({name} t) {{\n        if (t == null) return \"None\";\n        StringBuilder sb = new StringBuilder();\n        sb.Append('(');\n"
        ));
        for (i, &it) in items.iter().enumerate() {
            if i > 0 {
                s.push_str("        sb.Append(\", \");\n");
            }
            s.push_str(&format!(
                "        sb.Append({}.Repr(t.f{i}));\n",
                key_class(cx, it)
            ));
        }
        if items.len() == 1 {
            s.push_str("        sb.Append(',');\n");
        }
        s.push_str("        sb.Append(')');\n        return sb.ToString();\n    }\n");
        // PyHash
        s.push_str(&format!(
            "    static long PyHash({name} t) {{\n        if (t == null) return 0x2d3c5a1e;\n        ulong acc = Num.TupleStart();\n"
        ));
        for (i, &it) in items.iter().enumerate() {
            s.push_str(&format!(
                "        acc = Num.TupleStep(acc, {}.PyHash(t.f{i}));\n",
                key_class(cx, it)
            ));
        }
        s.push_str(&format!(
            "        return Num.TupleFinish(acc, {});\n    }}\n}}\n",
            items.len()
        ));
    }
    (format!("{name}.krt"), s)
}

/// Key operations of an instance type: through the virtual `k$hash`,
/// `k$eq` and `k$repr` every class has (user `__hash__`/`__eq__`/`__repr__`
/// when defined, identity otherwise).
fn instance_keys(cx: &Ctx, t: Type) -> (String, String) {
    let name = &cx.names[&t];
    let kc = key_class(cx, t);
    let s = format!(
        "class {kc} {{
    static int Hash({name} k) {{
        if (k == null) return 0;
        long h = k.k$hash();
        return (int)(h ^ (h >> 32));
    }}
    static bool Eq({name} a, {name} b) {{
        if (a == b) return true;
        if (a == null || b == null) return false;
        return a.k$eq(b);
    }}
    static string Repr({name} k) {{
        if (k == null) return \"None\";
        return k.k$repr();
    }}
    static long PyHash({name} k) {{
        if (k == null) return 0x2d3c5a1e;
        return k.k$hash();
    }}
}}
"
    );
    (format!("{kc}.krt"), s)
}

/// Registers the Unicode tables as static data.
pub fn add_blobs(cx: &mut Ctx) {
    let tables: [(&str, &[i32]); 7] = [
        ("RUN_STARTS", &unicode_data::RUN_STARTS),
        ("RUN_CLASSES", &unicode_data::RUN_CLASSES),
        ("LOWER_KEYS", &unicode_data::LOWER_KEYS),
        ("LOWER_VALS", &unicode_data::LOWER_VALS),
        ("UPPER_KEYS", &unicode_data::UPPER_KEYS),
        ("UPPER_VALS", &unicode_data::UPPER_VALS),
        ("MULTI", &unicode_data::MULTI),
    ];
    for (name, data) in tables {
        let bytes: Vec<u8> = data.iter().flat_map(|v| v.to_le_bytes()).collect();
        cx.world.add_blob(&mut cx.asm, name, Ty::I4, 4, &bytes);
    }
}
