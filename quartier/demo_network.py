"""The Musterviertel's actor network for the demo: ties over five years and links.

About 60 ties among the demo actors, from 2021 to 2026, some of them ended: the map of
two years ago holds clearly fewer ties than today's. The structure gives the metrics
something to talk about:

- the Integrationsbeauftragte is the only bridge between the migrant organisations and
  religious communities on one side and the schools, offices and providers on the
  other: without her the network falls apart (an articulation point);
- the Polizei-Bezirksdienst has no tie at all (an isolate: who is missing?).

Ties, event and measure links go through the functions the pages call (as the demo
coordinator); afterwards the ties' timestamps are moved back to when they would have been
entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.auth import User
from quartier.events import list_events
from quartier.ideas import list_groups, set_member_actor
from quartier.measures import list_measures, update_measure
from quartier.network.actions import create_tie
from quartier.network.actors import list_actors
from quartier.network.links import link_event, link_measure
from quartier.network.model import EventRole, MeasureRole, TieDraft, TieType
from quartier.storage import Database

#: The broker whose removal splits the network, and the actor without any tie.
BROKER = "Integrationsbeauftragte der Stadt"
ISOLATE = "Polizei – Bezirksdienst Nord"

#: The umbrella of the migrant organisations (its office is with the Integrationsbeauftragte).
UMBRELLA = "Forum der Migrantenorganisationen Musterstadt"

# Short names for the demo actors, to keep the tie table readable.
NAMES = {
    "GS": "Grundschule am Lindenplatz",
    "GES": "Gesamtschule Nord",
    "KR": "Kita Regenbogen",
    "KSJ": "Kita St. Josef",
    "FH": "Frühe Hilfen Musterstadt",
    "IB": BROKER,
    "JA": "Jugendamt – Bezirkssozialdienst Nord",
    "WB": "Wohnbau Musterstadt GmbH",
    "BR": "Stadt Musterstadt – Stabsstelle Bildungsregion",
    "DEZ": "Dezernat für Bildung, Arbeit und Soziales",
    "NNH": "Neue Nachbarschaftshilfe e. V.",
    "CAR": "Caritas Migrationsberatung",
    "AWO": "AWO Familienzentrum Nord",
    "JZ": "Jugendzentrum Kompass",
    "MOS": "Moscheegemeinde Mevlana",
    "EVK": "Ev. Kirchengemeinde St. Markus",
    "KATH": "Kath. Pfarrei St. Josef",
    "SV": "SV Musterviertel 1921 e. V.",
    "DTE": "Deutsch-Türkischer Elternverein",
    "UKR": "Verein ukrainischer Familien e. V.",
    "ARB": "Arabischer Kulturverein Al-Jisr",
    "BIB": "Stadtteilbibliothek Nord",
    "BI": "Bewohnerinitiative Lindenplatz",
    "MT": "Mietertreff Goethestraße",
    "JC": "Jobcenter Musterstadt – Standort Nord",
    "BS": "Bürgerstiftung Musterstadt",
    "SPK": "Sparkassenstiftung Musterstadt",
    "LB": "Hausaufgabenhilfe Lernbrücke",
    "SEN": "Seniorentreff Lindenhof",
    "NAEH": "Nähcafé Fadenreich",
    "FORUM": UMBRELLA,
}

K, F, M, V, KV = (TieType.COOPERATION, TieType.FUNDING, TieType.MEMBERSHIP, TieType.REFERRAL,
                  TieType.CONTRACT)  # fmt: skip

# source, target, type, strength, starts on, ends on, notes. Direction: funder → funded,
# member → umbrella, referring → referred to.
# fmt: off
TIES: tuple[tuple[str, str, TieType, int, date, date | None, str], ...] = (
    # Schools, youth welfare, early help, Kitas
    ("GS", "JA", K, 3, date(2021, 2, 1), None, "Schulsozialarbeit und Bezirkssozialdienst: Fallberatung, Kinderschutz"),  # noqa: E501
    ("GES", "JA", K, 2, date(2022, 9, 1), None, "Fallberatung mit der Schulsozialarbeit"),
    ("FH", "JA", V, 2, date(2021, 1, 1), None, "Weiterleitung bei erhöhtem Hilfebedarf"),
    ("FH", "KR", K, 3, date(2021, 5, 1), None, "Familienhebamme und Elterncafé in der Kita"),
    ("FH", "AWO", K, 2, date(2022, 2, 1), None, "Babytreff im Familienzentrum"),
    ("KR", "GS", K, 2, date(2021, 10, 1), None, "Übergang Kita–Grundschule"),
    ("KSJ", "GS", K, 2, date(2023, 8, 1), None, "Übergang Kita–Grundschule"),
    ("KSJ", "AWO", K, 1, date(2025, 10, 1), None, "Elternkurse"),
    ("JA", "AWO", V, 2, date(2022, 5, 1), None, "Familien in Beratung und Elternkurse"),
    ("JA", "JZ", KV, 3, date(2021, 1, 1), None, "Leistungsvereinbarung offene Jugendarbeit"),
    ("JZ", "GES", K, 3, date(2022, 10, 1), None, "Angebote im offenen Ganztag"),
    ("JZ", "SV", K, 2, date(2021, 6, 1), date(2023, 6, 30), "Mitternachtssport"),
    ("JZ", "SV", K, 2, date(2026, 4, 1), None, "Mitternachtssport, wieder aufgenommen"),
    ("SV", "GS", K, 1, date(2025, 3, 1), None, "Bewegte Pause"),
    ("LB", "GS", K, 3, date(2021, 3, 1), None, "Hausaufgabenhilfe in den Räumen der Schule"),
    ("BIB", "GS", K, 2, date(2021, 11, 1), None, "Lesepatenschaften"),
    ("BIB", "KR", K, 1, date(2025, 1, 15), None, "Vorlesestunde in der Kita"),
    # City, education region, job centre
    ("BR", "GS", KV, 2, date(2022, 8, 1), None, "Kooperationsvereinbarung Bildungsregion"),
    ("BR", "GES", KV, 2, date(2022, 8, 1), None, "Kooperationsvereinbarung Bildungsregion"),
    ("DEZ", "BR", K, 3, date(2021, 1, 1), None, "Steuerung der Bildungsregion"),
    ("DEZ", "NNH", F, 3, date(2021, 1, 1), None, "Finanzierung des Quartiersmanagements"),
    ("DEZ", "JC", K, 2, date(2026, 1, 15), None, "Kommunale Arbeitsmarktstrategie"),
    ("JC", "GES", K, 2, date(2025, 1, 1), None, "Berufsorientierung ab Klasse 8"),
    ("JC", "AWO", V, 1, date(2023, 3, 1), None, "Eltern in Familienbildungskurse"),
    ("CAR", "JC", V, 2, date(2021, 4, 1), None, "Verweis bei Fragen zu Bürgergeld und Arbeit"),
    ("CAR", "NNH", V, 2, date(2022, 1, 1), None, "Sozialberatung im Quartiersbüro"),
    # Quartiersbüro, housing, residents
    ("WB", "NNH", KV, 3, date(2021, 7, 1), None, "Räume des Quartiersbüros, gemeinsame Mietersprechstunde"),  # noqa: E501
    ("WB", "MT", K, 2, date(2021, 1, 1), date(2023, 12, 31), "Mieterversammlungen Goethestraße"),
    ("WB", "BI", K, 1, date(2023, 5, 1), None, "Hofgestaltung Lindenplatz"),
    ("WB", "SEN", F, 1, date(2025, 6, 1), None, "Mietfreier Treffraum"),
    ("MT", "NNH", M, 1, date(2021, 6, 1), date(2023, 12, 31), ""),
    ("BI", "NNH", M, 1, date(2022, 4, 1), None, "Der Sprecherkreis ist Vereinsmitglied"),
    ("LB", "NNH", M, 2, date(2021, 1, 15), None, "Ehrenamtsprojekt des Vereins"),
    ("NNH", "GS", K, 2, date(2025, 9, 1), None, "Elterncafé"),
    ("NNH", "SEN", K, 2, date(2025, 4, 1), None, "Erzählcafé und Besuchsdienst"),
    ("NNH", "BIB", K, 1, date(2026, 3, 1), None, "Sprachcafé in der Bibliothek"),
    # Foundations
    ("BS", "LB", F, 2, date(2021, 9, 1), date(2022, 8, 31), "Anschubfinanzierung Lernmaterial"),
    ("BS", "BI", F, 2, date(2022, 3, 1), date(2023, 2, 28), "Frühlingsfest 2022"),
    ("BS", "BI", F, 2, date(2025, 3, 1), None, "Hofflohmärkte"),
    ("BS", "JZ", F, 2, date(2023, 1, 1), None, "Bandraum"),
    ("BS", "SV", F, 1, date(2025, 5, 1), None, "Ferienfußballcamp"),
    ("SPK", "LB", F, 2, date(2024, 1, 1), None, "Lernmaterial und Ehrenamtspauschalen"),
    ("SPK", "BIB", F, 1, date(2025, 9, 1), None, "Mehrsprachige Kinderbücher"),
    # The broker: the only way between the two sides
    ("IB", "FORUM", K, 3, date(2021, 4, 1), None, "Geschäftsstelle des Forums"),
    ("IB", "DTE", K, 2, date(2021, 6, 1), date(2024, 6, 30), "Elternprojekt „Bildung von Anfang an“"),  # noqa: E501
    ("IB", "ARB", F, 1, date(2023, 1, 1), None, "Integrationsfonds"),
    ("IB", "UKR", K, 2, date(2022, 6, 15), None, "Ankommen ukrainischer Familien"),
    ("IB", "CAR", V, 2, date(2021, 2, 1), None, "Weiterleitung zur Migrationsberatung"),
    ("IB", "NNH", K, 2, date(2021, 5, 1), None, "Interkulturelle Woche"),
    ("IB", "DEZ", K, 2, date(2022, 1, 1), None, "Integrationskonzept der Stadt"),
    ("IB", "JC", K, 1, date(2025, 5, 1), None, "Berufssprachkurse"),
    # Migrant organisations and religious communities
    ("DTE", "FORUM", M, 2, date(2021, 5, 1), None, ""),
    ("ARB", "FORUM", M, 2, date(2021, 9, 1), None, ""),
    ("MOS", "FORUM", M, 2, date(2022, 1, 1), None, ""),
    ("UKR", "FORUM", M, 1, date(2023, 2, 1), None, ""),
    ("DTE", "MOS", K, 2, date(2021, 3, 1), None, "Elternabende in der Moschee"),
    ("ARB", "MOS", K, 1, date(2022, 3, 1), date(2023, 9, 30), "Gemeinsames Iftar"),
    ("MOS", "EVK", K, 2, date(2021, 10, 1), None, "Interreligiöser Dialog"),
    ("EVK", "KATH", K, 3, date(2021, 1, 1), None, "Ökumenischer Besuchsdienst"),
    ("KATH", "MOS", K, 1, date(2023, 4, 1), None, "Friedensgebet der Religionen"),
    ("KATH", "UKR", K, 2, date(2022, 7, 1), None, "Räume für Treffen ukrainischer Familien"),
    ("NAEH", "EVK", K, 1, date(2024, 3, 15), None, "Nähcafé im Gemeindehaus"),
    ("NAEH", "UKR", K, 2, date(2025, 6, 1), None, "Nähkurse auf Ukrainisch und Deutsch"),
)
# fmt: on

# Working-group members who stand for an actor: group, username, actor.
MEMBERS: tuple[tuple[str, str, str], ...] = (
    ("Kinder & Jugend", "demo-ag-kinder-2", "DTE"),
    ("Kinder & Jugend", "demo-ag-kinder-3", "JZ"),
    ("Kinder & Jugend", "demo-ag-kinder-4", "GS"),
    ("Interkultureller Austausch", "demo-mitglied-austausch", "UKR"),
    ("Interkultureller Austausch", "demo-ag-austausch-2", "NAEH"),
    ("Interkultureller Austausch", "demo-ag-austausch-3", "MOS"),
)

# Event title (start), actor, role.
EVENT_LINKS: tuple[tuple[str, str, EventRole], ...] = (
    ("Internationales Kinderfest", "NNH", EventRole.ORGANISER),
    ("Internationales Kinderfest", "AWO", EventRole.PARTNER),
    ("Internationales Kinderfest", "DTE", EventRole.PARTNER),
    ("Internationales Kinderfest", "IB", EventRole.PARTNER),
    ("Internationales Kinderfest", "JZ", EventRole.PARTNER),
    ("Internationales Kinderfest", "GS", EventRole.VENUE),
    ("Stadtteilfest", "NNH", EventRole.ORGANISER),
    ("Stadtteilfest", "BI", EventRole.ORGANISER),
    ("Stadtteilfest", "WB", EventRole.PARTNER),
    ("Stadtteilfest", "SV", EventRole.PARTNER),
    ("Stadtteilfest", "MOS", EventRole.PARTNER),
    ("Stadtteilfest", "EVK", EventRole.PARTNER),
)

# The demo measures by their "responsible" text: responsible actor, funders, partners.
MEASURES: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {
    "Jugendtreff": ("JZ", ("BS",), ("GS", "KR")),
    "Quartiersbüro": ("NNH", (), ("BIB",)),
    "Träger der Jugendhilfe": (None, ("BS",), ("SV", "JZ")),
    "Schulsozialarbeit": ("GS", ("DEZ",), ()),
    "Nähcafé Fadenreich": ("NAEH", ("DEZ",), ("AWO",)),
    "Seniorentreff": ("SEN", ("DEZ",), ("EVK",)),
}


#: The year the tie dates above were written for; in later years they move on with the
#: calendar, so "two years ago" always shows fewer ties than today.
DATED_IN = 2026


def _later(day: date | None, years: int) -> date | None:
    """``day`` moved ``years`` later (the dates above avoid 29 February).

    >>> _later(date(2021, 3, 1), 2)
    datetime.date(2023, 3, 1)
    """
    return None if day is None else day.replace(year=day.year + years)


@dataclass(frozen=True)
class NetworkDemo:
    actors: int  # in the Quartier after seeding
    ties: int


def _link_members(db: Database, coordinator: User, quartier_id: int, ids: dict[str, int]) -> None:
    """Let some members of the demo's working groups stand for an actor."""
    groups = {g.name: g.id for g in list_groups(db, quartier_id)}
    with db.read() as cur:
        users = dict(cur.execute("SELECT username, id FROM users").fetchall())
    for group, username, actor in MEMBERS:
        if group in groups and username in users:
            set_member_actor(db, coordinator, groups[group], int(users[username]), ids[actor])


def _link_events(db: Database, coordinator: User, quartier_id: int, ids: dict[str, int]) -> None:
    events = list_events(db, quartier_id)
    for title, actor, role in EVENT_LINKS:
        for event in events:
            if event.title.startswith(title):
                link_event(db, coordinator, event.id, ids[actor], role)


def _link_measures(db: Database, coordinator: User, quartier_id: int, ids: dict[str, int]) -> None:
    for m in list_measures(db, quartier_id):
        if m.responsible not in MEASURES:
            continue
        responsible, funders, partners = MEASURES[m.responsible]
        if responsible is not None:
            update_measure(db, coordinator, m.id, m.title, group_id=m.group_id,
                           description=m.description, responsible=m.responsible,
                           responsible_actor_id=ids[responsible], partners=m.partners,
                           budget_cents=m.budget_cents, starts_on=m.starts_on,
                           ends_on=m.ends_on)  # fmt: skip
        for funder in funders:
            link_measure(db, coordinator, m.id, ids[funder], MeasureRole.FUNDER)
        for partner in partners:
            link_measure(db, coordinator, m.id, ids[partner], MeasureRole.PARTNER)


def seed_network(db: Database, quartier_id: int, coordinator: User) -> NetworkDemo:
    """Add the ties and the links of the Musterviertel.

    Expects the actors of ``quartier.demo`` and the working groups, events and measures of
    the ideas demo; links to whatever of those is missing are left out.
    """
    by_name = {a.name: a.id for a in list_actors(db, quartier_id)}
    ids = {short: by_name[name] for short, name in NAMES.items()}
    years = max(0, date.today().year - DATED_IN)
    for source, target, kind, strength, starts_on, ends_on, notes in TIES:
        draft = TieDraft(
            ids[source], ids[target], kind, strength, _later(starts_on, years),
            _later(ends_on, years), notes,
        )  # fmt: skip
        create_tie(db, coordinator, quartier_id, draft)
    with db.transaction() as cur:
        # Entered a week after each tie began; an end a few days after it happened.
        cur.execute(
            "UPDATE ties SET created_at = least(now(), CAST(starts_on AS TIMESTAMPTZ)"
            " + INTERVAL 7 DAY + INTERVAL 10 HOUR), updated_at = CASE WHEN ends_on IS NULL"
            " THEN NULL ELSE least(now(), CAST(ends_on AS TIMESTAMPTZ) + INTERVAL 3 DAY"
            " + INTERVAL 10 HOUR) END WHERE quartier_id = ?",
            [quartier_id],
        )
    _link_members(db, coordinator, quartier_id, ids)
    _link_events(db, coordinator, quartier_id, ids)
    _link_measures(db, coordinator, quartier_id, ids)
    return NetworkDemo(actors=len(by_name), ties=len(TIES))
