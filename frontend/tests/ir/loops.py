# Loops: while with break/else, for over a range and a list, continue.


def first_multiple(xs: list[int], k: int) -> int:
    i = 0
    while i < len(xs):
        if xs[i] % k == 0:
            break
        i += 1
    else:
        return -1
    return xs[i]


def odd_sum(n: int) -> int:
    total = 0
    for i in range(n):
        if i % 2 == 0:
            continue
        total += i
    return total


def entry_point(argv: list[str]) -> int:
    print(first_multiple([3, 5, 8], 4), odd_sum(10))
    for w in argv:
        print(len(w))
    return 0
