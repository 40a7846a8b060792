// Helpers shared by supervision and reports (engine/supervise.cpp, engine/report*.cpp).
//
// Contract: pure lookups on a compiled definition and periods; no store, no clock.
#pragma once

#include <optional>
#include <string>

#include "engine/calendar.h"
#include "engine/compiler.h"
#include "engine/service.h"

namespace sunlit::report_detail {

// Whether `t` lies in [from, to) (unset ends are open).
inline bool in_period(Instant t, std::optional<Instant> from, std::optional<Instant> to) {
  return (!from || t >= *from) && (!to || t < *to);
}

// What a step id names in a definition: its name, owning post and that post's department.
struct StepInfo {
  std::string name, post, department;
  bool timed_out = false;  // the step's limit has a timeout (a legal effect, not an official late)
  std::optional<Period> limit;
};

inline StepInfo step_info(const CompiledProcess& cp, const std::string& step) {
  StepInfo out;
  auto v = cp.vertex(step);
  if (!v) return out;
  if (const Step* st = cp.step(*v)) {
    out.name = st->name;
    out.post = st->post.name;
    out.limit = st->limit;
  }
  out.department = cp.department(*v);
  out.timed_out = cp.timeout_edge(*v).has_value();
  return out;
}

// The department id of a post ("" if the organisation has no such post).
inline std::string department_of_post(const CompiledProcess& cp, const std::string& post) {
  for (const auto& p : cp.organisation().posts)
    if (p.id == post) return p.department;
  return "";
}

// The compiled definition of a stored version, or the error.
inline const CompiledProcess* compiled_of(CaseService& svc, std::int64_t definition_id, std::optional<CaseError>& error) {
  auto r = svc.compiled(definition_id);
  if (auto* e = std::get_if<CaseError>(&r)) {
    error = *e;
    return nullptr;
  }
  return std::get<std::shared_ptr<const CompiledProcess>>(r).get();
}

// Working days from `from` to `to`, the first day not counted; a time ending at 24:00 ended on
// the day before (the same count as replay's time used for working-day limits).
inline std::int64_t working_days(const Calendar& cal, Instant from, Instant to) {
  return cal.workdays_between(local_day(from), local_day(to > from ? to - 1 : to));
}

}  // namespace sunlit::report_detail
