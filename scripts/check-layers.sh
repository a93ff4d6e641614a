#!/usr/bin/env bash
# The layer rule of docs/architecture.md, in words a reviewer can read: common/ is shared by the two programs,
# node/ (mmo-node) and cli/ (mmoctl) build on it and never on each other, and only tests/ uses tests/.
# The build enforces the same through per-layer include roots (cmake/LayerIncludeRoots.cmake); this check
# also catches relative includes and a CMake file that hands a target the whole repository.
# Usage: bash scripts/check-layers.sh   (exit 0 clean, 1 with one line per violation)
set -euo pipefail
cd "$(dirname "$0")/.."

violations=0
report() {
    echo "check-layers: $1" >&2
    violations=$((violations + 1))
}

# forbid <folder> <included prefix> <why>
forbid() {
    local folder=$1 prefix=$2 why=$3 hit
    while IFS= read -r hit; do
        [[ -n $hit ]] && report "$hit: $why"
    done < <(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]${prefix}/" "$folder" \
                 --include='*.cpp' --include='*.hpp' --include='*.h' || true)
}

forbid common node "common/ is shared by both programs and must not include node/ (move the piece to common/)"
forbid common cli "common/ is shared by both programs and must not include cli/ (move the piece to common/)"
forbid cli node "mmoctl must not include mmo-node's internals (move the shared piece to common/)"
forbid node cli "mmo-node must not include mmoctl's internals (move the shared piece to common/)"
for folder in common node cli bench fuzz; do
    forbid "$folder" tests "only tests/ may include test support"
done

# Relative includes climb out of a folder without the include roots noticing.
while IFS= read -r hit; do
    [[ -n $hit ]] && report "$hit: include by the path from the repository root, not a relative ../ path"
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' common node cli tests bench fuzz \
             --include='*.cpp' --include='*.hpp' --include='*.h' || true)

# No target compiles against the repository root as a whole.
while IFS= read -r hit; do
    [[ -n $hit ]] && report "$hit: give the target its layer's include root (mmo_layer_include_root), not the repository root"
done < <(grep -rnE 'include_directories\([^)]*\$\{(PROJECT|CMAKE)_SOURCE_DIR\}[[:space:]]*\)' \
             --include=CMakeLists.txt --include='*.cmake' . --exclude-dir='build*' || true)

if ((violations > 0)); then
    echo "check-layers: $violations violation(s); see docs/architecture.md, \"Layers and folders\"" >&2
    exit 1
fi
echo "check-layers: ok (common/ <- node/, cli/; no cross includes)"
