#!/usr/bin/env bash
# A full disk, as `ulimit -f` makes one: the real kep binary writes a report and a field file
# past the file size limit. It must exit 3 with the reason, leave the old file byte-identical and
# leave no temporary or lock file. SIGXFSZ keeps its default action (ending the process), as in a
# user's shell, so kep itself must keep the signal from ending it mid-write.
# Usage: tests/hostile/file-size-limit.sh KEP REPO_ROOT
set -u
kep=${1:?usage: file-size-limit.sh KEP REPO_ROOT}
root=${2:?usage: file-size-limit.sh KEP REPO_ROOT}
status=0
fail() {
  printf 'FAIL: %s\n' "$*"
  status=1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/tests/fixtures/query/plan" "$work/plan"
mkdir "$work/out"
printf '<p>alter Bericht</p>\n' >"$work/out/bericht.html"
cp "$work/out/bericht.html" "$work/old.html"
cp "$work/plan/fields/01-einrichtungen.yaml" "$work/old.yaml"

# expect WHAT CODE WANT_ERR -- COMMAND...: runs COMMAND with files limited to 1 KiB (bash counts
# `ulimit -f` in KiB) and compares its exit code and standard error.
expect() {
  local what=$1 want_code=$2 want_err=$3
  shift 4
  (
    ulimit -f 1
    trap - XFSZ
    exec "$@"
  ) >/dev/null 2>"$work/err"
  local code=$?
  [ "$code" = "$want_code" ] || fail "$what: exit code $code, not $want_code ($(cat "$work/err"))"
  [ "$(cat "$work/err")" = "$want_err" ] || fail "$what: stderr is '$(cat "$work/err")', not '$want_err'"
}

report=$work/out/bericht.html
expect "report" 3 "kep: error: cannot write '$report': File too large; the old file, if any, is unchanged" -- \
  "$kep" report --plan "$work/plan" --no-commit --today 2026-11-27 --format html -o "$report"
cmp -s "$work/old.html" "$report" || fail "report: the old report changed"
[ "$(ls -A "$work/out")" = "bericht.html" ] || fail "report: left in out/: $(ls -A "$work/out")"

field=$work/plan/fields/01-einrichtungen.yaml
[ "$(wc -c <"$field")" -gt 1024 ] || fail "the field file is too small for this test"
expect "set" 3 "kep: error: cannot write '$field': File too large; the old file, if any, is unchanged" -- \
  "$kep" set --plan "$work/plan" --today 2026-11-27 1.1 status=in_progress --note "Start"
cmp -s "$work/old.yaml" "$field" || fail "set: the field file changed"
want_names="01-einrichtungen.yaml 02-teilhabe.yaml 03-bildung.yaml"
names=$(ls -A "$work/plan/fields" | tr '\n' ' ')
[ "$names" = "$want_names " ] || fail "set: left in fields/: $names"

[ $status = 0 ] && echo "ok: report and set past the file size limit exit 3 and change nothing"
exit $status
