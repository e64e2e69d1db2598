"""An independent Brainfuck implementation, to check the interpreter's
expected outputs: it translates a program to C (runs of `+-<>` folded into
one statement), compiles it with `cc -O0` (the programs are large and
run briefly: optimizing them would take longer than running them) and
runs it.

    python3 oracle.py PROGRAM.b [INPUT-FILE]   (input from stdin otherwise)

It shares nothing with `../main.py` but the language's definition: 8-bit
wrapping cells, a tape that grows to the right (up to 64M cells here), end
of input reads as 0, and a cell printed as the character with that code
(UTF-8 encoded, as Python's text output prints `chr(cell)`). Input is
taken as bytes, which equals the interpreter's character input for ASCII
text. A pointer moving left of cell 0, or an unmatched bracket, exits
with status 1.
"""

import os
import subprocess
import sys
import tempfile

PRELUDE = r"""
#include <stdio.h>
#include <stdlib.h>
#define TAPE (64 << 20)
static unsigned char *t;
static long p;
static void out(unsigned char c) {
    if (c < 0x80) { putchar(c); }
    else { putchar(0xC0 | (c >> 6)); putchar(0x80 | (c & 0x3F)); }
}
static void left(void) { fputs("pointer moved left of cell 0\n", stderr); fflush(stdout); exit(1); }
static void right(void) { fputs("tape full\n", stderr); fflush(stdout); exit(3); }
int main(void) {
    t = calloc(TAPE, 1);
    p = 0;
"""


def to_c(source):
    """The C program for a Brainfuck source; None if a bracket is unmatched."""
    ops = [ch for ch in source if ch in "+-<>[].,"]
    lines = [PRELUDE]
    depth = 0
    i = 0
    while i < len(ops):
        ch = ops[i]
        if ch in "+-":
            n = 0
            while i < len(ops) and ops[i] in "+-":
                n += 1 if ops[i] == "+" else -1
                i += 1
            lines.append("t[p] += %d;" % (n % 256))
            continue
        if ch in "<>":
            n = 0
            while i < len(ops) and ops[i] in "<>":
                n += 1 if ops[i] == ">" else -1
                i += 1
            lines.append("p += %d; if (p < 0) left(); if (p >= TAPE) right();" % n)
            continue
        if ch == "[":
            depth += 1
            lines.append("while (t[p]) {")
        elif ch == "]":
            depth -= 1
            if depth < 0:
                return None
            lines.append("}")
        elif ch == ".":
            lines.append("out(t[p]);")
        elif ch == ",":
            lines.append("{ int c = getchar(); t[p] = c == EOF ? 0 : (unsigned char)c; }")
        i += 1
    if depth != 0:
        return None
    lines.append("fflush(stdout); return 0; }")
    return "\n".join(lines) + "\n"


def build(source, exe):
    """Compile a Brainfuck source to an executable; False if it does not
    parse."""
    c = to_c(source)
    if c is None:
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(c)
        cfile = f.name
    try:
        subprocess.run(["cc", "-O0", "-w", "-o", exe, cfile], check=True)
    finally:
        os.unlink(cfile)
    return True


def run(source, stdin=b""):
    """Run a Brainfuck source; (exit status, stdout bytes)."""
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, "prog")
        if not build(source, exe):
            return 1, b""
        r = subprocess.run([exe], input=stdin, stdout=subprocess.PIPE)
        return r.returncode, r.stdout


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: oracle.py PROGRAM.b [INPUT-FILE]\n")
        return 2
    with open(sys.argv[1]) as f:
        source = f.read()
    if len(sys.argv) == 3:
        with open(sys.argv[2], "rb") as f:
            data = f.read()
    else:
        data = sys.stdin.buffer.read()
    status, out = run(source, data)
    sys.stdout.buffer.write(out)
    return status


if __name__ == "__main__":
    sys.exit(main())
