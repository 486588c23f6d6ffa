// read_field_file with a FieldCache (kep history reads every version of a field file through
// one) must give exactly what it gives without: the same field, measures, places and findings,
// whether the measures come from the cache, are read item by item or from the file read whole.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "load.h"
#include "plan_dump.h"
#include "yaml_dump.h"

using namespace kep;

namespace {

Plan empty_plan(const std::string& lead = "Kulturreferat") {
  Plan plan;
  plan.statuses = built_in_statuses("de");
  plan.lead = lead;
  plan.files.push_back(SourceFile{"plan.yaml", ""});
  return plan;
}

// The file read into a fresh plan, with `cache` or without.
std::string read(const std::string& content, FieldCache* cache, const std::string& lead = "") {
  Plan plan = empty_plan(lead.empty() ? "Kulturreferat" : lead);
  plan.files.push_back(SourceFile{"fields/x.yaml", content});
  Findings findings;
  read_field_file(plan.files.back().text, 1, plan, findings, cache);
  return test::dump(plan, findings);
}

// Reads `content` with `cache` and checks it against the read without a cache.
void check_same(const std::string& content, FieldCache& cache) {
  CHECK(read(content, &cache) == read(content, nullptr));
}

const std::string k_field =
    "id: 2\ntitle: Bildung\nmeasures:\n"
    "  - id: \"2.1\"\n    title: Schulen\n    phase: A\n"
    "  - id: \"2.2\"\n    title: Kitas\n    phase: B\n    status: in_progress\n"
    "    tags: [a, b]\n    due: 2025-06-30\n"
    "    updates:\n      - date: 2025-01-10\n        status: in_progress\n        note: los\n"
    "  - id: \"2.3\"\n    title: Musikschule\n    phase: C\n    lead: Musikschule\n";

}  // namespace

TEST_CASE("a field read through the cache is the field read without it, at every version") {
  FieldCache cache;
  check_same(k_field, cache);  // cold: the file read whole, each item kept
  CHECK(cache.size() == 3);
  check_same(k_field, cache);  // warm: every measure from the cache
  CHECK(cache.size() == 3);
  // Two lines further down: the places move with the measures.
  check_same("# Kopf\n\n" + k_field, cache);
  CHECK(cache.size() == 3);
  // One measure changed: only it is read (and kept) anew; the one after it moves down a line.
  std::string changed = k_field;
  changed.replace(changed.find("title: Kitas\n"), 13, "title: Kitas\n    note: neu\n");
  check_same(changed, cache);
  CHECK(cache.size() == 4);
  // Another plan lead: measures without their own lead are read again for it.
  CHECK(read(k_field, &cache, "Bürgermeister") == read(k_field, nullptr, "Bürgermeister"));
  CHECK(read(k_field, &cache, "Bürgermeister").find("Bürgermeister@1:4:5+") != std::string::npos);
}

TEST_CASE("findings inside measures come from the cache at their places in each version") {
  FieldCache cache;
  const std::string bad = k_field + "  - id: \"2.4\"\n    titel: Tippfehler\n    due: 2025-13-01\n";
  check_same(bad, cache);
  check_same("# eins\n# zwei\n# drei\n" + bad, cache);
  const std::string moved = read("# eins\n# zwei\n# drei\n" + bad, &cache);
  // 'titel' on line 22 of the file, 25 with the three comment lines.
  CHECK(moved.find("finding 1:25:5+5 unknown-key unknown key 'titel'") != std::string::npos);
}

TEST_CASE("files the cache cannot stand for are read whole, as without it") {
  FieldCache cache;
  check_same(k_field, cache);
  for (const std::string& text : {
           std::string("measures:\n  -\n    id: a\n  - id: b\n"),  // '-' alone on its line
           std::string("- x\nmeasures:\n  - id: a\n"),             // no map
           std::string("id: 1\nkep: 1\nmeasures:\n  - id: a\n"),   // no field
           std::string("id: 1\nmeasures:\n  - id: a\n    ph\n  - id: b\n"),    // a key without ':'
           std::string("id: 1\nmeasures:\n  - id: a\n  - id: b\n    x: [\n"),  // broken YAML
           std::string("id: 1\nmeasures:\n  - id: \xff\n"),                    // invalid UTF-8
           std::string("id: 1\ntitle: T\nmeasures:\n  - eins\n  - id: b\n"),   // an item no map
       }) {
    CAPTURE(text);
    check_same(text, cache);
    check_same(text, cache);
  }
}

TEST_CASE("field files of the plan and the fixtures, broken line by line, read the same") {
  for (const char* name :
       {"plan/fields/03-raeume.yaml", "tests/fixtures/query/plan/fields/01-einrichtungen.yaml"}) {
    CAPTURE(name);
    FieldCache cache;  // shared by all variants: most measures come from it
    std::size_t variants = 0;
    test::for_each_broken_variant(test::read_file(std::filesystem::path(KEP_SOURCE_DIR) / name),
                                  [&](const std::string& text) {
                                    ++variants;
                                    CAPTURE(text);
                                    check_same(text, cache);
                                  });
    CHECK(variants > 100);
    CHECK(cache.size() > 10);
  }
}

TEST_CASE("threads may share a field cache") {
  std::vector<std::string> texts;
  for (const auto& path : test::project_yaml_files())
    if (path.string().find("/fields/") != std::string::npos) texts.push_back(test::read_file(path));
  REQUIRE(texts.size() > 5);
  std::vector<std::string> expected;
  for (const auto& t : texts) expected.push_back(read(t, nullptr));
  FieldCache cache;
  std::vector<std::string> forward(texts.size()), backward(texts.size());
  std::thread other([&] {
    for (std::size_t i = texts.size(); i-- > 0;) backward[i] = read(texts[i], &cache);
  });
  for (std::size_t i = 0; i < texts.size(); ++i) forward[i] = read(texts[i], &cache);
  other.join();
  CHECK(forward == expected);
  CHECK(backward == expected);
}
