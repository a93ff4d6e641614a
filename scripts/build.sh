#!/usr/bin/env bash
# Configures and builds CMake presets (default: "default" -> build/; also "asan" -> build-asan/,
# "tsan" -> build-tsan/ (only the sync and game tests), "fuzz" -> build-fuzz/ (clang, libFuzzer)).
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
