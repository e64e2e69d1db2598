//! Float to text and back as CPython does it: `repr` (shortest round-trip
//! digits in CPython's layout), `'%.*f'`, `'%.*e'`, `'%.*g'`, and `float(s)`.
//!
//! Digits come from Rust's formatter, which is exact: `{:e}` gives the
//! shortest digits that read back, and `{:.*}`/`{:.*e}` round the exact
//! binary value half-to-even, as CPython's `dtoa` does. Only the layout is
//! redone here.

use super::unicode::{decimal_value, is_space};

/// Precisions beyond this are clamped (CPython's own limit is far beyond
/// what a program prints).
const MAX_PRECISION: i64 = 1_000_000;

/// Splits Rust's `{:e}` text (`-1.5e-7`) into sign, digits without the point, and exponent.
fn sci_parts(text: &str) -> (bool, String, i32) {
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (mant, exp) = body.split_once('e').unwrap_or((body, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (neg, digits, exp.parse().unwrap_or(0))
}

fn special(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("nan")
    } else if x == f64::INFINITY {
        Some("inf")
    } else if x == f64::NEG_INFINITY {
        Some("-inf")
    } else {
        None
    }
}

/// Appends CPython's exponent suffix: `e+05`, `e-07`, `e+100`.
fn push_exp(out: &mut String, exp: i32) {
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
}

/// The shortest round-trip digits of finite `x` (sign, digits, exponent).
///
/// Rust's shortest digits and CPython's (`dtoa` mode 0) agree except when
/// two candidates of the shortest length are exactly equally near `x`:
/// Rust takes the upper one, CPython the one with an even last digit
/// (`1386178170878721.25` is `...721.2` in CPython, `...721.3` in Rust).
fn shortest(x: f64) -> (bool, String, i32) {
    let (neg, digits, exp) = sci_parts(&format!("{x:e}"));
    let n = digits.len();
    // x in one more digit; a tie shows as an exact trailing 5.
    let (_, longer, lexp) = sci_parts(&format!("{:.*e}", n, x));
    if lexp != exp || !longer.ends_with('5') {
        return (neg, digits, exp);
    }
    let lower = &longer[..n];
    if lower.ends_with('9') || lower == digits {
        // A carry would make the upper candidate shorter; or Rust already
        // chose the lower one, whose last digit is then compared below.
        if lower == digits && lower.as_bytes()[n - 1] % 2 == 1 {
            return try_other(x, neg, digits, exp, 1);
        }
        return (neg, digits, exp);
    }
    // Rust chose the upper candidate: keep it only if its last digit is even.
    if digits.as_bytes()[n - 1] % 2 == 0 {
        return (neg, digits, exp);
    }
    try_other(x, neg, digits, exp, -1)
}

/// Replaces `digits` by its neighbour `digits + step` (in the last place)
/// when `x` is exactly halfway between them and the neighbour reads back as `x`.
fn try_other(x: f64, neg: bool, digits: String, exp: i32, step: i8) -> (bool, String, i32) {
    let exact = format!("{:.*e}", 780, x.abs());
    let (_, all, _) = sci_parts(&exact);
    if all[digits.len() + 1..].bytes().any(|b| b != b'0') {
        return (neg, digits, exp);
    }
    let mut other = digits.clone().into_bytes();
    let last = other.len() - 1;
    other[last] = (other[last] as i8 + step) as u8;
    let other = String::from_utf8(other).unwrap_or_default();
    let text = format!("{}0.{}e{}", if neg { "-" } else { "" }, other, exp + 1);
    if text.parse::<f64>() == Ok(x) {
        (neg, other, exp)
    } else {
        (neg, digits, exp)
    }
}

/// `repr(x)`: the shortest text that reads back as `x`, in CPython's layout.
pub fn repr(x: f64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let (neg, digits, exp) = shortest(x);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // `decpt` is where the point goes relative to the digits (0.DIGITS * 10**decpt).
    let decpt = exp + 1;
    let n = digits.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        push_exp(&mut out, exp);
    } else if decpt <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-decpt) as usize));
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        out.push_str(&"0".repeat((decpt - n) as usize));
        out.push_str(".0");
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// `'%.*f' % (p, x)`; a negative precision counts as 0.
pub fn fmt_fixed(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    format!("{:.*}", p.clamp(0, MAX_PRECISION) as usize, x)
}

/// `'%.*e' % (p, x)`; a negative precision counts as 0.
pub fn fmt_exp(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let text = format!("{:.*e}", p.clamp(0, MAX_PRECISION) as usize, x);
    let (mant, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let mut out = mant.to_string();
    push_exp(&mut out, exp.parse().unwrap_or(0));
    out
}

/// `'%.*g' % (p, x)`: `p` significant digits (0 counts as 1), trailing zeros
/// removed, exponent form when the exponent is below -4 or at least `p`.
pub fn fmt_general(x: f64, p: i64) -> String {
    if let Some(s) = special(x) {
        return s.to_string();
    }
    let p = p.clamp(1, MAX_PRECISION) as usize;
    let (neg, digits, exp) = sci_parts(&format!("{:.*e}", p - 1, x));
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= p as i32 {
        let mant = digits.trim_end_matches('0');
        out.push_str(&mant[..1]);
        if mant.len() > 1 {
            out.push('.');
            out.push_str(&mant[1..]);
        }
        push_exp(&mut out, exp);
    } else {
        // Fixed notation with p - 1 - exp decimals, then strip zeros.
        let decimals = (p as i32 - 1 - exp) as usize;
        let fixed = format!("{:.*}", decimals, x.abs());
        let trimmed = if fixed.contains('.') {
            fixed.trim_end_matches('0').trim_end_matches('.')
        } else {
            &fixed
        };
        out.push_str(trimmed);
    }
    out
}

/// `float(s)`: the value, or `None` when CPython raises ValueError.
///
/// Accepts surrounding whitespace, any Unicode decimal digits, a sign,
/// `inf`/`infinity`/`nan` in any case, and underscores between digits.
pub fn parse_float(s: &[u32]) -> Option<f64> {
    let start = s.iter().position(|&c| !is_space(c))?;
    let end = s.iter().rposition(|&c| !is_space(c))? + 1;
    let mut ascii = String::with_capacity(end - start);
    for &c in &s[start..end] {
        if c < 128 {
            ascii.push(c as u8 as char);
        } else {
            ascii.push(char::from_digit(decimal_value(c)?, 10)?);
        }
    }
    let (neg, body) = match ascii.as_bytes().first() {
        Some(b'-') => (true, &ascii[1..]),
        Some(b'+') => (false, &ascii[1..]),
        _ => (false, &ascii[..]),
    };
    let lower = body.to_ascii_lowercase();
    let magnitude = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => parse_decimal(body)?,
    };
    Some(if neg { -magnitude } else { magnitude })
}

/// Parses `digits[.digits][(e|E)[sign]digits]` (at least one mantissa digit;
/// underscores only between two digits) without a sign.
fn parse_decimal(body: &str) -> Option<f64> {
    let b = body.as_bytes();
    let mut clean = String::with_capacity(b.len());
    let mut i = 0;
    let mut mantissa_digits = 0;
    let digits = |i: &mut usize, clean: &mut String| -> usize {
        let mut n = 0;
        while *i < b.len() {
            match b[*i] {
                d @ b'0'..=b'9' => {
                    clean.push(d as char);
                    n += 1;
                }
                b'_' if n > 0 && b.get(*i + 1).is_some_and(u8::is_ascii_digit) => {}
                _ => break,
            }
            *i += 1;
        }
        n
    };
    mantissa_digits += digits(&mut i, &mut clean);
    if b.get(i) == Some(&b'.') {
        clean.push('.');
        i += 1;
        mantissa_digits += digits(&mut i, &mut clean);
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        clean.push('e');
        i += 1;
        if let Some(&sign @ (b'+' | b'-')) = b.get(i) {
            clean.push(sign as char);
            i += 1;
        }
        if digits(&mut i, &mut clean) == 0 {
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
    fn repr_matches_cpython() {
        // Expected texts are python3's repr() of the same values.
        let table: [(f64, &str); 30] = [
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (123456789.0, "123456789.0"),
            (1e22, "1e+22"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1.0, "1.0"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.8, "1234567890123456.8"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.000123, "0.000123"),
            (1e21, "1e+21"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (-1.5, "-1.5"),
            (0.30000000000000004, "0.30000000000000004"),
            (1e100, "1e+100"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
            (1386178170878721.0 + 0.25, "1386178170878721.2"),
            (1386178170878721.0 + 0.75, "1386178170878721.8"),
            (1386178170878720.0 + 0.75, "1386178170878720.8"),
            (-935585609888078.0 - 0.25, "-935585609888078.2"),
        ];
        for (x, want) in table {
            assert_eq!(repr(x), want);
        }
    }

    #[test]
    fn percent_formats_match_cpython() {
        let f = [
            (2.675, 2, "2.67"),
            (0.5, 0, "0"),
            (1.5, 0, "2"),
            (2.5, 0, "2"),
            (-0.0, 3, "-0.000"),
            (1.5, -1, "2"),
            (f64::NEG_INFINITY, 2, "-inf"),
            (1e20, 1, "100000000000000000000.0"),
        ];
        for (x, p, want) in f {
            assert_eq!(fmt_fixed(x, p), want, "%.{p}f of {x}");
        }
        let e = [
            (0.0, 6, "0.000000e+00"),
            (0.1, 20, "1.00000000000000005551e-01"),
            (5.0, 0, "5e+00"),
            (1e100, 0, "1e+100"),
            (1.5, -5, "2e+00"),
            (-1.25e-7, 2, "-1.25e-07"),
            (f64::NAN, 3, "nan"),
        ];
        for (x, p, want) in e {
            assert_eq!(fmt_exp(x, p), want, "%.{p}e of {x}");
        }
        let g = [
            (1e-5, 3, "1e-05"),
            (1e16, 6, "1e+16"),
            (0.1, 20, "0.10000000000000000555"),
            (0.1, 17, "0.10000000000000001"),
            (1.5, 0, "2"),
            (0.0, 0, "0"),
            (0.0001234, 3, "0.000123"),
            (123456.0, 3, "1.23e+05"),
            (123456.0, 10, "123456"),
            (100000.0, 6, "100000"),
            (1000000.0, 6, "1e+06"),
            (1e-4, 6, "0.0001"),
            (1.5e-5, 6, "1.5e-05"),
            (9.99, 2, "10"),
            (99.9, 2, "1e+02"),
            (999.5, 3, "1e+03"),
            (0.05, 1, "0.05"),
            (1e16, 16, "1e+16"),
            (1e16, 17, "10000000000000000"),
            (-2.5, 6, "-2.5"),
            (f64::INFINITY, 3, "inf"),
        ];
        for (x, p, want) in g {
            assert_eq!(fmt_general(x, p), want, "%.{p}g of {x}");
        }
    }

    #[test]
    fn float_from_str_matches_cpython() {
        let parse = |s: &str| parse_float(&s.chars().map(|c| c as u32).collect::<Vec<_>>());
        assert_eq!(parse("1_0"), Some(10.0));
        assert_eq!(parse(" 1e5 "), Some(100000.0));
        assert_eq!(parse("1.e5"), Some(100000.0));
        assert_eq!(parse(".5"), Some(0.5));
        assert_eq!(parse("-iNF"), Some(f64::NEG_INFINITY));
        assert_eq!(parse("infinity"), Some(f64::INFINITY));
        assert!(parse("+nan").is_some_and(f64::is_nan));
        assert_eq!(parse("1_0.5_5e1_0"), Some(105500000000.0));
        assert_eq!(parse("\u{661}\u{662}"), Some(12.0));
        assert_eq!(parse("\u{a0}1\u{a0}"), Some(1.0));
        assert_eq!(parse("1e500"), Some(f64::INFINITY));
        assert_eq!(parse("1e-500"), Some(0.0));
        assert_eq!(parse("0.1"), Some(0.1));
        for bad in [
            "_1", "1__0", "1e", "", " ", "0x10", "1.5_", "1_.5", "infinit", "1 2", "--1", ".",
            "e5", "1e+", "nan1",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
