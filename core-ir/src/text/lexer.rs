//! Tokens of the `.kir` text form.

/// A token kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name: letters, digits, `_` and inner `.` (`Shape.area`, `v3`, `block2`, `int_add`).
    Ident(String),
    /// `@name`: a function.
    FuncName(String),
    /// `$name`: a global.
    GlobalName(String),
    /// An integer literal (with optional `-`), kept as text.
    Int(String),
    /// A float literal, kept as text.
    Float(String),
    /// A string literal, unescaped.
    Str(String),
    /// Punctuation: one of `{ } ( ) [ ] < > : , = ;` or `->`.
    Punct(&'static str),
    /// End of input.
    Eof,
}

/// A token with its 1-based position.
#[derive(Clone, Debug)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Line (1-based).
    pub line: u32,
    /// Column (1-based, in characters).
    pub col: u32,
}

/// A lexical error at a position.
#[derive(Debug)]
pub struct LexError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits `src` into tokens, ending with [`Tok::Eof`]. A `;` at the start of
/// a line or after whitespace starts a comment running to the end of the
/// line; directly after another character it is punctuation (as in
/// `jit_merge_point d(v1; v2)` and `func @f(int) -> int;`).
pub fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let (mut line, mut col) = (1u32, 1u32);
    let mut out = Vec::new();
    macro_rules! bump {
        () => {{
            let c = chars[i];
            i += 1;
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            c
        }};
    }
    let ident = |i: &mut usize, line: &mut u32, col: &mut u32| -> String {
        let mut s = String::new();
        while *i < chars.len() {
            let c = chars[*i];
            let dot_ok =
                c == '.' && *i + 1 < chars.len() && is_ident_char(chars[*i + 1]) && !s.is_empty();
            if is_ident_char(c) || dot_ok {
                s.push(c);
                *i += 1;
                *col += 1;
            } else {
                break;
            }
        }
        let _ = line;
        s
    };
    while i < chars.len() {
        let c = chars[i];
        let (tl, tc) = (line, col);
        if c == ';' && (i == 0 || chars[i - 1].is_whitespace()) {
            while i < chars.len() && chars[i] != '\n' {
                bump!();
            }
            continue;
        }
        if c.is_whitespace() {
            bump!();
            continue;
        }
        let tok = if is_ident_start(c) {
            Tok::Ident(ident(&mut i, &mut line, &mut col))
        } else if c == '@' || c == '$' {
            bump!();
            if i >= chars.len() || !is_ident_start(chars[i]) {
                return Err(LexError {
                    line: tl,
                    col: tc,
                    message: format!("expected a name after `{c}`"),
                });
            }
            // Function and global names may also contain `$` (specialized
            // copies are named `f$1`).
            let mut name = ident(&mut i, &mut line, &mut col);
            while i < chars.len() && chars[i] == '$' {
                name.push('$');
                i += 1;
                col += 1;
                name.push_str(&ident(&mut i, &mut line, &mut col));
            }
            if c == '@' {
                Tok::FuncName(name)
            } else {
                Tok::GlobalName(name)
            }
        } else if c.is_ascii_digit()
            || (c == '-'
                && i + 1 < chars.len()
                && (chars[i + 1].is_ascii_digit() || chars[i + 1] == 'i'))
        {
            let mut s = String::new();
            s.push(bump!());
            let mut is_float = false;
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_alphanumeric()
                    || d == '.'
                    || ((d == '+' || d == '-') && matches!(s.chars().last(), Some('e' | 'E')))
                {
                    if d == '.' || d == 'e' || d == 'E' || d == 'i' || d == 'n' {
                        is_float = true;
                    }
                    s.push(bump!());
                } else {
                    break;
                }
            }
            if is_float {
                Tok::Float(s)
            } else {
                Tok::Int(s)
            }
        } else if c == '"' {
            bump!();
            let mut s = String::new();
            loop {
                if i >= chars.len() {
                    return Err(LexError {
                        line: tl,
                        col: tc,
                        message: "unterminated string literal".into(),
                    });
                }
                let d = bump!();
                match d {
                    '"' => break,
                    '\n' => {
                        return Err(LexError {
                            line: tl,
                            col: tc,
                            message: "unterminated string literal".into(),
                        })
                    }
                    '\\' => {
                        if i >= chars.len() {
                            return Err(LexError {
                                line: tl,
                                col: tc,
                                message: "unterminated string literal".into(),
                            });
                        }
                        let (el, ec) = (line, col);
                        let e = bump!();
                        match e {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            '\\' => s.push('\\'),
                            '"' => s.push('"'),
                            '0' => s.push('\0'),
                            'u' => {
                                if i >= chars.len() || chars[i] != '{' {
                                    return Err(LexError {
                                        line: el,
                                        col: ec,
                                        message: "expected `{` after `\\u`".into(),
                                    });
                                }
                                bump!();
                                let mut hex = String::new();
                                while i < chars.len() && chars[i] != '}' {
                                    hex.push(bump!());
                                }
                                if i >= chars.len() {
                                    return Err(LexError {
                                        line: el,
                                        col: ec,
                                        message: "unterminated `\\u{...}` escape".into(),
                                    });
                                }
                                bump!();
                                let ch =
                                    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                                match ch {
                                    Some(ch) => s.push(ch),
                                    None => {
                                        return Err(LexError {
                                            line: el,
                                            col: ec,
                                            message: format!("invalid code point `\\u{{{hex}}}`"),
                                        })
                                    }
                                }
                            }
                            other => {
                                return Err(LexError {
                                    line: el,
                                    col: ec - 1,
                                    message: format!("unknown escape `\\{other}`"),
                                })
                            }
                        }
                    }
                    d => s.push(d),
                }
            }
            Tok::Str(s)
        } else if c == '-' && i + 1 < chars.len() && chars[i + 1] == '>' {
            bump!();
            bump!();
            Tok::Punct("->")
        } else {
            let p = match c {
                '{' => "{",
                '}' => "}",
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                '<' => "<",
                '>' => ">",
                ':' => ":",
                ',' => ",",
                '=' => "=",
                ';' => ";",
                _ => {
                    return Err(LexError {
                        line: tl,
                        col: tc,
                        message: format!("unexpected character `{c}`"),
                    })
                }
            };
            bump!();
            Tok::Punct(p)
        };
        out.push(Token {
            tok,
            line: tl,
            col: tc,
        });
    }
    out.push(Token {
        tok: Tok::Eof,
        line,
        col,
    });
    Ok(out)
}
