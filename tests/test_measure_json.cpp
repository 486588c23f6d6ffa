#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "load.h"
#include "measure_json.h"
#include "query.h"
#include "version.h"

using namespace kep;

namespace {

// A plan of two measures read from YAML text, as load_plan would read it.
Plan small_plan() {
  Plan plan;
  plan.statuses = built_in_statuses("de");
  Findings findings;
  const std::string plan_text =
      "kep: 1\ntitle: T\nmunicipality: M\nlanguage: de\nlead: Kulturreferat\n"
      "phases:\n  - {id: A, start: 2024-01-01, end: 2025-12-31}\n"
      "themes:\n  - {id: teilhabe, title: Kulturelle Teilhabe}\n"
      "immediate: [\"1.2\"]\n";
  const std::string field_text =
      "id: 1\ntitle: Räume\nmeasures:\n"
      "  - id: \"1.1\"\n    title: Erste\n    phase: A\n"
      "  - id: \"1.2\"\n    title: Zweite <b>\n    phase: A\n    status: in_progress\n"
      "    kind: continuous\n    lead: Museum\n    partners: [Verein]\n"
      "    themes: [teilhabe]\n    tags: [a, b]\n    progress: 40\n    note: Warum\n"
      "    updates:\n      - {date: 2024-03-12, status: in_progress, note: Start, ref: TOP 4}\n"
      "      - {date: 2024-05-01, note: Weiter}\n";
  plan.files.push_back(SourceFile{"plan.yaml", plan_text});
  read_plan_file(plan_text, 0, plan, findings);
  plan.files.push_back(SourceFile{"fields/01.yaml", field_text});
  read_field_file(field_text, 1, plan, findings);
  REQUIRE(findings.empty());
  return plan;
}

}  // namespace

TEST_CASE("measure_to_json: every key, in order, with its derived facts") {
  const Plan plan = small_plan();
  const auto facts = derive_facts(plan, Date{2026, 11, 27});
  REQUIRE(facts.size() == 2);
  CHECK(measure_to_json(plan, facts[0], "de").dump(2) == R"({
  "id": "1.1",
  "field": "1",
  "field_title": "Räume",
  "title": "Erste",
  "phase": "A",
  "status": "planned",
  "status_label": "geplant",
  "kind": "project",
  "lead": "Kulturreferat",
  "partners": [],
  "due": "2025-12-31",
  "overdue": true,
  "days_overdue": 331,
  "ampel": "red",
  "ampel_label": "rot",
  "immediate": null,
  "themes": [],
  "tags": [],
  "progress": null,
  "note": "",
  "updates": []
})");
  CHECK(measure_to_json(plan, facts[1], "en").dump() ==
        R"({"id":"1.2","field":"1","field_title":"Räume","title":"Zweite <b>","phase":"A",)"
        R"("status":"in_progress","status_label":"in Umsetzung","kind":"continuous",)"
        R"("lead":"Museum","partners":["Verein"],"due":"2025-12-31","overdue":false,)"
        R"("days_overdue":0,"ampel":"green","ampel_label":"green","immediate":1,)"
        R"("themes":["teilhabe"],"tags":["a","b"],"progress":40,"note":"Warum",)"
        R"("updates":[{"date":"2024-03-12","status":"in_progress","note":"Start","ref":"TOP 4"},)"
        R"({"date":"2024-05-01","status":null,"note":"Weiter","ref":""}]})");
}

TEST_CASE("measure_to_json: a measure without a due date has due null") {
  Plan plan = small_plan();
  plan.phases[0].end.reset();
  const auto facts = derive_facts(plan, Date{2026, 11, 27});
  const auto json = measure_to_json(plan, facts[0], "de");
  CHECK(json["due"].is_null());
  CHECK(json["overdue"] == false);
  CHECK(json["ampel"] == "grey");
}

TEST_CASE("measures_document: version, today and the measures in the given order") {
  const Plan plan = small_plan();
  auto facts = derive_facts(plan, Date{2025, 6, 1});
  std::swap(facts[0], facts[1]);
  const auto doc = measures_document(plan, facts, Date{2025, 6, 1}, "de");
  CHECK(doc.dump().rfind(R"({"kep_version":")" + std::string(k_version) +
                             R"(","today":"2025-06-01","measures":[{"id":"1.2",)",
                         0) == 0);
  REQUIRE(doc["measures"].size() == 2);
  CHECK(doc["measures"][1]["id"] == "1.1");
  CHECK(doc["measures"][1]["overdue"] == false);
  CHECK(measures_document(plan, {}, Date{2025, 6, 1}, "de")["measures"].dump() == "[]");
}
