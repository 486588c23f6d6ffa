#include "model.h"

namespace kep {
namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const auto& item : items)
    if (item.id.value == id) return &item;
  return nullptr;
}

}  // namespace

const Phase* Plan::find_phase(std::string_view id) const { return find_by_id(phases, id); }
const Status* Plan::find_status(std::string_view id) const { return find_by_id(statuses, id); }
const Theme* Plan::find_theme(std::string_view id) const { return find_by_id(themes, id); }

const Status& Plan::default_status() const {
  for (const auto& status : statuses)
    if (status.is_default) return status;
  return statuses.front();
}

std::size_t Plan::measure_count() const {
  std::size_t count = 0;
  for (const auto& field : fields) count += field.measures.size();
  return count;
}

std::vector<Status> built_in_statuses(std::string_view language) {
  const bool de = language != "en";
  auto status = [](std::string id, std::string label, std::string color, bool closes,
                   bool requires_note, Ampel ampel) {
    Status s;
    s.id.value = std::move(id);
    s.label = std::move(label);
    s.color = std::move(color);
    s.closes = closes;
    s.requires_note = requires_note;
    s.ampel = ampel;
    return s;
  };
  std::vector<Status> statuses = {
      status("planned", de ? "geplant" : "planned", "#6b7280", false, false, Ampel::grey),
      status("in_progress", de ? "in Umsetzung" : "in progress", "#b45309", false, false,
             Ampel::yellow),
      status("done", de ? "umgesetzt" : "done", "#15803d", true, false, Ampel::green),
      status("deferred", de ? "zurückgestellt" : "deferred", "#b91c1c", false, true, Ampel::red),
      status("dropped", de ? "entfallen" : "dropped", "#374151", true, true, Ampel::grey),
  };
  statuses.front().is_default = true;
  return statuses;
}

}  // namespace kep
