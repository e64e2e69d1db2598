# Built-in functions: len abs min max sum range enumerate zip reversed
# isinstance int float str repr bool ord chr hex hash sorted list divmod,
# and time.time() / time.perf_counter() (values not printed).
import time


def entry_point(argv: list[str]) -> int:
    xs = [3, -7, 2]
    print(len(xs), len("héllo"), len({"a": 1}), len((1, 2)), len(range(3, 10, 2)))
    print(abs(-7), abs(2.5), min(xs), max(xs), min("b", "a"), max(1.5, 2.0), sum(xs), sum([]))
    print(sum(list(range(101))), sum([1.5, 2.5]), min(4, 2, 8), max([-1.0, -0.5]))
    print(int("  -42 "), int(" +7"), int(3.7), int(True), float("1e3"), float(2), str(12), bool(""))
    print(ord("A"), chr(97), hex(4096), hash(5) == hash(5), hash("ab") == hash("a" + "b"))
    print(sorted([3, 1, 2]), sorted("cab"), list(range(3)), list(reversed([1, 2, 3])))
    print(divmod(17, 5), divmod(-17, 5), divmod(7.5, 2.0))
    print(repr(3), repr("q"), str(2.0), isinstance(3, int), isinstance("s", str))
    t0 = time.time()
    t1 = time.perf_counter()
    t2 = time.perf_counter()
    print(t0 > 1000000000.0, t2 >= t1)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
