"""The Musterviertel's ideas, working groups, rounds and measures for the demo.

Everything goes through the same functions the pages call (so the demo can only hold
what the rules allow); afterwards the timestamps are moved back to spread the story
over 2026, because every action records "now".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.ideas import (
    WorkingGroup,
    add_meeting,
    add_member,
    assign_idea,
    create_group,
    mark_duplicate,
    publish_idea,
    reject_idea,
    submit_idea,
)
from quartier.measures import (
    MeasureStatus,
    add_milestone,
    complete_milestone,
    create_measure,
    set_measure_status,
)
from quartier.network import FieldOfAction as F
from quartier.prioritisation import (
    FundVote,
    Method,
    cast_dots,
    cast_fund_votes,
    cast_scores,
    close_round,
    get_round,
    open_round,
)
from quartier.storage import Database
from quartier.surveys.responses import Channel

# Extra accounts of the two working groups and the fund jury. They have no password (an
# administrator can set one): they stand for the people in the room, while the two
# demo members log in as themselves.
MEMBERS: tuple[tuple[str, str], ...] = (
    ("demo-ag-kinder-2", "Fatma Yıldız"),
    ("demo-ag-kinder-3", "Marek Nowak"),
    ("demo-ag-kinder-4", "Sabine Hoffmann"),
    ("demo-ag-kinder-5", "Hassan Al-Khatib"),
    ("demo-ag-austausch-2", "Irina Petrova"),
    ("demo-ag-austausch-3", "Ahmet Kaya"),
    ("demo-ag-austausch-4", "Grace Mensah"),
)

# title, description, language, field, place, plan
# plan: "neu" (awaits moderation), "abgelehnt:<reason>", "duplikat:<index>",
# "kinder" / "austausch" (published, assigned), "offen" (published, unassigned)
# fmt: off
IDEAS: tuple[tuple[str, str, str, F | None, str, str], ...] = (
    ('Schattensegel über dem Sandkasten', 'Im Sommer ist der Spielplatz mittags zu heiß.', 'de', F.CHILDREN_YOUTH, 'Spielplatz Lindenplatz', 'kinder'),  # noqa: E501
    ('Hausaufgabenhilfe auch freitags', 'Viele Kinder brauchen vor dem Wochenende Hilfe.', 'de', F.EDUCATION, 'Quartiersbüro', 'kinder'),  # noqa: E501
    ('Mahalle futbol turnuvası', 'Gençler için yaz tatilinde bir futbol turnuvası.', 'tr', F.CHILDREN_YOUTH, 'Bolzplatz Nord', 'kinder'),  # noqa: E501
    ('Leseecke in der Bibliothek für Kleine', 'Bücher in vielen Sprachen und Kissen.', 'de', F.EDUCATION, 'Stadtteilbibliothek', 'kinder'),  # noqa: E501
    ('Ferienprogramm mit Ausflügen', 'Zwei Ausflüge in den Sommerferien für Familien ohne Auto.', 'de', F.CHILDREN_YOUTH, '', 'kinder'),  # noqa: E501
    ('Jugendraum am Abend öffnen', 'Ein Ort für Jugendliche zwischen 18 und 21 Uhr.', 'de', F.CHILDREN_YOUTH, 'Gemeindehaus', 'kinder'),  # noqa: E501
    ('Interkulturelles Kochbuch', 'Rezepte aus dem Viertel sammeln, gemeinsam kochen, drucken.', 'de', F.INTERCULTURAL, 'Nähcafé Fadenreich', 'austausch'),  # noqa: E501
    ('Sprachcafé für Mütter', 'Deutsch üben beim Kaffee, Kinderbetreuung nebenan.', 'de', F.INTERCULTURAL, 'Familienzentrum', 'austausch'),  # noqa: E501
    ('Фестиваль соседей', 'Праздник во дворе, где каждый приносит блюдо своей кухни.', 'ru', F.NEIGHBOURHOOD, 'Innenhof Birkenweg', 'austausch'),  # noqa: E501
    ('مائدة إفطار مشتركة في رمضان', 'إفطار مفتوح لكل الجيران في الساحة.', 'ar', F.INTERCULTURAL, 'Lindenplatz', 'austausch'),  # noqa: E501
    ('Übersetzungshilfe bei Briefen vom Amt', 'Ehrenamtliche lesen Briefe gemeinsam mit Nachbarn.', 'de', F.COUNSELLING, 'Quartiersbüro', 'austausch'),  # noqa: E501
    ('Gemeinschaftsgarten hinter der Schule', 'Hochbeete, die Klassen und Nachbarn pflegen.', 'de', F.HOUSING, 'Grundschule am Lindenplatz', 'fonds'),  # noqa: E501
    ('Tauschregal im Hausflur', 'Bücher und Spiele tauschen statt wegwerfen.', 'de', F.NEIGHBOURHOOD, 'Birkenweg 12', 'fonds'),  # noqa: E501
    ('Sąsiedzka naprawialnia rowerów', 'Raz w miesiącu wspólnie naprawiamy rowery.', 'pl', F.NEIGHBOURHOOD, 'Hof der Gesamtschule', 'fonds'),  # noqa: E501
    ('Erzählcafé für Ältere', 'Geschichten aus 50 Jahren Musterviertel.', 'de', F.INTERCULTURAL, 'Seniorentreff', 'fonds'),  # noqa: E501
    ('Musikinstrumente für den Jugendtreff', 'Gitarren und ein Keyboard für die Band-AG.', 'de', F.CHILDREN_YOUTH, 'Jugendtreff', 'fonds'),  # noqa: E501
    ('Бесплатні курси шиття', 'Шиття для жінок з України та всіх сусідів.', 'uk', F.WORK, 'Nähcafé Fadenreich', 'fonds'),  # noqa: E501
    ('Mehrsprachige Willkommensmappe', 'Eine Mappe mit Adressen und Angeboten in 7 Sprachen.', 'de', F.COUNSELLING, '', 'fonds'),  # noqa: E501
    ('Hofflohmarkt im Frühling', 'Alle Höfe öffnen am selben Samstag.', 'de', F.NEIGHBOURHOOD, '', 'fonds'),  # noqa: E501
    ('Kunstprojekt Stromkästen', 'Kinder bemalen die grauen Stromkästen.', 'de', F.HOUSING, 'Lindenstraße', 'fonds'),  # noqa: E501
    ('Bewegungsparcours für alle Generationen', 'Geräte im Park, die auch Ältere nutzen können.', 'de', F.HEALTH, 'Park am Lindenplatz', 'offen'),  # noqa: E501
    ('Mehr Mülleimer am Bolzplatz', '', 'de', F.HOUSING, 'Bolzplatz Nord', 'offen'),  # noqa: E501
    ('Nachbarschaftshilfe per Aushang', 'Wer kann was? Ein Brett im Quartiersbüro.', 'de', F.NEIGHBOURHOOD, 'Quartiersbüro', 'offen'),  # noqa: E501
    ('Fahrradständer vor der Kita', '', 'de', F.HOUSING, 'Kita Regenbogen', 'offen'),  # noqa: E501
    ('Bewerbungstraining für Jugendliche', 'Mit dem Jobcenter und Betrieben aus dem Viertel.', 'de', F.WORK, '', 'offen'),  # noqa: E501
    ('Kadınlar için yüzme saati', 'Haftada bir kez sadece kadınlar için yüzme.', 'tr', F.HEALTH, 'Hallenbad', 'offen'),  # noqa: E501
    ('Tanzkurs für Seniorinnen', '', 'de', F.HEALTH, 'Seniorentreff', 'offen'),  # noqa: E501
    ('Schach im Park', 'Zwei Schachtische aus Beton unter den Linden.', 'de', F.NEIGHBOURHOOD, 'Park am Lindenplatz', 'offen'),  # noqa: E501
    ('Spielplatz Lindenplatz beschatten', 'Bitte Sonnensegel!', 'de', F.CHILDREN_YOUTH, 'Lindenplatz', 'duplikat:0'),  # noqa: E501
    ('Kochbuch mit Rezepten der Nachbarn', '', 'de', F.INTERCULTURAL, '', 'duplikat:6'),  # noqa: E501
    ('Parkplätze für alle Anwohner', 'Mehr Parkplätze in der Lindenstraße.', 'de', F.HOUSING, 'Lindenstraße', 'abgelehnt:Parkraum plant die Stadt; wir haben die Idee an das Tiefbauamt weitergegeben.'),  # noqa: E501
    ('Werbung für mein Geschäft', 'Bitte Flyer verteilen.', 'de', None, '', 'abgelehnt:Das Quartiersbüro wirbt nicht für einzelne Geschäfte.'),  # noqa: E501
    ('<b>Test</b>', 'test test', 'de', None, '', 'abgelehnt:Offenbar ein Test ohne Inhalt.'),  # noqa: E501
    ('Trinkbrunnen am Lindenplatz', 'Kostenloses Wasser im Sommer.', 'de', F.HEALTH, 'Lindenplatz', 'neu'),  # noqa: E501
    ('Sokak lambaları daha parlak olsun', 'Akşamları Birkenweg çok karanlık.', 'tr', F.HOUSING, 'Birkenweg', 'neu'),  # noqa: E501
    ('دروس تقوية في الرياضيات', 'للتلاميذ في الصف الخامس والسادس.', 'ar', F.EDUCATION, 'Gesamtschule Nord', 'neu'),  # noqa: E501
    ('Repair-Café einmal im Monat', 'Elektrogeräte gemeinsam reparieren.', 'de', F.NEIGHBOURHOOD, '', 'neu'),  # noqa: E501
    ('Більше лавок на зупинці', 'Літнім людям важко стояти.', 'uk', F.HOUSING, 'Haltestelle Lindenplatz', 'neu'),  # noqa: E501
    ('Hundewiese einzäunen', '', 'de', F.HOUSING, 'Park am Lindenplatz', 'neu'),  # noqa: E501
    ('Patenschaften für Neuzugezogene', 'Nachbarn begleiten neue Familien in den ersten Wochen.', 'de', F.INTERCULTURAL, '', 'neu'),  # noqa: E501
)
# fmt: on

# Dots of the five members of "Kinder & Jugend" on the round's six ideas (5 dots, ≤ 3 each).
DOTS = ((3, 1, 1, 0, 0, 0), (2, 2, 0, 1, 0, 0), (1, 2, 1, 1, 0, 0), (2, 0, 2, 0, 1, 0),
        (0, 2, 1, 1, 0, 1))  # fmt: skip
# Requested euros and yes-votes (of a jury of five) of the nine fund ideas: the last two
# with three votes tie for what remains; the very last has no majority.
FUND = ((1500, 5), (400, 5), (1200, 4), (1500, 4), (1450, 4), (1300, 4), (1500, 3), (1400, 3),
        (900, 2))  # fmt: skip
# 7,350 € go to the first six; 2,650 € remain, enough for one of the two tied ideas.


@dataclass(frozen=True)
class IdeasDemo:
    ideas: int
    groups: int
    rounds: int
    measures: int


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _backdate(db: Database, sql: str, params: Sequence[object]) -> None:
    with db.transaction() as cur:
        cur.execute(sql, list(params))


def _accounts(db: Database, quartier_id: int) -> list[User]:
    with db.transaction() as cur:
        return [
            create_user_in(cur, username, None, Role.MEMBER, name, [quartier_id])
            for username, name in MEMBERS
        ]


def _groups(
    db: Database, coordinator: User, quartier_id: int, kinder: list[User], austausch: list[User]
) -> tuple[WorkingGroup, WorkingGroup]:
    groups = []
    for name, theme, members, first_meeting in (
        ("Kinder & Jugend", "Spiel, Lernen und Freizeit für Kinder und Jugendliche im Viertel.",
         kinder, date(2026, 2, 10)),
        ("Interkultureller Austausch", "Begegnung, Sprache und Feste über Herkunft hinweg; "
         "zugleich Jury des Aktionsfonds.", austausch, date(2026, 2, 17)),
    ):  # fmt: skip
        group = create_group(db, coordinator, quartier_id, name, theme)
        for member in members:
            assert member.id is not None
            add_member(db, coordinator, group.id, member.id)
        for month in range(0, 12, 2):
            day = first_meeting + timedelta(days=61 * month // 2)
            group = add_meeting(db, coordinator, group.id, day, "Quartiersbüro, 18 Uhr")
        groups.append(group)
    return groups[0], groups[1]


def _ideas(
    db: Database, coordinator: User, quartier_id: int, groups: dict[str, int], event_id: int | None
) -> dict[str, list[int]]:
    """Submit and moderate the ideas; returns the idea ids per plan."""
    by_plan: dict[str, list[int]] = {}
    ids: list[int] = []
    start = date(2026, 3, 2)
    for index, (title, text, lang, field, place, plan) in enumerate(IDEAS):
        channel = (Channel.KIOSK, Channel.QR, Channel.ONLINE, Channel.PAPER)[index % 4]
        receipt = submit_idea(db, quartier_id, title, text, language=lang, field_of_action=field,
                              place=place, channel=channel,
                              event_id=event_id if channel is Channel.KIOSK else None)  # fmt: skip
        idea_id = receipt.idea.id
        ids.append(idea_id)
        submitted = start + timedelta(days=(index * 53) % 240)
        _backdate(
            db, "UPDATE ideas SET submitted_at = ? WHERE id = ?", [_moment(submitted), idea_id]
        )
        kind, _, detail = plan.partition(":")
        if kind == "abgelehnt":
            reject_idea(db, coordinator, idea_id, detail)
        elif kind == "duplikat":
            mark_duplicate(db, coordinator, idea_id, ids[int(detail)])
        elif kind != "neu":
            publish_idea(db, coordinator, idea_id)
            if kind in groups:
                assign_idea(db, coordinator, idea_id, groups[kind])
        moderated = _moment(submitted + timedelta(days=4))
        _backdate(db, "UPDATE idea_history SET happened_at = ? WHERE idea_id = ?"
                  " AND action <> 'eingereicht'", [moderated, idea_id])  # fmt: skip
        _backdate(db, "UPDATE idea_history SET happened_at = ? WHERE idea_id = ?"
                  " AND action = 'eingereicht'", [_moment(submitted), idea_id])  # fmt: skip
        by_plan.setdefault(kind, []).append(idea_id)
    _supports(db, quartier_id, by_plan)
    return by_plan


def _supports(db: Database, quartier_id: int, by_plan: dict[str, list[int]]) -> None:
    """Neighbours who joined published ideas ("Unterstützen") instead of repeating them."""
    published = [i for kind in ("kinder", "austausch", "fonds", "offen") for i in by_plan[kind]]
    counts = [(7 * n + 3) % 11 for n in range(len(published))]
    ideas = [i for i, c in zip(published, counts, strict=True) for _ in range(c)]
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO idea_supports (quartier_id, idea_id, channel, supported_at)"
            " SELECT ?, unnest(?), 'online', TIMESTAMPTZ '2026-10-01 12:00:00+00'",
            [quartier_id, ideas],
        )


def _ids(users: Sequence[User]) -> list[int]:
    return [u.id for u in users if u.id is not None]


def _finished_dot_round(
    db: Database, coordinator: User, group: WorkingGroup, idea_ids: list[int], voters: list[User]
) -> list[int]:
    now = datetime.now(UTC)
    round_ = open_round(db, coordinator, group.id, "Sommer 2026: Was packen wir zuerst an?",
                        Method.DOTS, idea_ids, _ids(voters), now + timedelta(days=7), winners=3,
                        dots_per_member=5, max_dots_per_idea=3)  # fmt: skip
    for voter, dots in zip(voters, DOTS, strict=True):
        cast_dots(db, voter, round_.id, {i: d for i, d in zip(idea_ids, dots, strict=True) if d})
    result = close_round(db, coordinator, round_.id)
    _backdate(db, "UPDATE rounds SET created_at = ?, closes_at = ?, closed_at = ? WHERE id = ?",
              [_moment(date(2026, 4, 14)), _moment(date(2026, 4, 28), 20),
               _moment(date(2026, 4, 28), 20), round_.id])  # fmt: skip
    _backdate(db, "UPDATE ballots SET cast_at = ? WHERE round_id = ?",
              [_moment(date(2026, 4, 21), 19), round_.id])  # fmt: skip
    return [r.idea_id for r in result.results if r.outcome == "ausgewaehlt"]


def _fund_round(
    db: Database, coordinator: User, group: WorkingGroup, idea_ids: list[int], jury: list[User]
) -> list[int]:
    now = datetime.now(UTC)
    requested = {i: euros * 100 for i, (euros, _) in zip(idea_ids, FUND, strict=True)}
    round_ = open_round(db, coordinator, group.id, "Aktionsfonds 2026", Method.FUND, idea_ids,
                        _ids(jury), now + timedelta(days=7), budget_cents=1_000_000,
                        cap_cents=150_000, requested_cents=requested)  # fmt: skip
    for position, juror in enumerate(jury):
        votes = {
            idea: FundVote.YES if position < yes else FundVote.NO
            for idea, (_, yes) in zip(idea_ids, FUND, strict=True)
        }
        cast_fund_votes(db, juror, round_.id, votes)
    result = close_round(db, coordinator, round_.id)
    _backdate(db, "UPDATE rounds SET created_at = ?, closes_at = ?, closed_at = ? WHERE id = ?",
              [_moment(date(2026, 5, 4)), _moment(date(2026, 5, 18), 20),
               _moment(date(2026, 5, 18), 20), round_.id])  # fmt: skip
    return [r.idea_id for r in result.results if r.outcome == "ausgewaehlt"]


# Scores (1–3) per idea for benefit, reach, effort and cost — effort and cost count
# inverted, so a cheap, easy idea with a lot of benefit comes first. Voters differ a bit.
CRITERIA_SCORES = ((3, 3, 2, 1), (3, 2, 1, 1), (2, 3, 3, 2), (2, 2, 2, 3), (1, 2, 1, 1))


def _open_criteria_round(
    db: Database, coordinator: User, group: WorkingGroup, idea_ids: list[int], voters: list[User]
) -> None:
    round_ = open_round(db, coordinator, group.id, "Herbst 2026: Begegnung im Winter",
                        Method.CRITERIA, idea_ids, _ids(voters),
                        datetime.now(UTC) + timedelta(days=14), winners=2)  # fmt: skip
    criteria = get_round(db, round_.id).criteria
    assert len(criteria) == len(CRITERIA_SCORES[0])
    for offset, voter in enumerate(voters[:3]):
        scores = {
            (idea, position): score if (index + position + offset) % 4 else max(1, score - 1)
            for index, (idea, row) in enumerate(zip(idea_ids, CRITERIA_SCORES, strict=False))
            for position, score in enumerate(row)
        }
        cast_scores(db, voter, round_.id, scores)


# title, responsible, partners, budget €, start, end, status, milestones (title, due, done)
MEASURE_PLANS = (
    ("Mittwochs", "Jugendtreff", "Grundschule, Kita Regenbogen", 1200, MeasureStatus.DONE),
    ("Ab Juni", "Quartiersbüro", "Stadtteilbibliothek", 800, MeasureStatus.ACTIVE),
    ("Sommerferien", "Träger der Jugendhilfe", "Sportverein", 2500, MeasureStatus.PLANNED),
    ("Frühjahr", "Schulsozialarbeit", "Grundschule am Lindenplatz", 1500, MeasureStatus.ACTIVE),
    ("Ab Herbst", "Nähcafé Fadenreich", "Familienzentrum", 400, MeasureStatus.PLANNED),
    ("Winter", "Seniorentreff", "Kirchengemeinde", 1200, MeasureStatus.PLANNED),
)


def _measures(db: Database, coordinator: User, quartier_id: int, chosen: list[int]) -> int:
    made = 0
    for idea_id, (note, responsible, partners, euros, status) in zip(
        chosen, MEASURE_PLANS, strict=False
    ):
        with db.read() as cur:
            row = cur.execute("SELECT title FROM ideas WHERE id = ?", [idea_id]).fetchone()
        assert row is not None
        start = date(2026, 5, 4) + timedelta(days=21 * made)
        measure = create_measure(db, coordinator, quartier_id, str(row[0]), idea_id=idea_id,
                                 description=f"Umsetzung: {note}.", responsible=responsible,
                                 partners=partners, budget_cents=euros * 100, starts_on=start,
                                 ends_on=start + timedelta(days=150))  # fmt: skip
        steps = ("Planung mit den Beteiligten", "Material und Genehmigungen", "Start", "Auswertung")
        for number, step in enumerate(steps):
            measure = add_milestone(db, coordinator, measure.id, step,
                                    start + timedelta(days=35 * number + 14))  # fmt: skip
        done = {MeasureStatus.DONE: 4, MeasureStatus.ACTIVE: 2}.get(status, 0)
        for milestone in measure.milestones[:done]:
            complete_milestone(db, coordinator, milestone.id, min(milestone.due_on, date.today()))
        if status is not MeasureStatus.PLANNED:
            set_measure_status(db, coordinator, measure.id, MeasureStatus.ACTIVE)
        if status is MeasureStatus.DONE:
            set_measure_status(db, coordinator, measure.id, MeasureStatus.DONE)
        _backdate(db, "UPDATE measures SET created_at = ? WHERE id = ?",
                  [_moment(start - timedelta(days=7)), measure.id])  # fmt: skip
        made += 1
    return made


def seed_ideas(
    db: Database, quartier_id: int, coordinator: User, members: Sequence[User],
    event_id: int | None = None,
) -> IdeasDemo:  # fmt: skip
    """Ideas in seven languages and every state, two working groups, a finished dot
    round, an open criteria round, an Aktionsfonds round with a tie, six measures."""
    extra = _accounts(db, quartier_id)
    kinder = [members[0], *extra[:4]]
    austausch = [members[1], *extra[4:]]
    group_kinder, group_austausch = _groups(db, coordinator, quartier_id, kinder, austausch)
    plans = _ideas(db, coordinator, quartier_id,
                   {"kinder": group_kinder.id, "austausch": group_austausch.id,
                    "fonds": group_austausch.id}, event_id)  # fmt: skip
    chosen = _finished_dot_round(db, coordinator, group_kinder, plans["kinder"], kinder)
    jury = [*austausch, extra[0]]
    funded = _fund_round(db, coordinator, group_austausch, plans["fonds"], jury)
    _open_criteria_round(db, coordinator, group_austausch, plans["austausch"], austausch)
    measures = _measures(db, coordinator, quartier_id, [*chosen, *funded[:3]])
    return IdeasDemo(len(IDEAS), 2, 3, measures)
