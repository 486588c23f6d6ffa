#pragma once
// The data a report template sees (docs/templates.md): plan, summary, phases with a timeline,
// fields with their measures and bar geometry, immediate and overdue measures, labels in the
// report's language. `kep report --format json` prints exactly this.

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "command.h"
#include "history.h"
#include "query.h"
#include "summary.h"

namespace kep {

// One point of the burn-up chart: the counts after a commit that changed the plan.
struct HistoryPoint {
  Date date;
  std::size_t total = 0;
  std::size_t done = 0;
};

// What changed since an earlier revision, for the section "Seit dem letzten Bericht".
struct SinceSection {
  std::string from_short;  // the revision's commit
  Date from_date;
  std::vector<Change> changes;
};

struct ReportContext {
  Date today;
  std::string lang;                   // "de" or "en"
  std::optional<std::string> commit;  // the git commit the plan was read from
  std::unordered_map<std::string, Date> last_changed =
      {};                                  // measure id -> the day a commit changed it
  std::vector<HistoryPoint> history = {};  // oldest first; empty without git history
  std::optional<SinceSection> since = std::nullopt;
};

nlohmann::ordered_json report_data(const QueryPlan& query, const Filter& filter,
                                   const std::vector<MeasureFacts>& selected,
                                   const Summary& summary, const ReportContext& context);

// Sets what comes from git in `data` (made by report_data): the commit, each measure's last
// change, the changes since a revision and the burn-up chart, as `context` has them. So the
// rest of the data can be built while the history is read (kep report does).
void add_history_data(nlohmann::ordered_json& data, const QueryPlan& query,
                      const ReportContext& context);

}  // namespace kep
