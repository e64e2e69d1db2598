# Classes: inheritance, super(), class attributes, special methods,
# properties, static and class methods, isinstance.


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        return 0

    def describe(self):
        return "%s with area %.2f" % (self.name, self.area())

    def __repr__(self):
        return "Shape(" + repr(self.name) + ")"


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        Rect.__init__(self, side, side)
        self.name = "square"

    def __repr__(self):
        return "Square(%d)" % self.w


class Circle(Shape):
    PI = 3.14159

    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return Circle.PI * self.r ** 2


shapes = [Rect(2, 3), Square(4), Circle(1.5), Shape("blob")]
for s in shapes:
    print(s.describe())
print(shapes)
print("shapes made:", Shape.count)
print(isinstance(shapes[1], Rect), isinstance(shapes[1], Circle), isinstance(shapes[2], Shape))
print(type(shapes[0]).__name__, type(shapes[1]) is Square, issubclass(Square, Shape))
print(sorted([s.area() for s in shapes]))


class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __eq__(self, other):
        return isinstance(other, Vector) and self.x == other.x and self.y == other.y

    def __lt__(self, other):
        return self.norm2() < other.norm2()

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i == 0:
            return self.x
        if i == 1:
            return self.y
        raise IndexError("vector index out of range")

    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)

    def __repr__(self):
        return "Vector(%r, %r)" % (self.x, self.y)

    def norm2(self):
        return self.x * self.x + self.y * self.y


a = Vector(1, 2)
b = Vector(3, -1)
print(a + b, a - b, a * 3, 2 * b, -a)
print(a == Vector(1, 2), a != b, a == 5, len(a), a[0], list(b))
print(sorted([Vector(3, 3), Vector(1, 0), Vector(0, 2)]))
print(max([Vector(3, 3), Vector(1, 0)]), min([Vector(3, 3), Vector(1, 0)]))
x, y = b
print("unpacked", x, y, str(a), repr(a), "%s|%r" % (a, a), f"{a} {a!r}")


class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @staticmethod
    def from_f(f):
        return Temperature((f - 32) * 5 / 9)

    @classmethod
    def freezing(cls):
        return cls(0)


t = Temperature(100)
print(t.fahrenheit, t.celsius)
t.celsius = 37
print(t.fahrenheit, Temperature.from_f(212).celsius, Temperature.freezing().fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)


class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0

    def push(self, value):
        self.head = Node(value, self.head)
        self.size += 1

    def __iter__(self):
        return ListIterator(self.head)

    def __len__(self):
        return self.size

    def __contains__(self, value):
        for v in self:
            if v == value:
                return True
        return False


class ListIterator:
    def __init__(self, node):
        self.node = node

    def __iter__(self):
        return self

    def __next__(self):
        if self.node is None:
            raise StopIteration
        value = self.node.value
        self.node = self.node.next
        return value


ll = LinkedList()
for i in range(5):
    ll.push(i * i)
print(list(ll), len(ll), 9 in ll, 10 in ll, bool(LinkedList()))
print(hasattr(ll, "head"), hasattr(ll, "tail"), getattr(ll, "size"), getattr(ll, "tail", "none"))
setattr(ll, "tail", 42)
print(ll.tail)


class Counter:
    instances = []

    def __init__(self):
        Counter.instances.append(self)
        self.n = 0

    def __call__(self, k=1):
        self.n += k
        return self.n


cnt = Counter()
cnt()
cnt(5)
print(cnt.n, cnt(), len(Counter.instances), callable(cnt), callable(5))
