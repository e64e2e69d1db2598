"""The abstract syntax tree built by the parser and read by the compiler."""

from objects import W_Object


class Node:
    """An expression or statement; ``line`` is where it starts."""

    def __init__(self, line: int):
        self.line = line


class LiteralNode(Node):
    """A literal value (number, character, string, symbol, literal array)."""

    def __init__(self, line: int, value: W_Object):
        Node.__init__(self, line)
        self.value = value


class VariableNode(Node):
    """A variable reference, including ``self super nil true false``."""

    def __init__(self, line: int, name: str):
        Node.__init__(self, line)
        self.name = name


class AssignNode(Node):
    """``name := value``."""

    def __init__(self, line: int, name: str, value: Node):
        Node.__init__(self, line)
        self.name = name
        self.value = value


class SendNode(Node):
    """A message send; the receiver is ``VariableNode('super')`` for super
    sends and a ``CascadeReceiverNode`` inside a cascade."""

    def __init__(self, line: int, receiver: Node, selector: str, args: list[Node]):
        Node.__init__(self, line)
        self.receiver = receiver
        self.selector = selector
        self.args = args


class CascadeReceiverNode(Node):
    """Stands for the receiver of a cascade, already on the stack."""


class CascadeNode(Node):
    """``receiver m1; m2; m3``: each part is a send chain whose innermost
    receiver is a ``CascadeReceiverNode``."""

    def __init__(self, line: int, receiver: Node, parts: list[Node]):
        Node.__init__(self, line)
        self.receiver = receiver
        self.parts = parts


class BlockNode(Node):
    """``[:a :b | | t | statements]``."""

    def __init__(self, line: int, params: list[str], temps: list[str], body: list[Node]):
        Node.__init__(self, line)
        self.params = params
        self.temps = temps
        self.body = body


class ReturnNode(Node):
    """``^ value``."""

    def __init__(self, line: int, value: Node):
        Node.__init__(self, line)
        self.value = value


class BraceNode(Node):
    """``{ e1. e2 }``: an Array of the values."""

    def __init__(self, line: int, elements: list[Node]):
        Node.__init__(self, line)
        self.elements = elements


class MethodNode:
    """A method definition: selector, parameter and temporary names, the
    ``<primitive: n>`` number (0 for none) and the statements."""

    def __init__(self, line: int, selector: str, params: list[str]):
        self.line = line
        self.selector = selector
        self.params = params
        self.temps = []
        self.body = []
        self.primitive = 0
        self.end_line = line


class TopLevelItem:
    """One item of a source file, executed in order."""

    def __init__(self, line: int):
        self.line = line


class ClassVarNode:
    """``Name := expression.`` in a class body: a class variable."""

    def __init__(self, line: int, name: str, value: Node):
        self.line = line
        self.name = name
        self.value = value


class ClassDefNode(TopLevelItem):
    """``Super subclass: Name [ ... ]``, ``Name extend [ ... ]`` or
    ``Name class extend [ ... ]``; for an extension ``superclass_name`` is ''."""

    def __init__(self, line: int, superclass_name: str, name: str, is_extend: bool):
        TopLevelItem.__init__(self, line)
        self.superclass_name = superclass_name
        self.name = name
        self.is_extend = is_extend
        self.instvars = []
        self.class_instvars = []
        self.classvars = []
        self.methods = []
        self.class_methods = []
        self.comment = ""


class StatementNode(TopLevelItem):
    """A top-level statement (run as ``UndefinedObject>>executeStatements``)
    or a declaration of workspace variables (``| a b |``)."""

    def __init__(self, line: int, statement, declared: list[str]):
        TopLevelItem.__init__(self, line)
        self.statement = statement
        self.declared = declared
