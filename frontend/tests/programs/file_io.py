# File I/O in a directory given as argv[1]: open for writing and reading,
# `with`, read, readline, write, close, UTF-8 text, OSError for a missing file.


def write_lines(path: str, lines: list[str]) -> int:
    f = open(path, "w")
    n = 0
    for line in lines:
        n += f.write(line + "\n")
    f.close()
    return n


def entry_point(argv: list[str]) -> int:
    base = argv[1]
    path = base + "/notes.txt"
    print(write_lines(path, ["first", "second é", "third"]))
    with open(path) as f:
        print(repr(f.readline()))
        print(repr(f.readline()))
        rest = f.read()
    print(repr(rest))
    with open(path, "r") as f:
        text = f.read()
    print(len(text), text.splitlines())
    with open(base + "/out.txt", "w") as g:
        g.write("a")
        g.write("b\n")
    h = open(base + "/out.txt")
    print(repr(h.read()), repr(h.readline()))
    h.close()
    try:
        open(base + "/missing/none.txt")
        print("opened?")
    except OSError:
        print("OSError for a missing file")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
