#include "history.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "diagnostic.h"
#include "parallel.h"

namespace kep {
namespace {

bool same_texts(const std::vector<Text>& a, const std::vector<Text>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Text& x, const Text& y) { return x.value == y.value; });
}

std::optional<Date> date_of(const std::optional<DateValue>& d) {
  return d ? std::optional<Date>(d->value) : std::nullopt;
}

std::string_view status_of(const Update& u) {
  return u.status ? std::string_view(u.status->value) : std::string_view();
}

// What tells updates apart: their values, compared one by one (as a tuple).
auto update_values(const Update& u) {
  return std::make_tuple(date_of(u.date), status_of(u), std::string_view(u.note),
                         std::string_view(u.ref));
}

bool same_update(const Update& a, const Update& b) { return update_values(a) == update_values(b); }

// The keys other than id, title, field, phase, status and updates whose values differ: an
// "edited" change, e.g. "lead, due".
std::string edited_keys(const Measure& o, const Measure& m) {
  std::string out;
  auto add = [&](bool differs, std::string_view key) {
    if (!differs) return;
    if (!out.empty()) out += ", ";
    out += key;
  };
  add(o.lead.value != m.lead.value, "lead");
  add(!same_texts(o.partners, m.partners), "partners");
  add(!same_texts(o.themes, m.themes), "themes");
  add(!same_texts(o.tags, m.tags), "tags");
  add(date_of(o.due) != date_of(m.due), "due");
  add(o.kind != m.kind, "kind");
  add(o.progress != m.progress, "progress");
  add(o.note != m.note, "note");
  return out;
}

// The updates of `m` that `o` does not have, and whether `o` has updates that `m` lost. Updates
// are appended, so the common case is a longer list with the same beginning.
std::vector<const Update*> new_updates(const Measure& o, const Measure& m, bool& lost) {
  std::vector<const Update*> out;
  lost = false;
  if (o.updates.size() <= m.updates.size() &&
      std::equal(o.updates.begin(), o.updates.end(), m.updates.begin(), same_update)) {
    for (std::size_t i = o.updates.size(); i < m.updates.size(); ++i) out.push_back(&m.updates[i]);
    return out;
  }
  std::multiset<decltype(update_values(Update{}))> old_updates;
  for (const auto& u : o.updates) old_updates.insert(update_values(u));
  for (const auto& u : m.updates) {
    const auto found = old_updates.find(update_values(u));
    if (found == old_updates.end()) {
      out.push_back(&u);
    } else {
      old_updates.erase(found);
    }
  }
  lost = !old_updates.empty();
  return out;
}

struct Located {
  const Measure* measure;
  const Field* field;
};

// Each id's first place in `fields`.
std::unordered_map<std::string_view, Located> by_id(const std::vector<FieldMeasures>& fields) {
  std::unordered_map<std::string_view, Located> out;
  for (const auto& f : fields)
    for (const Measure* m : f.measures) out.emplace(m->id.value, Located{m, f.field});
  return out;
}

FieldMeasures field_measures(const FieldVersion& version) {
  return FieldMeasures{&version.field, version.measures};
}

// The fields of `side` whose file `other` does not have, by the same name with the same key.
std::vector<FieldMeasures> changed_fields(const PlanView& side, const PlanView& other) {
  std::set<std::pair<std::string_view, std::string_view>> unchanged;
  for (const auto& f : other.fields) unchanged.emplace(f.name, f.key);
  std::vector<FieldMeasures> out;
  for (const auto& f : side.fields)
    if (!unchanged.count({f.name, f.key})) out.push_back(field_measures(*f.version));
  return out;
}

// The error findings of a file read at a commit, as text lines.
void add_problems(const std::vector<SourceFile>& files, const Findings& findings,
                  std::vector<std::string>& problems) {
  for (const auto& f : findings)
    if (f.severity == Severity::error)
      problems.push_back(format_finding_text(files, f, TextStyle{false}));
}

bool on_or_before(const CommitInfo& c, const Date& day) { return !(day < c.date); }

}  // namespace

const char* change_kind_id(Change::Kind kind) {
  switch (kind) {
    case Change::Kind::added:
      return "added";
    case Change::Kind::removed:
      return "removed";
    case Change::Kind::retitled:
      return "retitled";
    case Change::Kind::moved:
      return "moved";
    case Change::Kind::rephased:
      return "rephased";
    case Change::Kind::status:
      return "status";
    case Change::Kind::update_added:
      return "update_added";
    case Change::Kind::edited:
      break;
  }
  return "edited";
}

std::vector<Change> compare_fields(const std::vector<FieldMeasures>& before,
                                   const std::vector<FieldMeasures>& after) {
  std::vector<Change> out;
  const auto old_measures = by_id(before);
  std::unordered_set<std::string_view> seen;
  for (const auto& [field, measures] : after) {
    for (const Measure* pm : measures) {
      const Measure& m = *pm;
      const std::string& id = m.id.value;
      if (!seen.insert(id).second) continue;
      const auto it = old_measures.find(id);
      auto change = [&](Change::Kind kind, std::string from, std::string to) {
        out.push_back(Change{kind, id, m.title.value, std::move(from), std::move(to), {}});
      };
      if (it == old_measures.end()) {
        change(Change::Kind::added, "", field->id.value);
        continue;
      }
      const Measure& o = *it->second.measure;
      if (o.title.value != m.title.value)
        change(Change::Kind::retitled, o.title.value, m.title.value);
      if (it->second.field->id.value != field->id.value)
        change(Change::Kind::moved, it->second.field->id.value, field->id.value);
      if (o.phase.value != m.phase.value)
        change(Change::Kind::rephased, o.phase.value, m.phase.value);
      if (o.status.value != m.status.value)
        change(Change::Kind::status, o.status.value, m.status.value);
      bool lost = false;
      for (const Update* u : new_updates(o, m, lost))
        change(Change::Kind::update_added, "",
               (u->date ? format_date(u->date->value) + ": " : "") + u->note);
      std::string edited = edited_keys(o, m);
      if (lost) edited += std::string(edited.empty() ? "" : ", ") + "updates";
      if (!edited.empty()) change(Change::Kind::edited, "", edited);
    }
  }
  for (const auto& [field, measures] : before)
    for (const Measure* m : measures)
      if (seen.insert(m->id.value).second)
        out.push_back(
            Change{Change::Kind::removed, m->id.value, m->title.value, field->id.value, "", {}});
  return out;
}

std::vector<Change> compare_plans(const Plan& before, const Plan& after) {
  return compare_fields(fields_of(before), fields_of(after));
}

std::vector<FieldMeasures> fields_of(const Plan& plan) {
  std::vector<FieldMeasures> out;
  out.reserve(plan.fields.size());
  for (const auto& field : plan.fields) {
    out.push_back(FieldMeasures{&field, {}});
    out.back().measures.reserve(field.measures.size());
    for (const auto& m : field.measures) out.back().measures.push_back(&m);
  }
  return out;
}

std::vector<FieldMeasures> fields_of(const PlanView& view) {
  std::vector<FieldMeasures> out;
  out.reserve(view.fields.size());
  for (const auto& f : view.fields) out.push_back(field_measures(*f.version));
  return out;
}

Plan whole_plan(const PlanView& view) {
  if (!view.plan) return Plan{};  // no plan yet at this commit: nothing to report
  Plan plan = *view.plan;
  plan.fields.reserve(view.fields.size());
  for (const auto& f : view.fields) {
    const FieldVersion& v = *f.version;
    Field field = v.field;
    if (!v.lines_before.empty()) {
      field.measures.reserve(v.measures.size());
      for (std::size_t i = 0; i < v.measures.size(); ++i)
        field.measures.push_back(measure_in_file(*v.measures[i], field.file, v.lines_before[i]));
    }
    for (auto& m : field.measures) m.field = plan.fields.size();
    plan.fields.push_back(std::move(field));
  }
  return plan;
}

std::vector<Change> compare_views(const PlanView& before, const PlanView& after) {
  // A file unchanged by name and key holds the same cached field on both sides: no changes.
  return compare_fields(changed_fields(before, after), changed_fields(after, before));
}

History::History(PlanRepository& repository, LoadOptions options)
    : m_repository(repository),
      m_options(options),
      m_cache(options.cache ? options.cache : &m_own_cache) {}

std::optional<CommitInfo> History::resolve_as_of(const std::string& when, std::string& error) {
  if (const auto day = parse_date(when)) {
    const auto head = m_repository.resolve("HEAD", error);
    if (!head) return std::nullopt;
    const auto log = m_repository.first_parent_log(*head);
    for (const auto& c : log)
      if (on_or_before(c, *day)) return c;
    error = log.empty() || !m_repository.shallow()
                ? fmt::format("there is no commit on or before {}", when)
                : fmt::format(
                      "there is no commit on or before {} in this shallow clone; fetch the "
                      "history with 'git fetch --unshallow'",
                      when);
    return std::nullopt;
  }
  return m_repository.resolve(when, error);
}

LoadResult History::load_at(const CommitInfo& commit) {
  const std::string dir =
      fmt::format("{}:{}", commit.short_id(),
                  m_repository.plan_path().empty() ? "." : m_repository.plan_path());
  const PlanAtCommit at = m_repository.plan_at(commit, true);
  std::vector<PlanText> texts;
  for (const auto& f : at.files) texts.push_back(PlanText{f.name, f.text});
  return load_plan_texts(dir, std::move(texts));
}

std::vector<CommitInfo> History::plan_commits(const CommitInfo& head,
                                              const std::optional<CommitInfo>& stop,
                                              bool& truncated) {
  truncated = false;
  auto log = m_repository.first_parent_log(head);
  if (stop) {
    const auto it =
        std::find_if(log.begin(), log.end(), [&](const CommitInfo& c) { return c.id == stop->id; });
    // Keep `stop` itself: it is the state the first change is compared with.
    if (it != log.end()) log.erase(it + 1, log.end());
  }
  std::vector<std::string> trees;
  trees.reserve(log.size());
  for (const auto& c : log) {
    const PlanAtCommit at = m_repository.plan_at(c, false);
    trees.push_back(at.present ? at.tree_id : "");
  }
  // The walk ends early in a shallow clone: the oldest commit has parents we do not have.
  truncated = !log.empty() && !log.back().parents.empty() && !stop;
  std::vector<CommitInfo> out;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (stop && log[i].id == stop->id) break;
    const bool oldest = i + 1 == log.size();
    if (!trees[i].empty() && (oldest || trees[i] != trees[i + 1])) out.push_back(log[i]);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

const Plan& History::plan_file(const std::string& blob, const std::string& dir,
                               std::vector<std::string>& problems) {
  if (const auto it = m_plan_files.find(blob); it != m_plan_files.end()) return it->second;
  std::vector<PlanText> texts;
  if (!blob.empty()) texts.push_back(PlanText{"plan.yaml", m_repository.blob_text(blob)});
  LoadResult loaded = load_plan_texts(dir, std::move(texts));
  std::erase_if(loaded.findings, [](const Finding& f) { return f.rule == "no-fields"; });
  add_problems(loaded.plan.files, loaded.findings, problems);
  loaded.plan.fields.clear();
  return m_plan_files.emplace(blob, std::move(loaded.plan)).first->second;
}

namespace {

// A field file's blob read with a plan's defaults: the field, if readable, and the findings'
// text. Touches nothing shared but the field cache (which locks), so it runs on any thread.
struct FieldBlobRead {
  std::optional<FieldVersion> version;  // nothing when the file could not be read as a field
  std::vector<std::string> problems;
};

// `previous`: the file's last readable version before, whose items the new one mostly has at
// the same places (read_field_shared).
FieldBlobRead read_field_blob(const Plan& plan, std::string name, std::string text,
                              FieldCache& cache, const FieldVersion* previous) {
  Plan scratch = plan;
  scratch.files.resize(1);
  scratch.files.push_back(SourceFile{std::move(name), std::move(text)});
  const std::string& content = scratch.files.back().text;
  Findings findings;
  std::optional<SharedField> shared;
  std::optional<FieldVersion> version;
  std::span<const FieldCache::Entry* const> previous_items;
  if (previous) previous_items = previous->items;
  if (read_field_shared(content, 1, scratch, findings, cache, shared, previous_items)) {
    if (shared)
      version = FieldVersion{std::move(shared->field), std::move(shared->measures),
                             std::move(shared->lines_before), std::move(shared->items)};
  } else if (auto field = read_field(parse_field_file(content, 1), 1, scratch, findings)) {
    version = FieldVersion{std::move(*field), {}, {}, {}};  // its measures: see own_measures
  }
  FieldBlobRead out;
  add_problems(scratch.files, findings, out.problems);
  const bool readable =
      version && std::none_of(findings.begin(), findings.end(), [](const Finding& x) {
        return x.rule.rfind("yaml-", 0) == 0 || x.rule == "not-a-field";
      });
  if (readable) out.version = std::move(version);
  return out;
}

// A version read without the cache points at the measures it owns, once it is where it stays.
void own_measures(FieldVersion& v) {
  if (!v.lines_before.empty() || !v.measures.empty()) return;
  v.measures.reserve(v.field.measures.size());
  for (const auto& m : v.field.measures) v.measures.push_back(&m);
}

}  // namespace

PlanView History::view_at(const CommitInfo& commit, std::vector<std::string>& problems) {
  PlanView view;
  const PlanAtCommit at = m_repository.plan_at(commit, false);
  if (!at.present) return view;  // no plan yet at this commit: nothing to report
  const std::string dir =
      fmt::format("{}:{}", commit.short_id(),
                  m_repository.plan_path().empty() ? "." : m_repository.plan_path());
  for (const auto& f : at.files)
    if (f.name == "plan.yaml") view.plan_blob = f.blob_id;
  view.plan = &plan_file(view.plan_blob, dir, problems);
  // The field files not read yet: their texts from git here (libgit2 wants one thread per
  // repository), read into fields on as many threads as there are cores when they are large
  // (the first commit of a large plan is a whole plan to read), kept in file order.
  std::vector<const PlanBlob*> files;
  std::vector<std::size_t> unread;  // indexes into files
  std::vector<std::string> texts;   // of the unread files
  std::unordered_set<std::string> pending;
  std::size_t bytes = 0;
  for (const auto& f : at.files) {
    if (f.name == "plan.yaml") continue;
    files.push_back(&f);
    std::string key = view.plan_blob + ":" + f.blob_id;
    if (m_field_files.count(key) || !pending.insert(std::move(key)).second) continue;
    unread.push_back(files.size() - 1);
    texts.push_back(m_repository.blob_text(f.blob_id));
    bytes += texts.back().size();
  }
  // From the last file to the first: a plan loading at the same time through the same cache
  // reads its files from the first, so a file's measures are mostly read by one of the two.
  std::vector<FieldBlobRead> reads(unread.size());
  for_each_index(unread.size(), workers_for_yaml(unread.size(), bytes), [&](std::size_t k) {
    const std::size_t i = unread.size() - 1 - k;
    const auto last = m_last_readable.find(files[unread[i]]->name);
    reads[i] = read_field_blob(*view.plan, dir + "/" + files[unread[i]]->name, std::move(texts[i]),
                               *m_cache, last == m_last_readable.end() ? nullptr : last->second);
  });
  std::size_t next_read = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const PlanBlob& f = *files[i];
    std::string key = view.plan_blob + ":" + f.blob_id;
    auto it = m_field_files.find(key);
    if (it == m_field_files.end()) {  // the first file with this content: read above
      FieldBlobRead& read = reads[next_read++];
      for (auto& p : read.problems) problems.push_back(std::move(p));
      // A file that could not be read keeps its last readable state, so that its measures do
      // not seem removed at this commit and added again at the repair.
      FieldVersion version;
      if (read.version) {
        version = std::move(*read.version);
      } else if (const auto last = m_last_readable.find(f.name); last != m_last_readable.end()) {
        version = *last->second;  // its measures stay where they are: they live as long
      }
      it = m_field_files.emplace(std::move(key), std::move(version)).first;
      own_measures(it->second);
      key = it->first;
    }
    const FieldVersion& version = it->second;
    if (version.field.id.value.empty() && version.measures.empty()) continue;  // never readable
    m_last_readable[f.name] = &version;
    view.fields.push_back(FieldFileView{f.name, std::move(key), &version});
  }
  return view;
}

Plan History::load_cached(const CommitInfo& commit, std::vector<std::string>& problems) {
  return whole_plan(view_at(commit, problems));
}

SeriesCounter::SeriesCounter(const Plan& current, Filter filter)
    : m_current(current), m_filter(std::move(filter)) {}

SeriesCounts SeriesCounter::count(const PlanView& view, const Date& day) {
  SeriesCounts sum = empty_series_counts(m_current);
  for (const auto& f : view.fields) {
    std::vector<MeasureFacts> facts;
    if (m_filter.overdue) {
      derive_field_facts(*view.plan, f.version->field, f.version->measures, day, facts);
      sum += count_series(m_current, select(facts, m_filter));
      continue;
    }
    auto it = m_tallies.find(f.key);
    if (it == m_tallies.end()) {
      // Any day will do: the filter does not ask for overdue, and the tally keeps due dates.
      derive_field_facts(*view.plan, f.version->field, f.version->measures, day, facts);
      it = m_tallies.emplace(f.key, tally_series(m_current, select(facts, m_filter))).first;
    }
    sum += it->second.counts;
    sum.overdue += it->second.overdue_on(day);
  }
  return sum;
}

std::vector<SeriesCounts> SeriesCounter::count_all(
    const std::vector<std::pair<const PlanView*, Date>>& points) {
  std::vector<SeriesCounts> out(points.size());
  std::size_t measures = 0;
  if (m_filter.overdue) {  // count() does not use the tallies then
    for (const auto& [view, day] : points)
      for (const auto& f : view->fields) measures += f.version->measures.size();
    for_each_index(points.size(), workers_for_measures(measures, points.size()),
                   [&](std::size_t i) { out[i] = count(*points[i].first, points[i].second); });
    return out;
  }
  struct Todo {
    const PlanView* view;
    const FieldFileView* file;
    Date day;
  };
  std::vector<Todo> todo;
  std::set<std::string_view> queued;
  for (const auto& [view, day] : points) {
    for (const auto& f : view->fields) {
      if (m_tallies.count(f.key) || !queued.insert(f.key).second) continue;
      todo.push_back(Todo{view, &f, day});
      measures += f.version->measures.size();
    }
  }
  std::vector<SeriesTally> tallies(todo.size());
  for_each_index(todo.size(), workers_for_measures(measures, todo.size()), [&](std::size_t i) {
    std::vector<MeasureFacts> facts;
    derive_field_facts(*todo[i].view->plan, todo[i].file->version->field,
                       todo[i].file->version->measures, todo[i].day, facts);
    tallies[i] = tally_series(m_current, select(facts, m_filter));
  });
  for (std::size_t i = 0; i < todo.size(); ++i)
    m_tallies.emplace(todo[i].file->key, std::move(tallies[i]));
  for (std::size_t i = 0; i < points.size(); ++i)
    out[i] = count(*points[i].first, points[i].second);
  return out;
}

std::map<std::string, CommitInfo> last_changes(History& history, const CommitInfo& head,
                                               std::vector<std::string>& problems,
                                               bool& truncated) {
  std::map<std::string, CommitInfo> out;
  const auto commits = history.plan_commits(head, std::nullopt, truncated);
  PlanView previous;
  for (const auto& c : commits) {
    PlanView view = history.view_at(c, problems);
    for (const auto& change : compare_views(previous, view)) out[change.id] = c;
    previous = std::move(view);
  }
  return out;
}

}  // namespace kep
