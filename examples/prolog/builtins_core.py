"""Core built-ins: type tests, comparison, arithmetic, term construction and
inspection, throw/1, halt/0,1 and global variables."""

from terms import (Term, Atom, Int, Float, Var, Struct, deref, atom, functor, list_items,
                   list_from, is_ground, term_vars, compare_terms, is_callable, is_variant, NIL, DOT)
from engine import Engine, get_int, get_atom
from builtin_base import Builtin, register
from arith import eval_arith, arith_compare, compare_test, COMPARE_NAMES
from errors import PrologError, Halt, instantiation_error, type_error, domain_error

# -- type tests ---------------------------------------------------------------


class VarTest(Builtin):
    name = "var"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return isinstance(deref(args[0]), Var)


class NonvarTest(Builtin):
    name = "nonvar"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return not isinstance(deref(args[0]), Var)


class AtomTest(Builtin):
    name = "atom"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return isinstance(deref(args[0]), Atom)


class NumberTest(Builtin):
    name = "number"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = deref(args[0])
        return isinstance(t, Int) or isinstance(t, Float)


class IntegerTest(Builtin):
    name = "integer"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return isinstance(deref(args[0]), Int)


class FloatTest(Builtin):
    name = "float"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return isinstance(deref(args[0]), Float)


class AtomicTest(Builtin):
    name = "atomic"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = deref(args[0])
        return isinstance(t, Atom) or isinstance(t, Int) or isinstance(t, Float)


class CompoundTest(Builtin):
    name = "compound"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return isinstance(deref(args[0]), Struct)


class CallableTest(Builtin):
    name = "callable"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return is_callable(deref(args[0]))


class IsListTest(Builtin):
    name = "is_list"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return list_items(args[0]) is not None


class GroundTest(Builtin):
    name = "ground"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return is_ground(args[0])


# -- unification and comparison ------------------------------------------------


class NotUnifiable(Builtin):
    name = "\\="
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        mark = len(e.trail)
        saved = e.top_stamp
        e.top_stamp = e.clock + 1  # trail every binding, to undo them all
        ok = e.unify(args[0], args[1])
        e.undo_to(mark)
        e.top_stamp = saved
        return not ok


class Unify(Builtin):
    name = "unify_with_occurs_check"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        return e.unify(args[0], args[1])


class Compare(Builtin):
    """==, \\==, @<, @>, @=<, @>= by the standard order of terms."""

    arity = 2
    accept = 0

    def __init__(self, name: str, accept: int):
        self.name = name
        self.accept = accept

    def call(self, e: Engine, args: list[Term]) -> bool:
        c = compare_terms(args[0], args[1])
        a = self.accept
        if a == 0:
            return c == 0
        if a == 1:
            return c != 0
        if a == 2:
            return c < 0
        if a == 3:
            return c > 0
        if a == 4:
            return c <= 0
        return c >= 0


class Variant(Builtin):
    """=@=/2 and \\=@=/2: structural equivalence (equal up to variable renaming)."""

    arity = 2

    def __init__(self, name: str, negate: bool):
        self.name = name
        self.negate = negate

    def call(self, e: Engine, args: list[Term]) -> bool:
        ab: dict[Var, Var] = {}
        ba: dict[Var, Var] = {}
        return is_variant(args[0], args[1], ab, ba) != self.negate


class Compare3(Builtin):
    name = "compare"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        c = compare_terms(args[1], args[2])
        order = "="
        if c < 0:
            order = "<"
        elif c > 0:
            order = ">"
        return e.unify(args[0], atom(order))


# -- arithmetic -------------------------------------------------------------


class Is(Builtin):
    name = "is"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        return e.unify(args[0], eval_arith(args[1]))


class ArithCompare(Builtin):
    """=:=, =\\=, <, >, =<, >= on evaluated expressions (when called through
    call/N; the compiler inlines direct calls)."""

    arity = 2
    kind = 0

    def __init__(self, name: str, kind: int):
        self.name = name
        self.kind = kind

    def call(self, e: Engine, args: list[Term]) -> bool:
        return compare_test(self.kind, arith_compare(args[0], args[1]))


class Succ(Builtin):
    name = "succ"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        if isinstance(a, Int):
            if a.value < 0:
                raise type_error("not_less_than_zero", a)
            return e.unify(args[1], Int(a.value + 1))
        b = deref(args[1])
        if isinstance(b, Int):
            if b.value < 0:
                raise type_error("not_less_than_zero", b)
            if b.value == 0:
                return False
            return e.unify(a, Int(b.value - 1))
        if isinstance(a, Var) and isinstance(b, Var):
            raise instantiation_error()
        raise type_error("integer", b if isinstance(a, Var) else a)


class Plus(Builtin):
    name = "plus"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        b = deref(args[1])
        c = deref(args[2])
        if isinstance(a, Int) and isinstance(b, Int):
            return e.unify(c, Int(a.value + b.value))
        if isinstance(a, Int) and isinstance(c, Int):
            return e.unify(b, Int(c.value - a.value))
        if isinstance(b, Int) and isinstance(c, Int):
            return e.unify(a, Int(c.value - b.value))
        raise instantiation_error()


# -- terms ------------------------------------------------------------------


class Functor3(Builtin):
    name = "functor"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = deref(args[0])
        if isinstance(t, Struct):
            return e.unify(args[1], t.fn.atom) and e.unify(args[2], Int(t.fn.arity))
        if not isinstance(t, Var):
            return e.unify(args[1], t) and e.unify(args[2], Int(0))
        name = deref(args[1])
        n = get_int(args[2])
        if isinstance(name, Var):
            raise instantiation_error()
        if n == 0:
            return e.unify(t, name)
        if n < 0:
            raise domain_error("not_less_than_zero", Int(n))
        if not isinstance(name, Atom):
            if isinstance(name, Struct):
                raise type_error("atomic", name)
            raise type_error("atom", name)
        fresh: list[Term] = []
        for i in range(n):
            fresh.append(e.new_var())
        return e.unify(t, Struct(functor(name.name, n), fresh))


class Arg3(Builtin):
    name = "arg"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = get_int(args[0])
        t = deref(args[1])
        if not isinstance(t, Struct):
            if isinstance(t, Var):
                raise instantiation_error()
            raise type_error("compound", t)
        if n < 1 or n > len(t.args):
            return False
        return e.unify(args[2], t.args[n - 1])


class Univ(Builtin):
    name = "=.."
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = deref(args[0])
        if isinstance(t, Struct):
            items: list[Term] = [t.fn.atom]
            for a in t.args:
                items.append(a)
            return e.unify(args[1], list_from(items, NIL))
        if not isinstance(t, Var):
            return e.unify(args[1], list_from([t], NIL))
        items2 = list_items(args[1])
        if items2 is None:
            raise instantiation_error()
        if len(items2) == 0:
            raise domain_error("non_empty_list", NIL)
        head = deref(items2[0])
        if len(items2) == 1:
            return e.unify(t, head)
        if isinstance(head, Var):
            raise instantiation_error()
        if not isinstance(head, Atom):
            raise type_error("atom", head)
        return e.unify(t, Struct(functor(head.name, len(items2) - 1), items2[1:]))


class CopyTerm(Builtin):
    name = "copy_term"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        mapping: dict[Var, Var] = {}
        return e.unify(args[1], e.copy(args[0], mapping))


class TermVariables(Builtin):
    name = "term_variables"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        acc: list[Var] = []
        term_vars(args[0], acc)
        items: list[Term] = []
        for v in acc:
            items.append(v)
        return e.unify(args[1], list_from(items, NIL))


class SkipList(Builtin):
    """'$skip_list'(List, Length, Tail): the length of the list prefix and what follows it."""

    name = "$skip_list"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = 0
        t = deref(args[0])
        while isinstance(t, Struct) and t.fn is DOT:
            n += 1
            t = deref(t.args[1])
        return e.unify(args[1], Int(n)) and e.unify(args[2], t)


class MakeList(Builtin):
    """'$make_list'(N, List): a list of N fresh variables."""

    name = "$make_list"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = get_int(args[0])
        items: list[Term] = []
        for i in range(n):
            items.append(e.new_var())
        return e.unify(args[1], list_from(items, NIL))


# -- control ------------------------------------------------------------------


class Throw(Builtin):
    name = "throw"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        ball = deref(args[0])
        if isinstance(ball, Var):
            raise instantiation_error()
        mapping: dict[Var, Var] = {}
        raise PrologError(e.copy(ball, mapping))


class Halt0(Builtin):
    name = "halt"
    arity = 0

    def call(self, e: Engine, args: list[Term]) -> bool:
        raise Halt(0)


class Halt1(Builtin):
    name = "halt"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        raise Halt(get_int(args[0]))


# -- global variables -----------------------------------------------------------


class SetVal(Builtin):
    """nb_setval/2 and b_setval/2 (both keep a copy; b_setval is not undone)."""

    arity = 2

    def __init__(self, name: str):
        self.name = name

    def call(self, e: Engine, args: list[Term]) -> bool:
        key = get_atom(args[0]).name
        mapping: dict[Var, Var] = {}
        e.globals[key] = e.copy(args[1], mapping)
        return True


class GetVal(Builtin):
    """nb_getval/2 and b_getval/2."""

    arity = 2

    def __init__(self, name: str):
        self.name = name

    def call(self, e: Engine, args: list[Term]) -> bool:
        key = get_atom(args[0]).name
        value = e.globals.get(key, None)
        if value is None:
            raise PrologError(Struct(functor("error", 2), [
                Struct(functor("existence_error", 2), [atom("variable"), atom(key)]), e.new_var()]))
        return e.unify(args[1], value)


def register_core() -> None:
    """Register the built-ins of this module."""
    for b in [VarTest(), NonvarTest(), AtomTest(), NumberTest(), IntegerTest(), FloatTest(),
              AtomicTest(), CompoundTest(), CallableTest(), IsListTest(), GroundTest(),
              NotUnifiable(), Unify(), Compare3(), Is(), Succ(), Plus(), Functor3(), Arg3(),
              Univ(), CopyTerm(), TermVariables(), SkipList(), MakeList(), Throw(),
              Halt0(), Halt1()]:
        register(b)
    names = ["==", "\\==", "@<", "@>", "@=<", "@>="]
    for i in range(len(names)):
        register(Compare(names[i], i))
    for i in range(len(COMPARE_NAMES)):
        register(ArithCompare(COMPARE_NAMES[i], i))
    register(Variant("=@=", False))
    register(Variant("\\=@=", True))
    register(SetVal("nb_setval"))
    register(SetVal("b_setval"))
    register(GetVal("nb_getval"))
    register(GetVal("b_getval"))

