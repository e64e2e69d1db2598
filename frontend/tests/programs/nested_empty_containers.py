# Printing containers whose nested lists never get an item: the inner item
# type stays unknown (see /tmp/kiln-frontend-bugs/tests-22.md).


def entry_point(argv: list[str]) -> int:
    xs = [[]]
    print(xs, len(xs))
    d = {"k": []}
    print(d, len(d["k"]))
    index: dict[str, list[int]] = {}
    index["a"] = []
    print(index)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
