#include "engine/fast_replay.h"

#include <cstring>
#include <vector>

#include <simdjson.h>

#include "engine/case_apply.h"

namespace sunlit {

namespace {

using Element = simdjson::dom::element;
using Type = simdjson::dom::element_type;
using json = nlohmann::json;

using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

Object object_of(const Element& e) {
  Object o;
  if (e.get(o)) return Object{};  // callers check is_object() first
  return o;
}

Array array_of(const Element& e) {
  Array a;
  if (e.get(a)) return Array{};  // callers check is_array() first
  return a;
}

std::optional<Element> find(const Element& p, const char* key) {
  if (!p.is_object()) return std::nullopt;
  Element out;
  if (object_of(p).at_key(key).get(out)) return std::nullopt;
  return out;
}

// A value as nlohmann would have parsed it: non-negative integers unsigned, as its parser makes them.
json to_nlohmann(const Element& e) {
  switch (e.type()) {
    case Type::OBJECT: {
      json o = json::object();
      auto& m = o.get_ref<json::object_t&>();
      for (auto [k, v] : object_of(e)) m.emplace_hint(m.end(), std::string(k), to_nlohmann(v));
      return o;
    }
    case Type::ARRAY: {
      json a = json::array();
      auto& v = a.get_ref<json::array_t&>();
      for (auto x : array_of(e)) v.push_back(to_nlohmann(x));
      return a;
    }
    case Type::STRING: return json(std::string(e.get_string().value_unsafe()));
    case Type::INT64: {
      std::int64_t i = e.get_int64().value_unsafe();
      return i >= 0 ? json(static_cast<std::uint64_t>(i)) : json(i);
    }
    case Type::UINT64: return json(e.get_uint64().value_unsafe());
    case Type::DOUBLE: return json(e.get_double().value_unsafe());
    case Type::BOOL: return json(e.get_bool().value_unsafe());
    default: return json(nullptr);
  }
}

double as_double(const Element& e) {
  switch (e.type()) {
    case Type::INT64: return static_cast<double>(e.get_int64().value_unsafe());
    case Type::UINT64: return static_cast<double>(e.get_uint64().value_unsafe());
    default: return e.get_double().value_unsafe();
  }
}

}  // namespace

// Member access for payloads parsed by simdjson (see case_apply.h).
template <> struct detail::PayloadAccess<Element> {
  static std::string text(const Element& p, const char* key) {
    auto m = find(p, key);
    return m && m->is_string() ? std::string(m->get_string().value_unsafe()) : std::string();
  }
  static std::optional<Instant> instant(const Element& p, const char* key) {
    auto m = find(p, key);
    if (!m) return std::nullopt;
    if (m->type() == Type::INT64) return m->get_int64().value_unsafe();
    if (m->type() == Type::UINT64) return static_cast<Instant>(m->get_uint64().value_unsafe());
    return std::nullopt;
  }
  static bool flag(const Element& p, const char* key) {
    auto m = find(p, key);
    return m && m->is_bool() && m->get_bool().value_unsafe();
  }
  static double number(const Element& p, const char* key, double fallback) {
    auto m = find(p, key);
    return m && m->is_number() ? as_double(*m) : fallback;
  }
  static std::int64_t integer(const Element& p, const char* key, std::int64_t fallback) {
    auto m = find(p, key);
    if (!m || !m->is_number()) return fallback;
    if (m->type() == Type::INT64) return m->get_int64().value_unsafe();
    if (m->type() == Type::UINT64) return static_cast<std::int64_t>(m->get_uint64().value_unsafe());
    return static_cast<std::int64_t>(m->get_double().value_unsafe());
  }
  static std::optional<Element> member(const Element& p, const char* key) { return find(p, key); }
  static bool is_object(const Element& p) { return p.is_object(); }
  static bool is_array(const Element& p) { return p.is_array(); }
  template <class F> static void for_each(const Element& a, F f) {
    for (auto x : array_of(a)) f(x);
  }
  template <class F> static void for_each_member(const Element& o, F f) {
    for (auto [k, v] : object_of(o)) f(k, v);
  }
  static json to_json(const Element& p) { return to_nlohmann(p); }
};

struct FastApplier::Impl {
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // the payload copied with the padding simdjson reads past its end
};

FastApplier::FastApplier() : impl_(std::make_unique<Impl>()) {}
FastApplier::~FastApplier() = default;

bool FastApplier::apply(CaseState& state, const EventView& event, std::string* error) {
  auto& buf = impl_->buffer;
  if (buf.size() < event.payload.size() + simdjson::SIMDJSON_PADDING)
    buf.resize(event.payload.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), event.payload.data(), event.payload.size());
  auto parsed = impl_->parser.parse(buf.data(), event.payload.size(), false);
  if (parsed.error()) return detail::fail(error, "the payload is not valid JSON");
  detail::EventHead head{event.seq, event.at, event.actor, event.post, event.kind};
  return detail::apply_event(state, head, parsed.value_unsafe(), error);
}

}  // namespace sunlit
