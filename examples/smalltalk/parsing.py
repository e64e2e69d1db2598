"""The Smalltalk parser: tokens to the syntax tree of ``nodes.py``.

A source file is a sequence of items, run in order:

    Object subclass: Animal [          a class definition
        | name |                       instance variables
        Count := 0.                    a class variable
        Animal class >> named: aName [ ^self new setName: aName ]
        Animal class [ | registry | ]  class-side instance variables
        name [ ^name ]                 methods
    ]
    Integer extend [ double [ ^self * 2 ] ]     adds methods to a class
    Integer class extend [ ... ]                adds class-side methods
    Animal >> speak [ ^'...' ]                  defines one method
    | x y |                                     declares workspace variables
    x := 3 + 4.                                 statements, ended by . or !
"""

from lexer import (Token, SmalltalkSyntaxError, tokenize, T_EOF, T_IDENT, T_KEYWORD, T_BINARY,
                   T_INT, T_CHAR, T_STRING, T_SYMBOL, T_ASSIGN, T_CARET, T_COLON, T_DOT,
                   T_SEMI, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_LBRACE, T_RBRACE,
                   T_HASH_PAREN, T_BANG, T_FLOAT, T_HASH_BRACK)
from nodes import (Node, LiteralNode, VariableNode, AssignNode, SendNode, CascadeReceiverNode,
                   CascadeNode, BlockNode, ReturnNode, BraceNode, MethodNode, TopLevelItem,
                   ClassVarNode, ClassDefNode, StatementNode)
from objects import (W_Object, W_SmallInteger, W_String, W_Array, NIL, TRUE, FALSE,
                     intern_symbol, wrap_char)

RESERVED = ["self", "super", "nil", "true", "false", "thisContext"]

# Deeper nesting of parentheses, blocks and literal arrays is refused (the
# parser and the compiler recurse on it; the limit keeps every backend's
# host stack safe and the behaviour the same everywhere).
MAX_NESTING = 200


class Parser:
    """Recursive descent over the token list."""

    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.pos = 0
        self.nesting = 0

    # -- token helpers ------------------------------------------------------

    def peek(self) -> Token:
        """The current token."""
        return self.tokens[self.pos]

    def peek_at(self, offset: int) -> Token:
        """The token ``offset`` ahead (the EOF token past the end)."""
        i = self.pos + offset
        if i >= len(self.tokens):
            return self.tokens[len(self.tokens) - 1]
        return self.tokens[i]

    def next(self) -> Token:
        """Consume the current token."""
        tok = self.tokens[self.pos]
        if tok.kind != T_EOF:
            self.pos += 1
        return tok

    def at(self, kind: int) -> bool:
        """Whether the current token has this kind."""
        return self.tokens[self.pos].kind == kind

    def at_binary(self, text: str) -> bool:
        """Whether the current token is the binary selector ``text``."""
        tok = self.tokens[self.pos]
        return tok.kind == T_BINARY and tok.text == text

    def error(self, message: str) -> SmalltalkSyntaxError:
        """A syntax error at the current token."""
        return SmalltalkSyntaxError(message, self.peek().line)

    def enter(self) -> None:
        """One level deeper into nested expressions."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error("expressions nested more than " + str(MAX_NESTING) + " levels deep")

    def leave(self) -> None:
        """Back out of one level of nesting."""
        self.nesting -= 1

    def expect(self, kind: int, what: str) -> Token:
        """Consume a token of ``kind`` or fail naming ``what`` was expected."""
        if not self.at(kind):
            raise self.error("expected " + what + ", found " + self.peek().describe())
        return self.next()

    # -- file level -----------------------------------------------------------

    def parse_file(self) -> list[TopLevelItem]:
        """Every item of the file, in order."""
        items = []
        while not self.at(T_EOF):
            if self.at(T_DOT) or self.at(T_BANG):
                self.next()
                continue
            if self.looks_like_class_definition():
                items.append(self.parse_class_definition())
            elif self.looks_like_extension():
                items.append(self.parse_extension())
            elif self.looks_like_method_definition():
                items.append(self.parse_method_definition())
            elif self.at_binary("|") or self.at_binary("||"):
                line = self.peek().line
                names = self.parse_temporaries()
                items.append(StatementNode(line, None, names))
            else:
                line = self.peek().line
                stmt = self.parse_statement()
                items.append(StatementNode(line, stmt, []))
                if not (self.at(T_EOF) or self.at(T_DOT) or self.at(T_BANG)):
                    raise self.error("expected '.' after statement, found " + self.peek().describe())
        return items

    def looks_like_class_definition(self) -> bool:
        """``Name subclass: Name [``"""
        return (self.at(T_IDENT) and self.peek_at(1).kind == T_KEYWORD
                and self.peek_at(1).text == "subclass:"
                and (self.peek_at(2).kind == T_IDENT or self.peek_at(2).kind == T_SYMBOL)
                and self.peek_at(3).kind == T_LBRACK)

    def looks_like_extension(self) -> bool:
        """``Name extend [`` or ``Name class extend [``"""
        if not self.at(T_IDENT):
            return False
        t1 = self.peek_at(1)
        if t1.kind == T_IDENT and t1.text == "extend" and self.peek_at(2).kind == T_LBRACK:
            return True
        return (t1.kind == T_IDENT and t1.text == "class" and self.peek_at(2).kind == T_IDENT
                and self.peek_at(2).text == "extend" and self.peek_at(3).kind == T_LBRACK)

    def looks_like_method_definition(self) -> bool:
        """``Name >> pattern [`` or ``Name class >> pattern [``"""
        if not self.at(T_IDENT) or self.peek().text in RESERVED:
            return False
        t1 = self.peek_at(1)
        if t1.kind == T_BINARY and t1.text == ">>":
            return True
        return (t1.kind == T_IDENT and t1.text == "class" and self.peek_at(2).kind == T_BINARY
                and self.peek_at(2).text == ">>")

    def parse_class_definition(self) -> ClassDefNode:
        """``Super subclass: Name [ body ]``"""
        superclass = self.next()
        self.next()
        name = self.next()
        node = ClassDefNode(superclass.line, superclass.text, name.text, False)
        self.expect(T_LBRACK, "'['")
        self.parse_class_body(node, False, name.text)
        return node

    def parse_extension(self) -> ClassDefNode:
        """``Name extend [ body ]`` or ``Name class extend [ body ]``"""
        name = self.next()
        node = ClassDefNode(name.line, "", name.text, True)
        meta = False
        if self.peek().text == "class":
            self.next()
            meta = True
        self.next()
        self.expect(T_LBRACK, "'['")
        self.parse_class_body(node, meta, name.text)
        return node

    def parse_method_definition(self) -> ClassDefNode:
        """``Name >> pattern [ body ]``: an extension with one method."""
        name = self.next()
        node = ClassDefNode(name.line, "", name.text, True)
        meta = False
        if self.peek().text == "class":
            self.next()
            meta = True
        self.next()
        method = self.parse_method()
        if meta:
            node.class_methods.append(method)
        else:
            node.methods.append(method)
        return node

    def parse_class_body(self, node: ClassDefNode, meta: bool, class_name: str) -> None:
        """The items between the brackets of a class definition or
        extension, up to and including the closing bracket. With ``meta``
        every item is class-side."""
        while not self.at(T_RBRACK):
            tok = self.peek()
            if tok.kind == T_EOF:
                raise self.error("expected ']' to close the body of " + class_name)
            if tok.kind == T_DOT:
                self.next()
            elif tok.kind == T_BINARY and (tok.text == "||" or (tok.text == "|" and not (
                    self.peek_at(1).kind == T_IDENT and self.peek_at(2).kind == T_LBRACK))):
                names = self.parse_temporaries()
                for n in names:
                    if meta:
                        node.class_instvars.append(n)
                    else:
                        node.instvars.append(n)
            elif tok.kind == T_BINARY and tok.text == "<" and self.peek_at(1).kind == T_KEYWORD:
                self.parse_class_pragma(node)
            elif (tok.kind == T_IDENT and self.peek_at(1).kind == T_IDENT
                  and self.peek_at(1).text == "class"):
                self.parse_class_side_item(node, tok.text)
            elif tok.kind == T_IDENT and self.peek_at(1).kind == T_ASSIGN:
                self.next()
                self.next()
                value = self.parse_expression()
                node.classvars.append(ClassVarNode(tok.line, tok.text, value))
            else:
                method = self.parse_method()
                if meta:
                    node.class_methods.append(method)
                else:
                    node.methods.append(method)
        self.next()

    def parse_class_side_item(self, node: ClassDefNode, name: str) -> None:
        """``Name class >> pattern [ ... ]`` or ``Name class [ ... ]``."""
        if name != node.name:
            raise self.error("class-side definition for " + name + " inside the body of " + node.name)
        self.next()
        self.next()
        if self.at_binary(">>"):
            self.next()
            node.class_methods.append(self.parse_method())
        elif self.at(T_LBRACK):
            self.next()
            self.parse_class_body(node, True, name)
        else:
            raise self.error("expected '>>' or '[' after '" + name + " class'")

    def parse_class_pragma(self, node: ClassDefNode) -> None:
        """``<comment: 'text'>`` and similar: the comment is kept."""
        self.next()
        key = self.next()
        if self.at(T_STRING) and key.text == "comment:":
            node.comment = self.peek().text
        while not self.at_binary(">"):
            if self.at(T_EOF):
                raise self.error("expected '>' to close the pragma")
            self.next()
        self.next()

    # -- methods -------------------------------------------------------------------

    def parse_method(self) -> MethodNode:
        """A method pattern followed by a bracketed body."""
        tok = self.peek()
        if tok.kind == T_IDENT:
            self.next()
            method = MethodNode(tok.line, tok.text, [])
        elif tok.kind == T_BINARY:
            self.next()
            arg = self.expect(T_IDENT, "argument name after binary selector")
            method = MethodNode(tok.line, tok.text, [arg.text])
        elif tok.kind == T_KEYWORD:
            selector = ""
            params = []
            while self.at(T_KEYWORD):
                selector += self.next().text
                params.append(self.expect(T_IDENT, "argument name").text)
            method = MethodNode(tok.line, selector, params)
        else:
            raise self.error("expected a method definition, found " + tok.describe())
        self.expect(T_LBRACK, "'[' to start the body of method " + method.selector)
        self.parse_method_pragmas(method)
        if self.at_binary("|") or self.at_binary("||"):
            method.temps = self.parse_temporaries()
        self.parse_method_pragmas(method)
        method.body = self.parse_statements(T_RBRACK)
        method.end_line = self.peek().line
        self.expect(T_RBRACK, "']' to close method " + method.selector)
        return method

    def parse_method_pragmas(self, method: MethodNode) -> None:
        """``<primitive: 60>`` (kept) and ``<category: 'x'>`` (ignored)."""
        while self.at_binary("<") and self.peek_at(1).kind == T_KEYWORD:
            self.next()
            key = self.next()
            if key.text == "primitive:":
                method.primitive = self.expect(T_INT, "primitive number").value
            while not self.at_binary(">"):
                if self.at(T_EOF) or self.at(T_RBRACK):
                    raise self.error("expected '>' to close the pragma")
                self.next()
            self.next()

    def parse_temporaries(self) -> list[str]:
        """``| a b c |`` (or ``||``, no names)."""
        if self.at_binary("||"):
            self.next()
            return []
        self.next()
        names = []
        while self.at(T_IDENT):
            names.append(self.next().text)
        if not self.at_binary("|"):
            raise self.error("expected '|' to end the variable declarations, found " + self.peek().describe())
        self.next()
        return names

    # -- statements and expressions -------------------------------------------

    def parse_statements(self, closing: int) -> list[Node]:
        """Statements separated by periods, up to (not including) a token of
        kind ``closing``."""
        body = []
        while not self.at(closing):
            if self.at(T_DOT):
                self.next()
                continue
            body.append(self.parse_statement())
            if not self.at(closing):
                if not self.at(T_DOT):
                    raise self.error("expected '.' or " + describe_closing(closing)
                                     + ", found " + self.peek().describe())
                self.next()
        return body

    def parse_statement(self) -> Node:
        """``^ expression`` or an expression."""
        if self.at(T_CARET):
            tok = self.next()
            return ReturnNode(tok.line, self.parse_expression())
        return self.parse_expression()

    def parse_expression(self) -> Node:
        """An assignment or a cascade."""
        self.enter()
        expr = self.parse_expression_inner()
        self.leave()
        return expr

    def parse_expression_inner(self) -> Node:
        """``parse_expression`` without the nesting count."""
        tok = self.peek()
        if tok.kind == T_IDENT and self.peek_at(1).kind == T_ASSIGN:
            self.next()
            self.next()
            if tok.text in RESERVED:
                raise SmalltalkSyntaxError("cannot assign to " + tok.text, tok.line)
            return AssignNode(tok.line, tok.text, self.parse_expression())
        expr = self.parse_keyword_send(self.parse_primary())
        if not self.at(T_SEMI):
            return expr
        if not isinstance(expr, SendNode):
            raise self.error("a cascade ';' must follow a message send")
        first = SendNode(expr.line, CascadeReceiverNode(expr.line), expr.selector, expr.args)
        parts = [first]
        while self.at(T_SEMI):
            self.next()
            line = self.peek().line
            parts.append(self.parse_cascade_part(CascadeReceiverNode(line)))
        return CascadeNode(expr.line, expr.receiver, parts)

    def parse_cascade_part(self, receiver: Node) -> Node:
        """One part of a cascade: messages sent to the cascade receiver."""
        if not (self.at(T_IDENT) or self.at(T_BINARY) or self.at(T_KEYWORD)):
            raise self.error("expected a message after ';', found " + self.peek().describe())
        return self.parse_keyword_send(receiver)

    def parse_keyword_send(self, receiver: Node) -> Node:
        """Unary and binary sends, then one keyword send."""
        expr = self.parse_binary_sends(receiver)
        if not self.at(T_KEYWORD):
            return expr
        line = self.peek().line
        selector = ""
        args = []
        while self.at(T_KEYWORD):
            selector += self.next().text
            args.append(self.parse_binary_sends(self.parse_primary()))
        return SendNode(line, expr, selector, args)

    def parse_binary_sends(self, receiver: Node) -> Node:
        """Unary sends, then binary sends (left to right)."""
        expr = self.parse_unary_sends(receiver)
        while self.at(T_BINARY):
            op = self.next()
            arg = self.parse_unary_sends(self.parse_primary())
            expr = SendNode(op.line, expr, op.text, [arg])
        return expr

    def parse_unary_sends(self, receiver: Node) -> Node:
        """Unary sends (left to right)."""
        expr = receiver
        while self.at(T_IDENT):
            tok = self.next()
            expr = SendNode(tok.line, expr, tok.text, [])
        return expr

    def parse_primary(self) -> Node:
        """A variable, literal, block, parenthesized expression or brace array."""
        tok = self.peek()
        kind = tok.kind
        if kind == T_IDENT:
            self.next()
            return VariableNode(tok.line, tok.text)
        if kind == T_LPAREN:
            self.next()
            expr = self.parse_expression()
            self.expect(T_RPAREN, "')'")
            return expr
        if kind == T_LBRACK:
            return self.parse_block()
        if kind == T_LBRACE:
            self.next()
            elements = self.parse_statements(T_RBRACE)
            self.next()
            return BraceNode(tok.line, elements)
        if kind == T_BINARY and tok.text == "-" and self.peek_at(1).kind == T_INT \
                and self.peek_at(1).start == tok.end:
            self.next()
            num = self.next()
            return LiteralNode(tok.line, W_SmallInteger(-num.value))
        return LiteralNode(tok.line, self.parse_literal())

    def parse_literal(self) -> W_Object:
        """A literal constant at the current token."""
        tok = self.peek()
        kind = tok.kind
        if kind == T_INT:
            self.next()
            return W_SmallInteger(tok.value)
        if kind == T_STRING:
            self.next()
            return W_String(tok.text)
        if kind == T_SYMBOL:
            self.next()
            return intern_symbol(tok.text)
        if kind == T_CHAR:
            self.next()
            return wrap_char(tok.value)
        if kind == T_HASH_PAREN:
            self.next()
            self.enter()
            array = self.parse_literal_array()
            self.leave()
            return array
        if kind == T_FLOAT:
            raise self.error("float literals are not supported: " + tok.text)
        if kind == T_HASH_BRACK:
            raise self.error("byte array literals are not supported")
        raise self.error("expected an expression, found " + tok.describe())

    def parse_literal_array(self) -> W_Array:
        """The items of ``#( ... )`` after the opening token, and the ``)``."""
        items = []
        while not self.at(T_RPAREN):
            tok = self.peek()
            kind = tok.kind
            if kind == T_EOF:
                raise self.error("expected ')' to close the literal array")
            if kind == T_IDENT:
                self.next()
                if tok.text == "nil":
                    items.append(NIL)
                elif tok.text == "true":
                    items.append(TRUE)
                elif tok.text == "false":
                    items.append(FALSE)
                else:
                    items.append(intern_symbol(tok.text))
            elif kind == T_KEYWORD:
                name = ""
                while self.at(T_KEYWORD):
                    name += self.next().text
                items.append(intern_symbol(name))
            elif kind == T_BINARY and tok.text == "-" and self.peek_at(1).kind == T_INT \
                    and self.peek_at(1).start == tok.end:
                self.next()
                items.append(W_SmallInteger(-self.next().value))
            elif kind == T_BINARY:
                self.next()
                items.append(intern_symbol(tok.text))
            elif kind == T_LPAREN or kind == T_HASH_PAREN:
                self.next()
                self.enter()
                items.append(self.parse_literal_array())
                self.leave()
            else:
                items.append(self.parse_literal())
        self.next()
        return W_Array(items)

    def parse_block(self) -> BlockNode:
        """``[:a :b | | t | statements]``"""
        start = self.next()
        params = []
        while self.at(T_COLON):
            self.next()
            params.append(self.expect(T_IDENT, "block parameter name").text)
        temps = []
        if len(params) > 0:
            if self.at_binary("||"):
                # "[:x || t | ...]": the end of the parameters, then temporaries
                self.next()
                temps = self.parse_temporary_names()
            elif self.at_binary("|"):
                self.next()
            elif not self.at(T_RBRACK):
                raise self.error("expected '|' after block parameters, found " + self.peek().describe())
        if self.at_binary("|") or self.at_binary("||"):
            temps = self.parse_temporaries()
        body = self.parse_statements(T_RBRACK)
        self.expect(T_RBRACK, "']' to close the block")
        return BlockNode(start.line, params, temps, body)

    def parse_temporary_names(self) -> list[str]:
        """Names up to a closing ``|`` (the opening one is already consumed)."""
        names = []
        while self.at(T_IDENT):
            names.append(self.next().text)
        if not self.at_binary("|"):
            raise self.error("expected '|' to end the variable declarations, found " + self.peek().describe())
        self.next()
        return names


def describe_closing(kind: int) -> str:
    """How a closing token is named in messages."""
    if kind == T_RBRACK:
        return "']'"
    if kind == T_RBRACE:
        return "'}'"
    return "end of statement"


def parse_source(source: str) -> list[TopLevelItem]:
    """Parse a whole source file (raises ``SmalltalkSyntaxError``)."""
    return Parser(source).parse_file()
