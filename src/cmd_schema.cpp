// kep schema: the JSON Schemas compiled into the binary.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "embedded.h"

namespace kep {

Command schema_command() {
  return Command{"schema", "Print the JSON Schema of plan.yaml or of a field file",
                 "Examples:\n"
                 "  kep schema plan  > plan.schema.json\n"
                 "  kep schema field > field.schema.json\n",
                 [](CLI::App& app) -> Runner {
                   auto which = std::make_shared<std::string>("plan");
                   app.add_option("which", *which, "plan (default) or field")
                       ->check(CLI::IsMember({"plan", "field"}));
                   return [which](Context& ctx) {
                     const auto schema = embedded_file("schema/" + *which + ".schema.json");
                     if (!schema) {
                       ctx.err << "kep: error: the schema is missing from this build\n";
                       return int{k_exit_io};
                     }
                     ctx.out << *schema;
                     return int{k_exit_ok};
                   };
                 }};
}

}  // namespace kep
