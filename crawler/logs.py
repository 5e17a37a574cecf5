"""Quiet logs: third-party chatter and per-page failures (recorded in the database anyway) are held back."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Mapping


def quiet_loggers(loggers: Mapping[str, str | int], level: int | str) -> None:
    """Raise each named logger to its threshold in ``loggers`` unless ``level`` (the run's log level) is DEBUG.

    A logger is never lowered: one already stricter keeps its level.
    """
    run_level = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(run_level, int) or run_level <= logging.DEBUG:
        return
    for name, threshold in loggers.items():
        wanted = logging.getLevelName(threshold) if isinstance(threshold, str) else threshold
        logger = logging.getLogger(name)
        if isinstance(wanted, int) and logger.level < wanted:
            logger.setLevel(wanted)


def quiet_deprecations(modules: Iterable[str], level: int | str) -> None:
    """Hide deprecation warnings raised inside these third-party packages (their authors', not ours to fix)."""
    run_level = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(run_level, int) or run_level <= logging.DEBUG:
        return
    from scrapy.exceptions import ScrapyDeprecationWarning  # noqa: PLC0415 - not a DeprecationWarning subclass

    for module in modules:
        for category in (DeprecationWarning, PendingDeprecationWarning, ScrapyDeprecationWarning):
            warnings.filterwarnings("ignore", category=category, module=rf"{re.escape(module)}(\.|$)")
