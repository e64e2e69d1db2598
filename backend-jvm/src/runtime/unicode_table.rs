//! The Unicode character classes of CPython 3.11 (`str.isdigit` ... as the
//! bits `char_class` documents), read from `unicode_classes.txt`, which
//! `tools/gen_unicode_table.py` generates.

/// `(first code point, class bits)` runs, in order; a run lasts until the
/// next one starts.
pub fn ranges() -> Vec<(u32, u8)> {
    include_str!("unicode_classes.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter_map(|run| {
            let (start, class) = run.split_once(':')?;
            Some((u32::from_str_radix(start, 16).ok()?, class.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_start_at_zero_ascend_and_classify_ascii_as_python_does() {
        let r = super::ranges();
        assert!(r.len() > 3000);
        assert_eq!(r[0].0, 0);
        assert!(r.windows(2).all(|w| w[0].0 < w[1].0));
        let class = |cp: u32| r[r.partition_point(|&(s, _)| s <= cp) - 1].1;
        // '7': digit, printable, decimal, numeric
        assert_eq!(class('7' as u32), 1 | 32 | 64 | 128);
        // 'a': alpha, lower, printable
        assert_eq!(class('a' as u32), 2 | 16 | 32);
        // ' ': space, printable
        assert_eq!(class(' ' as u32), 4 | 32);
        // '²': digit and numeric, not decimal
        assert_eq!(class(0xB2), 1 | 32 | 128);
    }
}
