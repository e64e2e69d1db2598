"""A tiny structured language that compiles to Brainfuck.

The guest programs of `examples/brainfuck/programs/` are written with it
(`programs.py`); this is ordinary Python 3, run on CPython at generation
time, not Kiln Python.

A program is Python code calling a `Gen`: it allocates named cells on the
tape, and its methods emit Brainfuck for structured statements over them
(`set`, `add`, `copy`, `while_nonzero`, `if_nonzero`, `if_else`, `repeat`,
printing, byte comparison, ...). The generator tracks where the pointer is
at generation time, so every statement starts by moving the pointer to the
cells it uses. Loops always end with the pointer where they started, so the
tracked position is exact.

Cells hold bytes (0..255, wrapping), the usual Brainfuck model. On top of
bytes, `Num` is a signed fixed-point number of N cells each holding one bit
(two's complement, least significant bit first), with addition, negation
and multiplication built from full adders: the arithmetic of the mandelbrot
renderer.

Conventions: a freshly allocated cell is zero, and a cell must be zero when
it is freed (temporaries are freed by the statement that made them).
"""


class Gen:
    """Emits Brainfuck for structured statements over named cells."""

    def __init__(self):
        self.out = []
        self.ptr = 0
        self.used = set()

    # ------------------------------------------------------------ cells

    def alloc(self, n=1):
        """`n` adjacent zero cells (the lowest free run); their first index."""
        start = 0
        while True:
            if all((start + i) not in self.used for i in range(n)):
                for i in range(n):
                    self.used.add(start + i)
                return start
            start += 1

    def free(self, *cells):
        for c in cells:
            self.used.remove(c)

    def temp(self):
        return self.alloc(1)

    # ------------------------------------------------------------ raw output

    def emit(self, text):
        self.out.append(text)

    def comment(self, text):
        """A comment in the program text (letters and spaces only, so it
        cannot contain commands)."""
        clean = "".join(ch if ch.isalnum() or ch == " " else " " for ch in text)
        self.emit("\n" + clean.strip() + "\n")

    def move_to(self, cell):
        d = cell - self.ptr
        self.emit(">" * d if d > 0 else "<" * (-d))
        self.ptr = cell

    def code(self):
        """The program text, wrapped at 72 columns (comments stay on their
        own lines)."""
        text = "".join(self.out)
        lines = []
        for piece in text.split("\n"):
            while len(piece) > 72 and not any(ch.isalpha() for ch in piece):
                lines.append(piece[:72])
                piece = piece[72:]
            if piece != "":
                lines.append(piece)
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------ bytes

    def add(self, cell, k):
        """cell += k (mod 256)."""
        k %= 256
        self.move_to(cell)
        self.emit("+" * k if k <= 128 else "-" * (256 - k))

    def clear(self, cell):
        self.move_to(cell)
        self.emit("[-]")

    def set(self, cell, k):
        """cell = k, with a multiplication loop for large constants."""
        self.clear(cell)
        self.add_big(cell, k)

    def add_big(self, cell, k):
        """cell += k, using a multiplication loop when that is shorter."""
        k %= 256
        if k > 128:
            k -= 256
        if abs(k) < 16:
            self.add(cell, k)
            return
        best = None
        for f in range(2, 16):
            q, r = divmod(abs(k), f)
            if r > f // 2:
                q, r = q + 1, r - f
            cost = f + q + abs(r)
            if best is None or cost < best[0]:
                best = (cost, f, q, r)
        _, f, q, r = best
        sign = 1 if k > 0 else -1
        t = self.temp()
        self.add(t, f)
        self.move_to(t)
        self.emit("[")
        self.add(t, -1)
        self.add(cell, sign * q)
        self.move_to(t)
        self.emit("]")
        self.add(cell, sign * r)
        self.free(t)

    def move(self, src, *dsts):
        """Each dst += src (a dst may be (cell, factor)); src becomes 0."""
        self.move_to(src)
        self.emit("[")
        self.add(src, -1)
        for d in dsts:
            cell, factor = d if isinstance(d, tuple) else (d, 1)
            self.add(cell, factor)
        self.move_to(src)
        self.emit("]")

    def copy_to(self, src, *dsts):
        """Each dst += src; src is kept."""
        t = self.temp()
        self.move(src, t, *dsts)
        self.move(t, src)
        self.free(t)

    def copy(self, src):
        """A new temporary holding src's value (free it when done)."""
        t = self.temp()
        self.copy_to(src, t)
        return t

    def while_nonzero(self, cell, body):
        """while cell != 0: body()"""
        self.move_to(cell)
        self.emit("[")
        body()
        self.move_to(cell)
        self.emit("]")

    def once_if_nonzero(self, cell, body):
        """if cell != 0: body(); cell = 0 (destroys the flag)."""
        self.move_to(cell)
        self.emit("[")
        body()
        self.clear(cell)
        self.emit("]")

    def if_nonzero(self, cell, body):
        """if cell != 0: body()   (cell is kept)"""
        t = self.copy(cell)
        self.once_if_nonzero(t, body)
        self.free(t)

    def if_else(self, cell, then, otherwise):
        """if cell != 0: then() else: otherwise()"""
        t = self.copy(cell)
        e = self.temp()
        self.add(e, 1)

        def then_part():
            self.add(e, -1)
            then()

        self.once_if_nonzero(t, then_part)

        def else_part():
            otherwise()

        self.move_to(e)
        self.emit("[")
        self.add(e, -1)
        else_part()
        self.move_to(e)
        self.emit("]")
        self.free(t, e)

    def if_zero(self, cell, body):
        self.if_else(cell, lambda: None, body)

    def repeat(self, n, body):
        """Run body() n times (a counter cell; n may be up to 255)."""
        c = self.temp()
        self.add(c, n)

        def step():
            body()
            self.add(c, -1)

        self.while_nonzero(c, step)
        self.free(c)

    def loop_counter(self, counter, body):
        """while counter != 0: body(); counter -= 1"""

        def step():
            body()
            self.add(counter, -1)

        self.while_nonzero(counter, step)

    def bool_not(self, flag):
        """flag (0 or 1) = 1 - flag"""
        t = self.temp()
        self.add(t, 1)
        self.move(flag, (t, -1))
        self.move(t, flag)
        self.free(t)

    def eq_const(self, cell, k, flag):
        """flag += 1 if cell == k else 0."""
        t = self.copy(cell)
        self.add(t, -k)
        self.add(flag, 1)

        def differs():
            self.add(flag, -1)

        self.once_if_nonzero(t, differs)
        self.free(t)

    def ge_const(self, cell, k, flag):
        """flag += 1 if cell >= k else 0 (unsigned bytes, k >= 1): count
        cell down k times, noting when it reaches 0 first."""
        t = self.copy(cell)
        self.add(flag, 1)

        def step():
            def down():
                self.add(t, -1)

            def bottom():
                self.clear(flag)

            self.if_else(t, down, bottom)

        self.repeat(k, step)
        self.clear(t)
        self.free(t)

    def ge(self, a, b, flag):
        """flag += 1 if a >= b else 0 (unsigned bytes): count both down
        together until b reaches 0 (a >= b) or a reaches 0 first."""
        ta = self.copy(a)
        tb = self.copy(b)
        self.add(flag, 1)

        def step():
            def both():
                self.add(ta, -1)
                self.add(tb, -1)

            def a_first():
                self.clear(flag)
                self.clear(tb)

            self.if_else(ta, both, a_first)

        self.while_nonzero(tb, step)
        self.clear(ta)
        self.free(ta, tb)

    def divmod_const(self, cell, d, quot, rem):
        """quot += cell // d, rem += cell % d (cell is kept)."""
        r = self.copy(cell)
        flag = self.temp()
        self.ge_const(r, d, flag)

        def step():
            self.add(r, -d)
            self.add(quot, 1)
            self.clear(flag)
            self.ge_const(r, d, flag)

        self.while_nonzero(flag, step)
        self.move(r, rem)
        self.free(r, flag)

    def split_parity(self, t, out):
        """t holds 0..2 (the sum of two bits), out is 0: out = t & 1, t = 0."""
        self.move_to(t)
        self.emit("[")
        self.add(t, -1)
        self.add(out, 1)
        self.move_to(t)
        self.emit("[")
        self.add(t, -1)
        self.add(out, -1)
        self.move_to(t)
        self.emit("]]")

    # ------------------------------------------------------------ printing

    def print_cell(self, cell):
        self.move_to(cell)
        self.emit(".")

    def print_string(self, text):
        """Print constant text through one temporary cell, stepping its
        value from one character to the next."""
        t = self.temp()
        value = 0
        for ch in text:
            self.add_big(t, ord(ch) - value)
            value = ord(ch)
            self.print_cell(t)
        self.clear(t)
        self.free(t)

    def print_char_of(self, cell, base):
        """Print chr(cell + base) (the cell is kept)."""
        self.add(cell, base)
        self.print_cell(cell)
        self.add(cell, -base)

    def print_byte(self, cell):
        """Print an unsigned byte in decimal, without leading zeros."""
        hundreds = self.temp()
        rest = self.temp()
        self.divmod_const(cell, 100, hundreds, rest)
        tens = self.temp()
        ones = self.temp()
        self.divmod_const(rest, 10, tens, ones)
        printed = self.temp()  # a digit has been printed

        def print_hundreds():
            self.print_char_of(hundreds, ord("0"))
            self.set(printed, 1)

        self.if_nonzero(hundreds, print_hundreds)
        any_tens = self.copy(tens)
        self.copy_to(printed, any_tens)

        def print_tens():
            self.print_char_of(tens, ord("0"))

        self.once_if_nonzero(any_tens, print_tens)
        self.print_char_of(ones, ord("0"))
        for c in (hundreds, rest, tens, ones, printed, any_tens):
            self.clear(c)
        self.free(hundreds, rest, tens, ones, printed, any_tens)

    # ------------------------------------------------------------ decimal numbers

    def dec_alloc(self, digits):
        """A decimal number: `digits` cells holding 0..9, least
        significant first."""
        return [self.alloc() for _ in range(digits)]

    def dec_set(self, num, value):
        for i, c in enumerate(num):
            self.set(c, (value // 10 ** i) % 10)

    def dec_add(self, a, b):
        """a += b (decimal digit cells of the same length, not the same
        number; the carry out of the top digit is lost)."""
        carry = self.temp()
        for i in range(len(a)):
            s = self.temp()
            self.move(a[i], s)
            self.copy_to(b[i], s)
            self.move(carry, s)
            # s is 0..19: a[i] = s % 10, carry = s // 10
            flag = self.temp()
            self.ge_const(s, 10, flag)

            def wrap(s=s):
                self.add(s, -10)
                self.add(carry, 1)

            self.once_if_nonzero(flag, wrap)
            self.move(s, a[i])
            self.free(s, flag)
        self.clear(carry)
        self.free(carry)

    def dec_print(self, num):
        """Print a decimal number without leading zeros."""
        printed = self.temp()
        for i in reversed(range(len(num))):
            d = num[i]
            if i == 0:
                self.print_char_of(d, ord("0"))
                continue
            show = self.copy(d)
            self.copy_to(printed, show)

            def digit(d=d):
                self.print_char_of(d, ord("0"))
                self.set(printed, 1)

            self.once_if_nonzero(show, digit)
            self.free(show)
        self.clear(printed)
        self.free(printed)

    # ------------------------------------------------------------ fixed-point bit numbers

    def num_alloc(self, bits):
        return Num(self, [self.alloc() for _ in range(bits)])


class Num:
    """A signed number of bit cells (two's complement, least significant
    first), used as fixed point by its callers."""

    def __init__(self, g, cells):
        self.g = g
        self.cells = cells

    @property
    def n(self):
        return len(self.cells)

    def sign(self):
        return self.cells[-1]

    def clear(self):
        for c in self.cells:
            self.g.clear(c)

    def free(self):
        self.g.free(*self.cells)

    def set_const(self, value):
        """Set to a constant (two's complement of `value`)."""
        value %= 1 << self.n
        for i, c in enumerate(self.cells):
            self.g.clear(c)
            if (value >> i) & 1:
                self.g.add(c, 1)

    def copy_from(self, other):
        """self = other (self's cells are cleared first)."""
        for a, b in zip(self.cells, other.cells):
            self.g.clear(a)
            self.g.copy_to(b, a)

    def _split(self, s, bit, carry):
        """s holds 0..3: bit += s & 1, carry += s >> 1, s = 0. Each of
        the nested loops runs at most once."""
        g = self.g
        g.move_to(s)
        g.emit("[")
        g.add(s, -1)
        g.add(bit, 1)
        g.move_to(s)
        g.emit("[")
        g.add(s, -1)
        g.add(bit, -1)
        g.add(carry, 1)
        g.move_to(s)
        g.emit("[")
        g.add(s, -1)
        g.add(bit, 1)
        g.move_to(s)
        g.emit("]]]")

    def add(self, other):
        """self += other (mod 2^n): a ripple-carry adder."""
        g = self.g
        carry = g.temp()
        s = g.temp()
        for i in range(self.n):
            a = self.cells[i]
            g.move(a, s)
            g.copy_to(other.cells[i], s)
            g.move(carry, s)
            self._split(s, a, carry)
        g.clear(carry)
        g.free(carry, s)

    def add_const(self, value):
        """self += value (mod 2^n)."""
        g = self.g
        value %= 1 << self.n
        carry = g.temp()
        s = g.temp()
        for i in range(self.n):
            a = self.cells[i]
            g.move(a, s)
            if (value >> i) & 1:
                g.add(s, 1)
            g.move(carry, s)
            self._split(s, a, carry)
        g.clear(carry)
        g.free(carry, s)

    def invert(self):
        g = self.g
        t = g.temp()
        for a in self.cells:
            g.add(t, 1)
            g.move(a, (t, -1))
            g.move(t, a)
        g.free(t)

    def negate(self):
        """self = -self"""
        self.invert()
        self.add_const(1)

    def negate_if(self, flag):
        """self = -self if flag != 0 (flag is kept)."""
        self.g.if_nonzero(flag, self.negate)

    def mul(self, other, result, shift):
        """result = (self * other) >> shift, rounding toward zero (result is
        cleared first; the magnitudes' product must fit).

        Shift-and-add on magnitudes: each of n rounds adds the multiplicand
        to the high half when the multiplier's low bit is 1, then shifts the
        (high half, multiplier) pair right by one, so that after n rounds the
        pair holds the full product.
        """
        g = self.g
        n = self.n
        neg = g.temp()  # sign of the result: sign(self) xor sign(other)
        g.copy_to(self.sign(), neg)
        g.copy_to(other.sign(), neg)
        t = g.temp()
        g.move(neg, t)
        g.split_parity(t, neg)
        g.free(t)
        a = g.num_alloc(n)
        a.copy_from(self)
        a.negate_if(self.sign())
        b = g.num_alloc(n)
        b.copy_from(other)
        b.negate_if(other.sign())
        high = g.num_alloc(n)
        counter = g.temp()
        g.add(counter, n)

        def round_():
            bit = g.temp()
            g.move(b.cells[0], bit)

            def add_multiplicand():
                high.add(a)

            g.once_if_nonzero(bit, add_multiplicand)
            g.free(bit)
            for i in range(n - 1):
                g.move(b.cells[i + 1], b.cells[i])
            g.move(high.cells[0], b.cells[n - 1])
            for i in range(n - 1):
                g.move(high.cells[i + 1], high.cells[i])
            g.add(counter, -1)

        g.while_nonzero(counter, round_)
        g.free(counter)
        product = b.cells + high.cells
        result.clear()
        for j in range(n):
            g.copy_to(product[shift + j], result.cells[j])
        result.negate_if(neg)
        for c in product:
            g.clear(c)
        a.clear()
        a.free()
        b.free()
        high.free()
        g.clear(neg)
        g.free(neg)

