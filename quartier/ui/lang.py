"""The session's language: picked in the sidebar, remembered in the URL (``?lang=``),
defaulting to the browser's locale."""

from __future__ import annotations

import streamlit as st

from quartier.i18n import (
    LANGUAGES,
    Translator,
    available_languages,
    negotiate,
    staff_languages,
    translator,
)

LANG_KEY = "lang"
_URL_SEEN = "_lang_in_url"  # the ``lang`` this session last wrote to the URL
#: The picker is labelled in every language on purpose: whoever reads it finds theirs.
PICKER_LABEL = "Sprache · Language · Dil · اللغة · Язык · Мова · Język"


def language_picker(*, in_sidebar: bool = True, for_residents: bool = False) -> Translator:
    """Render the language picker (labelled in every language) and return the translator.

    Staff find it in the sidebar; residents, often on a phone where the sidebar is
    folded away, get it at the top of the page, with every language (``for_residents``)
    on the pages written for them. The choice lives in this session and
    in the URL's ``lang`` parameter, so a reload, a bookmark or a QR code keeps it; a
    new visitor gets the browser's language.
    """
    options = list(available_languages() if for_residents else staff_languages())
    code = current_language()
    # A link that names a language (a QR code, a resident page opened after a staff
    # page) wins over the session; the picker keeps the URL in step after that.
    requested = st.query_params.get(LANG_KEY)
    if requested in options and requested != st.session_state.get(_URL_SEEN):
        code = str(requested)
    st.session_state[LANG_KEY] = code if code in options else options[0]
    if in_sidebar:
        target = st.sidebar
    else:
        _, target = st.columns([3, 1])
    code = str(
        target.selectbox(
            PICKER_LABEL,
            options,
            key=LANG_KEY,
            format_func=lambda c: LANGUAGES[c].native_name,
            label_visibility="visible" if in_sidebar else "collapsed",
        )
    )
    if st.query_params.get(LANG_KEY) != code:
        st.query_params[LANG_KEY] = code
    st.session_state[_URL_SEEN] = code
    t = translator(code)
    apply_direction(t)
    return t


def choose_language(code: str) -> None:
    """Make ``code`` this session's language and keep it in the URL."""
    st.session_state[LANG_KEY] = code
    st.query_params[LANG_KEY] = code
    st.session_state[_URL_SEEN] = code


def current_language() -> str:
    """This session's language without drawing anything: the session's choice, else the
    URL's ``lang``, else the browser's locale."""
    if LANG_KEY not in st.session_state:
        requested = st.query_params.get(LANG_KEY)
        st.session_state[LANG_KEY] = (
            requested if requested in available_languages() else negotiate(st.context.locale)
        )
    return str(st.session_state[LANG_KEY])


def apply_direction(t: Translator) -> None:
    """Lay the whole page out right to left for RTL languages: the main area and the
    sidebar's content (not the sidebar's frame, which Streamlit positions itself)."""
    if t.rtl:
        st.html(
            "<style>.stApp [data-testid='stMain'], .stApp [data-testid='stSidebarContent'],"
            " .stApp input, .stApp textarea, .stApp [data-testid='stHeading'],"
            " .stApp [data-testid='stHeading'] h1, .stApp [data-testid='stHeading'] h2,"
            " .stApp [data-testid='stHeading'] h3 { direction: rtl; text-align: right; }</style>"
        )
