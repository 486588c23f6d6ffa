// kep diff: how the plan changed between two revisions (or a revision and the working tree),
// measure by measure, each change with the commit, date and author that made it.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "escape.h"
#include "history_view.h"
#include "labels.h"
#include "measure_json.h"
#include "version.h"

namespace kep {
namespace {

using Json = nlohmann::ordered_json;

struct DiffOptions {
  std::vector<std::string> revisions;
  std::string format = "text";
};

Json commit_json(const std::optional<CommitInfo>& c) {
  if (!c) return nullptr;
  return Json{{"id", c->id},
              {"date", format_date(c->date)},
              {"author", c->author},
              {"summary", c->summary}};
}

// The heading of a group of changes: the commit, or the working tree.
std::string group_heading(const std::optional<CommitInfo>& c, std::string_view lang) {
  if (!c) return std::string(label(lang, "working_tree"));
  return fmt::format("{}  {}  {}  {}", c->short_id(), format_date_local(lang, c->date), c->author,
                     c->summary);
}

int run_diff(Context& ctx, const DiffOptions& o) {
  if (o.revisions.size() > 2) return usage_error(ctx, "kep diff takes at most two revisions");
  int code = k_exit_ok;
  auto h = open_history(ctx, "diff", code);
  if (!h) return code;
  auto& repo = h->history->repository();
  std::string error;
  const auto from = repo.resolve(o.revisions.empty() ? "HEAD" : o.revisions[0], error);
  if (!from) return usage_error(ctx, error);
  std::optional<CommitInfo> to;
  if (o.revisions.size() == 2) {
    to = repo.resolve(o.revisions[1], error);
    if (!to) return usage_error(ctx, error);
  }
  std::vector<std::string> problems;
  const ChangeSet set = changes_between(ctx, *h->history, *from, to, problems);
  if (set.not_linear)
    return usage_error(ctx, fmt::format("'{}' is not an earlier commit of '{}' (along first "
                                        "parents); give the older revision first",
                                        o.revisions.empty() ? "HEAD" : o.revisions[0],
                                        o.revisions.size() == 2 ? o.revisions[1] : "HEAD"));
  print_history_problems(ctx, problems, set.truncated);

  // Labels and status names come from the plan as it is now.
  const auto current = load_plan(ctx.shared.plan_dir, h->history->options());
  const std::string lang = ctx.shared.lang.empty() ? current.plan.language : ctx.shared.lang;
  Plan plan = current.plan;
  if (plan.statuses_built_in) plan.statuses = built_in_statuses(lang);

  if (o.format == "json") {
    Json changes = Json::array();
    for (const auto& c : set.changes)
      changes.push_back({{"kind", change_kind_id(c.kind)},
                         {"id", c.id},
                         {"title", c.title},
                         {"from", c.from},
                         {"to", c.to},
                         {"commit", commit_json(c.commit)}});
    ctx.out << json_text(Json{{"kep_version", k_version},
                              {"from", commit_json(set.from)},
                              {"to", commit_json(set.to)},
                              {"changes", changes}});
    return k_exit_ok;
  }
  const bool md = o.format == "md";
  if (set.changes.empty()) {
    ctx.out << label(lang, "no_changes") << "\n";
    return k_exit_ok;
  }
  std::optional<std::string> group;
  for (const auto& c : set.changes) {
    const std::string key = c.commit ? c.commit->id : "";
    if (!group || *group != key) {
      if (group) ctx.out << "\n";
      const std::string heading = group_heading(c.commit, lang);
      ctx.out << (md ? "### " + markdown_escape(heading) : heading) << "\n";
      if (md) ctx.out << "\n";
      group = key;
    }
    const std::string what = describe_change(c, plan, lang);
    if (md)
      ctx.out << fmt::format("- **{}** {} — {}\n", c.id, markdown_escape(c.title),
                             markdown_escape(what));
    else
      ctx.out << fmt::format("  {:<6} {}  ({})\n", c.id, what, c.title);
  }
  return k_exit_ok;
}

}  // namespace

Command diff_command() {
  return Command{
      "diff", "How the plan changed between two revisions, with who changed what when",
      "Examples:\n"
      "  kep diff                        uncommitted changes (HEAD to the working tree)\n"
      "  kep diff v2025                  since the tag v2025, up to the working tree\n"
      "  kep diff HEAD~10 HEAD           the last ten commits\n"
      "  kep diff --format md            as Markdown, e.g. for a merge request\n",
      [](CLI::App& app) -> Runner {
        auto o = std::make_shared<DiffOptions>();
        app.add_option("revisions", o->revisions,
                       "REV [REV2]: from REV (default HEAD) to REV2 "
                       "(default: the working tree)");
        app.add_option("--format", o->format, "Output: text (default), md or json")
            ->check(CLI::IsMember({"text", "md", "json"}));
        return [o](Context& ctx) { return run_diff(ctx, *o); };
      }};
}

}  // namespace kep
