// libFuzzer target for command-line `--set field=value` texts, the path `sunlit case open/advance
// --set` takes: split at the first '=' (as cli/cmd_case.cpp does), parse_sets against a shipped
// process's declared fields, open_case with them, then what the service does with the events:
// serialise each payload to JSON text (the store's column), apply it to a state, and round-trip
// the state through its snapshot JSON, which the direct writer (snapshot_text) must write alike. Never a crash, a throw or a value that cannot be stored.
// Input: the first byte picks a shipped process; each following line is one `--set` text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case_snapshot.h"
#include "engine/case_state.h"
#include "engine/compiler.h"
#include "engine/payload_text.h"
#include "engine/runtime.h"
#include "engine/workspace.h"

namespace {

using namespace sunlit;

// Every shipped process, compiled once.
const std::vector<std::shared_ptr<const CompiledProcess>>& processes() {
  static const auto all = [] {
    std::vector<std::shared_ptr<const CompiledProcess>> out;
    Workspace ws = load_workspace({std::string(SUNLIT_SOURCE_DIR) + "/processes"});
    for (size_t i = 0; i < ws.processes.size(); ++i)
      if (const Organisation* org = ws.organisation_of(i)) out.push_back(compile(ws.processes[i], *org));
    if (out.empty()) std::abort();  // the target would test nothing
    return out;
  }();
  return all;
}

// cli/cmd_case.cpp split_sets: "field=value" at the first '='; false if no '=' or no field name.
bool split(std::string_view lines, std::vector<std::pair<std::string, std::string>>& out) {
  while (!lines.empty()) {
    size_t nl = lines.find('\n');
    std::string_view s = lines.substr(0, nl);
    lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
    size_t eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    out.emplace_back(std::string(s.substr(0, eq)), std::string(s.substr(eq + 1)));
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  const auto& all = processes();
  const CompiledProcess& cp = *all[bytes[0] % all.size()];
  std::string_view text(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  std::vector<std::pair<std::string, std::string>> sets;
  if (!split(text, sets)) return 0;

  auto parsed = parse_sets(cp, sets);
  if (auto* e = std::get_if<CaseError>(&parsed)) {
    if (e->message.empty()) std::abort();
    return 0;
  }
  // Every accepted value reads back as the field's type from its stored JSON.
  const nlohmann::json& data = std::get<nlohmann::json>(parsed);
  for (const auto& [name, value] : data.items()) {
    const Field* f = nullptr;
    for (const auto& x : cp.process().fields)
      if (x.name == name) f = &x;
    if (!f || !value_from_json(value, *f)) std::abort();
  }

  Decision d = open_case(cp, 1, 1, "fuzz party", sets, "ann", 1'772'413'200);
  if (auto* e = std::get_if<CaseError>(&d)) {
    if (e->message.empty()) std::abort();
    return 0;
  }
  const auto& events = std::get<std::vector<CaseEvent>>(d);
  for (const auto& ev : events)  // CaseService::commit refuses these before storing anything
    if (auto bad = invalid_utf8_text(ev.payload)) {
      if (bad->empty()) std::abort();
      return 0;
    }
  CaseState state;
  state.id = "2026-000001";
  std::int64_t seq = 0;
  for (auto ev : events) {
    ev.seq = ++seq;
    (void)ev.payload.dump();  // the service stores payload.dump(): throws on text that is not UTF-8
    std::string why;
    if (!apply(state, ev, &why)) std::abort();
  }
  auto snapshot = to_json(state).dump();
  if (snapshot_text(state) != snapshot) std::abort();  // the direct writer the store uses
  auto back = state_from_json(nlohmann::json::parse(snapshot));
  if (!back || to_json(*back).dump() != snapshot) std::abort();
  return 0;
}
