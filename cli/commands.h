// The sunlit subcommands: each registers its options on the CLI11 app and runs.
//
// Exit codes (every command):
//   0  success (check: no errors; warnings allowed)
//   1  the input has errors (check findings, an invalid definition for graph/catalog)
//   2  usage error (unknown option, missing argument, bad --format; CLI11's own parse errors)
//   3  a file or external tool could not be read, written or run (unreadable path, `dot` missing)
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

// Writes text to `path` ("-" or empty: stdout); false (message on stderr) on failure.
bool write_output(const std::string& path, const std::string& text);

}  // namespace sunlit::cli
