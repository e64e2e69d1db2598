"""The abstract syntax tree built by `pyparser.py`.

Every node records the source line it starts on.  Expressions derive from
`Expr`, statements from `Stmt`; optional children are `None`.
"""

from objects import W_Object


class Node:
    def __init__(self, line: int):
        self.line = line
        self.scope = None  # set by scopes.py on nodes that open a scope


class Expr(Node):
    pass


class Stmt(Node):
    pass


# ---------------------------------------------------------------- expressions


class Const(Expr):
    """A literal number, string, `None`, `True` or `False`."""

    def __init__(self, line: int, w_value: W_Object):
        Expr.__init__(self, line)
        self.w_value = w_value


class Name(Expr):
    def __init__(self, line: int, name: str):
        Expr.__init__(self, line)
        self.name = name


class BinOp(Expr):
    """`left op right` for an arithmetic or bitwise operator (`+`, `//`...)."""

    def __init__(self, line: int, op: str, left: Expr, right: Expr):
        Expr.__init__(self, line)
        self.op = op
        self.left = left
        self.right = right


class UnaryOp(Expr):
    """`-x`, `+x`, `~x`, `not x`."""

    def __init__(self, line: int, op: str, operand: Expr):
        Expr.__init__(self, line)
        self.op = op
        self.operand = operand


class BoolOp(Expr):
    """`a and b and c` / `a or b` (op is "and" or "or")."""

    def __init__(self, line: int, op: str, values: list[Expr]):
        Expr.__init__(self, line)
        self.op = op
        self.values = values


class Compare(Expr):
    """A (possibly chained) comparison `a < b <= c`; ops are "<", "in",
    "not in", "is", "is not", ..."""

    def __init__(self, line: int, left: Expr, ops: list[str], comparators: list[Expr]):
        Expr.__init__(self, line)
        self.left = left
        self.ops = ops
        self.comparators = comparators


class Call(Expr):
    """`func(args, *star, name=value, **kwstar)`."""

    def __init__(self, line: int, func: Expr, args: list[Expr], kwnames: list[str], kwvalues: list[Expr]):
        Expr.__init__(self, line)
        self.func = func
        self.args = args
        self.kwnames = kwnames
        self.kwvalues = kwvalues
        self.star = None
        self.kwstar = None


class Attribute(Expr):
    def __init__(self, line: int, value: Expr, attr: str):
        Expr.__init__(self, line)
        self.value = value
        self.attr = attr


class Subscript(Expr):
    def __init__(self, line: int, value: Expr, index: Expr):
        Expr.__init__(self, line)
        self.value = value
        self.index = index


class Slice(Expr):
    """`lo:hi:step` inside brackets (absent parts are None)."""

    def __init__(self, line: int, lower, upper, step):
        Expr.__init__(self, line)
        self.lower = lower
        self.upper = upper
        self.step = step


class Starred(Expr):
    """`*x` in an assignment target or a list/tuple display."""

    def __init__(self, line: int, value: Expr):
        Expr.__init__(self, line)
        self.value = value


class ListExpr(Expr):
    def __init__(self, line: int, elts: list[Expr]):
        Expr.__init__(self, line)
        self.elts = elts


class TupleExpr(Expr):
    def __init__(self, line: int, elts: list[Expr]):
        Expr.__init__(self, line)
        self.elts = elts


class SetExpr(Expr):
    def __init__(self, line: int, elts: list[Expr]):
        Expr.__init__(self, line)
        self.elts = elts


class DictExpr(Expr):
    def __init__(self, line: int, keys: list[Expr], values: list[Expr]):
        Expr.__init__(self, line)
        self.keys = keys
        self.values = values


class CompFor(Node):
    """One `for target in iter if cond...` clause of a comprehension."""

    def __init__(self, line: int, target: Expr, iter: Expr, ifs: list[Expr]):
        Node.__init__(self, line)
        self.target = target
        self.iter = iter
        self.ifs = ifs


# Kinds of comprehension.
COMP_LIST = 0
COMP_SET = 1
COMP_DICT = 2
COMP_GEN = 3


class Comprehension(Expr):
    """List/set/dict comprehension or generator expression.  For dicts,
    `elt` is the key and `value` the value."""

    def __init__(self, line: int, kind: int, elt: Expr, value, generators: list[CompFor]):
        Expr.__init__(self, line)
        self.kind = kind
        self.elt = elt
        self.value = value
        self.generators = generators


class IfExp(Expr):
    """`body if test else orelse`."""

    def __init__(self, line: int, test: Expr, body: Expr, orelse: Expr):
        Expr.__init__(self, line)
        self.test = test
        self.body = body
        self.orelse = orelse


class Arguments(Node):
    """The parameter list of a `def` or `lambda`."""

    def __init__(self, line: int):
        Node.__init__(self, line)
        self.names: list[str] = []
        self.defaults: list[Expr] = []
        self.vararg = ""
        self.kwonly: list[str] = []
        self.kwonly_defaults: list = []
        self.kwarg = ""


class Lambda(Expr):
    def __init__(self, line: int, args: Arguments, body: Expr):
        Expr.__init__(self, line)
        self.args = args
        self.body = body


class FormattedValue(Expr):
    """`{value!conv:spec}` inside an f-string (conv is "", "r", "s" or "a")."""

    def __init__(self, line: int, value: Expr, conversion: str, spec):
        Expr.__init__(self, line)
        self.value = value
        self.conversion = conversion
        self.spec = spec


class JoinedStr(Expr):
    """An f-string: its parts (constants and FormattedValues) concatenated."""

    def __init__(self, line: int, parts: list[Expr]):
        Expr.__init__(self, line)
        self.parts = parts


# ---------------------------------------------------------------- statements


class ExprStmt(Stmt):
    def __init__(self, line: int, value: Expr):
        Stmt.__init__(self, line)
        self.value = value


class Assign(Stmt):
    """`t1 = t2 = value`."""

    def __init__(self, line: int, targets: list[Expr], value: Expr):
        Stmt.__init__(self, line)
        self.targets = targets
        self.value = value


class AugAssign(Stmt):
    """`target op= value` (op without the `=`)."""

    def __init__(self, line: int, target: Expr, op: str, value: Expr):
        Stmt.__init__(self, line)
        self.target = target
        self.op = op
        self.value = value


class AnnAssign(Stmt):
    """`target: annotation [= value]` (the annotation is not evaluated)."""

    def __init__(self, line: int, target: Expr, value):
        Stmt.__init__(self, line)
        self.target = target
        self.value = value


class If(Stmt):
    def __init__(self, line: int, test: Expr, body: list[Stmt], orelse: list[Stmt]):
        Stmt.__init__(self, line)
        self.test = test
        self.body = body
        self.orelse = orelse


class While(Stmt):
    def __init__(self, line: int, test: Expr, body: list[Stmt], orelse: list[Stmt]):
        Stmt.__init__(self, line)
        self.test = test
        self.body = body
        self.orelse = orelse


class For(Stmt):
    def __init__(self, line: int, target: Expr, iter: Expr, body: list[Stmt], orelse: list[Stmt]):
        Stmt.__init__(self, line)
        self.target = target
        self.iter = iter
        self.body = body
        self.orelse = orelse


class Break(Stmt):
    pass


class Continue(Stmt):
    pass


class Pass(Stmt):
    pass


class Return(Stmt):
    def __init__(self, line: int, value):
        Stmt.__init__(self, line)
        self.value = value


class FunctionDef(Stmt):
    def __init__(self, line: int, name: str, args: Arguments, body: list[Stmt], decorators: list[Expr]):
        Stmt.__init__(self, line)
        self.name = name
        self.args = args
        self.body = body
        self.decorators = decorators


class ClassDef(Stmt):
    def __init__(self, line: int, name: str, bases: list[Expr], body: list[Stmt], decorators: list[Expr]):
        Stmt.__init__(self, line)
        self.name = name
        self.bases = bases
        self.body = body
        self.decorators = decorators


class ExceptHandler(Node):
    """`except type as name:` (type None for a bare `except:`)."""

    def __init__(self, line: int, type, name: str, body: list[Stmt]):
        Node.__init__(self, line)
        self.type = type
        self.name = name
        self.body = body


class Try(Stmt):
    def __init__(self, line: int, body: list[Stmt], handlers: list[ExceptHandler],
                 orelse: list[Stmt], finalbody: list[Stmt]):
        Stmt.__init__(self, line)
        self.body = body
        self.handlers = handlers
        self.orelse = orelse
        self.finalbody = finalbody


class Raise(Stmt):
    def __init__(self, line: int, exc, cause):
        Stmt.__init__(self, line)
        self.exc = exc
        self.cause = cause


class Global(Stmt):
    def __init__(self, line: int, names: list[str]):
        Stmt.__init__(self, line)
        self.names = names


class Nonlocal(Stmt):
    def __init__(self, line: int, names: list[str]):
        Stmt.__init__(self, line)
        self.names = names


class Import(Stmt):
    """`import a as b, c` (asnames[i] is the bound name)."""

    def __init__(self, line: int, names: list[str], asnames: list[str]):
        Stmt.__init__(self, line)
        self.names = names
        self.asnames = asnames


class ImportFrom(Stmt):
    """`from module import a as b, c`."""

    def __init__(self, line: int, module: str, names: list[str], asnames: list[str]):
        Stmt.__init__(self, line)
        self.module = module
        self.names = names
        self.asnames = asnames


class Assert(Stmt):
    def __init__(self, line: int, test: Expr, msg):
        Stmt.__init__(self, line)
        self.test = test
        self.msg = msg


class Delete(Stmt):
    def __init__(self, line: int, targets: list[Expr]):
        Stmt.__init__(self, line)
        self.targets = targets


class With(Stmt):
    """`with ctx as target: body` (one context manager)."""

    def __init__(self, line: int, context: Expr, target, body: list[Stmt]):
        Stmt.__init__(self, line)
        self.context = context
        self.target = target
        self.body = body
