//! Parsing the `.kir` text form into a [`Program`].
//!
//! The parser works in passes so that items may refer to items declared
//! later: it first finds every item, then declares classes, globals and
//! function signatures, then class members and JIT drivers, and finally
//! parses function bodies. It stops at the first error and reports its
//! line and column. Type errors inside bodies are left to the verifier.

use super::lexer::{lex, Tok, Token};
use crate::entities::{Block, ClassId, FuncId, Type, Value};
use crate::function::{
    BlockArg, BlockCall, BlockData, FuncFlags, Imm, InstData, Terminator, ValueData, ValueDef,
};
use crate::opcode::{Cond, ImmKind, Opcode};
use crate::program::{DriverData, Program};
use crate::types::TypeData;
use cranelift_entity::EntityRef;
use std::collections::HashMap;
use std::fmt;

/// A syntax or name-resolution error in `.kir` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

type PResult<T> = Result<T, ParseError>;

/// Parses a whole program.
pub fn parse(src: &str) -> PResult<Program> {
    let toks = lex(src).map_err(|e| ParseError {
        line: e.line,
        col: e.col,
        message: e.message,
    })?;
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        prog: Program::new(),
    };
    p.program()?;
    Ok(p.prog)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Class,
    Global,
    Driver,
    Func,
    Entry,
    Startup,
}

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    prog: Program,
}

/// Syntax of one instruction or terminator operand edge.
struct CallSyn {
    block: (u32, usize),
    args: Vec<ArgSyn>,
}

enum ArgSyn {
    Value(u32, usize),
    Exc,
}

struct InstSyn {
    result: Option<(u32, Type, usize)>,
    op: Opcode,
    imm: Imm,
    args: Vec<(u32, usize)>,
    catch: Option<CallSyn>,
    tok: usize,
}

enum TermSyn {
    Jump(CallSyn),
    Branch((u32, usize), CallSyn, CallSyn),
    Switch((u32, usize), Vec<(i64, CallSyn)>, CallSyn),
    Return(Option<(u32, usize)>),
    Raise((u32, usize)),
    Unreachable,
}

struct BlockSyn {
    num: u32,
    tok: usize,
    params: Vec<(u32, Type, usize)>,
    insts: Vec<InstSyn>,
    term: TermSyn,
}

fn numbered(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    if rest.is_empty()
        || !rest.bytes().all(|b| b.is_ascii_digit())
        || (rest.len() > 1 && rest.starts_with('0'))
    {
        return None;
    }
    rest.parse().ok()
}

fn is_terminator(name: &str) -> bool {
    matches!(
        name,
        "jump" | "branch" | "switch" | "return" | "raise" | "unreachable"
    )
}

impl<'a> Parser<'a> {
    // ---- token helpers ----

    fn tok(&self) -> &'a Token {
        &self.toks[self.pos]
    }

    fn peek(&self) -> &'a Tok {
        &self.toks[self.pos].tok
    }

    fn err_at<T>(&self, idx: usize, msg: impl Into<String>) -> PResult<T> {
        let t = &self.toks[idx.min(self.toks.len() - 1)];
        Err(ParseError {
            line: t.line,
            col: t.col,
            message: msg.into(),
        })
    }

    fn err<T>(&self, msg: impl Into<String>) -> PResult<T> {
        self.err_at(self.pos, msg)
    }

    fn describe(tok: &Tok) -> String {
        match tok {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::FuncName(s) => format!("`@{s}`"),
            Tok::GlobalName(s) => format!("`${s}`"),
            Tok::Int(s) | Tok::Float(s) => format!("`{s}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "end of input".into(),
        }
    }

    fn expected<T>(&self, what: &str) -> PResult<T> {
        self.err(format!(
            "expected {}, found {}",
            what,
            Self::describe(self.peek())
        ))
    }

    fn at_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.at_punct(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &str) -> PResult<()> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            self.expected(&format!("`{p}`"))
        }
    }

    fn at_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == kw)
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.at_keyword(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self, what: &str) -> PResult<String> {
        match self.peek() {
            Tok::Ident(s) => {
                self.pos += 1;
                Ok(s.clone())
            }
            _ => self.expected(what),
        }
    }

    fn func_name(&mut self) -> PResult<String> {
        match self.peek() {
            Tok::FuncName(s) => {
                self.pos += 1;
                Ok(s.clone())
            }
            _ => self.expected("a function name `@name`"),
        }
    }

    fn global_name(&mut self) -> PResult<String> {
        match self.peek() {
            Tok::GlobalName(s) => {
                self.pos += 1;
                Ok(s.clone())
            }
            _ => self.expected("a global name `$name`"),
        }
    }

    /// Skips a balanced `{ ... }` starting at the current `{`.
    fn skip_braces(&mut self) -> PResult<()> {
        let start = self.pos;
        self.expect_punct("{")?;
        let mut depth = 1;
        while depth > 0 {
            match self.peek() {
                Tok::Punct("{") => depth += 1,
                Tok::Punct("}") => depth -= 1,
                Tok::Eof => return self.err_at(start, "unclosed `{`"),
                _ => {}
            }
            self.pos += 1;
        }
        Ok(())
    }

    // ---- resolution helpers ----

    fn lookup_class(&self, name: &str, idx: usize) -> PResult<ClassId> {
        match self.prog.class_by_name(name) {
            Some(c) => Ok(c),
            None => self.err_at(idx, format!("unknown class `{name}`")),
        }
    }

    fn lookup_func(&self, name: &str, idx: usize) -> PResult<FuncId> {
        match self.prog.func_by_name(name) {
            Some(f) => Ok(f),
            None => self.err_at(idx, format!("unknown function `@{name}`")),
        }
    }

    fn ty(&mut self) -> PResult<Type> {
        let idx = self.pos;
        let name = self.ident("a type")?;
        Ok(match name.as_str() {
            "void" => Type::VOID,
            "bool" => Type::BOOL,
            "int" => Type::INT,
            "uint" => Type::UINT,
            "float" => Type::FLOAT,
            "str" => Type::STR,
            "file" => Type::FILE,
            "list" => {
                self.expect_punct("<")?;
                let t = self.ty()?;
                self.expect_punct(">")?;
                self.prog.types.list(t)
            }
            "dict" => {
                self.expect_punct("<")?;
                let k = self.ty()?;
                self.expect_punct(",")?;
                let v = self.ty()?;
                self.expect_punct(">")?;
                self.prog.types.dict(k, v)
            }
            "tuple" => {
                self.expect_punct("<")?;
                let mut items = Vec::new();
                if !self.at_punct(">") {
                    loop {
                        items.push(self.ty()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                }
                self.expect_punct(">")?;
                self.prog.types.tuple(items)
            }
            "func" => {
                let params = self.type_list()?;
                self.expect_punct("->")?;
                let ret = self.ty()?;
                self.prog.types.func(params, ret)
            }
            _ => {
                let c = self.lookup_class(&name, idx)?;
                self.prog.types.instance(c)
            }
        })
    }

    /// `( T, T, ... )`
    fn type_list(&mut self) -> PResult<Vec<Type>> {
        self.expect_punct("(")?;
        let mut out = Vec::new();
        if !self.at_punct(")") {
            loop {
                out.push(self.ty()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        self.expect_punct(")")?;
        Ok(out)
    }

    /// `Class.member`, split at the last dot.
    fn member_ref(&mut self) -> PResult<(ClassId, String, usize)> {
        let idx = self.pos;
        let full = self.ident("`Class.member`")?;
        let Some(dot) = full.rfind('.') else {
            return self.err_at(idx, format!("expected `Class.member`, found `{full}`"));
        };
        let c = self.lookup_class(&full[..dot], idx)?;
        Ok((c, full[dot + 1..].to_string(), idx))
    }

    // ---- items ----

    fn program(&mut self) -> PResult<()> {
        // Pass 1: find items.
        let mut items: Vec<(ItemKind, usize)> = Vec::new();
        loop {
            let start = self.pos;
            let kw = match self.peek() {
                Tok::Eof => break,
                Tok::Ident(s) => s.clone(),
                _ => {
                    return self
                        .expected("`class`, `global`, `jitdriver`, `func`, `entry` or `startup`")
                }
            };
            match kw.as_str() {
                "class" => {
                    self.pos += 1;
                    let name_idx = self.pos;
                    let name = self.ident("a class name")?;
                    if self.prog.class_by_name(&name).is_some() {
                        let what = if self.prog.classes[self.prog.class_by_name(&name).unwrap()].builtin {
                            "built-in class"
                        } else {
                            "class"
                        };
                        return self.err_at(name_idx, format!("{what} `{name}` is already defined"));
                    }
                    if matches!(name.as_str(), "void" | "bool" | "int" | "uint" | "float" | "str" | "file" | "list" | "dict" | "tuple" | "func") {
                        return self.err_at(name_idx, format!("`{name}` is a type name and cannot name a class"));
                    }
                    self.prog.add_class(name, None);
                    while !self.at_punct("{") && !matches!(self.peek(), Tok::Eof) {
                        self.pos += 1;
                    }
                    self.skip_braces()?;
                    items.push((ItemKind::Class, start));
                }
                "global" | "jitdriver" | "entry" | "startup" => {
                    self.pos += 1;
                    let line = self.toks[start].line;
                    while !matches!(self.peek(), Tok::Eof) && self.tok().line == line {
                        self.pos += 1;
                    }
                    let kind = match kw.as_str() {
                        "global" => ItemKind::Global,
                        "jitdriver" => ItemKind::Driver,
                        "entry" => ItemKind::Entry,
                        _ => ItemKind::Startup,
                    };
                    items.push((kind, start));
                }
                "func" => {
                    self.pos += 1;
                    loop {
                        match self.peek() {
                            Tok::Punct("{") => {
                                self.skip_braces()?;
                                break;
                            }
                            Tok::Punct(";") => {
                                self.pos += 1;
                                break;
                            }
                            Tok::Eof => return self.err_at(start, "function has no body `{ ... }` and no `;`"),
                            _ => self.pos += 1,
                        }
                    }
                    items.push((ItemKind::Func, start));
                }
                other => {
                    return self.err(format!(
                        "expected `class`, `global`, `jitdriver`, `func`, `entry` or `startup`, found `{other}`"
                    ))
                }
            }
        }

        // Pass 2: class bases.
        let class_items: Vec<usize> = items
            .iter()
            .filter(|i| i.0 == ItemKind::Class)
            .map(|i| i.1)
            .collect();
        for &start in &class_items {
            self.pos = start + 1;
            let name = self.ident("a class name")?;
            let c = self.prog.class_by_name(&name).expect("declared in pass 1");
            if self.eat_punct(":") {
                let idx = self.pos;
                let base = self.ident("a base class name")?;
                let b = self.lookup_class(&base, idx)?;
                self.prog.classes[c].base = Some(b);
            }
        }
        // Hierarchy must be acyclic before members are resolved.
        for &start in &class_items {
            self.pos = start + 1;
            let name = self.ident("a class name")?;
            let c = self.prog.class_by_name(&name).expect("declared");
            let mut seen = vec![c];
            let mut cur = self.prog.classes[c].base;
            while let Some(b) = cur {
                if seen.contains(&b) {
                    return self.err_at(start + 1, format!("class `{name}` is its own ancestor"));
                }
                seen.push(b);
                cur = self.prog.classes[b].base;
            }
        }

        // Pass 3: globals and function signatures.
        for &(kind, start) in &items {
            self.pos = start;
            match kind {
                ItemKind::Global => self.global()?,
                ItemKind::Func => {
                    self.func_header()?;
                }
                _ => {}
            }
        }

        // Pass 4: class members, bases first.
        let mut order: Vec<(usize, usize)> = Vec::new(); // (depth, start)
        for &start in &class_items {
            self.pos = start + 1;
            let name = self.ident("a class name")?;
            let c = self.prog.class_by_name(&name).expect("declared");
            order.push((self.prog.ancestors(c).len(), start));
        }
        order.sort();
        for &(_, start) in &order {
            self.pos = start;
            self.class_body()?;
        }

        // Pass 5: drivers, entry, startup.
        for &(kind, start) in &items {
            self.pos = start;
            match kind {
                ItemKind::Driver => self.driver()?,
                ItemKind::Entry | ItemKind::Startup => {
                    self.pos += 1;
                    let idx = self.pos;
                    let name = self.func_name()?;
                    let f = self.lookup_func(&name, idx)?;
                    let slot = if kind == ItemKind::Entry {
                        &mut self.prog.entry
                    } else {
                        &mut self.prog.startup
                    };
                    if slot.is_some() {
                        return self.err_at(
                            start,
                            format!(
                                "more than one `{}` line",
                                if kind == ItemKind::Entry {
                                    "entry"
                                } else {
                                    "startup"
                                }
                            ),
                        );
                    }
                    *slot = Some(f);
                }
                _ => {}
            }
        }

        // Pass 6: function bodies.
        for &(kind, start) in &items {
            if kind == ItemKind::Func {
                self.pos = start;
                let f = self.func_header()?;
                if self.at_punct("{") {
                    self.func_body(f)?;
                }
            }
        }
        Ok(())
    }

    fn global(&mut self) -> PResult<()> {
        self.pos += 1; // `global`
        let idx = self.pos;
        let name = self.global_name()?;
        if self.prog.global_by_name(&name).is_some() {
            return self.err_at(idx, format!("global `${name}` is already defined"));
        }
        self.expect_punct(":")?;
        let ty = self.ty()?;
        if ty == Type::VOID {
            return self.err_at(idx, "a global cannot have type `void`");
        }
        let line = self.toks[idx].line;
        let readonly = self.tok().line == line && self.eat_keyword("readonly");
        self.prog.add_global(name, ty, readonly);
        Ok(())
    }

    /// Parses `func @name(types) [-> type] flags`, declaring the function on
    /// first sight; leaves the position at `{` or after `;`.
    fn func_header(&mut self) -> PResult<FuncId> {
        self.pos += 1; // `func`
        let idx = self.pos;
        let name = self.func_name()?;
        let params = self.type_list()?;
        let ret = if self.eat_punct("->") {
            self.ty()?
        } else {
            Type::VOID
        };
        let mut flags = FuncFlags::default();
        loop {
            if self.eat_keyword("elidable") {
                flags.elidable = true;
            } else if self.eat_keyword("dont_look_inside") {
                flags.dont_look_inside = true;
            } else if self.eat_keyword("unroll_safe") {
                flags.unroll_safe = true;
            } else {
                break;
            }
        }
        if !self.at_punct("{") && !self.eat_punct(";") {
            return self.expected("`{` or `;`");
        }
        match self.prog.func_by_name(&name) {
            Some(f) if self.prog.funcs[f].flags.builtin => self.err_at(
                idx,
                format!("function `@{name}` is built in and cannot be redefined"),
            ),
            Some(f) => {
                // Second visit (pass 6) of the same item: same declaration.
                if self.prog.funcs[f].params == params
                    && self.prog.funcs[f].ret == ret
                    && !self.prog.funcs[f].has_body()
                {
                    Ok(f)
                } else {
                    self.err_at(idx, format!("function `@{name}` is already defined"))
                }
            }
            None => {
                let f = self.prog.declare_function(name, params, ret);
                self.prog.funcs[f].flags = flags;
                Ok(f)
            }
        }
    }

    fn class_body(&mut self) -> PResult<()> {
        self.pos += 1; // `class`
        let name = self.ident("a class name")?;
        let c = self.prog.class_by_name(&name).expect("declared");
        if self.eat_punct(":") {
            self.pos += 1;
        }
        self.expect_punct("{")?;
        while !self.eat_punct("}") {
            let idx = self.pos;
            let kw = self.ident("`field`, `method`, `classattr` or `}`")?;
            match kw.as_str() {
                "field" => {
                    let nidx = self.pos;
                    let fname = self.ident("a field name")?;
                    if let Some(f) = self.prog.find_field(c, &fname) {
                        let owner = self.prog.classes[self.prog.fields[f].class].name.clone();
                        return self.err_at(
                            nidx,
                            format!("field `{fname}` is already defined in `{owner}`"),
                        );
                    }
                    self.expect_punct(":")?;
                    let ty = self.ty()?;
                    if ty == Type::VOID {
                        return self.err_at(nidx, "a field cannot have type `void`");
                    }
                    self.prog.add_field(c, fname, ty);
                }
                "method" => {
                    let nidx = self.pos;
                    let mname = self.ident("a method name")?;
                    if self.at_punct("(") {
                        let params = self.type_list()?;
                        self.expect_punct("->")?;
                        let ret = self.ty()?;
                        let func = if self.eat_punct("=") {
                            let fidx = self.pos;
                            let fname = self.func_name()?;
                            Some(self.lookup_func(&fname, fidx)?)
                        } else {
                            None
                        };
                        if let Some(m) = self.prog.find_method(c, &mname) {
                            let owner = self.prog.classes[self.prog.methods[m].class].name.clone();
                            return self.err_at(
                                nidx,
                                format!("method `{mname}` is already declared in `{owner}`; an override is written `method {mname} = @func`"),
                            );
                        }
                        self.prog.add_method(c, mname, params, ret, func);
                    } else {
                        self.expect_punct("=")?;
                        let fidx = self.pos;
                        let fname = self.func_name()?;
                        let func = self.lookup_func(&fname, fidx)?;
                        let Some(m) = self.prog.find_method(c, &mname) else {
                            return self.err_at(
                                nidx,
                                format!("method `{mname}` overrides nothing; a new method is written `method {mname}(TYPES) -> TYPE = @func`"),
                            );
                        };
                        if self.prog.classes[c].methods.iter().any(|&(mm, _)| mm == m) {
                            return self.err_at(
                                nidx,
                                format!("method `{mname}` is given twice in `{name}`"),
                            );
                        }
                        self.prog.override_method(c, m, func);
                    }
                }
                "classattr" => {
                    let nidx = self.pos;
                    let aname = self.ident("a class attribute name")?;
                    if self.eat_punct(":") {
                        let ty = self.ty()?;
                        if self.prog.find_class_attr(c, &aname).is_some() {
                            return self.err_at(
                                nidx,
                                format!("class attribute `{aname}` is already declared"),
                            );
                        }
                        let a = self.prog.add_class_attr(c, aname, ty);
                        if self.eat_punct("=") {
                            let gidx = self.pos;
                            let g = self.global_name()?;
                            let Some(g) = self.prog.global_by_name(&g) else {
                                return self.err_at(gidx, format!("unknown global `${g}`"));
                            };
                            self.prog.bind_class_attr(c, a, g);
                        }
                    } else {
                        self.expect_punct("=")?;
                        let gidx = self.pos;
                        let g = self.global_name()?;
                        let Some(g) = self.prog.global_by_name(&g) else {
                            return self.err_at(gidx, format!("unknown global `${g}`"));
                        };
                        let Some(a) = self.prog.find_class_attr(c, &aname) else {
                            return self.err_at(
                                nidx,
                                format!(
                                    "class attribute `{aname}` is not declared in a base class"
                                ),
                            );
                        };
                        if self.prog.classes[c].attrs.iter().any(|&(aa, _)| aa == a) {
                            return self.err_at(
                                nidx,
                                format!("class attribute `{aname}` is bound twice in `{name}`"),
                            );
                        }
                        self.prog.bind_class_attr(c, a, g);
                    }
                }
                other => {
                    return self.err_at(
                        idx,
                        format!("expected `field`, `method`, `classattr` or `}}`, found `{other}`"),
                    )
                }
            }
        }
        Ok(())
    }

    fn driver(&mut self) -> PResult<()> {
        self.pos += 1; // `jitdriver`
        let idx = self.pos;
        let name = self.ident("a driver name")?;
        if self.prog.drivers.values().any(|d| d.name == name) {
            return self.err_at(idx, format!("jitdriver `{name}` is already defined"));
        }
        if !self.eat_keyword("greens") {
            return self.expected("`greens(...)`");
        }
        let greens = self.var_list()?;
        if !self.eat_keyword("reds") {
            return self.expected("`reds(...)`");
        }
        let reds = self.var_list()?;
        let line = self.toks[idx].line;
        let printable = if self.tok().line == line && self.eat_keyword("printable") {
            let fidx = self.pos;
            let f = self.func_name()?;
            Some(self.lookup_func(&f, fidx)?)
        } else {
            None
        };
        self.prog.drivers.push(DriverData {
            name,
            greens,
            reds,
            printable,
        });
        Ok(())
    }

    fn var_list(&mut self) -> PResult<Vec<(String, Type)>> {
        self.expect_punct("(")?;
        let mut out = Vec::new();
        if !self.at_punct(")") {
            loop {
                let n = self.ident("a variable name")?;
                self.expect_punct(":")?;
                let t = self.ty()?;
                out.push((n, t));
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        self.expect_punct(")")?;
        Ok(out)
    }

    // ---- bodies ----

    fn value_ref(&mut self) -> PResult<(u32, usize)> {
        let idx = self.pos;
        match self.peek() {
            Tok::Ident(s) => match numbered(s, "v") {
                Some(n) => {
                    self.pos += 1;
                    Ok((n, idx))
                }
                None => self.expected("a value `vN`"),
            },
            _ => self.expected("a value `vN`"),
        }
    }

    fn block_ref(&mut self) -> PResult<(u32, usize)> {
        let idx = self.pos;
        match self.peek() {
            Tok::Ident(s) => match numbered(s, "block") {
                Some(n) => {
                    self.pos += 1;
                    Ok((n, idx))
                }
                None => self.expected("a block `blockN`"),
            },
            _ => self.expected("a block `blockN`"),
        }
    }

    fn call_syn(&mut self, allow_exc: bool) -> PResult<CallSyn> {
        let block = self.block_ref()?;
        let mut args = Vec::new();
        if self.eat_punct("(") {
            if !self.at_punct(")") {
                loop {
                    if self.at_keyword("exc") {
                        if !allow_exc {
                            return self.err("`exc` may only be passed on a `catch` edge");
                        }
                        self.pos += 1;
                        args.push(ArgSyn::Exc);
                    } else {
                        let (n, i) = self.value_ref()?;
                        args.push(ArgSyn::Value(n, i));
                    }
                    if !self.eat_punct(",") {
                        break;
                    }
                }
            }
            self.expect_punct(")")?;
        }
        Ok(CallSyn { block, args })
    }

    /// Values separated by commas, up to `)` or the end of `line`.
    fn value_list_on_line(&mut self, line: u32) -> PResult<Vec<(u32, usize)>> {
        let mut out = Vec::new();
        if self.tok().line != line
            || !matches!(self.peek(), Tok::Ident(s) if numbered(s, "v").is_some())
        {
            return Ok(out);
        }
        loop {
            out.push(self.value_ref()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(out)
    }

    fn value_list_in_parens(&mut self, stop: &str) -> PResult<Vec<(u32, usize)>> {
        let mut out = Vec::new();
        if self.at_punct(stop) {
            return Ok(out);
        }
        loop {
            out.push(self.value_ref()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(out)
    }

    fn imm(&mut self, kind: ImmKind) -> PResult<Imm> {
        let idx = self.pos;
        Ok(match kind {
            ImmKind::None => Imm::None,
            ImmKind::Int => match self.peek() {
                Tok::Int(s) => {
                    let v = s
                        .parse::<i64>()
                        .or_else(|_| self.err(format!("`{s}` does not fit a 64-bit int")))?;
                    self.pos += 1;
                    Imm::Int(v)
                }
                _ => return self.expected("an integer"),
            },
            ImmKind::UInt => match self.peek() {
                Tok::Int(s) => {
                    let v = s
                        .parse::<u64>()
                        .or_else(|_| self.err(format!("`{s}` does not fit a 64-bit uint")))?;
                    self.pos += 1;
                    Imm::UInt(v)
                }
                _ => return self.expected("an unsigned integer"),
            },
            ImmKind::Float => {
                let text = match self.peek() {
                    Tok::Int(s) | Tok::Float(s) | Tok::Ident(s) => s.clone(),
                    _ => return self.expected("a float"),
                };
                let v = match text.as_str() {
                    "nan" | "NaN" => f64::NAN,
                    "-nan" | "-NaN" => -f64::NAN,
                    _ => match text.parse::<f64>() {
                        Ok(v) => v,
                        Err(_) => return self.expected("a float"),
                    },
                };
                self.pos += 1;
                Imm::Float(v)
            }
            ImmKind::Bool => {
                if self.eat_keyword("true") {
                    Imm::Bool(true)
                } else if self.eat_keyword("false") {
                    Imm::Bool(false)
                } else {
                    return self.expected("`true` or `false`");
                }
            }
            ImmKind::Str => match self.peek() {
                Tok::Str(s) => {
                    self.pos += 1;
                    Imm::Str(s.clone())
                }
                _ => return self.expected("a string literal"),
            },
            ImmKind::Cond => {
                let name = self.ident("a condition (eq ne lt le gt ge)")?;
                match Cond::from_name(&name) {
                    Some(c) => Imm::Cond(c),
                    None => {
                        return self.err_at(
                            idx,
                            format!("unknown condition `{name}` (expected eq ne lt le gt ge)"),
                        )
                    }
                }
            }
            ImmKind::Class => {
                let name = self.ident("a class name")?;
                Imm::Class(self.lookup_class(&name, idx)?)
            }
            ImmKind::Field => {
                let (c, n, i) = self.member_ref()?;
                match self.prog.find_field(c, &n) {
                    Some(f) => Imm::Field(f),
                    None => {
                        return self.err_at(
                            i,
                            format!("class `{}` has no field `{n}`", self.prog.classes[c].name),
                        )
                    }
                }
            }
            ImmKind::Method => {
                let (c, n, i) = self.member_ref()?;
                match self.prog.find_method(c, &n) {
                    Some(m) => Imm::Method(m),
                    None => {
                        return self.err_at(
                            i,
                            format!("class `{}` has no method `{n}`", self.prog.classes[c].name),
                        )
                    }
                }
            }
            ImmKind::ClassAttr => {
                let (c, n, i) = self.member_ref()?;
                match self.prog.find_class_attr(c, &n) {
                    Some(a) => Imm::ClassAttr(a),
                    None => {
                        return self.err_at(
                            i,
                            format!(
                                "class `{}` has no class attribute `{n}`",
                                self.prog.classes[c].name
                            ),
                        )
                    }
                }
            }
            ImmKind::Func => {
                let name = self.func_name()?;
                Imm::Func(self.lookup_func(&name, idx)?)
            }
            ImmKind::Global => {
                let name = self.global_name()?;
                match self.prog.global_by_name(&name) {
                    Some(g) => Imm::Global(g),
                    None => return self.err_at(idx, format!("unknown global `${name}`")),
                }
            }
            ImmKind::Driver => {
                let name = self.ident("a jitdriver name")?;
                match self.prog.drivers.iter().find(|(_, d)| d.name == name) {
                    Some((d, _)) => Imm::Driver(d),
                    None => return self.err_at(idx, format!("unknown jitdriver `{name}`")),
                }
            }
            ImmKind::Index => match self.peek() {
                Tok::Int(s) => {
                    let v = s
                        .parse::<u32>()
                        .or_else(|_| self.err(format!("`{s}` is not a valid index")))?;
                    self.pos += 1;
                    Imm::Index(v)
                }
                _ => return self.expected("an index"),
            },
        })
    }

    fn inst(&mut self) -> PResult<InstSyn> {
        let tok = self.pos;
        let line = self.tok().line;
        let result = if matches!(self.peek(), Tok::Ident(s) if numbered(s, "v").is_some()) {
            let (n, i) = self.value_ref()?;
            self.expect_punct(":")?;
            let t = self.ty()?;
            self.expect_punct("=")?;
            Some((n, t, i))
        } else {
            None
        };
        let op_idx = self.pos;
        let name = self.ident("an opcode")?;
        let Some(op) = Opcode::from_name(&name) else {
            if is_terminator(&name) && result.is_some() {
                return self.err_at(op_idx, format!("terminator `{name}` produces no value"));
            }
            return self.err_at(op_idx, format!("unknown opcode `{name}`"));
        };
        let (imm, args) = match op {
            Opcode::Call | Opcode::CallMethod => {
                let imm = self.imm(op.imm_kind())?;
                self.expect_punct("(")?;
                let args = self.value_list_in_parens(")")?;
                self.expect_punct(")")?;
                (imm, args)
            }
            Opcode::CallIndirect => {
                let callee = self.value_ref()?;
                self.expect_punct("(")?;
                let mut args = vec![callee];
                args.extend(self.value_list_in_parens(")")?);
                self.expect_punct(")")?;
                (Imm::None, args)
            }
            Opcode::JitMergePoint | Opcode::CanEnterJit => {
                let imm = self.imm(ImmKind::Driver)?;
                self.expect_punct("(")?;
                let mut args = self.value_list_in_parens(";")?;
                self.expect_punct(";")?;
                let greens = args.len();
                args.extend(self.value_list_in_parens(")")?);
                self.expect_punct(")")?;
                if let Imm::Driver(d) = imm {
                    let dd = &self.prog.drivers[d];
                    if dd.greens.len() != greens {
                        return self.err_at(
                            op_idx,
                            format!(
                                "jitdriver `{}` has {} greens, {} given before `;`",
                                dd.name,
                                dd.greens.len(),
                                greens
                            ),
                        );
                    }
                }
                (imm, args)
            }
            _ => {
                let imm = if op.imm_kind() != ImmKind::None {
                    if self.tok().line != line {
                        return self.err_at(op_idx, format!("`{name}` needs an immediate"));
                    }
                    self.imm(op.imm_kind())?
                } else {
                    Imm::None
                };
                (imm, self.value_list_on_line(line)?)
            }
        };
        let catch = if self.tok().line == line && self.eat_keyword("catch") {
            Some(self.call_syn(true)?)
        } else {
            None
        };
        if self.tok().line == line && !matches!(self.peek(), Tok::Eof) {
            return self.err(format!(
                "unexpected {} after the instruction",
                Self::describe(self.peek())
            ));
        }
        Ok(InstSyn {
            result,
            op,
            imm,
            args,
            catch,
            tok,
        })
    }

    fn terminator(&mut self) -> PResult<TermSyn> {
        let line = self.tok().line;
        let name = self.ident("a terminator")?;
        let t = match name.as_str() {
            "jump" => TermSyn::Jump(self.call_syn(false)?),
            "branch" => {
                let c = self.value_ref()?;
                self.expect_punct(",")?;
                let a = self.call_syn(false)?;
                self.expect_punct(",")?;
                let b = self.call_syn(false)?;
                TermSyn::Branch(c, a, b)
            }
            "switch" => {
                let v = self.value_ref()?;
                self.expect_punct("[")?;
                let mut cases = Vec::new();
                if !self.at_punct("]") {
                    loop {
                        let k = match self.peek() {
                            Tok::Int(s) => match s.parse::<i64>() {
                                Ok(k) => k,
                                Err(_) => {
                                    return self.err(format!("`{s}` does not fit a 64-bit int"))
                                }
                            },
                            _ => return self.expected("a case value"),
                        };
                        self.pos += 1;
                        self.expect_punct(":")?;
                        cases.push((k, self.call_syn(false)?));
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                }
                self.expect_punct("]")?;
                if !self.eat_keyword("default") {
                    return self.expected("`default`");
                }
                let d = self.call_syn(false)?;
                TermSyn::Switch(v, cases, d)
            }
            "return" => {
                if self.tok().line == line
                    && matches!(self.peek(), Tok::Ident(s) if numbered(s, "v").is_some())
                {
                    TermSyn::Return(Some(self.value_ref()?))
                } else {
                    TermSyn::Return(None)
                }
            }
            "raise" => TermSyn::Raise(self.value_ref()?),
            "unreachable" => TermSyn::Unreachable,
            _ => unreachable!("checked by caller"),
        };
        if self.tok().line == line && !matches!(self.peek(), Tok::Eof) {
            return self.err(format!(
                "unexpected {} after the terminator",
                Self::describe(self.peek())
            ));
        }
        Ok(t)
    }

    fn block_syn(&mut self) -> PResult<BlockSyn> {
        let tok = self.pos;
        let (num, _) = self.block_ref()?;
        let mut params = Vec::new();
        if self.eat_punct("(") {
            if !self.at_punct(")") {
                loop {
                    let (n, i) = self.value_ref()?;
                    self.expect_punct(":")?;
                    let t = self.ty()?;
                    params.push((n, t, i));
                    if !self.eat_punct(",") {
                        break;
                    }
                }
            }
            self.expect_punct(")")?;
        }
        self.expect_punct(":")?;
        let mut insts = Vec::new();
        loop {
            match self.peek() {
                Tok::Ident(s) if is_terminator(s) => {
                    let term = self.terminator()?;
                    return Ok(BlockSyn {
                        num,
                        tok,
                        params,
                        insts,
                        term,
                    });
                }
                Tok::Ident(s) if numbered(s, "block").is_some() => {
                    return self.err(format!(
                        "block{num} has no terminator before the next block"
                    ));
                }
                Tok::Punct("}") | Tok::Eof => {
                    return self.err(format!("block{num} has no terminator"));
                }
                _ => insts.push(self.inst()?),
            }
        }
    }

    fn func_body(&mut self, fid: FuncId) -> PResult<()> {
        self.expect_punct("{")?;
        let mut blocks = Vec::new();
        while !self.eat_punct("}") {
            if !matches!(self.peek(), Tok::Ident(s) if numbered(s, "block").is_some()) {
                return self.expected("a block label `blockN:` or `}`");
            }
            blocks.push(self.block_syn()?);
        }
        if blocks.is_empty() {
            return self.err_at(self.pos - 1, "a function body needs at least one block");
        }
        self.build_body(fid, blocks)
    }

    fn build_body(&mut self, fid: FuncId, blocks: Vec<BlockSyn>) -> PResult<()> {
        let func = &mut self.prog.funcs[fid];
        // Blocks, keeping their numbers.
        let max_block = blocks.iter().map(|b| b.num).max().unwrap_or(0);
        for _ in 0..=max_block {
            func.blocks.push(BlockData::default());
        }
        let mut seen_blocks: HashMap<u32, ()> = HashMap::new();
        for b in &blocks {
            if seen_blocks.insert(b.num, ()).is_some() {
                let t = &self.toks[b.tok];
                return Err(ParseError {
                    line: t.line,
                    col: t.col,
                    message: format!("block{} is defined twice", b.num),
                });
            }
            func.layout.push(Block::new(b.num as usize));
        }
        // Values, keeping their numbers.
        let mut max_value: Option<u32> = None;
        for b in &blocks {
            for &(n, _, _) in &b.params {
                max_value = max_value.max(Some(n));
            }
            for i in &b.insts {
                if let Some((n, _, _)) = i.result {
                    max_value = max_value.max(Some(n));
                }
            }
        }
        if let Some(m) = max_value {
            for _ in 0..=m {
                func.values.push(ValueData {
                    ty: Type::VOID,
                    def: ValueDef::Unused,
                });
            }
        }
        let toks = self.toks;
        let at = |idx: usize, msg: String| -> ParseError {
            let t = &toks[idx];
            ParseError {
                line: t.line,
                col: t.col,
                message: msg,
            }
        };
        for b in &blocks {
            let block = Block::new(b.num as usize);
            for (k, &(n, ty, idx)) in b.params.iter().enumerate() {
                let v = Value::new(n as usize);
                if func.values[v].def != ValueDef::Unused {
                    return Err(at(idx, format!("value v{n} is defined twice")));
                }
                func.values[v] = ValueData {
                    ty,
                    def: ValueDef::Param(block, k as u32),
                };
                func.blocks[block].params.push(v);
            }
        }
        // Instructions: define results first so that uses may come before definitions.
        let mut inst_ids = Vec::new();
        for b in &blocks {
            for i in &b.insts {
                let inst = func.insts.push(InstData {
                    op: i.op,
                    imm: i.imm.clone(),
                    args: vec![],
                    result: None,
                    catch: None,
                });
                if let Some((n, ty, idx)) = i.result {
                    let v = Value::new(n as usize);
                    if func.values[v].def != ValueDef::Unused {
                        return Err(at(idx, format!("value v{n} is defined twice")));
                    }
                    func.values[v] = ValueData {
                        ty,
                        def: ValueDef::Result(inst),
                    };
                    func.insts[inst].result = Some(v);
                }
                inst_ids.push(inst);
            }
        }
        let nvalues = func.values.len();
        let resolve = |func: &crate::Function, (n, idx): (u32, usize)| -> PResult<Value> {
            if (n as usize) < nvalues && func.values[Value::new(n as usize)].def != ValueDef::Unused
            {
                Ok(Value::new(n as usize))
            } else {
                Err(at(
                    idx,
                    format!("value v{n} is not defined in this function"),
                ))
            }
        };
        let resolve_block = |(n, idx): (u32, usize)| -> PResult<Block> {
            if seen_blocks.contains_key(&n) {
                Ok(Block::new(n as usize))
            } else {
                Err(at(idx, format!("block{n} is not defined in this function")))
            }
        };
        let resolve_call = |func: &crate::Function, c: &CallSyn| -> PResult<BlockCall> {
            let block = resolve_block(c.block)?;
            let mut args = Vec::new();
            for a in &c.args {
                args.push(match a {
                    ArgSyn::Exc => BlockArg::Exc,
                    ArgSyn::Value(n, idx) => BlockArg::Value(resolve(func, (*n, *idx))?),
                });
            }
            Ok(BlockCall { block, args })
        };
        let mut k = 0;
        for b in &blocks {
            let block = Block::new(b.num as usize);
            for i in &b.insts {
                let inst = inst_ids[k];
                k += 1;
                let mut args = Vec::new();
                for &a in &i.args {
                    args.push(resolve(func, a)?);
                }
                func.insts[inst].args = args;
                if let Some(c) = &i.catch {
                    func.insts[inst].catch = Some(resolve_call(func, c)?);
                }
                let _ = i.tok;
                func.blocks[block].insts.push(inst);
            }
            let term = match &b.term {
                TermSyn::Jump(c) => Terminator::Jump(resolve_call(func, c)?),
                TermSyn::Branch(v, a, c) => Terminator::Branch(
                    resolve(func, *v)?,
                    resolve_call(func, a)?,
                    resolve_call(func, c)?,
                ),
                TermSyn::Switch(v, cases, d) => {
                    let mut cs = Vec::new();
                    for (key, c) in cases {
                        cs.push((*key, resolve_call(func, c)?));
                    }
                    Terminator::Switch {
                        value: resolve(func, *v)?,
                        cases: cs,
                        default: resolve_call(func, d)?,
                    }
                }
                TermSyn::Return(v) => Terminator::Return(match v {
                    Some(v) => Some(resolve(func, *v)?),
                    None => None,
                }),
                TermSyn::Raise(v) => Terminator::Raise(resolve(func, *v)?),
                TermSyn::Unreachable => Terminator::Unreachable,
            };
            func.blocks[block].term = Some(term);
        }
        let _ = TypeData::Void;
        Ok(())
    }
}
