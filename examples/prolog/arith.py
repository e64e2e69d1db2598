"""Arithmetic: evaluating expressions for is/2 and the comparison predicates.

Integers are 64-bit (overflow raises ``evaluation_error(int_overflow)``);
``//`` and ``rem`` truncate toward zero, ``mod`` and ``div`` floor, ``/`` gives
an integer when the division is exact (as in SWI-Prolog), ``**`` and ``^`` of
integers give integers.
"""

import math

from kiln.rarith import ovfcheck
from terms import Term, Atom, Int, Float, Var, Struct, deref
from errors import instantiation_error, type_error, evaluation_error, indicator


def to_float(t: Term) -> float:
    """The value of a number as a float."""
    if isinstance(t, Int):
        return float(t.value)
    if isinstance(t, Float):
        return t.value
    return 0.0


def make_float(x: float) -> Term:
    """A float result, checking for overflow to infinity and NaN."""
    if x != x:
        raise evaluation_error("undefined")
    if x == float("inf") or x == -float("inf"):
        raise evaluation_error("float_overflow")
    return Float(x)


def int_div_trunc(a: int, b: int) -> int:
    """Integer division rounding toward zero."""
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        return -q
    return q


def int_pow(base: int, exp: int) -> int:
    """``base ** exp`` for a non-negative exponent, with overflow checks."""
    result = 1
    while exp > 0:
        if exp & 1:
            result = overflow_checked_mul(result, base)
        exp >>= 1
        if exp > 0:
            base = overflow_checked_mul(base, base)
    return result


def eval_arith(t: Term) -> Term:
    """Evaluate an arithmetic expression to an ``Int`` or a ``Float``."""
    t = deref(t)
    if isinstance(t, Int) or isinstance(t, Float):
        return t
    if isinstance(t, Var):
        raise instantiation_error()
    if isinstance(t, Struct):
        n = len(t.args)
        if n == 2:
            return eval_binary(t.fn.name, eval_arith(t.args[0]), eval_arith(t.args[1]))
        if n == 1:
            return eval_unary(t.fn.name, eval_arith(t.args[0]))
        raise type_error("evaluable", indicator(t.fn.name, n))
    if isinstance(t, Atom):
        return eval_constant(t)
    raise type_error("evaluable", t)


def eval_constant(a: Atom) -> Term:
    """An atom used as an expression: ``pi``, ``e``, ``inf``, ``max_tagged_integer``, ``[X]``."""
    name = a.name
    if name == "pi":
        return Float(math.pi)
    if name == "e":
        return Float(math.e)
    if name == "inf" or name == "infinite":
        return Float(float("inf"))
    if name == "nan":
        return Float(float("nan"))
    if name == "epsilon":
        return Float(2.220446049250313e-16)
    if name == "max_tagged_integer":
        return Int((1 << 60) - 1)
    raise type_error("evaluable", indicator(name, 0))


def require_int(x: Term, name: str) -> int:
    """The value of an integer operand; a float is a type error."""
    if isinstance(x, Int):
        return x.value
    raise type_error("integer", x)


def eval_binary(name: str, x: Term, y: Term) -> Term:
    """Apply a binary arithmetic function to evaluated operands."""
    both_int = isinstance(x, Int) and isinstance(y, Int)
    if name == "+":
        if isinstance(x, Int) and isinstance(y, Int):
            return Int(overflow_checked_add(x.value, y.value))
        return make_float(to_float(x) + to_float(y))
    if name == "-":
        if isinstance(x, Int) and isinstance(y, Int):
            return Int(overflow_checked_sub(x.value, y.value))
        return make_float(to_float(x) - to_float(y))
    if name == "*":
        if isinstance(x, Int) and isinstance(y, Int):
            return Int(overflow_checked_mul(x.value, y.value))
        return make_float(to_float(x) * to_float(y))
    if name == "/":
        if isinstance(x, Int) and isinstance(y, Int):
            if y.value == 0:
                raise evaluation_error("zero_divisor")
            if x.value % y.value == 0:
                return Int(int_div_trunc(x.value, y.value))
            return make_float(x.value / y.value)
        if to_float(y) == 0.0:
            raise evaluation_error("zero_divisor")
        return make_float(to_float(x) / to_float(y))
    if name == "//" or name == "mod" or name == "rem" or name == "div":
        a = require_int(x, name)
        b = require_int(y, name)
        if b == 0:
            raise evaluation_error("zero_divisor")
        if name == "//":
            return Int(int_div_trunc(a, b))
        if name == "div":
            return Int(a // b)
        if name == "mod":
            return Int(a % b)
        return Int(a - b * int_div_trunc(a, b))
    if name == "min" or name == "max":
        c = compare_values(x, y)
        if name == "min":
            return x if c < 0 else y
        return x if c > 0 else y
    if name == "**" or name == "^":
        if both_int:
            a = require_int(x, name)
            b = require_int(y, name)
            if b < 0:
                if a == 1:
                    return Int(1)
                if a == -1:
                    return Int(1 if b % 2 == 0 else -1)
                if name == "^":
                    if a == 0:
                        raise evaluation_error("zero_divisor")
                    raise type_error("float", Int(a))
                return make_float(math.pow(float(a), float(b)))
            return Int(int_pow(a, b))
        return make_float(math.pow(to_float(x), to_float(y)))
    if name == ">>" or name == "<<" or name == "/\\" or name == "\\/" or name == "xor":
        a = require_int(x, name)
        b = require_int(y, name)
        if name == ">>":
            return Int(shift_left(a, -b) if b < 0 else (a >> b if b < 64 else (0 if a >= 0 else -1)))
        if name == "<<":
            return Int(shift_left(a, b))
        if name == "/\\":
            return Int(a & b)
        if name == "\\/":
            return Int(a | b)
        return Int(a ^ b)
    if name == "atan2" or name == "atan":
        return make_float(math.atan2(to_float(x), to_float(y)))
    if name == "gcd":
        a = abs(require_int(x, name))
        b = abs(require_int(y, name))
        while b != 0:
            r = a % b
            a = b
            b = r
        return Int(a)
    if name == "log":
        return make_float(math.log(to_float(y)) / math.log(to_float(x)))
    raise type_error("evaluable", indicator(name, 2))


MAX_INT = 9223372036854775807
MIN_INT = -9223372036854775807 - 1


def shift_left(a: int, b: int) -> int:
    """``a << b`` (a negative ``b`` shifts right), or an int_overflow error."""
    if b < 0:
        return a >> -b
    if a == 0:
        return 0
    if b >= 63 or a > (MAX_INT >> b) or a < (MIN_INT >> b):
        raise evaluation_error("int_overflow")
    return a << b


def overflow_checked_add(a: int, b: int) -> int:
    """``a + b`` or an int_overflow evaluation error."""
    try:
        return ovfcheck(a + b)
    except OverflowError:
        raise evaluation_error("int_overflow")


def overflow_checked_sub(a: int, b: int) -> int:
    """``a - b`` or an int_overflow evaluation error."""
    try:
        return ovfcheck(a - b)
    except OverflowError:
        raise evaluation_error("int_overflow")


def overflow_checked_mul(a: int, b: int) -> int:
    """``a * b`` or an int_overflow evaluation error."""
    try:
        return ovfcheck(a * b)
    except OverflowError:
        raise evaluation_error("int_overflow")


def ffloor(f: float) -> float:
    """The largest integral float not above ``f`` (``f`` itself when it is huge)."""
    if f != f or f >= 4503599627370496.0 or f <= -4503599627370496.0:
        return f
    return float(math.floor(f))


def ftrunc(f: float) -> float:
    """``f`` rounded toward zero to an integral float."""
    return ffloor(f) if f >= 0 else -ffloor(-f)


def fround(f: float) -> float:
    """``f`` rounded to the nearest integral float, halves away from zero."""
    return ffloor(f + 0.5) if f >= 0 else -ffloor(-f + 0.5)


def float_to_int(x: float) -> Term:
    """A float's integral value as an integer (an error if it does not fit)."""
    if x != x or x >= 9.223372036854775807e18 or x < -9.223372036854775808e18:
        raise evaluation_error("int_overflow")
    return Int(int(x))


def eval_unary(name: str, x: Term) -> Term:
    """Apply a unary arithmetic function to an evaluated operand."""
    if name == "-":
        if isinstance(x, Int):
            return Int(overflow_checked_sub(0, x.value))
        return Float(-to_float(x))
    if name == "+":
        return x
    if name == "abs":
        if isinstance(x, Int):
            return Int(abs(x.value))
        return Float(abs(to_float(x)))
    if name == "sign":
        if isinstance(x, Int):
            return Int(1 if x.value > 0 else (-1 if x.value < 0 else 0))
        f = to_float(x)
        return Float(1.0 if f > 0 else (-1.0 if f < 0 else 0.0))
    if name == "min" or name == "max":
        return x
    if name == "\\":
        return Int(~require_int(x, name))
    if name == "msb":
        v = require_int(x, name)
        n = -1
        while v > 0:
            v >>= 1
            n += 1
        return Int(n)
    if name == "float":
        return Float(to_float(x))
    if name == "integer":
        if isinstance(x, Int):
            return x
        return float_to_int(fround(to_float(x)))
    if name == "float_integer_part":
        f = to_float(x)
        return Float(ftrunc(f))
    if name == "float_fractional_part":
        f = to_float(x)
        ip = ftrunc(f)
        return Float(f - ip)
    if name == "truncate":
        if isinstance(x, Int):
            return x
        f = to_float(x)
        return float_to_int(ftrunc(f))
    if name == "round":
        if isinstance(x, Int):
            return x
        f = to_float(x)
        return float_to_int(fround(f))
    if name == "ceiling":
        if isinstance(x, Int):
            return x
        return float_to_int(-ffloor(-to_float(x)))
    if name == "floor":
        if isinstance(x, Int):
            return x
        return float_to_int(ffloor(to_float(x)))
    if name == "succ":
        return Int(overflow_checked_add(require_int(x, name), 1))
    if name == "plus":
        return x
    f = to_float(x)
    if name == "sqrt":
        if f < 0:
            raise evaluation_error("undefined")
        return make_float(math.sqrt(f))
    if name == "sin":
        return make_float(math.sin(f))
    if name == "cos":
        return make_float(math.cos(f))
    if name == "tan":
        return make_float(math.tan(f))
    if name == "atan":
        return make_float(math.atan2(f, 1.0))
    if name == "exp":
        return make_float(math.exp(f))
    if name == "log":
        if f <= 0:
            raise evaluation_error("undefined")
        return make_float(math.log(f))
    if name == "log2":
        if f <= 0:
            raise evaluation_error("undefined")
        return make_float(math.log(f) / math.log(2.0))
    raise type_error("evaluable", indicator(name, 1))


def compare_values(x: Term, y: Term) -> int:
    """Three-way numeric comparison of two evaluated numbers."""
    if isinstance(x, Int) and isinstance(y, Int):
        if x.value < y.value:
            return -1
        return 1 if x.value > y.value else 0
    a = to_float(x)
    b = to_float(y)
    if a < b:
        return -1
    return 1 if a > b else 0


COMPARE_NAMES = ["=:=", "=\\=", "<", ">", "=<", ">="]


def compare_test(kind: int, c: int) -> bool:
    """Whether a three-way comparison result ``c`` satisfies comparison ``kind``
    (an index in COMPARE_NAMES)."""
    if kind == 0:
        return c == 0
    if kind == 1:
        return c != 0
    if kind == 2:
        return c < 0
    if kind == 3:
        return c > 0
    if kind == 4:
        return c <= 0
    return c >= 0


def arith_compare(a: Term, b: Term) -> int:
    """Evaluate two expressions and compare their values."""
    x = eval_arith(a)
    y = eval_arith(b)
    if isinstance(x, Int) and isinstance(y, Int):
        if x.value < y.value:
            return -1
        return 1 if x.value > y.value else 0
    return compare_values(x, y)
