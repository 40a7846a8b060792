// Plain definition structs: what a process YAML file and an organisation YAML
// file say, with the source position of every item, and nothing else.
//
// Contract: the loader fills these; the validator reads them and reports;
// the compiler turns a validated Process into an immutable graph. No struct
// here knows YAML, Boost.Graph or SQL. Names (ids) are plain strings; a
// reference to a name is a Ref so that a dangling name can be reported at
// the place it was written. Enumerations whose YAML spelling is unknown are
// reported by the loader and left at their default value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/diagnostic.h"

namespace sunlit {

// A name written somewhere in a file, pointing at something defined elsewhere.
struct Ref {
  std::string name;
  Pos pos;
  bool empty() const { return name.empty(); }
};

// The 9 categories of administrative power (职权类别).
enum class Category { license, penalty, compulsion, levy, benefit, adjudication, confirmation, other, internal };

// How a period is counted: working days (工作日), calendar days (日), hours, months (月, e.g. 6 months to sue).
enum class Unit { workdays, days, hours, months };

// Type of a declared case field.
enum class FieldType { text, number, money, boolean, date, enumeration, list };

// What a step node does in the flowchart.
enum class StepKind {
  task,    // an official in a post acts; actions lead on
  choice,  // exclusive choice: first branch whose condition holds, else `otherwise`
  split,   // parallel split: every branch starts; they meet at `join`
  join,    // parallel join: waits for every branch of its split
  wait     // deferred choice: a party action or the window's expiry, whichever first
};

// How a power is set in motion (依申请 / 依职权).
enum class Initiation { application, ex_officio };

// Disclosure scope (公开范围), time (公开时间).
enum class DisclosureScope { public_, on_request, internal, none };
enum class DisclosureTime { permanent, as_it_happens, on_request, none };

// The kind of a named outcome that closes a case.
enum class OutcomeKind {
  granted, refused, not_accepted, withdrawn, deemed_accepted, deemed_abandoned,
  penalty, no_penalty, answered, decided, completed, transferred, other
};

// A party right (相对人的权利).
enum class RightKind { reasons, statement, defence, statement_and_defence, hearing, information, other };

// A complaint / remedy channel (投诉举报途径).
enum class ChannelKind { hotline, supervision, reconsideration, litigation, petition, other };

// Separation-of-duty rule kinds.
enum class SeparationKind {
  different_officials,  // the listed steps must each be done by a different official
  two_officials         // the one listed step needs two distinct officials
};

// A statutory period: amount, unit and the article that sets it.
struct Period {
  double amount = 0;
  Unit unit = Unit::workdays;
  std::string article;
  Pos pos;
};

// A legal basis (实施依据): title, article, text.
struct Basis {
  std::string title;
  std::string article;
  std::string text;
  Pos pos;
};

// Where and when a result or a catalog entry is disclosed.
struct Disclosure {
  DisclosureScope scope = DisclosureScope::public_;
  std::vector<std::string> forms;  // gazette, website, notice_board, press_conference, hearing, ...
  DisclosureTime time = DisclosureTime::permanent;
  std::optional<Period> within;    // e.g. within 7 workdays of the decision
  Pos pos;
};

// The catalog entry of a power (职权目录).
struct Catalog {
  std::string code;
  std::string name;
  Category category = Category::other;
  Pos category_pos;
  std::vector<Basis> basis;
  std::string body;         // implementing body (实施主体)
  std::string office;       // responsible office (承办科室)
  std::string responsible;  // responsible person (负责人)
  Initiation initiation = Initiation::application;
  std::string conditions;   // legal conditions to act (行使条件)
  Disclosure disclosure;
  std::string fee_basis;
  std::string fee_standard;
  int risk = 3;             // integrity risk level 1 high .. 3 low
  Pos risk_pos;
  bool confidential = false;
  std::string confidential_basis;
  std::string confidential_reason;
  Pos confidential_pos;
  Pos pos;
};

// A declared case field that conditions and actions use.
struct Field {
  std::string name;
  FieldType type = FieldType::text;
  std::vector<std::string> values;  // enumeration: allowed values
  std::optional<FieldType> item;    // list: item type
  std::string label;
  Pos pos;
  std::optional<std::string> fallback;  // `default`: the value conditions read while the field is not set
  Pos fallback_pos;
};

// An official's (or, in a wait step, the party's) action leading to another node.
struct Action {
  std::string name;
  Ref to;
  std::string label;
  std::vector<Ref> sets;    // fields the action must set
  std::string handoff;      // interface: what is handed to another post/department
  bool by_party = false;
  Pos pos;
};

// One branch of an exclusive choice.
struct Branch {
  std::string condition;  // expression text
  Pos condition_pos;      // position of the first byte of the expression text
  Ref to;
  std::string label;
  Pos pos;
};

// What happens when a step's limit or a wait's window elapses.
struct Timeout {
  Ref to;
  std::string label;  // e.g. "deemed accepted (License Law art. 32)"
  Pos pos;
};

// A node of the flowchart other than an outcome.
struct Step {
  std::string id;
  Pos pos;  // position of the step's mapping (its `id` key)
  std::string name;
  StepKind kind = StepKind::task;
  bool start = false;
  Ref post;                         // task: the owning post
  std::string description;
  std::optional<Period> limit;      // task: step limit; wait: the window
  std::vector<Action> actions;      // task and wait (wait: by_party actions)
  std::vector<Branch> branches;     // choice
  Ref otherwise;                    // choice: when no condition holds
  std::vector<Ref> parallel;        // split: branch targets
  Ref join;                         // split: the join that synchronises it
  Ref next;                         // join: where to go once all branches arrived
  std::optional<Timeout> timeout;   // task (deemed outcome) or wait (window elapsed)
  std::string suspends;             // non-empty: not counted toward the case limit; the reason
  bool restarts_clock = false;      // case clock restarts when this step ends
  std::optional<Disclosure> disclosure;
};

// A named end of a case.
struct Outcome {
  std::string id;
  Pos pos;
  std::string name;
  OutcomeKind kind = OutcomeKind::other;
  Pos kind_pos;
  std::vector<Ref> remedies;  // channel ids
  std::optional<Disclosure> disclosure;
};

// Extension of the case limit allowed by statute.
struct Extension {
  Period period;
  Ref approved_by;  // post
  Pos pos;
};

// The whole-case time limit.
struct CaseLimit {
  Period period;
  Ref from;   // step at which the case clock starts (default: start step)
  Ref until;  // step whose end stops the clock (default: reaching an outcome)
  std::optional<Extension> extension;
  Pos pos;
};

// Withdrawal / cancellation: the party withdraws, every open branch is cancelled.
struct Withdrawal {
  Ref outcome;
  std::vector<Ref> from;  // steps where it is allowed (empty: any open step)
  std::string article;
  Pos pos;
};

// A supervision point (监督制约环节).
struct SupervisionPoint {
  Ref step;
  std::string body;     // supervising body
  std::string kind;     // internal | external
  std::string channel;  // phone, website, mailbox, on-site ...
  std::string contact;
  std::vector<std::string> records;  // what is recorded
  Pos pos;
};

// A right of the party, arising at a step, to be used within a window.
struct Right {
  RightKind kind = RightKind::other;
  Pos kind_pos;
  Ref step;
  std::optional<Period> window;
  std::string article;
  std::string description;
  Pos pos;
};

// A complaint channel or legal remedy.
struct Channel {
  std::string id;
  ChannelKind kind = ChannelKind::other;
  std::string body;
  std::string contact;
  std::optional<Period> deadline;
  Pos pos;
};

// A separation-of-duty rule.
struct SeparationRule {
  SeparationKind kind = SeparationKind::different_officials;
  std::vector<Ref> steps;
  std::string article;
  Pos pos;
};

// One administrative power's process definition (one YAML document).
struct Process {
  std::string file;
  Pos pos;
  Ref organisation;
  Catalog power;
  std::vector<Field> fields;
  std::vector<Step> steps;
  std::vector<Outcome> outcomes;
  std::optional<CaseLimit> limit;
  std::optional<Withdrawal> withdrawal;
  std::vector<SupervisionPoint> supervision;
  std::vector<Right> rights;
  std::vector<Channel> channels;
  std::vector<SeparationRule> separation;
};

// A post (岗位) in a department.
struct Post {
  std::string id;
  std::string name;
  std::string department;  // id of the owning department
  Pos pos;
};

// A department (部门 / 科室).
struct Department {
  std::string id;
  std::string name;
  Pos pos;
};

// An official and the posts they hold.
struct Official {
  std::string id;
  std::string name;
  std::vector<Ref> posts;
  Pos pos;
};

// The organisation file: departments, posts, officials.
struct Organisation {
  std::string file;
  std::string name;
  std::string title;
  std::vector<Department> departments;
  std::vector<Post> posts;
  std::vector<Official> officials;
  Pos pos;
};

// YAML spellings of the enumerations (also used by messages, docs and schema).
const char* to_string(Category v);
const char* to_string(Unit v);
const char* to_string(FieldType v);
const char* to_string(StepKind v);
const char* to_string(Initiation v);
const char* to_string(DisclosureScope v);
const char* to_string(DisclosureTime v);
const char* to_string(OutcomeKind v);
const char* to_string(RightKind v);
const char* to_string(ChannelKind v);
const char* to_string(SeparationKind v);

// Chinese legal term for a category (e.g. "行政许可").
const char* chinese_name(Category v);

// All YAML spellings of an enumeration, in declaration order.
template <class E> std::vector<std::string> spellings();

// Parses a YAML spelling; false if unknown.
template <class E> bool parse_enum(const std::string& text, E& out);

// Lookup helpers by id (nullptr when absent).
const Step* find_step(const Process& p, const std::string& id);
const Outcome* find_outcome(const Process& p, const std::string& id);
const Field* find_field(const Process& p, const std::string& name);
const Channel* find_channel(const Process& p, const std::string& id);
const Post* find_post(const Organisation& o, const std::string& id);
const Official* find_official(const Organisation& o, const std::string& id);

}  // namespace sunlit
