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
#include "test_support.h"

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
