"""Writing terms as text: write/1, writeq/1, print/1, write_canonical/1.

The layout follows SWI-Prolog's: operators are written without spaces except
alphanumeric ones (``X is 1+2``, ``a mod b``) and where two tokens would
otherwise read back as one (``1- -1``, ``- 1``, ``\\+ \\+a``); an operand is
parenthesized when its priority exceeds what its position allows; floats use
the shortest digits that read back (``0.1``, ``1.0e+16``, ``1.0e-5``).
"""

from terms import Term, Atom, Int, Float, Var, Struct, Bag, deref, var_number, DOT, CURLY, VAR_NAME, NIL
from ops import OpTable, XFY, YFX, FY

SYMBOL_CHARS = "+-*/\\^<>=~:.?@#&$"


def format_float(x: float) -> str:
    """A float as SWI-Prolog writes it (shortest round-trip digits)."""
    if x != x:
        return "1.5NaN"
    if x == float("inf"):
        return "1.0Inf"
    if x == -float("inf"):
        return "-1.0Inf"
    r = repr(x)
    sign = ""
    if r.startswith("-"):
        sign = "-"
        r = r[1:]
    exp = 0
    e = r.find("e")
    if e >= 0:
        exp = int(r[e + 1:])
        r = r[:e]
    dot = r.find(".")
    if dot < 0:
        int_part = r
        frac = ""
    else:
        int_part = r[:dot]
        frac = r[dot + 1:]
    digits = int_part + frac
    decpt = len(int_part) + exp
    # strip leading zeros (0.001 -> digits "1", decpt -2)
    k = 0
    while k < len(digits) - 1 and digits[k] == "0":
        k += 1
    digits = digits[k:]
    decpt -= k
    digits = digits.rstrip("0")
    if digits == "":
        return sign + "0.0"
    if decpt <= -4 or decpt > 15:
        mant = digits[0] + "." + (digits[1:] if len(digits) > 1 else "0")
        e_val = decpt - 1
        e_text = "e+" + str(e_val) if e_val >= 0 else "e" + str(e_val)
        return sign + mant + e_text
    if decpt <= 0:
        return sign + "0." + "0" * (-decpt) + digits
    if decpt < len(digits):
        return sign + digits[:decpt] + "." + digits[decpt:]
    return sign + digits + "0" * (decpt - len(digits)) + ".0"


def is_letter_atom(name: str) -> bool:
    """Whether ``name`` is a lowercase-initial alphanumeric atom."""
    if name == "" or not name[0].isalpha() or not name[0].islower():
        return False
    for c in name:
        if not (c.isalnum() or c == "_"):
            return False
    return True


def is_symbol_atom(name: str) -> bool:
    """Whether ``name`` consists of symbol characters only (and reads back as one atom)."""
    if name == "" or name.startswith("/*"):
        return False
    for c in name:
        if c not in SYMBOL_CHARS:
            return False
    return True


def atom_needs_quotes(name: str) -> bool:
    """Whether writeq/1 must quote the atom ``name``."""
    if is_letter_atom(name) or name == "[]" or name == "{}" or name == "!" or name == ";":
        return False
    if is_symbol_atom(name):
        return name == "."
    return True


def quote_atom(name: str) -> str:
    """``name`` in single quotes with escapes, as writeq/1 prints it."""
    parts: list[str] = ["'"]
    for c in name:
        if c == "'":
            parts.append("\\'")
        elif c == "\\":
            parts.append("\\\\")
        elif c == "\n":
            parts.append("\\n")
        elif c == "\t":
            parts.append("\\t")
        elif c == "\r":
            parts.append("\\r")
        elif ord(c) < 32 or ord(c) == 127:
            parts.append("\\x" + hex(ord(c))[2:].upper() + "\\")
        else:
            parts.append(c)
    parts.append("'")
    return "".join(parts)


def is_glue_char(c: str) -> int:
    """The class of a character for token gluing: 1 alphanumeric, 2 symbol, 0 other."""
    if c == "":
        return 0
    if c.isalnum() or c == "_":
        return 1
    if c in SYMBOL_CHARS:
        return 2
    return 0


class Writer:
    """Accumulates the text of terms.

    ``quoted``: quote atoms that need it (writeq); ``ignore_ops``: write
    operators in functional notation (write_canonical); ``numbervars``: write
    ``'$VAR'(N)`` as a variable name.
    """

    def __init__(self, ops: OpTable, quoted: bool, ignore_ops: bool, numbervars: bool):
        self.ops = ops
        self.quoted = quoted
        self.ignore_ops = ignore_ops
        self.numbervars = numbervars
        self.parts: list[str] = []
        self.last = ""
        self.after_minus = False
        self.var_names: dict[Var, str] = {}

    def text(self) -> str:
        """Everything written so far."""
        return "".join(self.parts)

    def emit(self, s: str) -> None:
        """Append a token, separated by a space if it would glue to the previous one."""
        if s == "":
            return
        g = is_glue_char(s[0])
        if g != 0 and g == is_glue_char(self.last):
            self.parts.append(" ")
        elif self.after_minus and s[0].isdigit():
            self.parts.append(" ")
        self.after_minus = False
        self.parts.append(s)
        self.last = s[len(s) - 1]

    def raw(self, s: str) -> None:
        """Append text as is."""
        if s != "":
            self.parts.append(s)
            self.last = s[len(s) - 1]
            self.after_minus = False

    def atom_text(self, name: str) -> str:
        """An atom's text, quoted when needed and asked for."""
        if self.quoted and atom_needs_quotes(name):
            return quote_atom(name)
        return name

    def write(self, t: Term) -> None:
        """Write a term at the highest priority."""
        self.write_prec(t, 1200)

    def write_prec(self, t: Term, max_prec: int) -> None:
        """Write a term in a position allowing priority ``max_prec``."""
        t = deref(t)
        if isinstance(t, Var):
            name = self.var_names.get(t, "")
            if name == "":
                name = "_" + str(var_number(t))
            self.emit(name)
        elif isinstance(t, Int):
            self.emit(str(t.value))
        elif isinstance(t, Float):
            self.emit(format_float(t.value))
        elif isinstance(t, Atom):
            self.write_atom(t, max_prec)
        elif isinstance(t, Struct):
            self.write_struct(t, max_prec)
        elif isinstance(t, Bag):
            self.emit("<bag>")
        else:
            self.emit("<?>")

    def write_atom(self, a: Atom, max_prec: int) -> None:
        """Write an atom; an operator atom as an operand goes in parentheses."""
        name = a.name
        if max_prec < 999 and self.ops.is_op(name):
            self.raw("(")
            self.raw(self.atom_text(name))
            self.raw(")")
        else:
            self.emit(self.atom_text(name))

    def write_struct(self, t: Struct, max_prec: int) -> None:
        """Write a compound term: list, curly term, operator term or canonical form."""
        fn = t.fn
        if fn is DOT:
            self.write_list(t)
            return
        if fn is CURLY and not self.ignore_ops:
            self.raw("{")
            self.last = "("
            self.write_prec(t.args[0], 1200)
            self.raw("}")
            return
        if fn is VAR_NAME and self.numbervars:
            n = deref(t.args[0])
            if isinstance(n, Int) and n.value >= 0:
                letter = chr(ord("A") + n.value % 26)
                suffix = "" if n.value < 26 else str(n.value // 26)
                self.emit(letter + suffix)
                return
        if not self.ignore_ops:
            if fn.arity == 2:
                op = self.ops.infix.get(fn.name, None)
                if op is not None:
                    self.write_infix(t, op.priority, op.kind, max_prec)
                    return
            if fn.arity == 1:
                op = self.ops.prefix.get(fn.name, None)
                if op is not None:
                    self.write_prefix(t, op.priority, op.kind, max_prec)
                    return
                op = self.ops.postfix.get(fn.name, None)
                if op is not None:
                    self.write_postfix(t, op.priority, max_prec)
                    return
        self.emit(self.atom_text(fn.name))
        self.raw("(")
        self.last = "("
        for i in range(len(t.args)):
            if i > 0:
                self.raw(",")
            self.write_prec(t.args[i], 999)
        self.raw(")")

    def write_list(self, t: Struct) -> None:
        """Write ``[a,b|T]``."""
        self.emit("[")
        self.last = "["
        self.write_prec(t.args[0], 999)
        rest = deref(t.args[1])
        while isinstance(rest, Struct) and rest.fn is DOT:
            self.raw(",")
            self.write_prec(rest.args[0], 999)
            rest = deref(rest.args[1])
        if rest is not NIL:
            self.raw("|")
            self.write_prec(rest, 999)
        self.raw("]")

    def open_paren(self, needed: bool) -> None:
        """Write "(" if ``needed``."""
        if needed:
            self.emit("(")
            self.last = "("

    def write_infix(self, t: Struct, pri: int, kind: int, max_prec: int) -> None:
        """Write ``Left op Right``."""
        name = t.fn.name
        left_max = pri if kind == YFX else pri - 1
        right_max = pri if kind == XFY else pri - 1
        paren = pri > max_prec
        self.open_paren(paren)
        self.write_prec(t.args[0], left_max)
        if name == ",":
            self.raw(",")
        elif is_letter_atom(name):
            self.raw(" ")
            self.raw(self.atom_text(name))
            self.raw(" ")
        elif name == "|":
            self.raw("|")
        else:
            self.emit(self.atom_text(name))
        self.write_prec(t.args[1], right_max)
        if paren:
            self.raw(")")

    def write_prefix(self, t: Struct, pri: int, kind: int, max_prec: int) -> None:
        """Write ``op Operand``."""
        name = t.fn.name
        arg = deref(t.args[0])
        arg_max = pri if kind == FY else pri - 1
        paren = pri > max_prec
        self.open_paren(paren)
        self.emit(self.atom_text(name))
        if isinstance(arg, Atom) and self.ops.is_op(arg.name):
            self.raw(" (")
            self.raw(self.atom_text(arg.name))
            self.raw(")")
        elif self.operand_prec(arg) > arg_max:
            self.raw(" (")
            self.last = "("
            self.write_prec(arg, 1200)
            self.raw(")")
        else:
            if is_letter_atom(name):
                self.raw(" ")
            elif name == "-":
                self.after_minus = True
            self.write_prec(arg, arg_max)
        if paren:
            self.raw(")")

    def write_postfix(self, t: Struct, pri: int, max_prec: int) -> None:
        """Write ``Operand op``."""
        paren = pri > max_prec
        self.open_paren(paren)
        self.write_prec(t.args[0], pri - 1)
        self.emit(self.atom_text(t.fn.name))
        if paren:
            self.raw(")")

    def operand_prec(self, t: Term) -> int:
        """The priority a term is written with (0 unless it is an operator term)."""
        if isinstance(t, Struct) and not self.ignore_ops:
            if t.fn.arity == 2:
                op = self.ops.infix.get(t.fn.name, None)
                if op is not None:
                    return op.priority
            if t.fn.arity == 1 and t.fn is not CURLY:
                op = self.ops.prefix.get(t.fn.name, None)
                if op is not None:
                    return op.priority
                op = self.ops.postfix.get(t.fn.name, None)
                if op is not None:
                    return op.priority
        return 0


def term_to_text(t: Term, ops: OpTable, quoted: bool) -> str:
    """The text write/1 (or writeq/1 when ``quoted``) prints for ``t``."""
    w = Writer(ops, quoted, False, True)
    w.write(t)
    return w.text()


def canonical_text(t: Term, ops: OpTable) -> str:
    """The text write_canonical/1 prints for ``t``: variables seen once are
    ``_``, the others ``A``, ``B``, ... in order of appearance."""
    w = Writer(ops, True, True, False)
    counts: dict[Var, int] = {}
    order: list[Var] = []
    count_vars(t, counts, order)
    n = 0
    for v in order:
        if counts[v] == 1:
            w.var_names[v] = "_"
        else:
            w.var_names[v] = chr(ord("A") + n % 26) + ("" if n < 26 else str(n // 26))
            n += 1
    w.write(t)
    return w.text()


def count_vars(t: Term, counts: dict[Var, int], order: list[Var]) -> None:
    """Count the occurrences of the variables of ``t``."""
    t = deref(t)
    while isinstance(t, Struct):
        n = len(t.args)
        for i in range(n - 1):
            count_vars(t.args[i], counts, order)
        t = deref(t.args[n - 1])
    if isinstance(t, Var):
        if t in counts:
            counts[t] += 1
        else:
            counts[t] = 1
            order.append(t)

