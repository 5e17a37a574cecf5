#!/usr/bin/env bash
# Install Debian's Chromium (when missing) for the browser tests (tests/browser.py); idempotent, needs root.
#
# Prints nothing on stdout, so it can sit beside services.sh: `bash scripts/install_chromium.sh && ...`.
# Tests find the browser as chromium / chromium-browser / google-chrome, or NACHLESE_CHROMIUM=/path.
set -euo pipefail

log() { echo "install_chromium.sh: $*" >&2; }

for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null; then  # already installed: nothing to do
        exit 0
    fi
done
[[ $(id -u) -eq 0 ]] || { log "ERROR: run as root (installs the chromium package)"; exit 1; }
log "installing chromium"
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >&2
command -v chromium >/dev/null || { log "ERROR: chromium is still missing after apt-get install"; exit 1; }
log "ready: $(chromium --version 2>/dev/null | tail -n 1)"
