#pragma once
// Editing one measure in the text of a field file: new values for some of its keys and a new
// entry at the end of its updates, touching only the lines that change. Pure: text in, text out.
// Used by kep set (docs/set.md describes the rules).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kep {

// A key of a measure and the value it is to have, as the user wrote it.
struct KeyEdit {
  std::string key;  // status, progress, lead or phase
  std::string value;
};

// An entry to append to a measure's updates; empty texts are left out.
struct UpdateEntry {
  std::string date;  // YYYY-MM-DD
  std::string status;
  std::string note;
  std::string ref;
};

struct MeasureEdit {
  std::string id;  // the measure's id
  std::vector<KeyEdit> keys;
  std::optional<UpdateEntry> update;
};

// The edited text, or why the measure cannot be edited safely.
struct EditResult {
  std::string text;
  std::string error;  // lowercase, says what to do instead; empty on success
};

// Applies `edit` to the measure in `text`, the content of a field file:
// - an existing key keeps its line; only its value changes, in the same quoting style where the
//   new value allows it (plain text that needs quotes gets double quotes);
// - a missing key gets a line of its own after the key that comes before it in the format's
//   order (id, title, phase, status, kind, lead, ..., progress, note, updates);
// - the update goes after the last entry of `updates:`, written like the entries before it;
//   `updates:` is created when missing, and an empty `updates: []` becomes a block list;
// new lines use the file's indentation and line endings. Everything else stays byte-identical.
// Refuses (with `error`) what it cannot change safely: a file with YAML errors, a value that is a
// block (| >) or spans lines, anchors and tags, a measure or updates written as flow ({} or
// [...]). The result is parsed again and must differ from the old text in the asked values only.
EditResult edit_measure(std::string_view text, const MeasureEdit& edit);

}  // namespace kep
