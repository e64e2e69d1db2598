"""Built-ins on the database and on collections: assert/retract, clause
lookup, findall bags, sorting, operators, flags and miscellany."""

import time

from terms import (Term, Atom, Int, Float, Var, Struct, Bag, deref, atom, functor, mk2, list_items,
                   list_from, compare_terms, term_vars, NIL, NECK, TRUE)
from engine import Engine, get_int, get_atom
from builtin_base import Builtin, register, BUILTIN_IDS
from code import Pred
from ops import kind_from_name, TYPE_NAMES
from errors import PrologError, instantiation_error, type_error, domain_error, error, indicator

CONTROL = [(",", 2), (";", 2), ("->", 2), ("*->", 2), ("\\+", 1), ("!", 0), ("call", 1),
           ("true", 0), ("fail", 0), ("false", 0), ("=", 2), ("catch", 3), ("findall", 3)]


def permission_error(action: str, kind: str, culprit: Term) -> PrologError:
    """``permission_error(Action, Type, Culprit)``."""
    return error(Struct(functor("permission_error", 3), [atom(action), atom(kind), culprit]))


def is_static_builtin(name: str, arity: int) -> bool:
    """Whether ``name/arity`` is a built-in or control construct (cannot be changed)."""
    if (name, arity) in BUILTIN_IDS:
        return True
    for c in CONTROL:
        if c[0] == name and c[1] == arity:
            return True
    return False


def split_clause(t: Term) -> tuple[Term, Term]:
    """``(Head, Body)`` of a clause term (a fact has body ``true``)."""
    t = deref(t)
    if isinstance(t, Struct) and t.fn is NECK:
        return (deref(t.args[0]), t.args[1])
    return (t, TRUE)


def pred_of(e: Engine, head: Term, create: bool) -> "Pred | None":
    """The predicate a clause head belongs to, checking that it may be changed."""
    head = deref(head)
    name = ""
    arity = 0
    if isinstance(head, Atom):
        name = head.name
    elif isinstance(head, Struct):
        name = head.fn.name
        arity = head.fn.arity
    elif isinstance(head, Var):
        raise instantiation_error()
    else:
        raise type_error("callable", head)
    if is_static_builtin(name, arity):
        raise permission_error("modify", "static_procedure", indicator(name, arity))
    if create:
        p = e.db.get(name, arity)
        if not p.defined:
            p.dynamic = True
            p.defined = True
        return p
    return e.db.lookup(name, arity)


def body_callable(b: Term) -> bool:
    """Whether a clause body has no number where a goal should be."""
    b = deref(b)
    if isinstance(b, Struct) and b.fn.arity == 2 and b.fn.name in [",", ";", "->", "*->"]:
        return body_callable(b.args[0]) and body_callable(b.args[1])
    if isinstance(b, Struct) and b.fn.arity == 1 and b.fn.name == "\\+":
        return body_callable(b.args[0])
    return not (isinstance(b, Int) or isinstance(b, Float))


class Assert(Builtin):
    """assert/1, asserta/1, assertz/1."""

    arity = 1

    def __init__(self, name: str, at_end: bool):
        self.name = name
        self.at_end = at_end

    def call(self, e: Engine, args: list[Term]) -> bool:
        mapping: dict[Var, Var] = {}
        term = e.copy(args[0], mapping)
        head, body = split_clause(term)
        p = pred_of(e, head, True)
        if p is None:
            return False
        if not body_callable(body):
            raise type_error("callable", deref(body))
        clause = e.compiler.compile_clause(term, 0)
        p.add_clause(clause, self.at_end)
        return True


def try_unify(e: Engine, a: Term, b: Term) -> bool:
    """Unify, undoing every binding if it fails."""
    mark = len(e.trail)
    saved = e.top_stamp
    e.top_stamp = e.clock + 1
    ok = e.unify(a, b)
    e.top_stamp = saved
    if not ok:
        e.undo_to(mark)
    return ok


class Retract(Builtin):
    """retract/1: remove the first clause that unifies (deterministic)."""

    name = "retract"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        head, body = split_clause(args[0])
        p = pred_of(e, head, False)
        if p is None:
            return False
        for c in p.clauses:
            mapping: dict[Var, Var] = {}
            h2, b2 = split_clause(e.copy(c.term, mapping))
            if try_unify(e, mk2(",", head, body), mk2(",", h2, b2)):
                p.remove_clause(c)
                return True
        return False


class RetractAll(Builtin):
    name = "retractall"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        head = deref(args[0])
        p = pred_of(e, head, True)
        if p is None:
            return True
        for c in p.clauses:
            mapping: dict[Var, Var] = {}
            h2, b2 = split_clause(e.copy(c.term, mapping))
            mark = len(e.trail)
            saved = e.top_stamp
            e.top_stamp = e.clock + 1
            if e.unify(head, h2):
                p.remove_clause(c)
            e.undo_to(mark)
            e.top_stamp = saved
        return True


class Clauses(Builtin):
    """'$clauses'(Head, List): copies of the clauses of Head's predicate as (H :- B) terms."""

    name = "$clauses"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        head = deref(args[0])
        p = pred_of(e, head, False)
        items: list[Term] = []
        if p is not None:
            for c in p.clauses:
                mapping: dict[Var, Var] = {}
                h, b = split_clause(e.copy(c.term, mapping))
                items.append(mk2(":-", h, b))
        return e.unify(args[1], list_from(items, NIL))


def declare_dynamic(e: Engine, spec: Term) -> None:
    """Declare ``Name/Arity`` (or a conjunction or list of them) dynamic."""
    spec = deref(spec)
    if isinstance(spec, Struct) and (spec.fn.name == "," or spec.fn.name == ".") and spec.fn.arity == 2:
        declare_dynamic(e, spec.args[0])
        declare_dynamic(e, spec.args[1])
        return
    if spec is NIL:
        return
    if isinstance(spec, Struct) and spec.fn.name == "/" and spec.fn.arity == 2:
        name = get_atom(spec.args[0]).name
        arity = get_int(spec.args[1])
        if is_static_builtin(name, arity):
            raise permission_error("modify", "static_procedure", indicator(name, arity))
        p = e.db.get(name, arity)
        p.dynamic = True
        p.defined = True
        return
    if isinstance(spec, Var):
        raise instantiation_error()
    raise type_error("predicate_indicator", spec)


class Dynamic(Builtin):
    name = "dynamic"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        declare_dynamic(e, args[0])
        return True


# -- findall bags ---------------------------------------------------------------


class BagNew(Builtin):
    name = "$bag_new"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        return e.unify(args[0], Bag())


def get_bag(t: Term) -> Bag:
    """The bag a '$bag_...' built-in works on."""
    b = deref(t)
    if isinstance(b, Bag):
        return b
    raise type_error("bag", b)


class BagAdd(Builtin):
    name = "$bag_add"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        mapping: dict[Var, Var] = {}
        get_bag(args[0]).items.append(e.copy(args[1], mapping))
        return True


class BagList(Builtin):
    """'$bag_list'(Bag, List, Tail): the collected terms as a list ending in Tail."""

    name = "$bag_list"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        return e.unify(args[1], list_from(get_bag(args[0]).items, args[2]))


def goal_vars(g: Term, bound: list[Var], acc: list[Var]) -> None:
    """Collect the variables of goal ``g`` that are free for bagof/setof:
    not in ``bound``, not ``^``-quantified, not in the template of an inner
    findall/bagof/setof and not under ``\\+``."""
    g = deref(g)
    if isinstance(g, Var):
        for b in bound:
            if b is g:
                return
        for a in acc:
            if a is g:
                return
        acc.append(g)
        return
    if not isinstance(g, Struct):
        return
    name = g.fn.name
    arity = g.fn.arity
    if name == "^" and arity == 2:
        term_vars(g.args[0], bound)
        goal_vars(g.args[1], bound, acc)
        return
    if name == "\\+" and arity == 1:
        return
    if (name == "findall" or name == "bagof" or name == "setof") and arity == 3:
        term_vars(g.args[0], bound)
        goal_vars(g.args[1], bound, acc)
        goal_vars(g.args[2], bound, acc)
        return
    for a in g.args:
        goal_vars(a, bound, acc)


class BagofSplit(Builtin):
    """'$bagof_split'(Template, Goal, Inner, Witness): strip ``V^`` from Goal and
    collect its free variables (see ``goal_vars``) in Witness."""

    name = "$bagof_split"
    arity = 4

    def call(self, e: Engine, args: list[Term]) -> bool:
        bound: list[Var] = []
        term_vars(args[0], bound)
        g = deref(args[1])
        while isinstance(g, Struct) and g.fn.name == "^" and g.fn.arity == 2:
            term_vars(g.args[0], bound)
            g = deref(g.args[1])
        free: list[Var] = []
        goal_vars(g, bound, free)
        items: list[Term] = []
        for v in free:
            items.append(v)
        return e.unify(args[2], g) and e.unify(args[3], list_from(items, NIL))


# -- sorting -------------------------------------------------------------------


class SortSpec:
    """How to compare list items: by the whole term or an argument, ascending or not."""

    def __init__(self, key: int, descending: bool):
        self.key = key
        self.descending = descending

    def compare(self, a: Term, b: Term) -> int:
        """Compare two items."""
        if self.key > 0:
            a = arg_of(a, self.key)
            b = arg_of(b, self.key)
        c = compare_terms(a, b)
        return -c if self.descending else c


def arg_of(t: Term, n: int) -> Term:
    """Argument ``n`` of a compound list item (a type error otherwise)."""
    t = deref(t)
    if isinstance(t, Struct) and n <= len(t.args):
        return t.args[n - 1]
    raise type_error("compound", t)


def merge_sort(items: list[Term], spec: SortSpec) -> list[Term]:
    """A stable bottom-up merge sort."""
    src = list(items)
    n = len(src)
    width = 1
    while width < n:
        dst: list[Term] = []
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            while i < mid and j < hi:
                if spec.compare(src[j], src[i]) < 0:
                    dst.append(src[j])
                    j += 1
                else:
                    dst.append(src[i])
                    i += 1
            while i < mid:
                dst.append(src[i])
                i += 1
            while j < hi:
                dst.append(src[j])
                j += 1
            lo = hi
        src = dst
        width *= 2
    return src


def sort_list(e: Engine, t: Term, spec: SortSpec, dedupe: bool) -> Term:
    """Sort the items of a proper list (removing duplicates if asked)."""
    items = list_items(t)
    if items is None:
        if isinstance(deref(t), Var):
            raise instantiation_error()
        raise type_error("list", t)
    result = merge_sort(items, spec)
    if dedupe:
        kept: list[Term] = []
        for x in result:
            if len(kept) == 0 or spec.compare(kept[len(kept) - 1], x) != 0:
                kept.append(x)
        result = kept
    return list_from(result, NIL)


class Sort(Builtin):
    """msort/2, sort/2 and keysort/2."""

    arity = 2

    def __init__(self, name: str, key: int, dedupe: bool):
        self.name = name
        self.key = key
        self.dedupe = dedupe

    def call(self, e: Engine, args: list[Term]) -> bool:
        if self.key > 0:
            items = list_items(args[0])
            if items is not None:
                for it in items:
                    it = deref(it)
                    if not (isinstance(it, Struct) and it.fn.name == "-" and it.fn.arity == 2):
                        if isinstance(it, Var):
                            raise instantiation_error()
                        raise type_error("pair", it)
        return e.unify(args[1], sort_list(e, args[0], SortSpec(self.key, False), self.dedupe))


class Sort4(Builtin):
    """sort/4: sort(Key, Order, List, Sorted)."""

    name = "sort"
    arity = 4

    def call(self, e: Engine, args: list[Term]) -> bool:
        key = get_int(args[0])
        order = get_atom(args[1]).name
        if order not in ["@<", "@=<", "@>", "@>="]:
            raise domain_error("order", args[1])
        spec = SortSpec(key, order == "@>" or order == "@>=")
        return e.unify(args[3], sort_list(e, args[2], spec, order == "@<" or order == "@>"))


# -- operators, flags, miscellany ------------------------------------------------------


class Op(Builtin):
    name = "op"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        pri = get_int(args[0])
        if pri < 0 or pri > 1200:
            raise domain_error("operator_priority", Int(pri))
        kind_atom = get_atom(args[1])
        kind = kind_from_name(kind_atom.name)
        if kind < 0:
            raise domain_error("operator_specifier", kind_atom)
        names = list_items(args[2])
        if names is None:
            names = [args[2]]
        for n in names:
            a = get_atom(n)
            if a.name == ",":
                raise permission_error("modify", "operator", a)
            e.ops.add(pri, kind, a.name)
        return True


class CurrentOps(Builtin):
    """'$current_ops'(List): every operator as op(Priority, Type, Name)."""

    name = "$current_ops"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        items: list[Term] = []
        fn = functor("op", 3)
        for table in [e.ops.prefix, e.ops.infix, e.ops.postfix]:
            for name in table:
                d = table[name]
                items.append(Struct(fn, [Int(d.priority), atom(TYPE_NAMES[d.kind]), atom(name)]))
        return e.unify(args[0], list_from(items, NIL))


class SetFlag(Builtin):
    name = "set_prolog_flag"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        flag = get_atom(args[0]).name
        value = get_atom(args[1]).name
        if flag == "double_quotes":
            if value not in ["codes", "chars", "atom"]:
                raise domain_error("double_quotes", args[1])
            e.double_quotes = value
        return True


class Flags(Builtin):
    """'$flags'(List): the Prolog flags as Name-Value pairs (for current_prolog_flag/2)."""

    name = "$flags"
    arity = 1

    def call(self, e: Engine, args: list[Term]) -> bool:
        argv: list[Term] = []
        for a in e.argv:
            argv.append(atom(a))
        pairs: list[Term] = [
            mk2("-", atom("argv"), list_from(argv, NIL)),
            mk2("-", atom("bounded"), atom("true")),
            mk2("-", atom("max_integer"), Int(9223372036854775807)),
            mk2("-", atom("min_integer"), Int(-9223372036854775807 - 1)),
            mk2("-", atom("double_quotes"), atom(e.double_quotes)),
        ]
        return e.unify(args[0], list_from(pairs, NIL))


class Succeed(Builtin):
    """Declarations and hints accepted and ignored (discontiguous/1, ensure_loaded/1, ...)."""

    def __init__(self, name: str, arity: int):
        self.name = name
        self.arity = arity

    def call(self, e: Engine, args: list[Term]) -> bool:
        return True


class Statistics(Builtin):
    """statistics/2 for runtime, cputime, walltime, process_cputime (milliseconds)."""

    name = "statistics"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        key = get_atom(args[0]).name
        ms = int(time.time() * 1000.0)
        if key == "cputime" or key == "process_cputime":
            return e.unify(args[1], Int(ms // 1000))
        if key == "runtime" or key == "walltime" or key == "real_time":
            return e.unify(args[1], list_from([Int(ms), Int(0)], NIL))
        raise domain_error("statistics_key", args[0])


class NumberVars(Builtin):
    name = "numbervars"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = get_int(args[1])
        vs: list[Var] = []
        term_vars(args[0], vs)
        fn = functor("$VAR", 1)
        for v in vs:
            e.bind(v, Struct(fn, [Int(n)]))
            n += 1
        return e.unify(args[2], Int(n))


def register_db() -> None:
    """Register the built-ins of this module."""
    for b in [Assert("assert", True), Assert("assertz", True), Assert("asserta", False),
              Retract(), RetractAll(), Clauses(), Dynamic(), BagNew(), BagAdd(), BagList(),
              BagofSplit(), Sort("msort", 0, False), Sort("sort", 0, True), Sort("keysort", 1, False),
              Sort4(), Op(), CurrentOps(), SetFlag(), Flags(), Statistics(), NumberVars(),
              Succeed("discontiguous", 1), Succeed("ensure_loaded", 1), Succeed("use_module", 1),
              Succeed("use_module", 2), Succeed("garbage_collect", 0), Succeed("style_check", 1)]:
        register(b)
