// Reading an organisation document: departments, their posts, and officials.
#include "engine/loader_internal.h"

namespace sunlit::loader {

namespace {

// A department and, into `org.posts`, the posts it owns.
void read_department(const MapReader& m, Organisation& org) {
  m.require({"id", "name"});
  Department d{m.id("id"), m.text("name"), id_pos(m)};
  each_map(m, "posts", "post", [&](const MapReader& p) {
    p.require({"id", "name"});
    org.posts.push_back({p.id("id"), p.text("name"), d.id, id_pos(p)});
  });
  org.departments.push_back(d);
}

// An official and the posts they hold.
Official read_official(const MapReader& m) {
  m.require({"id", "name", "posts"});
  return {m.id("id"), m.text("name"), m.refs("posts"), id_pos(m)};
}

}  // namespace

Organisation read_organisation(Reader& r, const Node& root) {
  MapReader m(r, root, "organisation");
  m.require({"organisation", "departments"});
  Organisation org;
  org.file = r.file();
  org.pos = m.pos();
  org.name = m.id("organisation");
  org.title = m.text("title");
  each_map(m, "departments", "department", [&](const MapReader& d) { read_department(d, org); });
  each_map(m, "officials", "official", [&](const MapReader& o) { org.officials.push_back(read_official(o)); });
  return org;
}

}  // namespace sunlit::loader
