def forms(n: int, a: int, b: int, step: int) -> None:
    for i in range(n):
        print(i)
    for i in range(a, b):
        print(i)
    for i in range(b, a, -2):
        print(i)
    for i in range(a, b, step):
        print(i)


def countdown(n: int, step: int) -> None:
    for i in reversed(range(n)):
        print(i)
    for i in reversed(range(1, n, 3)):
        print(i)
    for i in reversed(range(0, n, step)):
        print(i)


def bounds_once(xs: list[int]) -> int:
    total = 0
    for i in range(len(xs) - 1):
        total += xs[i]
    return total
