// The party's rights and remedies in the service (issue 5 item 4, docs/clock.md "Rights and
// remedies"): recording a right's use (a refused use is recorded like every refusal) and the
// notice of a closed case's decision (告知书) with each remedy's body and deadline.
#include <fmt/format.h>

#include "engine/calendar.h"
#include "engine/compiler.h"
#include "engine/service.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

// The Chinese name of a right kind, for the notice.
const char* right_name(const std::string& kind) {
  if (kind == "reasons") return "知悉理由 the right to be told the reasons";
  if (kind == "statement") return "陈述 statement";
  if (kind == "defence") return "申辩 defence";
  if (kind == "statement_and_defence") return "陈述、申辩 statement and defence";
  if (kind == "hearing") return "要求听证 hearing";
  if (kind == "information") return "知情 information";
  return "其他权利 other right";
}

// What applying to a channel is called, in Chinese and English.
std::pair<const char*, const char*> remedy_words(const std::string& kind) {
  if (kind == "reconsideration") return {"申请行政复议", "apply for administrative reconsideration"};
  if (kind == "litigation") return {"提起行政诉讼", "bring an administrative lawsuit"};
  if (kind == "petition") return {"提出信访事项", "submit a petition"};
  if (kind == "hotline") return {"投诉", "complain"};
  if (kind == "supervision") return {"检举、控告", "report it"};
  return {"寻求救济", "seek a remedy"};
}

// "2026-05-19" (the period's last day).
std::string last_day(Instant due) { return format_day(Calendar::last_day(due)); }

std::string period_words(const Period& p) {
  return fmt::format("{:g} {}", p.amount, p.unit == Unit::months ? "months" : unit_words(static_cast<std::int64_t>(p.amount), p.unit).substr(fmt::format("{:g} ", p.amount).size()));
}

std::string right_line(const RightState& r) {
  std::string line = fmt::format("  - {}（{}）", right_name(r.kind), r.article);
  if (r.due && r.window)
    line += fmt::format("：告知后 {:g} {} 内，至 {} 止 within {}, until {}", r.window->amount,
                        r.window->unit == Unit::workdays ? "个工作日" : "日", last_day(*r.due), period_words(*r.window),
                        last_day(*r.due));
  if (r.status == "used") line += fmt::format("；已于 {} 行使 used on {}", format_day(local_day(r.ended_at)), format_day(local_day(r.ended_at)));
  if (r.status == "lapsed") line += "；期满未行使 not used in time";
  return line + "\n";
}

std::string remedy_lines(const Remedy& r) {
  auto [zh, en] = remedy_words(r.kind);
  std::string by_zh, by_en;
  if (r.due && r.period) {
    by_zh = fmt::format("自收到本决定之日起{}内（{}，至 {} 止）", r.period->unit == Unit::months
                                                                        ? fmt::format("{:g}个月", r.period->amount)
                                                                        : fmt::format("{:g}日", r.period->amount),
                        r.article, last_day(*r.due));
    by_en = fmt::format(" by {} ({} of delivery, {})", last_day(*r.due), period_words(*r.period), r.article);
  }
  std::string out = fmt::format("  - 如不服本决定，可以{}向{}{}（{}）。\n", by_zh, r.body, zh, r.contact);
  out += fmt::format("    If you disagree with this decision you may {} to {}{}; contact: {}.\n", en, r.body, by_en, r.contact);
  if (r.estimated) out += "    （期限为估算：日历尚无该年数据 estimated: the calendar has no data for that year）\n";
  return out;
}

}  // namespace

std::string notice_text(const CompiledProcess& cp, const CaseState& s) {
  const Process& p = cp.process();
  const Outcome* o = find_outcome(p, s.outcome);
  Instant delivered = s.remedies.empty() ? s.closed_at : s.remedies.front().from;
  std::string out = "行政决定告知书 Notice of decision\n";
  out += fmt::format("案件 Case: {}\n", s.id);
  out += fmt::format("事项 Power: {} ({})\n", p.power.name, p.power.code);
  out += fmt::format("决定机关 Decided by: {}\n", p.power.body);
  out += fmt::format("当事人 Party: {}\n", s.party);
  out += fmt::format("决定 Decision: {} ({}), {}\n", o && !o->name.empty() ? o->name : s.outcome, s.outcome,
                     format_day(local_day(s.closed_at)));
  out += fmt::format("送达 Delivered: {}\n", format_day(local_day(delivered)));
  out += "已告知的权利 Rights notified:\n";
  if (s.rights.empty()) out += "  （无 none）\n";
  for (const auto& r : s.rights) out += right_line(r);
  out += "救济途径 Remedies:\n";
  if (s.remedies.empty()) out += "  （本决定未载明救济途径 none stated for this outcome）\n";
  for (const auto& r : s.remedies) out += remedy_lines(r);
  return out;
}

Served<CaseView> CaseService::use_right(const std::string& case_id, const RightUse& use) {
  auto loaded = load(case_id);
  if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
  auto& [version, cp, state] = std::get<LoadedCase>(loaded);
  auto rules = this->rules(state.power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  const TimeRules& tr = std::get<TimeRules>(rules);
  Instant now = clock_.now();
  auto decision = sunlit::use_right(*cp, state, use, now, tr);
  if (auto* e = std::get_if<CaseError>(&decision)) {
    if (e->refusal()) {
      json payload{{"action", "use_right"}, {"right", use.kind}, {"step", ""},
                   {"reason", e->refused ? "right" : e->kind == CaseError::wrong_post ? "wrong_post" : "separation"},
                   {"message", e->message}};
      auto recorded = store_.append_refusal(case_id, Event{"", 0, 0, now, use.official, "", "refused", payload.dump()});
      if (!recorded) return from_store(recorded.error());
    }
    return *e;
  }
  return commit(case_id, version, *cp, state, std::get<std::vector<CaseEvent>>(decision), 0, tr);
}

Served<DecisionNotice> CaseService::notice(const std::string& case_id) {
  auto shown = show(case_id);
  if (auto* e = std::get_if<CaseError>(&shown)) return *e;
  auto loaded = load(case_id);
  if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
  const auto& [version, cp, state] = std::get<LoadedCase>(loaded);
  if (!state.closed)
    return CaseError{CaseError::bad_value,
                     fmt::format("case {} is still open: a notice states the decision and its remedies once the case "
                                 "is closed", case_id)};
  return DecisionNotice{std::get<CaseView>(shown), notice_text(*cp, state)};
}

}  // namespace sunlit
