#include "validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "suggest.h"

namespace kep {
namespace {

class Validator {
 public:
  Validator(const Plan& plan, const ValidateOptions& options) : m_plan(plan), m_options(options) {}

  Findings run() {
    check_vocabulary();
    check_dates();
    check_fields();
    check_measures();
    check_immediate();
    check_declared_counts();
    return std::move(m_findings);
  }

 private:
  void error(const Place& place, std::string rule, std::string message) {
    m_findings.push_back(Finding{place, Severity::error, std::move(rule), std::move(message)});
  }
  void warning(const Place& place, std::string rule, std::string message) {
    m_findings.push_back(Finding{place, Severity::warning, std::move(rule), std::move(message)});
  }

  std::string where(const Place& place) const {
    return fmt::format("{}:{}", m_plan.files[place.file].path, place.line);
  }

  // Reports ids used twice in one list (phases, statuses, themes, sections).
  template <typename T>
  void check_unique(const std::vector<T>& items, std::string_view what) {
    std::map<std::string_view, const Place*> seen;
    for (const auto& item : items) {
      if (item.id.value.empty()) continue;
      const auto [it, fresh] = seen.emplace(item.id.value, &item.id.place);
      if (!fresh)
        error(item.id.place, "duplicate-id",
              fmt::format("{} id '{}' is used twice (first at {}); give each {} its own id", what,
                          item.id.value, where(*it->second), what));
    }
  }

  void check_default_status() {
    const Status* first = nullptr;
    for (const auto& status : m_plan.statuses) {
      if (!status.is_default) continue;
      if (first)
        error(status.id.place, "duplicate-default",
              fmt::format("status '{}' is marked default, but '{}' is already (at {}); mark only "
                          "one status 'default: true'",
                          status.id.value, first->id.value, where(first->id.place)));
      else
        first = &status;
    }
  }

  void check_vocabulary() {
    if (!m_plan.statuses_built_in) check_default_status();
    check_unique(m_plan.phases, "phase");
    if (!m_plan.statuses_built_in) check_unique(m_plan.statuses, "status");
    check_unique(m_plan.themes, "theme");
    check_unique(m_plan.sections, "section");
    for (const auto& status : m_plan.statuses) m_status_ids.push_back(status.id.value);
    for (const auto& phase : m_plan.phases) m_phase_ids.push_back(phase.id.value);
    for (const auto& theme : m_plan.themes) m_theme_ids.push_back(theme.id.value);
  }

  void check_range(const std::optional<DateValue>& start, const std::optional<DateValue>& end,
                   std::string_view what) {
    if (start && end && end->value < start->value)
      error(end->place, "date-order",
            fmt::format("{} ends on {}, before it starts on {}; swap or correct the dates", what,
                        format_date(end->value), format_date(start->value)));
  }

  void check_dates() {
    check_range(m_plan.period_start, m_plan.period_end, "the plan's period");
    const Phase* previous = nullptr;
    for (const auto& phase : m_plan.phases) {
      check_range(phase.start, phase.end, fmt::format("phase '{}'", phase.id.value));
      if (previous && previous->start && phase.start && phase.start->value < previous->start->value)
        warning(phase.start->place, "phase-order",
                fmt::format("phase '{}' starts on {}, before phase '{}' listed above it (which "
                            "starts on {}); list phases in the order of time",
                            phase.id.value, format_date(phase.start->value), previous->id.value,
                            format_date(previous->start->value)));
      previous = &phase;
    }
  }

  void check_fields() {
    std::map<std::string_view, const Field*> seen;
    for (const auto& field : m_plan.fields) {
      if (field.id.value.empty()) continue;
      const auto [it, fresh] = seen.emplace(field.id.value, &field);
      if (!fresh)
        error(field.id.place, "duplicate-field-id",
              fmt::format("field id '{}' is used twice (first in {}); give each field its own id",
                          field.id.value, m_plan.files[it->second->file].path));
    }
  }

  static bool well_formed_measure_id(std::string_view id) {
    // Digits, then one or more ".digits": "4.8", "4.10", "2.3.1".
    bool digit = false;
    std::size_t dots = 0;
    for (const char c : id) {
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && digit) {
        digit = false;
        ++dots;
      } else {
        return false;
      }
    }
    return digit && dots > 0;
  }

  void check_measure_id(const Field& field, const Measure& m) {
    if (m.id.value.empty()) return;  // missing-key already
    if (!well_formed_measure_id(m.id.value)) {
      error(m.id.place, "measure-id-format",
            fmt::format("measure id '{}' is not of the form <field>.<number>, e.g. \"{}.1\"",
                        m.id.value, field.id.value.empty() ? "1" : field.id.value));
      return;
    }
    const auto prefix = std::string_view(m.id.value).substr(0, m.id.value.find('.'));
    if (!field.id.value.empty() && prefix != field.id.value)
      warning(m.id.place, "measure-id-field",
              fmt::format("measure id '{}' does not start with its field's id '{}'; ids are "
                          "usually <field>.<number>",
                          m.id.value, field.id.value));
  }

  void check_reference(const Text& ref, const std::vector<std::string>& known,
                       std::string_view rule, std::string_view what, std::string_view list) {
    if (ref.value.empty() || std::find(known.begin(), known.end(), ref.value) != known.end())
      return;
    std::string suggestion = did_you_mean(ref.value, known);
    if (suggestion.empty() && !known.empty()) {
      std::string all;
      for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
      suggestion = fmt::format("; {}: {}", list, all);
    }
    error(ref.place, std::string(rule),
          fmt::format("unknown {} '{}'{}", what, ref.value, suggestion));
  }

  std::string statuses_list() const {
    return m_plan.statuses_built_in ? "the built-in statuses are" : "plan.yaml lists";
  }

  void check_updates(const Measure& m) {
    const Update* last_with_status = nullptr;
    const DateValue* previous = nullptr;
    for (const auto& update : m.updates) {
      if (update.status) {
        check_reference(*update.status, m_status_ids, "unknown-status", "status", statuses_list());
        last_with_status = &update;
      }
      if (!update.date) continue;
      if (previous && update.date->value < previous->value)
        error(update.date->place, "update-order",
              fmt::format("update of {} is older than the one before it ({}); list updates oldest "
                          "first",
                          format_date(update.date->value), format_date(previous->value)));
      if (m_options.today < update.date->value)
        error(update.date->place, "future-update",
              fmt::format("update dated {} lies after today ({}); correct the date",
                          format_date(update.date->value), format_date(m_options.today)));
      previous = &*update.date;
    }
    if (last_with_status && m.status_given && last_with_status->status->value != m.status.value)
      warning(last_with_status->status->place, "update-status-mismatch",
              fmt::format("the last update of {} sets status '{}', but the measure's status is "
                          "'{}'; make them agree",
                          m.id.value, last_with_status->status->value, m.status.value));
  }

  void check_note(const Measure& m) {
    const Status* status = m_plan.find_status(m.status.value);
    if (!status || !status->requires_note) return;
    const bool has_note = !m.note.empty() || (!m.updates.empty() && !m.updates.back().note.empty());
    if (!has_note)
      warning(m.status.place, "note-missing",
              fmt::format("measure {} is '{}' without a note saying why; add 'note:' or an update "
                          "with a note",
                          m.id.value, m.status.value));
  }

  void check_measures() {
    std::map<std::string_view, const Measure*> seen;
    for (const auto& field : m_plan.fields) {
      for (const auto& m : field.measures) {
        check_measure_id(field, m);
        if (!m.id.value.empty()) {
          const auto [it, fresh] = seen.emplace(m.id.value, &m);
          if (!fresh)
            error(m.id.place, "duplicate-measure-id",
                  fmt::format("measure id '{}' is used twice (first at {}); give this measure the "
                              "next free id",
                              m.id.value, where(it->second->id.place)));
        }
        // Without phases (reported already) every measure's phase would be unknown.
        if (!m_plan.phases.empty())
          check_reference(m.phase, m_phase_ids, "unknown-phase", "phase", "plan.yaml lists");
        if (m.status_given)
          check_reference(m.status, m_status_ids, "unknown-status", "status", statuses_list());
        for (const auto& theme : m.themes)
          check_reference(theme, m_theme_ids, "unknown-theme", "theme", "plan.yaml lists");
        check_updates(m);
        check_note(m);
        m_measures.emplace(m.id.value, &m);
      }
    }
  }

  // The earliest phase by start (the first listed when starts are missing or tie).
  const Phase* first_phase() const {
    const Phase* first = nullptr;
    for (const auto& phase : m_plan.phases)
      if (!first || (phase.start && first->start && phase.start->value < first->start->value))
        first = &phase;
    return first;
  }

  void check_immediate() {
    std::map<std::string_view, const Text*> seen;
    for (const auto& ref : m_plan.immediate) {
      if (!well_formed_measure_id(ref.value)) {
        error(ref.place, "measure-id-format",
              fmt::format("immediate measure '{}' is not a measure id such as \"4.8\"", ref.value));
        continue;
      }
      const auto [it, fresh] = seen.emplace(ref.value, &ref);
      if (!fresh) {
        error(ref.place, "duplicate-immediate",
              fmt::format("immediate measure '{}' is listed twice; remove one", ref.value));
        continue;
      }
      const auto found = m_measures.find(ref.value);
      if (found == m_measures.end()) {
        error(ref.place, "unknown-immediate",
              fmt::format("immediate measure '{}' does not exist; list the id of a measure in "
                          "fields/",
                          ref.value));
        continue;
      }
      const Measure& m = *found->second;
      const Phase* first = first_phase();
      if (first && !m.phase.value.empty() && m.phase.value != first->id.value)
        warning(ref.place, "immediate-not-first-phase",
                fmt::format("immediate measure {} is in phase {}, not in the first phase {}; "
                            "move it to phase {} or take it off the immediate list",
                            ref.value, m.phase.value, first->id.value, first->id.value));
    }
  }

  void check_declared_counts() {
    for (const auto& d : m_plan.document.declares) {
      auto compare = [&](const std::optional<int>& declared, const Place& place, std::size_t actual,
                         std::string_view one, std::string_view many) {
        if (declared && static_cast<std::size_t>(*declared) != actual)
          warning(place, "declared-count",
                  fmt::format("the document declares {} {}; the plan has {}", *declared,
                              *declared == 1 ? one : many, actual));
      };
      compare(d.fields, d.fields_place, m_plan.fields.size(), "field", "fields");
      compare(d.measures, d.measures_place, m_plan.measure_count(), "measure", "measures");
      compare(d.immediate, d.immediate_place, m_plan.immediate.size(), "immediate measure",
              "immediate measures");
    }
  }

  const Plan& m_plan;
  const ValidateOptions& m_options;
  Findings m_findings;
  std::vector<std::string> m_status_ids, m_phase_ids, m_theme_ids;
  std::map<std::string_view, const Measure*> m_measures;
};

}  // namespace

Findings validate(const Plan& plan, const ValidateOptions& options) {
  return Validator(plan, options).run();
}

}  // namespace kep
