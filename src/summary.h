#pragma once
// The plan at a glance: counts per status, phase and field, the share done, the overdue and the
// immediate measures of a selection. Computed once here for `kep status` and the reports.

#include <array>
#include <cstddef>
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

}  // namespace kep
