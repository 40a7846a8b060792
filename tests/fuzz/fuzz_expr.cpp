// libFuzzer target for the condition language: any bytes must compile to a tree
// or to errors with offsets inside the text, evaluate without crashing, and
// parse (or be refused) as a value of every field type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "engine/expr.h"

namespace {

using namespace sunlit;
using namespace sunlit::expr;

Field make(std::string name, FieldType type, std::vector<std::string> values = {},
           std::optional<FieldType> item = std::nullopt) {
  Field f;
  f.name = std::move(name);
  f.type = type;
  f.values = std::move(values);
  f.item = item;
  return f;
}

const std::vector<Field>& fields() {
  static const std::vector<Field> f = {
      make("fine", FieldType::money),
      make("big", FieldType::money),
      make("count", FieldType::number),
      make("name", FieldType::text),
      make("kind", FieldType::enumeration, {"person", "company"}),
      make("urgent", FieldType::boolean),
      make("filed", FieldType::date),
      make("tags", FieldType::list, {}, FieldType::text),
      make("amounts", FieldType::list, {}, FieldType::number),
      make("kinds", FieldType::list, {"a", "b"}, FieldType::enumeration),
      make("unset", FieldType::number),
  };
  return f;
}

Value value(FieldType type) {
  Value v;
  v.type = type;
  return v;
}

const Data& data() {
  static const Data d = [] {
    Data x;
    x["fine"] = value(FieldType::money);
    x["fine"].fen = 300050;
    x["big"] = value(FieldType::money);
    x["big"].fen = std::numeric_limits<std::int64_t>::max();
    x["count"] = value(FieldType::number);
    x["count"].number = 3;
    x["name"] = value(FieldType::text);
    x["name"].text = "张三";
    x["kind"] = value(FieldType::enumeration);
    x["kind"].text = "person";
    x["urgent"] = value(FieldType::boolean);
    x["urgent"].boolean = true;
    x["filed"] = value(FieldType::date);
    x["filed"].day = 20362;
    x["tags"] = value(FieldType::list);
    x["tags"].items = {value(FieldType::text)};
    x["amounts"] = value(FieldType::list);
    x["amounts"].items = {value(FieldType::number)};
    x["kinds"] = value(FieldType::list);
    return x;
  }();
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  Compiled c = compile(text, fields());
  if (c.ok() != static_cast<bool>(c.root)) std::abort();
  for (const auto& e : c.errors)
    if (e.offset > text.size() || e.message.empty()) std::abort();
  std::string error;
  if (c.ok()) {
    auto v = evaluate(c, data(), &error);
    if (v) (void)v->to_string();
    else if (error.empty()) std::abort();
  }
  Compiled cond = compile_condition(text, fields());
  if (cond.ok() && cond.type != FieldType::boolean) std::abort();
  for (const auto& f : fields()) {
    auto v = parse_value(text, f, &error);
    if (v) (void)v->to_string();
  }
  return 0;
}
