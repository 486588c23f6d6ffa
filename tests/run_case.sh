#!/usr/bin/env bash
# Runs one end-to-end case: tests/cases/NAME/cmd holds kep's arguments (one line, shell words);
# the case folder is the working directory; stdout, stderr and the exit code must equal
# expected.out, expected.err and expected.exit. KEP_UPDATE_GOLDEN=1 rewrites them instead.
set -u
kep=$1
case_dir=$2
cd "$case_dir" || exit 2
actual=$(mktemp -d)
trap 'rm -rf "$actual"' EXIT
# A fixed, plain environment: the same output on every machine.
eval "set -- $(cat cmd)"
env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 KEP_TODAY=2026-11-27 NO_COLOR=1 COLUMNS=80 \
  "$kep" "$@" >"$actual/out" 2>"$actual/err" </dev/null
echo $? >"$actual/exit"
if [ "${KEP_UPDATE_GOLDEN:-}" = 1 ]; then
  for f in out err exit; do cp "$actual/$f" "expected.$f"; done
  exit 0
fi
status=0
for f in out err exit; do
  if [ ! -f "expected.$f" ]; then
    echo "missing expected.$f in $case_dir (run with KEP_UPDATE_GOLDEN=1 and review the diff)"
    status=1
  elif ! diff -u "expected.$f" "$actual/$f"; then
    status=1
  fi
done
exit $status
