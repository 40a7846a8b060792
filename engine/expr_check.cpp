// The type checker of the condition language.
//
// Type rules (number = a plain number, money = exact yuan in fen):
//   - number OP number -> number for + - * /.
//   - money + money, money - money, money + number, number + money (and -) -> money;
//     the number is read as yuan, rounded to the nearest fen.
//   - money * number, number * money, money / number -> money (rounded to the nearest fen);
//     money / money -> number (a ratio); money * money and number / money are errors.
//   - unary '-' keeps number or money; dates, text, true/false and lists have no arithmetic.
//   - == and != compare numbers and money with each other, text and enums with each other,
//     dates with dates, true/false with true/false; lists are not compared (use 'in').
//   - < <= > >= order numbers and money with each other, and dates with dates.
//   - x in list / x not in list: the right side is a list whose items compare with x.
//   - an enum compared with (or looked up among) quoted text must use one of its values.
//   - and, or, not take true/false; every comparison gives true/false.
// An operand in the wrong type is reported at its start; two operands that do not
// go together are reported at the operator. Errors in an operand are not repeated
// by the operators above it.
#include <algorithm>

#include "engine/expr_detail.h"
#include "engine/suggest.h"

namespace sunlit::expr::detail {
namespace {

bool numeric(FieldType t) { return t == FieldType::number || t == FieldType::money; }

// Types that can be compared with each other share a family.
int family(FieldType t) {
  switch (t) {
    case FieldType::number:
    case FieldType::money: return 0;
    case FieldType::text:
    case FieldType::enumeration: return 1;
    case FieldType::date: return 2;
    case FieldType::boolean: return 3;
    case FieldType::list: return 4;
  }
  return 5;
}

std::string type_of(const Node& n) { return describe(n.type, n.item); }

// Walks the tree bottom-up, giving each node its type; false below an error.
class Checker {
 public:
  Checker(const std::vector<Field>& fields, std::vector<Error>& errors) : fields_(fields), errors_(errors) {}

  bool check(Node& n) {
    bool kids_ok = true;
    for (auto& kid : n.kids) kids_ok = check(*kid) && kids_ok;
    if (!kids_ok) return false;
    switch (n.op) {
      case Op::literal: n.type = n.value.type; return true;
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
      case Op::eq:
      case Op::ne: return equality(n);
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: return order(n);
      case Op::in:
      case Op::not_in: return membership(n);
    }
    return false;
  }

 private:
  const std::vector<Field>& fields_;
  std::vector<Error>& errors_;

  bool error(size_t offset, std::string message) {
    errors_.push_back(Error{offset, std::move(message)});
    return false;
  }

  const Field* find(const std::string& name) const {
    for (const auto& f : fields_)
      if (f.name == name) return &f;
    return nullptr;
  }

  bool field(Node& n) {
    const Field* f = find(n.name);
    if (!f) {
      std::vector<std::string> names;
      for (const auto& x : fields_) names.push_back(x.name);
      return error(n.start, "unknown field '" + n.name + "'" + did_you_mean(n.name, names));
    }
    n.type = f->type;
    if (f->type == FieldType::list) n.item = f->item.value_or(FieldType::text);
    return true;
  }

  bool list(Node& n) {
    n.type = FieldType::list;
    for (auto& kid : n.kids) {
      if (kid->type == FieldType::list) return error(kid->start, "a list cannot hold lists");
      if (!n.item) {
        n.item = kid->type;
      } else if (family(*n.item) != family(kid->type)) {
        return error(kid->start, "this list mixes " + describe(*n.item) + " and " + type_of(*kid));
      } else if (kid->type == FieldType::money || kid->type == FieldType::text) {
        n.item = kid->type;  // number with money is money; enum with text is text
      }
    }
    return true;
  }

  bool needs(const Node& operand, bool good, const std::string& what, Op op) {
    if (good) return true;
    return error(operand.start, std::string("'") + op_name(op) + "' needs " + what + ", but '" +
                                    operand.source + "' is " + type_of(operand));
  }

  bool negate(Node& n) {
    const Node& x = *n.kids[0];
    if (!needs(x, numeric(x.type), "a number or money", n.op)) return false;
    n.type = x.type;
    return true;
  }

  bool logic_not(Node& n) {
    n.type = FieldType::boolean;
    const Node& x = *n.kids[0];
    return needs(x, x.type == FieldType::boolean, "a true/false value", n.op);
  }

  bool logic(Node& n) {
    n.type = FieldType::boolean;
    bool a = needs(*n.kids[0], n.kids[0]->type == FieldType::boolean, "true/false values on both sides", n.op);
    bool b = needs(*n.kids[1], n.kids[1]->type == FieldType::boolean, "true/false values on both sides", n.op);
    return a && b;
  }

  bool arithmetic(Node& n) {
    const Node& l = *n.kids[0];
    const Node& r = *n.kids[1];
    const std::string what = "numbers or money on both sides";
    bool a = needs(l, numeric(l.type), what, n.op);
    bool b = needs(r, numeric(r.type), what, n.op);
    if (!a || !b) return false;
    bool lm = l.type == FieldType::money, rm = r.type == FieldType::money;
    if (n.op == Op::mul && lm && rm) return error(n.op_offset, "cannot multiply money by money");
    if (n.op == Op::div && !lm && rm) return error(n.op_offset, "cannot divide a number by money");
    bool money = n.op == Op::div ? lm && !rm : lm || rm;
    n.type = money ? FieldType::money : FieldType::number;
    return true;
  }

  // An enum field (or list of enums) compared with quoted text must name one of its values.
  bool enum_value(const Node& field, const Node& literal) {
    if (field.op != Op::field || !literal.string_literal) return true;
    const Field* f = find(field.name);
    bool is_enum = f && (f->type == FieldType::enumeration ||
                         (f->type == FieldType::list && f->item == FieldType::enumeration));
    if (!is_enum || f->values.empty()) return true;
    if (std::find(f->values.begin(), f->values.end(), literal.value.text) != f->values.end()) return true;
    std::string allowed;
    for (const auto& v : f->values) allowed += (allowed.empty() ? "" : ", ") + v;
    return error(literal.start, "'" + shorten(literal.value.text) + "' is not a value of '" + f->name +
                                    "'; it can be: " + allowed);
  }

  bool not_list(const Node& x) {
    if (x.type != FieldType::list) return true;
    return error(x.start, "cannot compare lists; use 'in' to look for an item");
  }

  bool same_family(Node& n) {
    const Node& l = *n.kids[0];
    const Node& r = *n.kids[1];
    if (family(l.type) == family(r.type)) return true;
    return error(n.op_offset, "cannot compare " + type_of(l) + " with " + type_of(r));
  }

  bool equality(Node& n) {
    n.type = FieldType::boolean;
    bool a = not_list(*n.kids[0]);
    bool b = not_list(*n.kids[1]);
    if (!a || !b || !same_family(n)) return false;
    return enum_value(*n.kids[0], *n.kids[1]) && enum_value(*n.kids[1], *n.kids[0]);
  }

  bool order(Node& n) {
    n.type = FieldType::boolean;
    auto orderable = [](const Node& x) { return numeric(x.type) || x.type == FieldType::date; };
    const std::string what = "numbers, money or dates on both sides";
    bool a = needs(*n.kids[0], orderable(*n.kids[0]), what, n.op);
    bool b = needs(*n.kids[1], orderable(*n.kids[1]), what, n.op);
    return a && b && same_family(n);
  }

  bool membership(Node& n) {
    n.type = FieldType::boolean;
    const Node& x = *n.kids[0];
    const Node& list = *n.kids[1];
    if (!needs(list, list.type == FieldType::list, "a list on the right", n.op)) return false;
    if (list.item && family(x.type) != family(*list.item))
      return error(n.op_offset, "cannot look for " + type_of(x) + " in " + type_of(list));
    if (list.op == Op::list) {
      bool ok = true;
      for (const auto& item : list.kids) ok = enum_value(x, *item) && ok;
      return ok;
    }
    return enum_value(list, x);
  }
};

}  // namespace

void check(Node& root, const std::vector<Field>& fields, std::vector<Error>& errors) {
  Checker(fields, errors).check(root);
}

}  // namespace sunlit::expr::detail
