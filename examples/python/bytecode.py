"""Bytecode: the opcodes, the `Code` object, and the stack effect of each
opcode (used by the compiler to size each frame's value stack).

An instruction is an opcode and one int argument (`code.ops[pc]`,
`code.args[pc]`).  Jump arguments are absolute instruction indexes.
"""

from kiln.jit import elidable

NOP = 0
LOAD_CONST = 1
LOAD_FAST = 2
STORE_FAST = 3
DELETE_FAST = 4
LOAD_DEREF = 5
STORE_DEREF = 6
LOAD_CLOSURE = 7
LOAD_GLOBAL = 8
STORE_GLOBAL = 9
DELETE_GLOBAL = 10
LOAD_NAME = 11
STORE_NAME = 12
DELETE_NAME = 13
LOAD_ATTR = 14
STORE_ATTR = 15
DELETE_ATTR = 16
LOAD_METHOD = 17
CALL_METHOD = 18
CALL_FUNCTION = 19
CALL_KW = 20
CALL_EX = 21
BINARY_OP = 22
INPLACE_OP = 23
UNARY_OP = 24
COMPARE_OP = 25
BINARY_SUBSCR = 26
STORE_SUBSCR = 27
DELETE_SUBSCR = 28
BUILD_SLICE = 29
BUILD_LIST = 30
BUILD_TUPLE = 31
BUILD_MAP = 32
BUILD_SET = 33
LIST_APPEND = 34
SET_ADD = 35
MAP_ADD = 36
LIST_EXTEND = 37
LIST_TO_TUPLE = 38
UNPACK_SEQUENCE = 39
UNPACK_EX = 40
POP_TOP = 41
DUP_TOP = 42
DUP_TOP_TWO = 43
ROT_TWO = 44
ROT_THREE = 45
JUMP = 46
POP_JUMP_IF_FALSE = 47
POP_JUMP_IF_TRUE = 48
JUMP_IF_FALSE_OR_POP = 49
JUMP_IF_TRUE_OR_POP = 50
GET_ITER = 51
FOR_ITER = 52
RETURN_VALUE = 53
MAKE_FUNCTION = 54
BUILD_CLASS = 55
RAISE = 56
RERAISE = 57
EXC_MATCH = 58
IMPORT_NAME = 59
IMPORT_FROM = 60
LOAD_SUPER = 61
FORMAT_VALUE = 62
BUILD_STRING = 63
DICT_UPDATE = 64
NUM_OPCODES = 65

OPNAMES = [
    "NOP", "LOAD_CONST", "LOAD_FAST", "STORE_FAST", "DELETE_FAST", "LOAD_DEREF",
    "STORE_DEREF", "LOAD_CLOSURE", "LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL",
    "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR",
    "LOAD_METHOD", "CALL_METHOD", "CALL_FUNCTION", "CALL_KW", "CALL_EX", "BINARY_OP",
    "INPLACE_OP", "UNARY_OP", "COMPARE_OP", "BINARY_SUBSCR", "STORE_SUBSCR",
    "DELETE_SUBSCR", "BUILD_SLICE", "BUILD_LIST", "BUILD_TUPLE", "BUILD_MAP", "BUILD_SET",
    "LIST_APPEND", "SET_ADD", "MAP_ADD", "LIST_EXTEND", "LIST_TO_TUPLE", "UNPACK_SEQUENCE",
    "UNPACK_EX", "POP_TOP", "DUP_TOP", "DUP_TOP_TWO", "ROT_TWO", "ROT_THREE", "JUMP",
    "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
    "GET_ITER", "FOR_ITER", "RETURN_VALUE", "MAKE_FUNCTION", "BUILD_CLASS", "RAISE",
    "RERAISE", "EXC_MATCH", "IMPORT_NAME", "IMPORT_FROM", "LOAD_SUPER", "FORMAT_VALUE",
    "BUILD_STRING", "DICT_UPDATE",
]

# Arguments of BINARY_OP / INPLACE_OP.
OP_ADD = 0
OP_SUB = 1
OP_MUL = 2
OP_TRUEDIV = 3
OP_FLOORDIV = 4
OP_MOD = 5
OP_POW = 6
OP_LSHIFT = 7
OP_RSHIFT = 8
OP_AND = 9
OP_OR = 10
OP_XOR = 11
OP_MATMUL = 12
BINARY_SYMBOLS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]

# Arguments of UNARY_OP.
UN_NEG = 0
UN_POS = 1
UN_INVERT = 2
UN_NOT = 3

# Arguments of COMPARE_OP.
CMP_LT = 0
CMP_LE = 1
CMP_EQ = 2
CMP_NE = 3
CMP_GT = 4
CMP_GE = 5
CMP_IN = 6
CMP_NOT_IN = 7
CMP_IS = 8
CMP_IS_NOT = 9
COMPARE_SYMBOLS = ["<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not"]

# Argument bits of FORMAT_VALUE: conversion (0 none, 1 str, 2 repr, 3 ascii)
# plus FORMAT_HAS_SPEC when a format spec is on the stack.
FORMAT_HAS_SPEC = 4

# Argument of CALL_EX: 1 when a **kwargs dict is on the stack.
CALL_EX_HAS_KWARGS = 1


class Code:
    """A compiled function, class body, or module.

    Locals are numbered: parameters first (positional, then *args, then
    keyword-only, then **kwargs), then the other local variables.  Cells are
    numbered: `cellvars` (locals captured by inner functions) then
    `freevars` (variables of enclosing functions)."""

    def __init__(self, name: str, filename: str, firstline: int):
        self.name = name
        self.qualname = name                 # Class.method, f.<locals>.g (for messages)
        self.filename = filename
        self.firstline = firstline
        self.ops: list[int] = []
        self.args: list[int] = []
        self.lines: list[int] = []
        self.instrs: list[int] = []          # op | arg << 8, made by finish()
        self.handlers: list[int] = []        # per pc: handler pc, or -1
        self.handler_depths: list[int] = []  # per pc: stack depth at the handler
        self.consts = []
        self.names: list[str] = []
        self.codes: list[Code] = []
        self.kwcalls: list[list[str]] = []   # keyword names of each CALL_KW
        self.kwcall_npos: list[int] = []     # positional argument count of each CALL_KW
        self.varnames: list[str] = []
        self.argcount = 0
        self.kwonlycount = 0
        self.ndefaults = 0                   # default values MAKE_FUNCTION pops
        self.kwdefault_names: list[str] = [] # keyword-only parameters with a default
        self.has_varargs = False
        self.has_kwargs = False
        self.cellvars: list[str] = []
        self.freevars: list[str] = []
        self.cell_params: list[int] = []     # per cellvar: the parameter it starts as, or -1
        self.stacksize = 0
        self.is_class_body = False
        self.doc = None                      # the docstring (a W_Str) or None
        self.simple_args = True              # only positional parameters (fast calls)
        self.caches = None                   # caches.CodeCaches, made on first use


@elidable
def get_instr(code: Code, pc: int) -> int:
    """Instruction `pc`: its opcode in the low 8 bits, its argument above."""
    return code.instrs[pc]


@elidable
def fast_arity(code: Code) -> int:
    """The argument count of a function with only positional parameters
    (whose calls may skip argument binding), or -1."""
    if code.simple_args:
        return code.argcount
    return -1


@elidable
def frame_layout(code: Code) -> int:
    """Number of locals (the stack starts above them)."""
    return len(code.varnames)


@elidable
def frame_size(code: Code) -> int:
    """Slots of a frame's value list: locals and stack."""
    return len(code.varnames) + code.stacksize


@elidable
def get_name(code: Code, index: int) -> str:
    return code.names[index]


@elidable
def get_const(code: Code, index: int):
    return code.consts[index]


@elidable
def get_handler(code: Code, pc: int) -> int:
    return code.handlers[pc]


@elidable
def get_line(code: Code, pc: int) -> int:
    return code.lines[pc]


def stack_effect(code: Code, op: int, arg: int, jump: bool) -> int:
    """How an instruction of `code` changes the stack depth (`jump`: when it
    jumps)."""
    if op == NOP or op == JUMP or op == UNARY_OP or op == GET_ITER or op == LIST_TO_TUPLE:
        return 0
    if op == FORMAT_VALUE:
        return -1 if arg & FORMAT_HAS_SPEC else 0
    if op == LOAD_CONST or op == LOAD_FAST or op == LOAD_DEREF or op == LOAD_CLOSURE:
        return 1
    if op == LOAD_GLOBAL or op == LOAD_NAME or op == DUP_TOP or op == IMPORT_NAME:
        return 1
    if op == LOAD_SUPER or op == IMPORT_FROM:
        return 1
    if op == STORE_FAST or op == STORE_DEREF or op == STORE_GLOBAL or op == STORE_NAME:
        return -1
    if op == DELETE_FAST or op == DELETE_GLOBAL or op == DELETE_NAME or op == ROT_TWO or op == ROT_THREE:
        return 0
    if op == LOAD_ATTR:
        return 0
    if op == STORE_ATTR:
        return -2
    if op == DELETE_ATTR:
        return -1
    if op == LOAD_METHOD:
        return 1
    if op == CALL_METHOD:
        return -arg - 1
    if op == CALL_FUNCTION:
        return -arg
    if op == CALL_KW:
        return -code.kwcall_npos[arg] - len(code.kwcalls[arg])
    if op == CALL_EX:
        return -2 if arg & CALL_EX_HAS_KWARGS else -1
    if op == BINARY_OP or op == INPLACE_OP or op == COMPARE_OP or op == BINARY_SUBSCR:
        return -1
    if op == STORE_SUBSCR:
        return -3
    if op == DELETE_SUBSCR:
        return -2
    if op == BUILD_SLICE:
        return 1 - arg
    if op == BUILD_LIST or op == BUILD_TUPLE or op == BUILD_SET or op == BUILD_STRING:
        return 1 - arg
    if op == BUILD_MAP:
        return 1 - 2 * arg
    if op == LIST_APPEND or op == SET_ADD or op == LIST_EXTEND or op == DICT_UPDATE:
        return -1
    if op == MAP_ADD:
        return -2
    if op == UNPACK_SEQUENCE:
        return arg - 1
    if op == UNPACK_EX:
        return (arg & 0xFF) + (arg >> 8)
    if op == POP_TOP:
        return -1
    if op == DUP_TOP_TWO:
        return 2
    if op == POP_JUMP_IF_FALSE or op == POP_JUMP_IF_TRUE:
        return -1
    if op == JUMP_IF_FALSE_OR_POP or op == JUMP_IF_TRUE_OR_POP:
        return 0 if jump else -1
    if op == FOR_ITER:
        return -1 if jump else 1
    if op == RETURN_VALUE or op == RAISE or op == RERAISE:
        return -arg if op == RAISE else -1
    if op == MAKE_FUNCTION:
        child = code.codes[arg]
        return 1 - child.ndefaults - len(child.kwdefault_names) - len(child.freevars)
    if op == BUILD_CLASS:
        return -1
    if op == EXC_MATCH:
        return -1
    return 0


def is_jump(op: int) -> bool:
    return (op == JUMP or op == POP_JUMP_IF_FALSE or op == POP_JUMP_IF_TRUE
            or op == JUMP_IF_FALSE_OR_POP or op == JUMP_IF_TRUE_OR_POP or op == FOR_ITER)


def ends_block(op: int) -> bool:
    """No fall-through to the next instruction."""
    return op == JUMP or op == RETURN_VALUE or op == RAISE or op == RERAISE


def compute_stacksize(code: Code) -> int:
    """The maximum stack depth over every path (a data-flow pass)."""
    n = len(code.ops)
    depth_at = [-1] * n
    work = [0]
    if n > 0:
        depth_at[0] = 0
    for pc in range(n):
        h = code.handlers[pc]
        if h >= 0 and depth_at[h] < 0:
            depth_at[h] = code.handler_depths[pc] + 1
            work.append(h)
    best = 0
    while len(work) > 0:
        pc = work.pop()
        if pc >= n:
            continue
        depth = depth_at[pc]
        op = code.ops[pc]
        arg = code.args[pc]
        if depth > best:
            best = depth
        if is_jump(op):
            target = arg
            d = depth + stack_effect(code, op, arg, True)
            if target < n and depth_at[target] < 0:
                depth_at[target] = d
                work.append(target)
        if not ends_block(op):
            d = depth + stack_effect(code, op, arg, False)
            if d > best:
                best = d
            if pc + 1 < n and depth_at[pc + 1] < 0:
                depth_at[pc + 1] = d
                work.append(pc + 1)
    return best


def disassemble(code: Code) -> str:
    """A readable listing (for debugging the compiler)."""
    lines = ["code " + code.name + " locals=" + str(code.varnames) + " cells=" + str(code.cellvars)
             + " free=" + str(code.freevars) + " stack=" + str(code.stacksize)]
    for pc in range(len(code.ops)):
        op = code.ops[pc]
        text = "%4d %4d  %-20s %d" % (code.lines[pc], pc, OPNAMES[op], code.args[pc])
        if code.handlers[pc] >= 0:
            text += "   [handler " + str(code.handlers[pc]) + "]"
        lines.append(text)
    for c in code.codes:
        lines.append(disassemble(c))
    return "\n".join(lines)
