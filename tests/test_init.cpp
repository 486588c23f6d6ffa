// kep init: a new plan that validates at once, written all or nothing, never over anything.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "load.h"
#include "test_support.h"

using namespace kep;
namespace fs = std::filesystem;

namespace {

using test_support::Run;
using test_support::TempDir;

Run run(const std::vector<std::string>& args) { return test_support::run_kep(args); }

std::string read_file(const std::string& path) { return test_support::read_text(path); }

// Every file and folder below `dir`, relative and sorted: what init wrote, and any leftover.
std::vector<std::string> tree(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    names.push_back(fs::relative(entry.path(), dir).string());
  std::sort(names.begin(), names.end());
  return names;
}

// The names in `dir` itself, sorted: a leftover temporary folder (".NAME.kep-init-*") shows here.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// `text` with each "DIR" replaced by `dir`.
std::string with_dir(std::string text, const std::string& dir) {
  for (auto at = text.find("DIR"); at != std::string::npos; at = text.find("DIR", at + dir.size()))
    text.replace(at, 3, dir);
  return text;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream lines(text);
  for (std::string l; std::getline(lines, l);)
    if (l == line) return true;
  return false;
}

const std::vector<std::string> k_tree_de = {
    ".github",
    ".github/workflows",
    ".github/workflows/kep.yml",
    ".gitignore",
    "README.md",
    "plan",
    "plan/fields",
    "plan/fields/01-beispiel.yaml",
    "plan/plan.yaml",
    "schema",
    "schema/field.schema.json",
    "schema/plan.schema.json",
};

}  // namespace

TEST_CASE("kep init writes a German plan that validates without a finding") {
  TempDir temp;
  const std::string dir = temp / "unna";
  const auto init = run({"init", dir, "--municipality", "Unna", "--today", "2026-11-27"});
  REQUIRE(init.err == "");
  CHECK(init.code == 0);
  CHECK(init.out == with_dir("Created a plan for Unna in 'DIR':\n"
                             "  DIR/plan/plan.yaml\n"
                             "  DIR/plan/fields/01-beispiel.yaml\n"
                             "  DIR/schema/plan.schema.json\n"
                             "  DIR/schema/field.schema.json\n"
                             "  DIR/README.md\n"
                             "  DIR/.github/workflows/kep.yml\n"
                             "  DIR/.gitignore\n"
                             "Next: replace the placeholders and the example phases in "
                             "DIR/plan/plan.yaml, then\n"
                             "  cd 'DIR'\n"
                             "  kep validate\n"
                             "  git init && git add . && git commit -m 'New plan'\n",
                             dir));
  CHECK(tree(dir) == k_tree_de);
  // Nothing beside DIR: the temporary folder became DIR.
  CHECK(names_in(temp.path()) == std::vector<std::string>{"unna"});

  // Valid on the day it was made, today, and with --strict (no warnings either).
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--today", "2026-11-27"}, {}, {"--strict"}}) {
    std::vector<std::string> args = {"validate", "--plan", dir + "/plan"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto validate = run(args);
    CHECK(validate.code == 0);
    CHECK(validate.err == dir + "/plan: 1 measure in 1 field; 0 errors, 0 warnings\n");
  }

  const std::string plan = read_file(dir + "/plan/plan.yaml");
  CHECK(plan.starts_with("# yaml-language-server: $schema=../schema/plan.schema.json\n"));
  CHECK(has_line(plan, "kep: 1"));
  CHECK(has_line(plan, "title: Kulturentwicklungsplan"));
  CHECK(has_line(plan, "municipality: Unna"));
  CHECK(has_line(plan, "language: de"));
  CHECK(has_line(plan, "lead: Kulturamt"));
  CHECK(has_line(plan, "immediate: []"));
  CHECK(plan.find("# Beispiel: Zeitrahmen und Phasen") != std::string::npos);
  CHECK(plan.find('@') == std::string::npos);
  // Phases of two, three and five years from the next January 1.
  for (const char* line : {"  start: 2027-01-01", "  end: 2036-12-31", "    start: 2027-01-01",
                           "    end: 2028-12-31", "    start: 2029-01-01", "    end: 2031-12-31",
                           "    start: 2032-01-01", "    end: 2036-12-31"})
    CHECK_MESSAGE(has_line(plan, line), line);

  const std::string field = read_file(dir + "/plan/fields/01-beispiel.yaml");
  CHECK(field.starts_with("# yaml-language-server: $schema=../../schema/field.schema.json\n"));
  CHECK(has_line(field, "    # due: 2028-06-30             sonst das Ende der Phase"));
  CHECK(field.find('@') == std::string::npos);

  // The schemas are kep's own, so the schema lines resolve; the workflow is the shipped one.
  for (const char* name : {"schema/plan.schema.json", "schema/field.schema.json"})
    CHECK(read_file(dir + "/" + name) == read_file(std::string(KEP_SOURCE_DIR "/") + name));
  CHECK(read_file(dir + "/.github/workflows/kep.yml") ==
        read_file(KEP_SOURCE_DIR "/templates/init/workflow.yml"));
  const std::string readme = read_file(dir + "/README.md");
  CHECK(readme.starts_with("# Kulturentwicklungsplan Unna\n"));
  CHECK(readme.find("kep validate") != std::string::npos);
  CHECK(readme.find("kep report") != std::string::npos);
  CHECK(readme.find("Bergkamen") == std::string::npos);
  CHECK(plan.find("Bergkamen") == std::string::npos);
}

TEST_CASE("kep init --lang en writes an English skeleton that validates") {
  TempDir temp;
  const std::string dir = temp / "town";
  const auto init =
      run({"init", dir, "--municipality", "Springfield", "--lang", "en", "--today", "2026-01-01"});
  REQUIRE(init.err == "");
  CHECK(init.code == 0);
  CHECK(fs::is_regular_file(dir + "/plan/fields/01-example.yaml"));
  CHECK_FALSE(fs::exists(dir + "/plan/fields/01-beispiel.yaml"));
  const std::string plan = read_file(dir + "/plan/plan.yaml");
  CHECK(has_line(plan, "language: en"));
  CHECK(has_line(plan, "title: Cultural development plan"));
  // On January 1 itself, the next January 1 is a year away.
  CHECK(has_line(plan, "    start: 2027-01-01"));
  CHECK(read_file(dir + "/README.md").starts_with("# Cultural development plan of Springfield\n"));
  const auto validate = run({"validate", "--strict", "--plan", dir + "/plan"});
  CHECK(validate.code == 0);
  CHECK(validate.err == dir + "/plan: 1 measure in 1 field; 0 errors, 0 warnings\n");
}

TEST_CASE("kep init writes any municipality's name so that kep reads it back as written") {
  TempDir temp;
  const std::vector<std::string> names = {"Lünen",
                                          "Bad Honnef",
                                          "O'Brien-Stadt",
                                          "Sankt \"Quote\" \\ back",
                                          "a: b",
                                          "x #y",
                                          "true",
                                          "Yes",
                                          "null",
                                          "1860",
                                          "- Dash",
                                          "&anchor",
                                          "*star",
                                          "!tag",
                                          "%x",
                                          "@x",
                                          "[x]",
                                          "{x}",
                                          "? x",
                                          "|x",
                                          ">x",
                                          "'x'",
                                          "St. Ingbert"};
  int n = 0;
  for (const auto& name : names) {
    const std::string dir = temp / ("plan" + std::to_string(n++));
    const auto init = run({"init", dir, "--municipality", name, "--today", "2026-11-27"});
    CHECK_MESSAGE(init.code == 0, name);
    const auto loaded = load_plan(dir + "/plan");
    CHECK_MESSAGE(loaded.findings.empty(), name);
    CHECK(loaded.plan.municipality == name);
    const auto validate = run({"validate", "--strict", "--plan", dir + "/plan"});
    CHECK_MESSAGE(validate.code == 0, name);
  }
  CHECK(has_line(read_file(temp / "plan0/plan/plan.yaml"), "municipality: Lünen"));
  CHECK(has_line(read_file(temp / "plan6/plan/plan.yaml"), "municipality: \"true\""));
  CHECK(has_line(read_file(temp / "plan3/plan/plan.yaml"),
                 "municipality: \"Sankt \\\"Quote\\\" \\\\ back\""));
}

TEST_CASE("kep init into an empty folder fills it and keeps it; a trailing slash is fine") {
  TempDir temp;
  fs::create_directory(temp / "empty");
  const auto init = run({"init", temp / "empty/", "--municipality", "Unna"});
  CHECK(init.code == 0);
  CHECK(tree(temp / "empty") == k_tree_de);  // no .kep-init-* left inside
  CHECK(names_in(temp.path()) == std::vector<std::string>{"empty"});
  CHECK(run({"validate", "--plan", temp / "empty/plan"}).code == 0);

  // The current folder, as after `mkdir town && cd town`: no "cd" among the next steps.
  fs::create_directory(temp / "here");
  const fs::path old = fs::current_path();
  fs::current_path(temp / "here");
  const auto here = run({"init", ".", "--municipality", "Unna"});
  fs::current_path(old);
  CHECK(here.code == 0);
  CHECK(here.out.find("  ./plan/plan.yaml\n") != std::string::npos);
  CHECK(
      here.out.ends_with("./plan/plan.yaml, then\n"
                         "  kep validate\n"
                         "  git init && git add . && git commit -m 'New plan'\n"));
  CHECK(tree(temp / "here") == k_tree_de);
}

TEST_CASE("kep init refuses a folder that is not empty, a file and a missing parent") {
  TempDir temp;
  fs::create_directory(temp / "existing");
  std::ofstream(temp / "existing/notes.txt") << "mine\n";
  const auto before = tree(temp.path());

  const auto full = run({"init", temp / "existing", "--municipality", "X"});
  CHECK(full.code == 2);
  CHECK(full.out == "");
  CHECK(full.err == "kep: error: the folder '" + (temp / "existing") +
                        "' is not empty; kep init writes only into a new or empty folder, so "
                        "name another one (nothing was written)\n");

  const auto file = run({"init", temp / "existing/notes.txt", "--municipality", "X"});
  CHECK(file.code == 2);
  CHECK(file.err == "kep: error: '" + (temp / "existing/notes.txt") +
                        "' exists and is not a folder; name a new or empty folder for the plan "
                        "(nothing was written)\n");

  const auto orphan = run({"init", temp / "missing/town", "--municipality", "X"});
  CHECK(orphan.code == 2);
  CHECK(orphan.err == "kep: error: the folder '" + (temp / "missing") + "' does not exist, so '" +
                          (temp / "missing/town") + "' cannot be made in it; create it first " +
                          "(mkdir -p '" + (temp / "missing") +
                          "') or name a folder in an existing one\n");

  CHECK(tree(temp.path()) == before);
  CHECK(read_file(temp / "existing/notes.txt") == "mine\n");
}

TEST_CASE("kep init: the municipality's name is required, on one line, without outer spaces") {
  TempDir temp;
  const std::string dir = temp / "town";
  CHECK(run({"init", dir}).code == 2);
  CHECK(run({"init", dir}).err ==
        "kep: error: --municipality is required\n"
        "Run 'kep --help' or 'kep COMMAND --help' for usage.\n");
  CHECK(run({"init", "--municipality", "X"}).code == 2);
  CHECK(run({"init", dir, "--municipality", " "}).err ==
        "kep: error: --municipality is empty; give the municipality's name, e.g. --municipality "
        "\"Bad Honnef\"\n");
  CHECK(run({"init", dir, "--municipality", "Bad\nHonnef"}).err ==
        "kep: error: --municipality 'Bad\nHonnef' holds a control character (U+000A); give the "
        "name on one line as plain text\n");
  CHECK(run({"init", dir, "--municipality", "Unna "}).err ==
        "kep: error: --municipality 'Unna ' starts or ends with a space; leave them out\n");
  CHECK(run({"init", dir, "--municipality", "Un\xffna"}).code == 2);
  CHECK(run({"init", dir, "--municipality", "X", "--today", "2026-02-30"}).code == 2);
  CHECK_FALSE(fs::exists(dir));
  CHECK(tree(temp.path()).empty());
}

TEST_CASE("kep init: a write that fails half-way leaves nothing behind") {
  TempDir temp;
  const std::string dir = temp / "town";
  // Files may grow to 4000 bytes: plan.yaml fits, the plan schema (12 kB) does not.
  REQUIRE(fs::file_size(KEP_SOURCE_DIR "/schema/plan.schema.json") > 4000);
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4000;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  const auto init = run({"init", dir, "--municipality", "Unna"});
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  CHECK(init.code == 3);
  CHECK(init.err.starts_with("kep: error: cannot write '"));
  CHECK(init.err.find("schema/plan.schema.json") != std::string::npos);
  CHECK(init.err.ends_with("; nothing was written\n"));
  CHECK(tree(temp.path()).empty());
}

TEST_CASE("kep init --help explains and gives examples") {
  const auto help = run({"init", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--municipality") != std::string::npos);
  CHECK(help.out.find("Examples:\n  kep init unna --municipality Unna") != std::string::npos);
  CHECK(help.out.find("--lang en") != std::string::npos);
}
