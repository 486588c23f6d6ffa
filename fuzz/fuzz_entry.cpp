#include "fuzz_entry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "../tests/plan_dump.h"  // a plan's fields as text, every value and place
#include "../tests/yaml_dump.h"  // the tree as text, every field: the tests compare the same
#include "command.h"
#include "diagnostic.h"
#include "edit.h"
#include "embedded.h"
#include "load.h"
#include "query.h"
#include "report_data.h"
#include "summary.h"
#include "template.h"
#include "text.h"
#include "validate.h"
#include "yaml_simple.h"
#include "yaml_tree.h"

namespace kep::fuzz {
namespace {

using Json = nlohmann::ordered_json;

const Date k_today{2026, 11, 27};

// A valid plan to pair a fuzzed field file with, and a field file to pair a fuzzed plan.yaml
// with (after tests/fixtures/query/plan).
constexpr std::string_view k_plan_yaml =
    R"(# yaml-language-server: $schema=../schema/plan.schema.json
kep: 1
title: Kulturplan Musterstadt
municipality: Musterstadt
language: de
lead: Kulturreferat
phases:
  - id: A
    title: Umsetzungsphase A
    start: 2024-01-01
    end: 2025-12-31
  - id: B
    title: Umsetzungsphase B
    start: 2026-01-01
    end: 2028-12-31
themes:
  - id: teilhabe
    title: Kulturelle Teilhabe
  - id: bildung
    title: Kulturelle Bildung
)";

constexpr std::string_view k_field_yaml =
    R"(# yaml-language-server: $schema=../../schema/field.schema.json
id: "2"
title: Teilhabe für alle Bürgerinnen und Bürger
measures:
  - id: "2.1"
    title: Bürgerbeteiligung bei der <b>Programmplanung</b>
    phase: A
    status: deferred
    themes: [teilhabe]
    note: Zurückgestellt bis zum Haushalt 2027
    updates:
      - date: 2025-02-01
        status: deferred
        note: "Haushalt | *gesperrt*"
  - id: "2.2"
    title: Festival "Kultur, Sommer" im Römerpark
    phase: B
    status: in_progress
    kind: continuous
    progress: 40
    tags: [festival]
)";

// A second field for the template target's data: its lists of fields have two items, so a
// render can split them between two threads.
constexpr std::string_view k_field_yaml_2 =
    R"(id: "3"
title: Kulturelle Bildung
measures:
  - id: "3.1"
    title: Kulturrucksack für alle Grundschulen
    phase: A
    status: done
    themes: [bildung]
)";

// The parts of `input` between NUL bytes; at most `max` parts, the last one keeps the rest.
std::vector<std::string_view> split_nul(std::string_view input, std::size_t max) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max) {
    const auto nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  parts.push_back(input);
  return parts;
}

std::size_t line_count(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// Why (line, column) is no place in `text`, or "". Line 0 means the whole file.
std::string place_problem(std::string_view text, std::uint32_t line, std::uint32_t column) {
  if (line == 0) return column == 0 ? "" : fmt::format("column {} without a line", column);
  if (line > line_count(text))
    return fmt::format("line {} of a text with {} lines", line, line_count(text));
  // Columns count up to the \n, as yaml_tree does: a place may stand after a \r at the end.
  std::string_view raw = text;
  for (std::uint32_t i = 1; i < line; ++i) raw.remove_prefix(raw.find('\n') + 1);
  const std::size_t width = utf8_length(raw.substr(0, raw.find('\n')));
  if (column > width + 1)
    return fmt::format("column {} of line {}, which has {} characters", column, line, width);
  return "";
}

// Why `findings` are not well-formed findings about `plan.files`, or "".
std::string findings_problem(const Plan& plan, const Findings& findings, std::string_view stage) {
  for (const auto& f : findings) {
    const std::string what = fmt::format("{} finding [{}] '{}'", stage, f.rule, f.message);
    if (f.place.file >= plan.files.size())
      return fmt::format("{} names file {} of {}", what, f.place.file, plan.files.size());
    if (f.rule.empty() || f.message.empty()) return what + " has no rule or no message";
    const auto problem = place_problem(plan.files[f.place.file].text, f.place.line, f.place.column);
    if (!problem.empty()) return fmt::format("{} is at {}", what, problem);
    if (format_finding_text(plan.files, f, TextStyle{true}).empty() ||
        format_finding_github(plan.files, f).empty())
      return what + " formats as nothing";
  }
  const Json json = Json::parse(format_findings_json(plan.files, findings), nullptr, false);
  if (json.is_discarded() || !json.is_array() || json.size() != findings.size())
    return fmt::format("{} findings do not format as a JSON array of {}", stage, findings.size());
  return "";
}

// The built-in templates of `format` ("md" or "html"), as kep report finds them.
TemplateSet shipped_templates(std::string_view format) {
  constexpr std::string_view k_suffix = ".mustache";
  TemplateSet set;
  for (const auto& file : embedded_files()) {
    const std::string_view path = file.path;
    if (!path.starts_with("templates/") || !path.ends_with(k_suffix) ||
        path.find('/', 10) != std::string_view::npos)
      continue;
    std::string_view name = path.substr(10);
    name.remove_suffix(k_suffix.size());
    TemplateFile t{std::string(name), std::string(path), std::string(file.content)};
    if (name == fmt::format("report.{}", format))
      set.main = std::move(t);
    else if (!name.starts_with("report."))
      set.partials.push_back(std::move(t));
  }
  return set;
}

// The data kep report gives its templates for `plan`, on k_today, without git history.
Json report_json(Plan plan) {
  QueryPlan q;
  q.lang = plan.language;
  q.plan = std::move(plan);
  if (q.plan.statuses_built_in) q.plan.statuses = built_in_statuses(q.lang);
  q.facts = derive_facts(q.plan, k_today);
  const Filter filter;
  const auto selected = select(q.facts, filter);
  const Summary summary = summarize(q.plan, selected, filter);
  const ReportContext context{k_today, q.lang, std::nullopt, {}, {}, std::nullopt};
  return report_data(q, filter, selected, summary, context);
}

// A plan without errors renders with the built-in HTML report, and its texts stay text there.
// (Markdown only differs in escaping; fuzz_template renders it, and this keeps the target fast.)
std::string report_problem(Plan plan) {
  const RenderResult result =
      render_template(shipped_templates("html"), report_json(std::move(plan)), Escape::html);
  if (!result.errors.empty())
    return fmt::format("report.html fails on a plan without errors: {}:{}:{}: {}",
                       result.errors.front().path, result.errors.front().line,
                       result.errors.front().column, result.errors.front().message);
  if (result.text.find("<script") != std::string::npos)
    return "the HTML report holds a <script> tag: plan text was not escaped";
  return "";
}

std::string load_problem(std::vector<PlanText> texts) {
  LoadResult loaded = load_plan_texts("plan", std::move(texts));
  if (auto problem = findings_problem(loaded.plan, loaded.findings, "load"); !problem.empty())
    return problem;
  const Findings rules = validate(loaded.plan, ValidateOptions{k_today});
  if (auto problem = findings_problem(loaded.plan, rules, "validate"); !problem.empty())
    return problem;
  if (has_errors(loaded.findings) || has_errors(rules)) return "";
  return report_problem(std::move(loaded.plan));
}

// The place of a template error inside its file, or why it is none.
std::string template_error_problem(const TemplateSet& set, const TemplateError& error) {
  const TemplateFile* file = set.main.path == error.path ? &set.main : nullptr;
  for (const auto& p : set.partials)
    if (!file && p.path == error.path) file = &p;
  if (!file) return fmt::format("a template error names '{}', no file of the set", error.path);
  if (error.message.empty()) return "a template error has no message";
  const auto problem = place_problem(file->text, error.line, error.column);
  return problem.empty() ? "" : fmt::format("template error '{}' is at {}", error.message, problem);
}

// --- the editor ---

// The ids of the measures in a field file's text, in order.
std::vector<std::string> measure_ids(std::string_view text) {
  std::vector<std::string> ids;
  const auto parsed = yaml::parse(text, 0);
  if (!parsed.root || parsed.root->kind != yaml::Kind::map) return ids;
  const yaml::Node* measures = parsed.root->find("measures");
  if (!measures || measures->kind != yaml::Kind::sequence) return ids;
  for (const auto& measure : measures->items)
    if (const yaml::Node* id = measure.find("id"); id && id->kind == yaml::Kind::scalar)
      ids.push_back(id->value);
  return ids;
}

// An edit written as lines "name=value" ("\n" in a value is a line break): id=, update.date=,
// update.status=, update.note=, update.ref=, and any other name a key to set.
MeasureEdit parse_edit(std::string_view spec, std::string default_id) {
  MeasureEdit edit{std::move(default_id), {}, std::nullopt};
  for (std::size_t line = 1; line <= line_count(spec); ++line) {
    const std::string_view text = line_of(spec, line);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string name(text.substr(0, eq));
    std::string value;
    for (std::size_t i = eq + 1; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
        value += '\n';
        ++i;
      } else {
        value += text[i];
      }
    }
    if (name == "id") {
      edit.id = std::move(value);
    } else if (name.starts_with("update.")) {
      if (!edit.update) edit.update = UpdateEntry{};
      if (name == "update.date") edit.update->date = std::move(value);
      if (name == "update.status") edit.update->status = std::move(value);
      if (name == "update.note") edit.update->note = std::move(value);
      if (name == "update.ref") edit.update->ref = std::move(value);
    } else {
      edit.keys.push_back(KeyEdit{name, std::move(value)});
    }
  }
  return edit;
}

// What kep set does to a measure: a status with an update, and values that need quotes.
std::vector<MeasureEdit> default_edits(const std::string& id) {
  return {
      MeasureEdit{id,
                  {{"status", "done"}, {"progress", "100"}},
                  UpdateEntry{"2026-11-27", "done", "Abgeschlossen: mit Bericht", ""}},
      MeasureEdit{id,
                  {{"lead", "Amt: \"Kultur\" #1"}, {"phase", "no"}},
                  UpdateEntry{"2026-11-28", "", "Notiz mit 'Zitat'", "https://example.org/#1"}},
  };
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t line = 1; line <= line_count(text); ++line) lines.push_back(line_of(text, line));
  return lines;
}

// Which lines of `old_lines` are kept, unchanged and in order, in `new_lines` (a longest common
// subsequence); nothing when the changed part is too large to compare.
std::optional<std::vector<bool>> kept_lines(const std::vector<std::string_view>& old_lines,
                                            const std::vector<std::string_view>& new_lines) {
  std::vector<bool> kept(old_lines.size(), false);
  std::size_t head = 0;
  while (head < old_lines.size() && head < new_lines.size() && old_lines[head] == new_lines[head])
    kept[head++] = true;
  std::size_t tail = 0;
  while (tail + head < old_lines.size() && tail + head < new_lines.size() &&
         old_lines[old_lines.size() - 1 - tail] == new_lines[new_lines.size() - 1 - tail])
    kept[old_lines.size() - 1 - tail++] = true;
  const std::size_t n = old_lines.size() - head - tail, m = new_lines.size() - head - tail;
  if (n * m > 4'000'000) return std::nullopt;
  // lcs[i][j]: the longest common subsequence of the old middle from i and the new one from j.
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = old_lines[head + i] == new_lines[head + j]
                      ? lcs[i + 1][j + 1] + 1
                      : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  for (std::size_t i = 0, j = 0; i < n && j < m;) {
    if (old_lines[head + i] == new_lines[head + j]) {
      kept[head + i] = true;
      ++i;
      ++j;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return kept;
}

// Whether a line break of `text` is a \n without \r before it.
bool has_bare_lf(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return true;
  return false;
}

// Whether `line` is where `key` of a measure is written ("    key: ...", "  - key: ...").
bool is_key_line(std::string_view line, std::string_view key) {
  const auto first = line.find_first_not_of(" -");
  return first != std::string_view::npos && line.substr(first).starts_with(key) &&
         line.substr(first + key.size()).starts_with(':');
}

// Why a successful edit of `old_text` into `new_text` broke the editor's promises, or "".
std::string edited_problem(std::string_view old_text, std::string_view new_text,
                           const MeasureEdit& edit) {
  const auto reparsed = yaml::parse(new_text, 0);
  if (!reparsed.root || has_errors(reparsed.findings))
    return "the edited text does not parse: " +
           (reparsed.findings.empty() ? std::string("no tree") : reparsed.findings[0].message);
  const yaml::Node* measure = nullptr;
  if (const yaml::Node* measures = reparsed.root->find("measures"))
    for (const auto& m : measures->items)
      if (const yaml::Node* id = m.find("id"); id && id->value == edit.id) measure = &m;
  if (!measure) return fmt::format("measure '{}' is gone after the edit", edit.id);
  for (const auto& key : edit.keys) {
    const yaml::Node* value = measure->find(key.key);
    if (!value || value->kind != yaml::Kind::scalar || value->value != key.value)
      return fmt::format("'{}' does not read '{}' after the edit", key.key, key.value);
  }

  const auto old_lines = lines_of(old_text);
  const auto new_lines = lines_of(new_text);
  const auto kept = kept_lines(old_lines, new_lines);
  if (kept) {
    std::size_t changed = 0;
    for (std::size_t i = 0; i < old_lines.size(); ++i) {
      if ((*kept)[i]) continue;
      ++changed;
      const bool asked = is_key_line(old_lines[i], "updates") ||
                         std::any_of(edit.keys.begin(), edit.keys.end(), [&](const KeyEdit& k) {
                           return is_key_line(old_lines[i], k.key);
                         });
      if (!asked) return fmt::format("line {} changed, and no asked key is on it", i + 1);
    }
    const std::size_t written = new_lines.size() - (old_lines.size() - changed);
    if (written > edit.keys.size() + 6)
      return fmt::format("the edit wrote {} lines for {} keys and an update", written,
                         edit.keys.size());
  }
  if (old_text.find("\r\n") != std::string_view::npos && !has_bare_lf(old_text) &&
      has_bare_lf(new_text))
    return "a file with CRLF line breaks got a bare LF";

  // Setting the same values again changes nothing.
  if (!edit.keys.empty()) {
    const EditResult again = edit_measure(new_text, MeasureEdit{edit.id, edit.keys, std::nullopt});
    if (!again.error.empty()) return "setting the same values again fails: " + again.error;
    if (again.text != new_text) return "setting the same values again changes the text";
  }
  return "";
}

std::string edit_problem(std::string_view text, const MeasureEdit& edit) {
  const EditResult result = edit_measure(text, edit);
  if (!result.error.empty()) {
    if (!result.text.empty()) return "an edit with an error returned text too";
    return "";
  }
  return edited_problem(text, result.text, edit);
}

// A field file's head; an input that starts like a list item becomes its `measures:`, so that
// parse_pieces cuts it into pieces.
constexpr std::string_view k_pieces_head = "schema: kep/field/1\nid: x\nmeasures:\n";

// Why the fast reader's tree of `text` is not yaml-cpp's (or yaml-cpp found something wrong in
// a text the fast reader read), or "". The fast reader may always decline.
std::string simple_problem(std::string_view text, std::size_t depth) {
  if (find_invalid_utf8(text)) return "";  // parse() says so before it asks the fast reader
  const auto simple = yaml::parse_simple(text, 2, depth);
  if (!simple) return "";
  yaml::Limits limits;
  limits.max_depth = depth;
  const auto reference = yaml::parse_yaml_cpp(text, 2, limits, "empty");
  const std::string fast = test::dump(*simple);
  if (!reference.root || !reference.findings.empty() || test::dump(*reference.root) != fast)
    return fmt::format(
        "parse_simple (depth {}) reads a tree that yaml-cpp does not\n-- parse_simple:\n{}"
        "-- yaml-cpp:\n{}",
        depth, fast, test::dump(reference));
  return "";
}

// Why parse_pieces does not give what parse gives for `text` (without a cache, with `cache`,
// and with it again), or "".
std::string pieces_problem(std::string_view text, std::size_t depth, yaml::PieceCache& cache) {
  yaml::Limits limits;
  limits.max_depth = depth;
  const std::string whole = test::dump(yaml::parse(text, 3, limits, "empty"));
  const auto differs = [&](yaml::PieceCache* with, std::string_view how) -> std::string {
    const std::string pieces =
        test::dump(yaml::parse_pieces(text, 3, limits, "empty", "measures", with));
    if (pieces == whole) return "";
    return fmt::format(
        "parse_pieces ({}, depth {}) differs from parse\n-- parse_pieces:\n{}-- parse:\n{}", how,
        depth, pieces, whole);
  };
  if (auto problem = differs(nullptr, "no cache"); !problem.empty()) return problem;
  if (auto problem = differs(&cache, "with a cache"); !problem.empty()) return problem;
  const std::size_t size = cache.size();
  if (auto problem = differs(&cache, "the same cache again"); !problem.empty()) return problem;
  if (cache.size() != size)
    return fmt::format("the cache grew from {} to {} pieces on the same text", size, cache.size());
  return "";
}

}  // namespace

std::string check_load(std::string_view input) {
  const auto parts = split_nul(input, 5);
  if (parts.size() > 1) {
    std::vector<PlanText> texts{{"plan.yaml", std::string(parts[0])}};
    for (std::size_t i = 1; i < parts.size(); ++i)
      texts.push_back({fmt::format("fields/0{}-fuzz.yaml", i), std::string(parts[i])});
    return load_problem(std::move(texts));
  }
  if (auto problem = load_problem(
          {{"plan.yaml", std::string(k_plan_yaml)}, {"fields/01-fuzz.yaml", std::string(input)}});
      !problem.empty())
    return "as a field file: " + problem;
  if (auto problem = load_problem({{"plan.yaml", std::string(input)},
                                   {"fields/02-teilhabe.yaml", std::string(k_field_yaml)}});
      !problem.empty())
    return "as plan.yaml: " + problem;
  return "";
}

std::string check_template(std::string_view input) {
  static const Json data = [] {
    const LoadResult loaded =
        load_plan_texts("plan", {{"plan.yaml", std::string(k_plan_yaml)},
                                 {"fields/02-x.yaml", std::string(k_field_yaml)},
                                 {"fields/03-y.yaml", std::string(k_field_yaml_2)}});
    return report_json(loaded.plan);
  }();
  const auto parts = split_nul(input, 4);
  // One escape per input, chosen by its length, so that each run renders once.
  const Escape escape = input.size() % 2 == 0 ? Escape::markdown : Escape::html;
  {
    TemplateSet set = shipped_templates(escape == Escape::html ? "html" : "md");
    set.main = TemplateFile{"", "fuzz.mustache", std::string(parts[0])};
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const std::string name(1, static_cast<char>('a' + i - 1));
      set.partials.push_back(TemplateFile{name, name + ".mustache", std::string(parts[i])});
    }
    // The render split between threads, as the fast render does for a large plan. Where it
    // splits nothing it is the fast render (which splits nothing for data this small), so the
    // fast render is rendered apart only where the split render split: three renders of a
    // template whose partials include themselves took longer than libFuzzer's timeout.
    const RenderResult split = render_template(set, data, escape, RenderMode::split);
    const RenderResult result = split.split_items == 0 ? split : render_template(set, data, escape);
    if (!result.errors.empty() && !result.text.empty()) return "a render with errors has text";
    for (const auto& error : result.errors)
      if (auto problem = template_error_problem(set, error); !problem.empty()) return problem;
    // The fast render (JSON looked up as needed, partials in place) against kainjow's own way.
    const RenderResult reference = render_template(set, data, escape, RenderMode::reference);
    if (reference.text != result.text) return "the fast and the reference render differ";
    const auto same_error = [](const TemplateError& a, const TemplateError& b) {
      return a.path == b.path && a.line == b.line && a.column == b.column && a.message == b.message;
    };
    if (!std::equal(result.errors.begin(), result.errors.end(), reference.errors.begin(),
                    reference.errors.end(), same_error))
      return "the fast and the reference render give different errors";
    if (split.text != result.text) return "the fast and the split render differ";
    if (!std::equal(result.errors.begin(), result.errors.end(), split.errors.begin(),
                    split.errors.end(), same_error))
      return "the fast and the split render give different errors";
  }
  return "";
}

std::string check_edit(std::string_view input) {
  const auto parts = split_nul(input, 2);
  const std::string_view text = parts[0];
  const auto ids = measure_ids(text);
  std::vector<MeasureEdit> edits;
  if (parts.size() == 2) {
    edits.push_back(parse_edit(parts[1], ids.empty() ? "1.1" : ids.front()));
  } else {
    for (std::size_t i = 0; i < std::min<std::size_t>(ids.size(), 3); ++i)
      for (auto& edit : default_edits(ids[i])) edits.push_back(std::move(edit));
    if (ids.empty()) edits = default_edits("1.1");
  }
  for (const auto& edit : edits)
    if (auto problem = edit_problem(text, edit); !problem.empty())
      return fmt::format("editing measure '{}': {}", edit.id, problem);
  return "";
}

// Why read_field_file with `cache` (which has read the texts before) does not give what it
// gives without one for `text` as a field file, or "". Also read through the cache with the
// items of the text read before as the file's previous version (`previous`, then this text's).
std::string field_cache_problem(std::string_view text, FieldCache& cache,
                                std::vector<const FieldCache::Entry*>& previous) {
  Plan plan;
  plan.statuses = built_in_statuses("de");
  plan.files = {SourceFile{"plan.yaml", ""}, SourceFile{"fields/x.yaml", std::string(text)}};
  const auto read = [&](FieldCache* with) {
    Plan p = plan;
    Findings findings;
    read_field_file(p.files.back().text, 1, p, findings, with);
    return test::dump(p, findings);
  };
  const std::string without = read(nullptr), with = read(&cache);
  if (with != without)
    return fmt::format("read_field_file with a field cache differs\n-- with:\n{}-- without:\n{}",
                       with, without);
  Findings findings;
  std::optional<SharedField> shared;
  if (!read_field_shared(plan.files.back().text, 1, plan, findings, cache, shared, previous))
    return "";
  Plan p = plan;
  if (shared) {
    add_field(p, whole_field(*shared));
    previous = shared->items;
  }
  const std::string hinted = test::dump(p, findings);
  if (hinted == without) return "";
  return fmt::format(
      "read_field_shared with the previous text's items differs\n-- with:\n{}-- without:\n{}",
      hinted, without);
}

std::string check_yaml(std::string_view input) {
  std::vector<std::string> texts{std::string(input)};
  if (!input.empty() && (input[0] == ' ' || input[0] == '-')) {
    // The same items under measures:, and a line further down: the second reads the pieces
    // from the cache and must move them to their lines, as for two versions of a field file.
    texts.push_back(std::string(k_pieces_head) + std::string(input));
    texts.push_back("# moved\n" + texts.back());
  }
  // The limit plans use, then a small one chosen by the input's length for the last text.
  std::optional<yaml::PieceCache> cache;
  cache.emplace();
  FieldCache field_cache;
  std::vector<const FieldCache::Entry*> previous;
  for (std::size_t i = 0; i <= texts.size(); ++i) {
    const bool small = i == texts.size();
    const std::string& text = small ? texts.back() : texts[i];
    const std::size_t depth = small ? 2 + input.size() % 4 : yaml::Limits{}.max_depth;
    if (small) cache.emplace();
    static constexpr std::string_view k_as[] = {
        "the input", "the input under measures:", "the input under measures:, a line down"};
    const std::string_view as = k_as[small ? texts.size() - 1 : i];
    if (auto problem = simple_problem(text, depth); !problem.empty())
      return fmt::format("{}: {}", as, problem);
    if (auto problem = pieces_problem(text, depth, *cache); !problem.empty())
      return fmt::format("{}: {}", as, problem);
    if (small) continue;  // a field file is read with the plan's limits
    if (auto problem = field_cache_problem(text, field_cache, previous); !problem.empty())
      return fmt::format("{}: {}", as, problem);
  }
  return "";
}

int run_target(std::string (*check)(std::string_view), const std::uint8_t* data, std::size_t size) {
  const std::string problem = check(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "kep fuzz: invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}

}  // namespace kep::fuzz
