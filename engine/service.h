// The case service: deploys definitions and runs cases, joining store, compiler and runtime.
//
// Contract: every state change follows one path — load the case's row,
// rebuild its state from the snapshot, let the runtime decide the events,
// apply them in memory, and commit events + snapshot + open steps in one
// store transaction guarded by the row's version. A refusal (wrong post,
// separation of duty) is appended to the log as a `refused` event and
// changes nothing else; every other error writes nothing. Definitions are
// compiled from the stored YAML of the exact version a case runs on (cached
// per process). The clock is injected; nothing here reads the environment.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/runtime.h"
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

// An open step as officials see it.
struct OpenStepView {
  std::string step, name, post, post_name, department, department_name;
  Instant since = 0;
  std::vector<std::string> actions;
  std::vector<std::string> signatures;
};

// One line of a case's history.
struct HistoryLine {
  std::int64_t seq = 0;
  Instant at = 0;
  std::string actor, post, kind, summary;
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
  std::vector<HistoryLine> history;  // filled by show(); open() and advance() leave it empty
};

// One row of a worklist.
struct WorkItem {
  std::string case_id, power, party, status, outcome, step, step_name, post;
  Instant since = 0;
};

// Which cases `case list` shows.
struct ListFilter {
  std::string official;  // cases with an open step this official's posts own
  std::string post;      // cases with an open step owned by this post
  std::string power;
  std::optional<CaseStatus> status;
};

// What rebuilding the derived tables found.
struct RebuildReport {
  int cases = 0;
  int events = 0;
  std::vector<std::string> differed;  // cases whose stored snapshot differed from the replay
};

// A stored case ready to act on: its row version, compiled definition and state.
struct LoadedCase {
  std::int64_t version = 0;
  std::shared_ptr<const CompiledProcess> cp;
  CaseState state;
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
  Served<CaseView> show(const std::string& case_id);
  Served<std::vector<WorkItem>> list(const ListFilter& filter);
  Served<RebuildReport> rebuild();
  Served<std::vector<DefinitionRecord>> versions(const std::string& power);
  // The public-facing differences between two versions, one line each ("+ step …", "~ limit …").
  Served<std::vector<std::string>> diff(const std::string& power, int v1, int v2);

  // The compiled definition of a stored version (cached).
  Served<std::shared_ptr<const CompiledProcess>> compiled(std::int64_t definition_id);

 private:
  // Loads a case's row, compiles its definition version and rebuilds its state from the snapshot.
  Served<LoadedCase> load(const std::string& case_id);
  Served<CaseView> commit(const std::string& case_id, std::int64_t expected, const CompiledProcess& cp,
                           CaseState state, const std::vector<CaseEvent>& events, int year);
  CaseView view(const CompiledProcess& cp, const CaseState& s, std::int64_t version,
                const std::vector<Event>& history) const;

  Store& store_;
  const Clock& clock_;
  std::map<std::int64_t, std::shared_ptr<const CompiledProcess>> cache_;
};

// Maps a store error to the service's error kinds.
CaseError from_store(const StoreError& e);

// The derived row (status, outcome, snapshot, open steps) of a state.
CaseRow derive_row(const CompiledProcess& cp, const CaseState& s, Instant now);

// A one-line human summary of an event ("accept by ann (intake) → review").
std::string summarize(const Event& e);

}  // namespace sunlit
