#include "engine/case_snapshot.h"

#include <charconv>
#include <map>
#include <string_view>
#include <vector>

namespace sunlit {

namespace {

using json = nlohmann::json;

// A string nlohmann would write as it is, between quotes: printable ASCII without `"` or `\`.
bool plain(std::string_view t) {
  for (unsigned char c : t)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  return true;
}

void text(std::string& out, std::string_view t) {
  if (!plain(t)) {
    out += json(std::string(t)).dump();  // nlohmann's escaping and UTF-8 check, exactly
    return;
  }
  out += '"';
  out += t;
  out += '"';
}

void integer(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// `,"name":` (keys here are plain), or without the comma for an object's first member.
void key(std::string& out, std::string_view name, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
}

void texts(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    text(out, list[i]);
  }
  out += ']';
}

// A std::map iterates in the order nlohmann's objects are written (both std::less on the key).
void lists(std::string& out, const std::map<std::string, std::vector<std::string>>& m) {
  out += '{';
  bool first = true;
  for (const auto& [name, list] : m) {
    if (!first) out += ',';
    first = false;
    text(out, name);
    out += ':';
    texts(out, list);
  }
  out += '}';
}

// One open step; members in key order: due, estimated, signatures, since, step.
void token(std::string& out, const Token& t) {
  out += '{';
  bool first = true;
  if (t.due) {
    key(out, "due", first);
    integer(out, *t.due);
    first = false;
  }
  if (t.estimated) {
    key(out, "estimated", first);
    out += "true";
    first = false;
  }
  key(out, "signatures", first);
  texts(out, t.signatures);
  key(out, "since");
  integer(out, t.since);
  key(out, "step");
  text(out, t.step);
  out += '}';
}

}  // namespace

std::string snapshot_text(const CaseState& s) {
  const json extras = detail::snapshot_extras(s);
  std::string out;
  out.reserve(512);
  auto extra = [&](const char* name) {
    auto it = extras.find(name);
    if (it == extras.end()) return;
    key(out, name);
    out += it->dump();
  };
  // Members in key order, as nlohmann writes an object.
  out += '{';
  key(out, "arrived", true);
  lists(out, s.arrived);
  extra("cards");
  extra("clock");
  key(out, "closed");
  out += s.closed ? "true" : "false";
  key(out, "closed_at");
  integer(out, s.closed_at);
  key(out, "data");
  out += s.data.dump();
  key(out, "definition_id");
  integer(out, s.definition_id);
  key(out, "definition_version");
  integer(out, s.definition_version);
  key(out, "done_by");
  lists(out, s.done_by);
  key(out, "open");
  out += '[';
  for (std::size_t i = 0; i < s.open.size(); ++i) {
    if (i) out += ',';
    token(out, s.open[i]);
  }
  out += ']';
  key(out, "opened_at");
  integer(out, s.opened_at);
  key(out, "outcome");
  text(out, s.outcome);
  key(out, "party");
  text(out, s.party);
  key(out, "power");
  text(out, s.power);
  extra("remedies");
  extra("rights");
  out += '}';
  return out;
}

}  // namespace sunlit
