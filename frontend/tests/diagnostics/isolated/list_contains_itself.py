# A list whose items are of its own type cannot be typed: its item type
# would contain itself (see /tmp/kiln-frontend-bugs/tests-15.md).
#
# error: 12:5
# kind: Type
# message: list
# errors: 1


def entry_point(argv: list[str]) -> int:
    xs = []
    xs.append(xs)
    print(len(xs))
    return 0
