"""The instruction set of the Tiny VM.

An instruction is an opcode followed by its arguments, each one character
of `Code.bytecode` (see `objects.Code`). The VM is a stack machine: operands
are pushed, operations pop them and push their result.
"""

CONST = 1  # k: push constant k
NIL = 2  # push nil
LOAD_LOCAL = 3  # i
STORE_LOCAL = 4  # i: pop into local i
LOAD_GLOBAL = 5  # i: push global i (an error if it was never assigned)
STORE_GLOBAL = 6  # i
ADD = 7
SUB = 8
MUL = 9
DIV = 10
MOD = 11
NEG = 12
EQ = 13
NE = 14
LT = 15
LE = 16
GT = 17
GE = 18
NOT = 19
JUMP = 20  # t: continue at t (a backward jump is a guest loop)
JUMP_IF_FALSE = 21  # t: pop; jump if false
JUMP_IF_FALSE_KEEP = 22  # t: jump if the top is false (keeping it), else pop
JUMP_IF_TRUE_KEEP = 23  # t: jump if the top is true (keeping it), else pop
POP = 24
CALL = 25  # n: call the function or class below the n arguments
CALL_METHOD = 26  # name n: call method `name` of the object below the n arguments
GET_FIELD = 27  # name
SET_FIELD = 28  # name: pop value and object
INDEX = 29  # pop index and array, push the item
SET_INDEX = 30  # pop value, index and array
BUILTIN = 31  # b n: call built-in b with n arguments
RETURN = 32  # return the top of the stack
BUILD_ARRAY = 33  # n: pop n items into a new array
DUP = 34

# Built-in functions.
B_PRINT = 0
B_STR = 1
B_LEN = 2
B_ARRAY = 3
B_APPEND = 4
B_CHR = 5
B_ORD = 6
BUILTINS = ["print", "str", "len", "array", "append", "chr", "ord"]

NAMES = [
    "?", "CONST", "NIL", "LOAD_LOCAL", "STORE_LOCAL", "LOAD_GLOBAL", "STORE_GLOBAL",
    "ADD", "SUB", "MUL", "DIV", "MOD", "NEG", "EQ", "NE", "LT", "LE", "GT", "GE", "NOT",
    "JUMP", "JUMP_IF_FALSE", "JUMP_IF_FALSE_KEEP", "JUMP_IF_TRUE_KEEP", "POP", "CALL",
    "CALL_METHOD", "GET_FIELD", "SET_FIELD", "INDEX", "SET_INDEX", "BUILTIN", "RETURN",
    "BUILD_ARRAY", "DUP",
]

# Number of argument characters after each opcode.
ARGS = [
    0, 1, 0, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 1,
    2, 1, 1, 0, 0, 2, 0,
    1, 0,
]

# The largest argument (arguments are characters below the surrogates).
MAX_ARG = 0xD7FF
