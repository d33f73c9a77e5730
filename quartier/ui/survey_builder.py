"""The questionnaire builder's screen parts (page ``pages/survey_builder.py``).

The builder edits a working copy (:mod:`quartier.surveys.editing`) kept in the session
per survey and version; every widget writes its value back into the copy on each run,
and the one "Speichern" turns the copy into a checked definition and saves it in one
transaction. Widget keys carry the survey, its version, a nonce (bumped when the copy is
replaced: after saving or discarding) and the stable ids of pages and questions, so a
widget follows its question when it moves and never shows another question's text.

Structural edits (add, move, delete) run as button callbacks — before the script, so
the widgets of the same run already see the new order. Saving runs at the end of the
script, after every widget has written its value back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from quartier.auth import Action, Role
from quartier.errors import QuartierError
from quartier.i18n import LANGUAGES, Translator, is_rtl, translator
from quartier.quartiers import Quartier
from quartier.surveys import editing
from quartier.surveys.editing import Copy
from quartier.surveys.model import QuestionType, SurveyDefinition, text_in
from quartier.surveys.responses import AnswersInvalid, check_answers
from quartier.surveys.store import (
    Survey,
    SurveyStatus,
    create_survey,
    list_surveys,
    save_definition,
)
from quartier.ui import survey_form as form
from quartier.ui.components import flash_and_rerun, plain, require, show_error
from quartier.ui.router import PageContext
from quartier.ui.survey_pages import choose_survey, managed_quartiers

AREA = "builder_area"  # the open tab
NONCE = "builder_nonce"
PROBLEM = "builder_problem"
PENDING = "builder_pending"  # the question to select on the next run
CHOICE_BASES = "builder_choice_bases"
PREVIEW_DIGEST = "bp_digest"
SURVEY_PICK = "survey_pick"  # choose_survey's default key
SAVED_SURVEY = "builder_saved_survey"

#: The preview's own session keys: it never touches a resident's form or draft.
PREVIEW = form.FormState(
    answers="bp_answers", form_key="bp_key", problems="bp_problems", last_input=None
)

# Static CSS (no user text): inputs of right-to-left languages, and the preview box.
_RTL_INPUTS_CSS = """<style>
[class*="st-key-builder_rtl"] input, [class*="st-key-builder_rtl"] textarea
  { direction: rtl; text-align: right; }
</style>"""
_RTL_PREVIEW_CSS = """<style>
.st-key-builder_preview, .st-key-builder_preview * { direction: rtl; }
.st-key-builder_preview :is(h1, h2, h3, p, label, input, textarea,
  [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"])
  { text-align: right; }
</style>"""


EXPRESSION_PARTS = {
    "ref": "${name}",
    "operators": "`=` `!=` `<` `>` `<=` `>=`",
    "logic": "`and` `or` `not(…)`",
    "functions": "`selected(${name}, 'code')`, `count-selected(${name})`, `string-length(${name})`",
    "example": "${alter} >= 18 and selected(${orte}, 'park')",
}
CONSTRAINT_EXAMPLE = ". >= 0 and . <= 120"


def expression_help(t: Translator) -> str:
    """What skip logic may say (the syntax itself is not translated)."""
    return t("builder.expression_help", **EXPRESSION_PARTS)


def qtype_label(t: Translator, qtype: QuestionType | str) -> str:
    return t(f"qtype.{QuestionType(qtype).value}")


def language_name(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.native_name if language else code


def error_text(t: Translator, exc: QuartierError) -> str:
    """The error in ``t``'s language with its values escaped: they may hold expressions
    such as ``${a} = 'x'`` that Markdown would otherwise render (``$`` starts math)."""
    params = {k: t(str(v)) if k == "label" else plain(str(v)) for k, v in exc.params.items()}
    return t(exc.key, **params)


# --- Who may, which survey -------------------------------------------------------------


def require_survey_staff(ctx: PageContext) -> None:
    """Stop the page unless the user manages surveys: coordinators and admins (a
    coordinator without a Quartier is told so by ``choose_quartier``)."""
    user = ctx.user
    if managed_quartiers(ctx):
        return
    if user.is_authenticated and user.is_active and user.role in (Role.COORDINATOR, Role.ADMIN):
        return
    require(user, Action.MANAGE_QUARTIER_CONTENT, ctx.t)  # stops with the right message


def new_survey_form(ctx: PageContext, quartier: Quartier) -> None:
    """ "Neue Umfrage": title and first question; the draft is then selected."""
    t = ctx.t
    with st.expander(t("builder.new_survey"), icon=":material/add:"):
        with st.form("builder_new_survey", clear_on_submit=True):
            title = st.text_input(t("builder.new_title"), max_chars=200)
            first = st.text_input(t("builder.new_first_question"), max_chars=500)
            st.caption(t("builder.new_help"))
            if st.form_submit_button(t("builder.new_create"), type="primary"):
                try:
                    definition = editing.new_definition(title, first)
                    survey = create_survey(ctx.db, ctx.user, quartier.id, definition)
                except QuartierError as exc:
                    show_error(t, exc)
                else:
                    st.session_state[SURVEY_PICK] = survey.id
                    flash_and_rerun(t("builder.created", title=plain(survey.title(t.code))))


def pick_survey(ctx: PageContext, quartier: Quartier) -> Survey:
    """The survey to edit (follows ``?survey=ID``); stops when the Quartier has none."""
    if not list_surveys(ctx.db, quartier.id):
        st.info(ctx.t("builder.no_survey"), icon=":material/info:")
        st.stop()
    if (just_saved := st.session_state.pop(SAVED_SURVEY, None)) is not None:
        # Its title may have changed: the picker must not lose it over the new text.
        st.session_state[SURVEY_PICK] = just_saved
    return choose_survey(ctx, quartier, key=SURVEY_PICK)


# --- The builder -------------------------------------------------------------------------


@dataclass
class Builder:
    """One run of the builder for one survey: the copy and the keys of its widgets."""

    ctx: PageContext
    survey: Survey

    def __post_init__(self) -> None:
        self.t = self.ctx.t
        self.copy_key = f"builder_copy:{self.survey.id}:{self.survey.version}"
        if self.copy_key not in st.session_state:
            st.session_state[self.copy_key] = editing.working_copy(self.survey.definition)
        self.copy: Copy = st.session_state[self.copy_key]
        nonce = int(st.session_state.get(NONCE, 0))
        self.scope = f"b{self.survey.id}v{self.survey.version}n{nonce}"
        self.selected_key = f"{self.scope}:selected"
        self.rtl_styled = False

    # --- helpers ---

    def key(self, *parts: object) -> str:
        return ":".join([self.scope, *(str(p) for p in parts)])

    @property
    def languages(self) -> list[str]:
        return [str(code) for code in self.copy["languages"]]

    @property
    def default_language(self) -> str:
        return str(self.copy["default_language"])

    def changed(self) -> bool:
        saved = editing.working_copy(self.survey.definition)
        return editing.content(self.copy) != editing.content(saved)

    def by_language(self, section: str) -> list[tuple[str, Any]]:
        """One area per survey language: tabs when there are several; the areas of
        right-to-left languages lay their inputs out right to left."""
        languages = self.languages
        if len(languages) == 1:
            areas: Sequence[Any] = [st.container()]
        else:
            areas = st.tabs([language_name(code) for code in languages])
        result = []
        for code, area in zip(languages, areas, strict=True):
            if is_rtl(code):
                if not self.rtl_styled:
                    st.html(_RTL_INPUTS_CSS)
                    self.rtl_styled = True
                area = area.container(key=f"builder_rtl_{section}_{code}")
            result.append((code, area))
        return result

    def texts_input(
        self,
        area: Any,
        label: str,
        texts: dict[str, str],
        code: str,
        widget_key: str,
        *,
        long: bool = False,
        max_chars: int = 1000,
    ) -> None:
        """A text in one language, written back into ``texts``."""
        widget = area.text_area if long else area.text_input
        value = widget(
            f"{label} ({language_name(code)})", value=texts.get(code, ""), max_chars=max_chars,
            key=widget_key,
        )  # fmt: skip
        texts[code] = str(value or "")

    def problem(self) -> dict[str, Any] | None:
        """The last failed save's problem while the copy is unchanged since."""
        problem: dict[str, Any] | None = st.session_state.get(PROBLEM)
        if problem is None or problem["copy"] != self.copy_key:
            return None
        if problem["content"] != editing.content(self.copy):
            st.session_state.pop(PROBLEM, None)
            return None
        return problem

    # --- status and saving ---

    def status(self) -> None:
        """Status, version and responses (read-only: the status changes on "Umfragen")."""
        t, survey = self.t, self.survey
        st.caption(
            t(
                "builder.status_line",
                status=t(f"survey.status.{survey.status.value}"),
                version=survey.version,
                responses=survey.responses,
            )
        )
        answered = editing.responses_to_version(self.ctx.db, survey.id, survey.version)
        if answered:
            st.warning(
                t("builder.new_version_note", count=answered, version=survey.version + 1),
                icon=":material/history:",
            )
        if survey.status is SurveyStatus.OPEN:
            st.info(t("builder.open_note"), icon=":material/campaign:")

    def save_bar(self) -> bool:
        """ "Speichern" and "Änderungen verwerfen"; returns whether saving was asked for
        (the page saves at the end of its run, see :meth:`save`)."""
        t = self.t
        save_col, discard_col, note_col = st.columns([1, 1, 2], vertical_alignment="center")
        clicked = save_col.button(
            t("builder.save"), type="primary", icon=":material/save:", key="builder_save",
            width="stretch",
        )  # fmt: skip
        discard_col.button(
            t("builder.discard"), icon=":material/undo:", key="builder_discard",
            on_click=self._discard, width="stretch",
        )  # fmt: skip
        if self.changed():
            note_col.caption(t("builder.unsaved"))
        problem = self.problem()
        if problem:
            st.error(problem["text"], icon=":material/error:")
        return bool(clicked)

    def _discard(self) -> None:
        st.session_state.pop(self.copy_key, None)
        st.session_state.pop(PROBLEM, None)
        st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1

    def save(self) -> None:
        """Check the copy and save it (a new version when the current one has responses).
        A problem is kept for the next run, which shows it at the top and at its question."""
        t = self.t
        try:
            definition = editing.definition_from_copy(self.copy)
            if not self.changed():
                flash_and_rerun(t("builder.nothing_to_save"))
            saved = save_definition(self.ctx.db, self.ctx.user, self.survey.id, definition)
        except QuartierError as exc:
            self._keep_problem(exc)
            st.rerun()
        selected = st.session_state.get(self.selected_key)
        ids = [q["id"] for q in editing.questions(self.copy)]
        if selected in ids:
            st.session_state[PENDING] = ("index", ids.index(selected))
        st.session_state.pop(self.copy_key, None)
        st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1
        st.session_state[SAVED_SURVEY] = saved.id
        if saved.version != self.survey.version:
            flash_and_rerun(t("builder.saved_new_version", version=saved.version))
        flash_and_rerun(t("builder.saved", version=saved.version))

    def _keep_problem(self, exc: QuartierError) -> None:
        st.session_state[PROBLEM] = {
            "copy": self.copy_key,
            "content": editing.content(self.copy),
            "text": error_text(self.t, exc),
            "field": exc.field,
        }
        matching = [q["id"] for q in editing.questions(self.copy) if q["name"] == exc.field]
        if matching:
            # A duplicate name is reported at its second use.
            duplicate = exc.key == "errors.survey_duplicate_name" and len(matching) > 1
            st.session_state[PENDING] = matching[1] if duplicate else matching[0]

    # --- survey level ---

    def survey_settings(self) -> None:
        """Languages, default language, title and description per language."""
        t, copy = self.t, self.copy
        picked = st.multiselect(
            t("builder.languages"),
            list(LANGUAGES),
            default=self.languages,
            format_func=language_name,
            key=self.key("languages"),
            help=t("builder.languages_help"),
        )
        if not picked:
            st.warning(t("builder.languages_empty"), icon=":material/translate:")
            picked = self.languages
        default_key = self.key("default_language", *picked)
        default = st.selectbox(
            t("builder.default_language"),
            picked,
            index=picked.index(self.default_language) if self.default_language in picked else 0,
            format_func=language_name,
            key=default_key,
            help=t("builder.default_language_help"),
        )
        if picked != self.languages or default != self.default_language:
            editing.set_languages(copy, picked, str(default))
        for code, area in self.by_language("survey"):
            self.texts_input(area, t("builder.survey_title"), copy["title"], code,
                             self.key("title", code), max_chars=200)  # fmt: skip
            self.texts_input(area, t("builder.survey_description"), copy["description"], code,
                             self.key("description", code), long=True, max_chars=2000)  # fmt: skip

    # --- pages ---

    def pages_editor(self) -> None:
        t, copy = self.t, self.copy
        st.caption(t("builder.pages_help"))
        pages = copy["pages"]
        for number, page in enumerate(pages, start=1):
            pid = page["id"]
            with st.container(border=True):
                count = len(page["questions"])
                st.markdown(
                    "**"
                    + t("builder.page_number", number=number)
                    + "** · "
                    + t("builder.page_questions", count=count)
                )
                page["name"] = st.text_input(
                    t("builder.page_name"), value=page["name"], max_chars=64,
                    key=self.key(pid, "page_name"), help=t("builder.page_name_help"),
                )  # fmt: skip
                for code, area in self.by_language(f"page_{pid}"):
                    self.texts_input(area, t("builder.page_title"), page["label"], code,
                                     self.key(pid, "page_title", code), max_chars=200)  # fmt: skip
                page["relevant"] = st.text_input(
                    t("builder.page_relevant"), value=page.get("relevant", ""), max_chars=1000,
                    key=self.key(pid, "page_relevant"),
                )  # fmt: skip
                up, down, delete = st.columns(3)
                up.button(t("builder.page_up"), key=self.key(pid, "page_up"),
                          icon=":material/arrow_upward:", disabled=number == 1,
                          on_click=self._page_edit, args=(editing.move_page, pid, -1),
                          width="stretch")  # fmt: skip
                down.button(t("builder.page_down"), key=self.key(pid, "page_down"),
                            icon=":material/arrow_downward:", disabled=number == len(pages),
                            on_click=self._page_edit, args=(editing.move_page, pid, 1),
                            width="stretch")  # fmt: skip
                delete.button(t("builder.page_delete"), key=self.key(pid, "page_delete"),
                              icon=":material/delete:", disabled=count > 0,
                              help=t("builder.page_delete_help") if count else None,
                              on_click=self._page_edit, args=(editing.delete_page, pid),
                              width="stretch")  # fmt: skip
        st.button(t("builder.page_add"), icon=":material/add:", key=self.key("page_add"),
                  on_click=self._page_edit, args=(editing.add_page,))  # fmt: skip
        st.caption(expression_help(t))

    def _page_edit(self, edit: Callable[..., object], *args: object) -> None:
        edit(self.copy, *args)

    # --- questions ---

    def questions_editor(self) -> None:
        """Overview, the selected question's editor, and adding a question."""
        t, copy = self.t, self.copy
        items = editing.questions(copy)
        if items:
            st.dataframe(self._overview(items), hide_index=True, width="stretch")
            selected = self._choose_question(items)
            self._question_actions(selected, items)
            with st.container(border=True):
                self.question_editor(selected)
        else:
            st.info(t("builder.no_questions"), icon=":material/info:")
        self._add_question()

    def _overview(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        t, lang, default = self.t, self.t.code, self.default_language
        page_names = {
            q["id"]: self._page_name(page) for page in self.copy["pages"] for q in page["questions"]
        }
        return [
            {
                t("builder.col_number"): number,
                t("builder.col_name"): q["name"],
                t("builder.col_label"): text_in(q["label"], lang, default),
                t("builder.col_type"): qtype_label(t, q["type"]),
                t("builder.col_page"): page_names[q["id"]],
                t("builder.col_required"): "✓" if q.get("required") else "",
                t("builder.col_relevant"): q.get("relevant", ""),
            }
            for number, q in enumerate(items, start=1)
        ]

    def _page_name(self, page: dict[str, Any]) -> str:
        title = text_in(page["label"], self.t.code, self.default_language)
        name = str(page["name"]) or self.t("builder.page_unnamed")
        return f"{name} – {title}" if title else name

    def _choose_question(self, items: list[dict[str, Any]]) -> str:
        ids = [str(q["id"]) for q in items]
        selected = st.session_state.get(self.selected_key)
        pending = st.session_state.pop(PENDING, None)
        if isinstance(pending, tuple) and pending[0] == "index":
            pending = ids[min(int(pending[1]), len(ids) - 1)]
        if pending in ids:
            selected = pending
        # Set on every run: the options' texts change with the questions (a rename, a
        # move), and the browser would send back a text that is no longer offered.
        st.session_state[self.selected_key] = selected if selected in ids else ids[0]
        labels = {}
        for number, q in enumerate(items, start=1):
            label = text_in(q["label"], self.t.code, self.default_language)
            labels[q["id"]] = f"{number}. {q['name']} – {label or qtype_label(self.t, q['type'])}"
        return str(
            st.selectbox(
                self.t("builder.choose_question"),
                ids,
                format_func=labels.__getitem__,
                key=self.selected_key,
            )  # fmt: skip
        )

    def _question_actions(self, qid: str, items: list[dict[str, Any]]) -> None:
        t = self.t
        first, last = items[0]["id"] == qid, items[-1]["id"] == qid
        up, down, delete = st.columns(3)
        up.button(t("builder.move_up"), icon=":material/arrow_upward:", key="builder_up",
                  disabled=first, on_click=self._move, args=(qid, -1),
                  width="stretch")  # fmt: skip
        down.button(t("builder.move_down"), icon=":material/arrow_downward:", key="builder_down",
                    disabled=last, on_click=self._move, args=(qid, 1),
                    width="stretch")  # fmt: skip
        delete.button(t("builder.delete"), icon=":material/delete:", key="builder_delete",
                      on_click=self._delete, args=(qid,), width="stretch")  # fmt: skip

    def _delete(self, qid: str) -> None:
        ids = [q["id"] for q in editing.questions(self.copy)]
        index = ids.index(qid)
        editing.delete_question(self.copy, qid)
        st.session_state[PENDING] = ("index", max(index - 1, 0))

    def _add_question(self) -> None:
        t = self.t
        st.markdown("**" + t("builder.add_heading") + "**")
        kind, add = st.columns([2, 1], vertical_alignment="bottom")
        kind.selectbox(
            t("builder.add_type"), list(QuestionType),
            format_func=lambda q: qtype_label(t, q), key="builder_add_type",
        )  # fmt: skip
        add.button(t("builder.add"), icon=":material/add:", key="builder_add", type="secondary",
                   on_click=self._add,
                   width="stretch")  # fmt: skip

    def _add(self) -> None:
        qtype = QuestionType(st.session_state.get("builder_add_type") or QuestionType.TEXT)
        after = st.session_state.get(self.selected_key)
        ids = [q["id"] for q in editing.questions(self.copy)]
        new = editing.add_question(self.copy, qtype, after=after if after in ids else None)
        st.session_state[PENDING] = new

    def question_editor(self, qid: str) -> None:
        """Every field of one question, written back into the copy."""
        t, copy = self.t, self.copy
        q = editing.question(copy, qid)
        problem = self.problem()
        if problem and problem["field"] == q["name"]:
            st.error(problem["text"], icon=":material/error:")
        name_col, type_col = st.columns(2)
        name = name_col.text_input(
            t("builder.name"), value=q["name"], max_chars=64, key=self.key(qid, "name"),
            help=t("builder.name_help"),
        )  # fmt: skip
        if name.strip() != q["name"]:
            editing.rename_question(copy, qid, name.strip())
            self._sync_expressions(qid)
        types = list(QuestionType)
        chosen_type = type_col.selectbox(
            t("builder.type"), types, index=types.index(QuestionType(q["type"])),
            format_func=lambda v: qtype_label(t, v), key=self.key(qid, "type"),
        )  # fmt: skip
        q["type"] = QuestionType(chosen_type).value
        qtype = QuestionType(q["type"])
        self._page_picker(qid)
        if qtype.is_answerable:
            q["required"] = st.checkbox(
                t("builder.required"), value=bool(q.get("required")), key=self.key(qid, "required")
            )
        long_label = qtype is QuestionType.NOTE
        for code, area in self.by_language(f"q_{qid}"):
            self.texts_input(area, t("builder.label"), q["label"], code,
                             self.key(qid, "label", long_label, code), long=long_label)  # fmt: skip
            self.texts_input(area, t("builder.hint"), q["hint"], code, self.key(qid, "hint", code))
        if qtype.has_choices:
            self.choices_editor(q)
        self.skip_logic(q)
        if qtype.is_answerable:
            self.constraint(q)

    def _sync_expressions(self, qid: str) -> None:
        """After a rename: the expression widgets not drawn yet in this run show the
        renamed references (their old state would otherwise write the old name back)."""
        q = editing.question(self.copy, qid)
        widgets = {
            self.key(qid, "relevant"): q["relevant"],
            self.key(qid, "constraint"): q["constraint"],
        }
        widgets.update(
            {self.key(p["id"], "page_relevant"): p["relevant"] for p in self.copy["pages"]}
        )
        for key, value in widgets.items():
            if key in st.session_state:
                st.session_state[key] = value

    def _move(self, qid: str, step: int) -> None:
        editing.move_question(self.copy, qid, step)
        # Crossing onto another page: the page picker must show the new page.
        picker = self.key(qid, "page")
        if picker in st.session_state:
            st.session_state[picker] = editing.page_of(self.copy, qid)["id"]

    def _page_picker(self, qid: str) -> None:
        pages = self.copy["pages"]
        current = editing.page_of(self.copy, qid)["id"]
        ids = [p["id"] for p in pages]
        names = {p["id"]: self._page_name(p) for p in pages}
        chosen = st.selectbox(
            self.t("builder.page"), ids, index=ids.index(current), format_func=names.__getitem__,
            key=self.key(qid, "page"), help=self.t("builder.page_help"),
        )  # fmt: skip
        if chosen != current:
            editing.set_page(self.copy, qid, str(chosen))

    def choices_editor(self, q: dict[str, Any]) -> None:
        """The choices as a table: code, then the text per survey language."""
        t, languages = self.t, self.languages
        key = self.key(q["id"], "choices", *languages)
        bases: dict[str, list[dict[str, str]]] = st.session_state.setdefault(CHOICE_BASES, {})
        # The editor keeps its edits relative to the table it was first given: give it
        # the same table until it is drawn anew (then the copy has every edit).
        if key not in st.session_state or key not in bases:
            bases[key] = editing.choice_rows(q, languages)
        columns = [editing.CODE_COLUMN, *languages]
        table = pd.DataFrame(bases[key], columns=columns, dtype="string")
        config = {
            editing.CODE_COLUMN: st.column_config.TextColumn(
                t("builder.choice_code"), help=t("builder.choice_code_help"), max_chars=64
            ),
            **{
                code: st.column_config.TextColumn(language_name(code), max_chars=500)
                for code in languages
            },
        }
        st.markdown("**" + t("builder.choices") + "**")
        st.caption(t("builder.choices_help"))
        edited = st.data_editor(
            table, key=key, num_rows="dynamic", hide_index=True, column_config=config,
            width="stretch",
        )  # fmt: skip
        q["choices"] = editing.choices_from_rows(
            edited.to_dict("records"), languages, q.get("choices", [])
        )

    def constraint(self, q: dict[str, Any]) -> None:
        """``constraint`` as text and, once there is one, its message per language."""
        t, qid = self.t, q["id"]
        q["constraint"] = st.text_input(
            t("builder.constraint"), value=q.get("constraint", ""), max_chars=1000,
            key=self.key(qid, "constraint"),
            help=t("builder.constraint_help", example=CONSTRAINT_EXAMPLE),
        )  # fmt: skip
        if q["constraint"].strip():
            for code, area in self.by_language(f"c_{qid}"):
                self.texts_input(area, t("builder.constraint_message"), q["constraint_message"],
                                 code, self.key(qid, "constraint_message", code))  # fmt: skip

    def skip_logic(self, q: dict[str, Any]) -> None:
        """``relevant`` as text, with a helper for "only when an earlier answer is …"."""
        t, qid = self.t, q["id"]
        relevant_key = self.key(qid, "relevant")
        q["relevant"] = st.text_input(
            t("builder.relevant"), value=q.get("relevant", ""), max_chars=1000, key=relevant_key,
        )  # fmt: skip
        st.caption(expression_help(t))
        earlier = [
            other
            for other in editing.earlier_questions(self.copy, qid)
            if QuestionType(other["type"]).has_choices and other.get("choices")
        ]
        with st.expander(t("builder.helper"), icon=":material/alt_route:"):
            if not earlier:
                st.caption(t("builder.helper_none"))
                return
            by_id = {other["id"]: other for other in earlier}
            lang, default = self.t.code, self.default_language
            names = {
                i: f"{other['name']} – {text_in(other['label'], lang, default)}"
                for i, other in by_id.items()
            }
            source_id = st.selectbox(
                t("builder.helper_question"), list(by_id), format_func=names.__getitem__,
                key=self.key(qid, "helper_question"),
            )  # fmt: skip
            source = by_id[source_id]
            labels = {
                str(c["name"]): text_in(c["label"], lang, default) or str(c["name"])
                for c in source["choices"]
                if c.get("name")
            }
            code_key = self.key(qid, "helper_code", source_id)
            st.selectbox(
                t("builder.helper_answer"), list(labels), format_func=labels.__getitem__,
                key=code_key,
            )  # fmt: skip
            st.button(
                t("builder.helper_apply"), key=self.key(qid, "helper_apply"),
                on_click=self._apply_helper, args=(q, source, code_key, relevant_key),
            )  # fmt: skip

    @staticmethod
    def _apply_helper(
        q: dict[str, Any], source: dict[str, Any], code_key: str, relevant_key: str
    ) -> None:
        code = st.session_state.get(code_key)
        if code:
            q["relevant"] = editing.show_only_if(source, str(code))
            st.session_state[relevant_key] = q["relevant"]

    # --- preview ---

    def preview(self) -> None:
        """The copy as a resident sees it, in one of its languages; nothing is stored."""
        t = self.t
        languages = self.languages
        start = t.code if t.code in languages else self.default_language
        lang = str(
            st.selectbox(
                t("builder.preview_language"),
                languages,
                index=languages.index(start),
                format_func=language_name,
                key=self.key("preview_language", *languages),
            )  # fmt: skip
        )
        try:
            definition = editing.definition_from_copy(self.copy)
        except QuartierError as exc:
            st.warning(
                t("builder.preview_saved", problem=error_text(t, exc)), icon=":material/warning:"
            )
            definition = self.survey.definition
        if lang not in definition.languages:
            lang = definition.default_language
        self._reset_preview_if_changed(definition)
        resident = translator(lang)
        with st.container(border=True, key="builder_preview"):
            if is_rtl(lang):
                st.html(_RTL_PREVIEW_CSS)
            render_preview(definition, lang, resident)
        check, reset = st.columns(2)
        check.button(t("builder.preview_check"), icon=":material/task_alt:",
                     key="builder_preview_check", on_click=_check_preview,
                     args=(definition, lang), width="stretch")  # fmt: skip
        reset.button(t("builder.preview_reset"), icon=":material/restart_alt:",
                     key="builder_preview_reset", on_click=_reset_preview,
                     width="stretch")  # fmt: skip
        if st.session_state.pop("bp_checked", False) and not st.session_state[PREVIEW.problems]:
            st.success(t("builder.preview_ok"), icon=":material/check_circle:")

    def _reset_preview_if_changed(self, definition: SurveyDefinition) -> None:
        digest = hashlib.sha256(definition.to_json().encode()).hexdigest()[:16]
        if st.session_state.get(PREVIEW_DIGEST) != digest:
            st.session_state[PREVIEW_DIGEST] = digest
            st.session_state[PREVIEW.answers] = {}
            st.session_state[PREVIEW.problems] = {}
            st.session_state[PREVIEW.form_key] = f"preview-{digest}"


def render_preview(definition: SurveyDefinition, lang: str, t: Translator) -> None:
    """Title, introduction and every page shown for the current preview answers."""
    st.header(plain(text_in(definition.title, lang, definition.default_language)), anchor=False)
    intro = text_in(definition.description, lang, definition.default_language)
    if intro:
        st.write(plain(intro))
    st.caption(t("resident.anonymous_note"))
    answers = st.session_state[PREVIEW.answers]
    pages = form.visible_pages(definition, answers)
    for position, index in enumerate(pages, start=1):
        if len(pages) > 1:
            st.caption(t("resident.progress", page=position, pages=len(pages)))
        form.render_page(definition, index, lang, t, state=PREVIEW)
        if position < len(pages):
            st.divider()


def _check_preview(definition: SurveyDefinition, lang: str) -> None:
    try:
        check_answers(definition, st.session_state.get(PREVIEW.answers, {}), lang)
    except AnswersInvalid as exc:
        st.session_state[PREVIEW.problems] = {p.question: p.message for p in exc.problems}
    else:
        st.session_state[PREVIEW.problems] = {}
    st.session_state["bp_checked"] = True


def _reset_preview() -> None:
    st.session_state.pop(PREVIEW_DIGEST, None)
