"""Operator-grade errors: every bad input gives one line on stderr, no traceback, and the documented exit code."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nachlese.errors import ExitCode
from tests.conftest import ROOT, DemoCrawl, run_cli
from tests.faulty_server import serve_faulty_site


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def faulty_site() -> Iterator[str]:
    with serve_faulty_site() as url:
        yield url


def assert_one_line(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    """Exit code as documented, exactly one line on stderr saying what is wrong, no traceback."""
    lines = result.stderr.splitlines()
    assert result.returncode == code, (result.returncode, result.stderr[-3000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert len(lines) == 1, result.stderr[-3000:]
    for needle in needles:
        assert needle in lines[0], lines[0]


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _unwritable_folder(tmp_path: Path) -> str:
    """A folder this process cannot create files in (root ignores permission bits, but not /proc)."""
    if os.geteuid() == 0:
        return "/proc/1"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return str(folder)


#: (id, arguments from tmp_path, expected exit code, words the error line must contain)
CASES: list[tuple[str, Callable[[Path], list[str]], int, tuple[str, ...]]] = [
    ("crawl-nothing-listening",
     lambda tmp: ["crawl", f"http://127.0.0.1:{closed_port()}/", "--db", str(tmp / "a.sqlite")],
     ExitCode.START_UNREACHABLE, ("no start URL reachable", "refused")),
    ("crawl-not-a-url", lambda tmp: ["crawl", "not-a-url", "--db", str(tmp / "a.sqlite")],
     ExitCode.CANNOT_START, ("not-a-url", "http://")),
    ("crawl-bad-port", lambda tmp: ["crawl", "http://127.0.0.1:99999/", "--db", str(tmp / "a.sqlite")],
     ExitCode.CANNOT_START, ("malformed",)),
    ("crawl-unknown-host", lambda tmp: ["crawl", "http://no-such-host.invalid/", "--db", str(tmp / "a.sqlite")],
     ExitCode.START_UNREACHABLE, ("no-such-host.invalid",)),
    ("crawl-model-missing",
     lambda tmp: ["crawl", "http://127.0.0.1:1/", "--db", str(tmp / "a.sqlite"), "--ner-model", "de=no_such_model"],
     ExitCode.CANNOT_START, ("no_such_model", "not installed")),
    ("crawl-database-folder-missing",
     lambda tmp: ["crawl", "http://127.0.0.1:1/", "--db", str(tmp / "missing" / "a.sqlite"), "--no-entities"],
     ExitCode.CANNOT_START, ("does not exist",)),
    ("crawl-database-unreachable",
     lambda tmp: ["crawl", "http://127.0.0.1:1/", "--db", f"postgresql+psycopg2://u@127.0.0.1:{closed_port()}/x",
                  "--no-entities"],
     ExitCode.CANNOT_START, ("cannot connect",)),
    ("crawl-database-not-sqlite",
     lambda tmp: ["crawl", "http://127.0.0.1:1/", "--db", _write(tmp / "junk.sqlite", "not a database " * 100),
                  "--no-entities"],
     ExitCode.CANNOT_START, ("junk.sqlite",)),
    ("crawl-no-url", lambda tmp: ["crawl"], ExitCode.CANNOT_START, ("required", "URL")),
    ("crawl-bad-delay", lambda tmp: ["crawl", "http://x.example/", "--delay", "soon"],
     ExitCode.CANNOT_START, ("--delay",)),
    ("crawl-bad-set", lambda tmp: ["crawl", "http://x.example/", "--set", "lower=1"],
     ExitCode.CANNOT_START, ("--set",)),
    ("demo-model-missing", lambda tmp: ["demo", "--db", str(tmp / "d.sqlite"), "--ner-model", "de=no_such_model"],
     ExitCode.CANNOT_START, ("no_such_model",)),
    ("unknown-command", lambda tmp: ["crawll"], ExitCode.CANNOT_START, ("crawll",)),
    ("bad-log-level", lambda tmp: ["--log-level", "LOUD", "stats", "--db", "x"], ExitCode.CANNOT_START, ("LOUD",)),
    ("stats-no-database", lambda tmp: ["stats", "--db", str(tmp / "none.sqlite")],
     ExitCode.CANNOT_START, ("no database",)),
    ("runs-not-a-database", lambda tmp: ["runs", "--db", _write(tmp / "junk.sqlite", "x" * 5000)],
     ExitCode.CANNOT_START, ("junk.sqlite",)),
    ("search-bad-query", lambda tmp: ["search", '"unbalanced', "--db", _demo_database(tmp)],
     ExitCode.CANNOT_START, ("search",)),
    ("search-bad-date", lambda tmp: ["search", "x", "--since", "2020-13-01", "--db", "x.sqlite"],
     ExitCode.CANNOT_START, ("--since", "2020-13-01")),
    ("export-unknown-format", lambda tmp: ["export", "--db", "x.sqlite", "--format", "pdf", str(tmp / "x")],
     ExitCode.CANNOT_START, ("pdf",)),
    ("reprocess-no-database", lambda tmp: ["reprocess", "--db", str(tmp / "none.sqlite"), "--no-entities"],
     ExitCode.CANNOT_START, ("no database",)),
    ("site-names-no-database", lambda tmp: ["site-names", "--db", str(tmp / "none.sqlite")],
     ExitCode.CANNOT_START, ("no database",)),
    ("db-upgrade-folder-missing", lambda tmp: ["db", "upgrade", "--db", str(tmp / "missing" / "x.sqlite")],
     ExitCode.CANNOT_START, ("nachlese db upgrade: error", "does not exist")),
    ("db-no-action", lambda tmp: ["db"], ExitCode.CANNOT_START, ("nachlese db: error",)),
    ("extract-input-missing", lambda tmp: ["extract", "--input", str(tmp / "none.jsonl"), "--no-entities"],
     ExitCode.CANNOT_START, ("none.jsonl",)),
    ("extract-broken-json", lambda tmp: ["extract", "--input", _write(tmp / "in.jsonl", '{"file": \n'),
                                         "--no-entities"],
     ExitCode.PARTIAL, ("line 1", "not JSON", "skipped")),
    ("extract-not-an-object", lambda tmp: ["extract", "--input", _write(tmp / "in.jsonl", "[1, 2]\n"),
                                           "--no-entities"],
     ExitCode.PARTIAL, ("line 1", "list", "skipped")),
    ("extract-file-missing",
     lambda tmp: ["extract", "--input", _write(tmp / "in.jsonl", '\n{"file": "/no/such/page.html"}\n'),
                  "--no-entities"],
     ExitCode.PARTIAL, ("line 2", "/no/such/page.html", "skipped")),
    ("import-warc-not-warc", lambda tmp: ["import-warc", _write(tmp / "x.warc", "hello"), "--db",
                                          str(tmp / "w.sqlite"), "--no-entities"],
     ExitCode.CANNOT_START, ("x.warc",)),
    ("import-mirror-no-folder", lambda tmp: ["import-mirror", str(tmp / "none"), "--base-url", "http://a.example/",
                                             "--db", str(tmp / "m.sqlite"), "--no-entities"],
     ExitCode.CANNOT_START, ("no such folder",)),
]


@pytest.mark.parametrize(("arguments", "code", "needles"), [pytest.param(a, c, n, id=i) for i, a, c, n in CASES])
def test_bad_input_gives_one_line_and_its_exit_code(arguments: Callable[[Path], list[str]], code: int,
                                                    needles: tuple[str, ...], tmp_path: Path) -> None:
    result = run_cli(*arguments(tmp_path), check=False, timeout=180)
    assert_one_line(result, code, *needles)
    assert not (tmp_path / "a.sqlite").exists(), "a crawl that could not start created its database"
    assert not (tmp_path / "none.sqlite").exists(), "a command created the database it was to read"


def _demo_database(tmp: Path) -> str:
    """An empty but current database (search needs one to parse the query against)."""
    path = tmp / "empty.sqlite"
    run_cli("db", "upgrade", "--db", str(path))
    return str(path)


def test_extract_goes_on_after_a_bad_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><head><title>Hallo</title></head><body><p>" + b"Ein Satz. " * 40 + b"</p></body></html>")
    good = [json.dumps({"file": str(page), "url": f"http://a.example/{n}"}) for n in (1, 2)]
    lines = [good[0], "not json", "[1,2]", good[1]]
    result = run_cli("extract", "--input", _write(tmp_path / "in.jsonl", "\n".join(lines) + "\n"), "--no-entities",
                     check=False)
    assert result.returncode == ExitCode.PARTIAL
    assert "Traceback" not in result.stderr
    assert [line.split(":")[1].strip() for line in result.stderr.splitlines()] == ["line 2", "line 3"]
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == ["http://a.example/1",
                                                                               "http://a.example/2"]


@pytest.mark.parametrize("path", ["/no/such/folder/out.html", "{unwritable}/out.html", "{file}/out.html"])
def test_report_to_a_folder_it_cannot_write(path: str, demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    out = path.format(unwritable=_unwritable_folder(tmp_path), file=blocker)
    result = run_cli("report", "--db", demo_crawl.database_url, out, check=False)
    assert_one_line(result, ExitCode.CANNOT_START, "out.html")


def test_closed_stdout_is_no_error(demo_crawl: DemoCrawl) -> None:
    """`nachlese entities ... | head -1`: the reader went away; no traceback, the shell's status for SIGPIPE."""
    process = subprocess.Popen([sys.executable, "-m", "nachlese.cli", "entities", "--db", demo_crawl.database_url],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the command writes anything: its first write meets a closed pipe
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(where: str, tmp_path: Path) -> None:
    command = ["stats", "--db", str(tmp_path / "none.sqlite")]
    result = run_cli(*(["--debug", *command] if where == "before" else [*command, "--debug"]), check=False)
    assert result.returncode == ExitCode.CANNOT_START
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("nachlese stats: error: no database")


def test_start_url_answering_404_exits_3(faulty_site: str, tmp_path: Path) -> None:
    result = run_cli("crawl", faulty_site + "/not-found", "--db", str(tmp_path / "f.sqlite"), "--no-entities",
                     "--delay", "0", check=False)
    assert_one_line(result, ExitCode.START_UNREACHABLE, "no start URL reachable", "/not-found", "HTTP 404")


def test_pages_failing_exit_1_only_with_fail_on_errors(demo_server: Any, tmp_path: Path) -> None:
    """The demo site has broken pages: a normal crawl is a success, --fail-on-errors makes them count."""
    database = f"sqlite:///{tmp_path / 'd.sqlite'}"
    first = run_cli("crawl", demo_server.url, "--db", database, "--delay", "0", "--no-entities", check=False)
    assert first.returncode == ExitCode.OK, first.stderr[-2000:]
    failed = json.loads(first.stdout.splitlines()[-1])["failed"]
    assert failed > 0
    strict = run_cli("crawl", demo_server.url, "--db", database, "--delay", "0", "--no-entities",
                     "--fail-on-errors", check=False)
    assert strict.returncode == ExitCode.PARTIAL
    assert strict.stderr.splitlines()[-1].startswith(f"nachlese crawl: error: finished, but {failed} of ")


@pytest.mark.parametrize("case", ["reachable", "unreachable"])
def test_as_a_cron_job_runs_it(case: str, demo_server: Any, tmp_path: Path) -> None:
    """cron: an empty environment, no terminal, stdin closed, output appended to a log, status in $?."""
    script = Path(sys.executable).with_name("nachlese")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nachlese.cli"]
    url = demo_server.url if case == "reachable" else f"http://127.0.0.1:{closed_port()}/"
    line = " ".join([*command, "crawl", url, "--db", str(tmp_path / "cron.sqlite"), "--no-entities", "--delay", "0",
                     ">>", str(tmp_path / "crawl.log"), "2>&1;", "echo $? >", str(tmp_path / "status")])
    subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}", "sh", "-c", line], cwd=tmp_path,
                   stdin=subprocess.DEVNULL, check=True, timeout=300)
    status = int((tmp_path / "status").read_text(encoding="utf-8"))
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "WARNING" not in log, log[-3000:]
    if case == "reachable":
        assert status == ExitCode.OK, log[-3000:]
        assert "[nachlese] crawl finished" in log
    else:
        assert status == ExitCode.START_UNREACHABLE
        assert log.splitlines() == [log.splitlines()[0]] and "no start URL reachable" in log
        assert not (tmp_path / "cron.sqlite").exists()
