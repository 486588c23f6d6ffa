#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "load.h"
#include "test_support.h"

using namespace kep;

namespace {

// Reads plan.yaml text (file 0) and field texts (files 1..n) into a plan.
struct Loaded {
  Plan plan;
  Findings findings;
};

Loaded load_texts(const std::string& plan_text, const std::vector<std::string>& fields = {}) {
  Loaded loaded;
  loaded.plan.statuses = built_in_statuses("de");
  loaded.plan.files.push_back(SourceFile{"plan.yaml", plan_text});
  read_plan_file(plan_text, 0, loaded.plan, loaded.findings);
  for (const auto& text : fields) {
    const auto file = static_cast<std::uint32_t>(loaded.plan.files.size());
    loaded.plan.files.push_back(SourceFile{"fields/f.yaml", text});
    read_field_file(text, file, loaded.plan, loaded.findings);
  }
  return loaded;
}

std::string text_of(const Findings& findings) {
  std::string out;
  for (const auto& f : findings)
    out += std::to_string(f.place.file) + ":" + std::to_string(f.place.line) + ":" +
           std::to_string(f.place.column) + " " + f.rule + ": " + f.message + "\n";
  return out;
}

const std::string k_plan =
    "kep: 1\ntitle: T\nmunicipality: M\nlanguage: de\nlead: Kulturreferat\n"
    "phases:\n  - {id: A, start: 2024-01-01, end: 2025-12-31}\n"
    "  - {id: B, start: 2026-01-01, end: 2028-12-31}\n";

}  // namespace

TEST_CASE("a plan and a field load into the model") {
  const auto loaded =
      load_texts(k_plan + "immediate: [\"1.2\"]\n",
                 {"id: 1\ntitle: Feld\nmeasures:\n"
                  "  - id: \"1.1\"\n    title: Erste\n    phase: A\n"
                  "  - id: \"1.2\"\n    title: Zweite\n    phase: B\n"
                  "    status: done\n    lead: Museum\n    due: 2027-05-01\n"
                  "    progress: 100\n    kind: continuous\n"
                  "    updates:\n      - {date: 2025-01-02, status: done, note: x}\n"});
  CHECK(text_of(loaded.findings) == "");
  const Plan& plan = loaded.plan;
  CHECK(plan.title == "T");
  REQUIRE(plan.phases.size() == 2);
  CHECK(plan.phases[1].end->value == Date{2028, 12, 31});
  REQUIRE(plan.fields.size() == 1);
  const auto& measures = plan.fields[0].measures;
  REQUIRE(measures.size() == 2);
  CHECK(measures[0].status.value == "planned");
  CHECK_FALSE(measures[0].status_given);
  CHECK(measures[0].lead.value == "Kulturreferat");
  CHECK(measures[1].lead.value == "Museum");
  CHECK(measures[1].kind == MeasureKind::continuous);
  CHECK(measures[1].progress == 100);
  CHECK(measures[1].due->value == Date{2027, 5, 1});
  REQUIRE(measures[1].updates.size() == 1);
  CHECK(measures[1].updates[0].status->value == "done");
  CHECK(plan.immediate.at(0).value == "1.2");
}

TEST_CASE("wrong types, unknown keys and missing keys have exact findings") {
  const auto loaded = load_texts(k_plan, {"id: 1\ntitle: [a]\nmeasures:\n"
                                          "  - id: 1.1\n    titel: X\n    progress: \"50\"\n"
                                          "    due: 2024-1-1\n"});
  CHECK(text_of(loaded.findings) ==
        "1:2:1 wrong-type: 'title' must be text, not a list\n"
        "1:5:5 unknown-key: unknown key 'titel' in a measure (did you mean 'title'?)\n"
        "1:4:9 wrong-type: measure id must be text, but YAML reads 1.1 as a number; put it in "
        "quotes: \"1.1\"\n"
        "1:4:5 missing-title: measure 1.1 has no title; add 'title:' with the document's "
        "wording\n"
        "1:4:5 missing-key: measure 1.1 has no 'phase'; add it\n"
        "1:7:10 bad-date: 'due' '2024-1-1' is not a date; write it as YYYY-MM-DD, e.g. "
        "2024-03-31\n"
        "1:6:15 wrong-type: 'progress' must be a whole number, not text '50'; remove the "
        "quotes\n");
}

TEST_CASE("a measure's title: absent, empty, blank, or not text") {
  const auto loaded =
      load_texts(k_plan, {"id: 1\ntitle: F\nmeasures:\n"
                          "  - {id: \"1.1\", phase: A}\n"
                          "  - {id: \"1.2\", phase: A, title: }\n"
                          "  - {id: \"1.3\", phase: A, title: \"  \"}\n"
                          "  - id: \"1.4\"\n    phase: A\n    title:\n      - x\n"});
  CHECK(text_of(loaded.findings) ==
        "1:4:5 missing-title: measure 1.1 has no title; add 'title:' with the document's "
        "wording\n"
        "1:5:27 missing-title: measure 1.2 has no title; add 'title:' with the document's "
        "wording\n"
        "1:6:34 missing-title: measure 1.3 has no title; add 'title:' with the document's "
        "wording\n"
        "1:9:5 wrong-type: 'title' must be text, not a list\n");
}

TEST_CASE("bad values of the plan file") {
  const auto loaded = load_texts(
      "kep: 2\ntitle: \"\"\nmunicipality: M\nlanguage: fr\nphases: []\n"
      "statuses:\n  - {id: a, color: red, closes: yes}\n");
  CHECK(text_of(loaded.findings) ==
        "0:1:6 format-version: this kep reads format version 1, but the plan is version 2; use a "
        "kep that knows it, or write 'kep: 1'\n"
        "0:2:8 missing-title: plan.yaml has an empty title; write one\n"
        "0:4:11 bad-value: language 'fr' is not supported; write 'de' or 'en'\n"
        "0:5:9 bad-value: 'phases' is empty; list at least one phase\n"
        "0:7:20 bad-value: colour 'red' must be written as #rrggbb, e.g. \"#15803d\"\n"
        "0:7:33 wrong-type: 'closes' must be true or false, not text 'yes'\n");
}

TEST_CASE("a field file that is not a field") {
  const auto loaded = load_texts(k_plan, {"- a\n- b\n", k_plan});
  CHECK(text_of(loaded.findings) ==
        "1:1:1 not-a-field: this file in fields/ is not a field of action: a field has 'id', "
        "'title' and 'measures'; move the file out of fields/\n"
        "2:1:1 not-a-field: this file in fields/ is not a field of action: a field has 'id', "
        "'title' and 'measures'; move the file out of fields/\n");
  CHECK(loaded.plan.fields.empty());
}

TEST_CASE("field ids are numbers") {
  const auto loaded = load_texts(
      k_plan, {"id: \"4a\"\ntitle: F\nmeasures: []\n", "id: -4\ntitle: F\nmeasures: []\n"});
  CHECK(text_of(loaded.findings) ==
        "1:1:5 bad-value: field id '4a' must be the field's number, e.g. \"4\"\n"
        "2:1:5 bad-value: field id '-4' must be the field's number, e.g. \"4\"\n");
}

TEST_CASE("an alias is reported once, at its place, without follow-up findings") {
  const auto loaded = load_texts(
      k_plan, {"id: 1\ntitle: &t F\nmeasures:\n  - {id: \"1.1\", title: *t, phase: A}\n"});
  CHECK(text_of(loaded.findings) ==
        "1:2:8 yaml-anchor: anchors (&name) are not allowed in a plan; write the value out in "
        "full\n"
        "1:4:24 yaml-anchor: aliases (*name) are not allowed in a plan; write the value out in "
        "full\n");
}

TEST_CASE("load_plan reads large plans on threads with the same result as one thread") {
  // Over 256 KiB of field files, so that load_plan parses and reads them on several threads;
  // load_plan_texts reads the same texts one after the other.
  test_support::TempDir dir;
  const auto plan_dir = dir.path() / "plan";
  std::vector<PlanText> texts = {{"plan.yaml", k_plan}};
  const std::string schema = "# yaml-language-server: $schema=../../schema/field.schema.json\n";
  for (int f = 1; f <= 6; ++f) {
    std::string text = f == 2 ? "" : schema;  // file 2 without its schema line
    if (f == 4) {
      text += "- not\n- a field\n";
    } else {
      text += "id: \"" + std::to_string(f) + "\"\ntitle: Feld\nmeasures:\n";
      for (int i = 1; i <= 600; ++i) {
        text += "  - id: \"" + std::to_string(f) + "." + std::to_string(i) + "\"\n" +
                "    title: Weiterentwicklung der Kulturförderrichtlinie in allen Stadtteilen " +
                std::to_string(i) + "\n";
        if (!(f == 3 && i == 7)) text += "    phase: A\n";  // 3.7 lacks its phase
      }
    }
    texts.push_back({"fields/0" + std::to_string(f) + "-feld.yaml", text});
  }
  std::filesystem::create_directories(plan_dir / "fields");
  std::size_t bytes = 0;
  for (const auto& t : texts) {
    test_support::write_text(plan_dir / t.name, t.text);
    bytes += t.text.size();
  }
  REQUIRE(bytes > (256u << 10));
  const auto threaded = load_plan(plan_dir.string());
  const auto serial = load_plan_texts(plan_dir.string(), texts);
  CHECK(text_of(threaded.findings) == text_of(serial.findings));
  CHECK(text_of(threaded.findings) ==
        "0:1:1 schema-line: the file does not start with its schema line; add "
        "'# yaml-language-server: $schema=../schema/plan.schema.json' as the first line so "
        "editors check it\n"
        "2:1:1 schema-line: the file does not start with its schema line; add "
        "'# yaml-language-server: $schema=../../schema/field.schema.json' as the first line so "
        "editors check it\n"
        "3:23:5 missing-key: measure 3.7 has no 'phase'; add it\n"
        "4:2:1 not-a-field: this file in fields/ is not a field of action: a field has 'id', "
        "'title' and 'measures'; move the file out of fields/\n");
  REQUIRE(threaded.plan.fields.size() == 5);
  for (std::size_t i = 0; i < threaded.plan.fields.size(); ++i) {
    const Field& field = threaded.plan.fields[i];
    CHECK(field.id.value == serial.plan.fields[i].id.value);
    CHECK(field.file == serial.plan.fields[i].file);
    REQUIRE(field.measures.size() == 600);
    CHECK(field.measures[599].id.value == field.id.value + ".600");
    std::size_t wrong_field = 0;
    for (const auto& m : field.measures) wrong_field += m.field != i;
    CHECK(wrong_field == 0);
  }
  CHECK(threaded.plan.fields[3].id.value == "5");  // file 4 is no field
}
