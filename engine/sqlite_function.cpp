// Db::define_function: a C++ function callable from SQL (used by migrations).
#include <sqlite3.h>

#include "engine/sqlite.h"

namespace sunlit::sql {

namespace {

void call_text_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto fn = reinterpret_cast<Db::TextFunction>(sqlite3_user_data(ctx));
  std::vector<std::string> args;
  args.reserve(static_cast<size_t>(argc));
  for (int i = 0; i < argc; ++i) {
    const unsigned char* text = sqlite3_value_text(argv[i]);
    args.emplace_back(text ? reinterpret_cast<const char*>(text) : "", static_cast<size_t>(sqlite3_value_bytes(argv[i])));
  }
  try {
    std::string out = fn(args);
    sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::exception& e) {  // no exception crosses into SQLite's C frames
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

}  // namespace

Status Db::define_function(const char* name, int nargs, TextFunction fn) {
  if (!db_) return {Rc::other, SQLITE_MISUSE, "the database is not open"};
  int rc = sqlite3_create_function_v2(db_, name, nargs, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      reinterpret_cast<void*>(fn), &call_text_function, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return {};
  return {Rc::other, rc, sqlite3_errmsg(db_)};
}

}  // namespace sunlit::sql
