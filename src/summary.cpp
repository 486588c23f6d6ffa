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

// What a series counts of one measure on every day: all but whether it is overdue.
void count_in_series(const Plan& current, const MeasureFacts& f, SeriesCounts& c) {
  ++c.total;
  if (is_done(f)) ++c.done;
  for (std::size_t i = 0; i < current.statuses.size(); ++i)
    if (current.statuses[i].id.value == f.measure->status.value) ++c.by_status[i];
  for (std::size_t i = 0; i < current.phases.size(); ++i) {
    if (current.phases[i].id.value != f.measure->phase.value) continue;
    ++c.by_phase[i].first;
    if (is_done(f)) ++c.by_phase[i].second;
  }
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

SeriesCounts& SeriesCounts::operator+=(const SeriesCounts& other) {
  total += other.total;
  done += other.done;
  overdue += other.overdue;
  for (std::size_t i = 0; i < by_status.size() && i < other.by_status.size(); ++i)
    by_status[i] += other.by_status[i];
  for (std::size_t i = 0; i < by_phase.size() && i < other.by_phase.size(); ++i) {
    by_phase[i].first += other.by_phase[i].first;
    by_phase[i].second += other.by_phase[i].second;
  }
  return *this;
}

SeriesCounts empty_series_counts(const Plan& current) {
  return SeriesCounts{0, 0, 0, std::vector<std::size_t>(current.statuses.size()),
                      std::vector<std::pair<std::size_t, std::size_t>>(current.phases.size())};
}

SeriesCounts count_series(const Plan& current, const std::vector<MeasureFacts>& selected) {
  SeriesCounts c = empty_series_counts(current);
  for (const auto& f : selected) {
    count_in_series(current, f, c);
    if (f.overdue) ++c.overdue;
  }
  return c;
}

SeriesTally tally_series(const Plan& current, const std::vector<MeasureFacts>& selected) {
  SeriesTally t{empty_series_counts(current), {}};
  for (const auto& f : selected) {
    count_in_series(current, f, t.counts);
    if (can_fall_overdue(f)) t.due_dates.push_back(*f.due);
  }
  std::sort(t.due_dates.begin(), t.due_dates.end());
  return t;
}

std::size_t SeriesTally::overdue_on(const Date& day) const {
  // Overdue: due before `day`, as derive_facts has it.
  return static_cast<std::size_t>(std::lower_bound(due_dates.begin(), due_dates.end(), day) -
                                  due_dates.begin());
}

}  // namespace kep
