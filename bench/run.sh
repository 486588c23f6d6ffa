#!/usr/bin/env bash
# Times kep's history commands on a generated repository (bench/gen-history.sh):
#
#   bench/run.sh [KEP [N]]          KEP: the binary (default build/kep), N: commits (1000)
#
# Builds nothing: build kep first (cmake --preset release && cmake --build build). Prints a
# Markdown table: wall time (mean ± sd, min, max of hyperfine's runs, or of RUNS runs with
# /usr/bin/time when hyperfine is missing) and peak memory (maximum resident set size, from
# /usr/bin/time -v). Set BENCH_REPO to reuse a generated repository, RUNS (default 10) for the
# number of runs, BENCH_TIMER=time to time with /usr/bin/time even when hyperfine is installed
# (Debian package hyperfine). The repository is made in a temporary folder and removed after, unless
# BENCH_REPO was given.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEP=${1:-$ROOT/build/kep}
N=${2:-1000}
RUNS=${RUNS:-10}
TIMER="time"
[ "${BENCH_TIMER:-}" != time ] && command -v hyperfine >/dev/null && TIMER=hyperfine
KEP=$(cd "$(dirname "$KEP")" && pwd)/$(basename "$KEP")
[ -x "$KEP" ] || { echo "bench: no kep at '$KEP'; build it first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kep-bench-run-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if [ -n "${BENCH_REPO:-}" ]; then
  REPO=$BENCH_REPO
else
  REPO=$WORK/repo
  "$ROOT/bench/gen-history.sh" "$N" "$REPO" >/dev/null
fi
PLAN=$REPO/plan
FIRST=$(git -C "$REPO" rev-list --max-parents=0 HEAD)
TODAY=$(git -C "$REPO" log -1 --format=%cs)
COMMITS=$(git -C "$REPO" rev-list --count HEAD)
OUT=$WORK/report.html

NAMES=("kep history" "kep diff FIRST HEAD" "kep list --stale 30" "kep report --since FIRST --format html")
COMMANDS=(
  "$KEP history --plan $PLAN --today $TODAY"
  "$KEP diff --plan $PLAN $FIRST HEAD"
  "$KEP list --plan $PLAN --today $TODAY --stale 30"
  "$KEP report --plan $PLAN --today $TODAY --since $FIRST --format html -o $OUT"
)

# Each command once, to check that it works and to see its peak memory. Commands are split at
# spaces on purpose (paths from mktemp have none).
# shellcheck disable=SC2086
peak_kib() {
  /usr/bin/time -f '%M' -o "$WORK/time" $1 >/dev/null 2>"$WORK/err" ||
    { echo "bench: failed: $1" >&2; cat "$WORK/err" >&2; exit 3; }
  cat "$WORK/time"
}

# shellcheck disable=SC2086
# Wall time in seconds with /usr/bin/time, RUNS times: "mean sd min max cpu" (cpu: the mean
# of user + system time).
wall_loop() {
  local i
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" $1 >/dev/null 2>&1
    cat "$WORK/time"
  done | awk '{ s += $1; q += $1 * $1; c += $2 + $3; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
    END { m = s / NR; v = q / NR - m * m
          printf "%.3f %.3f %.3f %.3f %.3f\n", m, (v > 0 ? sqrt(v) : 0), lo, hi, c / NR }'
}

# The same with hyperfine.
wall_hyperfine() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" "$1" \
    >/dev/null 2>>"$WORK/warnings"
  # The numbers, without a JSON tool: hyperfine writes one key per line.
  awk -F'[:,]' '/"mean"/ { m = $2 } /"stddev"/ { s = $2 } /"min"/ { lo = $2 } /"max"/ { hi = $2 }
    /"user"/ { u = $2 } /"system"/ { y = $2 }
    END { printf "%.3f %.3f %.3f %.3f %.3f\n", m, s, lo, hi, u + y }' "$WORK/h.json"
}

echo "kep: $KEP ($("$KEP" --version))"
echo "repository: $COMMITS commits, $(git -C "$REPO" rev-list --count HEAD -- plan) of them change plan/; today $TODAY"
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "timer: $([ $TIMER = hyperfine ] && echo "hyperfine, $RUNS runs after 1 warm-up" || echo "/usr/bin/time, $RUNS runs")"
echo
echo "| command | wall mean (s) | ± sd | min | max | CPU user+sys (s) | peak memory (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for i in "${!COMMANDS[@]}"; do
  kib=$(peak_kib "${COMMANDS[i]}")
  if [ $TIMER = hyperfine ]; then
    read -r mean sd lo hi cpu < <(wall_hyperfine "${COMMANDS[i]}")
  else
    read -r mean sd lo hi cpu < <(wall_loop "${COMMANDS[i]}")
  fi
  # shellcheck disable=SC2016  # the backquotes are Markdown
  printf '| `%s` | %s | %s | %s | %s | %s | %.1f |\n' "${NAMES[i]}" "$mean" "$sd" "$lo" "$hi" "$cpu" \
    "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
done
if [ -s "$WORK/warnings" ] && grep -q outliers "$WORK/warnings"; then
  echo
  echo "hyperfine saw statistical outliers: other programs were running; the minimum is the best guide."
fi
