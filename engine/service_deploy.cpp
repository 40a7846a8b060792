// Deployment of organisations and definitions as immutable versions, and what changed between two.
#include <fmt/format.h>
#include <map>

#include "engine/payload_text.h"
#include "engine/service.h"
#include "engine/workspace.h"

namespace sunlit {

namespace {

CaseError fail(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

std::string period_text(const std::optional<Period>& p) {
  if (!p) return "none";
  std::string amount = fmt::format("{}", p->amount);
  return fmt::format("{} {}{}", amount, to_string(p->unit), p->article.empty() ? "" : " (" + p->article + ")");
}

// The public face of a definition: one "key -> description" per thing the catalog publishes.
std::map<std::string, std::string> public_face(const Process& p) {
  std::map<std::string, std::string> f;
  const Catalog& c = p.power;
  f["power name"] = c.name;
  f["category"] = to_string(c.category);
  for (size_t i = 0; i < c.basis.size(); ++i)
    f[fmt::format("legal basis {}", i + 1)] = c.basis[i].title + " " + c.basis[i].article;
  f["implementing body"] = c.body;
  f["responsible office"] = c.office + " / " + c.responsible;
  f["fee"] = c.fee_basis + " / " + c.fee_standard;
  f["disclosure"] = fmt::format("{} / {}", to_string(c.disclosure.scope), to_string(c.disclosure.time));
  if (p.limit) {
    f["case limit"] = period_text(p.limit->period);
    if (p.limit->extension)
      f["case limit extension"] = period_text(p.limit->extension->period) + " approved by " + p.limit->extension->approved_by.name;
  }
  for (const auto& s : p.steps) {
    std::string k = "step " + s.id;
    f[k] = s.name.empty() ? std::string(to_string(s.kind)) : s.name;
    if (!s.post.empty()) f[k + " post"] = s.post.name;
    if (s.limit) f[k + " limit"] = period_text(s.limit);
    if (!s.suspends.empty()) f[k + " clock"] = "suspended: " + s.suspends;
    for (const auto& a : s.actions) f[k + " action " + a.name] = "-> " + a.to.name;
  }
  for (const auto& o : p.outcomes) f["outcome " + o.id] = o.name + " (" + to_string(o.kind) + ")";
  for (const auto& r : p.rights)
    f[fmt::format("right {} at {}", to_string(r.kind), r.step.name)] = period_text(r.window) + " " + r.article;
  for (const auto& ch : p.channels)
    f["channel " + ch.id] = fmt::format("{} {} {} deadline {}", to_string(ch.kind), ch.body, ch.contact, period_text(ch.deadline));
  for (const auto& sp : p.supervision) f["supervision at " + sp.step.name] = sp.body + " " + sp.channel + " " + sp.contact;
  return f;
}

}  // namespace

Served<std::vector<DeployedFile>> CaseService::deploy(const std::vector<std::string>& paths, const std::string& by,
                                                      Diagnostics& diags) {
  if (!is_utf8(by)) return CaseError{CaseError::bad_value, "the name given with --as is not valid UTF-8; type it again"};
  std::map<std::string, std::string> texts;  // every file read, by path: what is validated is what is stored
  FileReader reader = [&](const std::string& path, std::string* reason) {
    auto t = read_text_file(path, reason);
    if (t) texts[path] = *t;
    return t;
  };
  std::vector<SourceFile> sources;
  for (const auto& path : expand_paths(paths, diags)) {
    std::string reason;
    auto t = reader(path, &reason);
    if (!t) diags.error(path, {}, "io", "cannot read file: " + reason);
    else sources.push_back({path, *t});
  }
  if (diags.error_count() > 0) return fail(CaseError::bad_value, "nothing deployed: a file could not be read");
  Workspace ws = load_sources(sources, reader);
  diags.append(ws.diags);
  if (ws.diags.error_count() > 0) return fail(CaseError::bad_value, "nothing deployed: the files have errors");

  std::vector<DeployedFile> out;
  std::vector<std::int64_t> org_ids, definition_ids;
  Instant now = clock_.now();
  for (const auto& org : ws.organisations) {
    auto d = store_.deploy_organisation(org.name, texts[org.file], by, now);
    if (!d) return from_store(d.error());
    org_ids.push_back(d->id);
    out.push_back({org.file, "organisation", org.name, 0, d->created});
  }
  for (size_t i = 0; i < ws.processes.size(); ++i) {
    const Process& p = ws.processes[i];
    auto d = store_.deploy_definition(p.power.code, texts[p.file], org_ids.at(static_cast<size_t>(ws.process_organisation[i])), by, now);
    if (!d) return from_store(d.error());
    out.push_back({p.file, "process", p.power.code, d->version, d->created});
    definition_ids.push_back(d->id);
  }
  // Fill the definition cache now, so the first case of a new version needs no YAML. It loads
  // the stored texts as every later process does (the same file names in positions and messages);
  // best effort: a version that cannot be cached is loaded from its YAML when used.
  for (std::int64_t id : definition_ids) (void)compiled(id);
  return out;
}

Served<std::vector<DefinitionRecord>> CaseService::versions(const std::string& power) {
  auto v = store_.versions(power);
  if (!v) return from_store(v.error());
  if (v->empty()) return fail(CaseError::not_found, fmt::format("no deployed power '{}'", power));
  return *v;
}

Served<std::vector<std::string>> CaseService::diff(const std::string& power, int v1, int v2) {
  std::map<std::string, std::string> face[2];
  int numbers[2] = {v1, v2};
  for (int k = 0; k < 2; ++k) {
    auto def = store_.definition(power, numbers[k]);
    if (!def) {
      if (def.error().kind == StoreError::not_found)
        return fail(CaseError::not_found, fmt::format("power '{}' has no version {}", power, numbers[k]));
      return from_store(def.error());
    }
    auto cp = compiled(def->id);
    if (auto* e = std::get_if<CaseError>(&cp)) return *e;
    face[k] = public_face(std::get<std::shared_ptr<const CompiledProcess>>(cp)->process());
  }
  std::vector<std::string> lines;
  for (const auto& [key, value] : face[0]) {
    auto it = face[1].find(key);
    if (it == face[1].end()) lines.push_back(fmt::format("- {}: {}", key, value));
    else if (it->second != value) lines.push_back(fmt::format("~ {}: {} => {}", key, value, it->second));
  }
  for (const auto& [key, value] : face[1])
    if (!face[0].count(key)) lines.push_back(fmt::format("+ {}: {}", key, value));
  return lines;
}

}  // namespace sunlit
