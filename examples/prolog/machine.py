"""The solver: executes compiled clause bodies with an explicit continuation
(frames) and choice-point stack, so Prolog recursion and backtracking never
use host recursion.

State while running: ``code`` and ``pc`` (the instruction being executed, the
JIT's green variables), ``frame`` (the activation of the clause being run:
its variable slots, marks, cut barrier, and where to continue when it exits)
and the machine itself (choice points, trail).

A choice point records the trail height and what to do on backtracking:
resume a body alternative (``;``, if-then-else, ``\\+``), try the next
matching clause of a call, or nothing (a catch/3 frame, which only matters
when an exception unwinds the stack).
"""

from kiln.jit import JitDriver, promote, elidable, unroll_safe

from terms import Term, Atom, Int, Var, Struct, deref, atom, functor, mk, mk2, NIL, DOT
from code import (Code, Clause, Pred, Slot, Void, TStruct, op_at, int_at, targs_at, OP_CALL,
                  OP_BUILTIN, OP_EXIT, OP_SUCCEED, OP_JUMP, OP_TRY, OP_MARK, OP_CUT_TO, OP_CUT,
                  OP_FAIL, OP_CALL_VAR,
                  OP_PUSH_CATCH, OP_POP_CATCH, OP_CATCH_BALL, OP_UNIFY, OP_THROW_TYPE, OP_SOFT_CUT,
                  OP_IS, OP_COMPARE)
from engine import Engine
from builtin_base import Builtin, BUILTINS, BUILTIN_IDS
from compiler import callable_error
from errors import PrologError, existence_error, instantiation_error, indicator
from arith import eval_arith, eval_binary, eval_unary, compare_values, compare_test, COMPARE_NAMES

CP_BODY = 0      # resume ``frame`` at ``pc``
CP_CLAUSES = 1   # try clause ``index`` of ``clauses`` for a call
CP_CATCH = 2     # a catch/3 in progress; handler at ``pc`` of ``frame``
CP_DEAD = 3      # disabled by a soft cut

EMPTY_MARKS: list[int] = []
NO_CLAUSES: list[Clause] = []
NO_ARGS: list[Term] = []


class Frame:
    """The activation of one clause body (or of a goal run by call/N).

    ``env`` holds the clause variables, ``marks`` saved choice-point heights;
    on exit execution continues in ``parent`` at ``ret_pc``; a cut removes the
    choice points above ``cut_barrier``.
    """

    def __init__(self, code: Code, env: "list[Term | None]", marks: list[int], parent,
                 ret_pc: int, cut_barrier: int):
        self.code = code
        self.env = env
        self.marks = marks
        self.parent = parent
        self.ret_pc = ret_pc
        self.cut_barrier = cut_barrier


class ChoicePoint:
    """Where to resume on backtracking (see the CP_ kinds)."""

    def __init__(self, kind: int, trail_mark: int, stamp: int, frame: "Frame | None", pc: int):
        self.kind = kind
        self.trail_mark = trail_mark
        self.stamp = stamp
        self.frame = frame
        self.pc = pc
        self.clauses = NO_CLAUSES
        self.index = 0
        self.args = NO_ARGS
        self.height = 0


def get_location(pc: int, code: Code) -> str:
    """The JIT's description of a position in the program."""
    return code.describe(pc)


driver = JitDriver(greens=["pc", "code"], reds=["frame", "m"], get_printable_location=get_location)


@elidable
def builtin_at(bid: int) -> Builtin:
    """The built-in numbered ``bid`` (the table is complete before any program runs)."""
    return BUILTINS[bid]


def next_clause(clauses: list[Clause], start: int, first: Term) -> int:
    """The index of the first clause from ``start`` whose first argument may match, or -1."""
    n = len(clauses)
    if isinstance(first, Var):
        return start if start < n else -1
    i = start
    while i < n:
        if clauses[i].may_match(first):
            return i
        i += 1
    return -1


def add_args(goal: Term, extra: list[Term]) -> Term:
    """``goal`` with ``extra`` arguments appended (call/N)."""
    if len(extra) == 0:
        return goal
    if isinstance(goal, Atom):
        return Struct(functor(goal.name, len(extra)), extra)
    if isinstance(goal, Struct):
        args = list(goal.args)
        for a in extra:
            args.append(a)
        return Struct(functor(goal.fn.name, len(args)), args)
    raise callable_error(goal)


class Machine(Engine):
    """The Prolog machine: a database, bindings, and the solver loop."""

    def __init__(self):
        Engine.__init__(self, BUILTIN_IDS)
        self.choices: list[ChoicePoint] = []
        self.tidy_limit = 1024
        self.resume_pc = 0
        self.ball: Term | None = None
        self.error_code: Code | None = None

    # -- choice points ------------------------------------------------------

    def push_choice(self, kind: int, frame: "Frame | None", pc: int) -> ChoicePoint:
        """Push a choice point; bindings of older variables are trailed from now on."""
        self.clock += 1
        cp = ChoicePoint(kind, len(self.trail), self.clock, frame, pc)
        self.choices.append(cp)
        self.top_stamp = self.clock
        return cp

    def pop_choice(self) -> None:
        """Remove the newest choice point."""
        self.choices.pop()
        self.update_top()

    def update_top(self) -> None:
        """Recompute which variables need trailing after choice points went away."""
        if len(self.choices) > 0:
            self.top_stamp = self.choices[len(self.choices) - 1].stamp
        else:
            self.top_stamp = 0

    def cut_to(self, height: int) -> None:
        """Remove the choice points above ``height``."""
        choices = self.choices
        if len(choices) > height:
            while len(choices) > height:
                choices.pop()
            self.update_top()
            if len(self.trail) > self.tidy_limit:
                self.tidy_trail()

    def tidy_trail(self) -> None:
        """Drop trail entries a cut made useless: bindings of variables newer
        than the (new) newest choice point are never undone.  Done when the
        trail has doubled since the last tidying, so the cost is amortized."""
        mark = 0
        n = len(self.choices)
        if n > 0:
            mark = self.choices[n - 1].trail_mark
        trail = self.trail
        kept = mark
        for i in range(mark, len(trail)):
            v = trail[i]
            if v.stamp < self.top_stamp:
                trail[kept] = v
                kept += 1
        while len(trail) > kept:
            trail.pop()
        self.tidy_limit = 2 * len(trail) + 1024

    # -- building and matching templates ---------------------------------------

    @unroll_safe
    def build(self, t: Term, env: "list[Term | None]") -> Term:
        """Instantiate a template with a frame's variables."""
        if isinstance(t, Slot):
            v = env[t.index]
            if v is None:
                nv = self.new_var()
                env[t.index] = nv
                return nv
            return v
        if isinstance(t, TStruct):
            if t.fn is DOT:
                tail = t.args[1]
                if isinstance(tail, TStruct) and tail.fn is DOT:
                    return self.build_list(t, env)
                return Struct(DOT, [self.build(t.args[0], env), self.build(tail, env)])
            args: list[Term] = []
            for a in t.args:
                args.append(self.build(a, env))
            return Struct(t.fn, args)
        if isinstance(t, Void):
            return self.new_var()
        return t

    @unroll_safe
    def build_list(self, t: TStruct, env: "list[Term | None]") -> Term:
        """Instantiate a list template without recursing along its tail."""
        heads: list[Term] = []
        rest: Term = t
        while isinstance(rest, TStruct) and rest.fn is DOT:
            heads.append(self.build(rest.args[0], env))
            rest = rest.args[1]
        result = self.build(rest, env)
        i = len(heads) - 1
        while i >= 0:
            result = Struct(DOT, [heads[i], result])
            i -= 1
        return result

    @unroll_safe
    def build_args(self, targs: list[Term], env: "list[Term | None]") -> list[Term]:
        """Instantiate the argument templates of a call."""
        args: list[Term] = []
        for t in targs:
            args.append(self.build(t, env))
        return args

    @unroll_safe
    def unify_head(self, t: Term, a: Term, env: "list[Term | None]") -> bool:
        """Unify head template ``t`` with call argument ``a``, setting slots on first occurrence."""
        while True:
            if isinstance(t, Slot):
                cur = env[t.index]
                if cur is None:
                    env[t.index] = a
                    return True
                return self.unify(cur, a)
            if isinstance(t, Void):
                return True
            a = deref(a)
            if isinstance(t, TStruct):
                if isinstance(a, Var):
                    self.bind(a, self.build(t, env))
                    return True
                if not isinstance(a, Struct) or a.fn is not t.fn:
                    return False
                n = len(t.args)
                for i in range(n - 1):
                    if not self.unify_head(t.args[i], a.args[i], env):
                        return False
                t = t.args[n - 1]
                a = a.args[n - 1]
                continue
            if isinstance(a, Var):
                self.bind(a, t)
                return True
            if isinstance(t, Atom):
                return a is t
            if isinstance(t, Int):
                return isinstance(a, Int) and a.value == t.value
            return self.unify(t, a)

    # -- calls ----------------------------------------------------------------

    @unroll_safe
    def try_clause(self, clause: Clause, args: list[Term], parent: "Frame | None",
                   ret_pc: int, height: int) -> "Frame | None":
        """Unify a clause head with the call's arguments; the new frame, or ``None``.

        The clause is promoted: a trace is specialized for it, so the head
        templates it walks are constants."""
        clause = promote(clause)
        code = clause.code
        env: list[Term | None] = [None] * code.nvars
        head = clause.head
        for i in range(len(head)):
            if not self.unify_head(head[i], args[i], env):
                return None
        for i in range(code.nhead, code.nvars):
            env[i] = self.new_var()
        marks = EMPTY_MARKS
        if code.nmarks > 0:
            marks = [0] * code.nmarks
        return Frame(code, env, marks, parent, ret_pc, height)

    def call_pred(self, pred: Pred, args: list[Term], parent: "Frame | None", ret_pc: int) -> "Frame | None":
        """Enter a user predicate: the frame of the first matching clause, or ``None``."""
        clauses = pred.clauses
        if len(clauses) == 0:
            if not pred.defined:
                raise existence_error("procedure", indicator(pred.name, pred.arity))
            return None
        first: Term = NIL
        if len(args) > 0:
            first = deref(args[0])
        i = next_clause(clauses, 0, first)
        if i < 0:
            return None
        height = len(self.choices)
        j = next_clause(clauses, i + 1, first)
        if j >= 0:
            cp = self.push_choice(CP_CLAUSES, parent, ret_pc)
            cp.clauses = clauses
            cp.index = j
            cp.args = args
            cp.height = height
        return self.try_clause(clauses[i], args, parent, ret_pc, height)

    def call_goal(self, goal: Term, parent: Frame, ret_pc: int, line: int) -> "Frame | None":
        """call/N: run ``goal`` (cut inside it is local); the frame to continue in."""
        goal = deref(goal)
        if isinstance(goal, Struct) or isinstance(goal, Atom):
            name = goal.fn.name if isinstance(goal, Struct) else goal.name
            args: list[Term] = goal.args if isinstance(goal, Struct) else []
            bid = BUILTIN_IDS.get((name, len(args)), -1)
            if bid >= 0:
                if BUILTINS[bid].call(self, args):
                    self.resume_pc = ret_pc
                    return parent
                return None
            if not is_control(name, len(args)):
                pred = self.db.get(name, len(args))
                self.resume_pc = 0
                return self.call_pred(pred, args, parent, ret_pc)
        else:
            raise callable_error(goal)
        code = self.compiler.compile_goal(goal, "call/1", line, False)
        marks = EMPTY_MARKS
        if code.nmarks > 0:
            marks = [0] * code.nmarks
        self.resume_pc = 0
        return Frame(code, [], marks, parent, ret_pc, len(self.choices))

    # -- backtracking and exceptions --------------------------------------------------

    def backtrack(self) -> "Frame | None":
        """Resume the newest choice point: the frame to continue in (at ``resume_pc``), or ``None``."""
        choices = self.choices
        while len(choices) > 0:
            cp = choices[len(choices) - 1]
            self.undo_to(cp.trail_mark)
            kind = cp.kind
            if kind == CP_CLAUSES:
                clauses = cp.clauses
                i = cp.index
                args = cp.args
                first: Term = NIL
                if len(args) > 0:
                    first = deref(args[0])
                j = next_clause(clauses, i + 1, first)
                if j >= 0:
                    cp.index = j
                else:
                    self.pop_choice()
                nf = self.try_clause(clauses[i], args, cp.frame, cp.pc, cp.height)
                if nf is not None:
                    self.resume_pc = 0
                    return nf
                continue
            self.pop_choice()
            if kind == CP_BODY:
                self.resume_pc = cp.pc
                return cp.frame
        return None

    def throw_ball(self, ball: Term) -> "Frame | None":
        """Unwind to the newest catch/3: its frame (handler at ``resume_pc``), or ``None``."""
        mapping: dict[Var, Var] = {}
        ball = self.copy(ball, mapping)
        choices = self.choices
        while len(choices) > 0:
            cp = choices.pop()
            if cp.kind == CP_CATCH:
                self.undo_to(cp.trail_mark)
                self.update_top()
                self.ball = ball
                self.resume_pc = cp.pc
                return cp.frame
        self.update_top()
        self.ball = ball
        return None

    # -- the main loop ----------------------------------------------------------------

    def run_goal(self, goal: Term, line: int) -> bool:
        """Run a directive or initialization goal once (its choice points are discarded)."""
        code = self.compiler.compile_goal(goal, "directive", line, True)
        marks = EMPTY_MARKS
        if code.nmarks > 0:
            marks = [0] * code.nmarks
        base = len(self.choices)
        frame = Frame(code, [], marks, None, 0, base)
        try:
            ok = solve(self, code, frame)
        finally:
            self.cut_to(base)
        return ok


def solve(m: Machine, code: Code, frame: Frame) -> bool:
    """Run ``frame`` (of ``code``) from its start until SUCCEED (True) or
    failure (False); an uncaught exception propagates as ``PrologError``.

    This is the interpreter's dispatch loop: ``code`` and ``pc`` are the
    position in the Prolog program (the JIT's greens); entering a predicate
    is where the guest program loops (by recursion), so it is the place for
    ``can_enter_jit``.
    """
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame, m=m)
        op = op_at(code, pc)
        arg = int_at(code, pc)
        failed = False
        entered = False
        raised: Term | None = None
        try:
            if op == OP_CALL:
                pred = code.preds[pc]
                assert pred is not None
                pred = promote(pred)
                args = m.build_args(targs_at(code, pc), frame.env)
                if arg == 1:
                    nf = m.call_pred(pred, args, frame.parent, frame.ret_pc)
                else:
                    nf = m.call_pred(pred, args, frame, pc + 1)
                if nf is None:
                    failed = True
                else:
                    code = nf.code
                    pc = 0
                    frame = nf
                    entered = True
            elif op == OP_BUILTIN:
                args = m.build_args(targs_at(code, pc), frame.env)
                if builtin_at(arg).call(m, args):
                    pc += 1
                else:
                    failed = True
            elif op == OP_UNIFY:
                targs = targs_at(code, pc)
                if m.unify(m.build(targs[0], frame.env), m.build(targs[1], frame.env)):
                    pc += 1
                else:
                    failed = True
            elif op == OP_IS:
                targs = targs_at(code, pc)
                value = eval_template(targs[1], frame.env)
                if m.unify(m.build(targs[0], frame.env), value):
                    pc += 1
                else:
                    failed = True
            elif op == OP_COMPARE:
                targs = targs_at(code, pc)
                c = compare_values(eval_template(targs[0], frame.env), eval_template(targs[1], frame.env))
                if compare_test(arg, c):
                    pc += 1
                else:
                    failed = True
            elif op == OP_EXIT:
                parent = frame.parent
                assert parent is not None
                pc = frame.ret_pc
                frame = parent
                code = parent.code
            elif op == OP_SUCCEED:
                return True
            elif op == OP_JUMP:
                pc = arg
            elif op == OP_TRY:
                m.push_choice(CP_BODY, frame, arg)
                pc += 1
            elif op == OP_MARK:
                frame.marks[arg] = len(m.choices)
                pc += 1
            elif op == OP_CUT_TO:
                m.cut_to(frame.marks[arg])
                pc += 1
            elif op == OP_CUT:
                m.cut_to(frame.cut_barrier)
                pc += 1
            elif op == OP_SOFT_CUT:
                h = frame.marks[arg]
                if h < len(m.choices):
                    m.choices[h].kind = CP_DEAD
                pc += 1
            elif op == OP_FAIL:
                failed = True
            elif op == OP_CALL_VAR:
                targs = targs_at(code, pc)
                goal = m.build(targs[0], frame.env)
                extra: list[Term] = []
                for k in range(1, len(targs)):
                    extra.append(m.build(targs[k], frame.env))
                nf = m.call_goal(add_args(deref(goal), extra), frame, pc + 1, code.line)
                if nf is None:
                    failed = True
                else:
                    pc = m.resume_pc
                    frame = nf
                    code = nf.code
            elif op == OP_PUSH_CATCH:
                m.push_choice(CP_CATCH, frame, arg)
                pc += 1
            elif op == OP_POP_CATCH:
                n = len(m.choices)
                if n > 0 and m.choices[n - 1].kind == CP_CATCH and m.choices[n - 1].frame is frame:
                    m.pop_choice()
                pc += 1
            elif op == OP_CATCH_BALL:
                ball = m.ball
                assert ball is not None
                m.ball = None
                if m.unify(m.build(targs_at(code, pc)[0], frame.env), ball):
                    pc += 1
                else:
                    raise PrologError(ball)
            elif op == OP_THROW_TYPE:
                raise callable_error(targs_at(code, pc)[0])
            else:
                raise PrologError(mk2("unknown_instruction", Int(op), Int(pc)))
        except PrologError as err:
            raised = err.term
        except RecursionError:
            raised = mk("error", [mk("resource_error", [atom("host_stack")]), Var(0)])
        if raised is not None:
            ball = raised
            if op == OP_BUILTIN:
                b = builtin_at(arg)
                ball = add_context(ball, indicator(b.name, b.arity))
            elif op == OP_IS:
                ball = add_context(ball, indicator("is", 2))
            elif op == OP_COMPARE:
                ball = add_context(ball, indicator(COMPARE_NAMES[arg], 2))
            m.error_code = code
            hf = m.throw_ball(ball)
            if hf is None:
                final = m.ball
                assert final is not None
                raise PrologError(final)
            pc = m.resume_pc
            frame = hf
            code = hf.code
        if failed:
            bf = m.backtrack()
            if bf is None:
                return False
            pc = m.resume_pc
            frame = bf
            code = bf.code
        elif entered:
            driver.can_enter_jit(pc=pc, code=code, frame=frame, m=m)


def eval_template(t: Term, env: "list[Term | None]") -> Term:
    """Evaluate an arithmetic expression given as a template, without building it."""
    if isinstance(t, Slot):
        v = env[t.index]
        if v is not None:
            return eval_arith(v)
        raise instantiation_error()
    if isinstance(t, TStruct):
        n = len(t.args)
        if n == 2:
            return eval_binary(t.fn.name, eval_template(t.args[0], env), eval_template(t.args[1], env))
        if n == 1:
            return eval_unary(t.fn.name, eval_template(t.args[0], env))
        fresh: list[Term] = []
        for i in range(n):
            fresh.append(Var(0))
        return eval_arith(Struct(t.fn, fresh))  # raises type_error(evaluable, F/N)
    if isinstance(t, Void):
        raise instantiation_error()
    return eval_arith(t)


def add_context(ball: Term, where: Term) -> Term:
    """Fill in the context of ``error(Formal, _)`` raised by a built-in."""
    b = deref(ball)
    if isinstance(b, Struct) and b.fn.name == "error" and b.fn.arity == 2:
        if isinstance(deref(b.args[1]), Var):
            ctx = mk2("context", where, Var(0))
            return mk2("error", b.args[0], ctx)
    return ball


def is_control(name: str, arity: int) -> bool:
    """Whether ``name/arity`` is a control construct compiled inline."""
    if arity == 2:
        return name == "," or name == ";" or name == "->" or name == "*->" or name == "="
    if arity == 1:
        return name == "\\+" or name == "call"
    if arity == 0:
        return name == "!" or name == "true" or name == "fail" or name == "false"
    return name == "call"


def make_catch_clause(m: Machine) -> Clause:
    """catch(Goal, Catcher, Recovery), whose body is hand-written code:

        0 PUSH_CATCH 4; 1 CALL_VAR Goal; 2 POP_CATCH; 3 EXIT;
        4 CATCH_BALL Catcher; 5 CALL_VAR Recovery; 6 EXIT
    """
    code = Code("catch/3", 0)
    code.nvars = 3
    code.nhead = 3
    code.emit(OP_PUSH_CATCH, 4, None, [])
    code.emit(OP_CALL_VAR, 0, None, [Slot(0)])
    code.emit(OP_POP_CATCH, 0, None, [])
    code.emit(OP_EXIT, 0, None, [])
    code.emit(OP_CATCH_BALL, 0, None, [Slot(1)])
    code.emit(OP_CALL_VAR, 0, None, [Slot(2)])
    code.emit(OP_EXIT, 0, None, [])
    term = Struct(functor("catch", 3), [Var(0), Var(0), Var(0)])
    return Clause([Slot(0), Slot(1), Slot(2)], code, term)
