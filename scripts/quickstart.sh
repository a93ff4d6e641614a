#!/usr/bin/env bash
# The README's main command: installs the dependencies, builds, and runs the main job.
# Today the main job is the guide's setup: nats-server -js plus the three guide regions, until Ctrl-C.
# Extra arguments go to scripts/run-guide-regions.sh (e.g. --once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh default
exec bash scripts/run-guide-regions.sh "$@"
