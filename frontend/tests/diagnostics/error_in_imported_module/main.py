# An error inside an imported module is reported in that module's file.
#
# error: util.py:5:16
# kind: Name
# message: `factor`
# errors: 1
import util


def entry_point(argv: list[str]) -> int:
    print(util.twice(4))
    return 0
