// kep show: everything about one or more measures, for a person to read.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "labels.h"
#include "measure_json.h"
#include "suggest.h"
#include "table.h"

namespace kep {
namespace {

struct ShowOptions {
  std::vector<std::string> ids;
  std::string format = "text";
};

// The rows of a block, in order; their labels set the width of the label column.
constexpr std::string_view k_row_labels[] = {
    "field",    "phase",  "due_heading", "status",   "ampel",     "kind", "lead",
    "partners", "themes", "tags",        "progress", "immediate", "note", "updates",
};

// `text` in lines of at most `width` characters, broken at spaces; its own line breaks kept.
// Width 0 breaks nothing. A word longer than the width stays whole.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view paragraph = text.substr(start, end - start);
    if (!paragraph.empty() && paragraph.back() == '\r') paragraph.remove_suffix(1);
    if (width == 0 || display_width(paragraph) <= width) {
      lines.emplace_back(paragraph);
    } else {
      // Words, a dash kept with the word before it: no line starts with "–".
      std::vector<std::string> words;
      std::size_t pos = 0;
      while (pos < paragraph.size()) {
        const std::size_t space = std::min(paragraph.find(' ', pos), paragraph.size());
        const std::string_view word = paragraph.substr(pos, space - pos);
        pos = space + 1;
        if (word.empty()) continue;
        if (word == "–" && !words.empty())
          words.back() += " –";
        else
          words.emplace_back(word);
      }
      std::string line;
      for (const auto& word : words) {
        if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
          lines.push_back(line);
          line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
      }
      lines.push_back(line);
    }
    start = end + 1;
  }
  return lines;
}

// Tabs as spaces: the terminal's tab stops would break the columns.
std::string untab(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

// Writes one measure's block: the id and title, then "label  value" rows.
class BlockWriter {
 public:
  BlockWriter(const Context& ctx, std::string_view lang) : m_ctx(ctx), m_lang(lang) {
    for (const auto key : k_row_labels)
      m_indent = std::max(m_indent, display_width(label(lang, key)) + 2);
  }

  // Lines of `head` + `body`, the body wrapped and its later lines indented under its first.
  void hanging(std::string_view head, std::string_view body, std::string_view style = "",
               std::string_view head_style = "") {
    const std::size_t indent = display_width(head);
    const auto lines = wrap(untab(body), value_width(indent));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      // A blank line inside a block would read as the end of the block.
      if (i > 0 && lines[i].empty()) continue;
      const std::string lead =
          i == 0 ? paint(head, head_style, m_ctx.color_out) : std::string(indent, ' ');
      m_out += trim_right(lead + paint(lines[i], style, m_ctx.color_out)) + "\n";
    }
  }

  // A row: the label, then the value wrapped to the width.
  void row(std::string_view key, std::string_view value, std::string_view style = "") {
    if (value.empty()) return;
    hanging(pad(label(m_lang, key), m_indent), value, style);
  }

  // A value on a further line of the row above.
  void more(std::string_view value) { hanging(std::string(m_indent, ' '), value); }

  // A label on a line of its own, for a list of lines below it.
  void heading(std::string_view key) { m_out += std::string(label(m_lang, key)) + "\n"; }

  const std::string& out() const { return m_out; }

 private:
  std::size_t value_width(std::size_t indent) const {
    if (m_ctx.width == 0) return 0;
    // Too narrow a terminal still gets readable lines rather than one word each.
    return m_ctx.width > indent + 20 ? m_ctx.width - indent : 20;
  }

  static std::string trim_right(std::string line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  }

  const Context& m_ctx;
  std::string_view m_lang;
  std::size_t m_indent = 0;
  std::string m_out;
};

std::string phase_text(std::string_view lang, const MeasureFacts& f) {
  const Measure& m = *f.measure;
  if (!f.phase) return m.phase.value;
  std::string text = m.phase.value;
  if (!f.phase->title.empty()) text += " – " + f.phase->title;
  const auto& start = f.phase->start;
  const auto& end = f.phase->end;
  if (start || end)
    text += fmt::format(" ({} – {})", start ? format_date_local(lang, start->value) : "",
                        end ? format_date_local(lang, end->value) : "");
  return text;
}

std::string update_text(const Plan& plan, const Update& update) {
  std::string text;
  if (update.status) {
    const Status* status = plan.find_status(update.status->value);
    text = status && !status->label.empty() ? status->label : update.status->value;
  }
  if (!update.note.empty()) text += (text.empty() ? "" : " – ") + update.note;
  return text;
}

std::string render_block(const Context& ctx, const QueryPlan& query, const MeasureFacts& f) {
  const std::string_view lang = query.lang;
  const Plan& plan = query.plan;
  const Measure& m = *f.measure;
  BlockWriter block(ctx, lang);
  block.hanging(m.id.value + "  ", m.title.value, "1", "1");
  block.row("field", f.field->id.value + (f.field->title.empty() ? "" : " – " + f.field->title));
  block.row("phase", phase_text(lang, f));
  if (f.due) {
    std::string due = format_date_local(lang, *f.due);
    if (f.overdue) {
      const auto key = f.days_overdue == 1 ? "overdue_for_one" : "overdue_for_many";
      due += ", " + fmt::format(fmt::runtime(label(lang, key)), f.days_overdue);
    }
    block.row("due_heading", due, f.overdue ? "31" : "");
  }
  block.row("status", f.status && !f.status->label.empty() ? f.status->label : m.status.value,
            ampel_style(f.ampel));
  block.row("ampel", ampel_label(lang, f.ampel), ampel_style(f.ampel));
  block.row("kind", label(lang, m.kind == MeasureKind::continuous ? "continuous" : "project"));
  block.row("lead", m.lead.value);
  std::string partners;
  for (const auto& p : m.partners) partners += (partners.empty() ? "" : ", ") + p.value;
  block.row("partners", partners);
  for (std::size_t i = 0; i < m.themes.size(); ++i) {
    const Theme* theme = plan.find_theme(m.themes[i].value);
    std::string text = m.themes[i].value;
    if (theme && !theme->title.empty()) text += " – " + theme->title;
    i == 0 ? block.row("themes", text) : block.more(text);
  }
  std::string tags;
  for (const auto& t : m.tags) tags += (tags.empty() ? "" : ", ") + t.value;
  block.row("tags", tags);
  if (m.progress) block.row("progress", std::to_string(*m.progress) + (lang == "en" ? "%" : " %"));
  if (f.immediate > 0) block.row("immediate", fmt::format("{} {}", label(lang, "id"), f.immediate));
  block.row("note", m.note);
  if (!m.updates.empty()) {
    block.heading("updates");
    for (const auto& u : m.updates) {
      const std::string date = u.date ? format_date_local(lang, u.date->value) : "";
      const std::string head = "  " + pad(date, 10) + "  ";
      const std::string text = update_text(plan, u);
      // The reference on a line of its own, or on the date's line when there is nothing else.
      if (!text.empty() || u.ref.empty()) block.hanging(head, text);
      if (!u.ref.empty()) {
        const std::string ref = fmt::format("{}: {}", label(lang, "ref"), u.ref);
        block.hanging(text.empty() ? head : std::string(display_width(head), ' '), ref);
      }
    }
  }
  return block.out();
}

int run_show(Context& ctx, const ShowOptions& options) {
  int code = k_exit_ok;
  auto query = load_for_query(ctx, code);
  if (!query) return code;
  std::vector<std::string> all_ids;
  for (const auto& f : query->facts) all_ids.push_back(f.measure->id.value);
  std::vector<MeasureFacts> shown;
  for (const auto& id : options.ids) {
    auto it = std::find_if(query->facts.begin(), query->facts.end(),
                           [&](const MeasureFacts& f) { return f.measure->id.value == id; });
    if (it == query->facts.end()) {
      ctx.err << fmt::format("kep: error: there is no measure '{}'{}\n", id,
                             did_you_mean(id, all_ids));
      code = k_exit_plan_errors;
      continue;
    }
    shown.push_back(*it);
  }
  if (options.format == "json") {
    ctx.out << json_text(measures_document(query->plan, shown, ctx.today, query->lang));
    return code;
  }
  for (std::size_t i = 0; i < shown.size(); ++i)
    ctx.out << (i == 0 ? "" : "\n") << render_block(ctx, *query, shown[i]);
  return code;
}

}  // namespace

Command show_command() {
  return Command{
      "show", "Show everything about measures: field, phase, due date, status, lead, updates",
      "Examples:\n"
      "  kep show 4.8                 one measure\n"
      "  kep show 1.1 1.6 2.6         several, one block each\n"
      "  kep show 4.8 --lang en       with English labels\n"
      "  kep show 4.8 --format json   as JSON (the same objects as kep list --format json)\n",
      [](CLI::App& app) -> Runner {
        auto options = std::make_shared<ShowOptions>();
        app.add_option("ID", options->ids, "Measure ids, e.g. 4.8")->required();
        app.add_option("--format", options->format, "Output: text (default) or json")
            ->check(CLI::IsMember({"text", "json"}));
        return [options](Context& ctx) { return run_show(ctx, *options); };
      }};
}

}  // namespace kep
