# A list that holds a list holding it: the item type would contain itself
# (see /tmp/kiln-frontend-bugs/tests-15.md).
#
# error: 12
# kind: Type
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = []
    ys = [xs]
    xs.append(ys)
    print(len(xs), len(ys))
    return 0
