//! The syntax tree of the runtime language and its parser.
//!
//! ```text
//! file    := class*
//! class   := ["extern"] "class" NAME ["=" DOTTED] [":" NAME] "{" member* "}"
//! member  := ["static"] TYPE NAME ";"                       (field)
//!          | ["static"] TYPE NAME "(" params ")" (block | ";") (method)
//!          | "new" "(" params ")" ";"                       (extern constructor)
//! stmt    := TYPE NAME ["=" expr] ";" | "var" NAME "=" expr ";" | lvalue ASSIGNOP expr ";"
//!          | lvalue ("++"|"--") ";" | expr ";" | "if" "(" expr ")" stmt ["else" stmt]
//!          | "while" "(" expr ")" stmt | "for" "(" stmt? ";" expr? ";" stmt? ")" stmt
//!          | "break" ";" | "continue" ";" | "return" [expr] ";" | "throw" expr ";"
//!          | "try" block ("catch" "(" TYPE NAME ")" block)+ | block
//! ```
//! Expressions are C#'s, with casts `(T)e`, `e is T`, `new T(args)`,
//! `new T[n]` and `blob("name")` (an array filled from static data).

use super::lexer::Tok;

/// A type as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A named type (`long`, `Str`, `StringBuilder`).
    Name(String),
    /// `T[]`
    Array(Box<TypeExpr>),
}

/// A class declaration.
#[derive(Clone, Debug)]
pub struct ClassDecl {
    /// Name used in the source.
    pub name: String,
    /// For `extern` classes: the full CLR name (`System.Text.StringBuilder`).
    pub ext: Option<String>,
    /// Base class name.
    pub base: Option<String>,
    /// An `extern struct` (a value type).
    pub is_struct: bool,
    /// Members.
    pub members: Vec<Member>,
    /// Source line.
    pub line: u32,
}

/// A member of a class.
#[derive(Clone, Debug)]
pub enum Member {
    /// A field.
    Field {
        name: String,
        ty: TypeExpr,
        is_static: bool,
    },
    /// A method (without body in extern classes).
    Method {
        name: String,
        ret: TypeExpr,
        params: Vec<(String, TypeExpr)>,
        is_static: bool,
        body: Option<Vec<Stmt>>,
        line: u32,
    },
    /// A constructor of an extern class.
    Ctor { params: Vec<TypeExpr> },
}

/// A statement with its line.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What it does.
    pub kind: StmtKind,
    /// Source line.
    pub line: u32,
}

/// Statement kinds.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `T x = e;` / `var x = e;` (type `None` for `var`).
    Local(Option<TypeExpr>, String, Option<Expr>),
    /// `lhs = e;` or `lhs op= e;` (with the operator).
    Assign(Expr, Option<&'static str>, Expr),
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `if`
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `while`
    While(Expr, Vec<Stmt>),
    /// `for (init; cond; step) body`
    For(Vec<Stmt>, Option<Expr>, Vec<Stmt>, Vec<Stmt>),
    /// `break;`
    Break,
    /// `continue;`
    Continue,
    /// `return [e];`
    Return(Option<Expr>),
    /// `throw e;`
    Throw(Expr),
    /// `{ ... }`
    Block(Vec<Stmt>),
    /// `try { } catch (T e) { } ...`
    Try(Vec<Stmt>, Vec<(TypeExpr, String, Vec<Stmt>)>),
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Integer literal (`true`: long suffix).
    Int(i64, bool),
    /// Float literal.
    Double(f64),
    /// String literal.
    Str(String),
    /// Char literal.
    Char(u16),
    /// `true`/`false`
    Bool(bool),
    /// `null`
    Null,
    /// A name (local, parameter, static field of the current class, or class).
    Name(String),
    /// `e.name`
    Member(Box<Expr>, String),
    /// `e[i]`
    Index(Box<Expr>, Box<Expr>),
    /// `f(args)` where `f` is a name or member.
    Call(Box<Expr>, Vec<Expr>),
    /// `new T(args)`
    New(String, Vec<Expr>),
    /// `new T[n]`
    NewArray(TypeExpr, Box<Expr>),
    /// Unary operator.
    Unary(&'static str, Box<Expr>),
    /// Binary operator.
    Binary(&'static str, Box<Expr>, Box<Expr>),
    /// `(T)e`
    Cast(TypeExpr, Box<Expr>),
    /// `e is T`
    Is(Box<Expr>, TypeExpr),
    /// `blob("name")`
    Blob(String),
    /// `default(T)`: zero, false or null.
    Default(TypeExpr),
    /// `c ? a : b` is not supported; `cond(c, a, b)` is written as a call.
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
}

const PRIMS: [&str; 11] = [
    "void", "bool", "byte", "char", "ushort", "int", "long", "ulong", "double", "string", "object",
];

/// The parser over a token list.
pub struct Parser {
    toks: Vec<(Tok, u32)>,
    pos: usize,
}

type R<T> = Result<T, String>;

impl Parser {
    /// A parser of `toks`.
    pub fn new(toks: Vec<(Tok, u32)>) -> Self {
        Parser { toks, pos: 0 }
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].0
    }

    fn line(&self) -> u32 {
        self.toks[self.pos].1
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn err<T>(&self, what: &str) -> R<T> {
        Err(format!(
            "line {}: expected {what}, found {:?}",
            self.line(),
            self.peek()
        ))
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == k)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.next();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str) -> R<()> {
        if self.eat(p) {
            Ok(())
        } else {
            self.err(&format!("`{p}`"))
        }
    }

    fn ident(&mut self) -> R<String> {
        match self.next() {
            Tok::Ident(s) => Ok(s),
            _ => {
                self.pos -= 1;
                self.err("a name")
            }
        }
    }

    /// Parses a whole file.
    pub fn file(&mut self) -> R<Vec<ClassDecl>> {
        let mut out = Vec::new();
        while *self.peek() != Tok::Eof {
            out.push(self.class()?);
        }
        Ok(out)
    }

    fn class(&mut self) -> R<ClassDecl> {
        let line = self.line();
        let is_extern = self.is_kw("extern");
        if is_extern {
            self.next();
        }
        let is_struct = is_extern && self.is_kw("struct");
        if !self.is_kw("class") && !is_struct {
            return self.err("`class`");
        }
        self.next();
        let name = self.ident()?;
        let ext = if is_extern {
            self.expect("=")?;
            let mut full = self.ident()?;
            while self.eat(".") {
                full.push('.');
                full.push_str(&self.ident()?);
            }
            Some(full)
        } else {
            None
        };
        let base = if self.eat(":") {
            Some(self.ident()?)
        } else {
            None
        };
        self.expect("{")?;
        let mut members = Vec::new();
        while !self.eat("}") {
            members.push(self.member()?);
        }
        Ok(ClassDecl {
            name,
            ext,
            is_struct,
            base,
            members,
            line,
        })
    }

    fn type_expr(&mut self) -> R<TypeExpr> {
        let mut t = TypeExpr::Name(self.ident()?);
        while self.is("[") && matches!(self.peek_at(1), Tok::Punct("]")) {
            self.next();
            self.next();
            t = TypeExpr::Array(Box::new(t));
        }
        Ok(t)
    }

    fn member(&mut self) -> R<Member> {
        let line = self.line();
        if self.is_kw("new") {
            self.next();
            self.expect("(")?;
            let mut params = Vec::new();
            while !self.eat(")") {
                params.push(self.type_expr()?);
                if !self.is(")") {
                    self.expect(",")?;
                }
            }
            self.expect(";")?;
            return Ok(Member::Ctor { params });
        }
        let is_static = self.is_kw("static");
        if is_static {
            self.next();
        }
        let ty = self.type_expr()?;
        let name = self.ident()?;
        if self.eat(";") {
            return Ok(Member::Field {
                name,
                ty,
                is_static,
            });
        }
        self.expect("(")?;
        let mut params = Vec::new();
        let mut anon = 0;
        while !self.eat(")") {
            let pty = self.type_expr()?;
            let pname = if let Tok::Ident(_) = self.peek() {
                self.ident()?
            } else {
                anon += 1;
                format!("${anon}")
            };
            params.push((pname, pty));
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        let body = if self.eat(";") {
            None
        } else {
            Some(self.block()?)
        };
        Ok(Member::Method {
            name,
            ret: ty,
            params,
            is_static,
            body,
            line,
        })
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        self.expect("{")?;
        let mut out = Vec::new();
        while !self.eat("}") {
            out.push(self.stmt()?);
        }
        Ok(out)
    }

    fn body(&mut self) -> R<Vec<Stmt>> {
        if self.is("{") {
            self.block()
        } else {
            Ok(vec![self.stmt()?])
        }
    }

    /// Whether the tokens at the cursor start a local declaration `T x`.
    fn starts_decl(&self) -> bool {
        let Tok::Ident(first) = self.peek() else {
            return false;
        };
        if first == "var" {
            return matches!(self.peek_at(1), Tok::Ident(_));
        }
        let mut k = 1;
        while matches!(self.peek_at(k), Tok::Punct("["))
            && matches!(self.peek_at(k + 1), Tok::Punct("]"))
        {
            k += 2;
        }
        matches!(self.peek_at(k), Tok::Ident(_)) && !["return", "throw"].contains(&first.as_str())
    }

    fn simple_stmt(&mut self) -> R<Stmt> {
        let line = self.line();
        if self.starts_decl() {
            let ty = if self.is_kw("var") {
                self.next();
                None
            } else {
                Some(self.type_expr()?)
            };
            let name = self.ident()?;
            let init = if self.eat("=") {
                Some(self.expr()?)
            } else {
                None
            };
            return Ok(Stmt {
                kind: StmtKind::Local(ty, name, init),
                line,
            });
        }
        let e = self.expr()?;
        for op in [
            "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=",
        ] {
            if self.eat(op) {
                let rhs = self.expr()?;
                let bin = if op == "=" { None } else { Some(binop_of(op)) };
                return Ok(Stmt {
                    kind: StmtKind::Assign(e, bin, rhs),
                    line,
                });
            }
        }
        if self.eat("++") {
            return Ok(Stmt {
                kind: StmtKind::Assign(e, Some("+"), Expr::Int(1, false)),
                line,
            });
        }
        if self.eat("--") {
            return Ok(Stmt {
                kind: StmtKind::Assign(e, Some("-"), Expr::Int(1, false)),
                line,
            });
        }
        Ok(Stmt {
            kind: StmtKind::Expr(e),
            line,
        })
    }

    fn stmt(&mut self) -> R<Stmt> {
        let line = self.line();
        let kw = match self.peek() {
            Tok::Ident(s) => s.clone(),
            Tok::Punct("{") => {
                return Ok(Stmt {
                    kind: StmtKind::Block(self.block()?),
                    line,
                })
            }
            _ => String::new(),
        };
        let kind = match kw.as_str() {
            "if" => {
                self.next();
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                let then = self.body()?;
                let els = if self.is_kw("else") {
                    self.next();
                    self.body()?
                } else {
                    vec![]
                };
                StmtKind::If(c, then, els)
            }
            "while" => {
                self.next();
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                StmtKind::While(c, self.body()?)
            }
            "for" => {
                self.next();
                self.expect("(")?;
                let init = if self.is(";") {
                    vec![]
                } else {
                    vec![self.simple_stmt()?]
                };
                self.expect(";")?;
                let cond = if self.is(";") {
                    None
                } else {
                    Some(self.expr()?)
                };
                self.expect(";")?;
                let step = if self.is(")") {
                    vec![]
                } else {
                    vec![self.simple_stmt()?]
                };
                self.expect(")")?;
                StmtKind::For(init, cond, step, self.body()?)
            }
            "break" => {
                self.next();
                self.expect(";")?;
                StmtKind::Break
            }
            "continue" => {
                self.next();
                self.expect(";")?;
                StmtKind::Continue
            }
            "return" => {
                self.next();
                let e = if self.is(";") {
                    None
                } else {
                    Some(self.expr()?)
                };
                self.expect(";")?;
                StmtKind::Return(e)
            }
            "throw" => {
                self.next();
                let e = self.expr()?;
                self.expect(";")?;
                StmtKind::Throw(e)
            }
            "try" => {
                self.next();
                let body = self.block()?;
                let mut catches = Vec::new();
                while self.is_kw("catch") {
                    self.next();
                    self.expect("(")?;
                    let t = self.type_expr()?;
                    let n = self.ident()?;
                    self.expect(")")?;
                    catches.push((t, n, self.block()?));
                }
                StmtKind::Try(body, catches)
            }
            _ => {
                let s = self.simple_stmt()?;
                self.expect(";")?;
                return Ok(s);
            }
        };
        Ok(Stmt { kind, line })
    }

    /// Parses an expression.
    pub fn expr(&mut self) -> R<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> R<Expr> {
        const LEVELS: [&[&str]; 10] = [
            &["||"],
            &["&&"],
            &["|"],
            &["^"],
            &["&"],
            &["==", "!="],
            &["<", "<=", ">", ">="],
            &["<<", ">>", ">>>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut lhs = self.binary(level + 1)?;
        loop {
            if level == 6 && self.is_kw("is") {
                self.next();
                let t = self.type_expr()?;
                lhs = Expr::Is(Box::new(lhs), t);
                continue;
            }
            let Some(op) = LEVELS[level].iter().find(|op| self.is(op)) else {
                break;
            };
            self.next();
            let rhs = self.binary(level + 1)?;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> R<Expr> {
        for op in ["-", "!", "~"] {
            if self.eat(op) {
                let e = self.unary()?;
                return Ok(match (op, e) {
                    ("-", Expr::Int(v, l)) => Expr::Int(v.wrapping_neg(), l),
                    ("-", Expr::Double(v)) => Expr::Double(-v),
                    (_, e) => Expr::Unary(op, Box::new(e)),
                });
            }
        }
        // A cast: `(` TYPE `)` followed by something that starts an operand.
        if self.is("(") {
            if let Tok::Ident(name) = self.peek_at(1).clone() {
                let mut k = 2;
                while matches!(self.peek_at(k), Tok::Punct("["))
                    && matches!(self.peek_at(k + 1), Tok::Punct("]"))
                {
                    k += 2;
                }
                let closes = matches!(self.peek_at(k), Tok::Punct(")"));
                let operand = matches!(
                    self.peek_at(k + 1),
                    Tok::Ident(_)
                        | Tok::Int(..)
                        | Tok::Double(_)
                        | Tok::Str(_)
                        | Tok::Char(_)
                        | Tok::Punct("(" | "!" | "~")
                );
                let prim = PRIMS.contains(&name.as_str());
                if closes && (operand || (prim && matches!(self.peek_at(k + 1), Tok::Punct("-")))) {
                    self.next();
                    let t = self.type_expr()?;
                    self.expect(")")?;
                    let e = self.unary()?;
                    return Ok(Expr::Cast(t, Box::new(e)));
                }
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> R<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                let name = self.ident()?;
                e = Expr::Member(Box::new(e), name);
            } else if self.is("(") {
                let args = self.args()?;
                e = Expr::Call(Box::new(e), args);
            } else if self.eat("[") {
                let i = self.expr()?;
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(i));
            } else {
                return Ok(e);
            }
        }
    }

    fn args(&mut self) -> R<Vec<Expr>> {
        self.expect("(")?;
        let mut args = Vec::new();
        while !self.eat(")") {
            args.push(self.expr()?);
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        Ok(args)
    }

    fn primary(&mut self) -> R<Expr> {
        match self.next() {
            Tok::Int(v, l) => Ok(Expr::Int(v, l)),
            Tok::Double(v) => Ok(Expr::Double(v)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Char(c) => Ok(Expr::Char(c)),
            Tok::Punct("(") => {
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Ident(s) => match s.as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                "new" => {
                    let name = self.ident()?;
                    if self.eat("[") {
                        let n = self.expr()?;
                        self.expect("]")?;
                        let mut t = TypeExpr::Name(name);
                        while self.is("[") && matches!(self.peek_at(1), Tok::Punct("]")) {
                            self.next();
                            self.next();
                            t = TypeExpr::Array(Box::new(t));
                        }
                        Ok(Expr::NewArray(t, Box::new(n)))
                    } else {
                        Ok(Expr::New(name, self.args()?))
                    }
                }
                "blob" => {
                    self.expect("(")?;
                    let Tok::Str(name) = self.next() else {
                        return self.err("a blob name");
                    };
                    self.expect(")")?;
                    Ok(Expr::Blob(name))
                }
                "default" => {
                    self.expect("(")?;
                    let t = self.type_expr()?;
                    self.expect(")")?;
                    Ok(Expr::Default(t))
                }
                "cond" => {
                    let mut a = self.args()?;
                    if a.len() != 3 {
                        return self.err("three arguments to cond");
                    }
                    let (z, y, x) = (a.pop().unwrap(), a.pop().unwrap(), a.pop().unwrap());
                    Ok(Expr::Cond(Box::new(x), Box::new(y), Box::new(z)))
                }
                _ => Ok(Expr::Name(s)),
            },
            _ => {
                self.pos -= 1;
                self.err("an expression")
            }
        }
    }
}

fn binop_of(assign: &str) -> &'static str {
    match assign {
        "+=" => "+",
        "-=" => "-",
        "*=" => "*",
        "/=" => "/",
        "%=" => "%",
        "&=" => "&",
        "|=" => "|",
        "^=" => "^",
        "<<=" => "<<",
        ">>=" => ">>",
        _ => ">>>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtlang::lexer::lex;

    #[test]
    fn parses_classes_statements_and_precedence() {
        let src = "class A : B { static long x; static long f(long a, int[] b) { var y = a + 2 * b[0]; if (y < 3 && !(y == 4)) return (long)y; x += 1; return -1L; } }";
        let classes = Parser::new(lex(src).unwrap()).file().unwrap();
        assert_eq!(classes.len(), 1);
        assert_eq!(classes[0].base.as_deref(), Some("B"));
        let Member::Method {
            body: Some(body),
            params,
            ..
        } = &classes[0].members[1]
        else {
            panic!()
        };
        assert_eq!(params.len(), 2);
        let StmtKind::Local(None, _, Some(Expr::Binary("+", _, rhs))) = &body[0].kind else {
            panic!("{:?}", body[0])
        };
        assert!(matches!(**rhs, Expr::Binary("*", _, _)));
        let StmtKind::If(_, then, _) = &body[1].kind else {
            panic!()
        };
        assert!(matches!(
            &then[0].kind,
            StmtKind::Return(Some(Expr::Cast(..)))
        ));
        assert!(matches!(&body[2].kind, StmtKind::Assign(_, Some("+"), _)));
    }
}
