// Conditions: a small expression language over a case's declared fields.
//
// Grammar (lowest to highest precedence):
//   or  := and ("or" and)*        and := not ("and" not)*      not := "not" not | cmp
//   cmp := sum (("=="|"!="|"<"|"<="|">"|">="|"in"|"not" "in") sum)?
//   sum := prod (("+"|"-") prod)* prod := unary (("*"|"/") unary)*  unary := "-" unary | atom
//   atom := number | string | true | false | date("YYYY-MM-DD") | [list] | field | "(" or ")"
// Contract: compile() never throws; every error carries the byte offset in
// the text where it was found and a plain message. Nesting deeper than
// kMaxDepth and texts longer than kMaxLength are errors, not crashes.
// Money is exact (integer fen); dates are days since 1970-01-01.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/definition.h"

namespace sunlit::expr {

inline constexpr int kMaxDepth = 64;
inline constexpr size_t kMaxLength = 4096;

// A problem in an expression, at a byte offset of its text.
struct Error {
  size_t offset = 0;
  std::string message;
};

// A typed value of a case field or an expression.
struct Value {
  FieldType type = FieldType::text;
  bool boolean = false;
  double number = 0;             // number
  std::int64_t fen = 0;          // money, in fen (0.01 yuan)
  std::int64_t day = 0;          // date, days since 1970-01-01
  std::string text;              // text and enum
  std::vector<Value> items;      // list
  std::string to_string() const; // canonical text: 12.5, 3000.00, 2025-10-01, true, [a, b]
  friend bool operator==(const Value&, const Value&) = default;
};

// The case data conditions are evaluated on: field name -> value (absent = not set).
using Data = std::map<std::string, Value>;

// A parsed, type-checked expression tree (opaque).
class Node;

// The result of compiling an expression.
struct Compiled {
  std::shared_ptr<const Node> root;  // null when errors is non-empty
  FieldType type = FieldType::boolean;
  std::vector<Error> errors;
  bool ok() const { return errors.empty(); }
};

// Parses and type-checks `text` against the declared fields.
Compiled compile(std::string_view text, const std::vector<Field>& fields);

// As compile(), and the expression must be a condition (true or false).
Compiled compile_condition(std::string_view text, const std::vector<Field>& fields);

// A field an expression reads: its name, the byte offset where it is written, and whether every
// evaluation reads it (false right of an 'and' or 'or', which stop early).
struct FieldRead {
  std::string name;
  size_t offset = 0;
  bool always = true;
};

// The fields a compiled expression reads, in text order (none when it has errors).
std::vector<FieldRead> fields_read(const Compiled& c);

// Evaluates a compiled expression. A field that is not set makes the result
// an error ("field 'x' is not set"), returned as nullopt with *error filled.
std::optional<Value> evaluate(const Compiled& c, const Data& data, std::string* error);

// Parses a value given on the command line (`--set field=value`) as the field's type:
// number "12.5"; money "3000" or "3000.50" (yuan, at most 2 decimals); bool true/false;
// date YYYY-MM-DD (a real calendar date); enum one of the values; list comma-separated items.
std::optional<Value> parse_value(std::string_view text, const Field& field, std::string* error);

}  // namespace sunlit::expr
