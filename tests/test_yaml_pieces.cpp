// yaml::parse_pieces must give exactly what yaml::parse gives: the same tree, places and
// findings, whether it cuts the file into pieces or falls back to reading it whole.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "yaml_dump.h"
#include "yaml_tree.h"

using namespace kep;

namespace {

using test::dump;
using test::read_file;

constexpr std::string_view k_empty = "empty";

// Parses `text` whole and in pieces (without and with a cache, the second time from the
// cache) and checks that all agree; returns how many pieces the cache holds.
std::size_t check_same(const std::string& text) {
  const auto whole = dump(yaml::parse_yaml_cpp(text, 3, {}, k_empty));
  CHECK(dump(yaml::parse_pieces(text, 3, {}, k_empty, "measures", nullptr)) == whole);
  yaml::PieceCache cache;
  CHECK(dump(yaml::parse_pieces(text, 3, {}, k_empty, "measures", &cache)) == whole);
  const std::size_t pieces = cache.size();
  CHECK(dump(yaml::parse_pieces(text, 3, {}, k_empty, "measures", &cache)) == whole);
  CHECK(cache.size() == pieces);
  return pieces;
}

}  // namespace

TEST_CASE("every YAML file of the plan and the fixtures reads the same in pieces") {
  std::size_t files = 0, cut = 0;
  for (const auto& path : test::project_yaml_files()) {
    CAPTURE(path.string());
    ++files;
    if (check_same(read_file(path)) > 0) ++cut;
  }
  CHECK(files > 100);
  CHECK(cut > 50);  // most field files are cut into pieces, so the pieces path is what is tested
}

TEST_CASE("a field file is cut into its head and one piece per measure") {
  CHECK(check_same("id: \"1\"\ntitle: T\nmeasures:\n  - id: \"1.1\"\n    title: A\n"
                   "  - id: \"1.2\"\n    title: B\n") == 3);
  // Items at column 0, comments and blank lines between them, a comment after the key.
  CHECK(check_same("id: \"1\"\nmeasures: # the measures\n\n- id: \"1.1\"\n# one\n\n"
                   "- id: \"1.2\"\n  # two\n-\n") == 4);
  // Block scalars whose lines look like items, more indented than the items.
  CHECK(check_same("measures:\n  - note: |\n      - not an item\n        - not one either\n"
                   "    title: >-\n      x\n  - id: b\n") == 3);
  // Windows line ends, umlauts, quoted keys in items.
  CHECK(check_same("id: 1\r\nmeasures:\r\n  - id: \"Ä\"\r\n    \"title\": ö\r\n  - id: c\r\n") ==
        3);
  // Flow lists and maps inside items, a trailing comment.
  CHECK(check_same("measures:\n  - tags: [a, b]\n    x: {k: v}\n  - tags: []\n# end\n") == 3);
}

TEST_CASE("a file that cannot be cut safely is read whole, with the same findings") {
  // No list under the key, or nothing after it.
  CHECK(check_same("id: 1\nmeasures: []\n") == 0);
  CHECK(check_same("id: 1\nmeasures:\n") == 0);
  CHECK(check_same("id: 1\n") == 0);
  CHECK(check_same("") == 0);
  // A key after the list; a line outdented into the list; an item indented differently.
  CHECK(check_same("measures:\n  - id: a\nid: 1\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n title: x\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n  title: x\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n - id: b\n") == 0);
  check_same("measures:\n  - id: a\n   - id: b\n");
  // A tab in the indentation; a second document; a directive.
  CHECK(check_same("measures:\n  - id: a\n\t- id: b\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n---\nmeasures:\n  - id: b\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n...\n") == 0);
  CHECK(check_same("measures:\n  - id: a\n%YAML 1.2\n") == 0);
  // Twice the key.
  CHECK(check_same("measures:\n  - id: a\nmeasures:\n  - id: b\n") == 0);
}

TEST_CASE("a piece with a finding sends the whole file to parse()") {
  // Quoted text that runs on across an item line: in pieces its quote is open.
  check_same("measures:\n  - title: \"one\n  - two\"\n  - id: b\n");
  check_same("measures:\n  - title: 'one\n  - two'\n");
  check_same("measures:\n  - tags: [a,\n  - b]\n");
  // Findings inside an item: a duplicate key, an alias to another item, a tag, deep nesting.
  check_same("measures:\n  - id: a\n    id: b\n  - id: c\n");
  check_same("measures:\n  - id: &x a\n  - id: *x\n");
  check_same("measures:\n  - id: !!str a\n");
  std::string deep = "measures:\n  - x: ";
  for (int i = 0; i < 20; ++i) deep += "[";
  for (int i = 0; i < 20; ++i) deep += "]";
  check_same(deep + "\n  - id: b\n");
  // Findings in the head; bad UTF-8 anywhere.
  check_same("id: 1\nid: 2\nmeasures:\n  - id: a\n");
  check_same("id: [\nmeasures:\n  - id: a\n");
  check_same("measures:\n  - id: a\xff\n");
  // A head that is no map.
  check_same("- x\nmeasures:\n  - id: a\n");
  // A line without ':' before more items (fuzz_yaml, tests/fixtures/fuzz/yaml/): alone, with
  // the next item's first line after it, yaml-cpp takes it for a key without a value; in the
  // whole file it runs on into the items after it and is an error.
  check_same("measures:\n  - id: a\n    ph\n  - x\n  - id: b\n");
  check_same(
      "id: x\nmeasures:\n  - id: \"1.1\"\n    ph\n  - Phase-C\n  - id: \"1.2\"\n"
      "    phase2 PhaseB\n");
}

TEST_CASE("the cache shares pieces between versions of a file") {
  yaml::PieceCache cache;
  const std::string v1 = "id: 1\nmeasures:\n  - id: a\n  - id: b\n    status: planned\n";
  const std::string v2 =
      "id: 1\nmeasures:\n  - id: a\n    note: new line\n  - id: b\n    status: planned\n";
  CHECK(dump(yaml::parse_pieces(v1, 1, {}, k_empty, "measures", &cache)) ==
        dump(yaml::parse(v1, 1, {}, k_empty)));
  CHECK(cache.size() == 3);
  // Only the changed measure is new; b moved down a line and keeps its places right.
  CHECK(dump(yaml::parse_pieces(v2, 1, {}, k_empty, "measures", &cache)) ==
        dump(yaml::parse(v2, 1, {}, k_empty)));
  CHECK(cache.size() == 4);
}

TEST_CASE("field files, broken line by line, read the same in pieces") {
  for (const char* name :
       {"plan/fields/03-raeume.yaml", "tests/fixtures/query/plan/fields/01-einrichtungen.yaml"}) {
    CAPTURE(name);
    std::size_t variants = 0, cut = 0;
    test::for_each_broken_variant(read_file(std::filesystem::path(KEP_SOURCE_DIR) / name),
                                  [&](const std::string& text) {
                                    ++variants;
                                    if (check_same(text) > 0) ++cut;
                                  });
    CHECK(cut > variants / 4);  // many variants are still cut into pieces
  }
}

TEST_CASE("threads may share a cache: each reads every file as parse() does") {
  std::vector<std::string> texts;
  for (const auto& path : test::project_yaml_files())
    if (path.string().find("/fields/") != std::string::npos) texts.push_back(read_file(path));
  REQUIRE(texts.size() > 5);
  std::vector<std::string> whole;
  for (const auto& text : texts) whole.push_back(dump(yaml::parse(text, 2, {}, k_empty)));
  yaml::PieceCache cache;
  // Both threads read all files, in opposite orders, so that they add the same pieces at once.
  std::vector<std::string> forward(texts.size()), backward(texts.size());
  std::thread other([&] {
    for (std::size_t i = texts.size(); i-- > 0;)
      backward[i] = dump(yaml::parse_pieces(texts[i], 2, {}, k_empty, "measures", &cache));
  });
  for (std::size_t i = 0; i < texts.size(); ++i)
    forward[i] = dump(yaml::parse_pieces(texts[i], 2, {}, k_empty, "measures", &cache));
  other.join();
  CHECK(forward == whole);
  CHECK(backward == whole);
}
