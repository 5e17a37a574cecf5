"""Summarise py-spy's folded stacks of a crawl by pipeline stage: CPU share and top functions of each."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

__all__ = ["STAGE_RULES", "read_folded", "stage_of", "summarise"]

#: The first rule matching any frame of a stack names its stage; frames read "function (package/file.py)",
#: so the order matters: imports and model loading are "start-up" wherever they happen, and spaCy called
#: from the tagger is "entities", though the tagger lives in extract/.
STAGE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("start-up", re.compile(r"^_find_and_load \(|^load_pipeline \(extract/entities\.py\)", re.MULTILINE)),
    ("entities", re.compile(r"\((extract/entities\.py|spacy/|thinc/|numpy/)")),
    ("store", re.compile(r"\((db/|sqlalchemy/|sqlite3/|psycopg2/)|StorePipeline\.")),
    ("extract", re.compile(r"\((extract/|trafilatura/|htmldate/|dateparser/|ftfy/|charset_normalizer/|courlan/)"
                           r"|ExtractPipeline\.")),
    ("links", re.compile(r"\((scrapy/linkextractors/|crawler/urls\.py)|follow_links")),
]
_PROJECT = re.compile(r"\((crawler|extract|db|nachlese)/")
_ENTRY = re.compile(r"^<module> |\((nachlese/cli\.py|nachlese/commands/)")  # on every stack: not informative
_PROCESS = re.compile(r'^process \d+:".*?";(?=thread \()')
_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^():]*)(?::\d+)?\)$")
_SITE_PACKAGES = re.compile(r"^.*/(site-packages|lib/python3\.\d+)/")


def _frame(raw: str) -> str:
    """``Class.method (path/to/file.py:12)`` -> ``Class.method (to/file.py)``: no line, shorter path."""
    match = _FRAME.match(raw.strip())
    if not match:
        return raw.strip()
    path = _SITE_PACKAGES.sub("", match["file"])
    path = re.sub(r"^.*/work/[^/]+/", "", path)
    return f"{match['function']} ({path})"


def read_folded(path: Path) -> list[tuple[str, list[str], int]]:
    """Stacks of a py-spy ``--format raw --threads [--subprocesses]`` file: (thread, frames, samples)."""
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        stack = _PROCESS.sub("", stack)  # --subprocesses: the command line may itself contain ";"
        frames = stack.split(";")
        thread = ""
        if frames and frames[0].startswith("thread ("):  # --threads
            thread = frames.pop(0).split(": ", 1)[-1]
        stacks.append((thread, [_frame(f) for f in frames], int(count)))
    return stacks


def stage_of(frames: Iterable[str]) -> str:
    """The pipeline stage a stack belongs to; "fetch+other" (Scrapy, Twisted, the spider) when none."""
    joined = "\n".join(frames)
    for stage, pattern in STAGE_RULES:
        if pattern.search(joined):
            return stage
    return "fetch+other"


def summarise(path: Path, top: int = 8) -> str:
    """Per stage: share of the CPU samples, and its functions with the most own (self) samples."""
    stacks = read_folded(path)
    total = sum(count for _, _, count in stacks) or 1
    by_stage: Counter[str] = Counter()
    own: dict[str, Counter[str]] = defaultdict(Counter)
    inclusive: dict[str, Counter[str]] = defaultdict(Counter)
    for _, frames, count in stacks:
        stage = stage_of(frames)
        by_stage[stage] += count
        if frames:
            own[stage][frames[-1]] += count
        for frame in set(frames):
            inclusive[stage][frame] += count
    lines = [f"{total} CPU samples (py-spy, idle excluded)"]
    for stage, count in by_stage.most_common():
        lines.append(f"\n== {stage}: {count / total:.1%} of CPU samples")
        lines.append("   own time:")
        lines += [f"     {n / total:6.1%}  {frame}" for frame, n in own[stage].most_common(top)]
        lines.append("   including callees (project code only):")
        project = [(f, n) for f, n in inclusive[stage].most_common()
                   if _PROJECT.search(f) and not _ENTRY.search(f)]
        lines += [f"     {n / total:6.1%}  {frame}" for frame, n in project[:top]]
    return "\n".join(lines) + "\n"
