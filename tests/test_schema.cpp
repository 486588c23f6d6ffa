// kep schema: every key of the embedded schemas is described, and --for-plan fills in the plan's
// own phases, statuses, themes, fields and measures. tests/js/schema-agreement.mjs checks the
// plan's schemas against kep validate with a standard validator.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.h"
#include "embedded.h"
#include "history_fixture.h"

using namespace kep;
using Json = nlohmann::ordered_json;

namespace {

const std::string k_cases = KEP_SOURCE_DIR "/tests/cases/";
const std::string k_shipped = KEP_SOURCE_DIR "/plan";
const std::string k_everything = k_cases + "valid-with-everything/plan";

// Where a subschema lacks a description, or has an enum without a description for each value.
void undescribed(const Json& schema, const std::string& path, std::vector<std::string>& out) {
  if (!schema.is_object()) return;
  if (!schema.contains("description") || !schema["description"].is_string() ||
      schema["description"].get<std::string>().empty())
    out.push_back(path);
  if (schema.contains("enum") && (!schema.contains("enumDescriptions") ||
                                  schema["enumDescriptions"].size() != schema["enum"].size()))
    out.push_back(path + "/enum");
  for (const char* group : {"properties", "definitions"})
    if (schema.contains(group))
      for (const auto& [key, sub] : schema[group].items())
        undescribed(sub, path + "/" + group + "/" + key, out);
  if (schema.contains("items")) undescribed(schema["items"], path + "/items", out);
}

std::vector<std::string> undescribed(const Json& schema) {
  std::vector<std::string> out;
  undescribed(schema, "", out);
  return out;
}

Json embedded(const std::string& which) {
  const auto text = embedded_file("schema/" + which + ".schema.json");
  REQUIRE(text);
  return Json::parse(*text);
}

Json for_plan(const std::string& plan, const std::string& which) {
  const auto run = test::run_kep({"--plan", plan, "schema", which, "--for-plan"});
  REQUIRE(run.err == "");
  REQUIRE(run.code == 0);
  return Json::parse(run.out);
}

const Json& measure_key(const Json& field_schema, const std::string& key) {
  return field_schema["definitions"]["measure"]["properties"][key];
}

}  // namespace

TEST_CASE("schema: every key of the embedded schemas has a description, every enum its values'") {
  for (const std::string which : {"plan", "field"}) {
    CAPTURE(which);
    CHECK(undescribed(embedded(which)) == std::vector<std::string>{});
  }
  // The walk finds what is missing.
  Json broken = embedded("field");
  broken["definitions"]["update"]["properties"]["note"].erase("description");
  broken["definitions"]["measure"]["properties"]["kind"].erase("enumDescriptions");
  CHECK(undescribed(broken) == std::vector<std::string>{"/definitions/measure/properties/kind/enum",
                                                        "/definitions/update/properties/note"});
}

TEST_CASE("schema field --for-plan: the shipped plan's phases, statuses, themes and fields") {
  const Json schema = for_plan(k_shipped, "field");
  CHECK(undescribed(schema) == std::vector<std::string>{});
  CHECK(
      measure_key(schema, "phase").dump() ==
      R"({"$ref":"#/definitions/id","description":"Umsetzungsphase der Maßnahme (Pflicht): eine )"
      R"(der Phasen dieses Plans: A, B, C","enum":["A","B","C"],"enumDescriptions":)"
      R"(["Umsetzungsphase A (2024–2025): Maßnahmen innerhalb der nächsten zwei Jahre",)"
      R"("Umsetzungsphase B (2026–2028): Maßnahmen innerhalb der nächsten drei bis fünf Jahre",)"
      R"("Umsetzungsphase C (2029–2033): Maßnahmen innerhalb der nächsten sechs bis zehn Jahre"]})");
  CHECK(measure_key(schema, "status").dump() ==
        R"({"$ref":"#/definitions/id","description":"Stand der Maßnahme: einer der Status dieses )"
        R"(Plans: planned, in_progress, done, deferred, dropped. Fehlt status, gilt der )"
        R"(Vorgabe-Status planned.","enum":["planned","in_progress","done","deferred","dropped"],)"
        R"("enumDescriptions":["geplant: Vorgabe, wenn status fehlt; Ampel grau",)"
        R"("in Umsetzung: Ampel gelb","umgesetzt: schließt die Maßnahme ab; Ampel grün",)"
        R"("zurückgestellt: braucht eine Notiz, warum; Ampel rot",)"
        R"("entfallen: schließt die Maßnahme ab; braucht eine Notiz, warum; Ampel grau"],)"
        R"("default":"planned"})");
  CHECK(measure_key(schema, "themes")["items"].dump() ==
        R"({"description":"id eines Leitthemas dieses Plans: teilhabe, kulturelle-bildung, )"
        R"(dezentralitaet","type":"string","enum":["teilhabe","kulturelle-bildung",)"
        R"("dezentralitaet"],"enumDescriptions":["Kulturelle Teilhabe","Kulturelle Bildung",)"
        R"("Dezentralität als Chance"]})");
  CHECK(schema["properties"]["id"]["examples"].dump() == R"(["1","2","3","4","5","6","7"])");
  CHECK(schema["definitions"]["update"]["properties"]["status"]["enum"] ==
        measure_key(schema, "status")["enum"]);
  CHECK(schema["title"] == "Kulturentwicklungsplan: Handlungsfeld (fields/*.yaml) – Bergkamen");
  // Everything else is the embedded schema as it is.
  Json rest = schema, generic = embedded("field");
  for (Json* s : {&rest, &generic}) {
    for (const char* key : {"title", "$comment"}) s->erase(key);
    s->at("properties").at("id").erase("examples");
    auto& measure = s->at("definitions").at("measure").at("properties");
    for (const char* key : {"phase", "status", "themes"}) measure.erase(key);
    s->at("definitions").at("update").at("properties").erase("status");
  }
  CHECK(rest == generic);
}

TEST_CASE("schema field --for-plan: a plan's own statuses replace the built-in ones") {
  const Json schema = for_plan(k_everything, "field");
  CHECK(measure_key(schema, "status").dump() ==
        R"({"$ref":"#/definitions/id","description":"Stand der Maßnahme: einer der Status dieses )"
        R"(Plans: open, running, paused, finished. Fehlt status, gilt der Vorgabe-Status open.",)"
        R"("enum":["open","running","paused","finished"],"enumDescriptions":)"
        R"(["offen: Vorgabe, wenn status fehlt; Ampel grau","läuft: Ampel grau",)"
        R"("pausiert: braucht eine Notiz, warum; Ampel grau",)"
        R"("fertig: schließt die Maßnahme ab; Ampel grün"],"default":"open"})");
  // Built-in labels follow --lang (the plan's language when not given).
  const auto en =
      test::run_kep({"--plan", k_shipped, "--lang", "en", "schema", "field", "--for-plan"});
  CHECK(measure_key(Json::parse(en.out), "status")["enumDescriptions"][1] ==
        "in progress: Ampel gelb");
}

TEST_CASE("schema plan --for-plan: immediate names the plan's measures") {
  const Json schema = for_plan(k_everything, "plan");
  CHECK(undescribed(schema) == std::vector<std::string>{});
  CHECK(schema["properties"]["immediate"]["items"].dump() ==
        R"({"$ref":"#/definitions/measureId","description":"id einer Maßnahme dieses Plans in )"
        R"(Anführungszeichen, z. B. \"1.1\"","enum":["1.1","1.2"],"enumDescriptions":)"
        R"(["Erste Maßnahme mit einem langen Titel, der über zwei Zeilen geht",)"
        R"("Zweite Maßnahme"]})");
  CHECK(schema["$comment"] ==
        "Erzeugt mit kep schema plan --for-plan für den Plan von Musterstadt. Nach Änderungen an "
        "Phasen, Status, Leitthemen, Handlungsfeldern oder Maßnahmen neu erzeugen.");
  CHECK(schema.begin().key() == "$schema");
  CHECK(std::next(schema.begin(), 2).key() == "$comment");
}

TEST_CASE("schema --for-plan: errors in plan.yaml stop it, errors in field files do not") {
  // plan.yaml without phases: nothing to offer for phase.
  auto run = test::run_kep(
      {"--plan", k_cases + "bad-value-empty-phases/plan", "schema", "field", "--for-plan"});
  CHECK(run.code == k_exit_plan_errors);
  CHECK(run.out == "");
  CHECK(run.err.find("[bad-value]\n") != std::string::npos);
  CHECK(
      run.err.ends_with("/bad-value-empty-phases/plan' has 1 error; fix it first, then make "
                        "the schema again\n"));

  run = test::run_kep({"--plan", k_cases + "unknown-status/plan", "schema", "field", "--for-plan"});
  CHECK(run.code == k_exit_ok);
  CHECK(run.err ==
        "kep: note: the field files have 2 errors; the schema names the fields and measures kep "
        "could read (kep validate lists the errors)\n");
  CHECK(measure_key(Json::parse(run.out), "status")["enum"].dump() ==
        R"(["planned","in_progress","done","deferred","dropped"])");

  run = test::run_kep({"--plan", k_cases + "no-such-plan", "schema", "field", "--for-plan"});
  CHECK(run.code == k_exit_io);
  CHECK(run.out == "");
  CHECK(run.err.find("there is no plan folder") != std::string::npos);

  // Without --for-plan the plan is not read at all.
  run = test::run_kep({"--plan", k_cases + "no-such-plan", "schema", "field"});
  CHECK(run.code == k_exit_ok);
  CHECK(run.out == *embedded_file("schema/field.schema.json"));
}

TEST_CASE("schema -o: written atomically, only when the schema could be made") {
  test::TempDir tmp;
  const std::string file = tmp.path() + "/field.schema.json";
  auto run = test::run_kep({"--plan", k_shipped, "schema", "field", "--for-plan", "-o", file});
  CHECK(run.code == k_exit_ok);
  CHECK(run.out == "");
  std::ostringstream written;
  written << std::ifstream(file).rdbuf();
  CHECK(written.str() == test::run_kep({"--plan", k_shipped, "schema", "field", "--for-plan"}).out);

  // A plan.yaml with errors leaves the old file as it was.
  run = test::run_kep({"--plan", k_cases + "bad-value-empty-phases/plan", "schema", "field",
                       "--for-plan", "-o", file});
  CHECK(run.code == k_exit_plan_errors);
  std::ostringstream after;
  after << std::ifstream(file).rdbuf();
  CHECK(after.str() == written.str());

  run = test::run_kep({"schema", "plan", "-o", tmp.path() + "/no/such/folder/plan.schema.json"});
  CHECK(run.code == k_exit_io);
  CHECK(run.err.rfind("kep: error: ", 0) == 0);
}
