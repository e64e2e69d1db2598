"""The code generator's base: emitting instructions into a `Code`, labels
and jump patching, exception-handler ranges, constants and names, and how
a variable is loaded or stored given its scope.

`compile_expr.ExprCompiler` and `compiler.Compiler` build on this class.
"""

from errors import GuestSyntaxError
from objects import W_Object, W_Int, W_Str, W_Bool
from bytecode import (
    Code, compute_stacksize, is_jump,
    LOAD_CONST, LOAD_FAST, STORE_FAST, DELETE_FAST, LOAD_DEREF, STORE_DEREF, LOAD_GLOBAL,
    STORE_GLOBAL, DELETE_GLOBAL, LOAD_NAME, STORE_NAME, DELETE_NAME, LOAD_CLOSURE,
)
from scopes import Scope, SCOPE_FUNCTION, LOCAL, CELL, FREE, GLOBAL, NAME

# Kinds of control-flow block (see Block).
BLOCK_LOOP = 0
BLOCK_FINALLY = 1
BLOCK_WITH = 2
BLOCK_HANDLER = 3


class Block:
    """An enclosing construct that `break`, `continue`, `return` and bare
    `raise` must know about.

    LOOP: where `continue`/`break` go and the stack depth in the body.
    FINALLY: the `finally` body to run when leaving through it.
    WITH: the hidden variable holding the context manager.
    HANDLER: the hidden variable holding the exception being handled."""

    def __init__(self, kind: int):
        self.kind = kind
        self.continue_label = -1
        self.break_label = -1
        self.depth = 0
        self.is_for = False
        self.finalbody = []
        self.var = ""
        self.handler_level = 0


class CodeGen:
    """Emits the code of one function, class body or module."""

    def __init__(self, scope: Scope, name: str, filename: str, firstline: int):
        self.scope = scope
        self.code = Code(name, filename, firstline)
        self.line = firstline
        self.labels: list[int] = []
        self.handler_stack: list[int] = []   # handler labels, innermost last
        self.handler_depths: list[int] = []
        self.depth = 0                        # stack depth between statements
        self.blocks: list[Block] = []
        self.int_consts: dict[int, int] = {}
        self.str_consts: dict[str, int] = {}
        self.name_index: dict[str, int] = {}
        self.local_index: dict[str, int] = {}
        self.cell_index: dict[str, int] = {}
        self.hidden_count = 0
        if scope.kind == SCOPE_FUNCTION:
            for name in scope.local_names():
                self.local_index[name] = len(self.code.varnames)
                self.code.varnames.append(name)
            cells = scope.cell_names()
            for name in cells:
                self.cell_index[name] = len(self.code.cellvars)
                self.code.cellvars.append(name)
                param = -1
                if name in scope.params:
                    param = self.local_index[name]
                self.code.cell_params.append(param)
        for name in scope.free_order:
            self.cell_index[name] = len(self.code.cellvars) + len(self.code.freevars)
            self.code.freevars.append(name)

    # ------------------------------------------------------------ emitting

    def emit(self, op: int, arg: int) -> int:
        """Append an instruction; returns its index."""
        code = self.code
        pc = len(code.ops)
        code.ops.append(op)
        code.args.append(arg)
        code.lines.append(self.line)
        if len(self.handler_stack) > 0:
            code.handlers.append(self.handler_stack[-1])
            code.handler_depths.append(self.handler_depths[-1])
        else:
            code.handlers.append(-1)
            code.handler_depths.append(0)
        return pc

    def new_label(self) -> int:
        self.labels.append(-1)
        return len(self.labels) - 1

    def place(self, label: int) -> None:
        self.labels[label] = len(self.code.ops)

    def emit_jump(self, op: int, label: int) -> None:
        """A jump to a label (patched to an instruction index in finish())."""
        self.emit(op, label)

    def push_handler(self, label: int) -> None:
        self.handler_stack.append(label)
        self.handler_depths.append(self.depth)

    def pop_handler(self) -> None:
        self.handler_stack.pop()
        self.handler_depths.pop()

    def finish(self) -> Code:
        """Resolve labels and compute the stack size."""
        code = self.code
        for pc in range(len(code.ops)):
            if is_jump(code.ops[pc]):
                code.args[pc] = self.labels[code.args[pc]]
            h = code.handlers[pc]
            if h >= 0:
                code.handlers[pc] = self.labels[h]
        code.stacksize = compute_stacksize(code) + 1
        for pc in range(len(code.ops)):
            code.instrs.append(code.ops[pc] | (code.args[pc] << 8))
        return code

    # ------------------------------------------------------------ constants and names

    def const_index(self, w_value: W_Object) -> int:
        """Index of a constant (ints and strs are shared; bools are not ints here)."""
        consts = self.code.consts
        if isinstance(w_value, W_Int) and not isinstance(w_value, W_Bool):
            i = self.int_consts.get(w_value.intval, -1)
            if i < 0:
                i = len(consts)
                consts.append(w_value)
                self.int_consts[w_value.intval] = i
            return i
        if isinstance(w_value, W_Str):
            i = self.str_consts.get(w_value.strval, -1)
            if i < 0:
                i = len(consts)
                consts.append(w_value)
                self.str_consts[w_value.strval] = i
            return i
        for k in range(len(consts)):
            if consts[k] is w_value:
                return k
        consts.append(w_value)
        return len(consts) - 1

    def load_const(self, w_value: W_Object) -> None:
        self.emit(LOAD_CONST, self.const_index(w_value))

    def name_arg(self, name: str) -> int:
        i = self.name_index.get(name, -1)
        if i < 0:
            i = len(self.code.names)
            self.code.names.append(name)
            self.name_index[name] = i
        return i

    # ------------------------------------------------------------ variables

    def load_name(self, name: str) -> None:
        how = self.scope.resolve(name)
        if how == LOCAL:
            self.emit(LOAD_FAST, self.local_index[name])
        elif how == CELL or how == FREE:
            self.emit(LOAD_DEREF, self.cell_index[name])
        elif how == NAME:
            self.emit(LOAD_NAME, self.name_arg(name))
        else:
            self.emit(LOAD_GLOBAL, self.name_arg(name))

    def store_name(self, name: str) -> None:
        how = self.scope.resolve(name)
        if how == LOCAL:
            self.emit(STORE_FAST, self.local_index[name])
        elif how == CELL or how == FREE:
            self.emit(STORE_DEREF, self.cell_index[name])
        elif how == NAME:
            self.emit(STORE_NAME, self.name_arg(name))
        else:
            self.emit(STORE_GLOBAL, self.name_arg(name))

    def delete_name(self, name: str) -> None:
        how = self.scope.resolve(name)
        if how == LOCAL:
            self.emit(DELETE_FAST, self.local_index[name])
        elif how == NAME:
            self.emit(DELETE_NAME, self.name_arg(name))
        elif how == GLOBAL:
            self.emit(DELETE_GLOBAL, self.name_arg(name))
        else:
            raise GuestSyntaxError("deleting a variable captured by a closure is not supported", self.line)

    def load_closure(self, name: str) -> None:
        """Push the cell of `name` (to build an inner function's closure)."""
        self.emit(LOAD_CLOSURE, self.cell_index[name])

    def new_hidden(self, what: str) -> str:
        """A fresh compiler-made variable (not nameable in guest code)."""
        self.hidden_count += 1
        name = "." + what + str(self.hidden_count)
        if self.scope.kind == SCOPE_FUNCTION:
            self.local_index[name] = len(self.code.varnames)
            self.code.varnames.append(name)
        return name

    def load_hidden(self, name: str) -> None:
        if self.scope.kind == SCOPE_FUNCTION:
            self.emit(LOAD_FAST, self.local_index[name])
        elif self.code.is_class_body:
            self.emit(LOAD_NAME, self.name_arg(name))
        else:
            self.emit(LOAD_GLOBAL, self.name_arg(name))

    def store_hidden(self, name: str) -> None:
        if self.scope.kind == SCOPE_FUNCTION:
            self.emit(STORE_FAST, self.local_index[name])
        elif self.code.is_class_body:
            self.emit(STORE_NAME, self.name_arg(name))
        else:
            self.emit(STORE_GLOBAL, self.name_arg(name))
