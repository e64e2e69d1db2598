# A program's modules are .py files in its own directory: `helpers` is not
# there.
#
# error: 8:8
# kind: Name
# message: helpers
# errors: 1
import helpers


def entry_point(argv: list[str]) -> int:
    print(helpers.VALUE)
    return 0
