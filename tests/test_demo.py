from datetime import date

import pytest

from quartier import demo
from quartier.demo_ideas import MEMBERS
from quartier.errors import AlreadyDone
from quartier.ideas.stages import STAGE_SQL
from quartier.network import ActorType, list_actors
from quartier.network.ties import list_ties
from quartier.overview import public_overview
from quartier.prioritisation import Outcome, round_result


def test_demo_neighbourhood_is_realistic(db):
    result = demo.seed(db)
    assert result.quartier.slug == "musterviertel"
    actors = list_actors(db, result.quartier.id)
    assert 28 <= len(actors) <= 35
    types = {a.actor_type for a in actors}
    for expected in (ActorType.SCHOOL, ActorType.KITA, ActorType.EARLY_HELP,
                     ActorType.INTEGRATION_OFFICER, ActorType.HOUSING_COMPANY, ActorType.CITY,
                     ActorType.MOSQUE, ActorType.POLICE, ActorType.FUNDER):  # fmt: skip
        assert expected in types
    assert [a.role.value for a in result.accounts] == ["coordinator", "member", "member"]
    overview = public_overview(db, result.quartier, date(2026, 11, 21))
    assert overview.active_actors == len(actors) - 1  # the Mietertreff ended in 2023


def test_demo_refuses_to_seed_twice(db):
    demo.seed(db)
    with pytest.raises(AlreadyDone):
        demo.seed(db)
    with db.read() as cur:
        assert cur.execute("SELECT count(*) FROM users").fetchone()[0] == 3 + len(MEMBERS)


def test_demo_ideas_tell_the_whole_story(db):
    """About 40 ideas in several languages and every state, two working groups, a
    finished dot round, an open criteria round, a fund round with a tie, six measures."""
    result = demo.seed(db)
    q = result.quartier.id
    with db.read() as cur:
        stages = dict(cur.execute(
            f"SELECT stage, count(*) FROM ({STAGE_SQL}) GROUP BY stage", {"quartier": q}
        ).fetchall())  # fmt: skip
        languages = {r[0] for r in cur.execute("SELECT DISTINCT language FROM ideas").fetchall()}
        rounds = cur.execute(
            "SELECT method, closed_at IS NOT NULL FROM rounds ORDER BY id"
        ).fetchall()
        measures = cur.execute("SELECT status, count(*) FROM measures GROUP BY ALL").fetchall()
    assert 35 <= sum(stages.values()) <= 45
    assert {"eingereicht", "veroeffentlicht", "in_priorisierung", "ausgewaehlt", "massnahme",
            "umgesetzt", "abgelehnt", "duplikat"} <= set(stages)  # fmt: skip
    assert languages == {"de", "tr", "ar", "ru", "uk", "pl"}
    assert rounds == [("punkte", True), ("aktionsfonds", True), ("kriterien", False)]
    assert sum(n for _, n in measures) == 6
    assert {s for s, _ in measures} == {"geplant", "in_umsetzung", "umgesetzt"}

    fund = round_result(db, 2)
    assert fund.round.budget_cents == 1_000_000 and fund.round.cap_cents == 150_000
    ties = [r for r in fund.results if r.outcome == Outcome.TIE]
    assert len(ties) == 2
    assert sum(r.requested_cents or 0 for r in fund.results if r.outcome == Outcome.CHOSEN) <= (
        1_000_000
    )
    dots = round_result(db, 1)
    assert [r.outcome for r in dots.results[:4]] == [Outcome.CHOSEN] * 3 + [Outcome.NOT_CHOSEN]
    assert (dots.eligible, dots.voted) == (5, 5)


def test_demo_network_is_seeded_with_the_neighbourhood(db):
    result = demo.seed(db)
    assert result.network is not None
    assert result.actors == result.network.actors == len(list_actors(db, result.quartier.id))
    assert 55 <= result.network.ties <= 65
    assert len(list_ties(db, result.quartier.id)) == result.network.ties


def test_demo_events_offerings_and_population(db):
    from quartier.events import list_events, list_offerings, population_shares  # noqa: PLC0415

    result = demo.seed(db)
    q = result.quartier.id
    assert result.events is not None and result.events.sessions > 500
    fests = [e for e in list_events(db, q) if e.title == "Internationales Kinderfest"]
    assert len(fests) >= 2 and len({e.starts_on.year for e in fests}) == len(fests)
    assert len(list_offerings(db, q)) == 4
    shares = population_shares(db, q)
    assert shares is not None and sum(shares.shares.values()) == 100
