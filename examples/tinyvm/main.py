"""Tiny: a small dynamically typed language compiled to bytecode and run
by a stack VM, written in Kiln Python with JIT hints.

Usage: main.py [--dis] PROGRAM.tiny

Exit status: 0; 1 after a syntax error or a run-time error (reported as
`FILE:LINE: kind: message` on standard error, with the calls that led to
it); 2 for a usage error or a file that cannot be read.

JIT hints. The position in the guest program is the code object being run
and `pc` in its bytecode: these are the greens. The bytecode is a string,
so with a constant `pc` the instruction and its arguments fold to
constants; constants, names and method lookups go through `@elidable`
functions of constant arguments. The reds are the operand stack, the
local variables and the call depth. A backward `JUMP` is a guest loop: it
calls `can_enter_jit`. Calls run the callee in a nested call of `execute`
(the JIT inlines it or makes it a residual call); the class of the receiver
of a method call is promoted, so the method lookup folds.
"""

import sys

from kiln.jit import JitDriver, promote
from kiln.rarith import ovfcheck

from bytecode import (
    ADD, B_APPEND, B_ARRAY, B_CHR, B_LEN, B_ORD, B_PRINT, B_STR, BUILD_ARRAY, BUILTIN, CALL,
    CALL_METHOD, CONST, DIV, DUP, EQ, GE, GET_FIELD, GT, INDEX, JUMP, JUMP_IF_FALSE,
    JUMP_IF_FALSE_KEEP, JUMP_IF_TRUE_KEEP, LE, LOAD_GLOBAL, LOAD_LOCAL, LT, MOD, MUL, NAMES,
    NE, NEG, NIL, NOT, POP, RETURN, SET_FIELD, SET_INDEX, STORE_GLOBAL, STORE_LOCAL, SUB,
)
from compiler import Globals, compile_source, disassemble
from errors import TinyError
from objects import (
    NIL as NIL_VALUE, ArrayValue, ClassValue, Code, FunctionValue, IntValue, ObjectValue,
    StrValue, Value, get_const, get_name, lookup_method,
)

# Calls nested deeper than this stop the program.
MAX_DEPTH = 1000

# Output is buffered and written in pieces of about this many characters.
FLUSH_AT = 8192

TRUE = IntValue(1)
FALSE = IntValue(0)


class Output:
    """Buffered standard output."""

    def __init__(self):
        self.chunks: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.chunks.append(text)
        self.size += len(text)
        if self.size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.size > 0:
            sys.stdout.write("".join(self.chunks))
            self.chunks = []
            self.size = 0
        sys.stdout.flush()


OUT = Output()


class VM:
    """The state shared by all calls: the global variables."""

    def __init__(self, globals_: Globals):
        self.globals = globals_


def get_location(pc: int, bc: str, code: Code) -> str:
    """For JIT logs: `NAME:LINE pc OPCODE`."""
    op = ord(bc[pc])
    return code.name + ":" + str(code.line_at(pc)) + " " + str(pc) + " " + NAMES[op]


driver = JitDriver(
    greens=["pc", "bc", "code"],
    reds=["stack", "sp", "locals_", "depth", "vm"],
    get_printable_location=get_location,
)


def is_true(v: Value) -> bool:
    """The truth of a value; the results of comparisons (the constants
    TRUE and FALSE) are recognized by identity, which folds in traces."""
    if v is TRUE:
        return True
    if v is FALSE:
        return False
    return v.truthy()


def fail(message: str) -> TinyError:
    """A run-time error; its line is filled in by the frame that sees it."""
    return TinyError("error", message, 0)


def arith(op: int, a: Value, b: Value) -> Value:
    if isinstance(a, IntValue) and isinstance(b, IntValue):
        x = a.v
        y = b.v
        try:
            if op == ADD:
                return IntValue(ovfcheck(x + y))
            if op == SUB:
                return IntValue(ovfcheck(x - y))
            if op == MUL:
                return IntValue(ovfcheck(x * y))
        except OverflowError:
            raise fail("integer overflow")
        if y == 0:
            raise fail("division by zero")
        if op == DIV:
            return IntValue(x // y)
        return IntValue(x % y)
    if op == ADD and isinstance(a, StrValue) and isinstance(b, StrValue):
        return StrValue(a.s + b.s)
    names = ["+", "-", "*", "/", "%"]
    raise fail("unsupported operands for " + names[op - ADD] + ": " + a.type_name() + " and " + b.type_name())


def compare(op: int, a: Value, b: Value) -> bool:
    if isinstance(a, IntValue) and isinstance(b, IntValue):
        x = a.v
        y = b.v
        if op == LT:
            return x < y
        if op == LE:
            return x <= y
        if op == GT:
            return x > y
        return x >= y
    if isinstance(a, StrValue) and isinstance(b, StrValue):
        s = a.s
        t = b.s
        if op == LT:
            return s < t
        if op == LE:
            return s <= t
        if op == GT:
            return s > t
        return s >= t
    names = ["<", "<=", ">", ">="]
    raise fail("cannot compare " + a.type_name() + " and " + b.type_name() + " with " + names[op - LT])


def equal(a: Value, b: Value) -> bool:
    if isinstance(a, IntValue) and isinstance(b, IntValue):
        return a.v == b.v
    if isinstance(a, StrValue) and isinstance(b, StrValue):
        return a.s == b.s
    return a is b


def index(container: Value, i: Value) -> Value:
    if not isinstance(i, IntValue):
        raise fail("index must be an int, not " + i.type_name())
    n = i.v
    if isinstance(container, ArrayValue):
        if n < 0 or n >= len(container.items):
            raise fail("index " + str(n) + " out of range for an array of length " + str(len(container.items)))
        return container.items[n]
    if isinstance(container, StrValue):
        if n < 0 or n >= len(container.s):
            raise fail("index " + str(n) + " out of range for a string of length " + str(len(container.s)))
        return StrValue(container.s[n])
    raise fail("cannot index " + container.type_name())


def set_index(container: Value, i: Value, v: Value) -> None:
    if not isinstance(container, ArrayValue):
        raise fail("cannot assign to an item of " + container.type_name())
    if not isinstance(i, IntValue):
        raise fail("index must be an int, not " + i.type_name())
    n = i.v
    if n < 0 or n >= len(container.items):
        raise fail("index " + str(n) + " out of range for an array of length " + str(len(container.items)))
    container.items[n] = v


def get_field(obj: Value, name: str) -> Value:
    if isinstance(obj, ObjectValue):
        if name in obj.fields:
            return obj.fields[name]
        raise fail(obj.cls.name + " object has no field " + name)
    raise fail(obj.type_name() + " has no field " + name)


def set_field(obj: Value, name: str, v: Value) -> None:
    if isinstance(obj, ObjectValue):
        obj.fields[name] = v
        return
    raise fail("cannot set field " + name + " of " + obj.type_name())


def call_builtin(b: int, args: list[Value]) -> Value:
    if b == B_PRINT:
        parts = [a.to_str() for a in args]
        OUT.write(" ".join(parts) + "\n")
        return NIL_VALUE
    if b == B_STR:
        return StrValue(args[0].to_str())
    if b == B_LEN:
        a = args[0]
        if isinstance(a, StrValue):
            return IntValue(len(a.s))
        if isinstance(a, ArrayValue):
            return IntValue(len(a.items))
        raise fail("len() of " + a.type_name())
    if b == B_ARRAY:
        n = args[0]
        if not isinstance(n, IntValue) or n.v < 0:
            raise fail("array() needs a non-negative int size")
        init = NIL_VALUE
        if len(args) == 2:
            init = args[1]
        return ArrayValue([init] * n.v)
    if b == B_APPEND:
        a = args[0]
        if not isinstance(a, ArrayValue):
            raise fail("append() to " + a.type_name())
        a.items.append(args[1])
        return NIL_VALUE
    if b == B_CHR:
        c = args[0]
        if not isinstance(c, IntValue) or c.v < 0 or c.v > 0x10FFFF or (0xD800 <= c.v <= 0xDFFF):
            raise fail("chr() needs a character code")
        return StrValue(chr(c.v))
    s = args[0]
    if not isinstance(s, StrValue) or len(s.s) != 1:
        raise fail("ord() needs a string of one character")
    return IntValue(ord(s.s[0]))


def call_code(vm: VM, code: Code, receiver: "Value | None", args: list[Value], depth: int) -> Value:
    """Calls a function (receiver None) or a method with arguments."""
    nargs = len(args)
    expected = code.nparams
    if receiver is not None:
        expected -= 1
    if nargs != expected:
        raise fail(
            code.name + "() takes " + str(expected) + (" argument" if expected == 1 else " arguments")
            + " but " + str(nargs) + (" was" if nargs == 1 else " were") + " given"
        )
    if depth >= MAX_DEPTH:
        raise fail("call stack too deep (more than " + str(MAX_DEPTH) + " nested calls)")
    locals_: list[Value] = []
    if receiver is not None:
        locals_.append(receiver)
    for a in args:
        locals_.append(a)
    for _ in range(code.nlocals - code.nparams):
        locals_.append(NIL_VALUE)
    return execute(vm, code, locals_, depth + 1)


def call_value(vm: VM, callee: Value, args: list[Value], depth: int) -> Value:
    if isinstance(callee, FunctionValue):
        return call_code(vm, callee.code, None, args, depth)
    if isinstance(callee, ClassValue):
        cls = promote(callee)
        obj = ObjectValue(cls)
        init = lookup_method(cls, "init")
        if init is None:
            if len(args) != 0:
                raise fail(cls.name + "() takes no arguments (it has no init method)")
        else:
            call_code(vm, init, obj, args, depth)
        return obj
    raise fail(callee.type_name() + " is not callable")


def call_method(vm: VM, obj: Value, name: str, args: list[Value], depth: int) -> Value:
    if isinstance(obj, ObjectValue):
        cls = promote(obj.cls)
        m = lookup_method(cls, name)
        if m is None:
            raise fail(cls.name + " object has no method " + name)
        return call_code(vm, m, obj, args, depth)
    raise fail(obj.type_name() + " has no method " + name)


def execute(vm: VM, code: Code, locals_: list[Value], depth: int) -> Value:
    """Runs one call of `code` with its local variables; its result.

    The operand stack is a list of fixed size (the code's `max_stack`)
    with `sp` the number of operands on it."""
    pc = 0
    bc = code.bytecode
    stack = [NIL_VALUE] * (code.max_stack + 1)
    sp = 0
    try:
        while True:
            driver.jit_merge_point(pc=pc, bc=bc, code=code, stack=stack, sp=sp, locals_=locals_, depth=depth, vm=vm)
            op = ord(bc[pc])
            if op == LOAD_LOCAL:
                stack[sp] = locals_[ord(bc[pc + 1])]
                sp += 1
                pc += 2
            elif op == STORE_LOCAL:
                sp -= 1
                locals_[ord(bc[pc + 1])] = stack[sp]
                pc += 2
            elif op == CONST:
                stack[sp] = get_const(code, ord(bc[pc + 1]))
                sp += 1
                pc += 2
            elif op == ADD or op == SUB or op == MUL or op == DIV or op == MOD:
                sp -= 1
                stack[sp - 1] = arith(op, stack[sp - 1], stack[sp])
                pc += 1
            elif op == LT or op == LE or op == GT or op == GE:
                sp -= 1
                stack[sp - 1] = TRUE if compare(op, stack[sp - 1], stack[sp]) else FALSE
                pc += 1
            elif op == EQ:
                sp -= 1
                stack[sp - 1] = TRUE if equal(stack[sp - 1], stack[sp]) else FALSE
                pc += 1
            elif op == NE:
                sp -= 1
                stack[sp - 1] = FALSE if equal(stack[sp - 1], stack[sp]) else TRUE
                pc += 1
            elif op == JUMP:
                target = ord(bc[pc + 1])
                if target < pc:
                    pc = target
                    driver.can_enter_jit(pc=pc, bc=bc, code=code, stack=stack, sp=sp, locals_=locals_, depth=depth, vm=vm)
                else:
                    pc = target
            elif op == JUMP_IF_FALSE:
                sp -= 1
                if is_true(stack[sp]):
                    pc += 2
                else:
                    pc = ord(bc[pc + 1])
            elif op == JUMP_IF_FALSE_KEEP:
                if is_true(stack[sp - 1]):
                    sp -= 1
                    pc += 2
                else:
                    pc = ord(bc[pc + 1])
            elif op == JUMP_IF_TRUE_KEEP:
                if is_true(stack[sp - 1]):
                    pc = ord(bc[pc + 1])
                else:
                    sp -= 1
                    pc += 2
            elif op == LOAD_GLOBAL:
                slot = ord(bc[pc + 1])
                v = vm.globals.values[slot]
                if v is None:
                    raise fail("undefined variable " + vm.globals.names[slot])
                stack[sp] = v
                sp += 1
                pc += 2
            elif op == STORE_GLOBAL:
                sp -= 1
                vm.globals.values[ord(bc[pc + 1])] = stack[sp]
                pc += 2
            elif op == NIL:
                stack[sp] = NIL_VALUE
                sp += 1
                pc += 1
            elif op == NEG:
                a = stack[sp - 1]
                if not isinstance(a, IntValue):
                    raise fail("unsupported operand for -: " + a.type_name())
                try:
                    stack[sp - 1] = IntValue(ovfcheck(0 - a.v))
                except OverflowError:
                    raise fail("integer overflow")
                pc += 1
            elif op == NOT:
                stack[sp - 1] = FALSE if is_true(stack[sp - 1]) else TRUE
                pc += 1
            elif op == POP:
                sp -= 1
                pc += 1
            elif op == DUP:
                stack[sp] = stack[sp - 1]
                sp += 1
                pc += 1
            elif op == CALL:
                n = ord(bc[pc + 1])
                args = stack[sp - n:sp]
                sp -= n
                stack[sp - 1] = call_value(vm, stack[sp - 1], args, depth)
                pc += 2
            elif op == CALL_METHOD:
                name = get_name(code, ord(bc[pc + 1]))
                n = ord(bc[pc + 2])
                args = stack[sp - n:sp]
                sp -= n
                stack[sp - 1] = call_method(vm, stack[sp - 1], name, args, depth)
                pc += 3
            elif op == GET_FIELD:
                stack[sp - 1] = get_field(stack[sp - 1], get_name(code, ord(bc[pc + 1])))
                pc += 2
            elif op == SET_FIELD:
                sp -= 2
                set_field(stack[sp], get_name(code, ord(bc[pc + 1])), stack[sp + 1])
                pc += 2
            elif op == INDEX:
                sp -= 1
                stack[sp - 1] = index(stack[sp - 1], stack[sp])
                pc += 1
            elif op == SET_INDEX:
                sp -= 3
                set_index(stack[sp], stack[sp + 1], stack[sp + 2])
                pc += 1
            elif op == BUILTIN:
                n = ord(bc[pc + 2])
                args = stack[sp - n:sp]
                sp -= n
                stack[sp] = call_builtin(ord(bc[pc + 1]), args)
                sp += 1
                pc += 3
            elif op == BUILD_ARRAY:
                n = ord(bc[pc + 1])
                items = stack[sp - n:sp]
                sp -= n
                stack[sp] = ArrayValue(items)
                sp += 1
                pc += 2
            elif op == RETURN:
                return stack[sp - 1]
            else:
                raise fail("bad opcode " + str(op))
    except TinyError as e:
        line = code.line_at(pc)
        if e.line == 0:
            e.line = line
        e.trace.append(code.name + " (line " + str(line) + ")")
        raise e


def read_file(path: str) -> "str | None":
    try:
        f = open(path)
        text = f.read()
        f.close()
        return text
    except OSError:
        return None


def report(path: str, e: TinyError) -> None:
    lines = [path + ":" + str(e.line) + ": " + e.kind + ": " + e.message]
    n = len(e.trace)
    for i in range(n):
        if n > 12 and 6 <= i < n - 4:
            if i == 6:
                lines.append("  ... " + str(n - 10) + " more calls ...")
            continue
        lines.append("  in " + e.trace[i])
    sys.stderr.write("\n".join(lines) + "\n")


def run(path: str, source: str, dis: bool) -> int:
    globals_ = Globals()
    try:
        main, hoisted = compile_source(source, globals_)
    except TinyError as e:
        report(path, e)
        return 1
    if dis:
        print(disassemble(main))
        for _, v in hoisted:
            if isinstance(v, FunctionValue):
                print(disassemble(v.code))
            elif isinstance(v, ClassValue):
                for m in v.methods.values():
                    print(disassemble(m))
        return 0
    for slot, v in hoisted:
        globals_.values[slot] = v
    vm = VM(globals_)
    try:
        execute(vm, main, [], 0)
    except TinyError as e:
        OUT.flush()
        report(path, e)
        return 1
    OUT.flush()
    return 0


def entry_point(argv: list[str]) -> int:
    """``main.py [--dis] PROGRAM.tiny``"""
    args = argv[1:]
    dis = False
    if len(args) > 0 and args[0] == "--dis":
        dis = True
        args = args[1:]
    if len(args) != 1:
        sys.stderr.write("usage: " + argv[0] + " [--dis] PROGRAM.tiny\n")
        return 2
    path = args[0]
    source = read_file(path)
    if source is None:
        sys.stderr.write("error: cannot read " + path + "\n")
        return 2
    return run(path, source, dis)


if __name__ == "__main__":
    sys.setrecursionlimit(20000)
    sys.exit(entry_point(sys.argv))
