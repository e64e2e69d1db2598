# A dict whose values are of its own type cannot be typed: its value type
# would contain itself (see /tmp/kiln-frontend-bugs/tests-15.md).
#
# error: 12:5
# kind: Type
# message: dict
# errors: 1


def entry_point(argv: list[str]) -> int:
    d = {}
    d["self"] = d
    print(len(d))
    return 0
