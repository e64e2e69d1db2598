"""The state built-ins work on: bindings and trail (inherited), the database,
the operator table, flags, global variables and output.

``Machine`` (machine.py) extends it with the solver; built-ins only see an
``Engine``.
"""

import sys

from terms import Term, Atom, Int, Float, Var, Struct, Bindings, deref, atom, cons, NIL, DOT
from ops import OpTable, standard_ops
from code import Database
from compiler import Compiler
from errors import instantiation_error, type_error, representation_error
from writer import format_float


class Engine(Bindings):
    """Everything a built-in predicate may read or change."""

    def __init__(self, builtin_ids: dict[tuple[str, int], int]):
        Bindings.__init__(self)
        self.db = Database()
        self.ops: OpTable = standard_ops()
        self.compiler = Compiler(self.db, builtin_ids)
        self.double_quotes = "codes"
        self.globals: dict[str, Term] = {}
        self.out: list[str] = []
        self.out_size = 0
        self.column = 0
        self.argv: list[str] = []

    def write_out(self, s: str) -> None:
        """Write text to standard output (buffered; see ``flush``)."""
        self.out.append(s)
        self.out_size += len(s)
        nl = s.rfind("\n")
        if nl >= 0:
            self.column = len(s) - nl - 1
        else:
            self.column += len(s)
        if self.out_size > 8192:
            self.flush()

    def flush(self) -> None:
        """Write buffered output to standard output."""
        if len(self.out) > 0:
            sys.stdout.write("".join(self.out))
            self.out = []
            self.out_size = 0
        sys.stdout.flush()


# -- conversions used by several built-ins -----------------------------------

def get_int(t: Term) -> int:
    """The integer value of ``t``, or an instantiation/type error."""
    t = deref(t)
    if isinstance(t, Int):
        return t.value
    if isinstance(t, Var):
        raise instantiation_error()
    raise type_error("integer", t)


def get_atom(t: Term) -> Atom:
    """``t`` as an atom, or an instantiation/type error."""
    t = deref(t)
    if isinstance(t, Atom):
        return t
    if isinstance(t, Var):
        raise instantiation_error()
    raise type_error("atom", t)


def get_callable_name(t: Term) -> str:
    """The name of an atom or compound term."""
    t = deref(t)
    if isinstance(t, Atom):
        return t.name
    if isinstance(t, Struct):
        return t.fn.name
    if isinstance(t, Var):
        raise instantiation_error()
    raise type_error("callable", t)


def number_text(t: Term) -> str:
    """The text of a number as write/1 prints it."""
    if isinstance(t, Int):
        return str(t.value)
    if isinstance(t, Float):
        return format_float(t.value)
    return ""


def atomic_text(t: Term, what: str) -> str:
    """The text of an atom or number (for atom_length/2, atom_concat/3, ...)."""
    t = deref(t)
    if isinstance(t, Atom):
        return t.name
    if isinstance(t, Int) or isinstance(t, Float):
        return number_text(t)
    if isinstance(t, Var):
        raise instantiation_error()
    raise type_error(what, t)


def text_of_list(t: Term) -> "str | None":
    """The text of a code list or char list, or ``None`` if it is a partial list."""
    parts: list[str] = []
    t = deref(t)
    while isinstance(t, Struct) and t.fn is DOT:
        h = deref(t.args[0])
        if isinstance(h, Int):
            parts.append(char_of_code(h.value))
        elif isinstance(h, Atom) and len(h.name) == 1:
            parts.append(h.name)
        elif isinstance(h, Var):
            return None
        else:
            raise type_error("character_code", h)
        t = deref(t.args[1])
    if isinstance(t, Var):
        return None
    if t is not NIL:
        raise type_error("list", t)
    return "".join(parts)


def char_of_code(code: int) -> str:
    """The character with a code, or a representation error."""
    if code < 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise representation_error("character_code")
    return chr(code)


def codes_of(text: str) -> Term:
    """A code list."""
    result: Term = NIL
    i = len(text) - 1
    while i >= 0:
        result = cons(Int(ord(text[i])), result)
        i -= 1
    return result


def chars_of(text: str) -> Term:
    """A char list."""
    result: Term = NIL
    i = len(text) - 1
    while i >= 0:
        result = cons(atom(text[i]), result)
        i -= 1
    return result


def parse_number(text: str) -> "Term | None":
    """The number written as ``text`` (Prolog syntax, optional sign), or ``None``."""
    s = text.strip()
    neg = False
    if s.startswith("-"):
        neg = True
        s = s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if s == "":
        return None
    if s.startswith("0'") and len(s) == 3:
        return Int(-ord(s[2]) if neg else ord(s[2]))
    base = 10
    if len(s) > 2 and s[0] == "0" and s[1] in ["x", "o", "b"]:
        base = 16 if s[1] == "x" else (8 if s[1] == "o" else 2)
        s = s[2:]
    if base != 10 or s.isdigit():
        value = 0
        for c in s:
            d = "0123456789abcdef".find(c.lower())
            if d < 0 or d >= base:
                return None
            value = value * base + d
        return Int(-value if neg else value)
    dot = s.find(".")
    if dot <= 0 or not s[:dot].isdigit():
        return None
    rest = s[dot + 1:]
    e = rest.find("e")
    if e < 0:
        e = rest.find("E")
    frac = rest if e < 0 else rest[:e]
    if frac == "" or not frac.isdigit():
        return None
    if e >= 0:
        exp = rest[e + 1:]
        if exp.startswith("+") or exp.startswith("-"):
            exp = exp[1:]
        if exp == "" or not exp.isdigit():
            return None
    value_f = float(s)
    return Float(-value_f if neg else value_f)
