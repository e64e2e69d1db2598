"""The Kiln prelude: Python built-ins written once, in Kiln Python.

Kiln's frontend lowers each Python built-in operation either to a primitive
core-IR operation (``len(s)``, ``s[i]``, ``s.find(...)``, list and dict
access, arithmetic...) or to a call of a function in this module.  The
prelude is compiled into every program, so the JVM, CLR and native backends
and the reference interpreter all get ``str.split``, ``int(s)``,
``format(x, spec)``, ``%`` formatting, ``list.sort`` and the rest for free,
with one implementation and therefore one behaviour: CPython 3.11's,
including its error messages.

The function names and signatures below are a contract with the frontend,
which calls them by name.  For example ``s.split(",", 2)`` becomes
``str_split(s, ",", 2)``, ``xs.sort(reverse=True)`` becomes
``list_sort(xs, True)``, and ``"%-5d" % n`` becomes
``percent_int(n, "-", 5, -1, "d")``.

Rules the prelude follows (it is type-inferred like user code, from its call
sites, and must stay inside what every backend maps directly onto the IR):

* It is valid Kiln Python: every variable, list and dict keeps one type; no
  lambdas, closures, generators, generator expressions, ``*args``/``**kwargs``,
  f-strings or ``%``-formatting; no ``try``/``except`` used for control flow;
  default arguments are constants (and unused); no classes.
* Functions that are generic over a list's item type (or a dict's key type)
  are marked ``@specialize.argtype(0)``: the translator makes one copy per
  type.  Items are compared only with ``==`` and ``<``, so the same code works
  for ``int``, ``float``, ``str``, ``bool``, tuples and instances.
* Only these building blocks are used, because each maps onto an IR
  primitive: int/float/bool arithmetic and comparisons; ``len(s)``, ``s[i]``,
  ``s[a:b]`` (step 1), ``+`` and ``*`` on str, str comparisons,
  ``s.find(sub, start, end)`` and ``s.rfind(sub, start, end)`` (always with
  all three arguments), ``s.startswith(p)``, ``s.endswith(p)``,
  ``sep.join(list_of_str)``, ``s.lower()``, ``s.upper()``, ``chr(n)``,
  ``str(int)``, ``str(float)``, ``repr(x)``, ``int(float)``, ``float(int)``;
  list ``append pop(i) insert extend len [i] [i]=v [a:b] [a:b]=v
  del xs[a:b]``, ``[v] * n``, ``[]``; dict ``d[k] d[k]=v del d[k] k in d
  d.get(k, default) d.keys() d.values() d.items() len(d)``; tuples;
  ``raise``; ``if``/``while``/``for`` over ``range()`` and lists; calls to
  other prelude functions and to the intrinsics below.
* A str or list method that is itself implemented here is never called as a
  method (the call would come back into the prelude); the prelude calls the
  prelude function instead (e.g. ``list_reverse(xs)``, not ``xs.reverse()``).
* Strings are built by collecting parts in a list and joining them once, so
  no loop builds a string quadratically.

The intrinsics (``_kiln_intrinsics``) are the primitives with no Python
spelling: ``char_class(cp)`` (Unicode properties of a code point as a bit
set), ``code_at(s, i)`` (``ord(s[i])``), and ``fmt_fixed``, ``fmt_exp``,
``fmt_general`` (``'%.*f'``, ``'%.*e'``, ``'%.*g'``, correctly rounded).
Every float is formatted through them or through ``repr``, so rounding is
exact: ``format(2.675, '.2f') == '2.67'``.

Integers are 64-bit in translated code.  Where CPython would produce an
integer beyond 64 bits from text (``int("9" * 30)``), the prelude raises
``OverflowError("int too large to convert")`` instead.

``test_prelude.py`` beside this file checks every function against the
CPython built-in it replaces.
"""

from kiln import specialize
from _kiln_intrinsics import char_class, code_at, fmt_exp, fmt_fixed, fmt_general

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

# char_class() bits (see _kiln_intrinsics.char_class).
_DIGIT = 1
_ALPHA = 2
_SPACE = 4
_UPPER = 8
_LOWER = 16
_DECIMAL = 64
_NUMERIC = 128

# The 64-bit int range.  The smallest value is written as a difference
# because its magnitude does not fit in 64 bits.
_INT_MIN = -9223372036854775807 - 1
_INT_MAX = 9223372036854775807
_C_INT_MAX = 2147483647

# Digits for bases up to 36.
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


# ---------------------------------------------------------------------------
# Character helpers
# ---------------------------------------------------------------------------


def _is_space_code(cp: int) -> bool:
    """``chr(cp).isspace()``: Unicode whitespace (what ``str.split()`` splits on)."""
    return (char_class(cp) & _SPACE) != 0


def _is_linebreak(cp: int) -> bool:
    """Whether ``chr(cp)`` ends a line for ``str.splitlines``."""
    if cp >= 10 and cp <= 13:
        return True
    if cp >= 28 and cp <= 30:
        return True
    return cp == 0x85 or cp == 0x2028 or cp == 0x2029


def _is_titlecase(cp: int) -> bool:
    """Whether ``chr(cp)`` is a titlecase letter (like ``'Dž'``).

    Titlecase letters are the cased letters that are neither uppercase nor
    lowercase; unlike uncased letters (CJK, ...) they have case mappings.
    """
    cls = char_class(cp)
    if (cls & _ALPHA) == 0 or (cls & (_UPPER | _LOWER)) != 0:
        return False
    c = chr(cp)
    return c.lower() != c or c.upper() != c


def _decimal_value(cp: int) -> int:
    """The value 0..9 of a Unicode decimal digit (``unicodedata.decimal``), or -1.

    Unicode encodes decimal digits in contiguous runs of ten, 0 to 9 (a
    stability guarantee), so the value is the number of decimal digits
    directly before ``cp``, modulo 10.
    """
    if cp >= 48 and cp <= 57:
        return cp - 48
    if (char_class(cp) & _DECIMAL) == 0:
        return -1
    k = 0
    while (char_class(cp - k - 1) & _DECIMAL) != 0:
        k += 1
    return k % 10


def _is_c_space(c: int) -> bool:
    """ASCII whitespace as C's ``isspace``: space, and ``\\t \\n \\v \\f \\r``."""
    return c == 32 or (c >= 9 and c <= 13)


def _hex_digits_of(v: int) -> str:
    """Lower-case hex digits of a non-negative int, without prefix."""
    return _magnitude_digits(v, 16)


def _magnitude_digits(v: int, base: int) -> str:
    """The digits of ``abs(v)`` in ``base`` (2..36), lower case, without sign or prefix.

    Works for every 64-bit ``v``, including the smallest, whose magnitude
    does not fit: the digits are taken from the non-positive value.
    """
    n = v
    if n > 0:
        n = -n
    if n == 0:
        return "0"
    rev: list[str] = []
    while n != 0:
        # n == q * base + r with 0 <= r < base (floor division), so for r > 0
        # the magnitude -n is (-q - 1) * base + (base - r).
        q = n // base
        r = n % base
        if r == 0:
            rev.append("0")
            n = q
        else:
            rev.append(_DIGITS[base - r])
            n = q + 1
    out: list[str] = []
    i = len(rev) - 1
    while i >= 0:
        out.append(rev[i])
        i -= 1
    return "".join(out)


# ---------------------------------------------------------------------------
# str: splitting
# ---------------------------------------------------------------------------


def str_split(s: str, sep: str, maxsplit: int) -> list[str]:
    """``s.split(sep, maxsplit)`` with a str separator; ``maxsplit`` -1 means no limit.

    ValueError "empty separator" if ``sep`` is empty.
    """
    m = len(sep)
    if m == 0:
        raise ValueError("empty separator")
    n = len(s)
    result: list[str] = []
    i = 0
    count = 0
    while maxsplit < 0 or count < maxsplit:
        j = s.find(sep, i, n)
        if j < 0:
            break
        result.append(s[i:j])
        i = j + m
        count += 1
    result.append(s[i:n])
    return result


def str_split_ws(s: str, maxsplit: int) -> list[str]:
    """``s.split(None, maxsplit)``: split on runs of Unicode whitespace.

    Leading and trailing whitespace never produces empty strings.  Once
    ``maxsplit`` splits are done (-1: no limit), the rest of the string after
    the whitespace that follows the last piece is one more piece.
    """
    n = len(s)
    result: list[str] = []
    i = 0
    count = 0
    while maxsplit < 0 or count < maxsplit:
        while i < n and _is_space_code(code_at(s, i)):
            i += 1
        if i == n:
            break
        j = i
        i += 1
        while i < n and not _is_space_code(code_at(s, i)):
            i += 1
        result.append(s[j:i])
        count += 1
    if i < n:
        while i < n and _is_space_code(code_at(s, i)):
            i += 1
        if i != n:
            result.append(s[i:n])
    return result


def str_splitlines(s: str) -> list[str]:
    """``s.splitlines()``: split at every Python line boundary, dropping the ends.

    Boundaries: ``\\n``, ``\\r``, ``\\r\\n``, ``\\v``, ``\\f``, ``\\x1c``,
    ``\\x1d``, ``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``.
    """
    n = len(s)
    result: list[str] = []
    i = 0
    while i < n:
        j = i
        while i < n and not _is_linebreak(code_at(s, i)):
            i += 1
        eol = i
        if i < n:
            if code_at(s, i) == 13 and i + 1 < n and code_at(s, i + 1) == 10:
                i += 2
            else:
                i += 1
        result.append(s[j:eol])
    return result


# ---------------------------------------------------------------------------
# str: stripping
# ---------------------------------------------------------------------------


def _strip_start(s: str, chars: str) -> int:
    """Index of the first character of ``s`` not in ``chars``."""
    n = len(s)
    m = len(chars)
    i = 0
    while i < n and chars.find(s[i], 0, m) >= 0:
        i += 1
    return i


def _strip_end(s: str, chars: str, start: int) -> int:
    """One past the last character of ``s[start:]`` not in ``chars``."""
    m = len(chars)
    j = len(s)
    while j > start and chars.find(s[j - 1], 0, m) >= 0:
        j -= 1
    return j


def str_strip(s: str, chars: str) -> str:
    """``s.strip(chars)``: remove leading and trailing characters found in ``chars``."""
    i = _strip_start(s, chars)
    return s[i:_strip_end(s, chars, i)]


def str_lstrip(s: str, chars: str) -> str:
    """``s.lstrip(chars)``: remove leading characters found in ``chars``."""
    return s[_strip_start(s, chars):len(s)]


def str_rstrip(s: str, chars: str) -> str:
    """``s.rstrip(chars)``: remove trailing characters found in ``chars``."""
    return s[0:_strip_end(s, chars, 0)]


def _strip_ws_start(s: str) -> int:
    """Index of the first non-whitespace character of ``s``."""
    n = len(s)
    i = 0
    while i < n and _is_space_code(code_at(s, i)):
        i += 1
    return i


def _strip_ws_end(s: str, start: int) -> int:
    """One past the last non-whitespace character of ``s[start:]``."""
    j = len(s)
    while j > start and _is_space_code(code_at(s, j - 1)):
        j -= 1
    return j


def str_strip_ws(s: str) -> str:
    """``s.strip()``: remove leading and trailing Unicode whitespace."""
    i = _strip_ws_start(s)
    return s[i:_strip_ws_end(s, i)]


def str_lstrip_ws(s: str) -> str:
    """``s.lstrip()``: remove leading Unicode whitespace."""
    return s[_strip_ws_start(s):len(s)]


def str_rstrip_ws(s: str) -> str:
    """``s.rstrip()``: remove trailing Unicode whitespace."""
    return s[0:_strip_ws_end(s, 0)]


# ---------------------------------------------------------------------------
# str: searching and replacing
# ---------------------------------------------------------------------------


def str_replace(s: str, old: str, new: str, count: int) -> str:
    """``s.replace(old, new, count)``; ``count`` -1 replaces every occurrence.

    An empty ``old`` matches before every character and at the end, as in
    CPython: ``"ab".replace("", "-") == "-a-b-"``.
    """
    if count == 0:
        return s
    n = len(s)
    m = len(old)
    parts: list[str] = []
    if m == 0:
        k = n + 1
        if count >= 0 and count < k:
            k = count
        for i in range(k):
            parts.append(new)
            if i < n:
                parts.append(s[i])
        parts.append(s[k:n])
        return "".join(parts)
    i = 0
    done = 0
    while count < 0 or done < count:
        j = s.find(old, i, n)
        if j < 0:
            break
        parts.append(s[i:j])
        parts.append(new)
        i = j + m
        done += 1
    if done == 0:
        return s
    parts.append(s[i:n])
    return "".join(parts)


def _adjust_indices(start: int, end: int, length: int) -> tuple[int, int]:
    """Slice-style adjustment of ``start``/``end`` (CPython's ADJUST_INDICES)."""
    if end > length:
        end = length
    elif end < 0:
        end += length
        if end < 0:
            end = 0
    if start < 0:
        start += length
        if start < 0:
            start = 0
    return (start, end)


def str_count(s: str, sub: str, start: int, end: int) -> int:
    """``s.count(sub, start, end)``: non-overlapping occurrences in ``s[start:end]``.

    The caller passes 0 and ``len(s)`` for absent bounds.
    """
    lo, hi = _adjust_indices(start, end, len(s))
    m = len(sub)
    if hi - lo < m:
        return 0
    if m == 0:
        return hi - lo + 1
    count = 0
    i = lo
    while True:
        j = s.find(sub, i, hi)
        if j < 0:
            break
        count += 1
        i = j + m
    return count


def str_index(s: str, sub: str, start: int, end: int) -> int:
    """``s.index(sub, start, end)``: like ``find``, but ValueError "substring not found"."""
    i = s.find(sub, start, end)
    if i < 0:
        raise ValueError("substring not found")
    return i


def str_rindex(s: str, sub: str, start: int, end: int) -> int:
    """``s.rindex(sub, start, end)``: like ``rfind``, but ValueError "substring not found"."""
    i = s.rfind(sub, start, end)
    if i < 0:
        raise ValueError("substring not found")
    return i


# ---------------------------------------------------------------------------
# str: character classes
# ---------------------------------------------------------------------------


def _all_chars_have(s: str, bits: int) -> bool:
    """Whether ``s`` is non-empty and every character has one of the ``bits``."""
    n = len(s)
    if n == 0:
        return False
    for i in range(n):
        if (char_class(code_at(s, i)) & bits) == 0:
            return False
    return True


def str_isdigit(s: str) -> bool:
    """``s.isdigit()``"""
    return _all_chars_have(s, _DIGIT)


def str_isalpha(s: str) -> bool:
    """``s.isalpha()``"""
    return _all_chars_have(s, _ALPHA)


def str_isspace(s: str) -> bool:
    """``s.isspace()``"""
    return _all_chars_have(s, _SPACE)


def str_isalnum(s: str) -> bool:
    """``s.isalnum()``: every character is alphabetic, decimal, a digit or numeric."""
    return _all_chars_have(s, _ALPHA | _DECIMAL | _DIGIT | _NUMERIC)


def str_isdecimal(s: str) -> bool:
    """``s.isdecimal()``"""
    return _all_chars_have(s, _DECIMAL)


def str_isnumeric(s: str) -> bool:
    """``s.isnumeric()``"""
    return _all_chars_have(s, _NUMERIC)


def str_isupper(s: str) -> bool:
    """``s.isupper()``: at least one cased character, and no lowercase or titlecase one."""
    cased = False
    for i in range(len(s)):
        cp = code_at(s, i)
        cls = char_class(cp)
        if (cls & _LOWER) != 0:
            return False
        if (cls & _UPPER) != 0:
            cased = True
        elif _is_titlecase(cp):
            return False
    return cased


def str_islower(s: str) -> bool:
    """``s.islower()``: at least one cased character, and no uppercase or titlecase one."""
    cased = False
    for i in range(len(s)):
        cp = code_at(s, i)
        cls = char_class(cp)
        if (cls & _UPPER) != 0:
            return False
        if (cls & _LOWER) != 0:
            cased = True
        elif _is_titlecase(cp):
            return False
    return cased


# ---------------------------------------------------------------------------
# str: padding, slicing, characters
# ---------------------------------------------------------------------------


def _check_fill(fill: str) -> None:
    """TypeError unless the fill character is exactly one character."""
    if len(fill) != 1:
        raise TypeError("The fill character must be exactly one character long")


def str_ljust(s: str, width: int, fill: str) -> str:
    """``s.ljust(width, fill)``: pad on the right to ``width`` characters."""
    _check_fill(fill)
    pad = width - len(s)
    if pad <= 0:
        return s
    return s + fill * pad


def str_rjust(s: str, width: int, fill: str) -> str:
    """``s.rjust(width, fill)``: pad on the left to ``width`` characters."""
    _check_fill(fill)
    pad = width - len(s)
    if pad <= 0:
        return s
    return fill * pad + s


def str_center(s: str, width: int, fill: str) -> str:
    """``s.center(width, fill)``, with CPython's choice of the odd padding character's side."""
    _check_fill(fill)
    marg = width - len(s)
    if marg <= 0:
        return s
    left = marg // 2 + (marg & width & 1)
    return fill * left + s + fill * (marg - left)


def str_zfill(s: str, width: int) -> str:
    """``s.zfill(width)``: pad with zeros on the left, after a leading sign."""
    n = len(s)
    if n >= width:
        return s
    zeros = "0" * (width - n)
    if n > 0 and (s[0] == "+" or s[0] == "-"):
        return s[0] + zeros + s[1:n]
    return zeros + s


def str_slice_step(s: str, lo: int, hi: int, step: int, has_lo: bool, has_hi: bool) -> str:
    """``s[lo:hi:step]`` for any step; ``has_lo``/``has_hi`` say whether the bounds were given.

    ValueError "slice step cannot be zero".
    """
    start, stop, st = slice_indices(len(s), lo, hi, step, has_lo, has_hi)
    if st == 1:
        if stop <= start:
            return ""
        return s[start:stop]
    parts: list[str] = []
    for k in range(_slice_length(start, stop, st)):
        parts.append(s[start + k * st])
    return "".join(parts)


def str_chars(s: str) -> list[str]:
    """``list(s)``: the characters of ``s``."""
    result: list[str] = []
    for i in range(len(s)):
        result.append(s[i])
    return result


def str_ord(s: str) -> int:
    """``ord(s)``: TypeError unless ``s`` is exactly one character."""
    if len(s) != 1:
        raise TypeError("ord() expected a character, but string of length " + str(len(s)) + " found")
    return code_at(s, 0)


# ---------------------------------------------------------------------------
# Slices
# ---------------------------------------------------------------------------


def slice_indices(length: int, lo: int, hi: int, step: int, has_lo: bool, has_hi: bool) -> tuple[int, int, int]:
    """``slice(lo, hi, step).indices(length)``: clamp the bounds of an extended slice.

    A bound that was not given (``has_lo``/``has_hi`` false) takes its
    default for the direction of ``step``.  ValueError "slice step cannot be
    zero".
    """
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if length < 0:
        raise ValueError("length should not be negative")
    lower = 0
    upper = length
    if step < 0:
        lower = -1
        upper = length - 1
    start = lower
    if step < 0:
        start = upper
    if has_lo:
        start = lo
        if start < 0:
            start += length
            if start < lower:
                start = lower
        elif start > upper:
            start = upper
    stop = upper
    if step < 0:
        stop = lower
    if has_hi:
        stop = hi
        if stop < 0:
            stop += length
            if stop < lower:
                stop = lower
        elif stop > upper:
            stop = upper
    return (start, stop, step)


def _slice_length(start: int, stop: int, step: int) -> int:
    """The number of indices ``range(start, stop, step)`` visits (step non-zero)."""
    if step > 0:
        if start < stop:
            return (stop - start - 1) // step + 1
        return 0
    if stop < start:
        # (start - stop - 1) // -step + 1, without negating step (it may be the smallest int)
        return (stop - start + 1) // step + 1
    return 0


@specialize.argtype(0)
def list_slice_step(xs, lo: int, hi: int, step: int, has_lo: bool, has_hi: bool):
    """``xs[lo:hi:step]`` for any step: a new list.  ValueError "slice step cannot be zero"."""
    start, stop, st = slice_indices(len(xs), lo, hi, step, has_lo, has_hi)
    if st == 1:
        if stop < start:
            stop = start
        return xs[start:stop]
    result = xs[0:0]
    for k in range(_slice_length(start, stop, st)):
        result.append(xs[start + k * st])
    return result


@specialize.argtype(0)
def list_set_slice_step(xs, lo: int, hi: int, step: int, has_lo: bool, has_hi: bool, values) -> None:
    """``xs[lo:hi:step] = values``.

    With step 1 this is plain slice assignment (the list may grow or shrink).
    Otherwise ``values`` must have exactly as many items as the slice:
    ValueError "attempt to assign sequence of size X to extended slice of
    size Y".
    """
    start, stop, st = slice_indices(len(xs), lo, hi, step, has_lo, has_hi)
    if st == 1:
        if stop < start:
            stop = start
        xs[start:stop] = values
        return
    count = _slice_length(start, stop, st)
    if len(values) != count:
        raise ValueError(
            "attempt to assign sequence of size " + str(len(values)) + " to extended slice of size " + str(count)
        )
    # Copy first: values may be xs itself.  (k * st cannot overflow: with two
    # or more items |st| is less than the length of the list.)
    items = values[0:len(values)]
    for k in range(count):
        xs[start + k * st] = items[k]


@specialize.argtype(0)
def list_del_slice_step(xs, lo: int, hi: int, step: int, has_lo: bool, has_hi: bool) -> None:
    """``del xs[lo:hi:step]``: remove the items of an extended slice, keeping the others in order."""
    start, stop, st = slice_indices(len(xs), lo, hi, step, has_lo, has_hi)
    if st == 1:
        if stop > start:
            del xs[start:stop]
        return
    count = _slice_length(start, stop, st)
    if count == 0:
        return
    if count == 1:
        xs.pop(start)
        return
    # Visit the removed indices in increasing order (|st| is less than the
    # length of the list here, so negating it cannot overflow).
    first = start
    if st < 0:
        first = start + st * (count - 1)
        st = -st
    n = len(xs)
    write = first
    removed = 0
    for read in range(first, n):
        if removed < count and read == first + removed * st:
            removed += 1
        else:
            xs[write] = xs[read]
            write += 1
    del xs[write:n]


# ---------------------------------------------------------------------------
# int <-> text
# ---------------------------------------------------------------------------


def _int_literal_message(s: str, base: int) -> str:
    """The ValueError message of ``int(s, base)`` (the repr is cut to 200 characters, as CPython's)."""
    r = repr(s)
    if len(r) > 200:
        r = r[0:200]
    return "invalid literal for int() with base " + str(base) + ": " + r


def _int_char(s: str, i: int) -> int:
    """The character ``s[i]`` as ``int()`` sees it (an ASCII code), or -1 if it cannot occur.

    ``int()`` first maps Unicode whitespace to a space and Unicode decimal
    digits to ASCII digits; any other non-ASCII character makes the literal
    invalid.  ASCII characters are kept as they are.
    """
    cp = code_at(s, i)
    if cp < 127:
        return cp
    cls = char_class(cp)
    if (cls & _SPACE) != 0:
        return 32
    if (cls & _DECIMAL) != 0:
        return 48 + _decimal_value(cp)
    return -1


def _digit_value(c: int) -> int:
    """Value of an ASCII digit or letter as a digit in bases up to 36; 99 for anything else."""
    if c >= 48 and c <= 57:
        return c - 48
    if c >= 97 and c <= 122:
        return c - 87
    if c >= 65 and c <= 90:
        return c - 55
    return 99


def _parse_int(s: str, base: int) -> int:
    """``int(s, base)`` for a base already checked to be 0 or 2..36.

    Surrounding whitespace, a sign, a ``0x``/``0o``/``0b`` prefix matching
    the base (or choosing it, for base 0), and single underscores between
    digits are accepted.  OverflowError "int too large to convert" for a valid
    literal beyond 64 bits.
    """
    n = len(s)
    orig_base = base
    i = 0
    while i < n and _is_c_space(_int_char(s, i)):
        i += 1
    negative = False
    if i < n and _int_char(s, i) == 43:
        i += 1
    elif i < n and _int_char(s, i) == 45:
        negative = True
        i += 1
    c0 = -1
    if i < n:
        c0 = _int_char(s, i)
    c1 = -1
    if i + 1 < n:
        c1 = _int_char(s, i + 1)
    leading_zeros_only = False
    if base == 0:
        if c0 != 48:
            base = 10
        elif c1 == 120 or c1 == 88:
            base = 16
        elif c1 == 111 or c1 == 79:
            base = 8
        elif c1 == 98 or c1 == 66:
            base = 2
        else:
            # An old-style octal literal such as 012 is only valid if zero.
            leading_zeros_only = True
            base = 10
    if c0 == 48 and (
        (base == 16 and (c1 == 120 or c1 == 88))
        or (base == 8 and (c1 == 111 or c1 == 79))
        or (base == 2 and (c1 == 98 or c1 == 66))
    ):
        i += 2
        if i < n and _int_char(s, i) == 95:
            i += 1
    if i < n and _int_char(s, i) == 95:
        raise ValueError(_int_literal_message(s, orig_base))
    # Accumulate the value negated, so the most negative int fits.
    acc = 0
    overflow = False
    ndigits = 0
    after_underscore = False
    while i < n:
        c = _int_char(s, i)
        if c == 95:
            if after_underscore:
                raise ValueError(_int_literal_message(s, orig_base))
            after_underscore = True
        else:
            d = _digit_value(c)
            if d >= base:
                break
            after_underscore = False
            ndigits += 1
            if not overflow:
                # acc * base - d must stay >= _INT_MIN, i.e. acc >= ceil((_INT_MIN + d) / base).
                if acc < (_INT_MIN + d + base - 1) // base:
                    overflow = True
                else:
                    acc = acc * base - d
        i += 1
    if after_underscore or ndigits == 0:
        raise ValueError(_int_literal_message(s, orig_base))
    if leading_zeros_only and (overflow or acc != 0):
        raise ValueError(_int_literal_message(s, orig_base))
    while i < n and _is_c_space(_int_char(s, i)):
        i += 1
    if i != n:
        raise ValueError(_int_literal_message(s, orig_base))
    if not negative and acc == _INT_MIN:
        overflow = True
    if overflow:
        raise OverflowError("int too large to convert")
    if negative:
        return acc
    return -acc


def int_from_str(s: str) -> int:
    """``int(s)``: a base-10 literal with optional whitespace, sign and underscores.

    ValueError "invalid literal for int() with base 10: <repr(s)>";
    OverflowError "int too large to convert" beyond 64 bits.
    """
    return _parse_int(s, 10)


def int_from_str_base(s: str, base: int) -> int:
    """``int(s, base)`` for base 0 (prefix decides, as in source code) or 2..36.

    ValueError "int() base must be >= 2 and <= 36, or 0" for other bases.
    """
    if (base != 0 and base < 2) or base > 36:
        raise ValueError("int() base must be >= 2 and <= 36, or 0")
    return _parse_int(s, base)


def int_to_hex(v: int) -> str:
    """``hex(v)``: ``'0x1f'``, ``'-0x1f'``."""
    if v < 0:
        return "-0x" + _magnitude_digits(v, 16)
    return "0x" + _magnitude_digits(v, 16)


# ---------------------------------------------------------------------------
# format(): the format-spec mini-language
# ---------------------------------------------------------------------------


def _is_align(c: str) -> bool:
    """Whether ``c`` is an alignment character of a format spec."""
    return c == "<" or c == ">" or c == "=" or c == "^"


def _code_desc(c: str) -> str:
    """How CPython's format errors show a type character: itself, or ``\\x..`` when not printable ASCII."""
    cp = code_at(c, 0)
    if cp > 32 and cp < 128:
        return c
    return "\\x" + _hex_digits_of(cp)


def _spec_int(spec: str, pos: int) -> tuple[int, int]:
    """Read a run of (Unicode) decimal digits at ``pos``: (value, position after it).

    ValueError "Too many decimal digits in format string" if the value does
    not fit in 63 bits.
    """
    n = len(spec)
    value = 0
    while pos < n:
        d = _decimal_value(code_at(spec, pos))
        if d < 0:
            break
        if value > (_INT_MAX - d) // 10:
            raise ValueError("Too many decimal digits in format string")
        value = value * 10 + d
        pos += 1
    return (value, pos)


def _parse_spec(
    spec: str, type_name: str, default_type: str, default_align: str
) -> tuple[str, str, str, bool, bool, int, str, int, str]:
    """Parse ``[[fill]align][sign][z][#][0][width][grouping][.precision][type]``.

    Returns (fill, align, sign, no_neg_0, alternate, width, grouping,
    precision, type): ``sign`` is "" when absent, ``width`` and
    ``precision`` are -1 when absent, ``grouping`` is "", "," or "_", and
    ``type`` is ``default_type`` when absent ("" stands for none).  Raises
    the ValueErrors CPython raises while parsing (before looking at the
    type of the value, except for its name in messages).
    """
    n = len(spec)
    pos = 0
    fill = " "
    align = default_align
    fill_given = False
    align_given = False
    if n >= 2 and _is_align(spec[1]):
        fill = spec[0]
        align = spec[1]
        fill_given = True
        align_given = True
        pos = 2
    elif n >= 1 and _is_align(spec[0]):
        align = spec[0]
        align_given = True
        pos = 1
    sign = ""
    if pos < n and (spec[pos] == "+" or spec[pos] == "-" or spec[pos] == " "):
        sign = spec[pos]
        pos += 1
    no_neg_0 = False
    if pos < n and spec[pos] == "z":
        no_neg_0 = True
        pos += 1
    alternate = False
    if pos < n and spec[pos] == "#":
        alternate = True
        pos += 1
    if not fill_given and pos < n and spec[pos] == "0":
        fill = "0"
        if not align_given and default_align == ">":
            align = "="
        pos += 1
    width, after = _spec_int(spec, pos)
    if after == pos:
        width = -1
    pos = after
    grouping = ""
    if pos < n and spec[pos] == ",":
        grouping = ","
        pos += 1
    if pos < n and spec[pos] == "_":
        if grouping != "":
            raise ValueError("Cannot specify both ',' and '_'.")
        grouping = "_"
        pos += 1
    if pos < n and spec[pos] == "," and grouping == "_":
        raise ValueError("Cannot specify both ',' and '_'.")
    precision = -1
    if pos < n and spec[pos] == ".":
        pos += 1
        precision, after = _spec_int(spec, pos)
        if after == pos:
            raise ValueError("Format specifier missing precision")
        pos = after
    if n - pos > 1:
        raise ValueError("Invalid format specifier '" + spec + "' for object of type '" + type_name + "'")
    ftype = default_type
    if n - pos == 1:
        ftype = spec[pos]
    if grouping != "":
        allowed = (
            ftype == "d" or ftype == "e" or ftype == "f" or ftype == "g" or ftype == "E"
            or ftype == "G" or ftype == "%" or ftype == "F" or ftype == ""
        )
        if not allowed:
            if grouping == "," or not (ftype == "b" or ftype == "o" or ftype == "x" or ftype == "X"):
                raise ValueError("Cannot specify '" + grouping + "' with '" + _code_desc(ftype) + "'.")
    return (fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype)


def _unknown_code_message(ftype: str, type_name: str) -> str:
    """The message "Unknown format code 'x' for object of type 'float'"."""
    return "Unknown format code '" + _code_desc(ftype) + "' for object of type '" + type_name + "'"


def _group_digits(digits: str, min_width: int, sep: str, group: int) -> str:
    """Insert ``sep`` between groups of ``group`` digits, counted from the right.

    With ``min_width`` > 0 (zero padding with ``=`` alignment), zeros are
    added on the left, grouped like the digits, until the result is at least
    that wide, as CPython's ``_PyUnicode_InsertThousandsGrouping`` does (the
    result never starts with a separator).  ``sep`` "" means no grouping.
    """
    if min_width < 0:
        min_width = 0
    remaining = len(digits)
    end = remaining
    if sep == "":
        width = remaining
        if width < min_width:
            width = min_width
        if width < 1:
            width = 1
        return "0" * (width - remaining) + digits
    # Pieces from right to left.
    pieces: list[str] = []
    first = True
    while True:
        size = remaining
        if size < min_width:
            size = min_width
        if size < 1:
            size = 1
        if size > group:
            size = group
        n_chars = remaining
        if n_chars > size:
            n_chars = size
        if not first:
            pieces.append(sep)
        first = False
        pieces.append(digits[end - n_chars:end])
        pieces.append("0" * (size - n_chars))
        remaining -= n_chars
        end -= n_chars
        min_width -= size
        if remaining <= 0 and min_width <= 0:
            break
        min_width -= len(sep)
    out: list[str] = []
    i = len(pieces) - 1
    while i >= 0:
        out.append(pieces[i])
        i -= 1
    return "".join(out)


def _layout_number(
    negative: bool,
    prefix: str,
    digits: str,
    has_decimal: bool,
    remainder: str,
    fill: str,
    align: str,
    sign: str,
    width: int,
    grouping: str,
    group: int,
) -> str:
    """Assemble a formatted number: padding, sign, prefix, grouped digits, point, rest.

    ``digits`` is the integer part (possibly empty, as for ``inf``),
    ``remainder`` what follows the decimal point (or the whole text when
    there is no integer part).  Follows CPython's ``calc_number_widths`` and
    ``fill_number``.
    """
    sign_text = ""
    if negative:
        sign_text = "-"
    elif sign == "+":
        sign_text = "+"
    elif sign == " ":
        sign_text = " "
    point = ""
    if has_decimal:
        point = "."
    n_other = len(sign_text) + len(prefix) + len(point) + len(remainder)
    min_width = 0
    if fill == "0" and align == "=":
        min_width = width - n_other
    grouped = ""
    if len(digits) > 0:
        grouped = _group_digits(digits, min_width, grouping, group)
    n_padding = width - (n_other + len(grouped))
    left = 0
    middle = 0
    right = 0
    if n_padding > 0:
        if align == "<":
            right = n_padding
        elif align == "^":
            left = n_padding // 2
            right = n_padding - left
        elif align == "=":
            middle = n_padding
        else:
            left = n_padding
    return fill * left + sign_text + prefix + fill * middle + grouped + point + remainder + fill * right


def _pad_text(s: str, fill: str, align: str, width: int) -> str:
    """Pad ``s`` to ``width`` with ``fill``: ``<`` left-justifies, ``>`` right, ``^`` centres."""
    pad = width - len(s)
    if pad <= 0:
        return s
    if align == ">":
        return fill * pad + s
    if align == "^":
        left = pad // 2
        return fill * left + s + fill * (pad - left)
    return s + fill * pad


def format_str(v: str, spec: str) -> str:
    """``format(v, spec)`` for a str: ``[[fill]align][width][.precision][s]``.

    Precision truncates.  Signs, ``z``, ``#`` and ``=`` alignment are
    ValueErrors, with CPython's messages.
    """
    if len(spec) == 0:
        return v
    fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype = _parse_spec(spec, "str", "s", "<")
    if ftype != "s":
        raise ValueError(_unknown_code_message(ftype, "str"))
    if sign == " ":
        raise ValueError("Space not allowed in string format specifier")
    if sign != "":
        raise ValueError("Sign not allowed in string format specifier")
    if no_neg_0:
        raise ValueError("Negative zero coercion (z) not allowed in string format specifier")
    if alternate:
        raise ValueError("Alternate form (#) not allowed in string format specifier")
    if align == "=":
        raise ValueError("'=' alignment not allowed in string format specifier")
    s = v
    if precision >= 0 and len(s) > precision:
        s = s[0:precision]
    return _pad_text(s, fill, align, width)


def format_int(v: int, spec: str) -> str:
    """``format(v, spec)`` for an int.

    Types ``d`` (default) ``n`` ``b`` ``o`` ``x`` ``X`` ``c``, and the float
    types ``e E f F g G %`` (which format ``float(v)``).  ``#`` adds the base
    prefix, ``,``/``_`` group digits (``_`` by four for ``b o x X``).
    """
    if len(spec) == 0:
        return str(v)
    fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype = _parse_spec(spec, "int", "d", ">")
    if (
        ftype == "e" or ftype == "E" or ftype == "f" or ftype == "F"
        or ftype == "g" or ftype == "G" or ftype == "%"
    ):
        return _format_float_parsed(
            float(v), fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype
        )
    base = 10
    if ftype == "b":
        base = 2
    elif ftype == "o":
        base = 8
    elif ftype == "x" or ftype == "X":
        base = 16
    elif ftype != "d" and ftype != "n" and ftype != "c":
        raise ValueError(_unknown_code_message(ftype, "int"))
    if precision != -1:
        raise ValueError("Precision not allowed in integer format specifier")
    if no_neg_0:
        raise ValueError("Negative zero coercion (z) not allowed in integer format specifier")
    if ftype == "c":
        if sign != "":
            raise ValueError("Sign not allowed with integer format specifier 'c'")
        if alternate:
            raise ValueError("Alternate form (#) not allowed with integer format specifier 'c'")
        if v < 0 or v > 0x10FFFF:
            raise OverflowError("%c arg not in range(0x110000)")
        return _layout_number(False, "", "", False, chr(v), fill, align, sign, width, "", 3)
    digits = _magnitude_digits(v, base)
    prefix = ""
    if alternate:
        if base == 2:
            prefix = "0b"
        elif base == 8:
            prefix = "0o"
        elif base == 16:
            prefix = "0x"
    if ftype == "X":
        digits = digits.upper()
        prefix = prefix.upper()
    group = 3
    if base != 10:
        group = 4
    return _layout_number(v < 0, prefix, digits, False, "", fill, align, sign, width, grouping, group)


def format_float(v: float, spec: str) -> str:
    """``format(v, spec)`` for a float.

    Types ``e E f F g G n %`` and none: without a precision that is
    ``repr(v)``; with one it is like ``g`` but switches to exponent notation
    one digit earlier and keeps at least one digit after the point
    (``format(1.0, '.3') == '1.0'``).
    """
    if len(spec) == 0:
        return str(v)
    fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype = _parse_spec(spec, "float", "", ">")
    if not (
        ftype == "" or ftype == "e" or ftype == "E" or ftype == "f" or ftype == "F"
        or ftype == "g" or ftype == "G" or ftype == "n" or ftype == "%"
    ):
        raise ValueError(_unknown_code_message(ftype, "float"))
    return _format_float_parsed(v, fill, align, sign, no_neg_0, alternate, width, grouping, precision, ftype)


def _format_float_parsed(
    v: float,
    fill: str,
    align: str,
    sign: str,
    no_neg_0: bool,
    alternate: bool,
    width: int,
    grouping: str,
    precision: int,
    ftype: str,
) -> str:
    """Format a float from a parsed spec (CPython's ``format_float_internal``)."""
    if precision > _C_INT_MAX:
        raise ValueError("precision too big")
    body = ""
    if ftype == "":
        if precision < 0:
            body = _float_repr(v, alternate)
        else:
            body = _float_general(v, precision, alternate, True)
    elif ftype == "%":
        p = precision
        if p < 0:
            p = 6
        body = _float_fixed(v * 100.0, p, alternate)
    else:
        body = _float_body(v, precision, alternate, ftype)
    if no_neg_0:
        body = _drop_negative_zero(body)
    if ftype == "%":
        body = body + "%"
    return _layout_float(body, fill, align, sign, width, grouping)


def _layout_float(body: str, fill: str, align: str, sign: str, width: int, grouping: str) -> str:
    """Split a formatted float into sign, integer digits and the rest, then lay it out."""
    n = len(body)
    negative = n > 0 and body[0] == "-"
    i = 0
    if negative:
        i = 1
    start = i
    while i < n and code_at(body, i) >= 48 and code_at(body, i) <= 57:
        i += 1
    digits = body[start:i]
    has_decimal = i < n and body[i] == "."
    if has_decimal:
        i += 1
    return _layout_number(negative, "", digits, has_decimal, body[i:n], fill, align, sign, width, grouping, 3)


def _float_body(v: float, precision: int, alternate: bool, conv: str) -> str:
    """``'%#.<precision><conv>' % v`` (``#`` when ``alternate``) for conv in ``e E f F g G n``.

    A negative precision means the default, 6.  ``n`` is ``g`` (the C locale).
    """
    p = precision
    if p < 0:
        p = 6
    body = ""
    if conv == "f" or conv == "F":
        body = _float_fixed(v, p, alternate)
    elif conv == "e" or conv == "E":
        body = _float_exp(v, p, alternate)
    else:
        body = _float_general(v, p, alternate, False)
    if conv == "F" or conv == "E" or conv == "G":
        body = body.upper()
    return body


def _ends_with_digit(s: str) -> bool:
    """Whether a formatted float is finite (``inf`` and ``nan`` end with a letter)."""
    n = len(s)
    if n == 0:
        return False
    c = code_at(s, n - 1)
    return c >= 48 and c <= 57


def _float_fixed(v: float, prec: int, alternate: bool) -> str:
    """``'%.*f'``; with ``alternate`` the point is kept even with no digits after it."""
    s = fmt_fixed(v, prec)
    if alternate and prec == 0 and _ends_with_digit(s):
        return s + "."
    return s


def _float_exp(v: float, prec: int, alternate: bool) -> str:
    """``'%.*e'``; with ``alternate`` the point is kept even with no digits after it."""
    s = fmt_exp(v, prec)
    if alternate and prec == 0 and _ends_with_digit(s):
        k = s.find("e", 0, len(s))
        return s[0:k] + "." + s[k:len(s)]
    return s


def _strip_fraction_zeros(s: str) -> str:
    """Drop trailing zeros after a decimal point, then the point itself if nothing follows."""
    n = len(s)
    if s.find(".", 0, n) < 0:
        return s
    j = n
    while j > 0 and s[j - 1] == "0":
        j -= 1
    if j > 0 and s[j - 1] == ".":
        j -= 1
    return s[0:j]


def _exponent_of(s: str, k: int) -> int:
    """The exponent written after the ``e`` at index ``k`` of ``s`` (``e+05``, ``e-300``)."""
    n = len(s)
    value = 0
    for i in range(k + 2, n):
        value = value * 10 + (code_at(s, i) - 48)
    if s[k + 1] == "-":
        return -value
    return value


def _float_general(v: float, prec: int, alternate: bool, add_dot_0: bool) -> str:
    """``'%.*g'`` with CPython's flags.

    ``prec`` significant digits (0 counts as 1).  ``alternate`` (``#``)
    keeps trailing zeros and the decimal point.  ``add_dot_0`` is the format
    with no type letter: exponent notation from one digit earlier
    (exponent >= prec - 1), and at least one digit after the point otherwise.
    """
    p = prec
    if p == 0:
        p = 1
    if not alternate and not add_dot_0:
        return fmt_general(v, p)
    e = fmt_exp(v, p - 1)
    if not _ends_with_digit(e):
        return e
    k = e.find("e", 0, len(e))
    exponent = _exponent_of(e, k)
    threshold = p
    if add_dot_0:
        threshold = p - 1
    if exponent < -4 or exponent >= threshold:
        mantissa = e[0:k]
        if alternate:
            if mantissa.find(".", 0, len(mantissa)) < 0:
                mantissa = mantissa + "."
        else:
            mantissa = _strip_fraction_zeros(mantissa)
        return mantissa + e[k:len(e)]
    s = fmt_fixed(v, p - 1 - exponent)
    if not alternate:
        s = _strip_fraction_zeros(s)
    if s.find(".", 0, len(s)) < 0:
        if add_dot_0:
            s = s + ".0"
        else:
            s = s + "."
    return s


def _float_repr(v: float, alternate: bool) -> str:
    """``repr(v)``, as ``format`` with no type and no precision gives it.

    With ``#`` a number in exponent notation gets a point: ``1.e+16``.
    """
    r = repr(v)
    n = len(r)
    if alternate and r.find(".", 0, n) < 0:
        k = r.find("e", 0, n)
        if k >= 0:
            return r[0:k] + "." + r[k:n]
    return r


def _drop_negative_zero(s: str) -> str:
    """The ``z`` option: drop the minus sign of a number that rounded to zero."""
    n = len(s)
    if n == 0 or s[0] != "-":
        return s
    seen_digit = False
    for i in range(1, n):
        c = code_at(s, i)
        if c == 101 or c == 69:
            break
        if c >= 48 and c <= 57:
            if c != 48:
                return s
            seen_digit = True
    if not seen_digit:
        return s
    return s[1:n]


# ---------------------------------------------------------------------------
# % formatting: one call per directive of a constant format string
# ---------------------------------------------------------------------------


def _has_flag(flags: str, flag: str) -> bool:
    """Whether the ``%`` directive's flags include ``flag``."""
    return flags.find(flag, 0, len(flags)) >= 0


def _percent_layout(body: str, flags: str, width: int, prefix_len: int) -> str:
    """Pad a formatted number as ``%`` formatting does (CPython's ``unicode_format_arg_output``).

    ``body`` may start with a sign; ``prefix_len`` characters after the
    sign are a base prefix (``0x``).  ``+``/space add a sign to a
    non-negative number, ``-`` left-justifies, ``0`` pads with zeros
    between the sign and prefix and the digits.
    """
    n = len(body)
    i = 0
    sign_text = ""
    if n > 0 and (body[0] == "-" or body[0] == "+"):
        sign_text = body[0]
        i = 1
    elif _has_flag(flags, "+"):
        sign_text = "+"
    elif _has_flag(flags, " "):
        sign_text = " "
    prefix = body[i:i + prefix_len]
    rest = body[i + prefix_len:n]
    pad = width - (len(sign_text) + len(prefix) + len(rest))
    if pad <= 0:
        return sign_text + prefix + rest
    if _has_flag(flags, "-"):
        return sign_text + prefix + rest + " " * pad
    if _has_flag(flags, "0"):
        return sign_text + prefix + "0" * pad + rest
    return " " * pad + sign_text + prefix + rest


def percent_int(v: int, flags: str, width: int, prec: int, conv: str) -> str:
    """``'%<flags><width>.<prec><conv>' % v`` for conv in ``d i u x X o``.

    ``flags`` holds the given characters among ``-+ 0#``; ``width`` and
    ``prec`` are -1 when absent.  The precision is a minimum number of digits.
    """
    if prec > _C_INT_MAX - 3:
        raise OverflowError("precision too large")
    base = 10
    prefix = ""
    if conv == "x" or conv == "X":
        base = 16
        prefix = "0x"
    elif conv == "o":
        base = 8
        prefix = "0o"
    digits = _magnitude_digits(v, base)
    if prec > len(digits):
        digits = "0" * (prec - len(digits)) + digits
    if not _has_flag(flags, "#"):
        prefix = ""
    body = prefix + digits
    if conv == "X":
        body = body.upper()
    if v < 0:
        body = "-" + body
    return _percent_layout(body, flags, width, len(prefix))


def percent_float(v: float, flags: str, width: int, prec: int, conv: str) -> str:
    """``'%<flags><width>.<prec><conv>' % v`` for conv in ``e E f F g G`` (precision default 6)."""
    body = _float_body(v, prec, _has_flag(flags, "#"), conv)
    return _percent_layout(body, flags, width, 0)


def percent_str(s: str, flags: str, width: int, prec: int) -> str:
    """``'%<flags><width>.<prec>s' % s`` (also ``%r``: the caller passes ``repr(x)``).

    The precision truncates; ``-`` left-justifies; padding is always spaces.
    """
    text = s
    if prec >= 0 and len(text) > prec:
        text = text[0:prec]
    pad = width - len(text)
    if pad <= 0:
        return text
    if _has_flag(flags, "-"):
        return text + " " * pad
    return " " * pad + text


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


@specialize.argtype(0)
def list_contains(xs, x) -> bool:
    """``x in xs``"""
    for item in xs:
        if item == x:
            return True
    return False


@specialize.argtype(0)
def list_index(xs, x) -> int:
    """``xs.index(x)``: ValueError "<repr(x)> is not in list"."""
    for i in range(len(xs)):
        if xs[i] == x:
            return i
    raise ValueError(repr(x) + " is not in list")


@specialize.argtype(0)
def list_index_from(xs, x, start: int) -> int:
    """``xs.index(x, start)`` (a negative ``start`` counts from the end)."""
    n = len(xs)
    i = start
    if i < 0:
        i += n
        if i < 0:
            i = 0
    while i < n:
        if xs[i] == x:
            return i
        i += 1
    raise ValueError(repr(x) + " is not in list")


@specialize.argtype(0)
def list_remove(xs, x) -> None:
    """``xs.remove(x)``: remove the first equal item; ValueError "list.remove(x): x not in list"."""
    for i in range(len(xs)):
        if xs[i] == x:
            xs.pop(i)
            return
    raise ValueError("list.remove(x): x not in list")


@specialize.argtype(0)
def list_count(xs, x) -> int:
    """``xs.count(x)``"""
    count = 0
    for item in xs:
        if item == x:
            count += 1
    return count


@specialize.argtype(0)
def list_reverse(xs) -> None:
    """``xs.reverse()``: in place."""
    i = 0
    j = len(xs) - 1
    while i < j:
        tmp = xs[i]
        xs[i] = xs[j]
        xs[j] = tmp
        i += 1
        j -= 1


@specialize.argtype(0)
def list_eq(a, b) -> bool:
    """``a == b`` for lists: same length and equal items."""
    n = len(a)
    if n != len(b):
        return False
    for i in range(n):
        if not (a[i] == b[i]):
            return False
    return True


@specialize.argtype(0)
def list_concat(a, b):
    """``a + b``: a new list."""
    result = a[0:len(a)]
    result.extend(b)
    return result


@specialize.argtype(0)
def list_repeat(xs, n: int):
    """``xs * n``: a new list (empty if ``n <= 0``)."""
    result = xs[0:0]
    for k in range(n):
        result.extend(xs)
    return result


@specialize.argtype(0)
def list_copy(xs):
    """``list(xs)``, ``xs[:]``, ``xs.copy()``: a shallow copy."""
    return xs[0:len(xs)]


# Runs this short are sorted by insertion before merging.
_SORT_RUN = 16


@specialize.argtype(0)
def _insertion_sort(xs, lo: int, hi: int) -> None:
    """Sort ``xs[lo:hi]`` in place, stably, with ``<``."""
    for i in range(lo + 1, hi):
        x = xs[i]
        j = i
        while j > lo and x < xs[j - 1]:
            xs[j] = xs[j - 1]
            j -= 1
        xs[j] = x


@specialize.argtype(0)
def _merge(xs, lo: int, mid: int, hi: int) -> None:
    """Merge the sorted runs ``xs[lo:mid]`` and ``xs[mid:hi]`` stably."""
    if not (xs[mid] < xs[mid - 1]):
        return  # already in order
    left = xs[lo:mid]
    n_left = mid - lo
    i = 0
    j = mid
    k = lo
    while i < n_left and j < hi:
        if xs[j] < left[i]:
            xs[k] = xs[j]
            j += 1
        else:
            xs[k] = left[i]
            i += 1
        k += 1
    while i < n_left:
        xs[k] = left[i]
        i += 1
        k += 1


@specialize.argtype(0)
def _merge_sort(xs) -> None:
    """Stable bottom-up merge sort using only ``<``: O(n log n) comparisons."""
    n = len(xs)
    lo = 0
    while lo < n:
        hi = lo + _SORT_RUN
        if hi > n:
            hi = n
        _insertion_sort(xs, lo, hi)
        lo = hi
    size = _SORT_RUN
    while size < n:
        lo = 0
        while lo + size < n:
            hi = lo + 2 * size
            if hi > n:
                hi = n
            _merge(xs, lo, lo + size, hi)
            lo = hi
        size *= 2


@specialize.argtype(0)
def list_sort(xs, reverse: bool) -> None:
    """``xs.sort(reverse=reverse)``: stable, in place, comparing items with ``<``.

    With ``reverse`` the list is reversed, sorted and reversed again, as
    CPython does, so equal items keep their original order.
    """
    if len(xs) < 2:
        return
    if reverse:
        list_reverse(xs)
    _merge_sort(xs)
    if reverse:
        list_reverse(xs)


@specialize.argtype(0)
def list_sorted(xs, reverse: bool):
    """``sorted(xs, reverse=reverse)``: a new sorted list."""
    result = xs[0:len(xs)]
    list_sort(result, reverse)
    return result


@specialize.argtype(0)
def list_min(xs):
    """``min(xs)``: the first smallest item; ValueError "min() arg is an empty sequence"."""
    n = len(xs)
    if n == 0:
        raise ValueError("min() arg is an empty sequence")
    best = xs[0]
    for i in range(1, n):
        if xs[i] < best:
            best = xs[i]
    return best


@specialize.argtype(0)
def list_max(xs):
    """``max(xs)``: the first largest item; ValueError "max() arg is an empty sequence"."""
    n = len(xs)
    if n == 0:
        raise ValueError("max() arg is an empty sequence")
    best = xs[0]
    for i in range(1, n):
        if best < xs[i]:
            best = xs[i]
    return best


def list_sum_int(xs: list[int]) -> int:
    """``sum(xs)`` for a list of ints."""
    total = 0
    for x in xs:
        total += x
    return total


def list_sum_float(xs: list[float]) -> float:
    """``sum(xs)`` for a list of floats: added left to right from 0.0, as CPython 3.11."""
    total = 0.0
    for x in xs:
        total += x
    return total


@specialize.argtype(0)
def list_repr(xs) -> str:
    """``repr(xs)``: ``"[" + ", ".join(repr(item)) + "]"``."""
    parts: list[str] = []
    for item in xs:
        parts.append(repr(item))
    return "[" + ", ".join(parts) + "]"


def range_len(start: int, stop: int, step: int) -> int:
    """``len(range(start, stop, step))``: ValueError "range() arg 3 must not be zero".

    Computed without overflowing 64 bits; a length beyond 64 bits (only
    possible with step 1 or 2 and bounds near the ends of the int range) is
    OverflowError "Python int too large to convert to C ssize_t", as CPython's.
    """
    if step == 0:
        raise ValueError("range() arg 3 must not be zero")
    if step > 0 and start >= stop:
        return 0
    if step < 0 and start <= stop:
        return 0
    # The length is (stop - start - 1) // step + 1 for a positive step and
    # (stop - start + 1) // step + 1 for a negative one.  Write the numerator
    # as a - start, where a = stop -+ 1 cannot overflow, and divide each part
    # separately so that no intermediate value leaves 64 bits.
    if step > 0:
        a = stop - 1
    else:
        a = stop + 1
    if step == 1 or step == -1:
        # The quotient is the numerator itself: check that it fits.
        if step == 1 and start < 0 and a > _INT_MAX + start:
            raise OverflowError("Python int too large to convert to C ssize_t")
        if step == -1 and a < 0 and start > _INT_MAX + a:
            raise OverflowError("Python int too large to convert to C ssize_t")
        q = a - start
        if step == -1:
            q = start - a
    else:
        q = a // step - start // step + (a % step - start % step) // step
    if q == _INT_MAX:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return q + 1


def range_list(start: int, stop: int, step: int) -> list[int]:
    """``list(range(start, stop, step))``: ValueError "range() arg 3 must not be zero"."""
    n = range_len(start, stop, step)
    result: list[int] = []
    v = start
    for k in range(n):
        result.append(v)
        if k + 1 < n:
            v += step
    return result


# ---------------------------------------------------------------------------
# Dicts
# ---------------------------------------------------------------------------


@specialize.argtype(0)
def dict_setdefault(d, k, default):
    """``d.setdefault(k, default)``: ``d[k]``, first storing ``default`` if ``k`` is absent."""
    if k in d:
        return d[k]
    d[k] = default
    return default


@specialize.argtype(0)
def dict_pop_default(d, k, default):
    """``d.pop(k, default)``: remove and return ``d[k]``, or return ``default`` if absent."""
    if k in d:
        v = d[k]
        del d[k]
        return v
    return default


@specialize.argtype(0)
def dict_copy(d):
    """``d.copy()``, ``dict(d)``: a shallow copy, in the same insertion order."""
    result = {}
    for k, v in d.items():
        result[k] = v
    return result


@specialize.argtype(0)
def dict_update(d, other) -> None:
    """``d.update(other)``: store every item of ``other``, in its order."""
    for k, v in other.items():
        d[k] = v


@specialize.argtype(0)
def dict_repr(d) -> str:
    """``repr(d)``: ``"{" + ", ".join(repr(k) + ": " + repr(v)) + "}"``."""
    parts: list[str] = []
    for k, v in d.items():
        parts.append(repr(k) + ": " + repr(v))
    return "{" + ", ".join(parts) + "}"
