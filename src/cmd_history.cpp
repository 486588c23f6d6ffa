// kep history: one row per commit that changed the plan, with the counts per status and per
// phase then: the series behind a burn-up chart.
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
#include "repo.h"
#include "summary.h"
#include "table.h"
#include "version.h"

namespace kep {
namespace {

using Json = nlohmann::ordered_json;

struct HistoryOptions {
  FilterOptions filter;
  std::string format = "text";
};

// One commit's counts, by the ids of the current plan's statuses and phases.
struct Row {
  CommitInfo commit;
  SeriesCounts counts;
};

int run_history(Context& ctx, const HistoryOptions& o) {
  const LibraryWarmUp git;  // libgit2 starts while the plan loads
  int code = k_exit_ok;
  // The plan on disk is read through the history's cache: most of its measures are those of
  // the oldest commits too, so the history finds them read.
  auto cache = std::make_unique<FieldCache>();
  auto q = load_for_query(ctx, code, cache.get());
  if (!q) return code;
  const auto filter = resolve_filter(ctx, q->plan, o.filter, code);
  if (!filter) return code;
  auto h = open_history(ctx, "history", code, cache.get());
  if (!h) return code;
  std::string error;
  const auto head = h->history->repository().resolve("HEAD", error);
  if (!head) {
    ctx.err << "kep: error: the repository has no commit yet; commit the plan first\n";
    return k_exit_io;
  }
  bool truncated = false;
  std::vector<std::string> problems;
  const auto plan_commits = h->history->plan_commits(*head, std::nullopt, truncated);
  std::vector<PlanView> views;
  views.reserve(plan_commits.size());
  std::vector<std::pair<const PlanView*, Date>> points;
  for (const auto& c : plan_commits)
    points.emplace_back(&views.emplace_back(h->history->view_at(c, problems)), c.date);
  const auto counts = SeriesCounter(q->plan, *filter).count_all(points);
  std::vector<Row> rows;
  for (std::size_t i = 0; i < plan_commits.size(); ++i)
    rows.push_back(Row{plan_commits[i], counts[i]});
  print_history_problems(ctx, problems, truncated);
  release_at_exit(ctx, h, cache);  // the cache holds every version of every measure read

  const Plan& plan = q->plan;
  if (o.format == "json") {
    Json commits = Json::array();
    for (const auto& r : rows) {
      Json by_status = Json::object();
      for (std::size_t i = 0; i < plan.statuses.size(); ++i)
        by_status[plan.statuses[i].id.value] = r.counts.by_status[i];
      Json by_phase = Json::object();
      for (std::size_t i = 0; i < plan.phases.size(); ++i)
        by_phase[plan.phases[i].id.value] = {{"total", r.counts.by_phase[i].first},
                                             {"done", r.counts.by_phase[i].second}};
      commits.push_back({{"commit", r.commit.id},
                         {"date", format_date(r.commit.date)},
                         {"author", r.commit.author},
                         {"summary", r.commit.summary},
                         {"total", r.counts.total},
                         {"done", r.counts.done},
                         {"overdue", r.counts.overdue},
                         {"by_status", by_status},
                         {"by_phase", by_phase}});
    }
    ctx.out << json_text(Json{{"kep_version", k_version}, {"commits", commits}});
    return k_exit_ok;
  }
  if (o.format == "csv") {
    std::string header = "date,commit,author,total,done,overdue";
    for (const auto& s : plan.statuses) header += "," + csv_field("status_" + s.id.value);
    for (const auto& p : plan.phases)
      header += "," + csv_field(p.id.value + "_total") + "," + csv_field(p.id.value + "_done");
    ctx.out << header << "\n";
    for (const auto& r : rows) {
      std::string line =
          fmt::format("{},{},{},{},{},{}", format_date(r.commit.date), r.commit.id,
                      csv_field(r.commit.author), r.counts.total, r.counts.done, r.counts.overdue);
      for (const auto n : r.counts.by_status) line += fmt::format(",{}", n);
      for (const auto& [total, done] : r.counts.by_phase)
        line += fmt::format(",{},{}", total, done);
      ctx.out << line << "\n";
    }
    return k_exit_ok;
  }
  const std::string& lang = q->lang;
  std::vector<Column> columns = {{std::string(label(lang, "date")), false, false, 2},
                                 {"Commit", false, false, 2},
                                 {std::string(label(lang, "author")), false, true, 2},
                                 {std::string(label(lang, "total")), true, false, 2}};
  for (const auto& s : plan.statuses) columns.push_back({s.label, true, false, 2});
  columns.push_back({std::string(label(lang, "overdue")), true, false, 2});
  std::vector<std::vector<Cell>> cells;
  for (const auto& r : rows) {
    std::vector<Cell> row = {{format_date_local(lang, r.commit.date), ""},
                             {r.commit.short_id(), ""},
                             {r.commit.author, ""},
                             {std::to_string(r.counts.total), ""}};
    for (const auto n : r.counts.by_status) row.push_back({std::to_string(n), ""});
    row.push_back({std::to_string(r.counts.overdue), r.counts.overdue ? "31" : ""});
    cells.push_back(std::move(row));
  }
  ctx.out << render_table(columns, cells, ctx.width, ctx.color_out);
  return k_exit_ok;
}

}  // namespace

Command history_command() {
  return Command{"history", "One row per commit that changed the plan, with its counts then",
                 "Examples:\n"
                 "  kep history                     the whole history\n"
                 "  kep history --phase A           only phase A's measures\n"
                 "  kep history --format csv        for a spreadsheet (a burn-up chart)\n"
                 "  kep history --format json       for other tools\n",
                 [](CLI::App& app) -> Runner {
                   auto o = std::make_shared<HistoryOptions>();
                   add_filter_options(app, o->filter);
                   app.add_option("--format", o->format, "Output: text (default), csv or json")
                       ->check(CLI::IsMember({"text", "csv", "json"}));
                   return [o](Context& ctx) { return run_history(ctx, *o); };
                 }};
}

}  // namespace kep
