// Store::backup_to: a consistent copy of the database in one statement (VACUUM INTO).
#include <filesystem>
#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

Result<Done> Store::backup_to(const std::string& path) {
  if (path.empty()) return StoreError{StoreError::invalid, "no backup path given"};
  std::error_code ec;
  if (std::filesystem::exists(path, ec) || ec)
    return StoreError{StoreError::invalid,
                      fmt::format("cannot back up to {}: the file already exists (choose a new file)", path)};
  sql::Statement q = impl_->db.prepare("VACUUM INTO ?1");
  q.bind(1, path);
  sql::Status s = q.run();
  if (!s.ok()) return store_detail::error_from(s, path_, fmt::format("cannot back up to {}", path));
  return Done{};
}

}  // namespace sunlit
