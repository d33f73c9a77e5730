"""The router behind app.py: language, current user and the pages this role may see.

The navigation is rebuilt on every run from who is logged in. A page that is not in
the list cannot be opened by URL; pages in the list still check the role themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from quartier.auth import Action, Role, User, can
from quartier.auth.accounts import needs_onboarding
from quartier.i18n import Translator, translator
from quartier.storage import Database
from quartier.ui.components import plain
from quartier.ui.lang import current_language, language_picker
from quartier.ui.resources import database
from quartier.ui.session import current_user

CONTEXT_KEY = "_page_context"
RESIDENT_SURVEY_PATH = "umfrage"
#: Pages for residents: their language picker offers every language, not only staff's.
RESIDENT_PATHS = frozenset({"idee", "status", "ideen", "kalender"})
ONBOARDING_KEY = "_onboarding_open"


@dataclass(frozen=True)
class PageContext:
    db: Database
    user: User
    t: Translator


def page_context() -> PageContext:
    """What the router resolved for this run: database, user and translator."""
    ctx = st.session_state[CONTEXT_KEY]
    assert isinstance(ctx, PageContext), "pages run only through the router in app.py"
    return ctx


def _page(path: str, title: str, url_path: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(path, title=title, url_path=url_path, icon=icon, default=default)


def pages_for(db: Database, user: User, t: Translator) -> dict[str, list[st.Page]]:
    """The navigation for ``user``: public pages, then work, admin and account sections."""
    fresh_installation = needs_onboarding(db)
    onboarding = fresh_installation or bool(st.session_state.get(ONBOARDING_KEY))
    if fresh_installation:
        return {"": [_page("pages/onboarding.py", t("nav.onboarding"), "einrichtung",
                           ":material/rocket_launch:", default=True)]}  # fmt: skip
    nav: dict[str, list[st.Page]] = {}
    public = [_page("pages/start.py", t("nav.start"), "start", ":material/home:", not onboarding)]
    # Residents reach a survey by link or QR code only; it is not in the menu.
    public.append(
        st.Page("pages/survey_public.py", title=t("nav.survey_public"), url_path="umfrage",
                icon=":material/edit_note:", visibility="hidden")
    )  # fmt: skip
    public += [
        _page("pages/ideas_board.py", t("nav.ideas_board"), "ideen", ":material/lightbulb:"),
        _page("pages/idea_submit.py", t("nav.idea_submit"), "idee", ":material/add_comment:"),
        _page("pages/idea_status.py", t("nav.idea_status"), "status", ":material/travel_explore:"),
        _page("pages/calendar.py", t("nav.calendar"), "kalender", ":material/event:"),
    ]
    if onboarding:
        public.insert(0, _page("pages/onboarding.py", t("nav.onboarding"), "einrichtung",
                               ":material/rocket_launch:", default=True))  # fmt: skip
    if can(user, Action.LOG_IN):
        public.append(_page("pages/login.py", t("nav.login"), "anmelden", ":material/login:"))
    nav[""] = public
    if user.is_authenticated and user.role in (Role.MEMBER, Role.COORDINATOR, Role.ADMIN):
        nav[t("nav.section.work")] = [
            _page(
                "pages/my_quartier.py", t("nav.my_quartier"), "mein-quartier", ":material/groups:"
            ),
            _page("pages/working_groups.py", t("nav.working_groups"), "arbeitsgruppen",
                  ":material/diversity_3:"),
            _page("pages/rounds.py", t("nav.rounds"), "priorisierung", ":material/how_to_vote:"),
            _page("pages/measures.py", t("nav.measures"), "massnahmen", ":material/flag:"),
        ]  # fmt: skip
    if user.is_authenticated and user.is_active and user.role in (Role.COORDINATOR, Role.ADMIN):
        nav[t("nav.section.work")].insert(
            1, _page("pages/idea_moderation.py", t("nav.idea_moderation"), "ideen-moderation",
                     ":material/fact_check:")
        )  # fmt: skip
    if user.is_authenticated and user.is_active and user.role in (Role.COORDINATOR, Role.ADMIN):
        nav[t("nav.section.surveys")] = [
            _page("pages/surveys.py", t("nav.surveys"), "umfragen", ":material/ballot:"),
            _page("pages/survey_builder.py", t("nav.survey_builder"), "umfrage-bearbeiten",
                  ":material/edit_document:"),
            _page("pages/survey_results.py", t("nav.survey_results"), "ergebnisse",
                  ":material/bar_chart:"),
            _page("pages/paper_entry.py", t("nav.paper_entry"), "papiereingabe",
                  ":material/keyboard:"),
        ]  # fmt: skip
    if user.is_authenticated and user.is_active and user.role in (Role.COORDINATOR, Role.ADMIN):
        nav[t("nav.section.network")] = [
            _page("pages/network.py", t("nav.network"), "netzwerk", ":material/hub:"),
            _page("pages/actors.py", t("nav.actors"), "akteure", ":material/account_tree:"),
        ]
    if user.is_authenticated and user.is_active and user.role in (Role.COORDINATOR, Role.ADMIN):
        nav[t("nav.section.events")] = [
            _page("pages/dashboard.py", t("nav.dashboard"), "dashboard", ":material/monitoring:"),
            _page("pages/events.py", t("nav.events"), "veranstaltungen",
                  ":material/celebration:"),
            _page("pages/offerings.py", t("nav.offerings"), "angebote",
                  ":material/volunteer_activism:"),
            _page("pages/report.py", t("nav.report"), "bericht", ":material/summarize:"),
        ]  # fmt: skip
    if can(user, Action.MANAGE_USERS):
        nav[t("nav.section.admin")] = [
            _page("pages/users.py", t("nav.users"), "benutzer", ":material/manage_accounts:"),
            _page(
                "pages/quartiers.py", t("nav.quartiers"), "quartiere", ":material/location_city:"
            ),
            _page("pages/backup.py", t("nav.backup"), "sicherung", ":material/backup:"),
        ]
    if can(user, Action.MANAGE_OWN_ACCOUNT):
        nav[t("nav.section.account")] = [
            _page("pages/account.py", t("nav.account"), "konto", ":material/person:"),
            _page("pages/logout.py", t("nav.logout"), "abmelden", ":material/logout:"),
        ]
    return nav


def _sidebar_identity(user: User, t: Translator) -> None:
    if user.is_authenticated:
        st.sidebar.caption(
            t(
                "nav.logged_in_as",
                name=plain(user.display_name or user.username),
                role=t(f"role.{user.role}"),
            )
        )


def run() -> None:
    # An emoji icon is drawn inline; a :material: icon would make every browser fetch the
    # favicon from Google's font servers.
    st.set_page_config(page_title="Quartier", page_icon="🏘️", layout="wide")
    db = database()
    user = current_user(db)
    kiosk = st.query_params.get("kiosk") == "1"
    t = translator(current_language())
    # Every page stays listed: the folded list's "View N more" is Streamlit's own English.
    navigation = st.navigation(
        pages_for(db, user, t), position="hidden" if kiosk else "sidebar", expanded=True
    )
    # The survey page offers the survey's own languages itself.
    if navigation.url_path in RESIDENT_PATHS:
        t = language_picker(in_sidebar=False, for_residents=True)
    elif navigation.url_path != RESIDENT_SURVEY_PATH:
        t = language_picker(in_sidebar=user.is_authenticated)
    st.session_state[CONTEXT_KEY] = PageContext(db, user, t)
    if not kiosk:
        _sidebar_identity(user, t)
    navigation.run()
