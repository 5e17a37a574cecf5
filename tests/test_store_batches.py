"""The batched writer: one transaction per batch, one savepoint per page, outcomes only after the commit."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from crawler.store_batches import BatchWriter, PendingPage
from db.engine import make_engine, make_sessionmaker


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """SQLite and PostgreSQL (whose transactions must be rolled back to a savepoint after an error)."""
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE stored (name TEXT PRIMARY KEY)"))
    yield engine
    engine.dispose()


def store_name(session: Session, name: Any) -> str:
    session.execute(text("INSERT INTO stored (name) VALUES (:name)"), {"name": name})
    if name.startswith("bad"):
        raise ValueError(f"cannot store {name}")
    return f"stored {name}"


async def write(writer: BatchWriter, names: list[str]) -> list[Any]:
    loop = asyncio.get_running_loop()
    futures = []
    for name in names:
        future: asyncio.Future[Any] = loop.create_future()
        writer.add(PendingPage(name, future, loop))
        futures.append(future)
    await loop.run_in_executor(None, writer.flush)
    return await asyncio.gather(*futures, return_exceptions=True)


def stored(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT name FROM stored ORDER BY name"))]


@pytest.mark.parametrize(
    ("names", "kept"),
    [
        (["a", "b", "c"], ["a", "b", "c"]),
        (["a", "bad-1", "c"], ["a", "c"]),  # the failing page's savepoint alone is rolled back
        (["bad-1", "bad-2"], []),
    ],
)
def test_one_transaction_for_the_batch_and_a_savepoint_per_page(engine: Engine, names: list[str],
                                                                kept: list[str]) -> None:
    writer = BatchWriter(make_sessionmaker(engine), store_name, size=10)
    outcomes = asyncio.run(write(writer, names))
    assert writer.batches == 1
    assert stored(engine) == kept
    for name, outcome in zip(names, outcomes, strict=True):
        if name.startswith("bad"):
            assert isinstance(outcome, ValueError)
        else:
            assert outcome == f"stored {name}"


def test_a_flush_takes_at_most_the_batch_size(engine: Engine) -> None:
    writer = BatchWriter(make_sessionmaker(engine), store_name, size=2)

    async def scenario() -> tuple[int, int, int]:
        loop = asyncio.get_running_loop()
        futures = []
        for name in ("a", "b", "c"):
            future: asyncio.Future[Any] = loop.create_future()
            writer.add(PendingPage(name, future, loop))
            futures.append(future)
        first = await loop.run_in_executor(None, writer.flush)
        second = await loop.run_in_executor(None, writer.flush)
        third = await loop.run_in_executor(None, writer.flush)
        await asyncio.gather(*futures)
        return first, second, third

    assert asyncio.run(scenario()) == (2, 1, 0)
    assert stored(engine) == ["a", "b", "c"]


def test_a_failed_commit_fails_every_page_and_stores_none(engine: Engine) -> None:
    with engine.begin() as connection:  # a constraint checked only at COMMIT time
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(text(
            "CREATE TABLE child (id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED, name TEXT)"
        ))

    def store_orphan(session: Session, name: Any) -> str:
        session.execute(text("INSERT INTO stored (name) VALUES (:name)"), {"name": name})
        if name == "orphan":
            session.execute(text("INSERT INTO child (id, name) VALUES (99, :name)"), {"name": name})
        return name

    writer = BatchWriter(make_sessionmaker(engine), store_orphan, size=10)
    outcomes = asyncio.run(write(writer, ["a", "orphan", "c"]))
    assert all(isinstance(outcome, Exception) for outcome in outcomes)
    assert stored(engine) == []
    assert writer.batches == 0


def test_a_failing_preparation_fails_only_its_page(engine: Engine) -> None:
    writer = BatchWriter(make_sessionmaker(engine), store_name, size=10)

    def refuse() -> None:
        raise RuntimeError("no crawl run")

    async def scenario() -> list[Any]:
        loop = asyncio.get_running_loop()
        first: asyncio.Future[Any] = loop.create_future()
        second: asyncio.Future[Any] = loop.create_future()
        writer.add(PendingPage("a", first, loop, prepare=refuse))
        writer.add(PendingPage("b", second, loop))
        await loop.run_in_executor(None, writer.flush)
        return list(await asyncio.gather(first, second, return_exceptions=True))

    first, second = asyncio.run(scenario())
    assert isinstance(first, RuntimeError)
    assert second == "stored b"
    assert stored(engine) == ["b"]
