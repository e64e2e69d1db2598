# promote() takes one value.
#
# error: 11:9
# message: `promote`
# message: 1 argument
# errors: 1
from kiln.jit import promote


def entry_point(argv: list[str]) -> int:
    x = promote(len(argv), 2)
    print(x)
    return 0
