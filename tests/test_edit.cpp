// The editor behind kep set: exact texts in, exact texts out. Only the changed lines change.
#include <doctest/doctest.h>

#include <string>

#include "edit.h"

using namespace kep;

namespace {

const std::string k_head =
    "# yaml-language-server: $schema=../../schema/field.schema.json\n"
    "id: \"4\"\n"
    "title: Teilhabe\n"
    "measures:\n";

// The text after the edit; fails the test with the editor's error when there is one.
std::string edited(const std::string& text, MeasureEdit edit) {
  const EditResult result = edit_measure(text, edit);
  INFO(result.error);
  CHECK(result.error.empty());
  return result.text;
}

std::string refused(const std::string& text, MeasureEdit edit) {
  const EditResult result = edit_measure(text, edit);
  CHECK(result.text.empty());
  return result.error;
}

MeasureEdit set(std::string id, std::vector<KeyEdit> keys) {
  return MeasureEdit{std::move(id), std::move(keys), std::nullopt};
}

MeasureEdit log(std::string id, std::vector<KeyEdit> keys, UpdateEntry update) {
  return MeasureEdit{std::move(id), std::move(keys), std::move(update)};
}

}  // namespace

TEST_CASE("a plain value is replaced in place, comments and the rest of the line kept") {
  const std::string before = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: Kommunikation\n"
                             "    phase: A   # Phase laut Dokument\n"
                             "    status: planned  # noch offen\n"
                             "    progress: 10\n";
  const std::string after = k_head +
                            "  - id: \"4.8\"\n"
                            "    title: Kommunikation\n"
                            "    phase: B   # Phase laut Dokument\n"
                            "    status: planned  # noch offen\n"
                            "    progress: 40\n";
  CHECK(edited(before, set("4.8", {{"phase", "B"}, {"progress", "40"}})) == after);
}

TEST_CASE("quoted values keep their quotes; plain values get double quotes only when needed") {
  const std::string before = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: Kommunikation\n"
                             "    phase: A\n"
                             "    lead: \"Stadtbibliothek\"\n"
                             "  - id: \"4.9\"\n"
                             "    title: Andere\n"
                             "    phase: A\n"
                             "    lead: 'Musikschule'\n"
                             "  - id: \"4.10\"\n"
                             "    title: Dritte\n"
                             "    phase: A\n"
                             "    lead: Kulturreferat\n";
  CHECK(edited(before, set("4.8", {{"lead", "Musikschule"}})) ==
        k_head +
            "  - id: \"4.8\"\n"
            "    title: Kommunikation\n"
            "    phase: A\n"
            "    lead: \"Musikschule\"\n" +
            before.substr(before.find("  - id: \"4.9\"")));
  CHECK(edited(before, set("4.9", {{"lead", "Jugend's Kunstschule"}}))
            .find("    lead: 'Jugend''s Kunstschule'\n") != std::string::npos);
  const std::string third = edited(before, set("4.10", {{"lead", "Kultur: Referat"}}));
  CHECK(third == before.substr(0, before.rfind("    lead: Kulturreferat\n")) +
                     "    lead: \"Kultur: Referat\"\n");
  CHECK(edited(before, set("4.10", {{"lead", "Amt \"Kultur\" \\ Bildung"}}))
            .ends_with("    lead: Amt \"Kultur\" \\ Bildung\n"));
  CHECK(edited(before, set("4.10", {{"lead", "\"Kultur\" \\ Bildung"}}))
            .ends_with("    lead: \"\\\"Kultur\\\" \\\\ Bildung\"\n"));
  // Text that YAML would read as a number, true/false or null is quoted; progress is not.
  CHECK(edited(before, set("4.10", {{"lead", "2024"}})).ends_with("    lead: \"2024\"\n"));
  CHECK(edited(before, set("4.10", {{"lead", "null"}})).ends_with("    lead: \"null\"\n"));
  CHECK(edited(before, set("4.10", {{"lead", "Amt#3"}})).ends_with("    lead: Amt#3\n"));
  CHECK(edited(before, set("4.10", {{"lead", "Amt #3"}})).ends_with("    lead: \"Amt #3\"\n"));
  CHECK(edited(before, set("4.10", {{"lead", "- Amt"}})).ends_with("    lead: \"- Amt\"\n"));
  CHECK(edited(before, set("4.10", {{"lead", "Zeile\neins"}}))
            .ends_with("    lead: \"Zeile\\neins\"\n"));
}

TEST_CASE("a value that is already set leaves the text as it is") {
  const std::string text = k_head +
                           "  - id: \"4.8\"\n"
                           "    title: Kommunikation\n"
                           "    phase: A\n";
  CHECK(edited(text, set("4.8", {{"phase", "A"}})) == text);
}

TEST_CASE("a missing key gets its own line after the key before it in the format's order") {
  const std::string before = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: >-\n"
                             "      Intensivierung der Kommunikation im interkulturellen Bereich\n"
                             "    phase: A\n"
                             "    tags: [interkulturell]\n"
                             "\n"
                             "  - id: \"4.9\"\n"
                             "    title: Weiter\n"
                             "    phase: B\n";
  const std::string after = k_head +
                            "  - id: \"4.8\"\n"
                            "    title: >-\n"
                            "      Intensivierung der Kommunikation im interkulturellen Bereich\n"
                            "    phase: A\n"
                            "    status: in_progress\n"
                            "    lead: \"Kultur: Referat\"\n"
                            "    tags: [interkulturell]\n"
                            "    progress: 20\n"
                            "\n"
                            "  - id: \"4.9\"\n"
                            "    title: Weiter\n"
                            "    phase: B\n";
  CHECK(edited(before, set("4.8", {{"progress", "20"},
                                   {"lead", "Kultur: Referat"},
                                   {"status", "in_progress"}})) == after);
}

TEST_CASE("a missing key goes after a block value, before comments that belong to the next key") {
  const std::string before = k_head +
                             "  - id: \"3.2\"\n"
                             "    title: |-\n"
                             "      Instrumentenkarussell\n"
                             "      # kein Kommentar, sondern Text\n"
                             "\n"
                             "    # Schlagwörter laut Protokoll\n"
                             "    tags: [schule]\n";
  const std::string after = k_head +
                            "  - id: \"3.2\"\n"
                            "    title: |-\n"
                            "      Instrumentenkarussell\n"
                            "      # kein Kommentar, sondern Text\n"
                            "    phase: B\n"
                            "\n"
                            "    # Schlagwörter laut Protokoll\n"
                            "    tags: [schule]\n";
  CHECK(edited(before, set("3.2", {{"phase", "B"}})) == after);
}

TEST_CASE("an empty value is filled in on its line") {
  const std::string before = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: T\n"
                             "    phase: A\n"
                             "    status:   # noch offen\n";
  CHECK(edited(before, set("4.8", {{"status", "done"}})) ==
        k_head +
            "  - id: \"4.8\"\n"
            "    title: T\n"
            "    phase: A\n"
            "    status: done   # noch offen\n");
}

TEST_CASE("an update is appended after the last entry, written like the entries before it") {
  const std::string before = k_head +
                             "  - id: \"1.2\"\n"
                             "    title: Kulturprogramm\n"
                             "    phase: A\n"
                             "    status: planned\n"
                             "    updates:\n"
                             "      - date: 2024-05-10\n"
                             "        note: \"Erste Reihe\"\n"
                             "        ref: Kulturausschuss 14.05.2024, TOP 3\n"
                             "    note: Läuft\n"
                             "\n"
                             "  # die nächste Maßnahme\n"
                             "  - id: \"1.3\"\n"
                             "    title: Stadthalle\n"
                             "    phase: B\n";
  const std::string after = k_head +
                            "  - id: \"1.2\"\n"
                            "    title: Kulturprogramm\n"
                            "    phase: A\n"
                            "    status: in_progress\n"
                            "    updates:\n"
                            "      - date: 2024-05-10\n"
                            "        note: \"Erste Reihe\"\n"
                            "        ref: Kulturausschuss 14.05.2024, TOP 3\n"
                            "      - date: 2026-11-27\n"
                            "        status: in_progress\n"
                            "        note: \"Auftakttreffen\"\n"
                            "        ref: \"KA 12.03.2026: TOP 4\"\n"
                            "    note: Läuft\n"
                            "\n"
                            "  # die nächste Maßnahme\n"
                            "  - id: \"1.3\"\n"
                            "    title: Stadthalle\n"
                            "    phase: B\n";
  CHECK(edited(before, log("1.2", {{"status", "in_progress"}},
                           {"2026-11-27", "in_progress", "Auftakttreffen",
                            "KA 12.03.2026: TOP 4"})) == after);
}

TEST_CASE("an empty last update entry at the end of the file (fuzz_edit): appended after it") {
  // The entry "- " without a line break ends the file: its place is the end of the text, where
  // the editor looked for a '{' past the last byte (tests/fixtures/fuzz/edit/).
  const std::string before = k_head +
                             "  - id: \"1.2\"\n"
                             "    title: Kulturprogramm\n"
                             "    updates:\n"
                             "      - date: 2024-05-10\n"
                             "      - ";
  CHECK(edited(before, log("1.2", {}, {"2026-11-27", "", "Auftakttreffen", ""})) ==
        before + "\n      - date: 2026-11-27\n        note: Auftakttreffen");
}

TEST_CASE("updates is created at the end of the measure, in the layout the file uses") {
  const std::string before = k_head +
                             "- id: \"4.1\"\n"
                             "  title: Erste\n"
                             "  phase: A\n"
                             "  updates:\n"
                             "  -   date: 2024-01-10\n"
                             "      note: Start\n"
                             "- id: \"4.2\"\n"
                             "  title: Zweite\n"
                             "  phase: A\n"
                             "  tags: [a]\n"
                             "\n"
                             "# Ende der Datei\n";
  const std::string after = k_head +
                            "- id: \"4.1\"\n"
                            "  title: Erste\n"
                            "  phase: A\n"
                            "  updates:\n"
                            "  -   date: 2024-01-10\n"
                            "      note: Start\n"
                            "- id: \"4.2\"\n"
                            "  title: Zweite\n"
                            "  phase: A\n"
                            "  status: deferred\n"
                            "  tags: [a]\n"
                            "  updates:\n"
                            "  -   date: 2026-02-01\n"
                            "      status: deferred\n"
                            "      note: \"Haushalt: 2027\"\n"
                            "\n"
                            "# Ende der Datei\n";
  CHECK(edited(before, log("4.2", {{"status", "deferred"}},
                           {"2026-02-01", "deferred", "Haushalt: 2027", ""})) == after);
}

TEST_CASE("without other updates in the file, a new list is indented like the measures") {
  const std::string before = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: T\n"
                             "    phase: A";  // no line break at the end: none is added
  CHECK(edited(before, log("4.8", {}, {"2026-11-27", "", "Treffen", ""})) ==
        k_head +
            "  - id: \"4.8\"\n"
            "    title: T\n"
            "    phase: A\n"
            "    updates:\n"
            "      - date: 2026-11-27\n"
            "        note: Treffen");
}

TEST_CASE("CRLF line endings stay CRLF, also on new lines") {
  const std::string before =
      "id: \"4\"\r\ntitle: T\r\nmeasures:\r\n  - id: \"4.8\"\r\n    title: T\r\n"
      "    phase: A\r\n\r\n  - id: \"4.9\"\r\n    title: U\r\n    phase: A\r\n";
  const std::string after =
      "id: \"4\"\r\ntitle: T\r\nmeasures:\r\n  - id: \"4.8\"\r\n    title: T\r\n"
      "    phase: A\r\n    status: done\r\n    updates:\r\n      - date: 2026-11-27\r\n"
      "        status: done\r\n\r\n  - id: \"4.9\"\r\n    title: U\r\n    phase: A\r\n";
  CHECK(edited(before, log("4.8", {{"status", "done"}}, {"2026-11-27", "done", "", ""})) == after);
  CHECK(edited(before, set("4.9", {{"phase", "B"}})) ==
        "id: \"4\"\r\ntitle: T\r\nmeasures:\r\n  - id: \"4.8\"\r\n    title: T\r\n"
        "    phase: A\r\n\r\n  - id: \"4.9\"\r\n    title: U\r\n    phase: B\r\n");
}

TEST_CASE("an empty updates: [] becomes a block list; entries in braces get one in braces") {
  const std::string empty = k_head +
                            "  - id: \"4.8\"\n"
                            "    title: T\n"
                            "    phase: A\n"
                            "    updates: []  # noch keine\n"
                            "    note: N\n";
  CHECK(edited(empty, log("4.8", {}, {"2026-11-27", "", "Treffen", ""})) ==
        k_head +
            "  - id: \"4.8\"\n"
            "    title: T\n"
            "    phase: A\n"
            "    updates:  # noch keine\n"
            "      - date: 2026-11-27\n"
            "        note: Treffen\n"
            "    note: N\n");
  const std::string braces = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: T\n"
                             "    phase: A\n"
                             "    updates:\n"
                             "      - {date: 2024-01-10, note: Start}\n";
  CHECK(edited(braces, log("4.8", {}, {"2026-11-27", "", "Treffen, zweites", "KA 1"})) ==
        braces + "      - {date: 2026-11-27, note: \"Treffen, zweites\", ref: KA 1}\n");
}

TEST_CASE("what cannot be changed safely is refused with a message, never half done") {
  const std::string flow_updates = k_head +
                                   "  - id: \"4.8\"\n"
                                   "    title: T\n"
                                   "    phase: A\n"
                                   "    updates: [{date: 2024-01-10}]\n";
  CHECK(refused(flow_updates, log("4.8", {}, {"2026-11-27", "", "x", ""})) ==
        "'updates' of measure 4.8 is a list in brackets ([...]); kep set cannot add to it "
        "safely; write one '- date: ...' entry per line, then run kep set again");
  const std::string block = k_head +
                            "  - id: \"4.8\"\n"
                            "    title: T\n"
                            "    phase: A\n"
                            "    lead: >-\n"
                            "      Kulturreferat\n";
  CHECK(refused(block, set("4.8", {{"lead", "Musikschule"}})) ==
        "'lead' of measure 4.8 is a block of lines (| or >); kep set cannot change it safely; "
        "edit it by hand");
  const std::string lines = k_head +
                            "  - id: \"4.8\"\n"
                            "    title: T\n"
                            "    phase: A\n"
                            "    lead: Kultur\n"
                            "      referat\n";
  CHECK(refused(lines, set("4.8", {{"lead", "Musikschule"}})) ==
        "'lead' of measure 4.8 continues on the next line; kep set cannot change it safely; "
        "write it on one line or edit it by hand");
  const std::string tag = k_head +
                          "  - id: \"4.8\"\n"
                          "    title: T\n"
                          "    phase: A\n"
                          "    lead: ! Kulturreferat\n";
  CHECK(refused(tag, set("4.8", {{"lead", "Musikschule"}})) ==
        "'lead' of measure 4.8 has an anchor, alias or tag (& * !); kep set cannot change it "
        "safely; write the value out in full");
  const std::string anchor = k_head +
                             "  - id: \"4.8\"\n"
                             "    title: T\n"
                             "    phase: A\n"
                             "    lead: &amt Kulturreferat\n";
  CHECK(refused(anchor, set("4.8", {{"lead", "Musikschule"}})) ==
        "the file cannot be edited safely: line 8: anchors (&name) are not allowed in a plan; "
        "write the value out in full; fix it first (kep validate shows where)");
  const std::string one_line = k_head + "  - {id: \"4.8\", title: T, phase: A}\n";
  CHECK(refused(one_line, set("4.8", {{"phase", "B"}})) ==
        "measure 4.8 is written on one line ({...}); kep set cannot change it safely; write one "
        "key per line, then run kep set again");
  const std::string twice = k_head +
                            "  - id: \"4.8\"\n    title: T\n    phase: A\n"
                            "  - id: \"4.8\"\n    title: U\n    phase: A\n";
  CHECK(refused(twice, set("4.8", {{"phase", "B"}})) ==
        "measure '4.8' is in this file twice; give one of them the next free id");
  CHECK(refused(twice, set("4.9", {{"phase", "B"}})) == "there is no measure '4.9' in this file");
  CHECK(refused(block, set("4.8", {{"title", "B"}})).starts_with("kep set cannot change 'title'"));
}
