"""The report as a document outline: title lines and sections of texts, tables and
charts, every text already in German (or the translator's language) and formatted.

HTML and PDF render the same outline, so both show the same headings in the same order.
All values are plain text here; the renderers escape them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.dashboard.model import KpiValue
from quartier.events.model import language_name
from quartier.i18n import Translator
from quartier.report.data import MeasureLine, ReportData

FUNNEL_STAGES = ("eingereicht", "veroeffentlicht", "priorisiert", "massnahme", "umgesetzt")


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths (PDF)
    numeric: tuple[bool, ...]  # right-aligned columns
    empty: str = ""  # shown instead of a table without rows


@dataclass(frozen=True)
class Chart:
    name: str  # a key of images.CHARTS
    description: str  # alternative text / caption


@dataclass(frozen=True)
class Text:
    text: str
    note: bool = False  # small print


Block = Table | Chart | Text


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    subtitle: str
    lines: tuple[str, ...]
    sections: tuple[Section, ...]
    footer: str
    chart_missing: str


def change(value: int, t: Translator) -> str:
    """A change with its sign: ``+12``, ``−3``, ``±0`` (German separators)."""
    if value > 0:
        return "+" + t.number(value)
    if value < 0:
        return "\u2212" + t.number(-value)
    return "\u00b10"


def _share(value: float | None, t: Translator) -> str:
    """A share in percent (0–100, as the dashboard gives it) with one decimal."""
    if value is None:
        return "–"
    return t.number(round(value, 1)) + "\u00a0%"


def _kpis(kpis: tuple[KpiValue, ...], year: int, t: Translator) -> Section:
    rows = tuple(
        (t(f"dashboard.kpi.{v.kpi.value}"), t.number(v.value), t.number(v.previous),
         change(v.change, t))
        for v in kpis
    )  # fmt: skip
    table = Table(
        (t("report.col_kpi"), str(year), str(year - 1), t("report.col_change")),
        rows, (3.2, 1, 1, 1), (False, True, True, True), t("report.none"),
    )  # fmt: skip
    return Section(t("report.section_kpis", year=year, previous=year - 1), (table,))


def _reach(data: ReportData, t: Translator) -> Section:
    hidden = t("report.hidden", k=data.k)
    rows = tuple(
        (language_name(r.language, t.code) if r.language != "andere" else t("language.other"),
         hidden if r.reached is None else t.number(r.reached),
         _share(r.reached_share, t), _share(r.population_share, t))
        for r in data.reach.rows
    )  # fmt: skip
    table = Table(
        (t("report.col_language"), t("report.col_reached"), t("report.col_reached_share"),
         t("report.col_population_share")),
        rows, (2.2, 1, 1.2, 1.2), (False, True, True, True), t("report.reach_none"),
    )  # fmt: skip
    if data.reach.has_population:
        source = t("report.reach_source", source=data.population_source or "–",
                   year=data.population_year or "–")  # fmt: skip
    else:
        source = t("report.reach_no_population")
    return Section(
        t("report.section_reach"),
        (Text(t("report.reach_intro")), Chart("reach", t("report.chart_reach", year=data.year)),
         table, Text(source, note=True)),
    )  # fmt: skip


def _funnel(data: ReportData, t: Translator) -> Section:
    rows = tuple((t(f"report.funnel_{s.stage}"), t.number(s.ideas)) for s in data.funnel)
    table = Table(
        (t("report.col_stage"), t("report.col_ideas")), rows, (3, 1), (False, True),
        t("report.none"),
    )  # fmt: skip
    return Section(
        t("report.section_funnel"),
        (Text(t("report.funnel_intro", year=data.year)),
         Chart("funnel", t("report.chart_funnel", year=data.year)), table),
    )  # fmt: skip


def _events(data: ReportData, t: Translator) -> Section:
    def attendance(n: int | None, day: date) -> str:
        if n is not None:
            return t.number(n)
        return t("report.attendance_planned") if day > data.generated_on else "–"

    rows = tuple(
        (t.date(e.starts_on), e.title, t(f"event_type.{e.event_type}"), e.place,
         attendance(e.attendance, e.starts_on))
        for e in data.events
    )  # fmt: skip
    recorded = [e.attendance for e in data.events if e.attendance is not None]
    summary = t("report.events_summary", count=t.number(len(data.events)),
                people=t.number(sum(recorded)), recorded=t.number(len(recorded)))  # fmt: skip
    table = Table(
        (t("report.col_date"), t("report.col_title"), t("report.col_type"),
         t("report.col_place"), t("report.col_attendance")),
        rows, (1.1, 2.9, 1.6, 1.7, 1.5), (False, False, False, False, True),
        t("report.events_none", year=data.year),
    )  # fmt: skip
    blocks: tuple[Block, ...] = (Text(summary), table) if data.events else (table,)
    return Section(t("report.section_events"), blocks)


def _offerings(data: ReportData, t: Translator) -> Section:
    rows = tuple(
        (o.title, t(f"offering_kind.{o.kind}"), t.number(o.sessions), t.number(o.people))
        for o in data.offerings
    )
    table = Table(
        (t("report.col_offering"), t("report.col_kind"), t("report.col_sessions"),
         t("report.col_people")),
        rows, (3, 2, 1, 1), (False, False, True, True), t("report.offerings_none", year=data.year),
    )  # fmt: skip
    return Section(
        t("report.section_offerings"), (table, Text(t("report.offerings_note"), note=True))
    )


def _period(m: MeasureLine, t: Translator) -> str:
    if m.starts_on and m.ends_on:
        return f"{t.date(m.starts_on)} – {t.date(m.ends_on)}"
    if m.starts_on:
        return t("report.since", date=t.date(m.starts_on))
    return "–"


def _measures(data: ReportData, t: Translator) -> Section:
    rows = tuple(
        (m.title, t(f"measure.status.{m.status}"), _period(m, t),
         t("report.milestones_value", done=m.milestones_done, total=m.milestones)
         if m.milestones else "–",
         t.date(m.finished_on) if m.finished_on else "–")
        for m in data.measures
    )  # fmt: skip
    count = {s: sum(m.status == s for m in data.measures) for s in ("in_umsetzung", "geplant")}
    finished = sum(m.finished_on is not None for m in data.measures)
    summary = t("report.measures_summary", finished=finished, year=data.year,
                running=count["in_umsetzung"], planned=count["geplant"])  # fmt: skip
    table = Table(
        (t("report.col_measure"), t("report.col_status"), t("report.col_period"),
         t("report.col_milestones"), t("report.col_finished")),
        rows, (2.8, 1.3, 2.1, 1.4, 1.6), (False, False, False, True, False),
        t("report.measures_none", year=data.year),
    )  # fmt: skip
    return Section(t("report.section_measures"), (Text(summary), table))


def _network(data: ReportData, t: Translator) -> Section:
    n = data.network
    density = t.number(round(n.density * 100, 1)) + "\u00a0%"
    rows = (
        (t("report.net_actors", date=t.date(n.day)), t.number(n.actors)),
        (t("report.net_ties", date=t.date(n.day)), t.number(n.ties)),
        (t("report.net_new_actors"), t.number(n.new_actors)),
        (t("report.net_new_ties"), t.number(n.new_ties)),
        (t("report.net_ended_ties"), t.number(n.ended_ties)),
        (t("report.net_components"), t.number(n.components)),
        (t("report.net_isolates"), t.number(n.isolates)),
        (t("report.net_density"), density),
    )
    table = Table((t("report.col_kpi"), t("report.col_value")), rows, (4, 1), (False, True))
    return Section(
        t("report.section_network"),
        (Chart("growth", t("report.chart_growth", year=data.year)), table),
    )


def outline(data: ReportData, t: Translator) -> Outline:
    """The whole report, ready to render."""
    q = data.quartier
    place = f"{q.name}, {q.city}" if q.city else q.name
    lines = [
        t(
            "report.period",
            start=t.date(date(data.year, 1, 1)),
            end=t.date(date(data.year, 12, 31)),
        ),
        t("report.generated", date=t.date(data.generated_on)),
    ]
    if data.until < date(data.year, 12, 31):
        lines.append(t("report.running_year", date=t.date(data.until)))
    participation = Section(
        t("report.section_participation"),
        (Text(t("report.participation_intro")),
         Chart("participation", t("report.chart_participation", year=data.year))),
    )  # fmt: skip
    privacy = Section(t("report.section_privacy"), (Text(t("report.privacy_text", k=data.k)),))
    return Outline(
        title=t("report.doc_title", year=data.year),
        subtitle=t("report.doc_subtitle", place=place),
        lines=tuple(lines),
        sections=(
            _kpis(data.kpis, data.year, t),
            participation,
            _reach(data, t),
            _funnel(data, t),
            _events(data, t),
            _offerings(data, t),
            _measures(data, t),
            _network(data, t),
            privacy,
        ),  # fmt: skip
        footer=t("report.footer", year=data.year, name=q.name),
        chart_missing=t("report.chart_missing"),
    )
