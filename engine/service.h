// The case service: deploys definitions and runs cases, joining store, compiler and runtime.
//
// Contract: every state change follows one path — load the case's row,
// rebuild its state from the snapshot, let the runtime decide the events,
// apply them in memory, and commit events + snapshot + open steps in one
// store transaction guarded by the row's version. A refusal (wrong post,
// separation of duty) is appended to the log as a `refused` event and
// changes nothing else; every other error writes nothing. Definitions are
// compiled from the stored YAML of the exact version a case runs on (cached
// per process, and between processes in the definition cache). The clock is
// injected; nothing here reads the environment.
// The statutory clock (docs/clock.md): the time rules (calendar + settings)
// are built once per service and passed to the runtime; derive_row() turns a
// state into its deadlines, pending timers and cards, which every commit
// writes with the events; tick() fires due timers through the same commit.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/publish.h"
#include "engine/runtime.h"
#include "engine/replay.h"
#include "engine/store.h"

namespace sunlit {

// A service result: a value, or a CaseError (with the store's kinds mapped).
template <class T> using Served = std::variant<T, CaseError>;

// What deploying one file did.
struct DeployedFile {
  std::string file;
  std::string kind;  // "organisation" or "process"
  std::string name;  // organisation name or power code
  int version = 0;   // processes: 1..n
  bool created = false;
};

// A deadline as officials see it: when, and how much lawful time is left in the law's unit.
struct DeadlineView {
  Instant due = 0;             // the period ends at this instant (24:00 of its last day)
  Period limit;                // the statutory period (amount, unit, article)
  std::int64_t left = 0;       // time left in limit.unit (hours for hour limits); negative: overdue by
  std::string left_text;       // "3 working days left", "overdue by 2 days", "5 hours left"
  std::string warning;         // "", "yellow" or "red"
  bool estimated = false;      // computed on a year the calendar has no data for
};

// An open step as officials see it.
struct OpenStepView {
  std::string step, name, post, post_name, department, department_name;
  Instant since = 0;
  std::vector<std::string> actions;
  std::vector<std::string> signatures;
  std::optional<DeadlineView> deadline;
};

// The case clock as officials and the party see it.
struct CaseClockView {
  std::optional<DeadlineView> deadline;  // unset while suspended, not started or stopped
  bool running = false;
  std::string suspended_reason;          // non-empty while suspended
  Instant suspended_since = 0;
  std::vector<std::string> extensions;   // one line each: "+10 workdays by dee (head): reason"
};

// One raised card as supervisors see it.
struct WarningView {
  std::string case_id, power, colour, step, step_name, post, department;
  Instant due = 0, raised_at = 0;
  bool active = true;
};

// One line of a case's history.
struct HistoryLine {
  std::int64_t seq = 0;
  Instant at = 0;
  std::string actor, post, kind, summary;
};

// A right notified to the party as `case show` lists it (docs/clock.md "Rights and remedies").
struct RightView {
  std::string kind, step, step_name, article, description;
  Instant notified_at = 0;
  std::optional<DeadlineView> window;  // the window's deadline and time left (none: no window)
  std::string status;                  // "open", "used" or "lapsed"
  Instant ended_at = 0;
  std::string used_by, note;
};

// Everything `case show` prints.
struct CaseView {
  std::string id, power, power_name, party, outcome, outcome_name;
  int definition_version = 0;
  std::int64_t version = 0;
  bool closed = false;
  Instant opened_at = 0;
  std::vector<OpenStepView> open;
  std::vector<std::pair<std::string, std::string>> data;  // field, value text
  CaseClockView clock;
  std::vector<WarningView> warnings;  // every card raised on the case, oldest first
  std::vector<HistoryLine> history;  // filled by show(); open() and advance() leave it empty
  std::vector<RightView> rights;     // every right notified, in order
  std::vector<Remedy> remedies;      // the closing decision's remedies with their deadlines
  std::vector<std::string> complaints;  // complaint cases about this one (issue 5), filled by show()
};

// A closed case's notice of decision (告知书): the text and the case it states.
struct DecisionNotice {
  CaseView view;
  std::string text;
};

// One row of a worklist.
struct WorkItem {
  std::string case_id, power, party, status, outcome, step, step_name, post;
  Instant since = 0;
  std::optional<DeadlineView> deadline;  // the step's, else the case's
};

// Which cases `case list` shows.
struct ListFilter {
  std::string official;  // cases with an open step this official's posts own
  std::string post;      // cases with an open step owned by this post
  std::string power;
  std::optional<CaseStatus> status;
  int limit = 0;  // page(): at most this many items, the most urgent (0: all)
};

// The most urgent items of a worklist, and how many more match.
struct WorkPage {
  std::vector<WorkItem> items;
  std::int64_t more = 0;
};

// What rebuilding the derived tables found.
struct RebuildReport {
  int cases = 0;
  int events = 0;
  std::vector<std::string> differed;  // cases whose stored snapshot differed from the replay
};

// What `audit replay --all` found: every case rebuilt from its events alone.
struct ReplayAllReport {
  std::int64_t cases = 0, events = 0;
  int threads = 1;                    // connections the replay ran on
  bool compared = false;              // whether each state was compared with its stored snapshot
  std::vector<std::string> failed;    // "case 2026-000007: event 5 cannot be replayed: …"
  std::vector<std::string> differed;  // cases whose stored snapshot differs from the replay
};

// A stored case ready to act on: its row version, compiled definition and state.
struct LoadedCase {
  std::int64_t version = 0;
  std::shared_ptr<const CompiledProcess> cp;
  CaseState state;
};

// An advance decided on a case's stored state but not yet written (prepare_advance()): the
// version-checked change to commit, and what answering it needs once committed.
struct PreparedAdvance {
  CaseChange change;
  std::shared_ptr<const CompiledProcess> cp;
  CaseState state;  // after the change's events
  TimeRules rules;
};

// A stored case as the audit reads it: its definition version, time rules and decoded event log.
struct CaseLog {
  std::shared_ptr<const CompiledProcess> cp;
  TimeRules rules;
  std::vector<CaseEvent> log;
};

// What one tick of the timers did.
struct TickReport {
  int fired = 0;                    // timers fired (each round of a tick: one transaction, see tick())
  int raced = 0;                    // timers another process fired first (skipped, not an error)
  int failed = 0;                   // timers whose effect could not be decided (a line says why)
  std::vector<std::string> lines;   // one per fired timer: "2026-000001 review: red card (due …)"
  std::optional<Instant> next_due;  // the earliest timer still pending
};

// What `audit replay` found: the case rebuilt from its events and how the stored snapshot compares.
struct ReplayReport {
  Replay replay;
  std::string power_name;
  bool compared = false;                 // false with --as-of: a past state has no stored snapshot
  std::vector<std::string> differences;  // snapshot keys whose stored value differs from the replay
};

// The complaint process a complaint opens a case of unless told otherwise: the shipped petition
// process (processes/petition.yaml, 信访工作条例).
inline constexpr const char* kComplaintPower = "XC-XF-QT-001";

// A complaint to file about a case (issue 5 item 6, docs/complaints.md).
struct ComplaintRequest {
  std::string case_id, channel, text;
  std::string as;       // the official registering it ("": the party files it)
  std::string party;    // the complainant ("": the original case's party)
  std::string process;  // the complaint process's power code ("": kComplaintPower)
};

// A filed complaint: its own case, and where its channel routes it.
struct ComplaintView {
  CaseView complaint;
  std::string complaint_of, channel, channel_kind, body, contact;
};

// Runs cases on deployed definitions.
class CaseService {
 public:
  CaseService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Loads and validates the files; refuses (diags filled, nothing stored) if any has errors.
  Served<std::vector<DeployedFile>> deploy(const std::vector<std::string>& paths, const std::string& by,
                                            Diagnostics& diags);
  Served<CaseView> open(const std::string& power, const std::string& party,
                         const std::vector<std::pair<std::string, std::string>>& sets, const std::string& as);
  Served<CaseView> advance(const std::string& case_id, const Command& cmd);
  // advance() in two halves, for a writer that is not this service's (GroupCommit): decides the
  // change on the stored state and writes nothing (a refusal comes back as its error, unrecorded:
  // advance() records it); then, once the change is committed as `info`, the answer.
  Served<PreparedAdvance> prepare_advance(const std::string& case_id, const Command& cmd);
  CaseView finish_advance(PreparedAdvance& prepared, const CommitInfo& info);
  Served<CaseView> show(const std::string& case_id);
  Served<std::vector<WorkItem>> list(const ListFilter& filter);  // every item, most urgent first
  // The first `filter.limit` items of list() and the count of the rest, read as one page from
  // the store in urgency order (a post's thousands of open steps are not all read).
  Served<WorkPage> page(const ListFilter& filter);
  Served<RebuildReport> rebuild();
  // Rebuilds a case from its events alone on the definition version it ran on (up to `as_of`)
  // and, for the present state, compares it with the stored snapshot (audit, issue 5).
  Served<ReplayReport> replay(const std::string& case_id, std::optional<Instant> as_of);
  // Rebuilds every case from its events (FastApplier, `threads` connections over ranges of
  // cases) and, with `compare`, checks each against its stored snapshot (`audit replay --all`).
  Served<ReplayAllReport> replay_all(int threads, bool compare);
  // The case drawn on the flowchart of its definition version as DOT: path taken, current and
  // overdue steps (at the clock's now) and deferred choices marked (engine/case_graph.h).
  Served<std::string> case_graph(const std::string& case_id);
  // Extends the case limit by `amount` (unset: the whole allowed extension) with a reason;
  // only an official of the post the definition names, once per case, within the statute.
  Served<CaseView> extend(const std::string& case_id, const std::string& official,
                          std::optional<double> amount, const std::string& reason);
  // Records a party's use of a notified right (runtime use_right); a refused use is recorded.
  Served<CaseView> use_right(const std::string& case_id, const RightUse& use);
  // The notice of a closed case's decision: the outcome, the rights notified and each remedy with
  // its body and deadline; bad_value on an open case.
  Served<DecisionNotice> notice(const std::string& case_id);
  // Fires every timer due at `now` (at most `limit`, 0: all), each at its own due instant, in due order.
  // Each round (at most one timer per case) is written in one transaction: every case's events,
  // timers and snapshot together; a case that cannot fire or raced is skipped, the others kept.
  Served<TickReport> tick(Instant now, int limit = 0);
  Served<std::vector<WarningView>> warnings(const WarningFilter& filter);
  // The time rules in force: the built-in calendar plus imported files, and the settings.
  Served<TimeRules> rules(const std::string& power_code);
  Served<std::vector<DefinitionRecord>> versions(const std::string& power);
  // The public-facing differences between two versions, one line each ("+ step …", "~ limit …").
  Served<std::vector<std::string>> diff(const std::string& power, int v1, int v2);
  // Opens a complaint about a case as a case of the complaint process, in one transaction
  // (service_complaint.cpp); the complaints about one case ("" : all).
  Served<ComplaintView> file_complaint(const ComplaintRequest& request);
  Served<std::vector<ComplaintCase>> complaints(const std::string& case_id);
  // What the disclosure rules allow the public to see, personal data masked (service_publish.cpp).
  Served<Publication> publish(std::optional<Instant> since);

  // The compiled definition of a stored version: cached in memory and, between processes, in the
  // definition cache (service_compiled.cpp); from the stored YAML when not cached.
  Served<std::shared_ptr<const CompiledProcess>> compiled(std::int64_t definition_id);
  // Forgets every compiled definition, in memory and in the definition cache (`admin rebuild`).
  std::optional<CaseError> clear_compiled();

 private:
  // Loads a case's row, compiles its definition version and rebuilds its state from the snapshot;
  // with `reuse_known`, from known_ instead when this service's own last commit of the case made
  // the stored version (the write path of advance: no snapshot JSON parsed).
  Served<LoadedCase> load(const std::string& case_id, bool reuse_known = false);
  // The case as this service's own last commit of it left it, without reading the store, taken out
  // of known_ (a commit puts it back): nullopt when it is not known (advance() then loads it).
  std::optional<LoadedCase> known_case(const std::string& case_id);
  // prepare_advance() on a loaded case.
  Served<PreparedAdvance> prepare_loaded(const std::string& case_id, LoadedCase loaded, const Command& cmd);
  // Keeps the state a commit of this service left, for the next advance of the same case.
  void remember(const std::string& case_id, std::int64_t version, CaseState state);
  // Reads a loaded case's events, compiles its definition version and gets its time rules
  // (replay and the case graph both rebuild from the log, never from the snapshot).
  Served<CaseLog> read_log(const CaseRow& row);
  Served<CaseView> commit(const std::string& case_id, std::int64_t expected, const CompiledProcess& cp,
                           CaseState state, const std::vector<CaseEvent>& events, int year, const TimeRules& rules);
  // The change commit() writes: `events` applied to `state`, and the derived row.
  Served<CaseChange> change(const std::string& case_id, std::int64_t expected, const CompiledProcess& cp,
                            CaseState& state, const std::vector<CaseEvent>& events, int year,
                            const TimeRules& rules) const;
  CaseView view(const CompiledProcess& cp, const CaseState& s, std::int64_t version,
                const std::vector<Event>& history, const TimeRules& rules) const;
  // Decides one due timer's change: the change, or 0 raced (no longer pending), -1 failed (a
  // line in the report says why).
  Served<std::variant<CaseChange, int>> fire_one(const Timer& timer, TickReport& report);
  // The worklist items of stored rows (one per open step, or per case without one), checked
  // against the filter's official, most urgent first (service_view.cpp).
  Served<std::vector<WorkItem>> items(const std::vector<CaseRow>& rows, const ListFilter& f);

  Store& store_;
  const Clock& clock_;
  std::map<std::int64_t, std::shared_ptr<const CompiledProcess>> cache_;
  std::unique_ptr<Calendar> calendar_;          // built-in + imported files (null: none imported)
  bool calendar_loaded_ = false;
  std::optional<std::vector<Setting>> settings_;
  std::map<std::string, TimeRules> rules_;      // per power code
  // The state after this service's last commit of each case, with the version it made: the same
  // version means the same events, so the same state (at most kKnownStates cases, then cleared).
  struct KnownState {
    std::int64_t version = 0;
    CaseState state;
  };
  static constexpr size_t kKnownStates = 4096;
  std::map<std::string, KnownState, std::less<>> known_;
};

// Maps a store error to the service's error kinds.
CaseError from_store(const StoreError& e);

// The derived row of a state: status, outcome, snapshot, open steps with their deadlines and
// cards, the case deadline, the pending timers and every card raised (docs/clock.md).
CaseRow derive_row(const CompiledProcess& cp, const CaseState& s, Instant now, const TimeRules& rules = {});

// A deadline as officials see it at `now`: time left (or overdue) in the limit's unit.
DeadlineView deadline_view(const Calendar& calendar, Instant due, const Period& limit, Instant now, bool estimated,
                           std::string warning);

// The notice text of a closed case (Chinese with the English beside it), as `case notice` prints it.
std::string notice_text(const CompiledProcess& cp, const CaseState& s);

// A one-line human summary of an event ("accept by ann (intake) → review").
std::string summarize(const Event& e);

// A stored event as the runtime applies it: its payload parsed without throwing (a damaged
// payload becomes a discarded JSON value).
CaseEvent from_log(const Event& e);

}  // namespace sunlit
