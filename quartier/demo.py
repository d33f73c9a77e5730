"""The demo neighbourhood "Musterviertel": realistic content on first start.

Seeding happens once; a second attempt is refused. Demo accounts get random
passwords, returned (and printed by the CLI) exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.auth import Role
from quartier.auth.accounts import create_user_in
from quartier.auth.passwords import generate_password
from quartier.demo_events import EventsDemo, seed_events
from quartier.demo_ideas import IdeasDemo, seed_ideas
from quartier.demo_network import NetworkDemo, seed_network
from quartier.errors import AlreadyDone
from quartier.network import ActorType as A
from quartier.network import FieldOfAction as F
from quartier.network import add_actor_in
from quartier.quartiers import Quartier, create_quartier_in
from quartier.storage import Database
from quartier.surveys.demo_survey import seed_survey_in

SLUG = "musterviertel"

DESCRIPTION = (
    "Im Musterviertel leben rund 6.500 Menschen aus über 40 Herkunftsländern. Das "
    "Quartiersbüro am Lindenplatz ist Anlaufstelle für alle: Sozialberatung, Sprachkurse, "
    "Begleitung zu Behörden, Hausaufgabenhilfe und jedes Jahr das internationale Kinderfest. "
    "In Arbeitsgruppen entwickeln Bewohnerinnen, Bewohner und Einrichtungen gemeinsam kleine "
    "Projekte, aus denen Maßnahmen für ein gutes Miteinander werden."
)

# name, type, fields of action, contact role, active from, active to
ACTORS: tuple[tuple[str, A, tuple[F, ...], str, date | None, date | None], ...] = (
    (
        "Grundschule am Lindenplatz",
        A.SCHOOL,
        (F.EDUCATION, F.CHILDREN_YOUTH),
        "Schulsozialarbeit",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Gesamtschule Nord",
        A.SCHOOL,
        (F.EDUCATION, F.CHILDREN_YOUTH),
        "Schulleitung",
        date(2020, 3, 1),
        None,
    ),  # noqa: E501
    ("Kita Regenbogen", A.KITA, (F.CHILDREN_YOUTH,), "Kita-Leitung", date(2019, 1, 1), None),
    ("Kita St. Josef", A.KITA, (F.CHILDREN_YOUTH,), "Kita-Leitung", date(2021, 8, 1), None),
    (
        "Frühe Hilfen Musterstadt",
        A.EARLY_HELP,
        (F.CHILDREN_YOUTH, F.HEALTH),
        "Koordination Frühe Hilfen",
        date(2019, 6, 1),
        None,
    ),  # noqa: E501
    (
        "Integrationsbeauftragte der Stadt",
        A.INTEGRATION_OFFICER,
        (F.INTERCULTURAL,),
        "Integrationsbeauftragte",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Jugendamt – Bezirkssozialdienst Nord",
        A.YOUTH_OFFICE,
        (F.CHILDREN_YOUTH, F.COUNSELLING),
        "Bezirkssozialarbeit",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Wohnbau Musterstadt GmbH",
        A.HOUSING_COMPANY,
        (F.HOUSING, F.NEIGHBOURHOOD),
        "Quartiersentwicklung",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Stadt Musterstadt – Stabsstelle Bildungsregion",
        A.CITY,
        (F.EDUCATION,),
        "Stabsstelle",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Dezernat für Bildung, Arbeit und Soziales",
        A.CITY,
        (F.EDUCATION, F.WORK),
        "Dezernatsbüro",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Neue Nachbarschaftshilfe e. V.",
        A.PROVIDER,
        (F.NEIGHBOURHOOD, F.COUNSELLING),
        "Quartiersmanagement",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Caritas Migrationsberatung",
        A.PROVIDER,
        (F.COUNSELLING, F.INTERCULTURAL),
        "Migrationsberatung",
        date(2019, 9, 1),
        None,
    ),  # noqa: E501
    (
        "AWO Familienzentrum Nord",
        A.PROVIDER,
        (F.CHILDREN_YOUTH, F.COUNSELLING),
        "Familienbildung",
        date(2020, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Jugendzentrum Kompass",
        A.PROVIDER,
        (F.CHILDREN_YOUTH,),
        "Offene Jugendarbeit",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Moscheegemeinde Mevlana",
        A.MOSQUE,
        (F.INTERCULTURAL, F.NEIGHBOURHOOD),
        "Vorstand",
        date(2019, 4, 1),
        None,
    ),  # noqa: E501
    (
        "Ev. Kirchengemeinde St. Markus",
        A.CHURCH,
        (F.NEIGHBOURHOOD,),
        "Gemeindebüro",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Kath. Pfarrei St. Josef",
        A.CHURCH,
        (F.NEIGHBOURHOOD,),
        "Caritasausschuss",
        date(2020, 5, 1),
        None,
    ),  # noqa: E501
    (
        "SV Musterviertel 1921 e. V.",
        A.SPORTS_CLUB,
        (F.CHILDREN_YOUTH, F.HEALTH),
        "Jugendabteilung",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Deutsch-Türkischer Elternverein",
        A.MIGRANT_ORGANISATION,
        (F.EDUCATION, F.INTERCULTURAL),
        "Vorstand",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Verein ukrainischer Familien e. V.",
        A.MIGRANT_ORGANISATION,
        (F.INTERCULTURAL,),
        "Vorstand",
        date(2022, 6, 1),
        None,
    ),  # noqa: E501
    (
        "Arabischer Kulturverein Al-Jisr",
        A.MIGRANT_ORGANISATION,
        (F.INTERCULTURAL, F.EDUCATION),
        "Vorstand",
        date(2021, 2, 1),
        None,
    ),  # noqa: E501
    (
        "Forum der Migrantenorganisationen Musterstadt",
        A.MIGRANT_ORGANISATION,
        (F.INTERCULTURAL,),
        "Sprecherrat",
        date(2021, 3, 1),
        None,
    ),
    (
        "Stadtteilbibliothek Nord",
        A.LIBRARY,
        (F.EDUCATION, F.INTERCULTURAL),
        "Leitung",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Bewohnerinitiative Lindenplatz",
        A.RESIDENT_INITIATIVE,
        (F.NEIGHBOURHOOD, F.HOUSING),
        "Sprecherkreis",
        date(2020, 9, 1),
        None,
    ),  # noqa: E501
    (
        "Mietertreff Goethestraße",
        A.RESIDENT_INITIATIVE,
        (F.HOUSING,),
        "Sprecherkreis",
        date(2019, 1, 1),
        date(2023, 12, 31),
    ),  # noqa: E501
    (
        "Jobcenter Musterstadt – Standort Nord",
        A.JOBCENTER,
        (F.WORK, F.COUNSELLING),
        "Teamleitung Integration",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Polizei – Bezirksdienst Nord",
        A.POLICE,
        (F.NEIGHBOURHOOD,),
        "Bezirksdienst",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Bürgerstiftung Musterstadt",
        A.FUNDER,
        (F.NEIGHBOURHOOD, F.CHILDREN_YOUTH),
        "Förderprogramme",
        date(2020, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Sparkassenstiftung Musterstadt",
        A.FUNDER,
        (F.EDUCATION,),
        "Stiftungsbüro",
        date(2021, 1, 1),
        None,
    ),  # noqa: E501
    (
        "Hausaufgabenhilfe Lernbrücke",
        A.OTHER,
        (F.EDUCATION, F.CHILDREN_YOUTH),
        "Ehrenamtskoordination",
        date(2019, 10, 1),
        None,
    ),  # noqa: E501
    (
        "Seniorentreff Lindenhof",
        A.OTHER,
        (F.NEIGHBOURHOOD, F.HEALTH),
        "Treffleitung",
        date(2019, 1, 1),
        None,
    ),  # noqa: E501
    ("Nähcafé Fadenreich", A.OTHER, (F.INTERCULTURAL,), "Ehrenamt", date(2024, 3, 1), None),
)

# role, username, display name
ACCOUNTS: tuple[tuple[Role, str, str], ...] = (
    (Role.COORDINATOR, "demo-koordination", "Leyla Demir"),
    (Role.MEMBER, "demo-mitglied-kinder", "Jonas Becker"),
    (Role.MEMBER, "demo-mitglied-austausch", "Olena Kovalenko"),
)


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    username: str
    password: str


@dataclass(frozen=True)
class DemoResult:
    quartier: Quartier
    accounts: tuple[DemoAccount, ...]
    actors: int
    survey_id: int
    ideas: IdeasDemo | None = None
    network: NetworkDemo | None = None
    events: EventsDemo | None = None


def is_seeded(db: Database) -> bool:
    with db.read() as cur:
        return cur.execute("SELECT 1 FROM quartiers WHERE slug = ?", [SLUG]).fetchone() is not None


def seed(db: Database) -> DemoResult:
    """Create the Musterviertel with its actors and demo accounts, in one transaction.

    Raises AlreadyDone when it exists already (nothing is changed then).
    """
    with db.transaction() as cur:
        if cur.execute("SELECT 1 FROM quartiers WHERE slug = ?", [SLUG]).fetchone():
            raise AlreadyDone("errors.demo_exists", code="demo_exists")
        quartier = create_quartier_in(cur, SLUG, "Musterviertel", "Musterstadt")
        cur.execute(
            "UPDATE quartiers SET description = ?, office_address = ?, office_hours = ?"
            " WHERE id = ?",
            [
                DESCRIPTION,
                "Quartiersbüro, Lindenplatz 1, 12345 Musterstadt",
                "Mo–Do 9–13 Uhr, Di 15–18 Uhr und nach Vereinbarung",
                quartier.id,
            ],
        )
        for name, kind, fields, contact, start, end in ACTORS:
            add_actor_in(cur, quartier.id, name, kind, fields, contact, start, end)
        accounts = []
        users = []
        for role, username, display_name in ACCOUNTS:
            password = generate_password()
            users.append(create_user_in(cur, username, password, role, display_name, [quartier.id]))
            accounts.append(DemoAccount(role, username, password))
        coordinator, *members = users
        survey_id = seed_survey_in(cur, quartier.id, coordinator.id)
        row = cur.execute(
            "SELECT min(id) FROM events WHERE quartier_id = ? AND title LIKE 'Internationales%'",
            [quartier.id],
        ).fetchone()
    # Ideas go through the pages' own functions, each with its transaction.
    ideas = seed_ideas(db, quartier.id, coordinator, members, row[0] if row else None)
    network = seed_network(db, quartier.id, coordinator)
    # After the network: its event links are to the survey's two festivals only.
    events = seed_events(db, quartier.id, coordinator)
    return DemoResult(quartier, tuple(accounts), len(ACTORS), survey_id, ideas, network, events)
