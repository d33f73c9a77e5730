"""Small pieces every page uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import streamlit as st

from quartier.auth import Action, User, can
from quartier.auth.passwords import MIN_LENGTH
from quartier.auth.permissions import Resource
from quartier.errors import QuartierError
from quartier.i18n import Translator

# ":" and "@" too: the renderer turns URLs and e-mail addresses into links even with
# their dots escaped, and then shows the backslashes inside the link.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@])")


def plain(text: str) -> str:
    """Escape Markdown so user text is shown literally (no links, no HTML, no formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def new_password_fields(t: Translator, label_key: str) -> tuple[str, str]:
    """A new password twice, with the rule under it; check both with ``check_repeated``."""
    password = st.text_input(t(label_key), type="password", autocomplete="new-password")
    repeat = st.text_input(
        t("account.repeat_password"), type="password", autocomplete="new-password"
    )
    st.caption(t("errors.password_rule", min=MIN_LENGTH))
    return password, repeat


def show_error(t: Translator, exc: QuartierError) -> None:
    """Show a domain error in the user's language."""
    st.error(exc.text(t.code, quote=plain), icon=":material/error:")


def require(user: User, action: Action, t: Translator, resource: Resource = None) -> None:
    """Stop the page unless ``user`` may do ``action`` — pages check even when the
    navigation already hides them, because a hidden page can still be opened by URL."""
    if can(user, action, resource):
        return
    if user.is_authenticated:
        st.error(t("common.not_allowed"), icon=":material/block:")
    else:
        st.warning(t("common.login_needed"), icon=":material/lock:")
    st.stop()


_FLASH_KEY = "_flash"


def flash_and_rerun(message: str) -> None:
    """Rerun the page (so lists show the change) and show ``message`` once on top."""
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def run_action(
    t: Translator, action: Callable[[], object], message: str | Callable[[], str]
) -> None:
    """One domain call for one user action: on success rerun the page with ``message`` on
    top (a callable is asked only then); a QuartierError is shown here instead."""
    try:
        action()
    except QuartierError as exc:
        show_error(t, exc)
    else:
        flash_and_rerun(message() if callable(message) else message)


def show_flash() -> None:
    if message := st.session_state.pop(_FLASH_KEY, None):
        st.success(message, icon=":material/check_circle:")


def param_id(name: str) -> int | None:
    """The id a link names in ``?name=``, or None for anything that is not a number."""
    raw = str(st.query_params.get(name, ""))
    return int(raw) if raw.isascii() and raw.isdigit() else None  # "²".isdigit(), but int fails


def pick[T](label: str, by_id: Mapping[int, T], key: str, format_func: Callable[[int], str]) -> T:
    """A selectbox over ``by_id`` whose remembered choice is dropped once it is gone."""
    if st.session_state.get(key) not in by_id:
        st.session_state.pop(key, None)
    chosen = st.selectbox(label, list(by_id), format_func=format_func, key=key)
    return by_id[int(chosen)]


def linked_pick[T](
    label: str, by_id: Mapping[int, T], key: str, param: str, format_func: Callable[[int], str]
) -> T:
    """``pick`` that opens on the item a link names (``?param=ID``) and keeps the URL
    naming the shown one. A link counts when the picker has no choice yet: to show an
    item after creating it, set the parameter and drop ``key`` (see ``show_linked``).

    The labels must not change while the page is open (a state, say): Streamlit knows
    the chosen option by its label."""
    wanted = param_id(param)
    if key not in st.session_state and wanted in by_id:
        st.session_state[key] = wanted
    chosen = pick(label, by_id, key, format_func)
    st.query_params[param] = str(st.session_state[key])
    return chosen


def show_linked(param: str, item_id: int, key: str) -> None:
    """Make ``linked_pick`` show ``item_id`` on the next run."""
    st.query_params[param] = str(item_id)
    st.session_state.pop(key, None)
