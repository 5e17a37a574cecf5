"""Scheduled crawls on scrapyd: the project deploys with scrapyd-deploy and a scheduled job stores articles."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

PROJECT_FILES = ["scrapy.cfg", "setup.py", "pyproject.toml", "README.md", "crawler", "extract", "db", "nachlese"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(base: str, endpoint: str, data: dict[str, Any] | list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(base + endpoint, data=body, timeout=30) as response:
        return dict(json.loads(response.read()))


@pytest.fixture
def scrapyd(tmp_path: Path) -> Any:
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
        "max_proc = 1\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            call(base, "daemonstatus.json")
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise AssertionError("scrapyd did not start")
    yield base, home
    process.terminate()
    process.wait(timeout=30)


def test_deploy_and_schedule_a_crawl(scrapyd: Any, demo_server: Any, tmp_path: Path) -> None:
    base, _home = scrapyd
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    config = (project / "scrapy.cfg").read_text(encoding="utf-8")
    (project / "scrapy.cfg").write_text(config.replace("http://127.0.0.1:6800/", base), encoding="utf-8")
    deploy = subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy")], cwd=project,
                            capture_output=True, text=True, timeout=300, check=False)
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    spiders = call(base, "listspiders.json?project=nachlese")
    assert "news" in spiders.get("spiders", []), spiders

    database = tmp_path / "scheduled.sqlite"
    job = call(base, "schedule.json", [
        ("project", "nachlese"), ("spider", "news"), ("start_url", demo_server.url),
        ("setting", f"NACHLESE_DATABASE_URL=sqlite:///{database}"), ("setting", "NACHLESE_ENTITIES_ENABLED=False"),
        ("setting", "DOWNLOAD_DELAY=0"), ("setting", "AUTOTHROTTLE_ENABLED=False"),
    ])
    assert job["status"] == "ok"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        jobs = call(base, "listjobs.json?project=nachlese")
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        time.sleep(1)
    else:
        raise AssertionError("the scheduled crawl did not finish")
    with sqlite3.connect(database) as connection:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        [status] = connection.execute("SELECT status FROM crawl_runs").fetchone()
    assert articles >= 15
    assert status == "finished"
