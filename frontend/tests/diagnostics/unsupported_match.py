# Rule: `match` is not in Kiln Python.
#
# error: 11:5
# kind: Unsupported
# message: `match`
# message: not in Kiln Python
# errors: 1


def entry_point(argv: list[str]) -> int:
    match len(argv):
        case 1:
            print("one")
        case _:
            print("more")
    return 0
