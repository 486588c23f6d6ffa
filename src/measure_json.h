#pragma once
// The one place a measure becomes JSON: `kep list`, `kep show`, `kep status` and reports use it,
// so machine output says the same thing everywhere (docs/json.md).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "date.h"
#include "model.h"
#include "query.h"

namespace kep {

// A measure of `plan` with its derived facts, keys in a fixed order (docs/json.md); labels
// (status_label, ampel_label) in `lang`, dates ISO, absent values null. `plan` is the plan the
// facts point into, for keys that need more of it. `extra_keys`: room for keys the caller adds
// (a report adds its own), so the object is not copied while it grows.
nlohmann::ordered_json measure_to_json(const Plan& plan, const MeasureFacts& facts,
                                       std::string_view lang, std::size_t extra_keys = 0);

// Adds `key` with `value` at the end of the JSON object `object`, which must not hold `key` yet.
// ordered_json's operator[] compares the key with every key before it adds one: for a
// report's 50,000 measures of 35 keys, half a million comparisons per thousand measures.
template <typename Value>
void append(nlohmann::ordered_json& object, const char* key, Value&& value) {
  object.get_ref<nlohmann::ordered_json::object_t&>().emplace_back(key, std::forward<Value>(value));
}

// {"kep_version", "today", "measures": [...]}: what `kep list` and `kep show` print.
nlohmann::ordered_json measures_document(const Plan& plan, const std::vector<MeasureFacts>& facts,
                                         const Date& today, std::string_view lang);

// `json` as kep prints it: indented by two spaces, a final line break; bytes that are not UTF-8
// (which the loader refuses anyway) replaced rather than thrown on.
std::string json_text(const nlohmann::ordered_json& json);

}  // namespace kep
