// The plan's git repository read with libgit2 (repo.h): opening it, revisions, the first-parent
// log and the plan folder at a commit, on the story repository of history_fixture.h.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "history_fixture.h"
#include "repo.h"

using namespace kep;
using namespace kep::test;

namespace {

std::unique_ptr<PlanRepository> open_repo(const std::string& plan_dir) {
  auto opened = open_plan_repository(plan_dir);
  REQUIRE_MESSAGE(opened.repository, opened.error);
  return std::move(opened.repository);
}

std::string names(const PlanAtCommit& at) {
  std::string out;
  for (const auto& f : at.files) out += (out.empty() ? "" : " ") + f.name;
  return out;
}

CommitInfo resolved(PlanRepository& repo, const std::string& revision) {
  std::string error;
  const auto c = repo.resolve(revision, error);
  REQUIRE_MESSAGE(c, error);
  return *c;
}

}  // namespace

TEST_CASE("open_plan_repository: a plan outside git is not an error of git, and says where") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path() + "/plan");
  const auto opened = open_plan_repository(tmp.path() + "/plan");
  CHECK_FALSE(opened.repository);
  CHECK(opened.not_a_repository);
  CHECK(opened.error == "'" + tmp.path() + "/plan' is not in a git repository");
  CHECK_FALSE(head_commit(tmp.path() + "/plan"));
}

TEST_CASE("open_plan_repository: the plan's path from the repository's root") {
  StoryRepo story;
  CHECK(open_repo(story.plan())->plan_path() == "plan");
  CHECK(open_repo(story.plan() + "/")->plan_path() == "plan");
  CHECK(open_repo(story.repo().dir() + "/plan/fields/..")->plan_path() == "plan");
  // A plan at the repository's root.
  CHECK(open_repo(story.repo().dir())->plan_path() == "");
  CHECK(head_commit(story.plan()) == story.ids[5]);
  CHECK_FALSE(open_repo(story.plan())->shallow());
}

// repo.cpp's definition of mbedtls_x509_crt_parse_file keeps libgit2 from reading the system's
// CA certificates when it starts (docs/performance.md). If this fails, the libgit2 in use does
// not read them through mbedTLS (built with OpenSSL, or linked statically): the definition is
// then of no use, and the start-up time of git commands should be measured again.
TEST_CASE("libgit2 starts without reading the system's CA certificates") {
  StoryRepo story;
  const unsigned before = certificate_loads_skipped();
  CHECK(open_repo(story.plan())->plan_path() == "plan");
  CHECK(certificate_loads_skipped() == before + 1);
}

TEST_CASE("a repository without a commit: no HEAD") {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  repo.write("plan/plan.yaml", k_plan_yaml);
  CHECK_FALSE(head_commit(repo.plan()));
  std::string error;
  CHECK_FALSE(open_repo(repo.plan())->resolve("HEAD", error));
  CHECK(error == "git knows no revision 'HEAD'");
}

TEST_CASE("resolve: commits, branches, tags and what is not a commit") {
  StoryRepo story;
  story.repo().git("tag -a bericht-2024 -m Bericht " + story.ids[2]);
  story.repo().git("tag leicht " + story.ids[4]);
  auto repo = open_repo(story.plan());
  const CommitInfo head = resolved(*repo, "HEAD");
  CHECK(head.id == story.ids[5]);
  CHECK(head.short_id() == story.ids[5].substr(0, 7));
  CHECK(head.author == "Bernd Bauer");
  CHECK(head.time == 1727776800);  // 2024-10-01T10:00:00Z
  CHECK(format_date(head.date) == "2024-10-01");
  CHECK(head.summary == "1.1 umgesetzt, 2.1 gestrichen");
  CHECK(head.parents == std::vector<std::string>{story.ids[4]});
  CHECK(resolved(*repo, "main").id == story.ids[5]);
  CHECK(resolved(*repo, "HEAD~2").id == story.ids[3]);
  CHECK(resolved(*repo, story.ids[1].substr(0, 7)).id == story.ids[1]);
  CHECK(resolved(*repo, "bericht-2024").id == story.ids[2]);  // annotated: peeled to its commit
  CHECK(resolved(*repo, "leicht").id == story.ids[4]);
  CHECK(resolved(*repo, story.ids[0]).parents.empty());

  std::string error;
  CHECK_FALSE(repo->resolve("nope", error));
  CHECK(error == "git knows no revision 'nope'");
  CHECK_FALSE(repo->resolve("HEAD:plan", error));
  CHECK(error == "'HEAD:plan' is not a commit");
}

TEST_CASE("first_parent_log: newest first, down to the first commit") {
  StoryRepo story;
  auto repo = open_repo(story.plan());
  const auto log = repo->first_parent_log(resolved(*repo, "HEAD"));
  std::vector<std::string> ids;
  for (const auto& c : log) ids.push_back(c.id);
  CHECK(ids == std::vector<std::string>(story.ids.rbegin(), story.ids.rend()));
  CHECK(repo->first_parent_log(resolved(*repo, "HEAD~4")).size() == 2);
}

TEST_CASE("first_parent_log follows first parents only: a merged branch's commits are not in it") {
  StoryRepo story;
  const GitRepo& r = story.repo();
  r.git("checkout -q -b feature");
  r.write("plan/fields/02-b.yaml", std::string(k_field_b_c5) + "    status: in_progress\n");
  const std::string feature = r.commit("1.3 begonnen", "Erik Ernst", "2024-10-10");
  r.git("checkout -q main");
  r.git("merge -q --no-ff -m " + shell_quote("Merge feature") + " feature", "Maria Merge",
        "2024-10-15");
  auto repo = open_repo(story.plan());
  const auto log = repo->first_parent_log(resolved(*repo, "HEAD"));
  REQUIRE(log.size() == 7);
  CHECK(log[0].author == "Maria Merge");
  CHECK(log[0].parents == std::vector<std::string>{story.ids[5], feature});
  CHECK(log[1].id == story.ids[5]);
}

TEST_CASE("plan_at: absent before the plan, plan.yaml first, then fields/*.yaml by name") {
  StoryRepo story;
  auto repo = open_repo(story.plan());
  auto at = [&](int n, bool with_text) {
    return repo->plan_at(resolved(*repo, story.ids[static_cast<std::size_t>(n)]), with_text);
  };
  const PlanAtCommit c0 = at(0, true);
  CHECK_FALSE(c0.present);
  CHECK(c0.tree_id.empty());
  CHECK(c0.files.empty());

  const PlanAtCommit c1 = at(1, true);
  CHECK(c1.present);
  CHECK(names(c1) == "plan.yaml fields/01-a.yaml");
  CHECK(c1.files[0].text == k_plan_yaml);
  CHECK(c1.files[1].text == k_field_a_c1);
  CHECK(c1.files[0].blob_id == story.repo().git("rev-parse " + story.ids[1] + ":plan/plan.yaml"));
  // The plan's identity: plan.yaml's blob and the fields/ tree (not the whole folder).
  CHECK(c1.tree_id == story.repo().git("rev-parse " + story.ids[1] + ":plan/plan.yaml") + ":" +
                          story.repo().git("rev-parse " + story.ids[1] + ":plan/fields"));

  const PlanAtCommit c4 = at(4, false);
  CHECK(names(c4) == "plan.yaml fields/01-a.yaml fields/02-b.yaml");
  for (const auto& f : c4.files) CHECK(f.text.empty());  // ids only
  // The same content has the same blob id in every commit; a README commit keeps the tree.
  CHECK(c4.files[0].blob_id == c1.files[0].blob_id);
  CHECK(at(3, false).tree_id == at(2, false).tree_id);
  CHECK(at(2, false).tree_id != c1.tree_id);
  CHECK(repo->blob_text(c4.files[2].blob_id) == k_field_b_c4);
  CHECK(repo->blob_text("0123456789012345678901234567890123456789") == "");
  CHECK(repo->blob_text("not an id") == "");
}

TEST_CASE("plan_at: a file beside plan.yaml does not change the plan's id, a plan file does") {
  StoryRepo story;
  const GitRepo& r = story.repo();
  r.write("plan/README.md", "Wie der Plan gepflegt wird.\n");
  r.commit("Anleitung im Planordner", "Anna Admin", "2024-10-02");
  r.write("plan/plan.yaml", std::string(k_plan_yaml) + "subtitle: Fortschreibung\n");
  r.commit("Untertitel", "Anna Alt", "2024-10-03");
  auto repo = open_repo(story.plan());
  const auto log = repo->first_parent_log(resolved(*repo, "HEAD"));
  REQUIRE(log.size() == 8);
  const auto id = [&](std::size_t i) { return repo->plan_at(log[i], false).tree_id; };
  CHECK(id(1) == id(2));  // plan/README.md
  CHECK(id(0) != id(1));  // plan.yaml
  CHECK(id(2) != id(3));  // the fields of c5
}

TEST_CASE(
    "plan_at: only *.yaml files in fields/, no hidden ones, no folders, plan.yaml may be "
    "missing") {
  TempDir tmp;
  GitRepo r(tmp.path() + "/repo");
  r.write("plan/fields/02-b.yaml", k_field_b_c5);
  r.write("plan/fields/01-a.yaml", k_field_a_c1);
  r.write("plan/fields/notes.md", "Notizen\n");
  r.write("plan/fields/.03-c.yaml", "id: \"3\"\n");
  r.write("plan/fields/alt/04-d.yaml", "id: \"4\"\n");
  r.write("plan/fields/05-e.yml", "id: \"5\"\n");
  r.commit("Felder ohne plan.yaml", "Anna Alt", "2024-02-01");
  auto repo = open_repo(r.plan());
  const PlanAtCommit at = repo->plan_at(resolved(*repo, "HEAD"), true);
  CHECK(at.present);
  CHECK(names(at) == "fields/01-a.yaml fields/02-b.yaml");
}

TEST_CASE("a shallow clone: shallow() says so, and the first-parent log ends at its edge") {
  StoryRepo story;
  const std::string clone = story.tmp() + "/shallow";
  REQUIRE(shell("git clone -q --depth 2 " + shell_quote("file://" + story.repo().dir()) + " " +
                shell_quote(clone) + " 2>/dev/null") == 0);
  auto repo = open_repo(clone + "/plan");
  CHECK(repo->shallow());
  const auto log = repo->first_parent_log(resolved(*repo, "HEAD"));
  REQUIRE(log.size() == 2);
  CHECK(log[0].id == story.ids[5]);
  CHECK(log[1].id == story.ids[4]);
  CHECK(log[1].parents == std::vector<std::string>{story.ids[3]});  // which the clone lacks
  std::string error;
  CHECK_FALSE(repo->resolve(story.ids[3], error));
}

// libgit2 1.5 (Debian 12) answers a repository of another user, with no safe.directory entry,
// GIT_ENOTFOUND and the text "config value 'safe.directory' was not found", not GIT_EOWNER.
// Needs root (to chown the copy).
TEST_CASE("open_plan_repository: a repository owned by another user is not 'not a repository'") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to give a copy of the repository to another user");
    return;
  }
  StoryRepo story;
  REQUIRE(shell("chown -R nobody " + shell_quote(story.repo().dir())) == 0);
  const auto opened = open_plan_repository(story.plan());
  CHECK_FALSE(opened.repository);
  CHECK_FALSE(opened.not_a_repository);
  CHECK(opened.error.find("belongs to another user") != std::string::npos);
  CHECK(opened.error.find("config value") == std::string::npos);
}
