"""A Brainfuck interpreter in Kiln Python, with JIT hints.

Usage: main.py PROGRAM.b [INPUT-FILE]

The program's `,` reads from INPUT-FILE if one is given, else from standard
input. Exit status: 0; 1 after a syntax error (an unmatched bracket) or a
run-time error (the pointer moved left of the first cell); 2 for a usage
error or a file that cannot be read.

The design is the classic one of RPython's Brainfuck tutorial: the source
is reduced to a string holding only the eight commands (`program`), the
matching brackets are computed once (`bracket_map`), and the dispatch loop
walks the string with `pc` over a tape of 8-bit cells addressed by `ptr`.

JIT hints. The position in the guest program is `pc`, `program` and
`bracket_map`: these are the greens, constant in a trace, so the command
at `pc` folds away and a trace is the straight-line sequence of commands
of one guest loop. The tape and the pointer are the reds. The `]` that
jumps back is the guest's backward jump: it calls `can_enter_jit`, with
the `pc` the next `jit_merge_point` will see. The bracket lookup is
`@elidable`, so with constant arguments it folds to a constant too.
"""

import sys

from kiln.jit import JitDriver, elidable

# Cells the tape starts with; it grows when the pointer moves past its end.
TAPE_START = 30000

# Output is buffered and written in pieces of about this many characters.
FLUSH_AT = 8192

COMMANDS = "+-<>[].,"


class BfError(Exception):
    """A syntax or run-time error at a command (line and column in the
    source file)."""

    def __init__(self, kind: str, message: str, line: int, col: int):
        Exception.__init__(self, message)
        self.kind = kind
        self.message = message
        self.line = line
        self.col = col


class Program:
    """A parsed program: the commands, the position of the matching
    bracket of each bracket, and the source position of each command."""

    def __init__(self, code: str, brackets: list[int], lines: list[int], cols: list[int]):
        self.code = code
        self.brackets = brackets
        self.lines = lines
        self.cols = cols


def parse(source: str) -> Program:
    """Keep the commands of `source` (everything else is a comment) and
    match the brackets; raises BfError for an unmatched one."""
    commands = []
    lines = []
    cols = []
    line = 1
    col = 1
    for ch in source:
        if ch in COMMANDS:
            commands.append(ch)
            lines.append(line)
            cols.append(col)
        if ch == "\n":
            line += 1
            col = 1
        else:
            col += 1
    brackets = [0] * len(commands)
    opened = []
    for i in range(len(commands)):
        ch = commands[i]
        if ch == "[":
            opened.append(i)
        elif ch == "]":
            if len(opened) == 0:
                raise BfError("syntax error", "unmatched ']'", lines[i], cols[i])
            j = opened.pop()
            brackets[i] = j
            brackets[j] = i
    if len(opened) > 0:
        j = opened[len(opened) - 1]
        raise BfError("syntax error", "unmatched '['", lines[j], cols[j])
    return Program("".join(commands), brackets, lines, cols)


class Output:
    """Buffered standard output."""

    def __init__(self):
        self.chunks = []
        self.size = 0

    def put(self, cell: int) -> None:
        self.chunks.append(chr(cell))
        self.size += 1
        if self.size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.size > 0:
            sys.stdout.write("".join(self.chunks))
            self.chunks = []
            self.size = 0
        sys.stdout.flush()


class Input:
    """The program's input, read whole at the first `,`: from a file if
    one was named, else from standard input. End of input reads as 0;
    a character above 255 reads as its code modulo 256."""

    def __init__(self):
        self.path = ""
        self.text = ""
        self.pos = 0
        self.loaded = False

    def get(self) -> int:
        if not self.loaded:
            self.load()
        if self.pos >= len(self.text):
            return 0
        ch = self.text[self.pos]
        self.pos += 1
        return ord(ch) & 255

    def load(self) -> None:
        self.loaded = True
        OUT.flush()  # a prompt is visible before the program waits
        if self.path == "":
            self.text = sys.stdin.read()
        else:
            f = open(self.path)
            self.text = f.read()
            f.close()


OUT = Output()
IN = Input()


def get_location(pc: int, program: str, bracket_map: list[int]) -> str:
    """For JIT logs: the position and a window of commands around it, the
    current one in brackets, e.g. `pc 17: +>>-[<]+  {[}  ->+<]`."""
    start = pc - 8
    if start < 0:
        start = 0
    before = program[start:pc]
    after = program[pc + 1:pc + 9]
    return "pc " + str(pc) + ": " + before + " {" + program[pc] + "} " + after


driver = JitDriver(
    greens=["pc", "program", "bracket_map"],
    reds=["ptr", "tape"],
    get_printable_location=get_location,
)


@elidable
def get_matching_bracket(bracket_map: list[int], pc: int) -> int:
    """The position of the bracket matching the one at `pc`: the map is
    never written after parsing, so this is a pure function."""
    return bracket_map[pc]


def mainloop(program: str, bracket_map: list[int], tape: list[int]) -> int:
    """Run the program; answer the position of a `<` that moved the
    pointer left of cell 0, or -1 when the program ran to its end."""
    pc = 0
    ptr = 0
    while pc < len(program):
        driver.jit_merge_point(pc=pc, program=program, bracket_map=bracket_map, ptr=ptr, tape=tape)
        code = program[pc]
        if code == "+":
            tape[ptr] = (tape[ptr] + 1) & 255
        elif code == "-":
            tape[ptr] = (tape[ptr] - 1) & 255
        elif code == ">":
            ptr += 1
            if ptr == len(tape):
                tape.append(0)
        elif code == "<":
            ptr -= 1
            if ptr < 0:
                return pc
        elif code == "[":
            if tape[ptr] == 0:
                # past the matching ']'
                pc = get_matching_bracket(bracket_map, pc)
        elif code == "]":
            if tape[ptr] != 0:
                # back to the first command of the loop body
                pc = get_matching_bracket(bracket_map, pc) + 1
                driver.can_enter_jit(pc=pc, program=program, bracket_map=bracket_map, ptr=ptr, tape=tape)
                continue
        elif code == ".":
            OUT.put(tape[ptr])
        elif code == ",":
            tape[ptr] = IN.get()
        pc += 1
    return -1


def read_file(path: str) -> "str | None":
    """The text of a file, or None if it cannot be read."""
    try:
        f = open(path)
        text = f.read()
        f.close()
        return text
    except OSError:
        return None


def report(path: str, e: BfError) -> None:
    sys.stderr.write(path + ":" + str(e.line) + ":" + str(e.col) + ": " + e.kind + ": " + e.message + "\n")


def run(path: str, source: str) -> int:
    """Parse and run a program; answer the exit status."""
    try:
        prog = parse(source)
    except BfError as e:
        report(path, e)
        return 1
    tape = [0] * TAPE_START
    at = mainloop(prog.code, prog.brackets, tape)
    OUT.flush()
    if at >= 0:
        report(path, BfError("run-time error", "pointer moved left of cell 0", prog.lines[at], prog.cols[at]))
        return 1
    return 0


def entry_point(argv: list[str]) -> int:
    """``main.py PROGRAM.b [INPUT-FILE]``"""
    if len(argv) < 2 or len(argv) > 3:
        sys.stderr.write("usage: " + argv[0] + " PROGRAM.b [INPUT-FILE]\n")
        return 2
    path = argv[1]
    source = read_file(path)
    if source is None:
        sys.stderr.write("error: cannot read " + path + "\n")
        return 2
    if len(argv) == 3:
        if read_file(argv[2]) is None:
            sys.stderr.write("error: cannot read " + argv[2] + "\n")
            return 2
        IN.path = argv[2]
    return run(path, source)


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
