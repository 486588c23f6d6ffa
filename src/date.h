#pragma once
// Calendar dates (YYYY-MM-DD), the only time kep knows.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace kep {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
};

// Parses exactly "YYYY-MM-DD" and checks that the day exists (2023-02-30 does not).
std::optional<Date> parse_date(std::string_view text);

std::string format_date(const Date& date);

// Days since 1970-01-01, for differences between dates.
long days_since_epoch(const Date& date);

// Today's date in the local time zone.
Date system_today();

}  // namespace kep
