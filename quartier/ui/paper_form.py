"""Widgets for typing in a paper form: every question on one page, keyboard first."""

from __future__ import annotations

from datetime import date

import streamlit as st

from quartier.surveys.expressions import Value
from quartier.surveys.model import (
    MAX_TEXT_ANSWER,
    Question,
    QuestionType,
    SurveyDefinition,
    text_in,
)
from quartier.ui.components import plain


def paper_widget(
    q: Question, d: SurveyDefinition, lang: str, key: str, *, placeholder: str = ""
) -> Value:
    """One question as typed from paper; returns the answer (None when left blank).

    Skip logic is applied when saving: answers to questions the sheet should have
    skipped are dropped then.
    """
    label = plain(text_in(q.label, lang, d.default_language))
    if q.relevant:
        label = f"{label} · _{plain(q.relevant)}_"
    labels = {c.name: text_in(c.label, lang, d.default_language) for c in q.choices}
    codes = list(q.choice_names())
    typ = q.type
    if typ is QuestionType.NOTE:
        st.caption(label)
        return None
    if typ is QuestionType.TEXT:
        return st.text_input(label, max_chars=MAX_TEXT_ANSWER, key=key)
    if typ is QuestionType.LONG_TEXT:
        return st.text_area(label, max_chars=MAX_TEXT_ANSWER, key=key, height=80)
    if typ in (QuestionType.INTEGER, QuestionType.DECIMAL):
        integer = typ is QuestionType.INTEGER
        value = st.number_input(label, value=None, step=1 if integer else 0.1,
                                format="%d" if integer else "%.2f", key=key)  # fmt: skip
        return None if value is None else (int(value) if integer else float(value))
    if typ is QuestionType.DATE:
        picked = st.date_input(
            label, value=None, min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
            format="DD.MM.YYYY", key=key,
        )  # fmt: skip
        return picked.isoformat() if isinstance(picked, date) else None
    if typ in (QuestionType.SELECT_ONE, QuestionType.LIKERT):
        return st.radio(label, codes, index=None, horizontal=True, key=key,
                        format_func=lambda c: f"{plain(labels[c])} ({plain(c)})")  # fmt: skip
    if typ is QuestionType.SELECT_MULTIPLE:
        return tuple(st.pills(label, codes, selection_mode="multi", key=key,
                              format_func=lambda c: plain(labels[c])) or ())  # fmt: skip
    return tuple(
        st.multiselect(
            label, codes, key=key, format_func=labels.__getitem__, placeholder=placeholder or None
        )
    )
