// Tests of the condition language: grammar, types, messages, evaluation, values.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "engine/expr.h"

using namespace sunlit;
using namespace sunlit::expr;

namespace {

Field field(std::string name, FieldType type, std::vector<std::string> values = {},
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
      field("fine", FieldType::money),
      field("a", FieldType::money),
      field("b", FieldType::money),
      field("big", FieldType::money),
      field("low", FieldType::money),
      field("count", FieldType::number),
      field("huge", FieldType::number),
      field("name", FieldType::text),
      field("party_kind", FieldType::enumeration, {"person", "company"}),
      field("urgent", FieldType::boolean),
      field("filed", FieldType::date),
      field("tags", FieldType::list, {}, FieldType::text),
      field("amounts", FieldType::list, {}, FieldType::number),
      field("kinds", FieldType::list, {"a", "b"}, FieldType::enumeration),
  };
  return f;
}

const Field& field_named(const std::string& name) {
  for (const auto& f : fields())
    if (f.name == name) return f;
  throw std::logic_error("no field " + name);
}

Value set(const std::string& name, std::string_view text) {
  std::string error;
  auto v = parse_value(text, field_named(name), &error);
  if (!v) throw std::logic_error(error);
  return *v;
}

Data data() {
  Data d;
  d["fine"] = set("fine", "3000.50");
  d["a"] = set("a", "0.10");
  d["b"] = set("b", "0.20");
  d["big"] = Value{FieldType::money, false, 0, std::numeric_limits<std::int64_t>::max(), 0, {}, {}};
  d["low"] = Value{FieldType::money, false, 0, std::numeric_limits<std::int64_t>::min(), 0, {}, {}};
  d["count"] = set("count", "3");
  d["huge"] = Value{FieldType::number, false, 1e300, 0, 0, {}, {}};
  d["name"] = set("name", "张三");
  d["party_kind"] = set("party_kind", "person");
  d["urgent"] = set("urgent", "true");
  d["filed"] = set("filed", "2025-10-01");
  d["tags"] = set("tags", "x, y");
  d["amounts"] = set("amounts", "1, 2.5");
  d["kinds"] = set("kinds", "a");
  return d;
}

// "offset: message" of the first error, or "ok".
std::string err(std::string_view text) {
  Compiled c = compile(text, fields());
  if (c.ok()) return "ok";
  return std::to_string(c.errors[0].offset) + ": " + c.errors[0].message;
}

std::string cond_err(std::string_view text) {
  Compiled c = compile_condition(text, fields());
  if (c.ok()) return "ok";
  return std::to_string(c.errors[0].offset) + ": " + c.errors[0].message;
}

// The value as canonical text, or "error: ..." for a compile or evaluation error.
std::string run(std::string_view text, const Data& d = data()) {
  Compiled c = compile(text, fields());
  if (!c.ok()) return "compile error: " + c.errors[0].message;
  std::string error;
  auto v = evaluate(c, d, &error);
  return v ? v->to_string() : "error: " + error;
}

FieldType type_of(std::string_view text) {
  Compiled c = compile(text, fields());
  REQUIRE(c.ok());
  return c.type;
}

std::string value(std::string_view text, const std::string& name) {
  std::string error;
  auto v = parse_value(text, field_named(name), &error);
  return v ? v->to_string() : "error: " + error;
}

}  // namespace

TEST_CASE("precedence: * and / before + and -, both left-associative") {
  CHECK(run("1 + 2 * 3") == "7");
  CHECK(run("(1 + 2) * 3") == "9");
  CHECK(run("10 - 3 - 2") == "5");
  CHECK(run("12 / 3 / 2") == "2");
  CHECK(run("2 * 3 + 4 * 5") == "26");
  CHECK(run("-2 * 3") == "-6");
  CHECK(run("- -2") == "2");
  CHECK(run("2 - -1") == "3");
}

TEST_CASE("precedence: comparison, not, and, or") {
  CHECK(run("true or false and false") == "true");
  CHECK(run("(true or false) and false") == "false");
  CHECK(run("not true or true") == "true");
  CHECK(run("not false and false") == "false");
  CHECK(run("not 1 > 2") == "true");
  CHECK(run("1 + 1 == 2 and 2 > 1") == "true");
  CHECK(run("count + 1 in [4]") == "true");
  CHECK(run("not not urgent") == "true");
  CHECK(run("count not in [1, 2]") == "true");
}

TEST_CASE("arithmetic types: money with numbers stays money") {
  CHECK(type_of("fine + 1") == FieldType::money);
  CHECK(type_of("1 + fine") == FieldType::money);
  CHECK(type_of("fine - fine") == FieldType::money);
  CHECK(type_of("fine * 2") == FieldType::money);
  CHECK(type_of("2 * fine") == FieldType::money);
  CHECK(type_of("fine / 2") == FieldType::money);
  CHECK(type_of("fine / fine") == FieldType::number);
  CHECK(type_of("count * 2") == FieldType::number);
  CHECK(type_of("-fine") == FieldType::money);
  CHECK(type_of("fine > 1") == FieldType::boolean);
  CHECK(type_of("filed") == FieldType::date);
  CHECK(type_of("[1, 2]") == FieldType::list);
}

TEST_CASE("arithmetic type errors") {
  CHECK(err("fine * fine") == "5: cannot multiply money by money");
  CHECK(err("1 / fine") == "2: cannot divide a number by money");
  CHECK(err("name + 1") == "0: '+' needs numbers or money on both sides, but 'name' is text");
  CHECK(err("1 - filed") == "4: '-' needs numbers or money on both sides, but 'filed' is a date");
  CHECK(err("urgent * 2") == "0: '*' needs numbers or money on both sides, but 'urgent' is true/false");
  CHECK(err("2 / tags") == "4: '/' needs numbers or money on both sides, but 'tags' is a list of text");
  CHECK(err("-name") == "1: '-' needs a number or money, but 'name' is text");
  CHECK(err("(\"a\") + 1") == "0: '+' needs numbers or money on both sides, but '(\"a\")' is text");
}

TEST_CASE("comparison type rules") {
  CHECK(err("fine > 200") == "ok");
  CHECK(err("200 <= fine") == "ok");
  CHECK(err("count == fine") == "ok");
  CHECK(err("filed < date(\"2025-01-01\")") == "ok");
  CHECK(err("name == party_kind") == "ok");
  CHECK(err("urgent == true") == "ok");
  CHECK(err("name == 1") == "5: cannot compare text with a number");
  CHECK(err("filed > 3") == "6: cannot compare a date with a number");
  CHECK(err("urgent != 1") == "7: cannot compare true/false with a number");
  CHECK(err("party_kind == filed") == "11: cannot compare an enum with a date");
  CHECK(err("urgent < true") ==
        "0: '<' needs numbers, money or dates on both sides, but 'urgent' is true/false");
  CHECK(err("\"a\" >= name") == "0: '>=' needs numbers, money or dates on both sides, but '\"a\"' is text");
  CHECK(err("tags == tags") == "0: cannot compare lists; use 'in' to look for an item");
  CHECK(err("1 == [1]") == "5: cannot compare lists; use 'in' to look for an item");
}

TEST_CASE("boolean operators need true/false") {
  CHECK(err("fine and urgent") == "0: 'and' needs true/false values on both sides, but 'fine' is money");
  CHECK(err("urgent or count") == "10: 'or' needs true/false values on both sides, but 'count' is a number");
  CHECK(err("not fine") == "4: 'not' needs a true/false value, but 'fine' is money");
  Compiled both = compile("1 and 2", fields());
  REQUIRE(both.errors.size() == 2);
  CHECK(both.errors[1].offset == 6);
}

TEST_CASE("enums compared with text must use one of their values") {
  CHECK(err("party_kind == \"person\"") == "ok");
  CHECK(err("party_kind == \"compny\"") ==
        "14: 'compny' is not a value of 'party_kind'; it can be: person, company");
  CHECK(err("\"compny\" != party_kind") ==
        "0: 'compny' is not a value of 'party_kind'; it can be: person, company");
  CHECK(err("party_kind in [\"person\", \"x\"]") ==
        "25: 'x' is not a value of 'party_kind'; it can be: person, company");
  CHECK(err("\"z\" in kinds") == "0: 'z' is not a value of 'kinds'; it can be: a, b");
  CHECK(err("\"a\" in kinds") == "ok");
  CHECK(err("party_kind == name") == "ok");
}

TEST_CASE("membership needs a list of matching items") {
  CHECK(err("name in [\"a\"]") == "ok");
  CHECK(err("fine in [1, 2.5]") == "ok");
  CHECK(err("1 in []") == "ok");
  CHECK(err("count in tags") == "6: cannot look for a number in a list of text");
  CHECK(err("tags in tags") == "5: cannot look for a list of text in a list of text");
  CHECK(err("count in name") == "9: 'in' needs a list on the right, but 'name' is text");
  CHECK(err("count not in 5") == "13: 'not in' needs a list on the right, but '5' is a number");
}

TEST_CASE("list literals") {
  CHECK(err("[1, \"a\"]") == "4: this list mixes a number and text");
  CHECK(err("[[1]]") == "1: a list cannot hold lists");
  CHECK(run("[1, 2.5]") == "[1, 2.5]");
  CHECK(run("[]") == "[]");
  CHECK(run("[fine, 1]") == "[3000.50, 1]");
}

TEST_CASE("unknown fields suggest a close name") {
  CHECK(err("fines > 1") == "0: unknown field 'fines'; did you mean 'fine'?");
  CHECK(err("zzzzzz > 1") == "0: unknown field 'zzzzzz'");
  CHECK(err("fines + 1 > 2") == "0: unknown field 'fines'; did you mean 'fine'?");
  Compiled c = compile("fien > 1 and nme == \"x\"", fields());
  REQUIRE(c.errors.size() == 2);  // both reported, nothing repeated above them
  CHECK(c.errors[1].offset == 13);
  CHECK(c.errors[0].message == "unknown field 'fien'; did you mean 'fine'?");  // a swap of neighbours is one edit
  CHECK(c.errors[1].message == "unknown field 'nme'; did you mean 'name'?");
}

TEST_CASE("a condition must be true or false") {
  CHECK(cond_err("fine > 1") == "ok");
  CHECK(cond_err("fine + 1") == "0: a condition must be true or false, but 'fine + 1' is money");
  CHECK(cond_err("  name") == "2: a condition must be true or false, but 'name' is text");
  CHECK(cond_err("fin") == "0: unknown field 'fin'; did you mean 'fine'?");
}

TEST_CASE("syntax errors") {
  CHECK(err("") == "0: the expression is empty");
  CHECK(err("   ") == "0: the expression is empty");
  CHECK(err("urgent and") == "10: expected an expression after 'and'");
  CHECK(err("urgent and )") == "11: expected an expression after 'and', but found ')'");
  CHECK(err(")") == "0: expected an expression, but found ')'");
  CHECK(err("(1 + 2") == "6: expected ')'");
  CHECK(err("fine 200") == "5: expected an operator or the end, but found '200'");
  CHECK(err("1 < 2 < 3") == "6: comparisons cannot be chained; join them with 'and'");
  CHECK(err("count not 3") == "10: expected 'in' after 'not', but found '3'");
  CHECK(err("[1, 2") == "5: expected ',' or ']'");
  CHECK(err("[1,]") == "3: expected an expression after ',', but found ']'");
  CHECK(err("date(2025)") ==
        "5: expected a date in quotes after 'date(', like date(\"2025-10-01\"), but found '2025'");
  CHECK(err("date(\"2025-02-30\")") == "5: '2025-02-30' is not a date (YYYY-MM-DD)");
  CHECK(err("date(\"2025-10-01\"") == "17: expected ')'");
  CHECK(err("fine > not urgent") == "7: expected an expression after '>', but found 'not'");
}

TEST_CASE("lexing errors") {
  CHECK(err("name == \"abc") == "8: this text has no closing \"");
  CHECK(err("name == \"a\\") == "8: this text has no closing \"");
  CHECK(err("name == \"a\\nb\"") == "10: unknown escape '\\n' in text; use \\\" or \\\\");
  CHECK(err("fine $ 2") == "5: unexpected character '$'");
  CHECK(err("fine = 2") == "5: unexpected '='; use '==' to compare");
  CHECK(err("!urgent") == "0: unexpected '!'; use 'not' or '!='");
  CHECK(err("urgent && urgent") == "7: unexpected '&&'; use 'and'");
  CHECK(err("urgent || urgent") == "7: unexpected '||'; use 'or'");
  CHECK(err("1.2.3") == "0: '1.2.3' is not a valid number");
  CHECK(err("count > 1.") == "8: '1.' is not a valid number");
  CHECK(err("12ab") == "0: '12ab' is not a valid number");
  CHECK(err(std::string(400, '9')) == "0: '" + std::string(40, '9') + "...' is too large a number");
  CHECK(err(std::string("fine\0 > 1", 9)) == "4: unexpected character (byte 0x00)");
  CHECK(err("中 > 1") == "0: unexpected character '中'");
  CHECK(err("\xff") == "0: unexpected character (byte 0xff)");
  CHECK(err("name == \"\xff\"") == "9: this text is not valid UTF-8");
  CHECK(err("name == \"\xe4\xb8\"") == "9: this text is not valid UTF-8");
  CHECK(err("name == \"a\tb\"") == "10: text cannot contain control characters (byte 0x09)");
  CHECK(err("name ==\n\t\"张三\"") == "ok");
}

TEST_CASE("length and depth limits") {
  CHECK(err(std::string(kMaxLength + 1, ' ')) == "4096: the expression is too long (4097 bytes; at most 4096)");
  std::string ok = std::string(64, '(') + "1" + std::string(64, ')');
  CHECK(err(ok) == "ok");
  std::string deep = std::string(65, '(') + "1" + std::string(65, ')');
  CHECK(err(deep) == "64: the expression is nested too deeply (more than 64 levels)");
  std::string minus;
  for (int i = 0; i < 65; ++i) minus += "- ";
  CHECK(err(minus + "1") == "128: the expression is nested too deeply (more than 64 levels)");
  std::string nots;
  for (int i = 0; i < 65; ++i) nots += "not ";
  CHECK(err(nots + "true") == "256: the expression is nested too deeply (more than 64 levels)");
  CHECK(err(std::string(65, '[') + std::string(65, ']')) ==
        "64: the expression is nested too deeply (more than 64 levels)");
}

TEST_CASE("hostile inputs give errors, never crashes") {
  CHECK(!compile(std::string(10000, '('), fields()).ok());
  CHECK(!compile(std::string(kMaxLength, '('), fields()).ok());
  CHECK(!compile(std::string(kMaxLength / 2, '-') + "1", fields()).ok());
  CHECK(!compile(std::string(1 << 20, 'a'), fields()).ok());
  CHECK(!compile("\"" + std::string(1 << 20, 'x') + "\"", fields()).ok());
  CHECK(!compile(std::string(100, '\0'), fields()).ok());
  CHECK(!compile("\xc0\xaf\xed\xa0\x80\xf8\x88", fields()).ok());
  std::string chain = "1";  // a long flat chain is fine
  while (chain.size() + 4 < kMaxLength) chain += " + 1";
  CHECK(run(chain) == std::to_string((kMaxLength - 1) / 4 + 1));
  std::mt19937 rng(12345);
  const std::vector<std::string> pieces = {"(", ")", "[", "]", ",", "not", "and", "or", "in", "-", "+",
                                           "*", "/", "==", "<", "fine", "count", "name", "tags", "\"a\"",
                                           "0", "1.5", "date(\"2025-01-01\")", "true", "\xff", "\"", " "};
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    size_t len = rng() % 16;
    for (size_t i = 0; i < len; ++i) text += pieces[rng() % pieces.size()] + " ";
    Compiled c = compile(text, fields());
    std::string error;
    if (c.ok()) (void)evaluate(c, data(), &error);
    for (const auto& f : fields()) (void)parse_value(text, f, &error);
  }
}

TEST_CASE("evaluation of fields, dates, text and lists") {
  CHECK(run("fine > 3000") == "true");
  CHECK(run("fine == 3000.5") == "true");
  CHECK(run("fine >= 3000.51") == "false");
  CHECK(run("filed > date(\"2025-09-30\")") == "true");
  CHECK(run("filed == date(\"2025-10-01\")") == "true");
  CHECK(run("name == \"张三\"") == "true");
  CHECK(run("party_kind == \"person\" and party_kind != \"company\"") == "true");
  CHECK(run("\"x\" in tags and \"z\" not in tags") == "true");
  CHECK(run("2.5 in amounts") == "true");
  CHECK(run("fine in [3000.5]") == "true");
  CHECK(run("\"a\" in kinds") == "true");
  CHECK(run("name in []") == "false");
  CHECK(run("date(\"2024-02-29\")") == "2024-02-29");
  Data quoted = data();
  quoted["name"] = set("name", "a\"b\\");
  CHECK(run("name == \"a\\\"b\\\\\"", quoted) == "true");
}

TEST_CASE("money is exact in fen") {
  CHECK(run("a + b") == "0.30");
  CHECK(run("a + b == 0.3") == "true");
  CHECK(run("a + b == 0.30 and 0.3 == a + b") == "true");
  CHECK(run("a * 3 == 0.3") == "true");
  CHECK(run("fine * 3") == "9001.50");
  CHECK(run("fine / 3") == "1000.17");
  CHECK(run("fine / fine") == "1");
  CHECK(run("fine - 5000") == "-1999.50");
  CHECK(run("fine + 0.29") == "3000.79");
  CHECK(run("-fine") == "-3000.50");
  CHECK(run("0.1 + 0.2 == 0.3") == "false");  // plain numbers are binary floating point
}

TEST_CASE("evaluation errors") {
  CHECK(run("count / 0") == "error: division by zero in 'count / 0'");
  CHECK(run("fine / 0") == "error: division by zero in 'fine / 0'");
  CHECK(run("fine / (fine - fine)") == "error: division by zero in 'fine / (fine - fine)'");
  CHECK(run("big + big") == "error: 'big + big' is too large to compute");
  CHECK(run("low - 1") == "error: 'low - 1' is too large to compute");
  CHECK(run("-low") == "error: '-low' is too large to compute");
  CHECK(run("big * 2") == "error: 'big * 2' is too large to compute");
  CHECK(run("fine + huge") == "error: 'fine + huge' is too large to compute");
  CHECK(run("huge * huge") == "error: 'huge * huge' is too large to compute");
  CHECK(run("big > huge") == "false");
  Data d = data();
  d.erase("count");
  CHECK(run("count > 1", d) == "error: field 'count' is not set");
  CHECK(run("false and count > 1", d) == "false");
  CHECK(run("true or count > 1", d) == "true");
  d["count"] = set("name", "3");
  CHECK(run("count > 1", d) == "error: field 'count' should hold a number but holds text");
  d["count"] = Value{FieldType::number, false, std::nan(""), 0, 0, {}, {}};
  CHECK(run("count == count", d) == "false");
  CHECK(run("count != count", d) == "true");
  CHECK(run("fine > count", d) == "false");
  std::string error;
  CHECK(!evaluate(compile("fien", fields()), data(), &error));
  CHECK(error == "the expression has errors and cannot be evaluated");
  CHECK(!evaluate(compile("count / 0", fields()), data(), nullptr));
}

TEST_CASE("parse_value for each type") {
  CHECK(value("12.5", "count") == "12.5");
  CHECK(value("-3", "count") == "-3");
  CHECK(value(" 7 ", "count") == "7");
  CHECK(value("abc", "count") == "error: 'abc' is not a number");
  CHECK(value("1e5", "count") == "error: '1e5' is not a number");
  CHECK(value("", "count") == "error: '' is not a number");
  CHECK(value("nan", "count") == "error: 'nan' is not a number");
  CHECK(value(std::string(400, '9'), "count") == "error: '" + std::string(40, '9') + "...' is too large a number");
  CHECK(value("3000", "fine") == "3000.00");
  CHECK(value("3000.5", "fine") == "3000.50");
  CHECK(value("-0.01", "fine") == "-0.01");
  CHECK(value("3000.123", "fine") == "error: '3000.123' is not an amount of money (yuan, at most 2 decimals)");
  CHECK(value("3000.", "fine") == "error: '3000.' is not an amount of money (yuan, at most 2 decimals)");
  CHECK(value("¥3", "fine") == "error: '¥3' is not an amount of money (yuan, at most 2 decimals)");
  CHECK(value("92233720368547758.07", "fine") == "92233720368547758.07");
  CHECK(value("92233720368547758.08", "fine") == "error: '92233720368547758.08' is too large an amount of money");
  CHECK(value("true", "urgent") == "true");
  CHECK(value("false", "urgent") == "false");
  CHECK(value("yes", "urgent") == "error: 'yes' is not true or false");
  CHECK(value("2025-10-01", "filed") == "2025-10-01");
  CHECK(value("2024-02-29", "filed") == "2024-02-29");
  CHECK(value("9999-12-31", "filed") == "9999-12-31");
  CHECK(value("2025-02-30", "filed") == "error: '2025-02-30' is not a date (YYYY-MM-DD)");
  CHECK(value("2023-02-29", "filed") == "error: '2023-02-29' is not a date (YYYY-MM-DD)");
  CHECK(value("2025-1-1", "filed") == "error: '2025-1-1' is not a date (YYYY-MM-DD)");
  CHECK(value("0000-01-01", "filed") == "error: '0000-01-01' is not a date (YYYY-MM-DD)");
  CHECK(value("company", "party_kind") == "company");
  CHECK(value("x", "kinds") == "error: 'x' is not one of: a, b");
  CHECK(value("x", "party_kind") == "error: 'x' is not one of: person, company");
  CHECK(value(" hello ", "name") == " hello ");
  CHECK(value("1, 2.5", "amounts") == "[1, 2.5]");
  CHECK(value("", "amounts") == "[]");
  CHECK(value("1,x", "amounts") == "error: 'x' is not a number");
  CHECK(value("a , b", "tags") == "[a, b]");
  CHECK(value("a,b", "kinds") == "[a, b]");
  std::string error;
  CHECK(parse_value("1", field("nested", FieldType::list, {}, FieldType::list), &error) == std::nullopt);
  CHECK(error == "a list cannot hold lists");
  CHECK(!parse_value("abc", field_named("count"), nullptr));
}

TEST_CASE("canonical text of values") {
  CHECK(Value{FieldType::number, false, 200, 0, 0, {}, {}}.to_string() == "200");
  CHECK(Value{FieldType::number, false, -0.0, 0, 0, {}, {}}.to_string() == "0");
  CHECK(Value{FieldType::money, false, 0, std::numeric_limits<std::int64_t>::min(), 0, {}, {}}.to_string() ==
        "-92233720368547758.08");
  CHECK(Value{FieldType::money, false, 0, 5, 0, {}, {}}.to_string() == "0.05");
  CHECK(Value{FieldType::date, false, 0, 0, 0, {}, {}}.to_string() == "1970-01-01");
  CHECK(Value{FieldType::date, false, 0, 0, -1, {}, {}}.to_string() == "1969-12-31");
  CHECK(Value{FieldType::date, false, 0, 0, std::numeric_limits<std::int64_t>::min(), {}, {}}.to_string() ==
        "day -9223372036854775808");
  CHECK(set("tags", "a,b").to_string() == "[a, b]");
}
