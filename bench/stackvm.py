# A stack-VM bytecode interpreter (the kind of loop Kiln is for), running a
# small program: nested counting loops with arithmetic and a function call.
# JIT hints are present but the benchmark measures the plain translation.
# Argument: outer iterations.

from kiln.jit import JitDriver

PUSH = 0
LOAD = 1
STORE = 2
ADD = 3
SUB = 4
MUL = 5
MOD = 6
LT = 7
JUMP = 8
JUMP_IF_FALSE = 9
CALL = 10
RET = 11
HALT = 12
DUP = 13
POP = 14

driver = JitDriver(greens=["pc", "nlocals", "code"], reds=["frame"])


class Frame:
    def __init__(self, nlocals: int, ret_pc: int, parent):
        self.locals = [0] * nlocals
        self.stack = [0] * 32
        self.sp = 0
        self.ret_pc = ret_pc
        self.parent = parent

    def push(self, v: int) -> None:
        self.stack[self.sp] = v
        self.sp += 1

    def pop(self) -> int:
        self.sp -= 1
        return self.stack[self.sp]


def interpret(code: list[int], nlocals: int) -> int:
    pc = 0
    frame = Frame(nlocals, -1, None)
    while True:
        driver.jit_merge_point(pc=pc, nlocals=nlocals, code=code, frame=frame)
        op = code[pc]
        pc += 1
        if op == PUSH:
            frame.push(code[pc])
            pc += 1
        elif op == LOAD:
            frame.push(frame.locals[code[pc]])
            pc += 1
        elif op == STORE:
            frame.locals[code[pc]] = frame.pop()
            pc += 1
        elif op == ADD:
            b = frame.pop()
            a = frame.pop()
            frame.push(a + b)
        elif op == SUB:
            b = frame.pop()
            a = frame.pop()
            frame.push(a - b)
        elif op == MUL:
            b = frame.pop()
            a = frame.pop()
            frame.push(a * b)
        elif op == MOD:
            b = frame.pop()
            a = frame.pop()
            frame.push(a % b)
        elif op == LT:
            b = frame.pop()
            a = frame.pop()
            frame.push(1 if a < b else 0)
        elif op == JUMP:
            target = code[pc]
            if target < pc:
                driver.can_enter_jit(pc=target, nlocals=nlocals, code=code, frame=frame)
            pc = target
        elif op == JUMP_IF_FALSE:
            if frame.pop() == 0:
                pc = code[pc]
            else:
                pc += 1
        elif op == CALL:
            target = code[pc]
            arg = frame.pop()
            f = Frame(nlocals, pc + 1, frame)
            f.locals[0] = arg
            frame = f
            pc = target
        elif op == RET:
            v = frame.pop()
            pc = frame.ret_pc
            frame = frame.parent
            frame.push(v)
        elif op == DUP:
            v = frame.pop()
            frame.push(v)
            frame.push(v)
        elif op == POP:
            frame.pop()
        elif op == HALT:
            return frame.pop()
        else:
            raise RuntimeError("bad opcode " + str(op))


def program(n: int) -> list[int]:
    # total = 0; i = 0
    # while i < n: j = 0; while j < 100: total = (total + sq(i % 7 + j)) % 1000003; j += 1
    #              i += 1
    # return total          with sq(x) = x * x (a call)
    return [
        PUSH, 0, STORE, 0,          # 0: total = 0
        PUSH, 0, STORE, 1,          # 4: i = 0
        LOAD, 1, PUSH, n, LT, JUMP_IF_FALSE, 62,   # 8: while i < n
        PUSH, 0, STORE, 2,          # 15: j = 0
        LOAD, 2, PUSH, 100, LT, JUMP_IF_FALSE, 53,  # 19: while j < 100
        LOAD, 0,                    # 26
        LOAD, 1, PUSH, 7, MOD, LOAD, 2, ADD,       # 28: i % 7 + j
        CALL, 65,                   # 36: sq(...)
        ADD, PUSH, 1000003, MOD, STORE, 0,         # 38: total = (total + sq) % 1000003
        LOAD, 2, PUSH, 1, ADD, STORE, 2,           # 44: j += 1  (ends at 51)
        JUMP, 19,                   # 51
        LOAD, 1, PUSH, 1, ADD, STORE, 1,           # 53: i += 1
        JUMP, 8,                    # 60
        LOAD, 0, HALT,              # 62 (sq at 65)
        LOAD, 0, DUP, MUL, RET,     # 65: sq
    ]


def entry_point(argv: list[str]) -> int:
    n = 1000
    if len(argv) > 1:
        n = int(argv[1])
    code = program(n)
    print("stackvm", n, interpret(code, 3))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
