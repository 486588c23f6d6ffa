#pragma once
// Reads a plan folder (plan.yaml, fields/*.yaml) into the model plus findings. Reads each file
// once; never throws for bad input.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "diagnostic.h"
#include "model.h"
#include "yaml_tree.h"

namespace kep {

class FieldCache;

struct LoadOptions {
  std::size_t max_file_size = 64u << 20;  // bytes; larger files are refused (file-too-large)
  // Field files read through this cache (see FieldCache; same fields and findings), so that a
  // history reading the plan's versions, at the same time or after, finds the measures there.
  FieldCache* cache = nullptr;
};

struct LoadResult {
  Plan plan;
  Findings findings;
};

// Loads the plan in folder `dir`. Paths in findings start with `dir` as given.
LoadResult load_plan(const std::string& dir, const LoadOptions& options = {});

// A plan file given as text rather than read from disk: its name in the plan folder
// ("plan.yaml", "fields/01-x.yaml") and its content.
struct PlanText {
  std::string name;
  std::string text;
};

// Loads a plan from texts (e.g. as it was at a git commit): `plan.yaml` and `fields/*.yaml`,
// in any order. Paths in findings are `dir` + "/" + name.
LoadResult load_plan_texts(const std::string& dir, std::vector<PlanText> texts);

// Reads plan.yaml's content (already in plan.files[file]) into `plan`; used by load_plan and tests.
void read_plan_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings);

// What read_field_file keeps across calls for the versions of field files in a history: each
// measure item, by its text (yaml::Cut), read once into a Measure with its findings (places
// counted from the item's first line, in file 0) for each set of the plan's defaults a measure
// depends on (lead, default status). Threads may share it: an entry, once added, stays where it
// is and unchanged (a second add of an item keeps the first).
class FieldCache {
 public:
  struct Entry {
    std::optional<Measure> measure;  // nothing when the item is no map
    Findings findings;
    // Set by add(): the item's text and the defaults it was read with (the cache's keys).
    std::string_view text;
    std::string_view defaults;
  };

  // The entry of each item read with `defaults`, or nullptr.
  std::vector<const Entry*> find(const std::string& defaults,
                                 const std::vector<std::string_view>& items) const;
  // Adds entries; the entry kept for each.
  std::vector<const Entry*> add(const std::string& defaults,
                                std::vector<std::pair<std::string_view, Entry>> entries);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Entries = std::unordered_map<std::string, Entry, Hash, std::equal_to<>>;
  mutable std::mutex m_mutex;
  std::map<std::string, Entries, std::less<>> m_entries;  // defaults -> item text -> entry
};

// Reads one field file's content into `plan.fields`; used by load_plan and tests. With `cache`,
// each measure's text is parsed and read once across calls (for the versions of a file in its
// history); the field, places and findings are those read without it.
void read_field_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings,
                     FieldCache* cache = nullptr);

// A field file read through a FieldCache without copying its measures (a history keeps many
// versions of a file): the field's own keys (places in the file, no measures) and each measure as
// the cache holds it (places counted from its item's first line, in file 0), with the lines above
// its item in this file.
struct SharedField {
  Field field;
  std::vector<const Measure*> measures;         // valid as long as the cache
  std::vector<std::uint32_t> lines_before;      // for each of `measures`
  std::vector<const FieldCache::Entry*> items;  // each measure item's entry, in file order
};

// read_field_file with `cache`, the measures left in the cache: `field` is the field, or nothing
// when the file is no field; the findings are read_field_file's. False, with `field` and
// `findings` untouched, when the file cannot be read through the cache (read_field_file then
// reads it whole). `previous`, the items of an earlier version of the file (SharedField::items):
// an item with the same text and defaults at the same position is taken from there, without
// looking its text up in the cache (a new version of a file changes few of its items).
bool read_field_shared(std::string_view text, std::uint32_t file, const Plan& plan,
                       Findings& findings, FieldCache& cache, std::optional<SharedField>& field,
                       std::span<const FieldCache::Entry* const> previous = {});

// A measure of a SharedField, copied, at its place in file `file`.
Measure measure_in_file(const Measure& cached, std::uint32_t file, std::uint32_t lines_before);

// The field of a SharedField with its measures copied in place: what read_field_file reads.
Field whole_field(const SharedField& shared);

// A field file's content read into a field (nothing when the file is no field), with its
// findings; read_field_file without adding it to `plan`.
std::optional<Field> read_field_text(std::string_view text, std::uint32_t file, const Plan& plan,
                                     Findings& findings, FieldCache* cache = nullptr);

// read_field_file in steps, so that load_plan can read files on several threads: the YAML tree of
// a field file (pure); the field from it (reads `plan` only: its lead and default status; nothing
// when the file is no field); then the field added to the plan (its measures get its index).
yaml::ParseResult parse_field_file(std::string_view text, std::uint32_t file);
std::optional<Field> read_field(yaml::ParseResult parsed, std::uint32_t file, const Plan& plan,
                                Findings& findings);
void add_field(Plan& plan, Field field);

}  // namespace kep
