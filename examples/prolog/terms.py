"""Prolog terms: atoms, numbers, variables and compound terms.

Atoms and functors are interned, so two atoms are equal exactly when they are
the same object.  A variable is bound by setting its ``ref``; the binding is
recorded on a trail (see ``Bindings``) so that backtracking can undo it.

Besides the four kinds of run-time terms there is one opaque kind used by
built-ins: ``Bag``, the result collector of ``findall/3``.
"""

from kiln.jit import elidable


class Term:
    """Base class of every Prolog term (and of the compiler's templates)."""

    def type_name(self) -> str:
        """The ISO type name used in error messages."""
        return "term"


class Atom(Term):
    """An interned atom; compare atoms with ``is``."""

    def __init__(self, name: str):
        self.name = name

    def type_name(self) -> str:
        return "atom"


class Int(Term):
    """A 64-bit integer."""

    def __init__(self, value: int):
        self.value = value

    def type_name(self) -> str:
        return "integer"


class Float(Term):
    """A double-precision float."""

    def __init__(self, value: float):
        self.value = value

    def type_name(self) -> str:
        return "float"


class Var(Term):
    """A logic variable.

    ``ref`` is the term it is bound to (``None`` while unbound).  ``stamp`` is
    the value of the choice-point clock when the variable was created: a
    binding needs trailing only if the variable is older than the newest
    choice point.  ``number`` names the variable when it is printed (assigned
    on first print).
    """

    def __init__(self, stamp: int):
        self.ref: Term | None = None
        self.stamp = stamp
        self.number = 0

    def type_name(self) -> str:
        return "var"


class Functor:
    """An interned name/arity pair, shared by all compound terms of that shape."""

    def __init__(self, name: str, arity: int, atom: Atom):
        self.name = name
        self.arity = arity
        self.atom = atom


class Struct(Term):
    """A compound term ``name(arg1, ..., argN)`` with N >= 1."""

    def __init__(self, fn: Functor, args: list[Term]):
        self.fn = fn
        self.args = args

    def type_name(self) -> str:
        return "compound"


class Bag(Term):
    """A mutable collection of copied terms (used by findall/3); not undone on backtracking."""

    def __init__(self):
        self.items: list[Term] = []

    def type_name(self) -> str:
        return "bag"


ATOMS: dict[str, Atom] = {}
FUNCTORS: dict[tuple[str, int], Functor] = {}


@elidable
def atom(name: str) -> Atom:
    """The unique atom called ``name``."""
    a = ATOMS.get(name, None)
    if a is None:
        a = Atom(name)
        ATOMS[name] = a
    return a


@elidable
def functor(name: str, arity: int) -> Functor:
    """The unique functor ``name/arity``."""
    key = (name, arity)
    f = FUNCTORS.get(key, None)
    if f is None:
        f = Functor(name, arity, atom(name))
        FUNCTORS[key] = f
    return f


NIL = atom("[]")
TRUE = atom("true")
FALSE = atom("false")
EMPTY_BLOCK = atom("{}")
MINUS = atom("-")
DOT = functor(".", 2)
COMMA = functor(",", 2)
SEMI = functor(";", 2)
ARROW = functor("->", 2)
SOFT_ARROW = functor("*->", 2)
NOT = functor("\\+", 1)
NECK = functor(":-", 2)
DIRECTIVE = functor(":-", 1)
QUERY = functor("?-", 1)
SLASH = functor("/", 2)
CURLY = functor("{}", 1)
CALL1 = functor("call", 1)
VAR_NAME = functor("$VAR", 1)
MINUS1 = functor("-", 1)


def mk(name: str, args: list[Term]) -> Term:
    """``name(args...)``, or the atom ``name`` when there are no arguments."""
    if len(args) == 0:
        return atom(name)
    return Struct(functor(name, len(args)), args)


def mk2(name: str, a: Term, b: Term) -> Struct:
    """The binary term ``name(a, b)``."""
    return Struct(functor(name, 2), [a, b])


def cons(head: Term, tail: Term) -> Struct:
    """The list cell ``[head|tail]``."""
    return Struct(DOT, [head, tail])


def list_from(items: list[Term], tail: Term) -> Term:
    """The list ``[items...|tail]``."""
    result = tail
    i = len(items) - 1
    while i >= 0:
        result = cons(items[i], result)
        i -= 1
    return result


def deref(t: Term) -> Term:
    """Follow variable bindings to the term a variable stands for."""
    while isinstance(t, Var):
        r = t.ref
        if r is None:
            return t
        t = r
    return t


def is_callable(t: Term) -> bool:
    """Whether ``t`` (dereferenced) is an atom or a compound term."""
    return isinstance(t, Atom) or isinstance(t, Struct)


def list_items(t: Term) -> "list[Term] | None":
    """The items of a proper list, or ``None`` if ``t`` is not one."""
    items: list[Term] = []
    t = deref(t)
    while isinstance(t, Struct) and t.fn is DOT:
        items.append(t.args[0])
        t = deref(t.args[1])
    if t is NIL:
        return items
    return None


def is_ground(t: Term) -> bool:
    """Whether ``t`` contains no unbound variables."""
    t = deref(t)
    while isinstance(t, Struct):
        n = len(t.args)
        for i in range(n - 1):
            if not is_ground(t.args[i]):
                return False
        t = deref(t.args[n - 1])
    return not isinstance(t, Var)


def term_vars(t: Term, acc: list[Var]) -> None:
    """Append the unbound variables of ``t`` not yet in ``acc``, in depth-first order."""
    t = deref(t)
    while isinstance(t, Struct):
        n = len(t.args)
        for i in range(n - 1):
            term_vars(t.args[i], acc)
        t = deref(t.args[n - 1])
    if isinstance(t, Var):
        for v in acc:
            if v is t:
                return
        acc.append(t)


class Bindings:
    """Variable bindings with a trail, so that they can be undone.

    ``clock`` counts choice points ever created and ``top_stamp`` is the stamp
    of the newest live choice point: a variable with a stamp at least that
    recent disappears on backtracking anyway, so its binding is not trailed.
    """

    def __init__(self):
        self.trail: list[Var] = []
        self.clock = 1
        self.top_stamp = 0

    def new_var(self) -> Var:
        """A fresh unbound variable."""
        return Var(self.clock)

    def bind(self, v: Var, t: Term) -> None:
        """Bind the unbound variable ``v`` to ``t``, trailing it if needed."""
        v.ref = t
        if v.stamp < self.top_stamp:
            self.trail.append(v)

    def undo_to(self, mark: int) -> None:
        """Undo every trailed binding made since the trail had length ``mark``."""
        trail = self.trail
        while len(trail) > mark:
            v = trail.pop()
            v.ref = None

    def bind_vars(self, a: Var, b: Var) -> None:
        """Bind one of two distinct unbound variables to the other (the younger one)."""
        if a.stamp < b.stamp:
            self.bind(b, a)
        else:
            self.bind(a, b)

    def unify(self, a: Term, b: Term) -> bool:
        """Unify two terms, binding variables; on failure some bindings may remain
        (the caller backtracks, which undoes them)."""
        while True:
            a = deref(a)
            b = deref(b)
            if a is b:
                return True
            if isinstance(a, Var):
                if isinstance(b, Var):
                    self.bind_vars(a, b)
                else:
                    self.bind(a, b)
                return True
            if isinstance(b, Var):
                self.bind(b, a)
                return True
            if isinstance(a, Struct):
                if not isinstance(b, Struct) or a.fn is not b.fn:
                    return False
                n = len(a.args)
                for i in range(n - 1):
                    if not self.unify(a.args[i], b.args[i]):
                        return False
                a = a.args[n - 1]
                b = b.args[n - 1]
                continue
            if isinstance(a, Int):
                return isinstance(b, Int) and a.value == b.value
            if isinstance(a, Float):
                return isinstance(b, Float) and a.value == b.value
            return False

    def copy(self, t: Term, mapping: dict[Var, Var]) -> Term:
        """A copy of ``t`` with fresh variables (``mapping`` maps old to new ones).

        Recursion is on all arguments but the last; the last argument (a
        list's tail, the inside of ``s(s(...))``) is followed by a loop."""
        first: Term = NIL
        parent: Struct | None = None
        while True:
            t = deref(t)
            node: Term = t
            if isinstance(t, Var):
                nv = mapping.get(t, None)
                if nv is None:
                    nv = self.new_var()
                    mapping[t] = nv
                node = nv
            elif isinstance(t, Struct):
                n = len(t.args)
                args: list[Term] = []
                for i in range(n - 1):
                    args.append(self.copy(t.args[i], mapping))
                args.append(NIL)
                node = Struct(t.fn, args)
            if parent is None:
                first = node
            else:
                parent.args[len(parent.args) - 1] = node
            if isinstance(node, Struct) and isinstance(t, Struct):
                parent = node
                t = t.args[len(t.args) - 1]
                continue
            return first


# Standard order of terms: Var < Number < Atom < Compound.

def order_class(t: Term) -> int:
    """The rank of a (dereferenced) term's kind in the standard order."""
    if isinstance(t, Var):
        return 0
    if isinstance(t, Int) or isinstance(t, Float):
        return 1
    if isinstance(t, Atom):
        return 3
    return 4


def compare_numbers(a: Term, b: Term) -> int:
    """Compare two numbers by value; a float precedes an equal integer."""
    x = 0.0
    y = 0.0
    if isinstance(a, Int) and isinstance(b, Int):
        if a.value < b.value:
            return -1
        return 1 if a.value > b.value else 0
    if isinstance(a, Int):
        x = float(a.value)
    elif isinstance(a, Float):
        x = a.value
    if isinstance(b, Int):
        y = float(b.value)
    elif isinstance(b, Float):
        y = b.value
    if x < y:
        return -1
    if x > y:
        return 1
    if isinstance(a, Float) and isinstance(b, Int):
        return -1
    if isinstance(a, Int) and isinstance(b, Float):
        return 1
    return 0


def compare_str(a: str, b: str) -> int:
    """Three-way comparison of two strings."""
    if a < b:
        return -1
    return 1 if a > b else 0


def compare_terms(a: Term, b: Term) -> int:
    """Three-way comparison of two terms in the standard order."""
    while True:
        a = deref(a)
        b = deref(b)
        if a is b:
            return 0
        ca = order_class(a)
        cb = order_class(b)
        if ca != cb:
            return -1 if ca < cb else 1
        if isinstance(a, Var) and isinstance(b, Var):
            if a.stamp != b.stamp:
                return -1 if a.stamp < b.stamp else 1
            return compare_str(var_key(a), var_key(b))
        if ca == 1:
            return compare_numbers(a, b)
        if isinstance(a, Atom) and isinstance(b, Atom):
            return compare_str(a.name, b.name)
        if isinstance(a, Struct) and isinstance(b, Struct):
            if a.fn is not b.fn:
                if a.fn.arity != b.fn.arity:
                    return -1 if a.fn.arity < b.fn.arity else 1
                return compare_str(a.fn.name, b.fn.name)
            n = len(a.args)
            for i in range(n - 1):
                c = compare_terms(a.args[i], b.args[i])
                if c != 0:
                    return c
            a = a.args[n - 1]
            b = b.args[n - 1]
            continue
        return 0


VAR_COUNTER = [0]


def var_number(v: Var) -> int:
    """The number a variable is printed with (``_G123``), assigned on first use."""
    if v.number == 0:
        VAR_COUNTER[0] += 1
        v.number = VAR_COUNTER[0]
    return v.number


def var_key(v: Var) -> str:
    """A stable text key ordering variables of the same age."""
    return str(var_number(v)).zfill(12)



def is_variant(a: Term, b: Term, ab: dict[Var, Var], ba: dict[Var, Var]) -> bool:
    """Whether ``a`` and ``b`` are equal up to a consistent renaming of variables."""
    while True:
        a = deref(a)
        b = deref(b)
        if isinstance(a, Var) and isinstance(b, Var):
            x = ab.get(a, None)
            y = ba.get(b, None)
            if x is None and y is None:
                ab[a] = b
                ba[b] = a
                return True
            return x is b and y is a
        if isinstance(a, Struct) and isinstance(b, Struct):
            if a.fn is not b.fn:
                return False
            n = len(a.args)
            for i in range(n - 1):
                if not is_variant(a.args[i], b.args[i], ab, ba):
                    return False
            a = a.args[n - 1]
            b = b.args[n - 1]
            continue
        if isinstance(a, Var) or isinstance(b, Var):
            return False
        return compare_terms(a, b) == 0
