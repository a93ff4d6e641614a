#!/usr/bin/env bash
# Configures and builds one CMake preset (default: "default" -> build/; "asan" -> build-asan/).
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
