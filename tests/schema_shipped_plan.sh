#!/usr/bin/env bash
# The shipped plan is valid for a standard JSON Schema validator (ajv): every file says "valid".
set -u
node=$1
root=$2
out=$("$node" "$root/tests/js/schema-check.mjs" "$root"/plan/plan.yaml "$root"/plan/fields/*.yaml) || exit 1
echo "$out"
! echo "$out" | grep -qv $'\tvalid$'
