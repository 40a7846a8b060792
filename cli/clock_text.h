// How the CLI prints the statutory clock: deadlines, time left, cards (case, timers, warnings).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/service.h"

namespace sunlit::cli {

// "2025-10-24 24:00" for a period ending at local midnight, else "2025-10-24 15:30" (local).
std::string format_deadline(Instant due);

// "ends 2025-10-24 24:00 · 3 working days left · yellow card" (+ the estimated mark).
std::string deadline_text(const DeadlineView& d);

// The JSON form of a deadline.
nlohmann::json deadline_json(const DeadlineView& d);

// The JSON form of a raised card.
nlohmann::json warning_json(const WarningView& w);

// A parsed --now style instant option; false (message printed, exit 2 due) if not a time.
bool parse_time_option(const std::string& option, const std::string& text, Instant& out);

}  // namespace sunlit::cli
