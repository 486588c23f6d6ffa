#include "measure_json.h"

#include <nlohmann/json.hpp>

#include "labels.h"
#include "version.h"

namespace kep {
namespace {

using nlohmann::ordered_json;

ordered_json texts(const std::vector<Text>& values) {
  ordered_json out = ordered_json::array();
  for (const auto& v : values) out.push_back(v.value);
  return out;
}

ordered_json update_to_json(const Update& update) {
  ordered_json out;
  out["date"] = update.date ? ordered_json(format_date(update.date->value)) : ordered_json();
  out["status"] = update.status ? ordered_json(update.status->value) : ordered_json();
  out["note"] = update.note;
  out["ref"] = update.ref;
  return out;
}

}  // namespace

// The keys measure_to_json writes.
constexpr std::size_t k_measure_keys = 21;

ordered_json measure_to_json(const Plan& /*plan*/, const MeasureFacts& facts, std::string_view lang,
                             std::size_t extra_keys) {
  const Measure& m = *facts.measure;
  // An ordered_json object is a vector of (const key, value) pairs: growing it copies every
  // value (the const key makes the move not noexcept), so it gets its size at once.
  ordered_json out = ordered_json::object();
  out.get_ref<ordered_json::object_t&>().reserve(k_measure_keys + extra_keys);
  append(out, "id", m.id.value);
  append(out, "field", facts.field->id.value);
  append(out, "field_title", facts.field->title);
  append(out, "title", m.title.value);
  append(out, "phase", m.phase.value);
  append(out, "status", m.status.value);
  // An unknown status (only in a plan with errors) shows its id rather than nothing.
  append(out, "status_label",
         facts.status && !facts.status->label.empty() ? facts.status->label : m.status.value);
  append(out, "kind", m.kind == MeasureKind::continuous ? "continuous" : "project");
  append(out, "lead", m.lead.value);
  append(out, "partners", texts(m.partners));
  append(out, "due", facts.due ? ordered_json(format_date(*facts.due)) : ordered_json());
  append(out, "overdue", facts.overdue);
  append(out, "days_overdue", facts.days_overdue);
  append(out, "ampel", ampel_id(facts.ampel));
  append(out, "ampel_label", std::string(ampel_label(lang, facts.ampel)));
  append(out, "immediate", facts.immediate > 0 ? ordered_json(facts.immediate) : ordered_json());
  append(out, "themes", texts(m.themes));
  append(out, "tags", texts(m.tags));
  append(out, "progress", m.progress ? ordered_json(*m.progress) : ordered_json());
  append(out, "note", m.note);
  ordered_json updates = ordered_json::array();
  for (const auto& u : m.updates) updates.push_back(update_to_json(u));
  append(out, "updates", std::move(updates));
  return out;
}

ordered_json measures_document(const Plan& plan, const std::vector<MeasureFacts>& facts,
                               const Date& today, std::string_view lang) {
  ordered_json out;
  out["kep_version"] = k_version;
  out["today"] = format_date(today);
  out["measures"] = ordered_json::array();
  for (const auto& f : facts) out["measures"].push_back(measure_to_json(plan, f, lang));
  return out;
}

std::string json_text(const ordered_json& json) {
  return json.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kep
