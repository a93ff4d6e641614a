#!/usr/bin/env bash
# The README's main command: installs the dependencies, builds, and runs the main job:
#   mmoctl up --regions eu,us,ap --detach      nats-server -js and the three guide regions
#   mmoctl send-event --region eu ... --wait    the guide's BlockEvent, until every region applied it
#   mmoctl verify-sync --timeout 30s            every region converged (exit 1 if not)
#   mmoctl status                               where everything listens
# The set keeps running afterwards: build/bin/mmoctl logs --follow, build/bin/mmoctl down.
# Extra arguments go to `mmoctl up` (e.g. --port-offset auto).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --apps  # the build and runtime packages; scripts/test.sh adds the rest
bash scripts/build.sh apps  # mmo-node and mmoctl only; scripts/test.sh builds the tests

mmoctl=build/bin/mmoctl
"$mmoctl" up --regions eu,us,ap --detach "$@"
"$mmoctl" send-event --region eu --type BlockEvent --data '{"x":100,"y":50,"block_type":"stone"}' --wait
"$mmoctl" verify-sync --timeout 30s
"$mmoctl" status
echo
echo "The set keeps running. Logs: $mmoctl logs --follow    Stop it: $mmoctl down"
