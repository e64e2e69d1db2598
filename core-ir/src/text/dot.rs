//! Graphviz output of a function's control-flow graph (`kiln ir --dot`).

use super::printer::{print_inst, print_terminator};
use crate::function::{BlockArg, Function};
use crate::program::Program;
use std::fmt::Write;

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' | '\\' | '{' | '}' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\l"),
            c => out.push(c),
        }
    }
    out
}

/// A `digraph` with one record node per block (its parameters, instructions
/// and terminator) and one edge per control-flow edge; catch edges are dashed.
pub fn print_dot(prog: &Program, f: &Function) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph \"{}\" {{", f.name.replace('"', "'"));
    let _ = writeln!(
        s,
        "    node [shape=record, fontname=\"monospace\", fontsize=10];"
    );
    for &b in &f.layout {
        let bd = &f.blocks[b];
        let mut label = b.to_string();
        if !bd.params.is_empty() {
            let ps: Vec<String> = bd
                .params
                .iter()
                .map(|&v| format!("{}: {}", v, prog.type_name(f.values[v].ty)))
                .collect();
            let _ = write!(label, "({})", ps.join(", "));
        }
        label.push_str(":\n");
        for &i in &bd.insts {
            label.push_str(&print_inst(prog, f, i));
            label.push('\n');
        }
        if let Some(t) = &bd.term {
            label.push_str(&print_terminator(f, t));
            label.push('\n');
        }
        let _ = writeln!(s, "    {b} [label=\"{{{}}}\"];", escape(&label));
    }
    for &b in &f.layout {
        let bd = &f.blocks[b];
        if let Some(&last) = bd.insts.last() {
            if let Some(c) = &f.insts[last].catch {
                let exc = c.args.iter().any(|a| matches!(a, BlockArg::Exc));
                let _ = writeln!(
                    s,
                    "    {b} -> {} [style=dashed, label=\"{}\"];",
                    c.block,
                    if exc { "exc" } else { "catch" }
                );
            }
        }
        if let Some(t) = &bd.term {
            for c in t.successors() {
                let _ = writeln!(s, "    {b} -> {};", c.block);
            }
        }
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn dot_has_nodes_and_edges() {
        let src = "func @f(bool) -> int {\nblock0(v0: bool):\n    branch v0, block1, block2\n\nblock1:\n    v1: int = iconst 1\n    return v1\n\nblock2:\n    v2: int = iconst 2\n    return v2\n}\n";
        let p = crate::parse(src).unwrap();
        let f = p.func_by_name("f").unwrap();
        let d = super::print_dot(&p, &p.funcs[f]);
        assert!(d.starts_with("digraph \"f\" {"), "{d}");
        assert!(d.contains("block0 -> block1;"), "{d}");
        assert!(d.contains("block0 -> block2;"), "{d}");
        assert!(d.contains("iconst 1"), "{d}");
    }
}
