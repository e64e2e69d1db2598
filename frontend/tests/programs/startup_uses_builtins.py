# Module-level code that calls built-ins implemented in the prelude (hex,
# int(str), format specs, %, str predicates, sorted) runs before
# entry_point (see /tmp/kiln-frontend-bugs/tests-12.md).

H = hex(255)
N = int(" -42 ")
F = f"{3.14159:8.3f}|{42:05d}"
P = "%5d|%x" % (42, 255)
S = "a,b".split(",")
ORDER = sorted([3, 1, 2] * 10)
print("start-up:", H, N, F, P, S, "ab".isalpha(), "Ab".isupper(), ORDER[:4])


def entry_point(argv: list[str]) -> int:
    print("entry:", H, N, F, P, S, ORDER[-1])
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
