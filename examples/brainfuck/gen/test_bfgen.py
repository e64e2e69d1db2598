"""Checks the generator's statements: small programs are generated, run by
the oracle (Brainfuck compiled to C), and their output compared with what
the same computation gives in Python.

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


def main():
    tests = [test_bytes, test_compare, test_decimal, test_num]
    for t in tests:
        t()
        print("ok", t.__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
