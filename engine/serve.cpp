#include "engine/serve.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

#include "engine/service.h"

namespace sunlit {

std::chrono::milliseconds serve_delay(std::optional<Instant> next, Instant now, std::chrono::milliseconds poll) {
  if (!next) return poll;
  if (*next <= now) return std::chrono::milliseconds(0);
  auto until = std::chrono::seconds(*next - now);
  return until < poll ? std::chrono::duration_cast<std::chrono::milliseconds>(until) : poll;
}

std::chrono::milliseconds Server::wake() {
  const Instant now = clock_.now();
  auto next = store_.next_due();
  if (!next) {
    log_.err(next.error().message);
    return options_.poll;
  }
  if (!*next || **next > now) return serve_delay(*next, now, options_.poll);
  // Something is due: a fresh service, so settings and calendars changed by others count.
  CaseService service(store_, clock_);
  auto r = service.tick(now, options_.batch);
  if (auto* e = std::get_if<CaseError>(&r)) {
    log_.err(e->message);
    return options_.poll;
  }
  const auto& report = std::get<TickReport>(r);
  for (const auto& line : report.lines) log_.out(line);
  fired_ += report.fired;
  if (report.fired + report.raced >= options_.batch) return std::chrono::milliseconds(0);  // more may be due
  auto delay = serve_delay(report.next_due, now, options_.poll);
  // A timer that stays due (its effect failed) is retried at the poll interval, not in a loop.
  return delay.count() == 0 ? options_.poll : delay;
}

std::string Server::run() {
  boost::asio::io_context io;
  boost::asio::steady_timer timer(io);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::string stopped_by;
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    stopped_by = signal == SIGINT ? "SIGINT" : "SIGTERM";
    timer.cancel();
    io.stop();
  });
  std::function<void()> look = [&] {
    if (!stopped_by.empty()) return;
    timer.expires_after(wake());
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) look();
    });
  };
  look();
  io.run();
  return stopped_by;
}

}  // namespace sunlit
