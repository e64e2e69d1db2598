# Recursion, mutual recursion, and RecursionError from unbounded recursion
# (caught; only its class is printed).


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def is_even(n: int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n: int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)


def forever(n: int) -> int:
    return forever(n + 1) + 1


def hanoi(n: int, a: str, b: str, c: str, moves: list[str]) -> None:
    if n == 0:
        return
    hanoi(n - 1, a, c, b, moves)
    moves.append(a + c)
    hanoi(n - 1, b, a, c, moves)


def entry_point(argv: list[str]) -> int:
    print(fib(20), is_even(10), is_odd(7), is_even(7))
    moves: list[str] = []
    hanoi(4, "A", "B", "C", moves)
    print(len(moves), moves[:5])
    try:
        forever(0)
    except RecursionError:
        print("RecursionError caught")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
