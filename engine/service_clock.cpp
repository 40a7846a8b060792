// The statutory clock in the service (docs/clock.md): the time rules in force, firing due
// timers, extensions, the cards supervisors list, and how much time a deadline leaves.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>
#include <sstream>

#include "engine/compiler.h"
#include "engine/service.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

CaseError fail(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

// "1 workdays", "2 hours" -> a Period; nullopt if not "AMOUNT UNIT" with a positive amount.
std::optional<Period> parse_threshold(const std::string& text) {
  std::istringstream in(text);
  double amount = 0;
  std::string unit, rest;
  if (!(in >> amount >> unit) || (in >> rest) || !(amount > 0)) return std::nullopt;
  Period p{amount, Unit::workdays, "", {}};
  if (!parse_enum(unit, p.unit) || p.unit == Unit::months) return std::nullopt;
  return p;
}


std::int64_t ceil_hours(Instant seconds) { return (seconds + 3599) / 3600; }

std::string timer_line(const Timer& t) {
  std::string what = t.kind == "elapse" ? "elapsed" : t.kind + " card";
  if (t.name.rfind("right:", 0) == 0)  // "right:<kind>:lapse"
    what = "right " + t.name.substr(6, t.name.size() - 12) + " lapsed";
  return fmt::format("{} {}: {} (due {})", t.case_id, t.step.empty() ? "case" : t.step, what, format_local(t.due));
}

}  // namespace

DeadlineView deadline_view(const Calendar& cal, Instant due, const Period& limit, Instant now, bool estimated,
                           std::string warning) {
  DeadlineView v;
  v.due = due;
  v.limit = limit;
  v.warning = std::move(warning);
  Day today = local_day(now), last = local_day(due) - 1;
  v.estimated = estimated || (limit.unit != Unit::hours && !cal.covers(year_of(last)));
  bool overdue = now >= due;
  switch (limit.unit) {
    case Unit::hours: v.left = overdue ? -std::max<std::int64_t>(1, ceil_hours(now - due)) : ceil_hours(due - now); break;
    // Working days left: today (if a working day) through the last day; overdue: working days after it, today included.
    case Unit::workdays: v.left = overdue ? -cal.workdays_between(last, today) : cal.workdays_between(today - 1, last); break;
    default: v.left = overdue ? -(today - last) : last - today + 1; break;
  }
  if (!overdue) v.left_text = unit_words(v.left, limit.unit) + " left";
  else if (v.left == 0) v.left_text = "overdue";
  else v.left_text = "overdue by " + unit_words(-v.left, limit.unit);
  return v;
}

Served<TimeRules> CaseService::rules(const std::string& power) {
  if (auto it = rules_.find(power); it != rules_.end()) return it->second;
  if (!calendar_loaded_) {  // the built-in national data plus the files imported into this database
    auto files = store_.calendar_files();
    if (!files) return from_store(files.error());
    std::vector<CalendarText> texts;
    for (const auto& f : *files) texts.push_back({f.source, f.content});
    Diagnostics diags;
    if (!texts.empty()) calendar_ = std::make_unique<Calendar>(calendar_with(texts, diags));
    if (diags.error_count() > 0)
      return fail(CaseError::storage, "an imported calendar file no longer reads:\n" + diags.render());
    calendar_loaded_ = true;
  }
  if (!settings_) {
    auto s = store_.settings();
    if (!s) return from_store(s.error());
    settings_ = std::move(*s);
  }
  TimeRules r;
  r.calendar = calendar_ ? calendar_.get() : &Calendar::builtin();  // no imports: no copy
  for (const std::string& scope : {std::string(), power}) {  // the power's own setting wins
    for (const auto& s : *settings_) {
      if (s.name != "yellow_before" || s.power_code != scope) continue;
      auto p = parse_threshold(s.value);
      if (!p)
        return fail(CaseError::bad_value,
                    fmt::format("setting yellow_before{} is '{}'; it must be an amount and a unit, e.g. '1 workdays', "
                                "'2 days' or '4 hours'",
                                scope.empty() ? "" : " for " + scope, s.value));
      r.yellow_before = *p;
    }
  }
  rules_[power] = r;
  return r;
}

Served<CaseView> CaseService::extend(const std::string& case_id, const std::string& official,
                                     std::optional<double> amount, const std::string& reason) {
  Command c;
  c.action = kExtendAction;
  c.official = official;
  c.note = reason;
  if (amount) c.sets.push_back({"amount", fmt::format("{}", *amount)});
  return advance(case_id, c);
}

Served<std::variant<CaseChange, int>> CaseService::fire_one(const Timer& timer, TickReport& report) {
  auto loaded = load(timer.case_id);
  if (auto* e = std::get_if<CaseError>(&loaded)) {
    if (e->kind == CaseError::not_found) return 0;
    return *e;
  }
  auto& [version, cp, state] = std::get<LoadedCase>(loaded);
  auto rules = this->rules(state.power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  const TimeRules& tr = std::get<TimeRules>(rules);
  auto decision = fire(*cp, state, timer.name, timer.due, tr);
  if (auto* e = std::get_if<CaseError>(&decision)) {
    if (e->kind == CaseError::conflict) return 0;  // no longer pending: another ticker fired it
    // Set aside until the case changes: retrying it at every tick would fail the same way.
    auto held = store_.hold_timer(timer.case_id, timer.name, version, e->message);
    if (!held) return from_store(held.error());
    report.lines.push_back(
        fmt::format("{}: not fired: {}; set aside until the case changes", timer_line(timer), e->message));
    return -1;
  }
  auto built = change(timer.case_id, version, *cp, state, std::get<std::vector<CaseEvent>>(decision), 0, tr);
  if (auto* e = std::get_if<CaseError>(&built)) return *e;
  return std::move(std::get<CaseChange>(built));
}

// Rounds: each fires the due timers in due order, at most one per case (its effect may change
// the case's other timers), until a round fires nothing; so a case's events stay in time order.
// A round's changes are written in one transaction (one durable write instead of one per timer):
// each case's change whole or not at all, a case that changed meanwhile skipped alone.
Served<TickReport> CaseService::tick(Instant now, int limit) {
  TickReport report;
  std::set<std::pair<std::string, std::string>> skipped;  // (case, timer) raced or failed: not retried
  for (;;) {
    int left = limit > 0 ? limit - report.fired : 0;
    auto due = store_.due_timers(now, left);
    if (!due) return from_store(due.error());
    std::set<std::string> touched;
    std::vector<Timer> fired_timers;
    std::vector<CaseChange> changes;
    std::vector<std::size_t> slots;  // the report line of each change
    for (const auto& t : *due) {
      if (touched.count(t.case_id) || skipped.count({t.case_id, t.name})) continue;
      auto r = fire_one(t, report);
      if (auto* e = std::get_if<CaseError>(&r)) return *e;
      auto& decided = std::get<std::variant<CaseChange, int>>(r);
      if (auto* c = std::get_if<CaseChange>(&decided)) {
        touched.insert(t.case_id);
        fired_timers.push_back(t);
        changes.push_back(std::move(*c));
        report.lines.emplace_back();  // its line, in due order, once written (below)
        slots.push_back(report.lines.size() - 1);
      } else {
        skipped.insert({t.case_id, t.name});
        ++(std::get<int>(decided) == 0 ? report.raced : report.failed);
      }
    }
    int fired = 0;
    if (!changes.empty()) {
      auto written = store_.commit_each(changes);
      if (!written) return from_store(written.error());
      for (std::size_t i = 0; i < written->size(); ++i) {
        const Timer& t = fired_timers[i];
        const auto& w = (*written)[i];
        if (w) {
          ++fired;
          report.lines[slots[i]] = timer_line(t);
        } else if (w.error().kind == StoreError::conflict || w.error().kind == StoreError::not_found) {
          skipped.insert({t.case_id, t.name});  // the case moved on meanwhile (another process)
          ++report.raced;
        } else {
          skipped.insert({t.case_id, t.name});
          ++report.failed;
          report.lines[slots[i]] = fmt::format("{}: not fired: {}", timer_line(t), w.error().message);
        }
      }
      std::erase(report.lines, std::string());  // the raced ones' slots
    }
    report.fired += fired;
    if (fired == 0 || (limit > 0 && report.fired >= limit)) break;
  }
  auto next = store_.next_due();
  if (!next) return from_store(next.error());
  report.next_due = *next;
  return report;
}

Served<std::vector<WarningView>> CaseService::warnings(const WarningFilter& filter) {
  auto rows = store_.warnings(filter);
  if (!rows) return from_store(rows.error());
  std::map<std::string, std::pair<std::string, std::shared_ptr<const CompiledProcess>>> cases;  // id -> power, definition
  std::vector<WarningView> out;
  for (const auto& w : *rows) {
    auto it = cases.find(w.case_id);
    if (it == cases.end()) {
      auto row = store_.load_case(w.case_id);
      if (!row) return from_store(row.error());
      auto cp = compiled(row->definition_id);
      if (auto* e = std::get_if<CaseError>(&cp)) return *e;
      it = cases.emplace(w.case_id, std::make_pair(row->power_code, std::get<std::shared_ptr<const CompiledProcess>>(cp))).first;
    }
    const Step* st = find_step(it->second.second->process(), w.step);
    out.push_back({w.case_id, it->second.first, w.colour, w.step, st ? st->name : "", w.post, w.department, w.due,
                   w.raised_at, w.active});
  }
  return out;
}

}  // namespace sunlit
