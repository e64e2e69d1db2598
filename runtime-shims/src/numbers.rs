//! Int and float operations that generated code calls instead of inlining,
//! with CPython's results and messages, and CPython's numeric hash.

use crate::exc::raise;
use crate::layout::exc;
use crate::{float_text, str_obj};

const HASH_MOD: u64 = (1 << 61) - 1;

/// CPython's `hash()` of an int.
pub fn hash_int(v: i64) -> i64 {
    let m = (v.unsigned_abs() % HASH_MOD) as i64;
    let h = if v < 0 { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's `hash()` of a uint.
pub fn hash_uint(v: u64) -> i64 {
    (v % HASH_MOD) as i64
}

/// CPython's `hash()` of a float (equal to the int's for integral values).
pub fn hash_float(v: f64) -> i64 {
    if v.is_nan() || v == 0.0 {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { 314_159 } else { -314_159 };
    }
    // v = m * 2**e with 0.5 <= |m| < 1.
    let bits = v.abs().to_bits();
    let (mut m, mut e) = if (bits >> 52) & 0x7ff == 0 {
        let scaled = v.abs() * f64::from_bits((1023u64 + 64) << 52);
        let b = scaled.to_bits();
        (
            f64::from_bits((b & !(0x7ffu64 << 52)) | (1022u64 << 52)),
            ((b >> 52) & 0x7ff) as i32 - 1022 - 64,
        )
    } else {
        (
            f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52)),
            ((bits >> 52) & 0x7ff) as i32 - 1022,
        )
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MOD) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MOD {
            x -= HASH_MOD;
        }
    }
    let e = if e >= 0 { e % 61 } else { 60 - ((-1 - e) % 61) } as u32;
    x = ((x << e) & HASH_MOD) | (x >> (61 - e));
    let h = if v < 0.0 { -(x as i64) } else { x as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython 3.11's tuple hash of the item hashes.
pub fn hash_tuple(items: &[i64]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for &h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    }
}

/// `hash(int)`.
#[no_mangle]
pub extern "C" fn kiln_hash_int(v: i64) -> i64 {
    hash_int(v)
}

/// `hash(uint)`.
#[no_mangle]
pub extern "C" fn kiln_hash_uint(v: u64) -> i64 {
    hash_uint(v)
}

/// `hash(float)`.
#[no_mangle]
pub extern "C" fn kiln_hash_float(v: f64) -> i64 {
    hash_float(v)
}

/// `a ** b` for ints.
#[no_mangle]
pub extern "C" fn kiln_int_pow(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise(exc::VALUE_ERROR, "negative exponent");
        return 0;
    }
    let (mut base, mut e, mut acc) = (a, b as u64, 1i64);
    while e > 0 {
        if e & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    acc
}

/// `a / b` for ints, correctly rounded.
#[no_mangle]
pub extern "C" fn kiln_int_truediv(a: i64, b: i64) -> f64 {
    if b == 0 {
        raise(exc::ZERO_DIVISION_ERROR, "division by zero");
        return 0.0;
    }
    const EXACT: u64 = 1 << 53;
    let (ua, ub) = (a.unsigned_abs(), b.unsigned_abs());
    if ua <= EXACT && ub <= EXACT {
        return a as f64 / b as f64;
    }
    let neg = (a < 0) != (b < 0);
    if ua == 0 {
        return if neg { -0.0 } else { 0.0 };
    }
    let bits = |x: u64| 64 - x.leading_zeros() as i32;
    let shift = (55 + bits(ub) - bits(ua)).max(0);
    let num = (ua as u128) << shift;
    let q = num / ub as u128;
    let sticky = !num.is_multiple_of(ub as u128);
    let drop = (128 - q.leading_zeros() as i32) - 53;
    let mut mant = q >> drop;
    let rest = q & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || mant & 1 == 1)) {
        mant += 1;
    }
    let m = mant as f64 * f64::from_bits(((1023 + drop - shift) as u64) << 52);
    if neg {
        -m
    } else {
        m
    }
}

/// `str(a)` for an int.
#[no_mangle]
pub extern "C" fn kiln_int_to_str(a: i64) -> usize {
    str_obj::from_str(itoa_buf(a).as_str())
}

fn itoa_buf(a: i64) -> String {
    a.to_string()
}

/// `str(a)` for a uint.
#[no_mangle]
pub extern "C" fn kiln_uint_to_str(a: u64) -> usize {
    str_obj::from_str(&a.to_string())
}

/// Exact comparison of an int with a float: -1, 0, 1, or 2 when `b` is NaN.
#[no_mangle]
pub extern "C" fn kiln_int_float_order(a: i64, b: f64) -> i64 {
    if b.is_nan() {
        return 2;
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if b >= TWO63 {
        return -1;
    }
    if b < -TWO63 {
        return 1;
    }
    let t = b.trunc();
    let ti = t as i64;
    match a.cmp(&ti) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Greater => 1,
        std::cmp::Ordering::Equal => {
            if b > t {
                -1
            } else if b < t {
                1
            } else {
                0
            }
        }
    }
}

/// CPython's float divmod for a non-zero divisor.
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let fd = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (fd, m)
}

/// `a // b` for floats.
#[no_mangle]
pub extern "C" fn kiln_float_floordiv(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise(exc::ZERO_DIVISION_ERROR, "float floor division by zero");
        return 0.0;
    }
    float_divmod(a, b).0
}

/// `a % b` for floats.
#[no_mangle]
pub extern "C" fn kiln_float_mod(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise(exc::ZERO_DIVISION_ERROR, "float modulo");
        return 0.0;
    }
    float_divmod(a, b).1
}

fn odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// `a ** b` for floats.
#[no_mangle]
pub extern "C" fn kiln_float_pow(iv: f64, iw: f64) -> f64 {
    if iw == 0.0 {
        return 1.0;
    }
    if iv.is_nan() {
        return iv;
    }
    if iw.is_nan() {
        return if iv == 1.0 { 1.0 } else { iw };
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            iw.abs()
        } else {
            0.0
        };
    }
    if iv.is_infinite() {
        let odd = odd_integer(iw);
        return if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        };
    }
    if iv == 0.0 {
        if iw < 0.0 {
            raise(
                exc::ZERO_DIVISION_ERROR,
                "0.0 cannot be raised to a negative power",
            );
            return 0.0;
        }
        return if odd_integer(iw) { iv } else { 0.0 };
    }
    let (mut base, mut negate) = (iv, false);
    if iv < 0.0 {
        if iw != iw.floor() {
            raise(exc::VALUE_ERROR, "math domain error");
            return 0.0;
        }
        base = -iv;
        negate = odd_integer(iw);
    }
    if base == 1.0 {
        return if negate { -1.0 } else { 1.0 };
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        raise(exc::OVERFLOW_ERROR, "(34, 'Numerical result out of range')");
        return 0.0;
    }
    if negate {
        -r
    } else {
        r
    }
}

/// `int(a)` for a float.
#[no_mangle]
pub extern "C" fn kiln_float_to_int(a: f64) -> i64 {
    if a.is_nan() {
        raise(exc::VALUE_ERROR, "cannot convert float NaN to integer");
        return 0;
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if !(-TWO63..TWO63).contains(&a) {
        raise(
            exc::OVERFLOW_ERROR,
            "cannot convert float infinity to integer",
        );
        return 0;
    }
    a.trunc() as i64
}

fn domain() -> f64 {
    raise(exc::VALUE_ERROR, "math domain error");
    0.0
}

/// `math.sqrt(a)` for a negative `a` (the non-negative case is inlined).
#[no_mangle]
pub extern "C" fn kiln_float_sqrt_domain() -> f64 {
    domain()
}

/// `math.exp(a)`.
#[no_mangle]
pub extern "C" fn kiln_float_exp(a: f64) -> f64 {
    let r = a.exp();
    if r.is_infinite() && a.is_finite() {
        raise(exc::OVERFLOW_ERROR, "math range error");
        return 0.0;
    }
    r
}

/// `math.log(a)`.
#[no_mangle]
pub extern "C" fn kiln_float_log(a: f64) -> f64 {
    if a.is_nan() || a == f64::INFINITY {
        return a;
    }
    if a <= 0.0 {
        return domain();
    }
    a.ln()
}

/// `math.sin(a)`.
#[no_mangle]
pub extern "C" fn kiln_float_sin(a: f64) -> f64 {
    if a.is_infinite() {
        return domain();
    }
    a.sin()
}

/// `math.cos(a)`.
#[no_mangle]
pub extern "C" fn kiln_float_cos(a: f64) -> f64 {
    if a.is_infinite() {
        return domain();
    }
    a.cos()
}

/// `math.tan(a)`.
#[no_mangle]
pub extern "C" fn kiln_float_tan(a: f64) -> f64 {
    if a.is_infinite() {
        return domain();
    }
    a.tan()
}

/// `math.atan2(a, b)`.
#[no_mangle]
pub extern "C" fn kiln_float_atan2(a: f64, b: f64) -> f64 {
    a.atan2(b)
}

/// `float(math.floor(a))`.
#[no_mangle]
pub extern "C" fn kiln_float_floor(a: f64) -> f64 {
    a.floor() + 0.0
}

/// `float(math.ceil(a))`.
#[no_mangle]
pub extern "C" fn kiln_float_ceil(a: f64) -> f64 {
    a.ceil() + 0.0
}

/// `math.pow(x, y)`.
#[no_mangle]
pub extern "C" fn kiln_float_math_pow(x: f64, y: f64) -> f64 {
    if !x.is_finite() || !y.is_finite() {
        return if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd = y.is_finite() && odd_integer(y);
            if y > 0.0 {
                if odd {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
    }
    let r = x.powf(y);
    if r.is_nan() {
        return domain();
    }
    if r.is_infinite() {
        if x == 0.0 {
            return domain();
        }
        raise(exc::OVERFLOW_ERROR, "math range error");
        return 0.0;
    }
    r
}

/// `repr(a)` for a float.
#[no_mangle]
pub extern "C" fn kiln_float_repr(a: f64) -> usize {
    str_obj::from_str(&float_text::repr(a))
}

/// `'%.*f' % (p, a)`.
#[no_mangle]
pub extern "C" fn kiln_float_fmt_fixed(a: f64, p: i64) -> usize {
    str_obj::from_str(&float_text::fixed(a, p))
}

/// `'%.*e' % (p, a)`.
#[no_mangle]
pub extern "C" fn kiln_float_fmt_exp(a: f64, p: i64) -> usize {
    str_obj::from_str(&float_text::exponent(a, p))
}

/// `'%.*g' % (p, a)`.
#[no_mangle]
pub extern "C" fn kiln_float_fmt_general(a: f64, p: i64) -> usize {
    str_obj::from_str(&float_text::general(a, p))
}

/// `float(s)`.
#[no_mangle]
pub extern "C" fn kiln_float_from_str(s: usize) -> f64 {
    if s == 0 {
        raise(
            exc::TYPE_ERROR,
            "float() argument must be a string or a real number, not 'NoneType'",
        );
        return 0.0;
    }
    let cps = str_obj::view(s).to_vec();
    match float_text::parse(&cps) {
        Some(x) => x,
        None => {
            let msg = format!(
                "could not convert string to float: {}",
                crate::keys::str_repr(&cps)
            );
            raise(exc::VALUE_ERROR, &msg);
            0.0
        }
    }
}

/// `char_class cp`.
#[no_mangle]
pub extern "C" fn kiln_char_class(cp: i64) -> i64 {
    crate::unicode::char_class(cp) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_cpython() {
        assert_eq!(hash_int(-1), -2);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-1.0), -2);
        assert_eq!(hash_float(12345.0), hash_int(12345));
        assert_eq!(hash_float(5e-324), hash_float(5e-324));
        assert_eq!(hash_tuple(&[1, 2]), -3550055125485641917);
        assert_eq!(hash_tuple(&[]), 5740354900026072187);
    }

    #[test]
    fn true_division_is_correctly_rounded() {
        assert_eq!(kiln_int_truediv(i64::MAX, 3), 3.0744573456182584e18);
        assert_eq!(kiln_int_truediv(12345678901234567, 10), 1234567890123456.8);
        assert_eq!(kiln_int_float_order(3, 3.5), -1);
        assert_eq!(kiln_int_float_order((1 << 53) + 1, 9007199254740992.0), 1);
    }
}
