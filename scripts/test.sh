#!/usr/bin/env bash
# The README's test command: installs the dependencies, builds the project three times and runs:
#   default (Release)             every test, including the fault suite (ctest label `fault`);
#   asan (ASan + UBSan, Debug)    every test except the fault and browser suites;
#   tsan (ThreadSanitizer)        the sync and game tests (labels `sync`, `game`) and the node they start;
# then the fuzz smoke runs (scripts/fuzz.sh --smoke): each libFuzzer target of the fuzz preset from its
# committed corpus, with a fixed seed and a fixed number of runs, so two runs on one commit do the same work.
# Exit status: 0 when every test and fuzz run passed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh default asan tsan

status=0
for preset in default asan tsan; do
  echo "== test: preset ${preset}"
  ctest --preset "${preset}" -j2 --timeout 300 || status=1
done
echo "== fuzz: smoke runs"
bash scripts/fuzz.sh --smoke || status=1
if [ "$status" -ne 0 ]; then
  echo "test.sh: some tests failed (see the output above)" >&2
fi
exit "$status"
