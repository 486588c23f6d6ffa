#pragma once
// The plan's history is its git history: the plan as it was at a commit, the commits that
// changed it, what changed (measure by measure) and when each measure last changed. No libgit2
// here: it reads through PlanRepository (repo.h), so tests can fake it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load.h"
#include "repo.h"
#include "yaml_tree.h"

namespace kep {

// One change to one measure between two states of the plan.
struct Change {
  enum class Kind { added, removed, retitled, moved, rephased, status, update_added, edited };
  Kind kind = Kind::edited;
  std::string id;     // the measure
  std::string title;  // its title after the change (before, when removed)
  std::string from;   // old value (field, phase, status, title) where it applies
  std::string to;     // new value; for edited: the keys that changed, e.g. "lead, due"
  std::optional<CommitInfo> commit;  // who made it; nothing for the working tree
};

// "added", "removed", ... for JSON and tests.
const char* change_kind_id(Change::Kind kind);

// The changes from `before` to `after`, by measure id, in the order of `after` (removed ones
// last, in the order of `before`).
std::vector<Change> compare_plans(const Plan& before, const Plan& after);

class History {
 public:
  History(PlanRepository& repository, LoadOptions options);

  PlanRepository& repository() { return m_repository; }

  // The commit for --as-of: a date (YYYY-MM-DD: the last commit on or before that day along
  // HEAD's first parents) or a revision. Nothing, with `error` set, when there is none.
  std::optional<CommitInfo> resolve_as_of(const std::string& when, std::string& error);

  // The plan as it was at `commit`, read afresh with places (for --as-of).
  LoadResult load_at(const CommitInfo& commit);

  // The commits along first parents from `head` back to (excluding) `stop`, or to the first
  // commit, whose plan folder differs from their parent's, oldest first. `truncated` tells when
  // the walk hit the end of a shallow clone.
  std::vector<CommitInfo> plan_commits(const CommitInfo& head,
                                       const std::optional<CommitInfo>& stop, bool& truncated);

  // The plan at `commit` for series and diffs: each distinct file content is parsed once and
  // reused across commits. Findings are returned once per distinct content, as text lines
  // naming the commit, through `problems`.
  Plan load_cached(const CommitInfo& commit, std::vector<std::string>& problems);

 private:
  PlanRepository& m_repository;
  LoadOptions m_options;
  std::map<std::string, Plan> m_plan_files;      // plan.yaml blob id -> the plan without fields
  std::map<std::string, Field> m_field_files;    // plan blob id + field blob id -> the field
  std::map<std::string, Field> m_last_readable;  // file name -> its last readable field
  yaml::PieceCache m_pieces;  // each measure's text, parsed once for all versions of its file
};

// When each measure of the plan at `head` last changed: measure id -> the commit.
std::map<std::string, CommitInfo> last_changes(History& history, const CommitInfo& head,
                                               std::vector<std::string>& problems, bool& truncated);

}  // namespace kep
