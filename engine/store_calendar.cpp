// Calendar files imported at run time (issue 4): append-only rows, read back in import order.
//
// The store keeps the text as given; callers check it with parse_calendar_file before importing
// (the table only insists on valid JSON). A corrected file is imported again: the newest wins.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

Result<Done> Store::import_calendar(const CalendarFileRecord& file) {
  const std::string what = "cannot import the calendar file " + file.source;
  if (file.source.empty()) return StoreError{StoreError::invalid, "a calendar file needs a source name"};
  if (file.local == file.year.has_value())
    return StoreError{StoreError::invalid,
                      fmt::format("calendar file {}: a national file has a year, a local override has none", file.source)};
  if (!nlohmann::json::accept(file.content))
    return StoreError{StoreError::invalid, fmt::format("calendar file {} is not valid JSON", file.source)};
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (s.ok()) {
    sql::Query q(db,
                 "INSERT INTO calendar_files (source, year, local, content, imported_at, imported_by) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q->bind(1, file.source);
    if (file.year) q->bind(2, static_cast<std::int64_t>(*file.year));
    else q->bind_null(2);
    q->bind(3, std::int64_t{file.local ? 1 : 0}).bind(4, file.content).bind(5, file.imported_at);
    q->bind(6, file.imported_by);
    s = q->run();
  }
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return Done{};
}

Result<std::vector<CalendarFileRecord>> Store::calendar_files() {
  sql::Query q(impl_->db,
               "SELECT id, source, year, local, content, imported_at, imported_by FROM calendar_files ORDER BY id");
  std::vector<CalendarFileRecord> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) {
    CalendarFileRecord r;
    r.id = q->int64(0);
    r.source = q->text(1);
    if (!q->is_null(2)) r.year = static_cast<int>(q->int64(2));
    r.local = q->int64(3) != 0;
    r.content = q->text(4);
    r.imported_at = q->int64(5);
    r.imported_by = q->text(6);
    out.push_back(std::move(r));
  }
  if (!s.ok()) return error_from(s, path_, "cannot read the imported calendar files");
  return out;
}

}  // namespace sunlit
