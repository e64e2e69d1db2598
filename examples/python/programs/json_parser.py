# A JSON parser and serializer: recursive descent over a string, building
# dicts, lists, strings, numbers, booleans and None; string escapes;
# errors with positions; pretty-printing and queries on the result.


class JSONError(Exception):
    def __init__(self, msg, pos):
        super().__init__("%s at position %d" % (msg, pos))
        self.pos = pos


ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
WHITESPACE = " \t\n\r"


class Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def error(self, msg):
        raise JSONError(msg, self.pos)

    def skip_ws(self):
        text = self.text
        while self.pos < len(text) and text[self.pos] in WHITESPACE:
            self.pos += 1

    def peek(self):
        self.skip_ws()
        if self.pos >= len(self.text):
            self.error("unexpected end of input")
        return self.text[self.pos]

    def expect(self, ch):
        if self.peek() != ch:
            self.error("expected %r but found %r" % (ch, self.text[self.pos]))
        self.pos += 1

    def parse(self):
        value = self.value()
        self.skip_ws()
        if self.pos != len(self.text):
            self.error("extra data")
        return value

    def value(self):
        ch = self.peek()
        if ch == "{":
            return self.object()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if ch == "-" or ch.isdigit():
            return self.number()
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return value
        self.error("unexpected character %r" % ch)

    def object(self):
        self.expect("{")
        result = {}
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            if self.peek() != '"':
                self.error("object keys must be strings")
            key = self.string()
            self.expect(":")
            result[key] = self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return result

    def array(self):
        self.expect("[")
        result = []
        if self.peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            if self.peek() == ",":
                self.pos += 1
            else:
                self.expect("]")
                return result

    def string(self):
        self.expect('"')
        text = self.text
        chunks = []
        start = self.pos
        while True:
            if self.pos >= len(text):
                self.error("unterminated string")
            ch = text[self.pos]
            if ch == '"':
                chunks.append(text[start:self.pos])
                self.pos += 1
                return "".join(chunks)
            if ch == "\\":
                chunks.append(text[start:self.pos])
                esc = text[self.pos + 1]
                if esc == "u":
                    chunks.append(chr(int(text[self.pos + 2:self.pos + 6], 16)))
                    self.pos += 6
                elif esc in ESCAPES:
                    chunks.append(ESCAPES[esc])
                    self.pos += 2
                else:
                    self.error("bad escape \\" + esc)
                start = self.pos
            else:
                self.pos += 1

    def number(self):
        text = self.text
        start = self.pos
        if text[self.pos] == "-":
            self.pos += 1
        while self.pos < len(text) and text[self.pos].isdigit():
            self.pos += 1
        is_float = False
        if self.pos < len(text) and text[self.pos] == ".":
            is_float = True
            self.pos += 1
            while self.pos < len(text) and text[self.pos].isdigit():
                self.pos += 1
        if self.pos < len(text) and text[self.pos] in "eE":
            is_float = True
            self.pos += 1
            if text[self.pos] in "+-":
                self.pos += 1
            while self.pos < len(text) and text[self.pos].isdigit():
                self.pos += 1
        literal = text[start:self.pos]
        if literal == "-":
            self.error("bad number")
        return float(literal) if is_float else int(literal)


def quote(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) > 126:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(value, indent=0, level=0):
    pad = " " * (indent * (level + 1))
    end_pad = " " * (indent * level)
    sep = ",\n" if indent else ", "
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [pad + dumps(v, indent, level + 1) for v in value]
        if indent:
            return "[\n" + sep.join(items) + "\n" + end_pad + "]"
        return "[" + sep.join(items) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [pad + quote(k) + ": " + dumps(v, indent, level + 1) for k, v in value.items()]
        if indent:
            return "{\n" + sep.join(items) + "\n" + end_pad + "}"
        return "{" + sep.join(items) + "}"
    raise TypeError("cannot serialize " + type(value).__name__)


DOCUMENT = """
{
  "name": "Kiln",
  "version": 1.5,
  "tags": ["jit", "jvm", "clr", "native"],
  "targets": {"native": {"jit": true, "gc": ["marksweep", "copying"]},
              "jvm": {"jit": false, "min_version": 17},
              "clr": null},
  "counts": [1, -2, 3e3, 4.25E-2, 0, -0.5],
  "escapes": "tab\\there \\"quoted\\" \\u00e9\\u263a back\\\\slash",
  "empty": {"list": [], "object": {}},
  "nested": [[1, [2, [3, [4, [5]]]]], {"a": {"b": {"c": "deep"}}}]
}
"""

data = Parser(DOCUMENT).parse()
print(sorted(data.keys()))
print(data["name"], data["version"], len(data["tags"]), data["tags"][-1])
print(data["targets"]["native"]["gc"], data["targets"]["clr"], data["targets"]["jvm"])
print(data["counts"], sum(data["counts"]))
print(data["escapes"])
print(data["nested"][1]["a"]["b"]["c"], data["nested"][0][1][1][1][1])
print(dumps(data))
print(dumps(data["targets"], indent=2))
again = Parser(dumps(data)).parse()
print("round trip equal:", again == data)

for bad in ['{"a": 1,}', "[1, 2", '{"a" 1}', '"unterminated', "tru", "[1] x", '{"k": "\\q"}', "-"]:
    try:
        Parser(bad).parse()
        print("parsed?!", bad)
    except JSONError as e:
        print("error:", e, "| pos", e.pos)

numbers = Parser("[" + ", ".join([str(i * i) for i in range(40)]) + "]").parse()
print(len(numbers), numbers[-1], sum(numbers))
big = {"items": [{"id": i, "name": "item%d" % i, "price": i * 1.25, "ok": i % 3 == 0} for i in range(30)]}
text = dumps(big)
parsed = Parser(text).parse()
print(len(text), parsed == big, [item["name"] for item in parsed["items"] if item["ok"]])
