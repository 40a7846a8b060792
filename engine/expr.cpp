// Entry points of the condition language: compile() and compile_condition().
#include "engine/expr.h"

#include <algorithm>

#include "engine/expr_detail.h"

namespace sunlit::expr {

namespace detail {

const char* op_name(Op op) {
  switch (op) {
    case Op::literal: return "literal";
    case Op::field: return "field";
    case Op::list: return "[]";
    case Op::neg: return "-";
    case Op::not_: return "not";
    case Op::and_: return "and";
    case Op::or_: return "or";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "in";
    case Op::not_in: return "not in";
  }
  return "?";
}

}  // namespace detail

namespace {

void collect(const Node& n, bool always, std::vector<FieldRead>& out) {
  if (n.op == Op::field) out.push_back({n.name, n.start, always});
  for (size_t i = 0; i < n.kids.size(); ++i)
    collect(*n.kids[i], always && !(i > 0 && (n.op == Op::and_ || n.op == Op::or_)), out);
}

}  // namespace

std::vector<FieldRead> fields_read(const Compiled& c) {
  std::vector<FieldRead> out;
  if (c.root) collect(*c.root, true, out);
  return out;
}

Compiled compile(std::string_view text, const std::vector<Field>& fields) {
  Compiled c;
  if (text.size() > kMaxLength) {
    c.errors.push_back({kMaxLength, "the expression is too long (" + std::to_string(text.size()) +
                                        " bytes; at most " + std::to_string(kMaxLength) + ")"});
    return c;
  }
  std::vector<Token> tokens;
  Error error;
  if (!detail::lex(text, tokens, &error)) {
    c.errors.push_back(std::move(error));
    return c;
  }
  std::unique_ptr<Node> root = detail::parse(text, tokens, &error);
  if (!root) {
    c.errors.push_back(std::move(error));
    return c;
  }
  detail::check(*root, fields, c.errors);
  if (!c.errors.empty()) {
    std::stable_sort(c.errors.begin(), c.errors.end(),
                     [](const Error& a, const Error& b) { return a.offset < b.offset; });
    return c;
  }
  c.type = root->type;
  c.root = std::shared_ptr<const Node>(std::move(root));
  return c;
}

Compiled compile_condition(std::string_view text, const std::vector<Field>& fields) {
  Compiled c = compile(text, fields);
  if (c.ok() && c.type != FieldType::boolean) {
    c.errors.push_back({c.root->start, "a condition must be true or false, but '" + c.root->source +
                                           "' is " + detail::describe(c.root->type, c.root->item)});
    c.root.reset();
  }
  return c;
}

}  // namespace sunlit::expr
