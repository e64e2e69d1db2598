//! Loading a program: the main file and the modules it imports from its own
//! directory, each parsed with `ruff_python_parser`.
//!
//! A program is its main file plus every module named by an `import foo` or
//! `from foo import bar` anywhere in a loaded file (also inside functions and
//! `if __name__ == "__main__":` blocks), found as `foo.py` beside the main
//! file (`a.b` as `a/b.py`). The modules the toolchain provides
//! ([`KNOWN_MODULES`]) are not loaded from disk. Each module is loaded once,
//! so circular imports are fine.
//!
//! Errors are collected over the whole program: a file that cannot be read
//! ([`ErrorKind::Io`]), a syntax error ([`ErrorKind::Syntax`], with the
//! parser's message), a module that is not found ([`ErrorKind::Name`],
//! "no module named 'x'" at the import), and code nested so deeply that later
//! phases could exhaust the stack ([`ErrorKind::Syntax`], like CPython's own
//! limits on nesting).

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{Expr, ModModule, PySourceType, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// Modules the toolchain provides; importing them loads no file.
pub const KNOWN_MODULES: &[&str] = &[
    "__future__",
    "kiln",
    "kiln.jit",
    "kiln.rarith",
    "kiln.specialize",
    "sys",
    "os",
    "math",
    "time",
];

/// Whether `name` (a dotted module path) is provided by the toolchain.
pub fn is_known_module(name: &str) -> bool {
    KNOWN_MODULES.contains(&name)
}

/// Deepest indentation accepted (CPython's limit).
const MAX_INDENT_LEVELS: usize = 100;

/// Largest estimated expression depth accepted (see [`nesting_problem`]).
const MAX_EXPRESSION_DEPTH: usize = 200;

/// One parsed module of the program.
#[derive(Debug)]
pub struct LoadedModule {
    /// Its source file in [`LoadedProgram::sources`].
    pub file: FileId,
    /// Module name: the main file's stem, or the dotted name it was imported by.
    pub name: String,
    /// The syntax tree.
    pub ast: ModModule,
}

/// A parsed program: its sources and modules, the main module first.
#[derive(Debug, Default)]
pub struct LoadedProgram {
    /// Every source file read.
    pub sources: SourceMap,
    /// The modules, main first, then in the order their imports were found.
    pub modules: Vec<LoadedModule>,
}

/// A module still to load: its name, its file, and where it was imported.
struct Pending {
    name: String,
    path: PathBuf,
    imported_at: Option<Span>,
}

/// Reads and parses `main` and every module it imports (transitively) from
/// its directory. Returns every error found in the whole program.
pub fn load_program(main: &Path) -> Result<LoadedProgram, Vec<Diagnostic>> {
    let (program, diags) = load_program_partial(main);
    if diags.is_empty() {
        Ok(program)
    } else {
        Err(diags)
    }
}

/// Like [`load_program`], but always returns what could be loaded, with
/// every error found: the sources let a caller show the errors in context.
/// The program is complete only if there are no errors.
pub fn load_program_partial(main: &Path) -> (LoadedProgram, Vec<Diagnostic>) {
    let dir = match main.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let main_name = main
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".to_string());
    let mut program = LoadedProgram::default();
    let mut diags = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = VecDeque::new();
    seen.insert(main_name.clone());
    queue.push_back(Pending {
        name: main_name,
        path: main.to_path_buf(),
        imported_at: None,
    });
    while let Some(pending) = queue.pop_front() {
        let Some(module) = load_module(&pending, &mut program.sources, &mut diags) else {
            continue;
        };
        for (name, range) in imported_modules(&module.ast) {
            if is_known_module(&name) || !seen.insert(name.clone()) {
                continue;
            }
            let span = Span::new(module.file, range.start().to_u32(), range.end().to_u32());
            let path = dir.join(format!("{}.py", name.replace('.', "/")));
            if path.is_file() {
                queue.push_back(Pending {
                    name,
                    path,
                    imported_at: Some(span),
                });
            } else {
                diags.push(
                    Diagnostic::new(ErrorKind::Name, span, format!("no module named '{name}'"))
                        .with_label("imported here")
                        .with_note(format!(
                            "a program's modules are `.py` files in its own directory ({} was not found); the toolchain provides {}",
                            path.display(),
                            KNOWN_MODULES.join(", ")
                        )),
                );
            }
        }
        program.modules.push(module);
    }
    (program, diags)
}

/// Reads and parses one module; reports what goes wrong.
fn load_module(
    pending: &Pending,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<LoadedModule> {
    let text = match std::fs::read_to_string(&pending.path) {
        Ok(t) => t,
        Err(err) => {
            let message = format!("cannot read {}: {err}", pending.path.display());
            let span = match pending.imported_at {
                Some(span) => span,
                None => {
                    let file = sources.files.push(SourceFile::new(
                        pending.path.clone(),
                        pending.name.clone(),
                        String::new(),
                    ));
                    Span::new(file, 0, 0)
                }
            };
            diags.push(Diagnostic::new(ErrorKind::Io, span, message));
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let file = sources.files.push(SourceFile::new(
        pending.path.clone(),
        pending.name.clone(),
        text,
    ));
    let source = &sources.files[file].text;
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    let span_of = |r: TextRange| Span::new(file, r.start().to_u32(), r.end().to_u32());
    if let Some((range, message)) = nesting_problem(parsed.tokens()) {
        diags.push(Diagnostic::new(ErrorKind::Syntax, span_of(range), message));
        // Dropping a pathologically deep tree recurses once per level and
        // could exhaust the stack: such a tree is leaked instead.
        std::mem::forget(parsed);
        return None;
    }
    for err in parsed.errors() {
        // A span covering a line break is drawn as one column at the end of the line.
        let mut range = err.location;
        let text = &source
            [range.start().to_usize().min(source.len())..range.end().to_usize().min(source.len())];
        if let Some(nl) = text.find('\n') {
            let start = range.start().to_u32();
            range = TextRange::new(
                range.start(),
                ruff_text_size::TextSize::from(start + nl as u32),
            );
        }
        diags.push(Diagnostic::new(
            ErrorKind::Syntax,
            span_of(range),
            format!("syntax error: {}", err.error),
        ));
    }
    // A module with syntax errors is still returned, so that the modules it
    // imports are loaded (and checked) too; the program as a whole fails.
    Some(LoadedModule {
        file,
        name: pending.name.clone(),
        ast: parsed.into_syntax(),
    })
}

/// Finds code nested more deeply than the later phases accept: more than
/// [`MAX_INDENT_LEVELS`] levels of indentation, or an expression whose
/// estimated depth exceeds [`MAX_EXPRESSION_DEPTH`]. The estimate counts,
/// for each comma-separated item inside each open bracket, the operators,
/// keywords, dots and brackets it contains: every level of the syntax tree
/// comes from at least one of them.
fn nesting_problem(tokens: &[ruff_python_ast::token::Token]) -> Option<(TextRange, String)> {
    let mut indent = 0usize;
    let mut levels: Vec<usize> = vec![0];
    for token in tokens {
        let kind = token.kind();
        match kind {
            TokenKind::Indent => {
                indent += 1;
                if indent > MAX_INDENT_LEVELS {
                    return Some((
                        token.range(),
                        format!("too many levels of indentation (at most {MAX_INDENT_LEVELS})"),
                    ));
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Newline => {
                levels.clear();
                levels.push(0);
            }
            TokenKind::Comma => {
                if let Some(last) = levels.last_mut() {
                    *last = 0;
                }
            }
            TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                if let Some(last) = levels.last_mut() {
                    *last += 1;
                }
                levels.push(0);
            }
            TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace
            | TokenKind::FStringEnd
            | TokenKind::TStringEnd => {
                if levels.len() > 1 {
                    levels.pop();
                }
            }
            TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringMiddle
            | TokenKind::TStringMiddle
            | TokenKind::Comment
            | TokenKind::NonLogicalNewline
            | TokenKind::EndOfFile => {}
            _ => {
                if let Some(last) = levels.last_mut() {
                    *last += 1;
                }
            }
        }
        let depth: usize = levels.iter().sum::<usize>() + levels.len();
        if depth > MAX_EXPRESSION_DEPTH {
            return Some((
                token.range(),
                format!("expression nested too deeply (more than {MAX_EXPRESSION_DEPTH} levels of operators and brackets)"),
            ));
        }
    }
    None
}

/// Every module imported anywhere in `module` (dotted names, with the range
/// of the name in the import), in source order. Relative imports are left
/// to the flow-graph builder, which rejects them.
pub fn imported_modules(module: &ModModule) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut stack: Vec<&Stmt> = module.body.iter().rev().collect();
    while let Some(stmt) = stack.pop() {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    out.push((alias.name.id.to_string(), alias.name.range));
                }
            }
            Stmt::ImportFrom(import) if import.level == 0 => {
                if let Some(m) = &import.module {
                    out.push((m.id.to_string(), m.range));
                }
            }
            _ => {}
        }
        let mut children: Vec<&Stmt> = Vec::new();
        nested_statements(stmt, &mut children);
        stack.extend(children.into_iter().rev());
    }
    out
}

/// The statements directly nested in `stmt` (bodies of compound statements),
/// in source order.
fn nested_statements<'a>(stmt: &'a Stmt, out: &mut Vec<&'a Stmt>) {
    match stmt {
        Stmt::FunctionDef(f) => out.extend(f.body.iter()),
        Stmt::ClassDef(c) => out.extend(c.body.iter()),
        Stmt::For(f) => {
            out.extend(f.body.iter());
            out.extend(f.orelse.iter());
        }
        Stmt::While(w) => {
            out.extend(w.body.iter());
            out.extend(w.orelse.iter());
        }
        Stmt::If(i) => {
            out.extend(i.body.iter());
            for clause in &i.elif_else_clauses {
                out.extend(clause.body.iter());
            }
        }
        Stmt::With(w) => out.extend(w.body.iter()),
        Stmt::Match(m) => {
            for case in &m.cases {
                out.extend(case.body.iter());
            }
        }
        Stmt::Try(t) => {
            out.extend(t.body.iter());
            for handler in &t.handlers {
                let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                out.extend(h.body.iter());
            }
            out.extend(t.orelse.iter());
            out.extend(t.finalbody.iter());
        }
        Stmt::Return(_)
        | Stmt::Delete(_)
        | Stmt::TypeAlias(_)
        | Stmt::Assign(_)
        | Stmt::AugAssign(_)
        | Stmt::AnnAssign(_)
        | Stmt::Raise(_)
        | Stmt::Assert(_)
        | Stmt::Import(_)
        | Stmt::ImportFrom(_)
        | Stmt::Global(_)
        | Stmt::Nonlocal(_)
        | Stmt::Expr(_)
        | Stmt::Pass(_)
        | Stmt::Break(_)
        | Stmt::Continue(_)
        | Stmt::IpyEscapeCommand(_) => {}
    }
}

/// Whether `expr` is the name `__name__`.
fn is_dunder_name(expr: &Expr) -> bool {
    matches!(expr, Expr::Name(n) if n.id.as_str() == "__name__")
}

/// Whether `expr` is the string `"__main__"`.
fn is_main_string(expr: &Expr) -> bool {
    matches!(expr, Expr::StringLiteral(s) if s.value.to_str() == "__main__")
}

/// Whether `stmt` is an `if __name__ == "__main__":` block (either quote,
/// either operand order), which the toolchain ignores.
pub fn is_main_guard(stmt: &Stmt) -> bool {
    let Stmt::If(if_stmt) = stmt else {
        return false;
    };
    let Expr::Compare(cmp) = &*if_stmt.test else {
        return false;
    };
    let (Some(op), Some(right)) = (cmp.ops.first(), cmp.comparators.first()) else {
        return false;
    };
    if cmp.ops.len() != 1 || *op != ruff_python_ast::CmpOp::Eq {
        return false;
    }
    (is_dunder_name(&cmp.left) && is_main_string(right))
        || (is_main_string(&cmp.left) && is_dunder_name(right))
}
