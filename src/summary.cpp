#include "summary.h"

#include <algorithm>

namespace kep {
namespace {

void count(const Plan& plan, const MeasureFacts& f, Counts& c) {
  if (c.by_status.empty()) c.by_status.assign(plan.statuses.size(), 0);
  ++c.total;
  if (f.status) ++c.by_status[static_cast<std::size_t>(f.status - plan.statuses.data())];
  if (is_done(f)) ++c.done;
  if (f.overdue) ++c.overdue;
  ++c.ampel[static_cast<std::size_t>(f.ampel)];
}

}  // namespace

double Counts::done_share() const {
  return total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
}

Summary summarize(const Plan& plan, const std::vector<MeasureFacts>& selected,
                  const Filter& filter) {
  Summary s;
  s.all.by_status.assign(plan.statuses.size(), 0);
  for (const auto& phase : plan.phases) {
    if (filter.phases.empty() || std::find(filter.phases.begin(), filter.phases.end(),
                                           phase.id.value) != filter.phases.end())
      s.phases.push_back(PhaseSummary{
          &phase, Counts{0, std::vector<std::size_t>(plan.statuses.size()), 0, 0, {}}});
  }
  for (const auto& field : plan.fields)
    s.fields.push_back(
        FieldSummary{&field, Counts{0, std::vector<std::size_t>(plan.statuses.size()), 0, 0, {}}});
  for (const auto& f : selected) {
    count(plan, f, s.all);
    for (auto& p : s.phases)
      if (p.phase == f.phase) count(plan, f, p.counts);
    count(plan, f, s.fields[static_cast<std::size_t>(f.field - plan.fields.data())].counts);
    if (f.immediate > 0) s.immediate.push_back(f);
    if (f.overdue) s.overdue.push_back(f);
  }
  s.fields.erase(std::remove_if(s.fields.begin(), s.fields.end(),
                                [](const FieldSummary& f) { return f.counts.total == 0; }),
                 s.fields.end());
  std::stable_sort(
      s.immediate.begin(), s.immediate.end(),
      [](const MeasureFacts& a, const MeasureFacts& b) { return a.immediate < b.immediate; });
  std::stable_sort(s.overdue.begin(), s.overdue.end(),
                   [](const MeasureFacts& a, const MeasureFacts& b) {
                     if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
                     return compare_ids(a.measure->id.value, b.measure->id.value) < 0;
                   });
  return s;
}

}  // namespace kep
