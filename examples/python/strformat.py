"""String formatting: `format(value, spec)` (f-strings), the `%`
operator on strings, and `str.format`.

The format-spec mini-language: [[fill]align][sign][#][0][width][,|_][.precision][type].
"""

import math
from objects import (
    W_Object, W_Int, W_Bool, W_Float, W_Str, W_Tuple, W_Dict, W_Instance, Runtime, type_name,
)
from errors import type_error, value_error, index_error, key_error
import operations
from indexing import getitem
from attributes import getattr_w, lookup_user_special
from arith import float_to_int
from floatfmt import fixed_body, exp_body, general_body


class Spec:
    """A parsed format spec."""

    def __init__(self):
        self.fill = " "
        self.align = ""
        self.sign = ""
        self.alternate = False
        self.zero = False
        self.width = -1
        self.grouping = ""
        self.precision = -1
        self.type = ""


def is_align(c: str) -> bool:
    return c == "<" or c == ">" or c == "^" or c == "="


def parse_spec(text: str, type_name: str) -> Spec:
    spec = Spec()
    i = 0
    n = len(text)
    if n >= 2 and is_align(text[1]):
        spec.fill = text[0]
        spec.align = text[1]
        i = 2
    elif n >= 1 and is_align(text[0]):
        spec.align = text[0]
        i = 1
    if i < n and (text[i] == "+" or text[i] == "-" or text[i] == " "):
        spec.sign = text[i]
        i += 1
    if i < n and text[i] == "#":
        spec.alternate = True
        i += 1
    if i < n and text[i] == "0":
        spec.zero = True
        i += 1
    start = i
    while i < n and text[i].isdigit():
        i += 1
    if i > start:
        spec.width = int(text[start:i])
    if i < n and (text[i] == "," or text[i] == "_"):
        spec.grouping = text[i]
        i += 1
    if i < n and text[i] == ".":
        i += 1
        start = i
        while i < n and text[i].isdigit():
            i += 1
        if i == start:
            raise value_error("Format specifier missing precision")
        spec.precision = int(text[start:i])
    if i < n:
        spec.type = text[i]
        i += 1
    if i < n:
        raise value_error("Invalid format specifier '" + text + "' for object of type '" + type_name + "'")
    return spec


def pad(s: str, spec: Spec, default_align: str) -> str:
    """Pad `s` to the spec's width with its fill and alignment."""
    width = spec.width
    if width <= len(s):
        return s
    align = spec.align if spec.align != "" else default_align
    missing = width - len(s)
    if align == "<":
        return s + spec.fill * missing
    if align == "^":
        left = missing // 2
        return spec.fill * left + s + spec.fill * (missing - left)
    return spec.fill * missing + s


def layout_number(sign: str, prefix: str, body: str, spec: Spec) -> str:
    """Sign, prefix (0x...) and digits, padded as the spec says."""
    fill = spec.fill
    align = spec.align
    if spec.zero and align == "":
        fill = "0"
        align = "="
    if align == "=":
        missing = spec.width - len(sign) - len(prefix) - len(body)
        if missing > 0:
            return sign + prefix + fill * missing + body
        return sign + prefix + body
    s = sign + prefix + body
    width = spec.width
    if width <= len(s):
        return s
    missing = width - len(s)
    if align == "<":
        return s + fill * missing
    if align == "^":
        left = missing // 2
        return fill * left + s + fill * (missing - left)
    return fill * missing + s


def group_digits(digits: str, sep: str, every: int) -> str:
    """Insert `sep` between groups of `every` digits from the right."""
    if sep == "":
        return digits
    parts = []
    end = len(digits)
    while end > every:
        parts.append(digits[end - every:end])
        end -= every
    parts.append(digits[:end])
    parts.reverse()
    return sep.join(parts)


def sign_of(negative: bool, spec_sign: str) -> str:
    if negative:
        return "-"
    if spec_sign == "+":
        return "+"
    if spec_sign == " ":
        return " "
    return ""


def to_base(v: int, base: int) -> str:
    """Digits of a non-negative int in base 2, 8 or 16 (lowercase)."""
    if v == 0:
        return "0"
    digits = []
    while v > 0:
        digits.append("0123456789abcdef"[v % base])
        v //= base
    digits.reverse()
    return "".join(digits)


def format_int(v: int, spec: Spec) -> str:
    t = spec.type
    if t == "e" or t == "E" or t == "f" or t == "F" or t == "g" or t == "G" or t == "%":
        return format_float(float(v), spec)
    if t == "c":
        return pad(chr(v), spec, "<")
    negative = v < 0
    mag = -v if negative else v
    prefix = ""
    every = 3
    if t == "x" or t == "X":
        digits = to_base(mag, 16)
        every = 4
        if spec.alternate:
            prefix = "0x"
        if t == "X":
            digits = digits.upper()
            prefix = prefix.upper()
    elif t == "o":
        digits = to_base(mag, 8)
        every = 4
        if spec.alternate:
            prefix = "0o"
    elif t == "b":
        digits = to_base(mag, 2)
        every = 4
        if spec.alternate:
            prefix = "0b"
    elif t == "" or t == "d" or t == "n":
        digits = str(mag)
    else:
        raise value_error("Unknown format code '" + t + "' for object of type 'int'")
    digits = group_digits(digits, spec.grouping, every)
    return layout_number(sign_of(negative, spec.sign), prefix, digits, spec)


def is_negative(x: float) -> bool:
    if x < 0.0:
        return True
    return x == 0.0 and repr(x)[0] == "-"


def format_float(x: float, spec: Spec) -> str:
    t = spec.type
    negative = is_negative(x)
    mag = math.fabs(x)
    p = spec.precision
    if x != x or mag == float("inf"):
        body = "nan" if x != x else "inf"
        if t == "F" or t == "E" or t == "G":
            body = body.upper()
        if t == "%":
            body += "%"
        return layout_number(sign_of(negative, spec.sign), "", body, spec)
    if t == "f" or t == "F":
        body = fixed_body(mag, 6 if p < 0 else p)
    elif t == "e" or t == "E":
        body = exp_body(mag, 6 if p < 0 else p)
    elif t == "g" or t == "G":
        body = general_body(mag, 6 if p < 0 else (1 if p == 0 else p))
    elif t == "%":
        body = fixed_body(mag * 100.0, 6 if p < 0 else p) + "%"
    elif t == "":
        if p < 0:
            body = repr(mag)
        else:
            body = general_body(mag, 1 if p == 0 else p)
            if body.find("e") < 0 and body.find(".") < 0:
                body += ".0"
    else:
        raise value_error("Unknown format code '" + t + "' for object of type 'float'")
    if t == "E" or t == "G":
        body = body.upper()
    if spec.alternate and body.find(".") < 0 and body.find("e") < 0:
        body += "."
    if spec.grouping != "":
        dot = body.find(".")
        end = dot if dot >= 0 else len(body)
        if body.find("e") < 0:
            body = group_digits(body[:end], spec.grouping, 3) + body[end:]
    return layout_number(sign_of(negative, spec.sign), "", body, spec)


def format_str(s: str, spec: Spec) -> str:
    if spec.type != "" and spec.type != "s":
        raise value_error("Unknown format code '" + spec.type + "' for object of type 'str'")
    if spec.sign != "":
        raise value_error("Sign not allowed in string format specifier")
    if spec.precision >= 0 and len(s) > spec.precision:
        s = s[:spec.precision]
    return pad(s, spec, "<")


def format_w(rt: Runtime, w: W_Object, text: str) -> str:
    """`format(w, text)`."""
    if isinstance(w, W_Instance):
        w_meth = lookup_user_special(w, "__format__")
        if w_meth is not None:
            w_res = rt.call(w_meth, [w, W_Str(text)])
            if not isinstance(w_res, W_Str):
                raise type_error("__format__ must return a str, not " + type_name(w_res))
            return w_res.strval
    if text == "":
        return operations.str_w(rt, w)
    spec = parse_spec(text, type_name(w))
    if isinstance(w, W_Bool) and (spec.type == "" or spec.type == "s"):
        return format_str("True" if w.intval != 0 else "False", spec)
    if isinstance(w, W_Int):
        return format_int(w.intval, spec)
    if isinstance(w, W_Float):
        return format_float(w.floatval, spec)
    if isinstance(w, W_Str):
        return format_str(w.strval, spec)
    raise type_error("unsupported format string passed to " + type_name(w) + ".__format__")


# ---------------------------------------------------------------- the % operator


class PercentArgs:
    """The values consumed by a %-format, in order (or by key)."""

    def __init__(self, w_args: W_Object):
        self.values: list[W_Object] = []
        self.mapping = None
        self.index = 0
        if isinstance(w_args, W_Tuple):
            self.values = w_args.items
        else:
            self.values = [w_args]
            if isinstance(w_args, W_Dict):
                self.mapping = w_args

    def next_value(self) -> W_Object:
        if self.index >= len(self.values):
            raise type_error("not enough arguments for format string")
        self.index += 1
        return self.values[self.index - 1]


def percent_format(rt: Runtime, fmt: str, w_args: W_Object) -> str:
    """`fmt % w_args`."""
    args = PercentArgs(w_args)
    out = []
    i = 0
    n = len(fmt)
    used_mapping = False
    while i < n:
        c = fmt[i]
        if c != "%":
            j = fmt.find("%", i)
            if j < 0:
                j = n
            out.append(fmt[i:j])
            i = j
            continue
        i += 1
        if i >= n:
            raise value_error("incomplete format")
        if fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        w_value = None
        if fmt[i] == "(":
            end = fmt.find(")", i)
            if end < 0:
                raise value_error("incomplete format key")
            mapping = args.mapping
            if mapping is None:
                raise type_error("format requires a mapping")
            w_value = getitem(rt, mapping, W_Str(fmt[i + 1:end]))
            used_mapping = True
            i = end + 1
        spec = Spec()
        left = False
        while i < n and (fmt[i] == "-" or fmt[i] == "+" or fmt[i] == " " or fmt[i] == "#" or fmt[i] == "0"):
            f = fmt[i]
            if f == "-":
                left = True
            elif f == "+":
                spec.sign = "+"
            elif f == " ":
                if spec.sign == "":
                    spec.sign = " "
            elif f == "#":
                spec.alternate = True
            else:
                spec.zero = True
            i += 1
        if i < n and fmt[i] == "*":
            spec.width = star_value(args.next_value())
            i += 1
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                spec.width = int(fmt[start:i])
        if spec.width < 0 and i > 0 and fmt[i - 1] == "*":
            left = True
            spec.width = -spec.width
        if i < n and fmt[i] == ".":
            i += 1
            if i < n and fmt[i] == "*":
                spec.precision = star_value(args.next_value())
                i += 1
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                spec.precision = int(fmt[start:i]) if i > start else 0
        while i < n and (fmt[i] == "h" or fmt[i] == "l" or fmt[i] == "L"):
            i += 1
        if i >= n:
            raise value_error("incomplete format")
        conv = fmt[i]
        i += 1
        if w_value is None:
            w_value = args.next_value()
        if left:
            spec.align = "<"
            spec.zero = False
        out.append(percent_piece(rt, conv, w_value, spec))
    if args.index < len(args.values) and args.mapping is None and not used_mapping:
        raise type_error("not all arguments converted during string formatting")
    return "".join(out)


def star_value(w: W_Object) -> int:
    if not isinstance(w, W_Int):
        raise type_error("* wants int")
    return w.intval


def percent_piece(rt: Runtime, conv: str, w_value: W_Object, spec: Spec) -> str:
    """One `%` conversion."""
    if conv == "s" or conv == "r" or conv == "a":
        text = operations.str_w(rt, w_value) if conv == "s" else operations.repr_w(rt, w_value)
        if spec.precision >= 0 and len(text) > spec.precision:
            text = text[:spec.precision]
        return pad(text, spec, ">")
    if spec.align == "" and not spec.zero:
        spec.align = ">"
    if conv == "d" or conv == "i" or conv == "u":
        v = 0
        if isinstance(w_value, W_Int):
            v = w_value.intval
        elif isinstance(w_value, W_Float):
            v = float_to_int(w_value.floatval)
        else:
            raise type_error("%" + conv + " format: a real number is required, not " + type_name(w_value))
        digits = str(-v if v < 0 else v)
        if spec.precision > len(digits):
            digits = "0" * (spec.precision - len(digits)) + digits
        return layout_number(sign_of(v < 0, spec.sign), "", digits, spec)
    if conv == "x" or conv == "X" or conv == "o":
        if not isinstance(w_value, W_Int):
            raise type_error("%" + conv + " format: an integer is required, not " + type_name(w_value))
        spec.type = conv
        spec.precision = -1
        return format_int(w_value.intval, spec)
    if conv == "e" or conv == "E" or conv == "f" or conv == "F" or conv == "g" or conv == "G":
        x = 0.0
        if isinstance(w_value, W_Float):
            x = w_value.floatval
        elif isinstance(w_value, W_Int):
            x = float(w_value.intval)
        else:
            raise type_error("must be real number, not " + type_name(w_value))
        spec.type = conv
        return format_float(x, spec)
    if conv == "c":
        if isinstance(w_value, W_Int):
            return pad(chr(w_value.intval), spec, ">")
        if isinstance(w_value, W_Str) and len(w_value.strval) == 1:
            return pad(w_value.strval, spec, ">")
        raise type_error("%c requires int or char")
    raise value_error("unsupported format character '" + conv + "' (0x" + to_base(ord(conv), 16)
                      + ") at index 0")


# ---------------------------------------------------------------- str.format


class FormatState:
    """Automatic field numbering of one str.format call."""

    def __init__(self):
        self.auto = 0
        self.mode = 0  # 0 unknown, 1 automatic, 2 manual


def str_format(rt: Runtime, fmt: str, args: list[W_Object], kwargs) -> str:
    """`fmt.format(*args, **kwargs)`."""
    return format_template(rt, fmt, args, kwargs, FormatState(), 0)


def format_template(rt: Runtime, fmt: str, args: list[W_Object], kwargs, state: FormatState, depth: int) -> str:
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c == "{":
            if i + 1 < n and fmt[i + 1] == "{":
                out.append("{")
                i += 2
                continue
            end = matching_brace(fmt, i)
            out.append(format_field(rt, fmt[i + 1:end], args, kwargs, state, depth))
            i = end + 1
        elif c == "}":
            if i + 1 < n and fmt[i + 1] == "}":
                out.append("}")
                i += 2
                continue
            raise value_error("Single '}' encountered in format string")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(fmt: str, start: int) -> int:
    depth = 0
    for i in range(start, len(fmt)):
        if fmt[i] == "{":
            depth += 1
        elif fmt[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise value_error("expected '}' before end of string")


def format_field(rt: Runtime, field: str, args: list[W_Object], kwargs, state: FormatState, depth: int) -> str:
    spec = ""
    colon = field.find(":")
    if colon >= 0:
        spec = field[colon + 1:]
        field = field[:colon]
    conv = ""
    bang = field.find("!")
    if bang >= 0:
        conv = field[bang + 1:]
        field = field[:bang]
    w_value = field_value(rt, field, args, kwargs, state)
    if conv == "r" or conv == "a":
        w_value = W_Str(operations.repr_w(rt, w_value))
    elif conv == "s":
        w_value = W_Str(operations.str_w(rt, w_value))
    elif conv != "":
        raise value_error("Unknown conversion specifier " + conv)
    if spec.find("{") >= 0 and depth < 2:
        spec = format_template(rt, spec, args, kwargs, state, depth + 1)
    return format_w(rt, w_value, spec)


def field_value(rt: Runtime, field: str, args: list[W_Object], kwargs, state: FormatState) -> W_Object:
    """The value named by a replacement field: `0`, `name`, `x.attr`, `x[0]`."""
    i = 0
    n = len(field)
    while i < n and field[i] != "." and field[i] != "[":
        i += 1
    first = field[:i]
    w_value = None
    if first == "":
        if state.mode == 2:
            raise value_error("cannot switch from manual field specification to automatic field numbering")
        state.mode = 1
        if state.auto >= len(args):
            raise index_error("Replacement index " + str(state.auto) + " out of range for positional args tuple")
        w_value = args[state.auto]
        state.auto += 1
    elif first.isdigit():
        if state.mode == 1:
            raise value_error("cannot switch from automatic field numbering to manual field specification")
        state.mode = 2
        k = int(first)
        if k >= len(args):
            raise index_error("Replacement index " + str(k) + " out of range for positional args tuple")
        w_value = args[k]
    else:
        if kwargs is None or first not in kwargs:
            raise key_error(W_Str(first))
        w_value = kwargs[first]
    while i < n:
        if field[i] == ".":
            j = i + 1
            while j < n and field[j] != "." and field[j] != "[":
                j += 1
            w_value = getattr_w(rt, w_value, field[i + 1:j])
            i = j
        else:
            j = field.find("]", i)
            if j < 0:
                raise value_error("Missing ']' in format string")
            key = field[i + 1:j]
            w_key = W_Int(int(key)) if key.isdigit() else W_Str(key)
            w_value = getitem(rt, w_value, w_key)
            i = j + 1
    return w_value
