"""Recursive-descent parser: tokens (from `lexer.py`) to the AST of
`astnodes.py`, following the grammar of Python 3 for the supported subset
(see README.md).  This module parses statements; expressions are parsed by
`parse_expr.ExprParser`.  Errors raise `GuestSyntaxError` with the line."""

from lexer import Token, tokenize, NAME, OP, NEWLINE, INDENT, DEDENT, EOF
from errors import GuestSyntaxError, indentation_error
from astnodes import (
    Expr, Stmt, TupleExpr, ListExpr, ExprStmt, Assign, AugAssign, AnnAssign, If, While, For,
    Break, Continue, Pass, Return, FunctionDef, ClassDef, ExceptHandler, Try, Raise, Global,
    Nonlocal, Import, ImportFrom, Assert, Delete, With,
)
from parse_expr import ExprParser, AUG_OPS, MAX_BLOCKS


class Parser(ExprParser):
    """Parses a module; `parse_module` is the entry point."""

    def __init__(self, tokens: list[Token]):
        ExprParser.__init__(self, tokens)
        self.blocks = 0  # nesting of indented blocks

    # ------------------------------------------------------------ statements

    def parse_module(self) -> list[Stmt]:
        body = []
        while self.peek().kind != EOF:
            if self.peek().kind == INDENT:
                raise indentation_error("unexpected indent", self.peek().line)
            if self.peek().kind == NEWLINE:
                self.advance()
                continue
            self.statement(body)
        return body

    def statement(self, out: list[Stmt]) -> None:
        """Parse one statement line (several for `a; b`) into `out`."""
        tok = self.peek()
        if tok.kind == NAME:
            w = tok.text
            if w == "if":
                out.append(self.if_stmt())
                return
            if w == "while":
                out.append(self.while_stmt())
                return
            if w == "for":
                out.append(self.for_stmt())
                return
            if w == "try":
                out.append(self.try_stmt())
                return
            if w == "def":
                out.append(self.funcdef([]))
                return
            if w == "class":
                out.append(self.classdef([]))
                return
            if w == "with":
                out.append(self.with_stmt())
                return
        if tok.kind == OP and tok.text == "@":
            out.append(self.decorated())
            return
        self.simple_statements(out)

    def simple_statements(self, out: list[Stmt]) -> None:
        while True:
            out.append(self.small_statement())
            if not self.accept_op(";"):
                break
            if self.peek().kind == NEWLINE or self.peek().kind == EOF:
                break
        self.expect_newline()

    def block(self) -> list[Stmt]:
        """`:` already consumed: an indented block or a simple statement line."""
        body = []
        self.blocks += 1
        if self.blocks > MAX_BLOCKS:
            raise self.error("too many statically nested blocks")
        if self.peek().kind == NEWLINE:
            self.advance()
            if self.peek().kind != INDENT:
                raise indentation_error("expected an indented block", self.peek().line)
            self.advance()
            while self.peek().kind != DEDENT and self.peek().kind != EOF:
                if self.peek().kind == NEWLINE:
                    self.advance()
                    continue
                if self.peek().kind == INDENT:
                    raise indentation_error("unexpected indent", self.peek().line)
                self.statement(body)
            if self.peek().kind == DEDENT:
                self.advance()
        else:
            self.simple_statements(body)
        self.blocks -= 1
        return body

    def small_statement(self) -> Stmt:
        tok = self.peek()
        line = tok.line
        if tok.kind == NAME:
            w = tok.text
            if w == "pass":
                self.advance()
                return Pass(line)
            if w == "break":
                self.advance()
                return Break(line)
            if w == "continue":
                self.advance()
                return Continue(line)
            if w == "return":
                self.advance()
                if self.at_end_of_statement():
                    return Return(line, None)
                return Return(line, self.testlist_star())
            if w == "raise":
                self.advance()
                if self.at_end_of_statement():
                    return Raise(line, None, None)
                exc = self.test()
                cause = None
                if self.accept_keyword("from"):
                    cause = self.test()
                return Raise(line, exc, cause)
            if w == "global" or w == "nonlocal":
                self.advance()
                names = [self.expect_name()]
                while self.accept_op(","):
                    names.append(self.expect_name())
                if w == "global":
                    return Global(line, names)
                return Nonlocal(line, names)
            if w == "import":
                return self.import_stmt()
            if w == "from":
                return self.from_import()
            if w == "assert":
                self.advance()
                test = self.test()
                msg = None
                if self.accept_op(","):
                    msg = self.test()
                return Assert(line, test, msg)
            if w == "del":
                self.advance()
                targets = [self.bitor()]
                while self.accept_op(","):
                    if self.at_end_of_statement():
                        break
                    targets.append(self.bitor())
                for t in targets:
                    self.check_target(t, "delete")
                return Delete(line, targets)
            if w == "yield":
                raise self.error("generators (yield) are not supported")
            if w == "async" or w == "await":
                raise self.error("async code is not supported")
        return self.expr_statement()

    def at_end_of_statement(self) -> bool:
        tok = self.peek()
        return tok.kind == NEWLINE or tok.kind == EOF or (tok.kind == OP and tok.text == ";")

    def expr_statement(self) -> Stmt:
        line = self.peek().line
        first = self.testlist_star()
        tok = self.peek()
        if tok.kind == OP and tok.text in AUG_OPS:
            self.advance()
            self.check_target(first, "augmented assignment")
            if isinstance(first, TupleExpr) or isinstance(first, ListExpr):
                raise GuestSyntaxError("'tuple' is an illegal expression for augmented assignment", line)
            value = self.testlist_star()
            return AugAssign(line, first, tok.text[:-1], value)
        if tok.kind == OP and tok.text == ":":
            self.advance()
            self.check_target(first, "annotated assignment")
            self.test()  # the annotation: parsed and dropped
            value = None
            if self.accept_op("="):
                value = self.testlist_star()
            return AnnAssign(line, first, value)
        if tok.kind == OP and tok.text == "=":
            targets = [first]
            value = first
            while self.accept_op("="):
                value = self.testlist_star()
                targets.append(value)
            targets.pop()
            for t in targets:
                self.check_target(t, "assign to")
            return Assign(line, targets, value)
        return ExprStmt(line, first)

    def dotted_name(self) -> str:
        name = self.expect_name()
        while self.accept_op("."):
            name = name + "." + self.expect_name()
        return name

    def import_stmt(self) -> Stmt:
        line = self.advance().line
        names = []
        asnames = []
        while True:
            name = self.dotted_name()
            asname = name
            if self.accept_keyword("as"):
                asname = self.expect_name()
            names.append(name)
            asnames.append(asname)
            if not self.accept_op(","):
                break
        return Import(line, names, asnames)

    def from_import(self) -> Stmt:
        line = self.advance().line
        module = self.dotted_name()
        self.expect_keyword("import")
        names = []
        asnames = []
        paren = self.accept_op("(")
        if self.accept_op("*"):
            raise GuestSyntaxError("'from ... import *' is not supported", line)
        while True:
            name = self.expect_name()
            asname = name
            if self.accept_keyword("as"):
                asname = self.expect_name()
            names.append(name)
            asnames.append(asname)
            if not self.accept_op(","):
                break
            if paren and self.at_op(")"):
                break
        if paren:
            self.expect_op(")")
        return ImportFrom(line, module, names, asnames)

    def if_stmt(self) -> Stmt:
        line = self.advance().line
        test = self.named_test()
        self.expect_op(":")
        body = self.block()
        orelse = []
        if self.at_keyword("elif"):
            orelse.append(self.if_stmt())
        elif self.accept_keyword("else"):
            self.expect_op(":")
            orelse = self.block()
        return If(line, test, body, orelse)

    def while_stmt(self) -> Stmt:
        line = self.advance().line
        test = self.named_test()
        self.expect_op(":")
        body = self.block()
        orelse = []
        if self.accept_keyword("else"):
            self.expect_op(":")
            orelse = self.block()
        return While(line, test, body, orelse)

    def for_stmt(self) -> Stmt:
        line = self.advance().line
        target = self.target_list()
        self.expect_keyword("in")
        it = self.testlist_star()
        self.expect_op(":")
        body = self.block()
        orelse = []
        if self.accept_keyword("else"):
            self.expect_op(":")
            orelse = self.block()
        return For(line, target, it, body, orelse)

    def try_stmt(self) -> Stmt:
        line = self.advance().line
        self.expect_op(":")
        body = self.block()
        handlers = []
        orelse = []
        finalbody = []
        while self.at_keyword("except"):
            hline = self.advance().line
            htype = None
            name = ""
            if not self.at_op(":"):
                htype = self.test()
                if self.at_op(","):
                    elts = [htype]
                    while self.accept_op(","):
                        elts.append(self.test())
                    htype = TupleExpr(hline, elts)
                if self.accept_keyword("as"):
                    name = self.expect_name()
            self.expect_op(":")
            handlers.append(ExceptHandler(hline, htype, name, self.block()))
        if len(handlers) > 0 and self.accept_keyword("else"):
            self.expect_op(":")
            orelse = self.block()
        if self.accept_keyword("finally"):
            self.expect_op(":")
            finalbody = self.block()
        if len(handlers) == 0 and len(finalbody) == 0:
            raise self.error("expected 'except' or 'finally' block")
        return Try(line, body, handlers, orelse, finalbody)

    def with_stmt(self) -> Stmt:
        line = self.advance().line
        context = self.test()
        target = None
        if self.accept_keyword("as"):
            target = self.bitor()
            self.check_target(target, "assign to")
        if self.at_op(","):
            raise self.error("only one context manager per 'with' is supported")
        self.expect_op(":")
        return With(line, context, target, self.block())

    def decorated(self) -> Stmt:
        decorators = []
        while self.accept_op("@"):
            decorators.append(self.test())
            self.expect_newline()
        if self.at_keyword("def"):
            return self.funcdef(decorators)
        if self.at_keyword("class"):
            return self.classdef(decorators)
        raise self.error("invalid syntax")

    def funcdef(self, decorators: list[Expr]) -> Stmt:
        line = self.advance().line
        name = self.expect_name()
        self.expect_op("(")
        args = self.parameters(")")
        self.expect_op(")")
        if self.accept_op("->"):
            self.test()
        self.expect_op(":")
        body = self.block()
        return FunctionDef(line, name, args, body, decorators)

    def classdef(self, decorators: list[Expr]) -> Stmt:
        line = self.advance().line
        name = self.expect_name()
        bases = []
        if self.accept_op("("):
            while not self.at_op(")"):
                if self.peek().kind == NAME and self.peek_at(1).kind == OP and self.peek_at(1).text == "=":
                    raise self.error("class keyword arguments are not supported")
                bases.append(self.test())
                if not self.accept_op(","):
                    break
            self.expect_op(")")
        self.expect_op(":")
        body = self.block()
        return ClassDef(line, name, bases, body, decorators)



def parse(src: str) -> list[Stmt]:
    """The statements of a guest module."""
    return Parser(tokenize(src)).parse_module()
