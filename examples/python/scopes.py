"""Scope analysis: which names are local, global, or shared with inner
functions through cells (closures), as CPython's symtable does.

`build_scopes(module_body)` returns the module's `Scope`; each function,
lambda, class and comprehension node gets its own `Scope`, found with
`ScopeTable.scope_of(node)`.  Names resolve to one of:

- LOCAL: a fast local of a function;
- CELL: a local of a function that inner functions capture;
- FREE: a variable of an enclosing function (through a cell);
- GLOBAL: a module global (declared `global`, or not bound anywhere);
- NAME: looked up in a class body's namespace, then globals, then built-ins.
"""

from errors import GuestSyntaxError
from astnodes import (
    Node, Expr, Stmt, Name, Const, BinOp, UnaryOp, BoolOp, Compare, Call, Attribute, Subscript,
    Slice, Starred, ListExpr, TupleExpr, SetExpr, DictExpr, Comprehension, IfExp, Arguments,
    Lambda, FormattedValue, JoinedStr, ExprStmt, Assign, AugAssign, AnnAssign, If, While, For,
    Return, FunctionDef, ClassDef, Try, Raise, Global, Nonlocal, Import, ImportFrom, Assert,
    Delete, With,
)

SCOPE_MODULE = 0
SCOPE_FUNCTION = 1
SCOPE_CLASS = 2

LOCAL = 0
CELL = 1
FREE = 2
GLOBAL = 3
NAME = 4


class Scope:
    """The names of one function, class body, comprehension or module."""

    def __init__(self, kind: int, name: str, parent):
        self.kind = kind
        self.name = name
        self.parent = parent
        self.params: list[str] = []
        self.bound: dict[str, bool] = {}
        self.bound_order: list[str] = []
        self.used: dict[str, bool] = {}
        self.globals: dict[str, bool] = {}
        self.nonlocals: dict[str, int] = {}   # name -> line of the declaration
        self.children: list[Scope] = []
        self.cells: dict[str, bool] = {}
        self.frees: dict[str, bool] = {}
        self.free_order: list[str] = []

    def bind(self, name: str) -> None:
        if name not in self.bound:
            self.bound[name] = True
            self.bound_order.append(name)

    def use(self, name: str) -> None:
        self.used[name] = True

    def add_free(self, name: str) -> None:
        if name not in self.frees:
            self.frees[name] = True
            self.free_order.append(name)

    def resolve(self, name: str) -> int:
        """How `name` is accessed in this scope."""
        if self.kind == SCOPE_MODULE:
            return GLOBAL
        if name in self.globals:
            return GLOBAL
        if self.kind == SCOPE_CLASS:
            if name in self.frees and name not in self.bound:
                return FREE
            return NAME
        if name in self.cells:
            return CELL
        if name in self.frees:
            return FREE
        if name in self.bound:
            return LOCAL
        return GLOBAL

    def local_names(self) -> list[str]:
        """Fast locals of a function scope: parameters first."""
        names = list(self.params)
        for name in self.bound_order:
            if name not in self.globals and name not in self.nonlocals and name not in names:
                names.append(name)
        return names

    def cell_names(self) -> list[str]:
        names = []
        for name in self.local_names():
            if name in self.cells:
                names.append(name)
        return names


class ScopeTable:
    """Scopes of a module; each scope is kept on the node that opens it."""

    def __init__(self, module: Scope):
        self.module = module

    def scope_of(self, node: Node) -> Scope:
        scope = node.scope
        if scope is None:
            raise GuestSyntaxError("internal error: no scope for a node", node.line)
        return scope


class ScopeBuilder:
    """Walks the AST once, recording bound and used names per scope."""

    def __init__(self, table: ScopeTable):
        self.table = table
        self.scope = table.module

    def enter(self, node: Node, kind: int, name: str) -> Scope:
        s = Scope(kind, name, self.scope)
        self.scope.children.append(s)
        node.scope = s
        self.scope = s
        return s

    def leave(self, s: Scope) -> None:
        self.scope = s.parent

    def stmts(self, body: list[Stmt]) -> None:
        for s in body:
            self.stmt(s)

    def stmt(self, s: Stmt) -> None:
        if isinstance(s, ExprStmt):
            self.expr(s.value)
        elif isinstance(s, Assign):
            self.expr(s.value)
            for t in s.targets:
                self.target(t)
        elif isinstance(s, AugAssign):
            self.expr(s.value)
            self.expr(s.target)
            self.target(s.target)
        elif isinstance(s, AnnAssign):
            value = s.value
            if value is not None:
                self.expr(value)
                self.target(s.target)
        elif isinstance(s, If):
            self.expr(s.test)
            self.stmts(s.body)
            self.stmts(s.orelse)
        elif isinstance(s, While):
            self.expr(s.test)
            self.stmts(s.body)
            self.stmts(s.orelse)
        elif isinstance(s, For):
            self.expr(s.iter)
            self.target(s.target)
            self.stmts(s.body)
            self.stmts(s.orelse)
        elif isinstance(s, Return):
            if self.scope.kind != SCOPE_FUNCTION:
                raise GuestSyntaxError("'return' outside function", s.line)
            value = s.value
            if value is not None:
                self.expr(value)
        elif isinstance(s, FunctionDef):
            for d in s.decorators:
                self.expr(d)
            self.arguments_defaults(s.args)
            self.scope.bind(s.name)
            scope = self.enter(s, SCOPE_FUNCTION, s.name)
            self.parameters(s.args)
            self.stmts(s.body)
            self.leave(scope)
        elif isinstance(s, ClassDef):
            for d in s.decorators:
                self.expr(d)
            for b in s.bases:
                self.expr(b)
            self.scope.bind(s.name)
            scope = self.enter(s, SCOPE_CLASS, s.name)
            self.stmts(s.body)
            self.leave(scope)
        elif isinstance(s, Try):
            self.stmts(s.body)
            for h in s.handlers:
                htype = h.type
                if htype is not None:
                    self.expr(htype)
                if h.name != "":
                    self.scope.bind(h.name)
                self.stmts(h.body)
            self.stmts(s.orelse)
            self.stmts(s.finalbody)
        elif isinstance(s, Raise):
            exc = s.exc
            if exc is not None:
                self.expr(exc)
            cause = s.cause
            if cause is not None:
                self.expr(cause)
        elif isinstance(s, Global):
            for name in s.names:
                if name in self.scope.params:
                    raise GuestSyntaxError("name '" + name + "' is parameter and global", s.line)
                self.scope.globals[name] = True
        elif isinstance(s, Nonlocal):
            if self.scope.kind != SCOPE_FUNCTION:
                raise GuestSyntaxError("nonlocal declaration not allowed at module level", s.line)
            for name in s.names:
                self.scope.nonlocals[name] = s.line
        elif isinstance(s, Import):
            for name in s.asnames:
                self.scope.bind(name)
        elif isinstance(s, ImportFrom):
            for name in s.asnames:
                self.scope.bind(name)
        elif isinstance(s, Assert):
            self.expr(s.test)
            msg = s.msg
            if msg is not None:
                self.expr(msg)
        elif isinstance(s, Delete):
            for t in s.targets:
                self.target(t)
        elif isinstance(s, With):
            self.expr(s.context)
            target = s.target
            if target is not None:
                self.target(target)
            self.stmts(s.body)

    def arguments_defaults(self, args: Arguments) -> None:
        for d in args.defaults:
            self.expr(d)
        for kd in args.kwonly_defaults:
            if kd is not None:
                self.expr(kd)

    def parameters(self, args: Arguments) -> None:
        s = self.scope
        for name in args.names:
            s.params.append(name)
        if args.vararg != "":
            s.params.append(args.vararg)
        for name in args.kwonly:
            s.params.append(name)
        if args.kwarg != "":
            s.params.append(args.kwarg)
        for name in s.params:
            s.bind(name)

    def target(self, t: Expr) -> None:
        if isinstance(t, Name):
            self.scope.bind(t.name)
        elif isinstance(t, TupleExpr):
            for e in t.elts:
                self.target(e)
        elif isinstance(t, ListExpr):
            for e in t.elts:
                self.target(e)
        elif isinstance(t, Starred):
            self.target(t.value)
        elif isinstance(t, Attribute):
            self.expr(t.value)
        elif isinstance(t, Subscript):
            self.expr(t.value)
            self.expr(t.index)

    def exprs(self, es: list[Expr]) -> None:
        for e in es:
            self.expr(e)

    def expr(self, e: Expr) -> None:
        if isinstance(e, Name):
            self.scope.use(e.name)
        elif isinstance(e, Const):
            pass
        elif isinstance(e, BinOp):
            self.expr(e.left)
            self.expr(e.right)
        elif isinstance(e, UnaryOp):
            self.expr(e.operand)
        elif isinstance(e, BoolOp):
            self.exprs(e.values)
        elif isinstance(e, Compare):
            self.expr(e.left)
            self.exprs(e.comparators)
        elif isinstance(e, Call):
            self.expr(e.func)
            self.exprs(e.args)
            self.exprs(e.kwvalues)
            star = e.star
            if star is not None:
                self.expr(star)
            kwstar = e.kwstar
            if kwstar is not None:
                self.expr(kwstar)
        elif isinstance(e, Attribute):
            self.expr(e.value)
        elif isinstance(e, Subscript):
            self.expr(e.value)
            self.expr(e.index)
        elif isinstance(e, Slice):
            lower = e.lower
            if lower is not None:
                self.expr(lower)
            upper = e.upper
            if upper is not None:
                self.expr(upper)
            step = e.step
            if step is not None:
                self.expr(step)
        elif isinstance(e, Starred):
            self.expr(e.value)
        elif isinstance(e, ListExpr):
            self.exprs(e.elts)
        elif isinstance(e, TupleExpr):
            self.exprs(e.elts)
        elif isinstance(e, SetExpr):
            self.exprs(e.elts)
        elif isinstance(e, DictExpr):
            self.exprs(e.keys)
            self.exprs(e.values)
        elif isinstance(e, IfExp):
            self.expr(e.test)
            self.expr(e.body)
            self.expr(e.orelse)
        elif isinstance(e, Lambda):
            self.arguments_defaults(e.args)
            scope = self.enter(e, SCOPE_FUNCTION, "<lambda>")
            self.parameters(e.args)
            self.expr(e.body)
            self.leave(scope)
        elif isinstance(e, Comprehension):
            self.comprehension(e)
        elif isinstance(e, FormattedValue):
            self.expr(e.value)
            spec = e.spec
            if spec is not None:
                self.expr(spec)
        elif isinstance(e, JoinedStr):
            self.exprs(e.parts)

    def comprehension(self, e: Comprehension) -> None:
        """The first iterable is evaluated outside; the rest inside a
        function scope whose parameter `.0` is that iterable's iterator."""
        self.expr(e.generators[0].iter)
        scope = self.enter(e, SCOPE_FUNCTION, "<comprehension>")
        scope.params.append(".0")
        scope.bind(".0")
        first = True
        for g in e.generators:
            if not first:
                self.expr(g.iter)
            first = False
            self.target(g.target)
            self.exprs(g.ifs)
        self.expr(e.elt)
        value = e.value
        if value is not None:
            self.expr(value)
        self.leave(scope)


def analyze(scope: Scope, visible: dict[str, bool]) -> None:
    """Decide cells and free variables, top-down then bottom-up.

    `visible` holds the names bound by enclosing function scopes."""
    for name in scope.nonlocals:
        if name not in visible:
            raise GuestSyntaxError("no binding for nonlocal '" + name + "' found", scope.nonlocals[name])
        scope.add_free(name)
    inner = visible
    if scope.kind == SCOPE_FUNCTION:
        inner = {}
        for name in visible:
            inner[name] = True
        for name in scope.bound:
            if name not in scope.globals:
                inner[name] = True
    elif scope.kind == SCOPE_MODULE:
        inner = {}
    for child in scope.children:
        analyze(child, inner)
        for name in child.free_order:
            if scope.kind == SCOPE_FUNCTION and name in scope.bound and name not in scope.globals \
                    and name not in scope.nonlocals:
                scope.cells[name] = True
            elif scope.kind != SCOPE_MODULE:
                scope.add_free(name)
    if scope.kind == SCOPE_MODULE:
        return
    for name in scope.used:
        if name in scope.globals or name in scope.frees:
            continue
        if scope.kind == SCOPE_FUNCTION and name in scope.bound:
            continue
        if scope.kind == SCOPE_CLASS and name in scope.bound:
            continue
        if name in visible:
            scope.add_free(name)


def build_scopes(body: list[Stmt]) -> ScopeTable:
    """Analyze a module body."""
    table = ScopeTable(Scope(SCOPE_MODULE, "<module>", None))
    ScopeBuilder(table).stmts(body)
    analyze(table.module, {})
    return table
