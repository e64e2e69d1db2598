//! Tokens of the runtime language.

/// One token with the line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier or keyword.
    Ident(String),
    /// An integer literal; `true` when it has the `L` suffix.
    Int(i64, bool),
    /// A floating-point literal.
    Double(f64),
    /// A string literal (escapes resolved).
    Str(String),
    /// A character literal (one UTF-16 unit).
    Char(u16),
    /// Punctuation (`{`, `<<=`, `&&`, ...).
    Punct(&'static str),
    /// End of input.
    Eof,
}

const PUNCTS: [&str; 45] = [
    ">>>=", "<<=", ">>=", ">>>", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "++", "--", "{", "}", "(", ")", "[", "]", ";", ",", ".", "=",
    "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", ":",
];

fn escape(chars: &[char], i: &mut usize, line: u32) -> Result<Vec<u16>, String> {
    let c = chars
        .get(*i)
        .copied()
        .ok_or(format!("line {line}: unterminated escape"))?;
    *i += 1;
    Ok(match c {
        'n' => vec![10],
        't' => vec![9],
        'r' => vec![13],
        '0' => vec![0],
        '\\' => vec![92],
        '"' => vec![34],
        '\'' => vec![39],
        'u' => {
            let hex: String = chars
                .get(*i..*i + 4)
                .ok_or(format!("line {line}: bad \\u escape"))?
                .iter()
                .collect();
            *i += 4;
            vec![u16::from_str_radix(&hex, 16)
                .map_err(|_| format!("line {line}: bad \\u escape"))?]
        }
        other => return Err(format!("line {line}: unknown escape \\{other}")),
    })
}

/// Splits `src` into tokens, each with its line number.
pub fn lex(src: &str) -> Result<Vec<(Tok, u32)>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), line));
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            if c == '0' && matches!(chars.get(i + 1), Some('x' | 'X')) {
                i += 2;
                let hs = i;
                while i < chars.len() && chars[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let text: String = chars[hs..i].iter().collect();
                let v =
                    u64::from_str_radix(&text, 16).map_err(|e| format!("line {line}: {e}"))? as i64;
                let long = chars.get(i) == Some(&'L');
                if long {
                    i += 1;
                }
                out.push((Tok::Int(v, long), line));
                continue;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let mut is_float = false;
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if matches!(chars.get(i), Some('e' | 'E')) {
                is_float = true;
                i += 1;
                if matches!(chars.get(i), Some('+' | '-')) {
                    i += 1;
                }
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let text: String = chars[start..i].iter().collect();
            if is_float {
                out.push((
                    Tok::Double(text.parse().map_err(|e| format!("line {line}: {e}"))?),
                    line,
                ));
            } else {
                let v: u64 = text.parse().map_err(|e| format!("line {line}: {e}"))?;
                let long = chars.get(i) == Some(&'L');
                if long {
                    i += 1;
                }
                out.push((Tok::Int(v as i64, long), line));
            }
            continue;
        }
        if c == '"' {
            i += 1;
            let mut units = Vec::new();
            loop {
                match chars.get(i) {
                    None => return Err(format!("line {line}: unterminated string")),
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        i += 1;
                        units.extend(escape(&chars, &mut i, line)?);
                    }
                    Some(&ch) => {
                        let mut buf = [0u16; 2];
                        units.extend_from_slice(ch.encode_utf16(&mut buf));
                        i += 1;
                    }
                }
            }
            out.push((Tok::Str(String::from_utf16_lossy(&units)), line));
            continue;
        }
        if c == '\'' {
            i += 1;
            let unit = match chars.get(i) {
                Some('\\') => {
                    i += 1;
                    escape(&chars, &mut i, line)?[0]
                }
                Some(&ch) => {
                    i += 1;
                    let mut buf = [0u16; 2];
                    ch.encode_utf16(&mut buf)[0]
                }
                None => return Err(format!("line {line}: unterminated char")),
            };
            if chars.get(i) != Some(&'\'') {
                return Err(format!("line {line}: unterminated char"));
            }
            i += 1;
            out.push((Tok::Char(unit), line));
            continue;
        }
        let rest: String = chars[i..(i + 4).min(chars.len())].iter().collect();
        match PUNCTS.iter().find(|p| rest.starts_with(**p)) {
            Some(p) => {
                out.push((Tok::Punct(p), line));
                i += p.len();
            }
            None => return Err(format!("line {line}: unexpected character {c:?}")),
        }
    }
    out.push((Tok::Eof, line));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_literals_and_operators() {
        let toks: Vec<Tok> = lex("x >>>= 0x1FL; 'a' \"q\\n\" 1.5e3 // c\n 7")
            .unwrap()
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            toks,
            vec![
                Tok::Ident("x".into()),
                Tok::Punct(">>>="),
                Tok::Int(31, true),
                Tok::Punct(";"),
                Tok::Char(97),
                Tok::Str("q\n".into()),
                Tok::Double(1500.0),
                Tok::Int(7, false),
                Tok::Eof
            ]
        );
    }
}
