"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): syntax, filters, ranking, index upkeep."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, insert, text, update
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.errors import SearchQueryError
from db.fts import rebuild_index
from db.models import Article, CrawlRun, Site
from db.query_syntax import parse, to_fts5
from db.schema import alembic_config, upgrade
from db.search import count_matches, search
from db.storage import store_page
from extract.record import EntityMention, Field, PageRecord
from tests.db_fixtures import article, fetched

Factory = sessionmaker[Session]


def store(factory: Factory, db_run: CrawlRun, record: PageRecord) -> None:
    with factory.begin() as session:
        store_page(session, db_run, fetched(record), record)


def urls(factory: Factory, query: str, **kw: object) -> list[str]:
    with factory() as session:
        return [hit.url for hit in search(session, query, **kw)]  # type: ignore[arg-type]


@pytest.fixture
def corpus(db_sessions: Factory, db_run: CrawlRun) -> Factory:
    """Three articles: German politics (2007), German sport (2008), English politics with a time (2009)."""
    store(db_sessions, db_run, article("de/merkel.html"))
    store(
        db_sessions,
        db_run,
        article(
            "de/fussball.html",
            title="Fußball in München",
            lead="Der FC Bayern gewinnt.",
            text="Thomas Müller schießt zwei Tore gegen Schalke.",
            category="Sport",
            published=datetime(2008, 5, 1, tzinfo=UTC),
            entities=[EntityMention("Thomas Müller", "PER", Field.TEXT, 0, 13)],
        ),
    )
    store(
        db_sessions,
        db_run,
        article(
            "en/election.html",
            title="Elections in Britain",
            lead="Voters went to the polls.",
            text="The governments of Europe watched the elections closely. Merkel commented.",
            language="en",
            published=datetime(2009, 6, 4, 18, 30, tzinfo=UTC),
            published_has_time=True,
            entities=[EntityMention("Merkel", "PER", Field.TEXT, 58, 64, canonical="Angela Merkel")],
        ),
    )
    return db_sessions


def test_finds_words_with_snippet_and_metadata(corpus: Factory) -> None:
    with corpus() as session:
        hits = search(session, "Bürgermeister")
    assert [h.url for h in hits] == [article("de/merkel.html").url]
    hit = hits[0]
    assert hit.title == "Merkel besucht Berlin" and hit.language == "de"
    assert hit.published == datetime(2007, 11, 23, tzinfo=UTC)
    assert "[Bürgermeister]" in hit.snippet
    assert isinstance(hit.rank, float)


def test_title_match_ranks_above_text_match(corpus: Factory) -> None:
    assert urls(corpus, "merkel")[0].endswith("de/merkel.html")
    assert set(urls(corpus, "merkel")) == {article("de/merkel.html").url, article("en/election.html").url}


def test_phrase_or_exclusion_prefix(corpus: Factory) -> None:
    assert urls(corpus, '"Thomas Müller"') == [article("de/fussball.html").url]
    assert urls(corpus, '"Müller Thomas"') == []
    assert set(urls(corpus, "Schalke OR Bürgermeister")) == {
        article("de/fussball.html").url,
        article("de/merkel.html").url,
    }
    assert urls(corpus, "merkel -berlin") == [article("en/election.html").url]
    assert urls(corpus, "Bürgermei*") == [article("de/merkel.html").url]


def test_filters(corpus: Factory) -> None:
    everything = "merkel OR müller OR elections"
    assert len(urls(corpus, everything)) == 3
    assert urls(corpus, everything, language="en") == [article("en/election.html").url]
    assert set(urls(corpus, everything, since=date(2008, 1, 1))) == {
        article("de/fussball.html").url,
        article("en/election.html").url,
    }
    assert urls(corpus, everything, until=date(2007, 11, 23)) == [article("de/merkel.html").url]
    assert urls(corpus, everything, until=datetime(2009, 6, 4, 18, 0, tzinfo=UTC), since=date(2008, 1, 1)) == [
        article("de/fussball.html").url
    ]
    assert set(urls(corpus, everything, entity="angela merkel")) == {
        article("de/merkel.html").url,
        article("en/election.html").url,
    }
    assert urls(corpus, everything, entity="Thomas Müller") == [article("de/fussball.html").url]
    assert urls(corpus, everything, limit=1) != []


def test_language_stemming_on_postgres_diacritics_on_sqlite(corpus: Factory, db_engine: Engine) -> None:
    if db_engine.dialect.name == "postgresql":
        # german config stems "Regierung" ~ "Regierungen"; english "government" ~ "governments"
        assert urls(corpus, "Regierung") == [article("de/merkel.html").url]
        assert urls(corpus, "government", language="en") == [article("en/election.html").url]
    else:
        # unicode61 remove_diacritics: "Muller" finds "Müller"; no stemmer, so use a prefix
        assert urls(corpus, "Muller") == [article("de/fussball.html").url]
        assert urls(corpus, "Regierung*") == [article("de/merkel.html").url]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"unbalanced', "unbalanced quote"),
        ("", "no words"),
        ("   ", "no words"),
        ("!!! ???", "no words"),
        ("-sport", "only excluded"),
        ("OR merkel", "OR needs"),
        ("merkel OR", "OR needs"),
        ("merkel OR OR berlin", "OR needs"),
    ],
)
def test_bad_queries_are_search_query_errors(corpus: Factory, query: str, reason: str) -> None:
    with corpus() as session, pytest.raises(SearchQueryError, match=reason):
        search(session, query)


@pytest.mark.parametrize(
    "query",
    [
        "merkel'; DROP TABLE articles; --",
        "NEAR(merkel berlin)",
        "title:merkel",
        "^merkel",
        "merkel AND NOT berlin",
        "(merkel",
        "merkel)",
        "a:b:c",
        "*",
        "merkel & berlin | !x <-> y:*",
        "\\x00",
    ],
)
def test_fts_syntax_in_user_input_is_harmless(corpus: Factory, query: str) -> None:
    # refused with a clear message is fine; a raw SQL error is not
    with corpus() as session, contextlib.suppress(SearchQueryError):
        search(session, query)
    with corpus() as session:
        assert session.execute(text("SELECT COUNT(*) FROM articles")).scalar_one() == 3


def test_index_follows_changed_articles(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    store(db_sessions, db_run, article(text="Angela Merkel traf in Hamburg den Senator."))
    assert urls(db_sessions, "Bürgermeister") == []
    assert urls(db_sessions, "Senator") == [article().url]
    with db_sessions.begin() as session:
        rebuild_index(session)
    assert urls(db_sessions, "Senator") == [article().url]
    assert urls(db_sessions, "Bürgermeister") == []


def test_limit_is_checked(corpus: Factory) -> None:
    with corpus() as session, pytest.raises(SearchQueryError, match="limit"):
        search(session, "merkel", limit=0)


def test_fts5_compilation_quotes_every_term() -> None:
    assert to_fts5(parse('merkel "angela merkel" OR kohl -sport regier*')) == (
        '(("merkel") AND ("angela merkel" OR "kohl") AND ("regier"*)) NOT "sport"'
    )


def test_count_matches_agrees_with_search(corpus: Factory) -> None:
    everything = "merkel OR müller OR elections"
    with corpus() as session:
        assert count_matches(session, everything) == 3
        assert count_matches(session, everything, language="en") == 1
        assert count_matches(session, everything, since=date(2008, 1, 1)) == 2
        assert count_matches(session, everything, entity="Thomas Müller") == 1
        assert count_matches(session, "Schalke -Müller") == 0


def test_limit_keeps_the_best_and_every_hit_has_a_snippet(db_sessions: Factory, db_run: CrawlRun) -> None:
    for n in range(12):
        title = "Hafen in Emden" if n == 7 else f"Meldung {n}"
        store(db_sessions, db_run, article(f"de/{n}.html", title=title, text=f"Der Hafen wächst. Nummer {n}."))
    with db_sessions() as session:
        hits = search(session, "Hafen", limit=3)
        assert count_matches(session, "Hafen") == 12
    assert len(hits) == 3
    assert hits[0].url.endswith("de/7.html")  # the title hit first
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    assert all("[Hafen]" in h.snippet for h in hits)


def test_index_follows_date_and_language_changes(db_sessions: Factory, db_run: CrawlRun) -> None:
    """Filters see a changed publication day and language (PostgreSQL: the trigger updates article_search)."""
    store(db_sessions, db_run, article())
    with db_sessions.begin() as session:
        session.execute(update(Article).values(published=datetime(2011, 1, 2, tzinfo=UTC)))
    assert urls(db_sessions, "Bürgermeister", since=date(2011, 1, 1)) == [article().url]
    assert urls(db_sessions, "Bürgermeister", until=date(2010, 1, 1)) == []
    with db_sessions.begin() as session:
        session.execute(update(Article).values(language="EN"))
    assert urls(db_sessions, "Bürgermeister", language="en") == [article().url]
    assert urls(db_sessions, "Bürgermeister", language="de") == []
    with db_sessions.begin() as session:
        session.execute(text("DELETE FROM articles"))
    assert urls(db_sessions, "Bürgermeister") == []


def test_upgrade_to_0004_keeps_articles_searchable(db_url: str) -> None:
    """An article indexed the 0003 way (PostgreSQL: articles.search_vector) is found after the upgrade."""
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            site_id = conn.execute(insert(Site).values(base_url=SITE_URL, host="news.example.org")).inserted_primary_key
            conn.execute(insert(Article), [_raw_article(site_id[0])])
            if engine.dialect.name == "sqlite":
                conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
            else:
                conn.execute(
                    text(
                        "UPDATE articles SET search_vector = setweight(to_tsvector('german', title), 'A') || "
                        "setweight(to_tsvector('german', text), 'C')"
                    )
                )
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            hits = search(session, "Regierungen", since=date(2007, 1, 1), language="de")
        assert [h.url for h in hits] == [SITE_URL + "alt.html"]
        assert "[Regierungen]" in hits[0].snippet
        with engine.begin() as conn:  # and back: 0003 finds it the 0003 way
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
            if engine.dialect.name == "sqlite":
                found = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Regierungen'"
            else:
                found = "SELECT COUNT(*) FROM articles WHERE search_vector @@ to_tsquery('german', 'Regierungen')"
            assert conn.execute(text(found)).scalar_one() == 1
    finally:
        engine.dispose()


SITE_URL = "http://news.example.org/"


def _raw_article(site_id: int) -> dict[str, object]:
    return {
        "site_id": site_id,
        "canonical_url": SITE_URL + "alt.html",
        "title": "Alte Meldung",
        "lead": None,
        "text": "Die Regierungen Europas tagten.",
        "html": "",
        "language": "de",
        "published": datetime(2007, 5, 1, tzinfo=UTC),
        "published_has_time": False,
        "authors": [],
        "word_count": 4,
        "extractor_version": "test",
        "content_fingerprint": "c" * 40,
        "content_hash": "h" * 64,
        "enrichment_hash": "",
        "is_print_only": False,
        "text_fingerprint": "t" * 40,
    }
