"""The compiler: syntax trees to bytecode.

Each method and each block that is not inlined becomes a ``CompiledCode``
with its own frame. Blocks given literally to the control messages
(``ifTrue:`` ``ifFalse:`` ``and:`` ``or:`` ``whileTrue:`` ``whileFalse:``
``to:do:`` ``to:by:do:`` ``timesRepeat:`` ``repeat`` ``ifNil:``
``ifNotNil:`` and their combinations) are inlined: their parameters and
temporaries become slots of the enclosing frame and no closure is made.

Variables are resolved at compile time, innermost first: temporaries and
arguments (of this frame, or ``depth`` frames out for blocks), instance
variables of the class, class variables (of the class and its
superclasses), then globals (a ``Cell`` per name, shared by all code;
reading one that was never assigned is a run-time error).
"""

from bytecode import (CompiledCode, SendSite, SPECIAL_SELECTORS, OUTER_SHIFT,
                      PUSH_SELF, PUSH_NIL, PUSH_TRUE, PUSH_FALSE, PUSH_LITERAL, PUSH_TEMP,
                      PUSH_OUTER_TEMP, PUSH_INST, PUSH_CELL, PUSH_CONTEXT, STORE_TEMP,
                      STORE_OUTER_TEMP, STORE_INST, STORE_CELL, POP_STORE_TEMP, POP_STORE_INST,
                      POP, DUP, SEND, SUPER_SEND, SEND_ADD, SEND_SUB, SEND_LE, SEND_GE, SEND_AT,
                      SEND_AT_PUT, JUMP, JUMP_IF_TRUE, JUMP_IF_FALSE, JUMP_IF_NIL, JUMP_IF_NOT_NIL,
                      MAKE_BLOCK, MAKE_ARRAY, RETURN, RETURN_NONLOCAL)
from lexer import SmalltalkSyntaxError
from nodes import (Node, LiteralNode, VariableNode, AssignNode, SendNode, CascadeReceiverNode,
                   CascadeNode, BlockNode, ReturnNode, BraceNode, MethodNode)
from objects import W_Object, W_SmallInteger, W_Class, Cell, intern_symbol

# Kinds of variable a name resolves to.
VAR_TEMP = 0
VAR_OUTER = 1
VAR_INST = 2
VAR_CELL = 3

PSEUDO_VARIABLES = ["self", "super", "nil", "true", "false", "thisContext"]


class Scope:
    """Names declared by a method, a block or an inlined block; each maps
    to a slot in the frame of ``owner``."""

    def __init__(self, owner: "FunctionCompiler", parent):
        self.owner = owner
        self.parent = parent
        self.names = {}
        self.arguments = {}


class FunctionCompiler:
    """Compiles one method or real block into ``code``."""

    def __init__(self, code: CompiledCode, parent, w_class: W_Class, globals: dict[str, Cell]):
        self.code = code
        self.parent = parent
        self.w_class = w_class
        self.globals = globals
        self.depth = 0
        self.max_depth = 0
        if parent is None:
            self.scope = Scope(self, None)
        else:
            self.scope = Scope(self, parent.scope)

    # -- emission -------------------------------------------------------------

    def emit(self, op: int, arg: int, line: int, effect: int) -> int:
        """Append an instruction with its stack effect; returns its index."""
        self.code.ops.append(op)
        self.code.args.append(arg)
        self.code.lines.append(line)
        self.depth += effect
        if self.depth > self.max_depth:
            self.max_depth = self.depth
        return len(self.code.ops) - 1

    def here(self) -> int:
        """The index of the next instruction."""
        return len(self.code.ops)

    def patch(self, index: int) -> None:
        """Point the jump at ``index`` to the next instruction."""
        self.code.args[index] = self.here()

    def add_literal(self, value: W_Object) -> int:
        """Index of a literal (appended)."""
        self.code.literals.append(value)
        return len(self.code.literals) - 1

    def add_send(self, selector: str, nargs: int) -> int:
        """Index of a send site for ``selector``."""
        self.code.sends.append(SendSite(selector, nargs, intern_symbol(selector)))
        return len(self.code.sends) - 1

    def add_cell(self, cell: Cell) -> int:
        """Index of a variable cell (shared with other sites naming it)."""
        for i in range(len(self.code.cells)):
            if self.code.cells[i] is cell:
                return i
        self.code.cells.append(cell)
        return len(self.code.cells) - 1

    def finish(self) -> CompiledCode:
        """Fill in the frame size once all code is emitted."""
        self.code.frame_size = self.code.ntemps + self.max_depth + 1
        return self.code

    # -- declarations and names -----------------------------------------------------

    def declare(self, scope: Scope, name: str, line: int, is_argument: bool) -> int:
        """Give ``name`` a new slot in this frame, visible in ``scope``."""
        if name in PSEUDO_VARIABLES:
            raise SmalltalkSyntaxError("cannot use " + name + " as a variable name", line)
        if name in scope.names:
            raise SmalltalkSyntaxError("variable " + name + " declared twice", line)
        slot = self.code.ntemps
        self.code.ntemps += 1
        scope.names[name] = slot
        if is_argument:
            scope.arguments[name] = True
        return slot

    def resolve(self, name: str, line: int, for_store: bool) -> tuple[int, int]:
        """What ``name`` denotes: (kind, operand) for the VAR_ kinds."""
        scope = self.scope
        while scope is not None:
            if name in scope.names:
                if for_store and name in scope.arguments:
                    raise SmalltalkSyntaxError("cannot assign to argument " + name, line)
                slot = scope.names[name]
                depth = 0
                f = self
                while f is not scope.owner:
                    f = f.parent
                    depth += 1
                if depth == 0:
                    return (VAR_TEMP, slot)
                return (VAR_OUTER, (depth << OUTER_SHIFT) | slot)
            scope = scope.parent
        names = self.w_class.instvar_names
        for i in range(len(names) - 1, -1, -1):
            if names[i] == name:
                return (VAR_INST, i)
        cell = self.w_class.find_classvar(name)
        if cell is None:
            if name in self.globals:
                cell = self.globals[name]
            else:
                cell = Cell(name, None)
                self.globals[name] = cell
        return (VAR_CELL, self.add_cell(cell))

    # -- statements -------------------------------------------------------------

    def compile_body(self, body: list[Node]) -> None:
        """Statements whose values are dropped (nothing follows a return)."""
        for stmt in body:
            if isinstance(stmt, AssignNode):
                self.compile_expr(stmt.value)
                self.compile_store(stmt.name, stmt.line, True)
            elif isinstance(stmt, ReturnNode):
                self.compile_expr(stmt)
                return
            else:
                self.compile_expr(stmt)
                self.emit(POP, 0, stmt.line, -1)

    def compile_value_body(self, body: list[Node], line: int) -> None:
        """Statements leaving the last one's value (nil if none)."""
        if len(body) == 0:
            self.emit(PUSH_NIL, 0, line, 1)
            return
        for i in range(len(body)):
            self.compile_expr(body[i])
            if i < len(body) - 1:
                self.emit(POP, 0, body[i].line, -1)

    def compile_expr(self, node: Node) -> None:
        """Code leaving the value of ``node`` on the stack."""
        if isinstance(node, SendNode):
            self.compile_send(node)
        elif isinstance(node, VariableNode):
            self.compile_variable(node.name, node.line)
        elif isinstance(node, LiteralNode):
            self.emit(PUSH_LITERAL, self.add_literal(node.value), node.line, 1)
        elif isinstance(node, AssignNode):
            self.compile_expr(node.value)
            self.compile_store(node.name, node.line, False)
        elif isinstance(node, ReturnNode):
            self.compile_expr(node.value)
            if self.code.is_block:
                self.emit(RETURN_NONLOCAL, 0, node.line, -1)
            else:
                self.emit(RETURN, 0, node.line, -1)
            # code after a return is dead; count the value it stands for
            self.depth += 1
        elif isinstance(node, BlockNode):
            self.compile_block(node)
        elif isinstance(node, CascadeNode):
            self.compile_cascade(node)
        elif isinstance(node, BraceNode):
            for e in node.elements:
                self.compile_expr(e)
            self.emit(MAKE_ARRAY, len(node.elements), node.line, 1 - len(node.elements))
        elif isinstance(node, CascadeReceiverNode):
            pass
        else:
            raise SmalltalkSyntaxError("cannot compile this expression", node.line)

    def compile_variable(self, name: str, line: int) -> None:
        """Push a variable or pseudo-variable."""
        if name == "self" or name == "super":
            self.emit(PUSH_SELF, 0, line, 1)
        elif name == "nil":
            self.emit(PUSH_NIL, 0, line, 1)
        elif name == "true":
            self.emit(PUSH_TRUE, 0, line, 1)
        elif name == "false":
            self.emit(PUSH_FALSE, 0, line, 1)
        elif name == "thisContext":
            self.emit(PUSH_CONTEXT, 0, line, 1)
        else:
            kind, operand = self.resolve(name, line, False)
            if kind == VAR_TEMP:
                self.emit(PUSH_TEMP, operand, line, 1)
            elif kind == VAR_OUTER:
                self.emit(PUSH_OUTER_TEMP, operand, line, 1)
            elif kind == VAR_INST:
                self.emit(PUSH_INST, operand, line, 1)
            else:
                self.emit(PUSH_CELL, operand, line, 1)

    def compile_store(self, name: str, line: int, pop: bool) -> None:
        """Store the top of the stack into a variable (popping it if ``pop``)."""
        kind, operand = self.resolve(name, line, True)
        if kind == VAR_TEMP:
            if pop:
                self.emit(POP_STORE_TEMP, operand, line, -1)
            else:
                self.emit(STORE_TEMP, operand, line, 0)
            return
        if kind == VAR_INST and pop:
            self.emit(POP_STORE_INST, operand, line, -1)
            return
        if kind == VAR_OUTER:
            self.emit(STORE_OUTER_TEMP, operand, line, 0)
        elif kind == VAR_INST:
            self.emit(STORE_INST, operand, line, 0)
        else:
            self.emit(STORE_CELL, operand, line, 0)
        if pop:
            self.emit(POP, 0, line, -1)

    def compile_cascade(self, node: CascadeNode) -> None:
        """The receiver once, then each part sent to a copy of it."""
        self.compile_expr(node.receiver)
        last = len(node.parts) - 1
        for i in range(len(node.parts)):
            part = node.parts[i]
            if i < last:
                self.emit(DUP, 0, part.line, 1)
                self.compile_expr(part)
                self.emit(POP, 0, part.line, -1)
            else:
                self.compile_expr(part)

    def compile_block(self, node: BlockNode) -> None:
        """A real block: compile its code and make a closure at run time."""
        name = "[] in " + self.method_name()
        code = CompiledCode(name, self.code.selector, True, self.code.source_name, self.code.kernel,
                            self.code.defining_class)
        code.line = node.line
        sub = FunctionCompiler(code, self, self.w_class, self.globals)
        for p in node.params:
            sub.declare(sub.scope, p, node.line, True)
        code.nargs = len(node.params)
        for t in node.temps:
            sub.declare(sub.scope, t, node.line, False)
        sub.compile_value_body(node.body, node.line)
        sub.emit(RETURN, 0, self.end_line_of(node), -1)
        self.code.blocks.append(sub.finish())
        self.emit(MAKE_BLOCK, len(self.code.blocks) - 1, node.line, 1)

    def end_line_of(self, node: BlockNode) -> int:
        """The line of the last statement of a block (or of the block)."""
        if len(node.body) > 0:
            return node.body[len(node.body) - 1].line
        return node.line

    def method_name(self) -> str:
        """The name of the method this code belongs to."""
        name = self.code.name
        if name.startswith("[] in "):
            return name[6:]
        return name

    # -- sends ------------------------------------------------------------------

    def compile_send(self, node: SendNode) -> None:
        """A message send: inlined control structure, special or plain send."""
        if self.try_inline(node):
            return
        receiver = node.receiver
        is_super = isinstance(receiver, VariableNode) and receiver.name == "super"
        self.compile_expr(receiver)
        for a in node.args:
            self.compile_expr(a)
        nargs = len(node.args)
        site = self.add_send(node.selector, nargs)
        if is_super:
            self.emit(SUPER_SEND, site, node.line, -nargs)
        elif node.selector in SPECIAL_SELECTORS:
            self.emit(SPECIAL_SELECTORS[node.selector], site, node.line, -1)
        elif node.selector == "at:":
            self.emit(SEND_AT, site, node.line, -1)
        elif node.selector == "at:put:":
            self.emit(SEND_AT_PUT, site, node.line, -2)
        else:
            self.emit(SEND, site, node.line, -nargs)

    def try_inline(self, node: SendNode) -> bool:
        """Compile a control message with literal blocks inline; False if
        ``node`` is not one."""
        sel = node.selector
        args = node.args
        if isinstance(node.receiver, VariableNode) and node.receiver.name == "super":
            return False
        if sel == "ifTrue:" or sel == "ifFalse:":
            if not is_block_with(args[0], 0):
                return False
            self.inline_if(node, sel == "ifTrue:", args[0], None)
            return True
        if sel == "ifTrue:ifFalse:" or sel == "ifFalse:ifTrue:":
            if not (is_block_with(args[0], 0) and is_block_with(args[1], 0)):
                return False
            self.inline_if(node, sel == "ifTrue:ifFalse:", args[0], args[1])
            return True
        if sel == "and:" or sel == "or:":
            if not is_block_with(args[0], 0):
                return False
            self.inline_and_or(node, sel == "and:")
            return True
        if sel == "whileTrue:" or sel == "whileFalse:":
            if not (is_block_with(node.receiver, 0) and is_block_with(args[0], 0)):
                return False
            self.inline_while(node, sel == "whileTrue:", args[0])
            return True
        if sel == "whileTrue" or sel == "whileFalse":
            if not is_block_with(node.receiver, 0):
                return False
            self.inline_while(node, sel == "whileTrue", None)
            return True
        if sel == "repeat":
            if not is_block_with(node.receiver, 0):
                return False
            self.inline_repeat(node)
            return True
        if sel == "to:do:":
            if not is_block_with(args[1], 1):
                return False
            self.inline_to_do(node, args[0], None, args[1])
            return True
        if sel == "to:by:do:":
            if not (is_block_with(args[2], 1) and is_nonzero_int(args[1])):
                return False
            self.inline_to_do(node, args[0], args[1], args[2])
            return True
        if sel == "timesRepeat:":
            if not is_block_with(args[0], 0):
                return False
            self.inline_times_repeat(node)
            return True
        if sel == "ifNil:" or sel == "ifNotNil:":
            if not (is_block_with(args[0], 0) or (sel == "ifNotNil:" and is_block_with(args[0], 1))):
                return False
            if sel == "ifNil:":
                self.inline_if_nil(node, args[0], None)
            else:
                self.inline_if_nil(node, None, args[0])
            return True
        if sel == "ifNil:ifNotNil:" or sel == "ifNotNil:ifNil:":
            nil_index = 0
            if sel == "ifNotNil:ifNil:":
                nil_index = 1
            nil_block = args[nil_index]
            not_nil_block = args[1 - nil_index]
            if not (is_block_with(nil_block, 0)
                    and (is_block_with(not_nil_block, 0) or is_block_with(not_nil_block, 1))):
                return False
            self.inline_if_nil(node, nil_block, not_nil_block)
            return True
        return False

    def inline_block_body(self, block: "Node | None", arg_slot: int) -> None:
        """The statements of a literal block, inline, leaving its value.
        With ``arg_slot`` >= 0 the block's one parameter is bound to that
        slot (its value must already be stored there)."""
        assert isinstance(block, BlockNode)
        scope = Scope(self, self.scope)
        if len(block.params) == 1 and arg_slot >= 0:
            scope.names[block.params[0]] = arg_slot
            scope.arguments[block.params[0]] = True
        saved = self.scope
        self.scope = scope
        for t in block.temps:
            slot = self.declare(scope, t, block.line, False)
            self.emit(PUSH_NIL, 0, block.line, 1)
            self.emit(POP_STORE_TEMP, slot, block.line, -1)
        self.compile_value_body(block.body, block.line)
        self.scope = saved

    def inline_if(self, node: SendNode, if_true: bool, first: Node, second) -> None:
        """``c ifTrue: [a] ifFalse: [b]`` and the one-armed forms (nil when
        the missing arm would run)."""
        self.compile_expr(node.receiver)
        jump_op = JUMP_IF_FALSE
        if not if_true:
            jump_op = JUMP_IF_TRUE
        skip = self.emit(jump_op, 0, node.line, -1)
        base = self.depth
        self.inline_block_body(first, -1)
        done = self.emit(JUMP, 0, node.line, 0)
        self.patch(skip)
        self.depth = base
        if second is None:
            self.emit(PUSH_NIL, 0, node.line, 1)
        else:
            self.inline_block_body(second, -1)
        self.patch(done)

    def inline_and_or(self, node: SendNode, is_and: bool) -> None:
        """``a and: [b]`` / ``a or: [b]``."""
        self.compile_expr(node.receiver)
        jump_op = JUMP_IF_FALSE
        if not is_and:
            jump_op = JUMP_IF_TRUE
        short = self.emit(jump_op, 0, node.line, -1)
        base = self.depth
        self.inline_block_body(node.args[0], -1)
        done = self.emit(JUMP, 0, node.line, 0)
        self.patch(short)
        self.depth = base
        if is_and:
            self.emit(PUSH_FALSE, 0, node.line, 1)
        else:
            self.emit(PUSH_TRUE, 0, node.line, 1)
        self.patch(done)

    def inline_while(self, node: SendNode, while_true: bool, body) -> None:
        """``[c] whileTrue: [b]``, ``[c] whileFalse: [b]``, ``[b. c] whileTrue``."""
        top = self.here()
        self.inline_block_body(node.receiver, -1)
        if body is None:
            jump_op = JUMP_IF_TRUE
            if not while_true:
                jump_op = JUMP_IF_FALSE
            self.emit(jump_op, top, node.line, -1)
        else:
            jump_op = JUMP_IF_FALSE
            if not while_true:
                jump_op = JUMP_IF_TRUE
            exit_jump = self.emit(jump_op, 0, node.line, -1)
            self.inline_block_body(body, -1)
            self.emit(POP, 0, node.line, -1)
            self.emit(JUMP, top, node.line, 0)
            self.patch(exit_jump)
        self.emit(PUSH_NIL, 0, node.line, 1)

    def inline_repeat(self, node: SendNode) -> None:
        """``[b] repeat``: loops until a return leaves it."""
        top = self.here()
        self.inline_block_body(node.receiver, -1)
        self.emit(POP, 0, node.line, -1)
        self.emit(JUMP, top, node.line, 0)
        self.emit(PUSH_NIL, 0, node.line, 1)

    def hidden_temp(self) -> int:
        """A slot for compiler-made variables (loop limits, counters)."""
        slot = self.code.ntemps
        self.code.ntemps += 1
        return slot

    def inline_to_do(self, node: SendNode, limit: Node, step, block: Node) -> None:
        """``a to: b do: [:i | ...]`` and ``a to: b by: k do: [...]`` (k a
        literal integer). The limit is evaluated once; the loop variable is
        a slot of this frame; the value of the whole is the receiver."""
        step_value = 1
        if isinstance(step, LiteralNode):
            v = step.value
            if isinstance(v, W_SmallInteger):
                step_value = v.value
        counter = self.hidden_temp()
        limit_slot = self.hidden_temp()
        self.compile_expr(node.receiver)
        self.emit(DUP, 0, node.line, 1)
        self.emit(POP_STORE_TEMP, counter, node.line, -1)
        self.compile_expr(limit)
        self.emit(POP_STORE_TEMP, limit_slot, node.line, -1)
        top = self.here()
        self.emit(PUSH_TEMP, counter, node.line, 1)
        self.emit(PUSH_TEMP, limit_slot, node.line, 1)
        compare = SEND_LE
        compare_sel = "<="
        if step_value < 0:
            compare = SEND_GE
            compare_sel = ">="
        self.emit(compare, self.add_send(compare_sel, 1), node.line, -1)
        exit_jump = self.emit(JUMP_IF_FALSE, 0, node.line, -1)
        self.inline_block_body(block, counter)
        self.emit(POP, 0, node.line, -1)
        self.emit(PUSH_TEMP, counter, node.line, 1)
        self.emit(PUSH_LITERAL, self.add_literal(W_SmallInteger(step_value)), node.line, 1)
        self.emit(SEND_ADD, self.add_send("+", 1), node.line, -1)
        self.emit(POP_STORE_TEMP, counter, node.line, -1)
        self.emit(JUMP, top, node.line, 0)
        self.patch(exit_jump)

    def inline_times_repeat(self, node: SendNode) -> None:
        """``n timesRepeat: [...]``; the value is the receiver."""
        counter = self.hidden_temp()
        self.compile_expr(node.receiver)
        self.emit(DUP, 0, node.line, 1)
        self.emit(POP_STORE_TEMP, counter, node.line, -1)
        top = self.here()
        self.emit(PUSH_TEMP, counter, node.line, 1)
        self.emit(PUSH_LITERAL, self.add_literal(W_SmallInteger(1)), node.line, 1)
        self.emit(SEND_GE, self.add_send(">=", 1), node.line, -1)
        exit_jump = self.emit(JUMP_IF_FALSE, 0, node.line, -1)
        self.inline_block_body(node.args[0], -1)
        self.emit(POP, 0, node.line, -1)
        self.emit(PUSH_TEMP, counter, node.line, 1)
        self.emit(PUSH_LITERAL, self.add_literal(W_SmallInteger(1)), node.line, 1)
        self.emit(SEND_SUB, self.add_send("-", 1), node.line, -1)
        self.emit(POP_STORE_TEMP, counter, node.line, -1)
        self.emit(JUMP, top, node.line, 0)
        self.patch(exit_jump)

    def inline_if_nil(self, node: SendNode, nil_block, not_nil_block) -> None:
        """``x ifNil: [a]`` (x when not nil), ``x ifNotNil: [:v | b]`` (nil
        when nil) and ``x ifNil: [a] ifNotNil: [:v | b]``."""
        self.compile_expr(node.receiver)
        self.emit(DUP, 0, node.line, 1)
        if not_nil_block is None:
            done = self.emit(JUMP_IF_NOT_NIL, 0, node.line, -1)
            self.emit(POP, 0, node.line, -1)
            self.inline_block_body(nil_block, -1)
            self.patch(done)
            return
        if nil_block is None:
            done = self.emit(JUMP_IF_NIL, 0, node.line, -1)
            self.bind_and_inline(not_nil_block, node.line)
            self.patch(done)
            return
        not_nil = self.emit(JUMP_IF_NOT_NIL, 0, node.line, -1)
        self.emit(POP, 0, node.line, -1)
        base = self.depth
        self.inline_block_body(nil_block, -1)
        done = self.emit(JUMP, 0, node.line, 0)
        self.patch(not_nil)
        self.depth = base + 1
        self.bind_and_inline(not_nil_block, node.line)
        self.patch(done)

    def bind_and_inline(self, block: "Node | None", line: int) -> None:
        """Consume the value on the stack as the block's argument (or drop
        it for a block without parameters) and inline the block."""
        assert isinstance(block, BlockNode)
        if len(block.params) == 1:
            slot = self.hidden_temp()
            self.emit(POP_STORE_TEMP, slot, line, -1)
            self.inline_block_body(block, slot)
        else:
            self.emit(POP, 0, line, -1)
            self.inline_block_body(block, -1)


def is_block_with(node: Node, nparams: int) -> bool:
    """Whether ``node`` is a literal block with ``nparams`` parameters."""
    return isinstance(node, BlockNode) and len(node.params) == nparams


def is_nonzero_int(node) -> bool:
    """Whether ``node`` is a literal non-zero integer."""
    if isinstance(node, LiteralNode):
        v = node.value
        return isinstance(v, W_SmallInteger) and v.value != 0
    return False


def compile_method(node: MethodNode, w_class: W_Class, globals: dict[str, Cell],
                   source_name: str, kernel: bool) -> CompiledCode:
    """Compile a method to be installed in ``w_class``."""
    if node.primitive != 0 and not kernel:
        # primitives trust the shapes of their receivers' frames and fields
        raise SmalltalkSyntaxError("<primitive: " + str(node.primitive) + "> is reserved for the kernel",
                                   node.line)
    name = w_class.name + ">>" + node.selector
    code = CompiledCode(name, node.selector, False, source_name, kernel, w_class)
    code.primitive = node.primitive
    code.line = node.line
    fc = FunctionCompiler(code, None, w_class, globals)
    for p in node.params:
        fc.declare(fc.scope, p, node.line, True)
    code.nargs = len(node.params)
    for t in node.temps:
        fc.declare(fc.scope, t, node.line, False)
    fc.compile_body(node.body)
    if not ends_with_return(node.body):
        fc.emit(PUSH_SELF, 0, node.end_line, 1)
        fc.emit(RETURN, 0, node.end_line, -1)
    code = fc.finish()
    code.find_quick_form()
    return code


def compile_doit(statement: Node, w_class: W_Class, globals: dict[str, Cell],
                 source_name: str, name: str) -> CompiledCode:
    """Compile a top-level statement (or a class-variable initializer) as a
    method without arguments answering the statement's value."""
    code = CompiledCode(name, "executeStatements", False, source_name, False, w_class)
    code.line = statement.line
    fc = FunctionCompiler(code, None, w_class, globals)
    fc.compile_expr(statement)
    if not isinstance(statement, ReturnNode):
        fc.emit(RETURN, 0, statement.line, -1)
    return fc.finish()


def ends_with_return(body: list[Node]) -> bool:
    """Whether the last statement is a ``^`` return."""
    return len(body) > 0 and isinstance(body[len(body) - 1], ReturnNode)
