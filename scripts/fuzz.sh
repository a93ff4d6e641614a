#!/usr/bin/env bash
# Builds the fuzz preset (clang-14, libFuzzer, ASan+UBSan; build-fuzz/) and runs every fuzz target of
# fuzz/ on a temporary copy of its committed corpus (fuzz/corpus/<target>, never written unless --merge).
# Prints per target the executions, executions per second and the corpus growth, and exits 1 when a
# target crashed, hung or leaked (naming the reproducer), 2 on a usage or build error.
#
#   bash scripts/fuzz.sh --smoke          # the test command's run: a fixed seed and a fixed number of runs
#                                         # per target (SMOKE_RUNS below): the same work, the same answer,
#                                         # every time on the same commit
#   bash scripts/fuzz.sh [SECONDS]        # exploratory: SECONDS per target (default 60), a random seed
#   bash scripts/fuzz.sh --merge SECONDS  # exploratory, then merge the inputs that found new coverage
#                                         # into fuzz/corpus/<target> (review and commit them)
#   FUZZ_TARGETS="jwt http_request" bash scripts/fuzz.sh 300   # some targets only
#   FUZZ_PARALLEL=1 bash scripts/fuzz.sh                       # one target at a time (default 2)
#   FUZZ_OUT=/tmp/fuzz-out bash scripts/fuzz.sh                # keep logs, corpora, artifacts there
#
# A crash leaves <out>/<target>/artifacts/crash-<sha1> (or leak-, timeout-, oom-). Reproduce it with
#   build-fuzz/fuzz/<target>_fuzzer <file>       or, in any normal build,   build/fuzz/<target>_replay <file>
# and, once fixed, add it to fuzz/corpus/<target>/ as crash-<what-it-was>.<ext>: every build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Smoke runs per target: about 20 to 40 s each on the 2-core reference machine (docs/reliability.md).
declare -A SMOKE_RUNS=(
  [batch_codec]=400000 [game_frame]=1000000 [http_request]=15000 [config_loader]=30000 [jwt]=1500000
  [checkpoint_format]=300000
)
SMOKE_SEED=1

mode=time
seconds=60
case "${1:-}" in
  --smoke) mode=smoke; shift ;;
  --merge) mode=merge; shift; seconds="${1:-60}"; shift || true ;;
  "") ;;
  *) seconds="$1"; shift ;;
esac
if [ $# -gt 0 ] || ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [--smoke | SECONDS-PER-TARGET | --merge SECONDS-PER-TARGET]   (default: 60 s per target)" >&2
  exit 2
fi
all_targets="batch_codec game_frame http_request config_loader jwt checkpoint_format"
read -r -a targets <<<"${FUZZ_TARGETS:-$all_targets}"
parallel="${FUZZ_PARALLEL:-2}"
out="${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/mmo-fuzz.XXXXXX")}"
mkdir -p "$out"

echo "== fuzz: configure and build (preset fuzz)"
build_start=$(date +%s)
cmake --preset fuzz >"$out/configure.log" 2>&1 || { cat "$out/configure.log" >&2; exit 2; }
cmake --build --preset fuzz >"$out/build.log" 2>&1 || { tail -50 "$out/build.log" >&2; exit 2; }
echo "   built in $(($(date +%s) - build_start)) s"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Symbolized stack traces in crash reports (llvm-14, scripts/install-deps.sh).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# Runs one target; its log, corpus copy and artifacts go to $out/<target>/.
run_target() {
  local target="$1" dir="$out/$1"
  rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -r "fuzz/corpus/$target/." "$dir/corpus/"
  local args=("$dir/corpus")
  [ "$target" = config_loader ] && args+=(configs)  # read-only seeds: libFuzzer writes only to the first dir
  [ -f "fuzz/dict/$target.dict" ] && args+=("-dict=fuzz/dict/$target.dict")
  if [ "$mode" = smoke ]; then
    args+=(-seed="$SMOKE_SEED" -runs="${SMOKE_RUNS[$target]}")
  else
    args+=(-max_total_time="$seconds")
  fi
  args+=(-rss_limit_mb=2048 -timeout=30 -print_final_stats=1 -artifact_prefix="$dir/artifacts/")
  local rc=0
  if [ "$mode" = smoke ]; then
    # Address-space randomization changes the values of compared pointers, and so what libFuzzer learns
    # from comparisons: without it (and without corpus reloads), the seed alone decides the run.
    setarch "$(uname -m)" -R "build-fuzz/fuzz/${target}_fuzzer" "${args[@]}" -reload=0 >"$dir/log" 2>&1 || rc=$?
  else
    "build-fuzz/fuzz/${target}_fuzzer" "${args[@]}" >"$dir/log" 2>&1 || rc=$?
  fi
  echo "$rc" >"$dir/rc"
}

for target in "${targets[@]}"; do
  if [ ! -x "build-fuzz/fuzz/${target}_fuzzer" ]; then
    echo "fuzz: unknown target '$target' (known: $all_targets)" >&2
    exit 2
  fi
done

if [ "$mode" = smoke ]; then
  echo "== fuzz: ${#targets[@]} targets, smoke runs (seed $SMOKE_SEED, fixed run counts), ${parallel} at a time, output in $out"
else
  echo "== fuzz: ${#targets[@]} targets, ${seconds} s each, ${parallel} at a time, output in $out"
fi
run_start=$(date +%s)
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_target "$target" &
done
wait
run_seconds=$(($(date +%s) - run_start))

status=0
printf '%-14s %12s %10s %8s %15s %14s  %s\n' target executions exec/s seconds corpus coverage result
for target in "${targets[@]}"; do
  dir="$out/$target"
  log="$dir/log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  per_second=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  if done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1); then
    runs=$(awk '{print $2}' <<<"$done_line")
    took=$(awk '{print $5}' <<<"$done_line")
  else
    took="-"
  fi
  # The last status line's edges and features ("cov: 1083 ft: 2949"): equal in two smoke runs.
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 | awk '{print $2 "/" $4}')
  seeds=$(find "fuzz/corpus/$target" -type f | wc -l)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  rc=$(cat "$dir/rc")
  result=ok
  if [ "$rc" -ne 0 ]; then
    status=1
    artifact=$(find "$dir/artifacts" -type f | head -1)
    result="CRASH (exit $rc): ${artifact:-no artifact, see $log}"
  fi
  printf '%-14s %12s %10s %8s %15s %14s  %s\n' "$target" "${runs:--}" "${per_second:--}" "$took" \
    "$seeds -> $corpus" "${coverage:--}" "$result"
  if [ "$rc" -ne 0 ]; then
    grep -m1 -E 'SUMMARY|fuzz invariant violated|ERROR: libFuzzer' "$log" | sed 's/^/    /' || true
    echo "    log: $log"
    [ -n "${artifact:-}" ] && echo "    reproduce: build-fuzz/fuzz/${target}_fuzzer $artifact"
  fi
done
if [ "$mode" = merge ] && [ "$status" -eq 0 ]; then
  for target in "${targets[@]}"; do
    before=$(find "fuzz/corpus/$target" -type f | wc -l)
    "build-fuzz/fuzz/${target}_fuzzer" -merge=1 "fuzz/corpus/$target" "$out/$target/corpus" \
      >"$out/$target/merge.log" 2>&1 || { echo "fuzz: merge of $target failed, see $out/$target/merge.log" >&2; status=1; }
    echo "   merged $target: $before -> $(find "fuzz/corpus/$target" -type f | wc -l) corpus entries"
  done
fi
echo "== fuzz: ran in ${run_seconds} s; logs, corpora and artifacts in $out"
exit "$status"
