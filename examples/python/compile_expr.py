"""Compiling expressions (and assignment targets) to bytecode."""

from errors import GuestSyntaxError
from objects import W_Str, w_None, w_True, w_False
from astnodes import (
    Expr, Name, Const, BinOp, UnaryOp, BoolOp, Compare, Call, Attribute, Subscript, Slice,
    Starred, ListExpr, TupleExpr, SetExpr, DictExpr, Comprehension, IfExp, Lambda,
    FormattedValue, JoinedStr, Arguments, COMP_SET, COMP_DICT,
)
from bytecode import (
    Code, LOAD_ATTR, STORE_ATTR, DELETE_ATTR, LOAD_METHOD, CALL_METHOD, CALL_FUNCTION, CALL_KW,
    CALL_EX, BINARY_OP, UNARY_OP, COMPARE_OP, BINARY_SUBSCR, STORE_SUBSCR, DELETE_SUBSCR,
    BUILD_SLICE, BUILD_LIST, BUILD_TUPLE, BUILD_MAP, BUILD_SET, LIST_APPEND, SET_ADD, MAP_ADD,
    LIST_EXTEND, LIST_TO_TUPLE, UNPACK_SEQUENCE, UNPACK_EX, POP_TOP, DUP_TOP, ROT_TWO,
    ROT_THREE, JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP,
    JUMP_IF_TRUE_OR_POP, GET_ITER, FOR_ITER, RETURN_VALUE, MAKE_FUNCTION, LOAD_SUPER,
    FORMAT_VALUE, BUILD_STRING, DICT_UPDATE, LOAD_FAST, CALL_EX_HAS_KWARGS, FORMAT_HAS_SPEC,
    BINARY_SYMBOLS, COMPARE_SYMBOLS, UN_NEG, UN_POS, UN_INVERT, UN_NOT,
)
from codegen import CodeGen
from scopes import Scope, ScopeTable, GLOBAL


def binary_op_arg(symbol: str) -> int:
    for i in range(len(BINARY_SYMBOLS)):
        if BINARY_SYMBOLS[i] == symbol:
            return i
    raise GuestSyntaxError("unknown operator " + symbol, 0)


def compare_op_arg(symbol: str) -> int:
    for i in range(len(COMPARE_SYMBOLS)):
        if COMPARE_SYMBOLS[i] == symbol:
            return i
    raise GuestSyntaxError("unknown comparison " + symbol, 0)


class ExprCompiler(CodeGen):
    """Expressions, assignment targets and nested code (functions,
    lambdas, comprehensions)."""

    def __init__(self, table: ScopeTable, scope: Scope, name: str, filename: str, firstline: int):
        CodeGen.__init__(self, scope, name, filename, firstline)
        self.table = table

    def new_child(self, scope: Scope, name: str, firstline: int) -> "ExprCompiler":
        """A compiler for nested code (defined in compiler.Compiler)."""
        raise NotImplementedError

    def compile_function_body(self, child: "ExprCompiler", args: Arguments, body, body_expr) -> Code:
        """Compile a def's statements or a lambda's expression in `child`."""
        raise NotImplementedError

    # ------------------------------------------------------------ expressions

    def exprs(self, es: list[Expr]) -> None:
        for e in es:
            self.expr(e)

    def expr(self, e: Expr) -> None:
        """Compile `e`; its instructions carry its line (as CPython reports
        the line of the failing part of a multi-line statement)."""
        saved = self.line
        self.line = e.line
        self.expr_inner(e)
        self.line = saved

    def expr_inner(self, e: Expr) -> None:
        if isinstance(e, Name):
            self.load_name(e.name)
        elif isinstance(e, Const):
            self.load_const(e.w_value)
        elif isinstance(e, BinOp):
            self.expr(e.left)
            self.expr(e.right)
            self.emit(BINARY_OP, binary_op_arg(e.op))
        elif isinstance(e, Call):
            self.call(e)
        elif isinstance(e, Attribute):
            self.expr(e.value)
            self.emit(LOAD_ATTR, self.name_arg(e.attr))
        elif isinstance(e, Subscript):
            self.expr(e.value)
            self.subscript_index(e.index)
            self.emit(BINARY_SUBSCR, 0)
        elif isinstance(e, Compare):
            self.compare(e)
        elif isinstance(e, UnaryOp):
            self.expr(e.operand)
            self.emit(UNARY_OP, self.unary_arg(e.op))
        elif isinstance(e, BoolOp):
            end = self.new_label()
            op = JUMP_IF_FALSE_OR_POP if e.op == "and" else JUMP_IF_TRUE_OR_POP
            for i in range(len(e.values)):
                self.expr(e.values[i])
                if i < len(e.values) - 1:
                    self.emit_jump(op, end)
            self.place(end)
        elif isinstance(e, IfExp):
            orelse = self.new_label()
            end = self.new_label()
            self.jump_if(e.test, False, orelse)
            self.expr(e.body)
            self.emit_jump(JUMP, end)
            self.place(orelse)
            self.expr(e.orelse)
            self.place(end)
        elif isinstance(e, ListExpr):
            self.sequence(e.elts, False)
        elif isinstance(e, TupleExpr):
            self.sequence(e.elts, True)
        elif isinstance(e, DictExpr):
            for i in range(len(e.keys)):
                self.expr(e.keys[i])
                self.expr(e.values[i])
            self.emit(BUILD_MAP, len(e.keys))
        elif isinstance(e, SetExpr):
            for elt in e.elts:
                if isinstance(elt, Starred):
                    raise GuestSyntaxError("starred items in set displays are not supported", e.line)
            self.exprs(e.elts)
            self.emit(BUILD_SET, len(e.elts))
        elif isinstance(e, Comprehension):
            self.comprehension(e)
        elif isinstance(e, Lambda):
            self.make_function(e, e.args, None, e.body, "<lambda>", e.line)
        elif isinstance(e, JoinedStr):
            self.joined_str(e)
        elif isinstance(e, Slice):
            raise GuestSyntaxError("invalid syntax (slice outside brackets)", e.line)
        elif isinstance(e, Starred):
            raise GuestSyntaxError("can't use starred expression here", e.line)
        else:
            raise GuestSyntaxError("unsupported expression", e.line)

    def unary_arg(self, op: str) -> int:
        if op == "-":
            return UN_NEG
        if op == "+":
            return UN_POS
        if op == "~":
            return UN_INVERT
        return UN_NOT

    def subscript_index(self, index: Expr) -> None:
        if isinstance(index, Slice):
            lower = index.lower
            if lower is not None:
                self.expr(lower)
            else:
                self.load_const(w_None)
            upper = index.upper
            if upper is not None:
                self.expr(upper)
            else:
                self.load_const(w_None)
            step = index.step
            if step is not None:
                self.expr(step)
                self.emit(BUILD_SLICE, 3)
            else:
                self.emit(BUILD_SLICE, 2)
        else:
            self.expr(index)

    def sequence(self, elts: list[Expr], is_tuple: bool) -> None:
        """A list or tuple display (with `*iterable` items)."""
        starred = False
        for elt in elts:
            if isinstance(elt, Starred):
                starred = True
        if not starred:
            self.exprs(elts)
            self.emit(BUILD_TUPLE if is_tuple else BUILD_LIST, len(elts))
            return
        self.emit(BUILD_LIST, 0)
        for elt in elts:
            if isinstance(elt, Starred):
                self.expr(elt.value)
                self.emit(LIST_EXTEND, 0)
            else:
                self.expr(elt)
                self.emit(LIST_APPEND, 0)
        if is_tuple:
            self.emit(LIST_TO_TUPLE, 0)

    def compare(self, e: Compare) -> None:
        self.expr(e.left)
        n = len(e.ops)
        if n == 1:
            self.expr(e.comparators[0])
            self.emit(COMPARE_OP, compare_op_arg(e.ops[0]))
            return
        cleanup = self.new_label()
        end = self.new_label()
        for i in range(n):
            self.expr(e.comparators[i])
            if i < n - 1:
                self.emit(DUP_TOP, 0)
                self.emit(ROT_THREE, 0)
                self.emit(COMPARE_OP, compare_op_arg(e.ops[i]))
                self.emit_jump(JUMP_IF_FALSE_OR_POP, cleanup)
            else:
                self.emit(COMPARE_OP, compare_op_arg(e.ops[i]))
        self.emit_jump(JUMP, end)
        self.place(cleanup)
        self.emit(ROT_TWO, 0)
        self.emit(POP_TOP, 0)
        self.place(end)

    def jump_if(self, e: Expr, when: bool, label: int) -> None:
        """Jump to `label` if the truth of `e` is `when` (else fall through)."""
        if isinstance(e, UnaryOp) and e.op == "not":
            self.jump_if(e.operand, not when, label)
            return
        if isinstance(e, BoolOp):
            is_and = e.op == "and"
            if is_and != when:
                # `a and b` jumping when false / `a or b` jumping when true:
                # any operand deciding it jumps straight there.
                for v in e.values:
                    self.jump_if(v, when, label)
                return
            skip = self.new_label()
            for i in range(len(e.values)):
                if i < len(e.values) - 1:
                    self.jump_if(e.values[i], not when, skip)
                else:
                    self.jump_if(e.values[i], when, label)
            self.place(skip)
            return
        if isinstance(e, Const):
            w = e.w_value
            if w is w_True or w is w_False:
                if (w is w_True) == when:
                    self.emit_jump(JUMP, label)
                return
        self.expr(e)
        self.emit_jump(POP_JUMP_IF_TRUE if when else POP_JUMP_IF_FALSE, label)

    def call(self, e: Call) -> None:
        func = e.func
        simple = e.star is None and e.kwstar is None
        if isinstance(func, Name) and func.name == "super" and len(e.args) == 0 and simple \
                and len(e.kwnames) == 0 and self.scope.resolve("super") == GLOBAL:
            self.emit(LOAD_SUPER, 0)
            return
        if isinstance(func, Attribute) and simple and len(e.kwnames) == 0:
            self.expr(func.value)
            self.emit(LOAD_METHOD, self.name_arg(func.attr))
            self.exprs(e.args)
            self.emit(CALL_METHOD, len(e.args))
            return
        self.expr(func)
        if simple and len(e.kwnames) == 0:
            self.exprs(e.args)
            self.emit(CALL_FUNCTION, len(e.args))
            return
        if simple:
            self.exprs(e.args)
            self.exprs(e.kwvalues)
            index = len(self.code.kwcalls)
            self.code.kwcalls.append(e.kwnames)
            self.code.kwcall_npos.append(len(e.args))
            self.emit(CALL_KW, index)
            return
        self.exprs(e.args)
        self.emit(BUILD_LIST, len(e.args))
        star = e.star
        if star is not None:
            self.expr(star)
            self.emit(LIST_EXTEND, 0)
        self.emit(LIST_TO_TUPLE, 0)
        kwstar = e.kwstar
        if len(e.kwnames) == 0 and kwstar is None:
            self.emit(CALL_EX, 0)
            return
        for i in range(len(e.kwnames)):
            self.load_const(W_Str(e.kwnames[i]))
            self.expr(e.kwvalues[i])
        self.emit(BUILD_MAP, len(e.kwnames))
        if kwstar is not None:
            self.expr(kwstar)
            self.emit(DICT_UPDATE, 0)
        self.emit(CALL_EX, CALL_EX_HAS_KWARGS)

    def joined_str(self, e: JoinedStr) -> None:
        for part in e.parts:
            if isinstance(part, FormattedValue):
                self.expr(part.value)
                flags = 0
                if part.conversion == "s":
                    flags = 1
                elif part.conversion == "r":
                    flags = 2
                elif part.conversion == "a":
                    flags = 3
                spec = part.spec
                if spec is not None:
                    self.expr(spec)
                    flags |= FORMAT_HAS_SPEC
                self.emit(FORMAT_VALUE, flags)
            else:
                self.expr(part)
        self.emit(BUILD_STRING, len(e.parts))

    # ------------------------------------------------------------ nested code

    def make_function(self, node, args: Arguments, body, body_expr, name: str, line: int) -> None:
        """Push a new function object for a def or lambda (`node` opens the
        scope; exactly one of `body` (statements) and `body_expr` is set)."""
        for d in args.defaults:
            self.expr(d)
        kwdefault_names = []
        for i in range(len(args.kwonly)):
            kd = args.kwonly_defaults[i]
            if kd is not None:
                self.expr(kd)
                kwdefault_names.append(args.kwonly[i])
        scope = self.table.scope_of(node)
        child = self.new_child(scope, name, line)
        code = self.compile_function_body(child, args, body, body_expr)
        code.ndefaults = len(args.defaults)
        code.kwdefault_names = kwdefault_names
        for free in code.freevars:
            self.load_closure(free)
        index = len(self.code.codes)
        self.code.codes.append(code)
        self.emit(MAKE_FUNCTION, index)

    def comprehension(self, e: Comprehension) -> None:
        scope = self.table.scope_of(e)
        child = self.new_child(scope, "<comprehension>", e.line)
        child.code.argcount = 1
        if e.kind == COMP_DICT:
            child.emit(BUILD_MAP, 0)
        elif e.kind == COMP_SET:
            child.emit(BUILD_SET, 0)
        else:
            child.emit(BUILD_LIST, 0)
        child.emit(LOAD_FAST, 0)
        child.comprehension_loop(e, 0)
        child.emit(RETURN_VALUE, 0)
        code = child.finish()
        for free in code.freevars:
            self.load_closure(free)
        index = len(self.code.codes)
        self.code.codes.append(code)
        self.emit(MAKE_FUNCTION, index)
        self.expr(e.generators[0].iter)
        self.emit(GET_ITER, 0)
        self.emit(CALL_FUNCTION, 1)

    def comprehension_loop(self, e: Comprehension, level: int) -> None:
        """The loop of generator `level`; its iterator is on the stack."""
        g = e.generators[level]
        top = self.new_label()
        end = self.new_label()
        self.place(top)
        self.emit_jump(FOR_ITER, end)
        self.assign(g.target)
        for cond in g.ifs:
            self.jump_if(cond, False, top)
        if level + 1 < len(e.generators):
            self.expr(e.generators[level + 1].iter)
            self.emit(GET_ITER, 0)
            self.comprehension_loop(e, level + 1)
        else:
            self.expr(e.elt)
            if e.kind == COMP_DICT:
                value = e.value
                if value is not None:
                    self.expr(value)
                self.emit(MAP_ADD, level + 1)
            elif e.kind == COMP_SET:
                self.emit(SET_ADD, level + 1)
            else:
                self.emit(LIST_APPEND, level + 1)
        self.emit_jump(JUMP, top)
        self.place(end)

    # ------------------------------------------------------------ assignment

    def assign(self, t: Expr) -> None:
        """Store the value on top of the stack into target `t`."""
        if isinstance(t, Name):
            self.store_name(t.name)
        elif isinstance(t, Attribute):
            self.expr(t.value)
            self.emit(STORE_ATTR, self.name_arg(t.attr))
        elif isinstance(t, Subscript):
            self.expr(t.value)
            self.subscript_index(t.index)
            self.emit(STORE_SUBSCR, 0)
        elif isinstance(t, TupleExpr):
            self.unpack(t.elts, t.line)
        elif isinstance(t, ListExpr):
            self.unpack(t.elts, t.line)
        else:
            raise GuestSyntaxError("cannot assign to expression", t.line)

    def unpack(self, elts: list[Expr], line: int) -> None:
        star = -1
        for i in range(len(elts)):
            if isinstance(elts[i], Starred):
                if star >= 0:
                    raise GuestSyntaxError("multiple starred expressions in assignment", line)
                star = i
        if star < 0:
            self.emit(UNPACK_SEQUENCE, len(elts))
        else:
            self.emit(UNPACK_EX, star | ((len(elts) - star - 1) << 8))
        for elt in elts:
            if isinstance(elt, Starred):
                self.assign(elt.value)
            else:
                self.assign(elt)

    def delete(self, t: Expr) -> None:
        if isinstance(t, Name):
            self.delete_name(t.name)
        elif isinstance(t, Attribute):
            self.expr(t.value)
            self.emit(DELETE_ATTR, self.name_arg(t.attr))
        elif isinstance(t, Subscript):
            self.expr(t.value)
            self.subscript_index(t.index)
            self.emit(DELETE_SUBSCR, 0)
        elif isinstance(t, TupleExpr):
            for elt in t.elts:
                self.delete(elt)
        elif isinstance(t, ListExpr):
            for elt in t.elts:
                self.delete(elt)
        else:
            raise GuestSyntaxError("cannot delete expression", t.line)
