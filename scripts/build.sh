#!/usr/bin/env bash
# Configures and builds CMake presets:
#   default -> build/       (Release) everything: both programs, tests, benchmarks
#   apps    -> build/       (Release) only mmo-node and mmoctl, what the quick start needs (no test
#                           packages); `default` later builds the rest in the same dir, reusing both
#   asan    -> build-asan/  (Debug, ASan + UBSan)
#   tsan    -> build-tsan/  (only the sync and game tests)
#   fuzz    -> build-fuzz/  (clang, libFuzzer)
# Usage: scripts/build.sh [PRESET...]
set -euo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(default)
for preset in "${presets[@]}"; do
  echo "== build: preset ${preset}"
  cmake --preset "${preset}" >/dev/null
  cmake --build --preset "${preset}" -j2
done
