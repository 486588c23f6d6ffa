#pragma once
// The data a report template sees (docs/templates.md): plan, summary, phases with a timeline,
// fields with their measures and bar geometry, immediate and overdue measures, labels in the
// report's language. `kep report --format json` prints exactly this.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "command.h"
#include "query.h"
#include "summary.h"

namespace kep {

struct ReportContext {
  Date today;
  std::string lang;                   // "de" or "en"
  std::optional<std::string> commit;  // the git commit the plan was read from
};

nlohmann::ordered_json report_data(const QueryPlan& query, const Filter& filter,
                                   const std::vector<MeasureFacts>& selected,
                                   const Summary& summary, const ReportContext& context);

}  // namespace kep
