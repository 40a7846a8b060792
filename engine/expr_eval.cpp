// The evaluator of the condition language: a compiled tree on a case's data.
// Money stays in integer fen; every overflow and division by zero is an error.
// 'and' and 'or' stop early: `false and x` is false even when x is not set.
#include <cmath>
#include <compare>

#include "engine/expr_detail.h"

namespace sunlit::expr {
namespace {

using detail::describe;
using Result = std::optional<Value>;

bool numeric(FieldType t) { return t == FieldType::number || t == FieldType::money; }
bool textual(FieldType t) { return t == FieldType::text || t == FieldType::enumeration; }

// fen given as a real number, rounded to the nearest fen; none if out of range.
std::optional<std::int64_t> round_fen(long double fen) {
  if (!std::isfinite(fen) || std::fabs(fen) >= 9.2e18L) return std::nullopt;
  return static_cast<std::int64_t>(std::llroundl(fen));
}

std::partial_ordering money_vs_number(std::int64_t fen, double number) {
  if (std::isnan(number)) return std::partial_ordering::unordered;
  auto other = detail::to_fen(number);
  if (!other) return number > 0 ? std::partial_ordering::less : std::partial_ordering::greater;
  return fen <=> *other;
}

// Orders two values of comparable types; none when they cannot be compared.
std::optional<std::partial_ordering> compare(const Value& a, const Value& b) {
  if (a.type == FieldType::number && b.type == FieldType::number) return a.number <=> b.number;
  if (a.type == FieldType::money && b.type == FieldType::money) return a.fen <=> b.fen;
  if (a.type == FieldType::money && b.type == FieldType::number) return money_vs_number(a.fen, b.number);
  if (a.type == FieldType::number && b.type == FieldType::money) {
    auto o = money_vs_number(b.fen, a.number);
    return o == std::partial_ordering::less ? std::partial_ordering::greater
           : o == std::partial_ordering::greater ? std::partial_ordering::less : o;
  }
  if (textual(a.type) && textual(b.type)) return a.text <=> b.text;
  if (a.type == FieldType::date && b.type == FieldType::date) return a.day <=> b.day;
  if (a.type == FieldType::boolean && b.type == FieldType::boolean) return a.boolean <=> b.boolean;
  return std::nullopt;
}

bool holds(Op op, std::partial_ordering o) {
  switch (op) {
    case Op::eq: return o == 0;
    case Op::ne: return o != 0;
    case Op::lt: return o < 0;
    case Op::le: return o <= 0;
    case Op::gt: return o > 0;
    case Op::ge: return o >= 0;
    default: return false;
  }
}

Value boolean(bool b) {
  Value v;
  v.type = FieldType::boolean;
  v.boolean = b;
  return v;
}

Value number(double d) {
  Value v;
  v.type = FieldType::number;
  v.number = d;
  return v;
}

Value money(std::int64_t fen) {
  Value v;
  v.type = FieldType::money;
  v.fen = fen;
  return v;
}

std::string type_of(const Value& v) {
  return describe(v.type, v.items.empty() ? std::nullopt : std::optional(v.items[0].type));
}

// Evaluates one tree on one case's data; the first error stops it.
class Evaluator {
 public:
  Evaluator(const Data& data, std::string* error) : data_(data), error_(error) {}

  Result eval(const Node& n) {
    switch (n.op) {
      case Op::literal: return n.value;
      case Op::field: return field(n);
      case Op::list: return list(n);
      case Op::neg: return negate(n);
      case Op::not_: return logic_not(n);
      case Op::and_:
      case Op::or_: return logic(n);
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div: return arithmetic(n);
      case Op::in:
      case Op::not_in: return membership(n);
      default: return comparison(n);
    }
  }

 private:
  const Data& data_;
  std::string* error_;

  Result fail(std::string message) {
    if (error_) *error_ = std::move(message);
    return std::nullopt;
  }

  Result field(const Node& n) {
    auto it = data_.find(n.name);
    if (it == data_.end()) return fail("field '" + n.name + "' is not set");
    if (it->second.type != n.type)
      return fail("field '" + n.name + "' should hold " + describe(n.type, n.item) + " but holds " +
                  type_of(it->second));
    return it->second;
  }

  Result list(const Node& n) {
    Value v;
    v.type = FieldType::list;
    for (const auto& kid : n.kids) {
      Result item = eval(*kid);
      if (!item) return item;
      v.items.push_back(std::move(*item));
    }
    return v;
  }

  Result truth(const Node& n) {
    Result v = eval(n);
    if (v && v.value().type != FieldType::boolean) return fail("'" + n.source + "' is not true/false");
    return v;
  }

  Result negate(const Node& n) {
    Result x = eval(*n.kids[0]);
    if (!x) return x;
    if (x->type == FieldType::number) return number(-x->number);
    std::int64_t fen = 0;
    if (x->type == FieldType::money && !__builtin_sub_overflow(std::int64_t{0}, x->fen, &fen)) return money(fen);
    return fail("'" + n.source + "' is too large to compute");
  }

  Result logic_not(const Node& n) {
    Result x = truth(*n.kids[0]);
    return x ? Result(boolean(!x->boolean)) : x;
  }

  Result logic(const Node& n) {
    Result a = truth(*n.kids[0]);
    if (!a) return a;
    if (a->boolean == (n.op == Op::or_)) return a;
    return truth(*n.kids[1]);
  }

  Result arithmetic(const Node& n) {
    Result a = eval(*n.kids[0]);
    if (!a) return a;
    Result b = eval(*n.kids[1]);
    if (!b) return b;
    if (!numeric(a->type) || !numeric(b->type))
      return fail("cannot compute '" + n.source + "' with " + type_of(*a) + " and " + type_of(*b));
    if (n.op == Op::div && (b->type == FieldType::money ? b->fen == 0 : b->number == 0))
      return fail("division by zero in '" + n.source + "'");
    Result r = a->type == FieldType::number && b->type == FieldType::number ? plain(n.op, a->number, b->number)
                                                                          : with_money(n.op, *a, *b);
    if (!r) return fail("'" + n.source + "' is too large to compute");
    return r;
  }

  static Result plain(Op op, double a, double b) {
    double r = op == Op::add ? a + b : op == Op::sub ? a - b : op == Op::mul ? a * b : a / b;
    if (!std::isfinite(r)) return std::nullopt;
    return number(r);
  }

  static Result with_money(Op op, const Value& a, const Value& b) {
    bool am = a.type == FieldType::money, bm = b.type == FieldType::money;
    if (op == Op::add || op == Op::sub) {
      auto x = am ? std::optional(a.fen) : detail::to_fen(a.number);
      auto y = bm ? std::optional(b.fen) : detail::to_fen(b.number);
      std::int64_t r = 0;
      if (!x || !y) return std::nullopt;
      bool over = op == Op::add ? __builtin_add_overflow(*x, *y, &r) : __builtin_sub_overflow(*x, *y, &r);
      return over ? std::nullopt : Result(money(r));
    }
    if (am && bm) {  // money / money is a ratio; money * money is refused by the checker
      if (op != Op::div) return std::nullopt;
      return number(static_cast<double>(static_cast<long double>(a.fen) / static_cast<long double>(b.fen)));
    }
    if (op == Op::div && !am) return std::nullopt;  // number / money is refused by the checker
    long double fen = static_cast<long double>(am ? a.fen : b.fen);
    long double by = am ? b.number : a.number;
    auto r = round_fen(op == Op::mul ? fen * by : fen / by);
    return r ? Result(money(*r)) : std::nullopt;
  }

  Result comparison(const Node& n) {
    Result a = eval(*n.kids[0]);
    if (!a) return a;
    Result b = eval(*n.kids[1]);
    if (!b) return b;
    auto o = compare(*a, *b);
    if (!o) return fail("cannot compare " + type_of(*a) + " with " + type_of(*b));
    return boolean(holds(n.op, *o));
  }

  Result membership(const Node& n) {
    Result x = eval(*n.kids[0]);
    if (!x) return x;
    Result list = eval(*n.kids[1]);
    if (!list) return list;
    if (list->type != FieldType::list) return fail("'" + n.kids[1]->source + "' is not a list");
    bool found = false;
    for (const auto& item : list->items) {
      auto o = compare(*x, item);
      if (!o) return fail("cannot look for " + type_of(*x) + " in " + type_of(*list));
      if (*o == 0) found = true;
    }
    return boolean(found == (n.op == Op::in));
  }
};

}  // namespace

std::optional<Value> evaluate(const Compiled& c, const Data& data, std::string* error) {
  if (!c.root) {
    if (error) *error = "the expression has errors and cannot be evaluated";
    return std::nullopt;
  }
  return Evaluator(data, error).eval(*c.root);
}

}  // namespace sunlit::expr
