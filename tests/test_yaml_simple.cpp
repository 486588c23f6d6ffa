// The fast reader (yaml_simple) must give exactly yaml-cpp's tree, or nothing.
#include <doctest/doctest.h>

#include <string>

#include "text.h"
#include "yaml_dump.h"
#include "yaml_simple.h"
#include "yaml_tree.h"

using namespace kep;

namespace {

// Whether the fast reader read `text`; when it did, its tree must be yaml-cpp's, and yaml-cpp
// must have found nothing wrong.
bool simple_and_same(const std::string& text, std::size_t max_depth = 16) {
  if (find_invalid_utf8(text)) return false;  // parse() says so before it asks the fast reader
  const auto simple = yaml::parse_simple(text, 5, max_depth);
  if (!simple) return false;
  yaml::Limits limits;
  limits.max_depth = max_depth;
  const auto reference = yaml::parse_yaml_cpp(text, 5, limits, "empty");
  CHECK(test::dump(reference) == test::dump(*simple));
  return true;
}

}  // namespace

TEST_CASE("the fast reader reads every file of the shipped plan as yaml-cpp does") {
  std::size_t files = 0;
  for (const auto& path : test::project_yaml_files()) {
    if (path.string().find("/plan/") == std::string::npos ||
        path.string().find("/tests/") != std::string::npos)
      continue;
    CAPTURE(path.string());
    ++files;
    CHECK(simple_and_same(test::read_file(path)));
  }
  CHECK(files == 8);  // plan.yaml and the seven fields
}

TEST_CASE("the fast reader agrees with yaml-cpp on every fixture it reads") {
  std::size_t files = 0, simple = 0;
  for (const auto& path : test::project_yaml_files()) {
    CAPTURE(path.string());
    ++files;
    if (simple_and_same(test::read_file(path))) ++simple;
  }
  CHECK(simple > files / 2);
}

TEST_CASE("the fast reader agrees with yaml-cpp on broken variants of plan files") {
  for (const char* name : {"plan/plan.yaml", "plan/fields/03-raeume.yaml",
                           "tests/fixtures/query/plan/fields/01-einrichtungen.yaml"}) {
    CAPTURE(name);
    std::size_t variants = 0, simple = 0;
    test::for_each_broken_variant(test::read_file(std::filesystem::path(KEP_SOURCE_DIR) / name),
                                  [&](const std::string& text) {
                                    ++variants;
                                    CAPTURE(text);
                                    if (simple_and_same(text)) ++simple;
                                  });
    CHECK(simple > variants / 5);
  }
}

TEST_CASE("what the fast reader reads") {
  // Maps, lists, lists at the key's column, maps in lists, nested blocks.
  CHECK(simple_and_same("a: 1\nb: zwei drei\nc:\n  d: x\n  e:\n    - 1\n    - 2\n"));
  CHECK(simple_and_same("list:\n- a\n- b\nnext: c\n"));
  CHECK(simple_and_same("- id: \"1.1\"\n  title: T\n-   id: x\n    y: z\n- plain\n"));
  CHECK(simple_and_same("a:\n  -\n    b: c\n  - # comment\n    d: e\n"));
  // Plain scalars with umlauts, commas, brackets, colons and hashes inside, comments after.
  CHECK(simple_and_same("t: Öffnung (u.a. Römerpark), [Lichtkunst] {x} a:b c#d\n"));
  CHECK(simple_and_same("t: value   # a comment\nu: 10:30\nv: -5\nw: a - b\n"));
  CHECK(simple_and_same("date: 2023-10-20\nn: 42\nb: true\nf: 1.5\n"));
  // Quoted scalars with escapes and doubled quotes.
  CHECK(simple_and_same("a: \"4.10\"\nb: 'it''s'\nc: \"a \\\"b\\\" \\\\ \\/ \\n \\t\"\nd: ''\n"));
  CHECK(simple_and_same("a: \"Ä\" # c\n\"\": 1\n") == false);  // a quoted key
  // Flow lists.
  CHECK(simple_and_same("a: [x, \"y z\", 'w', Dipl.-Ing. K. Eichler]\nb: []\nc: [ ]\nd: [a]\n"));
  // Block scalars: literal and folded, each chomping, empty lines inside and after.
  CHECK(simple_and_same("a: |\n  one\n   two\n\n  three\nb: x\n"));
  CHECK(simple_and_same("a: >-\n  one\n  two\n\n  three\n\n\nb: x\n"));
  CHECK(simple_and_same("a: >\n  one\n\n\n  two\nb: |-\n  x\n\n"));
  CHECK(simple_and_same("a: |+\n  one\n\n\nb: >+\n  x\n"));
  CHECK(simple_and_same("a: |+\n  x\n\n"));  // a literal block keeps its lines at the end
  CHECK(simple_and_same("- |\n  text\n- >-\n  more # not a comment\n  text\n"));
  CHECK(simple_and_same("a: | # comment\n  # not a comment\n"));
  // Comments and blank lines everywhere.
  CHECK(simple_and_same("# top\n\na: 1 # one\n  # indented comment\n\nb:\n# between\n  - x\n"));
  // Null values.
  CHECK(simple_and_same("a:\nb: 1\nc: # nothing\n"));
  // An indented root: a measure cut out of a field file.
  CHECK(simple_and_same("  a: 1\n  b:\n    - x\n"));
  CHECK(simple_and_same("  - id: \"1.1\"\n    text: |\n      zwei\n  - id: \"1.2\"\n"));
  CHECK(simple_and_same("# c\n    - x\n# c\n    - y\n"));
}

TEST_CASE("the fast reader agrees with yaml-cpp on indented plan files") {
  // Every line of each file indented by two spaces, and a block scalar's content at the root's
  // column, which ends the block.
  std::size_t files = 0, simple = 0;
  for (const auto& path : test::project_yaml_files()) {
    CAPTURE(path.string());
    const std::string text = test::read_file(path);
    std::string indented;
    for (std::size_t start = 0; start < text.size();) {
      const auto end = std::min(text.find('\n', start), text.size());
      indented += "  ";
      indented.append(text, start, end + 1 - start);
      start = end + 1;
    }
    ++files;
    if (simple_and_same(indented)) ++simple;
  }
  CHECK(simple > files / 2);
  CHECK_FALSE(simple_and_same("  a: |\n  x\n"));
  CHECK_FALSE(simple_and_same("  a: >\n x\n"));
}

TEST_CASE("what the fast reader leaves to yaml-cpp") {
  for (const char* text : {
           "",                        // empty: yaml-empty
           "# only a comment\n",      //
           "a: 1\na: 2\n",            // duplicate key
           "a: &x 1\nb: *x\n",        // anchor and alias
           "a: !!str 1\n",            // tag
           "a: {b: c}\n",             // flow map
           "? a\n: b\n",              // complex key
           "---\na: 1\n",             // document marker
           "a: 1\n...\n",             //
           "%YAML 1.2\n---\na: 1\n",  // directive
           "a:\tb\n",                 // tab
           "a: 1\r\n",                // CR
           "\xEF\xBB\xBF"
           "a: 1\n",                      // BOM
           "a: one\n  two\n",             // multi-line plain scalar
           "a: \"one\n  two\"\n",         // multi-line quoted scalar
           "a: [x,\n  y]\n",              // multi-line flow list
           "a: ~\nb: null\n",             // null written out
           "a: [null]\n",                 //
           "- \n- x\n",                   // an empty list item
           "- - x\n",                     // a list in a list on one line
           "a: b: c\n",                   // a map value with ': '
           "a: x:\n",                     //
           "a: |2\n   x\n",               // indentation indicator
           "a: >\n  x\n    more\n  y\n",  // folded with a more-indented line
           "a: |\n\n  x\n",               // empty line before a block's first line
           "a: |\n  x",                   // a block at the end without a line break
           "a: \"\\x41\"\n",              // an escape kept for yaml-cpp
           "a: [x,]\n",                   // a trailing comma
           "a: [[x]]\n",                  // nested flow
           "a: 1\n b: 2\n",               // indentation off
           "  a: 1\nb: 2\n",              // a line indented less than the root
           "  - x\n- y\n",                //
           "plain\n",                     // a scalar document
           "a: \"x\"y\n",                 // text after a quoted scalar
           "a: [x]#c\n",                  //
           "-x: 1\n",                     // a key starting with '-'
           "a.b: 1\n",                    // a key with a dot
           // fuzz_yaml and its check found these (tests/fixtures/fuzz/yaml/): yaml-cpp refuses a
           // '?' in a flow list's plain item, keeps one line too few after a folded block with '+',
           // and stops reading at the byte 0x04.
           "a: [a ?b]\n",               // flow-question-mark
           "a: [x?, y]\n",              //
           "a: >+\n  x\n\n",            // folded-keep-trailing-lines
           "  - >+\n    x\n\n  - y\n",  //
           "a: >-\n  x\x04"
           "y\nb: 1\n",        // eot-byte-in-a-block: yaml-cpp's stream ends at the byte 0x04
           "a: 1\nNULL: x\n",  // null-word-as-key: yaml-cpp reads the key as null (bad-key)
           "null: x\n",        //
           // Other control characters are yaml_tree's yaml-encoding finding (case
           // control-character in tests/fixtures/fuzz/yaml/).
           "language: d\x02"
           "e\n",                //
           "a: \x7f\n",          //
           "# \x1b[1m\na: 1\n",  //
       }) {
    CAPTURE(text);
    CHECK_FALSE(yaml::parse_simple(text, 0, 16));
  }
}

TEST_CASE("the fast reader counts columns on a long line as yaml-cpp does") {
  // Places on one line are counted on from the last one: umlauts, quoted items with escapes
  // and a key before the list must not throw the count off.
  std::string text = "a: 1\ntags: [";
  for (int i = 0; i < 3000; ++i) {
    if (i > 0) text += ", ";
    text += i % 3 == 0 ? "Ä" + std::to_string(i) : i % 3 == 1 ? "\"q\\\"ö\"" : "'x''y'";
  }
  text += "]\nb: \"Übung\"\n";
  CHECK(simple_and_same(text));
}

TEST_CASE("the fast reader keeps yaml-cpp's depth limit") {
  const std::string four = "a:\n  b:\n    c:\n      - x\n";
  CHECK(simple_and_same(four, 4));
  CHECK_FALSE(yaml::parse_simple(four, 0, 3));
  CHECK(simple_and_same("a:\n  b: [x]\n", 3));
  CHECK_FALSE(yaml::parse_simple("a:\n  b: [x]\n", 0, 2));
}
