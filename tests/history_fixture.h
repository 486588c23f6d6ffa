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

}  // namespace kep::test
