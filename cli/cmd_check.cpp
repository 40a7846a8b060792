// `sunlit check FILE|DIR...`: every finding, then a one-line summary (or --json).
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "engine/workspace.h"

namespace sunlit::cli {

namespace {

// Options of `check`.
struct CheckOptions {
  std::vector<std::string> paths;
  bool json = false;
};

std::string count(size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::string summary(const Workspace& ws) {
  return fmt::format("{} checked: {}, {}\n", count(ws.files.size(), "file", "files"),
                     count(static_cast<size_t>(ws.diags.error_count()), "error", "errors"),
                     count(static_cast<size_t>(ws.diags.warning_count()), "warning", "warnings"));
}

std::string json_report(const Workspace& ws) {
  nlohmann::ordered_json j;
  j["files"] = ws.files;
  j["errors"] = ws.diags.error_count();
  j["warnings"] = ws.diags.warning_count();
  j["diagnostics"] = nlohmann::ordered_json::parse(ws.diags.to_json(), nullptr, false);
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int run_check(const CheckOptions& opts) {
  Workspace ws = load_workspace(opts.paths);
  std::string out = opts.json ? json_report(ws) : ws.diags.render() + summary(ws);
  if (!write_output("-", out)) return kExitIo;
  if (ws.io_errors() > 0) return kExitIo;
  return ws.diags.error_count() > 0 ? kExitInputErrors : kExitOk;
}

}  // namespace

Command add_check(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand("check", "Validate process and organisation files (a directory: its *.yaml)");
  sub->add_option("paths", opts->paths, "FILE or DIR")->required();
  sub->add_flag("--json", opts->json, "Print {files, errors, warnings, diagnostics} as JSON");
  return [opts] { return run_check(*opts); };
}

}  // namespace sunlit::cli
