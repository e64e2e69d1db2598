"""CPython implementations of the prelude's primitives (``_kiln_intrinsics``).

The prelude (``kiln_prelude.py``) is written in Kiln Python, but a few of the
operations it needs have no Python spelling that maps onto a single IR
operation.  The prelude imports them from this module::

    from _kiln_intrinsics import char_class, code_at, fmt_fixed, fmt_exp, fmt_general

When the prelude is translated, the frontend maps each call onto one core-IR
operation (``char_class``, ``str_code_at``, ``float_fmt_fixed``,
``float_fmt_exp``, ``float_fmt_general``; see ``core-ir/src/opcode.rs``), and
this file is never read.  When the prelude runs on CPython or PyPy (as in
``test_prelude.py``), these definitions give the same results, so the prelude
can be tested against the built-ins it reimplements.

The float formatters are spelled with ``format(x, ".<prec>f")``, which is
the same conversion as ``'%.*f' % (prec, x)`` in CPython (both call
``PyOS_double_to_string`` with no flags), because PyPy's ``%f`` switches to
``%g`` for numbers of 1e50 and more.
"""

__all__ = ["char_class", "code_at", "fmt_fixed", "fmt_exp", "fmt_general"]

#: ``char_class`` bit: ``str.isdigit``
DIGIT = 1
#: ``char_class`` bit: ``str.isalpha``
ALPHA = 2
#: ``char_class`` bit: ``str.isspace``
SPACE = 4
#: ``char_class`` bit: ``str.isupper``
UPPER = 8
#: ``char_class`` bit: ``str.islower``
LOWER = 16
#: ``char_class`` bit: ``str.isprintable``
PRINTABLE = 32
#: ``char_class`` bit: ``str.isdecimal``
DECIMAL = 64
#: ``char_class`` bit: ``str.isnumeric``
NUMERIC = 128


def char_class(cp: int) -> int:
    """The Unicode properties of code point ``cp`` as a bit set.

    Bits: 1 isdigit, 2 isalpha, 4 isspace, 8 isupper, 16 islower,
    32 isprintable, 64 isdecimal, 128 isnumeric, each as ``chr(cp).isX()``
    answers.  0 for a ``cp`` outside ``0..0x10FFFF``.
    """
    if cp < 0 or cp > 0x10FFFF:
        return 0
    c = chr(cp)
    bits = 0
    if c.isdigit():
        bits |= DIGIT
    if c.isalpha():
        bits |= ALPHA
    if c.isspace():
        bits |= SPACE
    if c.isupper():
        bits |= UPPER
    if c.islower():
        bits |= LOWER
    if c.isprintable():
        bits |= PRINTABLE
    if c.isdecimal():
        bits |= DECIMAL
    if c.isnumeric():
        bits |= NUMERIC
    return bits


def code_at(s: str, i: int) -> int:
    """``ord(s[i])`` without building a one-character string.

    Negative ``i`` counts from the end; IndexError "string index out of range".
    """
    return ord(s[i])


def fmt_fixed(x: float, prec: int) -> str:
    """``'%.*f' % (prec, x)``: fixed point, correctly rounded (half-even on the exact value)."""
    return format(x, "." + str(prec) + "f")


def fmt_exp(x: float, prec: int) -> str:
    """``'%.*e' % (prec, x)``: exponent notation with ``prec`` digits after the point."""
    return format(x, "." + str(prec) + "e")


def fmt_general(x: float, prec: int) -> str:
    """``'%.*g' % (prec, x)``: the shorter of fixed and exponent notation, ``prec`` significant digits."""
    return format(x, "." + str(prec) + "g")
