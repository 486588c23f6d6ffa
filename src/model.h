#pragma once
// The plan as plain data: Plan, Field, Measure, Phase, Status, Theme. No I/O.

#include <optional>
#include <string>
#include <vector>

#include "date.h"
#include "diagnostic.h"

namespace kep {

// A text value and where it was written.
struct Text {
  std::string value;
  Place place;
};

struct DateValue {
  Date value;
  Place place;
};

struct Phase {
  Text id;
  std::string title;
  std::string description;
  std::optional<DateValue> start;
  std::optional<DateValue> end;
};

// The traffic light (Ampel) of a measure; see docs/status-rules.md.
enum class Ampel { green, yellow, red, grey };

struct Status {
  Text id;
  std::string label;
  std::string color;  // "#rrggbb"
  bool closes = false;
  bool is_default = false;
  bool requires_note = false;  // a measure in this status needs a note saying why
  Ampel ampel = Ampel::grey;   // its light; yellow means "running"
};

// A guiding theme (Leitthema), or a further section of the document's text.
struct Theme {
  Text id;
  std::string title;
  std::string text;
};

// What the source document says about its own size ("acht Handlungsfelder und 51 Maßnahmen").
struct Declaration {
  std::string quote;
  Place place;
  std::optional<int> fields;
  Place fields_place;
  std::optional<int> measures;
  Place measures_place;
  std::optional<int> immediate;
  Place immediate_place;
};

struct Document {
  std::string title;
  std::optional<DateValue> date;
  std::string prepared_by;
  std::vector<std::string> authors;
  std::string presented_body;
  std::optional<DateValue> presented_date;
  std::vector<Declaration> declares;
};

struct Update {
  std::optional<DateValue> date;
  std::optional<Text> status;
  std::string note;
  std::string ref;
  Place place;
};

enum class MeasureKind { project, continuous };

struct Measure {
  Text id;
  Text title;
  Text phase;
  Text status;  // filled with the default status when the file names none
  bool status_given = false;
  MeasureKind kind = MeasureKind::project;
  Text lead;  // filled with the plan's lead when the file names none
  std::vector<Text> partners;
  std::vector<Text> themes;
  std::vector<Text> tags;
  std::optional<DateValue> due;
  std::optional<int> progress;
  std::string note;
  std::vector<Update> updates;
  Place place;
  std::size_t field = 0;  // index into Plan::fields
};

struct Field {
  Text id;
  std::string title;
  std::string intro;
  std::vector<Measure> measures;
  std::uint32_t file = 0;  // index into Plan::files
};

struct Plan {
  int format = 1;
  std::string title;
  std::string subtitle;
  std::string municipality;
  std::string language = "de";
  std::string lead;
  Document document;
  std::optional<DateValue> period_start;
  std::optional<DateValue> period_end;
  std::string period_description;
  std::vector<Phase> phases;
  std::vector<Status> statuses;
  bool statuses_built_in = true;
  std::vector<Theme> themes;
  std::vector<Theme> sections;
  std::vector<Text> immediate;
  std::vector<Field> fields;
  std::vector<SourceFile> files;  // every file read, for places in findings

  const Phase* find_phase(std::string_view id) const;
  const Status* find_status(std::string_view id) const;
  const Theme* find_theme(std::string_view id) const;
  const Status& default_status() const;
  std::size_t measure_count() const;
};

// The built-in status vocabulary, with labels in `language` ("de" or "en").
std::vector<Status> built_in_statuses(std::string_view language);

}  // namespace kep
