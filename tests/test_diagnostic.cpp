#include <doctest/doctest.h>

#include "diagnostic.h"

using namespace kep;

namespace {

const std::vector<SourceFile> k_files = {
    {"plan/fields/04-teilhabe.yaml", "id: \"4\"\nmeasures:\n  - status: in_progres\n"},
    {"plan/plan.yaml", "kep: 1\n"}};

const Finding k_finding{Place{0, 3, 13, 10}, Severity::error, "unknown-status",
                        "unknown status 'in_progres' (did you mean 'in_progress'?)"};

}  // namespace

TEST_CASE("a finding as text shows the place, the source line and a caret") {
  CHECK(format_finding_text(k_files, k_finding, TextStyle{false}) ==
        "plan/fields/04-teilhabe.yaml:3:13: error: unknown status 'in_progres' (did you mean "
        "'in_progress'?) [unknown-status]\n"
        " 3 |   - status: in_progres\n"
        "   |             ^~~~~~~~~~\n");
}

TEST_CASE("a finding about a whole file has no line") {
  const Finding f{Place{1, 0, 0, 0}, Severity::warning, "no-fields", "the plan has no fields"};
  CHECK(format_finding_text(k_files, f, TextStyle{false}) ==
        "plan/plan.yaml: warning: the plan has no fields [no-fields]\n");
}

TEST_CASE("colour only when asked for") {
  const auto text = format_finding_text(k_files, k_finding, TextStyle{true});
  CHECK(text.find("\x1b[1;31merror") != std::string::npos);
  CHECK(format_finding_text(k_files, k_finding, TextStyle{false}).find('\x1b') ==
        std::string::npos);
}

TEST_CASE("findings as JSON") {
  CHECK(format_findings_json(k_files, {k_finding}) ==
        "[\n  {\n    \"file\": \"plan/fields/04-teilhabe.yaml\",\n    \"line\": 3,\n"
        "    \"column\": 13,\n    \"severity\": \"error\",\n    \"rule\": \"unknown-status\",\n"
        "    \"message\": \"unknown status 'in_progres' (did you mean 'in_progress'?)\"\n  }\n]\n");
  CHECK(format_findings_json(k_files, {}) == "[]\n");
}

TEST_CASE("findings as GitHub workflow commands escape their properties") {
  CHECK(format_finding_github(k_files, k_finding) ==
        "::error file=plan/fields/04-teilhabe.yaml,line=3,col=13,title=unknown-status::unknown "
        "status 'in_progres' (did you mean 'in_progress'?) [unknown-status]\n");
  const Finding f{Place{1, 0, 0, 0}, Severity::warning, "x", "50% done,\nnext"};
  CHECK(format_finding_github(k_files, f) ==
        "::warning file=plan/plan.yaml,title=x::50%25 done,%0Anext [x]\n");
}

TEST_CASE("findings sort by file, then line, then column") {
  Findings findings = {Finding{Place{1, 1, 1, 0}, Severity::error, "a", ""},
                       Finding{Place{0, 3, 5, 0}, Severity::error, "b", ""},
                       Finding{Place{0, 1, 9, 0}, Severity::error, "c", ""}};
  sort_findings(k_files, findings);
  CHECK(findings[0].rule == "c");
  CHECK(findings[1].rule == "b");
  CHECK(findings[2].rule == "a");
}
