# Closures: counters with nonlocal state, closures over loop variables,
# lambdas, functions returning functions, and decorators.


def make_counter(start=0):
    count = start

    def increment(by=1):
        nonlocal count
        count += by
        return count

    return increment


c1 = make_counter()
c2 = make_counter(100)
print(c1(), c1(), c1(5), c2(), c1())


def make_adders(n):
    adders = []
    for i in range(n):
        adders.append(lambda x, i=i: x + i)
    return adders


print([f(10) for f in make_adders(5)])


def late_binding():
    fs = []
    for i in range(3):
        def f():
            return i * 10
        fs.append(f)
    return [g() for g in fs]


print(late_binding())


def compose(f, g):
    return lambda x: f(g(x))


inc = lambda x: x + 1
double = lambda x: x * 2
print(compose(inc, double)(5), compose(double, inc)(5))


def trace(func):
    calls = []

    def wrapper(*args):
        calls.append(args)
        result = func(*args)
        print("call", func.__name__, args, "->", result)
        return result

    return wrapper


@trace
def add(a, b):
    return a + b


add(1, 2)
add("x", "y")


def outer():
    x = 1

    def middle():
        y = 2

        def inner():
            return x + y

        return inner

    x = 10
    return middle()


print(outer()())


def accumulate(values):
    total = 0
    history = []

    def step(v):
        nonlocal total
        total += v
        history.append(total)

    for v in values:
        step(v)
    return total, history


print(accumulate([1, 2, 3, 4]))
squares = {n: (lambda k=n: k * k)() for n in range(5)}
print(squares)
print(sorted(["banana", "Apple", "cherry"], key=lambda s: s.lower()))
print(list(map(lambda x: x * 3, [1, 2, 3])), list(filter(lambda x: x % 2, range(10))))
