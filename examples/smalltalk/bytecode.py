"""Bytecode: the instruction set and the compiled-code objects.

A ``CompiledCode`` is a method or a block. Its instructions are three
parallel lists: ``ops`` (opcodes), ``args`` (one integer operand each) and
``lines`` (source line of each instruction, for error messages).
"""

from objects import W_Object, W_Class, NIL, TRUE, FALSE

# Pushes
PUSH_SELF = 0
PUSH_NIL = 1
PUSH_TRUE = 2
PUSH_FALSE = 3
PUSH_LITERAL = 4       # arg: index in literals
PUSH_TEMP = 5          # arg: slot in this frame
PUSH_OUTER_TEMP = 6    # arg: depth << 16 | slot (depth >= 1 frames out)
PUSH_INST = 7          # arg: instance variable index
PUSH_CELL = 8          # arg: index in cells (global or class variable)
PUSH_CONTEXT = 9       # thisContext
# Stores (leave the value on the stack) and store-and-pop variants
STORE_TEMP = 10
STORE_OUTER_TEMP = 11
STORE_INST = 12
STORE_CELL = 13
POP_STORE_TEMP = 14
POP_STORE_INST = 15
# Stack
POP = 16
DUP = 17
# Sends (arg: index in sends)
SEND = 18
SUPER_SEND = 19
# Sends with a fast path for SmallIntegers (arg: index in sends)
SEND_ADD = 20
SEND_SUB = 21
SEND_MUL = 22
SEND_LT = 23
SEND_GT = 24
SEND_LE = 25
SEND_GE = 26
SEND_EQ = 27
SEND_NE = 28
SEND_DIV = 29          # //
SEND_MOD = 30          # \\
SEND_IDENTICAL = 31    # == (never sent)
SEND_AT = 32           # at: (fast path for Arrays)
SEND_AT_PUT = 33       # at:put:
# Control (arg: target instruction index)
JUMP = 34
JUMP_IF_TRUE = 35      # pops; sends #mustBeBoolean to a non-boolean
JUMP_IF_FALSE = 36
JUMP_IF_NIL = 37       # pops
JUMP_IF_NOT_NIL = 38
# Closures, arrays, returns
MAKE_BLOCK = 39        # arg: index in blocks
MAKE_ARRAY = 40        # arg: element count
RETURN = 41            # return the top of the stack to the sender
RETURN_NONLOCAL = 42   # ^ inside a block: return from the home method
SEND_NOT_IDENTICAL = 43  # ~~ (never sent)

OPCODE_NAMES = ["PUSH_SELF", "PUSH_NIL", "PUSH_TRUE", "PUSH_FALSE", "PUSH_LITERAL", "PUSH_TEMP",
                "PUSH_OUTER_TEMP", "PUSH_INST", "PUSH_CELL", "PUSH_CONTEXT", "STORE_TEMP",
                "STORE_OUTER_TEMP", "STORE_INST", "STORE_CELL", "POP_STORE_TEMP", "POP_STORE_INST",
                "POP", "DUP", "SEND", "SUPER_SEND", "SEND_ADD", "SEND_SUB", "SEND_MUL", "SEND_LT",
                "SEND_GT", "SEND_LE", "SEND_GE", "SEND_EQ", "SEND_NE", "SEND_DIV", "SEND_MOD",
                "SEND_IDENTICAL", "SEND_AT", "SEND_AT_PUT", "JUMP", "JUMP_IF_TRUE", "JUMP_IF_FALSE",
                "JUMP_IF_NIL", "JUMP_IF_NOT_NIL", "MAKE_BLOCK", "MAKE_ARRAY", "RETURN",
                "RETURN_NONLOCAL", "SEND_NOT_IDENTICAL"]

# Binary selectors compiled to a special send instruction.
SPECIAL_SELECTORS = {"+": SEND_ADD, "-": SEND_SUB, "*": SEND_MUL, "<": SEND_LT, ">": SEND_GT,
                     "<=": SEND_LE, ">=": SEND_GE, "=": SEND_EQ, "~=": SEND_NE, "//": SEND_DIV,
                     "\\\\": SEND_MOD, "==": SEND_IDENTICAL, "~~": SEND_NOT_IDENTICAL}

# Quick methods: bodies simple enough to run without a frame.
QUICK_NONE = 0
QUICK_SELF = 1        # ^self (or an empty body)
QUICK_GETTER = 2      # ^instVar           (quick_index: the variable)
QUICK_SETTER = 3      # instVar := arg     (answers self)
QUICK_CONSTANT = 4    # ^nil, ^true, ^false, ^literal (quick_value)

OUTER_SHIFT = 16
OUTER_MASK = 0xFFFF


class SendSite:
    """One message send in the code: the selector, its argument count, and
    a monomorphic inline cache (the receiver class and version last seen,
    with the method found)."""

    def __init__(self, selector: str, nargs: int, w_selector: W_Object):
        self.selector = selector
        self.nargs = nargs
        self.w_selector = w_selector
        self.cached_class = None
        self.cached_version = None
        self.cached_method = None


class CompiledCode:
    """A compiled method or block.

    ``ntemps`` counts arguments and temporaries (arguments first);
    ``frame_size`` adds the deepest operand stack. ``primitive`` is the
    number of the method's primitive (0: none); its bytecode then runs only
    when the primitive fails. ``defining_class`` is where super sends start
    their lookup (its superclass). ``kernel`` marks the built-in library
    (left out of error backtraces).
    """

    def __init__(self, name: str, selector: str, is_block: bool, source_name: str, kernel: bool,
                 defining_class: W_Class):
        self.name = name
        self.selector = selector
        self.is_block = is_block
        self.source_name = source_name
        self.kernel = kernel
        self.nargs = 0
        self.ntemps = 0
        self.frame_size = 0
        self.primitive = 0
        self.ops = []
        self.args = []
        self.lines = []
        self.literals = []
        self.sends = []
        self.cells = []
        self.blocks = []
        self.defining_class = defining_class
        self.line = 0
        self.quick = QUICK_NONE
        self.quick_index = 0
        self.quick_value = None

    def find_quick_form(self) -> None:
        """Recognize a method whose whole body is one of the QUICK_ forms
        (called once the method is compiled)."""
        if self.is_block or self.primitive != 0:
            return
        ops = self.ops
        if len(ops) == 2 and ops[1] == RETURN:
            if ops[0] == PUSH_SELF:
                self.quick = QUICK_SELF
            elif ops[0] == PUSH_INST:
                self.quick = QUICK_GETTER
                self.quick_index = self.args[0]
            elif ops[0] == PUSH_LITERAL:
                self.quick = QUICK_CONSTANT
                self.quick_value = self.literals[self.args[0]]
            elif ops[0] == PUSH_NIL or ops[0] == PUSH_TRUE or ops[0] == PUSH_FALSE:
                self.quick = QUICK_CONSTANT
                self.quick_value = constant_of(ops[0])
        elif (len(ops) == 4 and self.nargs == 1 and ops[0] == PUSH_TEMP and self.args[0] == 0
              and ops[1] == POP_STORE_INST and ops[2] == PUSH_SELF and ops[3] == RETURN):
            self.quick = QUICK_SETTER
            self.quick_index = self.args[1]

    def line_at(self, pc: int) -> int:
        """The source line of the instruction at ``pc`` (clamped)."""
        if len(self.lines) == 0:
            return self.line
        if pc < 0:
            pc = 0
        if pc >= len(self.lines):
            pc = len(self.lines) - 1
        return self.lines[pc]

    def disassemble(self) -> str:
        """A listing of the instructions (for debugging)."""
        out = []
        for i in range(len(self.ops)):
            out.append(str(i) + " " + OPCODE_NAMES[self.ops[i]] + " " + str(self.args[i]))
        return "\n".join(out)


def constant_of(op: int) -> W_Object:
    """The object PUSH_NIL, PUSH_TRUE or PUSH_FALSE pushes."""
    if op == PUSH_TRUE:
        return TRUE
    if op == PUSH_FALSE:
        return FALSE
    return NIL


def describe_location(pc: int, code: CompiledCode) -> str:
    """A position in the interpreted program (for JIT logs)."""
    if pc < len(code.ops):
        return code.name + " @" + str(pc) + " " + OPCODE_NAMES[code.ops[pc]]
    return code.name + " @" + str(pc)
