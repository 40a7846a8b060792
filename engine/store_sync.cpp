// Store::log_sync: the WAL's fdatasync for group commit (Durability::group).
#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

Result<Store::LogSync> Store::log_sync() {
  auto wal = std::make_shared<sql::WalSync>();
  sql::Status s = sql::WalSync::open(impl_->db, *wal);
  if (!s.ok()) return store_detail::error_from(s, path_, "cannot prepare group commit");
  return LogSync([wal, path = path_]() -> std::optional<StoreError> {
    sql::Status synced = wal->sync();
    if (synced.ok()) return std::nullopt;
    return StoreError{StoreError::io,
                      fmt::format("the change was written to {} but could not be made durable ({}); it may not "
                                  "survive a power loss",
                                  path, synced.message)};
  });
}

}  // namespace sunlit
