// kep schema: the JSON Schemas compiled into the binary, or, with --for-plan, the same schemas
// with the plan's own vocabulary filled in (docs/cli.md#kep-schema-planfield): its phases,
// statuses and themes as enums with descriptions, its fields and measures where they are named.
// The embedded schema is patched, never written out a second time.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "embedded.h"
#include "labels.h"
#include "validate.h"

namespace kep {
namespace {

using Json = nlohmann::ordered_json;  // keeps the schema's key order

struct SchemaOptions {
  std::string which = "plan";
  bool for_plan = false;
  std::string output;
};

// The values of an enum and a description of each, as the schemas' `kind` and `language` have.
struct Vocabulary {
  Json values = Json::array();
  Json descriptions = Json::array();

  // Adds a value once: a duplicate (an error kep validate reports) would make the schema invalid.
  void add(const std::string& value, const std::string& description) {
    if (std::find(values.begin(), values.end(), value) != values.end()) return;
    values.push_back(value);
    descriptions.push_back(description);
  }
};

std::string years(const Phase& phase) {
  if (!phase.start || !phase.end) return "";
  const int from = phase.start->value.year, to = phase.end->value.year;
  return from == to ? fmt::format(" ({})", from) : fmt::format(" ({}–{})", from, to);
}

// "Umsetzungsphase A (2024–2025): Maßnahmen innerhalb der nächsten zwei Jahre"
std::string phase_description(const Phase& phase) {
  std::string text = phase.title.empty() ? "Phase " + phase.id.value : phase.title;
  text += years(phase);
  if (!phase.description.empty()) text += ": " + phase.description;
  return text;
}

// "zurückgestellt: braucht eine Notiz, warum; Ampel rot"
std::string status_description(const Status& status) {
  std::string text = status.label.empty() ? status.id.value : status.label;
  text += ": ";
  if (status.is_default) text += "Vorgabe, wenn status fehlt; ";
  if (status.closes) text += "schließt die Maßnahme ab; ";
  if (status.requires_note) text += "braucht eine Notiz, warum; ";
  return text + "Ampel " + std::string(ampel_label("de", status.ampel));
}

std::string ids_text(const Json& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v.get<std::string>();
  return out;
}

// Replaces the property's examples by an enum of the plan's values with their descriptions.
void set_enum(Json& property, const Vocabulary& vocabulary, const std::string& description) {
  property.erase("examples");
  property["description"] = description;
  property["enum"] = vocabulary.values;
  property["enumDescriptions"] = vocabulary.descriptions;
}

void patch_field_schema(Json& schema, const Plan& plan) {
  Vocabulary phases, statuses, themes;
  for (const auto& p : plan.phases) phases.add(p.id.value, phase_description(p));
  for (const auto& s : plan.statuses) statuses.add(s.id.value, status_description(s));
  for (const auto& t : plan.themes) themes.add(t.id.value, t.title.empty() ? t.id.value : t.title);
  Vocabulary fields;
  for (const auto& f : plan.fields) fields.add(f.id.value, f.title);

  // A new field file has a new id, so the plan's field ids are examples, not an enum.
  if (!fields.values.empty()) schema["properties"]["id"]["examples"] = fields.values;
  auto& measure = schema["definitions"]["measure"]["properties"];
  set_enum(measure["phase"], phases,
           "Umsetzungsphase der Maßnahme (Pflicht): eine der Phasen dieses Plans: " +
               ids_text(phases.values));
  const std::string default_status = plan.default_status().id.value;
  set_enum(measure["status"], statuses,
           fmt::format("Stand der Maßnahme: einer der Status dieses Plans: {}. Fehlt status, "
                       "gilt der Vorgabe-Status {}.",
                       ids_text(statuses.values), default_status));
  measure["status"]["default"] = default_status;
  if (!themes.values.empty()) {
    set_enum(measure["themes"]["items"], themes,
             "id eines Leitthemas dieses Plans: " + ids_text(themes.values));
  }
  set_enum(schema["definitions"]["update"]["properties"]["status"], statuses,
           "Status der Maßnahme ab diesem Tag: einer der Status dieses Plans: " +
               ids_text(statuses.values));
}

void patch_plan_schema(Json& schema, const Plan& plan) {
  Vocabulary measures;
  for (const auto& field : plan.fields)
    for (const auto& m : field.measures) measures.add(m.id.value, m.title.value);
  if (measures.values.empty()) return;
  set_enum(schema["properties"]["immediate"]["items"], measures,
           "id einer Maßnahme dieses Plans in Anführungszeichen, z. B. \"" +
               measures.values.front().get<std::string>() + "\"");
}

// The schema `which` with the plan's vocabulary, or nothing with `code` set.
std::optional<std::string> schema_for_plan(Context& ctx, const std::string& which,
                                           const std::string& generic, int& code) {
  auto loaded = load_plan(ctx.shared.plan_dir, LoadOptions{ctx.shared.max_file_size});
  Findings findings = std::move(loaded.findings);
  Findings rules = validate(loaded.plan, ValidateOptions{ctx.today});
  findings.insert(findings.end(), rules.begin(), rules.end());
  sort_findings(loaded.plan.files, findings);
  // plan.yaml (file 0) declares the vocabulary: its errors stop; a field file's errors do not,
  // as the schema is there to help fix them.
  std::size_t in_plan = 0, elsewhere = 0;
  bool io = false;
  for (const auto& f : findings) {
    if (f.severity != Severity::error) continue;
    if (f.place.file != 0) {
      ++elsewhere;
      continue;
    }
    ++in_plan;
    io = io || is_io_rule(f.rule);
    ctx.err << format_finding_text(loaded.plan.files, f, TextStyle{ctx.color_err});
  }
  if (in_plan > 0) {
    ctx.err << fmt::format(
        "kep: plan.yaml in '{}' has {} {}; fix {} first, then make the schema again\n",
        ctx.shared.plan_dir, in_plan, in_plan == 1 ? "error" : "errors",
        in_plan == 1 ? "it" : "them");
    code = io ? k_exit_io : k_exit_plan_errors;
    return std::nullopt;
  }
  if (elsewhere > 0) {
    ctx.err << fmt::format(
        "kep: note: the field files have {} {}; the schema names the fields and measures kep "
        "could read (kep validate lists the errors)\n",
        elsewhere, elsewhere == 1 ? "error" : "errors");
  }
  if (loaded.plan.statuses_built_in)  // their labels in the language of --lang
    loaded.plan.statuses =
        built_in_statuses(ctx.shared.lang.empty() ? loaded.plan.language : ctx.shared.lang);
  Json parsed = Json::parse(generic), schema;  // schema: parsed with a $comment after its $id
  for (auto& [key, value] : parsed.items()) {
    schema[key] = std::move(value);
    if (key != "$id") continue;
    schema["$comment"] = fmt::format(
        "Erzeugt mit kep schema {} --for-plan für den Plan von {}. Nach Änderungen an Phasen, "
        "Status, Leitthemen, Handlungsfeldern oder Maßnahmen neu erzeugen.",
        which, loaded.plan.municipality);
  }
  schema["title"] = schema["title"].get<std::string>() + " – " + loaded.plan.municipality;
  if (which == "field")
    patch_field_schema(schema, loaded.plan);
  else
    patch_plan_schema(schema, loaded.plan);
  return schema.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

int run_schema(Context& ctx, const SchemaOptions& o) {
  const auto generic = embedded_file("schema/" + o.which + ".schema.json");
  if (!generic) {
    ctx.err << "kep: error: the schema is missing from this build; rebuild kep\n";
    return k_exit_io;
  }
  std::string text(*generic);
  if (o.for_plan) {
    int code = k_exit_ok;
    auto patched = schema_for_plan(ctx, o.which, text, code);
    if (!patched) return code;
    text = std::move(*patched);
  }
  return print_or_write(ctx, o.output, text);
}

}  // namespace

Command schema_command() {
  return Command{
      "schema", "Print the JSON Schema of plan.yaml or of a field file",
      "Examples:\n"
      "  kep schema plan  > plan.schema.json\n"
      "  kep schema field > field.schema.json\n"
      "  kep schema field --for-plan -o schema/field.schema.json\n"
      "                   the plan's own phases and statuses, for editors (docs/plan-format.md)\n",
      [](CLI::App& app) -> Runner {
        auto o = std::make_shared<SchemaOptions>();
        app.add_option("which", o->which, "plan (default) or field")
            ->check(CLI::IsMember({"plan", "field"}));
        app.add_flag("--for-plan", o->for_plan,
                     "Fill in the phases, statuses, themes, fields and measures of --plan");
        app.add_option("-o,--output", o->output,
                       "Write to FILE (atomically: a failed run leaves the old file)");
        return [o](Context& ctx) { return run_schema(ctx, *o); };
      }};
}

}  // namespace kep
