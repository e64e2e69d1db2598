"""Run-time values of Tiny and compiled code objects."""

from kiln.jit import elidable


class Value:
    """A Tiny value."""

    def to_str(self) -> str:
        return "?"

    def truthy(self) -> bool:
        return True

    def type_name(self) -> str:
        return "value"


class NilValue(Value):
    def to_str(self) -> str:
        return "nil"

    def truthy(self) -> bool:
        return False

    def type_name(self) -> str:
        return "nil"


class IntValue(Value):
    def __init__(self, v: int):
        self.v = v

    def to_str(self) -> str:
        return str(self.v)

    def truthy(self) -> bool:
        return self.v != 0

    def type_name(self) -> str:
        return "int"


class StrValue(Value):
    def __init__(self, s: str):
        self.s = s

    def to_str(self) -> str:
        return self.s

    def truthy(self) -> bool:
        return len(self.s) > 0

    def type_name(self) -> str:
        return "string"


class ArrayValue(Value):
    def __init__(self, items: list[Value]):
        self.items = items

    def to_str(self) -> str:
        parts = []
        for item in self.items:
            if isinstance(item, StrValue):
                parts.append('"' + item.s + '"')
            elif isinstance(item, ArrayValue):
                parts.append("[...]")
            else:
                parts.append(item.to_str())
        return "[" + ", ".join(parts) + "]"

    def type_name(self) -> str:
        return "array"


class Code:
    """A compiled function or method (or the main program): the bytecode
    as a string of characters (an instruction and its arguments are each
    one character, so reading them with a constant `pc` folds in the JIT),
    the constants, and the source line of each bytecode position."""

    def __init__(self, name: str, nparams: int):
        self.name = name
        self.nparams = nparams
        self.nlocals = nparams
        self.bytecode = ""
        self.consts: list[Value] = []
        self.lines: list[int] = []
        self.names: list[str] = []
        self.local_names: list[str] = []
        self.is_method = False
        # The most operands on the stack at once (set by the compiler).
        self.max_stack = 0

    def line_at(self, pc: int) -> int:
        if pc < 0 or pc >= len(self.lines):
            return 0
        return self.lines[pc]


@elidable
def get_const(code: Code, index: int) -> Value:
    """A constant of `code` (constants never change after compilation)."""
    return code.consts[index]


@elidable
def get_name(code: Code, index: int) -> str:
    return code.names[index]


class FunctionValue(Value):
    def __init__(self, code: Code):
        self.code = code

    def to_str(self) -> str:
        return "<function " + self.code.name + ">"

    def type_name(self) -> str:
        return "function"


class ClassValue(Value):
    """A class: its methods (its own, then inherited ones on lookup)."""

    def __init__(self, name: str, parent: "ClassValue | None"):
        self.name = name
        self.parent = parent
        self.methods: dict[str, Code] = {}

    def to_str(self) -> str:
        return "<class " + self.name + ">"

    def type_name(self) -> str:
        return "class"


@elidable
def lookup_method(cls: ClassValue, name: str) -> "Code | None":
    """The method `name` of a class or its nearest base that has it (no
    methods are added after compilation, so this is pure)."""
    c: "ClassValue | None" = cls
    while c is not None:
        if name in c.methods:
            return c.methods[name]
        c = c.parent
    return None


class ObjectValue(Value):
    """An instance: its class and its fields by name."""

    def __init__(self, cls: ClassValue):
        self.cls = cls
        self.fields: dict[str, Value] = {}

    def to_str(self) -> str:
        return "<" + self.cls.name + " object>"

    def type_name(self) -> str:
        return self.cls.name


NIL = NilValue()
