#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "yaml_tree.h"

using namespace kep;

namespace {

std::string findings_text(const Findings& findings) {
  std::string out;
  for (const auto& f : findings)
    out += std::to_string(f.place.line) + ":" + std::to_string(f.place.column) + " " + f.rule +
           ": " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("a map keeps its keys, values and places in characters") {
  const auto result = yaml::parse("title: Römer\nid: \"4.8\"\nlist: [a, b]\n", 0);
  REQUIRE(result.findings.empty());
  REQUIRE(result.root);
  const auto& root = *result.root;
  CHECK(root.kind == yaml::Kind::map);
  REQUIRE(root.items.size() == 3);
  CHECK(root.items[0].key == "title");
  CHECK(root.items[0].value == "Römer");
  CHECK(root.items[0].place.line == 1);
  CHECK(root.items[0].place.column == 8);
  CHECK(root.items[0].place.length == 5);
  CHECK(root.items[1].quoted);
  CHECK(root.items[1].place.length == 5);
  CHECK(root.find("list")->items.size() == 2);
  CHECK(root.find("missing") == nullptr);
}

TEST_CASE("columns after umlauts count characters") {
  const auto result = yaml::parse("- äöü: x\n  ß: y\n- zzz: [ä, b]\n", 0);
  REQUIRE(result.root);
  const auto& seq = result.root->items[1].items[0];  // the list [ä, b]
  CHECK(seq.place.line == 3);
  CHECK(seq.place.column == 8);
  CHECK(seq.items[1].place.column == 12);
}

TEST_CASE("what yaml-cpp accepts silently is refused") {
  SUBCASE("duplicate keys") {
    const auto r = yaml::parse("a: 1\nb: 2\na: 3\n", 0);
    CHECK(findings_text(r.findings) ==
          "3:1 yaml-duplicate-key: duplicate key 'a' (first at line 1); remove one of them\n");
  }
  SUBCASE("a second document") {
    const auto r = yaml::parse("a: 1\n---\nb: 2\n", 0);
    CHECK(findings_text(r.findings) ==
          "2:1 yaml-multiple-documents: a second YAML document ('---') in one file; a plan file "
          "holds exactly one\n");
  }
  SUBCASE("an unclosed quote at the end of the file") {
    const auto r = yaml::parse("a: 1\ntitle: \"abc\n", 0);
    CHECK(findings_text(r.findings) ==
          "2:8 yaml-syntax: this quoted text has no closing \"; add it at the end of the text\n");
  }
  SUBCASE("a closed quote with escapes is fine") {
    CHECK(yaml::parse("t: \"a \\\" b\"\nu: 'it''s'\n", 0).findings.empty());
  }
  SUBCASE("anchors and aliases") {
    const auto r = yaml::parse("a: &x [1, 2]\nb: *x\n", 0);
    CHECK(
        findings_text(r.findings) ==
        "1:4 yaml-anchor: anchors (&name) are not allowed in a plan; write the value out in full\n"
        "2:4 yaml-anchor: aliases (*name) are not allowed in a plan; write the value out in "
        "full\n");
  }
  SUBCASE("tags") {
    const auto r = yaml::parse("a: !!str 12\n", 0);
    CHECK(findings_text(r.findings) ==
          "1:4 yaml-tag: tags such as '!!str' are not allowed in a plan; remove it\n");
  }
  SUBCASE("an empty file") {
    const auto r = yaml::parse("# only a comment\n", 0);
    CHECK(!r.root);
    CHECK(findings_text(r.findings) ==
          "0:0 yaml-empty: the file is empty; write its keys or delete it\n");
  }
  SUBCASE("invalid UTF-8 and NUL bytes") {
    CHECK(findings_text(yaml::parse("a: b\nc: \xe4h\n", 0).findings) ==
          "2:4 yaml-encoding: the file is not valid UTF-8 (byte 0xe4); save it as UTF-8\n");
    CHECK(findings_text(yaml::parse(std::string_view("a: b\0", 5), 0).findings) ==
          "1:5 yaml-encoding: the file contains a NUL byte, so it is not a text file; remove the "
          "byte, or move the file out of the plan folder\n");
  }
  SUBCASE("a syntax error") {
    const auto r = yaml::parse("a: [1, 2\nb: 3\n", 0);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "yaml-syntax");
    CHECK(!r.root);
  }
}

TEST_CASE("nesting deeper than the limit is cut off with one finding") {
  std::string deep = "a: ";
  for (int i = 0; i < 20; ++i) deep += "[";
  for (int i = 0; i < 20; ++i) deep += "]";
  const auto r = yaml::parse(deep, 0, yaml::Limits{8});
  CHECK(findings_text(r.findings) ==
        "1:11 yaml-too-deep: nesting deeper than 8 levels; a plan never nests this deep\n");
  REQUIRE(r.root);
}

TEST_CASE("nesting 20,000 deep neither crashes nor hangs") {
  const std::string deep = std::string(20000, '[') + std::string(20000, ']');
  const auto r = yaml::parse(deep, 0);
  REQUIRE(!r.findings.empty());
  CHECK(r.findings[0].rule == "yaml-too-deep");
}

TEST_CASE("plain scalars are typed as YAML 1.2's core schema reads them") {
  using yaml::ScalarType;
  CHECK(yaml::plain_type("4.8") == ScalarType::number);
  CHECK(yaml::plain_type("4.10") == ScalarType::number);
  CHECK(yaml::plain_type("12") == ScalarType::integer);
  CHECK(yaml::plain_type("true") == ScalarType::boolean);
  CHECK(yaml::plain_type("~") == ScalarType::null);
  CHECK(yaml::plain_type("4.8.1") == ScalarType::text);
  CHECK(yaml::plain_type("2024-01-01") == ScalarType::text);
  CHECK(yaml::plain_type("A") == ScalarType::text);
  CHECK(yaml::plain_type("yes") == ScalarType::text);  // YAML 1.2: not a boolean
}

// plain_type reads numbers by hand; the core schema's regular expressions (YAML 1.2, 10.3.2)
// are the reference, here for every string of up to four characters from a set of those that
// matter, and some longer ones.
TEST_CASE("plain_type agrees with the core schema's regular expressions") {
  const std::regex k_int("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  const std::regex k_float(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|"
      "NAN)");
  const auto expected = [&](const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
      return yaml::ScalarType::null;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
      return yaml::ScalarType::boolean;
    if (std::regex_match(s, k_int)) return yaml::ScalarType::integer;
    if (std::regex_match(s, k_float)) return yaml::ScalarType::number;
    return yaml::ScalarType::text;
  };
  std::vector<std::string> cases = {
      "",    ".inf",  "-.Inf", "+.INF", ".nan", ".NaN", "-.nan",  ".inF",  "0o17", "0o8",
      "0o",  "0x1F",  "0xg",   "0x",    "-0x1", "1e10", "1.5E-3", "1.e5",  ".5",   "-.5e+2",
      "12a", "1_000", "0b101", "+12",   "1e",   "e5",   "--1",    "1.2.3", "4.10", "007"};
  const std::string alphabet = "0179.-+eExo";
  std::vector<std::string> level = {""};
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> next;
    for (const auto& prefix : level)
      for (const char c : alphabet) next.push_back(prefix + c);
    cases.insert(cases.end(), next.begin(), next.end());
    level = std::move(next);
  }
  for (const auto& s : cases) {
    CAPTURE(s);
    CHECK(yaml::plain_type(s) == expected(s));
  }
  CHECK(cases.size() > 16'000);
}
