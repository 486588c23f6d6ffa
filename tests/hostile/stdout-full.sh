#!/usr/bin/env bash
# Standard output on a full disk: `kep status > /dev/full` and the like must fail with exit 3 and
# `kep: error: cannot write to standard output: No space left on device`, not end as if all was
# written. Short output (only flushed at the end) and long output (failing while kep still
# writes) alike. Skipped (77) where there is no /dev/full.
# Usage: tests/hostile/stdout-full.sh KEP REPO_ROOT
set -u
kep=${1:?usage: stdout-full.sh KEP REPO_ROOT}
root=${2:?usage: stdout-full.sh KEP REPO_ROOT}
[ -c /dev/full ] && [ -w /dev/full ] || { echo "skipped: no writable /dev/full"; exit 77; }
status=0
fail() {
  printf 'FAIL: %s\n' "$*"
  status=1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plan=$root/tests/fixtures/query/plan
want="kep: error: cannot write to standard output: No space left on device"

# expect WHAT -- COMMAND...: COMMAND with stdout on /dev/full exits 3 with $want on stderr, and
# with stdout on a file exits 0 and writes something (so the first run had something to write).
expect() {
  local what=$1
  shift 2
  "$@" >/dev/full 2>"$work/err"
  local code=$?
  [ "$code" = 3 ] || fail "$what: exit code $code on /dev/full, not 3"
  [ "$(cat "$work/err")" = "$want" ] || fail "$what: stderr is '$(cat "$work/err")', not '$want'"
  "$@" >"$work/out" 2>"$work/err"
  code=$?
  [ "$code" = 0 ] || fail "$what: exit code $code on a file, not 0 ($(cat "$work/err"))"
  [ -s "$work/out" ] || fail "$what: printed nothing on a file"
  printf '%s: %s bytes\n' "$what" "$(wc -c <"$work/out")"
}

expect "status" -- "$kep" status --plan "$plan" --today 2026-11-27 --color never
expect "list --format json" -- "$kep" list --plan "$plan" --today 2026-11-27 --format json
expect "report --format html" -- "$kep" report --plan "$plan" --today 2026-11-27 --no-commit --format html
expect "validate --format json" -- "$kep" validate --plan "$plan" --today 2026-11-27 --format json
expect "--version" -- "$kep" --version
expect "--help" -- "$kep" --help

[ $status = 0 ] && echo "ok: every command exits 3 with the reason when standard output is full"
exit $status
