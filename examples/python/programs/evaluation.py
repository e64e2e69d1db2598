# Evaluation order, loops with else, augmented assignment targets, class
# attributes through instances, printing of nested values and of floats.
for i in range(5):
    if i == 10:
        break
else:
    print("no break")
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)
for x in [1, 2, 3]:
    if x == 2:
        break
else:
    print("not printed")
calls = []
def f(x):
    calls.append(x)
    return x
print(f(1) < f(2) < f(0) < f(5), calls)
d = {"a": [1, 2]}
def key():
    calls.append("key")
    return "a"
d[key()][f(0)] += 10
print(d, calls)
class P:
    def __init__(self):
        self.items = []
    def __repr__(self):
        return "P(%d)" % len(self.items)
ps = [P(), P()]
ps[0].items.append(1)
print(ps, {"k": ps[0]}, (ps[1],))
print(type(ps[0]).__name__, ps[0].__class__.__name__, isinstance(3, (str, int)), isinstance(True, int))
print("abc" * 0, "ab" * 3, [1] * 0, -7 // 2, -7 % 2, 7 % -2, -(7 // -2), 2 ** 63 - 1 if False else 0)
print(print("inner", end="!"), "after")
print(1, 2, 3, sep="--", end=">>\n")
x = [0, 1, 2, 3, 4, 5]
del x[1:3]
del x[::2]
print(x)
try:
    raise ValueError("a", "b")
except ValueError as e:
    print(e.args, str(e), len(e.args))
def g():
    for i in range(3):
        try:
            if i == 1:
                return "returned at %d" % i
        finally:
            print("finally", i)
print(g())
class Base:
    kind = "base"
    def who(self):
        return self.kind + ":" + self.name()
    def name(self):
        return "Base"
class Derived(Base):
    kind = "derived"
    def name(self):
        return "Derived/" + super().name()
print(Derived().who(), Base().who(), Derived.kind, Base.kind)
Derived.kind = "changed"
print(Derived().who())
s = 0
for i, (a, b) in enumerate(zip([1, 2, 3], [4, 5, 6])):
    s += i * a * b
print(s)
print(sorted({3: "c", 1: "a", 2: "b"}.items()), list({1: 2}.values()))
print([i for i in range(3)] == list(range(3)), [[]] * 2, [[0] * 2 for _ in range(2)])
a = b = []
a.append(1)
print(a, b, a is b)
t = 1,
print(t, type(t).__name__, (1, 2) + t)
print(int(3.99), int(-3.99), float(7), round(-2.5), round(3.5), abs(-0.0), max(-1, -2), min([]) if False else "ok")
print("%.3f %5.1f%% %s" % (1 / 3, 12.345, [1.0, 2.5]), 1e100, 123456789012345.0, 1.0e-5, 0.0001)
print(str(12345678901234567.0), 1 / 7, 2.5e-300 * 1e-100, float("nan") == float("nan"))
