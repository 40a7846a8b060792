// Deployment: organisations and definitions as immutable, content-addressed versions.
#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace {

// "sha1:<40 hex digits>" of the exact text (content identity, not security).
std::string content_hash(const std::string& text) {
  boost::uuids::detail::sha1 sha;
  sha.process_bytes(text.data(), text.size());
  unsigned int digest[5] = {};
  sha.get_digest(digest);
  return fmt::format("sha1:{:08x}{:08x}{:08x}{:08x}{:08x}", digest[0], digest[1], digest[2], digest[3], digest[4]);
}

const std::string kDefinitionColumns =
    "id, power_code, version, content_hash, yaml, organisation_id, deployed_at, deployed_by";

DefinitionRecord read_definition(const sql::Statement& st) {
  return {st.int64(0), st.text(1), static_cast<int>(st.int64(2)), st.text(3), st.text(4),
          st.int64(5), st.int64(6), st.text(7)};
}

// Runs a query expected to give at most one definition.
Result<DefinitionRecord> one_definition(sql::Statement& st, const std::string& path, StoreError missing) {
  sql::Status s = st.step();
  if (s.row()) return read_definition(st);
  if (!s.ok()) return error_from(s, path, "cannot read the deployed definitions");
  return missing;
}

}  // namespace

Result<Deployed> Store::deploy_organisation(const std::string& name, const std::string& yaml, const std::string& by,
                                            Instant at) {
  const std::string what = "cannot deploy organisation '" + name + "'";
  const std::string hash = content_hash(yaml);
  sql::Transaction tx(impl_->db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (!s.ok()) return error_from(s, path_, what);
  {
    sql::Query q(impl_->db, "SELECT id FROM organisations WHERE name = ?1 AND content_hash = ?2");
    q->bind(1, name).bind(2, hash);
    s = q->step();
    if (s.row()) return Deployed{q->int64(0), 0, false};
    if (!s.ok()) return error_from(s, path_, what);
  }
  sql::Query ins(impl_->db,
                 "INSERT INTO organisations (name, content_hash, yaml, deployed_at, deployed_by) "
                 "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
  ins->bind(1, name).bind(2, hash).bind(3, yaml).bind(4, at).bind(5, by);
  s = ins->step();
  if (!s.row()) return error_from(s, path_, what);
  Deployed done{ins->int64(0), 0, true};
  if (s = ins->run(); s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return done;
}

Result<Deployed> Store::deploy_definition(const std::string& power_code, const std::string& yaml,
                                          std::int64_t organisation_id, const std::string& by, Instant at) {
  const std::string what = "cannot deploy power " + power_code;
  const std::string hash = content_hash(yaml);
  sql::Transaction tx(impl_->db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (!s.ok()) return error_from(s, path_, what);
  auto org = organisation_by_id(organisation_id);
  if (!org) return org.error();
  {
    sql::Query q(impl_->db, "SELECT id, version FROM definitions WHERE power_code = ?1 AND content_hash = ?2");
    q->bind(1, power_code).bind(2, hash);
    s = q->step();
    if (s.row()) return Deployed{q->int64(0), static_cast<int>(q->int64(1)), false};
    if (!s.ok()) return error_from(s, path_, what);
  }
  sql::Query ins(impl_->db,
                 "INSERT INTO definitions (power_code, version, content_hash, yaml, organisation_id, deployed_at, "
                 "deployed_by) SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4, ?5, ?6 "
                 "FROM definitions WHERE power_code = ?1 RETURNING id, version");
  ins->bind(1, power_code).bind(2, hash).bind(3, yaml).bind(4, organisation_id).bind(5, at).bind(6, by);
  s = ins->step();
  if (!s.row()) return error_from(s, path_, what);
  Deployed done{ins->int64(0), static_cast<int>(ins->int64(1)), true};
  if (s = ins->run(); s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return done;
}

Result<std::vector<DefinitionRecord>> Store::versions(const std::string& power_code) {
  sql::Query q(impl_->db, "SELECT " + kDefinitionColumns + " FROM definitions WHERE power_code = ?1 ORDER BY version");
  q->bind(1, power_code);
  std::vector<DefinitionRecord> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back(read_definition(*q));
  if (!s.ok()) return error_from(s, path_, "cannot list the versions of power " + power_code);
  if (out.empty()) return StoreError{StoreError::not_found, "no version of power " + power_code + " is deployed"};
  return out;
}

Result<DefinitionRecord> Store::definition(const std::string& power_code, int version) {
  sql::Query q(impl_->db,
               "SELECT " + kDefinitionColumns + " FROM definitions WHERE power_code = ?1 AND version = ?2");
  q->bind(1, power_code).bind(2, std::int64_t{version});
  return one_definition(*q, path_,
                        {StoreError::not_found, fmt::format("power {} has no deployed version {}", power_code, version)});
}

Result<DefinitionRecord> Store::latest(const std::string& power_code) {
  sql::Query q(impl_->db, "SELECT " + kDefinitionColumns +
                              " FROM definitions WHERE power_code = ?1 ORDER BY version DESC LIMIT 1");
  q->bind(1, power_code);
  return one_definition(*q, path_, {StoreError::not_found, "no version of power " + power_code + " is deployed"});
}

Result<DefinitionRecord> Store::definition_by_id(std::int64_t id) {
  sql::Query q(impl_->db, "SELECT " + kDefinitionColumns + " FROM definitions WHERE id = ?1");
  q->bind(1, id);
  return one_definition(*q, path_, {StoreError::not_found, fmt::format("no deployed definition has id {}", id)});
}

Result<std::vector<std::int64_t>> Store::organisation_ids() {
  sql::Query q(impl_->db, "SELECT DISTINCT organisation_id FROM definitions ORDER BY organisation_id");
  std::vector<std::int64_t> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back(q->int64(0));
  if (!s.ok()) return error_from(s, path_, "cannot list the organisations");
  return out;
}

Result<OrganisationRecord> Store::organisation_by_id(std::int64_t id) {
  sql::Query q(impl_->db,
               "SELECT id, name, content_hash, yaml, deployed_at, deployed_by FROM organisations WHERE id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  if (s.row()) return OrganisationRecord{q->int64(0), q->text(1), q->text(2), q->text(3), q->int64(4), q->text(5)};
  if (!s.ok()) return error_from(s, path_, "cannot read the deployed organisations");
  return StoreError{StoreError::not_found, fmt::format("no deployed organisation has id {}", id)};
}

}  // namespace sunlit
