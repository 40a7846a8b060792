// WalSync: an fdatasync of a connection's write-ahead log from outside SQLite (see sqlite.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "engine/sqlite.h"

namespace sunlit::sql {
namespace {

Status os_error(const std::string& what, const std::string& path) {
  return {Rc::io, errno, what + " " + path + ": " + std::strerror(errno)};
}

// fsync of a directory, so that a file created in it keeps its name after a power loss.
Status sync_directory(const std::string& file) {
  std::string dir = std::filesystem::path(file).parent_path().string();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open the folder", dir);
  int rc = ::fsync(fd);
  Status s = rc == 0 ? Status{} : os_error("cannot sync the folder", dir);
  ::close(fd);
  return s;
}

}  // namespace

WalSync::WalSync(WalSync&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

WalSync& WalSync::operator=(WalSync&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

WalSync::~WalSync() {
  if (fd_ >= 0) ::close(fd_);
}

Status WalSync::open(const Db& db, WalSync& out) {
  WalSync w;
  w.path_ = db.wal_path();
  if (w.path_.empty()) return {Rc::other, 0, "no open database to sync the write-ahead log of"};
  Status s = w.open_path();
  if (s.ok()) out = std::move(w);
  return s;
}

Status WalSync::open_path() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) return os_error("cannot open the write-ahead log", path_);
  return sync_directory(path_);
}

Status WalSync::sync() {
  if (fd_ < 0) return {Rc::other, 0, "the write-ahead log is not open"};
  struct stat open_file {}, at_path {};
  if (::fstat(fd_, &open_file) != 0) return os_error("cannot read the write-ahead log", path_);
  if (::stat(path_.c_str(), &at_path) != 0 || at_path.st_ino != open_file.st_ino || at_path.st_dev != open_file.st_dev) {
    Status s = open_path();  // SQLite deleted or replaced it: sync the file now in use
    if (!s.ok()) return s;
  }
  if (::fdatasync(fd_) != 0) return os_error("cannot make the write-ahead log durable:", path_);
  return {};
}

}  // namespace sunlit::sql
