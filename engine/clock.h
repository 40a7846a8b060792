// Time: instants in UTC, the injected clock, and Asia/Shanghai local text.
//
// Contract: nothing in the engine reads the wall clock; every "now" comes from
// a Clock passed in (the CLI gives a system clock, or a fixed one for --now /
// SUNLIT_NOW). Instants are whole seconds since 1970-01-01T00:00:00Z. Local
// time is Asia/Shanghai, UTC+08:00 all year (China has had no DST since 1991).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sunlit {

// Seconds since the Unix epoch, UTC.
using Instant = std::int64_t;

// Asia/Shanghai's offset from UTC, in seconds.
inline constexpr Instant kShanghaiOffset = 8 * 3600;

// The source of "now", injected everywhere time matters.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// A clock stuck at one instant (tests, --now, "what if" runs).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : t_(t) {}
  Instant now() const override { return t_; }
  void set(Instant t) { t_ = t; }

 private:
  Instant t_;
};

// "2026-11-22T18:34:05+08:00" (local, second precision).
std::string format_local(Instant t);
// "2026-11-22T10:34:05Z".
std::string format_utc(Instant t);

// Parses "YYYY-MM-DD" (local midnight), "YYYY-MM-DDTHH:MM[:SS]" (local), or
// either with a "Z" or "+HH:MM"/"-HH:MM" offset. nullopt if not a real instant.
std::optional<Instant> parse_instant(std::string_view text);

}  // namespace sunlit
