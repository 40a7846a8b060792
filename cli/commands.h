// The sunlit subcommands: each registers its options on the CLI11 app and runs.
//
// Exit codes (every command):
//   0  success (check: no errors; warnings allowed)
//   1  the input has errors (check findings, an invalid definition for graph/catalog)
//   2  usage error (unknown option, missing argument, bad --format; CLI11's own parse errors)
//   3  a file, the database or an external tool could not be read, written or run
//   4  refused: not the step's post, or separation of duty (recorded)     (case advance)
//   5  conflict: the case changed since it was loaded; reload            (case advance)
//   6  busy: the database stayed locked past the bounded wait; retry
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace sunlit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitIo = 3;

inline constexpr const char* kVersion = "0.1.0";

// A registered subcommand's action, run after parsing; returns the exit code.
using Command = std::function<int()>;

Command add_check(CLI::App& app);
Command add_graph(CLI::App& app);
Command add_catalog(CLI::App& app);
// Case commands (cli/cmd_case.cpp) and deploy/versions/diff/admin (cli/cmd_deploy.cpp);
// their extra exit codes (4 refused, 5 conflict, 6 busy) are in cli/session.h.
Command add_case(CLI::App& app);
Command add_deploy(CLI::App& app);
// `sunlit audit verify|anchor` (cli/cmd_audit.cpp): exit 7 when a chain does not verify.
Command add_audit(CLI::App& app);
inline constexpr int kExitTampered = 7;
// The statutory clock: timers tick|list, serve, warnings, config set|show (issue 4).
Command add_timers(CLI::App& app);
Command add_serve(CLI::App& app);
Command add_warnings(CLI::App& app);
Command add_config(CLI::App& app);
// `sunlit calendar add|is-workday|between|import|years` (cli/cmd_calendar.cpp, docs/calendar.md).
Command add_calendar(CLI::App& app);

// Issue 5: supervision exceptions, reports, complaints and public disclosure
// (cli/cmd_supervise.cpp, cmd_report.cpp, cmd_complaint.cpp, cmd_publish.cpp).
Command add_supervise(CLI::App& app);
Command add_report(CLI::App& app);
Command add_complaint(CLI::App& app);
Command add_publish(CLI::App& app);

// A subcommand of `case` registered from another file, and what it runs when parsed.
struct CaseSubcommand {
  CLI::App* app = nullptr;
  Command run;
};
// `sunlit case graph` (cli/cmd_case_graph.cpp).
CaseSubcommand add_case_graph(CLI::App& case_app);
// `sunlit case batch` (cli/cmd_case_batch.cpp).
CaseSubcommand add_case_batch(CLI::App& case_app);

// Writes text to `path` ("-" or empty: stdout); false (message on stderr) on failure.
bool write_output(const std::string& path, const std::string& text);

}  // namespace sunlit::cli
