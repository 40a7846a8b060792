// Organisation file: unique ids, posts in departments, officials holding existing posts.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/suggest.h"
#include "engine/validator.h"

namespace sunlit {

namespace {

// Reports an id already seen as "duplicate <what> 'x' (first defined on line N)".
void note_id(const Organisation& org, Diagnostics& diags, std::map<std::string, Pos>& seen,
             const std::string& id, Pos pos, const char* what, const char* code) {
  if (id.empty()) return;
  auto [it, fresh] = seen.emplace(id, pos);
  if (fresh) return;
  std::string first = it->second.known() ? fmt::format(" (first defined on line {})", it->second.line) : "";
  diags.error(org.file, pos, code, fmt::format("duplicate {} '{}'{}", what, id, first));
}

void check_ids(const Organisation& org, Diagnostics& diags) {
  std::map<std::string, Pos> departments, posts, officials;
  for (const auto& d : org.departments) note_id(org, diags, departments, d.id, d.pos, "department", "duplicate-department");
  for (const auto& p : org.posts) note_id(org, diags, posts, p.id, p.pos, "post", "duplicate-post");
  for (const auto& o : org.officials) note_id(org, diags, officials, o.id, o.pos, "official", "duplicate-official");
}

void check_departments(const Organisation& org, Diagnostics& diags) {
  std::vector<std::string> ids;
  for (const auto& d : org.departments) ids.push_back(d.id);
  for (const auto& p : org.posts) {
    if (std::find(ids.begin(), ids.end(), p.department) != ids.end()) continue;
    diags.error(org.file, p.pos, "unknown-department",
                fmt::format("post '{}' belongs to unknown department '{}'{}", p.id, p.department,
                            did_you_mean(p.department, ids)));
  }
}

void check_officials(const Organisation& org, Diagnostics& diags) {
  std::vector<std::string> post_ids;
  for (const auto& p : org.posts) post_ids.push_back(p.id);
  std::set<std::string> held;
  for (const auto& o : org.officials) {
    if (o.posts.empty())
      diags.warning(org.file, o.pos, "official-without-post", fmt::format("official '{}' holds no post", o.id));
    for (const auto& r : o.posts) {
      held.insert(r.name);
      if (!find_post(org, r.name))
        diags.error(org.file, r.pos, "unknown-post",
                    fmt::format("unknown post '{}'{}", r.name, did_you_mean(r.name, post_ids)));
    }
  }
  for (const auto& p : org.posts)
    if (!held.count(p.id))
      diags.warning(org.file, p.pos, "post-unheld", fmt::format("post '{}' is held by no official", p.id));
}

}  // namespace

void validate_organisation(const Organisation& org, Diagnostics& diags) {
  check_ids(org, diags);
  check_departments(org, diags);
  check_officials(org, diags);
}

}  // namespace sunlit
