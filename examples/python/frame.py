"""Frames (one per running guest function, class body or module) and the
binding of call arguments to a function's parameters."""

from objects import (
    W_Object, W_Tuple, W_Dict, W_Str, W_Cell, W_Function, ModuleDict, w_NULL,
)
from errors import type_error
from bytecode import Code, frame_layout, frame_size


NO_CELLS: list[W_Cell] = []  # the cells of frames without any (never mutated)


class Frame:
    """The state of one code execution: fast locals and the value stack in
    one list (`values`: locals first, the stack above them), and cells.

    Unbound locals and empty stack slots hold `w_NULL`; `namespace` is the
    dict of a class body (None elsewhere)."""

    def __init__(self, code: Code, w_globals: ModuleDict, w_func):
        self.code = code
        self.w_globals = w_globals
        self.w_func = w_func
        self.values: list[W_Object] = [w_NULL] * frame_size(code)
        self.sp = frame_layout(code)
        self.cells = NO_CELLS
        self.namespace = None

    def push(self, w: W_Object) -> None:
        self.values[self.sp] = w
        self.sp += 1

    def pop(self) -> W_Object:
        self.sp -= 1
        w = self.values[self.sp]
        self.values[self.sp] = w_NULL
        return w

    def top(self) -> W_Object:
        return self.values[self.sp - 1]

    def peek(self, depth: int) -> W_Object:
        """The item `depth` below the top (0 is the top)."""
        return self.values[self.sp - 1 - depth]

    def pop_n(self, n: int) -> list[W_Object]:
        """The top `n` items, deepest first, removed from the stack."""
        base = self.sp - n
        items = self.values[base:self.sp]
        for i in range(base, self.sp):
            self.values[i] = w_NULL
        self.sp = base
        return items

    def init_cells(self, w_func: W_Function) -> None:
        """Create the cells of captured locals (parameters start filled) and
        append the closure's cells."""
        code = self.code
        if len(code.cellvars) == 0 and len(code.freevars) == 0:
            return
        cells = []
        for i in range(len(code.cellvars)):
            param = code.cell_params[i]
            w_value = self.values[param] if param >= 0 else w_NULL
            if w_value is w_NULL:
                cells.append(W_Cell(None))
            else:
                cells.append(W_Cell(w_value))
        for cell in w_func.closure:
            cells.append(cell)
        self.cells = cells


def describe_count(n: int, what: str) -> str:
    if n == 1:
        return "1 " + what
    return str(n) + " " + what + "s"


def bind_arguments(frame: Frame, w_func: W_Function, args: list[W_Object],
                   kwnames, kwvalues) -> None:
    """Store positional and keyword arguments in the frame's locals,
    filling defaults, with CPython's errors for bad calls."""
    code = frame.code
    locals_ = frame.values
    n = code.argcount
    nargs = len(args)
    name = code.qualname
    if nargs > n and not code.has_varargs:
        given = "1 was" if nargs == 1 else str(nargs) + " were"
        takes = "takes " + describe_count(n, "positional argument")
        if len(w_func.defaults) > 0:
            takes = "takes from " + str(n - len(w_func.defaults)) + " to " + describe_count(n, "positional argument")
        raise type_error(name + "() " + takes + " but " + given + " given")
    for i in range(nargs if nargs < n else n):
        locals_[i] = args[i]
    index = n
    if code.has_varargs:
        extra = []
        for i in range(n, nargs):
            extra.append(args[i])
        locals_[index] = W_Tuple(extra)
        index += 1
    kwonly_start = index
    w_kwargs = None
    if code.has_kwargs:
        w_kwargs = W_Dict()
        locals_[kwonly_start + code.kwonlycount] = w_kwargs
    if kwnames is not None and kwvalues is not None:
        for k in range(len(kwnames)):
            kw = kwnames[k]
            slot = -1
            for i in range(n):
                if code.varnames[i] == kw:
                    slot = i
            for i in range(kwonly_start, kwonly_start + code.kwonlycount):
                if code.varnames[i] == kw:
                    slot = i
            if slot < 0:
                if w_kwargs is None:
                    raise type_error(name + "() got an unexpected keyword argument '" + kw + "'")
                w_kwargs.data[W_Str(kw)] = kwvalues[k]
            elif locals_[slot] is not w_NULL:
                raise type_error(name + "() got multiple values for argument '" + kw + "'")
            else:
                locals_[slot] = kwvalues[k]
    if nargs < n or kwnames is not None or code.kwonlycount > 0:
        fill_defaults(frame, w_func, kwonly_start)


def fill_defaults(frame: Frame, w_func: W_Function, kwonly_start: int) -> None:
    code = frame.code
    locals_ = frame.values
    n = code.argcount
    first_default = n - len(w_func.defaults)
    missing = []
    for i in range(n):
        if locals_[i] is w_NULL:
            if i >= first_default:
                locals_[i] = w_func.defaults[i - first_default]
            else:
                missing.append("'" + code.varnames[i] + "'")
    if len(missing) > 0:
        raise type_error(code.qualname + "() missing " + describe_count(len(missing), "required positional argument")
                         + ": " + join_names(missing))
    for i in range(kwonly_start, kwonly_start + code.kwonlycount):
        if locals_[i] is w_NULL:
            w_default = w_func.kwdefaults.get(code.varnames[i], None)
            if w_default is None:
                raise type_error(code.qualname + "() missing 1 required keyword-only argument: '"
                                 + code.varnames[i] + "'")
            locals_[i] = w_default


def join_names(names: list[str]) -> str:
    """'a', 'a' and 'b', 'a', 'b' and 'c' (CPython's list of missing names)."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + " and " + names[1]
    return ", ".join(names[:-1]) + ", and " + names[-1]
