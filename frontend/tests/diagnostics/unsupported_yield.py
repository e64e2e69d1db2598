# Rule: generators and `yield` are not in Kiln Python.
#
# error: 13:9
# kind: Unsupported
# message: `yield`
# message: not in Kiln Python
# errors: 1


def count_up(n: int):
    i = 0
    while i < n:
        yield i
        i += 1


def entry_point(argv: list[str]) -> int:
    for i in count_up(3):
        print(i)
    return 0
