def count(n: int) -> int:
    i = 0
    while i < n:
        i += 1
        if i == 3:
            continue
        if i == 7:
            break
    else:
        print("no break")
    return i


def forever(n: int) -> int:
    while True:
        n -= 1
        if n < 0:
            break
    return n


def until_return(n: int) -> int:
    while 1:
        if n > 100:
            return n
        n *= 2
