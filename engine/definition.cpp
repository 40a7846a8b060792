#include "engine/definition.h"

#include <array>
#include <utility>

namespace sunlit {

namespace {

// The YAML spelling of every enumerator, in declaration order.
template <class E> struct Names;
template <> struct Names<Category> {
  static constexpr std::array v{"license", "penalty", "compulsion", "levy", "benefit",
                                "adjudication", "confirmation", "other", "internal"};
};
template <> struct Names<Unit> { static constexpr std::array v{"workdays", "days", "hours", "months"}; };
template <> struct Names<FieldType> {
  static constexpr std::array v{"text", "number", "money", "bool", "date", "enum", "list"};
};
template <> struct Names<StepKind> {
  static constexpr std::array v{"task", "choice", "parallel", "join", "wait"};
};
template <> struct Names<Initiation> { static constexpr std::array v{"application", "ex_officio"}; };
template <> struct Names<DisclosureScope> {
  static constexpr std::array v{"public", "on_request", "internal", "none"};
};
template <> struct Names<DisclosureTime> {
  static constexpr std::array v{"permanent", "as_it_happens", "on_request", "none"};
};
template <> struct Names<OutcomeKind> {
  static constexpr std::array v{"granted", "refused", "not_accepted", "withdrawn", "deemed_accepted",
                                "deemed_abandoned", "penalty", "no_penalty", "answered", "decided",
                                "completed", "transferred", "other"};
};
template <> struct Names<RightKind> {
  static constexpr std::array v{"reasons", "statement", "defence", "statement_and_defence",
                                "hearing", "information", "other"};
};
template <> struct Names<ChannelKind> {
  static constexpr std::array v{"hotline", "supervision", "reconsideration", "litigation", "petition", "other"};
};
template <> struct Names<SeparationKind> {
  static constexpr std::array v{"different_officials", "two_officials"};
};

template <class E> const char* name_of(E e) {
  auto i = static_cast<size_t>(e);
  return i < Names<E>::v.size() ? Names<E>::v[i] : "?";
}

template <class T, class P> const T* find_by(const std::vector<T>& items, const std::string& key, P proj) {
  for (const auto& item : items)
    if (proj(item) == key) return &item;
  return nullptr;
}

}  // namespace

template <class E> std::vector<std::string> spellings() {
  return {Names<E>::v.begin(), Names<E>::v.end()};
}

template <class E> bool parse_enum(const std::string& text, E& out) {
  for (size_t i = 0; i < Names<E>::v.size(); ++i) {
    if (text == Names<E>::v[i]) {
      out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

#define SUNLIT_ENUM(E)                                              \
  const char* to_string(E v) { return name_of(v); }                 \
  template std::vector<std::string> spellings<E>();                 \
  template bool parse_enum<E>(const std::string&, E&);
SUNLIT_ENUM(Category)
SUNLIT_ENUM(Unit)
SUNLIT_ENUM(FieldType)
SUNLIT_ENUM(StepKind)
SUNLIT_ENUM(Initiation)
SUNLIT_ENUM(DisclosureScope)
SUNLIT_ENUM(DisclosureTime)
SUNLIT_ENUM(OutcomeKind)
SUNLIT_ENUM(RightKind)
SUNLIT_ENUM(ChannelKind)
SUNLIT_ENUM(SeparationKind)
#undef SUNLIT_ENUM

const char* chinese_name(Category v) {
  static constexpr std::array names{"行政许可", "行政处罚", "行政强制", "行政征收", "行政给付",
                                    "行政裁决", "行政确认", "其他行政权力", "内部管理"};
  return names[static_cast<size_t>(v)];
}

const Step* find_step(const Process& p, const std::string& id) {
  return find_by(p.steps, id, [](const Step& s) -> const std::string& { return s.id; });
}
const Outcome* find_outcome(const Process& p, const std::string& id) {
  return find_by(p.outcomes, id, [](const Outcome& o) -> const std::string& { return o.id; });
}
const Field* find_field(const Process& p, const std::string& name) {
  return find_by(p.fields, name, [](const Field& f) -> const std::string& { return f.name; });
}
const Channel* find_channel(const Process& p, const std::string& id) {
  return find_by(p.channels, id, [](const Channel& c) -> const std::string& { return c.id; });
}
const Post* find_post(const Organisation& o, const std::string& id) {
  return find_by(o.posts, id, [](const Post& p) -> const std::string& { return p.id; });
}
const Official* find_official(const Organisation& o, const std::string& id) {
  return find_by(o.officials, id, [](const Official& f) -> const std::string& { return f.id; });
}

}  // namespace sunlit
