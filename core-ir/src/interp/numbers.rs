//! Integer and float arithmetic with CPython's semantics and messages, and
//! CPython's hash of numbers.

use super::errors::{overflow, value_error, zero_div, PyErr};
use crate::opcode::Cond;
use std::cmp::Ordering;

const INT_DIV_ZERO: &str = "integer division or modulo by zero";
/// CPython 3.11's message for `x % 0` (`//` and `divmod` use [`INT_DIV_ZERO`]).
const INT_MOD_ZERO: &str = "integer modulo by zero";

/// `a // b` rounding toward negative infinity (`MIN // -1` wraps).
pub fn int_floordiv(a: i64, b: i64) -> Result<i64, PyErr> {
    if b == 0 {
        return Err(zero_div(INT_DIV_ZERO));
    }
    let q = a.wrapping_div(b);
    if a.wrapping_rem(b) != 0 && ((a < 0) != (b < 0)) {
        Ok(q.wrapping_sub(1))
    } else {
        Ok(q)
    }
}

/// `a % b` with the sign of `b`.
pub fn int_mod(a: i64, b: i64) -> Result<i64, PyErr> {
    if b == 0 {
        return Err(zero_div(INT_MOD_ZERO));
    }
    let r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        Ok(r.wrapping_add(b))
    } else {
        Ok(r)
    }
}

/// `a ** b` for `b >= 0`, wrapping.
pub fn int_pow(a: i64, b: i64) -> Result<i64, PyErr> {
    if b < 0 {
        return Err(value_error("negative exponent"));
    }
    let (mut base, mut exp, mut acc) = (a, b as u64, 1i64);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    Ok(acc)
}

fn shift_count(b: i64) -> Result<u32, PyErr> {
    if b < 0 {
        Err(value_error("negative shift count"))
    } else {
        Ok(b.min(64) as u32)
    }
}

/// `a << b`, wrapping; 0 when `b >= 64`.
pub fn int_lshift(a: i64, b: i64) -> Result<i64, PyErr> {
    let n = shift_count(b)?;
    Ok(if n >= 64 { 0 } else { a.wrapping_shl(n) })
}

/// `a >> b`, arithmetic; 0 or -1 when `b >= 64`.
pub fn int_rshift(a: i64, b: i64) -> Result<i64, PyErr> {
    let n = shift_count(b)?;
    Ok(if n >= 64 { a >> 63 } else { a >> n })
}

/// `a << b` on uint, modulo 2**64.
pub fn uint_lshift(a: u64, b: i64) -> Result<u64, PyErr> {
    let n = shift_count(b)?;
    Ok(if n >= 64 { 0 } else { a << n })
}

/// `a >> b` on uint, logical.
pub fn uint_rshift(a: u64, b: i64) -> Result<u64, PyErr> {
    let n = shift_count(b)?;
    Ok(if n >= 64 { 0 } else { a >> n })
}

/// `a // b` on uint.
pub fn uint_floordiv(a: u64, b: u64) -> Result<u64, PyErr> {
    a.checked_div(b).ok_or_else(|| zero_div(INT_DIV_ZERO))
}

/// `a % b` on uint.
pub fn uint_mod(a: u64, b: u64) -> Result<u64, PyErr> {
    a.checked_rem(b).ok_or_else(|| zero_div(INT_MOD_ZERO))
}

/// The result of a checked operation, or OverflowError "integer overflow".
pub fn ovf(r: Option<i64>) -> Result<i64, PyErr> {
    r.ok_or_else(|| overflow("integer overflow"))
}

/// `a / b` for ints, correctly rounded as CPython's `long_true_divide`.
pub fn int_truediv(a: i64, b: i64) -> Result<f64, PyErr> {
    if b == 0 {
        return Err(zero_div("division by zero"));
    }
    const EXACT: u64 = 1 << 53;
    let (ua, ub) = (a.unsigned_abs(), b.unsigned_abs());
    if ua <= EXACT && ub <= EXACT {
        return Ok(a as f64 / b as f64);
    }
    let negative = (a < 0) != (b < 0);
    if ua == 0 {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    let bits = |x: u64| 64 - x.leading_zeros() as i32;
    // Scale the dividend so that the quotient has at least 55 significant bits.
    let shift = (55 + bits(ub) - bits(ua)).max(0);
    let num = (ua as u128) << shift;
    let q = num / ub as u128;
    let sticky = !num.is_multiple_of(ub as u128);
    let qbits = 128 - q.leading_zeros() as i32;
    let drop = qbits - 53;
    let mut mant = q >> drop;
    let rest = q & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || mant & 1 == 1)) {
        mant += 1;
    }
    let magnitude = mant as f64 * pow2(drop - shift);
    Ok(if negative { -magnitude } else { magnitude })
}

/// 2**e as a float, for the exponents `int_truediv` needs (normal range).
fn pow2(e: i32) -> f64 {
    f64::from_bits(((1023 + e) as u64) << 52)
}

/// Compares an int with a float exactly; NaN satisfies only `ne`.
pub fn int_float_cmp(cond: Cond, a: i64, b: f64) -> bool {
    match int_float_order(a, b) {
        Some(ord) => cond.holds(ord),
        None => cond == Cond::Ne,
    }
}

fn int_float_order(a: i64, b: f64) -> Option<Ordering> {
    if b.is_nan() {
        return None;
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if b >= TWO63 {
        return Some(Ordering::Less);
    }
    if b < -TWO63 {
        return Some(Ordering::Greater);
    }
    let t = b.trunc();
    let ti = t as i64; // exact: |t| < 2**63
    Some(
        a.cmp(&ti)
            .then_with(|| 0.0f64.partial_cmp(&(b - t)).unwrap_or(Ordering::Equal)),
    )
}

/// IEEE comparison of floats (NaN compares unequal to everything).
pub fn float_cmp(cond: Cond, a: f64, b: f64) -> bool {
    match a.partial_cmp(&b) {
        Some(ord) => cond.holds(ord),
        None => cond == Cond::Ne,
    }
}

/// `a / b` for floats.
pub fn float_truediv(a: f64, b: f64) -> Result<f64, PyErr> {
    if b == 0.0 {
        return Err(zero_div("float division by zero"));
    }
    Ok(a / b)
}

/// `a % b` for floats, as CPython's `float_rem`.
pub fn float_mod(a: f64, b: f64) -> Result<f64, PyErr> {
    if b == 0.0 {
        return Err(zero_div("float modulo"));
    }
    Ok(float_divmod(a, b).1)
}

/// `a // b` for floats, as CPython's `float_floor_div`.
pub fn float_floordiv(a: f64, b: f64) -> Result<f64, PyErr> {
    if b == 0.0 {
        return Err(zero_div("float floor division by zero"));
    }
    Ok(float_divmod(a, b).0)
}

/// CPython's `_float_div_mod` for a non-zero divisor: (floor quotient, modulo).
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
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn is_odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// `a ** b` for floats, as CPython's `float_pow`.
pub fn float_pow(iv: f64, iw: f64) -> Result<f64, PyErr> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return Ok(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(zero_div("0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(value_error("math domain error"));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return Err(overflow("(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

/// `int(a)` for a float: truncation toward zero.
pub fn float_to_int(a: f64) -> Result<i64, PyErr> {
    if a.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if !(-TWO63..TWO63).contains(&a) {
        return Err(overflow("cannot convert float infinity to integer"));
    }
    Ok(a.trunc() as i64)
}

fn domain() -> PyErr {
    value_error("math domain error")
}

fn range() -> PyErr {
    overflow("math range error")
}

/// `math.sqrt(a)`.
pub fn float_sqrt(a: f64) -> Result<f64, PyErr> {
    if a < 0.0 {
        return Err(domain());
    }
    Ok(a.sqrt())
}

/// `math.exp(a)`.
pub fn float_exp(a: f64) -> Result<f64, PyErr> {
    let r = a.exp();
    if r.is_infinite() && a.is_finite() {
        return Err(range());
    }
    Ok(r)
}

/// `math.log(a)`.
pub fn float_log(a: f64) -> Result<f64, PyErr> {
    if a.is_nan() || a == f64::INFINITY {
        return Ok(a);
    }
    if a <= 0.0 {
        return Err(domain());
    }
    Ok(a.ln())
}

/// `math.sin`/`cos`/`tan` through `f`: a domain error for infinities.
pub fn float_trig(a: f64, f: fn(f64) -> f64) -> Result<f64, PyErr> {
    if a.is_infinite() {
        return Err(domain());
    }
    Ok(f(a))
}

/// `math.pow(x, y)`, as CPython's `math_pow`.
pub fn float_math_pow(x: f64, y: f64) -> Result<f64, PyErr> {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
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
            let odd_y = y.is_finite() && y.abs() % 2.0 == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
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
        return Ok(r);
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() {
        return Err(if x == 0.0 { domain() } else { range() });
    }
    Ok(r)
}

/// The Mersenne prime modulus of CPython's numeric hash.
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

/// CPython's `hash()` of a non-negative int held as a uint.
pub fn hash_uint(v: u64) -> i64 {
    (v % HASH_MOD) as i64
}

/// `frexp(x)`: mantissa in [0.5, 1) (with x's sign) and exponent, for finite non-zero x.
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * pow2(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

/// CPython's `hash()` of a float (equal to the int hash for integral values).
pub fn hash_float(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v > 0.0 { 314_159 } else { -314_159 };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
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
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    } as u32;
    x = ((x << e) & HASH_MOD) | (x >> (61 - e));
    let h = (x as i64) * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython 3.11's tuple hash over the hashes of the items.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_modulo_signs() {
        // (a, b, a // b, a % b) as python3 computes them.
        let table = [
            (7, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (6, 3, 2, 0),
            (-6, 3, -2, 0),
            (0, -5, 0, 0),
            (i64::MIN, -1, i64::MIN, 0),
            (i64::MIN, 7, -1317624576693539402, 6),
        ];
        for (a, b, q, r) in table {
            assert_eq!(int_floordiv(a, b), Ok(q), "{a} // {b}");
            assert_eq!(int_mod(a, b), Ok(r), "{a} % {b}");
        }
        assert_eq!(int_floordiv(1, 0).unwrap_err().msg, INT_DIV_ZERO);
        assert_eq!(int_mod(1, 0).unwrap_err().msg, "integer modulo by zero");
    }

    #[test]
    fn float_floor_division_and_modulo() {
        // (a, b, a // b, a % b) from python3, compared bit for bit (signed zeros).
        let table: [(f64, f64, f64, f64); 10] = [
            (-7.5, 2.0, -4.0, 0.5),
            (7.5, -2.0, -4.0, -0.5),
            (-0.0, 5.0, -0.0, 0.0),
            (0.0, -5.0, -0.0, -0.0),
            (5.0, -0.5, -10.0, -0.0),
            (-1.0, f64::INFINITY, -1.0, f64::INFINITY),
            (1.0, f64::INFINITY, 0.0, 1.0),
            (-2.0, f64::INFINITY, -1.0, f64::INFINITY),
            (1e300, 1e-300, f64::INFINITY, 4.891554850853602e-301),
            (3.0, 3.0, 1.0, 0.0),
        ];
        for (a, b, q, r) in table {
            let fq = float_floordiv(a, b).unwrap();
            let fr = float_mod(a, b).unwrap();
            assert_eq!(fq.to_bits(), q.to_bits(), "{a} // {b} = {fq}");
            assert_eq!(fr.to_bits(), r.to_bits(), "{a} % {b} = {fr}");
        }
        assert!(float_mod(f64::INFINITY, 2.0).unwrap().is_nan());
        assert_eq!(
            float_floordiv(1.0, 0.0).unwrap_err().msg,
            "float floor division by zero"
        );
        assert_eq!(float_mod(1.0, 0.0).unwrap_err().msg, "float modulo");
    }

    #[test]
    fn true_division_of_big_ints_is_correctly_rounded() {
        // Values from python3.
        let table: [(i64, i64, f64); 8] = [
            (i64::MAX, 1, 9.223372036854776e18),
            (i64::MAX, 3, 3.0744573456182584e18),
            (i64::MIN, 7, -1.3176245766935393e18),
            (1, i64::MAX, 1.0842021724855044e-19),
            ((1 << 53) + 1, 1, 9007199254740992.0),
            (9007199254740993, 2, 4503599627370496.0),
            (12345678901234567, 10, 1234567890123456.8),
            (-12345678901234567, 10, -1234567890123456.8),
        ];
        for (a, b, want) in table {
            assert_eq!(
                int_truediv(a, b).unwrap().to_bits(),
                want.to_bits(),
                "{a} / {b}"
            );
        }
        assert_eq!(int_truediv(1, 0).unwrap_err().msg, "division by zero");
    }

    #[test]
    fn int_float_comparison_is_exact() {
        let two63 = 9_223_372_036_854_775_808.0;
        assert!(int_float_cmp(Cond::Lt, i64::MAX, two63));
        assert!(int_float_cmp(Cond::Gt, (1 << 53) + 1, 9007199254740992.0));
        assert!(!int_float_cmp(Cond::Eq, (1 << 53) + 1, 9007199254740992.0));
        assert!(int_float_cmp(Cond::Eq, 3, 3.0));
        assert!(int_float_cmp(Cond::Lt, 3, 3.5));
        assert!(int_float_cmp(Cond::Gt, -3, -3.5));
        assert!(int_float_cmp(Cond::Ne, 1, f64::NAN));
        assert!(!int_float_cmp(Cond::Ge, 1, f64::NAN));
        assert!(int_float_cmp(Cond::Gt, i64::MIN, f64::NEG_INFINITY));
    }

    #[test]
    fn shifts_and_powers() {
        assert_eq!(int_lshift(1, 64), Ok(0));
        assert_eq!(int_lshift(3, 63), Ok(i64::MIN));
        assert_eq!(int_rshift(-5, 100), Ok(-1));
        assert_eq!(int_rshift(5, 64), Ok(0));
        assert_eq!(int_rshift(5, -1).unwrap_err().msg, "negative shift count");
        assert_eq!(uint_rshift(u64::MAX, 63), Ok(1));
        assert_eq!(int_pow(3, 4), Ok(81));
        assert_eq!(int_pow(2, 64), Ok(0));
        assert_eq!(int_pow(2, -1).unwrap_err().msg, "negative exponent");
    }

    #[test]
    fn float_power_and_math_errors() {
        assert_eq!(
            float_pow(0.0, -1.0).unwrap_err().msg,
            "0.0 cannot be raised to a negative power"
        );
        assert_eq!(
            float_pow(10.0, 400.0).unwrap_err().msg,
            "(34, 'Numerical result out of range')"
        );
        assert_eq!(float_pow(-1.5, 1001.0).unwrap(), -1.8507608953592603e176);
        assert_eq!(float_pow(-1.0, f64::INFINITY).unwrap(), 1.0);
        assert_eq!(float_pow(f64::NAN, 0.0).unwrap(), 1.0);
        assert_eq!(float_pow(10.0, -400.0).unwrap(), 0.0);
        assert_eq!(
            float_pow(-8.0, 1.0 / 3.0).unwrap_err().msg,
            "math domain error"
        );
        assert_eq!(
            float_math_pow(0.0, -1.0).unwrap_err().msg,
            "math domain error"
        );
        assert_eq!(
            float_math_pow(10.0, 400.0).unwrap_err().msg,
            "math range error"
        );
        assert_eq!(float_math_pow(f64::NAN, 0.0).unwrap(), 1.0);
        assert_eq!(float_exp(1000.0).unwrap_err().msg, "math range error");
        assert_eq!(float_exp(f64::INFINITY).unwrap(), f64::INFINITY);
        assert_eq!(float_log(0.0).unwrap_err().msg, "math domain error");
        assert_eq!(float_sqrt(-1.0).unwrap_err().msg, "math domain error");
        assert_eq!(
            float_to_int(1e19).unwrap_err().msg,
            "cannot convert float infinity to integer"
        );
        assert_eq!(
            float_to_int(f64::NAN).unwrap_err().msg,
            "cannot convert float NaN to integer"
        );
        assert_eq!(float_to_int(-9223372036854775808.0), Ok(i64::MIN));
        assert_eq!(float_to_int(-2.7), Ok(-2));
    }

    #[test]
    fn hashes_match_cpython() {
        assert_eq!(hash_int(-1), -2);
        assert_eq!(hash_int(1 << 61), 1);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-1.0), -2);
        assert_eq!(hash_float(-0.0), 0);
        assert_eq!(hash_float(12345.0), hash_int(12345));
        assert_eq!(hash_float(f64::INFINITY), 314159);
        // hash((1, 2)) and hash(()) in CPython 3.11.
        assert_eq!(hash_tuple(&[1, 2]), -3550055125485641917);
        assert_eq!(hash_tuple(&[]), 5740354900026072187);
    }
}
