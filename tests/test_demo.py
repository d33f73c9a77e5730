from datetime import date

import pytest

from quartier import demo
from quartier.errors import AlreadyDone
from quartier.network import ActorType, list_actors
from quartier.overview import public_overview


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
        assert cur.execute("SELECT count(*) FROM users").fetchone()[0] == 3
