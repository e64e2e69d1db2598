#!/usr/bin/env python3
"""Unit tests of the ``kiln`` hint package (stdlib ``unittest``; CPython 3.9+ and PyPy).

Run: ``python3 python/tests/test_kiln.py``.
"""

import operator
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

import kiln  # noqa: E402
import kiln.jit  # noqa: E402
import kiln.rarith  # noqa: E402
from kiln import specialize  # noqa: E402
from kiln.jit import (  # noqa: E402
    JitDriver,
    dont_look_inside,
    elidable,
    hint,
    promote,
    unroll_safe,
    we_are_jitted,
)
from kiln.rarith import INT_MAX, INT_MIN, intmask, ovfcheck, r_uint  # noqa: E402

M = 2 ** 64


def sample(f):
    return f


class ImportsTest(unittest.TestCase):
    def test_spellings_of_subset_md(self):
        self.assertIs(kiln.specialize, specialize)
        self.assertIs(kiln.jit.promote, promote)
        self.assertIs(kiln.rarith.r_uint, r_uint)


class SpecializeTest(unittest.TestCase):
    def test_argtype_and_arg_return_the_function(self):
        self.assertIs(specialize.argtype(0)(sample), sample)
        self.assertIs(specialize.argtype(0, 2)(sample), sample)
        self.assertIs(specialize.arg(1)(sample), sample)

    def test_bad_positions(self):
        with self.assertRaises(TypeError):
            specialize.argtype()
        with self.assertRaises(TypeError):
            specialize.arg(-1)
        with self.assertRaises(TypeError):
            specialize.argtype("0")

    def test_memo_caches_per_arguments(self):
        calls = []

        @specialize.memo()
        def table(n):
            calls.append(n)
            return [n] * n

        self.assertIs(table(3), table(3))
        self.assertEqual(table(2), [2, 2])
        self.assertEqual(calls, [3, 2])
        self.assertEqual(table.__name__, "table")

    def test_memo_without_arguments_and_unhashable(self):
        @specialize.memo()
        def const():
            return object()

        self.assertIs(const(), const())

        @specialize.memo()
        def length(xs):
            return len(xs)

        self.assertEqual(length([1, 2]), 2)


class JitHintsTest(unittest.TestCase):
    def test_identities(self):
        x = object()
        self.assertIs(promote(x), x)
        self.assertIs(hint(x, promote=True, access_directly=True), x)
        for decorator in (elidable, dont_look_inside, unroll_safe):
            self.assertIs(decorator(sample), sample)
        self.assertIs(we_are_jitted(), False)

    def test_driver_checks_names_once(self):
        d = JitDriver(greens=["pc", "code"], reds=["frame"], get_printable_location=lambda pc, code: "")
        d.jit_merge_point(pc=0, code=None, frame=None)
        d.jit_merge_point(anything=1)  # checked already: now a no-op
        d2 = JitDriver(greens=["pc"], reds=["frame"])
        with self.assertRaises(TypeError):
            d2.jit_merge_point(pc=0)
        with self.assertRaises(TypeError):
            d2.can_enter_jit(pc=0, frame=None, extra=1)

    def test_driver_auto_reds_and_unchecked(self):
        d = JitDriver(greens=["pc"], reds="auto")
        d.jit_merge_point(pc=1, a=2, b=3)
        with self.assertRaises(TypeError):
            JitDriver(greens=["pc"], reds="auto").can_enter_jit(a=2)
        JitDriver(greens=["pc"], reds=["x"], check_untranslated=False).jit_merge_point(y=1)

    def test_driver_declaration_errors(self):
        with self.assertRaises(TypeError):
            JitDriver(greens=["pc"], reds=["pc"])
        with self.assertRaises(TypeError):
            JitDriver(greens="pc", reds=["x"])
        with self.assertRaises(TypeError):
            JitDriver(greens=["1x"], reds=[])
        with self.assertRaises(TypeError):
            JitDriver(greens=["a", "a"], reds=[])
        with self.assertRaises(TypeError):
            JitDriver(greens=[], reds=["f"], virtualizables=["g"])
        with self.assertRaises(TypeError):
            JitDriver(greens=[], reds=[], get_printable_location=3)
        self.assertIn("greens=['pc']", repr(JitDriver(greens=["pc"], reds=["f"], name="main")))


class RarithTest(unittest.TestCase):
    def test_ovfcheck(self):
        self.assertEqual(ovfcheck(INT_MAX), INT_MAX)
        self.assertEqual(ovfcheck(INT_MIN), INT_MIN)
        for bad in (INT_MAX + 1, INT_MIN - 1, 2 ** 100):
            with self.assertRaises(OverflowError) as cm:
                ovfcheck(bad)
            self.assertEqual(str(cm.exception), "integer overflow")

    def test_intmask(self):
        self.assertEqual(intmask(INT_MAX + 1), INT_MIN)
        self.assertEqual(intmask(2 ** 64 + 5), 5)
        self.assertEqual(intmask(-(2 ** 64) - 5), -5)
        self.assertEqual(intmask(r_uint(-1)), -1)
        self.assertIs(type(intmask(r_uint(7))), int)
        self.assertIs(type(intmask(True)), int)
        rng = random.Random(1)
        for _ in range(2000):
            x = rng.randint(-(2 ** 130), 2 ** 130)
            m = intmask(x)
            self.assertTrue(INT_MIN <= m <= INT_MAX)
            self.assertEqual((m - x) % M, 0)

    def test_r_uint_basics(self):
        u = r_uint(-1)
        self.assertEqual(u, M - 1)
        self.assertEqual(str(u), "18446744073709551615")
        self.assertEqual(repr(u), "18446744073709551615")
        self.assertEqual(hex(u), "0xffffffffffffffff")
        self.assertEqual("%d|%x|{:>3}".format(r_uint(5)) % (u, u), "18446744073709551615|ffffffffffffffff|  5")
        self.assertEqual(r_uint(3.9), 3)
        self.assertIs(type(-r_uint(1)), r_uint)
        self.assertEqual(-r_uint(1), M - 1)
        self.assertEqual(~r_uint(0), M - 1)
        self.assertEqual(abs(r_uint(5)), 5)
        self.assertTrue(r_uint(-1) > r_uint(1))
        self.assertEqual(hash(r_uint(5)), hash(5))
        self.assertEqual(r_uint(1) + 1.5, 2.5)
        self.assertEqual(r_uint(1) << 64, 0)
        self.assertEqual(r_uint(-1) >> 60, 15)
        self.assertEqual(r_uint(10) // -1, 0)  # -1 is taken as 2**64 - 1
        with self.assertRaises(ValueError):
            r_uint(1) << -1
        with self.assertRaises(ZeroDivisionError):
            r_uint(1) // 0
        self.assertEqual(r_uint(3) ** 70, pow(3, 70, M))
        self.assertEqual(pow(r_uint(3), 70, 1000), pow(3, 70, 1000))

    def test_r_uint_arithmetic_wraps(self):
        ops = [operator.add, operator.sub, operator.mul, operator.and_, operator.or_, operator.xor]
        divs = [operator.floordiv, operator.mod]
        rng = random.Random(2)
        for _ in range(3000):
            a = rng.choice([0, 1, M - 1, rng.getrandbits(64), rng.randint(0, 100)])
            b = rng.choice([1, M - 1, rng.getrandbits(64), rng.randint(1, 100)])
            ua, ub = r_uint(a), r_uint(b)
            for op in ops + divs:
                for left, right in ((ua, ub), (ua, b), (a, ub)):
                    got = op(left, right)
                    self.assertIs(type(got), r_uint, op)
                    self.assertEqual(got, op(a, b) % M, (op, a, b))
            k = rng.randint(0, 70)
            self.assertEqual(ua << k, (a << k) % M)
            self.assertEqual(ua >> k, a >> k)
            self.assertEqual(divmod(ua, ub), (a // b, a % b))


if __name__ == "__main__":
    unittest.main()
