"""The Smalltalk tokenizer.

Turns source text into a list of ``Token``s. Comments (``"..."``) and
white space are skipped. Each token knows its line and its start and end
offsets (the parser uses them to tell ``x - 1`` from the literal ``-1``).
"""

T_EOF = 0
T_IDENT = 1        # foo
T_KEYWORD = 2      # foo:
T_BINARY = 3       # + - * / < > = ~ , @ % | & ? \ and combinations
T_INT = 4          # 42  16r1F  2e3
T_CHAR = 5         # $a
T_STRING = 6       # 'text'
T_SYMBOL = 7       # #foo  #at:put:  #+  #'any text'
T_ASSIGN = 8       # :=  (also _)
T_CARET = 9        # ^
T_COLON = 10       # :  (block parameters)
T_DOT = 11         # .
T_SEMI = 12        # ;
T_LPAREN = 13
T_RPAREN = 14
T_LBRACK = 15
T_RBRACK = 16
T_LBRACE = 17
T_RBRACE = 18
T_HASH_PAREN = 19  # #(
T_BANG = 20        # !
T_FLOAT = 21       # 3.14 (reported as unsupported by the parser)
T_HASH_BRACK = 22  # #[ (byte arrays, unsupported)

TOKEN_NAMES = ["end of input", "identifier", "keyword", "binary selector", "integer",
               "character", "string", "symbol", "':='", "'^'", "':'", "'.'", "';'",
               "'('", "')'", "'['", "']'", "'{'", "'}'", "'#('", "'!'", "float", "'#['"]

BINARY_CHARS = "+-*/\\<>=~,@%|&?"
MAX_INT = 9223372036854775807


class SmalltalkSyntaxError(Exception):
    """A syntax error at a line of the source."""

    def __init__(self, message: str, line: int):
        Exception.__init__(self, message)
        self.message = message
        self.line = line


class Token:
    """One token: its kind, its text (decoded for strings, characters and
    symbols), its integer value for numbers, and where it is."""

    def __init__(self, kind: int, text: str, line: int, start: int, end: int):
        self.kind = kind
        self.text = text
        self.line = line
        self.start = start
        self.end = end
        self.value = 0

    def describe(self) -> str:
        """How the token is named in error messages."""
        kind = self.kind
        if kind == T_EOF:
            return "end of input"
        if kind == T_STRING:
            return "string '" + self.text + "'"
        if kind == T_SYMBOL:
            return "symbol #" + self.text
        if kind == T_CHAR:
            return "character $" + self.text
        if kind == T_IDENT or kind == T_KEYWORD or kind == T_BINARY or kind == T_INT or kind == T_FLOAT:
            return TOKEN_NAMES[kind] + " " + self.text
        return "'" + self.text + "'"


def is_letter(ch: str) -> bool:
    """Identifier start characters."""
    return ch.isalpha() or ch == "_"


def is_ident_char(ch: str) -> bool:
    """Identifier continuation characters."""
    return ch.isalnum() or ch == "_"


def digit_value(ch: str) -> int:
    """The value of a digit in radix up to 36, or -1."""
    if "0" <= ch <= "9":
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    return -1


class Lexer:
    """A cursor over the source; ``tokenize`` runs it to the end."""

    def __init__(self, source: str):
        self.src = source
        self.pos = 0
        self.line = 1
        self.tokens = []

    def peek_char(self, offset: int) -> str:
        """The character ``offset`` ahead of the cursor, or ''."""
        i = self.pos + offset
        if i < len(self.src):
            return self.src[i]
        return ""

    def advance(self) -> str:
        """Consume one character (counting lines)."""
        ch = self.src[self.pos]
        self.pos += 1
        if ch == "\n":
            self.line += 1
        return ch

    def add(self, kind: int, text: str, line: int, start: int) -> Token:
        """Append a token that ends at the cursor."""
        tok = Token(kind, text, line, start, self.pos)
        self.tokens.append(tok)
        return tok

    def skip_blanks(self) -> None:
        """Skip white space and comments."""
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch.isspace():
                self.advance()
            elif ch == '"':
                line = self.line
                self.advance()
                while self.pos < len(self.src) and self.src[self.pos] != '"':
                    self.advance()
                if self.pos >= len(self.src):
                    raise SmalltalkSyntaxError("unterminated comment", line)
                self.advance()
            else:
                return

    def tokenize(self) -> list[Token]:
        """All tokens of the source, ending with a T_EOF token."""
        while True:
            self.skip_blanks()
            if self.pos >= len(self.src):
                self.add(T_EOF, "", self.line, self.pos)
                return self.tokens
            self.next_token()

    def next_token(self) -> None:
        """Scan one token at the cursor."""
        start = self.pos
        line = self.line
        ch = self.src[self.pos]
        if is_letter(ch):
            self.scan_identifier(start, line)
        elif ch.isdigit():
            self.scan_number(start, line)
        elif ch == "'":
            text = self.scan_quoted(line)
            self.add(T_STRING, text, line, start)
        elif ch == "$":
            self.advance()
            if self.pos >= len(self.src):
                raise SmalltalkSyntaxError("character literal expected after '$'", line)
            c = self.advance()
            tok = self.add(T_CHAR, c, line, start)
            tok.value = ord(c)
        elif ch == "#":
            self.scan_hash(start, line)
        elif ch == ":":
            self.advance()
            if self.peek_char(0) == "=":
                self.advance()
                self.add(T_ASSIGN, ":=", line, start)
            else:
                self.add(T_COLON, ":", line, start)
        elif ch == "^":
            self.advance()
            self.add(T_CARET, "^", line, start)
        elif ch == ".":
            self.advance()
            self.add(T_DOT, ".", line, start)
        elif ch == ";":
            self.advance()
            self.add(T_SEMI, ";", line, start)
        elif ch == "(":
            self.advance()
            self.add(T_LPAREN, "(", line, start)
        elif ch == ")":
            self.advance()
            self.add(T_RPAREN, ")", line, start)
        elif ch == "[":
            self.advance()
            self.add(T_LBRACK, "[", line, start)
        elif ch == "]":
            self.advance()
            self.add(T_RBRACK, "]", line, start)
        elif ch == "{":
            self.advance()
            self.add(T_LBRACE, "{", line, start)
        elif ch == "}":
            self.advance()
            self.add(T_RBRACE, "}", line, start)
        elif ch == "!":
            self.advance()
            self.add(T_BANG, "!", line, start)
        elif ch in BINARY_CHARS:
            self.advance()
            while self.pos < len(self.src) and self.src[self.pos] in BINARY_CHARS:
                # "x--1" is x - -1: a minus after the first character starts a number
                if self.src[self.pos] == "-" and self.peek_char(1).isdigit():
                    break
                self.advance()
            self.add(T_BINARY, self.src[start:self.pos], line, start)
        else:
            raise SmalltalkSyntaxError("unexpected character " + repr(ch), line)

    def scan_identifier(self, start: int, line: int) -> None:
        """An identifier, a keyword (``foo:``), or a keyword followed by
        ``=`` which is an identifier and ``:=``."""
        while self.pos < len(self.src) and is_ident_char(self.src[self.pos]):
            self.advance()
        if self.peek_char(0) == ":" and self.peek_char(1) != "=":
            self.advance()
            self.add(T_KEYWORD, self.src[start:self.pos], line, start)
        else:
            self.add(T_IDENT, self.src[start:self.pos], line, start)

    def scan_digits(self, radix: int, line: int) -> int:
        """A run of digits in ``radix``; returns their value."""
        value = 0
        count = 0
        while self.pos < len(self.src):
            d = digit_value(self.src[self.pos])
            if d < 0 or d >= radix:
                break
            if value > (MAX_INT - d) // radix:
                raise SmalltalkSyntaxError("integer literal too large (SmallIntegers have 64 bits)", line)
            value = value * radix + d
            self.advance()
            count += 1
        if count == 0:
            raise SmalltalkSyntaxError("digits expected in number", line)
        return value

    def scan_number(self, start: int, line: int) -> None:
        """``123``, ``16r1F``, ``1e6`` or a float (``1.5``, kept as text)."""
        value = self.scan_digits(10, line)
        if self.peek_char(0) == "r":
            radix = value
            if radix < 2 or radix > 36:
                raise SmalltalkSyntaxError("bad radix " + str(radix), line)
            self.advance()
            value = self.scan_digits(radix, line)
        elif self.peek_char(0) == "." and self.peek_char(1).isdigit():
            self.advance()
            while self.pos < len(self.src) and self.src[self.pos].isdigit():
                self.advance()
            self.add(T_FLOAT, self.src[start:self.pos], line, start)
            return
        if self.peek_char(0) == "e" and self.peek_char(1).isdigit():
            self.advance()
            exponent = self.scan_digits(10, line)
            for _ in range(exponent):
                if value > MAX_INT // 10:
                    raise SmalltalkSyntaxError("integer literal too large (SmallIntegers have 64 bits)", line)
                value = value * 10
        tok = self.add(T_INT, self.src[start:self.pos], line, start)
        tok.value = value

    def scan_quoted(self, line: int) -> str:
        """A quoted string at the cursor ('' inside stands for one quote)."""
        self.advance()
        parts = []
        while True:
            if self.pos >= len(self.src):
                raise SmalltalkSyntaxError("unterminated string", line)
            c = self.advance()
            if c == "'":
                if self.peek_char(0) == "'":
                    self.advance()
                    parts.append("'")
                else:
                    return "".join(parts)
            else:
                parts.append(c)

    def scan_hash(self, start: int, line: int) -> None:
        """``#(``, ``#[``, ``#'text'``, ``#foo:bar:`` or ``#+``."""
        self.advance()
        c = self.peek_char(0)
        if c == "(":
            self.advance()
            self.add(T_HASH_PAREN, "#(", line, start)
        elif c == "[":
            self.advance()
            self.add(T_HASH_BRACK, "#[", line, start)
        elif c == "'":
            text = self.scan_quoted(line)
            self.add(T_SYMBOL, text, line, start)
        elif c != "" and is_letter(c):
            s = self.pos
            while self.pos < len(self.src) and (is_ident_char(self.src[self.pos]) or self.src[self.pos] == ":"):
                self.advance()
            self.add(T_SYMBOL, self.src[s:self.pos], line, start)
        elif c != "" and c in BINARY_CHARS:
            s = self.pos
            while self.pos < len(self.src) and self.src[self.pos] in BINARY_CHARS:
                self.advance()
            self.add(T_SYMBOL, self.src[s:self.pos], line, start)
        else:
            raise SmalltalkSyntaxError("bad literal after '#'", line)


def tokenize(source: str) -> list[Token]:
    """Tokenize a whole source text."""
    return Lexer(source).tokenize()
