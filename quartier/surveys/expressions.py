"""XLSForm expressions for skip logic (``relevant``) and constraints (``constraint``).

Survey authors write small XPath expressions, as in XLSForm. A hand-written tokenizer and
recursive-descent parser turn them into a tree of frozen dataclasses, which is evaluated
directly — the text never reaches ``eval``. The supported subset:

* ``${name}``, the answer to question ``name`` (a letter or ``_``, then letters, digits,
  ``_ . -``), and ``.``, the answer being checked;
* numbers (``3``, ``2.5``, ``-1``) and texts in single or double quotes (no escapes, as in
  XPath 1.0);
* comparisons ``= != < > <= >=`` (not chained: ``a < b < c`` needs parentheses);
* ``or`` (loosest), ``and``, then comparisons; ``not(…)`` and parentheses;
* ``selected(${q}, 'code')``, ``count-selected(${q})``, ``string-length(${q})`` (each also
  with ``.``), ``true()`` and ``false()``.

Everything else — arithmetic, other functions, paths, predicates, empty or unfinished
text — raises :class:`ExpressionError` with the position and the offending token.

Evaluation follows ODK/Enketo and never raises. An unanswered question is ``''``. If either
side of a comparison is a number, both are compared as numbers, and a side that is no number
(``''`` included) makes every comparison but ``!=`` false; otherwise both are compared as
texts (ISO dates order correctly), and ``''`` is neither less nor greater than anything. A
multiple-choice answer compares as its codes joined by spaces, as XLSForm stores it. A value
used as a condition is true when it is a non-empty text or a non-zero number.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, assert_never

#: An answer: text, choice code or ISO date; a number; the codes of a multiple choice or
#: ranking; None when unanswered.
Value = str | int | float | tuple[str, ...] | None
#: What an expression evaluates to: '' stands for "unanswered".
Atom = bool | int | float | str

CompareOp = Literal["=", "!=", "<", ">", "<=", ">="]
#: Longest first, so that the tokenizer reads "<=" rather than "<".
COMPARE_OPS: tuple[CompareOp, ...] = ("!=", "<=", ">=", "=", "<", ">")
_COMPARE_BY_TEXT: Mapping[str, CompareOp] = {op: op for op in COMPARE_OPS}
#: The functions of the subset and how many arguments each takes.
FUNCTIONS: Mapping[str, int] = {
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "not": 1,
    "true": 0,
    "false": 0,
}
#: Parentheses and calls open at once. Real skip logic nests a few levels; the limit keeps
#: parser and evaluator recursion far below Python's recursion limit on hostile input.
MAX_NESTING = 32


class ExpressionError(Exception):
    """An expression outside the subset: ``detail`` (English, for developers), the 0-based
    ``position`` in the text and the offending ``token`` ('' at the end of the input)."""

    def __init__(self, detail: str, position: int, token: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.position = position
        self.token = token


# --- The tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """``${name}``: the answer to question ``name``."""

    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the answer being checked (in a constraint, the question's own answer)."""


@dataclass(frozen=True)
class Number:
    """A number literal; ``-1`` is ``Number(-1.0)``."""

    value: float


@dataclass(frozen=True)
class Text:
    """A quoted text literal (the quotes are not kept)."""

    value: str


@dataclass(frozen=True)
class Boolean:
    """``true()`` or ``false()``."""

    value: bool


@dataclass(frozen=True)
class Compare:
    left: Expr
    op: CompareOp
    right: Expr


@dataclass(frozen=True)
class And:
    """Two or more operands; n-ary so that long chains do not make deep trees."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """Two or more operands."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    operand: Expr


#: What the choice functions accept as their first argument.
Subject = Ref | Current


@dataclass(frozen=True)
class Selected:
    """``selected(subject, 'code')``."""

    subject: Subject
    code: str


@dataclass(frozen=True)
class CountSelected:
    subject: Subject


@dataclass(frozen=True)
class StringLength:
    subject: Subject


Expr = (
    Ref
    | Current
    | Number
    | Text
    | Boolean
    | Compare
    | And
    | Or
    | Not
    | Selected
    | CountSelected
    | StringLength
)


# --- Tokenizer ---------------------------------------------------------------------------

_Kind = Literal["number", "string", "ref", "dot", "word", "compare", "(", ")", ",", "-", "end"]


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    text: str  # exactly as written, so that position + len(text) is where the next one starts
    position: int


_WHITESPACE = " \t\r\n"  # XPath's whitespace; other characters are refused
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# Wider than the subset (":" for jr:choice-name) so that unsupported functions are named.
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")
_PUNCTUATION: Mapping[str, _Kind] = {"(": "(", ")": ")", ",": ",", "-": "-"}
_ARITHMETIC = "arithmetic (+ - * div mod) is not supported"
#: XPath characters outside the subset, with the reason given to the author.
_REFUSED: Mapping[str, str] = {
    "+": _ARITHMETIC,
    "*": _ARITHMETIC,
    "/": "paths are not supported; refer to questions as ${name}",
    "@": "attributes are not supported",
    "[": "predicates are not supported",
    "]": "predicates are not supported",
    "|": "unions are not supported",
    "!": "use != to compare or not(...) to negate",
}


def _scan(text: str, start: int) -> _Token:
    """The token at ``start`` or after the whitespace there; kind "end" at the end."""
    pos = start
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    if pos == len(text):
        return _Token("end", "", pos)
    char = text[pos]
    if char == "$":
        return _scan_ref(text, pos)
    if char in "'\"":
        return _scan_string(text, pos)
    if number := _NUMBER.match(text, pos):
        return _Token("number", number.group(), pos)
    if char == ".":
        if text.startswith("..", pos):
            raise ExpressionError("parent paths (..) are not supported", pos, "..")
        return _Token("dot", ".", pos)
    if word := _WORD.match(text, pos):
        return _Token("word", word.group(), pos)
    return _scan_symbol(text, pos)


def _scan_ref(text: str, pos: int) -> _Token:
    if not text.startswith("${", pos):
        raise ExpressionError("expected { after $", pos, "$")
    end = text.find("}", pos + 2)
    if end < 0:
        raise ExpressionError("unterminated reference: } is missing", pos, text[pos:])
    token = text[pos : end + 1]
    if token == "${}":
        raise ExpressionError("empty reference", pos, token)
    if not _NAME.fullmatch(token[2:-1]):
        raise ExpressionError("invalid question name in reference", pos, token)
    return _Token("ref", token, pos)


def _scan_string(text: str, pos: int) -> _Token:
    # XPath 1.0 has no escapes: a text simply ends at the next quote of the same kind.
    end = text.find(text[pos], pos + 1)
    if end < 0:
        raise ExpressionError("unterminated string", pos, text[pos:])
    return _Token("string", text[pos : end + 1], pos)


def _scan_symbol(text: str, pos: int) -> _Token:
    if text.startswith("==", pos):
        raise ExpressionError("use = to compare, not ==", pos, "==")
    for op in COMPARE_OPS:
        if text.startswith(op, pos):
            return _Token("compare", op, pos)
    char = text[pos]
    if char in _PUNCTUATION:
        return _Token(_PUNCTUATION[char], char, pos)
    raise ExpressionError(_REFUSED.get(char, "unexpected character"), pos, char)


# --- Parser ------------------------------------------------------------------------------


def parse(text: str) -> Expr:
    """Parse an expression of the subset into a tree; raise ExpressionError otherwise.

    >>> parse("${age} >= 18")
    Compare(left=Ref(name='age'), op='>=', right=Number(value=18.0))
    >>> to_text(parse('not(selected(${fav},"other"))'))
    "not(selected(${fav}, 'other'))"
    >>> try:
    ...     parse("${age} + 1 > 18")
    ... except ExpressionError as err:
    ...     print(err.position, repr(err.token), err.detail)
    7 '+' arithmetic (+ - * div mod) is not supported
    """
    return _Parser(text).parse()


def _error(detail: str, token: _Token) -> ExpressionError:
    return ExpressionError(detail, token.position, token.text)


class _Parser:
    """One pass with one token of lookahead, so errors come in reading order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.token = _scan(text, 0)
        self.nesting = 0

    def advance(self) -> _Token:
        token = self.token
        self.token = _scan(self.text, token.position + len(token.text))
        return token

    def at(self, kind: _Kind) -> bool:
        # A method rather than comparing self.token.kind inline: mypy would keep narrowing
        # the attribute across advance() and call later checks unreachable.
        return self.token.kind == kind

    def at_word(self, *words: str) -> bool:
        return self.at("word") and self.token.text in words

    def expect(self, kind: _Kind, detail: str) -> _Token:
        if self.token.kind != kind:
            raise _error(detail, self.token)
        return self.advance()

    @contextmanager
    def nested(self) -> Iterator[None]:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise _error("expression is nested too deeply", self.token)
        yield
        self.nesting -= 1

    def parse(self) -> Expr:
        if self.at("end"):
            raise _error("empty expression", self.token)
        expr = self.or_expr()
        if self.at(")"):
            raise _error("unmatched )", self.token)
        if not self.at("end"):
            raise _error("expected and, or or a comparison operator here", self.token)
        return expr

    def or_expr(self) -> Expr:
        operands = [self.and_expr()]
        while self.at_word("or"):
            self.advance()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expr(self) -> Expr:
        operands = [self.comparison()]
        while self.at_word("and"):
            self.advance()
            operands.append(self.comparison())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def comparison(self) -> Expr:
        left = self.operand()
        if not self.at("compare"):
            return left
        op = _COMPARE_BY_TEXT[self.advance().text]
        right = self.operand()
        # XPath would read a = b = c as (a = b) = c, which is never what an author means.
        if self.at("compare"):
            raise _error("comparisons cannot be chained; add parentheses", self.token)
        return Compare(left, op, right)

    def operand(self) -> Expr:
        expr = self.unary()
        # Named here; otherwise "${a} - 1" would only be "unexpected text" further up.
        if self.at("-") or self.at_word("div", "mod"):
            raise _error(_ARITHMETIC, self.token)
        return expr

    def unary(self) -> Expr:
        if not self.at("-"):
            return self.primary()
        self.advance()
        if not self.at("number"):
            raise _error("expected a number after -", self.token)
        return Number(-self.number(self.advance()))

    def primary(self) -> Expr:
        match self.token.kind:
            case "number":
                return Number(self.number(self.advance()))
            case "string":
                return Text(self.advance().text[1:-1])
            case "ref":
                return Ref(self.advance().text[2:-1])
            case "dot":
                self.advance()
                return Current()
            case "(":
                return self.group()
            case "word":
                return self.call()
            case "end":
                raise _error("unexpected end of expression", self.token)
        raise _error("expected a value", self.token)

    def number(self, token: _Token) -> float:
        value = float(token.text)
        if not math.isfinite(value):
            raise _error("number is too large", token)
        return value

    def group(self) -> Expr:
        with self.nested():
            self.advance()
            expr = self.or_expr()
            self.expect(")", "expected )")
        return expr

    def call(self) -> Expr:
        name = self.advance()
        if name.text in ("and", "or"):
            raise _error(f"expected a value before {name.text}", name)
        if name.text in ("div", "mod"):
            raise _error(_ARITHMETIC, name)
        if name.text not in FUNCTIONS:
            if self.at("("):
                raise _error(f"unsupported function {name.text}()", name)
            raise _error("bare names are not supported; refer to questions as ${name}", name)
        if not self.at("("):
            raise _error(f"expected ( after {name.text}", self.token)
        with self.nested():
            arguments = self.arguments()
        return _call(name, arguments)

    def arguments(self) -> list[tuple[_Token, Expr]]:
        """The arguments, each with its first token (for errors about it)."""
        self.advance()
        arguments: list[tuple[_Token, Expr]] = []
        if self.at(")"):
            self.advance()
            return arguments
        while True:
            first = self.token
            arguments.append((first, self.or_expr()))
            if not self.at(","):
                break
            self.advance()
        self.expect(")", "expected , or )")
        return arguments


def _call(name: _Token, arguments: list[tuple[_Token, Expr]]) -> Expr:
    arity = FUNCTIONS[name.text]
    if len(arguments) != arity:
        plural = "" if arity == 1 else "s"
        detail = f"{name.text}() takes {arity} argument{plural}, not {len(arguments)}"
        raise _error(detail, name)
    match name.text:
        case "true" | "false":
            return Boolean(name.text == "true")
        case "not":
            return Not(arguments[0][1])
        case "count-selected":
            return CountSelected(_subject(name, arguments[0]))
        case "string-length":
            return StringLength(_subject(name, arguments[0]))
    subject = _subject(name, arguments[0])
    code_token, code = arguments[1]
    if not isinstance(code, Text):
        raise _error("selected() needs a quoted choice code as its second argument", code_token)
    return Selected(subject, code.value)


def _subject(name: _Token, argument: tuple[_Token, Expr]) -> Subject:
    first, expr = argument
    if not isinstance(expr, Ref | Current):
        raise _error(f"{name.text}() needs ${{name}} or . as its first argument", first)
    return expr


# --- Evaluation --------------------------------------------------------------------------


def is_true(expr: Expr, answers: Mapping[str, Value], current: Value = None) -> bool:
    """Whether ``expr`` holds for ``answers``; ``current`` is the answer ``.`` stands for.

    >>> is_true(parse("${age} >= 18"), {"age": 21}), is_true(parse("${age} >= 18"), {})
    (True, False)
    >>> is_true(parse("${name} != ''"), {"name": None})
    False
    >>> is_true(parse("selected(., 'bus') and count-selected(.) <= 3"), {}, ("bike", "bus"))
    True
    """
    return _truthy(evaluate(expr, answers, current))


def evaluate(expr: Expr, answers: Mapping[str, Value], current: Value = None) -> Atom:
    """The value of ``expr``: a boolean, a number or a text ('' when unanswered).

    >>> evaluate(parse("string-length(${q})"), {"q": ("a", "b")})
    3
    """
    match expr:
        case Ref() | Current():
            return _atom(_answer(expr, answers, current))
        case Number() | Text() | Boolean():
            return expr.value
        case Compare():
            left = evaluate(expr.left, answers, current)
            return _compare(left, expr.op, evaluate(expr.right, answers, current))
        case And():
            return all(_truthy(evaluate(e, answers, current)) for e in expr.operands)
        case Or():
            return any(_truthy(evaluate(e, answers, current)) for e in expr.operands)
        case Not():
            return not _truthy(evaluate(expr.operand, answers, current))
        case Selected():
            return _selected(_answer(expr.subject, answers, current), expr.code)
        case CountSelected():
            return _count_selected(_answer(expr.subject, answers, current))
        case StringLength():
            return len(_text(_atom(_answer(expr.subject, answers, current))))
        case _:
            assert_never(expr)


def _answer(subject: Subject, answers: Mapping[str, Value], current: Value) -> Value:
    return answers.get(subject.name) if isinstance(subject, Ref) else current


def _atom(answer: object) -> Atom:
    """An answer as XPath sees it; typed as object because callers' data is not trusted."""
    if answer is None:
        return ""
    if isinstance(answer, bool | int | float | str):
        return answer
    if isinstance(answer, tuple | list):
        # XLSForm stores a multiple choice as its codes separated by spaces.
        return " ".join(str(code) for code in answer)
    return ""


def _truthy(atom: Atom) -> bool:
    if isinstance(atom, str):
        return atom != ""
    return bool(atom == atom and atom != 0)  # NaN (atom != atom) is false, as in XPath


_NUMERIC_TEXT = re.compile(r"[ \t\r\n]*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t\r\n]*")


def _to_number(atom: Atom) -> float:
    # XPath's number(): plain decimals only, so "1e3", "inf" or "1_0" are NaN, not numbers.
    if isinstance(atom, str):
        return float(atom) if _NUMERIC_TEXT.fullmatch(atom) else math.nan
    return atom


_OPERATORS: Mapping[CompareOp, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _compare(left: Atom, op: CompareOp, right: Atom) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        if op in ("=", "!="):
            return (_truthy(left) == _truthy(right)) == (op == "=")
        return bool(_OPERATORS[op](_to_number(left), _to_number(right)))
    if isinstance(left, str) and isinstance(right, str):
        # '' is no number for XPath's < and >, so an unanswered question never orders.
        if op not in ("=", "!=") and not (left and right):
            return False
        return bool(_OPERATORS[op](left, right))
    # A number on either side: compare numerically; NaN makes all but != false.
    return bool(_OPERATORS[op](_to_number(left), _to_number(right)))


def _selected(answer: Value, code: str) -> bool:
    if isinstance(answer, tuple | list):
        return code in (str(item) for item in answer)
    text = _text(_atom(answer))
    return code in text.split() or (code != "" and text == code)


def _count_selected(answer: Value) -> int:
    if isinstance(answer, tuple | list):
        return len(answer)
    return len(_text(_atom(answer)).split())


def _text(atom: Atom) -> str:
    """XPath's string(): 'true'/'false', numbers without exponent or a trailing '.0'."""
    if isinstance(atom, str):
        return atom
    if isinstance(atom, bool):
        return "true" if atom else "false"
    if isinstance(atom, int):
        try:
            return str(atom)
        except ValueError:  # beyond Python's int-to-str digit limit
            return "Infinity" if atom > 0 else "-Infinity"
    if math.isnan(atom):
        return "NaN"
    if math.isinf(atom):
        return "Infinity" if atom > 0 else "-Infinity"
    return _decimal(atom)


def _decimal(number: float) -> str:
    """A finite number in plain decimal notation, which parses back to the same float."""
    if number == 0:
        return "0"  # also for -0.0
    text = repr(float(number))
    if "e" in text:
        text = format(Decimal(text), "f")
    return text.removesuffix(".0")


# --- Inspection --------------------------------------------------------------------------


def references(expr: Expr) -> frozenset[str]:
    """The question names used as ``${name}`` in ``expr``.

    >>> sorted(references(parse("${a} = 'x' or (${b} > 2 and selected(${c}, 'y'))")))
    ['a', 'b', 'c']
    """
    names: set[str] = set()
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, Ref):
            names.add(node.name)
        pending.extend(_children(node))
    return frozenset(names)


def _children(expr: Expr) -> tuple[Expr, ...]:
    match expr:
        case Compare():
            return (expr.left, expr.right)
        case And() | Or():
            return expr.operands
        case Not():
            return (expr.operand,)
        case Selected() | CountSelected() | StringLength():
            return (expr.subject,)
    return ()


def to_text(expr: Expr) -> str:
    """Canonical text of ``expr``: single quotes, spaces around operators, parentheses only
    where needed. ``parse(to_text(e)) == e`` for every tree ``parse`` returns; a number that
    is not finite or a text with both kinds of quote cannot be written (ValueError).

    >>> to_text(parse(".>=0 and(.<120)"))
    '. >= 0 and . < 120'
    """
    match expr:
        case Ref():
            return "${" + expr.name + "}"
        case Current():
            return "."
        case Number():
            if not math.isfinite(expr.value):
                raise ValueError(f"{expr.value} cannot be written as an XPath number")
            return _decimal(expr.value)
        case Text():
            return _quote(expr.value)
        case Boolean():
            return "true()" if expr.value else "false()"
        case Compare():
            left, right = _grouped(expr.left, _LOOSER), _grouped(expr.right, _LOOSER)
            return f"{left} {expr.op} {right}"
        case And():
            return " and ".join(_grouped(e, (And, Or)) for e in expr.operands)
        case Or():
            return " or ".join(_grouped(e, (Or,)) for e in expr.operands)
        case Not():
            return f"not({to_text(expr.operand)})"
        case Selected():
            return f"selected({to_text(expr.subject)}, {_quote(expr.code)})"
        case CountSelected():
            return f"count-selected({to_text(expr.subject)})"
        case StringLength():
            return f"string-length({to_text(expr.subject)})"
        case _:
            assert_never(expr)


#: Operands of a comparison that need parentheses (comparisons do not chain).
_LOOSER: tuple[type, ...] = (Compare, And, Or)


def _grouped(expr: Expr, looser: tuple[type, ...]) -> str:
    text = to_text(expr)
    return f"({text})" if isinstance(expr, looser) else text


def _quote(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    raise ValueError("XPath 1.0 cannot write a text containing both ' and \"")
