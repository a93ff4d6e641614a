#!/usr/bin/env bash
# The README's test command: installs the dependencies, builds the project twice (RelWithDebInfo and
# AddressSanitizer + UndefinedBehaviorSanitizer) and runs every test in both builds.
# Exit status: 0 when every test passed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh default asan

status=0
for preset in default asan; do
  echo "== test: preset ${preset}"
  ctest --preset "${preset}" -j2 --timeout 300 || status=1
done
if [ "$status" -ne 0 ]; then
  echo "test.sh: some tests failed (see the output above)" >&2
fi
exit "$status"
