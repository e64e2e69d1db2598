import imports_main

SCALE = 2


def twice(x: int) -> int:
    return x * SCALE
