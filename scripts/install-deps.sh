#!/usr/bin/env bash
# Installs the project's dependencies from Debian 12 packages.
#   scripts/install-deps.sh          everything: build, runtime, tests, fuzzing, benchmarks (scripts/test.sh)
#   scripts/install-deps.sh --apps   only what building and running mmo-node and mmoctl needs (quickstart.sh)
# Idempotent: packages already present are left alone. Needs root (or sudo).
set -euo pipefail

apps_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libcli11-dev libnats-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-filesystem1.81-dev
  zlib1g-dev libsodium-dev libssl-dev
  nats-server
)
# clang-14 + libclang-rt-14-dev (libclang_rt.fuzzer, asan, ubsan: only a Recommends of clang-14, which
# --no-install-recommends skips) build the fuzz preset; llvm-14 brings llvm-symbolizer for its reports.
# chromium (headless) renders the console and the bench report in the browser tests (ctest label browser).
test_packages=(
  clang-14 libclang-rt-14-dev llvm-14 clang-format-14
  libgtest-dev libgmock-dev libbenchmark-dev
  prometheus python3
  chromium fonts-dejavu-core
  bash-completion zsh fish
)

case "${1:-}" in
  --apps) packages=("${apps_packages[@]}") ;;
  "") packages=("${apps_packages[@]}" "${test_packages[@]}") ;;
  *)
    echo "install-deps: unknown argument '$1'; use no argument (everything) or --apps" >&2
    exit 2
    ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 3; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
