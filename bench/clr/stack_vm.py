# Benchmark: a stack-VM interpreter loop. Bytecode for nested counting loops
# and a recursive function runs in a dispatch loop with JitDriver hints.
# Prints the results on stdout and the time of the measured part on stderr.
import sys
import time
from kiln.jit import JitDriver

PUSH = 0
LOAD = 1
STORE = 2
ADD = 3
SUB = 4
MUL = 5
MOD = 6
LT = 7
JMP = 8
JZ = 9
CALL = 10
RET = 11
DUP = 12
POP = 13
HALT = 14

driver = JitDriver(greens=["pc", "code"], reds=["frame", "vm"])


class Code:
    def __init__(self, ops: list[int], args: list[int], nlocals: int):
        self.ops = ops
        self.args = args
        self.nlocals = nlocals


class Frame:
    def __init__(self, code: Code, parent):
        self.code = code
        self.locals = [0] * code.nlocals
        self.stack = [0] * 16
        self.sp = 0
        self.parent = parent
        self.return_pc = 0


class VM:
    def __init__(self, functions: list[Code]):
        self.functions = functions
        self.steps = 0


def run(vm: VM, main: Code) -> int:
    frame = Frame(main, None)
    code = main
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame, vm=vm)
        op = code.ops[pc]
        arg = code.args[pc]
        pc += 1
        vm.steps += 1
        if op == PUSH:
            frame.stack[frame.sp] = arg
            frame.sp += 1
        elif op == LOAD:
            frame.stack[frame.sp] = frame.locals[arg]
            frame.sp += 1
        elif op == STORE:
            frame.sp -= 1
            frame.locals[arg] = frame.stack[frame.sp]
        elif op == ADD:
            frame.sp -= 1
            frame.stack[frame.sp - 1] = frame.stack[frame.sp - 1] + frame.stack[frame.sp]
        elif op == SUB:
            frame.sp -= 1
            frame.stack[frame.sp - 1] = frame.stack[frame.sp - 1] - frame.stack[frame.sp]
        elif op == MUL:
            frame.sp -= 1
            frame.stack[frame.sp - 1] = frame.stack[frame.sp - 1] * frame.stack[frame.sp]
        elif op == MOD:
            frame.sp -= 1
            frame.stack[frame.sp - 1] = frame.stack[frame.sp - 1] % frame.stack[frame.sp]
        elif op == LT:
            frame.sp -= 1
            if frame.stack[frame.sp - 1] < frame.stack[frame.sp]:
                frame.stack[frame.sp - 1] = 1
            else:
                frame.stack[frame.sp - 1] = 0
        elif op == JMP:
            if arg < pc:
                driver.can_enter_jit(pc=arg, code=code, frame=frame, vm=vm)
            pc = arg
        elif op == JZ:
            frame.sp -= 1
            if frame.stack[frame.sp] == 0:
                pc = arg
        elif op == DUP:
            frame.stack[frame.sp] = frame.stack[frame.sp - 1]
            frame.sp += 1
        elif op == POP:
            frame.sp -= 1
        elif op == CALL:
            callee = vm.functions[arg]
            new = Frame(callee, frame)
            frame.sp -= 1
            new.locals[0] = frame.stack[frame.sp]
            new.return_pc = pc
            frame = new
            code = callee
            pc = 0
        elif op == RET:
            value = frame.stack[frame.sp - 1]
            parent = frame.parent
            if parent is None:
                return value
            pc = frame.return_pc
            frame = parent
            code = frame.code
            frame.stack[frame.sp] = value
            frame.sp += 1
        elif op == HALT:
            return frame.stack[frame.sp - 1]
        else:
            raise ValueError("bad opcode")


def build(n: int) -> VM:
    # main: total = 0; i = 0; while i < n: total = (total + i * i + fib(12)) % 1000003; i += 1
    ops = []
    args = []

    program = [
        (PUSH, 0), (STORE, 0),            # total = 0
        (PUSH, 0), (STORE, 1),            # i = 0
        (LOAD, 1), (PUSH, n), (LT, 0), (JZ, 25),   # 4: while i < n
        (LOAD, 0), (LOAD, 1), (LOAD, 1), (MUL, 0), (ADD, 0),
        (PUSH, 12), (CALL, 1), (ADD, 0),
        (PUSH, 1000003), (MOD, 0), (STORE, 0),
        (LOAD, 1), (PUSH, 1), (ADD, 0), (STORE, 1),
        (JMP, 4), (HALT, 0),
        (LOAD, 0), (HALT, 0),             # 25
    ]
    for op, arg in program:
        ops.append(op)
        args.append(arg)
    main = Code(ops, args, 2)
    # fib(x): if x < 2: return x; return fib(x - 1) + fib(x - 2)
    fib = [
        (LOAD, 0), (PUSH, 2), (LT, 0), (JZ, 6),
        (LOAD, 0), (RET, 0),
        (LOAD, 0), (PUSH, 1), (SUB, 0), (CALL, 1),
        (LOAD, 0), (PUSH, 2), (SUB, 0), (CALL, 1),
        (ADD, 0), (RET, 0),
    ]
    fops = []
    fargs = []
    for op, arg in fib:
        fops.append(op)
        fargs.append(arg)
    return VM([main, Code(fops, fargs, 1)])


def entry_point(argv: list[str]) -> int:
    n = 2000
    if len(argv) > 1:
        n = int(argv[1])
    vm = build(n)
    t0 = time.perf_counter()
    result = run(vm, vm.functions[0])
    t1 = time.perf_counter()
    print("result", result, "steps", vm.steps)
    sys.stderr.write("elapsed " + str(t1 - t0) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
