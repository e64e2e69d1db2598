# while/else and for/else, break and continue (also nested), while True
# with return, the loop variable after the loop.


def find(xs: list[int], target: int) -> int:
    i = 0
    while i < len(xs):
        if xs[i] == target:
            break
        i += 1
    else:
        return -1
    return i


def first_even(xs: list[int]) -> int:
    while True:
        for x in xs:
            if x % 2 == 0:
                return x
        return -1


def entry_point(argv: list[str]) -> int:
    print(find([4, 5, 6], 6), find([4, 5, 6], 7))
    print(first_even([1, 3, 8, 10]), first_even([1]))
    for n in range(2, 20):
        for k in range(2, n):
            if n % k == 0:
                break
        else:
            print("prime", n)
    total = 0
    for i in range(10):
        if i % 3 == 0:
            continue
        if i > 7:
            break
        total += i
    print("total", total, "i after", i)
    n = 0
    while n < 3:
        n += 1
    else:
        print("while else ran", n)
    for x in []:
        print("never")
    else:
        print("empty for else")
    outer = 0
    while outer < 3:
        outer += 1
        inner = 0
        while True:
            inner += 1
            if inner == outer:
                break
        print("outer", outer, "inner", inner)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
