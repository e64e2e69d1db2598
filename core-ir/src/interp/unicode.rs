//! Unicode properties of code points as CPython 3.11 answers them: the
//! `char_class` bits (from the generated [`super::unicode_table`]) and full
//! case mapping for `str.lower`/`str.upper`.

use super::unicode_table::{RUN_CLASSES, RUN_STARTS};

/// `str.isdigit` bit of [`char_class`].
#[cfg(test)]
pub const DIGIT: u8 = 1;
/// `str.isalpha` bit.
#[cfg(test)]
pub const ALPHA: u8 = 2;
/// `str.isspace` bit.
pub const SPACE: u8 = 4;
/// `str.isupper` bit.
#[cfg(test)]
pub const UPPER: u8 = 8;
/// `str.islower` bit.
#[cfg(test)]
pub const LOWER: u8 = 16;
/// `str.isprintable` bit.
pub const PRINTABLE: u8 = 32;
/// `str.isdecimal` bit.
pub const DECIMAL: u8 = 64;
/// `str.isnumeric` bit.
#[cfg(test)]
pub const NUMERIC: u8 = 128;

fn run_of(cp: u32) -> usize {
    // The first run starts at 0, so the partition point is at least 1.
    RUN_STARTS.partition_point(|&s| s <= cp) - 1
}

/// The class bits of code point `cp` (0 for values outside 0..=0x10FFFF).
pub fn char_class(cp: i64) -> u8 {
    match u32::try_from(cp) {
        Ok(c) if c <= 0x10FFFF => RUN_CLASSES[run_of(c)],
        _ => 0,
    }
}

/// Whether `chr(cp).isspace()`.
pub fn is_space(cp: u32) -> bool {
    if cp < 128 {
        return matches!(cp, 9..=13 | 28..=32);
    }
    char_class(cp as i64) & SPACE != 0
}

/// Whether `chr(cp).isprintable()`.
pub fn is_printable(cp: u32) -> bool {
    if cp < 128 {
        return (32..127).contains(&cp);
    }
    char_class(cp as i64) & PRINTABLE != 0
}

/// The value of a decimal digit (`chr(cp).isdecimal()`), if it is one.
pub fn decimal_value(cp: u32) -> Option<u32> {
    if cp < 128 {
        return (48..58).contains(&cp).then(|| cp - 48);
    }
    if cp > 0x10FFFF {
        return None;
    }
    let run = run_of(cp);
    // Decimal digits come in complete, contiguous sets 0..9, and a run of
    // decimal code points is made of whole sets.
    (RUN_CLASSES[run] & DECIMAL != 0).then(|| (cp - RUN_STARTS[run]) % 10)
}

/// Code points whose lowercase mapping is newer than CPython 3.11's Unicode
/// 14.0 (Rust's tables map them; CPython leaves them unchanged).
const NO_LOWER: [(u32, u32); 9] = [
    (7305, 7305),
    (42955, 42956),
    (42958, 42958),
    (42962, 42962),
    (42964, 42964),
    (42970, 42970),
    (42972, 42972),
    (68944, 68965),
    (93856, 93880),
];

/// Likewise for uppercase mappings.
const NO_UPPER: [(u32, u32); 10] = [
    (411, 411),
    (612, 612),
    (7306, 7306),
    (42957, 42957),
    (42959, 42959),
    (42963, 42963),
    (42965, 42965),
    (42971, 42971),
    (68976, 68997),
    (93883, 93907),
];

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges.iter().any(|&(a, b)| (a..=b).contains(&cp))
}

/// Whether `cp` is cased (has the Lowercase or Uppercase property, or is titlecase).
fn is_cased(cp: u32) -> bool {
    match char::from_u32(cp) {
        Some(c) => {
            c.is_lowercase()
                || c.is_uppercase()
                || (c.to_lowercase().ne(std::iter::once(c))
                    && c.to_uppercase().ne(std::iter::once(c)))
        }
        None => false,
    }
}

/// Whether `cp` is case-ignorable. An approximation of the Unicode property:
/// the apostrophes, periods and colons of Word_Break MidLetter/MidNumLet/
/// Single_Quote, soft hyphen and zero-width format characters, modifier
/// letters and symbols, and the combining mark blocks.
fn is_case_ignorable(cp: u32) -> bool {
    matches!(
        cp,
        0x27 | 0x2E
            | 0x3A
            | 0x5E
            | 0x60
            | 0xA8
            | 0xAD
            | 0xAF
            | 0xB4
            | 0xB7
            | 0xB8
            | 0x2B0..=0x36F
            | 0x387
            | 0x483..=0x489
            | 0x55F
            | 0x591..=0x5BD
            | 0x5F4
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x200B..=0x200F
            | 0x2018
            | 0x2019
            | 0x2024
            | 0x2027
            | 0x2060..=0x2064
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE13
            | 0xFE20..=0xFE2F
            | 0xFE52
            | 0xFE55
            | 0xFF07
            | 0xFF0E
            | 0xFF1A
    )
}

/// Whether the capital sigma at `i` is final (CPython's `handle_capital_sigma`).
fn final_sigma(s: &[u32], i: usize) -> bool {
    let before = s[..i].iter().rev().find(|&&c| !is_case_ignorable(c));
    if !before.is_some_and(|&c| is_cased(c)) {
        return false;
    }
    let after = s[i + 1..].iter().find(|&&c| !is_case_ignorable(c));
    !after.is_some_and(|&c| is_cased(c))
}

/// `s.lower()` with full case mapping and the final-sigma rule.
pub fn lower(s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for (i, &cp) in s.iter().enumerate() {
        if cp < 128 {
            out.push(if (65..91).contains(&cp) { cp + 32 } else { cp });
        } else if cp == 0x3A3 {
            out.push(if final_sigma(s, i) { 0x3C2 } else { 0x3C3 });
        } else {
            match char::from_u32(cp) {
                Some(c) if !in_ranges(&NO_LOWER, cp) => {
                    out.extend(c.to_lowercase().map(|x| x as u32))
                }
                _ => out.push(cp),
            }
        }
    }
    out
}

/// `s.upper()` with full case mapping (`'ß'.upper()` is `'SS'`).
pub fn upper(s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for &cp in s {
        if cp < 128 {
            out.push(if (97..123).contains(&cp) { cp - 32 } else { cp });
        } else {
            match char::from_u32(cp) {
                Some(c) if !in_ranges(&NO_UPPER, cp) => {
                    out.extend(c.to_uppercase().map(|x| x as u32))
                }
                _ => out.push(cp),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn classes_match_cpython() {
        // Bits of `chr(cp).isX()` from python3.11.
        assert_eq!(char_class('a' as i64), ALPHA | LOWER | PRINTABLE);
        assert_eq!(char_class('Q' as i64), ALPHA | UPPER | PRINTABLE);
        assert_eq!(
            char_class('7' as i64),
            DIGIT | PRINTABLE | DECIMAL | NUMERIC
        );
        assert_eq!(char_class(' ' as i64), SPACE | PRINTABLE);
        assert_eq!(char_class(0x1c), SPACE);
        assert_eq!(char_class(0xA0), SPACE);
        assert_eq!(char_class(0x200B), 0);
        assert_eq!(char_class(0xB2), DIGIT | PRINTABLE | NUMERIC); // superscript two
        assert_eq!(char_class(0xBD), PRINTABLE | NUMERIC); // one half
        assert_eq!(char_class(0x4E00), ALPHA | PRINTABLE | NUMERIC); // CJK one
        assert_eq!(char_class(0x4E03), ALPHA | PRINTABLE | NUMERIC); // CJK seven
        assert_eq!(char_class(0x661), DIGIT | PRINTABLE | DECIMAL | NUMERIC);
        assert_eq!(char_class(0x1F600), PRINTABLE);
        assert_eq!(char_class(0x10FFFF), 0);
        assert_eq!(char_class(-1), 0);
        assert_eq!(char_class(0x110000), 0);
        assert_eq!(decimal_value(0x667), Some(7));
        assert_eq!(decimal_value(0x1D7D8), Some(0));
        assert_eq!(decimal_value(0x1D7E1), Some(9));
        assert_eq!(decimal_value(0xB2), None);
    }

    #[test]
    fn case_mapping_matches_cpython() {
        let to = |v: Vec<u32>| {
            v.into_iter()
                .map(|c| char::from_u32(c).unwrap())
                .collect::<String>()
        };
        assert_eq!(to(upper(&cps("straße ﬁ"))), "STRASSE FI");
        assert_eq!(to(lower(&cps("İ"))), "i\u{307}");
        assert_eq!(to(lower(&cps("ΑΣ Α"))), "ας α");
        assert_eq!(to(lower(&cps("Σ"))), "σ");
        assert_eq!(to(lower(&cps("AΣ."))), "aς.");
        assert_eq!(to(lower(&cps("ǅ"))), "ǆ");
        assert_eq!(to(upper(&cps("ǅ"))), "Ǆ");
        assert_eq!(to(upper(&cps("ƛ"))), "ƛ");
        assert_eq!(upper(&[0xD800]), vec![0xD800]);
    }
}
