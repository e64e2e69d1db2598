//! Printing programs in the canonical `.kir` layout.

use crate::entities::{Block, Inst, Type, Value};
use crate::function::{BlockArg, BlockCall, Function, Imm, Terminator};
use crate::opcode::Opcode;
use crate::program::Program;
use std::fmt::Write;

/// The canonical text of a whole program (built-in items are not printed).
pub fn print(prog: &Program) -> String {
    let mut items: Vec<String> = Vec::new();
    for (c, cd) in prog.classes.iter() {
        if cd.builtin {
            continue;
        }
        let mut s = format!("class {}", cd.name);
        if let Some(b) = cd.base {
            let _ = write!(s, ": {}", prog.classes[b].name);
        }
        s.push_str(" {\n");
        for &f in &cd.fields {
            let fd = &prog.fields[f];
            let _ = writeln!(s, "    field {}: {}", fd.name, prog.type_name(fd.ty));
        }
        for &(m, f) in &cd.methods {
            let md = &prog.methods[m];
            if md.class == c {
                let params: Vec<String> = md.params.iter().map(|&t| prog.type_name(t)).collect();
                let _ = write!(
                    s,
                    "    method {}({}) -> {}",
                    md.name,
                    params.join(", "),
                    prog.type_name(md.ret)
                );
                if let Some(f) = f {
                    let _ = write!(s, " = @{}", prog.funcs[f].name);
                }
                s.push('\n');
            } else if let Some(f) = f {
                let _ = writeln!(s, "    method {} = @{}", md.name, prog.funcs[f].name);
            }
        }
        for (a, ad) in prog.class_attrs.iter() {
            if ad.class == c {
                let _ = write!(s, "    classattr {}: {}", ad.name, prog.type_name(ad.ty));
                if let Some(&(_, g)) = cd.attrs.iter().find(|&&(aa, _)| aa == a) {
                    let _ = write!(s, " = ${}", prog.globals[g].name);
                }
                s.push('\n');
            }
        }
        for &(a, g) in &cd.attrs {
            let ad = &prog.class_attrs[a];
            if ad.class != c {
                let _ = writeln!(s, "    classattr {} = ${}", ad.name, prog.globals[g].name);
            }
        }
        s.push('}');
        items.push(s);
    }
    for (_, g) in prog.globals.iter() {
        let mut s = format!("global ${}: {}", g.name, prog.type_name(g.ty));
        if g.readonly {
            s.push_str(" readonly");
        }
        items.push(s);
    }
    for (_, d) in prog.drivers.iter() {
        let vars = |vs: &[(String, Type)]| -> String {
            vs.iter()
                .map(|(n, t)| format!("{}: {}", n, prog.type_name(*t)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = format!(
            "jitdriver {} greens({}) reds({})",
            d.name,
            vars(&d.greens),
            vars(&d.reds)
        );
        if let Some(f) = d.printable {
            let _ = write!(s, " printable @{}", prog.funcs[f].name);
        }
        items.push(s);
    }
    for (_, f) in prog.funcs.iter() {
        if f.flags.builtin {
            continue;
        }
        items.push(print_function(prog, f).trim_end().to_string());
    }
    if let Some(f) = prog.startup {
        items.push(format!("startup @{}", prog.funcs[f].name));
    }
    if let Some(f) = prog.entry {
        items.push(format!("entry @{}", prog.funcs[f].name));
    }
    let mut out = items.join("\n\n");
    out.push('\n');
    out
}

/// The text of one type.
pub fn print_type(prog: &Program, t: Type) -> String {
    prog.type_name(t)
}

/// The text of one function (header, blocks, closing brace).
pub fn print_function(prog: &Program, f: &Function) -> String {
    let mut s = String::new();
    let params: Vec<String> = f.params.iter().map(|&t| prog.type_name(t)).collect();
    let _ = write!(s, "func @{}({})", f.name, params.join(", "));
    if f.ret != Type::VOID {
        let _ = write!(s, " -> {}", prog.type_name(f.ret));
    }
    if f.flags.elidable {
        s.push_str(" elidable");
    }
    if f.flags.dont_look_inside {
        s.push_str(" dont_look_inside");
    }
    if f.flags.unroll_safe {
        s.push_str(" unroll_safe");
    }
    if !f.has_body() {
        s.push_str(";\n");
        return s;
    }
    s.push_str(" {\n");
    for (i, &b) in f.layout.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        print_block(prog, f, b, &mut s);
    }
    s.push_str("}\n");
    s
}

fn print_block(prog: &Program, f: &Function, b: Block, s: &mut String) {
    let bd = &f.blocks[b];
    let _ = write!(s, "{b}");
    if !bd.params.is_empty() {
        let ps: Vec<String> = bd
            .params
            .iter()
            .map(|&v| format!("{}: {}", v, prog.type_name(f.values[v].ty)))
            .collect();
        let _ = write!(s, "({})", ps.join(", "));
    }
    s.push_str(":\n");
    for &inst in &bd.insts {
        let _ = writeln!(s, "    {}", print_inst(prog, f, inst));
    }
    match &bd.term {
        Some(t) => {
            let _ = writeln!(s, "    {}", print_terminator(f, t));
        }
        None => s.push_str("    ; missing terminator\n"),
    }
}

fn values(vs: &[Value]) -> String {
    vs.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn block_call(c: &BlockCall) -> String {
    if c.args.is_empty() {
        return c.block.to_string();
    }
    let args: Vec<String> = c
        .args
        .iter()
        .map(|a| match a {
            BlockArg::Value(v) => v.to_string(),
            BlockArg::Exc => "exc".to_string(),
        })
        .collect();
    format!("{}({})", c.block, args.join(", "))
}

/// The text of one terminator.
pub fn print_terminator(_f: &Function, t: &Terminator) -> String {
    match t {
        Terminator::Jump(c) => format!("jump {}", block_call(c)),
        Terminator::Branch(v, a, b) => {
            format!("branch {}, {}, {}", v, block_call(a), block_call(b))
        }
        Terminator::Switch {
            value,
            cases,
            default,
        } => {
            let cs: Vec<String> = cases
                .iter()
                .map(|(k, c)| format!("{}: {}", k, block_call(c)))
                .collect();
            format!(
                "switch {} [{}] default {}",
                value,
                cs.join(", "),
                block_call(default)
            )
        }
        Terminator::Return(Some(v)) => format!("return {v}"),
        Terminator::Return(None) => "return".to_string(),
        Terminator::Raise(v) => format!("raise {v}"),
        Terminator::Unreachable => "unreachable".to_string(),
    }
}

/// Escapes a string constant as a `.kir` string literal.
pub fn quote_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f || (0x80..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a float immediate (reads back exactly).
pub fn float_text(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x:?}")
    }
}

fn imm_text(prog: &Program, imm: &Imm) -> Option<String> {
    Some(match imm {
        Imm::None => return None,
        Imm::Int(n) => n.to_string(),
        Imm::UInt(n) => n.to_string(),
        Imm::Float(x) => float_text(*x),
        Imm::Bool(b) => b.to_string(),
        Imm::Str(s) => quote_str(s),
        Imm::Cond(c) => c.name().to_string(),
        Imm::Class(c) => prog.classes[*c].name.clone(),
        Imm::Field(f) => {
            let fd = &prog.fields[*f];
            format!("{}.{}", prog.classes[fd.class].name, fd.name)
        }
        Imm::Method(m) => {
            let md = &prog.methods[*m];
            format!("{}.{}", prog.classes[md.class].name, md.name)
        }
        Imm::ClassAttr(a) => {
            let ad = &prog.class_attrs[*a];
            format!("{}.{}", prog.classes[ad.class].name, ad.name)
        }
        Imm::Func(f) => format!("@{}", prog.funcs[*f].name),
        Imm::Global(g) => format!("${}", prog.globals[*g].name),
        Imm::Driver(d) => prog.drivers[*d].name.clone(),
        Imm::Index(i) => i.to_string(),
    })
}

/// The text of one instruction (without indentation).
pub fn print_inst(prog: &Program, f: &Function, inst: Inst) -> String {
    let d = &f.insts[inst];
    let mut s = String::new();
    if let Some(r) = d.result {
        let _ = write!(s, "{}: {} = ", r, prog.type_name(f.values[r].ty));
    }
    s.push_str(d.op.name());
    let imm = imm_text(prog, &d.imm);
    match d.op {
        Opcode::Call | Opcode::CallMethod => {
            let _ = write!(s, " {}({})", imm.unwrap_or_default(), values(&d.args));
        }
        Opcode::CallIndirect => match d.args.split_first() {
            Some((callee, rest)) => {
                let _ = write!(s, " {}({})", callee, values(rest));
            }
            None => s.push_str(" ()"),
        },
        Opcode::JitMergePoint | Opcode::CanEnterJit => {
            let ngreens = match d.imm {
                Imm::Driver(dr) if dr.index() < prog.drivers.len() => prog.drivers[dr].greens.len(),
                _ => d.args.len(),
            }
            .min(d.args.len());
            let _ = write!(
                s,
                " {}({}; {})",
                imm.unwrap_or_default(),
                values(&d.args[..ngreens]),
                values(&d.args[ngreens..])
            );
        }
        _ => {
            if let Some(i) = imm {
                s.push(' ');
                s.push_str(&i);
            }
            if !d.args.is_empty() {
                s.push(' ');
                s.push_str(&values(&d.args));
            }
        }
    }
    if let Some(c) = &d.catch {
        let _ = write!(s, " catch {}", block_call(c));
    }
    s
}

use cranelift_entity::EntityRef;
