# Function calls: positional, keyword, default, *args, keyword-only and
# **kwargs parameters; calls with *args and **kwargs; recursion; globals;
# functions as values; docstrings; sets and their operators.
"""Module docstring."""

counter = 0


def describe(name, *items, sep=", ", upper=False, **options):
    """Join the items."""
    global counter
    counter += 1
    text = name + ": " + sep.join(str(i) for i in items)
    if upper:
        text = text.upper()
    if options:
        text += " " + str(sorted(options.items()))
    return text


print(describe("a"))
print(describe("b", 1, 2, 3))
print(describe("c", 1, 2, sep="-", upper=True))
print(describe("d", *[4, 5], **{"sep": "/", "colour": "red"}, size=3))
args = ("e", 6, 7)
kwargs = {"upper": True}
print(describe(*args, **kwargs), counter)


def point(x, y=0, *, z=10):
    return (x, y, z)


print(point(1), point(1, 2), point(1, z=3), point(y=5, x=4), point(*[7, 8], z=9))
for bad in [lambda: point(), lambda: point(1, 2, 3), lambda: point(1, w=2), lambda: point(1, x=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)


def apply(f, *args, **kwargs):
    return f(*args, **kwargs)


print(apply(max, 3, 9, 4), apply(sorted, [3, 1, 2], reverse=True), apply(point, 1, z=2))
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "pow": pow}
print({name: f(3, 4) for name, f in ops.items()})


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(ackermann(2, 3), [ackermann(1, n) for n in range(5)])


def mutable_default(x, acc=[]):
    acc.append(x)
    return acc


print(mutable_default(1), mutable_default(2), mutable_default(3, []))
print(describe.__doc__ if hasattr(describe, "__doc__") else "", describe.__name__, (lambda: 0).__name__)

a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b), a > {1, 2}, {3} < b, a == {4, 3, 2, 1})
words = ["apple", "banana", "apple", "cherry", "banana", "apple"]
seen = set()
unique = []
for w in words:
    if w not in seen:
        seen.add(w)
        unique.append(w)
print(unique, len(seen), sorted({len(w) for w in words}))
