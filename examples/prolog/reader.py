"""Reading Prolog text: a tokenizer and an operator-precedence parser.

Standard (ISO/Edinburgh) syntax: atoms (plain, symbolic, solo, quoted with
escapes), variables, integers (also ``0'c``, ``0x``, ``0o``, ``0b``), floats,
double-quoted text (a code list, a char list or an atom, per the
``double_quotes`` flag), back-quoted code lists, lists ``[a, b | T]``, curly
terms ``{T}``, functional notation ``f(...)``, operators from an ``OpTable``,
``%`` and ``/* */`` comments.  A clause ends with ``.`` followed by layout.
"""

from terms import Term, Var, Int, Float, Struct, atom, functor, mk2, cons, NIL, CURLY
from ops import OpTable

T_ATOM = 0
T_VAR = 1
T_INT = 2
T_FLOAT = 3
T_STR = 4
T_BACKQ = 5
T_PUNCT = 6
T_OPEN_CT = 7
T_END = 8
T_EOF = 9

SYMBOL_CHARS = "+-*/\\^<>=~:.?@#&$"
SOLO_CHARS = "!;"
PUNCT_CHARS = "()[]{},|"


class PrologSyntaxError(Exception):
    """A syntax error at a line and column of the text being read."""

    def __init__(self, msg: str, line: int, col: int):
        super().__init__(msg)
        self.msg = msg
        self.line = line
        self.col = col


class Token:
    """One token: its kind, text or value, position, and whether layout precedes it."""

    def __init__(self, kind: int, text: str, line: int, col: int, layout: bool):
        self.kind = kind
        self.text = text
        self.ival = 0
        self.fval = 0.0
        self.line = line
        self.col = col
        self.layout_before = layout
        self.quoted = False


def is_alnum(c: str) -> bool:
    """Whether ``c`` may continue an alphanumeric name or variable."""
    return c.isalnum() or c == "_"


def digit_value(c: str) -> int:
    """The value of a digit in bases up to 36, or 99 if ``c`` is none."""
    if "0" <= c <= "9":
        return ord(c) - ord("0")
    if "a" <= c <= "z":
        return ord(c) - ord("a") + 10
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    return 99


class Lexer:
    """Turns source text into tokens on demand (one token of lookahead)."""

    def __init__(self, src: str):
        self.src = src
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.peeked: Token | None = None

    def error(self, msg: str) -> PrologSyntaxError:
        """A syntax error at the current position."""
        return PrologSyntaxError(msg, self.line, self.pos - self.line_start + 1)

    def char(self, offset: int) -> str:
        """The character ``offset`` places ahead, or "" at the end."""
        i = self.pos + offset
        if i < len(self.src):
            return self.src[i]
        return ""

    def advance(self) -> str:
        """Consume one character, keeping the line count."""
        c = self.src[self.pos]
        self.pos += 1
        if c == "\n":
            self.line += 1
            self.line_start = self.pos
        return c

    def skip_layout(self) -> bool:
        """Skip whitespace and comments; return whether anything was skipped."""
        start = self.pos
        while self.pos < len(self.src):
            c = self.src[self.pos]
            if c.isspace():
                self.advance()
            elif c == "%":
                while self.pos < len(self.src) and self.src[self.pos] != "\n":
                    self.pos += 1
            elif c == "/" and self.char(1) == "*":
                self.advance()
                self.advance()
                while self.pos < len(self.src) and not (self.src[self.pos] == "*" and self.char(1) == "/"):
                    self.advance()
                if self.pos >= len(self.src):
                    raise self.error("Unterminated block comment")
                self.advance()
                self.advance()
            else:
                break
        return self.pos > start

    def peek(self) -> Token:
        """The next token, without consuming it."""
        t = self.peeked
        if t is None:
            t = self.scan()
            self.peeked = t
        return t

    def next(self) -> Token:
        """Consume and return the next token."""
        t = self.peek()
        self.peeked = None
        return t

    def scan(self) -> Token:
        """Read one token from the text."""
        layout = self.skip_layout()
        line = self.line
        col = self.pos - self.line_start + 1
        if self.pos >= len(self.src):
            return Token(T_EOF, "", line, col, layout)
        c = self.src[self.pos]
        start = self.pos
        if c.isdigit():
            return self.scan_number(line, col, layout)
        if c == "_" or c.isupper():
            while self.pos < len(self.src) and is_alnum(self.src[self.pos]):
                self.pos += 1
            return Token(T_VAR, self.src[start:self.pos], line, col, layout)
        if c.isalpha():
            while self.pos < len(self.src) and is_alnum(self.src[self.pos]):
                self.pos += 1
            return Token(T_ATOM, self.src[start:self.pos], line, col, layout)
        if c == "'":
            self.advance()
            text = self.scan_quoted("'")
            tok = Token(T_ATOM, text, line, col, layout)
            tok.quoted = True
            return tok
        if c == '"':
            self.advance()
            return Token(T_STR, self.scan_quoted('"'), line, col, layout)
        if c == "`":
            self.advance()
            return Token(T_BACKQ, self.scan_quoted("`"), line, col, layout)
        if c in PUNCT_CHARS:
            self.pos += 1
            if c == "(" and not layout:
                return Token(T_OPEN_CT, c, line, col, layout)
            return Token(T_PUNCT, c, line, col, layout)
        if c in SOLO_CHARS:
            self.pos += 1
            return Token(T_ATOM, c, line, col, layout)
        if c in SYMBOL_CHARS:
            if c == "." and (self.char(1) == "" or self.char(1).isspace() or self.char(1) == "%"):
                self.pos += 1
                return Token(T_END, ".", line, col, layout)
            while self.pos < len(self.src) and self.src[self.pos] in SYMBOL_CHARS:
                self.pos += 1
            return Token(T_ATOM, self.src[start:self.pos], line, col, layout)
        self.pos += 1
        raise PrologSyntaxError("Illegal character " + repr(c), line, col)

    def scan_number(self, line: int, col: int, layout: bool) -> Token:
        """An integer or float token (the first character is a digit)."""
        start = self.pos
        if self.src[self.pos] == "0" and self.char(1) == "'":
            self.pos += 2
            code = self.scan_char_code()
            tok = Token(T_INT, self.src[start:self.pos], line, col, layout)
            tok.ival = code
            return tok
        if self.src[self.pos] == "0" and self.char(1) in ["x", "o", "b"] and digit_value(self.char(2)) < 99:
            base = 16
            if self.char(1) == "o":
                base = 8
            elif self.char(1) == "b":
                base = 2
            if digit_value(self.char(2)) < base:
                self.pos += 2
                value = 0
                while self.pos < len(self.src) and digit_value(self.src[self.pos]) < base:
                    value = value * base + digit_value(self.src[self.pos])
                    self.pos += 1
                tok = Token(T_INT, self.src[start:self.pos], line, col, layout)
                tok.ival = value
                return tok
        while self.pos < len(self.src) and (self.src[self.pos].isdigit() or
                                            self.src[self.pos] == "_" and self.char(1).isdigit()):
            self.pos += 1
        is_float = False
        if self.char(0) == "." and self.char(1).isdigit():
            is_float = True
            self.pos += 1
            while self.pos < len(self.src) and self.src[self.pos].isdigit():
                self.pos += 1
        if self.char(0) in ["e", "E"]:
            k = 1
            if self.char(1) in ["+", "-"]:
                k = 2
            if self.char(k).isdigit():
                is_float = True
                self.pos += k
                while self.pos < len(self.src) and self.src[self.pos].isdigit():
                    self.pos += 1
        text = self.src[start:self.pos].replace("_", "")
        if is_float:
            if self.src[self.pos:self.pos + 3] == "Inf":
                self.pos += 3
                tok = Token(T_FLOAT, text + "Inf", line, col, layout)
                tok.fval = float("inf")
                return tok
            tok = Token(T_FLOAT, text, line, col, layout)
            tok.fval = float(text)
            return tok
        tok = Token(T_INT, text, line, col, layout)
        if len(text) > 18 and (len(text) > 19 or text > "9223372036854775807"):
            raise PrologSyntaxError("Integer too large: " + text, line, col)
        tok.ival = int(text)
        return tok

    def scan_char_code(self) -> int:
        """The character code after ``0'``."""
        c = self.char(0)
        if c == "":
            raise self.error("Unexpected end of file")
        if c == "\\":
            code = self.scan_escape()
            if code < 0 or code > 0x10FFFF:
                raise self.error("Illegal escape sequence")
            return code
        if c == "'":
            self.advance()
            if self.char(0) == "'":
                self.advance()
            return 39
        self.advance()
        return ord(c)

    def scan_escape(self) -> int:
        """Read an escape sequence starting at a backslash; -1 for a skipped newline."""
        self.advance()
        c = self.char(0)
        if c == "":
            raise self.error("Unexpected end of file in escape sequence")
        self.advance()
        if c == "n":
            return 10
        if c == "t":
            return 9
        if c == "r":
            return 13
        if c == "a":
            return 7
        if c == "b":
            return 8
        if c == "f":
            return 12
        if c == "v":
            return 11
        if c == "e":
            return 27
        if c == "s":
            return 32
        if c == "z":
            return -1
        if c == "0" and not self.char(0).isdigit():
            if self.char(0) == "\\":
                self.advance()
            return 0
        if c == "\n":
            return -1
        if c in ["\\", "'", '"', "`"]:
            return ord(c)
        if c == "u" or c == "U":
            value = 0
            for i in range(4 if c == "u" else 8):
                d = digit_value(self.char(0))
                if d >= 16:
                    raise self.error("Illegal \\" + c + " escape")
                value = value * 16 + d
                self.advance()
            return value
        if c == "x" or c.isdigit():
            base = 16 if c == "x" else 8
            value = 0 if c == "x" else digit_value(c)
            while digit_value(self.char(0)) < base:
                value = value * base + digit_value(self.advance())
            if self.char(0) == "\\":
                self.advance()
            return value
        raise self.error("Undefined escape sequence \\" + c)

    def scan_quoted(self, quote: str) -> str:
        """The text of a quoted item, after its opening quote."""
        parts: list[str] = []
        while True:
            c = self.char(0)
            if c == "":
                raise self.error("End of file in quoted item")
            if c == quote:
                self.advance()
                if self.char(0) == quote:
                    self.advance()
                    parts.append(quote)
                    continue
                return "".join(parts)
            if c == "\\":
                code = self.scan_escape()
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    raise self.error("Illegal character code in escape sequence")
                if code >= 0:
                    parts.append(chr(code))
                continue
            if c == "\n":
                raise self.error("Newline in quoted item")
            parts.append(self.advance())


class ReadClause:
    """One clause or directive as read: the term, its first line, its variable names."""

    def __init__(self, term: Term, line: int, names: list[str], vars: list[Var], singletons: list[str]):
        self.term = term
        self.line = line
        self.names = names
        self.vars = vars
        self.singletons = singletons


class Parser:
    """Parses clauses from a ``Lexer`` with an operator table.

    ``double_quotes`` is "codes", "chars" or "atom"; the caller may change it
    (and the operator table) between clauses.
    """

    def __init__(self, src: str, ops: OpTable):
        self.lexer = Lexer(src)
        self.ops = ops
        self.double_quotes = "codes"
        self.var_map: dict[str, Var] = {}
        self.var_names: list[str] = []
        self.var_list: list[Var] = []
        self.var_counts: dict[str, int] = {}
        self.prec = 0

    def error(self, msg: str, tok: Token) -> PrologSyntaxError:
        """A syntax error at a token."""
        return PrologSyntaxError(msg, tok.line, tok.col)

    def read_clause(self) -> "ReadClause | None":
        """Read the next clause (``None`` at end of file)."""
        self.var_map = {}
        self.var_names = []
        self.var_list = []
        self.var_counts = {}
        first = self.lexer.peek()
        if first.kind == T_EOF:
            return None
        term = self.parse(1200)
        end = self.lexer.next()
        if end.kind != T_END:
            if end.kind == T_EOF:
                raise self.error("Unexpected end of file (missing '.')", end)
            raise self.error("Operator expected", end)
        singletons: list[str] = []
        for name in self.var_names:
            if self.var_counts[name] == 1 and not name.startswith("_"):
                singletons.append(name)
        return ReadClause(term, first.line, self.var_names, self.var_list, singletons)

    def skip_to_end(self) -> None:
        """After an error: skip tokens up to the end of the clause."""
        while True:
            try:
                t = self.lexer.next()
                if t.kind == T_END or t.kind == T_EOF:
                    return
            except PrologSyntaxError:
                self.lexer.peeked = None

    def is_term_start(self, tok: Token) -> bool:
        """Whether a token can begin a term."""
        if tok.kind == T_PUNCT:
            return tok.text == "(" or tok.text == "[" or tok.text == "{"
        return tok.kind != T_END and tok.kind != T_EOF

    def parse(self, max_prec: int, in_arg: bool = False) -> Term:
        """Parse a term of priority at most ``max_prec``; its priority goes to
        ``self.prec``.  ``in_arg``: the term is (part of) an argument or list
        item, so ',' and '|' end it."""
        left = self.parse_primary(max_prec, in_arg)
        return self.parse_infix(left, self.prec, max_prec, in_arg)

    def parse_arg(self) -> Term:
        """An argument or list item: priority 999, but (as SWI-Prolog allows)
        operators above 999 other than ',' and '|' are accepted too."""
        return self.parse(1200, True)

    def make_var(self, name: str) -> Term:
        """The variable called ``name`` in the current clause (``_`` is always fresh)."""
        if name == "_":
            return Var(0)
        v = self.var_map.get(name, None)
        if v is None:
            v = Var(0)
            self.var_map[name] = v
            self.var_names.append(name)
            self.var_list.append(v)
            self.var_counts[name] = 1
        else:
            self.var_counts[name] += 1
        return v

    def text_term(self, text: str, mode: str) -> Term:
        """Double-quoted text as a code list, a char list or an atom."""
        if mode == "atom":
            return atom(text)
        result: Term = NIL
        i = len(text) - 1
        while i >= 0:
            if mode == "chars":
                result = cons(atom(text[i]), result)
            else:
                result = cons(Int(ord(text[i])), result)
            i -= 1
        return result

    def parse_arglist(self) -> list[Term]:
        """Arguments up to the closing parenthesis (the opening one is consumed)."""
        args: list[Term] = []
        while True:
            args.append(self.parse_arg())
            tok = self.lexer.next()
            if tok.kind == T_PUNCT and tok.text == ",":
                continue
            if tok.kind == T_PUNCT and tok.text == ")":
                return args
            raise self.error("Expected ',' or ')' in arguments", tok)

    def parse_list(self) -> Term:
        """List items after "[" up to and including "]"."""
        items: list[Term] = []
        tail: Term = NIL
        while True:
            items.append(self.parse_arg())
            tok = self.lexer.next()
            if tok.kind == T_PUNCT and tok.text == ",":
                continue
            if tok.kind == T_PUNCT and tok.text == "|":
                tail = self.parse_arg()
                tok = self.lexer.next()
            if tok.kind == T_PUNCT and tok.text == "]":
                break
            raise self.error("Expected ',', '|' or ']' in list", tok)
        result = tail
        i = len(items) - 1
        while i >= 0:
            result = cons(items[i], result)
            i -= 1
        return result

    def expect(self, text: str) -> None:
        """Consume a punctuation token, or fail with a syntax error."""
        tok = self.lexer.next()
        if (tok.kind != T_PUNCT and tok.kind != T_OPEN_CT) or tok.text != text:
            raise self.error("Expected '" + text + "'", tok)

    def parse_primary(self, max_prec: int, in_arg: bool) -> Term:
        """A primary term, possibly a prefix-operator term."""
        tok = self.lexer.next()
        k = tok.kind
        self.prec = 0
        if k == T_INT:
            return Int(tok.ival)
        if k == T_FLOAT:
            return Float(tok.fval)
        if k == T_VAR:
            return self.make_var(tok.text)
        if k == T_STR:
            return self.text_term(tok.text, self.double_quotes)
        if k == T_BACKQ:
            return self.text_term(tok.text, "codes")
        if k == T_PUNCT or k == T_OPEN_CT:
            if tok.text == "(":
                t = self.parse(1200)
                self.expect(")")
                self.prec = 0
                return t
            if tok.text == "[":
                nxt = self.lexer.peek()
                if nxt.kind == T_PUNCT and nxt.text == "]":
                    self.lexer.next()
                    return self.parse_name("[]", tok, max_prec, in_arg)
                return self.parse_list()
            if tok.text == "{":
                nxt = self.lexer.peek()
                if nxt.kind == T_PUNCT and nxt.text == "}":
                    self.lexer.next()
                    return self.parse_name("{}", tok, max_prec, in_arg)
                t = self.parse(1200)
                self.expect("}")
                self.prec = 0
                return Struct(CURLY, [t])
            raise self.error("Unexpected '" + tok.text + "'", tok)
        if k == T_END:
            raise self.error("Unexpected end of clause", tok)
        if k == T_EOF:
            raise self.error("Unexpected end of file", tok)
        return self.parse_name(tok.text, tok, max_prec, in_arg)

    def parse_name(self, name: str, tok: Token, max_prec: int, in_arg: bool) -> Term:
        """A term that starts with the atom ``name``."""
        nxt = self.lexer.peek()
        if nxt.kind == T_OPEN_CT:
            self.lexer.next()
            args = self.parse_arglist()
            self.prec = 0
            return Struct(functor(name, len(args)), args)
        if name == "-" and not tok.quoted and not nxt.layout_before:
            if nxt.kind == T_INT:
                self.lexer.next()
                return Int(-nxt.ival)
            if nxt.kind == T_FLOAT:
                self.lexer.next()
                return Float(-nxt.fval)
        op = self.ops.prefix.get(name, None)
        if op is not None and self.prefix_applies(nxt):
            pri = op.priority
            arg_max = op.right_max()
            if pri > max_prec:
                pri = 999
                arg_max = 999
            arg = self.parse(arg_max, in_arg)
            self.prec = pri
            return Struct(functor(name, 1), [arg])
        self.prec = 0
        return atom(name)

    def prefix_applies(self, nxt: Token) -> bool:
        """Whether a prefix operator followed by ``nxt`` takes an operand (else it is an atom)."""
        if not self.is_term_start(nxt):
            return False
        if nxt.kind == T_ATOM and nxt.text in self.ops.infix and nxt.text not in self.ops.prefix:
            # "- = X": the prefix operator is an operand of the infix one
            return False
        return True

    def parse_infix(self, left: Term, left_prec: int, max_prec: int, in_arg: bool) -> Term:
        """Extend ``left`` with infix and postfix operators while priorities allow
        (``in_arg``: stop at ',' and '|', which separate arguments)."""
        while True:
            tok = self.lexer.peek()
            name = ""
            if tok.kind == T_ATOM:
                name = tok.text
            elif tok.kind == T_PUNCT and (tok.text == "," or tok.text == "|") and not in_arg:
                name = tok.text
            else:
                break
            op = self.ops.infix.get(name, None)
            if op is not None:
                pri = op.priority
                if pri <= max_prec and left_prec <= op.left_max():
                    self.lexer.next()
                    right = self.parse(op.right_max(), in_arg)
                    if name == "|":
                        name = ";"
                    left = mk2(name, left, right)
                    left_prec = pri
                    continue
            pop = self.ops.postfix.get(name, None)
            if pop is not None:
                pri = pop.priority
                if pri <= max_prec and left_prec <= pop.left_max():
                    self.lexer.next()
                    left = Struct(functor(name, 1), [left])
                    left_prec = pri
                    continue
            break
        self.prec = left_prec
        return left
