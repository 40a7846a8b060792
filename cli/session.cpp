#include "cli/session.h"

#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace sunlit::cli {

namespace {

// The wall clock: the only place sunlit reads it.
class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace

const char* kind_name(CaseError::Kind k) {
  switch (k) {
    case CaseError::not_found: return "not_found";
    case CaseError::closed: return "closed";
    case CaseError::unknown_official: return "unknown_official";
    case CaseError::unknown_step: return "unknown_step";
    case CaseError::unknown_action: return "unknown_action";
    case CaseError::ambiguous: return "ambiguous";
    case CaseError::bad_value: return "bad_value";
    case CaseError::cannot_route: return "cannot_route";
    case CaseError::wrong_post: return "wrong_post";
    case CaseError::separation: return "separation";
    case CaseError::conflict: return "conflict";
    case CaseError::busy: return "busy";
    case CaseError::storage: return "storage";
  }
  return "error";
}

Globals& globals() {
  static Globals g;
  return g;
}

void add_global_options(CLI::App& app) {
  app.add_option("--db", globals().db, "the database file (default sunlit.db)")->envname("SUNLIT_DB");
  app.add_option("--now", globals().now, "use this fixed time instead of the clock (ISO 8601, e.g. 2026-03-02T09:00)")
      ->envname("SUNLIT_NOW");
  app.add_flag("--sync-normal", globals().normal_sync,
               "synchronous=NORMAL: faster commits that may lose the last ones on power loss (default FULL)");
}

std::variant<Session, int> open_session(std::optional<Durability> durability) {
  Session s;
  if (globals().now.empty()) {
    s.clock = std::make_unique<SystemClock>();
  } else {
    auto t = parse_instant(globals().now);
    if (!t) {
      std::cerr << fmt::format("sunlit: error: --now '{}' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])\n",
                               globals().now);
      return kExitUsage;
    }
    s.clock = std::make_unique<FixedClock>(*t);
  }
  StoreOptions options;
  if (globals().normal_sync) options.durability = Durability::normal;
  if (durability) options.durability = *durability;
  auto store = Store::open(globals().db, options);
  if (!store) {
    std::cerr << "sunlit: error: " << store.error().message << "\n";
    return store.error().kind == StoreError::busy ? kExitBusy : kExitIo;
  }
  s.store = std::move(*store);
  return s;
}

int exit_code(const CaseError& e) {
  switch (e.kind) {
    case CaseError::wrong_post:
    case CaseError::separation: return kExitRefused;
    case CaseError::conflict: return kExitConflict;
    case CaseError::busy: return kExitBusy;
    case CaseError::storage: return kExitIo;
    default: return kExitInputErrors;
  }
}

nlohmann::json error_json(const CaseError& e) {
  nlohmann::json j{{"error", kind_name(e.kind)}, {"message", e.message}, {"exit", exit_code(e)}};
  if (e.refusal()) j["recorded"] = true;
  return j;
}

int report(const CaseError& e, bool json) {
  int code = exit_code(e);
  if (json) {
    nlohmann::json j = error_json(e);
    // The message may quote what was typed, which need not be UTF-8: replace, never throw.
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cerr << "sunlit: error: " << e.message << "\n";
    if (e.refusal()) std::cerr << "sunlit: the refused attempt was recorded in the case history\n";
  }
  return code;
}

}  // namespace sunlit::cli
