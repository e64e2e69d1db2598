def reuse(n: int) -> None:
    # One name, two types, in separate regions: never merged.
    x = n + 1
    print(x)
    x = "now a string"
    print(x)
    for i in range(n):
        x = i
        print(x)
    x = [1]
    print(x)


def carried(n: int) -> int:
    a = 0
    b = 1
    while n > 0:
        a, b = b, a + b
        n -= 1
    return a


def unchanged_in_loop(n: int, k: int) -> int:
    total = 0
    while total < n:
        total += k
    return total
