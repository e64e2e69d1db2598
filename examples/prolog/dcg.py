"""Grammar rules: translating ``Head --> Body`` to an ordinary clause.

Each non-terminal gets two extra arguments, the input list and what remains
of it.  Terminal lists, ``{Goal}``, ``!``, ``\\+``, ``,``, ``;``, ``->`` and
``call//N`` are supported.
"""

from terms import (Term, Atom, Var, Struct, Bindings, deref, atom, functor, mk2, NIL, DOT, COMMA,
                   SEMI, ARROW, NOT, CURLY)
from engine import Engine
from builtin_base import Builtin, register
from errors import instantiation_error, type_error


def extend(t: Term, s0: Term, s: Term) -> Term:
    """A non-terminal ``t`` as a goal with the two list arguments."""
    t = deref(t)
    if isinstance(t, Atom):
        return Struct(functor(t.name, 2), [s0, s])
    if isinstance(t, Struct):
        args = list(t.args)
        args.append(s0)
        args.append(s)
        return Struct(functor(t.fn.name, len(args)), args)
    if isinstance(t, Var):
        raise instantiation_error()
    raise type_error("callable", t)


def terminals(t: Term, s0: Term, s: Term) -> Term:
    """``S0 = [a, b, ...|S]`` for a terminal list."""
    items: list[Term] = []
    t = deref(t)
    while isinstance(t, Struct) and t.fn is DOT:
        items.append(t.args[0])
        t = deref(t.args[1])
    if t is not NIL:
        raise type_error("list", t)
    result = s
    i = len(items) - 1
    while i >= 0:
        result = Struct(DOT, [items[i], result])
        i -= 1
    return mk2("=", s0, result)


def dcg_body(b: Term, s0: Term, s: Term, e: Bindings) -> Term:
    """The goal for grammar body ``b`` between ``s0`` and ``s``."""
    b = deref(b)
    if isinstance(b, Var):
        return Struct(functor("phrase", 3), [b, s0, s])
    if isinstance(b, Struct):
        fn = b.fn
        if fn is COMMA:
            mid = e.new_var()
            return mk2(",", dcg_body(b.args[0], s0, mid, e), dcg_body(b.args[1], mid, s, e))
        if fn is SEMI:
            return mk2(";", dcg_body(b.args[0], s0, s, e), dcg_body(b.args[1], s0, s, e))
        if fn is ARROW:
            mid = e.new_var()
            return mk2("->", dcg_body(b.args[0], s0, mid, e), dcg_body(b.args[1], mid, s, e))
        if fn is NOT:
            rest = e.new_var()
            return mk2(",", Struct(NOT, [dcg_body(b.args[0], s0, rest, e)]), mk2("=", s0, s))
        if fn is CURLY:
            return mk2(",", b.args[0], mk2("=", s0, s))
        if fn is DOT:
            return terminals(b, s0, s)
        if fn.name == "call":
            args = list(b.args)
            args.append(s0)
            args.append(s)
            return Struct(functor("call", len(args)), args)
    if b is NIL:
        return mk2("=", s0, s)
    if isinstance(b, Atom) and b.name == "!":
        return mk2(",", atom("!"), mk2("=", s0, s))
    return extend(b, s0, s)


def dcg_rule(rule: Struct, e: Bindings) -> Term:
    """The clause for ``Head --> Body``."""
    s0 = e.new_var()
    s = e.new_var()
    head = deref(rule.args[0])
    if isinstance(head, Struct) and head.fn is COMMA:
        # pushback: Head, PB --> Body
        mid = e.new_var()
        return mk2(":-", extend(head.args[0], s0, s),
                   mk2(",", dcg_body(rule.args[1], s0, mid, e), terminals(head.args[1], s, mid)))
    return mk2(":-", extend(head, s0, s), dcg_body(rule.args[1], s0, s, e))


class DcgBody(Builtin):
    """'$dcg_body'(Body, S0, S, Goal): translate a grammar body (for phrase/2,3)."""

    name = "$dcg_body"
    arity = 4

    def call(self, e: Engine, args: list[Term]) -> bool:
        return e.unify(args[3], dcg_body(args[0], args[1], args[2], e))


def register_dcg() -> None:
    """Register the built-ins of this module."""
    register(DcgBody())
