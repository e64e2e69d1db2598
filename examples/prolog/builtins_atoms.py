"""Built-ins on atoms and text: conversions between atoms, numbers, code
and char lists, concatenation, sub-atoms, case, and term_to_atom/2."""

from terms import (Term, Atom, Int, Float, Var, Struct, deref, atom, functor, list_items,
                   list_from, NIL)
from engine import (Engine, get_int, get_atom, atomic_text, text_of_list, codes_of, chars_of,
                    char_of_code, parse_number, number_text)
from builtin_base import Builtin, register
from writer import term_to_text
from errors import PrologError, instantiation_error, type_error, error
from reader import Parser, PrologSyntaxError


def syntax_error(msg: str) -> PrologError:
    """``error(syntax_error(Msg), _)``."""
    return error(Struct(functor("syntax_error", 1), [atom(msg)]))


class AtomCodes(Builtin):
    """atom_codes/2, atom_chars/2, number_codes/2, number_chars/2."""

    def __init__(self, name: str, chars: bool, number: bool):
        self.name = name
        self.arity = 2
        self.chars = chars
        self.number = number

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        if not isinstance(a, Var):
            text = atomic_text(a, "number" if self.number else "atom")
            if self.number and not (isinstance(a, Int) or isinstance(a, Float)):
                raise type_error("number", a)
            return e.unify(args[1], chars_of(text) if self.chars else codes_of(text))
        text2 = text_of_list(args[1])
        if text2 is None:
            raise instantiation_error()
        if self.number:
            n = parse_number(text2)
            if n is None:
                raise syntax_error("illegal_number")
            return e.unify(a, n)
        return e.unify(a, atom(text2))


class CharCode(Builtin):
    name = "char_code"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        if isinstance(a, Atom):
            if len(a.name) != 1:
                raise type_error("character", a)
            return e.unify(args[1], Int(ord(a.name)))
        code = get_int(args[1])
        return e.unify(a, atom(char_of_code(code)))


class AtomLength(Builtin):
    name = "atom_length"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        text = atomic_text(args[0], "atom")
        n = deref(args[1])
        if not isinstance(n, Var) and not isinstance(n, Int):
            raise type_error("integer", n)
        return e.unify(n, Int(len(text)))


class AtomConcat(Builtin):
    """'$atom_concat'/3: atom_concat/3 when at least the first two, or the
    third, are known (the prelude enumerates the splits otherwise)."""

    name = "$atom_concat"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        b = deref(args[1])
        if not isinstance(a, Var) and not isinstance(b, Var):
            return e.unify(args[2], atom(atomic_text(a, "atomic") + atomic_text(b, "atomic")))
        whole = atomic_text(args[2], "atomic")
        if not isinstance(a, Var):
            prefix = atomic_text(a, "atomic")
            return whole.startswith(prefix) and e.unify(b, atom(whole[len(prefix):]))
        if not isinstance(b, Var):
            suffix = atomic_text(b, "atomic")
            return whole.endswith(suffix) and e.unify(a, atom(whole[:len(whole) - len(suffix)]))
        raise instantiation_error()


def int_or_none(t: Term) -> int:
    """The value of a bound integer argument, or -1 for a variable."""
    t = deref(t)
    if isinstance(t, Var):
        return -1
    return get_int(t)


class AtomSplits(Builtin):
    """'$atom_splits'(Atom, Pairs): every Prefix-Suffix with Prefix + Suffix = Atom."""

    name = "$atom_splits"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        whole = atomic_text(args[0], "atomic")
        pairs: list[Term] = []
        fn = functor("-", 2)
        for i in range(len(whole) + 1):
            pairs.append(Struct(fn, [atom(whole[:i]), atom(whole[i:])]))
        return e.unify(args[1], list_from(pairs, NIL))


def solution(before: int, length: int, after: int, sub: Term) -> Term:
    """The term ``Before-Length-After-Sub``."""
    fn = functor("-", 2)
    return Struct(fn, [Struct(fn, [Struct(fn, [Int(before), Int(length)]), Int(after)]), sub])


class SubAtoms(Builtin):
    """'$sub_atoms'(Atom, B, L, A, Sub, List): the solutions of sub_atom/5 as
    B-L-A-Sub terms, in SWI-Prolog's order."""

    name = "$sub_atoms"
    arity = 6

    def call(self, e: Engine, args: list[Term]) -> bool:
        whole = atomic_text(args[0], "atom")
        n = len(whole)
        b0 = int_or_none(args[1])
        l0 = int_or_none(args[2])
        a0 = int_or_none(args[3])
        sub = deref(args[4])
        found: list[Term] = []
        if not isinstance(sub, Var):
            text = atomic_text(sub, "atom")
            k = len(text)
            start = whole.find(text, 0)
            while start >= 0:
                if (b0 < 0 or b0 == start) and (l0 < 0 or l0 == k) and (a0 < 0 or a0 == n - start - k):
                    found.append(solution(start, k, n - start - k, sub))
                start = whole.find(text, start + 1)
        else:
            for b in range(n + 1):
                if b0 >= 0 and b != b0:
                    continue
                for ln in range(n - b + 1):
                    if (l0 >= 0 and ln != l0) or (a0 >= 0 and n - b - ln != a0):
                        continue
                    piece = atom(whole[b:b + ln])
                    found.append(solution(b, ln, n - b - ln, piece))
        return e.unify(args[5], list_from(found, NIL))


class AtomNumber(Builtin):
    name = "atom_number"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        a = deref(args[0])
        if isinstance(a, Var):
            n = deref(args[1])
            if isinstance(n, Var):
                raise instantiation_error()
            return e.unify(a, atom(atomic_text(n, "number")))
        n2 = parse_number(get_atom(a).name)
        if n2 is None:
            return False
        return e.unify(args[1], n2)


class CaseAtom(Builtin):
    """upcase_atom/2 and downcase_atom/2."""

    def __init__(self, name: str, upper: bool):
        self.name = name
        self.arity = 2
        self.upper = upper

    def call(self, e: Engine, args: list[Term]) -> bool:
        text = atomic_text(args[0], "atom")
        return e.unify(args[1], atom(text.upper() if self.upper else text.lower()))


class AtomicListConcat(Builtin):
    """atomic_list_concat/2,3 (with a separator, also splits an atom)."""

    def __init__(self, arity: int):
        self.name = "atomic_list_concat"
        self.arity = arity

    def call(self, e: Engine, args: list[Term]) -> bool:
        sep = ""
        if self.arity == 3:
            sep = atomic_text(args[1], "atomic")
        items = list_items(args[0])
        ground_items = items is not None
        if items is not None:
            for it in items:
                if isinstance(deref(it), Var):
                    ground_items = False
        if items is not None and ground_items:
            parts: list[str] = []
            for it in items:
                parts.append(atomic_text(it, "atomic"))
            return e.unify(args[self.arity - 1], atom(sep.join(parts)))
        if self.arity == 3 and sep != "":
            whole = atomic_text(args[2], "atomic")
            pieces: list[Term] = []
            for p in whole.split(sep):
                pieces.append(atom(p))
            return e.unify(args[0], list_from(pieces, NIL))
        raise instantiation_error()


class TermToAtom(Builtin):
    """term_to_atom/2: write a term, or parse an atom."""

    name = "term_to_atom"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        t = deref(args[0])
        if not isinstance(t, Var):
            return e.unify(args[1], atom(term_to_text(t, e.ops, True)))
        text = get_atom(args[1]).name
        p = Parser(text + " .", e.ops)
        try:
            rc = p.read_clause()
        except PrologSyntaxError as err:
            raise syntax_error(err.msg)
        if rc is None:
            return False
        return e.unify(t, rc.term)


class AtomToTerm(Builtin):
    """atom_to_term/3: parse an atom; Bindings lists 'Name'=Var for its named variables."""

    name = "atom_to_term"
    arity = 3

    def call(self, e: Engine, args: list[Term]) -> bool:
        text = atomic_text(args[0], "atom")
        p = Parser(text + " .", e.ops)
        try:
            rc = p.read_clause()
        except PrologSyntaxError as err:
            raise syntax_error(err.msg)
        if rc is None:
            raise syntax_error("end_of_file")
        pairs: list[Term] = []
        fn = functor("=", 2)
        for i in range(len(rc.names)):
            pairs.append(Struct(fn, [atom(rc.names[i]), rc.vars[i]]))
        return e.unify(args[1], rc.term) and e.unify(args[2], list_from(pairs, NIL))


class NumberString(Builtin):
    """'$number_text'(N, Atom): the text write/1 gives a number."""

    name = "$number_text"
    arity = 2

    def call(self, e: Engine, args: list[Term]) -> bool:
        n = deref(args[0])
        return e.unify(args[1], atom(number_text(n)))


def register_atoms() -> None:
    """Register the built-ins of this module."""
    for b in [AtomCodes("atom_codes", False, False), AtomCodes("atom_chars", True, False),
              AtomCodes("number_codes", False, True), AtomCodes("number_chars", True, True),
              CharCode(), AtomLength(), AtomConcat(), AtomSplits(), SubAtoms(), AtomNumber(),
              CaseAtom("upcase_atom", True), CaseAtom("downcase_atom", False),
              AtomicListConcat(2), AtomicListConcat(3), TermToAtom(), AtomToTerm(), NumberString()]:
        register(b)
