// The plan format, version 1: YAML trees of plan.yaml and field files -> the model.
// Declared in load.h. Every key the format knows is named here, and only here.

#include <fmt/format.h>

#include <algorithm>

#include "load.h"
#include "node_reader.h"
#include "suggest.h"
#include "yaml_tree.h"

namespace kep {
namespace {

constexpr int k_format_version = 1;

std::optional<yaml::Node> parse_file(const std::string& text, std::uint32_t file,
                                     Findings& findings, std::string_view empty_message) {
  auto parsed = yaml::parse(text, file, {}, empty_message);
  findings.insert(findings.end(), parsed.findings.begin(), parsed.findings.end());
  return std::move(parsed.root);
}

// The title of the plan or of a field: required, and not blank.
std::string required_title(NodeReader& r, const yaml::Node& map, std::string_view owner) {
  const auto* node = r.get(map, "title", owner, true);
  if (!node) return {};
  auto title = r.text(*node, "'title'");
  if (title && title->value.find_first_not_of(" \t\r\n") == std::string::npos)
    r.error(node->place, "missing-title", fmt::format("{} has an empty title; write one", owner));
  return title ? title->value : std::string();
}

void read_phases(NodeReader& r, const yaml::Node& node, Plan& plan) {
  if (!r.list(node, "'phases'")) return;
  if (node.items.empty())
    r.error(node.place, "bad-value", "'phases' is empty; list at least one phase");
  for (const auto& item : node.items) {
    if (!r.map(item, "a phase", {"id", "title", "description", "start", "end"})) continue;
    Phase phase;
    const auto id_node = r.get(item, "id", "a phase", true);
    if (id_node) {
      if (auto id = r.id(*id_node, "phase id")) phase.id = *id;
    }
    phase.title = r.plain_text_at(item, "title", "a phase");
    phase.description = r.plain_text_at(item, "description", "a phase");
    const std::string owner = fmt::format("phase '{}'", phase.id.value);
    phase.start = r.date_at(item, "start", owner, true);
    phase.end = r.date_at(item, "end", owner, true);
    if (phase.id.value.empty()) phase.id.place = item.place;
    plan.phases.push_back(std::move(phase));
  }
}

void read_statuses(NodeReader& r, const yaml::Node& node, Plan& plan) {
  if (!r.list(node, "'statuses'")) return;
  std::vector<Status> statuses;
  for (const auto& item : node.items) {
    if (!r.map(item, "a status",
               {"id", "label", "color", "closes", "default", "requires_note", "ampel"}))
      continue;
    Status status;
    if (const auto id_node = r.get(item, "id", "a status", true)) {
      if (auto id = r.id(*id_node, "status id")) status.id = *id;
    }
    status.label = r.plain_text_at(item, "label", "a status");
    if (status.label.empty()) status.label = status.id.value;
    if (const auto color = r.text_at(item, "color", "a status")) {
      const auto& c = color->value;
      const bool ok = c.size() == 7 && c[0] == '#' &&
                      c.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
      if (ok) {
        status.color = c;
      } else {
        r.error(color->place, "bad-value",
                fmt::format("colour '{}' must be written as #rrggbb, e.g. \"#15803d\"", c));
      }
    }
    if (status.color.empty()) status.color = "#6b7280";
    if (const auto* n = item.find("closes"))
      status.closes = r.boolean(*n, "'closes'").value_or(false);
    if (const auto* n = item.find("default"))
      status.is_default = r.boolean(*n, "'default'").value_or(false);
    status.ampel = status.closes ? Ampel::green : Ampel::grey;
    if (const auto ampel = r.text_at(item, "ampel", "a status")) {
      static const std::vector<std::string> k_lights = {"green", "yellow", "red", "grey"};
      const auto it = std::find(k_lights.begin(), k_lights.end(), ampel->value);
      if (it != k_lights.end()) {
        status.ampel = static_cast<Ampel>(it - k_lights.begin());
      } else {
        r.error(ampel->place, "bad-value",
                fmt::format("ampel '{}' is not known; write green, yellow, red or grey{}",
                            ampel->value, did_you_mean(ampel->value, k_lights)));
      }
    }
    if (const auto* n = item.find("requires_note"))
      status.requires_note = r.boolean(*n, "'requires_note'").value_or(false);
    statuses.push_back(std::move(status));
  }
  if (statuses.empty()) {
    r.error(node.place, "bad-value",
            "'statuses' is empty; list at least one status, or remove "
            "the key to use the built-in statuses");
    return;
  }
  if (std::none_of(statuses.begin(), statuses.end(), [](const Status& s) { return s.is_default; }))
    statuses.front().is_default = true;
  plan.statuses = std::move(statuses);
  plan.statuses_built_in = false;
}

std::vector<Theme> read_themes(NodeReader& r, const yaml::Node& node, std::string_view what) {
  std::vector<Theme> themes;
  if (!r.list(node, fmt::format("'{}'", what))) return themes;
  const std::string one = what == "themes" ? "a theme" : "a section";
  for (const auto& item : node.items) {
    if (!r.map(item, one, {"id", "title", "text"})) continue;
    Theme theme;
    if (const auto id_node = r.get(item, "id", one, true)) {
      if (auto id = r.id(*id_node, what == "themes" ? "theme id" : "section id")) theme.id = *id;
    }
    theme.title = r.plain_text_at(item, "title", one);
    theme.text = r.plain_text_at(item, "text", one);
    themes.push_back(std::move(theme));
  }
  return themes;
}

void read_declares(NodeReader& r, const yaml::Node& node, Document& document) {
  if (!r.list(node, "'declares'")) return;
  for (const auto& item : node.items) {
    if (!r.map(item, "a declaration", {"quote", "fields", "measures", "immediate"})) continue;
    Declaration d;
    d.place = item.place;
    d.quote = r.plain_text_at(item, "quote", "a declaration");
    r.get(item, "quote", "a declaration", true);
    auto count = [&](std::string_view key, std::optional<int>& value, Place& place) {
      if (const auto* n = item.find(key)) {
        if (auto v = r.integer(*n, fmt::format("'{}'", key), 0, 1000000)) {
          value = static_cast<int>(*v);
          place = n->place;
        }
      }
    };
    count("fields", d.fields, d.fields_place);
    count("measures", d.measures, d.measures_place);
    count("immediate", d.immediate, d.immediate_place);
    document.declares.push_back(std::move(d));
  }
}

void read_document(NodeReader& r, const yaml::Node& node, Document& document) {
  if (!r.map(node, "'document'",
             {"title", "date", "prepared_by", "authors", "presented", "declares"}))
    return;
  document.title = r.plain_text_at(node, "title", "'document'");
  document.date = r.date_at(node, "date", "'document'");
  document.prepared_by = r.plain_text_at(node, "prepared_by", "'document'");
  if (const auto* n = node.find("authors"))
    for (auto& author : r.text_list(*n, "'authors'")) document.authors.push_back(author.value);
  if (const auto* n = node.find("presented")) {
    if (r.map(*n, "'presented'", {"body", "date"})) {
      document.presented_body = r.plain_text_at(*n, "body", "'presented'");
      document.presented_date = r.date_at(*n, "date", "'presented'");
    }
  }
  if (const auto* n = node.find("declares")) read_declares(r, *n, document);
}

void read_period(NodeReader& r, const yaml::Node& node, Plan& plan) {
  if (!r.map(node, "'period'", {"start", "end", "description"})) return;
  plan.period_start = r.date_at(node, "start", "'period'");
  plan.period_end = r.date_at(node, "end", "'period'");
  plan.period_description = r.plain_text_at(node, "description", "'period'");
}

Update read_update(NodeReader& r, const yaml::Node& item) {
  Update update;
  update.place = item.place;
  update.date = r.date_at(item, "date", "an update", true);
  if (const auto* n = item.find("status")) update.status = r.id(*n, "the update's status");
  update.note = r.plain_text_at(item, "note", "an update");
  update.ref = r.plain_text_at(item, "ref", "an update");
  return update;
}

Measure read_measure(NodeReader& r, const yaml::Node& item, const Plan& plan) {
  Measure m;
  m.place = item.place;
  if (const auto* n = r.get(item, "id", "a measure", true)) {
    if (auto id = r.text(*n, "measure id")) m.id = *id;
  }
  if (m.id.value.empty()) m.id.place = item.place;
  const std::string owner =
      m.id.value.empty() ? "a measure" : fmt::format("measure {}", m.id.value);
  // A missing or blank title has its own rule: the title is what a committee reads.
  const auto* title_node = item.find("title");
  const std::string no_title =
      fmt::format("{} has no title; add 'title:' with the document's wording", owner);
  m.title.place = title_node ? title_node->place : item.place;
  if (!title_node || (title_node->kind == yaml::Kind::null && !title_node->refused)) {
    r.error(m.title.place, "missing-title", no_title);
  } else if (auto title = r.text(*title_node, "'title'")) {  // other types: wrong-type
    m.title = *title;
    if (m.title.value.find_first_not_of(" \t\r\n") == std::string::npos)
      r.error(m.title.place, "missing-title", no_title);
  }
  if (const auto* n = r.get(item, "phase", owner, true)) {
    if (auto phase = r.id(*n, "phase")) m.phase = *phase;
  }
  if (const auto* n = item.find("status")) {
    if (auto status = r.id(*n, "status")) {
      m.status = *status;
      m.status_given = true;
    }
  }
  if (!m.status_given) m.status = Text{plan.default_status().id.value, item.place};
  if (const auto* n = item.find("kind")) {
    if (auto kind = r.text(*n, "'kind'")) {
      if (kind->value == "continuous") {
        m.kind = MeasureKind::continuous;
      } else if (kind->value != "project") {
        r.error(kind->place, "bad-value",
                fmt::format("kind '{}' is not known; write 'project' or 'continuous'{}",
                            kind->value, did_you_mean(kind->value, {"project", "continuous"})));
      }
    }
  }
  if (auto lead = r.text_at(item, "lead", owner)) {
    m.lead = *lead;
  } else {
    m.lead = Text{plan.lead, item.place};
  }
  if (const auto* n = item.find("partners")) m.partners = r.text_list(*n, "'partners'");
  if (const auto* n = item.find("themes")) m.themes = r.text_list(*n, "'themes'");
  if (const auto* n = item.find("tags")) m.tags = r.text_list(*n, "'tags'");
  m.due = r.date_at(item, "due", owner);
  if (const auto* n = item.find("progress")) {
    if (auto p = r.integer(*n, "'progress'", 0, 100)) m.progress = static_cast<int>(*p);
  }
  m.note = r.plain_text_at(item, "note", owner);
  if (const auto* n = item.find("updates")) {
    if (r.list(*n, "'updates'")) {
      for (const auto& u : n->items)
        if (r.map(u, "an update", {"date", "status", "note", "ref"}))
          m.updates.push_back(read_update(r, u));
    }
  }
  return m;
}

}  // namespace

void read_plan_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings) {
  const auto root = parse_file(
      text, file, findings,
      "plan.yaml is empty; it needs at least 'kep', 'title', 'municipality', 'language' and "
      "'phases' (see docs/plan-format.md)");
  if (!root) return;
  NodeReader r(findings);
  if (!r.map(*root, "plan.yaml",
             {"kep", "title", "subtitle", "municipality", "language", "lead", "document", "period",
              "phases", "statuses", "themes", "sections", "immediate"}))
    return;
  if (const auto* n = r.get(*root, "kep", "plan.yaml", true)) {
    if (auto version = r.integer(*n, "the format version 'kep'", 0, 1000000)) {
      plan.format = static_cast<int>(*version);
      if (*version != k_format_version)
        r.error(n->place, "format-version",
                fmt::format("this kep reads format version {}, but the plan is version {}; use a "
                            "kep that knows it, or write 'kep: {}'",
                            k_format_version, *version, k_format_version));
    }
  }
  plan.title = required_title(r, *root, "plan.yaml");
  plan.subtitle = r.plain_text_at(*root, "subtitle", "plan.yaml");
  plan.municipality = r.plain_text_at(*root, "municipality", "plan.yaml");
  r.get(*root, "municipality", "plan.yaml", true);
  if (const auto* n = r.get(*root, "language", "plan.yaml", true)) {
    if (auto language = r.text(*n, "'language'")) {
      if (language->value == "de" || language->value == "en") {
        plan.language = language->value;
      } else {
        r.error(language->place, "bad-value",
                fmt::format("language '{}' is not supported; write 'de' or 'en'", language->value));
      }
    }
  }
  plan.statuses = built_in_statuses(plan.language);
  plan.lead = r.plain_text_at(*root, "lead", "plan.yaml");
  if (const auto* n = root->find("document")) read_document(r, *n, plan.document);
  if (const auto* n = root->find("period")) read_period(r, *n, plan);
  if (const auto* n = r.get(*root, "phases", "plan.yaml", true)) read_phases(r, *n, plan);
  if (const auto* n = root->find("statuses")) read_statuses(r, *n, plan);
  if (const auto* n = root->find("themes")) plan.themes = read_themes(r, *n, "themes");
  if (const auto* n = root->find("sections")) plan.sections = read_themes(r, *n, "sections");
  if (const auto* n = root->find("immediate")) plan.immediate = r.text_list(*n, "'immediate'");
}

yaml::ParseResult parse_field_file(std::string_view text, std::uint32_t file,
                                   yaml::PieceCache* pieces) {
  constexpr std::string_view k_empty =
      "the field file is empty; a field needs 'id', 'title' and 'measures', or delete the file";
  if (pieces) return yaml::parse_pieces(text, file, {}, k_empty, "measures", pieces);
  return yaml::parse(text, file, {}, k_empty);
}

void read_field_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings,
                     yaml::PieceCache* pieces) {
  if (auto field = read_field(parse_field_file(text, file, pieces), file, plan, findings))
    add_field(plan, std::move(*field));
}

void add_field(Plan& plan, Field field) {
  for (auto& m : field.measures) m.field = plan.fields.size();
  plan.fields.push_back(std::move(field));
}

std::optional<Field> read_field(yaml::ParseResult parsed, std::uint32_t file, const Plan& plan,
                                Findings& findings) {
  findings.insert(findings.end(), parsed.findings.begin(), parsed.findings.end());
  const auto& root = parsed.root;
  if (!root) return std::nullopt;
  NodeReader r(findings);
  if (root->kind != yaml::Kind::map || (!root->find("measures") && !root->find("id")) ||
      root->find("kep")) {
    r.error(root->place, "not-a-field",
            "this file in fields/ is not a field of action: a field has 'id', 'title' and "
            "'measures'; move the file out of fields/");
    return std::nullopt;
  }
  r.map(*root, "a field", {"id", "title", "intro", "measures"});
  Field field;
  field.file = file;
  if (const auto* n = r.get(*root, "id", "the field", true)) {
    // A number, written plain (4) or as text ("4").
    const bool plain_number = n->kind == yaml::Kind::scalar && !n->quoted &&
                              yaml::plain_type(n->value) == yaml::ScalarType::integer;
    std::optional<Text> id =
        plain_number ? std::optional<Text>(Text{n->value, n->place}) : r.text(*n, "field id");
    if (id && id->value.find_first_not_of("0123456789") == std::string::npos &&
        !id->value.empty()) {
      field.id = *id;
    } else if (id) {
      r.error(id->place, "bad-value",
              fmt::format("field id '{}' must be the field's number, e.g. \"4\"", id->value));
      field.id = *id;
    }
  }
  if (field.id.value.empty()) field.id.place = root->place;
  const std::string owner = fmt::format("field {}", field.id.value);
  field.title = required_title(r, *root, owner);
  field.intro = r.plain_text_at(*root, "intro", owner);
  if (const auto* n = r.get(*root, "measures", owner, true)) {
    if (r.list(*n, "'measures'")) {
      for (const auto& item : n->items) {
        if (!r.map(item, "a measure",
                   {"id", "title", "phase", "status", "kind", "lead", "partners", "themes", "tags",
                    "due", "progress", "note", "updates"}))
          continue;
        field.measures.push_back(read_measure(r, item, plan));
      }
    }
  }
  return field;
}

}  // namespace kep
