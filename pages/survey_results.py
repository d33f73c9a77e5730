"""Ergebnisse: response counts and a chart per question, with filters and cross-tabs.

Every number comes from ``quartier.surveys.results`` with groups below the Quartier's k
hidden in the SQL; this page only turns codes into labels and hands the numbers to the
figure builders in ``quartier.survey_charts``. A hidden number looks like an empty one.
Free-text answers are shown as plain text only (``st.text``), never as Markdown.
"""

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from quartier import survey_charts as charts
from quartier.auth import Action
from quartier.errors import QuartierError
from quartier.events import list_events
from quartier.i18n import LANGUAGES
from quartier.privacy import MIN_K, min_group_size, set_min_group_size
from quartier.surveys import results
from quartier.surveys.model import Question, QuestionType, Texts, text_in
from quartier.surveys.results import Breakdown, By, Filter, TextAnswer
from quartier.ui.components import flash_and_rerun, plain, require, show_error, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier, choose_survey

QUARTIER_KEY = "results_quartier"
TEXTS_PER_PAGE = 20
PLOTLY_CONFIG = {"displayModeBar": False}
T = QuestionType

ctx = page_context()
t = ctx.t
db = ctx.db
st.title(t("results.title"))
show_flash()


quartier = choose_quartier(ctx, key=QUARTIER_KEY)
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
survey = choose_survey(ctx, quartier)
definition = survey.definition
k = min_group_size(db, quartier.id)
# Labels in the staff's language when the survey has it, else in the survey's own.
label_language = t.code if t.code in definition.languages else definition.default_language


def text_of(texts: Texts) -> str:
    return text_in(texts, label_language, definition.default_language)


def percent(value: float) -> str:
    return t("results.percent", value=t.number(round(value)))


def number(value: float) -> str:
    return t.number(round(value, 2))


questions = [q for q in definition.questions() if q.type.is_answerable]
numbers_of = {q.name: i for i, q in enumerate(questions, start=1)}
single_choice = [q for q in questions if q.type in (T.SELECT_ONE, T.LIKERT)]
events = list_events(db, quartier.id)
EVENT_LABELS = {str(e.id): f"{e.title} ({t.date(e.starts_on)})" for e in events}
EVENT_LABELS[""] = t("results.no_event")
CHANNEL_LABELS = {
    "online": t("channel.online"),
    "qr": t("channel.qr"),
    "kiosk": t("channel.kiosk"),
    "papier": t("channel.papier"),
}
LANGUAGE_LABELS = {
    code: LANGUAGES[code].native_name if code in LANGUAGES else code
    for code in definition.languages
}
BREAKDOWN_LABELS = {
    Breakdown.EVENT: EVENT_LABELS,
    Breakdown.CHANNEL: CHANNEL_LABELS,
    Breakdown.LANGUAGE: LANGUAGE_LABELS,
}
RESPONSE_CHARTS = {
    Breakdown.EVENT: (EVENT_LABELS, t("results.event")),
    Breakdown.CHANNEL: (CHANNEL_LABELS, t("results.channel")),
    Breakdown.LANGUAGE: (LANGUAGE_LABELS, t("results.language")),
}


def question_title(name: str) -> str:
    return t(
        "results.question_option",
        number=numbers_of[name],
        label=text_of(definition.question(name).label),
    )


def choice_labels(question: Question) -> dict[str, str]:
    return {c.name: text_of(c.label) for c in question.choices}


# --- Filters and cross-tab -----------------------------------------------------------


def choose_filter() -> tuple[Filter, str]:
    """The filter row; returns the filter and the chosen cross-tab dimension."""
    with st.container(border=True):
        st.caption(t("results.filters"))
        left, middle, right = st.columns(3)
        event = left.selectbox(
            t("results.event"),
            [None, *(e.id for e in events)],
            format_func=lambda i: t("results.all_events") if i is None else EVENT_LABELS[str(i)],
            key=f"results_event_{survey.id}",
            disabled=not events,
        )
        channel = middle.selectbox(
            t("results.channel"),
            [None, *CHANNEL_LABELS],
            format_func=lambda c: t("results.all_channels") if c is None else CHANNEL_LABELS[c],
            key=f"results_channel_{survey.id}",
        )
        language = right.selectbox(
            t("results.language"),
            [None, *LANGUAGE_LABELS],
            format_func=lambda c: t("results.all_languages") if c is None else LANGUAGE_LABELS[c],
            key=f"results_language_{survey.id}",
        )
        left, middle, right = st.columns(3)
        question = left.selectbox(
            t("results.filter_question"),
            [None, *(q.name for q in single_choice)],
            format_func=lambda n: t("results.filter_question_none") if n is None
            else question_title(n),
            key=f"results_fq_{survey.id}",
        )  # fmt: skip
        labels = choice_labels(definition.question(question)) if question else {}
        choice = middle.selectbox(
            t("results.filter_choice"),
            list(labels),
            format_func=lambda c: labels[c],
            key=f"results_fc_{survey.id}_{question}",
            disabled=question is None,
            placeholder=t("results.filter_choice_first"),
        )
        dimensions = {
            "": t("results.by_none"),
            Breakdown.EVENT.value: t("results.event"),
            Breakdown.CHANNEL.value: t("results.channel"),
            Breakdown.LANGUAGE.value: t("results.language"),
        }
        if not events:
            del dimensions[Breakdown.EVENT.value]
        for q in single_choice:
            dimensions[f"q:{q.name}"] = t(
                "results.by_question", number=numbers_of[q.name], label=text_of(q.label)
            )
        split = right.selectbox(
            t("results.by"),
            list(dimensions),
            format_func=lambda d: dimensions[d],
            help=t("results.by_help"),
            key=f"results_by_{survey.id}",
        )
    flt = Filter(
        event_id=event,
        channel=channel,
        language=language,
        question=question if choice else None,
        choice=choice,
    )
    return flt, str(split)


def dimension(split: str) -> tuple[By | None, dict[str, str]]:
    """The cross-tab of ``split`` and its group labels (group code → label)."""
    if not split:
        return None, {"": t("results.all")}
    if split.startswith("q:"):
        question = definition.question(split[2:])
        return By(question=question.name), {**choice_labels(question), "": t("results.no_answer")}
    breakdown = Breakdown(split)
    return By(breakdown=breakdown), BREAKDOWN_LABELS[breakdown]


# --- Pieces every chart uses ---------------------------------------------------------


def show_chart(figure: object, key: str) -> None:
    st.plotly_chart(figure, key=key, config=PLOTLY_CONFIG)


def download(headers: Sequence[str], rows: Sequence[Sequence[object]], name: str) -> None:
    st.download_button(
        t("results.download"),
        charts.csv_bytes(headers, rows),
        file_name=f"ergebnisse-{survey.id}-{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )


def choice_headers(split: bool) -> list[str]:
    columns = [t("results.col_answer"), t("results.col_count"), t("results.col_share"),
               t("results.col_total")]  # fmt: skip
    return [t("results.col_group"), *columns] if split else columns


def answered(total: int | None) -> None:
    if total is None:
        st.caption(t("results.answered_few", k=k))
    else:
        st.caption(t("results.answered", count=total))


# --- Header: how many answered, where, in which language ------------------------------


def response_chart(column: DeltaGenerator, title: str, breakdown: Breakdown, flt: Filter) -> None:
    """Responses per channel, language or event as a small bar chart."""
    labels, column_title = RESPONSE_CHARTS[breakdown]
    counts = results.response_counts(db, survey, k, breakdown, flt)
    codes = list(labels)
    values = [counts.cell("", code) for code in codes]
    names = [labels[code] for code in codes]
    with column:
        st.markdown(f"**{title}**")
        show_chart(
            charts.count_bars(names, values, counts.totals.get(""),
                              axis_title=t("results.axis_count"), percent=percent),
            key=f"responses_{breakdown}",
        )  # fmt: skip
        download(
            [column_title, t("results.col_count")],
            list(zip(names, values, strict=True)),
            f"antworten-{breakdown.value}",
        )


def header(flt: Filter) -> bool:
    """Totals, the one suppression note and k; False when too few answered."""
    total = results.total_respondents(db, survey, k, flt)
    st.metric(
        t("results.total") if flt == Filter() else t("results.total_filtered"),
        t("results.fewer_than", k=k) if total is None else t.number(total),
    )
    st.caption(t("results.suppression_note", k=k))
    change_k()
    if total is None:
        key = "results.no_responses" if flt == Filter() else "results.too_few"
        st.info(t(key, k=k), icon=":material/info:")
        return False
    st.header(t("results.responses"), anchor=False)
    columns = st.columns(3 if events else 2)
    response_chart(columns[0], t("results.per_channel"), Breakdown.CHANNEL, flt)
    response_chart(columns[1], t("results.per_language"), Breakdown.LANGUAGE, flt)
    if events:
        response_chart(columns[2], t("results.per_event"), Breakdown.EVENT, flt)
    return True


def change_k() -> None:
    with st.expander(t("results.k_expander", k=k), icon=":material/shield_person:"):
        with st.form(f"results_k_{quartier.id}"):
            new_k = st.number_input(
                t("results.k_label"), min_value=MIN_K, max_value=100, value=k, step=1,
                help=t("results.k_help", min=MIN_K),
            )  # fmt: skip
            if st.form_submit_button(t("common.save")):
                try:
                    set_min_group_size(db, ctx.user, quartier.id, int(new_k))
                except QuartierError as exc:
                    show_error(t, exc)
                else:
                    flash_and_rerun(t("results.k_saved", k=int(new_k)))


# --- One section per question ----------------------------------------------------------


def choice_question(question: Question, flt: Filter, by: By | None, groups: dict[str, str]) -> None:
    """Single choice, Likert and multiple choice, split by ``by`` when chosen."""
    labels = choice_labels(question)
    codes, options = list(labels), list(labels.values())
    if question.type is T.SELECT_MULTIPLE:
        counts = results.multiple_counts(db, survey, question, k, flt, by)
    else:
        counts = results.choice_counts(db, survey, question, k, flt, by)
    rows = charts.groups_of(counts, codes, groups)
    if question.type is T.LIKERT:
        figure = charts.likert_bars(options, rows, axis_title=t("results.axis_likert"),
                                    percent=percent)  # fmt: skip
    elif question.type is T.SELECT_MULTIPLE:
        figure = charts.share_bars(options, rows, axis_title=t("results.axis_multiple"),
                                   percent=percent)  # fmt: skip
    elif by is None:
        figure = charts.count_bars(options, rows[0].counts, rows[0].total,
                                   axis_title=t("results.axis_count"), percent=percent)  # fmt: skip
    else:
        figure = charts.share_bars(options, rows, axis_title=t("results.axis_group_share"),
                                   percent=percent)  # fmt: skip
    show_chart(figure, key=f"chart_{question.name}")
    if by is None:
        answered(counts.totals.get(""))
    download(choice_headers(by is not None),
             charts.group_rows(options, rows, split=by is not None), question.name)  # fmt: skip


def ranking_question(question: Question, flt: Filter) -> None:
    options = list(choice_labels(question).values())
    ranks = results.ranking(db, survey, question, k, flt)
    means = [r.mean_rank for r in ranks]
    respondents = [r.respondents for r in ranks]
    show_chart(
        charts.rank_bars(options, means, respondents, axis_title=t("results.axis_rank"),
                         number=number),
        key=f"chart_{question.name}",
    )  # fmt: skip
    st.caption(t("results.ranked_by"))
    download(
        [t("results.col_answer"), t("results.col_mean_rank"), t("results.col_respondents")],
        [(o, None if m is None else round(m, 2), n)
         for o, m, n in zip(options, means, respondents, strict=True)],
        question.name,
    )  # fmt: skip


def number_question(question: Question, flt: Filter) -> None:
    summary = results.numbers(db, survey, question, k, flt)
    if summary.respondents is None or summary.median is None:
        answered(None)
        return
    integer = question.type is T.INTEGER
    counts = [summary.counts.cell("", str(i)) for i in range(len(summary.bins))]
    median = t("results.median", value=number(summary.median))
    show_chart(
        charts.histogram(summary.bins, counts, summary.median, integer=integer, number=number,
                         axis_title=t("results.axis_value"), count_title=t("results.axis_count"),
                         median_text=median),
        key=f"chart_{question.name}",
    )  # fmt: skip
    answered(summary.respondents)
    names = charts.bin_labels(summary.bins, integer, number)
    rows: list[tuple[object, ...]] = list(zip(names, counts, strict=True))
    rows += [
        (t("results.col_median"), summary.median),
        (t("results.col_total"), summary.respondents),
    ]
    download([t("results.col_range"), t("results.col_count")], rows, question.name)


def moderate(
    action: Callable[..., None], answer: TextAnswer, question: Question, done: str
) -> None:
    try:
        action(db, ctx.user, survey, answer.response_id, question.name)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        flash_and_rerun(t(done))


def text_question(question: Question, flt: Filter) -> None:
    count, answers = results.texts(db, survey, question, k, flt, include_hidden=True)
    if count is None:
        st.caption(t("results.texts_too_few", k=k))
        return
    if not answers:
        st.caption(t("results.texts_none"))
        return
    st.caption(t("results.texts_count", count=t.number(count)))
    visible = [a for a in answers if not a.hidden]
    more_key = f"results_more_{question.name}"
    shown = int(st.session_state.get(more_key, TEXTS_PER_PAGE))
    for answer in visible[:shown]:
        text_column, button_column = st.columns([5, 1], vertical_alignment="center")
        text_column.text(answer.text)
        if button_column.button(t("results.hide"), key=f"hide_{question.name}_{answer.response_id}",
                                icon=":material/visibility_off:", type="tertiary"):  # fmt: skip
            moderate(results.hide_text, answer, question, "results.hidden_done")
    if len(visible) > shown and st.button(t("results.texts_more"), key=f"more_{question.name}"):
        st.session_state[more_key] = shown + TEXTS_PER_PAGE
        st.rerun()
    hidden = [a for a in answers if a.hidden]
    if hidden:
        with st.expander(t("results.hidden_answers", count=len(hidden))):
            st.caption(t("results.hidden_help"))
            for answer in hidden:
                text_column, button_column = st.columns([5, 1], vertical_alignment="center")
                text_column.text(answer.text)
                if button_column.button(t("results.unhide"),
                                        key=f"unhide_{question.name}_{answer.response_id}",
                                        icon=":material/visibility:", type="tertiary"):  # fmt: skip
                    moderate(results.unhide_text, answer, question, "results.unhidden_done")


def question_section(
    question: Question, flt: Filter, by: By | None, groups: dict[str, str]
) -> None:
    with st.container(border=True):
        st.subheader(plain(question_title(question.name)), anchor=False)
        if question.type in (T.SELECT_ONE, T.LIKERT, T.SELECT_MULTIPLE):
            choice_question(question, flt, by, groups)
        elif question.type is T.RANKING:
            ranking_question(question, flt)
        elif question.type in (T.INTEGER, T.DECIMAL):
            number_question(question, flt)
        elif question.type in (T.TEXT, T.LONG_TEXT):
            text_question(question, flt)
        else:
            st.caption(t("results.date_skipped"))


flt, split = choose_filter()
if not header(flt):
    st.stop()
by, group_labels = dimension(split)
st.header(t("results.questions"), anchor=False)
for q in questions:
    question_section(q, flt, by, group_labels)
