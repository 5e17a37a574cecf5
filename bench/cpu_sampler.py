"""Samples machine-wide busy CPU seconds and chosen processes' CPU seconds from /proc during a benchmark run."""

from __future__ import annotations

import bisect
import os
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Self

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent not idle since boot (user, nice, system, irq, softirq, steal)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:3]) + sum(fields[5:8])) / TICKS_PER_SECOND


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of one process (None once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


class CpuSampler:
    """Every ``interval`` seconds: (Unix time, machine busy seconds, CPU seconds of each watched process)."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.pids: list[int] = []
        self.times: list[float] = []
        self.busy: list[float] = []
        self.process_cpu: dict[int, list[tuple[float, float]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-sampler", daemon=True)
        self.available = Path("/proc/stat").exists()

    def watch(self, pid: int) -> None:
        self.pids.append(pid)

    def __enter__(self) -> Self:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.time()
            self.times.append(now)
            self.busy.append(machine_busy_seconds())
            for pid in list(self.pids):
                seconds = process_cpu_seconds(pid)
                if seconds is not None:
                    self.process_cpu.setdefault(pid, []).append((now, seconds))
            self._stop.wait(self.interval)

    @staticmethod
    def _value_at(times: list[float], values: list[float], moment: float, before_first: float) -> float:
        """The last sampled value at or before ``moment`` (``before_first`` if there is none)."""
        index = bisect.bisect_right(times, moment) - 1
        return values[index] if index >= 0 else before_first

    def between(self, start: float, end: float) -> tuple[float, float]:
        """(machine busy CPU seconds, watched processes' CPU seconds) from ``start`` to ``end``."""
        if not self.times:
            return 0.0, 0.0
        busy = (self._value_at(self.times, self.busy, end, self.busy[0])
                - self._value_at(self.times, self.busy, start, self.busy[0]))
        processes = 0.0
        for history in self.process_cpu.values():
            times, values = [t for t, _ in history], [v for _, v in history]
            processes += self._value_at(times, values, end, 0.0) - self._value_at(times, values, start, 0.0)
        return busy, processes
