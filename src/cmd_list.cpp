// kep list: one row per measure, as a table, JSON, CSV, TSV, Markdown or a list of ids.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "escape.h"
#include "history_view.h"
#include "labels.h"
#include "measure_json.h"
#include "suggest.h"
#include "table.h"

namespace kep {
namespace {

struct ListOptions {
  FilterOptions filter;
  std::vector<std::string> columns{"id,phase,status,due,lead,title"};
  std::vector<std::string> sort;
  std::string format = "table";
  std::optional<long> stale;  // only measures unchanged in git for this many days
};

// A column of kep list: its id (for --columns and the CSV header) and its heading's label key.
struct ListColumn {
  std::string_view id;
  std::string_view label_key;
  bool right = false;
};

constexpr ListColumn k_columns[] = {
    {"id", "id"},
    {"field", "field"},
    {"phase", "phase"},
    {"status", "status"},
    {"due", "due"},
    {"lead", "lead"},
    {"title", "title"},
    {"ampel", "ampel"},
    {"overdue", "overdue", true},
    {"immediate", "immediate_short", true},
    {"progress", "progress", true},
    {"themes", "themes"},
    {"tags", "tags"},
    {"kind", "kind"},
};

std::vector<std::string> column_ids() {
  std::vector<std::string> ids;
  for (const auto& c : k_columns) ids.emplace_back(c.id);
  return ids;
}

// Splits "a,b" and repeated options into their non-empty parts.
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> parts;
  for (const std::string_view text : values) {
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = std::min(text.find(',', start), text.size());
      if (end > start) parts.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return parts;
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : std::string(separator)) + v;
  return out;
}

std::string join(const std::vector<Text>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v.value;
  return out;
}

// One cell. For people (table, md) dates are local and numbers carry units; for tools (csv,
// tsv) dates are ISO and numbers bare. Both show the status's label, not its id.
Cell cell_of(std::string_view column, const QueryPlan& query, const MeasureFacts& f,
             bool for_people) {
  const Measure& m = *f.measure;
  const std::string_view lang = query.lang;
  if (column == "id") return {m.id.value, ""};
  if (column == "field") return {f.field->id.value, ""};
  if (column == "phase") return {m.phase.value, ""};
  if (column == "status") {
    const std::string text =
        f.status && !f.status->label.empty() ? f.status->label : m.status.value;
    return {text, ampel_style(f.ampel)};
  }
  if (column == "due") {
    if (!f.due) return {"", ""};
    return {for_people ? format_date_local(lang, *f.due) : format_date(*f.due),
            f.overdue ? "31" : ""};
  }
  if (column == "lead") return {m.lead.value, ""};
  if (column == "title") return {m.title.value, ""};
  if (column == "ampel") return {std::string(ampel_label(lang, f.ampel)), ampel_style(f.ampel)};
  if (column == "overdue") return {f.overdue ? std::to_string(f.days_overdue) : "", "31"};
  if (column == "immediate") return {f.immediate > 0 ? std::to_string(f.immediate) : "", ""};
  if (column == "progress") {
    if (!m.progress) return {"", ""};
    if (!for_people) return {std::to_string(*m.progress), ""};
    return {std::to_string(*m.progress) + (lang == "en" ? "%" : " %"), ""};
  }
  if (column == "themes") return {join(m.themes), ""};
  if (column == "tags") return {join(m.tags), ""};
  if (column == "kind")
    return {std::string(label(lang, m.kind == MeasureKind::continuous ? "continuous" : "project")),
            ""};
  return {"", ""};
}

// Line breaks and tabs as single spaces: a table row is one line.
std::string one_line(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return out;
}

const ListColumn& column_def(std::string_view id) {
  for (const auto& c : k_columns)
    if (c.id == id) return c;
  return k_columns[0];
}

// The table for a terminal: headings in the run's language, the title column gives up width.
std::string render_terminal(const Context& ctx, std::string_view lang,
                            const std::vector<std::string>& columns,
                            std::vector<std::vector<Cell>> cells) {
  std::vector<Column> heads;
  for (const auto& c : columns) {
    const auto& def = column_def(c);
    Column head;
    head.header = std::string(label(lang, def.label_key));
    head.right = def.right;
    head.flexible = c == "title";
    heads.push_back(std::move(head));
  }
  for (auto& row : cells)
    for (auto& cell : row) cell.text = one_line(cell.text);
  return render_table(heads, cells, ctx.width, ctx.color_out);
}

// CSV (RFC 4180) or TSV, the header row holding the column ids.
std::string render_delimited(const std::vector<std::string>& columns,
                             const std::vector<std::vector<Cell>>& cells, bool csv) {
  const char* separator = csv ? "," : "\t";
  std::string out = join(columns, separator) + "\n";
  for (const auto& row : cells) {
    std::vector<std::string> fields;
    for (const auto& cell : row) fields.push_back(csv ? csv_field(cell.text) : one_line(cell.text));
    out += join(fields, separator) + "\n";
  }
  return out;
}

// A GitHub Markdown table, numbers aligned right.
std::string render_markdown(std::string_view lang, const std::vector<std::string>& columns,
                            const std::vector<std::vector<Cell>>& cells) {
  std::string head = "|", rule = "|";
  for (const auto& c : columns) {
    const auto& def = column_def(c);
    head += " " + markdown_escape(label(lang, def.label_key)) + " |";
    rule += def.right ? " ---: |" : " --- |";
  }
  std::string out = head + "\n" + rule + "\n";
  for (const auto& row : cells) {
    std::string line = "|";
    for (const auto& cell : row)
      line += (cell.text.empty() ? " " : " " + markdown_escape(cell.text) + " ") + "|";
    out += line + "\n";
  }
  return out;
}

std::string render_list(const Context& ctx, const QueryPlan& query,
                        const std::vector<MeasureFacts>& facts,
                        const std::vector<std::string>& columns, const std::string& format) {
  if (format == "json")
    return json_text(measures_document(query.plan, facts, ctx.today, query.lang));
  if (format == "ids") {
    std::string out;
    for (const auto& f : facts) out += f.measure->id.value + "\n";
    return out;
  }
  const bool for_people = format == "table" || format == "md";
  std::vector<std::vector<Cell>> cells;
  for (const auto& f : facts) {
    std::vector<Cell> row;
    for (const auto& c : columns) row.push_back(cell_of(c, query, f, for_people));
    cells.push_back(std::move(row));
  }
  if (format == "table") return render_terminal(ctx, query.lang, columns, std::move(cells));
  if (format == "md") return render_markdown(query.lang, columns, cells);
  return render_delimited(columns, cells, format == "csv");
}

// Checks --columns and --sort before the plan is loaded: a typo is a usage error.
std::optional<std::string> check_columns(const std::vector<std::string>& columns) {
  const auto known = column_ids();
  if (columns.empty())
    return fmt::format("--columns names no column; the columns are: {}", join(known, ", "));
  for (const auto& c : columns) {
    if (std::find(known.begin(), known.end(), c) != known.end()) continue;
    std::string hint = did_you_mean(c, known);
    if (hint.empty()) hint = fmt::format("; the columns are: {}", join(known, ", "));
    return fmt::format("--columns '{}' is not a column{}", c, hint);
  }
  return std::nullopt;
}

std::optional<std::string> check_sort(const std::vector<std::string>& keys) {
  const auto& known = sort_keys();
  for (const auto& raw : keys) {
    const bool descending = !raw.empty() && raw[0] == '-';
    const std::string key = descending ? raw.substr(1) : raw;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string hint;
    if (const auto match = closest_match(key, known))
      hint = fmt::format(" (did you mean '{}{}'?)", descending ? "-" : "", *match);
    else
      hint = fmt::format("; the keys are: {} (a leading '-' sorts descending)", join(known, ", "));
    return fmt::format("--sort '{}' is not a sort key{}", raw, hint);
  }
  return std::nullopt;
}

int run_list(Context& ctx, const ListOptions& options) {
  const auto columns = split_commas(options.columns);
  const auto keys = split_commas(options.sort);
  if (auto error = check_columns(columns)) return usage_error(ctx, *error);
  if (auto error = check_sort(keys)) return usage_error(ctx, *error);
  int code = k_exit_ok;
  // For --stale, the plan on disk is read through the history's cache (see kep history).
  std::unique_ptr<FieldCache> cache;
  if (options.stale) cache = std::make_unique<FieldCache>();
  auto query = load_for_query(ctx, code, cache.get());
  if (!query) return code;
  const auto filter = resolve_filter(ctx, query->plan, options.filter, code);
  if (!filter) return code;
  auto facts = select(query->facts, *filter);
  if (options.stale) {
    auto h = open_history(ctx, "list --stale", code, cache.get());
    if (!h) return code;
    std::string error;
    // The last changes up to the plan shown: HEAD, or the commit of --as-of.
    const auto head = ctx.shared.as_of.empty() ? h->history->repository().resolve("HEAD", error)
                                               : h->history->resolve_as_of(ctx.shared.as_of, error);
    std::map<std::string, CommitInfo> changed;
    if (head) {
      std::vector<std::string> problems;
      bool truncated = false;
      changed = last_changes(*h->history, *head, problems, truncated);
      print_history_problems(ctx, problems, truncated);
    }
    release_at_exit(ctx, h);
    // A measure not yet committed has no last change: it is fresh, not stale.
    const long today = days_since_epoch(ctx.today);
    std::erase_if(facts, [&](const MeasureFacts& f) {
      const auto it = changed.find(f.measure->id.value);
      return it == changed.end() || today - days_since_epoch(it->second.date) < *options.stale;
    });
  }
  sort_facts(query->plan, facts, keys);
  ctx.out << render_list(ctx, *query, facts, columns, options.format);
  release_at_exit(ctx, cache);
  return k_exit_ok;
}

}  // namespace

std::vector<std::string> list_column_ids() { return column_ids(); }

Command list_command() {
  return Command{
      "list", "List measures, one row each, as a table, JSON, CSV, TSV or Markdown",
      "Examples:\n"
      "  kep list                               every measure, in the plan's order\n"
      "  kep list --phase A --overdue           overdue measures of phase A\n"
      "  kep list --immediate --sort immediate  the immediate measures by rank\n"
      "  kep list --grep römer                  measures that mention the Römerpark\n"
      "  kep list --sort phase,status,id        ids sort as numbers: 1.9 before 1.10\n"
      "  kep list --sort -due                   latest due date first\n"
      "  kep list --columns id,ampel,due,title  choose columns (see docs/cli.md)\n"
      "  kep list --format csv > measures.csv   for a spreadsheet (json, tsv, md, ids too)\n"
      "  kep list --stale 180                   measures no commit changed for half a year\n",
      [](CLI::App& app) -> Runner {
        auto options = std::make_shared<ListOptions>();
        add_filter_options(app, options->filter);
        app.add_option(
            "--columns", options->columns,
            "Columns, comma-separated or repeated (default: id,phase,status,due,lead,title); "
            "also field, ampel, overdue, immediate, progress, themes, tags, kind");
        app.add_option(
            "--sort", options->sort,
            "Sort keys, comma-separated or repeated: id, phase, status, due, field, lead, title, "
            "overdue, ampel, immediate; -key descending (default: the plan's order)");
        app.add_option("--stale", options->stale,
                       "Only measures no commit has changed for DAYS days (from git history)")
            ->check(CLI::NonNegativeNumber);
        app.add_option("--format", options->format,
                       "Output: table (default), json, csv, tsv, md or ids")
            ->check(CLI::IsMember({"table", "json", "csv", "tsv", "md", "ids"}));
        return [options](Context& ctx) { return run_list(ctx, *options); };
      }};
}

}  // namespace kep
