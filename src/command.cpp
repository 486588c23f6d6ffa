#include "command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>
#include <set>

#include "cli.h"
#include "history.h"
#include "labels.h"
#include "output.h"
#include "repo.h"
#include "suggest.h"
#include "validate.h"

namespace kep {
namespace {

// Splits "A,B" and repeated options into single values.
std::vector<std::string> split_values(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& value : raw) {
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      if (end > start) out.push_back(value.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id.value);
  return ids;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

int usage_error(Context& ctx, const std::string& message) {
  ctx.err << "kep: error: " << message << "\n";
  return k_exit_usage;
}

int print_or_write(Context& ctx, const std::string& output, const std::string& text) {
  if (output.empty()) {
    ctx.out << text;
    return k_exit_ok;
  }
  if (const auto error = write_file_atomically(output, text)) {
    ctx.err << "kep: error: " << *error << "\n";
    return k_exit_io;
  }
  return k_exit_ok;
}

std::optional<LoadResult> load_as_of(Context& ctx, int& exit_code) {
  auto opened = open_plan_repository(ctx.shared.plan_dir);
  if (!opened.repository) {
    ctx.err << "kep: error: --as-of needs the plan's git history, but " << opened.error << "\n";
    exit_code = k_exit_io;
    return std::nullopt;
  }
  History history(*opened.repository, LoadOptions{ctx.shared.max_file_size});
  std::string error;
  const auto commit = history.resolve_as_of(ctx.shared.as_of, error);
  if (!commit) {
    exit_code = usage_error(ctx, fmt::format("--as-of {}: {}", ctx.shared.as_of, error));
    return std::nullopt;
  }
  // Judge the plan as of then, unless --today says otherwise.
  if (ctx.shared.today.empty()) {
    const auto day = parse_date(ctx.shared.as_of);
    ctx.today = day ? *day : commit->date;
  }
  return history.load_at(*commit);
}

std::optional<QueryPlan> load_for_query(Context& ctx, int& exit_code, FieldCache* cache) {
  std::optional<LoadResult> from_history;
  if (!ctx.shared.as_of.empty()) {
    from_history = load_as_of(ctx, exit_code);
    if (!from_history) return std::nullopt;
  }
  auto loaded = from_history
                    ? std::move(*from_history)
                    : load_plan(ctx.shared.plan_dir, LoadOptions{ctx.shared.max_file_size, cache});
  Findings findings = std::move(loaded.findings);
  Findings rules = validate(loaded.plan, ValidateOptions{ctx.today});
  findings.insert(findings.end(), rules.begin(), rules.end());
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [](const Finding& f) { return f.severity != Severity::error; }),
                 findings.end());
  if (!findings.empty()) {
    const std::size_t errors = findings.size();  // all of them, before the cap per file
    sort_findings(loaded.plan.files, findings);
    bool io = false;
    for (const auto& f : findings) {
      ctx.err << format_finding_text(loaded.plan.files, f, TextStyle{ctx.color_err});
      io = io || is_io_rule(f.rule);
    }
    ctx.err << fmt::format(
        "kep: the plan in '{}' has {} {}; fix {} first (kep validate lists them all)\n",
        ctx.shared.plan_dir, errors, errors == 1 ? "error" : "errors", errors == 1 ? "it" : "them");
    exit_code = io ? k_exit_io : k_exit_plan_errors;
    return std::nullopt;
  }
  QueryPlan query;
  query.plan = std::move(loaded.plan);
  query.lang = ctx.shared.lang.empty() ? query.plan.language : ctx.shared.lang;
  if (query.plan.statuses_built_in) query.plan.statuses = built_in_statuses(query.lang);
  query.facts = derive_facts(query.plan, ctx.today);
  return query;
}

void add_filter_options(CLI::App& app, FilterOptions& o) {
  app.add_option("--phase", o.phases, "Only measures of this phase (repeat or A,B)");
  app.add_option("--field", o.fields, "Only measures of this field, by its id (repeat or 1,4)");
  app.add_option("--status", o.statuses, "Only measures with this status (repeat or a,b)");
  app.add_option("--lead", o.leads, "Only measures this office leads");
  app.add_option("--theme", o.themes, "Only measures linked to this guiding theme");
  app.add_option("--tag", o.tags, "Only measures with this tag");
  app.add_option("--grep", o.grep, "Only measures whose text contains TEXT (any case)");
  app.add_flag("--immediate", o.immediate, "Only the immediate measures (Sofortmaßnahmen)");
  app.add_flag("--overdue", o.overdue, "Only overdue measures");
}

std::optional<Filter> resolve_filter(Context& ctx, const Plan& plan, const FilterOptions& o,
                                     int& exit_code) {
  Filter filter;
  filter.immediate = o.immediate;
  filter.overdue = o.overdue;
  filter.grep = o.grep;
  std::set<std::string> leads_seen, tags_seen;
  for (const auto& field : plan.fields) {
    for (const auto& m : field.measures) {
      if (!m.lead.value.empty()) leads_seen.insert(m.lead.value);
      for (const auto& t : m.tags) tags_seen.insert(t.value);
    }
  }
  struct Check {
    const char* option;
    const std::vector<std::string>& raw;
    std::vector<std::string> known;
    std::vector<std::string>& into;
  };
  Check checks[] = {
      {"--phase", o.phases, ids_of(plan.phases), filter.phases},
      {"--field", o.fields, ids_of(plan.fields), filter.fields},
      {"--status", o.statuses, ids_of(plan.statuses), filter.statuses},
      {"--lead", o.leads, {leads_seen.begin(), leads_seen.end()}, filter.leads},
      {"--theme", o.themes, ids_of(plan.themes), filter.themes},
      {"--tag", o.tags, {tags_seen.begin(), tags_seen.end()}, filter.tags},
  };
  for (auto& check : checks) {
    for (const auto& value : split_values(check.raw)) {
      if (std::find(check.known.begin(), check.known.end(), value) == check.known.end()) {
        std::string hint = did_you_mean(value, check.known);
        if (hint.empty())
          hint = check.known.empty() ? "; the plan has none"
                                     : fmt::format("; the plan has: {}", join(check.known));
        exit_code = usage_error(
            ctx, fmt::format("{} '{}' is not in the plan{}", check.option, value, hint));
        return std::nullopt;
      }
      check.into.push_back(value);
    }
  }
  return filter;
}

std::string describe_filter(const Plan& plan, std::string_view lang, const Filter& filter,
                            std::string_view separator, StatusNames statuses) {
  std::vector<std::string> parts;
  auto add = [&](std::string_view key, const std::vector<std::string>& values) {
    if (!values.empty()) parts.push_back(fmt::format("{} {}", label(lang, key), join(values)));
  };
  add("phase", filter.phases);
  add("field", filter.fields);
  if (statuses == StatusNames::labels) {
    std::vector<std::string> names;
    for (const auto& id : filter.statuses) {
      const Status* status = plan.find_status(id);
      names.push_back(status ? status->label : id);
    }
    add("status", names);
  } else {
    add("status", filter.statuses);
  }
  add("lead", filter.leads);
  add("theme", filter.themes);
  add("tags", filter.tags);
  add("search", filter.grep);
  if (filter.immediate) parts.emplace_back(label(lang, "immediates"));
  if (filter.overdue) parts.emplace_back(label(lang, "overdue"));
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace kep
