"""Headless Chromium for tests: dump a page's DOM, take a screenshot, count a PNG's colours (stdlib only)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.requirements import missing

#: Executable names tried in order; NACHLESE_CHROMIUM overrides them with a path.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Headless, no sandbox (tests run as root in CI), and no traffic to Google: nothing but 127.0.0.1 and file://.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT_S = 90


def chromium() -> str:
    """The Chromium executable; skips the test locally without one, fails it when CI=true."""
    configured = os.environ.get("NACHLESE_CHROMIUM")
    names = (configured,) if configured else CHROMIUM_NAMES
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found:
        return found
    missing("browser tests: no Chromium found (run: bash scripts/install_chromium.sh, or set NACHLESE_CHROMIUM)")


@dataclass(frozen=True)
class BrowserRun:
    """What one Chromium run printed."""

    stdout: str
    stderr: str

    def console_messages(self) -> list[str]:
        """Lines of the page's console (logged with --enable-logging=stderr), uncaught errors included."""
        return [line for line in self.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def run_chromium(*args: str, timeout: float = TIMEOUT_S) -> BrowserRun:
    """Run headless Chromium once with a fresh profile; raise AssertionError when it fails."""
    with tempfile.TemporaryDirectory(prefix="nachlese-chromium-") as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    if result.returncode != 0:
        raise AssertionError(f"chromium {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return BrowserRun(result.stdout, result.stderr)


def dump_dom(url: str) -> BrowserRun:
    """Load ``url``, run its scripts, and print the resulting DOM (``stdout``); console lines in ``stderr``."""
    return run_chromium("--enable-logging=stderr", "--v=0", "--dump-dom", url)


def screenshot(url: str, path: Path, *, width: int = 1200, height: int = 2400) -> BrowserRun:
    """Save a PNG of the first ``width`` x ``height`` pixels of the page."""
    run = run_chromium("--enable-logging=stderr", "--v=0", f"--screenshot={path}", f"--window-size={width},{height}",
                       url)
    if not path.is_file():
        raise AssertionError(f"chromium wrote no screenshot to {path}:\n{run.stderr[-3000:]}")
    return run


@dataclass(frozen=True)
class Image:
    """A decoded 8-bit PNG: ``rows`` of raw pixel bytes, ``channels`` bytes per pixel."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def colours(self) -> set[bytes]:
        """The distinct pixel values."""
        c = self.channels
        return {row[i:i + c] for row in self.rows for i in range(0, len(row), c)}

    def painted_rows(self, background: bytes) -> int:
        """How many rows hold at least one pixel other than ``background``."""
        return sum(1 for row in self.rows if row != background * self.width)


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> channels (no palettes: Chromium does not write them)


def read_png(path: Path) -> Image:
    """Decode a non-interlaced 8-bit greyscale/RGB(A) PNG with zlib and the five row filters."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    position, header, compressed = 8, b"", bytearray()
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or interlace or colour_type not in _CHANNELS:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour_type}, interlace {interlace})")
    channels = _CHANNELS[colour_type]
    raw = zlib.decompress(bytes(compressed))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1:start + 1 + stride], previous, channels)
        rows.append(previous)
    return Image(width, height, channels, rows)


def _unfilter(kind: int, line: bytes, previous: bytes, bpp: int) -> bytes:
    if kind == 0:
        return line
    if kind == 2:  # Up: the usual filter of screenshots, done without a Python loop per byte
        return _bytewise_add(line, previous)
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - bpp] if i >= bpp else 0
        if kind == 1:
            out[i] = (out[i] + left) & 0xFF
        elif kind == 3:
            out[i] = (out[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            up_left = previous[i - bpp] if i >= bpp else 0
            estimate = left + previous[i] - up_left
            pa, pb, pc = abs(estimate - left), abs(estimate - previous[i]), abs(estimate - up_left)
            predictor = left if pa <= pb and pa <= pc else previous[i] if pb <= pc else up_left
            out[i] = (out[i] + predictor) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return bytes(out)


def _bytewise_add(a: bytes, b: bytes) -> bytes:
    """(a[i] + b[i]) mod 256 for every byte: each byte in a 16-bit lane of one big integer, so no carries mix."""
    wide_a, wide_b = bytearray(2 * len(a)), bytearray(2 * len(b))
    wide_a[1::2], wide_b[1::2] = a, b
    total = int.from_bytes(wide_a, "big") + int.from_bytes(wide_b, "big")
    return total.to_bytes(2 * len(a), "big")[1::2]
