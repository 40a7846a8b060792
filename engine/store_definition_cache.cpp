// The definition cache (migration 007): derived, rebuildable bodies of loaded definition versions.
#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace {

// How long storing a body waits for another writer: it is an optimisation, so a busy database
// is skipped (the next process stores it) rather than waited for.
constexpr std::chrono::milliseconds kCacheWait{20};

}  // namespace

Result<std::optional<std::string>> Store::cached_definition(std::int64_t definition_id, int format) {
  sql::Query q(impl_->db, "SELECT body FROM definition_cache WHERE definition_id = ?1 AND format = ?2");
  q->bind(1, definition_id).bind(2, std::int64_t{format});
  sql::Status s = q->step();
  if (s.row()) return std::optional<std::string>(q->text(0));
  if (!s.ok()) return error_from(s, path_, "cannot read the definition cache");
  return std::optional<std::string>();
}

Result<Done> Store::cache_definition(std::int64_t definition_id, int format, std::string_view body) {
  const std::string what = fmt::format("cannot cache definition {}", definition_id);
  sql::Status s = impl_->db.busy_timeout(kCacheWait);
  std::optional<StoreError> failed;
  if (!s.ok()) failed = error_from(s, path_, what);
  else {
    sql::Transaction tx(impl_->db, kCacheWait);
    s = tx.begin();
    if (s.ok()) {
      sql::Query q(impl_->db,
                   "INSERT OR REPLACE INTO definition_cache (definition_id, format, body) "
                   "VALUES (?1, ?2, CAST(?3 AS BLOB))");
      q->bind(1, definition_id).bind(2, std::int64_t{format}).bind(3, body);
      s = q->run();
    }
    if (s.ok()) s = tx.commit();
    if (!s.ok()) failed = error_from(s, path_, what);
  }
  impl_->db.busy_timeout(impl_->options.busy_timeout);  // the caller's patience again for real writes
  if (failed) return *failed;
  return Done{};
}

Result<Done> Store::clear_definition_cache() {
  const std::string what = "cannot clear the definition cache";
  sql::Transaction tx(impl_->db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (s.ok()) s = impl_->db.exec("DELETE FROM definition_cache");
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return Done{};
}

}  // namespace sunlit
