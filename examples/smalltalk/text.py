"""String and Symbol primitives (numbers 70-109 with a string receiver),
and the printed forms of strings and symbols."""

from kiln.rarith import intmask

from objects import (W_Object, W_SmallInteger, W_Character, W_String, W_Symbol, W_Array, Frame,
                     NIL, wrap_bool, wrap_char, intern_symbol)


def arg_at(frame: Frame, nargs: int, i: int) -> W_Object:
    """Argument ``i`` (from 0) of the send being run."""
    return frame.stack[frame.sp - nargs + i]


def indexed_string_primitive(number: int, frame: Frame, nargs: int, w_str: W_String) -> "W_Object | None":
    """at:, at:put:, size, copyFrom:to:, ``,`` and
    replaceFrom:to:with:startingAt: on Strings (and Symbols, read-only)."""
    s = w_str.value
    if number == 72:
        return W_SmallInteger(len(s))
    w_a = arg_at(frame, nargs, 0)
    if number == 74:
        if not isinstance(w_a, W_String):
            return None
        return W_String(s + w_a.value)
    if not isinstance(w_a, W_SmallInteger):
        return None
    i = w_a.value
    if number == 70:
        if i < 1 or i > len(s):
            return None
        return wrap_char(ord(s[i - 1]))
    if number == 71:
        w_ch = arg_at(frame, nargs, 1)
        if isinstance(w_str, W_Symbol) or not isinstance(w_ch, W_Character) or i < 1 or i > len(s):
            return None
        w_str.value = s[:i - 1] + chr(w_ch.code) + s[i:]
        return w_ch
    w_b = arg_at(frame, nargs, 1)
    if not isinstance(w_b, W_SmallInteger):
        return None
    j = w_b.value
    if number == 73:
        if i < 1 or j > len(s) or j < i - 1:
            return None
        return W_String(s[i - 1:j])
    if number == 75:
        w_src = arg_at(frame, nargs, 2)
        w_start = arg_at(frame, nargs, 3)
        if isinstance(w_str, W_Symbol):
            return None
        if not (isinstance(w_src, W_String) and isinstance(w_start, W_SmallInteger)):
            return None
        start = w_start.value
        count = j - i + 1
        if i < 1 or j > len(s) or count < 0 or start < 1 or start - 1 + count > len(w_src.value):
            return None
        w_str.value = s[:i - 1] + w_src.value[start - 1:start - 1 + count] + s[j:]
        return w_str
    return None


def string_primitive(number: int, frame: Frame, nargs: int, w_str: W_String) -> "W_Object | None":
    """Comparison, conversion and searching on strings."""
    s = w_str.value
    if nargs == 0:
        return string_unary(number, w_str, s)
    w_arg = arg_at(frame, nargs, 0)
    if number == 80:
        if not isinstance(w_arg, W_String):
            return wrap_bool(False)
        if isinstance(w_arg, W_Symbol) or isinstance(w_str, W_Symbol):
            return wrap_bool(w_arg is w_str)
        return wrap_bool(s == w_arg.value)
    if number == 94 or number == 104 or number == 108:
        if not isinstance(w_arg, W_Character):
            return None
        c = chr(w_arg.code)
        if number == 94:
            return W_SmallInteger(s.find(c) + 1)
        if number == 104:
            return W_String(s + c)
        return W_SmallInteger(s.count(c))
    if number == 107:
        if not isinstance(w_arg, W_Array):
            return None
        parts = []
        for item in w_arg.items:
            if not isinstance(item, W_String):
                return None
            parts.append(item.value)
        return W_String(s.join(parts))
    if number == 93:
        if isinstance(w_arg, W_Character):
            return split_on(s, chr(w_arg.code))
        if not isinstance(w_arg, W_String):
            return None
        return split_on(s, w_arg.value)
    if not isinstance(w_arg, W_String):
        return None
    t = w_arg.value
    if number == 81:
        return wrap_bool(s < t)
    if number == 90:
        return wrap_bool(t in s)
    if number == 97:
        return wrap_bool(s.startswith(t))
    if number == 98:
        return wrap_bool(s.endswith(t))
    if number == 95:
        w_new = arg_at(frame, nargs, 1)
        if not isinstance(w_new, W_String) or len(t) == 0:
            return None
        return W_String(s.replace(t, w_new.value))
    return None


def string_unary(number: int, w_str: W_String, s: str) -> "W_Object | None":
    """The string primitives without arguments."""
    if number == 82:
        return W_SmallInteger(string_hash(s))
    if number == 83:
        return intern_symbol(s)
    if number == 84:
        return W_String(s)
    if number == 85:
        return W_String(quote_string(s))
    if number == 86:
        return W_String(s.upper())
    if number == 87:
        return W_String(s.lower())
    if number == 88:
        return parse_integer(s)
    if number == 89:
        chars = list(s)
        chars.reverse()
        return W_String("".join(chars))
    if number == 91:
        return W_String(symbol_print_string(s))
    if number == 92:
        parts = s.split()
        return W_Array([new_string(p) for p in parts])
    if number == 96:
        return W_String(s.strip())
    if number == 99:
        return W_Array([new_string(p) for p in s.splitlines()])
    if number == 100:
        if len(s) > 0 and not (s[0].isalpha() or s[0] == "_"):
            return W_SmallInteger(1)
        return W_SmallInteger(s.count(":"))
    return None


def new_string(value: str) -> W_Object:
    """A new String as a generic object."""
    return W_String(value)


def split_on(s: str, separators: str) -> W_Object:
    """The non-empty runs of characters not in ``separators``."""
    parts = []
    current = []
    for c in s:
        if c in separators:
            if len(current) > 0:
                parts.append("".join(current))
                current = []
        else:
            current.append(c)
    if len(current) > 0:
        parts.append("".join(current))
    return W_Array([new_string(p) for p in parts])


def string_hash(s: str) -> int:
    """A hash of the characters (FNV-1a, kept to 30 bits), the same on
    every backend."""
    h = 2166136261
    for c in s:
        h = intmask((h ^ ord(c)) * 16777619) & 0xFFFFFFFF
    return h & 0x3FFFFFFF


def quote_string(s: str) -> str:
    """The printString of a string: quoted, with quotes doubled."""
    return "'" + s.replace("'", "''") + "'"


def symbol_print_string(s: str) -> str:
    """``#foo``, ``#at:put:``, ``#+``, or ``#'with spaces'``."""
    if is_selector_like(s):
        return "#" + s
    return "#" + quote_string(s)


def is_selector_like(s: str) -> bool:
    """Whether a symbol prints without quotes."""
    if len(s) == 0:
        return False
    if s[0].isalpha() or s[0] == "_":
        for c in s:
            if not (c.isalnum() or c == "_" or c == ":"):
                return False
        return True
    for c in s:
        if c not in "+-*/\\<>=~,@%|&?":
            return False
    return True


def parse_integer(s: str) -> W_Object:
    """``'42' asNumber``: the integer, or nil if the text is not one."""
    t = s.strip()
    negative = False
    if t.startswith("-"):
        negative = True
        t = t[1:]
    if len(t) == 0 or len(t) > 18:
        return NIL
    value = 0
    for c in t:
        if not ("0" <= c <= "9"):
            return NIL
        value = value * 10 + (ord(c) - 48)
    if negative:
        value = -value
    return W_SmallInteger(value)
