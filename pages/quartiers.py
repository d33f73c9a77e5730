"""Quartiere (admin): create and rename neighbourhoods, edit their public texts, load the demo."""

import streamlit as st

from quartier import demo
from quartier.auth import Action
from quartier.errors import QuartierError
from quartier.quartiers import create_quartier, list_quartiers, update_quartier
from quartier.ui.components import flash_and_rerun, plain, require, show_error, show_flash
from quartier.ui.demo import load_demo_button, show_demo_accounts
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_QUARTIERS, t)
st.title(t("quartiers.title"))
show_flash()
show_demo_accounts(t)

quartiers = list_quartiers(ctx.db)
st.dataframe(
    [
        {t("field.slug"): q.slug, t("field.name"): q.name, t("field.city"): q.city}
        for q in quartiers
    ],
    hide_index=True,
)

with st.expander(t("quartiers.create"), icon=":material/add_location_alt:"):
    with st.form("create_quartier", clear_on_submit=True):
        name = st.text_input(t("field.name"), max_chars=80)
        slug = st.text_input(t("field.slug"), max_chars=40, help=t("quartiers.slug_help"))
        city = st.text_input(t("field.city"), max_chars=80)
        if st.form_submit_button(t("quartiers.create_submit"), type="primary"):
            try:
                created = create_quartier(ctx.db, ctx.user, slug, name, city)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(t("quartiers.created", name=plain(created.name)))

if quartiers:
    st.subheader(t("quartiers.edit"))
    by_id = {q.id: q for q in quartiers}
    chosen = st.selectbox(
        t("start.choose_quartier"), list(by_id), format_func=lambda i: by_id[i].name, key="eq"
    )
    q = by_id[chosen]
    with st.form(f"edit_quartier_{q.id}"):
        st.caption(t("quartiers.slug_fixed", slug=q.slug))
        new_name = st.text_input(t("field.name"), value=q.name, max_chars=80)
        new_city = st.text_input(t("field.city"), value=q.city, max_chars=80)
        description = st.text_area(t("field.description"), value=q.description, max_chars=2000)
        address = st.text_input(t("field.office_address"), value=q.office_address, max_chars=200)
        hours = st.text_input(t("field.office_hours"), value=q.office_hours, max_chars=200)
        if st.form_submit_button(t("common.save"), type="primary"):
            try:
                update_quartier(
                    ctx.db,
                    ctx.user,
                    q.id,
                    name=new_name,
                    city=new_city,
                    description=description,
                    office_address=address,
                    office_hours=hours,
                )
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(t("quartiers.saved", name=plain(new_name)))

if not demo.is_seeded(ctx.db):
    st.subheader(t("demo.title"))
    st.write(t("demo.explain"))
    load_demo_button(ctx.db, t)
