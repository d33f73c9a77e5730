"""The report's charts as PNG images, drawn by kaleido in a headless Chromium.

One browser serves all charts of a report (starting it costs most of the time). The
browser is the QUARTIER_CHROMIUM setting. When it is missing or cannot start, the
report is still made: :func:`chart_images` then returns no images and the renderers
put a note in place of each chart.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import kaleido  # type: ignore[import-untyped]
import plotly.graph_objects as go
from kaleido.errors import (  # type: ignore[import-untyped]
    BrowserClosedError,
    BrowserFailedError,
    ChromeNotFoundError,
    KaleidoError,
)

from quartier import config
from quartier.dashboard_charts import (
    funnel_figure,
    group_labels,
    growth_figure,
    participation_figure,
    reach_figure,
)
from quartier.i18n import Translator
from quartier.report.data import ReportData

#: The charts, in report order; each has a heading ``report.chart.<name>``.
CHARTS: tuple[str, ...] = ("participation", "reach", "funnel", "growth")
WIDTH, HEIGHT, SCALE = 900, 420, 2  # px; scale 2 keeps print sharp
TIMEOUT = 30.0  # seconds per chart
START_TIMEOUT = 60.0  # seconds for Chromium to start

#: What the browser can fail with: not found, crashed, refused a figure, too slow.
_BROWSER_FAILURES = (
    ChromeNotFoundError,
    BrowserFailedError,
    BrowserClosedError,
    KaleidoError,
    OSError,
    TimeoutError,
    RuntimeError,
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def figures(data: ReportData, t: Translator) -> dict[str, go.Figure]:
    """The report's plotly figures, by chart name."""
    codes = {code for _, code, _ in data.participation.rows}
    labels = group_labels("channel", codes, t)
    return {
        "participation": participation_figure(data.participation, t, labels),
        "reach": reach_figure(data.reach, t),
        "funnel": funnel_figure(list(data.funnel), t),
        "growth": growth_figure(list(data.growth), t),
    }


def _style(figure: go.Figure) -> go.Figure:
    figure.update_layout(
        template="plotly_white", paper_bgcolor="white", plot_bgcolor="white",
        font={"family": "DejaVu Sans, sans-serif", "size": 13},
        margin={"l": 60, "r": 20, "t": 40, "b": 60},
    )  # fmt: skip
    return figure


async def _render(browser: str, figs: Mapping[str, go.Figure]) -> dict[str, bytes]:
    opts = {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": SCALE}
    images: dict[str, bytes] = {}
    async with kaleido.Kaleido(n=1, path=browser, mathjax=False, timeout=TIMEOUT) as k:
        for name, figure in figs.items():
            images[name] = bytes(await k.calc_fig(figure, opts=opts))
    return images


def render_png(figs: Mapping[str, go.Figure], browser: str | None = None) -> dict[str, bytes]:
    """PNG images of ``figs`` (same keys), or an empty dict when the browser (the
    QUARTIER_CHROMIUM setting unless given) is missing or fails.

    Runs in a thread of its own with its own event loop, so it works wherever it is
    called from (a Streamlit script thread, the command line, a test).
    """
    path = browser or config.get("QUARTIER_CHROMIUM")
    if not figs or not Path(path).is_file():
        return {}
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["images"] = asyncio.run(_render(path, figs))
        except _BROWSER_FAILURES as exc:
            result["error"] = exc

    worker = threading.Thread(target=run, name="report-charts", daemon=True)
    worker.start()
    # A browser that hangs must not hold the report: it is made without charts then.
    worker.join(timeout=START_TIMEOUT + TIMEOUT * len(figs))
    images = result.get("images", {}) if not worker.is_alive() else {}
    if any(not png.startswith(PNG_MAGIC) for png in images.values()):
        return {}
    return dict(images)


def chart_images(data: ReportData, t: Translator) -> dict[str, bytes]:
    """The report's charts as PNG (keys from CHARTS); empty when Chromium cannot run."""
    return render_png({name: _style(fig) for name, fig in figures(data, t).items()})
