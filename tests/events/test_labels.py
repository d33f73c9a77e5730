"""Every code the events domain stores has its label in the catalogues."""

from __future__ import annotations

import pytest

from quartier.events import AgeBand, EventType, OfferingKind, age_band_key
from quartier.i18n import LANGUAGES, catalogue_keys

DE = catalogue_keys("de")


@pytest.mark.parametrize(
    "key",
    [f"event_type.{t.value}" for t in EventType]
    + [f"offering_kind.{k.value}" for k in OfferingKind]
    + [age_band_key(b.value) for b in AgeBand]
    + ["language.other"],
)
def test_staff_labels_exist_in_german_and_english(key):
    assert key in DE and key in catalogue_keys("en")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_resident_event_types_exist_in_every_language(language):
    keys = catalogue_keys(language)
    missing = [t.value for t in EventType if not keys.get(f"resident.event_type.{t.value}")]
    assert missing == []
