// Private parts of the condition language (engine/expr.h): tokens, the typed
// tree, and helpers shared by the lexer, parser, checker and evaluator.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr.h"

namespace sunlit::expr {

// The kind of a token.
enum class Tok {
  number, string, ident, kw_and, kw_or, kw_not, kw_in, kw_true, kw_false,
  eq, ne, lt, le, gt, ge, plus, minus, star, slash,
  lparen, rparen, lbracket, rbracket, comma, end
};

// One token: its kind, where it is in the text, and its meaning.
struct Token {
  Tok kind = Tok::end;
  size_t offset = 0;
  size_t length = 0;
  std::string text;  // identifier, or string contents without quotes and escapes
  double number = 0;
};

// The operation of a tree node.
enum class Op {
  literal, field, list, neg, not_, and_, or_, add, sub, mul, div,
  eq, ne, lt, le, gt, ge, in, not_in
};

// A node of the typed tree: an operation, its operands and its checked type.
class Node {
 public:
  Op op = Op::literal;
  size_t start = 0;       // byte offset where the sub-expression starts
  size_t end = 0;         // byte offset just past it
  size_t op_offset = 0;   // byte offset of the operator token
  std::string source;     // the sub-expression's text (shortened), for messages
  std::string name;       // field name (Op::field)
  Value value;            // Op::literal
  bool string_literal = false;
  std::vector<std::unique_ptr<Node>> kids;
  FieldType type = FieldType::text;    // filled by the checker
  std::optional<FieldType> item;       // list item type; none for an empty list literal
};

namespace detail {

// Splits `text` into tokens ending with Tok::end; false with *error on a lexing error.
bool lex(std::string_view text, std::vector<Token>& out, Error* error);

// Parses tokens into an untyped tree; null with *error on a syntax error.
std::unique_ptr<Node> parse(std::string_view text, const std::vector<Token>& tokens, Error* error);

// Type-checks the tree in place against the fields; appends errors.
void check(Node& root, const std::vector<Field>& fields, std::vector<Error>& errors);

// The spelling of an operator in messages: "+", "==", "not in", ...
const char* op_name(Op op);

// A type as a designer reads it: "text", "a number", "money", "a list of dates", ...
std::string describe(FieldType type, std::optional<FieldType> item = std::nullopt);

// At most `max` bytes of `text` (cut on a UTF-8 boundary), with "..." when cut.
std::string shorten(std::string_view text, size_t max = 40);

// The length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
size_t utf8_sequence(std::string_view text, size_t i);

// Days since 1970-01-01 of a real calendar date written YYYY-MM-DD (year 0001..9999).
std::optional<std::int64_t> parse_date(std::string_view text);

// YYYY-MM-DD for days since 1970-01-01 (years 0001..9999), else "day N".
std::string format_date(std::int64_t day);

// Yuan to fen, rounded to the nearest fen (half away from zero); none if out of range or NaN.
std::optional<std::int64_t> to_fen(long double yuan);

// True if `text` is digits with an optional '.' and more digits (no sign, no exponent).
bool is_decimal(std::string_view text);

}  // namespace detail
}  // namespace sunlit::expr
