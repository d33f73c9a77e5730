"""Editing a survey in the builder: a working copy as plain data, and the edits on it.

The builder edits a *working copy* — the survey's definition as JSON-like dicts and
lists (what :meth:`SurveyDefinition.to_json` writes), where every page and question
also carries a stable ``id`` (``p1``, ``q3`` …) so that the screen can follow it while
it is renamed or moved. The edits below change a copy in place; nothing reaches the
database until :func:`definition_from_copy` turns the copy back into a checked
:class:`SurveyDefinition` for ``store.save_definition``.

A page here is a group of questions shown together; a page without questions is kept
in the copy (so that questions can be moved onto it) but dropped when saving.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from quartier.errors import ValidationError
from quartier.i18n import LANGUAGES
from quartier.storage import Database
from quartier.surveys.expressions import Compare, Ref, Selected, Text, to_text
from quartier.surveys.model import (
    NAME_PATTERN,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
    check_definition,
    definition_from_dict,
)

#: A working copy: see the module docstring.
Copy = dict[str, Any]

QUESTION_BASE = "frage"
PAGE_BASE = "seite"


# --- Copy <-> definition -------------------------------------------------------------


def working_copy(definition: SurveyDefinition) -> Copy:
    """The definition as an editable copy with ids on pages and questions.

    >>> c = working_copy(new_definition("Umfrage", "Wie alt sind Sie?"))
    >>> [(p["id"], [q["id"] for q in p["questions"]]) for p in c["pages"]]
    [('p1', ['q2'])]
    """
    data: Copy = json.loads(definition.to_json())
    data["next_id"] = 1
    for page in data["pages"]:
        page["id"] = _next_id(data, "p")
        for question in page["questions"]:
            question["id"] = _next_id(data, "q")
    return data


def content(data: Copy) -> dict[str, Any]:
    """What saving the copy would store, in the form of :meth:`SurveyDefinition.to_json`
    (unchecked): no ids, no empty pages or blank choice rows, texts trimmed and only
    in the survey's languages. Equal contents mean "nothing to save".

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> d = working_copy(new_definition("Umfrage", "Frage"))
    >>> questions(d)[0]["hint"]["de"] = " "
    >>> add_page(d) and content(c) == content(d)
    True
    >>> questions(d)[0]["name"] = "frage_a"
    >>> content(c) == content(d)
    False
    """
    languages = [str(code) for code in data["languages"]]
    pages = [
        {
            "name": str(page["name"]).strip(),
            "label": _texts(page["label"], languages),
            "relevant": str(page.get("relevant", "")).strip(),
            "questions": [_question_content(q, languages) for q in page["questions"]],
        }
        for page in data["pages"]
        if page["questions"]
    ]
    return {
        "title": _texts(data["title"], languages),
        "description": _texts(data.get("description", {}), languages),
        "default_language": str(data["default_language"]),
        "languages": languages,
        "pages": pages,
    }


def _question_content(q: Mapping[str, Any], languages: Sequence[str]) -> dict[str, Any]:
    qtype = QuestionType(q["type"])
    choices = []
    if qtype.has_choices:
        for row in q.get("choices", []):
            code, label = (
                str(row.get("name") or "").strip(),
                _texts(row.get("label", {}), languages),
            )
            if code or label:
                choices.append({"name": code, "label": label})
    return {
        "name": str(q["name"]).strip(),
        "type": qtype.value,
        "label": _texts(q["label"], languages),
        "hint": _texts(q.get("hint", {}), languages),
        "required": bool(q.get("required")) and qtype.is_answerable,
        "relevant": str(q.get("relevant", "")).strip(),
        "constraint": str(q.get("constraint", "")).strip() if qtype.is_answerable else "",
        "constraint_message": _texts(q.get("constraint_message", {}), languages),
        "choices": choices,
    }


def definition_from_copy(data: Copy) -> SurveyDefinition:
    """The checked definition the copy describes (its :func:`content`).

    Raises ValidationError (``field`` is the question's name where there is one) for a
    bad page name, a choice row without code or without text in the default language,
    and for everything :func:`check_definition` refuses.

    >>> c = working_copy(new_definition("Umfrage", "Wie alt sind Sie?"))
    >>> q = questions(c)[0]
    >>> q["type"], q["label"]["en"] = "select_one", "How old are you?"
    >>> q["choices"] = [{"name": "jung", "label": {"de": "jung"}}, {"name": "", "label": {}}]
    >>> definition_from_copy(c).question("frage_1").choices
    (Choice(name='jung', label={'de': 'jung'}),)
    >>> q["choices"].append({"name": "alt", "label": {"en": "old"}})
    >>> try:
    ...     definition_from_copy(c)
    ... except ValidationError as exc:
    ...     print(exc.key, exc.field, exc.params["row"])
    builder.error_choice_label frage_1 2
    """
    saved = content(data)
    default = saved["default_language"]
    for page in saved["pages"]:
        if page["name"] and not NAME_PATTERN.fullmatch(page["name"]):
            raise ValidationError(
                "builder.error_page_name", field=page["questions"][0]["name"], page=page["name"]
            )
        for q in page["questions"]:
            _check_choices(q["name"], q["choices"], default)
    definition = definition_from_dict(saved)
    check_definition(definition)
    return definition


def _texts(texts: Mapping[str, Any], languages: Sequence[str]) -> dict[str, str]:
    """Only the survey's languages, trimmed, without empty texts.

    >>> _texts({"de": " Ja ", "en": "", "tr": "Evet"}, ("de", "en"))
    {'de': 'Ja'}
    """
    cleaned = {code: str(texts.get(code) or "").strip() for code in languages}
    return {code: text for code, text in cleaned.items() if text}


def _check_choices(question: str, choices: Sequence[Mapping[str, Any]], default: str) -> None:
    """Every choice has a code and a text in the default language; rows are numbered as
    the coordinator sees them (from 1)."""
    for row, choice in enumerate(choices, start=1):
        if not choice["name"]:
            raise ValidationError(
                "builder.error_choice_code", field=question, name=question, row=row
            )
        if not choice["label"].get(default):
            raise ValidationError(
                "builder.error_choice_label",
                field=question,
                name=question,
                row=row,
                choice=choice["name"],
                language=LANGUAGES[default].native_name if default in LANGUAGES else default,
            )


def new_definition(title: str, first_question: str, language: str = "de") -> SurveyDefinition:
    """A new survey in one language with one short-text question to start from.

    Raises ValidationError when the title or the question's text is missing.

    >>> d = new_definition(" Sommerfest 2026 ", "Was wünschen Sie sich?")
    >>> d.title, [(q.name, q.type.value, q.label) for q in d.questions()]
    ({'de': 'Sommerfest 2026'}, [('frage_1', 'text', {'de': 'Was wünschen Sie sich?'})])
    """
    if not title.strip():
        raise ValidationError("errors.survey_title_missing", field="title")
    if not first_question.strip():
        raise ValidationError("builder.error_first_question", field="first_question")
    definition = SurveyDefinition(
        title={language: title.strip()},
        default_language=language,
        languages=(language,),
        pages=(
            Page(
                name="",
                label={},
                questions=(
                    Question(
                        name=f"{QUESTION_BASE}_1",
                        type=QuestionType.TEXT,
                        label={language: first_question.strip()},
                    ),
                ),
            ),
        ),
    )
    check_definition(definition)
    return definition


# --- Finding things ------------------------------------------------------------------


def questions(data: Copy) -> list[dict[str, Any]]:
    """All questions of the copy in order (the dicts themselves, to edit)."""
    return [q for page in data["pages"] for q in page["questions"]]


def locate(data: Copy, question_id: str) -> tuple[int, int]:
    """(page index, index on the page) of a question; KeyError if there is none."""
    for p, page in enumerate(data["pages"]):
        for i, q in enumerate(page["questions"]):
            if q["id"] == question_id:
                return p, i
    raise KeyError(question_id)


def question(data: Copy, question_id: str) -> dict[str, Any]:
    p, i = locate(data, question_id)
    question_dict: dict[str, Any] = data["pages"][p]["questions"][i]
    return question_dict


def page_of(data: Copy, question_id: str) -> dict[str, Any]:
    page: dict[str, Any] = data["pages"][locate(data, question_id)[0]]
    return page


def earlier_questions(data: Copy, question_id: str) -> list[dict[str, Any]]:
    """The questions before ``question_id`` — the ones its skip logic may refer to."""
    before: list[dict[str, Any]] = []
    for q in questions(data):
        if q["id"] == question_id:
            return before
        before.append(q)
    raise KeyError(question_id)


def unique_name(data: Copy, base: str = QUESTION_BASE) -> str:
    """``base_N`` with the smallest N no question uses yet.

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> unique_name(c)
    'frage_2'
    """
    taken = {str(q["name"]) for q in questions(data)} | {str(p["name"]) for p in data["pages"]}
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def _next_id(data: Copy, prefix: str) -> str:
    number = int(data.get("next_id", 1))
    data["next_id"] = number + 1
    return f"{prefix}{number}"


# --- Questions -----------------------------------------------------------------------


def add_question(data: Copy, qtype: QuestionType, *, after: str | None = None) -> str:
    """Insert a new question of ``qtype`` after question ``after`` (on its page), else
    at the end; returns its id. Its text is left for the coordinator to write.

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> new = add_question(c, QuestionType.SELECT_ONE)
    >>> [(q["id"], q["name"], q["type"]) for q in questions(c)]
    [('q2', 'frage_1', 'text'), ('q3', 'frage_2', 'select_one')]
    """
    new: dict[str, Any] = {
        "id": _next_id(data, "q"),
        "name": unique_name(data),
        "type": qtype.value,
        "label": {},
        "hint": {},
        "required": False,
        "relevant": "",
        "constraint": "",
        "constraint_message": {},
        "choices": [],
    }
    if not data["pages"]:
        data["pages"].append(_new_page(data, ""))
    if after is None:
        data["pages"][-1]["questions"].append(new)
    else:
        p, i = locate(data, after)
        data["pages"][p]["questions"].insert(i + 1, new)
    return str(new["id"])


def delete_question(data: Copy, question_id: str) -> None:
    """Remove a question (its page stays, empty pages are dropped when saving)."""
    p, i = locate(data, question_id)
    del data["pages"][p]["questions"][i]


def move_question(data: Copy, question_id: str, step: int) -> bool:
    """Move a question one place up (``step=-1``) or down (``+1``); returns whether it moved.

    At the edge of its page it crosses onto the neighbouring page (last question there
    when moving up, first when moving down); at the edge of the survey it stays.

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> second = add_question(c, QuestionType.TEXT)
    >>> page = add_page(c)
    >>> move_question(c, second, +1), [len(p["questions"]) for p in c["pages"]]
    (True, [1, 1])
    >>> move_question(c, second, +1), move_question(c, second, -1)
    (False, True)
    >>> [q["id"] for q in questions(c)], [len(p["questions"]) for p in c["pages"]]
    (['q2', 'q3'], [2, 0])
    >>> move_question(c, second, -1), [q["id"] for q in questions(c)]
    (True, ['q3', 'q2'])
    """
    if step not in (-1, 1):
        raise ValueError(step)
    p, i = locate(data, question_id)
    pages = data["pages"]
    items = pages[p]["questions"]
    target = i + step
    if 0 <= target < len(items):
        items[i], items[target] = items[target], items[i]
        return True
    neighbour = p + step
    if not 0 <= neighbour < len(pages):
        return False
    moved = items.pop(i)
    if step < 0:
        pages[neighbour]["questions"].append(moved)
    else:
        pages[neighbour]["questions"].insert(0, moved)
    return True


def set_page(data: Copy, question_id: str, page_id: str) -> None:
    """Put a question at the end of page ``page_id`` (nothing happens if it is there)."""
    p, i = locate(data, question_id)
    if data["pages"][p]["id"] == page_id:
        return
    target = next(page for page in data["pages"] if page["id"] == page_id)
    target["questions"].append(data["pages"][p]["questions"].pop(i))


def rename_question(data: Copy, question_id: str, new_name: str) -> None:
    """Rename a question and the ``${name}`` references to it in every expression —
    unless another question already has the new name (the save then names the clash).

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> later = add_question(c, QuestionType.TEXT)
    >>> question(c, later)["relevant"] = "${frage_1} != ''"
    >>> rename_question(c, "q2", "wohnort")
    >>> question(c, later)["relevant"]
    "${wohnort} != ''"
    """
    q = question(data, question_id)
    old = str(q["name"])
    q["name"] = new_name
    if old == new_name or any(
        other["name"] == new_name for other in questions(data) if other["id"] != question_id
    ):
        return
    before, after = "${" + old + "}", "${" + new_name + "}"
    for page in data["pages"]:
        page["relevant"] = str(page.get("relevant", "")).replace(before, after)
        for other in page["questions"]:
            for column in ("relevant", "constraint"):
                other[column] = str(other.get(column, "")).replace(before, after)


def show_only_if(source: Mapping[str, Any], code: str) -> str:
    """Skip logic "show only when question ``source`` was answered with ``code``".

    >>> show_only_if({"name": "kinder", "type": "select_one"}, "ja")
    "${kinder} = 'ja'"
    >>> show_only_if({"name": "orte", "type": "select_multiple"}, "park")
    "selected(${orte}, 'park')"
    """
    ref = Ref(str(source["name"]))
    if QuestionType(source["type"]) in (QuestionType.SELECT_MULTIPLE, QuestionType.RANKING):
        return to_text(Selected(ref, code))
    return to_text(Compare(ref, "=", Text(code)))


# --- Pages and languages -------------------------------------------------------------


def _new_page(data: Copy, name: str) -> dict[str, Any]:
    return {"id": _next_id(data, "p"), "name": name, "label": {}, "relevant": "", "questions": []}


def add_page(data: Copy) -> str:
    """Append an empty page with a fresh name; returns its id."""
    page = _new_page(data, unique_name(data, PAGE_BASE))
    data["pages"].append(page)
    return str(page["id"])


def move_page(data: Copy, page_id: str, step: int) -> bool:
    """Move a page with its questions one place up or down; returns whether it moved."""
    pages = data["pages"]
    index = next(i for i, page in enumerate(pages) if page["id"] == page_id)
    target = index + step
    if not 0 <= target < len(pages):
        return False
    pages[index], pages[target] = pages[target], pages[index]
    return True


def delete_page(data: Copy, page_id: str) -> bool:
    """Remove an empty page; a page with questions stays (returns False)."""
    pages = data["pages"]
    index = next(i for i, page in enumerate(pages) if page["id"] == page_id)
    if pages[index]["questions"]:
        return False
    del pages[index]
    return True


def set_languages(data: Copy, languages: Sequence[str], default: str) -> None:
    """Set the survey's languages (in the given order) and its default language, which
    falls back to the first language when it is not among them. Texts in a removed
    language stay in the copy until saving (so adding it back restores them).

    >>> c = working_copy(new_definition("Umfrage", "Frage"))
    >>> set_languages(c, ["en", "tr"], "de")
    >>> c["languages"], c["default_language"]
    (['en', 'tr'], 'en')
    """
    data["languages"] = list(languages)
    data["default_language"] = default if default in languages else (languages or [default])[0]


# --- Choices as table rows -----------------------------------------------------------

CODE_COLUMN = "code"


def choice_rows(q: Mapping[str, Any], languages: Sequence[str]) -> list[dict[str, str]]:
    """A question's choices as rows: the code, then one text per language.

    >>> choice_rows({"choices": [{"name": "ja", "label": {"de": "Ja"}}]}, ["de", "en"])
    [{'code': 'ja', 'de': 'Ja', 'en': ''}]
    """
    return [
        {CODE_COLUMN: str(c["name"]), **{code: str(c["label"].get(code, "")) for code in languages}}
        for c in q.get("choices", [])
    ]


def choices_from_rows(
    rows: Sequence[Mapping[str, Any]], languages: Sequence[str], previous: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Choices from table rows; blank rows are dropped, missing cells (None, NaN) are
    empty, and texts in languages outside the table are kept from ``previous`` rows with
    the same code.

    >>> rows = [{"code": " ja ", "de": "Ja", "en": None}, {"code": None, "de": None}]
    >>> choices_from_rows(rows, ["de", "en"], [{"name": "ja", "label": {"tr": "Evet"}}])
    [{'name': 'ja', 'label': {'tr': 'Evet', 'de': 'Ja'}}]
    """
    kept = {str(c["name"]): dict(c["label"]) for c in previous}
    choices = []
    for row in rows:
        code = _cell(row.get(CODE_COLUMN))
        texts = {lang: _cell(row.get(lang)) for lang in languages}
        if not code and not any(texts.values()):
            continue
        label = {k: v for k, v in kept.get(code, {}).items() if k not in languages}
        label.update({lang: text for lang, text in texts.items() if text})
        choices.append({"name": code, "label": label})
    return choices


def _cell(value: object) -> str:
    """A table cell as text: None and NaN (pandas' empty cell) are ''."""
    if value is None or value != value:  # NaN is the one value unequal to itself
        return ""
    return str(value).strip()


# --- Database ------------------------------------------------------------------------


def responses_to_version(db: Database, survey_id: int, version: int) -> int:
    """How many responses answered this version (saving then makes a new version)."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT count(*) FROM responses WHERE survey_id = ? AND version = ?",
            [survey_id, version],
        ).fetchone()
    return int(row[0]) if row else 0
