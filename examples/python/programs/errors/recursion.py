# Unbounded recursion ends with RecursionError, not a crash of the host.
def depth(n):
    return depth(n + 1) + 1


try:
    depth(0)
except RecursionError as e:
    print("caught:", e)
print("deep but fine:", (lambda f: f(f, 900))(lambda self, n: 0 if n == 0 else 1 + self(self, n - 1)))
depth(0)
