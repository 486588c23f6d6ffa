#pragma once
// Words kep prints around the plan's own texts, in German and English.

#include <string>
#include <string_view>

#include "date.h"
#include "model.h"

namespace kep {

// The label of `key` in `lang` ("de" or "en"), e.g. label("de", "due") == "fällig".
// Unknown keys come back as themselves, so a missing translation is visible, not empty.
std::string_view label(std::string_view lang, std::string_view key);

// "grün", "gelb", "rot", "grau" / "green", ...
std::string_view ampel_label(std::string_view lang, Ampel ampel);

// The terminal colour (an ANSI SGR code) of an Ampel: "32" green, "33" yellow, "31" red, "2"
// dim for grey.
const char* ampel_style(Ampel ampel);

// A date as people in `lang` write it: 31.12.2025 (de), 2025-12-31 (en).
std::string format_date_local(std::string_view lang, const Date& date);

}  // namespace kep
