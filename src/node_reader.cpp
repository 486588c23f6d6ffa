#include "node_reader.h"

#include <fmt/format.h>

#include <charconv>

#include "suggest.h"

namespace kep {
namespace {

// Where to point for a value of the wrong type: a list or map under a key starts on the next
// line, so point at its key.
// An id made of the allowed characters, as a suggestion: "Phase B" -> "Phase_B".
std::string suggest_id(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (ok)
      out += c;
    else if (c == ' ' && !out.empty() && out.back() != '_')
      out += '_';
  }
  return out.empty() ? "x" : out;
}

Place where(const yaml::Node& node) {
  if ((node.kind == yaml::Kind::sequence || node.kind == yaml::Kind::map) && !node.key.empty())
    return node.key_place;
  return node.place;
}

}  // namespace

void NodeReader::error(const Place& place, std::string rule, std::string message) {
  m_findings.push_back(Finding{place, Severity::error, std::move(rule), std::move(message)});
}

void NodeReader::warning(const Place& place, std::string rule, std::string message) {
  m_findings.push_back(Finding{place, Severity::warning, std::move(rule), std::move(message)});
}

bool NodeReader::map(const yaml::Node& node, std::string_view what,
                     std::initializer_list<std::string_view> known) {
  if (node.refused) return false;
  if (node.kind != yaml::Kind::map) {
    error(where(node), "wrong-type",
          fmt::format("{} must be a map (keys with values), not {}", what, yaml::describe(node)));
    return false;
  }
  for (const auto& item : node.items) {
    if (item.bad_key) continue;  // reported by the YAML reader
    bool found = false;
    for (const auto k : known) found = found || k == item.key;
    if (found) continue;
    std::vector<std::string> candidates(known.begin(), known.end());
    Place place = item.key_place;
    place.length = static_cast<std::uint32_t>(item.key.size());
    error(place, "unknown-key",
          fmt::format("unknown key '{}' in {}{}", item.key, what,
                      did_you_mean(item.key, candidates)));
  }
  return true;
}

bool NodeReader::list(const yaml::Node& node, std::string_view what) {
  if (node.refused) return false;
  if (node.kind == yaml::Kind::sequence) return true;
  error(where(node), "wrong-type",
        fmt::format("{} must be a list (one '- ' per item), not {}", what, yaml::describe(node)));
  return false;
}

const yaml::Node* NodeReader::get(const yaml::Node& map, std::string_view key,
                                  std::string_view owner, bool required) {
  const yaml::Node* node = map.find(key);
  if (!node && required)
    error(map.place, "missing-key", fmt::format("{} has no '{}'; add it", owner, key));
  return node;
}

std::optional<Text> NodeReader::text(const yaml::Node& node, std::string_view what) {
  if (node.refused) return std::nullopt;
  if (node.kind == yaml::Kind::scalar &&
      (node.quoted || yaml::plain_type(node.value) == yaml::ScalarType::text))
    return Text{node.value, node.place};
  if (node.kind == yaml::Kind::scalar) {
    error(where(node), "wrong-type",
          fmt::format("{} must be text, but YAML reads {} as {}; put it in quotes: \"{}\"", what,
                      node.value, yaml::describe(node), node.value));
    return Text{node.value, node.place};  // keep it, so later rules do not cascade
  }
  if (node.kind == yaml::Kind::null) {
    error(where(node), "wrong-type",
          fmt::format("{} is empty; write a value or remove the key", what));
    return std::nullopt;
  }
  error(where(node), "wrong-type",
        fmt::format("{} must be text, not {}", what, yaml::describe(node)));
  return std::nullopt;
}

std::optional<Text> NodeReader::id(const yaml::Node& node, std::string_view what) {
  auto value = text(node, what);
  if (!value) return value;
  const bool ok = !value->value.empty() &&
                  value->value.find_first_not_of(
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                      "vwxyz0123456789_.-") == std::string::npos &&
                  value->value.front() != '.' && value->value.front() != '-';
  if (!ok)
    error(node.place, "bad-value",
          fmt::format("{} '{}' may contain only letters, digits, '_', '.' and '-' (no spaces, "
                      "no umlauts); e.g. '{}'",
                      what, value->value, suggest_id(value->value)));
  return value;
}

std::optional<DateValue> NodeReader::date(const yaml::Node& node, std::string_view what) {
  if (node.refused) return std::nullopt;
  if (node.kind != yaml::Kind::scalar) {
    error(where(node), "wrong-type",
          fmt::format("{} must be a date (YYYY-MM-DD), not {}", what, yaml::describe(node)));
    return std::nullopt;
  }
  const auto parsed = parse_date(node.value);
  if (!parsed) {
    error(node.place, "bad-date",
          fmt::format("{} '{}' is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31", what,
                      node.value));
    return std::nullopt;
  }
  return DateValue{*parsed, node.place};
}

std::optional<long> NodeReader::integer(const yaml::Node& node, std::string_view what, long min,
                                        long max) {
  if (node.refused) return std::nullopt;
  long value = 0;
  const auto& s = node.value;
  const bool is_int =
      node.kind == yaml::Kind::scalar && !node.quoted &&
      yaml::plain_type(s) == yaml::ScalarType::integer &&
      std::from_chars(s.data() + (s[0] == '+' ? 1 : 0), s.data() + s.size(), value).ec ==
          std::errc{};
  if (!is_int) {
    const bool quoted_number = node.kind == yaml::Kind::scalar && node.quoted &&
                               yaml::plain_type(s) == yaml::ScalarType::integer;
    error(where(node), "wrong-type",
          fmt::format("{} must be a whole number, not {}{}{}", what, yaml::describe(node),
                      node.kind == yaml::Kind::scalar ? " '" + s + "'" : "",
                      quoted_number ? "; remove the quotes" : ""));
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node.place, "bad-value",
          fmt::format("{} must be between {} and {}, not {}", what, min, max, value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> NodeReader::boolean(const yaml::Node& node, std::string_view what) {
  if (node.refused) return std::nullopt;
  if (node.kind == yaml::Kind::scalar && !node.quoted &&
      yaml::plain_type(node.value) == yaml::ScalarType::boolean)
    return node.value[0] == 't' || node.value[0] == 'T';
  error(where(node), "wrong-type",
        fmt::format("{} must be true or false, not {}{}", what, yaml::describe(node),
                    node.kind == yaml::Kind::scalar ? " '" + node.value + "'" : ""));
  return std::nullopt;
}

std::vector<Text> NodeReader::text_list(const yaml::Node& node, std::string_view what) {
  std::vector<Text> out;
  if (!list(node, what)) return out;
  for (const auto& item : node.items)
    if (auto value = text(item, fmt::format("an entry of {}", what))) out.push_back(*value);
  return out;
}

std::optional<Text> NodeReader::text_at(const yaml::Node& map, std::string_view key,
                                        std::string_view owner, bool required) {
  const auto* node = get(map, key, owner, required);
  if (!node) return std::nullopt;
  return text(*node, fmt::format("'{}'", key));
}

std::string NodeReader::plain_text_at(const yaml::Node& map, std::string_view key,
                                      std::string_view owner) {
  auto value = text_at(map, key, owner);
  return value ? value->value : std::string();
}

std::optional<DateValue> NodeReader::date_at(const yaml::Node& map, std::string_view key,
                                             std::string_view owner, bool required) {
  const auto* node = get(map, key, owner, required);
  if (!node) return std::nullopt;
  return date(*node, fmt::format("'{}'", key));
}

}  // namespace kep
