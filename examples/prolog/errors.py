"""Prolog exceptions as host exceptions, ISO error terms, and their messages."""

from terms import Term, Atom, Int, Struct, Var, atom, mk, mk2, deref
from ops import OpTable
from writer import term_to_text


class PrologError(Exception):
    """A Prolog exception in flight: ``term`` is the ball (thrown by throw/1
    or built by a built-in as ``error(Formal, Context)``)."""

    def __init__(self, term: Term):
        super().__init__("prolog error")
        self.term = term


class Halt(Exception):
    """halt/0,1: stop the program with an exit status."""

    def __init__(self, status: int):
        super().__init__("halt")
        self.status = status


def error(formal: Term) -> PrologError:
    """``error(Formal, _)``; the machine fills in the context."""
    return PrologError(mk2("error", formal, Var(0)))


def instantiation_error() -> PrologError:
    """An argument is an unbound variable where a value is needed."""
    return error(atom("instantiation_error"))


def type_error(kind: str, culprit: Term) -> PrologError:
    """An argument has the wrong type."""
    return error(mk2("type_error", atom(kind), culprit))


def domain_error(domain: str, culprit: Term) -> PrologError:
    """An argument has the right type but a wrong value."""
    return error(mk2("domain_error", atom(domain), culprit))


def existence_error(kind: str, culprit: Term) -> PrologError:
    """Something (a procedure) does not exist."""
    return error(mk2("existence_error", atom(kind), culprit))


def evaluation_error(what: str) -> PrologError:
    """Arithmetic failed (zero_divisor, undefined, int_overflow)."""
    return error(mk("evaluation_error", [atom(what)]))


def representation_error(what: str) -> PrologError:
    """A value cannot be represented (e.g. a character code out of range)."""
    return error(mk("representation_error", [atom(what)]))


def indicator(name: str, arity: int) -> Term:
    """The predicate indicator ``name/arity``."""
    return mk2("/", atom(name), Int(arity))


def show(t: Term, ops: OpTable) -> str:
    """A term as writeq/1 prints it."""
    return term_to_text(t, ops, True)


def formal_message(formal: Term, ops: OpTable) -> str:
    """The text of an ISO error's formal part."""
    f = deref(formal)
    if isinstance(f, Atom):
        if f.name == "instantiation_error":
            return "Arguments are not sufficiently instantiated"
        return "Unknown error: " + show(f, ops)
    if isinstance(f, Struct):
        name = f.fn.name
        args = f.args
        if name == "type_error" and len(args) == 2:
            kind = deref(args[0])
            culprit = deref(args[1])
            if isinstance(kind, Atom) and kind.name == "evaluable":
                return "Arithmetic: evaluable " + show(culprit, ops) + " does not exist"
            return ("Type error: `" + show(kind, ops) + "' expected, found `" + show(culprit, ops)
                    + "' (" + an(culprit.type_name()) + ")")
        if name == "domain_error" and len(args) == 2:
            return ("Domain error: `" + show(args[0], ops) + "' expected, found `"
                    + show(args[1], ops) + "'")
        if name == "existence_error" and len(args) == 2:
            kind = deref(args[0])
            if isinstance(kind, Atom) and kind.name == "procedure":
                return "Unknown procedure: " + show(args[1], ops)
            return "Unknown " + show(kind, ops) + ": " + show(args[1], ops)
        if name == "evaluation_error" and len(args) == 1:
            what = deref(args[0])
            if isinstance(what, Atom) and what.name == "zero_divisor":
                return "Arithmetic: evaluation error: zero_divisor"
            return "Arithmetic: evaluation error: " + show(what, ops)
        if name == "representation_error" and len(args) == 1:
            return "Cannot represent due to `" + show(args[0], ops) + "'"
        if name == "resource_error" and len(args) == 1:
            return "Not enough resources: " + show(args[0], ops)
        if name == "permission_error" and len(args) == 3:
            return ("No permission to " + show(args[0], ops) + " " + show(args[1], ops)
                    + " `" + show(args[2], ops) + "'")
        if name == "format" and len(args) == 1:
            msg = deref(args[0])
            if isinstance(msg, Atom):
                return "Format error: " + msg.name
        if name == "syntax_error" and len(args) == 1:
            return "Syntax error: " + show(args[0], ops)
    return "Unknown error term: " + show(f, ops)


def an(kind: str) -> str:
    """"an integer", "a compound", ... for a type name."""
    if kind in ["integer", "atom"]:
        return "an " + kind
    if kind == "var":
        return "a var"
    return "a " + kind


def ball_message(ball: Term, ops: OpTable) -> str:
    """The message printed for an uncaught exception ``ball``."""
    b = deref(ball)
    if isinstance(b, Struct) and b.fn.name == "error" and b.fn.arity == 2:
        msg = formal_message(b.args[0], ops)
        ctx = deref(b.args[1])
        if isinstance(ctx, Struct) and ctx.fn.name == "context" and ctx.fn.arity == 2:
            where = deref(ctx.args[0])
            if isinstance(where, Struct) and where.fn.name == "/" and where.fn.arity == 2:
                name = deref(where.args[0])
                arity = deref(where.args[1])
                if isinstance(name, Atom) and isinstance(arity, Int):
                    msg = name.name + "/" + str(arity.value) + ": " + msg
            elif not isinstance(where, Var):
                msg = show(where, ops) + ": " + msg
        return msg
    return "Unhandled exception: " + show(b, ops)
