#include "history.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diagnostic.h"

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

bool same_update(const Update& a, const Update& b) {
  return date_of(a.date) == date_of(b.date) && status_of(a) == status_of(b) && a.note == b.note &&
         a.ref == b.ref;
}

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

std::string update_key(const Update& u) {
  return (u.date ? format_date(u.date->value) : "") + "\\n" + std::string(status_of(u)) + "\\n" +
         u.note + "\\n" + u.ref;
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
  std::multiset<std::string> old_updates;
  for (const auto& u : o.updates) old_updates.insert(update_key(u));
  for (const auto& u : m.updates) {
    const auto found = old_updates.find(update_key(u));
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

std::map<std::string, Located> by_id(const Plan& plan) {
  std::map<std::string, Located> out;
  for (const auto& field : plan.fields)
    for (const auto& m : field.measures) out.emplace(m.id.value, Located{&m, &field});
  return out;
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

std::vector<Change> compare_plans(const Plan& before, const Plan& after) {
  std::vector<Change> out;
  const auto old_measures = by_id(before);
  std::set<std::string> seen;
  for (const auto& field : after.fields) {
    for (const auto& m : field.measures) {
      const std::string& id = m.id.value;
      if (!seen.insert(id).second) continue;
      const auto it = old_measures.find(id);
      auto change = [&](Change::Kind kind, std::string from, std::string to) {
        out.push_back(Change{kind, id, m.title.value, std::move(from), std::move(to), {}});
      };
      if (it == old_measures.end()) {
        change(Change::Kind::added, "", field.id.value);
        continue;
      }
      const Measure& o = *it->second.measure;
      if (o.title.value != m.title.value)
        change(Change::Kind::retitled, o.title.value, m.title.value);
      if (it->second.field->id.value != field.id.value)
        change(Change::Kind::moved, it->second.field->id.value, field.id.value);
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
  for (const auto& field : before.fields)
    for (const auto& m : field.measures)
      if (!seen.count(m.id.value) && seen.insert(m.id.value).second)
        out.push_back(
            Change{Change::Kind::removed, m.id.value, m.title.value, field.id.value, "", {}});
  return out;
}

History::History(PlanRepository& repository, LoadOptions options)
    : m_repository(repository), m_options(options) {}

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

Plan History::load_cached(const CommitInfo& commit, std::vector<std::string>& problems) {
  const PlanAtCommit at = m_repository.plan_at(commit, false);
  if (!at.present) return Plan{};  // no plan yet at this commit: nothing to report
  const std::string dir =
      fmt::format("{}:{}", commit.short_id(),
                  m_repository.plan_path().empty() ? "." : m_repository.plan_path());
  auto report = [&](const LoadResult& loaded) {
    for (const auto& f : loaded.findings)
      if (f.severity == Severity::error)
        problems.push_back(format_finding_text(loaded.plan.files, f, TextStyle{false}));
  };
  std::string plan_blob;
  for (const auto& f : at.files)
    if (f.name == "plan.yaml") plan_blob = f.blob_id;
  auto plan_it = m_plan_files.find(plan_blob);
  if (plan_it == m_plan_files.end()) {
    std::vector<PlanText> texts;
    if (!plan_blob.empty())
      texts.push_back(PlanText{"plan.yaml", m_repository.blob_text(plan_blob)});
    LoadResult loaded = load_plan_texts(dir, std::move(texts));
    loaded.findings.erase(std::remove_if(loaded.findings.begin(), loaded.findings.end(),
                                         [](const Finding& f) { return f.rule == "no-fields"; }),
                          loaded.findings.end());
    report(loaded);
    loaded.plan.fields.clear();
    plan_it = m_plan_files.emplace(plan_blob, std::move(loaded.plan)).first;
  }
  Plan plan = plan_it->second;
  for (const auto& f : at.files) {
    if (f.name == "plan.yaml") continue;
    const std::string key = plan_blob + ":" + f.blob_id;
    auto it = m_field_files.find(key);
    if (it == m_field_files.end()) {
      Plan scratch = plan_it->second;
      scratch.files.resize(1);
      scratch.files.push_back(SourceFile{dir + "/" + f.name, m_repository.blob_text(f.blob_id)});
      Findings findings;
      read_field_file(scratch.files.back().text, 1, scratch, findings, &m_pieces);
      LoadResult shown{scratch, findings};
      report(shown);
      // A file that could not be read keeps its last readable state, so that its measures do
      // not seem removed at this commit and added again at the repair.
      const bool readable = !scratch.fields.empty() &&
                            std::none_of(findings.begin(), findings.end(), [](const Finding& x) {
                              return x.rule.rfind("yaml-", 0) == 0 || x.rule == "not-a-field";
                            });
      Field field;
      if (readable) {
        field = std::move(scratch.fields.back());
      } else if (const auto last = m_last_readable.find(f.name); last != m_last_readable.end()) {
        field = last->second;
      }
      it = m_field_files.emplace(key, std::move(field)).first;
    }
    if (!it->second.id.value.empty() || !it->second.measures.empty()) {
      m_last_readable[f.name] = it->second;
      plan.fields.push_back(it->second);
      const std::size_t index = plan.fields.size() - 1;
      for (auto& m : plan.fields.back().measures) m.field = index;
    }
  }
  return plan;
}

std::map<std::string, CommitInfo> last_changes(History& history, const CommitInfo& head,
                                               std::vector<std::string>& problems,
                                               bool& truncated) {
  std::map<std::string, CommitInfo> out;
  const auto commits = history.plan_commits(head, std::nullopt, truncated);
  Plan previous;
  for (const auto& c : commits) {
    Plan plan = history.load_cached(c, problems);
    for (const auto& change : compare_plans(previous, plan)) out[change.id] = c;
    previous = std::move(plan);
  }
  return out;
}

}  // namespace kep
