"""Recursive-descent parsing of expressions (and of assignment targets
and parameter lists), shared by the statement parser in `pyparser.py`:
precedence climbing from `test` down to `atom`, displays and
comprehensions, and f-strings (split here, their fields parsed as
expressions).  Errors raise `GuestSyntaxError` with the line."""

from lexer import (
    Token, tokenize, decode_escapes, KEYWORDS, NAME, INT, FLOAT, STRING, FSTRING, OP, NEWLINE,
    INDENT, EOF,
)
from errors import GuestSyntaxError, indentation_error
from objects import W_Int, W_Float, W_Str, w_None, w_True, w_False
from astnodes import (
    Expr, Const, Name, BinOp, UnaryOp, BoolOp, Compare, Call, Attribute, Subscript, Slice,
    Starred, ListExpr, TupleExpr, SetExpr, DictExpr, CompFor, Comprehension, IfExp, Arguments,
    Lambda, FormattedValue, JoinedStr, COMP_LIST, COMP_SET, COMP_DICT, COMP_GEN,
)

AUG_OPS = ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>="]
COMPARE_OPS = ["<", ">", "==", ">=", "<=", "!="]
MAX_NESTING = 200  # nested expressions (CPython: 200 parentheses)
MAX_BLOCKS = 100   # nested blocks (CPython: "too many statically nested blocks")


class ExprParser:
    """Parses expressions from a token list (`pos` is the next token)."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0   # nesting of expressions and blocks

    # ------------------------------------------------------------ token helpers

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def peek_at(self, offset: int) -> Token:
        i = self.pos + offset
        if i >= len(self.tokens):
            return self.tokens[-1]
        return self.tokens[i]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != EOF:
            self.pos += 1
        return tok

    def at_op(self, text: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.kind == OP and tok.text == text

    def at_keyword(self, word: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.kind == NAME and tok.text == word

    def accept_op(self, text: str) -> bool:
        if self.at_op(text):
            self.pos += 1
            return True
        return False

    def accept_keyword(self, word: str) -> bool:
        if self.at_keyword(word):
            self.pos += 1
            return True
        return False

    def error(self, msg: str) -> GuestSyntaxError:
        return GuestSyntaxError(msg, self.peek().line)

    def expect_op(self, text: str) -> Token:
        if not self.at_op(text):
            tok = self.peek()
            if tok.kind == NEWLINE or tok.kind == EOF or text == ":" or text == ")" or text == "]":
                raise self.error("expected '" + text + "'")
            raise self.error("invalid syntax")
        return self.advance()

    def expect_keyword(self, word: str) -> None:
        if not self.accept_keyword(word):
            raise self.error("invalid syntax (expected '" + word + "')")

    def expect_name(self) -> str:
        tok = self.peek()
        if tok.kind != NAME or tok.text in KEYWORDS:
            raise self.error("invalid syntax")
        self.advance()
        return tok.text

    def expect_newline(self) -> None:
        tok = self.peek()
        if tok.kind == NEWLINE:
            self.advance()
        elif tok.kind != EOF:
            raise self.error("invalid syntax")

    # ------------------------------------------------------------ targets and parameters

    def check_target(self, t: Expr, what: str) -> None:
        """Raise unless `t` may be assigned to (or deleted)."""
        if isinstance(t, Name) or isinstance(t, Attribute) or isinstance(t, Subscript):
            return
        if isinstance(t, TupleExpr):
            for e in t.elts:
                self.check_target(e, what)
            return
        if isinstance(t, ListExpr):
            for e in t.elts:
                self.check_target(e, what)
            return
        if isinstance(t, Starred):
            self.check_target(t.value, what)
            return
        if isinstance(t, Call):
            raise GuestSyntaxError("cannot " + what + " function call", t.line)
        if isinstance(t, Const):
            raise GuestSyntaxError("cannot " + what + " literal", t.line)
        raise GuestSyntaxError("cannot " + what + " expression", t.line)

    def target_list(self) -> Expr:
        """Targets of `for` and comprehensions (stops before `in`)."""
        line = self.peek().line
        first = self.star_or_bitor()
        if not self.at_op(","):
            self.check_target(first, "assign to")
            return first
        elts = [first]
        while self.accept_op(","):
            if self.at_keyword("in") or self.at_op("="):
                break
            elts.append(self.star_or_bitor())
        t = TupleExpr(line, elts)
        self.check_target(t, "assign to")
        return t

    def star_or_bitor(self) -> Expr:
        if self.at_op("*"):
            line = self.advance().line
            return Starred(line, self.bitor())
        return self.bitor()

    def parameters(self, closing: str) -> Arguments:
        """Parameters up to (not including) `closing` (")" or ":")."""
        args = Arguments(self.peek().line)
        seen_star = False
        while not self.at_op(closing):
            if self.accept_op("**"):
                args.kwarg = self.expect_name()
                self.annotation(closing)
                self.accept_op(",")
                break
            if self.accept_op("*"):
                if seen_star:
                    raise self.error("* argument may appear only once")
                seen_star = True
                if not self.at_op(","):
                    args.vararg = self.expect_name()
                    self.annotation(closing)
            else:
                name = self.expect_name()
                if name in args.names or name in args.kwonly or name == args.vararg:
                    raise self.error("duplicate argument '" + name + "' in function definition")
                self.annotation(closing)
                default = None
                if self.accept_op("="):
                    default = self.test()
                if seen_star:
                    args.kwonly.append(name)
                    args.kwonly_defaults.append(default)
                else:
                    args.names.append(name)
                    if default is not None:
                        args.defaults.append(default)
                    elif len(args.defaults) > 0:
                        raise self.error("non-default argument follows default argument")
            if not self.accept_op(","):
                break
        return args

    def annotation(self, closing: str) -> None:
        if closing == ")" and self.accept_op(":"):
            self.test()

    # ------------------------------------------------------------ expressions

    def testlist_star(self) -> Expr:
        """`a, *b, c` (a tuple if there is a comma) or one expression."""
        line = self.peek().line
        first = self.star_or_test()
        if not self.at_op(","):
            if isinstance(first, Starred):
                raise GuestSyntaxError("can't use starred expression here", line)
            return first
        elts = [first]
        while self.accept_op(","):
            if self.at_expression_end():
                break
            elts.append(self.star_or_test())
        return TupleExpr(line, elts)

    def at_expression_end(self) -> bool:
        tok = self.peek()
        if tok.kind == NEWLINE or tok.kind == EOF:
            return True
        return tok.kind == OP and (tok.text == "=" or tok.text == ")" or tok.text == ";"
                                   or tok.text == ":" or tok.text == "]" or tok.text == "}"
                                   or tok.text in AUG_OPS)

    def star_or_test(self) -> Expr:
        if self.at_op("*"):
            line = self.advance().line
            return Starred(line, self.bitor())
        return self.test()

    def named_test(self) -> Expr:
        t = self.test()
        if self.at_op(":="):
            raise self.error("assignment expressions (:=) are not supported")
        return t

    def nest(self) -> None:
        """Enter a nested construct; CPython's limits keep the host's
        recursion bounded."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error("too many nested parentheses")

    def test(self) -> Expr:
        self.nest()
        e = self.test_inner()
        self.depth -= 1
        return e

    def test_inner(self) -> Expr:
        if self.at_keyword("lambda"):
            return self.lambda_expr(True)
        line = self.peek().line
        body = self.or_test()
        if self.accept_keyword("if"):
            cond = self.or_test()
            self.expect_keyword("else")
            orelse = self.test()
            return IfExp(line, cond, body, orelse)
        return body

    def test_no_cond(self) -> Expr:
        """A `test` without a conditional expression (comprehension `if`s)."""
        if self.at_keyword("lambda"):
            return self.lambda_expr(False)
        return self.or_test()

    def lambda_expr(self, allow_cond: bool) -> Expr:
        line = self.advance().line
        args = self.parameters(":")
        self.expect_op(":")
        if allow_cond:
            body = self.test()
        else:
            body = self.test_no_cond()
        return Lambda(line, args, body)

    def or_test(self) -> Expr:
        line = self.peek().line
        first = self.and_test()
        if not self.at_keyword("or"):
            return first
        values = [first]
        while self.accept_keyword("or"):
            values.append(self.and_test())
        return BoolOp(line, "or", values)

    def and_test(self) -> Expr:
        line = self.peek().line
        first = self.not_test()
        if not self.at_keyword("and"):
            return first
        values = [first]
        while self.accept_keyword("and"):
            values.append(self.not_test())
        return BoolOp(line, "and", values)

    def not_test(self) -> Expr:
        if self.at_keyword("not"):
            line = self.advance().line
            self.nest()
            operand = self.not_test()
            self.depth -= 1
            return UnaryOp(line, "not", operand)
        return self.comparison()

    def comparison(self) -> Expr:
        line = self.peek().line
        left = self.bitor()
        ops = []
        comparators = []
        while True:
            tok = self.peek()
            op = ""
            if tok.kind == OP and tok.text in COMPARE_OPS:
                op = tok.text
                self.advance()
            elif tok.kind == NAME and tok.text == "in":
                op = "in"
                self.advance()
            elif tok.kind == NAME and tok.text == "not" and self.peek_at(1).kind == NAME and self.peek_at(1).text == "in":
                op = "not in"
                self.advance()
                self.advance()
            elif tok.kind == NAME and tok.text == "is":
                self.advance()
                op = "is"
                if self.accept_keyword("not"):
                    op = "is not"
            else:
                break
            ops.append(op)
            comparators.append(self.bitor())
        if len(ops) == 0:
            return left
        return Compare(line, left, ops, comparators)

    def bitor(self) -> Expr:
        left = self.bitxor()
        while self.at_op("|"):
            self.advance()
            left = BinOp(left.line, "|", left, self.bitxor())
        return left

    def bitxor(self) -> Expr:
        left = self.bitand()
        while self.at_op("^"):
            self.advance()
            left = BinOp(left.line, "^", left, self.bitand())
        return left

    def bitand(self) -> Expr:
        left = self.shift()
        while self.at_op("&"):
            self.advance()
            left = BinOp(left.line, "&", left, self.shift())
        return left

    def shift(self) -> Expr:
        left = self.arith()
        while self.at_op("<<") or self.at_op(">>"):
            tok = self.advance()
            left = BinOp(left.line, tok.text, left, self.arith())
        return left

    def arith(self) -> Expr:
        left = self.term()
        while self.at_op("+") or self.at_op("-"):
            tok = self.advance()
            left = BinOp(left.line, tok.text, left, self.term())
        return left

    def term(self) -> Expr:
        left = self.factor()
        while self.at_op("*") or self.at_op("/") or self.at_op("//") or self.at_op("%") or self.at_op("@"):
            tok = self.advance()
            left = BinOp(left.line, tok.text, left, self.factor())
        return left

    def factor(self) -> Expr:
        if self.at_op("-") or self.at_op("+") or self.at_op("~"):
            tok = self.advance()
            self.nest()
            operand = self.factor()
            self.depth -= 1
            if tok.text == "-" and isinstance(operand, Const):
                w = operand.w_value
                if isinstance(w, W_Float):
                    return Const(tok.line, W_Float(-w.floatval))
                if isinstance(w, W_Int) and w is not w_True and w is not w_False:
                    return Const(tok.line, W_Int(-w.intval))
            return UnaryOp(tok.line, tok.text, operand)
        return self.power()

    def power(self) -> Expr:
        base = self.primary()
        if self.at_op("**"):
            self.advance()
            return BinOp(base.line, "**", base, self.factor())
        return base

    def primary(self) -> Expr:
        e = self.atom()
        while True:
            tok = self.peek()
            if tok.kind != OP:
                break
            if tok.text == ".":
                self.advance()
                e = Attribute(tok.line, e, self.expect_name())
            elif tok.text == "(":
                self.advance()
                e = self.call_args(e, tok.line)
            elif tok.text == "[":
                self.advance()
                e = Subscript(tok.line, e, self.subscript_list())
                self.expect_op("]")
            else:
                break
        return e

    def call_args(self, func: Expr, line: int) -> Expr:
        call = Call(line, func, [], [], [])
        while not self.at_op(")"):
            if self.accept_op("**"):
                if call.kwstar is not None:
                    raise self.error("only one ** argument is supported")
                call.kwstar = self.test()
            elif self.accept_op("*"):
                if call.star is not None or len(call.kwnames) > 0:
                    raise self.error("only one * argument (before keywords) is supported")
                call.star = self.test()
            elif self.peek().kind == NAME and self.peek_at(1).kind == OP and self.peek_at(1).text == "=":
                name = self.expect_name()
                self.advance()
                if name in call.kwnames:
                    raise self.error("keyword argument repeated: " + name)
                call.kwnames.append(name)
                call.kwvalues.append(self.test())
            else:
                if len(call.kwnames) > 0 or call.kwstar is not None:
                    raise self.error("positional argument follows keyword argument")
                if call.star is not None:
                    raise self.error("positional arguments after *args are not supported")
                arg = self.test()
                if self.at_keyword("for"):
                    arg = self.comprehension_tail(arg.line, COMP_GEN, arg, None)
                call.args.append(arg)
            if not self.accept_op(","):
                break
        self.expect_op(")")
        return call

    def subscript_list(self) -> Expr:
        line = self.peek().line
        first = self.subscript()
        if not self.at_op(","):
            return first
        elts = [first]
        while self.accept_op(","):
            if self.at_op("]"):
                break
            elts.append(self.subscript())
        return TupleExpr(line, elts)

    def subscript(self) -> Expr:
        line = self.peek().line
        lower = None
        if not self.at_op(":"):
            lower = self.test()
            if not self.at_op(":"):
                return lower
        self.expect_op(":")
        upper = None
        step = None
        if not self.at_op("]") and not self.at_op(":") and not self.at_op(","):
            upper = self.test()
        if self.accept_op(":"):
            if not self.at_op("]") and not self.at_op(","):
                step = self.test()
        return Slice(line, lower, upper, step)

    def atom(self) -> Expr:
        tok = self.peek()
        line = tok.line
        if tok.kind == NAME:
            w = tok.text
            if w == "None":
                self.advance()
                return Const(line, w_None)
            if w == "True":
                self.advance()
                return Const(line, w_True)
            if w == "False":
                self.advance()
                return Const(line, w_False)
            if w == "yield":
                raise self.error("generators (yield) are not supported")
            if w in KEYWORDS:
                raise self.error("invalid syntax")
            self.advance()
            return Name(line, w)
        if tok.kind == INT:
            self.advance()
            return Const(line, W_Int(tok.intval))
        if tok.kind == FLOAT:
            self.advance()
            return Const(line, W_Float(tok.floatval))
        if tok.kind == STRING or tok.kind == FSTRING:
            return self.strings()
        if tok.kind == OP:
            if tok.text == "(":
                self.advance()
                return self.paren_tail(line)
            if tok.text == "[":
                self.advance()
                return self.list_tail(line)
            if tok.text == "{":
                self.advance()
                return self.brace_tail(line)
        if tok.kind == INDENT:
            raise indentation_error("unexpected indent", self.peek().line)
        if tok.kind == NEWLINE or tok.kind == EOF:
            raise self.error("invalid syntax")
        raise self.error("invalid syntax")

    def strings(self) -> Expr:
        """Adjacent string literals, joined; an f-string anywhere makes the
        whole a JoinedStr."""
        line = self.peek().line
        parts = []
        has_f = False
        while self.peek().kind == STRING or self.peek().kind == FSTRING:
            tok = self.advance()
            if tok.kind == STRING:
                parts.append(Const(tok.line, W_Str(tok.text)))
            else:
                has_f = True
                self.fstring_parts(tok, parts)
        if not has_f:
            text = ""
            for p in parts:
                if isinstance(p, Const):
                    w = p.w_value
                    if isinstance(w, W_Str):
                        text += w.strval
            return Const(line, W_Str(text))
        return JoinedStr(line, parts)

    def fstring_parts(self, tok: Token, parts: list[Expr]) -> None:
        """Split an f-string body into constants and FormattedValues."""
        body = tok.text
        raw = tok.intval == 1
        i = 0
        n = len(body)
        literal = []
        while i < n:
            c = body[i]
            if c == "{" and i + 1 < n and body[i + 1] == "{":
                literal.append("{")
                i += 2
            elif c == "}" and i + 1 < n and body[i + 1] == "}":
                literal.append("}")
                i += 2
            elif c == "}":
                raise GuestSyntaxError("f-string: single '}' is not allowed", tok.line)
            elif c == "{":
                self.flush_literal(literal, raw, tok.line, parts)
                literal = []
                end = find_field_end(body, i + 1, tok.line)
                self.fstring_field(body[i + 1:end], tok.line, parts)
                i = end + 1
            else:
                literal.append(c)
                i += 1
        self.flush_literal(literal, raw, tok.line, parts)

    def flush_literal(self, literal: list[str], raw: bool, line: int, parts: list[Expr]) -> None:
        if len(literal) == 0:
            return
        text = "".join(literal)
        if not raw:
            text = decode_escapes(text, line)
        parts.append(Const(line, W_Str(text)))

    def fstring_field(self, field: str, line: int, parts: list[Expr]) -> None:
        """`expr[=][!conv][:spec]` of one replacement field."""
        depth = 0
        expr_end = len(field)
        conv_pos = -1
        quote = ""
        i = 0
        while i < len(field):
            c = field[i]
            if quote != "":
                if c == quote:
                    quote = ""
            elif c == "'" or c == '"':
                quote = c
            elif c == "(" or c == "[" or c == "{":
                depth += 1
            elif c == ")" or c == "]" or c == "}":
                depth -= 1
            elif depth == 0 and c == "!" and i + 1 < len(field) and field[i + 1] != "=":
                conv_pos = i
            elif depth == 0 and c == ":":
                expr_end = i
                break
            i += 1
        spec = None
        if expr_end < len(field):
            spec_parts = []
            spec_tok = Token(FSTRING, field[expr_end + 1:], line, 0)
            self.fstring_parts(spec_tok, spec_parts)
            spec = JoinedStr(line, spec_parts)
        conversion = ""
        text = field[:expr_end]
        if conv_pos >= 0:
            conversion = field[conv_pos + 1:expr_end].strip()
            text = field[:conv_pos]
            if conversion != "r" and conversion != "s" and conversion != "a":
                raise GuestSyntaxError("f-string: invalid conversion character", line)
        stripped = text.rstrip()
        if stripped.endswith("=") and not stripped.endswith("==") and not stripped.endswith("!=") \
                and not stripped.endswith("<=") and not stripped.endswith(">="):
            parts.append(Const(line, W_Str(text)))
            text = stripped[:-1]
            if conversion == "" and spec is None:
                conversion = "r"
        if text.strip() == "":
            raise GuestSyntaxError("f-string: empty expression not allowed", line)
        value = parse_expression("(" + text + ")", line)
        parts.append(FormattedValue(line, value, conversion, spec))

    def paren_tail(self, line: int) -> Expr:
        if self.accept_op(")"):
            return TupleExpr(line, [])
        first = self.star_or_test()
        if self.at_keyword("for"):
            e = self.comprehension_tail(line, COMP_GEN, first, None)
            self.expect_op(")")
            return e
        if self.accept_op(")"):
            return first
        elts = [first]
        while self.accept_op(","):
            if self.at_op(")"):
                break
            elts.append(self.star_or_test())
        self.expect_op(")")
        return TupleExpr(line, elts)

    def list_tail(self, line: int) -> Expr:
        if self.accept_op("]"):
            return ListExpr(line, [])
        first = self.star_or_test()
        if self.at_keyword("for"):
            e = self.comprehension_tail(line, COMP_LIST, first, None)
            self.expect_op("]")
            return e
        elts = [first]
        while self.accept_op(","):
            if self.at_op("]"):
                break
            elts.append(self.star_or_test())
        self.expect_op("]")
        return ListExpr(line, elts)

    def brace_tail(self, line: int) -> Expr:
        if self.accept_op("}"):
            return DictExpr(line, [], [])
        if self.at_op("**"):
            raise self.error("dict unpacking (**) in displays is not supported")
        first = self.star_or_test()
        if self.accept_op(":"):
            value = self.test()
            if self.at_keyword("for"):
                e = self.comprehension_tail(line, COMP_DICT, first, value)
                self.expect_op("}")
                return e
            keys = [first]
            values = [value]
            while self.accept_op(","):
                if self.at_op("}"):
                    break
                keys.append(self.test())
                self.expect_op(":")
                values.append(self.test())
            self.expect_op("}")
            return DictExpr(line, keys, values)
        if self.at_keyword("for"):
            e = self.comprehension_tail(line, COMP_SET, first, None)
            self.expect_op("}")
            return e
        elts = [first]
        while self.accept_op(","):
            if self.at_op("}"):
                break
            elts.append(self.star_or_test())
        self.expect_op("}")
        return SetExpr(line, elts)

    def comprehension_tail(self, line: int, kind: int, elt: Expr, value) -> Expr:
        generators = []
        while self.at_keyword("for"):
            gline = self.advance().line
            target = self.target_list()
            self.expect_keyword("in")
            it = self.or_test()
            ifs = []
            while self.accept_keyword("if"):
                ifs.append(self.test_no_cond())
            generators.append(CompFor(gline, target, it, ifs))
        return Comprehension(line, kind, elt, value, generators)


def find_field_end(body: str, start: int, line: int) -> int:
    """Index of the `}` closing the f-string field that starts at `start`."""
    depth = 0
    quote = ""
    i = start
    while i < len(body):
        c = body[i]
        if quote != "":
            if c == quote:
                quote = ""
        elif c == "'" or c == '"':
            quote = c
        elif c == "{" or c == "(" or c == "[":
            depth += 1
        elif c == ")" or c == "]":
            depth -= 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise GuestSyntaxError("f-string: expecting '}'", line)


def parse_expression(src: str, line: int) -> Expr:
    """Parse one expression (the inside of an f-string field) found at `line`."""
    tokens = tokenize(src)
    for tok in tokens:
        tok.line = tok.line + line - 1
    p = ExprParser(tokens)
    e = p.testlist_star()
    if p.peek().kind != NEWLINE and p.peek().kind != EOF:
        raise GuestSyntaxError("f-string: invalid syntax", line)
    return e
