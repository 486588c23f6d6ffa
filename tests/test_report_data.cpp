// The data report templates see, on the shared fixture plan (tests/fixtures/query/plan) on
// 2026-11-27. The counts are checked by hand against the fixture's fields:
//   1.1 planned A (overdue 331)    1.2 in_progress A, continuous    1.3 done B
//   1.9 planned B                  1.10 in_progress A, due 2025-03-31 (overdue 606)
//   2.1 deferred A (overdue 331)   2.2 dropped A                    2.3 planned B, continuous
//   3.1 in_progress A, due 2026-03-31 (overdue 241)                 3.2 planned B
// immediate: 1.1, 3.1, 2.1. Phases A 2024-01-01..2025-12-31, B 2026-01-01..2028-12-31.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "load.h"
#include "report_data.h"
#include "summary.h"

using namespace kep;

namespace {

using Json = nlohmann::ordered_json;

const Date k_today{2026, 11, 27};

QueryPlan fixture(const std::string& lang) {
  LoadResult loaded = load_plan(KEP_SOURCE_DIR "/tests/fixtures/query/plan");
  for (const auto& f : loaded.findings) REQUIRE(f.severity != Severity::error);
  QueryPlan q;
  q.plan = std::move(loaded.plan);
  q.lang = lang;
  if (q.plan.statuses_built_in) q.plan.statuses = built_in_statuses(lang);
  q.facts = derive_facts(q.plan, k_today);
  return q;
}

Json data_of(const QueryPlan& q, const Filter& filter = {},
             std::optional<std::string> commit = std::nullopt) {
  const auto selected = select(q.facts, filter);
  const Summary summary = summarize(q.plan, selected, filter);
  ReportContext context;
  context.today = k_today;
  context.lang = q.lang;
  context.commit = std::move(commit);
  return report_data(q, filter, selected, summary, context);
}

// "key=value" of each item of a list, separated by spaces.
std::string list(const Json& items, const char* key) {
  std::string out;
  for (const auto& item : items) {
    const Json& v = item.at(key);
    out += (out.empty() ? "" : " ") + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The keys in the first column of the table under "### Top level", in order.
std::string top_level_keys_in(const std::string& docs) {
  const auto start = docs.find("\n### Top level\n");
  if (start == std::string::npos) return "";
  const auto end = docs.find("\n### ", start + 1);
  std::istringstream section(docs.substr(start, end - start));
  std::string line, out;
  while (std::getline(section, line)) {
    if (!line.starts_with("| `")) continue;
    const auto close = line.find('`', 3);
    out += (out.empty() ? "" : " ") + line.substr(3, close - 3);
  }
  return out;
}

// Every key in `value`, once, depth first (all items of lists).
void collect_keys(const Json& value, std::vector<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      collect_keys(item, keys);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) collect_keys(item, keys);
  }
}

std::string counts(const Json& c) {
  return "total=" + c.at("total").dump() + " done=" + c.at("done").dump() +
         " done_percent=" + c.at("done_percent").dump() + " overdue=" + c.at("overdue").dump() +
         " has_overdue=" + c.at("has_overdue").dump();
}

}  // namespace

TEST_CASE("report data: summary totals, per status and Ampel counts") {
  const QueryPlan q = fixture("de");
  const Json d = data_of(q);
  const Json& s = d.at("summary");
  CHECK(counts(s) == "total=10 done=1 done_percent=10 overdue=4 has_overdue=true");
  CHECK(s.at("done_percent_text") == "10 %");
  CHECK(list(s.at("by_status"), "id") == "planned in_progress done deferred dropped");
  CHECK(list(s.at("by_status"), "label") ==
        "geplant in Umsetzung umgesetzt zurückgestellt entfallen");
  CHECK(list(s.at("by_status"), "count") == "4 3 1 1 1");
  CHECK(list(s.at("by_status"), "percent") == "40 30 10 10 10");
  CHECK(list(s.at("by_status"), "ampel") == "grey yellow green red grey");
  CHECK(list(s.at("ampel"), "id") == "green yellow red grey");
  CHECK(list(s.at("ampel"), "label") == "grün gelb rot grau");
  CHECK(list(s.at("ampel"), "count") == "2 0 4 4");
  // The stacked bar: one segment per status with measures, in a 0..100 viewBox.
  CHECK(list(s.at("bar"), "x") == "0.00 40.00 70.00 80.00 90.00");
  CHECK(list(s.at("bar"), "width") == "40.00 30.00 10.00 10.00 10.00");
  // statuses: the same counts again at the top level.
  CHECK(d.at("statuses") == s.at("by_status"));
}

TEST_CASE("report data: per phase and per field") {
  const QueryPlan q = fixture("de");
  const Json d = data_of(q);
  const Json& phases = d.at("phases");
  REQUIRE(phases.size() == 2);
  CHECK(list(phases, "id") == "A B");
  CHECK(counts(phases[0]) == "total=6 done=0 done_percent=0 overdue=4 has_overdue=true");
  CHECK(counts(phases[1]) == "total=4 done=1 done_percent=25 overdue=0 has_overdue=false");
  CHECK(phases[0].at("start") == "2024-01-01");
  CHECK(phases[0].at("end_local") == "31.12.2025");
  CHECK(list(phases[0].at("by_status"), "count") == "1 3 0 1 1");
  CHECK(list(phases[1].at("bar"), "label") == "geplant umgesetzt");  // 3 planned, 1 done
  CHECK(list(phases[1].at("bar"), "width") == "75.00 25.00");
  const Json& fields = d.at("fields");
  REQUIRE(fields.size() == 3);
  CHECK(list(fields, "anchor") == "feld-1 feld-2 feld-3");
  CHECK(counts(fields[0]) == "total=5 done=1 done_percent=20 overdue=2 has_overdue=true");
  CHECK(counts(fields[1]) == "total=3 done=0 done_percent=0 overdue=1 has_overdue=true");
  CHECK(counts(fields[2]) == "total=2 done=0 done_percent=0 overdue=1 has_overdue=true");
  CHECK(list(fields[0].at("measures"), "id") == "1.1 1.2 1.3 1.9 1.10");
  CHECK(list(fields[1].at("measures"), "id") == "2.1 2.2 2.3");
  CHECK(list(fields[2].at("measures"), "id") == "3.1 3.2");
  CHECK(list(fields[0].at("measures"), "ampel") == "red green green grey red");
  CHECK(list(fields[0].at("measures"), "due_local") ==
        "31.12.2025 31.12.2025 30.06.2026 31.12.2028 31.03.2025");
}

TEST_CASE("report data: the word for the measures counted, one or more") {
  const QueryPlan de = fixture("de");
  CHECK(list(data_of(de).at("fields"), "measures_word") == "Maßnahmen Maßnahmen Maßnahmen");
  Filter b;
  b.phases = {"B"};
  b.fields = {"3"};
  const Json one = data_of(de, b);
  CHECK(one.at("summary").at("total") == 1);
  CHECK(one.at("summary").at("measures_word") == "Maßnahme");
  CHECK(data_of(fixture("en"), b).at("summary").at("measures_word") == "measure");
  CHECK(data_of(fixture("en")).at("summary").at("measures_word") == "measures");
}

TEST_CASE("report data: the timeline's geometry and today's marker") {
  const QueryPlan q = fixture("de");
  const Json t = data_of(q).at("timeline");
  CHECK(t.at("present") == true);
  CHECK(t.at("start_local") == "01.01.2024");
  CHECK(t.at("end_local") == "31.12.2028");
  // 1827 days from 2024-01-01 to 2028-12-31 on 1000 units.
  CHECK(list(t.at("years"), "year") == "2024 2025 2026 2027 2028 2029");
  CHECK(list(t.at("years"), "x") == "0.00 200.33 400.11 599.89 799.67 1000.00");
  REQUIRE(t.at("phases").size() == 2);
  const Json& b = t.at("phases")[1];
  CHECK(b.at("id") == "B");
  CHECK(b.at("x") == "400.11");      // 731 days after the start
  CHECK(b.at("width") == "599.89");  // 1096 days
  CHECK(b.at("label_x") == "700.05");
  CHECK(b.at("start_local") == "01.01.2026");
  CHECK(t.at("phases")[0].at("width") == "400.11");
  CHECK(t.at("today_visible") == true);
  CHECK(t.at("today_x") == "580.73");  // 1061 days after the start
  CHECK(t.at("today_local") == "27.11.2026");
}

TEST_CASE("report data: immediate measures by rank, overdue ones longest first") {
  const QueryPlan q = fixture("de");
  const Json d = data_of(q);
  CHECK(d.at("has_immediate") == true);
  CHECK(list(d.at("immediate"), "id") == "1.1 3.1 2.1");
  CHECK(list(d.at("immediate"), "immediate_rank") == "1 2 3");
  CHECK(list(d.at("immediate"), "immediate") == "1 2 3");
  CHECK(d.at("has_overdue") == true);
  CHECK(list(d.at("overdue"), "id") == "1.10 1.1 2.1 3.1");
  CHECK(list(d.at("overdue"), "days_overdue") == "606 331 331 241");
  // Not immediate: an empty rank and a null number.
  const Json& m19 = d.at("fields")[0].at("measures")[3];
  CHECK(m19.at("id") == "1.9");
  CHECK(m19.at("is_immediate") == false);
  CHECK(m19.at("immediate_rank") == "");
  CHECK(m19.at("immediate").is_null());
  CHECK(m19.at("partners_text") == "Heimatverein");
  CHECK(m19.at("anchor") == "m-1.9");
}

TEST_CASE("report data: a measure's latest update is an object, or false") {
  const QueryPlan q = fixture("de");
  const Json d = data_of(q);
  const Json& field1 = d.at("fields")[0].at("measures");
  CHECK(field1[0].at("latest_update") == false);
  CHECK(field1[1].at("latest_update").dump() ==
        R"({"date_local":"10.05.2024","note":"Erste Veranstaltungsreihe",)"
        R"("ref":"Kulturausschuss 14.05.2024, TOP 3","has_ref":true})");
  CHECK(field1[2].at("latest_update").at("has_ref") == false);
  // The last update, not the first.
  const Json& m31 = d.at("fields")[2].at("measures")[0];
  CHECK(m31.at("latest_update").at("note") == "Zwei weitere Schulen");
  CHECK(m31.at("updates").size() == 2);
}

TEST_CASE("report data: the title says when a filter applies") {
  const QueryPlan q = fixture("de");
  const Json all = data_of(q);
  CHECK(all.at("title") == "Sachstandsbericht: Kulturplan Musterstadt");
  CHECK(all.at("filter").dump() == R"({"active":false,"description":""})");
  Filter a;
  a.phases = {"A"};
  const Json phase_a = data_of(q, a);
  CHECK(phase_a.at("title") == "Sachstandsbericht: Kulturplan Musterstadt – Phase A");
  CHECK(phase_a.at("filter").dump() == R"({"active":true,"description":"Phase A"})");
  CHECK(counts(phase_a.at("summary")) ==
        "total=6 done=0 done_percent=0 overdue=4 has_overdue=true");
  CHECK(list(phase_a.at("phases"), "id") == "A");
  CHECK(list(phase_a.at("fields")[2].at("measures"), "id") == "3.1");
  // The timeline always shows the whole plan.
  CHECK(phase_a.at("timeline").at("phases").size() == 2);
  Filter several;
  several.phases = {"A", "B"};
  several.fields = {"1"};
  several.overdue = true;
  CHECK(data_of(q, several).at("title") ==
        "Sachstandsbericht: Kulturplan Musterstadt – Phase A, B, Handlungsfeld 1, überfällig");
}

TEST_CASE("report data: an empty selection") {
  const QueryPlan q = fixture("de");
  Filter none;
  none.phases = {"A"};
  none.statuses = {"done"};
  const Json d = data_of(q, none);
  CHECK(counts(d.at("summary")) == "total=0 done=0 done_percent=0 overdue=0 has_overdue=false");
  CHECK(d.at("summary").at("bar").empty());
  CHECK(d.at("fields").empty());
  CHECK(d.at("has_immediate") == false);
  CHECK(d.at("has_overdue") == false);
  CHECK(d.at("overdue").empty());
}

TEST_CASE("report data: labels, dates and percentages in German and English") {
  const Json de = data_of(fixture("de"));
  const Json en = data_of(fixture("en"));
  CHECK(de.at("lang") == "de");
  CHECK(en.at("lang") == "en");
  CHECK(de.at("labels").at("report_title") == "Sachstandsbericht");
  CHECK(en.at("labels").at("report_title") == "Status report");
  CHECK(de.at("labels").at("where_we_stand") == "Wo stehen wir");
  CHECK(en.at("labels").at("where_we_stand") == "Where we stand");
  CHECK(de.at("labels").at("due") == "fällig");
  CHECK(en.at("labels").at("due") == "due");
  CHECK(en.at("title") == "Status report: Kulturplan Musterstadt");
  CHECK(de.at("today").dump() == R"({"iso":"2026-11-27","local":"27.11.2026"})");
  CHECK(en.at("today").dump() == R"({"iso":"2026-11-27","local":"2026-11-27"})");
  CHECK(en.at("summary").at("done_percent_text") == "10%");
  CHECK(list(en.at("summary").at("by_status"), "label") ==
        "planned in progress done deferred dropped");
  CHECK(list(en.at("summary").at("ampel"), "label") == "green yellow red grey");
  CHECK(en.at("overdue")[0].at("due_local") == "2025-03-31");
  Filter a;
  a.phases = {"A"};
  CHECK(data_of(fixture("en"), a).at("title") == "Status report: Kulturplan Musterstadt – Phase A");
  // Both languages have the same labels, and German has a word for each (an unknown label
  // would come back as its key).
  REQUIRE(de.at("labels").size() == en.at("labels").size());
  for (const auto& [key, value] : de.at("labels").items()) {
    CAPTURE(key);
    CHECK(en.at("labels").contains(key));
    CHECK(value.get<std::string>() != key);
    CHECK_FALSE(value.get<std::string>().empty());
  }
}

TEST_CASE("report data: commit is false without one, {id, short} with one") {
  const QueryPlan q = fixture("de");
  CHECK(data_of(q).at("commit") == false);
  const Json with = data_of(q, {}, "4943912c377a3487b177e19f7f2ebb05288eaf09");
  CHECK(with.at("commit").dump() ==
        R"({"id":"4943912c377a3487b177e19f7f2ebb05288eaf09","short":"4943912"})");
}

// docs/templates.md documents every variable: the top-level table lists the data's keys in
// their order, and every key anywhere in the data appears there as `key`.
TEST_CASE("report data: docs/templates.md documents every key") {
  const std::string docs = read_text(KEP_SOURCE_DIR "/docs/templates.md");
  REQUIRE_FALSE(docs.empty());
  const Json d = data_of(fixture("de"), {}, "4943912c377a3487b177e19f7f2ebb05288eaf09");
  std::string keys;
  for (const auto& [key, value] : d.items()) keys += (keys.empty() ? "" : " ") + key;
  CHECK(keys == top_level_keys_in(docs));
  std::vector<std::string> all;
  collect_keys(d, all);
  for (const auto& key : all) {
    CAPTURE(key);
    CHECK(docs.find("`" + key + "`") != std::string::npos);
  }
  CHECK(d.at("plan").dump() ==
        R"({"title":"Kulturplan Musterstadt","subtitle":"","has_subtitle":false,)"
        R"("municipality":"Musterstadt",)"
        R"("lead":"Kulturreferat","document_title":"","document_date_local":"",)"
        R"("prepared_by":"","authors":"","presented_body":"","presented_date_local":"",)"
        R"("has_presented":false,"has_authors":false,"has_document_date":false})");
}
