"""Loading a program: reading clauses, running directives, and reporting
errors the way SWI-Prolog does (``ERROR: file:line: message``)."""

import sys

from terms import Term, Atom, Struct, Var, deref, NECK, DIRECTIVE, functor
from reader import Parser, PrologSyntaxError
from machine import Machine
from builtins_db import is_static_builtin
from dcg import dcg_rule
from errors import PrologError, ball_message
from writer import term_to_text

DCG_ARROW = functor("-->", 2)


class InitGoal:
    """A goal from ``:- initialization(G)`` (``is_main``: initialization(G, main))."""

    def __init__(self, goal: Term, line: int, is_main: bool):
        self.goal = goal
        self.line = line
        self.is_main = is_main


class Loader:
    """Consults Prolog text into a machine and runs its initialization goals."""

    def __init__(self, m: Machine, path: str):
        self.m = m
        self.path = path
        self.syntax_errors = 0
        self.errors = 0
        self.inits: list[InitGoal] = []
        self.library = False

    # -- messages -------------------------------------------------------------

    def message(self, kind: str, line: int, text: str, col: int = 0) -> None:
        """Print ``ERROR: file:line[:col]: text`` on standard error."""
        self.m.flush()
        where = self.path + ":" + str(line)
        if col > 0:
            where += ":" + str(col)
        sys.stderr.write(kind + ": " + where + ": " + text + "\n")

    def warning(self, line: int, text: str) -> None:
        """A two-line warning in SWI-Prolog's layout."""
        self.m.flush()
        sys.stderr.write("Warning: " + self.path + ":" + str(line) + ":\nWarning:    " + text + "\n")

    def report_exception(self, ball: Term, line: int) -> None:
        """Report an uncaught exception of a directive or initialization goal,
        at the clause where it was raised."""
        code = self.m.error_code
        where = ""
        if code is not None and code.name != "directive" and code.name != "call/1":
            where = "in " + code.name + ": "
            if code.line > 0:
                line = code.line
        self.message("ERROR", line, where + ball_message(ball, self.m.ops))

    # -- consulting -------------------------------------------------------------

    def consult(self, text: str) -> None:
        """Read and process every clause and directive of ``text``."""
        parser = Parser(text, self.m.ops)
        while True:
            parser.double_quotes = self.m.double_quotes
            try:
                rc = parser.read_clause()
            except PrologSyntaxError as err:
                self.syntax_errors += 1
                self.message("ERROR", err.line, "Syntax error: " + err.msg, err.col)
                parser.skip_to_end()
                continue
            if rc is None:
                return
            term = deref(rc.term)
            if isinstance(term, Struct) and term.fn is DIRECTIVE:
                self.directive(term.args[0], rc.line)
                continue
            if len(rc.singletons) > 0 and not self.library:
                self.warning(rc.line, "Singleton variables: [" + ",".join(rc.singletons) + "]")
            if isinstance(term, Struct) and term.fn is DCG_ARROW:
                try:
                    term = dcg_rule(term, self.m)
                except PrologError as err:
                    self.message("ERROR", rc.line, ball_message(err.term, self.m.ops))
                    self.errors += 1
                    continue
            self.add_clause(term, rc.line)

    def add_clause(self, term: Term, line: int) -> None:
        """Compile a clause and add it to its predicate."""
        head = deref(term)
        if isinstance(head, Struct) and head.fn is NECK:
            head = deref(head.args[0])
        name = ""
        arity = 0
        if isinstance(head, Atom):
            name = head.name
        elif isinstance(head, Struct):
            name = head.fn.name
            arity = head.fn.arity
        else:
            what = "instantiation error" if isinstance(head, Var) else "Type error: callable expected"
            self.message("ERROR", line, "No clause head: " + what)
            self.errors += 1
            return
        if is_static_builtin(name, arity) and not self.library:
            self.message("ERROR", line, "No permission to modify static procedure `"
                         + name + "/" + str(arity) + "'")
            self.errors += 1
            return
        p = self.m.db.get(name, arity)
        if p.library and not self.library:
            p.clauses = []
            p.library = False
        try:
            # library clauses have no line: errors in them are reported at the user's goal
            clause = self.m.compiler.compile_clause(term, 0 if self.library else line)
        except PrologError as err:
            self.message("ERROR", line, ball_message(err.term, self.m.ops))
            self.errors += 1
            return
        p.add_clause(clause, True)
        if self.library:
            p.library = True

    def directive(self, goal: Term, line: int) -> None:
        """Handle ``:- Goal``: remember initialization goals, run the others now."""
        g = deref(goal)
        if isinstance(g, Struct) and g.fn.name == "initialization":
            if g.fn.arity == 1:
                self.inits.append(InitGoal(g.args[0], line, False))
                return
            if g.fn.arity == 2:
                when = deref(g.args[1])
                self.inits.append(InitGoal(g.args[0], line, isinstance(when, Atom) and when.name == "main"))
                return
        try:
            if not self.m.run_goal(g, line):
                self.warning(line, "Goal (directive) failed: user:" + term_to_text(g, self.m.ops, True))
        except PrologError as err:
            self.errors += 1
            self.report_exception(err.term, line)

    def run_initialization(self) -> int:
        """Run the initialization goals in order; the exit status."""
        for init in self.inits:
            self.m.error_code = None
            try:
                ok = self.m.run_goal(init.goal, init.line)
            except PrologError as err:
                self.report_exception(err.term, init.line)
                if init.is_main:
                    return 2
                self.errors += 1
                continue
            if not ok:
                if init.is_main:
                    self.m.flush()
                    return 1
                self.warning(init.line, "Goal (initialization) failed: user:"
                             + term_to_text(init.goal, self.m.ops, True))
                self.errors += 1
            elif init.is_main:
                return 0
        return 1 if self.errors > 0 else 0
