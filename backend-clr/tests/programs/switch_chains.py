"""Chains of int equality tests, which the CLR backend folds into one IL
switch (clr-python-1): `or` chains whose blocks pass their test result, `and`
chains of `!=`, keys on either side, repeated keys, chains broken by another
value or another comparison, sparse and extreme keys, chains passing values
(conditional expressions, if/elif), a key in a mutable global, tests with
side effects, chains as loop conditions and nested in other conditions.
Expected output: CPython's (switch_chains.out)."""

A = 46
B = 47
C = 48
D = 49
E = 50
F = 52
counter = [0]
mutable_k = 3


def is_or(op: int) -> bool:
    return op == A or op == B or op == C or op == D or op == E or op == F


def is_and(op: int) -> bool:
    return op != A and op != B and op != C and op != D


def mixed_ne_eq(op: int) -> bool:
    return op != 1 and op != 2 and op != 3 and op == 7


def left_const(op: int) -> bool:
    return A == op or B == op or 48 == op or op == 100


def dup_keys(op: int) -> bool:
    return op == 1 or op == 1 or op == 2 or op == 1 or op == 3


def other_value(op: int, y: int) -> bool:
    return op == 1 or op == 2 or y == 3 or op == 4 or op == 5 or op == 6


def mixed_cmp(op: int) -> bool:
    return op == 1 or op == 2 or op < 0 or op == 3 or op == 4 or op == 5


def sparse(op: int) -> bool:
    return op == -9223372036854775807 - 1 or op == 9223372036854775807 or op == 0 or op == 1000000


def negative(op: int) -> bool:
    return op == -3 or op == -2 or op == -1 or op == 0


def pick(x: int) -> int:
    return 10 if x == 1 else 20 if x == 2 else 30 if x == 3 else 40 if x == 4 else -1


def elif_chain(x: int, acc: int) -> int:
    if x == 1:
        acc += 1
    elif x == 2:
        acc *= 2
    elif x == 3:
        acc -= 7
    elif x == 4:
        return acc * 100
    else:
        acc = 0
    return acc


def with_mutable(op: int) -> bool:
    return op == 1 or op == 2 or op == mutable_k or op == 4


def side(v: int) -> int:
    counter[0] += 1
    return v


def calls(op: int) -> bool:
    return side(op) == 1 or side(op) == 2 or side(op) == 3


def twice(x: int) -> str:
    t = x == 1 or x == 2 or x == 3
    u = x != 1 and x != 2 and x != 3
    return str(t) + " " + str(t) + " " + str(u)


def nested(x: int, y: int) -> bool:
    return (x == 1 or x == 2 or x == 3) and (y == 1 or y == 2 or y == 3) or x == 9


def loop_chain(ops: list[int]) -> int:
    i = 0
    acc = 0
    while i < len(ops) and ops[i] != 0 and ops[i] != 99 and ops[i] != 98:
        op = ops[i]
        if op == 1 or op == 2 or op == 3:
            acc += op
        elif op == 4 or op == 5 or op == 6:
            acc -= op
        else:
            acc *= 2
        i += 1
    return acc * 1000 + i


def while_head(x: int) -> int:
    n = 0
    while x == 1 or x == 2 or x == 3 or x == 4:
        x = (x * 3 + 1) % 7
        n += 1
        if n > 50:
            break
    return n * 10 + x


def not_chain(x: int) -> bool:
    return not (x == 1 or x == 2 or x == 3)


def ternary_bool(x: int) -> bool:
    return x == 5 if x == 1 or x == 2 or x == 3 else x == 4


def in_tuple(x: int) -> bool:
    return x in (1, 2, 3, 4)


def entry_point(argv: list[str]) -> int:
    global mutable_k
    for op in [-1, 0, 1, 2, 3, 4, 5, 6, 7, 9, 45, 46, 47, 48, 49, 50, 51, 52, 53, 100]:
        print(op, is_or(op), is_and(op), mixed_ne_eq(op), left_const(op), dup_keys(op),
              other_value(op, 3), other_value(op, 0), mixed_cmp(op), negative(op))
        print(op, pick(op), elif_chain(op, 5), with_mutable(op), calls(op), twice(op),
              nested(op, 2), nested(op, 5), while_head(op), not_chain(op), ternary_bool(op), in_tuple(op))
    mutable_k = 5
    print(with_mutable(3), with_mutable(5), counter[0])
    for v in [-9223372036854775807 - 1, 9223372036854775807, 0, 1000000, 1, -1]:
        print(sparse(v))
    print(loop_chain([1, 2, 3, 4, 7, 5, 6, 1, 99, 1]))
    print(loop_chain([3, 3, 0, 1]))
    print(loop_chain([1, 2, 98]))
    print(loop_chain([2, 2, 2]))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
