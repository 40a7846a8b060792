// `sunlit serve`: a long-running timer service on Boost.Asio.
//
// Contract: one thread, one connection. The service sleeps until the earliest pending timer
// (Store::next_due) but never longer than `poll` (default 1 s), so timers that other
// processes add are noticed within a second; when timers are due it fires them through
// CaseService::tick in batches (each timer at its own due instant, in due order, each one a
// committed transaction), so the timers missed while it was down are caught up at start.
// SIGTERM or SIGINT stop it between two transactions: the current one finishes, the
// database is closed by the caller, and run() returns normally. Idle, it runs one indexed
// query per wake-up. "Now" comes from the injected Clock: with a fixed clock time stands
// still, so the service fires what is due at that instant and then only polls.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "engine/clock.h"
#include "engine/store.h"

namespace sunlit {

// How `sunlit serve` runs.
struct ServeOptions {
  std::chrono::milliseconds poll{1000};  // the longest sleep between two looks at the timers
  int batch = 1000;                      // timers fired per tick before looking at signals again
};

// Where the service writes: one line per fired timer (out), problems (err).
struct ServeLog {
  std::function<void(const std::string&)> out;
  std::function<void(const std::string&)> err;
};

// How long to sleep before the next look: until `next` (whole seconds, rounded up to the
// next second boundary of `now`), at most `poll`; `poll` when nothing is pending.
std::chrono::milliseconds serve_delay(std::optional<Instant> next, Instant now, std::chrono::milliseconds poll);

// The timer service over one store.
class Server {
 public:
  Server(Store& store, const Clock& clock, ServeOptions options, ServeLog log)
      : store_(store), clock_(clock), options_(options), log_(std::move(log)) {}

  // Runs until SIGTERM or SIGINT; returns the signal's name ("SIGTERM", "SIGINT").
  std::string run();

  // One wake-up: fires what is due (in batches) and returns how long to sleep.
  std::chrono::milliseconds wake();

  int fired() const { return fired_; }

 private:
  Store& store_;
  const Clock& clock_;
  ServeOptions options_;
  ServeLog log_;
  int fired_ = 0;
};

}  // namespace sunlit
