//! Floats as text, as CPython writes and reads them: `repr` (the shortest
//! digits that read back, from Ryu, in CPython's layout), `'%.*f'`,
//! `'%.*e'`, `'%.*g'` (Rust's exact formatter rounds the binary value half
//! to even, as CPython's dtoa), and `float(s)`.

/// Precisions beyond this are clamped.
const MAX_PRECISION: i64 = 1_000_000;

fn special(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("nan")
    } else if x.is_infinite() {
        Some(if x > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

/// Decimal digits (no leading or trailing zeros, at least one digit) and
/// the position of the point: the value is `0.DIGITS * 10**point`.
struct Decimal {
    digits: Vec<u8>,
    point: i32,
}

/// Parses `[-]d[.ddd][e[-]n]` as written by Ryu or Rust's `{:e}`.
fn decimal_of(text: &str) -> Decimal {
    let body = text.trim_start_matches('-');
    let (mant, exp) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (body, 0),
    };
    let int_len = mant.find('.').unwrap_or(mant.len()) as i32;
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    let lead = digits.iter().take_while(|&&d| d == b'0').count();
    digits.drain(..lead);
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        digits.push(b'0');
        return Decimal { digits, point: 1 };
    }
    Decimal {
        digits,
        point: int_len + exp - lead as i32,
    }
}

fn push_exponent(out: &mut String, e: i32) {
    out.push('e');
    out.push(if e < 0 { '-' } else { '+' });
    let a = e.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

/// `repr(x)`.
pub fn repr(x: f64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let mut buf = ryu::Buffer::new();
    let d = decimal_of(buf.format_finite(x));
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let digits = std::str::from_utf8(&d.digits).unwrap_or("0");
    let n = digits.len() as i32;
    if x == 0.0 {
        out.push_str("0.0");
    } else if -4 < d.point && d.point <= 16 {
        if d.point <= 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-d.point) as usize));
            out.push_str(digits);
        } else if d.point >= n {
            out.push_str(digits);
            out.push_str(&"0".repeat((d.point - n) as usize));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..d.point as usize]);
            out.push('.');
            out.push_str(&digits[d.point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        push_exponent(&mut out, d.point - 1);
    }
    out
}

/// `'%.*f' % (p, x)`; a negative precision counts as 0.
pub fn fixed(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    format!("{:.*}", p.clamp(0, MAX_PRECISION) as usize, x)
}

/// `'%.*e' % (p, x)`.
pub fn exponent(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let t = format!("{:.*e}", p.clamp(0, MAX_PRECISION) as usize, x);
    let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
    let mut out = m.to_string();
    push_exponent(&mut out, e.parse().unwrap_or(0));
    out
}

/// `'%.*g' % (p, x)`.
pub fn general(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let p = p.clamp(1, MAX_PRECISION) as usize;
    let t = format!("{:.*e}", p - 1, x);
    let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let mut out = String::new();
    if e < -4 || e >= p as i32 {
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        out.push_str(m);
        push_exponent(&mut out, e);
    } else {
        let f = format!("{:.*}", (p as i32 - 1 - e) as usize, x);
        if f.contains('.') {
            out.push_str(f.trim_end_matches('0').trim_end_matches('.'));
        } else {
            out.push_str(&f);
        }
    }
    out
}

/// `float(s)` of the code points `s`: the value, or `None` for ValueError.
pub fn parse(s: &[u32]) -> Option<f64> {
    let is_space = |c: u32| crate::unicode::is_space(c);
    let start = s.iter().position(|&c| !is_space(c))?;
    let end = s.iter().rposition(|&c| !is_space(c))? + 1;
    let mut t = String::with_capacity(end - start);
    for &c in &s[start..end] {
        if c < 0x80 {
            t.push(c as u8 as char);
        } else {
            let d = crate::unicode::decimal_value(c)?;
            t.push((b'0' + d as u8) as char);
        }
    }
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, &t[..]),
    };
    let v = match body.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => parse_number(body)?,
    };
    Some(if neg { -v } else { v })
}

/// `digits[.digits][e[sign]digits]` with underscores only between digits.
fn parse_number(body: &str) -> Option<f64> {
    let b = body.as_bytes();
    let mut clean = String::with_capacity(b.len());
    let mut i = 0;
    let run = |i: &mut usize, clean: &mut String| -> usize {
        let mut n = 0;
        while *i < b.len() {
            let c = b[*i];
            if c.is_ascii_digit() {
                clean.push(c as char);
                n += 1;
            } else if !(c == b'_' && n > 0 && b.get(*i + 1).is_some_and(u8::is_ascii_digit)) {
                break;
            }
            *i += 1;
        }
        n
    };
    let mut mant = run(&mut i, &mut clean);
    if b.get(i) == Some(&b'.') {
        clean.push('.');
        i += 1;
        mant += run(&mut i, &mut clean);
    }
    if mant == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        clean.push('e');
        i += 1;
        if let Some(&c @ (b'+' | b'-')) = b.get(i) {
            clean.push(c as char);
            i += 1;
        }
        if run(&mut i, &mut clean) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    clean.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_table_from_python3() {
        let table: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (123456789.0, "123456789.0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (1234567890123456.8, "1234567890123456.8"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.000123, "0.000123"),
            (0.30000000000000004, "0.30000000000000004"),
            (1386178170878721.0 + 0.25, "1386178170878721.2"),
            (1386178170878721.0 + 0.75, "1386178170878721.8"),
            (-935585609888078.0 - 0.25, "-935585609888078.2"),
            (2.5, "2.5"),
            (100.0, "100.0"),
            (1e15, "1000000000000000.0"),
        ];
        for &(x, want) in table {
            assert_eq!(repr(x), want, "repr of {x:e}");
        }
    }

    #[test]
    fn percent_formats_from_python3() {
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(-0.0, 3), "-0.000");
        assert_eq!(exponent(0.1, 20), "1.00000000000000005551e-01");
        assert_eq!(exponent(1e100, 0), "1e+100");
        assert_eq!(general(1e-5, 3), "1e-05");
        assert_eq!(general(0.1, 17), "0.10000000000000001");
        assert_eq!(general(123456.0, 3), "1.23e+05");
        assert_eq!(general(100000.0, 6), "100000");
        assert_eq!(general(9.99, 2), "10");
        assert_eq!(general(99.9, 2), "1e+02");
        assert_eq!(general(0.0, 0), "0");
    }

    #[test]
    fn parse_like_cpython() {
        let p = |s: &str| parse(&s.chars().map(|c| c as u32).collect::<Vec<_>>());
        assert_eq!(p(" 1_0.5 "), Some(10.5));
        assert_eq!(p("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(p(".5e1"), Some(5.0));
        for bad in ["", "1e", "_1", "1__0", "0x1", "."] {
            assert_eq!(p(bad), None, "{bad:?}");
        }
    }
}
