// The compiled definition of a stored version: from memory, else from the definition cache (no
// YAML, no validation), else from the stored YAML, loaded and validated, which refills the cache.
#include <fmt/format.h>

#include "engine/compiler.h"
#include "engine/definition_codec.h"
#include "engine/service.h"
#include "engine/validator.h"
#include "engine/workspace.h"

namespace sunlit {

namespace {

CaseError fail(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

}  // namespace

Served<std::shared_ptr<const CompiledProcess>> CaseService::compiled(std::int64_t definition_id) {
  if (auto it = cache_.find(definition_id); it != cache_.end()) return it->second;
  // A stored version is immutable and was validated when deployed: its cached body is enough.
  // A row that cannot be read or decoded is a miss, never an error: the YAML is the truth.
  auto body = store_.cached_definition(definition_id, kDefinitionCodecFormat);
  if (body && *body) {
    if (auto loaded = decode_definition(**body)) {
      auto cp = compile(loaded->process, loaded->organisation);
      cache_.emplace(definition_id, cp);
      return cp;
    }
  }
  auto def = store_.definition_by_id(definition_id);
  if (!def) return from_store(def.error());
  auto org = store_.organisation_by_id(def->organisation_id);
  if (!org) return from_store(org.error());
  std::string name = fmt::format("{}@v{}.yaml", def->power_code, def->version);
  Workspace ws = load_sources({{name, def->yaml}, {org->name + ".org.yaml", org->yaml}});
  if (ws.processes.size() != 1 || ws.organisations.size() != 1 || !stored_version_runs(ws.diags))
    return fail(CaseError::storage, fmt::format("stored definition {} version {} no longer validates:\n{}",
                                                def->power_code, def->version, ws.diags.render()));
  auto cp = compile(ws.processes.front(), ws.organisations.front());
  // Best effort: a busy or read-only database keeps no row, and the next process tries again.
  (void)store_.cache_definition(definition_id, kDefinitionCodecFormat,
                                encode_definition(ws.processes.front(), ws.organisations.front()));
  cache_.emplace(definition_id, cp);
  return cp;
}

std::optional<CaseError> CaseService::clear_compiled() {
  cache_.clear();
  auto cleared = store_.clear_definition_cache();
  if (!cleared) return from_store(cleared.error());
  return std::nullopt;
}

}  // namespace sunlit
