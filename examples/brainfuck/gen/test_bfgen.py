"""Checks the generator's statements: small programs are generated, run by
the oracle (Brainfuck compiled to C), and their output compared with what
the same computation gives in Python. The record-based numbers (`Row`) are
also run by a tiny evaluator here, to look at the whole tape afterwards,
and their code is checked not to grow with the number of bits.

    python3 test_bfgen.py
"""

import random
import sys

from bfgen import Gen
import oracle


def output(g, stdin=b""):
    status, out = oracle.run(g.code(), stdin)
    assert status == 0, status
    return out.decode()


def print_num_bits(g, num):
    """Print a Num's bits, most significant first, then a newline."""
    for c in reversed(num.cells):
        g.print_char_of(c, ord("0"))
    g.print_string("\n")


def to_signed(bits_text):
    v = int(bits_text, 2)
    n = len(bits_text)
    return v - (1 << n) if v >> (n - 1) else v


def test_bytes():
    g = Gen()
    x = g.alloc()
    values = [0, 1, 9, 10, 99, 100, 101, 199, 255]
    for v in values:
        g.set(x, v)
        g.print_byte(x)
        g.print_string(" ")
    g.print_string("\n")
    assert output(g) == " ".join(str(v) for v in values) + " \n"


def test_compare():
    g = Gen()
    a = g.alloc()
    b = g.alloc()
    f = g.alloc()
    pairs = [(0, 0), (0, 1), (1, 0), (5, 5), (200, 13), (13, 200), (255, 255)]
    for x, y in pairs:
        g.set(a, x)
        g.set(b, y)
        g.clear(f)
        g.ge(a, b, f)
        g.print_char_of(f, ord("0"))
        g.clear(f)
        g.ge_const(a, 13, f)
        g.print_char_of(f, ord("0"))
        g.clear(f)
        g.eq_const(a, 5, f)
        g.print_char_of(f, ord("0"))
        g.print_string(" ")
    expected = "".join("%d%d%d " % (x >= y, x >= 13, x == 5) for x, y in pairs)
    assert output(g) == expected, (output(g), expected)


def test_decimal():
    g = Gen()
    a = g.dec_alloc(6)
    b = g.dec_alloc(6)
    g.dec_set(a, 999)
    g.dec_set(b, 12345)
    g.dec_add(a, b)
    g.dec_print(a)
    g.print_string(" ")
    g.dec_add(b, a)
    g.dec_print(b)
    g.print_string(" ")
    g.dec_set(b, 0)
    g.dec_print(b)
    assert output(g) == "13344 25689 0", output(g)


def test_num(seed=1, cases=6):
    rng = random.Random(seed)
    n = 14
    g = Gen()
    x = g.num_alloc(n)
    y = g.num_alloc(n)
    r = g.num_alloc(n)
    expected = []
    for _ in range(cases):
        a = rng.randint(-3000, 3000)
        b = rng.randint(-3000, 3000)
        shift = rng.choice([6, 7, 8])
        x.set_const(a)
        y.set_const(b)
        r.copy_from(x)
        r.add(y)
        print_num_bits(g, r)
        expected.append((a + b + 8192) % 16384 - 8192)
        r.copy_from(x)
        r.negate()
        print_num_bits(g, r)
        expected.append(-a)
        r.copy_from(x)
        r.add_const(-77)
        print_num_bits(g, r)
        expected.append(a - 77)
        x.set_const(a // 8)
        y.set_const(b // 8)
        x.mul(y, r, shift)
        print_num_bits(g, r)
        p = abs(a // 8) * abs(b // 8) >> shift
        expected.append(-p if (a // 8 < 0) != (b // 8 < 0) else p)
    got = [to_signed(line) for line in output(g).split("\n") if line]
    assert got == expected, list(zip(got, expected))
    assert sorted(g.used) == sorted(x.cells + y.cells + r.cells), "temporaries leaked"


# ---------------------------------------------------------------- records


def wrap(v, n):
    """v as a signed n-bit number."""
    v %= 1 << n
    return v - (1 << n) if v >> (n - 1) else v


def mul_expected(a, b, shift, n):
    p = (abs(a) * abs(b)) >> shift
    return wrap(-p if (a < 0) != (b < 0) else p, n)


def evaluate(code, limit=20000000):
    """A tiny Brainfuck evaluator: (output, tape)."""
    ops = [ch for ch in code if ch in "+-<>[].,"]
    match = {}
    stack = []
    for i, ch in enumerate(ops):
        if ch == "[":
            stack.append(i)
        elif ch == "]":
            j = stack.pop()
            match[i] = j
            match[j] = i
    tape = [0] * 4096
    out = []
    p = pc = steps = 0
    while pc < len(ops):
        ch = ops[pc]
        if ch == "+":
            tape[p] = (tape[p] + 1) & 255
        elif ch == "-":
            tape[p] = (tape[p] - 1) & 255
        elif ch == ">":
            p += 1
        elif ch == "<":
            p -= 1
            assert p >= 0
        elif ch == "[":
            if tape[p] == 0:
                pc = match[pc]
        elif ch == "]":
            if tape[p] != 0:
                pc = match[pc]
        elif ch == ".":
            out.append(chr(tape[p]))
        pc += 1
        steps += 1
        assert steps < limit, "runs too long"
    return "".join(out), tape


def check_row_ops(n, seed, cases):
    """Every Row operation on random and edge values, against Python."""
    rng = random.Random(seed)
    g = Gen()
    flag = g.alloc()
    row = g.row(n, 3)
    x, y, r = row.num(), row.num(), row.num()
    expected = []
    top = 1 << (n - 1)

    def show(num, value):
        num.print_bits()
        g.print_string("\n")
        expected.append(wrap(value, n))

    def show_flag(value):
        g.print_char_of(flag, ord("0"))
        g.print_string("\n")
        g.clear(flag)
        expected.append(value)

    # carries across all the bits, wrap-around, the most negative number
    edges = [(-1, 1), (top - 1, 1), (-top, -1), (-top, 0), (0, 0), (1, -1), (5, -top)]
    small = int((top << 4) ** 0.5) // 2
    pairs = edges + [
        (rng.randint(-top, top - 1), rng.randint(-top, top - 1)) for _ in range(cases)
    ]
    for a, b in pairs:
        x.set_const(a)
        y.set_const(b)
        show(x, a)
        r.copy_from(x)
        r.add(y)
        show(r, a + b)
        r.sub(x)
        show(r, b)
        r.copy_from(x)
        r.sub(y)
        show(r, a - b)
        r.negate()
        show(r, b - a)
        c = rng.randint(-top // 2, top // 2)
        r.add_const(c)
        show(r, b - a + c)
        x.sign_to(flag)
        show_flag(int(a < 0))
        if abs(a) < top // 2 and abs(b) < top // 2:
            x.less_than(y, flag)
            show_flag(int(a < b))
            y.less_than(x, flag)
            show_flag(int(b < a))
    # products: both signs, squares, the result in place of an operand
    values = [0, 1, -1, small, -small] + [rng.randint(-small, small) for _ in range(cases)]
    for i, a in enumerate(values):
        b = values[(i * 7 + 3) % len(values)]
        shift = rng.choice([0, 1, 4, n // 2])
        x.set_const(a)
        y.set_const(b)
        x.mul(y, r, shift)
        show(r, mul_expected(a, b, shift, n))
        x.mul(x, r, shift)
        show(r, mul_expected(a, a, shift, n))
        x.mul(y, y, 4)
        show(y, mul_expected(a, b, 4, n))
        x.mul(y, x, 4)
        show(x, mul_expected(a, mul_expected(a, b, 4, n), 4, n))
    got = [to_signed(line) if len(line) == n else int(line) for line in output(g).split("\n") if line]
    assert got == expected, [(i, a, b) for i, (a, b) in enumerate(zip(got, expected)) if a != b]


def test_row_ops():
    check_row_ops(14, seed=2, cases=6)
    check_row_ops(9, seed=3, cases=4)


def test_row_leaves_a_clean_tape():
    """After the operations only the markers and the numbers' bits are set
    on the row, and the single cells used are back to 0."""
    n = 10
    g = Gen()
    flag = g.alloc()
    row = g.row(n, 3)
    x, y, r = row.num(), row.num(), row.num()
    x.set_const(-77)
    y.set_const(45)
    x.mul(y, r, 3)
    x.mul(x, y, 2)
    r.add(x)
    r.sub(y)
    r.negate()
    r.add_const(-300)
    x.less_than(r, flag)
    r.sign_to(flag)
    g.clear(flag)
    _, tape = evaluate(g.code())
    want = {}
    for k in range(1, n + 1):
        want[row.cell(k, row.M)] = 1
    values = {x: -77, y: mul_expected(-77, -77, 2, n)}
    values[r] = wrap(-(mul_expected(-77, 45, 3, n) + values[x] - values[y]) - 300, n)
    for num, v in values.items():
        for k in range(n):
            if (v % (1 << n)) >> k & 1:
                want[row.cell(k + 1, num.field)] = 1
    got = {i: v for i, v in enumerate(tape) if v}
    assert got == want, sorted(set(got.items()) ^ set(want.items()))


def test_row_code_does_not_grow_with_bits():
    """An operation's code is the same text whatever the number of bits
    (the bits only set how many records the start-up code marks)."""

    def op_code(bits, op):
        g = Gen()
        flag = g.alloc()
        row = g.row(bits, 3)
        x, y, r = row.num(), row.num(), row.num()
        start = len("".join(g.out))
        op(x, y, r, flag)
        return "".join(g.out)[start:]

    ops = {
        "clear": lambda x, y, r, f: x.clear(),
        "copy": lambda x, y, r, f: r.copy_from(x),
        "add": lambda x, y, r, f: r.add(x),
        "sub": lambda x, y, r, f: r.sub(y),
        "negate": lambda x, y, r, f: r.negate(),
        "set_const": lambda x, y, r, f: r.set_const(-537),
        "add_const": lambda x, y, r, f: r.add_const(22),
        "sign_to": lambda x, y, r, f: x.sign_to(f),
        "less_than": lambda x, y, r, f: x.less_than(y, f),
        "mul": lambda x, y, r, f: x.mul(y, r, 7),
        "square": lambda x, y, r, f: x.mul(x, r, 7),
    }
    for name, op in ops.items():
        codes = [op_code(bits, op) for bits in (12, 16, 40, 200)]
        assert all(c == codes[0] for c in codes), name
        assert len(codes[0]) < 4000, (name, len(codes[0]))


def main():
    tests = [
        test_bytes,
        test_compare,
        test_decimal,
        test_num,
        test_row_ops,
        test_row_leaves_a_clean_tape,
        test_row_code_does_not_grow_with_bits,
    ]
    for t in tests:
        t()
        print("ok", t.__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
