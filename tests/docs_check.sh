#!/usr/bin/env bash
# docs/rules.md agrees with kep: usage: tests/docs_check.sh REPO_ROOT
#
# (a) Every line in a fenced code block of docs/rules.md that looks like a finding
#     ("file:line:col: error: ... [rule]" or "file: warning: ... [rule]") occurs verbatim in some
#     tests/cases/*/expected.err. The source and caret lines right under a quoted finding must
#     follow it in that golden exactly as quoted. A line that starts like a finding but does not
#     end in "[rule-id]" (say, wrapped by an editor) is an error too.
# (b) Every rule id kep emits (found in src/ from the calls that make findings) has a
#     "### rule-id" section in docs/rules.md and a row in the "Rules at a glance" table.
# (c) Every "### rule-id" heading and every row of that table names a rule that src/ emits.
# (d) Where src/ shows a rule's severity, the table row and the section's first words agree.
#
# Prints what it found and what is wrong; exits 1 when something is wrong.
set -u
root=${1:?usage: docs_check.sh REPO_ROOT}
doc=$root/docs/rules.md
export LC_ALL=C
status=0
fail() {
  printf 'FAIL: %s\n' "$*"
  status=1
}
[ -f "$doc" ] || { echo "FAIL: no $doc"; exit 1; }
shopt -s nullglob

# Ids that src/ emits but `kep validate` never prints, so rules.md does not describe them.
declare -A not_validate=([template]='kep report: an error in a report template')

finding_re='^[^ ]+:[0-9]+:[0-9]+: (error|warning): .* \[[a-z-]+\]$'
file_finding_re='^[^ ]+: (error|warning): .* \[[a-z-]+\]$'
starts_like_finding_re='^[^ ]+: (error|warning): '
source_re='^ [0-9 ]+ \| '   # " 8 |     status: x" and "   |     ^~~" under a finding

# --- (a) quoted findings --------------------------------------------------------------------

goldens=("$root"/tests/cases/*/expected.err)
[ ${#goldens[@]} -gt 0 ] || { echo "FAIL: no tests/cases/*/expected.err under $root"; exit 1; }

# Fenced lines as "line-number<TAB>text"; a line "---fence---" marks the end of a block.
fenced=$(awk '/^```/ { if (in_block) print "0\t---fence---"; in_block = !in_block; next }
              in_block { print NR "\t" $0 }' "$doc")

quoted=0
group=""
group_line=0
check_group() {
  [ -n "$group" ] || return 0
  quoted=$((quoted + 1))
  local first=${group%%$'\n'*} g text
  local -a found_in
  mapfile -t found_in < <(grep -lFx -- "$first" "${goldens[@]}")
  for g in "${found_in[@]}"; do
    text=$'\n'"$(cat "$g")"$'\n'
    if [[ $text == *$'\n'"$group"$'\n'* ]]; then
      group=""
      return 0
    fi
  done
  if [ ${#found_in[@]} -eq 0 ]; then
    fail "docs/rules.md:$group_line: this finding is in no tests/cases/*/expected.err:"
    printf '    %s\n' "$first"
  else
    g=${found_in[0]}
    fail "docs/rules.md:$group_line: the lines under this finding differ from ${g#"$root"/}:"
    printf '%s\n' "$group" | sed 's/^/    docs: /'
    awk -v want="$first" 'found && /^ [0-9 ]+ \| / { print "    case: " $0; next }
                          found { exit }
                          $0 == want { found = 1; print "    case: " $0 }' "$g"
  fi
  group=""
}

previous=0
while IFS=$'\t' read -r n text; do
  [ "$n" = 0 ] && { check_group; previous=0; continue; }
  if [[ $text =~ $finding_re || $text =~ $file_finding_re ]]; then
    check_group
    group=$text
    group_line=$n
  elif [[ -n $group && $n -eq $((previous + 1)) && $text =~ $source_re ]]; then
    group+=$'\n'"$text"
  else
    check_group
    if [[ $text =~ $starts_like_finding_re && $text != "kep: "* ]]; then
      fail "docs/rules.md:$n: starts like a finding but does not end in ' [rule-id]' (wrapped?):"
      printf '    %s\n' "$text"
    elif [[ $text =~ $source_re && $previous -ne 0 ]]; then
      fail "docs/rules.md:$n: a source or caret line that is not under a quoted finding:"
      printf '    %s\n' "$text"
    fi
  fi
  previous=$n
done <<<"$fenced"
check_group
echo "docs/rules.md quotes $quoted findings; each is checked against ${#goldens[@]} goldens."

# --- (b) rule ids in src/ ---------------------------------------------------------------------

sources=("$root"/src/*.cpp "$root"/src/*.h)
[ ${#sources[@]} -gt 0 ] || { echo "FAIL: no sources in $root/src"; exit 1; }
id_re='[a-z][a-z0-9]*(-[a-z0-9]+)*'
# The calls that take a rule id: kep's own helpers, and any function with a parameter named
# `rule` (std::string or std::string_view), so that a new helper is picked up by itself.
helpers=$(cat "${sources[@]}" | tr '\n' ' ' |
  grep -oE '[A-Za-z_][A-Za-z0-9_]*\([^;{}()]*std::string(_view)? +rule[,)]' |
  sed -E 's/\(.*//' | sort -u | tr '\n' ' ')
helpers=$(printf '%s\n' error warning finding io_error | cat - <(tr ' ' '\n' <<<"$helpers") |
  grep . | sort -u | tr '\n' '|')
helpers=${helpers%|}
echo "Calls that take a rule id: ${helpers//|/, }; and Severity::error/warning, \"id\"."

declare -A id_files id_severity
for f in "${sources[@]}"; do
  flat=$(tr '\n\t' '  ' <"$f")
  # name(..., "id", ...): the first string literal in the call, when it looks like a rule id.
  while read -r name id; do
    [ -n "$id" ] || continue
    id_files[$id]+=" $(basename "$f")"
    case $name in
      warning) id_severity[$id]+=" warning" ;;
      error | io_error | finding) id_severity[$id]+=" error" ;;
    esac
  done < <(printf '%s' "$flat" |
    grep -oE "(^|[^A-Za-z0-9_])($helpers)\([^;\"]*\"$id_re\"" |
    grep -vE '\)( *const)? *\{' |  # a helper's own definition, not a call
    sed -E "s/^[^A-Za-z_]?([A-Za-z_0-9]+)\(.*\"($id_re)\"$/\1 \2/")
  # Finding{place, Severity::x, "id", message} and other constructions of a Finding.
  while read -r severity id; do
    [ -n "$id" ] || continue
    id_files[$id]+=" $(basename "$f")"
    id_severity[$id]+=" $severity"
  done < <(printf '%s' "$flat" |
    grep -oE "Severity::(error|warning) *, *\"$id_re\"" |
    sed -E "s/^Severity::([a-z]+) *, *\"(.*)\"$/\1 \2/")
done

mapfile -t ids < <(printf '%s\n' "${!id_files[@]}" | sort)
if [ ${#ids[@]} -lt 10 ]; then
  fail "found only ${#ids[@]} rule ids in src/; the extraction is broken"
fi
severity_of() {  # "error", "warning", "error/warning" or "" (not visible at the call)
  tr ' ' '\n' <<<"${id_severity[$1]:-}" | grep . | sort -u | paste -sd/ -
}
echo "Rule ids emitted in src/ (${#ids[@]}; severity '?' when a helper passes it on):"
declare -A emitted
for id in "${ids[@]}"; do
  files=$(tr ' ' '\n' <<<"${id_files[$id]}" | grep . | sort -u | tr '\n' ' ')
  sev=$(severity_of "$id")
  note=""
  [ -n "${not_validate[$id]:-}" ] && note="  (skipped: ${not_validate[$id]})"
  printf '  %-26s %-8s %s%s\n' "$id" "${sev:-?}" "$files" "$note"
  [ -z "${not_validate[$id]:-}" ] && emitted[$id]=1
done

mapfile -t headings < <(grep -E "^### $id_re\$" "$doc" | sed 's/^### //')
declare -A documented table_severity
for h in "${headings[@]}"; do documented[$h]=1; done
# shellcheck disable=SC2016  # the backquotes are Markdown, not a command
while IFS=$'\t' read -r id sev; do
  table_severity[$id]=$sev
done < <(sed -nE 's/^\| \[`([a-z0-9-]+)`\]\(#([a-z0-9-]+)\) \| ([a-z]+).*/\1\t\3/p' "$doc")
while read -r row; do
  [[ $row =~ ^\|\ \[\`([a-z0-9-]+)\`\]\(#([a-z0-9-]+)\) ]] || continue
  [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
    fail "docs/rules.md: the table row for '${BASH_REMATCH[1]}' links to '#${BASH_REMATCH[2]}'"
done < <(grep -E '^\| \[`' "$doc")

for id in "${!emitted[@]}"; do
  [ -n "${documented[$id]:-}" ] || fail "rule '$id' is emitted in src/ but docs/rules.md has no '### $id'"
  [ -n "${table_severity[$id]:-}" ] ||
    fail "rule '$id' is emitted in src/ but missing from the 'Rules at a glance' table"
done

# --- (c) documented rules that src/ no longer has ---------------------------------------------

for h in "${headings[@]}"; do
  [ -n "${emitted[$h]:-}" ] || fail "docs/rules.md has '### $h', but src/ emits no rule '$h'"
done
for id in "${!table_severity[@]}"; do
  [ -n "${emitted[$id]:-}" ] || fail "the 'Rules at a glance' table lists '$id', but src/ emits no such rule"
done

# --- (d) severities ---------------------------------------------------------------------------

for id in "${!emitted[@]}"; do
  sev=$(severity_of "$id")
  [[ $sev == error || $sev == warning ]] || continue
  if [ -n "${table_severity[$id]:-}" ] && [ "${table_severity[$id]}" != "$sev" ]; then
    fail "rule '$id' is a $sev in src/, but the table says ${table_severity[$id]}"
  fi
  if [ -n "${documented[$id]:-}" ]; then
    first=$(awk -v h="### $id" '$0 == h { on = 1; next } on && /^\*\*/ { print; exit }
                                 on && /^#/ { exit }' "$doc")
    [[ ${first,,} == "**$sev"* ]] ||
      fail "rule '$id' is a $sev in src/, but its section starts with: ${first:-<no bold severity>}"
  fi
done

if [ $status -eq 0 ]; then
  echo "OK: docs/rules.md quotes only golden findings and documents exactly the ${#emitted[@]} rules kep validate emits."
fi
exit $status
