"""What residents see of ideas: the submission form with its receipt, the status page
behind a receipt code, and the public board. All texts come from the ``resident.*``
catalogue entries, which exist in every language Quartier offers.

Links: ``?q=SLUG`` picks the Quartier (needed only when there are several),
``event=ID`` tags ideas collected at an event, ``kiosk=1`` marks a festival tablet and
``via=qr`` a scanned poster.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from quartier.errors import QuartierError
from quartier.events import event_of_quartier
from quartier.i18n import LANGUAGES, Translator
from quartier.ideas import (
    PATH,
    Idea,
    IdeaStatusView,
    Stage,
    idea_status,
    idea_titles,
    list_groups,
    new_receipt_code,
    public_board,
    similar_ideas,
    submit_idea,
    support_idea,
)
from quartier.network import FieldOfAction
from quartier.quartiers import Quartier, list_quartiers
from quartier.storage import Database
from quartier.surveys.responses import Channel
from quartier.ui.components import plain
from quartier.ui.resident import next_person

CODE = "idea_code"  # the receipt code prepared for the form on screen (double-tap safe)
RECEIPT = "idea_receipt"  # the code of the idea just submitted, for the receipt screen
SUPPORTED = "idea_supported"  # ideas this browser tab already supported
FIELDS = ("idea_title", "idea_description", "idea_field", "idea_place", "idea_named",
          "idea_consent", "idea_name", "idea_contact")  # fmt: skip
ERROR = "idea_error"
SIMILAR = "idea_similar"  # ((quartier id, title), similar ideas) last looked up


def public_quartier(db: Database, t: Translator) -> Quartier:
    """The Quartier the link names (``?q=``); the only one; or the resident picks."""
    quartiers = list_quartiers(db)
    if not quartiers:
        st.info(t("resident.idea.no_quartier"), icon=":material/info:")
        st.stop()
    by_slug = {q.slug: q for q in quartiers}
    asked = str(st.query_params.get("q", ""))
    if asked in by_slug:
        return by_slug[asked]
    if len(quartiers) == 1:
        return quartiers[0]
    slug = st.selectbox(
        t("resident.idea.choose_quartier"),
        list(by_slug),
        index=None,
        format_func=lambda s: by_slug[s].name,
    )
    if slug is None:
        st.stop()
    st.query_params["q"] = slug
    return by_slug[slug]


def link_channel() -> Channel:
    if st.query_params.get("kiosk") == "1":
        return Channel.KIOSK
    return Channel.QR if st.query_params.get("via") == "qr" else Channel.ONLINE


def link_event(db: Database, quartier_id: int, t: Translator) -> int | None:
    raw = str(st.query_params.get("event", "")).strip()
    if not raw:
        return None
    try:
        return event_of_quartier(db, raw, quartier_id)
    except QuartierError:
        st.warning(t("resident.error_event_unknown"), icon=":material/event_busy:")
        return None


def kiosk_params() -> dict[str, str]:
    """The kiosk's link parameters to carry between the survey and the idea form."""
    keep = ("kiosk", "event", "q", "survey", "lang")
    return {k: str(st.query_params[k]) for k in keep if k in st.query_params}


def back_to_survey(t: Translator) -> None:
    """At a kiosk that came from a survey: the way back to it for the next person."""
    params = kiosk_params()
    if params.get("kiosk") != "1" or "survey" not in params:
        return
    if st.button(t("resident.idea.back_to_survey"), icon=":material/arrow_back:",
                 use_container_width=True):  # fmt: skip
        _another()
        next_person()  # the survey starts again at its language screen
        st.switch_page("pages/survey_public.py", query_params=params)


def _field_label(t: Translator, value: str | None) -> str:
    return t(f"field_of_action.{value}") if value else t("resident.idea.field_none")


def _support(db: Database, idea_id: int, channel: Channel) -> None:
    done: set[int] = st.session_state.setdefault(SUPPORTED, set())
    if idea_id in done:
        return
    try:
        support_idea(db, idea_id, channel)
    except QuartierError as exc:
        st.session_state[ERROR] = exc.text(quote=plain)
        return
    done.add(idea_id)
    st.session_state.pop(SIMILAR, None)  # show the new count


def _similar(db: Database, quartier: Quartier, title: str, t: Translator) -> None:
    """Ideas like the one being typed, so people can join one instead of repeating it.

    Looked up again only when the title changes (or after a support), not on every
    rerun the other fields cause."""
    asked = (quartier.id, title)
    memo = st.session_state.get(SIMILAR)
    if memo is None or memo[0] != asked:
        memo = (asked, similar_ideas(db, quartier.id, title))
        st.session_state[SIMILAR] = memo
    matches = memo[1]
    if not matches:
        return
    with st.container(border=True):
        st.markdown("**" + t("resident.idea.similar_title") + "**")
        st.caption(t("resident.idea.similar_hint"))
        done = st.session_state.get(SUPPORTED, set())
        for idea in matches:
            text, button = st.columns([3, 1], vertical_alignment="center")
            text.markdown(plain(idea.title))
            text.caption(t("resident.idea.supports", count=idea.supports))
            if idea.id in done:
                button.success(t("resident.idea.supported"), icon=":material/thumb_up:")
            else:
                button.button(t("resident.idea.support"), key=f"support:{idea.id}",
                              on_click=_support, args=(db, idea.id, link_channel()),
                              use_container_width=True)  # fmt: skip


def _submit(db: Database, quartier: Quartier, lang: str, event_id: int | None) -> None:
    state = st.session_state
    named = bool(state.get("idea_named"))
    try:
        receipt = submit_idea(
            db,
            quartier.id,
            str(state.get("idea_title") or ""),
            str(state.get("idea_description") or ""),
            language=lang,
            field_of_action=state.get("idea_field"),
            place=str(state.get("idea_place") or ""),
            author_name=(str(state.get("idea_name") or "").strip() or None) if named else None,
            author_contact=(str(state.get("idea_contact") or "").strip() or None)
            if named
            else None,
            consent=named and bool(state.get("idea_consent")),
            channel=link_channel(),
            event_id=event_id,
            receipt_code=state.get(CODE),
        )
    except QuartierError as exc:
        state[ERROR] = exc.text(lang, quote=plain)
        return
    state[RECEIPT] = receipt.code
    for key in (*FIELDS, CODE, SIMILAR):
        state.pop(key, None)


def submission_form(db: Database, quartier: Quartier, t: Translator, event_id: int | None) -> None:
    """Title (with similar ideas under it), description, field, place, and — only if the
    resident wants — name and contact after an explicit consent."""
    st.session_state.setdefault(CODE, new_receipt_code())
    title = st.text_input(t("resident.idea.field_title"), max_chars=120, key="idea_title",
                          placeholder=t("resident.idea.title_placeholder"))  # fmt: skip
    if len(title.strip()) >= 3:
        _similar(db, quartier, title, t)
    st.text_area(t("resident.idea.field_description"), max_chars=4000, key="idea_description",
                 height=160, placeholder=t("resident.idea.description_placeholder"))  # fmt: skip
    st.selectbox(t("resident.idea.field_field"), list(FieldOfAction), index=None,
                 key="idea_field", format_func=lambda f: _field_label(t, f),
                 placeholder=t("resident.idea.field_none"))  # fmt: skip
    st.text_input(t("resident.idea.field_place"), max_chars=200, key="idea_place",
                  placeholder=t("resident.idea.place_placeholder"))  # fmt: skip
    named = st.toggle(t("resident.idea.named"), key="idea_named")
    if named:
        st.info(t("resident.idea.consent_text"), icon=":material/privacy_tip:")
        st.checkbox(t("resident.idea.consent"), key="idea_consent")
        st.text_input(t("resident.idea.field_name"), max_chars=80, key="idea_name")
        st.text_input(t("resident.idea.field_contact"), max_chars=200, key="idea_contact")
    else:
        st.caption(t("resident.idea.anonymous_note"))
    if error := st.session_state.pop(ERROR, None):
        st.error(error, icon=":material/error:")
    st.button(t("resident.idea.submit"), type="primary", use_container_width=True,
              on_click=_submit, args=(db, quartier, t.code, event_id),
              key="idea_submit")  # fmt: skip


# Large enough to read aloud or photograph from a tablet (static CSS, no user text).
_BIG_CODE = (
    "<style>.stApp [data-testid='stCode'] code { font-size: 2rem; letter-spacing: 0.12em; }</style>"
)


def _another() -> None:
    st.session_state.pop(RECEIPT, None)


def receipt_screen(t: Translator) -> bool:
    """After submitting: the receipt code, big enough to photograph or copy."""
    code = st.session_state.get(RECEIPT)
    if not code:
        return False
    st.success(t("resident.idea.thanks"), icon=":material/favorite:")
    st.markdown(t("resident.idea.receipt_intro"))
    st.html(_BIG_CODE)
    st.code(code, language=None)
    st.caption(t("resident.idea.receipt_hint"))
    if st.query_params.get("kiosk") != "1":  # the next person at a kiosk must not see it
        st.page_link("pages/idea_status.py", label=t("resident.idea.to_status"),
                     icon=":material/travel_explore:",
                     query_params={"code": code, "lang": t.code})  # fmt: skip
    st.button(t("resident.idea.another"), on_click=_another, use_container_width=True)
    back_to_survey(t)
    return True


def _step_line(view: IdeaStatusView, t: Translator) -> None:
    for step in view.path:
        mark = "●" if step.is_current else ("✓" if step.reached_on else "○")
        when = f" — {_day(step.reached_on)}" if step.reached_on else ""
        label = t(f"resident.idea.stage.{step.stage}")
        st.markdown(f"{mark} **{label}**{when}" if step.is_current else f"{mark} {label}{when}")


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def status_view(view: IdeaStatusView, t: Translator) -> None:
    """One idea's path from submission to "umgesetzt", as its author sees it."""
    idea = view.idea
    st.subheader(plain(idea.title), anchor=False)
    if idea.description:
        st.text(idea.description)
    stage = t(f"resident.idea.stage.{idea.stage}")
    st.markdown(t("resident.status.now", stage=stage))
    if idea.stage is Stage.REJECTED:
        st.warning(t("resident.status.rejected", reason=plain(idea.reason)), icon=":material/info:")
    elif idea.stage is Stage.DUPLICATE:
        st.info(t("resident.status.duplicate", title=plain(view.duplicate_title or "")),
                icon=":material/join:")  # fmt: skip
    else:
        _step_line(view, t)
    if view.group_name:
        st.caption(t("resident.status.group", group=plain(view.group_name)))
    if idea.edit_note:
        st.caption(t("resident.status.edited", note=plain(idea.edit_note)))
    if view.measure is not None:
        _measure(view, t)


def _measure(view: IdeaStatusView, t: Translator) -> None:
    measure = view.measure
    assert measure is not None
    with st.container(border=True):
        st.markdown("**" + t("resident.status.measure", title=plain(measure.title)) + "**")
        st.caption(t(f"resident.measure.status.{measure.status}"))
        if measure.milestones:
            percent = round(measure.progress * 100)
            st.progress(measure.progress, text=t("resident.status.progress", percent=percent))
        else:  # progress comes from milestones: none yet means nothing to show
            st.caption(t("resident.status.no_milestones"))
        for title, due, done in measure.milestones:
            st.markdown(f"{'✓' if done else '○'} {plain(title)} — {_day(due)}")


def status_lookup(db: Database, t: Translator) -> None:
    """The receipt-code form; a guessed or malformed code gets the same answer as an
    unknown one."""
    asked = str(st.query_params.get("code", ""))[:40]
    with st.form("status_form", border=False):
        code = st.text_input(t("resident.status.field_code"), value=asked, max_chars=40,
                             placeholder="XXXX-XXXX-XX")  # fmt: skip
        looked = st.form_submit_button(t("resident.status.look_up"), type="primary",
                                       use_container_width=True)  # fmt: skip
    code = code.strip()
    if looked and code != asked:
        st.query_params["code"] = code
    if not code:
        return
    try:
        view = idea_status(db, code)
    except QuartierError:
        st.warning(t("resident.status.unknown"), icon=":material/search_off:")
        return
    status_view(view, t)


BOARD_STAGES = tuple(
    s for s in (*PATH, Stage.DUPLICATE, Stage.CANCELLED) if s is not Stage.SUBMITTED
)


def path_line(stage: Stage, t: Translator) -> str:
    """The idea's path in one line: steps done, the current one in bold, those ahead.

    >>> from quartier.i18n import translator
    >>> for step in path_line(Stage.IN_PRIORITISATION, translator("de")).split(" → "):
    ...     print(step)
    ✓ eingereicht
    ✓ veröffentlicht
    **● in Priorisierung**
    ○ ausgewählt
    ○ Maßnahme
    ○ umgesetzt
    """
    current = PATH.index(stage)
    steps = []
    for index, step in enumerate(PATH):
        label = t(f"resident.idea.stage.{step}")
        if index < current:
            steps.append(f"✓ {label}")
        elif index == current:
            steps.append(f"**● {label}**")
        else:
            steps.append(f"○ {label}")
    return " → ".join(steps)


def board_card(
    idea: Idea, t: Translator, group_names: dict[int, str], titles: dict[int, str]
) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(idea.title)}**")
        if idea.stage in PATH:
            st.caption(path_line(idea.stage, t))
        badges = [] if idea.stage in PATH else [t(f"resident.idea.stage.{idea.stage}")]
        if idea.field_of_action:
            badges.append(_field_label(t, idea.field_of_action))
        if idea.group_id in group_names:
            badges.append(t("resident.board.group", group=plain(group_names[idea.group_id])))
        language = LANGUAGES.get(idea.language)
        badges.append(t("resident.board.original",
                        language=language.native_name if language else idea.language))  # fmt: skip
        st.caption(" · ".join(badges))
        if idea.description:
            text = idea.description
            st.text(text if len(text) <= 400 else text[:400] + " …")
        if idea.duplicate_of is not None:
            st.caption(t("resident.board.duplicate_of",
                         title=plain(titles.get(idea.duplicate_of, "…"))))  # fmt: skip
        day = _day(idea.submitted_at.date())
        details = [t("resident.idea.supports", count=idea.supports),
                   t("resident.board.submitted_on", day=day)]  # fmt: skip
        if idea.place:
            details.insert(0, plain(idea.place))
        st.caption(" · ".join(details))


PAGE_SIZE = 20
SHOWN = "board_shown"


def _more() -> None:
    st.session_state[SHOWN] = int(st.session_state.get(SHOWN, PAGE_SIZE)) + PAGE_SIZE


def board(db: Database, quartier: Quartier, t: Translator) -> None:
    """The public board: filters by stage, working group and field, newest first."""
    groups = {g.id: g.name for g in list_groups(db, quartier.id)}
    stage_col, group_col, field_col = st.columns(3)
    stage = stage_col.selectbox(t("resident.board.filter_stage"), BOARD_STAGES, index=None,
                                format_func=lambda s: t(f"resident.idea.stage.{s}"),
                                placeholder=t("resident.board.all"))  # fmt: skip
    group_id = group_col.selectbox(t("resident.board.filter_group"), list(groups), index=None,
                                   format_func=lambda g: groups[g],
                                   placeholder=t("resident.board.all"))  # fmt: skip
    field = field_col.selectbox(t("resident.board.filter_field"), list(FieldOfAction), index=None,
                                format_func=lambda f: _field_label(t, f),
                                placeholder=t("resident.board.all"))  # fmt: skip
    shown = int(st.session_state.get(SHOWN, PAGE_SIZE))
    page = public_board(db, quartier.id, stage=stage, group_id=group_id, field_of_action=field,
                        limit=shown)  # fmt: skip
    st.caption(t("resident.board.count", shown=len(page.ideas), total=page.total))
    if not page.ideas:
        st.info(t("resident.board.empty"), icon=":material/lightbulb:")
        return
    titles = idea_titles(db, {i.duplicate_of for i in page.ideas if i.duplicate_of is not None})
    for idea in page.ideas:
        board_card(idea, t, groups, titles)
    if page.total > len(page.ideas):
        st.button(t("resident.board.more"), on_click=_more, use_container_width=True)
