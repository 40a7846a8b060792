// Meaning: the organisation and its posts, field declarations, branch conditions.
#include <fmt/format.h>

#include "engine/expr.h"
#include "engine/suggest.h"
#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

void check_post(Check& c, const Ref& post) {
  if (!c.org || post.empty() || find_post(*c.org, post.name)) return;
  c.error(post.pos, "unknown-post", fmt::format("unknown post '{}'{}", post.name, did_you_mean(post.name, c.post_ids)));
}

void check_posts(Check& c) {
  if (!c.org) {
    const Ref& o = c.p.organisation;
    c.error(o.pos.known() ? o.pos : c.p.pos, "unknown-organisation", fmt::format("organisation '{}' not found", o.name));
    return;
  }
  for (const auto& s : c.p.steps) check_post(c, s.post);
  if (c.p.limit && c.p.limit->extension) check_post(c, c.p.limit->extension->approved_by);
}

void check_field(Check& c, const Field& f) {
  bool enumerated = f.type == FieldType::enumeration || (f.type == FieldType::list && f.item == FieldType::enumeration);
  if (enumerated && f.values.empty())
    c.error(f.pos, "enum-without-values", fmt::format("field '{}' is an enum but has no `values`", f.name));
  if (!enumerated && !f.values.empty())
    c.error(f.pos, "values-not-enum", fmt::format("field '{}' has `values` but is not an enum", f.name));
  if (f.type == FieldType::list && f.item == FieldType::list)
    c.error(f.pos, "bad-list-item", fmt::format("field '{}': a list item cannot be a list", f.name));
  if (f.type != FieldType::list && f.item)
    c.error(f.pos, "item-not-list", fmt::format("field '{}' has an `item` type but is not a list", f.name));
}

void check_conditions(Check& c, const Step& s) {
  for (const auto& b : s.branches) {
    auto compiled = expr::compile_condition(b.condition, c.p.fields);
    for (const auto& e : compiled.errors) {
      Pos at = b.condition_pos;
      if (at.known()) at.col += static_cast<int>(e.offset);
      c.error(at.known() ? at : b.pos, "bad-condition", e.message);
    }
  }
}

}  // namespace

void check_meaning(Check& c) {
  check_posts(c);
  for (const auto& f : c.p.fields) check_field(c, f);
  for (const auto& s : c.p.steps) check_conditions(c, s);
}

}  // namespace sunlit::validate
