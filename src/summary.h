#pragma once
// The plan at a glance: counts per status, phase and field, the share done, the overdue and the
// immediate measures of a selection. Computed once here for `kep status` and the reports.

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "model.h"
#include "query.h"

namespace kep {

struct Counts {
  std::size_t total = 0;
  std::vector<std::size_t> by_status;  // parallel to Plan::statuses
  std::size_t done = 0;                // measures that count as done (see is_done)
  std::size_t overdue = 0;
  std::array<std::size_t, 4> ampel{};  // by Ampel: green, yellow, red, grey

  // done / total, 0 for an empty selection.
  double done_share() const;
};

struct PhaseSummary {
  const Phase* phase = nullptr;
  Counts counts;
};

struct FieldSummary {
  const Field* field = nullptr;
  Counts counts;
};

struct Summary {
  Counts all;
  std::vector<PhaseSummary> phases;     // the phases in scope, in the plan's order
  std::vector<FieldSummary> fields;     // fields with selected measures, in the plan's order
  std::vector<MeasureFacts> immediate;  // selected immediate measures, by rank
  std::vector<MeasureFacts> overdue;    // selected overdue measures, longest overdue first
};

// Summarizes `selected` (measures of `plan` after filtering). Phases in scope are those of the
// filter, or all phases.
Summary summarize(const Plan& plan, const std::vector<MeasureFacts>& selected,
                  const Filter& filter);

// A selection's counts at one commit, for a series over the plan's history (kep history, the
// report's burn-up). By status and phase they count by the ids of the plan the series is shown
// with (`current`), as the plan then may have had others.
struct SeriesCounts {
  std::size_t total = 0, done = 0, overdue = 0;
  std::vector<std::size_t> by_status;                         // parallel to current.statuses
  std::vector<std::pair<std::size_t, std::size_t>> by_phase;  // total, done per current phase

  SeriesCounts& operator+=(const SeriesCounts& other);
};

// Nothing counted yet, by `current`'s statuses and phases.
SeriesCounts empty_series_counts(const Plan& current);

// Counts `selected` (overdue as derived for its day).
SeriesCounts count_series(const Plan& current, const std::vector<MeasureFacts>& selected);

// The counts of a selection that hold on every day, and the sorted due dates of the measures
// that can fall overdue (can_fall_overdue), so that the overdue ones of any day are counted
// without deriving the facts again: a field file's share of a series, counted once per content.
// Only for a filter that does not itself ask for overdue measures.
struct SeriesTally {
  SeriesCounts counts;  // overdue is 0
  std::vector<Date> due_dates;

  // How many of them are overdue on `day`.
  std::size_t overdue_on(const Date& day) const;
};

SeriesTally tally_series(const Plan& current, const std::vector<MeasureFacts>& selected);

}  // namespace kep
