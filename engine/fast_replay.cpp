#include "engine/fast_replay.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

// RapidJSON scans strings and whitespace 16 bytes at a time with SSE2 (x86-64's baseline); its
// aligned loads stay inside the padded buffer (FastApplier::Impl::buffer).
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/document.h>
#include <rapidjson/reader.h>

#include "engine/case_apply.h"

namespace sunlit {

namespace {

using json = nlohmann::json;
// One memory pool per applier, emptied before each event: no allocation per event in steady state.
using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;
using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, Pool>;
using Value = Document::ValueType;

using Reader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, Pool>;

// Strict JSON, parsed in place, numbers handed over as text, strings' UTF-8 checked by Strict
// (RapidJSON's own check, kParseValidateEncodingFlag, decodes byte by byte: ~20 instructions a byte).
constexpr unsigned kParseFlags = rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag;

// A number as nlohmann's parser makes it: an integer if it is written as one and fits in 64 bits,
// else strtod's double (RapidJSON's own rounding differs near the smallest denormal), refused if
// that is not finite (nlohmann: "number overflow").
bool put_number(Document& doc, const char* s, std::size_t n) {
  const char* end = s + n;
  if (std::find_if(s, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == end) {
    if (*s == '-') {
      std::int64_t i = 0;
      auto r = std::from_chars(s, end, i);
      if (r.ec == std::errc() && r.ptr == end) return doc.Int64(i);
    } else {
      std::uint64_t u = 0;
      auto r = std::from_chars(s, end, u);
      if (r.ec == std::errc() && r.ptr == end) return doc.Uint64(u);
    }
  }
  char local[64];
  std::string big;
  const char* text = local;
  if (n < sizeof local) {
    std::memcpy(local, s, n);
    local[n] = '\0';
  } else {
    text = big.assign(s, n).c_str();
  }
  double d = std::strtod(text, nullptr);
  return std::isfinite(d) && doc.Double(d);
}

// Whether text is well-formed UTF-8 as nlohmann requires in strings (RFC 3629: no overlong form,
// no surrogate, nothing above U+10FFFF). Checked once over the whole payload, and over each decoded
// string of a payload with a \u escape: RapidJSON decodes a lone low surrogate (\udc00) into
// bytes ED B0 80, where nlohmann refuses it.
bool utf8(const char* text, std::size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  const auto* end = p + n;
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {  // eight ASCII bytes
        p += 8;
        continue;
      }
    }
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    if (c >= 0xE1 && c <= 0xEC && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      p += 3;  // most CJK characters: no edge of the ranges below
      continue;
    }
    std::ptrdiff_t len = 4;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (end - p < len || p[1] < lo || p[1] > hi) return false;
    for (std::ptrdiff_t k = 2; k < len; ++k)
      if ((p[k] & 0xC0) != 0x80) return false;
    p += len;
  }
  return true;
}

// The document's SAX handler with nlohmann's rules where RapidJSON's differ (numbers, UTF-8).
struct Strict {
  Document& doc;
  bool check_strings;  // the payload has a \u escape
  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }  // (numbers come as text: RawNumber)
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(std::int64_t i) { return doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return put_number(doc, s, n); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return (!check_strings || utf8(s, n)) && doc.String(s, n, copy); }
  bool StartObject() { return doc.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return (!check_strings || utf8(s, n)) && doc.Key(s, n, copy); }
  bool EndObject(rapidjson::SizeType members) { return doc.EndObject(members); }
  bool StartArray() { return doc.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return doc.EndArray(elements); }
};

// A member by name; the last of duplicate names, as nlohmann keeps it.
const Value* find(const Value& p, const char* key) {
  if (!p.IsObject()) return nullptr;
  const auto n = std::strlen(key);
  for (auto it = p.MemberEnd(); it != p.MemberBegin();) {
    --it;
    if (it->name.GetStringLength() == n && std::memcmp(it->name.GetString(), key, n) == 0) return &it->value;
  }
  return nullptr;
}

std::string string_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// A value as nlohmann would have parsed it: non-negative integers unsigned, as its parser makes them.
json to_nlohmann(const Value& v) {
  switch (v.GetType()) {
    case rapidjson::kObjectType: {
      json o = json::object();
      auto& m = o.get_ref<json::object_t&>();
      for (const auto& x : v.GetObject()) m.insert_or_assign(m.end(), string_of(x.name), to_nlohmann(x.value));
      return o;
    }
    case rapidjson::kArrayType: {
      json a = json::array();
      auto& list = a.get_ref<json::array_t&>();
      list.reserve(v.Size());
      for (const auto& x : v.GetArray()) list.push_back(to_nlohmann(x));
      return a;
    }
    case rapidjson::kStringType: return json(string_of(v));
    case rapidjson::kNumberType:
      if (v.IsUint64()) return json(v.GetUint64());
      if (v.IsInt64()) return json(v.GetInt64());
      return json(v.GetDouble());
    case rapidjson::kTrueType: return json(true);
    case rapidjson::kFalseType: return json(false);
    default: return json(nullptr);
  }
}

std::optional<std::int64_t> integral(const Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return static_cast<std::int64_t>(v.GetUint64());
  return std::nullopt;
}

}  // namespace

// Member access for payloads parsed by RapidJSON (see case_apply.h).
template <> struct detail::PayloadAccess<Value> {
  static std::string text(const Value& p, const char* key) {
    const Value* m = find(p, key);
    return m && m->IsString() ? string_of(*m) : std::string();
  }
  static std::optional<Instant> instant(const Value& p, const char* key) {
    const Value* m = find(p, key);
    return m ? integral(*m) : std::nullopt;
  }
  static bool flag(const Value& p, const char* key) {
    const Value* m = find(p, key);
    return m && m->IsBool() && m->GetBool();
  }
  static double number(const Value& p, const char* key, double fallback) {
    const Value* m = find(p, key);
    return m && m->IsNumber() ? m->GetDouble() : fallback;
  }
  static std::int64_t integer(const Value& p, const char* key, std::int64_t fallback) {
    const Value* m = find(p, key);
    if (!m || !m->IsNumber()) return fallback;
    if (auto i = integral(*m)) return *i;
    return to_int64(m->GetDouble());
  }
  static const Value* member(const Value& p, const char* key) { return find(p, key); }
  static bool is_object(const Value& p) { return p.IsObject(); }
  static bool is_array(const Value& p) { return p.IsArray(); }
  template <class F> static void for_each(const Value& a, F f) {
    for (const auto& x : a.GetArray()) f(x);
  }
  template <class F> static void for_each_member(const Value& o, F f) {
    for (const auto& x : o.GetObject()) f(std::string_view(x.name.GetString(), x.name.GetStringLength()), x.value);
  }
  static json to_json(const Value& p) { return to_nlohmann(p); }
};

struct FastApplier::Impl {
  alignas(16) char value_space[16 * 1024];  // the pools' first chunks (larger payloads add more)
  alignas(16) char stack_space[8 * 1024];
  Pool values{value_space, sizeof value_space};
  Pool stack{stack_space, sizeof stack_space};
  Document doc{&values, 1024, &stack};
  Reader reader{&stack, 256};
  std::vector<char> buffer;  // the payload copied, NUL-terminated, for parsing in place; never shrinks
};

FastApplier::FastApplier() : impl_(std::make_unique<Impl>()) {}
FastApplier::~FastApplier() = default;

bool FastApplier::apply(CaseState& state, const EventView& event, std::string* error) {
  auto& buf = impl_->buffer;
  const std::size_t padded = (event.payload.size() + 1 + 15) / 16 * 16 + 16;  // whole 16-byte blocks
  if (buf.size() < padded) buf.resize(padded);
  std::memcpy(buf.data(), event.payload.data(), event.payload.size());
  buf[event.payload.size()] = '\0';
  impl_->values.Clear();
  impl_->stack.Clear();
  rapidjson::InsituStringStream in(buf.data());
  const bool escapes = event.payload.find("\\u") != std::string_view::npos;
  bool parsed = false;
  auto parse = [&](Document& doc) {
    Strict handler{doc, escapes};
    return parsed = !impl_->reader.Parse<kParseFlags>(in, handler).IsError();
  };
  if (utf8(event.payload.data(), event.payload.size())) impl_->doc.Populate(parse);
  if (parsed) {
    detail::EventHead head{event.seq, event.at, event.actor, event.post, event.kind};
    return detail::apply_event(state, head, static_cast<const Value&>(impl_->doc), error);
  }
  // What is not read here but nlohmann reads (a leading byte-order mark; bytes after a NUL) is
  // applied as apply() applies it; what neither reads is not JSON.
  json payload = json::parse(event.payload, nullptr, false);
  if (payload.is_discarded()) return detail::fail(error, "the payload is not valid JSON");
  return sunlit::apply(state,
                       CaseEvent{event.seq, event.at, std::string(event.actor), std::string(event.post),
                                 std::string(event.kind), std::move(payload)},
                       error);
}

}  // namespace sunlit
