#!/usr/bin/env bash
# Makes a git repository with a realistic plan and a long history, for bench/run.sh:
#
#   bench/gen-history.sh N [DIR]
#
# DIR (default: a new folder under $TMPDIR or /tmp, printed on stdout) gets a repository on the
# branch main with plan/plan.yaml (three phases), 7 field files with 50 measures (German titles
# with umlauts), then N commits after the first: each changes one or two measures (a status
# step with a dated update, or an update alone); every 50th commit changes only README.md, as
# real repositories have commits beside the plan. One commit a day at 09:00 UTC from
# 2023-01-02; authors rotate over five people. The same N gives the same repository, down to
# the commit ids (bash's $RANDOM with a fixed seed), and git fast-import writes it in seconds.
#
# Needs bash and git; nothing else.
set -euo pipefail
export LC_ALL=C  # ${#text} counts bytes, as fast-import's "data N" wants

usage() { echo "usage: bench/gen-history.sh N [DIR]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
N=$1
[[ $N =~ ^[0-9]+$ ]] || usage
if [ $# -eq 2 ]; then
  DIR=$2
  mkdir -p "$DIR"
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/kep-bench-XXXXXX")
fi
if [ -e "$DIR/.git" ]; then
  echo "gen-history: '$DIR' is already a git repository" >&2
  exit 2
fi

FIELD_SLUGS=(kultureinrichtungen zivilgesellschaft raeume teilhabe kulturelle-bildung sichtbarkeit
  kulturverwaltung)
FIELD_TITLES=(
  "Städtische Kultureinrichtungen zukunftsfähig weiterentwickeln"
  "Zivilgesellschaftliches Engagement stärken"
  "Räume für Kultur öffnen und qualifizieren"
  "Kulturelle Teilhabe zeitgemäß ausrichten"
  "Kulturelle Bildung für alle Altersgruppen"
  "Sichtbarkeit und Öffentlichkeitsarbeit verbessern"
  "Kulturverwaltung und Förderung modernisieren")
FIELD_SIZES=(8 7 8 7 7 6 7)  # 50 measures
VERBS=("Ausbau" "Förderung" "Stärkung" "Weiterentwicklung" "Einführung" "Überprüfung"
  "Öffnung" "Erweiterung")
OBJECTS=("der Öffnungszeiten in Bibliothek und Stadtmuseum" "des Römerparks als Spielort"
  "der Musikschule in den Stadtteilen" "kultureller Bildung in Kitas und Grundschulen"
  "der Kulturförderrichtlinie" "von Proberäumen für junge Bands" "des Künstlerhauses"
  "interkultureller Angebote mit den Migrantenselbstorganisationen"
  "der Städtepartnerschaften" "ehrenamtlicher Kulturvereine" "digitaler Kulturangebote"
  "der Sommerbühne am Marktplatz" "barrierefreier Zugänge zu Kulturorten"
  "der Zusammenarbeit mit den Schulen" "gemeinsamer Öffentlichkeitsarbeit")
LEADS=("Kulturreferat" "Stadtbibliothek" "Stadtmuseum" "Musikschule" "Jugendamt")
AUTHORS=("Anna Albers" "Bernd Bäumer" "Clara Çelik" "Dörte Dahl" "Emil Engström")
NOTES=("Abstimmung mit dem Fachbereich" "Konzept im Kulturausschuss vorgestellt"
  "Fördermittel beantragt" "Auftaktveranstaltung mit Vereinen" "Zwischenbericht vorgelegt"
  "Kooperationsvertrag unterzeichnet" "Raumfrage geklärt" "Personal eingestellt"
  "Evaluation begonnen" "Rückmeldungen der Bürgerinnen und Bürger ausgewertet")

# Measures, by index 0..49: field, id, title, phase, lead, status, updates (YAML text).
M_FIELD=() M_ID=() M_TITLE=() M_PHASE=() M_LEAD=() M_STATUS=() M_UPDATES=()
k=0
for f in "${!FIELD_SIZES[@]}"; do
  for ((n = 1; n <= FIELD_SIZES[f]; n++)); do
    M_FIELD[k]=$f
    M_ID[k]="$((f + 1)).$n"
    M_TITLE[k]="${VERBS[k % 8]} ${OBJECTS[k % 15]}"
    case $((k % 5)) in 0 | 1) M_PHASE[k]=A ;; 2 | 3) M_PHASE[k]=B ;; *) M_PHASE[k]=C ;; esac
    M_LEAD[k]=${LEADS[k % 5]}
    M_STATUS[k]=planned
    M_UPDATES[k]=""
    k=$((k + 1))
  done
done
MEASURES=$k

FIELD_FILE=()
for f in "${!FIELD_SLUGS[@]}"; do
  FIELD_FILE[f]=$(printf 'plan/fields/%02d-%s.yaml' $((f + 1)) "${FIELD_SLUGS[f]}")
done

# shellcheck disable=SC2016  # the schema line's $ is text
PLAN_YAML='# yaml-language-server: $schema=../schema/plan.schema.json
kep: 1
title: Kulturentwicklungsplan Musterstadt
municipality: Musterstadt
language: de
lead: Kulturreferat
period:
  start: 2023-01-01
  end: 2032-12-31
phases:
  - id: A
    title: Umsetzungsphase A
    start: 2023-01-01
    end: 2024-12-31
  - id: B
    title: Umsetzungsphase B
    start: 2025-01-01
    end: 2027-12-31
  - id: C
    title: Umsetzungsphase C
    start: 2028-01-01
    end: 2032-12-31
immediate: ["1.1", "1.2", "2.3"]
'

field_yaml() {  # field index -> the file's text in $TEXT
  local f=$1 i
  TEXT="# yaml-language-server: \$schema=../../schema/field.schema.json
id: \"$((f + 1))\"
title: ${FIELD_TITLES[f]}
measures:
"
  for ((i = 0; i < MEASURES; i++)); do
    [ "${M_FIELD[i]}" = "$f" ] || continue
    TEXT+="  - id: \"${M_ID[i]}\"
    title: ${M_TITLE[i]}
    phase: ${M_PHASE[i]}
    lead: ${M_LEAD[i]}
"
    [ "${M_STATUS[i]}" = planned ] || TEXT+="    status: ${M_STATUS[i]}
"
    [ "${M_STATUS[i]}" = deferred ] && TEXT+="    note: Zurückgestellt bis zur Haushaltsberatung
"
    [ -z "${M_UPDATES[i]}" ] || TEXT+="    updates:
${M_UPDATES[i]}"
  done
}

# Day number (days since 1970-01-01) of 2023-01-02, and YYYY-MM-DD of a day number.
START_DAY=19359
ymd() {
  local z=$(($1 + 719468)) era doe yoe doy mp d m y
  era=$(((z >= 0 ? z : z - 146096) / 146097))
  doe=$((z - era * 146097))
  yoe=$(((doe - doe / 1460 + doe / 36524 - doe / 146096) / 365))
  doy=$((doe - (365 * yoe + yoe / 4 - yoe / 100)))
  mp=$(((5 * doy + 2) / 153))
  d=$((doy - (153 * mp + 2) / 5 + 1))
  m=$((mp < 10 ? mp + 3 : mp - 9))
  y=$((yoe + era * 400 + (m <= 2 ? 1 : 0)))
  printf '%04d-%02d-%02d' "$y" "$m" "$d"
}

# One change to measure $1 on day $2: the next status with an update, or an update alone.
change_measure() {
  local i=$1 date=$2 next=""
  # Slow enough that after 1,000 commits about half the measures are done.
  case ${M_STATUS[i]} in
    planned) ((RANDOM % 6 == 0)) && next=in_progress ;;
    in_progress) ((RANDOM % 20 == 0)) && next="done" ;;
    deferred) ((RANDOM % 3 == 0)) && next=in_progress ;;
    done) ;;
  esac
  if [ "${M_STATUS[i]}" = in_progress ] && [ -z "$next" ] && ((RANDOM % 30 == 0)); then
    next=deferred
  fi
  local note=${NOTES[RANDOM % ${#NOTES[@]}]}
  if [ -n "$next" ]; then
    M_STATUS[i]=$next
    M_UPDATES[i]+="      - date: $date
        status: $next
        note: $note
"
  else
    M_UPDATES[i]+="      - date: $date
        note: $note
"
  fi
}

emit_file() {  # path, text
  printf 'M 100644 inline %s\ndata %d\n%s\n' "$1" "${#2}" "$2"
}

emit_commit() {  # author index, day number, message; then the file lines on stdin of the caller
  local name=${AUTHORS[$1]} when=$((($2) * 86400 + 9 * 3600))
  printf 'commit refs/heads/main\n'
  printf 'author %s <kultur@example.org> %d +0000\n' "$name" "$when"
  printf 'committer %s <kultur@example.org> %d +0000\n' "$name" "$when"
  printf 'data %d\n%s\n' "${#3}" "$3"
}

generate() {
  local f c day i a b
  RANDOM=20240101  # here: bash seeds a subshell (the pipeline) afresh
  emit_commit 0 $((START_DAY - 1)) "Kulturentwicklungsplan angelegt"
  emit_file README.md "# Kulturentwicklungsplan Musterstadt
"
  emit_file plan/plan.yaml "$PLAN_YAML"
  for f in "${!FIELD_SLUGS[@]}"; do
    field_yaml "$f"
    emit_file "${FIELD_FILE[f]}" "$TEXT"
  done
  for ((c = 1; c <= N; c++)); do
    day=$((START_DAY + c - 1))
    if ((c % 50 == 0)); then
      emit_commit $((c % 5)) "$day" "README: Stand $(ymd "$day")"
      emit_file README.md "# Kulturentwicklungsplan Musterstadt

Stand: $(ymd "$day"), $c Änderungen.
"
      continue
    fi
    a=$((RANDOM % MEASURES))
    change_measure "$a" "$(ymd "$day")"
    b=-1
    if ((RANDOM % 3 == 0)); then
      b=$((RANDOM % MEASURES))
      [ "$b" = "$a" ] && b=-1
      [ "$b" = -1 ] || change_measure "$b" "$(ymd "$day")"
    fi
    if [ "$b" = -1 ]; then
      emit_commit $((c % 5)) "$day" "Maßnahme ${M_ID[a]}: Stand $(ymd "$day")"
    else
      emit_commit $((c % 5)) "$day" "Maßnahmen ${M_ID[a]} und ${M_ID[b]}: Stand $(ymd "$day")"
    fi
    for i in "$a" "$b"; do
      [ "$i" = -1 ] && continue
      [ "$i" = "$b" ] && [ "${M_FIELD[b]}" = "${M_FIELD[a]}" ] && continue
      field_yaml "${M_FIELD[i]}"
      emit_file "${FIELD_FILE[${M_FIELD[i]}]}" "$TEXT"
    done
  done
}

git -c init.defaultBranch=main init -q "$DIR"
generate | git -C "$DIR" fast-import --quiet
git -C "$DIR" checkout -q main
echo "$DIR"
