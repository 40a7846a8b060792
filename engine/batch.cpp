#include "engine/batch.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/suggest.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

const std::vector<std::string> kOpenMembers = {"open", "party", "as", "set"};
const std::vector<std::string> kActionMembers = {"case", "action", "as", "step", "set", "note"};

// A member that must be text, if present: its value, or an error message.
bool text_member(const json& j, const char* name, bool required, std::string& out, std::string& why) {
  auto it = j.find(name);
  if (it == j.end()) {
    if (required) why = fmt::format("\"{}\" is missing", name);
    return !required;
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    why = fmt::format("\"{}\" must be a non-empty text", name);
    return false;
  }
  out = it->get<std::string>();
  return true;
}

// "set": {FIELD: text | number | true/false} as the field=value texts `--set` gives.
bool sets_member(const json& j, std::vector<std::pair<std::string, std::string>>& out, std::string& why) {
  auto it = j.find("set");
  if (it == j.end()) return true;
  if (!it->is_object()) {
    why = "\"set\" must be an object of field: value";
    return false;
  }
  for (const auto& [field, value] : it->items()) {
    if (value.is_string()) out.emplace_back(field, value.get<std::string>());
    else if (value.is_number() || value.is_boolean()) out.emplace_back(field, value.dump());
    else {
      why = fmt::format("the value of field '{}' must be a text, a number or true/false", field);
      return false;
    }
  }
  return true;
}

// One line's object as an item, or why not.
bool read_item(const json& j, BatchItem& item, std::string& why) {
  if (!j.is_object()) {
    why = "a line must be a JSON object";
    return false;
  }
  const bool open = j.contains("open"), action = j.contains("case");
  if (open == action) {
    why = "a line has either \"open\" (a new case) or \"case\" (an action on one)";
    return false;
  }
  item.open = open;
  const auto& known = open ? kOpenMembers : kActionMembers;
  for (const auto& [name, value] : j.items())
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      why = fmt::format("unknown member \"{}\"{}", name, did_you_mean(name, known));
      return false;
    }
  if (open)
    return text_member(j, "open", true, item.power, why) && text_member(j, "party", true, item.party, why) &&
           text_member(j, "as", false, item.cmd.official, why) && sets_member(j, item.cmd.sets, why);
  return text_member(j, "case", true, item.case_id, why) && text_member(j, "action", true, item.cmd.action, why) &&
         text_member(j, "as", true, item.cmd.official, why) && text_member(j, "step", false, item.cmd.step, why) &&
         text_member(j, "note", false, item.cmd.note, why) && sets_member(j, item.cmd.sets, why);
}

}  // namespace

BatchParse parse_batch(std::string_view text, const std::string& file) {
  BatchParse out;
  int number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    BatchItem item;
    item.line = number;
    std::string why;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) why = "not a JSON object (malformed JSON)";
    else read_item(j, item, why);
    if (!why.empty()) out.errors.push_back(fmt::format("{}:{}: {}", file, number, why));
    else out.items.push_back(std::move(item));
  }
  return out;
}

void run_batch(GroupCommit& group, const std::vector<BatchItem>& items, int jobs, const BatchDone& done) {
  auto run_one = [&](const BatchItem& item) {
    return item.open ? group.open(item.power, item.party, item.cmd.sets, item.cmd.official)
                     : group.advance(item.case_id, item.cmd);
  };
  if (jobs <= 1) {  // one at a time: the file's order exactly
    for (const auto& item : items) done(item, run_one(item));
    return;
  }
  // Lanes: every action on one case, in file order; every opening a lane of its own.
  std::vector<std::vector<const BatchItem*>> lanes;
  std::map<std::string, size_t> lane_of;
  for (const auto& item : items) {
    if (item.open) {
      lanes.push_back({&item});
      continue;
    }
    auto [it, fresh] = lane_of.try_emplace(item.case_id, lanes.size());
    if (fresh) lanes.emplace_back();
    lanes[it->second].push_back(&item);
  }
  std::atomic<size_t> next{0};
  std::mutex report;
  auto work = [&] {
    for (size_t lane = next++; lane < lanes.size(); lane = next++)
      for (const BatchItem* item : lanes[lane]) {
        Served<CaseView> r = run_one(*item);
        std::lock_guard lock(report);
        done(*item, r);
      }
  };
  const int threads = std::max(1, std::min(jobs, static_cast<int>(lanes.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace sunlit
