// The recursive-descent parser of the condition language (grammar in engine/expr.h).
// It stops at the first syntax error; nesting is bounded by kMaxDepth.
#include <string>

#include "engine/expr_detail.h"

namespace sunlit::expr::detail {
namespace {

using Ptr = std::unique_ptr<Node>;

Op comparison(Tok t) {
  switch (t) {
    case Tok::eq: return Op::eq;
    case Tok::ne: return Op::ne;
    case Tok::lt: return Op::lt;
    case Tok::le: return Op::le;
    case Tok::gt: return Op::gt;
    case Tok::ge: return Op::ge;
    case Tok::kw_in: return Op::in;
    default: return Op::literal;  // not a comparison
  }
}

bool is_comparison(Tok t) { return comparison(t) != Op::literal || t == Tok::kw_not; }

// Turns tokens into a tree, one grammar rule per method.
class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& tokens, Error* error)
      : text_(text), tokens_(tokens), error_(error) {}

  Ptr run() {
    if (peek().kind == Tok::end) return fail(0, "the expression is empty");
    Ptr root = parse_or();
    if (!root) return nullptr;
    if (peek().kind != Tok::end) return expected("an operator or the end");
    return root;
  }

 private:
  std::string_view text_;
  const std::vector<Token>& tokens_;
  Error* error_;
  size_t next_ = 0;
  int depth_ = 0;

  // Counts one level of nesting for as long as it lives.
  struct Level {
    explicit Level(int& depth) : depth_(++depth) {}
    ~Level() { --depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    int& depth_;
  };

  const Token& peek() const { return tokens_[next_]; }
  const Token& take() {
    const Token& t = tokens_[next_];
    if (t.kind != Tok::end) ++next_;
    return t;
  }

  std::string spell(const Token& t) const {
    if (t.kind == Tok::end) return "the end of the expression";
    return "'" + shorten(text_.substr(t.offset, t.length)) + "'";
  }

  Ptr fail(size_t offset, std::string message) {
    *error_ = Error{offset, std::move(message)};
    return nullptr;
  }

  Ptr expected(const std::string& what) {
    std::string found = peek().kind == Tok::end ? "" : ", but found " + spell(peek());
    return fail(peek().offset, "expected " + what + found);
  }

  Ptr too_deep() {
    return fail(peek().offset,
                "the expression is nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
  }

  void span(Node& n, size_t start, size_t end) const {
    n.start = start;
    n.end = end;
    n.source = shorten(text_.substr(start, end - start));
  }

  Ptr node(Op op, const Token& op_token, Ptr left, Ptr right) {
    auto n = std::make_unique<Node>();
    n->op = op;
    n->op_offset = op_token.offset;
    size_t start = left ? left->start : op_token.offset;
    size_t end = right->end;
    if (left) n->kids.push_back(std::move(left));
    n->kids.push_back(std::move(right));
    span(*n, start, end);
    return n;
  }

  Ptr parse_or() {
    Ptr left = parse_and();
    while (left && peek().kind == Tok::kw_or) {
      const Token& op = take();
      Ptr right = parse_and();
      left = right ? node(Op::or_, op, std::move(left), std::move(right)) : nullptr;
    }
    return left;
  }

  Ptr parse_and() {
    Ptr left = parse_not();
    while (left && peek().kind == Tok::kw_and) {
      const Token& op = take();
      Ptr right = parse_not();
      left = right ? node(Op::and_, op, std::move(left), std::move(right)) : nullptr;
    }
    return left;
  }

  Ptr parse_not() {
    if (peek().kind != Tok::kw_not) return parse_cmp();
    Level level(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    const Token& op = take();
    Ptr inner = parse_not();
    return inner ? node(Op::not_, op, nullptr, std::move(inner)) : nullptr;
  }

  Ptr parse_cmp() {
    Ptr left = parse_sum();
    if (!left || !is_comparison(peek().kind)) return left;
    const Token& op = take();
    Op kind = comparison(op.kind);
    if (op.kind == Tok::kw_not) {
      if (peek().kind != Tok::kw_in) return expected("'in' after 'not'");
      take();
      kind = Op::not_in;
    }
    Ptr right = parse_sum();
    if (!right) return nullptr;
    if (is_comparison(peek().kind))
      return fail(peek().offset, "comparisons cannot be chained; join them with 'and'");
    return node(kind, op, std::move(left), std::move(right));
  }

  Ptr parse_sum() {
    Ptr left = parse_prod();
    while (left && (peek().kind == Tok::plus || peek().kind == Tok::minus)) {
      const Token& op = take();
      Ptr right = parse_prod();
      left = right ? node(op.kind == Tok::plus ? Op::add : Op::sub, op, std::move(left), std::move(right))
                   : nullptr;
    }
    return left;
  }

  Ptr parse_prod() {
    Ptr left = parse_unary();
    while (left && (peek().kind == Tok::star || peek().kind == Tok::slash)) {
      const Token& op = take();
      Ptr right = parse_unary();
      left = right ? node(op.kind == Tok::star ? Op::mul : Op::div, op, std::move(left), std::move(right))
                   : nullptr;
    }
    return left;
  }

  Ptr parse_unary() {
    if (peek().kind != Tok::minus) return parse_atom();
    Level level(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    const Token& op = take();
    Ptr inner = parse_unary();
    return inner ? node(Op::neg, op, nullptr, std::move(inner)) : nullptr;
  }

  Ptr literal(const Token& t, Value v) {
    auto n = std::make_unique<Node>();
    n->op = Op::literal;
    n->op_offset = t.offset;
    n->value = std::move(v);
    span(*n, t.offset, t.offset + t.length);
    return n;
  }

  Ptr parse_atom() {
    const Token& t = peek();
    Value v;
    switch (t.kind) {
      case Tok::number:
        v.type = FieldType::number;
        v.number = t.number;
        return literal(take(), v);
      case Tok::string: {
        v.text = t.text;
        Ptr n = literal(take(), v);
        n->string_literal = true;
        return n;
      }
      case Tok::kw_true:
      case Tok::kw_false:
        v.type = FieldType::boolean;
        v.boolean = t.kind == Tok::kw_true;
        return literal(take(), v);
      case Tok::ident: return tokens_[next_ + 1].kind == Tok::lparen && t.text == "date" ? parse_date_literal() : parse_field();
      case Tok::lparen: return parse_parens();
      case Tok::lbracket: return parse_list();
      default: break;
    }
    if (next_ == 0) return expected("an expression");
    return expected("an expression after " + spell(tokens_[next_ - 1]));
  }

  Ptr parse_field() {
    const Token& t = take();
    auto n = std::make_unique<Node>();
    n->op = Op::field;
    n->op_offset = t.offset;
    n->name = t.text;
    span(*n, t.offset, t.offset + t.length);
    return n;
  }

  Ptr parse_date_literal() {
    const Token& name = take();
    take();  // (
    const Token& s = peek();
    if (s.kind != Tok::string) return expected("a date in quotes after 'date(', like date(\"2025-10-01\")");
    take();
    auto day = parse_date(s.text);
    if (!day) return fail(s.offset, "'" + shorten(s.text) + "' is not a date (YYYY-MM-DD)");
    if (peek().kind != Tok::rparen) return expected("')'");
    const Token& close = take();
    Value v;
    v.type = FieldType::date;
    v.day = *day;
    Ptr n = literal(name, v);
    span(*n, name.offset, close.offset + 1);
    return n;
  }

  Ptr parse_parens() {
    Level level(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    const Token& open = take();
    Ptr inner = parse_or();
    if (!inner) return nullptr;
    if (peek().kind != Tok::rparen) return expected("')'");
    const Token& close = take();
    span(*inner, open.offset, close.offset + 1);
    return inner;
  }

  Ptr parse_list() {
    Level level(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    const Token& open = take();
    auto n = std::make_unique<Node>();
    n->op = Op::list;
    n->op_offset = open.offset;
    while (peek().kind != Tok::rbracket || !n->kids.empty()) {
      Ptr item = parse_or();
      if (!item) return nullptr;
      n->kids.push_back(std::move(item));
      if (peek().kind == Tok::rbracket) break;
      if (peek().kind != Tok::comma) return expected("',' or ']'");
      take();
    }
    const Token& close = take();
    span(*n, open.offset, close.offset + 1);
    return n;
  }
};

}  // namespace

std::unique_ptr<Node> parse(std::string_view text, const std::vector<Token>& tokens, Error* error) {
  return Parser(text, tokens, error).run();
}

}  // namespace sunlit::expr::detail
