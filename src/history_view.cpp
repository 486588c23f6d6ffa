#include "history_view.h"

#include <fmt/format.h>

#include <ostream>
#include <set>

#include "cli.h"
#include "labels.h"

namespace kep {

std::optional<OpenHistory> open_history(Context& ctx, const std::string& command, int& exit_code,
                                        FieldCache* cache) {
  OpenHistory out;
  out.opened = open_plan_repository(ctx.shared.plan_dir);
  if (!out.opened.repository) {
    ctx.err << fmt::format("kep: error: kep {} reads the plan's git history, but {}\n", command,
                           out.opened.error);
    exit_code = k_exit_io;
    return std::nullopt;
  }
  out.history = std::make_unique<History>(*out.opened.repository,
                                          LoadOptions{ctx.shared.max_file_size, cache});
  return out;
}

ChangeSet changes_between(Context& ctx, History& history, const CommitInfo& from,
                          const std::optional<CommitInfo>& to, std::vector<std::string>& problems) {
  ChangeSet set{from, to, {}, false};
  std::string error;
  const auto end = to ? to : history.repository().resolve("HEAD", error);
  PlanView previous = history.view_at(from, problems);
  if (end && end->id != from.id) {
    const auto log = history.repository().first_parent_log(*end);
    const bool linear =
        std::any_of(log.begin(), log.end(), [&](const CommitInfo& c) { return c.id == from.id; });
    if (!linear) {
      set.not_linear = true;
      return set;
    }
    const auto commits = history.plan_commits(*end, from, set.truncated);
    for (const auto& c : commits) {
      PlanView view = history.view_at(c, problems);
      for (auto& change : compare_views(previous, view)) {
        change.commit = c;
        set.changes.push_back(std::move(change));
      }
      previous = std::move(view);
    }
  }
  if (!to) {
    // The working tree: the plan on disk, compared with HEAD's.
    const auto disk = load_plan(ctx.shared.plan_dir, history.options());
    for (auto& change : compare_fields(fields_of(previous), fields_of(disk.plan)))
      set.changes.push_back(std::move(change));
  }
  return set;
}

std::string describe_change(const Change& c, const Plan& plan, std::string_view lang) {
  auto status_label = [&](const std::string& id) {
    const Status* s = plan.find_status(id);
    return s ? s->label : id;
  };
  switch (c.kind) {
    case Change::Kind::added:
      return fmt::format("{} ({} {})", label(lang, "diff_added"), label(lang, "field"), c.to);
    case Change::Kind::removed:
      return std::string(label(lang, "diff_removed"));
    case Change::Kind::retitled:
      return fmt::format("{}: „{}“", label(lang, "diff_retitled"), c.to);
    case Change::Kind::moved:
      return fmt::format("{}: {} → {}", label(lang, "field"), c.from, c.to);
    case Change::Kind::rephased:
      return fmt::format("{}: {} → {}", label(lang, "phase"), c.from, c.to);
    case Change::Kind::status:
      return fmt::format("{}: {} → {}", label(lang, "status"), status_label(c.from),
                         status_label(c.to));
    case Change::Kind::update_added:
      return fmt::format("{}: {}", label(lang, "diff_update_added"), c.to);
    case Change::Kind::edited:
      break;
  }
  return fmt::format("{}: {}", label(lang, "diff_edited"), c.to);
}

void print_history_problems(Context& ctx, const std::vector<std::string>& problems,
                            bool truncated) {
  std::set<std::string> seen;
  for (const auto& p : problems)
    if (seen.insert(p).second) ctx.err << p;
  if (truncated)
    ctx.err << "kep: note: this is a shallow clone (CI often clones with depth 1), so older "
               "history is missing; fetch it with 'git fetch --unshallow' (GitHub Actions: "
               "actions/checkout with 'fetch-depth: 0')\n";
}

}  // namespace kep
