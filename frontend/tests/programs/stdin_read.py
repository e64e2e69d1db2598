# Reading standard input: sys.stdin.readline() until the empty string, then
# sys.stdin.read() for the rest (the test gives stdin_read.in).
import sys


def entry_point(argv: list[str]) -> int:
    first = sys.stdin.readline()
    print("first:", repr(first))
    count = int(first.strip())
    total = 0
    for i in range(count):
        line = sys.stdin.readline()
        total += int(line)
    print("total:", total)
    rest = sys.stdin.read()
    print("rest:", repr(rest))
    print("after end:", repr(sys.stdin.readline()), repr(sys.stdin.read()))
    words = rest.split()
    print(len(words), words)
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
