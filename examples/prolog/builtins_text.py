"""Built-ins on output: write/1 and friends, nl/0, tab/1, print_message/2
and format/1,2,3."""

import sys

from terms import Term, Atom, Int, Var, Struct, deref, atom, functor, list_items
from engine import Engine, get_int, get_atom, atomic_text, text_of_list, char_of_code
from builtin_base import Builtin, register
from writer import Writer, term_to_text, canonical_text
from arith import eval_arith, to_float
from errors import PrologError, instantiation_error, type_error, domain_error, error, ball_message

# -- output streams -------------------------------------------------------------


def emit(e: Engine, stream: "Term | None", text: str) -> None:
    """Write text to user_output (the default) or user_error."""
    if stream is None:
        e.write_out(text)
        return
    s = deref(stream)
    if isinstance(s, Atom) and s.name == "user_error":
        e.flush()
        sys.stderr.write(text)
        return
    if isinstance(s, Atom) and (s.name == "user_output" or s.name == "current_output"):
        e.write_out(text)
        return
    if isinstance(s, Var):
        raise instantiation_error()
    raise domain_error("stream_or_alias", s)


def is_user_output(stream: Term) -> bool:
    """Whether a stream argument names standard output."""
    s = deref(stream)
    return isinstance(s, Atom) and (s.name == "user_output" or s.name == "current_output")


class Write(Builtin):
    """write/1,2, print/1,2, writeq/1,2, write_canonical/1,2."""

    def __init__(self, name: str, arity: int, quoted: bool, ignore_ops: bool):
        self.name = name
        self.arity = arity
        self.quoted = quoted
        self.ignore_ops = ignore_ops

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = args[len(args) - 1]
        if self.ignore_ops:
            text = canonical_text(t, e.ops)
        else:
            text = term_to_text(t, e.ops, self.quoted)
        emit(e, args[0] if len(args) == 2 else None, text)
        return True


class Writeln(Builtin):
    name = "writeln"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        e.write_out(term_to_text(args[0], e.ops, False) + "\n")
        return True


class WriteTerm(Builtin):
    """write_term/2,3 with the options quoted/1, ignore_ops/1 and numbervars/1."""

    def __init__(self, arity: int):
        self.name = "write_term"
        self.arity = arity

    def call(self, e: Engine, args: list[Term]) -> bool:
        opts = list_items(args[len(args) - 1])
        if opts is None:
            raise instantiation_error()
        quoted = False
        ignore_ops = False
        numbervars = False
        for o in opts:
            o = deref(o)
            if isinstance(o, Struct) and len(o.args) == 1:
                flag = deref(o.args[0])
                on = isinstance(flag, Atom) and flag.name == "true"
                if o.fn.name == "quoted":
                    quoted = on
                elif o.fn.name == "ignore_ops":
                    ignore_ops = on
                elif o.fn.name == "numbervars":
                    numbervars = on
        w = Writer(e.ops, quoted, ignore_ops, numbervars)
        w.write(args[len(args) - 2])
        emit(e, args[0] if len(args) == 3 else None, w.text())
        return True


class Nl(Builtin):
    """nl/0,1."""

    def __init__(self, arity: int):
        self.name = "nl"
        self.arity = arity

    def call(self, e: Engine, args: list[Term]) -> bool:
        emit(e, args[0] if len(args) == 1 else None, "\n")
        return True


class Tab(Builtin):
    name = "tab"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = eval_arith(args[0])
        if not isinstance(n, Int):
            raise type_error("integer", n)
        e.write_out(" " * n.value)
        return True


class PutChar(Builtin):
    name = "put_char"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = get_atom(args[0])
        if len(a.name) != 1:
            raise type_error("character", a)
        e.write_out(a.name)
        return True


class FlushOutput(Builtin):
    name = "flush_output"
    arity = 0

    def call(self, e: Engine, args: list[Term]) -> bool:
        e.flush()
        return True


class PrintMessage(Builtin):
    """print_message/2: errors and warnings on standard error, other kinds ignored."""

    name = "print_message"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        kind = deref(args[0])
        if isinstance(kind, Atom) and (kind.name == "error" or kind.name == "warning"):
            label = "ERROR: " if kind.name == "error" else "Warning: "
            e.flush()
            sys.stderr.write(label + ball_message(args[1], e.ops) + "\n")
        return True


# -- format/1,2,3 ---------------------------------------------------------------


def format_error(msg: str) -> PrologError:
    """``error(format(Msg), _)``."""
    return error(Struct(functor("format", 1), [atom(msg)]))


def fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals (as C's %.Nf)."""
    if digits <= 0:
        return "%.0f" % x
    if digits == 1:
        return "%.1f" % x
    if digits == 2:
        return "%.2f" % x
    if digits == 3:
        return "%.3f" % x
    if digits == 4:
        return "%.4f" % x
    if digits == 5:
        return "%.5f" % x
    if digits == 6:
        return "%.6f" % x
    if digits == 7:
        return "%.7f" % x
    if digits == 8:
        return "%.8f" % x
    if digits == 9:
        return "%.9f" % x
    if digits == 10:
        return "%.10f" % x
    if digits <= 12:
        return "%.12f" % x
    return "%.15f" % x


def group_digits(s: str, sep: str) -> str:
    """Insert ``sep`` between groups of three digits (for ~D)."""
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    parts: list[str] = []
    while len(s) > 3:
        parts.append(s[len(s) - 3:])
        s = s[:len(s) - 3]
    parts.append(s)
    parts.reverse()
    return ("-" if neg else "") + sep.join(parts)


def format_text_arg(t: Term) -> str:
    """The text of format's first argument: an atom, a code list or a char list."""
    t = deref(t)
    if isinstance(t, Atom):
        return t.name
    if isinstance(t, Var):
        raise instantiation_error()
    text = text_of_list(t)
    if text is None:
        raise instantiation_error()
    return text


class Formatter:
    """Interprets a format string, with column stops (~t, ~|, ~+)."""

    def __init__(self, e: Engine, column: int):
        self.e = e
        self.line: list[str] = []   # text of the current line after the last column stop
        self.done: list[str] = []   # text before the last column stop
        self.fills: list[int] = []  # fill positions in ``line``
        self.fill_chars: list[str] = []
        self.column = column        # column of the last stop (where output stands now)

    def add(self, s: str) -> None:
        """Append text (a newline resets the columns)."""
        nl = s.rfind("\n")
        if nl >= 0:
            self.flush_line()
            self.done.append(s[:nl + 1])
            self.column = 0
            s = s[nl + 1:]
        self.line.append(s)

    def flush_line(self) -> None:
        """Move pending text to ``done`` without padding."""
        text = "".join(self.line)
        self.done.append(text)
        self.column += len(text)
        self.line = []
        self.fills = []
        self.fill_chars = []

    def column_stop(self, target: int) -> None:
        """Pad the pending segment to reach column ``target``."""
        text = "".join(self.line)
        pad = target - self.column - len(text)
        if pad > 0:
            if len(self.fills) == 0:
                text = text + " " * pad
            else:
                # all padding at the fill points, spread evenly (extra at the last)
                per = pad // len(self.fills)
                extra = pad - per * len(self.fills)
                pieces: list[str] = []
                prev = 0
                for i in range(len(self.fills)):
                    pos = self.fills[i]
                    pieces.append(text[prev:pos])
                    n = per + (extra if i == len(self.fills) - 1 else 0)
                    pieces.append(self.fill_chars[i] * n)
                    prev = pos
                pieces.append(text[prev:])
                text = "".join(pieces)
        self.done.append(text)
        self.column += len(text)
        self.line = []
        self.fills = []
        self.fill_chars = []

    def result(self) -> str:
        """All the text produced."""
        self.flush_line()
        return "".join(self.done)

    def run(self, fmt: str, args: list[Term]) -> str:
        """Format ``args`` according to ``fmt``."""
        i = 0
        n = len(fmt)
        ai = 0
        while i < n:
            c = fmt[i]
            if c != "~":
                j = i
                while j < n and fmt[j] != "~":
                    j += 1
                self.add(fmt[i:j])
                i = j
                continue
            i += 1
            if i >= n:
                raise format_error("truncated format specification")
            num = -1
            fill = " "
            if fmt[i] == "*":
                if ai >= len(args):
                    raise format_error("not enough arguments")
                num = get_int(args[ai])
                ai += 1
                i += 1
            elif fmt[i] == "`":
                fill = fmt[i + 1]
                num = ord(fill)
                i += 2
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                if i > start:
                    num = int(fmt[start:i])
            if i >= n:
                raise format_error("truncated format specification")
            d = fmt[i]
            i += 1
            if d == "~":
                self.add("~")
                continue
            if d == "n":
                self.add("\n" * (1 if num < 0 else num))
                continue
            if d == "t":
                self.fills.append(len("".join(self.line)))
                self.fill_chars.append(fill)
                continue
            if d == "|" or d == "+":
                if d == "+":
                    target = self.column + (8 if num < 0 else num)
                else:
                    target = num if num >= 0 else self.column + len("".join(self.line))
                self.column_stop(target)
                continue
            if ai >= len(args):
                raise format_error("not enough arguments")
            arg = args[ai]
            ai += 1
            self.directive(d, num, arg)
        if ai < len(args):
            raise format_error("too many arguments")
        return self.result()

    def directive(self, d: str, num: int, arg: Term) -> None:
        """One argument-consuming directive."""
        e = self.e
        if d == "w":
            self.add(term_to_text(arg, e.ops, False))
        elif d == "p" or d == "q":
            self.add(term_to_text(arg, e.ops, True))
        elif d == "a":
            t = deref(arg)
            if isinstance(t, Var):
                raise instantiation_error()
            self.add(atomic_text(t, "atomic"))
        elif d == "d" or d == "D":
            t = deref(arg)
            if isinstance(t, Var):
                raise instantiation_error()
            if not isinstance(t, Int):
                raise format_error("~" + d + " expects an integer argument")
            s = str(t.value)
            if num > 0:
                neg = s.startswith("-")
                digits = s[1:] if neg else s
                digits = digits.zfill(num + 1)
                s = ("-" if neg else "") + digits[:len(digits) - num] + "." + digits[len(digits) - num:]
                if d == "D":
                    dot = s.find(".")
                    s = group_digits(s[:dot], ",") + s[dot:]
            elif d == "D":
                s = group_digits(s, ",")
            self.add(s)
        elif d == "f" or d == "e" or d == "g":
            t = eval_arith(arg)
            x = to_float(t)
            digits = 6 if num < 0 else num
            if d == "f":
                self.add(fixed(x, digits))
            elif d == "e":
                self.add("%e" % x if digits == 6 else fixed_exp(x, digits))
            else:
                self.add("%g" % x)
        elif d == "s":
            t = deref(arg)
            text = text_of_list(t)
            if text is None:
                raise instantiation_error()
            self.add(text)
        elif d == "c":
            code = get_int(arg)
            self.add(char_of_code(code) * (1 if num < 0 else num))
        elif d == "r":
            v = get_int(arg)
            self.add(to_radix(v, 8 if num < 0 else num))
        elif d == "i":
            pass
        else:
            raise format_error("unknown directive ~" + d)


def fixed_exp(x: float, digits: int) -> str:
    """``x`` in exponent notation with ``digits`` decimals (as C's %.Ne)."""
    if digits <= 0:
        return "%.0e" % x
    if digits == 1:
        return "%.1e" % x
    if digits == 2:
        return "%.2e" % x
    if digits == 3:
        return "%.3e" % x
    if digits == 4:
        return "%.4e" % x
    return "%.5e" % x


def to_radix(v: int, base: int) -> str:
    """An integer in base 2..36 (lowercase digits)."""
    if base < 2 or base > 36:
        raise format_error("radix must be 2..36")
    if v == 0:
        return "0"
    neg = v < 0
    if neg:
        v = -v
    digits: list[str] = []
    while v > 0:
        digits.append("0123456789abcdefghijklmnopqrstuvwxyz"[v % base])
        v //= base
    digits.reverse()
    return ("-" if neg else "") + "".join(digits)


class Format(Builtin):
    """format/1,2,3."""

    def __init__(self, arity: int):
        self.name = "format"
        self.arity = arity

    def call(self, e: Engine, args: list[Term]) -> bool:
        base = 1 if self.arity == 3 else 0
        fmt = format_text_arg(args[base])
        items: list[Term] = []
        if self.arity > 1:
            a = deref(args[base + 1])
            found = list_items(a)
            if found is None:
                items = [a]
            else:
                items = found
        column = e.column if self.arity < 3 or is_user_output(args[0]) else 0
        text = Formatter(e, column).run(fmt, items)
        emit(e, args[0] if self.arity == 3 else None, text)
        return True


def register_text() -> None:
    """Register the built-ins of this module."""
    for arity in [1, 2]:
        register(Write("write", arity, False, False))
        register(Write("print", arity, True, False))
        register(Write("writeq", arity, True, False))
        register(Write("write_canonical", arity, True, True))
        register(WriteTerm(arity + 1))
        register(Nl(arity - 1))
    for b in [Writeln(), Tab(), PutChar(), FlushOutput(), PrintMessage(), Format(1), Format(2),
              Format(3)]:
        register(b)
