"""The guest programs of `examples/brainfuck/programs/` and the benchmark
programs of `bench/brainfuck/`, written with the generator of `bfgen.py`
(all our own), and their expected outputs.

    python3 programs.py            write every program and expected output
    python3 programs.py --check    also check each output with the oracle
                                   (Brainfuck compiled to C; slow)
    python3 programs.py --bench    write only the benchmark programs

Expected outputs are what CPython prints running `../main.py` on the
program (`NAME.in`, when present, is the program's standard input). For the
programs of `programs/errors/`, `NAME.err` is the expected standard error
with the programs directory removed from paths.
"""

import os
import subprocess
import sys
import time

from bfgen import Gen
import oracle

HERE = os.path.dirname(os.path.abspath(__file__))
BF = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(BF))
PROGRAMS = os.path.join(BF, "programs")
ERRORS = os.path.join(PROGRAMS, "errors")
BENCH = os.path.join(ROOT, "bench", "brainfuck")


# ---------------------------------------------------------------- programs


def hello():
    g = Gen()
    g.comment("hello prints one line of constant text")
    g.print_string("Hello from a generated Brainfuck program!\n")
    return g.code()


def squares():
    """The squares of 1..15, computed by repeated addition."""
    g = Gen()
    g.comment("squares of one to fifteen by repeated addition")
    i = g.alloc()
    sq = g.alloc()

    def one():
        g.add(i, 1)
        t = g.copy(i)

        def add_i():
            g.copy_to(i, sq)

        g.loop_counter(t, add_i)
        g.free(t)
        g.print_byte(sq)
        g.print_string(" ")
        g.clear(sq)

    g.repeat(15, one)
    g.print_string("\n")
    g.comment("wrapping cells")
    g.clear(i)
    g.add(i, -1)
    g.print_byte(i)
    g.print_string(" ")
    g.add(i, 2)
    g.print_byte(i)
    g.print_string("\n")
    return g.code()


def fib():
    """Fibonacci numbers in decimal digit cells."""
    g = Gen()
    g.comment("the first thirty Fibonacci numbers in decimal")
    a = g.dec_alloc(7)
    b = g.dec_alloc(7)
    g.dec_set(a, 0)
    g.dec_set(b, 1)

    def two():
        g.dec_print(a)
        g.print_string("\n")
        g.dec_add(a, b)
        g.dec_print(b)
        g.print_string("\n")
        g.dec_add(b, a)

    g.repeat(15, two)
    return g.code()


def upper():
    """Copies its input to its output with ASCII letters in upper case;
    stops at the end of input (which reads as 0)."""
    g = Gen()
    g.comment("upper case filter")
    c = g.alloc()
    g.move_to(c)
    g.emit(",")

    def one():
        lower = g.temp()
        g.ge_const(c, ord("a"), lower)
        above = g.temp()
        g.ge_const(c, ord("z") + 1, above)
        g.move(above, (lower, -1))  # lower = c >= 'a' and not c > 'z'

        def shift():
            g.add(c, -32)

        g.once_if_nonzero(lower, shift)
        g.free(lower, above)
        g.print_cell(c)
        g.move_to(c)
        g.emit(",")

    g.while_nonzero(c, one)
    return g.code()


def reverse():
    """Hand-written: prints its input backwards."""
    return (
        "Reads its whole input onto the tape and prints it backwards\n"
        "\n"
        ">           leave cell 0 as a zero marker\n"
        ",[>,]      read characters until the end of input reads as 0\n"
        "<[.<]      walk back printing each one and stop at the marker\n"
    )


def far():
    """Walks 30100 cells to the right (past the tape's initial size of
    30000, so the tape grows), prints there, and walks back."""
    lines = ["Walks far to the right so that the tape grows and back again", ""]
    for _ in range(430):
        lines.append(">" * 70)
    g = Gen()
    g.print_string("far right\n")
    lines.append("There print a line")
    lines.append(g.code().strip())
    lines.append("Then the same way back to the left")
    for _ in range(430):
        lines.append("<" * 70)
    g = Gen()
    g.print_string("back home\n")
    lines.append(g.code().strip())
    return "\n".join(lines) + "\n"


def mandel_scan(g, cols, rows, max_iter, frac, nums, counters, iterate, label_print=False):
    """The frame both Mandelbrot programs share: for each of `rows` rows
    and `cols` columns over [-2.1, 0.7] x [-1.2, 1.2] (`frac` fraction
    bits), clear z and iterate at most `max_iter` times, then print the
    palette character of the count. `nums` are the numbers (cr, ci, zr,
    zi, ...) and `counters` the cells (count, it, row, col), allocated by
    the caller; `iterate(one)` generates one iteration, `one` being 1.0 in
    fixed point."""
    cr, ci, zr, zi = nums[:4]
    count, it, row, col = counters
    one = 1 << frac
    x0 = int(-2.1 * one)
    y0 = int(-1.2 * one)
    dx = int(round(2.8 * one / cols))
    dy = int(round(2.4 * one / rows))
    ci.set_const(y0)
    g.add(row, rows)

    def do_row():
        cr.set_const(x0)
        g.add(col, cols)

        def do_col():
            zr.clear()
            zi.clear()
            g.clear(count)
            g.add(it, max_iter)
            g.while_nonzero(it, lambda: iterate(one))
            if label_print:
                g.comment("print")
            palette(g, count, max_iter)
            cr.add_const(dx)
            g.add(col, -1)

        g.while_nonzero(col, do_col)
        g.print_string("\n")
        ci.add_const(dy)
        g.add(row, -1)

    g.while_nonzero(row, do_row)


def mandel(cols, rows, max_iter, bits=16, frac=8):
    """A Mandelbrot set in text, `cols` x `rows` characters over [-2.1,
    0.7] x [-1.2, 1.2]: fixed-point complex arithmetic on numbers stored
    bit-serially in a row of records (`bfgen.Row`), every operation a loop
    walking across the records; the counters are single cells."""
    g = Gen()
    g.comment("Mandelbrot set %d by %d at most %d iterations" % (cols, rows, max_iter))
    g.comment("numbers of %d bits with %d fraction bits one bit per record" % (bits, frac))
    count = g.alloc()
    it = g.alloc()
    row = g.alloc()
    col = g.alloc()
    inside = g.alloc()
    r = g.row(bits, 7)
    cr, ci, zr, zi, zr2, zi2, t = [r.num() for _ in range(7)]

    def iterate(one):
        g.comment("z squared")
        zr.mul(zr, zr2, frac)
        zi.mul(zi, zi2, frac)
        g.comment("escape test")
        t.copy_from(zr2)
        t.add(zi2)
        t.add_const(-4 * one)
        t.sign_to(inside)

        def step():  # |z|^2 < 4: z = z^2 + c
            g.comment("next z")
            zi.mul(zr, zi, frac - 1)
            zi.add(ci)
            zr.copy_from(zr2)
            zr.sub(zi2)
            zr.add(cr)
            g.add(count, 1)
            g.add(it, -1)

        def escaped():
            g.clear(it)

        g.if_else(inside, step, escaped)
        g.clear(inside)

    mandel_scan(g, cols, rows, max_iter, frac, (cr, ci, zr, zi), (count, it, row, col), iterate, True)
    return g.code()


def mandel_unrolled(cols, rows, max_iter, bits=16, frac=8):
    """The same picture with every number a list of bit cells and every
    operation unrolled over the bits (`bfgen.Num`): long straight-line code
    whose loops run once or twice."""
    g = Gen()
    g.comment("Mandelbrot set %d by %d at most %d iterations" % (cols, rows, max_iter))
    cr = g.num_alloc(bits)
    ci = g.num_alloc(bits)
    zr = g.num_alloc(bits)
    zi = g.num_alloc(bits)
    zr2 = g.num_alloc(bits)
    zi2 = g.num_alloc(bits)
    t = g.num_alloc(bits)
    count = g.alloc()
    it = g.alloc()
    row = g.alloc()
    col = g.alloc()

    def iterate(one):
        zr.mul(zr, zr2, frac)
        zi.mul(zi, zi2, frac)
        t.copy_from(zr2)
        t.add(zi2)
        t.add_const(-4 * one)

        def inside():  # |z|^2 < 4: z = z^2 + c
            zr.mul(zi, t, frac - 1)
            zi.copy_from(t)
            zi.add(ci)
            zr.copy_from(zi2)
            zr.negate()
            zr.add(zr2)
            zr.add(cr)
            g.add(count, 1)
            g.add(it, -1)

        def escaped():
            g.clear(it)

        g.if_else(t.sign(), inside, escaped)

    mandel_scan(g, cols, rows, max_iter, frac, (cr, ci, zr, zi), (count, it, row, col), iterate)
    return g.code()


def palette(g, count, max_iter):
    """Prints one character for an iteration count: denser characters for
    points that took longer to escape, `@` for points that never did."""
    chars = " .,:;=+*%@"
    steps = [0, 1, 2, 3, 4, 6, 8, 12, 18]
    ch = g.temp()
    g.add_big(ch, ord(chars[0]))
    prev = chars[0]
    for k, c in zip(steps[1:], chars[1:-1]):
        flag = g.temp()
        g.ge_const(count, k, flag)

        def bump(c=c, prev=prev):
            g.add(ch, ord(c) - ord(prev))

        g.once_if_nonzero(flag, bump)
        g.free(flag)
        prev = c
    flag = g.temp()
    g.eq_const(count, max_iter, flag)

    def last():
        g.clear(ch)
        g.add_big(ch, ord(chars[-1]))

    g.once_if_nonzero(flag, last)
    g.free(flag)
    g.print_cell(ch)
    g.clear(ch)
    g.free(ch)


def bench(outer, middle, inner):
    """Nested counting loops: the innermost adds a running counter into an
    accumulator cell by cell (a loop whose trip count changes every time)."""
    g = Gen()
    g.comment("nested loops %d by %d by %d" % (outer, middle, inner))
    x = g.alloc()
    acc = g.alloc()

    def one_outer():
        def one_middle():
            def one_inner():
                g.add(x, 1)
                g.copy_to(x, acc)

            g.repeat(inner, one_inner)

        g.repeat(middle, one_middle)
        g.print_byte(acc)
        g.print_string(" ")

    g.repeat(outer, one_outer)
    g.print_string("\n")
    return g.code()


# ---------------------------------------------------------------- error programs


def unmatched_close():
    return "A closing bracket without an opening one\n+++[->++<]\n>+]<.\n"


def unmatched_open():
    return "An opening bracket that is never closed\n+[->+<]\n\n  >[+\n<-\n"


def left_edge():
    g = Gen()
    g.print_string("before\n")
    return "Prints a line then moves left of cell 0\n" + g.code() + "\n>>\n<<<\n"


PROGRAMS_LIST = [
    ("hello", hello, None),
    ("squares", squares, None),
    ("fib", fib, None),
    ("upper", upper, "Hello, Brainfuck!\nzebra 0123 [z] {a} @ `\n"),
    ("reverse", reverse, "stressed\ndesserts\n"),
    ("far", far, None),
    ("mandel", lambda: mandel(10, 4, 6, bits=11, frac=4), None),
    ("bench", lambda: bench(4, 6, 10), None),
]

ERROR_LIST = [
    ("unmatched-close", unmatched_close),
    ("unmatched-open", unmatched_open),
    ("left-edge", left_edge),
]

BENCH_LIST = [
    ("mandel", lambda: mandel(48, 18, 24)),
    ("mandel-unrolled", lambda: mandel_unrolled(32, 12, 24)),
    ("bench", lambda: bench(4, 60, 250)),
]


# ---------------------------------------------------------------- writing


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def run_interp(path, stdin):
    r = subprocess.run(
        [sys.executable, os.path.join(BF, "main.py"), path],
        input=stdin.encode(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python")),
    )
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def main():
    check = "--check" in sys.argv[1:]
    os.makedirs(ERRORS, exist_ok=True)
    os.makedirs(BENCH, exist_ok=True)
    failed = False
    only_bench = "--bench" in sys.argv[1:]
    for name, make, stdin in [] if only_bench else PROGRAMS_LIST:
        path = os.path.join(PROGRAMS, name + ".b")
        source = make()
        write(path, source)
        if stdin is not None:
            write(os.path.join(PROGRAMS, name + ".in"), stdin)
        start = time.time()
        status, out, err = run_interp(path, stdin or "")
        took = time.time() - start
        if status != 0:
            print("%s: exit %d: %s" % (name, status, err))
            failed = True
        write(os.path.join(PROGRAMS, name + ".out"), out)
        if check:
            o_status, o_out = oracle.run(source, (stdin or "").encode())
            if o_status != 0 or o_out.decode() != out:
                print("%s: the oracle disagrees" % name)
                failed = True
        print("%-16s %7d chars, %5d output characters, %.1f s" % (name, len(source), len(out), took))
    for name, make in [] if only_bench else ERROR_LIST:
        path = os.path.join(ERRORS, name + ".b")
        write(path, make())
        status, out, err = run_interp(path, "")
        if status != 1:
            print("%s: exit %d (expected 1)" % (name, status))
            failed = True
        write(os.path.join(ERRORS, name + ".out"), out)
        write(os.path.join(ERRORS, name + ".err"), err.replace(PROGRAMS + "/", ""))
        print("%-16s %s" % ("errors/" + name, err.strip()))
    for name, make in BENCH_LIST:
        path = os.path.join(BENCH, name + ".b")
        write(path, make())
        print("%-16s %7d chars (benchmark)" % ("bench/" + name, os.path.getsize(path)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
