// Writing reports atomically: a temporary file in the same folder, renamed over the target, so a
// failed run never leaves a partial, emptied or missing report. Also `kep report -o` end to end.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "output.h"
#include "test_support.h"

using namespace kep;
using namespace std::string_literals;
namespace fs = std::filesystem;
using test_support::names_in;
using test_support::read_text;
using test_support::Run;
using test_support::run_kep;
using test_support::TempDir;
using test_support::write_text;

namespace {

// Whether this process can create files in a folder without write permission (root can).
bool permissions_are_ignored(const TempDir& dir) {
  const fs::path probe_dir = dir.path() / "probe";
  fs::create_directory(probe_dir);
  fs::permissions(probe_dir, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string probe = (probe_dir / "probe").string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  const bool ignored = fd >= 0;
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
  fs::permissions(probe_dir, fs::perms::owner_all);
  fs::remove(probe_dir);
  return ignored;
}

const std::string k_fixture = KEP_SOURCE_DIR "/tests/fixtures/query/plan";

// kep report on the fixture plan, as of 2026-11-27, Markdown unless `more` says otherwise.
std::vector<std::string> report_args(std::vector<std::string> more) {
  std::vector<std::string> args = {"report",      "--plan",  k_fixture,
                                   "--no-commit", "--today", "2026-11-27"};
  if (std::find(more.begin(), more.end(), "--format") == more.end())
    more.insert(more.end(), {"--format", "md"});
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("write_file_atomically writes the content, with the usual permissions") {
  TempDir dir;
  const std::string path = dir / "bericht.md";
  const std::string content = "# Bericht\n\nÄÖÜ | \0 binär\n"s;
  CHECK_FALSE(write_file_atomically(path, content).has_value());
  CHECK(read_text(path) == content);
  CHECK(names_in(dir.path()) == "bericht.md");
  const mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
  // An empty report is written too.
  CHECK_FALSE(write_file_atomically(path, "").has_value());
  CHECK(read_text(path).empty());
}

TEST_CASE("write_file_atomically replaces an existing file by renaming, never in place") {
  TempDir dir;
  const std::string path = dir / "bericht.md";
  write_text(path, "alter Bericht\n");
  // A reader that has the old report open keeps reading the old report.
  std::ifstream reader(path, std::ios::binary);
  REQUIRE(reader);
  CHECK_FALSE(write_file_atomically(path, "neuer Bericht\n").has_value());
  CHECK(read_text(path) == "neuer Bericht\n");
  std::ostringstream old;
  old << reader.rdbuf();
  CHECK(old.str() == "alter Bericht\n");
  CHECK(names_in(dir.path()) == "bericht.md");
}

TEST_CASE("write_file_atomically in a folder that does not exist fails and creates nothing") {
  TempDir dir;
  const std::string path = dir / "fehlt/bericht.md";
  const auto error = write_file_atomically(path, "x");
  REQUIRE(error.has_value());
  CHECK(*error == "cannot write '" + path +
                      "': No such file or directory; the old file, if any, is unchanged");
  CHECK_FALSE(fs::exists(dir.path() / "fehlt"));
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("write_file_atomically onto a folder fails after writing, and removes its temporary") {
  TempDir dir;
  fs::create_directory(dir.path() / "bericht.md");
  const std::string path = dir / "bericht.md";
  const auto error = write_file_atomically(path, "x");
  REQUIRE(error.has_value());
  CHECK(*error ==
        "cannot write '" + path + "': Is a directory; the old file, if any, is unchanged");
  CHECK(names_in(dir.path()) == "bericht.md");
  CHECK(fs::is_directory(path));
}

TEST_CASE("write_file_atomically in a read-only folder leaves the old file as it was") {
  TempDir dir;
  if (permissions_are_ignored(dir)) {
    MESSAGE("skipped: this process (root?) can write into read-only folders");
    return;
  }
  const fs::path folder = dir.path() / "nur-lesen";
  fs::create_directory(folder);
  const std::string path = (folder / "bericht.md").string();
  write_text(path, "alter Bericht\n");
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  const auto error = write_file_atomically(path, "neuer Bericht\n");
  fs::permissions(folder, fs::perms::owner_all);
  REQUIRE(error.has_value());
  CHECK(*error ==
        "cannot write '" + path + "': Permission denied; the old file, if any, is unchanged");
  CHECK(read_text(path) == "alter Bericht\n");
  CHECK(names_in(folder) == "bericht.md");
}

TEST_CASE("kep report -o writes the report and prints nothing") {
  TempDir dir;
  const std::string path = dir / "bericht.md";
  const Run to_stdout = run_kep(report_args({}));
  REQUIRE(to_stdout.code == 0);
  const Run to_file = run_kep(report_args({"-o", path}));
  CHECK(to_file.code == 0);
  CHECK(to_file.out.empty());
  CHECK(to_file.err.empty());
  CHECK(read_text(path) == to_stdout.out);
  CHECK(read_text(path).starts_with("# Sachstandsbericht: Kulturplan Musterstadt\n"));
  // Again: the same bytes (deterministic), and no temporary file left.
  CHECK(run_kep(report_args({"--output", path})).code == 0);
  CHECK(read_text(path) == to_stdout.out);
  CHECK(names_in(dir.path()) == "bericht.md");
  // JSON too.
  const std::string json = dir / "daten.json";
  CHECK(run_kep(report_args({"--format", "json", "-o", json})).code == 0);
  CHECK(read_text(json).starts_with("{\n  \"kep_version\": "));
}

TEST_CASE("kep report -o with a template error exits 3 and leaves the old report byte-identical") {
  TempDir dir;
  const std::string path = dir / "bericht.md";
  const std::string old = "# alter Bericht\n\nbleibt, wie er war\n";
  write_text(path, old);
  const std::string tmpl = dir / "t.mustache";
  write_text(tmpl, "# {{titel}}\n");
  const Run r = run_kep(report_args({"--template", tmpl, "-o", path}));
  CHECK(r.code == 3);
  CHECK(r.out.empty());
  CHECK(r.err ==
        tmpl +
            ":1:3: error: the data has no 'titel' (did you mean 'title'?); docs/templates.md "
            "lists what a template can use [template]\n"
            " 1 | # {{titel}}\n"
            "   |   ^\n");
  CHECK(read_text(path) == old);
  CHECK(names_in(dir.path()) == "bericht.md t.mustache");
  // A syntax error, likewise.
  write_text(tmpl, "{{#fields}}\n");
  CHECK(run_kep(report_args({"--template", tmpl, "-o", path})).code == 3);
  CHECK(read_text(path) == old);
  CHECK(names_in(dir.path()) == "bericht.md t.mustache");
}

TEST_CASE("kep report -o into a folder that does not exist exits 3 with the reason") {
  TempDir dir;
  const std::string path = dir / "fehlt/bericht.md";
  const Run r = run_kep(report_args({"-o", path}));
  CHECK(r.code == 3);
  CHECK(r.out.empty());
  CHECK(r.err == "kep: error: cannot write '" + path +
                     "': No such file or directory; the old file, if any, is unchanged\n");
  CHECK(names_in(dir.path()).empty());
}
