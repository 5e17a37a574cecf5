"""Nothing left behind: a crawl's tagging workers end with it, also after SIGINT, SIGTERM or SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from nachlese.errors import ExitCode
from tests.conftest import ROOT

#: Seconds a process group gets to empty after its leader exited (the workers check every second).
GRACE_S = 20.0


def group_members(pgid: int) -> list[int]:
    """Processes whose process group is ``pgid`` (zombies of other parents included)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def wait_for(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def start_crawl(url: str, database: Path, delay: str) -> subprocess.Popen[str]:
    """A crawl with entity tagging in worker processes, in its own process group (as cron or systemd start it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", url, "--db", str(database), "--delay", delay,
         "--set", "NACHLESE_NER_WORKERS=1", "--set", "NACHLESE_PROGRESS_INTERVAL=0"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


@pytest.mark.parametrize(("how", "expected"), [
    ("finish", ExitCode.OK),
    ("sigint-group", ExitCode.INTERRUPTED),  # Ctrl-C in a terminal reaches every process of the group
    ("sigterm-leader", ExitCode.INTERRUPTED),  # kill PID, systemctl stop with KillMode=process
    ("sigterm-group", ExitCode.INTERRUPTED),  # systemctl stop (the whole control group)
    ("sigkill-leader", -signal.SIGKILL),  # the OOM killer, kill -9
])
def test_no_process_outlives_the_crawl(how: str, expected: int, demo_server: Any, tmp_path: Path) -> None:
    crawl = start_crawl(demo_server.url, tmp_path / "p.sqlite", "0" if how == "finish" else "0.3")
    try:
        if how != "finish":
            # the tagging worker starts with the first batch of articles
            assert wait_for(lambda: len(group_members(crawl.pid)) >= 2, 120), "no tagging worker started"
            target, number = how.split("-")
            sig = {"sigint": signal.SIGINT, "sigterm": signal.SIGTERM, "sigkill": signal.SIGKILL}[target]
            if number == "group":
                os.killpg(crawl.pid, sig)
            else:
                os.kill(crawl.pid, sig)
        _, stderr = crawl.communicate(timeout=300)
    finally:
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait()
    assert crawl.returncode == expected, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    if expected == ExitCode.INTERRUPTED:
        assert stderr.splitlines() == [stderr.splitlines()[0]] and "interrupted" in stderr, stderr[-3000:]
    assert wait_for(lambda: not group_members(crawl.pid), GRACE_S), \
        f"left behind: {[Path(f'/proc/{p}/cmdline').read_bytes()[:200] for p in group_members(crawl.pid)]}"
