# An unexpected keyword argument.
#
# error: 14:11
# message: `greet`
# message: `salutation`
# errors: 1


def greet(name: str, greeting: str = "hello") -> str:
    return greeting + " " + name


def entry_point(argv: list[str]) -> int:
    print(greet("ann", salutation="hi"))
    return 0
