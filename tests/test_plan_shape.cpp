// The shape of the shipped plan (plan/), counted by hand in the source document
// (shared/source/kep-bergkamen-2023.txt): 7 fields with 6, 6, 7, 11, 6, 10 and 6 measures.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "load.h"
#include "validate.h"

using namespace kep;

TEST_CASE("the shipped plan has the document's fields, measures, phases and immediate measures") {
  const auto loaded = load_plan(KEP_SOURCE_DIR "/plan");
  REQUIRE(loaded.findings.empty());
  const Plan& plan = loaded.plan;
  CHECK(plan.municipality == "Bergkamen");
  REQUIRE(plan.fields.size() == 7);
  const std::vector<std::size_t> per_field = {6, 6, 7, 11, 6, 10, 6};
  std::map<std::string, int> per_phase;
  for (std::size_t i = 0; i < plan.fields.size(); ++i) {
    CHECK(plan.fields[i].id.value == std::to_string(i + 1));
    CHECK(plan.fields[i].measures.size() == per_field[i]);
    for (const auto& m : plan.fields[i].measures) {
      ++per_phase[m.phase.value];
      CHECK(m.status.value == "planned");  // the document records no progress
    }
  }
  CHECK(plan.measure_count() == 52);
  CHECK(per_phase == std::map<std::string, int>{{"A", 28}, {"B", 22}, {"C", 2}});

  std::vector<std::string> immediate;
  for (const auto& id : plan.immediate) immediate.push_back(id.value);
  CHECK(immediate == std::vector<std::string>{"1.6", "2.6", "3.3", "4.3", "4.8", "5.2", "5.4",
                                              "6.3", "6.4", "7.2"});
  for (const auto& field : plan.fields)
    for (const auto& m : field.measures)
      if (std::find(immediate.begin(), immediate.end(), m.id.value) != immediate.end())
        CHECK_MESSAGE(m.phase.value == "A", m.id.value);
}

TEST_CASE("the shipped plan's only findings are the document's contradictory counts") {
  const auto loaded = load_plan(KEP_SOURCE_DIR "/plan");
  std::string messages;
  for (const auto& f : validate(loaded.plan, ValidateOptions{Date{2026, 11, 27}}))
    messages += f.rule + ": " + f.message + "\n";
  CHECK(messages ==
        "declared-count: the document declares 8 fields; the plan has 7\n"
        "declared-count: the document declares 51 measures; the plan has 52\n"
        "declared-count: the document declares 10 fields; the plan has 7\n");
}

TEST_CASE("measure titles keep the document's wording, repaired only where extraction broke it") {
  const auto loaded = load_plan(KEP_SOURCE_DIR "/plan");
  std::map<std::string, std::string> titles;
  for (const auto& field : loaded.plan.fields)
    for (const auto& m : field.measures) titles[m.id.value] = m.title.value;
  CHECK(loaded.plan.fields[0].title ==
        "Städtische Kultureinrichtungen und -angebote zukunftsfähig weiterentwickeln");
  CHECK(titles["2.1"].find("Stadtteil- und Vereinsarbeit") != std::string::npos);
  CHECK(titles["5.1"].rfind("Entwicklung eine Strategie", 0) == 0);  // the document's slip
  CHECK(titles["6.8"].find("Kulturveranstaltungen und -einrichtungen") != std::string::npos);
  CHECK(titles["7.6"] ==
        "Aktualisierung des Leitbilds für die Bergkamener Kultur u.a. unter Berücksichtigung von "
        "Transformationserfordernissen");
}
