#pragma once
// Reads a plan folder (plan.yaml, fields/*.yaml) into the model plus findings. Reads each file
// once; never throws for bad input.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "diagnostic.h"
#include "model.h"
#include "yaml_tree.h"

namespace kep {

struct LoadOptions {
  std::size_t max_file_size = 64u << 20;  // bytes; larger files are refused (file-too-large)
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

// Reads one field file's content into `plan.fields`; used by load_plan and tests. With `pieces`,
// each measure's text is parsed once across calls (for the versions of a file in its history).
void read_field_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings,
                     yaml::PieceCache* pieces = nullptr);

// read_field_file in steps, so that load_plan can read files on several threads: the YAML tree of
// a field file (pure); the field from it (reads `plan` only: its lead and default status; nothing
// when the file is no field); then the field added to the plan (its measures get its index).
yaml::ParseResult parse_field_file(std::string_view text, std::uint32_t file,
                                   yaml::PieceCache* pieces = nullptr);
std::optional<Field> read_field(yaml::ParseResult parsed, std::uint32_t file, const Plan& plan,
                                Findings& findings);
void add_field(Plan& plan, Field field);

}  // namespace kep
