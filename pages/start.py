"""Start: the public landing page of the chosen Quartier."""

from datetime import date

import streamlit as st

from quartier.charts import horizontal_counts
from quartier.overview import public_overview
from quartier.quartiers import list_quartiers
from quartier.ui.components import plain
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
quartiers = list_quartiers(ctx.db)

if not quartiers:
    st.title(t("start.welcome_title"))
    st.info(t("start.no_quartier"), icon=":material/info:")
    st.stop()

by_slug = {q.slug: q for q in quartiers}
# ?q=<slug> opens one Quartier (links and QR codes keep working after a rename).
requested = st.query_params.get("q")
slug = requested if requested in by_slug else next(iter(by_slug))
if len(quartiers) > 1:
    slug = st.selectbox(
        t("start.choose_quartier"),
        list(by_slug),
        index=list(by_slug).index(slug),
        format_func=lambda s: by_slug[s].name,
        key="start_quartier",
    )
    if st.query_params.get("q") != slug:
        st.query_params["q"] = slug
overview = public_overview(ctx.db, by_slug[slug], date.today())
quartier = overview.quartier

st.title(plain(quartier.name))
if quartier.city:
    st.caption(plain(quartier.city))
if quartier.description:
    st.markdown(plain(quartier.description))

office, network = st.columns([1, 1], gap="large")
with office:
    st.subheader(t("start.office"), divider="gray")
    if quartier.office_address:
        st.markdown(f":material/location_on: {plain(quartier.office_address)}")
    if quartier.office_hours:
        st.markdown(f":material/schedule: {plain(quartier.office_hours)}")
    if not (quartier.office_address or quartier.office_hours):
        st.caption(t("start.office_unknown"))

with network:
    st.subheader(t("start.who_takes_part"), divider="gray")
    if overview.active_actors:
        st.metric(t("start.active_actors"), t.number(overview.active_actors))
        counts = [(t(f"actor_type.{kind}"), n) for kind, n in overview.actors_by_type]
        st.plotly_chart(
            horizontal_counts(counts, rtl=t.rtl),
            config={"displayModeBar": False, "staticPlot": False},
            width="stretch",
        )
    else:
        st.caption(t("start.no_actors"))

st.subheader(t("start.take_part"), divider="gray")
st.markdown(t("start.take_part_text"))
