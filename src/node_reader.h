#pragma once
// Typed reading of YAML nodes with findings: the checks every key of the format shares (type,
// required, unknown keys with "did you mean"), so load.cpp only says what the format is.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostic.h"
#include "model.h"
#include "yaml_tree.h"

namespace kep {

class NodeReader {
 public:
  explicit NodeReader(Findings& findings) : m_findings(findings) {}

  void error(const Place& place, std::string rule, std::string message);
  void warning(const Place& place, std::string rule, std::string message);

  // Checks that `node` is a map whose keys are all in `known`; `what` names it in messages
  // ("a measure"). False when it is not a map.
  bool map(const yaml::Node& node, std::string_view what,
           std::initializer_list<std::string_view> known);

  // Checks that `node` is a list. False (with a finding) when it is not.
  bool list(const yaml::Node& node, std::string_view what);

  // The value of `key` in `map`; reports missing-key when required and absent.
  const yaml::Node* get(const yaml::Node& map, std::string_view key, std::string_view owner,
                        bool required);

  // Scalar conversions; each reports wrong-type/bad-value at the node and returns nothing.
  std::optional<Text> text(const yaml::Node& node, std::string_view what);
  std::optional<Text> id(const yaml::Node& node, std::string_view what);  // text, no spaces
  std::optional<DateValue> date(const yaml::Node& node, std::string_view what);
  std::optional<long> integer(const yaml::Node& node, std::string_view what, long min, long max);
  std::optional<bool> boolean(const yaml::Node& node, std::string_view what);
  std::vector<Text> text_list(const yaml::Node& node, std::string_view what);

  // Shorthands: the value of `key` converted, or nothing when absent or wrong.
  std::optional<Text> text_at(const yaml::Node& map, std::string_view key, std::string_view owner,
                              bool required = false);
  std::string plain_text_at(const yaml::Node& map, std::string_view key, std::string_view owner);
  std::optional<DateValue> date_at(const yaml::Node& map, std::string_view key,
                                   std::string_view owner, bool required = false);

 private:
  Findings& m_findings;
};

}  // namespace kep
