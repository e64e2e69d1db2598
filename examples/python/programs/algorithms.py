# Small algorithms: sieve of Eratosthenes, quicksort, merge sort, N-queens,
# Towers of Hanoi, permutations, binary search, gcd; globals and modules.
import math
from math import sqrt, floor
import sys

calls = 0


def sieve(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = is_prime[1] = False
    for i in range(2, int(sqrt(n)) + 1):
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
    return [i for i in range(n + 1) if is_prime[i]]


def quicksort(xs):
    global calls
    calls += 1
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    return (quicksort([x for x in xs if x < pivot]) + [x for x in xs if x == pivot]
            + quicksort([x for x in xs if x > pivot]))


def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def queens(n):
    solutions = []
    cols = [0] * n

    def place(row, used, diag1, diag2):
        if row == n:
            solutions.append(list(cols))
            return
        for c in range(n):
            if c in used or (row + c) in diag1 or (row - c) in diag2:
                continue
            cols[row] = c
            used.add(c)
            diag1.add(row + c)
            diag2.add(row - c)
            place(row + 1, used, diag1, diag2)
            used.remove(c)
            diag1.remove(row + c)
            diag2.remove(row - c)

    place(0, set(), set(), set())
    return solutions


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)


def permutations(items):
    if len(items) <= 1:
        return [items]
    result = []
    for i in range(len(items)):
        for p in permutations(items[:i] + items[i + 1:]):
            result.append([items[i]] + p)
    return result


def binary_search(xs, target):
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def collatz_len(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


primes = sieve(200)
print(len(primes), primes[:10], primes[-3:])
data = [(i * 7919) % 101 for i in range(40)]
print(quicksort(data) == sorted(data), merge_sort(data)[:8], calls > 0)
sols = queens(6)
print(len(sols), sols[0], len(queens(5)))
moves = []
hanoi(5, "A", "C", "B", moves)
print(len(moves), moves[:4])
perms = permutations([1, 2, 3])
print(len(perms), perms, len(permutations(list("abcd"))))
print([binary_search(primes, p) for p in [2, 97, 199, 100]])
print(gcd(1071, 462), math.gcd(48, 18), [collatz_len(n) for n in range(1, 12)], max(range(1, 300), key=collatz_len))
print(math.pi, math.e, math.sqrt(2), floor(-2.5), math.ceil(2.1), math.floor(3.9), math.fabs(-3), math.log(math.e))
print("%.6f %.6f %.6f" % (math.sin(1.0), math.cos(1.0), math.atan2(1.0, 2.0)), math.exp(0), math.pow(2, 10), math.hypot(3, 4))
print(sys.argv[0].endswith("algorithms.py"), len(sys.argv), type(sys.argv).__name__)
memo = {}


def ways(n, coins):
    key = (n, len(coins))
    if key in memo:
        return memo[key]
    if n == 0:
        return 1
    if n < 0 or not coins:
        return 0
    result = ways(n - coins[0], coins) + ways(n, coins[1:])
    memo[key] = result
    return result


print("ways to make 100:", ways(100, [50, 25, 10, 5, 1]), len(memo))
triangle = [[1]]
for i in range(9):
    prev = triangle[-1]
    triangle.append([1] + [prev[j] + prev[j + 1] for j in range(len(prev) - 1)] + [1])
for row in triangle[-3:]:
    print(" ".join("%3d" % v for v in row))
