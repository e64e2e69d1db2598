"""More chains of int equality tests folded into IL switches (clr-python-1):
blocks that compute values used after the chain, a chain nested in the
else branch of another test, `!=`/`not` mixes, repeated keys, extreme and
negative keys, test results kept in variables and reused, chains in loops
with continue/break, chains selecting strings, chains inside a try, and a
dense chain with holes (a jump table). Expected output: CPython's
(switch_chains_values.out)."""

K1 = 7
K2 = -7
BIG = 9223372036854775807
counter = [0]


def bump(v: int) -> int:
    counter[0] += v
    return v


def computed(x: int) -> int:
    # blocks between tests compute values used after the chain
    y = x % 1000 * 2
    if x == 1:
        z = y + 1
    elif x == 2:
        z = y * 3
    elif x == 3:
        z = bump(y)
    elif x == 4:
        z = -y
    else:
        z = y - 100
    return z + y + x % 1000


def mid_compute(x: int) -> int:
    a = 0
    if x == 1:
        a = 1
    else:
        a = x % 1000 + 5
        if x == 2:
            a = a * 2
        elif x == 3:
            a = a * 3
        elif x == 4:
            a = a * 4
    return a


def ne_mix(x: int) -> int:
    r = 0
    if x != 1 and x != 2 and x != 3:
        r = 1
    if x != 4 and x == 5 or x == 6 or x != 7 and x == 8:
        r += 10
    if not (x != 9) or x == 10 or not (x != 11):
        r += 100
    return r


def dup(x: int) -> int:
    if x == 1:
        return 10
    elif x == 2:
        return 20
    elif x == 1:
        return 30
    elif x == 2:
        return 40
    elif x == 3:
        return 50
    return 60


def huge(x: int) -> int:
    if x == BIG:
        return 1
    elif x == -BIG - 1:
        return 2
    elif x == 0:
        return 3
    elif x == BIG - 1:
        return 4
    elif x == -1:
        return 5
    return 6


def negs(x: int) -> int:
    if x == K2:
        return 1
    elif x == -8:
        return 2
    elif x == -6:
        return 3
    elif x == -100:
        return 4
    elif x == K1:
        return 5
    return 0


def used_later(x: int) -> int:
    b = x == 3 or x == 4 or x == 5
    c = x == 4 or x == 6 or x == 8 or x == 10
    n = 0
    if b:
        n += 1
    if c:
        n += 2
    if b and c:
        n += 4
    return n * 1000 + x


def bool_vars(x: int) -> str:
    t1 = x == 1
    t2 = x == 2
    t3 = x == 3
    r = t1 or t2 or t3
    s = not t1 and not t2 and not t3
    return str(r) + str(s) + str(t1) + str(t2) + str(t3)


def in_loop(xs: list[int]) -> int:
    total = 0
    for x in xs:
        if x == 0 or x == 1 or x == 2:
            continue
        if x == 10 or x == 20 or x == 30:
            break
        if x == 3:
            total += 3
        elif x == 4:
            total += 40
        elif x == 5:
            total += 500
        else:
            total -= 1
    return total


def chain_str(x: int) -> str:
    s = "a" if x == 1 else "b" if x == 2 else "c" if x == 3 else "d" if x == 4 else ""
    t = s + ("!" if x == 1 or x == 3 or x == 5 else "?")
    return t


def excs(x: int) -> int:
    try:
        if x == 1:
            raise ValueError("one")
        elif x == 2:
            return 10 // (x - 2)
        elif x == 3:
            return [1, 2][x]
        elif x == 4:
            return 4
        return 0
    except ValueError:
        return -1
    except ZeroDivisionError:
        return -2
    except IndexError:
        return -3


def dense(x: int) -> int:
    if x == 0:
        return 100
    elif x == 1:
        return 101
    elif x == 2:
        return 102
    elif x == 3:
        return 103
    elif x == 5:
        return 105
    elif x == 6:
        return 106
    elif x == 7:
        return 107
    elif x == 8:
        return 108
    elif x == 9:
        return 109
    elif x == 10:
        return 110
    elif x == 12:
        return 112
    return -1


def entry_point(argv: list[str]) -> int:
    vals = [-100, -9, -8, -7, -6, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 30,
            9223372036854775807, -9223372036854775807 - 1, 9223372036854775806, 4294967296 + 1]
    for x in vals:
        print(x, computed(x), mid_compute(x), ne_mix(x), dup(x), huge(x), negs(x), used_later(x),
              bool_vars(x), chain_str(x), excs(x), dense(x))
    print(in_loop([0, 1, 3, 4, 5, 6, 2, 3, 20, 5]), in_loop([3, 3, 3]), counter[0])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
