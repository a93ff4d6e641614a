#!/usr/bin/env bash
# Configures and builds CMake presets:
#   default -> build/       (Release) everything: both programs, tests, benchmarks
#   apps    -> build/       (Release) only mmo-node and mmoctl, what the quick start needs
#   asan    -> build-asan/  (Debug, ASan + UBSan)
#   tsan    -> build-tsan/  (only the sync and game tests)
#   fuzz    -> build-fuzz/  (clang, libFuzzer)
# Usage: scripts/build.sh [PRESET...]
set -euo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(default)
for preset in "${presets[@]}"; do
  configure=${preset}
  [ "${preset}" = apps ] && configure=default  # the same build dir; only fewer targets
  echo "== build: preset ${preset}"
  cmake --preset "${configure}" >/dev/null
  cmake --build --preset "${preset}" -j2
done
