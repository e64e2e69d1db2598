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
bytes, two kinds of signed fixed-point numbers (two's complement, one bit
per cell, least significant bit first):

- `Num`: N separately addressed bit cells; its addition, negation and
  multiplication are unrolled over the bits (code linear in N, loops that
  run once or twice): the arithmetic of `mandel-unrolled.b`.
- `Rnum`: one field of a `Row`, a row of records on the tape, record k
  holding bit k of every number beside marker and working cells; every
  operation is a loop that walks across the records (code independent of
  N, loops that run N times): the arithmetic of `mandel.b`.

Conventions: a freshly allocated cell is zero, and a cell must be zero when
it is freed (temporaries are freed by the statement that made them).
"""


class Gen:
    """Emits Brainfuck for structured statements over named cells."""

    def __init__(self):
        self.out = []
        self.ptr = 0
        self.used = set()
        # Set by a `Row`: single cells must stay below it (close to it, so
        # that moving between them and the row does not depend on the row's
        # length), and none may be allocated inside a walk over the records.
        self.limit = None
        self.walking = False

    # ------------------------------------------------------------ cells

    def alloc(self, n=1):
        """`n` adjacent zero cells (the lowest free run); their first index."""
        assert not self.walking, "a cell allocated inside a walk over records"
        start = 0
        while True:
            if all((start + i) not in self.used for i in range(n)):
                if self.limit is not None and start + n > self.limit:
                    raise RuntimeError("no free cell left below the row of records")
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
            if not any(ch.isalpha() for ch in piece):
                while len(piece) > 72:
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

    # ------------------------------------------------------------ records

    def row(self, bits, fields, spare=8):
        """A row of `bits` records with `fields` number fields each (see
        `Row`), placed `spare` cells after the cells allocated so far."""
        return Row(self, bits, fields, spare)

    def split_sum(self, s, bit, carry):
        """s holds 0..3: bit += s & 1, carry += s >> 1, s = 0 (the nested
        loops each run at most once)."""
        self.move_to(s)
        self.emit("[")
        self.add(s, -1)
        self.add(bit, 1)
        self.move_to(s)
        self.emit("[")
        self.add(s, -1)
        self.add(bit, -1)
        self.add(carry, 1)
        self.move_to(s)
        self.emit("[")
        self.add(s, -1)
        self.add(bit, 1)
        self.move_to(s)
        self.emit("]]]")


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
            self.g.split_sum(s, a, carry)
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
            self.g.split_sum(s, a, carry)
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


class Row:
    """Fixed-point numbers stored bit-serially in a row of records, with
    arithmetic done by loops that walk across the records.

    The tape holds `n + 2` records of `w` cells: a head record, one record
    per bit (record k holds bit k-1 of every number, least significant
    first), and a tail record. Field 0 of a record is its marker: 1 in the
    bit records, 0 in the head and the tail, so `[>>>..>]` on the marker
    scans to the tail and `[<<<..<]` back to the head. The next fields are
    the walks' working cells (the multiplier, a flag that travels with a
    walk, the multiplicand, a temporary, a transport cell, the carry and
    the sum); the rest are the numbers (`Rnum`, one field each, signed
    two's complement of n bits). Single cells (counters, flags) stay below
    the row, `spare` cells being left free for them.

    Every operation starts and ends with the pointer on the head's marker
    (an absolute position the generator knows). It is a loop whose body
    handles one record (the current record; it may touch the previous and
    the next one) and steps `w` cells right, or left: the body is generated
    once, as if the current record were record 1, so an operation's code
    does not depend on the number of bits; `n` only sets how many records
    the start-up code marks. Between operations every working cell is 0.
    """

    # field numbers: the walks' working cells first, those used together
    # next to each other and the sum cell next to the numbers
    M, B, F, A, U, D, C, S = range(8)
    FIXED = 8

    def __init__(self, g, bits, fields, spare=8):
        assert g.limit is None, "one row per program"
        assert 2 <= bits <= 255
        self.g = g
        self.n = bits
        self.w = self.FIXED + fields
        self.fields = list(range(self.FIXED, self.w))
        start = max(g.used) + 1 if g.used else 0
        self.base = start + spare
        for c in range(self.base, self.base + self.w * (bits + 2)):
            g.used.add(c)
        g.limit = self.base
        self._mark_records()

    def num(self):
        """The next free number field."""
        return Rnum(self, self.fields.pop(0))

    def cell(self, k, f):
        """Field f of record k (0 = head). Inside a walk's body, record 1
        is the current record, 0 the one before it, 2 the one after."""
        return self.base + k * self.w + f

    def _mark_records(self):
        """Set the markers of records 1..n: a counter in the head's sum
        cell walks right, marking each record it enters."""
        g, c = self.g, self.cell
        g.comment("a row of %d records of %d cells" % (self.n, self.w))
        g.add_big(c(0, self.S), self.n)
        g.move_to(c(0, self.S))
        g.emit("[")
        g.add(c(0, self.S), -1)
        g.move(c(0, self.S), c(1, self.S))
        g.add(c(1, self.M), 1)
        g.move_to(c(1, self.S))
        g.emit("]")
        # on record n (0 there): back to the head
        g.move_to(c(1, self.M))
        g.emit("[" + "<" * self.w + "]")
        g.ptr = c(0, self.M)

    # ------------------------------------------------------------ walks

    def walk_right(self, body, tail=None, back=None):
        """From the head: run body() on records 1..n (left to right), then
        tail() on record n+1 (the tail, record 2 there; record 1 is n),
        then return to the head: a plain scan, or a loop running back() on
        records n..1 (right to left) when back is given."""
        g, c, w = self.g, self.cell, self.w
        g.move_to(c(1, self.M))
        g.emit("[")
        g.walking = True
        body()
        g.move_to(c(2, self.M))
        g.emit("]")
        if tail is not None:
            tail()
        if back is None:
            g.move_to(c(2, self.M))
            g.emit("<" * w + "[" + "<" * w + "]")
        else:
            g.move_to(c(1, self.M))
            g.emit("[")
            back()
            g.move_to(c(0, self.M))
            g.emit("]")
        g.walking = False
        g.ptr = c(0, self.M)

    def walk_left(self, body, before=None):
        """From the head: scan to the tail, run before() on record n
        (record 1 there, the tail is 2), then body() on records n..1 (right
        to left), ending on the head."""
        g, c, w = self.g, self.cell, self.w
        g.move_to(c(1, self.M))
        g.emit("[" + ">" * w + "]")
        g.ptr = c(2, self.M)
        g.walking = True
        if before is not None:
            before()
        g.move_to(c(1, self.M))
        g.emit("[")
        body()
        g.move_to(c(0, self.M))
        g.emit("]")
        g.walking = False
        g.ptr = c(0, self.M)

    def _copy_in(self, src, *dsts):
        """Each dst += field src of the current record (kept), through U."""
        c = self.cell
        self.g.move(c(1, src), c(1, self.U), *dsts)
        self.g.move(c(1, self.U), c(1, src))

    def _clear_tail(self, *fields):
        for f in fields:
            self.g.clear(self.cell(2, f))

    # ------------------------------------------------------------ operations

    def clear(self, f):
        self.walk_right(lambda: self.g.clear(self.cell(1, f)))

    def copy(self, dst, src):
        """dst = src"""
        assert dst != src
        c = self.cell

        def body():
            self.g.clear(c(1, dst))
            self._copy_in(src, c(1, dst))

        self.walk_right(body)

    def add(self, dst, src):
        """dst += src (mod 2^n): a ripple-carry adder whose carry moves to
        the next record."""
        assert dst != src
        g, c = self.g, self.cell

        def body():
            g.move(c(1, dst), c(1, self.S))
            g.move(c(1, self.C), c(1, self.S))
            self._copy_in(src, c(1, self.S))
            g.split_sum(c(1, self.S), c(1, dst), c(2, self.C))

        self.walk_right(body, tail=lambda: self._clear_tail(self.C))

    def sub(self, dst, src):
        """dst -= src (mod 2^n): dst + ~src + 1, the 1 as the first carry."""
        assert dst != src
        g, c = self.g, self.cell
        g.add(c(1, self.C), 1)

        def body():
            g.add(c(1, self.S), 1)
            g.move(c(1, dst), c(1, self.S))
            g.move(c(1, self.C), c(1, self.S))
            self._copy_in(src, (c(1, self.S), -1))
            g.split_sum(c(1, self.S), c(1, dst), c(2, self.C))

        self.walk_right(body, tail=lambda: self._clear_tail(self.C))

    def negate(self, *fs):
        """f = -f (mod 2^n) for one or two fields: ~f + 1, the 1 as the
        first carry (the second field's carry is the transport cell)."""
        g, c = self.g, self.cell
        assert 1 <= len(fs) <= 2
        carries = [self.C, self.D][: len(fs)]
        for carry in carries:
            g.add(c(1, carry), 1)

        def body():
            for f, carry in zip(fs, carries):
                g.add(c(1, self.S), 1)
                g.move(c(1, f), (c(1, self.S), -1))
                g.move(c(1, carry), c(1, self.S))
                g.split_sum(c(1, self.S), c(1, f), c(2, carry))

        self.walk_right(body, tail=lambda: self._clear_tail(*carries))

    def add_const(self, f, value, clear=False):
        """f += value (f = value when clear): the constant's bits are put in
        the transport field of the first records (code for as many records
        as the constant has bits), then one walk adds (or, for a negative
        constant, subtracts) them."""
        g, c = self.g, self.cell
        mag = abs(value)
        assert mag.bit_length() <= self.n, "constant too large"
        for i in range(mag.bit_length()):
            if (mag >> i) & 1:
                g.add(c(i + 1, self.D), 1)
        neg = value < 0
        if neg:
            g.add(c(1, self.C), 1)

        def body():
            if clear:
                g.clear(c(1, f))
            if neg:
                g.add(c(1, self.S), 1)
            g.move(c(1, f), c(1, self.S))
            g.move(c(1, self.C), c(1, self.S))
            g.move(c(1, self.D), (c(1, self.S), -1 if neg else 1))
            g.split_sum(c(1, self.S), c(1, f), c(2, self.C))

        self.walk_right(body, tail=lambda: self._clear_tail(self.C))

    def sign_to(self, f, dst):
        """dst += the sign bit of f (1 when f < 0): the top bit is copied
        to the transport field and carried back to record 1."""
        g, c = self.g, self.cell

        def before():
            self._copy_in(f, c(1, self.D))

        def body():
            g.move(c(2, self.D), c(1, self.D))

        self.walk_left(body, before)
        g.move(c(1, self.D), dst)

    def less_than(self, a, b, dst):
        """dst += 1 if a < b else 0 (signed; a - b must not overflow): a
        walk computes a - b keeping only the carry and the latest bit, which
        the walk back carries to record 1."""
        assert a != b
        g, c = self.g, self.cell
        g.add(c(1, self.C), 1)

        def body():
            g.clear(c(1, self.D))
            g.add(c(1, self.S), 1)
            self._copy_in(a, c(1, self.S))
            g.move(c(1, self.C), c(1, self.S))
            self._copy_in(b, (c(1, self.S), -1))
            g.split_sum(c(1, self.S), c(2, self.D), c(2, self.C))

        def back():
            g.move(c(2, self.D), c(1, self.D))

        self.walk_right(body, tail=lambda: self._clear_tail(self.C), back=back)
        g.move(c(1, self.D), dst)

    def print_bits(self, f):
        """Print f's bits as 0 and 1, most significant first."""
        g, c = self.g, self.cell

        def body():
            g.print_char_of(c(1, f), ord("0"))

        self.walk_left(body)

    def mul(self, x, y, r, shift):
        """r = (x * y) >> shift, rounding toward zero (mod 2^n: the
        magnitudes' product >> shift must fit). r may be x or y.

        Shift-and-add on magnitudes, one walk per bit of the multiplier:
        the magnitudes go to fields A and B; each round moves B's lowest
        bit to the flag of record 1 and walks right, adding A to r where
        the flag (which travels with the walk) is set and shifting B right
        by one. The first `shift` rounds also shift the sum right (dropping
        its low bit: after them r = (A * (B mod 2^shift)) >> shift), the
        others shift A left instead (adding A * 2^(i - shift) for bit i);
        these go on while B has a bit left, counted by the walk back from
        the tail of each round.
        """
        g, c = self.g, self.cell
        n = self.n
        A, B, C, S, F, D = self.A, self.B, self.C, self.S, self.F, self.D
        assert 0 <= shift <= n

        def load():
            # A = x, B = y; the latest bit of each travels in D and F, so
            # that at the tail they hold the signs (carried back to record 1)
            g.clear(c(1, D))
            if x == y:
                self._copy_in(x, c(1, A), c(1, B), c(2, D))
            else:
                g.clear(c(1, F))
                self._copy_in(x, c(1, A), c(2, D))
                self._copy_in(y, c(1, B), c(2, F))
            g.clear(c(1, r))

        def signs_back():
            g.move(c(2, D), c(1, D))
            if x != y:
                g.move(c(2, F), c(1, F))

        self.walk_right(load, back=signs_back)
        neg = g.temp()
        sx = g.temp()
        g.move(c(1, D), sx)
        if x == y:
            g.once_if_nonzero(sx, lambda: self.negate(A, B))
        else:
            sy = g.temp()
            g.move(c(1, F), sy)
            for sign, field in ((sx, A), (sy, B)):
                g.copy_to(sign, neg)
                g.once_if_nonzero(sign, lambda field=field: self.negate(field))
            g.free(sy)
            t = g.temp()
            g.move(neg, t)
            g.split_parity(t, neg)
            g.free(t)
        g.free(sx)

        # The round bodies visit the fields in the order of the layout.

        def add_if_flag():
            # S = r + carry (+ A when the flag is set; the flag moves on)
            g.move_to(c(1, F))
            g.emit("[")
            g.add(c(1, F), -1)
            g.add(c(2, F), 1)
            self._copy_in(A, c(1, S))
            g.move_to(c(1, F))
            g.emit("]")

        def sum_in():
            g.move(c(1, C), c(1, S))
            g.move(c(1, r), c(1, S))

        def round_shift_sum():
            g.move(c(1, B), c(1, F))

            def body():
                g.move(c(1, B), c(0, B))
                add_if_flag()
                sum_in()
                g.split_sum(c(1, S), c(0, r), c(2, C))

            def tail():
                g.clear(c(2, F))
                g.move(c(2, C), c(1, r))

            self.walk_right(body, tail)
            g.clear(c(0, r))

        def count_b():
            # D of record 1 = how many bits of B are 1 (moved right to left)
            g.move(c(2, D), c(1, D))
            self._copy_in(B, c(1, D))

        rounds = g.temp()
        if shift:
            g.add_big(rounds, shift)

            def step():
                round_shift_sum()
                g.add(rounds, -1)

            g.while_nonzero(rounds, step)
        # the other rounds until no bit of B is left
        self.walk_left(count_b)
        g.move(c(1, D), rounds)

        def step_a():
            g.clear(rounds)
            g.move(c(1, B), c(1, F))

            def body():
                g.move(c(1, B), c(0, B))
                add_if_flag()
                g.move(c(1, A), c(2, D))
                g.move(c(1, D), c(1, A))
                sum_in()
                g.split_sum(c(1, S), c(1, r), c(2, C))

            self.walk_right(body, tail=lambda: self._clear_tail(F, C, D), back=count_b)
            g.move(c(1, D), rounds)

        g.while_nonzero(rounds, step_a)
        g.free(rounds)
        self.clear(A)
        g.once_if_nonzero(neg, lambda: self.negate(r))
        g.free(neg)


class Rnum:
    """A number as one field of a `Row`: the same operations as `Num`,
    each generated as walks over the records."""

    def __init__(self, row, field):
        self.row = row
        self.field = field

    def clear(self):
        self.row.clear(self.field)

    def set_const(self, value):
        self.row.add_const(self.field, value, clear=True)

    def add_const(self, value):
        self.row.add_const(self.field, value)

    def copy_from(self, other):
        self.row.copy(self.field, other.field)

    def add(self, other):
        self.row.add(self.field, other.field)

    def sub(self, other):
        self.row.sub(self.field, other.field)

    def negate(self):
        self.row.negate(self.field)

    def mul(self, other, result, shift):
        """result = (self * other) >> shift, rounding toward zero."""
        self.row.mul(self.field, other.field, result.field, shift)

    def sign_to(self, cell):
        """cell += 1 if self < 0 else 0"""
        self.row.sign_to(self.field, cell)

    def less_than(self, other, cell):
        """cell += 1 if self < other else 0"""
        self.row.less_than(self.field, other.field, cell)

    def print_bits(self):
        self.row.print_bits(self.field)
