// `sunlit publish [--since T] [--format json|csv] [-o FILE]`: what the disclosure rules allow the
// public to see, personal data masked, confidential powers never present (issue 5,
// docs/publish.md). Exit codes: 0 ok, 2 usage (bad --since or --format), 3 database or file.
#include <iostream>

#include "cli/clock_text.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "engine/publish.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

// Options of `sunlit publish`.
struct PublishOptions {
  std::string since, format = "json", output;
};

int run_publish(const PublishOptions& o) {
  std::optional<Instant> since;
  if (!o.since.empty()) {
    Instant t = 0;
    if (!parse_time_option("--since", o.since, t)) return kExitUsage;
    since = t;
  }
  return with_service([&](CaseService& svc) {
    auto r = svc.publish(since);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, false);
    const auto& p = std::get<Publication>(r);
    std::string text = o.format == "csv" ? publication_csv(p) : publication_json(p).dump(2) + "\n";
    return write_output(o.output, text) ? kExitOk : kExitIo;
  });
}

}  // namespace

Command add_publish(CLI::App& app) {
  auto o = std::make_shared<PublishOptions>();
  auto* c = app.add_subcommand("publish", "export what the disclosure rules allow, personal data masked");
  c->add_option("--since", o->since, "only results at or after this time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
  c->add_option("--format", o->format, "json (default) or csv")->check(CLI::IsMember({"json", "csv"}));
  c->add_option("-o,--output", o->output, "write to this file instead of stdout");
  return [o]() { return run_publish(*o); };
}

}  // namespace sunlit::cli
