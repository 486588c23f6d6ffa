#include "query.h"

#include <algorithm>
#include <functional>

#include "text.h"

namespace kep {
namespace {

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool any_text_in(const std::vector<std::string>& wanted, const std::vector<Text>& have) {
  for (const auto& h : have)
    if (contains(wanted, h.value)) return true;
  return false;
}

// Every text of a measure that --grep searches, folded to lowercase.
std::string searchable(const MeasureFacts& f) {
  const Measure& m = *f.measure;
  std::string text = m.id.value + "\n" + m.title.value + "\n" + m.lead.value + "\n" + m.note;
  for (const auto& p : m.partners) text += "\n" + p.value;
  for (const auto& t : m.tags) text += "\n" + t.value;
  for (const auto& u : m.updates) text += "\n" + u.note + "\n" + u.ref;
  return fold_case(text);
}

template <typename T>
std::size_t index_of(const std::vector<T>& items, const T* item) {
  return item ? static_cast<std::size_t>(item - items.data()) : items.size();
}

// A standing task that is running: it has no end to miss, so it is never overdue.
bool running_continuous(const MeasureFacts& f) {
  return f.measure->kind == MeasureKind::continuous && f.status && f.status->ampel == Ampel::yellow;
}

}  // namespace

const char* ampel_id(Ampel ampel) {
  switch (ampel) {
    case Ampel::green:
      return "green";
    case Ampel::yellow:
      return "yellow";
    case Ampel::red:
      return "red";
    case Ampel::grey:
      break;
  }
  return "grey";
}

bool is_done(const MeasureFacts& f) {
  return f.status && f.status->closes && f.status->ampel == Ampel::green;
}

bool can_fall_overdue(const MeasureFacts& f) {
  const bool closed = f.status && f.status->closes;
  return f.due && !closed && !running_continuous(f);
}

namespace {

MeasureFacts derive_measure_facts(const Plan& plan, const Field& field, const Measure& m,
                                  const Date& today) {
  MeasureFacts f;
  f.measure = &m;
  f.field = &field;
  f.phase = plan.find_phase(m.phase.value);
  f.status = plan.find_status(m.status.value);
  if (m.due) {
    f.due = m.due->value;
  } else if (f.phase && f.phase->end) {
    f.due = f.phase->end->value;
  }
  f.overdue = can_fall_overdue(f) && *f.due < today;
  f.days_overdue = f.overdue ? days_since_epoch(today) - days_since_epoch(*f.due) : 0;
  if (f.overdue) {
    f.ampel = Ampel::red;
  } else if (running_continuous(f)) {
    f.ampel = Ampel::green;
  } else {
    f.ampel = f.status ? f.status->ampel : Ampel::grey;
  }
  for (std::size_t i = 0; i < plan.immediate.size(); ++i)
    if (plan.immediate[i].value == m.id.value) f.immediate = static_cast<int>(i + 1);
  return f;
}

}  // namespace

void derive_field_facts(const Plan& plan, const Field& field, const Date& today,
                        std::vector<MeasureFacts>& out) {
  for (const auto& m : field.measures) out.push_back(derive_measure_facts(plan, field, m, today));
}

void derive_field_facts(const Plan& plan, const Field& field,
                        std::span<const Measure* const> measures, const Date& today,
                        std::vector<MeasureFacts>& out) {
  for (const Measure* m : measures) out.push_back(derive_measure_facts(plan, field, *m, today));
}

std::vector<MeasureFacts> derive_facts(const Plan& plan, const Date& today) {
  std::vector<MeasureFacts> all;
  all.reserve(plan.measure_count());
  for (const auto& field : plan.fields) derive_field_facts(plan, field, today, all);
  return all;
}

bool Filter::empty() const {
  return phases.empty() && fields.empty() && statuses.empty() && leads.empty() && themes.empty() &&
         tags.empty() && grep.empty() && !immediate && !overdue;
}

bool matches(const Filter& filter, const MeasureFacts& f) {
  const Measure& m = *f.measure;
  if (!filter.phases.empty() && !contains(filter.phases, m.phase.value)) return false;
  if (!filter.fields.empty() && !contains(filter.fields, f.field->id.value)) return false;
  if (!filter.statuses.empty() && !contains(filter.statuses, m.status.value)) return false;
  if (!filter.leads.empty() && !contains(filter.leads, m.lead.value)) return false;
  if (!filter.themes.empty() && !any_text_in(filter.themes, m.themes)) return false;
  if (!filter.tags.empty() && !any_text_in(filter.tags, m.tags)) return false;
  if (filter.immediate && f.immediate == 0) return false;
  if (filter.overdue && !f.overdue) return false;
  if (!filter.grep.empty()) {
    const std::string text = searchable(f);
    bool found = false;
    for (const auto& g : filter.grep) found = found || text.find(fold_case(g)) != std::string::npos;
    if (!found) return false;
  }
  return true;
}

std::vector<MeasureFacts> select(const std::vector<MeasureFacts>& all, const Filter& filter) {
  std::vector<MeasureFacts> out;
  for (const auto& f : all)
    if (matches(filter, f)) out.push_back(f);
  return out;
}

int compare_ids(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const auto a_end = std::min(a.find('.', i), a.size());
    const auto b_end = std::min(b.find('.', j), b.size());
    const auto sa = a.substr(i, a_end - i);
    const auto sb = b.substr(j, b_end - j);
    const bool na = !sa.empty() && sa.find_first_not_of("0123456789") == std::string_view::npos;
    const bool nb = !sb.empty() && sb.find_first_not_of("0123456789") == std::string_view::npos;
    if (na && nb) {
      // Numbers: shorter (after leading zeros) is smaller, else compare the digits.
      const auto ta = sa.substr(std::min(sa.find_first_not_of('0'), sa.size()));
      const auto tb = sb.substr(std::min(sb.find_first_not_of('0'), sb.size()));
      if (ta.size() != tb.size()) return ta.size() < tb.size() ? -1 : 1;
      if (const int c = ta.compare(tb); c != 0) return c < 0 ? -1 : 1;
    } else if (const int c = sa.compare(sb); c != 0) {
      return c < 0 ? -1 : 1;
    }
    i = a_end + 1;
    j = b_end + 1;
  }
  const bool a_done = i >= a.size();
  const bool b_done = j >= b.size();
  if (a_done && b_done) return 0;
  return a_done ? -1 : 1;
}

const std::vector<std::string>& sort_keys() {
  static const std::vector<std::string> k_keys = {"id",   "phase", "status",  "due",   "field",
                                                  "lead", "title", "overdue", "ampel", "immediate"};
  return k_keys;
}

std::vector<std::string> sort_facts(const Plan& plan, std::vector<MeasureFacts>& facts,
                                    const std::vector<std::string>& keys) {
  using Compare = std::function<int(const MeasureFacts&, const MeasureFacts&)>;
  auto three_way = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  std::vector<Compare> comparators;
  std::vector<std::string> unknown;
  for (const auto& raw : keys) {
    const bool descending = !raw.empty() && raw[0] == '-';
    const std::string key = descending ? raw.substr(1) : raw;
    Compare c;
    if (key == "id") {
      c = [](const MeasureFacts& a, const MeasureFacts& b) {
        return compare_ids(a.measure->id.value, b.measure->id.value);
      };
    } else if (key == "phase") {
      c = [&, three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(index_of(plan.phases, a.phase), index_of(plan.phases, b.phase));
      };
    } else if (key == "status") {
      c = [&, three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(index_of(plan.statuses, a.status), index_of(plan.statuses, b.status));
      };
    } else if (key == "due") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        // Measures without a due date sort last.
        if (a.due.has_value() != b.due.has_value()) return a.due ? -1 : 1;
        return a.due ? three_way(*a.due, *b.due) : 0;
      };
    } else if (key == "field") {
      c = [&, three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(index_of(plan.fields, a.field), index_of(plan.fields, b.field));
      };
    } else if (key == "lead") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(fold_case(a.measure->lead.value), fold_case(b.measure->lead.value));
      };
    } else if (key == "title") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(fold_case(a.measure->title.value), fold_case(b.measure->title.value));
      };
    } else if (key == "overdue") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(a.days_overdue, b.days_overdue);
      };
    } else if (key == "ampel") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        return three_way(static_cast<int>(a.ampel), static_cast<int>(b.ampel));
      };
    } else if (key == "immediate") {
      c = [three_way](const MeasureFacts& a, const MeasureFacts& b) {
        // Immediate measures by rank first, the others after.
        const int ra = a.immediate == 0 ? 1 << 30 : a.immediate;
        const int rb = b.immediate == 0 ? 1 << 30 : b.immediate;
        return three_way(ra, rb);
      };
    } else {
      unknown.push_back(raw);
      continue;
    }
    if (descending) c = [c](const MeasureFacts& a, const MeasureFacts& b) { return c(b, a); };
    comparators.push_back(std::move(c));
  }
  if (!unknown.empty()) return unknown;
  std::stable_sort(facts.begin(), facts.end(), [&](const MeasureFacts& a, const MeasureFacts& b) {
    for (const auto& c : comparators)
      if (const int r = c(a, b); r != 0) return r < 0;
    return false;
  });
  return unknown;
}

}  // namespace kep
