# Recursive and iterative Fibonacci, memoized with a dict, and a generator-free
# sequence builder: function calls, default arguments, ints and loops.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_iter(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fib_memo(n, memo={}):
    if n in memo:
        return memo[n]
    if n < 2:
        result = n
    else:
        result = fib_memo(n - 1) + fib_memo(n - 2)
    memo[n] = result
    return result


def sequence(count, start=0, step=1):
    return [fib_iter(start + i * step) for i in range(count)]


print("fib(20) =", fib(20))
print("fib_iter(90) =", fib_iter(90))
print("fib_memo(80) =", fib_memo(80))
print(sequence(10))
print(sequence(5, start=10, step=2))
total = 0
i = 0
while True:
    i += 1
    if i % 3 == 0:
        continue
    total += fib_iter(i)
    if i > 30:
        break
print("sum of fib(i) for i not divisible by 3 up to 31:", total)
