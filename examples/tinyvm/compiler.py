"""A one-pass compiler from Tiny source text to bytecode: a recursive-descent
parser that emits each function's instructions as it reads them (no
syntax tree)."""

from bytecode import (
    ADD, ARGS, BUILD_ARRAY, BUILTIN,
    BUILTINS, CALL, CALL_METHOD, CONST, DIV, EQ, GE, GET_FIELD, GT, INDEX, JUMP,
    JUMP_IF_FALSE, JUMP_IF_FALSE_KEEP, JUMP_IF_TRUE_KEEP, LE, LOAD_GLOBAL, LOAD_LOCAL, LT,
    DUP, MAX_ARG, MOD, MUL, NAMES, NE, NEG, NIL, NOT, POP, RETURN, SET_FIELD, SET_INDEX, STORE_GLOBAL,
    STORE_LOCAL, SUB,
)
from errors import TinyError
from lexer import T_EOF, T_INT, T_KEYWORD, T_NAME, T_OP, T_STR, Token, tokenize
from objects import ClassValue, Code, FunctionValue, IntValue, StrValue, Value

# What the last expression compiled was, for assignments to it.
K_OTHER = 0
K_LOCAL = 1
K_GLOBAL = 2
K_FIELD = 3
K_INDEX = 4

# Arity of each built-in: (least, most) arguments.
BUILTIN_MIN = [0, 1, 1, 1, 2, 1, 1]
BUILTIN_MAX = [1000, 1, 1, 2, 2, 1, 1]


class Globals:
    """The global variables: a slot per name, shared by all code."""

    def __init__(self):
        self.slots: dict[str, int] = {}
        self.names: list[str] = []
        self.values: list["Value | None"] = []

    def slot(self, name: str) -> int:
        if name in self.slots:
            return self.slots[name]
        i = len(self.names)
        self.slots[name] = i
        self.names.append(name)
        self.values.append(None)
        return i


class Emitter:
    """The code being compiled for one function: its instructions (as
    integers until `finish`), lines, locals and loops."""

    def __init__(self, code: Code, top_level: bool):
        self.code = code
        self.ops: list[int] = []
        self.lines: list[int] = []
        self.top_level = top_level
        self.locals: dict[str, int] = {}
        # For each loop being compiled, the positions of its `break` jumps.
        self.breaks: list[list[int]] = []
        # The opcode of the last instruction emitted.
        self.last_op = 0

    def put(self, x: int, line: int) -> None:
        self.ops.append(x)
        self.lines.append(line)

    def emit(self, op: int, line: int) -> None:
        self.put(op, line)
        self.last_op = op

    def emit1(self, op: int, arg: int, line: int) -> None:
        if arg < 0 or arg > MAX_ARG:
            raise TinyError("syntax error", "program too large", line)
        self.put(op, line)
        self.put(arg, line)
        self.last_op = op

    def emit2(self, op: int, a: int, b: int, line: int) -> None:
        if a < 0 or a > MAX_ARG or b < 0 or b > MAX_ARG:
            raise TinyError("syntax error", "program too large", line)
        self.put(op, line)
        self.put(a, line)
        self.put(b, line)
        self.last_op = op

    def here(self) -> int:
        return len(self.ops)

    def jump_to_patch(self, op: int, line: int) -> int:
        """Emits a jump whose target is set later; its argument's position."""
        self.emit1(op, 0, line)
        return len(self.ops) - 1

    def patch(self, at: int) -> None:
        if len(self.ops) > MAX_ARG:
            raise TinyError("syntax error", "program too large", self.lines[at])
        self.ops[at] = len(self.ops)

    def const(self, value: Value) -> int:
        self.code.consts.append(value)
        return len(self.code.consts) - 1

    def name(self, text: str) -> int:
        names = self.code.names
        for i in range(len(names)):
            if names[i] == text:
                return i
        names.append(text)
        return len(names) - 1

    def local(self, name: str) -> int:
        if name in self.locals:
            return self.locals[name]
        i = self.code.nlocals
        self.locals[name] = i
        self.code.local_names.append(name)
        self.code.nlocals = i + 1
        return i

    def finish(self) -> None:
        self.code.bytecode = "".join([chr(op) for op in self.ops])
        self.code.lines = self.lines
        self.code.max_stack = max_stack(self.ops)


class Compiler:
    def __init__(self, source: str, globals_: Globals):
        self.tokens = tokenize(source)
        self.pos = 0
        self.globals = globals_
        self.classes: dict[str, ClassValue] = {}
        # Functions and classes, bound to their globals before the program runs.
        self.hoisted: list[tuple[int, Value]] = []
        self.em = Emitter(Code("<main>", 0), True)
        # The kind and details of the last expression (for assignments).
        self.last_kind = K_OTHER
        self.last_at = 0
        self.last_arg = 0

    # ------------------------------------------------------------ tokens

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        t = self.tokens[self.pos]
        if t.kind != T_EOF:
            self.pos += 1
        return t

    def at_op(self, text: str) -> bool:
        t = self.tokens[self.pos]
        return t.kind == T_OP and t.text == text

    def at_keyword(self, text: str) -> bool:
        t = self.tokens[self.pos]
        return t.kind == T_KEYWORD and t.text == text

    def error(self, message: str, t: Token) -> TinyError:
        return TinyError("syntax error", message, t.line)

    def describe(self, t: Token) -> str:
        if t.kind == T_EOF:
            return "end of file"
        if t.kind == T_STR:
            return "a string"
        return "'" + t.text + "'"

    def expect_op(self, text: str) -> Token:
        t = self.next()
        if t.kind != T_OP or t.text != text:
            raise self.error("expected '" + text + "' but found " + self.describe(t), t)
        return t

    def expect_keyword(self, text: str) -> Token:
        t = self.next()
        if t.kind != T_KEYWORD or t.text != text:
            raise self.error("expected '" + text + "' but found " + self.describe(t), t)
        return t

    def expect_name(self) -> Token:
        t = self.next()
        if t.kind != T_NAME:
            raise self.error("expected a name but found " + self.describe(t), t)
        return t

    # ------------------------------------------------------------ program

    def compile_program(self) -> Code:
        while self.peek().kind != T_EOF:
            if self.at_keyword("fun"):
                self.next()
                f = self.function(None)
                self.hoisted.append((self.globals.slot(f.name), FunctionValue(f)))
            elif self.at_keyword("class"):
                self.class_def()
            else:
                self.statement()
        line = self.peek().line
        self.em.emit(NIL, line)
        self.em.emit(RETURN, line)
        self.em.finish()
        return self.em.code

    def function(self, cls: "ClassValue | None") -> Code:
        """After `fun`: the name, parameters and body up to `end`."""
        name_tok = self.expect_name()
        self.expect_op("(")
        params = []
        if not self.at_op(")"):
            while True:
                p = self.expect_name()
                if p.text in params:
                    raise self.error("duplicate parameter " + p.text, p)
                params.append(p.text)
                if not self.at_op(","):
                    break
                self.next()
        self.expect_op(")")
        qual = name_tok.text if cls is None else cls.name + "." + name_tok.text
        nparams = len(params) + (1 if cls is not None else 0)
        code = Code(qual, nparams)
        code.is_method = cls is not None
        outer = self.em
        self.em = Emitter(code, False)
        if cls is not None:
            self.em.locals["self"] = 0
            code.local_names.append("self")
        for p in params:
            self.em.locals[p] = len(code.local_names)
            code.local_names.append(p)
        self.block(["end"])
        end = self.expect_keyword("end")
        self.em.emit(NIL, end.line)
        self.em.emit(RETURN, end.line)
        self.em.finish()
        self.em = outer
        code.name = qual
        if cls is None:
            code.name = name_tok.text
        return code

    def class_def(self) -> None:
        self.expect_keyword("class")
        name_tok = self.expect_name()
        parent: "ClassValue | None" = None
        if self.at_op("<"):
            self.next()
            p = self.expect_name()
            if p.text not in self.classes:
                raise self.error("unknown class " + p.text, p)
            parent = self.classes[p.text]
        cls = ClassValue(name_tok.text, parent)
        self.classes[name_tok.text] = cls
        self.hoisted.append((self.globals.slot(name_tok.text), cls))
        while not self.at_keyword("end"):
            t = self.peek()
            if not self.at_keyword("fun"):
                raise self.error("expected 'fun' or 'end' in class body but found " + self.describe(t), t)
            self.next()
            m = self.function(cls)
            short = m.name[len(cls.name) + 1:]
            cls.methods[short] = m
        self.expect_keyword("end")

    # ------------------------------------------------------------ statements

    def block(self, enders: list[str]) -> None:
        while True:
            t = self.peek()
            if t.kind == T_KEYWORD and t.text in enders:
                return
            if t.kind == T_EOF:
                raise self.error("expected '" + enders[0] + "' but found end of file", t)
            self.statement()

    def statement(self) -> None:
        t = self.peek()
        em = self.em
        if t.kind == T_KEYWORD:
            if t.text == "var":
                self.next()
                name = self.expect_name()
                self.expect_op("=")
                self.expression()
                self.store_variable(name.text, name.line)
                return
            if t.text == "if":
                self.if_statement()
                return
            if t.text == "while":
                self.next()
                top = em.here()
                self.expression()
                self.expect_keyword("do")
                exit_jump = em.jump_to_patch(JUMP_IF_FALSE, t.line)
                em.breaks.append([])
                self.block(["end"])
                end = self.expect_keyword("end")
                em.emit1(JUMP, top, end.line)
                em.patch(exit_jump)
                for b in em.breaks.pop():
                    em.patch(b)
                return
            if t.text == "for":
                self.for_statement()
                return
            if t.text == "return":
                self.next()
                if em.top_level:
                    raise self.error("'return' outside a function", t)
                n = self.peek()
                if n.kind == T_KEYWORD and n.text in ("end", "else", "elif"):
                    em.emit(NIL, t.line)
                else:
                    self.expression()
                em.emit(RETURN, t.line)
                return
            if t.text == "break":
                self.next()
                if len(em.breaks) == 0:
                    raise self.error("'break' outside a loop", t)
                em.breaks[len(em.breaks) - 1].append(em.jump_to_patch(JUMP, t.line))
                return
            if t.text == "fun" or t.text == "class":
                raise self.error("'" + t.text + "' is only allowed at the top level", t)
        # An expression, or an assignment to one.
        self.expression()
        if self.at_op("="):
            eq = self.next()
            kind = self.last_kind
            at = self.last_at
            arg = self.last_arg
            if kind == K_OTHER:
                raise self.error("cannot assign to this expression", eq)
            # Remove the load: what it loaded from is the target.
            del em.ops[at:]
            del em.lines[at:]
            self.expression()
            if kind == K_LOCAL:
                em.emit1(STORE_LOCAL, arg, eq.line)
            elif kind == K_GLOBAL:
                em.emit1(STORE_GLOBAL, arg, eq.line)
            elif kind == K_FIELD:
                em.emit1(SET_FIELD, arg, eq.line)
            else:
                em.emit(SET_INDEX, eq.line)
        else:
            if em.last_op != CALL and em.last_op != CALL_METHOD and em.last_op != BUILTIN:
                raise self.error("expected a statement (an assignment or a call) but found an expression", t)
            em.emit(POP, t.line)

    def store_variable(self, name: str, line: int) -> None:
        em = self.em
        if name in BUILTINS or name == "self":
            raise TinyError("syntax error", "cannot assign to " + name, line)
        if em.top_level:
            em.emit1(STORE_GLOBAL, self.globals.slot(name), line)
        else:
            em.emit1(STORE_LOCAL, em.local(name), line)

    def if_statement(self) -> None:
        em = self.em
        t = self.next()  # `if` or `elif`
        self.expression()
        self.expect_keyword("then")
        skip = em.jump_to_patch(JUMP_IF_FALSE, t.line)
        self.block(["end", "elif", "else"])
        n = self.peek()
        if n.text == "end":
            self.next()
            em.patch(skip)
            return
        done = em.jump_to_patch(JUMP, n.line)
        em.patch(skip)
        if n.text == "elif":
            self.if_statement()  # consumes the final `end`
        else:
            self.next()
            self.block(["end"])
            self.expect_keyword("end")
        em.patch(done)

    def for_statement(self) -> None:
        """`for i = a to b do ... end`: i runs from a up to b inclusive (b
        is evaluated once)."""
        em = self.em
        t = self.next()
        name = self.expect_name()
        self.expect_op("=")
        self.expression()
        self.store_variable(name.text, name.line)
        self.expect_keyword("to")
        self.expression()
        # The limit lives in a hidden variable.
        limit_name = "(limit " + str(em.here()) + ")"
        self.store_variable(limit_name, t.line)
        self.expect_keyword("do")
        top = em.here()
        self.load_variable(name.text, t.line)
        self.load_variable(limit_name, t.line)
        em.emit(LE, t.line)
        exit_jump = em.jump_to_patch(JUMP_IF_FALSE, t.line)
        em.breaks.append([])
        self.block(["end"])
        end = self.expect_keyword("end")
        self.load_variable(name.text, end.line)
        em.emit1(CONST, em.const(IntValue(1)), end.line)
        em.emit(ADD, end.line)
        self.store_variable(name.text, end.line)
        em.emit1(JUMP, top, end.line)
        em.patch(exit_jump)
        for b in em.breaks.pop():
            em.patch(b)

    def load_variable(self, name: str, line: int) -> None:
        em = self.em
        self.last_at = em.here()
        if not em.top_level and name in em.locals:
            self.last_kind = K_LOCAL
            self.last_arg = em.locals[name]
            em.emit1(LOAD_LOCAL, self.last_arg, line)
        else:
            self.last_kind = K_GLOBAL
            self.last_arg = self.globals.slot(name)
            em.emit1(LOAD_GLOBAL, self.last_arg, line)

    # ------------------------------------------------------------ expressions

    def expression(self) -> None:
        self.or_expr()

    def or_expr(self) -> None:
        self.and_expr()
        while self.at_keyword("or"):
            t = self.next()
            j = self.em.jump_to_patch(JUMP_IF_TRUE_KEEP, t.line)
            self.and_expr()
            self.em.patch(j)
            self.last_kind = K_OTHER

    def and_expr(self) -> None:
        self.not_expr()
        while self.at_keyword("and"):
            t = self.next()
            j = self.em.jump_to_patch(JUMP_IF_FALSE_KEEP, t.line)
            self.not_expr()
            self.em.patch(j)
            self.last_kind = K_OTHER

    def not_expr(self) -> None:
        if self.at_keyword("not"):
            t = self.next()
            self.not_expr()
            self.em.emit(NOT, t.line)
            self.last_kind = K_OTHER
            return
        self.comparison()

    def comparison(self) -> None:
        self.sum_expr()
        t = self.peek()
        if t.kind == T_OP and t.text in ("==", "!=", "<", "<=", ">", ">="):
            self.next()
            self.sum_expr()
            ops = {"==": EQ, "!=": NE, "<": LT, "<=": LE, ">": GT, ">=": GE}
            self.em.emit(ops[t.text], t.line)
            self.last_kind = K_OTHER
            n = self.peek()
            if n.kind == T_OP and n.text in ("==", "!=", "<", "<=", ">", ">="):
                raise self.error("comparisons cannot be chained", n)

    def sum_expr(self) -> None:
        self.product()
        while True:
            t = self.peek()
            if t.kind == T_OP and (t.text == "+" or t.text == "-"):
                self.next()
                self.product()
                self.em.emit(ADD if t.text == "+" else SUB, t.line)
                self.last_kind = K_OTHER
            else:
                return

    def product(self) -> None:
        self.unary()
        while True:
            t = self.peek()
            if t.kind == T_OP and (t.text == "*" or t.text == "/" or t.text == "%"):
                self.next()
                self.unary()
                op = MUL
                if t.text == "/":
                    op = DIV
                elif t.text == "%":
                    op = MOD
                self.em.emit(op, t.line)
                self.last_kind = K_OTHER
            else:
                return

    def unary(self) -> None:
        if self.at_op("-"):
            t = self.next()
            n = self.peek()
            if n.kind == T_INT:
                self.next()
                self.em.emit1(CONST, self.em.const(IntValue(-n.value)), t.line)
                self.last_kind = K_OTHER
                self.postfix_ops()
                return
            self.unary()
            self.em.emit(NEG, t.line)
            self.last_kind = K_OTHER
            return
        self.postfix()

    def postfix(self) -> None:
        self.primary()
        self.postfix_ops()

    def postfix_ops(self) -> None:
        em = self.em
        while True:
            t = self.peek()
            if t.kind != T_OP:
                return
            if t.text == "(":
                self.next()
                n = self.arguments()
                em.emit1(CALL, n, t.line)
                self.last_kind = K_OTHER
            elif t.text == ".":
                self.next()
                name = self.expect_name()
                if self.at_op("("):
                    self.next()
                    n = self.arguments()
                    em.emit2(CALL_METHOD, em.name(name.text), n, name.line)
                    self.last_kind = K_OTHER
                else:
                    self.last_kind = K_FIELD
                    self.last_at = em.here()
                    self.last_arg = em.name(name.text)
                    em.emit1(GET_FIELD, self.last_arg, name.line)
            elif t.text == "[":
                self.next()
                self.expression()
                self.expect_op("]")
                self.last_kind = K_INDEX
                self.last_at = em.here()
                em.emit(INDEX, t.line)
            else:
                return

    def arguments(self) -> int:
        """After `(`: comma-separated expressions up to `)`; their count."""
        n = 0
        if not self.at_op(")"):
            while True:
                self.expression()
                n += 1
                if not self.at_op(","):
                    break
                self.next()
        self.expect_op(")")
        return n

    def primary(self) -> None:
        em = self.em
        t = self.next()
        self.last_kind = K_OTHER
        if t.kind == T_INT:
            em.emit1(CONST, em.const(IntValue(t.value)), t.line)
        elif t.kind == T_STR:
            em.emit1(CONST, em.const(StrValue(t.text)), t.line)
        elif t.kind == T_NAME:
            if t.text in BUILTINS and not (not em.top_level and t.text in em.locals):
                self.builtin_call(t)
            else:
                self.load_variable(t.text, t.line)
        elif t.kind == T_KEYWORD and t.text == "nil":
            em.emit(NIL, t.line)
        elif t.kind == T_KEYWORD and t.text == "self":
            if not em.code.is_method:
                raise self.error("'self' outside a method", t)
            em.emit1(LOAD_LOCAL, 0, t.line)
        elif t.kind == T_OP and t.text == "(":
            self.expression()
            self.expect_op(")")
            self.last_kind = K_OTHER
        elif t.kind == T_OP and t.text == "[":
            n = 0
            if not self.at_op("]"):
                while True:
                    self.expression()
                    n += 1
                    if not self.at_op(","):
                        break
                    self.next()
            self.expect_op("]")
            em.emit1(BUILD_ARRAY, n, t.line)
            self.last_kind = K_OTHER
        else:
            raise self.error("expected an expression but found " + self.describe(t), t)

    def builtin_call(self, t: Token) -> None:
        b = BUILTINS.index(t.text)
        if not self.at_op("("):
            raise self.error("built-in " + t.text + " must be called", t)
        self.next()
        n = self.arguments()
        if n < BUILTIN_MIN[b] or n > BUILTIN_MAX[b]:
            raise self.error(
                t.text + "() takes " + arity_text(BUILTIN_MIN[b], BUILTIN_MAX[b]) + " but " + str(n)
                + (" was" if n == 1 else " were") + " given",
                t,
            )
        self.em.emit2(BUILTIN, b, n, t.line)
        self.last_kind = K_OTHER


def max_stack(ops: list[int]) -> int:
    """The most operands the code has on its stack at once. Statements
    leave the stack as they found it and both sides of every branch join
    at the same depth, so a scan in code order sees every depth."""
    depth = 0
    most = 0
    pc = 0
    while pc < len(ops):
        op = ops[pc]
        if op == CONST or op == NIL or op == LOAD_LOCAL or op == LOAD_GLOBAL or op == DUP:
            depth += 1
        elif op == CALL or op == BUILTIN or op == BUILD_ARRAY:
            n = ops[pc + 1] if op != BUILTIN else ops[pc + 2]
            depth += (1 if op != CALL else 0) - n
        elif op == CALL_METHOD:
            depth -= ops[pc + 2]
        elif op == SET_FIELD:
            depth -= 2
        elif op == SET_INDEX:
            depth -= 3
        elif op == NEG or op == NOT or op == JUMP or op == GET_FIELD:
            pass
        else:
            depth -= 1
        if depth > most:
            most = depth
        pc += 1 + ARGS[op]
    return most


def arity_text(least: int, most: int) -> str:
    if least == most:
        return str(least) + (" argument" if least == 1 else " arguments")
    if most >= 1000:
        return "any number of arguments"
    return str(least) + " or " + str(most) + " arguments"


def disassemble(code: Code) -> str:
    """A listing of the code (for debugging: `main.py --dis FILE`)."""
    out = [code.name + ":"]
    pc = 0
    bc = code.bytecode
    while pc < len(bc):
        op = ord(bc[pc])
        args = []
        for i in range(ARGS[op]):
            args.append(str(ord(bc[pc + 1 + i])))
        out.append("  " + str(pc) + " " + NAMES[op] + " " + " ".join(args))
        pc += 1 + ARGS[op]
    return "\n".join(out)


def compile_source(source: str, globals_: Globals) -> tuple[Code, list[tuple[int, Value]]]:
    """The main code of a program and the functions and classes to bind
    to globals before it runs; raises TinyError for a syntax error."""
    c = Compiler(source, globals_)
    main = c.compile_program()
    return main, c.hoisted

