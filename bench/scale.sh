#!/usr/bin/env bash
# Times kep's everyday commands on plans of growing size (bench/gen-plan.sh) and on the real
# plan in plan/:
#
#   bench/scale.sh [KEP [MEASURES...]]    KEP: the binary (default build/kep),
#                                          MEASURES: plan sizes (default 50 5000 50000)
#
# Builds nothing: build kep first (cmake --preset release && cmake --build build). Each plan is
# generated with GIT=1 (20 commits of history) in a temporary folder, with 7 fields below 1,000
# measures and 50 from there on. Prints a Markdown table: for `kep validate`, `kep status`,
# `kep list --format json`, `kep report --format html -o FILE` and `kep history`, each with
# --today fixed, the wall time (mean, minimum) and CPU time (user + system) of hyperfine's runs,
# or of RUNS runs timed by bash when hyperfine is missing, and the peak memory (maximum resident
# set size, from /usr/bin/time). RUNS (default 10) sets the number of runs, BENCH_TIMER=time
# times without hyperfine even when it is installed (Debian package hyperfine), BENCH_PLANS a
# folder to keep the generated plans in (and to reuse them from). Exits with 3 when a command
# fails.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEP=${1:-$ROOT/build/kep}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(50 5000 50000)
RUNS=${RUNS:-10}
TODAY=2026-01-15  # after every date gen-plan.sh writes (2024 and 2025) and its commits
TIMER="time"
[ "${BENCH_TIMER:-}" != time ] && command -v hyperfine >/dev/null && TIMER=hyperfine
KEP=$(cd "$(dirname "$KEP")" && pwd)/$(basename "$KEP")
[ -x "$KEP" ] || { echo "bench: no kep at '$KEP'; build it first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: '$n' is not a number of measures" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kep-bench-scale-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PLANS=${BENCH_PLANS:-$WORK}
mkdir -p "$PLANS"
OUT=$WORK/report.html

NAMES=("validate" "status" "list --format json" "report --format html" "history")
# The commands for the plan in $1; split at spaces on purpose (paths from mktemp have none).
commands() {
  local common="--plan $1 --today $TODAY"
  printf '%s\n' "$KEP validate $common" "$KEP status $common" "$KEP list --format json $common" \
    "$KEP report --format html -o $OUT $common" "$KEP history $common"
}

# Each command once, to check that it works and to see its peak memory in KiB.
# shellcheck disable=SC2086
peak_kib() {
  /usr/bin/time -f '%M' -o "$WORK/time" $1 >/dev/null 2>"$WORK/err" ||
    { echo "bench: failed: $1" >&2; cat "$WORK/err" >&2; exit 3; }
  cat "$WORK/time"
}

# Wall time in milliseconds, RUNS times after one warm-up, measured by bash (microseconds, where
# /usr/bin/time gives hundredths): "mean min cpu", cpu the mean user + system time of a run. Runs
# in a subshell of its own (`< <(wall_loop ...)`), so `times` counts exactly these runs.
# shellcheck disable=SC2086
wall_loop() {
  local i start end
  for ((i = 0; i <= RUNS; i++)); do
    start=$EPOCHREALTIME
    $1 >/dev/null 2>&1
    end=$EPOCHREALTIME
    if ((i > 0)); then echo "$start $end"; fi
  done >"$WORK/loop"
  # The second line of times: the children's user and system time, as "0m0.123s 0m0.045s"
  # (times itself, not in a pipe: a pipe's subshell has no children yet).
  times >"$WORK/cpu"
  awk -v runs="$RUNS" 'NR == FNR { t = ($2 - $1) * 1000; s += t; if (FNR == 1 || t < lo) lo = t; next }
    FNR == 2 { for (i = 1; i <= NF; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); c += p[1] * 60 + p[2] } }
    END { printf "%.1f %.1f %.1f\n", s / runs, lo, c * 1000 / (runs + 1) }' "$WORK/loop" "$WORK/cpu"
}

# The same with hyperfine: "mean min cpu" in milliseconds.
wall_hyperfine() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" "$1" \
    >/dev/null 2>>"$WORK/warnings"
  # The numbers, without a JSON tool: hyperfine writes one key per line.
  awk -F'[:,]' '/"mean"/ { m = $2 } /"min"/ { lo = $2 } /"user"/ { u = $2 } /"system"/ { y = $2 }
    END { printf "%.1f %.1f %.1f\n", m * 1000, lo * 1000, (u + y) * 1000 }' "$WORK/h.json"
}

# One plan's rows: its name, folder, number of measures.
time_plan() {
  local name=$1 dir=$2 measures=$3 bytes i kib mean lo cpu
  local -a cmds
  mapfile -t cmds < <(commands "$dir")
  bytes=$(cat "$dir/plan.yaml" "$dir"/fields/*.yaml | wc -c)
  for i in "${!cmds[@]}"; do
    kib=$(peak_kib "${cmds[i]}")
    if [ $TIMER = hyperfine ]; then
      read -r mean lo cpu < <(wall_hyperfine "${cmds[i]}")
    else
      read -r mean lo cpu < <(wall_loop "${cmds[i]}")
    fi
    # shellcheck disable=SC2016  # the backquotes are Markdown
    printf '| %s | %s | %s | `kep %s` | %s | %s | %s | %.1f |\n' "$name" "$measures" \
      "$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')" "${NAMES[i]}" \
      "$mean" "$lo" "$cpu" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
  done
}

echo "kep: $KEP ($("$KEP" --version))"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -m)," \
  "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "timer: $([ $TIMER = hyperfine ] && echo "hyperfine, $RUNS runs after 1 warm-up" || echo "bash, $RUNS runs after 1 warm-up");" \
  "every command with --today $TODAY"
echo
echo "| plan | measures | YAML (MiB) | command | wall mean (ms) | min (ms) | CPU user+sys (ms) | peak memory (MiB) |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
real=$("$KEP" list --plan "$ROOT/plan" --today "$TODAY" --format ids | wc -l) ||
  { echo "bench: kep cannot list the real plan in '$ROOT/plan'" >&2; exit 3; }
time_plan "plan/ (real)" "$ROOT/plan" "$real"
for n in "${SIZES[@]}"; do
  # 7 fields like the real plan while small; then 200 measures a field or more, up to 50 fields
  # (gen-plan.sh's 20 commits need 200 measures in most fields).
  fields=$((n < 1000 ? 7 : n / 200 < 50 ? n / 200 : 50))
  ((fields <= n)) || fields=$n
  dir=$PLANS/plan-$fields-$n
  if [ ! -e "$dir/plan.yaml" ] &&
    ! GIT=1 "$ROOT/bench/gen-plan.sh" "$fields" "$n" "$dir" >/dev/null 2>"$WORK/err"; then
    # A small plan runs out of measures to change before the 20th commit; its history is shorter.
    git -C "$dir" rev-parse -q --verify HEAD >/dev/null ||
      { echo "bench: gen-plan.sh $fields $n failed" >&2; cat "$WORK/err" >&2; exit 3; }
  fi
  time_plan "gen-plan.sh $fields $n ($(git -C "$dir" rev-list --count HEAD) commits)" "$dir" "$n"
done
if [ -s "$WORK/warnings" ] && grep -q outliers "$WORK/warnings"; then
  echo
  echo "hyperfine saw statistical outliers: other programs were running; the minimum is the best guide."
fi
