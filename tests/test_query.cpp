#include <doctest/doctest.h>

#include <string>

#include "load.h"
#include "query.h"
#include "summary.h"

using namespace kep;

namespace {

// Phases A (2024–2025) and B (2026–2028); field 1 with one measure per case below.
Plan make_plan() {
  Plan plan;
  Findings findings;
  const std::string plan_text =
      "kep: 1\ntitle: T\nmunicipality: M\nlanguage: de\nlead: Kulturreferat\n"
      "phases:\n  - {id: A, start: 2024-01-01, end: 2025-12-31}\n"
      "  - {id: B, start: 2026-01-01, end: 2028-12-31}\n"
      "themes:\n  - {id: teilhabe}\nimmediate: [\"1.10\", \"1.2\"]\n";
  const std::string field_text =
      "id: 1\ntitle: F\nmeasures:\n"
      "  - {id: \"1.1\", title: Römerpark öffnen, phase: A}\n"    // overdue
      "  - {id: \"1.2\", title: Zwei, phase: A, status: done}\n"  // done
      "  - {id: \"1.3\", title: Drei, phase: A, status: in_progress, kind: continuous}\n"
      "  - {id: \"1.4\", title: Vier, phase: A, status: in_progress}\n"           // overdue
      "  - {id: \"1.5\", title: Fünf, phase: B, status: deferred, note: Geld}\n"  // red
      "  - {id: \"1.6\", title: Sechs, phase: B, status: dropped, note: x}\n"     // grey
      "  - {id: \"1.9\", title: Neun, phase: B, due: 2026-06-30, lead: Museum,"
      " tags: [licht], themes: [teilhabe]}\n"
      "  - {id: \"1.10\", title: Zehn, phase: B}\n";
  plan.statuses = built_in_statuses("de");
  plan.files.push_back(SourceFile{"plan.yaml", plan_text});
  plan.files.push_back(SourceFile{"fields/01.yaml", field_text});
  read_plan_file(plan_text, 0, plan, findings);
  read_field_file(field_text, 1, plan, findings);
  REQUIRE(findings.empty());
  return plan;
}

std::string ids(const std::vector<MeasureFacts>& facts) {
  std::string out;
  for (const auto& f : facts) out += (out.empty() ? "" : " ") + f.measure->id.value;
  return out;
}

std::string describe(const MeasureFacts& f) {
  return f.measure->id.value + " due=" + (f.due ? format_date(*f.due) : "-") +
         " overdue=" + std::to_string(f.days_overdue) + " " + ampel_id(f.ampel) +
         " imm=" + std::to_string(f.immediate);
}

}  // namespace

TEST_CASE("derived facts: due, overdue, days overdue, Ampel, immediate rank") {
  const Plan plan = make_plan();
  const auto facts = derive_facts(plan, Date{2026, 11, 27});
  std::string all;
  for (const auto& f : facts) all += describe(f) + "\n";
  CHECK(all ==
        "1.1 due=2025-12-31 overdue=331 red imm=0\n"    // planned, past its phase's end
        "1.2 due=2025-12-31 overdue=0 green imm=2\n"    // done closes it
        "1.3 due=2025-12-31 overdue=0 green imm=0\n"    // a running standing task
        "1.4 due=2025-12-31 overdue=331 red imm=0\n"    // in progress, but past due
        "1.5 due=2028-12-31 overdue=0 red imm=0\n"      // deferred
        "1.6 due=2028-12-31 overdue=0 grey imm=0\n"     // dropped
        "1.9 due=2026-06-30 overdue=150 red imm=0\n"    // its own due date
        "1.10 due=2028-12-31 overdue=0 grey imm=1\n");  // planned, not yet due
  const auto before = derive_facts(plan, Date{2025, 6, 1});
  CHECK(before[0].overdue == false);
  CHECK(before[3].ampel == Ampel::yellow);
  CHECK(is_done(facts[1]));
  CHECK_FALSE(is_done(facts[5]));  // dropped closes, but is not done
}

TEST_CASE("filters: OR within an option, AND across options") {
  const Plan plan = make_plan();
  const auto facts = derive_facts(plan, Date{2026, 11, 27});
  Filter f;
  f.phases = {"B"};
  CHECK(ids(select(facts, f)) == "1.5 1.6 1.9 1.10");
  f.statuses = {"planned", "deferred"};
  CHECK(ids(select(facts, f)) == "1.5 1.9 1.10");
  f.overdue = true;
  CHECK(ids(select(facts, f)) == "1.9");
  Filter g;
  g.grep = {"RÖMER"};
  CHECK(ids(select(facts, g)) == "1.1");
  g.grep = {"römer", "zehn"};
  CHECK(ids(select(facts, g)) == "1.1 1.10");
  Filter h;
  h.immediate = true;
  CHECK(ids(select(facts, h)) == "1.2 1.10");
  h = Filter{};
  h.leads = {"Museum"};
  CHECK(ids(select(facts, h)) == "1.9");
  h = Filter{};
  h.tags = {"licht"};
  h.themes = {"teilhabe"};
  CHECK(ids(select(facts, h)) == "1.9");
  h.leads = {"Kulturreferat"};
  CHECK(ids(select(facts, h)) == "");
}

TEST_CASE("ids sort as numbers, segment by segment") {
  CHECK(compare_ids("1.9", "1.10") < 0);
  CHECK(compare_ids("1.10", "2.1") < 0);
  CHECK(compare_ids("4.8", "4.8") == 0);
  CHECK(compare_ids("4.8", "4.8.1") < 0);
  CHECK(compare_ids("10.1", "9.1") > 0);
}

TEST_CASE("sort keys, descending with '-', unknown keys reported") {
  const Plan plan = make_plan();
  auto facts = derive_facts(plan, Date{2026, 11, 27});
  CHECK(sort_facts(plan, facts, {"-id"}).empty());
  CHECK(ids(facts) == "1.10 1.9 1.6 1.5 1.4 1.3 1.2 1.1");
  CHECK(sort_facts(plan, facts, {"status", "id"}).empty());
  CHECK(ids(facts) == "1.1 1.9 1.10 1.3 1.4 1.2 1.5 1.6");
  CHECK(sort_facts(plan, facts, {"-overdue", "id"}).empty());
  CHECK(ids(facts) == "1.1 1.4 1.9 1.2 1.3 1.5 1.6 1.10");
  CHECK(sort_facts(plan, facts, {"immediate"}).empty());
  CHECK(ids(facts).substr(0, 8) == "1.10 1.2");
  CHECK(sort_facts(plan, facts, {"phase", "dringlichkeit"}) ==
        std::vector<std::string>{"dringlichkeit"});
}

TEST_CASE("a summary counts per status, phase and field, and orders the overdue") {
  const Plan plan = make_plan();
  const auto facts = derive_facts(plan, Date{2026, 11, 27});
  Filter all;
  const Summary s = summarize(plan, facts, all);
  CHECK(s.all.total == 8);
  CHECK(s.all.by_status == std::vector<std::size_t>{3, 2, 1, 1, 1});
  CHECK(s.all.done == 1);
  CHECK(s.all.overdue == 3);
  CHECK(s.all.ampel == std::array<std::size_t, 4>{2, 0, 4, 2});
  REQUIRE(s.phases.size() == 2);
  CHECK(s.phases[0].counts.total == 4);
  CHECK(s.phases[0].counts.overdue == 2);
  CHECK(s.phases[0].counts.done_share() == doctest::Approx(0.25));
  CHECK(ids(s.overdue) == "1.1 1.4 1.9");
  CHECK(ids(s.immediate) == "1.10 1.2");
  Filter b;
  b.phases = {"B"};
  const Summary sb = summarize(plan, select(facts, b), b);
  REQUIRE(sb.phases.size() == 1);
  CHECK(sb.phases[0].phase->id.value == "B");
  CHECK(sb.all.total == 4);
}
