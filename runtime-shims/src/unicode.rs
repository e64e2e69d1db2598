//! Unicode properties as CPython 3.11 answers them: `char_class` bits,
//! whitespace, decimal digits, and full case mapping with the final-sigma
//! rule of `str.lower`. Tables come from [`crate::unicode_table`].

use crate::unicode_table::*;

/// `isspace` bit of [`char_class`].
pub const SPACE: u8 = 4;
/// `isprintable` bit.
pub const PRINTABLE: u8 = 32;
/// `isdecimal` bit.
pub const DECIMAL: u8 = 64;

fn run(starts: &[u32], cp: u32) -> usize {
    starts.partition_point(|&s| s <= cp) - 1
}

/// The `char_class` bits of `cp` (0 outside the code space).
pub fn char_class(cp: i64) -> u8 {
    if !(0..0x110000).contains(&cp) {
        return 0;
    }
    CLASS_BITS[run(&CLASS_STARTS, cp as u32)]
}

/// `chr(cp).isspace()`.
pub fn is_space(cp: u32) -> bool {
    if cp < 0x80 {
        return matches!(cp, 9..=13 | 28..=32);
    }
    char_class(cp as i64) & SPACE != 0
}

/// `chr(cp).isprintable()`.
pub fn is_printable(cp: u32) -> bool {
    if cp < 0x80 {
        return (0x20..0x7F).contains(&cp);
    }
    char_class(cp as i64) & PRINTABLE != 0
}

/// The digit value of a decimal code point.
pub fn decimal_value(cp: u32) -> Option<u32> {
    if cp < 0x80 {
        return (0x30..0x3A).contains(&cp).then(|| cp - 0x30);
    }
    if cp >= 0x110000 {
        return None;
    }
    let r = run(&CLASS_STARTS, cp);
    // Decimal digits come in whole contiguous sets of ten.
    (CLASS_BITS[r] & DECIMAL != 0).then(|| (cp - CLASS_STARTS[r]) % 10)
}

fn in_alternating(starts: &[u32], cp: u32) -> bool {
    cp < 0x110000 && run(starts, cp) % 2 == 1
}

fn mapped<'a>(keys: &[u32], at: &[u32], data: &'a [u32], cp: u32) -> Option<&'a [u32]> {
    let i = keys.binary_search(&cp).ok()?;
    let start = (at[i] & 0xFF_FFFF) as usize;
    let n = (at[i] >> 24) as usize;
    Some(&data[start..start + n])
}

fn final_sigma(s: &[u32], i: usize) -> bool {
    let cased = |c: u32| in_alternating(&CASED_STARTS, c);
    let ignorable = |c: u32| in_alternating(&IGNORABLE_STARTS, c);
    let before = s[..i].iter().rev().copied().find(|&c| !ignorable(c));
    if !before.is_some_and(cased) {
        return false;
    }
    let after = s[i + 1..].iter().copied().find(|&c| !ignorable(c));
    !after.is_some_and(cased)
}

/// `s.lower()`.
pub fn lower(s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for (i, &c) in s.iter().enumerate() {
        if c < 0x80 {
            out.push(if (0x41..=0x5A).contains(&c) {
                c + 32
            } else {
                c
            });
        } else if c == 0x3A3 {
            out.push(if final_sigma(s, i) { 0x3C2 } else { 0x3C3 });
        } else {
            match mapped(&LOWER_KEYS, &LOWER_AT, &LOWER_DATA, c) {
                Some(m) => out.extend_from_slice(m),
                None => out.push(c),
            }
        }
    }
    out
}

/// `s.upper()`.
pub fn upper(s: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if c < 0x80 {
            out.push(if (0x61..=0x7A).contains(&c) {
                c - 32
            } else {
                c
            });
        } else {
            match mapped(&UPPER_KEYS, &UPPER_AT, &UPPER_DATA, c) {
                Some(m) => out.extend_from_slice(m),
                None => out.push(c),
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

    fn text(v: Vec<u32>) -> String {
        v.into_iter().map(|c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn classes_and_case_mapping_match_python3() {
        assert_eq!(char_class('a' as i64), 2 | 16 | 32);
        assert_eq!(char_class('7' as i64), 1 | 32 | 64 | 128);
        assert_eq!(char_class(0xA0), SPACE);
        assert_eq!(char_class(0x110000), 0);
        assert_eq!(decimal_value(0x667), Some(7));
        assert_eq!(text(upper(&cps("straße ﬁ"))), "STRASSE FI");
        assert_eq!(text(lower(&cps("İ"))), "i\u{307}");
        assert_eq!(text(lower(&cps("ΑΣ Α"))), "ας α");
        assert_eq!(text(lower(&cps("AΣ."))), "aς.");
        assert_eq!(text(lower(&cps("Σ"))), "σ");
    }
}
