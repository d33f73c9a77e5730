"""Sachbericht page: staff of a Quartier choose the year, generate the report with one
explicit click and get PDF and HTML downloads plus the open-data exports; members,
visitors and staff of another Quartier get nothing of Nord's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import World
from tests.report.conftest import ReportWorld, build_report_world
from tests.ui.conftest import DE, AppFactory, button, successes, titles, visible_texts

PAGE = "pages/report.py"


@pytest.fixture(autouse=True)
def _no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUARTIER_CHROMIUM", str(tmp_path / "kein-chromium"))


@pytest.fixture
def data(app_world: World) -> ReportWorld:
    return build_report_world(app_world)


def download_labels(at: object) -> list[str]:
    return [b.label for b in at.get("download_button")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_visitors_and_members_cannot_open_it(
    app_as: AppFactory, data: ReportWorld, role: str
) -> None:
    at = app_as(None if role == "anonymous" else data.world.member)
    with pytest.raises(ValueError):  # not in their navigation
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_generate_then_download(app_as: AppFactory, data: ReportWorld, role: str) -> None:
    w = data.world
    at = app_as(getattr(w, role), page=PAGE)
    assert titles(at)[0] == DE("report.title")
    if role == "admin":  # admins choose among all Quartiere
        at.selectbox(key="report_quartier").select(w.nord.id).run()
    at.selectbox(key=f"report_year_{w.nord.id}").select(data.year).run()
    # exports are there at once, the report only after the click
    assert download_labels(at) == [DE("report.download_xlsx"), DE("report.download_parquet")]
    button(at, DE("report.generate")).click().run()
    assert not at.exception
    assert any(f"Der Bericht für {data.year} ist fertig" in s for s in successes(at))
    assert [w.value for w in at.warning] == [DE("report.no_charts")]
    assert download_labels(at) == [
        DE("report.download_pdf"), DE("report.download_html"),
        DE("report.download_xlsx"), DE("report.download_parquet"),
    ]  # fmt: skip
    # another rerun keeps the finished files; another year needs its own click
    at.run()
    assert DE("report.download_pdf") in download_labels(at)
    at.selectbox(key=f"report_year_{w.nord.id}").select(data.year + 1).run()
    assert DE("report.download_pdf") not in download_labels(at)


def test_coordinator_of_another_quartier_sees_only_their_own(
    app_as: AppFactory, data: ReportWorld
) -> None:
    w = data.world
    at = app_as(w.coordinator_sued, page=PAGE)
    at.selectbox(key=f"report_year_{w.sued.id}").select(data.year).run()
    button(at, DE("report.generate")).click().run()
    assert not at.exception
    texts = " ".join(visible_texts(at))
    assert "Quartier Nord" not in texts and "Kinderfest" not in texts
    assert DE("report.download_pdf") in download_labels(at)
