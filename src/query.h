#pragma once
// Derived facts of measures (due date, overdue, Ampel) and the filter -> sort pipeline every
// command and report uses. One implementation: docs/status-rules.md describes it.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "date.h"
#include "model.h"

namespace kep {

// "green", "yellow", "red", "grey": the ids used in JSON and templates.
const char* ampel_id(Ampel ampel);

// What kep derives about one measure on a given day.
struct MeasureFacts {
  const Measure* measure = nullptr;
  const Field* field = nullptr;
  const Phase* phase = nullptr;    // nullptr when the phase is unknown
  const Status* status = nullptr;  // nullptr when the status is unknown
  std::optional<Date> due;         // its own due date, else its phase's end
  bool overdue = false;
  long days_overdue = 0;
  Ampel ampel = Ampel::grey;
  int immediate = 0;  // rank among the immediate measures, 1-based; 0 if not immediate
};

// Whether a measure counts as done: its status closes it and shows green (built-in: done; a
// dropped measure closes but is not done).
bool is_done(const MeasureFacts& facts);

// The facts of every measure, in the plan's order (fields by file name, measures as written).
std::vector<MeasureFacts> derive_facts(const Plan& plan, const Date& today);

// derive_facts for the measures of one field read with `plan`'s phases, statuses and immediate
// list (a field of `plan`, or one cached apart from it), appended to `out`.
void derive_field_facts(const Plan& plan, const Field& field, const Date& today,
                        std::vector<MeasureFacts>& out);

// The same for measures of `field` that live elsewhere (a history's cache).
void derive_field_facts(const Plan& plan, const Field& field,
                        std::span<const Measure* const> measures, const Date& today,
                        std::vector<MeasureFacts>& out);

// Whether a measure is overdue on every day after its due date: it has one and is neither closed
// nor a running standing task. `overdue` is this and due < today, so counts over many days can
// keep the due dates (see SeriesTally in summary.h).
bool can_fall_overdue(const MeasureFacts& facts);

// Which measures a command looks at. Values of one option combine with OR, options with AND;
// an empty list means "any".
struct Filter {
  std::vector<std::string> phases;
  std::vector<std::string> fields;
  std::vector<std::string> statuses;
  std::vector<std::string> leads;
  std::vector<std::string> themes;
  std::vector<std::string> tags;
  std::vector<std::string> grep;  // case-insensitive (umlauts too), in id, title, lead, ...
  bool immediate = false;
  bool overdue = false;

  bool empty() const;
};

bool matches(const Filter& filter, const MeasureFacts& facts);

std::vector<MeasureFacts> select(const std::vector<MeasureFacts>& all, const Filter& filter);

// Compares measure ids segment by segment as numbers: 1.9 < 1.10 < 2.1.
int compare_ids(std::string_view a, std::string_view b);

// Sort keys: id, phase, status, due, field, lead, title, overdue, ampel, immediate; a leading
// '-' sorts descending. Returns the keys kep does not know (nothing sorted then).
std::vector<std::string> sort_facts(const Plan& plan, std::vector<MeasureFacts>& facts,
                                    const std::vector<std::string>& keys);

// The sort keys `sort_facts` knows.
const std::vector<std::string>& sort_keys();

}  // namespace kep
