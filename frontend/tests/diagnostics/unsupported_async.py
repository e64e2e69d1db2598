# Rule: `async` is not in Kiln Python.
#
# error: 10:1
# kind: Unsupported
# message: `async`
# message: not in Kiln Python
# errors: 1


async def fetch(n: int) -> int:
    return n


def entry_point(argv: list[str]) -> int:
    print(1)
    return 0
