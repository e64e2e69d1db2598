"""Machine-integer arithmetic: ``from kiln.rarith import ovfcheck, intmask, r_uint``.

In a translated Kiln program an ``int`` is a signed 64-bit machine integer
whose ``+ - *`` wrap on overflow.  A program that may overflow says what it
wants with these helpers (as RPython's ``rpython.rlib.rarithmetic`` does):

``ovfcheck(a + b)``
    the result, or ``OverflowError("integer overflow")`` if the exact result
    of that one operation does not fit in a signed 64-bit integer;
``intmask(x)``
    the exact integer ``x`` wrapped to signed 64 bits (two's complement);
``r_uint(x)``
    an unsigned 64-bit integer: arithmetic on it wraps modulo ``2**64``.

Untranslated, Python's integers are unbounded, so these functions compute
the exact result first and then check or wrap it, which gives exactly the
value the translated program computes.
"""

from typing import Optional, SupportsInt, Tuple

__all__ = ["ovfcheck", "intmask", "r_uint", "LONG_BIT", "INT_MIN", "INT_MAX"]

#: Width of a Kiln ``int`` in bits.
LONG_BIT = 64
#: The smallest signed 64-bit integer, ``-2**63``.
INT_MIN = -(1 << (LONG_BIT - 1))
#: The largest signed 64-bit integer, ``2**63 - 1``.
INT_MAX = (1 << (LONG_BIT - 1)) - 1
_MASK = (1 << LONG_BIT) - 1
_MODULUS = 1 << LONG_BIT


def ovfcheck(x: int) -> int:
    """Return ``x`` if it fits in a signed 64-bit integer, else raise OverflowError.

    Written around a single operation, e.g. ``ovfcheck(a * b)``: the
    translated program checks that operation for overflow instead of letting
    it wrap.
    """
    if INT_MIN <= x <= INT_MAX:
        return x
    raise OverflowError("integer overflow")


def intmask(x: int) -> int:
    """Wrap an integer (or an ``r_uint``) to a signed 64-bit ``int``.

    ``intmask(2**63) == -2**63``, ``intmask(r_uint(-1)) == -1``; values that
    already fit are returned unchanged (as a plain ``int``).
    """
    x = int(x)
    if INT_MIN <= x <= INT_MAX:
        return x
    x &= _MASK
    if x > INT_MAX:
        x -= _MODULUS
    return x


def _unsigned(x: int) -> int:
    """The 64-bit unsigned value of an int operand (how a mixed operation sees it)."""
    return int(x) & _MASK


class r_uint(int):
    """An unsigned 64-bit integer: arithmetic wraps modulo ``2**64``.

    ``r_uint(x)`` keeps the low 64 bits of ``int(x)``, so ``r_uint(-1)`` is
    ``18446744073709551615``.  ``+ - * // % ** & | ^ << >>``, ``divmod``
    and unary ``- ~`` with an ``r_uint`` operand give an ``r_uint``; an
    ``int`` operand is first taken as unsigned (its low 64 bits), as in
    translated code.  ``<<`` by 64 or more gives 0; a negative shift count
    raises ValueError.  With a ``float`` operand the result is a ``float``.
    Comparisons, hashing, ``str``/``repr`` (decimal), ``hex`` and ``format``
    are those of the equal ``int``.
    """

    __slots__ = ()

    def __new__(cls, value: SupportsInt = 0) -> "r_uint":
        return int.__new__(cls, int(value) & _MASK)

    def __repr__(self) -> str:
        return int.__repr__(self)

    def __str__(self) -> str:
        return int.__repr__(self)

    # ---- unary operations ----

    def __neg__(self) -> "r_uint":
        return r_uint(-int(self))

    def __invert__(self) -> "r_uint":
        return r_uint(_MASK ^ int(self))

    def __pos__(self) -> "r_uint":
        return self

    def __abs__(self) -> "r_uint":
        return self

    # ---- binary operations: self OP other ----

    def __add__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) + int(other))

    def __sub__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) - int(other))

    def __mul__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) * int(other))

    def __floordiv__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) // _unsigned(other))

    def __mod__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) % _unsigned(other))

    def __divmod__(self, other: int) -> Tuple["r_uint", "r_uint"]:
        if not isinstance(other, int):
            return NotImplemented
        q, r = divmod(int(self), _unsigned(other))
        return r_uint(q), r_uint(r)

    def __truediv__(self, other: int) -> float:
        if not isinstance(other, int):
            return NotImplemented
        return int(self) / _unsigned(other)

    # typeshed's int.__pow__ overloads promise Literal and float results for
    # particular exponents; an unsigned power is always an r_uint.
    def __pow__(  # type: ignore[override]
        self, other: int, modulo: Optional[int] = None
    ) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        if modulo is None:
            return r_uint(pow(int(self), _unsigned(other), _MODULUS))
        return r_uint(pow(int(self), _unsigned(other), _unsigned(modulo)))

    def __and__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) & int(other))

    def __or__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) | int(other))

    def __xor__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) ^ int(other))

    def __lshift__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(_shift_left(int(self), int(other)))

    def __rshift__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(self) >> int(other))

    # ---- reflected binary operations: other OP self, other an int ----

    def __radd__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) + int(self))

    def __rsub__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) - int(self))

    def __rmul__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) * int(self))

    def __rfloordiv__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(_unsigned(other) // int(self))

    def __rmod__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(_unsigned(other) % int(self))

    def __rdivmod__(self, other: int) -> Tuple["r_uint", "r_uint"]:
        if not isinstance(other, int):
            return NotImplemented
        q, r = divmod(_unsigned(other), int(self))
        return r_uint(q), r_uint(r)

    def __rtruediv__(self, other: int) -> float:
        if not isinstance(other, int):
            return NotImplemented
        return _unsigned(other) / int(self)

    def __rpow__(  # type: ignore[misc]
        self, other: int, modulo: Optional[int] = None
    ) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        if modulo is None:
            return r_uint(pow(_unsigned(other), int(self), _MODULUS))
        return r_uint(pow(_unsigned(other), int(self), _unsigned(modulo)))

    def __rand__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) & int(self))

    def __ror__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) | int(self))

    def __rxor__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(int(other) ^ int(self))

    def __rlshift__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(_shift_left(_unsigned(other), int(self)))

    def __rrshift__(self, other: int) -> "r_uint":
        if not isinstance(other, int):
            return NotImplemented
        return r_uint(_unsigned(other) >> int(self))


def _shift_left(value: int, count: int) -> int:
    """``value << count`` for a 64-bit result: 0 once every bit is shifted out."""
    if count < 0:
        raise ValueError("negative shift count")
    if count >= LONG_BIT:
        return 0
    return value << count
