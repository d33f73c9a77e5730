"""XLSForm expressions: parsing, refusals with position and token, ODK-like evaluation."""

import math
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quartier.surveys.expressions import (
    MAX_NESTING,
    And,
    Boolean,
    Compare,
    CountSelected,
    Current,
    ExpressionError,
    Not,
    Number,
    Or,
    Ref,
    Selected,
    StringLength,
    Text,
    evaluate,
    is_true,
    parse,
    references,
    to_text,
)


def holds(text, answers=None, current=None):
    return is_true(parse(text), answers or {}, current)


# --- Parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("${age} >= 18", Compare(Ref("age"), ">=", Number(18.0))),
        (
            ". > 0 and . < 120",
            And((Compare(Current(), ">", Number(0.0)), Compare(Current(), "<", Number(120.0)))),
        ),
        ("selected(${likes_pizza}, 'yes')", Selected(Ref("likes_pizza"), "yes")),
        ("not(selected(${fav}, 'other'))", Not(Selected(Ref("fav"), "other"))),
        ("${name} != ''", Compare(Ref("name"), "!=", Text(""))),
        ("count-selected(.) <= 3", Compare(CountSelected(Current()), "<=", Number(3.0))),
        ("string-length(.) <= 200", Compare(StringLength(Current()), "<=", Number(200.0))),
        (
            "${a} = 'x' or (${b} > 2 and ${c} != 'y')",
            Or(
                (
                    Compare(Ref("a"), "=", Text("x")),
                    And((Compare(Ref("b"), ">", Number(2.0)), Compare(Ref("c"), "!=", Text("y")))),
                )
            ),
        ),
        (".>=0", Compare(Current(), ">=", Number(0.0))),
        ('${a}="x y"', Compare(Ref("a"), "=", Text("x y"))),
        ('${a} = "it\'s"', Compare(Ref("a"), "=", Text("it's"))),
        ("${q.1-b_} < -2.5", Compare(Ref("q.1-b_"), "<", Number(-2.5))),
        ("- 1 = .5", Compare(Number(-1.0), "=", Number(0.5))),
        ("true() and not(false())", And((Boolean(True), Not(Boolean(False))))),
        ("selected(., 'a')", Selected(Current(), "a")),
        ("((${a}))", Ref("a")),
        ("\t${a}\n", Ref("a")),
        ("'x' = ${a}", Compare(Text("x"), "=", Ref("a"))),
        (
            "(${a} > 1) = (${b} > 1)",
            Compare(Compare(Ref("a"), ">", Number(1.0)), "=", Compare(Ref("b"), ">", Number(1.0))),
        ),
    ],
)
def test_parse_builds_the_tree(text, tree):
    assert parse(text) == tree
    assert parse(to_text(tree)) == tree


def test_precedence_is_or_then_and_then_comparison():
    assert parse("${a} or ${b} and ${c}") == Or((Ref("a"), And((Ref("b"), Ref("c")))))
    assert parse("${a} and ${b} or ${c}") == Or((And((Ref("a"), Ref("b"))), Ref("c")))
    assert parse("${a} = 1 and ${b}") == And((Compare(Ref("a"), "=", Number(1.0)), Ref("b")))
    assert parse("${a} and ${b} and ${c}") == And((Ref("a"), Ref("b"), Ref("c")))


def test_to_text_is_canonical_and_keeps_needed_parentheses():
    assert to_text(parse(".>=0 and(.<120)")) == ". >= 0 and . < 120"
    assert to_text(parse('${a}="x"')) == "${a} = 'x'"
    assert to_text(parse("${a} and (${b} and ${c})")) == "${a} and (${b} and ${c})"
    assert to_text(parse("(${a} or ${b}) and ${c}")) == "(${a} or ${b}) and ${c}"
    assert to_text(Number(1e16)) == "10000000000000000"
    assert to_text(Number(1.5e-7)) == "0.00000015"
    assert to_text(Number(-0.0)) == "0"
    with pytest.raises(ValueError):
        to_text(Text("both ' and \""))
    with pytest.raises(ValueError):
        to_text(Number(math.inf))


def test_references_lists_every_name_once():
    assert references(parse("${a} = 'x' or (${b} > 2 and ${a} != 'y')")) == {"a", "b"}
    choices = parse("selected(${m}, 'x') and count-selected(${n}) > string-length(.)")
    assert references(choices) == {"m", "n"}
    assert references(parse(". > 0")) == frozenset()


# --- Refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "token", "detail"),
    [
        ("", 0, "", "empty"),
        ("   ", 3, "", "empty"),
        ("${age} + 1", 7, "+", "arithmetic"),
        ("${a} * 2", 5, "*", "arithmetic"),
        ("${a} div 2", 5, "div", "arithmetic"),
        ("${a} mod 2", 5, "mod", "arithmetic"),
        ("${a} - 1", 5, "-", "arithmetic"),
        ("${a}-1", 4, "-", "arithmetic"),
        ("regex(., '[0-9]+')", 0, "regex", "unsupported function"),
        ("if(${a} > 1, 'x', 'y')", 0, "if", "unsupported function"),
        ("concat(${a}, 'x') = 'y'", 0, "concat", "unsupported function"),
        ("today() > ${d}", 0, "today", "unsupported function"),
        ("pulldata('f', 'c', 'k', 'v')", 0, "pulldata", "unsupported function"),
        ("coalesce(${a}, 0)", 0, "coalesce", "unsupported function"),
        ("jr:choice-name(${a}, '${a}')", 0, "jr:choice-name", "unsupported function"),
        ("${a} = 1 or position(..) = 2", 12, "position", "unsupported function"),
        ("/data/x = 1", 0, "/", "paths"),
        ("../x = 1", 0, "..", "paths"),
        ("x = 1", 0, "x", "bare names"),
        ("${} = 1", 0, "${}", "empty reference"),
        ("${a b} = 1", 0, "${a b}", "invalid"),
        ("${1a} = 1", 0, "${1a}", "invalid"),
        ("${a = 1", 0, "${a = 1", "unterminated reference"),
        ("$a = 1", 0, "$", "expected {"),
        ("${a} = 'abc", 7, "'abc", "unterminated string"),
        ('${a} = "abc', 7, '"abc', "unterminated string"),
        ("${a} = 'x\"", 7, "'x\"", "unterminated string"),
        ("${a} = 1 ${b}", 9, "${b}", "expected and, or"),
        ("${a} = 1e5", 8, "e5", "expected and, or"),
        ("${a} = 1)", 8, ")", "unmatched"),
        ("(${a} = 1", 9, "", "expected )"),
        ("${a} =", 6, "", "end of expression"),
        ("${a} and", 8, "", "end of expression"),
        ("and ${a}", 0, "and", "before and"),
        ("${a} = = 1", 7, "=", "expected a value"),
        ("${a} == 1", 5, "==", "=="),
        ("${a} < ${b} < ${c}", 12, "<", "chained"),
        ("selected(${a})", 0, "selected", "takes 2 arguments, not 1"),
        ("selected(${a}, 'x', 'y')", 0, "selected", "takes 2 arguments, not 3"),
        ("count-selected()", 0, "count-selected", "takes 1 argument, not 0"),
        ("string-length(${a}, ${b})", 0, "string-length", "takes 1 argument, not 2"),
        ("not()", 0, "not", "takes 1 argument"),
        ("true(1)", 0, "true", "takes 0 arguments"),
        ("not ${a}", 4, "${a}", "expected ( after not"),
        ("selected('x', ${a})", 9, "'x'", "first argument"),
        ("selected(${a}, ${b})", 15, "${b}", "quoted choice code"),
        ("string-length('abc') > 2", 14, "'abc'", "first argument"),
        ("count-selected(${a} and ${b})", 15, "${a}", "first argument"),
        ("selected(${a} 'x')", 14, "'x'", "expected , or )"),
        ("-${a} > 1", 1, "${a}", "number after -"),
        ("--1 = ${a}", 1, "-", "number after -"),
        ("${a}[1] = 'x'", 4, "[", "predicates"),
        ("${a} | ${b}", 5, "|", "unions"),
        ("@id = 'x'", 0, "@", "attributes"),
        ("!${a}", 0, "!", "not(...)"),
        ("${a} \uff1d 1", 5, "\uff1d", "unexpected character"),
        ("${a} = \u0663", 7, "\u0663", "unexpected character"),
        ("1" * 400 + " > .", 0, "1" * 400, "too large"),
        ("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1), MAX_NESTING, "(", "nested"),
    ],
)
def test_refused_expressions_name_position_and_token(text, position, token, detail):
    with pytest.raises(ExpressionError) as err:
        parse(text)
    assert (err.value.position, err.value.token) == (position, token)
    assert detail in err.value.detail
    assert str(err.value) == err.value.detail


def test_nesting_up_to_the_limit_is_accepted():
    depth = MAX_NESTING
    assert parse("(" * depth + "${a}" + ")" * depth) == Ref("a")
    assert parse("not(" * depth + "${a}" + ")" * depth) is not None


# --- Evaluation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("${age} >= 18", {"age": 18}, True),
        ("${age} >= 18", {"age": 17}, False),
        ("${age} >= 18", {"age": 18.5}, True),
        ("${age} >= 18", {"age": "21"}, True),  # a text compared with a number literal
        ("${age} >= 18", {}, False),
        ("${age} < 18", {}, False),  # unanswered is no number: neither side of 18
        ("${age} = 18", {"age": None}, False),
        ("${age} != 18", {"age": None}, True),
        ("${age} = '18'", {"age": 18}, True),  # a numeric answer compares numerically
        ("${age} = '18.0'", {"age": 18}, True),
        ("${age} > 2", {"age": "abc"}, False),
        ("${age} != 2", {"age": "abc"}, True),
        ("${age} > -1", {"age": "1e3"}, False),  # XPath numbers have no exponent
        ("${age} > 0", {"age": " 3 "}, True),
        ("${a} = ${b}", {"a": 2, "b": 2.0}, True),
        ("${a} < ${b}", {"a": "10", "b": "9"}, True),  # two texts compare as texts
        ("${a} < ${b}", {"a": 10, "b": "9"}, False),  # one number: numerically
        ("${name} != ''", {"name": "Ada"}, True),
        ("${name} != ''", {"name": ""}, False),
        ("${name} != ''", {"name": None}, False),
        ("${name} != ''", {}, False),
        ("${name} = ''", {}, True),
        ("${name} = ''", {"name": ()}, True),
        ("${name} = ''", {"name": 0}, False),
        ("${name} = 'Ada'", {"name": "Ada"}, True),
        ('${name} = "Ada"', {"name": "ada"}, False),
        ("${d} >= '2024-01-01'", {"d": "2024-03-05"}, True),
        ("${d} < '2024-01-01'", {"d": "2023-12-31"}, True),
        ("${d} < '2024-01-01'", {}, False),
        ("${d} > '2024-01-01'", {}, False),
        ("${start} <= ${end}", {"start": "2024-01-01", "end": "2024-01-02"}, True),
        ("${m} = 'a b'", {"m": ("a", "b")}, True),
        ("${m} = 'a'", {"m": ("a", "b")}, False),
        ("${m} = 'a'", {"m": ("a",)}, True),
        ("${a} = 'x' or (${b} > 2 and ${c} != 'y')", {"a": "x"}, True),
        ("${a} = 'x' or (${b} > 2 and ${c} != 'y')", {"b": 3, "c": "z"}, True),
        ("${a} = 'x' or (${b} > 2 and ${c} != 'y')", {"b": 3, "c": "y"}, False),
        ("${a} = 'x' or (${b} > 2 and ${c} != 'y')", {"b": 2, "c": "z"}, False),
        ("not(${a} = 'x')", {"a": "x"}, False),
        ("not(${a} = 'x')", {}, True),
        ("true()", {}, True),
        ("false() or true() and true()", {}, True),
        ("(false() or true()) and false()", {}, False),
    ],
)
def test_comparisons_and_logic(text, answers, expected):
    assert holds(text, answers) is expected


@pytest.mark.parametrize(
    ("answer", "code", "expected"),
    [
        (("pizza", "pasta"), "pizza", True),
        (("pizza", "pasta"), "sushi", False),
        ((), "pizza", False),
        (None, "pizza", False),
        ("yes", "yes", True),
        ("no", "yes", False),
        ("pizza pasta", "pasta", True),  # a stored text "a b c"
        ("pizza pasta", "pizza pasta", True),
        ("", "", False),
        (3, "3", True),
        (2.0, "2", True),
    ],
)
def test_selected(answer, code, expected):
    assert is_true(Selected(Ref("q"), code), {"q": answer}) is expected
    assert is_true(Selected(Current(), code), {}, answer) is expected


def test_real_world_selected_expressions():
    assert holds("selected(${likes_pizza}, 'yes')", {"likes_pizza": "yes"})
    assert not holds("selected(${likes_pizza}, 'yes')", {"likes_pizza": "no"})
    assert not holds("selected(${likes_pizza}, 'yes')", {})
    assert holds("not(selected(${fav}, 'other'))", {"fav": ("red", "blue")})
    assert not holds("not(selected(${fav}, 'other'))", {"fav": ("red", "other")})
    assert holds("not(selected(${fav}, 'other'))", {})


@pytest.mark.parametrize(
    ("answer", "count", "length"),
    [
        (None, 0, 0),
        ((), 0, 0),
        ("", 0, 0),
        (("a",), 1, 1),
        (("a", "bb", "c"), 3, 6),  # length of "a bb c", as XLSForm stores it
        ("a bb c", 3, 6),
        ("Grüße", 1, 5),
        (42, 1, 2),
        (2.5, 1, 3),
        (2.0, 1, 1),  # XPath writes 2, not 2.0
        (-7, 1, 2),
    ],
)
def test_count_selected_and_string_length(answer, count, length):
    assert evaluate(CountSelected(Current()), {}, answer) == count
    assert evaluate(StringLength(Ref("q")), {"q": answer}) == length


def test_count_and_length_limits_on_the_current_answer():
    assert holds("count-selected(.) <= 3", current=("a", "b", "c"))
    assert not holds("count-selected(.) <= 3", current=("a", "b", "c", "d"))
    assert holds("count-selected(.) <= 3", current=None)
    assert holds("string-length(.) <= 200", current="x" * 200)
    assert not holds("string-length(.) <= 200", current="x" * 201)
    assert holds("string-length(.) <= 200")


def test_current_answer():
    assert holds(". > 0 and . < 120", current=35)
    assert not holds(". > 0 and . < 120", current=120)
    assert not holds(". > 0 and . < 120", current=None)
    assert holds(".>=0", current=0)
    assert not holds(".>=0", current=-0.5)
    assert holds(". = 'yes'", {"yes": "no"}, current="yes")  # . is not looked up by name


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("${a}", {"a": "x"}, True),
        ("${a}", {"a": ""}, False),
        ("${a}", {}, False),
        ("${a}", {"a": 0}, False),
        ("${a}", {"a": 0.0}, False),
        ("${a}", {"a": math.nan}, False),
        ("${a}", {"a": -1}, True),
        ("${a}", {"a": "0"}, True),  # a non-empty text
        ("${a}", {"a": ("x",)}, True),
        ("${a}", {"a": ()}, False),
        ("1", {}, True),
        ("0", {}, False),
        ("''", {}, False),
        ("'no'", {}, True),
        ("${a} and ${b}", {"a": 1, "b": "x"}, True),
        ("${a} or ${b}", {}, False),
    ],
)
def test_bare_values_as_conditions(text, answers, expected):
    assert holds(text, answers) is expected


def test_booleans_compare_as_booleans():
    assert holds("selected(${a}, 'x') = true()", {"a": "x"})
    assert holds("(${a} > 1) = (${b} > 1)", {"a": 0, "b": 1})
    assert holds("true() = 'yes'")  # a non-empty text is true
    assert holds("true() > 0")  # true is 1 for < and >
    assert not holds("false() = 1")


def test_evaluate_returns_xpath_values():
    assert evaluate(parse("${a}"), {"a": ("x", "y")}) == "x y"
    assert evaluate(parse("${a}"), {}) == ""
    assert evaluate(parse("-2.5"), {}) == -2.5
    assert evaluate(parse("${a} = 1"), {"a": 1}) is True


def test_odd_answer_values_do_not_raise():
    huge = 10**5000  # beyond Python's int-to-str limit
    assert holds("${a} > 1", {"a": huge})
    assert holds("string-length(${a}) = 8", {"a": huge})  # "Infinity"
    assert holds("${a} > 1", {"a": math.inf})
    assert not holds("${a} = ${a}", {"a": math.nan})
    assert holds("string-length(${a}) = 3", {"a": math.nan})
    assert not holds("${a} = 1", {"a": [1, 2]})
    assert not holds("${a} = 1", {"a": object()})


# --- Properties --------------------------------------------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,8}", fullmatch=True)
subjects = st.one_of(st.builds(Ref, names), st.just(Current()))
# A text with both kinds of quote cannot be written in XPath 1.0, so parse never makes one.
texts = st.text(max_size=8).filter(lambda t: "'" not in t or '"' not in t)
leaves = st.one_of(
    subjects,
    st.builds(Number, st.floats(allow_nan=False, allow_infinity=False)),
    st.builds(Text, texts),
    st.builds(Boolean, st.booleans()),
    st.builds(Selected, subjects, texts),
    st.builds(CountSelected, subjects),
    st.builds(StringLength, subjects),
)
ops = st.sampled_from(["=", "!=", "<", ">", "<=", ">="])


def _extend(children):
    operands = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(
        st.builds(Compare, children, ops, children),
        st.builds(And, operands),
        st.builds(Or, operands),
        st.builds(Not, children),
    )


trees = st.recursive(leaves, _extend, max_leaves=20)


def _depth(expr):
    children = {
        Compare: lambda e: (e.left, e.right),
        And: lambda e: e.operands,
        Or: lambda e: e.operands,
        Not: lambda e: (e.operand,),
    }.get(type(expr), lambda e: ())(expr)
    return 1 + max((_depth(c) for c in children), default=0)


@given(trees)
def test_to_text_round_trips_through_parse(tree):
    assume(_depth(tree) <= MAX_NESTING)
    text = to_text(tree)
    assert parse(text) == tree
    assert to_text(parse(text)) == text


answers_values = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.sampled_from(["", "0", "2", "-1.5", " 7 ", "2024-01-01", "a b", "yes"]),
    st.integers(),
    st.floats(),
    st.lists(st.text(max_size=5), max_size=4).map(tuple),
)
answer_maps = st.dictionaries(
    st.one_of(names, st.sampled_from(["a", "b", "q"])), answers_values, max_size=6
)


@given(trees, answer_maps, answers_values)
def test_is_true_never_raises_and_returns_a_bool(tree, answers, current):
    result = is_true(tree, answers, current)
    assert isinstance(result, bool)
    assert is_true(Not(tree), answers, current) is not result


@given(trees)
def test_references_are_the_refs_in_the_text(tree):
    assume(_depth(tree) <= MAX_NESTING)
    expected = set(re.findall(r"\$\{([^}]*)\}", _without_texts(to_text(tree))))
    assert references(tree) == expected


def _without_texts(text):
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)


grammar_fragments = st.sampled_from(
    ["${a}", "${", "}", ".", "..", "'", '"', "(", ")", ",", "-", "=", "!=", "<", ">=", " ",
     "and", "or", "not", "selected", "count-selected", "string-length", "true()", "1", "2.5",
     "'x'", "div", "+", "/", "$", "[", "concat", "\n"]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(grammar_fragments, max_size=15).map("".join)))
def test_parse_returns_a_tree_or_raises_expression_error(text):
    try:
        tree = parse(text)
    except ExpressionError as err:
        assert 0 <= err.position <= len(text)
        assert text.startswith(err.token, err.position)
        assert err.detail
    else:
        assert parse(to_text(tree)) == tree
