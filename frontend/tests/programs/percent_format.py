# `%` formatting with a constant format: d i s r f e g x % with flags,
# width and precision, with a tuple or a single operand.


def entry_point(argv: list[str]) -> int:
    n = 42
    f = 2.5
    s = "text"
    print("%d %i %s %r" % (n, -n, s, s))
    print("[%5d] [%-5d] [%05d] [%x] [%%]" % (n, n, n, 255))
    print("[%f] [%.2f] [%8.3f] [%-8.1f] [%e] [%.3g]" % (f, f, f, f, f, 1234.5678))
    print("[%10s] [%-10s] [%.2s]" % (s, s, s))
    print("single %d" % n)
    print("single %s" % s)
    print("%s and %s" % ("a", 1.5))
    print("%d%%" % 50)
    line = "%-6s|%6.2f|%3d" % ("row", 3.14159, 7)
    print(line)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
