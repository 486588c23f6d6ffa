#include "report_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "history_view.h"
#include "labels.h"
#include "measure_json.h"
#include "parallel.h"
#include "version.h"

namespace kep {
namespace {

using Json = nlohmann::ordered_json;

// Every word the templates print around the plan's texts, in the report's language.
constexpr const char* k_report_labels[] = {
    "report_title",  "where_we_stand", "by_status",     "by_phase",       "timeline",
    "fields",        "field",          "immediates",    "overdue_title",  "id",
    "title",         "phase",          "phases",        "status",         "ampel",
    "due",           "lead",           "latest_update", "total",          "done_share",
    "overdue",       "days_overdue",   "measures",      "as_of",          "commit",
    "generated_by",  "today",          "no_overdue",    "no_immediate",   "selection",
    "contents",      "period",         "presented",     "document_date",  "authors",
    "rank",          "count",          "share",         "none",           "municipality",
    "ampel_counts",  "since",          "partners",      "progress",       "note",
    "changes_since", "change",         "date",          "author",         "no_changes",
    "last_changed",  "working_tree",   "burnup_title",  "burnup_caption",
};

std::string fixed(double value) { return fmt::format("{:.2f}", value); }

long percent(double share) { return std::lround(share * 100.0); }

Json labels_json(std::string_view lang) {
  Json out = Json::object();
  for (const char* key : k_report_labels) out[key] = std::string(label(lang, key));
  return out;
}

// "40 %" in German, "40%" in English.
std::string percent_text(std::string_view lang, long value) {
  return lang == "en" ? fmt::format("{}%", value) : fmt::format("{} %", value);
}

Json status_counts(const Plan& plan, std::string_view lang, const Counts& c) {
  Json out = Json::array();
  for (std::size_t i = 0; i < plan.statuses.size(); ++i) {
    const Status& s = plan.statuses[i];
    const std::size_t n = i < c.by_status.size() ? c.by_status[i] : 0;
    const long share = c.total ? percent(static_cast<double>(n) / static_cast<double>(c.total)) : 0;
    out.push_back({{"id", s.id.value},
                   {"label", s.label},
                   {"color", s.color},
                   {"ampel", ampel_id(s.ampel)},
                   {"count", n},
                   {"percent", share},
                   {"percent_text", percent_text(lang, share)}});
  }
  return out;
}

Json ampel_counts(std::string_view lang, const Counts& c) {
  Json out = Json::array();
  for (const Ampel a : {Ampel::green, Ampel::yellow, Ampel::red, Ampel::grey})
    out.push_back({{"id", ampel_id(a)},
                   {"label", std::string(ampel_label(lang, a))},
                   {"description", std::string(label(lang, std::string("ampel_") + ampel_id(a)))},
                   {"count", c.ampel[static_cast<std::size_t>(a)]}});
  return out;
}

// Counts shared by the summary, phases and fields.
void add_counts(Json& out, const Plan& plan, std::string_view lang, const Counts& c) {
  out["total"] = c.total;
  out["measures_word"] = std::string(label(lang, c.total == 1 ? "measure" : "measures"));
  out["done"] = c.done;
  out["done_percent"] = percent(c.done_share());
  out["overdue"] = c.overdue;
  out["has_overdue"] = c.overdue > 0;
  out["done_percent_text"] = percent_text(lang, percent(c.done_share()));
  out["by_status"] = status_counts(plan, lang, c);
  out["ampel"] = ampel_counts(lang, c);
}

// A stacked bar of the status counts, in a 0..100 wide viewBox.
Json status_bar(const Plan& plan, const Counts& c) {
  Json out = Json::array();
  double x = 0;
  for (std::size_t i = 0; i < plan.statuses.size(); ++i) {
    const std::size_t n = c.by_status[i];
    if (n == 0 || c.total == 0) continue;
    const double width = 100.0 * static_cast<double>(n) / static_cast<double>(c.total);
    out.push_back({{"x", fixed(x)},
                   {"width", fixed(width)},
                   {"color", plan.statuses[i].color},
                   {"label", plan.statuses[i].label},
                   {"count", n}});
    x += width;
  }
  return out;
}

std::string local_date(std::string_view lang, const std::optional<DateValue>& date) {
  return date ? format_date_local(lang, date->value) : "";
}

// The keys of the report's data at the top.
constexpr std::size_t k_report_keys = 19;

// The keys measure_json adds to measure_to_json's.
constexpr std::size_t k_report_measure_keys = 14;

Json measure_json(const QueryPlan& q, const MeasureFacts& f) {
  Json m = measure_to_json(q.plan, f, q.lang, k_report_measure_keys);
  append(m, "last_changed_local", "");  // add_history_data fills them in
  append(m, "has_last_changed", false);
  append(m, "progress_text",
         f.measure->progress ? percent_text(q.lang, static_cast<long>(*f.measure->progress)) : "");
  append(m, "due_local", f.due ? format_date_local(q.lang, *f.due) : "");
  append(m, "status_color", f.status ? f.status->color : "#6b7280");
  append(m, "phase_title", f.phase ? f.phase->title : "");
  std::string partners;
  for (const auto& p : f.measure->partners) partners += (partners.empty() ? "" : ", ") + p.value;
  append(m, "partners_text", std::move(partners));
  append(m, "is_immediate", f.immediate > 0);
  append(m, "immediate_rank", f.immediate > 0 ? std::to_string(f.immediate) : "");
  append(m, "anchor", "m-" + f.measure->id.value);
  append(m, "field_anchor", "feld-" + f.field->id.value);
  append(m, "has_note", !f.measure->note.empty());
  append(m, "has_lead", !f.measure->lead.value.empty());
  if (f.measure->updates.empty()) {
    append(m, "latest_update", false);
  } else {
    const Update& u = f.measure->updates.back();
    append(m, "latest_update",
           Json{{"date_local", local_date(q.lang, u.date)},
                {"note", u.note},
                {"ref", u.ref},
                {"has_ref", !u.ref.empty()}});
  }
  return m;
}

// The selected measures of each field of the summary as JSON, each with its measure: most of a
// report's data, so built on several threads for a large selection.
std::vector<std::vector<std::pair<Json, const Measure*>>> field_measures(
    const QueryPlan& q, const std::vector<MeasureFacts>& selected, const Summary& s) {
  std::unordered_map<const Field*, std::size_t> index;
  for (std::size_t i = 0; i < s.fields.size(); ++i) index.emplace(s.fields[i].field, i);
  std::vector<std::vector<const MeasureFacts*>> facts(s.fields.size());
  for (const auto& f : selected)
    if (const auto it = index.find(f.field); it != index.end()) facts[it->second].push_back(&f);
  std::vector<std::vector<std::pair<Json, const Measure*>>> out(s.fields.size());
  for_each_index(s.fields.size(), workers_for_measures(selected.size(), s.fields.size()),
                 [&](std::size_t i) {
                   out[i].reserve(facts[i].size());
                   for (const auto* f : facts[i])
                     out[i].emplace_back(measure_json(q, *f), f->measure);
                 });
  return out;
}

// The phases on a line from the first start to the last end, 1000 units wide, with a tick for
// every 1 January and a marker for today.
Json timeline(const QueryPlan& q, const Date& today) {
  std::optional<Date> first, last;
  for (const auto& p : q.plan.phases) {
    if (p.start && (!first || p.start->value < *first)) first = p.start->value;
    if (p.end && (!last || *last < p.end->value)) last = p.end->value;
  }
  Json out = {{"present", false}};
  if (!first || !last || !(*first < *last)) return out;
  const double from = static_cast<double>(days_since_epoch(*first));
  const double span = static_cast<double>(days_since_epoch(*last) + 1) - from;
  auto x_of = [&](const Date& d) {
    return 1000.0 * (static_cast<double>(days_since_epoch(d)) - from) / span;
  };
  Json years = Json::array();
  for (int y = first->year; y <= last->year + 1; ++y) {
    const double x = x_of(Date{y, 1, 1});
    if (x < -0.001 || x > 1000.001) continue;
    years.push_back({{"year", std::to_string(y)}, {"x", fixed(x)}});
  }
  Json phases = Json::array();
  for (const auto& p : q.plan.phases) {
    if (!p.start || !p.end) continue;
    const double x = x_of(p.start->value);
    const double end = x_of(p.end->value) + 1000.0 / span;
    phases.push_back({{"id", p.id.value},
                      {"title", p.title},
                      {"x", fixed(x)},
                      {"width", fixed(end - x)},
                      {"label_x", fixed(x + (end - x) / 2)},
                      {"start_local", local_date(q.lang, p.start)},
                      {"end_local", local_date(q.lang, p.end)}});
  }
  const double today_x = x_of(today);
  out = {{"present", true},
         {"start_local", format_date_local(q.lang, *first)},
         {"end_local", format_date_local(q.lang, *last)},
         {"years", years},
         {"phases", phases},
         {"today_visible", today_x >= 0 && today_x <= 1000},
         {"today_x", fixed(today_x)},
         {"today_local", format_date_local(q.lang, today)}};
  return out;
}

// The burn-up chart: measures in total and done after each commit, as step lines in a
// 1000 x 240 viewBox from the first commit to today.
Json burnup(const ReportContext& ctx) {
  Json out = {{"present", false}};
  if (ctx.history.empty()) return out;
  const double from = static_cast<double>(days_since_epoch(ctx.history.front().date));
  const double to = std::max(static_cast<double>(days_since_epoch(ctx.today)), from + 1.0);
  std::size_t max = 1;
  for (const auto& p : ctx.history) max = std::max(max, p.total);
  auto x_of = [&](const Date& d) {
    return std::clamp(1000.0 * (static_cast<double>(days_since_epoch(d)) - from) / (to - from), 0.0,
                      1000.0);
  };
  auto y_of = [&](std::size_t n) {
    return 230.0 - 220.0 * static_cast<double>(n) / static_cast<double>(max);
  };
  std::string total_points, done_points;
  Json points = Json::array();
  for (std::size_t i = 0; i < ctx.history.size(); ++i) {
    const auto& p = ctx.history[i];
    const double x = x_of(p.date);
    if (i > 0) {  // a step: the old value up to this commit, then the new one
      total_points += fmt::format(" {},{}", fixed(x), fixed(y_of(ctx.history[i - 1].total)));
      done_points += fmt::format(" {},{}", fixed(x), fixed(y_of(ctx.history[i - 1].done)));
    }
    total_points += fmt::format("{}{},{}", i ? " " : "", fixed(x), fixed(y_of(p.total)));
    done_points += fmt::format("{}{},{}", i ? " " : "", fixed(x), fixed(y_of(p.done)));
    points.push_back({{"date_local", format_date_local(ctx.lang, p.date)},
                      {"total", p.total},
                      {"done", p.done}});
  }
  const auto& last = ctx.history.back();
  total_points += fmt::format(" 1000.00,{}", fixed(y_of(last.total)));
  done_points += fmt::format(" 1000.00,{}", fixed(y_of(last.done)));
  out = {{"present", true},
         {"max", max},
         {"max_y", fixed(y_of(max))},
         {"start_local", format_date_local(ctx.lang, ctx.history.front().date)},
         {"end_local", format_date_local(ctx.lang, ctx.today)},
         {"total_points", total_points},
         {"done_points", done_points},
         {"last_total", last.total},
         {"last_done", last.done},
         {"points", points}};
  return out;
}

Json since_json(const QueryPlan& q, const ReportContext& ctx) {
  Json out = {{"present", false}, {"has_changes", false}, {"changes", Json::array()}};
  if (!ctx.since) return out;
  out["present"] = true;
  out["from_short"] = ctx.since->from_short;
  out["from_date_local"] = format_date_local(q.lang, ctx.since->from_date);
  Json changes = Json::array();
  for (const auto& c : ctx.since->changes)
    changes.push_back({{"id", c.id},
                       {"title", c.title},
                       {"kind", change_kind_id(c.kind)},
                       {"what", describe_change(c, q.plan, q.lang)},
                       {"committed", c.commit.has_value()},
                       {"commit_short", c.commit ? c.commit->short_id() : ""},
                       {"date_local", c.commit ? format_date_local(q.lang, c.commit->date)
                                               : std::string(label(q.lang, "working_tree"))},
                       {"author", c.commit ? c.commit->author : ""}});
  out["has_changes"] = !changes.empty();
  out["changes"] = std::move(changes);
  return out;
}

}  // namespace

Json report_data(const QueryPlan& q, const Filter& filter,
                 const std::vector<MeasureFacts>& selected, const Summary& s,
                 const ReportContext& ctx) {
  const Plan& plan = q.plan;
  const std::string& lang = q.lang;
  // Room for every key at once: growing an ordered_json object copies its values (see
  // measure_to_json), here the fields with all their measures.
  Json data = Json::object();
  data.get_ref<Json::object_t&>().reserve(k_report_keys);
  data["kep_version"] = k_version;
  data["lang"] = lang;
  data["today"] = {{"iso", format_date(ctx.today)}, {"local", format_date_local(lang, ctx.today)}};
  data["labels"] = labels_json(lang);
  const std::string selection = describe_filter(plan, lang, filter, ", ", StatusNames::labels);
  data["filter"] = {{"active", !filter.empty()}, {"description", selection}};
  data["title"] = filter.empty() ? fmt::format("{}: {}", label(lang, "report_title"), plan.title)
                                 : fmt::format("{}: {} – {}", label(lang, "report_title"),
                                               plan.title, selection);
  std::string authors;
  for (const auto& a : plan.document.authors) authors += (authors.empty() ? "" : ", ") + a;
  data["plan"] = {{"title", plan.title},
                  {"subtitle", plan.subtitle},
                  {"has_subtitle", !plan.subtitle.empty()},
                  {"municipality", plan.municipality},
                  {"lead", plan.lead},
                  {"document_title", plan.document.title},
                  {"document_date_local", local_date(lang, plan.document.date)},
                  {"prepared_by", plan.document.prepared_by},
                  {"authors", authors},
                  {"presented_body", plan.document.presented_body},
                  {"presented_date_local", local_date(lang, plan.document.presented_date)},
                  {"has_presented", !plan.document.presented_body.empty()},
                  {"has_authors", !authors.empty()},
                  {"has_document_date", plan.document.date.has_value()}};
  data["commit"] = false;  // add_history_data fills in what comes from git
  Json summary = Json::object();
  add_counts(summary, plan, lang, s.all);
  summary["bar"] = status_bar(plan, s.all);
  data["summary"] = std::move(summary);

  Json phases = Json::array();
  for (const auto& p : s.phases) {
    Json j = {{"id", p.phase->id.value},
              {"title", p.phase->title},
              {"description", p.phase->description},
              {"start", p.phase->start ? format_date(p.phase->start->value) : ""},
              {"end", p.phase->end ? format_date(p.phase->end->value) : ""},
              {"start_local", local_date(lang, p.phase->start)},
              {"end_local", local_date(lang, p.phase->end)}};
    add_counts(j, plan, lang, p.counts);
    j["bar"] = status_bar(plan, p.counts);
    phases.push_back(std::move(j));
  }
  data["phases"] = std::move(phases);
  data["timeline"] = timeline(q, ctx.today);

  auto measures = field_measures(q, selected, s);
  // The immediate and overdue lists repeat measures of the fields: copied, not built again.
  std::unordered_map<const Measure*, const Json*> built;
  for (const auto& list : measures)
    for (const auto& m : list) built.emplace(m.second, &m.first);
  // On threads, as the fields' measures: the overdue list of a large plan holds many.
  auto list_of = [&](const std::vector<MeasureFacts>& facts) {
    Json out = Json::array();
    auto& items = out.get_ref<Json::array_t&>();
    items.resize(facts.size());
    for_each_index(facts.size(), workers_for_measures(facts.size(), facts.size()),
                   [&](std::size_t i) {
                     const auto it = built.find(facts[i].measure);
                     items[i] = it != built.end() ? *it->second : measure_json(q, facts[i]);
                   });
    return out;
  };
  Json immediate = list_of(s.immediate);
  Json overdue = list_of(s.overdue);
  data["has_immediate"] = !immediate.empty();
  data["immediate"] = std::move(immediate);

  Json fields = Json::array();
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    const FieldSummary& fs = s.fields[i];
    Json j = {{"id", fs.field->id.value},
              {"title", fs.field->title},
              {"intro", fs.field->intro},
              {"has_intro", !fs.field->intro.empty()},
              {"anchor", "feld-" + fs.field->id.value}};
    add_counts(j, plan, lang, fs.counts);
    j["bar"] = status_bar(plan, fs.counts);
    Json list = Json::array();
    for (auto& m : measures[i]) list.push_back(std::move(m.first));
    j["measures"] = std::move(list);
    fields.push_back(std::move(j));
  }

  data["fields"] = std::move(fields);
  data["has_overdue"] = !overdue.empty();
  data["overdue"] = std::move(overdue);
  data["statuses"] = status_counts(plan, lang, s.all);
  data["since"] = nullptr;
  data["burnup"] = nullptr;
  add_history_data(data, q, ctx);
  return data;
}

void add_history_data(Json& data, const QueryPlan& q, const ReportContext& ctx) {
  data["commit"] =
      ctx.commit ? Json{{"id", *ctx.commit}, {"short", ctx.commit->substr(0, 7)}} : Json(false);
  if (!ctx.last_changed.empty()) {
    // Each day in words once: the measures changed at few commits.
    std::map<Date, std::string> local;
    for (const auto& [id, day] : ctx.last_changed) local.try_emplace(day);
    for (auto& [day, text] : local) text = format_date_local(q.lang, day);
    // The two members measure_json made for this, looked for where it put them first.
    auto set = [](Json& m, const char* key, std::size_t at, Json value) {
      auto& object = m.get_ref<Json::object_t&>();
      if (at < object.size() && object.data()[at].first == key) {
        object.data()[at].second = std::move(value);
      } else {
        m[key] = std::move(value);
      }
    };
    auto mark = [&](Json& m) {
      const auto changed = ctx.last_changed.find(m.at("id").get_ref<const std::string&>());
      if (changed == ctx.last_changed.end()) return;
      const std::size_t at = m.size() - std::min(m.size(), k_report_measure_keys);
      set(m, "last_changed_local", at, local.at(changed->second));
      set(m, "has_last_changed", at + 1, true);
    };
    std::vector<Json*> measures;  // marked on threads for a large plan
    for (auto& field : data.at("fields"))
      for (auto& m : field.at("measures")) measures.push_back(&m);
    for (const char* list : {"immediate", "overdue"})
      for (auto& m : data.at(list)) measures.push_back(&m);
    for_each_index(measures.size(), workers_for_measures(measures.size(), measures.size()),
                   [&](std::size_t i) { mark(*measures[i]); });
  }
  data["since"] = since_json(q, ctx);
  data["burnup"] = burnup(ctx);
}

}  // namespace kep
