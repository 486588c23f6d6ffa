#!/usr/bin/env bash
# Makes a synthetic plan of any size, for bench/scale.sh:
#
#   bench/gen-plan.sh FIELDS MEASURES [DIR]
#
# DIR (default: a new folder under $TMPDIR or /tmp, printed on stdout) gets plan.yaml (three
# phases, four themes, ten immediate measures) and FIELDS field files with MEASURES measures in
# all, spread evenly. Each measure has a German title with umlauts (one in four long enough to
# be folded with ">-"), a phase, a lead, partners, themes and tags, some a due date, a status
# and one or two dated updates with notes, as a plan in use would have: about 200 bytes of
# YAML a measure, so 50,000 measures are about 10 MB. With GIT=1, DIR becomes a git repository
# with the plan as the first commit and then 20 commits that each change the status of some
# measures (for `kep history` and `kep diff`).
#
# The same arguments give the same plan, byte for byte; the plan is valid (`kep validate`
# finds nothing). Needs bash and awk (git for GIT=1).
set -euo pipefail
export LC_ALL=C

usage() { echo "usage: bench/gen-plan.sh FIELDS MEASURES [DIR]" >&2; exit 2; }
if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
FIELDS=$1 MEASURES=$2
[[ $FIELDS =~ ^[1-9][0-9]*$ && $MEASURES =~ ^[1-9][0-9]*$ ]] || usage
((MEASURES >= FIELDS)) || { echo "gen-plan: fewer measures than fields" >&2; exit 2; }
if [ $# -eq 3 ]; then
  DIR=$3
  mkdir -p "$DIR"
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/kep-plan-XXXXXX")
fi
[ -e "$DIR/plan.yaml" ] && { echo "gen-plan: '$DIR' already has a plan.yaml" >&2; exit 2; }
mkdir -p "$DIR/fields"

# Ten immediate measures, taken round the fields: 1.1, 2.1, ... then 1.2, 2.2, ...
immediate=()
for ((i = 0; i < 10 && i < MEASURES; i++)); do
  immediate+=("\"$((i % FIELDS + 1)).$((i / FIELDS + 1))\"")
done
IFS=,
cat >"$DIR/plan.yaml" <<EOF
# yaml-language-server: \$schema=../schema/plan.schema.json
kep: 1
title: Kulturentwicklungsplan Musterstadt
subtitle: Synthetischer Plan mit $MEASURES Maßnahmen in $FIELDS Handlungsfeldern
municipality: Musterstadt
language: de
lead: Kulturreferat
period:
  start: 2024-01-01
  end: 2033-12-31
phases:
  - id: A
    title: Umsetzungsphase A
    start: 2024-01-01
    end: 2025-12-31
  - id: B
    title: Umsetzungsphase B
    start: 2026-01-01
    end: 2028-12-31
  - id: C
    title: Umsetzungsphase C
    start: 2029-01-01
    end: 2033-12-31
themes:
  - id: teilhabe
    title: Kulturelle Teilhabe für alle
  - id: bildung
    title: Kulturelle Bildung
  - id: raeume
    title: Räume für Kultur
  - id: vernetzung
    title: Vernetzung und Kooperation
immediate: [${immediate[*]}]
EOF
unset IFS

awk -v fields="$FIELDS" -v measures="$MEASURES" -v dir="$DIR" '
function pick(arr, n, k) { return arr[(k % n) + 1] }
function date(day,   y, m) {  # day 0..729 -> a date in 2024-2025 (28-day months: always valid)
  y = 2024 + int(day / 336); day = day % 336; m = int(day / 28) + 1
  return sprintf("%04d-%02d-%02d", y, m, day % 28 + 1)
}
BEGIN {
  split("Ausbau|Förderung|Stärkung|Weiterentwicklung|Einführung|Überprüfung|Öffnung|Erweiterung|Qualifizierung|Sicherung", verbs, "|")
  split("der Öffnungszeiten in Bibliothek und Stadtmuseum|des Römerparks als Spielort|der Musikschule in den Stadtteilen|kultureller Bildung in Kitas und Grundschulen|der Kulturförderrichtlinie|von Proberäumen für junge Bands|des Künstlerhauses|interkultureller Angebote mit den Migrantenselbstorganisationen|der Städtepartnerschaften|ehrenamtlicher Kulturvereine|digitaler Kulturangebote|der Sommerbühne am Marktplatz|barrierefreier Zugänge zu Kulturorten|der Zusammenarbeit mit den Schulen|gemeinsamer Öffentlichkeitsarbeit", objects, "|")
  split("und Entwicklung entsprechender Personaleinsatzmodelle für die Einrichtungen|sowie Prüfung geeigneter Förderprogramme von Land, Bund und Europäischer Union|unter Beteiligung der Kulturschaffenden, Vereine und Initiativen aus allen Stadtteilen", tails, "|")
  split("Kulturreferat|Stadtbibliothek|Stadtmuseum|Musikschule|Jugendamt|Volkshochschule", leads, "|")
  split("Kulturverein Weddinghofen|Jugendkunstschule|Förderverein Stadtmuseum|Schulamt|Seniorenbeirat|Integrationsrat", partners, "|")
  split("teilhabe|bildung|raeume|vernetzung", themes, "|")
  split("Abstimmung mit dem Fachbereich begonnen|Konzept im Kulturausschuss vorgestellt|Fördermittel beantragt, Bescheid steht aus|Auftaktveranstaltung mit Vereinen durchgeführt|Zwischenbericht vorgelegt|Kooperationsvertrag unterzeichnet|Raumfrage geklärt, Nutzung der Aula ab Herbst|Personal eingestellt|Evaluation begonnen|Rückmeldungen der Bürgerinnen und Bürger ausgewertet", notes, "|")
  split("digital|ehrenamt|jugend|senioren|inklusion|quartier", tags, "|")
  k = 0
  for (f = 1; f <= fields; f++) {
    n = int(measures / fields) + (f <= measures % fields ? 1 : 0)
    file = sprintf("%s/fields/%0" length(fields "") "d-handlungsfeld.yaml", dir, f)
    printf "# yaml-language-server: $schema=../../schema/field.schema.json\n" > file
    printf "id: \"%d\"\ntitle: %s %s\n", f, pick(verbs, 10, f), pick(objects, 15, f * 7) > file
    printf "intro: >-\n  Die Maßnahmen dieses Handlungsfelds führen zusammen, was Kulturschaffende, Verwaltung und\n  Politik in den Werkstätten des Kulturentwicklungsplans als vordringlich benannt haben.\n" > file
    printf "measures:\n" > file
    for (i = 1; i <= n; i++) {
      k++
      printf "  - id: \"%d.%d\"\n", f, i > file
      title = pick(verbs, 10, k) " " pick(objects, 15, int(k / 10))
      if (k % 8 == 0)
        printf "    title: >-\n      %s\n      %s\n", title, pick(tails, 3, k) > file
      else
        printf "    title: %s\n", title > file
      # Immediate measures are in phase A; the rest spread over A, B and C.
      phase = ((i - 1) * fields + f <= 10) ? "A" : substr("AABBC", k % 5 + 1, 1)
      printf "    phase: %s\n    lead: %s\n", phase, pick(leads, 6, k) > file
      if (k % 4 == 0) printf "    partners: [%s, %s]\n", pick(partners, 6, k), pick(partners, 6, k + 3) > file
      printf "    themes: [%s]\n", pick(themes, 4, k) > file
      if (k % 5 == 0) printf "    tags: [%s]\n", pick(tags, 6, k) > file
      if (k % 7 == 0) printf "    due: %s\n", date(700 - k % 300) > file
      s = k % 10  # 0-3 planned, 4-7 in_progress, 8 done, 9 deferred
      if (s >= 4 && s <= 7) { printf "    status: in_progress\n    progress: %d\n", (k % 9) * 10 + 10 > file }
      else if (s == 8) printf "    status: done\n" > file
      else if (s == 9) printf "    status: deferred\n    note: Zurückgestellt bis zur Haushaltsberatung\n" > file
      if (s >= 4) {
        printf "    updates:\n" > file
        u = 1 + (k % 4 == 0)
        for (j = 0; j < u; j++) {
          printf "      - date: %s\n", date((k * 13) % 400 + j * 120) > file
          if (j == u - 1 && s != 4) printf "        status: %s\n", (s == 8 ? "done" : (s == 9 ? "deferred" : "in_progress")) > file
          printf "        note: %s\n", pick(notes, 10, k + j) > file
        }
      }
    }
    close(file)
  }
}'

if [ "${GIT:-0}" = 1 ]; then
  export GIT_AUTHOR_NAME="Anna Albers" GIT_AUTHOR_EMAIL=kultur@example.org
  export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
  git -C "$DIR" init -q -b main
  GIT_AUTHOR_DATE="2025-01-01T09:00:00Z" GIT_COMMITTER_DATE="2025-01-01T09:00:00Z" \
    git -C "$DIR" add -A
  GIT_AUTHOR_DATE="2025-01-01T09:00:00Z" GIT_COMMITTER_DATE="2025-01-01T09:00:00Z" \
    git -C "$DIR" commit -q -m "Plan angelegt"
  files=("$DIR"/fields/*.yaml)
  for ((c = 1; c <= 20; c++)); do
    # Commit c resumes the c-th deferred measure of every fifth file (from file c mod 5).
    for ((f = c % 5; f < ${#files[@]}; f += 5)); do
      # The measure's status and its last update's status (the next "status: deferred").
      awk -v c="$c" '/^    status: deferred$/ && ++seen == c { $0 = "    status: in_progress"; next_too = 1 }
        /^        status: deferred$/ && next_too { $0 = "        status: in_progress"; next_too = 0 }
        { print }' \
        "${files[f]}" >"$DIR/tmp"
      mv "$DIR/tmp" "${files[f]}"
    done
    when=$(printf '2025-01-%02dT09:00:00Z' $((c + 1)))
    git -C "$DIR" add -A
    GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when git -C "$DIR" commit -q -m "Stand $c"
  done
fi
echo "$DIR"
