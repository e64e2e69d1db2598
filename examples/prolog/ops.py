"""The operator table shared by the reader and the writer (changed by op/3)."""

XFX = 0
XFY = 1
YFX = 2
FY = 3
FX = 4
XF = 5
YF = 6

TYPE_NAMES = ["xfx", "xfy", "yfx", "fy", "fx", "xf", "yf"]


class OpDef:
    """One operator definition: its priority and type (XFX, FY, ...)."""

    def __init__(self, priority: int, kind: int):
        self.priority = priority
        self.kind = kind

    def left_max(self) -> int:
        """The highest priority allowed for the left argument (infix/postfix)."""
        if self.kind == YFX or self.kind == YF:
            return self.priority
        return self.priority - 1

    def right_max(self) -> int:
        """The highest priority allowed for the right argument (infix/prefix)."""
        if self.kind == XFY or self.kind == FY:
            return self.priority
        return self.priority - 1


class OpTable:
    """Prefix, infix and postfix operators by name."""

    def __init__(self):
        self.prefix: dict[str, OpDef] = {}
        self.infix: dict[str, OpDef] = {}
        self.postfix: dict[str, OpDef] = {}

    def add(self, priority: int, kind: int, name: str) -> None:
        """Define (or with priority 0, remove) an operator."""
        table = self.infix
        if kind == FY or kind == FX:
            table = self.prefix
        elif kind == XF or kind == YF:
            table = self.postfix
        if priority == 0:
            if name in table:
                del table[name]
        else:
            table[name] = OpDef(priority, kind)

    def is_op(self, name: str) -> bool:
        """Whether ``name`` is an operator of any kind."""
        return name in self.prefix or name in self.infix or name in self.postfix


def kind_from_name(name: str) -> int:
    """XFX, ... for the atom name of an operator type, or -1."""
    for i in range(len(TYPE_NAMES)):
        if TYPE_NAMES[i] == name:
            return i
    return -1


def standard_ops() -> OpTable:
    """The operator table of standard Prolog (as SWI-Prolog defines it)."""
    t = OpTable()
    for name in [":-", "-->"]:
        t.add(1200, XFX, name)
    for name in [":-", "?-"]:
        t.add(1200, FX, name)
    for name in ["dynamic", "discontiguous", "initialization", "multifile", "public",
                 "table", "module_transparent", "meta_predicate"]:
        t.add(1150, FX, name)
    t.add(1100, XFY, ";")
    t.add(1100, XFY, "|")
    t.add(1050, XFY, "->")
    t.add(1050, XFY, "*->")
    t.add(1000, XFY, ",")
    t.add(990, XFX, ":=")
    t.add(900, FY, "\\+")
    for name in ["=", "\\=", "==", "\\==", "@<", "@>", "@=<", "@>=", "=..", "is",
                 "=:=", "=\\=", "<", ">", "=<", ">=", ">:<", ":<", "as", "=@=", "\\=@="]:
        t.add(700, XFX, name)
    t.add(600, XFY, ":")
    for name in ["+", "-", "/\\", "\\/", "xor"]:
        t.add(500, YFX, name)
    t.add(500, FX, "?")
    for name in ["*", "/", "//", "mod", "rem", "<<", ">>", "div", "rdiv", "divmod"]:
        t.add(400, YFX, name)
    t.add(200, XFX, "**")
    t.add(200, XFY, "^")
    for name in ["-", "+", "\\"]:
        t.add(200, FY, name)
    t.add(100, YFX, ".")
    t.add(1, FX, "$")
    return t
