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
constexpr std::string_view k_empty_field =
    "the field file is empty; a field needs 'id', 'title' and 'measures', or delete the file";

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

// A measure item of a field's list: checked to be a map of known keys, then read.
std::optional<Measure> read_measure_item(NodeReader& r, const yaml::Node& item, const Plan& plan) {
  if (!r.map(item, "a measure",
             {"id", "title", "phase", "status", "kind", "lead", "partners", "themes", "tags", "due",
              "progress", "note", "updates"}))
    return std::nullopt;
  return read_measure(r, item, plan);
}

// What read_measure takes from the plan, as FieldCache's key: the lead and the default status.
std::string measure_defaults(const Plan& plan) {
  return plan.lead + '\n' + plan.default_status().id.value;
}

// Places never set (line 0: a key the item does not have) stay as they are.
void relocate(Place& place, std::uint32_t file, std::uint32_t lines_before) {
  if (place.line == 0) return;
  place.file = file;
  place.line += lines_before;
}

void relocate(Text& text, std::uint32_t file, std::uint32_t lines_before) {
  relocate(text.place, file, lines_before);
}

void relocate(std::optional<DateValue>& date, std::uint32_t file, std::uint32_t lines_before) {
  if (date) relocate(date->place, file, lines_before);
}

// Moves a measure read from a piece (FieldCache) to its place in the file: every Place it holds.
void relocate(Measure& m, std::uint32_t file, std::uint32_t lines_before) {
#if defined(__x86_64__) && defined(__GLIBCXX__)
  // A reminder: a new member of Measure or Update that holds a Place must be moved here too.
  static_assert(sizeof(Measure) == 440 && sizeof(Update) == 168, "relocate the new member");
#endif
  for (Text* t : {&m.id, &m.title, &m.phase, &m.status, &m.lead}) relocate(*t, file, lines_before);
  for (auto* list : {&m.partners, &m.themes, &m.tags})
    for (auto& t : *list) relocate(t, file, lines_before);
  relocate(m.due, file, lines_before);
  for (auto& u : m.updates) {
    relocate(u.date, file, lines_before);
    if (u.status) relocate(*u.status, file, lines_before);
    relocate(u.place, file, lines_before);
  }
  relocate(m.place, file, lines_before);
}

// The field's own keys of a field file's root: checked, read into `field`. The list of measures
// to read, or nullptr when there is none (it is reported) or the file is no field (then `field`
// is not to be used).
const yaml::Node* read_field_keys(NodeReader& r, const yaml::Node& root, std::uint32_t file,
                                  Field& field, bool& is_field) {
  is_field = false;
  if (root.kind != yaml::Kind::map || (!root.find("measures") && !root.find("id")) ||
      root.find("kep")) {
    r.error(root.place, "not-a-field",
            "this file in fields/ is not a field of action: a field has 'id', 'title' and "
            "'measures'; move the file out of fields/");
    return nullptr;
  }
  is_field = true;
  r.map(root, "a field", {"id", "title", "intro", "measures"});
  field.file = file;
  if (const auto* n = r.get(root, "id", "the field", true)) {
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
  if (field.id.value.empty()) field.id.place = root.place;
  const std::string owner = fmt::format("field {}", field.id.value);
  field.title = required_title(r, root, owner);
  field.intro = r.plain_text_at(root, "intro", owner);
  const auto* n = r.get(root, "measures", owner, true);
  return n && r.list(*n, "'measures'") ? n : nullptr;
}

// A cut field file's head (a map whose last key is 'measures', without value) at its place in the
// file, 'measures' made an empty list for read_field_keys (the measures are read from the cut's
// items); the list's place is the first item's '-'.
yaml::Node head_in_file(yaml::Node head, const yaml::Cut& cut, std::uint32_t file) {
  yaml::relocate(head, file, 0);
  yaml::Node& list = head.items.back();
  list.kind = yaml::Kind::sequence;
  list.place = Place{file, cut.lines_before.front() + 1, cut.indent + 1, 1};
  return head;
}

// Reads the measures of a field file's cut into `cache` where most are not there yet (the first
// version of a file): the file parsed whole, each item read from its subtree; the cache's entry
// of each item. Nothing when the file's tree does not match the cut item for item or has
// findings: then it is read without the cache, as before.
std::optional<std::vector<const FieldCache::Entry*>> add_whole_file(std::string_view text,
                                                                    const yaml::Cut& cut,
                                                                    const Plan& plan,
                                                                    const std::string& defaults,
                                                                    FieldCache& cache) {
  auto parsed = yaml::parse(text, 0, {}, k_empty_field);
  if (!parsed.findings.empty() || !parsed.root || parsed.root->kind != yaml::Kind::map ||
      parsed.root->items.empty())
    return std::nullopt;
  yaml::Node& list = parsed.root->items.back();
  if (list.key != "measures" || list.kind != yaml::Kind::sequence ||
      list.items.size() != cut.items.size())
    return std::nullopt;
  std::vector<std::pair<std::string_view, FieldCache::Entry>> entries;
  entries.reserve(cut.items.size());
  for (std::size_t i = 0; i < cut.items.size(); ++i) {
    yaml::Node& item = list.items[i];
    if (item.place.line != cut.lines_before[i] + 1) return std::nullopt;  // "-" alone on its line
    yaml::relocate(item, 0, 0u - cut.lines_before[i]);                    // to the item's own lines
    FieldCache::Entry entry;
    NodeReader r(entry.findings);
    entry.measure = read_measure_item(r, item, plan);
    entries.emplace_back(cut.items[i], std::move(entry));
  }
  return cache.add(defaults, std::move(entries));
}

}  // namespace

// Each measure item read once for all versions of its file, its findings moved to their place in
// this one. False when the file cannot be cut into pieces that stand for it (yaml::cut_items,
// parse_head, parse_item, add_whole_file).
bool read_field_shared(std::string_view text, std::uint32_t file, const Plan& plan,
                       Findings& findings, FieldCache& cache, std::optional<SharedField>& field,
                       std::span<const FieldCache::Entry* const> previous) {
  const yaml::Limits limits;
  const auto cut = yaml::cut_items(text, limits, "measures");
  if (!cut) return false;
  auto head = yaml::parse_head(cut->head, limits, k_empty_field, "measures");
  if (!head) return false;
  const std::string defaults = measure_defaults(plan);
  // Items at their place in the previous version are taken from there, the others looked up.
  std::vector<const FieldCache::Entry*> entries(cut->items.size(), nullptr);
  std::vector<std::string_view> other;
  std::vector<std::size_t> other_at;
  for (std::size_t i = 0; i < cut->items.size(); ++i) {
    const FieldCache::Entry* before = i < previous.size() ? previous[i] : nullptr;
    if (before && before->text == cut->items[i] && before->defaults == defaults) {
      entries[i] = before;
    } else {
      other.push_back(cut->items[i]);
      other_at.push_back(i);
    }
  }
  if (!other.empty()) {
    const auto found = cache.find(defaults, other);
    for (std::size_t k = 0; k < other_at.size(); ++k) entries[other_at[k]] = found[k];
  }
  const auto missing =
      static_cast<std::size_t>(std::count(entries.begin(), entries.end(), nullptr));
  if (missing * 2 > entries.size()) {
    auto added = add_whole_file(text, *cut, plan, defaults, cache);
    if (!added) return false;
    entries = std::move(*added);
  } else if (missing > 0) {
    std::vector<std::pair<std::string_view, FieldCache::Entry>> read;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i]) continue;
      auto tree = yaml::parse_item(cut->items[i], i + 1 == entries.size(), limits, k_empty_field);
      if (!tree) return false;
      FieldCache::Entry entry;
      NodeReader r(entry.findings);
      entry.measure = read_measure_item(r, tree->items.front(), plan);
      read.emplace_back(cut->items[i], std::move(entry));
      where.push_back(i);
    }
    const auto added = cache.add(defaults, std::move(read));
    for (std::size_t k = 0; k < where.size(); ++k) entries[where[k]] = added[k];
  }
  NodeReader r(findings);
  SharedField out;
  bool is_field = false;
  const yaml::Node root = head_in_file(std::move(*head), *cut, file);
  const yaml::Node* list = read_field_keys(r, root, file, out.field, is_field);
  if (is_field && list) {
    out.items = entries;
    out.measures.reserve(entries.size());
    out.lines_before.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::uint32_t lines_before = cut->lines_before[i];
      for (const auto& f : entries[i]->findings) {
        findings.push_back(f);
        relocate(findings.back().place, file, lines_before);
      }
      if (entries[i]->measure) {
        out.measures.push_back(&*entries[i]->measure);
        out.lines_before.push_back(lines_before);
      }
    }
  }
  if (is_field) field = std::move(out);
  return true;
}

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

yaml::ParseResult parse_field_file(std::string_view text, std::uint32_t file) {
  return yaml::parse(text, file, {}, k_empty_field);
}

std::vector<const FieldCache::Entry*> FieldCache::find(
    const std::string& defaults, const std::vector<std::string_view>& items) const {
  std::vector<const Entry*> out(items.size(), nullptr);
  const std::lock_guard lock(m_mutex);
  const auto entries = m_entries.find(defaults);
  if (entries == m_entries.end()) return out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto it = entries->second.find(items[i]);
    if (it != entries->second.end()) out[i] = &it->second;
  }
  return out;
}

std::vector<const FieldCache::Entry*> FieldCache::add(
    const std::string& defaults, std::vector<std::pair<std::string_view, Entry>> entries) {
  std::vector<const Entry*> out;
  out.reserve(entries.size());
  const std::lock_guard lock(m_mutex);
  const auto shelf = m_entries.try_emplace(defaults).first;
  for (auto& [item, entry] : entries) {
    const auto [it, added] = shelf->second.try_emplace(std::string(item), std::move(entry));
    if (added) {
      it->second.text = it->first;
      it->second.defaults = shelf->first;
    }
    out.push_back(&it->second);
  }
  return out;
}

std::size_t FieldCache::size() const {
  const std::lock_guard lock(m_mutex);
  std::size_t n = 0;
  for (const auto& [defaults, entries] : m_entries) n += entries.size();
  return n;
}

void read_field_file(const std::string& text, std::uint32_t file, Plan& plan, Findings& findings,
                     FieldCache* cache) {
  if (auto field = read_field_text(text, file, plan, findings, cache))
    add_field(plan, std::move(*field));
}

std::optional<Field> read_field_text(std::string_view text, std::uint32_t file, const Plan& plan,
                                     Findings& findings, FieldCache* cache) {
  std::optional<SharedField> shared;
  if (cache && read_field_shared(text, file, plan, findings, *cache, shared))
    return shared ? std::optional<Field>(whole_field(*shared)) : std::nullopt;
  return read_field(parse_field_file(text, file), file, plan, findings);
}

Measure measure_in_file(const Measure& cached, std::uint32_t file, std::uint32_t lines_before) {
  Measure m = cached;
  relocate(m, file, lines_before);
  return m;
}

Field whole_field(const SharedField& shared) {
  Field out = shared.field;
  out.measures.reserve(shared.measures.size());
  for (std::size_t i = 0; i < shared.measures.size(); ++i)
    out.measures.push_back(measure_in_file(*shared.measures[i], out.file, shared.lines_before[i]));
  return out;
}

void add_field(Plan& plan, Field field) {
  for (auto& m : field.measures) m.field = plan.fields.size();
  plan.fields.push_back(std::move(field));
}

std::optional<Field> read_field(yaml::ParseResult parsed, std::uint32_t file, const Plan& plan,
                                Findings& findings) {
  findings.insert(findings.end(), parsed.findings.begin(), parsed.findings.end());
  if (!parsed.root) return std::nullopt;
  NodeReader r(findings);
  Field field;
  bool is_field = false;
  const yaml::Node* list = read_field_keys(r, *parsed.root, file, field, is_field);
  if (!is_field) return std::nullopt;
  if (list)
    for (const auto& item : list->items)
      if (auto m = read_measure_item(r, item, plan)) field.measures.push_back(std::move(*m));
  return field;
}

}  // namespace kep
