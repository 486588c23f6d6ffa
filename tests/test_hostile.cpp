// Hostile input and faults (issue 8): each gets a clear finding or error in bounded time and
// memory. Big files are made here, in temporary folders (sparse where they can be). kep runs in a
// child process where a test limits it (file size, user) or measures it (time, peak memory).
// docs/robustness.md lists every case and where its test is.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "diagnostic.h"
#include "load.h"
#include "suggest.h"
#include "test_support.h"
#include "yaml_tree.h"

using namespace kep;
using namespace kep::test_support;

namespace {

constexpr std::size_t k_mib = 1u << 20;

const std::string k_plan_yaml =
    "# yaml-language-server: $schema=../schema/plan.schema.json\n"
    "kep: 1\n"
    "title: Kulturplan Teststadt\n"
    "municipality: Teststadt\n"
    "language: de\n"
    "lead: Kulturreferat\n"
    "phases:\n"
    "  - id: A\n"
    "    title: Phase A\n"
    "    start: 2024-01-01\n"
    "    end: 2027-12-31\n";

const std::string k_field_head =
    "# yaml-language-server: $schema=../../schema/field.schema.json\n"
    "id: \"1\"\n"
    "title: Erstes Feld\n"
    "measures:\n";

// Measure 1.n: an id, a title, phase A.
std::string measure(int n) {
  const std::string id = "1." + std::to_string(n);
  return "  - id: \"" + id + "\"\n    title: Maßnahme " + id + "\n    phase: A\n";
}

// A field file with measures 1.1 to 1.count.
std::string field(int count) {
  std::string text = k_field_head;
  for (int n = 1; n <= count; ++n) text += measure(n);
  return text;
}

// A valid plan in dir/plan: plan.yaml and fields/01-feld.yaml with `count` measures.
std::string make_plan(const TempDir& dir, int count = 2) {
  const fs::path plan = dir.path() / "plan";
  fs::create_directories(plan / "fields");
  write_text(plan / "plan.yaml", k_plan_yaml);
  write_text(plan / "fields" / "01-feld.yaml", field(count));
  return plan.string();
}

std::vector<std::string> validate_args(const std::string& plan,
                                       std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"validate",   "--plan",  plan,   "--today",
                                   "2026-11-27", "--color", "never"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// A file of `size` bytes that takes no room on disk: all NUL bytes.
void make_sparse(const fs::path& path, std::uintmax_t size) {
  { std::ofstream create(path, std::ios::binary); }
  fs::resize_file(path, size);
  REQUIRE(fs::file_size(path) == size);
}

// Root reads and writes whatever the permissions say. As root, the child process becomes the
// user nobody, for whom they hold; as anyone else it stays who it is.
void as_ordinary_user() {
  if (::geteuid() != 0) return;
  if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
    throw std::runtime_error("cannot become the user nobody");
}

// For a child that becomes nobody: the temporary folder must be open to others.
void open_to_others(const TempDir& dir) {
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
}

// The peak memory of a child that does almost nothing: what a fork of this test process
// costs (more under AddressSanitizer).
long baseline_rss_kb() {
  const ChildRun run = run_kep_in_child({"--version"});
  REQUIRE(run.code == 0);
  return run.max_rss_kb;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Alias bombs

TEST_CASE("an alias bomb gets one finding per anchor and alias and is never expanded") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  // "Billion laughs": expanded, i would be 9^8 = 43 million copies of "lol".
  std::string bomb =
      "# yaml-language-server: $schema=../../schema/field.schema.json\n"
      "id: \"2\"\ntitle: Bombe\nmeasures: []\nlaughs:\n";
  bomb += "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string("  ") + c + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  write_text(fs::path(plan) / "fields" / "02-bombe.yaml", bomb);
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  CHECK(run.seconds < 5);
  const std::string first =
      "plan/fields/02-bombe.yaml:6:6: error: anchors (&name) are not allowed in a plan; write the "
      "value out in full [yaml-anchor]\n"
      " 6 |   a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
      "   |      ^\n";
  const std::string alias =
      "plan/fields/02-bombe.yaml:7:10: error: aliases (*name) are not allowed in a plan; write the "
      "value out in full [yaml-anchor]\n"
      " 7 |   b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "   |          ^\n";
  const auto relative = [&](std::string text) {
    const std::string prefix = plan.substr(0, plan.size() - 4);  // ".../plan" -> ".../"
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix))
      text.erase(at, prefix.size());
    return text;
  };
  const std::string err = relative(run.err);
  CHECK(err.find(first) != std::string::npos);
  CHECK(err.find(alias) != std::string::npos);
  std::size_t anchors = 0;
  for (auto at = err.find("[yaml-anchor]"); at != std::string::npos;
       at = err.find("[yaml-anchor]", at + 1))
    ++anchors;
  CHECK(anchors == 9 + 8 * 9);  // every anchor and alias once, nothing expanded
  CHECK(err.find("plan/fields/02-bombe.yaml:5:1: error: unknown key 'laughs' in a field "
                 "[unknown-key]\n") != std::string::npos);
  CHECK(err.ends_with("plan: 2 measures in 2 fields; 82 errors, 0 warnings\n"));
}

// ---------------------------------------------------------------------------------------------
// A 100 MB field file and the size limit

TEST_CASE("a 100 MB field file is refused by the size limit without being read") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  const fs::path big = fs::path(plan) / "fields" / "02-gross.yaml";
  make_sparse(big, 100 * k_mib);
  const long baseline = baseline_rss_kb();
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 3);
  CHECK(run.out.empty());
  // The default limit is 64 MiB, as docs/cli.md and docs/rules.md say.
  CHECK(run.err == big.string() +
                       ": error: the file has 104857600 bytes, more than the limit of 67108864; "
                       "split it, or raise the limit with --max-file-size [file-too-large]\n" +
                       plan + ": 2 measures in 1 field; 1 error, 0 warnings\n");
  CHECK(LoadOptions{}.max_file_size == 64 * k_mib);
  // Not read: reading it would take 100 MB of memory and a noticeable time.
  INFO("peak memory " << run.max_rss_kb << " KB, baseline " << baseline << " KB");
  CHECK(run.max_rss_kb < baseline + 32 * 1024);
  CHECK(run.seconds < 2);
}

TEST_CASE("--max-file-size raises the limit: the 100 MB file is read, and its NUL bytes found") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  const fs::path big = fs::path(plan) / "fields" / "02-gross.yaml";
  make_sparse(big, 100 * k_mib);
  const ChildRun run =
      run_kep_in_child(validate_args(plan, {"--max-file-size", std::to_string(100 * k_mib)}));
  CHECK(run.code == 1);
  // The line under the finding is the first 120 of 100 million NUL bytes.
  CHECK(run.err == big.string() +
                       ":1:1: error: the file contains a NUL byte, so it is not a text file; "
                       "remove the byte, or move the file out of the plan folder "
                       "[yaml-encoding]\n"
                       " 1 | " +
                       std::string(120, '?') +
                       "\n"
                       "   | ^\n" +
                       plan + ": 2 measures in 1 field; 1 error, 0 warnings\n");
  INFO("peak memory " << run.max_rss_kb << " KB");
  CHECK(run.max_rss_kb > 100 * 1024);  // it was read, once: the limit was raised
  CHECK(run.max_rss_kb < 400 * 1024);
  CHECK(run.seconds < 10);
}

TEST_CASE("the size limit counts bytes: a file of exactly the limit is read, one byte more not") {
  TempDir dir;
  const std::string plan = make_plan(dir, 20);  // the field file is the larger file
  const fs::path path = fs::path(plan) / "fields" / "01-feld.yaml";
  const auto size = fs::file_size(path);
  REQUIRE(size > fs::file_size(fs::path(plan) / "plan.yaml"));
  Run run = run_kep(validate_args(plan, {"--max-file-size", std::to_string(size)}));
  CHECK(run.code == 0);
  CHECK(run.err == plan + ": 20 measures in 1 field; 0 errors, 0 warnings\n");
  run = run_kep(validate_args(plan, {"--max-file-size", std::to_string(size - 1)}));
  CHECK(run.code == 3);
  CHECK(run.err == path.string() + ": error: the file has " + std::to_string(size) +
                       " bytes, more than the limit of " + std::to_string(size - 1) +
                       "; split it, or raise the limit with --max-file-size [file-too-large]\n" +
                       plan + ": 0 measures in 0 fields; 1 error, 0 warnings\n");
}

// ---------------------------------------------------------------------------------------------
// A 1 MB line

namespace {

// `size` bytes of deterministic garbage drawn from `alphabet` (an LCG, so every run is alike).
std::string garbage(std::size_t size, std::string_view alphabet) {
  std::string out;
  out.reserve(size);
  std::uint32_t x = 1;
  while (out.size() < size) {
    x = (x * 1103515245u + 12345u) & 0x7fffffffu;
    out += alphabet[(x >> 16) % alphabet.size()];
  }
  return out;
}

// The text of a finding with the plan folder's path left out: "plan/fields/...".
std::string relative(const std::string& plan, std::string text) {
  const std::string prefix = plan.substr(0, plan.size() - 4);  // ".../plan" -> ".../"
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix))
    text.erase(at, prefix.size());
  return text;
}

}  // namespace

TEST_CASE("a 1 MB title on one line is accepted in bounded time") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  std::string title;
  while (title.size() < k_mib) title += "Öffentliche Bühne für alle Stadtteile ";
  write_text(fs::path(plan) / "fields" / "01-feld.yaml",
             field(2) + "  - id: \"1.3\"\n    title: " + title + "\n    phase: A\n");
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 0);
  CHECK(relative(plan, run.err) == "plan: 3 measures in 1 field; 0 errors, 0 warnings\n");
  CHECK(run.seconds < 5);
}

TEST_CASE("1 MB of garbage on one line gets one finding with 120 characters of the line") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  const std::string line = garbage(k_mib, "{}[]:,-?!&*|>'\"%@`# abcxyz");
  write_text(fs::path(plan) / "fields" / "01-feld.yaml", k_field_head + line + "\n");
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  CHECK(relative(plan, run.err) ==
        "plan/fields/01-feld.yaml:5:1: error: YAML syntax error (unknown token); check the "
        "indentation and the ':' and '-' on this line and the one above [yaml-syntax]\n"
        " 5 | " +
            line.substr(0, 120) +
            "\n"
            "   | ^\n"
            "plan: 0 measures in 0 fields; 1 error, 0 warnings\n");
  CHECK(run.seconds < 5);
}

TEST_CASE("1 MB of binary garbage on one line gets one encoding finding, not the megabyte") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  std::string bytes;
  for (int c = 1; c < 256; ++c)
    if (c != '\n') bytes += static_cast<char>(c);
  write_text(fs::path(plan) / "fields" / "01-feld.yaml",
             k_field_head + "  - id: \"1.1\"\n    title: " + garbage(k_mib, bytes) + "\n");
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  const std::string err = relative(plan, run.err);
  const std::string first_line = err.substr(0, err.find('\n') + 1);
  CHECK(first_line ==
        "plan/fields/01-feld.yaml:6:13: error: the file is not valid UTF-8 (byte 0xac); save it "
        "as UTF-8 [yaml-encoding]\n");
  CHECK(err.ends_with("plan: 0 measures in 0 fields; 1 error, 0 warnings\n"));
  CHECK(err.size() < 1000);  // the source line is cut to 120 characters
  CHECK(run.seconds < 5);
}

TEST_CASE("a finding at the end of a 1 MB line shows the 120 characters around it") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  write_text(fs::path(plan) / "fields" / "01-feld.yaml",
             field(1) + "  - id: \"1.2\"\n    title: " + std::string(k_mib, 'a') + "\xff\n");
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  // Column 1,048,588 is character 60 of the 120 shown; "…" marks the cut.
  CHECK(relative(plan, run.err) ==
        "plan/fields/01-feld.yaml:9:1048588: error: the file is not valid UTF-8 (byte 0xff); "
        "save it as UTF-8 [yaml-encoding]\n"
        " 9 | …" +
            std::string(60, 'a') +
            "?\n"
            "   | " +
            std::string(61, ' ') +
            "^\n"
            "plan: 0 measures in 0 fields; 1 error, 0 warnings\n");
  CHECK(run.seconds < 5);
}

TEST_CASE("a finding that quotes a 1 MB value shows its start and its end, not the megabyte") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  write_text(fs::path(plan) / "fields" / "01-feld.yaml",
             field(1) + "    due: " + std::string(k_mib, 'x') + "\n");
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  // The message keeps its first 239 and last 160 characters; the tildes end with the line shown.
  const std::string head = "'due' '";
  const std::string advice = "' is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31";
  CHECK(relative(plan, run.err) == "plan/fields/01-feld.yaml:8:10: error: " + head +
                                       std::string(239 - head.size(), 'x') + "…" +
                                       std::string(160 - advice.size(), 'x') + advice +
                                       " [bad-date]\n"
                                       " 8 |     due: " +
                                       std::string(111, 'x') +
                                       "\n"
                                       "   |          ^" +
                                       std::string(110, '~') +
                                       "\n"
                                       "plan: 1 measure in 1 field; 1 error, 0 warnings\n");
  CHECK(run.seconds < 5);
}

TEST_CASE("a long message is cut in the middle in text and GitHub output, kept whole in JSON") {
  const std::vector<SourceFile> files = {{"plan/fields/01-feld.yaml", "id: x\n"}};
  const std::string value(1000, 'y');
  const Finding finding{Place{0, 0, 0, 0}, Severity::error, "bad-value",
                        "'id' '" + value + "' is wrong; ändere es"};
  const std::string advice = "' is wrong; ändere es";  // 21 characters
  const std::string cut =
      "'id' '" + std::string(239 - 6, 'y') + "…" + std::string(160 - 21, 'y') + advice;
  CHECK(format_finding_text(files, finding, TextStyle{false}) ==
        "plan/fields/01-feld.yaml: error: " + cut + " [bad-value]\n");
  CHECK(format_finding_github(files, finding) ==
        "::error file=plan/fields/01-feld.yaml,title=bad-value::" + cut + " [bad-value]\n");
  CHECK(format_findings_json(files, {finding}).find(value) != std::string::npos);
  // 400 characters (umlauts count as one) are not cut.
  const Finding short_enough{Place{0, 0, 0, 0}, Severity::error, "bad-value",
                             std::string(398, 'y') + "äö"};
  CHECK(format_finding_text(files, short_enough, TextStyle{false}) ==
        "plan/fields/01-feld.yaml: error: " + short_enough.message + " [bad-value]\n");
}

TEST_CASE("the caret's tildes end where the line shown ends") {
  const std::vector<SourceFile> files = {{"f.yaml", "a: " + std::string(300, 'b') + "\n"}};
  const Finding finding{Place{0, 1, 4, 300}, Severity::error, "r", "m"};
  CHECK(format_finding_text(files, finding, TextStyle{false}) ==
        "f.yaml:1:4: error: m [r]\n"
        " 1 | a: " +
            std::string(117, 'b') +
            "\n"
            "   |    ^" +
            std::string(116, '~') + "\n");
}

// ---------------------------------------------------------------------------------------------
// Files kep cannot read

TEST_CASE("a field file without read permission gets file-unreadable and exit code 3") {
  TempDir dir;
  open_to_others(dir);
  const std::string plan = make_plan(dir);
  const fs::path locked = fs::path(plan) / "fields" / "02-gesperrt.yaml";
  write_text(locked, field(1));
  fs::permissions(locked, fs::perms::none);
  const ChildRun run = run_kep_in_child(validate_args(plan), as_ordinary_user);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_write);
  CHECK(run.code == 3);
  CHECK(relative(plan, run.err) ==
        "plan/fields/02-gesperrt.yaml: error: cannot read the file: Permission denied; check its "
        "permissions [file-unreadable]\n"
        "plan: 2 measures in 1 field; 1 error, 0 warnings\n");
}

TEST_CASE("a fields/ folder kep may not list gets file-unreadable and exit code 3") {
  TempDir dir;
  open_to_others(dir);
  const std::string plan = make_plan(dir);
  const fs::path fields = fs::path(plan) / "fields";
  fs::permissions(fields, fs::perms::none);
  const ChildRun run = run_kep_in_child(validate_args(plan), [&] {
    as_ordinary_user();
    // A user who may read anything (CAP_DAC_OVERRIDE) lists the folder all the same.
    const int fd = ::open(fields.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      ::close(fd);
      throw std::runtime_error("permissions are ignored");
    }
  });
  fs::permissions(fields, fs::perms::owner_all);
  if (run.err.find("permissions are ignored") != std::string::npos) {
    MESSAGE("skipped: this user reads folders whatever their permissions say");
    return;
  }
  CHECK(run.code == 3);
  CHECK(relative(plan, run.err) ==
        "plan/fields: error: cannot read the folder: Permission denied; check its permissions "
        "[file-unreadable]\n"
        "plan: 0 measures in 0 fields; 1 error, 0 warnings\n");
}

TEST_CASE("a named pipe in fields/ or as plan.yaml is refused at once, without waiting") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  REQUIRE(::mkfifo((fs::path(plan) / "fields" / "02-pipe.yaml").c_str(), 0644) == 0);
  ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 3);
  CHECK(run.signal == 0);  // not ended by the alarm of a child that hangs
  CHECK(relative(plan, run.err) ==
        "plan/fields/02-pipe.yaml: error: this is not a regular file (a device or pipe); replace "
        "it with a YAML file [file-unreadable]\n"
        "plan: 2 measures in 1 field; 1 error, 0 warnings\n");
  CHECK(run.seconds < 2);
  fs::remove(fs::path(plan) / "plan.yaml");
  REQUIRE(::mkfifo((fs::path(plan) / "plan.yaml").c_str(), 0644) == 0);
  run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 3);
  CHECK(relative(plan, run.err) ==
        "plan/plan.yaml: error: this is not a regular file (a device or pipe); replace it with a "
        "YAML file [file-unreadable]\n"
        "plan/fields/02-pipe.yaml: error: this is not a regular file (a device or pipe); replace "
        "it with a YAML file [file-unreadable]\n"
        "plan: 2 measures in 1 field; 2 errors, 0 warnings\n");
  CHECK(run.seconds < 2);
}

// ---------------------------------------------------------------------------------------------
// Output paths that cannot be written

namespace {

std::vector<std::string> report_args(const std::string& plan, const std::string& output,
                                     const std::string& format = "md") {
  return {"report",     "--plan",   plan,   "--no-commit", "--today",
          "2026-11-27", "--format", format, "-o",          output};
}

std::string cannot_write(const std::string& path, const std::string& reason) {
  return "kep: error: cannot write '" + path + "': " + reason +
         "; the old file, if any, is unchanged\n";
}

}  // namespace

TEST_CASE("kep report -o into a folder that does not exist: exit 3, nothing created") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  REQUIRE_FALSE(fs::exists("/nonexistent"));
  const Run run = run_kep(report_args(plan, "/nonexistent/dir/r.html", "html"));
  CHECK(run.code == 3);
  CHECK(run.out.empty());
  CHECK(run.err == cannot_write("/nonexistent/dir/r.html", "No such file or directory"));
  CHECK_FALSE(fs::exists("/nonexistent"));
}

TEST_CASE("kep report -o onto an existing folder: exit 3, the folder and its files unchanged") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  const fs::path folder = dir.path() / "bericht.md";
  fs::create_directory(folder);
  write_text(folder / "alt.txt", "alt\n");
  const Run run = run_kep(report_args(plan, folder.string()));
  CHECK(run.code == 3);
  CHECK(run.out.empty());
  CHECK(run.err == cannot_write(folder.string(), "Is a directory"));
  CHECK(names_in(dir.path()) == "bericht.md plan");  // no temporary file left beside it
  CHECK(names_in(folder) == "alt.txt");
  CHECK(read_text(folder / "alt.txt") == "alt\n");
}

TEST_CASE("kep report -o below a file that is not a folder: exit 3") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  write_text(dir.path() / "datei", "x\n");
  const std::string path = dir / "datei/bericht.md";
  const Run run = run_kep(report_args(plan, path));
  CHECK(run.code == 3);
  CHECK(run.err == cannot_write(path, "Not a directory"));
  CHECK(names_in(dir.path()) == "datei plan");
}

TEST_CASE("kep report -o into a read-only folder: exit 3, the old report byte-identical") {
  TempDir dir;
  open_to_others(dir);
  const std::string plan = make_plan(dir);
  const fs::path folder = dir.path() / "nur-lesen";
  fs::create_directory(folder);
  const std::string path = (folder / "bericht.md").string();
  const std::string old = "# alter Bericht\n\nbleibt, wie er war\n";
  write_text(path, old);
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                              fs::perms::others_exec);
  const ChildRun run = run_kep_in_child(report_args(plan, path), as_ordinary_user);
  fs::permissions(folder, fs::perms::owner_all);
  CHECK(run.code == 3);
  CHECK(run.out.empty());
  CHECK(run.err == cannot_write(path, "Permission denied"));
  CHECK(read_text(path) == old);
  CHECK(names_in(folder) == "bericht.md");
}

// ---------------------------------------------------------------------------------------------
// A full disk while writing

namespace {

// In the child: files may grow to `bytes`, as after `ulimit -f`; SIGXFSZ does what it does by
// default (end the process), so kep itself must keep it from ending it mid-write.
std::function<void()> file_size_limit(rlim_t bytes) {
  return [bytes] {
    const rlimit limit{bytes, bytes};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) throw std::runtime_error("setrlimit failed");
    ::signal(SIGXFSZ, SIG_DFL);
  };
}

}  // namespace

TEST_CASE("a full disk while writing a report: exit 3, the old report byte-identical") {
  TempDir dir;
  const std::string plan = make_plan(dir, 30);
  const std::string path = dir / "bericht.html";
  const std::string old = "<p>alter Bericht</p>\n";
  write_text(path, old);
  // The report is larger than 4 KiB: the write stops part of the way (a short write), then fails.
  REQUIRE(run_kep(report_args(plan, dir / "probe.html", "html")).code == 0);
  REQUIRE(fs::file_size(dir / "probe.html") > 4096);
  fs::remove(dir / "probe.html");
  const ChildRun run = run_kep_in_child(report_args(plan, path, "html"), file_size_limit(4096));
  CHECK(run.signal == 0);
  CHECK(run.code == 3);
  CHECK(run.out.empty());
  CHECK(run.err == cannot_write(path, "File too large"));
  CHECK(read_text(path) == old);
  CHECK(names_in(dir.path()) == "bericht.html plan");
}

TEST_CASE("a full disk while kep set writes: exit 3, the field file byte-identical, no lock left") {
  TempDir dir;
  const std::string plan = make_plan(dir, 30);
  const fs::path path = fs::path(plan) / "fields" / "01-feld.yaml";
  const std::string old = read_text(path);
  REQUIRE(old.size() > 1024);
  const ChildRun run = run_kep_in_child(
      {"set", "--plan", plan, "--today", "2026-11-27", "1.30", "status=in_progress"},
      file_size_limit(1024));
  CHECK(run.signal == 0);
  CHECK(run.code == 3);
  CHECK(run.err == cannot_write(path.string(), "File too large"));
  CHECK(read_text(path) == old);
  CHECK(names_in(path.parent_path()) == "01-feld.yaml");
}

// ---------------------------------------------------------------------------------------------
// Concurrent kep set on one file

TEST_CASE("ten kep set at once on one field file lose no change") {
  TempDir dir;
  const std::string plan = make_plan(dir, 10);
  const fs::path fields = fs::path(plan) / "fields";
  for (int round = 1; round <= 2; ++round) {
    // The children wait at a closed pipe until all are there, then start together.
    int gate[2];
    REQUIRE(::pipe(gate) == 0);
    std::vector<pid_t> children;
    for (int n = 1; n <= 10; ++n) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        ::alarm(60);
        ::close(gate[1]);
        char c;
        while (::read(gate[0], &c, 1) > 0) {
        }
        int code = 99;
        try {
          const std::string id = "1." + std::to_string(n);
          const Run run =
              run_kep({"set", "--plan", plan, "--today", "2026-11-27", id, "status=in_progress",
                       "progress=" + std::to_string(n + 10 * round), "--note",
                       "Runde " + std::to_string(round) + ", Prozess " + std::to_string(n)});
          std::ofstream(dir / ("err-" + std::to_string(n))) << run.err;
          code = run.code;
        } catch (...) {
        }
        ::_exit(code);
      }
      children.push_back(pid);
    }
    ::close(gate[0]);
    ::close(gate[1]);
    for (std::size_t i = 0; i < children.size(); ++i) {
      int status = 0;
      REQUIRE(::waitpid(children[i], &status, 0) == children[i]);
      INFO("round " << round << ", process " << i + 1 << ": "
                    << read_text(dir / ("err-" + std::to_string(i + 1))));
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
    const auto loaded = load_plan(plan);
    CHECK_FALSE(has_errors(loaded.findings));
    REQUIRE(loaded.plan.fields.size() == 1);
    const auto& measures = loaded.plan.fields[0].measures;
    REQUIRE(measures.size() == 10);
    for (int n = 1; n <= 10; ++n) {
      const Measure& m = measures[static_cast<std::size_t>(n - 1)];
      INFO("round " << round << ", measure " << m.id.value);
      CHECK(m.status.value == "in_progress");
      CHECK(m.progress == n + 10 * round);
      REQUIRE(m.updates.size() == static_cast<std::size_t>(round));
      CHECK(m.updates.back().note ==
            "Runde " + std::to_string(round) + ", Prozess " + std::to_string(n));
    }
    CHECK(names_in(fields) == "01-feld.yaml");  // no lock or temporary file left
  }
  CHECK(run_kep(validate_args(plan)).code == 0);
}

// ---------------------------------------------------------------------------------------------
// Many nodes on one long line

TEST_CASE("40,000 items on one line get their columns and lengths from yaml-cpp's reader") {
  // Plain "äN" and quoted "öN" items alternate; each column is counted by hand here. The
  // yaml-cpp path (parse_yaml_cpp, the one that reads anchors, aliases and tags) counted each
  // item's column from the start of the line: quadratic (docs/robustness.md).
  constexpr std::size_t k_items = 40000;
  std::string line = "tags: [";
  std::vector<std::size_t> columns, lengths;
  std::size_t column = 8;  // 1-based, in characters
  for (std::size_t i = 0; i < k_items; ++i) {
    if (i > 0) {
      line += ", ";
      column += 2;
    }
    const std::string number = std::to_string(i);
    const bool quoted = i % 2 == 1;
    line += quoted ? "\"ö" + number + "\"" : "ä" + number;
    columns.push_back(column);
    lengths.push_back(1 + number.size() + (quoted ? 2 : 0));
    column += lengths.back();
  }
  line += "]";
  const auto parsed =
      yaml::parse_yaml_cpp("id: x\n" + line + "\nend: \"ü\"\n", 3, yaml::Limits{}, "empty");
  CHECK(parsed.findings.empty());
  REQUIRE(parsed.root);
  const yaml::Node* tags = parsed.root->find("tags");
  REQUIRE(tags);
  REQUIRE(tags->items.size() == k_items);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < k_items; ++i) {
    const Place& place = tags->items[i].place;
    if (place.file != 3 || place.line != 2 || place.column != columns[i] ||
        place.length != lengths[i]) {
      if (wrong++ < 5)
        FAIL_CHECK("item " << i << ": " << place.line << ":" << place.column << " length "
                           << place.length << ", not 2:" << columns[i] << " length " << lengths[i]);
    }
  }
  CHECK(wrong == 0);
  // The next line starts counting anew.
  const yaml::Node* end = parsed.root->find("end");
  REQUIRE(end);
  CHECK(end->key_place.line == 3);
  CHECK(end->key_place.column == 1);
  CHECK(end->place.column == 6);
  CHECK(end->place.length == 3);
}

// ---------------------------------------------------------------------------------------------
// A cap on findings per file

namespace {

Finding finding_at(std::uint32_t file, std::uint32_t line, Severity severity,
                   const std::string& rule = "unknown-status") {
  return Finding{Place{file, line, 3, 2}, severity, rule, "m" + std::to_string(line)};
}

}  // namespace

TEST_CASE("cap_findings keeps the first 100 findings of each file and says how many are left") {
  Findings findings;
  for (std::uint32_t line = 1; line <= 103; ++line)
    findings.push_back(finding_at(0, line, line == 102 ? Severity::warning : Severity::error));
  for (std::uint32_t line = 1; line <= 100; ++line)
    findings.push_back(finding_at(1, line, Severity::warning));
  for (std::uint32_t line = 1; line <= 250; ++line)
    findings.push_back(finding_at(2, line, Severity::warning));
  cap_findings(findings);
  REQUIRE(findings.size() == 101 + 100 + 101);
  CHECK(findings[99].message == "m100");
  const Finding& first = findings[100];
  CHECK(first.place.file == 0);
  CHECK(first.place.line == 101);  // where the first finding left out was
  CHECK(first.place.column == 3);
  CHECK(first.severity == Severity::error);
  CHECK(first.rule == "too-many-findings");
  CHECK(first.message ==
        "3 more findings in this file are not shown (2 errors, 1 warning): kep shows the first "
        "100 of a file; fix them and run kep again");
  CHECK(findings[101].place.file == 1);  // exactly 100: nothing left out
  CHECK(findings[200].message == "m100");
  // Only warnings left out: a warning, so that the exit code stays 0 without --strict.
  const Finding& last = findings.back();
  CHECK(last.place.file == 2);
  CHECK(last.place.line == 101);
  CHECK(last.severity == Severity::warning);
  CHECK(last.message ==
        "150 more findings in this file are not shown (0 errors, 150 warnings): kep shows the "
        "first 100 of a file; fix them and run kep again");
  // Capping again changes nothing.
  const Findings once = findings;
  sort_findings({}, findings);
  REQUIRE(findings.size() == once.size());
  for (std::size_t i = 0; i < once.size(); ++i) CHECK(findings[i].message == once[i].message);
  // One left out is one finding.
  Findings few;
  for (std::uint32_t line = 1; line <= 3; ++line)
    few.push_back(finding_at(0, line, Severity::error));
  cap_findings(few, 2);
  REQUIRE(few.size() == 3);
  CHECK(few.back().message ==
        "1 more finding in this file is not shown (1 error, 0 warnings): kep shows the first 2 "
        "of a file; fix them and run kep again");
}

TEST_CASE("100,000 aliases on one line get 100 findings and one too-many-findings, exit 1") {
  TempDir dir;
  const std::string plan = make_plan(dir);
  std::string bad =
      "# yaml-language-server: $schema=../../schema/field.schema.json\n"
      "id: \"2\"\ntitle: Zweites Feld\nmeasures:\n"
      "  - id: \"2.1\"\n    title: &a Titel\n    phase: A\n    tags: [";
  for (int i = 0; i < 100000; ++i) bad += i ? ", *a" : "*a";
  bad += "]\n";
  write_text(fs::path(plan) / "fields" / "02-aliase.yaml", bad);
  const ChildRun run = run_kep_in_child(validate_args(plan));
  CHECK(run.code == 1);
  const std::string err = relative(plan, run.err);
  CHECK(err.starts_with(
      "plan/fields/02-aliase.yaml:6:12: error: anchors (&name) are not allowed in a plan; write "
      "the value out in full [yaml-anchor]\n"
      " 6 |     title: &a Titel\n"
      "   |            ^\n"
      "plan/fields/02-aliase.yaml:8:12: error: aliases (*name) are not allowed in a plan; write "
      "the value out in full [yaml-anchor]\n"));
  std::size_t count = 0;
  for (auto at = err.find("[yaml-anchor]"); at != std::string::npos;
       at = err.find("[yaml-anchor]", at + 1))
    ++count;
  CHECK(count == 100);  // the anchor and 99 aliases
  // The 100th alias, the first left out, is at column 12 + 99 * 4.
  CHECK(err.find("plan/fields/02-aliase.yaml:8:408: error: 99901 more findings in this file are "
                 "not shown (99901 errors, 0 warnings): kep shows the first 100 of a file; fix "
                 "them and run kep again [too-many-findings]\n") != std::string::npos);
  CHECK(err.ends_with("plan: 3 measures in 2 fields; 100001 errors, 0 warnings\n"));
  // JSON is capped as well: 101 objects.
  const ChildRun json = run_kep_in_child(validate_args(plan, {"--format", "json"}));
  CHECK(json.code == 1);
  std::size_t objects = 0;
  for (auto at = json.out.find("\"rule\""); at != std::string::npos;
       at = json.out.find("\"rule\"", at + 1))
    ++objects;
  CHECK(objects == 101);
  CHECK(json.out.find("\"rule\": \"too-many-findings\"") != std::string::npos);
  INFO("text " << run.seconds << " s, JSON " << json.seconds << " s");
}

// ---------------------------------------------------------------------------------------------
// "Did you mean" on a huge value

TEST_CASE("did you mean: a value longer than any name gets no suggestion and costs nothing") {
  const std::string name(k_max_suggested_word, 'a');
  std::string typo = name;
  typo[100] = 'b';
  // Up to k_max_suggested_word bytes, a typo is found as before.
  CHECK(closest_match(typo, {"planned", name}) == name);
  // One byte longer is no name: nothing is compared.
  CHECK(closest_match(typo + "a", {"planned", name + "a"}) == std::nullopt);
  // A 1 MB value compared with the statuses (0.8 s before the cut, docs/robustness.md).
  const std::string huge(k_mib, 'x');
  CHECK(did_you_mean(huge, {"planned", "in_progress", "done", huge + "y"}).empty());
  // Candidates whose length alone puts them too far away are skipped; the closest is kept.
  CHECK(closest_match("in_progres", {"in_progress_and_more", "in_progress", "in_pr"}) ==
        "in_progress");
  CHECK(closest_match("dnoe", {"done", "d", "doneeee"}) == "done");
}

// ---------------------------------------------------------------------------------------------
// KEP_MAX_FILE_SIZE

TEST_CASE("KEP_MAX_FILE_SIZE sets the size limit; --max-file-size wins over it") {
  TempDir dir;
  const std::string plan = make_plan(dir, 20);
  const fs::path path = fs::path(plan) / "fields" / "01-feld.yaml";
  const auto size = fs::file_size(path);
  const std::string too_large =
      path.string() + ": error: the file has " + std::to_string(size) +
      " bytes, more than the limit of " + std::to_string(size - 1) +
      "; split it, or raise the limit with --max-file-size [file-too-large]\n" + plan +
      ": 0 measures in 0 fields; 1 error, 0 warnings\n";
  {
    const EnvGuard env("KEP_MAX_FILE_SIZE", std::to_string(size - 1).c_str());
    Run run = run_kep(validate_args(plan));
    CHECK(run.code == 3);
    CHECK(run.err == too_large);
    run = run_kep(validate_args(plan, {"--max-file-size", std::to_string(size)}));
    CHECK(run.code == 0);
    CHECK(run.err == plan + ": 20 measures in 1 field; 0 errors, 0 warnings\n");
  }
  {
    const EnvGuard env("KEP_MAX_FILE_SIZE", std::to_string(size).c_str());
    const Run run = run_kep(validate_args(plan));
    CHECK(run.code == 0);
  }
  {
    const EnvGuard env("KEP_MAX_FILE_SIZE", "viel");
    const Run run = run_kep(validate_args(plan));
    CHECK(run.code == 2);
    CHECK(run.err ==
          "kep: error: --max-file-size (or KEP_MAX_FILE_SIZE) 'viel' is not a number of bytes; "
          "write a whole number, e.g. 134217728 for 128 MiB\n");
  }
  const Run bad = run_kep(validate_args(plan, {"--max-file-size", "-1"}));
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "kep: error: --max-file-size (or KEP_MAX_FILE_SIZE) '-1' is not a number of bytes; "
        "write a whole number, e.g. 134217728 for 128 MiB\n");
  const Run help = run_kep({"--help"});
  CHECK(help.out.find("  --max-file-size BYTES (Env:KEP_MAX_FILE_SIZE)\n") != std::string::npos);
}
