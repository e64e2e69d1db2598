"""Compiling clauses and goals to ``Code`` (see code.py for the instructions).

Control constructs are compiled to jumps and choice points:

    A , B              A; B
    A ; B              TRY L; A; JUMP E; L: B; E:
    C -> T ; E         MARK m; TRY L; C; CUT_TO m; T; JUMP X; L: E; X:
    C *-> T ; E        MARK m; TRY L; C; SOFT_CUT m; T; JUMP X; L: E; X:
    \\+ G               MARK m; TRY L; G; CUT_TO m; FAIL; L:
    !                  CUT (to the clause's call), or CUT_TO inside \\+ and conditions
    call(G, A...)      CALL_VAR (G is compiled when called; cut inside is local)
    X = Y              UNIFY
    X is E, A < B ...  IS, COMPARE (the expression is evaluated from its template)

A cut inside a condition or a negation is local to it: a second mark taken
after the TRY bounds it.
"""

from terms import Term, Atom, Var, Struct, deref, atom, COMMA, SEMI, ARROW, SOFT_ARROW, NOT, NECK, DOT
from code import (Code, Clause, Database, Slot, TStruct, VOID, OP_CALL, OP_BUILTIN, OP_EXIT,
                  OP_SUCCEED, OP_JUMP, OP_TRY, OP_MARK, OP_CUT_TO, OP_CUT, OP_FAIL,
                  OP_CALL_VAR, OP_UNIFY, OP_THROW_TYPE, OP_SOFT_CUT, OP_IS,
                  OP_COMPARE)
from errors import PrologError, type_error, instantiation_error
from arith import COMPARE_NAMES


class Compiler:
    """Compiles clauses (variables become frame slots) and goals for call/N
    (variables stay the run-time variables they are)."""

    def __init__(self, db: Database, builtin_ids: dict[tuple[str, int], int]):
        self.db = db
        self.builtin_ids = builtin_ids
        self.slots: dict[Var, int] = {}
        self.counts: dict[Var, int] = {}
        self.order: list[Var] = []
        self.dynamic = False

    # -- variables ---------------------------------------------------------

    def count_vars(self, t: Term) -> None:
        """Count the occurrences of each variable in ``t``."""
        t = deref(t)
        while isinstance(t, Struct):
            n = len(t.args)
            for i in range(n - 1):
                self.count_vars(t.args[i])
            t = deref(t.args[n - 1])
        if isinstance(t, Var):
            if t in self.counts:
                self.counts[t] += 1
            else:
                self.counts[t] = 1
                self.order.append(t)

    def assign_slots(self, first: int) -> int:
        """Give a slot to each counted variable seen twice or more without one; return the next slot."""
        n = first
        for v in self.order:
            if self.counts[v] > 1 and v not in self.slots:
                self.slots[v] = n
                n += 1
        return n

    def template(self, t: Term) -> Term:
        """``t`` with clause variables replaced by slots (shared when it has none)."""
        t = deref(t)
        if isinstance(t, Var):
            if self.dynamic:
                return t
            s = self.slots.get(t, -1)
            if s < 0:
                return VOID
            return Slot(s)
        if isinstance(t, Struct):
            if t.fn is DOT:
                return self.list_template(t)
            args: list[Term] = []
            changed = False
            for a in t.args:
                ta = self.template(a)
                args.append(ta)
                if ta is not deref(a):
                    changed = True
            if changed:
                return TStruct(t.fn, args)
            return t
        return t

    def list_template(self, t: Struct) -> Term:
        """The template of a list, without recursing along its tail."""
        cells: list[Struct] = []
        heads: list[Term] = []
        rest: Term = t
        while isinstance(rest, Struct) and rest.fn is DOT:
            cells.append(rest)
            heads.append(self.template(rest.args[0]))
            rest = deref(rest.args[1])
        result = self.template(rest)
        changed = result is not rest
        i = len(cells) - 1
        while i >= 0:
            cell = cells[i]
            if changed or heads[i] is not deref(cell.args[0]):
                changed = True
                result = TStruct(DOT, [heads[i], result])
            else:
                result = cell
            i -= 1
        return result

    def reset(self, dynamic: bool) -> None:
        """Forget the variables of the previous clause."""
        self.slots = {}
        self.counts = {}
        self.order = []
        self.dynamic = dynamic

    # -- clauses and goals ---------------------------------------------------

    def compile_clause(self, term: Term, line: int) -> Clause:
        """Compile ``Head :- Body`` or a fact and add nothing to the database."""
        term = deref(term)
        head = term
        body: Term = atom("true")
        if isinstance(term, Struct) and term.fn is NECK:
            head = deref(term.args[0])
            body = term.args[1]
        if isinstance(head, Var):
            raise instantiation_error()
        if not isinstance(head, Atom) and not isinstance(head, Struct):
            raise type_error("callable", head)
        self.reset(False)
        name = ""
        hargs: list[Term] = []
        if isinstance(head, Struct):
            name = head.fn.name
            hargs = head.args
        elif isinstance(head, Atom):
            name = head.name
        for a in hargs:
            self.count_vars(a)
        nhead_vars = len(self.order)
        self.count_vars(body)
        # head variables get the first slots (set by head unification); the
        # others start as fresh variables when the clause is entered
        all_vars = self.order
        self.order = all_vars[:nhead_vars]
        nhead = self.assign_slots(0)
        self.order = all_vars
        nvars = self.assign_slots(nhead)
        code = Code(name + "/" + str(len(hargs)), line)
        code.nvars = nvars
        code.nhead = nhead
        head_templates: list[Term] = []
        for a in hargs:
            head_templates.append(self.template(a))
        self.compile_body(body, code, -1)
        code.emit(OP_EXIT, 0, None, [])
        mark_last_calls(code)
        return Clause(head_templates, code, term)

    def compile_goal(self, goal: Term, name: str, line: int, query: bool) -> Code:
        """Compile a goal for call/N or a directive: its variables are kept as they are."""
        self.reset(True)
        code = Code(name, line)
        self.compile_body(goal, code, -1)
        code.emit(OP_SUCCEED if query else OP_EXIT, 0, None, [])
        mark_last_calls(code)
        return code

    def new_mark(self, code: Code) -> int:
        """A fresh mark (saved choice-point height) of ``code``."""
        code.nmarks += 1
        return code.nmarks - 1

    def compile_body(self, g: Term, code: Code, cut_mark: int) -> None:
        """Emit the instructions of goal ``g``; a cut cuts to mark ``cut_mark`` (-1: the clause)."""
        g = deref(g)
        if isinstance(g, Var):
            code.emit(OP_CALL_VAR, 0, None, [self.template(g)])
            return
        if isinstance(g, Atom):
            name = g.name
            if name == "true":
                return
            if name == "fail" or name == "false":
                code.emit(OP_FAIL, 0, None, [])
                return
            if name == "!":
                if cut_mark < 0:
                    code.emit(OP_CUT, 0, None, [])
                else:
                    code.emit(OP_CUT_TO, cut_mark, None, [])
                return
            self.compile_call(name, [], code)
            return
        if isinstance(g, Struct):
            fn = g.fn
            if fn is COMMA:
                self.compile_body(g.args[0], code, cut_mark)
                self.compile_body(g.args[1], code, cut_mark)
                return
            if fn is SEMI:
                self.compile_disjunction(g, code, cut_mark)
                return
            if fn is ARROW:
                self.compile_if(g.args[0], g.args[1], atom("fail"), False, code, cut_mark)
                return
            if fn is SOFT_ARROW:
                self.compile_if(g.args[0], g.args[1], atom("fail"), True, code, cut_mark)
                return
            if fn is NOT:
                self.compile_not(g.args[0], code)
                return
            if fn.name == "call":
                targs: list[Term] = []
                for a in g.args:
                    targs.append(self.template(a))
                code.emit(OP_CALL_VAR, 0, None, targs)
                return
            if fn.name == ":" and fn.arity == 2:
                # Module:Goal -- there are no modules; run Goal
                self.compile_body(g.args[1], code, cut_mark)
                return
            if fn.name == "=" and fn.arity == 2:
                code.emit(OP_UNIFY, 0, None, [self.template(g.args[0]), self.template(g.args[1])])
                return
            if fn.arity == 2 and (fn.name == "is" or fn.name in COMPARE_NAMES):
                targs2 = [self.template(g.args[0]), self.template(g.args[1])]
                if fn.name == "is":
                    code.emit(OP_IS, 0, None, targs2)
                else:
                    code.emit(OP_COMPARE, COMPARE_NAMES.index(fn.name), None, targs2)
                return
            self.compile_call(fn.name, g.args, code)
            return
        code.emit(OP_THROW_TYPE, 0, None, [g])

    def compile_call(self, name: str, args: list[Term], code: Code) -> None:
        """A call of a built-in or a user predicate."""
        targs: list[Term] = []
        for a in args:
            targs.append(self.template(a))
        bid = self.builtin_ids.get((name, len(args)), -1)
        if bid >= 0:
            code.emit(OP_BUILTIN, bid, None, targs)
        else:
            code.emit(OP_CALL, 0, self.db.get(name, len(args)), targs)

    def compile_disjunction(self, g: Struct, code: Code, cut_mark: int) -> None:
        """``A ; B``, including if-then-else."""
        left = deref(g.args[0])
        if isinstance(left, Struct) and left.fn is ARROW:
            self.compile_if(left.args[0], left.args[1], g.args[1], False, code, cut_mark)
            return
        if isinstance(left, Struct) and left.fn is SOFT_ARROW:
            self.compile_if(left.args[0], left.args[1], g.args[1], True, code, cut_mark)
            return
        try_pc = code.emit(OP_TRY, 0, None, [])
        self.compile_body(left, code, cut_mark)
        jump_pc = code.emit(OP_JUMP, 0, None, [])
        code.ints[try_pc] = len(code.ops)
        self.compile_body(g.args[1], code, cut_mark)
        code.ints[jump_pc] = len(code.ops)

    def compile_if(self, cond: Term, then: Term, other: Term, soft: bool, code: Code, cut_mark: int) -> None:
        """``Cond -> Then ; Else`` (or ``*->`` when ``soft``)."""
        m = self.new_mark(code)
        code.emit(OP_MARK, m, None, [])
        try_pc = code.emit(OP_TRY, 0, None, [])
        inner = self.local_cut_mark(cond, code)
        self.compile_body(cond, code, inner)
        code.emit(OP_SOFT_CUT if soft else OP_CUT_TO, m, None, [])
        self.compile_body(then, code, cut_mark)
        jump_pc = code.emit(OP_JUMP, 0, None, [])
        code.ints[try_pc] = len(code.ops)
        self.compile_body(other, code, cut_mark)
        code.ints[jump_pc] = len(code.ops)

    def compile_not(self, goal: Term, code: Code) -> None:
        """``\\+ Goal``."""
        m = self.new_mark(code)
        code.emit(OP_MARK, m, None, [])
        try_pc = code.emit(OP_TRY, 0, None, [])
        inner = self.local_cut_mark(goal, code)
        self.compile_body(goal, code, inner)
        code.emit(OP_CUT_TO, m, None, [])
        code.emit(OP_FAIL, 0, None, [])
        code.ints[try_pc] = len(code.ops)

    def local_cut_mark(self, goal: Term, code: Code) -> int:
        """A mark for cuts inside a condition or negation (taken after its TRY), or -1 if it has none."""
        if not contains_cut(goal):
            return -1
        m = self.new_mark(code)
        code.emit(OP_MARK, m, None, [])
        return m


def contains_cut(g: Term) -> bool:
    """Whether a cut occurs in ``g`` outside any call/N (where cut is local anyway)."""
    g = deref(g)
    if isinstance(g, Atom):
        return g.name == "!"
    if isinstance(g, Struct):
        fn = g.fn
        if fn is COMMA or fn is SEMI or fn is ARROW or fn is SOFT_ARROW:
            return contains_cut(g.args[0]) or contains_cut(g.args[1])
    return False


def mark_last_calls(code: Code) -> None:
    """Flag each CALL directly followed by EXIT: it can reuse the caller's continuation."""
    for pc in range(len(code.ops) - 1):
        if code.ops[pc] == OP_CALL and code.ops[pc + 1] == OP_EXIT:
            code.ints[pc] = 1


def callable_error(t: Term) -> PrologError:
    """The error for calling a non-callable term."""
    t = deref(t)
    if isinstance(t, Var):
        return instantiation_error()
    return type_error("callable", t)

