// What every database command shares: --db/SUNLIT_DB, --now/SUNLIT_NOW, the store, the clock,
// and how errors become messages and exit codes.
//
// Exit codes of the case commands (in addition to 0-3 in commands.h):
//   1  invalid input: unknown case, step, action, official or field; a wrong value; a closed case
//   3  the database cannot be opened or used (not a sunlit database, newer, unreadable)
//   4  refused: the official does not hold the post, or separation of duty forbids it (recorded)
//   5  conflict: the case changed since it was loaded; reload and try again
//   6  busy: the database stayed locked past the bounded wait; try again
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "engine/clock.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "engine/store.h"

namespace sunlit::cli {

inline constexpr int kExitRefused = 4;
inline constexpr int kExitConflict = 5;
inline constexpr int kExitBusy = 6;

// Global options, filled by CLI11 before any command runs.
struct Globals {
  std::string db = "sunlit.db";
  std::string now;  // fixed clock (ISO 8601), empty: the system clock
  bool normal_sync = false;
};
Globals& globals();

// Adds --db, --now and --sync to the top-level app.
void add_global_options(CLI::App& app);

// An open store and the clock, or the exit code after printing why not.
struct Session {
  std::unique_ptr<Store> store;
  std::unique_ptr<Clock> clock;
};
// `durability` overrides --sync-normal (`case batch` opens the store for group commit).
std::variant<Session, int> open_session(std::optional<Durability> durability = std::nullopt);

// Prints an error (text or JSON on stderr/stdout) and returns its exit code.
int report(const CaseError& e, bool json);

// An error kind's name in JSON output ("not_found", "wrong_post", …).
const char* kind_name(CaseError::Kind k);

// An error as `--json` prints it: error (kind_name), message, exit, and recorded for a refusal.
nlohmann::json error_json(const CaseError& e);

// The exit code of an error kind.
int exit_code(const CaseError& e);

// Opens the session and runs `body(CaseService&)`; returns its exit code, or the session's.
template <class F> int with_service(F body) {
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto& session = std::get<Session>(s);
  CaseService service(*session.store, *session.clock);
  return body(service);
}

}  // namespace sunlit::cli
