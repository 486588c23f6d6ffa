#pragma once
// The fields of a plan as text, every value and place of every measure, for tests that compare
// two ways of reading the same file (test_field_cache.cpp, and fuzz_yaml in fuzz/fuzz_entry.cpp,
// which includes this file without doctest).

#include <fmt/format.h>

#include <string>
#include <vector>

#include "model.h"
#include "yaml_dump.h"

namespace kep::test {

inline std::string dump_text(const Text& t) { return t.value + "@" + place_text(t.place); }

inline std::string dump_texts(const std::vector<Text>& list) {
  std::string out = "[";
  for (const auto& t : list) out += dump_text(t) + " ";
  return out + "]";
}

inline std::string dump_date(const std::optional<DateValue>& d) {
  return d ? format_date(d->value) + "@" + place_text(d->place) : "-";
}

// The fields read into a plan, each measure with every value and place, and the findings.
inline std::string dump(const Plan& plan, const Findings& findings) {
  std::string out;
  for (const auto& field : plan.fields) {
    out += fmt::format("field {} file {} '{}' '{}'\n", dump_text(field.id), field.file, field.title,
                       field.intro);
    for (const auto& m : field.measures) {
      out += fmt::format(
          "  {} {} {} {} given={} kind={} {} {} {} {} due={} progress={} note='{}' at {} field "
          "{}\n",
          dump_text(m.id), dump_text(m.title), dump_text(m.phase), dump_text(m.status),
          m.status_given, static_cast<int>(m.kind), dump_text(m.lead), dump_texts(m.partners),
          dump_texts(m.themes), dump_texts(m.tags), dump_date(m.due),
          m.progress ? std::to_string(*m.progress) : "-", m.note, place_text(m.place), m.field);
      for (const auto& u : m.updates)
        out +=
            fmt::format("    update {} {} '{}' '{}' at {}\n", dump_date(u.date),
                        u.status ? dump_text(*u.status) : "-", u.note, u.ref, place_text(u.place));
    }
  }
  for (const auto& f : findings)
    out += fmt::format("finding {} {} {}\n", place_text(f.place), f.rule, f.message);
  return out;
}

}  // namespace kep::test
