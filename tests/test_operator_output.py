"""Quiet, truthful output: a normal demo crawl warns about nothing, its counts agree, exports are readable."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from db.exports.output import atomic_file, atomic_folder
from db.locks import lock_path
from tests.conftest import ROOT, DemoCrawl, run_cli
from tests.test_distributed import redis_url

#: What no normal crawl may print: log warnings, Python warnings, tracebacks.
NOISE = re.compile(r"WARNING|Warning:|Traceback|DeprecationWarning|several spiders|Disabled ")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """`nachlese demo` as a new user runs it (entities on), into a fresh SQLite file."""
    folder = tmp_path_factory.mktemp("demo-command")
    return run_cli("demo", "--db", f"sqlite:///{folder / 'demo.sqlite'}", check=False)


def test_demo_crawl_prints_no_warnings(demo_run: subprocess.CompletedProcess[str]) -> None:
    assert demo_run.returncode == 0, demo_run.stderr[-3000:]
    assert not NOISE.search(demo_run.stderr), demo_run.stderr
    assert not NOISE.search(demo_run.stdout), demo_run.stdout


def test_crawl_of_the_demo_prints_no_warnings(demo_crawl: DemoCrawl) -> None:
    assert not NOISE.search(demo_crawl.stderr), demo_crawl.stderr


def test_demo_lists_articles_by_date_and_ends_with_next_commands(demo_run: subprocess.CompletedProcess[str]) -> None:
    lines = demo_run.stdout.splitlines()
    dated = [line.split()[0] for line in lines if re.match(r"  (\d{4}-\d\d-\d\d|undated)  ", line)]
    assert len(dated) >= 10
    assert dated == sorted(dated, key=lambda day: (day == "undated", day))
    tail = lines[lines.index("Try next:") + 1:]
    assert tail and all(line.strip().startswith(".venv/bin/nachlese ") for line in tail)
    assert any(" search " in line for line in tail) and any(" serve " in line for line in tail)


def _summary_figures(stderr: str) -> dict[str, int]:
    line = next(line for line in stderr.splitlines() if line.startswith("[nachlese] crawl finished"))
    words = {"pages stored": "pages", "new articles": "new", "changed": "changed", "already stored": "unchanged",
             "failed": "failed"}
    figures = {}
    for phrase, key in words.items():
        match = re.search(rf"(\d+) {phrase}", line)
        assert match, (phrase, line)
        figures[key] = int(match.group(1))
    return figures


def test_summary_stats_and_runs_agree(demo_crawl: DemoCrawl) -> None:
    """The crawl's summary line, its JSON, `stats` and `runs` give the same counts under the same words."""
    printed = _summary_figures(demo_crawl.stderr)
    summary = demo_crawl.summary
    assert printed == {key: summary[key] for key in printed}
    assert summary["pages"] == summary["new"] + summary["changed"] + summary["unchanged"] + summary["pages_only"] \
        + summary["failed"]
    stats = json.loads(run_cli("stats", "--db", demo_crawl.database_url, "--format", "json").stdout)
    [run] = json.loads(run_cli("runs", "--db", demo_crawl.database_url, "--format", "json").stdout)
    assert stats["pages"] == summary["pages"] == run["fetched"]  # one crawl into a fresh database
    assert stats["failed_pages"] == summary["failed"] == run["failed"]
    assert stats["articles"] == summary["new"] == run["new"]
    assert (run["changed"], run["unchanged"]) == (summary["changed"], summary["unchanged"])
    text = run_cli("runs", "--db", demo_crawl.database_url).stdout.splitlines()
    assert text[0].split()[5:7] == ["pages", "new"]


def test_summary_names_copies_as_copies(demo_crawl: DemoCrawl) -> None:
    """On a fresh database nothing is "unchanged": pages already stored are copies within this crawl."""
    line = next(line for line in demo_crawl.stderr.splitlines() if line.startswith("[nachlese] crawl finished"))
    already = demo_crawl.summary["unchanged"]
    assert already > 0
    assert f"{already} already stored (0 unchanged since an earlier crawl, {already} copies" in line


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750),
                                                                 (0o077, 0o600, 0o700)])
def test_atomic_outputs_take_the_umask(umask: int, file_mode: int, folder_mode: int, tmp_path: Path) -> None:
    old = os.umask(umask)
    try:
        with atomic_file(tmp_path / "out.jsonl") as stream:
            stream.write("{}\n")
        with atomic_folder(tmp_path / "site") as folder:
            (folder / "index.html").write_text("<html></html>", encoding="utf-8")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == file_mode
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == folder_mode
    assert stat.S_IMODE((tmp_path / "site" / "index.html").stat().st_mode) == file_mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "site"]  # nothing temporary left


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_exports_are_world_readable_under_the_default_umask(fmt: str, demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    out = tmp_path / f"export-{fmt}"
    subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", sys.executable, "-m", "nachlese.cli", "export",
                    "--db", demo_crawl.database_url, "--format", fmt, str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [out, *out.rglob("*")] if path.is_file()}
    folders = {stat.S_IMODE(path.stat().st_mode) for path in [out, *out.rglob("*")] if path.is_dir()}
    assert modes == {0o644}
    assert folders <= {0o755}


def test_crawl_lock_files_stay_out_of_the_database_folder(demo_crawl: DemoCrawl) -> None:
    database = Path(demo_crawl.database_url.removeprefix("sqlite:///"))
    assert not [p.name for p in database.parent.iterdir() if p.name.endswith(".lock")]
    path = lock_path(str(database), demo_crawl.base_url)
    assert path.parent != database.parent and path.exists()
    assert path != lock_path(str(database.with_name("other.sqlite")), demo_crawl.base_url)


def test_distributed_spider_has_its_own_name() -> None:
    from scrapy.spiderloader import SpiderLoader  # noqa: PLC0415
    from scrapy.utils.project import get_project_settings  # noqa: PLC0415

    names = SpiderLoader.from_settings(get_project_settings()).list()
    assert sorted(names) == sorted(set(names)) and "news" in names


@pytest.mark.postgres
@pytest.mark.parametrize("mode", ["postgresql", "distributed"])
def test_crawls_into_postgresql_print_no_warnings(mode: str, demo_server: Any, postgres_url: str) -> None:
    """The same quiet log on PostgreSQL, and for a scrapy-redis worker (scrapy-redis' own deprecations held back)."""
    extra = ["--redis", redis_url(), "--crawl-id", f"quiet-{uuid.uuid4().hex[:8]}"] if mode == "distributed" else []
    result = run_cli("crawl", demo_server.url, "--db", postgres_url, "--delay", "0", "--no-entities", *extra,
                     check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not NOISE.search(result.stderr), result.stderr


def test_a_second_crawl_says_what_is_unchanged_and_what_is_a_copy(demo_server: Any, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'twice.sqlite'}"
    first = run_cli("crawl", demo_server.url, "--db", database, "--delay", "0", "--no-entities")
    again = run_cli("crawl", demo_server.url, "--db", database, "--delay", "0", "--no-entities")
    before, after = (json.loads(r.stdout.splitlines()[-1]) for r in (first, again))
    assert (after["new"], after["changed"]) == (0, 0)
    # every article page and every page answered 304 is already stored; the copies are those of the first crawl
    assert after["unchanged"] >= before["new"] + before["unchanged"]
    earlier = after["unchanged"] - before["unchanged"]
    assert (f"{after['unchanged']} already stored ({earlier} unchanged since an earlier crawl, "
            f"{before['unchanged']} copies") in _summary_line(again.stderr)
    runs = json.loads(run_cli("runs", "--db", database, "--format", "json").stdout)
    assert [(r["pages"], r["new"], r["unchanged"]) for r in runs] == [
        (after["pages"], 0, after["unchanged"]), (before["pages"], before["new"], before["unchanged"])]


def _summary_line(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.startswith("[nachlese] crawl finished"))
