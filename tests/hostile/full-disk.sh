#!/usr/bin/env bash
# A full and a read-only disk: a 24 KiB tmpfs, mounted in a mount namespace of its own
# (`unshare -m` as root, `unshare -rm` otherwise), so nothing outside sees it and it goes when
# the test ends. The real kep binary writes a report and a field file there. It must exit 3 with
# the system's reason, leave the old file byte-identical and leave no temporary or lock file.
# Where no mount namespace can be made (some CI containers), prints why and exits 77 (skipped).
# Usage: tests/hostile/full-disk.sh KEP REPO_ROOT
set -u
kep=${1:?usage: full-disk.sh KEP REPO_ROOT}
root=${2:?usage: full-disk.sh KEP REPO_ROOT}
kep=$(cd "$(dirname "$kep")" && pwd)/$(basename "$kep")

if [ "${KEP_IN_NAMESPACE:-}" != 1 ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir "$work/disk"
  if [ "$(id -u)" = 0 ]; then ns=(unshare -m); else ns=(unshare -rm); fi
  if ! "${ns[@]}" mount -t tmpfs -o size=24k tmpfs "$work/disk" 2>"$work/why"; then
    echo "skipped: cannot mount a tmpfs in a mount namespace here: $(cat "$work/why")"
    exit 77
  fi
  KEP_IN_NAMESPACE=1 "${ns[@]}" bash "${BASH_SOURCE[0]}" "$kep" "$root" "$work"
  exit $?
fi

# In the namespace.
work=${3:?}
disk=$work/disk
status=0
fail() {
  printf 'FAIL: %s\n' "$*"
  status=1
}
mount -t tmpfs -o size=24k tmpfs "$disk" || exit 1

# expect WHAT CODE WANT_ERR -- COMMAND...: compares the exit code and standard error.
expect() {
  local what=$1 want_code=$2 want_err=$3
  shift 4
  "$@" >/dev/null 2>"$work/err"
  local code=$?
  [ "$code" = "$want_code" ] || fail "$what: exit code $code, not $want_code ($(cat "$work/err"))"
  [ "$(cat "$work/err")" = "$want_err" ] || fail "$what: stderr is '$(cat "$work/err")', not '$want_err'"
}

# A full disk: the plan and the old report take five of the six pages of the tmpfs; the report
# (40 KB) fills the sixth, so a write stops part of the way, then fails.
cp -r "$root/tests/fixtures/query/plan" "$disk/plan"
printf '<p>alter Bericht</p>\n' >"$disk/bericht.html"
cp "$disk/bericht.html" "$work/old.html"
cp "$disk/plan/fields/01-einrichtungen.yaml" "$work/old.yaml"
report=$disk/bericht.html
expect "report, full disk" 3 \
  "kep: error: cannot write '$report': No space left on device; the old file, if any, is unchanged" -- \
  "$kep" report --plan "$disk/plan" --no-commit --today 2026-11-27 --format html -o "$report"
cmp -s "$work/old.html" "$report" || fail "report, full disk: the old report changed"
[ "$(ls -A "$disk" | tr '\n' ' ')" = "bericht.html plan " ] ||
  fail "report, full disk: left on the disk: $(ls -A "$disk")"

# Now nothing is left at all.
head -c 4096 /dev/zero >"$disk/filler" || fail "cannot fill the last page"
field=$disk/plan/fields/01-einrichtungen.yaml
expect "set, full disk" 3 \
  "kep: error: cannot write '$field': No space left on device; the old file, if any, is unchanged" -- \
  "$kep" set --plan "$disk/plan" --today 2026-11-27 1.1 status=in_progress --note "Start"
cmp -s "$work/old.yaml" "$field" || fail "set, full disk: the field file changed"
[ "$(ls -A "$disk/plan/fields" | tr '\n' ' ')" = "01-einrichtungen.yaml 02-teilhabe.yaml 03-bildung.yaml " ] ||
  fail "set, full disk: left in fields/: $(ls -A "$disk/plan/fields")"

# A read-only disk.
mount -o remount,ro -t tmpfs tmpfs "$disk" || fail "cannot remount the tmpfs read-only"
expect "report, read-only disk" 3 \
  "kep: error: cannot write '$report': Read-only file system; the old file, if any, is unchanged" -- \
  "$kep" report --plan "$disk/plan" --no-commit --today 2026-11-27 --format md -o "$report"
cmp -s "$work/old.html" "$report" || fail "report, read-only disk: the old report changed"
expect "set, read-only disk" 3 \
  "kep: error: cannot lock '$disk/plan/fields/.01-einrichtungen.yaml.lock': Read-only file system; check the folder's permissions" -- \
  "$kep" set --plan "$disk/plan" --today 2026-11-27 1.1 status=in_progress
cmp -s "$work/old.yaml" "$field" || fail "set, read-only disk: the field file changed"

[ $status = 0 ] && echo "ok: report and set on a full and a read-only disk exit 3 and change nothing"
exit $status
