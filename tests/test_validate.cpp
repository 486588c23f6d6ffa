#include <doctest/doctest.h>

#include <string>

#include "validate.h"

using namespace kep;

namespace {

Text text(std::string value, std::uint32_t line = 1, std::uint32_t column = 1) {
  return Text{std::move(value), Place{0, line, column, 0}};
}

Measure measure(std::string id, std::string phase, std::uint32_t line) {
  Measure m;
  m.id = text(std::move(id), line, 7);
  m.title = text("Titel", line + 1, 12);
  m.phase = text(std::move(phase), line + 2, 12);
  m.status = text("planned", line, 5);
  return m;
}

// A small valid plan: phases A and B, one field with measures 1.1 (A) and 1.2 (B).
Plan base_plan() {
  Plan plan;
  plan.files.push_back(SourceFile{"plan/plan.yaml", ""});
  plan.files.push_back(SourceFile{"plan/fields/01-a.yaml", ""});
  plan.statuses = built_in_statuses("de");
  Phase a;
  a.id = text("A", 10, 9);
  a.start = DateValue{Date{2024, 1, 1}, Place{0, 11, 12, 0}};
  a.end = DateValue{Date{2025, 12, 31}, Place{0, 12, 10, 0}};
  Phase b = a;
  b.id = text("B", 13, 9);
  b.start->value = Date{2026, 1, 1};
  b.end->value = Date{2028, 12, 31};
  plan.phases = {a, b};
  Field field;
  field.id = Text{"1", Place{1, 2, 5, 0}};
  field.file = 1;
  field.measures = {measure("1.1", "A", 5), measure("1.2", "B", 9)};
  for (auto& m : field.measures) {
    m.id.place.file = m.title.place.file = m.phase.place.file = m.status.place.file = 1;
  }
  plan.fields.push_back(field);
  return plan;
}

std::string run(const Plan& plan) {
  std::string out;
  for (const auto& f : validate(plan, ValidateOptions{Date{2026, 11, 27}}))
    out += std::to_string(f.place.file) + ":" + std::to_string(f.place.line) + ":" +
           std::to_string(f.place.column) + " " +
           (f.severity == Severity::error ? "error " : "warning ") + f.rule + ": " + f.message +
           "\n";
  return out;
}

Measure& first(Plan& plan) { return plan.fields[0].measures[0]; }

}  // namespace

TEST_CASE("a valid plan has no findings") { CHECK(run(base_plan()) == ""); }

TEST_CASE("measure ids: unique, well formed, starting with the field id") {
  Plan plan = base_plan();
  plan.fields[0].measures[1].id.value = "1.1";
  CHECK(run(plan) ==
        "1:9:7 error duplicate-measure-id: measure id '1.1' is used twice (first at "
        "plan/fields/01-a.yaml:5); give this measure the next free id\n");
  first(plan).id.value = "1-1";
  plan.fields[0].measures[1].id.value = "2.1";
  CHECK(run(plan) ==
        "1:5:7 error measure-id-format: measure id '1-1' is not of the form <field>.<number>, "
        "e.g. \"1.1\"\n"
        "1:9:7 warning measure-id-field: measure id '2.1' does not start with its field's id "
        "'1'; ids are usually <field>.<number>\n");
}

TEST_CASE("unknown phase, status and theme, with did you mean") {
  Plan plan = base_plan();
  first(plan).phase.value = "Z";
  first(plan).status.value = "in_progres";
  first(plan).status_given = true;
  first(plan).themes.push_back(text("teilhabe", 8, 14));
  CHECK(run(plan) ==
        "1:7:12 error unknown-phase: unknown phase 'Z'; plan.yaml lists: A, B\n"
        "1:5:5 error unknown-status: unknown status 'in_progres' (did you mean 'in_progress'?)\n"
        "0:8:14 error unknown-theme: unknown theme 'teilhabe'\n");
}

TEST_CASE("immediate measures must exist, be listed once and lie in the first phase") {
  Plan plan = base_plan();
  plan.immediate = {text("1.1", 20, 5), text("1.2", 21, 5), text("1.1", 22, 5), text("1.3", 23, 5),
                    text("x", 24, 5)};
  CHECK(run(plan) ==
        "0:21:5 warning immediate-not-first-phase: immediate measure 1.2 is in phase B, not in "
        "the first phase A; move it to phase A or take it off the immediate list\n"
        "0:22:5 error duplicate-immediate: immediate measure '1.1' is listed twice; remove one\n"
        "0:23:5 error unknown-immediate: immediate measure '1.3' does not exist; list the id of "
        "a measure in fields/\n"
        "0:24:5 error measure-id-format: immediate measure 'x' is not a measure id such as "
        "\"4.8\"\n");
}

TEST_CASE("dates: ranges, update order, updates after today") {
  Plan plan = base_plan();
  plan.phases[1].end->value = Date{2025, 1, 1};
  Update u1;
  u1.date = DateValue{Date{2025, 3, 1}, Place{1, 30, 15, 0}};
  Update u2 = u1;
  u2.date = DateValue{Date{2025, 2, 1}, Place{1, 31, 15, 0}};
  Update u3 = u1;
  u3.date = DateValue{Date{2026, 11, 28}, Place{1, 32, 15, 0}};
  first(plan).updates = {u1, u2, u3};
  CHECK(run(plan) ==
        "0:12:10 error date-order: phase 'B' ends on 2025-01-01, before it starts on 2026-01-01; "
        "swap or correct the dates\n"
        "1:31:15 error update-order: update of 2025-02-01 is older than the one before it "
        "(2025-03-01); list updates oldest first\n"
        "1:32:15 error future-update: update dated 2026-11-28 lies after today (2026-11-27); "
        "correct the date\n");
}

TEST_CASE("status and updates agree; deferred and dropped measures say why") {
  Plan plan = base_plan();
  Measure& m = first(plan);
  m.status.value = "deferred";
  m.status_given = true;
  Update u;
  u.date = DateValue{Date{2025, 3, 1}, Place{1, 30, 15, 0}};
  u.status = text("in_progress", 31, 17);
  u.status->place.file = 1;
  m.updates = {u};
  CHECK(run(plan) ==
        "1:31:17 warning update-status-mismatch: the last update of 1.1 sets status "
        "'in_progress', but the measure's status is 'deferred'; make them agree\n"
        "1:5:5 warning note-missing: measure 1.1 is 'deferred' without a note saying why; add "
        "'note:' or an update with a note\n");
  m.updates[0].note = "Haushaltssperre";
  m.updates[0].status->value = "deferred";
  CHECK(run(plan) == "");
}

TEST_CASE("phases are listed in the order of time; one status is the default") {
  Plan plan = base_plan();
  std::swap(plan.phases[0], plan.phases[1]);
  plan.statuses_built_in = false;
  plan.statuses[1].is_default = true;
  plan.statuses[1].id.place = Place{0, 30, 9, 0};
  plan.statuses[0].id.place = Place{0, 20, 9, 0};
  CHECK(run(plan) ==
        "0:30:9 error duplicate-default: status 'in_progress' is marked default, but 'planned' is "
        "already (at plan/plan.yaml:20); mark only one status 'default: true'\n"
        "0:11:12 warning phase-order: phase 'A' starts on 2024-01-01, before phase 'B' listed "
        "above it (which starts on 2026-01-01); list phases in the order of time\n");
}

TEST_CASE("ids of phases, statuses, themes and fields are unique") {
  Plan plan = base_plan();
  plan.phases[1].id.value = "A";
  plan.fields[0].measures[1].phase.value = "A";
  plan.fields.push_back(plan.fields[0]);
  plan.fields[1].measures.clear();
  CHECK(run(plan) ==
        "0:13:9 error duplicate-id: phase id 'A' is used twice (first at plan/plan.yaml:10); give "
        "each phase its own id\n"
        "1:2:5 error duplicate-field-id: field id '1' is used twice (first in "
        "plan/fields/01-a.yaml); give each field its own id\n");
}

TEST_CASE("counts the document declares are compared with the plan") {
  Plan plan = base_plan();
  Declaration d;
  d.fields = 8;
  d.fields_place = Place{0, 40, 15, 0};
  d.measures = 2;
  d.measures_place = Place{0, 41, 17, 0};
  d.immediate = 1;
  d.immediate_place = Place{0, 42, 18, 0};
  plan.document.declares.push_back(d);
  CHECK(run(plan) ==
        "0:40:15 warning declared-count: the document declares 8 fields; the plan has 1\n"
        "0:42:18 warning declared-count: the document declares 1 immediate measure; the plan "
        "has 0\n");
}
