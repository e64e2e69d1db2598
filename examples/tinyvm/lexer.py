"""Tokens of Tiny source text."""

from errors import TinyError

# Token kinds.
T_NAME = 1
T_INT = 2
T_STR = 3
T_OP = 4
T_KEYWORD = 5
T_EOF = 6

KEYWORDS = [
    "var", "fun", "class", "end", "if", "then", "elif", "else", "while", "do",
    "return", "and", "or", "not", "nil", "self", "break", "for", "to",
]

# Two-character operators first, so that `<=` is not read as `<` `=`.
OPERATORS2 = ["==", "!=", "<=", ">="]
OPERATORS1 = "+-*/%<>=(),.[]"


class Token:
    def __init__(self, kind: int, text: str, value: int, line: int):
        self.kind = kind
        self.text = text
        self.value = value
        self.line = line


def is_name_start(ch: str) -> bool:
    return ch.isalpha() or ch == "_"


def is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def tokenize(source: str) -> list[Token]:
    """The tokens of `source`, ending with an EOF token; raises TinyError
    for a character that starts no token or an unterminated string."""
    tokens = []
    i = 0
    line = 1
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch == " " or ch == "\t" or ch == "\r" or ch == ";":
            i += 1
        elif ch == "#":
            while i < n and source[i] != "\n":
                i += 1
        elif ch.isdigit():
            start = i
            while i < n and source[i].isdigit():
                i += 1
            text = source[start:i]
            if len(text) > 18:
                raise TinyError("syntax error", "integer literal too large: " + text, line)
            tokens.append(Token(T_INT, text, int(text), line))
        elif is_name_start(ch):
            start = i
            while i < n and is_name_char(source[i]):
                i += 1
            text = source[start:i]
            kind = T_KEYWORD if text in KEYWORDS else T_NAME
            tokens.append(Token(kind, text, 0, line))
        elif ch == '"':
            i += 1
            start_line = line
            chars = []
            while True:
                if i >= n or source[i] == "\n":
                    raise TinyError("syntax error", "unterminated string", start_line)
                c = source[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\" and i + 1 < n:
                    e = source[i + 1]
                    if e == "n":
                        chars.append("\n")
                    elif e == "t":
                        chars.append("\t")
                    elif e == '"' or e == "\\":
                        chars.append(e)
                    else:
                        raise TinyError("syntax error", "unknown escape \\" + e, line)
                    i += 2
                    continue
                chars.append(c)
                i += 1
            tokens.append(Token(T_STR, "".join(chars), 0, start_line))
        else:
            two = source[i:i + 2]
            if two in OPERATORS2:
                tokens.append(Token(T_OP, two, 0, line))
                i += 2
            elif ch in OPERATORS1:
                tokens.append(Token(T_OP, ch, 0, line))
                i += 1
            else:
                raise TinyError("syntax error", "unexpected character '" + ch + "'", line)
    tokens.append(Token(T_EOF, "end of file", 0, line))
    return tokens
