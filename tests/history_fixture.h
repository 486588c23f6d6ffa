#pragma once
// Temporary git repositories for the history tests (test_history.cpp, test_repo.cpp), made with
// the `git` command, and kep run in process on them (with test_support.h). Header only:
// tests/CMakeLists.txt compiles only tests/test_*.cpp.
//
// The story repository (`StoryRepo`) is the plan of the history tests, commit by commit, each at
// 10:00 UTC on its day, with fixed authors, so that every commit id is the same on every run:
//   c0 2024-01-10 Anna Admin    README anlegen          README.md only, before the plan
//   c1 2024-02-01 Anna Alt      Plan anlegen            plan.yaml (A 2024-2025, B 2026-2028),
//                                                       fields/01-a.yaml: 1.1 A, 1.2 A, 1.3 B
//   c2 2024-03-15 Bernd Bauer   1.1 begonnen            1.1 in_progress, update of 2024-03-14
//   c3 2024-04-02 Anna Admin    README ergänzt          README.md only
//   c4 2024-05-20 Clara Conrad  Feld 2; 1.2 umbenannt   1.2 retitled, phase A -> B, lead set;
//                                                       fields/02-b.yaml: 2.1 added, 1.3 moved in
//   c5 2024-10-01 Bernd Bauer   1.1 umgesetzt, 2.1 gestrichen   1.1 done, update; 2.1 removed
//
// The field story (`FieldStoryRepo`) changes the plan's files one kind of change at a time, for
// comparing views of the plan (only the changed files) with whole plans:
//   e0 2025-01-10  three fields: 01-a.yaml (1.1-1.3), 02-b.yaml (2.1-2.3), 03-c.yaml (3.1, 3.2)
//   e1 2025-02-01  one field changed: 1.1 in_progress with an update, 1.2 retitled with a lead
//   e2 2025-03-01  1.2 moved from 01-a.yaml to 02-b.yaml
//   e3 2025-04-01  03-c.yaml renamed to 05-c.yaml, its content unchanged
//   e4 2025-05-01  plan.yaml changed: the plan's lead, phase A's end, immediate 2.1 and 3.1
//   e5 2025-06-01  02-b.yaml broken (invalid YAML)
//   e6 2025-07-01  02-b.yaml repaired, 2.2 done
//   e7 2025-08-01  05-c.yaml removed; 04-d.yaml with 3.1 moved in and 4.1 new
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "test_support.h"

namespace kep::test {

// `text` in single quotes for sh.
inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `command` with sh; returns its exit status, and its stdout in `output` when given.
inline int shell(const std::string& command, std::string* output = nullptr) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  const int status = ::pclose(pipe);
  if (output) *output = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// test_support's temporary folder with its path as a string, so that paths in it are built with +.
class TempDir {
 public:
  const std::string& path() const { return m_path; }

 private:
  test_support::TempDir m_dir;
  std::string m_path = m_dir.path().string();
};

// Writes `text` to `path`, making its folders.
inline void write_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  test_support::write_text(path, text);
}

// A git repository in a folder, driven with the `git` command. The user's and the system's git
// configuration are left out, so a signing key or another default branch changes nothing.
class GitRepo {
 public:
  // Makes the folder `dir` (if need be) and a repository in it, on the branch main.
  explicit GitRepo(std::string dir) : m_dir(std::move(dir)) {
    std::filesystem::create_directories(m_dir);
    git("-c init.defaultBranch=main init -q");
  }

  const std::string& dir() const { return m_dir; }
  std::string plan() const { return m_dir + "/plan"; }

  void write(const std::string& relative, const std::string& text) const {
    write_file(m_dir + "/" + relative, text);
  }
  void remove(const std::string& relative) const {
    std::filesystem::remove(m_dir + "/" + relative);
  }

  // `git ARGS` in the repository as `author` on `date` (YYYY-MM-DD, 10:00 UTC; or a full
  // date and time as git reads it, e.g. 2024-04-01T00:30:00+02:00): its stdout
  // without the final line break; the exit status in `status`.
  std::string git(const std::string& args, const std::string& author = "Test",
                  const std::string& date = "2024-01-01", int* status = nullptr) const {
    return run(git_command(args, author, date) + " 2>/dev/null", status);
  }

  // Stages everything and commits it; returns the new commit's id (40 hex digits).
  std::string commit(const std::string& message, const std::string& author,
                     const std::string& date) const {
    std::string id =
        run("{ " + git_command("add -A", author, date) + " && " +
            git_command("commit -q --allow-empty -m " + shell_quote(message), author, date) +
            " && " + git_command("rev-parse HEAD", author, date) + "; } 2>/dev/null");
    if (id.size() != 40) throw std::runtime_error("git commit failed in " + m_dir);
    return id;
  }

 private:
  std::string git_command(const std::string& args, const std::string& author,
                          const std::string& date) const {
    const std::string when = date.size() == 10 ? date + "T10:00:00+00:00" : date;
    return "env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=" +
           shell_quote(author) + " GIT_AUTHOR_EMAIL=kep@example.org GIT_AUTHOR_DATE=" + when +
           " GIT_COMMITTER_NAME=" + shell_quote(author) +
           " GIT_COMMITTER_EMAIL=kep@example.org GIT_COMMITTER_DATE=" + when + " git -C " +
           shell_quote(m_dir) + " -c commit.gpgsign=false -c core.autocrlf=false " + args;
  }

  static std::string run(const std::string& command, int* status = nullptr) {
    std::string out;
    const int code = shell(command, &out);
    if (status) *status = code;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  std::string m_dir;
};

using test_support::Run;

// kep with `args`, in process, as if piped (no colour, even with FORCE_COLOR set; no width limit).
inline Run run_kep(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--color", "never"};
  all.insert(all.end(), args.begin(), args.end());
  return test_support::run_kep(all);
}

// Replaces every "<sN>" in `text` with the short id (7 digits) of ids[N] and every "<fN>" with
// the full id, for N from 0 to 9.
inline std::string with_ids(std::string text, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) {
    for (const auto& [token, value] :
         {std::pair{"<s" + std::to_string(i) + ">", ids[i].substr(0, 7)},
          std::pair{"<f" + std::to_string(i) + ">", ids[i]}}) {
      for (std::size_t at; (at = text.find(token)) != std::string::npos;)
        text.replace(at, token.size(), value);
    }
  }
  return text;
}

inline const char* const k_plan_yaml = R"(kep: 1
title: Testplan
municipality: Teststadt
language: de
lead: Kulturreferat
phases:
  - id: A
    title: Umsetzungsphase A
    start: 2024-01-01
    end: 2025-12-31
  - id: B
    title: Umsetzungsphase B
    start: 2026-01-01
    end: 2028-12-31
)";

// fields/01-a.yaml at c1.
inline const char* const k_field_a_c1 = R"(id: "1"
title: Erstes Feld
measures:
  - id: "1.1"
    title: Öffnungszeiten erweitern
    phase: A
  - id: "1.2"
    title: Stadtteilkultur
    phase: A
  - id: "1.3"
    title: Kunst im Park
    phase: B
)";

// fields/01-a.yaml at c2.
inline const char* const k_field_a_c2 = R"(id: "1"
title: Erstes Feld
measures:
  - id: "1.1"
    title: Öffnungszeiten erweitern
    phase: A
    status: in_progress
    updates:
      - date: 2024-03-14
        status: in_progress
        note: Auftakt mit der Bibliothek
  - id: "1.2"
    title: Stadtteilkultur
    phase: A
  - id: "1.3"
    title: Kunst im Park
    phase: B
)";

// fields/01-a.yaml at c4.
inline const char* const k_field_a_c4 = R"(id: "1"
title: Erstes Feld
measures:
  - id: "1.1"
    title: Öffnungszeiten erweitern
    phase: A
    status: in_progress
    updates:
      - date: 2024-03-14
        status: in_progress
        note: Auftakt mit der Bibliothek
  - id: "1.2"
    title: Kultur in den Stadtteilen
    phase: B
    lead: Stadtbibliothek
)";

// fields/02-b.yaml at c4.
inline const char* const k_field_b_c4 = R"(id: "2"
title: Zweites Feld
measures:
  - id: "2.1"
    title: Jugendkulturbüro
    phase: A
  - id: "1.3"
    title: Kunst im Park
    phase: B
)";

// fields/01-a.yaml at c5.
inline const char* const k_field_a_c5 = R"(id: "1"
title: Erstes Feld
measures:
  - id: "1.1"
    title: Öffnungszeiten erweitern
    phase: A
    status: done
    updates:
      - date: 2024-03-14
        status: in_progress
        note: Auftakt mit der Bibliothek
      - date: 2024-09-30
        status: done
        note: Neue Zeiten gelten
  - id: "1.2"
    title: Kultur in den Stadtteilen
    phase: B
    lead: Stadtbibliothek
)";

// fields/02-b.yaml at c5.
inline const char* const k_field_b_c5 = R"(id: "2"
title: Zweites Feld
measures:
  - id: "1.3"
    title: Kunst im Park
    phase: B
)";

// The story repository of the header comment in a fresh temporary folder; `ids[N]` is cN's id.
class StoryRepo {
 public:
  StoryRepo() : m_repo(m_tmp.path() + "/repo") {
    const GitRepo& r = m_repo;
    r.write("README.md", "# Kulturplan\n");
    ids.push_back(r.commit("README anlegen", "Anna Admin", "2024-01-10"));
    r.write("plan/plan.yaml", k_plan_yaml);
    r.write("plan/fields/01-a.yaml", k_field_a_c1);
    ids.push_back(r.commit("Plan anlegen", "Anna Alt", "2024-02-01"));
    r.write("plan/fields/01-a.yaml", k_field_a_c2);
    ids.push_back(r.commit("1.1 begonnen", "Bernd Bauer", "2024-03-15"));
    r.write("README.md", "# Kulturplan\n\nMehr dazu im Plan.\n");
    ids.push_back(r.commit("README ergänzt", "Anna Admin", "2024-04-02"));
    r.write("plan/fields/01-a.yaml", k_field_a_c4);
    r.write("plan/fields/02-b.yaml", k_field_b_c4);
    ids.push_back(r.commit("Feld 2; 1.2 umbenannt", "Clara Conrad", "2024-05-20"));
    r.write("plan/fields/01-a.yaml", k_field_a_c5);
    r.write("plan/fields/02-b.yaml", k_field_b_c5);
    ids.push_back(r.commit("1.1 umgesetzt, 2.1 gestrichen", "Bernd Bauer", "2024-10-01"));
  }

  const GitRepo& repo() const { return m_repo; }
  const std::string& tmp() const { return m_tmp.path(); }
  std::string plan() const { return m_repo.plan(); }
  std::string ids_text(std::string text) const { return with_ids(std::move(text), ids); }

  std::vector<std::string> ids;

 private:
  TempDir m_tmp;  // first: made before and removed after the repository in it
  GitRepo m_repo;
};

// A field file of the field story: its id, title and measures (YAML list items).
inline std::string field_file(const std::string& id, const std::string& title,
                              const std::vector<std::string>& measures) {
  std::string text = "id: \"" + id + "\"\ntitle: " + title + "\nmeasures:\n";
  for (const auto& m : measures) text += m;
  return text;
}

// A measure of the field story: id, title, phase and further lines (each "key: value").
inline std::string measure_item(const std::string& id, const std::string& title,
                                const std::string& phase,
                                const std::vector<std::string>& more = {}) {
  std::string text = "  - id: \"" + id + "\"\n    title: " + title + "\n    phase: " + phase + "\n";
  for (const auto& line : more) text += "    " + line + "\n";
  return text;
}

// The field story of the header comment in a fresh temporary folder; `ids[N]` is eN's id.
class FieldStoryRepo {
 public:
  FieldStoryRepo() : m_repo(m_tmp.path() + "/repo") {
    const GitRepo& r = m_repo;
    const std::string m11 =
        measure_item("1.1", "Öffnungszeiten erweitern", "A", {"due: 2025-03-01"});
    const std::string m12 = measure_item("1.2", "Stadtteilkultur", "A");
    const std::string m13 =
        measure_item("1.3", "Kulturnetz pflegen", "B", {"kind: continuous", "status: in_progress"});
    const std::string m21 = measure_item("2.1", "Jugendkulturbüro", "A", {"status: done"});
    const std::string m22 = measure_item("2.2", "Neue Bühne", "B");
    const std::string m23 = measure_item("2.3", "Kulturstammtisch", "A", {"kind: continuous"});
    const std::string m31 = measure_item("3.1", "Kunst im Park", "B", {"due: 2025-06-15"});
    const std::string m32 =
        measure_item("3.2", "Festival", "A", {"status: dropped", "note: kein Geld"});
    const std::string c = field_file("3", "Drittes Feld", {m31, m32});
    r.write("plan/plan.yaml", k_plan_yaml);
    r.write("plan/fields/01-a.yaml", field_file("1", "Erstes Feld", {m11, m12, m13}));
    r.write("plan/fields/02-b.yaml", field_file("2", "Zweites Feld", {m21, m22, m23}));
    r.write("plan/fields/03-c.yaml", c);
    ids.push_back(r.commit("drei Felder", "Anna Alt", "2025-01-10"));
    const std::string m11b =
        measure_item("1.1", "Öffnungszeiten erweitern", "A",
                     {"due: 2025-03-01", "status: in_progress", "updates:", "  - date: 2025-01-31",
                      "    status: in_progress", "    note: Auftakt"});
    const std::string m12b =
        measure_item("1.2", "Kultur in den Stadtteilen", "A", {"lead: Stadtbibliothek"});
    r.write("plan/fields/01-a.yaml", field_file("1", "Erstes Feld", {m11b, m12b, m13}));
    ids.push_back(r.commit("ein Feld", "Bernd Bauer", "2025-02-01"));
    r.write("plan/fields/01-a.yaml", field_file("1", "Erstes Feld", {m11b, m13}));
    const std::string b = field_file("2", "Zweites Feld", {m21, m22, m23, m12b});
    r.write("plan/fields/02-b.yaml", b);
    ids.push_back(r.commit("1.2 verschoben", "Bernd Bauer", "2025-03-01"));
    r.remove("plan/fields/03-c.yaml");
    r.write("plan/fields/05-c.yaml", c);
    ids.push_back(r.commit("umbenannt", "Clara Conrad", "2025-04-01"));
    std::string plan = k_plan_yaml;
    plan.replace(plan.find("lead: Kulturreferat"), 19, "lead: Kulturamt");
    plan.replace(plan.find("end: 2025-12-31"), 15, "end: 2025-06-30");
    r.write("plan/plan.yaml", plan + "immediate: [\"2.1\", \"3.1\"]\n");
    ids.push_back(r.commit("plan.yaml", "Clara Conrad", "2025-05-01"));
    std::string broken = b;
    broken.replace(broken.find("measures:"), 9, "measures: [");
    r.write("plan/fields/02-b.yaml", broken);
    ids.push_back(r.commit("kaputt", "Dora Dietz", "2025-06-01"));
    const std::string m22b = measure_item("2.2", "Neue Bühne", "B", {"status: done"});
    r.write("plan/fields/02-b.yaml", field_file("2", "Zweites Feld", {m21, m22b, m23, m12b}));
    ids.push_back(r.commit("repariert", "Dora Dietz", "2025-07-01"));
    r.remove("plan/fields/05-c.yaml");
    r.write("plan/fields/04-d.yaml",
            field_file("4", "Viertes Feld", {m31, measure_item("4.1", "Lesesommer", "B")}));
    ids.push_back(r.commit("Feld 4", "Dora Dietz", "2025-08-01"));
  }

  std::string plan() const { return m_repo.plan(); }

  std::vector<std::string> ids;

 private:
  TempDir m_tmp;  // first: made before and removed after the repository in it
  GitRepo m_repo;
};

}  // namespace kep::test
