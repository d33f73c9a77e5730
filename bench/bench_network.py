"""Benchmark of the actor network page: data → metrics → layout → figure.

Measured side by side in one run, on the database of ``network_data.py`` (default 2,000
actors and 10,000 ties over ten years, as of the last day of the data):

(a) the plain networkx pipeline, once (it takes tens of seconds): ``load_network`` and
    the same snapshot, ``nx.spring_layout(seed=42)`` of the union of all dates, exact
    ``nx.betweenness_centrality`` of the snapshot, and a plotly figure with one trace per
    edge (plus one node trace per actor type);
(b) Quartier cold: ``load_network`` + ``network_view`` with every cache cleared (the
    view, metrics, layout and loaded-network caches), repeated;
(c) Quartier cached: ``load_network`` + ``network_view`` again (the page rerunning).

Then what the page does next with the layout cached (another date on the slider, a type
filter, an ego view), and typical neighbourhood maps of 30 and 300 actors, cold and
cached. Both pipelines' answers are compared (same actors, ties, betweenness, degree).

Usage::

    .venv/bin/python bench/bench_network.py [--db PATH] [--rebuild] [--actors 2000]
        [--ties 10000] [--seed 1] [--repeats 7] [--no-baseline]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import plotly
import plotly.graph_objects as go
from network_data import END, build_network_db, default_path
from timing import Timing, timed
from timing import machine as timing_machine

from quartier.network import graph as network_graph
from quartier.network.graph import Filters, NetworkData, as_of, load_network, simple_graph
from quartier.network.model import ActorType
from quartier.network_charts import NetworkView, clear_caches, network_view
from quartier.storage import Database, open_database

COLD_TARGET_MS = 1_000.0
CACHED_TARGET_MS = 50.0
SPEEDUP_TARGET = 15.0
LANGUAGE = "de"
SIZE_BY = "degree"


def clear_all() -> None:
    """Every cache the page path uses: loaded networks, views, metrics, layouts."""
    clear_caches()


# --- (a) the plain networkx pipeline -----------------------------------------------------------


try:
    import scipy  # noqa: F401  (nx.spring_layout needs it from 500 nodes on)

    SPRING = "nx.spring_layout"
except ImportError:  # the project does not depend on scipy
    SPRING = "nx.spring_layout, dense path (no scipy)"


def spring_layout(g: nx.Graph) -> dict[Any, Any]:
    """``nx.spring_layout(g, seed=42)``. Without scipy, networkx refuses graphs of 500
    nodes or more; then the same Fruchterman-Reingold runs on networkx's dense numpy
    path, which ``spring_layout`` itself takes for smaller graphs."""
    if SPRING == "nx.spring_layout" or len(g) < 500:
        return dict(nx.spring_layout(g, seed=42))
    import numpy as np
    from networkx.drawing.layout import _fruchterman_reingold, rescale_layout

    matrix = nx.to_numpy_array(g, weight="weight")
    pos = _fruchterman_reingold(matrix, None, None, None, 50, 1e-4, 2,
                                np.random.RandomState(42))  # fmt: skip
    return dict(zip(g, rescale_layout(pos, scale=1), strict=True))


@dataclass
class Baseline:
    figure: go.Figure
    betweenness: dict[int, float]
    degree: dict[int, int]
    positions: dict[int, tuple[float, float]]
    view: NetworkData
    parts: dict[str, float] = field(default_factory=dict)  # ms


def baseline(db: Database, quartier_id: int, day: date) -> Baseline:
    """The straightforward pipeline: networkx layout and exact betweenness, one trace per
    edge. Loading is the same call as ours (with its cache cleared)."""
    parts: dict[str, float] = {}
    started = time.perf_counter()
    network_graph.clear_cache()
    data = load_network(db, quartier_id)
    view = as_of(data, day)
    parts["load + snapshot"] = (time.perf_counter() - started) * 1000
    mark = time.perf_counter()
    union = simple_graph(data)
    positions = {int(k): (float(v[0]), float(v[1]))
                 for k, v in spring_layout(union).items()}  # fmt: skip
    parts[f"{SPRING} (union)"] = (time.perf_counter() - mark) * 1000
    mark = time.perf_counter()
    snapshot = simple_graph(view)
    betweenness = nx.betweenness_centrality(snapshot)
    degree = dict(snapshot.degree())
    parts["nx.betweenness_centrality (exact)"] = (time.perf_counter() - mark) * 1000
    mark = time.perf_counter()
    traces: list[Any] = []
    for tie in view.ties:
        (x0, y0), (x1, y1) = positions[tie.source_id], positions[tie.target_id]
        traces.append(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip",
                                 line={"width": 1, "color": "#888"}, showlegend=False))  # fmt: skip
    by_type: dict[ActorType, list[int]] = {}
    for a in view.actors:
        by_type.setdefault(a.actor_type, []).append(a.id)
    top = max(betweenness.values(), default=0.0) or 1.0
    for actor_type, ids in by_type.items():
        traces.append(go.Scatter(
            x=[positions[i][0] for i in ids], y=[positions[i][1] for i in ids],
            mode="markers", name=actor_type.value,
            text=[view.actor(i).name for i in ids],
            marker={"size": [8 + 20 * betweenness[i] / top for i in ids]},
        ))  # fmt: skip
    figure = go.Figure(data=traces)
    parts["figure, one trace per edge"] = (time.perf_counter() - mark) * 1000
    return Baseline(figure, betweenness, degree, positions, view, parts)


# --- (b), (c) Quartier ------------------------------------------------------------------------


NO_FILTERS = Filters()


def ours(
    db: Database, quartier_id: int, day: date | None, filters: Filters = NO_FILTERS
) -> NetworkView:
    return network_view(load_network(db, quartier_id), day, filters, SIZE_BY, LANGUAGE)


def ours_cold(db: Database, quartier_id: int, day: date | None) -> NetworkView:
    clear_all()
    return ours(db, quartier_id, day)


def disagreements(base: Baseline, view: NetworkView) -> list[str]:
    """Where the two pipelines answer differently (empty: they agree)."""
    problems = []
    ours_ids = sorted(a.id for a in view.view.actors)
    if ours_ids != sorted(a.id for a in base.view.actors):
        return ["different actors"]
    ties = sum(len(t.x) // 3 for t in view.figure.data if t.mode == "lines")
    base_ties = sum(1 for t in base.figure.data if t.mode == "lines")
    if ties != base_ties or ties != len(view.view.ties):
        problems.append(f"ties drawn: ours {ties}, networkx {base_ties}")
    worst = max((abs(base.betweenness[i] - view.metrics.betweenness[i]) for i in ours_ids),
                default=0.0)  # fmt: skip
    if worst > 1e-9:
        problems.append(f"betweenness differs by up to {worst:g}")
    if base.degree != view.metrics.degree:
        problems.append("degree differs")
    nodes = sum(len(t.x) for t in view.figure.data if t.mode != "lines")
    if nodes != len(ours_ids):
        problems.append(f"nodes drawn: {nodes} of {len(ours_ids)}")
    return problems


# --- timing ------------------------------------------------------------------------------------


def breakdown(db: Database, quartier_id: int, day: date, repeats: int) -> list[tuple[str, Timing]]:
    """The cold path part by part (each part with its own cache cleared)."""
    from quartier.i18n import translator
    from quartier.network import layout, metrics
    from quartier.network.graph import apply_filters
    from quartier.network_charts import network_figure

    clear_all()
    data = load_network(db, quartier_id)
    view = apply_filters(as_of(data, day), Filters())
    measured, placed = metrics.compute_metrics(view), layout.positions(data)

    def load() -> None:
        network_graph.clear_cache()
        load_network(db, quartier_id)

    def key() -> str:
        return NetworkData(data.quartier_id, data.actors, data.ties, data.entered_at).key

    def measure() -> None:
        metrics.clear_cache()
        metrics.compute_metrics(view)

    def place() -> None:
        layout.clear_cache()
        layout.positions(data)

    def version() -> None:
        load_network(db, quartier_id)  # cache hit: the fingerprint query only

    return [
        ("load_network (full read)", timed(load, repeats)),
        ("load_network (unchanged: fingerprint only)", timed(version, repeats)),
        ("NetworkData.key (content hash)", timed(key, repeats)),
        ("as_of + apply_filters", timed(lambda: apply_filters(as_of(data, day), Filters()),
                                        repeats)),
        ("compute_metrics (igraph)", timed(measure, repeats)),
        ("positions of the union (igraph FR)", timed(place, repeats)),
        ("network_figure", timed(lambda: network_figure(view, placed, measured,
                                                        t=translator(LANGUAGE)), repeats)),
    ]  # fmt: skip


def machine() -> str:
    return timing_machine(
        f"networkx {nx.__version__}, igraph {igraph.__version__}, plotly {plotly.__version__}"
    )


HEADER = "| path | median ms | min–max ms | CPU ms | runs |\n|---|---:|---:|---:|---:|"


def _small_maps(repeats: int, seed: int) -> list[tuple[str, Timing, Timing]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
        for actors, ties in ((30, 60), (300, 1_200)):
            made = build_network_db(Path(tmp) / f"n{actors}.duckdb", actors=actors, ties=ties,
                                    seed=seed)  # fmt: skip
            db = open_database(made.path)
            try:
                cold = timed(lambda db=db, q=made.quartier_id: ours_cold(db, q, END), repeats)
                ours(db, made.quartier_id, END)
                warm = timed(lambda db=db, q=made.quartier_id: ours(db, q, END), repeats * 3)
            finally:
                db.close()
            rows.append((f"{actors} actors, {ties} ties", cold, warm))
    return rows


def run(path: Path, repeats: int, with_baseline: bool, seed: int) -> int:
    print(f"machine: {machine()}\n")
    db = open_database(path)
    try:
        return _run(db, path, repeats, with_baseline, seed)
    finally:
        db.close()


def _run(db: Database, path: Path, repeats: int, with_baseline: bool, seed: int) -> int:
    with db.read() as cur:
        row = cur.execute("SELECT id FROM quartiers ORDER BY id LIMIT 1").fetchone()
    assert row is not None
    quartier_id, day = int(row[0]), END
    data = load_network(db, quartier_id)
    snapshot = as_of(data, day)
    print(f"database {path}: {len(data.actors)} actors and {len(data.ties)} ties in all;"
          f" as of {day:%d.%m.%Y}: {len(snapshot.actors)} actors,"
          f" {len(snapshot.ties)} ties\n")  # fmt: skip
    started = time.perf_counter()
    cold = timed(lambda: ours_cold(db, quartier_id, day), repeats)
    view = ours(db, quartier_id, day)
    cached = timed(lambda: ours(db, quartier_id, day), max(20, repeats * 3))
    moves = []
    for years in (1, 2, 3, 5):  # the slider: each date once, layout and network cached
        back = day - timedelta(days=365 * years)
        moves.append(timed(lambda back=back: ours(db, quartier_id, back), 1).median)
    hub = max(view.metrics.degree, key=lambda i: (view.metrics.degree[i], -i))
    filtered = [
        ("type filter: Schule + Kita",
         Filters(actor_types=frozenset({ActorType.SCHOOL, ActorType.KITA}))),
        ("ego view of the best-connected actor, depth 1", Filters(ego=hub, depth=1)),
        ("ego view of the best-connected actor, depth 2", Filters(ego=hub, depth=2)),
    ]  # fmt: skip
    filter_rows = [(label, timed(lambda f=f: ours(db, quartier_id, day, f), 1).median)
                   for label, f in filtered]  # fmt: skip
    json_ms = timed(lambda: view.figure.to_json(), 3).median
    json_kb = len(view.figure.to_json()) / 1024
    parts = breakdown(db, quartier_id, day, repeats)
    small = _small_maps(repeats, seed)
    ours_seconds = time.perf_counter() - started
    base: Baseline | None = None
    base_ms = float("nan")
    if with_baseline:
        gc.collect()
        mark = time.perf_counter()
        base = baseline(db, quartier_id, day)
        base_ms = (time.perf_counter() - mark) * 1000
    print("2,000-actor network, as of the last day (medians):\n")
    print(HEADER)
    if base is not None:
        print(f"| (a) plain networkx pipeline (single run) | {base_ms:.0f} | – | – | 1 |")
    print(f"| (b) Quartier cold: load_network + network_view, caches cleared | {cold.cells()} |")
    print(f"| (c) Quartier cached: load_network + network_view again | {cached.cells()} |")
    verdicts = [
        f"cold ≤ {COLD_TARGET_MS:.0f} ms: {'met' if cold.median <= COLD_TARGET_MS else 'MISSED'}",
        f"cached ≤ {CACHED_TARGET_MS:.0f} ms:"
        f" {'met' if cached.median <= CACHED_TARGET_MS else 'MISSED'}",
    ]
    if base is not None:
        speedup = base_ms / cold.median
        verdicts.append(f"speed-up (a) ÷ (b) {speedup:.0f}× (≥ {SPEEDUP_TARGET:.0f}×:"
                        f" {'met' if speedup >= SPEEDUP_TARGET else 'MISSED'}),"
                        f" (a) ÷ (c) {base_ms / cached.median:.0f}×")  # fmt: skip
    print("\n" + "; ".join(verdicts))
    if base is not None:
        print("\n(a) by part, ms: " + ", ".join(f"{k} {v:.0f}" for k, v in base.parts.items()))
        problems = disagreements(base, view)
        print("pipelines agree (actors, ties drawn, degree, betweenness within 1e-9): "
              + ("yes" if not problems else "NO: " + "; ".join(problems)))  # fmt: skip
    print("\n(b) by part, each part cold, medians:\n")
    print(HEADER.replace("path", "part"))
    for label, timing in parts:
        print(f"| {label} | {timing.cells()} |")
    print("\nWith the network and the layout cached (each once, ms):")
    print("  slider 1, 2, 3, 5 years back: " + ", ".join(f"{m:.0f}" for m in moves))
    for label, ms in filter_rows:
        print(f"  {label}: {ms:.0f}")
    print(f"  figure.to_json() (what the browser receives): {json_ms:.0f} ms, {json_kb:.0f} KiB")
    print("\nTypical neighbourhood maps:\n")
    print(
        "| map | cold median ms | cold min–max | cold CPU | runs | cached median ms"
        " | cached min–max | cached CPU | runs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    for label, c, w in small:
        print(f"| {label} | {c.cells()} | {w.cells()} |")
    print(f"\nQuartier's measurements took {ours_seconds:.1f} s; load average now"
          f" {', '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    return 0 if base is None or not disagreements(base, view) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="benchmark database")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--ties", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=7, help="runs of the cold path (≥ 5)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the (slow) plain networkx pipeline")  # fmt: skip
    args = parser.parse_args(argv)
    path = args.db or default_path(args.actors, args.ties, args.seed)
    if args.rebuild or not path.exists():
        made = build_network_db(path, actors=args.actors, ties=args.ties, seed=args.seed)
        print(f"built {made.path} in {made.seconds:.1f} s")
    return run(path, max(5, args.repeats), not args.no_baseline, args.seed)


if __name__ == "__main__":
    sys.exit(main())
