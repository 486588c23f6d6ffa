// The plan's history (history.h) and the commands on it (kep diff, kep history, --as-of,
// kep list --stale, kep report --since), on temporary git repositories made by
// history_fixture.h. Commit ids vary with git's object format only, but the expected texts name
// them as <sN> (short) and <fN> (full) for the story's commit cN anyway.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "history.h"
#include "history_fixture.h"
#include "load.h"
#include "plan_dump.h"
#include "query.h"
#include "repo.h"
#include "summary.h"

using namespace kep;
using namespace kep::test;
using kep::test_support::EnvGuard;

namespace {

// ---- compare_plans on plans read from texts ----

// The plan of history_fixture.h's plan.yaml with these field files (name, text).
Plan plan_of(std::vector<PlanText> fields) {
  fields.insert(fields.begin(), PlanText{"plan.yaml", k_plan_yaml});
  LoadResult loaded = load_plan_texts("mem", std::move(fields));
  for (const auto& f : loaded.findings) REQUIRE_MESSAGE(f.severity != Severity::error, f.message);
  return std::move(loaded.plan);
}

Plan one_field(const std::string& measures) {
  return plan_of({{"fields/01-a.yaml", "id: \"1\"\ntitle: Erstes Feld\nmeasures:\n" + measures}});
}

// One line per change: "kind id from|to (title)".
std::string lines(const std::vector<Change>& changes) {
  std::string out;
  for (const auto& c : changes)
    out += std::string(change_kind_id(c.kind)) + " " + c.id + " " + c.from + "|" + c.to + " (" +
           c.title + ")\n";
  return out;
}

std::string compared(const Plan& before, const Plan& after) {
  return lines(compare_plans(before, after));
}

const char* const k_m11 = R"(  - id: "1.1"
    title: Öffnungszeiten erweitern
    phase: A
)";
const char* const k_m12 = R"(  - id: "1.2"
    title: Stadtteilkultur
    phase: A
)";

}  // namespace

TEST_CASE("compare_plans: the same plan, or its measures in another order, has no changes") {
  const Plan plan = one_field(std::string(k_m11) + k_m12);
  CHECK(compare_plans(plan, plan).empty());
  CHECK(compare_plans(plan, one_field(std::string(k_m12) + k_m11)).empty());
  // The default status written out is the same status.
  CHECK(
      compare_plans(plan, one_field(std::string(k_m11) + "    status: planned\n" + k_m12)).empty());
  CHECK(compare_plans(Plan{}, Plan{}).empty());
}

TEST_CASE("compare_plans: added and removed, with the field (added: to, removed: from)") {
  const Plan before = one_field(k_m11);
  const Plan after = one_field(k_m12);
  CHECK(compared(before, after) ==
        "added 1.2 |1 (Stadtteilkultur)\n"
        "removed 1.1 1| (Öffnungszeiten erweitern)\n");
  CHECK(compared(Plan{}, before) == "added 1.1 |1 (Öffnungszeiten erweitern)\n");
  CHECK(compared(before, Plan{}) == "removed 1.1 1| (Öffnungszeiten erweitern)\n");
}

TEST_CASE("compare_plans: retitled, rephased, status, with the old and the new value") {
  const Plan before = one_field(k_m11);
  CHECK(compared(before, one_field("  - id: \"1.1\"\n    title: Längere Öffnungszeiten\n"
                                   "    phase: A\n")) ==
        "retitled 1.1 Öffnungszeiten erweitern|Längere Öffnungszeiten (Längere Öffnungszeiten)\n");
  CHECK(compared(before, one_field("  - id: \"1.1\"\n    title: Öffnungszeiten erweitern\n"
                                   "    phase: B\n")) ==
        "rephased 1.1 A|B (Öffnungszeiten erweitern)\n");
  CHECK(compared(before, one_field(std::string(k_m11) + "    status: deferred\n")) ==
        "status 1.1 planned|deferred (Öffnungszeiten erweitern)\n");
}

TEST_CASE("compare_plans: moved to another field keeps its id") {
  const Plan before = plan_of(
      {{"fields/01-a.yaml", "id: \"1\"\ntitle: Eins\nmeasures:\n" + std::string(k_m11) + k_m12},
       {"fields/02-b.yaml", "id: \"2\"\ntitle: Zwei\nmeasures: []\n"}});
  const Plan after =
      plan_of({{"fields/01-a.yaml", "id: \"1\"\ntitle: Eins\nmeasures:\n" + std::string(k_m11)},
               {"fields/02-b.yaml", "id: \"2\"\ntitle: Zwei\nmeasures:\n" + std::string(k_m12)}});
  CHECK(compared(before, after) == "moved 1.2 1|2 (Stadtteilkultur)\n");
}

TEST_CASE("compare_plans: an update added is one change each, one removed or edited is 'updates'") {
  const std::string first =
      "    updates:\n"
      "      - date: 2024-03-14\n"
      "        note: Auftakt\n";
  const std::string second =
      "      - date: 2024-05-02\n"
      "        status: planned\n"
      "        note: Zweites Treffen\n"
      "        ref: KA 02.05.2024\n";
  const Plan none = one_field(k_m11);
  const Plan one = one_field(k_m11 + first);
  const Plan two = one_field(k_m11 + first + second);
  CHECK(compared(none, one) ==
        "update_added 1.1 |2024-03-14: Auftakt (Öffnungszeiten erweitern)\n");
  CHECK(compared(one, two) ==
        "update_added 1.1 |2024-05-02: Zweites Treffen (Öffnungszeiten erweitern)\n");
  CHECK(compared(none, two) ==
        "update_added 1.1 |2024-03-14: Auftakt (Öffnungszeiten erweitern)\n"
        "update_added 1.1 |2024-05-02: Zweites Treffen (Öffnungszeiten erweitern)\n");
  CHECK(compared(two, one) == "edited 1.1 |updates (Öffnungszeiten erweitern)\n");
  // A changed note is a new update, and the old one is gone.
  const Plan reworded = one_field(k_m11 + first +
                                  "      - date: 2024-05-02\n"
                                  "        status: planned\n"
                                  "        note: Zweites Treffen im Rathaus\n"
                                  "        ref: KA 02.05.2024\n");
  CHECK(compared(two, reworded) ==
        "update_added 1.1 |2024-05-02: Zweites Treffen im Rathaus (Öffnungszeiten erweitern)\n"
        "edited 1.1 |updates (Öffnungszeiten erweitern)\n");
  // Updates are told apart by each of their values, whatever characters they hold.
  const Plan split_a = one_field(std::string(k_m11) +
                                 "    updates:\n"
                                 "      - date: 2024-03-14\n"
                                 "        note: x\\neu\n"
                                 "        ref: c\n");
  const Plan split_b = one_field(std::string(k_m11) +
                                 "    updates:\n"
                                 "      - date: 2024-03-14\n"
                                 "        note: x\n"
                                 "        ref: eu\\nc\n");
  CHECK(compared(split_a, split_b) ==
        "update_added 1.1 |2024-03-14: x (Öffnungszeiten erweitern)\n"
        "edited 1.1 |updates (Öffnungszeiten erweitern)\n");
  // The same update twice is two updates: adding the second copy is a change.
  CHECK(compared(one, one_field(k_m11 + first +
                                "      - date: 2024-03-14\n"
                                "        note: Auftakt\n")) ==
        "update_added 1.1 |2024-03-14: Auftakt (Öffnungszeiten erweitern)\n");
}

TEST_CASE("compare_plans: edited names the other keys that changed, in a fixed order") {
  const Plan before = one_field(k_m11);
  CHECK(compared(before, one_field(std::string(k_m11) +
                                   "    due: 2025-06-30\n    lead: Stadtbibliothek\n")) ==
        "edited 1.1 |lead, due (Öffnungszeiten erweitern)\n");
  CHECK(compared(before, one_field(std::string(k_m11) + "    note: Mit dem Personalrat\n"
                                                        "    progress: 40\n"
                                                        "    kind: continuous\n"
                                                        "    tags: [museum]\n"
                                                        "    partners: [Heimatverein]\n")) ==
        "edited 1.1 |partners, tags, kind, progress, note (Öffnungszeiten erweitern)\n");
  CHECK(compared(one_field(std::string(k_m11) + "    tags: [a, b]\n"),
                 one_field(std::string(k_m11) + "    tags: [b, a]\n")) ==
        "edited 1.1 |tags (Öffnungszeiten erweitern)\n");
}

TEST_CASE(
    "compare_plans: the order of changes: by measure in the new plan's order, each measure's "
    "kinds in a fixed order, removed ones last in the old plan's order") {
  const Plan before = plan_of({{"fields/01-a.yaml", R"(id: "1"
title: Eins
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
  - id: "1.4"
    title: Lesesommer
    phase: A
)"},
                               {"fields/02-b.yaml",
                                "id: \"2\"\ntitle: Zwei\nmeasures:\n  - id: \"2.1\"\n"
                                "    title: Jugendkulturbüro\n    phase: A\n"}});
  const Plan after = plan_of({{"fields/01-a.yaml",
                               "id: \"1\"\ntitle: Eins\nmeasures:\n  - id: \"1.3\"\n"
                               "    title: Kunst im Park\n    phase: B\n"},
                              {"fields/02-b.yaml", R"(id: "2"
title: Zwei
measures:
  - id: "2.2"
    title: Neue Bühne
    phase: B
  - id: "1.1"
    title: Längere Öffnungszeiten
    phase: B
    status: in_progress
    lead: Stadtbibliothek
    updates:
      - date: 2024-03-14
        status: in_progress
        note: Auftakt
  - id: "2.1"
    title: Jugendkulturbüro
    phase: A
)"}});
  CHECK(compared(before, after) ==
        "added 2.2 |2 (Neue Bühne)\n"
        "retitled 1.1 Öffnungszeiten erweitern|Längere Öffnungszeiten (Längere Öffnungszeiten)\n"
        "moved 1.1 1|2 (Längere Öffnungszeiten)\n"
        "rephased 1.1 A|B (Längere Öffnungszeiten)\n"
        "status 1.1 planned|in_progress (Längere Öffnungszeiten)\n"
        "update_added 1.1 |2024-03-14: Auftakt (Längere Öffnungszeiten)\n"
        "edited 1.1 |lead (Längere Öffnungszeiten)\n"
        "removed 1.2 1| (Stadtteilkultur)\n"
        "removed 1.4 1| (Lesesommer)\n");
  for (const auto& c : compare_plans(before, after)) CHECK_FALSE(c.commit);
}

// ---- History on the story repository ----

namespace {

// The git repository, counting what History asks of it.
class CountingRepository : public PlanRepository {
 public:
  explicit CountingRepository(PlanRepository& inner) : m_inner(inner) {}
  const std::string& plan_path() const override { return m_inner.plan_path(); }
  bool shallow() const override { return m_inner.shallow(); }
  std::optional<CommitInfo> resolve(const std::string& revision, std::string& error) override {
    return m_inner.resolve(revision, error);
  }
  std::vector<CommitInfo> first_parent_log(const CommitInfo& head) override {
    return m_inner.first_parent_log(head);
  }
  PlanAtCommit plan_at(const CommitInfo& commit, bool with_text) override {
    if (with_text) ++texts_read;
    return m_inner.plan_at(commit, with_text);
  }
  std::string blob_text(const std::string& blob_id) override {
    ++blobs_read[blob_id];
    return m_inner.blob_text(blob_id);
  }

  std::map<std::string, int> blobs_read;
  int texts_read = 0;

 private:
  PlanRepository& m_inner;
};

struct OpenStory {
  StoryRepo story;
  std::unique_ptr<PlanRepository> repo;
  OpenStory() : repo(open_plan_repository(story.plan()).repository) { REQUIRE(repo); }
  CommitInfo commit(std::size_t n) {
    std::string error;
    const auto c = repo->resolve(story.ids[n], error);
    REQUIRE(c);
    return *c;
  }
};

// The commits as "cN" of the story, space-separated.
std::string story_names(const StoryRepo& story, const std::vector<CommitInfo>& commits) {
  std::string out;
  for (const auto& c : commits) {
    std::string name = "?";
    for (std::size_t i = 0; i < story.ids.size(); ++i)
      if (story.ids[i] == c.id) name = "c" + std::to_string(i);
    out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

}  // namespace

TEST_CASE("plan_commits: oldest first, only commits that changed the plan folder") {
  OpenStory s;
  History history(*s.repo, LoadOptions{});
  bool truncated = true;
  // c0 (before the plan existed) and c3 (README only) are left out.
  CHECK(story_names(s.story, history.plan_commits(s.commit(5), std::nullopt, truncated)) ==
        "c1 c2 c4 c5");
  CHECK_FALSE(truncated);
  CHECK(story_names(s.story, history.plan_commits(s.commit(3), std::nullopt, truncated)) ==
        "c1 c2");
  CHECK(story_names(s.story, history.plan_commits(s.commit(0), std::nullopt, truncated)) == "");
  // With a stop: the commits after it.
  CHECK(story_names(s.story, history.plan_commits(s.commit(5), s.commit(2), truncated)) == "c4 c5");
  CHECK(story_names(s.story, history.plan_commits(s.commit(5), s.commit(3), truncated)) == "c4 c5");
  CHECK(story_names(s.story, history.plan_commits(s.commit(5), s.commit(0), truncated)) ==
        "c1 c2 c4 c5");
  CHECK(story_names(s.story, history.plan_commits(s.commit(5), s.commit(5), truncated)) == "");
  CHECK_FALSE(truncated);
}

// Only commits that change plan.yaml or fields/ count, wherever the plan is: with the plan at the
// repository's root (--plan .), the root tree changes with every commit, README.md's too.
TEST_CASE("plan_commits: a plan at the repository's root, a README commit is skipped") {
  TempDir tmp;
  GitRepo r(tmp.path() + "/repo");
  r.write("plan.yaml", k_plan_yaml);
  r.write("fields/01-a.yaml", k_field_a_c1);
  r.commit("Plan anlegen", "Anna Alt", "2024-02-01");
  r.write("README.md", "# Kulturplan\n");
  r.commit("README", "Anna Admin", "2024-02-02");
  const Run h = run_kep({"history", "--plan", r.dir(), "--format", "csv", "--today", "2026-11-27"});
  CHECK(h.code == 0);
  CHECK(h.out.find("Anna Admin") == std::string::npos);
}

TEST_CASE("resolve_as_of: a date is the last commit on or before that day, else a revision") {
  OpenStory s;
  History history(*s.repo, LoadOptions{});
  auto as_of = [&](const std::string& when) {
    std::string error;
    const auto c = history.resolve_as_of(when, error);
    return c ? story_names(s.story, {*c}) : "error: " + error;
  };
  CHECK(as_of("2024-03-31") == "c2");
  CHECK(as_of("2024-03-15") == "c2");
  CHECK(as_of("2024-03-14") == "c1");
  CHECK(as_of("2024-04-02") == "c3");
  CHECK(as_of("2030-01-01") == "c5");
  CHECK(as_of("2024-01-10") == "c0");
  CHECK(as_of("2024-01-09") == "error: there is no commit on or before 2024-01-09");
  CHECK(as_of("HEAD~1") == "c4");
  CHECK(as_of(s.story.ids[2].substr(0, 10)) == "c2");
  CHECK(as_of("nope") == "error: git knows no revision 'nope'");
}

TEST_CASE("load_at: the plan as it was, its files named after the commit") {
  OpenStory s;
  History history(*s.repo, LoadOptions{});
  const LoadResult at = history.load_at(s.commit(2));
  for (const auto& f : at.findings) CHECK_MESSAGE(f.severity != Severity::error, f.message);
  REQUIRE(at.plan.files.size() == 2);
  CHECK(at.plan.files[0].path == s.story.ids_text("<s2>:plan/plan.yaml"));
  CHECK(at.plan.files[1].path == s.story.ids_text("<s2>:plan/fields/01-a.yaml"));
  REQUIRE(at.plan.fields.size() == 1);
  REQUIRE(at.plan.fields[0].measures.size() == 3);
  CHECK(at.plan.fields[0].measures[0].status.value == "in_progress");
  CHECK(at.plan.fields[0].measures[1].title.value == "Stadtteilkultur");
}

TEST_CASE("load_cached: each distinct file content is read once across commits") {
  OpenStory s;
  CountingRepository counting(*s.repo);
  History history(counting, LoadOptions{});
  bool truncated = false;
  std::vector<std::string> problems;
  std::vector<Plan> plans;
  for (int round = 0; round < 2; ++round)
    for (const auto& c : history.plan_commits(s.commit(5), std::nullopt, truncated))
      plans.push_back(history.load_cached(c, problems));
  CHECK(problems.empty());
  // plan.yaml once; 01-a.yaml in four versions, 02-b.yaml in two.
  CHECK(counting.blobs_read.size() == 7);
  for (const auto& [blob, times] : counting.blobs_read) CHECK_MESSAGE(times == 1, blob);
  CHECK(counting.texts_read == 0);
  REQUIRE(plans.size() == 8);
  CHECK(plans[3].measure_count() == 3);
  REQUIRE(plans[2].fields.size() == 2);
  CHECK(plans[2].fields[1].measures[0].id.value == "2.1");
  CHECK(plans[2].fields[1].measures[0].field == 1);
  CHECK(plans[2].fields[1].measures[1].id.value == "1.3");
  // The same commit read again is the same plan.
  CHECK(compare_plans(plans[1], plans[5]).empty());
}

TEST_CASE("last_changes: the last commit that changed each measure of the plan at HEAD") {
  OpenStory s;
  History history(*s.repo, LoadOptions{});
  std::vector<std::string> problems;
  bool truncated = true;
  const auto changed = last_changes(history, s.commit(5), problems, truncated);
  CHECK_FALSE(truncated);
  CHECK(problems.empty());
  std::string out;
  for (const auto& [id, c] : changed) out += id + "=" + story_names(s.story, {c}) + " ";
  // 2.1 was removed in c5: its last change is its removal.
  CHECK(out == "1.1=c5 1.2=c4 1.3=c4 2.1=c5 ");
}

// ---- views of the plan: only the changed field files compared, counts cached per file ----

namespace {

// The field story's views at its commits e0..e7, after an empty view (before the plan), with
// the History that holds what they point to.
struct FieldStoryViews {
  FieldStoryRepo story;
  std::unique_ptr<PlanRepository> repo;
  std::unique_ptr<History> history;
  std::vector<CommitInfo> commits;
  std::vector<PlanView> views{PlanView{}};
  std::vector<std::string> problems;

  FieldStoryViews() : repo(open_plan_repository(story.plan()).repository) {
    REQUIRE(repo);
    history = std::make_unique<History>(*repo, LoadOptions{});
    std::string error;
    const auto head = repo->resolve("HEAD", error);
    REQUIRE(head);
    bool truncated = false;
    commits = history->plan_commits(*head, std::nullopt, truncated);
    REQUIRE(commits.size() == 8);
    for (const auto& c : commits) views.push_back(history->view_at(c, problems));
  }
};

}  // namespace

TEST_CASE("compare_views: each step of the field story, as compare_plans of the whole plans") {
  FieldStoryViews s;
  // e5's broken file, once.
  REQUIRE(s.problems.size() == 1);
  CHECK(s.problems[0].find(":plan/fields/02-b.yaml:") != std::string::npos);
  const std::vector<std::string> steps = {
      // e0: everything added.
      "added 1.1 |1 (Öffnungszeiten erweitern)\nadded 1.2 |1 (Stadtteilkultur)\n"
      "added 1.3 |1 (Kulturnetz pflegen)\nadded 2.1 |2 (Jugendkulturbüro)\n"
      "added 2.2 |2 (Neue Bühne)\nadded 2.3 |2 (Kulturstammtisch)\n"
      "added 3.1 |3 (Kunst im Park)\nadded 3.2 |3 (Festival)\n",
      // e1: one field.
      "status 1.1 planned|in_progress (Öffnungszeiten erweitern)\n"
      "update_added 1.1 |2025-01-31: Auftakt (Öffnungszeiten erweitern)\n"
      "retitled 1.2 Stadtteilkultur|Kultur in den Stadtteilen (Kultur in den Stadtteilen)\n"
      "edited 1.2 |lead (Kultur in den Stadtteilen)\n",
      // e2: moved between two changed files.
      "moved 1.2 1|2 (Kultur in den Stadtteilen)\n",
      // e3: a renamed file is compared, and nothing changed.
      "",
      // e4: plan.yaml changed every key; the plan's lead is the lead of measures without one.
      "edited 1.1 |lead (Öffnungszeiten erweitern)\nedited 1.3 |lead (Kulturnetz pflegen)\n"
      "edited 2.1 |lead (Jugendkulturbüro)\nedited 2.2 |lead (Neue Bühne)\n"
      "edited 2.3 |lead (Kulturstammtisch)\nedited 3.1 |lead (Kunst im Park)\n"
      "edited 3.2 |lead (Festival)\n",
      // e5: the broken file keeps its last readable state.
      "",
      // e6: repaired, with a change.
      "status 2.2 planned|done (Neue Bühne)\n",
      // e7: a file removed and one added: 3.1 moved, 4.1 added, 3.2 removed.
      "moved 3.1 3|4 (Kunst im Park)\nadded 4.1 |4 (Lesesommer)\nremoved 3.2 3| (Festival)\n"};
  for (std::size_t i = 0; i + 1 < s.views.size(); ++i) {
    CAPTURE(i);
    CHECK(lines(compare_views(s.views[i], s.views[i + 1])) == steps[i]);
  }
  // Between any two commits, either way, as the whole plans compare.
  for (std::size_t i = 0; i < s.views.size(); ++i) {
    for (std::size_t j = 0; j < s.views.size(); ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(lines(compare_views(s.views[i], s.views[j])) ==
            compared(whole_plan(s.views[i]), whole_plan(s.views[j])));
    }
  }
  // And as the plans read afresh from the commit's texts, where all files can be read (not e5).
  for (std::size_t i = 0; i < s.commits.size(); ++i) {
    for (std::size_t j = 0; j < s.commits.size(); ++j) {
      if (i == 5 || j == 5) continue;
      CAPTURE(i);
      CAPTURE(j);
      CHECK(lines(compare_views(s.views[i + 1], s.views[j + 1])) ==
            compared(s.history->load_at(s.commits[i]).plan, s.history->load_at(s.commits[j]).plan));
    }
  }
}

TEST_CASE("whole_plan: load_cached's plan, its measures pointing to their fields") {
  FieldStoryViews s;
  const Plan e7 = whole_plan(s.views[8]);
  REQUIRE(e7.fields.size() == 3);
  CHECK(e7.fields[2].id.value == "4");
  CHECK(e7.fields[2].measures[1].field == 2);
  CHECK(e7.lead == "Kulturamt");
  CHECK(compare_plans(e7, s.history->load_cached(s.commits[7], s.problems)).empty());
  CHECK(whole_plan(s.views[0]).fields.empty());
}

// Versions of a field file point at the History's cached measures instead of copying them: a
// measure unchanged between two versions is one object; whole_plan puts copies in place.
TEST_CASE("view_at: versions of a file share the measures that did not change") {
  FieldStoryViews s;
  const FieldVersion& e0 = *s.views[1].fields[0].version;
  const FieldVersion& e1 = *s.views[2].fields[0].version;
  REQUIRE(e0.measures.size() == 3);
  REQUIRE(e1.measures.size() == 3);
  CHECK(e0.field.measures.empty());  // read through the cache: it owns none
  CHECK(e0.measures[2]->id.value == "1.3");
  CHECK(e0.measures[2] == e1.measures[2]);  // unchanged
  CHECK(e0.measures[0] != e1.measures[0]);  // 1.1 changed its status
  CHECK(e1.measures[0]->status.value == "in_progress");
  // In place: the lines and columns of every measure as reading the commit's files gives them.
  for (std::size_t i = 0; i < s.commits.size(); ++i) {
    if (i == 5) continue;  // a broken file keeps its last readable state
    CAPTURE(i);
    const Plan cached = whole_plan(s.views[i + 1]);
    const Plan read = s.history->load_at(s.commits[i]).plan;
    REQUIRE(cached.fields.size() == read.fields.size());
    for (std::size_t f = 0; f < read.fields.size(); ++f) {
      REQUIRE(cached.fields[f].measures.size() == read.fields[f].measures.size());
      for (std::size_t m = 0; m < read.fields[f].measures.size(); ++m) {
        const Measure& a = cached.fields[f].measures[m];
        const Measure& b = read.fields[f].measures[m];
        CHECK(fmt::format("{} {}:{} {}:{}", a.id.value, a.place.line, a.place.column,
                          a.status.place.line, a.title.place.column) ==
              fmt::format("{} {}:{} {}:{}", b.id.value, b.place.line, b.place.column,
                          b.status.place.line, b.title.place.column));
      }
    }
  }
}

// A new version of a field file takes the items it has at the same place as the last version
// from there (read_field_shared's `previous`): only where text and defaults are the same.
TEST_CASE("view_at: items at their old place come from the last version, if read alike") {
  TempDir tmp;
  const GitRepo r(tmp.path() + "/repo");
  const std::string m1 = measure_item("1.1", "Öffnungszeiten erweitern", "A");
  const std::string m2 = measure_item("1.2", "Stadtteilkultur", "A", {"lead: Stadtbücherei"});
  const std::string m3 = measure_item("1.3", "Kulturnetz pflegen", "B");
  r.write("plan/plan.yaml", k_plan_yaml);
  r.write("plan/fields/01-a.yaml", field_file("1", "Erstes Feld", {m1, m2, m3}));
  r.commit("c1", "Anna Alt", "2025-01-10");
  // 1.3 changed, 1.1 and 1.2 where they were.
  r.write("plan/fields/01-a.yaml",
          field_file("1", "Erstes Feld", {m1, m2, measure_item("1.3", "Kulturnetz", "B")}));
  r.commit("c2", "Anna Alt", "2025-01-11");
  // 1.0 added on top: every item one place down.
  r.write("plan/fields/01-a.yaml",
          field_file("1", "Erstes Feld", {measure_item("1.0", "Neu", "A"), m1, m2, m3}));
  r.commit("c3", "Anna Alt", "2025-01-12");
  // The plan's lead changes, the field file does not: 1.1 and 1.0 (no lead of their own) are
  // read again with the new default lead.
  std::string plan = k_plan_yaml;
  plan.replace(plan.find("lead: Kulturreferat"), 19, "lead: Kulturbüro");
  r.write("plan/plan.yaml", plan);
  r.commit("c4", "Anna Alt", "2025-01-13");
  auto repo = open_plan_repository(r.plan()).repository;
  REQUIRE(repo);
  History history(*repo, LoadOptions{});
  std::string error;
  const auto head = repo->resolve("HEAD", error);
  REQUIRE(head);
  bool truncated = false;
  const auto commits = history.plan_commits(*head, std::nullopt, truncated);
  REQUIRE(commits.size() == 4);
  std::vector<std::string> problems;
  std::vector<PlanView> views;
  for (const auto& c : commits) views.push_back(history.view_at(c, problems));
  CHECK(problems.empty());
  const auto measures = [&](std::size_t i) { return views[i].fields.at(0).version->measures; };
  const auto leads = [&](std::size_t i) {
    std::string out;
    for (const Measure* m : measures(i)) out += m->id.value + " " + m->lead.value + "; ";
    return out;
  };
  CHECK(measures(1)[0] == measures(0)[0]);
  CHECK(measures(1)[1] == measures(0)[1]);
  CHECK(measures(1)[2] != measures(0)[2]);
  CHECK(measures(1)[2]->title.value == "Kulturnetz");
  CHECK(measures(2)[1] == measures(0)[0]);  // found by its text, one place down
  CHECK(measures(2)[3] == measures(0)[2]);
  CHECK(leads(2) == "1.0 Kulturreferat; 1.1 Kulturreferat; 1.2 Stadtbücherei; 1.3 Kulturreferat; ");
  CHECK(leads(3) == "1.0 Kulturbüro; 1.1 Kulturbüro; 1.2 Stadtbücherei; 1.3 Kulturbüro; ");
  CHECK(measures(3)[1] != measures(2)[1]);
  // The versions' measures as reading each commit's files whole gives them.
  for (std::size_t i = 0; i < commits.size(); ++i) {
    CAPTURE(i);
    CHECK(compare_plans(whole_plan(views[i]), history.load_at(commits[i]).plan).empty());
  }
}

// kep history, list --stale and report read the plan on disk through the history's field cache
// (LoadOptions::cache): the same plan and findings as without it, and the history then finds the
// measures of a commit with the same items read.
TEST_CASE(
    "load_plan through a field cache: the same plan; a history sharing it reads no measure again") {
  TempDir tmp;
  const GitRepo r(tmp.path() + "/repo");
  r.write("plan/plan.yaml", k_plan_yaml);
  r.write("plan/fields/01-a.yaml",
          field_file("1", "Feld eins",
                     {measure_item("1.1", "Öffnungszeiten erweitern", "A", {"due: 2025-03-01"}),
                      measure_item("1.2", "Stadtteilkultur", "Z"),  // an unknown phase
                      measure_item("1.3", "Kulturnetz", "B", {"farbe: rot"})}));  // unknown key
  r.write("plan/fields/02-b.yaml", "id: \"2\"\ntitle: [kaputt\n");  // no YAML: read whole
  r.write("plan/fields/03-c.yaml",
          field_file("3", "Feld drei", {measure_item("3.1", "Kunst im Park", "A")}));
  r.commit("Plan", "Anna Alt", "2025-01-10");
  // Uncommitted: one measure changed on disk.
  r.write("plan/fields/03-c.yaml",
          field_file("3", "Feld drei", {measure_item("3.1", "Kunst im Park", "B")}));
  const LoadResult plain = load_plan(r.plan());
  FieldCache cache;
  const LoadResult cached = load_plan(r.plan(), LoadOptions{64u << 20, &cache});
  CHECK(dump(cached.plan, cached.findings) == dump(plain.plan, plain.findings));
  CHECK(!plain.findings.empty());
  CHECK(cache.size() == 4);  // 1.1, 1.2, 1.3 and 3.1 as on disk; 02-b.yaml is not cut

  auto repo = open_plan_repository(r.plan()).repository;
  REQUIRE(repo);
  History history(*repo, LoadOptions{64u << 20, &cache});
  std::string error;
  const auto head = repo->resolve("HEAD", error);
  REQUIRE(head);
  std::vector<std::string> problems;
  const PlanView view = history.view_at(*head, problems);
  CHECK(cache.size() == 5);          // only 3.1 as committed was read
  REQUIRE(view.fields.size() == 2);  // 02-b.yaml cannot be read
  CHECK(view.fields[0].version->measures.size() == 3);
  CHECK(view.fields[1].version->measures[0]->phase.value == "A");
}

// view_at reads the field files of a commit on several threads when they are large: the same
// fields, in file order, as reading the plan's folder; a content twice in one commit is read once.
TEST_CASE("view_at: large field files read on threads, in file order, a content twice once") {
  TempDir tmp;
  const GitRepo r(tmp.path() + "/repo");
  r.write("plan/plan.yaml", k_plan_yaml);
  std::vector<std::string> files;
  for (int f = 1; f <= 3; ++f) {
    std::vector<std::string> measures;
    for (int m = 1; m <= 1000; ++m)
      measures.push_back(measure_item(std::to_string(f) + "." + std::to_string(m),
                                      "Maßnahme Nummer " + std::to_string(m) + " für Überall",
                                      m % 2 ? "A" : "B", {"lead: Kulturbüro"}));
    files.push_back(field_file(std::to_string(f), "Feld " + std::to_string(f), measures));
  }
  REQUIRE(files[0].size() + files[1].size() + files[2].size() > (256u << 10));
  r.write("plan/fields/01-a.yaml", files[0]);
  r.write("plan/fields/02-b.yaml", files[1]);
  r.write("plan/fields/03-c.yaml", files[2]);
  r.write("plan/fields/04-a.yaml", files[0]);  // the same content as 01-a.yaml
  r.commit("groß", "Anna Alt", "2025-01-10");
  auto repo = open_plan_repository(r.plan()).repository;
  REQUIRE(repo);
  History history(*repo, LoadOptions{});
  std::string error;
  const auto head = repo->resolve("HEAD", error);
  REQUIRE(head);
  std::vector<std::string> problems;
  const PlanView view = history.view_at(*head, problems);
  CHECK(problems.empty());
  REQUIRE(view.fields.size() == 4);
  CHECK(view.fields[0].name == "fields/01-a.yaml");
  CHECK(view.fields[3].name == "fields/04-a.yaml");
  CHECK(view.fields[0].key == view.fields[3].key);
  CHECK(view.fields[0].version == view.fields[3].version);
  const LoadResult disk = load_plan(r.plan(), LoadOptions{});
  const Plan at_head = whole_plan(view);
  REQUIRE(at_head.fields.size() == disk.plan.fields.size());
  for (std::size_t i = 0; i < at_head.fields.size(); ++i) {
    CHECK(at_head.fields[i].id.value == disk.plan.fields[i].id.value);
    REQUIRE(at_head.fields[i].measures.size() == 1000);
    CHECK(at_head.fields[i].measures[999].title.value ==
          disk.plan.fields[i].measures[999].title.value);
  }
  CHECK(compare_plans(at_head, disk.plan).empty());
  // Their shares of the series are counted on threads too: the same as one by one.
  Filter phase_a;
  phase_a.phases = {"A"};
  for (const Filter& filter : {Filter{}, phase_a}) {
    const auto all = SeriesCounter(at_head, filter)
                         .count_all({{&view, Date{2025, 1, 10}}, {&view, Date{2025, 1, 11}}});
    REQUIRE(all.size() == 2);
    const SeriesCounts one = SeriesCounter(at_head, filter).count(view, Date{2025, 1, 10});
    CHECK(all[0].total == (filter.phases.empty() ? 4000 : 2000));
    CHECK(all[0].total == one.total);
    CHECK(all[1].total == one.total);
    CHECK(all[0].by_phase == one.by_phase);
  }
}

// A measure id in two field files makes an invalid plan. compare_plans sees each id's first
// place only; compare_views compares the changed files alone, so their measures count there.
TEST_CASE("compare_views: an id in an unchanged and in a changed file counts in the changed one") {
  TempDir tmp;
  GitRepo r(tmp.path() + "/repo");
  r.write("plan/plan.yaml", k_plan_yaml);
  r.write("plan/fields/01-a.yaml", field_file("1", "Eins", {measure_item("1.1", "Erste", "A")}));
  r.write("plan/fields/02-b.yaml", field_file("2", "Zwei", {measure_item("2.1", "Zweite", "A")}));
  r.commit("Plan", "Anna Alt", "2025-01-10");
  r.write("plan/fields/02-b.yaml",
          field_file("2", "Zwei",
                     {measure_item("2.1", "Zweite", "A"), measure_item("1.1", "Doppelt", "B")}));
  r.commit("1.1 doppelt", "Anna Alt", "2025-01-11");
  const auto repo = open_plan_repository(r.dir() + "/plan").repository;
  REQUIRE(repo);
  History history(*repo, LoadOptions{});
  std::string error;
  bool truncated = false;
  const auto commits = history.plan_commits(*repo->resolve("HEAD", error), std::nullopt, truncated);
  REQUIRE(commits.size() == 2);
  std::vector<std::string> problems;
  const PlanView before = history.view_at(commits[0], problems);
  const PlanView after = history.view_at(commits[1], problems);
  CHECK(compared(whole_plan(before), whole_plan(after)) == "");
  CHECK(lines(compare_views(before, after)) == "added 1.1 |2 (Doppelt)\n");
}

namespace {

std::string counted(const SeriesCounts& c) {
  std::string out = fmt::format("total {} done {} overdue {} status", c.total, c.done, c.overdue);
  for (const auto n : c.by_status) out += fmt::format(" {}", n);
  out += " phase";
  for (const auto& [total, done] : c.by_phase) out += fmt::format(" {}/{}", total, done);
  return out;
}

}  // namespace

TEST_CASE("SeriesCounter: the counts of the whole plan at each commit, on any day, by filter") {
  FieldStoryViews s;
  const Plan current = whole_plan(s.views.back());
  std::vector<std::pair<std::string, Filter>> filters(7);
  filters[0].first = "none";
  filters[1].first = "phase A";
  filters[1].second.phases = {"A"};
  filters[2].first = "overdue";
  filters[2].second.overdue = true;
  filters[3].first = "immediate";
  filters[3].second.immediate = true;
  filters[4].first = "field 2";
  filters[4].second.fields = {"2"};
  filters[5].first = "planned, phase B";
  filters[5].second.statuses = {"planned"};
  filters[5].second.phases = {"B"};
  filters[6].first = "lead";
  filters[6].second.leads = {"Kulturamt"};
  const std::vector<Date> days = {Date{2024, 1, 1},  Date{2025, 3, 1}, Date{2025, 3, 2},
                                  Date{2025, 6, 30}, Date{2025, 7, 1}, Date{2026, 1, 1},
                                  Date{2029, 1, 1}};
  for (const auto& [name, filter] : filters) {
    // One counter across commits and days: what it keeps per file holds on every day.
    SeriesCounter counter(current, filter);
    for (std::size_t i = 0; i < s.views.size(); ++i) {
      std::vector<Date> on = days;
      if (i > 0) on.insert(on.begin(), s.commits[i - 1].date);
      for (const auto& day : on) {
        CAPTURE(name);
        CAPTURE(i);
        CAPTURE(format_date(day));
        const Plan whole = whole_plan(s.views[i]);
        const auto selected = select(derive_facts(whole, day), filter);
        CHECK(counted(counter.count(s.views[i], day)) == counted(count_series(current, selected)));
      }
    }
    // count_all: the counts of count() one by one, all at once.
    std::vector<std::pair<const PlanView*, Date>> points;
    for (std::size_t i = 0; i < s.views.size(); ++i)
      points.emplace_back(&s.views[i], days[i % days.size()]);
    const auto all = SeriesCounter(current, filter).count_all(points);
    REQUIRE(all.size() == points.size());
    SeriesCounter one_by_one(current, filter);
    for (std::size_t i = 0; i < points.size(); ++i) {
      CAPTURE(name);
      CAPTURE(i);
      CHECK(counted(all[i]) == counted(one_by_one.count(*points[i].first, points[i].second)));
    }
  }
  // The numbers themselves, at e4 (phase A ends 2025-06-30 then): overdue are 1.1 (due
  // 2025-03-01) from 2025-03-02, 3.1 from 2025-06-16, 1.2 and 2.3 (a standing task not running)
  // from 2025-07-01; never 1.3 (running), 2.1 (done) or 3.2 (dropped); 2.2 (phase B) not yet.
  SeriesCounter counter(current, Filter{});
  CHECK(counted(counter.count(s.views[5], Date{2025, 3, 2})) ==
        "total 8 done 1 overdue 1 status 4 2 1 0 1 phase 5/1 3/0");
  CHECK(counted(counter.count(s.views[5], Date{2025, 7, 1})) ==
        "total 8 done 1 overdue 4 status 4 2 1 0 1 phase 5/1 3/0");
  Filter immediate;
  immediate.immediate = true;
  SeriesCounter immediate_counter(current, immediate);
  CHECK(counted(immediate_counter.count(s.views[4], Date{2025, 7, 1})) ==
        "total 0 done 0 overdue 0 status 0 0 0 0 0 phase 0/0 0/0");
  CHECK(counted(immediate_counter.count(s.views[5], Date{2025, 7, 1})) ==
        "total 2 done 1 overdue 1 status 1 0 1 0 0 phase 1/1 1/0");
}

// ---- kep history ----

namespace {

// kep on the story's plan, judged on 2026-11-27.
Run kep_on(const StoryRepo& story, std::vector<std::string> args) {
  args.insert(args.end(), {"--plan", story.plan(), "--today", "2026-11-27"});
  return run_kep(args);
}

}  // namespace

TEST_CASE("kep history: one row per commit that changed the plan, counts as of that commit") {
  StoryRepo story;
  const Run r = kep_on(story, {"history"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  // Nothing is overdue: each row is judged on its commit's day, not on --today.
  CHECK(r.out == story.ids_text(
                     "Datum       Commit   Autor         gesamt  geplant  in Umsetzung  umgesetzt  "
                     "zurückgestellt  entfallen  überfällig\n"
                     "01.02.2024  <s1>  Anna Alt           3        3             0          0    "
                     "           0          0           0\n"
                     "15.03.2024  <s2>  Bernd Bauer        3        2             1          0    "
                     "           0          0           0\n"
                     "20.05.2024  <s4>  Clara Conrad       4        3             1          0    "
                     "           0          0           0\n"
                     "01.10.2024  <s5>  Bernd Bauer        3        2             0          1    "
                     "           0          0           0\n"));
}

TEST_CASE("kep history --format csv: full ids, counts per status and per phase, filters apply") {
  StoryRepo story;
  const Run r = kep_on(story, {"history", "--format", "csv"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        story.ids_text(
            "date,commit,author,total,done,overdue,status_planned,status_in_progress,status_done,"
            "status_deferred,status_dropped,A_total,A_done,B_total,B_done\n"
            "2024-02-01,<f1>,Anna Alt,3,0,0,3,0,0,0,0,2,0,1,0\n"
            "2024-03-15,<f2>,Bernd Bauer,3,0,0,2,1,0,0,0,2,0,1,0\n"
            "2024-05-20,<f4>,Clara Conrad,4,0,0,3,1,0,0,0,2,0,2,0\n"
            "2024-10-01,<f5>,Bernd Bauer,3,1,0,2,0,1,0,0,1,1,2,0\n"));
  // Phase A then: 1.1 and 1.2, later 1.1 and 2.1 (1.2 went to B), then 1.1 alone.
  const Run a = kep_on(story, {"history", "--format", "csv", "--phase", "A"});
  CHECK(a.code == 0);
  CHECK(a.out ==
        story.ids_text(
            "date,commit,author,total,done,overdue,status_planned,status_in_progress,status_done,"
            "status_deferred,status_dropped,A_total,A_done,B_total,B_done\n"
            "2024-02-01,<f1>,Anna Alt,2,0,0,2,0,0,0,0,2,0,0,0\n"
            "2024-03-15,<f2>,Bernd Bauer,2,0,0,1,1,0,0,0,2,0,0,0\n"
            "2024-05-20,<f4>,Clara Conrad,2,0,0,1,1,0,0,0,2,0,0,0\n"
            "2024-10-01,<f5>,Bernd Bauer,1,1,0,0,0,1,0,0,1,1,0,0\n"));
}

// "done" (measures in any closing status) and the status with the id "done" once had the same
// name; a spreadsheet or csv.DictReader keeps only one column of a name.
TEST_CASE("kep history --format csv: the header's names are distinct") {
  StoryRepo story;
  const Run r = kep_on(story, {"history", "--format", "csv"});
  std::vector<std::string> names;
  std::string header = r.out.substr(0, r.out.find('\n')) + ",";
  for (std::size_t start = 0, end; (end = header.find(',', start)) != std::string::npos;
       start = end + 1)
    names.push_back(header.substr(start, end - start));
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

TEST_CASE("kep history --format json") {
  StoryRepo story;
  const Run r = kep_on(story, {"history", "--format", "json", "--field", "2"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out == story.ids_text(R"({
  "kep_version": "0.1.0",
  "commits": [
    {
      "commit": "<f1>",
      "date": "2024-02-01",
      "author": "Anna Alt",
      "summary": "Plan anlegen",
      "total": 0,
      "done": 0,
      "overdue": 0,
      "by_status": {
        "planned": 0,
        "in_progress": 0,
        "done": 0,
        "deferred": 0,
        "dropped": 0
      },
      "by_phase": {
        "A": {
          "total": 0,
          "done": 0
        },
        "B": {
          "total": 0,
          "done": 0
        }
      }
    },
    {
      "commit": "<f2>",
      "date": "2024-03-15",
      "author": "Bernd Bauer",
      "summary": "1.1 begonnen",
      "total": 0,
      "done": 0,
      "overdue": 0,
      "by_status": {
        "planned": 0,
        "in_progress": 0,
        "done": 0,
        "deferred": 0,
        "dropped": 0
      },
      "by_phase": {
        "A": {
          "total": 0,
          "done": 0
        },
        "B": {
          "total": 0,
          "done": 0
        }
      }
    },
    {
      "commit": "<f4>",
      "date": "2024-05-20",
      "author": "Clara Conrad",
      "summary": "Feld 2; 1.2 umbenannt",
      "total": 2,
      "done": 0,
      "overdue": 0,
      "by_status": {
        "planned": 2,
        "in_progress": 0,
        "done": 0,
        "deferred": 0,
        "dropped": 0
      },
      "by_phase": {
        "A": {
          "total": 1,
          "done": 0
        },
        "B": {
          "total": 1,
          "done": 0
        }
      }
    },
    {
      "commit": "<f5>",
      "date": "2024-10-01",
      "author": "Bernd Bauer",
      "summary": "1.1 umgesetzt, 2.1 gestrichen",
      "total": 1,
      "done": 0,
      "overdue": 0,
      "by_status": {
        "planned": 1,
        "in_progress": 0,
        "done": 0,
        "deferred": 0,
        "dropped": 0
      },
      "by_phase": {
        "A": {
          "total": 0,
          "done": 0
        },
        "B": {
          "total": 1,
          "done": 0
        }
      }
    }
  ]
}
)"));
}

TEST_CASE("kep history: a merge counts as one commit of the first-parent history") {
  StoryRepo story;
  const GitRepo& r = story.repo();
  r.git("checkout -q -b feature");
  r.write("plan/fields/02-b.yaml", std::string(k_field_b_c5) + "    status: in_progress\n");
  const std::string feature = r.commit("1.3 begonnen", "Erik Ernst", "2024-10-10");
  r.git("checkout -q main");
  r.write("README.md", "# Kulturplan\n\nNeu.\n");
  const std::string readme = r.commit("README", "Anna Admin", "2024-10-12");
  r.git("merge -q --no-ff -m " + shell_quote("Merge feature") + " feature", "Maria Merge",
        "2024-10-15");
  const std::string merge = r.git("rev-parse HEAD");
  const Run h = kep_on(story, {"history", "--format", "csv"});
  CHECK(h.code == 0);
  CHECK(h.out ==
        story.ids_text(
            "date,commit,author,total,done,overdue,status_planned,status_in_progress,status_done,"
            "status_deferred,status_dropped,A_total,A_done,B_total,B_done\n"
            "2024-02-01,<f1>,Anna Alt,3,0,0,3,0,0,0,0,2,0,1,0\n"
            "2024-03-15,<f2>,Bernd Bauer,3,0,0,2,1,0,0,0,2,0,1,0\n"
            "2024-05-20,<f4>,Clara Conrad,4,0,0,3,1,0,0,0,2,0,2,0\n"
            "2024-10-01,<f5>,Bernd Bauer,3,1,0,2,0,1,0,0,1,1,2,0\n"
            "2024-10-15," +
            merge + ",Maria Merge,3,1,0,1,1,1,0,0,1,1,2,0\n"));
  // kep diff attributes the branch's change to the merge on main, and to the branch's own
  // commit when asked about the branch.
  const Run d = kep_on(story, {"diff", readme});
  CHECK(d.out == merge.substr(0, 7) +
                     "  15.10.2024  Maria Merge  Merge feature\n"
                     "  1.3    Status: geplant → in Umsetzung  (Kunst im Park)\n");
  const Run b = kep_on(story, {"diff", story.ids[5], "feature"});
  CHECK(b.out == feature.substr(0, 7) +
                     "  10.10.2024  Erik Ernst  1.3 begonnen\n"
                     "  1.3    Status: geplant → in Umsetzung  (Kunst im Park)\n");
  // The last change of 1.3 is the merge's day (773 days before 2026-11-27), not the branch's.
  CHECK(kep_on(story, {"list", "--stale", "774", "--format", "ids"}).out == "1.1\n1.2\n");
  CHECK(kep_on(story, {"list", "--stale", "773", "--format", "ids"}).out == "1.1\n1.2\n1.3\n");
}

// ---- kep diff ----

namespace {

// The story's plan with 1.2 started in the working tree, not committed.
void start_12_uncommitted(const StoryRepo& story) {
  std::string text = k_field_a_c5;
  text += "    status: in_progress\n";
  story.repo().write("plan/fields/01-a.yaml", text);
}

}  // namespace

TEST_CASE("kep diff: HEAD to the working tree") {
  StoryRepo story;
  CHECK(kep_on(story, {"diff"}).out == "Keine Änderungen.\n");
  start_12_uncommitted(story);
  const Run r = kep_on(story, {"diff"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "Arbeitskopie, noch nicht committet\n"
        "  1.2    Status: geplant → in Umsetzung  (Kultur in den Stadtteilen)\n");
}

TEST_CASE("kep diff REV: each commit since REV with its changes, then the working tree") {
  StoryRepo story;
  start_12_uncommitted(story);
  const Run r = kep_on(story, {"diff", story.ids[1].substr(0, 7)});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        story.ids_text("<s2>  15.03.2024  Bernd Bauer  1.1 begonnen\n"
                       "  1.1    Status: geplant → in Umsetzung  (Öffnungszeiten erweitern)\n"
                       "  1.1    neuer Eintrag: 2024-03-14: Auftakt mit der Bibliothek  "
                       "(Öffnungszeiten erweitern)\n"
                       "\n"
                       "<s4>  20.05.2024  Clara Conrad  Feld 2; 1.2 umbenannt\n"
                       "  1.2    neuer Titel: „Kultur in den Stadtteilen“  (Kultur in den "
                       "Stadtteilen)\n"
                       "  1.2    Phase: A → B  (Kultur in den Stadtteilen)\n"
                       "  1.2    geändert: lead  (Kultur in den Stadtteilen)\n"
                       "  2.1    neu (Handlungsfeld 2)  (Jugendkulturbüro)\n"
                       "  1.3    Handlungsfeld: 1 → 2  (Kunst im Park)\n"
                       "\n"
                       "<s5>  01.10.2024  Bernd Bauer  1.1 umgesetzt, 2.1 gestrichen\n"
                       "  1.1    Status: in Umsetzung → umgesetzt  (Öffnungszeiten erweitern)\n"
                       "  1.1    neuer Eintrag: 2024-09-30: Neue Zeiten gelten  (Öffnungszeiten "
                       "erweitern)\n"
                       "  2.1    entfernt  (Jugendkulturbüro)\n"
                       "\n"
                       "Arbeitskopie, noch nicht committet\n"
                       "  1.2    Status: geplant → in Umsetzung  (Kultur in den Stadtteilen)\n"));
}

TEST_CASE("kep diff REV REV2: only the commits between, the working tree left out") {
  StoryRepo story;
  start_12_uncommitted(story);
  // c3 changed only the README: from c2 or c3 it is the same.
  for (const std::size_t from : {2u, 3u}) {
    const Run r = kep_on(story, {"diff", story.ids[from], "HEAD~1"});
    CHECK(r.code == 0);
    CHECK(r.out ==
          story.ids_text("<s4>  20.05.2024  Clara Conrad  Feld 2; 1.2 umbenannt\n"
                         "  1.2    neuer Titel: „Kultur in den Stadtteilen“  (Kultur in den "
                         "Stadtteilen)\n"
                         "  1.2    Phase: A → B  (Kultur in den Stadtteilen)\n"
                         "  1.2    geändert: lead  (Kultur in den Stadtteilen)\n"
                         "  2.1    neu (Handlungsfeld 2)  (Jugendkulturbüro)\n"
                         "  1.3    Handlungsfeld: 1 → 2  (Kunst im Park)\n"));
  }
  CHECK(kep_on(story, {"diff", "HEAD", "HEAD"}).out == "Keine Änderungen.\n");
  CHECK(kep_on(story, {"diff", story.ids[2], story.ids[3]}).out == "Keine Änderungen.\n");
  // In English, with English dates and labels.
  const Run en = kep_on(story, {"diff", "--lang", "en", "HEAD~1", "HEAD"});
  CHECK(en.out ==
        story.ids_text("<s5>  2024-10-01  Bernd Bauer  1.1 umgesetzt, 2.1 gestrichen\n"
                       "  1.1    Status: in progress → done  (Öffnungszeiten erweitern)\n"
                       "  1.1    new update: 2024-09-30: Neue Zeiten gelten  (Öffnungszeiten "
                       "erweitern)\n"
                       "  2.1    removed  (Jugendkulturbüro)\n"));
}

TEST_CASE("kep diff --format json: each change with its commit, the working tree has none") {
  StoryRepo story;
  start_12_uncommitted(story);
  const Run r = kep_on(story, {"diff", "--format", "json", "HEAD~1"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out == story.ids_text(R"({
  "kep_version": "0.1.0",
  "from": {
    "id": "<f4>",
    "date": "2024-05-20",
    "author": "Clara Conrad",
    "summary": "Feld 2; 1.2 umbenannt"
  },
  "to": null,
  "changes": [
    {
      "kind": "status",
      "id": "1.1",
      "title": "Öffnungszeiten erweitern",
      "from": "in_progress",
      "to": "done",
      "commit": {
        "id": "<f5>",
        "date": "2024-10-01",
        "author": "Bernd Bauer",
        "summary": "1.1 umgesetzt, 2.1 gestrichen"
      }
    },
    {
      "kind": "update_added",
      "id": "1.1",
      "title": "Öffnungszeiten erweitern",
      "from": "",
      "to": "2024-09-30: Neue Zeiten gelten",
      "commit": {
        "id": "<f5>",
        "date": "2024-10-01",
        "author": "Bernd Bauer",
        "summary": "1.1 umgesetzt, 2.1 gestrichen"
      }
    },
    {
      "kind": "removed",
      "id": "2.1",
      "title": "Jugendkulturbüro",
      "from": "2",
      "to": "",
      "commit": {
        "id": "<f5>",
        "date": "2024-10-01",
        "author": "Bernd Bauer",
        "summary": "1.1 umgesetzt, 2.1 gestrichen"
      }
    },
    {
      "kind": "status",
      "id": "1.2",
      "title": "Kultur in den Stadtteilen",
      "from": "planned",
      "to": "in_progress",
      "commit": null
    }
  ]
}
)"));
  const Run to = kep_on(story, {"diff", "--format", "json", "HEAD", "HEAD"});
  CHECK(to.out == story.ids_text(R"({
  "kep_version": "0.1.0",
  "from": {
    "id": "<f5>",
    "date": "2024-10-01",
    "author": "Bernd Bauer",
    "summary": "1.1 umgesetzt, 2.1 gestrichen"
  },
  "to": {
    "id": "<f5>",
    "date": "2024-10-01",
    "author": "Bernd Bauer",
    "summary": "1.1 umgesetzt, 2.1 gestrichen"
  },
  "changes": []
}
)"));
}

TEST_CASE("kep diff --format md: a heading per commit, a list item per change") {
  StoryRepo story;
  start_12_uncommitted(story);
  const Run r = kep_on(story, {"diff", "--format", "md", story.ids[3]});
  CHECK(r.code == 0);
  CHECK(r.out ==
        story.ids_text("### <s4>  20.05.2024  Clara Conrad  Feld 2; 1.2 umbenannt\n"
                       "\n"
                       "- **1.2** Kultur in den Stadtteilen — neuer Titel: „Kultur in den "
                       "Stadtteilen“\n"
                       "- **1.2** Kultur in den Stadtteilen — Phase: A → B\n"
                       "- **1.2** Kultur in den Stadtteilen — geändert: lead\n"
                       "- **2.1** Jugendkulturbüro — neu (Handlungsfeld 2)\n"
                       "- **1.3** Kunst im Park — Handlungsfeld: 1 → 2\n"
                       "\n"
                       "### <s5>  01.10.2024  Bernd Bauer  1.1 umgesetzt, 2.1 gestrichen\n"
                       "\n"
                       "- **1.1** Öffnungszeiten erweitern — Status: in Umsetzung → umgesetzt\n"
                       "- **1.1** Öffnungszeiten erweitern — neuer Eintrag: 2024-09-30: Neue "
                       "Zeiten gelten\n"
                       "- **2.1** Jugendkulturbüro — entfernt\n"
                       "\n"
                       "### Arbeitskopie, noch nicht committet\n"
                       "\n"
                       "- **1.2** Kultur in den Stadtteilen — Status: geplant → in Umsetzung\n"));
}

TEST_CASE("kep diff: usage errors") {
  StoryRepo story;
  const Run nope = kep_on(story, {"diff", "nope"});
  CHECK(nope.code == 2);
  CHECK(nope.out == "");
  CHECK(nope.err == "kep: error: git knows no revision 'nope'\n");
  const Run nope2 = kep_on(story, {"diff", "HEAD", "nope"});
  CHECK(nope2.code == 2);
  CHECK(nope2.err == "kep: error: git knows no revision 'nope'\n");
  const Run three = kep_on(story, {"diff", "HEAD~2", "HEAD~1", "HEAD"});
  CHECK(three.code == 2);
  CHECK(three.err == "kep: error: kep diff takes at most two revisions\n");
  CHECK(kep_on(story, {"diff", "--format", "csv"}).code == 2);
}

// The second revision is older than the first: no commit made the reversed changes, so none is
// blamed (c4 never set 1.1 back to in_progress); kep asks for the older revision first. The same
// holds for a REV that is not on REV2's first-parent line.
TEST_CASE("kep diff NEWER OLDER: a usage error, no commit blamed for changes it did not make") {
  StoryRepo story;
  const Run r = kep_on(story, {"diff", "--format", "json", "HEAD", "HEAD~1"});
  CHECK(r.code == 2);
  CHECK(r.out == "");
  CHECK(r.err ==
        "kep: error: 'HEAD' is not an earlier commit of 'HEAD~1' (along first parents); "
        "give the older revision first\n");
}

// A revision before the plan existed: every measure is new.
TEST_CASE("kep diff from a commit before the plan: all measures added") {
  StoryRepo story;
  const Run r = kep_on(story, {"diff", story.ids[0], story.ids[1]});
  CHECK(r.code == 0);
  CHECK(r.out == story.ids_text("<s1>  01.02.2024  Anna Alt  Plan anlegen\n"
                                "  1.1    neu (Handlungsfeld 1)  (Öffnungszeiten erweitern)\n"
                                "  1.2    neu (Handlungsfeld 1)  (Stadtteilkultur)\n"
                                "  1.3    neu (Handlungsfeld 1)  (Kunst im Park)\n"));
}

// The plan folder's absence at an old revision is no error of the plan.
TEST_CASE("kep diff from a commit before the plan: nothing on stderr") {
  StoryRepo story;
  const Run r = kep_on(story, {"diff", story.ids[0], story.ids[1]});
  CHECK(r.err == "");
}

// ---- dates ----

// A commit's day is its day in UTC (repo.h), whatever the zone it was made in: 00:30 in Berlin
// on April 1st is March 31st.
TEST_CASE("a commit's date is its day in UTC") {
  TempDir tmp;
  GitRepo r(tmp.path() + "/repo");
  r.write("plan/plan.yaml", k_plan_yaml);
  r.write("plan/fields/01-a.yaml", k_field_a_c1);
  r.commit("Plan anlegen", "Anna Alt", "2024-04-01T00:30:00+02:00");
  r.write("plan/fields/01-a.yaml", k_field_a_c2);
  r.commit("1.1 begonnen", "Bernd Bauer", "2024-04-01T23:30:00-05:00");
  const Run h =
      run_kep({"history", "--plan", r.plan(), "--format", "csv", "--today", "2026-11-27"});
  std::string days;
  std::istringstream in(h.out);
  for (std::string line; std::getline(in, line);) days += line.substr(0, 10) + " ";
  CHECK(days == "date,commi 2024-03-31 2024-04-02 ");
  CHECK(run_kep({"list", "--plan", r.plan(), "--as-of", "2024-03-31", "--format", "ids"}).code ==
        0);
}

// ---- --as-of ----

TEST_CASE(
    "kep status --as-of DATE: the plan as of the last commit on or before that day, judged "
    "on that day") {
  StoryRepo story;
  start_12_uncommitted(story);  // the working tree does not matter
  const Run r = run_kep({"status", "--plan", story.plan(), "--as-of", "2024-03-31"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "Testplan · Teststadt\n"
        "Stand 31.03.2024\n"
        "\n"
        "Phase A · Umsetzungsphase A · 01.01.2024 – 31.12.2025\n"
        "  2 Maßnahmen · 0 umgesetzt (0 %) · 0 überfällig\n"
        "  geplant 1 · in Umsetzung 1 · umgesetzt 0 · zurückgestellt 0 · entfallen 0\n"
        "\n"
        "Phase B · Umsetzungsphase B · 01.01.2026 – 31.12.2028\n"
        "  1 Maßnahme · 0 umgesetzt (0 %) · 0 überfällig\n"
        "  geplant 1 · in Umsetzung 0 · umgesetzt 0 · zurückgestellt 0 · entfallen 0\n"
        "\n"
        "Handlungsfelder\n"
        "Nr.  Handlungsfeld  gesamt  geplant  in Umsetzung  umgesetzt  zurückgestellt  entfallen  "
        "überfällig  Anteil umgesetzt\n"
        "1    Erstes Feld         3        2             1          0               0          0  "
        "         0  ░░░░░░░░░░   0 %\n"
        "     gesamt              3        2             1          0               0          0  "
        "         0  ░░░░░░░░░░   0 %\n"
        "\n"
        "Überfällig (0), am längsten zuerst\n"
        "  keine\n");
}

TEST_CASE("kep list and show --as-of DATE, with --today to judge by") {
  StoryRepo story;
  const Run list = kep_on(story, {"list", "--as-of", "2024-03-31"});
  CHECK(list.code == 0);
  CHECK(list.err == "");
  CHECK(list.out ==
        "Nr.  Phase  Status        fällig      Federführung   Maßnahme\n"
        "1.1  A      in Umsetzung  31.12.2025  Kulturreferat  Öffnungszeiten erweitern\n"
        "1.2  A      geplant       31.12.2025  Kulturreferat  Stadtteilkultur\n"
        "1.3  B      geplant       31.12.2028  Kulturreferat  Kunst im Park\n");
  // Judged on --today, phase A's measures are overdue then.
  CHECK(kep_on(story, {"list", "--as-of", "2024-03-31", "--overdue", "--format", "ids"}).out ==
        "1.1\n1.2\n");
  const Run show = kep_on(story, {"show", "--as-of", "2024-03-31", "1.1"});
  CHECK(show.code == 0);
  CHECK(show.out ==
        "1.1  Öffnungszeiten erweitern\n"
        "Handlungsfeld   1 – Erstes Feld\n"
        "Phase           A – Umsetzungsphase A (01.01.2024 – 31.12.2025)\n"
        "Fällig          31.12.2025, überfällig seit 331 Tagen\n"
        "Status          in Umsetzung\n"
        "Ampel           rot\n"
        "Art             Projekt\n"
        "Federführung    Kulturreferat\n"
        "Verlauf\n"
        "  14.03.2024  in Umsetzung – Auftakt mit der Bibliothek\n");
  // 2.1 did not exist yet.
  const Run missing = kep_on(story, {"show", "--as-of", "2024-03-31", "2.1"});
  CHECK(missing.code == 1);
  CHECK(missing.err == "kep: error: there is no measure '2.1' (did you mean '1.1'?)\n");
}

TEST_CASE("--as-of REV: a commit id, a short id or a revision") {
  StoryRepo story;
  for (const std::string& rev : {story.ids[4], story.ids[4].substr(0, 7), std::string("HEAD~1")}) {
    const Run r = kep_on(story, {"list", "--as-of", rev, "--format", "ids"});
    CHECK(r.code == 0);
    CHECK(r.out == "1.1\n1.2\n2.1\n1.3\n");
  }
  CHECK(
      kep_on(story, {"list", "--as-of", story.ids[3], "--columns", "id,status", "--format", "csv"})
          .out == "id,status\n1.1,in Umsetzung\n1.2,geplant\n1.3,geplant\n");
}

TEST_CASE("--as-of: no commit then, no such revision, no plan then") {
  StoryRepo story;
  const Run before = kep_on(story, {"status", "--as-of", "2024-01-09"});
  CHECK(before.code == 2);
  CHECK(before.out == "");
  CHECK(before.err ==
        "kep: error: --as-of 2024-01-09: there is no commit on or before 2024-01-09\n");
  const Run nope = kep_on(story, {"list", "--as-of", "nope"});
  CHECK(nope.code == 2);
  CHECK(nope.err == "kep: error: --as-of nope: git knows no revision 'nope'\n");
  // c0 has only the README: the plan folder is missing at that commit (an error of reading: 3).
  const Run empty = kep_on(story, {"list", "--as-of", "2024-01-31"});
  CHECK(empty.code == 3);
  CHECK(empty.err.rfind(story.ids_text("<s0>:plan/plan.yaml: error: there is no plan.yaml in "
                                       "'<s0>:plan'; the plan folder did not hold one then "
                                       "[plan-missing]\n"),
                        0) == 0);
}

// ---- kep list --stale ----

TEST_CASE("kep list --stale DAYS: measures no commit changed for that long") {
  StoryRepo story;
  // Last changes: 1.1 on 2024-10-01 (787 days before 2026-11-27), 1.2 and 1.3 on 2024-05-20
  // (921 days; 1.3 moved to field 2 then).
  auto stale = [&](const std::string& days, const std::string& today = "2026-11-27",
                   std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"list",   "--stale",    days,      "--format", "ids",
                                     "--plan", story.plan(), "--today", today};
    args.insert(args.end(), more.begin(), more.end());
    const Run r = run_kep(args);
    CHECK(r.code == 0);
    CHECK(r.err == "");
    return r.out;
  };
  CHECK(stale("0") == "1.1\n1.2\n1.3\n");
  CHECK(stale("787") == "1.1\n1.2\n1.3\n");
  CHECK(stale("788") == "1.2\n1.3\n");
  CHECK(stale("921") == "1.2\n1.3\n");
  CHECK(stale("922") == "");
  CHECK(stale("30", "2026-11-27", {"--phase", "A"}) == "1.1\n");
  CHECK(stale("788", "2024-11-27") == "");
  CHECK(stale("60", "2024-11-27") == "1.2\n1.3\n");
  CHECK(stale("57", "2024-11-27") == "1.1\n1.2\n1.3\n");  // 57 days after 2024-10-01
  // A measure not committed yet is fresh, not stale; an uncommitted edit does not count.
  std::string text = k_field_a_c5;
  text += "  - id: \"1.4\"\n    title: Lesesommer\n    phase: A\n";
  story.repo().write("plan/fields/01-a.yaml", text);
  CHECK(stale("0") == "1.1\n1.2\n1.3\n");
  const Run bad = kep_on(story, {"list", "--stale", "-1"});
  CHECK(bad.code == 2);
}

// --stale with --as-of takes the last changes up to the --as-of commit: on 2024-03-31, 1.2 and 1.3
// had not changed since 2024-02-01 (59 days); their change of 2024-05-20 lies after that day.
TEST_CASE("kep list --as-of DATE --stale DAYS: the last changes up to then") {
  StoryRepo story;
  const Run r = run_kep({"list", "--plan", story.plan(), "--as-of", "2024-03-31", "--stale", "30",
                         "--format", "ids"});
  CHECK(r.code == 0);
  CHECK(r.out == "1.2\n1.3\n");
}

// ---- kep report: last changes, burn-up, --since ----

namespace {

using Json = nlohmann::ordered_json;

Json report_json(const StoryRepo& story, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"report", "--format", "json"};
  args.insert(args.end(), more.begin(), more.end());
  const Run r = kep_on(story, args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return Json::parse(r.out);
}

// "id=last_changed_local" of every measure in the report's fields.
std::string last_changed(const Json& data) {
  std::string out;
  for (const auto& field : data.at("fields"))
    for (const auto& m : field.at("measures"))
      out +=
          m.at("id").get<std::string>() + "=" + m.at("last_changed_local").get<std::string>() + " ";
  return out;
}

}  // namespace

TEST_CASE("kep report: the commit, each measure's last change and the burn-up series") {
  StoryRepo story;
  const Json data = report_json(story);
  CHECK(data.at("commit") == Json{{"id", story.ids[5]}, {"short", story.ids[5].substr(0, 7)}});
  CHECK(last_changed(data) == "1.1=01.10.2024 1.2=20.05.2024 1.3=20.05.2024 ");
  CHECK(data.at("burnup").at("points").dump() ==
        R"([{"date_local":"01.02.2024","total":3,"done":0},)"
        R"({"date_local":"15.03.2024","total":3,"done":0},)"
        R"({"date_local":"20.05.2024","total":4,"done":0},)"
        R"({"date_local":"01.10.2024","total":3,"done":1}])");
  CHECK(data.at("since").dump() == R"({"present":false,"has_changes":false,"changes":[]})");
  // --no-commit leaves git out.
  const Json plain = report_json(story, {"--no-commit"});
  CHECK(plain.at("commit") == false);
  CHECK(last_changed(plain) == "1.1= 1.2= 1.3= ");
  CHECK(plain.at("burnup").at("present") == false);
}

TEST_CASE("kep report --since REV: the changes since then, with their commits") {
  StoryRepo story;
  start_12_uncommitted(story);
  const Json data = report_json(story, {"--since", story.ids[3]});
  CHECK(data.at("since").dump(1) == story.ids_text(R"json({
 "present": true,
 "has_changes": true,
 "changes": [
  {
   "id": "1.2",
   "title": "Kultur in den Stadtteilen",
   "kind": "retitled",
   "what": "neuer Titel: „Kultur in den Stadtteilen“",
   "committed": true,
   "commit_short": "<s4>",
   "date_local": "20.05.2024",
   "author": "Clara Conrad"
  },
  {
   "id": "1.2",
   "title": "Kultur in den Stadtteilen",
   "kind": "rephased",
   "what": "Phase: A → B",
   "committed": true,
   "commit_short": "<s4>",
   "date_local": "20.05.2024",
   "author": "Clara Conrad"
  },
  {
   "id": "1.2",
   "title": "Kultur in den Stadtteilen",
   "kind": "edited",
   "what": "geändert: lead",
   "committed": true,
   "commit_short": "<s4>",
   "date_local": "20.05.2024",
   "author": "Clara Conrad"
  },
  {
   "id": "2.1",
   "title": "Jugendkulturbüro",
   "kind": "added",
   "what": "neu (Handlungsfeld 2)",
   "committed": true,
   "commit_short": "<s4>",
   "date_local": "20.05.2024",
   "author": "Clara Conrad"
  },
  {
   "id": "1.3",
   "title": "Kunst im Park",
   "kind": "moved",
   "what": "Handlungsfeld: 1 → 2",
   "committed": true,
   "commit_short": "<s4>",
   "date_local": "20.05.2024",
   "author": "Clara Conrad"
  },
  {
   "id": "1.1",
   "title": "Öffnungszeiten erweitern",
   "kind": "status",
   "what": "Status: in Umsetzung → umgesetzt",
   "committed": true,
   "commit_short": "<s5>",
   "date_local": "01.10.2024",
   "author": "Bernd Bauer"
  },
  {
   "id": "1.1",
   "title": "Öffnungszeiten erweitern",
   "kind": "update_added",
   "what": "neuer Eintrag: 2024-09-30: Neue Zeiten gelten",
   "committed": true,
   "commit_short": "<s5>",
   "date_local": "01.10.2024",
   "author": "Bernd Bauer"
  },
  {
   "id": "2.1",
   "title": "Jugendkulturbüro",
   "kind": "removed",
   "what": "entfernt",
   "committed": true,
   "commit_short": "<s5>",
   "date_local": "01.10.2024",
   "author": "Bernd Bauer"
  },
  {
   "id": "1.2",
   "title": "Kultur in den Stadtteilen",
   "kind": "status",
   "what": "Status: geplant → in Umsetzung",
   "committed": false,
   "commit_short": "",
   "date_local": "Arbeitskopie, noch nicht committet",
   "author": ""
  }
 ],
 "from_short": "<s3>",
 "from_date_local": "02.04.2024"
})json"));
  const Json none = report_json(story, {"--since", "HEAD", "--no-commit"});
  CHECK(none.at("since").at("present") == true);
  CHECK(none.at("since").at("changes").size() == 1);
  const Run nope = kep_on(story, {"report", "--since", "nope", "--format", "json"});
  CHECK(nope.code == 2);
  CHECK(nope.err == "kep: error: --since: git knows no revision 'nope'\n");
}

TEST_CASE("kep report --since REV --format md: the section 'Seit dem letzten Bericht'") {
  StoryRepo story;
  const Run r = kep_on(story, {"report", "--format", "md", "--since", story.ids[4]});
  CHECK(r.code == 0);
  if (r.out.find("Seit dem letzten Bericht") == std::string::npos) {
    MESSAGE("the Markdown template does not show the changes since a revision yet");
    return;
  }
  CHECK(r.out.find("Status: in Umsetzung → umgesetzt") != std::string::npos);
  CHECK(r.out.find(story.ids[4].substr(0, 7)) != std::string::npos);
}

TEST_CASE("kep report --format html: the burn-up chart and the changes since REV") {
  StoryRepo story;
  const Json data = report_json(story, {"--since", story.ids[3]});
  const Run r = kep_on(story, {"report", "--since", story.ids[3]});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  const std::string total = data.at("burnup").at("total_points").get<std::string>();
  CHECK(total ==
        "0.00,65.00 41.75,65.00 41.75,65.00 105.83,65.00 105.83,10.00 235.92,10.00 "
        "235.92,65.00 1000.00,65.00");
  CHECK(r.out.find("points=\"" + total + "\"") != std::string::npos);
  CHECK(r.out.find("Seit dem letzten Bericht") != std::string::npos);
  CHECK(r.out.find(story.ids[3].substr(0, 7)) != std::string::npos);
  CHECK(r.out.find("Phase: A → B") != std::string::npos);
  CHECK(r.out.find("Jugendkulturbüro") != std::string::npos);
  // --no-commit: neither.
  const Run plain = kep_on(story, {"report", "--no-commit"});
  CHECK(plain.out.find(total) == std::string::npos);
  CHECK(plain.out.find(story.ids[5].substr(0, 7)) == std::string::npos);
}

// --as-of and the report: the commit named, the last changes and the burn-up series are those of
// the plan shown, not HEAD's (no "Planstand <HEAD>" over the plan of March, no "last changed
// 01.10.2024" on a report of 2024-03-31).
TEST_CASE("kep report --as-of DATE: commit, last changes and burn-up as of then") {
  StoryRepo story;
  const Run r =
      run_kep({"report", "--plan", story.plan(), "--as-of", "2024-03-31", "--format", "json"});
  REQUIRE(r.code == 0);
  const Json data = Json::parse(r.out);
  CHECK(data.at("commit").at("id") == story.ids[2]);
  CHECK(last_changed(data) == "1.1=15.03.2024 1.2=01.02.2024 1.3=01.02.2024 ");
  CHECK(data.at("burnup").at("points").size() == 2);
}

// ---- robustness ----

namespace {

const char* const k_shallow_note =
    "kep: note: this is a shallow clone (CI often clones with depth 1), so older history is "
    "missing; fetch it with 'git fetch --unshallow' (GitHub Actions: actions/checkout with "
    "'fetch-depth: 0')\n";

const char* const k_history_header =
    "Datum       Commit   Autor         gesamt  geplant  in Umsetzung  umgesetzt  zurückgestellt  "
    "entfallen  überfällig\n";

std::string clone(const StoryRepo& story, const std::string& name, int depth) {
  const std::string dir = story.tmp() + "/" + name;
  const int code =
      shell("git clone -q --depth " + std::to_string(depth) + " " +
            shell_quote("file://" + story.repo().dir()) + " " + shell_quote(dir) + " 2>/dev/null");
  REQUIRE(code == 0);
  return dir;
}

}  // namespace

TEST_CASE("outside a git repository: the commands that need history say so (exit 3)") {
  TempDir tmp;
  std::string inside;
  if (shell("git -C " + shell_quote(tmp.path()) + " rev-parse 2>/dev/null") == 0) {
    MESSAGE("skipped: the temporary folder is inside a git repository");
    return;
  }
  const std::string plan = tmp.path() + "/plan";
  write_file(plan + "/plan.yaml", k_plan_yaml);
  write_file(plan + "/fields/01-a.yaml", k_field_a_c5);
  auto kep = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--plan", plan, "--today", "2026-11-27"});
    return run_kep(args);
  };
  const std::string where = "'" + plan + "' is not in a git repository\n";
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const Case cases[] = {
      {{"history"}, "kep: error: kep history reads the plan's git history, but " + where},
      {{"history", "--format", "json"},
       "kep: error: kep history reads the plan's git history, but " + where},
      {{"diff"}, "kep: error: kep diff reads the plan's git history, but " + where},
      {{"diff", "HEAD~1", "HEAD"},
       "kep: error: kep diff reads the plan's git history, but " + where},
      {{"list", "--stale", "30"},
       "kep: error: kep list --stale reads the plan's git history, but " + where},
      {{"status", "--as-of", "2024-03-31"},
       "kep: error: --as-of needs the plan's git history, but " + where},
      {{"show", "1.1", "--as-of", "HEAD"},
       "kep: error: --as-of needs the plan's git history, but " + where},
      {{"report", "--since", "HEAD", "--format", "json"},
       "kep: error: --since needs the plan's git history, but " + where},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args[0]);
    const Run r = kep(c.args);
    CHECK(r.code == 3);
    CHECK(r.out == "");
    CHECK(r.err == c.err);
  }
  // The report without --since leaves git out, as with --no-commit.
  const Run report = kep({"report", "--format", "json"});
  CHECK(report.code == 0);
  CHECK(report.err == "");
  CHECK(report.out.find("\"commit\": false") != std::string::npos);
  CHECK(kep({"list", "--format", "ids"}).out == "1.1\n1.2\n");
}

TEST_CASE("a repository without commits: kep history says to commit first") {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  repo.write("plan/plan.yaml", k_plan_yaml);
  repo.write("plan/fields/01-a.yaml", k_field_a_c1);
  const Run r = run_kep({"history", "--plan", repo.plan(), "--today", "2026-11-27"});
  CHECK(r.code == 3);
  CHECK(r.out == "");
  CHECK(r.err == "kep: error: the repository has no commit yet; commit the plan first\n");
  // Nothing is stale before the first commit.
  const Run stale =
      run_kep({"list", "--plan", repo.plan(), "--today", "2026-11-27", "--stale", "0"});
  CHECK(stale.code == 0);
  CHECK(stale.out == "Nr.  Phase  Status  fällig  Federführung  Maßnahme\n");
}

TEST_CASE("a shallow clone: kep history shows what it has and says how to fetch the rest") {
  StoryRepo story;
  const std::string one = clone(story, "depth1", 1);
  const Run r = run_kep({"history", "--plan", one + "/plan", "--today", "2026-11-27"});
  CHECK(r.code == 0);
  CHECK(r.err == k_shallow_note);
  CHECK(r.out == story.ids_text("Datum       Commit   Autor        gesamt  geplant  in Umsetzung  "
                                "umgesetzt  zurückgestellt  entfallen  überfällig\n"
                                "01.10.2024  <s5>  Bernd Bauer       3        2             "
                                "0          1               0          0           0\n"));
  const std::string two = clone(story, "depth2", 2);
  const Run r2 =
      run_kep({"history", "--plan", two + "/plan", "--today", "2026-11-27", "--format", "csv"});
  CHECK(r2.code == 0);
  CHECK(r2.err == k_shallow_note);
  CHECK(r2.out ==
        story.ids_text(
            "date,commit,author,total,done,overdue,status_planned,status_in_progress,status_done,"
            "status_deferred,status_dropped,A_total,A_done,B_total,B_done\n"
            "2024-05-20,<f4>,Clara Conrad,4,0,0,3,1,0,0,0,2,0,2,0\n"
            "2024-10-01,<f5>,Bernd Bauer,3,1,0,2,0,1,0,0,1,1,2,0\n"));
  // Within the clone's history, kep diff needs no note.
  const Run d = run_kep({"diff", "--plan", two + "/plan", "HEAD~1", "HEAD", "--format", "json"});
  CHECK(d.code == 0);
  CHECK(d.err == "");
  // --as-of before the clone's edge.
  const Run as_of = run_kep({"status", "--plan", one + "/plan", "--as-of", "2024-05-01"});
  CHECK(as_of.code == 2);
  CHECK(as_of.err ==
        "kep: error: --as-of 2024-05-01: there is no commit on or before 2024-05-01 in this "
        "shallow clone; fetch the history with 'git fetch --unshallow'\n");
  // list --stale knows the note too.
  const Run stale = run_kep({"list", "--plan", one + "/plan", "--today", "2026-11-27", "--stale",
                             "30", "--format", "ids"});
  CHECK(stale.code == 0);
  CHECK(stale.err == k_shallow_note);
  // The advice works: after git fetch --unshallow, the whole history and no note.
  REQUIRE(shell("git -C " + shell_quote(one) + " fetch -q --unshallow 2>/dev/null") == 0);
  const Run full =
      run_kep({"history", "--plan", one + "/plan", "--today", "2026-11-27", "--format", "csv"});
  CHECK(full.err == "");
  CHECK(full.out == kep_on(story, {"history", "--format", "csv"}).out);
}

namespace {

// The story with fields/01-a.yaml broken in c6 and repaired in c7 (which also retitles 1.2).
void break_and_repair(StoryRepo& story) {
  std::string broken = k_field_a_c5;
  broken.replace(broken.find("measures:"), 9, "measures: [");
  story.repo().write("plan/fields/01-a.yaml", broken);
  story.ids.push_back(story.repo().commit("kaputt", "Dora Dietz", "2024-11-05"));
  std::string repaired = k_field_a_c5;
  repaired.replace(repaired.find("Kultur in den Stadtteilen"), 25, "Kultur in allen Stadtteilen");
  story.repo().write("plan/fields/01-a.yaml", repaired);
  story.ids.push_back(story.repo().commit("repariert", "Dora Dietz", "2024-12-01"));
}

const char* const k_broken_finding =
    "<s6>:plan/fields/01-a.yaml:4:3: error: YAML syntax error (illegal block entry); check the "
    "indentation and the ':' and '-' on this line and the one above [yaml-syntax]\n"
    " 4 |   - id: \"1.1\"\n"
    "   |   ^\n";

}  // namespace

TEST_CASE("invalid YAML at an old commit: reported with the commit and the file, history goes on") {
  StoryRepo story;
  break_and_repair(story);
  const Run r = kep_on(story, {"history"});
  CHECK(r.code == 0);
  CHECK(r.err == story.ids_text(k_broken_finding));
  std::vector<std::string> rows;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) rows.push_back(line + "\n");
  REQUIRE(rows.size() == 7);
  CHECK(rows[0] == k_history_header);
  CHECK(rows[4] == story.ids_text("01.10.2024  <s5>  Bernd Bauer        3        2             0 "
                                  "         1               0          0           0\n"));
  // At the broken commit, the unreadable field keeps its last readable state.
  CHECK(rows[5] == story.ids_text("05.11.2024  <s6>  Dora Dietz         3        2             0 "
                                  "         1               0          0           0\n"));
  CHECK(rows[6] == story.ids_text("01.12.2024  <s7>  Dora Dietz         3        2             0 "
                                  "         1               0          0           0\n"));
  // Each distinct broken content is reported once per run, whatever reads it.
  const Run stale = kep_on(story, {"list", "--stale", "0", "--format", "ids"});
  CHECK(stale.code == 0);
  CHECK(stale.err == story.ids_text(k_broken_finding));
  CHECK(stale.out == "1.1\n1.2\n1.3\n");
  // --as-of the broken commit: the plan has errors then (exit 1), named after the commit.
  const Run as_of = kep_on(story, {"list", "--as-of", story.ids[6]});
  CHECK(as_of.code == 1);
  CHECK(as_of.err.rfind(story.ids_text(k_broken_finding), 0) == 0);
}

// A field file that cannot be read at a commit keeps its last readable state: its measures are
// not "entfernt" at c6 and "neu" at c7, the retitling of 1.2 in c7 is a retitling, and 1.1's
// last change stays c5 (so --stale still finds it).
TEST_CASE("invalid YAML at an old commit: no made-up removals and additions") {
  StoryRepo story;
  break_and_repair(story);
  const Run d = kep_on(story, {"diff", story.ids[5], story.ids[7]});
  CHECK(d.out == story.ids_text("<s7>  01.12.2024  Dora Dietz  repariert\n"
                                "  1.2    neuer Titel: „Kultur in allen Stadtteilen“  (Kultur in "
                                "allen Stadtteilen)\n"));
  // 1.1 last changed in c5 (787 days), 1.2 in c7 (726), 1.3 in c4 (921).
  CHECK(kep_on(story, {"list", "--stale", "750", "--format", "ids"}).out == "1.1\n1.3\n");
}

// libgit2 1.5 (Debian 12) answers a repository of another user, with no safe.directory setting,
// GIT_ENOTFOUND and "config value 'safe.directory' was not found": kep must not take that for
// "not in a git repository", nor pass libgit2's text on.
TEST_CASE("a repository owned by another user: kep's own message, exit 3") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to give a copy of the repository to another user");
    return;
  }
  StoryRepo story;
  REQUIRE(shell("chown -R nobody " + shell_quote(story.repo().dir())) == 0);
  const Run r = kep_on(story, {"history"});
  CHECK(r.code == 3);
  CHECK(r.out == "");
  const std::string plan = story.plan();
  CHECK(r.err ==
        "kep: error: kep history reads the plan's git history, but the git repository of '" + plan +
            "' belongs to another user, and git does not read a repository of another user "
            "unless told that it is safe; if you trust it, run: git config --global --add "
            "safe.directory <the repository's top folder> (for example the folder above '" +
            std::filesystem::weakly_canonical(plan).string() + "')\n");
}

// With safe.directory = * in the global configuration (git's own advice), libgit2 1.5 still
// refuses (it knows no '*'), now with GIT_EOWNER: kep says what is going on.
TEST_CASE("a repository owned by another user, safe.directory = *: kep's own message, exit 3") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to give a copy of the repository to another user");
    return;
  }
  StoryRepo story;
  REQUIRE(shell("chown -R nobody " + shell_quote(story.repo().dir())) == 0);
  const std::string home = story.tmp() + "/home";
  write_file(home + "/.gitconfig", "[safe]\n\tdirectory = *\n");
  EnvGuard set_home("HOME", home.c_str());
  EnvGuard no_xdg("XDG_CONFIG_HOME", nullptr);
  const Run r = kep_on(story, {"history"});
  CHECK(r.code == 3);
  CHECK(r.out == "");
  const std::string plan = story.plan();
  CHECK(r.err ==
        "kep: error: kep history reads the plan's git history, but the git repository of '" + plan +
            "' belongs to another user, and git does not read a repository of another user "
            "unless told that it is safe; if you trust it, run: git config --global --add "
            "safe.directory <the repository's top folder> (for example the folder above '" +
            std::filesystem::weakly_canonical(plan).string() + "')\n");
  const Run as_of = kep_on(story, {"status", "--as-of", "HEAD"});
  CHECK(as_of.code == 3);
  CHECK(as_of.err.rfind("kep: error: --as-of needs the plan's git history, but the git "
                        "repository of '" +
                            plan + "' belongs to another user",
                        0) == 0);
}
