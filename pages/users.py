"""Benutzer (admin): create accounts, change role and Quartiere, deactivate, reset passwords."""

import streamlit as st

from quartier.auth import ACCOUNT_ROLES, Action, Role
from quartier.auth import accounts as acc
from quartier.auth.passwords import generate_password
from quartier.errors import QuartierError
from quartier.quartiers import list_quartiers
from quartier.ui.components import flash_and_rerun, require, show_error, show_flash
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_USERS, t)
st.title(t("users.title"))
show_flash()

quartiers = {q.id: q for q in list_quartiers(ctx.db)}
accounts = acc.list_accounts(ctx.db, ctx.user)


def role_label(role: Role) -> str:
    return t(f"role.{role}")


st.dataframe(
    [
        {
            t("field.username"): a.username,
            t("field.display_name"): a.display_name,
            t("field.role"): role_label(a.role),
            t("users.active"): "✓" if a.is_active else "—",
            t("account.quartiers"): ", ".join(quartiers[i].name for i in a.quartier_ids),
        }
        for a in accounts
    ],
    hide_index=True,
)

with st.expander(t("users.create"), icon=":material/person_add:"):
    with st.form("create_user", clear_on_submit=True):
        username = st.text_input(t("field.username"), max_chars=40)
        display_name = st.text_input(t("field.display_name"), max_chars=80)
        role = st.selectbox(t("field.role"), ACCOUNT_ROLES, format_func=role_label)
        chosen = st.multiselect(
            t("account.quartiers"), list(quartiers), format_func=lambda i: quartiers[i].name
        )
        password = st.text_input(t("users.initial_password"), type="password")
        st.caption(t("users.initial_password_help"))
        if st.form_submit_button(t("users.create_submit"), type="primary"):
            initial = password or generate_password()
            try:
                user = acc.create_user(
                    ctx.db, ctx.user, username, initial, role, display_name, chosen
                )
            except QuartierError as exc:
                show_error(t, exc)
            else:
                message = t("users.created", username=user.username)
                if not password:
                    message += " " + t("users.password_once", password=initial)
                flash_and_rerun(message)

st.subheader(t("users.edit"))
by_id = {a.id: a for a in accounts}
selected = st.selectbox(
    t("users.choose"), list(by_id), format_func=lambda i: by_id[i].username, key="edit_user"
)
if selected is not None:
    target = by_id[selected]
    with st.form(f"edit_{target.id}"):
        new_name = st.text_input(t("field.display_name"), value=target.display_name)
        new_role = st.selectbox(
            t("field.role"),
            ACCOUNT_ROLES,
            index=ACCOUNT_ROLES.index(target.role),
            format_func=role_label,
        )
        new_ids = st.multiselect(
            t("account.quartiers"),
            list(quartiers),
            default=list(target.quartier_ids),
            format_func=lambda i: quartiers[i].name,
        )
        if st.form_submit_button(t("common.save"), type="primary"):
            try:
                acc.update_account(
                    ctx.db,
                    ctx.user,
                    target.id,
                    role=new_role,
                    quartier_ids=new_ids,
                    display_name=new_name,
                )
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(t("users.saved", username=target.username))

    left, right = st.columns(2)
    toggle_label = t("users.deactivate") if target.is_active else t("users.reactivate")
    if left.button(toggle_label, icon=":material/person_off:"):
        try:
            acc.set_active(ctx.db, ctx.user, target.id, not target.is_active)
        except QuartierError as exc:
            show_error(t, exc)
        else:
            flash_and_rerun(t("users.saved", username=target.username))
    if right.button(
        t("users.reset_password"),
        icon=":material/key:",
        disabled=target.id == ctx.user.id,
        help=t("errors.reset_self") if target.id == ctx.user.id else None,
    ):
        new_password = generate_password()
        try:
            acc.reset_password(ctx.db, ctx.user, target.id, new_password)
        except QuartierError as exc:
            show_error(t, exc)
        else:
            flash_and_rerun(
                t("users.password_reset", username=target.username, password=new_password)
            )
