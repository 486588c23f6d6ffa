#pragma once
// The plan's history is its git history: the plan as it was at a commit, the commits that
// changed it, what changed (measure by measure) and when each measure last changed. No libgit2
// here: it reads through PlanRepository (repo.h), so tests can fake it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load.h"
#include "query.h"
#include "repo.h"
#include "summary.h"
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

// A field and its measures, wherever they live: a plan's own, or those a history's field file
// version shares with its cache.
struct FieldMeasures {
  const Field* field = nullptr;  // its id
  std::vector<const Measure*> measures;
};

// The changes from the fields `before` to the fields `after` (each a plan's fields in its order,
// or some of them), by measure id, in the order of `after` (removed ones last, in the order of
// `before`). Where an id appears more than once, its first place on each side counts.
std::vector<Change> compare_fields(const std::vector<FieldMeasures>& before,
                                   const std::vector<FieldMeasures>& after);

// compare_fields on all fields of two plans.
std::vector<Change> compare_plans(const Plan& before, const Plan& after);

// A field file's content as History keeps it: the field's own keys and its measures, those of
// History's FieldCache (not copied: one measure unchanged across versions is one object, with
// places counted from its item; `lines_before` puts it in place), or, for a file that could not
// be read through the cache, the field's own.
struct FieldVersion {
  Field field;                                  // its measures only when read without the cache
  std::vector<const Measure*> measures;         // in file order
  std::vector<std::uint32_t> lines_before;      // for each measure from the cache; else empty
  std::vector<const FieldCache::Entry*> items;  // SharedField::items; empty without the cache
};

// A field file of the plan at a commit as History caches it: its name, the key of its parsed
// content (plan.yaml's blob and the file's: a field is read with the plan's defaults) and the
// parsed content, which lives as long as the History.
struct FieldFileView {
  std::string name;  // "fields/01-x.yaml"
  std::string key;
  const FieldVersion* version = nullptr;
};

// The plan at a commit without copying it: its cached plan.yaml (a Plan without fields) and its
// cached field files, those with a field, by file name. Valid as long as the History that made it.
struct PlanView {
  std::string plan_blob;       // "" without plan.yaml
  const Plan* plan = nullptr;  // nullptr when there is no plan folder (then no fields either)
  std::vector<FieldFileView> fields;
};

// The fields of a plan or a view, in its order, for compare_fields.
std::vector<FieldMeasures> fields_of(const Plan& plan);
std::vector<FieldMeasures> fields_of(const PlanView& view);

// The whole plan of a view, copied: plan.yaml's content and the fields (an empty Plan without a
// plan folder).
Plan whole_plan(const PlanView& view);

// compare_plans(whole_plan(before), whole_plan(after)) in proportion to what changed: only field
// files whose name or cache key differ between the two can hold changes, so only their measures
// are compared (all of them when plan.yaml changed: it is part of every key). One difference, in
// an invalid plan only: a measure id in a changed file and also in an unchanged one counts as the
// changed file's measure (added, removed, edited there), where compare_plans would see only the
// id's first place in each plan and might find no change.
std::vector<Change> compare_views(const PlanView& before, const PlanView& after);

class History {
 public:
  // Reads field files through options.cache when it is set (it must outlive the History), else
  // through a cache of its own.
  History(PlanRepository& repository, LoadOptions options);

  PlanRepository& repository() { return m_repository; }

  // The options it reads files with, its field cache among them: reading the plan on disk with
  // them finds the measures the history has read (and leaves the new ones for it).
  LoadOptions options() const { return LoadOptions{m_options.max_file_size, m_cache}; }

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

  // The plan at `commit` for series and diffs, as a view of cached files: each distinct file
  // content is parsed once and reused across commits. Findings are returned once per distinct
  // content, as text lines naming the commit, through `problems`. A field file that cannot be
  // read keeps its last readable state as of the commits viewed before, oldest first.
  PlanView view_at(const CommitInfo& commit, std::vector<std::string>& problems);

  // whole_plan(view_at(commit, problems)).
  Plan load_cached(const CommitInfo& commit, std::vector<std::string>& problems);

 private:
  const Plan& plan_file(const std::string& blob, const std::string& dir,
                        std::vector<std::string>& problems);

  PlanRepository& m_repository;
  LoadOptions m_options;
  // Node-based maps: views point into them.
  std::map<std::string, Plan> m_plan_files;  // plan.yaml blob id -> the plan without fields
  std::map<std::string, FieldVersion> m_field_files;  // plan blob id + field blob id -> the field
  std::map<std::string, const FieldVersion*> m_last_readable;  // file name -> last readable
  FieldCache m_own_cache;  // unless the options name one (shared with the plan's loading)
  FieldCache* m_cache;     // each measure's text, parsed and read once for all versions of a file
};

// The counts of the plan at each commit for one run's filter, by the statuses and phases of the
// plan shown (`current`): the series of kep history and the report's burn-up. Each field file's
// share is counted once per cache key and summed up for each commit, its overdue measures by
// their due dates; a filter on overdue depends on the day, so then each commit is counted afresh.
class SeriesCounter {
 public:
  SeriesCounter(const Plan& current, Filter filter);

  SeriesCounts count(const PlanView& view, const Date& day);

  // count() of each point (the plan at a commit and its day), with the field files' shares
  // that are not yet counted tallied first, on threads for a large plan.
  std::vector<SeriesCounts> count_all(const std::vector<std::pair<const PlanView*, Date>>& points);

 private:
  const Plan& m_current;
  Filter m_filter;
  std::map<std::string, SeriesTally> m_tallies;  // field cache key -> its share
};

// When each measure of the plan at `head` last changed: measure id -> the commit.
std::map<std::string, CommitInfo> last_changes(History& history, const CommitInfo& head,
                                               std::vector<std::string>& problems, bool& truncated);

}  // namespace kep
