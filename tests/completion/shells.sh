#!/usr/bin/env bash
# The completion scripts work in the real shells. Usage: tests/completion/shells.sh KEP REPO_ROOT
#
# bash: sources `kep completion bash` and runs its _kep function as bash's programmable
# completion does, checking COMPREPLY on the shipped plan. fish (when installed): `fish -n`, and
# the same checks through `complete -C`. zsh (when installed): `zsh -n`, loading it under
# compinit, and the same checks by typing TAB into zsh in a pseudo-terminal (zsh_complete.zsh).
# Prints what it checked; exits 1 when something is wrong.
set -u
kep=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=${2:?usage: shells.sh KEP REPO_ROOT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
status=0
fail() {
  printf 'FAIL: %s\n' "$*"
  status=1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# `kep` on PATH is the kep under test: the scripts call the kep of the command line.
mkdir "$work/bin" && ln -s "$kep" "$work/bin/kep"
export PATH="$work/bin:$PATH"
"$kep" completion bash >"$work/kep.bash" || fail "kep completion bash exited $?"
"$kep" completion zsh >"$work/_kep" || fail "kep completion zsh exited $?"
"$kep" completion fish >"$work/kep.fish" || fail "kep completion fish exited $?"

# bash: completes LINE (the cursor at its end) in DIR; prints COMPREPLY space-separated.
bash_complete() {
  local dir=$1 line=$2
  (
    cd "$dir" || exit 2
    # shellcheck disable=SC1091
    source "$work/kep.bash"
    # Words as bash's default COMP_WORDBREAKS splits them: '=' is a word of its own.
    read -r -a COMP_WORDS <<<"${line//=/ = }"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    _kep
    echo "${COMPREPLY[*]}"
  )
}

expect_bash() {
  local dir=$1 line=$2 want=$3 got
  got=$(bash_complete "$dir" "$line")
  if [[ $got == "$want" ]]; then
    printf 'ok   bash: %-36s -> %s\n' "'$line'" "$got"
  else
    fail "bash: '$line' in $dir completes to '$got', not '$want'"
  fi
}

ids4="4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11"
# A repository with a plan: branches main and topic, tags v1 and v2, two commits. The commits'
# ids differ from run to run, and their short ids are offered with the branches and tags, so a
# prefix typed below for a branch or tag never is a hex digit (0-9, a-f): "--since=f" for a
# branch "feature" also matched a commit f040669 in about one run of eight.
repo=$work/repo
mkdir -p "$repo" && cp -r "$root/plan" "$repo/plan"
git_quiet() { git -C "$repo" -c user.name=kep -c user.email=kep@example.invalid "$@" >/dev/null; }
git_quiet init -q -b main && git_quiet add plan && git_quiet commit -q -m one &&
  git_quiet tag v1 && git_quiet commit -q --allow-empty -m two && git_quiet tag v2 &&
  git_quiet branch topic || fail "cannot make the test repository"
# kep's short ids are the first 7 digits, always (git's %h grows where 7 are ambiguous).
revisions="HEAD main topic v1 v2 $(git -C "$repo" log --format=%H | cut -c1-7 | tr '\n' ' ')"
revisions=${revisions% }
statuses=$("$kep" --plan "$root/plan" completion --values statuses | tr '\n' ' ')
statuses=${statuses% }
[[ -n $statuses ]] || fail "kep completion --values statuses printed nothing"

expect_bash "$root" "kep sh" "show"
expect_bash "$root" "kep status --phase " "A B C"
expect_bash "$root" "kep status --phase=" "A B C"
expect_bash "$root" "kep list --status " "$statuses"
expect_bash "$root" "kep show 4." "$ids4"
expect_bash "$root" "kep show 4.1" "4.1 4.10 4.11"
expect_bash "$root" "kep list --format c" "csv"
expect_bash "$root" "kep --color a" "auto always"
expect_bash "$root" "kep completion " "bash zsh fish"
expect_bash "$root" "kep status --imm" "--immediate"
expect_bash "$root" "kep --pl" "--plan"
# A command's single argument is completed once; kep set's id, then its KEY=VALUE changes with
# the plan's statuses, phases and leads after status=, phase= and lead=.
expect_bash "$root" "kep set 4.1" "4.1 4.10 4.11"
expect_bash "$root" "kep set 4.1 " "status= progress= lead= phase="
expect_bash "$root" "kep set 4.1 p" "progress= phase="
expect_bash "$root" "kep set 4.1 status=" "$statuses"
expect_bash "$root" "kep set 4.1 status=in" "in_progress"
expect_bash "$root" "kep set 4.1 phase=" "A B C"
expect_bash "$root" "kep set 4.1 lead=K" "Kulturreferat"
expect_bash "$root" "kep set 4.1 progress=" ""
expect_bash "$root" "kep set 4.1 status=done --note x " "status= progress= lead= phase="
expect_bash "$root" "kep schema plan " ""
# --columns and --sort: kep list's own tables, as comma-separated lists; -key sorts descending.
expect_bash "$root" "kep list --columns id,p" "id,phase id,progress"
expect_bash "$root" "kep list --columns=am" "ampel"
expect_bash "$root" "kep list --sort -d" "-due"
expect_bash "$root" "kep list --sort phase,st" "phase,status"
# Revisions: branches and tags of the plan's repository (the test repository below).
expect_bash "$repo" "kep diff " "$revisions"
expect_bash "$repo" "kep diff v1 m" "main"
expect_bash "$repo" "kep --as-of v" "v1 v2"
expect_bash "$repo" "kep report --since=t" "topic"
# --plan on the command line, before or after the command, names the plan the values come from.
expect_bash "$work" "kep --plan $root/plan show 4." "$ids4"
expect_bash "$work" "kep show --plan=$root/plan 4." "$ids4"
expect_bash "$work" "kep --plan $root/plan status --phase " "A B C"
# The value of an option that takes one is not taken for the command.
expect_bash "$root" "kep --today 2026-01-01 sh" "show"
# No plan: nothing to offer, and no error on the terminal.
expect_bash "$work" "kep show 4." ""

# fish: `complete -C` prints what fish would offer, one "value<TAB>description" a line.
if command -v fish >/dev/null; then
  fish -n "$work/kep.fish" || fail "fish -n: the fish script has syntax errors"
  fish_complete() {
    (cd "$1" && fish --no-config -c "source $work/kep.fish; complete -C '$2'" 2>&1 | cut -f1 |
      tr '\n' ' ' | sed 's/ $//')
  }
  expect_fish() {
    local got
    got=$(fish_complete "$1" "$2")
    if [[ $got == "$3" ]]; then
      printf 'ok   fish: %-36s -> %s\n' "'$2'" "$got"
    else
      fail "fish: '$2' in $1 completes to '$got', not '$3'"
    fi
  }
  expect_fish "$root" "kep sh" "show"
  expect_fish "$root" "kep status --phase " "A B C"
  expect_fish "$root" "kep show 4." "$ids4"
  expect_fish "$work" "kep --plan $root/plan show 4.1" "4.1 4.10 4.11"
  expect_fish "$root" "kep list --format c" "csv"
  expect_fish "$root" "kep set 4.1" "4.1 4.10 4.11"
  expect_fish "$root" "kep set 4.1 " "lead= phase= progress= status="  # fish sorts them
  expect_fish "$root" "kep set 4.1 status=in" "status=in_progress"
  expect_fish "$root" "kep set 4.1 phase=" "phase=A phase=B phase=C"
  expect_fish "$root" "kep list --columns id,p" "id,phase id,progress"
  # fish takes a word that starts with '-' for an option, so a descending key needs --sort=.
  expect_fish "$root" "kep list --sort=-d" "--sort=-due"
  expect_fish "$repo" "kep diff v1 m" "main"
  expect_fish "$repo" "kep --as-of v" "v1 v2"
else
  echo "skip fish: not installed (Debian package fish)"
fi

# zsh: the syntax, loading it under compinit, and what TAB offers (in a pseudo-terminal).
if command -v zsh >/dev/null; then
  zsh -n "$work/_kep" || fail "zsh -n: the zsh script has syntax errors"
  out=$(cd "$work" && zsh -f -c 'autoload -U compinit && compinit -u -D && source ./_kep &&
    [[ $_comps[kep] == _kep ]] && whence -w _kep_plan_values' 2>&1)
  if [[ $out == "_kep_plan_values: function" ]]; then
    echo "ok   zsh: loads under compinit and binds _kep to kep"
  else
    fail "zsh: sourcing _kep under compinit: $out"
  fi
  zsh_complete() {
    (cd "$1" && timeout 30 zsh -f "$here/zsh_complete.zsh" "$work" "$2" |
      tr -d ' \r' | awk NF | tr '\n' ' ' | sed 's/ $//')
  }
  expect_zsh() {
    local got
    got=$(zsh_complete "$1" "$2")
    if [[ $got == "$3" ]]; then
      printf 'ok   zsh:  %-36s -> %s\n' "'$2'" "$got"
    else
      fail "zsh: '$2' in $1 completes to '$got', not '$3'"
    fi
  }
  ln -s "$kep" "$work/kep"  # the zsh in the pseudo-terminal finds kep and _kep in $work
  expect_zsh "$root" "kep sh" "show"
  expect_zsh "$root" "kep status --phase " "A B C"
  expect_zsh "$root" "kep list --status=p" "planned"
  expect_zsh "$root" "kep show 4." "$ids4"
  expect_zsh "$root" "kep list --format c" "csv"
  expect_zsh "$root" "kep set 4.1" "4.1 4.10 4.11"
  expect_zsh "$root" "kep set 4.1 " "status= progress= lead= phase="
  expect_zsh "$root" "kep set 4.1 status=in" "in_progress"
  expect_zsh "$root" "kep set 4.1 phase=" "A B C"
  expect_zsh "$root" "kep list --columns id,p" "phase progress"
  expect_zsh "$root" "kep list --sort -d" "due"
  expect_zsh "$repo" "kep diff v1 m" "main"
  expect_zsh "$repo" "kep --as-of v" "v1 v2"
  expect_zsh "$work" "kep show --plan $root/plan 4.1" "4.1 4.10 4.11"
  expect_zsh "$work" "kep --plan=$root/plan status --phase " "A B C"
else
  echo "skip zsh: not installed (Debian package zsh)"
fi

exit $status
