# print with several arguments, sep=, end=, flush=; sys.stdout.write and
# print interleaved; sys.stderr.write (not compared); sys.stdout.flush().
import sys


def entry_point(argv: list[str]) -> int:
    print()
    print("a", 1, 2.5, True, None)
    print("a", "b", "c", sep="")
    print("x", "y", sep=", ", end=" <end>\n")
    print("no newline", end="")
    print(" then newline")
    sys.stdout.write("written ")
    print("printed")
    sys.stdout.write("line\n")
    sys.stdout.flush()
    sys.stderr.write("to stderr\n")
    print("flushed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
