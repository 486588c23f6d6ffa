#pragma once
// Findings: what is wrong where, with a stable rule id; and their text, JSON and GitHub formats.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kep {

// A file kep read: its path as shown to the user, and its text (for source lines under findings).
struct SourceFile {
  std::string path;
  std::string text;
};

// A place in a source file: 1-based line and column (in characters); 0 means "the whole file".
struct Place {
  std::uint32_t file = 0;  // index into the plan's file table
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t length = 0;  // characters to underline, 0 for just the caret
};

enum class Severity { warning, error };

struct Finding {
  Place place;
  Severity severity = Severity::error;
  std::string rule;     // stable id, documented in docs/rules.md
  std::string message;  // lowercase, no final period, quotes the offending token
};

using Findings = std::vector<Finding>;

// At most this many findings of one file are shown; the rest are left out, and one
// too-many-findings finding at the place of the first of them says how many (docs/rules.md).
inline constexpr std::size_t k_max_findings_per_file = 100;

// Sorts findings by file, line and column, keeping the order of findings at the same place, and
// caps them per file (cap_findings). Every command sorts its findings with this before showing
// them, so that a file with 100,000 bad items gets 101 findings, not 100,000.
void sort_findings(const std::vector<SourceFile>& files, Findings& findings);

// Keeps the first `max_per_file` findings of each file of findings sorted by file and puts one
// too-many-findings finding in place of the rest: an error when any of them is one (so the exit
// code stays 1), else a warning. A too-many-findings finding already there is kept and not
// counted, so capping twice changes nothing.
void cap_findings(Findings& findings, std::size_t max_per_file = k_max_findings_per_file);

bool has_errors(const Findings& findings);

// Rules that mean a file could not be read (exit code 3 rather than 1).
bool is_io_rule(std::string_view rule);

enum class FindingFormat { text, json, github };

struct TextStyle {
  bool color = false;
};

// One finding as text: "file:line:col: error: message [rule]" and, when the place has a line,
// the source line with a caret under the column, as compilers print it.
std::string format_finding_text(const std::vector<SourceFile>& files, const Finding& finding,
                                TextStyle style);

// All findings as a JSON array of {file, line, column, severity, rule, message}.
std::string format_findings_json(const std::vector<SourceFile>& files, const Findings& findings);

// One finding as a GitHub Actions workflow command ("::error file=...,line=...,col=...::...").
std::string format_finding_github(const std::vector<SourceFile>& files, const Finding& finding);

}  // namespace kep
