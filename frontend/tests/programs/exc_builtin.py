# Exceptions raised by built-in operations, with CPython 3.11's messages.
import math


def entry_point(argv: list[str]) -> int:
    xs = [1, 2, 3]
    d = {"a": 1}
    s = "abc"
    empty: list[int] = []
    zero = len(empty)
    try:
        print(xs[5])
    except IndexError as e:
        print("IndexError:", e)
    try:
        xs[-4] = 0
    except IndexError as e:
        print("IndexError:", e)
    try:
        print(s[3])
    except IndexError as e:
        print("IndexError:", e)
    try:
        stack = [1]
        stack.pop()
        stack.pop()
    except IndexError as e:
        print("IndexError:", e)
    try:
        print(d["zz"])
    except KeyError as e:
        print("KeyError:", e)
    try:
        print(10 // zero)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(10 % zero)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(10 / zero)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(1.5 / float(zero))
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(int("12x"))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(float("abc"))
    except ValueError as e:
        print("ValueError:", e)
    try:
        xs.remove(42)
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(xs.index(42))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(s.index("z"))
    except ValueError as e:
        print("ValueError:", e)
    try:
        a, b = xs
        print(a, b)
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(1 << (zero - 1))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(chr(-1))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(int(float("inf")))
    except OverflowError as e:
        print("OverflowError:", e)
    try:
        print(int(float("nan")))
    except ValueError as e:
        print("ValueError:", e)
    try:
        print(math.sqrt(-2.0))
    except ValueError as e:
        print("ValueError:", e)
    try:
        assert zero == 1, "zero is " + str(zero)
    except AssertionError as e:
        print("AssertionError:", e)
    try:
        raise RuntimeError("custom runtime")
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        raise NotImplementedError("todo")
    except NotImplementedError as e:
        print("NotImplementedError:", e)
    try:
        raise TypeError("bad type")
    except TypeError as e:
        print("TypeError:", e)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
