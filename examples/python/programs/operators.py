# Special methods (@, iteration, __bool__, __format__), generator
# expressions, sorting by key, augmented operators, error messages of
# built-in operations.
import math
class Matrix:
    def __init__(self, rows):
        self.rows = rows

    def __matmul__(self, other):
        n = len(self.rows)
        m = len(other.rows[0])
        k = len(other.rows)
        return Matrix([[sum(self.rows[i][t] * other.rows[t][j] for t in range(k)) for j in range(m)] for i in range(n)])

    def __iter__(self):
        return iter(self.rows)

    def __eq__(self, other):
        return self.rows == other.rows

    def __hash__(self):
        return 0

    def __bool__(self):
        return any(any(r) for r in self.rows)

    def __format__(self, spec):
        return "M" + str(len(self.rows)) + spec


a = Matrix([[1, 2], [3, 4]])
b = Matrix([[0, 1], [1, 0]])
print((a @ b).rows, list(a), bool(Matrix([[0]])), bool(a), f"{a:x}", a == Matrix([[1, 2], [3, 4]]))


def gen_primes(limit):
    primes = []
    n = 2
    while len(primes) < limit:
        if all(n % p for p in primes if p * p <= n):
            primes.append(n)
        n += 1
    return primes


print(gen_primes(15))
words = "It was the best of times it was the worst of times".lower().split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
print(top)
print("{:<8}|{:>8}|{:^8}".format("left", "right", "mid"))
print(f"{math.pi:.10f} {math.sqrt(2)**2 == 2} {0.1+0.2==0.3} {abs(0.1+0.2-0.3) < 1e-9}")
data = [("bob", 25, 3.5), ("alice", 30, 2.25), ("carol", 25, 4.0)]
data.sort(key=lambda r: (r[1], -r[2]))
for name, age, score in data:
    print("%-6s %3d %6.2f" % (name, age, score))
stack = [1]
queue = [1, 2, 3]
queue.pop(0)
print(stack.pop(), queue, [x for x in queue if x > 2] or "empty", [] or [0], 0 or "", None or 5, 3 and 4)
x = 5
x //= 2
x **= 3
x %= 5
x <<= 2
x |= 1
x ^= 3
x &= 0xFF
x >>= 1
print(x)
nested = [[1, [2, 3]], [4, [5, [6]]]]
def flatten(v):
    if isinstance(v, list):
        out = []
        for item in v:
            out.extend(flatten(item))
        return out
    return [v]
print(flatten(nested), sum(flatten(nested)), max(flatten(nested)))
print("done" if not None else "x", chr(ord("a") + 1), "".join(chr(c) for c in range(65, 70)))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e, repr(e))
try:
    [].index(3)
except ValueError as e:
    print(e)
try:
    int("1.5")
except ValueError as e:
    print(e)
try:
    None + 1
except TypeError as e:
    print(e)
try:
    len(42)
except TypeError as e:
    print(e)
try:
    "abc".foo()
except AttributeError as e:
    print(e)
try:
    x = 1 / 0.0
except ZeroDivisionError as e:
    print(e)
try:
    (1, 2)[3]
except IndexError as e:
    print(e)
