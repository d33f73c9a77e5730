"""The data-editor tables: whole tables saved all or nothing, problems by table row."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from quartier.errors import PermissionDenied
from quartier.network.bulk import (
    ACTOR_COLUMNS,
    TIE_COLUMNS,
    BulkResult,
    actor_rows,
    save_actor_rows,
    save_tie_rows,
    tie_rows,
)
from quartier.network.checks import BatchRejected
from tests.conftest import World
from tests.network.test_exchange import ACTORS, TIES, content, counts, seed_network

Row = dict[str, object]


def rejected_rows(world: World, save: object, rows: list[Row]) -> list[str]:
    before = counts(world.db), content(world.db, world.nord.id)
    with pytest.raises(BatchRejected) as caught:
        save(world.db, world.coordinator, world.nord.id, rows)  # type: ignore[operator]
    assert (counts(world.db), content(world.db, world.nord.id)) == before
    return caught.value.report()


def test_tables_list_every_record(world: World) -> None:
    ids = seed_network(world)
    actors = actor_rows(world.db, world.nord.id)
    assert [r["name"] for r in actors] == sorted(a.name for a in ACTORS)
    assert all(list(r) == ["id", *ACTOR_COLUMNS] for r in actors)
    foerderverein = next(r for r in actors if r["name"] == "Förderverein Süd")
    assert foerderverein == {
        "id": ids["Förderverein Süd"], "name": "Förderverein Süd", "actor_type": "foerderer",
        "fields_of_action": ["bildung", "gesundheit"], "contact_role": "Vorstand",
        "active_from": date(2019, 1, 1), "active_to": None, "notes": "=1+1 ist keine Formel",
    }  # fmt: skip
    ties = tie_rows(world.db, world.nord.id)
    assert len(ties) == len(TIES) and all(list(r) == ["id", *TIE_COLUMNS] for r in ties)
    assert {k: v for k, v in ties[0].items() if k != "id"} == {
        "source": "Förderverein Süd", "target": "Grundschule am Park", "tie_type": "foerderung",
        "strength": 3, "starts_on": date(2020, 1, 1), "ends_on": date(2022, 12, 31),
        "notes": "Bücherkisten",
    }  # fmt: skip
    assert actor_rows(world.db, world.sued.id) == [] and tie_rows(world.db, world.sued.id) == []


def test_saving_the_unchanged_tables_changes_nothing(world: World) -> None:
    seed_network(world)
    before = counts(world.db), content(world.db, world.nord.id)
    actors, ties = actor_rows(world.db, world.nord.id), tie_rows(world.db, world.nord.id)
    assert save_actor_rows(world.db, world.coordinator, world.nord.id, actors) == BulkResult(
        0, 0, 0
    )
    assert save_tie_rows(world.db, world.coordinator, world.nord.id, ties) == BulkResult(0, 0, 0)
    assert (counts(world.db), content(world.db, world.nord.id)) == before


def test_add_change_and_delete_actors(world: World) -> None:
    ids = seed_network(world)
    rows = actor_rows(world.db, world.nord.id)
    for row in rows:
        if row["name"] == "Kita Regenbogen":
            row.update(name="Kita Regenbogenland", fields_of_action=["bildung"], active_to=None)
    rows = [r for r in rows if r["name"] != "Stadtteilbibliothek"]  # no ties: may go
    rows.append({"id": float("nan"), "name": "Jobcenter Mitte", "actor_type": "jobcenter",
                 "fields_of_action": None, "contact_role": None, "active_from": pd.NaT,
                 "active_to": None, "notes": None})  # fmt: skip
    result = save_actor_rows(world.db, world.coordinator, world.nord.id, rows)
    assert result == BulkResult(added=1, changed=1, deleted=1)
    actors, _ = content(world.db, world.nord.id)
    by_name = {a[0]: a for a in actors}
    assert "Stadtteilbibliothek" not in by_name
    assert by_name["Kita Regenbogenland"][1:] == ("kita", ["bildung"], "Leitung", None, None, "")
    assert by_name["Jobcenter Mitte"][1:] == ("jobcenter", [], "", None, None, "")
    with world.db.read() as cur:
        row = cur.execute("SELECT id FROM actors WHERE name = 'Kita Regenbogenland'").fetchone()
        assert row == (ids["Kita Regenbogen"],)
        assert cur.execute(
            "SELECT count(*) FROM actor_fields WHERE actor_id = ?", [ids["Stadtteilbibliothek"]]
        ).fetchone() == (0,)


def test_problems_name_the_table_row(world: World) -> None:
    ids = seed_network(world)
    rows: list[Row] = actor_rows(world.db, world.nord.id)  # by name
    # Deleting an actor that has ties is refused (a problem without a row).
    rows = [r for r in rows if r["id"] != ids["Grundschule am Park"]]  # 5 rows left
    rows[1]["actor_type"] = "verein"  # row 2
    rows[2]["name"] = "  "  # row 3
    rows.append({"name": "kita regenbogen", "actor_type": "kita"})  # row 6: twice
    rows.append({"id": 99999, "name": "Geist", "actor_type": "andere"})  # row 7: unknown id
    rows.append({"id": rows[0]["id"], "name": "Kopie", "actor_type": "andere"})  # row 8
    rows.append({"name": "Neu", "actor_type": "kita", "active_from": "01.01.2022",
                 "active_to": "31.12.2021"})  # row 9  # fmt: skip
    report = rejected_rows(world, save_actor_rows, rows)
    assert [line.split(":")[0] for line in report] == [
        "Akteure, Zeile 2", "Akteure, Zeile 3", "Akteure, Zeile 6", "Akteure, Zeile 7",
        "Akteure, Zeile 8", "Akteure, Zeile 9", "Akteure",
    ]  # fmt: skip
    assert "Die Art „verein“ kennt Quartier nicht." in report[0]
    assert "Der Akteur „kita regenbogen“ kommt doppelt vor (siehe Zeile" in report[2]
    assert "Diese Zeile gehört zu einem Eintrag, den es nicht mehr gibt." in report[3]
    assert "Diese Zeile ist eine Kopie von Zeile 1." in report[4]
    assert "„Aktiv bis“ liegt vor „Aktiv seit“." in report[5]
    assert report[6].startswith(
        "Akteure: „Grundschule am Park“ kann nicht gelöscht werden, weil noch darauf verwiesen "
        "wird: 4 Beziehung(en), 0 Mitgliedschaft(en) in Arbeitsgruppen, 0 Maßnahme(n), 0 "
        "Veranstaltung(en)."
    )


def test_add_change_and_delete_ties(world: World) -> None:
    seed_network(world)
    rows = tie_rows(world.db, world.nord.id)
    rows[1].update(strength=3, ends_on=date(2025, 6, 30))  # Grundschule–Kita Kooperation
    del rows[0]  # the funding ended anyway
    rows.append({"source": "stadtteilbibliothek", "target": "Kita Regenbogen",
                 "tie_type": "kooperation", "strength": None, "starts_on": pd.NaT,
                 "ends_on": None, "notes": None})  # fmt: skip
    result = save_tie_rows(world.db, world.coordinator, world.nord.id, rows)
    assert result == BulkResult(added=1, changed=1, deleted=1)
    _, ties = content(world.db, world.nord.id)
    assert len(ties) == len(TIES)
    assert ("Grundschule am Park", "Kita Regenbogen", "kooperation", 3, date(2019, 9, 1),
            date(2025, 6, 30), "") in ties  # fmt: skip
    assert ("Stadtteilbibliothek", "Kita Regenbogen", "kooperation", 2, None, None, "") in ties
    assert not any(t[2] == "foerderung" for t in ties)


def test_bad_tie_rows_name_the_table_row(world: World) -> None:
    seed_network(world)
    rows: list[Row] = tie_rows(world.db, world.nord.id)
    new = {"tie_type": "kooperation", "strength": 2, "starts_on": None, "ends_on": None}
    rows += [
        {**new, "source": "Kita Regenbogen", "target": "Niemand"},  # 8
        {**new, "source": "Kita Regenbogen", "target": "KITA REGENBOGEN"},  # 9
        {**new, "source": "Kita Regenbogen", "target": "Grundschule am Park"},  # 10: twin of 2
        {**new, "source": "Stadtteilbibliothek", "target": "Kita Regenbogen",
         "starts_on": date(2021, 1, 1), "ends_on": date(2020, 1, 1)},  # 11
        {**new, "source": "Stadtteilbibliothek", "target": "Kita Regenbogen", "strength": 0},
    ]  # fmt: skip
    report = rejected_rows(world, save_tie_rows, rows)
    assert [line.split(":")[0] for line in report] == [
        "Beziehungen, Zeile 8", "Beziehungen, Zeile 9", "Beziehungen, Zeile 10",
        "Beziehungen, Zeile 11", "Beziehungen, Zeile 12",
    ]  # fmt: skip
    assert "„An“: Einen Akteur „Niemand“ gibt es in diesem Quartier nicht." in report[0]
    assert "Eine Beziehung braucht zwei verschiedene Akteure." in report[1]
    assert "Diese Beziehung kommt doppelt vor (siehe Zeile 2)" in report[2]
    assert "Das Ende (01.01.2020) liegt vor dem Beginn (01.01.2021)." in report[3]
    assert "Die Stärke „0“ ist ungültig." in report[4]


def test_ties_whose_new_dates_clash_with_the_old_dates_of_another(world: World) -> None:
    """Both rows change: stored one after the other, the first would clash on its own."""
    seed_network(world)
    rows = tie_rows(world.db, world.nord.id)
    old, new = rows[5], rows[6]  # Moschee–Jugendtreff 2018–2019, and again from 2021
    old["ends_on"] = date(2021, 6, 30)  # overlaps the old start of the later one …
    new["starts_on"] = date(2021, 7, 1)  # … which moves back
    result = save_tie_rows(world.db, world.coordinator, world.nord.id, rows)
    assert result == BulkResult(added=0, changed=2, deleted=0)
    _, ties = content(world.db, world.nord.id)
    periods = sorted((t[4], t[5]) for t in ties if t[0] in ("@Jugendtreff; Nord",
                                                            "<b>Moscheegemeinde</b>")
                     and t[2] == "kooperation")  # fmt: skip
    assert periods == [(date(2018, 1, 1), date(2021, 6, 30)), (date(2021, 7, 1), None)]


def test_only_the_coordination_may_save(world: World) -> None:
    seed_network(world)
    rows = actor_rows(world.db, world.nord.id)
    for save in (save_actor_rows, save_tie_rows):
        for user in (world.member, world.coordinator_sued):
            with pytest.raises(PermissionDenied):
                save(world.db, user, world.nord.id, [])
    assert len(actor_rows(world.db, world.nord.id)) == len(rows)
