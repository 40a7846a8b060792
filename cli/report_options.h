// Options shared by `sunlit supervise` and `sunlit report`: a period, an output format, and
// how a report Table is printed.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/clock.h"
#include "engine/report_table.h"

namespace sunlit::cli {

// --from/--to as given, and the output format.
struct PeriodFormat {
  std::string from, to;
  std::string format = "table";  // table | csv | json
  bool json = false;             // --json: the same as --format json
};

// Adds --from, --to (with what they select), --format and --json.
void add_period_format(CLI::App& app, PeriodFormat& o, const std::string& selects);

// The parsed period; false (message printed) if a time is malformed or --from is not before --to.
bool parse_period(const PeriodFormat& o, std::optional<Instant>& from, std::optional<Instant>& to);

// Prints `t` in the chosen format; `footer` follows the table form only.
void print_table(const PeriodFormat& o, const Table& t, const std::string& footer);

}  // namespace sunlit::cli
