// kep status: the plan at a glance — per phase, per field, the immediate and the overdue
// measures — as text for a terminal of any width, or as JSON with the same figures.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "labels.h"
#include "summary.h"
#include "table.h"
#include "text.h"
#include "version.h"

namespace kep {
namespace {

using Json = nlohmann::ordered_json;

struct StatusOptions {
  FilterOptions filter;
  std::string format = "text";
};

// Narrower output gets short status headers with a legend.
constexpr std::size_t k_wide = 120;

std::string percent(std::string_view lang, double share) {
  const long p = std::lround(share * 100.0);
  return lang == "en" ? fmt::format("{}%", p) : fmt::format("{} %", p);
}

std::string bar(double share, std::size_t cells) {
  const auto filled = static_cast<std::size_t>(std::lround(share * static_cast<double>(cells)));
  std::string out;
  for (std::size_t i = 0; i < cells; ++i) out += i < filled ? "█" : "░";
  return out;
}

// A label short enough for a narrow column: "zurückgestellt" -> "zurü.", "gesamt" stays.
std::string short_label(std::string_view label) {
  if (display_width(label) <= 6) return std::string(label);
  return std::string(label.substr(0, utf8_offset(label, 4))) + ".";
}

// Items joined by `separator`, broken into lines of at most `width` characters.
std::string wrap_items(const std::vector<std::string>& items, std::string_view separator,
                       std::size_t width) {
  std::string out, line;
  for (const auto& item : items) {
    if (!line.empty() && display_width(line) + separator.size() + display_width(item) > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : std::string(separator)) + item;
  }
  return line.empty() ? out : out + line + "\n";
}

std::string date_range(std::string_view lang, const Phase& phase) {
  if (!phase.start || !phase.end) return "";
  return fmt::format("{} – {}", format_date_local(lang, phase.start->value),
                     format_date_local(lang, phase.end->value));
}

void render_headline(std::ostream& out, const Context& ctx, const QueryPlan& q,
                     const Filter& filter) {
  const auto& lang = q.lang;
  out << paint(fmt::format("{} · {}", q.plan.title, q.plan.municipality), "1", ctx.color_out)
      << "\n";
  std::string line = fmt::format("{} {}", label(lang, "as_of"), format_date_local(lang, ctx.today));
  if (!filter.empty())
    line += fmt::format(" · {}: {}", label(lang, "filtered"),
                        describe_filter(q.plan, lang, filter, " · ", StatusNames::ids));
  out << line << "\n";
}

void render_phases(std::ostream& out, const Context& ctx, const QueryPlan& q, const Summary& s) {
  const auto& lang = q.lang;
  for (const auto& p : s.phases) {
    const Counts& c = p.counts;
    out << "\n"
        << paint(fmt::format("{} {} · {}", label(lang, "phase"), p.phase->id.value,
                             p.phase->title.empty()
                                 ? date_range(lang, *p.phase)
                                 : p.phase->title + " · " + date_range(lang, *p.phase)),
                 "1", ctx.color_out)
        << "\n";
    out << fmt::format("  {} {} · {} {} ({}) · ", c.total,
                       label(lang, c.total == 1 ? "measure" : "measures"), c.done,
                       label(lang, "done_share"), percent(lang, c.done_share()));
    out << paint(fmt::format("{} {}", c.overdue, label(lang, "overdue")), c.overdue > 0 ? "31" : "",
                 ctx.color_out)
        << "\n  ";
    for (std::size_t i = 0; i < q.plan.statuses.size(); ++i)
      out << (i ? " · " : "") << q.plan.statuses[i].label << " " << c.by_status[i];
    out << "\n";
  }
}

void render_fields(std::ostream& out, const Context& ctx, const QueryPlan& q, const Summary& s) {
  const auto& lang = q.lang;
  const bool wide = ctx.width == 0 || ctx.width >= k_wide;
  const std::size_t gap = wide ? 2 : 1;
  // A narrow table leaves out statuses no selected measure has; the phase lines name them all.
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < q.plan.statuses.size(); ++i)
    if (wide || s.all.by_status[i] > 0) shown.push_back(i);
  std::vector<Column> columns = {
      {std::string(label(lang, "id")), false, false, 2},
      {std::string(label(lang, "field")), false, true, 2},
      {wide ? std::string(label(lang, "total")) : short_label(label(lang, "total")), true, false,
       2}};
  for (const auto i : shown) {
    const auto& status = q.plan.statuses[i];
    columns.push_back({wide ? status.label : short_label(status.label), true, false, gap});
  }
  columns.push_back(
      {std::string(label(lang, wide ? "overdue" : "overdue_short")), true, false, gap});
  columns.push_back({std::string(label(lang, "done_bar")), false, false, 2});

  auto row = [&](const std::string& id, const std::string& title, const Counts& c) {
    std::vector<Cell> cells = {{id, ""}, {title, ""}, {std::to_string(c.total), ""}};
    for (const auto i : shown) cells.push_back({std::to_string(c.by_status[i]), ""});
    cells.push_back({std::to_string(c.overdue), c.overdue > 0 ? "31" : ""});
    cells.push_back(
        {fmt::format("{} {:>5}", bar(c.done_share(), wide ? 10 : 5), percent(lang, c.done_share())),
         ""});
    return cells;
  };
  std::vector<std::vector<Cell>> rows;
  for (const auto& f : s.fields) rows.push_back(row(f.field->id.value, f.field->title, f.counts));
  rows.push_back(row("", std::string(label(lang, "total")), s.all));

  out << "\n" << paint(std::string(label(lang, "fields")), "1", ctx.color_out) << "\n";
  out << render_table(columns, rows, ctx.width, ctx.color_out);
  if (!wide) {
    std::vector<std::string> legend;
    auto explain = [&](std::string_view full) {
      if (short_label(full) != full)
        legend.push_back(fmt::format("{} = {}", short_label(full), full));
    };
    explain(label(lang, "total"));
    for (const auto i : shown) explain(q.plan.statuses[i].label);
    if (label(lang, "overdue_short") != label(lang, "overdue"))
      legend.push_back(
          fmt::format("{} = {}", label(lang, "overdue_short"), label(lang, "overdue")));
    out << wrap_items(legend, " · ", ctx.width);
  }
}

void render_immediate(std::ostream& out, const Context& ctx, const QueryPlan& q, const Summary& s) {
  const auto& lang = q.lang;
  if (s.immediate.empty()) return;
  out << "\n"
      << paint(fmt::format("{} ({})", label(lang, "immediates"), s.immediate.size()), "1",
               ctx.color_out)
      << "\n";
  const std::vector<Column> columns = {{"", true, false},
                                       {std::string(label(lang, "id")), false, false},
                                       {std::string(label(lang, "status")), false, false},
                                       {std::string(label(lang, "ampel")), false, false},
                                       {std::string(label(lang, "title")), false, true}};
  std::vector<std::vector<Cell>> rows;
  for (const auto& f : s.immediate) {
    const char* style = ampel_style(f.ampel);
    rows.push_back({{fmt::format("{}.", f.immediate), ""},
                    {f.measure->id.value, ""},
                    {f.status ? f.status->label : f.measure->status.value, style},
                    {std::string(ampel_label(lang, f.ampel)), style},
                    {f.measure->title.value, ""}});
  }
  out << render_table(columns, rows, ctx.width, ctx.color_out);
}

void render_overdue(std::ostream& out, const Context& ctx, const QueryPlan& q, const Summary& s) {
  const auto& lang = q.lang;
  out << "\n"
      << paint(fmt::format(fmt::runtime(label(lang, "overdue_heading")), s.overdue.size()), "1",
               ctx.color_out)
      << "\n";
  if (s.overdue.empty()) {
    out << "  " << label(lang, "none") << "\n";
    return;
  }
  const std::vector<Column> columns = {{std::string(label(lang, "id")), false, false},
                                       {std::string(label(lang, "days")), true, false},
                                       {std::string(label(lang, "due")), false, false},
                                       {std::string(label(lang, "status")), false, false},
                                       {std::string(label(lang, "title")), false, true}};
  std::vector<std::vector<Cell>> rows;
  for (const auto& f : s.overdue)
    rows.push_back({{f.measure->id.value, ""},
                    {std::to_string(f.days_overdue), "31"},
                    {format_date_local(lang, *f.due), ""},
                    {f.status ? f.status->label : f.measure->status.value, ""},
                    {f.measure->title.value, ""}});
  out << render_table(columns, rows, ctx.width, ctx.color_out);
}

Json counts_json(const Plan& plan, const Counts& c) {
  Json by_status = Json::object();
  for (std::size_t i = 0; i < plan.statuses.size(); ++i)
    by_status[plan.statuses[i].id.value] = c.by_status[i];
  Json ampel = Json::object();
  for (const Ampel a : {Ampel::green, Ampel::yellow, Ampel::red, Ampel::grey})
    ampel[ampel_id(a)] = c.ampel[static_cast<std::size_t>(a)];
  return Json{{"total", c.total},     {"by_status", by_status},
              {"done", c.done},       {"done_share", std::round(c.done_share() * 1000.0) / 1000.0},
              {"overdue", c.overdue}, {"ampel", ampel}};
}

Json measure_brief(const QueryPlan& q, const MeasureFacts& f) {
  return Json{{"id", f.measure->id.value},
              {"title", f.measure->title.value},
              {"field", f.field->id.value},
              {"phase", f.measure->phase.value},
              {"status", f.measure->status.value},
              {"status_label", f.status ? f.status->label : f.measure->status.value},
              {"due", f.due ? Json(format_date(*f.due)) : Json(nullptr)},
              {"overdue", f.overdue},
              {"days_overdue", f.days_overdue},
              {"ampel", ampel_id(f.ampel)},
              {"ampel_label", ampel_label(q.lang, f.ampel)},
              {"immediate", f.immediate > 0 ? Json(f.immediate) : Json(nullptr)}};
}

Json filter_json(const Filter& f) {
  return Json{{"phases", f.phases}, {"fields", f.fields},       {"statuses", f.statuses},
              {"leads", f.leads},   {"themes", f.themes},       {"tags", f.tags},
              {"grep", f.grep},     {"immediate", f.immediate}, {"overdue", f.overdue}};
}

std::string status_json(const Context& ctx, const QueryPlan& q, const Filter& filter,
                        const Summary& s) {
  Json phases = Json::array();
  for (const auto& p : s.phases) {
    Json j = {{"id", p.phase->id.value}, {"title", p.phase->title}};
    j["start"] = p.phase->start ? Json(format_date(p.phase->start->value)) : Json(nullptr);
    j["end"] = p.phase->end ? Json(format_date(p.phase->end->value)) : Json(nullptr);
    j.update(counts_json(q.plan, p.counts));
    phases.push_back(j);
  }
  Json fields = Json::array();
  for (const auto& f : s.fields) {
    Json j = {{"id", f.field->id.value}, {"title", f.field->title}};
    j.update(counts_json(q.plan, f.counts));
    fields.push_back(j);
  }
  Json immediate = Json::array();
  for (const auto& f : s.immediate) immediate.push_back(measure_brief(q, f));
  Json overdue = Json::array();
  for (const auto& f : s.overdue) overdue.push_back(measure_brief(q, f));
  Json j = {{"kep_version", k_version},
            {"today", format_date(ctx.today)},
            {"title", q.plan.title},
            {"municipality", q.plan.municipality},
            {"filter", filter_json(filter)}};
  j.update(counts_json(q.plan, s.all));
  j["phases"] = phases;
  j["fields"] = fields;
  j["immediate"] = immediate;
  j["overdue_measures"] = overdue;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

int run_status(Context& ctx, const StatusOptions& options) {
  int code = k_exit_ok;
  auto q = load_for_query(ctx, code);
  if (!q) return code;
  const auto filter = resolve_filter(ctx, q->plan, options.filter, code);
  if (!filter) return code;
  const auto selected = select(q->facts, *filter);
  const Summary s = summarize(q->plan, selected, *filter);
  if (options.format == "json") {
    ctx.out << status_json(ctx, *q, *filter, s);
    return k_exit_ok;
  }
  render_headline(ctx.out, ctx, *q, *filter);
  render_phases(ctx.out, ctx, *q, s);
  render_fields(ctx.out, ctx, *q, s);
  render_immediate(ctx.out, ctx, *q, s);
  render_overdue(ctx.out, ctx, *q, s);
  return k_exit_ok;
}

}  // namespace

Command status_command() {
  return Command{"status", "The plan at a glance: phases, fields, immediate and overdue measures",
                 "Examples:\n"
                 "  kep status                         the whole plan\n"
                 "  kep status --phase A               phase A only\n"
                 "  kep status --today 2025-06-01      judged as on another day\n"
                 "  kep status --field 4 --overdue     what is overdue in field 4\n"
                 "  kep status --format json           the same figures as JSON (docs/json.md)\n",
                 [](CLI::App& app) -> Runner {
                   auto options = std::make_shared<StatusOptions>();
                   add_filter_options(app, options->filter);
                   app.add_option("--format", options->format, "Output: text (default) or json")
                       ->check(CLI::IsMember({"text", "json"}));
                   return [options](Context& ctx) { return run_status(ctx, *options); };
                 }};
}

}  // namespace kep
