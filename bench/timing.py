"""What every benchmark here shares: timing a call and describing the machine.

``timed`` runs a call ``repeats`` times (garbage collected before each run) and keeps
the wall-clock median, p95, fastest and slowest, and the median CPU time of this process
(all threads; steadier than wall time on a busy machine), all in ms.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    low: float
    high: float
    cpu: float
    runs: int

    def cells(self) -> str:
        """``median | min–max | CPU | runs`` for a Markdown table."""
        return f"{self.median:.1f} | {self.low:.1f}–{self.high:.1f} | {self.cpu:.1f} | {self.runs}"


def timed(fn: Callable[[], Any], repeats: int) -> Timing:
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return Timing(statistics.median(walls), float(np.percentile(walls, 95)), min(walls),
                  max(walls), statistics.median(cpus), repeats)  # fmt: skip


def machine(libraries: str) -> str:
    """CPUs, RAM, Python and DuckDB, then ``libraries`` (e.g. "pandas 3.1.1"), then the load."""
    cpu = ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines()
                   if x.startswith("MemTotal"))  # fmt: skip
        ram = f"{int(mem.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} vCPUs ({cpu}), {ram} RAM; Python {platform.python_version()},"
        f" DuckDB {duckdb.__version__}, {libraries}; load average {load}"
    )
