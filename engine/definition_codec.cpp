// The binary form of a loaded definition: a hand-written writer and a bounds-checked reader.
//
// Layout: "SLDC", the format number, the Process then the Organisation field by field in
// declaration order, then an 8-byte checksum of everything before it. Integers are varints
// (signed ones zigzagged), strings and lists are length-prefixed, an optional is a presence
// byte, a double its 8 IEEE bytes, an enumeration its varint index (checked against its last
// value). Each struct's field list is written once, in fields(), and serves both directions,
// so the writer and the reader cannot drift apart.
#include "engine/definition_codec.h"

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace sunlit {
namespace {

// If one of these fails, a field was added to or removed from engine/definition.h: add it to the
// matching fields() below and bump kDefinitionCodecFormat. (Sizes as laid out by libstdc++ on
// 64-bit targets; a new bool may hide in padding, so read definition.h's diff too.)
#if defined(__GLIBCXX__) && defined(__x86_64__)
#define SUNLIT_CODEC_SIZE(T, n)                                                                       \
  static_assert(sizeof(T) == (n), "definition.h changed (" #T "): update engine/definition_codec.cpp " \
                                  "and bump kDefinitionCodecFormat")
#else
#define SUNLIT_CODEC_SIZE(T, n) static_assert(true)
#endif
SUNLIT_CODEC_SIZE(Pos, 8);
SUNLIT_CODEC_SIZE(Ref, 40);
SUNLIT_CODEC_SIZE(Period, 56);
SUNLIT_CODEC_SIZE(Basis, 104);
SUNLIT_CODEC_SIZE(Disclosure, 112);
SUNLIT_CODEC_SIZE(Catalog, 512);
SUNLIT_CODEC_SIZE(Field, 160);
SUNLIT_CODEC_SIZE(Action, 176);
SUNLIT_CODEC_SIZE(Branch, 120);
SUNLIT_CODEC_SIZE(Timeout, 80);
SUNLIT_CODEC_SIZE(Step, 656);
SUNLIT_CODEC_SIZE(Outcome, 232);
SUNLIT_CODEC_SIZE(Extension, 104);
SUNLIT_CODEC_SIZE(CaseLimit, 256);
SUNLIT_CODEC_SIZE(Withdrawal, 104);
SUNLIT_CODEC_SIZE(SupervisionPoint, 200);
SUNLIT_CODEC_SIZE(Right, 192);
SUNLIT_CODEC_SIZE(Channel, 176);
SUNLIT_CODEC_SIZE(SeparationRule, 72);
SUNLIT_CODEC_SIZE(Process, 1136);
SUNLIT_CODEC_SIZE(Post, 104);
SUNLIT_CODEC_SIZE(Department, 72);
SUNLIT_CODEC_SIZE(Official, 96);
SUNLIT_CODEC_SIZE(Organisation, 176);
#undef SUNLIT_CODEC_SIZE

constexpr std::string_view kMagic = "SLDC";
constexpr size_t kChecksumBytes = 8;

// The last value of each enumeration: a decoded index above it is refused.
constexpr unsigned last(Category) { return static_cast<unsigned>(Category::internal); }
constexpr unsigned last(Unit) { return static_cast<unsigned>(Unit::months); }
constexpr unsigned last(FieldType) { return static_cast<unsigned>(FieldType::list); }
constexpr unsigned last(StepKind) { return static_cast<unsigned>(StepKind::wait); }
constexpr unsigned last(Initiation) { return static_cast<unsigned>(Initiation::ex_officio); }
constexpr unsigned last(DisclosureScope) { return static_cast<unsigned>(DisclosureScope::none); }
constexpr unsigned last(DisclosureTime) { return static_cast<unsigned>(DisclosureTime::none); }
constexpr unsigned last(OutcomeKind) { return static_cast<unsigned>(OutcomeKind::other); }
constexpr unsigned last(RightKind) { return static_cast<unsigned>(RightKind::other); }
constexpr unsigned last(ChannelKind) { return static_cast<unsigned>(ChannelKind::other); }
constexpr unsigned last(SeparationKind) { return static_cast<unsigned>(SeparationKind::two_officials); }

// S is T, const or not (one field list serves the writer and the reader).
template <class S, class T> concept Is = std::same_as<std::remove_const_t<S>, T>;

// The fields of each struct, in declaration order.
template <class V, Is<Pos> S> void fields(V& v, S& s) { v(s.line, s.col); }
template <class V, Is<Ref> S> void fields(V& v, S& s) { v(s.name, s.pos); }
template <class V, Is<Period> S> void fields(V& v, S& s) { v(s.amount, s.unit, s.article, s.pos); }
template <class V, Is<Basis> S> void fields(V& v, S& s) { v(s.title, s.article, s.text, s.pos); }
template <class V, Is<Disclosure> S> void fields(V& v, S& s) { v(s.scope, s.forms, s.time, s.within, s.pos); }
template <class V, Is<Catalog> S> void fields(V& v, S& s) {
  v(s.code, s.name, s.category, s.category_pos, s.basis, s.body, s.office, s.responsible, s.initiation,
    s.conditions, s.disclosure, s.fee_basis, s.fee_standard, s.risk, s.risk_pos, s.confidential,
    s.confidential_basis, s.confidential_reason, s.confidential_pos, s.pos);
}
template <class V, Is<Field> S> void fields(V& v, S& s) {
  v(s.name, s.type, s.values, s.item, s.label, s.pos, s.fallback, s.fallback_pos);
}
template <class V, Is<Action> S> void fields(V& v, S& s) {
  v(s.name, s.to, s.label, s.sets, s.handoff, s.by_party, s.pos);
}
template <class V, Is<Branch> S> void fields(V& v, S& s) { v(s.condition, s.condition_pos, s.to, s.label, s.pos); }
template <class V, Is<Timeout> S> void fields(V& v, S& s) { v(s.to, s.label, s.pos); }
template <class V, Is<Step> S> void fields(V& v, S& s) {
  v(s.id, s.pos, s.name, s.kind, s.start, s.post, s.description, s.limit, s.actions, s.branches, s.otherwise,
    s.parallel, s.join, s.next, s.timeout, s.suspends, s.restarts_clock, s.disclosure);
}
template <class V, Is<Outcome> S> void fields(V& v, S& s) {
  v(s.id, s.pos, s.name, s.kind, s.kind_pos, s.remedies, s.disclosure);
}
template <class V, Is<Extension> S> void fields(V& v, S& s) { v(s.period, s.approved_by, s.pos); }
template <class V, Is<CaseLimit> S> void fields(V& v, S& s) { v(s.period, s.from, s.until, s.extension, s.pos); }
template <class V, Is<Withdrawal> S> void fields(V& v, S& s) { v(s.outcome, s.from, s.article, s.pos); }
template <class V, Is<SupervisionPoint> S> void fields(V& v, S& s) {
  v(s.step, s.body, s.kind, s.channel, s.contact, s.records, s.pos);
}
template <class V, Is<Right> S> void fields(V& v, S& s) {
  v(s.kind, s.kind_pos, s.step, s.window, s.article, s.description, s.pos);
}
template <class V, Is<Channel> S> void fields(V& v, S& s) { v(s.id, s.kind, s.body, s.contact, s.deadline, s.pos); }
template <class V, Is<SeparationRule> S> void fields(V& v, S& s) { v(s.kind, s.steps, s.article, s.pos); }
template <class V, Is<Process> S> void fields(V& v, S& s) {
  v(s.file, s.pos, s.organisation, s.power, s.fields, s.steps, s.outcomes, s.limit, s.withdrawal, s.supervision,
    s.rights, s.channels, s.separation);
}
template <class V, Is<Post> S> void fields(V& v, S& s) { v(s.id, s.name, s.department, s.pos); }
template <class V, Is<Department> S> void fields(V& v, S& s) { v(s.id, s.name, s.pos); }
template <class V, Is<Official> S> void fields(V& v, S& s) { v(s.id, s.name, s.posts, s.pos); }
template <class V, Is<Organisation> S> void fields(V& v, S& s) {
  v(s.file, s.name, s.title, s.departments, s.posts, s.officials, s.pos);
}

// A struct that has a field list above.
template <class T, class V> concept Record = requires(V& v, T& t) { fields(v, t); };

std::uint64_t zigzag(std::int64_t x) {
  return (static_cast<std::uint64_t>(x) << 1) ^ static_cast<std::uint64_t>(x >> 63);
}
std::int64_t unzigzag(std::uint64_t u) {
  return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}

// 64-bit checksum, 8 bytes at a time: each round is a bijection of the state for a fixed word,
// and of the word for a fixed state, so any change confined to one word is always detected.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
  auto round = [&](std::uint64_t w) {
    h = (h ^ w) * kPrime;
    h ^= h >> 29;
  };
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w = 0;
    for (size_t k = 0; k < 8; ++k) w |= std::uint64_t{static_cast<unsigned char>(bytes[i + k])} << (8 * k);
    round(w);
  }
  std::uint64_t tail = 0;
  for (size_t k = 0; i + k < bytes.size(); ++k)
    tail |= std::uint64_t{static_cast<unsigned char>(bytes[i + k])} << (8 * k);
  round(tail);
  return h;
}

// Appends the encoding of values to a string.
class Writer {
 public:
  std::string out;

  template <class... T> void operator()(const T&... items) { (put(items), ...); }

  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  }
  void fixed64(std::uint64_t v) {
    for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
  }

 private:
  void put(const std::string& s) {
    varint(s.size());
    out.append(s);
  }
  void put(int x) { varint(zigzag(x)); }
  void put(bool b) { out.push_back(b ? '\1' : '\0'); }
  void put(double d) { fixed64(std::bit_cast<std::uint64_t>(d)); }
  template <class E> requires std::is_enum_v<E> void put(E e) { varint(static_cast<std::uint64_t>(e)); }
  template <class T> void put(const std::optional<T>& o) {
    put(o.has_value());
    if (o) put(*o);
  }
  template <class T> void put(const std::vector<T>& items) {
    varint(items.size());
    for (const auto& item : items) put(item);
  }
  template <class T> requires Record<const T, Writer> void put(const T& t) { fields(*this, t); }
};

// Reads values back; the first malformed or missing byte stops it (ok() false), never past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }

  template <class... T> void operator()(T&... items) { (get(items), ...); }

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!ok_ || pos_ >= in_.size()) return fail();
      auto b = static_cast<unsigned char>(in_[pos_++]);
      if (shift == 63 && b > 1) return fail();
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return fail();
  }
  bool fixed64(std::uint64_t& v) {
    if (!ok_ || in_.size() - pos_ < 8) return fail();
    v = 0;
    for (int k = 0; k < 8; ++k) v |= std::uint64_t{static_cast<unsigned char>(in_[pos_++])} << (8 * k);
    return true;
  }
  bool bytes(std::string_view expected) {
    if (!ok_ || in_.substr(pos_, expected.size()) != expected) return fail();
    pos_ += expected.size();
    return true;
  }

 private:
  bool fail() {
    ok_ = false;
    return false;
  }
  // A count of items still to read: each takes at least one byte, so more than remain is garbage.
  bool count(size_t& n) {
    std::uint64_t v = 0;
    if (!varint(v)) return false;
    if (v > in_.size() - pos_) return fail();
    n = static_cast<size_t>(v);
    return true;
  }
  void get(std::string& s) {
    size_t n = 0;
    if (count(n)) {
      s.assign(in_.data() + pos_, n);
      pos_ += n;
    }
  }
  void get(int& x) {
    std::uint64_t u = 0;
    if (!varint(u)) return;
    std::int64_t v = unzigzag(u);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) fail();
    else x = static_cast<int>(v);
  }
  void get(bool& b) {
    if (!ok_ || pos_ >= in_.size() || static_cast<unsigned char>(in_[pos_]) > 1) fail();
    else b = in_[pos_++] == '\1';
  }
  void get(double& d) {
    std::uint64_t bits = 0;
    if (fixed64(bits)) d = std::bit_cast<double>(bits);
  }
  template <class E> requires std::is_enum_v<E> void get(E& e) {
    std::uint64_t v = 0;
    if (!varint(v)) return;
    if (v > last(E{})) fail();
    else e = static_cast<E>(v);
  }
  template <class T> void get(std::optional<T>& o) {
    bool present = false;
    get(present);
    o.reset();
    if (!ok_ || !present) return;
    T value{};  // read into a local, then move: g++ 12 -O2 misreads emplace() here as uninitialised
    get(value);
    o = std::move(value);
  }
  template <class T> void get(std::vector<T>& items) {
    size_t n = 0;
    items.clear();
    if (!count(n)) return;
    for (size_t i = 0; i < n && ok_; ++i) get(items.emplace_back());
  }
  template <class T> requires Record<T, Reader> void get(T& t) {
    if (ok_) fields(*this, t);
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string encode_definition(const Process& process, const Organisation& organisation) {
  Writer w;
  w.out.append(kMagic);
  w.varint(static_cast<std::uint64_t>(kDefinitionCodecFormat));
  w(process, organisation);
  w.fixed64(checksum(w.out));
  return std::move(w.out);
}

std::optional<LoadedDefinition> decode_definition(std::string_view body) {
  if (body.size() < kMagic.size() + 1 + kChecksumBytes) return std::nullopt;
  std::string_view payload = body.substr(0, body.size() - kChecksumBytes);
  Reader sum(body.substr(payload.size()));
  std::uint64_t stored = 0;
  if (!sum.fixed64(stored) || stored != checksum(payload)) return std::nullopt;
  return decode_definition_unchecked(payload);
}

std::optional<LoadedDefinition> decode_definition_unchecked(std::string_view payload) try {
  Reader r(payload);
  std::uint64_t format = 0;
  if (!r.bytes(kMagic) || !r.varint(format) || format != static_cast<std::uint64_t>(kDefinitionCodecFormat))
    return std::nullopt;
  LoadedDefinition out;
  r(out.process, out.organisation);
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return out;
} catch (...) {  // only std::bad_alloc can get here: a cache miss, never a crash
  return std::nullopt;
}

}  // namespace sunlit
