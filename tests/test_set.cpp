// kep set on a copy of the query fixture: only the changed lines change, an invalid change
// leaves the file byte-identical, and two runs at once on one file lose neither change.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "load.h"

using namespace kep;
namespace fs = std::filesystem;

namespace {

const std::string k_fixture = KEP_SOURCE_DIR "/tests/fixtures/query/plan";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A copy of the fixture plan in a fresh temporary folder, removed afterwards.
class PlanCopy {
 public:
  PlanCopy() {
    std::string pattern = (fs::temp_directory_path() / "kep-test-set-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_root = pattern;
    fs::copy(k_fixture, m_root / "plan", fs::copy_options::recursive);
  }
  ~PlanCopy() {
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }
  PlanCopy(const PlanCopy&) = delete;
  PlanCopy& operator=(const PlanCopy&) = delete;

  std::string dir() const { return (m_root / "plan").string(); }
  fs::path field(const std::string& name) const { return m_root / "plan" / "fields" / name; }

  // The names in fields/: a leftover lock or temporary file shows here.
  std::string field_names() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(m_root / "plan" / "fields"))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : " ") + name;
    return out;
  }

 private:
  fs::path m_root;
};

const std::string k_names = "01-einrichtungen.yaml 02-teilhabe.yaml 03-bildung.yaml";

struct Run {
  int code;
  std::string out, err;
};

Run set(const PlanCopy& plan, std::vector<std::string> args) {
  args.insert(args.begin(),
              {"set", "--plan", plan.dir(), "--today", "2026-11-27", "--color", "never"});
  std::ostringstream out, err;
  const int code = run_cli(args, out, err, Terminal{});
  return Run{code, out.str(), err.str()};
}

// `text` with `from` (which must occur once) replaced by `to`.
std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
  REQUIRE(text.find(from) != std::string::npos);
  REQUIRE(text.find(from) == text.rfind(from));
  std::string out = text;
  return out.replace(out.find(from), from.size(), to);
}

const Measure* find_measure(const Plan& plan, const std::string& id) {
  for (const auto& field : plan.fields)
    for (const auto& m : field.measures)
      if (m.id.value == id) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("kep set changes only the measure's lines and logs the status change") {
  PlanCopy plan;
  const std::string file = "01-einrichtungen.yaml";
  const std::string before = read_text(plan.field(file));
  const std::string others = read_text(plan.field("02-teilhabe.yaml")) +
                             read_text(plan.field("03-bildung.yaml")) +
                             read_text(plan.dir() + "/plan.yaml");
  const auto run = set(
      plan, {"1.1", "status=in_progress", "--note", "Auftakttreffen", "--ref", "KA 12.03.2026"});
  CHECK(run.code == 0);
  CHECK(run.out.empty());
  CHECK(run.err == plan.dir() + "/fields/" + file +
                       ": 1.1: Status geplant → in Umsetzung; neuer Eintrag 27.11.2026\n");
  CHECK(read_text(plan.field(file)) == replaced(before,
                                                "    phase: A\n"
                                                "    themes: [teilhabe]\n"
                                                "    tags: [museum]\n",
                                                "    phase: A\n"
                                                "    status: in_progress\n"
                                                "    themes: [teilhabe]\n"
                                                "    tags: [museum]\n"
                                                "    updates:\n"
                                                "      - date: 2026-11-27\n"
                                                "        status: in_progress\n"
                                                "        note: Auftakttreffen\n"
                                                "        ref: KA 12.03.2026\n"));
  CHECK(read_text(plan.field("02-teilhabe.yaml")) + read_text(plan.field("03-bildung.yaml")) +
            read_text(plan.dir() + "/plan.yaml") ==
        others);
  CHECK(plan.field_names() == k_names);
}

TEST_CASE("kep set replaces values in place, quotes where needed and appends to updates") {
  PlanCopy plan;
  const std::string file = "01-einrichtungen.yaml";
  const std::string before = read_text(plan.field(file));
  const auto run = set(plan, {"1.2", "lead=Kultur: Referat", "progress=60", "status=done", "--date",
                              "2026-10-01", "--note", "Letzte Reihe"});
  CHECK(run.code == 0);
  CHECK(run.err == plan.dir() + "/fields/" + file +
                       ": 1.2: Federführung Stadtbibliothek → Kultur: Referat; Fortschritt 50 → "
                       "60; Status in Umsetzung → umgesetzt; neuer Eintrag 01.10.2026\n");
  CHECK(read_text(plan.field(file)) == replaced(before,
                                                "    status: in_progress\n"
                                                "    kind: continuous\n"
                                                "    lead: Stadtbibliothek\n"
                                                "    progress: 50\n"
                                                "    updates:\n"
                                                "      - date: 2024-05-10\n"
                                                "        status: in_progress\n"
                                                "        note: Erste Veranstaltungsreihe\n"
                                                "        ref: Kulturausschuss 14.05.2024, TOP 3\n",
                                                "    status: done\n"
                                                "    kind: continuous\n"
                                                "    lead: \"Kultur: Referat\"\n"
                                                "    progress: 60\n"
                                                "    updates:\n"
                                                "      - date: 2024-05-10\n"
                                                "        status: in_progress\n"
                                                "        note: Erste Veranstaltungsreihe\n"
                                                "        ref: Kulturausschuss 14.05.2024, TOP 3\n"
                                                "      - date: 2026-10-01\n"
                                                "        status: done\n"
                                                "        note: Letzte Reihe\n"));
  // The same again: nothing to change, nothing written.
  const std::string now = read_text(plan.field(file));
  const auto again = set(plan, {"1.2", "progress=60"});
  CHECK(again.code == 0);
  CHECK(again.err == plan.dir() + "/fields/" + file +
                         ": 1.2: nothing to change; the measure has these values already\n");
  CHECK(read_text(plan.field(file)) == now);
}

TEST_CASE("an invalid change exits 1 with the findings and leaves the file byte-identical") {
  PlanCopy plan;
  const std::string file = "01-einrichtungen.yaml";
  const std::string path = plan.dir() + "/fields/" + file;
  const std::string before = read_text(plan.field(file));
  const auto status = set(plan, {"1.1", "status=in_progres"});
  CHECK(status.code == 1);
  CHECK(status.out.empty());
  CHECK(status.err ==
        path +
            ":8:13: error: unknown status 'in_progres' (did you mean 'in_progress'?) "
            "[unknown-status]\n"
            " 8 |     status: in_progres\n"
            "   |             ^~~~~~~~~~\n" +
            path +
            ":13:17: error: unknown status 'in_progres' (did you mean 'in_progress'?) "
            "[unknown-status]\n"
            " 13 |         status: in_progres\n"
            "    |                 ^~~~~~~~~~\n"
            "kep: error: 1.1 not changed: the change would give the plan 2 errors; the file is "
            "untouched\n");
  const auto progress = set(plan, {"1.2", "progress=150"});
  CHECK(progress.code == 1);
  CHECK(progress.err == path +
                            ":17:15: error: 'progress' must be between 0 and 100, not 150 "
                            "[bad-value]\n"
                            " 17 |     progress: 150\n"
                            "    |               ^~~\n"
                            "kep: error: 1.2 not changed: the change would give the plan 1 "
                            "error; the file is untouched\n");
  const auto phase = set(plan, {"1.2", "phase=C"});
  CHECK(phase.code == 1);
  CHECK(phase.err.starts_with(path + ":13:12: error: unknown phase 'C'; plan.yaml lists: A, B "
                                     "[unknown-phase]\n"));
  // An update dated after --today.
  const auto future = set(plan, {"1.2", "--note", "später", "--date", "2027-01-01"});
  CHECK(future.code == 1);
  CHECK(future.err.find("[future-update]") != std::string::npos);
  CHECK(read_text(plan.field(file)) == before);
  CHECK(plan.field_names() == k_names);
}

TEST_CASE("a plan with errors already is not changed; kep set says to fix them first") {
  PlanCopy plan;
  const fs::path teilhabe = plan.field("02-teilhabe.yaml");
  write_text(teilhabe,
             replaced(read_text(teilhabe), "    status: deferred\n", "    status: deferd\n"));
  const std::string before = read_text(plan.field("01-einrichtungen.yaml"));
  const auto run = set(plan, {"1.1", "progress=10"});
  CHECK(run.code == 1);
  CHECK(run.err.ends_with(
      "kep: error: 1.1 not changed: the plan has errors already; fix them first (kep validate "
      "lists them); the file is untouched\n"));
  CHECK(run.err.find("unknown status 'deferd' (did you mean 'deferred'?)") != std::string::npos);
  CHECK(read_text(plan.field("01-einrichtungen.yaml")) == before);
}

TEST_CASE("an unknown id, an unsafe value and usage mistakes leave the plan alone") {
  PlanCopy plan;
  const auto unknown = set(plan, {"1.100", "status=done"});
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "kep: error: there is no measure '1.100' (did you mean '1.10'?)\n");

  const fs::path bildung = plan.field("03-bildung.yaml");
  write_text(bildung, replaced(read_text(bildung), "    lead: Musikschule\n",
                               "    lead: >-\n      Musikschule\n"));
  const std::string before = read_text(bildung);
  const auto block = set(plan, {"3.2", "lead=Kulturreferat"});
  CHECK(block.code == 1);
  CHECK(block.err == "kep: error: " + plan.dir() +
                         "/fields/03-bildung.yaml: 'lead' of measure 3.2 is a block of lines (| "
                         "or >); kep set cannot change it safely; edit it by hand\n");
  CHECK(read_text(bildung) == before);

  CHECK(set(plan, {"1.1", "sttus=done"}).err ==
        "kep: error: kep set cannot change 'sttus' (did you mean 'status'?); it changes status, "
        "progress, lead and phase\n");
  CHECK(set(plan, {"1.1", "status"}).code == 2);
  CHECK(set(plan, {"1.1", "lead="}).code == 2);
  CHECK(set(plan, {"1.1", "phase=A", "phase=B"}).code == 2);
  CHECK(set(plan, {"1.1"}).code == 2);
  CHECK(set(plan, {"1.1", "progress=3", "--date", "2026-01-01"}).code == 2);
  CHECK(set(plan, {"1.1", "--note", "x", "--date", "1.1.2026"}).code == 2);
  CHECK(plan.field_names() == k_names);
}

TEST_CASE("kep set --help shows examples") {
  std::ostringstream out, err;
  CHECK(run_cli({"set", "--help"}, out, err, Terminal{}) == 0);
  CHECK(out.str().find("kep set 4.8 status=in_progress --note \"Auftakttreffen\" --ref \"KA "
                       "12.03.2026\"") != std::string::npos);
}

TEST_CASE("two kep set at once on the same file lose neither change") {
  PlanCopy plan;
  const auto in_child = [&](std::vector<std::string> args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int code = 3;
      try {
        code = set(plan, std::move(args)).code;
      } catch (...) {
      }
      ::_exit(code);
    }
    return pid;
  };
  const std::size_t updates_before = 1;  // 1.2 has one update in the fixture
  for (int round = 1; round <= 20; ++round) {
    const std::string value = std::to_string(round);
    const pid_t a = in_child({"1.1", "progress=" + value});
    const pid_t b = in_child({"1.2", "progress=" + value, "--note", "Runde " + value});
    REQUIRE(a > 0);
    REQUIRE(b > 0);
    int status_a = 0, status_b = 0;
    ::waitpid(a, &status_a, 0);
    ::waitpid(b, &status_b, 0);
    CHECK(WIFEXITED(status_a));
    CHECK(WEXITSTATUS(status_a) == 0);
    CHECK(WIFEXITED(status_b));
    CHECK(WEXITSTATUS(status_b) == 0);
    const auto loaded = load_plan(plan.dir());
    const Measure* first = find_measure(loaded.plan, "1.1");
    const Measure* second = find_measure(loaded.plan, "1.2");
    REQUIRE(first);
    REQUIRE(second);
    INFO("round " << round);
    CHECK(first->progress == round);
    CHECK(second->progress == round);
    REQUIRE(second->updates.size() == updates_before + static_cast<std::size_t>(round));
    CHECK(second->updates.back().note == "Runde " + value);
  }
  CHECK(plan.field_names() == k_names);
}
