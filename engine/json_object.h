// object_of("key", value, …): a JSON object built member by member.
//
// Contract: object_of("a", x, "b", y) equals nlohmann::json{{"a", x}, {"b", y}} (same members,
// same value types), without the initializer-list detour, which builds each pair as a temporary
// two-element array and then copies it: on the runtime's hot path (an event payload per routing
// step) that detour was a third of an advance's instructions.
#pragma once

#include <utility>

#include <nlohmann/json.hpp>

namespace sunlit {

namespace detail {
inline void put_members(nlohmann::json&) {}
template <class V, class... Rest>
void put_members(nlohmann::json& o, const char* key, V&& value, Rest&&... rest) {
  o[key] = std::forward<V>(value);
  put_members(o, std::forward<Rest>(rest)...);
}
}  // namespace detail

// A JSON object of the given key/value pairs: see the contract above.
template <class... Members>
nlohmann::json object_of(Members&&... members) {
  static_assert(sizeof...(Members) % 2 == 0, "object_of takes key/value pairs");
  nlohmann::json o = nlohmann::json::object();
  detail::put_members(o, std::forward<Members>(members)...);
  return o;
}

}  // namespace sunlit
