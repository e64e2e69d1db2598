# A program needs `def entry_point(argv: list[str]) -> int`: this one calls
# its main function `main`.
#
# message: entry point
# message: entry_point
# errors: 1


def main(argv: list[str]) -> int:
    print("hello")
    return 0
