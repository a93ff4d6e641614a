#!/usr/bin/env bash
# Usage: promtool-rules-test.sh <mmoctl> <rules test file>
# Generates a three-host deployment with the real mmoctl, checks its prometheus.yml and mmo-rules.yml with
# promtool, and runs the rule unit tests against the generated rules (default thresholds).
set -euo pipefail
mmoctl=$1
tests=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$mmoctl" config generate --regions eu,us,ap --hosts eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net \
    --nats-cluster --out "$work/deploy" >/dev/null
promtool check config "$work/deploy/prometheus.yml"
promtool check rules "$work/deploy/mmo-rules.yml"
grep -q 'targets: \["eu1.example.net:2112"\]' "$work/deploy/prometheus.yml"
grep -q 'targets: \["ap1.example.net:2114"\]' "$work/deploy/prometheus.yml"
cp "$tests" "$work/deploy/"
cd "$work/deploy"
promtool test rules "$(basename "$tests")"
