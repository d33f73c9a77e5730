"""Every state the UI shows has a German and an English label."""

import pytest

from quartier.i18n import catalogue_keys
from quartier.prioritisation import FundVote, Method, Outcome, Reason

DE = catalogue_keys("de")
EN = catalogue_keys("en")


@pytest.mark.parametrize(
    "key",
    [f"prioritisation.method.{m.value}" for m in Method]
    + [f"prioritisation.outcome.{o.value}" for o in Outcome]
    + [f"prioritisation.reason.{r.value}" for r in Reason]
    + [f"prioritisation.vote.{v.name.lower()}" for v in FundVote],
)
def test_label_exists(key):
    assert DE.get(key) and EN.get(key)


def test_reasons_read_as_the_issue_asks():
    assert DE["prioritisation.reason.keine_mehrheit"] == "keine Mehrheit der Jury"
    assert DE["prioritisation.reason.ueber_obergrenze"] == "über der Obergrenze je Projekt"
    assert DE["prioritisation.reason.budget_erschoepft"] == "Budget ausgeschöpft"
    assert DE["prioritisation.reason.niedrigerer_rang"] == "niedrigerer Rang"
