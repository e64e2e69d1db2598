"""Compiling statements to bytecode; `compile_source` is the entry point
(source text -> module `Code`).

Control flow: loops record where `break`/`continue` go; `finally` bodies
are compiled once for the normal path, once as an exception handler, and
again inline wherever `return`/`break`/`continue` leave the `try` (as
CPython does).  Exception handlers are per-instruction (see
`CodeGen.emit`), so no block stack exists at run time.
"""

from errors import GuestSyntaxError
from objects import W_Str, w_None, w_type_type, w_AssertionError
from astnodes import (
    Stmt, Expr, Name, ExprStmt, Assign, AugAssign, AnnAssign, If, While, For, Break, Continue, Pass,
    Return, FunctionDef, ClassDef, Try, Raise, Global, Nonlocal, Import, ImportFrom, Assert,
    Delete, With, Attribute, Subscript, Arguments, Const,
)
from bytecode import (
    Code, POP_TOP, DUP_TOP, DUP_TOP_TWO, ROT_TWO, ROT_THREE, LOAD_ATTR, STORE_ATTR,
    BINARY_SUBSCR, STORE_SUBSCR, INPLACE_OP, JUMP, POP_JUMP_IF_TRUE, GET_ITER, FOR_ITER,
    RETURN_VALUE, MAKE_FUNCTION, BUILD_TUPLE, BUILD_CLASS, CALL_FUNCTION, LOAD_METHOD,
    CALL_METHOD, RAISE, RERAISE, EXC_MATCH, IMPORT_NAME, IMPORT_FROM, POP_JUMP_IF_FALSE,
)
from codegen import Block, BLOCK_LOOP, BLOCK_FINALLY, BLOCK_WITH, BLOCK_HANDLER
from compile_expr import ExprCompiler, binary_op_arg
from scopes import Scope, build_scopes, SCOPE_FUNCTION
from pyparser import parse


class Compiler(ExprCompiler):
    """Compiles the statements of one code unit."""

    def new_child(self, scope: Scope, name: str, firstline: int) -> ExprCompiler:
        child = Compiler(self.table, scope, name, self.code.filename, firstline)
        child.code.qualname = self.child_qualname(name)
        return child

    def child_qualname(self, name: str) -> str:
        """The qualified name of code nested in this code (as CPython's)."""
        if self.code.is_class_body:
            return self.code.qualname + "." + name
        if self.scope.kind == SCOPE_FUNCTION:
            return self.code.qualname + ".<locals>." + name
        return name

    def compile_function_body(self, child: ExprCompiler, args: Arguments, body, body_expr) -> Code:
        code = child.code
        code.argcount = len(args.names)
        code.has_varargs = args.vararg != ""
        code.kwonlycount = len(args.kwonly)
        code.has_kwargs = args.kwarg != ""
        code.simple_args = not code.has_varargs and code.kwonlycount == 0 and not code.has_kwargs
        if body_expr is not None:
            child.expr(body_expr)
            child.emit(RETURN_VALUE, 0)
        elif body is not None:
            child.code.doc = docstring(body)
            child.stmts(body)
            child.load_const(w_None)
            child.emit(RETURN_VALUE, 0)
        return child.finish()

    # ------------------------------------------------------------ statements

    def stmts(self, body: list[Stmt]) -> None:
        for s in body:
            self.stmt(s)

    def stmt(self, s: Stmt) -> None:
        self.line = s.line
        if isinstance(s, ExprStmt):
            self.expr(s.value)
            self.emit(POP_TOP, 0)
        elif isinstance(s, Assign):
            self.expr(s.value)
            for i in range(len(s.targets)):
                if i < len(s.targets) - 1:
                    self.emit(DUP_TOP, 0)
                self.assign(s.targets[i])
        elif isinstance(s, AugAssign):
            self.aug_assign(s)
        elif isinstance(s, AnnAssign):
            value = s.value
            if value is not None:
                self.expr(value)
                self.assign(s.target)
        elif isinstance(s, If):
            orelse = self.new_label()
            end = self.new_label()
            self.jump_if(s.test, False, orelse)
            self.stmts(s.body)
            if len(s.orelse) > 0:
                self.emit_jump(JUMP, end)
            self.place(orelse)
            self.stmts(s.orelse)
            self.place(end)
        elif isinstance(s, While):
            self.while_loop(s)
        elif isinstance(s, For):
            self.for_loop(s)
        elif isinstance(s, Break):
            self.break_or_continue(True)
        elif isinstance(s, Continue):
            self.break_or_continue(False)
        elif isinstance(s, Pass):
            pass
        elif isinstance(s, Return):
            self.return_stmt(s)
        elif isinstance(s, FunctionDef):
            self.decorators(s.decorators)
            self.make_function(s, s.args, s.body, None, s.name, s.line)
            for i in range(len(s.decorators)):
                self.emit(CALL_FUNCTION, 1)
            self.store_name(s.name)
        elif isinstance(s, ClassDef):
            self.class_def(s)
        elif isinstance(s, Try):
            if len(s.finalbody) > 0:
                self.try_finally(s)
            else:
                self.try_except(s)
        elif isinstance(s, Raise):
            self.raise_stmt(s)
        elif isinstance(s, Global) or isinstance(s, Nonlocal):
            pass
        elif isinstance(s, Import):
            for i in range(len(s.names)):
                if s.names[i].find(".") >= 0:
                    raise GuestSyntaxError("dotted module names are not supported", s.line)
                self.emit(IMPORT_NAME, self.name_arg(s.names[i]))
                self.store_name(s.asnames[i])
        elif isinstance(s, ImportFrom):
            self.emit(IMPORT_NAME, self.name_arg(s.module))
            for i in range(len(s.names)):
                self.emit(IMPORT_FROM, self.name_arg(s.names[i]))
                self.store_name(s.asnames[i])
            self.emit(POP_TOP, 0)
        elif isinstance(s, Assert):
            ok = self.new_label()
            self.jump_if(s.test, True, ok)
            self.load_const(w_AssertionError)
            msg = s.msg
            if msg is not None:
                self.expr(msg)
                self.emit(CALL_FUNCTION, 1)
            self.emit(RAISE, 1)
            self.place(ok)
        elif isinstance(s, Delete):
            for t in s.targets:
                self.delete(t)
        elif isinstance(s, With):
            self.with_stmt(s)
        else:
            raise GuestSyntaxError("unsupported statement", s.line)

    def decorators(self, decorators: list[Expr]) -> None:
        """Evaluate decorator expressions (each on its own line)."""
        saved = self.line
        for d in decorators:
            self.line = d.line
            self.expr(d)
        self.line = saved

    def aug_assign(self, s: AugAssign) -> None:
        t = s.target
        op = binary_op_arg(s.op)
        if isinstance(t, Name):
            self.load_name(t.name)
            self.expr(s.value)
            self.emit(INPLACE_OP, op)
            self.store_name(t.name)
        elif isinstance(t, Attribute):
            self.expr(t.value)
            self.emit(DUP_TOP, 0)
            attr = self.name_arg(t.attr)
            self.emit(LOAD_ATTR, attr)
            self.expr(s.value)
            self.emit(INPLACE_OP, op)
            self.emit(ROT_TWO, 0)
            self.emit(STORE_ATTR, attr)
        elif isinstance(t, Subscript):
            self.expr(t.value)
            self.subscript_index(t.index)
            self.emit(DUP_TOP_TWO, 0)
            self.emit(BINARY_SUBSCR, 0)
            self.expr(s.value)
            self.emit(INPLACE_OP, op)
            self.emit(ROT_THREE, 0)
            self.emit(STORE_SUBSCR, 0)
        else:
            raise GuestSyntaxError("illegal expression for augmented assignment", s.line)

    # ------------------------------------------------------------ loops

    def while_loop(self, s: While) -> None:
        top = self.new_label()
        exit_label = self.new_label()
        brk = self.new_label()
        self.place(top)
        self.jump_if(s.test, False, exit_label)
        loop = Block(BLOCK_LOOP)
        loop.continue_label = top
        loop.break_label = brk
        loop.depth = self.depth
        self.blocks.append(loop)
        self.stmts(s.body)
        self.blocks.pop()
        self.line = s.line
        self.emit_jump(JUMP, top)
        self.place(exit_label)
        self.stmts(s.orelse)
        self.place(brk)

    def for_loop(self, s: For) -> None:
        self.expr(s.iter)
        self.emit(GET_ITER, 0)
        top = self.new_label()
        exit_label = self.new_label()
        brk = self.new_label()
        self.place(top)
        self.emit_jump(FOR_ITER, exit_label)
        self.depth += 1
        self.assign(s.target)
        loop = Block(BLOCK_LOOP)
        loop.continue_label = top
        loop.break_label = brk
        loop.depth = self.depth
        loop.is_for = True
        self.blocks.append(loop)
        self.stmts(s.body)
        self.blocks.pop()
        self.line = s.line
        self.emit_jump(JUMP, top)
        self.depth -= 1
        self.place(exit_label)
        self.stmts(s.orelse)
        self.place(brk)

    def break_or_continue(self, is_break: bool) -> None:
        i = len(self.blocks) - 1
        while i >= 0 and self.blocks[i].kind != BLOCK_LOOP:
            i -= 1
        if i < 0:
            if is_break:
                raise GuestSyntaxError("'break' outside loop", self.line)
            raise GuestSyntaxError("'continue' not properly in loop", self.line)
        loop = self.blocks[i]
        self.unwind(i)
        for k in range(self.depth - loop.depth):
            self.emit(POP_TOP, 0)
        if is_break:
            if loop.is_for:
                self.emit(POP_TOP, 0)
            self.emit_jump(JUMP, loop.break_label)
        else:
            self.emit_jump(JUMP, loop.continue_label)

    def unwind(self, stop: int) -> None:
        """Emit the exit code of the `finally`/`with` blocks above index
        `stop` of the block stack, innermost first."""
        i = len(self.blocks) - 1
        while i > stop:
            b = self.blocks[i]
            if b.kind == BLOCK_FINALLY or b.kind == BLOCK_WITH:
                saved_blocks = self.blocks
                saved_handlers = self.handler_stack
                saved_depths = self.handler_depths
                saved_line = self.line
                self.blocks = saved_blocks[:i]
                self.handler_stack = saved_handlers[:b.handler_level]
                self.handler_depths = saved_depths[:b.handler_level]
                if b.kind == BLOCK_FINALLY:
                    self.stmts(b.finalbody)
                else:
                    self.with_exit(b.var)
                self.blocks = saved_blocks
                self.handler_stack = saved_handlers
                self.handler_depths = saved_depths
                self.line = saved_line
            i -= 1

    def return_stmt(self, s: Return) -> None:
        value = s.value
        if value is not None:
            self.expr(value)
        else:
            self.load_const(w_None)
        needs_unwind = False
        for b in self.blocks:
            if b.kind == BLOCK_FINALLY or b.kind == BLOCK_WITH:
                needs_unwind = True
        if needs_unwind:
            tmp = self.new_hidden("ret")
            self.store_hidden(tmp)
            self.unwind(-1)
            self.load_hidden(tmp)
        self.emit(RETURN_VALUE, 0)

    # ------------------------------------------------------------ classes

    def class_def(self, s: ClassDef) -> None:
        self.decorators(s.decorators)
        scope = self.table.scope_of(s)
        child = Compiler(self.table, scope, s.name, self.code.filename, s.line)
        child.code.qualname = self.child_qualname(s.name)
        child.code.is_class_body = True
        doc = docstring(s.body)
        if doc is not None:
            child.load_const(doc)
            child.store_name("__doc__")
        child.stmts(s.body)
        child.load_const(w_None)
        child.emit(RETURN_VALUE, 0)
        code = child.finish()
        for free in code.freevars:
            self.load_closure(free)
        index = len(self.code.codes)
        self.code.codes.append(code)
        self.line = s.line
        self.emit(MAKE_FUNCTION, index)
        self.exprs(s.bases)
        self.emit(BUILD_TUPLE, len(s.bases))
        self.emit(BUILD_CLASS, self.name_arg(s.name))
        for i in range(len(s.decorators)):
            self.emit(CALL_FUNCTION, 1)
        self.store_name(s.name)

    # ------------------------------------------------------------ exceptions

    def try_except(self, s: Try) -> None:
        handler = self.new_label()
        end = self.new_label()
        self.push_handler(handler)
        self.stmts(s.body)
        self.pop_handler()
        self.stmts(s.orelse)
        self.emit_jump(JUMP, end)
        self.place(handler)
        exc = self.new_hidden("exc")
        self.line = s.handlers[0].line
        self.store_hidden(exc)
        block = Block(BLOCK_HANDLER)
        block.var = exc
        self.blocks.append(block)
        for h in s.handlers:
            self.line = h.line
            nxt = self.new_label()
            htype = h.type
            if htype is not None:
                self.load_hidden(exc)
                self.expr(htype)
                self.emit(EXC_MATCH, 0)
                self.emit_jump(POP_JUMP_IF_FALSE, nxt)
            if h.name != "":
                self.load_hidden(exc)
                self.store_name(h.name)
            self.stmts(h.body)
            self.emit_jump(JUMP, end)
            self.place(nxt)
        self.blocks.pop()
        self.load_hidden(exc)
        self.emit(RERAISE, 0)
        self.place(end)

    def try_finally(self, s: Try) -> None:
        handler = self.new_label()
        end = self.new_label()
        block = Block(BLOCK_FINALLY)
        block.finalbody = s.finalbody
        block.handler_level = len(self.handler_stack)
        self.push_handler(handler)
        self.blocks.append(block)
        if len(s.handlers) > 0:
            self.try_except(s)
        else:
            self.stmts(s.body)
        self.blocks.pop()
        self.pop_handler()
        self.stmts(s.finalbody)
        self.emit_jump(JUMP, end)
        self.place(handler)
        exc = self.new_hidden("exc")
        self.store_hidden(exc)
        self.stmts(s.finalbody)
        self.load_hidden(exc)
        self.emit(RERAISE, 0)
        self.place(end)

    def raise_stmt(self, s: Raise) -> None:
        exc = s.exc
        if exc is None:
            i = len(self.blocks) - 1
            while i >= 0 and self.blocks[i].kind != BLOCK_HANDLER:
                i -= 1
            if i < 0:
                self.emit(RAISE, 0)
            else:
                self.load_hidden(self.blocks[i].var)
                self.emit(RERAISE, 0)
            return
        self.expr(exc)
        cause = s.cause
        if cause is not None:
            self.expr(cause)
            self.emit(RAISE, 2)
        else:
            self.emit(RAISE, 1)

    # ------------------------------------------------------------ with

    def with_stmt(self, s: With) -> None:
        mgr = self.new_hidden("mgr")
        self.expr(s.context)
        self.store_hidden(mgr)
        self.load_hidden(mgr)
        self.emit(LOAD_METHOD, self.name_arg("__enter__"))
        self.emit(CALL_METHOD, 0)
        target = s.target
        if target is not None:
            self.assign(target)
        else:
            self.emit(POP_TOP, 0)
        handler = self.new_label()
        end = self.new_label()
        block = Block(BLOCK_WITH)
        block.var = mgr
        block.handler_level = len(self.handler_stack)
        self.push_handler(handler)
        self.blocks.append(block)
        self.stmts(s.body)
        self.blocks.pop()
        self.pop_handler()
        self.line = s.line
        self.with_exit(mgr)
        self.emit_jump(JUMP, end)
        self.place(handler)
        exc = self.new_hidden("exc")
        self.store_hidden(exc)
        self.load_hidden(mgr)
        self.emit(LOAD_METHOD, self.name_arg("__exit__"))
        self.load_const(w_type_type)
        self.load_hidden(exc)
        self.emit(CALL_FUNCTION, 1)
        self.load_hidden(exc)
        self.load_const(w_None)
        self.emit(CALL_METHOD, 3)
        self.emit_jump(POP_JUMP_IF_TRUE, end)
        self.load_hidden(exc)
        self.emit(RERAISE, 0)
        self.place(end)

    def with_exit(self, mgr: str) -> None:
        """`mgr.__exit__(None, None, None)` (leaving a with block normally)."""
        self.load_hidden(mgr)
        self.emit(LOAD_METHOD, self.name_arg("__exit__"))
        self.load_const(w_None)
        self.load_const(w_None)
        self.load_const(w_None)
        self.emit(CALL_METHOD, 3)
        self.emit(POP_TOP, 0)


def docstring(body: list[Stmt]):
    """The docstring of a body (a W_Str), or None."""
    if len(body) > 0:
        first = body[0]
        if isinstance(first, ExprStmt):
            value = first.value
            if isinstance(value, Const) and isinstance(value.w_value, W_Str):
                return value.w_value
    return None


def compile_source(src: str, filename: str) -> Code:
    """Parse and compile a guest module (raises GuestSyntaxError)."""
    body = parse(src)
    table = build_scopes(body)
    c = Compiler(table, table.module, "<module>", filename, 1)
    c.stmts(body)
    c.load_const(w_None)
    c.emit(RETURN_VALUE, 0)
    return c.finish()
