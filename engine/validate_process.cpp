// validate_process(): builds the flow graph once and runs every pass over it.
#include <fmt/format.h>

#include "engine/validate_context.h"
#include "engine/validator.h"

namespace sunlit {
namespace validate {

namespace {

template <class T, class P> std::vector<std::string> ids_of(const std::vector<T>& items, P proj) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(proj(item));
  return out;
}

}  // namespace

Check::Check(const Process& process, const Organisation* organisation, Diagnostics& out)
    : p(process), org(organisation), diags(out), flow(build_flow_graph(process, organisation)) {
  step_ids = ids_of(p.steps, [](const Step& s) { return s.id; });
  node_ids = step_ids;
  for (const auto& o : p.outcomes) node_ids.push_back(o.id);
  field_names = ids_of(p.fields, [](const Field& f) { return f.name; });
  channel_ids = ids_of(p.channels, [](const Channel& ch) { return ch.id; });
  if (org) post_ids = ids_of(org->posts, [](const Post& post) { return post.id; });
}

void Check::error(Pos pos, std::string code, std::string message) {
  diags.error(p.file, pos, std::move(code), std::move(message));
}

void Check::warning(Pos pos, std::string code, std::string message) {
  diags.warning(p.file, pos, std::move(code), std::move(message));
}

const Step* Check::step_of(FlowVertex v) const {
  int i = flow.graph[v].step;
  return i < 0 ? nullptr : &p.steps[static_cast<size_t>(i)];
}

const Outcome* Check::outcome_of(FlowVertex v) const {
  int i = flow.graph[v].outcome;
  return i < 0 ? nullptr : &p.outcomes[static_cast<size_t>(i)];
}

bool Check::vertex(const std::string& id, FlowVertex& out) const {
  auto it = flow.vertex_of.find(id);
  if (it == flow.vertex_of.end()) return false;
  out = it->second;
  return true;
}

std::string arrow_path(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " → ") + id;
  return out;
}

std::string quoted_list(const std::vector<std::string>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += "'" + ids[i] + "'";
  }
  return out;
}

std::string amount_text(double amount) { return fmt::format("{}", amount); }

}  // namespace validate

void validate_process(const Process& process, const Organisation* org, Diagnostics& diags) {
  validate::Check c(process, org, diags);
  validate::check_names(c);
  validate::check_structure(c);
  validate::check_meaning(c);
  validate::check_law(c);
  validate::check_case_limit(c);
  validate::check_soundness(c);
  validate::check_data(c);
}

}  // namespace sunlit
