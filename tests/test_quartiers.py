import pytest

from quartier.errors import PermissionDenied, ValidationError
from quartier.quartiers import create_quartier, get_quartier, list_quartiers, update_quartier


def test_admin_creates_and_renames_a_quartier(world):
    q = create_quartier(
        world.db, world.admin, "berliner-viertel", " Berliner  Viertel ", "Rüsselsheim"
    )
    assert (q.slug, q.name, q.city) == ("berliner-viertel", "Berliner Viertel", "Rüsselsheim")
    renamed = update_quartier(world.db, world.admin, q.id, name="Berliner Viertel Ost")
    assert renamed.slug == "berliner-viertel" and renamed.name == "Berliner Viertel Ost"
    assert get_quartier(world.db, "berliner-viertel").name == "Berliner Viertel Ost"


@pytest.mark.parametrize(
    ("slug", "fragment"),
    [
        ("Berliner Viertel", "Kennung „berliner viertel“"),
        ("nord", "schon vergeben"),
        ("", "Kennung"),
    ],
)
def test_bad_slugs_are_named(world, slug, fragment):
    with pytest.raises(ValidationError) as err:
        create_quartier(world.db, world.admin, slug, "Name")
    assert fragment in err.value.message and err.value.field == "slug"


def test_long_texts_are_refused_and_nothing_changes(world):
    with pytest.raises(ValidationError) as err:
        update_quartier(world.db, world.admin, world.nord.id, name="Nord", description="x" * 2001)
    assert err.value.message.startswith("„Beschreibung“ ist 2001 Zeichen lang")
    assert get_quartier(world.db, "nord").name == "Quartier Nord"


def test_only_admins(world):
    with pytest.raises(PermissionDenied):
        create_quartier(world.db, world.coordinator, "neu", "Neu")
    with pytest.raises(PermissionDenied):
        update_quartier(world.db, world.coordinator, world.nord.id, name="Meins")
    assert [q.name for q in list_quartiers(world.db)] == ["Quartier Nord", "Quartier Süd"]
