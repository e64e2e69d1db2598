//! Parsing constant `%` format strings (`"%-5d %s" % (a, b)`) at translation
//! time, so each directive becomes one call of the prelude.

/// A piece of a `%` format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text (with `%%` already turned into `%`).
    Text(String),
    /// A conversion directive.
    Directive(Directive),
}

/// One `%[flags][width][.prec]conv` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The flag characters among `-+ 0#`, as written.
    pub flags: String,
    /// Field width, -1 if absent.
    pub width: i64,
    /// Precision, -1 if absent.
    pub prec: i64,
    /// The conversion character: one of `d i u x X o e E f F g G s r`.
    pub conv: char,
}

/// Splits a format string into pieces, or describes why it is not supported.
pub fn parse_percent(fmt: &str) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            text.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return Err("incomplete format: `%` at the end of the string".into());
        }
        if chars[i] == '%' {
            text.push('%');
            i += 1;
            continue;
        }
        if chars[i] == '(' {
            return Err("`%(name)` mapping keys are not supported in Kiln Python".into());
        }
        let mut flags = String::new();
        while i < chars.len() && "-+ 0#".contains(chars[i]) {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = -1i64;
        if i < chars.len() && chars[i] == '*' {
            return Err("`*` widths are not supported in Kiln Python".into());
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width = width.max(0) * 10 + chars[i].to_digit(10).unwrap_or(0) as i64;
            i += 1;
        }
        let mut prec = -1i64;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            prec = 0;
            if i < chars.len() && chars[i] == '*' {
                return Err("`*` precisions are not supported in Kiln Python".into());
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                prec = prec * 10 + chars[i].to_digit(10).unwrap_or(0) as i64;
                i += 1;
            }
        }
        // Length modifiers are accepted and ignored, as in CPython.
        while i < chars.len() && "hlL".contains(chars[i]) {
            i += 1;
        }
        if i >= chars.len() {
            return Err("incomplete format directive at the end of the string".into());
        }
        let conv = chars[i];
        i += 1;
        if !"diuxXoeEfFgGsr".contains(conv) {
            return Err(format!("unsupported format character `{conv}`"));
        }
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Directive(Directive {
            flags,
            width,
            prec,
            conv,
        }));
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// The number of directives (values needed) in parsed pieces.
pub fn directive_count(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|p| matches!(p, Piece::Directive(_)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags_width_precision() {
        let p = parse_percent("x=%-5d|%.2f%%|%08.3e %s").unwrap();
        assert_eq!(p.len(), 8);
        assert_eq!(p[6], Piece::Text(" ".into()));
        assert_eq!(p[0], Piece::Text("x=".into()));
        assert_eq!(
            p[1],
            Piece::Directive(Directive {
                flags: "-".into(),
                width: 5,
                prec: -1,
                conv: 'd'
            })
        );
        assert_eq!(p[2], Piece::Text("|".into()));
        assert_eq!(
            p[3],
            Piece::Directive(Directive {
                flags: "".into(),
                width: -1,
                prec: 2,
                conv: 'f'
            })
        );
        assert_eq!(p[4], Piece::Text("%|".into()));
        assert_eq!(
            p[5],
            Piece::Directive(Directive {
                flags: "0".into(),
                width: 8,
                prec: 3,
                conv: 'e'
            })
        );
        assert_eq!(directive_count(&p), 4);
    }

    #[test]
    fn rejects_what_is_not_supported() {
        assert!(parse_percent("%(a)s").is_err());
        assert!(parse_percent("%*d").is_err());
        assert!(parse_percent("%").is_err());
        assert!(parse_percent("%q").is_err());
    }
}
