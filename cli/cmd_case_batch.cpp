// `sunlit case batch FILE [--jobs N] [--json]`: many officials' actions from a file, one JSON
// object per line, each its own transaction, made durable together by group commit
// (engine/batch.h). A line's result is printed only once it is on disk.
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/batch.h"
#include "engine/workspace.h"

namespace sunlit::cli {

namespace {

// Options of `case batch`.
struct BatchOptions {
  std::string file;
  int jobs = 16;
  bool json = false;
};

// The file's text (engine/workspace.h reads files for every command), or standard input for "-".
std::optional<std::string> read_all(const std::string& file) {
  if (file != "-") return read_text_file(file, nullptr);
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

std::string where(const CaseView& v) {
  if (v.closed) return "closed: " + v.outcome;
  std::string steps;
  for (const auto& s : v.open) steps += (steps.empty() ? "" : ", ") + s.step;
  return "open steps: " + steps;
}

void print_done(const BatchItem& item, const CaseView& v, bool json) {
  if (json) {
    nlohmann::json open = nlohmann::json::array();
    for (const auto& s : v.open) open.push_back(s.step);
    nlohmann::json j{{"line", item.line}, {"ok", true},      {"case", v.id},        {"version", v.version},
                     {"closed", v.closed}, {"outcome", v.outcome}, {"open", std::move(open)}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (item.open) {
    std::cout << fmt::format("line {}: opened case {} ({} version {}) for {}; {}\n", item.line, v.id, v.power,
                             v.definition_version, v.party, where(v));
  } else {
    std::cout << fmt::format("line {}: case {}: {} by {} (case version {}); {}\n", item.line, v.id, item.cmd.action,
                             item.cmd.official, v.version, where(v));
  }
}

void print_failed(const std::string& file, const BatchItem& item, const CaseError& e, bool json) {
  if (json) {
    nlohmann::json j = error_json(e);  // as every command's --json error, with the line
    j["line"] = item.line;
    j["ok"] = false;
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::cerr << fmt::format("{}:{}: error: {}\n", file, item.line, e.message);
  if (e.refusal()) std::cerr << fmt::format("{}:{}: the refused attempt was recorded in the case history\n", file, item.line);
}

int run_case_batch(const BatchOptions& o) {
  std::optional<std::string> text = read_all(o.file);
  if (!text) {
    std::cerr << fmt::format("sunlit: error: cannot read '{}'\n", o.file);
    return kExitUsage;
  }
  const std::string name = o.file == "-" ? "<stdin>" : o.file;
  BatchParse parsed = parse_batch(*text, name);
  if (!parsed.errors.empty()) {
    for (const auto& e : parsed.errors) std::cerr << e << "\n";
    std::cerr << fmt::format("sunlit: {} malformed line{}; nothing was done\n", parsed.errors.size(),
                             parsed.errors.size() == 1 ? "" : "s");
    return kExitUsage;
  }
  auto s = open_session(Durability::group);
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto& session = std::get<Session>(s);
  auto group = GroupCommit::start(*session.store, *session.clock);
  if (!group) {
    std::cerr << "sunlit: error: " << group.error().message << "\n";
    return kExitIo;
  }
  int done = 0, failed = 0, first_failed_line = 0, code = kExitOk;
  run_batch(**group, parsed.items, o.jobs, [&](const BatchItem& item, const Served<CaseView>& r) {
    if (auto* e = std::get_if<CaseError>(&r)) {
      print_failed(name, item, *e, o.json);
      ++failed;
      if (first_failed_line == 0 || item.line < first_failed_line) {
        first_failed_line = item.line;
        code = exit_code(*e);
      }
      return;
    }
    print_done(item, std::get<CaseView>(r), o.json);
    ++done;
  });
  if (!o.json) std::cout << fmt::format("{} done, {} failed\n", done, failed);
  return code;
}

}  // namespace

CaseSubcommand add_case_batch(CLI::App& case_app) {
  auto o = std::make_shared<BatchOptions>();
  auto* app = case_app.add_subcommand(
      "batch", "many actions from a file (one JSON object per line), made durable together (group commit)");
  app->add_option("file", o->file, "the file, or - for standard input")->required();
  app->add_option("--jobs", o->jobs, "cases handled at once (default 16)")->check(CLI::Range(1, 256));
  app->add_flag("--json", o->json, "one JSON object per line on stdout");
  return {app, [o] { return run_case_batch(*o); }};
}

}  // namespace sunlit::cli
