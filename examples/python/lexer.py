"""Tokenizer for the guest Python language.

Turns source text into a list of `Token`s, with Python's layout rules:
NEWLINE ends a logical line, INDENT/DEDENT bracket blocks, line breaks inside
brackets and after a backslash are ignored, comments and blank lines vanish.
String literals are decoded here (escapes, raw prefixes, implicit joining is
left to the parser); f-strings keep their raw body for the parser to split.
"""

from errors import GuestSyntaxError, indentation_error

# Token kinds.
NAME = 0
INT = 1
FLOAT = 2
STRING = 3
FSTRING = 4
OP = 5
NEWLINE = 6
INDENT = 7
DEDENT = 8
EOF = 9

KIND_NAMES = ["NAME", "INT", "FLOAT", "STRING", "FSTRING", "OP", "NEWLINE", "INDENT", "DEDENT", "EOF"]

# Operators, longest first so that the first match is the longest one.
OPERATORS = [
    "**=", "//=", ">>=", "<<=", "...",
    "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", ":=",
    "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
    ",", ":", ".", ";", "=", "@",
]

KEYWORDS = [
    "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
]


class Token:
    """One token: its kind, text (decoded for strings), and source position."""

    def __init__(self, kind: int, text: str, line: int, col: int):
        self.kind = kind
        self.text = text
        self.line = line
        self.col = col
        # For INT tokens: the value; for FLOAT tokens: the value.
        self.intval = 0
        self.floatval = 0.0

    def __repr__(self) -> str:
        return KIND_NAMES[self.kind] + "(" + repr(self.text) + ")@" + str(self.line)


def is_name_start(c: str) -> bool:
    return c.isalpha() or c == "_"


def is_name_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def hex_value(c: str) -> int:
    """Value of a hexadecimal digit, or -1."""
    if "0" <= c <= "9":
        return ord(c) - ord("0")
    if "a" <= c <= "f":
        return ord(c) - ord("a") + 10
    if "A" <= c <= "F":
        return ord(c) - ord("A") + 10
    return -1


def decode_escapes(s: str, line: int) -> str:
    """Decode the backslash escapes of a (non-raw) string literal body."""
    if s.find("\\") < 0:
        return s
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        i += 2
        if e == "n":
            out.append("\n")
        elif e == "t":
            out.append("\t")
        elif e == "\\":
            out.append("\\")
        elif e == "'":
            out.append("'")
        elif e == '"':
            out.append('"')
        elif e == "r":
            out.append("\r")
        elif e == "\n":
            pass
        elif e == "a":
            out.append("\a")
        elif e == "b":
            out.append("\b")
        elif e == "f":
            out.append("\f")
        elif e == "v":
            out.append("\v")
        elif e == "x" or e == "u" or e == "U":
            ndigits = 2 if e == "x" else (4 if e == "u" else 8)
            value = 0
            for k in range(ndigits):
                d = hex_value(s[i + k]) if i + k < n else -1
                if d < 0:
                    raise GuestSyntaxError("truncated \\" + e + " escape", line)
                value = value * 16 + d
            i += ndigits
            out.append(chr(value))
        elif "0" <= e <= "7":
            value = ord(e) - ord("0")
            count = 1
            while count < 3 and i < n and "0" <= s[i] <= "7":
                value = value * 8 + ord(s[i]) - ord("0")
                i += 1
                count += 1
            out.append(chr(value))
        else:
            out.append("\\")
            out.append(e)
    return "".join(out)


class Lexer:
    """Produces the token list of one source text (see `tokenize`)."""

    def __init__(self, src: str):
        self.src = src
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.tokens = []
        self.indents = [0]
        self.depth = 0  # bracket nesting

    def error(self, msg: str) -> GuestSyntaxError:
        return GuestSyntaxError(msg, self.line)

    def add(self, kind: int, text: str, start: int) -> Token:
        tok = Token(kind, text, self.line, start - self.line_start)
        self.tokens.append(tok)
        return tok

    def newline(self) -> None:
        """Account for a line break just consumed at self.pos - 1."""
        self.line += 1
        self.line_start = self.pos

    def run(self) -> list[Token]:
        at_line_start = True
        src = self.src
        n = len(src)
        while True:
            if at_line_start and self.depth == 0:
                if not self.indentation():
                    break
                at_line_start = False
            if self.pos >= n:
                break
            c = src[self.pos]
            if c == "\n":
                self.pos += 1
                if self.depth == 0:
                    self.add(NEWLINE, "", self.pos - 1)
                    at_line_start = True
                self.newline()
            elif c == " " or c == "\t" or c == "\r" or c == "\f":
                self.pos += 1
            elif c == "#":
                while self.pos < n and src[self.pos] != "\n":
                    self.pos += 1
            elif c == "\\":
                if self.pos + 1 < n and src[self.pos + 1] == "\n":
                    self.pos += 2
                    self.newline()
                elif self.pos + 2 < n and src[self.pos + 1] == "\r" and src[self.pos + 2] == "\n":
                    self.pos += 3
                    self.newline()
                else:
                    raise self.error("unexpected character after line continuation character")
            elif c.isdigit() or (c == "." and self.pos + 1 < n and src[self.pos + 1].isdigit()):
                self.number()
            elif is_name_start(c):
                start = self.pos
                while self.pos < n and is_name_char(src[self.pos]):
                    self.pos += 1
                word = src[start:self.pos]
                if self.pos < n and (src[self.pos] == "'" or src[self.pos] == '"') and self.is_prefix(word):
                    self.string(word.lower(), start)
                else:
                    self.add(NAME, word, start)
            elif c == "'" or c == '"':
                self.string("", self.pos)
            else:
                self.operator()
        if len(self.tokens) > 0 and self.tokens[-1].kind != NEWLINE and self.tokens[-1].kind != DEDENT:
            self.add(NEWLINE, "", self.pos)
        while len(self.indents) > 1:
            self.indents.pop()
            self.add(DEDENT, "", self.pos)
        self.add(EOF, "", self.pos)
        return self.tokens

    def is_prefix(self, word: str) -> bool:
        w = word.lower()
        return w == "r" or w == "f" or w == "rf" or w == "fr" or w == "u" or w == "b" or w == "br" or w == "rb"

    def indentation(self) -> bool:
        """At the start of a line: skip blank lines, emit INDENT/DEDENT.

        Returns False at the end of the input.
        """
        src = self.src
        n = len(src)
        while True:
            width = 0
            while self.pos < n:
                c = src[self.pos]
                if c == " ":
                    width += 1
                elif c == "\t":
                    width = (width // 8 + 1) * 8
                elif c == "\f" or c == "\r":
                    pass
                else:
                    break
                self.pos += 1
            if self.pos >= n:
                return False
            c = src[self.pos]
            if c == "\n":
                self.pos += 1
                self.newline()
                continue
            if c == "#":
                while self.pos < n and src[self.pos] != "\n":
                    self.pos += 1
                continue
            break
        if width > self.indents[-1]:
            self.indents.append(width)
            self.add(INDENT, "", self.pos)
        else:
            while width < self.indents[-1]:
                self.indents.pop()
                self.add(DEDENT, "", self.pos)
            if width != self.indents[-1]:
                raise indentation_error("unindent does not match any outer indentation level", self.line)
        return True

    def number(self) -> None:
        src = self.src
        n = len(src)
        start = self.pos
        if src[start] == "0" and start + 1 < n and src[start + 1] in "xXoObB":
            kind = src[start + 1].lower()
            base = 16 if kind == "x" else (8 if kind == "o" else 2)
            self.pos += 2
            value = 0
            ndigits = 0
            while self.pos < n and (is_name_char(src[self.pos])):
                c = src[self.pos]
                self.pos += 1
                if c == "_":
                    continue
                d = hex_value(c)
                if d < 0 or d >= base:
                    raise self.error("invalid digit '" + c + "' in number literal")
                value = value * base + d
                ndigits += 1
            if ndigits == 0:
                raise self.error("invalid number literal")
            tok = self.add(INT, src[start:self.pos], start)
            tok.intval = value
            return
        is_float = False
        while self.pos < n and (src[self.pos].isdigit() or src[self.pos] == "_"):
            self.pos += 1
        if self.pos < n and src[self.pos] == ".":
            is_float = True
            self.pos += 1
            while self.pos < n and (src[self.pos].isdigit() or src[self.pos] == "_"):
                self.pos += 1
        if self.pos < n and (src[self.pos] == "e" or src[self.pos] == "E"):
            p = self.pos + 1
            if p < n and (src[p] == "+" or src[p] == "-"):
                p += 1
            if p < n and src[p].isdigit():
                is_float = True
                self.pos = p
                while self.pos < n and src[self.pos].isdigit():
                    self.pos += 1
        if self.pos < n and is_name_char(src[self.pos]):
            raise self.error("invalid decimal literal")
        text = src[start:self.pos]
        digits = text.replace("_", "")
        if is_float:
            tok = self.add(FLOAT, text, start)
            tok.floatval = float(digits)
        else:
            if len(digits) > 1 and digits[0] == "0" and digits.strip("0") != "":
                raise self.error("leading zeros in decimal integer literals are not permitted")
            if len(digits) > 18:
                raise self.error("integer literal too large: " + text)
            tok = self.add(INT, text, start)
            tok.intval = int(digits)

    def string(self, prefix: str, start: int) -> None:
        """A string literal starting at self.pos (after the prefix letters)."""
        src = self.src
        n = len(src)
        quote = src[self.pos]
        triple = self.pos + 2 < n and src[self.pos + 1] == quote and src[self.pos + 2] == quote
        start_line = self.line
        if triple:
            self.pos += 3
        else:
            self.pos += 1
        body_start = self.pos
        while True:
            if self.pos >= n:
                raise GuestSyntaxError("unterminated string literal", start_line)
            c = src[self.pos]
            if c == "\\":
                self.pos += 2
                if self.pos - 1 < n and src[self.pos - 1] == "\n":
                    self.newline()
                continue
            if c == "\n":
                if not triple:
                    raise GuestSyntaxError("unterminated string literal", start_line)
                self.pos += 1
                self.newline()
                continue
            if c == quote:
                if not triple:
                    break
                if self.pos + 2 < n and src[self.pos + 1] == quote and src[self.pos + 2] == quote:
                    break
            self.pos += 1
        body = src[body_start:self.pos]
        self.pos += 3 if triple else 1
        raw = prefix.find("r") >= 0
        if prefix.find("b") >= 0:
            raise GuestSyntaxError("bytes literals are not supported", start_line)
        if prefix.find("f") >= 0:
            tok = Token(FSTRING, body, start_line, start - self.line_start)
            tok.intval = 1 if raw else 0
            self.tokens.append(tok)
            return
        text = body if raw else decode_escapes(body, start_line)
        self.tokens.append(Token(STRING, text, start_line, start - self.line_start))

    def operator(self) -> None:
        src = self.src
        start = self.pos
        for op in OPERATORS:
            if src[start:start + len(op)] == op:
                self.pos += len(op)
                if op == "(" or op == "[" or op == "{":
                    self.depth += 1
                elif op == ")" or op == "]" or op == "}":
                    if self.depth > 0:
                        self.depth -= 1
                self.add(OP, op, start)
                return
        raise self.error("invalid character '" + src[start] + "'")


def tokenize(src: str) -> list[Token]:
    """The tokens of `src`, ending with NEWLINE (if any) and EOF."""
    return Lexer(src).run()
