"""Compiled clauses and the predicate database.

A clause body is compiled to a ``Code``: a small instruction array executed
by the machine (machine.py).  Clause variables become numbered slots of a
frame's environment; argument terms become *templates* in which ``Slot``
stands for a clause variable, ``Void`` for an anonymous one and ``TStruct``
for a compound term containing either.  A template without slots is an
ordinary (shared) term.
"""

from kiln.jit import elidable

from terms import Term, Atom, Int, Struct, Functor, Var

# Instructions.  Each has an int operand (``ints``), and for calls a
# predicate (``preds``) and argument templates (``targs``).
OP_CALL = 0        # call a user predicate; ints: 1 if it is the last call
OP_BUILTIN = 1     # call a deterministic built-in; ints: built-in number
OP_EXIT = 2        # the clause body succeeded: continue with the caller
OP_SUCCEED = 3     # the query succeeded (end of a top-level goal)
OP_JUMP = 4        # ints: target
OP_TRY = 5         # push a choice point that resumes at ints (the other branch)
OP_MARK = 6        # remember the choice-point height in mark ints
OP_CUT_TO = 7      # cut back to the height in mark ints
OP_CUT = 8         # cut back to the height when this clause was called
OP_FAIL = 9        # backtrack
OP_CALL_VAR = 10   # call/N: targs are the goal and the extra arguments
OP_PUSH_CATCH = 11  # catch/3: push a catch choice point, handler at ints
OP_POP_CATCH = 12   # catch/3: drop the catch choice point if Goal left none
OP_CATCH_BALL = 13  # catch/3 handler: unify the ball with targs[0] or rethrow
OP_UNIFY = 14      # =/2 compiled inline: targs are the two sides
OP_THROW_TYPE = 15  # a goal that is not callable: raise type_error(callable, targs[0])
OP_SOFT_CUT = 16   # *->: disable the choice point pushed after mark ints
OP_IS = 17         # is/2 compiled inline: targs are the result and the expression
OP_COMPARE = 18    # arithmetic comparison inline: ints is its index in COMPARE_NAMES

OP_NAMES = ["call", "builtin", "exit", "succeed", "jump", "try", "mark", "cut_to", "cut",
            "fail", "call_var", "push_catch", "pop_catch", "catch_ball", "unify", "throw_type",
            "soft_cut", "is", "compare"]


class Slot(Term):
    """Template: the clause variable in environment slot ``index``."""

    def __init__(self, index: int):
        self.index = index


class Void(Term):
    """Template: an anonymous variable (matches anything; a fresh variable when built)."""

    def __init__(self):
        self.index = -1


class TStruct(Term):
    """Template: a compound term with slots among its arguments."""

    def __init__(self, fn: Functor, args: list[Term]):
        self.fn = fn
        self.args = args


VOID = Void()


class Code:
    """The instructions of one clause body (or of a goal run by call/N).

    ``nvars`` environment slots, of which the first ``nhead`` are set by head
    unification and the rest start as fresh variables; ``nmarks`` saved
    choice-point heights.  ``name`` and ``line`` locate it for messages.
    """

    def __init__(self, name: str, line: int):
        self.name = name
        self.line = line
        self.ops: list[int] = []
        self.ints: list[int] = []
        self.preds: list[Pred | None] = []
        self.targs: list[list[Term]] = []
        self.nvars = 0
        self.nhead = 0
        self.nmarks = 0

    def emit(self, op: int, arg: int, pred, targs: list[Term]) -> int:
        """Append an instruction; return its position."""
        self.ops.append(op)
        self.ints.append(arg)
        self.preds.append(pred)
        self.targs.append(targs)
        return len(self.ops) - 1

    def describe(self, pc: int) -> str:
        """A readable description of one instruction (for JIT logs)."""
        text = self.name + ":" + str(self.line) + " #" + str(pc) + " " + OP_NAMES[self.ops[pc]]
        p = self.preds[pc]
        if p is not None:
            text += " " + p.indicator()
        return text


@elidable
def op_at(code: Code, pc: int) -> int:
    """The opcode at ``pc`` (code never changes once compiled, so the JIT may fold this)."""
    return code.ops[pc]


@elidable
def int_at(code: Code, pc: int) -> int:
    """The int operand at ``pc``."""
    return code.ints[pc]


@elidable
def targs_at(code: Code, pc: int) -> list[Term]:
    """The argument templates at ``pc``."""
    return code.targs[pc]


KEY_ANY = 0
KEY_ATOM = 1
KEY_INT = 2
KEY_STRUCT = 3


class Clause:
    """One clause: head argument templates, compiled body and first-argument key.

    ``term`` is the clause as a term (``Head :- Body``) for clause/2 and
    retract/1; ``erased`` is set when retract/1 removes it.
    """

    def __init__(self, head: list[Term], code: Code, term: Term):
        self.head = head
        self.code = code
        self.term = term
        self.erased = False
        self.key_kind = KEY_ANY
        self.key_atom: Atom | None = None
        self.key_int = 0
        self.key_fn: Functor | None = None
        if len(head) > 0:
            first = head[0]
            if isinstance(first, Atom):
                self.key_kind = KEY_ATOM
                self.key_atom = first
            elif isinstance(first, Int):
                self.key_kind = KEY_INT
                self.key_int = first.value
            elif isinstance(first, TStruct):
                self.key_kind = KEY_STRUCT
                self.key_fn = first.fn
            elif isinstance(first, Struct):
                self.key_kind = KEY_STRUCT
                self.key_fn = first.fn

    def may_match(self, a: Term) -> bool:
        """Whether the (dereferenced) first argument ``a`` of a call may match this clause."""
        k = self.key_kind
        if k == KEY_ANY:
            return True
        if k == KEY_STRUCT:
            return isinstance(a, Struct) and a.fn is self.key_fn or isinstance(a, Var)
        if k == KEY_ATOM:
            return a is self.key_atom or isinstance(a, Var)
        return isinstance(a, Int) and a.value == self.key_int or isinstance(a, Var)


class Pred:
    """A predicate: its clauses (replaced, never mutated, when changed, so a
    running call keeps the clauses it started with) and flags."""

    def __init__(self, name: str, arity: int):
        self.name = name
        self.arity = arity
        self.clauses: list[Clause] = []
        self.dynamic = False
        self.defined = False
        self.library = False
        self.file_line = 0

    def indicator(self) -> str:
        """``name/arity``."""
        return self.name + "/" + str(self.arity)

    def add_clause(self, c: Clause, at_end: bool) -> None:
        """Add a clause at the end (assertz) or the front (asserta)."""
        if at_end:
            self.clauses = self.clauses + [c]
        else:
            self.clauses = [c] + self.clauses
        self.defined = True

    def remove_clause(self, c: Clause) -> None:
        """Remove a clause (retract)."""
        kept: list[Clause] = []
        for other in self.clauses:
            if other is not c:
                kept.append(other)
        c.erased = True
        self.clauses = kept


class Database:
    """All predicates, by name and arity."""

    def __init__(self):
        self.preds: dict[tuple[str, int], Pred] = {}

    def get(self, name: str, arity: int) -> Pred:
        """The predicate ``name/arity``, created (undefined) if new."""
        key = (name, arity)
        p = self.preds.get(key, None)
        if p is None:
            p = Pred(name, arity)
            self.preds[key] = p
        return p

    def lookup(self, name: str, arity: int) -> "Pred | None":
        """The predicate ``name/arity`` if it exists."""
        return self.preds.get((name, arity), None)
