"""Arithmetic on guest numbers (int, bool, float) with Python's semantics
and CPython's error messages.  Ints are 64-bit: a result that does not fit
raises OverflowError instead of growing (see README.md).

Each function returns None (host None) when the operand types are not
numbers, so that the caller can try other types or raise a TypeError.
"""

import math
from kiln.rarith import ovfcheck
from objects import W_Object, W_Int, W_Bool, W_Float, wrap_bool
from errors import zero_division, overflow, value_error, oefmt
from objects import w_OverflowError
from bytecode import (
    OP_ADD, OP_SUB, OP_MUL, OP_TRUEDIV, OP_FLOORDIV, OP_MOD, OP_POW, OP_LSHIFT, OP_RSHIFT,
    OP_AND, OP_OR, OP_XOR, CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE,
)

INF = float("inf")


def int_add(a: int, b: int) -> int:
    try:
        return ovfcheck(a + b)
    except OverflowError:
        raise overflow()


def int_sub(a: int, b: int) -> int:
    try:
        return ovfcheck(a - b)
    except OverflowError:
        raise overflow()


def int_mul(a: int, b: int) -> int:
    try:
        return ovfcheck(a * b)
    except OverflowError:
        raise overflow()


def int_floordiv(a: int, b: int) -> int:
    if b == 0:
        raise zero_division("integer division or modulo by zero")
    if b == -1:
        return int_sub(0, a)
    return a // b


def int_mod(a: int, b: int) -> int:
    if b == 0:
        raise zero_division("integer modulo by zero")
    if b == -1:
        return 0
    return a % b


def int_pow(a: int, b: int) -> int:
    """a ** b for b >= 0 (square and multiply, overflow-checked)."""
    result = 1
    base = a
    while b > 0:
        if b & 1:
            result = int_mul(result, base)
        b >>= 1
        if b > 0:
            base = int_mul(base, base)
    return result


def int_lshift(a: int, b: int) -> int:
    if b < 0:
        raise value_error("negative shift count")
    if a == 0:
        return 0
    if b >= 63:
        raise overflow()
    r = a << b
    if (r >> b) != a:
        raise overflow()
    return r


def int_rshift(a: int, b: int) -> int:
    if b < 0:
        raise value_error("negative shift count")
    if b >= 63:
        return -1 if a < 0 else 0
    return a >> b


def float_pow(a: float, b: float) -> float:
    if a == 0.0 and b < 0.0:
        raise zero_division("0.0 cannot be raised to a negative power")
    if a < 0.0 and b != math.floor(b):
        raise value_error("negative number cannot be raised to a fractional power (complex numbers are not supported)")
    r = a ** b
    if (r == INF or r == -INF) and a - a == 0.0 and b - b == 0.0:
        raise oefmt(w_OverflowError, "(34, 'Numerical result out of range')")
    return r


def int_binary(op: int, a: int, b: int):
    """An int-by-int operation."""
    if op == OP_ADD:
        return W_Int(int_add(a, b))
    if op == OP_SUB:
        return W_Int(int_sub(a, b))
    if op == OP_MUL:
        return W_Int(int_mul(a, b))
    if op == OP_FLOORDIV:
        return W_Int(int_floordiv(a, b))
    if op == OP_MOD:
        return W_Int(int_mod(a, b))
    if op == OP_TRUEDIV:
        if b == 0:
            raise zero_division("division by zero")
        return W_Float(a / b)
    if op == OP_POW:
        if b < 0:
            return W_Float(float_pow(float(a), float(b)))
        return W_Int(int_pow(a, b))
    if op == OP_LSHIFT:
        return W_Int(int_lshift(a, b))
    if op == OP_RSHIFT:
        return W_Int(int_rshift(a, b))
    if op == OP_AND:
        return W_Int(a & b)
    if op == OP_OR:
        return W_Int(a | b)
    if op == OP_XOR:
        return W_Int(a ^ b)
    return None


def float_binary(op: int, a: float, b: float):
    """A float operation (an int operand was converted)."""
    if op == OP_ADD:
        return W_Float(a + b)
    if op == OP_SUB:
        return W_Float(a - b)
    if op == OP_MUL:
        return W_Float(a * b)
    if op == OP_TRUEDIV:
        if b == 0.0:
            raise zero_division("float division by zero")
        return W_Float(a / b)
    if op == OP_FLOORDIV:
        if b == 0.0:
            raise zero_division("float floor division by zero")
        return W_Float(a // b)
    if op == OP_MOD:
        if b == 0.0:
            raise zero_division("float modulo")
        return W_Float(a % b)
    if op == OP_POW:
        return W_Float(float_pow(a, b))
    return None


def number_binary(op: int, w_a: W_Object, w_b: W_Object):
    """`w_a op w_b` if both are numbers, else None."""
    if isinstance(w_a, W_Int):
        if isinstance(w_b, W_Int):
            if isinstance(w_a, W_Bool) and isinstance(w_b, W_Bool) and (op == OP_AND or op == OP_OR or op == OP_XOR):
                if op == OP_AND:
                    return wrap_bool((w_a.intval & w_b.intval) != 0)
                if op == OP_OR:
                    return wrap_bool((w_a.intval | w_b.intval) != 0)
                return wrap_bool((w_a.intval ^ w_b.intval) != 0)
            return int_binary(op, w_a.intval, w_b.intval)
        if isinstance(w_b, W_Float):
            return float_binary(op, float(w_a.intval), w_b.floatval)
        return None
    if isinstance(w_a, W_Float):
        if isinstance(w_b, W_Float):
            return float_binary(op, w_a.floatval, w_b.floatval)
        if isinstance(w_b, W_Int):
            return float_binary(op, w_a.floatval, float(w_b.intval))
    return None


def compare_ints(op: int, a: int, b: int) -> bool:
    if op == CMP_LT:
        return a < b
    if op == CMP_LE:
        return a <= b
    if op == CMP_EQ:
        return a == b
    if op == CMP_NE:
        return a != b
    if op == CMP_GT:
        return a > b
    return a >= b


def compare_floats(op: int, a: float, b: float) -> bool:
    if op == CMP_LT:
        return a < b
    if op == CMP_LE:
        return a <= b
    if op == CMP_EQ:
        return a == b
    if op == CMP_NE:
        return a != b
    if op == CMP_GT:
        return a > b
    return a >= b


def compare_int_float(op: int, a: int, b: float) -> bool:
    """Exact comparison of an int with a float."""
    if op == CMP_LT:
        return a < b
    if op == CMP_LE:
        return a <= b
    if op == CMP_EQ:
        return a == b
    if op == CMP_NE:
        return a != b
    if op == CMP_GT:
        return a > b
    return a >= b


def compare_strs(op: int, a: str, b: str) -> bool:
    if op == CMP_LT:
        return a < b
    if op == CMP_LE:
        return a <= b
    if op == CMP_EQ:
        return a == b
    if op == CMP_NE:
        return a != b
    if op == CMP_GT:
        return a > b
    return a >= b


def number_compare(op: int, w_a: W_Object, w_b: W_Object) -> int:
    """Compare two numbers: 1 (true), 0 (false), or -1 if either operand is
    not a number."""
    if isinstance(w_a, W_Int):
        if isinstance(w_b, W_Int):
            return 1 if compare_ints(op, w_a.intval, w_b.intval) else 0
        if isinstance(w_b, W_Float):
            return 1 if compare_int_float(op, w_a.intval, w_b.floatval) else 0
        return -1
    if isinstance(w_a, W_Float):
        if isinstance(w_b, W_Float):
            return 1 if compare_floats(op, w_a.floatval, w_b.floatval) else 0
        if isinstance(w_b, W_Int):
            # a op b  <=>  b (swapped op) a
            return 1 if compare_int_float(swap_compare(op), w_b.intval, w_a.floatval) else 0
    return -1


def swap_compare(op: int) -> int:
    """The comparison with its operands swapped (a < b  <=>  b > a)."""
    if op == CMP_LT:
        return CMP_GT
    if op == CMP_LE:
        return CMP_GE
    if op == CMP_GT:
        return CMP_LT
    if op == CMP_GE:
        return CMP_LE
    return op


def float_to_int(f: float) -> int:
    """int(f): truncation, with CPython's errors for inf and nan."""
    if f != f:
        raise value_error("cannot convert float NaN to integer")
    if f == INF or f == -INF:
        raise oefmt(w_OverflowError, "cannot convert float infinity to integer")
    if f >= 9.2e18 or f <= -9.2e18:
        raise overflow()
    return int(f)


def round_half_even(f: float) -> float:
    """Round to the nearest integer value, ties to even (round(f))."""
    fl = float(math.floor(f))
    diff = f - fl
    if diff > 0.5:
        return fl + 1.0
    if diff < 0.5:
        return fl
    if fl % 2.0 == 0.0:
        return fl
    return fl + 1.0
